import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-UFYWVLYO.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-SPLUASLD.js";
import "./chunks/chunk-EIY7F3I2.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
