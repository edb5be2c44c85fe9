import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-BRLPKTSS.js";
import "./chunks/chunk-7DQH7W2D.js";
import "./chunks/chunk-YGSR2I5H.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
