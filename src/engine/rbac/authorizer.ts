// The RBAC authorizer (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac: RuleAllows and its matchers), for the
// rules derived, the rules granted and the cluster's default roles.
import type { PolicyRule } from './objects.js';
import type { Identity, RequestAttributes } from './identity.js';

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  const verbs = rule.verbs ?? [];
  if (!verbs.includes('*') && !verbs.includes(a.verb)) return false;
  if (!a.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.replace(/\*+$/, ''))));
  }
  if (!(rule.apiGroups ?? []).some((g) => g === '*' || g === a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = (rule.resources ?? []).some((r) => r === '*' || r === combined || (a.subresource !== '' && r === `*/${a.subresource}`));
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}

/** Rules in force somewhere: everywhere (a ClusterRoleBinding, scope null) or in one namespace (a RoleBinding). */
export interface Grant {
  scope: string | null;
  rules: PolicyRule[];
}

export function grantAllows(g: Grant, a: RequestAttributes): boolean {
  // A RoleBinding grants nothing outside its namespace: no cluster-scoped resources, no non-resource URLs.
  if (g.scope !== null && (!a.resourceRequest || a.namespace !== g.scope)) return false;
  return g.rules.some((r) => ruleAllows(r, a));
}

export const allows = (grants: readonly Grant[], a: RequestAttributes): boolean => grants.some((g) => grantAllows(g, a));

/**
 * The bootstrap ClusterRoles every cluster binds (k8s bootstrappolicy/policy.go ClusterRoleBindings): discovery and
 * self reviews to system:authenticated, the public info (health, version) to system:unauthenticated as well.
 */
export const DEFAULT_ROLES: ReadonlyArray<{ name: string; groups: string[]; rules: PolicyRule[] }> = [
  {
    name: 'system:discovery',
    groups: ['system:authenticated'],
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  },
  {
    name: 'system:basic-user',
    groups: ['system:authenticated'],
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
  },
  { name: 'system:public-info-viewer', groups: ['system:authenticated', 'system:unauthenticated'], rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }] },
];

export function defaultGrants(identity: Identity): Grant[] {
  return DEFAULT_ROLES.filter((r) => r.groups.some((g) => identity.groups.includes(g))).map((r) => ({ scope: null, rules: r.rules }));
}

/** ClusterRoles a chart may bind without shipping them; only those whose rules are fixed are modelled. */
export const BUILTIN_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
  // Bound by extension apiservers and metrics adapters to delegate authentication and authorization to the
  // apiserver (bootstrappolicy/policy.go).
  'system:auth-delegator': [
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ],
};
