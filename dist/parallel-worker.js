import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-CJTWHHIZ.js";
import "./chunks/chunk-D2HKIGRH.js";
import "./chunks/chunk-ERCFSKLX.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
