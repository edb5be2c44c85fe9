import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-27MHHNPE.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-DNATKNLQ.js";
import "./chunks/chunk-BGEKVRYW.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
