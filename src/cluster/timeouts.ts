// How long a read of the cluster may take: kubectl's own limit per request and the most a whole command may run. Apart
// from command.ts (execa, the Action's log) so that the CLI's --from-cluster bounds its read alike.

/** kubectl's own limit on each request of a read of the cluster (--request-timeout): it then exits, saying why. */
export const REQUEST_TIMEOUT = '30s';

/**
 * The most one read of the cluster (kubectl get, helm get manifest) may take in all: helm get has no timeout flag of
 * its own, and kubectl's --request-timeout does not bound what comes before the request (a credential plugin).
 */
export const READ_TIMEOUT_MS = 120_000;

/** "120s", "2m": a timeout as a person reads it. */
export function durationText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
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
