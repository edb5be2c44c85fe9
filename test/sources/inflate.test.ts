// Inflating is left early when its reader has read enough (copies.ts tells two .gz logs apart by their first bytes).
// Its input is closed then, not left with a read pending that fails, with no one listening, when the reader closes
// the file: analyze stopped now and then with ERR_STREAM_PREMATURE_CLOSE on two .gz logs of one text size.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { inflate } from '../../src/sources/inflate.js';
import { AUDIT2RBAC_V1 } from '../helpers/fixtures.js';

/** The first half of `data`, then a read that waits, as a file not yet read to its end; `closed` once it is closed. */
function halfRead(data: Buffer): { input: AsyncIterable<Buffer>; closed: () => boolean } {
  let closed = false;
  let given = false;
  const iterator: AsyncIterator<Buffer> = {
    next: () => (given ? new Promise<never>(() => undefined) : ((given = true), Promise.resolve({ value: data.subarray(0, data.length / 2), done: false }))),
    return: () => ((closed = true), Promise.resolve({ value: undefined, done: true })),
  };
  return { input: { [Symbol.asyncIterator]: () => iterator }, closed: () => closed };
}

it('left after its first piece, inflating closes its input though a read of it is pending', async () => {
  const log = readFileSync(AUDIT2RBAC_V1);
  const { input, closed } = halfRead(gzipSync(log));
  const text = inflate(input, null, 'gzip');
  const first = await text.next();
  expect(first.done).toBe(false);
  expect(first.value!.length).toBeGreaterThan(0);
  expect(first.value).toEqual(log.subarray(0, first.value!.length));
  expect(closed()).toBe(false);
  await text.return(undefined);
  await new Promise((resolve) => setImmediate(resolve));
  expect(closed()).toBe(true);
});
