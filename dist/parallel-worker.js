import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-HG2AZYSV.js";
import "./chunks/chunk-Q2QDVHML.js";
import "./chunks/chunk-NYRVIWXL.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
