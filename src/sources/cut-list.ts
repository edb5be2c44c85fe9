// A document of log records on one line, cut short or damaged inside its list of records: the whole records before
// the damage. What a writer that stopped leaves of a CloudWatch subscription's record ({"messageType":…,"logEvents":
// [{…},{…},{"id":"3","mess), of an Azure Monitor document ({"records":[…) or of an EventList: the records hold their
// events as JSON text, where no event's beginning can be found (eventsAmidDamage), so the whole line was lost.
import { holdsAuditEvents } from '../engine/audit.js';
import { skipValue } from '../engine/event-fields.js';

/**
 * Containers followed down the path to the damage: the documents of records hold their list 1 deep (an Elasticsearch
 * response 2); each one followed scans the rest of the line again, so few.
 */
const MAX_DEPTH = 8;

/**
 * The whole items of a list read to judge whether it is a list of records, at most (and within SAMPLE_BYTES, past
 * the first): a list of millions of objects that are no records (`[{},{},…{`) is rejected having read a few, not
 * parsed whole (5 GB and a V8 abort for 50 MB). More than one, as a CloudWatch subscription's control message may
 * come first.
 */
const SAMPLE_ITEMS = 16;
const SAMPLE_BYTES = 1 << 20;
/**
 * How far into a list its items are read when its first few hold no event: an Azure Event Hub batch (1 MB at most)
 * mixes categories, its kube-audit records after any number of kube-apiserver ones. Bounds the reading of `[{},{},…{`
 * (2 MB of it: about 0.6 s).
 */
const SCAN_BYTES = 2 << 20;

/**
 * A container on the path to the damage: where it opens, after its last whole value, and how many it holds; where
 * its first SAMPLE_ITEMS values end, and where its last value within SCAN_BYTES ends (reach).
 */
interface Frame {
  open: number;
  array: boolean;
  whole: number;
  values: number;
  ends: number[];
  reach: number;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10;

/**
 * The containers from the line's first to the one the damage is in, each read up to its last whole value; null when
 * the line opens no object or array.
 */
function pathToDamage(b: Buffer): Frame[] | null {
  let i = 0;
  while (i < b.length && isBlank(b[i])) i++;
  if (b[i] !== 123 && b[i] !== 91) return null;
  const path: Frame[] = [];
  for (;;) {
    const frame: Frame = { open: i, array: b[i] === 91, whole: i + 1, values: 0, ends: [], reach: i + 1 };
    path.push(frame);
    i++;
    for (;;) {
      while (i < b.length && isBlank(b[i])) i++;
      if (!frame.array) {
        // A member: its name and colon first.
        const key = b[i] === 34 ? skipValue(b, i, b.length) : -1;
        if (key < 0) return path;
        i = key;
        while (i < b.length && isBlank(b[i])) i++;
        if (b[i] !== 58) return path;
        i++;
        while (i < b.length && isBlank(b[i])) i++;
      }
      const end = skipValue(b, i, b.length);
      if (end < 0) break;
      frame.whole = end;
      frame.values++;
      if (frame.ends.length < SAMPLE_ITEMS) frame.ends.push(end);
      if (end - frame.open <= SCAN_BYTES) frame.reach = end;
      i = end;
      while (i < b.length && isBlank(b[i])) i++;
      if (b[i] !== 44) return path; // neither a comma nor the damage in a value: the damage is here
      i++;
    }
    // The value the damage is in: followed down if it is a container.
    if ((b[i] !== 123 && b[i] !== 91) || path.length === MAX_DEPTH) return path;
  }
}

/** The brackets that close the containers on the path, from the k-th out. */
function closers(path: Frame[], k: number): string {
  let text = '';
  for (let j = k; j >= 0; j--) text += path[j].array ? ']' : '}';
  return text;
}

/** The text up to a container's last whole value, each container on the path closed after it. */
function closedAt(b: Buffer, path: Frame[], k: number, at: number): string {
  return b.toString('utf8', path[0].open, at) + closers(path, k);
}

/**
 * As closedAt, without the whole items of the lists around the k-th (they are not its items): what judges the k-th
 * list costs its own items' reading, not the line's. From a later item of the k-th list (from, after a comma): its
 * items from there on alone.
 */
function outlineAt(b: Buffer, path: Frame[], k: number, at: number, from?: number): string {
  let text = '';
  for (let j = 0; j < k; j++) text += path[j].array ? '[' : b.toString('utf8', path[j].open, path[j + 1].open);
  const items = from === undefined ? b.toString('utf8', path[k].open, at) : '[' + b.toString('utf8', from, at);
  return text + items + closers(path, k);
}

/** Where the items of a list read to judge it end: its first few whole items (SAMPLE_ITEMS, SAMPLE_BYTES). */
function sampleEnd(list: Frame): number {
  let at = list.ends[0];
  for (const end of list.ends) if (end - list.open <= SAMPLE_BYTES) at = end;
  return at;
}

/**
 * Whether a list's items after its sample (up to its reach) hold an audit event, when the sample holds none: its
 * records may come after others of the same document that are not audit records.
 */
function eventsPastSample(b: Buffer, path: Frame[], k: number, sample: number): boolean {
  const list = path[k];
  if (list.reach <= sample) return false;
  let from = sample;
  while (from < list.reach && b[from] !== 44) from++;
  return parsesToEvents(outlineAt(b, path, k, list.reach, from + 1));
}

/** Whether a text parses into a value that holds audit events. */
function parsesToEvents(text: string): boolean {
  try {
    return holdsAuditEvents(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Whether the bytes after a list's last whole item, [from, to), are no more than its comma: no record was begun. */
function endsAfterItem(b: Buffer, from: number, to: number): boolean {
  let i = from;
  while (i < to && isBlank(b[i])) i++;
  if (i < to && b[i] === 44) i++;
  while (i < to && isBlank(b[i])) i++;
  return i >= to;
}

/**
 * The whole records of a line that is a document of records damaged inside its list (a writer that stopped, NUL
 * bytes): the document up to its last whole record, closed; how many records that is; and the bytes not read, [from,
 * to), or whether the line ends after that record, its comma at most (ended). The list is the outermost one on the path
 * to the damage whose first whole items alone (those within SCAN_BYTES, when the first few hold none) hold audit
 * events: an event cut short in a list of its own (its sourceIPs, a response's items) is no list of records, as it holds
 * an event with that list empty too. Null when there is none.
 */
export function listBeforeDamage(b: Buffer): { value: unknown; items: number; from: number; to: number; ended: boolean } | null {
  const path = pathToDamage(b);
  if (path === null) return null;
  for (let k = 0; k < path.length; k++) {
    const list = path[k];
    if (!list.array || list.values === 0) continue;
    // Judged by its first few items, else by those within SCAN_BYTES (a list of no records is rejected having read
    // them), then read whole.
    const sample = sampleEnd(list);
    if (!parsesToEvents(outlineAt(b, path, k, sample)) && !eventsPastSample(b, path, k, sample)) continue;
    if (parsesToEvents(outlineAt(b, path, k, list.open + 1))) continue;
    let value: unknown;
    try {
      value = JSON.parse(closedAt(b, path, k, list.whole));
    } catch {
      continue;
    }
    let to = b.length;
    while (to > list.whole && isBlank(b[to - 1])) to--;
    return { value, items: list.values, from: list.whole, to, ended: endsAfterItem(b, list.whole, to) };
  }
  return null;
}
