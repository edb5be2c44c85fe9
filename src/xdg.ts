// XDG base directories, as the cache (sources/specs.ts) and the store (web/store.ts) find theirs.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * An XDG base directory: the variable's value when it is an absolute path, else `fallback` under the home directory.
 * The XDG spec calls a relative value invalid, to be ignored; an empty one is a variable a workflow set to nothing.
 */
export function xdgBaseDir(variable: 'XDG_CACHE_HOME' | 'XDG_DATA_HOME', fallback: string, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const value = env[variable];
  return value && isAbsolute(value) ? value : join(home, fallback);
}
