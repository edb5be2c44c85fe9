import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  runWorker
} from "./chunks/chunk-DJLJXM4G.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-LTHQNHBZ.js";
import "./chunks/chunk-ZT67VTKB.js";
import "./chunks/chunk-IP4P774H.js";

// src/sources/parallel-worker.ts
runWorker();
