// Inflating gzip or zstd input, keeping every line that came before damage in it.
// zlib inflates in 1 MB steps, and the step that meets damaged data is lost with its output, and so is output not yet
// read when the stream breaks: on a small file, everything. zcat hands on all it inflated before the damage; so does
// this. A file that breaks is inflated again from its start, in whole pieces up to where the failing step began, then a
// few KB at a time to find the damage, then (a third time) a byte at a time up to it. That costs two more inflations of
// the file, only when it is damaged. Stdin cannot be read again: there, what the broken step held is lost (and the
// message says so). The end of the compressed data loses nothing (members.ts): a cut, a gzip trailer that does not
// match, bytes after it that are no gzip member; plain text after it is read (cat of a .gz log and a plain one).
// zstd goes the same way, but its blocks (up to 128 KB of text) come out whole or not at all: the block the damage
// is in is lost even so (the message says that too).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { compressionOf, type Compression } from './compression.js';
import { inflater, type InflateError } from './members.js';

/** Errors that mean damaged or cut data (anything else, a read error, is not inflated again). */
const isDamage = (code: string | undefined): boolean => code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || (code?.startsWith('ZSTD_error_') ?? false);

/**
 * Pieces of compressed input in, inflated pieces out. `file` is where to read the input again; null for stdin.
 * `onPlain`: plain text follows the compressed data, from this byte of the input on; it is handed on after it.
 */
export async function* inflate(pieces: AsyncIterable<Buffer>, file: string | null, compression: Compression, onPlain?: (at: number) => void): AsyncGenerator<Buffer> {
  const z = inflater(compression, onPlain);
  const source = Readable.from(pieces);
  let given = 0;
  let failure: InflateError;
  try {
    for await (const out of source.pipe(z)) {
      given += out.length;
      yield out;
    }
    if (z.failure === null) return;
    failure = z.failure;
  } catch (err) {
    failure = err as InflateError;
  } finally {
    // Closes the file; also when the caller leaves early (a copy told from another by its first bytes): else a read
    // still pending on the file, cut off when the caller closes it, fails on this stream with no one listening.
    source.destroy();
  }
  const code = failure.code;
  if (!isDamage(code)) throw failure;
  failure.compression = compression;
  // Met where every byte inflated before it was handed on: nothing lost, nothing to inflate again.
  if (failure.whole) throw failure;
  if (file === null) {
    if (code !== 'Z_BUF_ERROR') failure.lostOnStdin = true;
    throw failure;
  }
  // zlib counts the input of its steps that succeeded: the failing one began there.
  let r = yield* replay(file, z.bytesWritten, 4096, given, compression);
  if (r.failedAt !== null && !r.atEnd) r = yield* replay(file, r.failedAt, 1, r.produced, compression);
  // (Inflated whole the second time: the file changed under us. What was read stands.)
  if (r.error) throw Object.assign(r.error, { compression });
}

interface Replay {
  /** Output bytes handed on or skipped. */
  produced: number;
  /** Where the write that failed began in the input; null if none did. */
  failedAt: number | null;
  /** It failed at the end of the input (cut short), not on a piece of it. */
  atEnd: boolean;
  error: Error | null;
}

/**
 * Inflate `file` again from its start: the input up to `wholeUntil` in the pieces it is read in, then `step` bytes
 * at a time; hand on the output past the first `skip` bytes as each write is inflated. The write that fails loses
 * only its own output.
 */
async function* replay(file: string, wholeUntil: number, step: number, skip: number, compression: Compression): AsyncGenerator<Buffer, Replay> {
  const z = inflater(compression);
  const out: Buffer[] = [];
  const failed: { error: Error | null } = { error: null };
  let broke!: () => void;
  const broken = new Promise<void>((resolve) => (broke = resolve));
  // Flowing: a write's output comes as 'data' before its callback, and nothing waits unread when a write fails.
  z.on('data', (b: Buffer) => out.push(b));
  z.on('error', (e) => {
    failed.error = e;
    broke();
  });
  // A write's callback may come with the error before the 'error' event does.
  const done = (fn: (cb: (err?: Error | null) => void) => void): Promise<void> =>
    Promise.race([
      new Promise<void>((resolve) =>
        fn((err) => {
          failed.error ??= err ?? null;
          resolve();
        }),
      ),
      broken,
    ]);
  let produced = 0;
  let at = 0;
  function* take(): Generator<Buffer> {
    for (const b of out.splice(0)) {
      if (produced + b.length > skip) yield produced >= skip ? b : b.subarray(skip - produced);
      produced += b.length;
    }
  }
  // Small pieces, so that one write's output (up to 1032 times its size in gzip) stays small.
  const input = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    for await (const piece of input as AsyncIterable<Buffer>) {
      for (let i = 0; i < piece.length; ) {
        const n = at < wholeUntil ? Math.min(piece.length - i, wholeUntil - at) : Math.min(step, piece.length - i);
        await done((cb) => z.write(piece.subarray(i, i + n), cb));
        failed.error ??= z.failure;
        if (failed.error) return { produced, failedAt: at, atEnd: false, error: failed.error };
        yield* take();
        i += n;
        at += n;
      }
    }
    // The end's callback comes before the error of a cut file does: wait for the stream to close.
    z.end();
    await finished(z).catch(() => undefined);
    failed.error ??= z.failure;
    yield* take();
    return { produced, failedAt: failed.error ? at : null, atEnd: true, error: failed.error };
  } finally {
    input.destroy();
    z.destroy();
  }
}

/**
 * A regular file's text, read again after the reading proper or before it (to date a log, to quote a line), inflated
 * if it is gzip or zstd: its pieces, and what ends the reading. Null for what cannot be read twice (stdin, a FIFO:
 * opening it took its writer's data; a device) or at all. `pieceBytes`: the size of the reads.
 */
export async function fileText(file: string, pieceBytes?: number): Promise<{ pieces: AsyncIterable<Buffer>; close: () => void } | null> {
  if (file === '-' || !(await stat(file).catch(() => null))?.isFile()) return null;
  const fd = await open(file, 'r').catch(() => null);
  if (fd === null) return null;
  let magic: Buffer;
  try {
    const { bytesRead, buffer } = await fd.read(Buffer.alloc(16), 0, 16, 0);
    magic = buffer.subarray(0, bytesRead);
  } catch {
    return null;
  } finally {
    await fd.close();
  }
  const compression = compressionOf(magic);
  const stream = createReadStream(file, pieceBytes === undefined ? {} : { highWaterMark: pieceBytes });
  return { pieces: compression === null ? stream : inflate(stream, null, compression), close: () => stream.destroy() };
}
