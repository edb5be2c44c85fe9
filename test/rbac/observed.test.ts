// Observed RBAC on audit2rbac's real demo logs (liggitt/audit2rbac testdata): the rules derived for bob, alice and
// ns1:sa1 (and system:admin, who set the demo up) allow every request each one made, and are exactly what a
// reviewer reading the log by hand expects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allows,
  compareRbac,
  defaultGrants,
  deriveRules,
  grantAllows,
  identityOf,
  observedGrants,
  observedObjects,
  requestAttributes,
  RequestCollector,
  ruleAllows,
  type Grant,
  type ObservedRbac,
  type PolicyRule,
  type RequestAttributes,
} from '../../src/engine/rbac.js';
import { toAuditEvent } from '../../src/engine/audit.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, readLines, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { collect, rawRequests, usernames } from './helpers.js';

const LOGS = { 'demo-v1.log': AUDIT2RBAC_V1, 'demo-2017-v1beta1.log': AUDIT2RBAC_2017 };
const SA1 = 'system:serviceaccount:ns1:sa1';

const core = (resources: string[], verbs: string[]): PolicyRule => ({ apiGroups: [''], resources, verbs });

describe('the identities of the audit2rbac logs', () => {
  it('are bob, alice and ns1:sa1 (impersonated by system:admin), plus system:admin itself in the 2017 log', () => {
    expect(Object.fromEntries(usernames(AUDIT2RBAC_V1))).toEqual({ bob: 29, alice: 3, [SA1]: 5 });
    expect(Object.fromEntries(usernames(AUDIT2RBAC_2017))).toEqual({ bob: 29, alice: 3, [SA1]: 5, 'system:admin': 400 });
  });
});

/** Every permission a set of derived rules grants, checked to have been used by some request of that scope. */
function unusedPermissions(o: ObservedRbac, requests: readonly RequestAttributes[]): string[] {
  const out: string[] = [];
  const scopes: Array<[string | null, PolicyRule[]]> = [[null, o.clusterRules], ...o.roles.map((r): [string, PolicyRule[]] => [r.namespace, r.rules])];
  for (const [scope, rules] of scopes) {
    const inScope = requests.filter((q) => (scope === null ? !q.resourceRequest || q.namespace === '' : q.resourceRequest && q.namespace === scope));
    for (const rule of rules) {
      const singles: PolicyRule[] = [];
      for (const verb of rule.verbs) {
        for (const url of rule.nonResourceURLs ?? []) singles.push({ nonResourceURLs: [url], verbs: [verb] });
        for (const g of rule.apiGroups ?? [])
          for (const r of rule.resources ?? [])
            for (const n of rule.resourceNames ?? [undefined]) singles.push({ apiGroups: [g], resources: [r], verbs: [verb], ...(n ? { resourceNames: [n] } : {}) });
      }
      for (const s of singles) if (!inScope.some((q) => ruleAllows(s, q))) out.push(`${scope ?? 'cluster'}: ${JSON.stringify(s)}`);
    }
  }
  return out;
}

describe.each(Object.entries(LOGS))('observed rules from %s', (_name, file) => {
  const who = Object.keys(Object.fromEntries(usernames(file)));
  it.each(who)('allow every request %s made, denied ones included, and grant nothing it did not use', async (username) => {
    const identity = identityOf({ user: username });
    const c = await collect(file, identity);
    const requests = c.requests();
    const raw = rawRequests(file, username);
    expect(c.total).toBe(raw.length);
    // Read independently of the product's reader; the rules plus the cluster's default roles allow each one.
    const result = compareRbac({ requests, total: c.total, identity });
    const grants: Grant[] = [...observedGrants(result.observed), ...defaultGrants(identity)];
    for (const q of raw) expect(allows(grants, q), `${q.auditID} ${q.verb} ${q.path || `${q.apiGroup}/${q.resource} ${q.namespace}/${q.name}`}`).toBe(true);
    // With --include-defaults the derived rules alone allow them all.
    const all = deriveRules(requests, { alreadyAllowed: [] });
    for (const q of raw) expect(allows(observedGrants(all), q)).toBe(true);
    expect(unusedPermissions(all, requests)).toEqual([]);
    expect(unusedPermissions(result.observed, requests)).toEqual([]);
  });
});

