import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-6NM6S5CW.js";
import "./chunks/chunk-AGEIEZES.js";
import "./chunks/chunk-4PMAIUK7.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
