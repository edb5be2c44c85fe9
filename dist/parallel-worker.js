import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-WJEVW7ZG.js";
import "./chunks/chunk-JQMPCDLS.js";
import "./chunks/chunk-W7EXJZPZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
