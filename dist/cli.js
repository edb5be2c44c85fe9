#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  heapSpace,
  limitOldGenerationGrowth,
  setFlagAfterCollection
} from "./chunks/chunk-26YQ43JZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/bin.ts
import module from "node:module";

// src/cli/young-generation.ts
var YOUNG_GENERATION_BYTES = 32 << 20;
function capYoungGeneration(limit = YOUNG_GENERATION_BYTES) {
  setFlagAfterCollection("--max-semi-space-size", "--semi-space-growth-factor=1", () => (heapSpace("new_space")?.space_size ?? 0) >= limit);
}

// src/bin.ts
module.enableCompileCache?.();
capYoungGeneration();
limitOldGenerationGrowth();
await import("./chunks/cli-DJ2UPE3V.js");
