import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-5YCTFJTA.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-JZCGVPB5.js";
import "./chunks/chunk-WV7CWSCY.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
