// The cluster part of the Action: kind cluster with audit logging, namespace, images and setup-command, the install
// (helm or install-command) and its tests, then the audit log, the served spec and what least privilege reads.
// Every step after the cluster exists runs even when an earlier one failed, so that the audit log
// of a failing install or test is still collected and analyzed. The post step deletes the cluster in all cases.
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyAuditLogs, fetchServedSpec } from '../cluster/collect.js';
import { redactLogFile } from '../cluster/redact-log.js';
import { runCommand, saidLast, type CommandResult } from '../cluster/command.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT } from '../cluster/timeouts.js';
import { buildMissingDependencies, localChartDependencies } from '../cluster/chart-dependencies.js';
import { diagnoseNamespace, unservedKindHint } from '../cluster/diagnose.js';
import { failedTestSuites, getReleaseManifest, installApp, runChartTests, runUserCommand, testLogsOnlyFailure } from '../cluster/helm.js';
import { grantUser, INSTALL_BINDING, INSTALL_USER, SETUP_BINDING, SETUP_USER, writeImpersonatingKubeconfig } from '../cluster/install-identity.js';
import {
  buildKindConfig,
  clusterExists,
  controlPlaneContainer,
  createCluster,
  imageKubernetesVersion,
  loadImages,
  nodeImageFor,
  readKindTemplate,
} from '../cluster/kind.js';
import { fetchRoles, readGrantedFromCluster, unshippedRoles } from '../cluster/roles.js';
import { findOrInstall, reportedVersion, type ToolMirrors } from '../cluster/tools.js';
import { logInfo, logWarning } from '../github/log.js';
import { minorVersion } from '../engine/spec.js';
import { makeDir } from '../make-dir.js';
import { readManifests } from '../sources/manifests.js';
import type { CommandRun, Evidence, RunProblem } from './evidence.js';
import type { ActionSettings, ChartSettings, ClusterSettings } from './settings.js';
import { saveClusterState } from './state.js';

