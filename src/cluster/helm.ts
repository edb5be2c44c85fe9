// The KAPIC's own steps: helm install (or the user's install-command), then its tests (helm test, or the user's command).
import type { ChartSettings } from '../action/settings.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leastPrivilegeManifest } from '../sources/manifests.js';
import { runCommand, type CommandResult } from './command.js';
import { READ_TIMEOUT_MS } from './timeouts.js';

/** Every file absolute: a chart of a repository is installed from another directory (installApp). */
export function installArgs(c: ChartSettings, kubeconfig: string): string[] {
  if (c.chart === null) throw new Error('installArgs: no chart (install-command installs the app)');
  const args = ['install', c.release, c.chart, '--namespace', c.namespace, '--kubeconfig', path.resolve(kubeconfig), '--wait', '--timeout', c.timeout];
  if (c.repo) args.push('--repo', c.repo);
  if (c.version) args.push('--version', c.version);
  for (const f of c.valuesFiles) args.push('--values', path.resolve(f));
  for (const pair of c.setValues) args.push('--set', pair);
  return args;
}

/**
 * helm install of the chart, or the user's install-command (run as a test command is). helm v3 looks for the chart
 * as a path from its working directory first, even with --repo (LocateChart): a directory of the workspace named as
 * the repository's chart was installed instead, --repo and --version unused. A chart of a repository is installed
 * from an empty directory of its own, where its name is no path.
 */
export async function installApp(helm: string, c: ChartSettings, kubeconfig: string, cluster: string): Promise<CommandResult> {
  if (c.installCommand !== null) return runUserCommand(c.installCommand, c, kubeconfig, cluster);
  if (c.repo === null) return runCommand(helm, installArgs(c, kubeconfig));
  const cwd = await mkdtemp(path.join(process.env.RUNNER_TEMP || tmpdir(), 'apisnoop-helm-'));
  try {
    return await runCommand(helm, installArgs(c, kubeconfig), { cwd });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/**
 * `helm test` (the default) runs the chart's test hooks; anything else is a bash command line. No tests: none, or
 * helm test without a chart (install-command installed the app: the runner hands test-command's default over).
 */
export function testInvocation(helm: string, c: ChartSettings, kubeconfig: string): { file: string; args: string[] } | null {
  if (c.testCommand === null || (c.testCommand === 'helm test' && c.chart === null)) return null;
  if (c.testCommand === 'helm test') {
    return { file: helm, args: ['test', c.release, '--namespace', c.namespace, '--kubeconfig', kubeconfig, '--timeout', c.timeout, '--logs'] };
  }
  return { file: 'bash', args: bashArgs(c.testCommand) };
}

/**
 * A user's command as a workflow's `run:` step with `shell: bash` runs it (bash --noprofile --norc -eo pipefail): a
 * line that fails in a command of several lines (a docker build before `make deploy`) fails it, not only the last.
 */
export function bashArgs(command: string): string[] {
  return ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

/**
 * The environment of the user's commands (install-command, test-command): they reach the cluster through KUBECONFIG,
 * and may use the release, the namespace and the kind cluster's name (`kind load docker-image … --name`).
 */
export function userCommandEnv(c: ChartSettings, kubeconfig: string, cluster: string): Record<string, string> {
  return { KUBECONFIG: kubeconfig, APISNOOP_RELEASE: c.release, APISNOOP_NAMESPACE: c.namespace, APISNOOP_CLUSTER: cluster };
}

/** One of the user's commands (setup-command, install-command), in bash as a run: step, with userCommandEnv. */
export function runUserCommand(command: string, c: ChartSettings, kubeconfig: string, cluster: string): Promise<CommandResult> {
  return runCommand('bash', bashArgs(command), { env: userCommandEnv(c, kubeconfig, cluster) });
}

export function runChartTests(helm: string, c: ChartSettings, kubeconfig: string, cluster: string): Promise<CommandResult> | null {
  const inv = testInvocation(helm, c, kubeconfig);
  if (!inv) return null;
  return runCommand(inv.file, inv.args, { env: userCommandEnv(c, kubeconfig, cluster) });
}

/**
 * The test hook whose logs `helm test --logs` could not print, when that alone failed it: helm 3 reads the logs of a pod
 * named after each test hook once their delete policies have run, so a test pod deleted on success
 * (helm.sh/hook-delete-policy: hook-succeeded) or a test hook that is no pod (a Job, a ServiceAccount the tests use)
 * has none, and helm exits 1 though every test passed (helm issue #9098). Null when a test did not succeed (each
 * "Phase:" helm printed), or helm failed for another reason.
 */
export function testLogsOnlyFailure(res: Pick<CommandResult, 'stdout' | 'stderr'>): string | null {
  const gone = /^Error: unable to get pod logs for (\S+): pods "[^"]*" not found\s*$/m.exec(res.stderr);
  if (!gone) return null;
  const phases = [...testStatus(res.stdout).matchAll(/^Phase:\s+(\S+)\s*$/gm)].map((m) => m[1]);
  return phases.length > 0 && phases.every((p) => p === 'Succeeded') ? gone[1]! : null;
}

/**
 * The test suites `helm test` printed as failed ("Phase: Failed" under their "TEST SUITE:"), by name: helm returns
 * its last error, which is --logs' "unable to get pod logs" when the failed test's pod was deleted (hook-failed) or is
 * no pod, and names no test.
 */
export function failedTestSuites(stdout: string): string[] {
  return [...testStatus(stdout).matchAll(/^TEST SUITE:\s+(\S+)\s*\n(?:(?!TEST SUITE:).*\n)*?Phase:\s+Failed\s*$/gm)].map((m) => m[1]!);
}

/**
 * The release's status in `helm test`'s stdout: what comes before the chart's NOTES and the test pods' logs ("POD LOGS:
 * name"), which are the chart's and the tests' own text, where a line "Phase: Failed" says nothing of a test suite.
 */
const testStatus = (stdout: string): string => stdout.split(/^(?:NOTES|POD LOGS):/m, 1)[0]!;

/** What the release installed (its manifest, hooks excluded), as `helm get manifest` prints it. */
export function manifestArgs(c: ChartSettings, kubeconfig: string): string[] {
  return ['get', 'manifest', c.release, '--namespace', c.namespace, '--kubeconfig', kubeconfig];
}

/**
 * Writes the release's manifest to `file` (not to the log: it can be long), for the granted RBAC and the app's service
 * accounts. It holds all the chart rendered, values from secrets among them: sealManifest trims it before it is uploaded.
 * Stopped after `timeoutMs` (helm get has no timeout of its own): a hung API server held the job for GitHub's 6 hours.
 */
export function getReleaseManifest(helm: string, c: ChartSettings, kubeconfig: string, file: string, timeoutMs = READ_TIMEOUT_MS): Promise<CommandResult> {
  return runCommand(helm, manifestArgs(c, kubeconfig), { stdoutFile: file, timeoutMs });
}

/**
 * Leaves in a manifest file only what least privilege reads, line for line (leastPrivilegeManifest); what it kept and
 * left out. Done after least privilege has read the file as helm printed it, and before it is uploaded.
 */
export async function sealManifest(file: string): Promise<{ rbac: number; leftOut: number; secrets: number }> {
  const { text, ...counts } = leastPrivilegeManifest(await readFile(file, 'utf8'));
  await writeFile(file, text);
  return counts;
}
