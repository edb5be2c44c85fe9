import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-PE7PVY5M.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-HHLF7AXD.js";
import "./chunks/chunk-BJPIBNBZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
