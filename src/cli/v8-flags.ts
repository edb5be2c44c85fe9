// The V8 flags the CLI sets for its heap (young-generation.ts, old-generation.ts): once a garbage collection finds
// the heap in a given state, unless the user gave Node a flag that decides the same thing.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * Whether Node was started with a V8 flag (on its command line or in NODE_OPTIONS), in either spelling: V8 takes
 * --heap_growing_percent as well as --heap-growing-percent.
 */
export function nodeFlagGiven(flag: string): boolean {
  const name = flag.replace(/_/g, '-');
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.replace(/_/g, '-').includes(name));
}

/** A heap space's statistics (new_space, old_space, ...), now. */
export const heapSpace = (name: string): v8.HeapSpaceInfo | undefined => v8.getHeapSpaceStatistics().find((s) => s.space_name === name);

/**
 * After each garbage collection, until `when()` holds: then set `setting` (e.g. --heap-growing-percent=50) and stop
 * looking. Nothing happens when Node was given `unlessGiven`. V8 reads such flags as it goes, so they take after
 * start-up.
 */
export function setFlagAfterCollection(unlessGiven: string, setting: string, when: () => boolean): void {
  if (nodeFlagGiven(unlessGiven)) return;
  const watch = new PerformanceObserver(() => {
    if (!when()) return;
    v8.setFlagsFromString(setting);
    watch.disconnect();
  });
  watch.observe({ entryTypes: ['gc'] });
}
