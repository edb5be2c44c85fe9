import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-YUDCGNUY.js";
import "./chunks/chunk-WAQW5EFT.js";
import "./chunks/chunk-2XSR2VFZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
