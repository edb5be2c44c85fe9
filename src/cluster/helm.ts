// The KAPIC's own steps: helm install, then its tests (helm test, or the user's command).
import type { ChartSettings } from '../action/settings.js';
import { readFile, writeFile } from 'node:fs/promises';
import { leastPrivilegeManifest } from '../sources/manifests.js';
import { runCommand, type CommandResult } from './command.js';

export function installArgs(c: ChartSettings, kubeconfig: string): string[] {
  const args = ['install', c.release, c.chart, '--namespace', c.namespace, '--kubeconfig', kubeconfig, '--wait', '--timeout', c.timeout];
  if (c.repo) args.push('--repo', c.repo);
  if (c.version) args.push('--version', c.version);
  for (const f of c.valuesFiles) args.push('--values', f);
  for (const pair of c.setValues) args.push('--set', pair);
  return args;
}

export function installChart(helm: string, c: ChartSettings, kubeconfig: string): Promise<CommandResult> {
  return runCommand(helm, installArgs(c, kubeconfig));
}

/** `helm test` (the default) runs the chart's test hooks; anything else is a bash command line. */
export function testInvocation(helm: string, c: ChartSettings, kubeconfig: string): { file: string; args: string[] } | null {
  if (c.testCommand === null) return null;
  if (c.testCommand === 'helm test') {
    return { file: helm, args: ['test', c.release, '--namespace', c.namespace, '--kubeconfig', kubeconfig, '--timeout', c.timeout, '--logs'] };
  }
  return { file: 'bash', args: ['-c', c.testCommand] };
}

export function runChartTests(helm: string, c: ChartSettings, kubeconfig: string): Promise<CommandResult> | null {
  const inv = testInvocation(helm, c, kubeconfig);
  if (!inv) return null;
  // The user's command reaches the cluster through KUBECONFIG and may use the release and namespace.
  return runCommand(inv.file, inv.args, {
    env: { KUBECONFIG: kubeconfig, APISNOOP_RELEASE: c.release, APISNOOP_NAMESPACE: c.namespace },
  });
}

/** What the release installed (its manifest, hooks excluded), as `helm get manifest` prints it. */
export function manifestArgs(c: ChartSettings, kubeconfig: string): string[] {
  return ['get', 'manifest', c.release, '--namespace', c.namespace, '--kubeconfig', kubeconfig];
}

/**
 * Writes the release's manifest to `file` (not to the log: it can be long), for the granted RBAC and the app's service
 * accounts. It holds all the chart rendered, values from secrets among them: sealManifest trims it before it is uploaded.
 */
export function getReleaseManifest(helm: string, c: ChartSettings, kubeconfig: string, file: string): Promise<CommandResult> {
  return runCommand(helm, manifestArgs(c, kubeconfig), { stdoutFile: file });
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
