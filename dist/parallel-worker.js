import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-IOEPVS5S.js";
import "./chunks/chunk-KPVVICSE.js";
import "./chunks/chunk-KW7I5E37.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
