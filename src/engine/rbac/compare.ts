// The comparison of observed and granted RBAC: rules granted but never exercised, riskiest first, and requests
// that were denied.
import type { Operation } from '../report.js';
import type { ObjectRef, PolicyRule, RbacObjects } from './objects.js';
import type { Identity, ObservedRequest, RefusedRequest } from './identity.js';
import { type Grant, allows, defaultGrants, grantAllows } from './authorizer.js';
import { type ObservedRbac, compactRules, deriveRules, ruleKey } from './observed.js';
import { authorizedOutsideSpec, resourceCatalog, verbsCheckedForAnothersRequest, withRequestedResources } from './catalog.js';
import { type AggregationNote, type BoundRule, type GrantResolution, catalogEntry, clusterOnly, expandRule, permissionRule, resolveGrants } from './granted.js';
import { byString, type Permission, uniqSorted } from './permission.js';

/** Riskiest first. The first four are the ones reviewers ask about (wildcards, secrets, escalation, cluster-wide writes). */
export const RISKS = ['wildcard', 'secrets', 'escalation', 'cluster-wide-write', 'cluster-wide-read', 'namespaced-write', 'non-resource', 'namespaced-read'] as const;
export type Risk = (typeof RISKS)[number];

/**
 * Only get, list and watch are reads: every other verb changes something or acts, the special ones too (a role bound
 * or escalated, an identity taken, a certificate request approved or signed, a trust bundle attested for a signer),
 * and so does a verb of a custom resource's that no spec describes.
 */
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** Approve and sign on a signer issue certificates: a client certificate is any identity the signer vouches for. */
const ESCALATION_VERBS = new Set(['escalate', 'bind', 'impersonate', 'approve', 'sign']);
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
  const write = !READ_VERBS.has(p.verb);
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
  /**
   * Permissions whose use no audit log shows (unauditedResources), not in `permissions`. Added within schema 1, absent
   * in reports written before it.
   */
  unaudited?: number;
}

/** A rule of a role and the resources it names that one of GrantedRbac's lists is about (a typo, unserved, unaudited). */
export interface RuleResources {
  role: ObjectRef;
  rule: PolicyRule;
  resources: string[];
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
  /**
   * Resources a rule names in a group the spec has, that the group does not have (a typo, or a newer API); not those
   * RBAC is asked about outside the spec (<resource>/finalizers, the kubelet's nodes/metrics and the like, userextras/<key>).
   */
  unknownResources: RuleResources[];
  /**
   * Kubernetes API groups a rule names that the spec does not serve (extensions, on 1.22 and later; an alpha group a
   * cluster does not enable), whose permissions no request used: no request can use them on this release, so they are
   * listed here and not counted as over-grants. Added within schema 1: always set by compareRbac when manifests were
   * given, absent in reports written before it.
   */
  unservedGroups?: Array<{ role: ObjectRef; rule: PolicyRule; groups: string[] }>;
  /**
   * Kubernetes resources a rule names in a group the spec serves, that the release no longer (or not yet) serves
   * (policy/podsecuritypolicies on 1.25 and later), whose permissions no request used: as unservedGroups, listed here
   * and not counted as over-grants, nor as unknownResources (no typo). "group/resource", the core group's bare.
   * Added within schema 1, absent in reports written before it.
   */
  unservedResources?: RuleResources[];
  /**
   * Resources a rule names that RBAC is asked about for another's request, so that no audit log shows the identity's
   * own request to them: `<resource>/finalizers` (checked inside the owner's write by OwnerReferencesPermissionEnforcement)
   * and the kubelet's nodes subresources (nodes/metrics, nodes/stats, ...: the kubelet's SubjectAccessReview is audited
   * as the kubelet's). Their permissions no request used are kept as granted, not judged: not in overGrants nor
   * roles[].permissions. "group/resource", the core group's bare. Added within schema 1, absent in reports written before it.
   */
  unauditedResources?: RuleResources[];
  /** The spec the wildcards were expanded against. */
  spec: { kubernetesVersion: string; source: string };
}

