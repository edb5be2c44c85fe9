import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-QNAMG3GZ.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-635ZCIQW.js";
import "./chunks/chunk-YJ5HLTXQ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
