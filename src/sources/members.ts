// gzip members and zstd frames, one after another, and what follows the last of them. Node's inflaters cannot say
// where compressed data ends: its Gunzip goes on at the end of a member only into another member, and bytes that are
// not one (the plain log after `cat audit.log.1.gz audit.log`) fail the step that held them, losing up to 1 MB of
// lines already inflated; from stdin, which is not read twice, for good. Here each member (frame) gets an inflater of
// its own, whose end is seen (a raw inflater for gzip's deflate data, its header and trailer read here), so that the
// byte where compressed data ends is known: plain text from there is handed on as it is, after what was inflated.
import { Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib, { type InflateRaw, type ZstdDecompress } from 'node:zlib';
import { afterMember, zstdInflater, type Compression } from './compression.js';

/** Bytes per piece of inflated output. */
export const INFLATE_CHUNK = 1 << 20;

/**
 * A failure met while inflating. `compression`: what was being inflated, for the message. `lostOnStdin`: met on stdin
 * in the middle of a step, whose output (up to INFLATE_CHUNK) is lost. `whole`: met where every byte inflated before
 * it was handed on (a gzip trailer, bytes after the compressed data): nothing to inflate again.
 */
export interface InflateError extends NodeJS.ErrnoException {
  lostOnStdin?: boolean;
  compression?: Compression;
  whole?: boolean;
}

/** zlib's own error for damaged (Z_DATA_ERROR) or cut (Z_BUF_ERROR) gzip, in its words, met here. */
function zlibError(message: string, cut = false): InflateError {
  return Object.assign(new Error(message), { code: cut ? 'Z_BUF_ERROR' : 'Z_DATA_ERROR', errno: cut ? -5 : -3, whole: true });
}

/** The error of bytes after the compressed data that are neither more of it nor text: zlib's (zstd's) words for them. */
function notMoreError(compression: Compression): InflateError {
  if (compression === 'gzip') return zlibError('incorrect header check');
  return Object.assign(new Error('Unknown frame descriptor'), { code: 'ZSTD_error_prefix_unknown', whole: true });
}

const UNEXPECTED_END = 'unexpected end of file';

/** An inflater of one member's (frame's) data: zlib's InflateRaw, or its zstd inflater. */
type Inner = InflateRaw | ZstdDecompress;

/**
 * Compressed input in, its text out, member after member; then plain text after them, as it is. `failure`: what
 * stopped it. It is said once every output byte before it is read (inflate), not as a stream error, which drops the
 * output not yet read. `bytesWritten` counts the input inflated, as one zlib inflater's does.
 */
abstract class Members extends Transform {
  failure: InflateError | null = null;
  protected inner: Inner | null = null;
  /** Input of the members ended, and of the headers and trailers read. */
  protected done = 0;
  private inMember = false;
  /** Bytes after a member, gathered until they tell what follows it. */
  private after: Buffer | null = null;
  /** zeros: in a run of zero bytes after a member (padding if the input ends in it, a plain log's NULs if text follows). */
  private state: 'compressed' | 'zeros' | 'plain' = 'compressed';
  /** Zero bytes after the last member, before what follows them. */
  private zeros = 0;
  /** The inflater of the member that ended last, kept to be reset for the next (gzip): see reusable. */
  private spare: Inner | null = null;
  /** The inner inflater's bytesWritten when its member began (one inflater inflates member after member). */
  private base = 0;
  /**
   * Output inflated while a piece of input is being read, not yet handed on: adjacent pieces of the inflater's output
   * buffer, handed on as one when the piece is read (as Gunzip hands on a write's output, across members). A piece
   * per member of 64 KB of text cost the line reader 20% more CPU than Gunzip's.
   */
  private pending: Buffer | null = null;
  private feeding = false;
  /** The last byte handed on (a newline before any: nothing to end). */
  private last = 10;

  constructor(
    private readonly compression: Compression,
    /** Plain text follows the compressed data, from this input byte on. */
    private readonly onPlain?: (at: number) => void,
    /**
     * One inflater for every member, reset between them, rather than one each: a member's inflater costs a zlib
     * handle and a 1 MB output buffer, and bgzip and log shippers write members of 64 KB of text or less (1,533 of
     * them to 100 MB: 2.5 times the CPU of zlib's Gunzip, one inflater each).
     */
    private readonly reusable = false,
  ) {
    super();
  }

  get bytesWritten(): number {
    return this.done + this.innerWritten();
  }

  /** The input the current member's inflater has taken. */
  private innerWritten(): number {
    return this.inner ? this.inner.bytesWritten - this.base : 0;
  }

  /** Inflate the current member's input: the bytes after its end (if it ended inside the chunk), or null. */
  protected abstract member(chunk: Buffer): Promise<Buffer | null>;
  /** The input ended inside a member: whether it was whole (else it throws its cut). */
  protected abstract endMember(): Promise<void>;
  protected abstract newInner(): Inner;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failure) return callback();
    this.feeding = true;
    this.feed(chunk)
      .finally(() => {
        this.feeding = false;
        this.handOn();
      })
      .then(
        () => callback(),
        (err: unknown) => this.fail(err, callback),
      );
  }

  override _flush(callback: TransformCallback): void {
    if (this.failure || this.state !== 'compressed') return callback();
    this.ended().then(
      () => callback(),
      (err: unknown) => this.fail(err, callback),
    );
  }

  override _read(size: number): void {
    // The reader wants more: the member's inflater goes on (paused while it ran ahead of the reader).
    this.inner?.resume();
    super._read(size);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    this.spare?.destroy();
    callback(err);
  }

  /** Inflated output: handed on now, or joined to the pending piece while input is read (pending). */
  private collect(b: Buffer): boolean {
    const p = this.pending;
    if (p !== null && p.buffer === b.buffer && p.byteOffset + p.length === b.byteOffset) {
      this.pending = Buffer.from(p.buffer, p.byteOffset, p.length + b.length);
      return true;
    }
    const ok = this.handOn();
    if (!this.feeding) return this.give(b) && ok;
    this.pending = b;
    return ok;
  }

  /** Hand on the pending output. */
  private handOn(): boolean {
    const p = this.pending;
    this.pending = null;
    return p === null || this.give(p);
  }

  /** Hand on output, minding the last byte (plain text after it starts a line of its own). */
  protected give(b: Buffer): boolean {
    if (b.length > 0) this.last = b[b.length - 1];
    return this.push(b);
  }

  private fail(err: unknown, callback: TransformCallback): void {
    this.failure = Object.assign(err as InflateError, { compression: this.compression });
    // Its input inflated counts (bytesWritten): the failing step began there, and a file is inflated again up to it.
    this.done += this.innerWritten();
    this.inner?.destroy();
    this.inner = null;
    // The output handed on is read first; then inflate says the failure.
    this.push(null);
    callback();
  }

  private async feed(chunk: Buffer): Promise<void> {
    while (chunk.length > 0) {
      if (this.state === 'plain') {
        this.give(chunk);
        return;
      }
      if (this.state === 'zeros') {
        const at = chunk.findIndex((b) => b !== 0);
        this.zeros += at === -1 ? chunk.length : at;
        if (at === -1) return;
        // What follows the zeros tells what they are.
        this.state = 'compressed';
        chunk = chunk.subarray(at);
      }
      if (!this.inMember) {
        const held = this.after ? Buffer.concat([this.after, chunk]) : chunk;
        this.after = null;
        if (!this.next(held, false)) {
          // Too few bytes to tell (a copy: the piece's memory may be read into again).
          this.after = Buffer.from(held);
          return;
        }
        chunk = held;
        if (!this.inMember) continue;
      }
      const rest = await this.member(chunk);
      if (rest === null) return;
      this.inMember = false;
      chunk = rest;
    }
  }

  /** At the end of a member, with these bytes after it: what they begin. False: too few bytes to tell. */
  private next(bytes: Buffer, ended: boolean): boolean {
    const what = afterMember(bytes, this.compression, ended);
    if (what === null) return false;
    if (what !== 'member') {
      this.spare?.destroy();
      this.spare = null;
    }
    // Zero bytes, then a member: not zero padding, nor text: gzip -dc's trailing garbage.
    if (what === 'member' && this.zeros === 0) this.inMember = true;
    else if (what === 'zeros') this.state = 'zeros';
    else if (what === 'text') this.plain();
    else throw notMoreError(this.compression);
    return true;
  }

  /** Plain text follows, from here (its zero bytes first, for the plain reader to say as in a plain log's lines). */
  private plain(): void {
    this.handOn();
    this.state = 'plain';
    this.onPlain?.(this.done);
    // Plain text begins a line of its own, as if given on its own.
    if (this.last !== 10) this.give(Buffer.from('\n'));
    for (let n = this.zeros; n > 0; n -= INFLATE_CHUNK) this.give(Buffer.alloc(Math.min(n, INFLATE_CHUNK)));
  }

  /** The input ended: inside a member, or with bytes after one too few to have told what they begin. */
  private async ended(): Promise<void> {
    if (this.inMember) return this.endMember();
    const held = this.after;
    this.after = null;
    // (Too few to be a member once the input ends: plain text, or not.)
    if (held !== null && this.next(held, true) && this.state === 'plain') this.give(held);
  }

  /**
   * Write the chunk to the member's inflater: the bytes after its end, if it ended inside it, once its output is
   * all out; else null.
   */
  protected async inflateSome(chunk: Buffer): Promise<Buffer | null> {
    const z = (this.inner ??= this.open());
    const before = z.bytesWritten;
    // The inflater's own error, with its code (damage, a cut), rather than what a write to it after says.
    // Taken off after: one left per write was Node's MaxListenersExceededWarning past 10 writes of a member.
    let reject!: (err: Error) => void;
    const failed = new Promise<never>((_, r) => (reject = r));
    z.once('error', reject);
    try {
      await Promise.race([new Promise<void>((resolve, reject) => z.write(chunk, (err) => (err ? reject(err) : resolve()))), failed]);
      if (z.bytesWritten - before === chunk.length) return null;
      // It ended inside this write: its output is all out once it ends (handed on, if it is kept for the next
      // member); the rest is what follows.
      await Promise.race([this.reusable ? handedOn(z) : finished(z, { writable: false }), failed]);
    } finally {
      z.off('error', reject);
    }
    const used = z.bytesWritten - before;
    this.done += this.innerWritten();
    this.inner = null;
    if (this.reusable) this.spare = z;
    else z.destroy();
    return chunk.subarray(used);
  }

  /** The input ended inside the member's data: its inflater ends, or says its cut. */
  protected async endInner(): Promise<void> {
    const z = this.inner;
    if (z === null) return;
    z.end();
    await finished(z);
    this.done += this.innerWritten();
    this.inner = null;
  }

  private open(): Inner {
    const spare = this.spare;
    this.spare = null;
    if (spare) {
      // (Only gzip's raw inflaters are kept: reusable.)
      (spare as InflateRaw).reset();
      this.base = spare.bytesWritten;
      return spare;
    }
    const z = this.newInner();
    this.base = 0;
    if (this.reusable) keepOpen(z);
    // Its error reaches write (failed, or the write's callback) or endInner (finished): this one only keeps an
    // 'error' that comes after the callback has said it from being thrown, once write has taken its own listener off.
    z.on('error', () => {});
    z.on('data', (b: Buffer) => {
      this.inflated(b);
      if (!this.collect(b)) z.pause();
    });
    return z;
  }

  /** A piece the member's inflater gave. */
  protected inflated(_b: Buffer): void {}
}

