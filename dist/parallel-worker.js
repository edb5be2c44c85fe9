import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-L5OJAV24.js";
import "./chunks/chunk-HSXCKMBM.js";
import "./chunks/chunk-5YDOD2LS.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
