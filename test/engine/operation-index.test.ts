// The mapping rules, one by one, on the real upstream specs. Every expected operationId below can be checked by
// reading the spec's "paths" (zcat ../shared/fixtures/openapi-v2/swagger-1.36.json.gz | jq '.paths["…"]').
// Audit verbs are the apiserver's RequestInfo verbs: GET on a collection is list (or watch with ?watch=true),
// the /watch/ prefix makes the verb watch, DELETE on a collection is deletecollection, HEAD on a resource is get,
// and a non-resource URL is audited with the lower-cased HTTP method.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiPathInfo, methodOfVerb, OperationIndex, splitPath, uriPattern, type MatchResult } from '../../src/engine/operation-index.js';
import path from 'node:path';
import { loadSpecFile } from '../../src/sources/specs.js';
import { fixtureIndex, scratchDir, writeServedSpec } from '../helpers/fixtures.js';

/** "operationId method path" for a match, "reason pattern" for a miss: one string a reader can compare with the spec. */
function show(m: MatchResult): string {
  return m.operation ? `${m.operation.operationId} ${m.operation.method} ${m.operation.path}` : `${m.reason} ${m.pattern}`;
}

let v136: OperationIndex;
let v113: OperationIndex;
let v121: OperationIndex;
beforeAll(async () => {
  [v136, v113, v121] = await Promise.all([fixtureIndex('1.36'), fixtureIndex('1.13'), fixtureIndex('1.21-served-kind')]);
});
const m = (verb: string | undefined, uri: string | undefined, index = v136): string => show(index.match(verb, uri));

describe('Kubernetes verbs -> the operation of their HTTP method (1.36)', () => {
  it.each([
    ['get', '/api/v1/namespaces/default/pods/web-0', 'readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}'],
    ['list', '/api/v1/namespaces/default/pods', 'listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods'],
    // ?watch=true on a collection: RequestInfo says watch, the spec has no separate operation: the list one.
    ['watch', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=4711', 'listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods'],
    ['watch', '/api/v1/pods?allowWatchBookmarks=true&watch=1', 'listCoreV1PodForAllNamespaces get /api/v1/pods'],
    // The /watch/ prefix (deprecated) has operations of its own.
    ['watch', '/api/v1/watch/namespaces/default/pods', 'watchCoreV1NamespacedPodList get /api/v1/watch/namespaces/{namespace}/pods'],
    ['watch', '/api/v1/watch/namespaces/default/pods/web-0', 'watchCoreV1NamespacedPod get /api/v1/watch/namespaces/{namespace}/pods/{name}'],
    ['watch', '/apis/apps/v1/watch/deployments', 'watchAppsV1DeploymentListForAllNamespaces get /apis/apps/v1/watch/deployments'],
    ['create', '/apis/apps/v1/namespaces/default/deployments', 'createAppsV1NamespacedDeployment post /apis/apps/v1/namespaces/{namespace}/deployments'],
    ['update', '/apis/apps/v1/namespaces/default/deployments/web', 'replaceAppsV1NamespacedDeployment put /apis/apps/v1/namespaces/{namespace}/deployments/{name}'],
    ['patch', '/apis/apps/v1/namespaces/default/deployments/web', 'patchAppsV1NamespacedDeployment patch /apis/apps/v1/namespaces/{namespace}/deployments/{name}'],
    ['delete', '/apis/apps/v1/namespaces/default/deployments/web', 'deleteAppsV1NamespacedDeployment delete /apis/apps/v1/namespaces/{namespace}/deployments/{name}'],
    ['deletecollection', '/apis/apps/v1/namespaces/default/deployments', 'deleteAppsV1CollectionNamespacedDeployment delete /apis/apps/v1/namespaces/{namespace}/deployments'],
    ['deletecollection', '/api/v1/namespaces/default/services', 'deleteCoreV1CollectionNamespacedService delete /api/v1/namespaces/{namespace}/services'],
  ])('%s %s', (verb, uri, expected) => {
    expect(m(verb, uri)).toBe(expected);
  });

  it('maps each verb to the method RequestInfo derives it from', () => {
    expect(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'].map(methodOfVerb)).toEqual([
      'get', 'get', 'get', 'post', 'put', 'patch', 'delete', 'delete',
    ]);
    // Non-resource requests carry the lower-cased method itself.
    expect(['head', 'options', 'post', 'put'].map(methodOfVerb)).toEqual(['head', 'options', 'post', 'put']);
    expect(methodOfVerb('calebiscool')).toBeNull();
    expect(methodOfVerb('')).toBeNull();
  });
});

describe('namespaced and all-namespaces paths', () => {
  it.each([
    ['list', '/apis/apps/v1/deployments', 'listAppsV1DeploymentForAllNamespaces get /apis/apps/v1/deployments'],
    ['list', '/apis/apps/v1/namespaces/kube-system/deployments', 'listAppsV1NamespacedDeployment get /apis/apps/v1/namespaces/{namespace}/deployments'],
    ['list', '/api/v1/nodes', 'listCoreV1Node get /api/v1/nodes'],
    ['get', '/api/v1/nodes/kind-control-plane', 'readCoreV1Node get /api/v1/nodes/{name}'],
    ['list', '/api/v1/namespaces', 'listCoreV1Namespace get /api/v1/namespaces'],
    ['get', '/api/v1/namespaces/kube-system', 'readCoreV1Namespace get /api/v1/namespaces/{name}'],
    ['list', '/apis/rbac.authorization.k8s.io/v1/clusterroles', 'listRbacAuthorizationV1ClusterRole get /apis/rbac.authorization.k8s.io/v1/clusterroles'],
  ])('%s %s', (verb, uri, expected) => {
    expect(m(verb, uri)).toBe(expected);
  });
});

