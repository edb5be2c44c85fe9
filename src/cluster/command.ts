// Runs kind, kubectl, helm, docker and the user's test command: logged like @actions/exec, output streamed to the job log,
// and never failing by throwing: the caller decides whether a non-zero exit stops the run or is only reported.
import { execa } from 'execa';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { logInfo } from '../github/log.js';
import { shellWord } from '../shell-word.js';
import { stopAtLimit, stoppedText } from './timeouts.js';

export interface CommandResult {
  /** The command line as logged. */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  ok: boolean;
  /** Why it failed, in one line: the exit code, or the spawn error (not found, killed). */
  failure: string | null;
}

export interface CommandOptions {
  env?: Record<string, string>;
  /** Write stdout to this file instead of the log (for large outputs such as the OpenAPI spec). */
  stdoutFile?: string;
  /** Do not echo stdout to the log (for outputs that are parsed, such as versions). */
  quiet?: boolean;
  cwd?: string;
  /**
   * Stop the command (SIGTERM, SIGKILL 5 s later; stopAtLimit) when it has run this long: for the reads of the cluster
   * after the app ran, which a hung API server would otherwise hold until GitHub's 6-hour job limit.
   */
  timeoutMs?: number;
}

/**
 * The action runtime's own credentials, which the runner gives to actions but not to `run:` steps: the artifact and
 * cache service token, and the OIDC token request (id-token: write).
 */
const RUNTIME_SECRETS = new Set(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL']);

/**
 * The environment of every child process: the runner's, minus the action's inputs and the runtime's credentials.
 * The runner passes inputs as INPUT_* variables, github-token among them; kind, helm and a chart's test command have
 * no business seeing them, nor the tokens a plain `run:` step does not get.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('INPUT_') || RUNTIME_SECRETS.has(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export async function runCommand(file: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const command = [file, ...args].map(shellWord).join(' ');
  logInfo(`[command]${command}`);
  const subprocess = execa(file, args, {
    env: childEnv(options.env),
    extendEnv: false,
    cwd: options.cwd,
    reject: false,
    stdin: 'ignore',
    stdout: options.stdoutFile ? { file: options.stdoutFile } : 'pipe',
    stderr: 'pipe',
    stripFinalNewline: false,
  });
  const limit = options.timeoutMs !== undefined ? stopAtLimit(subprocess, options.timeoutMs) : null;
  // Streamed as the tools wrote it, unlike the Action's own lines (logInfo): the tools and the test command run in
  // the job as the workflow's own code, which can print workflow commands anyway, and a test command may use them.
  if (!options.stdoutFile && !options.quiet) subprocess.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  subprocess.stderr?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  const result = await subprocess;
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : -1;
  const ok = !result.failed && exitCode === 0;
  let failure: string | null = null;
  if (!ok) {
    const name = path.basename(file);
    failure = limit?.reached()
      ? stoppedText(name, options.timeoutMs ?? 0)
      : result.exitCode === undefined
        ? `${name} could not run: ${result.shortMessage ?? 'unknown error'}`
        : `${name} exited with code ${exitCode}`;
  }
  return {
    command,
    exitCode,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
    ok,
    failure,
  };
}

/** Runs a command that must succeed; the error says what ran and what it printed last. */
export async function mustRun(file: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const res = await runCommand(file, args, options);
  if (!res.ok) {
    const tail = lastLines(res, 5).join('\n');
    throw new Error(`${res.failure}: ${res.command}${tail ? `\n${tail}` : ''}`);
  }
  return res;
}

const LINE_MAX = 300;

/**
 * The last lines a command printed that say something: its error output (stdout when it wrote none), colours taken
 * out, blank and punctuation-only lines left out, each cut to 300 characters. From its last "Error…" line when that is
 * among the last `count * 4`: kind prints kubeadm's output after its own ERROR line, which is the one that tells.
 */
export function lastLines(res: Pick<CommandResult, 'stderr' | 'stdout'>, count: number): string[] {
  const text = res.stderr.trim() ? res.stderr : res.stdout;
  const lines = stripVTControlCharacters(text)
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => /[\p{L}\p{N}]/u.test(l));
  const recent = lines.slice(-count * 4);
  const error = recent.findLastIndex((l) => /^(error|fatal)\b/i.test(l));
  const chosen = error === -1 ? lines.slice(-count) : recent.slice(error, error + count);
  return chosen.map((l) => (l.length > LINE_MAX ? `${l.slice(0, LINE_MAX - 1)}…` : l));
}

/**
 * What a failed command said, for a note that is one line in the annotation, the comment and the summary: ": " and its
 * last lines (helm's "Error: INSTALLATION FAILED: …"), or '' when it printed nothing. The failure alone ("helm exited
 * with code 1") sends the reader to a folded log group for the cause.
 */
export function saidLast(res: Pick<CommandResult, 'stderr' | 'stdout'>, count = 3): string {
  const lines = lastLines(res, count);
  return lines.length > 0 ? `: ${lines.join(' ')}` : '';
}
