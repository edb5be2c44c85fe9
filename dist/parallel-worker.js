import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VVWEM4RJ.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-5HK3BNKN.js";
import "./chunks/chunk-GLLV4EDK.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
