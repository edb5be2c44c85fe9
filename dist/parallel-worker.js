import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-MJZKF753.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-ZE2DINUV.js";
import "./chunks/chunk-SB7I7QHP.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
