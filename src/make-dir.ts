// Creating a directory and its parents. Node's mkdir({ recursive: true }) never returns where a parent exists but
// answers ENOENT for any child (procfs: `--out /proc/x`): it creates the parent again and retries, forever. Here a
// level is made only once its parent exists, and an ENOENT then is final.
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/** mkdir -p, ending with mkdir's error where Node's recursive mkdir would spin. */
export async function makeDir(dir: string, parentMade = false): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    if (code(err) === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== 'ENOENT' || parentMade || parent === dir) throw err;
    await makeDir(parent);
    await makeDir(dir, true);
  }
}

/** makeDir, synchronous. */
export function makeDirSync(dir: string, parentMade = false): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    if (code(err) === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== 'ENOENT' || parentMade || parent === dir) throw err;
    makeDirSync(parent);
    makeDirSync(dir, true);
  }
}
