import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-SCKSRGPQ.js";
import "./chunks/chunk-AXEW5EX3.js";
import "./chunks/chunk-6IZ4UC64.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
