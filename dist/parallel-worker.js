import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-IP4YOWU3.js";
import "./chunks/chunk-BQL6LFDF.js";
import "./chunks/chunk-QVOV7BBA.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