describe('subresources', () => {
  it.each([
    ['get', '/apis/apps/v1/namespaces/default/deployments/web/status', 'readAppsV1NamespacedDeploymentStatus get /apis/apps/v1/namespaces/{namespace}/deployments/{name}/status'],
    ['update', '/apis/apps/v1/namespaces/default/deployments/web/status', 'replaceAppsV1NamespacedDeploymentStatus put /apis/apps/v1/namespaces/{namespace}/deployments/{name}/status'],
    ['patch', '/api/v1/nodes/kind-worker/status', 'patchCoreV1NodeStatus patch /api/v1/nodes/{name}/status'],
    ['get', '/apis/apps/v1/namespaces/default/deployments/web/scale', 'readAppsV1NamespacedDeploymentScale get /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'],
    ['update', '/apis/apps/v1/namespaces/default/statefulsets/db/scale', 'replaceAppsV1NamespacedStatefulSetScale put /apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale'],
    // kubectl exec: a POST (SPDY/websocket upgrade) audited as create, or a GET (websocket) audited as get.
    ['create', '/api/v1/namespaces/default/pods/web-0/exec?command=sh&container=web&stdin=true&tty=true', 'connectCoreV1PostNamespacedPodExec post /api/v1/namespaces/{namespace}/pods/{name}/exec'],
    ['get', '/api/v1/namespaces/default/pods/web-0/exec?command=ls', 'connectCoreV1GetNamespacedPodExec get /api/v1/namespaces/{namespace}/pods/{name}/exec'],
    ['get', '/api/v1/namespaces/default/pods/web-0/log?container=web&follow=true', 'readCoreV1NamespacedPodLog get /api/v1/namespaces/{namespace}/pods/{name}/log'],
    ['create', '/api/v1/namespaces/default/pods/web-0/eviction', 'createCoreV1NamespacedPodEviction post /api/v1/namespaces/{namespace}/pods/{name}/eviction'],
    // proxy: with and without the trailing path; the tail may have any number of segments.
    ['get', '/api/v1/namespaces/monitoring/services/http:grafana:80/proxy', 'connectCoreV1GetNamespacedServiceProxy get /api/v1/namespaces/{namespace}/services/{name}/proxy'],
    ['get', '/api/v1/namespaces/monitoring/services/http:grafana:80/proxy/api/v1/query/status', 'connectCoreV1GetNamespacedServiceProxyWithPath get /api/v1/namespaces/{namespace}/services/{name}/proxy/{path}'],
    ['create', '/api/v1/namespaces/default/pods/web-0/proxy/healthz', 'connectCoreV1PostNamespacedPodProxyWithPath post /api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}'],
    ['get', '/api/v1/nodes/kind-worker/proxy/metrics/cadvisor', 'connectCoreV1GetNodeProxyWithPath get /api/v1/nodes/{name}/proxy/{path}'],
    // A proxy tail that looks like a subresource is still the tail.
    ['delete', '/api/v1/nodes/kind-worker/proxy/pods/x/status', 'connectCoreV1DeleteNodeProxyWithPath delete /api/v1/nodes/{name}/proxy/{path}'],
    // Namespace subresources status and finalize.
    ['get', '/api/v1/namespaces/kube-system/status', 'readCoreV1NamespaceStatus get /api/v1/namespaces/{name}/status'],
    ['update', '/api/v1/namespaces/stuck/finalize', 'replaceCoreV1NamespaceFinalize put /api/v1/namespaces/{name}/finalize'],
  ])('%s %s', (verb, uri, expected) => {
    expect(m(verb, uri)).toBe(expected);
  });

  it('/logs/{logpath} swallows the rest of the path like {path}', () => {
    expect(m('get', '/logs/')).toBe('logFileListHandler get /logs/');
    expect(m('get', '/logs/kube-apiserver.log')).toBe('logFileHandler get /logs/{logpath}');
    expect(m('get', '/logs/pods/kube-system_etcd/etcd/0.log')).toBe('logFileHandler get /logs/{logpath}');
  });
});

describe('discovery, with and without the trailing slash the spec writes', () => {
  it.each([
    ['/api', 'getCoreAPIVersions get /api/'],
    ['/api/', 'getCoreAPIVersions get /api/'],
    ['/api/v1', 'getCoreV1APIResources get /api/v1/'],
    ['/api/v1/', 'getCoreV1APIResources get /api/v1/'],
    ['/apis', 'getAPIVersions get /apis/'],
    ['/apis/', 'getAPIVersions get /apis/'],
    ['/apis/apps', 'getAppsAPIGroup get /apis/apps/'],
    ['/apis/apps/', 'getAppsAPIGroup get /apis/apps/'],
    ['/apis/apps/v1', 'getAppsV1APIResources get /apis/apps/v1/'],
    ['/apis/apps/v1/?timeout=32s', 'getAppsV1APIResources get /apis/apps/v1/'],
    ['/apis/storagemigration.k8s.io/v1beta1', 'getStoragemigrationV1beta1APIResources get /apis/storagemigration.k8s.io/v1beta1/'],
  ])('get %s', (uri, expected) => {
    const r = v136.match('get', uri);
    expect(show(r)).toBe(expected);
    expect(r.operation?.discovery).toBe(true);
  });

  it('a resource operation is not discovery', () => {
    expect(v136.match('list', '/apis/apps/v1/deployments').operation?.discovery).toBe(false);
  });
});

