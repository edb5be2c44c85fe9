// Reading audit logs from the world: files (plain, gzip or zstd, by content not name), directories, stdin.
// Streams line by line over Buffers: memory holds one chunk and one line, never the file.
// A sink that takes events directly (event()) gets the fast path: each line's few audit fields are read from its
// bytes (engine/event-fields.ts) and only lines that scanner leaves undecided are decoded and JSON.parse'd.
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { holdsAuditEvents, type AuditEvent } from '../engine/audit.js';
import { auditLines, type AuditLines } from '../engine/audit-lines.js';
import { scanEvent, scanLine, skipValue, StageStub } from '../engine/event-fields.js';
import { readFailure } from './read-failure.js';
import { compressionOf, headPiece, nextPiece, noZstdMessage, RefusedInput, refusedMessage, refusedOf, twiceCompressedMessage, zstdInflater, type Compression } from './compression.js';
import { cellRecord, CSV_HEAD_BYTES, CSV_RECORD_START, csvEventLines, csvEventsOf, csvExportMessage, csvExportOf, type CsvEvents } from './csv-export.js';
import { inflate } from './inflate.js';
import { INFLATE_CHUNK, type InflateError } from './members.js';
import { afterPrefix, prefixHint, withoutBom } from '../engine/line-prefix.js';
import { LEGACY_AUDIT_LINE } from '../engine/text-shape.js';
import { jsonError } from '../engine/json-error.js';
import { InputError, shownName, stdinStat } from './input-files.js';
import { asUtf8 } from './utf16.js';
import { grouped } from '../engine/grouped.js';
import { listBeforeDamage } from './cut-list.js';

/** Longer lines are reported and skipped rather than buffered without bound. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** What the reader hands on: a JSON value with its place, or a line it could not use. */
export interface LineSink {
  value(raw: unknown, file: string, line: number): void;
  invalidLine(file: string, line: number, message: string): void;
  /**
   * Optional: an audit event read on the fast path, exactly what value() would have made of the line through
   * toAuditEvent(). Sinks without it get every line as a parsed JSON value (the reference path).
   */
  event?(ev: AuditEvent, file: string, line: number): void;
  /**
   * Optional, with event: a short line of a non-final stage, checked but not decoded (StageStub). Without it such
   * lines come to event, decoded.
   */
  deferred?(st: StageStub, file: string, line: number): void;
}

export interface FileStats {
  file: string;
  bytes: number;
  lines: number;
  /** Lines or multi-line objects handed on as JSON values. */
  values: number;
  invalid: number;
  /** Of the invalid lines, those of the API server's legacy audit format: a log of them all is named so. */
  legacy?: number;
  /** Of the invalid lines, audit events past MAX_LINE_BYTES, each said so: a file of them holds JSON all the same. */
  longEvents?: number;
  warnings: string[];
}

/** Track {} / [] depth outside strings, to know when a pretty-printed object is complete. */
/** A line of "{" or "[" alone (whitespace aside): how a pretty-printed object or array opens. */
function isOpenerLine(text: string): boolean {
  const t = text.trim();
  return t === '{' || t === '[';
}

/**
 * For each of parts[1..]: whether an object opened on that line would close by the last part (its running depth
 * comes back to where it was before the line). One pass from the end, keeping the lowest depth still to come.
 */
function closers(parts: string[]): boolean[] {
  const n = parts.length;
  const before = new Array<number>(n).fill(0); // running depth before each line, counted from parts[1]
  for (let i = 1, d = 0; i < n; i++) {
    before[i] = d;
    d += depthDelta(parts[i]);
  }
  const out = new Array<boolean>(n).fill(false);
  let lowest = Infinity; // the lowest running depth after a line from here on
  for (let i = n - 1; i >= 1; i--) {
    const after = before[i] + depthDelta(parts[i]);
    lowest = Math.min(lowest, after);
    out[i] = lowest <= before[i];
  }
  return out;
}

function depthDelta(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth;
}

/**
 * For an object too big to read whole: if a list opens among its first members (the "events" of aws logs
 * filter-log-events, an Azure "records"), the command that puts its records one a line, each then read on its own.
 */
