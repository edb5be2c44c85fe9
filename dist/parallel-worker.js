import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-B6XD45S4.js";
import "./chunks/chunk-OT3AVWCX.js";
import "./chunks/chunk-TANUZLQY.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
