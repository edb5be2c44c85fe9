#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/bin.ts
import module from "node:module";
module.enableCompileCache?.();
await import("./chunks/cli-2FFOV27X.js");
