// The callers a report lists for one operation (users, user agents) or unmatched group: the first MAX_LISTED_CALLERS
// in sort order, and whether there were more. Bounded, so that a log whose every request comes from a caller of its
// own (millions of them) does not grow the analysis with it. The first N in order, rather than the first N seen,
// because that is exact under merge: the first N of a union are the first N of the parts' first N, whichever way
// the log is split (worker threads, shards, `apisnoop merge`).
import { heapify, siftDown } from './max-heap.js';

/** Callers listed per operation or unmatched group (users, and user agents, each). */
export const MAX_LISTED_CALLERS = 100;

/** What another thread or a report gives back: the members kept and whether more were seen. */
export interface Listed {
  readonly members: Set<string>;
  truncated: boolean;
}

export class ListedSet implements Listed {
  readonly members = new Set<string>();
  truncated = false;
  /** A max-heap of the members, built once the set is full: the one to drop when a smaller one comes. Private (#):
   * a structured clone (a worker's part) copies properties, and the members are all another thread needs. */
  #heap: string[] | null = null;

  constructor(readonly limit = MAX_LISTED_CALLERS) {}

  get size(): number {
    return this.members.size;
  }

  add(value: string): void {
    const members = this.members;
    let heap = this.#heap;
    if (heap === null) {
      if (members.has(value)) return;
      if (members.size < this.limit) {
        members.add(value);
        return;
      }
      this.truncated = true;
      heap = this.#heap = heapify([...members], after);
    }
    // Full: only a value smaller than the greatest kept gets in. Compared first, because most values of a full list
    // are not (hashing each new name for has() was most of the cost on logs of callers by the million).
    if (!(value < heap[0]) || members.has(value)) return;
    members.delete(heap[0]);
    members.add(value);
    heap[0] = value;
    siftDown(heap, 0, after);
  }

  /** Another part's callers, as if they had been added here. */
  addAll(other: Listed): void {
    for (const v of other.members) this.add(v);
    if (other.truncated) this.truncated = true;
  }

  /** The members in the order the report lists them (code-unit order, as Array.prototype.sort). */
  sorted(): string[] {
    return [...this.members].sort();
  }
}

/** `{ [key]: true }` when set, else nothing: the report's truncation flags are there only when true, after the lists. */
export const truncationFlag = <K extends string>(key: K, set: boolean): Partial<Record<K, true>> => (set ? ({ [key]: true } as Record<K, true>) : {});

/** The report's lists of two parts as one: the union, first limit in order, and whether more were seen. */
export function unionListed(a: string[], aTruncated: boolean, b: string[], bTruncated: boolean, limit = MAX_LISTED_CALLERS): { list: string[]; truncated: boolean } {
  const all = [...new Set([...a, ...b])].sort();
  return { list: all.length > limit ? all.slice(0, limit) : all, truncated: aTruncated || bTruncated || all.length > limit };
}

const after = (a: string, b: string): boolean => a > b;
