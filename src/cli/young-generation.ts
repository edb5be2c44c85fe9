// The CLI's young generation, kept at two 16 MB semi-spaces. Parsing a log allocates fast and most of it dies
// young, so V8 doubles the young generation up to its maximum (64 MB semi-spaces on the benchmark machine, 128 MB
// of RSS) for no gain in speed. Measured on 1 GB of Metadata-level log, with this cap: the same time, and 185 MB ->
// 161 MB of RSS with one job, 293 MB -> 212 MB with two.
// Node takes --max-semi-space-size only at start-up, but V8 reads its growth factor each time it grows the young
// generation: so once the young generation has reached the size, growing stops. Given on the command line or in
// NODE_OPTIONS, --max-semi-space-size is left to decide.
import v8 from 'node:v8';
import { heapSpace, nodeFlagGiven, setFlagAfterCollection } from './v8-flags.js';

/** Young generation (both semi-spaces) at which growing stops. */
export const YOUNG_GENERATION_BYTES = 32 << 20;

export function capYoungGeneration(limit = YOUNG_GENERATION_BYTES): void {
  // Looked at after each garbage collection: the only time the young generation grows.
  setFlagAfterCollection('--max-semi-space-size', '--semi-space-growth-factor=1', () => (heapSpace('new_space')?.space_size ?? 0) >= limit);
}

/**
 * Worker threads (--jobs 2) start with their young generation at its maximum (their resourceLimits, parallel.ts). The
 * cap above stops growth in every isolate of the process: a worker started once this thread's young generation had
 * reached it kept its first 2 MB, and on 1 GB of the audit-policy log collected its young generation 200 to 300
 * times instead of 80, keeping 100-200 MB alive instead of 40 (3 runs in 12, docs/performance-history.md). V8 reads
 * the flag as an isolate is made, so it is set before the workers start; this thread's young generation keeps its size.
 */
export function fullYoungGenerationForWorkers(limit = YOUNG_GENERATION_BYTES): void {
  // In MB, per semi-space; V8 lowers it to a worker's own maximum.
  if (!nodeFlagGiven('--min-semi-space-size')) v8.setFlagsFromString(`--min-semi-space-size=${limit / 2 / 2 ** 20}`);
}
