// A log given twice under two names (a copy beside it, an unpacked artifact of it) is read as given, so its requests
// count again: analyze says so, naming both files. Files that only share a size, or differ in their last byte, are not
// copies.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { copyWarning, findCopies } from '../../src/sources/copies.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('copies');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
};

describe('copies among the logs given', () => {
  it('finds byte-for-byte copies, plain and gzip, and nothing that only shares a size', async () => {
    const log = readFileSync(AUDIT2RBAC_2017);
    const a = write('a/audit.log', log);
    const bak = write('a/audit.log.bak', log);
    // The same size, its last byte changed: another log.
    const edited = Buffer.from(log);
    edited[edited.length - 2] = edited[edited.length - 2] === 0x7d ? 0x20 : 0x7d;
    const other = write('a/edited.log', edited);
    const gz = write('b/audit.log.gz', gzipSync(log));
    const gzCopy = write('b/artifact/audit.log.gz', readFileSync(gz));
    const v1 = write('b/v1.log', readFileSync(AUDIT2RBAC_V1));
    expect(await findCopies([a, other, v1, gz, bak, '-', gzCopy])).toEqual([
      { file: bak, sameAs: a },
      { file: gzCopy, sameAs: gz },
    ]);
    expect(await findCopies([a, other, v1, gz])).toEqual([]);
  });

  it('analyze warns of a copy and still counts it as given', async () => {
    const log = readFileSync(AUDIT2RBAC_2017);
    const a = write('c/audit.log', log);
    const copy = write('c/audit-copy.log', log);
    const opts = { kubernetesVersion: '1.36', conformance: 'none' as const, selection: { includeSystem: true } };
    const warnings: string[] = [];
    const once = await analyzeLogs({ logs: [a], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('same contents'))).toEqual([]);
    const both = await analyzeLogs({ logs: [path.join(dir, 'c')], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('same contents'))).toEqual([copyWarning({ file: a, sameAs: copy })]);
    expect(warnings).toContain(`${a} has the same contents as ${copy}: its requests are counted again (leave one out if it is a copy)`);
    expect(both.summary.requests).toBe(2 * once.summary.requests);
  });
});
