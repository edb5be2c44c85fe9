// Requests of Kubernetes APIs the analysed spec does not serve: matched against the shipped releases before it, on the
// real upstream specs. A removed beta API must be a removed beta operation (the verdict's rules), not an unmatched URI.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { csvParseRows } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceFromCoverage } from '../../src/engine/conformance.js';
import { deprecationTable, type DeprecationEntry, type DeprecationTable } from '../../src/engine/deprecations.js';
import { compareMinor } from '../../src/engine/deprecations.js';
import { OperationIndex } from '../../src/engine/operation-index.js';
import { catalogueText, EarlierOperations, parseCatalogue, type CatalogueData, type CatalogueEntry } from '../../src/engine/release-catalogue.js';
import type { Operation, Report } from '../../src/engine/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { Spec } from '../../src/engine/spec.js';
import { earlierOperations, loadSpecVersion, shippedCatalogue } from '../../src/sources/specs.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeLines, fixture, loadFixtureSpec } from '../helpers/fixtures.js';

/** The paths of an upstream spec fixture, read directly. */
const pathsOf = (file: string): Record<string, Record<string, unknown>> =>
  (JSON.parse(gunzipSync(readFileSync(fixture('openapi-v2', file))).toString('utf8')) as { paths: Record<string, Record<string, unknown>> }).paths;

const ev = (auditID: string, verb: string, requestURI: string): string =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID,
    stage: 'ResponseComplete',
    requestURI,
    verb,
    user: { username: 'system:serviceaccount:shop:operator' },
    userAgent: 'shop-operator/1.0',
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-05-01T10:00:00.000000Z',
  });

/** Pluto's table as shipped (data/deprecations.json). */
const shippedPluto = (): DeprecationTable => deprecationTable(JSON.parse(readFileSync(new URL('../../data/deprecations.json', import.meta.url), 'utf8')) as DeprecationEntry[]);

/** Every operation of the catalogue, over its group/versions. */
const entriesOf = (data: CatalogueData): CatalogueEntry[] => data.groupVersions.flatMap((gv) => data.operationsOf(gv)!);

const VAP = '/apis/admissionregistration.k8s.io/v1beta1/validatingadmissionpolicies';

