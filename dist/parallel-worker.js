import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-ALPCJVU5.js";
import "./chunks/chunk-5Y7C6OGS.js";
import "./chunks/chunk-QHLRWFSS.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
