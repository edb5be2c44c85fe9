// Real audit logs through the reader and the engine: every request is matched or listed with a reason and a count.
// Figures can be checked by hand with grep/jq on the fixture files.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, UnmatchedReason } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { loadDeprecations } from '../../src/sources/specs.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import {
  analyzeFiles,
  analyzeLines,
  APISNOOP_TESTDATA,
  AUDIT2RBAC_2017,
  AUDIT2RBAC_V1,
  HKERMA_CSV,
  loadFixtureSpec,
  readFixtureJson,
  readLines,
} from '../helpers/fixtures.js';
import { COLUMNS, convertHkermaCsv } from '../helpers/hkerma.js';

/** The invariant of every report: each selected request is matched or counted under a reason. */
function expectAccounted(r: Report): void {
  expect(r.summary.matched + r.summary.unmatched).toBe(r.summary.selected);
  expect(r.unmatched.reduce((n, u) => n + u.count, 0)).toBe(r.summary.unmatched);
  expect(r.operations.reduce((n, o) => n + o.hits, 0)).toBe(r.summary.matched);
}

const byReason = (r: Report): Partial<Record<UnmatchedReason, number>> => {
  const out: Partial<Record<UnmatchedReason, number>> = {};
  for (const u of r.unmatched) out[u.reason] = (out[u.reason] ?? 0) + u.count;
  return out;
};

let spec113: Spec;
let spec128: Spec;
beforeAll(async () => {
  [spec113, spec128] = await Promise.all([loadFixtureSpec('1.13'), loadFixtureSpec('1.28')]);
});

