// Audit events as log pipelines carry them: inside a record of their own, as the JSON text of one field or as an
// object, or in a list of such records. A managed cluster's audit log reaches its users only so (EKS through
// CloudWatch Logs, AKS through Azure Monitor), and so does any log shipped by a container runtime's log driver,
// fluentd or fluent-bit, or kept in Elasticsearch, OpenSearch or Splunk. Every line of such a log was one bad line,
// "not an audit event: no auditID".
import { recordPieceHint, rewrittenFile } from './line-prefix.js';

/** Lists of log records, each an envelope (or an event): the path, and whose list it is. */
const LISTS: readonly (readonly [readonly string[], string])[] = [
  [['events'], 'a CloudWatch Logs "events" list (aws logs filter-log-events, get-log-events)'],
  [['logEvents'], 'a CloudWatch Logs "logEvents" list (a subscription\'s records, as Firehose delivers them)'],
  [['records'], 'an Azure Monitor "records" list (diagnostic logs, as Event Hubs and storage accounts hold them)'],
  [['hits', 'hits'], 'an Elasticsearch or OpenSearch "hits.hits" list (a search\'s response)'],
  [['results'], 'a CloudWatch Logs Insights "results" list (aws logs get-query-results)'],
];

/** Fields that hold the record's event, or a record within, as an object (or its JSON text): the path, and whose field it is. */
const OBJECTS: readonly (readonly [readonly string[], string])[] = [
  [['kubernetes', 'audit'], 'the "kubernetes.audit" field of an Elastic Agent or Filebeat document'],
  [['_source'], 'the "_source" of an Elasticsearch or OpenSearch hit'],
  [['result'], 'the "result" of a Splunk export record'],
];

/** A "message" field is many records' (messageWhere): whose it is, the record's other fields say. */
const MESSAGE_FIELD = 'the "message" field of a log record';

/**
 * Fields that hold a record's line as text: the path, and whose field it is. The first that is a string is read, else
 * the first that is an object with a kind, apiVersion or auditID (the line parsed by the shipper).
 */
const TEXTS: readonly (readonly [readonly string[], string])[] = [
  [['log'], 'the "log" field of a container log record (Docker\'s json-file, fluentd, fluent-bit)'],
  [['properties', 'log'], 'the "properties.log" field of an Azure Monitor record (AKS\'s kube-audit)'],
  [['log_s'], 'the "log_s" field of an Azure Log Analytics row (AzureDiagnostics, AKS\'s kube-audit: az monitor log-analytics query)'],
  [['message'], MESSAGE_FIELD],
  [['@message'], 'the "@message" field of a CloudWatch Logs Insights record'],
  [['_raw'], 'the "_raw" field of a Splunk event'],
  [['MESSAGE'], 'the "MESSAGE" field of a journald record (journalctl -o json)'],
  [['line'], 'the "line" field of a Loki record (logcli --output jsonl)'],
];

/**
 * A row of a CSV export whose column holds the event (sources/csv-export.ts): a row whose cell is no audit event is
 * handed on as a record of this one key, {column, text}, or {problem} for a row the CSV reader could not read, so that
 * the row is read as any other log record (and a bad one said at its line) by both readers. No log writes this key.
 */
export const CSV_ROW = 'apisnoop/csv-row';

/** The columns of a CSV export that hold the event as JSON text, in the order looked for, and whose export it is. */
export const CSV_COLUMNS: readonly (readonly [string, string])[] = [
  ['@message', 'CloudWatch Logs Insights'],
  ['log_s', "Azure Log Analytics: AzureDiagnostics, AKS's kube-audit"],
  ['_raw', 'Splunk'],
  ['log', ''],
  ['message', ''],
  ['MESSAGE', ''],
  ['line', ''],
];

/** How a message names a CSV export's column. */
export function csvColumnWhere(column: string): string {
  const whose = CSV_COLUMNS.find(([name]) => name === column)?.[1];
  return `the "${column}" column of a CSV export${whose ? ` (${whose})` : ''}`;
}

/** Docker's field: the json-file driver cuts a line of over 16 KB into records, each holding a part of it. */
const DOCKER_LOG = TEXTS[0][1];

/**
 * What a record holds: a list of records, an object (the event, or a record within), or the JSON text of one (where:
 * how a message names it).
 */
export type Envelope = { items: unknown[]; where: string } | { value: object; where: string } | { text: string; where: string } | { problem: string };

