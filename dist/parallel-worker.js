import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-B4T2BEXW.js";
import "./chunks/chunk-UUGS6J5G.js";
import "./chunks/chunk-CSNH5JOI.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
