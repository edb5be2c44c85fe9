// The roles a release binds but does not ship (admin, edit, view, a Role made before the install): read from the
// cluster while it runs, as kubectl serves them, so that least privilege judges the grant instead of failing closed
// ("cannot judge: bound to ClusterRole view, which is not among the manifests given").
import { dump, load } from 'js-yaml';
import { writeFile } from 'node:fs/promises';
import { BUILTIN_CLUSTER_ROLES } from '../engine/rbac/authorizer.js';
import type { RbacObjects } from '../engine/rbac/objects.js';
import { logInfo } from '../github/log.js';
import { terminalLine } from '../terminal.js';
import { runCommand, saidLast } from './command.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT, timedOutText } from './timeouts.js';

export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Roles only: the RoleBinding's namespace. */
  namespace?: string;
}

const refText = (r: RoleRef): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/**
 * The comment heading an object read back from the cluster. Its name is the cluster's: RBAC names are checked only as
 * path segments, so one may hold a line break, which would end the comment and add an object to what is read; its
 * controls are written as visible escapes (terminalLine).
 */
const servedComment = (object: string): string => `# ${terminalLine(object)}, as the cluster served it\n`;

/**
 * The roles the bindings name that the objects do not define, in a fixed order; not the built-ins APISnoop models
 * (cluster-admin, system:auth-delegator), nor a name kubectl would take for a flag.
 */
