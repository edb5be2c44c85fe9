// How long a read of the cluster may take: kubectl's own limit per request and the most a whole command may run, and
// how a command is stopped there. Apart from command.ts (execa, the Action's log) so that the CLI's --from-cluster
// bounds its read alike.
import type { Readable } from 'node:stream';

/** kubectl's own limit on each request of a read of the cluster (--request-timeout): it then exits, saying why. */
export const REQUEST_TIMEOUT = '30s';

/**
 * The most one read of the cluster (kubectl get, helm get manifest) may take in all: helm get has no timeout flag of
 * its own, and kubectl's --request-timeout does not bound what comes before the request (a credential plugin).
 */
export const READ_TIMEOUT_MS = 120_000;

/** "120s", "2m": a timeout as a person reads it. */
function durationText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Why a command failed that stopAtLimit stopped at `ms`, `what` naming the command. */
export function stoppedText(what: string, ms: number): string {
  return `${what} did not finish within ${durationText(ms)} and was stopped`;
}

/**
 * What a read of the cluster that failed says of its timeouts: kubectl's own (--request-timeout, "Client.Timeout
 * exceeded", "context deadline exceeded") named with its limit, so that a hung API server reads as one; '' otherwise.
 */
export function timedOutText(res: { stderr: string; stdout: string }): string {
  return /Client\.Timeout exceeded|context deadline exceeded|timeout awaiting response headers/i.test(`${res.stderr}\n${res.stdout}`)
    ? ` (the API server did not answer within --request-timeout ${REQUEST_TIMEOUT})`
    : '';
}

/** What stopAtLimit needs of a command started with execa: to settle, to be signalled, and its pipes. */
interface Stoppable extends PromiseLike<unknown> {
  kill(): boolean;
  stdout: Readable | null;
  stderr: Readable | null;
}

/**
 * Stops a command that has run `ms`: SIGTERM (execa's kill, SIGKILL 5 s later if it is still running) and our ends of
 * its pipes closed, so that the run goes on at the limit. execa's own `timeout` signals the command and then waits for
 * its pipes to close, which a child the command left holding them (a wrapper's `sleep`, a credential plugin waiting
 * for a login) put off until that child ended: 170 s for a 2-minute limit. The child is not waited for, nor signalled:
 * it ends on its own, or on its next write to the closed pipe. Only a process group of the command's own would reach
 * it, and that (execa's detached: a new session) takes the command off the terminal, out of Ctrl-C's reach and without
 * the /dev/tty a credential plugin prompts on. `reached()` says, once the command settled, whether it was stopped.
 */
export function stopAtLimit(subprocess: Stoppable, ms: number): { reached: () => boolean } {
  let reached = false;
  const timer = setTimeout(() => {
    reached = true;
    subprocess.kill();
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
  }, ms);
  const clear = (): void => clearTimeout(timer);
  subprocess.then(clear, clear);
  return { reached: () => reached };
}
