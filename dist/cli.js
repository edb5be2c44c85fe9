#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  capYoungGeneration,
  limitOldGenerationGrowth
} from "./chunks/chunk-6RDKPJNH.js";
import "./chunks/chunk-IP4P774H.js";

// src/bin.ts
import module from "node:module";
module.enableCompileCache?.();
capYoungGeneration();
limitOldGenerationGrowth();
await import("./chunks/cli-WE2DGFNZ.js");
