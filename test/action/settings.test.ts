// Inputs -> typed settings: the defaults of action.yml, the derived values, and a clear message for each bad input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCommentWriter, readSettings, releaseFromChart, splitList, type InputName } from '../../src/action/settings.js';
import { commentWriter, writtenByLine } from '../../src/github/comment.js';
import { actionYml, fixtures, repoRoot, runnerDefault } from '../fakes/action-harness.js';

const chart = path.join(repoRoot, 'examples/sample-chart');
const env = { GITHUB_WORKSPACE: repoRoot, RUNNER_TEMP: '/runner/_temp' };

/** Inputs as the runner hands them over: action.yml's defaults, then the given ones. */
function runnerInputs(given: Partial<Record<InputName, string>>, matrix: Record<string, unknown> | null = null): (name: InputName) => string {
  const spec = actionYml();
  return (name) => given[name] ?? runnerDefault(String(spec.inputs[name]?.default ?? ''), { token: 'ghs_token', matrix });
}
const bare = (given: Partial<Record<InputName, string>>) => (name: InputName) => given[name] ?? '';

describe('readSettings', () => {
  it('action.yml defaults and empty inputs (running from source) give the same settings', () => {
    const fromYml = readSettings(runnerInputs({ chart, 'github-token': 't' }), env);
    const fromEmpty = readSettings(bare({ chart, 'github-token': 't' }), env);
    expect(fromEmpty).toEqual(fromYml);
  });

  it('derives release, namespace and the default selection from the chart', () => {
    const s = readSettings(runnerInputs({ chart: 'examples/sample-chart' }), env);
    expect(s.mode).toBe('cluster');
    expect(s.chart).toMatchObject({ chart, release: 'sample-chart', namespace: 'sample-chart', testCommand: 'helm test', timeout: '5m' });
    expect(s.analysis.selection).toEqual({
      namespaces: ['sample-chart'],
      serviceAccounts: ['sample-chart:*'],
      users: [],
      userAgents: ['helm'],
      includeSystem: false,
    });
    expect(s.analysis.policy).toEqual({ failOn: ['alpha', 'beta'], allow: [] });
    expect(s.analysis.nextReleases).toBeUndefined();
    expect(s.cluster).toMatchObject({ name: 'apisnoop', kubernetesVersion: '1.36', tools: { kind: 'v0.33.0', kubectl: '', helm: 'v3.21.4' } });
    expect(s.report).toMatchObject({ dir: '/runner/_temp/apisnoop', comment: true, commentKey: 'default', uploadArtifact: true });
    // Least privilege on by default, from what the chart installs, report only.
    expect(s.rbac).toEqual({ serviceAccounts: [], granted: [], failOn: [], threshold: 0 });
  });

  it('least privilege: service accounts and manifests to check, the policy, and off', () => {
    const templates = path.join(repoRoot, 'examples/overgranted-chart/templates');
    const s = readSettings(
      bare({ chart, 'rbac-serviceaccount': 'ns1:sa1, system:serviceaccount:ns1:webhook', 'rbac-granted': 'examples/overgranted-chart/templates', 'rbac-fail-on': 'overprivileged', 'rbac-threshold': '3' }),
      env,
    );
    expect(s.rbac).toEqual({ serviceAccounts: ['ns1:sa1', 'ns1:webhook'], granted: [templates], failOn: ['overprivileged'], threshold: 3 });
    expect(readSettings(bare({ chart, rbac: 'off' }), env).rbac).toBeNull();
    // With audit-log it runs only when told whom to check and against what.
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    expect(readSettings(bare({ 'audit-log': log }), env).rbac).toBeNull();
    expect(readSettings(bare({ 'audit-log': log, 'rbac-serviceaccount': 'ns1:sa1', 'rbac-granted': templates }), env).rbac).toMatchObject({ serviceAccounts: ['ns1:sa1'], granted: [templates] });
    // Its namespace is where the manifests' Roles that name none were installed (rbacForIdentities' release namespace).
    expect(readSettings(bare({ 'audit-log': log, namespace: 'ns1', 'rbac-serviceaccount': 'ns1:sa1,ns2:sa1', 'rbac-granted': templates }), env).rbac).toMatchObject({ releaseNamespace: 'ns1' });
  });

  it('takes the remote forms of chart as they are, and an archive or a values file that exists', () => {
    const chartOf = (given: Partial<Record<InputName, string>>) => readSettings(bare({ release: 'r', ...given }), env).chart!;
    expect(chartOf({ chart: 'oci://registry.example.com/charts/nginx' }).chart).toBe('oci://registry.example.com/charts/nginx');
    expect(chartOf({ chart: 'https://charts.example.com/nginx-1.0.0.tgz' }).chart).toBe('https://charts.example.com/nginx-1.0.0.tgz');
    expect(chartOf({ chart: 'nginx', repo: 'https://charts.example.com' }).chart).toBe('nginx');
    expect(chartOf({ chart: 'bitnami/nginx' }).chart).toBe('bitnami/nginx');
    const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-chart-'));
    writeFileSync(path.join(dir, 'sample-0.1.0.tgz'), '');
    writeFileSync(path.join(dir, 'values.yaml'), 'a: 1\n');
    const packaged = chartOf({ chart: path.join(dir, 'sample-0.1.0.tgz'), values: path.join(dir, 'values.yaml') });
    expect(packaged).toMatchObject({ chart: path.join(dir, 'sample-0.1.0.tgz'), valuesFiles: [path.join(dir, 'values.yaml')] });
    rmSync(dir, { recursive: true });
  });

  it('keeps a repo/chart reference as is, and parses lists, --set lines, runtime config and switches', () => {
    const s = readSettings(
      bare({
        chart: 'bitnami/nginx',
        repo: 'https://charts.bitnami.com/bitnami',
        'chart-version': '18.1.0',
        set: 'image.tag=1.2,3\nreplicas=2',
        'runtime-config': 'storage.k8s.io/v1beta1=true, api/alpha=false',
        'fail-on': 'beta,removed,beta',
        'next-releases': 'none',
        'test-command': 'none',
        'service-accounts': 'nginx:controller\nsystem:serviceaccount:other:*',
        comment: 'false',
        'pr-number': '17',
      }),
      env,
    );
    expect(s.chart).toMatchObject({ chart: 'bitnami/nginx', release: 'nginx', version: '18.1.0', setValues: ['image.tag=1.2,3', 'replicas=2'], testCommand: null });
    expect(s.cluster!.runtimeConfig).toEqual({ 'storage.k8s.io/v1beta1': 'true', 'api/alpha': 'false' });
    expect(s.analysis.policy.failOn).toEqual(['beta', 'removed']);
    expect(s.analysis.nextReleases).toEqual([]);
    expect(s.analysis.selection.serviceAccounts).toEqual(['nginx:controller', 'system:serviceaccount:other:*']);
    // Without a directory of that name in the workspace, or with repo, a reference stays one.
    expect(readSettings(bare({ chart: 'bitnami/nginx' }), env).chart!.chart).toBe('bitnami/nginx');
    expect(readSettings(bare({ chart: 'examples/nginx', repo: 'https://charts.example.com' }), env).chart!.chart).toBe('examples/nginx');
    // With repo, even when the workspace has a directory of that name (with a Chart.yaml or without): the
    // repository's chart, named after its name, not the directory's Chart.yaml.
    const fromRepo = (name: string) => readSettings(bare({ chart: name, repo: 'https://charts.example.com', 'chart-version': '1.0.0' }), env).chart!;
    expect(fromRepo('examples')).toMatchObject({ chart: 'examples', release: 'examples', repo: 'https://charts.example.com', version: '1.0.0' });
    expect(fromRepo('examples/sample-chart')).toMatchObject({ chart: 'examples/sample-chart', release: 'sample-chart' });
    expect(s.report).toMatchObject({ comment: false, prNumber: 17 });
  });

  it('another cluster-name gets a report directory and an artifact of its own (two clusters in one job)', () => {
    const chart = 'examples/sample-chart';
    const first = readSettings(runnerInputs({ chart }), env);
    expect(first.report).toMatchObject({ dir: '/runner/_temp/apisnoop', artifactName: 'apisnoop-report' });
    const second = readSettings(runnerInputs({ chart, 'cluster-name': 'two' }), env);
    expect(second.report).toMatchObject({ dir: '/runner/_temp/apisnoop-two', artifactName: 'apisnoop-report-two' });
    // Given, they are kept.
    expect(readSettings(runnerInputs({ chart, 'cluster-name': 'two', 'artifact-name': 'mine', 'report-dir': '/r' }), env).report).toMatchObject({ dir: '/r', artifactName: 'mine' });
  });

  it('a report-dir that names a file, or lies under one, is refused as that input, not as a bare EEXIST or ENOTDIR', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'apisnoop-report-dir-'));
    try {
      const file = path.join(root, 'report.txt');
      writeFileSync(file, '');
      const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
      expect(() => readSettings(bare({ 'audit-log': log, 'report-dir': file }), env)).toThrow(`input "report-dir": ${file} is a file, not a directory`);
      expect(() => readSettings(bare({ 'audit-log': log, 'report-dir': path.join(file, 'a/b') }), env)).toThrow(
        `input "report-dir": ${path.join(file, 'a/b')} lies under ${file}, which is a file, not a directory`,
      );
      // A directory, or one that can be made, is taken.
      expect(readSettings(bare({ 'audit-log': log, 'report-dir': path.join(root, 'new/dir') }), env).report.dir).toBe(path.join(root, 'new/dir'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes a release or a spec file in next-releases and conformance, a full version, and node-image for an unpinned one', () => {
    const s = readSettings(bare({ chart, 'next-releases': '1.37, v1.38.1, README.md', conformance: 'v1.36.2', 'kubernetes-version': '1.20.7' }), env);
    expect(s.analysis).toMatchObject({ nextReleases: ['1.37', 'v1.38.1', path.join(repoRoot, 'README.md')], conformance: 'v1.36.2', kubernetesVersion: '1.20.7' });
    expect(readSettings(bare({ chart, 'kubernetes-version': '1.20', 'node-image': 'kindest/node:v1.20.15' }), env).cluster?.nodeImage).toBe('kindest/node:v1.20.15');
    // What the refusal of an unquoted 1.30 (read as 1.3) says to give is taken.
    expect(readSettings(bare({ chart, 'kubernetes-version': '1.30.0' }), env).cluster?.kubernetesVersion).toBe('1.30.0');
    // An older kind is fine up to 1.36 (kubeadm still reads v1beta3 there), and kind from PATH is not second-guessed.
    expect(readSettings(bare({ chart, 'kind-version': 'v0.31.0', 'kubernetes-version': '1.36' }), env).cluster?.tools.kind).toBe('v0.31.0');
    expect(readSettings(bare({ chart, 'kind-version': 'system', 'kubernetes-version': '1.37' }), env).cluster?.tools.kind).toBe('system');
    expect(readSettings(bare({ chart, 'kind-version': 'v0.32.0', 'kubernetes-version': '1.37' }), env).cluster?.tools.kind).toBe('v0.32.0');
  });

  it('service account names may hold dots, as Kubernetes allows (DNS subdomains)', () => {
    const s = readSettings(bare({ chart, 'service-account': 'my.operator', 'service-accounts': 'shop:my.sa' }), env);
    expect(s.chart?.serviceAccount).toBe('my.operator');
    expect(s.analysis.selection.serviceAccounts).toContain('shop:my.sa');
  });

  it('fail-on and rbac-fail-on take their words in any case, as the CLI does; fail-on is parsed by the CLI\'s own parser', () => {
    const policy = (given: Partial<Record<InputName, string>>) => readSettings(bare({ chart, ...given }), env).analysis.policy;
    expect(policy({ 'fail-on': 'Beta' }).failOn).toEqual(['beta']);
    expect(policy({ 'fail-on': 'ALPHA, Removed\nbeta' }).failOn).toEqual(['alpha', 'removed', 'beta']);
    // Words apart, as `apisnoop analyze --fail-on "alpha beta"` takes them.
    expect(policy({ 'fail-on': 'alpha beta' }).failOn).toEqual(['alpha', 'beta']);
    expect(policy({ 'fail-on': 'None' }).failOn).toEqual([]);
    expect(readSettings(bare({ chart, 'rbac-fail-on': 'Overprivileged' }), env).rbac?.failOn).toEqual(['overprivileged']);
    expect(readSettings(bare({ chart, 'rbac-fail-on': 'NONE' }), env).rbac?.failOn).toEqual([]);
    // Reports mode: only what is given, so an empty fail-on is still the reports' own policy.
    const reports = (given: Partial<Record<InputName, string>>) => readSettings(runnerInputs({ reports: 'README.md', ...given }), env).analysis.policy;
    expect(reports({})).toEqual({});
    expect(reports({ 'fail-on': 'Removed' })).toEqual({ failOn: ['removed'] });
  });

  it('the keywords none, auto and off are taken in any case too (test-command: None runs no command named None)', () => {
    const s = readSettings(bare({ chart, 'test-command': 'None', rbac: 'Auto', 'next-releases': 'NONE', conformance: 'None', allow: 'none' }), env);
    expect(s.chart!.testCommand).toBeNull();
    expect(s.rbac).not.toBeNull();
    expect(s.analysis.nextReleases).toEqual([]);
    expect(s.analysis.conformance).toBe('none');
    expect(s.analysis.policy.allow).toEqual([]);
    expect(readSettings(bare({ chart, rbac: 'OFF' }), env).rbac).toBeNull();
    // none given twice is none, as the CLI reads --allow none --allow none; beside entries it is refused, as there.
    const twice = readSettings(bare({ chart, allow: 'none none', 'next-releases': 'None, NONE' }), env);
    expect([twice.analysis.policy.allow, twice.analysis.nextReleases]).toEqual([[], []]);
    expect(() => readSettings(bare({ chart, 'next-releases': 'none, 1.34' }), env)).toThrow('input "next-releases": none cannot be given with releases (1.34): none is an empty list');
    expect(() => readSettings(bare({ chart, allow: 'None, batch' }), env)).toThrow('input "allow": none cannot be given with entries (batch): none is an empty list');
    expect(readSettings(bare({ chart, conformance: 'AUTO' }), env).analysis.conformance).toBe('auto');
    expect(() => readSettings(bare({ chart, rbac: 'Sometimes' }), env)).toThrow('input "rbac": "Sometimes" is not auto or off');
  });

  it('audit-log mode needs no chart and selects nothing by default', () => {
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    const s = readSettings(bare({ 'audit-log': log, 'fail-on': 'none' }), env);
    expect(s.mode).toBe('audit-log');
    expect(s.chart).toBeNull();
    expect(s.cluster).toBeNull();
    expect(s.analysis.auditLogs).toEqual([log]);
    expect(s.analysis.policy.failOn).toEqual([]);
    expect(s.analysis.selection).toMatchObject({ namespaces: [], serviceAccounts: [], userAgents: [] });
    // The run rules, with the operation rules or alone, in either mode.
    expect(readSettings(bare({ 'audit-log': log, 'fail-on': 'alpha,beta,empty,invalid' }), env).analysis.policy.failOn).toEqual(['alpha', 'beta', 'empty', 'invalid']);
    expect(readSettings(bare({ reports: 'README.md', 'fail-on': 'invalid' }), env).analysis.policy).toEqual({ failOn: ['invalid'] });
  });

  it('audit-log mode: namespace selects the app\'s namespace and service accounts, and names the app unless release does', () => {
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    const s = readSettings(runnerInputs({ 'audit-log': log, namespace: 'shop' }), env);
    expect(s.analysis.selection).toMatchObject({ namespaces: ['shop'], serviceAccounts: ['shop:*'], users: [], userAgents: [] });
    expect(s.analysis.app).toBe('shop');
    expect(readSettings(runnerInputs({ 'audit-log': log, namespace: 'shop', release: 'shop-operator' }), env).analysis.app).toBe('shop-operator');
    // The selection inputs replace the namespace's default, as with a chart.
    expect(readSettings(runnerInputs({ 'audit-log': log, namespace: 'shop', namespaces: 'a b', 'service-accounts': 'a:ctl' }), env).analysis.selection).toMatchObject({
      namespaces: ['a', 'b'],
      serviceAccounts: ['a:ctl'],
    });
    // Neither given: no name, nothing selected by default (as before).
    expect(readSettings(runnerInputs({ 'audit-log': log }), env).analysis.app).toBeNull();
    expect(() => readSettings(bare({ 'audit-log': log, namespace: 'Shop' }), env)).toThrow('input "namespace": "Shop" is not a valid namespace name');
    expect(() => readSettings(bare({ 'audit-log': log, release: 'my_app' }), env)).toThrow('input "release": "my_app" is not a valid name for the app (lower-case letters, digits and -, at most 63)');
    // A chart names the app by its release.
    expect(readSettings(runnerInputs({ chart }), env).analysis.app).toBe('sample-chart');
  });

  it('a selection value given twice is kept once, as the CLI keeps it', () => {
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    const s = readSettings(bare({ 'audit-log': log, namespaces: 'a b a,b', 'service-accounts': 'a:x a:x', users: 'bob,bob', 'user-agents': 'helm\nhelm' }), env);
    expect(s.analysis.selection).toMatchObject({ namespaces: ['a', 'b'], serviceAccounts: ['a:x'], users: ['bob'], userAgents: ['helm'] });
  });

  it('a run that makes no cluster refuses the inputs of the cluster and the install, but takes their defaults as the runner hands them over', () => {
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    const given: Array<[InputName, string, string]> = [
      ['chart-version', '1.2.3', "is an option of the chart's helm install"],
      ['repo', 'https://charts.example.com', "is an option of the chart's helm install"],
      ['values', 'values.yaml', "is an option of the chart's helm install"],
      ['set', 'a=b', "is an option of the chart's helm install"],
      ['helm-timeout', '10m', "is an option of the chart's helm install and helm test"],
      ['service-account', 'app', 'is created in the namespace before the install'],
      ['test-command', 'make e2e', "runs the app's tests on the kind cluster the Action makes"],
      ['node-image', 'kindest/node:v1.30.0', 'sets up the kind cluster the Action makes'],
      ['runtime-config', 'api/beta=true', 'sets up the kind cluster the Action makes'],
      ['cluster-name', 'second', 'names the kind cluster the Action makes'],
      ['kind-version', 'v0.31.0', 'is a tool of the kind cluster the Action makes'],
      ['kubectl-version', 'v1.34.0', 'is a tool of the kind cluster the Action makes'],
      ['helm-version', 'system', 'is a tool of the kind cluster the Action makes'],
    ];
    for (const [name, value, what] of given) {
      expect(() => readSettings(runnerInputs({ 'audit-log': log, [name]: value }), env)).toThrow(`input "${name}": ${what}: not used with "audit-log"`);
      expect(() => readSettings(runnerInputs({ reports: 'README.md', [name]: value }), env)).toThrow(`input "${name}": ${what}: not used with "reports"`);
    }
    // With reports, the app's namespace and name were the legs' to say.
    for (const name of ['namespace', 'release'] as const) {
      expect(() => readSettings(runnerInputs({ reports: 'README.md', [name]: 'shop' }), env)).toThrow(`input "${name}": is not used with "reports": each report was analyzed in its own job; set it there`);
    }
    expect(readSettings(runnerInputs({ 'audit-log': log }), env).mode).toBe('audit-log');
    expect(readSettings(runnerInputs({ reports: 'README.md' }), env).mode).toBe('reports');
  });

  it('reports mode: files as given and the report.json files under a directory, at any depth, in name order', () => {
    // As actions/download-artifact leaves a matrix's artifacts: one directory per artifact.
    const root = mkdtempSync(path.join(tmpdir(), 'apisnoop-reports-'));
    for (const leg of ['leg-b', 'leg-a/nested']) {
      mkdirSync(path.join(root, leg), { recursive: true });
      writeFileSync(path.join(root, leg, 'report.json'), '{}');
      writeFileSync(path.join(root, leg, 'report.md'), '');
    }
    // A leg whose run failed uploads its page and logs, no report.json; a leg's own subdirectories (audit/, rbac/)
    // and another workflow's artifact are not legs.
    mkdirSync(path.join(root, 'leg-c'));
    writeFileSync(path.join(root, 'leg-c', 'report.md'), '## ❌ APISnoop: sample: the run failed');
    mkdirSync(path.join(root, 'leg-b', 'audit'));
    writeFileSync(path.join(root, 'leg-b', 'audit', 'kube-apiserver-audit.log'), '');
    mkdirSync(path.join(root, 'test-results'));
    writeFileSync(path.join(root, 'test-results', 'report.md'), '# Test results');
    const single = path.join(root, 'single.json');
    writeFileSync(single, '{}');
    const s = readSettings(runnerInputs({ reports: `${root}\n${single}` }), env);
    expect(s.mode).toBe('reports');
    expect(s.reports).toEqual([path.join(root, 'leg-a/nested/report.json'), path.join(root, 'leg-b/report.json'), single]);
    expect(s.reportsMissing).toEqual([path.join(root, 'leg-c')]);
    expect(s.reportsExpected).toBeNull();
    expect(readSettings(runnerInputs({ reports: root, 'expected-reports': '3' }), env).reportsExpected).toBe(3);
    // One artifact given itself (download-artifact with a name): its own subdirectories are not legs.
    expect(readSettings(runnerInputs({ reports: path.join(root, 'leg-b') }), env).reportsMissing).toEqual([]);
    expect(s.chart).toBeNull();
    expect(s.rbac).toBeNull();
    // Not given (action.yml's default is empty): the reports' own policy, mergeReports' rule; given, each part judges.
    expect(s.analysis.policy).toEqual({});
    expect(readSettings(runnerInputs({ reports: root, 'fail-on': 'none' }), env).analysis.policy).toEqual({ failOn: [] });
    expect(readSettings(runnerInputs({ reports: root, allow: 'storage.k8s.io' }), env).analysis.policy).toEqual({ allow: ['storage.k8s.io'] });
    // Parted by spaces too: a folded scalar (allow: >-) joins its lines with spaces, which made one entry naming nothing.
    expect(readSettings(runnerInputs({ reports: root, allow: 'storage.k8s.io/v1beta1 admissionregistration.k8s.io,\npolicy' }), env).analysis.policy).toEqual({
      allow: ['storage.k8s.io/v1beta1', 'admissionregistration.k8s.io', 'policy'],
    });
    // "none" clears the reports' own allow list (empty would keep it).
    expect(readSettings(runnerInputs({ reports: root, allow: 'none' }), env).analysis.policy).toEqual({ allow: [] });
    // Not among entries, where it was one that named nothing: refused, as the CLI's --allow refuses it.
    expect(() => readSettings(runnerInputs({ reports: root, allow: 'None, policy' }), env)).toThrow('input "allow": none cannot be given with entries (policy): none is an empty list');
    expect(() => readSettings(bare({ chart, allow: 'extensions\nnone' }), env)).toThrow('input "allow": none cannot be given with entries (extensions)');
    // Only a leg without a report (the artifact of a failed run, in the comment workflow of fork PRs): its page is said.
    const failedOnly = readSettings(runnerInputs({ reports: path.join(root, 'leg-c') }), env);
    expect([failedOnly.reports, failedOnly.reportsMissing]).toEqual([[], [path.join(root, 'leg-c')]]);
    const empty = mkdtempSync(path.join(tmpdir(), 'apisnoop-reports-'));
    expect(() => readSettings(bare({ reports: empty }), env)).toThrow(`input "reports": ${empty} holds no report.json`);
    rmSync(root, { recursive: true });
    rmSync(empty, { recursive: true });
  });

  it('load-images and setup-command: local images, parted by commas, spaces or lines; a word that is no image reference, or a run without a cluster, is refused', () => {
    const chart = path.join(repoRoot, 'examples/sample-chart');
    expect(readSettings(bare({ chart, 'load-images': 'app:ci sidecar:ci,\nregistry.local:5000/team/x@sha256:0f1e' }), env).cluster!.loadImages).toEqual([
      'app:ci',
      'sidecar:ci',
      'registry.local:5000/team/x@sha256:0f1e',
    ]);
    expect(readSettings(bare({ chart }), env).cluster!.loadImages).toEqual([]);
    expect(() => readSettings(bare({ chart, 'load-images': 'app:ci;rm' }), env)).toThrow('input "load-images": "app:ci;rm" is not a Docker image reference (name[:tag] or name@digest)');
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    expect(() => readSettings(bare({ 'audit-log': log, 'load-images': 'app:ci' }), env)).toThrow('input "load-images": loads images into the kind cluster the Action makes: not used with "audit-log"');
    // setup-command too: it prepares the cluster, so a run without one refuses it.
    expect(readSettings(bare({ chart, 'setup-command': '  kubectl apply -f cert-manager.yaml\n' }), env).chart!.setupCommand).toBe('kubectl apply -f cert-manager.yaml');
    expect(readSettings(bare({ chart }), env).chart!.setupCommand).toBeNull();
    expect(() => readSettings(bare({ 'audit-log': log, 'setup-command': 'make cert-manager' }), env)).toThrow('input "setup-command": prepares the kind cluster the Action makes: not used with "audit-log"');
  });

  it("setup-command's user is left out of the selection, unless users names it, whole or by a pattern", () => {
    const chart = path.join(repoRoot, 'examples/sample-chart');
    const setup = 'kubectl apply -f cert-manager.yaml';
    expect(readSettings(bare({ chart, 'setup-command': setup }), env).analysis.selection).toMatchObject({ namespaces: ['sample-chart'], excludeUsers: ['apisnoop:setup-command'] });
    expect(readSettings(bare({ 'install-command': 'make deploy', namespace: 'ns1', 'setup-command': setup }), env).analysis.selection).toMatchObject({
      users: ['apisnoop:install-command'],
      excludeUsers: ['apisnoop:setup-command'],
    });
    // Without a setup-command there is no such user: nothing said of it in report.json.
    expect(readSettings(bare({ chart }), env).analysis.selection.excludeUsers).toBeUndefined();
    for (const users of ['apisnoop:setup-command', 'alice\napisnoop:*']) {
      expect(readSettings(bare({ chart, 'setup-command': setup, users }), env).analysis.selection.excludeUsers, users).toBeUndefined();
    }
    expect(readSettings(bare({ chart, 'setup-command': setup, users: 'apisnoop:install-*' }), env).analysis.selection.excludeUsers).toEqual(['apisnoop:setup-command']);
  });

  it('install-command installs the app instead of a chart: the namespace names it, helm is not selected, helm test runs nothing', () => {
    const make = 'docker build -t ctl:ci . && kind load docker-image ctl:ci --name "$APISNOOP_CLUSTER"\nmake deploy IMG=ctl:ci';
    // As the runner hands them over: helm-timeout's and test-command's defaults are there, and refused for neither.
    const s = readSettings(runnerInputs({ 'install-command': make, namespace: 'memcached-operator-system' }), env);
    expect(s.mode).toBe('cluster');
    expect(s.chart).toMatchObject({
      chart: null,
      installCommand: make,
      release: 'memcached-operator-system',
      namespace: 'memcached-operator-system',
      version: null,
      repo: null,
      valuesFiles: [],
      setValues: [],
      testCommand: 'helm test',
    });
    expect(s.cluster).toMatchObject({ name: 'apisnoop' });
    // The operator's controller runs as a service account of its namespace: that is what is kept, with what the
    // command did as the user it acts as (its CRDs, its ClusterRoles), and no helm.
    expect(s.analysis.selection).toMatchObject({
      namespaces: ['memcached-operator-system'],
      serviceAccounts: ['memcached-operator-system:*'],
      users: ['apisnoop:install-command'],
      userAgents: [],
    });
    // users given are the users kept, as namespaces and service-accounts given replace theirs.
    expect(readSettings(bare({ 'install-command': 'make deploy', namespace: 'ns1', users: 'alice' }), env).analysis.selection.users).toEqual(['alice']);
    // A chart's install is kept by helm's user agent instead; no user of its own.
    expect(readSettings(bare({ chart: path.join(repoRoot, 'examples/sample-chart') }), env).analysis.selection).toMatchObject({ users: [], userAgents: ['helm'] });
    // Least privilege stays on: without rbac-granted, what the command installed is read back from the cluster.
    expect(s.rbac).toEqual({ serviceAccounts: [], granted: [], failOn: [], threshold: 0 });
    const templates = path.join(repoRoot, 'examples/overgranted-chart/templates');
    expect(readSettings(bare({ 'install-command': 'make deploy', namespace: 'ns1', 'rbac-granted': templates, 'rbac-fail-on': 'overprivileged' }), env).rbac).toMatchObject({ granted: [templates], failOn: ['overprivileged'] });
    // release alone names the namespace too, as with a chart; the app's name may be as long as a namespace's.
    expect(readSettings(bare({ 'install-command': 'make deploy', release: 'shop' }), env).chart).toMatchObject({ release: 'shop', namespace: 'shop' });
    expect(readSettings(bare({ 'install-command': 'make deploy', namespace: 'n'.repeat(60) }), env).chart!.release).toBe('n'.repeat(60));
  });

  const bad: Array<[Partial<Record<InputName, string>>, string]> = [
    [{}, 'input "chart": required: the Helm chart to install (a path or repo/chart), unless "install-command", "audit-log" or "reports" is given'],
    // install-command: one installer, and helm's own inputs refused rather than left unused.
    [{ chart, 'install-command': 'make deploy', namespace: 'x' }, 'input "install-command": installs the app instead of "chart" (helm install): set one of them, not both'],
    [{ 'install-command': 'make deploy' }, 'input "namespace": required with "install-command": the namespace the app runs in'],
    [{ 'install-command': 'make deploy', namespace: 'x', values: 'examples/sample-chart/values.yaml' }, 'input "values": is a helm install option, not used with "install-command"'],
    [{ 'install-command': 'make deploy', namespace: 'x', set: 'a=b' }, 'input "set": is a helm install option'],
    [{ 'install-command': 'make deploy', namespace: 'x', 'chart-version': '1.0.0' }, 'input "chart-version": is a helm install option'],
    [{ 'install-command': 'make deploy', namespace: 'x', repo: 'https://charts.example.com' }, 'input "repo": is a helm install option'],
    [{ 'install-command': 'make deploy', namespace: 'x', 'helm-timeout': '10m' }, 'input "helm-timeout": is the timeout of helm install and helm test, not used with "install-command"'],
    [{ 'install-command': 'make deploy', namespace: 'x', 'audit-log': 'README.md' }, 'input "audit-log": set either "install-command"'],
    [{ 'install-command': 'make deploy', namespace: 'x', reports: 'README.md' }, 'input "reports": merges the reports of other jobs: set it without "install-command"'],
    [{ 'install-command': 'make deploy', namespace: 'My_NS' }, 'input "release": "My_NS" is not a valid name for the app'],
    [{ chart: './charts/typo' }, `input "chart": chart directory ${path.join(repoRoot, 'charts/typo')} does not exist`],
    // examples/ is a directory of the workspace: a path with a typo, not a repo/chart reference for helm to fail on later.
    [
      { chart: 'examples/sample-chrt' },
      `input "chart": chart directory ${path.join(repoRoot, 'examples/sample-chrt')} does not exist (examples/ is a directory of the workspace, so this is a path, not a repo/chart reference)`,
    ],
    // A bare name is no reference helm can fetch without repo, nor a path that exists: refused before the cluster is made.
    [
      { chart: 'mychart' },
      `input "chart": "mychart" is no directory of the workspace (${path.join(repoRoot, 'mychart')} does not exist), nor a repo/chart reference or an oci:// URL; for a chart of a repository, give its URL as repo`,
    ],
    [{ chart: 'a/b/c' }, 'input "chart": "a/b/c" is no directory of the workspace'],
    // A packaged chart is a file, never a reference: said as the archive it is, with repo too.
    [{ chart: 'dist/x.tgz' }, `input "chart": chart archive ${path.join(repoRoot, 'dist/x.tgz')} does not exist`],
    // With repo, the chart is a name in that repository: no path, archive or URL (helm would take a path as local).
    [{ chart: 'my-chart-1.0.0.tgz', repo: 'https://charts.example.com' }, 'input "chart": "my-chart-1.0.0.tgz" is a path, a chart archive or a URL, but with "repo" the chart is the name of a chart in that repository'],
    [{ chart: './examples/sample-chart', repo: 'https://charts.example.com' }, 'input "chart": "./examples/sample-chart" is a path, a chart archive or a URL, but with "repo"'],
    [{ chart, repo: 'https://charts.example.com' }, `input "chart": "${chart}" is a path, a chart archive or a URL, but with "repo"`],
    [{ chart: 'oci://registry.example.com/charts/nginx', repo: 'https://charts.example.com' }, 'input "chart": "oci://registry.example.com/charts/nginx" is a path, a chart archive or a URL'],
    // helm installs a local chart as it is: chart-version would go unused without a word.
    [{ chart, 'chart-version': '1.2.3' }, `input "chart-version": is the version of a chart of a repository (repo, oci://, repo/chart), not used with the local chart ${chart}`],
    [{ chart: 'examples/sample-chart', 'chart-version': '1.2.3' }, `input "chart-version": is the version of a chart of a repository (repo, oci://, repo/chart), not used with the local chart ${chart}`],
    [{ chart: 'examples' }, `input "chart": chart directory ${path.join(repoRoot, 'examples')} holds no Chart.yaml`],
    [{ chart, 'audit-log': 'x.log' }, 'input "audit-log": set either "chart"'],
    [{ 'audit-log': 'missing.log' }, `input "audit-log": audit log ${path.join(repoRoot, 'missing.log')} does not exist`],
    // No shell expands a workflow's input: a pattern is taken as a name.
    [
      { 'audit-log': 'logs/*.log' },
      `input "audit-log": audit log ${path.join(repoRoot, 'logs/*.log')} does not exist; nothing expanded its wildcard (a shell expands one unquoted, never in quotes or in a workflow's input): give the directory, which is read whole (recursively), or the files`,
    ],
    [{ reports: 'artifacts/*/report.json' }, `input "reports": report ${path.join(repoRoot, 'artifacts/*/report.json')} does not exist; nothing expanded its wildcard`],
    [{ chart, reports: 'README.md' }, 'input "reports": merges the reports of other jobs: set it without "chart"'],
    [{ 'audit-log': 'README.md', reports: 'README.md' }, 'input "reports": merges the reports of other jobs: set it without "audit-log"'],
    [{ reports: 'missing.json' }, `input "reports": report ${path.join(repoRoot, 'missing.json')} does not exist`],
    [{ reports: 'README.md', namespaces: 'shop' }, 'input "namespaces": is not used with "reports": each report was analyzed in its own job; set it there'],
    [{ reports: 'README.md', 'rbac-fail-on': 'overprivileged' }, 'input "rbac-fail-on": is not used with "reports"'],
    [{ reports: 'README.md', 'include-system': 'true' }, 'input "include-system": is not used with "reports"'],
    [{ reports: 'README.md', conformance: '1.33' }, 'input "conformance": is not used with "reports"'],
    [{ reports: 'README.md', 'kubernetes-version': '1.33' }, 'input "kubernetes-version": is not used with "reports"'],
    [{ reports: 'README.md', 'expected-reports': 'two' }, 'input "expected-reports": "two" is not a number of reports (1 or more)'],
    [{ reports: 'README.md', 'expected-reports': '0' }, 'input "expected-reports": "0" is not a number of reports (1 or more)'],
    [{ chart, 'expected-reports': '2' }, 'input "expected-reports": counts the legs of "reports": set it with reports'],
    // The CLI's words (parseFailOn), naming the input.
    [{ chart, 'fail-on': 'alpha,gamma' }, 'input "fail-on": unknown rule "gamma" (use alpha, beta, deprecated, removed, empty, invalid, or none)'],
    [{ chart, 'fail-on': 'Alpha,Gamma' }, 'input "fail-on": unknown rule "Gamma" (use alpha, beta, deprecated, removed, empty, invalid, or none)'],
    // never was taken as none since fail-on came to be parsed by parseFailOn, undocumented: rbac-fail-on, the CLI's
    // rbac --fail-on and the Action's fail-on before it refused it.
    [{ chart, 'fail-on': 'never' }, 'input "fail-on": unknown rule "never" (use alpha, beta, deprecated, removed, empty, invalid, or none)'],
    [{ chart, 'fail-on': 'none,alpha' }, 'input "fail-on": "none" reports only, it cannot go with other rules in "none,alpha" (use alpha, beta, deprecated, removed, empty, invalid, or none)'],
    [{ chart, 'fail-on': 'NONE,Alpha' }, 'input "fail-on": "none" reports only, it cannot go with other rules in "NONE,Alpha"'],
    [{ chart, 'fail-on': ',' }, 'input "fail-on": no rule given in "," (use alpha, beta, deprecated, removed, empty, invalid, or none)'],
    [{ reports: 'README.md', 'fail-on': ', ,' }, 'input "fail-on": no rule given in ", ,"'],
    // `analyze --fail-on` takes it; here least privilege has an input of its own.
    [
      { chart, 'fail-on': 'beta,overprivileged' },
      'input "fail-on": unknown rule "overprivileged" (use alpha, beta, deprecated, removed, empty, invalid, or none); least privilege is judged by the rbac-fail-on input',
    ],
    [{ chart, release: 'My_Release' }, 'input "release": "My_Release" is not a valid Helm release name'],
    [{ chart, namespace: 'a'.repeat(64) }, 'input "namespace"'],
    [{ chart, 'helm-timeout': '5 minutes' }, 'input "helm-timeout": "5 minutes" is not a duration'],
    [{ chart, set: 'novalue' }, 'input "set": "novalue" is not a key=value pair'],
    [{ chart, values: 'nope.yaml' }, `input "values": values file ${path.join(repoRoot, 'nope.yaml')} does not exist`],
    [{ chart, values: 'examples/sample-chart' }, `input "values": values file ${chart} is a directory: give the YAML files in it`],
    [{ chart, 'kubernetes-version': 'latest' }, 'input "kubernetes-version": "latest" is not a Kubernetes version'],
    [{ chart, 'kind-version': '0.33' }, 'input "kind-version": "0.33" is not an exact version'],
    // kind before v0.32.0 writes kubeadm v1beta3 for every release; kubeadm 1.37 removed it (kubernetes PR #136016).
    [
      { chart, 'kind-version': 'v0.31.0', 'kubernetes-version': '1.37' },
      'input "kind-version": kind v0.31.0 writes the kubeadm v1beta3 config, which Kubernetes 1.37\'s kubeadm no longer reads: use kind v0.32.0 or later (default v0.33.0), or Kubernetes 1.36 or earlier',
    ],
    [{ chart, 'kind-version': '0.30.0', 'node-image': 'kindest/node:v1.37.2' }, 'input "kind-version": kind v0.30.0 writes the kubeadm v1beta3 config'],
    [{ chart, 'kubernetes-version': '1.20' }, 'input "kubernetes-version": no kind node image is pinned for Kubernetes 1.20'],
    // What an unquoted 1.30 in a workflow becomes.
    [
      { chart, 'kubernetes-version': '1.3' },
      // 1.30 has no pinned image either: quoting alone only led to the next refusal.
      'input "kubernetes-version": no kind node image is pinned for Kubernetes 1.3 (pinned: 1.37, 1.36, 1.35, 1.34): YAML reads an unquoted 1.30 as the number 1.3, so quote it ("1.30"); 1.30 has no pinned image either, so give a full version such as "1.30.0", or set node-image',
    ],
    [{ chart: '--post-renderer=/tmp/x' }, 'input "chart": "--post-renderer=/tmp/x" starts with "-", which helm would read as a flag'],
    [{ chart, 'chart-version': '-1' }, 'input "chart-version": "-1" starts with "-"'],
    [{ chart, conformance: 'latest' }, 'input "conformance": "latest" is neither a Kubernetes release like 1.36 nor a file that exists'],
    [{ chart, 'next-releases': '1.37,foo' }, 'input "next-releases": "foo" is neither a Kubernetes release like 1.36 nor a file that exists'],
    [{ chart, 'runtime-config': 'storage.k8s.io/v1beta1' }, 'input "runtime-config"'],
    [{ chart, 'pr-number': '#12' }, 'input "pr-number": "#12" is not a pull request number'],
    [{ chart, comment: 'maybe' }, 'input "comment": "maybe" is not a boolean'],
    [{ chart, 'comment-key': 'a b' }, 'input "comment-key"'],
    [{ chart, 'service-accounts': 'just-a-name' }, 'input "service-accounts": service account "just-a-name" is not of the form namespace:name'],
    // The full form by the same rule (serviceAccountUser): a namespace alone, or a part too many, selected nothing.
    [{ chart, 'service-accounts': 'system:serviceaccount:ns1' }, 'input "service-accounts": service account "system:serviceaccount:ns1" is not of the form namespace:name'],
    [{ chart, 'service-accounts': 'ns1:sa1 system:serviceaccount:ns1:sa1:extra' }, 'input "service-accounts": service account "system:serviceaccount:ns1:sa1:extra" is not of the form'],
    [{ chart, 'service-accounts': 'system:serviceaccount:-ns:sa1' }, 'input "service-accounts": service account "system:serviceaccount:-ns:sa1" is not of the form namespace:name: a namespace'],
    // A namespace is matched whole: a name none can have, or a glob, would select nothing without a word.
    [{ chart, namespaces: 'ns1,Bad_NS' }, 'input "namespaces": "Bad_NS" is not a valid namespace name'],
    [{ 'audit-log': 'README.md', namespaces: 'ns* default' }, 'input "namespaces": "ns*" is not a valid namespace name'],
    [{ chart, 'cluster-name': 'Kind' }, 'input "cluster-name"'],
    [{ chart, rbac: 'on' }, 'input "rbac": "on" is not auto or off'],
    [{ chart, 'rbac-fail-on': 'overgranted' }, 'input "rbac-fail-on": "overgranted" is not none or overprivileged'],
    [{ chart, 'rbac-fail-on': 'Overgranted' }, 'input "rbac-fail-on": "Overgranted" is not none or overprivileged'],
    [{ chart, 'rbac-threshold': '-1' }, 'input "rbac-threshold": "-1" is not a whole number >= 0'],
    [{ chart, 'rbac-serviceaccount': 'sa1' }, 'input "rbac-serviceaccount": "sa1" is not a service account as namespace:name'],
    [{ chart, 'rbac-serviceaccount': 'ns1:*' }, 'input "rbac-serviceaccount": "ns1:*" is not a service account'],
    [{ chart, 'rbac-granted': 'rbac.yaml' }, `input "rbac-granted": RBAC manifest ${path.join(repoRoot, 'rbac.yaml')} does not exist`],
    [{ chart, rbac: 'off', 'rbac-fail-on': 'overprivileged' }, 'input "rbac-fail-on": overprivileged needs the RBAC comparison, which rbac: off turns off'],
    [{ 'audit-log': 'README.md', 'rbac-granted': 'examples' }, 'input "rbac-serviceaccount": with audit-log, rbac-granted needs the service account'],
    [{ 'audit-log': 'README.md', 'rbac-fail-on': 'overprivileged' }, 'input "rbac-fail-on": with audit-log, overprivileged needs rbac-serviceaccount and rbac-granted'],
  ];
  it.each(bad)('rejects %j', (given, message) => {
    expect(() => readSettings(bare(given), env)).toThrow(message);
  });
});

