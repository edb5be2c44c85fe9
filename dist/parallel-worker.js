import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-SI7MKP3J.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-PSCP5MVF.js";
import "./chunks/chunk-GLLV4EDK.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
