// The whole run() path, end to end, on this machine: recording fakes of kind, kubectl, helm and docker first on PATH
// (they hand back a real audit log and a real served spec from ../shared/fixtures), a real HTTP server on 127.0.0.1
// as the GitHub API, a real-shaped pull_request event, and the post step run from the state the main step saved.
import { load } from 'js-yaml';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { runPost } from '../../src/action/post.js';
import { MAX_LISTED_INVALID } from '../../src/engine/analysis.js';
import type { RbacComparison } from '../../src/engine/rbac.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import type { ArtifactUploader } from '../../src/github/artifacts.js';
import { readWrittenBy, stickyMarker } from '../../src/github/comment.js';
import { grouped } from '../../src/engine/grouped.js';
import { mdText as mdEscape } from '../../src/render/markdown-cells.js';
import { ActionHarness, fixtures, parseFileCommands, repoRoot, withoutWrittenBy, type FakeCall, type RunResult } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';
import { HKERMA_CSV } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { tables, unsafeMarkup } from '../helpers/markdown-check.js';
import { scratchDir } from '../helpers/scratch.js';
import { helmTemplate, rawRequests } from '../rbac/helpers.js';
import { parseStdout, runCli } from '../helpers/cli.js';

const TOKEN = 'ghs_e2eTokenThatMustNeverBePrinted0123456789';
const AUDIT_LOG = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
const CONFORMANCE = path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz');
const MARKER = stickyMarker('default');
const PR = 42;
const RUNS = 'https://github.com/apisnoop-e2e/sample-operator/actions/runs';

/** The demo log's requests in namespace "default", counted here from the log itself (one per auditID). */
function requestsInNamespace(ns: string): { requests: number; paths: Set<string> } {
  const ids = new Set<string>();
  const paths = new Set<string>();
  for (const line of readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { auditID: string; objectRef?: { namespace?: string }; requestURI: string };
    if (e.objectRef?.namespace !== ns) continue;
    ids.add(e.auditID);
    paths.add(e.requestURI.split('?')[0]!);
  }
  return { requests: ids.size, paths };
}

class RecordingUploader implements ArtifactUploader {
  uploads: Array<{ name: string; files: string[]; root: string }> = [];
  async uploadArtifact(name: string, files: string[], root: string) {
    this.uploads.push({ name, files, root });
    return { id: 9000 + this.uploads.length, size: 1234 };
  }
}

const chartInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  chart: path.join(repoRoot, 'examples/sample-chart'),
  release: 'sample',
  // The fixture log's app lives in "default".
  namespace: 'default',
  conformance: CONFORMANCE,
  ...extra,
});

/** "tool first-two-args", with --kubeconfig <file> left out: the shape of each call. */
function step(c: FakeCall): string {
  const args: string[] = [];
  for (let i = 0; i < c.argv.length; i++) {
    if (c.argv[i] === '--kubeconfig') i++;
    else args.push(c.argv[i]!);
  }
  return [c.tool, ...args.slice(0, 2)].join(' ');
}

function expectNoTokenLeak(h: ActionHarness, res: RunResult): void {
  // The only line that may carry the token is the runner's mask command, which is how the runner learns to hide it.
  const leaking = res.output.split('\n').filter((l) => l.includes(TOKEN) && !l.startsWith('::add-mask::'));
  expect(leaking).toEqual([]);
  expect(res.summary).not.toContain(TOKEN);
  expect(JSON.stringify(res.outputs)).not.toContain(TOKEN);
  for (const call of h.calls()) {
    expect(call.secretSeen, `${call.tool} ${call.argv.join(' ')} saw the token`).toBe(false);
    expect(call.inputsInEnv).toEqual([]);
    expect(call.runtimeSecretsInEnv, `${call.tool} ${call.argv.join(' ')}`).toEqual([]);
  }
}