export function unshippedRoles(objects: RbacObjects): RoleRef[] {
  const shipped = new Set(objects.roles.map((r) => refText({ kind: r.kind, name: r.name, namespace: r.kind === 'Role' ? r.namespace : undefined })));
  const wanted = new Map<string, RoleRef>();
  for (const b of objects.bindings) {
    const ref: RoleRef = b.roleRef.kind === 'Role' ? { kind: 'Role', name: b.roleRef.name, namespace: b.namespace } : { kind: 'ClusterRole', name: b.roleRef.name };
    const key = refText(ref);
    if (shipped.has(key) || (ref.kind === 'ClusterRole' && Object.hasOwn(BUILTIN_CLUSTER_ROLES, ref.name)) || ref.name.startsWith('-')) continue;
    wanted.set(key, ref);
  }
  return [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

export function getRoleArgs(ref: RoleRef, kubeconfig: string): string[] {
  const ns = ref.namespace !== undefined ? ['--namespace', ref.namespace] : [];
  return ['get', ref.kind.toLowerCase(), ref.name, ...ns, '--output', 'yaml', '--kubeconfig', kubeconfig, '--request-timeout', REQUEST_TIMEOUT];
}

/**
 * Reads each role from the cluster and writes those found to `file`, one YAML document each (with their
 * resourceVersion: read as served, an aggregated ClusterRole keeps the rules the controller gave it). Null when none
 * was found (no file written). A role the cluster lacks is said: its binding grants nothing.
 */
export async function fetchRoles(kubectl: string, refs: RoleRef[], kubeconfig: string, file: string): Promise<{ file: string; fetched: RoleRef[] } | null> {
  const docs: string[] = [];
  const fetched: RoleRef[] = [];
  for (const ref of refs) {
    const got = await runCommand(kubectl, getRoleArgs(ref, kubeconfig), { quiet: true, timeoutMs: READ_TIMEOUT_MS });
    if (got.ok && got.stdout.trim() !== '') {
      docs.push(`${servedComment(refText(ref))}${got.stdout.trimEnd()}\n`);
      fetched.push(ref);
    } else logInfo(`${refText(ref)}, bound by the release, could not be read from the cluster (${got.failure ?? 'empty output'})`);
  }
  if (docs.length === 0) return null;
  await writeFile(file, docs.join('---\n'));
  logInfo(`Read from the cluster what the release binds but does not ship: ${fetched.map(refText).join(', ')} (${file})`);
  return { file, fetched };
}

/** A Kubernetes object as kubectl prints it (-o yaml), the fields read here. */
interface Served {
  kind?: string;
  metadata?: { name?: string; namespace?: string; ownerReferences?: unknown[]; managedFields?: unknown; annotations?: Record<string, string> };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
  roleRef?: { kind?: string; name?: string };
}

const WORKLOADS = 'deployments,statefulsets,daemonsets,cronjobs,jobs,pods,serviceaccounts';
const RBAC_KINDS = 'clusterroles,clusterrolebindings,roles,rolebindings';

export function listArgs(kinds: string, namespace: string | null, kubeconfig: string): string[] {
  const where = namespace === null ? ['--all-namespaces'] : ['--namespace', namespace];
  return ['get', kinds, ...where, '--output', 'yaml', '--kubeconfig', kubeconfig, '--request-timeout', REQUEST_TIMEOUT];
}

/**
 * What an install-command installed that least privilege reads, read back from the cluster, since there is no release
 * manifest to print: the workloads and ServiceAccounts of the app's namespace that the install made (not those a
 * controller made, which name an owner; not the namespace's own `default`), every binding that names a service
 * account of the namespace or its group system:serviceaccounts:<namespace>, wherever it is, and the roles those bind,
 * as served (the built-ins APISnoop models aside). Bindings of the whole cluster to everyone authenticated are not
 * the app's grant and are left out. `also`: other namespaces whose service accounts are checked (rbac-serviceaccount),
 * whose bindings are read too. Written to `file`, one document each; or why it could not be read.
 */
export async function readGrantedFromCluster(
  kubectl: string,
  namespace: string,
  kubeconfig: string,
  file: string,
  also: string[] = [],
): Promise<{ file: string; bindings: number } | { unavailable: string }> {
  const list = async (kinds: string, ns: string | null): Promise<Served[] | string> => {
    const got = await runCommand(kubectl, listArgs(kinds, ns, kubeconfig), { quiet: true, timeoutMs: READ_TIMEOUT_MS });
    if (!got.ok) return `kubectl get ${kinds} failed (${got.failure})${timedOutText(got)}${saidLast(got)}`;
    try {
      const doc = load(got.stdout) as { items?: Served[] } | null;
      return Array.isArray(doc?.items) ? doc.items : [];
    } catch (err) {
      return `kubectl get ${kinds} printed no YAML list (${(err as Error).message.split('\n')[0]})`;
    }
  };
  const own = await list(WORKLOADS, namespace);
  if (typeof own === 'string') return { unavailable: own };
  const rbac = await list(RBAC_KINDS, null);
  if (typeof rbac === 'string') return { unavailable: rbac };
  const made = own.filter((o) => !o.metadata?.ownerReferences?.length && !(o.kind === 'ServiceAccount' && o.metadata?.name === 'default'));
  const checked = new Set([namespace, ...also]);
  const bindings = rbac.filter(
    (o) =>
      (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') &&
      (o.subjects ?? []).some(
        (s) =>
          (s.kind === 'ServiceAccount' && checked.has(s.namespace ?? o.metadata?.namespace ?? '')) ||
          (s.kind === 'Group' && checked.has(s.name?.replace(/^system:serviceaccounts:/, '') ?? '') && s.name?.startsWith('system:serviceaccounts:')),
      ),
  );
  const key = (kind: string | undefined, name: string | undefined, ns: string | undefined) => `${kind} ${kind === 'Role' ? `${ns}/` : ''}${name}`;
  const bound = new Set(bindings.map((b) => key(b.roleRef?.kind, b.roleRef?.name, b.metadata?.namespace)));
  const roles = rbac.filter(
    (o) =>
      (o.kind === 'Role' || o.kind === 'ClusterRole') &&
      bound.has(key(o.kind, o.metadata?.name, o.metadata?.namespace)) &&
      !(o.kind === 'ClusterRole' && Object.hasOwn(BUILTIN_CLUSTER_ROLES, o.metadata?.name ?? '')),
  );
  const docs = [...made, ...roles, ...bindings].map((o) => {
    // Bookkeeping the reader needs not: managedFields, and the last applied copy of the object (a second copy of it).
    const { managedFields: _fields, annotations = {}, ...metadata } = o.metadata ?? {};
    const { 'kubectl.kubernetes.io/last-applied-configuration': _applied, ...kept } = annotations;
    const object = { ...o, metadata: { ...metadata, ...(Object.keys(kept).length > 0 ? { annotations: kept } : {}) } };
    const at = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
    return `${servedComment(`${o.kind} ${at}${o.metadata?.name}`)}${dump(object, { lineWidth: -1, noRefs: true })}`;
  });
  await writeFile(file, docs.length > 0 ? docs.join('---\n') : `# Nothing in namespace ${namespace} was read from the cluster\n`);
  logInfo(`Read from the cluster what install-command installed in ${namespace}: ${made.length} workloads and ServiceAccounts, ${bindings.length} bindings of its service accounts, ${roles.length} roles they bind (${file})`);
  return { file, bindings: bindings.length };
}
