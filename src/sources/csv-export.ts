// A CSV export of audit events given as a log (Logstash's csv output, a spreadsheet, a SIEM's export): each of its
// rows was a "not JSON" line, thousands of entries that never said what the file is. Its first line tells it, as a
// compression's first bytes do (compression.ts), and it is refused with one entry saying what to give instead.
import { isStage } from '../engine/audit.js';

/**
 * The bytes of an input's start whose first line is judged: a first line longer than this is not judged (the input is
 * read as lines). The parallel reader reads as many to tell its plain files, so that both readers judge the same bytes.
 */
export const CSV_HEAD_BYTES = 16 * 1024;

/** Column names of an audit event's fields, lower-cased, as a header names them (a flattened one by its last part). */
const AUDIT_COLUMNS = new Set(['auditid', 'requesturi', 'verb', 'stage', 'requestreceivedtimestamp', 'stagetimestamp', 'useragent', 'sourceips']);
/** Of which one at least, for a header to be of audit events: the fields no other kind of record is likely to name. */
const AUDIT_KEYS = new Set(['auditid', 'requesturi']);

const VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** A request URI as a row shows it, without its query (a watch's is long), for the entry. */
const shownUri = (uri: string): string => {
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : `${uri.slice(0, q)}?…`;
  return path.length > 80 ? `${path.slice(0, 79)}…` : path;
};

/**
 * What the first line of these bytes (an input's first CSV_HEAD_BYTES, or all of a shorter one) shows of a CSV export
 * of audit events, for its entry; null when it is no such line. Conservative: a line that is not JSON, of fields
 * separated by commas, semicolons or tabs, with a header naming audit event fields (auditID or requestURI among them),
 * or, without a header, a row holding a verb, a request URI and an auditID or a stage.
 */
export function csvExportOf(head: Buffer): string | null {
  const nl = head.indexOf(10);
  // A first line longer than what is judged is not judged.
  if (nl === -1 && head.length >= CSV_HEAD_BYTES) return null;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const line = head.toString('utf8', bom, nl === -1 ? head.length : nl).replace(/\r$/, '');
  const first = line.trimStart()[0];
  if (first === undefined || first === '{' || first === '[') return null;
  // Each separator in turn: a semicolon-separated row may hold commas in a value (a request URI's query).
  for (const separator of SEPARATORS) {
    const what = line.includes(separator) ? exportLine(line, separator) : null;
    if (what !== null) return what;
  }
  return null;
}

function exportLine(line: string, separator: string): string | null {
  const fields = csvFields(line, separator);
  if (fields === null || fields.length < 3) return null;
  const named = fields.filter((f) => AUDIT_COLUMNS.has(columnName(f)));
  if (named.length >= 2 && named.some((f) => AUDIT_KEYS.has(columnName(f)))) {
    const shown = named.slice(0, 3).map((f) => f.trim());
    return `a header naming audit event fields (${shown.join(', ')}${named.length > 3 ? ', …' : ''})`;
  }
  const verb = fields.find((f) => VERBS.has(f));
  const uri = fields.find((f) => /^\/\S*$/.test(f));
  const id = fields.find((f) => UUID.test(f));
  if (verb === undefined || uri === undefined || (id === undefined && !fields.some(isStage))) return null;
  return `a row of an audit event's fields without a header (${verb} ${shownUri(uri)}${id === undefined ? '' : `, auditID ${id}`})`;
}

/** The one entry of a CSV export of audit events: what it is, and what APISnoop reads instead. */
export function csvExportMessage(what: string): string {
  return (
    `CSV of audit events, not an audit log: its first line is ${what}. APISnoop reads audit events as JSON, one a line, as the API server ` +
    'writes them (--audit-log-path), and a CSV keeps only some of their fields: give that log, or export the events as JSON lines rather than CSV'
  );
}
