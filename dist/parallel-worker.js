import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-RLEURRZU.js";
import "./chunks/chunk-6XWVDY3P.js";
import "./chunks/chunk-5F4TNZ3O.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
