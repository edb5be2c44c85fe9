import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-DJF7TLKQ.js";
import "./chunks/chunk-E7AVH3FW.js";
import "./chunks/chunk-6SMCVXMG.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
