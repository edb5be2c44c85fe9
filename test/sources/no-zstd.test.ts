// On a Node.js without zstd (before 22.15 / 23.8), a zstd input is one entry saying so and what to do, in both
// readers, and the other inputs still count. The inflater is taken away here as such a Node lacks it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, zstdCompressSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Analysis } from '../../src/engine/analysis.js';
import type { Spec } from '../../src/engine/spec.js';
import { readAuditInput } from '../../src/sources/audit-files.js';
import { noZstdMessage } from '../../src/sources/compression.js';
import { analyzeInParallel } from '../../src/sources/parallel.js';
import { loadSpecFile } from '../../src/sources/specs.js';
import { AUDIT2RBAC_2017, loadFixtureSpec, readLines, scratchDir, specPath } from '../helpers/fixtures.js';

vi.mock('../../src/sources/compression.js', async (original) => ({ ...(await original<typeof import('../../src/sources/compression.js')>()), zstdInflater: () => null }));

const dir = scratchDir('no-zstd');
let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.13');
});

describe('zstd on a Node.js that cannot inflate it', () => {
  it('is one entry at line 1 naming the Node.js and the way round it; the log given with it counts, on one thread and in ranges', async () => {
    const file = path.join(dir, 'audit.log.zst');
    writeFileSync(file, zstdCompressSync(readLines(AUDIT2RBAC_2017).join('\n') + '\n'));
    const message = noZstdMessage(file);
    expect(message).toBe(
      `zstd-compressed: this Node.js (${process.versions.node}) cannot inflate zstd (Node.js 22.15 or later can); decompress it first (zstd -dc ${file} > ${path.join(dir, 'audit.log')}) and give ${path.join(dir, 'audit.log')}, or use Node.js 22.15 or later`,
    );
    const one = new Analysis({ spec });
    const stats = [];
    for (const f of [file, AUDIT2RBAC_2017]) {
      one.input(f);
      stats.push(await readAuditInput(f, one));
    }
    const report = one.finish();
    expect(report.invalid).toEqual([{ file, line: 1, message }]);
    expect(report.summary).toMatchObject({ events: 757, invalidLines: 1 });
    expect(stats[0]).toMatchObject({ lines: 0, invalid: 1, warnings: [] });
    const inRanges = new Analysis({ spec });
    const outcome = await analyzeInParallel({ files: [file, AUDIT2RBAC_2017], workers: 0, fast: true, analysis: inRanges, spec, rangeBytes: 16 << 10 });
    expect(outcome.exact).toBe(true);
    expect(inRanges.finish()).toStrictEqual(report);
  });

  it('a zstd spec or coverage file is refused in the same words, with the JSON file to give', async () => {
    const file = path.join(dir, 'swagger-1.13.json.zst');
    writeFileSync(file, zstdCompressSync(gunzipSync(readFileSync(specPath('1.13')))));
    const plain = path.join(dir, 'swagger-1.13.json');
    expect(noZstdMessage(file, 'json')).toBe(
      `zstd-compressed: this Node.js (${process.versions.node}) cannot inflate zstd (Node.js 22.15 or later can); decompress it first (zstd -dc ${file} > ${plain}) and give ${plain}, or use Node.js 22.15 or later`,
    );
    await expect(loadSpecFile(file)).rejects.toThrow(`${file}: ${noZstdMessage(file, 'json')}`);
  });
});
