import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-6F7L7NWO.js";
import "./chunks/chunk-UIDCU667.js";
import "./chunks/chunk-2JKO2BKB.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
