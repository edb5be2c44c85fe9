import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-D4ZAO534.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-E4ZPUCBX.js";
import "./chunks/chunk-FLOPB3DH.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