describe('names in rules', () => {
  const req = (over: Partial<RequestAttributes>): RequestAttributes => ({ verb: 'get', resourceRequest: true, apiGroup: '', resource: 'pods', subresource: '', namespace: 'ns1', name: '', path: '', ...over });
  it('a create on a subresource names its object (pods/exec, eviction) and is restricted to it; a plain create (a POST: no name) is not', () => {
    const o = deriveRules([
      req({ verb: 'create', subresource: 'exec', name: 'web-0' }),
      req({ verb: 'create', subresource: 'eviction', name: 'web-1' }),
      req({ verb: 'create', resource: 'configmaps', name: '' }),
      // Created by server-side apply (the authorizer saw the name), and also by a POST: no restriction.
      req({ verb: 'create', resource: 'secrets', name: 's1' }),
      req({ verb: 'create', resource: 'secrets', name: '' }),
    ]);
    expect(o.roles).toEqual([
      {
        namespace: 'ns1',
        rules: [
          { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['pods/eviction'], resourceNames: ['web-1'], verbs: ['create'] },
          { apiGroups: [''], resources: ['pods/exec'], resourceNames: ['web-0'], verbs: ['create'] },
        ],
      },
    ]);
  });
  it('a list or watch of one object by a metadata.name field selector is restricted to it; a list without one is not (a kubelet, the hkerma log)', async () => {
    const dir = scratchDir('rbac-list-by-name');
    const log = path.join(dir, 'hkerma.log');
    writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
    const identity = identityOf({ user: 'system:node:k8s-node-1-perfspec' });
    const requests = (await collect(log, identity)).requests();
    const o = deriveRules(requests, { alreadyAllowed: defaultGrants(identity) });
    const rulesOf = (ns: string | null, resource: string): PolicyRule[] =>
      (ns === null ? o.clusterRules : (o.roles.find((r) => r.namespace === ns)?.rules ?? [])).filter((r) => r.resources?.includes(resource));
    // The kubelet watches the one Secret a pod mounts (fieldSelector=metadata.name=...): that Secret, not every one.
    expect(rulesOf('gatekeeper-system', 'secrets')).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['gatekeeper-webhook-server-cert'], verbs: ['list', 'watch'] }]);
    expect(rulesOf(null, 'nodes')).toContainEqual({ apiGroups: [''], resources: ['nodes'], resourceNames: ['k8s-node-1-perfspec'], verbs: ['get', 'list', 'watch'] });
    // Its pods by spec.nodeName, and every service: no name, no restriction.
    expect(rulesOf(null, 'pods')).toEqual([{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['list', 'watch'] }]);
    // As the authorizer reads them, the rules allow every request, and no list of another Secret.
    const grants = observedGrants(o);
    expect(requests.filter((a) => !allows([...grants, ...defaultGrants(identity)], a))).toEqual([]);
    const other = { ...requests.find((a) => a.resource === 'secrets' && a.namespace === 'gatekeeper-system')!, name: 'another' };
    expect(allows(grants, other)).toBe(false);
    // --max-resource-names applies as it does to get: 0 never restricts.
    const unrestricted = deriveRules(requests, { alreadyAllowed: defaultGrants(identity), maxResourceNames: 0 });
    expect(unrestricted.roles.find((r) => r.namespace === 'gatekeeper-system')!.rules.filter((r) => r.resources?.includes('secrets'))).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['list', 'watch'] },
    ]);
  });
  it('the objects of two service accounts of one name in different namespaces do not share a name', () => {
    const o = deriveRules([req({ verb: 'list', resource: 'nodes', namespace: '' })]);
    const names = ['a:op', 'b:op'].map((sa) =>
      (observedObjects(o, identityOf({ serviceAccount: sa })) as Array<{ kind: string; metadata: { name: string } }>).map((x) => `${x.kind} ${x.metadata.name}`),
    );
    expect(names).toEqual([
      ['ClusterRole apisnoop:a:op', 'ClusterRoleBinding apisnoop:a:op'],
      ['ClusterRole apisnoop:b:op', 'ClusterRoleBinding apisnoop:b:op'],
    ]);
  });
  it('with --include-defaults no request is counted as left to the default roles', () => {
    const identity = identityOf({ user: 'bob' });
    const discovery = { ...req({ resourceRequest: false, resource: '', namespace: '' }), path: '/apis', count: 3, denied: 0 };
    expect(compareRbac({ requests: [discovery], total: 3, identity }).requests.allowedByDefault).toBe(3);
    expect(compareRbac({ requests: [discovery], total: 3, identity, includeDefaults: true }).requests.allowedByDefault).toBe(0);
  });
});

