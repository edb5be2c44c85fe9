// Audit events behind a log line's prefix: the apiserver auditing to stdout (--audit-log-path=-) is read from its
// container's log, where the runtime put a time, the stream and a tag before each line (the CRI log format of
// containerd and CRI-O, /var/log/pods), or through `kubectl logs --timestamps`; CloudWatch's export of EKS's audit log
// to S3 puts a time before each event. JSON.parse alone said "Unexpected non-whitespace character after JSON at
// position 4" (it read the year as a number), a bad line for every event.
import { jsonError } from './json-error.js';
import { intoFile } from './shell-pipeline.js';
import { CRI_STREAM_TAG, isLegacyAudit, KUBECTL_PREFIX, LEGACY_AUDIT_LINE, prefixShape, RFC3339 } from './text-shape.js';

/**
 * An RFC 3339 time and a space, then for the CRI log format the stream, its tag (F: a whole line; P: a piece of one
 * cut at 16 KB; more tags may follow after ":") and a space. Group 1: the tag.
 */
const PREFIX = new RegExp(`${RFC3339.source} (?:${CRI_STREAM_TAG})?`);

/** How to join the pieces of lines a container runtime cut: each P piece is continued by the line after it. */
const AWK_JOIN = `awk '{ t = $3; sub(/^[^ ]+ [^ ]+ [^ ]+ ?/, ""); printf "%s%s", $0, (t ~ /^P/ ? "" : "\\n") }'`;

/**
 * The commands that rewrite FILE with steps, into a file given instead (intoFile): one for a plain log and one for a
 * .gz, as the reader of a range cannot tell whether its file was compressed (a rotated log is).
 */
export const rewrittenFile = (steps: readonly string[]): string =>
  `${intoFile(steps, 'FILE', 'FILE.jsonl')} (from a .gz: ${intoFile(['gzip -dc', ...steps], 'FILE', 'FILE.jsonl')}) and give FILE.jsonl`;
const JOIN_PIECES = rewrittenFile([AWK_JOIN]);
// The pieces in container log records' "log" fields (fluent-bit tailing /var/log/containers without its CRI parser):
// each record's line first, then the pieces. Docker's `jq -j .log` kept each piece's prefix, joined into one line.
const JOIN_RECORD_PIECES = rewrittenFile(['jq -r .log', AWK_JOIN]);

/** Why a piece is no event, and the command that joins them. */
const cutAdvice = (join: string): string => `the CRI log format cuts lines of over 16 KB into pieces tagged P, the last tagged F: join them first, ${join}`;

/** The end of an event without its start, as the last piece (F) of a cut line is: not another program's line (klog). */
const endsEvent = (rest: string): boolean => rest.endsWith('}') && !rest.startsWith('{');

/** A line's text without the byte order mark some Windows tools (and files joined with cat) put before it. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * A line behind a time (and a container runtime's stream and tag): the JSON value after it, or what is wrong with it (a
 * piece of a line the runtime cut, or no JSON after the prefix). Null when the line has no such prefix.
 */
export function afterPrefix(text: string): { value: unknown } | { problem: string } | null {
  if (behindKubectlPrefix(text)) return { problem: LEGACY_AUDIT_LINE };
  const m = PREFIX.exec(text);
  if (m === null) return null;
  const cut = cutAdvice(JOIN_PIECES);
  if (m[1] === 'P') return { problem: `a piece of a line the container runtime cut (${cut})` };
  try {
    return { value: JSON.parse(text.slice(m[0].length)) };
  } catch (err) {
    // The legacy audit format, written as a file or to stdout (then behind a container runtime's prefix): named.
    if (isLegacyAudit(text) || isLegacyAudit(text.slice(m[0].length))) return { problem: LEGACY_AUDIT_LINE };
    const shown = JSON.stringify(m[0]);
    const piece = m[1] !== undefined && endsEvent(text.slice(m[0].length).trim());
    // Or more of a prefix than the time (aws logs tail writes the log stream's name after it): how to remove it all.
    const last = piece ? `; the last piece of a line the container runtime cut? (${cut})` : (lokiLabelsHint(text.slice(m[0].length)) ?? prefixHint(text));
    return { problem: `not JSON after the prefix ${shown}: ${jsonError(err as Error, text.slice(m[0].length))}${last}` };
  }
}

/**
 * Whether a line is the legacy audit format behind kubectl logs --prefix's header ([pod/NAME/CONTAINER]), and a time
 * (--timestamps) or a container runtime's prefix after it: the API server auditing to stdout, read with kubectl.
 */
function behindKubectlPrefix(text: string): boolean {
  const header = KUBECTL_PREFIX.exec(text);
  if (header === null) return false;
  const rest = text.slice(header[0].length);
  const time = PREFIX.exec(rest);
  return isLegacyAudit(rest) || (time !== null && isLegacyAudit(rest.slice(time[0].length)));
}

/** Loki's labels, as logcli writes them before each line: {} or {job="apiserver", pod="…"}, then a space. */
const LOKI_LABELS = /^\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}\s+/;

/**
 * For what follows a time that is not JSON: if it is Loki's labels and then a JSON object, as logcli query writes
 * each line by default, which output to ask for. Null otherwise.
 */
function lokiLabelsHint(rest: string): string | null {
  const m = LOKI_LABELS.exec(rest);
  if (m === null) return null;
  try {
    JSON.parse(rest.slice(m[0].length));
  } catch {
    return null;
  }
  return "; Loki's labels before the event, as logcli query writes its lines by default: run logcli query --output raw (the lines alone) or --output jsonl";
}

/**
 * For a container log record's line that is not JSON: if it is a piece of a line the container runtime cut (behind
 * its prefix, tagged P, or the last piece), how to join the records' pieces; '' for another line behind its prefix
 * (a klog line). Null when the line has no container runtime's prefix.
 */
export function recordPieceHint(text: string): string | null {
  const m = PREFIX.exec(text);
  if (m === null || m[1] === undefined) return null;
  if (m[1] !== 'P' && !endsEvent(text.slice(m[0].length).trim())) return '';
  return `; a piece of a line the container runtime cut? (${cutAdvice(JOIN_RECORD_PIECES)})`;
}

/**
 * For a line that is not JSON and has no prefix afterPrefix reads: if it is a JSON object behind some other text (a
 * node's name, a syslog header), what to do.
 */
export function prefixHint(text: string): string {
  const at = text.indexOf('{');
  if (at <= 0 || text.slice(0, at).trim() === '') return '';
  try {
    JSON.parse(text.slice(at));
  } catch {
    return '';
  }
  // The prefix named by its shape, not quoted: a token or a password before the object would be quoted with it.
  return `; a JSON object follows ${prefixShape(text.slice(0, at))} before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`;
}
