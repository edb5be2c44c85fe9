import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-VOZE3KKJ.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-4EXUMJEN.js";
import "./chunks/chunk-3QOJCXKT.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
