// Least privilege from the audit log. For one identity: the RBAC rules its requests needed (observed), the rules
// the manifests bind to it (granted, wildcards expanded against the spec's resources), and the difference: rules
// granted but never exercised, riskiest first, and requests that were denied. Pure: requests, RBAC objects and
// spec operations in, plain data out. Matching follows k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac
// (RuleAllows, VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches).
import type { Request } from './audit.js';
import type { Operation } from './report.js';
import { effectiveUser } from './select.js';
import { apiPathInfo, splitPath } from './operation-index.js';

// ---------------------------------------------------------------------------------------------------------------
// RBAC objects (rbac.authorization.k8s.io/v1), as read from manifests

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** Where an object was read: file, line of its document, and the chart template for `helm template` output. */
export interface ObjectSource {
  file: string;
  line: number;
  template?: string;
}

export interface ObjectRef {
  kind: 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  source?: ObjectSource;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface RoleObject {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Roles only. */
  namespace?: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  /** ClusterRoles only: the controller fills rules with those of every ClusterRole these selectors match. */
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  source?: ObjectSource;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface BindingObject {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** RoleBindings only. */
  namespace?: string;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  subjects: Subject[];
  source?: ObjectSource;
}

export interface RbacObjects {
  roles: RoleObject[];
  bindings: BindingObject[];
}

// ---------------------------------------------------------------------------------------------------------------
// The identity and its requests

export interface Identity {
  /** The username the apiserver authorizes: system:serviceaccount:ns:name for a service account. */
  username: string;
  serviceAccount?: { namespace: string; name: string };
  /** Groups RBAC Group subjects are matched against. */
  groups: string[];
}

const SA_PREFIX = 'system:serviceaccount:';

/** `--serviceaccount ns:name` or `--user NAME` (a user named system:serviceaccount:ns:name is that service account). */
export function identityOf(opts: { serviceAccount?: string; user?: string }): Identity {
  if (opts.serviceAccount && opts.user) throw new Error('give one identity: --serviceaccount or --user, not both');
  let text = opts.serviceAccount ?? opts.user;
  if (!text) throw new Error('give the identity to check: --serviceaccount ns:name or --user NAME');
  if (text.includes('*')) throw new Error(`"${text}": RBAC rules are derived for one identity; wildcards are not allowed here`);
  if (opts.serviceAccount && !text.startsWith(SA_PREFIX)) {
    const parts = text.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`service account "${text}" is not of the form namespace:name`);
    text = SA_PREFIX + text;
  }
  if (text.startsWith(SA_PREFIX)) {
    const parts = text.slice(SA_PREFIX.length).split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`"${text}" is not of the form system:serviceaccount:namespace:name`);
    const [namespace, name] = parts;
    // The groups the service account token authenticator gives every service account.
    return { username: text, serviceAccount: { namespace, name }, groups: ['system:authenticated', 'system:serviceaccounts', `system:serviceaccounts:${namespace}`] };
  }
  return { username: text, groups: ['system:authenticated'] };
}

/** A user's groups come from the authenticator: take the ones the audit log recorded for it. */
export function withObservedGroups(identity: Identity, observed: Iterable<string>): Identity {
  return { ...identity, groups: [...new Set([...identity.groups, ...observed])].sort() };
}

export function isIdentityRequest(identity: Identity, req: Request): boolean {
  // Exact, case-sensitive match: RBAC subjects name users exactly (select.ts's filter is a case-insensitive glob).
  return effectiveUser(req) === identity.username;
}

/** What a request asked the authorizer (k8s.io/apiserver authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** Non-resource requests: the URL path without query. */
  path: string;
}

/** Where a resource request points, read from its URI as the apiserver's RequestInfo does. */
function uriTarget(segs: string[]): { apiGroup: string; resource: string; subresource: string; namespace: string; name: string } | null {
  const info = apiPathInfo(segs);
  if (!info?.resource) return null;
  let { namespace = '', resource, name = '', subresource = '' } = info;
  // /namespaces/{name}/status and /finalize are subresources of the namespace, not resources in it.
  if (namespace && !name && (resource === 'status' || resource === 'finalize')) [resource, name, subresource] = ['namespaces', namespace, resource];
  // A namespace is authorized in itself: GET /api/v1/namespaces/foo has namespace foo.
  if (resource === 'namespaces' && name && !namespace) namespace = name;
  return { apiGroup: info.group, resource, subresource, namespace, name };
}

/**
 * The RequestInfo view of an audited request: objectRef when the apiserver recorded one, else the URI. The name
 * is the URI's (except for list and watch, where a metadata.name field selector names the object): audit fills
 * objectRef.name of a create from the new object, but the authorizer saw no name.
 */
