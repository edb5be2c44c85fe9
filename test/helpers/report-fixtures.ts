// Reports built from real data for the renderer tests: the operations and their classification come from APISnoop's
// published coverage (../shared/fixtures/apisnoop/coverage-*.json.gz), the HTTP methods from the real OpenAPI specs,
// removals from Pluto's table. Only the usage (which operations an app called, how often, who called) is made up,
// and a test can check every figure against these files by hand.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import {
  LEVELS,
  SCHEMA_VERSION,
  type InvalidLine,
  type Level,
  type LevelCount,
  type OperationUsage,
  type Policy,
  type Report,
  type Unmatched,
  type Violation,
} from '../../src/engine/report.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

/** One entry of APISnoop's coverage JSON (`endpoints[]`). */
export interface CoverageEndpoint {
  endpoint: string;
  path: string;
  kind: string | null;
  group: string | null;
  version: string | null;
  level: Level;
  category: string;
  action: string | null;
  tested: boolean;
  conf_tested: boolean;
  tests: Array<string | null>;
}

const coverageCache = new Map<string, CoverageEndpoint[]>();

/** `release` as APISnoop names its files: "1.36.0". */
export function loadCoverage(release: string): CoverageEndpoint[] {
  let endpoints = coverageCache.get(release);
  if (!endpoints) {
    const file = path.join(fixturesDir, 'apisnoop', `coverage-${release}.json.gz`);
    endpoints = (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { endpoints: CoverageEndpoint[] }).endpoints;
    coverageCache.set(release, endpoints);
  }
  return endpoints;
}

export function coverageReleases(): string[] {
  return readdirSync(path.join(fixturesDir, 'apisnoop'))
    .map((f) => /^coverage-(.+)\.json\.gz$/.exec(f)?.[1])
    .filter((r): r is string => r !== undefined)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  tags: string[];
  action: string | null;
  kind: string | null;
}

let specOpsCache: Map<string, SpecOperation> | undefined;

/** Every operation of every OpenAPI v2 fixture, by operationId; a newer spec wins over an older one. */
export function specOperations(): Map<string, SpecOperation> {
  if (specOpsCache) return specOpsCache;
  const dir = path.join(fixturesDir, 'openapi-v2');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const out = new Map<string, SpecOperation>();
  for (const f of files) {
    const spec = JSON.parse(gunzipSync(readFileSync(path.join(dir, f))).toString('utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const [method, raw] of Object.entries(item)) {
        const op = raw as {
          operationId?: string;
          tags?: string[];
          'x-kubernetes-action'?: string;
          'x-kubernetes-group-version-kind'?: { kind: string };
        };
        if (!op || typeof op !== 'object' || !op.operationId) continue;
        out.set(op.operationId, {
          method,
          path: p,
          operationId: op.operationId,
          tags: op.tags ?? [],
          action: op['x-kubernetes-action'] ?? null,
          kind: op['x-kubernetes-group-version-kind']?.kind ?? null,
        });
      }
    }
  }
  specOpsCache = out;
  return out;
}

const DISCOVERY = /^\/(api\/?|api\/v1\/?|apis\/?|apis\/[^/{}]+\/?|apis\/[^/{}]+\/[^/{}]+\/?)$/;

function discoveryGroup(p: string): string | null {
  if (p.startsWith('/api/') || p === '/api') return '';
  const m = /^\/apis\/([^/]+)/.exec(p);
  return m ? m[1] : null;
}

/** An operation of APISnoop's coverage data as the report contract describes it (hit data left empty). */
export function operationFromCoverage(e: CoverageEndpoint): OperationUsage {
  const discovery = e.kind === null && e.action === null && DISCOVERY.test(e.path);
  return {
    operationId: e.endpoint,
    method: methodOf(e),
    path: e.path,
    level: e.level,
    group: discovery ? discoveryGroup(e.path) : e.group,
    version: e.version,
    category: e.category,
    kind: e.kind,
    action: e.action,
    deprecated: false,
    discovery,
    hits: 0,
    codes: {},
    verbs: {},
    userAgents: [],
    users: [],
    firstSeen: null,
    lastSeen: null,
    removedIn: null,
    deprecation: null,
    conformanceTested: e.conf_tested,
    tested: e.tested,
    tests: e.tests.filter((t): t is string => typeof t === 'string'),
  };
}

const METHOD_BY_ACTION: Record<string, string> = { get: 'get', list: 'get', watch: 'get', watchlist: 'get', post: 'post', put: 'put', patch: 'patch', delete: 'delete', deletecollection: 'delete' };

