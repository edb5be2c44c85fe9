// The fan-in of a matrix over kubernetes-version: legs that analyzed real logs against the real 1.33, 1.34 and 1.35
// specs, each reporting only, then one job given all their reports. Each release is merged on its own (merge adds up
// reports of one release only) and the releases are shown side by side: one comment, one summary, one artifact and
// the outputs of the whole, with the report files of each release in a directory of its own.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { operationKey } from '../../src/engine/coverage.js';
import type { Report } from '../../src/engine/report.js';
import type { ArtifactUploader } from '../../src/github/artifacts.js';
import { COMMENT_LIMIT, stickyMarker } from '../../src/github/comment.js';
import { mdText } from '../../src/render/markdown-cells.js';
import { ActionHarness, fixtures, repoRoot, withoutWrittenBy } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';
import { analyzeLines, loadFixtureSpec, HKERMA_CSV, specPath } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { detailsBalanced, tables, unsafeMarkup } from '../helpers/markdown-check.js';
import { scratchDir } from '../helpers/scratch.js';

const TOKEN = 'ghs_releasesTokenThatMustNeverBePrinted0123456789';
const PR = 42;
const MARKER = stickyMarker('default');
const DEMO_V1 = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
/** What writeReportFiles writes for one report: the four CSV exports and the three pages. */
const REPORT_FILES = ['app-usage-categories.csv', 'app-usage-endpoints.csv', 'app-usage-summary.csv', 'coverage-spreadsheet.csv', 'report.html', 'report.json', 'report.md'];

class RecordingUploader implements ArtifactUploader {
  uploads: Array<{ name: string; files: string[]; root: string }> = [];
  async uploadArtifact(name: string, files: string[], root: string) {
    this.uploads.push({ name, files, root });
    return { id: 9000 + this.uploads.length, size: 1234 };
  }
}

/** The headlines of the step's error: a line per failed release. */
const verdictLines = (errors: string[]): string[] => errors.flatMap((e) => e.split('%0A')).filter((l) => l.startsWith('APISnoop verdict'));

const read = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