function recordsHint(parts: string[], compression: Compression | null): string {
  // A JSON array (jq -s, az monitor log-analytics query) is read whole as its items only up to the bound.
  if (parts[0].trim() === '[') return `; a JSON array of events or records? Put its items one a line first: ${oneALine("'.[]'", compression)}`;
  let depth = 0;
  for (const part of parts.slice(0, 20)) {
    const list = depth === 1 ? /^\s*"([A-Za-z_@][\w@]*)"\s*:\s*\[\s*$/.exec(part) : null;
    if (list) return `; a document of records? Put them one a line first: ${oneALine(eachRecord(list[1]), compression)}`;
    depth += depthDelta(part);
  }
  return '';
}

/** How an audit event's line begins: its kind, or its apiVersion or auditID first (a writer that reordered them). */
const AUDIT_EVENT_HEAD = /^\uFEFF?\s*\{\s*"(kind"\s*:\s*"Event"|apiVersion"\s*:\s*"audit\.k8s\.io\/|auditID"\s*:)/;

/** An over-long line's first bytes are an audit event's: counted (FileStats.longEvents) where it is said. */
export function countLongEvent(stats: Pick<FileStats, 'longEvents'>, head: string): void {
  if (AUDIT_EVENT_HEAD.test(head)) stats.longEvents = (stats.longEvents ?? 0) + 1;
}
/** The jq filter that keeps an event but the bodies that make it long: what is counted is read without them. */
const EVENT_WITHOUT_BODIES = "'del(.requestObject, .responseObject)'";

/**
 * What an over-long line is said to be, by its first bytes: a document of records on one line (jq -c wrote it, Event
 * Hubs' capture) or Firehose's records one after another can be put one a line; an audit event that long (a request
 * or response body it carries: a Secret, a ConfigMap) is not counted unless the bodies are dropped first.
 */
export function longLineMessage(head: string, compression: Compression | null = null): string {
  const list = /^\uFEFF?\s*\{\s*"([A-Za-z_@][\w@]*)"\s*:\s*\[/.exec(head);
  const hint = list
    ? `; a document of records on one line? Put them one a line first: ${oneALine(eachRecord(list[1]), compression)}`
    : AUDIT_EVENT_HEAD.test(head)
      ? `; it is an audit event, not read: its request counts only if another stage of it is read; to read it, drop the request and response bodies it carries first, ${oneALine(EVENT_WITHOUT_BODIES, compression)}`
      : /^\uFEFF?\s*\[\s*\{/.test(head)
        ? `; a JSON array of events or records on one line? Put its items one a line first: ${oneALine("'.[]'", compression)}`
        : /^\uFEFF?\s*\{\s*"messageType"\s*:/.test(head)
          ? `; JSON objects one after another (Firehose's records)? Put them one a line first: ${oneALine('.', compression)}`
          : head.startsWith('\0')
            ? `; it begins with NUL bytes, and whatever follows them on the line (an audit event) is lost with them: remove them first, ${
                compression ? `${compression} -dc FILE | tr -d '\\000' > FILE.clean` : `tr -d '\\000' < FILE > FILE.clean`
              }; ${NUL_CAUSE}`
            : '';
  return `line longer than ${MAX_LINE_BYTES} bytes, skipped${hint}`;
}

/**
 * The jq filter that gives each record of a list. A Logs Insights result is a list of field/value pairs, read as a
 * record only inside its "results" (log-envelope.ts): on a line of its own, it is made the record it stands for.
 */
function eachRecord(list: string): string {
  return list === 'results' ? "'.results[] | map({(.field): .value}) | add'" : `'.${list}[]'`;
}

/**
 * The jq command that writes FILE's records one a line. jq reads no gzip or zstd, and the input was inflated (a
 * Firehose object in S3 is gzip): it is inflated first, else the command as given failed at FILE's first byte.
 */
function oneALine(filter: string, compression: Compression | null): string {
  return compression ? `${compression} -dc FILE | jq -c ${filter} > FILE.jsonl` : `jq -c ${filter} FILE > FILE.jsonl`;
}

/** The first bytes of a line skipped as over-long: enough for longLineMessage. */
export const LONG_LINE_HEAD = 80;

/**
 * An item of a JSON array as its own text: without the comma after it (a line of `jq -s`'s array, `{…},`, or the
 * last line of a pretty-printed item, `},`).
 */
function withoutItemComma(text: string): string {
  const end = text.trimEnd();
  return end.endsWith(',') ? end.slice(0, -1) : text;
}

/** A line that opens a document's list of items, or closes it, and its indentation. */
type ListLine = { opens: boolean; indent: string };

/**
 * A line of a document read on its own that opens its list of items (a member whose value opens a list, alone on
 * the line: `"items": [`), when none is open; or the "]" that closes the one open, indented as its opening line was.
 */
function memberList(text: string, openIndent: string | null): ListLine | null {
  const m = openIndent === null ? /^(\s*)"(?:[^"\\]|\\.)*"\s*:\s*\[\s*$/.exec(text) : /^(\s*)\],?\s*$/.exec(text);
  if (m === null || (openIndent !== null && m[1] !== openIndent)) return null;
  return { opens: openIndent === null, indent: m[1] };
}

/**
 * A text that is no JSON for the comma after it alone, and then holds an audit event: an item of a JSON array, each
 * but the last followed by its comma. Undefined otherwise.
 */
function itemOfLostArray(text: string): unknown {
  const item = withoutItemComma(text);
  if (item === text) return undefined;
  try {
    const value: unknown = JSON.parse(item);
    return holdsAuditEvents(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the line that brought a gathered object's depth back to 0 closes a value inside it, not the object: a
 * bracket alone, indented deeper than the object's own "{" (a pretty-printer indents an object's closer as its opener).
 * One opening line was lost ('  "user": {' deleted), and what was read is part of an object, its nested members
 * hoisted: never a whole event, whatever JSON it makes.
 */
function closesInside(opening: string, closing: string): boolean {
  return /^\s*[}\]],?\s*$/.test(closing) && firstNonBlank(closing) > firstNonBlank(opening);
}

/** The top-level fields of an audit.k8s.io Event, v1 and v1beta1. */
/**
 * Members that only an object nested in an Event has (its user's, objectRef's, responseStatus's, an object's metadata
 * and body), not the Event itself, nor what log shippers add beside its fields (@timestamp, log, kubernetes, host…,
 * which a whole event may carry): one at the top is a nested object's member, hoisted by its lost opening line. An
 * annotation's key (with a "/") too.
 */
const NESTED_ONLY = new Set([
  'username', 'uid', 'groups', 'extra',
  'resource', 'namespace', 'name', 'apiGroup', 'resourceVersion', 'subresource',
  'code', 'status', 'reason', 'details',
  'creationTimestamp', 'generation', 'labels', 'ownerReferences', 'finalizers', 'managedFields', 'selfLink',
  'spec', 'data', 'stringData', 'items', 'rules', 'subjects', 'roleRef', 'propagationPolicy', 'gracePeriodSeconds', 'preconditions', 'dryRun',
]);

/**
 * Whether a value gathered up to a line that closes deeper than its opener (closesInside) holds an event with a
 * member only a nested object has (username, resource, code…: NESTED_ONLY): the members of the nested object whose
 * opening line was lost, hoisted. Indentation alone cannot tell: Go's MarshalIndent with a prefix, or Whitesmiths
 * style, closes deeper too; nor any member not an Event's: a shipper's @timestamp beside a whole event is no damage.
 */
function hoistsMembers(raw: unknown): boolean {
  const list = raw as { kind?: unknown; items?: unknown } | null;
  const items = Array.isArray(raw) ? raw : list && list.kind === 'EventList' && Array.isArray(list.items) ? (list.items as unknown[]) : [raw];
  return items.some((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
    const ev = item as Record<string, unknown>;
    return (ev.kind === 'Event' || typeof ev.auditID === 'string') && Object.keys(ev).some((key) => NESTED_ONLY.has(key) || key.includes('/'));
  });
}

/** How far the lines after a damaged item held are part of its entry: in an array, and after NUL bytes. */
const NEXT_ITEM = "the array's next whole item";
const NEXT_EVENT = 'the next whole event';

/**
 * How a line of a pretty-printed object's insides begins: a member's name or a string, a closing bracket, a number or
 * a literal. Not text (a prefix), nor "{" (an object of its own).
 */
const OBJECT_PIECE = /^\s*(?:["}\]]|-?\d|true\b|false\b|null\b)/;

/** A line that is a JSON array's closing bracket alone (with the comma of an item of an outer list). */
const CLOSES_ARRAY = /^\s*\],?\s*$/;

/** Lines from one to another, "line 16" for one. */
const lineRange = (from: number, to: number): string => (from === to ? `line ${from}` : `lines ${from}-${to}`);

/** The opening line of a gathered object, trimmed ("{" or "["). */
const text0 = (multi: { parts: string[] }): string => multi.parts[0].trim();

/** Input is read in 1 MB pieces (the parallel reader too, so that over-long lines are judged alike). */
export const READ_BYTES = 1 << 20;

/**
 * Reads ahead of the piece being handled, in a regular file. With one, the reader waited for the thread pool's read
 * in 5-7% of a run (the other core busy with V8's own threads); with two, that wait is absorbed.
 */
const READ_AHEAD = 2;

/** What FilePieces reads from: an open file's handle, or fd 0. */
export interface PieceSource {
  read(buf: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
}

/**
 * A file's pieces in order, read ahead of the one handled. In a regular file each read names its position, so that
 * READ_AHEAD of them can be in flight together; a pipe or a device (`<(zcat …)`, /dev/stdin) has no positions and
 * is read one piece ahead, and so is stdin redirected from a file (read from its offset, which Node cannot tell).
 *
 * A plain file's pieces are read into a few buffers in turn: asking for the next piece gives back the buffer of the
 * one before (LineReader copies the unfinished line it keeps). A buffer per read left a gigabyte of dead buffers behind that
 * only a garbage collection returns, 60 MB of them alive at a time on a 1 GB log. Gzip input goes to zlib, which may
 * hold on to pieces: each gets a buffer of its own.
 */
export class FilePieces {
  reuse = false;
  private position = 0;
  private readonly pending: { at: number; buf: Buffer; read: Promise<number> }[] = [];
  private readonly free: Buffer[] = [];
  /** The buffer of the piece last returned: the caller's until it asks for the next. */
  private lent: Buffer | null = null;

  constructor(
    private readonly fh: PieceSource,
    private readonly positioned: boolean,
  ) {}

  /** The next piece, or null at the end. The piece returned before is handled: its buffer may be read into again. */
  async next(): Promise<Buffer | null> {
    if (this.lent) this.giveBack(this.lent);
    this.lent = null;
    this.fill();
    const { at, buf, read } = this.pending.shift()!;
    const n = await read;
    if (!this.positioned) {
      // One read at a time: two at the current position could complete out of order.
      if (n > 0) this.fill();
    } else if (n === READ_BYTES) {
      this.fill();
    } else {
      // The end, or a file system that returned less: the reads started after this one began at the wrong place.
      await this.settle();
      for (const p of this.pending.splice(0)) this.giveBack(p.buf);
      this.position = at + n;
    }
    if (n === 0) {
      this.giveBack(buf);
      return null;
    }
    this.lent = buf;
    return buf.subarray(0, n);
  }

  /** Let the reads in flight end (before the file is closed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.map((p) => p.read));
  }

  private giveBack(buf: Buffer): void {
    if (this.reuse) this.free.push(buf);
  }

  private fill(): void {
    while (this.pending.length < (this.positioned ? READ_AHEAD : 1)) {
      const buf = (this.reuse ? this.free.pop() : undefined) ?? Buffer.allocUnsafeSlow(READ_BYTES);
      const at = this.position;
      this.position += READ_BYTES;
      const read = this.fh.read(buf, 0, READ_BYTES, this.positioned ? at : null).then((r) => r.bytesRead);
      // Seen where it is awaited: a failure of a read further ahead must not count as unhandled meanwhile.
      read.catch(() => {});
      this.pending.push({ at, buf, read });
    }
  }
}

/** PieceSource.read over fd 0 (fs.read's promise form resolves to { bytesRead, buffer }). */
const readFd = promisify(fsRead);
const readStdin: PieceSource['read'] = (buf, offset, length, position) => readFd(0, buf, offset, length, position);

/**
 * Peek the first bytes: gzip and zstd are recognised by their magic numbers, whatever the file is called, and
 * inflated; other compressions and archives (compression.ts) are refused, as an input that breaks off at once
 * (RefusedInput), and so is a tar inside gzip or zstd; UTF-16 text (plain or inflated) is recognised by its byte order
 * mark, and read as UTF-8.
 */
export async function openInput(
  file: string,
  onBytes: (n: number) => void,
  onCompression?: (c: Compression | null) => void,
  /** A CSV export of events: its lines are its cells' (csvEventLines), for a LineReader's csvColumn. Before any line. */
  onCsv?: (csv: CsvEvents) => void,
  /** Plain text follows its compressed data, from this byte on (plainAfterMessage): read after it. */
  onPlain?: (at: number, compression: Compression) => void,
): Promise<AsyncIterable<Buffer>> {
  /** The piece after the one handed on (null at the end). */
  let next: () => Promise<Buffer | null>;
  let close = async (): Promise<void> => {};
  let pieces: FilePieces | null = null;
  if (file === '-' && stdinStat()?.isFile()) {
    // `analyze - < audit.log`: read like a file (from where its offset stands), not as process.stdin's stream of
    // 64 KB pieces, which took 1.6 times as long on 100 MB. A regular file, read from the thread pool, cannot wait
    // on a writer as a pipe can. fd 0 is not ours to close.
    const stdinPieces = (pieces = new FilePieces({ read: readStdin }, false));
    next = () => stdinPieces.next();
    close = () => stdinPieces.settle();
  } else if (file === '-') {
    next = nextPiece((process.stdin as Readable)[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  } else {
    const fh = await open(file, 'r');
    let regular: boolean;
    try {
      regular = (await fh.stat()).isFile();
    } catch (err) {
      await fh.close();
      throw err;
    }
    const filePieces = (pieces = new FilePieces(fh, regular));
    next = () => filePieces.next();
    close = async () => {
      await filePieces.settle();
      await fh.close();
    };
  }
  let head: Buffer | null;
  try {
    head = await headPiece(next);
  } catch (err) {
    await close();
    throw err;
  }
  const compression = head === null ? null : compressionOf(head);
  const refused = head === null || compression ? null : refusedOf(head);
  if (refused || (compression === 'zstd' && !zstdInflater())) {
    await close();
    return refusal(refused ? refusedMessage(refused, file) : noZstdMessage(file));
  }
  if (pieces) pieces.reuse = head !== null && !compression;
  onCompression?.(compression);
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      let piece = head;
      while (piece) {
        onBytes(piece.length);
        yield piece;
        piece = await next();
      }
    } finally {
      await close();
    }
  }
  if (!compression) return notCsv(asUtf8(counted()), onCsv);
  const plain = onPlain && ((at: number) => onPlain(at, compression));
  return notCsv(asUtf8(notTar(inflate(counted(), file === '-' ? null : file, compression, plain), file, compression)), onCsv);
}

/**
 * Text pieces as they are, unless the input's first line shows a CSV export (csv-export.ts): of the event whole in a
 * column, its rows as lines of records; of audit events' fields, a RefusedInput, before any line, as for a format not
 * read.
 */
async function* notCsv(pieces: AsyncIterable<Buffer>, onCsv?: (csv: CsvEvents) => void): AsyncGenerator<Buffer> {
  const it = pieces[Symbol.asyncIterator]();
  try {
    // Pieces up to the second line's end (a header's first row tells a line that merely names a column, csvEventsOf),
    // or CSV_HEAD_BYTES (a plain file's first piece is READ_BYTES: one, whole; the parallel reader judges as many).
    const held: Buffer[] = [];
    let size = 0;
    let newlines = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      held.push(r.value);
      size += r.value.length;
      for (let at = r.value.indexOf(10); at !== -1 && newlines < 2; at = r.value.indexOf(10, at + 1)) newlines++;
      if (newlines >= 2 || size >= CSV_HEAD_BYTES) break;
      // A copy, kept while the next is read: the reader may read into a piece's memory once the next is asked for.
      held[held.length - 1] = Buffer.from(r.value);
    }
    const head = held.length === 1 ? held[0] : Buffer.concat(held, size);
    const events = csvEventsOf(head.subarray(0, CSV_HEAD_BYTES));
    if (events !== null) {
      onCsv?.(events);
      yield* csvEventLines(rest(held, it), events, MAX_LINE_BYTES);
      return;
    }
    const csv = csvExportOf(head.subarray(0, CSV_HEAD_BYTES));
    if (csv !== null) throw new RefusedInput(csvExportMessage(csv));
    yield* rest(held, it);
  } finally {
    await it.return?.();
  }
}

/** The pieces held, then the rest of the input's. */
async function* rest(held: Buffer[], it: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* held;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/** Pieces that fail at once, before any line: an input not read gets its one entry (LineReader.cut). */
function refusal(message: string): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(new RefusedInput(message)),
    }),
  };
}

/** Inflated pieces as they are, unless they begin a tar archive (logs.tar.gz): then a RefusedInput, before any line. */
async function* notTar(pieces: AsyncIterable<Buffer>, file: string, compression: Compression): AsyncGenerator<Buffer> {
  const it = pieces[Symbol.asyncIterator]();
  try {
    const head = await headPiece(nextPiece(it));
    if (head === null) return;
    if (refusedOf(head) === 'tar') throw new RefusedInput(refusedMessage('tar', file, compression));
    const inner = compressionOf(head);
    if (inner !== null) throw new RefusedInput(twiceCompressedMessage(inner, compression, file));
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } finally {
    // A reader that stops early (or a refusal) closes the input through here.
    await it.return?.();
  }
}

/** Where a line's text begins after spaces, tabs and CRs (its length: a blank line, which is no input). */
function firstNonBlank(text: string): number {
  let first = 0;
  while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9 || text.charCodeAt(first) === 13)) first++;
  return first;
}

/**
 * Bytes in, lines out: splits on newlines, hands each line to the sink (fast path when the sink takes events),
 * gathers pretty-printed objects that span lines, skips over-long lines. One per input, or per byte range of one.
 */
export class LineReader {
  /** Lines seen so far (the number of the last line). */
  lineNo: number;
  /** A multi-line object was started: a reader that began mid-file cannot know it was not already inside one. */
  sawMultiLine = false;
  // Emptied in place, never replaced: a new [] has another elements kind than one that held Buffers, and each swap
  // deoptimized push() (a dozen times over 100 MB).
  private readonly carry: Buffer[] = [];
  private carryLen = 0;
  private skipping = false; // inside an over-long line, dropping bytes until its newline
  private skippedHead = ''; // the first bytes of that line, for its message
  /** How the input was compressed (openInput), for the commands messages give. */
  compression: Compression | null = null;
  /**
   * The column of a CSV export of events whose cells the lines are (csvEventLines; openInput's onCsv), else null. A
   * cell that is no audit event is handed on as the record of its row, so that what is wrong with it names the column.
   */
  csvColumn: string | null = null;
  // A multi-line object being gathered.
  private multi: { start: number; parts: string[]; depth: number; size: number } | null = null;
  private readonly fastEvent: ((ev: AuditEvent, file: string, line: number) => void) | null;
  private readonly fastDeferred: ((st: StageStub, file: string, line: number) => void) | null;
  /** The fast path for whole lines of a chunk at once (WebAssembly), where there is one. */
  private readonly lines: AuditLines | null;
  private readonly batch: (AuditEvent | null)[] = [];
  /** Inside salvage(): the lines of a broken object, read again on their own. */
  private salvaging = 0;
  /** Audit events handed on by salvage() so far. */
  private salvaged = 0;
  /** `salvaged` as the innermost salvage began: until it finds an event, what fails there is its object's one entry. */
  private salvageBase = 0;
  /** The lines salvage() reads again are a JSON array's (its "[" alone opened them): items, each but the last with its comma. */
  private arrayItems = false;
  /**
   * A JSON array's "[" gathered lines that closed into no JSON, damage having upset the count of its brackets (NUL
   * bytes over an item's head): the lines after them may be its items still, up to its "]".
   */
  private arrayTail = false;
  /**
   * The array's items (arrayTail) began at an item with its comma, no "[" read (itemsFollow): the entries of damaged
   * lines among them do not speak of an array, which may be no more than one line's stray comma in a log of JSON lines.
   */
  private noBracket = false;
  /**
   * Among an array's items: the entry of a damaged one, held until the next whole item, with the lines after it that
   * fail too (the rest of an item whose head was lost: its members, one a line), which are part of it.
   */
  private heldItem: { line: number; message: string; end: number; last: number; upTo: string; noBracket?: boolean } | null = null;
  /**
   * Inside salvage(), the lines of a broken document after its list of items closed (an EventList's "items", an Azure
   * "records"): its own members, part of its one entry, not lines of the log.
   */
  private documentRest = false;

  constructor(
    private readonly name: string,
    private readonly sink: LineSink,
    readonly stats: FileStats,
  ) {
    this.lineNo = 0;
    this.fastEvent = sink.event ? sink.event.bind(sink) : null;
    this.fastDeferred = sink.event && sink.deferred ? sink.deferred.bind(sink) : null;
    this.lines = this.fastEvent ? auditLines() : null;
  }

  /** Inside a multi-line object (at the end of the input, it was never closed). */
  get inObject(): boolean {
    return this.multi !== null;
  }

  /** Salvaging, whether a line is still part of the broken object's one entry: no audit event has come out of it yet. */
  private get inBrokenObject(): boolean {
    return this.salvaging > 0 && this.salvaged === this.salvageBase;
  }

  private invalid(line: number, message: string): void {
    // A bad line among the lines of a broken object is that object's entry (a typo in a pretty-printed event is one
    // bad event); once they have held an event, they are lines of their own (a stray "[" before a log of JSON
    // lines), and each bad one is said where it is.
    if (this.inBrokenObject || (this.salvaging > 0 && this.documentRest)) return;
    if ((this.arrayItems && this.salvaging > 0) || (this.arrayTail && this.salvaging === 0)) {
      if (this.heldItem) this.heldItem.last = line;
      else this.heldItem = { line, message, end: this.lineNo, last: line, upTo: NEXT_ITEM, noBracket: this.salvaging === 0 && this.noBracket };
      return;
    }
    // A line with a problem of its own ends the lines held after NUL bytes (afterNul).
    if (this.heldItem?.upTo === NEXT_EVENT) this.flushItem();
    this.entry(line, message);
  }

  private entry(line: number, message: string): void {
    this.stats.invalid++;
    this.sink.invalidLine(this.name, line, message);
  }

  /**
   * An item of a JSON array whose "[" was lost (NUL bytes over it, a copy begun inside it) was read: the lines after it
   * are its array's items, up to its "]", as after a "[" that closed into no JSON (arrayTail); among the lines read
   * again of a broken object, up to their end. Read so, lines depend on the lines before them, as inside a multi-line
   * object: a reader of a byte range cannot judge them (sawMultiLine).
   */
  private itemsFollow(): void {
    if (this.salvaging > 0) this.arrayItems = true;
    else {
      if (!this.arrayTail) this.noBracket = true;
      this.arrayTail = true;
      this.sawMultiLine = true;
    }
  }

  /** A JSON array's "[" was read, its lines closed early: the lines after are its items still, up to its "]". */
  private bracketTail(): void {
    this.arrayTail = true;
    this.noBracket = false;
  }

  /**
   * A line of the log with NUL bytes (and no whole event) is held as a damaged item is (heldItem), with the lines after
   * it that are pieces of an object, up to the next whole event: the rest of an object whose head the NUL bytes took
   * (an array's first item under zeros over its "["), its members one a line, part of its entry. Whether the line was
   * so.
   */
  private afterNul(lineNo: number, message: string, text: string): boolean {
    const held = this.heldItem;
    if (held !== null && OBJECT_PIECE.test(text)) {
      // Lines read after those before them, as inside a multi-line object: a reader of a byte range cannot judge them.
      held.last = lineNo;
      this.sawMultiLine = true;
      return true;
    }
    if (held !== null) this.flushItem();
    if (!text.includes('\0') || looksUtf16(text)) return false;
    this.heldItem = { line: lineNo, message, end: lineNo, last: lineNo, upTo: NEXT_EVENT };
    return true;
  }

  /** The damaged item's entry held (heldItem), said with the lines after it that failed too. */
  private flushItem(): void {
    const held = this.heldItem;
    if (held === null) return;
    this.heldItem = null;
    const upTo = held.noBracket === true ? NEXT_EVENT : held.upTo;
    const after = held.last > held.end ? `; ${lineRange(held.end + 1, held.last)} after it, up to ${upTo}, ${held.last > held.end + 1 ? 'are' : 'is'} not read either` : '';
    this.entry(held.line, held.message + after);
  }

  /** One line as bytes: the fast path decides it, or it is decoded for the reference path. */
  private lineBytes(buf: Buffer, start: number, end: number): void {
    if (this.fastEvent && this.multi === null) {
      const ev = this.fastDeferred ? scanLine(buf, start, end) : scanEvent(buf, start, end);
      if (ev) {
        this.lineNo++;
        this.stats.lines++;
        this.stats.values++;
        // A whole event ends a damaged array item's entry (heldItem), as give() ends it on the reference path.
        if (this.heldItem !== null) this.flushItem();
        if (ev instanceof StageStub) this.fastDeferred!(ev, this.name, this.lineNo);
        else this.fastEvent(ev, this.name, this.lineNo);
        return;
      }
    }
    this.handle(buf.toString('utf8', start, end));
  }

  /**
   * Whole lines, buf[start, end) with end just past a newline, read in WebAssembly a batch at a time. A line it
   * leaves to JS, and every line inside a multi-line object, goes through lineBytes as before.
   */
  private manyLines(buf: Buffer, start: number, end: number): void {
    const lines = this.lines!;
    const stats = this.stats;
    while (start < end) {
      const read = lines.scan(buf, start, end);
      if (read === 0) {
        // A line longer than a batch.
        const nl = buf.indexOf(10, start);
        this.lineBytes(buf, start, nl);
        start = nl + 1;
        continue;
      }
      // Every record is read before any event goes on (the records may bring strings later batches refer to,
      // which must be learnt even if the sink throws).
      const events = this.batch;
      for (let i = 0; i < lines.count; i++) events[i] = lines.event(i);
      for (let i = 0; i < lines.count; i++) {
        const ev = events[i];
        events[i] = null;
        if (ev !== null && this.multi === null) {
          this.lineNo++;
          stats.lines++;
          stats.values++;
          if (this.heldItem !== null) this.flushItem();
          this.fastEvent!(ev, this.name, this.lineNo);
        } else this.lineBytes(buf, lines.lineStart(i), lines.lineEnd(i));
      }
      start += read;
    }
  }

  private handle(text: string): void {
    const stats = this.stats;
    this.lineNo++;
    stats.lines++;
    const lineNo = this.lineNo;
    const multi = this.multi;
    if (multi) {
      // Directly inside an object opened by "{", a line cannot open another (members start with their key): the
      // "{" was a stray, as when a JSON line is cut to its first byte. Saves gathering up to 64 MB of lines first.
      if (multi.depth === 1 && multi.parts[0].trim() === '{' && text.trimStart().startsWith('{')) {
        this.lineNo--;
        stats.lines--;
        this.abandon(`"{" opens no object: line ${lineNo} opens another`);
        this.handle(text);
        return;
      }
      multi.parts.push(text);
      multi.size += text.length;
      multi.depth += depthDelta(text);
      if (multi.size > MAX_LINE_BYTES) {
        this.abandon(`"${text0(multi)}" opens no object: none closes within ${MAX_LINE_BYTES} bytes${recordsHint(multi.parts, this.compression)}`);
        // An array past the bound (jq -s of a large log): its items after the lines gathered are its items still.
        if (text0(multi) === '[' && this.salvaging === 0) this.bracketTail();
      } else if (multi.depth <= 0) {
        let raw: unknown;
        const joined = this.arrayItems || this.arrayTail ? withoutItemComma(multi.parts.join('\n')) : multi.parts.join('\n');
        // Closed on a line that closes a value inside it, what was read is part of an event, never a whole one: told by
        // the nested members hoisted, not by the indentation alone (hoistsMembers).
        const closesDeeper = closesInside(multi.parts[0], text);
        try {
          raw = JSON.parse(joined);
        } catch (err) {
          const item = this.arrayItems || this.arrayTail ? undefined : itemOfLostArray(joined);
          if (item !== undefined && closesDeeper && hoistsMembers(item)) {
            this.lostOpener(multi, lineNo);
            return;
          }
          if (item !== undefined) {
            this.multi = null;
            this.itemsFollow();
            this.give(item, multi.start);
            return;
          }
          this.abandon(`not JSON (lines ${multi.start}-${lineNo} read as one object): ${objectNotJson(err as Error, joined, multi.start)}`);
          // Closed early, damage having upset the count of its brackets: the lines after may be its items still. Closed
          // at its own "]", the array is over: the lines after are the log's (each bad one its own entry).
          if (text0(multi) === '[' && this.salvaging === 0 && !CLOSES_ARRAY.test(text)) this.bracketTail();
          return;
        }
        if (closesDeeper && holdsAuditEvents(raw) && hoistsMembers(raw)) {
          this.lostOpener(multi, lineNo);
          return;
        }
        this.multi = null;
        this.give(raw, multi.start);
      }
      return;
    }
    if (this.csvColumn !== null) {
      this.cell(text, lineNo, this.csvColumn);
      return;
    }
    // A byte order mark (some Windows tools write one) is not part of the line's JSON. Not only on line 1: files
    // joined with cat bring theirs along to the line each began, and a reader of a byte range cannot tell line 1.
    text = withoutBom(text);
    if (this.arrayItems || this.arrayTail) {
      // The array's "]" ends its items: the array's entry (abandon) says what was wrong with it, not a line of its own.
      if (CLOSES_ARRAY.test(text)) {
        if (this.heldItem) this.heldItem.last = lineNo; // or a list's end in the rest of a damaged item
        if (this.salvaging === 0) {
          this.flushItem();
          this.arrayTail = false;
        }
        return;
      }
      text = withoutItemComma(text);
    }
    const first = firstNonBlank(text);
    if (first === text.length) return; // blank line: not input
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      // A pretty-printed object opens with "{" (or "[") alone on its line; any other line that fails to parse is a
      // bad line on its own (a JSON line cut short must not swallow the lines after it).
      const c = text.charCodeAt(first);
      if ((c === 123 || c === 91) && text.trim().length === 1) {
        const depth = depthDelta(text);
        if (depth > 0) {
          // An object begins: the rest of one whose head NUL bytes took (afterNul) is over.
          if (this.heldItem?.upTo === NEXT_EVENT) this.flushItem();
          this.multi = { start: lineNo, parts: [text], depth, size: text.length };
          this.sawMultiLine = true;
          return;
        }
      }
      const item = this.arrayItems || this.arrayTail ? undefined : itemOfLostArray(text);
      if (item !== undefined) {
        this.itemsFollow();
        this.give(item, lineNo);
        return;
      }
      const read = notJsonLine(text);
      if ('values' in read) {
        for (const value of read.values) this.give(value, lineNo);
        // Damage around whole events (eventsAmidDamage): they count, and the damage is said at its line.
        if (read.damage !== undefined) this.invalid(lineNo, read.damage);
      } else {
        const message = read.problem ?? notJsonMessage(err as Error, text);
        if (read.problem === null && this.salvaging === 0 && !this.arrayTail && this.afterNul(lineNo, message, text)) return;
        this.invalid(lineNo, message);
        if (read.problem === LEGACY_AUDIT_LINE) this.stats.legacy = (this.stats.legacy ?? 0) + 1;
      }
      return;
    }
    this.give(raw, lineNo);
  }

  /**
   * A line of a CSV export's events that the fast path did not take: a blank line (no row begins there), a record
   * csvEventLines made of a row, or a cell's text, handed on as its row's record (the engine says what is wrong with
   * it, in its column: log-envelope.ts).
   */
  private cell(text: string, lineNo: number, column: string): void {
    if (firstNonBlank(text) === text.length) return;
    this.give(text.startsWith(CSV_RECORD_START) ? JSON.parse(text) : cellRecord(column, text), lineNo);
  }

  /** A JSON value read. Salvaging a broken object, what is not an audit event is part of that object until one was. */
  private give(raw: unknown, line: number): void {
    if (this.heldItem) {
      // After a damaged item, a value that is no event is more of it (a member line of an item whose head was lost);
      // after NUL bytes, a value of a member line only (an object or list whole is one of its own).
      const piece = this.heldItem.upTo === NEXT_ITEM || raw === null || typeof raw !== 'object';
      if (piece && !holdsAuditEvents(raw)) {
        this.heldItem.last = line;
        return;
      }
      this.flushItem();
    }
    if (this.salvaging > 0) {
      if (holdsAuditEvents(raw)) this.salvaged++;
      else if (this.inBrokenObject) return;
    }
    this.stats.values++;
    this.sink.value(raw, this.name, line);
  }

  private endLine(): void {
    if (this.skipping) {
      this.skippedLine();
      this.skipping = false;
    } else {
      const buf = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
      this.lineBytes(buf, 0, buf.length);
    }
    this.carry.length = 0;
    this.carryLen = 0;
  }

  /** A line longer than MAX_LINE_BYTES went by (its bytes were dropped). */
  skippedLine(): void {
    this.lineNo++;
    this.stats.lines++;
    this.flushItem();
    countLongEvent(this.stats, this.skippedHead);
    this.invalid(this.lineNo, longLineMessage(this.skippedHead, this.compression));
  }

  /** The next bytes of the input. */
  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      // Most lines lie wholly in the chunk: nothing carried, nothing to reset (endLine resets the carry).
      if (this.carryLen === 0 && !this.skipping) {
        if (this.lines !== null && this.multi === null) {
          // All the chunk's whole lines at once.
          const last = chunk.lastIndexOf(10);
          this.manyLines(chunk, start, last + 1);
          start = last + 1;
          continue;
        }
        this.lineBytes(chunk, start, nl);
      } else {
        if (!this.skipping) {
          this.carry.push(chunk.subarray(start, nl));
          this.carryLen += nl - start;
        }
        this.endLine();
      }
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      // A copy: the reader may reuse the chunk's memory for the next piece.
      this.carry.push(Buffer.from(chunk.subarray(start)));
      this.carryLen += chunk.length - start;
      if (this.carryLen > MAX_LINE_BYTES) {
        this.skippedHead = Buffer.concat(this.carry, LONG_LINE_HEAD).toString('utf8');
        this.skipping = true;
        this.carry.length = 0;
        this.carryLen = 0;
      }
    }
  }

  /** End of input: the last line may lack its newline. */
  end(): void {
    if (this.carryLen > 0 || this.skipping) this.endLine();
    // A byte range's reader: the lines after its end may be more of an entry held (afterNul), which it cannot tell.
    if (this.heldItem !== null && this.multi === null && !this.arrayTail) this.sawMultiLine = true;
    if (this.multi === null) this.flushItem();
  }

  /**
   * The object gathered since a line of "{" (or "[") alone is not one: it is one invalid entry, at its first line.
   * Its other lines are read again on their own, so that one stray "{" or "[" cannot swallow the rest of a log: the
   * audit events among them count, and the entry says how many; the rest of them is that entry, not an entry each
   * (one typo in a pretty-printed event is one bad event, not forty bad lines).
   */
  private abandon(message: string): void {
    const multi = this.multi!;
    this.multi = null;
    const events = this.salvage(multi);
    this.invalid(multi.start, events > 0 ? `${message}; read on their own, its lines held ${events} audit event${events === 1 ? '' : 's'}, which count` : message);
  }

  /**
   * A gathered object closed by a line that closes a value inside it (closesInside): one of its opening lines was lost.
   * Its lines are read again on their own, as an abandoned object's; holding no event, they are one entry, and among
   * the log's lines (no array around them) so are the lines after, the rest of the object, up to the next whole event.
   */
  private lostOpener(multi: { start: number; parts: string[] }, lineNo: number): void {
    const array = text0(multi) === '[';
    const message = `not a whole ${array ? 'array' : 'object'} (lines ${multi.start}-${lineNo} read as one): line ${lineNo} closes a value inside the ${array ? 'array' : 'object'} opened at line ${multi.start}, being indented deeper, and the line that opened that value is lost`;
    if (this.salvaging > 0 || this.arrayTail || array) {
      this.abandon(message);
      // An array closed early: the lines after are its items still, up to its "]".
      if (array && this.salvaging === 0) this.bracketTail();
      return;
    }
    this.multi = null;
    const events = this.salvage(multi);
    if (events > 0) {
      this.invalid(multi.start, `${message}; read on their own, its lines held ${events} audit event${events === 1 ? '' : 's'}, which count`);
      return;
    }
    this.flushItem();
    this.heldItem = { line: multi.start, message, end: lineNo, last: lineNo, upTo: NEXT_EVENT };
    // Lines read after those before them, as inside a multi-line object: a reader of a byte range cannot judge them.
    this.sawMultiLine = true;
  }

  /**
   * Read the lines of an abandoned object after its first again, on their own: returns the audit events handed on.
   * An object opened among them and not closed by their end is broken too, and its lines are read the same way.
   */
  private salvage(multi: { start: number; parts: string[] }): number {
    const before = this.salvaged;
    // Each broken object read again has a base of its own: one broken inside lines that held events is still one entry.
    const outerBase = this.salvageBase;
    const outerArray = this.arrayItems;
    const outerRest = this.documentRest;
    this.salvageBase = before;
    this.salvaging++;
    try {
      // A worklist, not recursion: lines of openers never closed ("[" on 30,000 lines) nest as deep as they are many.
      let pending: { start: number; parts: string[] } | null = multi;
      while (pending) {
        // An object opened among the lines and never closed is broken in turn: until its lines hold an event, what
        // fails among them is its one entry, said as it is taken up.
        if (pending !== multi) this.salvageBase = this.salvaged;
        this.arrayItems = text0(pending) === '[';
        this.documentRest = false;
        // Of an object, the indentation of the member line that opened its list of items, while it is open.
        let listIndent: string | null = null;
        const last = this.lineNo;
        this.lineNo = pending.start;
        this.stats.lines -= last - pending.start;
        const parts = pending.parts;
        const closes = closers(parts);
        for (let i = 1; i < parts.length; i++) {
          // A line of "{" or "[" alone that no later line closes would gather every line after it, only to be broken
          // in turn and read again: said at once, the lines after it are read once (not once per such line).
          if (this.multi === null && !closes[i] && isOpenerLine(parts[i])) {
            this.lineNo++;
            this.stats.lines++;
            this.invalid(this.lineNo, `"${parts[i].trim()}" opens an object not closed (lines ${this.lineNo}-${pending.start + parts.length - 1})`);
            // Its lines are its entry until they hold an event (an array's item cut short: its members, one a line).
            this.salvageBase = this.salvaged;
            continue;
          }
          // A document's list of items ("items": [, "records": [): the lines up to its "]" are items, each read on its
          // own as a JSON array's are, a damaged one its own entry. Its "]" is the one indented as the line that opened
          // it (the "]," of a list inside an item whose head was lost is indented deeper).
          const list: ListLine | null = this.multi === null && text0(pending) === '{' ? memberList(parts[i], listIndent) : null;
          if (list !== null) {
            this.lineNo++;
            this.stats.lines++;
            if (list.opens) {
              listIndent = list.indent;
              this.arrayItems = true;
              this.documentRest = false;
            } else {
              this.flushItem();
              listIndent = null;
              this.arrayItems = false;
              this.documentRest = true;
            }
            continue;
          }
          this.handle(parts[i]);
        }
        pending = this.multi;
        this.multi = null;
        if (pending) this.invalid(pending.start, `"${text0(pending)}" opens an object not closed (lines ${pending.start}-${this.lineNo})`);
      }
    } finally {
      this.flushItem();
      this.salvaging--;
      this.salvageBase = outerBase;
      this.arrayItems = outerArray;
      this.documentRest = outerRest;
    }
    return this.salvaged - before;
  }

  /** End of file checks: an object never closed (its lines after the first are read again, and may open another). */
  close(): void {
    while (this.multi) this.abandon(`"${text0(this.multi)}" opens an object not closed at end of file (lines ${this.multi.start}-${this.lineNo})`);
    this.flushItem();
  }

  /**
   * The input broke off (truncated or corrupt gzip, read error): keep what came before, say where it was cut, once.
   * The unfinished line at the cut is part of the damage, not a bad line of its own, unless it is whole (only its
   * newline lost); so is an object the cut left open, whose lines are read on their own for the events among them.
   */
  cut(err: NodeJS.ErrnoException): void {
    const fragment = this.skipping || this.carryLen === 0 ? null : this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
    this.carry.length = 0;
    this.carryLen = 0;
    this.skipping = false;
    if (fragment !== null) {
      const text = fragment.toString('utf8');
      if (this.multi ? this.closesObject(text) : wholeLine(text)) this.handle(text);
    }
    let open: OpenObject | undefined;
    if (this.multi) {
      const multi = this.multi;
      this.multi = null;
      open = { start: multi.start, events: this.salvage(multi) };
    }
    this.flushItem();
    this.arrayTail = false;
    this.invalid(this.lineNo + 1, cutMessage(err, this.lineNo, open));
  }

  /** Whether a last line closes the object open into whole JSON (handle() then hands it on). */
  private closesObject(text: string): boolean {
    const multi = this.multi!;
    if (multi.depth + depthDelta(text) > 0 || multi.size + text.length > MAX_LINE_BYTES) return false;
    try {
      JSON.parse(multi.parts.join('\n') + '\n' + text);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether the unfinished last line of an input that broke off is whole JSON all the same (the cut fell just before
 * its newline), to be read as a line; otherwise it is a fragment of the damage. A byte order mark before it is
 * dropped, as before any line; so is a prefix handle() reads behind (an EKS export to S3 is gzip, cut as any other).
 */
export function wholeLine(text: string): boolean {
  return lineValues(text) !== null;
}

/**
 * The values a line holds as handle() takes them: its JSON, else what is behind a container runtime's or kubectl's
 * prefix, or JSON objects back to back (notJsonLine); none if it holds nothing whole.
 */
export function valuesOnLine(text: string): unknown[] {
  return lineValues(text) ?? [];
}

/** What wholeLine and valuesOnLine read: the line's values, or null when it holds nothing whole. */
function lineValues(text: string): unknown[] | null {
  const t = withoutBom(text);
  try {
    return [JSON.parse(t)];
  } catch {
    const read = notJsonLine(t);
    return 'values' in read ? read.values : null;
  }
}

/**
 * What a line that is not JSON still holds, as handle() reads it (and wholeLine judges it): the value behind a
 * container runtime's or kubectl's prefix (line-prefix.ts), or JSON objects back to back; else what is wrong with it,
 * when its prefix says (null: the caller says it).
 */
function notJsonLine(text: string): { values: unknown[]; damage?: string } | { problem: string | null } {
  const behind = afterPrefix(text);
  if (behind !== null) return 'value' in behind ? { values: [behind.value] } : { problem: behind.problem };
  const values = valuesBackToBack(text);
  return values !== null ? { values } : (eventsAmidDamage(text) ?? recordsAmidDamage(text) ?? { problem: null });
}

/**
 * A document of records on one line damaged inside its list (listBeforeDamage): the document up to its last whole
 * record counts, and the damage is said.
 */
function recordsAmidDamage(text: string): { values: unknown[]; damage: string } | null {
  const b = Buffer.from(text, 'utf8');
  const read = listBeforeDamage(b);
  if (read === null) return null;
  const nul = nulsIn(b, read.from, read.to);
  const what = nul > 0 ? `, ${bytes(nul)} of them NUL bytes` : '';
  if (read.ended) {
    // Cut between records: no byte of one is lost, and the document was never closed.
    const all = read.items === 1 ? 'its list\'s one whole record, which is' : `its list's ${bytes(read.items)} whole records, which are`;
    return { values: [read.value], damage: `damaged line: it ends after ${all} read; the list and the document around it were never closed (written up to a record's end, then stopped)` };
  }
  const items = read.items === 1 ? 'the one whole record of its list before them is' : `the ${bytes(read.items)} whole records of its list before them are`;
  const damage = `damaged line: bytes ${bytes(read.from + 1)}-${bytes(read.to)} (a record cut short or damaged, and what follows it${what}) are not read; ${items} read`;
  return { values: [read.value], damage: nul > 0 ? `${damage}; ${NUL_CAUSE}` : damage };
}

/** Where NUL bytes in a log come from, said with any line that holds them. */
const NUL_CAUSE =
  'NUL bytes stand where data never reached the disk (an unclean shutdown of the node), or where a copy of the log was taken while logrotate copytruncate emptied it';

/**
 * What handle() says of a line that is neither JSON nor anything notJsonLine reads. A line with NUL bytes says what
 * they are, where the parser's message said no more than where the first is.
 */
function notJsonMessage(err: Error, text: string): string {
  if (text.includes('\0')) {
    if (looksUtf16(text)) {
      return 'not JSON: UTF-16 text amid UTF-8, every other byte of it NUL (logs of two encodings joined with cat?): give each log on its own, or convert it to UTF-8 first, iconv -f UTF-16 -t UTF-8';
    }
    const b = Buffer.from(text, 'utf8');
    const n = nulsIn(b, 0, b.length);
    const what = n === b.length ? `it is ${bytes(n)} NUL byte${n === 1 ? '' : 's'} and nothing else` : `it holds ${bytes(n)} NUL byte${n === 1 ? '' : 's'}, the first at byte ${bytes(b.indexOf(0) + 1)}, and no whole audit event`;
    return `not JSON: ${what}; ${NUL_CAUSE}`;
  }
  return `not JSON: ${jsonError(err, text)}${prefixHint(text)}`;
}

const bytes = grouped;

/**
 * Why the lines of an object, from line `start`, are not JSON: NUL bytes among them are named, with the line of the
 * first (the parser's message said only where the first is, as a position); else the parser's message.
 */
function objectNotJson(err: Error, text: string, start: number): string {
  const first = text.indexOf('\0');
  if (first === -1) return jsonError(err, text);
  let line = start;
  for (let k = text.indexOf('\n'); k !== -1 && k < first; k = text.indexOf('\n', k + 1)) line++;
  const b = Buffer.from(text, 'utf8');
  const n = nulsIn(b, 0, b.length);
  return `they hold ${bytes(n)} NUL byte${n === 1 ? '' : 's'}, the first on line ${line}; ${NUL_CAUSE}`;
}

/**
 * Whether a line's first characters alternate with NUL bytes, as UTF-16 text of ASCII read as UTF-8 does. Passed over
 * before them: a byte order mark (FF FE or FE FF, no UTF-8: replacement characters) and one NUL (split on its
 * newlines, 0a 00, a UTF-16LE line begins with its newline's 00, a UTF-16BE one with the 00 of its first character).
 */
function looksUtf16(text: string): boolean {
  let from = 0;
  while (from < 2 && text.charCodeAt(from) === 0xfffd) from++;
  if (text.charCodeAt(from) === 0) from++;
  const pairs = Math.min(8, (text.length - from) >> 1);
  if (pairs < 4) return false;
  for (let k = from; k < from + 2 * pairs; k += 2) if (text.charCodeAt(k) === 0 || text.charCodeAt(k + 1) !== 0) return false;
  return true;
}

/** The NUL bytes of b[from, to), counted byte by byte: a call of indexOf per NUL took seconds over 100 MB of them. */
function nulsIn(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (b[k] === 0) n++;
  return n;
}

/** How an audit event written by the API server begins: its kind, then its apiVersion (or the apiVersion first). */
const EVENT_STARTS = ['{"kind":"Event","apiVersion":"audit.k8s.io/', '{"apiVersion":"audit.k8s.io/'].map((s) => Buffer.from(s));

/**
 * The whole audit events on a line that is not JSON because part of it is damaged, and what the damage is; null when
 * none is found. Two damages leave whole events on such a line: an event cut short by a writer that stopped, with the
 * next event written on after it (the cut event has no newline), and NUL bytes before or after events, where the file
 * system kept zeros for data never written (an unclean shutdown), or at the start of a copy taken while copytruncate
 * emptied the log. Read as one line, the whole event next to the damage was lost without a word. Only lines that
 * JSON.parse refused come here, never the fast path. An event may begin where a line begins, after NUL bytes, or
 * where the API server's JSON of an event begins; a line that begins with other text has a prefix, not damage, unless
 * NUL bytes come before any event begins on it (the rest of an event they cut, then the zeros: an unclean shutdown).
 * `skip`: skipValue (a test counts the bytes it scans).
 */
export function eventsAmidDamage(text: string, skip: typeof skipValue = skipValue): { values: unknown[]; damage?: string } | null {
  const b = Buffer.from(text, 'utf8');
  const starts: number[] = [];
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13)) i++;
  const firstNul = b.indexOf(0, i);
  const hasNul = firstNul !== -1;
  // Text before an event is a prefix, not damage: prefixHint says how to remove it, from every line it is on.
  // A JSON array of events on one line (jq -cs) opens with "[" and its first item: no prefix either.
  let item = i + 1;
  while (b[i] === 91 && item < b.length && (b[item] === 32 || b[item] === 9 || b[item] === 13)) item++;
  const prefixed = b[i] !== 123 && b[i] !== 0 && !(b[i] === 91 && b[item] === 123);
  if (prefixed && !hasNul) return null;
  if (b[i] === 123) starts.push(i);
  for (const start of EVENT_STARTS) {
    for (let at = b.indexOf(start, i + 1); at !== -1; at = b.indexOf(start, at + 1)) starts.push(at);
  }
  // Damage, not a prefix, only where the NUL bytes come before any event begins: the rest of a line they cut, then the
  // zeros (an unclean shutdown). An event, then NULs, is a prefixed line with zeros after it: one of a prefixed log's
  // lines, whose file is refused with the prefix named, not read as one event amid damage.
  if (prefixed && starts.some((at) => at < firstNul)) return null;
  if (hasNul) for (let k = i; k + 1 < b.length; k++) if (b[k] === 0 && b[k + 1] === 123) starts.push(k + 1);
  if (starts.length === 0 || (starts.length === 1 && starts[0] === i && !hasNul)) return null;
  starts.sort((x, y) => x - y);
  const values: unknown[] = [];
  const gaps: [number, number][] = [];
  /** The head of the list the events are items of, before the first of them (`{"kind":"EventList",…,"items":[`). */
  let head: string | null = null;
  let done = i;
  // An event whole holds no other place an event begins: each is tried up to the next such place first, tries that
  // together scan the line once. Tried again to the line's end (an event that does hold one), each may scan the rest
  // of the line: a bound on those, for a long line of garbage with many places to try (with the first tries, 8 times
  // the line at most).
  let budget = 7 * b.length;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k];
    if (at < done) continue;
    const next = starts[k + 1] ?? b.length;
    let end = skip(b, at, next);
    if (end < 0 && next < b.length && (budget -= b.length - at) >= 0) end = skip(b, at, b.length);
    if (end < 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(b.toString('utf8', at, end));
    } catch {
      continue;
    }
    if (!holdsAuditEvents(value)) continue;
    // White space between events (a carriage return alone ending each, as old Mac tools write lines) is no damage;
    // nor is a list's punctuation around its items (an EventList or a JSON array on one line, as kubectl get --raw
    // and jq -c write them): its head, the commas between them, its end (below).
    const gap = withoutBlanks(b, done, at, true);
    if (gap !== null) {
      if (values.length === 0 && gap[0] === i && isListHead(b.toString('utf8', gap[0], gap[1]))) head = b.toString('utf8', gap[0], gap[1]);
      else gaps.push(gap);
    }
    values.push(value);
    done = end;
  }
  if (values.length === 0) return null;
  let last = b.length;
  while (last > done && (b[last - 1] === 32 || b[last - 1] === 9 || b[last - 1] === 13)) last--;
  // A list whose head was read and nothing after its last event, its comma at most: cut between events, never closed.
  let ended = false;
  if (last > done && !(head !== null && closesList(head, b.toString('utf8', done, last)))) {
    const rest = withoutBlanks(b, done, last, true);
    if (head !== null && rest === null) ended = true;
    else gaps.push(rest ?? [done, last]);
  } else if (last <= done && head !== null) ended = true;
  if (ended && gaps.length === 0) {
    const n = values.length === 1 ? "its list's one whole audit event, which counts" : `its list's ${bytes(values.length)} whole audit events, which count`;
    const around = head!.trim() === '[' ? 'the array was' : 'the list and the document around it were';
    return { values, damage: `damaged line: it ends after ${n}; ${around} never closed (written up to an event's end, then stopped)` };
  }
  if (gaps.length === 0) return { values };
  const shown = gaps.slice(0, 3).map(([from, to]) => {
    const nul = nulsIn(b, from, to);
    const size = to - from;
    const what =
      nul === size
        ? 'NUL bytes'
        : nul > 0
          ? `${bytes(nul)} of them NUL bytes`
          : b[from] !== 123
            ? 'not JSON'
            : to < last
              ? 'an event cut short, the next written on after it'
              : 'an event cut short';
    return `bytes ${bytes(from + 1)}-${bytes(to)} (${what})`;
  });
  const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : '';
  const n = values.length === 1 ? 'the whole audit event on it counts' : `the ${values.length} whole audit events on it count`;
  const cause = hasNul ? `; ${NUL_CAUSE}` : '';
  return { values, damage: `damaged line: ${shown.join(', ')}${more} are not read; ${n}${cause}` };
}