/**
 * Keep the inflater's output open when its data ends inside a write (zlib's stream ends it there: the rest of the
 * write was not deflate data), so that it can be reset for the next member. Its end() still ends it.
 */
function keepOpen(z: Inner): void {
  const push = z.push.bind(z);
  z.push = (chunk: unknown, encoding?: BufferEncoding) => (chunk === null && !z.writableEnded ? true : push(chunk, encoding));
}

/** Every piece the inflater has made is handed on (it waits, paused, while the reader is behind). */
function handedOn(z: Inner): Promise<void> {
  if (z.readableLength === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const data = () => {
      if (z.readableLength > 0) return;
      z.off('data', data).off('close', closed);
      resolve();
    };
    const closed = () => {
      z.off('data', data);
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    z.on('data', data).once('close', closed);
  });
}

/** zlib's CRC-32 (Node.js 22.2 and later): on an older Node.js, a gzip's checksums go unchecked, its length not. */
const crc32 = (zlib as Partial<typeof zlib>).crc32;

/** The length of the gzip header these bytes begin (RFC 1952), or null if more bytes are needed; thrown if bad. */
export function gzipHeaderLength(b: Buffer): number | null {
  if (b.length < 10) return null;
  if (b[2] !== 8) throw zlibError('unknown compression method');
  const flags = b[3];
  if (flags & 0xe0) throw zlibError('unknown header flags set');
  let at = 10;
  if (flags & 4) {
    if (b.length < at + 2) return null;
    at += 2 + b.readUInt16LE(at);
  }
  // The name, the comment: each ends with a zero byte.
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    const end = b.indexOf(0, at);
    if (end === -1) return null;
    at = end + 1;
  }
  if (flags & 2) {
    if (b.length < at + 2) return null;
    if (crc32 && b.readUInt16LE(at) !== (crc32(b.subarray(0, at)) & 0xffff)) throw zlibError('header crc mismatch');
    at += 2;
  }
  return b.length < at ? null : at;
}

