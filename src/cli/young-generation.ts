// The CLI's young generation, kept at two 16 MB semi-spaces. Parsing a log allocates fast and most of it dies
// young, so V8 doubles the young generation up to its maximum (64 MB semi-spaces on the benchmark machine, 128 MB
// of RSS) for no gain in speed. Measured on 1 GB of Metadata-level log, with this cap: the same time, and 185 MB ->
// 161 MB of RSS with one job, 293 MB -> 212 MB with two.
// Node takes --max-semi-space-size only at start-up, but V8 reads its growth factor each time it grows the young
// generation: so once the young generation has reached the size, growing stops. Given on the command line or in
// NODE_OPTIONS, --max-semi-space-size is left to decide.
import { heapSpace, setFlagAfterCollection } from './v8-flags.js';

/** Young generation (both semi-spaces) at which growing stops. */
export const YOUNG_GENERATION_BYTES = 32 << 20;

export function capYoungGeneration(limit = YOUNG_GENERATION_BYTES): void {
  // Looked at after each garbage collection: the only time the young generation grows.
  setFlagAfterCollection('--max-semi-space-size', '--semi-space-growth-factor=1', () => (heapSpace('new_space')?.space_size ?? 0) >= limit);
}