/**
 * Whether a text opens a list and nothing else: the head of a JSON array or of a document's list (`[`,
 * `{"kind":"EventList",…,"items":[`), JSON once the brackets it leaves open are closed.
 */
function isListHead(text: string): boolean {
  if (!text.endsWith('[')) return false;
  const open: string[] = [];
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') open.pop();
  }
  return closesList(text, open.reverse().join(''));
}

/** Whether a list's head and what follows its last item make JSON: its end, and the members of its document after it. */
function closesList(head: string, tail: string): boolean {
  try {
    JSON.parse(head + tail);
    return true;
  } catch {
    return false;
  }
}

/**
 * b[from, to) without the spaces, tabs and carriage returns at its ends (and commas, between a list's items); null
 * when nothing else is left.
 */
function withoutBlanks(b: Buffer, from: number, to: number, commas = false): [number, number] | null {
  const blank = (c: number): boolean => c === 32 || c === 9 || c === 13 || (commas && c === 44);
  while (from < to && blank(b[from])) from++;
  while (to > from && blank(b[to - 1])) to--;
  return from < to ? [from, to] : null;
}

/**
 * The JSON objects of a line that holds several back to back ("{…}{…}"), or null. Firehose writes the records of a
 * CloudWatch Logs subscription (EKS's audit log) to S3 so: each its own gzip member, no newline between them.
 */
