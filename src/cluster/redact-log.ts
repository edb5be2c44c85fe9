// The audit log as the Action's artifact holds it: every requestURI's query values taken out but those of the
// Kubernetes API's own parameters. A query holds what a client sent: `kubectl exec … -- curl -H "Authorization:
// Bearer $SECRET"` in a test command puts the secret, URL-encoded, in exec's `command=` values, and GitHub masks
// secrets in a run's log, not in its artifacts. No analysis reads a query (requests are matched by their path), so
// the log's report is the same without them.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * Query parameters kept with their values: the Kubernetes API's own (list and watch, delete, write options, a pod's
 * log, exec's and attach's streams, port-forward's ports), which hold no data a workflow passes. Exec's `command` is
 * not among them: it is the command line run in the container.
 */
export const KEPT_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'watch',
  'resourceVersion',
  'resourceVersionMatch',
  'limit',
  'continue',
  'timeout',
  'timeoutSeconds',
  'allowWatchBookmarks',
  'sendInitialEvents',
  'labelSelector',
  'fieldSelector',
  'includeUninitialized',
  'propagationPolicy',
  'gracePeriodSeconds',
  'orphanDependents',
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'force',
  'pretty',
  'container',
  'follow',
  'tailLines',
  'limitBytes',
  'sinceSeconds',
  'sinceTime',
  'previous',
  'timestamps',
  'insecureSkipTLSVerifyBackend',
  'stdin',
  'stdout',
  'stderr',
  'tty',
  'ports',
]);

/** What a value taken out is replaced with. */
export const REDACTED = 'REDACTED';

/** A parameter's name as a client writes one; any other name is taken out too (it could be the data itself). */
const NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/** One `name=value` of a query: kept when its name is a kept parameter's, else its value (or all of it) replaced. */
function redactedParameter(part: string): string {
  const eq = part.indexOf('=');
  const name = eq === -1 ? part : part.slice(0, eq);
  if (KEPT_QUERY_PARAMETERS.has(name)) return part;
  // A name without a value may be the data itself (a token alone after the "?").
  return eq !== -1 && NAME.test(name) ? `${name}=${REDACTED}` : REDACTED;
}

/** A request URI with the values of its query's parameters taken out, but those KEPT_QUERY_PARAMETERS names. */
export function redactedUri(uri: string): string {
  const q = uri.indexOf('?');
  if (q === -1) return uri;
  const query = uri.slice(q + 1);
  return `${uri.slice(0, q + 1)}${query === '' ? '' : query.split('&').map(redactedParameter).join('&')}`;
}

/** The API server's JSON of a requestURI: a JSON string, Go escaping <, > and & (\u0026) as its encoder does. */
const REQUEST_URI = /"requestURI":"((?:[^"\\]|\\.)*)"/g;
const GO_ESCAPED = /[<>&]/g;
const goEscape = (c: string): string => `\\u00${c.charCodeAt(0).toString(16)}`;

/**
 * A line of an audit log with each requestURI's query redacted (redactedUri); the rest of the line byte for byte. A
 * URI re-encoded is escaped as it was written (Go's \u0026 for &, where the line used it).
 */
export function redactedLine(line: string): string {
  if (!line.includes('"requestURI":"')) return line;
  return line.replace(REQUEST_URI, (whole, raw: string) => {
    let uri: string;
    try {
      uri = JSON.parse(`"${raw}"`) as string;
    } catch {
      return whole;
    }
    const redacted = redactedUri(uri);
    if (redacted === uri) return whole;
    const text = JSON.stringify(redacted);
    return `"requestURI":${raw.includes('\\u00') ? text.replace(GO_ESCAPED, goEscape) : text}`;
  });
}

/** The lines of a stream, each redacted, each ending with a newline. */
async function* redactedLines(input: Readable): AsyncGenerator<string> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield `${redactedLine(line)}\n`;
}

/**
 * Redacts an audit log file in place (a .gz one stays gzipped): written beside it, then moved over it. Its lines
 * end with a newline as before; a last line without one gets one.
 */
export async function redactLogFile(file: string): Promise<void> {
  const temp = `${file}.redacting`;
  try {
    const source = createReadStream(file);
    if (file.endsWith('.gz')) await pipeline(Readable.from(redactedLines(source.pipe(createGunzip()))), createGzip(), createWriteStream(temp));
    else await pipeline(Readable.from(redactedLines(source)), createWriteStream(temp));
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}