export async function runOnCluster(settings: ActionSettings, dir: string, mirrors?: ToolMirrors): Promise<Evidence> {
  const chart = settings.chart!;
  const cluster = settings.cluster!;
  const problems: RunProblem[] = [];
  const notices: string[] = [];

  const { image, ...tools } = await core.group('Install kind, kubectl and helm', async () => {
    const kind = await findOrInstall('kind', cluster.tools.kind, { mirrors });
    // kind from PATH ("system"): the version it reports says whether the pinned digests are its, not the word.
    const kindVersion = cluster.tools.kind === 'system' ? ((await reportedVersion('kind', kind)) ?? '') : cluster.tools.kind;
    const image = cluster.nodeImage || nodeImageFor(cluster.kubernetesVersion, kindVersion);
    const kubectlVersion = cluster.tools.kubectl || imageKubernetesVersion(image) || 'system';
    return {
      image,
      kind,
      kubectl: await findOrInstall('kubectl', kubectlVersion, { mirrors }),
      helm: await findOrInstall('helm', cluster.tools.helm, { mirrors }),
    };
  });

  // Outside the report directory, which a workflow may keep in its workspace or upload whole: kind's kubeconfig there
  // holds the cluster's client key, and the API server writes the mounted log as root.
  const work = path.join(process.env.RUNNER_TEMP || tmpdir(), `apisnoop-work-${cluster.name}`, 'cluster');
  const mountDir = path.join(work, 'audit-mount');
  const kubeconfig = path.join(work, 'kubeconfig');
  const configFile = path.join(work, 'kind-config.yaml');
  // Emptied first: the API server appends to the log it finds there.
  await rm(mountDir, { recursive: true, force: true });
  await makeDir(mountDir);
  const { template, policyFile } = await readKindTemplate();
  await writeFile(configFile, buildKindConfig(template, { policyFile, logDir: mountDir, runtimeConfig: cluster.runtimeConfig }));

  if (await clusterExists(tools.kind, cluster.name)) {
    // Not ours: the post step must not delete it, so no state is saved.
    throw new Error(`a kind cluster named "${cluster.name}" already exists on this runner; set cluster-name to another name`);
  }
  saveClusterState({ clusterName: cluster.name, kindPath: tools.kind, kubeconfig });

  const created = await core.group(`Create kind cluster ${cluster.name} (${image})`, () =>
    createCluster(tools.kind, { name: cluster.name, image, configFile, kubeconfig }),
  );
  if (!created.ok) problems.push({ note: `kind create cluster failed (${created.failure})${saidLast(created)}` });
  // The install or its tests failed: what the app's pods were stuck on is looked at once the log is copied.
  let diagnose = false;
  // install-command and setup-command ran acting as their users: the analysis checks that no request of their time
  // acted as anyone else, and that install-command's are in the log.
  let installRun: Evidence['installRun'];
  let setupRun: Evidence['setupRun'];

  if (created.ok) {
    const ready = await core.group(`Prepare namespace ${chart.namespace}`, async () => {
      await waitForDns(tools.kubectl, kubeconfig);
      return prepareNamespace(tools.kubectl, kubeconfig, chart.namespace, chart.serviceAccount);
    });
    if (ready) problems.push({ note: ready });
    // The user's install-command is run as its test-command is (bash, KUBECONFIG and the APISNOOP_* variables), but
    // acting as a user of its own, which the selection keeps (install-identity.ts).
    const installer = chart.installCommand !== null ? 'install-command' : 'helm install';
    const installKubeconfig = chart.installCommand !== null ? await actAs(INSTALL, tools.kubectl, kubeconfig, path.join(work, 'install-kubeconfig'), problems) : kubeconfig;
    // An operator's tests are its own (an e2e suite), not a chart's.
    const tested = chart.chart === null ? 'tests' : 'chart tests';
    const before = await beforeInstall(tools, cluster, chart, { kubeconfig, work }, tested, problems, notices);
    setupRun = before.setupRun;
    const canInstall = before.ok;
    // Without its images the app's pods would wait for --wait's whole timeout, pulling images no registry has; without
    // its prerequisites, the install fails anyway.
    if (canInstall) {
      const declared = localChartDependencies(chart);
      if (declared.length > 0) {
        const deps = await core.group('Chart dependencies', () => buildMissingDependencies(tools.helm, chart.chart!, declared));
        if (deps && 'problem' in deps) problems.push({ note: deps.problem });
        else if (deps) notices.push(`The chart's dependencies ${deps.built.join(', ')} were missing from charts/ and were fetched (helm dependency build).`);
      }
      // The Action sends nothing while it runs, as while setup-command does (helm's own install is not a user command).
      const from = Date.now();
      const install = await core.group(`${installer} ${chart.release}`, () => installApp(tools.helm, chart, installKubeconfig, cluster.name));
      if (installKubeconfig !== kubeconfig) installRun = { ...commandRun(INSTALL, from), succeeded: install.ok };
      if (!install.ok) {
        diagnose = true;
        const waited = chart.chart !== null ? helmWaited(install, `The release was not ready within helm-timeout (${chart.timeout})`) : '';
        problems.push({ note: `${installer} failed (${install.failure})${saidLast(install)}${waited}` });
        notices.push(`The ${tested} were skipped because the install failed.`);
        // A beta API left off, or a CRD not installed: helm's own advice ("ensure CRDs are installed first") is half of it.
        const version = imageKubernetesVersion(image) ?? cluster.kubernetesVersion;
        const release = minorVersion(version) ?? version;
        const hint = await unservedKindHint(`${install.stderr}\n${install.stdout}`, release);
        if (hint) notices.push(hint);
      } else {
        const tests = await core.group(tested[0]!.toUpperCase() + tested.slice(1), async () => runChartTests(tools.helm, chart, kubeconfig, cluster.name));
        // helm test passes on a chart without test hooks: said, since the report then holds no test's requests.
        if (tests?.ok && chart.testCommand === 'helm test' && /^TEST SUITE:\s+None\s*$/m.test(tests.stdout)) {
          notices.push(
            "helm test ran no tests: the chart has no test hooks (templates annotated helm.sh/hook: test), so the report holds the install's " +
              'requests and what the app did on its own. Add a test hook, or give test-command to exercise the app.',
          );
        }
        // helm test --logs failing only because a test hook left no pod to read: the tests passed.
        const logsGone = tests && !tests.ok && chart.testCommand === 'helm test' ? testLogsOnlyFailure(tests) : null;
        if (logsGone) {
          notices.push(
            `The chart's tests passed, but helm test --logs could not print the logs of ${logsGone}: helm reads a pod of that name after the hooks' ` +
              'delete policies ran, and a test pod deleted on success (hook-delete-policy hook-succeeded) or a test hook that is not a Pod has none (helm issue #9098).',
          );
        }
        if (tests && !tests.ok && !logsGone) {
          diagnose = true;
          const waited = chart.testCommand === 'helm test' ? helmWaited(tests, `The chart's tests did not finish within helm-timeout (${chart.timeout})`) : '';
          const failed = chart.testCommand === 'helm test' ? failedTestSuites(tests.stdout) : [];
          const which = failed.length > 0 ? `; failed: ${failed.join(', ')}` : '';
          problems.push({ note: `${tested} failed (${tests.failure}${which})${saidLast(tests)}${waited}` });
        }
        if (!tests) {
          notices.push(
            chart.testCommand !== null
              ? 'No tests were run: test-command is "helm test", which needs a chart; with install-command, give the command that runs your tests.'
              : 'No chart tests were run (test-command: none).',
          );
        }
      }
    }
    // It holds kind's client key and is needed no more: gone before anything might upload the report directory.
    if (installKubeconfig !== kubeconfig) await rm(installKubeconfig, { force: true });
  }

  const collected = await core.group('Collect the audit log and the served OpenAPI spec', async (): Promise<Evidence> => {
    let logs: string[];
    try {
      logs = await copyAuditLogs({ container: controlPlaneContainer(cluster.name), destDir: path.join(dir, 'audit'), hostDir: mountDir });
    } catch (err) {
      // (A cluster kind failed to create keeps its node, --retain: the log is there unless the node never started.)
      problems.push({ note: (err as Error).message });
      return { logs: [], artifactFiles: [], spec: null, problems, notices, manifest: null };
    }
    // Redacted at once (redact-log.ts), before the analysis reads it: report.json's inputIds then name the log the
    // artifact holds (a merge of reports of it counts it once), and no query a client sent is in report-dir. A log
    // that cannot be (a gzip cut short, a full disk) is still analyzed, but not uploaded.
    const artifactFiles: string[] = [];
    for (const log of logs) {
      try {
        await redactLogFile(log);
        artifactFiles.push(log);
      } catch (err) {
        logWarning(`${log}: its queries could not be taken out (${(err as Error).message}): analyzed, but left out of the artifact; report-dir's copy is as the API server wrote it`);
      }
    }
    let spec = settings.analysis.spec;
    let kubernetesVersion: string | undefined;
    if (!spec) {
      try {
        spec = await fetchServedSpec(tools.kubectl, kubeconfig, path.join(dir, 'openapi-v2.json'));
        artifactFiles.push(spec);
      } catch (err) {
        // The release the cluster runs: its node image says, when it names one (node-image), else kubernetes-version.
        const served = imageKubernetesVersion(image)?.replace(/^v/, '') ?? settings.analysis.kubernetesVersion;
        kubernetesVersion = served;
        logWarning(`${(err as Error).message}; matching against the Kubernetes ${served} spec instead`);
        notices.push(`The cluster's OpenAPI spec could not be read; requests were matched against the Kubernetes ${served} spec shipped with APISnoop.`);
      }
    }
    // After the log was copied, like the spec: helm's own reads of the release would otherwise count as the app's.
    let manifest: Evidence['manifest'] = null;
    if (settings.rbac && settings.rbac.granted.length === 0) {
      if (!created.ok) manifest = { unavailable: `the cluster was not created, so the ${chart.chart === null ? 'app' : 'chart'} was never installed` };
      else if (chart.chart === null) {
        // What a command applied is no release helm can print: read back from the cluster instead.
        const file = path.join(dir, 'rbac', 'cluster-rbac.yaml');
        await makeDir(path.dirname(file));
        const also = settings.rbac.serviceAccounts.map((sa) => sa.split(':')[0]!);
        const got = await readGrantedFromCluster(tools.kubectl, chart.namespace, kubeconfig, file, also);
        if ('file' in got) {
          manifest = { file };
          artifactFiles.push(file);
        } else manifest = { unavailable: `what install-command installed could not be read from the cluster: ${got.unavailable}` };
      } else {
        const file = path.join(dir, 'rbac', 'helm-manifest.yaml');
        await makeDir(path.dirname(file));
        const got = await getReleaseManifest(tools.helm, chart, kubeconfig, file);
        if (got.ok) {
          const roles = await readBoundRoles(tools.kubectl, file, chart.namespace, kubeconfig);
          manifest = { file, ...(roles ? { roles } : {}) };
          artifactFiles.push(file, ...(roles ? [roles] : []));
        } else manifest = { unavailable: `helm get manifest ${chart.release} failed (${got.failure})${saidLast(got)}` };
      }
    }
    return { logs, artifactFiles, spec, problems, notices, manifest, kubernetesVersion, installRun, setupRun };
  });
  if (diagnose) {
    // After the log was copied: these reads of the app's namespace would otherwise count as the app's requests.
    const group = `Pods and events of namespace ${chart.namespace}`;
    notices.push(...(await core.group(group, () => diagnoseNamespace(tools.kubectl, kubeconfig, chart.namespace, group))));
  }
  return collected;
}

