// Run the real CLI (src/cli.ts through tsx, as `npx tsx src/cli.ts` does) on the Node that runs the tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa, type Options } from 'execa';
import { repoRoot, scratchDir } from './fixtures.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A download cache of its own, so no run reads or writes ~/.cache/apisnoop. */
const cacheDir = scratchDir('cli-cache');

/** tsx's loader, as `--import tsx` finds it from the repository. */
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

/** What runs a command as nobody, for runCli's asNobody (util-linux's setpriv). */
export const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

/** Whether file modes stop runCli's asNobody: it runs as a user other than root, or root can become nobody. */
export const modesStopCli = process.getuid?.() !== 0 || existsSync('/usr/bin/setpriv') || existsSync('/bin/setpriv');

/** The command that runs the CLI: by path, so that a run in another directory (cwd) finds it. */
const CLI = [process.execPath, '--import', TSX, path.join(repoRoot, 'src/cli.ts')];

async function runCommand(command: string[], opts: Pick<Options, 'cwd' | 'input' | 'inputFile' | 'stdin'>): Promise<CliResult> {
  const r = await execa(command[0]!, command.slice(1), {
    ...opts,
    cwd: opts.cwd ?? repoRoot,
    reject: false,
    env: { APISNOOP_CACHE_DIR: cacheDir, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * input: stdin's text; inputFile: a file piped to stdin; stdinFd: an open file given as stdin itself (what a shell's
 * `< file` does); asNobody: run as nobody, whom modes stop, as they do not stop root (who runs these tests in
 * containers); nodeArgs: Node's own options, before the CLI's (e.g. --import a module that watches the run).
 */
export async function runCli(
  args: string[],
  opts: { input?: string | Uint8Array; inputFile?: string; stdinFd?: number; cwd?: string; asNobody?: boolean; nodeArgs?: string[] } = {},
): Promise<CliResult> {
  // execa's types list file descriptors 3-9 only; at run time any open descriptor is handed to the child as is.
  const fd = opts.stdinFd as Options['stdin'];
  const stdin: Pick<Options, 'input' | 'inputFile' | 'stdin'> =
    opts.input !== undefined ? { input: opts.input } : opts.inputFile ? { inputFile: opts.inputFile } : { stdin: fd ?? 'ignore' };
  const nobody = opts.asNobody && process.getuid?.() === 0 ? AS_NOBODY : [];
  const [node, ...cli] = CLI;
  return runCommand([...nobody, node!, ...(opts.nodeArgs ?? []), ...cli, ...args], { cwd: opts.cwd, ...stdin });
}

/** An argument of runCliPiped: a file handed over as bash's process substitution `<(cat FILE)` does, a pipe /dev/fd/N. */
export interface PipeOf {
  pipeOf: string;
}

/** runCli, through bash, so that arguments can be pipes (`apisnoop analyze <(zcat audit.log.gz)`). */
export async function runCliPiped(args: Array<string | PipeOf>, opts: { cwd?: string } = {}): Promise<CliResult> {
  const all = [...CLI, ...args];
  // Each value is a positional parameter of the script, never spliced into its text.
  const words = all.map((a, i) => (typeof a === 'string' ? `"\${${i + 1}}"` : `<(cat "\${${i + 1}}")`));
  const values = all.map((a) => (typeof a === 'string' ? a : a.pipeOf));
  return runCommand(['bash', '-c', `exec ${words.join(' ')}`, 'bash', ...values], { cwd: opts.cwd, stdin: 'ignore' });
}

/** The CLI's JSON on stdout, with a readable failure when it is not JSON. */
export function parseStdout<T = unknown>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not JSON (${(err as Error).message}); exit ${r.exitCode}; stderr: ${r.stderr.slice(0, 2000)}`, { cause: err });
  }
}
