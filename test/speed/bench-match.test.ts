// The bench's matching specs (scripts/bench-match.ts): the 1.36 spec grown by CRD groups must still match every real
// request as 1.36 does, and serve each CRD's paths, or "flat as specs grow" would time a different matching.
import { beforeAll, describe, expect, it } from 'vitest';
import { CRD_OPERATIONS, crdGroup, matchCosts, naiveMatcher, withCrdGroups } from '../../scripts/bench-match.js';
import { OperationIndex } from '../../src/engine/operation-index.js';
import type { Operation } from '../../src/engine/report.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, loadFixtureSpec, readLines } from '../helpers/fixtures.js';

let v136: Operation[];
let requests: Array<[string, string]>;

beforeAll(async () => {
  v136 = (await loadFixtureSpec('1.36')).operations;
  requests = [AUDIT2RBAC_V1, AUDIT2RBAC_2017].flatMap((f) =>
    readLines(f).map((l) => {
      const e = JSON.parse(l) as { verb: string; requestURI: string };
      return [e.verb, e.requestURI] as [string, string];
    }),
  );
});

describe('withCrdGroups', () => {
  it('adds 11 operations a group, in path order, and matches every real request as the spec alone does', () => {
    const grown = withCrdGroups(v136, 300);
    expect(grown).toHaveLength(v136.length + 300 * CRD_OPERATIONS);
    const paths = grown.map((o) => o.path);
    expect(paths).toEqual([...paths].sort());
    const alone = new OperationIndex(v136);
    const index = new OperationIndex(grown);
    const ids = (ix: OperationIndex): Array<string | undefined> => requests.map(([verb, uri]) => ix.match(verb, uri).operation?.operationId);
    expect(requests.length).toBeGreaterThan(400);
    expect(ids(index)).toEqual(ids(alone));
    expect(ids(alone).filter(Boolean).length).toBeGreaterThan(300);
  });

  it("serves each group's CRD paths, which the spec alone does not", () => {
    const grown = withCrdGroups(v136, 5);
    const index = new OperationIndex(grown);
    const alone = new OperationIndex(v136);
    const uri = `/apis/${crdGroup(4)}/v1/namespaces/default/widgets/w1/status`;
    expect(index.match('patch', uri).operation?.action).toBe('patch');
    expect(index.match('get', `/apis/${crdGroup(0)}/v1/widgets?limit=500`).operation?.action).toBe('list');
    expect(alone.match('patch', uri).operation).toBeUndefined();
    expect(naiveMatcher(grown)(uri)).toBe(true);
    expect(naiveMatcher(v136)(uri)).toBe(false);
  });
});

describe('matchCosts', () => {
  it('times every spec, trie and naive scan, in the rounds it says', () => {
    const specs = [
      { name: '1.36', ops: v136 },
      { name: '1.36 + 20 CRD groups', ops: withCrdGroups(v136, 20) },
    ];
    const costs = matchCosts(specs, requests.slice(0, 50), 3, 2);
    expect(costs.map((c) => [c.spec, c.operations, c.trieRounds, c.naiveRounds])).toEqual([
      ['1.36', v136.length, 3, 2],
      ['1.36 + 20 CRD groups', v136.length + 220, 3, 2],
    ]);
    for (const c of costs) expect(Number.isFinite(c.trieNs) && Number.isFinite(c.naiveNs)).toBe(true);
  });
});