describe('helpers', () => {
  it('releaseFromChart', () => {
    expect(releaseFromChart('./charts/my-operator')).toBe('my-operator');
    expect(releaseFromChart('./charts/my-operator/')).toBe('my-operator');
    expect(releaseFromChart('bitnami/nginx')).toBe('nginx');
    expect(releaseFromChart('oci://ghcr.io/org/charts/Cool_Op')).toBe('cool-op');
    expect(releaseFromChart('dist/my-op-1.2.3.tgz')).toBe('my-op');
  });
  it('releaseFromChart: a chart at the repository root (".", "./") is named by its Chart.yaml, else by the directory', () => {
    const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'apisnoop-release-')), 'sample-operator');
    try {
      mkdirSync(path.join(workspace, 'chart'), { recursive: true });
      writeFileSync(path.join(workspace, 'Chart.yaml'), 'apiVersion: v2\nname: My_Operator\nversion: 0.1.0\n');
      // helm's own reading: the chart's name in Chart.yaml, as a release name.
      for (const chart of ['.', './', workspace]) {
        const s = readSettings(bare({ chart }), { ...env, GITHUB_WORKSPACE: workspace });
        expect(s.chart).toMatchObject({ chart: workspace, release: 'my-operator', namespace: 'my-operator' });
      }
      expect(releaseFromChart('./', workspace)).toBe('my-operator');
      // No Chart.yaml (helm will say so at install): the directory's own name, resolved from the workspace.
      expect(releaseFromChart('chart', workspace)).toBe('chart');
      expect(releaseFromChart('chart/..', workspace)).toBe('my-operator');
      expect(releaseFromChart('..', path.join(workspace, 'chart'))).toBe('my-operator');
      writeFileSync(path.join(workspace, 'Chart.yaml'), 'apiVersion: v2\nname: [not, a, name]\n');
      expect(releaseFromChart('.', workspace)).toBe('sample-operator');
      writeFileSync(path.join(workspace, 'Chart.yaml'), 'name: "{{ broken\n');
      expect(releaseFromChart('.', workspace)).toBe('sample-operator');
      // An explicit release wins.
      expect(readSettings(bare({ chart: '.', release: 'shop' }), { ...env, GITHUB_WORKSPACE: workspace }).chart!.release).toBe('shop');
    } finally {
      rmSync(path.dirname(workspace), { recursive: true, force: true });
    }
    // Nothing to name it by: the message says to set release, not that "" is a bad name.
    expect(releaseFromChart('.', '/')).toBe('');
    // (A directory without Chart.yaml is no chart at all, and said so first.)
    expect(() => readSettings(bare({ chart: '.' }), { ...env, GITHUB_WORKSPACE: '/' })).toThrow('input "chart": chart directory / holds no Chart.yaml');
    const unnamed = path.join(mkdtempSync(path.join(tmpdir(), 'apisnoop-ws-')), '___');
    mkdirSync(unnamed);
    writeFileSync(path.join(unnamed, 'Chart.yaml'), 'apiVersion: v2\nname: ___\n');
    try {
      expect(() => readSettings(bare({ chart: '.' }), { ...env, GITHUB_WORKSPACE: unnamed })).toThrow(
        'input "release": no release name could be derived from chart "." (no Chart.yaml name, no path or reference name): set release',
      );
    } finally {
      rmSync(path.dirname(unnamed), { recursive: true, force: true });
    }
    expect(() => readSettings(bare({ chart: 'oci://ghcr.io/org/charts/_' }), env)).toThrow('set release');
  });
  it('splitList', () => {
    expect(splitList(' a, b\n\nc ,')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });
  it('namespaces and service-accounts are parted by spaces too, as fail-on and the CLI part them (a name holds none); users and user-agents are not', () => {
    const log = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
    const s = readSettings(bare({ 'audit-log': log, namespaces: 'ns1 default', 'service-accounts': 'ns1:sa1  ns1:* , kube-system:x', users: 'Jane Doe', 'user-agents': 'kubectl/v1.36.0 (linux' }), env);
    // "ns1 default" was one namespace, matching nothing; "ns1:sa1 ns1:*" was refused as not namespace:name.
    expect(s.analysis.selection).toMatchObject({
      namespaces: ['ns1', 'default'],
      serviceAccounts: ['ns1:sa1', 'ns1:*', 'kube-system:x'],
      users: ['Jane Doe'],
      userAgents: ['kubectl/v1.36.0 (linux'],
    });
    // rbac-serviceaccount names service accounts too: "ns1:sa1 ns1:sa2" was refused as not namespace:name.
    const templates = path.join(repoRoot, 'examples/overgranted-chart/templates');
    expect(readSettings(bare({ 'audit-log': log, 'rbac-serviceaccount': 'ns1:sa1 ns1:sa2\nns1:sa3', 'rbac-granted': templates }), env).rbac).toMatchObject({ serviceAccounts: ['ns1:sa1', 'ns1:sa2', 'ns1:sa3'] });
  });
});

