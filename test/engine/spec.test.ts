// Classifying a spec's operations, checked against the raw OpenAPI documents field by field.
import { describe, expect, it } from 'vitest';
import { bestLevel, levelOfVersion, minorVersion, operationsOf, pathShape, skippedOperationsWarning, specFromDocument, SpecError } from '../../src/engine/spec.js';
import { readSpecDocument, SPEC_FILES } from '../helpers/fixtures.js';

interface RawOp {
  operationId?: string;
  tags?: string[];
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

describe('every fixture spec, operation by operation, against its raw document', () => {
  it.each(SPEC_FILES)('%s', (file) => {
    const doc = readSpecDocument(file);
    const ops = operationsOf(doc, file);
    const raw: Array<{ path: string; method: string; op: RawOp }> = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as RawOp | undefined;
        if (op?.operationId) raw.push({ path, method, op });
      }
    }
    expect(ops.length).toBe(raw.length);
    // operationIds are unique within each spec (the conformance overlay keys on them).
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const [i, { path, method, op }] of raw.entries()) {
      const o = ops[i];
      expect([o.operationId, o.method, o.path]).toEqual([op.operationId, method, path]);
      const gvk = op['x-kubernetes-group-version-kind'];
      if (gvk) expect([o.group, o.version, o.kind]).toEqual([gvk.group, gvk.version, gvk.kind]);
      else expect(o.kind).toBeNull();
      expect(o.action).toBe(op['x-kubernetes-action'] ?? null);
      // APISnoop's category: the first tag without its _vN… suffix (core_v1 -> core, rbacAuthorization_v1 -> rbacAuthorization).
      expect(o.category).toBe((op.tags?.[0] ?? '').split(/_v\d/)[0]);
      // Level from the version in the path: /api/v1/…, /apis/{group}/v1beta1/…
      const v = /^\/apis?\/(?:[^/]+\/)?(v\d+(?:alpha\d*|beta\d*)?)\//.exec(path)?.[1];
      if (v && !/^\/apis\/[^/]+\/$/.test(path)) expect(o.level, path).toBe(v.includes('alpha') ? 'alpha' : v.includes('beta') ? 'beta' : 'stable');
    }
  });

  it('the deprecated operations are exactly the watch* ones ("deprecated: use the \'watch\' parameter with a list operation")', () => {
    for (const file of SPEC_FILES) {
      const ops = operationsOf(readSpecDocument(file), file);
      expect(ops.filter((o) => o.deprecated).map((o) => o.operationId), file).toEqual(ops.filter((o) => o.operationId.startsWith('watch')).map((o) => o.operationId));
    }
  });
});

describe('levels, discovery and release numbers', () => {
  it('reads the level of a version', () => {
    expect(['v1', 'v2', 'v1beta1', 'v2beta2', 'v1alpha1', 'v1alpha3', undefined, null].map(levelOfVersion)).toEqual([
      'stable', 'stable', 'beta', 'beta', 'alpha', 'alpha', 'stable', 'stable',
    ]);
    expect(bestLevel(['alpha', 'beta'])).toBe('beta');
    expect(bestLevel(['alpha', 'stable', 'beta'])).toBe('stable');
    expect(bestLevel([])).toBe('alpha');
  });

  it('group discovery is as mature as the group\'s best version (1.36)', () => {
    const ops = operationsOf(readSpecDocument('1.36'), '1.36');
    const level = (id: string) => ops.find((o) => o.operationId === id)!.level;
    // internal.apiserver.k8s.io has only v1alpha1, storagemigration.k8s.io only v1beta1, apps has v1.
    expect([level('getInternalApiserverAPIGroup'), level('getStoragemigrationAPIGroup'), level('getAppsAPIGroup')]).toEqual(['alpha', 'beta', 'stable']);
    expect(ops.find((o) => o.operationId === 'getStoragemigrationAPIGroup')).toMatchObject({ group: 'storagemigration.k8s.io', version: null, discovery: true });
    expect(ops.find((o) => o.operationId === 'getStoragemigrationV1beta1APIResources')).toMatchObject({ group: 'storagemigration.k8s.io', version: 'v1beta1', level: 'beta', discovery: true });
    expect(ops.find((o) => o.operationId === 'getAPIVersions')).toMatchObject({ group: null, version: null, level: 'stable', discovery: true });
    expect(ops.find((o) => o.operationId === 'getCodeVersion')).toMatchObject({ group: null, version: null, discovery: false, category: 'version' });
    expect(ops.filter((o) => o.discovery).length).toBe(ops.filter((o) => /^\/apis?\/(?:[^/]+\/)?(?:[^/]+\/)?$/.test(o.path)).length);
  });

  it('pathShape', () => {
    expect(pathShape('/api/')).toEqual({ group: '', version: null, discovery: true });
    expect(pathShape('/api/v1/')).toEqual({ group: '', version: 'v1', discovery: true });
    expect(pathShape('/apis/')).toEqual({ group: null, version: null, discovery: true });
    expect(pathShape('/apis/apps/')).toEqual({ group: 'apps', version: null, discovery: true });
    expect(pathShape('/apis/apps/v1/deployments')).toEqual({ group: 'apps', version: 'v1', discovery: false });
    expect(pathShape('/version/')).toEqual({ group: null, version: null, discovery: false });
  });

  it('the release: info.version when it has one, else the file name, else the release given with the file', () => {
    expect(specFromDocument(readSpecDocument('1.13'), 'x').kubernetesVersion).toBe('1.13');
    expect(specFromDocument(readSpecDocument('1.21-served-kind'), 'x').kubernetesVersion).toBe('1.21');
    const doc136 = readSpecDocument('1.36');
    expect(doc136.info?.version).toBe('unversioned');
    expect(specFromDocument(doc136, 'swagger-1.36.json.gz').kubernetesVersion).toBe('1.36');
    expect(specFromDocument(doc136, 'cluster-openapi-v2.json').kubernetesVersion).toBe('unknown');
    // Only the file's own name counts: a folder named after something else's release says nothing of the spec.
    expect(specFromDocument(doc136, '/work/helm-1.17/swagger.json.gz').kubernetesVersion).toBe('unknown');
    expect(specFromDocument(doc136, 'C:\\specs\\v1.17\\swagger-1.36.json').kubernetesVersion).toBe('1.36');
    expect(specFromDocument(doc136, 'whatever', '1.35').kubernetesVersion).toBe('1.35');
    // Where it was read, which analyze says when it was nowhere or when the spec contradicts the release given.
    const from = (doc: typeof doc136, source: string, version?: string) => {
      const s = specFromDocument(doc, source, version);
      return [s.kubernetesVersion, s.versionFrom];
    };
    expect(from(doc136, 'swagger.json', 'v1.35.2')).toEqual(['1.35', 'given']);
    // A name says more than a release given for any spec (the Action's kubernetes-version has a default).
    expect(from(doc136, 'swagger-1.30.json', '1.36')).toEqual(['1.30', 'file name']);
    expect(from(doc136, 'swagger-1.30.json')).toEqual(['1.30', 'file name']);
    expect(from(doc136, 'swagger.json')).toEqual(['unknown', 'unknown']);
    expect(from(readSpecDocument('1.21-served-kind'), 'swagger-1.30.json', '1.33')).toEqual(['1.21', 'spec']);
    expect(['v1.21.2', '1.36', 'kubernetes release-1.28 api', 'unversioned', 'v2.1.0', '/opt/tools-2.1.5/swagger-1.30.json'].map(minorVersion)).toEqual([
      '1.21', '1.36', '1.28', null, null, '1.30',
    ]);
  });
});

