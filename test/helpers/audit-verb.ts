// The audit verb of a request that an OpenAPI operation serves: what a sweep of one request per operation writes.
import type { Operation } from '../../src/engine/report.js';

const WRITE_VERB: Record<string, string> = { post: 'create', put: 'update', patch: 'patch' };

export const auditVerbOf = (o: Pick<Operation, 'method' | 'action'>): string =>
  o.method === 'get'
    ? o.action === 'list'
      ? 'list'
      : o.action === 'watch' || o.action === 'watchlist'
        ? 'watch'
        : 'get'
    : o.method === 'delete'
      ? o.action === 'deletecollection'
        ? 'deletecollection'
        : 'delete'
      : WRITE_VERB[o.method]!;

const SWEPT_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * A log of one request per operation, all by userAgent: HEAD and OPTIONS, which an audit log cannot tell from GET
 * and a verbless request, left out.
 */
export const sweepLines = (ops: ReadonlyArray<Pick<Operation, 'method' | 'action' | 'path'>>, userAgent: string): string[] =>
  ops
    .filter((o) => SWEPT_METHODS.includes(o.method))
    .map((o, i) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: `audit-${i}`,
        stage: 'ResponseComplete',
        requestURI: o.path.replace(/\{[^}]+\}/g, (p) => (p === '{namespace}' ? 'e2e' : 'x')),
        verb: auditVerbOf(o),
        user: { username: 'kubernetes-admin' },
        userAgent,
        responseStatus: { code: 200 },
        requestReceivedTimestamp: '2026-05-01T10:00:00.000000Z',
      }),
    );
