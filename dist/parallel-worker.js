import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-KRPTAIGL.js";
import "./chunks/chunk-ACG5MB63.js";
import "./chunks/chunk-X6QA7QFD.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
