// Removals, deprecations and the verdict, on the 2017 audit2rbac log re-pointed at APIs 1.13 served and later releases
// removed (see deriveRemovedApiLog for which paths became which).
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeprecationTable } from '../../src/engine/deprecations.js';
import type { OperationUsage, Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { FailOnError, judge, parseFailOn } from '../../src/engine/verdict.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { earlierOperations, loadDeprecations } from '../../src/sources/specs.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeLines, AUDIT2RBAC_2017, loadFixtureSpec, readLines } from '../helpers/fixtures.js';

const lines = deriveRemovedApiLog();
let spec113: Spec;
let later: Spec[];
let pluto: DeprecationTable;
let r: Report;
const op = (id: string): OperationUsage => {
  const found = r.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`${id} not in the report`);
  return found;
};

beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
  later = await Promise.all(['1.21-served-kind', '1.28', '1.36'].map(loadFixtureSpec));
  pluto = await loadDeprecations();
  r = analyzeLines(lines, { spec: spec113, laterSpecs: later, deprecations: pluto, policy: { failOn: ['removed'] } });
});

describe('the derived log maps to the removed APIs of 1.13', () => {
  it('all 437 requests still match, now on extensions/v1beta1, policy/v1beta1 and rbac v1beta1', () => {
    expect(r.summary).toMatchObject({ requests: 437, matched: 437, unmatched: 0 });
    expect(op('readExtensionsV1beta1NamespacedDeployment').hits).toBe(58);
    expect(op('readPolicyV1beta1PodSecurityPolicy').hits).toBe(49);
    expect(op('readExtensionsV1beta1NamespacedDeploymentScale').hits).toBe(30);
    expect(op('patchRbacAuthorizationV1beta1ClusterRoleBinding').hits).toBe(30);
    expect(r.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13', '1.21', '1.28', '1.36']);
  });
});

describe('removedIn: the earliest of Pluto, the audit annotation and the later specs, with its source named', () => {
  it('extensions/v1beta1 Deployment: Pluto says removed in 1.16 (the later specs only say "gone by 1.21")', () => {
    for (const id of ['readExtensionsV1beta1NamespacedDeployment', 'createExtensionsV1beta1NamespacedDeployment', 'deleteExtensionsV1beta1NamespacedDeployment']) {
      expect(op(id)).toMatchObject({ removedIn: '1.16', deprecated: true, deprecation: { source: 'pluto', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' } });
    }
  });

  it('policy/v1beta1 PodSecurityPolicy: removed in 1.25, and not yet deprecated in 1.13 (deprecated in 1.21)', () => {
    expect(op('patchPolicyV1beta1PodSecurityPolicy')).toMatchObject({ removedIn: '1.25', deprecated: false, deprecation: { source: 'pluto', deprecatedIn: '1.21' } });
  });

  it("a subresource goes with its parent: deployments/{name}/scale (schema kind autoscaling/v1 Scale) is Pluto's extensions/v1beta1 Deployment", () => {
    expect(op('readExtensionsV1beta1NamespacedDeploymentScale')).toMatchObject({
      kind: 'Scale',
      removedIn: '1.16',
      deprecated: true,
      deprecation: { source: 'pluto', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
    });
  });

  it("the apiserver's annotations: deprecated, and removed in the release they name", () => {
    // Pluto agrees (rbac v1beta1 removed in 1.22): on a tie the exact sources win over a later spec.
    expect(op('patchRbacAuthorizationV1beta1ClusterRoleBinding')).toMatchObject({ removedIn: '1.22', deprecated: true });
    // The shipped releases, as analyze gives them: they say extensions is Kubernetes' group (the served 1.21 document
    // names its cluster's custom groups too, so its own groups are not taken as Kubernetes').
    const noPluto = analyzeLines(lines, { spec: spec113, laterSpecs: later, earlier: earlierOperations('1.13') });
    const crb = noPluto.operations.find((o) => o.operationId === 'patchRbacAuthorizationV1beta1ClusterRoleBinding')!;
    expect(crb).toMatchObject({ removedIn: '1.22', deprecated: true, deprecation: { source: 'audit-annotation', removedIn: '1.22' } });
    // Without Pluto, extensions/v1beta1 Deployment falls back to the later specs: absent from the served 1.21 document.
    expect(noPluto.operations.find((o) => o.operationId === 'readExtensionsV1beta1NamespacedDeployment')).toMatchObject({
      removedIn: '1.21',
      deprecation: { source: 'later-spec' },
    });
  });

  it('operations still served in 1.36 have no removal', () => {
    expect(op('createRbacAuthorizationV1NamespacedRoleBinding')).toMatchObject({ removedIn: null, deprecation: null });
    expect(op('listCoreV1NamespacedPod').removedIn).toBeNull();
  });

  it('only later releases count: a later spec older than the analysed one is ignored', async () => {
    const same = analyzeLines(lines.slice(0, 40), { spec: spec113, laterSpecs: [await loadFixtureSpec('1.13')] });
    expect(same.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13']);
    expect(same.operations.every((o) => o.removedIn === null)).toBe(true);
  });

  it('summary counts the operations with a removal, discovery excluded', () => {
    const removedNonDiscovery = r.operations.filter((o) => !o.discovery && o.removedIn !== null).length;
    // 3 Deployment + 4 PodSecurityPolicy + 1 Scale + 4 rbac v1beta1 ClusterRoleBinding operations.
    expect(removedNonDiscovery).toBe(12);
    expect(r.summary.removedSoon).toBe(12);
  });
});

describe('verdict', () => {
  it('--fail-on removed fails, naming each removed operation with its release, replacement, hits and callers', () => {
    expect(r.verdict.pass).toBe(false);
    expect(r.verdict.violations.map((v) => [v.operationId, v.rule, v.hits])).toEqual(
      r.operations.filter((o) => !o.discovery && o.removedIn).map((o) => [o.operationId, 'removed', o.hits]),
    );
    const v = r.verdict.violations.find((x) => x.operationId === 'readExtensionsV1beta1NamespacedDeployment')!;
    expect(v).toMatchObject({ method: 'get', path: '/apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name}', level: 'beta', callers: ['(none)'] });
    expect(v.why).toContain('removed in Kubernetes 1.16; use apps/v1');
  });

  it('discovery never fails the verdict, even of a removed or alpha group version', () => {
    const discoveryRemoved = r.operations.filter((o) => o.discovery && o.removedIn);
    expect(discoveryRemoved.map((o) => o.operationId)).toContain('getExtensionsV1beta1APIResources');
    expect(discoveryRemoved.find((o) => o.operationId === 'getAdmissionregistrationV1alpha1APIResources')?.level).toBe('alpha');
    const all = judge(r.operations, { failOn: ['alpha', 'beta', 'deprecated', 'removed'], allow: [] }, r);
    expect(all.violations.filter((v) => r.operations.find((o) => o.operationId === v.operationId)!.discovery)).toEqual([]);
  });

  it('--allow exempts groups and operationIds', () => {
    const groups = judge(r.operations, { failOn: ['removed'], allow: ['extensions'] }, r);
    expect(new Set(groups.violations.map((v) => v.path.split('/')[2]))).toEqual(new Set(['policy', 'rbac.authorization.k8s.io']));
    const ids = judge(r.operations, { failOn: ['removed'], allow: ['policy', 'rbac.authorization.k8s.io', 'readExtensionsV1beta1NamespacedDeploymentScale', 'readExtensionsV1beta1NamespacedDeployment'] }, r);
    expect(ids.violations.map((v) => v.operationId).sort()).toEqual(['createExtensionsV1beta1NamespacedDeployment', 'deleteExtensionsV1beta1NamespacedDeployment']);
    const everything = judge(r.operations, { failOn: ['removed'], allow: ['extensions', 'policy', 'rbac.authorization.k8s.io'] }, r);
    expect(everything).toMatchObject({ pass: true, violations: [] });
  });

  it('--allow exempts a group/version, and only it', () => {
    const versions = judge(r.operations, { failOn: ['removed'], allow: ['extensions/v1beta1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1'] }, r);
    const left = new Set(versions.violations.map((v) => v.path.split('/').slice(2, 4).join('/')));
    expect(left.size).toBeGreaterThan(0);
    expect([...left].filter((gv) => ['extensions/v1beta1', 'policy/v1beta1'].includes(gv))).toEqual([]);
    const all = new Set(judge(r.operations, { failOn: ['removed'], allow: [] }, r).violations.map((v) => v.path.split('/').slice(2, 4).join('/')));
    expect(all).toContain('extensions/v1beta1');
    expect(left).toEqual(new Set([...all].filter((gv) => !['extensions/v1beta1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1'].includes(gv))));
  });

  it("a /watch/ path, deprecated by the spec, says what to use instead, as the spec's description does", () => {
    // Two of bob's pod lists, as an old client sends them: the collection's /watch/ path and one pod's.
    let n = 0;
    const watching = readLines(AUDIT2RBAC_2017).map((l) => {
      const e = JSON.parse(l) as { requestURI: string; verb: string };
      if (e.requestURI !== '/api/v1/namespaces/default/pods' || n >= 2) return l;
      return JSON.stringify({ ...e, verb: 'watch', requestURI: n++ === 0 ? '/api/v1/watch/namespaces/default/pods' : '/api/v1/watch/namespaces/default/pods/web-0' });
    });
    expect(n).toBe(2);
    const rw = analyzeLines(watching, { spec: spec113, policy: { failOn: ['deprecated'] } });
    const why = Object.fromEntries(rw.verdict.violations.map((v) => [v.operationId, v.why]));
    // It said "deprecated", and nothing of what to do.
    expect(why).toEqual({
      watchCoreV1NamespacedPodList: "deprecated: use the 'watch' parameter with a list operation instead",
      watchCoreV1NamespacedPod: "deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter",
    });
    expect(renderMarkdown(rw)).toContain("| deprecated | deprecated: use the 'watch' parameter with a list operation instead |");
  });

  it('"core" in --allow names the core group', () => {
    // The apiserver's k8s.io/deprecated annotation on core pods lists makes them deprecated.
    const withCoreDeprecated = readLines(AUDIT2RBAC_2017).map((l) => {
      const e = JSON.parse(l) as { requestURI: string };
      return JSON.stringify(e.requestURI.startsWith('/api/v1/') ? { ...e, annotations: { 'k8s.io/deprecated': 'true' } } : e);
    });
    const rc = analyzeLines(withCoreDeprecated, { spec: spec113, policy: { failOn: ['deprecated'] } });
    expect(rc.verdict.violations.map((v) => v.operationId).sort()).toEqual([
      'listCoreV1NamespacedConfigMap', 'listCoreV1NamespacedPod', 'listCoreV1NamespacedSecret', 'listCoreV1Node', 'listCoreV1PodForAllNamespaces',
    ]);
    expect(judge(rc.operations, { failOn: ['deprecated'], allow: ['core'] }, rc).pass).toBe(true);
    expect(judge(rc.operations, { failOn: ['deprecated'], allow: ['core/v1'] }, rc).pass).toBe(true);
    expect(judge(rc.operations, { failOn: ['deprecated'], allow: ['core/v2'] }, rc).pass).toBe(false);
  });

  it('--fail-on alpha,beta (the default) names the beta rule; deprecated names the Deployment operations only', () => {
    const beta = judge(r.operations, { failOn: parseFailOn('alpha,beta'), allow: [] }, r);
    expect(new Set(beta.violations.map((v) => v.rule))).toEqual(new Set(['beta']));
    expect(beta.violations.length).toBe(12);
    const deprecated = judge(r.operations, { failOn: ['deprecated'], allow: [] }, r);
    expect(deprecated.violations.map((v) => v.operationId).sort()).toEqual([
      'createExtensionsV1beta1NamespacedDeployment',
      'deleteExtensionsV1beta1NamespacedDeployment',
      'deleteRbacAuthorizationV1beta1ClusterRoleBinding',
      'patchRbacAuthorizationV1beta1ClusterRoleBinding',
      'readExtensionsV1beta1NamespacedDeployment',
      'readExtensionsV1beta1NamespacedDeploymentScale',
      'readRbacAuthorizationV1beta1ClusterRoleBinding',
      'createRbacAuthorizationV1beta1ClusterRoleBinding',
    ].sort());
  });

  it('parses --fail-on in any case, and names an unknown word as it was written (the CLI and the Action share it)', () => {
    expect(parseFailOn('Beta, REMOVED\nalpha')).toEqual(['beta', 'removed', 'alpha']);
    expect(parseFailOn('beta,BETA')).toEqual(['beta']);
    expect(parseFailOn('None')).toEqual([]);
    expect(() => parseFailOn('NONE,Beta')).toThrow('fail-on: "none" reports only, it cannot go with other rules in "NONE,Beta"');
    let refused: unknown;
    try {
      parseFailOn('beta,Gamma,overprivileged');
    } catch (err) {
      refused = err;
    }
    // The reason and the words apart, for a caller that names where the list was given (the Action's input).
    expect(refused).toBeInstanceOf(FailOnError);
    expect(refused).toMatchObject({
      message: 'fail-on: unknown rule "Gamma", "overprivileged" (use alpha, beta, deprecated, removed, empty, invalid, or none)',
      reason: 'unknown rule "Gamma", "overprivileged" (use alpha, beta, deprecated, removed, empty, invalid, or none)',
      unknown: ['Gamma', 'overprivileged'],
    });
  });

  it('parses --fail-on', () => {
    expect(parseFailOn('alpha, beta')).toEqual(['alpha', 'beta']);
    expect(parseFailOn('removed,removed')).toEqual(['removed']);
    expect(parseFailOn('none')).toEqual([]);
    expect(parseFailOn('NONE')).toEqual([]);
    // Given twice (--fail-on none --fail-on none) it is still none: it was "none cannot go with other rules".
    expect(parseFailOn('none,None')).toEqual([]);
    // never is no rule (it was taken as none, undocumented): the message names none.
    expect(() => parseFailOn('NEVER')).toThrow('fail-on: unknown rule "NEVER" (use alpha, beta, deprecated, removed, empty, invalid, or none)');
    expect(() => parseFailOn('alpha,gamma')).toThrow('fail-on: unknown rule "gamma" (use alpha, beta, deprecated, removed, empty, invalid, or none)');
    // An empty policy is a mistake more often than a wish to report only, and "none" among rules is a contradiction.
    // The text is quoted back: what a workflow expression expanded to.
    expect(() => parseFailOn(' , ')).toThrow('fail-on: no rule given in " , " (use alpha, beta, deprecated, removed, empty, invalid, or none)');
    expect(() => parseFailOn('none,beta')).toThrow('fail-on: "none" reports only, it cannot go with other rules in "none,beta" (use alpha,');
    // A command that takes more rules names them, and leaves them to its own verdict.
    expect(parseFailOn('beta,overprivileged', ['overprivileged'])).toEqual(['beta']);
    expect(() => parseFailOn('overpriviledged', ['overprivileged'])).toThrow(
      'fail-on: unknown rule "overpriviledged" (use alpha, beta, deprecated, removed, empty, invalid, overprivileged, or none)',
    );
  });
});

describe('a spec that names no release (upstream\'s swagger.json, "unversioned")', () => {
  // Pluto's entries are dated: with no release to place them, every one applied, and a 1.13 spec failed --fail-on
  // deprecated on PodSecurityPolicy (deprecated in 1.21) and said "removed in Kubernetes 1.16" of what it serves.
  it("Pluto's table is not applied; what the spec marks deprecated and the audit annotations say still count", async () => {
    let n = 0;
    const watching = lines.map((l) => {
      const e = JSON.parse(l) as { requestURI: string; verb: string };
      if (e.requestURI !== '/api/v1/namespaces/default/pods' || n >= 1) return l;
      n++;
      return JSON.stringify({ ...e, verb: 'watch', requestURI: '/api/v1/watch/namespaces/default/pods' });
    });
    expect(n).toBe(1);
    const unnamed: Spec = { ...spec113, kubernetesVersion: 'unknown', versionFrom: 'unknown' };
    const known = analyzeLines(watching, { spec: spec113, deprecations: pluto, policy: { failOn: ['deprecated'] } });
    const bare = analyzeLines(watching, { spec: unnamed, deprecations: pluto, policy: { failOn: ['deprecated'] } });
    // Dated by 1.13, Pluto deprecates extensions/v1beta1 Deployment (1.9) and dates PodSecurityPolicy's removal.
    expect(known.operations.some((o) => o.deprecation?.source === 'pluto')).toBe(true);
    expect(bare.operations.filter((o) => o.deprecation?.source === 'pluto' || o.deprecation?.deprecatedIn !== undefined)).toEqual([]);
    expect(bare.operations.find((o) => o.operationId === 'readPolicyV1beta1PodSecurityPolicy')).toMatchObject({ deprecated: false, removedIn: null, deprecation: null });
    // The spec's own /watch/ path and the apiserver's annotations on rbac v1beta1 (removed in 1.22) are judged.
    expect(Object.fromEntries(bare.verdict.violations.map((v) => [v.operationId, v.why.split(';')[0]]))).toEqual({
      watchCoreV1NamespacedPodList: "deprecated: use the 'watch' parameter with a list operation instead",
      createRbacAuthorizationV1beta1ClusterRoleBinding: 'removed in Kubernetes 1.22',
      deleteRbacAuthorizationV1beta1ClusterRoleBinding: 'removed in Kubernetes 1.22',
      patchRbacAuthorizationV1beta1ClusterRoleBinding: 'removed in Kubernetes 1.22',
      readRbacAuthorizationV1beta1ClusterRoleBinding: 'removed in Kubernetes 1.22',
    });
  });
});

describe("where Pluto's table runs ahead of the upstream specs", () => {
  // Pluto: resource.k8s.io/v1beta1 removed in 1.36; the upstream 1.36 spec still serves it (22 paths).
  const event = JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '6c1f0c8e-0000-4000-8000-000000000001',
    stage: 'ResponseComplete',
    requestURI: '/apis/resource.k8s.io/v1beta1/deviceclasses/gpu',
    verb: 'get',
    user: { username: 'alice' },
    objectRef: { resource: 'deviceclasses', name: 'gpu', apiGroup: 'resource.k8s.io', apiVersion: 'v1beta1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
    stageTimestamp: '2026-01-01T00:00:00.100000Z',
  });

  it('the spec of that release serving the operation wins: no removal, in the report or its renderings', async () => {
    const [spec135, spec136] = await Promise.all(['1.35', '1.36'].map(loadFixtureSpec));
    expect(pluto.get('resource.k8s.io/v1beta1|DeviceClass')?.removedIn).toBe('1.36');
    expect(spec136.operations.some((o) => o.operationId === 'readResourceV1beta1DeviceClass')).toBe(true);
    for (const [spec, laterSpecs] of [
      [spec135, [spec136]],
      [spec136, []],
    ] as const) {
      const report = analyzeLines([event], { spec, laterSpecs: [...laterSpecs], deprecations: pluto, policy: { failOn: ['removed'] } });
      const read = report.operations.find((o) => o.operationId === 'readResourceV1beta1DeviceClass')!;
      expect(read.removedIn, spec.kubernetesVersion).toBeNull();
      expect(read.deprecation?.removedIn, spec.kubernetesVersion).toBeUndefined();
      expect(report.summary.removedSoon).toBe(0);
      expect(report.verdict.pass).toBe(true);
    }
  });

  it('so for an operation matched through an earlier release: admissionregistration.k8s.io/v1alpha1 on kind 1.21, served by 1.13 and again from 1.26', async () => {
    // Pluto says admissionregistration.k8s.io/v1alpha1 was removed in 1.33; the 1.33 to 1.36 specs serve its discovery.
    const discovery = JSON.parse(event) as Record<string, unknown>;
    const get = JSON.stringify({ ...discovery, requestURI: '/apis/admissionregistration.k8s.io/v1alpha1', objectRef: undefined });
    const [spec121, ...laterSpecs] = await Promise.all(['1.21-served-kind', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'].map(loadFixtureSpec));
    const id = 'getAdmissionregistrationV1alpha1APIResources';
    expect(spec121.operations.some((o) => o.operationId === id)).toBe(false);
    expect(laterSpecs.filter((s) => s.operations.some((o) => o.operationId === id)).map((s) => s.kubernetesVersion)).toEqual(['1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    const report = analyzeLines([get], { spec: spec121, laterSpecs, deprecations: pluto, earlier: earlierOperations('1.21'), policy: { failOn: ['removed'] } });
    const read = report.operations.find((o) => o.operationId === id)!;
    expect(read).toMatchObject({ lastServedIn: '1.13', removedIn: null, deprecation: null });
    expect(report.summary.removedSoon).toBe(0);
    expect(report.verdict.pass).toBe(true);
  });

  it('a spec after the removal that serves the group/version again does not undo it: certificates.k8s.io/v1beta1, removed in 1.22, back in 1.33', async () => {
    const discovery = JSON.parse(event) as Record<string, unknown>;
    const get = JSON.stringify({ ...discovery, requestURI: '/apis/certificates.k8s.io/v1beta1', objectRef: undefined });
    const [spec121, ...laterSpecs] = await Promise.all(['1.21-served-kind', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'].map(loadFixtureSpec));
    const id = 'getCertificatesV1beta1APIResources';
    expect(laterSpecs.filter((s) => s.operations.some((o) => o.operationId === id)).map((s) => s.kubernetesVersion)).toEqual(['1.33', '1.34', '1.35', '1.36']);
    const report = analyzeLines([get], { spec: spec121, laterSpecs, deprecations: pluto, earlier: earlierOperations('1.21') });
    // Pluto's exact release, not the later specs' bound (1.28, the first checked that lacks it).
    expect(report.operations.find((o) => o.operationId === id)).toMatchObject({ removedIn: '1.22', deprecation: { source: 'pluto', removedIn: '1.22' } });
  });

  it('in 1.32, before its deprecation (1.33), nothing is said: no record, as for an entry that names no removal', async () => {
    const [spec132, ...later] = await Promise.all(['1.32', '1.33', '1.34', '1.35', '1.36'].map(loadFixtureSpec));
    const report = analyzeLines([event], { spec: spec132, laterSpecs: later, deprecations: pluto, policy: { failOn: ['removed', 'deprecated'] } });
    expect(report.operations.find((o) => o.operationId === 'readResourceV1beta1DeviceClass')).toMatchObject({ removedIn: null, deprecated: false, deprecation: null });
    expect(renderMarkdown(report)).toContain('Nothing the app uses is deprecated or removed (releases checked: 1.33, 1.34, 1.35, 1.36).');
    // storage.k8s.io/v1beta1 VolumeAttributesClass, deprecated in 1.34 with no removal, is read alike in 1.33.
    expect(pluto.get('storage.k8s.io/v1beta1|VolumeAttributesClass')).toMatchObject({ deprecatedIn: '1.34', removedIn: null });
  });
});
