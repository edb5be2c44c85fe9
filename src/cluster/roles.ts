// The roles a release binds but does not ship (admin, edit, view, a Role made before the install): read from the
// cluster while it runs, as kubectl serves them, so that least privilege judges the grant instead of failing closed
// ("cannot judge: bound to ClusterRole view, which is not among the manifests given").
import { writeFile } from 'node:fs/promises';
import { BUILTIN_CLUSTER_ROLES } from '../engine/rbac/authorizer.js';
import type { RbacObjects } from '../engine/rbac/objects.js';
import { logInfo } from '../github/log.js';
import { runCommand } from './command.js';

export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Roles only: the RoleBinding's namespace. */
  namespace?: string;
}

const refText = (r: RoleRef): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

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
  return ['get', ref.kind.toLowerCase(), ref.name, ...ns, '--output', 'yaml', '--kubeconfig', kubeconfig];
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
    const got = await runCommand(kubectl, getRoleArgs(ref, kubeconfig), { quiet: true });
    if (got.ok && got.stdout.trim() !== '') {
      docs.push(`# ${refText(ref)}, as the cluster served it\n${got.stdout.trimEnd()}\n`);
      fetched.push(ref);
    } else logInfo(`${refText(ref)}, bound by the release, could not be read from the cluster (${got.failure ?? 'empty output'})`);
  }
  if (docs.length === 0) return null;
  await writeFile(file, docs.join('---\n'));
  logInfo(`Read from the cluster what the release binds but does not ship: ${fetched.map(refText).join(', ')} (${file})`);
  return { file, fetched };
}
