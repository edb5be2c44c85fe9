import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/cli/old-generation.ts
import v82 from "node:v8";

// src/cli/v8-flags.ts
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
function nodeFlagGiven(flag) {
  const name = flag.replace(/_/g, "-");
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.replace(/_/g, "-").includes(name));
}
var heapSpace = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name);
function setFlagAfterCollection(unlessGiven, setting, when) {
  if (nodeFlagGiven(unlessGiven)) return;
  const watch = new PerformanceObserver(() => {
    if (!when()) return;
    v8.setFlagsFromString(setting);
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

// src/cli/old-generation.ts
var OLD_GENERATION_GROWING_PERCENT = 50;
var LARGE_HEAP_BYTES = 32 << 20;
function limitOldGenerationGrowth(percent = OLD_GENERATION_GROWING_PERCENT, from = LARGE_HEAP_BYTES) {
  setFlagAfterCollection("--heap-growing-percent", `--heap-growing-percent=${percent}`, () => (heapSpace("old_space")?.space_used_size ?? 0) >= from);
}
function limitOldGenerationGrowthNow(percent = OLD_GENERATION_GROWING_PERCENT) {
  if (!nodeFlagGiven("--heap-growing-percent")) v82.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

// src/cli/young-generation.ts
import v83 from "node:v8";
var YOUNG_GENERATION_BYTES = 32 << 20;
function capYoungGeneration(limit = YOUNG_GENERATION_BYTES) {
  setFlagAfterCollection("--max-semi-space-size", "--semi-space-growth-factor=1", () => (heapSpace("new_space")?.space_size ?? 0) >= limit);
}
function fullYoungGenerationForWorkers(limit = YOUNG_GENERATION_BYTES) {
  if (!nodeFlagGiven("--min-semi-space-size")) v83.setFlagsFromString(`--min-semi-space-size=${limit / 2 / 2 ** 20}`);
}

export {
  limitOldGenerationGrowth,
  limitOldGenerationGrowthNow,
  capYoungGeneration,
  fullYoungGenerationForWorkers
};