/**
 * The coverage data has no HTTP method: take it from the spec fixtures; the few alpha operations that no fixture
 * holds (the 1.21 served spec has no alpha groups) get it from x-kubernetes-action, or for connect from the
 * operationId (connectCoreV1PostNamespacedPodExec).
 */
function methodOf(e: CoverageEndpoint): string {
  const spec = specOperations().get(e.endpoint);
  if (spec) return spec.method;
  if (e.action === 'connect') {
    const m = /^connect\w*?(Delete|Get|Head|Options|Patch|Post|Put)/.exec(e.endpoint);
    if (m) return m[1].toLowerCase();
  }
  if (e.action === null) return 'get';
  const method = METHOD_BY_ACTION[e.action];
  if (!method) throw new Error(`fixture: no HTTP method for ${e.endpoint} (action ${e.action})`);
  return method;
}

/**
 * watch* operations, which APISnoop's coverage leaves out, classified from the spec alone: level from the version
 * in the path, group/version from the path, category from the tag. conformanceTested stays null, as in the engine.
 */
export function watchOperations(): OperationUsage[] {
  const out: OperationUsage[] = [];
  for (const op of specOperations().values()) {
    if (!op.operationId.startsWith('watch')) continue;
    const m = /^\/(?:api\/(v\d\w*)|apis\/([^/]+)\/(v\d\w*))\//.exec(op.path);
    if (!m) continue;
    const version = m[1] ?? m[3];
    const level: Level = /alpha/.test(version) ? 'alpha' : /beta/.test(version) ? 'beta' : 'stable';
    out.push({
      ...operationFromCoverage({
        endpoint: op.operationId,
        path: op.path,
        kind: op.kind,
        group: m[2] ?? '',
        version,
        level,
        category: (op.tags[0] ?? '').replace(/_v\d\w*$/, ''),
        action: op.action,
        tested: false,
        conf_tested: false,
        tests: [],
      }),
      conformanceTested: null,
      tested: null,
    });
  }
  return out;
}

interface PlutoEntry {
  version: string;
  kind: string;
  'deprecated-in'?: string;
  'removed-in'?: string;
  'replacement-api'?: string;
  component?: string;
}

let plutoCache: Map<string, PlutoEntry> | undefined;

/** Pluto's Kubernetes entries by "group/version kind" (core group: "v1 Kind"). */
export function plutoTable(): Map<string, PlutoEntry> {
  if (!plutoCache) {
    const doc = load(readFileSync(path.join(fixturesDir, 'deprecations', 'pluto-versions.yaml'), 'utf8')) as {
      'deprecated-versions': PlutoEntry[];
    };
    plutoCache = new Map(
      doc['deprecated-versions'].filter((e) => e.component === 'k8s').map((e) => [`${e.version} ${e.kind}`, e]),
    );
  }
  return plutoCache;
}

const minor = (v: string | undefined): string | undefined => (v ? v.replace(/^v/, '').replace(/^(\d+\.\d+)\.0$/, '$1') : undefined);

function applyPluto(op: OperationUsage, kubernetesVersion: string): void {
  if (op.group === null || op.version === null || op.kind === null) return;
  const gv = op.group === '' ? op.version : `${op.group}/${op.version}`;
  const e = plutoTable().get(`${gv} ${op.kind}`);
  if (!e) return;
  op.deprecation = {
    source: 'pluto',
    deprecatedIn: minor(e['deprecated-in']),
    removedIn: minor(e['removed-in']),
    replacement: e['replacement-api'],
  };
  op.removedIn = minor(e['removed-in']) ?? null;
  const dep = minor(e['deprecated-in']);
  op.deprecated = dep !== undefined && dep.localeCompare(kubernetesVersion, 'en', { numeric: true }) <= 0;
}

/** What an app did with one operation. */
export interface Use {
  operationId: string;
  hits: number;
  codes?: Record<string, number>;
  userAgents?: string[];
  users?: string[];
}

export interface UsageOptions {
  /** APISnoop coverage release: "1.36.0". */
  release: string;
  uses: Use[];
  /** Operations to use that are not in the coverage data (watch* from watchOperations()). */
  extraOperations?: OperationUsage[];
  unmatched?: Unmatched[];
  invalid?: InvalidLine[];
  failOn?: Policy['failOn'];
  allow?: string[];
  inputs?: string[];
  /** Later releases "checked for removals", listed in specs[]. */
  laterReleases?: string[];
  /** Apply Pluto's deprecated-in / removed-in. Default true. */
  pluto?: boolean;
  conformance?: boolean;
}

