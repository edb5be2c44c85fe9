// The grants no audit log can show used (GrantedRbac.unauditedResources), as rules by the scope they were granted in:
// what the RBAC an identity needs keeps of the manifests. Left out, a permission the identity may well use would go
// (update on an owner's finalizers, checked inside its write for blockOwnerDeletion; the kubelet's nodes subresources).
import { isKubeletSubresource, verbsCheckedForAnothersRequest } from './catalog.js';
import type { GrantedRbac } from './compare.js';
import type { ObjectRef, PolicyRule } from './objects.js';
import { compactRules, type ObservedRbac } from './observed.js';
import { byString, type Permission, uniqSorted } from './permission.js';

/**
 * The unaudited grants the manifests gave: of each rule, the verbs checked for another's request on the resources set
 * aside, with its names, in each scope its role was bound in (a Role's namespace; a ClusterRole's bindings, or those
 * of the ClusterRoles it is aggregated into), but a namespace's for a cluster-scoped resource. None without manifests.
 */
export function keptUnaudited(granted: GrantedRbac | null | undefined): ObservedRbac {
  const byScope = new Map<string | null, Permission[]>();
  for (const x of granted?.unauditedResources ?? []) {
    for (const scope of boundScopes(x.role, granted!)) {
      const perms = byScope.get(scope) ?? [];
      // A cluster-scoped owner's finalizers, which a RoleBinding there grants none of (the comparison said which).
      const ineffective = new Set(granted!.ineffective.filter((i) => scope !== null && i.binding.namespace === scope).flatMap((i) => i.resources));
      for (const name of x.resources) if (!ineffective.has(name)) perms.push(...unauditedPermissions(x.rule, name, scope));
      byScope.set(scope, perms);
    }
  }
  const namespaces = [...byScope.keys()].filter((s): s is string => s !== null).sort(byString);
  return {
    clusterRules: compactRules(byScope.get(null) ?? []),
    roles: namespaces.map((namespace) => ({ namespace, rules: compactRules(byScope.get(namespace)!) })).filter((r) => r.rules.length > 0),
  };
}

/** The observed rules with the kept ones after them, in the same ClusterRole and Roles (a namespace's Role made for them alone). */
export function withKept(observed: ObservedRbac, kept: ObservedRbac): ObservedRbac {
  const namespaces = uniqSorted([...observed.roles, ...kept.roles].map((r) => r.namespace));
  const rulesIn = (o: ObservedRbac, ns: string): PolicyRule[] => o.roles.find((r) => r.namespace === ns)?.rules ?? [];
  return {
    clusterRules: [...observed.clusterRules, ...kept.clusterRules],
    roles: namespaces.map((namespace) => ({ namespace, rules: [...rulesIn(observed, namespace), ...rulesIn(kept, namespace)] })),
  };
}

/** The rules of ObservedRbac, counted. */
export function rulesCount(o: ObservedRbac): number {
  return o.clusterRules.length + o.roles.reduce((n, r) => n + r.rules.length, 0);
}

/**
 * The scopes a role was bound in, as GrantedRbac.roles says: null for cluster-wide. An unaudited resource's role is the
 * deepest ClusterRole the rule was aggregated from, so the bound one may aggregate it through others.
 */
function boundScopes(role: ObjectRef, granted: GrantedRbac): Array<string | null> {
  const same = (a: ObjectRef, b: ObjectRef): boolean => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
  const into = role.kind === 'ClusterRole' ? aggregatedInto(role.name, granted.aggregations) : [];
  return [...new Set(granted.roles.filter((u) => same(u.role, role) || into.some((r) => same(u.role, r))).map((u) => u.scope))];
}

/** The ClusterRoles that aggregate a ClusterRole, through nested aggregation too (agg-top aggregating agg-mid aggregating it). */
function aggregatedInto(name: string, aggregations: GrantedRbac['aggregations']): ObjectRef[] {
  const found = new Map<string, ObjectRef>();
  const next = [name];
  for (let n = next.pop(); n !== undefined; n = next.pop()) {
    for (const a of aggregations) {
      // A cycle of aggregations ends at a role already found.
      if (!a.aggregates.includes(n) || found.has(a.clusterRole.name)) continue;
      found.set(a.clusterRole.name, a.clusterRole);
      next.push(a.clusterRole.name);
    }
  }
  return [...found.values()];
}

/**
 * The permissions a rule gave on one set-aside resource ("apps/deployments/finalizers", the core group's bare
 * "nodes/metrics"): only the verbs checked for another's request, the rule's others being judged as any grant. A
 * RoleBinding grants none of the kubelet's nodes subresources (cluster-scoped, as nodes are).
 */
function unauditedPermissions(rule: PolicyRule, name: string, scope: string | null): Permission[] {
  // Every such resource is a subresource: the group is what comes before two slashes.
  const parts = name.split('/');
  const [apiGroup, resource] = parts.length === 3 ? [parts[0]!, `${parts[1]!}/${parts[2]!}`] : ['', name];
  if (scope !== null && isKubeletSubresource(apiGroup, resource)) return [];
  const checked = verbsCheckedForAnothersRequest(apiGroup, resource, () => true);
  const verbs = rule.verbs.includes('*') ? checked : checked.filter((v) => rule.verbs.includes(v));
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? { resourceNames: uniqSorted(rule.resourceNames) } : {};
  return verbs.map((verb) => ({ verb, apiGroup, resource, ...names }));
}
