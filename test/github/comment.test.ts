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
  stickyMarker,
  tokenAuthor,
  readWrittenBy,
  upsertStickyComment,
  writtenByLine,
} from '../../src/github/comment.js';
import { fixtures } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';

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
