// The GitHub REST client the Action comments with: each request bounded in time (undici's own bound is 5 minutes a
// request, and a run makes several), and its failures told apart, for Octokit reports its own (a refused connection,
// a timeout) as HTTP 500 without a response, and a rate limit as the 403 a missing permission gets.
import { getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** How long one request may take, headers and body, before it is given up. */
export const API_TIMEOUT_MS = 30_000;

/**
 * The client, each of whose requests (every page of a listing too) is given up after `timeoutMs`. Set on each request
 * rather than as the client's `request` option, which would replace @actions/github's proxy-aware fetch.
 */
export function githubClient(token: string, baseUrl: string, timeoutMs = API_TIMEOUT_MS): GitHubClient {
  const octokit = getOctokit(token, { baseUrl });
  octokit.hook.wrap('request', async (request, options) => {
    const signal = AbortSignal.timeout(timeoutMs);
    // Set on the options themselves: the hooks inside this one (the token's) are bound to them, and read no others.
    options.request = { ...options.request, signal };
    const response = await request(options);
    // @octokit/request reads the body after the headers, and takes a read that fails (the signal cut it) for an empty
    // body: a listing's page that stalled would be read as a page without comments, and a second comment written.
    if (signal.aborted) throw signal.reason;
    return response;
  });
  return octokit;
}

/** A time in milliseconds the tests set through the environment (a whole number, 0 or more), or null when not set. */
export function envMs(name: string, env: NodeJS.ProcessEnv = process.env): number | null {
  const ms = Number(env[name] ?? '');
  return env[name] && Number.isInteger(ms) && ms >= 0 ? ms : null;
}

/** APISNOOP_GITHUB_TIMEOUT_MS, which the tests set short, else API_TIMEOUT_MS. */
export const apiTimeoutMs = (env: NodeJS.ProcessEnv = process.env): number => envMs('APISNOOP_GITHUB_TIMEOUT_MS', env) || API_TIMEOUT_MS;

export function httpStatus(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** Why a request failed, as far as can be told. */
export type ApiFailure =
  | { kind: 'timeout' }
  | { kind: 'unreachable'; why: string }
  | { kind: 'rate-limited'; status: number; why: string }
  | { kind: 'status'; status: number; why: string }
  | { kind: 'other'; why: string };

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  cause?: { name?: unknown } | null;
  response?: { headers?: Record<string, string | undefined> } | null;
}

export function apiFailure(err: unknown): ApiFailure {
  const e = (err ?? {}) as ErrorShape;
  const why = typeof e.message === 'string' ? e.message : String(err);
  // AbortSignal.timeout's reason: thrown by fetch as Octokit's 500 before the headers, or by githubClient's hook as it
  // is when the body's read was cut.
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return { kind: 'timeout' };
  const status = httpStatus(err);
  if (status === null) return { kind: 'other', why };
  // Octokit's own 500: no answer came (refused, reset, no such host).
  if (e.name === 'HttpError' && !e.response) return { kind: 'unreachable', why };
  if (isRateLimit(status, why, e.response?.headers ?? {})) return { kind: 'rate-limited', status, why };
  return { kind: 'status', status, why };
}

/**
 * GitHub's rate limits, primary (x-ratelimit-remaining: 0) and secondary ("You have exceeded a secondary rate limit",
 * maybe with retry-after), answer 403 or 429.
 */
function isRateLimit(status: number, message: string, headers: Record<string, string | undefined>): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /\brate limit/i.test(message);
}

/** Whether the failure was GitHub's rate limit. */
export const isRateLimited = (err: unknown): boolean => apiFailure(err).kind === 'rate-limited';

/** The failure in a few words, naming the API when it did not answer: "HTTP 404: Not Found". */
export function apiFailureText(f: ApiFailure, apiUrl: string, timeoutMs: number): string {
  switch (f.kind) {
    case 'timeout':
      return `GITHUB_API_URL (${apiUrl}) did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
    case 'unreachable':
      return `could not reach GITHUB_API_URL (${apiUrl}): ${f.why}`;
    case 'rate-limited':
      return `rate limited by GitHub, HTTP ${f.status}: ${f.why}`;
    case 'status':
      return `HTTP ${f.status}: ${f.why}`;
    case 'other':
      return f.why;
  }
}
