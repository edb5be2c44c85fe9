// The Action's PR comment when two matrix legs that share comment-key write it at the same moment: what each says in
// its log, and that both reports end on the PR. The legs run in one process against the fake GitHub API, which
// answers their requests in a scripted order.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { postComment } from '../../src/action/pr-comment.js';
import type { Report } from '../../src/engine/report.js';
import { commentWriter, composeComment, readWrittenBy, stickyMarker, writtenByLine } from '../../src/github/comment.js';
import type { RunContext } from '../../src/github/context.js';
import { ActionHarness, fixtures } from '../fakes/action-harness.js';
import { FakeGitHub, type NamedRequest } from '../fakes/github-api.js';

const TOKEN = 'ghp_prCommentRaceToken';
const PR = 7;

describe('legs sharing comment-key that finish at once (postComment)', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  let report: Report;
  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'o', repo: 'r' });
    await gh.start();
    h = new ActionHarness(TOKEN, gh.url, 'o/r');
    report = await analyzeLogs({
      logs: [path.join(fixtures, 'audit/audit2rbac/demo-v1.log')],
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      conformance: path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz'),
      selection: { includeSystem: true },
    });
  });
  afterAll(async () => {
    await gh.stop();
    await h.cleanup();
  });

  it('the leg whose update was overwritten moves its report to a comment of its own and says so in one warning of the shared key', async () => {
    const legs = { A: commentWriter('8001', 'chart', 'matrix tag v1'), B: commentWriter('8001', 'chart', 'matrix tag v2') };
    gh.seed(PR, `${stickyMarker('default')}\n${writtenByLine(commentWriter('8000', 'chart', 'matrix tag v1'))}\n\nreport of run 8000`, 'github-actions[bot]', 'Bot');
    // The two legs' clients look alike: the lists are told apart by their order, the writes by the leg they name.
    const named = (r: NamedRequest): string => {
      if (r.method !== 'PATCH' && r.method !== 'POST') return `${r.method} ${r.path.endsWith('/comments') ? 'list' : r.path === '/user' ? 'user' : 'one'}`;
      return `${readWrittenBy(r.body ?? '')?.label} ${r.method}`;
    };
    gh.interleave(['GET list', 'GET list', 'matrix tag v1 PATCH', 'matrix tag v2 PATCH', 'GET one', 'GET one'], named);
    const ctx: RunContext = {
      owner: 'o',
      repo: 'r',
      pullRequest: PR,
      headSha: null,
      eventName: 'pull_request',
      apiUrl: gh.url,
      serverUrl: 'https://github.com',
      runId: '8001',
      runUrl: null,
      triggerRunUrl: null,
      fromFork: false,
      actionReadme: null,
    };
    const title = (leg: 'A' | 'B') => `APISnoop on ${legs[leg].label}`;
    const leg = (l: 'A' | 'B') =>
      postComment({ token: TOKEN, comment: true, commentKey: 'default', prNumber: PR, writer: legs[l] }, ctx, (head) => composeComment(report, { notes: [], title: title(l), marker: head }), {
        artifact: true,
        dir: null,
      });
    let urls: (string | null)[] = [];
    const res = await h.inProcess(h.env({}), async () => {
      urls = await Promise.all([leg('A'), leg('B')]);
    });
    expect(gh.pending).toEqual([]);
    const comments = gh.comments.get(PR)!;
    // B's update came last and kept the key's comment; A's report is in a comment of its own.
    expect(comments.map((c) => [readWrittenBy(c.body)!.label, c.body.split('\n')[0], c.body.includes(title('A')), c.body.includes(title('B'))])).toEqual([
      ['matrix tag v2', stickyMarker('default'), false, true],
      ['matrix tag v1', expect.stringMatching(/^<!-- apisnoop:sticky-comment key=default@[0-9a-f]{12} -->$/), true, false],
    ]);
    expect(urls).toEqual([comments[1]!.html_url, comments[0]!.html_url]);
    const said = res.output.split('\n').filter((l) => l.includes('comment-key "default"'));
    // One warning, saying what happened: this leg wrote the key's comment too, and the other kept it.
    expect(said).toEqual([
      expect.stringMatching(
        /^::warning::comment-key "default" is shared by the jobs or matrix legs of this run: its comment was written by another \(matrix tag v2\), which this one \(matrix tag v1\) wrote at the same moment; read back a few seconds later, the other held it, so this report went to a comment of its own\. /,
      ),
    ]);
    expect(res.warnings).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});