describe('reports of several Kubernetes releases: merged release by release, reported side by side', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  let uploader: RecordingUploader;
  let root: string;
  /** Each leg's report directory, by name; and each release's whole log analyzed in one job, to compare with. */
  const legs: Record<string, string> = {};
  const whole: Record<string, Report> = {};

  async function main(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
    const env = h.env(inputs, extraEnv);
    return h.inProcess(env, () => run({ artifactUploader: uploader }));
  }

  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
    h = new ActionHarness(TOKEN, gh.url);
    uploader = new RecordingUploader();
    root = scratchDir('action-releases');
    // The project's demo log (an operator in "demo", with beta APIs), split in two shards by auditID as two jobs of a
    // matrix would each make part of it; and audit2rbac's demo log (an app in "default" using only stable APIs).
    const lines = gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz'))).toString('utf8').split('\n').filter(Boolean);
    const shard = (name: string, keep: (id: string) => boolean): string => {
      const file = path.join(root, `${name}.log`);
      writeFileSync(file, lines.filter((l) => keep((JSON.parse(l) as { auditID: string }).auditID)).join('\n') + '\n');
      return file;
    };
    const shards = [shard('a', (id) => id < '8'), shard('b', (id) => id >= '8')];
    const sample = { namespaces: 'demo', 'service-accounts': 'demo:*', 'user-agents': 'helm', conformance: 'none' };
    const leg = async (name: string, inputs: Record<string, string>) => {
      legs[name] = path.join(root, 'artifacts', name);
      const res = await main({ ...inputs, 'fail-on': 'none', comment: 'false', 'report-dir': legs[name]! });
      expect(res.exitCode, res.errors.join('\n')).toBe(0);
    };
    // 1.33 and 1.35: two shards each. 1.34: the other app's log, one leg.
    for (const release of ['1.33', '1.35']) {
      for (const [i, log] of shards.entries()) await leg(`${release}-${i}`, { ...sample, 'audit-log': log, spec: specPath(release) });
      const all = await main({ ...sample, 'audit-log': shards.join(','), spec: specPath(release), comment: 'false', 'report-dir': path.join(root, 'whole', release) });
      whole[release] = read(all.outputs['report-path']!);
    }
    await leg('1.34-0', { 'audit-log': DEMO_V1, spec: specPath('1.34'), namespaces: 'default', conformance: 'none' });
    whole['1.34'] = read(path.join(legs['1.34-0']!, 'report.json'));
    expect(gh.comments.get(PR) ?? []).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await h.cleanup();
    await gh.stop();
  });
  beforeEach(() => {
    gh.comments.clear();
    uploader.uploads.length = 0;
  });

  it('one comment: the overall verdict naming the failing releases, a row per release, each release\'s page in a fold', async () => {
    const dir = path.join(root, 'fan-in');
    const res = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'alpha,beta', 'expected-reports': '5', 'report-dir': dir }, { GITHUB_RUN_ID: '7001' });
    expect(res.output).toContain('Reports of 3 Kubernetes releases (1.33, 1.34, 1.35): merged release by release, shown side by side');
    expect(res.output).toContain(`Merging 2 reports of Kubernetes 1.33: ${path.join(legs['1.33-0']!, 'report.json')}, ${path.join(legs['1.33-1']!, 'report.json')}`);
    expect(res.output).toContain(`Merging 1 report of Kubernetes 1.34: ${path.join(legs['1.34-0']!, 'report.json')}`);

    // The sample log's beta operations fail 1.33 and 1.35; the stable-only app passes 1.34. The step fails, naming each.
    expect(res.exitCode).toBe(1);
    // (One error, its lines escaped as a workflow command's are.)
    expect(verdictLines(res.errors)).toEqual([
      'APISnoop verdict: fail on Kubernetes 1.33, 3 operation(s) break the policy (fail-on: alpha, beta)',
      'APISnoop verdict: fail on Kubernetes 1.35, 3 operation(s) break the policy (fail-on: alpha, beta)',
    ]);
    expect(res.warnings).toEqual([]);

    const comments = gh.comments.get(PR)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const body = withoutWrittenBy(comments[0]!.body);
    const lines = body.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[2]).toBe('## ❌ APISnoop: fail on Kubernetes 1.33 and 1.35');
    expect(lines[4]).toBe('**Verdict: fail.** 2 of 3 Kubernetes releases fail; 1.34 passes. Each release was judged on its own, against its own spec; its page is below.');
    const releases = tables(body).find((t) => t.header[0] === 'Kubernetes')!;
    expect(releases.header).toEqual(['Kubernetes', 'verdict', 'requests / selected', 'stable', 'beta', 'alpha', 'violations', 'failed rules']);
    // Figures one can check against the logs: the sample log has 161 requests, 155 of them the operator's, 25 stable
    // and 3 beta operations (VolumeAttributesClass and ValidatingAdmissionPolicy(Binding) v1beta1), the same on both
    // releases; audit2rbac's 37 requests, 6 of them in "default", all one stable operation.
    expect(releases.rows).toEqual([
      ['1.33', '❌ fail', '161 / 155', '25', '3', '0', '3', 'beta'],
      ['1.34', '✅ pass', '37 / 6', '1', '0', '0', '0', ''],
      ['1.35', '❌ fail', '161 / 155', '25', '3', '0', '3', 'beta'],
    ]);
    expect(body).toContain(`**Full reports, one directory per release:** [report](<https://github.com/apisnoop-e2e/sample-operator/actions/runs/7001/artifacts/9001>)`);
    // Each release's own page, in release order, in a fold of its own.
    const folds = [...body.matchAll(/^<summary>(Kubernetes [^<]+)<\/summary>$/gm)].map((m) => m[1]);
    expect(folds).toEqual(['Kubernetes 1.33: ❌ fail', 'Kubernetes 1.34: ✅ pass', 'Kubernetes 1.35: ❌ fail']);
    expect(body).toContain('## ❌ APISnoop on Kubernetes 1.33: fail');
    expect(body).toContain('## ✅ APISnoop on Kubernetes 1.34: pass');
    expect(body).toContain('## ❌ APISnoop on Kubernetes 1.35: fail');
    expect(body.indexOf('on Kubernetes 1.33: fail')).toBeLessThan(body.indexOf('on Kubernetes 1.34: pass'));
    expect(detailsBalanced(body, 3)).toBe(true);
    expect(unsafeMarkup(body, MARKER)).toEqual([]);
    expect(res.summary).toContain('## ❌ APISnoop: fail on Kubernetes 1.33 and 1.35');
    expect(res.summary).toContain('<summary>Kubernetes 1.34: ✅ pass</summary>');

    // The files: each release's report files in a directory of its own, the page of them all above.
    expect(readdirSync(dir).sort()).toEqual(['1.33', '1.34', '1.35', 'pull-request.json', 'report.md']);
    for (const release of ['1.33', '1.34', '1.35']) {
      expect(readdirSync(path.join(dir, release)).sort()).toEqual(REPORT_FILES);
      const merged = read(path.join(dir, release, 'report.json'));
      // Each release's merged report is its whole log analyzed at once, judged by the fan-in's fail-on.
      expect(merged.kubernetesVersion).toBe(release);
      // The same logs: the whole reads them oldest first, the merge lists them in its legs' order.
      const byFingerprint = (ids: Report['inputIds']) => [...(ids ?? [])].sort((x, y) => (x?.fingerprint ?? '').localeCompare(y?.fingerprint ?? ''));
      expect(byFingerprint(merged.inputIds)).toEqual(byFingerprint(whole[release]!.inputIds));
      expect({ ...merged, inputs: whole[release]!.inputs, inputIds: whole[release]!.inputIds, verdict: whole[release]!.verdict, parts: undefined }).toEqual(whole[release]);
      expect(merged.verdict.policy.failOn).toEqual(['alpha', 'beta']);
    }
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toMatch(/^## ❌ APISnoop: fail on Kubernetes 1\.33 and 1\.35\n/);
    expect(uploader.uploads).toHaveLength(1);
    const upload = uploader.uploads[0]!;
    expect(upload.root).toBe(dir);
    expect(upload.files.map((f) => path.relative(dir, f)).sort()).toEqual(
      ['pull-request.json', 'report.md', ...['1.33', '1.34', '1.35'].flatMap((r) => REPORT_FILES.map((f) => `${r}/${f}`))].sort(),
    );

    // The outputs of the whole: operations counted once over all releases (the sample's 3 beta operations are the same
    // on 1.33 and 1.35), unmatched requests added up (each release's cluster made its own).
    const reports = ['1.33', '1.34', '1.35'].map((r) => read(path.join(dir, r, 'report.json')));
    const stable = new Set(reports.flatMap((r) => r.operations.filter((o) => o.level === 'stable' && !o.discovery).map(operationKey)));
    expect(stable.size).toBeGreaterThanOrEqual(25);
    expect(res.outputs).toEqual({
      verdict: 'fail',
      'stable-count': String(stable.size),
      'beta-count': '3',
      'alpha-count': '0',
      'unmatched-count': String(whole['1.33']!.summary.unmatched + whole['1.34']!.summary.unmatched + whole['1.35']!.summary.unmatched),
      'report-path': path.join(dir, 'report.md'),
      'comment-url': comments[0]!.html_url,
    });
    expect(Number(res.outputs['unmatched-count'])).toBe(50);
  });

  it('expected-reports counts the legs of every release; a leg\'s notes come back with its release', async () => {
    const short = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', 'expected-reports': '6', 'report-dir': path.join(root, 'short') });
    expect(short.exitCode).toBe(1);
    expect(short.outputs.verdict).toBe('pass');
    expect(short.errors).toEqual(['expected-reports is 6, but 5 legs were found (5 report.json, 0 without): a leg that uploaded nothing is missing from the merged report']);
    expect(gh.comments.get(PR)![0]!.body).toContain('expected-reports is 6, but 5 legs were found');
    // The step failed: a release that passes does so on what the fan-in got, not with a green tick.
    expect(gh.comments.get(PR)![0]!.body).toContain('\n## ⚠️ APISnoop: pass on the requests seen on Kubernetes 1.33, 1.34 and 1.35, but the run failed\n');
    // The fan-in's own note is of the whole: every release's report.json says it again, for whatever reads it next.
    for (const release of ['1.33', '1.34', '1.35']) {
      expect(read(path.join(root, 'short', release, 'report.json')).runNotes!.problems).toEqual([short.errors[0]]);
    }

    // A 1.34 leg whose helm install failed (its run notes, in its report.json): said with its release, and failing.
    const noted = path.join(root, 'noted');
    cpSync(path.join(root, 'artifacts'), noted, { recursive: true });
    const file = path.join(noted, '1.34-0', 'report.json');
    writeFileSync(file, JSON.stringify({ ...read(file), runNotes: { problems: ['helm install failed (helm exited with code 1)'], notices: ['The chart tests were skipped because the install failed.'] } }));
    const res = await main({ reports: noted, 'fail-on': 'none', 'report-dir': path.join(root, 'noted-out') });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual(['Kubernetes 1.34: helm install failed (helm exited with code 1)']);
    const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(body).toContain(`> ${mdText('Kubernetes 1.34: helm install failed (helm exited with code 1)')}`);
    expect(body).toContain('> Kubernetes 1.34: The chart tests were skipped because the install failed.');
    // No green tick under the failed step: the heading, 1.34's row and its fold say its run failed, as 1.34's own page
    // does; 1.33 and 1.35 pass.
    expect(body.split('\n').find((l) => l.startsWith('## '))).toBe('## ⚠️ APISnoop: pass on the requests seen on Kubernetes 1.33, 1.34 and 1.35, but the run failed');
    expect(body).not.toContain('## ✅ APISnoop: pass');
    const table = tables(body).find((t) => t.header[0] === 'Kubernetes')!;
    expect(table.rows.map((r) => r.slice(0, 2))).toEqual([
      ['1.33', '✅ pass'],
      ['1.34', '⚠️ pass, but the run failed'],
      ['1.35', '✅ pass'],
    ]);
    expect([...body.matchAll(/^<summary>(Kubernetes [^<]*)<\/summary>$/gm)].map((m) => m[1])).toEqual([
      'Kubernetes 1.33: ✅ pass',
      'Kubernetes 1.34: ⚠️ pass, but the run failed',
      'Kubernetes 1.35: ✅ pass',
    ]);
    expect(body).toContain('## ⚠️ APISnoop on Kubernetes 1.34: pass on the requests seen, but the run failed');
    // In its own release's report.json only, as it was written.
    expect(read(path.join(root, 'noted-out', '1.34', 'report.json')).runNotes).toEqual({
      problems: ['helm install failed (helm exited with code 1)'],
      notices: ['The chart tests were skipped because the install failed.'],
    });
    expect(read(path.join(root, 'noted-out', '1.33', 'report.json')).runNotes).toBeUndefined();
    // The pages in the artifact say them as the comment does: the page of all releases with the release, 1.34's own
    // without it, 1.33's none.
    const page = (...p: string[]): string => readFileSync(path.join(root, 'noted-out', ...p), 'utf8');
    expect(page('report.md')).toContain(`> [!WARNING]\n> ${mdText('Kubernetes 1.34: helm install failed (helm exited with code 1)')}`);
    expect(page('report.md').indexOf('helm install failed')).toBeLessThan(page('report.md').indexOf('## ⚠️ APISnoop: pass on the requests seen on Kubernetes 1.33, 1.34 and 1.35, but the run failed'));
    expect(page('1.34', 'report.md').startsWith(`> [!WARNING]\n> ${mdText('helm install failed (helm exited with code 1)')}\n>\n> The chart tests were skipped`)).toBe(true);
    expect(page('1.33', 'report.md')).not.toContain('[!WARNING]');
    // Once in the comment: above it, not again inside the fold of 1.34.
    expect(body.split('helm install failed')).toHaveLength(2);
  });

  /** A copy of the legs' artifacts under root/dir, each leg's report.json naming the app appOf gives it. */
  const legsNamed = (dir: string, appOf: (leg: string) => string): string => {
    const named = path.join(root, dir);
    rmSync(named, { recursive: true, force: true });
    cpSync(path.join(root, 'artifacts'), named, { recursive: true });
    for (const leg of ['1.33-0', '1.33-1', '1.34-0', '1.35-0', '1.35-1']) {
      const file = path.join(named, leg, 'report.json');
      writeFileSync(file, JSON.stringify({ ...read(file), app: appOf(leg) }));
    }
    return named;
  };

  it('named after every app once, whichever releases each was merged into', async () => {
    // Two apps on 1.33 (merged as "operator + webhook"), one on 1.34 and 1.35 (the webhook's legs there failed).
    const named = legsNamed('named', (leg) => (leg === '1.33-1' ? 'webhook' : 'operator'));
    const res = await main({ reports: named, 'fail-on': 'none', 'report-dir': path.join(root, 'named-out') });
    expect(res.exitCode).toBe(0);
    expect(read(path.join(root, 'named-out', '1.33', 'report.json')).app).toBe('operator + webhook');
    const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(body.split('\n')[2]).toBe(`## ✅ ${mdText('APISnoop: operator + webhook')}: pass on Kubernetes 1.33, 1.34 and 1.35`);
    // Each release's own page is named after the apps it holds.
    expect(body).toContain(`## ✅ ${mdText('APISnoop: operator + webhook')} on Kubernetes 1.33: pass`);
    expect(body).toContain(`## ✅ ${mdText('APISnoop: operator')} on Kubernetes 1.34: pass`);
  });

  it('named after its apps in sorted order, not in the order of the releases that hold them', async () => {
    // The webhook alone on 1.33, the operator on 1.34 and 1.35: "operator + webhook", as mergeReports names apps.
    const named = legsNamed('named-sorted', (leg) => (leg.startsWith('1.33') ? 'webhook' : 'operator'));
    const res = await main({ reports: named, 'fail-on': 'none', 'report-dir': path.join(root, 'named-sorted-out') });
    expect(res.exitCode).toBe(0);
    const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(body.split('\n')[2]).toBe(`## ✅ ${mdText('APISnoop: operator + webhook')}: pass on Kubernetes 1.33, 1.34 and 1.35`);
  });

  it('one failing release fails the step; none failing passes it', async () => {
    const some = [legs['1.34-0'], legs['1.35-0'], legs['1.35-1']].join(',');
    const one = await main({ reports: some, 'fail-on': 'alpha,beta', 'report-dir': path.join(root, 'one') });
    expect(one.exitCode).toBe(1);
    expect(one.outputs.verdict).toBe('fail');
    expect(verdictLines(one.errors)).toEqual(['APISnoop verdict: fail on Kubernetes 1.35, 3 operation(s) break the policy (fail-on: alpha, beta)']);
    expect(withoutWrittenBy(gh.comments.get(PR)![0]!.body).split('\n')[2]).toBe('## ❌ APISnoop: fail on Kubernetes 1.35');
    expect(gh.comments.get(PR)![0]!.body).toContain('**Verdict: fail.** 1 of 2 Kubernetes releases fail; 1.34 passes.');

    // The legs' own policy (fail-on none): every release passes.
    const none = await main({ reports: path.join(root, 'artifacts'), 'report-dir': path.join(root, 'none') });
    expect(none.exitCode).toBe(0);
    expect(none.errors).toEqual([]);
    expect(none.outputs.verdict).toBe('pass');
    const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(body.split('\n')[2]).toBe('## ✅ APISnoop: pass on Kubernetes 1.33, 1.34 and 1.35');
    expect(body).toContain('**Verdict: pass** on all 3 Kubernetes releases.');
    // Said per release: by what each was judged.
    expect(none.output).toContain("Kubernetes 1.35: Judged by the reports' own policy where this step gives none (fail-on: none; allow: none)");
  });

  it('releases whose legs selected nothing: one warning annotation naming them, or the failure with fail-on empty', async () => {
    // A 1.36 leg whose selection (a namespace no request is in) kept none of the log's requests, with the other legs.
    const dir = path.join(root, 'empty-legs');
    rmSync(dir, { recursive: true, force: true });
    cpSync(path.join(root, 'artifacts'), dir, { recursive: true });
    for (const release of ['1.36', '1.32']) {
      const leg = await main({ 'audit-log': DEMO_V1, spec: specPath(release), namespaces: 'no-such-ns', conformance: 'none', 'fail-on': 'none', comment: 'false', 'report-dir': path.join(dir, `${release}-0`) });
      expect(leg.exitCode, leg.errors.join('\n')).toBe(0);
    }
    const said = 'none of the 37 requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request';
    expect(read(path.join(dir, '1.36-0', 'report.json')).summary).toMatchObject({ requests: 37, selected: 0 });

    const res = await main({ reports: dir, 'fail-on': 'alpha', 'report-dir': path.join(root, 'empty-out') });
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    expect(res.outputs.verdict).toBe('pass');
    // The Checks page shows annotations, not the summary; a push run has no comment: said there, for 1.32 and 1.36
    // only, in one warning (one per release took the room of the comment's and the artifact's, six releases all of it).
    // The selection was the legs' (this step refuses those inputs): the warning sends the reader there.
    const check = 'Check the namespaces, service-accounts, users and user-agents inputs of the jobs that made the reports; fail-on: empty fails the step when this happens.';
    expect(res.warnings.filter((w) => w.includes('Nothing was judged'))).toEqual([`Nothing was judged on Kubernetes 1.32, 1.36: ${said}. ${check}`]);
    // The same of one release's reports alone.
    const alone = await main({ reports: path.join(dir, '1.36-0'), 'fail-on': 'alpha', 'report-dir': path.join(root, 'empty-alone') });
    expect(alone.exitCode, alone.errors.join('\n')).toBe(0);
    expect(alone.warnings.filter((w) => w.includes('Nothing was judged'))).toEqual([`Nothing was judged: ${said}. ${check}`]);

    // With fail-on empty, 1.32 and 1.36 fail the step for it, and the warning is not said again.
    const strict = await main({ reports: dir, 'fail-on': 'alpha,empty', 'report-dir': path.join(root, 'empty-strict') });
    expect(strict.exitCode).toBe(1);
    expect(verdictLines(strict.errors)).toEqual(['1.32', '1.36'].map((r) => `APISnoop verdict: fail on Kubernetes ${r}, nothing was selected (fail-on: empty): ${said}`));
    expect(strict.warnings.filter((w) => w.includes('Nothing was judged'))).toEqual([]);
  });

  it('the comment workflow of fork PRs reads the fan-in\'s artifact back: the same comment, the page above the releases no leg', async () => {
    const dir = path.join(root, 'first');
    const first = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'alpha,beta', 'report-dir': dir }, { GITHUB_RUN_ID: '7001' });
    const upload = uploader.uploads.at(-1)!;
    const artifact = path.join(root, 'downloaded');
    rmSync(artifact, { recursive: true, force: true });
    for (const f of upload.files) {
      mkdirSync(path.dirname(path.join(artifact, path.relative(upload.root, f))), { recursive: true });
      cpSync(f, path.join(artifact, path.relative(upload.root, f)));
    }
    expect(existsSync(path.join(artifact, 'report.md'))).toBe(true);
    const event = path.join(h.root, 'workflow-run.json');
    writeFileSync(event, JSON.stringify({ action: 'completed', workflow_run: { id: 7001, html_url: 'https://github.com/apisnoop-e2e/sample-operator/actions/runs/7001', event: 'pull_request', pull_requests: [] } }));
    const res = await main(
      { reports: artifact, 'pr-number': String(PR), 'upload-artifact': 'false', 'report-dir': path.join(root, 'again') },
      { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event, GITHUB_RUN_ID: '7002' },
    );
    expect(res.errors).toEqual(first.errors);
    const again = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    // The same page, linking the first run (whose artifact it is) rather than its artifact's own page.
    expect(again.trimEnd()).toBe(`${MARKER}\n\n${first.summary.replace('/actions/runs/7001/artifacts/9001', '/actions/runs/7001')}`.trimEnd());
    expect(again).toContain('## ❌ APISnoop: fail on Kubernetes 1.33 and 1.35');
  });

  it("the comment workflow reading back a fan-in that was short of a leg says the fan-in's note once, as the fan-in did", async () => {
    // The note is of the whole matrix: the fan-in writes it into every release's report.json, and read back it must
    // not become one note per release, each as if of that release alone.
    const dir = path.join(root, 'first-short');
    const first = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'alpha,beta', 'expected-reports': '6', 'report-dir': dir }, { GITHUB_RUN_ID: '7001' });
    const short = 'expected-reports is 6, but 5 legs were found (5 report.json, 0 without): a leg that uploaded nothing is missing from the merged report';
    expect(first.errors.flatMap((e) => e.split('%0A')).filter((l) => l.includes('expected-reports'))).toEqual([short]);
    const firstBody = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    const event = path.join(h.root, 'workflow-run-short.json');
    writeFileSync(event, JSON.stringify({ action: 'completed', workflow_run: { id: 7001, html_url: 'https://github.com/apisnoop-e2e/sample-operator/actions/runs/7001', event: 'pull_request', pull_requests: [] } }));
    const res = await main(
      { reports: dir, 'pr-number': String(PR), 'upload-artifact': 'false', 'report-dir': path.join(root, 'again-short') },
      { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event, GITHUB_RUN_ID: '7002' },
    );
    expect(res.errors).toEqual(first.errors);
    const again = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(again.match(/expected-reports is 6/g)).toHaveLength(1);
    expect(again.trimEnd()).toBe(firstBody.replace('/actions/runs/7001/artifacts/9001', '/actions/runs/7001').trimEnd());
    // And each release's report.json written again still carries it, once.
    for (const release of ['1.33', '1.34', '1.35']) {
      expect(read(path.join(root, 'again-short', release, 'report.json')).runNotes!.problems).toEqual([short]);
    }
  });

  it('many releases, each with a large page: the comment stays under the limit, every release in its table and fold', async () => {
    // hkerma's 16,474 real requests of a kubeadm cluster installing many public charts, system components included:
    // a page that fills the renderer's budget on its own, against each of eight releases' specs.
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    const many = path.join(root, 'many');
    const releases = ['1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];
    for (const release of releases) {
      const report = analyzeLines(lines, { spec: await loadFixtureSpec(release), selection: { includeSystem: true }, policy: { failOn: ['alpha', 'beta'] } }, HKERMA_CSV);
      // Each leg's helm install failed, saying much (helm's own words, Markdown to escape): notes of the page too.
      report.runNotes = { problems: [`helm install failed (leg ${release}): ${'Error: <unable to build kubernetes objects> [release-name]: '.repeat(7)}`], notices: [] };
      mkdirSync(path.join(many, release), { recursive: true });
      writeFileSync(path.join(many, release, 'report.json'), JSON.stringify(report));
    }
    const res = await main({ reports: many, 'report-dir': path.join(root, 'many-out') });
    const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // Each release's page alone is most of a comment: together they had to be cut.
    const pages = releases.map((r) => readFileSync(path.join(root, 'many-out', r, 'report.md'), 'utf8'));
    expect(pages.reduce((n, p) => n + p.length, 0)).toBeGreaterThan(2 * COMMENT_LIMIT);
    // Cut row-wise, in every release's page, each cut pointing at that release's own report.json (none is beside the
    // comment's report.md).
    for (const release of releases) expect(body).toMatch(new RegExp(`^… \\d+ more rows, see ${release.replace('.', '\\.')}/report\\.json$`, 'm'));
    expect(body).not.toMatch(/see report\.json/);
    const table = tables(body).find((t) => t.header[0] === 'Kubernetes')!;
    expect(table.rows.map((r) => r[0])).toEqual(releases);
    const folds = [...body.matchAll(/^<summary>Kubernetes ([^:]+): /gm)].map((m) => m[1]);
    expect(folds).toEqual(releases);
    // Cut section by section across all releases: every release keeps its verdict and its counts.
    for (const release of releases) expect(body).toContain(`APISnoop on Kubernetes ${release}: `);
    expect(body.match(/^\| level +\| operations \| hits \|$/gm)).toHaveLength(releases.length);
    expect(detailsBalanced(body, 3)).toBe(true);
    expect(res.outputs.verdict).toBe(table.rows.some((r) => r[1] === '❌ fail') ? 'fail' : 'pass');
    // The page of them all in the artifact (report-path) holds the notes within the page's budget, as report.md of one
    // release does: they were put above a page already as long as the budget allows (63,450 characters here).
    const page = readFileSync(res.outputs['report-path']!, 'utf8');
    expect(page.startsWith(`> [!WARNING]\n> ${mdText('Kubernetes 1.28: helm install failed (leg 1.28): Error: ')}`)).toBe(true);
    expect(page.length).toBeLessThanOrEqual(60_000);
    expect(page).toMatch(/^… \d+ more rows, see 1\.28\/report\.json$/m);
  }, 120_000);
});
