// The helm command lines: install with the chart settings, and the test step.
import { describe, expect, it } from 'vitest';
import type { ChartSettings } from '../../src/action/settings.js';
import { failedTestSuites, installArgs, manifestArgs, testInvocation, testLogsOnlyFailure, userCommandEnv } from '../../src/cluster/helm.js';

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
  it('helm test --logs that failed only on the logs of a test hook that left no pod is told apart from a failed test', () => {
    // helm 3 prints the release's status (a TEST SUITE and its Phase per test hook) on stdout, then the logs, and
    // returns the first error: a test that failed and whose pod its hook-failed policy deleted says "Phase: Failed".
    const status = (phases: string[]) =>
      'NAME: web\nLAST DEPLOYED: Sat Dec  5 11:50:00 2026\nNAMESPACE: web-ns\nSTATUS: deployed\nREVISION: 1\n' +
      phases.map((p, i) => `TEST SUITE:     web-test-${i}\nLast Started:   Sat Dec  5 11:50:02 2026\nLast Completed: Sat Dec  5 11:50:05 2026\nPhase:          ${p}\n`).join('') +
      '\n';
    const gone = 'Error: unable to get pod logs for web-test-1: pods "web-test-1" not found\n';
    expect(testLogsOnlyFailure({ stdout: status(['Succeeded', 'Succeeded']), stderr: gone })).toBe('web-test-1');
    expect(testLogsOnlyFailure({ stdout: status(['Succeeded', 'Failed']), stderr: gone })).toBeNull();
    expect(testLogsOnlyFailure({ stdout: status(['Running']), stderr: gone })).toBeNull();
    expect(testLogsOnlyFailure({ stdout: status(['Succeeded']), stderr: 'Error: 1 error occurred:\n\t* pod web-test-0 failed\n' })).toBeNull();
    expect(testLogsOnlyFailure({ stdout: 'NAME: web\n', stderr: gone })).toBeNull();
    // Which tests failed, which helm's error then leaves unsaid.
    expect(failedTestSuites(status(['Succeeded', 'Failed', 'Failed']))).toEqual(['web-test-1', 'web-test-2']);
    expect(failedTestSuites(status(['Succeeded', 'Running']))).toEqual([]);
    expect(failedTestSuites('NAME: web\nTEST SUITE: None\n')).toEqual([]);
    // The chart's notes and the pods' logs, printed after the status, are theirs: a "Phase:" line there is no test's.
    const after = 'NOTES:\nPhase: Failed is what a broken web prints\n\nPOD LOGS: web-test-0\nPhase:          Failed\n';
    expect(failedTestSuites(status(['Succeeded', 'Succeeded']) + after)).toEqual([]);
    expect(testLogsOnlyFailure({ stdout: status(['Succeeded', 'Succeeded']) + after, stderr: gone })).toBe('web-test-1');
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