describe('audit2rbac demo log of 2017 (audit.k8s.io/v1beta1) against the 1.13 spec', () => {
  let r: Report;
  const raw = readLines(AUDIT2RBAC_2017).map((l) => JSON.parse(l) as { verb: string; stage: string; requestURI: string; responseStatus?: { code: number } });
  const complete = raw.filter((e) => e.stage === 'ResponseComplete');
  /** Independent tally a person can redo with grep: ResponseComplete events of one verb whose path matches. */
  const tally = (verb: string, re: RegExp) => {
    const hits = complete.filter((e) => e.verb === verb && re.test(e.requestURI.split('?')[0]));
    const codes: Record<string, number> = {};
    for (const e of hits) codes[String(e.responseStatus?.code)] = (codes[String(e.responseStatus?.code)] ?? 0) + 1;
    return { hits: hits.length, codes };
  };
  beforeAll(async () => {
    r = await analyzeFiles([AUDIT2RBAC_2017], { spec: spec113, deprecations: await loadDeprecations() });
  });

  it('reads 757 events as 437 requests, all matched', () => {
    expect(r.summary).toMatchObject({ events: 757, requests: 437, selected: 437, matched: 437, unmatched: 0, invalidLines: 0 });
    expect(complete.length).toBe(437);
    expectAccounted(r);
  });

  it('19 stable operations (5 core, 14 RBAC) and 23 discovery operations, nothing beta or alpha beyond discovery', () => {
    expect(r.summary.byLevel).toEqual({ stable: { operations: 19, hits: 414 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } });
    expect(r.summary.discovery).toEqual({ operations: 23, hits: 23 });
    expect(r.summary.byGroup).toEqual({ core: { operations: 5, hits: 14 }, 'rbac.authorization.k8s.io': { operations: 14, hits: 400 } });
    expect(r.summary.byCategory).toEqual({ core: { operations: 5, hits: 14 }, rbacAuthorization: { operations: 14, hits: 400 } });
  });

  it.each([
    ['readRbacAuthorizationV1NamespacedRole', 'get', /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/namespaces\/[^/]+\/roles\/[^/]+$/],
    ['readRbacAuthorizationV1ClusterRole', 'get', /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterroles\/[^/]+$/],
    ['patchRbacAuthorizationV1ClusterRoleBinding', 'patch', /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterrolebindings\/[^/]+$/],
    ['createRbacAuthorizationV1NamespacedRoleBinding', 'create', /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/namespaces\/[^/]+\/rolebindings$/],
    ['listCoreV1NamespacedPod', 'list', /^\/api\/v1\/namespaces\/[^/]+\/pods$/],
    ['listCoreV1PodForAllNamespaces', 'list', /^\/api\/v1\/pods$/],
  ])('%s: hits and response codes equal a grep of the log', (operationId, verb, re) => {
    const op = r.operations.find((o) => o.operationId === operationId)!;
    const t = tally(verb, re);
    expect(t.hits).toBeGreaterThan(0);
    expect({ hits: op.hits, codes: op.codes }).toEqual(t);
  });

  it('keeps failed requests (403, 404): use is use', () => {
    expect(r.operations.find((o) => o.operationId === 'readRbacAuthorizationV1NamespacedRole')!.codes).toEqual({ '200': 28, '404': 30 });
    expect(r.operations.find((o) => o.operationId === 'listCoreV1Node')!.codes).toEqual({ '403': 2 });
  });

  it('names the impersonated users, not system:admin who impersonated them', () => {
    expect(r.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!.users).toEqual(['alice', 'bob', 'system:serviceaccount:ns1:sa1']);
    expect(r.operations.find((o) => o.operationId === 'createRbacAuthorizationV1ClusterRole')!.users).toEqual(['system:admin']);
    // The 2017 apiserver wrote no userAgent.
    expect(r.operations.every((o) => o.userAgents.length === 1 && o.userAgents[0] === '(none)')).toBe(true);
  });

  it('first and last seen come from the events (v1beta1 "timestamp")', () => {
    const op = r.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!;
    expect([op.firstSeen, op.lastSeen]).toEqual(['2017-09-11T19:55:05Z', '2017-09-11T20:28:54Z']);
  });

  it('a time that is no time ("yesterday") is not an operation\'s first or last seen; its request still counts', () => {
    // Every event of one listCoreV1NamespacedPod request given a timestamp of text that sorts after every date.
    const lines = readLines(AUDIT2RBAC_2017);
    const id = (JSON.parse(lines.find((l) => l.includes('"verb":"list"') && l.includes('/namespaces/default/pods"'))!) as { auditID: string }).auditID;
    const odd = lines.map((l) => (l.includes(`"auditID":"${id}"`) ? l.replace(/"timestamp":"[^"]*"/, '"timestamp":"yesterday"') : l));
    expect(odd.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(0);
    const changed = analyzeLines(odd, { spec: spec113 });
    expect(changed.summary).toMatchObject({ requests: r.summary.requests, matched: r.summary.matched });
    const op = changed.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!;
    expect(op.hits).toBe(r.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!.hits);
    expect(op.lastSeen).toMatch(/^2017-09-11T/);
  });
});

describe('audit2rbac demo log, v1 (37 events) against 1.13', () => {
  it('37 requests: 5 stable operations and 23 discovery operations; discovery of beta and alpha versions does not fail alpha,beta', async () => {
    const r = await analyzeFiles([AUDIT2RBAC_V1], { spec: spec113, policy: { failOn: ['alpha', 'beta'] } });
    expect(r.summary).toMatchObject({ events: 37, requests: 37, matched: 37, unmatched: 0, stable: 5, beta: 0, alpha: 0 });
    expectAccounted(r);
    const discovery = r.operations.filter((o) => o.discovery);
    expect(discovery.length).toBe(23);
    // kubectl read every group version it found, 12 of them beta and one alpha…
    expect(discovery.filter((o) => o.level === 'beta').length).toBe(12);
    expect(discovery.filter((o) => o.level === 'alpha').map((o) => o.operationId)).toEqual(['getAdmissionregistrationV1alpha1APIResources']);
    // …which is not use of those APIs.
    expect(r.verdict).toMatchObject({ pass: true, violations: [] });
  });
});

describe('audit2rbac demo log of 2017 with its role names percent-encoded, against 1.13', () => {
  // The apiserver decodes the path (Go's URL.Path) before RequestInfo and the router split it: an encoded slash
  // separates segments. kubectl escapes a name's "/" this way; no object is named so, and the apiserver reads
  // roles/audit2rbac%2Fbob as role audit2rbac's subresource bob (404), not as role "audit2rbac/bob".
  const lines = readLines(AUDIT2RBAC_2017);
  const encoded = lines.map((l) => l.replaceAll('/namespaces/default/roles/audit2rbac:bob"', '/namespaces/default/roles/audit2rbac%2Fbob"'));
  const changed = encoded.filter((l, i) => l !== lines[i]).map((l) => JSON.parse(l) as { stage: string; verb: string });

  it('the 88 requests on a role named with an encoded slash are unknown-resource, not the role operations', () => {
    const complete = changed.filter((e) => e.stage === 'ResponseComplete');
    expect(complete.length).toBe(88);
    const r = analyzeLines(encoded, { spec: spec113 });
    expectAccounted(r);
    expect(r.summary).toMatchObject({ requests: 437, matched: 437 - 88, unmatched: 88 });
    expect(r.unmatched.map(({ reason, verb, pattern, count, resource }) => ({ reason, verb, pattern, count, resource }))).toEqual([
      { reason: 'unknown-resource', verb: 'get', pattern: '/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}/bob', count: 58, resource: 'roles/bob' },
      { reason: 'unknown-resource', verb: 'delete', pattern: '/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}/bob', count: 30, resource: 'roles/bob' },
    ]);
    // The unencoded log's role reads and deletes are gone from the operations.
    expect(r.operations.map((o) => o.operationId)).not.toContain('readRbacAuthorizationV1NamespacedRole');
    expect(r.operations.map((o) => o.operationId)).not.toContain('deleteRbacAuthorizationV1NamespacedRole');
  });

  it('so they are with an escape elsewhere that is not UTF-8 (%FF, which Go decodes to a byte)', () => {
    const odd = encoded.map((l) => l.replaceAll('/namespaces/default/roles/audit2rbac%2Fbob"', '/namespaces/default%FF/roles/audit2rbac%2Fbob"'));
    const r = analyzeLines(odd, { spec: spec113 });
    expectAccounted(r);
    expect(r.summary).toMatchObject({ requests: 437, matched: 437 - 88, unmatched: 88 });
    expect(r.unmatched.map(({ reason, count }) => ({ reason, count }))).toEqual([
      { reason: 'unknown-resource', count: 58 },
      { reason: 'unknown-resource', count: 30 },
    ]);
  });
});

describe("APISnoop's test events (pretty-printed JSON, the broken ones included) against 1.28", () => {
  const files = readdirSync(APISNOOP_TESTDATA).sort().map((f) => path.join(APISNOOP_TESTDATA, f));

  it('five files, five requests (they share one auditID, each is complete): one matched, each broken one unmatched with its reason', async () => {
    expect(files.map((f) => path.basename(f))).toEqual([
      'audit_event.json',
      'audit_event_bad_verb.json',
      'audit_event_dummy_request.json',
      'audit_event_part_count_too_high.json',
      'bad_audit_event.json',
    ]);
    const r = await analyzeFiles(files, { spec: spec128 });
    expect(r.summary).toMatchObject({ events: 5, requests: 5, selected: 5, matched: 1, unmatched: 4, invalidLines: 0 });
    expectAccounted(r);
    expect(r.operations.map((o) => [o.operationId, o.hits, o.codes])).toEqual([['readCoreV1Node', 1, { '403': 1 }]]);
    expect(r.unmatched.map(({ reason, verb, pattern, count, resource }) => ({ reason, verb, pattern, count, resource }))).toEqual([
      // audit_event_bad_verb.json and bad_audit_event.json: verb "calebiscool" on /api/v1/nerds/…, a path the spec
      // does not serve whatever the verb. A verb no API server writes is said by its length, not quoted.
      { reason: 'unknown-resource', verb: '(a verb not known, of 11 characters)', pattern: '/api/v1/nerds/{name}', count: 2, resource: 'nerds' },
      // audit_event_dummy_request.json: /example.com/v1/nodes/… is no API path.
      { reason: 'non-resource-url', verb: 'get', pattern: '/example.com/v1/nodes/bootstrap-e2e-minion-group-9s5q', count: 1, resource: undefined },
      // audit_event_part_count_too_high.json: core v1 is served, "nerds" is not one of its resources.
      { reason: 'unknown-resource', verb: 'get', pattern: '/api/v1/nerds/{name}/fun/{path}', count: 1, resource: 'nerds/fun' },
    ]);
    expect(r.unmatched.every((u) => u.userAgents.join() === 'node-problem-detector/v0.8.9')).toBe(true);
  });
});

describe('a verb no apiserver writes, on the audit2rbac v1 log re-pointed, against 1.28', () => {
  it('the path is judged first: unknown group/version, unknown resource, non-resource URL; unknown-verb only on a path the spec serves', () => {
    const first = JSON.parse(readLines(AUDIT2RBAC_V1)[0]) as { auditID: string; verb: string; requestURI: string };
    expect([first.verb, first.requestURI]).toEqual(['list', '/api/v1/namespaces/default/pods']);
    const uris = [
      '/api/v1/namespaces/default/pods',
      '/api/v1/namespaces/default/nerds',
      '/apis/longhorn.io/v1beta2/namespaces/default/volumes',
      '/healthz',
    ];
    const lines = uris.map((requestURI, i) => JSON.stringify({ ...first, auditID: `${first.auditID}-${i}`, verb: 'frobnicate', requestURI }));
    const r = analyzeLines(lines, { spec: spec128 });
    expect(r.summary).toMatchObject({ requests: 4, matched: 0, unmatched: 4 });
    expectAccounted(r);
    // Listed by count, then reason, as every report lists them; the verb by its length (a log's verb can be anything).
    const frobnicate = '(a verb not known, of 10 characters)';
    expect(r.unmatched.map(({ reason, verb, pattern }) => [reason, verb, pattern])).toEqual([
      ['non-resource-url', frobnicate, '/healthz'],
      ['unknown-group-version', frobnicate, '/apis/longhorn.io/v1beta2/namespaces/{namespace}/volumes'],
      ['unknown-resource', frobnicate, '/api/v1/namespaces/{namespace}/nerds'],
      ['unknown-verb', frobnicate, '/api/v1/namespaces/{namespace}/pods'],
    ]);
    // report.md (the PR comment) shows it whole: its length is what it says (it was cut before it, "of 10…").
    expect(renderMarkdown(r).split('\n').filter((l) => l.includes('verb not known')).every((l) => l.includes('`(a verb not known, of 10 characters)`'))).toBe(true);
    expect(renderMarkdown(r)).toContain('`(a verb not known, of 10 characters)`');
    const long = analyzeLines([JSON.stringify({ ...first, verb: 'x'.repeat(150_000) })], { spec: spec128 });
    expect(renderMarkdown(long)).toContain('`(a verb not known, of 150,000 characters)`');
    // Verbs an API server writes are named: the empty one (RequestInfo's for a method it does not map), a lowercased method.
    const known = ['', 'put', 'deletecollection'].map((verb, i) => JSON.stringify({ ...first, auditID: `${first.auditID}-k${i}`, verb, requestURI: '/api/v1/namespaces/default/pods/p/exec' }));
    expect(analyzeLines(known, { spec: spec128 }).unmatched.map(({ reason, verb }) => [reason, verb])).toEqual([
      ['method-not-allowed', 'deletecollection'],
      ['method-not-allowed', 'put'],
      ['unknown-verb', ''],
    ]);
  });
});

describe('hkerma kubernetes-event-dataset (CSV of a kubeadm cluster, 2023-01-27) converted to audit events', () => {
  const conv = convertHkermaCsv(HKERMA_CSV);
  const events = conv.lines.map((l) => JSON.parse(l) as { auditID: string; stage: string; requestURI: string; responseStatus?: { code: number } });

  it('16,564 rows, 15 columns each except the last, which the source cuts mid-field', () => {
    expect(COLUMNS.length).toBe(15);
    expect(conv.rows).toBe(16564);
    expect(conv.lines.length).toBe(16563);
    expect(conv.truncated.length).toBe(1);
    const last = conv.truncated[0];
    expect(last.row).toBe(16564);
    expect(last.fields.length).toBe(10);
    // The auditID column is cut: a UUID has 36 characters.
    expect(last.fields[9]).toBe('aa19a29f-4f4e-4f05-a756-235678');
    // The quoted host column (JSON with doubled quotes, commas inside) parses whole.
    expect(JSON.parse(last.fields[0])).toEqual({ name: 'k8s-master-perfspec' });
  });

  /** Group versions of the 1.24 OpenAPI v3 documents ('v1' for core): what a 1.24 apiserver has built in. */
  const v124 = new Set(Object.keys(readFixtureJson<Record<string, unknown>>('openapi-v3', 'openapi-v3-1.24.json.gz')).map((k) => k.replace(/^apis?\//, '')));
  const builtinGroups = new Set([...v124].map((gv) => (gv === 'v1' ? '' : gv.split('/')[0])));

  it('the cluster is Kubernetes 1.24: the built-in group versions it serves are those of the 1.24 OpenAPI v3 documents', () => {
    const served = new Set<string>();
    for (const e of events) {
      const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/?$/.exec(e.requestURI.split('?')[0]);
      if (m && e.responseStatus?.code === 200) served.add(m[1] ?? m[2]);
    }
    // Everything of 1.24 but its alpha-only group (off by default) answered 200 …
    expect([...v124].filter((gv) => !served.has(gv))).toEqual(['internal.apiserver.k8s.io/v1alpha1']);
    // … including versions 1.25 removed (policy/v1beta1), and flowcontrol v1beta2 without the v1beta3 of 1.26.
    expect(served.has('policy/v1beta1') && served.has('flowcontrol.apiserver.k8s.io/v1beta2') && !served.has('flowcontrol.apiserver.k8s.io/v1beta3')).toBe(true);
  });

  it('of the v2 specs at hand (none of 1.22-1.27), 1.28 fits best: it misses 11 resource requests, the served 1.21 document 149', async () => {
    /** Unmatched requests to built-in resources (not discovery, not custom APIs, not /healthz and co). */
    const resourceMisses = (r: Report) =>
      r.unmatched
        .filter((u) => u.reason !== 'non-resource-url' && u.resource !== undefined && builtinGroups.has(u.group ?? '-'))
        .map((u) => `${u.reason} ${u.verb} ${u.pattern} ${u.count}`);
    const r128 = analyzeLines(conv.lines, { spec: spec128, selection: { includeSystem: true } });
    const r121 = analyzeLines(conv.lines, { spec: await loadFixtureSpec('1.21-served-kind'), selection: { includeSystem: true } });
    const count = (list: string[]) => list.reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    // 1.28 lacks what 1.25-1.27 removed: PodSecurityPolicy (policy/v1beta1) and CSIStorageCapacity v1beta1.
    expect(resourceMisses(r128).sort()).toEqual([
      'unknown-group-version create /apis/policy/v1beta1/podsecuritypolicies 1',
      'unknown-group-version deletecollection /apis/storage.k8s.io/v1beta1/namespaces/{namespace}/csistoragecapacities 1',
      'unknown-group-version get /apis/policy/v1beta1/podsecuritypolicies/{name} 1',
      'unknown-group-version list /apis/policy/v1beta1/podsecuritypolicies 1',
      'unknown-group-version list /apis/storage.k8s.io/v1beta1/csistoragecapacities 3',
      'unknown-group-version list /apis/storage.k8s.io/v1beta1/namespaces/{namespace}/csistoragecapacities 1',
      'unknown-group-version watch /apis/policy/v1beta1/podsecuritypolicies 1',
      'unknown-group-version watch /apis/storage.k8s.io/v1beta1/csistoragecapacities 2',
    ]);
    expect(count(resourceMisses(r128))).toBe(11);
    // 1.21 lacks what 1.22-1.24 added: flowcontrol v1beta2, autoscaling/v2, DELETE on the services collection.
    expect(count(resourceMisses(r121))).toBe(149);
    expect(new Set(resourceMisses(r121).map((l) => l.split(' ')[2].split('/').slice(0, 4).join('/')))).toEqual(
      new Set(['/apis/flowcontrol.apiserver.k8s.io/v1beta2', '/apis/autoscaling/v2', '/api/v1/namespaces']),
    );
  });

  describe('against 1.28, system components included', () => {
    let r: Report;
    beforeAll(async () => {
      r = analyzeLines(conv.lines, { spec: spec128, selection: { includeSystem: true }, deprecations: await loadDeprecations() }, 'audit-logs.csv');
    });

    it('16,563 events, 16,474 requests (the distinct auditIDs), every one matched or explained', () => {
      expect(new Set(events.map((e) => e.auditID)).size).toBe(16474);
      expect(r.summary).toMatchObject({ events: 16563, requests: 16474, selected: 16474, matched: 10524, unmatched: 5950, invalidLines: 0 });
      expectAccounted(r);
      expect(byReason(r)).toEqual({ 'non-resource-url': 290, 'unknown-group-version': 5660 });
    });

    it('the non-resource URLs are the health and metrics endpoints kubelets and probes poll', () => {
      const nonResource = Object.fromEntries(r.unmatched.filter((u) => u.reason === 'non-resource-url').map((u) => [u.pattern, u.count]));
      expect(nonResource).toEqual({ '/readyz': 250, '/livez': 24, '/openapi/v2': 9, '/metrics': 6, '/healthz': 1 });
      // /version is described by the spec: matched, not listed.
      expect(r.operations.find((o) => o.operationId === 'getCodeVersion')?.hits).toBe(30);
    });

    it('unknown group versions: 22 custom ones (CRDs the charts installed) and 9 built-ins removed between 1.24 and 1.28', async () => {
      const removed: Record<string, number> = {};
      const custom = new Set<string>();
      let customRequests = 0;
      for (const u of r.unmatched.filter((x) => x.reason === 'unknown-group-version')) {
        const gv = `${u.group}/${u.version}`;
        if (v124.has(gv)) removed[gv] = (removed[gv] ?? 0) + u.count;
        else {
          custom.add(gv);
          customRequests += u.count;
        }
      }
      expect(removed).toEqual({
        'autoscaling/v2beta1': 212,
        'autoscaling/v2beta2': 212,
        'batch/v1beta1': 212,
        'discovery.k8s.io/v1beta1': 212,
        'events.k8s.io/v1beta1': 213,
        'flowcontrol.apiserver.k8s.io/v1beta1': 212,
        'node.k8s.io/v1beta1': 212,
        'policy/v1beta1': 216,
        'storage.k8s.io/v1beta1': 219,
      });
      // Pluto confirms each was removed by 1.27.
      const pluto = [...(await loadDeprecations()).values()];
      for (const gv of Object.keys(removed)) {
        const entries = pluto.filter((e) => e.version === gv && e.removedIn !== null);
        expect(entries.length, gv).toBeGreaterThan(0);
        expect(entries.some((e) => Number(e.removedIn!.split('.')[1]) <= 27), gv).toBe(true);
      }
      expect(custom.size).toBe(22);
      expect(customRequests).toBe(3740);
      expect([...custom].filter((gv) => builtinGroups.has(gv.split('/')[0]) || gv.split('/')[0].endsWith('.k8s.io'))).toEqual([]);
    });
  });

  it('with the default selection the system components (controllers, scheduler, kubelets, kube-system SAs) are left out', () => {
    const r = analyzeLines(conv.lines, { spec: spec128 });
    // 4,431 requests of the components, and 262 of the kubelet's anonymous probes of /livez and /readyz.
    expect(r.summary).toMatchObject({ requests: 16474, selected: 11781 });
    expectAccounted(r);
    const users = new Set(r.operations.flatMap((o) => o.users));
    expect([...users].filter((u) => /^system:(kube-|node:|apiserver|serviceaccount:kube-system:)/.test(u))).toEqual([]);
    expect(users.has('kubernetes-admin')).toBe(true);
  });
});
