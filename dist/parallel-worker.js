import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-JF5KGES6.js";
import "./chunks/chunk-PDJENDPH.js";
import "./chunks/chunk-AFR6KFFD.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
