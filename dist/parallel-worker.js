import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-TZFRR5FT.js";
import "./chunks/chunk-P5P52FCQ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
