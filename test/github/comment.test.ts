// The sticky comment against the fake GitHub API: who the token is, find by marker AND author on every page,
// update in place, duplicates removed, bodies over the limit refused; and the body's size, whatever the report.
import fc from 'fast-check';
import { getOctokit } from '@actions/github';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { renderMarkdown, runNotesBlock } from '../../src/render/markdown.js';
import {
  COMMENT_LIMIT,
  commentWriter,
  matrixLeg,
  composeComment,
  findStickyComments,
  isSticky,
  legCommentKey,
  postStickyComment,
  settleDelay,
  stickyMarker,
  tokenAuthor,
  readWrittenBy,
  upsertStickyComment,
  writtenByLine,
} from '../../src/github/comment.js';
import { fixtures } from '../fakes/action-harness.js';
import { FakeGitHub, type NamedRequest } from '../fakes/github-api.js';

const TOKEN = 'ghp_commentTestToken';
const pr = { owner: 'o', repo: 'r', issueNumber: 7 };
const marker = stickyMarker('default');

describe('sticky comment', () => {
  let app: FakeGitHub; // GITHUB_TOKEN: GET /user refused
  let pat: FakeGitHub; // a personal token of user "alice"
  beforeAll(async () => {
    app = new FakeGitHub({ token: TOKEN, login: null, owner: 'o', repo: 'r' });
    pat = new FakeGitHub({ token: TOKEN, login: 'alice', owner: 'o', repo: 'r' });
    await app.start();
    await pat.start();
  });
  afterAll(async () => {
    await app.stop();
    await pat.stop();
  });
  beforeEach(() => {
    for (const g of [app, pat]) {
      g.comments.clear();
      g.requests.length = 0;
      g.forbidWrites = false;
    }
  });
  const client = (g: FakeGitHub) => getOctokit(TOKEN, { baseUrl: g.url });

  it('knows who the token comments as', async () => {
    expect(await tokenAuthor(client(app))).toBe('github-actions[bot]');
    expect(await tokenAuthor(client(pat))).toBe('alice');
    await expect(tokenAuthor(getOctokit('wrong', { baseUrl: app.url }))).rejects.toMatchObject({ status: 401 });
  });

  it('creates, then updates in place; a same-marker comment by another author is not ours', async () => {
    pat.seed(7, `${marker}\nwritten by the bot with GITHUB_TOKEN`, 'github-actions[bot]', 'Bot');
    const first = await upsertStickyComment(client(pat), pr, `${marker}\nv1`, marker);
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(client(pat), pr, `${marker}\nv2`, marker);
    expect(second).toMatchObject({ action: 'updated', id: first.id, removed: [] });
    const bodies = pat.comments.get(7)!.map((c) => [c.user.login, c.body]);
    expect(bodies).toEqual([
      ['github-actions[bot]', `${marker}\nwritten by the bot with GITHUB_TOKEN`],
      ['alice', `${marker}\nv2`],
    ]);
  });

  it('reads every page (100 a page) and removes duplicates left by racing runs', async () => {
    for (let i = 0; i < 250; i++) app.seed(7, `comment ${i}`, 'someone');
    const a = app.seed(7, `${marker}\nrun A`, 'github-actions[bot]', 'Bot');
    const b = app.seed(7, `${marker}\nrun B`, 'github-actions[bot]', 'Bot');
    const found = await findStickyComments(client(app), pr, marker, 'github-actions[bot]');
    expect(found.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(app.requests.filter((r) => r.path.startsWith('/repos/o/r/issues/7/comments')).map((r) => new URL(r.path, app.url).searchParams.get('page'))).toEqual([null, '2', '3']);

    const res = await upsertStickyComment(client(app), pr, `${marker}\nrun C`, marker);
    expect(res).toMatchObject({ action: 'updated', id: a.id, removed: [b.id] });
    const ours = app.comments.get(7)!.filter((c) => c.body.includes(marker));
    expect(ours.map((c) => [c.id, c.body])).toEqual([[a.id, `${marker}\nrun C`]]);
    expect(app.comments.get(7)).toHaveLength(251);
  });

  it('lets a 403 through to the caller (who turns it into a warning), and refuses bad bodies before any request', async () => {
    app.forbidWrites = true;
    await expect(upsertStickyComment(client(app), pr, `${marker}\nx`, marker)).rejects.toMatchObject({ status: 403 });
    app.requests.length = 0;
    await expect(upsertStickyComment(client(app), pr, 'no marker', marker)).rejects.toThrow('does not open with its marker');
    // The marker anywhere but first, alone on its line, is not where the Action writes it.
    await expect(upsertStickyComment(client(app), pr, `quoted:\n${marker}\nx`, marker)).rejects.toThrow('does not open with its marker');
    await expect(upsertStickyComment(client(app), pr, `${marker}\n${'x'.repeat(COMMENT_LIMIT)}`, marker)).rejects.toThrow(
      `over GitHub's ${COMMENT_LIMIT}`,
    );
    expect(app.requests).toEqual([]);
  });

  it('isSticky needs both the marker, where the Action writes it, and the author', () => {
    expect(isSticky({ id: 1, body: `${marker}\n\nx`, user: { login: 'me' } }, marker, 'me')).toBe(true);
    expect(isSticky({ id: 1, body: marker, user: { login: 'me' } }, marker, 'me')).toBe(true);
    // A comment edited in the browser comes back with CRLF line ends.
    expect(isSticky({ id: 1, body: `${marker}\r\n\r\nx`, user: { login: 'me' } }, marker, 'me')).toBe(true);
    expect(isSticky({ id: 1, body: `${marker}\n\nx`, user: { login: 'you' } }, marker, 'me')).toBe(false);
    // Another key's comment (same author) that quotes this key's marker in its text is that other key's, not this one's.
    const other = stickyMarker('leg-2');
    const quoting = { id: 1, body: `${other}\n\n## APISnoop: fail on **beta ${marker}**`, user: { login: 'me' } };
    expect(isSticky(quoting, other, 'me')).toBe(true);
    expect(isSticky(quoting, marker, 'me')).toBe(false);
    expect(isSticky({ id: 1, body: `> ${marker}\nx`, user: { login: 'me' } }, marker, 'me')).toBe(false);
    // Not the marker followed by more on its line: a longer key's marker is no prefix of it, but nor is anything else.
    expect(isSticky({ id: 1, body: `${marker} x`, user: { login: 'me' } }, marker, 'me')).toBe(false);
    expect(isSticky({ id: 1, body: stickyMarker('other'), user: { login: 'me' } }, marker, 'me')).toBe(false);
    expect(isSticky({ id: 1, body: null, user: null }, marker, 'me')).toBe(false);
  });
});

describe('comment body', () => {
  let report: Report;
  beforeAll(async () => {
    report = await analyzeLogs({
      logs: [path.join(fixtures, 'audit/audit2rbac/demo-2017-v1beta1.log')],
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      conformance: path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz'),
      selection: { includeSystem: true },
    });
  });

  it('puts the marker first and the run problems above the verdict', () => {
    const body = composeComment(report, { notes: ['helm install failed (helm exited with code 1)'], title: 'APISnoop', marker });
    expect(body.startsWith(`${marker}\n\n> [!WARNING]\n> helm install failed \\(helm exited with code 1\\)`)).toBe(true);
    expect(body.indexOf('helm install failed')).toBeLessThan(body.indexOf('## '));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  it('shows ten notes and says how many more there are', () => {
    const notes = Array.from({ length: 13 }, (_, i) => `chart tests failed (attempt ${i + 1})`);
    const quoted = (block: string) => block.split('\n').filter((l) => l.startsWith('> ') && l !== '> [!WARNING]');
    expect(quoted(runNotesBlock(notes))).toEqual([...notes.slice(0, 10).map((n) => `> ${n.replace(/[()]/g, '\\$&')}`), '> … and 3 more']);
    // Ten or fewer: all shown, nothing more said.
    expect(quoted(runNotesBlock(notes.slice(0, 10)))).toHaveLength(10);
    expect(runNotesBlock(notes.slice(0, 10))).not.toContain('more');
    expect(runNotesBlock([])).toBe('');
    const body = composeComment(report, { notes, title: 'APISnoop', marker });
    expect(body).toContain('> chart tests failed \\(attempt 10\\)\n>\n> … and 3 more\n\n');
    expect(body).not.toContain('attempt 11');
  });

  it('stays under the limit whatever the size of the report and of the notes', () => {
    // The real report, blown up: thousands of operations with long, multi-byte callers, and long notes.
    const base = report.operations[0]!;
    const huge: Report = { ...report, operations: Array.from({ length: 4000 }, (_, i) => ({ ...base, operationId: `op${i}` })) };
    // Precondition: uncut, such a page is far over the limit, so the bound below is the cutting at work.
    expect(renderMarkdown(huge, { maxChars: 100_000_000 }).length).toBeGreaterThan(4 * COMMENT_LIMIT);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.string({ unit: 'grapheme', minLength: 0, maxLength: 300 }),
        fc.array(fc.string({ maxLength: 2000 }), { maxLength: 30 }),
        (copies, agent, notes) => {
          const operations = Array.from({ length: copies }, (_, i) => ({
            ...base,
            operationId: `${base.operationId}${i}`,
            path: `${base.path}/x${i}`,
            userAgents: [agent, `${agent}-${i}`],
          }));
          const big: Report = { ...report, operations };
          const body = composeComment(big, { notes, title: 'APISnoop', marker, reportUrl: 'https://github.com/o/r/actions/runs/1' });
          return body.length <= COMMENT_LIMIT && body.startsWith(marker) && body.includes('## ');
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the line that says who wrote a comment (the run, the job, the matrix leg)', () => {
  it('reads back what it wrote, whatever the inputs hold: no value can end the HTML comment or the field', () => {
    const hostile = commentWriter('7001', 'chart -->', 'values a.yaml --> <b>x</b>\nkubernetes-version 1.35, chart ./c');
    const line = writtenByLine(hostile);
    expect(line.split('\n')).toHaveLength(1);
    expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(line.slice('<!-- '.length)).not.toMatch(/ (?!run=|job=|leg=|label=|-->)/);
    expect(readWrittenBy(`${marker}\n${line}\n\nbody`)).toEqual(hostile);
    // The same job and inputs are the same leg in every run; another input is another leg.
    expect(commentWriter('7002', 'chart -->', hostile.label).leg).toBe(hostile.leg);
    expect(commentWriter('7001', 'chart -->', 'kubernetes-version 1.34').leg).not.toBe(hostile.leg);
    // Only the line right after the marker counts: a report that quotes one further down names no writer.
    expect(readWrittenBy(`${marker}\n\n${line}`)).toBeNull();
    expect(readWrittenBy(`${marker}\n<!-- apisnoop:written-by run=1 job=j leg=zz label=x -->`)).toBeNull();
  });
});

describe('the matrix leg a runner hands over (matrixLeg)', () => {
  it('names none for a job without a matrix, and the same leg whatever the layout or key order of the JSON', () => {
    for (const none of ['', 'null', ' null\n', '{}', '{\n}']) expect(matrixLeg(none)).toBeNull();
    const pretty = matrixLeg(JSON.stringify({ os: 'ubuntu-24.04', node: 24, include: { arch: 'arm64' } }, null, 2))!;
    expect(matrixLeg('{"include":{"arch":"arm64"},"node":24,"os":"ubuntu-24.04"}')).toEqual(pretty);
    expect(pretty.label).toBe('matrix include {"arch":"arm64"}, node 24, os ubuntu-24.04');
    // A number is not the string of its digits: another leg.
    expect(matrixLeg('{"node":"24","os":"ubuntu-24.04","include":{"arch":"arm64"}}')!.canonical).not.toBe(pretty.canonical);
  });

  it('a value set by hand that is a number or a quoted string is its text: 1.30 is not 1.3', () => {
    expect(matrixLeg('1.30')).toEqual({ canonical: '"1.30"', label: 'matrix-leg 1.30' });
    expect(matrixLeg('1.3')!.canonical).not.toBe(matrixLeg('1.30')!.canonical);
    expect(matrixLeg('"v1"')!.label).toBe('matrix-leg "v1"');
    // toJSON's documents are read as JSON, as before.
    expect(matrixLeg('[1.30, "a"]')).toEqual({ canonical: '[1.3,"a"]', label: 'matrix [1.3,"a"]' });
  });

  it('a value that could end the hidden line is read back as written, and cut', () => {
    const leg = matrixLeg(JSON.stringify({ note: `a --> <b>x</b>\n${'y'.repeat(500)}` }, null, 2))!;
    expect(leg.label).toMatch(/^matrix note a --> <b>x<\/b> y+…$/);
    expect(leg.label.length).toBeLessThanOrEqual(200);
    const w = commentWriter('7001', 'chart', leg.label, { matrix: leg.canonical });
    expect(readWrittenBy(`${marker}\n${writtenByLine(w)}\n\nbody`)).toEqual(w);
  });
});

describe('matrix legs that share comment-key and finish at the same moment (postStickyComment)', () => {
  // Two legs of one run, each its own client: the fake API tells their requests apart by user agent and answers
  // them in the order a test scripts, whatever the timing.
  let gh: FakeGitHub;
  let report: Report;
  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'o', repo: 'r' });
    await gh.start();
    report = await analyzeLogs({
      logs: [path.join(fixtures, 'audit/audit2rbac/demo-2017-v1beta1.log')],
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      conformance: path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz'),
      selection: { includeSystem: true },
    });
  });
  afterAll(() => gh.stop());
  beforeEach(() => {
    gh.comments.clear();
    gh.requests.length = 0;
    gh.interleave(null);
  });

  const legs = {
    A: commentWriter('8001', 'chart', 'kubernetes-version 1.34'),
    B: commentWriter('8001', 'chart', 'kubernetes-version 1.35'),
  };
  const title = (leg: 'A' | 'B') => `APISnoop on ${legs[leg].label}`;
  const post = (leg: 'A' | 'B', settleMs = 0) =>
    postStickyComment(getOctokit(TOKEN, { baseUrl: gh.url, userAgent: `leg-${leg}` }), pr, 'default', legs[leg], (head) => composeComment(report, { notes: [], title: title(leg), marker: head }), settleMs);
  const named = (r: NamedRequest): string => {
    const leg = r.userAgent.startsWith('leg-A') ? 'A' : 'B';
    const what = r.path.endsWith('/comments') ? (r.method === 'GET' ? 'list' : 'create') : r.path === '/user' ? 'user' : r.method === 'PATCH' ? 'update' : r.method.toLowerCase();
    return `${leg} ${what}`;
  };
  // What the PR shows: each comment's key, which leg wrote it, and whose report it holds.
  const shown = () =>
    gh.comments.get(7)!.map((c) => {
      const key = /^<!-- apisnoop:sticky-comment key=(\S+) -->/.exec(c.body)![1];
      const by = readWrittenBy(c.body)!;
      const leg = by.leg === legs.A.leg ? 'A' : by.leg === legs.B.leg ? 'B' : '?';
      const holds = (['A', 'B'] as const).find((l) => c.body.includes(title(l)));
      return [key === 'default' ? 'main' : key === legCommentKey('default', legs[leg as 'A' | 'B']) ? 'leg' : key, by.run, leg, holds];
    });
  const seedPrevious = () => {
    // The run before: A wrote the key's comment, B its own.
    const earlier = (w: typeof legs.A) => commentWriter('8000', w.job, w.label);
    gh.seed(7, `${stickyMarker('default')}\n${writtenByLine(earlier(legs.A))}\n\nreport of run 8000`, 'github-actions[bot]', 'Bot');
    return gh.seed(7, `${stickyMarker(legCommentKey('default', legs.B))}\n${writtenByLine(earlier(legs.B))}\n\nreport of run 8000`, 'github-actions[bot]', 'Bot');
  };

  it('both update the earlier run\'s comment: the leg whose update was overwritten moves its report to its own comment', async () => {
    const staleOfB = seedPrevious();
    const ids = gh.comments.get(7)!.map((c) => c.id);
    // Both read the comments before either writes; B's update lands first, A's after it; then both read theirs back.
    gh.interleave(['A list', 'B list', 'B update', 'A update', 'B get', 'A get'], named);
    const [a, b] = await Promise.all([post('A'), post('B')]);
    expect(gh.pending).toEqual([]);
    expect(a).toMatchObject({ action: 'updated', id: ids[0], removed: [] });
    expect(a.raced).toBeUndefined();
    // B lost: its report goes to its own comment of the run before, updated in place (not deleted, not a new one).
    expect(b).toMatchObject({ action: 'updated', id: staleOfB.id, removed: [], raced: true, sharedWith: legs.A });
    expect(shown()).toEqual([
      ['main', '8001', 'A', 'A'],
      ['leg', '8001', 'B', 'B'],
    ]);
    expect(gh.comments.get(7)!.map((c) => c.id)).toEqual(ids);
    expect(gh.requests.filter((r) => r.method === 'DELETE' || r.method === 'POST')).toEqual([]);
  });

  it('both create the key\'s comment: the later one (higher id) becomes its leg\'s own comment', async () => {
    gh.interleave(['A list', 'B list', 'A create', 'B create', 'A list', 'B list'], named);
    const [a, b] = await Promise.all([post('A'), post('B')]);
    expect(gh.pending).toEqual([]);
    expect(a).toMatchObject({ action: 'created' });
    expect(b).toMatchObject({ action: 'updated', raced: true, sharedWith: legs.A });
    expect(b.id).toBeGreaterThan(a.id);
    expect(shown()).toEqual([
      ['main', '8001', 'A', 'A'],
      ['leg', '8001', 'B', 'B'],
    ]);
    expect(gh.comments.get(7)![1]!.body).toContain('its own comment, as the legs of this run share comment-key "default"');
    expect(gh.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  // Without the read back, A's create would wait for B's forever: a short timeout then fails it.
  it('both create, one reading back before the other writes: the first created keeps the key whichever reads first', { timeout: 10_000 }, async () => {
    // B's create lands after A has read back: ids grow, so B still finds A's the first of the run.
    gh.interleave(['A list', 'B list', 'B create', 'B list', 'A create', 'A list'], named);
    const [a, b] = await Promise.all([post('A'), post('B')]);
    expect(gh.pending).toEqual([]);
    expect(b).toMatchObject({ action: 'created' });
    expect(a).toMatchObject({ action: 'updated', raced: true, sharedWith: legs.B });
    expect(shown()).toEqual([
      ['main', '8001', 'B', 'B'],
      ['leg', '8001', 'A', 'A'],
    ]);
  });

  it('both update while two comments of earlier runs stand: the duplicate the other leg removed first is no error', async () => {
    const earlier = (run: string) => `${stickyMarker('default')}\n${writtenByLine(commentWriter(run, 'chart', legs.A.label))}\n\nreport of run ${run}`;
    const first = gh.seed(7, earlier('7999'), 'github-actions[bot]', 'Bot');
    const duplicate = gh.seed(7, earlier('8000'), 'github-actions[bot]', 'Bot');
    gh.interleave(['A list', 'B list', 'A update', 'A delete', 'B update', 'B delete', 'A get', 'B get'], named);
    const [a, b] = await Promise.all([post('A'), post('B')]);
    expect(gh.pending).toEqual([]);
    expect(b).toMatchObject({ action: 'updated', id: first.id, removed: [duplicate.id] });
    expect(a).toMatchObject({ action: 'created', removed: [duplicate.id], raced: true, sharedWith: legs.B });
    expect(shown()).toEqual([
      ['main', '8001', 'B', 'B'],
      ['leg', '8001', 'A', 'A'],
    ]);
  });

  it('a leg that finds the key\'s comment its own after settling removes only its own stale comment', async () => {
    const staleOfB = seedPrevious();
    const res = await post('B');
    expect(res).toMatchObject({ action: 'updated', removed: [staleOfB.id] });
    expect(res.raced).toBeUndefined();
    expect(shown()).toEqual([['main', '8001', 'B', 'B']]);
    // An update is read back by its id: one request more than before, whatever the number of comments on the PR.
    expect(gh.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      'GET /user',
      'GET /repos/o/r/issues/7/comments',
      `PATCH /repos/o/r/issues/comments/${res.id}`,
      `GET /repos/o/r/issues/comments/${res.id}`,
      `DELETE /repos/o/r/issues/comments/${staleOfB.id}`,
    ]);
  });

  it('without a run to race in (no run id), reads the comments once and writes: no read back', async () => {
    const unsigned = commentWriter('', 'chart', 'kubernetes-version 1.34');
    const octokit = getOctokit(TOKEN, { baseUrl: gh.url });
    await postStickyComment(octokit, pr, 'default', unsigned, (head) => `${head}\n\nfirst`, 0);
    await postStickyComment(octokit, pr, 'default', null, (head) => `${head}\n\nsecond`, 0);
    expect(gh.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      'GET /user',
      'GET /repos/o/r/issues/7/comments',
      'POST /repos/o/r/issues/7/comments',
      'GET /user',
      'GET /repos/o/r/issues/7/comments',
      `PATCH /repos/o/r/issues/comments/${gh.comments.get(7)![0]!.id}`,
    ]);
    expect(gh.comments.get(7)!.map((c) => c.body)).toEqual([`${stickyMarker('default')}\n\nsecond`]);
  });

  it('waits a few seconds, spread, before reading back', () => {
    expect([0, 0.5, 0.999].map((r) => settleDelay(() => r))).toEqual([3000, 4000, 4998]);
  });
});
