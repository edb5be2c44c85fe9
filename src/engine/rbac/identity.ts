// The identity whose least privilege is asked (a service account or a user), and its requests as the RBAC
// authorizer sees them: a verb on a group/resource/namespace/name, or on a non-resource URL.
import { shownAuditId, type Request } from '../audit.js';
import { apiPathInfo, nonPathPattern, PARAMS_OR_FRAGMENT, splitPath } from '../operation-index.js';
import { shownVerb } from '../report.js';
import { ANONYMOUS_USER, effectiveUser } from '../select.js';

export interface Identity {
  /** The username the apiserver authorizes: system:serviceaccount:ns:name for a service account. */
  username: string;
  serviceAccount?: { namespace: string; name: string };
  /** Groups RBAC Group subjects are matched against. */
  groups: string[];
}

/** The identity as a reader names it: ns:name for a service account, else the username. */
export function identityText(i: Identity): string {
  return i.serviceAccount ? `${i.serviceAccount.namespace}:${i.serviceAccount.name}` : i.username;
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
  // The anonymous authenticator's user is in system:unauthenticated only; every other user is authenticated.
  return { username: text, groups: [text === ANONYMOUS_USER ? 'system:unauthenticated' : 'system:authenticated'] };
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
  const a = attributesOf(req);
  return typeof a === 'string' ? a : (servedNowhere(a) ?? a);
}

/**
 * Why a resource request's attributes need no rule: its API group, resource, subresource or namespace holds a `;` or
 * a `#` (Go reads both as path characters; an API server writes a # it was sent as %23), which none an API server
 * serves has, nor a namespace's name: the request was a 404 wherever it was allowed. What follows them is what a
 * client put there (a session, a token), so it is not quoted. Names may hold either, and are kept.
 */
function servedNowhere(a: RequestAttributes): string | null {
  if (!a.resourceRequest) return null;
  const field = (['apiGroup', 'resource', 'subresource', 'namespace'] as const).find((f) => /[;#]/.test(a[f]));
  return field === undefined ? null : `its ${field} holds a ${/[;#]/.exec(a[field])![0]} (not quoted): none an API server serves, so no rule is needed`;
}

function attributesOf(req: Request): RequestAttributes | string {
  // The empty verb is RequestInfo's for a resource request of a method it does not map (OPTIONS through a proxy): the
  // authorizer was asked it, and only `*` allows it. A non-resource request's verb is its method, never empty.
  if (req.verb === undefined) return 'no verb';
  // A verb no API server writes (it writes RequestInfo's verbs, or a lowercased method): no request its authorizer was
  // asked, so none a rule needs to allow; said by its length, as unmatched rows say it (it can be anything).
  const verb = shownVerb(req.verb);
  if (verb !== req.verb) return `${verb.slice(1, -1)}, not quoted: none an API server writes, so no request its authorizer was asked`;
  const uri = req.requestURI ?? '';
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  // A requestURI that is no path (no leading slash: none an API server writes) is not read: objectRef, if any, is.
  const target = path.startsWith('/') ? uriTarget(splitPath(path)) : null;
  const ref = req.objectRef;
  if (ref?.resource) {
    const versionGroup = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : undefined;
    const listing = req.verb === 'list' || req.verb === 'watch';
    // Without a URI to read, a create's objectRef.name is the new object's, which the authorizer never saw.
    const unnamed = !target && req.verb === 'create' && !ref.subresource;
    return {
      verb: req.verb,
      resourceRequest: true,
      apiGroup: ref.apiGroup ?? versionGroup ?? target?.apiGroup ?? '',
      resource: ref.resource,
      subresource: ref.subresource ?? '',
      // The URI's too: audit fills an empty objectRef.namespace from the body (a ClusterRole whose manifest names a
      // namespace), the authorizer takes the URI's.
      namespace: target ? target.namespace : (ref.namespace ?? ''),
      name: target && !listing ? target.name : unnamed ? '' : (ref.name ?? ''),
      path: '',
    };
  }
  if (target) return { verb: req.verb, resourceRequest: true, ...target, path: '' };
  if (!req.verb) return 'no verb';
  // As its unmatched pattern shows it (no query, no text after a ; or #; text with no slash by its shape): said on stderr.
  if (!path.startsWith('/')) {
    const shown = nonPathPattern(uri);
    return shown.includes('/') ? `requestURI ${JSON.stringify(shown.slice(0, 100))} is not a path` : `requestURI is not a path: ${shown}`;
  }
  // The authorizer's path is Go's decoded URL.Path, as the segments above are (/metrics%2Fcadvisor is /metrics/cadvisor).
  return { verb: req.verb, resourceRequest: false, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: ruledPath(decodedPath(path)) };
}

/**
 * A non-resource path as its rule names it. One holding a `;` or a `#` (Go reads both as path characters; an API
 * server writes a # it was sent as %23) is none the API server serves, and what follows them is what a client put
 * there (a session, a token): it is named up to and with the first of them, then `*`, the only wildcard RBAC allows
 * in nonResourceURLs (a trailing one, a prefix): the rule still allows the request, and its text is in no output.
 */
function ruledPath(path: string): string {
  const m = PARAMS_OR_FRAGMENT.exec(path);
  return m === null ? path : `${path.slice(0, m.index + (m[0].length === 1 ? 1 : 0))}*`;
}

function decodedPath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // an escape that does not decode: kept as written
  }
}

