import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-4HYWUZTU.js";
import "./chunks/chunk-DZ6A7JFE.js";
import "./chunks/chunk-YIAVDJEJ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