/** A parsed JSON value as an object of fields, or null (an array, text, a number, null). */
function objectOf(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The value at a path of objects, or undefined. */
function at(o: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = o;
  for (const key of path) v = objectOf(v)?.[key];
  return v;
}

/**
 * A Logs Insights result is a list of {field, value} pairs, one per field of the query (@timestamp, @message, @ptr):
 * the record they stand for, {"@message": …}. Anything else is left as it is.
 */
function fieldsRecord(item: unknown): unknown {
  if (!Array.isArray(item) || item.length === 0) return item;
  const pairs = item as { field?: unknown; value?: unknown }[];
  if (!pairs.every((p) => p !== null && typeof p === 'object' && typeof p.field === 'string')) return item;
  // With @message, the other fields are the query's picks from the event (fields auditID, verb, @message): kept, an
  // auditID or kind made the result a would-be event of those few fields, refused, and the event in @message lost.
  const message = pairs.find((p) => p.field === '@message');
  if (message) return { '@message': message.value };
  return Object.fromEntries(pairs.map((p) => [p.field, p.value]));
}

/**
 * A parsed JSON value as a record of a log pipeline: an object that is no attempt at an audit event (no kind,
 * apiVersion or auditID of its own, so that an event with an extra field of a record's names stays an event; the
 * fast path, event-fields.ts, reads it as one). Null for anything else.
 */
function recordOf(raw: unknown): Record<string, unknown> | null {
  const o = objectOf(raw);
  if (o === null) return null;
  return o.kind === undefined && o.apiVersion === undefined && o.auditID === undefined ? o : null;
}

/**
 * The envelope a parsed JSON value is, or null when it is none: a record (recordOf) with one of LISTS as an array,
 * one of OBJECTS as an object, or one of TEXTS as a string, looked for in that order.
 */
export function envelopeOf(raw: unknown): Envelope | null {
  const o = recordOf(raw);
  if (o === null) return null;
  const row = o[CSV_ROW] as { column?: unknown; text?: unknown; problem?: unknown } | undefined;
  if (row && typeof row === 'object') {
    if (typeof row.problem === 'string') return { problem: row.problem };
    if (typeof row.text === 'string' && typeof row.column === 'string') return { text: row.text, where: csvColumnWhere(row.column) };
  }
  for (const [path, where] of LISTS) {
    const items = at(o, path);
    if (Array.isArray(items)) return { items: items.map(fieldsRecord), where };
  }
  const loki = lokiLines(o);
  if (loki !== null) return loki;
  for (const [path, where] of OBJECTS) {
    const value = objectOf(at(o, path));
    if (value) return { value, where };
  }
  for (const [path, where] of TEXTS) {
    const text = at(o, path);
    if (typeof text === 'string') return { text, where: textWhere(o, where) };
  }
  // A shipper that parsed the line as JSON may keep it there as an object: one that is an attempt at an event. Any
  // other is no line (Filebeat's and Elastic Agent's "log" is the file read, {offset, file: {path}}): the event is
  // elsewhere, as JSON text under kubernetes.audit say.
  for (const [path, where] of TEXTS) {
    const value = objectOf(at(o, path));
    if (value && recordOf(value) === null) return { value, where: textWhere(o, where) };
  }
  // The event's JSON text where a document keeps it as an object (indexed without parsing it): after the fields of a
  // line, so that a record's own "result" or "_source" string is no event it holds.
  for (const [path, where] of OBJECTS) {
    const text = at(o, path);
    if (typeof text === 'string') return { text, where };
  }
  return aksAuditRow(o) ?? journaldMessage(o);
}

/**
 * Whose a record's text field is: for "message", told by the fields beside it (CloudWatch Logs' stream and ids, an
 * Elastic Common Schema document's ecs, agent or log.file), else no source named: a record of any logger has one.
 */
function textWhere(o: Record<string, unknown>, where: string): string {
  if (where !== MESSAGE_FIELD) return where;
  if ('logStreamName' in o || 'ingestionTime' in o || 'eventId' in o) return `${MESSAGE_FIELD} (CloudWatch Logs: EKS's kube-apiserver-audit)`;
  if ('@timestamp' in o && ('ecs' in o || 'agent' in o || objectOf(at(o, ['log', 'file'])) !== null)) return `${MESSAGE_FIELD} (a Filebeat or Elastic Agent document, ECS)`;
  return MESSAGE_FIELD;
}

const LOKI_RESPONSE = 'a Loki query\'s response (/loki/api/v1/query_range: data.result[].values)';

/**
 * A Loki query's response of log streams: each stream's values are [time, line] pairs (a third, structured metadata,
 * in newer Loki), the lines of all streams one list of Loki records, {line}. Null for anything else (a Prometheus
 * response's values are numbers: resultType matrix).
 */
function lokiLines(o: Record<string, unknown>): Envelope | null {
  const result = at(o, ['data', 'result']);
  if (at(o, ['data', 'resultType']) !== 'streams' || !Array.isArray(result)) return null;
  const items = result.flatMap((stream: unknown) => {
    const values = (stream as { values?: unknown } | null)?.values;
    if (!Array.isArray(values)) return [stream];
    return values.map((v: unknown) => (Array.isArray(v) && typeof v[1] === 'string' ? { line: v[1] } : v));
  });
  return { items, where: LOKI_RESPONSE };
}

/**
 * A row of AKS's resource-specific AKSAudit or AKSAuditAdmin table (az monitor log-analytics query): the event's
 * fields as columns of other names, its objects (User, ObjectRef, ResponseStatus…) as JSON text or as objects.
 */
const AKS_AUDIT_COLUMNS: readonly (readonly [string, string])[] = [
  ['AuditId', 'auditID'],
  ['Stage', 'stage'],
  ['RequestUri', 'requestURI'],
  ['Verb', 'verb'],
  ['User', 'user'],
  ['ImpersonatedUser', 'impersonatedUser'],
  ['UserAgent', 'userAgent'],
  ['ObjectRef', 'objectRef'],
  ['ResponseStatus', 'responseStatus'],
  ['Annotations', 'annotations'],
  ['RequestReceivedTime', 'requestReceivedTimestamp'],
  ['StageReceivedTime', 'stageTimestamp'],
  ['TimeGenerated', 'timestamp'],
];
/** The columns that tell an AKSAudit row, in a JSON row or a CSV export's header (csv-export.ts). */
export const AKS_AUDIT_KEYS: readonly string[] = ['AuditId', 'RequestUri', 'Verb'];
const AKS_AUDIT = 'a row of AKS\'s AKSAudit table (Azure Log Analytics: az monitor log-analytics query)';
/** Columns of the table's kind "dynamic": JSON text in a query's output (empty when none), or an object. */
const DYNAMIC = new Set(['user', 'impersonatedUser', 'objectRef', 'responseStatus', 'annotations']);

/** The event an AKSAudit row stands for (told by its AuditId, RequestUri and Verb columns), or null. */
function aksAuditRow(o: Record<string, unknown>): Envelope | null {
  if (typeof o.AuditId !== 'string' || !AKS_AUDIT_KEYS.every((k) => k in o)) return null;
  const event: Record<string, unknown> = { kind: 'Event', apiVersion: 'audit.k8s.io/v1' };
  for (const [column, field] of AKS_AUDIT_COLUMNS) {
    const v = o[column];
    if (v === undefined || v === null || v === '') continue;
    event[field] = DYNAMIC.has(field) && typeof v === 'string' ? dynamicValue(v) : v;
  }
  return { value: event, where: AKS_AUDIT };
}

/** A dynamic column's JSON text as its value; text that is no JSON as it is (the event then says what is wrong). */
function dynamicValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const JOURNALD = TEXTS.find(([path]) => path[0] === 'MESSAGE')![1];

/**
 * A journald record's MESSAGE that journalctl -o json wrote as no text: an array of its bytes (a field holding bytes
 * not printable as UTF-8 text), read as the text they are, or null, a field of over 4096 bytes left out (an audit
 * event with its objects is longer) unless journalctl is given --all.
 */
function journaldMessage(o: Record<string, unknown>): Envelope | null {
  const m = o.MESSAGE;
  if (m === null) {
    return {
      problem: `${JOURNALD} is null: journalctl leaves out a field of over 4096 bytes (an audit event with its objects) unless given --all; run journalctl --all -o json`,
    };
  }
  if (Array.isArray(m) && m.length > 0 && m.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) < 256)) {
    return { text: new TextDecoder().decode(new Uint8Array(m as number[])), where: JOURNALD };
  }
  return null;
}

