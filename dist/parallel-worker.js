import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-GZLK5NZO.js";
import "./chunks/chunk-PV5P5Z72.js";
import "./chunks/chunk-MGBKPOXJ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