/** A Report of real operations with made-up usage; summary and verdict computed by the contract's definitions. */
export function usageReport(o: UsageOptions): Report {
  const k8s = o.release.replace(/\.0$/, '');
  const coverage = new Map(loadCoverage(o.release).map((e) => [e.endpoint, e]));
  const extra = new Map((o.extraOperations ?? []).map((e) => [e.operationId, e]));
  const operations: OperationUsage[] = o.uses.map((u) => {
    const found = extra.get(u.operationId) ?? coverage.get(u.operationId);
    const base = found && 'endpoint' in found ? operationFromCoverage(found) : found;
    if (!base) throw new Error(`fixture: no operation ${u.operationId} in coverage ${o.release}`);
    const op: OperationUsage = {
      ...structuredClone(base),
      hits: u.hits,
      codes: u.codes ?? { '200': u.hits },
      verbs: { [verbOf(base)]: u.hits },
      userAgents: u.userAgents ?? ['sample-operator/v0.4.2 (linux/amd64) kubernetes/$Format'],
      users: u.users ?? ['system:serviceaccount:sample:sample-operator'],
      firstSeen: '2026-11-20T10:00:00Z',
      lastSeen: '2026-11-20T10:05:00Z',
    };
    if (o.conformance === false) {
      op.conformanceTested = null;
      op.tested = null;
      op.tests = [];
    }
    if (o.pluto !== false) applyPluto(op, k8s);
    return op;
  });
  const unmatched = o.unmatched ?? [];
  const invalid = o.invalid ?? [];
  const policy: Policy = { failOn: o.failOn ?? ['alpha', 'beta'], allow: o.allow ?? [] };
  const violations = violationsOf(operations, policy);
  const matched = operations.reduce((n, op) => n + op.hits, 0);
  const unmatchedCount = unmatched.reduce((n, u) => n + u.count, 0);
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, count(operations.filter((op) => !op.discovery && op.level === l))])) as Record<Level, LevelCount>;
  const nonDiscovery = operations.filter((op) => !op.discovery);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'apisnoop', version: '0.1.0' },
    kubernetesVersion: k8s,
    specs: [
      { kubernetesVersion: k8s, source: `fixtures/coverage-${o.release}`, operations: loadCoverage(o.release).length },
      ...(o.laterReleases ?? []).map((r) => ({ kubernetesVersion: r, source: `release-${r}`, operations: 0 })),
    ],
    conformance: o.conformance === false ? null : { source: `coverage-${o.release}.json.gz`, release: o.release },
    inputs: o.inputs ?? ['audit/sample-operator.log'],
    selection: { namespaces: ['sample'], serviceAccounts: ['sample:sample-operator'], users: [], userAgents: [], includeSystem: false, e2e: false },
    summary: {
      requests: matched + unmatchedCount,
      selected: matched + unmatchedCount,
      matched,
      unmatched: unmatchedCount,
      invalidLines: invalid.length,
      events: 2 * (matched + unmatchedCount),
      stable: byLevel.stable.operations,
      beta: byLevel.beta.operations,
      alpha: byLevel.alpha.operations,
      byLevel,
      discovery: count(operations.filter((op) => op.discovery)),
      byGroup: groupCount(nonDiscovery, (op) => (op.group === '' ? 'core' : (op.group ?? '(non-resource)'))),
      byCategory: groupCount(nonDiscovery, (op) => op.category),
      deprecated: operations.filter((op) => op.deprecated).length,
      removedSoon: operations.filter((op) => op.removedIn !== null).length,
      stableUntested: nonDiscovery.filter((op) => op.level === 'stable' && op.conformanceTested === false).length,
    },
    operations,
    unmatched,
    invalid,
    verdict: { pass: violations.length === 0, policy, violations },
  };
}

function verbOf(op: OperationUsage): string {
  const byAction: Record<string, string> = { post: 'create', put: 'update', get: 'get', list: 'list', patch: 'patch', delete: 'delete', deletecollection: 'deletecollection', watch: 'watch', watchlist: 'watch' };
  return (op.action && byAction[op.action]) ?? op.method;
}

function count(ops: OperationUsage[]): LevelCount {
  return { operations: ops.length, hits: ops.reduce((n, op) => n + op.hits, 0) };
}

