import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-SW5QJWPE.js";
import "./chunks/chunk-DZIGCOLC.js";
import "./chunks/chunk-73MCEDR2.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
