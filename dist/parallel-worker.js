import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-WE2ZDCNE.js";
import "./chunks/chunk-74E7BEYD.js";
import "./chunks/chunk-FKZB4WO6.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
