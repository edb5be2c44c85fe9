import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-JVF35GO5.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-5MQFQ5DY.js";
import "./chunks/chunk-WV7CWSCY.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
