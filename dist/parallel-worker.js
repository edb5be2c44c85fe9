import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-HS3DUWUR.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-GRDMRK2Z.js";
import "./chunks/chunk-WAIJCJSC.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
