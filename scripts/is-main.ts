// Whether a script was run itself (npx tsx scripts/make-readme.ts), not imported by a test: its work is done then only.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path as the file it names: links followed (Node runs a script linked to by its own path), else made absolute. */
const real = (file: string): string => {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
};

/**
 * isMain(import.meta.url): compared as paths, not as `file://${process.argv[1]}`, which a path with a space (%20 in
 * the URL) or a relative argv[1] never equals, so the script did nothing and said nothing.
 */
export function isMain(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  return argv1 !== undefined && argv1 !== '' && real(fileURLToPath(moduleUrl)) === real(argv1);
}
