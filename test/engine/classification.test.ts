// Our classification against APISnoop's own, for every release both are published for (1.28, 1.30 … 1.36; 1.29 is
// in the holdout). Each disagreement falls in a documented class (docs/classification.md) with its count asserted;
// anything else fails. The CLI's `endpoints --json` output is checked the same way in test/cli/endpoints.test.ts.
import { describe, expect, it } from 'vitest';
import { operationsOf } from '../../src/engine/spec.js';
import { apisnoopCoverage, compareWithApisnoop, type DisagreementClass } from '../helpers/classification.js';
import { readSpecDocument } from '../helpers/fixtures.js';

interface Expected {
  operations: number;
  /** = operations - watch*: APISnoop leaves every watch* operation out. */
  apisnoop: number;
  agreeing: number;
  classes: Record<Exclude<DisagreementClass, 'unexplained'>, number>;
  /** (b): the groups whose /apis/{group}/ has no GA version behind it. */
  groupDiscovery: string[];
}

const EXPECTED: Record<string, Expected> = {
  '1.28': { operations: 865, apisnoop: 706, agreeing: 652, classes: { 'discovery-group-version': 52, 'group-discovery-level': 3, 'service-account-issuer-level': 2 }, groupDiscovery: ['getFlowcontrolApiserverAPIGroup', 'getInternalApiserverAPIGroup', 'getResourceAPIGroup'] },
  '1.30': { operations: 944, apisnoop: 769, agreeing: 712, classes: { 'discovery-group-version': 55, 'group-discovery-level': 3, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getResourceAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.31': { operations: 944, apisnoop: 770, agreeing: 711, classes: { 'discovery-group-version': 57, 'group-discovery-level': 3, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getResourceAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.32': { operations: 947, apisnoop: 770, agreeing: 712, classes: { 'discovery-group-version': 56, 'group-discovery-level': 3, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getResourceAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.33': { operations: 1041, apisnoop: 843, agreeing: 783, classes: { 'discovery-group-version': 58, 'group-discovery-level': 3, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getResourceAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.34': { operations: 1062, apisnoop: 859, agreeing: 798, classes: { 'discovery-group-version': 59, 'group-discovery-level': 2, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.35': { operations: 1067, apisnoop: 863, agreeing: 802, classes: { 'discovery-group-version': 59, 'group-discovery-level': 2, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getStoragemigrationAPIGroup'] },
  '1.36': { operations: 1123, apisnoop: 908, agreeing: 847, classes: { 'discovery-group-version': 59, 'group-discovery-level': 2, 'service-account-issuer-level': 2 }, groupDiscovery: ['getInternalApiserverAPIGroup', 'getStoragemigrationAPIGroup'] },
};

describe.each(Object.keys(EXPECTED))('Kubernetes %s: our classification vs coverage-%s.0.json.gz', (release) => {
  const e = EXPECTED[release];
  const doc = readSpecDocument(release);
  const ops = operationsOf(doc, release);
  const cov = apisnoopCoverage(release);
  const c = compareWithApisnoop(ops, cov.endpoints, Object.keys(doc.paths));

  it('every APISnoop endpoint is an operation of the spec; the spec operations APISnoop leaves out are exactly the watch* ones', () => {
    expect(cov.release).toBe(`${release}.0`);
    expect(ops.length).toBe(e.operations);
    expect(cov.endpoints.length).toBe(e.apisnoop);
    expect(c.missingFromSpec).toEqual([]);
    expect(c.notInApisnoop).toEqual(ops.filter((o) => o.operationId.startsWith('watch')).map((o) => o.operationId));
    expect(c.notInApisnoop.length).toBe(e.operations - e.apisnoop);
  });

  it('level, group, version, category, kind and action agree, except the documented classes', () => {
    expect(c.classes.unexplained, c.details.join('\n')).toEqual([]);
    expect(c.compared).toBe(e.apisnoop);
    expect(c.agreeing).toBe(e.agreeing);
    expect({
      'discovery-group-version': c.classes['discovery-group-version'].length,
      'group-discovery-level': c.classes['group-discovery-level'].length,
      'service-account-issuer-level': c.classes['service-account-issuer-level'].length,
    }).toEqual(e.classes);
    expect(c.classes['group-discovery-level'].sort()).toEqual(e.groupDiscovery);
    expect(c.classes['service-account-issuer-level'].sort()).toEqual(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);
    // Group-discovery operations also differ in their group (class a): an endpoint may be in two classes, so the
    // endpoints that disagree at all are those of (a) plus (c).
    expect(c.compared - c.agreeing).toBe(e.classes['discovery-group-version'] + e.classes['service-account-issuer-level']);
  });

  it('the discovery class is every discovery operation APISnoop lists with a group or version we name', () => {
    const discoveryWithGroup = ops.filter((o) => o.discovery && (o.group !== null || o.version !== null) && cov.endpoints.some((x) => x.endpoint === o.operationId));
    expect(c.classes['discovery-group-version'].sort()).toEqual(discoveryWithGroup.map((o) => o.operationId).sort());
    // APISnoop gives every one of them null group and version.
    for (const id of c.classes['discovery-group-version']) expect(cov.endpoints.find((x) => x.endpoint === id)).toMatchObject({ group: null, version: null });
  });
});

// 1.21: the only spec of that release is the document a kind v1.21.2 cluster served, which leaves out what is not
// enabled by default. APISnoop's list, made from the upstream spec, has those too; the rest compares as above.
describe("Kubernetes 1.21: a kind cluster's served document vs coverage-1.21.0.json.gz", () => {
  const doc = readSpecDocument('1.21-served-kind');
  const ops = operationsOf(doc, '1.21');
  const cov = apisnoopCoverage('1.21');
  const c = compareWithApisnoop(ops, cov.endpoints, Object.keys(doc.paths));

  it('APISnoop lists 78 endpoints the cluster does not serve: alpha APIs and the alpha ephemeral containers subresource', () => {
    expect([ops.length, cov.endpoints.length]).toEqual([990, 880]);
    expect(c.missingFromSpec).toHaveLength(78);
    const theirs = new Map(cov.endpoints.map((e) => [e.endpoint, e]));
    const ephemeral = c.missingFromSpec.filter((id) => theirs.get(id)!.path.endsWith('/pods/{name}/ephemeralcontainers'));
    expect(ephemeral.sort()).toEqual(['patchCoreV1NamespacedPodEphemeralcontainers', 'readCoreV1NamespacedPodEphemeralcontainers', 'replaceCoreV1NamespacedPodEphemeralcontainers']);
    // internal.apiserver.k8s.io has v1alpha1 only: its group discovery goes with it.
    const alpha = c.missingFromSpec.filter((id) => /\/v\d+alpha\d+\//.test(theirs.get(id)!.path) || theirs.get(id)!.path === '/apis/internal.apiserver.k8s.io/');
    expect(alpha).toHaveLength(75);
    expect(c.notInApisnoop).toEqual(ops.filter((o) => o.operationId.startsWith('watch')).map((o) => o.operationId));
  });

  it('the 802 it serves agree on level, group, version, category, kind and action, except the documented classes', () => {
    expect(c.classes.unexplained, c.details.join('\n')).toEqual([]);
    expect([c.compared, c.agreeing]).toEqual([802, 740]);
    expect(c.classes['discovery-group-version']).toHaveLength(60);
    // extensions has only v1beta1 left (Ingress), flowcontrol.apiserver.k8s.io only v1beta1.
    expect(c.classes['group-discovery-level'].sort()).toEqual(['getExtensionsAPIGroup', 'getFlowcontrolApiserverAPIGroup']);
    expect(c.classes['service-account-issuer-level'].sort()).toEqual(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);
    expect(c.compared - c.agreeing).toBe(60 + 2);
  });
});
