import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VTSOX27Q.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-M6BNVN4K.js";
import "./chunks/chunk-EVCQP5AN.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
