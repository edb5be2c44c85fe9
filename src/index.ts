// The Action's main step (action.yml runs.main -> dist/index.js).
import { run } from './action/main.js';

await run();
