import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-57A4C7YZ.js";
import "./chunks/chunk-HEQMR2KS.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
