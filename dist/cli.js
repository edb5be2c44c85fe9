#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import "./chunks/chunk-IP4P774H.js";

// src/bin.ts
import module from "node:module";

// src/cli/young-generation.ts
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
var YOUNG_GENERATION_BYTES = 32 << 20;
var newSpaceBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
function capYoungGeneration(limit = YOUNG_GENERATION_BYTES) {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("--max-semi-space-size"));
  if (given) return;
  const watch = new PerformanceObserver(() => {
    if (newSpaceBytes() < limit) return;
    v8.setFlagsFromString("--semi-space-growth-factor=1");
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

// src/bin.ts
module.enableCompileCache?.();
capYoungGeneration();
await import("./chunks/cli-B7BH6AHF.js");
