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
