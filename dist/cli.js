#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import "./chunks/chunk-IP4P774H.js";

// src/bin.ts
import module from "node:module";

// src/cli/old-generation.ts
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

// src/cli/node-flags.ts
function nodeFlagGiven(flag) {
  const name = flag.replace(/_/g, "-");
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.replace(/_/g, "-").includes(name));
}

// src/cli/old-generation.ts
var OLD_GENERATION_GROWING_PERCENT = 50;
var LARGE_HEAP_BYTES = 32 << 20;
var oldSpaceUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space")?.space_used_size ?? 0;
function limitOldGenerationGrowth(percent = OLD_GENERATION_GROWING_PERCENT, from = LARGE_HEAP_BYTES) {
  const given = nodeFlagGiven("--heap-growing-percent");
  if (given) return;
  const watch = new PerformanceObserver(() => {
    if (oldSpaceUsed() < from) return;
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

// src/cli/young-generation.ts
import { PerformanceObserver as PerformanceObserver2 } from "node:perf_hooks";
import v82 from "node:v8";
var YOUNG_GENERATION_BYTES = 32 << 20;
var newSpaceBytes = () => v82.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
function capYoungGeneration(limit = YOUNG_GENERATION_BYTES) {
  const given = nodeFlagGiven("--max-semi-space-size");
  if (given) return;
  const watch = new PerformanceObserver2(() => {
    if (newSpaceBytes() < limit) return;
    v82.setFlagsFromString("--semi-space-growth-factor=1");
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

// src/bin.ts
module.enableCompileCache?.();
capYoungGeneration();
limitOldGenerationGrowth();
await import("./chunks/cli-TI6HWDTG.js");
