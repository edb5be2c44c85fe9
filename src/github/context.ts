// The workflow run as the runner describes it (GITHUB_* variables and the event file), read fresh on every call.
// @actions/github's `context` is built once at import time, which a long-lived process (and every test) outgrows.
import { existsSync, readFileSync } from 'node:fs';

export interface RunContext {
  owner: string;
  repo: string;
  /** The pull request this run belongs to, when there is one. */
  pullRequest: number | null;
  /** Its head commit, when the event says. */
  headSha: string | null;
  eventName: string;
  apiUrl: string;
  serverUrl: string;
  runId: string;
  /** Link to this workflow run (where the job summary and artifacts are), or null outside Actions. */
  runUrl: string | null;
  /**
   * For a workflow_run event, the run that triggered this one: in the comment workflow of fork PRs, the first run,
   * whose log and artifact the comment is about (this run uploads nothing). Null for other events.
   */
  triggerRunUrl: string | null;
  /**
   * Whether the pull request's head is in another repository (a fork), whose runs get a read-only token; null when
   * the event does not say (no pull request in it, as in a workflow_run job given pr-number).
   */
  fromFork: boolean | null;
  /** The README of the action being run (GITHUB_ACTION_REPOSITORY; empty for a local `uses: ./`), or null. */
  actionReadme: string | null;
}

type Env = Record<string, string | undefined>;

interface EventPayload {
  number?: number;
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string; fork?: boolean } | null };
    base?: { repo?: { full_name?: string } };
  };
  issue?: { number?: number; pull_request?: unknown };
  repository?: { name?: string; owner?: { login?: string } };
  workflow_run?: { id?: number; html_url?: string };
}

function readEvent(env: Env): EventPayload {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as EventPayload;
  } catch (err) {
    throw new Error(`GITHUB_EVENT_PATH ${file} is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

export function readRunContext(env: Env = process.env): RunContext {
  const event = readEvent(env);
  let owner = '';
  let repo = '';
  if (env.GITHUB_REPOSITORY?.includes('/')) {
    [owner, repo] = env.GITHUB_REPOSITORY.split('/', 2) as [string, string];
  } else if (event.repository?.owner?.login && event.repository.name) {
    owner = event.repository.owner.login;
    repo = event.repository.name;
  }
  // pull_request and pull_request_target carry the PR; an issue_comment on a PR carries it as an issue.
  const pullRequest =
    event.pull_request?.number ?? (event.issue?.pull_request ? (event.issue.number ?? null) : null);
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const trigger = env.GITHUB_EVENT_NAME === 'workflow_run' ? event.workflow_run : undefined;
  const triggerRunUrl =
    typeof trigger?.html_url === 'string' && /^https?:\/\//.test(trigger.html_url)
      ? trigger.html_url
      : typeof trigger?.id === 'number' && owner && repo
        ? `${serverUrl}/${owner}/${repo}/actions/runs/${trigger.id}`
        : null;
  return {
    fromFork: fromFork(event),
    actionReadme: /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_ACTION_REPOSITORY ?? '') ? `${serverUrl}/${env.GITHUB_ACTION_REPOSITORY}` : null,
    owner,
    repo,
    pullRequest: pullRequest ?? null,
    headSha: event.pull_request?.head?.sha ?? null,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl,
    runId,
    runUrl: owner && repo && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : null,
    triggerRunUrl,
  };
}

/** Head and base repositories compared by name; a head repository deleted since (null) was a fork's. */
function fromFork(event: EventPayload): boolean | null {
  const pr = event.pull_request;
  if (!pr?.head || !pr.base?.repo?.full_name) return null;
  const head = pr.head.repo;
  if (head === null) return true;
  if (!head?.full_name) return typeof head?.fork === 'boolean' ? head.fork : null;
  return head.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
}