describe('documents that are not an OpenAPI v2 spec', () => {
  it.each([
    [{ openapi: '3.0.0', paths: {} }, 'x.json: is OpenAPI 3.0.0; APISnoop needs the v2 document (kubectl get --raw /openapi/v2)'],
    [{ swagger: '2.0', paths: {} }, 'x.json: has no operations'],
    [{ swagger: '1.2', apis: [] }, 'x.json: not an OpenAPI v2 document (no "swagger": "2.0" with "paths")'],
    [[1, 2, 3], 'x.json: not an OpenAPI v2 document (no "swagger": "2.0" with "paths")'],
    [42, 'x.json: not a JSON object'],
  ])('%j', (doc, message) => {
    expect(() => operationsOf(doc, 'x.json')).toThrow(SpecError);
    expect(() => operationsOf(doc, 'x.json')).toThrow(message);
  });
});

describe('path items and operations of the wrong shape', () => {
  // Left out and named with their place, the rest still counting: one odd operation of a served document (an
  // aggregated API's, a CRD's) stopped the whole run. They were bare TypeErrors naming no file, or listed (an
  // operationId 5; a kind-less gvk).
  const good = { get: { operationId: 'listX', tags: ['core_v1'] } };
  it.each([
    [{ '/api/v1/x': null }, 'paths["/api/v1/x"] is not an object'],
    [{ '/api/v1/x': { get: 'list' } }, 'get /api/v1/x: not an operation object'],
    [{ '/api/v1/x': { get: { operationId: 5 } } }, 'get /api/v1/x: operationId is not a string'],
    [{ '/api/v1/x': { get: { operationId: 'a', tags: [5] } } }, 'get /api/v1/x: tags is not a list of strings'],
    [{ '/api/v1/x': { get: { operationId: 'a', description: {} } } }, 'get /api/v1/x: description is not a string'],
    [{ '/api/v1/x': { patch: { operationId: 'a', 'x-kubernetes-action': 1 } } }, 'patch /api/v1/x: x-kubernetes-action is not a string'],
    [{ '/api/v1/x': { get: { operationId: 'a', 'x-kubernetes-group-version-kind': 'x' } } }, 'get /api/v1/x: x-kubernetes-group-version-kind is not {group, version, kind}'],
  ])('%j', (paths, place) => {
    const spec = specFromDocument({ swagger: '2.0', paths: { ...paths, '/api/v1/y': good } }, 'x.json');
    expect(spec.operations.map((o) => o.operationId)).toEqual(['listX']);
    expect(spec.skipped).toEqual([place]);
    expect(skippedOperationsWarning(spec)).toBe(
      `x.json: 1 operation left out, not of the shape of an OpenAPI v2 operation (${place}); requests to it are unmatched`,
    );
    // With nothing else, the document has no operations: an error naming the file and what was wrong.
    expect(() => specFromDocument({ swagger: '2.0', paths }, 'x.json')).toThrow(`x.json: has no operations (${place})`);
  });

  it('a vendor extension of the Paths object, which may hold any value, is no path and not said', () => {
    const spec = specFromDocument({ swagger: '2.0', paths: { 'x-note': 'hi', 'x-null': null, '/api/v1/y': good } }, 'x.json');
    expect(spec.operations).toHaveLength(1);
    expect(spec.skipped).toBeUndefined();
    expect(skippedOperationsWarning(spec)).toBeNull();
  });
});
