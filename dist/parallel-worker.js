import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-42UDXU2V.js";
import "./chunks/chunk-LNFJN4KW.js";
import "./chunks/chunk-5F4TNZ3O.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
