// The helm command lines: install with the chart settings, and the test step.
import { describe, expect, it } from 'vitest';
import type { ChartSettings } from '../../src/action/settings.js';
import { installArgs, manifestArgs, testInvocation } from '../../src/cluster/helm.js';

const chart: ChartSettings = {
  chart: 'nginx',
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
    expect(testInvocation('/bin/helm', { ...chart, testCommand: 'make e2e && echo "done"' }, '/k')).toEqual({ file: 'bash', args: ['-c', 'make e2e && echo "done"'] });
    expect(testInvocation('/bin/helm', { ...chart, testCommand: null }, '/k')).toBeNull();
  });
});
