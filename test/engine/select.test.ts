// Selecting the KAPIC's traffic on real logs: namespace, service account, user, user agent, impersonation, system
// components, and the e2e mode. Expected counts are tallied independently from the raw events in each test.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/engine/audit.js';
import { conformanceFromCoverage } from '../../src/engine/conformance.js';
import type { Selection } from '../../src/engine/report.js';
import { e2eTestName, effectiveUser, isSystemRequest, type LeftOut, leftOutText, nothingSelected, requestFilter, serviceAccountUser, userAgentFilterName, userAgentProgram } from '../../src/engine/select.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeFiles, analyzeLines, APISNOOP_TESTDATA, AUDIT2RBAC_2017, HKERMA_CSV, loadFixtureSpec, readFixtureJson, readLines, specPath } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { sweepLines } from '../helpers/audit-verb.js';
import { countsOf, leftOutMaps } from '../helpers/left-out.js';
import { loadConformanceVersion, loadIneligible } from '../../src/sources/specs.js';
import { conformanceFigure } from '../../src/web/page/format.js';

interface Raw {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  userAgent?: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string };
  objectRef?: { namespace?: string };
}
const lines2017 = readLines(AUDIT2RBAC_2017);
const raw2017 = lines2017.map((l) => JSON.parse(l) as Raw);
/** One event per request: the final one (every request of this log has a ResponseComplete). */
const requests2017 = raw2017.filter((e) => e.stage === 'ResponseComplete');
const count = (pred: (e: Raw) => boolean): number => requests2017.filter(pred).length;

let spec113: Spec;
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
});
const selected = (selection: Partial<Selection>, lines = lines2017) => analyzeLines(lines, { spec: spec113, selection }).summary.selected;

describe('filters on the 2017 log (system:admin impersonating bob, alice and ns1:sa1)', () => {
  it('no criterion keeps everything but system components: all 437 here', () => {
    expect(selected({})).toBe(437);
  });

  it('namespace: by objectRef.namespace', () => {
    expect(count((e) => e.objectRef?.namespace === 'ns1')).toBe(4);
    expect(selected({ namespaces: ['ns1'] })).toBe(4);
    expect(selected({ namespaces: ['default'] })).toBe(count((e) => e.objectRef?.namespace === 'default'));
    expect(selected({ namespaces: ['kube-system'] })).toBe(0);
  });

  it('impersonatedUser is who acted: user bob selects what bob did through system:admin', () => {
    expect(count((e) => e.impersonatedUser?.username === 'bob')).toBe(29);
    expect(selected({ users: ['bob'] })).toBe(29);
    // Usernames are case-sensitive, as Kubernetes compares them (user agents are not).
    expect(selected({ users: ['Bob'] })).toBe(0);
    expect(selected({ users: ['alice'] })).toBe(3);
    // system:admin sent them all, impersonating or not: the sender chose the API it called.
    expect(count((e) => !e.impersonatedUser)).toBe(400);
    expect(selected({ users: ['system:admin'] })).toBe(437);
  });

  it('service account as ns:name, ns:* and the full system:serviceaccount: form', () => {
    expect(count((e) => e.impersonatedUser?.username === 'system:serviceaccount:ns1:sa1')).toBe(5);
    expect(selected({ serviceAccounts: ['ns1:sa1'] })).toBe(5);
    expect(selected({ serviceAccounts: ['ns1:*'] })).toBe(5);
    expect(selected({ serviceAccounts: ['system:serviceaccount:ns1:sa1'] })).toBe(5);
    expect(selected({ serviceAccounts: ['ns2:*'] })).toBe(0);
    expect(serviceAccountUser('ns1:sa1')).toBe('system:serviceaccount:ns1:sa1');
    expect(() => serviceAccountUser('sa1')).toThrow('service account "sa1" is not of the form namespace:name');
  });

  it('the full system:serviceaccount: form is held to namespace:name as the short one is: else it selects nothing', () => {
    expect(serviceAccountUser('system:serviceaccount:ns1:sa1')).toBe('system:serviceaccount:ns1:sa1');
    expect(serviceAccountUser('system:serviceaccount:ns1:*')).toBe('system:serviceaccount:ns1:*');
    // A namespace glob and a name with a dot, as a DNS subdomain may have one.
    expect(serviceAccountUser('team-*:my.sa')).toBe('system:serviceaccount:team-*:my.sa');
    for (const bad of ['system:serviceaccount:ns1', 'system:serviceaccount:ns1:', 'system:serviceaccount::sa1', 'system:serviceaccount:ns1:sa1:extra', 'ns1:sa1:extra', 'system:serviceaccount:']) {
      expect(() => serviceAccountUser(bad), bad).toThrow(`service account "${bad}" is not of the form namespace:name`);
    }
    // A namespace no namespace can have, or a name no service account can: matched whole, they would select nothing.
    for (const bad of ['Bad_NS:sa1', 'system:serviceaccount:Bad_NS:sa1', 'ns1:SA1', '-ns:sa1', `${'a'.repeat(64)}:sa1`]) {
      expect(() => serviceAccountUser(bad), bad).toThrow(`service account "${bad}" is not of the form namespace:name: a namespace and a service account are named in`);
    }
    // The demo log's ns1:sa1 selected by either form alike.
    expect(selected({ serviceAccounts: ['system:serviceaccount:ns1:*'] })).toBe(selected({ serviceAccounts: ['ns1:*'] }));
  });

  it('criteria are alternatives: a request is kept when it matches any', () => {
    // alice's 3 requests are all in ns1; bob has one in ns1 too.
    expect(selected({ namespaces: ['ns1'], users: ['alice'] })).toBe(4);
    expect(selected({ namespaces: ['ns1'], users: ['bob'] })).toBe(4 + 29 - 1);
  });

  it('user patterns take * as wildcard and match the whole name', () => {
    expect(selected({ users: ['system:serviceaccount:*'] })).toBe(5);
    expect(selected({ users: ['bo'] })).toBe(0);
    expect(selected({ users: ['*'] })).toBe(437);
  });
});

