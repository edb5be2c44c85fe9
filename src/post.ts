// The Action's post step (action.yml runs.post -> dist/post.js): cleanup.
import { runPost } from './action/post.js';

await runPost();