/**
 * `said` when helm's wait ran out: its own words ("context deadline exceeded", or "timed out waiting for the condition"
 * before helm 3.10) name neither what it waited for nor the input that sets how long.
 */
function helmWaited(res: CommandResult, said: string): string {
  return /context deadline exceeded|timed out waiting for the condition/i.test(`${res.stderr}\n${res.stdout}`) ? `. ${said}.` : '';
}

/**
 * Waits until the cluster's DNS (deployment coredns) is available: kind create --wait waits for the node only, and a pod
 * that resolves a name before then (a test hook calling kubernetes.default.svc) fails at random. Not fatal: a cluster
 * without it, or one slow to start it, is warned about and the run goes on. Its reads are kind's admin's, in
 * kube-system, which no default selection keeps.
 */
async function waitForDns(kubectl: string, kubeconfig: string): Promise<void> {
  const args = ['--kubeconfig', kubeconfig, 'wait', '--namespace', 'kube-system', '--for', 'condition=Available', 'deployment/coredns', '--timeout', DNS_WAIT];
  const res = await runCommand(kubectl, args, { timeoutMs: READ_TIMEOUT_MS + 30_000 });
  if (!res.ok) logWarning(`The cluster's DNS (deployment coredns in kube-system) was not available within ${DNS_WAIT} (${res.failure})${saidLast(res)}: pods that resolve names may fail until it is`);
}
const DNS_WAIT = '120s';

