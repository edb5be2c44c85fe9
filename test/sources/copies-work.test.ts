// Telling copies among many logs of one size (fixed-size splits, chunks of like events) reads each about once: only
// files alike in size and in their first and last 64 KB are compared byte for byte, and a compressed one is inflated
// to its end only against a text that begins as its own does. Counted by the files the
// comparisons open (two each), not timed: 1,000 such logs took 51 s when each was compared with every other.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { readInputs } from '../../src/sources/copies.js';
import { AUDIT2RBAC_V1, scratchDir } from '../helpers/fixtures.js';

const opened = vi.hoisted(() => ({ streams: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const createReadStream: typeof fs.createReadStream = (...args) => (opened.streams++, fs.createReadStream(...args));
  return { ...fs, createReadStream };
});

const dir = scratchDir('copies-work');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
};
/** A real event of the fixture, its auditID to be replaced by one as long. */
const event = readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n')[0]!;
const auditID = (JSON.parse(event) as { auditID: string }).auditID;
const idOf = (n: number): string => `${String(n).padStart(8, '0')}${auditID.slice(8)}`;

/** A log of `events` copies of the event, each with its own auditID from `first` on: of one size whatever `first`. */
function logOf(first: number, events: number, filler = ''): string {
  const lines = Array.from({ length: events }, (_, i) => event.replace(auditID, idOf(first + i)));
  return [...lines.slice(0, events / 2), ...(filler ? [filler] : []), ...lines.slice(events / 2)].join('\n') + '\n';
}

/** The copies readInputs finds, and the files it streams: two for each comparison, one for a .gz's first 64 KB. */
async function counted(files: string[]): Promise<{ copies: Array<{ file: string; sameAs: string }>; streamed: number }> {
  opened.streams = 0;
  const { copies } = await readInputs(files);
  return { copies, streamed: opened.streams };
}

describe('copies among many logs of one size', () => {
  it('compares no two logs of one size whose ends differ, and still finds the copies among them', async () => {
    const files = Array.from({ length: 300 }, (_, n) => write(`split/part-${String(n).padStart(4, '0')}.log`, logOf(n * 20, 20)));
    const sizes = new Set(files.map((f) => readFileSync(f).length));
    expect(sizes.size).toBe(1);
    expect(await counted(files)).toEqual({ copies: [], streamed: 0 });
    // Two copies among them: one comparison each, with the log they copy.
    const copyA = write('split/copy-a.log', readFileSync(files[7]!));
    const copyB = write('split/copy-b.log', readFileSync(files[250]!));
    expect(await counted([...files, copyA, copyB])).toEqual({
      copies: [
        { file: copyA, sameAs: files[7]! },
        { file: copyB, sameAs: files[250]! },
      ],
      streamed: 2 * 2,
    });
  });

  it('compares logs alike at both ends byte for byte: another log differing only between them is no copy', async () => {
    // Over 2 × 64 KB, with the same 64 KB at each end and a filler line of its own in the middle.
    const ends = logOf(0, 400);
    expect(ends.length).toBeGreaterThan(2 * 64 * 1024);
    const filler = (c: string): string => c.repeat(200);
    const a = write('middle/a.log', logOf(0, 400, filler('a')));
    const b = write('middle/b.log', logOf(0, 400, filler('b')));
    const aCopy = write('middle/a-copy.log', readFileSync(a));
    const { ids } = await readInputs([a, b]);
    expect(ids.get(a)).toEqual(ids.get(b));
    // b against a (no copy), a-copy against a (a copy): two comparisons, not one more against b.
    expect(await counted([a, b, aCopy])).toEqual({ copies: [{ file: aCopy, sameAs: a }], streamed: 2 * 2 });
  });

  it('inflates each of many .gz logs of one text size once, for its first 64 KB, and to the end only against a text beginning alike', async () => {
    const files = Array.from({ length: 100 }, (_, n) => write(`gz/part-${String(n).padStart(4, '0')}.log.gz`, gzipSync(logOf(n * 20, 20))));
    // The plain text of one of them, given first: that .gz is its copy.
    const plain = write('gz/part-0042.log', gunzipSync(readFileSync(files[42]!)));
    // Each .gz streamed once for its first 64 KB, and two files for the one comparison to the end.
    expect(await counted([plain, ...files])).toEqual({ copies: [{ file: files[42]!, sameAs: plain }], streamed: files.length + 2 });
  });
});
