import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-5KYL6BZL.js";
import "./chunks/chunk-GKDNGJ3U.js";
import "./chunks/chunk-ERCFSKLX.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
