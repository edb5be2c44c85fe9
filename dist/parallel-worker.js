import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VWTEQBON.js";
import "./chunks/chunk-S3NSWHHN.js";
import "./chunks/chunk-5F4TNZ3O.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
