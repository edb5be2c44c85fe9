// Granted RBAC: the rules the manifests bind to the identity (bindings, aggregated ClusterRoles, built-in
// ClusterRoles), expanded to permissions.
import type { BindingObject, LabelSelector, ObjectRef, PolicyRule, RbacObjects, RoleObject, Subject } from './objects.js';
import type { Identity } from './identity.js';
import { BUILTIN_CLUSTER_ROLES } from './authorizer.js';
import { type ApiResource, isKubeletSubresource, REST_VERBS, type ResourceCatalog, SPECIAL_VERBS, wildcardOutsideSpec } from './catalog.js';
import { byString, type Permission, sortVerbs, uniqSorted } from './permission.js';

export interface BoundRule {
  rule: PolicyRule;
  /** null: every namespace and the cluster (ClusterRoleBinding); else the RoleBinding's namespace. */
  scope: string | null;
  role: ObjectRef;
  binding: ObjectRef;
  /** The ClusterRole a rule was aggregated from, when it came in through an aggregationRule. */
  aggregatedFrom?: ObjectRef;
  /** Built-in ClusterRole the manifests bind without shipping (BUILTIN_CLUSTER_ROLES: cluster-admin, system:auth-delegator). */
  builtin?: boolean;
}

export interface AggregationNote {
  clusterRole: ObjectRef;
  /** The ClusterRoles in the manifests whose labels match its selectors. */
  aggregates: string[];
  /** Read as the API server served it: its own rules, the aggregation controller's, are what it grants. */
  served?: true;
}

export interface GrantResolution {
  rules: BoundRule[];
  /** Bindings to this identity whose role is not in the manifests (and not a modelled built-in). */
  unresolved: Array<{ binding: ObjectRef; roleRef: { kind: string; name: string } }>;
  /** Roles and ClusterRoles of the manifests not bound to this identity (not those read as the cluster served them). */
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

/** The same rule, lists compared as sets (the aggregation controller keeps one of equal rules). */
function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const same = (x: string[] | undefined, y: string[] | undefined): boolean => {
    const sx = new Set(x ?? []);
    const sy = new Set(y ?? []);
    return sx.size === sy.size && [...sx].every((v) => sy.has(v));
  };
  return same(a.apiGroups, b.apiGroups) && same(a.resources, b.resources) && same(a.resourceNames, b.resourceNames) && same(a.nonResourceURLs, b.nonResourceURLs) && same(a.verbs, b.verbs);
}

/** The default user-facing roles (bootstrappolicy): each aggregates the one below it, view into edit, edit into admin. */
const DEFAULT_TIERS_BELOW: Record<string, string[]> = { admin: ['edit', 'view'], edit: ['view'] };

const AGGREGATE_TO = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;

