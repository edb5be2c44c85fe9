// Reading audit logs from the world: files (plain or gzip, by content not name), directories, stdin.
// Streams line by line over Buffers: memory holds one chunk and one line, never the file.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Longer lines are reported and skipped rather than buffered without bound. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** What the reader hands on: a JSON value with its place, or a line it could not use. */
export interface LineSink {
  value(raw: unknown, file: string, line: number): void;
  invalidLine(file: string, line: number, message: string): void;
}

export interface FileStats {
  file: string;
  bytes: number;
  lines: number;
  /** Lines or multi-line objects handed on as JSON values. */
  values: number;
  invalid: number;
  warnings: string[];
}

export class InputError extends Error {}

/** Expand directories (recursively, sorted, hidden files skipped) into files; '-' stays stdin. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(input);
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch (err) {
      throw new InputError(`${input}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (st.isDirectory()) {
      const entries = (await readdir(input)).filter((n) => !n.startsWith('.')).sort();
      out.push(...(await expandInputs(entries.map((n) => join(input, n)))));
    } else out.push(input);
  }
  return out;
}

/** Track {} / [] depth outside strings, to know when a pretty-printed object is complete. */
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

/** Peek the first bytes: gzip is recognised by its magic number, whatever the file is called. */
async function openInput(file: string, onBytes: (n: number) => void): Promise<AsyncIterable<Buffer>> {
  const raw: Readable = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  const head: Buffer | null = first.done ? null : first.value;
  async function* counted(): AsyncGenerator<Buffer> {
    if (head) {
      onBytes(head.length);
      yield head;
    }
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      onBytes(n.value.length);
      yield n.value;
    }
  }
  const gzip = head !== null && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  return gzip ? Readable.from(counted()).pipe(createGunzip()) : counted();
}

/**
 * Read one input into the sink. JSON lines, and also pretty-printed objects spanning lines (APISnoop's
 * test events are written that way). A truncated gzip keeps everything before the cut and says where it was cut.
 */
export async function readAuditInput(
  file: string,
  sink: LineSink,
  onBytes?: (bytes: number) => void,
): Promise<FileStats> {
  const name = file === '-' ? '(stdin)' : file;
  const stats: FileStats = { file: name, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
  let stream: AsyncIterable<Buffer>;
  try {
    stream = await openInput(file, (n) => {
      stats.bytes += n;
      onBytes?.(n);
    });
  } catch (err) {
    throw new InputError(`${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }

  let carry: Buffer[] = [];
  let carryLen = 0;
  let skipping = false; // inside an over-long line, dropping bytes until its newline
  let lineNo = 0;
  // A multi-line object being gathered.
  let multi: { start: number; parts: string[]; depth: number; size: number } | null = null;

  const invalid = (line: number, message: string): void => {
    stats.invalid++;
    sink.invalidLine(name, line, message);
  };

  const handle = (text: string): void => {
    lineNo++;
    stats.lines++;
    if (multi) {
      multi.parts.push(text);
      multi.size += text.length;
      multi.depth += depthDelta(text);
      if (multi.size > MAX_LINE_BYTES) {
        invalid(multi.start, `object starting here is larger than ${MAX_LINE_BYTES} bytes`);
        multi = null;
      } else if (multi.depth <= 0) {
        const m = multi;
        multi = null;
        try {
          const raw = JSON.parse(m.parts.join('\n'));
          stats.values++;
          sink.value(raw, name, m.start);
        } catch (err) {
          invalid(m.start, `not JSON (object on lines ${m.start}-${lineNo}): ${(err as Error).message}`);
        }
      }
      return;
    }
    let first = 0;
    while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9 || text.charCodeAt(first) === 13)) first++;
    if (first === text.length) return; // blank line: not input
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const c = text.charCodeAt(first);
      if (c === 123 || c === 91) {
        const depth = depthDelta(text);
        if (depth > 0) {
          multi = { start: lineNo, parts: [text], depth, size: text.length };
          return;
        }
      }
      invalid(lineNo, `not JSON: ${(err as Error).message.slice(0, 200)}`);
      return;
    }
    stats.values++;
    sink.value(raw, name, lineNo);
  };

  const endLine = (): void => {
    if (skipping) {
      lineNo++;
      stats.lines++;
      invalid(lineNo, `line longer than ${MAX_LINE_BYTES} bytes, skipped`);
      skipping = false;
    } else {
      const buf = carry.length === 1 ? carry[0] : Buffer.concat(carry, carryLen);
      handle(buf.toString('utf8'));
    }
    carry = [];
    carryLen = 0;
  };

  try {
    for await (const chunk of stream) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        if (nl === -1) break;
        if (!skipping) {
          if (carryLen === 0) handle(chunk.toString('utf8', start, nl));
          else {
            carry.push(chunk.subarray(start, nl));
            carryLen += nl - start;
            endLine();
          }
        } else endLine();
        carry = [];
        carryLen = 0;
        start = nl + 1;
      }
      if (start < chunk.length && !skipping) {
        carry.push(chunk.subarray(start));
        carryLen += chunk.length - start;
        if (carryLen > MAX_LINE_BYTES) {
          skipping = true;
          carry = [];
          carryLen = 0;
        }
      }
    }
  } catch (err) {
    // Keep what came before the cut (the last partial line may still be whole JSON).
    if (carryLen > 0 || skipping) endLine();
    const e = err as NodeJS.ErrnoException;
    const what = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message) ? 'truncated gzip' : e.code === 'Z_DATA_ERROR' ? 'corrupt gzip' : 'read error';
    invalid(lineNo + 1, `${what} after line ${lineNo}: ${e.message}; the lines before it were read`);
    return stats;
  }
  if (carryLen > 0 || skipping) endLine();
  if (multi) invalid((multi as { start: number }).start, `object starting here is not closed at end of file (line ${lineNo})`);
  if (stats.lines === 0) stats.warnings.push(`${name}: empty file`);
  else if (stats.values === 0) stats.warnings.push(`${name}: no JSON in ${stats.lines} lines: is this an audit log?`);
  return stats;
}
