// Logs given that are copies of one another (audit.log beside audit.log.bak, a directory holding the log and an
// unpacked artifact of it, audit.log beside the audit.log.gz that gzip -k left): analyze reads each as given, so every
// request is counted again. Said, not dropped. Cheaply: only files of the same size and the same first and last 64 KB
// (their fingerprint) are compared byte for byte, and a compressed file only with an input of the size its own header
// or trailer says it inflates to; a comparison stops at the first byte that differs, and nothing is inflated when no
// sizes agree; where they do, a compressed file's first 64 KB of text is inflated once, and the rest only when those
// agree.
// The first and last bytes read to tell the compression and size are also each input's identity (InputId), which the
// report keeps so that merge tells the same log from another one of the same name.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { InputId } from '../engine/report.js';
import { COMPRESSED_SUFFIX, compressionOf, zstdInflater, type Compression } from './compression.js';
import { inflate } from './inflate.js';

const STEP = 1024 * 1024;
/** The bytes of each end of an input its fingerprint is taken of (HEAD_BYTES and gzip's trailer among them). */
const END_BYTES = 64 * 1024;

interface Input {
  file: string;
  /** Bytes on disk. */
  size: number;
  /** As the reader tells it, by the first bytes. */
  compression: Compression | null;
  /** Bytes of text it holds: the size if plain; gzip's ISIZE (mod 2^32); zstd's Frame_Content_Size; null if unknown. */
  textSize: number | null;
  id: InputId;
  /**
   * SHA-256 of the first END_BYTES of its text: plain, read with the fingerprint; compressed, once first needed
   * (undefined until then); null if it cannot be inflated that far.
   */
  textHead?: string | null;
}

/**
 * The content size a zstd frame header gives (RFC 8878 3.1.1.1), after any skippable frames; null when the frame
 * does not say it. Only the first frame's: a file of several frames (pzstd, cat of .zst files) says less than it
 * holds, and is then compared with nothing of its whole size (a copy missed, never one claimed).
 */
function zstdContentSize(head: Buffer): number | null {
  let at = 0;
  while (head.length >= at + 8 && (head.readUInt32LE(at) & 0xfffffff0) === 0x184d2a50) {
    at += 8 + head.readUInt32LE(at + 4);
  }
  if (head.length < at + 5) return null;
  const fhd = head[at + 4]!;
  const single = (fhd >> 5) & 1;
  const pos = at + 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  const width = [single ? 1 : 0, 2, 4, 8][fhd >> 6]!;
  if (width === 0 || head.length < pos + width) return null;
  if (width === 1) return head[pos]!;
  if (width === 2) return head.readUInt16LE(pos) + 256;
  if (width === 4) return head.readUInt32LE(pos);
  return Number(head.readBigUInt64LE(pos));
}

/** The first `bytes` bytes of the file from `at` (fewer at its end). */
async function bytesAt(fd: FileHandle, at: number, bytes: number): Promise<Buffer> {
  const { buffer, bytesRead } = await fd.read(Buffer.alloc(bytes), 0, bytes, at);
  return buffer.subarray(0, bytesRead);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** An empty file's identity: every empty file is the same (empty) log. */
const EMPTY: InputId = { bytes: 0, fingerprint: createHash('sha256').digest('hex') };

/**
 * The input's size, compression, text size and identity; 'empty' for an empty file (no copy of anything, but told);
 * null when it is not a regular file, or cannot be read. Its first and last END_BYTES tell all of them: two reads,
 * whatever its size.
 */
async function inputOf(file: string): Promise<Input | 'empty' | null> {
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) return null;
  if (st.size === 0) return 'empty';
  const fd = await open(file, 'r').catch(() => undefined);
  if (!fd) return null;
  try {
    const head = await bytesAt(fd, 0, END_BYTES);
    const tail = st.size > END_BYTES ? await bytesAt(fd, Math.max(END_BYTES, st.size - END_BYTES), END_BYTES) : Buffer.alloc(0);
    const id: InputId = { bytes: st.size, fingerprint: createHash('sha256').update(head).update(tail).digest('hex') };
    const input = { file, size: st.size, id };
    const compression = compressionOf(head);
    if (compression === null) return { ...input, compression, textSize: st.size, textHead: sha256(head) };
    if (compression === 'zstd') return { ...input, compression, textSize: zstdContentSize(head) };
    // gzip's last 4 bytes, ISIZE: the text's size mod 2^32. Of the last member only (bgzip, cat of .gz files write
    // several): such a file is compared with nothing of its whole size (a copy missed, never one claimed).
    const end = tail.length > 0 ? tail : head;
    if (st.size < 18 || end.length < 4) return { ...input, compression, textSize: null };
    return { ...input, compression, textSize: end.readUInt32LE(end.length - 4) };
  } catch {
    return null;
  } finally {
    await fd.close();
  }
}

