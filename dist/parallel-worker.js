import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-GW2LJEGA.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-CNU7LAFG.js";
import "./chunks/chunk-BGEKVRYW.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
