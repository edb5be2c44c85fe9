import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-TV3DYKIS.js";
import "./chunks/chunk-CLBTGZ6U.js";
import "./chunks/chunk-TANUZLQY.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
