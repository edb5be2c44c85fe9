// Why an install or its tests failed, as the cluster shows it: the app's pods that are not ready and why (an image that
// cannot be pulled, a crash loop, no node to run on), and the namespace's events. Read after the audit log is copied,
// so that these reads are not the app's requests; the post step deletes the cluster, so this is the only look at it.
import { logInfo } from '../github/log.js';
import { shippedRelease } from '../sources/specs.js';
import { runCommand, saidLast } from './command.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT } from './timeouts.js';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
  running?: object;
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodJson {
  metadata?: { name?: string };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

// A note is cut at 400 characters on the page: a pod's line must leave room for its name and its containers'.
const MESSAGE_MAX = 120;
const clip = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MESSAGE_MAX ? `${one.slice(0, MESSAGE_MAX - 1)}…` : one;
};

/** Why one container is not ready: its waiting or terminated state, with its restarts and last exit. */
function containerWhy(c: ContainerStatus, init: boolean): string | null {
  const name = `${init ? 'init container' : 'container'} ${c.name ?? '?'}`;
  const restarts = c.restartCount ? `, restarted ${c.restartCount} time${c.restartCount === 1 ? '' : 's'}` : '';
  const last = c.lastState?.terminated;
  const lastExit = last ? `, last exit code ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''}` : '';
  const w = c.state?.waiting;
  // A crash loop's message only repeats the pod's name and uid; its restarts and last exit tell.
  const message = w?.message && w.reason !== 'CrashLoopBackOff' ? `: ${clip(w.message)}` : '';
  if (w) return `${name}: ${w.reason ?? 'waiting'}${message}${restarts}${lastExit}`;
  const t = c.state?.terminated;
  // An init container that finished is done; an app container that exited 0 is a completed job's.
  if (t && (t.exitCode ?? 1) !== 0) return `${name}: ${t.reason ?? 'terminated'}, exit code ${t.exitCode ?? '?'}${t.message ? `: ${clip(t.message)}` : ''}${restarts}`;
  if (!init && c.state?.running && c.ready === false) return `${name}: running, not ready (its readiness probe)${restarts}`;
  return null;
}

/**
 * The pods of `kubectl get pods -o json` that are not ready, one line each: "name (phase): why". A pod that succeeded
 * (a finished job or test) and a ready one are left out.
 */
export function podsNotReady(list: { items?: PodJson[] }): string[] {
  const lines: string[] = [];
  for (const pod of list.items ?? []) {
    const s = pod.status ?? {};
    if (s.phase === 'Succeeded') continue;
    if (s.phase === 'Running' && s.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const why: string[] = [];
    const unscheduled = s.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled) why.push(`${unscheduled.reason ?? 'not scheduled'}${unscheduled.message ? `: ${clip(unscheduled.message)}` : ''}`);
    if (s.reason) why.push(`${s.reason}${s.message ? `: ${clip(s.message)}` : ''}`);
    for (const c of s.initContainerStatuses ?? []) {
      const w = containerWhy(c, true);
      if (w) why.push(w);
    }
    for (const c of s.containerStatuses ?? []) {
      const w = containerWhy(c, false);
      if (w) why.push(w);
    }
    lines.push(`${pod.metadata?.name ?? '?'} (${s.phase ?? 'unknown phase'})${why.length ? `: ${why.join('; ')}` : ''}`);
  }
  return lines;
}

// Pods said in the report, one note each; the step's log lists them all.
const PODS_SAID = 3;

/**
 * The pods of `namespace` that are not ready, as notes for the report (none: all ready, or they could not be read),
 * one a pod, then where the rest is; they and the namespace's events are printed in the step's log, in the group
 * `group` the last note points to.
 */
export async function diagnoseNamespace(kubectl: string, kubeconfig: string, namespace: string, group: string): Promise<string[]> {
  // A look, not the evidence: an API server that stopped answering must not hold the report back.
  const k = (args: string[], quiet: boolean) => runCommand(kubectl, ['--kubeconfig', kubeconfig, ...args, '--namespace', namespace, '--request-timeout', REQUEST_TIMEOUT], { quiet, timeoutMs: READ_TIMEOUT_MS });
  await k(['get', 'events', '--sort-by', '.lastTimestamp'], false);
  const got = await k(['get', 'pods', '--output', 'json'], true);
  if (!got.ok) {
    logInfo(`The pods of ${namespace} could not be read (${got.failure})${saidLast(got)}`);
    return [];
  }
  let pods: string[];
  try {
    pods = podsNotReady(JSON.parse(got.stdout) as { items?: PodJson[] });
  } catch (err) {
    logInfo(`kubectl get pods printed no pod list: ${(err as Error).message}`);
    return [];
  }
  logInfo(pods.length === 0 ? `Every pod of ${namespace} is ready (or done).` : `Pods of ${namespace} not ready:\n${pods.map((p) => `  ${p}`).join('\n')}`);
  if (pods.length === 0) return [];
  const log = `in the step's log (group "${group}")`;
  const rest =
    pods.length > PODS_SAID
      ? `${pods.length - PODS_SAID} more pods not ready, and the events of namespace ${namespace}, are ${log}.`
      : `The events of namespace ${namespace} are ${log}.`;
  return [...pods.slice(0, PODS_SAID).map((p) => `Not ready in namespace ${namespace}: pod ${p}`), rest];
}

/**
 * What to do when an install failed on a kind the cluster does not serve (helm's and kubectl's 'no matches for kind "X"
 * in version "G/V"', whose own advice is "ensure CRDs are installed first"), said from the release's shipped spec: a
 * Kubernetes API it has but the API server leaves off (a beta since 1.24, an alpha) is enabled with runtime-config; one
 * it no longer has is gone; a group it does not know is a custom resource's, whose CRD must be there first. null when
 * the output names no such kind.
 */
export async function unservedKindHint(output: string, release: string): Promise<string | null> {
  const m = /no matches for kind "([^"]+)" in version "([^"]+)"/.exec(output);
  if (!m) return null;
  const [, kind, gv] = m as unknown as [string, string, string];
  const [group, version] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
  const spec = await shippedRelease(release).catch(() => null);
  const of = (o: { group: string | null }): boolean => (o.group ?? '') === group;
  const versions = spec ? [...new Set(spec.operations.filter(of).map((o) => o.version).filter((v): v is string => !!v))].sort() : [];
  if (spec && versions.includes(version)) {
    const gate = /alpha/.test(version) ? ' (an alpha API may need its feature gate too, which this Action does not set)' : '';
    return `${gv} is a Kubernetes ${release} API that the API server leaves off by default: enable it with the input runtime-config: ${gv}=true${gate}.`;
  }
  if (versions.length > 0) {
    return `Kubernetes ${release} does not serve ${gv} (removed, or not there yet); it serves ${group || 'core'} as ${versions.map((v) => `${group ? `${group}/` : ''}${v}`).join(', ')}: move the ${kind} there, or test on another kubernetes-version.`;
  }
  if (!spec) return `If ${gv} is a Kubernetes API left off by default, enable it with the input runtime-config: ${gv}=true; if it is a custom resource's, its CustomResourceDefinition must be installed first.`;
  return `No CustomResourceDefinition defines ${kind} in ${gv}: ship it in the chart's crds/ (installed before the templates), or install another project's first with setup-command.`;
}
