// Once the heap holds much, the CLI lets the old generation grow to 1.5 times what was alive after its last full
// garbage collection. V8 lets it grow up to fourfold, which costs nothing while little survives into it, as on a
// log whose requests complete. Where requests are held until the limit on requests in flight (a log without final
// stages), each is promoted and then dies there: on 1 GB of RequestReceived lines, peak RSS went from 370 MB to
// 282-295 MB in the same time. From the start, the factor cost small heaps time: gzip's 1 MB output buffers then set
// off a full collection every 10 MB (100 MB of gzip log: 3 to 11 of them, 0.59 s to 0.66 s), so it waits until a
// collection finds LARGE_HEAP_BYTES of old space in use (docs/performance-history.md).
// V8 reads the factor at each full collection, so setting it after start-up takes. Given on the command line or in
// NODE_OPTIONS, --heap-growing-percent (or --heap_growing_percent) is left to decide.
import v8 from 'node:v8';
import { heapSpace, nodeFlagGiven, setFlagAfterCollection } from './v8-flags.js';

/** The old generation grows to (1 + this / 100) times the live heap before the next full collection. */
export const OLD_GENERATION_GROWING_PERCENT = 50;

/**
 * Old space in use after a collection from which the factor applies. The old space only: the young generation
 * (up to 32 MB, young-generation.ts) comes and goes with every scavenge.
 */
export const LARGE_HEAP_BYTES = 32 << 20;

export function limitOldGenerationGrowth(percent = OLD_GENERATION_GROWING_PERCENT, from = LARGE_HEAP_BYTES): void {
  // Looked at after any collection (scavenges promote what requests in flight hold), so it is set before the full
  // collection that sets the next limit.
  setFlagAfterCollection('--heap-growing-percent', `--heap-growing-percent=${percent}`, () => (heapSpace('old_space')?.space_used_size ?? 0) >= from);
}

/**
 * The same factor from now on, whatever the heap holds: for reading split over threads (--jobs 2). Each thread's heap
 * is its own, and each grew up to fourfold while under LARGE_HEAP_BYTES: two of them took 1 GB of log whose every
 * request has a user of its own past 300 MB of RSS (298-308 MiB, three runs), 262-265 MiB with the factor set as the
 * threads start, for 3% more time. V8's flags are the process's: the workers' heaps take it too.
 */
export function limitOldGenerationGrowthNow(percent = OLD_GENERATION_GROWING_PERCENT): void {
  if (!nodeFlagGiven('--heap-growing-percent')) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
