import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-4OWIQFFT.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-XCUGOL2B.js";
import "./chunks/chunk-VSVINYU7.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
