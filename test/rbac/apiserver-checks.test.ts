// The checks the apiserver makes beyond the request's own verb, and what its audit events say about them: a create
// by server-side apply or PUT, impersonating a uid and extras, the anonymous user's groups, the namespace of a
// cluster-scoped create, a 403 after the authorizer allowed the verb (admission, or a further check: create, bind); and bindings to roles the manifests do not hold.
// Events are written as the apiserver writes them at Metadata level (RequestReceived, then ResponseComplete with
// the authorization annotations), and read through the product's reader.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { refusalHint, ruleAllows, type PolicyRule, type RbacComparison, type RequestAttributes } from '../../src/engine/rbac.js';
import { REFUSED_BEFORE_AUTHORIZATION } from '../../src/engine/rbac/identity.js';
import type { Report } from '../../src/engine/report.js';
import { rbacForIdentities, rbacFromLogs, type RbacManySettings, type RbacSettings } from '../../src/rbac.js';
import { summaryText } from '../../src/cli/rbac.js';
import { observedYaml, ruleText } from '../../src/render/rbac.js';
import { rbacParts, rbacVerdictLines } from '../../src/render/markdown-rbac.js';
import { repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('rbac-checks');
const SA = { username: 'system:serviceaccount:shop:op', uid: '9f1c', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] };
let n = 0;

interface Req {
  verb: string;
  uri: string;
  code: number;
  objectRef?: Record<string, string>;
  user?: Record<string, unknown>;
  impersonatedUser?: Record<string, unknown>;
  /** authorization.k8s.io/decision; null: none (a log from before 1.19). */
  decision?: 'allow' | 'forbid' | null;
  message?: string;
}

/** The two events the apiserver writes for a request: RequestReceived, then ResponseComplete with the annotations. */
function events(r: Req): string[] {
  const auditID = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const common = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID,
    requestURI: r.uri,
    verb: r.verb,
    user: r.user ?? SA,
    ...(r.impersonatedUser ? { impersonatedUser: r.impersonatedUser } : {}),
    sourceIPs: ['10.0.0.1'],
    userAgent: 'op/1.0',
    ...(r.objectRef ? { objectRef: r.objectRef } : {}),
    requestReceivedTimestamp: '2024-01-01T00:00:00.000000Z',
  };
  const decision = r.decision === undefined ? (r.code === 403 ? 'forbid' : 'allow') : r.decision;
  const failed = r.code >= 400;
  return [
    JSON.stringify({ ...common, stage: 'RequestReceived', stageTimestamp: '2024-01-01T00:00:00.000000Z' }),
    JSON.stringify({
      ...common,
      stage: 'ResponseComplete',
      responseStatus: failed ? { metadata: {}, status: 'Failure', message: r.message ?? 'forbidden', reason: 'Forbidden', code: r.code } : { metadata: {}, code: r.code },
      stageTimestamp: '2024-01-01T00:00:00.100000Z',
      ...(decision ? { annotations: { 'authorization.k8s.io/decision': decision, 'authorization.k8s.io/reason': decision === 'allow' ? 'RBAC: allowed by RoleBinding "op/shop"' : '' } } : {}),
    }),
  ];
}

function log(name: string, reqs: Req[]): string {
  const file = path.join(dir, `${name}.log`);
  writeFileSync(file, reqs.flatMap(events).join('\n') + '\n');
  return file;
}

