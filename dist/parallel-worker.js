import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-OW45ZSM2.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-RL5UROMS.js";
import "./chunks/chunk-SDCX4TJT.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
