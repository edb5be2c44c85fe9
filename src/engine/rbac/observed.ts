// Observed RBAC: the fewest rules that allow exactly what the identity asked for.
import type { PolicyRule } from './objects.js';
import { identityText, type Identity, type RequestAttributes } from './identity.js';
import { type Grant, allows, grantAllows } from './authorizer.js';
import { byString, type Permission, sortVerbs, uniqSorted, verbRank } from './permission.js';

/**
 * Verbs whose requests carry no single object name, so a resourceNames restriction would deny them. A list or watch
 * names one when its field selector is metadata.name=NAME (RequestInfo takes the name from it, and audit records it
 * in objectRef), so it is restricted as a get is; one without a name leaves its rule unrestricted. A create names
 * its object only on a subresource (pods/exec, serviceaccounts/token) or when a PUT or server-side apply created it
 * (the authorizer saw the name): a POST to the collection has no name (requestAttributes), so the rule stays
 * unrestricted whenever the identity created by POST too.
 */
const UNNAMEABLE_VERBS = new Set(['deletecollection']);
const unnameable = (a: RequestAttributes): boolean => UNNAMEABLE_VERBS.has(a.verb);

/**
 * Permissions -> few rules, each allowing exactly the cross product it lists: verbs of one resource are merged
 * when they share resourceNames, then resources of one group when they share verbs and names. Deterministic.
 */
export function compactRules(perms: readonly Permission[]): PolicyRule[] {
  const urlVerbs = new Map<string, Set<string>>();
  // group -> names key -> resource -> verbs
  const res = new Map<string, Map<string, Map<string, Set<string>>>>();
  for (const p of namesMerged(perms)) {
    if (p.nonResourceURL !== undefined) {
      const s = urlVerbs.get(p.nonResourceURL) ?? new Set<string>();
      s.add(p.verb);
      urlVerbs.set(p.nonResourceURL, s);
      continue;
    }
    const g = p.apiGroup ?? '';
    const namesKey = JSON.stringify(uniqSorted(p.resourceNames ?? []));
    let byNames = res.get(g);
    if (!byNames) res.set(g, (byNames = new Map()));
    let byRes = byNames.get(namesKey);
    if (!byRes) byNames.set(namesKey, (byRes = new Map()));
    const verbs = byRes.get(p.resource ?? '') ?? new Set<string>();
    // The empty verb (OPTIONS through a proxy) is allowed by `*` only: written so, as a rule must.
    verbs.add(p.verb === '' ? '*' : p.verb);
    byRes.set(p.resource ?? '', verbs);
  }
  const rules: PolicyRule[] = [];
  for (const g of [...res.keys()].sort(byString)) {
    const byNames = res.get(g)!;
    for (const namesKey of [...byNames.keys()].sort(byString)) {
      const names = JSON.parse(namesKey) as string[];
      const byVerbs = new Map<string, string[]>();
      for (const [resource, verbs] of byNames.get(namesKey)!) {
        const vk = sortVerbs(verbs).join(',');
        byVerbs.set(vk, [...(byVerbs.get(vk) ?? []), resource]);
      }
      for (const [vk, resources] of byVerbs) {
        // Key order as kubectl prints a PolicyRule.
        rules.push({ apiGroups: [g], resources: uniqSorted(resources), ...(names.length > 0 ? { resourceNames: names } : {}), verbs: vk.split(',') });
      }
    }
  }
  rules.sort(compareRules);
  const byVerbs = new Map<string, string[]>();
  for (const [url, verbs] of urlVerbs) {
    const vk = sortVerbs(verbs).join(',');
    byVerbs.set(vk, [...(byVerbs.get(vk) ?? []), url]);
  }
  const urlRules = [...byVerbs].map(([vk, urls]) => ({ nonResourceURLs: uniqSorted(urls), verbs: vk.split(',') }));
  urlRules.sort(compareRules);
  return [...rules, ...urlRules];
}

/**
 * One permission per verb on a resource, its names together (a granted rule's are one permission per name): the
 * same requests allowed, in one rule rather than one per name. Without names, it allows any name, those included.
 */
function namesMerged(perms: readonly Permission[]): Permission[] {
  const out = new Map<string, Permission>();
  for (const p of perms) {
    if (p.nonResourceURL !== undefined) {
      out.set(`u\u0000${p.verb}\u0000${p.nonResourceURL}`, p);
      continue;
    }
    const key = ['r', p.verb, p.apiGroup ?? '', p.resource ?? ''].join('\u0000');
    const before = out.get(key);
    if (!before) out.set(key, p);
    else if (before.resourceNames && p.resourceNames) out.set(key, { ...before, resourceNames: uniqSorted([...before.resourceNames, ...p.resourceNames]) });
    else if (before.resourceNames) out.set(key, p);
  }
  return [...out.values()];
}

export const ruleKey = (r: PolicyRule): string =>
  [(r.apiGroups ?? []).join(','), (r.resources ?? []).join(','), (r.resourceNames ?? []).join(','), (r.nonResourceURLs ?? []).join(','), r.verbs.join(',')].join('|');
const joined = (xs: string[] | undefined): string => (xs ?? []).join(',');
/** Group, then resources, then unnamed before named, then URLs, then verbs in their usual order. */
const compareRules = (a: PolicyRule, b: PolicyRule): number =>
  byString(joined(a.apiGroups), joined(b.apiGroups)) ||
  byString(joined(a.resources), joined(b.resources)) ||
  byString(joined(a.resourceNames), joined(b.resourceNames)) ||
  byString(joined(a.nonResourceURLs), joined(b.nonResourceURLs)) ||
  verbRank(a.verbs[0]) - verbRank(b.verbs[0]) ||
  byString(joined(a.verbs), joined(b.verbs));

