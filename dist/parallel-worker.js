import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-3ZAX4CQ7.js";
import "./chunks/chunk-VPI6D4CP.js";
import "./chunks/chunk-6IZ4UC64.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
