import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VA4X4UIQ.js";
import "./chunks/chunk-E6KKJUJ3.js";
import "./chunks/chunk-TANUZLQY.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