describe('run() end to end with fakes of kind, kubectl, helm, docker and a fake GitHub API', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  let uploader: RecordingUploader;

  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
  });
  afterAll(async () => {
    await gh.stop();
  });
  beforeEach(async () => {
    gh.comments.clear();
    gh.requests.length = 0;
    gh.forbidWrites = false;
    gh.failWrites = null;
    gh.hang = null;
    gh.onRequest = null;
    h = new ActionHarness(TOKEN, gh.url);
    uploader = new RecordingUploader();
    return () => h.cleanup();
  });

  async function main(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
    const env = h.env(inputs, extraEnv);
    const res = await h.inProcess(env, () => run({ artifactUploader: uploader }));
    return { env, res };
  }
  async function post(env: Record<string, string>, state: Record<string, string>) {
    return h.inProcess(h.postEnv(env, state), () => runPost());
  }
  /**
   * A CustomResourceDefinition of apiextensions.k8s.io/v1beta1, as operators wrote them before 1.22: cluster-scoped,
   * beta, served by the fake's 1.21 spec and removed in 1.22. Its file.
   */
  function v1beta1Crd(group: string, kind: string, plural: string): string {
    const file = path.join(h.workspace, `${plural}.${group}.yaml`);
    writeFileSync(
      file,
      `apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.${group}\n` +
        `spec:\n  group: ${group}\n  names: {kind: ${kind}, plural: ${plural}}\n  scope: Namespaced\n  version: v1\n`,
    );
    return file;
  }
  /** The fakes' environment for a log of only what the fake kubectl recorded (the Action's calls, the user's commands'). */
  function kubectlLogOnly(): Record<string, string> {
    const empty = path.join(h.workspace, 'empty.log');
    writeFileSync(empty, '');
    return { FAKE_AUDIT_KUBECTL: '1', FAKE_AUDIT_LOG: empty };
  }

  it('creates the sticky comment on the first run and updates the same one on the second; post deletes the cluster', async () => {
    const expected = requestsInNamespace('default');
    const first = await main(chartInputs());
    expect(first.res.errors).toEqual([]);
    expect(first.res.exitCode).toBe(0);

    // The steps, in order, against the fakes.
    const calls = h.calls();
    expect(calls.map(step)).toEqual([
      // The fakes on PATH report the pinned versions, so nothing is downloaded.
      'kind version',
      'kubectl version --client',
      'helm version --template',
      'kind get clusters',
      'kind create cluster',
      // The cluster's DNS, which kind's --wait does not wait for.
      'kubectl wait --namespace',
      // "default" exists already: looked up, not created.
      'kubectl get namespaces',
      'kubectl get serviceaccounts',
      'helm install sample',
      'helm test sample',
      'docker cp apisnoop-control-plane:/var/log/kubernetes/audit/.',
      'kubectl get --raw',
      // What the chart installed, for least privilege (rbac: auto); after the log was copied, so not in it.
      'helm get manifest',
    ]);
    const create = calls.find((c) => c.tool === 'kind' && c.argv[0] === 'create')!;
    expect(create.argv).toContain('kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed');
    const install = calls.find((c) => c.tool === 'helm' && c.argv[0] === 'install')!;
    expect(install.argv.slice(0, 3)).toEqual(['install', 'sample', path.join(repoRoot, 'examples/sample-chart')]);
    expect(install.argv).toEqual(expect.arrayContaining(['--namespace', 'default', '--wait', '--timeout', '5m']));
    expect(calls.some((c) => c.tool === 'kubectl' && c.argv.includes('--raw') && c.argv.includes('/openapi/v2'))).toBe(true);

    // The config kind was given mounts the policy and the log directory at absolute paths on the runner.
    const kindConfig = readFileSync(path.join(h.stateDir, 'kind-config-apisnoop.yaml'), 'utf8');
    expect(kindConfig).toContain('audit-policy-file: /etc/kubernetes/policies/apisnoop-audit-policy.yaml');
    expect(kindConfig).toMatch(/hostPath: \/.*\/scripts\/audit-policy\.yaml/);
    expect(kindConfig).toMatch(/hostPath: \/.*\/cluster\/audit-mount/);

    // Outputs agree with report.json, and report.json with the log counted by hand.
    const report = JSON.parse(readFileSync(first.res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.summary.selected).toBe(expected.requests);
    expect(expected.paths).toEqual(new Set(['/api/v1/namespaces/default/pods']));
    expect(first.res.outputs).toMatchObject({ verdict: 'pass', 'stable-count': '1', 'beta-count': '0', 'alpha-count': '0', 'unmatched-count': '0' });
    expect(report.operations.filter((o) => !o.discovery).map((o) => [o.operationId, o.hits])).toEqual([['listCoreV1NamespacedPod', expected.requests]]);
    // Matched against the spec the cluster served (the fake serves the kind v1.21.2 document).
    expect(report.specs[0]!.kubernetesVersion).toBe('1.21');

    // One comment, by the GITHUB_TOKEN identity, marker first, verdict, a link to the artifact.
    const afterFirst = gh.comments.get(PR)!;
    expect(afterFirst).toHaveLength(1);
    const comment = afterFirst[0]!;
    expect(comment.user.login).toBe('github-actions[bot]');
    expect(comment.body.startsWith(MARKER)).toBe(true);
    expect(comment.body).toContain('APISnoop: sample: pass');
    // Compact when there is nothing to list: one line, not a section for each that says "none".
    expect(comment.body).toContain(
      '\n\nNo conformance gap: conformance tests cover the one stable operation with data. Nothing the app uses is deprecated or removed (releases checked: ',
    );
    expect(comment.body).not.toContain('### Stable endpoints');
    expect(comment.body).not.toContain('### Deprecated');
    expect(comment.body).toContain('https://github.com/apisnoop-e2e/sample-operator/actions/runs/7001/artifacts/9001');
    expect(first.res.outputs['comment-url']).toBe(comment.html_url);
    expect(first.res.summary).toContain('APISnoop: sample: pass');
    expect(first.res.summary).not.toContain(MARKER);
    // Least privilege, on by default: the sample chart has no workload (its one pod is a test hook, not in the release
    // manifest), so the ServiceAccount it creates ({{ .Release.Name }}) is checked; it made no request in this log.
    expect(comment.body).toContain('<summary>Least privilege (default:sample): ');
    expect(comment.body).toContain('No request by `system:serviceaccount:default:sample` in the audit log');
    // Said as an annotation too, naming the log as the artifact holds it, not by the runner's temporary path.
    expect(first.res.warnings).toEqual([
      'no requests by system:serviceaccount:default:sample in audit/kube-apiserver-audit.log; identities seen: system:admin (37), bob (29), system:serviceaccount:ns1:sa1 (5), alice (3). ' +
        'Everything granted to it is reported as never used.',
    ]);
    expect(report.rbac!.map((c) => c.identity.username)).toEqual(['system:serviceaccount:default:sample']);

    // The artifact: the reports, the audit log and the served spec, all under the report directory.
    const files = uploader.uploads[0]!.files.map((f) => path.relative(uploader.uploads[0]!.root, f)).sort();
    expect(files).toEqual([
      'app-usage-categories.csv',
      'app-usage-endpoints.csv',
      'app-usage-summary.csv',
      'audit/kube-apiserver-audit.log',
      'coverage-spreadsheet.csv',
      'openapi-v2.json',
      'pull-request.json',
      'rbac/helm-manifest.yaml',
      'report.html',
      'report.json',
      'report.md',
    ]);
    expect(JSON.parse(readFileSync(path.join(uploader.uploads[0]!.root, 'pull-request.json'), 'utf8'))).toEqual({
      number: PR,
      headSha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    });
    expectNoTokenLeak(h, first.res);

    // Post: the cluster goes.
    expect(h.clusters()).toEqual(['apisnoop']);
    const cleanup = await post(first.env, first.res.state);
    expect(cleanup.exitCode).toBe(0);
    expect(h.clusters()).toEqual([]);
    expect(h.calls().at(-1)!.argv.slice(0, 4)).toEqual(['delete', 'cluster', '--name', 'apisnoop']);

    // Second run: the same comment, updated in place.
    const second = await main(chartInputs());
    expect(second.res.exitCode).toBe(0);
    const afterSecond = gh.comments.get(PR)!;
    expect(afterSecond.map((c) => c.id)).toEqual([comment.id]);
    expect(afterSecond[0]!.updated_at).not.toBe(comment.created_at);
    expect(afterSecond[0]!.body).toContain('artifacts/9002');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(gh.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    await post(second.env, second.res.state);
    expect(h.clusters()).toEqual([]);
  });

  it('kind-version: system uses the pinned digests when the kind on PATH is the release they are for, and names the version it is when not', async () => {
    const pinned = await main(chartInputs({ 'kind-version': 'system' }));
    expect(pinned.res.exitCode).toBe(0);
    expect(pinned.res.warnings.filter((w) => w.includes('digests are pinned'))).toEqual([]);
    const create = (): FakeCall => h.calls().filter((c) => c.tool === 'kind' && c.argv[0] === 'create').at(-1)!;
    expect(create().argv).toContain('kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed');
    await post(pinned.env, pinned.res.state);

    const other = await main(chartInputs({ 'kind-version': 'system' }), { FAKE_KIND_VERSION: 'v0.32.0' });
    expect(other.res.warnings).toContain('node image digests are pinned for kind v0.33.0; with kind v0.32.0 using kindest/node:v1.36.4 (set node-image to choose)');
    expect(create().argv).toContain('kindest/node:v1.36.4');
    await post(other.env, other.res.state);
  });

  it("a report-dir kept across runs: an earlier run's rotated audit log left in its audit/ is not read as this run's traffic", async () => {
    const reportDir = path.join(h.workspace, 'shared-rd');
    const earlier = path.join(reportDir, 'audit', 'kube-apiserver-audit-2026-01-01T00-00-00.000.log');
    mkdirSync(path.dirname(earlier), { recursive: true });
    copyFileSync(AUDIT_LOG, earlier);
    const { env, res } = await main(chartInputs({ 'report-dir': reportDir }));
    expect(res.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.inputs).toEqual([path.join(reportDir, 'audit', 'kube-apiserver-audit.log')]);
    expect(report.summary.selected).toBe(requestsInNamespace('default').requests);
    expect(readdirSync(path.dirname(earlier))).toEqual(['kube-apiserver-audit.log']);
    expect(res.output).toContain(`${path.dirname(earlier)} held 1 audit log file(s) of an earlier run (${path.basename(earlier)}): removed`);
    await post(env, res.state);
  });

  it('finds its comment on page 2 of the listing, and leaves a marker copy by someone else alone', async () => {
    for (let i = 0; i < 100; i++) gh.seed(PR, `review comment ${i}`, i % 2 ? 'reviewer' : 'contributor');
    const decoy = gh.seed(PR, `quoting the bot:\n${MARKER}\nold text`, 'reviewer');
    for (let i = 0; i < 20; i++) gh.seed(PR, `later comment ${i}`, 'reviewer');
    const ours = gh.seed(PR, `${MARKER}\nprevious APISnoop report`, 'github-actions[bot]', 'Bot');
    for (let i = 0; i < 5; i++) gh.seed(PR, `latest ${i}`, 'contributor');
    const before = gh.comments.get(PR)!.length;
    // Page 1 holds 100 comments; the decoy is the 101st, ours the 122nd: both on page 2.
    expect(gh.comments.get(PR)!.indexOf(ours)).toBeGreaterThanOrEqual(100);

    const { res } = await main(chartInputs());
    expect(res.exitCode).toBe(0);
    const after = gh.comments.get(PR)!;
    expect(after).toHaveLength(before);
    expect(after.find((c) => c.id === ours.id)!.body).toContain('APISnoop: sample: pass');
    expect(after.find((c) => c.id === decoy.id)!.body).toBe(`quoting the bot:\n${MARKER}\nold text`);
    expect(gh.requests.some((r) => r.method === 'GET' && r.path.includes('page=2'))).toBe(true);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('matrix legs that share comment-key do not overwrite each other: the second gets a comment of its own, with a warning naming the fix', async () => {
    // One leg per Kubernetes release, as a chart's CI runs it, each with the default comment-key.
    const leg = (release: string, run: string) =>
      main(
        { 'audit-log': AUDIT_LOG, spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'), namespaces: 'default', conformance: 'none', 'kubernetes-version': release },
        { GITHUB_RUN_ID: run, GITHUB_JOB: 'chart' },
      );
    const writer = (c: { body: string }) => /^<!-- apisnoop:written-by run=(\d+) job=chart leg=[0-9a-f]{12} label=kubernetes%2Dversion%20(1\.3\d)%2C/m.exec(c.body.split('\n')[1]!)?.slice(1);
    const first = await leg('1.34', '8001');
    expect(first.res.warnings).toEqual([]);
    const second = await leg('1.35', '8001');
    let comments = gh.comments.get(PR)!;
    // The first leg's comment stands; the second's is its own, under a key of the leg.
    expect(comments.map(writer)).toEqual([['8001', '1.34'], ['8001', '1.35']]);
    expect(comments[0]!.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comments[1]!.body).toMatch(/^<!-- apisnoop:sticky-comment key=default@[0-9a-f]{12} -->\n/);
    expect(comments[1]!.body).toContain('its own comment, as the legs of this run share comment-key "default"');
    expect(comments[1]!.body).toContain('## ✅ APISnoop: pass');
    expect(second.res.outputs['comment-url']).toBe(comments[1]!.html_url);
    expect(second.res.warnings).toEqual([
      'comment-key "default" is shared by the jobs or matrix legs of this run: its comment was written by another (kubernetes-version 1.34, ' +
        `audit-log ${AUDIT_LOG}, spec ${path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz')}), which this one (kubernetes-version 1.35, ` +
        `audit-log ${AUDIT_LOG}, spec ${path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz')}) would have overwritten, so this report went to a comment of its own. ` +
        'Give each leg its own key (comment-key: ${{ matrix.kubernetes-version }}, or whatever the matrix varies), or comment once for all of them from a job ' +
        'that merges their reports (reports; see "A matrix, and one comment for all of it" in the README).',
    ]);

    // The next run, legs finishing the other way round: 1.35 takes the key's comment (an earlier run's) and removes its
    // own of that run; 1.34 gets one of its own. Each leg's latest report, once; none stale.
    await leg('1.35', '8002');
    expect(gh.comments.get(PR)!.map(writer)).toEqual([['8002', '1.35']]);
    const rerun = await leg('1.34', '8002');
    expect(rerun.res.warnings).toHaveLength(1);
    comments = gh.comments.get(PR)!;
    expect(comments.map(writer)).toEqual([['8002', '1.35'], ['8002', '1.34']]);
    // A leg run again in the same run (re-run of a failed job) updates its own comment, the key's or its leg's.
    const ids = comments.map((c) => c.id);
    await leg('1.34', '8002');
    await leg('1.35', '8002');
    expect(gh.comments.get(PR)!.map((c) => c.id)).toEqual(ids);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('matrix legs whose inputs differ only in set keep a comment each, told apart by their matrix values; a leg run again updates its own', async () => {
    // A matrix over an image tag: the Action's inputs that a matrix usually varies are the same in both legs, only set
    // differs. The runner hands each leg its matrix values through matrix-leg's default, toJSON(matrix).
    const leg = async (tag: string, run: string) => {
      h.matrix = { tag };
      const ran = await main(chartInputs({ set: `image.tag=${tag}`, rbac: 'off' }), { GITHUB_RUN_ID: run, GITHUB_JOB: 'chart' });
      expect(ran.res.exitCode).toBe(0);
      // Each leg a job of its own: its post step deletes its cluster.
      await post(ran.env, ran.res.state);
      return ran;
    };
    const writer = (c: { body: string }) => {
      const w = readWrittenBy(c.body)!;
      return [w.run, w.label];
    };
    const first = await leg('v1', '8101');
    expect(first.res.warnings).toEqual([]);
    const second = await leg('v2', '8101');
    let comments = gh.comments.get(PR)!;
    expect(comments.map(writer)).toEqual([['8101', 'matrix tag v1'], ['8101', 'matrix tag v2']]);
    expect(comments[0]!.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comments[1]!.body).toMatch(/^<!-- apisnoop:sticky-comment key=default@[0-9a-f]{12} -->\n/);
    expect(comments[1]!.body).toContain('<sub>matrix tag v2 \\(job chart\\): its own comment, as the legs of this run share comment-key "default"</sub>');
    expect(comments[1]!.body).toContain('## ✅ APISnoop: sample: pass');
    expect(second.res.warnings).toHaveLength(1);
    expect(second.res.warnings[0]).toContain('its comment was written by another (matrix tag v1), which this one (matrix tag v2) would have overwritten');
    // The hidden line names the leg by a hash and the cut values; the runner's JSON is not in it.
    expect(comments[1]!.body.split('\n')[1]).toMatch(/^<!-- apisnoop:written-by run=8101 job=chart leg=[0-9a-f]{12} label=matrix%20tag%20v2 -->$/);

    // The leg v2 run again (a re-run of a failed job): its own comment is updated, no new one.
    const ids = comments.map((c) => c.id);
    const again = await leg('v2', '8101');
    expect(again.res.warnings).toHaveLength(1);
    expect(gh.comments.get(PR)!.map((c) => c.id)).toEqual(ids);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(2);

    // The next run, legs finishing the other way round: v2 takes the key's comment and removes its own of the run
    // before; v1 gets one of its own, and on a re-run updates it. Each leg's latest report, once; none stale.
    await leg('v2', '8102');
    expect(gh.comments.get(PR)!.map(writer)).toEqual([['8102', 'matrix tag v2']]);
    await leg('v1', '8102');
    comments = gh.comments.get(PR)!;
    expect(comments.map(writer)).toEqual([['8102', 'matrix tag v2'], ['8102', 'matrix tag v1']]);
    await leg('v1', '8102');
    expect(gh.comments.get(PR)!.map((c) => c.id)).toEqual(comments.map((c) => c.id));
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('a 403 on commenting (fork PR) is a warning; summary, outputs and artifact are still written', async () => {
    gh.forbidWrites = true;
    const { env, res } = await main(chartInputs());
    expect(res.exitCode).toBe(0);
    expect(res.errors).toEqual([]);
    const forbidden = res.warnings.find((w) => w.includes('HTTP 403'))!;
    // The fixture event's head is a fork: the read-only token is the cause, and the section is named for a reader of
    // the published action (docs/action.md is a path in APISnoop's own repository).
    expect(forbidden).toContain('Pull requests from forks get a read-only token; see the APISnoop README, section "Fork pull requests"');
    expect(forbidden).not.toContain('docs/action.md');
    expect(forbidden).not.toContain('pull-requests: write');
    expect(gh.comments.get(PR) ?? []).toHaveLength(0);
    expect(res.summary).toContain('APISnoop: sample: pass');
    expect(res.outputs.verdict).toBe('pass');
    expect(res.outputs['comment-url']).toBe('');
    expect(uploader.uploads).toHaveLength(1);
    expectNoTokenLeak(h, res);
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it.each([
    ['upload-artifact false', { 'upload-artifact': 'false' }, null],
    ['an upload that failed', {}, 'Artifact upload failed: (500) the artifact service is down'],
  ])('a 403 on commenting names the artifact only when one was uploaded (%s): else the report directory', async (_, inputs, uploadWarning) => {
    gh.forbidWrites = true;
    const failing: ArtifactUploader = {
      uploadArtifact: () => Promise.reject(new Error('(500) the artifact service is down')),
    };
    const env = h.env(chartInputs(inputs));
    const res = await h.inProcess(env, () => run({ artifactUploader: uploadWarning ? failing : uploader }));
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    expect(uploader.uploads).toEqual([]);
    if (uploadWarning) expect(res.warnings).toContain(uploadWarning);
    const forbidden = res.warnings.find((w) => w.includes('HTTP 403'))!;
    expect(forbidden).not.toContain('artifact.');
    expect(forbidden).toMatch(/The report is in the job summary and the report directory \(.+\); no artifact was uploaded\.$/);
    const dir = /report directory \((.+)\); no artifact/.exec(forbidden)![1]!;
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain('APISnoop: sample: pass');
  });

  it('a 403 on a same-repository PR says the token lacks pull-requests: write, not that it is a fork; linked when the action is known', async () => {
    gh.forbidWrites = true;
    const event = JSON.parse(readFileSync(h.eventPath, 'utf8')) as { pull_request: { head: { repo: unknown }; base: { repo: unknown } } };
    event.pull_request.head.repo = event.pull_request.base.repo;
    writeFileSync(h.eventPath, JSON.stringify(event));
    const { res } = await main(chartInputs(), { GITHUB_ACTION_REPOSITORY: 'acme/apisnoop' });
    expect(res.exitCode).toBe(0);
    const forbidden = res.warnings.find((w) => w.includes('HTTP 403'))!;
    expect(forbidden).toContain('The token cannot write PR comments: give the job `permissions: pull-requests: write` (see https://github.com/acme/apisnoop#permissions)');
    expect(forbidden).not.toContain('fork');
    expect(res.outputs.verdict).toBe('pass');
  });

  it.each([
    [502, 'HTTP 502'],
    [404, 'HTTP 404'],
  ])('a %i on commenting is a warning too: the step passes on its verdict, summary, outputs and artifact are there', async (status, said) => {
    gh.failWrites = status;
    const { res } = await main(chartInputs());
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    expect(res.errors).toEqual([]);
    expect(res.warnings.some((w) => w.includes(`Could not write the PR comment on #${PR} (${said}`) && w.includes('the job summary and the artifact'))).toBe(true);
    expect(res.summary).toContain('APISnoop: sample: pass');
    expect(res.outputs.verdict).toBe('pass');
    expect(uploader.uploads).toHaveLength(1);
    expectNoTokenLeak(h, res);
  });

  it.each([
    ['a report', { 'audit-log': AUDIT_LOG, namespaces: 'default', conformance: 'none' }, '## ✅ APISnoop: pass'],
    ['a bad input', { 'audit-log': AUDIT_LOG, namespaces: 'default', conformance: 'none', 'fail-on': 'gamma' }, '## ❌ APISnoop: the run failed'],
    ['no report', { 'audit-log': path.join(repoRoot, 'no-such.log'), namespaces: 'default', conformance: 'none' }, 'the run failed'],
  ])('a GitHub API that stops answering holds up neither the summary nor the outputs (%s): both are written before the comment is tried, given up after its bound', async (_, inputs, heading) => {
    const env = h.env(inputs, { APISNOOP_GITHUB_TIMEOUT_MS: '300' });
    gh.hang = (r) => r.method === 'GET' && r.path.endsWith('/comments');
    // What the step had written when GitHub was first asked anything.
    let asked: { outputs: Record<string, string>; summary: string } | null = null;
    gh.onRequest = () => {
      asked ??= { outputs: parseFileCommands(readFileSync(env.GITHUB_OUTPUT!, 'utf8')), summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') };
    };
    const res = await h.inProcess(env, () => run({ artifactUploader: uploader }));
    expect(asked!.summary).toContain(heading);
    expect(asked!.summary).toBe(res.summary);
    const { 'comment-url': commentUrl, ...others } = res.outputs;
    expect(asked!.outputs).toEqual(others);
    expect(others.verdict).toMatch(/^(pass|fail)$/);
    expect(commentUrl).toBe('');
    expect(res.warnings).toContainEqual(`Could not write the PR comment on #${PR} (GITHUB_API_URL (${gh.url}) did not answer within 300 ms). The report is in the job summary and the artifact.`);
    expect(gh.comments.get(PR) ?? []).toEqual([]);
  });

  it('a failing helm install still collects, analyzes, reports it and fails the step; post deletes the cluster', async () => {
    const { env, res } = await main(chartInputs(), { FAKE_FAIL: 'helm:install' });
    expect(res.exitCode).toBe(1);
    // helm's own error, not only its exit code: in the annotation and the comment's failure box.
    const said = 'helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: context deadline exceeded. The release was not ready within helm-timeout (5m).';
    expect(res.errors).toEqual([said]);
    expect(gh.comments.get(PR)![0]!.body).toContain(mdEscape(said));
    const calls = h.calls();
    expect(calls.some((c) => c.tool === 'helm' && c.argv[0] === 'test')).toBe(false);
    expect(calls.some((c) => c.tool === 'docker' && c.argv[0] === 'cp')).toBe(true);
    expect(res.outputs.verdict).toBe('pass');
    const body = gh.comments.get(PR)![0]!.body;
    expect(body.indexOf('helm install failed')).toBeGreaterThan(-1);
    expect(body.indexOf('helm install failed')).toBeLessThan(body.indexOf('APISnoop: sample: pass'));
    // No green tick under a failed step: the policy passed on what the run got to.
    expect(body).toContain('## ⚠️ APISnoop: sample: pass on the requests seen, but the run failed\n');
    expect(body).not.toContain('✅');
    expect(body).toContain('The chart tests were skipped because the install failed.');
    expect(res.summary).toContain('helm install failed');
    // Said once in each, above the verdict: the comment and the summary put the notes above the page, not in it too.
    expect(body.split('helm install failed')).toHaveLength(2);
    expect(res.summary.split('helm install failed')).toHaveLength(2);
    // report.md in the artifact, read away from the comment, says it too: a pass there is not the step's.
    const page = readFileSync(path.join(path.dirname(res.outputs['report-path']!), 'report.md'), 'utf8');
    expect(page.split('helm install failed')).toHaveLength(2);
    expect(page.indexOf('> [!WARNING]')).toBeLessThan(page.indexOf('APISnoop: sample: pass'));
    expect(page.indexOf('helm install failed')).toBeLessThan(page.indexOf('APISnoop: sample: pass'));
    expect(page).toContain('> The chart tests were skipped because the install failed.');
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it('failing chart tests still collect and analyze, and fail the step', async () => {
    const { env, res } = await main(chartInputs(), { FAKE_FAIL: 'helm:test' });
    expect(res.exitCode).toBe(1);
    // Both lines of helm's error (the line after "Error:" names the pod), on one line.
    expect(res.errors).toEqual(['chart tests failed (helm exited with code 1): Error: 1 error occurred: * pod sample-test failed']);
    expect(res.outputs['stable-count']).toBe('1');
    expect(gh.comments.get(PR)![0]!.body).toContain('chart tests failed');
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
    // Tests that run out of time: helm's words name neither what it waited for nor the input that sets how long.
    const slow = await main(chartInputs({ 'helm-timeout': '90s' }), { FAKE_FAIL: 'helm:test-timeout' });
    const said = "chart tests failed (helm exited with code 1): Error: timed out waiting for the condition. The chart's tests did not finish within helm-timeout (90s).";
    expect(slow.res.errors).toEqual([said]);
    expect(gh.comments.get(PR)![0]!.body).toContain(mdEscape(said, 400));
    await post(slow.env, slow.res.state);
    // A test command of one's own has no timeout but its own (docs/action.md): timeout(1)'s ends it as failing tests.
    const hung = await main(chartInputs({ 'test-command': 'timeout 1 sleep 30' }));
    expect(hung.res.errors).toEqual(['chart tests failed (bash exited with code 124)']);
    expect(hung.res.outputs['stable-count']).toBe('1');
    await post(hung.env, hung.res.state);
  });

  it.each([
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', 'storage.k8s.io/v1beta1 is a Kubernetes 1.36 API that the API server leaves off by default: enable it with the input runtime-config: storage.k8s.io/v1beta1=true.'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'Kubernetes 1.36 does not serve policy/v1beta1 (removed, or not there yet); it serves policy as policy/v1: move the PodSecurityPolicy there, or test on another kubernetes-version.'],
    ['widgets.example.com/v1alpha1', 'Widget', "No CustomResourceDefinition defines Widget in widgets.example.com/v1alpha1: ship it in the chart's crds/ (installed before the templates), or install another project's first with setup-command."],
  ])('a helm install refused for a kind the cluster does not serve (%s) says what to do, from the release\'s API', async (gv, kind, hint) => {
    // As helm 3 says it: its only advice is the CRDs.
    const error =
      `Error: INSTALLATION FAILED: unable to build kubernetes objects from release manifest: resource mapping not found for name: "sample-x" namespace: "" from "": ` +
      `no matches for kind "${kind}" in version "${gv}"\nensure CRDs are installed first`;
    const { env, res } = await main(chartInputs(), { FAKE_FAIL: 'helm:install', FAKE_HELM_INSTALL_ERROR: error });
    expect(res.exitCode).toBe(1);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes!.notices).toEqual(['The chart tests were skipped because the install failed.', hint]);
    expect(gh.comments.get(PR)![0]!.body).toContain(`> ${mdEscape(hint, 400)}`);
    await post(env, res.state);
  });

  it("a failed install or test says what the app's pods were stuck on, read once the log is copied; a passing run reads nothing", async () => {
    // What the cluster served: an image the node may not pull, a crash loop, no node to run on; one ready, one done.
    const pods = { FAKE_PODS: path.join(repoRoot, 'test/fakes/pods-not-ready.json'), FAKE_EVENTS: path.join(repoRoot, 'test/fakes/events-not-ready.txt') };
    const group = 'Pods and events of namespace default';
    const expected = [
      'Not ready in namespace default: pod sample-operator-6d8f7c9b5-x2k4q (Pending): container manager: ErrImageNeverPull: Container image "sample-operator:ci" is not present with pull policy of Never',
      'Not ready in namespace default: pod sample-webhook-5b7d9f8c4-9wzrt (Running): container webhook: CrashLoopBackOff, restarted 4 times, last exit code 2 (Error)',
      'Not ready in namespace default: pod sample-cache-0 (Pending): Unschedulable: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preem…',
      `The events of namespace default are in the step's log (group "${group}").`,
    ].map((n) => `> ${mdEscape(n, 400)}`).join('\n>\n');
    for (const failing of ['helm:install', 'helm:test']) {
      const { env, res } = await main(chartInputs(), { FAKE_FAIL: failing, ...pods, ...kubectlLogOnly() });
      expect(res.exitCode).toBe(1);
      const body = gh.comments.get(PR)![0]!.body;
      // Above the verdict with the failure, in the comment, the summary and report.md.
      expect(body).toContain(expected);
      expect(body.indexOf(expected)).toBeLessThan(body.indexOf('## ⚠️ APISnoop'));
      expect(res.summary).toContain(expected);
      const dir = path.dirname(res.outputs['report-path']!);
      expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain(expected);
      // The events, printed in the log group the note names.
      const log = res.output.slice(res.output.indexOf(`::group::${group}`));
      expect(log).toContain('Warning   ErrImageNeverPull   pod/sample-operator-6d8f7c9b5-x2k4q');
      // After the log was copied: the reads of the app's namespace are not among its requests.
      const calls = h.calls().map(step);
      expect(calls.indexOf('kubectl get pods')).toBeGreaterThan(calls.indexOf('docker cp apisnoop-control-plane:/var/log/kubernetes/audit/.'));
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.operations.map((o) => o.operationId)).not.toContain('listCoreV1NamespacedPod');
      expect(report.operations.map((o) => o.operationId)).not.toContain('listCoreV1NamespacedEvent');
      await post(env, res.state);
      h.clearCalls();
    }
    const passing = await main(chartInputs(), pods);
    expect(passing.res.exitCode).toBe(0);
    expect(h.calls().map(step)).not.toContain('kubectl get pods');
    expect(gh.comments.get(PR)![0]!.body).not.toContain('not ready');
  });

  it("a chart of a repository is installed from the repository, not from a directory of the same name (helm v3 stats the name from its working directory first)", async () => {
    // A directory "examples" in the workspace, and one in this process's working directory (the repository's): helm
    // finds either when it runs where the name is a path.
    cpSync(path.join(repoRoot, 'examples/sample-chart'), path.join(h.workspace, 'examples'), { recursive: true });
    const repo = 'https://charts.example.com';
    const { env, res } = await main(chartInputs({ chart: 'examples', release: 'sample', repo, 'chart-version': '1.2.3', rbac: 'off' }));
    expect(res.exitCode).toBe(0);
    const install = h.calls().find((c) => c.tool === 'helm' && c.argv[0] === 'install')!;
    expect(install.argv.slice(0, 3)).toEqual(['install', 'sample', 'examples']);
    expect(install.argv).toEqual(expect.arrayContaining(['--repo', repo, '--version', '1.2.3']));
    // Run from a directory of its own, emptied away after; every file it is given is absolute.
    expect([h.workspace, process.cwd()]).not.toContain(install.cwd);
    expect(existsSync(install.cwd)).toBe(false);
    const kubeconfig = install.argv[install.argv.indexOf('--kubeconfig') + 1]!;
    expect(path.isAbsolute(kubeconfig)).toBe(true);
    // What helm installed: the repository's chart, by its name (the fake keeps a chart it found as a path by its path).
    const releases = JSON.parse(readFileSync(path.join(h.stateDir, 'releases.json'), 'utf8')) as Record<string, { chart: string }>;
    expect(releases.sample!.chart).toBe('examples');
    await post(env, res.state);
  });

  it('helm test on a chart without test hooks passes, and says that it ran no tests', async () => {
    // The overgranted chart ships no template annotated helm.sh/hook: test; helm test prints "TEST SUITE: None", exit 0.
    const said =
      "helm test ran no tests: the chart has no test hooks (templates annotated helm.sh/hook: test), so the report holds the install's " +
      'requests and what the app did on its own. Add a test hook, or give test-command to exercise the app.';
    const { env, res } = await main(chartInputs({ chart: path.join(repoRoot, 'examples/overgranted-chart'), release: 'overgranted' }));
    expect(res.exitCode).toBe(0);
    expect(res.errors).toEqual([]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes).toEqual({ problems: [], notices: [said] });
    expect(gh.comments.get(PR)![0]!.body).toContain(`> ${mdEscape(said, 400)}`);
    await post(env, res.state);
    // The sample chart's test hook runs: nothing to say.
    const hooked = await main(chartInputs());
    expect((JSON.parse(readFileSync(hooked.res.outputs['report-path']!, 'utf8')) as Report).runNotes).toBeUndefined();
    await post(hooked.env, hooked.res.state);
  });

  it("waits for the cluster's DNS before the install (kind's --wait waits for the node only); a DNS that does not come is warned about, and the run goes on", async () => {
    const { env, res } = await main(chartInputs());
    const wait = h.calls().find((c) => c.tool === 'kubectl' && c.argv.includes('wait'))!;
    expect(wait.argv.slice(2)).toEqual(['wait', '--namespace', 'kube-system', '--for', 'condition=Available', 'deployment/coredns', '--timeout', '120s']);
    expect(res.warnings.filter((w) => w.includes('DNS'))).toEqual([]);
    await post(env, res.state);
    const slow = await main(chartInputs(), { FAKE_FAIL: 'kubectl:wait' });
    expect(slow.res.warnings.filter((w) => w.includes('DNS'))).toEqual([
      "The cluster's DNS (deployment coredns in kube-system) was not available within 120s (kubectl exited with code 1): error: the fake was told to fail wait: pods that resolve names may fail until it is",
    ]);
    expect(slow.res.exitCode).toBe(0);
    expect(h.calls().map(step)).toContain('helm install sample');
    await post(slow.env, slow.res.state);
  });

  it('helm test --logs that fails only on the logs of a test pod deleted on success passes the tests, and says why no logs were shown', async () => {
    // Helm 3 reads each test hook's pod logs after the hooks' delete policies ran: a pod deleted on success has none,
    // and helm exits 1 though the test passed (helm issue #9098). Common in charts; the sample chart's hook, so made.
    const chart = path.join(scratchDir('action-hook-succeeded'), 'sample-chart');
    cpSync(path.join(repoRoot, 'examples/sample-chart'), chart, { recursive: true });
    const hook = path.join(chart, 'templates/tests/read-volumeattributesclass.yaml');
    const text = readFileSync(hook, 'utf8');
    expect(text).toContain('helm.sh/hook-delete-policy: before-hook-creation\n');
    writeFileSync(hook, text.replace('hook-delete-policy: before-hook-creation\n', 'hook-delete-policy: before-hook-creation,hook-succeeded\n'));
    const { env, res } = await main(chartInputs({ chart }));
    const helmTest = h.calls().find((c) => c.tool === 'helm' && c.argv[0] === 'test')!;
    expect(helmTest.argv).toContain('--logs');
    expect(res.output).toContain('Error: unable to get pod logs for sample-read-vac: pods "sample-read-vac" not found');
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes?.problems).toEqual([]);
    expect(report.runNotes?.notices).toEqual([
      "The chart's tests passed, but helm test --logs could not print the logs of sample-read-vac: helm reads a pod of that name after the hooks' " +
        'delete policies ran, and a test pod deleted on success (hook-delete-policy hook-succeeded) or a test hook that is not a Pod has none (helm issue #9098).',
    ]);
    // Nothing failed: the namespace's pods are not looked at.
    expect(h.calls().map(step)).not.toContain('kubectl get pods');
    await post(env, res.state);
    // A test that failed, its pod deleted by hook-failed: helm's own error is about the logs and names no failed test.
    writeFileSync(hook, text.replace('hook-delete-policy: before-hook-creation\n', 'hook-delete-policy: before-hook-creation,hook-failed\n'));
    const failed = await main(chartInputs({ chart }), { FAKE_FAIL: 'helm:test-phase-failed' });
    expect(failed.res.exitCode).toBe(1);
    expect(failed.res.errors).toEqual([
      'chart tests failed (helm exited with code 1; failed: sample-read-vac): Error: unable to get pod logs for sample-read-vac: pods "sample-read-vac" not found',
    ]);
    await post(failed.env, failed.res.state);
  });

  it("the page fits in what the test command left of the step summary, or is left out with a warning: never both dropped", async () => {
    // A test reporter's page of 1,000,000 bytes first: APISnoop's page is cut to the 47 KB left.
    const big = await main(chartInputs({ 'test-command': 'head -c 1000000 /dev/zero | tr "\\0" x >> "$GITHUB_STEP_SUMMARY"' }));
    expect(big.res.errors).toEqual([]);
    expect(big.res.summary.startsWith('x'.repeat(1_000_000))).toBe(true);
    expect(Buffer.byteLength(big.res.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(big.res.summary.slice(1_000_000)).toContain('APISnoop: sample: pass');
    await post(big.env, big.res.state);
    // Nearly full: the page is left out, and the warning says where the report is.
    const full = await main(chartInputs({ 'test-command': 'head -c 1046000 /dev/zero | tr "\\0" x >> "$GITHUB_STEP_SUMMARY"' }));
    expect(full.res.errors).toEqual([]);
    expect(full.res.summary).toBe('x'.repeat(1_046_000));
    expect(full.res.warnings.join('\n')).toContain('The job summary already holds 1046000 bytes');
    await post(full.env, full.res.state);
  });

  it('creates a new namespace and the service account asked for; a custom test-command runs in bash with KUBECONFIG', async () => {
    const { env, res } = await main(
      chartInputs({
        namespace: 'ns1',
        'service-account': 'sa1',
        'test-command': 'helm test "$APISNOOP_RELEASE" -n "$APISNOOP_NAMESPACE" && kubectl get pods -n ns1',
      }),
    );
    expect(res.errors).toEqual([]);
    const calls = h.calls();
    expect(calls.map(step).slice(4, 11)).toEqual([
      'kind create cluster',
      'kubectl wait --namespace',
      'kubectl get namespaces',
      'kubectl create namespace',
      // The new namespace's default service account is not there at the first look: looked for again.
      'kubectl get serviceaccounts',
      'kubectl get serviceaccounts',
      'kubectl create serviceaccount',
    ]);
    expect(calls.find((c) => c.argv.includes('serviceaccount') && c.argv.includes('create'))!.argv).toEqual(
      expect.arrayContaining(['create', 'serviceaccount', 'sa1', '--namespace', 'ns1']),
    );
    const test = calls.find((c) => c.tool === 'helm' && c.argv[0] === 'test')!;
    expect(test.argv).toEqual(['test', 'sample', '-n', 'ns1']);
    expect(test.kubeconfigEnv).toMatch(/cluster\/kubeconfig$/);
    expect(calls.at(-4)!.argv).toEqual(['get', 'pods', '-n', 'ns1']);

    // Default selection: namespace ns1, any service account of ns1, helm. Counted here from the log.
    const ids = new Set<string>();
    for (const line of readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { auditID: string; objectRef?: { namespace?: string }; impersonatedUser?: { username: string } };
      if (e.objectRef?.namespace === 'ns1' || e.impersonatedUser?.username.startsWith('system:serviceaccount:ns1:')) ids.add(e.auditID);
    }
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.summary.selected).toBe(ids.size);
    expect(report.selection).toMatchObject({ namespaces: ['ns1'], serviceAccounts: ['ns1:*'], userAgents: ['helm'] });
    expectNoTokenLeak(h, res);
    await post(env, res.state);
  });

  it("counts only the app's requests: the Action's own namespace and service account checks are not in the app's namespace", async () => {
    // The API server's log of a run in a new namespace "shop": the fake kubectl records the Action's requests as the
    // API server does (FAKE_AUDIT_KUBECTL), and the app's one request follows (its service account lists ConfigMaps).
    const appLog = path.join(h.root, 'app-audit.log');
    const at = new Date(Date.now() + 60_000).toISOString();
    const app = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: '6f1c2a0e-3b7d-4e51-9a0c-1d2e3f405162',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/shop/configmaps?limit=500',
      verb: 'list',
      user: { username: 'system:serviceaccount:shop:sample', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] },
      sourceIPs: ['10.244.0.7'],
      userAgent: 'sample-operator/v0.1.0 (linux/amd64) kubernetes/$Format',
      objectRef: { resource: 'configmaps', namespace: 'shop', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: at,
      stageTimestamp: at,
    };
    writeFileSync(appLog, JSON.stringify(app) + '\n');
    const { env, res } = await main(chartInputs({ namespace: 'shop', conformance: 'none', rbac: 'off' }), { FAKE_AUDIT_LOG: appLog, FAKE_AUDIT_KUBECTL: '1' });
    expect(res.errors).toEqual([]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    // Only the app's request is the app's: of the five read, one is selected.
    expect(report.operations.map((o) => [o.operationId, o.hits])).toEqual([['listCoreV1NamespacedConfigMap', 1]]);
    expect([report.summary.requests, report.summary.selected]).toEqual([5, 1]);
    expect(res.outputs).toMatchObject({ 'stable-count': '1', 'beta-count': '0', 'alpha-count': '0' });

    // What the log holds: the Action's requests as kubectl made them, none of them naming "shop" as its namespace.
    const copied = readFileSync(path.join(path.dirname(res.outputs['report-path']!), 'audit', 'kube-apiserver-audit.log'), 'utf8');
    const events = copied.split('\n').filter(Boolean).map((l) => JSON.parse(l) as typeof app);
    expect(events.map((e) => `${e.verb} ${e.requestURI} ${e.objectRef.namespace ?? '-'}`)).toEqual([
      'list /api/v1/namespaces?fieldSelector=metadata.name%3Dshop&limit=500 -',
      'create /api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict -',
      // The new namespace's default service account appears a moment later: looked for twice.
      'list /api/v1/serviceaccounts?fieldSelector=metadata.namespace%3Dshop%2Cmetadata.name%3Ddefault&limit=500 -',
      'list /api/v1/serviceaccounts?fieldSelector=metadata.namespace%3Dshop%2Cmetadata.name%3Ddefault&limit=500 -',
      'list /api/v1/namespaces/shop/configmaps?limit=500 shop',
    ]);
    await post(env, res.state);
  });

  it("the artifact's audit log: query values taken out but the API's own parameters', the same report from it; report-dir's copy too", async () => {
    // A test command's `kubectl exec … -- curl -H "Authorization: Bearer $SECRET"`: the secret in exec's query.
    const lines = readFileSync(AUDIT_LOG, 'utf8').trim().split('\n');
    const exec = {
      ...(JSON.parse(lines[0]!) as object),
      auditID: 'exec-with-a-secret',
      verb: 'create',
      requestURI: '/api/v1/namespaces/default/pods/app-0/exec?command=curl&command=-H&command=Authorization%3A%20Bearer%20SECRETCANARY42&container=app&stdout=true',
      objectRef: { resource: 'pods', subresource: 'exec', namespace: 'default', name: 'app-0', apiVersion: 'v1' },
    };
    const log = path.join(h.workspace, 'with-exec.log');
    writeFileSync(log, [...lines, JSON.stringify(exec).replaceAll('&', '\\u0026')].join('\n') + '\n');
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_AUDIT_LOG: log });
    expect(res.errors).toEqual([]);
    const upload = uploader.uploads[0]!;
    const uploaded = upload.files.find((f) => path.relative(upload.root, f) === 'audit/kube-apiserver-audit.log')!;
    const artifactLog = readFileSync(uploaded, 'utf8');
    expect(artifactLog).not.toContain('SECRETCANARY42');
    expect(artifactLog).toContain('"requestURI":"/api/v1/namespaces/default/pods/app-0/exec?command=REDACTED\\u0026command=REDACTED\\u0026command=REDACTED\\u0026container=app\\u0026stdout=true"');
    // Every other line as the API server wrote it.
    expect(artifactLog.split('\n').filter((l) => !l.includes('exec-with-a-secret'))).toEqual([...lines, '']);
    // The report the Action wrote, from the log itself, is the one the artifact's log and spec give.
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.operations.map((o) => o.operationId)).toContain('connectCoreV1PostNamespacedPodExec');
    const again = await runCli(['analyze', uploaded, '--spec', path.join(upload.root, 'openapi-v2.json'), '--conformance', 'none', '--include-system', '--format', 'json']);
    const fromArtifact = parseStdout<Report>(again);
    const counted = (r: Report): unknown => [r.summary, r.operations, r.unmatched, r.invalid];
    const all = await runCli(['analyze', log, '--spec', path.join(upload.root, 'openapi-v2.json'), '--conformance', 'none', '--include-system', '--format', 'json']);
    expect(counted(fromArtifact)).toStrictEqual(counted(parseStdout<Report>(all)));
    // The report names the log the artifact holds (a merge of reports of it counts it once), not the log unredacted.
    expect(report.inputIds).toEqual(fromArtifact.inputIds);
    await post(env, res.state);
  });

  it("a collected log whose queries cannot be taken out (a rotated gzip cut short) is analyzed, left out of the artifact, and said", async () => {
    const whole = gzipSync(readFileSync(AUDIT_LOG));
    const cut = path.join(h.workspace, 'rotated-cut.log.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_AUDIT_ROTATED: cut });
    const rotated = 'kube-apiserver-audit-2026-12-06T10-00-00.000.log.gz';
    const warning = res.warnings.find((w) => w.includes(rotated))!;
    expect(warning).toMatch(/its queries could not be taken out \(.*\): analyzed, but left out of the artifact; report-dir's copy is as the API server wrote it/);
    // The run went on: the report reads both logs (the cut one as far as it goes), and the artifact holds only the other.
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.inputs.map((i) => path.basename(i))).toEqual([rotated, 'kube-apiserver-audit.log']);
    const upload = uploader.uploads[0]!;
    expect(upload.files.map((f) => path.relative(upload.root, f)).filter((f) => f.startsWith('audit/'))).toEqual(['audit/kube-apiserver-audit.log']);
    await post(env, res.state);
  });

  it('a failed cluster creation still collects and analyzes (against the shipped spec) and the post step deletes it', async () => {
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_FAIL: 'kind:create' });
    expect(res.exitCode).toBe(1);
    expect(res.errors.join('\n')).toContain('kind create cluster failed (kind exited with code 1)');
    const calls = h.calls();
    expect(calls.some((c) => c.tool === 'helm' && c.argv[0] === 'install')).toBe(false);
    expect(calls.some((c) => c.tool === 'docker' && c.argv[0] === 'cp')).toBe(true);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    // No kubeconfig, so no served spec: the shipped 1.36 spec instead, said so in the comment.
    expect(report.specs[0]!.kubernetesVersion).toBe('1.36');
    expect(report.summary.selected).toBe(requestsInNamespace('default').requests);
    expect(gh.comments.get(PR)![0]!.body).toContain('could not be read');
    // State was saved before kind ran, so the half-made cluster is deleted.
    expect(res.state['apisnoop-cluster-name']).toBe('apisnoop');
    expect(h.clusters()).toEqual(['apisnoop']);
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it('an API server that stops answering after the log is copied: the spec read gives up after --request-timeout, the run goes on and says so', async () => {
    // The fake kubectl hangs on /openapi/v2 unless it was given --request-timeout (then it fails as kubectl does when
    // that runs out): without the flag this run would wait until the test's own timeout, as a job waited for 6 hours.
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_HANG: 'kubectl:get-raw' });
    const spec = h.calls().find((c) => c.tool === 'kubectl' && c.argv.includes('--raw'))!;
    expect(spec.argv.slice(-2)).toEqual(['--request-timeout', '30s']);
    expect(res.warnings).toContain(
      'kubectl get --raw /openapi/v2 failed (kubectl exited with code 1) (the API server did not answer within --request-timeout 30s): ' +
        'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers); matching against the Kubernetes 1.36.4 spec instead',
    );
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.specs[0]!.kubernetesVersion).toBe('1.36');
    expect(gh.comments.get(PR)![0]!.body).toContain("The cluster's OpenAPI spec could not be read");
    await post(env, res.state);
  });

  it("without the served spec, the node image's release is matched against (node-image), not kubernetes-version", async () => {
    const { env, res } = await main(chartInputs({ conformance: 'none', 'node-image': 'kindest/node:v1.33.1' }), { FAKE_FAIL: 'kind:create', FAKE_KUBECTL_VERSION: 'v1.33.1' });
    expect(res.errors).toEqual([
      'kind create cluster failed (kind exited with code 1): ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged kind-control-plane kubeadm init" failed with error: exit status 1',
    ]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.specs[0]!.kubernetesVersion).toBe('1.33');
    expect(res.warnings.some((w) => w.includes('matching against the Kubernetes 1.33.1 spec instead'))).toBe(true);
    await post(env, res.state);
  });

  it('a failed creation is retained (kind deletes the node otherwise), so that its audit log can be collected', async () => {
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_FAIL: 'kind:create' });
    expect(res.exitCode).toBe(1);
    expect(h.calls().find((c) => c.tool === 'kind' && c.argv[0] === 'create')!.argv).toContain('--retain');
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it('no audit log at all (the node gone): the summary and the sticky comment say the run failed and why; verdict fail', async () => {
    // An earlier run's comment on the PR, which must not stand for this run.
    gh.seed(PR, `${MARKER}\n## ✅ APISnoop: sample: pass`, 'github-actions[bot]', 'Bot');
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_FAIL: 'kind:create,docker:cp' });
    expect(res.exitCode).toBe(1);
    const failure = res.errors.join('\n');
    expect(failure).toContain('kind create cluster failed (kind exited with code 1)');
    expect(failure).toContain('could not copy the audit log');
    expect(res.summary).toContain('## ❌ APISnoop: sample: the run failed');
    expect(res.summary).toContain('kind create cluster failed');
    const comments = gh.comments.get(PR)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(MARKER);
    // The failure page says what kind said, not only that it exited with 1.
    expect(comments[0]!.body).toContain(mdEscape('kind create cluster failed (kind exited with code 1): ERROR: failed to create cluster: failed to init node with kubeadm'));
    expect(comments[0]!.body).toContain('## ❌ APISnoop: sample: the run failed');
    expect(comments[0]!.body).not.toContain(': pass');
    expect(res.outputs.verdict).toBe('fail');
    expect(res.outputs['report-path']).toBe('');
    expect(res.outputs['comment-url']).toBe(comments[0]!.html_url);
    // The artifact still goes up, with the page and what the comment workflow of fork PRs reads.
    const upload = uploader.uploads.at(-1)!;
    expect(upload.files.map((f) => path.relative(upload.root, f))).toEqual(['report.md', 'pull-request.json']);
    expect(readFileSync(upload.files[0]!, 'utf8')).toContain('## ❌ APISnoop: sample: the run failed');
    expect(JSON.parse(readFileSync(upload.files[1]!, 'utf8'))).toMatchObject({ number: PR });
    expectNoTokenLeak(h, res);
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it('an audit log the API server recorded nothing in fails the run, saying so, rather than passing a verdict on nothing', async () => {
    gh.seed(PR, `${MARKER}\n## ✅ APISnoop: sample: pass`, 'github-actions[bot]', 'Bot');
    const empty = path.join(h.workspace, 'empty.log');
    writeFileSync(empty, '');
    const { env, res } = await main(chartInputs({ conformance: 'none' }), { FAKE_AUDIT_LOG: empty });
    expect(res.exitCode).toBe(1);
    const said = 'the audit log copied out of apisnoop-control-plane is empty (kube-apiserver-audit.log): the API server recorded no request';
    expect(res.errors.join('\n')).toContain(said);
    expect(res.errors.join('\n')).toContain('did the API server start with the audit flags and policy?');
    expect(res.outputs.verdict).toBe('fail');
    expect(res.outputs['report-path']).toBe('');
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('## ❌ APISnoop: sample: the run failed');
    expect(body).toContain(mdEscape(said));
    expect(res.summary).toContain('## ❌ APISnoop: sample: the run failed');
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  /** An earlier run's passing comment, which a failing run must replace. */
  const seedPass = () => gh.seed(PR, `${MARKER}\n## ✅ APISnoop: sample: pass`, 'github-actions[bot]', 'Bot');
  /** The failure page, in the comment, the summary and the outputs, saying `why`. */
  function expectFailurePage(res: RunResult, why: string, title = 'APISnoop: sample'): void {
    expect(res.exitCode).toBe(1);
    expect(res.errors.join('\n')).toContain(why);
    const comments = gh.comments.get(PR)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`## ❌ ${title}: the run failed`);
    // As the page escapes it: a URL in it (a download that failed) is no link either.
    expect(comments[0]!.body).toContain(mdEscape(why, 600));
    expect(comments[0]!.body).not.toContain(': pass');
    expect(res.summary).toContain(`## ❌ ${title}: the run failed`);
    expect(res.outputs).toEqual({
      verdict: 'fail',
      'stable-count': '',
      'beta-count': '',
      'alpha-count': '',
      'unmatched-count': '',
      'report-path': '',
      'comment-url': comments[0]!.html_url,
    });
  }

  it('does not touch a kind cluster it did not create, and says so in place of the earlier comment', async () => {
    seedPass();
    writeFileSync(path.join(h.stateDir, 'clusters.json'), JSON.stringify(['apisnoop']));
    const { env, res } = await main(chartInputs());
    expectFailurePage(res, 'a kind cluster named "apisnoop" already exists');
    expect(res.state).toEqual({});
    // The artifact holds the page and what the comment workflow of fork PRs reads.
    const upload = uploader.uploads.at(-1)!;
    expect(upload.files.map((f) => path.relative(upload.root, f))).toEqual(['report.md', 'pull-request.json']);
    expect(readFileSync(upload.files[0]!, 'utf8')).toContain('already exists');
    expectNoTokenLeak(h, res);
    await post(env, res.state);
    expect(h.clusters()).toEqual(['apisnoop']);
  });

  it('a tool that cannot be installed fails the run with the failure page, not only the step', async () => {
    seedPass();
    // The fake kind on PATH reports v0.33.0: another version is downloaded, from a server that has none.
    const mirrors = { kind: `${gh.url}/kind`, kubectl: `${gh.url}/kubectl`, helm: `${gh.url}/helm` };
    const env = h.env(chartInputs({ 'kind-version': 'v0.31.0' }));
    const res = await h.inProcess(env, () => run({ artifactUploader: uploader, toolMirrors: mirrors }));
    expectFailurePage(res, `kind v0.31.0: could not download ${gh.url}/kind/v0.31.0/kind-`);
    expect(uploader.uploads.at(-1)!.files.map((f) => path.basename(f))).toEqual(['report.md', 'pull-request.json']);
    expect(h.calls().map(step)).toEqual(['kind version']);
    expectNoTokenLeak(h, res);
  });

  it('audit-log (with spec) skips the cluster entirely', async () => {
    const { env, res } = await main({
      'audit-log': AUDIT_LOG,
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      namespaces: 'default',
      conformance: CONFORMANCE,
    });
    expect(res.errors).toEqual([]);
    expect(h.calls()).toEqual([]);
    expect(res.outputs['stable-count']).toBe('1');
    expect(gh.comments.get(PR)![0]!.body).toContain('APISnoop: pass');
    expect(res.state).toEqual({});
    const cleanup = await post(env, res.state);
    expect(cleanup.output).toContain('nothing to clean up');
  });

  it("a failed analysis with audit-log keeps the app's name (release, else namespace) in the failure page's heading", async () => {
    const root = scratchDir('action-log-failed');
    const spec = path.join(root, 'openapi-v2.json');
    writeFileSync(spec, 'not an OpenAPI document');
    const byNamespace = await main({ 'audit-log': AUDIT_LOG, spec, namespace: 'default', conformance: 'none', 'report-dir': path.join(root, 'ns') });
    expect(byNamespace.res.exitCode).toBe(1);
    expect(byNamespace.res.errors.join('\n')).toContain('the analysis failed: ');
    expect(byNamespace.res.summary).toMatch(/^## ❌ APISnoop: default: the run failed$/m);
    expect(gh.comments.get(PR)![0]!.body).toMatch(/^## ❌ APISnoop: default: the run failed$/m);
    expect(readFileSync(path.join(root, 'ns', 'report.md'), 'utf8')).toMatch(/^## ❌ APISnoop: default: the run failed$/m);
    const byRelease = await main({ 'audit-log': AUDIT_LOG, spec, namespace: 'default', release: 'shop', conformance: 'none', 'report-dir': path.join(root, 'release') });
    expect(byRelease.res.summary).toMatch(/^## ❌ APISnoop: shop: the run failed$/m);
  });

  it("a kubernetes-version whose spec cannot be had is refused as that input before the analysis, naming the input spec as the way out", async () => {
    const root = scratchDir('action-log-no-spec');
    const env = { APISNOOP_SPEC_URL: `${gh.url}/kubernetes/release-{version}/swagger.json`, APISNOOP_CACHE_DIR: path.join(root, 'cache') };
    const { res } = await main({ 'audit-log': AUDIT_LOG, namespace: 'default', 'kubernetes-version': '1.99', conformance: 'none', 'report-dir': path.join(root, 'r') }, env);
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(
      new RegExp(
        '^input "kubernetes-version": Kubernetes 1\\.99 is not shipped with apisnoop \\(shipped: [^)]*\\) and cannot download openapi-v2 for Kubernetes 1\\.99: ' +
          `${gh.url.replace(/[.]/g, '\\.')}/kubernetes/release-1\\.99/swagger\\.json answered \\d+\\. ` +
          'Give its spec as a file instead \\(kubectl get --raw /openapi/v2 > openapi-v2\\.json on a cluster of that release\\), as the input spec$',
      ),
    );
    expect(res.summary).toMatch(/^## ❌ APISnoop: default: the run failed$/m);
    // With the input spec, kubernetes-version's is not fetched: the run passes.
    const given = await main(
      { 'audit-log': AUDIT_LOG, spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'), namespace: 'default', 'kubernetes-version': '1.99', conformance: 'none', 'report-dir': path.join(root, 'given') },
      env,
    );
    expect(given.res.exitCode, given.res.errors.join('\n')).toBe(0);
  });

  it('a next release not later than the spec is said as the next-releases input, not the CLI option', async () => {
    const root = scratchDir('action-next');
    const spec = path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz');
    const r = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', conformance: 'none', 'next-releases': '1.13, 1.36', 'report-dir': root });
    expect(r.res.exitCode).toBe(0);
    expect(r.res.warnings).toEqual(['input "next-releases" names 1.13: Kubernetes 1.13 is not later than the spec\'s 1.21, so not checked']);
  });

  it('a spec that does not name its release is taken as kubernetes-version, and said', async () => {
    const root = scratchDir('action-unnamed-spec');
    // Upstream's swagger.json says "unversioned", and this file name says nothing either.
    const spec = path.join(root, 'swagger.json.gz');
    copyFileSync(path.join(fixtures, 'openapi-v2/swagger-1.28.json.gz'), spec);
    const r = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', conformance: 'none', 'kubernetes-version': '1.28', 'report-dir': root });
    expect(r.res.exitCode).toBe(0);
    expect(r.res.warnings).toEqual([`${spec}: the spec does not say which Kubernetes release it is; taken as Kubernetes 1.28 (input kubernetes-version)`]);
    const report = JSON.parse(readFileSync(r.res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.specs.map((x) => x.kubernetesVersion)).toEqual(['1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    // Least privilege expands wildcards against that spec as that release, as the analysis took it ("Kubernetes unknown").
    const rbac = await main({
      'audit-log': AUDIT_LOG, spec, namespaces: 'ns1', conformance: 'none', 'kubernetes-version': '1.28', 'report-dir': path.join(root, 'rbac'),
      'rbac-serviceaccount': 'ns1:sa1', 'rbac-granted': path.join(repoRoot, 'examples/overgranted-chart/templates'),
    });
    const rbacReport = JSON.parse(readFileSync(rbac.res.outputs['report-path']!, 'utf8')) as Report;
    expect(rbacReport.rbac![0]!.granted!.spec.kubernetesVersion).toBe('1.28');
    expect(gh.comments.get(PR)![0]!.body).toContain('wildcards expanded against Kubernetes 1.28: ');
    // A file name that names the release says more than kubernetes-version (here its default, 1.36).
    const named = path.join(root, 'swagger-1.30.json.gz');
    copyFileSync(path.join(fixtures, 'openapi-v2/swagger-1.30.json.gz'), named);
    const byName = await main({ 'audit-log': AUDIT_LOG, spec: named, namespaces: 'default', conformance: 'none', 'report-dir': path.join(root, 'named') });
    expect(byName.res.warnings).toEqual([]);
    expect((JSON.parse(readFileSync(byName.res.outputs['report-path']!, 'utf8')) as Report).kubernetesVersion).toBe('1.30');
    // A served spec names its own release: kubernetes-version (here its default) does not override it, and is not said.
    const served = await main({ 'audit-log': AUDIT_LOG, spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'), namespaces: 'default', conformance: 'none', 'report-dir': path.join(root, 'served') });
    expect(served.res.warnings).toEqual([]);
    expect((JSON.parse(readFileSync(served.res.outputs['report-path']!, 'utf8')) as Report).kubernetesVersion).toBe('1.21');
  });

  it("a spec taken as a kubernetes-version its own operations contradict (1.28's, as the default 1.36): said in the report's notes; refused with fail-on removed", async () => {
    const root = scratchDir('action-misfit-spec');
    const spec = path.join(root, 'swagger.json.gz');
    copyFileSync(path.join(fixtures, 'openapi-v2/swagger-1.28.json.gz'), spec);
    const r = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', conformance: 'none', 'report-dir': root });
    const misfit = `${spec}: taken as Kubernetes 1.36 (input kubernetes-version), but 164 of its built-in operations (those of the releases apisnoop ships) are not served by 1.36 and fit Kubernetes 1.28 best: if it is that release, set the input kubernetes-version to 1.28; judged as Kubernetes 1.36, `;
    expect(r.res.warnings[0]).toBe(`${spec}: the spec does not say which Kubernetes release it is; taken as Kubernetes 1.36 (input kubernetes-version)`);
    expect(r.res.warnings[1]).toMatch(new RegExp(`^${misfit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const report = JSON.parse(readFileSync(r.res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes?.notices).toEqual([r.res.warnings[1]]);
    expect(readFileSync(path.join(root, 'report.md'), 'utf8')).toContain(mdEscape(misfit.slice(0, 200), 400));
    const refused = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', conformance: 'none', 'fail-on': 'removed', 'report-dir': path.join(root, 'refused') });
    expect(refused.res.exitCode).toBe(1);
    expect(refused.res.errors.join('\n')).toContain("fail-on removed dates removals by the spec's release, which its operations contradict: refused");
  });

  it('with audit-log, namespace selects as namespaces plus its service accounts do, and names the app in the report and the comment', async () => {
    const root = scratchDir('action-log-namespace');
    const spec = path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz');
    const byNamespace = await main({ 'audit-log': AUDIT_LOG, spec, namespace: 'default', conformance: 'none', 'fail-on': 'none', 'report-dir': path.join(root, 'namespace') });
    const spelledOut = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', 'service-accounts': 'default:*', conformance: 'none', 'fail-on': 'none', 'report-dir': path.join(root, 'spelled') });
    const read = (r: typeof byNamespace) => JSON.parse(readFileSync(r.res.outputs['report-path']!, 'utf8')) as Report;
    const [a, b] = [read(byNamespace), read(spelledOut)];
    expect(a.operations.length).toBeGreaterThan(0);
    expect(a.operations.map((o) => [o.operationId, o.hits])).toEqual(b.operations.map((o) => [o.operationId, o.hits]));
    expect(a.summary).toEqual(b.summary);
    expect(a.app).toBe('default');
    expect(b.app).toBeUndefined();
    expect(readFileSync(path.join(root, 'namespace', 'report.md'), 'utf8')).toMatch(/^## ✅ APISnoop: default: pass$/m);
  });

  it('allow entries that name nothing are warned about as the allow input, in an analysis and in a fan-in of its reports', async () => {
    const root = scratchDir('action-allow');
    const spec = path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz');
    const leg = await main({ 'audit-log': AUDIT_LOG, spec, namespaces: 'default', conformance: 'none', allow: 'nosuch, core/v1, storage.k8s.io', 'report-dir': path.join(root, 'leg') });
    expect(leg.res.exitCode).toBe(0);
    // Against the spec: storage.k8s.io is served though the log never calls it.
    expect(leg.res.warnings).toEqual(['input "allow" names "nosuch": the Kubernetes 1.21 spec has no operationId, API group or group/version of that name; it exempts nothing']);
    // The fan-in knows only the operations its reports used: storage.k8s.io exempts nothing there either, and is said.
    const fanIn = await main({ reports: path.join(root, 'leg'), allow: 'nosuch, core/v1, storage.k8s.io' });
    expect(fanIn.res.exitCode).toBe(0);
    // One warning for both (one each took the annotations the step's top warnings need).
    expect(fanIn.res.warnings).toEqual([
      'input "allow" names "nosuch", "storage.k8s.io": none of the operations the merged reports used has any of those operationIds, API groups or group/versions; they exempt nothing',
    ]);
    // Without allow, the fan-in takes the reports' own list, which their analysis checked: nothing said again.
    const own = await main({ reports: path.join(root, 'leg') });
    expect(own.res.warnings).toEqual([]);
  });

  describe('fail-on empty and invalid judge the run: a selection that kept nothing, a log not read whole', () => {
    const SPEC = path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz');
    const { requests } = requestsInNamespace('no-such-ns');
    const total = new Set(readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { auditID: string }).auditID)).size;
    const said = `none of the ${total} requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request`;

    it('empty: a namespace that matches nothing fails the step, the comment, the summary and the verdict output', async () => {
      expect(requests).toBe(0);
      const inputs = { 'audit-log': AUDIT_LOG, spec: SPEC, namespaces: 'no-such-ns', conformance: CONFORMANCE };
      const { res } = await main({ ...inputs, 'fail-on': 'alpha,beta,empty' });
      expect(res.exitCode).toBe(1);
      expect(res.outputs.verdict).toBe('fail');
      expect(res.errors).toEqual([`APISnoop verdict: fail, nothing was selected (fail-on: empty): ${said}`]);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.verdict).toEqual({ pass: false, policy: { failOn: ['alpha', 'beta', 'empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why: said }] });
      const body = gh.comments.get(PR)![0]!.body;
      expect(body).toContain('## ❌ APISnoop: fail');
      expect(body).toContain('❌ **The gate failed because nothing was selected** (fail-on **empty**)');
      expect(res.summary).toContain('❌ **The gate failed because nothing was selected**');

      // Without empty (the default alpha,beta): the verdict on nothing passes, as before, with the warning.
      const lax = await main(inputs);
      expect(lax.res.exitCode).toBe(0);
      expect(lax.res.outputs.verdict).toBe('pass');
      expect(gh.comments.get(PR)![0]!.body).toContain('⚠️ **Nothing was judged:**');
      // Who the log holds, in the run's notes above the verdict, for the inputs to be put right (the CLI says it on stderr).
      const holds =
        'Nothing was selected: the requests read are by users system:admin (37), bob (29), system:serviceaccount:ns1:sa1 (5), alice (3); ' +
        'user agents (none) (37); for objects in namespaces default (6), ns1 (4).';
      expect(gh.comments.get(PR)![0]!.body).toContain(`> [!WARNING]\n> ${holds.replace(/[()]/g, '\\$&')}`);
      expect((JSON.parse(readFileSync(lax.res.outputs['report-path']!, 'utf8')) as Report).runNotes).toEqual({ problems: [], notices: [holds] });
      // And as an annotation: a push run has no comment, and the Checks page shows annotations, not the summary.
      expect(lax.res.warnings).toEqual([
        `Nothing was judged: ${said}. Check the namespaces, service-accounts, users and user-agents inputs; fail-on: empty fails the step when this happens.`,
      ]);
      // With fail-on empty it is the failure, not said again as a warning.
      expect(res.warnings).toEqual([]);
    });

    it('empty: an audit log that holds no request is nothing judged too, warned of as the log to check, in the annotation and the verdict block; fail-on empty fails', async () => {
      const root = scratchDir('action-empty-log');
      const log = path.join(root, 'empty.log');
      writeFileSync(log, '');
      const inputs = { 'audit-log': log, spec: SPEC, namespace: 'ns1', conformance: 'none', 'report-dir': path.join(root, 'lax') };
      const noneRead = 'no request was read from the input, so none was selected; the verdict judged no request';
      const lax = await main(inputs);
      expect(lax.res.exitCode).toBe(0);
      expect(lax.res.outputs.verdict).toBe('pass');
      expect(lax.res.warnings).toEqual([
        `${log}: empty file`,
        `Nothing was judged: ${noneRead}. Check that the audit-log input names the API server's audit log, written while the app ran; fail-on: empty fails the step when this happens.`,
      ]);
      const verdictLine = `⚠️ **Nothing was judged:** ${mdEscape(noneRead)}.`;
      expect(gh.comments.get(PR)![0]!.body).toContain(verdictLine);
      expect(readFileSync(path.join(root, 'lax', 'report.md'), 'utf8')).toContain(verdictLine);
      const { res } = await main({ ...inputs, 'fail-on': 'alpha,beta,empty', 'report-dir': path.join(root, 'strict') });
      expect(res.exitCode).toBe(1);
      expect(res.outputs.verdict).toBe('fail');
      expect(res.errors).toEqual([`APISnoop verdict: fail, nothing was selected (fail-on: empty): ${noneRead}`]);
      expect(res.warnings).toEqual([`${log}: empty file`]);
      expect(gh.comments.get(PR)![0]!.body).toContain('❌ **The gate failed because nothing was selected** (fail-on **empty**)');
    });

    it('empty: the users the note names, from the log, make no link, mention nor issue reference in the comment, the summary and report.md', async () => {
      const root = scratchDir('action-empty-links');
      const log = path.join(root, 'links.log');
      const name = 'https://e.example/x?y=1 www.p.example #1 GH-2 @octocat jane@e.example';
      writeFileSync(log, readFileSync(AUDIT_LOG, 'utf8').replaceAll('"username":"bob"', `"username":${JSON.stringify(name)}`));
      const { res } = await main({ 'audit-log': log, spec: SPEC, namespaces: 'no-such-ns', conformance: 'none', 'report-dir': root });
      expect(res.exitCode).toBe(0);
      const note = (JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report).runNotes!.notices[0]!;
      // report.json keeps the name as the log wrote it (data); the pages show it, unlinked.
      expect(note).toContain(`${name} (29)`);
      for (const page of [gh.comments.get(PR)![0]!.body, res.summary, readFileSync(path.join(root, 'report.md'), 'utf8')]) {
        const block = page.slice(page.indexOf('> [!WARNING]'), page.indexOf('\n\n', page.indexOf('> [!WARNING]')));
        expect(unsafeMarkup(block)).toEqual([]);
        expect(block.replace(/\\(.)/g, '$1').replaceAll('\u200b', '')).toContain(`${name} (29)`);
      }
    });

    it('empty in a cluster run: a namespace the chart\'s traffic is not in passes with a warning that names the selection', async () => {
      const { env, res } = await main(chartInputs({ namespace: 'nothing-here' }), { GITHUB_EVENT_NAME: 'push' });
      expect(res.exitCode, res.errors.join('\n')).toBe(0);
      expect(res.outputs.verdict).toBe('pass');
      const nothing = res.warnings.filter((w) => w.startsWith('Nothing was judged: '));
      expect(nothing).toHaveLength(1);
      expect(nothing[0]).toContain('the selection (namespace nothing-here, service account nothing-here:*, user agent helm)');
      expect(nothing[0]).toContain('user-agents inputs (by default, the namespace the app was installed in); fail-on: empty');
      expect(nothing[0]).toContain('fail-on: empty');
      await post(env, res.state);
    });

    it('invalid: a log with a broken line fails the step, naming the line', async () => {
      const root = scratchDir('action-invalid');
      const log = path.join(root, 'audit.log');
      const good = readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean);
      writeFileSync(log, [...good.slice(0, 2), 'not an audit event', ...good.slice(2)].join('\n') + '\n');
      const inputs = { 'audit-log': log, spec: SPEC, namespaces: 'default', conformance: CONFORMANCE };
      const { res } = await main({ ...inputs, 'fail-on': 'alpha,beta,invalid' });
      expect(res.exitCode).toBe(1);
      expect(res.outputs.verdict).toBe('fail');
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      const why = `1 input line was not usable as an audit event (the first: ${log}:3: ${report.invalid[0]!.message})`;
      expect(report.verdict.runFailures).toEqual([{ rule: 'invalid', why }]);
      expect(res.errors).toEqual([`APISnoop verdict: fail, the input was invalid (fail-on: invalid): ${why}`]);
      expect(gh.comments.get(PR)![0]!.body).toContain('❌ **The gate failed because the input was invalid** (fail-on **invalid**)');
      const lax = await main(inputs);
      expect(lax.res.exitCode).toBe(0);
      expect(lax.res.outputs.verdict).toBe('pass');
    });

    it('invalid: past the annotations, the warning says report.json lists the first thousand and counts the rest', async () => {
      const root = scratchDir('action-invalid-many');
      const log = path.join(root, 'audit.log');
      const good = readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean);
      const many = MAX_LISTED_INVALID + 200;
      writeFileSync(log, [...good.slice(0, 2), ...Array.from({ length: many }, (_, i) => `not an audit event ${i}`), ...good.slice(2)].join('\n') + '\n');
      const { res } = await main({ 'audit-log': log, spec: SPEC, namespaces: 'default', conformance: 'none', 'report-dir': root });
      expect(res.exitCode).toBe(0);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect([report.summary.invalidLines, report.invalid.length]).toEqual([many, MAX_LISTED_INVALID]);
      // One annotation for them all, naming the first; the first 20 in the log.
      expect(res.warnings).toEqual([
        `${grouped(many)} input lines were not usable as audit events (the first: ${log}:3: ${report.invalid[0]!.message}); the first 20 are listed in this step's log, under Analyze; ` +
          `report.json lists the first ${MAX_LISTED_INVALID} of the ${many} read and counts the rest`,
      ]);
      const listed = res.output.split('\n').filter((l) => l.startsWith(`${log}:`));
      expect(listed).toEqual(report.invalid.slice(0, 20).map((l) => `${log}:${l.line}: ${l.message}`));
    });

    it("invalid lines and the step's other warnings leave the important ones annotated: nothing judged, the comment not written", async () => {
      // As a user's audit found it: the sample log, 25 lines that are no JSON, a namespace it does not hold, and a
      // token that may not comment. Each invalid line was an annotation, and GitHub shows 10 a step.
      const root = scratchDir('action-annotations');
      const log = path.join(root, 'inv.log');
      const lines = Array.from({ length: 25 }, (_, i) => `not json ${i + 1}`);
      writeFileSync(log, gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz'))).toString('utf8') + lines.join('\n') + '\n');
      gh.forbidWrites = true;
      const { res } = await main({ 'audit-log': log, namespace: 'nosuchns', 'fail-on': 'none', 'report-dir': path.join(root, 'out') });
      expect(res.exitCode).toBe(0);
      expect(res.warnings.length).toBeLessThanOrEqual(10);
      expect(res.warnings.filter((w) => w.includes('not usable as audit events'))).toEqual([expect.stringMatching(/^25 input lines were not usable as audit events \(the first: .*inv\.log:\d+: /)]);
      expect(res.warnings.filter((w) => w.startsWith('Nothing was judged: '))).toHaveLength(1);
      expect(res.warnings.filter((w) => w.startsWith(`Could not write the PR comment on #${PR} (HTTP 403`))).toHaveLength(1);
    });

    it('ordinary warnings past their share leave room for the important ones; the last annotation says how many more are in the log', async () => {
      // Twelve copies of one log: each after the first is warned of (counted again), an ordinary warning.
      const root = scratchDir('action-annotations-fold');
      const copies = Array.from({ length: 12 }, (_, i) => path.join(root, `copy-${i}.log`));
      for (const c of copies) copyFileSync(AUDIT_LOG, c);
      gh.forbidWrites = true;
      const { res } = await main({ 'audit-log': copies.join(','), namespace: 'nosuchns', conformance: 'none', 'fail-on': 'none', 'report-dir': path.join(root, 'out') });
      expect(res.exitCode).toBe(0);
      const copyWarnings = (lines: string[]) => lines.filter((w) => w.includes('has the same contents as'));
      expect(res.warnings).toHaveLength(10);
      // Four copies as they came, nothing judged and the comment, three more copies in the room left, and the last word.
      expect(res.warnings.slice(4, 6)).toEqual([expect.stringMatching(/^Nothing was judged: /), expect.stringMatching(new RegExp(`^Could not write the PR comment on #${PR} \\(HTTP 403`))]);
      expect(copyWarnings(res.warnings)).toEqual([...copyWarnings(res.warnings.slice(0, 4)), ...copyWarnings(res.warnings.slice(6, 9))]);
      expect(copyWarnings(res.warnings)).toHaveLength(7);
      const logOnly = res.output.split('\n').filter((l) => l.startsWith('Warning: '));
      expect(res.warnings.at(-1)).toBe(`4 more warnings are in this step's log only, on lines that start with "Warning:": GitHub annotates 10 of a step.`);
      // Every copy is warned of: those past the first four in the log, where they came up.
      expect(copyWarnings(logOnly)).toHaveLength(7);
    });

    it('allow entries that exempt nothing are one warning, and leave nothing judged and the comment not written annotated', async () => {
      // As a review found it: ten allow entries that name nothing were ten important warnings, and took the room of
      // nothing judged and of the comment failure; copies of one log add ordinary warnings past their share.
      const root = scratchDir('action-annotations-allow');
      const copies = Array.from({ length: 8 }, (_, i) => path.join(root, `copy-${i}.log`));
      for (const c of copies) copyFileSync(AUDIT_LOG, c);
      gh.forbidWrites = true;
      const allow = Array.from({ length: 10 }, (_, i) => `a${i + 1}`);
      const { res } = await main({ 'audit-log': copies.join(','), namespace: 'nosuchns', spec: SPEC, conformance: 'none', allow: allow.join(','), 'fail-on': 'none', 'report-dir': path.join(root, 'out') });
      expect(res.exitCode).toBe(0);
      expect(res.warnings.length).toBeLessThanOrEqual(10);
      expect(res.warnings.filter((w) => w.startsWith('Nothing was judged: '))).toHaveLength(1);
      expect(res.warnings.filter((w) => w.startsWith(`Could not write the PR comment on #${PR} (HTTP 403`))).toHaveLength(1);
      const logOnly = res.output.split('\n').filter((l) => l.startsWith('Warning: '));
      const allowSaid = [...res.warnings, ...logOnly].filter((w) => w.includes('input "allow"'));
      expect(allowSaid.length).toBeGreaterThan(0);
      expect(new Set(allowSaid.map((w) => w.replace(/^Warning: /, '')))).toEqual(new Set([`input "allow" names ${allow.map((a) => `"${a}"`).join(', ')}: the Kubernetes 1.21 spec has no operationId, API group or group/version of those names; they exempt nothing`]));
    });

    it('reports: the fan-in judges the merged whole, empty when no leg selected anything, invalid when any leg had invalid input', async () => {
      const root = scratchDir('action-fan-in-run-rules');
      const good = readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean);
      const broken = path.join(root, 'broken.log');
      writeFileSync(broken, [...good.slice(0, 2), 'not an audit event', ...good.slice(2)].join('\n') + '\n');
      const leg = async (dir: string, log: string, namespaces: string) => {
        const r = await main({ 'audit-log': log, spec: SPEC, namespaces, conformance: 'none', 'fail-on': 'none', comment: 'false', 'report-dir': path.join(root, dir) });
        expect(r.res.exitCode).toBe(0);
      };
      await leg('nothing/leg-0', AUDIT_LOG, 'no-such-ns');
      await leg('nothing/leg-1', AUDIT_LOG, 'no-such-ns-either');
      const empty = await main({ reports: path.join(root, 'nothing'), 'fail-on': 'empty' });
      expect(empty.res.exitCode).toBe(1);
      expect(empty.res.outputs.verdict).toBe('fail');
      expect(empty.res.errors).toEqual([expect.stringMatching(/^APISnoop verdict: fail, nothing was selected \(fail-on: empty\): none of the \d+ requests read is selected/)]);
      expect(gh.comments.get(PR)![0]!.body).toContain('❌ **The gate failed because nothing was selected** (fail-on **empty**)');
      // The legs' own policy (none), as the fan-in gives no fail-on: the whole passes.
      expect((await main({ reports: path.join(root, 'nothing') })).res.exitCode).toBe(0);

      // One leg selected its requests, the other none. That one read a broken line: the whole had invalid input.
      await leg('mixed/leg-0', AUDIT_LOG, 'no-such-ns');
      await leg('mixed/leg-1', broken, 'default');
      const mixed = await main({ reports: path.join(root, 'mixed'), 'fail-on': 'invalid' });
      expect(mixed.res.exitCode).toBe(1);
      const merged = JSON.parse(readFileSync(mixed.res.outputs['report-path']!, 'utf8')) as Report;
      expect(merged.verdict.runFailures!.map((f) => f.rule)).toEqual(['invalid']);
      const mixedNotices = merged.runNotes!.notices;
      expect(mixed.res.errors).toEqual([`APISnoop verdict: fail, the input was invalid (fail-on: invalid): 1 input line was not usable as an audit event (the first: ${broken}:3: ${merged.invalid[0]!.message})`]);
      // One leg selected nothing: the summed counts hide it (the whole selected some), fail-on empty names it.
      const oneEmpty = await main({ reports: path.join(root, 'mixed'), 'fail-on': 'empty' });
      expect(oneEmpty.res.exitCode).toBe(1);
      expect(oneEmpty.res.errors).toEqual([
        `APISnoop verdict: fail, a merged report selected nothing (fail-on: empty): 1 of the 2 reports merged selected no request (${path.join(root, 'mixed/leg-0/report.json')}, ` +
          `${total} requests read, namespace no-such-ns): the merged verdict judged nothing of its logs`,
      ]);
      // Said as what happened: the other leg's requests were selected.
      expect(gh.comments.get(PR)![0]!.body).toContain('❌ **The gate failed because a merged report selected nothing** (fail-on **empty**)');
      // Said once, as the failure: not again as the notice that the leg selected none, which a fan-in that does not
      // fail on empty gives instead.
      const unselected = (r: { outputs: Record<string, string> }) =>
        (JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8')) as Report).runNotes!.notices.filter((n) => n.includes('selected none of the'));
      expect(unselected(oneEmpty.res)).toEqual([]);
      expect(gh.comments.get(PR)![0]!.body).not.toContain('selected none of the');
      expect(mixedNotices.filter((n) => n.includes('selected none of the'))).toEqual([
        `${path.join(root, 'mixed/leg-0/report.json')} selected none of the ${total} requests it read (namespace no-such-ns): the merged verdict judged nothing of its logs; check that filter`,
      ]);
      // Read back (the comment workflow of fork PRs), the merged report fails again, by its parts.
      const again = await main({ reports: path.dirname(oneEmpty.res.outputs['report-path']!) });
      expect(again.res.errors).toEqual(oneEmpty.res.errors);
    });
  });

  it('reports: the fan-in job of a matrix merges its legs\' reports into one comment, judged by its own fail-on', async () => {
    // Two legs, each analyzing one shard of the sample log (split by auditID) and reporting only; then the whole log.
    const lines = gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz'))).toString('utf8').split('\n').filter(Boolean);
    const root = scratchDir('action-fan-in');
    const shard = (name: string, keep: (id: string) => boolean): string => {
      const file = path.join(root, `${name}.log`);
      writeFileSync(file, lines.filter((l) => keep((JSON.parse(l) as { auditID: string }).auditID)).join('\n') + '\n');
      return file;
    };
    const logs = [shard('a', (id) => id < '8'), shard('b', (id) => id >= '8')];
    const analysis = { 'kubernetes-version': '1.33', namespaces: 'demo', 'service-accounts': 'demo:*', 'user-agents': 'helm', conformance: 'none' };
    for (const [i, log] of logs.entries()) {
      const leg = await main({ ...analysis, 'audit-log': log, 'fail-on': 'none', comment: 'false', 'report-dir': path.join(root, 'artifacts', `leg-${i}`) });
      expect(leg.res.exitCode).toBe(0);
    }
    expect(gh.comments.get(PR) ?? []).toEqual([]);
    const whole = await main({ ...analysis, 'audit-log': logs.join(','), comment: 'false', 'report-dir': path.join(root, 'whole') });
    expect(whole.res.exitCode).toBe(1);

    // Without fail-on, the legs' own policy (none): the whole passes, and the log says by what it was judged.
    const own = await main({ reports: path.join(root, 'artifacts') });
    expect(own.res.exitCode).toBe(0);
    expect(own.res.outputs.verdict).toBe('pass');
    expect(own.res.output).toContain("Judged by the reports' own policy where this step gives none (fail-on: none; allow: none)");
    gh.comments.clear();

    const { res } = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'alpha,beta' });
    expect(h.calls()).toEqual([]);
    expect(res.output).toContain(`Merging 2 reports: ${path.join(root, 'artifacts/leg-0/report.json')}, ${path.join(root, 'artifacts/leg-1/report.json')}`);
    // As if the logs had been analyzed together, judged by this step's fail-on (alpha,beta): the legs passed, the whole fails.
    expect(res.output).toContain("Judged by the reports' own policy where this step gives none (allow: none)");
    const merged = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    const wholeReport = JSON.parse(readFileSync(whole.res.outputs['report-path']!, 'utf8')) as Report;
    // Besides its parts (each leg's own counts, named by its file), as its inputs differ.
    expect(merged.parts!.map((p) => p.name)).toEqual([path.join(root, 'artifacts/leg-0/report.json'), path.join(root, 'artifacts/leg-1/report.json')]);
    // The whole read its logs oldest first (b's first event is the earlier): the same logs, in another order.
    expect(wholeReport.inputs).toEqual([logs[1], logs[0]]);
    expect([...merged.inputIds!].reverse()).toEqual(wholeReport.inputIds);
    expect({ ...merged, inputs: wholeReport.inputs, inputIds: wholeReport.inputIds, parts: undefined }).toEqual(wholeReport);
    expect(res.exitCode).toBe(1);
    expect(res.outputs).toEqual({ ...whole.res.outputs, 'report-path': res.outputs['report-path'], 'comment-url': res.outputs['comment-url'] });
    const comments = gh.comments.get(PR)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('## ❌ APISnoop: fail');
    expect(res.summary).toContain('## ❌ APISnoop: fail');
    expect(uploader.uploads.at(-1)!.files.map((f) => path.basename(f))).toContain('report.json');

    // A leg that failed before the Action ran uploaded nothing: expected-reports (the matrix size) tells.
    const short = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', 'expected-reports': '3' });
    expect(short.res.exitCode).toBe(1);
    const missing = 'expected-reports is 3, but 2 legs were found (2 report.json, 0 without): a leg that uploaded nothing is missing from the merged report';
    expect(short.res.errors).toEqual([missing]);
    expect(gh.comments.get(PR)![0]!.body).toContain('expected-reports is 3, but 2 legs were found');
    const exact = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', 'expected-reports': '2' });
    expect(exact.res.errors).toEqual([]);
    expect(exact.res.warnings).toEqual([]);
    // More than expected: a wrong matrix size or a stray artifact, said, naming both numbers.
    const more = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', 'expected-reports': '1' });
    expect(more.res.exitCode).toBe(0);
    expect(more.res.warnings).toEqual([expect.stringContaining('expected-reports is 1, but 2 legs were found (2 report.json, 0 without)')]);

    // A third leg whose run failed left its page, no report: the whole is not judged on part of it in silence.
    mkdirSync(path.join(root, 'artifacts', 'leg-2'));
    writeFileSync(path.join(root, 'artifacts', 'leg-2', 'report.md'), '## ❌ APISnoop: the run failed\n');
    const partial = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none' });
    expect(partial.res.exitCode).toBe(1);
    const note = `${path.join(root, 'artifacts', 'leg-2')} holds no report.json: that job produced no report, so the merged report lacks it (its report.md says why)`;
    expect(partial.res.errors.join('\n')).toContain(note);
    expect(gh.comments.get(PR)![0]!.body).toContain('holds no report.json');
    // Counted as a leg found: 3 of 4.
    const counted = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', 'expected-reports': '4' });
    expect(counted.res.errors.join('\n')).toContain('expected-reports is 4, but 3 legs were found (2 report.json, 1 without)');

    // A leg's report.json cut short: there is no merged report, and the page says so and why, naming the file; not
    // that nothing was analyzed, as the legs did analyze.
    const cut = path.join(root, 'cut');
    cpSync(path.join(root, 'artifacts', 'leg-0'), path.join(cut, 'leg-0'), { recursive: true });
    mkdirSync(path.join(cut, 'leg-1'), { recursive: true });
    writeFileSync(path.join(cut, 'leg-1', 'report.json'), readFileSync(path.join(root, 'artifacts', 'leg-1', 'report.json')).subarray(0, 5000));
    const broken = await main({ reports: cut, 'fail-on': 'none' });
    expect(broken.res.exitCode).toBe(1);
    expect(broken.res.outputs.verdict).toBe('fail');
    for (const page of [broken.res.summary, gh.comments.get(PR)![0]!.body]) {
      expect(page).toContain('No merged report: the reports could not be merged.');
      expect(page).toContain(`the reports could not be merged: ${path.join(cut, 'leg-1', 'report.json')}: not JSON`);
      expect(page).not.toContain('nothing was analyzed');
    }
    // Every leg failed, one uploaded nothing: no merged report is claimed to lack them.
    const failed = path.join(root, 'all-failed');
    mkdirSync(path.join(failed, 'leg-0'), { recursive: true });
    writeFileSync(path.join(failed, 'leg-0', 'report.md'), '## ❌ APISnoop: the run failed\n\nNo report: nothing was analyzed.\n\n- input "audit-log": audit log /nonexistent.log does not exist\n');
    const none = await main({ reports: failed, 'expected-reports': '2' });
    expect(none.res.exitCode).toBe(1);
    expect(none.res.errors.join('%0A').split('%0A')).toEqual([
      `${path.join(failed, 'leg-0')} holds no report.json: that job produced no report; its page says:`,
      'input "audit-log": audit log /nonexistent.log does not exist',
      'expected-reports is 2, but 1 leg was found (0 report.json, 1 without): a leg that uploaded nothing is missing',
    ]);
    expect(none.res.summary).toContain('No merged report: no leg left a report.json to merge.');
    expect(none.res.summary).not.toContain('merged report lacks');
    expect(none.res.summary).not.toContain('missing from the merged report');
  });

  describe('the comment workflow of fork PRs: reports of the first run\'s artifact, in a workflow_run job', () => {
    /** The first run, in a fork (its token cannot comment); then its artifact as download-artifact leaves it. */
    async function forkRun(fail: string, inputs = chartInputs()): Promise<{ artifact: string; first: RunResult }> {
      gh.forbidWrites = true;
      const { env, res } = await main(inputs, { FAKE_FAIL: fail });
      await post(env, res.state);
      gh.forbidWrites = false;
      const upload = uploader.uploads.at(-1)!;
      const artifact = path.join(h.root, 'downloaded');
      rmSync(artifact, { recursive: true, force: true });
      for (const f of upload.files) cpSync(f, path.join(artifact, path.relative(upload.root, f)), { recursive: true });
      return { artifact, first: res };
    }
    async function commentJob(artifact: string, inputs: Record<string, string> = {}) {
      const event = path.join(h.root, 'workflow-run.json');
      const workflowRun = { id: 7001, html_url: `${RUNS}/7001`, event: 'pull_request', pull_requests: [] };
      writeFileSync(event, JSON.stringify({ action: 'completed', workflow_run: workflowRun }));
      const pr = String((JSON.parse(readFileSync(path.join(artifact, 'pull-request.json'), 'utf8')) as { number: number }).number);
      h.clearCalls();
      return main({ reports: artifact, 'pr-number': pr, 'upload-artifact': 'false', ...inputs }, { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event, GITHUB_RUN_ID: '7002' });
    }

    it('comments what the first run would have: its title, least privilege, and its notes (a failed install fails it again)', async () => {
      const { artifact, first } = await forkRun('helm:install');
      expect(first.errors).toEqual(['helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: context deadline exceeded. The release was not ready within helm-timeout (5m).']);
      const { res } = await commentJob(artifact);
      expect(h.calls()).toEqual([]);
      expect(res.errors).toEqual(['helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: context deadline exceeded. The release was not ready within helm-timeout (5m).']);
      const body = withoutWrittenBy(gh.comments.get(PR)![0]!.body);
      // The first run's page, as its job summary shows it, but for the link: to the first run (whose artifact the
      // comment job read; it uploads nothing, and its own run has no artifact).
      expect(body.trimEnd()).toBe(`${MARKER}\n\n${first.summary.replace(`${RUNS}/7001/artifacts/9001`, `${RUNS}/7001`)}`.trimEnd());
      expect(body).toContain('## ⚠️ APISnoop: sample: pass on the requests seen, but the run failed');
      expect(body).toContain('helm install failed');
      expect(body).toContain('The chart tests were skipped because the install failed.');
      expect(body).toContain('<summary>Least privilege (default:sample): ');
      expect(res.outputs.verdict).toBe('pass');
    });

    it.each([
      ['fail-on: none', { 'fail-on': 'none' }, 'fail'],
      ['allow', { allow: 'admissionregistration.k8s.io/v1beta1,storage.k8s.io' }, 'pass'],
    ])("is judged by the first run's own policy (%s), not by a default the comment job never chose", async (_, policy, strictVerdict) => {
      // The project's demo log holds beta requests: alpha,beta would fail it.
      const log = path.join(h.root, 'sample.log');
      writeFileSync(log, gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz'))));
      const analysis = { 'audit-log': log, 'kubernetes-version': '1.33', namespaces: 'demo', 'service-accounts': 'demo:*', 'user-agents': 'helm', conformance: 'none' };
      const { artifact, first } = await forkRun('', { ...analysis, ...policy });
      expect(first.outputs.verdict).toBe('pass');
      const { res } = await commentJob(artifact);
      expect(res.errors).toEqual([]);
      expect(res.outputs.verdict).toBe('pass');
      expect(gh.comments.get(PR)![0]!.body).toContain('## ✅ APISnoop: pass');
      // Given, fail-on judges it again (with the first run's allow, which no allow given keeps).
      const strict = await commentJob(artifact, { 'fail-on': 'alpha,beta' });
      expect(strict.res.outputs.verdict).toBe(strictVerdict);
      if (strictVerdict === 'fail') expect(strict.res.errors.join('\n')).toContain('APISnoop verdict: fail, 3 operation(s) break the policy (fail-on: alpha, beta)');
    });

    it('a first run that failed on an input: its artifact holds the failure page, which replaces an earlier comment', async () => {
      // charts/ exists in the workspace, so charts/sampel is a path with a typo, refused before anything runs.
      mkdirSync(path.join(h.workspace, 'charts'));
      const { artifact, first } = await forkRun('', chartInputs({ chart: 'charts/sampel' }));
      expect(first.errors).toEqual([expect.stringContaining('input "chart": chart directory')]);
      expect(readdirSync(artifact).sort()).toEqual(['pull-request.json', 'report.md']);
      seedPass();
      const { res } = await commentJob(artifact);
      expect(res.exitCode).toBe(1);
      const body = gh.comments.get(PR)![0]!.body;
      expect(body).toContain('## ❌ APISnoop: sample: the run failed');
      expect(body).toContain('- input "chart": chart directory');
      expect(body).not.toContain(': pass');
      expect(res.outputs.verdict).toBe('fail');
    });

    it('a first run without a report: the comment says it failed and why, in place of an earlier one', async () => {
      const { artifact } = await forkRun('kind:create,docker:cp');
      expect(readdirSync(artifact).sort()).toEqual(['pull-request.json', 'report.md']);
      seedPass();
      const { res } = await commentJob(artifact);
      expect(res.exitCode).toBe(1);
      const comments = gh.comments.get(PR)!;
      expect(comments).toHaveLength(1);
      const body = comments[0]!.body;
      expect(body).toContain('## ❌ APISnoop: sample: the run failed');
      expect(body).not.toContain(': pass');
      // Its notes, one a line, as the first run's page had them.
      const lines = body.split('\n').filter((l) => l.startsWith('- '));
      expect(lines[0]).toBe(`- ${mdEscape(artifact)} holds no report.json: that job produced no report; its page says:`);
      expect(lines[1]).toBe(
        '- kind create cluster failed \\(kind exited with code 1\\): ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged kind-control-plane kubeadm init" failed with error: exit status 1',
      );
      expect(lines[2]).toContain('could not copy the audit log');
      // Its log is the first run's.
      expect(body).toContain(`See [the run](${RUNS}/7001) for its log.`);
      expect(res.errors.join('\n')).toContain('kind create cluster failed (kind exited with code 1)');
      expect(res.outputs.verdict).toBe('fail');
    });
  });

  it('a broken policy fails the step, naming the operations, in the comment, summary and outputs', async () => {
    // The public fixtures hold no request to a beta API, so this uses the project's own demo log (data/, made up by
    // scripts/make-sample.ts). Its beta requests, counted from the log: one create of each ValidatingAdmissionPolicy
    // kind by helm, and the operator's lists of VolumeAttributesClasses.
    const log = path.join(repoRoot, 'data/sample-audit.log.gz');
    const betaHits = new Set<string>();
    for (const line of gunzipSync(readFileSync(log)).toString('utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { auditID: string; requestURI: string };
      if (/^\/apis\/[a-z.]+\.k8s\.io\/v1beta1\/[a-z]/.test(e.requestURI)) betaHits.add(e.auditID);
    }
    const { res } = await main({
      'audit-log': log,
      'kubernetes-version': '1.33',
      namespaces: 'demo',
      'service-accounts': 'demo:*',
      'user-agents': 'helm',
      conformance: 'none',
    });
    expect(res.exitCode).toBe(1);
    expect(res.outputs).toMatchObject({ verdict: 'fail', 'beta-count': '3', 'alpha-count': '0' });
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.verdict.violations.map((v) => [v.operationId, v.rule]).sort()).toEqual([
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', 'beta'],
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding', 'beta'],
      ['listStorageV1beta1VolumeAttributesClass', 'beta'],
    ]);
    expect(report.verdict.violations.reduce((n, v) => n + v.hits, 0)).toBe(betaHits.size);
    const error = res.errors.join('\n');
    expect(error).toContain('APISnoop verdict: fail, 3 operation(s) break the policy (fail-on: alpha, beta)');
    expect(error).toContain('beta: GET /apis/storage.k8s.io/v1beta1/volumeattributesclasses (listStorageV1beta1VolumeAttributesClass, 4 hits)');
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('## ❌ APISnoop: fail');
    expect(body).toContain('listStorageV1beta1VolumeAttributesClass');
    expect(res.summary).toContain('## ❌ APISnoop: fail');
    // Each violation's reasons whole, its replacement among them.
    for (const v of report.verdict.violations) expect(body).toContain(` | ${mdEscape(v.why, 1000)} | `);
    // Longer than a cell's usual cut, where the replacement was lost.
    expect(report.verdict.violations.find((v) => v.operationId === 'createAdmissionregistrationV1beta1ValidatingAdmissionPolicy')!.why).toMatch(/^removed in Kubernetes 1\.34; use admissionregistration\.k8s\.io\/v1; .{100,}/);
    // What to change, said under the failed rules and in the step's error: the allow input that keeps them on purpose.
    const allow = 'admissionregistration.k8s.io/v1beta1, storage.k8s.io/v1beta1';
    expect(body).toContain(`or keep them on purpose with the step's input \`allow: ${allow}\`.`);
    expect(res.summary).toContain(`\`allow: ${allow}\``);
    expect(readFileSync(path.join(path.dirname(res.outputs['report-path']!), 'report.md'), 'utf8')).toContain(`\`allow: ${allow}\``);
    expect(error).toContain(`to pass: move off these APIs, or keep them on purpose with the input allow: ${allow}`);
    // Given as said, it passes.
    const allowed = await main({ 'audit-log': log, 'kubernetes-version': '1.33', namespaces: 'demo', 'service-accounts': 'demo:*', 'user-agents': 'helm', conformance: 'none', allow });
    expect(allowed.res.errors).toEqual([]);
    expect(allowed.res.outputs.verdict).toBe('pass');
  });

  it("the step's error names first the violations the page lists first: the earliest removal, then the most used, not the first by path", async () => {
    // hkerma's kubeadm cluster, system components included, against 1.28: ten beta operations break alpha,beta, more
    // than the error names (five), each removed in a release of its own (1.25, 1.27, 1.29).
    const log = path.join(h.workspace, 'hkerma.log');
    writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
    const { res } = await main({ 'audit-log': log, 'kubernetes-version': '1.28', 'include-system': 'true', users: '*', conformance: 'none' });
    expect(res.exitCode).toBe(1);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    const violations = report.verdict.violations;
    expect(violations.length).toBeGreaterThan(5);
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(['beta']));
    const lines = res.errors[0]!.split('%0A');
    const named = lines.flatMap((l) => /^ {2}beta: [A-Z]+ \S+ \((\w+), \d+ hits?\)$/.exec(l)?.[1] ?? []);
    // What is gone first (PodSecurityPolicy by 1.25, already on this release) then the most used, as the comment's
    // violations table opens: the rule broken (beta) is the same for all.
    const removedIn = new Map(violations.map((v) => [v.operationId, Number(report.operations.find((o) => o.operationId === v.operationId)!.removedIn!.split('.')[1])]));
    const urgent = [...violations].sort((a, b) => removedIn.get(a.operationId)! - removedIn.get(b.operationId)! || b.hits - a.hits || a.operationId.localeCompare(b.operationId));
    expect(new Set(removedIn.values())).toEqual(new Set([25, 27, 29]));
    expect(named).toEqual(urgent.slice(0, 5).map((v) => v.operationId));
    expect(named[0]).toBe('listPolicyV1beta1PodSecurityPolicy');
    const rows = tables(gh.comments.get(PR)![0]!.body).find((t) => t.header[3] === 'why')!.rows;
    expect(rows.slice(0, 5).map((r) => /^`(\w+)`/.exec(r[0]!)![1])).toEqual(named);
    expect(lines).toContain(`  … and ${violations.length - 5} more (see the report)`);
  });

  it('a bad input fails the step naming the input, before any tool runs, and replaces the earlier comment', async () => {
    seedPass();
    const { res } = await main(chartInputs({ 'fail-on': 'alpha,gamma' }));
    const message = 'input "fail-on": unknown rule "gamma" (use alpha, beta, deprecated, removed, empty, invalid, or none)';
    expect(res.errors).toEqual([message]);
    expectFailurePage(res, message);
    expect(h.calls()).toEqual([]);
    // The page goes into the artifact too, as for any run without a report (the comment workflow of fork PRs reads it).
    const upload = uploader.uploads.at(-1)!;
    expect(upload).toMatchObject({ name: 'apisnoop-report', root: path.join(h.root, 'runner-temp/apisnoop') });
    expect(upload.files.map((f) => path.relative(upload.root, f))).toEqual(['report.md', 'pull-request.json']);
    expect(readFileSync(upload.files[0]!, 'utf8').trimEnd()).toBe(res.summary.trimEnd());
    expectNoTokenLeak(h, res);
  });

  it('an input name action.yml does not declare (fail_on for fail-on) fails the step naming it and the input meant, before any tool runs', async () => {
    seedPass();
    // The runner hands a with: key it does not know on as INPUT_<KEY>, upper-cased, with only a warning of its own: the
    // gate ran at its default policy and passed.
    const { res } = await main(chartInputs(), { INPUT_FAIL_ON: 'alpha,beta,deprecated', INPUT_RBACFAILON: 'overprivileged', INPUT_TIMEOUT: '10m' });
    const message =
      'input "fail_on": APISnoop has no such input (did you mean "fail-on"?); input "rbacfailon": APISnoop has no such input (did you mean "rbac-fail-on"?); ' +
      'input "timeout": APISnoop has no such input. The runner only warns of an input action.yml does not declare, which would be ignored: ' +
      'the step fails instead (the inputs are listed in action.yml)';
    expect(res.errors).toEqual([message]);
    expectFailurePage(res, 'APISnoop has no such input (did you mean "fail-on"?)');
    expect(h.calls()).toEqual([]);
    // The inputs as action.yml declares them run as before.
    const good = await main(chartInputs({ 'fail-on': 'alpha,beta,deprecated' }));
    expect(good.res.errors).toEqual([]);
    // One meant for comment-key: the comment the step was meant for is not the default's, maybe another job's, so the
    // default's is left alone; the job summary and the outputs say it.
    const before = gh.comments.get(PR)![0]!.body;
    const key = await main(chartInputs(), { INPUT_COMMENT_KEY: 'leg-a' });
    expect(key.res.errors).toEqual([expect.stringContaining('input "comment_key": APISnoop has no such input (did you mean "comment-key"?)')]);
    expect(gh.comments.get(PR)!.map((c) => c.body)).toEqual([before]);
    expect(key.res.summary).toContain('did you mean "comment-key"?');
    expect(key.res.outputs.verdict).toBe('fail');
  });

  it.each([
    [{ chart: 'mychart' }, 'input "chart": "mychart" is no directory of the workspace'],
    [{ chart: 'dist/x.tgz' }, 'input "chart": chart archive '],
    [{ values: 'charts' }, 'input "values": values file '],
  ])('a chart or values input helm would fail on (%j) fails before any tool runs, no cluster made', async (given, said) => {
    mkdirSync(path.join(h.workspace, 'charts'));
    mkdirSync(path.join(h.workspace, 'dist'));
    const { res } = await main(chartInputs(given));
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([expect.stringContaining(said)]);
    expect(h.calls()).toEqual([]);
    expect(h.clusters()).toEqual([]);
    expect(res.outputs.verdict).toBe('fail');
  });

  it.each([
    [{ 'next-releases': '1.34,1.99' }, 'input "next-releases": Kubernetes 1.99 is not shipped with apisnoop'],
    [{ conformance: '1.99' }, 'input "conformance": '],
  ])('a release %j names that cannot be had fails before any cluster is made (offline here, as a typo is anywhere)', async (given, said) => {
    const { res } = await main(chartInputs(given));
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([expect.stringContaining(said)]);
    expect(res.errors[0]).toContain('1.99');
    expect(h.calls()).toEqual([]);
    expect(h.clusters()).toEqual([]);
    expect(res.outputs.verdict).toBe('fail');
    // The shipped ones are at hand and fetch nothing: the same inputs with them run the cluster.
    const good = await main(chartInputs({ 'next-releases': '1.34,1.36', conformance: '1.33' }));
    expect(good.res.exitCode, good.res.errors.join('\n')).toBe(0);
    expect(h.calls().some((c) => c.tool === 'kind')).toBe(true);
  });

  it('next-releases naming releases not after the spec\'s: said not checked, not fetched first (1.21, not shipped whole, failed the run offline)', async () => {
    const { res } = await main({ 'audit-log': AUDIT_LOG, namespace: 'default', 'kubernetes-version': '1.33', 'next-releases': '1.21,v1.29.2,1.34', conformance: 'none', 'fail-on': 'none' });
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.specs.map((s) => s.kubernetesVersion)).toEqual(['1.33', '1.34']);
    expect(res.warnings.filter((w) => w.includes('so not checked'))).toEqual([
      expect.stringContaining('input "next-releases" names 1.21: Kubernetes 1.21 is not later than the spec\'s 1.33, so not checked'),
      expect.stringContaining('input "next-releases" names v1.29.2: Kubernetes 1.29 is not later than the spec\'s 1.33, so not checked'),
    ]);
    // A full kubernetes-version, and a spec input (its own release, 1.21 here), are read as their minor too.
    const full = await main({ 'audit-log': AUDIT_LOG, namespace: 'default', 'kubernetes-version': 'v1.33.1', 'next-releases': '1.21', conformance: 'none', 'fail-on': 'none' });
    expect(full.res.exitCode, full.res.errors.join('\n')).toBe(0);
    const spec = path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz');
    const given = await main({ 'audit-log': AUDIT_LOG, spec, namespace: 'default', 'next-releases': '1.13,v1.20.4', conformance: 'none', 'fail-on': 'none' });
    expect(given.res.exitCode, given.res.errors.join('\n')).toBe(0);
    expect(given.res.warnings.filter((w) => w.includes('so not checked'))).toHaveLength(2);
    // On a cluster, the node image's release is the cluster's: 1.21 and 1.35 are not after v1.35.0's; 1.99 cannot be had.
    const image = await main(chartInputs({ 'node-image': 'kindest/node:v1.35.0', 'next-releases': '1.21,1.35,1.99' }));
    expect(image.res.errors).toEqual([expect.stringContaining('input "next-releases": Kubernetes 1.99 is not shipped with apisnoop')]);
    expect(h.clusters()).toEqual([]);
  });

  it('a bad artifact-name or report-dir: the failure page is uploaded under their defaults, the others as given', async () => {
    const file = path.join(h.workspace, 'not-a-dir');
    writeFileSync(file, '');
    const { res } = await main(chartInputs({ 'artifact-name': 'a/b', 'report-dir': path.join(file, 'sub'), 'cluster-name': 'op' }));
    expect(res.errors).toEqual([expect.stringContaining('input "artifact-name": "a/b"')]);
    expect(uploader.uploads.at(-1)).toMatchObject({ name: 'apisnoop-report-op', root: path.join(h.root, 'runner-temp/apisnoop-op') });
    const given = await main(chartInputs({ 'artifact-name': 'mine', 'report-dir': 'out', 'fail-on': 'gamma' }));
    expect(given.res.errors).toEqual([expect.stringContaining('input "fail-on"')]);
    expect(uploader.uploads.at(-1)).toMatchObject({ name: 'mine', root: path.join(h.workspace, 'out') });
    // upload-artifact false is kept: the page is only written.
    const kept = await main(chartInputs({ 'upload-artifact': 'false', 'fail-on': 'gamma', 'report-dir': 'kept' }));
    expect(kept.res.exitCode).toBe(1);
    expect(uploader.uploads).toHaveLength(2);
    expect(readFileSync(path.join(h.workspace, 'kept/report.md'), 'utf8')).toContain('input "fail-on"');
  });

  it('a cluster input given with audit-log fails the step naming it, on a page named after the app the namespace says', async () => {
    seedPass();
    const { res } = await main({ 'audit-log': AUDIT_LOG, namespace: 'shop', 'node-image': 'kindest/node:v1.30.0', conformance: 'none' });
    const message = 'input "node-image": sets up the kind cluster the Action makes: not used with "audit-log"';
    expect(res.errors).toEqual([message]);
    expectFailurePage(res, message, 'APISnoop: shop');
    expect(h.calls()).toEqual([]);
  });

  it('a report-dir that names a file is refused as that input: page, outputs, comment, artifact', async () => {
    seedPass();
    const file = path.join(h.workspace, 'report-file');
    writeFileSync(file, '');
    const { res } = await main({ 'audit-log': AUDIT_LOG, namespaces: 'default', conformance: 'none', 'report-dir': file });
    expect(res.errors).toEqual([`input "report-dir": ${file} is a file, not a directory`]);
    expectFailurePage(res, 'input "report-dir"', 'APISnoop');
    // The artifact, from the default report directory: the one given cannot hold it.
    const upload = uploader.uploads.at(-1)!;
    expect(upload.root).toBe(path.join(h.root, 'runner-temp/apisnoop'));
    expect(upload.files.map((f) => path.relative(upload.root, f))).toEqual(['report.md', 'pull-request.json']);
    expectNoTokenLeak(h, res);
  });

  it('an error after the report is out (the job summary cannot be written) fails the step and leaves the report standing', async () => {
    const dirAsSummary = mkdtempSync(path.join(h.root, 'summary-dir-'));
    const { res } = await main({ 'audit-log': AUDIT_LOG, namespaces: 'default', conformance: 'none', 'report-dir': 'late' }, { GITHUB_STEP_SUMMARY: dirAsSummary });
    expect(res.exitCode).toBe(1);
    // The report's outputs, comment and files, not the failure page over them.
    expect(res.outputs['report-path']).toBe(path.join(h.workspace, 'late/report.json'));
    expect(res.outputs.verdict).toMatch(/^(pass|fail)$/);
    expect(gh.comments.get(PR)!.at(-1)!.body).not.toContain('the run failed');
    expect(readFileSync(path.join(h.workspace, 'late/report.md'), 'utf8')).not.toContain('the run failed');
    expect(uploader.uploads.filter((u) => u.root === path.join(h.workspace, 'late'))).toHaveLength(1);
  });

  it.each([
    ['comment-key', 'a/b'],
    ['pr-number', 'x'],
    ['comment', 'maybe'],
  ])('a bad %s: no comment (it could be another job\'s), but the step, the summary and the outputs say it', async (input, value) => {
    const earlier = seedPass();
    const { res } = await main(chartInputs({ [input]: value }));
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([expect.stringContaining(`input "${input}": "${value}"`)]);
    expect(gh.comments.get(PR)).toEqual([earlier]);
    expect(gh.requests).toEqual([]);
    expect(res.summary).toContain('## ❌ APISnoop: sample: the run failed');
    expect(res.summary).toContain(`input "${input}"`);
    expect(res.outputs).toMatchObject({ verdict: 'fail', 'comment-url': '' });
    expectNoTokenLeak(h, res);
  });

  it('without ACTIONS_RUNTIME_TOKEN the artifact upload is skipped with a warning, not a crash', async () => {
    const env = h.env({ 'audit-log': AUDIT_LOG, spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'), conformance: 'none' });
    delete env.ACTIONS_RUNTIME_TOKEN;
    const res = await h.inProcess(env, () => run());
    expect(res.exitCode).toBe(0);
    expect(res.warnings.some((w) => w.includes('ACTIONS_RUNTIME_TOKEN'))).toBe(true);
    expect(gh.comments.get(PR)![0]!.body).toContain('https://github.com/apisnoop-e2e/sample-operator/actions/runs/7001');
  });
  // Least privilege: examples/overgranted-chart grants its service account ns1:sa1 (the one of audit2rbac's demo log,
  // which the fake docker hands back) far more than it uses; its README lists the over-grants, riskiest first.
  const OVERGRANTED = path.join(repoRoot, 'examples/overgranted-chart');
  const overgrantedInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    chart: OVERGRANTED,
    release: 'overgranted',
    namespace: 'ns1',
    conformance: CONFORMANCE,
    ...extra,
  });
  const readmeRisks = (): string[] =>
    [...readFileSync(path.join(OVERGRANTED, 'README.md'), 'utf8').matchAll(/^\| \d+ \| ([a-z-]+) \|/gm)].map((m) => m[1]!);
  /** The 403s of ns1:sa1 in the log, counted from the log itself. */
  const sa1Denied = (): number => rawRequests(AUDIT_LOG, 'system:serviceaccount:ns1:sa1').filter((r) => r.code === 403).length;

  it('least privilege by default: the RBAC the chart installed against what its workload\'s service account called, in the comment and the summary', async () => {
    const { env, res } = await main(overgrantedInputs());
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);

    // The manifest of the release, read after the log was copied, is what `helm template` prints for the chart.
    const calls = h.calls();
    expect(calls.map(step).slice(-3)).toEqual(['docker cp apisnoop-control-plane:/var/log/kubernetes/audit/.', 'kubectl get --raw', 'helm get manifest']);
    expect(calls.at(-1)!.argv.slice(0, 5)).toEqual(['get', 'manifest', 'overgranted', '--namespace', 'ns1']);
    const manifestFile = path.join(uploader.uploads[0]!.root, 'rbac/helm-manifest.yaml');
    expect(uploader.uploads[0]!.files).toContain(manifestFile);
    // As helm printed it, line for line, but the Deployment: one line of what least privilege reads of it.
    const printed = helmTemplate().split('\n');
    const uploadedLines = readFileSync(manifestFile, 'utf8').split('\n');
    expect(uploadedLines).toHaveLength(printed.length);
    const deploymentAt = printed.indexOf('# Source: overgranted/templates/deployment.yaml');
    const deploymentEnd = printed.indexOf('---', deploymentAt);
    expect(uploadedLines.filter((l, i) => l !== printed[i]).length).toBe(deploymentEnd - deploymentAt - 1);
    expect(uploadedLines.findIndex((l, i) => l !== printed[i])).toBe(deploymentAt + 1);
    expect(uploadedLines[deploymentAt + 1]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"overgranted"},"spec":{"template":{"spec":{"serviceAccountName":"sa1"}}}} # cut by APISnoop to what least privilege reads',
    );

    // The identity: the service account the chart's Deployment runs as.
    const deployment = load(readFileSync(path.join(OVERGRANTED, 'templates/deployment.yaml'), 'utf8')) as { spec: { template: { spec: { serviceAccountName: string } } } };
    const sa = `ns1:${deployment.spec.template.spec.serviceAccountName}`;
    expect(res.output).toContain(`Service accounts checked: ${sa}: what the chart's workloads run as (Deployment overgranted)`);

    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.rbac).toHaveLength(1);
    const c = report.rbac![0]!;
    expect(c.identity.username).toBe(`system:serviceaccount:${sa}`);
    expect(c.granted!.overGrants.map((o) => o.risk)).toEqual(readmeRisks());
    expect(c.requests.denied).toBe(sa1Denied());
    expect(c.verdict).toBeNull();
    // Wildcards expanded against the spec the cluster served.
    expect(c.granted!.spec.kubernetesVersion).toBe('1.21');

    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('## ✅ APISnoop: overgranted: pass');
    expect(body).toContain(`<details>\n<summary>Least privilege (${sa}): ${readmeRisks().length} over-grants (riskiest: wildcard) · ${sa1Denied()} denied</summary>`);
    // Right after the verdict, before the level counts.
    expect(body.indexOf('Least privilege (')).toBeLessThan(body.indexOf('| level'));
    const over = tables(body).find((t) => t.header.join() === 'risk,granted by,rule as written,never used')!;
    expect(over.rows.map((r) => r[0])).toEqual(readmeRisks());
    // Each over-grant points at its template and line in the release manifest (the artifact holds it).
    const manifestLines = readFileSync(manifestFile, 'utf8').split('\n');
    for (const row of over.rows) {
      // The line is the manifest's, then the template it came from: rbac/helm-manifest.yaml:12 (overgranted/templates/x.yaml).
      const [, file, line, template] = /`([^`]+):(\d+) \((overgranted\/templates\/[a-z-]+\.yaml)\)`/.exec(row[1])!;
      expect(path.basename(file)).toBe(path.basename(manifestFile));
      expect(manifestLines[Number(line) - 1]).toMatch(/^(apiVersion|kind): /);
      expect(manifestLines.slice(0, Number(line)).reverse().find((l) => l.startsWith('# Source: '))).toBe(`# Source: ${template}`);
    }
    expect(body).toContain('<summary>The RBAC it needs: 1 rule, 0 namespaced Roles, as YAML</summary>\n\n```yaml\n');
    expect(res.summary).toContain(`<summary>Least privilege (${sa}): ${readmeRisks().length} over-grants`);
    expect(res.outputs.verdict).toBe('pass');
    expectNoTokenLeak(h, res);
    await post(env, res.state);
    expect(h.clusters()).toEqual([]);
  });

  it("what a chart renders from a workflow's secrets never reaches the artifact: only what least privilege reads of the manifest is uploaded", async () => {
    // The overgranted chart given `set: apiToken=${{ secrets.X }}`, and putting it where charts put such values: a
    // ConfigMap, its Deployment's env, a Secret (stringData, and base64 data in JSON form); and a List holding RBAC
    // beside a Secret.
    const API_TOKEN = 'api-token-from-a-workflow-secret-7f3e';
    const chart = path.join(scratchDir('action-secret-chart'), 'overgranted');
    cpSync(OVERGRANTED, chart, { recursive: true });
    writeFileSync(path.join(chart, 'templates/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: overgranted-config\ndata:\n  token: {{ .Values.apiToken | quote }}\n');
    const deployment = readFileSync(path.join(chart, 'templates/deployment.yaml'), 'utf8');
    expect(deployment).toMatch(/image: .*\n$/);
    writeFileSync(path.join(chart, 'templates/deployment.yaml'), `${deployment}          env:\n            - name: API_TOKEN\n              value: {{ .Values.apiToken | quote }}\n`);
    writeFileSync(
      path.join(chart, 'templates/secret.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: ns1\ntype: Opaque\nstringData:\n  token: {{ .Values.apiToken | quote }}\n' +
        '---\n{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "json-creds"}, "data": {"password": "UEFTU1dPUkQtVkFMVUU="}}\n',
    );
    writeFileSync(
      path.join(chart, 'templates/list.yaml'),
      'apiVersion: v1\nkind: List\nitems:\n' +
        '- apiVersion: rbac.authorization.k8s.io/v1\n  kind: Role\n  metadata: {name: from-list, namespace: ns1}\n  rules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n' +
        '- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {name: from-list, namespace: ns1}\n  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: from-list}\n' +
        '  subjects:\n  - {kind: ServiceAccount, name: sa1, namespace: ns1}\n' +
        '- apiVersion: v1\n  kind: Secret\n  metadata: {name: listed}\n  stringData: {key: LIST-VALUE}\n',
    );
    const plain = await main(overgrantedInputs());
    await post(plain.env, plain.res.state);
    const plainRbac = (JSON.parse(readFileSync(plain.res.outputs['report-path']!, 'utf8')) as Report).rbac!;
    const { env, res } = await main(overgrantedInputs({ chart, set: `apiToken=${API_TOKEN}` }));
    expect(res.errors).toEqual([]);

    // What helm printed held the value three times (the fake renders --set as helm does).
    const kubeconfig = path.join(scratchDir('action-secret-kubeconfig'), 'kubeconfig');
    writeFileSync(kubeconfig, 'current-context: kind-apisnoop\n');
    const printed = execFileSync(path.join(repoRoot, 'test/fakes/helm'), ['get', 'manifest', 'overgranted', '--namespace', 'ns1', '--kubeconfig', kubeconfig], {
      env: { PATH: env.PATH, FAKE_NODE: env.FAKE_NODE, FAKE_LOG: env.FAKE_LOG, FAKE_STATE_DIR: env.FAKE_STATE_DIR },
      encoding: 'utf8',
    });
    expect(printed.split(API_TOKEN)).toHaveLength(4);

    const root = uploader.uploads.at(-1)!.root;
    const manifestFile = path.join(root, 'rbac/helm-manifest.yaml');
    expect(uploader.uploads.at(-1)!.files).toContain(manifestFile);
    const uploaded = readFileSync(manifestFile, 'utf8');
    for (const secret of [API_TOKEN, 'UEFTU1dPUkQtVkFMVUU=', 'LIST-VALUE']) expect(uploaded).not.toContain(secret);
    // Nothing under the report directory holds it either (a workflow may upload the directory itself).
    for (const f of readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(path.join(f.parentPath, f.name), 'utf8'), f.name).not.toContain(API_TOKEN);
    }
    expect(res.output).toContain('only what least privilege reads is uploaded (12 RBAC objects; 4 other documents left out)');
    // Line for line with what helm printed: the RBAC objects and the ServiceAccount as printed, the rest named.
    const lines = uploaded.split('\n');
    expect(lines).toHaveLength(printed.split('\n').length);
    expect(lines).toContain('# ConfigMap overgranted-config: left out by APISnoop (least privilege does not read it)');
    expect(lines).toContain('# Secret creds: left out by APISnoop (least privilege does not read it)');
    expect(lines).toContain('# Secret json-creds: left out by APISnoop (least privilege does not read it)');
    // The List cut to its RBAC items, each on the line helm printed it on: the lines the report names hold there.
    const printedLines = printed.split('\n');
    const role = lines.findIndex((l) => l.startsWith('{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"from-list"'));
    const binding = lines.findIndex((l) => l.startsWith('{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"from-list"'));
    expect(printedLines.slice(role, role + 2)).toEqual(['- apiVersion: rbac.authorization.k8s.io/v1', '  kind: Role']);
    expect(printedLines.slice(binding, binding + 2)).toEqual(['- apiVersion: rbac.authorization.k8s.io/v1', '  kind: RoleBinding']);
    expect(lines.slice(0, role).findLast((l) => l !== '')).toBe('{"apiVersion":"v1","kind":"List","items":[');
    expect(lines[binding]).toMatch(/\]\} # cut by APISnoop to what least privilege reads \(Secret listed left out\)$/);
    const rbacDocs = printed.split('\n---\n').filter((d) => /^(kind: (ServiceAccount|Role|ClusterRole|RoleBinding|ClusterRoleBinding)|apiVersion: rbac)/m.test(d) && !d.includes('kind: List'));
    expect(rbacDocs).toHaveLength(11);
    for (const doc of rbacDocs) expect(uploaded).toContain(doc);

    // Least privilege read the manifest as helm printed it: the chart's RBAC, and the Role from the List too.
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    const rbac = report.rbac!;
    const grants = (cs: typeof rbac, keep: (o: unknown) => boolean = () => true): unknown =>
      cs.map((c) => c.granted!.overGrants.filter(keep).map((o) => [o.risk, o.why, o.rules]));
    const fromList = (o: unknown): boolean => JSON.stringify(o).includes('from-list');
    expect(grants(rbac, (o) => !fromList(o))).toEqual(grants(plainRbac));
    expect(grants(rbac, fromList)).not.toEqual([[]]);
    // `apisnoop rbac` on the artifact alone (its log, spec and manifest) finds what the Action found.
    const at = (f: string): string => path.join(root, f);
    const cli = await runCli([
      'rbac', at('audit/kube-apiserver-audit.log'), '--serviceaccount', 'ns1:sa1', '--granted', manifestFile,
      '--release-namespace', 'ns1', '--spec', at('openapi-v2.json'), '--format', 'json', '-q',
    ]);
    expect(cli.stderr).toBe('');
    // (The report names the manifest inside the artifact; the CLI, as it was given.)
    const offline = JSON.parse(JSON.stringify(parseStdout<RbacComparison>(cli).granted).replaceAll(`${root}/`, '')) as unknown;
    expect(offline).toEqual(rbac[0]!.granted);
    expectNoTokenLeak(h, res);
    await post(env, res.state);
  });

  it('roles the release binds but does not ship (view, a Role made before it) are read from the cluster, and judged', async () => {
    const chart = path.join(scratchDir('action-bound-roles-chart'), 'overgranted');
    cpSync(OVERGRANTED, chart, { recursive: true });
    const bind = (kind: string, name: string, roleKind: string, role: string): string =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\n` +
      'subjects:\n- kind: ServiceAccount\n  name: sa1\n  namespace: ns1\n';
    writeFileSync(
      path.join(chart, 'templates', 'bindings-unshipped.yaml'),
      [bind('ClusterRoleBinding', 'sa1-view', 'ClusterRole', 'view'), bind('RoleBinding', 'sa1-premade', 'Role', 'premade'), bind('RoleBinding', 'sa1-ghost', 'Role', 'ghost')].join('---\n'),
    );
    // What the cluster serves: view as the aggregation controller filled it, and a Role made before the install.
    const served = path.join(scratchDir('action-bound-roles'), 'cluster-roles.yaml');
    writeFileSync(
      served,
      'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac.authorization.k8s.io/aggregate-to-view: "true"\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n' +
        'metadata:\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n    rbac.authorization.k8s.io/aggregate-to-edit: "true"\n  name: view\n  resourceVersion: "345"\n' +
        'rules:\n- apiGroups: [""]\n  resources: [configmaps, pods, services]\n  verbs: [get, list, watch]\n---\n' +
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: premade\n  namespace: ns1\n  resourceVersion: "512"\nrules:\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get]\n',
    );
    const { env, res } = await main(overgrantedInputs({ chart }), { FAKE_CLUSTER_ROLES: served });
    expect(res.errors).toEqual([]);
    // Read after the manifest, so after the log was copied: kubectl's reads are not the app's.
    const calls = h.calls().map((c) => `${c.tool} ${c.argv.slice(0, 4).join(' ')}`);
    expect(calls.slice(-4)).toEqual(['helm get manifest overgranted --namespace', 'kubectl get clusterrole view --output', 'kubectl get role ghost --namespace', 'kubectl get role premade --namespace']);
    expect(res.output).toContain('Role ns1/ghost, bound by the release, could not be read from the cluster (kubectl exited with code 1)');
    const upload = uploader.uploads.at(-1)!;
    expect(upload.files.map((f) => path.relative(upload.root, f))).toContain('rbac/cluster-roles.yaml');

    const c = (JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report).rbac![0]!;
    expect(c.granted!.sources).toEqual(['rbac/helm-manifest.yaml', 'rbac/cluster-roles.yaml']);
    // view and premade are judged (their unused rules are over-grants); only the Role the cluster lacks stays unknown.
    expect(c.granted!.unresolved.map((u) => u.roleRef.name)).toEqual(['ghost']);
    const overOf = (name: string): unknown[] => c.granted!.overGrants.filter((o) => o.role.name === name).map((o) => [o.role.kind, o.rule.resources]);
    expect(overOf('view')).toEqual([['ClusterRole', ['configmaps', 'pods', 'services']]]);
    expect(overOf('premade')).toEqual([['Role', ['secrets']]]);
    expect(c.granted!.aggregateTo.map((a) => a.clusterRole.name)).not.toContain('view');
    // As docs/action.md says: `apisnoop rbac` on the artifact, with --granted rbac/cluster-roles.yaml added, finds it too.
    const root = upload.root;
    const at = (f: string): string => path.join(root, f);
    const cli = await runCli([
      'rbac', at('audit/kube-apiserver-audit.log'), '--serviceaccount', 'ns1:sa1', '--granted', at('rbac/helm-manifest.yaml'),
      '--granted', at('rbac/cluster-roles.yaml'), '--release-namespace', 'ns1', '--spec', at('openapi-v2.json'), '--format', 'json', '-q',
    ]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(JSON.stringify(parseStdout<RbacComparison>(cli).granted).replaceAll(`${root}/`, ''))).toEqual(c.granted);
    await post(env, res.state);
  });

  // Writing rbac/cluster-roles.yaml failed (here a directory in its place; a full disk alike): the error escaped the
  // collection step and the whole evidence was lost, the audit log with it, for a help to least privilege.
  it('roles that cannot be kept leave the run as it was: the log is analysed, the binding stays unresolved', async () => {
    const chart = path.join(scratchDir('action-bound-roles-fail-chart'), 'overgranted');
    cpSync(OVERGRANTED, chart, { recursive: true });
    writeFileSync(
      path.join(chart, 'templates', 'bindings-unshipped.yaml'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: sa1-view\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n' +
        'subjects:\n- kind: ServiceAccount\n  name: sa1\n  namespace: ns1\n',
    );
    const served = path.join(scratchDir('action-bound-roles-fail'), 'cluster-roles.yaml');
    writeFileSync(served, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: view\n  resourceVersion: "345"\nrules: []\n');
    const dir = path.join(scratchDir('action-bound-roles-fail-report'), 'report');
    mkdirSync(path.join(dir, 'rbac', 'cluster-roles.yaml'), { recursive: true });
    const { env, res } = await main(overgrantedInputs({ chart, 'report-dir': dir }), { FAKE_CLUSTER_ROLES: served });
    expect(res.errors).toEqual([]);
    expect(res.warnings.some((w) => w.startsWith('The roles the release binds but does not ship were not kept: EISDIR'))).toBe(true);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.summary.events).toBeGreaterThan(0);
    expect(report.rbac![0]!.granted!.unresolved.map((u) => u.roleRef.name)).toEqual(['view']);
    await post(env, res.state);
  });

  it('a release manifest without RBAC objects is uploaded all the same: the report names it as what granted the service account', async () => {
    // The chart's ServiceAccount and the Deployment that runs as it; no Role, no binding.
    const chart = path.join(scratchDir('action-no-rbac-chart'), 'overgranted');
    cpSync(OVERGRANTED, chart, { recursive: true });
    for (const f of readdirSync(path.join(chart, 'templates'))) if (!['deployment.yaml', 'serviceaccount.yaml'].includes(f)) rmSync(path.join(chart, 'templates', f));
    const { env, res } = await main(overgrantedInputs({ chart }));
    expect(res.errors).toEqual([]);
    // Checked all the same: its Deployment's service account, granted nothing.
    expect(res.output).toContain("Service accounts checked: ns1:sa1: what the chart's workloads run as (Deployment overgranted)");
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.rbac!.map((c) => c.granted!.roles)).toEqual([[]]);
    const upload = uploader.uploads.at(-1)!;
    const uploaded = upload.files.map((f) => path.relative(upload.root, f));
    // Every manifest the report names is in the artifact, and the comment and report.md name it.
    const named = report.rbac!.flatMap((c) => c.granted!.sources);
    expect(named).toEqual(['rbac/helm-manifest.yaml']);
    for (const f of named) expect(uploaded).toContain(f);
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('Granted by `rbac/helm-manifest.yaml`, wildcards expanded against Kubernetes 1.21: no role is bound to it.');
    expect(readFileSync(path.join(upload.root, 'report.md'), 'utf8')).toContain('Granted by `rbac/helm-manifest.yaml`');
    // Cut as a manifest with RBAC is: the ServiceAccount as helm printed it, the Deployment as the line least privilege reads.
    const manifest = readFileSync(path.join(upload.root, 'rbac/helm-manifest.yaml'), 'utf8');
    expect(manifest).toContain('# Source: overgranted/templates/serviceaccount.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa1\n');
    expect(manifest).toContain(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"overgranted"},"spec":{"template":{"spec":{"serviceAccountName":"sa1"}}}} # cut by APISnoop to what least privilege reads',
    );
    expect(manifest).not.toContain('registry.k8s.io/pause');
    expect(res.output).toContain('rbac/helm-manifest.yaml: only what least privilege reads is uploaded (0 RBAC objects; 0 other documents left out)');
    await post(env, res.state);
  });

  it('rbac-fail-on overprivileged fails the step above rbac-threshold, in the error, the comment and the outputs', async () => {
    const n = readmeRisks().length;
    const failing = await main(overgrantedInputs({ 'rbac-fail-on': 'overprivileged', 'rbac-threshold': String(n - 1) }));
    expect(failing.res.exitCode).toBe(1);
    const error = failing.res.errors.join('\n');
    expect(error).toContain(`APISnoop least privilege: fail, ns1:sa1 has ${n} over-grants, more than ${n - 1} (rbac-fail-on: overprivileged)`);
    expect(error).toContain('wildcard: ClusterRole overgranted-operator: * apps:*');
    // The API policy passed: only least privilege failed the step.
    expect(error).not.toContain('APISnoop verdict: fail');
    expect(failing.res.outputs.verdict).toBe('fail');
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('## ❌ APISnoop: overgranted: fail');
    expect(body).toContain('**Verdict: fail.** No operation breaks the policy (fail on **alpha**, **beta**), but least privilege does:');
    expect(body).toContain(`**Least privilege: fail.** \`ns1:sa1\`: ${n} over-grants, more than the ${n - 1} allowed (fail on **overprivileged**).`);
    expect(failing.res.summary).toContain('**Least privilege: fail.**');
    await post(failing.env, failing.res.state);

    // At the threshold it passes, and the same comment says so.
    const passing = await main(overgrantedInputs({ 'rbac-fail-on': 'overprivileged', 'rbac-threshold': String(n) }));
    expect(passing.res.exitCode).toBe(0);
    expect(passing.res.outputs.verdict).toBe('pass');
    expect(gh.comments.get(PR)).toHaveLength(1);
    expect(gh.comments.get(PR)![0]!.body).toContain(`**Least privilege: pass.** \`ns1:sa1\`: ${n} over-grants, within the ${n} allowed`);
    await post(passing.env, passing.res.state);
  });

  it('rbac: off reads no manifest and shows no section; a failing helm get manifest is a note, or a failure when the policy needs it', async () => {
    const off = await main(overgrantedInputs({ rbac: 'off' }));
    expect(off.res.exitCode).toBe(0);
    expect(h.calls().some((c) => c.tool === 'helm' && c.argv[0] === 'get')).toBe(false);
    expect(gh.comments.get(PR)![0]!.body).not.toContain('Least privilege');
    await post(off.env, off.res.state);

    const noted = await main(overgrantedInputs(), { FAKE_FAIL: 'helm:get' });
    expect(noted.res.exitCode).toBe(0);
    // Above the verdict, as every run problem (mdText escapes the parentheses).
    expect(gh.comments.get(PR)![0]!.body).toContain(`> ${mdEscape('Least privilege was not checked: helm get manifest overgranted failed (helm exited with code 1): Error: the fake was told to fail helm get.')}`);
    expect(noted.res.warnings).toEqual([]);
    // Not needed (rbac-fail-on: none): a notice, and report.json does not fail on it.
    const notedReport = JSON.parse(readFileSync(noted.res.outputs['report-path']!, 'utf8')) as Report;
    expect(notedReport.leastPrivilegeUnchecked).toBeUndefined();
    expect(reportPasses(notedReport)).toBe(true);
    await post(noted.env, noted.res.state);

    const failed = await main(overgrantedInputs({ 'rbac-fail-on': 'overprivileged' }), { FAKE_FAIL: 'helm:get' });
    expect(failed.res.exitCode).toBe(1);
    expect(failed.res.errors.join('\n')).toContain('Least privilege was not checked: helm get manifest overgranted failed');
    // The page says what the step and its verdict output say: fail, and why; not "pass on the requests seen".
    expect(failed.res.outputs.verdict).toBe('fail');
    // report.json says it as a field, which every reader (a fan-in's merge, export, serve) judges by; the run problem
    // keeps the words for people.
    const failedReport = JSON.parse(readFileSync(failed.res.outputs['report-path']!, 'utf8')) as Report;
    expect(failedReport.leastPrivilegeUnchecked).toEqual([{ app: 'overgranted', why: 'helm get manifest overgranted failed (helm exited with code 1): Error: the fake was told to fail helm get' }]);
    expect(reportPasses({ ...failedReport, runNotes: undefined })).toBe(false);
    const why = mdEscape('helm get manifest overgranted failed (helm exited with code 1): Error: the fake was told to fail helm get.');
    const reportMd = readFileSync(path.join(path.dirname(failed.res.outputs['report-path']!), 'report.md'), 'utf8');
    for (const page of [gh.comments.get(PR)![0]!.body, failed.res.summary, reportMd]) {
      expect(page).toContain('## ❌ APISnoop: overgranted: fail\n');
      expect(page).toContain('**Verdict: fail.** No operation breaks the policy');
      expect(page).toContain(`, but least privilege was not checked:<br>\n❌ **Least privilege was not checked** (rbac-fail-on **overprivileged**): ${why}`);
      expect(page).not.toContain('Verdict: pass');
      // Said once, on the verdict's line with the rule that fails on it: not again in the run's notes above the page.
      expect(page.split(why).length - 1).toBe(1);
    }
    // The step's errors say it once too.
    expect(failed.res.errors.join('\n').split('Least privilege was not checked').length - 1).toBe(1);
    await post(failed.env, failed.res.state);
  });

  it('a collected log of no audit event: least privilege says so naming the log by its place in the artifact, not the runner\'s path', async () => {
    const log = path.join(h.workspace, 'not-events.log');
    writeFileSync(log, 'not an audit event\n');
    const { env, res } = await main(overgrantedInputs(), { FAKE_AUDIT_LOG: log });
    const runnerTemp = env.RUNNER_TEMP!;
    expect(res.warnings).toContain('least privilege: no audit events read from audit/kube-apiserver-audit.log');
    expect(res.warnings.filter((w) => w.includes(runnerTemp))).toEqual([]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes!.notices).toContain('Least privilege was not checked: no audit events read from audit/kube-apiserver-audit.log.');
    expect(gh.comments.get(PR)![0]!.body).toContain(`> ${mdEscape('Least privilege was not checked: no audit events read from audit/kube-apiserver-audit.log.')}`);
    await post(env, res.state);
    // Needed by the policy: report.json's field names the log so too.
    const needed = await main(overgrantedInputs({ 'rbac-fail-on': 'overprivileged' }), { FAKE_AUDIT_LOG: log });
    expect(needed.res.exitCode).toBe(1);
    const neededReport = JSON.parse(readFileSync(needed.res.outputs['report-path']!, 'utf8')) as Report;
    expect(neededReport.leastPrivilegeUnchecked).toEqual([{ app: 'overgranted', why: 'no audit events read from audit/kube-apiserver-audit.log' }]);
    await post(needed.env, needed.res.state);
  });

  it('audit-log mode checks least privilege with rbac-serviceaccount and rbac-granted, and runs no tool', async () => {
    const { res } = await main({
      'audit-log': AUDIT_LOG,
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      namespaces: 'ns1',
      conformance: CONFORMANCE,
      'rbac-serviceaccount': 'ns1:sa1',
      'rbac-granted': path.join(OVERGRANTED, 'templates'),
      'rbac-fail-on': 'overprivileged',
    });
    expect(h.calls()).toEqual([]);
    expect(res.exitCode).toBe(1);
    expect(res.errors.join('\n')).toContain(`ns1:sa1 has ${readmeRisks().length} over-grants, more than 0`);
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain(`<summary>Least privilege (ns1:sa1): ${readmeRisks().length} over-grants (riskiest: wildcard) · ${sa1Denied()} denied</summary>`);
    // Without a release namespace, unnamespaced Roles go to the service account's: the leader-election Role is ns1's.
    expect(tables(body).find((t) => t.header[0] === 'risk')!.rows.some((r) => r[1].includes('Role `ns1/overgranted-leader-election`'))).toBe(true);

    // Without rbac-granted there is nothing to compare with: a bad input, named, before anything runs.
    const { res: bad } = await main({ 'audit-log': AUDIT_LOG, 'rbac-serviceaccount': 'ns1:sa1' });
    expect(bad.errors).toEqual(['input "rbac-granted": with audit-log, rbac-serviceaccount needs the RBAC manifests it is granted']);
  });

  it('least privilege that stops (manifests without a namespace, service accounts of two) fails the step with verdict fail, said once', async () => {
    const inputs = {
      'audit-log': AUDIT_LOG,
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      namespaces: 'ns1',
      conformance: CONFORMANCE,
      'rbac-serviceaccount': 'ns1:sa1, ns2:sa1',
      'rbac-granted': path.join(OVERGRANTED, 'templates'),
    };
    const { res } = await main({ ...inputs, 'rbac-fail-on': 'overprivileged' });
    expect(res.exitCode).toBe(1);
    const said = /name no namespace, and the service accounts are in ns1, ns2/;
    expect(res.errors.join('\n')).toMatch(said);
    // The step failed on least privilege the policy needed: its verdict says so, and the message is the error alone.
    expect(res.outputs.verdict).toBe('fail');
    expect(res.warnings.filter((w) => said.test(w))).toEqual([]);
    // Without rbac-fail-on it fails nothing: a warning, and the verdict of the requests.
    const lax = await main(inputs);
    expect(lax.res.exitCode).toBe(0);
    expect(lax.res.outputs.verdict).toBe('pass');
    expect(lax.res.warnings.filter((w) => said.test(w))).toHaveLength(1);
  });

  it('least privilege takes its requests from the analysis\' one reading: a log in a named pipe, readable once, gives the same report', async () => {
    const inputs = (log: string) => ({
      'audit-log': log,
      spec: path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'),
      namespaces: 'ns1',
      conformance: CONFORMANCE,
      'rbac-serviceaccount': 'ns1:sa1',
      'rbac-granted': path.join(OVERGRANTED, 'templates'),
    });
    const fromFile = await main(inputs(AUDIT_LOG));
    expect(fromFile.res.errors).toEqual([]);
    const expected = JSON.parse(readFileSync(fromFile.res.outputs['report-path']!, 'utf8')) as Report;

    // A FIFO fed once by cat: a second reading would wait for a writer that never comes (and the test time out).
    const fifo = path.join(scratchDir('apisnoop-fifo-'), 'audit.log');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', AUDIT_LOG, fifo], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.once('exit', resolve));
    const fromPipe = await main(inputs(fifo));
    expect(await written).toBe(0);
    expect(fromPipe.res.errors).toEqual([]);
    const report = JSON.parse(readFileSync(fromPipe.res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.rbac).toHaveLength(1);
    expect(report.rbac![0]!.requests.total).toBeGreaterThan(0);
    expect(report.rbac).toEqual(expected.rbac);
    expect(report.summary).toEqual(expected.summary);
  }, 15_000);

  // A chart of the app the workflow just built: its image is on the runner, in no registry.
  it('load-images loads local images into the cluster before the install; when they cannot be loaded, the install and tests are skipped and the log still analyzed', async () => {
    const { env, res } = await main(chartInputs({ 'load-images': 'sample:ci\nsidecar:ci' }));
    expect(res.errors).toEqual([]);
    const steps = h.calls().map(step);
    expect(steps.slice(steps.indexOf('kubectl get serviceaccounts') + 1, steps.indexOf('helm install sample') + 1)).toEqual(['kind load docker-image', 'kind load docker-image', 'helm install sample']);
    expect(h.calls().filter((c) => step(c) === 'kind load docker-image').map((c) => c.argv)).toEqual([
      ['load', 'docker-image', 'sample:ci', '--name', 'apisnoop'],
      ['load', 'docker-image', 'sidecar:ci', '--name', 'apisnoop'],
    ]);
    await post(env, res.state);

    h.clearCalls();
    const failing = await main(chartInputs({ 'load-images': 'sample:ci sidecar:ci' }), { FAKE_FAIL: 'kind:load' });
    expect(failing.res.exitCode).toBe(1);
    expect(failing.res.errors).toEqual(['kind load docker-image failed (kind exited with code 1): ERROR: image: "sample:ci" not present locally']);
    // Up to the first that fails.
    expect(h.calls().filter((c) => step(c) === 'kind load docker-image')).toHaveLength(1);
    const after = h.calls().map(step);
    expect(after).not.toContain('helm install sample');
    expect(after).not.toContain('helm test sample');
    expect(after).toContain('docker cp apisnoop-control-plane:/var/log/kubernetes/audit/.');
    const report = JSON.parse(readFileSync(failing.res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes!.notices).toContain('The install and the chart tests were skipped because the images could not be loaded into the cluster.');
    expect(report.summary.requests).toBeGreaterThan(0);
    await post(failing.env, failing.res.state);
  });

  // A chart that needs cert-manager, or another project's CRDs: installed first, and not judged as the app.
  it("setup-command prepares the cluster before the install, acting as a user of its own that the selection leaves out, the app's namespace included; when it fails, the install and tests are skipped", async () => {
    const crd = v1beta1Crd('cert-manager.io', 'Certificate', 'certificates');
    // What a chart expects to find in its namespace: a Secret, and a prerequisite's object of a beta API (policy/v1beta1).
    const inNamespace = path.join(h.workspace, 'prerequisites.yaml');
    writeFileSync(
      inNamespace,
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-tls\n  namespace: default\n---\n' +
        'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: webhook\n  namespace: default\nspec:\n  minAvailable: 1\n',
    );
    const inputs = chartInputs({ 'setup-command': `kubectl apply -f ${crd}\nkubectl apply -f ${inNamespace}\ntest "$APISNOOP_NAMESPACE" = default\ncp -p "$KUBECONFIG" ${path.join(h.root, 'setup-kubeconfig-seen')}` });
    const { env, res } = await main(inputs, kubectlLogOnly());
    expect(res.errors).toEqual([]);
    const steps = h.calls().map(step);
    expect(steps.slice(steps.indexOf('kubectl get serviceaccounts') + 1, steps.indexOf('helm install sample') + 1)).toEqual([
      'kubectl create clusterrolebinding',
      'kubectl apply -f',
      'kubectl apply -f',
      'helm install sample',
    ]);
    expect(h.calls().find((c) => step(c) === 'kubectl create clusterrolebinding')!.argv.slice(2)).toEqual([
      'create', 'clusterrolebinding', 'apisnoop-setup-command', '--clusterrole', 'cluster-admin', '--user', 'apisnoop:setup-command', '--request-timeout', '30s',
    ]);
    // kind's kubeconfig with `as` added, removed once the command has run (it holds kind's client key).
    const work = path.join(h.root, 'runner-temp/apisnoop-work-apisnoop/cluster');
    const apply = h.calls().find((c) => step(c) === 'kubectl apply -f')!;
    expect(apply.kubeconfigEnv).toBe(path.join(work, 'setup-kubeconfig'));
    expect(existsSync(apply.kubeconfigEnv!)).toBe(false);
    const kind = load(readFileSync(path.join(work, 'kubeconfig'), 'utf8')) as { users: { user: Record<string, string> }[] };
    expect(load(readFileSync(path.join(h.root, 'setup-kubeconfig-seen'), 'utf8'))).toEqual({ ...kind, users: [{ ...kind.users[0]!, user: { ...kind.users[0]!.user, as: 'apisnoop:setup-command' } }] });
    expect(res.output).toContain('setup-command acts as user apisnoop:setup-command (bound to cluster-admin), which the selection leaves out unless users names it');
    // In the log (the fake kubectl's requests only), 4 of its 6 requests for objects in the app's namespace, none
    // selected: the verdict passes, and the report says whose requests were left out, and how many.
    const log = readFileSync(path.join(path.dirname(res.outputs['report-path']!), 'audit/kube-apiserver-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { impersonatedUser?: { username: string }; objectRef: { namespace?: string } });
    const bySetup = log.filter((e) => e.impersonatedUser?.username === 'apisnoop:setup-command');
    expect(bySetup).toHaveLength(6);
    expect(bySetup.filter((e) => e.objectRef.namespace === 'default')).toHaveLength(4);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.verdict.pass).toBe(true);
    expect(report.selection).toMatchObject({ namespaces: ['default'], excludeUsers: ['apisnoop:setup-command'] });
    // Counted, those it took out of the selection: the CRD's 2 (cluster-scoped) the selection never kept.
    expect(report.summary.excluded).toBe(4);
    expect(report.operations.filter((o) => /customresourcedefinitions|secrets|poddisruptionbudgets/.test(o.path))).toEqual([]);
    expect(gh.comments.get(PR)![0]!.body).toContain('Left out wherever they act: user `apisnoop:setup-command` (4 requests).');
    await post(env, res.state);

    // A selection that keeps nothing (a namespace mistyped): who the log holds names setup-command's user apart, not
    // as a user to select (the helm install, the Action's own requests of kind's admin are offered).
    const typo = await main({ ...inputs, namespaces: 'defualt', 'user-agents': 'nobody' }, kubectlLogOnly());
    const holds = (JSON.parse(readFileSync(typo.res.outputs['report-path']!, 'utf8')) as Report).runNotes!.notices.filter((n) => n.startsWith('Nothing was selected'));
    expect(holds).toEqual([expect.stringMatching(/^Nothing was selected: the requests read are by users kubernetes-admin \(\d+\); .*; and by users the selection leaves out on purpose, apisnoop:setup-command \(6\)\.$/)]);
    expect(holds[0]!.match(/apisnoop:setup-command/g)).toHaveLength(1);
    // kubectl's user agent as the user-agents input would name it, its program and version, not its whole text
    // (kubectl/v1.36.4 (linux/amd64) kubernetes/0bb8ba8): copied into the input, it selects kubectl's requests.
    const agents = /; user agents (.*?); /.exec(holds[0]!)![1]!;
    expect(agents).toMatch(/^kubectl\/v1\.36\.4 \(\d+\)$/);
    await post(typo.env, typo.res.state);
    const copied = await main({ ...inputs, namespaces: 'defualt', 'user-agents': agents.replace(/ \(\d+\)$/, '') }, kubectlLogOnly());
    const byKubectl = JSON.parse(readFileSync(copied.res.outputs['report-path']!, 'utf8')) as Report;
    expect(byKubectl.summary.selected).toBe(Number(/\((\d+)\)$/.exec(agents)![1]));
    await post(copied.env, copied.res.state);

    // Named in users, its requests are asked for: the beta API it used in the namespace fails the step.
    const named = await main({ ...inputs, users: 'apisnoop:setup-command' }, kubectlLogOnly());
    expect(named.res.exitCode).toBe(1);
    const judged = JSON.parse(readFileSync(named.res.outputs['report-path']!, 'utf8')) as Report;
    expect(judged.selection.excludeUsers).toBeUndefined();
    expect(judged.verdict.violations.map((v) => v.operationId)).toContain('createPolicyV1beta1NamespacedPodDisruptionBudget');
    await post(named.env, named.res.state);

    h.clearCalls();
    const failing = await main(chartInputs({ 'setup-command': 'echo "error: no objects passed to apply" >&2\nexit 1' }));
    expect(failing.res.exitCode).toBe(1);
    expect(failing.res.errors).toEqual(['setup-command failed (bash exited with code 1): error: no objects passed to apply']);
    expect(h.calls().map(step)).not.toContain('helm install sample');
    const failed = JSON.parse(readFileSync(failing.res.outputs['report-path']!, 'utf8')) as Report;
    expect(failed.runNotes!.notices).toContain('The install and the chart tests were skipped because setup-command failed.');
    await post(failing.env, failing.res.state);
  });

  it("a setup-command that rewrites its KUBECONFIG (kind export kubeconfig) sends its requests as kind's admin: the run warns when the selection kept them as the app's; none when it made no request, or none kept", async () => {
    const inNamespace = path.join(h.workspace, 'prerequisites.yaml');
    writeFileSync(inNamespace, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-tls\n  namespace: default\n');
    const crd = v1beta1Crd('cert-manager.io', 'Certificate', 'certificates');
    const rewrote = `kind export kubeconfig --name "$APISNOOP_CLUSTER"\nkubectl apply -f ${crd}\nkubectl apply -f ${inNamespace}`;
    const { env, res } = await main(chartInputs({ 'setup-command': rewrote, rbac: 'off' }), kubectlLogOnly());
    expect(res.errors).toEqual([]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    // Its Secret's get and create in the namespace were kept as the app's; its CRD's two were not.
    expect(report.operations.filter((o) => o.path.includes('secrets')).map((o) => o.users)).toEqual([['kubernetes-admin'], ['kubernetes-admin']]);
    const said = res.warnings.filter((w) => w.startsWith('setup-command sent'));
    expect(said).toEqual([
      expect.stringContaining('setup-command sent 4 requests as kubernetes-admin, not as apisnoop:setup-command, the user its KUBECONFIG acts as, and the selection kept 2 of them as the app\'s and left out 2: it likely rewrote that file (kind export kubeconfig'),
    ]);
    expect(report.runNotes!.notices).toContain(said[0]);
    expect(gh.comments.get(PR)![0]!.body).toContain(mdEscape('setup-command sent 4 requests as kubernetes-admin'));
    await post(env, res.state);

    // Through the KUBECONFIG it is given, or with no request at all (helm repo add), or none kept: nothing to warn of.
    for (const command of [`kubectl apply -f ${inNamespace}`, 'echo helm repo add jetstack https://charts.jetstack.io', `kind export kubeconfig --name "$APISNOOP_CLUSTER"\nkubectl apply -f ${crd}`]) {
      const quiet = await main(chartInputs({ 'setup-command': command, rbac: 'off' }), kubectlLogOnly());
      expect(quiet.res.errors).toEqual([]);
      expect(quiet.res.warnings.filter((w) => w.startsWith('setup-command sent'))).toEqual([]);
      await post(quiet.env, quiet.res.state);
    }
  });

  it("when the user setup-command acts as cannot be bound, it runs as kind's admin, and the step fails saying that its requests in the namespace counted as the app's", async () => {
    const { env, res } = await main(chartInputs({ 'setup-command': 'kubectl get pods' }), { FAKE_FAIL: 'kubectl:clusterrolebinding' });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toEqual([
      'kubectl create clusterrolebinding apisnoop-setup-command failed (kubectl exited with code 1): error: failed to create clusterrolebinding: admission webhook "deny.example.com" denied the request: setup-command ran as kind\'s admin, and its requests in the namespace were counted as the app\'s',
    ]);
    // Still run, with kind's own kubeconfig (which is not removed after it), and the install after it.
    const get = h.calls().find((c) => c.tool === 'kubectl' && c.argv.join(' ') === 'get pods')!;
    expect(get.kubeconfigEnv).toBe(path.join(h.root, 'runner-temp/apisnoop-work-apisnoop/cluster/kubeconfig'));
    expect(existsSync(get.kubeconfigEnv!)).toBe(true);
    expect(h.calls().map(step)).toContain('helm install sample');
    await post(env, res.state);
  });

  // A chart with dependencies, charts/ not committed (as most are): helm install would refuse it.
  it('a chart directory whose dependencies are missing from charts/ has them fetched before the install (helm dependency build), and says so', async () => {
    const chart = path.join(h.workspace, 'charts', 'with-deps');
    cpSync(path.join(repoRoot, 'examples/sample-chart'), chart, { recursive: true });
    const chartYaml = path.join(chart, 'Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8') + 'dependencies:\n  - name: common\n    version: 2.x.x\n    repository: https://charts.bitnami.com/bitnami\n');
    const inputs = chartInputs({ chart: 'charts/with-deps' });

    const first = await main(inputs);
    expect(first.res.errors).toEqual([]);
    const steps = h.calls().map(step);
    expect(steps.slice(steps.indexOf('kubectl get serviceaccounts') + 1, steps.indexOf('helm install sample'))).toEqual(['helm dependency list', 'helm repo add', 'helm dependency build']);
    expect(h.calls().find((c) => step(c) === 'helm dependency build')!.argv).toEqual(['dependency', 'build', chart]);
    expect(readdirSync(path.join(chart, 'charts'))).toEqual(['common-2.x.x.tgz']);
    const notice = "The chart's dependencies common were missing from charts/ and were fetched (helm dependency build).";
    expect(first.res.output).toContain('Downloading common from repo https://charts.bitnami.com/bitnami');
    expect(gh.comments.get(PR)![0]!.body).toContain(`> ${mdEscape(notice)}`);
    expect((JSON.parse(readFileSync(first.res.outputs['report-path']!, 'utf8')) as Report).runNotes!.notices).toContain(notice);
    await post(first.env, first.res.state);

    // There now (committed, or a cache restored): listed, not fetched again.
    h.clearCalls();
    const again = await main(inputs);
    expect(again.res.errors).toEqual([]);
    expect(h.calls().map(step)).toContain('helm dependency list');
    expect(h.calls().map(step)).not.toContain('helm dependency build');
    expect((JSON.parse(readFileSync(again.res.outputs['report-path']!, 'utf8')) as Report).runNotes?.notices ?? []).not.toContain(notice);
    await post(again.env, again.res.state);

    // With a Chart.lock (committed, as most are), helm dependency build needs the repository added first, on a
    // runner whose helm has none.
    rmSync(path.join(chart, 'charts'), { recursive: true });
    rmSync(path.join(h.stateDir, 'helm-repositories.json'));
    writeFileSync(path.join(chart, 'Chart.lock'), 'dependencies:\n- name: common\n  repository: https://charts.bitnami.com/bitnami\n  version: 2.31.4\ndigest: sha256:0f1e\n');
    h.clearCalls();
    const locked = await main(inputs);
    expect(locked.res.errors).toEqual([]);
    expect(h.calls().find((c) => step(c) === 'helm repo add')!.argv).toEqual(['repo', 'add', 'apisnoop-dependency-1', 'https://charts.bitnami.com/bitnami', '--force-update']);
    expect(readdirSync(path.join(chart, 'charts'))).toEqual(['common-2.x.x.tgz']);
    await post(locked.env, locked.res.state);

    // The repository unreachable: helm's own words, then helm install's refusal; the log is still analysed.
    rmSync(path.join(chart, 'charts'), { recursive: true });
    h.clearCalls();
    const failing = await main(inputs, { FAKE_FAIL: 'helm:dependency' });
    expect(failing.res.exitCode).toBe(1);
    // One error, its problems a line each (%0A in the workflow command).
    const [said, install] = failing.res.errors.join('%0A').split('%0A');
    expect(said).toBe(
      `helm dependency build ${chart} failed (helm exited with code 1): Error: no cached repository for helm-manager-0f1e found. (try 'helm repo update'): open /home/runner/.cache/helm/repository/helm-manager-0f1e-index.yaml: no such file or directory: its dependencies common are missing from charts/`,
    );
    expect(install).toContain('helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: An error occurred while checking for chart dependencies');
    expect(install).toContain('missing in charts/ directory: common');
    expect(failing.res.outputs['report-path']).toBeDefined();
    await post(failing.env, failing.res.state);
  });

  // An operator without a Helm chart (kubebuilder's make deploy): install-command installs it instead of helm install.
  describe('install-command', () => {
    /** The operator's manifests as kubebuilder's config/default renders them: its Namespace, service account, Deployment. */
    function operatorManifests(): string {
      const file = path.join(h.workspace, 'deploy.yaml');
      writeFileSync(
        file,
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n---\n' +
          'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa1\n  namespace: ns1\n---\n' +
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller-manager\n  namespace: ns1\n' +
          'spec:\n  template:\n    spec:\n      serviceAccountName: sa1\n      containers:\n      - name: manager\n        image: ctl:ci\n',
      );
      return file;
    }
    const operatorInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
      'install-command': `kind load docker-image ctl:ci --name "$APISNOOP_CLUSTER"\nkubectl apply -f ${operatorManifests()}\n` +
        `echo "$APISNOOP_RELEASE $APISNOOP_NAMESPACE $APISNOOP_CLUSTER $KUBECONFIG" > ${path.join(h.root, 'install-env')}\n` +
        `cp -p "$KUBECONFIG" ${path.join(h.root, 'install-kubeconfig-seen')}`,
      release: 'sample-operator',
      // The namespace its controller runs in, which its manifests create too.
      namespace: 'ns1',
      'cluster-name': 'op',
      conformance: CONFORMANCE,
      ...extra,
    });
    /** The demo log's requests in ns1 or by a service account of ns1 (the default selection), counted from the log. */
    const ns1Requests = (): number => {
      const ids = new Set<string>();
      for (const line of readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { auditID: string; objectRef?: { namespace?: string }; user: { username: string }; impersonatedUser?: { username: string } };
        const who = e.impersonatedUser?.username ?? e.user.username;
        if (e.objectRef?.namespace === 'ns1' || who.startsWith('system:serviceaccount:ns1:')) ids.add(e.auditID);
      }
      return ids.size;
    };

    it('runs after the cluster and namespace are made, with KUBECONFIG, the release, namespace and cluster; no helm install, helm test or manifest', async () => {
      // The log: what the fake kubectl recorded (the Action's calls, the command's as its user), then the demo log.
      const { env, res } = await main(operatorInputs(), { FAKE_AUDIT_KUBECTL: '1' });
      expect(res.errors).toEqual([]);
      expect(res.warnings.filter((w) => w.includes('install-command succeeded'))).toEqual([]);
      expect(res.exitCode).toBe(0);
      const calls = h.calls();
      expect(calls.map(step)).toEqual([
        'kind version',
        'kubectl version --client',
        'helm version --template',
        'kind get clusters',
        'kind create cluster',
        'kubectl wait --namespace',
        // The namespace first: the operator's own Namespace object is applied over it.
        'kubectl get namespaces',
        'kubectl create namespace',
        'kubectl get serviceaccounts',
        'kubectl get serviceaccounts',
        // The user the command acts as, bound to cluster-admin.
        'kubectl create clusterrolebinding',
        // install-command, in bash: its image loaded into the cluster by name, its manifests applied.
        'kind load docker-image',
        'kubectl apply -f',
        // No helm install, no helm test (test-command left at helm test, which needs a chart), no helm get manifest.
        'docker cp op-control-plane:/var/log/kubernetes/audit/.',
        'kubectl get --raw',
        // For least privilege, after the log was copied: what the command installed, read back from the cluster.
        'kubectl get deployments,statefulsets,daemonsets,cronjobs,jobs,pods,serviceaccounts',
        'kubectl get clusterroles,clusterrolebindings,roles,rolebindings',
      ]);
      expect(calls.find((c) => c.argv[0] === 'load')!.argv).toEqual(['load', 'docker-image', 'ctl:ci', '--name', 'op']);
      // The command's kubeconfig is kind's, acting as a user of its own (kept by the selection); the Action's own
      // calls use kind's as it is.
      const work = path.join(h.root, 'runner-temp/apisnoop-work-op/cluster');
      // Outside the report directory, which a workflow may upload whole: kind's kubeconfig holds the client key.
      expect(existsSync(path.join(h.root, 'runner-temp/apisnoop-op/cluster'))).toBe(false);
      const apply = calls.find((c) => c.argv[0] === 'apply')!;
      expect(apply.kubeconfigEnv).toBe(path.join(work, 'install-kubeconfig'));
      expect(readFileSync(path.join(h.root, 'install-env'), 'utf8')).toBe(`sample-operator ns1 op ${apply.kubeconfigEnv}\n`);
      const kind = load(readFileSync(path.join(work, 'kubeconfig'), 'utf8')) as { users: { user: Record<string, string> }[] };
      const seen = path.join(h.root, 'install-kubeconfig-seen');
      const install = load(readFileSync(seen, 'utf8')) as typeof kind;
      expect(install).toEqual({ ...kind, users: [{ ...kind.users[0]!, user: { ...kind.users[0]!.user, as: 'apisnoop:install-command' } }] });
      expect(statSync(seen).mode & 0o777).toBe(0o600);
      // Holding kind's client key, it is removed once the command has run.
      expect(existsSync(apply.kubeconfigEnv!)).toBe(false);
      expect(calls.find((c) => step(c) === 'kubectl create clusterrolebinding')!.argv.slice(2)).toEqual([
        'create', 'clusterrolebinding', 'apisnoop-install-command', '--clusterrole', 'cluster-admin', '--user', 'apisnoop:install-command', '--request-timeout', '30s',
      ]);
      for (const c of calls.filter((c) => c.tool === 'kubectl' && c.argv.includes('--kubeconfig'))) expect(c.argv[c.argv.indexOf('--kubeconfig') + 1]).toBe(path.join(work, 'kubeconfig'));
      expect(res.output).toContain('install-command acts as user apisnoop:install-command (bound to cluster-admin), which the selection keeps');

      // The report, from the audit log collected: the operator's namespace and service accounts, and what the command
      // did as its user; no helm.
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.app).toBe('sample-operator');
      expect(report.selection).toMatchObject({ namespaces: ['ns1'], serviceAccounts: ['ns1:*'], users: ['apisnoop:install-command'], userAgents: [] });
      // The demo log's, and the command's 4 (a get and a create of its ServiceAccount and Deployment).
      expect(report.summary.selected).toBe(ns1Requests() + 4);
      expect(ns1Requests()).toBeGreaterThan(0);
      expect(res.outputs['stable-count']).toBe(String(report.summary.byLevel.stable.operations));
      const upload = uploader.uploads[0]!;
      expect(upload.files.map((f) => path.relative(upload.root, f))).toContain('audit/kube-apiserver-audit.log');
      // What it did not do is said, not left for the reader to guess: no tests.
      const body = gh.comments.get(PR)![0]!.body;
      expect(body).toContain('APISnoop: sample-operator: pass');
      expect(body).toContain('No tests were run: test-command is "helm test", which needs a chart; with install-command, give the command that runs your tests.');
      expect(report.runNotes!.problems).toEqual([]);
      // Least privilege of the service account its Deployment runs as, which no binding grants anything.
      expect(res.output).toContain("Service accounts checked: ns1:sa1: what the chart's workloads run as (Deployment controller-manager)");
      expect(report.rbac!.map((c) => [c.identity.username, c.granted!.sources, c.granted!.roles])).toEqual([['system:serviceaccount:ns1:sa1', ['rbac/cluster-rbac.yaml'], []]]);
      expect(body).toContain('Granted by `rbac/cluster-rbac.yaml`');
      expectNoTokenLeak(h, res);
      await post(env, res.state);
      expect(h.clusters()).toEqual([]);
    });

    it('acts as a user of its own: what it applies outside the namespace (a v1beta1 CRD) is kept and judged, the Action\'s own requests are not', async () => {
      // An older operator's CRD, as operator-sdk wrote them before 1.22: cluster-scoped, beta, removed in 1.22. The
      // log holds only what the fake kubectl recorded: the Action's calls as kind's admin, the command's as its user.
      const crd = v1beta1Crd('cache.example.com', 'Memcached', 'memcacheds');
      const inputs = operatorInputs({ 'install-command': `kubectl apply -f ${crd}\nkubectl apply -f ${operatorManifests()}` });
      const { env, res } = await main(inputs, kubectlLogOnly());
      expect(res.exitCode).toBe(1);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      // Matched against the served 1.21 spec: the read and create of the CRD, beta (the default fail-on), gone in 1.22.
      expect(report.verdict.violations.map((v) => [v.operationId, v.rules])).toEqual([
        ['createApiextensionsV1beta1CustomResourceDefinition', ['beta']],
        ['readApiextensionsV1beta1CustomResourceDefinition', ['beta']],
      ]);
      const crdOps = report.operations.filter((o) => o.path.includes('customresourcedefinitions'));
      expect(crdOps.map((o) => [o.operationId, o.users, o.removedIn])).toEqual([
        ['createApiextensionsV1beta1CustomResourceDefinition', ['apisnoop:install-command'], '1.22'],
        ['readApiextensionsV1beta1CustomResourceDefinition', ['apisnoop:install-command'], '1.22'],
      ]);
      expect(res.errors[0]).toContain('createApiextensionsV1beta1CustomResourceDefinition');
      // Everything in the log is the Action's (kind's admin, never selected: cluster-scoped, or read after the copy)
      // or the command's (its user): 2 requests for the CRD, 4 for the ServiceAccount and Deployment in ns1.
      const log = readFileSync(path.join(path.dirname(res.outputs['report-path']!), 'audit/kube-apiserver-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { impersonatedUser?: { username: string }; objectRef: { resource: string } });
      const byCommand = log.filter((e) => e.impersonatedUser?.username === 'apisnoop:install-command');
      expect(byCommand.map((e) => e.objectRef.resource)).toEqual(['customresourcedefinitions', 'customresourcedefinitions', 'serviceaccounts', 'serviceaccounts', 'deployments', 'deployments']);
      expect(log.length).toBeGreaterThan(byCommand.length);
      expect(report.summary.selected).toBe(byCommand.length);
      // The binding that lets it act is to a user, not to the app's service account: not the app's grant.
      expect(report.rbac!.map((c) => [c.identity.username, c.granted!.roles])).toEqual([['system:serviceaccount:ns1:sa1', []]]);
      await post(env, res.state);

      // Its requests are in the log as its user's: nothing to warn of.
      expect(res.warnings.filter((w) => w.includes('install-command succeeded'))).toEqual([]);
      // Given users of its own, the selection is those: the CRD is no longer the app's, and the step passes.
      const named = await main({ ...inputs, users: 'someone-else' }, kubectlLogOnly());
      expect(named.res.exitCode).toBe(0);
      const without = JSON.parse(readFileSync(named.res.outputs['report-path']!, 'utf8')) as Report;
      expect(without.selection.users).toEqual(['someone-else']);
      expect(without.operations.filter((o) => o.path.includes('customresourcedefinitions'))).toEqual([]);
      await post(named.env, named.res.state);
    });

    /** The audit log a run collected, one event a line. */
    function collectedLog(reportPath: string): { user: { username: string }; impersonatedUser?: { username: string }; objectRef: { resource: string; namespace?: string } }[] {
      return readFileSync(path.join(path.dirname(reportPath), 'audit/kube-apiserver-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ReturnType<typeof collectedLog>[number]);
    }
    const causes = ['rewrote that file (kind export kubeconfig', 'another kubeconfig or context', "ignores client-go's impersonation", 'use the KUBECONFIG it is given, unchanged'];

    it("one that rewrites its KUBECONFIG (kind export kubeconfig) sends its requests as kind's admin: the run warns that none acted as its user, how many were kept and left out, naming the likely causes", async () => {
      const crd = v1beta1Crd('cache.example.com', 'Memcached', 'memcacheds');
      const inputs = operatorInputs({ 'install-command': `kind export kubeconfig --name "$APISNOOP_CLUSTER"\nkubectl apply -f ${crd}\nkubectl apply -f ${operatorManifests()}` });
      const { env, res } = await main(inputs, kubectlLogOnly());
      // The command succeeded, but as kind's admin: its v1beta1 CRD was not kept, so the beta rule did not fail the step.
      expect(res.errors).toEqual([]);
      const log = collectedLog(res.outputs['report-path']!);
      expect(log.filter((e) => e.objectRef.resource === 'customresourcedefinitions').map((e) => e.impersonatedUser)).toEqual([undefined, undefined]);
      // Its CRD's get and create left out, its ServiceAccount's and Deployment's in ns1 kept.
      const said = res.warnings.filter((w) => w.startsWith('install-command sent'));
      expect(said).toEqual([
        expect.stringContaining(
          'install-command sent 6 requests as kubernetes-admin, not as apisnoop:install-command, the user its KUBECONFIG acts as (the log holds none by that user), ' +
            "and the selection kept 4 of them as the app's and left out 2 (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks): ",
        ),
      ]);
      for (const cause of causes) expect(said[0]).toContain(cause);
      // Said once: the warning that the log holds none by its user is this one.
      expect(res.warnings.filter((w) => w.startsWith('install-command'))).toHaveLength(1);
      // In the report's notes too, and so in the comment above the verdict.
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.runNotes!.notices).toContain(said[0]);
      expect(gh.comments.get(PR)![0]!.body).toContain(mdEscape('install-command sent 6 requests as kubernetes-admin'));
      await post(env, res.state);

      // A failing install-command is said as such already: it made no request here, and no warning about its user is added.
      const failing = await main(inputs, { ...kubectlLogOnly(), FAKE_FAIL: 'kubectl:apply' });
      expect(failing.res.exitCode).toBe(1);
      expect(failing.res.warnings.filter((w) => /^install-command (sent|succeeded)/.test(w))).toEqual([]);
      await post(failing.env, failing.res.state);
    });

    it("one whose requests the log holds none of in its run's time (the API server's clock is not the runner's) is still warned about when none acted as its user", async () => {
      const crd = v1beta1Crd('cache.example.com', 'Memcached', 'memcacheds');
      const inputs = operatorInputs({ 'install-command': `kind export kubeconfig --name "$APISNOOP_CLUSTER"\nkubectl apply -f ${crd}\nkubectl apply -f ${operatorManifests()}` });
      const { env, res } = await main(inputs, { ...kubectlLogOnly(), FAKE_NODE_CLOCK_MS: String(3600_000) });
      expect(res.errors).toEqual([]);
      expect(res.warnings.filter((w) => w.startsWith('install-command sent'))).toEqual([]);
      const said = res.warnings.filter((w) => w.startsWith('install-command succeeded, but the audit log holds no request by apisnoop:install-command'));
      expect(said).toHaveLength(1);
      for (const cause of [...causes, 'only those for objects in the namespace were kept']) expect(said[0]).toContain(cause);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.runNotes!.notices).toContain(said[0]);
      await post(env, res.state);
    });

    it("one that sends some of its requests through a kubeconfig of its own: the run warns how many acted as kind's admin, kept and left out; none when all acted as its user", async () => {
      // A step of the command with its own kind kubeconfig (a Makefile's, a script's): its CRD, cluster-wide, and a
      // Secret in the app's namespace, sent as kind's admin; the rest through the KUBECONFIG it is given.
      const crd = v1beta1Crd('cache.example.com', 'Memcached', 'memcacheds');
      const secret = path.join(h.workspace, 'secret.yaml');
      writeFileSync(secret, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-cert\n  namespace: ns1\n');
      const own = path.join(h.root, 'own-kubeconfig');
      const partly =
        `kind export kubeconfig --name "$APISNOOP_CLUSTER" --kubeconfig ${own}\nkubectl --kubeconfig ${own} apply -f ${crd}\n` +
        `kubectl --kubeconfig ${own} apply -f ${secret}\nkubectl apply -f ${operatorManifests()}`;
      const { env, res } = await main(operatorInputs({ 'install-command': partly }), kubectlLogOnly());
      expect(res.errors).toEqual([]);
      const log = collectedLog(res.outputs['report-path']!);
      expect(log.filter((e) => e.impersonatedUser?.username === 'apisnoop:install-command').map((e) => e.objectRef.resource)).toEqual(['serviceaccounts', 'serviceaccounts', 'deployments', 'deployments']);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      // The v1beta1 CRD (beta, gone in 1.22) is not judged: the step passes. The Secret's two in ns1 are the app's.
      expect(report.operations.filter((o) => o.path.includes('customresourcedefinitions'))).toEqual([]);
      expect(report.operations.filter((o) => o.path.includes('secrets')).map((o) => o.users)).toEqual([['kubernetes-admin'], ['kubernetes-admin']]);
      const said = res.warnings.filter((w) => w.startsWith('install-command'));
      expect(said).toEqual([
        expect.stringContaining(
          'install-command sent 4 requests as kubernetes-admin, not as apisnoop:install-command, the user its KUBECONFIG acts as, ' +
            "and the selection kept 2 of them as the app's and left out 2 (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks): ",
        ),
      ]);
      for (const cause of causes) expect(said[0]).toContain(cause);
      expect(report.runNotes!.notices).toContain(said[0]);
      await post(env, res.state);

      // Its CRD through the KUBECONFIG it is given: all its requests act as its user, between the Action's own as kind's
      // admin (the binding just before, the reads just after), and nothing is warned of.
      const asUser = await main(operatorInputs({ 'install-command': `kubectl apply -f ${crd}\nkubectl apply -f ${secret}\nkubectl apply -f ${operatorManifests()}` }), kubectlLogOnly());
      expect(asUser.res.exitCode).toBe(1);
      const byAdmin = collectedLog(asUser.res.outputs['report-path']!).filter((e) => e.impersonatedUser === undefined);
      expect(byAdmin.length).toBeGreaterThan(0);
      expect(asUser.res.warnings.filter((w) => w.startsWith('install-command'))).toEqual([]);
      await post(asUser.env, asUser.res.state);
    });

    it('one that impersonates another user (kubectl --as) is warned about with that cause, not a rewritten kubeconfig; both when it did both', async () => {
      const crd = v1beta1Crd('cache.example.com', 'Memcached', 'memcacheds');
      const inputs = operatorInputs({ 'install-command': `kubectl apply -f ${crd} --as alice\nkubectl apply -f ${operatorManifests()}` });
      const { env, res } = await main(inputs, kubectlLogOnly());
      expect(res.errors).toEqual([]);
      const log = collectedLog(res.outputs['report-path']!);
      // Sent through the KUBECONFIG it was given, but acting as alice: --as replaces the file's user.
      expect(log.filter((e) => e.objectRef.resource === 'customresourcedefinitions').map((e) => [e.user.username, e.impersonatedUser?.username])).toEqual([
        ['kubernetes-admin', 'alice'],
        ['kubernetes-admin', 'alice'],
      ]);
      const said = res.warnings.filter((w) => w.startsWith('install-command'));
      expect(said).toEqual([
        'install-command sent 2 requests as alice, not as apisnoop:install-command, the user its KUBECONFIG acts as, ' +
          "and the selection left them all out (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks): it chose another user to act as " +
          "(kubectl --as, helm --kube-as-user), in place of the one its KUBECONFIG acts as. Drop --as (--kube-as-user), so that what it does is kept and judged as the app's, wherever it acts.",
      ]);
      // Not the causes of a kubeconfig gone around: it used the one it was given.
      for (const cause of causes) expect(said[0]).not.toContain(cause);
      await post(env, res.state);

      // alice's CRD and kind's admin's Secret: each cause counted, both named.
      const secret = path.join(h.workspace, 'secret.yaml');
      writeFileSync(secret, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-cert\n  namespace: ns1\n');
      const own = path.join(h.root, 'own-kubeconfig');
      const both = await main(
        operatorInputs({
          'install-command': `kubectl apply -f ${crd} --as alice\nkind export kubeconfig --name "$APISNOOP_CLUSTER" --kubeconfig ${own}\nkubectl --kubeconfig ${own} apply -f ${secret}\nkubectl apply -f ${operatorManifests()}`,
        }),
        kubectlLogOnly(),
      );
      const mixed = both.res.warnings.filter((w) => w.startsWith('install-command'));
      expect(mixed).toEqual([
        expect.stringContaining(
          'install-command sent 4 requests as alice, kubernetes-admin, not as apisnoop:install-command, the user its KUBECONFIG acts as, ' +
            "and the selection kept 2 of them as the app's and left out 2 (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks): " +
            '2 of them because it chose another user to act as (kubectl --as, helm --kube-as-user), in place of the one its KUBECONFIG acts as; the rest because it likely rewrote that file',
        ),
      ]);
      for (const cause of causes) expect(mixed[0]).toContain(cause);
      expect(mixed[0]).toContain('Drop --as (--kube-as-user). Let the command use the KUBECONFIG it is given, unchanged');
      await post(both.env, both.res.state);
    });

    it('when the user it acts as cannot be bound, it runs as kind\'s admin, and the step fails saying that its cluster-wide requests were not kept', async () => {
      const { env, res } = await main(operatorInputs(), { FAKE_FAIL: 'kubectl:clusterrolebinding' });
      expect(res.exitCode).toBe(1);
      expect(res.errors).toEqual([
        'kubectl create clusterrolebinding apisnoop-install-command failed (kubectl exited with code 1): error: failed to create clusterrolebinding: admission webhook "deny.example.com" denied the request: install-command ran as kind\'s admin, and only its requests in the namespace were kept',
      ]);
      // Still run, with kind's own kubeconfig (which is not removed after it).
      const apply = h.calls().find((c) => step(c) === 'kubectl apply -f')!;
      expect(apply.kubeconfigEnv).toBe(path.join(h.root, 'runner-temp/apisnoop-work-op/cluster/kubeconfig'));
      expect(existsSync(apply.kubeconfigEnv!)).toBe(true);
      expect(existsSync(path.join(h.root, 'runner-temp/apisnoop-work-op/cluster/install-kubeconfig'))).toBe(false);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.summary.selected).toBe(ns1Requests());
      await post(env, res.state);
    });

    it('a test-command runs after it, with the same variables', async () => {
      const { env, res } = await main(operatorInputs({ 'test-command': 'kubectl get pods -n "$APISNOOP_NAMESPACE" && test "$APISNOOP_CLUSTER" = op' }));
      expect(res.errors).toEqual([]);
      const steps = h.calls().map(step);
      expect(steps.indexOf('kubectl get pods')).toBeGreaterThan(steps.indexOf('kubectl apply -f'));
      expect(steps.indexOf('kubectl get pods')).toBeLessThan(steps.indexOf('docker cp op-control-plane:/var/log/kubernetes/audit/.'));
      expect(gh.comments.get(PR)![0]!.body).not.toContain('No tests were run');
      await post(env, res.state);
      // Failing, they fail the step as a chart's tests do, named as the app's tests.
      const failing = await main(operatorInputs({ 'test-command': 'echo "--- FAIL: TestMemcached" >&2\nexit 4' }));
      expect(failing.res.exitCode).toBe(1);
      expect(failing.res.errors).toEqual(['tests failed (bash exited with code 4): --- FAIL: TestMemcached']);
      await post(failing.env, failing.res.state);
    });

    it('a failing install-command is a failing install: the tests are skipped, the log is still analyzed and reported, the step fails', async () => {
      // The apply is the command's second line of three: its last line succeeds, as bash -e (a run: step's) does not let pass.
      const { env, res } = await main(operatorInputs({ 'test-command': 'kubectl get pods' }), { FAKE_FAIL: 'kubectl:apply' });
      expect(res.exitCode).toBe(1);
      const said = 'install-command failed (bash exited with code 1): error: the fake was told to fail apply';
      expect(res.errors).toEqual([said]);
      // The test command's own call (the Action's look at the pods after the log is copied has --output json).
      expect(h.calls().filter((c) => c.tool === 'kubectl' && c.argv.join(' ') === 'get pods')).toEqual([]);
      expect(h.calls().some((c) => c.tool === 'kubectl' && c.argv.join(' ').endsWith('get pods --output json --namespace ns1 --request-timeout 30s'))).toBe(true);
      expect(h.calls().some((c) => c.tool === 'docker' && c.argv[0] === 'cp')).toBe(true);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.summary.selected).toBe(ns1Requests());
      expect(report.runNotes!.problems).toEqual([said]);
      expect(report.runNotes!.notices).toContain('The tests were skipped because the install failed.');
      const body = gh.comments.get(PR)![0]!.body;
      expect(body).toContain(mdEscape(said));
      expect(body).toContain('## ⚠️ APISnoop: sample-operator: pass on the requests seen, but the run failed\n');
      expect(uploader.uploads[0]!.files.some((f) => f.endsWith('report.json'))).toBe(true);
      await post(env, res.state);
      expect(h.clusters()).toEqual([]);
    });

    it.each([
      [{ chart: path.join(repoRoot, 'examples/sample-chart') }, 'input "install-command": installs the app instead of "chart" (helm install): set one of them, not both'],
      [{ values: path.join(repoRoot, 'examples/sample-chart/values.yaml') }, 'input "values": is a helm install option, not used with "install-command"'],
      [{ 'helm-timeout': '10m' }, 'input "helm-timeout": is the timeout of helm install and helm test, not used with "install-command"'],
      [{ namespace: '', release: '' }, 'input "namespace": required with "install-command"'],
    ])('%j is refused before any cluster is made', async (given, said) => {
      const { res } = await main(operatorInputs(given));
      expect(res.exitCode).toBe(1);
      expect(res.errors).toEqual([expect.stringContaining(said)]);
      expect(h.calls()).toEqual([]);
      expect(h.clusters()).toEqual([]);
      expect(res.outputs.verdict).toBe('fail');
      // The failure page is the app's, under the cluster's own artifact name, as the run's report would be.
      expect(res.summary).toContain('release' in given ? '## ❌ APISnoop: the run failed' : '## ❌ APISnoop: sample-operator: the run failed');
      expect(uploader.uploads.at(-1)!.name).toBe('apisnoop-report-op');
    });

    it('least privilege without rbac-granted: what the command applied, read back from the cluster, judged as the same RBAC from a chart is', async () => {
      // The overgranted chart's templates applied by kubectl (no helm), and grants that are not the app's: a binding of
      // another namespace's service account, and the cluster's binding of everyone authenticated.
      const others = path.join(h.root, 'cluster-roles.yaml');
      writeFileSync(
        others,
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: everything\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n---\n' +
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: other-everything\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: everything\n' +
          'subjects:\n- kind: ServiceAccount\n  name: sa1\n  namespace: other\n---\n' +
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: authenticated-everything\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: everything\n' +
          'subjects:\n- kind: Group\n  name: system:authenticated\n',
      );
      const inputs = operatorInputs({ 'install-command': `kubectl apply -n "$APISNOOP_NAMESPACE" -f ${path.join(OVERGRANTED, 'templates')}`, 'rbac-fail-on': 'overprivileged' });
      const { env, res } = await main(inputs, { FAKE_CLUSTER_ROLES: others });
      expect(res.exitCode).toBe(1);
      expect(res.errors.join('\n')).toContain(`APISnoop least privilege: fail, ns1:sa1 has ${readmeRisks().length} over-grants, more than 0`);
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      const c = report.rbac![0]!;
      expect(report.rbac!.map((x) => x.identity.username)).toEqual(['system:serviceaccount:ns1:sa1']);
      // The same over-grants as the chart's release manifest gives (its README lists them), none of the others'.
      expect(c.granted!.overGrants.map((o) => o.risk)).toEqual(readmeRisks());
      expect(c.granted!.overGrants.some((o) => o.role.name === 'everything')).toBe(false);
      expect(c.requests.denied).toBe(sa1Denied());
      expect(c.granted!.sources).toEqual(['rbac/cluster-rbac.yaml']);
      // Uploaded cut to what least privilege reads, as the release manifest is; the others' bindings never in it.
      const upload = uploader.uploads[0]!;
      const file = path.join(upload.root, 'rbac/cluster-rbac.yaml');
      expect(upload.files).toContain(file);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# ClusterRoleBinding overgranted-operator, as the cluster served it');
      expect(text).toContain('# cut by APISnoop to what least privilege reads');
      expect(text).not.toMatch(/other-everything|authenticated-everything|managedFields|last-applied-configuration|name: everything/);
      expect(h.calls().some((c) => c.tool === 'helm' && c.argv[0] !== 'version')).toBe(false);
      await post(env, res.state);

      // A service account of another namespace named in rbac-serviceaccount: its bindings are read too.
      const named = await main({ ...inputs, 'rbac-serviceaccount': 'ns1:sa1, other:sa1', 'rbac-fail-on': 'none' }, { FAKE_CLUSTER_ROLES: others });
      expect(named.res.errors).toEqual([]);
      const both = (JSON.parse(readFileSync(named.res.outputs['report-path']!, 'utf8')) as Report).rbac!;
      expect(both.map((x) => [x.identity.username, x.granted!.roles.map((r) => r.role.name)])).toEqual([
        ['system:serviceaccount:ns1:sa1', c.granted!.roles.map((r) => r.role.name)],
        ['system:serviceaccount:other:sa1', ['everything']],
      ]);
      await post(named.env, named.res.state);
    });

    it('least privilege with rbac-granted: the service accounts its workloads run as, against the RBAC it applies', async () => {
      const { env, res } = await main(operatorInputs({ 'rbac-granted': path.join(OVERGRANTED, 'templates'), 'rbac-fail-on': 'overprivileged' }));
      expect(res.exitCode).toBe(1);
      expect(res.errors.join('\n')).toContain(`APISnoop least privilege: fail, ns1:sa1 has ${readmeRisks().length} over-grants, more than 0`);
      expect(res.output).toContain("Service accounts checked: ns1:sa1: what the chart's workloads run as (Deployment overgranted)");
      const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
      expect(report.rbac!.map((c) => c.identity.username)).toEqual(['system:serviceaccount:ns1:sa1']);
      expect(report.rbac![0]!.granted!.overGrants.map((o) => o.risk)).toEqual(readmeRisks());
      expect(report.rbac![0]!.requests.denied).toBe(sa1Denied());
      expect(h.calls().some((c) => c.tool === 'helm' && c.argv[0] !== 'version')).toBe(false);
      await post(env, res.state);
    });
  });
});