function manifests(name: string, yaml: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const run = (s: Omit<RbacSettings, 'spec'>): Promise<RbacComparison> => rbacFromLogs({ spec: specPath('1.36'), ...s });

/** What the authorizer is asked: verb on a resource in a namespace, by name. */
const attrs = (verb: string, apiGroup: string, resource: string, namespace: string, name: string, subresource = ''): RequestAttributes => ({
  verb,
  resourceRequest: true,
  apiGroup,
  resource,
  subresource,
  namespace,
  name,
  path: '',
});
const anyAllows = (rules: PolicyRule[], a: RequestAttributes): boolean => rules.some((r) => ruleAllows(r, a));

describe('a create by server-side apply or PUT (answered 201)', () => {
  it('needs create on that name too, as the apiserver checks it (handlers/patch.go, update.go)', async () => {
    const file = log('ssa', [
      { verb: 'patch', uri: '/api/v1/namespaces/shop/configmaps/cm9?fieldManager=op&force=true', code: 201, objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cm9', apiVersion: 'v1' } },
      { verb: 'patch', uri: '/api/v1/namespaces/shop/configmaps/cm9?fieldManager=op&force=true', code: 200, objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cm9', apiVersion: 'v1' } },
      {
        verb: 'update',
        uri: '/apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles/r1',
        code: 201,
        objectRef: { resource: 'roles', namespace: 'shop', name: 'r1', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
      },
      // A patch that changed an existing object was no create.
      { verb: 'patch', uri: '/apis/apps/v1/namespaces/shop/deployments/d1?fieldManager=op', code: 200, objectRef: { resource: 'deployments', namespace: 'shop', name: 'd1', apiGroup: 'apps', apiVersion: 'v1' } },
    ]);
    const c = await run({ logs: [file], serviceAccount: 'shop:op' });
    expect(c.observed.clusterRules).toEqual([]);
    expect(c.observed.roles).toEqual([
      {
        namespace: 'shop',
        rules: [
          { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cm9'], verbs: ['create', 'patch'] },
          { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['d1'], verbs: ['patch'] },
          { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], resourceNames: ['r1'], verbs: ['create', 'update'] },
        ],
      },
    ]);
    // The apiserver's create check names the object, so the named rule allows it.
    const rules = c.observed.roles[0].rules;
    expect(anyAllows(rules, attrs('create', '', 'configmaps', 'shop', 'cm9'))).toBe(true);
    expect(anyAllows(rules, attrs('create', 'rbac.authorization.k8s.io', 'roles', 'shop', 'r1'))).toBe(true);
    expect(anyAllows(rules, attrs('create', 'apps', 'deployments', 'shop', 'd1'))).toBe(false);
    expect(c.requests.total).toBe(4);
  });

  it('a POST create of the same resource (no name) leaves the create rule unrestricted', async () => {
    const file = log('ssa-post', [
      { verb: 'patch', uri: '/api/v1/namespaces/shop/configmaps/cm9?fieldManager=op', code: 201, objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cm9', apiVersion: 'v1' } },
      // Audit fills objectRef.name of a POST from the body; the authorizer saw none.
      { verb: 'create', uri: '/api/v1/namespaces/shop/configmaps', code: 201, objectRef: { resource: 'configmaps', namespace: 'shop', name: 'other', apiVersion: 'v1' } },
    ]);
    const c = await run({ logs: [file], serviceAccount: 'shop:op' });
    expect(c.observed.roles[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cm9'], verbs: ['patch'] },
    ]);
  });
});

describe('impersonation', () => {
  it('of a uid and extras needs impersonate on authentication.k8s.io uids and userextras/<key>, by value', async () => {
    const deployer = { username: 'deployer', groups: ['system:authenticated'] };
    const file = log('imp', [
      {
        verb: 'list',
        uri: '/api/v1/namespaces/default/pods',
        code: 200,
        objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
        user: deployer,
        impersonatedUser: { username: 'jane', uid: '1234', groups: ['devs', 'system:authenticated'], extra: { scopes: ['view', 'edit'], 'example.com/team': ['a'] } },
      },
      {
        verb: 'get',
        uri: '/api/v1/namespaces/default/pods/p',
        code: 200,
        objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' },
        user: deployer,
        impersonatedUser: { username: 'system:serviceaccount:x:y', groups: ['system:serviceaccounts', 'system:serviceaccounts:x', 'system:authenticated'] },
      },
    ]);
    const c = await run({ logs: [file], user: 'deployer' });
    expect(c.observed.clusterRules).toEqual([
      { apiGroups: [''], resources: ['groups'], resourceNames: ['devs'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['users'], resourceNames: ['jane'], verbs: ['impersonate'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['uids'], resourceNames: ['1234'], verbs: ['impersonate'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['userextras/example.com/team'], resourceNames: ['a'], verbs: ['impersonate'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], resourceNames: ['edit', 'view'], verbs: ['impersonate'] },
    ]);
    expect(c.observed.roles).toEqual([{ namespace: 'x', rules: [{ apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['y'], verbs: ['impersonate'] }] }]);
    // What the impersonation filter asks for an extra: resource userextras, subresource the key, name the value.
    expect(anyAllows(c.observed.clusterRules, attrs('impersonate', 'authentication.k8s.io', 'userextras', '', 'view', 'scopes'))).toBe(true);
    expect(anyAllows(c.observed.clusterRules, attrs('impersonate', 'authentication.k8s.io', 'userextras', '', 'admin', 'scopes'))).toBe(false);
  });

  it('the rules written for it, given back as --granted, are all used and none is called a typo (userextras/<key>)', async () => {
    const file = path.join(repoRoot, '../shared/fixtures/audit/audit2rbac/demo-v1.log');
    const derived = await run({ logs: [file], user: 'system:admin' });
    const granted = manifests('imp-roundtrip', observedYaml(derived));
    const file2 = log('imp-extras', [
      {
        verb: 'get',
        uri: '/api/v1/namespaces/default/pods/p',
        code: 200,
        objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' },
        user: { username: 'deployer', groups: ['system:authenticated'] },
        impersonatedUser: { username: 'jane', groups: ['system:authenticated'], extra: { scopes: ['view'] } },
      },
    ]);
    const extras = await run({ logs: [file2], user: 'deployer' });
    const c = await run({ logs: [file2], user: 'deployer', granted: [manifests('imp-extras', observedYaml(extras))] });
    expect(extras.observed.clusterRules.map((r) => r.resources)).toEqual([['users'], ['userextras/scopes']]);
    expect(c.granted!.unknownResources).toEqual([]);
    expect(c.granted!.overGrants).toEqual([]);
    expect(c.granted!.ungranted).toEqual([]);
    // The audit2rbac demo log's impersonations (users and a service account, no extras) round-trip the same way.
    const back = await run({ logs: [file], user: 'system:admin', granted: [granted] });
    expect([back.granted!.unknownResources, back.granted!.overGrants, back.granted!.ungranted]).toEqual([[], [], []]);
  });
});

describe('impersonating system:anonymous', () => {
  it('needs impersonate on the user and the groups asked for, not on system:unauthenticated, which the filter adds', async () => {
    const tester = { username: 'tester', groups: ['system:authenticated'] };
    // As the filter logs the impersonated user: with system:unauthenticated added (and with a group asked for too).
    const asAnonymous = (groups: string[]): Req => ({
      verb: 'list',
      uri: '/api/v1/namespaces/shop/pods',
      code: 200,
      objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' },
      user: tester,
      impersonatedUser: { username: 'system:anonymous', groups },
    });
    const c = await run({ logs: [log('imp-anon', [asAnonymous(['system:unauthenticated']), asAnonymous(['ci', 'system:unauthenticated'])])], user: 'tester' });
    expect(c.observed.clusterRules).toEqual([
      { apiGroups: [''], resources: ['groups'], resourceNames: ['ci'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['users'], resourceNames: ['system:anonymous'], verbs: ['impersonate'] },
    ]);
    // Another user in system:unauthenticated was asked for it: the filter adds it to system:anonymous only.
    const other = await run({ logs: [log('imp-unauth', [{ ...asAnonymous([]), impersonatedUser: { username: 'jane', groups: ['system:unauthenticated'] } }])], user: 'tester' });
    expect(other.observed.clusterRules).toEqual([
      { apiGroups: [''], resources: ['groups'], resourceNames: ['system:unauthenticated'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['users'], resourceNames: ['jane'], verbs: ['impersonate'] },
    ]);
  });
});

describe('system:anonymous', () => {
  const anon = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  const file = (): string =>
    log('anon', [
      { verb: 'list', uri: '/api/v1/namespaces/default/pods', code: 200, objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' }, user: anon },
      { verb: 'get', uri: '/version', code: 200, user: anon },
      { verb: 'get', uri: '/apis', code: 403, user: anon },
    ]);

  it('is in system:unauthenticated only: discovery is not its by default, /version is (system:public-info-viewer)', async () => {
    const c = await run({ logs: [file()], user: 'system:anonymous' });
    expect(c.identity.groups).toEqual(['system:unauthenticated']);
    expect(c.requests).toMatchObject({ total: 3, denied: 1, allowedByDefault: 1 });
    expect(c.denied).toEqual([{ verb: 'get', path: '/apis', count: 1, allowed: 0 }]);
    expect(c.observed.clusterRules).toEqual([{ nonResourceURLs: ['/apis'], verbs: ['get'] }]);
  });

  it('is not granted what is bound to system:authenticated, but is what is bound to system:unauthenticated', async () => {
    const granted = manifests(
      'anon',
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pods-reader}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: authn-pods}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pods-reader}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}]
`,
    );
    const c = await run({ logs: [file()], user: 'system:anonymous', granted: [granted] });
    expect(c.granted!.roles).toEqual([]);
    expect(c.granted!.unbound.map((r) => r.name)).toEqual(['pods-reader']);
    const unauth = manifests('unauth', readFileSync(granted, 'utf8').replace('name: system:authenticated', 'name: system:unauthenticated'));
    const u = await run({ logs: [file()], user: 'system:anonymous', granted: [unauth] });
    expect(u.granted!.roles.map((r) => `${r.role.name} ${r.exercised}/${r.permissions}`)).toEqual(['pods-reader 1/1']);
  });
});

describe('a cluster-scoped create whose body names a namespace', () => {
  // Audit fills objectRef.namespace from the body's metadata.namespace (a chart's ClusterRole with one set).
  const file = (): string =>
    log('clns', [
      {
        verb: 'create',
        uri: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
        code: 201,
        objectRef: { resource: 'clusterroles', namespace: 'shop', name: 'shop-reader', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
      },
      {
        verb: 'get',
        uri: '/apis/rbac.authorization.k8s.io/v1/clusterroles/shop-reader',
        code: 200,
        objectRef: { resource: 'clusterroles', name: 'shop-reader', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
      },
    ]);

  it('needs a ClusterRole: the authorizer takes the namespace from the URI, which has none', async () => {
    const c = await run({ logs: [file()], serviceAccount: 'shop:op' });
    expect(c.observed.roles).toEqual([]);
    expect(c.observed.clusterRules).toEqual([
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['create'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['shop-reader'], verbs: ['get'] },
    ]);
  });

  it('is not granted by a RoleBinding in that namespace', async () => {
    const granted = manifests(
      'clns',
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: role-writer}
rules:
  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [create, get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: op, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: role-writer}
subjects: [{kind: ServiceAccount, name: op, namespace: shop}]
`,
    );
    const c = await run({ logs: [file()], serviceAccount: 'shop:op', granted: [granted] });
    expect(c.granted!.ungranted.map((g) => `${g.verb} ${g.resource} ${g.namespace ?? 'cluster-wide'}`)).toEqual(['create clusterroles cluster-wide', 'get clusterroles cluster-wide']);
    expect(c.granted!.ineffective.map((x) => x.resources)).toEqual([['rbac.authorization.k8s.io/clusterroles']]);
  });
});

describe('a 403 after the authorizer allowed the verb (decision allow)', () => {
  const pod = (name: string, decision: Req['decision']): Req => ({
    verb: 'create',
    uri: '/api/v1/namespaces/shop/pods',
    code: 403,
    decision,
    message: `pods "${name}" is forbidden: violates PodSecurity "restricted:latest": privileged`,
    objectRef: { resource: 'pods', namespace: 'shop', name, apiVersion: 'v1' },
  });
  // A server-side apply of a Deployment that does not exist yet: the verb is patch, the apiserver also checks create
  // (handlers/patch.go) and answers 403; the annotation still says allow, for the patch.
  const applyCreate: Req = {
    verb: 'patch',
    uri: '/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=op&force=true',
    code: 403,
    decision: 'allow',
    message: 'deployments.apps "web" is forbidden: User "system:serviceaccount:shop:op" cannot create resource "deployments" in API group "apps" in the namespace "shop"',
    objectRef: { resource: 'deployments', namespace: 'shop', name: 'web', apiGroup: 'apps', apiVersion: 'v1' },
  };
  // A RoleBinding to a role it does not hold: the RBAC storage's escalation check, after the authorizer allowed create.
  const bindAdmin: Req = {
    verb: 'create',
    uri: '/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings',
    code: 403,
    decision: 'allow',
    message: 'rolebindings.rbac.authorization.k8s.io "web-admin" is forbidden: user "system:serviceaccount:shop:op" (groups=["system:serviceaccounts"]) is attempting to grant RBAC permissions not currently held',
    objectRef: { resource: 'rolebindings', namespace: 'shop', name: 'web-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
  };
  const file = (): string =>
    log('adm', [
      pod('bad-pod', 'allow'),
      { verb: 'create', uri: '/api/v1/namespaces/shop/configmaps', code: 403, decision: 'allow', message: 'exceeded quota: q', objectRef: { resource: 'configmaps', namespace: 'shop', name: 'c', apiVersion: 'v1' } },
      applyCreate,
      applyCreate,
      bindAdmin,
      { verb: 'get', uri: '/api/v1/namespaces/shop/secrets/s1', code: 403, decision: 'forbid', objectRef: { resource: 'secrets', namespace: 'shop', name: 's1', apiVersion: 'v1' } },
    ]);

  it('is listed apart, with what it may also need; only decision forbid, or none (old logs), is a denial', async () => {
    const c = await run({ logs: [file()], serviceAccount: 'shop:op' });
    expect(c.requests).toMatchObject({ total: 6, denied: 1 });
    expect(c.denied.map((g) => `${g.verb} ${g.resource} ${g.names?.join(',')}`)).toEqual(['get secrets s1']);
    // A log from before 1.19 records no decision: its 403s are the authorizer's.
    const old = await run({ logs: [log('old-403', [{ verb: 'get', uri: '/api/v1/namespaces/shop/secrets/s2', code: 403, decision: null, objectRef: { resource: 'secrets', namespace: 'shop', name: 's2', apiVersion: 'v1' } }])], serviceAccount: 'shop:op' });
    expect(old.requests).toMatchObject({ total: 1, denied: 1 });
    expect(old.requests.refusedBeforeAuthorization).toBeUndefined();
    expect(old.observed.roles[0].rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['s2'], verbs: ['get'] }]);
    expect(c.requests.refusedAfterAuthorization).toEqual([
      { verb: 'patch', apiGroup: 'apps', resource: 'deployments', namespace: 'shop', name: 'web', count: 2, hint: 'if it created the object, it also needs create' },
      // PodSecurity and quota: nothing to hint, a grant would not help.
      { verb: 'create', apiGroup: '', resource: 'configmaps', namespace: 'shop', count: 1 },
      { verb: 'create', apiGroup: '', resource: 'pods', namespace: 'shop', count: 1 },
      {
        verb: 'create',
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        namespace: 'shop',
        count: 1,
        hint: 'granting roles it does not hold needs bind (bindings) or escalate (roles)',
      },
    ]);
    // It needs the verbs the authorizer allowed; what they may lack (create deployments, bind) is not made a rule.
    expect(c.observed.roles[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['patch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create'] },
    ]);
  });

  it('hints at the further checks the apiserver is known to make, and only those', () => {
    const csr = (sub: string): RequestAttributes => attrs('update', 'certificates.k8s.io', 'certificatesigningrequests', '', 'csr-1', sub);
    expect(refusalHint(csr('approval'))).toBe('if it created the object, it also needs create; approving needs approve on certificates.k8s.io signers (the signerName)');
    expect(refusalHint({ ...csr('status'), verb: 'patch' })).toBe('if it created the object, it also needs create; signing needs sign on certificates.k8s.io signers (the signerName)');
    expect(refusalHint(attrs('patch', 'rbac.authorization.k8s.io', 'clusterroles', '', 'r'))).toBe(
      'if it created the object, it also needs create; granting roles it does not hold needs bind (bindings) or escalate (roles)',
    );
    // Deleting a binding grants nothing; a create of an ordinary object is checked by admission alone.
    expect(refusalHint(attrs('delete', 'rbac.authorization.k8s.io', 'rolebindings', 'shop', 'b'))).toBeNull();
    expect(refusalHint(attrs('create', '', 'pods', 'shop', ''))).toBeNull();
  });

  it('is worded in the terminal summary and report.md as possibly needing a grant', async () => {
    const c = await run({ logs: [file()], serviceAccount: 'shop:op' });
    const text = summaryText(c);
    expect(text).toContain(
      '5 requests allowed by the authorizer, then refused: admission (PodSecurity, quota, webhooks) or a further permission check; a grant may still be needed (403, not counted as denied):\n' +
        '  2x patch apps/deployments [web] in shop: if it created the object, it also needs create\n' +
        '  1x create configmaps in shop\n' +
        '  1x create pods in shop\n' +
        '  1x create rbac.authorization.k8s.io/rolebindings in shop: granting roles it does not hold needs bind (bindings) or escalate (roles)\n',
    );
    expect(text).not.toContain('not under-privilege');
    const md = rbacParts({ rbac: [c] } as unknown as Report)[0].render(100);
    expect(md).toContain('Requests by `system:serviceaccount:shop:op`: 6, 1 denied, 0 allowed by the cluster\'s default roles (discovery, self reviews), 5 allowed by the authorizer, then refused (listed below).');
    expect(md).toContain('**403 after the authorizer allowed the verb (4): allowed by the authorizer, then refused: admission (PodSecurity, quota, webhooks) or a further permission check; a grant may still be needed**');
    expect(md).toContain('| `patch apps/deployments [web] in shop` | 2 | if it created the object, it also needs create |');
    expect(md).toContain('| `create rbac.authorization.k8s.io/rolebindings in shop` | 1 | granting roles it does not hold needs bind \\(bindings\\) or escalate \\(roles\\) |');
  });
});

describe('bindings to roles the manifests do not hold', () => {
  const file = (): string =>
    log('bound', [{ verb: 'get', uri: '/api/v1/namespaces/shop/pods/p1/log', code: 200, objectRef: { resource: 'pods', subresource: 'log', namespace: 'shop', name: 'p1', apiVersion: 'v1' } }]);
  const binding = (role: string): string =>
    manifests(
      `bound-${role}`,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: op-${role}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{kind: ServiceAccount, name: op, namespace: shop}]
`,
    );

  it('fail the over-privilege gate closed (admin: secrets, pods/exec, impersonation, all unknown); cluster-admin is judged', async () => {
    const policy = { failOn: ['overprivileged' as const], threshold: 0 };
    const admin = await run({ logs: [file()], serviceAccount: 'shop:op', granted: [binding('admin')], ...policy });
    expect(admin.granted!.overGrants).toEqual([]);
    expect(admin.verdict).toMatchObject({ overGrants: 0, pass: false });
    expect(admin.verdict!.cannotJudge).toEqual([
      'cannot judge: bound to ClusterRole admin by ClusterRoleBinding op-admin, which is not among the manifests given; give its definition (kubectl get clusterrole admin -o yaml) with --granted, or bind a role the manifests define',
    ]);
    // With a threshold, too: unknown rules may grant anything.
    const lenient = await run({ logs: [file()], serviceAccount: 'shop:op', granted: [binding('view')], failOn: ['overprivileged'], threshold: 1000 });
    expect(lenient.verdict).toMatchObject({ pass: false, cannotJudge: [expect.stringContaining('ClusterRole view')] });
    const ca = await run({ logs: [file()], serviceAccount: 'shop:op', granted: [binding('cluster-admin')], failOn: ['overprivileged'], threshold: 1000 });
    expect(ca.verdict).toMatchObject({ pass: true, cannotJudge: [] });
    expect(ca.granted!.overGrants[0].risk).toBe('wildcard');
    // The report's verdict block says why it failed.
    expect(rbacVerdictLines({ rbac: [admin] } as unknown as Report)).toEqual([
      '**Least privilege: fail.** `shop:op`: 0 over-grants; cannot judge: bound to ClusterRole admin by ClusterRoleBinding op-admin, which is not among the manifests given; give its definition \\(kubectl get clusterrole admin -o yaml\\) with --granted, or bind a role the manifests define (fail on **overprivileged**).',
    ]);
  });

  it('system:auth-delegator, bound by extension apiservers and metrics adapters, is modelled: judged, not failed closed', async () => {
    const review = (resource: string, apiGroup: string): Req => ({ verb: 'create', uri: `/apis/${apiGroup}/v1/${resource}`, code: 201, objectRef: { resource, apiGroup, apiVersion: 'v1' } });
    const policy = { failOn: ['overprivileged' as const], threshold: 0 };
    const both = log('delegator', [review('tokenreviews', 'authentication.k8s.io'), review('subjectaccessreviews', 'authorization.k8s.io')]);
    const c = await run({ logs: [both], serviceAccount: 'shop:op', granted: [binding('system:auth-delegator')], ...policy });
    expect(c.granted!.unresolved).toEqual([]);
    expect(c.granted!.ungranted).toEqual([]);
    expect(c.granted!.roles.map((u) => `${u.role.name}: ${u.exercised} of ${u.permissions}`)).toEqual(['system:auth-delegator: 2 of 2']);
    expect(c.verdict).toMatchObject({ overGrants: 0, pass: true, cannotJudge: [] });
    // Authenticating only: the subject access reviews it may create are an over-grant of the built-in role.
    const tokensOnly = log('delegator-tokens', [review('tokenreviews', 'authentication.k8s.io')]);
    const t = await run({ logs: [tokensOnly], serviceAccount: 'shop:op', granted: [binding('system:auth-delegator')], ...policy });
    expect(t.granted!.overGrants.map((o) => [o.builtin, o.why])).toEqual([[true, 'never used: create on authorization.k8s.io/subjectaccessreviews cluster-wide']]);
    expect(t.verdict).toMatchObject({ overGrants: 1, pass: false, cannotJudge: [] });
  });

  it('the CLI exits 1 and says why', async () => {
    const r = await execa(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'rbac', file(), '--serviceaccount', 'shop:op', '--granted', binding('edit'), '--spec', specPath('1.36'), '--fail-on', 'overprivileged'],
      { cwd: repoRoot, reject: false },
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('cannot judge: bound to ClusterRole edit by ClusterRoleBinding op-edit, which is not among the manifests given; give its definition (kubectl get clusterrole edit -o yaml)');
    expect(r.stderr).toContain('FAIL: 0 over-grants (threshold 0); 1 binding to a role not given, which cannot be judged');
  });
});

describe('rbac.authorization.k8s.io/v1beta1 manifests', () => {
  it('are compared, with a warning that no cluster since 1.22 accepts them', async () => {
    const file = log('v1beta1', [{ verb: 'list', uri: '/api/v1/namespaces/shop/pods', code: 200, objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' } }]);
    const granted = manifests(
      'v1beta1',
      `apiVersion: rbac.authorization.k8s.io/v1beta1
kind: Role
metadata: {name: op, namespace: shop}
rules: [{apiGroups: [""], resources: [pods], verbs: [list, delete]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: op, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: op}
subjects: [{kind: ServiceAccount, name: op}]
`,
    );
    const warnings: string[] = [];
    const c = await run({ logs: [file], serviceAccount: 'shop:op', granted: [granted], onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([`Role op (${granted}:1): rbac.authorization.k8s.io/v1beta1, removed in Kubernetes 1.22: the API server refuses it; compared as rbac.authorization.k8s.io/v1, which it should say`]);
    expect(c.granted!.overGrants.map((o) => o.why)).toEqual(['never used: delete on pods in namespace shop']);
  });
});

describe('wildcard rules and resources the spec does not describe (custom resources, aggregated APIs)', () => {
  const wild = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: wild, namespace: shop}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["list"]
- apiGroups: ["*"]
  resources: ["*/status"]
  verbs: ["patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: wild, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: wild}
subjects:
- {kind: ServiceAccount, name: op, namespace: shop}
`;
  const widgets = (name: string): Req[] => [
    { verb: 'list', uri: '/apis/demo.example.com/v1/namespaces/shop/widgets', code: 200, objectRef: { resource: 'widgets', namespace: 'shop', apiGroup: 'demo.example.com', apiVersion: 'v1' } },
    {
      verb: 'patch',
      uri: `/apis/demo.example.com/v1/namespaces/shop/widgets/${name}/status`,
      code: 200,
      objectRef: { resource: 'widgets', subresource: 'status', namespace: 'shop', name, apiGroup: 'demo.example.com', apiVersion: 'v1' },
    },
  ];

  it('count a request to one as use of the wildcard that allowed it, among the permissions granted', async () => {
    const file = log('crd', [...widgets('w1'), { verb: 'list', uri: '/api/v1/namespaces/shop/pods', code: 200, objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' } }]);
    const c = await run({ logs: [file], serviceAccount: 'shop:op', granted: [manifests('wild', wild)] });
    const g = c.granted!;
    expect(g.ungranted).toEqual([]);
    const byRule = new Map(g.overGrants.map((o) => [ruleText(o.rule), o]));
    expect(byRule.get('list *:*')!.exercised).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: ['demo.example.com'], resources: ['widgets'], verbs: ['list'] },
    ]);
    expect(byRule.get('patch *:*/status')!.exercised).toEqual([{ apiGroups: ['demo.example.com'], resources: ['widgets/status'], verbs: ['patch'] }]);
    // Granted: the spec's resources and the two the requests reached outside it (list also reaches widgets/status).
    const without = await run({ logs: [log('no-crd', [{ verb: 'list', uri: '/api/v1/namespaces/shop/pods', code: 200, objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' } }])], serviceAccount: 'shop:op', granted: [manifests('wild', wild)] });
    const [role] = g.roles;
    expect(role.exercised).toBe(3);
    expect(role.permissions).toBe(without.granted!.roles[0].permissions + 3);
    // Of the custom resource, only what was not done is said unused: list on its status (which `*` reaches).
    expect(byRule.get('patch *:*/status')!.rules.flatMap((r) => r.apiGroups)).not.toContain('demo.example.com');
    expect(byRule.get('list *:*')!.rules.filter((r) => r.apiGroups!.includes('demo.example.com'))).toEqual([{ apiGroups: ['demo.example.com'], resources: ['widgets/status'], verbs: ['list'] }]);
  });

  it('as cluster-admin grants them, and a named group the spec lacks stays one wildcard as written', async () => {
    const admin = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: op-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: op, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: demo, namespace: shop}
rules:
- apiGroups: ["demo.example.com"]
  resources: ["*"]
  verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: demo, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: demo}
subjects:
- {kind: ServiceAccount, name: op, namespace: shop}
`;
    const c = await run({ logs: [log('crd-admin', widgets('w2'))], serviceAccount: 'shop:op', granted: [manifests('admin', admin)] });
    const roles = new Map(c.granted!.roles.map((u) => [u.role.name, u]));
    expect(roles.get('cluster-admin')!.exercised).toBe(2);
    expect(roles.get('demo')).toMatchObject({ permissions: 1, exercised: 1 });
    const resources = c.granted!.overGrants.filter((o) => o.role.name === 'cluster-admin').flatMap((o) => o.exercised.flatMap((r) => r.resources));
    expect([...new Set(resources)].sort()).toEqual(['widgets', 'widgets/status']);
  });
});

describe('exec, attach and port-forward over a WebSocket (GET)', () => {
  const streamed = (sub: string, code: number, decision?: Req['decision']): Req => ({
    verb: 'get',
    uri: `/api/v1/namespaces/shop/pods/p1/${sub}?command=ls&stdout=true`,
    code,
    decision,
    objectRef: { resource: 'pods', subresource: sub, namespace: 'shop', name: 'p1', apiVersion: 'v1' },
  });

  it('need create too, which Kubernetes 1.35 and later check (and SPDY, by POST, always needed)', async () => {
    const grant = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: exec, namespace: shop}
rules:
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["get", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: exec, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec}
subjects:
- {kind: ServiceAccount, name: op, namespace: shop}
`;
    const file = log('ws-exec', [streamed('exec', 101), streamed('attach', 101), streamed('portforward', 101), streamed('log', 200)]);
    const c = await run({ logs: [file], serviceAccount: 'shop:op', granted: [manifests('exec', grant)], failOn: ['overprivileged'] });
    expect(c.observed.roles[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward'], resourceNames: ['p1'], verbs: ['get', 'create'] },
      { apiGroups: [''], resources: ['pods/log'], resourceNames: ['p1'], verbs: ['get'] },
    ]);
    expect(c.granted!.roles[0]).toMatchObject({ permissions: 2, exercised: 2 });
    expect(c.verdict!.pass).toBe(true);
  });

  it('refused after the authorizer allowed get: the hint names create', async () => {
    const c = await run({ logs: [log('ws-refused', [streamed('exec', 403, 'allow')])], serviceAccount: 'shop:op' });
    expect(c.requests.refusedAfterAuthorization).toEqual([
      { verb: 'get', apiGroup: '', resource: 'pods/exec', namespace: 'shop', name: 'p1', count: 1, hint: 'over a WebSocket (GET), Kubernetes 1.35 and later also check create' },
    ]);
  });
});

describe('OPTIONS through a proxy (the empty verb)', () => {
  const proxy = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: p, namespace: shop}
rules:
- apiGroups: [""]
  resources: ["services/proxy"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: p, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: p}
subjects:
- {kind: ServiceAccount, name: op, namespace: shop}
`;
  const options: Req = {
    verb: '',
    uri: '/api/v1/namespaces/shop/services/web:80/proxy/',
    code: 200,
    objectRef: { resource: 'services', subresource: 'proxy', namespace: 'shop', name: 'web:80', apiVersion: 'v1' },
  };

  it('needs verbs ["*"], the only rule the authorizer allows it by, and uses the rule that grants it', async () => {
    const c = await run({ logs: [log('options', [options])], serviceAccount: 'shop:op', granted: [manifests('proxy', proxy)], failOn: ['overprivileged'] });
    expect(c.requests.unusable).toEqual([]);
    expect(c.observed.roles).toEqual([{ namespace: 'shop', rules: [{ apiGroups: [''], resources: ['services/proxy'], resourceNames: ['web:80'], verbs: ['*'] }] }]);
    expect(anyAllows(c.observed.roles[0].rules, attrs('', '', 'services', 'shop', 'web:80', 'proxy'))).toBe(true);
    // The rule's other verbs on services/proxy come with the only rule that allows it: needed, not over-granted.
    expect(c.granted!.overGrants).toEqual([]);
    expect(c.granted!.roles[0].exercised).toBe(c.granted!.roles[0].permissions);
    expect(c.verdict!.pass).toBe(true);
  });

  it('with a get through the proxy too, the rule is `*` alone; on another resource the wildcard is still over-granted', async () => {
    const get: Req = { ...options, verb: 'get' };
    const pods: Req = { ...options, uri: '/api/v1/namespaces/shop/pods/p1/proxy/', verb: 'get', objectRef: { resource: 'pods', subresource: 'proxy', namespace: 'shop', name: 'p1', apiVersion: 'v1' } };
    const both = proxy.replace('resources: ["services/proxy"]', 'resources: ["services/proxy", "pods/proxy"]');
    const c = await run({ logs: [log('options-get', [options, get, pods])], serviceAccount: 'shop:op', granted: [manifests('proxy2', both)] });
    expect(c.observed.roles[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods/proxy'], resourceNames: ['p1'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services/proxy'], resourceNames: ['web:80'], verbs: ['*'] },
    ]);
    expect(c.granted!.overGrants.map((o) => o.rules)).toEqual([[{ apiGroups: [''], resources: ['pods/proxy'], verbs: ['create', 'update', 'patch', 'delete', '*'] }]]);
  });
});

describe('requests with no response recorded (counted early past --max-in-flight, or no final stage)', () => {
  it('are counted, and the figures they may lack are said', async () => {
    const apply = (name: string): Req => ({ verb: 'patch', uri: `/api/v1/namespaces/shop/secrets/${name}?fieldManager=op`, code: 201, objectRef: { resource: 'secrets', namespace: 'shop', name, apiVersion: 'v1' } });
    // The log as the apiserver wrote it, with the final stage of one apply cut off.
    const lines = [apply('s1'), apply('s2')].flatMap(events);
    const file = path.join(dir, 'no-final.log');
    writeFileSync(file, lines.slice(0, 3).join('\n') + '\n');
    const c = await run({ logs: [file], serviceAccount: 'shop:op' });
    expect(c.requests).toMatchObject({ total: 2, withoutResponse: 1 });
    expect(c.observed.roles[0].rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['s1', 's2'], verbs: ['patch'] },
    ]);
    const said = "1 of this identity's requests has no response recorded";
    expect(summaryText(c)).toContain(said);
    expect(observedYaml(c)).toContain(`# ${said}`);
    const report = { rbac: [c] } as unknown as Report;
    expect(rbacParts(report)[0].render(100)).toContain(said);
    // Each surface names the limit it keeps: rbac takes no --max-in-flight (its default, and the command that holds
    // more); the page names analyze's option.
    expect(summaryText(c)).toContain(`past the 50,000 requests rbac holds in flight (apisnoop analyze --max-in-flight, with --rbac-serviceaccount, holds more)`);
    expect(rbacParts(report)[0].render(100)).toContain('past the requests held in flight (apisnoop analyze --max-in-flight)');
    for (const text of [summaryText(c), observedYaml(c), rbacParts(report)[0].render(100)]) expect(text).not.toContain('past --max-in-flight');
    // Complete, nothing is said.
    const complete = await run({ logs: [log('final', [apply('s1')])], serviceAccount: 'shop:op' });
    expect(complete.requests.withoutResponse).toBeUndefined();
    expect(summaryText(complete)).not.toContain('no response recorded');
  });
});

describe('manifests that name no namespace, for service accounts of several namespaces', () => {
  const templates = path.join(repoRoot, 'examples/overgranted-chart/templates');
  const list = (ns: string): Req => ({
    verb: 'list',
    uri: `/api/v1/namespaces/${ns}/pods`,
    code: 200,
    user: { username: `system:serviceaccount:${ns}:sa1`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] },
    objectRef: { resource: 'pods', namespace: ns, apiVersion: 'v1' },
  });
  const settings = (): RbacManySettings => ({ logs: [log('two-ns', [list('ns1'), list('ns2')])], identities: [{ serviceAccount: 'ns1:sa1' }, { serviceAccount: 'ns2:sa1' }], granted: [templates], spec: specPath('1.36') });

  it('are refused without the release namespace: one release is installed in one namespace, not in each', async () => {
    await expect(rbacForIdentities(settings())).rejects.toThrow(/Role overgranted-debug, RoleBinding overgranted-debug, Role overgranted-leader-election and 1 more name no namespace, and the service accounts are in ns1, ns2: give the namespace the release is installed in \(--release-namespace/);
  });

  it('are placed in the one given', async () => {
    const [ns1, ns2] = await rbacForIdentities({ ...settings(), releaseNamespace: 'ns1' });
    const bound = (c: RbacComparison): string[] => c.granted!.roles.map((u) => `${u.binding.kind} ${u.binding.namespace ?? ''}/${u.binding.name}`);
    expect(bound(ns1)).toContain('RoleBinding ns1/overgranted-leader-election');
    expect(bound(ns2).filter((b) => b.includes('leader-election'))).toEqual([]);
  });
});

describe('a 403 without a decision, in a log that records decisions', () => {
  it('was refused before the authorizer, by the impersonation filter: no denial of the request, no rule for it', async () => {
    // The impersonation filter's refusal, as responsewriters.Forbidden words it: no authorization annotation, the
    // impersonator as the user (the impersonated user is logged only once the filter allowed it).
    const refused: Req = {
      verb: 'get',
      uri: '/api/v1/namespaces/shop/configmaps/cm9',
      code: 403,
      decision: null,
      message: 'users "bob" is forbidden: User "system:serviceaccount:shop:op" cannot impersonate resource "users" in API group "" at the cluster scope',
      objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cm9', apiVersion: 'v1' },
    };
    const listed: Req = { verb: 'list', uri: '/api/v1/namespaces/shop/pods', code: 200, objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' } };
    // Another user's request records decisions too: the log is one that does.
    const other: Req = { ...listed, user: { username: 'jane', groups: ['system:authenticated'] } };
    for (const order of [[refused, listed], [refused, other]]) {
      const c = await run({ logs: [log('imp-refused', order)], serviceAccount: 'shop:op' });
      expect(c.requests).toMatchObject({ denied: 0 });
      expect(c.denied).toEqual([]);
      expect(c.requests.refusedBeforeAuthorization).toEqual([
        { verb: 'get', apiGroup: '', resource: 'configmaps', namespace: 'shop', name: 'cm9', count: 1, hint: REFUSED_BEFORE_AUTHORIZATION },
      ]);
      expect(JSON.stringify(c.observed)).not.toContain('configmaps');
      expect(summaryText(c)).toContain(`1x get configmaps [cm9] in shop: ${REFUSED_BEFORE_AUTHORIZATION} (403, not counted as denied)`);
      expect(rbacParts({ rbac: [c] } as unknown as Report)[0].render(100)).toContain('**403 before the authorizer was asked (1): the impersonation filter refused an impersonation**');
    }
  });
});
