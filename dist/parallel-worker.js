import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-4EXSDHCN.js";
import "./chunks/chunk-ULYPFFJU.js";
import "./chunks/chunk-6SMCVXMG.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
