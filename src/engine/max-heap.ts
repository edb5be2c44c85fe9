// A binary max-heap in an array, for keeping the first N of a stream in a fixed order (listed-set.ts, coverage.ts):
// the greatest kept is at [0], the one to drop when a smaller one comes.

/** Whether a comes after b in the order kept. */
export type Greater<T> = (a: T, b: T) => boolean;

/** The items, reordered in place into a heap. */
export function heapify<T>(items: T[], greater: Greater<T>): T[] {
  for (let i = (items.length >> 1) - 1; i >= 0; i--) siftDown(items, i, greater);
  return items;
}

/** Restore the heap below i after heap[i] was replaced. */
export function siftDown<T>(heap: T[], i: number, greater: Greater<T>): void {
  const n = heap.length;
  const v = heap[i];
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && greater(heap[r], heap[l]) ? r : l;
    if (!greater(heap[c], v)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = v;
}
