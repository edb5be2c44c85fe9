import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-TUUCRBR5.js";
import "./chunks/chunk-WVYSA46F.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
