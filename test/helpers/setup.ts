// Runs in every test file (vitest setupFiles). Its afterAll is registered first, so it runs after the file's own
// (servers and databases are closed before their directories go).
import { afterAll } from 'vitest';
import { removeScratchDirs } from './scratch.js';

afterAll(removeScratchDirs);
