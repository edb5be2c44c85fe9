import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-SPGSLIW2.js";
import "./chunks/chunk-BDIFORXP.js";
import "./chunks/chunk-YGSR2I5H.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