describe('a comment GitHub does not take: the warning says why, and nothing is written twice', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  const writer = commentWriter('8002', 'chart', '');
  const target = { token: TOKEN, comment: true, commentKey: 'default', prNumber: PR, writer };
  const ctxAt = (apiUrl: string): RunContext => ({
    owner: 'o',
    repo: 'r',
    pullRequest: PR,
    headSha: null,
    eventName: 'pull_request',
    apiUrl,
    serverUrl: 'https://github.com',
    runId: '8002',
    runUrl: null,
    triggerRunUrl: null,
    fromFork: false,
    actionReadme: null,
  });
  /** postComment as the Action calls it; its warnings and what it returned. */
  async function post(apiUrl: string, env: Record<string, string> = {}): Promise<{ url: string | null; warnings: string[] }> {
    let url: string | null = null;
    const res = await h.inProcess(h.env({}, env), async () => {
      url = await postComment(target, ctxAt(apiUrl), (marker) => `${marker}\n\nthe report`, { artifact: true, dir: null });
    });
    return { url, warnings: res.warnings };
  }
  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: 'alice', owner: 'o', repo: 'r' });
    await gh.start();
    h = new ActionHarness(TOKEN, gh.url, 'o/r');
  });
  beforeEach(() => {
    gh.comments.clear();
    gh.requests.length = 0;
    gh.hang = null;
    gh.stallBody = null;
    gh.rateLimit = null;
  });
  afterAll(async () => {
    await gh.stop();
    await h.cleanup();
  });

  it('an API nothing listens on is said unreachable, naming GITHUB_API_URL, not as an HTTP 500', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const apiUrl = `http://127.0.0.1:${port}`;
    const { url, warnings } = await post(apiUrl);
    expect(url).toBeNull();
    expect(warnings).toEqual([
      `Could not write the PR comment on #${PR} (could not reach GITHUB_API_URL (${apiUrl}): connect ECONNREFUSED 127.0.0.1:${port}). The report is in the job summary and the artifact.`,
    ]);
  });

  it('an API that stops answering is given up after the bound on each request, and said so', async () => {
    gh.hang = (r) => r.method === 'GET' && r.path.endsWith('/comments');
    const { url, warnings } = await post(gh.url, { APISNOOP_GITHUB_TIMEOUT_MS: '300' });
    expect(url).toBeNull();
    expect(warnings).toEqual([`Could not write the PR comment on #${PR} (GITHUB_API_URL (${gh.url}) did not answer within 300 ms). The report is in the job summary and the artifact.`]);
    expect(gh.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`)).toEqual(['GET /user 200', `GET /repos/o/r/issues/${PR}/comments 0`]);
  });

  it('a page of the comments whose body stalls is given up as the API not answering: not read as no comments, no second comment written', async () => {
    // 250 comments, the sticky one on the third page (100 a page), whose body stops after its first byte.
    for (let i = 0; i < 220; i++) gh.seed(PR, `comment ${i}`, 'bob');
    const mine = gh.seed(PR, `${stickyMarker('default')}\n\nan earlier report`, 'alice');
    for (let i = 0; i < 29; i++) gh.seed(PR, `comment ${i}`, 'bob');
    gh.stallBody = (page) => page === 3;
    const { url, warnings } = await post(gh.url, { APISNOOP_GITHUB_TIMEOUT_MS: '300' });
    expect(url).toBeNull();
    expect(warnings).toEqual([`Could not write the PR comment on #${PR} (GITHUB_API_URL (${gh.url}) did not answer within 300 ms). The report is in the job summary and the artifact.`]);
    expect(gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(gh.comments.get(PR)!.filter((c) => c.body.startsWith(stickyMarker('default')))).toEqual([mine]);
    // Answered whole, the page holds the comment, which is updated.
    gh.stallBody = null;
    expect((await post(gh.url)).url).toBe(mine.html_url);
  });

  it.each([
    ['secondary', 403],
    ['secondary', 429],
    ['primary', 403],
  ] as const)('a %s rate limit (HTTP %i) is said rate limited, not a token without pull-requests: write', async (kind, status) => {
    gh.rateLimit = { kind, status, matches: (r) => r.method === 'POST' };
    const { url, warnings } = await post(gh.url);
    expect(url).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^Could not write the PR comment on #${PR} \\(rate limited by GitHub, HTTP ${status}: (You have exceeded a secondary rate limit|API rate limit exceeded)`));
    expect(warnings[0]).toContain('The next run writes it, or re-run this job once the limit has passed.');
    expect(warnings[0]).not.toContain('permissions');
    expect(warnings[0]).not.toContain('fork');
  });

  it("a rate limit on GET /user is not taken for the GITHUB_TOKEN's 403: a personal token's comment is not written a second time", async () => {
    const mine = gh.seed(PR, `${stickyMarker('default')}\n\nan earlier report`, 'alice');
    gh.rateLimit = { kind: 'primary', status: 403, matches: (r) => r.path === '/user' };
    const { url, warnings } = await post(gh.url);
    expect(url).toBeNull();
    expect(warnings).toEqual([expect.stringContaining(`(rate limited by GitHub, HTTP 403: API rate limit exceeded`)]);
    expect(gh.comments.get(PR)).toEqual([mine]);
    expect(gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    // Once the limit has passed, that comment is the one updated.
    gh.rateLimit = null;
    expect((await post(gh.url)).url).toBe(mine.html_url);
    expect(gh.comments.get(PR)!.map((c) => [c.id, c.body.split('\n').at(-1)])).toEqual([[mine.id, 'the report']]);
  });
});
