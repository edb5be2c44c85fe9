// The most frequent keys of a stream in bounded memory, with true figures: Space-Saving (Metwally et al.) over at
// most `cap` counters, which keeps every key seen in more than 1/cap of the stream whatever the order, beside an exact
// count of the distinct keys up to a bound. For the hint of a selection that kept nothing (select.ts): a log of a
// million one-off users must neither grow it nor push out the one user who made most requests.
import { heapify, siftDown } from './max-heap.js';

/** Plain data (Maps and Sets), so that a worker thread's part carries it (structured clone). */
export interface HeavyHitters {
  /** Key -> count: exact for a key never replaced; for one that replaced another, an upper bound. */
  counts: Map<string, number>;
  /** Key -> how much of its count may be another's (Space-Saving's error): only for keys that replaced one. */
  errors: Map<string, number>;
  /** Keys whose true count may be more than count - error (it may have been seen before it got a counter). */
  floors: Set<string>;
  /** The distinct keys seen, the first `distinctCap` of them; `more` when there were others. */
  distinct: Set<string>;
  more: boolean;
  /** Whether a counter was ever given up (then a key without one may have been seen, at most min(counts) times). */
  dropped: boolean;
}

/** Counters kept, and distinct keys counted exactly. */
export const HEAVY_HITTERS_CAP = 1000;
export const DISTINCT_CAP = 10_000;

export const newHeavyHitters = (): HeavyHitters => ({ counts: new Map(), errors: new Map(), floors: new Set(), distinct: new Set(), more: false, dropped: false });

interface Slot {
  key: string;
  count: number;
}
/** The least count at the top. Entries may be stale (counts only grow): checked when one is to be given up. */
const smaller = (a: Slot, b: Slot): boolean => a.count < b.count;
/** Each tally's heap, apart from its data: a structured clone carries none, and a merge drops it. */
const heaps = new WeakMap<HeavyHitters, Slot[]>();

/** Whether key may have been seen before (it is not among the distinct keys counted, and those are all of them). */
const seen = (t: HeavyHitters, key: string): boolean => t.more || t.distinct.has(key);

function remember(t: HeavyHitters, key: string, cap: number): void {
  if (seen(t, key)) return;
  if (t.distinct.size < cap) t.distinct.add(key);
  else t.more = true;
}

/** n requests of key. `cap`, `distinctCap`: the bounds, smaller in tests. */
export function countKey(t: HeavyHitters, key: string, n = 1, cap = HEAVY_HITTERS_CAP, distinctCap = DISTINCT_CAP): void {
  const had = t.counts.get(key);
  if (had !== undefined) {
    t.counts.set(key, had + n);
    return;
  }
  const before = seen(t, key);
  remember(t, key, distinctCap);
  if (t.counts.size < cap) {
    t.counts.set(key, n);
    return;
  }
  // Full: the key takes the counter of the least counted, with its count as the error.
  let heap = heaps.get(t);
  if (!heap) heaps.set(t, (heap = heapify([...t.counts].map(([k, count]) => ({ key: k, count })), smaller)));
  for (;;) {
    const top = heap[0]!;
    const now = t.counts.get(top.key)!;
    if (now === top.count) break;
    top.count = now;
    siftDown(heap, 0, smaller);
  }
  const min = heap[0]!;
  t.counts.delete(min.key);
  t.errors.delete(min.key);
  t.floors.delete(min.key);
  t.dropped = true;
  t.counts.set(key, min.count + n);
  t.errors.set(key, min.count);
  if (before) t.floors.add(key);
  // The slot reused: a log of one-off callers gives up a counter for nearly every request.
  min.key = key;
  min.count += n;
  siftDown(heap, 0, smaller);
}

/** The least count kept once a counter was given up: the most any key without a counter may have. */
const floor = (t: HeavyHitters): number => (t.dropped ? Math.min(...t.counts.values()) : 0);

/**
 * Another part's tally added to this one, as mergeable summaries are (Agarwal et al.): a key one part has no counter
 * for counts that part's floor, as error, unless that part never saw it; then the `cap` greatest are kept.
 */
export function absorbHeavyHitters(t: HeavyHitters, other: HeavyHitters, cap = HEAVY_HITTERS_CAP, distinctCap = DISTINCT_CAP): void {
  const [floorT, floorO] = [floor(t), floor(other)];
  const keys = new Set([...t.counts.keys(), ...other.counts.keys()]);
  const counts = new Map<string, number>();
  const errors = new Map<string, number>();
  const floors = new Set<string>();
  for (const key of keys) {
    let count = 0;
    let error = 0;
    for (const [part, partFloor] of [
      [t, floorT],
      [other, floorO],
    ] as const) {
      const c = part.counts.get(key);
      if (c !== undefined) {
        count += c;
        error += part.errors.get(key) ?? 0;
        if (part.floors.has(key)) floors.add(key);
      } else if (partFloor > 0 && seen(part, key)) {
        count += partFloor;
        error += partFloor;
        floors.add(key);
      }
    }
    counts.set(key, count);
    if (error > 0) errors.set(key, error);
  }
  const kept = counts.size > cap ? [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, cap) : [...counts];
  const dropped = t.dropped || other.dropped || kept.length < counts.size;
  for (const key of other.distinct) remember(t, key, distinctCap);
  if (other.more) t.more = true;
  t.counts = new Map(kept);
  t.errors = new Map(kept.filter(([k]) => errors.has(k)).map(([k]) => [k, errors.get(k)!]));
  t.floors = new Set(kept.filter(([k]) => floors.has(k)).map(([k]) => k));
  t.dropped = dropped;
  heaps.delete(t);
}

/** A key's requests as far as known for sure: `n` of them, and whether there may be more (`atLeast`). */
export interface Counted {
  key: string;
  n: number;
  atLeast: boolean;
}

/** The keys, most requests first (the sure count; then by key). */
export function mostFrequent(t: HeavyHitters): Counted[] {
  return [...t.counts]
    .map(([key, count]) => ({ key, n: count - (t.errors.get(key) ?? 0), atLeast: t.floors.has(key) }))
    .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** How many distinct keys: exact, or (`more`) more than that. */
export const distinctKeys = (t: HeavyHitters): { n: number; more: boolean } => ({ n: t.distinct.size, more: t.more });