export function valuesBackToBack(text: string): unknown[] | null {
  if (!text.trimStart().startsWith('{')) return null;
  const b = Buffer.from(text, 'utf8');
  const values: unknown[] = [];
  for (let i = 0; ; ) {
    while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13 || b[i] === 10)) i++;
    if (i === b.length) break;
    const end = b[i] === 123 ? skipValue(b, i, b.length) : -1;
    if (end < 0) return null;
    try {
      values.push(JSON.parse(b.toString('utf8', i, end)));
    } catch {
      return null;
    }
    i = end;
  }
  return values.length > 1 ? values : null;
}

/** An object the cut of an input left open: its first line, and the audit events its lines held on their own. */
export interface OpenObject {
  start: number;
  events: number;
}

/**
 * What the one entry for an input that broke off says: where, why, what was read. `open`: an object it cut short,
 * which is part of the damage (the events its lines held on their own count).
 */
export function cutMessage(e: InflateError, lineNo: number, open?: OpenObject): string {
  // Not read at all: what it is and what to do say it all.
  if (e instanceof RefusedInput) return e.message;
  const compression = e.compression ?? 'gzip';
  const damaged = e.code === 'Z_DATA_ERROR' || (e.code?.startsWith('ZSTD_error_') ?? false);
  const what = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message) ? `truncated ${compression}` : damaged ? `corrupt ${compression}` : 'read error';
  // Bytes after the last gzip member (zstd frame) that begin none, and are not text either: what gzip -dc passes over
  // as trailing garbage, not damage to the data before them (said "corrupt gzip" still: the verdict's word).
  const afterData = compression === 'gzip' ? e.message === 'incorrect header check' : e.code === 'ZSTD_error_prefix_unknown';
  const problem = !afterData
    ? e.message
    : compression === 'gzip'
      ? `bytes after the end of its gzip data begin no gzip member (${e.message}, gzip -dc's "trailing garbage ignored") and are not read`
      : `bytes after the end of its zstd data begin no zstd frame (${e.message}) and are not read`;
  const cutObject = open
    ? `, but lines ${open.start}-${lineNo}, an object it cut short, are part of this entry` +
      (open.events > 0 ? ` (read on their own, they held ${open.events} audit event${open.events === 1 ? '' : 's'}, which count)` : '')
    : '';
  if (e.lostOnStdin) {
    const lines = `${grouped(lineNo)} line${lineNo === 1 ? ' was' : 's were'}`;
    const lost = `the lines zlib was inflating when it met the damage (up to ${INFLATE_CHUNK >> 20} MB) are lost`;
    return `${what}: ${problem}; ${lines} read before it${cutObject}, and ${lost}: stdin cannot be read again (give the file by name to keep every line before the damage)`;
  }
  // A checksum of the trailer: the data inflated whole but is not what was compressed. The damage is somewhere in it.
  const unchecked =
    /incorrect (data|length) check/.test(e.message) || e.code === 'ZSTD_error_checksum_wrong' ? `; they do not match the ${compression} checksum, so some of them may be damaged` : '';
  // zstd hands on whole blocks: the text of the block the damage is in never comes out.
  const block = compression === 'zstd' && what !== 'read error' && !unchecked && !e.whole ? '; the lines of the zstd block it broke in (up to 128 KB) are lost' : '';
  // Cut or damaged before a line came out: no line to name, nothing read (zstd's block: the whole of what it held).
  if (lineNo === 0 && !open) return `${what} before its first line: ${problem}; nothing of it was read${unchecked}`;
  return `${what} after line ${lineNo}: ${problem}; the lines before it were read${cutObject}${unchecked}${block}`;
}

