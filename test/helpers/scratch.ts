// Scratch directories for the files a test writes, all removed when its test file ends (test/helpers/setup.ts).
// A hook registered inside a running test is not run by vitest, so the removal is not left to the caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A new directory under the system temp dir; `prefix` says which test made it, should one be left behind. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `apisnoop-test-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