function groupCount(ops: OperationUsage[], key: (op: OperationUsage) => string): Record<string, LevelCount> {
  const out: Record<string, LevelCount> = {};
  for (const op of ops) {
    const c = (out[key(op)] ??= { operations: 0, hits: 0 });
    c.operations++;
    c.hits += op.hits;
  }
  return out;
}

function violationsOf(ops: OperationUsage[], policy: Policy): Violation[] {
  const out: Violation[] = [];
  for (const op of ops) {
    if (op.discovery) continue;
    const group = op.group === '' ? 'core' : op.group;
    if (policy.allow.includes(op.operationId) || (group !== null && policy.allow.includes(group))) continue;
    const gv = op.group === '' ? `core/${op.version}` : `${op.group}/${op.version}`;
    const base = { operationId: op.operationId, method: op.method, path: op.path, level: op.level, hits: op.hits, callers: op.userAgents };
    if ((op.level === 'alpha' || op.level === 'beta') && policy.failOn.includes(op.level)) {
      out.push({ ...base, rule: op.level, why: `${op.level} API ${gv}` });
    }
    if (op.deprecated && policy.failOn.includes('deprecated')) {
      out.push({ ...base, rule: 'deprecated', why: `${gv} ${op.kind} deprecated in ${op.deprecation?.deprecatedIn}` });
    }
    if (op.removedIn && policy.failOn.includes('removed')) {
      out.push({ ...base, rule: 'removed', why: `${gv} ${op.kind} removed in ${op.removedIn}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Ready-made apps.

const OPERATOR_UA = 'sample-operator/v0.4.2 (linux/amd64) kubernetes/$Format';

/** An operator on Kubernetes 1.36: leader election, pods, config, a deployment, RBAC, one beta and one alpha API. */
export function sampleOperatorReport(extra: Partial<UsageOptions> = {}): Report {
  return usageReport({
    release: '1.36.0',
    laterReleases: [],
    uses: [
      { operationId: 'getAPIVersions', hits: 4 },
      { operationId: 'getCoreAPIVersions', hits: 4 },
      { operationId: 'getCoordinationV1APIResources', hits: 2 },
      { operationId: 'readCoordinationV1NamespacedLease', hits: 180 },
      { operationId: 'replaceCoordinationV1NamespacedLease', hits: 176, codes: { '200': 175, '409': 1 } },
      { operationId: 'createCoordinationV1NamespacedLease', hits: 1, codes: { '201': 1 } },
      { operationId: 'listCoreV1NamespacedPod', hits: 42 },
      { operationId: 'readCoreV1NamespacedPod', hits: 17, codes: { '200': 15, '404': 2 } },
      { operationId: 'readCoreV1NamespacedConfigMap', hits: 9 },
      { operationId: 'createCoreV1NamespacedConfigMap', hits: 1, codes: { '201': 1 } },
      { operationId: 'patchCoreV1NamespacedConfigMap', hits: 3 },
      { operationId: 'listCoreV1NamespacedSecret', hits: 6 },
      { operationId: 'createCoreV1NamespacedEvent', hits: 12, codes: { '201': 12 } },
      { operationId: 'listAppsV1NamespacedDeployment', hits: 8 },
      { operationId: 'createAppsV1NamespacedDeployment', hits: 1, codes: { '201': 1 } },
      { operationId: 'patchAppsV1NamespacedDeployment', hits: 5 },
      { operationId: 'createRbacAuthorizationV1NamespacedRole', hits: 1, codes: { '201': 1 } },
      { operationId: 'listRbacAuthorizationV1NamespacedRoleBinding', hits: 2 },
      { operationId: 'readAutoscalingV2NamespacedHorizontalPodAutoscaler', hits: 3, codes: { '404': 3 } },
      { operationId: 'connectCoreV1PostNamespacedPodExec', hits: 2, codes: { '101': 2 }, userAgents: ['kubectl/v1.36.0 (linux/amd64) kubernetes/abc1234'] },
      { operationId: 'listCoordinationV1beta1NamespacedLeaseCandidate', hits: 5 },
      { operationId: 'createCoordinationV1beta1NamespacedLeaseCandidate', hits: 1, codes: { '201': 1 } },
      { operationId: 'listSchedulingV1alpha2NamespacedWorkload', hits: 3, codes: { '404': 3 } },
    ],
    unmatched: [
      { pattern: '/apis/sample.example.com/v1/namespaces/{namespace}/widgets', verb: 'list', reason: 'unknown-group-version', count: 14, group: 'sample.example.com', version: 'v1', resource: 'widgets', userAgents: [OPERATOR_UA] },
      { pattern: '/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods', verb: 'list', reason: 'unknown-group-version', count: 3, group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', userAgents: [OPERATOR_UA] },
      { pattern: '/healthz', verb: 'get', reason: 'non-resource-url', count: 2, userAgents: ['kube-probe/1.36'] },
    ],
    ...extra,
  });
}

/**
 * A 2021-era app on Kubernetes 1.21 that Pluto says breaks later: batch/v1beta1 CronJob and policy/v1beta1
 * PodSecurityPolicy (both removed in 1.25), autoscaling/v2beta2 HPA (removed in 1.26).
 */
export function legacyAppReport(extra: Partial<UsageOptions> = {}): Report {
  return usageReport({
    release: '1.21.0',
    laterReleases: ['1.25', '1.26'],
    failOn: ['alpha', 'beta', 'removed'],
    inputs: ['audit/legacy-app.log'],
    uses: [
      { operationId: 'getAPIVersions', hits: 2 },
      { operationId: 'listCoreV1NamespacedPod', hits: 20 },
      { operationId: 'createCoreV1NamespacedPod', hits: 4, codes: { '201': 4 } },
      { operationId: 'listBatchV1beta1NamespacedCronJob', hits: 11 },
      { operationId: 'createBatchV1beta1NamespacedCronJob', hits: 1, codes: { '201': 1 } },
      { operationId: 'readPolicyV1beta1PodSecurityPolicy', hits: 3 },
      { operationId: 'listAutoscalingV2beta2NamespacedHorizontalPodAutoscaler', hits: 7 },
      { operationId: 'listAppsV1NamespacedDeployment', hits: 6 },
    ],
    ...extra,
  });
}

/** Deterministic pseudo-random integer in [1, max] from a string (FNV-1a), so big fixtures are reproducible. */
export function spread(key: string, max: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1 + (h % max);
}

export const HOSTILE_USER_AGENTS = [
  'evil|agent <script>alert(1)</script> `rm -rf /` @octocat [click](http://evil.example) **bold** <!-- x -->',
  '=HYPERLINK("http://evil.example","x"),"quoted",\r\nsecond line',
  '``` </details> <details open> | --- |',
  '-2+3',
  'x'.repeat(20_000),
];

/**
 * Every operation APISnoop's coverage lists in any release (union by operationId, newest release wins) plus the
 * watch operations of every spec, with hostile callers, thousands of unmatched patterns and invalid lines.
 */
export function hugeReport(): Report {
  const latest = new Map<string, CoverageEndpoint>();
  for (const r of coverageReleases()) for (const e of loadCoverage(r)) latest.set(e.endpoint, e);
  const coverageOps = [...latest.values()].map(operationFromCoverage);
  const watches = watchOperations().filter((w) => !latest.has(w.operationId));
  const all = [...coverageOps, ...watches];
  const unmatched: Unmatched[] = [];
  for (let i = 0; i < 3000; i++) {
    const group = `crd${i}.example.com`;
    unmatched.push({
      pattern: `/apis/${group}/v1/namespaces/{namespace}/things${i % 7}`,
      verb: i % 3 === 0 ? 'watch' : 'list',
      reason: 'unknown-group-version',
      count: spread(group, 50),
      group,
      version: 'v1',
      resource: `things${i % 7}`,
      userAgents: HOSTILE_USER_AGENTS.slice(0, 1 + (i % HOSTILE_USER_AGENTS.length)),
    });
  }
  for (let i = 0; i < 1000; i++) {
    unmatched.push({ pattern: `/metrics/slis/${i}|<b>`, verb: 'get', reason: 'non-resource-url', count: spread(`m${i}`, 9), userAgents: [HOSTILE_USER_AGENTS[i % 3]] });
  }
  const invalid: InvalidLine[] = Array.from({ length: 1200 }, (_, i) => ({
    file: 'audit/big|log.json',
    line: i + 1,
    message: `Unexpected token <${i}> in JSON at position ${i} | \`tick\``,
  }));
  return usageReport({
    release: '1.36.0',
    laterReleases: ['1.37'],
    extraOperations: all,
    failOn: ['alpha', 'beta', 'removed'],
    uses: all.map((op) => ({
      operationId: op.operationId,
      hits: spread(op.operationId, 500),
      userAgents: [HOSTILE_USER_AGENTS[spread(op.operationId, HOSTILE_USER_AGENTS.length) - 1], OPERATOR_UA, 'helm/v3.19.0', 'kubectl/v1.36.0'],
    })),
    unmatched,
    invalid,
  });
}
