import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-3AT2URBR.js";
import "./chunks/chunk-O67IPTT5.js";
import "./chunks/chunk-6IZ4UC64.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
