import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-ZAX3EAQV.js";
import "./chunks/chunk-UINNRKJF.js";
import "./chunks/chunk-7YR5TACJ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
