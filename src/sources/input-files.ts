// The files named on a command line: files, directories (walked), '-' for stdin; each file reached once, whatever
// names, directories or links reach it. Audit logs and RBAC manifests are found the same way.
import { fstatSync, type BigIntStats, type Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readFailure } from './read-failure.js';

/** A bad input (a file that cannot be read, a bad option): the commands say its message and exit with 2. */
export class InputError extends Error {}

/** How an input reached again was reached: named, or found in a directory given. */
export interface Repeat {
  input: string;
  /** The name it was first read under. */
  first: string;
  /** The directory it was found in this time, when it was not named. */
  inDirectory?: string;
  /** The directory it was found in the first time, when it was not named. */
  firstInDirectory?: string;
}

/**
 * An entry of a directory given that is not read: a link to nothing or in a loop, a directory already walked, or no
 * file (a FIFO, a socket, a device); or a directory given that holds no file (then input and inDirectory are both it).
 */
export interface Skipped {
  input: string;
  inDirectory: string;
  why: 'link to nothing' | 'link loop' | { sameDirectoryAs: string } | { notAFile: string } | 'no files';
}

/** What a directory entry that is neither a file nor a directory is, for the warning that skips it. */
export function kindOf(st: Stats | BigIntStats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** How stdin ('-') is named in messages, by every command. */
export const STDIN_NAME = '(stdin)';
/** An input as messages name it: stdin as (stdin), a file by its path. */
export const shownName = (input: string): string => (input === '-' ? STDIN_NAME : input);

/** The warning for an input reached twice (it is read once) or skipped, as the commands word it. */
export function duplicateInput(repeat: Repeat | Skipped): string {
  if ('why' in repeat) {
    if (repeat.why === 'no files') return `${repeat.input} holds no files (hidden ones are left out): nothing read from it`;
    const where = `${repeat.input} (in ${repeat.inDirectory})`;
    if (repeat.why === 'link to nothing') return `${where} is a link to nothing: skipped`;
    if (repeat.why === 'link loop') return `${where} is a link that leads back to itself: skipped`;
    if ('notAFile' in repeat.why) {
      const named = repeat.why.notAFile === 'a FIFO' ? ' (named, it is read)' : '';
      return `${where} is ${repeat.why.notAFile}, not a file: skipped${named}`;
    }
    return `${where} is the directory ${repeat.why.sameDirectoryAs} again: walked once`;
  }
  const { inDirectory, firstInDirectory } = repeat;
  const [input, first] = [shownName(repeat.input), shownName(repeat.first)];
  if (inDirectory !== undefined && inDirectory === firstInDirectory) return `${input} is reached twice through ${inDirectory}: read once`;
  const where = inDirectory === undefined ? input : `${input} (in ${inDirectory})`;
  const then = firstInDirectory === undefined ? first : `${first} (in ${firstInDirectory})`;
  if (input === first) return `${where} is given twice${firstInDirectory === undefined ? '' : `, first in ${firstInDirectory}`}: read once`;
  return `${where} is the same file as ${then}: read once`;
}

/**
 * For an input that does not exist, where a directory is read too: if its path holds a wildcard, that nothing
 * expanded it (a pattern in quotes, or in a workflow's input, where no shell runs), and what to give instead.
 */
export function wildcardHint(path: string, instead = 'give the directory, which is read whole (recursively), or the files'): string {
  return /[*?[]/.test(path) ? `; nothing expanded its wildcard (a shell expands one unquoted, never in quotes or in a workflow's input): ${instead}` : '';
}

/** What makes two names one file: device and inode, as bigints (a number can lose an inode's low bits). */
export type FileId = { dev: bigint; ino: bigint };

/** Files by identity: the same file under two names, through a link, named twice, or as stdin and by its name. */
export class DistinctFiles {
  private readonly seen = new Map<string, { first: string; firstInDirectory?: string }>();
  constructor(readonly onDuplicate?: (repeat: Repeat | Skipped) => void) {}

  /**
   * Whether input is new (then remembered); a repeat is told to onDuplicate. id: the file's identity; without one
   * (a file that cannot be read, which its reader reports) the name stands for it.
   */
  add(input: string, id: FileId | undefined, inDirectory?: string): boolean {
    const key = id ? `id ${id.dev}:${id.ino}` : `name ${input}`;
    const seen = this.seen.get(key);
    if (seen === undefined) this.seen.set(key, { first: input, firstInDirectory: inDirectory });
    else this.onDuplicate?.({ input, inDirectory, ...seen });
    return seen === undefined;
  }

  /**
   * add, for a file named by its path, or '-' for stdin. A file that cannot be stat'ed is known by its name (its reader
   * reports it).
   */
  async addPath(file: string, inDirectory?: string): Promise<boolean> {
    // stdin is known by what it reads: a file redirected to it is the file itself; a pipe is a pipe of its own.
    const id = file === '-' ? stdinStat() : await stat(file, { bigint: true }).catch(() => undefined);
    return this.add(file, id, inDirectory);
  }
}

/** What stdin ('-') reads, as fstat tells it; undefined when fd 0 is closed. */
export function stdinStat(): BigIntStats | undefined {
  try {
    return fstatSync(0, { bigint: true });
  } catch {
    return undefined;
  }
}

export interface InputFileRules {
  /** Which files of a directory are taken (by name); a file named outright always is. Default: all. */
  accept?: (name: string) => boolean;
  /** What a directory with no file taken is: an error with this text (default: simply no files). */
  none?: string;
  /** The error an input that cannot be read is (default: InputError). */
  failure?: (message: string) => Error;
  /** How '-' is fed, for the refusal of a terminal (default: an audit log's). */
  piped?: string;
}

/**
 * The files of one input: itself, '-' (stdin), or a directory's files (recursively, sorted, hidden ones left out), each
 * only if `distinct` has not met it before. Stat'ed once each.
 */
export async function inputFiles(input: string, distinct: DistinctFiles, rules: InputFileRules = {}): Promise<string[]> {
  const fail = rules.failure ?? ((message: string) => new InputError(message));
  const out: string[] = [];
  let found = 0;
  // Directories walked, by identity: a link back up the tree would be walked until the path is too long.
  const walked = new Map<string, string>();
  const take = (path: string, st: BigIntStats, inDirectory?: string): void => {
    found++;
    if (distinct.add(path, st, inDirectory)) out.push(path);
  };
  const walk = async (path: string, inDirectory?: string): Promise<void> => {
    let st;
    try {
      st = await stat(path, { bigint: true });
    } catch (err) {
      // A link to nothing inside a directory given is not a log: said and skipped. Anything else named stops the run.
      const code = (err as NodeJS.ErrnoException).code;
      if (inDirectory !== undefined && (code === 'ENOENT' || code === 'ELOOP') && (await lstat(path).catch(() => null))?.isSymbolicLink()) {
        distinct.onDuplicate?.({ input: path, inDirectory, why: code === 'ELOOP' ? 'link loop' : 'link to nothing' });
        return;
      }
      throw fail(readFailure(path, err) + (code === 'ENOENT' ? wildcardHint(path) : ''));
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      const before = walked.get(id);
      if (before !== undefined) {
        distinct.onDuplicate?.({ input: path, inDirectory: inDirectory ?? path, why: { sameDirectoryAs: before } });
        return;
      }
      walked.set(id, path);
      let names: string[];
      try {
        names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
      } catch {
        // A directory that cannot be listed (mode 000, 311) is handed on as a file that cannot be opened is, and its
        // reader says it as it says that file: found in a directory given, one invalid entry, the other inputs
        // counting; named outright (or handed on again by load-audit, which names what it found), "cannot read
        // (EACCES)", which stops the run.
        take(path, st, inDirectory);
        return;
      }
      for (const n of names) await walk(join(path, n), path);
      return;
    }
    if (inDirectory !== undefined && rules.accept && !rules.accept(path)) return;
    // A FIFO in a directory walked would wait for a writer for ever, a socket cannot be opened: neither is a log
    // that was written there. Named outright (`<(zcat …)`), a FIFO is read.
    if (inDirectory !== undefined && !st.isFile()) {
      distinct.onDuplicate?.({ input: path, inDirectory, why: { notAFile: kindOf(st) } });
      return;
    }
    take(path, st, inDirectory);
  };
  if (input === '-') {
    // A terminal as stdin waits, with no prompt, for lines typed in: a pipe or a redirect was meant (merge and export
    // refuse it too).
    if (process.stdin.isTTY) throw fail(`${STDIN_NAME}: stdin is a terminal; '-' reads what is piped in (${rules.piped ?? 'gzip -dc audit.log.gz | apisnoop analyze -'}), else give the file`);
    if (await distinct.addPath(input)) out.push(input);
    return out;
  }
  await walk(input);
  if (found === 0 && rules.none) throw fail(`${input}: ${rules.none}`);
  // A directory given that holds nothing is said, not passed over: the logs meant to be in it were not read.
  if (found === 0) distinct.onDuplicate?.({ input, inDirectory: input, why: 'no files' });
  return out;
}

/**
 * Expand directories into files; '-' stays stdin. A file reached twice (named twice, inside a directory also given,
 * through a link, as stdin and by its name) is read once: counted twice, every request of it would count twice.
 * onDuplicate hears of each one left out, so that nothing is dropped unsaid.
 */
export async function expandInputs(inputs: string[], onDuplicate?: (repeat: Repeat | Skipped) => void, rules: InputFileRules = {}): Promise<string[]> {
  const distinct = new DistinctFiles(onDuplicate);
  const out: string[] = [];
  for (const input of inputs) out.push(...(await inputFiles(input, distinct, rules)));
  return out;
}