/**
 * What impersonating asked of the authorizer for the impersonator (the apiserver's impersonation filter): impersonate
 * on the user, or on the service account in its namespace, and on each group asked for. The groups the filter adds
 * by itself (system:authenticated, or system:unauthenticated for system:anonymous; a service account's own) need no
 * permission, and are told apart by name only.
 */
export function impersonationAttributes(req: Request): RequestAttributes[] {
  const who = req.impersonatedUser?.username;
  if (!who) return [];
  const impersonate = (resource: string, name: string, namespace = '', apiGroup = '', subresource = ''): RequestAttributes => ({
    verb: 'impersonate',
    resourceRequest: true,
    apiGroup,
    resource,
    subresource,
    namespace,
    name,
    path: '',
  });
  const out: RequestAttributes[] = [];
  const sa = who.startsWith(SA_PREFIX) ? who.slice(SA_PREFIX.length).split(':') : null;
  // system:anonymous is put in system:unauthenticated by the filter, as any other user in system:authenticated.
  let added = [who === ANONYMOUS_USER ? 'system:unauthenticated' : 'system:authenticated'];
  if (sa && sa.length === 2 && sa[0] && sa[1]) {
    out.push(impersonate('serviceaccounts', sa[1], sa[0]));
    added = [...added, 'system:serviceaccounts', `system:serviceaccounts:${sa[0]}`];
  } else out.push(impersonate('users', who));
  for (const g of req.impersonatedUser?.groups ?? []) if (!added.includes(g)) out.push(impersonate('groups', g));
  // Impersonate-Uid and Impersonate-Extra-<key>: authentication.k8s.io uids by the uid, userextras/<key> by each value.
  const uid = req.impersonatedUser?.uid;
  if (uid) out.push(impersonate('uids', uid, '', 'authentication.k8s.io'));
  for (const [key, values] of Object.entries(req.impersonatedUser?.extra ?? {})) {
    for (const v of values) out.push(impersonate('userextras', v, '', 'authentication.k8s.io', key));
  }
  return out;
}

/**
 * The other check a request passed: a patch (server-side apply) or an update (PUT) that created its object, answered
 * 201, was also authorized as a create of that name (k8s apiserver handlers/patch.go and update.go,
 * createAuthorizerAttributes).
 */
export function createdAttributes(a: RequestAttributes, code: number | undefined): RequestAttributes | null {
  return a.resourceRequest && code === 201 && (a.verb === 'patch' || a.verb === 'update') ? { ...a, verb: 'create' } : null;
}

/** Subresources a client streams over: by POST (create) over SPDY, by GET (get) over WebSocket, kubectl's default since 1.31. */
const STREAMED = new Set(['exec', 'attach', 'portforward']);
const streamed = (a: RequestAttributes): boolean => a.resourceRequest && a.apiGroup === '' && a.resource === 'pods' && STREAMED.has(a.subresource);

/**
 * The other check of a WebSocket GET on pods/exec, attach or portforward: Kubernetes 1.35 and later authorize it as a
 * create too (feature gate AuthorizePodWebsocketUpgradeCreatePermission, beta, on by default), as the SPDY POST always
 * was. Needed on every release then: before 1.35 it costs nothing, and SPDY needed it anyway.
 */