/**
 * The notice for an input whose compressed data plain text follows (cat of a rotated .gz log and the live one, piped
 * in): unusual, so said, but nothing is lost: both are read.
 */
export function plainAfterMessage(name: string, at: number, compression: Compression): string {
  const rotated = `audit.log.1.${compression === 'gzip' ? 'gz' : 'zst'}`;
  return `${name}: its first ${at} bytes are ${compression} data and plain text follows (as from cat ${rotated} audit.log): both are read, as if given apart`;
}

/** Warnings about a whole input, once it is read. */
export function inputWarnings(stats: FileStats): void {
  const lines = `${grouped(stats.lines)} line${stats.lines === 1 ? '' : 's'}`;
  if (stats.lines === 0) stats.warnings.push(`${stats.file}: empty file`);
  // No value and no invalid line: every line was blank (each line not blank is one or the other, or in an entry's object).
  else if (stats.values === 0 && stats.invalid === 0) stats.warnings.push(`${stats.file}: ${lines}, all blank: as good as an empty file`);
  else if (stats.values === 0 && stats.legacy === stats.invalid) stats.warnings.push(`${stats.file}: ${lines} of ${LEGACY_AUDIT_LINE}`);
  // Audit events too long to read are JSON, each said at its line with the command that reads it.
  else if (stats.values === 0 && !stats.longEvents) stats.warnings.push(`${stats.file}: no JSON in ${lines}: is this an audit log?`);
}

