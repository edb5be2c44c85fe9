// The helm command lines: install with the chart settings, and the test step.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartSettings } from '../../src/action/settings.js';
import { hasChartDependencies, installArgs, manifestArgs, missingDependencies, testInvocation, userCommandEnv } from '../../src/cluster/helm.js';
import { repoRoot } from '../fakes/action-harness.js';

const chart: ChartSettings = {
  chart: 'nginx',
  installCommand: null,
  setupCommand: null,
  version: '18.1.0',
  repo: 'https://charts.example.com',
  release: 'web',
  namespace: 'web-ns',
  serviceAccount: null,
  valuesFiles: ['/ws/values.yaml', '/ws/ci.yaml'],
  setValues: ['image.tag=1.2,3', 'replicas=2'],
  timeout: '90s',
  testCommand: 'helm test',
};

describe('helm', () => {
  it('installs with --wait, the timeout, repo, version, values files in order and --set pairs', () => {
    expect(installArgs(chart, '/k/config')).toEqual([
      'install', 'web', 'nginx', '--namespace', 'web-ns', '--kubeconfig', '/k/config', '--wait', '--timeout', '90s',
      '--repo', 'https://charts.example.com', '--version', '18.1.0',
      '--values', '/ws/values.yaml', '--values', '/ws/ci.yaml',
      '--set', 'image.tag=1.2,3', '--set', 'replicas=2',
    ]);
  });
  it('reads back what the release installed: helm get manifest, in its namespace', () => {
    expect(manifestArgs(chart, '/k/config')).toEqual(['get', 'manifest', 'web', '--namespace', 'web-ns', '--kubeconfig', '/k/config']);
  });
  it('"helm test" runs the chart test hooks with their logs; another command runs in bash; none runs nothing', () => {
    expect(testInvocation('/bin/helm', chart, '/k/config')).toEqual({
      file: '/bin/helm',
      args: ['test', 'web', '--namespace', 'web-ns', '--kubeconfig', '/k/config', '--timeout', '90s', '--logs'],
    });
    expect(testInvocation('/bin/helm', { ...chart, testCommand: 'make e2e && echo "done"' }, '/k')).toEqual({ file: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make e2e && echo "done"'] });
    expect(testInvocation('/bin/helm', { ...chart, testCommand: null }, '/k')).toBeNull();
  });
  it('install-command: helm test (test-command left at its default) runs nothing; another test command runs in bash', () => {
    const operator: ChartSettings = { ...chart, chart: null, installCommand: 'make deploy', version: null, repo: null, valuesFiles: [], setValues: [] };
    expect(testInvocation('/bin/helm', operator, '/k')).toBeNull();
    expect(testInvocation('/bin/helm', { ...operator, testCommand: 'make test-e2e' }, '/k')).toEqual({ file: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make test-e2e'] });
    expect(() => installArgs(operator, '/k')).toThrow(/no chart/);
  });
  it("the user's commands get the kubeconfig, release, namespace and the kind cluster's name", () => {
    expect(userCommandEnv(chart, '/k/config', 'apisnoop')).toEqual({
      KUBECONFIG: '/k/config',
      APISNOOP_RELEASE: 'web',
      APISNOOP_NAMESPACE: 'web-ns',
      APISNOOP_CLUSTER: 'apisnoop',
    });
  });
});

describe('chart dependencies', () => {
  it("reads the missing ones from helm dependency list's table (uitable: tab-separated, padded, statuses of two words)", () => {
    const listed =
      'NAME      \tVERSION\tREPOSITORY                                \tSTATUS       \n' +
      'common    \t2.x.x  \thttps://charts.bitnami.com/bitnami        \tmissing      \n' +
      'postgresql\t12.1.2 \toci://registry-1.docker.io/bitnamicharts  \tok           \n' +
      'redis     \t17.0.0 \thttps://charts.bitnami.com/bitnami        \twrong version\n' +
      'vendored  \t0.1.0  \t                                          \tmissing      \n' +
      'lib       \t0.1.0  \tfile://../lib                             \tunpacked     \n\n' +
      'WARNING: "charts/old-1.0.0.tgz" is not in Chart.yaml.\n';
    expect(missingDependencies(listed)).toEqual(['common', 'vendored']);
    expect(missingDependencies('WARNING: no dependencies at charts/x/charts\n')).toEqual([]);
  });

  it('looks for them only in a chart directory of the checkout that declares some (Chart.yaml, or requirements.yaml of a v1 chart)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-chart-deps-'));
    try {
      const local = path.join(dir, 'app');
      cpSync(path.join(repoRoot, 'examples/sample-chart'), local, { recursive: true });
      const settings: ChartSettings = { ...chart, chart: local, repo: null };
      expect(hasChartDependencies(settings)).toBe(false);
      const chartYaml = path.join(local, 'Chart.yaml');
      const plain = readFileSync(chartYaml, 'utf8');
      writeFileSync(chartYaml, plain + 'dependencies:\n  - {name: common, version: 2.x.x, repository: https://charts.bitnami.com/bitnami}\n');
      expect(hasChartDependencies(settings)).toBe(true);
      // A chart of a repository, or a reference, is packaged with its dependencies.
      expect(hasChartDependencies({ ...settings, repo: 'https://charts.example.com' })).toBe(false);
      expect(hasChartDependencies({ ...settings, chart: 'bitnami/nginx' })).toBe(false);
      writeFileSync(chartYaml, plain);
      writeFileSync(path.join(local, 'requirements.yaml'), 'dependencies:\n  - {name: common, version: 1.x.x, repository: https://charts.bitnami.com/bitnami}\n');
      expect(hasChartDependencies(settings)).toBe(true);
      writeFileSync(path.join(local, 'requirements.yaml'), 'dependencies: []\n');
      expect(hasChartDependencies(settings)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