describe('the leg that writes the comment (readCommentWriter)', () => {
  const run = { GITHUB_RUN_ID: '8001', GITHUB_JOB: 'chart' };
  const inputs = { chart: 'charts/operator', release: 'op' };
  const writer = (matrix: Record<string, unknown> | null, given: Partial<Record<InputName, string>> = {}, env: Record<string, string> = run) =>
    readCommentWriter(runnerInputs({ ...inputs, ...given }, matrix), env);

  it('a job without a matrix is told by the inputs a matrix varies, as before: the leg of comments already written', () => {
    const byInputs = commentWriter('8001', 'chart', 'kubernetes-version 1.36, chart charts/operator, release op');
    expect(writer(null)).toEqual(byInputs);
    // Run from source (no runner: empty), an empty matrix, or the input given empty: no leg of a matrix either.
    for (const given of ['', '{}', ' null\n']) expect(writer(null, { 'matrix-leg': given })).toEqual(byInputs);
  });

  it('legs that differ only in set or an env var are two legs, each the same one in every run', () => {
    const a = writer({ tag: 'v1', 'kubernetes-version': '1.35' }, { set: 'image.tag=v1' });
    const b = writer({ tag: 'v2', 'kubernetes-version': '1.35' }, { set: 'image.tag=v2' });
    expect(a.leg).not.toBe(b.leg);
    expect([a.label, b.label]).toEqual(['matrix kubernetes-version 1.35, tag v1', 'matrix kubernetes-version 1.35, tag v2']);
    // A later run, whose runner lists the keys in another order, or writes them on one line: the same leg.
    const later = { GITHUB_RUN_ID: '8002', GITHUB_JOB: 'chart' };
    expect(writer({ 'kubernetes-version': '1.35', tag: 'v1' }, { set: 'image.tag=v1' }, later)).toEqual({ ...a, run: '8002' });
    expect(writer(null, { 'matrix-leg': '{"tag":"v1","kubernetes-version":"1.35"}' }, later).leg).toBe(a.leg);
    // Matrix legs over an env var only (the Action's inputs all the same): two legs.
    expect(writer({ shard: 1 }).leg).not.toBe(writer({ shard: 2 }).leg);
    // Another job with the same matrix, or another step of the leg with other inputs: another leg.
    expect(writer({ shard: 1 }, {}, { ...run, GITHUB_JOB: 'e2e' }).leg).not.toBe(writer({ shard: 1 }).leg);
    expect(writer({ shard: 1 }, { chart: 'charts/webhook' }).leg).not.toBe(writer({ shard: 1 }).leg);
  });

  it('a large matrix value is hashed whole but shown cut: the hidden line of the comment and the log never carry it', () => {
    const big = { config: { rules: Array.from({ length: 400 }, (_, i) => ({ name: `rule-${i}`, verbs: ['get', 'list'] })) }, os: 'ubuntu-24.04' };
    const other = structuredClone(big);
    other.config.rules[399]!.verbs.push('watch');
    const w = writer(big);
    // Only the end of the value differs: still two legs.
    expect(writer(other).leg).not.toBe(w.leg);
    expect(w.label.length).toBeLessThanOrEqual(200);
    expect(w.label).toMatch(/^matrix config \{"rules":\[\{"name":"rule-0",.*…, os ubuntu-24\.04$/);
    expect(w.label).not.toContain('rule-399');
    const line = writtenByLine(w);
    expect(line.length).toBeLessThan(500);
    expect(line).not.toContain('rule-1');
  });

  it('a value set by hand that is not JSON (a reusable workflow passing on the leg of its caller) names a leg as it is', () => {
    const a = writer(null, { 'matrix-leg': 'operator on 1.35' });
    expect(a.label).toBe('matrix-leg operator on 1.35');
    expect(a.leg).not.toBe(writer(null, { 'matrix-leg': 'operator on 1.34' }).leg);
    expect(a.leg).not.toBe(writer(null).leg);
  });
});
