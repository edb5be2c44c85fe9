// Why requests came again under auditIDs already counted, when it is not logs that overlap: an aggregated API server
// (metrics-server, a custom metrics adapter) audits the requests the kube-apiserver proxies to it, under the same
// auditID (the Audit-ID header is handed on), so its log given beside the kube-apiserver's holds them a second time.
// Told by the first request that came again: its line is read again, and its API group is one no shipped Kubernetes
// release serves built in. The same on every path (the tally's first is), and only once the logs are read.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { eventsIn, type AuditEvent, type Tally } from '../engine/audit.js';
import { catalogueGroups } from '../engine/release-catalogue.js';
import { pathShape } from '../engine/spec.js';
import { compressionOf } from './compression.js';
import { inflate } from './inflate.js';
import { shippedCatalogue } from './specs.js';

/** The text of line `line` (1-based) of a log, inflated if compressed; null if it cannot be read again (stdin). */
async function lineOf(file: string, line: number): Promise<string | null> {
  if (file === '-' || line < 1) return null;
  const fd = await open(file, 'r').catch(() => null);
  if (fd === null) return null;
  let head: Buffer;
  try {
    head = (await fd.read(Buffer.alloc(8), 0, 8, 0)).buffer;
  } finally {
    await fd.close();
  }
  const compression = compressionOf(head);
  const stream = createReadStream(file);
  const text = compression === null ? stream : Readable.from(inflate(stream, null, compression));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const l of lines) if (++n === line) return l;
    return null;
  } catch {
    return null;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** The event under `auditID` on that line (an EventList's line holds several), or null. */
function eventOn(text: string, auditID: string): AuditEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  let found: AuditEvent | null = null;
  eventsIn(
    raw,
    (ev) => {
      if (ev.auditID === auditID) found ??= ev;
    },
    () => {},
  );
  return found;
}

/** An event's API group: its objectRef's, else its URI's (`/apis/GROUP/…`); '' for the core group. */
const groupOf = (ev: AuditEvent): string | null => ev.objectRef?.apiGroup ?? (ev.requestURI === undefined ? null : pathShape(ev.requestURI.split('?')[0]!).group);

/**
 * The API group of the first request that came again (`repeated`: its first names the file, line and auditID) when
 * no shipped Kubernetes release serves that group built in: an aggregated API's. Else null (a built-in group, a line
 * that cannot be read again, no catalogue shipped).
 */
export async function aggregatedGroupOf(repeated: Tally): Promise<string | null> {
  const first = repeated.first;
  if (first === undefined || repeated.count === 0) return null;
  const text = await lineOf(first.file, first.line);
  const ev = text === null ? null : eventOn(text, first.value);
  const group = ev === null ? null : groupOf(ev);
  const catalogue = shippedCatalogue();
  if (group === null || group === '' || catalogue === null) return null;
  return catalogueGroups(catalogue).has(group) ? null : group;
}
