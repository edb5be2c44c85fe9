import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-MTCD32UA.js";
import "./chunks/chunk-DTHW2OKP.js";
import "./chunks/chunk-QMKLOVFG.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
