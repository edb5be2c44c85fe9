import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-PENCBAKS.js";
import "./chunks/chunk-6OUZPZS3.js";
import "./chunks/chunk-Z36SZ5AM.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
