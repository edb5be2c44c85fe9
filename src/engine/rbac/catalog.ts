// The spec's resources and the verbs each takes, to expand a granted `*` into what it really allows.
import type { Operation } from '../report.js';
import type { ObservedRequest, RequestAttributes } from './identity.js';
import { sortVerbs } from './permission.js';

export interface ApiResource {
  group: string;
  /** 'pods' or 'pods/log'. */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export type ResourceCatalog = Map<string, Map<string, ApiResource>>;

/**
 * The RBAC verb of a request to an operation (connect operations take their verb from the HTTP method). OPTIONS, on
 * the proxy paths only, has the empty verb (RequestInfo's for a method it does not map), which only `*` grants. A list
 * is list only here: resourceCatalog says where a list takes watch too.
 */
function verbsOfOperation(op: Operation): string[] {
  const byMethod: Record<string, string> = { get: 'get', head: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete', options: '' };
  switch (op.action) {
    case 'list':
      return ['list'];
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
      return Object.hasOwn(byMethod, op.method) ? [byMethod[op.method]] : [];
  }
}

/** Verbs that are not REST calls, which `*` also grants (k8s RBAC docs: escalate, bind, impersonate, approve, sign). */
export const SPECIAL_VERBS: Record<string, Record<string, string[]>> = {
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
export const REST_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Subresources of nodes the kubelet asks the apiserver about for a path of its own API (kubelet server/auth.go
 * GetRequestAttributes: /stats, /metrics, /logs, /spec, /checkpoint; /pods, /runningpods, /healthz, /configz and
 * /statusz with KubeletFineGrainedAuthz). No spec has them: the kubelet serves the paths, not the apiserver.
 */
const KUBELET_SUBRESOURCES = new Set(['checkpoint', 'configz', 'healthz', 'log', 'metrics', 'pods', 'spec', 'stats', 'statusz']);

/** 'pods/log' as ['pods', 'log']; null for a resource with no subresource. */
function subresourceOf(resource: string): [base: string, sub: string] | null {
  const slash = resource.indexOf('/');
  return slash <= 0 || slash === resource.length - 1 ? null : [resource.slice(0, slash), resource.slice(slash + 1)];
}

/** A subresource of nodes the kubelet asks about (nodes/metrics): cluster-scoped as nodes are, though no spec lists it. */
export function isKubeletSubresource(group: string, resource: string): boolean {
  const split = subresourceOf(resource);
  return (group === '' || group === '*') && split !== null && split[0] === 'nodes' && KUBELET_SUBRESOURCES.has(split[1]);
}

/** The verbs the kubelet asks about, by HTTP method (kubelet server/auth.go: POST create, GET get, PUT update, PATCH patch, DELETE delete). */
const KUBELET_VERBS = ['create', 'delete', 'get', 'patch', 'update'] as const;
/** OwnerReferencesPermissionEnforcement asks for update on the owner's finalizers, and for nothing else there. */
const FINALIZERS_VERBS = ['update'] as const;

/**
 * The verbs RBAC is asked about on a resource for another's request, so that no audit log shows the identity's own
 * request to it: update on `<resource>/finalizers` of a resource `served` has in that group (OwnerReferencesPermissionEnforcement
 * checks it inside the owner's write, for blockOwnerDeletion; `*` the owner for `*∕finalizers`), and the verbs of the
 * kubelet's HTTP methods on its nodes subresources (the kubelet's SubjectAccessReview is audited as the kubelet's
 * request). An unused grant of one of them cannot be told from a used one; any other verb there is never asked about.
 * None for anything else, a typo's finalizers (core deployments/finalizers) included.
 */
export function verbsCheckedForAnothersRequest(group: string, resource: string, served: (group: string, resource: string) => boolean): readonly string[] {
  const split = subresourceOf(resource);
  if (!split) return [];
  const [base, sub] = split;
  if (sub === 'finalizers') return base === '*' || served(group, base) ? FINALIZERS_VERBS : [];
  return isKubeletSubresource(group, resource) ? KUBELET_VERBS : [];
}

/**
 * A resource RBAC is asked about that no spec lists, so a rule naming it is no typo: `<resource>/finalizers` of a
 * resource `served` has, the kubelet's nodes subresources (verbsCheckedForAnothersRequest), and `userextras/<key>`
 * (impersonating an extra, the key as subresource).
 */
export function authorizedOutsideSpec(group: string, resource: string, served: (group: string, resource: string) => boolean): boolean {
  if (verbsCheckedForAnothersRequest(group, resource, served).length > 0) return true;
  return group === 'authentication.k8s.io' && subresourceOf(resource)?.[0] === 'userextras';
}

/**
 * What a `*∕<sub>` rule reaches in a group that no spec lists: `*∕finalizers` (every owner's, kept as written: RBAC
 * matches it against any resource's finalizers) and, in the core group, the kubelet's `nodes/<sub>`.
 */
export function wildcardOutsideSpec(group: string, resource: string): string[] {
  const sub = resource.startsWith('*/') ? resource.slice(2) : '';
  if (sub === 'finalizers') return [resource];
  return group === '' && KUBELET_SUBRESOURCES.has(sub) ? [`nodes/${sub}`] : [];
}

/**
 * Every group/resource[/subresource] of the spec, with its scope and verbs (from its operations' paths). A listed
 * resource takes watch (?watch=true on its list path) unless its group/version has watch operations (the /watch/
 * paths) but none for it: componentstatuses, which answers a watch 405. A group/version with no /watch/ paths at all
 * says nothing of watch: a served spec publishes none for a custom resource (apiextensions-apiserver's OpenAPI
 * builder), which is watched all the same.
 */
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
  const watchedGroupVersions = new Set<string>();
  const lists: Array<[groupVersion: string, group: string, resource: string, namespaced: boolean]> = [];
  for (const op of operations) {
    if (op.discovery) continue;
    const segs = op.path.split('/').filter(Boolean);
    let i: number;
    let group: string;
    if (segs[0] === 'api' && segs.length >= 3) [group, i] = ['', 2];
    else if (segs[0] === 'apis' && segs.length >= 4) [group, i] = [segs[1], 3];
    else continue;
    const groupVersion = segs.slice(1, i).join('/');
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
    if (op.action === 'watch' || op.action === 'watchlist') watchedGroupVersions.add(groupVersion);
    if (op.action === 'list') lists.push([groupVersion, group, resource, namespaced]);
  }
  for (const [groupVersion, group, resource, namespaced] of lists) if (!watchedGroupVersions.has(groupVersion)) put(group, resource, namespaced, ['watch']);
  for (const [group, resource] of VIRTUAL_RESOURCES) put(group, resource, false, []);
  for (const [group, byRes] of Object.entries(SPECIAL_VERBS)) for (const [resource, verbs] of Object.entries(byRes)) put(group, resource, false, verbs);
  return cat;
}

/**
 * The catalog with the resources the identity's requests reached that the spec lacks (custom resources, aggregated
 * APIs, and Kubernetes' resources of a release newer than the spec's that the cluster served): a wildcard grants them
 * too, and a request to one used the wildcard that allowed it. Each counts with the verbs requested of it, and a
 * resource (not a subresource) with the REST verbs too: what else a custom subresource takes, no spec says. A
 * resource of Kubernetes' own groups (`kubernetesGroup`, as compareRbac is given it) that every request found
 * missing (404: what Kubernetes removed, extensions/v1beta1 ingresses, policy/v1beta1 podsecuritypolicies on 1.34)
 * had nothing there to use, and a wildcard grants no resource the cluster does not serve.
 */
export function withRequestedResources(
  cat: ResourceCatalog,
  requests: ReadonlyArray<RequestAttributes & Partial<Pick<ObservedRequest, 'count' | 'notFound'>>>,
  kubernetesGroup: (group: string) => boolean = () => false,
): ResourceCatalog {
  const notServed = new Set<string>();
  const found = new Set<string>();
  for (const a of requests) {
    if (!a.resourceRequest || !kubernetesGroup(a.apiGroup)) continue;
    const key = JSON.stringify([a.apiGroup, a.subresource ? `${a.resource}/${a.subresource}` : a.resource]);
    (a.notFound !== undefined && a.notFound === a.count ? notServed : found).add(key);
  }
  const out: ResourceCatalog = new Map([...cat].map(([group, byRes]) => [group, new Map(byRes)]));
  for (const a of requests) {
    if (!a.resourceRequest) continue;
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    if (cat.get(a.apiGroup)?.has(resource)) continue;
    const key = JSON.stringify([a.apiGroup, resource]);
    if (notServed.has(key) && !found.has(key)) continue;
    let g = out.get(a.apiGroup);
    if (!g) out.set(a.apiGroup, (g = new Map()));
    const prev = g.get(resource);
    const verbs = sortVerbs([...(prev?.verbs ?? (a.subresource ? [] : REST_VERBS)), a.verb]);
    g.set(resource, { group: a.apiGroup, resource, namespaced: (prev?.namespaced ?? false) || a.namespace !== '', verbs });
  }
  return out;
}
