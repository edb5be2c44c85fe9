import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-S7NZP7JL.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-OOQA2OV3.js";
import "./chunks/chunk-FLEHHTSL.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
