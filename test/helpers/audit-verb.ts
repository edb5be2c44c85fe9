// The audit verb of a request that an OpenAPI operation serves: what a sweep of one request per operation writes.
import type { Operation } from '../../src/engine/report.js';

const WRITE_VERB: Record<string, string> = { post: 'create', put: 'update', patch: 'patch' };

/** A resource request's verb as RequestInfo writes it: OPTIONS (the proxy operations') is audited with the empty one. */
export const auditVerbOf = (o: Pick<Operation, 'method' | 'action'>): string => (o.method === 'options' ? '' : methodVerb(o));

const methodVerb = (o: Pick<Operation, 'method' | 'action'>): string =>
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
 * A log of one request per operation, all by userAgent: HEAD, which an audit log cannot tell from GET, left out; so is
 * OPTIONS (the empty verb, the proxy operations') unless `options` is set, as the sweeps written before it was matched
 * count without it.
 */
export const sweepLines = (ops: ReadonlyArray<Pick<Operation, 'method' | 'action' | 'path'>>, userAgent: string, options = false): string[] =>
  ops
    .filter((o) => SWEPT_METHODS.includes(o.method) || (options && o.method === 'options'))
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
