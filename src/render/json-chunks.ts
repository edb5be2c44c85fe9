// JSON text a piece at a time: the pieces, joined, are exactly JSON.stringify(value, null, indent). A report of
// callers by the hundred thousand is 34 MB of JSON; written as one string it was held twice (the string, then the
// buffer written from it) on top of the report, and with report.html's copy that doubled the run's peak memory.

/** Characters gathered before a piece is given out: few writes, little held. */
export const PIECE_CHARS = 1 << 18;

/** A property's or element's value as JSON.stringify sees it: toJSON applied, boxed primitives unboxed. */
function prepared(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  return value;
}

/** Left out of objects, null in arrays: what JSON.stringify does with these. */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * The JSON text of value in pieces of about pieceChars characters. Containers are walked here; everything else
 * (strings, numbers, keys) is JSON.stringify's own text, so escaping and number formatting are its rules.
 */
export function* jsonChunks(value: unknown, indent = 0, pieceChars = PIECE_CHARS): Generator<string> {
  const gap = ' '.repeat(Math.max(0, Math.min(10, Math.trunc(indent))));
  const colon = gap ? ': ' : ':';
  const ancestors = new Set<object>();
  let out = '';

  function* node(v: object, indentNow: string): Generator<string> {
    if (ancestors.has(v)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(v);
    const inner = indentNow + gap;
    const open = gap ? '\n' + inner : '';
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        out += i === 0 ? open : ',' + open;
        const e = prepared(v[i], String(i));
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
