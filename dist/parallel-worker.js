import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-HPGYHBZ3.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-7VASOIWL.js";
import "./chunks/chunk-UNLB5ENJ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
