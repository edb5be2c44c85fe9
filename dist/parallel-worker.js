import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-7EHR4SO4.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-LXPIAPMK.js";
import "./chunks/chunk-54KAK3TO.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