describe('the rules, as a reviewer reads them off the log', () => {
  it('ns1:sa1 listed pods in all namespaces and nodes: one ClusterRole rule, and no Role for the list in default it covers', async () => {
    const identity = identityOf({ serviceAccount: 'ns1:sa1' });
    const c = await collect(AUDIT2RBAC_V1, identity);
    const r = compareRbac({ requests: c.requests(), total: c.total, identity });
    expect(r.observed).toEqual({ clusterRules: [core(['nodes', 'pods'], ['list'])], roles: [] });
    expect(r.requests).toEqual({ total: 5, denied: 4, refusedAfterAuthorization: [], allowedByDefault: 0, unusable: [] });
    expect(r.denied).toEqual([
      { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default', count: 2, allowed: 0 },
      { verb: 'list', apiGroup: '', resource: 'nodes', count: 1, allowed: 0 },
      { verb: 'list', apiGroup: '', resource: 'pods', count: 1, allowed: 1 },
    ]);
  });

  it('bob: nodes cluster-wide, pods in default and in ns1; his 23 discovery requests need no rule', async () => {
    const identity = identityOf({ user: 'bob' });
    const c = await collect(AUDIT2RBAC_V1, identity);
    const r = compareRbac({ requests: c.requests(), total: c.total, identity });
    expect(r.observed).toEqual({
      clusterRules: [core(['nodes'], ['list'])],
      roles: [
        { namespace: 'default', rules: [core(['pods'], ['list'])] },
        { namespace: 'ns1', rules: [core(['pods'], ['list'])] },
      ],
    });
    expect(r.requests.allowedByDefault).toBe(23);
    // Asked to, it lists those URLs: /api, /apis, /api/v1 and 20 group versions.
    const withDefaults = compareRbac({ requests: c.requests(), total: c.total, identity, includeDefaults: true });
    const urls = withDefaults.observed.clusterRules.find((x) => x.nonResourceURLs)!;
    expect(urls.verbs).toEqual(['get']);
    expect(urls.nonResourceURLs).toHaveLength(23);
    expect(urls.nonResourceURLs).toContain('/apis/rbac.authorization.k8s.io/v1beta1');
  });

  it('alice: list configmaps, pods and secrets in ns1, all denied', async () => {
    const identity = identityOf({ user: 'alice' });
    const c = await collect(AUDIT2RBAC_V1, identity);
    const r = compareRbac({ requests: c.requests(), total: c.total, identity });
    expect(r.observed).toEqual({ clusterRules: [], roles: [{ namespace: 'ns1', rules: [core(['configmaps', 'pods', 'secrets'], ['list'])] }] });
    expect(r.requests.denied).toBe(3);
  });

  it('system:admin: resourceNames for the two roles it always touched by name, none for create', async () => {
    const identity = identityOf({ user: 'system:admin' });
    const c = await collect(AUDIT2RBAC_2017, identity);
    const rbac = (resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({
      apiGroups: ['rbac.authorization.k8s.io'],
      resources,
      ...(resourceNames ? { resourceNames } : {}),
      verbs,
    });
    const cluster = ['clusterrolebindings', 'clusterroles'];
    const ns = ['rolebindings', 'roles'];
    expect(deriveRules(c.requests())).toEqual({
      clusterRules: [rbac(cluster, ['create']), rbac(cluster, ['delete'], ['audit2rbac:bob']), rbac(cluster, ['get', 'patch'], ['audit2rbac:bob', 'audit2rbac:sa1'])],
      roles: [{ namespace: 'default', rules: [rbac(ns, ['create']), rbac(ns, ['get', 'delete'], ['audit2rbac:bob'])] }],
    });
    // Two names are more than --max-resource-names 1 allows: get and patch lose their names and join create.
    expect(deriveRules(c.requests(), { maxResourceNames: 1 }).clusterRules).toEqual([rbac(cluster, ['get', 'create', 'patch']), rbac(cluster, ['delete'], ['audit2rbac:bob'])]);
    expect(deriveRules(c.requests(), { maxResourceNames: 0 })).toEqual({
      clusterRules: [rbac(cluster, ['get', 'create', 'patch', 'delete'])],
      roles: [{ namespace: 'default', rules: [rbac(ns, ['get', 'create', 'delete'])] }],
    });
  });
});

describe('the authorizer rules (k8s rbac RuleAllows)', () => {
  const req = (over: Partial<RequestAttributes>): RequestAttributes => ({
    verb: 'get',
    resourceRequest: true,
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    namespace: 'ns1',
    name: 'p',
    path: '',
    ...over,
  });
  it('matches subresources only when named, by */sub or by *', () => {
    const log = req({ subresource: 'log' });
    expect(ruleAllows(core(['pods'], ['get']), log)).toBe(false);
    expect(ruleAllows(core(['pods/log'], ['get']), log)).toBe(true);
    expect(ruleAllows(core(['*/log'], ['get']), log)).toBe(true);
    expect(ruleAllows(core(['*/status'], ['get']), log)).toBe(false);
    expect(ruleAllows(core(['*'], ['get']), log)).toBe(true);
  });
  it('restricts by resourceNames, so an unnamed list is denied', () => {
    const named = { ...core(['pods'], ['get', 'list']), resourceNames: ['p'] };
    expect(ruleAllows(named, req({}))).toBe(true);
    expect(ruleAllows(named, req({ name: 'q' }))).toBe(false);
    expect(ruleAllows(named, req({ verb: 'list', name: '' }))).toBe(false);
  });
  it('matches non-resource URLs exactly or by a trailing *', () => {
    const nr = (path: string) => req({ resourceRequest: false, path });
    const rule: PolicyRule = { nonResourceURLs: ['/apis/*', '/healthz'], verbs: ['get'] };
    expect(ruleAllows(rule, nr('/apis/apps/v1'))).toBe(true);
    expect(ruleAllows(rule, nr('/apis'))).toBe(false);
    expect(ruleAllows(rule, nr('/healthz'))).toBe(true);
    expect(ruleAllows(rule, nr('/healthz/etcd'))).toBe(false);
  });
  it('a RoleBinding grants only namespaced requests of its namespace', () => {
    const g: Grant = { scope: 'ns1', rules: [core(['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }] };
    expect(grantAllows(g, req({}))).toBe(true);
    expect(grantAllows(g, req({ namespace: 'ns2' }))).toBe(false);
    expect(grantAllows(g, req({ resource: 'nodes', namespace: '' }))).toBe(false);
    expect(grantAllows(g, req({ resourceRequest: false, path: '/healthz' }))).toBe(false);
  });
});

describe('request attributes', () => {
  it('read from the URI give what objectRef says, for every request of the real 2017 log', () => {
    let n = 0;
    for (const line of readLines(AUDIT2RBAC_2017)) {
      const ev = toAuditEvent(JSON.parse(line));
      if (typeof ev === 'string' || !ev.objectRef) continue;
      const fromRef = requestAttributes(ev);
      const fromUri = requestAttributes({ ...ev, objectRef: undefined });
      expect(fromUri, ev.requestURI).toEqual(fromRef);
      n++;
    }
    expect(n).toBeGreaterThan(700);
  });
  it('read namespace subresources and the namespace object as the apiserver does', () => {
    const at = (requestURI: string, verb = 'get') => requestAttributes({ auditID: 'x', stage: 'ResponseComplete', verb, requestURI });
    expect(at('/api/v1/namespaces/foo/status', 'update')).toMatchObject({ resource: 'namespaces', name: 'foo', subresource: 'status', namespace: 'foo' });
    expect(at('/api/v1/namespaces/foo')).toMatchObject({ resource: 'namespaces', name: 'foo', namespace: 'foo' });
    expect(at('/apis/apps/v1/namespaces/x/deployments/d/scale')).toMatchObject({ apiGroup: 'apps', resource: 'deployments', name: 'd', subresource: 'scale', namespace: 'x' });
    expect(at('/apis/apps/v1')).toMatchObject({ resourceRequest: false, path: '/apis/apps/v1' });
    expect(at('/healthz?verbose=1')).toMatchObject({ resourceRequest: false, path: '/healthz' });
    // A non-resource path is the decoded one the authorizer reads (Go's URL.Path), as the resource segments are: a
    // rule for /metrics%2Fcadvisor would not allow the request, which the authorizer checks as /metrics/cadvisor.
    expect(at('/metrics%2Fcadvisor')).toMatchObject({ resourceRequest: false, path: '/metrics/cadvisor' });
    expect(at('/logs/a%20b%zz')).toMatchObject({ resourceRequest: false, path: '/logs/a%20b%zz' });
    expect(requestAttributes({ auditID: 'x', stage: 'ResponseComplete', requestURI: '/api' })).toBe('no verb');
  });
  it('say a requestURI that is no path as its unmatched pattern shows it: text with no slash by its shape, never quoted', () => {
    const at = (requestURI: string) => requestAttributes({ auditID: 'x', stage: 'ResponseComplete', verb: 'get', requestURI });
    expect(at('hunter2')).toBe('requestURI is not a path: 7 characters (not quoted: audit log lines may hold secrets)');
    expect(at('hunter2?token=x')).toBe('requestURI is not a path: 7 characters (not quoted: audit log lines may hold secrets)');
    expect(at('https://10.0.0.1/healthz;jsessionid=SECRET?x=1')).toBe('requestURI "https://{host}/healthz;{params}" is not a path');
    expect(at('https://admin:SECRET@10.0.0.1/x')).toBe('requestURI "https://{host}/x" is not a path');
  });
  it("name a non-resource path with a ; or a # (as written or escaped) up to it, then *: the rule allows the request, and holds none of the client's text", () => {
    const at = (requestURI: string) => requestAttributes({ auditID: 'x', stage: 'ResponseComplete', verb: 'get', requestURI });
    // The path the authorizer compares: Go's decoded URL.Path, whose ; and # stay.
    const cases: Array<[string, string, string]> = [
      ['/healthz;jsessionid=SECRET1', '/healthz;*', '/healthz;jsessionid=SECRET1'],
      ['/metrics%23tok=SECRET2/SECRET3', '/metrics#*', '/metrics#tok=SECRET2/SECRET3'],
      ['/metrics%3btok=SECRET4?x=1', '/metrics;*', '/metrics;tok=SECRET4'],
      ['/logs/a#b;SECRET5', '/logs/a#*', '/logs/a#b;SECRET5'],
      // An escape that does not decode keeps the path as written: cut before the escaped # all the same.
      ['/logs/%FF%23SECRET6', '/logs/%FF*', '/logs/%FF%23SECRET6'],
    ];
    for (const [uri, ruled, authorized] of cases) {
      expect(at(uri)).toMatchObject({ resourceRequest: false, path: ruled });
      const request: RequestAttributes = { verb: 'get', resourceRequest: false, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: authorized };
      expect(ruleAllows({ nonResourceURLs: [ruled], verbs: ['get'] }, request)).toBe(true);
    }
    expect(at('/healthz')).toMatchObject({ path: '/healthz' });
  });
  it('take a verb no API server writes as no request the authorizer was asked, said by its length', () => {
    const at = (verb: string, requestURI: string) => requestAttributes({ auditID: 'x', stage: 'ResponseComplete', verb, requestURI });
    const said = 'a verb not known, of 10 characters, not quoted: none an API server writes, so no request its authorizer was asked';
    expect(at('SECRETVERB', '/api/v1/namespaces/shop/configmaps')).toBe(said);
    expect(at('SECRETVERB', '/healthz')).toBe(said);
    // RequestInfo's verbs, a lowercased method of a non-resource request, and the empty verb are the authorizer's.
    expect(at('list', '/api/v1/namespaces/shop/configmaps')).toMatchObject({ verb: 'list', resource: 'configmaps' });
    expect(at('options', '/healthz')).toMatchObject({ verb: 'options', path: '/healthz' });
    expect(at('', '/api/v1/namespaces/shop/pods/p/proxy/x')).toMatchObject({ verb: '', resource: 'pods' });
  });
  it('need no rule for a resource, subresource, group or namespace holding a ; or a # (none is served), nor read a requestURI with no leading slash', () => {
    const at = (requestURI: string, objectRef?: { resource: string; namespace?: string; name?: string }) =>
      requestAttributes({ auditID: 'x', stage: 'ResponseComplete', verb: 'get', requestURI, objectRef });
    expect(at('/apis/apps/v1/deployments%23access_token=SECRET/x')).toBe('its resource holds a # (not quoted): none an API server serves, so no rule is needed');
    expect(at('/api/v1/namespaces/shop;SECRET/pods')).toBe('its namespace holds a ; (not quoted): none an API server serves, so no rule is needed');
    expect(at('/api/v1/namespaces/shop/pods/p/log;SECRET')).toBe('its subresource holds a ; (not quoted): none an API server serves, so no rule is needed');
    expect(at('/apis/apps;SECRET/v1/deployments')).toBe('its apiGroup holds a ; (not quoted): none an API server serves, so no rule is needed');
    // As objectRef says it too (the API server's RequestInfo reads its decoded path).
    expect(at('/x', { resource: 'pods#SECRET', namespace: 'shop' })).toBe('its resource holds a # (not quoted): none an API server serves, so no rule is needed');
    // A name may hold either (a path segment's name forbids only / and %): kept, as the authorizer compares it.
    expect(at('/api/v1/namespaces/shop/configmaps/a;b')).toMatchObject({ resource: 'configmaps', name: 'a;b' });
    // No leading slash: no path an API server writes, not read; objectRef, when there is one, is.
    expect(at('api/v1/namespaces/shop/secrets/SECRETNAME')).toBe('requestURI "api/v1/namespaces/{namespace}/secrets/{name}" is not a path');
    expect(at('api/v1/namespaces/shop/secrets/SECRETNAME', { resource: 'secrets', namespace: 'shop', name: 'db' })).toMatchObject({ resource: 'secrets', namespace: 'shop', name: 'db' });
  });
  it('list an unusable request by its auditID when it is a UUID, else by its length', () => {
    const c = new RequestCollector();
    c.add({ auditID: 'SECRET-token-abc', stage: 'ResponseComplete', verb: 'get', requestURI: 'SECRET7' });
    c.add({ auditID: '2e1ed5e4-2a4c-4d8e-9b2e-3b5a2d9b1f00', stage: 'ResponseComplete', verb: 'SECRETVERB', requestURI: '/healthz' });
    expect(c.unusable.map((u) => u.auditID)).toEqual(['an auditID of 16 characters, not a UUID (not quoted)', '2e1ed5e4-2a4c-4d8e-9b2e-3b5a2d9b1f00']);
    expect(JSON.stringify(c.unusable)).not.toContain('SECRET');
  });
});

describe('derived rules, for any requests (property)', () => {
  const attrs = fc.oneof(
    fc.record({
      verb: fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'),
      resourceRequest: fc.constant(true),
      apiGroup: fc.constantFrom('', 'apps', 'batch'),
      resource: fc.constantFrom('pods', 'deployments', 'nodes'),
      subresource: fc.constantFrom('', '', 'status', 'log'),
      namespace: fc.constantFrom('', 'a', 'b'),
      name: fc.constantFrom('', 'x', 'y', 'z', 'w'),
      path: fc.constant(''),
    }),
    fc.record({
      verb: fc.constantFrom('get', 'post'),
      resourceRequest: fc.constant(false),
      apiGroup: fc.constant(''),
      resource: fc.constant(''),
      subresource: fc.constant(''),
      namespace: fc.constant(''),
      name: fc.constant(''),
      path: fc.constantFrom('/healthz', '/metrics', '/apis/apps/v1', '/logs/x'),
    }),
  );
  it('allow every request and grant no permission no request used', () => {
    fc.assert(
      fc.property(fc.array(attrs, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 4 }), (requests, maxResourceNames) => {
        const o = deriveRules(requests, { maxResourceNames });
        for (const q of requests) if (!allows(observedGrants(o), q)) return false;
        return unusedPermissions(o, requests).length === 0;
      }),
      { numRuns: 300 },
    );
  });
});
