import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-IZ7TZKNF.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-FNRWB2TX.js";
import "./chunks/chunk-XAHIQ6AZ.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