export function requestAttributes(req: Request): RequestAttributes | string {
  if (!req.verb) return 'no verb';
  const uri = req.requestURI ?? '';
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  const target = uriTarget(splitPath(path));
  const ref = req.objectRef;
  if (ref?.resource) {
    const versionGroup = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : undefined;
    const listing = req.verb === 'list' || req.verb === 'watch';
    return {
      verb: req.verb,
      resourceRequest: true,
      apiGroup: ref.apiGroup ?? versionGroup ?? target?.apiGroup ?? '',
      resource: ref.resource,
      subresource: ref.subresource ?? '',
      namespace: ref.namespace ?? '',
      name: target && !listing ? target.name : (ref.name ?? ''),
      path: '',
    };
  }
  if (target) return { verb: req.verb, resourceRequest: true, ...target, path: '' };
  if (!path.startsWith('/')) return `requestURI ${JSON.stringify(uri.slice(0, 100))} is not a path`;
  return { verb: req.verb, resourceRequest: false, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path };
}

/** Distinct request attributes with how often they were seen and denied: the unit every comparison works on. */
export interface ObservedRequest extends RequestAttributes {
  count: number;
  /** Answered 403 Forbidden. */
  denied: number;
}

export function attributesKey(a: RequestAttributes): string {
  return [a.verb, a.resourceRequest ? 'r' : 'n', a.apiGroup, a.resource, a.subresource, a.namespace, a.name, a.path].join('\u0000');
}

/** Collects one identity's requests into distinct attributes. */
export class RequestCollector {
  private readonly seen = new Map<string, ObservedRequest>();
  /** The groups the authenticator gave the identity, as the log recorded them. */
  readonly groups = new Set<string>();
  total = 0;
  readonly unusable: Array<{ auditID: string; reason: string }> = [];

  add(req: Request): void {
    this.total++;
    const a = requestAttributes(req);
    if (typeof a === 'string') {
      this.unusable.push({ auditID: req.auditID, reason: a });
      return;
    }
    for (const g of (req.impersonatedUser ?? req.user)?.groups ?? []) this.groups.add(g);
    const key = attributesKey(a);
    let o = this.seen.get(key);
    if (!o) this.seen.set(key, (o = { ...a, count: 0, denied: 0 }));
    o.count++;
    if (req.code === 403) o.denied++;
  }

  requests(): ObservedRequest[] {
    return [...this.seen.values()].sort(compareRequests);
  }
}

function compareRequests(a: RequestAttributes, b: RequestAttributes): number {
  return attributesKey(a) < attributesKey(b) ? -1 : attributesKey(a) > attributesKey(b) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The RBAC authorizer, for the rules we derive, the rules granted and the cluster's default roles

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

/** The bootstrap ClusterRoles every cluster binds to system:authenticated (k8s bootstrappolicy/policy.go). */
export const DEFAULT_ROLES: ReadonlyArray<{ name: string; group: string; rules: PolicyRule[] }> = [
  {
    name: 'system:discovery',
    group: 'system:authenticated',
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  },
  {
    name: 'system:basic-user',
    group: 'system:authenticated',
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
  },
  { name: 'system:public-info-viewer', group: 'system:authenticated', rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }] },
];

export function defaultGrants(identity: Identity): Grant[] {
  return DEFAULT_ROLES.filter((r) => identity.groups.includes(r.group)).map((r) => ({ scope: null, rules: r.rules }));
}

/** ClusterRoles a chart may bind without shipping them; only those whose rules are fixed are modelled. */
const BUILTIN_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Observed RBAC: the rules that allow exactly what the identity asked for

const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const verbRank = (v: string): number => {
  const i = VERB_ORDER.indexOf(v);
  return i === -1 ? VERB_ORDER.length : i;
};
export const sortVerbs = (verbs: Iterable<string>): string[] =>
  [...new Set(verbs)].sort((a, b) => verbRank(a) - verbRank(b) || (a < b ? -1 : a > b ? 1 : 0));

/** Verbs whose requests carry no single object name, so a resourceNames restriction would deny them. */
const UNNAMEABLE_VERBS = new Set(['list', 'watch', 'create', 'deletecollection']);

