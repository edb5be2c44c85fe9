import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-PISLMUKW.js";
import "./chunks/chunk-SZTRUTVA.js";
import "./chunks/chunk-EAEWG5JL.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
