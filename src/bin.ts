#!/usr/bin/env node
// The `apisnoop` executable. Node's compile cache (Node >= 22.1) keeps the bundle's compiled code between runs:
// start-up is a fifth of the time on a 100 MB log. It has to be on before the CLI's modules are compiled, hence
// the dynamic import. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';
import { limitOldGenerationGrowth } from './cli/old-generation.js';
import { capYoungGeneration } from './cli/young-generation.js';

module.enableCompileCache?.();
capYoungGeneration();
limitOldGenerationGrowth();
await import('./cli.js');
