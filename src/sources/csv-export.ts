// A CSV export of audit events given as a log (Logstash's csv output, a spreadsheet, a SIEM's export): each of its
// rows was a "not JSON" line, thousands of entries that never said what the file is. Its first line tells it, as a
// compression's first bytes do (compression.ts), and it is refused with one entry saying what to give instead.
// A CSV export whose column holds each event whole, as JSON text (the console download of a CloudWatch Logs Insights
// query, of an Azure Log Analytics query of AzureDiagnostics, of a Splunk search), is read: each row's cell is the
// event, as the field of any other log record is (engine/log-envelope.ts).
import { isStage, UUID } from '../engine/audit.js';
import { AKS_AUDIT_KEYS, CSV_COLUMNS, CSV_ROW } from '../engine/log-envelope.js';
import { requestPattern } from '../engine/operation-index.js';

/**
 * The bytes of an input's start whose first line is judged (and the start of the second, csvEventsOf): a first line
 * longer than this is not judged (the input is read as lines). The parallel reader reads as many to tell its plain files, so that both readers judge the same bytes.
 */
export const CSV_HEAD_BYTES = 16 * 1024;

/** Column names of an audit event's fields, lower-cased, as a header names them (a flattened one by its last part). */
const AUDIT_COLUMNS = new Set(['auditid', 'requesturi', 'verb', 'stage', 'requestreceivedtimestamp', 'stagetimestamp', 'useragent', 'sourceips']);
/** Of which one at least, for a header to be of audit events: the fields no other kind of record is likely to name. */
const AUDIT_KEYS = new Set(['auditid', 'requesturi']);

const VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);

/**
 * Between fields: RFC 4180's comma, the semicolon a spreadsheet saves with where the comma is the decimal separator
 * (Excel in German, French, Spanish...), and a tab (a spreadsheet's or a SIEM's tab-separated export).
 */
const SEPARATORS = [',', ';', '\t'] as const;

