import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-MGW7ATYX.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-SCAZIKRH.js";
import "./chunks/chunk-QJAYF2D5.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
