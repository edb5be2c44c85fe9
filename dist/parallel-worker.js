import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-NHJ3PWGY.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-VV765XAL.js";
import "./chunks/chunk-AG6USAN4.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