export interface RbacVerdict {
  failOn: Array<'overprivileged'>;
  /** Over-grants tolerated before failing. */
  threshold: number;
  overGrants: number;
  /**
   * Why the grant cannot be judged: bindings of the identity to roles the manifests do not hold (admin, edit, view:
   * their rules are the cluster's). Any fails the verdict, whatever the over-grants: unknown rules may grant anything.
   */
  cannotJudge: string[];
  pass: boolean;
}

/** The result of `apisnoop rbac`: proposed as the optional `rbac` field of the Report. */
export interface RbacComparison {
  identity: Identity;
  requests: {
    /** Requests made by the identity. */
    total: number;
    /** Answered 403 by the authorizer (authorization.k8s.io/decision forbid, or none recorded). */
    denied: number;
    /**
     * Answered 403 after the authorizer allowed their verb (decision allow): by admission (PodSecurity, quota,
     * webhooks) or by a further permission check (a create, bind, escalate), so a grant may still be needed. Not in
     * `denied`; no rule is derived for what they may lack. Added within schema 1: always set by compareRbac, absent
     * in reports written before it.
     */
    refusedAfterAuthorization?: RefusedRequest[];
    /**
     * Answered 403 without an authorization.k8s.io/decision, in a log that records decisions: refused before the
     * authorizer was asked, by the impersonation filter (an impersonation the identity may not make). Not in
     * `denied`, and no rule is derived for the request itself: it needs impersonate on whom the 403 message names.
     * Set when there are any, within schema 1.
     */
    refusedBeforeAuthorization?: RefusedRequest[];
    /** Allowed by the default roles (discovery, basic-user): no rule derived for them. */
    allowedByDefault: number;
    /**
     * Requests that cannot be read as authorizer attributes (no verb, a verb no API server writes, no path), listed:
     * the auditID when it is a UUID (as an API server makes it), else said by its length, not quoted.
     */
    unusable: Array<{ auditID: string; reason: string }>;
    /**
     * Requests with no response recorded (RequestCollector.withoutResponse): counted before their final stage past
     * the limit on requests in flight, or whose final stage the log lacks. Their codes are unknown, so denials and
     * creates by server-side apply among them are missing from the figures. Set when there are any, within schema 1.
     */
    withoutResponse?: number;
  };
  /** What it needs: rules allowing every request (denied ones included), minus what default roles allow. */
  observed: ObservedRbac;
  /** Under-privilege: requests the authorizer denied. */
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

/** At most this many "verbs on resources" phrases in a why; the permissions of the rest are counted. */
const MAX_WHY_PHRASES = 3;

/**
 * The permissions in words, one phrase per set of resources sharing their verbs (compactRules): "list, watch on
 * configmaps; get on pods". Never every verb on every resource: a permission used (list pods) must not read as unused.
 */
function permissionsText(perms: Permission[]): string {
  const phrases = new Map<string, number>();
  for (const r of compactRules(perms)) {
    const group = r.apiGroups?.[0] ?? '';
    const targets = r.nonResourceURLs ?? (r.resources ?? []).map((res) => (group ? `${group}/${res}` : res));
    // The names too: a rule's names are permissions of their own, and the ones never used are what to take out.
    const names = r.resourceNames ? ` named ${fmtList(r.resourceNames)}` : '';
    const text = `${fmtList(r.verbs)} on ${fmtList(targets)}${names}`;
    phrases.set(text, (phrases.get(text) ?? 0) + r.verbs.length * targets.length * (r.resourceNames?.length ?? 1));
  }
  const shown = [...phrases.keys()].slice(0, MAX_WHY_PHRASES);
  const rest = [...phrases.values()].slice(MAX_WHY_PHRASES).reduce((a, b) => a + b, 0);
  return rest > 0 ? `${shown.join('; ')}; and ${rest} more permission${rest === 1 ? '' : 's'}` : shown.join('; ');
}

function whyOf(kind: OverGrant['kind'], risk: Risk, perms: Permission[], scope: string | null, namespaces?: string[]): string {
  const onlyUrls = perms.every((p) => p.nonResourceURL !== undefined);
  const where = scope === null ? 'cluster-wide' : `in namespace ${scope}`;
  const what = permissionsText(perms);
  if (kind === 'cluster-wide') {
    return `${what} granted in every namespace, used only in ${fmtList(namespaces ?? [])}: a RoleBinding there would do`;
  }
  switch (risk) {
    case 'wildcard':
      return `wildcard rule: ${perms.length} permission${perms.length === 1 ? '' : 's'} never used (${what})`;
    case 'secrets':
      return `never used: ${what} ${where}: reads or changes credentials`;
    case 'escalation':
      return `never used: ${what} ${where}: lets the holder gain permissions it was not given`;
    case 'cluster-wide-write':
      return `never used: ${what} ${where}`;
    default:
      return `never used: ${what}${onlyUrls ? '' : ` ${where}`}`;
  }
}

const scopeRank = (s: string | null): string => (s === null ? '' : s);
/** A permission's resource and names, whatever its verb. */
const sameTarget = (p: Permission): string => JSON.stringify([p.apiGroup, p.resource, p.resourceNames ?? []]);

export interface CompareOptions {
  /** Distinct requests of the identity (RequestCollector.requests()). */
  requests: readonly ObservedRequest[];
  total: number;
  /** RequestCollector.refusedAfterAuthorization(). */
  refusedAfterAuthorization?: RefusedRequest[];
  /** RequestCollector.refusedBeforeAuthorization(). */
  refusedBeforeAuthorization?: RefusedRequest[];
  unusable?: Array<{ auditID: string; reason: string }>;
  /** RequestCollector.withoutResponse. */
  withoutResponse?: number;
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
  /**
   * Whether an API group is Kubernetes' own (some release serves it, catalogueGroups): a grant on one the spec does not
   * serve is listed apart (unservedGroups), not as an over-grant. Absent, or false: a group the spec lacks is taken as
   * a custom resource's, whose unused grants are over-grants.
   */
  kubernetesGroup?: (group: string) => boolean;
  /** Whether some shipped release serves the resource ('pods', 'pods/log') in the group: see unservedResources. */
  kubernetesResource?: (group: string, resource: string) => boolean;
}

/** Permissions listed apart from the over-grants (unservedGroups, unservedResources, unauditedResources): what each rule names of them. */
type SetAside = Map<PolicyRule, { role: ObjectRef; rule: PolicyRule; names: Set<string> }>;

function setAside(into: SetAside, br: BoundRule, names: readonly string[]): void {
  if (names.length === 0) return;
  const entry = into.get(br.rule) ?? { role: br.aggregatedFrom ?? br.role, rule: br.rule, names: new Set<string>() };
  for (const n of names) entry.names.add(n);
  into.set(br.rule, entry);
}

export function compareRbac(o: CompareOptions): RbacComparison {
  const defaults = defaultGrants(o.identity);
  const observed = deriveRules(o.requests, { maxResourceNames: o.maxResourceNames, alreadyAllowed: o.includeDefaults ? [] : defaults });
  // Left out of the rules because default roles allow them; with includeDefaults nothing is left out.
  const allowedByDefault = o.includeDefaults ? 0 : o.requests.filter((r) => allows(defaults, r)).reduce((n, r) => n + r.count, 0);
  const result: RbacComparison = {
    identity: o.identity,
    requests: {
      total: o.total,
      denied: o.requests.reduce((n, r) => n + r.denied, 0),
      refusedAfterAuthorization: o.refusedAfterAuthorization ?? [],
      ...(o.refusedBeforeAuthorization?.length ? { refusedBeforeAuthorization: o.refusedBeforeAuthorization } : {}),
      allowedByDefault,
      unusable: o.unusable ?? [],
      ...(o.withoutResponse ? { withoutResponse: o.withoutResponse } : {}),
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
    const cannotJudge = result.granted.unresolved.map(unresolvedText);
    result.verdict = { failOn: o.policy.failOn, threshold: o.policy.threshold, overGrants: n, cannotJudge, pass: n <= o.policy.threshold && cannotJudge.length === 0 };
  }
  return result;
}

/** Why a binding to a role the manifests lack leaves the grant unjudged, and what to give instead. */
function unresolvedText(u: GrantResolution['unresolved'][number]): string {
  const b = `${u.binding.kind} ${u.binding.namespace ? `${u.binding.namespace}/` : ''}${u.binding.name}`;
  const get = u.roleRef.kind === 'Role' ? `kubectl get role ${u.roleRef.name} -n ${u.binding.namespace ?? 'NAMESPACE'} -o yaml` : `kubectl get clusterrole ${u.roleRef.name} -o yaml`;
  return (
    `cannot judge: bound to ${u.roleRef.kind} ${u.roleRef.name} by ${b}, which is not among the manifests given; ` +
    `give its definition (${get}) with --granted, or bind a role the manifests define`
  );
}

function compareGranted(o: CompareOptions, defaults: Grant[], spec: NonNullable<CompareOptions['spec']>): GrantedRbac {
  const cat = resourceCatalog(spec.operations);
  const resolution = resolveGrants(o.objects!, o.identity, cat);
  // Wildcards reach what the identity requested outside the spec (custom resources, aggregated APIs, a newer release's
  // resources the cluster served), but for Kubernetes' own resources the cluster answered 404: counted as granted, and used.
  const reached = withRequestedResources(cat, o.requests, (group) => o.kubernetesGroup?.(group) === true);
  // Requests by verb: each permission is checked against the few requests that share its verb.
  const byVerb = new Map<string, ObservedRequest[]>();
  for (const r of o.requests) byVerb.set(r.verb, [...(byVerb.get(r.verb) ?? []), r]);
  const verbRequests = (verb: string): ObservedRequest[] => (verb === '*' ? [...o.requests] : (byVerb.get(verb) ?? []));

  const overGrants: OverGrant[] = [];
  const usage = new Map<string, RoleUsage>();
  // A grant on a Kubernetes group this release does not serve cannot be used on it: no over-grant to take away.
  const unservedGroup = (p: Permission): boolean =>
    p.apiGroup !== undefined && p.apiGroup !== '*' && !cat.has(p.apiGroup) && o.kubernetesGroup?.(p.apiGroup) === true;
  const unservedGroups: SetAside = new Map();
  // A resource of a group the spec serves, that the spec lacks but a release serves or served: the same, a resource at a time.
  const unservedResource = (p: Permission): boolean =>
    p.apiGroup !== undefined &&
    p.resource !== undefined &&
    cat.has(p.apiGroup) &&
    !cat.get(p.apiGroup)!.has(p.resource) &&
    o.kubernetesResource?.(p.apiGroup, p.resource) === true;
  const unservedResources: SetAside = new Map();
  // A resource some release serves is no typo: unservedResources says it, when unused.
  const served = (g: string, r: string): boolean => cat.get(g)?.has(r) === true || o.kubernetesResource?.(g, r) === true;
  // A verb checked on a resource for another's request: no audit log can show it used. The owner of a finalizers
  // subresource is checked in the groups the spec describes (a typo is a typo), not in a custom resource's group.
  const ownerServed = (g: string, r: string): boolean => !cat.has(g) || served(g, r);
  const unaudited = (p: Permission): boolean =>
    p.apiGroup !== undefined && p.resource !== undefined && verbsCheckedForAnothersRequest(p.apiGroup, p.resource, ownerServed).includes(p.verb);
  const unauditedResources: SetAside = new Map();
  for (const br of resolution.rules) {
    let perms = expandRule(br.rule, cat, reached);
    // A RoleBinding never grants cluster-scoped resources (reported under ineffective), nor non-resource URLs.
    if (br.scope !== null) perms = perms.filter((p) => !clusterOnly(reached, p));
    const unused: Permission[] = [];
    const nsOnly: Permission[] = [];
    const exercised: Permission[] = [];
    const namespaces = new Set<string>();
    const unserved: Permission[] = [];
    const unservedRes: Permission[] = [];
    const unseen: Permission[] = [];
    for (const p of perms) {
      const grant: Grant = { scope: br.scope, rules: [permissionRule(p)] };
      const hits = verbRequests(p.verb).filter((r) => grantAllows(grant, r));
      if (hits.length === 0) {
        (unservedGroup(p) ? unserved : unservedResource(p) ? unservedRes : unaudited(p) ? unseen : unused).push(p);
        continue;
      }
      exercised.push(p);
      const namespaced = catalogEntry(reached, p)?.namespaced === true;
      if (br.scope === null && namespaced && hits.every((h) => h.namespace !== '')) {
        nsOnly.push(p);
        for (const h of hits) namespaces.add(h.namespace);
      }
    }
    // The empty verb (OPTIONS through a proxy) is allowed by `*` alone: where it was used, the rule's other verbs on that
    // resource come with the only rule that allows it. No over-grant to take away, they count as used.
    const emptyVerbUsed = new Set(exercised.filter((p) => p.verb === '').map(sameTarget));
    const withEmptyVerb = unused.filter((p) => emptyVerbUsed.has(sameTarget(p)));
    const neverUsed = withEmptyVerb.length > 0 ? unused.filter((p) => !emptyVerbUsed.has(sameTarget(p))) : unused;
    const key = JSON.stringify([br.role.kind, br.role.namespace, br.role.name, br.binding.kind, br.binding.namespace, br.binding.name]);
    const u = usage.get(key) ?? { role: br.role, binding: br.binding, scope: br.scope, rules: 0, permissions: 0, exercised: 0 };
    // Permissions that cannot be used on this release, or whose use no audit log shows, are not counted as granted
    // here (unservedGroups, unservedResources and unauditedResources list them).
    const granted = perms.length - unserved.length - unservedRes.length - unseen.length;
    const resourceName = (p: Permission): string => (p.apiGroup ? `${p.apiGroup}/${p.resource!}` : p.resource!);
    setAside(unservedGroups, br, unserved.map((p) => p.apiGroup!));
    setAside(unservedResources, br, unservedRes.map(resourceName));
    setAside(unauditedResources, br, unseen.map(resourceName));
    u.rules++;
    u.permissions += granted;
    u.exercised += exercised.length + withEmptyVerb.length;
    if (unseen.length > 0) u.unaudited = (u.unaudited ?? 0) + unseen.length;
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
        granted,
        permissions: list.length,
        rules: compactRules(list),
        exercised: compactRules(exercised),
        ...(nss ? { namespaces: nss } : {}),
      };
    };
    if (neverUsed.length > 0) overGrants.push(finding('unused', neverUsed));
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
      cat.has(g)
        ? (br.rule.resources ?? [])
            .filter((r) => r !== '*' && !r.startsWith('*/') && !served(g, r) && !authorizedOutsideSpec(g, r, served))
            .map((r) => (g ? `${g}/${r}` : r))
        : [],
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
    unservedGroups: [...unservedGroups.values()].map(({ names, ...e }) => ({ ...e, groups: uniqSorted(names) })),
    unservedResources: [...unservedResources.values()].map(({ names, ...e }) => ({ ...e, resources: uniqSorted(names) })),
    unauditedResources: [...unauditedResources.values()].map(({ names, ...e }) => ({ ...e, resources: uniqSorted(names) })),
    spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source },
  };
}
