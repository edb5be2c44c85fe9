import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-6TZYOCMF.js";
import "./chunks/chunk-XY72CTOP.js";
import "./chunks/chunk-LVHW6GZJ.js";
import "./chunks/chunk-6IZ4UC64.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
