import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VSOSIVNJ.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-PNENYSJJ.js";
import "./chunks/chunk-XVCICWDT.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
