// What a text that is no audit event looks like, said without quoting it: a line of an audit log, or a piece of one,
// holds Secrets' data, tokens and exec commands, and every message said of a line reaches public outputs (a PR
// comment, annotations, a job summary, report.json). Only shapes known to hold no data are quoted: a time, a container
// runtime's prefix, a klog line's header, the start of an audit event.
import { grouped } from './grouped.js';

/** An RFC 3339 time, as container runtimes, kubectl logs --timestamps and CloudWatch put before a line. */
export const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/;
/** The CRI log format's stream and tag, after its time and a space (group 1: the tag; line-prefix.ts reads it). */
export const CRI_STREAM_TAG = String.raw`(?:stdout|stderr) ([A-Z])(?::\S*)? `;
/** The CRI log format's prefix: a time, the stream and a tag. */
const CRI = new RegExp(`${RFC3339.source} ${CRI_STREAM_TAG}`);
/** What a syslog or journald header says after its time: host, program[pid]: */
const HOST_PROGRAM = String.raw` \S+ [^\s[:]+(?:\[\d+\])?: ?`;
/** A syslog header (rsyslog, journalctl's short and short-precise output): Mmm dd hh:mm:ss[.ffffff] host program[pid]: */
const SYSLOG = new RegExp(String.raw`^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?${HOST_PROGRAM}`);
/** journalctl -o short-iso's header: an ISO 8601 time (its offset with or without a colon), host, program[pid]: */
const JOURNAL_ISO = new RegExp(String.raw`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)${HOST_PROGRAM}`);
/** kubectl logs --prefix's header: [pod/NAME/CONTAINER] */
export const KUBECTL_PREFIX = /^\[pod\/[^\s/\]]+\/[^\s/\]]+\] ?/;
/** grep -H's (zgrep -H's) file name before each line: a name ending in .log, a rotation number or .gz, and a colon. */
const GREP_FILE = /^[^\s:{]+\.log(?:\.\d+)?(?:\.gz)?:/;
/** A klog line's header (the API server's own log): level, date, time, thread, file:line]. */
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\]/;
/**
 * A line of the API server's legacy audit format (--audit-log-format=legacy; k8s.io/apiserver's audit.EventString):
 * a time, then AUDIT: id="…" and more key="value" pairs (stage="…" since 1.7's advanced auditing; before it, a
 * request's line and its response's line). Its fields are fixed, so naming it quotes nothing of the line.
 */
const LEGACY_AUDIT = new RegExp(`${RFC3339.source} AUDIT: id="`);
/** Whether a text (behind a container runtime's prefix or not) is a line of the API server's legacy audit format. */
export const isLegacyAudit = (text: string): boolean => LEGACY_AUDIT.test(text);
/** What such a line is, and what to do: the JSON format is the API server's default, and what apisnoop reads. */
export const LEGACY_AUDIT_LINE =
  "the API server's legacy audit format (--audit-log-format=legacy: a time, AUDIT: and key=\"value\" pairs), not JSON audit events: run the API server with --audit-log-format=json (the default) and give the log it writes then";
/** How the API server's JSON of an audit event begins: its kind, or its apiVersion. */
const EVENT_STARTS = ['{"kind":"Event"', '{"apiVersion":"audit.k8s.io/'];

export const characters = (n: number): string => `${grouped(n)} character${n === 1 ? '' : 's'}`;

/** A field's value (JSON) as a message says it: its type and size, never its text (a log writer's field can hold anything). */
export function valueShape(v: unknown): string {
  const many = (n: number, what: string): string => `${grouped(n)} ${what}${n === 1 ? '' : 's'}`;
  if (typeof v === 'string') return v === '' ? 'an empty text' : `a text of ${characters(v.length)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${many(v.length, 'item')}`;
  if (typeof v === 'object') return `an object of ${many(Object.keys(v).length, 'key')}`;
  return `a ${typeof v}`;
}

/** A text (trimmed) as a message says it: the start of an event or a klog line's header quoted, else its length only. */
export function textShape(text: string): string {
  const t = text.trim();
  if (t === '') return 'an empty text';
  if (isLegacyAudit(t)) return `a line of ${LEGACY_AUDIT_LINE} (${characters(t.length)}, not quoted)`;
  // Behind a container runtime's prefix, a time (a piece of a line the runtime cut) or kubectl logs --prefix's header:
  // that named, then the rest.
  const lead = CRI.exec(t) ?? RFC3339.exec(t) ?? KUBECTL_PREFIX.exec(t);
  if (lead !== null && lead[0].length < t.length) return `${prefixShape(lead[0])}, then ${textShape(t.slice(lead[0].length))}`;
  const start = EVENT_STARTS.find((s) => t.startsWith(s));
  if (start !== undefined) return `${JSON.stringify(`${start}…`)} (${characters(t.length)}; the rest not quoted)`;
  const klog = KLOG.exec(t);
  if (klog !== null) return `a klog line ${JSON.stringify(`${klog[0]} …`)} (${characters(t.length)}; the rest not quoted)`;
  return `${characters(t.length)} (not quoted: audit log lines may hold secrets)`;
}

/** The text before a line's JSON object as a message says it: a known prefix named (a time quoted), else its length. */
export function prefixShape(prefix: string): string {
  const rest = (known: string, n: number): string => (prefix.length > n ? `${known} and ${characters(prefix.length - n)} more` : known);
  const cri = CRI.exec(prefix);
  if (cri !== null) return rest(`a container runtime's prefix ${JSON.stringify(cri[0])} (CRI log format: time, stream, tag)`, cri[0].length);
  const journal = JOURNAL_ISO.exec(prefix);
  if (journal !== null) return rest("journalctl's short-iso header (time host program[pid]:)", journal[0].length);
  const time = RFC3339.exec(prefix);
  if (time !== null) return rest(`the time ${JSON.stringify(time[0])} (RFC 3339)`, time[0].length);
  const syslog = SYSLOG.exec(prefix);
  if (syslog !== null) return rest('a syslog header (Mmm dd hh:mm:ss host program[pid]:)', syslog[0].length);
  // Named by the tool that writes it, not quoted (a pod's name, a file's path).
  const kubectl = KUBECTL_PREFIX.exec(prefix);
  if (kubectl !== null) return rest("kubectl logs --prefix's header ([pod/NAME/CONTAINER])", kubectl[0].length);
  const grep = GREP_FILE.exec(prefix);
  if (grep !== null) return rest("a file's name and a colon (grep -H)", grep[0].length);
  return `${characters(prefix.length)}`;
}
