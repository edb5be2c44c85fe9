// The helm command lines: install with the chart settings, and the test step.
import { describe, expect, it } from 'vitest';
import type { ChartSettings } from '../../src/action/settings.js';
import { installArgs, manifestArgs, testInvocation, userCommandEnv } from '../../src/cluster/helm.js';

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