export interface ObservedRbac {
  /** Rules for a ClusterRole: cluster-scoped resources, requests across all namespaces, non-resource URLs. */
  clusterRules: PolicyRule[];
  /** Rules for a Role in each namespace the identity worked in (what the cluster rules do not already allow). */
  roles: Array<{ namespace: string; rules: PolicyRule[] }>;
}

export interface DeriveOptions {
  /** Restrict a rule to resourceNames when every request for it named one of at most this many objects. 0: never. */
  maxResourceNames?: number;
  /** Requests these grants already allow need no rule (the cluster's default roles). */
  alreadyAllowed?: Grant[];
}

export const DEFAULT_MAX_RESOURCE_NAMES = 3;

/** Requests of one scope -> permissions, names kept where the identity always used the same few. */
function permissionsOf(requests: readonly RequestAttributes[], maxNames: number): Permission[] {
  const groups = new Map<string, { a: RequestAttributes; names: Set<string>; unnamed: boolean }>();
  for (const a of requests) {
    if (!a.resourceRequest) continue;
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const key = [a.apiGroup, combined, a.verb].join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { a, names: new Set(), unnamed: false }));
    if (a.name) g.names.add(a.name);
    else g.unnamed = true;
  }
  const out: Permission[] = [];
  for (const { a, names, unnamed } of groups.values()) {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const restrict = !unnamed && !unnameable(a) && names.size > 0 && names.size <= maxNames;
    out.push({ verb: a.verb, apiGroup: a.apiGroup, resource, ...(restrict ? { resourceNames: uniqSorted(names) } : {}) });
  }
  for (const a of requests) if (!a.resourceRequest) out.push({ verb: a.verb, nonResourceURL: a.path });
  return out;
}

/** The minimal Role/ClusterRole rules that allow every request given (and, per verb and resource, nothing more). */
export function deriveRules(requests: readonly RequestAttributes[], opts: DeriveOptions = {}): ObservedRbac {
  const maxNames = opts.maxResourceNames ?? DEFAULT_MAX_RESOURCE_NAMES;
  const needed = requests.filter((a) => !allows(opts.alreadyAllowed ?? [], a));
  const clusterRules = compactRules(permissionsOf(needed.filter((a) => !a.resourceRequest || a.namespace === ''), maxNames));
  // A namespaced request the cluster rules already allow (list pods in all namespaces covers list pods in one) needs no Role.
  const clusterGrant: Grant = { scope: null, rules: clusterRules };
  const byNs = new Map<string, RequestAttributes[]>();
  for (const a of needed) {
    if (!a.resourceRequest || a.namespace === '' || grantAllows(clusterGrant, a)) continue;
    byNs.set(a.namespace, [...(byNs.get(a.namespace) ?? []), a]);
  }
  const roles = [...byNs.keys()].sort(byString).map((namespace) => ({ namespace, rules: wildcardVerbsAlone(compactRules(permissionsOf(byNs.get(namespace)!, maxNames))) }));
  return { clusterRules: wildcardVerbsAlone(clusterRules), roles };
}

/** A needed rule with `*` among its verbs (the empty verb needs it) is `*` alone: the others say nothing more. */
function wildcardVerbsAlone(rules: PolicyRule[]): PolicyRule[] {
  return rules.map((r) => (r.verbs.includes('*') && r.verbs.length > 1 ? { ...r, verbs: ['*'] } : r));
}

export function observedGrants(o: ObservedRbac): Grant[] {
  return [{ scope: null, rules: o.clusterRules }, ...o.roles.map((r) => ({ scope: r.namespace, rules: r.rules }))];
}

/** Kubernetes objects (Role, ClusterRole and their bindings to the identity) that `kubectl apply` accepts. */
export function observedObjects(o: ObservedRbac, identity: Identity, opts: { bindings?: boolean } = {}): Array<Record<string, unknown>> {
  // A service account by namespace and name: two of one name in different namespaces would share a ClusterRole.
  const who = identityText(identity);
  // Object names are path segments: no '/' or '%'.
  const name = `apisnoop:${who.replace(/[/%]/g, '-')}`;
  const metadata = (namespace?: string): Record<string, unknown> => ({
    name,
    ...(namespace ? { namespace } : {}),
    labels: { 'app.kubernetes.io/managed-by': 'apisnoop' },
    annotations: { 'apisnoop/identity': identity.username },
  });
  const subject = identity.serviceAccount
    ? { kind: 'ServiceAccount', name: identity.serviceAccount.name, namespace: identity.serviceAccount.namespace }
    : { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: identity.username };
  const api = 'rbac.authorization.k8s.io/v1';
  const out: Array<Record<string, unknown>> = [];
  const withBindings = opts.bindings !== false;
  if (o.clusterRules.length > 0) {
    out.push({ apiVersion: api, kind: 'ClusterRole', metadata: metadata(), rules: o.clusterRules });
    if (withBindings) {
      out.push({ apiVersion: api, kind: 'ClusterRoleBinding', metadata: metadata(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subject] });
    }
  }
  for (const r of o.roles) {
    out.push({ apiVersion: api, kind: 'Role', metadata: metadata(r.namespace), rules: r.rules });
    if (withBindings) {
      out.push({ apiVersion: api, kind: 'RoleBinding', metadata: metadata(r.namespace), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [subject] });
    }
  }
  return out;
}
