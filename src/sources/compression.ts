// What a file holds, told by its first bytes, whatever it is called: gzip and zstd are inflated and read; other
// compressions and archives are refused, one entry for the file saying what it is and what to do, rather than read
// as text (a line of binary garbage each, then "no JSON in N lines").
import { existsSync } from 'node:fs';
import zlib from 'node:zlib';
import { intoFile } from '../engine/shell-pipeline.js';
import { shellWord } from '../shell-word.js';

/** Compressions read as the text they inflate to. */
export type Compression = 'gzip' | 'zstd';

/** Compressions and archives recognised but not read. */
export type Refused = 'bzip2' | 'xz' | 'lz4' | '7z' | 'zip' | 'tar';

/**
 * The suffixes of the compressions the reader inflates (gzip, zstd), off a log's name: for its app's name, and to pair
 * audit.log.zst with audit.log when the zstd frame does not say its size.
 */
export const COMPRESSED_SUFFIX = /\.(gz|zst|zstd)$/;

/** Bytes of the head that tell every format here: tar's "ustar" and the byte after it lie at offset 257. */
export const HEAD_BYTES = 263;

/** The magic numbers gzip members and zstd frames begin with. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
/** A zstd skippable frame's magic after its first byte, which is 0x50 to 0x5f (isSkippableStart). */
const SKIPPABLE_MAGIC_REST = [0x2a, 0x4d, 0x18] as const;
const isSkippableStart = (b: number): boolean => (b & 0xf0) === 0x50;

/** Gzip is recognised by its magic number, whatever the file is called. */
export function isGzipHeader(head: Uint8Array): boolean {
  return startsWith(head, GZIP_MAGIC);
}

/** The next piece of an input's pieces, or null at their end. */
export const nextPiece =
  (it: AsyncIterator<Buffer>) =>
  async (): Promise<Buffer | null> => {
    const r = await it.next();
    return r.done ? null : r.value;
  };

/**
 * The first piece, with at least `bytes` in it (HEAD_BYTES: enough to tell every format here) unless the input is
 * shorter: a pipe may hand on less. A plain file's first read is a whole piece: nothing is joined.
 */
export async function headPiece(next: () => Promise<Buffer | null>, bytes = HEAD_BYTES): Promise<Buffer | null> {
  let head = await next();
  while (head !== null && head.length < bytes) {
    const more = await next();
    if (more === null) break;
    head = Buffer.concat([head, more]);
  }
  return head;
}

const startsWith = (head: Uint8Array, magic: readonly number[], at = 0): boolean =>
  head.length >= at + magic.length && magic.every((b, i) => head[at + i] === b);

/**
 * A zstd frame (28 b5 2f fd), after any skippable frames (magic 50-5f 2a 4d 18, then their size): pzstd begins each
 * frame with one that holds its size, and such a file was read as plain text, a bad line for each of its lines.
 */
function isZstdHeader(head: Uint8Array): boolean {
  let at = 0;
  while (head.length >= at + 8 && isSkippableStart(head[at]) && startsWith(head, SKIPPABLE_MAGIC_REST, at + 1)) {
    at += 8 + (head[at + 4] | (head[at + 5] << 8) | (head[at + 6] << 16)) + head[at + 7] * 0x1000000;
  }
  return startsWith(head, ZSTD_MAGIC, at);
}

/** Bytes enough to tell plain text after compressed data from other bytes. */
const TEXT_SAMPLE = 512;

/**
 * What the bytes after a gzip member (zstd frame) begin: another; a run of zero bytes (gzip only: zero padding, which
 * gzip -dc and zlib pass over, or the NUL bytes of a plain log joined on, which the caller tells apart by what follows
 * them); plain text (cat of a .gz log and a plain one), told by no control byte among its first TEXT_SAMPLE bytes; or
 * other bytes (damage, trailing garbage). Null: too few bytes to tell, and more to come.
 */
