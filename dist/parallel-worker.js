import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-I4C7DDUB.js";
import "./chunks/chunk-JHIAM7JX.js";
import "./chunks/chunk-5YDOD2LS.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
