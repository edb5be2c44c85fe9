// The Action's PR comment when two matrix legs that share comment-key write it at the same moment: what each says in
// its log, and that both reports end on the PR. The legs run in one process against the fake GitHub API, which
// answers their requests in a scripted order.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      postComment({ token: TOKEN, comment: true, commentKey: 'default', prNumber: PR, writer: legs[l] }, ctx, (head) => composeComment(report, { notes: [], title: title(l), marker: head }));
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
