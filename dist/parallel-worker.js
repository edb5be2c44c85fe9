import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-XZ3WN3LG.js";
import "./chunks/chunk-S6U5ZBVE.js";
import "./chunks/chunk-5QVY4FUC.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