export function streamCreateAttributes(a: RequestAttributes): RequestAttributes | null {
  return a.verb === 'get' && streamed(a) ? { ...a, verb: 'create' } : null;
}

/**
 * A 403 the RBAC authorizer gave. One after authorization.k8s.io/decision "allow" is not: the authorizer allowed the
 * request's own verb, and the apiserver refused it later (refusalHint). Without the annotation (logs before 1.19), a
 * 403 is taken as the authorizer's.
 */
export const deniedByAuthorizer = (req: Request): boolean => req.code === 403 && req.authzDecision !== 'allow';

/**
 * What a 403 without a decision, in a log that records decisions, was refused for: the impersonation filter refuses
 * before the authorizer is asked of the request, and its message (responseStatus.message, not read here) names whom:
 * `users "bob" is forbidden: User "…" cannot impersonate resource "users" in API group "" at the cluster scope`.
 */
export const REFUSED_BEFORE_AUTHORIZATION =
  'refused before the authorizer (no decision recorded): an impersonation it may not make; it needs impersonate on the user, group or service account the 403 message names';

/** The API group of Roles, ClusterRoles and their bindings. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_WRITES = new Set(['create', 'update', 'patch']);

/**
 * What a 403 after the authorizer allowed the verb may lack, when the apiserver is known to check a further
 * permission there (the annotation records only the verb's own check). Null: admission (PodSecurity, ResourceQuota,
 * a webhook, an OwnerReferencesPermissionEnforcement check) cannot be told apart from the event.
 */
export function refusalHint(a: RequestAttributes): string | null {
  if (!a.resourceRequest) return null;
  const hints: string[] = [];
  // handlers/patch.go and update.go: a patch or PUT that would create the object is also authorized as a create.
  if (a.verb === 'patch' || a.verb === 'update') hints.push('if it created the object, it also needs create');
  if (streamCreateAttributes(a)) hints.push('over a WebSocket (GET), Kubernetes 1.35 and later also check create');
  // The RBAC storage's escalation check, after the authorizer allowed the write.
  if (a.apiGroup === RBAC_GROUP && !a.subresource && RBAC_WRITES.has(a.verb) && ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].includes(a.resource)) {
    hints.push('granting roles it does not hold needs bind (bindings) or escalate (roles)');
  }
  // The CertificateApproval and CertificateSigning admission plugins ask the authorizer about the signer.
  if (a.apiGroup === 'certificates.k8s.io' && a.resource === 'certificatesigningrequests') {
    if (a.subresource === 'approval') hints.push('approving needs approve on certificates.k8s.io signers (the signerName)');
    if (a.subresource === 'status') hints.push('signing needs sign on certificates.k8s.io signers (the signerName)');
  }
  return hints.length > 0 ? hints.join('; ') : null;
}

/**
 * Requests the authorizer allowed (decision "allow") that were answered 403 nonetheless: by admission (PodSecurity,
 * quota, webhooks) or by a further permission check (refusalHint). Listed, never turned into rules: which it was,
 * the event does not say.
 */
export interface RefusedRequest {
  verb: string;
  apiGroup?: string;
  /** With its subresource: pods/exec. */
  resource?: string;
  namespace?: string;
  name?: string;
  /** A non-resource URL. */
  path?: string;
  count: number;
  /** The further grant it may need, when the apiserver is known to check one (refusalHint). */
  hint?: string;
}

/** Distinct request attributes with how often they were seen and denied: the unit every comparison works on. */
export interface ObservedRequest extends RequestAttributes {
  count: number;
  /** Answered 403 Forbidden. */
  denied: number;
  /**
   * Answered 404 Not Found: the object was absent, or the cluster does not serve the resource (an API Kubernetes
   * removed), which a wildcard then did not grant (withRequestedResources). Absent: none.
   */
  notFound?: number;
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
  /**
   * Requests with no response recorded: counted before their final stage (past the limit in flight), or whose final stage
   * the log lacks. A 403 among them is not known as one, nor a create by server-side apply (answered 201).
   */
  withoutResponse = 0;
  private readonly refused = new Map<string, RefusedRequest>();
  private readonly refusedBefore = new Map<string, RefusedRequest>();
  readonly unusable: Array<{ auditID: string; reason: string }> = [];
  /**
   * Whether the log records the authorizer's decisions (1.19 and later): set by any request with one, the identity's
   * or another's (logged). Then a 403 without one was not the authorizer's (undecided).
   */
  private decisionsRecorded = false;
  /** 403s without a decision, told apart once the whole log is read (settle). */
  private undecided: RequestAttributes[] = [];

