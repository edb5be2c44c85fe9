import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-RKMZS7RO.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-IFTQDJKG.js";
import "./chunks/chunk-ZJJJR3J2.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
