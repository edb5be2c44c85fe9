// What the threads of the parallel reader (parallel.ts) know of each other's scanning, in shared memory, so that a
// range's parser can count a request of one line at once instead of holding it for the main thread's verdict.
//
// The verdict on a final stage whose auditID came before in no stage of its range is "a request of its own" unless
// a stage before the final one, in an earlier range, left that request open. Such a stage, wherever it is, was
// scanned by some thread, which marked its ID's hash here before it said the range was scanned. So once every
// earlier range is scanned (the main thread's count, `scanned`) and the hash is unmarked, the verdict can only be
// "a request of its own": the parser counts it now, and the replay, which still sees it, agrees (apply checks).
// On a log of one line per request (the project's own audit policy) nearly every event is such a one. Held until the
// verdict, they outlived young-generation collections: on 1 GB of that shape with --jobs 2, the worker's collections
// kept 97 MB alive, 40 MB now, with 61% of the events counted at once (docs/performance-history.md). A hash marked by
// another ID only makes an event wait, as every event did before.

/**
 * Bits of the hashes' set: 512 KB, looked up at each final stage, so kept within a core's 2 MB cache. The openings of
 * 1 GB of the audit-policy log (76,000 watches) take 2% of it, so 2% of its one-line requests wait as before; a log
 * whose requests all log RequestReceived fills it, but there a final stage comes after its RequestReceived, mostly in
 * the same range, and waits anyway.
 */
const SET_BITS = 1 << 22;
/**
 * Ranges told scanned ahead of the first not scanned, at most: those handed out and not yet scanned are far fewer (a
 * few per thread, bounded by the shared memory's slots; markers, which need no slot, are told scanned at once). Past
 * it the count stops for the rest of the run (a later range overwrote the slot it waits on): never wrong, and every
 * event then waits for its verdict, as before early counting.
 */
const RING = 1 << 12;

export interface SharedScan {
  /** [0]: how many ranges, from the first, are scanned. */
  scanned: Int32Array;
  /** For range q at q % RING: q + 1 once it is scanned. */
  done: Int32Array;
  /** Hashes of the auditIDs of stages before the final one, scanned so far: one bit each. */
  openings: Int32Array;
}

export function newSharedScan(): SharedScan {
  const ints = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(n * 4));
  return { scanned: ints(1), done: ints(RING), openings: ints(SET_BITS / 32) };
}

/** A stage before the final one, with this ID hash (hashOf), was scanned. */
export function markOpening(s: SharedScan, h: number): void {
  const bit = (h >>> 0) % SET_BITS;
  Atomics.or(s.openings, bit >>> 5, 1 << (bit & 31));
}

/** Whether a stage before the final one with this ID hash may have been scanned. */
export function mayBeOpen(s: SharedScan, h: number): boolean {
  const bit = (h >>> 0) % SET_BITS;
  return (Atomics.load(s.openings, bit >>> 5) & (1 << (bit & 31))) !== 0;
}

/** The ranges before this one (by sequence number) are all scanned, their openings marked. */
export const scannedBefore = (s: SharedScan, seq: number): boolean => Atomics.load(s.scanned, 0) >= seq;

/**
 * Range seq is scanned (its openings marked before): said by the thread that scanned it, as soon as it has, so that
 * its next range need not wait for the main thread to hear of it. The count moves on over every range scanned in a
 * row; whichever thread finds the next one scanned moves it (all these are sequentially consistent, so one of two
 * threads told at once sees the other's).
 */
export function setScanned(s: SharedScan, seq: number): void {
  Atomics.store(s.done, seq % RING, seq + 1);
  for (;;) {
    const first = Atomics.load(s.scanned, 0);
    if (Atomics.load(s.done, first % RING) !== first + 1) return;
    Atomics.compareExchange(s.scanned, 0, first, first + 1);
  }
}