/**
 * Namespace (and service account) for the chart; returns a problem note, or null when all is ready.
 * The audit log is recording: a read of /api/v1/namespaces/<ns> or of a service account in <ns> carries <ns> in its
 * objectRef, and the default selection would count it as the app's. So both are cluster-scoped lists filtered by
 * field (no namespace in objectRef); kubectl exits 0 with no output when nothing matches.
 */
async function prepareNamespace(kubectl: string, kubeconfig: string, namespace: string, serviceAccount: string | null): Promise<string | null> {
  // Bounded as the reads after the install are: the API server of a cluster just made may hang too.
  const k = (args: string[], quiet = false) => runCommand(kubectl, ['--kubeconfig', kubeconfig, ...args, '--request-timeout', REQUEST_TIMEOUT], { quiet, timeoutMs: READ_TIMEOUT_MS });
  const found = async (args: string[]) => {
    const res = await k([...args, '-o', 'name'], true);
    return res.ok && res.stdout.trim() !== '';
  };
  // "default" and the other built-in namespaces exist already. A list that fails is taken as "not there": the
  // create then says what is wrong.
  if (!(await found(['get', 'namespaces', '--field-selector', `metadata.name=${namespace}`]))) {
    // POST /api/v1/namespaces: no namespace in its objectRef.
    const ns = await k(['create', 'namespace', namespace]);
    if (!ns.ok) return `kubectl create namespace ${namespace} failed (${ns.failure})${saidLast(ns)}`;
  }
  // Pods cannot be created before the namespace's default service account exists (a second or two).
  let hasDefault = false;
  for (let i = 0; i < 60 && !hasDefault; i++) {
    hasDefault = await found(['get', 'serviceaccounts', '--all-namespaces', '--field-selector', `metadata.namespace=${namespace},metadata.name=default`]);
    if (!hasDefault) await sleep(1000);
  }
  if (!hasDefault) return `the default service account of namespace ${namespace} did not appear within a minute`;
  if (serviceAccount) {
    // In the app's namespace, so counted as the app's (docs/action.md says so).
    const sa = await k(['create', 'serviceaccount', serviceAccount, '--namespace', namespace]);
    if (!sa.ok) return `kubectl create serviceaccount ${serviceAccount} failed (${sa.failure})${saidLast(sa)}`;
  }
  return null;
}

/**
 * What comes before the install: the images of load-images loaded into the node, then setup-command (prerequisites
 * such as cert-manager) acting as SETUP_USER, whose requests the selection leaves out. Not ok, with a problem and a
 * notice, when the install cannot go ahead; setupRun, when setup-command ran acting as SETUP_USER.
 */
