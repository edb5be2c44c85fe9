// Reports built from real data for the web tests: APISnoop's published coverage of Kubernetes 1.36 gives
// real operations with their classification, conformance status and e2e test names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { summarize } from '../../src/engine/coverage.js';
import { SCHEMA_VERSION, type Level, type OperationUsage, type Report, type Unmatched } from '../../src/engine/report.js';
import { judge } from '../../src/engine/verdict.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.resolve(repoRoot, '../shared/fixtures');

export interface CoverageEndpoint {
  endpoint: string;
  path: string;
  kind: string;
  group: string;
  version: string;
  level: Level;
  category: string;
  action: string | null;
  description: string;
  tested: boolean;
  conf_tested: boolean;
  tests: Array<string | null>;
}

export function coverageEndpoints(release = '1.36.0'): CoverageEndpoint[] {
  const file = path.join(fixtures, 'apisnoop', `coverage-${release}.json.gz`);
  const data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { endpoints: CoverageEndpoint[] };
  return data.endpoints;
}

// x-kubernetes-action -> HTTP method; connect operations say their method in the description ("connect DELETE requests …").
const METHOD: Record<string, string> = { get: 'get', list: 'get', watch: 'get', watchlist: 'get', post: 'post', create: 'post', put: 'put', update: 'put', patch: 'patch', delete: 'delete', deletecollection: 'delete' };

function methodOf(e: CoverageEndpoint): string {
  if (e.action === 'connect') return (/connect (\w+) /.exec(e.description)?.[1] ?? 'GET').toLowerCase();
  return METHOD[e.action ?? 'get'] ?? 'get';
}

/** /api, /apis, /apis/{group}, /apis/{group}/{version}: what kubectl and helm read first. */
export function isDiscovery(e: CoverageEndpoint): boolean {
  return e.action === null && /^get\w*(APIVersions|APIResources|APIGroup)$/.test(e.endpoint);
}

export interface ReportOptions {
  kubernetesVersion?: string;
  /** Hits per endpoint (its position in the selection); 0 drops it. */
  hits?: (e: CoverageEndpoint, i: number) => number;
  e2e?: boolean;
  userAgents?: string[];
  unmatched?: Unmatched[];
}

/** A Report whose operations are the chosen real endpoints. */
export function reportFrom(endpoints: CoverageEndpoint[], opts: ReportOptions = {}): Report {
  const hits = opts.hits ?? ((_e, i) => (i % 9) + 1);
  const operations: OperationUsage[] = endpoints
    .map((e, i) => ({ e, n: hits(e, i) }))
    .filter(({ n }) => n > 0)
    .map(({ e, n }) => ({
      operationId: e.endpoint,
      method: methodOf(e),
      path: e.path,
      level: e.level,
      // APISnoop leaves the group of discovery endpoints empty; the engine names the group discovered.
      group: isDiscovery(e) ? (/^\/apis\/([^/]+)\//.exec(e.path)?.[1] ?? null) : e.group,
      version: e.version,
      category: e.category,
      kind: e.kind || null,
      action: e.action || null,
      deprecated: false,
      discovery: isDiscovery(e),
      hits: n,
      codes: { '200': n },
      verbs: { [e.action ?? 'get']: n },
      userAgents: opts.userAgents ?? (opts.e2e ? ['e2e.test'] : ['kubectl']),
      users: [],
      firstSeen: '2026-04-20T06:00:00Z',
      lastSeen: '2026-04-20T07:00:00Z',
      removedIn: null,
      deprecation: null,
      conformanceTested: e.conf_tested,
      tested: e.tested,
      // APISnoop lists null for tests it could not name; a report names only real tests.
      tests: opts.e2e ? [...new Set(e.tests.filter((t): t is string => typeof t === 'string' && t !== ''))] : [],
    }));
  const requests = operations.reduce((n, op) => n + op.hits, 0);
  const unmatched = opts.unmatched ?? [];
  const unmatchedCount = unmatched.reduce((n, u) => n + u.count, 0);
  const policy = { failOn: ['alpha' as const, 'beta' as const], allow: [] };
  const selection = { namespaces: [], serviceAccounts: [], users: [], userAgents: [], includeSystem: false, e2e: opts.e2e ?? false };
  const summary = summarize(operations, opts.kubernetesVersion ?? '1.36', {
    requests: requests + unmatchedCount,
    selected: requests + unmatchedCount,
    matched: requests,
    unmatched: unmatchedCount,
    invalidLines: 0,
    events: 2 * (requests + unmatchedCount),
  });
  const specs = [{ kubernetesVersion: opts.kubernetesVersion ?? '1.36', source: 'coverage-1.36.0.json.gz', operations: endpoints.length }];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'apisnoop', version: 'test' },
    kubernetesVersion: opts.kubernetesVersion ?? '1.36',
    specs,
    conformance: { source: 'coverage-1.36.0.json.gz', release: '1.36.0' },
    inputs: ['fixture'],
    selection,
    summary,
    operations,
    unmatched,
    invalid: [],
    verdict: judge(operations, policy, { summary, selection, invalid: [], specs }),
  };
}

/** The e2e run: every endpoint APISnoop saw tested in 1.36, with its test names. */
export function e2eReport(): Report {
  return reportFrom(
    coverageEndpoints().filter((e) => e.tested),
    { e2e: true },
  );
}

/** A plausible operator: the apps and core endpoints of 1.36, some beta/alpha ones, a few calls each. */
export function operatorReport(filter: (e: CoverageEndpoint) => boolean = (e) => ['apps', 'core', 'coordination', 'resource'].includes(e.category)): Report {
  return reportFrom(coverageEndpoints().filter(filter), { hits: (_e, i) => (i % 4 === 3 ? 0 : (i % 13) + 1) });
}

export const HOSTILE = {
  app: '<img src=x onerror="window.__xss=1">',
  agent: '<script>window.__xss=2</script>',
  uri: '/apis/evil.example/v1/</script><script>window.__xss=3</script>',
};
