// The bundle is what users run: `node dist/index.js` and `node dist/post.js`, with INPUT_* variables, GITHUB_API_URL
// and GITHUB_EVENT_PATH, give the same result as run() from source. The bundle is built here by scripts/bundle.mjs
// (what `npm run bundle` runs) into tmp/ inside the repository, at the same depth below the root as dist/ (it finds
// scripts/ and data/ the same way), so that the test proves the current source bundles and runs without rewriting the
// shared dist/ under other running tests; check-dist proves that the committed dist/ is that same build.
import { execa } from 'execa';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { ActionHarness, fixtures, repoRoot, type RunResult } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';

const TOKEN = 'ghs_bundleTokenThatMustNeverBePrinted42';
const PR = 42;

describe('dist/index.js and dist/post.js', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  const dist = path.join(repoRoot, 'tmp', `bundle-test-${process.pid}`);
  const inputs = {
    chart: path.join(repoRoot, 'examples/sample-chart'),
    release: 'sample',
    namespace: 'default',
    conformance: path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz'),
  };

  beforeAll(async () => {
    await execa(process.execPath, ['scripts/bundle.mjs', dist], { cwd: repoRoot });
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
    h = new ActionHarness(TOKEN, gh.url);
  }, 180_000);
  afterAll(async () => {
    await gh.stop();
    await h.cleanup();
    rmSync(dist, { recursive: true, force: true });
  });

  /** One main step and its post step; returns what a user would see, with the comment as the server holds it. */
  async function step(how: 'source' | 'bundle', extra: Record<string, string> = {}) {
    gh.comments.clear();
    h.clearCalls();
    // The same run for both, so that the links (to the run, its artifact) are the same.
    const env = h.env(inputs, { GITHUB_RUN_ID: '7001', ...extra });
    const main: RunResult = how === 'source' ? await h.inProcess(env, () => run()) : await h.bundle(path.join(dist, 'index.js'), env);
    const posted = gh.comments.get(PR)?.[0];
    const comment = posted?.body ?? null;
    // Comment ids differ between the two runs; the output must name the one the server holds.
    expect(main.outputs['comment-url']).toBe(posted?.html_url);
    delete main.outputs['comment-url'];
    const report = main.outputs['report-path'] ? (JSON.parse(readFileSync(main.outputs['report-path'], 'utf8')) as unknown) : null;
    const postEnv = h.postEnv(env, main.state);
    const post: RunResult = how === 'source' ? await h.inProcess(postEnv, async () => (await import('../../src/action/post.js')).runPost()) : await h.bundle(path.join(dist, 'post.js'), postEnv);
    return { main, post, comment, report, calls: h.calls().map((c) => [c.tool, ...c.argv]), clusters: h.clusters() };
  }

  it('runs the whole path like the source does', async () => {
    const source = await step('source');
    const bundle = await step('bundle');
    expect(bundle.main.exitCode).toBe(0);
    expect(bundle.main.errors).toEqual([]);
    expect(bundle.main.outputs).toEqual(source.main.outputs);
    expect(bundle.main.outputs.verdict).toBe('pass');
    expect(bundle.report).toEqual(source.report);
    expect(bundle.comment).not.toBeNull();
    expect(bundle.comment).toBe(source.comment);
    expect(bundle.main.summary).toBe(source.main.summary);
    expect(bundle.calls).toEqual(source.calls);
    expect(bundle.calls.at(-1)).toEqual(['kind', 'delete', 'cluster', '--name', 'apisnoop', '--kubeconfig', expect.stringMatching(/kubeconfig$/)]);
    expect(bundle.clusters).toEqual([]);
    // report.html was rendered by the bundle too (the page is inlined from dist/).
    expect(readFileSync(path.join(path.dirname(bundle.main.outputs['report-path']!), 'report.html'), 'utf8')).toContain('apisnoop-data');
    for (const out of [bundle.main.output, bundle.post.output]) {
      expect(out.split('\n').filter((l) => l.includes(TOKEN) && !l.startsWith('::add-mask::'))).toEqual([]);
    }
  });

  it('fails the step on a failed install, still comments, and the post step still deletes the cluster', async () => {
    const bundle = await step('bundle', { FAKE_FAIL: 'helm:install' });
    expect(bundle.main.exitCode).toBe(1);
    expect(bundle.main.errors).toEqual(['helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: context deadline exceeded. The release was not ready within helm-timeout (5m).']);
    expect(bundle.comment).toContain('helm install failed');
    expect(bundle.post.exitCode).toBe(0);
    expect(bundle.clusters).toEqual([]);
  });

  it('the committed dist/index.js is the Action too: a bad input fails the step naming the input', async () => {
    const res = await h.bundle('dist/index.js', h.env({ ...inputs, 'fail-on': 'gamma' }));
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual(['input "fail-on": unknown rule "gamma" (use alpha, beta, deprecated, removed, empty, invalid, or none)']);
  });
});
