import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-EQZ5DP2N.js";
import "./chunks/chunk-FWUQZO6J.js";
import "./chunks/chunk-QXM3DYGC.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
