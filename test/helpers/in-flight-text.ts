// Logs whose requests in flight hold lines longer than their text: the limit on that text must weigh them alike on
// every path, whether a first stage is held undecoded (its line) or decoded (its strings).
import { AUDIT2RBAC_V1, readLines } from './fixtures.js';

/**
 * The real events of the v1 log made `n` Request-level requests: each RequestReceived carries a ConfigMap body that
 * makes its line `size` bytes, and three requests in four have a user in eight groups (more than the WebAssembly
 * reader takes: their lines are left to JS, which holds the short ones undecoded), its URI padded to `uri`. The one
 * opened `window` before then completes, with its code; the last `window` never do.
 */
export function withBodies(n: number, window: number, uri: number, size: number): string[] {
  const events = readLines(AUDIT2RBAC_V1).map((l) => JSON.parse(l) as { requestURI: string; user: { groups?: string[] }; responseStatus?: unknown } & Record<string, unknown>);
  const groups = ['oidc:dev', 'oidc:ops', 'oidc:platform', 'oidc:sre', 'oidc:team-a', 'oidc:team-b', 'oidc:admins', 'oidc:viewers'];
  const requests = Array.from({ length: n }, (_, k) => {
    const e = events[k % events.length];
    const user = k % 4 !== 3 ? { ...e.user, groups } : e.user;
    return { ...e, level: 'Request', user, auditID: `${String(e.auditID)}-body-${k}`, requestURI: `${e.requestURI}?k=${k}&q=`.padEnd(uri, 'z') };
  });
  const received = (e: Record<string, unknown>): string => {
    const line = (body: string): string => JSON.stringify({ ...e, stage: 'RequestReceived', requestObject: { kind: 'ConfigMap', data: { k: body } } });
    return line('x'.repeat(Math.max(0, size - line('').length)));
  };
  return requests.flatMap(({ responseStatus: _code, ...e }, k) => [received(e), ...(k >= window ? [JSON.stringify(requests[k - window])] : [])]);
}