  /** A request of the log, whoever made it (before add, for the identity's): whether the log records decisions. */
  logged(req: Request): void {
    if (req.authzDecision !== undefined) this.decisionsRecorded = true;
  }

  add(req: Request): void {
    this.total++;
    const a = requestAttributes(req);
    if (typeof a === 'string') {
      this.unusable.push({ auditID: shownAuditId(req.auditID), reason: a });
      return;
    }
    for (const g of (req.impersonatedUser ?? req.user)?.groups ?? []) this.groups.add(g);
    if (req.code === undefined) this.withoutResponse++;
    if (req.authzDecision === undefined && req.code === 403 && !req.impersonatedUser) {
      this.undecided.push(a);
      return;
    }
    const denied = deniedByAuthorizer(req);
    if (req.code === 403 && !denied) this.refuse(this.refused, a, refusalHint(a));
    this.count(a, denied, req.code === 404);
    for (const also of [createdAttributes(a, req.code), streamCreateAttributes(a)]) if (also) this.count(also, false);
  }

  private count(a: RequestAttributes, denied: boolean, notFound = false): void {
    const key = attributesKey(a);
    let o = this.seen.get(key);
    if (!o) this.seen.set(key, (o = { ...a, count: 0, denied: 0 }));
    o.count++;
    if (denied) o.denied++;
    if (notFound) o.notFound = (o.notFound ?? 0) + 1;
  }

  /**
   * A 403 without a decision: in a log that records them, refused before the authorizer was asked, which only the
   * impersonation filter does (for an impersonation the identity may not make): the request itself was never the
   * identity's to authorize, and needs no rule. In an older log, the authorizer's denial.
   */
  private settle(): void {
    for (const a of this.undecided) {
      if (this.decisionsRecorded) this.refuse(this.refusedBefore, a, REFUSED_BEFORE_AUTHORIZATION);
      else {
        this.count(a, true);
        const also = streamCreateAttributes(a);
        if (also) this.count(also, false);
      }
    }
    this.undecided = [];
  }

  private refuse(into: Map<string, RefusedRequest>, a: RequestAttributes, hint: string | null): void {
    const key = attributesKey(a);
    let r = into.get(key);
    if (!r) {
      r = a.resourceRequest
        ? {
            verb: a.verb,
            apiGroup: a.apiGroup,
            resource: a.subresource ? `${a.resource}/${a.subresource}` : a.resource,
            ...(a.namespace ? { namespace: a.namespace } : {}),
            ...(a.name ? { name: a.name } : {}),
            count: 0,
            ...(hint ? { hint } : {}),
          }
        : { verb: a.verb, path: a.path, count: 0 };
      into.set(key, r);
    }
    r.count++;
  }

  /** RefusedRequest: most often refused first. */
  refusedAfterAuthorization(): RefusedRequest[] {
    return mostRefusedFirst(this.refused);
  }

  /** 403s refused before the authorizer was asked (settle): by the impersonation filter. Most often refused first. */
  refusedBeforeAuthorization(): RefusedRequest[] {
    this.settle();
    return mostRefusedFirst(this.refusedBefore);
  }

  /**
   * A request the identity made as someone else: authorized as that one (whose requests it is), but the identity
   * needed leave to impersonate (impersonationAttributes). Logged with the impersonated user, so that was granted.
   */
  addImpersonation(req: Request): void {
    this.total++;
    for (const g of req.user?.groups ?? []) this.groups.add(g);
    for (const a of impersonationAttributes(req)) this.count(a, false);
  }

  requests(): ObservedRequest[] {
    this.settle();
    return [...this.seen.values()].sort(compareRequests);
  }
}

function mostRefusedFirst(refused: Map<string, RefusedRequest>): RefusedRequest[] {
  return [...refused.entries()].sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, r]) => ({ ...r }));
}

function compareRequests(a: RequestAttributes, b: RequestAttributes): number {
  return attributesKey(a) < attributesKey(b) ? -1 : attributesKey(a) > attributesKey(b) ? 1 : 0;
}