describe('the shipped catalogue', () => {
  let spec128: Spec;
  beforeAll(async () => {
    spec128 = await loadSpecVersion('1.28');
  });

  it('says which releases serve each operation, as the upstream specs do', () => {
    const data = shippedCatalogue()!;
    expect(data.releases).toEqual(['1.13', '1.21', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    // 1.21 is the document a kind cluster served: what it holds was served, what it lacks proves nothing.
    expect(data.clusterServed).toEqual(['1.21']);
    const fileOf = (r: string): string => (data.clusterServed.includes(r) ? `swagger-${r}-served-kind.json.gz` : `swagger-${r}.json.gz`);
    // Independently: which fixture specs hold the path.
    for (const [id, path] of [
      ['listAdmissionregistrationV1beta1ValidatingAdmissionPolicy', VAP],
      ['listNetworkingV1beta1NamespacedIngress', '/apis/networking.k8s.io/v1beta1/namespaces/{namespace}/ingresses'],
    ]) {
      const list = entriesOf(data).find((o) => o.op.operationId === id)!;
      expect(list.served, id).toEqual(data.releases.filter((r) => pathsOf(fileOf(r))[path]?.get !== undefined));
    }
    expect(entriesOf(data).find((o) => o.op.operationId === 'listAdmissionregistrationV1beta1ValidatingAdmissionPolicy')!.served).toEqual(['1.28', '1.30', '1.31', '1.32', '1.33']);
    // Ingress v1beta1 came in 1.14 and went in 1.22: between 1.13 and 1.28, only kind's 1.21 holds it.
    expect(entriesOf(data).find((o) => o.op.operationId === 'listNetworkingV1beta1NamespacedIngress')!.served).toEqual(['1.21']);
  });

  it('a gap in the cluster-served 1.21 removes nothing: an operation of 1.13 and 1.28 it lacks stays served between them', () => {
    const data = shippedCatalogue()!;
    const served121 = pathsOf('swagger-1.21-served-kind.json.gz');
    const absent = entriesOf(data).find((o) => o.served.includes('1.13') && o.served.includes('1.28') && !served121[o.op.path])!;
    // As of 1.25, between the cluster-served 1.21 and 1.28: not removed (it was only not enabled on that cluster).
    expect(new EarlierOperations(data, '1.25').servedOf(absent.op)).toEqual({ lastServed: '1.13', removedIn: null });
    // Served by 1.21 and not by 1.28: removed by 1.28 at the latest, last served in 1.21.
    const ingress = entriesOf(data).find((o) => o.op.operationId === 'listNetworkingV1beta1NamespacedIngress')!.op;
    expect(new EarlierOperations(data, '1.28').servedOf(ingress)).toEqual({ lastServed: '1.21', removedIn: '1.28' });
    expect(new EarlierOperations(data, '1.25').servedOf(ingress)).toEqual({ lastServed: '1.21', removedIn: '1.25' });
    expect(new EarlierOperations(data, '1.21').servedOf(ingress)).toEqual({ lastServed: '1.21', removedIn: null });
    // Not shipped as a release: a removal "in 1.21" from its document says only that this cluster lacked it.
    expect(new EarlierOperations(data, '1.21').releaseShipped).toBe(false);
    expect(new EarlierOperations(data, '1.28').releaseShipped).toBe(true);
  });

  it('removed APIs of 1.14 to 1.27 that only kind 1.21 serves fail the removed rule against 1.28, each with the release Pluto names unless 1.28 belies it', () => {
    const deprecations = shippedPluto();
    const uris: Array<[string, string, string, string]> = [
      ['create', '/apis/networking.k8s.io/v1beta1/namespaces/shop/ingresses', 'createNetworkingV1beta1NamespacedIngress', '1.22'],
      ['list', '/apis/networking.k8s.io/v1beta1/ingressclasses', 'listNetworkingV1beta1IngressClass', '1.22'],
      ['list', '/apis/discovery.k8s.io/v1beta1/namespaces/shop/endpointslices', 'listDiscoveryV1beta1NamespacedEndpointSlice', '1.25'],
      ['get', '/apis/node.k8s.io/v1beta1/runtimeclasses/gvisor', 'readNodeV1beta1RuntimeClass', '1.25'],
      // Pluto says 1.29, which 1.28 (not serving it) belies: the analysed release bounds it.
      ['list', '/apis/flowcontrol.apiserver.k8s.io/v1beta1/flowschemas', 'listFlowcontrolApiserverV1beta1FlowSchema', '1.28'],
      ['list', '/apis/storage.k8s.io/v1beta1/csidrivers', 'listStorageV1beta1CSIDriver', '1.22'],
      ['list', '/apis/storage.k8s.io/v1beta1/namespaces/shop/csistoragecapacities', 'listStorageV1beta1NamespacedCSIStorageCapacity', '1.27'],
    ];
    const lines = uris.map(([verb, uri], i) => ev(`r${i}`, verb, uri));
    const policy = { failOn: ['removed' as const], allow: [] };
    // Before kind's 1.21 was in the catalogue: every one unmatched, and the removed rule passed.
    const without = analyzeLines(lines, { spec: spec128, policy, deprecations });
    expect(without.summary.unmatched).toBe(uris.length);
    expect(without.verdict.pass).toBe(true);
    const r = analyzeLines(lines, { spec: spec128, policy, deprecations, earlier: earlierOperations('1.28') });
    expect(r.summary).toMatchObject({ matched: uris.length, unmatched: 0 });
    expect(r.verdict.pass).toBe(false);
    const got = r.operations.map((o) => [o.operationId, o.removedIn, o.deprecation?.source, o.lastServedIn]).sort();
    expect(got).toEqual(uris.map(([, , id, removed]) => [id, removed, removed === '1.28' ? 'earlier-spec' : 'pluto', '1.21']).sort());
    expect(r.verdict.violations.map((v) => v.operationId).sort()).toEqual(uris.map(([, , id]) => id).sort());
  });

  it('as of 1.36: a VAP v1beta1 request is the 1.33 operation, removed in 1.34', () => {
    const e = new EarlierOperations(shippedCatalogue()!, '1.36');
    const op = e.match('list', `${VAP}?limit=500`)!;
    expect(op).toMatchObject({ operationId: 'listAdmissionregistrationV1beta1ValidatingAdmissionPolicy', level: 'beta', group: 'admissionregistration.k8s.io', version: 'v1beta1' });
    expect(e.servedOf(op)).toEqual({ lastServed: '1.33', removedIn: '1.34' });
    // A custom resource is none of these.
    expect(e.match('list', '/apis/demo.example.com/v1alpha1/widgets')).toBeNull();
  });

  it('an operation a later release still serves is not removed, only not served by this cluster (kind 1.21, no alpha groups)', () => {
    const data = shippedCatalogue()!;
    const served121 = pathsOf('swagger-1.21-served-kind.json.gz');
    // Served by 1.13 and again by 1.28, absent from the cluster's own 1.21 document.
    const absent = entriesOf(data).find((o) => o.served.includes('1.13') && o.served.includes('1.28') && !served121[o.op.path]);
    expect(absent).toBeDefined();
    const e = new EarlierOperations(data, '1.21');
    expect(e.servedOf(absent!.op)).toEqual({ lastServed: '1.13', removedIn: null });
    // Served by 1.13 only: gone by the cluster's release at the latest (no shipped release between).
    const gone = entriesOf(data).find((o) => o.served.length === 1 && o.served[0] === '1.13' && !served121[o.op.path])!;
    expect(e.servedOf(gone.op)).toEqual({ lastServed: '1.13', removedIn: '1.21' });
  });
});

describe('indexed a group/version at a time', () => {
  // The reference: every operation served up to the release (the latest release's copy of each method and path) in
  // one index, as the catalogue was read before it was split by group/version.
  const whole = (data: CatalogueData, release: string): OperationIndex => {
    const upTo = data.releases.filter((r) => compareMinor(r, release) <= 0);
    const byPath = new Map<string, { op: Operation; last: string }>();
    for (const { op, served } of entriesOf(data)) {
      const last = served.filter((r) => upTo.includes(r)).sort(compareMinor).at(-1);
      if (!last) continue;
      const had = byPath.get(`${op.method} ${op.path}`);
      if (!had || compareMinor(last, had.last) > 0) byPath.set(`${op.method} ${op.path}`, { op, last });
    }
    return new OperationIndex([...byPath.values()].map((x) => x.op));
  };
  const VERB: Record<string, string> = { get: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete', head: 'head', options: 'options' };

  it.each(['1.13', '1.21', '1.33', '1.36'])('as of %s: every operation of every shipped release matches as one index over them all would', (release) => {
    const data = shippedCatalogue()!;
    const reference = whole(data, release);
    const requests: Array<[string, string]> = [];
    for (const { op } of entriesOf(data)) {
      const uri = op.path.replace(/\{[^}]+\}/g, (p) => (p === '{path}' || p === '{logpath}' ? 'a/b' : 'x'));
      requests.push([VERB[op.method] ?? op.method, uri], ['get', uri], ['list', `/${uri}?watch=1`], ['delete', `${uri}/extra`]);
    }
    // Paths the apiserver reads as it does ('//api', '%2F', trailing slashes), group discovery, custom resources.
    for (const uri of ['/apis', '/apis/', '/api', '/apis/extensions', '/apis/extensions/v1beta1/', '/apis/demo.example.com/v1/widgets', '/apis/apps%2Fv1/x', '/', '/logs/kubelet.log', '/version'])
      requests.push(['get', uri]);
    const e = new EarlierOperations(data, release);
    let matched = 0;
    for (const [verb, uri] of requests) {
      const want = reference.match(verb, uri).operation ?? null;
      expect(e.match(verb, uri), `${verb} ${uri}`).toBe(want);
      if (want) matched++;
    }
    expect(matched).toBeGreaterThan(entriesOf(data).length / 2);
  });

  it('reads a line whatever the order of its fields, and says nothing of a group/version it does not hold', () => {
    const op = { operationId: 'listDemoV1Widget', method: 'get', path: '/apis/demo.io/v1/widgets' } as Operation;
    const text = catalogueText(['1.30'], [{ op, served: ['1.30'] }]);
    expect(parseCatalogue(text).operationsOf('apis/demo.io/v1')).toEqual([{ op, served: ['1.30'] }]);
    const reordered = text.split('\n')[0] + '\n' + JSON.stringify({ operations: [{ op, served: ['1.30'] }], groupVersion: 'apis/demo.io/v1' }) + '\n';
    expect(parseCatalogue(reordered).operationsOf('apis/demo.io/v1')).toEqual([{ op, served: ['1.30'] }]);
    expect(parseCatalogue(text).operationsOf('apis/demo.io/v2')).toBeUndefined();
    expect(() => catalogueText(['1.30'], [{ op: { ...op, path: '/apis/{group}/v1/x' }, served: ['1.30'] }])).toThrow(/parameter in its group\/version/);
  });

  it('says what an operation is without a request of its group/version first (the main thread, after workers matched)', () => {
    const data = shippedCatalogue()!;
    const scale = entriesOf(data).find((o) => o.op.operationId === 'readExtensionsV1beta1NamespacedDeploymentScale')!.op;
    const e = new EarlierOperations(data, '1.36');
    expect(e.servedOf(scale)).toEqual({ lastServed: '1.13', removedIn: '1.28' });
    // Pluto names a subresource by its parent object's kind, found among its group/version's operations.
    expect(e.objectKinds(scale).get('/apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name}')).toBe('Deployment');
    expect(e.servedOf({ operationId: 'listDemoV1Widget', method: 'get', path: '/apis/demo.example.com/v1/widgets' })).toBeUndefined();
  });
});

describe('analysis with the earlier releases', () => {
  let spec136: Spec;
  let spec113: Spec;
  beforeAll(async () => {
    spec136 = await loadSpecVersion('1.36');
    spec113 = await loadFixtureSpec('1.13');
  });

  it('a removed beta API fails removed and beta with the default release; without the catalogue it was unmatched and passed', () => {
    const lines = [ev('a', 'list', VAP), ev('b', 'create', VAP), ev('c', 'list', '/api/v1/namespaces/shop/pods')];
    const policy = { failOn: ['removed' as const, 'beta' as const], allow: [] };
    const before = analyzeLines(lines, { spec: spec136, policy });
    expect(before.summary).toMatchObject({ matched: 1, unmatched: 2 });
    expect(before.verdict.pass).toBe(true);
    const r = analyzeLines(lines, { spec: spec136, policy, earlier: earlierOperations('1.36') });
    expect(r.summary).toMatchObject({ selected: 3, matched: 3, unmatched: 0 });
    expect(r.verdict.pass).toBe(false);
    expect(r.verdict.violations.map((v) => [v.operationId, v.rules])).toEqual([
      ['listAdmissionregistrationV1beta1ValidatingAdmissionPolicy', ['removed', 'beta']],
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', ['removed', 'beta']],
    ]);
    const list = r.operations.find((o) => o.operationId === 'listAdmissionregistrationV1beta1ValidatingAdmissionPolicy')!;
    expect(list).toMatchObject({ removedIn: '1.34', lastServedIn: '1.33', deprecation: { source: 'earlier-spec', removedIn: '1.34' }, hits: 1 });
    expect(r.verdict.violations[0].why).toMatch(/^removed in Kubernetes 1\.34; use admissionregistration\.k8s\.io\/v1; beta API/);
    // Gone already: counted apart from what a later release removes (removedSoon keeps its meaning), and only the
    // operations the spec does not serve say lastServedIn.
    expect(r.summary).toMatchObject({ removedSoon: 0, removedAlready: 2 });
    expect(r.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')).not.toHaveProperty('lastServedIn');
  });

  it('an alpha API the cluster lacks but its release serves is removed later, not gone: by the release analysed, or its coverage data', async () => {
    // A 1.30 cluster without alpha APIs (its spec as served), 1.31 checked for removals.
    const spec130 = await loadSpecVersion('1.30');
    const noAlpha: Spec = { ...spec130, source: '1.30 without alpha', operations: spec130.operations.filter((o) => !/alpha/.test(o.version ?? '')) };
    const laterSpecs = [await loadSpecVersion('1.31')];
    const lines = [ev('c', 'list', '/apis/networking.k8s.io/v1alpha1/servicecidrs'), ev('v', 'list', VAP)];
    const r = analyzeLines(lines, { spec: noAlpha, laterSpecs, earlier: earlierOperations('1.30') });
    const cidr = r.operations.find((o) => o.operationId === 'listNetworkingV1alpha1ServiceCIDR')!;
    expect(cidr).toMatchObject({ lastServedIn: '1.30', removedIn: '1.31' });
    expect(r.summary).toMatchObject({ removedSoon: 1, removedAlready: 0 });
    // A 1.21 cluster (kind's served spec, no alpha groups): the catalogue knows only 1.13 before it, but APISnoop's
    // 1.21 coverage lists the alpha VolumeAttachment endpoint, so 1.21 serves it upstream: not removed.
    const spec121 = await loadFixtureSpec('1.21-served-kind');
    const conformance = conformanceFromCoverage(JSON.parse(gunzipSync(readFileSync(fixture('apisnoop', 'coverage-1.21.0.json.gz'))).toString('utf8')), 'coverage-1.21');
    const va = [ev('a', 'list', '/apis/storage.k8s.io/v1alpha1/volumeattachments')];
    const without = analyzeLines(va, { spec: spec121, earlier: earlierOperations('1.21') });
    expect(without.operations[0]).toMatchObject({ operationId: 'listStorageV1alpha1VolumeAttachment', lastServedIn: '1.13', removedIn: '1.21' });
    const withData = analyzeLines(va, { spec: spec121, conformance, earlier: earlierOperations('1.21') });
    expect(withData.operations[0]).toMatchObject({ operationId: 'listStorageV1alpha1VolumeAttachment', lastServedIn: '1.21', removedIn: null });
    expect(withData.summary).toMatchObject({ removedSoon: 0, removedAlready: 0 });
  });

  it('a removal the shipped releases only bound (1.21 then 1.28, no Pluto entry) is said as such', () => {
    const lines = [ev('s', 'create', '/apis/authorization.k8s.io/v1beta1/subjectaccessreviews')];
    const r = analyzeLines(lines, { spec: spec136, policy: { failOn: ['removed'], allow: [] }, earlier: earlierOperations('1.36') });
    const sar = r.operations[0];
    expect(sar).toMatchObject({ operationId: 'createAuthorizationV1beta1SubjectAccessReview', lastServedIn: '1.21', removedIn: '1.28' });
    // With what to move to: the stable version of the group and kind that 1.36 serves.
    expect(r.verdict.violations[0].why).toMatch(/^gone by Kubernetes 1\.28 \(last served in 1\.21\); use authorization\.k8s\.io\/v1; beta API/);
  });

  it('the 2017 log (Kubernetes 1.7, its requests moved to removed APIs) against 1.36: what 1.36 no longer serves is what 1.13 matched', async () => {
    const lines = deriveRemovedApiLog();
    const deprecations = deprecationTable(JSON.parse(readFileSync(new URL('../../data/deprecations.json', import.meta.url), 'utf8')) as DeprecationEntry[]);
    const selection = { includeSystem: true };
    const plain = analyzeLines(lines, { spec: spec136, selection, deprecations });
    const r = analyzeLines(lines, { spec: spec136, selection, deprecations, earlier: earlierOperations('1.36') });
    const old = analyzeLines(lines, { spec: spec113, selection, deprecations });
    expect(r.summary.selected).toBe(plain.summary.selected);
    expect(r.summary.matched + r.summary.unmatched).toBe(r.summary.selected);
    const ids136 = new Set(spec136.operations.map((o) => o.operationId));
    const earlierOps = r.operations.filter((o) => !ids136.has(o.operationId));
    expect(earlierOps.length).toBeGreaterThan(0);
    // Each is the operation the 1.13 spec matched, with the same hits; the requests it took left unmatched.
    const hits = earlierOps.reduce((n, o) => n + o.hits, 0);
    expect(plain.summary.unmatched - r.summary.unmatched).toBe(hits);
    for (const o of earlierOps) {
      const then = old.operations.find((x) => x.operationId === o.operationId && x.method === o.method);
      expect(then?.hits, o.operationId).toBe(o.hits);
    }
    const deploy = r.operations.find((o) => o.operationId === 'readExtensionsV1beta1NamespacedDeployment')!;
    expect(deploy).toMatchObject({ removedIn: '1.16', deprecation: { source: 'pluto', removedIn: '1.16', replacement: 'apps/v1' } });
    // Every earlier operation not also served later is removed by 1.36 at the latest.
    for (const o of earlierOps.filter((x) => !x.discovery)) expect(o.removedIn, o.operationId).not.toBeNull();
  });
});

describe('removals the shipped releases only bound', () => {
  const CR = '/apis/apps/v1beta1/namespaces/default/controllerrevisions';
  const DISCOVERY = ['storage.k8s.io', 'certificates.k8s.io', 'apps'].map((g, i) => ev(`d${i}`, 'get', `/apis/${g}/v1beta1`));
  const discoveryIds = ['getStorageV1beta1APIResources', 'getCertificatesV1beta1APIResources', 'getAppsV1beta1APIResources'];
  const specs = new Map<string, Spec>();
  const spec = (v: string): Spec => specs.get(v)!;
  beforeAll(async () => {
    for (const v of ['1.13', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']) specs.set(v, await loadSpecVersion(v));
  });
  const laterThan = (v: string): Spec[] => [...specs.values()].filter((s) => compareMinor(s.kubernetesVersion, v) > 0);

  it('a later spec lacking the operation, with releases skipped before it: "gone by", with the last release serving it in report.json', () => {
    // apps/v1beta1 went in 1.16; the shipped releases after 1.13 start at 1.28. Given out of order, checked in order.
    const laterSpecs = ['1.36', '1.30', '1.28'].map(spec);
    const r = analyzeLines([ev('a', 'list', CR)], { spec: spec('1.13'), laterSpecs, policy: { failOn: ['removed'], allow: [] }, earlier: earlierOperations('1.13') });
    expect(r.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13', '1.28', '1.30', '1.36']);
    const op = r.operations[0];
    expect(op).toMatchObject({ operationId: 'listAppsV1beta1NamespacedControllerRevision', removedIn: '1.28', deprecation: { source: 'later-spec', removedIn: '1.28', lastServedIn: '1.13' } });
    // The spec serves it: the operation's own lastServedIn stays for operations it does not.
    expect(op).not.toHaveProperty('lastServedIn');
    expect(r.summary).toMatchObject({ removedSoon: 1, removedAlready: 0 });
    expect(r.verdict.violations[0].why).toMatch(/^gone by Kubernetes 1\.28 \(last served in 1\.13\); use apps\/v1; beta API/);
    // Worded as the same request against 1.28 is, where the earlier releases say it.
    const at128 = analyzeLines([ev('a', 'list', CR)], { spec: spec('1.28'), laterSpecs: laterThan('1.28'), policy: { failOn: ['removed'], allow: [] }, earlier: earlierOperations('1.28') });
    expect(at128.operations[0]).toMatchObject({ removedIn: '1.28', lastServedIn: '1.13', deprecation: { source: 'earlier-spec' } });
    expect(at128.verdict.violations[0].why).toBe(r.verdict.violations[0].why);
    // The renderings: report.md's risk table and the endpoints CSV's last served in.
    expect(renderMarkdown(r)).toContain('| by 1.28 \\(last served in 1.13\\) |');
    // On the release that removed it, and on a later one: said of the removal, not of the last release serving it
    // ("by 1.28, last served in 1.13 (this release)" on a 1.28 report read as 1.13).
    expect(renderMarkdown(at128)).toContain('| by 1.28 \\(this release; last served in 1.13\\) |');
    const at130 = analyzeLines([ev('a', 'list', CR)], { spec: spec('1.30'), earlier: earlierOperations('1.30') });
    expect(renderMarkdown(at130)).toContain('| by 1.28 \\(already gone in 1.30; last served in 1.13\\) |');
    const rows = csvParseRows(renderCsv('app-usage-endpoints', [{ name: 'a', report: r }]));
    const col = rows[0].indexOf('last served in');
    expect(rows[1][rows[0].indexOf('removed in')]).toBe('1.28');
    expect(rows[1][col]).toBe('1.13');
  });

  it('the last release serving it is the latest later spec before the gap; next to the removal, the release is exact', () => {
    // ValidatingAdmissionPolicy v1beta1: served 1.28 to 1.33, gone in 1.34.
    const VAP = '/apis/admissionregistration.k8s.io/v1beta1/validatingadmissionpolicies';
    const run = (later: string[]): Report => analyzeLines([ev('v', 'list', VAP)], { spec: spec('1.28'), laterSpecs: later.map(spec), policy: { failOn: ['removed'], allow: [] } });
    const skipped = run(['1.36', '1.30']);
    expect(skipped.operations[0]).toMatchObject({ removedIn: '1.36', deprecation: { source: 'later-spec', removedIn: '1.36', lastServedIn: '1.30' } });
    expect(skipped.verdict.violations[0].why).toMatch(/^gone by Kubernetes 1\.36 \(last served in 1\.30\)/);
    const exact = run(['1.34', '1.30', '1.33']);
    expect(exact.operations[0]).toMatchObject({ removedIn: '1.34', deprecation: { source: 'later-spec', removedIn: '1.34' } });
    expect(exact.operations[0].deprecation).not.toHaveProperty('lastServedIn');
    expect(exact.verdict.violations[0].why).toMatch(/^removed in Kubernetes 1\.34;/);
    expect(renderMarkdown(exact)).toContain('| 1.34 |');
    const rows = csvParseRows(renderCsv('app-usage-endpoints', [{ name: 'a', report: exact }]));
    expect(rows[1][rows[0].indexOf('last served in')]).toBe('');
  });

  it('a group/version a later release brings back was still removed: storage and certificates v1beta1 discovery against 1.28 and 1.30', () => {
    const data = shippedCatalogue()!;
    const served = (id: string): string[] => entriesOf(data).find((o) => o.op.operationId === id)!.served;
    // Served up to 1.21, then again from 1.31 (storage) and 1.33 (certificates); apps/v1beta1 went before 1.21.
    expect(served('getStorageV1beta1APIResources')).toEqual(['1.13', '1.21', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(served('getCertificatesV1beta1APIResources')).toEqual(['1.13', '1.21', '1.33', '1.34', '1.35', '1.36']);
    expect(served('getAppsV1beta1APIResources')).toEqual(['1.13']);
    for (const release of ['1.28', '1.30']) {
      const r = analyzeLines(DISCOVERY, { spec: spec(release), laterSpecs: laterThan(release), earlier: earlierOperations(release) });
      expect(r.operations.map((o) => o.operationId).sort()).toEqual([...discoveryIds].sort());
      // No Pluto table here: the shipped releases bound each removal.
      for (const o of r.operations) {
        const last = o.operationId === 'getAppsV1beta1APIResources' ? '1.13' : '1.21';
        expect([release, o.operationId, o.removedIn, o.lastServedIn, o.deprecation]).toEqual([release, o.operationId, '1.28', last, { source: 'earlier-spec', removedIn: '1.28' }]);
      }
      // With Pluto's table, a group/version's discovery goes with the last of its kinds: apps/v1beta1 in 1.16,
      // certificates.k8s.io/v1beta1 in 1.22; storage.k8s.io/v1beta1 lists VolumeAttributesClass with no removal.
      const withPluto = analyzeLines(DISCOVERY, { spec: spec(release), laterSpecs: laterThan(release), earlier: earlierOperations(release), deprecations: shippedPluto() });
      expect(Object.fromEntries(withPluto.operations.map((o) => [o.operationId, [o.removedIn, o.deprecation?.source]]))).toEqual({
        getAppsV1beta1APIResources: ['1.16', 'pluto'],
        getCertificatesV1beta1APIResources: ['1.22', 'pluto'],
        getStorageV1beta1APIResources: ['1.28', 'earlier-spec'],
      });
    }
  });

  it('only the shipped releases either side of an unshipped one keep an operation it lacks unremoved', () => {
    const data = shippedCatalogue()!;
    const op = (id: string): Operation => entriesOf(data).find((o) => o.op.operationId === id)!.op;
    // As of 1.29 (between 1.28 and 1.30): VAP v1beta1, served by both, is only not served by this cluster.
    expect(new EarlierOperations(data, '1.29').servedOf(op('listAdmissionregistrationV1beta1ValidatingAdmissionPolicy'))).toEqual({ lastServed: '1.28', removedIn: null });
    // storage.k8s.io/v1beta1 discovery as of 1.30: 1.31 serves it again, but 1.28 and 1.30 did not.
    expect(new EarlierOperations(data, '1.30').servedOf(op('getStorageV1beta1APIResources'))).toEqual({ lastServed: '1.21', removedIn: '1.28' });
    expect(new EarlierOperations(data, '1.32').servedOf(op('getCertificatesV1beta1APIResources'))).toEqual({ lastServed: '1.21', removedIn: '1.28' });
  });
});
