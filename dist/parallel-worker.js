import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-JFAMBYQG.js";
import "./chunks/chunk-4PTEQR75.js";
import "./chunks/chunk-EPUKXBAN.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