export function resolveGrants(objects: RbacObjects, identity: Identity, catalog?: ResourceCatalog): GrantResolution {
  const clusterRoles = new Map(objects.roles.filter((r) => r.kind === 'ClusterRole').map((r) => [r.name, r]));
  const roles = new Map(objects.roles.filter((r) => r.kind === 'Role').map((r) => [`${r.namespace}/${r.name}`, r]));
  const out: GrantResolution = { rules: [], unresolved: [], unbound: [], aggregations: [], aggregateTo: [], ineffective: [] };
  const boundRoles = new Set<RoleObject>();

  // Aggregated ClusterRoles, as the aggregation controller makes them: the rules of the manifests' ClusterRoles their
  // selectors match, which replace their own (the controller overwrites them), through nested aggregation too (a
  // selected role that aggregates brings what it aggregates). Each rule keeps the role that holds it.
  const sourcesOf = new Map<string, RoleObject[]>();
  for (const cr of clusterRoles.values()) {
    if (!cr.aggregationRule) continue;
    const selectors = [...cr.aggregationRule.clusterRoleSelectors];
    // The cluster's admin and edit, served: edit is labelled aggregate-to-admin and view aggregate-to-edit, so a role
    // labelled aggregate-to-view reaches edit and admin too, through roles the manifests do not hold.
    if (cr.served && cr.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' && Object.hasOwn(DEFAULT_TIERS_BELOW, cr.name)) {
      for (const below of DEFAULT_TIERS_BELOW[cr.name]!) selectors.push({ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${below}`]: 'true' } });
    }
    const sources = [...clusterRoles.values()].filter((o) => o !== cr && selectors.some((s) => selectorMatches(s, o.labels)));
    sources.sort((a, b) => byString(a.name, b.name));
    sourcesOf.set(cr.name, sources);
    out.aggregations.push({ clusterRole: refOf(cr), aggregates: sources.map((s) => s.name), ...(cr.served ? { served: true as const } : {}) });
  }
  type Entry = { rule: PolicyRule; from?: RoleObject };
  const aggregated = new Map<string, Entry[]>();
  /** The roles an aggregated role reaches, nested ones included: bound through it, they are not "not bound". */
  const reaches = new Map<string, RoleObject[]>();
  const resolving = new Set<string>();
  const entriesOf = (cr: RoleObject): Entry[] => {
    const known = aggregated.get(cr.name);
    if (known) return known;
    const sources = sourcesOf.get(cr.name);
    if (!sources) {
      const own = cr.rules.map((rule) => ({ rule }));
      aggregated.set(cr.name, own);
      return own;
    }
    // A cycle of aggregations adds nothing the roles in it do not already hold.
    if (resolving.has(cr.name)) return [];
    resolving.add(cr.name);
    const fromSources: Entry[] = sources.flatMap((s) => entriesOf(s).map((e) => ({ rule: e.rule, from: e.from ?? s })));
    let entries = fromSources;
    if (cr.served) {
      // Served (kubectl get clusterrole view -o yaml), its rules are the controller's union of every matching role of
      // the cluster it was read from. Kept, each rule with the manifests' role that holds it, if one does (the chart's
      // template, not the cluster's role, is what to change); and the manifests' rules it lacks are added, as the
      // controller adds them once the chart is installed (read from a cluster without it). Equal rules count once,
      // as the controller keeps them (ruleExists).
      entries = cr.rules.map((rule) => fromSources.find((e) => sameRule(e.rule, rule)) ?? { rule });
      for (const e of fromSources) if (!entries.some((x) => sameRule(x.rule, e.rule))) entries.push(e);
    }
    reaches.set(cr.name, [...new Set(sources.flatMap((s) => [s, ...(reaches.get(s.name) ?? [])]))]);
    resolving.delete(cr.name);
    aggregated.set(cr.name, entries);
    return entries;
  };
  for (const cr of clusterRoles.values()) entriesOf(cr);
  for (const cr of clusterRoles.values()) {
    // The cluster's own default roles (view aggregates into edit) are not something the manifests do.
    if (cr.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults') continue;
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
      if (!role && Object.hasOwn(BUILTIN_CLUSTER_ROLES, b.roleRef.name)) {
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
    for (const r of reaches.get(role.name) ?? []) boundRoles.add(r);
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
  // A role read as the cluster served it (admin, a Role made before the install) is the cluster's, not the
  // manifests': bound to someone else, or to no one, it is nothing the chart could drop.
  for (const r of objects.roles) if (!boundRoles.has(r) && !r.served) out.unbound.push(refOf(r));
  return out;
}

export function catalogEntry(cat: ResourceCatalog, p: Permission): ApiResource | undefined {
  return p.apiGroup === undefined || p.resource === undefined ? undefined : cat.get(p.apiGroup)?.get(p.resource);
}

const FINALIZERS = '/finalizers';

/** A permission no RoleBinding can grant: a cluster-scoped resource, except a namespace, which is authorized in itself. */
export function clusterOnly(cat: ResourceCatalog, p: Permission): boolean {
  if (p.nonResourceURL !== undefined) return true;
  if (p.apiGroup === '' && (p.resource === 'namespaces' || p.resource?.startsWith('namespaces/'))) return false;
  // The kubelet's nodes/metrics and the like: no spec lists them, and the kubelet's check carries no namespace.
  if (p.apiGroup !== undefined && p.resource !== undefined && isKubeletSubresource(p.apiGroup, p.resource)) return true;
  // An owner's finalizers, which no spec lists, are checked where the owner is: persistentvolumes/finalizers cluster-wide.
  const owner = p.resource?.endsWith(FINALIZERS) ? { ...p, resource: p.resource.slice(0, -FINALIZERS.length) } : p;
  return (catalogEntry(cat, p) ?? catalogEntry(cat, owner))?.namespaced === false;
}

/**
 * A rule as the permissions it grants: `*` in apiGroups, resources (and `*∕sub`) and verbs replaced by the spec's
 * groups, resources and each resource's verbs, and resourceNames one name at a time. `reached`: the spec's catalog
 * with the resources requests reached outside it (withRequestedResources), which a wildcard grants too. A group the
 * rule names that the spec does not know (a CRD's) is kept as written.
 */
export function expandRule(rule: PolicyRule, cat: ResourceCatalog, reached: ResourceCatalog = cat): Permission[] {
  const out: Permission[] = [];
  // Each name is a permission of its own, as RBAC allows a request naming any one of them (kubectl auth can-i get
  // secrets/db-password): a name never used is granted for nothing, even when another name was used.
  const nameSets = rule.resourceNames && rule.resourceNames.length > 0 ? uniqSorted(rule.resourceNames).map((n) => ({ resourceNames: [n] })) : [{}];
  const verbsFor = (entry: ApiResource | undefined, resource: string): string[] => {
    if (!rule.verbs.includes('*')) return uniqSorted(rule.verbs);
    if (entry) return entry.verbs;
    // A resource the spec does not describe: the REST verbs, plus the special ones if it has any.
    return sortVerbs([...REST_VERBS, ...Object.values(SPECIAL_VERBS).flatMap((m) => (Object.hasOwn(m, resource) ? m[resource]! : []))]);
  };
  // Each verb of the resource with each name: a permission apiece.
  const grant = (apiGroup: string, resource: string, entry: ApiResource | undefined): void => {
    for (const verb of verbsFor(entry, resource)) for (const names of nameSets) out.push({ verb, apiGroup, resource, ...names });
  };
  if (rule.resources && rule.resources.length > 0) {
    const named = rule.apiGroups ?? [];
    const groups = named.includes('*') ? uniqSorted([...reached.keys(), ...named.filter((g) => g !== '*')]) : uniqSorted(named);
    for (const group of groups) {
      // A group named that the spec lacks stays as written: `*` there is every resource of it, not those requested.
      const known = named.includes(group) && !cat.has(group) ? undefined : reached.get(group);
      const resources = new Set<string>();
      for (const r of rule.resources) {
        if ((r === '*' || r.startsWith('*/')) && !known) resources.add(r); // a group the spec does not describe
        else if (r === '*') for (const k of known?.keys() ?? []) resources.add(k);
        else if (r.startsWith('*/')) {
          for (const k of known?.keys() ?? []) if (k.endsWith(r.slice(1))) resources.add(k);
          // And what RBAC matches it against that no spec lists; `*∕finalizers` of apiGroups ['*'] once, below.
          for (const k of wildcardOutsideSpec(group, r)) if (!(k === r && named.includes('*'))) resources.add(k);
        } else if (!(rule.apiGroups ?? []).includes('*') || known?.has(r) || group === '*') resources.add(r);
      }
      for (const resource of resources) grant(group, resource, known?.get(resource));
    }
    // apiGroups: ['*'] with a resource no known group has (a CRD): keep it as written.
    if ((rule.apiGroups ?? []).includes('*')) {
      for (const r of rule.resources) {
        if (r === '*') continue;
        if (r.startsWith('*/')) {
          // Every group's owners' finalizers, which no spec lists: one grant, as written.
          if (wildcardOutsideSpec('*', r).includes(r)) grant('*', r, undefined);
          continue;
        }
        if ([...reached.values()].some((m) => m.has(r))) continue;
        grant('*', r, undefined);
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of uniqSorted(rule.verbs)) out.push({ verb, nonResourceURL: url });
  return out;
}

/** A permission as a one-rule grant, to ask which requests it allows. */
export const permissionRule = (p: Permission): PolicyRule =>
  p.nonResourceURL !== undefined
    ? { nonResourceURLs: [p.nonResourceURL], verbs: [p.verb] }
    : { apiGroups: [p.apiGroup ?? ''], resources: [p.resource ?? ''], verbs: [p.verb], ...(p.resourceNames ? { resourceNames: p.resourceNames } : {}) };
