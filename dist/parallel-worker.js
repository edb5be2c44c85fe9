import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-RR75CDMZ.js";
import "./chunks/chunk-GVAUXKEW.js";
import "./chunks/chunk-2QFGV5MW.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