/**
 * gzip, member after member (cat of .gz files; bgzip writes many). Each member's deflate data goes to a raw inflater,
 * which ends where it ends; its header and trailer (the CRC-32 and length of its text, checked as zlib does) are
 * read here.
 */
export class GzipMembers extends Members {
  private part: 'header' | 'deflate' | 'trailer' = 'header';
  /** Header or trailer bytes gathered across pieces. */
  private held: Buffer | null = null;
  private crc = 0;
  private size = 0;

  constructor(onPlain?: (at: number) => void) {
    super('gzip', onPlain, true);
  }

  protected newInner(): Inner {
    // 1 MB output chunks, not zlib's 16 KB: inflate runs ahead of the parser on its own thread, and far fewer
    // buffers and lines cut across them (measured on 1 GB of log: 6.9 s with the default, 3.0 s with this).
    return zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
  }

  protected override inflated(b: Buffer): void {
    if (crc32) this.crc = crc32(b, this.crc);
    this.size = (this.size + b.length) >>> 0;
  }

  protected async member(chunk: Buffer): Promise<Buffer | null> {
    if (this.part === 'header') {
      const b = this.gather(chunk);
      const n = gzipHeaderLength(b);
      if (n === null) return this.hold(b);
      this.done += n;
      this.held = null;
      this.part = 'deflate';
      this.crc = 0;
      this.size = 0;
      chunk = b.subarray(n);
      if (chunk.length === 0) return null;
    }
    if (this.part === 'deflate') {
      const rest = await this.inflateSome(chunk);
      if (rest === null) return null;
      this.part = 'trailer';
      chunk = rest;
    }
    const b = this.gather(chunk);
    if (b.length < 8) return this.hold(b);
    if (crc32 && b.readUInt32LE(0) !== this.crc) throw zlibError('incorrect data check');
    if (b.readUInt32LE(4) !== this.size) throw zlibError('incorrect length check');
    this.done += 8;
    this.held = null;
    this.part = 'header';
    return b.subarray(8);
  }