describe('an app that impersonates cannot leave its requests out of the gate (the 2017 log, ns1:sa1 as the sender)', () => {
  // The real requests system:admin made as ns1:sa1, turned round: ns1:sa1 sends them, impersonating another identity,
  // and calls an alpha API of 1.33 (resource.k8s.io/v1alpha3). The gate is on the app's service account, or on nothing.
  const SA = 'system:serviceaccount:ns1:sa1';
  const sa1 = raw2017.filter((e) => e.impersonatedUser?.username === SA);
  const actingAs = (username: string, groups: string[]) =>
    sa1.map((e, i) =>
      JSON.stringify({
        ...e,
        auditID: `${e.auditID}-${i}`,
        requestURI: '/apis/resource.k8s.io/v1alpha3/namespaces/ns1/resourceclaims',
        objectRef: { resource: 'resourceclaims', namespace: 'ns1', apiGroup: 'resource.k8s.io', apiVersion: 'v1alpha3' },
        verb: 'list',
        user: { username: SA, groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'] },
        impersonatedUser: { username, groups },
      }),
    );
  let spec133: Spec;
  beforeAll(async () => {
    spec133 = await loadFixtureSpec('1.33');
  });
  const verdict = (lines: string[], selection: Partial<Selection>) => {
    const r = analyzeLines(lines, { spec: spec133, selection });
    return { selected: r.summary.selected, pass: r.verdict.pass, violations: r.verdict.violations.map((v) => v.operationId) };
  };
  const FAILS = { pass: false, violations: ['listResourceV1alpha3NamespacedResourceClaim'] };

  it.each([
    ['another user', 'alice', ['system:authenticated']],
    ['a kube-system service account', 'system:serviceaccount:kube-system:namespace-controller', ['system:serviceaccounts', 'system:authenticated']],
    ['the controller-manager', 'system:kube-controller-manager', ['system:authenticated']],
    ['a kubelet', 'system:node:n1', ['system:nodes', 'system:authenticated']],
  ])('impersonating %s, its alpha calls fail the gate on --serviceaccount ns1:sa1, --user, ns1:*, and with no filter', (_, username, groups) => {
    const lines = actingAs(username, groups);
    expect(sa1.length).toBe(5);
    for (const selection of [{ serviceAccounts: ['ns1:sa1'] }, { serviceAccounts: ['ns1:*'] }, { users: [SA] }, {}]) {
      expect(verdict(lines, selection), JSON.stringify(selection)).toEqual({ selected: 5, ...FAILS });
    }
  });

  it('the identity it acted as selects it too (kubectl --as), and a controller impersonating is still left out', () => {
    const lines = actingAs('bob', ['system:authenticated']);
    expect(verdict(lines, { users: ['bob'] })).toEqual({ selected: 5, ...FAILS });
    expect(verdict(lines, { users: ['carol'] }).selected).toBe(0);
    const controller = sa1.map((e) => JSON.stringify({ ...e, user: { username: 'system:kube-controller-manager' }, impersonatedUser: { username: 'system:node:n1' } }));
    expect(verdict(controller, {}).selected).toBe(0);
    expect(verdict(controller, { includeSystem: true }).selected).toBe(5);
  });
});

describe('user-agent patterns (APISnoop testdata: node-problem-detector/v0.8.9)', () => {
  const files = readdirSync(APISNOOP_TESTDATA).map((f) => path.join(APISNOOP_TESTDATA, f));
  it.each([
    [['node-problem-detector'], 5],
    [['NODE-problem'], 5],
    [['node-*-detector/v0.8'], 5],
    [['kubectl'], 0],
    [['problem-detector'], 0],
    [['kubectl', 'node-problem'], 5],
  ])('%j selects %i of 5', async (userAgents, n) => {
    const r = await analyzeFiles(files, { spec: await loadFixtureSpec('1.28'), selection: { userAgents } });
    expect(r.summary.selected).toBe(n);
  });
});

describe('system components: out by default, in with includeSystem (hkerma, a kubeadm cluster)', () => {
  const conv = convertHkermaCsv(HKERMA_CSV);
  /** Kubernetes' own identities in that cluster, written out by hand from its user list. */
  const SYSTEM = [/^system:kube-controller-manager$/, /^system:kube-scheduler$/, /^system:apiserver$/, /^system:node:/, /^system:serviceaccount:kube-system:/];

  it('leaves out exactly the requests of the controllers, scheduler, apiserver, kubelets and kube-system service accounts', async () => {
    const final = new Map<string, { user: string; uri: string }>();
    for (const l of conv.lines) {
      const e = JSON.parse(l) as Raw;
      final.set(e.auditID, { user: e.user.username, uri: e.requestURI });
    }
    const system = [...final.values()].filter((r) => SYSTEM.some((re) => re.test(r.user))).length;
    // The kubelet's probes of its apiserver pod, asked without credentials.
    const probes = [...final.values()].filter((r) => r.user === 'system:anonymous' && /^\/(livez|readyz|healthz)([/?]|$)/.test(r.uri));
    const spec = await loadFixtureSpec('1.28');
    const dflt = analyzeLines(conv.lines, { spec });
    const all = analyzeLines(conv.lines, { spec, selection: { includeSystem: true } });
    expect(final.size).toBe(16474);
    expect(all.summary.selected).toBe(16474);
    expect(dflt.summary.selected).toBe(16474 - system - probes.length);
    expect(system).toBe(4431);
    expect(probes.length).toBe(262);
    const probed = (r: typeof dflt) => r.unmatched.filter((u) => /^\/(livez|readyz)$/.test(u.pattern)).reduce((n, u) => n + u.count, 0);
    // The rest of the health checks are the apiserver's own (system:apiserver).
    const checks = [...final.values()].filter((r) => /^\/(livez|readyz)$/.test(r.uri));
    expect(checks.filter((r) => r.user !== 'system:anonymous').every((r) => r.user === 'system:apiserver')).toBe(true);
    expect(probed(dflt)).toBe(0);
    expect(probed(all)).toBe(checks.length);
  });

  it("an anonymous request is the app's unless it is a health check: one that lost its token stays in view", async () => {
    const spec = await loadFixtureSpec('1.28');
    const probe = conv.lines.find((l) => l.includes('"system:anonymous"') && l.includes('"/readyz"'))!;
    const asked = (uri: string) => probe.replaceAll('"/readyz"', JSON.stringify(uri)).replace(/"auditID":"[^"]+"/, `"auditID":"${uri}"`);
    const checks = ['/readyz', '/livez?verbose', '/healthz/etcd', '/readyz/ping'];
    const other = ['/version', '/api/v1/namespaces/shop/configmaps', '/readyzz', '/metrics'];
    const r = analyzeLines([...checks, ...other].map(asked), { spec });
    expect(r.summary).toMatchObject({ requests: 8, selected: other.length });
  });

  it('a system identity named by --serviceaccount or --user is selected (an add-on in kube-system), alone or beside other filters', async () => {
    const requestsOf = new Map<string, { user: string }>();
    for (const l of conv.lines) {
      const e = JSON.parse(l) as Raw;
      requestsOf.set(e.auditID, { user: e.user.username });
    }
    const reqs = [...requestsOf.values()];
    const coredns = reqs.filter((r) => r.user === 'system:serviceaccount:kube-system:coredns').length;
    const admin = reqs.filter((r) => r.user === 'kubernetes-admin').length;
    expect(coredns).toBe(18);
    expect(admin).toBeGreaterThan(0);
    const spec = await loadFixtureSpec('1.28');
    const sel = (selection: Partial<Selection>) => analyzeLines(conv.lines, { spec, selection }).summary.selected;
    expect(sel({ serviceAccounts: ['kube-system:coredns'] })).toBe(coredns);
    expect(sel({ users: ['system:serviceaccount:kube-system:coredns'] })).toBe(coredns);
    // With another filter the named identity still counts (it used to be dropped in silence).
    expect(sel({ serviceAccounts: ['kube-system:coredns'], users: ['kubernetes-admin'] })).toBe(coredns + admin);
    // Named with a wildcard (a chart installed in kube-system selects kube-system:*), the controllers stay out.
    expect(sel({ serviceAccounts: ['kube-system:*'] })).toBe(0);
    expect(sel({ users: ['system:serviceaccount:kube-system:core*'] })).toBe(0);
  });

  it('classifies identities as RequestInfo users, with impersonation and the system:nodes group', () => {
    const req = (username: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({ auditID: 'x', stage: 'ResponseComplete', user: { username }, ...extra });
    expect(isSystemRequest(req('system:kube-scheduler'))).toBe(true);
    expect(isSystemRequest(req('system:node:k8s-node-1-perfspec'))).toBe(true);
    expect(isSystemRequest(req('system:serviceaccount:kube-system:namespace-controller'))).toBe(true);
    expect(isSystemRequest(req('system:serviceaccount:cert-manager:my-cert-manager'))).toBe(false);
    expect(isSystemRequest(req('kubernetes-admin'))).toBe(false);
    expect(isSystemRequest(req('system:anonymous'))).toBe(false);
    expect(isSystemRequest(req('system:anonymous', { requestURI: '/readyz' }))).toBe(true);
    expect(isSystemRequest(req('kubernetes-admin', { requestURI: '/readyz' }))).toBe(false);
    expect(isSystemRequest(req('system:anonymous', { requestURI: '/readyz', impersonatedUser: { username: 'bob' } }))).toBe(false);
    expect(isSystemRequest({ auditID: 'x', stage: 'ResponseComplete', user: { username: 'kubelet-bootstrap', groups: ['system:nodes'] } })).toBe(true);
    // A kubelet impersonating nobody is a kubelet; an admin (or an app) impersonating a kubelet is not a system
    // component: it sent the request. A system identity impersonating another system identity stays one.
    expect(isSystemRequest(req('kubernetes-admin', { impersonatedUser: { username: 'system:node:n1' } }))).toBe(false);
    expect(isSystemRequest(req('system:kube-controller-manager', { impersonatedUser: { username: 'system:node:n1' } }))).toBe(true);
    expect(effectiveUser(req('system:admin', { impersonatedUser: { username: 'bob' } }))).toBe('bob');
  });
});

describe('e2e mode: the e2e framework user agents name the test; operations are marked tested', () => {
  const E2E = 'e2e.test/v1.29.0 (linux/amd64) kubernetes/abc';
  // Real test names from APISnoop's coverage data (tests[] of coverage-1.36.0.json.gz).
  const CONFORMANCE_ROLES = '[sig-api-machinery] AdmissionWebhook [Privileged:ClusterAdmin] listing mutating webhooks should work [Conformance]';
  const PLAIN_CLUSTERROLES = '[sig-auth] Certificates API [Privileged:ClusterAdmin] should support building a client with a CSR';
  const DEPLOYMENT = '[sig-apps] Deployment should run the lifecycle of a Deployment [Conformance]';
  const cov = readFixtureJson<{ tests: Array<{ test: string; conformance_test: boolean }> }>('apisnoop', 'coverage-1.36.0.json.gz');

  /** The 2017 log with e2e user agents put on its events: RBAC by two tests, the all-namespace pod lists by a third. */
  const e2eLines = raw2017.map((e) => {
    const p = e.requestURI.split('?')[0];
    let test: string | null = null;
    if (/^\/apis\/rbac[^/]*\/v1\/namespaces\/[^/]+\/(roles|rolebindings)/.test(p)) test = CONFORMANCE_ROLES;
    else if (/^\/apis\/rbac[^/]*\/v1\/(clusterroles|clusterrolebindings)/.test(p)) test = PLAIN_CLUSTERROLES;
    else if (p === '/api/v1/pods') test = DEPLOYMENT;
    return JSON.stringify(test ? { ...e, userAgent: `${E2E} -- ${test}` } : e);
  });

  it('the three test names are real e2e tests, two of them conformance', () => {
    const byName = new Map(cov.tests.map((t) => [t.test, t.conformance_test]));
    expect([byName.get(CONFORMANCE_ROLES), byName.get(PLAIN_CLUSTERROLES), byName.get(DEPLOYMENT)]).toEqual([true, false, true]);
  });

  it('reads the test name from the user agent', () => {
    expect(e2eTestName(`${E2E} -- ${DEPLOYMENT}`)).toBe(DEPLOYMENT);
    expect(e2eTestName(E2E)).toBeNull();
    expect(e2eTestName('kubectl/v1.29.0 (linux/amd64) kubernetes/abc -- not e2e')).toBeNull();
    expect(userAgentProgram(`${E2E} -- ${DEPLOYMENT}`)).toBe(E2E);
    // Leading whitespace (a log rewritten by another tool) aside, as the user-agent filter compares agents.
    expect(e2eTestName(`  ${E2E} -- ${DEPLOYMENT}`)).toBe(DEPLOYMENT);
  });

  it('selects e2e requests whose user agent a rewritten log starts with spaces, as the same log without them', () => {
    const spaced = e2eLines.map((l) => l.replace(/"userAgent":"e2e\.test/g, '"userAgent":" \\te2e.test'));
    expect(spaced.filter((l) => l.includes('" \\te2e.test')).length).toBeGreaterThan(400);
    const [plain, rewritten] = [e2eLines, spaced].map((lines) => analyzeLines(lines, { spec: spec113, selection: { e2e: true } }));
    expect(rewritten.summary.selected).toBe(plain.summary.selected);
    expect(rewritten.operations.map((o) => [o.operationId, o.hits, o.tests])).toEqual(plain.operations.map((o) => [o.operationId, o.hits, o.tests]));
  });

  it('selects only e2e requests and marks their operations tested, conformance tested when a [Conformance] test hit them', () => {
    const r = analyzeLines(e2eLines, { spec: spec113, selection: { e2e: true } });
    // 400 RBAC requests of system:admin plus the 2 all-namespace pod lists of sa1.
    expect(r.summary.selected).toBe(402);
    expect(r.summary.matched).toBe(402);
    const byId = new Map(r.operations.map((o) => [o.operationId, o]));
    const roles = r.operations.filter((o) => /Namespaced(Role|RoleBinding)$/.test(o.operationId));
    const clusterRoles = r.operations.filter((o) => /V1ClusterRole(Binding)?$/.test(o.operationId));
    expect(roles.length).toBe(6);
    expect(clusterRoles.length).toBe(8);
    for (const o of roles) expect([o.tested, o.conformanceTested, o.tests]).toEqual([true, true, [CONFORMANCE_ROLES]]);
    for (const o of clusterRoles) expect([o.tested, o.conformanceTested, o.tests]).toEqual([true, false, [PLAIN_CLUSTERROLES]]);
    expect(byId.get('listCoreV1PodForAllNamespaces')).toMatchObject({ tested: true, conformanceTested: true, tests: [DEPLOYMENT], hits: 2, userAgents: [E2E] });
    // bob's and alice's requests carry no e2e agent: not selected.
    expect(byId.has('listCoreV1NamespacedSecret')).toBe(false);
  });

  // Conformance covers GA endpoints only: APISnoop's coverage of 1.36 rates none of its beta and alpha endpoints
  // conformance tested. A [Conformance] test that calls one made it so (150 beta and 78 alpha of 1.36's, and the page 100%).
  it('a [Conformance] test marks the stable operations it hits conformance tested, the beta and alpha ones only tested', async () => {
    const spec = await loadFixtureSpec('1.36');
    // Every operation an audit log can tell, the OPTIONS proxy ones (the empty verb) among them: HEAD is audited as GET.
    const lines = sweepLines(spec.operations, `${E2E} -- ${DEPLOYMENT}`, true);
    const r = analyzeLines(lines, { spec, conformance: await loadConformanceVersion('1.36'), ineligible: await loadIneligible(), selection: { e2e: true } });
    const theirs = new Map(readFixtureJson<{ endpoints: Array<{ endpoint: string; level: string; conf_tested: boolean }> }>('apisnoop', 'coverage-1.36.0.json.gz').endpoints.map((e) => [e.endpoint, e]));
    const tally = (level: string) => {
      const ops = r.operations.filter((o) => !o.discovery && o.level === level);
      return { ops: ops.length, tested: ops.filter((o) => o.tested).length, conformanceTested: ops.filter((o) => o.conformanceTested).length, rated: ops.filter((o) => o.conformanceTested !== null).length };
    };
    expect([tally('stable'), tally('beta'), tally('alpha')]).toEqual([
      { ops: 766, tested: 766, conformanceTested: 614, rated: 614 },
      { ops: 192, tested: 192, conformanceTested: 0, rated: 150 },
      { ops: 99, tested: 99, conformanceTested: 0, rated: 78 },
    ]);
    // As APISnoop rates them: no beta or alpha endpoint is conformance tested, here or in its data (the two service
    // account issuer operations it calls beta are stable by ours: docs/classification.md, class c).
    const nonStable = r.operations.filter((o) => o.level !== 'stable' && theirs.has(o.operationId));
    expect(nonStable.length).toBeGreaterThan(200);
    for (const o of nonStable) expect([o.operationId, o.conformanceTested], o.operationId).toEqual([o.operationId, theirs.get(o.operationId)!.conf_tested]);
    // The page's figure is of the stable ones: all 614 rated, the 152 watch* without data said apart.
    expect(conformanceFigure(r.operations.filter((o) => !o.discovery))).toMatchObject({ stable: 766, tested: 614, known: 614, unknown: 152 });
    // The 6 OPTIONS proxy operations (pods', services', nodes') among them, conformance tested by the test that hit them.
    const options = r.operations.filter((o) => o.method === 'options');
    expect(options.map((o) => o.operationId).sort()).toEqual(spec.operations.filter((o) => o.method === 'options').map((o) => o.operationId).sort());
    expect(options.map((o) => [o.level, o.conformanceTested])).toEqual(options.map(() => ['stable', true]));
    expect(options).toHaveLength(6);
  });

  it('with the conformance overlay, an operation the log saw only in plain tests keeps what the overlay says', () => {
    const overlay = conformanceFromCoverage(readFixtureJson('apisnoop', 'coverage-1.36.0.json.gz'), 'coverage-1.36.0.json.gz');
    const r = analyzeLines(e2eLines, { spec: spec113, selection: { e2e: true }, conformance: overlay });
    for (const o of r.operations.filter((x) => /V1ClusterRole(Binding)?$/.test(x.operationId))) {
      expect(o.conformanceTested, o.operationId).toBe(overlay.endpoints.get(o.operationId)!.conformanceTested);
      expect(o.tested).toBe(true);
    }
    // readRbacAuthorizationV1ClusterRole: APISnoop has it untested in 1.36; this run tested it (not for conformance).
    const read = r.operations.find((o) => o.operationId === 'readRbacAuthorizationV1ClusterRole')!;
    expect(overlay.endpoints.get('readRbacAuthorizationV1ClusterRole')).toMatchObject({ tested: false, conformanceTested: false });
    expect([read.tested, read.conformanceTested]).toEqual([true, false]);
  });

  it('outside e2e mode the same log is plain traffic: nothing marked tested without an overlay', () => {
    const r = analyzeLines(e2eLines, { spec: spec113 });
    expect(r.summary.selected).toBe(437);
    expect(r.operations.every((o) => o.tested === null && o.conformanceTested === null)).toBe(true);
    // The test names are still recorded, the callers grouped by program.
    expect(r.operations.find((o) => o.operationId === 'listCoreV1PodForAllNamespaces')!.tests).toEqual([DEPLOYMENT]);
  });

  it('requestFilter in e2e mode ignores the other criteria', () => {
    const filter = requestFilter({ namespaces: ['nowhere'], serviceAccounts: [], users: [], userAgents: [], includeSystem: false, e2e: true });
    const ev = JSON.parse(readFileSync(path.join(APISNOOP_TESTDATA, 'audit_event.json'), 'utf8'));
    expect(filter({ ...ev, userAgent: `${E2E} -- x` })).toBe(true);
    expect(filter(ev)).toBe(false);
  });
});

describe('a selection that keeps nothing is said', () => {
  it('names the filters, or the system components it left out', () => {
    const hkerma = convertHkermaCsv(HKERMA_CSV).lines;
    const none = analyzeLines(lines2017, { spec: spec113, selection: { userAgents: ['kubctl'], serviceAccounts: ['ns9:*'] } });
    expect(nothingSelected(none.summary.requests, none.summary.selected, none.selection)).toBe(
      'none of the 437 requests read is selected: the selection (service account ns9:*, user agent kubctl), which leaves out system components or anonymous health checks, matched none; the verdict judged no request',
    );
    // A system identity named is selected (the scheduler's 361 requests), with or without --include-system.
    const sys = analyzeLines(hkerma, { spec: spec113, selection: { users: ['system:kube-scheduler'] } });
    expect(sys.summary.selected).toBe(361);
    expect(nothingSelected(sys.summary.requests, sys.summary.selected, sys.selection)).toBeNull();
    const kept = analyzeLines(hkerma, { spec: spec113, selection: { users: ['system:kube-scheduler'], includeSystem: true } });
    expect(kept.summary.selected).toBe(361);
    expect(nothingSelected(kept.summary.requests, kept.summary.selected, kept.selection)).toBeNull();
    // No request read (an empty log): nothing was judged either, and no filter is to blame.
    expect(nothingSelected(0, 0, kept.selection)).toBe('no request was read from the input, so none was selected; the verdict judged no request');
    const schedulerOnly = hkerma.filter((l) => (JSON.parse(l) as Raw).user.username === 'system:kube-scheduler');
    const all = analyzeLines(schedulerOnly, { spec: spec113, selection: {} });
    expect(nothingSelected(all.summary.requests, all.summary.selected, all.selection)).toBe(
      `none of the ${all.summary.requests} requests read is selected: they are all from system components or anonymous health checks, which are left out unless include-system is set (--include-system); the verdict judged no request`,
    );
  });
});

describe('who the log holds, when a selection keeps none of it', () => {
  // Tallied from the raw events: both identities of an impersonated request, the user agent, the object's namespace.
  const byHand = () => {
    const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const users = new Map<string, number>();
    const namespaces = new Map<string, number>();
    for (const e of requests2017) {
      count(users, e.user.username);
      if (e.impersonatedUser && e.impersonatedUser.username !== e.user.username) count(users, e.impersonatedUser.username);
      if (e.objectRef?.namespace) count(namespaces, e.objectRef.namespace);
    }
    return { users, userAgents: new Map([['(none)', requests2017.length]]), namespaces, excluded: new Map<string, number>(), system: 0 };
  };

  it('counts the users, user agents and namespaces a filter could name, on one thread or several', async () => {
    const { analyzeLogs } = await import('../../src/analyze.js');
    const told: LeftOut[] = [];
    const threads: number[] = [];
    for (const jobs of [1, 3]) {
      const r = await analyzeLogs({
        logs: [AUDIT2RBAC_2017],
        spec: specPath('1.13'),
        conformance: 'none',
        selection: { namespaces: ['no-such-ns'] },
        jobs,
        parallelMinBytes: 0,
        onThreads: (n) => threads.push(n),
        onNothingSelected: (left) => told.push(left),
      });
      expect(r.summary.selected).toBe(0);
    }
    // The second run was split over worker threads: their tallies are added up.
    expect(threads).toHaveLength(1);
    expect(told.map(leftOutMaps)).toEqual([byHand(), byHand()]);
    expect(leftOutText(told[0]!, false)).toBe(
      'the requests read are by users system:admin (437), bob (29), system:serviceaccount:ns1:sa1 (5), alice (3); user agents (none) (437); for objects in namespaces default (212), ns1 (4)',
    );
  });

  it('counts the requests that acted as a user the selection leaves out apart, by that user, on one thread or several', async () => {
    const { analyzeLogs } = await import('../../src/analyze.js');
    const told: LeftOut[] = [];
    for (const jobs of [1, 3]) {
      await analyzeLogs({
        logs: [AUDIT2RBAC_2017],
        spec: specPath('1.13'),
        conformance: 'none',
        selection: { namespaces: ['no-such-ns'], excludeUsers: ['system:admin'] },
        jobs,
        parallelMinBytes: 0,
        onNothingSelected: (left) => told.push(left),
      });
    }
    // By hand: the admin's own requests apart; of the others (which it sent), the user each acted as.
    const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const expected = { users: new Map<string, number>(), userAgents: new Map<string, number>(), namespaces: new Map<string, number>(), excluded: new Map<string, number>(), system: 0 };
    for (const e of requests2017) {
      const actedAs = e.impersonatedUser?.username ?? e.user.username;
      if (actedAs === 'system:admin') {
        count(expected.excluded, actedAs);
        continue;
      }
      count(expected.users, actedAs);
      count(expected.userAgents, '(none)');
      if (e.objectRef?.namespace) count(expected.namespaces, e.objectRef.namespace);
    }
    expect(told.map(leftOutMaps)).toEqual([expected, expected]);
    expect(expected.users.size).toBe(3);
  });

  it('says nothing when the selection keeps a request', async () => {
    const { analyzeLogs } = await import('../../src/analyze.js');
    let told = false;
    await analyzeLogs({ logs: [AUDIT2RBAC_2017], spec: specPath('1.13'), conformance: 'none', selection: { users: ['alice'] }, onNothingSelected: () => (told = true) });
    expect(told).toBe(false);
  });

  it("counts system components apart, named only with include-system (the scheduler's requests of the hkerma log)", () => {
    const scheduler = convertHkermaCsv(HKERMA_CSV).lines.filter((l) => (JSON.parse(l) as Raw).user.username === 'system:kube-scheduler');
    let left: LeftOut | undefined;
    analyzeLines(scheduler, { spec: spec113, selection: { userAgents: ['nobody'] }, onNothingSelected: (l) => (left = l) });
    expect(countsOf(left!.users).size).toBe(0);
    expect(leftOutText(left!, false)).toBe(`all ${scheduler.length} requests read are from Kubernetes' system components or anonymous health checks, left out unless --include-system is given`);
    analyzeLines(scheduler, { spec: spec113, selection: { userAgents: ['nobody'], includeSystem: true }, onNothingSelected: (l) => (left = l) });
    expect([...countsOf(left!.users)]).toEqual([['system:kube-scheduler', scheduler.length]]);
    expect(left!.system).toBe(0);
  });
});

describe('e2e mode that selects nothing', () => {
  it("says no request had the e2e tests' user agent, not that system components were left out, and tallies the system ones' agents", () => {
    const scheduler = convertHkermaCsv(HKERMA_CSV).lines.filter((l) => (JSON.parse(l) as Raw).user.username === 'system:kube-scheduler');
    let left: LeftOut | undefined;
    const report = analyzeLines(scheduler, { spec: spec113, selection: { e2e: true }, onNothingSelected: (l) => (left = l) });
    expect(nothingSelected(report.summary.requests, report.summary.selected, report.selection)).toBe(
      `none of the ${scheduler.length} requests read is selected: none has an e2e.test/… user agent, the e2e tests', which e2e mode selects; the verdict judged no request`,
    );
    // The scheduler's user agents are named, as what the log holds: no word of --include-system, which e2e mode ignores.
    expect(left!.system).toBe(0);
    const agents = new Set(scheduler.map((l) => userAgentFilterName((JSON.parse(l) as Raw).userAgent)));
    expect(new Set(countsOf(left!.userAgents).keys())).toEqual(agents);
    expect(leftOutText(left!, false)).toBe(`the requests read are by users system:kube-scheduler (${scheduler.length}); user agents (none) (${scheduler.length})`);
    expect(leftOutText(left!, false)).not.toContain('include-system');
  });
});

describe('earlier: timestamps of both precisions', () => {
  it('orders v1beta1 whole seconds and v1 microseconds by time, not by text', async () => {
    const { earlier } = await import('../../src/engine/coverage.js');
    expect(earlier('2017-08-23T18:41:05Z', '2017-08-23T18:41:05.500000Z')).toBe(true);
    expect(earlier('2017-08-23T18:41:05.500000Z', '2017-08-23T18:41:05Z')).toBe(false);
    expect(earlier('2017-08-23T18:41:04.999999Z', '2017-08-23T18:41:05Z')).toBe(true);
    expect(earlier('2017-08-23T18:41:05.5Z', '2017-08-23T18:41:05.400000Z')).toBe(false);
    expect(earlier('2017-08-23T18:41:05.100000Z', '2017-08-23T18:41:05.200000Z')).toBe(true);
    expect(earlier('2017-08-23T18:41:05Z', '2017-08-23T18:41:05Z')).toBe(false);
  });
});