async function beforeInstall(
  tools: { kind: string; kubectl: string },
  cluster: ClusterSettings,
  chart: ChartSettings,
  { kubeconfig, work }: { kubeconfig: string; work: string },
  tested: string,
  problems: RunProblem[],
  notices: string[],
): Promise<{ ok: boolean; setupRun?: Evidence['setupRun'] }> {
  if (cluster.loadImages.length > 0) {
    const load = await core.group(`Load ${cluster.loadImages.join(', ')} into the cluster`, () => loadImages(tools.kind, cluster.name, cluster.loadImages));
    if (!load.ok) {
      problems.push({ note: `kind load docker-image failed (${load.failure})${saidLast(load)}` });
      notices.push(`The install and the ${tested} were skipped because the images could not be loaded into the cluster.`);
      return { ok: false };
    }
  }
  if (chart.setupCommand !== null) {
    const setupKubeconfig = await actAs(SETUP, tools.kubectl, kubeconfig, path.join(work, 'setup-kubeconfig'), problems);
    // The Action sends nothing while it runs: a request of this time by a client outside the cluster is the command's.
    const from = Date.now();
    const setup = await core.group('setup-command', () => runUserCommand(chart.setupCommand!, chart, setupKubeconfig, cluster.name));
    const setupRun = setupKubeconfig !== kubeconfig ? commandRun(SETUP, from) : undefined;
    // It holds kind's client key, as the install's does.
    if (setupKubeconfig !== kubeconfig) await rm(setupKubeconfig, { force: true });
    if (!setup.ok) {
      problems.push({ note: `setup-command failed (${setup.failure})${saidLast(setup)}` });
      notices.push(`The install and the ${tested} were skipped because setup-command failed.`);
      return { ok: false, setupRun };
    }
    return { ok: true, setupRun };
  }
  return { ok: true };
}

/** A user command that acts as a user of its own (install-identity.ts), and what the selection does with its requests. */
interface CommandIdentity {
  input: 'install-command' | 'setup-command';
  user: string;
  binding: string;
  /** What the selection does with its requests, as this user. */
  selected: string;
  /** What became of its requests, run as kind's admin instead. */
  asAdmin: string;
}
const INSTALL: CommandIdentity = {
  input: 'install-command',
  user: INSTALL_USER,
  binding: INSTALL_BINDING,
  selected: 'which the selection keeps',
  asAdmin: 'only its requests in the namespace were kept',
};
const SETUP: CommandIdentity = {
  input: 'setup-command',
  user: SETUP_USER,
  binding: SETUP_BINDING,
  selected: 'which the selection leaves out unless users names it',
  asAdmin: "its requests in the namespace were counted as the app's",
};

/** A user command's run acting as its identity's user, from `from` until now. */
function commandRun(id: CommandIdentity, from: number): CommandRun {
  return { command: id.input, user: id.user, from, to: Date.now() };
}

/**
 * The kubeconfig a user command runs with: acting as its identity's user, bound to cluster-admin first. When either
 * step fails, a problem (the step fails) and kind's own kubeconfig: the command still runs, as kind's admin.
 */
async function actAs(id: CommandIdentity, kubectl: string, kubeconfig: string, out: string, problems: RunProblem[]): Promise<string> {
  const asAdmin = (why: string): string => {
    problems.push({ note: `${why}: ${id.input} ran as kind's admin, and ${id.asAdmin}` });
    return kubeconfig;
  };
  const denied = await grantUser(kubectl, kubeconfig, id.user, id.binding);
  if (denied) return asAdmin(denied);
  try {
    await writeImpersonatingKubeconfig(kubeconfig, out, id.user);
  } catch (err) {
    return asAdmin((err as Error).message);
  }
  logInfo(`${id.input} acts as user ${id.user} (bound to cluster-admin), ${id.selected}`);
  return out;
}

/**
 * The roles the release binds but does not ship, read from the cluster into rbac/cluster-roles.yaml beside the
 * manifest; its path, or undefined when there are none (or the manifest cannot be read: least privilege says why).
 */
async function readBoundRoles(kubectl: string, manifest: string, namespace: string, kubeconfig: string): Promise<string | undefined> {
  const objects = await readManifests([manifest], namespace).catch(() => null);
  const refs = objects ? unshippedRoles(objects) : [];
  if (refs.length === 0) return undefined;
  try {
    const got = await fetchRoles(kubectl, refs, kubeconfig, path.join(path.dirname(manifest), 'cluster-roles.yaml'));
    return got?.file;
  } catch (err) {
    // A help, not the evidence: the log and the spec are collected, and the roles stay unresolved (cannot judge).
    logWarning(`The roles the release binds but does not ship were not kept: ${(err as Error).message}`);
    return undefined;
  }
}
