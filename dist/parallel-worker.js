import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-YLFCPLVF.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-MXZFUJU4.js";
import "./chunks/chunk-O3SZUAG2.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