export function afterMember(bytes: Uint8Array, compression: Compression, ended: boolean): 'member' | 'zeros' | 'text' | 'other' | null {
  const magic = compression === 'gzip' ? GZIP_MAGIC : ZSTD_MAGIC;
  // A skippable frame (pzstd's, before each frame) is one of zstd's.
  const skippable = compression === 'zstd' && isSkippableStart(bytes[0]) ? [bytes[0], ...SKIPPABLE_MAGIC_REST] : null;
  const begins = (m: readonly number[]) => m.every((b, i) => i >= bytes.length || bytes[i] === b);
  if (begins(magic) || (skippable && begins(skippable))) {
    if (bytes.length >= magic.length) return 'member';
    if (!ended) return null;
  }
  if (compression === 'gzip' && bytes[0] === 0) return 'zeros';
  const sample = bytes.subarray(0, TEXT_SAMPLE);
  for (const b of sample) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) return 'other';
  return sample.length < TEXT_SAMPLE && !ended ? null : 'text';
}

/** The compression these first bytes begin, if one that is read. */
export function compressionOf(head: Uint8Array): Compression | null {
  if (isGzipHeader(head)) return 'gzip';
  if (isZstdHeader(head)) return 'zstd';
  return null;
}

/** The compression or archive these first bytes begin, if one that is refused (HEAD_BYTES of them tell tar). */
export function refusedOf(head: Uint8Array): Refused | null {
  // "BZh" and the block size, '1' to '9'.
  if (startsWith(head, [0x42, 0x5a, 0x68]) && head.length >= 4 && head[3] >= 0x31 && head[3] <= 0x39) return 'bzip2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  // A member's local header, or the end record alone (an empty zip).
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  // "ustar" in the first member's header, then NUL (POSIX) or a space (GNU): no line of text holds the first, and a
  // JSON log is unlikely to hold the second just there.
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257) && (head[262] === 0x00 || head[262] === 0x20)) return 'tar';
  return null;
}

/** Node's zstd inflater (Node.js 22.15 / 23.8 and later), or null. Looked up, not imported: Node 20 lacks the export. */
export function zstdInflater(): typeof zlib.createZstdDecompress | null {
  const make = (zlib as Partial<typeof zlib>).createZstdDecompress;
  return typeof make === 'function' ? make : null;
}

/** What a refused input is, as its one entry begins (engine/verdict.ts, CUT_SHORT, knows these beginnings). */
const WHAT: Record<Refused, string> = {
  bzip2: 'bzip2-compressed',
  xz: 'xz-compressed',
  lz4: 'lz4-compressed',
  '7z': '7-Zip archive',
  zip: 'zip archive',
  tar: 'tar archive',
};

/** What an input refused was to be read as: audit logs, or a JSON file (a spec, coverage data), for its message. */
export type Reading = 'logs' | 'json';

const READ: Record<Reading, string> = {
  logs: 'APISnoop reads audit logs as plain text, gzip or zstd',
  json: 'APISnoop reads JSON files as plain text, gzip or zstd',
};
/** The suffix a decompressed file gets when its name has no compression suffix to drop. */
const PLAIN_SUFFIX: Record<Reading, string> = { logs: '.log', json: '.json' };
/** Where an archive is extracted to, and what of it to give then. */
const EXTRACTED: Record<Reading, { dir: string; give: string }> = {
  logs: { dir: 'logs', give: 'the directory logs' },
  json: { dir: 'extracted', give: 'the JSON file in extracted' },
};

/** The compression suffixes a log's name may end in (a .gz gzipped again: .gz.gz), off the name of the log they hold. */
const COMPRESSION_SUFFIXES = /(\.(gz|zst|zstd|xz|bz2|lz4))+$/;

/** The name to decompress file into, beside it: without its compression suffixes, else with .log (.json) added. */
export function decompressedName(file: string, reading: Reading = 'logs'): string {
  const plain = file.replace(COMPRESSION_SUFFIXES, '');
  return plain === file || plain === '' || plain.endsWith('/') ? `${file}${PLAIN_SUFFIX[reading]}` : plain;
}