/**
 * Whether compressed `c` may hold what `t` holds, told without inflating: their text sizes agree (mod 2^32 where one
 * is gzip's). A zstd frame that does not say its size (zstd writing from a pipe) is compared only with an input named
 * as it is without its suffix (audit.log beside audit.log.zst): anything else would inflate it to learn nothing.
 */
function mayHoldSame(c: Input, t: Input): boolean {
  if (c.textSize === null || t.textSize === null) {
    return c.textSize === null && c.compression === 'zstd' && path.basename(c.file).replace(COMPRESSED_SUFFIX, '') === path.basename(t.file);
  }
  const gzip = c.compression === 'gzip' || t.compression === 'gzip';
  return gzip ? c.textSize % 2 ** 32 === t.textSize % 2 ** 32 : c.textSize === t.textSize;
}

/**
 * Whether two inputs hold the same content, a piece at a time, up to the first difference: their first `bytes` bytes,
 * byte for byte (each must hold that many), or without `bytes` their text, the compressed inflated. An input that
 * cannot be read, or is damaged, is no copy (its reader says what it is).
 */
async function sameContent(a: Input, b: Input, bytes?: number): Promise<boolean> {
  const opened = [a, b].map((x) => createReadStream(x.file, { highWaterMark: STEP, ...(bytes === undefined ? {} : { end: bytes - 1 }) }));
  const texts = [a, b].map((x, i) =>
    (bytes !== undefined || x.compression === null ? opened[i]! : inflate(opened[i]!, null, x.compression))[Symbol.asyncIterator](),
  );
  const next = async (i: number): Promise<Buffer | null> => {
    const r = await texts[i]!.next();
    return r.done ? null : (r.value as Buffer);
  };
  try {
    let [ra, rb]: Array<Buffer | null> = [Buffer.alloc(0), Buffer.alloc(0)];
    let compared = 0;
    for (;;) {
      if (ra?.length === 0) {
        ra = await next(0);
        continue;
      }
      if (rb?.length === 0) {
        rb = await next(1);
        continue;
      }
      if (ra === null || rb === null) return ra === rb && (bytes === undefined || compared === bytes);
      const n = Math.min(ra.length, rb.length);
      if (!ra.subarray(0, n).equals(rb.subarray(0, n))) return false;
      compared += n;
      ra = ra.subarray(n);
      rb = rb.subarray(n);
    }
  } catch {
    return false;
  } finally {
    // Left early: the inflaters and files are closed now, not when collected.
    await Promise.all(texts.map((t) => t.return?.(undefined).catch(() => undefined)));
    for (const o of opened) o.destroy();
  }
}

/**
 * The SHA-256 of the first END_BYTES of a compressed input's text (all of it if shorter), inflated that far: two
 * inputs whose heads differ hold different texts, told without inflating either to its end. null if it cannot be
 * inflated that far (no copy, as sameContent would say).
 */
async function inflatedHead(x: Input): Promise<string | null> {
  const file = createReadStream(x.file, { highWaterMark: END_BYTES });
  const pieces: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const piece of inflate(file, null, x.compression!)) {
      pieces.push(piece);
      bytes += piece.length;
      if (bytes >= END_BYTES) break;
    }
    return sha256(Buffer.concat(pieces).subarray(0, END_BYTES));
  } catch {
    return null;
  } finally {
    file.destroy();
  }
}

