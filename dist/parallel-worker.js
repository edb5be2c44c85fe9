import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-DN2X4XOM.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-BR3BMQWP.js";
import "./chunks/chunk-BJPIBNBZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
