// The run as the runner describes it: repository, PR number from the event, links.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import { readRunContext } from '../../src/github/context.js';
import { fakesDir } from '../fakes/action-harness.js';

const dir = scratchDir('ctx');
function event(payload: unknown): string {
  const f = path.join(dir, `${Math.random()}.json`);
  writeFileSync(f, JSON.stringify(payload));
  return f;
}

describe('readRunContext', () => {
  it('reads a pull_request event', () => {
    const ctx = readRunContext({
      GITHUB_EVENT_PATH: path.join(fakesDir, 'pull-request-event.json'),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'apisnoop-e2e/sample-operator',
      GITHUB_RUN_ID: '99',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
    });
    expect(ctx).toEqual({
      owner: 'apisnoop-e2e',
      repo: 'sample-operator',
      pullRequest: 42,
      headSha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      eventName: 'pull_request',
      apiUrl: 'https://ghe.example.com/api/v3',
      serverUrl: 'https://ghe.example.com',
      runId: '99',
      runUrl: 'https://ghe.example.com/apisnoop-e2e/sample-operator/actions/runs/99',
      triggerRunUrl: null,
      // The fixture's head is contributor/sample-operator: a fork.
      fromFork: true,
      actionReadme: null,
    });
  });
  it('tells a fork PR from a same-repository one by the head and base repositories, and the action\'s README', () => {
    const pr = (head: unknown, base = { repo: { full_name: 'o/r' } }) => event({ pull_request: { number: 1, head, base } });
    const at = (file: string, extra: Record<string, string> = {}) => readRunContext({ GITHUB_EVENT_PATH: file, ...extra });
    expect(at(pr({ repo: { full_name: 'o/r', fork: false } })).fromFork).toBe(false);
    // A repository that is itself a fork, with a PR between its own branches: not a fork PR.
    expect(at(pr({ repo: { full_name: 'O/R', fork: true } })).fromFork).toBe(false);
    expect(at(pr({ repo: { full_name: 'someone/r', fork: true } })).fromFork).toBe(true);
    // The fork was deleted since: GitHub sends head.repo null.
    expect(at(pr({ repo: null })).fromFork).toBe(true);
    // No pull request in the event (a workflow_run job given pr-number): unknown.
    expect(at(event({ workflow_run: { id: 7 } })).fromFork).toBeNull();
    expect(at(event({}), { GITHUB_ACTION_REPOSITORY: 'acme/apisnoop' }).actionReadme).toBe('https://github.com/acme/apisnoop');
    // A local action (uses: ./) has none.
    expect(at(event({}), { GITHUB_ACTION_REPOSITORY: '' }).actionReadme).toBeNull();
  });
  it('links the run that triggered a workflow_run event: its html_url, else one built from its id', () => {
    const env = { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '8', GITHUB_SERVER_URL: 'https://ghe.example.com' };
    const html = 'https://ghe.example.com/o/r/actions/runs/7';
    const ctx = readRunContext({ ...env, GITHUB_EVENT_PATH: event({ workflow_run: { id: 7, html_url: html } }) });
    expect(ctx).toMatchObject({ runUrl: 'https://ghe.example.com/o/r/actions/runs/8', triggerRunUrl: html });
    expect(readRunContext({ ...env, GITHUB_EVENT_PATH: event({ workflow_run: { id: 7 } }) }).triggerRunUrl).toBe(html);
    expect(readRunContext({ ...env, GITHUB_EVENT_PATH: event({ workflow_run: { html_url: 'javascript:x' } }) }).triggerRunUrl).toBeNull();
    // Another event's payload is not read for it.
    expect(readRunContext({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({ workflow_run: { id: 7 } }) }).triggerRunUrl).toBeNull();
  });
  it('finds the PR of an issue_comment on a pull request, and none for a plain issue or a push', () => {
    expect(readRunContext({ GITHUB_EVENT_PATH: event({ issue: { number: 5, pull_request: { url: 'x' } } }) }).pullRequest).toBe(5);
    expect(readRunContext({ GITHUB_EVENT_PATH: event({ issue: { number: 5 } }) }).pullRequest).toBeNull();
    expect(readRunContext({ GITHUB_EVENT_PATH: event({ ref: 'refs/heads/main' }) }).pullRequest).toBeNull();
  });
  it('takes the repository from the event when GITHUB_REPOSITORY is absent, and defaults the hosts', () => {
    const payload = JSON.parse(readFileSync(path.join(fakesDir, 'pull-request-event.json'), 'utf8')) as object;
    const ctx = readRunContext({ GITHUB_EVENT_PATH: event(payload) });
    expect(ctx).toMatchObject({ owner: 'apisnoop-e2e', repo: 'sample-operator', apiUrl: 'https://api.github.com', runUrl: null });
  });
  it('names the event file when it is not JSON', () => {
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, '{nope');
    expect(() => readRunContext({ GITHUB_EVENT_PATH: f })).toThrow(`GITHUB_EVENT_PATH ${f} is not JSON`);
  });
});
