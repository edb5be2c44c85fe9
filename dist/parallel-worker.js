import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-F6RS5URC.js";
import "./chunks/chunk-U5N2FQDE.js";
import "./chunks/chunk-MGBKPOXJ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
