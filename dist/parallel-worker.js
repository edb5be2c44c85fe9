import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-NU4V554N.js";
import "./chunks/chunk-5FSAU6IU.js";
import "./chunks/chunk-QQFSWIIR.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