/** What findCopies found: the copies, and the identity of each input it could read (a byte copy's is its original's). */
export interface InputsRead {
  copies: Array<{ file: string; sameAs: string }>;
  ids: ReadonlyMap<string, InputId>;
}

/**
 * Each file (in the order given) whose contents an earlier one has, or whose text (inflated) another input's is: then
 * the compressed one is the copy, the plain one (or the compression given first) kept, as it is read faster. Stdin,
 * FIFOs, empty files and files that cannot be read are left out (their readers say what they are).
 */
export async function findCopies(files: readonly string[]): Promise<InputsRead['copies']> {
  return (await readInputs(files)).copies;
}

/** findCopies, with the identity of each input (none for those it leaves out). */
export async function readInputs(files: readonly string[]): Promise<InputsRead> {
  // One at a time: a directory of thousands of rotated logs would otherwise hold thousands of files open at once.
  const inputs: Input[] = [];
  const empty: string[] = [];
  for (const file of files) {
    const input = file === '-' ? null : await inputOf(file);
    if (input === 'empty') empty.push(file);
    else if (input !== null) inputs.push(input);
  }
  // A byte copy has the size and the fingerprint of what it copies: only files alike in both are compared, so that
  // thousands of logs of one size (fixed-size splits, chunks of like events) are not each read against every other.
  const byId = new Map<string, Input[]>();
  for (const input of inputs) {
    const key = `${input.size}:${input.id.fingerprint}`;
    const group = byId.get(key);
    if (group) group.push(input);
    else byId.set(key, [input]);
  }
  const copies: Array<{ file: string; sameAs: string }> = [];
  // One input per distinct content: byte copies first (no inflating), then compressed copies among what is left.
  const distinct = new Set<Input>();
  for (const group of byId.values()) {
    // One file per distinct content seen so far in this group: each later file is compared with those (the
    // fingerprint is of the ends only: files alike there may still differ between them).
    const kept: Input[] = [];
    for (const input of group) {
      let sameAs: Input | undefined;
      for (const k of kept) {
        if (await sameContent(k, input, input.size)) {
          sameAs = k;
          break;
        }
      }
      if (sameAs === undefined) kept.push(input);
      else copies.push({ file: input.file, sameAs: sameAs.file });
    }
    for (const k of kept) distinct.add(k);
  }
  const ordered = inputs.filter((x) => distinct.has(x));
  const kept = ordered.filter((x) => x.compression === null);
  // A zstd input this Node.js cannot inflate (its reader says so) is compared byte for byte only.
  const inflatable = (x: Input): boolean => x.compression !== 'zstd' || zstdInflater() !== null;
  for (const c of ordered) {
    if (c.compression === null || !inflatable(c)) continue;
    let sameAs: Input | undefined;
    for (const t of kept) {
      if (!mayHoldSame(c, t)) continue;
      // Inflated to the end only where the first 64 KB of text agree: thousands of .gz logs of one text size (split
      // by size, then compressed) are not each inflated against every other. Each head is inflated once, and known
      // heads are not awaited: an await per pair of 10,000 files took longer than reading them.
      if (c.textHead === undefined) c.textHead = await inflatedHead(c);
      if (t.textHead === undefined) t.textHead = await inflatedHead(t);
      if (c.textHead !== null && c.textHead === t.textHead && (await sameContent(c, t))) {
        sameAs = t;
        break;
      }
    }
    if (sameAs === undefined) kept.push(c);
    else copies.push({ file: c.file, sameAs: sameAs.file });
  }
  copies.sort((x, y) => files.indexOf(x.file) - files.indexOf(y.file));
  return { copies, ids: new Map([...inputs.map((x): [string, InputId] => [x.file, x.id]), ...empty.map((f): [string, InputId] => [f, EMPTY])]) };
}

/** The warning for a copy, as analyze words it. */
export function copyWarning(c: { file: string; sameAs: string }): string {
  return `${c.file} has the same contents as ${c.sameAs}: its requests are counted again (leave one out if it is a copy)`;
}