describe('query strings, trailing slashes, HEAD, percent-encoding', () => {
  it('ignores the query string, including one with a ? inside a value', () => {
    expect(m('list', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=500')).toBe(
      'listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods',
    );
    expect(m('get', '/api/v1/namespaces/default/pods/web-0?a=?b/c')).toBe('readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}');
  });

  // As RequestInfo and go-restful read a path: the slashes at its ends are trimmed, an empty segment inside is an
  // empty namespace or name (not dropped, which read "pods" of namespaces//pods as a namespace's name).
  it('ignores slashes at the ends; an empty segment inside is an empty namespace or name', () => {
    expect(m('list', '/api/v1/namespaces/default/pods/')).toBe('listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods');
    expect(m('list', '/api/v1/namespaces/default/pods//')).toBe('listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods');
    expect(m('list', '/api/v1/namespaces//pods')).toBe('listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods');
    expect(m('create', '/apis/apps/v1/namespaces//deployments')).toBe('createAppsV1NamespacedDeployment post /apis/apps/v1/namespaces/{namespace}/deployments');
    expect(m('get', '/api/v1/namespaces/ns/pods//status')).toBe('readCoreV1NamespacedPodStatus get /api/v1/namespaces/{namespace}/pods/{name}/status');
    // Routes of another length reach no operation.
    expect(m('get', '/api/v1/namespaces/default/pods//web-0')).toMatch(/^unknown-resource /);
    expect(m('get', '/api//v1/namespaces/default/pods/web-0')).toMatch(/^unknown-group-version /);
    expect(splitPath('/api/v1/namespaces//pods/')).toEqual(['api', 'v1', 'namespaces', '', 'pods']);
  });

  it('HEAD of a non-resource URL falls back to its GET operation', () => {
    // /version/ has only a GET in the spec; the apiserver audits HEAD /version with verb "head".
    expect(m('head', '/version')).toBe('getCodeVersion get /version/');
    expect(m('head', '/apis')).toBe('getAPIVersions get /apis/');
    expect(m('head', '/.well-known/openid-configuration')).toBe('getServiceAccountIssuerOpenIDConfiguration get /.well-known/openid-configuration/');
    // …but a spec HEAD operation wins over the fallback.
    expect(m('head', '/api/v1/nodes/n1/proxy/x')).toBe('connectCoreV1HeadNodeProxyWithPath head /api/v1/nodes/{name}/proxy/{path}');
    // A path with neither HEAD nor GET answers method-not-allowed, not some other template.
    expect(m('head', '/api/v1/namespaces/stuck/finalize')).toBe('method-not-allowed /api/v1/namespaces/{name}/finalize');
  });

  it('decodes percent-encoded segments the way the apiserver does (URL.Path is decoded)', () => {
    expect(m('get', '/api/v1/namespaces/default/pods/web%2D0')).toBe('readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}');
    // An encoded literal is the literal.
    expect(m('list', '/api/v1/namespaces/default/%70ods')).toBe('listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods');
    // An encoded slash is a slash: URL.Path is decoded, then RequestInfo and go-restful's router (tokenizePath) split
    // it, so configmaps/a%2Fb is configmap a's subresource b, which no route serves, not a configmap named "a/b".
    expect(m('get', '/api/v1/namespaces/default/configmaps/a%2Fb')).toBe('unknown-resource /api/v1/namespaces/{namespace}/configmaps/{name}/b');
    expect(splitPath('/api/v1/namespaces/default/configmaps/a%2Fb')).toEqual(['api', 'v1', 'namespaces', 'default', 'configmaps', 'a', 'b']);
    expect(m('get', '/api/v1/namespaces/default/pods/p1%2Flog')).toBe('readCoreV1NamespacedPodLog get /api/v1/namespaces/{namespace}/pods/{name}/log');
    // A malformed escape is kept as written, and still lands on the template it fits.
    expect(splitPath('/api/v1/namespaces/default/pods/%zz')).toEqual(['api', 'v1', 'namespaces', 'default', 'pods', '%zz']);
    // With a malformed escape elsewhere, the other segments are still decoded.
    expect(splitPath('/api/v1/namespaces/default/%70ods/%zz')).toEqual(['api', 'v1', 'namespaces', 'default', 'pods', '%zz']);
    expect(m('get', '/api/v1/namespaces/default/pods/%zz')).toBe('readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}');
    // An escape that is not UTF-8 (%FF: Go decodes it to a byte, no 400) elsewhere in the path: the encoded slash
    // still separates segments, as Go reads it (was configmap "a/b", read as readCoreV1NamespacedConfigMap).
    expect(splitPath('/api/v1/namespaces/d%FF/configmaps/a%2Fb')).toEqual(['api', 'v1', 'namespaces', 'd%FF', 'configmaps', 'a', 'b']);
    expect(m('get', '/api/v1/namespaces/d%FF/configmaps/a%2Fb')).toBe('unknown-resource /api/v1/namespaces/{namespace}/configmaps/{name}/b');
    expect(splitPath('/api/v1/namespaces/default/configmaps/a%2fb%zz')).toEqual(['api', 'v1', 'namespaces', 'default', 'configmaps', 'a', 'b%zz']);
  });
});

describe('literal segments win over {param} segments', () => {
  it.each([
    // /api/v1/namespaces/{name}/status and /api/v1/namespaces/{namespace}/pods share the segment after namespaces.
    ['get', '/api/v1/namespaces/default/status', 'readCoreV1NamespaceStatus get /api/v1/namespaces/{name}/status'],
    ['list', '/api/v1/namespaces/default/pods', 'listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods'],
    // Names that spell a literal are still names where no literal competes…
    ['get', '/api/v1/namespaces/status', 'readCoreV1Namespace get /api/v1/namespaces/{name}'],
    ['list', '/api/v1/namespaces/status/pods', 'listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods'],
    ['get', '/api/v1/namespaces/default/pods/status', 'readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}'],
    // …and the literal wins where one does.
    ['get', '/api/v1/namespaces/status/status', 'readCoreV1NamespaceStatus get /api/v1/namespaces/{name}/status'],
    ['get', '/api/v1/namespaces/default/pods/status/status', 'readCoreV1NamespacedPodStatus get /api/v1/namespaces/{namespace}/pods/{name}/status'],
    // A pod named "watch" under a namespace, not the /watch/ prefix.
    ['get', '/api/v1/namespaces/default/pods/watch', 'readCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods/{name}'],
  ])('%s %s', (verb, uri, expected) => {
    expect(m(verb, uri)).toBe(expected);
  });

  it('a verb a subresource does not serve is method-not-allowed, not a guess', () => {
    // Namespace status cannot be deleted, pod status cannot be created.
    expect(m('delete', '/api/v1/namespaces/default/status')).toBe('method-not-allowed /api/v1/namespaces/{name}/status');
    expect(m('create', '/api/v1/namespaces/default/pods/web-0/status')).toBe('method-not-allowed /api/v1/namespaces/{namespace}/pods/{name}/status');
  });
});

describe('non-resource URLs and APIs the spec does not describe: typed reasons, group/version/resource', () => {
  it.each([
    ['get', '/healthz', '/healthz'],
    ['get', '/livez?verbose', '/livez'],
    ['get', '/readyz/etcd', '/readyz/etcd'],
    ['get', '/metrics', '/metrics'],
    ['get', '/openapi/v2', '/openapi/v2'],
    ['get', '/openapi/v3/apis/apps/v1', '/openapi/v3/apis/apps/v1'],
    ['head', '/healthz', '/healthz'],
  ])('%s %s is a non-resource-url', (verb, uri, pattern) => {
    const r = v136.match(verb, uri);
    expect(r.reason).toBe('non-resource-url');
    expect(r.operation === undefined && r.pattern).toBe(pattern);
    expect(r.operation === undefined && r.api).toBeUndefined();
  });

  it('an aggregated API (metrics-server) is unknown-group-version with its group, version and resource', () => {
    const r = v136.match('list', '/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods?labelSelector=k8s-app');
    expect(r).toEqual({
      reason: 'unknown-group-version',
      pattern: '/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods',
      api: { group: 'metrics.k8s.io', version: 'v1beta1', namespace: 'kube-system', resource: 'pods' },
    });
  });

  it('a custom resource names the object only in the pattern', () => {
    const r = v136.match('get', '/apis/longhorn.io/v1beta2/namespaces/longhorn-system/volumes/pvc-0a1b/status');
    expect(r.reason).toBe('unknown-group-version');
    expect(r.operation === undefined && r.pattern).toBe('/apis/longhorn.io/v1beta2/namespaces/{namespace}/volumes/{name}/status');
    expect(r.operation === undefined && r.api).toEqual({
      group: 'longhorn.io', version: 'v1beta2', namespace: 'longhorn-system', resource: 'volumes', name: 'pvc-0a1b', subresource: 'status',
    });
  });

  it('discovery of a custom group and group version is unknown-group-version', () => {
    expect(m('get', '/apis/cert-manager.io/v1')).toBe('unknown-group-version /apis/cert-manager.io/v1');
    const g = v136.match('get', '/apis/cert-manager.io');
    expect(g.reason).toBe('unknown-group-version');
    expect(g.operation === undefined && g.api?.group).toBe('cert-manager.io');
  });

  it("discovery of a group a cluster's served spec serves CRDs of, but has no discovery path for, is unknown-group-version", async () => {
    const file = writeServedSpec(path.join(scratchDir('served-discovery-index'), 'served-1.36.json.gz'), '1.36', [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate', plural: 'certificates' }]);
    const served = new OperationIndex((await loadSpecFile(file)).operations);
    expect(served.match('list', '/apis/cert-manager.io/v1/namespaces/shop/certificates').operation?.operationId).toBe('listCertManagerIoV1NamespacedCertificate');
    expect(show(served.match('get', '/apis/cert-manager.io/v1?timeout=32s'))).toBe('unknown-group-version /apis/cert-manager.io/v1');
    const gv = served.match('get', '/apis/cert-manager.io/v1');
    expect(gv.operation === undefined && gv.api).toMatchObject({ group: 'cert-manager.io', version: 'v1' });
    const g = served.match('get', '/apis/cert-manager.io?timeout=32s');
    expect(g.reason).toBe('unknown-group-version');
    expect(g.operation === undefined && g.api).toEqual({ group: 'cert-manager.io', version: '' });
    // A resource the served group/version lacks is still unknown-resource; a built-in group's discovery is matched.
    expect(show(served.match('get', '/apis/cert-manager.io/v1/issuers'))).toBe('unknown-resource /apis/cert-manager.io/v1/issuers');
    expect(served.match('get', '/apis/apps/v1').operation?.operationId).toBe('getAppsV1APIResources');
  });

  it("a watch through the legacy /watch/ path of a custom resource, which a cluster's served spec publishes no /watch/ path for, is its list or get", async () => {
    // The apiserver serves the /watch/ prefix for any resource (RequestInfo reads it as the verb; the CRD handler
    // answers verb watch with its list handler), but its served spec publishes a CRD's routes without it.
    const crds = [
      { group: 'cache.example.com', version: 'v1alpha1', kind: 'Memcached', plural: 'memcacheds', allRoutes: true },
      { group: 'cache.example.com', version: 'v1alpha1', kind: 'MemcachedPool', plural: 'memcachedpools', allRoutes: true, cluster: true },
    ];
    const served = new OperationIndex((await loadSpecFile(writeServedSpec(path.join(scratchDir('served-crd-watch'), 'served-1.33.json.gz'), '1.33', crds))).operations);
    const w = (uri: string): string => show(served.match('watch', uri));
    const g = '/apis/cache.example.com/v1alpha1';
    // A collection: its list operation, as ?watch=true on the list path is; one object: its get (read) operation.
    expect(w(`${g}/watch/namespaces/shop/memcacheds?resourceVersion=5`)).toBe(`listCacheExampleComV1alpha1NamespacedMemcached get ${g}/namespaces/{namespace}/memcacheds`);
    expect(w(`${g}/watch/namespaces/shop/memcacheds`)).toBe(w(`${g}/namespaces/shop/memcacheds?watch=true`));
    expect(w(`${g}/watch/memcacheds`)).toBe(`listCacheExampleComV1alpha1MemcachedForAllNamespaces get ${g}/memcacheds`);
    expect(w(`${g}/watch/namespaces/shop/memcacheds/one`)).toBe(`readCacheExampleComV1alpha1NamespacedMemcached get ${g}/namespaces/{namespace}/memcacheds/{name}`);
    expect(w(`${g}/watch/memcachedpools`)).toBe(`listCacheExampleComV1alpha1MemcachedPool get ${g}/memcachedpools`);
    expect(w(`${g}/watch/memcachedpools/big`)).toBe(`readCacheExampleComV1alpha1MemcachedPool get ${g}/memcachedpools/{name}`);
    // What the apiserver does not serve stays unmatched: a resource the group/version lacks, a subresource (the CRD
    // handler serves status and scale by get, update and patch only), the prefix alone.
    expect(w(`${g}/watch/namespaces/shop/gadgets`)).toBe(`unknown-resource ${g}/watch/namespaces/{namespace}/gadgets`);
    expect(w(`${g}/watch/namespaces/shop/memcacheds/one/status`)).toBe(`unknown-resource ${g}/watch/namespaces/{namespace}/memcacheds/{name}/status`);
    expect(w(`${g}/watch`)).toBe(`unknown-resource ${g}/watch`);
    // A built-in resource, whose spec has /watch/ paths, keeps matching its (deprecated) watch operation.
    const deployments = served.match('watch', '/apis/apps/v1/watch/namespaces/shop/deployments').operation;
    expect([deployments?.operationId, deployments?.deprecated]).toEqual(['watchAppsV1NamespacedDeploymentList', true]);
    // A built-in resource that cannot be watched: its group/version has /watch/ paths, none for it, and the API
    // server answers 404 (a review found these counted as hits of its list and read operations).
    expect(w('/api/v1/watch/componentstatuses')).toBe('unknown-resource /api/v1/watch/componentstatuses');
    expect(w('/api/v1/watch/componentstatuses/etcd-0')).toBe('unknown-resource /api/v1/watch/componentstatuses/{name}');
  });

  it('a removed version of a known group is unknown-group-version, not unknown-resource', () => {
    // extensions/v1beta1 is gone from 1.36; the group "extensions" itself is gone too.
    const r = v136.match('list', '/apis/extensions/v1beta1/namespaces/default/deployments');
    expect(r.reason).toBe('unknown-group-version');
    expect(m('get', '/apis/policy/v1beta1/podsecuritypolicies/restricted')).toBe(
      'unknown-group-version /apis/policy/v1beta1/podsecuritypolicies/{name}',
    );
  });

  it('an unknown resource of a served group version is unknown-resource', () => {
    const r = v136.match('get', '/api/v1/nerds/bootstrap-e2e-minion-group-9s5q');
    expect(r.reason).toBe('unknown-resource');
    expect(r.operation === undefined && r.api?.resource).toBe('nerds');
  });

  it('a verb the path does not serve is method-not-allowed', () => {
    expect(m('update', '/api/v1/namespaces/default/pods')).toBe('method-not-allowed /api/v1/namespaces/{namespace}/pods');
    expect(m('create', '/api/v1/namespaces/default/pods/web-0')).toBe('method-not-allowed /api/v1/namespaces/{namespace}/pods/{name}');
    expect(m('delete', '/version')).toBe('method-not-allowed /version');
  });

  it('an unknown verb on a path the spec serves is unknown-verb, with the pattern kept', () => {
    expect(m('calebiscool', '/api/v1/nodes/n1')).toBe('unknown-verb /api/v1/nodes/{name}');
    expect(m('frobnicate', '/version')).toBe('unknown-verb /version');
    // RequestInfo gives OPTIONS on a resource the empty verb: on a path without an OPTIONS operation, unknown.
    expect(v136.match('', '/api/v1/nodes').reason).toBe('unknown-verb');
    expect(v136.match(undefined, '/api/v1/nodes').reason).toBe('unknown-verb');
  });

  // RequestInfo gives the empty verb to a resource request of a method none of GET, HEAD, POST, PUT, PATCH, DELETE;
  // of those the spec routes OPTIONS alone, on the proxy paths (APISnoop's matcher reads '' as options too).
  it('the empty verb is the OPTIONS operation of a proxy path; no verb at all is not', () => {
    const op = (verb: string | undefined, uri: string) => v136.match(verb, uri).operation?.operationId ?? v136.match(verb, uri).reason;
    expect(op('', '/api/v1/namespaces/shop/pods/p1/proxy/x')).toBe('connectCoreV1OptionsNamespacedPodProxyWithPath');
    expect(op('', '/api/v1/namespaces/shop/pods/p1/proxy')).toBe('connectCoreV1OptionsNamespacedPodProxy');
    expect(op('', '/api/v1/namespaces/shop/services/https:web:443/proxy/a/b?x=1')).toBe('connectCoreV1OptionsNamespacedServiceProxyWithPath');
    expect(op('', '/api/v1/nodes/n1/proxy/metrics')).toBe('connectCoreV1OptionsNodeProxyWithPath');
    expect(op(undefined, '/api/v1/namespaces/shop/pods/p1/proxy/x')).toBe('unknown-verb');
    // Not on a path with no OPTIONS operation: pods/exec, a pod.
    expect(op('', '/api/v1/namespaces/shop/pods/p1/exec')).toBe('unknown-verb');
    expect(op('', '/api/v1/namespaces/shop/pods/p1')).toBe('unknown-verb');
    // The other verbs of the proxy path as before.
    expect(op('get', '/api/v1/namespaces/shop/pods/p1/proxy/x')).toBe('connectCoreV1GetNamespacedPodProxyWithPath');
  });

  it('on a path the spec does not serve, the path is the reason whatever the verb', () => {
    expect(m('frobnicate', '/apis/cert-manager.io/v1/certificates')).toBe('unknown-group-version /apis/cert-manager.io/v1/certificates');
    expect(m('frobnicate', '/api/v1/nerds/n1')).toBe('unknown-resource /api/v1/nerds/{name}');
    expect(m('frobnicate', '/healthz')).toBe('non-resource-url /healthz');
    // The deprecated /proxy/ verb prefix is gone from every spec here: its path is no resource of core v1.
    expect(v136.match('proxy', '/api/v1/proxy/nodes/n1').reason).toBe('unknown-resource');
  });

  it('a missing or non-path requestURI is malformed-uri', () => {
    expect(v136.match('get', undefined)).toEqual({ reason: 'malformed-uri', pattern: '(none)' });
    expect(v136.match('get', '')).toEqual({ reason: 'malformed-uri', pattern: '(none)' });
    expect(v136.match('get', 'api/v1/pods')).toEqual({ reason: 'malformed-uri', pattern: 'api/v1/pods' });
    expect(v136.match('get', 'https://10.96.0.1/api/v1/pods').reason).toBe('malformed-uri');
    // Its query dropped, as a path's is: it holds what the client sent (an access_token), and the pattern is reported.
    expect(v136.match('get', 'https://10.96.0.1/api/v1/pods?access_token=CANARY')).toEqual({ reason: 'malformed-uri', pattern: 'https://{host}/api/v1/pods' });
    // Text with no slash is no URL and no path: said by its shape, never quoted (it can be anything, a password).
    expect(v136.match('get', 'hunter2')).toEqual({ reason: 'malformed-uri', pattern: '7 characters (not quoted: audit log lines may hold secrets)' });
    expect(show(v136.match('get', 'hunter2?x=1'))).toBe('malformed-uri 7 characters (not quoted: audit log lines may hold secrets)');
    expect(show(v136.match('get', 'x'.repeat(5000)))).toBe('malformed-uri 5,000 characters (not quoted: audit log lines may hold secrets)');
    // What an API server writes for OPTIONS * is named.
    expect(show(v136.match('options', '*'))).toBe('malformed-uri *');
    // A URL's or a relative path's segments shown as a path's are: no text after a ; or a #.
    expect(show(v136.match('get', 'https://10.96.0.1/api/v1/pods;jsessionid=SECRET'))).toBe('malformed-uri https://{host}/api/v1/pods;{params}');
    expect(show(v136.match('get', 'api/v1/pods#access_token=SECRET/x'))).toBe('malformed-uri api/v1/pods#{fragment}');
    // A URL's user, password and host are not shown, nor a scheme no client sends to an API server.
    expect(show(v136.match('get', 'https://admin:SECRET@10.0.0.1:6443/api/v1/pods'))).toBe('malformed-uri https://{host}/api/v1/pods');
    expect(show(v136.match('get', 'http://SECRET@h/healthz'))).toBe('malformed-uri http://{host}/healthz');
    expect(show(v136.match('get', 'https://SECRET@h'))).toBe('malformed-uri https://{host}');
    expect(show(v136.match('get', 'SECRET://h/healthz'))).toBe('malformed-uri {scheme}://{host}/healthz');
    // Names and namespaces are {name} and {namespace}, as in a path's pattern.
    expect(show(v136.match('get', 'api/v1/namespaces/SECRETNS/secrets/SECRETNAME'))).toBe('malformed-uri api/v1/namespaces/{namespace}/secrets/{name}');
    expect(show(v136.match('get', 'https://h/api/v1/namespaces/SECRETNS/secrets/SECRETNAME'))).toBe('malformed-uri https://{host}/api/v1/namespaces/{namespace}/secrets/{name}');
  });

  it('shows no text after a ; or a # in a path, and matches every path as before (Go reads both as path characters)', () => {
    // A segment holding either is none the API serves: unmatched as before, its text from the ; or # a placeholder.
    expect(m('list', '/api/v1/namespaces/x/pods;jsessionid=SECRET')).toBe('unknown-resource /api/v1/namespaces/{namespace}/pods;{params}');
    expect(v136.match('list', '/api/v1/namespaces/x/pods;jsessionid=SECRET')).toMatchObject({ api: { group: '', version: 'v1', resource: 'pods;{params}' } });
    expect(m('get', '/apis/apps/v1/deployments;s=SECRET/x/scale')).toBe('unknown-resource /apis/apps/v1/deployments;{params}/{name}/scale');
    // A # as written: a fragment, whose text runs to the end, slashes and all.
    expect(m('get', '/apis/foo#token=SECRET/v1/pods')).toBe('unknown-group-version /apis/foo#{fragment}');
    // Its group, version and resource unsaid: the version and resource are the fragment's text.
    expect(v136.match('get', '/apis/foo#token=SECRET/v1/pods')).toEqual({ reason: 'unknown-group-version', pattern: '/apis/foo#{fragment}' });
    expect(m('get', '/apis/example.com#token=SECRET')).toBe('unknown-group-version /apis/example.com#{fragment}');
    expect(v136.match('get', '/apis/example.com#token=SECRET')).toMatchObject({ api: { group: 'example.com#{fragment}', version: '' } });
    // Escaped (%3B, %23: how an API server's audit writes a # it was sent), decoded, then shown alike.
    expect(m('get', '/apis/apps/v1/namespaces/x/deployments%23t=SECRET')).toBe('unknown-resource /apis/apps/v1/namespaces/{namespace}/deployments#{fragment}');
    expect(m('get', '/healthz%3Bt=SECRET/x')).toBe('non-resource-url /healthz;{params}/x');
    // An escaped # is a fragment as a written one is: nothing after it is shown, past slashes too (an API server writes
    // a # it was sent as %23 and the / after it as it came).
    expect(m('get', '/healthz%23access_token=SECRET/def/ghi')).toBe('non-resource-url /healthz#{fragment}');
    expect(v136.match('get', '/apis/apps/v1/deployments%23tok=a/SECRET/SECRET')).toEqual({
      reason: 'unknown-resource',
      pattern: '/apis/apps/v1/deployments#{fragment}',
      api: { group: 'apps', version: 'v1', resource: 'deployments#{fragment}' },
    });
    // A segment that does not decode (%FF) keeps its escapes as written: %23 and %3B are read as # and ; all the same.
    expect(m('get', '/healthz%FF%23t=SECRET/SECRET')).toBe('non-resource-url /healthz%FF#{fragment}');
    expect(m('get', '/healthz%FF%3bt=SECRET/x')).toBe('non-resource-url /healthz%FF;{params}/x');
    expect(m('get', '/healthz;t=SECRET')).toBe('non-resource-url /healthz;{params}');
    expect(m('frobnicate', '/api/v1/nerds;t=SECRET/n1')).toBe('unknown-resource /api/v1/nerds;{params}/{name}');
    // The reason is the path's own: an unserved version is still unknown-group-version, a served one unknown-resource.
    expect(m('get', '/apis/apps/v1;t=SECRET/deployments')).toBe('unknown-group-version /apis/apps/v1;{params}/deployments');
    // Where they stand in a name or a namespace, the request matches as it did: names are never shown.
    expect(m('get', '/api/v1/namespaces/default/configmaps/a;b=SECRET')).toBe('readCoreV1NamespacedConfigMap get /api/v1/namespaces/{namespace}/configmaps/{name}');
    expect(m('list', '/api/v1/namespaces/a%23b/pods')).toBe('listCoreV1NamespacedPod get /api/v1/namespaces/{namespace}/pods');
    expect(m('get', '/api/v1/namespaces/x/pods/p;1/log')).toBe('readCoreV1NamespacedPodLog get /api/v1/namespaces/{namespace}/pods/{name}/log');
    expect(m('patch', '/api/v1/namespaces/x/pods/p;1/log')).toBe('method-not-allowed /api/v1/namespaces/{namespace}/pods/{name}/log');
  });
});

describe('old releases', () => {
  it('1.13 serves extensions/v1beta1, apps/v1beta1 and apps/v1beta2 Deployments', () => {
    expect(m('get', '/apis/extensions/v1beta1/namespaces/default/deployments/web', v113)).toBe(
      'readExtensionsV1beta1NamespacedDeployment get /apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name}',
    );
    expect(m('update', '/apis/extensions/v1beta1/namespaces/default/deployments/web/scale', v113)).toBe(
      'replaceExtensionsV1beta1NamespacedDeploymentScale put /apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name}/scale',
    );
    expect(m('create', '/apis/apps/v1beta2/namespaces/default/deployments', v113)).toBe(
      'createAppsV1beta2NamespacedDeployment post /apis/apps/v1beta2/namespaces/{namespace}/deployments',
    );
    expect(m('watch', '/apis/extensions/v1beta1/watch/namespaces/default/ingresses', v113)).toBe(
      'watchExtensionsV1beta1NamespacedIngressList get /apis/extensions/v1beta1/watch/namespaces/{namespace}/ingresses',
    );
  });

  it('1.13 has no /.well-known or /openid (they came in 1.20): non-resource-url there', () => {
    expect(m('get', '/.well-known/openid-configuration', v113)).toBe('non-resource-url /.well-known/openid-configuration');
  });

  it('the served kind 1.21 document has policy/v1beta1 PodSecurityPolicy and batch/v1beta1 CronJob', () => {
    expect(m('list', '/apis/policy/v1beta1/podsecuritypolicies', v121)).toBe(
      'listPolicyV1beta1PodSecurityPolicy get /apis/policy/v1beta1/podsecuritypolicies',
    );
    expect(m('create', '/apis/batch/v1beta1/namespaces/default/cronjobs', v121)).toBe(
      'createBatchV1beta1NamespacedCronJob post /apis/batch/v1beta1/namespaces/{namespace}/cronjobs',
    );
    // It describes only default-enabled APIs: no alpha group at all.
    expect(v121.match('get', '/apis/storage.k8s.io/v1alpha1').reason).toBe('unknown-group-version');
  });
});

describe('uriPattern and apiPathInfo (how misses group in the report)', () => {
  it.each([
    ['/api/v1/namespaces/default', '/api/v1/namespaces/{name}'],
    ['/api/v1/namespaces/default/status', '/api/v1/namespaces/{name}/status'],
    ['/api/v1/namespaces/default/pods/web-0/log', '/api/v1/namespaces/{namespace}/pods/{name}/log'],
    ['/apis/x.io/v1/watch/namespaces/ns/things/a', '/apis/x.io/v1/watch/namespaces/{namespace}/things/{name}'],
    ['/apis/x.io/v1/things/a/proxy/deep/tail', '/apis/x.io/v1/things/{name}/proxy/{path}'],
    ['/healthz/etcd', '/healthz/etcd'],
    // The legacy /proxy/ prefix (gone since 1.10) names the verb; the namespace is no part of the pattern, and what
    // follows the name is the proxied path.
    ['/api/v1/proxy/nodes/node1', '/api/v1/proxy/nodes/{name}'],
    ['/api/v1/proxy/namespaces/ns/pods/p1/x/y', '/api/v1/proxy/namespaces/{namespace}/pods/{name}/{path}'],
  ])('%s -> %s', (uri, pattern) => {
    expect(uriPattern(splitPath(uri))).toBe(pattern);
  });

  it('reads group, version, namespace, resource, name, subresource as RequestInfo does', () => {
    expect(apiPathInfo(splitPath('/apis/apps/v1/namespaces/ns/deployments/web/scale'))).toEqual({
      group: 'apps', version: 'v1', namespace: 'ns', resource: 'deployments', name: 'web', subresource: 'scale',
    });
    expect(apiPathInfo(splitPath('/api/v1/watch/pods'))).toEqual({ group: '', version: 'v1', resource: 'pods' });
    expect(apiPathInfo(splitPath('/api/v1/proxy/namespaces/ns/pods/p1'))).toEqual({ group: '', version: 'v1', namespace: 'ns', resource: 'pods', name: 'p1' });
    // The proxied path is no subresource: rows of one pattern must not take their resource from the first request.
    expect(apiPathInfo(splitPath('/api/v1/proxy/namespaces/ns/services/s1/alpha/x'))).toEqual({ group: '', version: 'v1', namespace: 'ns', resource: 'services', name: 's1' });
    // status and finalize after namespaces/{name} are subresources of the namespace (RequestInfo's namespaceSubresources).
    expect(apiPathInfo(splitPath('/api/v1/namespaces/stuck/finalize'))).toEqual({
      group: '', version: 'v1', resource: 'namespaces', name: 'stuck', subresource: 'finalize',
    });
    expect(apiPathInfo(splitPath('/apis/apps'))).toBeNull();
    expect(apiPathInfo(splitPath('/version'))).toBeNull();
  });
});
