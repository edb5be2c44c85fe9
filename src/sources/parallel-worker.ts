// Entry of the worker threads of the parallel reader (parallel.ts): a file of its own so the bundle can ship it.
import { runWorker } from './parallel.js';

runWorker();
