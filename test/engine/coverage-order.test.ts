// Coverage keeps the same firstSeen, lastSeen and removed release whatever the order its requests come in: worker
// threads and shards count them in another order than the log's (found by differential fuzzing of -j 2).
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/engine/audit.js';
import { Coverage, earlier } from '../../src/engine/coverage.js';
import type { MatchResult } from '../../src/engine/operation-index.js';
import type { Operation } from '../../src/engine/report.js';

const op: Operation = {
  operationId: 'readRbacAuthorizationV1NamespacedRole',
  method: 'get',
  path: '/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}',
  level: 'stable',
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  category: 'rbacAuthorization',
  kind: 'Role',
  action: 'get',
  deprecated: false,
  discovery: false,
};
const request = (timestamp: string, removedRelease?: string): Request => ({ verb: 'get', timestamp, removedRelease, userAgent: 'kubectl/v1.36' }) as Request;

function seen(requests: Request[]): { firstSeen: string | null; lastSeen: string | null; removedRelease: string | null } {
  const c = new Coverage();
  for (const r of requests) c.add(r, { operation: op } as MatchResult);
  const acc = [...c.operations.values()][0]!;
  return { firstSeen: acc.firstSeen, lastSeen: acc.lastSeen, removedRelease: acc.removedRelease };
}

describe('Coverage does not depend on the order of requests', () => {
  it('the same second written as v1beta1 ("…:42Z") and v1 ("…:42.000000Z") events write it', () => {
    const rs = [request('2017-09-11T20:27:42Z'), request('2017-09-11T20:27:42.000000Z'), request('2017-09-11T20:27:41.5Z')];
    expect(seen(rs)).toEqual(seen([...rs].reverse()));
    expect(seen(rs)).toMatchObject({ firstSeen: '2017-09-11T20:27:41.5Z', lastSeen: '2017-09-11T20:27:42Z' });
    // A strict order: of two different texts, exactly one is earlier.
    expect([earlier('2017-09-11T20:27:42Z', '2017-09-11T20:27:42.000000Z'), earlier('2017-09-11T20:27:42.000000Z', '2017-09-11T20:27:42Z')].filter(Boolean)).toHaveLength(1);
  });

  it('a k8s.io/removed-release that is no release is passed over, wherever it comes', () => {
    const rs = [request('2026-01-01T00:00:00Z', '1'), request('2026-01-01T00:00:01Z', '1.38'), request('2026-01-01T00:00:02Z', '1.37')];
    for (const order of [rs, [...rs].reverse(), [rs[1]!, rs[0]!, rs[2]!]]) expect(seen(order).removedRelease).toBe('1.37');
    expect(seen([request('2026-01-01T00:00:00Z', 'soon')]).removedRelease).toBeNull();
  });
});
