import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-LP33EQ56.js";
import "./chunks/chunk-UCBRDUM3.js";
import "./chunks/chunk-CSNH5JOI.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
