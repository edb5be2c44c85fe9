// JSON text a piece at a time: the pieces, joined, are exactly JSON.stringify(value, null, indent). A report of
// callers by the hundred thousand is 34 MB of JSON; written as one string it was held twice (the string, then the
// buffer written from it) on top of the report, and with report.html's copy that doubled the run's peak memory.

/** Characters gathered before a piece is given out: few writes, little held. */
export const PIECE_CHARS = 1 << 18;

/** A property's or element's value as JSON.stringify sees it: toJSON applied, boxed primitives unboxed. */
function prepared(value: unknown, key: string | number): unknown {
  if (typeof value === 'object' && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, String(key));
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  } else if (typeof value === 'bigint') {
    const toJSON = (value as unknown as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (k: string) => unknown).call(value, String(key));
  }
  return value;
}

/**
 * Containers of at most this many entries, all levels counted, are written by one JSON.stringify call: a walk in JS
 * costs several times as much per value. A usual report (1.4 MB of JSON, 100 MB of log) is then one call: 4-6 ms in
 * a fresh process, against 30-43 ms walked value by value and 4-9 ms for JSON.stringify alone. Such a piece is a few
 * MB of text at most; a report listing callers by the hundred thousand is walked down to its small parts.
 */
const NATIVE_ENTRIES = 1 << 16;

/** Levels looked into when counting: deeper (or a cycle, which JSON.stringify refuses) is walked instead. */
const NATIVE_DEPTH = 32;

/**
 * Children of a container counted one by one; the rest are taken to hold as many entries as these did on average.
 * Counting every entry of that usual report, in a fresh process, cost 8-12 ms: more than the JSON.stringify call it
 * decides on. The count only chooses between two ways to the same text, so an estimate is enough.
 */
const COUNTED_CHILDREN = 64;

/**
 * budget less the entries of v's subtree; negative as soon as they pass it or it nests too deep (the rest is not
 * looked at). Past the first COUNTED_CHILDREN children of a container, an estimate.
 */
function entriesLeft(v: object, budget: number, depth = 0): number {
  if (depth > NATIVE_DEPTH) return -1;
  const array = Array.isArray(v);
  const record = v as Record<string, unknown>;
  const keys = array ? null : Object.keys(record);
  const n = array ? v.length : keys!.length;
  budget -= n;
  const counted = Math.min(n, COUNTED_CHILDREN);
  const before = budget;
  for (let i = 0; i < counted && budget >= 0; i++) {
    const e = array ? (v as unknown[])[i] : record[keys![i]];
    if (typeof e === 'object' && e !== null) budget = entriesLeft(e, budget, depth + 1);
  }
  if (budget >= 0 && n > counted) budget -= Math.ceil(((before - budget) / counted) * (n - counted));
  return budget;
}

/** Left out of objects, null in arrays: what JSON.stringify does with these. */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * The JSON text of value in pieces of about pieceChars characters. Big containers are walked here; everything else
 * (small containers, strings, numbers, keys) is JSON.stringify's own text, so escaping and number formatting are its
 * rules. Getters are read twice in small containers (once to count): report data has none. nativeEntries: containers
 * of up to this many entries go to JSON.stringify whole (tests take 0: every container walked).
 */
export function* jsonChunks(value: unknown, indent = 0, pieceChars = PIECE_CHARS, nativeEntries = NATIVE_ENTRIES): Generator<string> {
  const gap = ' '.repeat(Math.max(0, Math.min(10, Math.trunc(indent))));
  const colon = gap ? ': ' : ':';
  const ancestors = new Set<object>();
  let out = '';

  function* node(v: object, indentNow: string): Generator<string> {
    // Small enough: JSON.stringify writes it, its line breaks indented to here (the text's only raw line breaks are
    // its own: JSON strings escape theirs). Not a value that still has a toJSON: JSON.stringify would call it again.
    if (typeof (v as { toJSON?: unknown }).toJSON !== 'function' && entriesLeft(v, nativeEntries) >= 0) {
      const text = JSON.stringify(v, null, gap);
      out += gap && indentNow ? text.replaceAll('\n', '\n' + indentNow) : text;
      return;
    }
    if (ancestors.has(v)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(v);
    const inner = indentNow + gap;
    const open = gap ? '\n' + inner : '';
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        out += i === 0 ? open : ',' + open;
        const e = prepared(v[i], i);
        if (skipped(e)) out += 'null';
        else if (e !== null && typeof e === 'object') yield* node(e, inner);
        else out += JSON.stringify(e);
        if (out.length >= pieceChars) {
          yield out;
          out = '';
        }
      }
      if (v.length > 0 && gap) out += '\n' + indentNow;
      out += ']';
    } else {
      out += '{';
      let first = true;
      const record = v as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const e = prepared(record[k], k);
        if (skipped(e)) continue;
        out += (first ? open : ',' + open) + JSON.stringify(k) + colon;
        first = false;
        if (e !== null && typeof e === 'object') yield* node(e, inner);
        else out += JSON.stringify(e);
        if (out.length >= pieceChars) {
          yield out;
          out = '';
        }
      }
      if (!first && gap) out += '\n' + indentNow;
      out += '}';
    }
    ancestors.delete(v);
  }

  const top = prepared(value, '');
  // JSON.stringify gives undefined here: no text at all.
  if (skipped(top)) return;
  if (top !== null && typeof top === 'object') yield* node(top, '');
  else out += JSON.stringify(top);
  if (out) yield out;
}
