import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-BULI2FOF.js";
import "./chunks/chunk-NHB6AXUR.js";
import "./chunks/chunk-6SMCVXMG.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
