import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-SLO3MUC3.js";
import "./chunks/chunk-ONM5PCDL.js";
import "./chunks/chunk-CSNH5JOI.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