/**
 * A file for decompressedName's text that is not there yet, so the command given overwrites no log (audit.log beside
 * audit.log.gz, maybe one of the logs this very run read): the name, else with .decompressed.log (-2, -3…) added.
 */
function freshName(name: string, reading: Reading): string {
  if (!existsSync(name)) return name;
  for (let i = 1; ; i++) {
    const fresh = `${name}.decompressed${i === 1 ? '' : `-${i}`}${PLAIN_SUFFIX[reading]}`;
    if (!existsSync(fresh)) return fresh;
  }
}

/**
 * "decompress it first (…)": steps, the commands that decompress it, in the pipe of stdin; for a file, into a file
 * beside it to give instead, which every command takes (load-audit reads files, not stdin).
 */
function decompressFirst(steps: readonly string[], file: string, reading: Reading = 'logs'): string {
  if (file === '-') return `decompress it first: … | ${steps.join(' | ')} | apisnoop …`;
  const out = shellWord(freshName(decompressedName(file, reading), reading));
  return `decompress it first (${intoFile(steps, shellWord(file), out)}) and give ${out}`;
}

/** The one entry of an input in a refused format: what it is, and how to give APISnoop its logs (its JSON file). */
export function refusedMessage(format: Refused, file: string, inflatedFrom?: Compression, reading: Reading = 'logs'): string {
  const f = file === '-' ? null : shellWord(file);
  const tool = { bzip2: 'bzip2 -dc', xz: 'xz -dc', lz4: 'lz4 -dc' } as const;
  const read = READ[reading];
  const { dir, give } = EXTRACTED[reading];
  switch (format) {
    case 'bzip2':
    case 'xz':
    case 'lz4':
      return `${WHAT[format]}: ${read}; ${decompressFirst([tool[format]], file, reading)}`;
    // Each into a directory of its own, named in the message, so that "give the directory" names one; one that is
    // there already (the archive given among logs/) will do, as unzip -d and 7z -o take it.
    case '7z':
      return `${WHAT[format]}: ${read}; extract it first (7z x ${f ?? 'FILE'} -o${dir}) and give ${give}`;
    case 'zip':
      return `${WHAT[format]}: ${read}; unzip it first (unzip ${f ?? 'FILE'} -d ${dir}; a GitHub artifact downloads as a zip) and give ${give}`;
    case 'tar':
      return `${inflatedFrom ? `${WHAT.tar} (${inflatedFrom}-compressed)` : WHAT.tar}: ${read}; extract it first (mkdir -p ${dir} && tar -xf ${f ?? 'FILE'} -C ${dir}) and give ${give}`;
  }
}

const decompressor = (c: Compression): string => (c === 'gzip' ? 'gzip -dc' : 'zstd -dc');

/**
 * The one entry of an input compressed twice (a .gz gzipped again: a log shipper's or an upload's compression over
 * the rotated file's): what it is, and the command that reads it. Its inflated bytes were binary, NUL bytes and all.
 */
export function twiceCompressedMessage(inner: Compression, outer: Compression, file: string, reading: Reading = 'logs'): string {
  return `${inner}-compressed inside ${outer} (compressed twice): ${READ[reading]}, compressed once; ${decompressFirst([decompressor(outer), decompressor(inner)], file, reading)}`;
}

/** The one entry of a zstd input when this Node.js cannot inflate zstd. */
export function noZstdMessage(file: string, reading: Reading = 'logs'): string {
  return `zstd-compressed: this Node.js (${process.versions.node}) cannot inflate zstd (Node.js 22.15 or later can); ${decompressFirst([decompressor('zstd')], file, reading)}, or use Node.js 22.15 or later`;
}

/**
 * An input that is not read: thrown where its pieces would come, so that it ends as an input that broke off does,
 * with one entry (LineReader.cut, cutMessage), before any line.
 */
export class RefusedInput extends Error {
  readonly code = 'APISNOOP_REFUSED_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedInput';
  }
}