  protected async endMember(): Promise<void> {
    if (this.part === 'deflate') await this.endInner();
    // Cut in its header, its deflate data (endInner said so) or its trailer.
    throw zlibError(UNEXPECTED_END, true);
  }

  private gather(chunk: Buffer): Buffer {
    return this.held ? Buffer.concat([this.held, chunk]) : chunk;
  }

  /** Bytes of a header or trailer, kept for the next piece (a copy: the piece's memory may be read into again). */
  private hold(b: Buffer): null {
    this.held = Buffer.from(b);
    return null;
  }
}

/**
 * zstd of any number of frames, as zstd -dc reads it (pzstd writes several; so does cat of .zst files). Node's
 * inflater ends at the end of the frame that ends inside a write, dropping the rest of it: the frames after it were
 * lost without a word, or the next write met "Unknown frame descriptor" in the middle of a frame and called the file
 * corrupt. Each frame gets an inflater of its own here, given the input from where the last one stopped.
 */
export class ZstdFrames extends Members {
  constructor(onPlain?: (at: number) => void) {
    super('zstd', onPlain);
  }

  protected newInner(): Inner {
    return zstdInflater()!({ chunkSize: INFLATE_CHUNK });
  }

  protected async member(chunk: Buffer): Promise<Buffer | null> {
    const z = this.inner;
    const before = z?.bytesWritten ?? 0;
    try {
      return await this.inflateSome(chunk);
    } catch (err) {
      // A frame that ended with the last write goes on into a frame begun by this one's bytes (Node's inflater does
      // not say that it ended): bytes that begin none are what follows it.
      if (z === null || (err as NodeJS.ErrnoException).code !== 'ZSTD_error_prefix_unknown') throw err;
      this.done += before;
      this.inner = null;
      z.destroy();
      return chunk;
    }
  }

  protected endMember(): Promise<void> {
    return this.endInner();
  }
}

/** An inflater of gzip or zstd (the caller knows zstd is there: zstdInflater()). */
export function inflater(compression: Compression, onPlain?: (at: number) => void): Members {
  return compression === 'gzip' ? new GzipMembers(onPlain) : new ZstdFrames(onPlain);
}
