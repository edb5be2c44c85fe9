// Why requests came again under auditIDs already counted, when it is not logs that overlap: an aggregated API server
// (metrics-server, a custom metrics adapter) audits the requests the kube-apiserver proxies to it, under the same
// auditID (the Audit-ID header is handed on), so its log given beside the kube-apiserver's holds them a second time.
// Told by the first request that came again: its line is read again, its API group is one no shipped Kubernetes
// release serves built in, and one of its two readings is in a log that holds only requests of such groups (a CRD's
// group is not built in either, but the kube-apiserver logs it among the rest). The same on every path (the tally's
// first is), and only once the logs are read.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { eventsIn, isFinal, type AggregatedRepeat, type AuditEvent, type Tally } from '../engine/audit.js';
import { catalogueGroups } from '../engine/release-catalogue.js';
import { pathShape } from '../engine/spec.js';
import { valuesOnLine } from './audit-files.js';
import { fileText } from './inflate.js';
import { shippedCatalogue } from './specs.js';

/** The lines of a log, inflated if compressed; none if it cannot be read again (stdin, a FIFO: no second reading). */
async function* linesOf(file: string): AsyncGenerator<string> {
  const read = await fileText(file);
  if (read === null) return;
  const input = Readable.from(read.pieces);
  // Stopped early (the line sought is found), its file closed under it: not an error of the run's.
  input.on('error', () => {});
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* lines;
  } catch {
    // Damaged past here: the lines before it are all there is.
  } finally {
    lines.close();
    input.destroy();
    read.close();
  }
}

/** The text of line `line` (1-based) of a log; null if it cannot be read again. */
async function lineOf(file: string, line: number): Promise<string | null> {
  let n = 0;
  if (line >= 1) for await (const l of linesOf(file)) if (++n === line) return l;
  return null;
}

/** The events on a line (an EventList's line holds several), read behind a CRI prefix or in a Docker record as the reader reads them. */
function eventsOn(text: string): AuditEvent[] {
  const found: AuditEvent[] = [];
  for (const raw of valuesOnLine(text)) {
    eventsIn(
      raw,
      (ev) => found.push(ev),
      () => {},
    );
  }
  return found;
}

/** Whether two lines hold the same writing of events: a log saved twice repeats it; an aggregated server writes its own. */
const sameWriting = (a: string, b: string): boolean => JSON.stringify(valuesOnLine(a)) === JSON.stringify(valuesOnLine(b));

/** An event's API group: its objectRef's, else its URI's (`/apis/GROUP/…`); '' for the core group. */
const groupOf = (ev: AuditEvent): string | null => ev.objectRef?.apiGroup ?? (ev.requestURI === undefined ? null : pathShape(ev.requestURI.split('?')[0]!).group);

/**
 * Whether `file` holds only requests of API groups no shipped release serves built in (`builtIn`), as an aggregated
 * server's log does (it audits only its own group). Read up to its first request of a built-in group: a
 * kube-apiserver's log stops it at once, CRDs' traffic first or not.
 */
async function onlyNotBuiltIn(file: string, builtIn: ReadonlySet<string>): Promise<boolean> {
  let events = 0;
  for await (const text of linesOf(file)) {
    for (const ev of eventsOn(text)) {
      const group = groupOf(ev);
      if (group !== null && builtIn.has(group)) return false;
      events++;
    }
  }
  return events > 0;
}

/** The line of `file` that holds `auditID`'s final stage, or null. */
async function finalLineOf(file: string, auditID: string): Promise<string | null> {
  for await (const text of linesOf(file)) {
    if (text.includes(auditID) && eventsOn(text).some((ev) => ev.auditID === auditID && isFinal(ev.stage))) return text;
  }
  return null;
}

/**
 * The API group of the first request that came again (`repeated`: its first names the file, line and auditID) and
 * the aggregated API server's log, when that log is the plausible cause: no shipped Kubernetes release serves that
 * group built in (a CRD's group is not served built in either), and of its two readings, one was in a log that holds
 * only requests of such groups (an aggregated server audits only its own group): the file it came again in, or one
 * read before it (`files`: in the order read) that holds its own writing of it (a log saved twice holds the same).
 * Else null (logs that overlap; a line that cannot be read again; no catalogue shipped).
 */
export async function aggregatedRepeatOf(repeated: Tally, files: readonly string[]): Promise<AggregatedRepeat | null> {
  const first = repeated.first;
  // Asked after every run: the catalogue is loaded (gunzipped, parsed) only when a request came again.
  if (first === undefined || repeated.count === 0) return null;
  const catalogue = shippedCatalogue();
  if (catalogue === null) return null;
  const text = await lineOf(first.file, first.line);
  const ev = text === null ? undefined : eventsOn(text).find((e) => e.auditID === first.value);
  const group = ev === undefined ? null : groupOf(ev);
  const builtIn = catalogueGroups(catalogue);
  if (text === null || group === null || builtIn.has(group)) return null;
  const readBefore = files.slice(0, Math.max(0, files.indexOf(first.file))).reverse();
  if (await onlyNotBuiltIn(first.file, builtIn)) {
    // Its other reading written the same way is a log saved twice (one of only a CRD's traffic, by its policy), not
    // a second server's record of the request.
    for (const file of readBefore) {
      const before = await finalLineOf(file, first.value);
      if (before !== null) return sameWriting(before, text) ? null : { group, log: first.file };
    }
    return { group, log: first.file };
  }
  for (const file of readBefore) {
    if (!(await onlyNotBuiltIn(file, builtIn))) continue;
    const before = await finalLineOf(file, first.value);
    if (before !== null && !sameWriting(before, text)) return { group, log: file };
  }
  return null;
}
