// Files being written when Ctrl-C (or a CI runner's cancel) ends the run: a signal kills Node without unwinding, so
// no catch or finally removes what was half made. While the work runs, the signal first calls the cleanup.

/** The signals that end a command-line run: Ctrl-C, kill and a CI cancel, a closed terminal. */
const ENDING: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs work; a SIGINT, SIGTERM or SIGHUP meanwhile calls cleanup (synchronous: nothing after it runs), then ends the
 * process by the same signal, as if it had not been caught: the shell says 130 for Ctrl-C. Raised again rather than
 * process.exit(128 + n), which waits for writes in progress, and one that cannot end (a pipe no one reads) held the
 * run for ever.
 */
export async function cleanUpOnSignal<T>(cleanup: () => void, work: () => Promise<T>): Promise<T> {
  const stop = (): void => {
    for (const s of ENDING) process.off(s, end);
  };
  const end = (signal: NodeJS.Signals): void => {
    try {
      cleanup();
    } finally {
      // With no listener left, the signal's default action is back: it ends the process.
      stop();
      process.kill(process.pid, signal);
    }
  };
  for (const s of ENDING) process.on(s, end);
  try {
    return await work();
  } finally {
    stop();
  }
}