/** Whether a parsed value has a user object: every audit event has one, a record of fields picked from an event none. */
function hasUserObject(o: Record<string, unknown>): boolean {
  return objectOf(o.user) !== null;
}

/**
 * The texts of a would-be event without a user object that a log record keeps its event's text in (TEXTS): a record
 * whose other fields are picked from its event (Splunk's _json sourcetype extracts kind, auditID, verb… beside _raw;
 * a Logs Insights query lists some beside @message), whose event is one of these texts, not the few fields picked.
 * The caller reads a text only if it holds the event of the record's own auditID. An event (it has a user) has none.
 */
export function eventTextsBeside(raw: unknown): { text: string; where: string }[] {
  const o = objectOf(raw);
  if (o === null || hasUserObject(o)) return [];
  const texts: { text: string; where: string }[] = [];
  for (const [path, where] of TEXTS) {
    const text = at(o, path);
    if (typeof text === 'string') texts.push({ text, where: textWhere(o, where) });
  }
  return texts;
}

/** Keys a search or query names a field of an event's object by (Splunk's user.username, objectRef.resource). */
const PICKED = /^(user|impersonatedUser|objectRef|responseStatus|annotations)\./;

/**
 * For a would-be event of fields picked from an event (user.username flattened, no user object), with no text of
 * the whole event beside them: why it is no event. Null for anything else. Read as an event it was a request of no
 * user, its object and code unknown: a report of the picked fields selects nothing and passes.
 */