const NOT_OPENED = 'read error at its start: ';

/**
 * The one entry, at line 1, of an input that could not be opened. Named on the command line, it stops the run instead
 * (thrown, an InputError: a typo must not pass as a log read); found in a directory given (one rotated away since the
 * walk, or unreadable, among many), it is one entry, as a read error is, and the other inputs count. Every reader of
 * logs (analyze on one thread or several, rbac) says it so.
 */
export function notOpened(name: string, err: unknown, found: boolean): string {
  if (!found) throw new InputError(readFailure(name, err));
  return `${NOT_OPENED}${readFailure(name, err)}; nothing of it was read, the other inputs count`;
}

/** Whether an invalid entry is notOpened's: its input was found in a directory and not read at all. */
export const wasNotOpened = (entry: { line: number; message: string }): boolean => entry.line === 1 && entry.message.startsWith(NOT_OPENED);

/**
 * Read one input into the sink. JSON lines, and also pretty-printed objects spanning lines (APISnoop's
 * test events are written that way). A truncated gzip keeps everything before the cut and says where it was cut.
 */
export async function readAuditInput(
  file: string,
  sink: LineSink,
  onBytes?: (bytes: number) => void,
  /** A file found in a directory given: one that cannot be opened is an invalid entry, and the others count. */
  found = false,
): Promise<FileStats> {
  const name = shownName(file);
  const stats: FileStats = { file: name, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
  let stream: AsyncIterable<Buffer>;
  const reader = new LineReader(name, sink, stats);
  try {
    stream = await openInput(
      file,
      (n) => {
        stats.bytes += n;
        onBytes?.(n);
      },
      (c) => (reader.compression = c),
      (csv) => (reader.csvColumn = csv.column),
      (at, c) => stats.warnings.push(plainAfterMessage(name, at, c)),
    );
  } catch (err) {
    const message = notOpened(name, err, found);
    stats.invalid++;
    sink.invalidLine(name, 1, message);
    return stats;
  }
  try {
    for await (const chunk of stream) reader.push(chunk);
  } catch (err) {
    reader.cut(err as NodeJS.ErrnoException);
    return stats;
  }
  reader.end();
  reader.close();
  inputWarnings(stats);
  return stats;
}