/** One permission: a verb on a group/resource (optionally some names), or a verb on a non-resource URL. */
export interface Permission {
  verb: string;
  apiGroup?: string;
  resource?: string;
  resourceNames?: string[];
  nonResourceURL?: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(byString);

/**
 * Permissions -> few rules, each allowing exactly the cross product it lists: verbs of one resource are merged
 * when they share resourceNames, then resources of one group when they share verbs and names. Deterministic.
 */
export function compactRules(perms: readonly Permission[]): PolicyRule[] {
  const urlVerbs = new Map<string, Set<string>>();
  // group -> names key -> resource -> verbs
  const res = new Map<string, Map<string, Map<string, Set<string>>>>();
  for (const p of perms) {
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
    verbs.add(p.verb);
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

const ruleKey = (r: PolicyRule): string =>
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
    const restrict = !unnamed && !UNNAMEABLE_VERBS.has(a.verb) && names.size > 0 && names.size <= maxNames;
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
  const roles = [...byNs.keys()].sort(byString).map((namespace) => ({ namespace, rules: compactRules(permissionsOf(byNs.get(namespace)!, maxNames)) }));
  return { clusterRules, roles };
}

export function observedGrants(o: ObservedRbac): Grant[] {
  return [{ scope: null, rules: o.clusterRules }, ...o.roles.map((r) => ({ scope: r.namespace, rules: r.rules }))];
}

/** Kubernetes objects (Role, ClusterRole and their bindings to the identity) that `kubectl apply` accepts. */
export function observedObjects(o: ObservedRbac, identity: Identity, opts: { bindings?: boolean } = {}): Array<Record<string, unknown>> {
  const who = identity.serviceAccount ? identity.serviceAccount.name : identity.username;
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

// ---------------------------------------------------------------------------------------------------------------
// The spec's resources, to expand `*`

export interface ApiResource {
  group: string;
  /** 'pods' or 'pods/log'. */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export type ResourceCatalog = Map<string, Map<string, ApiResource>>;

/** The RBAC verb of a request to an operation (connect operations take their verb from the HTTP method). */
function verbsOfOperation(op: Operation): string[] {
  const byMethod: Record<string, string> = { get: 'get', head: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete' };
  switch (op.action) {
    case 'list':
      return ['list', 'watch']; // ?watch=true on a list path is a watch
    case 'watch':
    case 'watchlist':
      return ['watch'];
    case 'post':
      return ['create'];
    case 'put':
      return ['update'];
    case 'get':
    case 'patch':
    case 'delete':
    case 'deletecollection':
      return [op.action];
    default:
      return byMethod[op.method] ? [byMethod[op.method]] : [];
  }
}

/** Verbs that are not REST calls, which `*` also grants (k8s RBAC docs: escalate, bind, impersonate, approve, sign). */
const SPECIAL_VERBS: Record<string, Record<string, string[]>> = {
  '': { users: ['impersonate'], groups: ['impersonate'], serviceaccounts: ['impersonate'] },
  'authentication.k8s.io': { uids: ['impersonate'], userextras: ['impersonate'] },
  'rbac.authorization.k8s.io': { roles: ['bind', 'escalate'], clusterroles: ['bind', 'escalate'] },
  'certificates.k8s.io': { signers: ['approve', 'sign', 'attest'] },
};
const VIRTUAL_RESOURCES: Array<[string, string]> = [
  ['', 'users'],
  ['', 'groups'],
  ['authentication.k8s.io', 'uids'],
  ['authentication.k8s.io', 'userextras'],
  ['certificates.k8s.io', 'signers'],
];
const REST_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Every group/resource[/subresource] of the spec, with its scope and verbs (from its operations' paths). */
export function resourceCatalog(operations: readonly Operation[]): ResourceCatalog {
  const cat: ResourceCatalog = new Map();
  const put = (group: string, resource: string, namespaced: boolean, verbs: string[]): void => {
    let g = cat.get(group);
    if (!g) cat.set(group, (g = new Map()));
    const prev = g.get(resource);
    if (prev) {
      prev.namespaced ||= namespaced;
      prev.verbs = sortVerbs([...prev.verbs, ...verbs]);
    } else g.set(resource, { group, resource, namespaced, verbs: sortVerbs(verbs) });
  };
  for (const op of operations) {
    if (op.discovery) continue;
    const segs = op.path.split('/').filter(Boolean);
    let i: number;
    let group: string;
    if (segs[0] === 'api' && segs.length >= 3) [group, i] = ['', 2];
    else if (segs[0] === 'apis' && segs.length >= 4) [group, i] = [segs[1], 3];
    else continue;
    let rest = segs.slice(i);
    if (rest[0] === 'watch') rest = rest.slice(1);
    let namespaced = false;
    if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length >= 3) {
      namespaced = true;
      rest = rest.slice(2);
    }
    if (rest.length === 0 || rest[0].startsWith('{')) continue;
    const resource = rest.length >= 3 ? `${rest[0]}/${rest[2]}` : rest[0];
    put(group, resource, namespaced, verbsOfOperation(op));
  }
  for (const [group, resource] of VIRTUAL_RESOURCES) put(group, resource, false, []);
  for (const [group, byRes] of Object.entries(SPECIAL_VERBS)) for (const [resource, verbs] of Object.entries(byRes)) put(group, resource, false, verbs);
  return cat;
}

// ---------------------------------------------------------------------------------------------------------------
// Granted RBAC: the rules the manifests bind to the identity

export interface BoundRule {
  rule: PolicyRule;
  /** null: every namespace and the cluster (ClusterRoleBinding); else the RoleBinding's namespace. */
  scope: string | null;
  role: ObjectRef;
  binding: ObjectRef;
  /** The ClusterRole a rule was aggregated from, when it came in through an aggregationRule. */
  aggregatedFrom?: ObjectRef;
  /** Built-in ClusterRole the manifests bind without shipping (cluster-admin). */
  builtin?: boolean;
}

export interface AggregationNote {
  clusterRole: ObjectRef;
  /** The ClusterRoles in the manifests whose labels match its selectors. */
  aggregates: string[];
}

export interface GrantResolution {
  rules: BoundRule[];
  /** Bindings to this identity whose role is not in the manifests (and not a modelled built-in). */
  unresolved: Array<{ binding: ObjectRef; roleRef: { kind: string; name: string } }>;
  /** Roles and ClusterRoles of the manifests not bound to this identity. */
  unbound: ObjectRef[];
  aggregations: AggregationNote[];
  /** ClusterRoles carrying rbac.authorization.k8s.io/aggregate-to-* labels: their rules go to every holder of that role. */
  aggregateTo: Array<{ clusterRole: ObjectRef; into: string[] }>;
  /** RoleBindings granting cluster-scoped resources, which RBAC never applies (a namespace binding grants namespaced resources only). */
  ineffective: Array<{ binding: ObjectRef; role: ObjectRef; rule: PolicyRule; resources: string[] }>;
}

export const refOf = (o: RoleObject | BindingObject): ObjectRef => ({
  kind: o.kind,
  name: o.name,
  ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
  ...(o.source ? { source: o.source } : {}),
});

/** Does a binding subject name this identity (k8s rbac appliesToUser)? */
export function subjectMatches(s: Subject, binding: BindingObject, identity: Identity): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === identity.username;
    case 'Group':
      return identity.groups.includes(s.name);
    case 'ServiceAccount': {
      // A ServiceAccount subject without namespace means the RoleBinding's own namespace.
      const ns = s.namespace || binding.namespace || '';
      return identity.serviceAccount !== undefined && identity.serviceAccount.name === s.name && identity.serviceAccount.namespace === ns;
    }
    default:
      return false;
  }
}

export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  // An empty selector matches nothing in aggregation (the controller skips it).
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length > 0;
}

const AGGREGATE_TO = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;

export function resolveGrants(objects: RbacObjects, identity: Identity, catalog?: ResourceCatalog): GrantResolution {
  const clusterRoles = new Map(objects.roles.filter((r) => r.kind === 'ClusterRole').map((r) => [r.name, r]));
  const roles = new Map(objects.roles.filter((r) => r.kind === 'Role').map((r) => [`${r.namespace}/${r.name}`, r]));
  const out: GrantResolution = { rules: [], unresolved: [], unbound: [], aggregations: [], aggregateTo: [], ineffective: [] };
  const boundRoles = new Set<RoleObject>();

  // Aggregated ClusterRoles: their own rules plus those of the manifests' ClusterRoles their selectors match.
  const aggregated = new Map<string, Array<{ rule: PolicyRule; from?: RoleObject }>>();
  for (const cr of clusterRoles.values()) {
    const own = cr.rules.map((rule) => ({ rule }));
    if (!cr.aggregationRule) {
      aggregated.set(cr.name, own);
      continue;
    }
    const sources = [...clusterRoles.values()].filter((o) => o !== cr && cr.aggregationRule!.clusterRoleSelectors.some((s) => selectorMatches(s, o.labels)));
    sources.sort((a, b) => byString(a.name, b.name));
    out.aggregations.push({ clusterRole: refOf(cr), aggregates: sources.map((s) => s.name) });
    aggregated.set(cr.name, [...own, ...sources.flatMap((s) => s.rules.map((rule) => ({ rule, from: s })))]);
  }
  for (const cr of clusterRoles.values()) {
    const into = Object.keys(cr.labels)
      .map((k) => AGGREGATE_TO.exec(k)?.[1])
      .filter((x): x is string => !!x && cr.labels[`rbac.authorization.k8s.io/aggregate-to-${x}`] === 'true')
      .sort(byString);
    if (into.length > 0) out.aggregateTo.push({ clusterRole: refOf(cr), into });
  }

  const bindings = [...objects.bindings].sort((a, b) => byString(`${a.kind}/${a.namespace ?? ''}/${a.name}`, `${b.kind}/${b.namespace ?? ''}/${b.name}`));
  for (const b of bindings) {
    if (!b.subjects.some((s) => subjectMatches(s, b, identity))) continue;
    const scope = b.kind === 'ClusterRoleBinding' ? null : (b.namespace ?? '');
    let role: RoleObject | undefined;
    let entries: Array<{ rule: PolicyRule; from?: RoleObject }> | undefined;
    let builtin = false;
    if (b.roleRef.kind === 'Role') {
      role = b.kind === 'RoleBinding' ? roles.get(`${b.namespace}/${b.roleRef.name}`) : undefined;
      entries = role?.rules.map((rule) => ({ rule }));
    } else {
      role = clusterRoles.get(b.roleRef.name);
      entries = role ? aggregated.get(role.name) : undefined;
      if (!role && BUILTIN_CLUSTER_ROLES[b.roleRef.name]) {
        builtin = true;
        role = { kind: 'ClusterRole', name: b.roleRef.name, labels: {}, rules: BUILTIN_CLUSTER_ROLES[b.roleRef.name] };
        entries = role.rules.map((rule) => ({ rule }));
      }
    }
    if (!role || !entries) {
      out.unresolved.push({ binding: refOf(b), roleRef: { ...b.roleRef } });
      continue;
    }
    boundRoles.add(role);
    for (const e of entries) if (e.from) boundRoles.add(e.from);
    for (const e of entries) {
      const br: BoundRule = { rule: e.rule, scope, role: refOf(role), binding: refOf(b) };
      if (e.from) br.aggregatedFrom = refOf(e.from);
      if (builtin) br.builtin = true;
      if (scope !== null && (e.rule.nonResourceURLs ?? []).length > 0) {
        out.ineffective.push({ binding: refOf(b), role: refOf(role), rule: e.rule, resources: uniqSorted(e.rule.nonResourceURLs!) });
      }
      if (scope !== null && catalog && e.rule.resources) {
        // Named explicitly only: `*` in a namespaced role reaching cluster-scoped resources is normal, not a mistake.
        const clusterScoped = expandRule(e.rule, catalog).filter((p) => p.resource !== undefined && e.rule.resources!.includes(p.resource) && clusterOnly(catalog, p));
        if (clusterScoped.length > 0) {
          out.ineffective.push({ binding: refOf(b), role: refOf(role), rule: e.rule, resources: uniqSorted(clusterScoped.map((p) => `${p.apiGroup ? p.apiGroup + '/' : ''}${p.resource}`)) });
        }
      }
      out.rules.push(br);
    }
  }
  for (const r of objects.roles) if (!boundRoles.has(r)) out.unbound.push(refOf(r));
  return out;
}

function catalogEntry(cat: ResourceCatalog, p: Permission): ApiResource | undefined {
  return p.apiGroup === undefined || p.resource === undefined ? undefined : cat.get(p.apiGroup)?.get(p.resource);
}

/** A permission no RoleBinding can grant: a cluster-scoped resource, except a namespace, which is authorized in itself. */
function clusterOnly(cat: ResourceCatalog, p: Permission): boolean {
  if (p.nonResourceURL !== undefined) return true;
  if (p.apiGroup === '' && (p.resource === 'namespaces' || p.resource?.startsWith('namespaces/'))) return false;
  return catalogEntry(cat, p)?.namespaced === false;
}

/**
 * A rule as the permissions it grants: `*` in apiGroups, resources (and `*∕sub`) and verbs replaced by the spec's
 * groups, resources and each resource's verbs. What the spec does not know (a CRD) is kept as written.
 */
export function expandRule(rule: PolicyRule, cat: ResourceCatalog): Permission[] {
  const out: Permission[] = [];
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {};
  const verbsFor = (entry: ApiResource | undefined, resource: string): string[] => {
    if (!rule.verbs.includes('*')) return uniqSorted(rule.verbs);
    if (entry) return entry.verbs;
    // A resource the spec does not describe: the REST verbs, plus the special ones if it has any.
    return sortVerbs([...REST_VERBS, ...Object.values(SPECIAL_VERBS).flatMap((m) => m[resource] ?? [])]);
  };
  if (rule.resources && rule.resources.length > 0) {
    const groups = (rule.apiGroups ?? []).includes('*') ? uniqSorted([...cat.keys(), ...(rule.apiGroups ?? []).filter((g) => g !== '*')]) : uniqSorted(rule.apiGroups ?? []);
    for (const group of groups) {
      const known = cat.get(group);
      const resources = new Set<string>();
      for (const r of rule.resources) {
        if ((r === '*' || r.startsWith('*/')) && !known) resources.add(r); // a group the spec does not describe
        else if (r === '*') for (const k of known?.keys() ?? []) resources.add(k);
        else if (r.startsWith('*/')) {
          for (const k of known?.keys() ?? []) if (k.endsWith(r.slice(1))) resources.add(k);
        } else if (!(rule.apiGroups ?? []).includes('*') || known?.has(r) || group === '*') resources.add(r);
      }
      for (const resource of resources) {
        for (const verb of verbsFor(known?.get(resource), resource)) out.push({ verb, apiGroup: group, resource, ...names });
      }
    }
    // apiGroups: ['*'] with a resource no known group has (a CRD): keep it as written.
    if ((rule.apiGroups ?? []).includes('*')) {
      for (const r of rule.resources) {
        if (r === '*' || r.startsWith('*/')) continue;
        if (![...cat.values()].some((m) => m.has(r))) for (const verb of verbsFor(undefined, r)) out.push({ verb, apiGroup: '*', resource: r, ...names });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of uniqSorted(rule.verbs)) out.push({ verb, nonResourceURL: url });
  return out;
}

/** A permission as a one-rule grant, to ask which requests it allows. */
const permissionRule = (p: Permission): PolicyRule =>
  p.nonResourceURL !== undefined
    ? { nonResourceURLs: [p.nonResourceURL], verbs: [p.verb] }
    : { apiGroups: [p.apiGroup ?? ''], resources: [p.resource ?? ''], verbs: [p.verb], ...(p.resourceNames ? { resourceNames: p.resourceNames } : {}) };

// ---------------------------------------------------------------------------------------------------------------
// The comparison

/** Riskiest first. The first four are the ones reviewers ask about (wildcards, secrets, escalation, cluster-wide writes). */
export const RISKS = ['wildcard', 'secrets', 'escalation', 'cluster-wide-write', 'cluster-wide-read', 'namespaced-write', 'non-resource', 'namespaced-read'] as const;
export type Risk = (typeof RISKS)[number];

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const ESCALATION_VERBS = new Set(['escalate', 'bind', 'impersonate']);
/** Subresources that hand over another identity's power: a shell in its pod, a token for its service account. */
const ESCALATION_RESOURCES = new Set(['pods/exec', 'pods/attach', 'serviceaccounts/token', 'nodes/proxy']);

const hasWildcard = (r: PolicyRule): boolean =>
  [r.verbs, r.resources ?? [], r.apiGroups ?? [], r.nonResourceURLs ?? []].some((xs) => xs.some((x) => x === '*' || x.startsWith('*/')));

function risksOf(p: Permission, rule: PolicyRule, scope: string | null): Risk[] {
  const out: Risk[] = [];
  if (hasWildcard(rule)) out.push('wildcard');
  if (p.nonResourceURL !== undefined) {
    out.push('non-resource');
    return out;
  }
  if ((p.apiGroup === '' || p.apiGroup === '*') && p.resource === 'secrets') out.push('secrets');
  if (ESCALATION_VERBS.has(p.verb) || ((p.apiGroup === '' || p.apiGroup === '*') && ESCALATION_RESOURCES.has(p.resource ?? ''))) out.push('escalation');
  const write = WRITE_VERBS.has(p.verb);
  if (scope === null) out.push(write ? 'cluster-wide-write' : 'cluster-wide-read');
  else out.push(write ? 'namespaced-write' : 'namespaced-read');
  return out;
}

/** A bound rule (as the manifest writes it, where it is bound, how it came in) found over-granted. */
export interface OverGrant extends BoundRule {
  /** unused: granted, never exercised. cluster-wide: exercised only inside `namespaces`, granted in all of them. */
  kind: 'unused' | 'cluster-wide';
  /** The riskiest of `risks`; findings are sorted by it. */
  risk: Risk;
  risks: Risk[];
  /** One line for a reviewer. */
  why: string;
  /** Permissions of the rule after wildcard expansion, and how many of them this finding is about. */
  granted: number;
  permissions: number;
  /** This finding's permissions, compacted into rules. */
  rules: PolicyRule[];
  /** What the identity did use of this rule (a replacement for a wildcard starts here). */
  exercised: PolicyRule[];
  /** kind cluster-wide: the namespaces it was used in. */
  namespaces?: string[];
}

export interface RequestGroup {
  verb: string;
  apiGroup?: string;
  resource?: string;
  namespace?: string;
  /** Names, when few (the request group is about specific objects). */
  names?: string[];
  path?: string;
  /** Requests in this group (denied: the 403s). */
  count: number;
  /** Requests of the same verb, resource and namespace that the apiserver allowed (for a denial: the grant came later). */
  allowed: number;
}

export interface RoleUsage {
  role: ObjectRef;
  binding: ObjectRef;
  scope: string | null;
  rules: number;
  permissions: number;
  exercised: number;
}

export interface GrantedRbac {
  /** Manifest files read. */
  sources: string[];
  /** Each binding of a role to the identity, with how much of it was used. */
  roles: RoleUsage[];
  overGrants: OverGrant[];
  /** Requests the identity made that neither the manifests nor the default roles allow. */
  ungranted: RequestGroup[];
  unresolved: GrantResolution['unresolved'];
  unbound: ObjectRef[];
  aggregations: AggregationNote[];
  aggregateTo: GrantResolution['aggregateTo'];
  ineffective: GrantResolution['ineffective'];
  /** Resources a rule names in a group the spec has, that the group does not have (a typo, or a newer API). */
  unknownResources: Array<{ role: ObjectRef; rule: PolicyRule; resources: string[] }>;
  /** The spec the wildcards were expanded against. */
  spec: { kubernetesVersion: string; source: string };
}

export interface RbacVerdict {
  failOn: Array<'overprivileged'>;
  /** Over-grants tolerated before failing. */
  threshold: number;
  overGrants: number;
  pass: boolean;
}

/** The result of `apisnoop rbac`: proposed as the optional `rbac` field of the Report. */
export interface RbacComparison {
  identity: Identity;
  requests: {
    /** Requests made by the identity. */
    total: number;
    /** Answered 403. */
    denied: number;
    /** Allowed by the default roles (discovery, basic-user): no rule derived for them. */
    allowedByDefault: number;
    /** Requests that cannot be read as authorizer attributes (no verb, no path), listed. */
    unusable: Array<{ auditID: string; reason: string }>;
  };
  /** What it needs: rules allowing every request (denied ones included), minus what default roles allow. */
  observed: ObservedRbac;
  /** Under-privilege: requests the apiserver denied. */
  denied: RequestGroup[];
  /** Present when manifests were given. */
  granted: GrantedRbac | null;
  verdict: RbacVerdict | null;
}

const MAX_GROUP_NAMES = 5;
/** Cluster-wide before namespaced, then by group, resource, URL, verb. */
const requestGroupKey = (g: RequestGroup): string => [g.namespace ?? '', g.apiGroup ?? '', g.resource ?? '', g.path ?? '', g.verb].join('\u0000');

function groupRequests(requests: readonly ObservedRequest[], pick: (r: ObservedRequest) => number, all: readonly ObservedRequest[]): RequestGroup[] {
  const groups = new Map<string, RequestGroup & { nameSet: Set<string> }>();
  for (const r of requests) {
    const n = pick(r);
    if (n === 0) continue;
    const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const key = r.resourceRequest ? [r.verb, r.apiGroup, resource, r.namespace].join('\u0000') : `${r.verb}\u0000${r.path}`;
    let g = groups.get(key);
    if (!g) {
      g = r.resourceRequest
        ? { verb: r.verb, apiGroup: r.apiGroup, resource, ...(r.namespace ? { namespace: r.namespace } : {}), count: 0, allowed: 0, nameSet: new Set() }
        : { verb: r.verb, path: r.path, count: 0, allowed: 0, nameSet: new Set() };
      groups.set(key, g);
    }
    g.count += n;
    if (r.name) g.nameSet.add(r.name);
  }
  for (const r of all) {
    const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const key = r.resourceRequest ? [r.verb, r.apiGroup, resource, r.namespace].join('\u0000') : `${r.verb}\u0000${r.path}`;
    const g = groups.get(key);
    if (g) g.allowed += r.count - r.denied;
  }
  return [...groups.values()]
    .map(({ nameSet, ...g }) => (nameSet.size > 0 && nameSet.size <= MAX_GROUP_NAMES ? { ...g, names: uniqSorted(nameSet) } : g))
    .sort((a, b) => b.count - a.count || byString(requestGroupKey(a), requestGroupKey(b)));
}

const fmtList = (xs: string[], max = 4): string => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);

function whyOf(kind: OverGrant['kind'], risk: Risk, perms: Permission[], scope: string | null, namespaces?: string[]): string {
  const resources = uniqSorted(perms.filter((p) => p.resource !== undefined).map((p) => (p.apiGroup ? `${p.apiGroup}/${p.resource}` : p.resource!)));
  const verbs = sortVerbs(perms.map((p) => p.verb));
  const urls = uniqSorted(perms.filter((p) => p.nonResourceURL !== undefined).map((p) => p.nonResourceURL!));
  const where = scope === null ? 'cluster-wide' : `in namespace ${scope}`;
  if (kind === 'cluster-wide') {
    return `${fmtList(verbs)} on ${fmtList(resources)} granted in every namespace, used only in ${fmtList(namespaces ?? [])}: a RoleBinding there would do`;
  }
  const what = urls.length > 0 && resources.length === 0 ? `${fmtList(verbs)} on ${fmtList(urls)}` : `${fmtList(verbs)} on ${fmtList(resources)}`;
  switch (risk) {
    case 'wildcard':
      return `wildcard rule: ${perms.length} permissions never used (${what})`;
    case 'secrets':
      return `never used: ${what} ${where}: reads or changes credentials`;
    case 'escalation':
      return `never used: ${what} ${where}: lets the holder gain permissions it was not given`;
    case 'cluster-wide-write':
      return `never used: ${what} ${where}`;
    default:
      return `never used: ${what}${urls.length > 0 && resources.length === 0 ? '' : ` ${where}`}`;
  }
}

const scopeRank = (s: string | null): string => (s === null ? '' : s);

export interface CompareOptions {
  /** Distinct requests of the identity (RequestCollector.requests()). */
  requests: readonly ObservedRequest[];
  total: number;
  unusable?: Array<{ auditID: string; reason: string }>;
  identity: Identity;
  /** RBAC objects read from the manifests; absent: no comparison, only the observed rules. */
  objects?: RbacObjects;
  sources?: string[];
  /** Spec operations, to expand wildcards (needed with objects). */
  spec?: { kubernetesVersion: string; source: string; operations: readonly Operation[] };
  maxResourceNames?: number;
  /** Derive rules for what the default roles allow too (discovery, self reviews). */
  includeDefaults?: boolean;
  policy?: { failOn: Array<'overprivileged'>; threshold: number };
}

export function compareRbac(o: CompareOptions): RbacComparison {
  const defaults = defaultGrants(o.identity);
  const observed = deriveRules(o.requests, { maxResourceNames: o.maxResourceNames, alreadyAllowed: o.includeDefaults ? [] : defaults });
  const allowedByDefault = o.requests.filter((r) => allows(defaults, r)).reduce((n, r) => n + r.count, 0);
  const result: RbacComparison = {
    identity: o.identity,
    requests: {
      total: o.total,
      denied: o.requests.reduce((n, r) => n + r.denied, 0),
      allowedByDefault,
      unusable: o.unusable ?? [],
    },
    observed,
    denied: groupRequests(o.requests, (r) => r.denied, o.requests),
    granted: null,
    verdict: null,
  };
  if (o.objects) {
    if (!o.spec) throw new Error('comparing with granted RBAC needs the spec, to expand wildcards');
    result.granted = compareGranted(o, defaults, o.spec);
  }
  if (o.policy && o.policy.failOn.length > 0) {
    if (!result.granted) throw new Error('--fail-on overprivileged needs the granted RBAC (--granted manifests)');
    const n = result.granted.overGrants.length;
    result.verdict = { failOn: o.policy.failOn, threshold: o.policy.threshold, overGrants: n, pass: n <= o.policy.threshold };
  }
  return result;
}

function compareGranted(o: CompareOptions, defaults: Grant[], spec: NonNullable<CompareOptions['spec']>): GrantedRbac {
  const cat = resourceCatalog(spec.operations);
  const resolution = resolveGrants(o.objects!, o.identity, cat);
  // Requests by verb: each permission is checked against the few requests that share its verb.
  const byVerb = new Map<string, ObservedRequest[]>();
  for (const r of o.requests) byVerb.set(r.verb, [...(byVerb.get(r.verb) ?? []), r]);
  const verbRequests = (verb: string): ObservedRequest[] => (verb === '*' ? [...o.requests] : (byVerb.get(verb) ?? []));

  const overGrants: OverGrant[] = [];
  const usage = new Map<string, RoleUsage>();
  for (const br of resolution.rules) {
    let perms = expandRule(br.rule, cat);
    // A RoleBinding never grants cluster-scoped resources (reported under ineffective), nor non-resource URLs.
    if (br.scope !== null) perms = perms.filter((p) => !clusterOnly(cat, p));
    const unused: Permission[] = [];
    const nsOnly: Permission[] = [];
    const exercised: Permission[] = [];
    const namespaces = new Set<string>();
    for (const p of perms) {
      const grant: Grant = { scope: br.scope, rules: [permissionRule(p)] };
      const hits = verbRequests(p.verb).filter((r) => grantAllows(grant, r));
      if (hits.length === 0) {
        unused.push(p);
        continue;
      }
      exercised.push(p);
      const namespaced = catalogEntry(cat, p)?.namespaced === true;
      if (br.scope === null && namespaced && hits.every((h) => h.namespace !== '')) {
        nsOnly.push(p);
        for (const h of hits) namespaces.add(h.namespace);
      }
    }
    const key = JSON.stringify([br.role.kind, br.role.namespace, br.role.name, br.binding.kind, br.binding.namespace, br.binding.name]);
    const u = usage.get(key) ?? { role: br.role, binding: br.binding, scope: br.scope, rules: 0, permissions: 0, exercised: 0 };
    u.rules++;
    u.permissions += perms.length;
    u.exercised += exercised.length;
    usage.set(key, u);
    const finding = (kind: OverGrant['kind'], list: Permission[], nss?: string[]): OverGrant => {
      const risks = [...new Set(list.flatMap((p) => risksOf(p, br.rule, br.scope)))].sort((a, b) => RISKS.indexOf(a) - RISKS.indexOf(b));
      return {
        kind,
        risk: risks[0],
        risks,
        why: whyOf(kind, risks[0], list, br.scope, nss),
        rule: br.rule,
        scope: br.scope,
        role: br.role,
        binding: br.binding,
        ...(br.aggregatedFrom ? { aggregatedFrom: br.aggregatedFrom } : {}),
        ...(br.builtin ? { builtin: true } : {}),
        granted: perms.length,
        permissions: list.length,
        rules: compactRules(list),
        exercised: compactRules(exercised),
        ...(nss ? { namespaces: nss } : {}),
      };
    };
    if (unused.length > 0) overGrants.push(finding('unused', unused));
    if (nsOnly.length > 0) overGrants.push(finding('cluster-wide', nsOnly, uniqSorted(namespaces)));
  }
  overGrants.sort(
    (a, b) =>
      RISKS.indexOf(a.risk) - RISKS.indexOf(b.risk) ||
      (a.kind === b.kind ? 0 : a.kind === 'unused' ? -1 : 1) ||
      b.permissions - a.permissions ||
      byString(`${a.role.name}/${scopeRank(a.scope)}`, `${b.role.name}/${scopeRank(b.scope)}`) ||
      byString(ruleKey(a.rule), ruleKey(b.rule)),
  );
  const unknownResources: GrantedRbac['unknownResources'] = [];
  const reported = new Set<PolicyRule>();
  for (const br of resolution.rules) {
    if (reported.has(br.rule)) continue;
    reported.add(br.rule);
    const unknown = (br.rule.apiGroups ?? []).flatMap((g) =>
      cat.has(g) ? (br.rule.resources ?? []).filter((r) => r !== '*' && !r.startsWith('*/') && !cat.get(g)!.has(r)).map((r) => (g ? `${g}/${r}` : r)) : [],
    );
    if (unknown.length > 0) unknownResources.push({ role: br.aggregatedFrom ?? br.role, rule: br.rule, resources: uniqSorted(unknown) });
  }
  const grants: Grant[] = [...defaults, ...resolution.rules.map((br) => ({ scope: br.scope, rules: [br.rule] }))];
  const ungrantedRequests = o.requests.filter((r) => !allows(grants, r));
  return {
    sources: o.sources ?? [],
    roles: [...usage.values()],
    overGrants,
    ungranted: groupRequests(ungrantedRequests, (r) => r.count, o.requests),
    unresolved: resolution.unresolved,
    unbound: resolution.unbound,
    aggregations: resolution.aggregations,
    aggregateTo: resolution.aggregateTo,
    ineffective: resolution.ineffective,
    unknownResources,
    spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source },
  };
}
