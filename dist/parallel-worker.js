import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-QWRURAOI.js";
import "./chunks/chunk-CDALQ4WT.js";
import "./chunks/chunk-AFCATPJR.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
