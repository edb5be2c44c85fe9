// Inflating gzip or zstd input, keeping every line that came before damage in it.
// zlib's stream inflates in 1 MB steps, but the step that meets damaged data (or bytes after the gzip data that are
// not gzip, or the end of a cut file) is lost with its output, and so is output not yet read when the stream breaks:
// on a small file, everything. zcat hands on all it inflated before the damage; so does this. A file that breaks is
// inflated again from its start, in whole pieces up to where the failing step began, then a few KB at a time to
// find the damage, then (a third time) a byte at a time up to it. That costs two more inflations of the file, only
// when it is damaged. Stdin cannot be read again: there, what the broken step held is lost (and the message says so).
// zstd goes the same way, but its blocks (up to 128 KB of text) come out whole or not at all: the block the damage
// is in is lost even so (the message says that too).
import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, type Gunzip, type ZstdDecompress } from 'node:zlib';
import { zstdInflater, type Compression } from './compression.js';

/** Bytes per piece of inflated output. */
export const INFLATE_CHUNK = 1 << 20;

/** Errors that mean damaged or cut data (anything else, a read error, is not inflated again). */
const isDamage = (code: string | undefined): boolean => code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || (code?.startsWith('ZSTD_error_') ?? false);

/**
 * Damage met on stdin in the middle of a step: that step's output (up to INFLATE_CHUNK) is lost, and the lines read
 * do not reach the damage. (A cut gzip breaks at the end, after every step's output was handed on.) `compression`:
 * what was being inflated, for the message.
 */
export interface InflateError extends NodeJS.ErrnoException {
  lostOnStdin?: boolean;
  compression?: Compression;
}

/** An inflating stream (the caller knows zstd is there: zstdInflater()). */
function inflater(compression: Compression): Gunzip | ZstdFrames {
  // 1 MB output chunks, not zlib's 16 KB: inflate runs ahead of the parser on its own thread, and far fewer
  // buffers and lines cut across them (measured on 1 GB of log: 6.9 s with the default, 3.0 s with this).
  return compression === 'gzip' ? createGunzip({ chunkSize: INFLATE_CHUNK }) : new ZstdFrames();
}

/**
 * zstd of any number of frames, as zstd -dc reads it (pzstd writes several; so does cat of .zst files). Node's
 * inflater ends at the end of the frame that ends inside a write, dropping the rest of it: the frames after it were
 * lost without a word, or the next write met "Unknown frame descriptor" in the middle of a frame and called the file
 * corrupt. Each frame gets an inflater of its own here, given the input from where the last one stopped.
 * bytesWritten counts the input of every frame, as one inflater's does.
 */
class ZstdFrames extends Transform {
  private z: ZstdDecompress | null = null;
  /** Input of the frames ended. */
  private done = 0;

  get bytesWritten(): number {
    return this.done + (this.z?.bytesWritten ?? 0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.feed(chunk).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    const z = this.z;
    if (z === null) return callback();
    z.end();
    finished(z).then(() => callback(), callback);
  }

  override _read(size: number): void {
    // The reader wants more: the frame's inflater goes on (paused while it ran ahead of the reader).
    this.z?.resume();
    super._read(size);
  }

  private async feed(chunk: Buffer): Promise<void> {
    while (chunk.length > 0) {
      const z = (this.z ??= this.frame());
      const before = z.bytesWritten;
      // The inflater's own error, with its code (damage, a cut), rather than what a write to it after says.
      // Taken off after: one left per write was Node's MaxListenersExceededWarning past 10 writes of a frame.
      let reject!: (err: Error) => void;
      const failed = new Promise<never>((_, r) => (reject = r));
      z.once('error', reject);
      try {
        await Promise.race([new Promise<void>((resolve, reject) => z.write(chunk, (err) => (err ? reject(err) : resolve()))), failed]);
        if (z.bytesWritten - before === chunk.length) return;
        // The frame ended inside this write: its output is all out once it ends; the rest is the next frame's.
        await Promise.race([finished(z, { writable: false }), failed]);
      } finally {
        z.off('error', reject);
      }
      const used = z.bytesWritten - before;
      this.done += z.bytesWritten;
      this.z = null;
      z.destroy();
      chunk = chunk.subarray(used);
    }
  }

  private frame(): ZstdDecompress {
    const z = zstdInflater()!({ chunkSize: INFLATE_CHUNK });
    // Its error reaches feed (failed, or the write's callback) or _flush (finished): this one only keeps an 'error'
    // that comes after the callback has said it from being thrown, once feed has taken its own listener off.
    z.on('error', () => {});
    z.on('data', (b: Buffer) => {
      if (!this.push(b)) z.pause();
    });
    return z;
  }
}

/** Pieces of compressed input in, inflated pieces out. `file` is where to read the input again; null for stdin. */
export async function* inflate(pieces: AsyncIterable<Buffer>, file: string | null, compression: Compression): AsyncGenerator<Buffer> {
  const z = inflater(compression);
  const source = Readable.from(pieces);
  let given = 0;
  try {
    for await (const out of source.pipe(z)) {
      given += out.length;
      yield out;
    }
    return;
  } catch (err) {
    source.destroy(); // closes the file
    const code = (err as NodeJS.ErrnoException).code;
    if (isDamage(code)) (err as InflateError).compression = compression;
    if (file === null && isDamage(code) && code !== 'Z_BUF_ERROR') (err as InflateError).lostOnStdin = true;
    if (file === null || !isDamage(code)) throw err;
    // zlib counts the input of its steps that succeeded: the failing one began there.
    let r = yield* replay(file, z.bytesWritten, 4096, given, compression);
    if (r.failedAt !== null && !r.atEnd) r = yield* replay(file, r.failedAt, 1, r.produced, compression);
    // (Inflated whole the second time: the file changed under us. What was read stands.)
    if (r.error) throw Object.assign(r.error, { compression });
  }
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
        if (failed.error) return { produced, failedAt: at, atEnd: false, error: failed.error };
        yield* take();
        i += n;
        at += n;
      }
    }
    // The end's callback comes before the error of a cut file does: wait for the stream to close.
    z.end();
    await finished(z).catch(() => undefined);
    yield* take();
    return { produced, failedAt: failed.error ? at : null, atEnd: true, error: failed.error };
  } finally {
    input.destroy();
    z.destroy();
  }
}