/** A line's fields as RFC 4180 reads them (quoted ones may hold separators, "" is a quote), or null if its quotes are not. */
function csvFields(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; ; i++) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] !== '"') break;
          i++;
        }
        field += line[i];
      }
      i++;
      if (i < line.length && line[i] !== separator) return null;
    } else {
      const next = line.indexOf(separator, i);
      const end = next === -1 ? line.length : next;
      field = line.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

/** A column's name as AUDIT_COLUMNS has it: `objectRef.resource` by `resource`, `user.groups[0]` by `groups`. */
const columnName = (name: string): string =>
  name
    .trim()
    .replace(/\[\d*\]$/, '')
    .split('.')
    .pop()!
    .toLowerCase();

/**
 * A request URI as the entry shows it: its pattern, as an unmatched row's (requestPattern: no query, no names or
 * namespaces, no text after a ; or a #), cut to 80 characters.
 */
const shownUri = (uri: string): string => {
  const pattern = requestPattern(uri);
  return pattern.length > 80 ? `${pattern.slice(0, 79)}…` : pattern;
};

/**
 * The first line of these bytes (an input's first CSV_HEAD_BYTES, or all of a shorter one) as a CSV line would be,
 * without its byte order mark and CR; null when it cannot be one: empty, JSON (an object or an array), or longer than
 * what is judged.
 */
function firstCsvLine(head: Buffer): string | null {
  const nl = head.indexOf(10);
  if (nl === -1 && head.length >= CSV_HEAD_BYTES) return null;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const line = head.toString('utf8', bom, nl === -1 ? head.length : nl).replace(/\r$/, '');
  const first = line.trimStart()[0];
  return first === undefined || first === '{' || first === '[' ? null : line;
}

/**
 * What the first line of these bytes (an input's first CSV_HEAD_BYTES, or all of a shorter one) shows of a CSV export
 * of audit events, for its entry; null when it is no such line. Conservative: a line that is not JSON, of fields
 * separated by commas, semicolons or tabs, with a header naming audit event fields (auditID or requestURI among them),
 * or, without a header, a row holding a verb, a request URI and an auditID or a stage.
 */
export function csvExportOf(head: Buffer): CsvExport | null {
  const line = firstCsvLine(head);
  if (line === null) return null;
  // Each separator in turn: a semicolon-separated row may hold commas in a value (a request URI's query).
  for (const separator of SEPARATORS) {
    const what = line.includes(separator) ? exportLine(line, separator) : null;
    if (what !== null) return what;
  }
  return null;
}

/** What csvExportOf tells of a CSV export of audit events: what its first line shows, and whose export it is. */
export interface CsvExport {
  what: string;
  /** AKS's resource-specific AKSAudit (or AKSAuditAdmin) table, whose rows are read as JSON (log-envelope.ts). */
  aksAudit: boolean;
}

function exportLine(line: string, separator: string): CsvExport | null {
  const fields = csvFields(line, separator);
  if (fields === null || fields.length < 3) return null;
  const named = fields.filter((f) => AUDIT_COLUMNS.has(columnName(f)));
  if (named.length >= 2 && named.some((f) => AUDIT_KEYS.has(columnName(f)))) {
    const shown = named.slice(0, 3).map((f) => f.trim());
    const aksAudit = AKS_AUDIT_KEYS.every((c) => fields.some((f) => f.trim() === c));
    return { what: `a header naming audit event fields (${shown.join(', ')}${named.length > 3 ? ', …' : ''})`, aksAudit };
  }
  const verb = fields.find((f) => VERBS.has(f));
  const uri = fields.find((f) => /^\/\S*$/.test(f));
  const id = fields.find((f) => UUID.test(f));
  if (verb === undefined || uri === undefined || (id === undefined && !fields.some(isStage))) return null;
  return { what: `a row of an audit event's fields without a header (${verb} ${shownUri(uri)}${id === undefined ? '' : `, auditID ${id}`})`, aksAudit: false };
}

/** The one entry of a CSV export of audit events: what it is, and what APISnoop reads instead. */
export function csvExportMessage(csv: CsvExport): string {
  const start = `CSV of audit events, not an audit log: its first line is ${csv.what}. `;
  // The table's rows as JSON are read, the same columns: the CSV is only the wrong form of them.
  if (csv.aksAudit) {
    return (
      start +
      "AKS's AKSAudit table is read from its rows as JSON, not as CSV: export them so, az monitor log-analytics query -w WORKSPACE " +
      "--analytics-query 'AKSAudit' > audit.json, or give the API server's log"
    );
  }
  return (
    start +
    'APISnoop reads audit events as JSON, one a line, as the API server writes them (--audit-log-path), and a CSV keeps only some of their fields: ' +
    'give that log, or export the events as JSON lines rather than CSV'
  );
}

/** A CSV export whose header names a column of the event as JSON text: the column, its place, and the separator. */
export interface CsvEvents {
  column: string;
  index: number;
  /** The header's columns (a row of another count cannot be read). */
  columns: number;
  separator: string;
}

/**
 * The column of these bytes' first line (an input's first CSV_HEAD_BYTES) that holds each row's audit event, when the
 * line is a CSV header naming one (CSV_COLUMNS, exactly as the export writes it, quoted or not); null otherwise. A
 * header that names both such a column and some of the event's own fields (a query's picks beside @message) is read
 * by that column, as a Logs Insights result in JSON is.
 */
export function csvEventsOf(head: Buffer): CsvEvents | null {
  const line = firstCsvLine(head);
  if (line === null) return null;
  for (const separator of SEPARATORS) {
    const fields = csvFields(line, separator)?.map((f) => f.trim());
    if (!fields) continue;
    for (const [column] of CSV_COLUMNS) {
      const index = fields.indexOf(column);
      if (index !== -1) return jsonUnder(head, separator, fields.length) ? null : { column, index, columns: fields.length, separator };
    }
  }
  return null;
}

/**
 * Whether the line after the first (whole or cut at the head's end) is a JSON line and no row of the header's columns:
 * a first line that merely reads "message" or "log" above JSON lines is no CSV header, and its events are read as lines.
 * A CSV writer quotes a cell of JSON text (it holds quotes), so a row begins with a bare { or [ only in an export that
 * quotes nothing (tab-separated), whose rows then have the header's cells; a lone column's cell is never bare JSON.
 */
function jsonUnder(head: Buffer, separator: string, columns: number): boolean {
  const nl = head.indexOf(10);
  if (nl === -1) return false;
  const end = head.indexOf(10, nl + 1);
  const row = head.toString('utf8', nl + 1, end === -1 ? head.length : end).replace(/\r$/, '');
  const first = row.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  if (columns === 1) return true;
  const cells = csvFields(row, separator);
  return cells === null || cells.length > columns || (end !== -1 && cells.length !== columns);
}

/** One row of a CSV: its lines, its cells (unread when it is over long), and what is wrong with it, if anything. */
interface CsvRow {
  line: number;
  last: number;
  cells: string[];
  problem: string | null;
}

/** A cell's buffer to begin with (an event of a few KB), and the most kept once a row is read. */
const CELL_BYTES = 16 * 1024;
const CELL_BYTES_KEPT = 1 << 20;

// The reader's states: at a cell's start, in a cell not quoted, in a quoted one, just after a quote in a quoted one.
const START = 0;
const BARE = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/**
 * RFC 4180 rows from bytes in pieces: a quoted cell may hold separators, newlines (a row spans lines) and quotes,
 * doubled; CRLF or LF ends a row. A row is held whole up to maxBytes (the bound on any line): past it, it is read to
 * its end without its bytes and said to be over long. Bytes, not text: a piece may end inside a character, and the
 * separator, the quote and the newline are bytes no UTF-8 character holds.
 */
export class CsvRows {
  private state = START;
  /**
   * The cell being read: its bytes so far, copied into one buffer (a piece's memory may be read into again). A Buffer
   * of each run between doubled quotes, of which an event's JSON is full, held 15 MB of a row in 1.5 GB and took 20 s.
   */
  private buf = Buffer.allocUnsafe(CELL_BYTES);
  private len = 0;
  private cells: string[] = [];
  private size = 0;
  private started = false;
  private over = false;
  private problem: string | null = null;
  /** The line being read, the row's first, and the line its open quote was on. */
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  /** The newlines read: the input's lines, as the line reader counts them. */
  newlines = 0;
  /** Whether the last byte read is a newline (the line after it, if the input ends there, is none). */
  private newlineLast = false;

  constructor(
    private readonly separator: number,
    private readonly maxBytes: number,
    private readonly onRow: (row: CsvRow) => void,
  ) {}

  push(b: Buffer): void {
    const n = b.length;
    if (n > 0) this.newlineLast = b[n - 1] === 10;
    let i = 0;
    while (i < n) {
      this.started = true;
      if (this.state === START) {
        if (b[i] === 34) {
          this.state = QUOTED;
          this.quoteLine = this.line;
          this.grow(1);
          i++;
        } else this.state = BARE;
      } else if (this.state === BARE) {
        let k = i;
        while (k < n && b[k] !== this.separator && b[k] !== 10) k++;
        this.take(b, i, k);
        if (k === n) return;
        if (b[k] === 10) {
          this.newlines++;
          this.endRow(true);
        } else {
          this.endCell(false);
          this.grow(1);
        }
        i = k + 1;
      } else if (this.state === QUOTED) {
        i = this.quoted(b, i, n);
      } else {
        const c = b[i];
        if (c === 34) {
          // A doubled quote: one quote of the cell's text.
          this.take(b, i, i + 1);
          this.state = QUOTED;
          i++;
        } else if (c === this.separator) {
          this.endCell(false);
          this.grow(1);
          i++;
        } else if (c === 10) {
          this.newlines++;
          this.endRow(false);
          i++;
        } else if (c === 13) {
          this.grow(1);
          i++;
        } else {
          this.problem ??= `not a row of RFC 4180 CSV: text after the closing quote of its cell ${this.cells.length + 1} (a quote in a quoted cell not doubled?)`;
          this.state = BARE;
        }
      }
    }
  }

  /**
   * A quoted cell's bytes from i on, to its closing quote (then AFTER_QUOTE) or the piece's end: copied, a doubled
   * quote as one, its newlines counted; returns where it stopped. Byte by byte, here: an event's JSON doubles a quote
   * every few bytes, and a search and a copy of the buffer's for each run between them (10 M calls on 100 MB) took
   * longer than the bytes.
   */
  private quoted(b: Buffer, i: number, n: number): number {
    let k = i;
    while (k < n) {
      // As far as the buffer has room (grown a cell's start at a time); once the row is past its bound, not copied.
      const keep = !this.over;
      if (keep) this.reserve(this.len + Math.min(n - k, CELL_BYTES));
      const stop = keep ? Math.min(n, k + this.buf.length - this.len) : n;
      const out = this.buf;
      let len = this.len;
      const from = k;
      for (; k < stop; k++) {
        const c = b[k];
        if (c === 34) {
          // Doubled: one quote of the cell's text. Else (or not known yet, at the piece's end) the closing quote.
          if (k + 1 === n || b[k + 1] !== 34) break;
          k++;
        } else if (c === 10) {
          this.line++;
          this.newlines++;
        }
        if (keep) out[len++] = c;
      }
      if (keep) this.len = len;
      if (k < stop) {
        this.grow(k + 1 - from);
        this.state = AFTER_QUOTE;
        return k + 1;
      }
      this.grow(k - from);
    }
    return n;
  }

  /** The end of the input: a last row without its newline is a row; one inside a quoted cell is said. */
  end(): void {
    if (!this.started) return;
    if (this.state === QUOTED) {
      if (this.newlineLast) this.line--;
      const lines = this.line > this.rowLine ? `lines ${this.rowLine}-${this.line} are` : `line ${this.rowLine} is`;
      this.problem = `a quoted cell opened at line ${this.quoteLine} is not closed by the end of the input: ${lines} not read`;
      this.over = true;
      this.cells = [];
      this.endRow(false);
    } else this.endRow(this.state === BARE);
  }

  /** Count n bytes of the row; past maxBytes its cells are dropped. */
  private grow(n: number): void {
    this.size += n;
    if (this.size > this.maxBytes && !this.over) {
      this.over = true;
      this.len = 0;
      this.cells = [];
    }
  }

  private take(b: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.grow(to - from);
    if (this.over) return;
    const len = this.len + to - from;
    this.reserve(len);
    b.copy(this.buf, this.len, from, to);
    this.len = len;
  }

  /** Room in the cell's buffer for len bytes. */
  private reserve(len: number): void {
    if (len <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(len, 2 * this.buf.length));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** A cell ends; `crlf`: a bare one at the row's end, whose last byte may be the CR of a CRLF. */
  private endCell(crlf: boolean): void {
    let text = this.buf.toString('utf8', 0, this.len);
    this.len = 0;
    if (crlf && text.endsWith('\r')) text = text.slice(0, -1);
    if (!this.over) this.cells.push(text);
    this.state = START;
  }

  private endRow(bare: boolean): void {
    if (this.state !== QUOTED) this.endCell(bare);
    const over = this.over && this.problem === null;
    const lines = this.line > this.rowLine ? `lines ${this.rowLine}-${this.line}` : `line ${this.rowLine}`;
    this.onRow({
      line: this.rowLine,
      last: this.line,
      cells: this.cells,
      problem: over
        ? `CSV row longer than ${this.maxBytes} bytes (${lines}), skipped${this.line > this.rowLine ? ': a quoted cell not closed?' : ''}`
        : this.problem,
    });
    this.cells = [];
    this.len = 0;
    // A long row's buffer is not kept for the short ones after it.
    if (this.buf.length > CELL_BYTES_KEPT) this.buf = Buffer.allocUnsafe(CELL_BYTES);
    this.size = 0;
    this.over = false;
    this.problem = null;
    this.started = false;
    this.state = START;
    this.line++;
    this.rowLine = this.line;
  }
}

/**
 * Whether a cell cannot be a line of its own and goes as a record: blank (the reader skips a blank line), of several
 * lines, or holding the record's key (taken for a record of csvEventLines, it would lose its column).
 */
const needsRecord = (text: string): boolean => text.includes('\n') || text.includes(CSV_ROW) || text.trim() === '';

/** A row's cell as the record the engine reads a CSV row as (log-envelope.ts), for the line reader to hand on. */
export const cellRecord = (column: string, text: string): object => ({ [CSV_ROW]: { column, text } });

/** How a line of csvEventLines that is no cell's own text begins: a record of CSV_ROW, JSON.stringify's. */
export const CSV_RECORD_START = `{${JSON.stringify(CSV_ROW)}:`;

/**
 * The rows of a CSV export of events as lines the line reader reads in its CSV mode (LineReader.csvColumn): each
 * row's cell, on the line the row begins on, as its own text, which the reader reads as a JSON line and hands on as a
 * record of CSV_ROW when it is no audit event; and a blank line for each other line (the header's, a row's further
 * lines), so that a bad row is said at its line of the file, and a cut after it (a truncated .gz) too. A row that
 * cannot be read is a record of its problem (CSV_RECORD_START), said there, and so is a cell that cannot be a line of
 * its own (blank, of several lines, or holding such a record). (A byte order mark is the header's, and the header is
 * no row.)
 */
export async function* csvEventLines(pieces: AsyncIterable<Buffer>, csv: CsvEvents, maxBytes: number): AsyncGenerator<Buffer> {
  let out = '';
  /** Lines handed on so far. */
  let lines = 0;
  let header = true;
  let rows = 0;
  const line = (row: { line: number; last: number }, text: string): void => {
    out += '\n'.repeat(row.line - 1 - lines) + text + '\n'.repeat(row.last - row.line + 1);
    lines = row.last;
  };
  const record = (row: { line: number; last: number }, what: object): void => line(row, JSON.stringify({ [CSV_ROW]: what }));
  const reader = new CsvRows(csv.separator.charCodeAt(0), maxBytes, (row) => {
    if (header) {
      header = false;
      return;
    }
    // A blank line is no row.
    if (row.problem === null && row.cells.length === 1 && row.cells[0].trim() === '') return;
    rows++;
    // A row not read (its cells dropped) is its problem; a row of cells is judged by their count first: an event not
    // quoted is split at its commas, and the quotes of its keys are then out of place too.
    if (row.problem !== null && (row.cells.length === 0 || row.cells.length === csv.columns)) return record(row, { problem: row.problem });
    const n = row.cells.length;
    if (n !== csv.columns) {
      const hint = n > csv.columns ? ' (a cell holding the separator not quoted?)' : '';
      return record(row, {
        problem: `CSV row of ${n} cell${n === 1 ? '' : 's'} where its header names ${csv.columns} columns: its "${csv.column}" cell cannot be told${hint}`,
      });
    }
    const text = row.cells[csv.index];
    // The cell as its own line, read as JSON lines are (no copy of it escaped as JSON, parsed back): no longer than
    // the row, so within the bound on a line.
    if (!needsRecord(text)) line(row, text);
    // A record: past the bound on a line once escaped, the row is said here instead.
    else if (text.length > maxBytes / 2 && Buffer.byteLength(JSON.stringify(text)) > maxBytes - 100) {
      record(row, { problem: `CSV row longer than ${maxBytes} bytes as a line, skipped` });
    } else record(row, { column: csv.column, text });
  });
  for await (const piece of pieces) {
    reader.push(piece);
    if (out) {
      yield Buffer.from(out);
      out = '';
    }
  }
  reader.end();
  if (rows === 0) record({ line: 1, last: 1 }, { problem: `CSV export with a header naming its "${csv.column}" column and no rows: no audit event in it` });
  // The lines after the last row: the input's count of lines.
  if (reader.newlines > lines) out += '\n'.repeat(reader.newlines - lines);
  if (out) yield Buffer.from(out);
}