export function pickedFieldsProblem(raw: unknown): string | null {
  const o = objectOf(raw);
  if (o === null || hasUserObject(o)) return null;
  const picked = Object.keys(o).filter((k) => PICKED.test(k));
  if (picked.length === 0) return null;
  return `fields picked from an audit event (${picked.slice(0, 3).join(', ')}${picked.length > 3 ? ', …' : ''}), not the event: a search's or query's fields lose the rest of it; export the whole event (Splunk: _raw; CloudWatch Logs Insights: fields @message; Elasticsearch: _source)`;
}

const SPLUNK_RAW = TEXTS.find(([path]) => path[0] === '_raw')![1];

/**
 * For a container log record whose line is not JSON but looks like a piece of JSON (it opens or closes an object):
 * how to join the pieces. Docker's json-file driver cuts lines of over 16 KB (an event with its objects) into records
 * whose "log" fields, joined, make the line: `jq -j .log` joins them, newlines and all. For a Splunk event's _raw that
 * opens an object: that Splunk cut it.
 */
export function splitLineHint(envelope: { text: string; where: string }): string {
  if (envelope.where === SPLUNK_RAW) return splunkCutHint(envelope.text);
  if (envelope.where !== DOCKER_LOG) return '';
  // Cut by a container runtime (CRI) instead, each piece behind its prefix: joined by Docker's command, they kept it.
  const cri = recordPieceHint(envelope.text);
  if (cri !== null) return cri;
  const t = envelope.text.trim();
  if (!t.startsWith('{') && !t.endsWith('}')) return '';
  return `; a piece of a longer line? Docker's json-file driver cuts lines of over 16 KB into records: join them first, ${rewrittenFile(['jq -j .log'])}`;
}

/**
 * Splunk keeps only an event's first TRUNCATE bytes (10,000 unless the sourcetype's props.conf says otherwise), and
 * an audit event with its objects is often longer: its _raw is then JSON cut short, and stays so once indexed.
 */
function splunkCutHint(text: string): string {
  if (!text.trimStart().startsWith('{')) return '';
  const bytes = new TextEncoder().encode(text).length;
  return `; cut short? It is ${bytes} bytes, and Splunk keeps only the first TRUNCATE bytes of an event (10,000 by default): set TRUNCATE = 0 for the audit log's sourcetype in props.conf (events indexed before stay cut), or give the API server's log itself`;
}

/**
 * A CloudWatch Logs subscription's control message ("CWL CONTROL MESSAGE: Checking health of destination …"), which
 * it sends to Firehose among the log's records: part of the transport, not of the log.
 */
export function isControlMessage(raw: unknown): boolean {
  return recordOf(raw)?.messageType === 'CONTROL_MESSAGE';
}

/**
 * Splunk's export ends with {"preview":false,"lastrow":true} when its last row held no result: the export's end, no
 * record of the log.
 */
export function isEndOfExport(raw: unknown): boolean {
  const o = recordOf(raw);
  return o !== null && o.lastrow === true && o.result === undefined && Object.keys(o).every((k) => k === 'lastrow' || k === 'preview' || k === 'offset');
}
