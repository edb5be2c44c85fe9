import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-PNIFRYPF.js";
import "./chunks/chunk-UJ25NKLD.js";
import "./chunks/chunk-QVOV7BBA.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
