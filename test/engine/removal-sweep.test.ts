// "What breaks on the next release", for every operation of every shipped release: each is requested once and the log
// analysed as `apisnoop analyze --k8s-version R` does it (the shipped later releases, Pluto's table, the earlier
// releases' catalogue). Its removedIn and deprecated are compared with what the upstream specs and Pluto's
// versions.yaml say, both read here from the fixtures, not from data/.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Operation, Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { earlierOperations, loadConformanceFile, loadDeprecations, loadSpecVersion, shippedReleases } from '../../src/sources/specs.js';
import { analyzeLines, fixture, loadFixtureSpec, readSpecDocument } from '../helpers/fixtures.js';
import { auditVerbOf } from '../helpers/audit-verb.js';

const SHIPPED = ['1.13', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];
const num = (r: string): number => Number(r.split('.')[1]);
const minor = (v: string | undefined): string | null => (v ? `1.${/1\.(\d+)/.exec(v)![1]}` : null);

/** Pluto's Kubernetes entries: "group/version|Kind" -> deprecated-in, removed-in (1.NN). */
const pluto = new Map(
  (load(readFileSync(fixture('deprecations/pluto-versions.yaml'), 'utf8')) as { 'deprecated-versions': Array<Record<string, string>> })['deprecated-versions']
    .filter((e) => e.component === 'k8s')
    .map((e) => [`${e.version}|${e.kind}`, { deprecatedIn: minor(e['deprecated-in']), removedIn: minor(e['removed-in']) }]),
);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
type Doc = { paths: Record<string, Record<string, { operationId?: string; 'x-kubernetes-group-version-kind'?: { kind: string } }>> };
/** "method path" of every operation of a fixture spec. */
const served = new Map(SHIPPED.map((r) => [r, new Set(Object.entries((readSpecDocument(r) as Doc).paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]?.operationId).map((m) => `${m} ${p}`)))]));

/** The group/version of a path and the kind Pluto names it by: its own, or its parent object's for a subresource. */
function plutoKey(doc: Doc, path: string): string | null {
  const segs = path.split('/').filter(Boolean);
  const gv = segs[0] === 'api' ? segs[1] : segs[0] === 'apis' ? `${segs[1]}/${segs[2]}` : undefined;
  const at = path.lastIndexOf('/{name}/');
  const object = at === -1 ? path : path.slice(0, at + '/{name}'.length);
  const kind = METHODS.map((m) => doc.paths[object]?.[m]?.['x-kubernetes-group-version-kind']?.kind).find(Boolean);
  return gv && kind ? `${gv}|${kind}` : null;
}

/** What the fixtures say of an operation of release r: the earliest of the first later spec lacking it and Pluto's removal (unless a spec of that release or later serves it). */
function expectedRemoval(r: string, key: string, plutoRemoved: string | null): string | null {
  const later = SHIPPED.filter((x) => num(x) > num(r));
  const lacking = later.find((x) => !served.get(x)!.has(key)) ?? null;
  const plutoStands = plutoRemoved !== null && num(plutoRemoved) > num(r) && ![r, ...later].some((x) => num(x) >= num(plutoRemoved) && served.get(x)!.has(key));
  const c = [lacking, plutoStands ? plutoRemoved : null].filter((x): x is string => x !== null).sort((a, b) => num(a) - num(b));
  return c[0] ?? null;
}


const event = (i: number, verb: string, requestURI: string): string =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `sweep-${i}`,
    stage: 'ResponseComplete',
    requestURI,
    verb,
    user: { username: 'system:serviceaccount:shop:operator' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-05-01T10:00:00.000000Z',
  });
/** One request per operation (the HEAD and OPTIONS ones, which an audit log cannot tell apart, left out). */
const requestsOf = (ops: readonly Operation[]): string[] =>
  ops.filter((o) => METHODS.includes(o.method)).map((o, i) => event(i, auditVerbOf(o), o.path.replace(/\{[^}]+\}/g, (p) => (p === '{namespace}' ? 'shop' : 'x'))));

async function analyseEvery(spec: Spec, release: string, extra: Partial<Parameters<typeof analyzeLines>[1]> = {}): Promise<Report> {
  const later = await Promise.all((await shippedReleases()).filter((x) => num(x) > num(release)).map(loadSpecVersion));
  return analyzeLines(requestsOf(spec.operations), { spec, laterSpecs: later, deprecations: await loadDeprecations(), earlier: earlierOperations(release), policy: { failOn: [] }, ...extra });
}

// Per release: operations (not discovery, HEAD/OPTIONS left out), those with a removal, those the next shipped
// release lacks, those Pluto names (its group/version and kind), and the deprecated ones other than watch*; and the
// discovery operations the next release lacks (the resource lists of its group/versions gone), which a diff of the
// specs counts too but the report's counts (removedSoon) leave out.
const FIGURES: Record<string, { operations: number; removed: number; next: string | null; goneInNext: number; discoveryGoneInNext: number; plutoNamed: number; deprecated: number }> = {
  '1.13': { operations: 946, removed: 523, next: '1.28', goneInNext: 523, discoveryGoneInNext: 25, plutoNamed: 442, deprecated: 134 },
  '1.28': { operations: 800, removed: 158, next: '1.30', goneInNext: 33, discoveryGoneInNext: 1, plutoNamed: 69, deprecated: 47 },
  '1.30': { operations: 876, removed: 189, next: '1.31', goneInNext: 100, discoveryGoneInNext: 2, plutoNamed: 66, deprecated: 27 },
  '1.31': { operations: 874, removed: 157, next: '1.32', goneInNext: 71, discoveryGoneInNext: 3, plutoNamed: 118, deprecated: 44 },
  '1.32': { operations: 878, removed: 86, next: '1.33', goneInNext: 1, discoveryGoneInNext: 1, plutoNamed: 116, deprecated: 40 },
  '1.33': { operations: 970, removed: 85, next: '1.34', goneInNext: 64, discoveryGoneInNext: 0, plutoNamed: 116, deprecated: 73 },
  '1.34': { operations: 990, removed: 35, next: '1.35', goneInNext: 35, discoveryGoneInNext: 2, plutoNamed: 73, deprecated: 47 },
  '1.35': { operations: 995, removed: 11, next: '1.36', goneInNext: 11, discoveryGoneInNext: 1, plutoNamed: 52, deprecated: 40 },
  '1.36': { operations: 1051, removed: 0, next: null, goneInNext: 0, discoveryGoneInNext: 0, plutoNamed: 52, deprecated: 40 },
};

describe.each(SHIPPED)('every operation of %s, analysed against it', (release) => {
  it('is removed where the next specs or Pluto say, deprecated where Pluto says, and nowhere else', async () => {
    const report = await analyseEvery(await loadSpecVersion(release), release);
    const doc = readSpecDocument(release) as Doc;
    const ops = report.operations.filter((o) => !o.discovery);
    expect(report.summary.unmatched).toBe(0);
    const f = FIGURES[release];
    let plutoNamed = 0;
    for (const o of ops) {
      const key = plutoKey(doc, o.path);
      const entry = key ? pluto.get(key) : undefined;
      if (entry) plutoNamed++;
      expect(o.removedIn, `${o.operationId} ${key}`).toBe(expectedRemoval(release, `${o.method} ${o.path}`, entry?.removedIn ?? null));
      const byPluto = entry?.deprecatedIn != null && num(entry.deprecatedIn) <= num(release);
      expect(o.deprecated, o.operationId).toBe(byPluto || o.operationId.startsWith('watch'));
      // A deprecation still to come, with no removal, is not reported as of this release.
      if (o.deprecation?.deprecatedIn && num(o.deprecation.deprecatedIn) > num(release)) expect(o.removedIn, o.operationId).not.toBeNull();
    }
    const next = f.next;
    const lacks = (o: Operation): boolean => next !== null && !served.get(next)!.has(`${o.method} ${o.path}`);
    const goneInNext = ops.filter(lacks);
    const discoveryGone = report.operations.filter((o) => o.discovery && lacks(o));
    expect({
      operations: ops.length,
      removed: ops.filter((o) => o.removedIn !== null).length,
      next,
      goneInNext: goneInNext.length,
      discoveryGoneInNext: discoveryGone.length,
      plutoNamed,
      deprecated: ops.filter((o) => o.deprecated && !o.operationId.startsWith('watch')).length,
    }).toEqual(f);
    // What breaks on the next release: where it follows this one, exactly the operations its spec lacks, and no other.
    if (next && num(next) === num(release) + 1) {
      expect(ops.filter((o) => o.removedIn === next).map((o) => o.operationId).sort()).toEqual(goneInNext.map((o) => o.operationId).sort());
      // The discovery operations too, which the report's counts leave out.
      expect(report.operations.filter((o) => o.discovery && o.removedIn === next).map((o) => o.operationId).sort()).toEqual(discoveryGone.map((o) => o.operationId).sort());
    }
    expect(report.summary.removedSoon).toBe(f.removed);
  });
});

// Every operation of every fixture release requested once, each log analysed against each release: what the release
// lacks is matched through the earlier ones (lastServedIn). The rule, from the fixture specs and Pluto's table alone:
// the earliest of the first release after the last that served it to lack it (kind's 1.21 document, which leaves out
// the alpha groups, only when it is the release analysed), the first later shipped spec to lack it, and Pluto's removal
// (the latest of a group/version's kinds for its discovery), unless the first spec checked from that release on (the
// release analysed or a later shipped one) serves it: a group/version back later (certificates.k8s.io/v1beta1,
// removed in 1.22, served again from 1.33) keeps its removal. Exact sources first on a tie.
const ALL = ['1.13', '1.21', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];
const docName = (r: string): string => (r === '1.21' ? '1.21-served-kind' : r);
const docs = new Map(ALL.map((r) => [r, readSpecDocument(docName(r)) as Doc]));
const servedIn = (r: string, key: string): boolean => Object.prototype.hasOwnProperty.call(docs.get(r)!.paths[key.slice(key.indexOf(' ') + 1)] ?? {}, key.slice(0, key.indexOf(' ')));

/** Pluto's removal of a path as of release r: its kind's, or for a group/version's discovery the latest of its kinds' (none when one has none). */
function plutoRemoval(r: string, path: string, discovery: boolean): string | null {
  if (!discovery) {
    const key = plutoKey(docs.get(r)!, path);
    return (key && pluto.get(key)?.removedIn) ?? null;
  }
  const segs = path.split('/').filter(Boolean);
  const gv = segs[0] === 'api' ? segs[1] : `${segs[1]}/${segs[2]}`;
  const removals = [...pluto].filter(([k]) => k.slice(0, k.indexOf('|')) === gv).map(([, e]) => e.removedIn);
  if (removals.length === 0 || removals.includes(null)) return null;
  return removals.sort((a, b) => num(b!) - num(a!))[0]!;
}

function expectedOf(release: string, key: string, discovery: boolean): { removedIn: string | null; source?: string } {
  const path = key.slice(key.indexOf(' ') + 1);
  const later = SHIPPED.filter((x) => num(x) > num(release));
  const candidates: Array<[string, string]> = [];
  const plutoStands = (p: string | null, from: string): boolean => {
    if (p === null || num(p) <= num(from)) return false;
    const first = [release, ...later].find((x) => num(x) >= num(p));
    return !(first !== undefined && servedIn(first, key));
  };
  if (servedIn(release, key)) {
    const p = plutoRemoval(release, path, discovery);
    if (plutoStands(p, release)) candidates.push([p!, 'pluto']);
  } else {
    let last = ALL.filter((x) => num(x) < num(release) && servedIn(x, key)).at(-1)!;
    let gap = ALL.find((x) => num(x) > num(last) && num(x) <= num(release) && !servedIn(x, key) && (x !== '1.21' || release === '1.21'));
    const p = plutoRemoval(last, path, discovery);
    // kind's 1.21 leaves out what upstream 1.21 served: Pluto's later removal says so (rbac v1alpha1, removed in 1.22).
    if (release === '1.21' && gap === '1.21' && p !== null && num(p) > 21) [last, gap] = ['1.21', undefined];
    if (plutoStands(p, last)) candidates.push([p!, 'pluto']);
    if (gap) candidates.push([gap, 'earlier-spec']);
  }
  const lacking = later.find((x) => !servedIn(x, key));
  if (lacking) candidates.push([lacking, 'later-spec']);
  const winner = candidates.sort((a, b) => num(a[0]) - num(b[0]))[0];
  return winner ? { removedIn: winner[0], source: winner[1] } : { removedIn: null };
}

describe('every operation of every release, analysed against each: what the release lacks is matched through the earlier ones', async () => {
  const every = new Map((await Promise.all(ALL.map((r) => loadFixtureSpec(docName(r))))).flatMap((s) => s.operations.map((o) => [`${o.method} ${o.path}`, o] as const)));
  const requests = requestsOf([...every.values()]);

  it.each(ALL)('on %s, removedIn and its source follow the fixture specs and Pluto, a comeback included', async (release) => {
    const spec = await loadFixtureSpec(docName(release));
    const later = await Promise.all(SHIPPED.filter((x) => num(x) > num(release)).map(loadSpecVersion));
    const report = analyzeLines(requests, { spec, laterSpecs: later, deprecations: await loadDeprecations(), earlier: earlierOperations(release), policy: { failOn: [] } });
    const got = report.operations.map((o) => [o.operationId, o.removedIn, o.removedIn === null ? undefined : o.deprecation?.source]);
    const want = report.operations.map((o) => {
      const e = expectedOf(release, `${o.method} ${o.path}`, o.discovery);
      return [o.operationId, e.removedIn, e.source];
    });
    expect(got).toEqual(want);
    // Past the first release, some of what it lacks was served before it and matched through it.
    if (release !== ALL[0]) expect(report.operations.filter((o) => o.lastServedIn !== undefined).length).toBeGreaterThan(0);
  });

  it('the comebacks: certificates, coordination and networking v1beta1 on 1.30 and 1.32 and scheduling v1alpha1 on 1.34 keep Pluto\'s removal', async () => {
    const cases: Array<[string, string, string]> = [
      ['1.30', 'getNetworkingV1beta1APIResources', '1.22'],
      ['1.32', 'getCertificatesV1beta1APIResources', '1.22'],
      ['1.32', 'getCoordinationV1beta1APIResources', '1.22'],
      ['1.34', 'getSchedulingV1alpha1APIResources', '1.17'],
      // The fixes before: a removal the later spec of Pluto's release does not bear out is dropped; one it does stands.
      ['1.21', 'getAdmissionregistrationV1alpha1APIResources', ''],
      ['1.21', 'getCertificatesV1beta1APIResources', '1.22'],
    ];
    for (const [release, id, removedIn] of cases) {
      const spec = await loadFixtureSpec(docName(release));
      const later = await Promise.all(SHIPPED.filter((x) => num(x) > num(release)).map(loadSpecVersion));
      const op = every.get(`get ${[...every.values()].find((o) => o.operationId === id)!.path}`)!;
      const report = analyzeLines(requestsOf([op]), { spec, laterSpecs: later, deprecations: await loadDeprecations(), earlier: earlierOperations(release), policy: { failOn: [] } });
      const read = report.operations.find((o) => o.operationId === id);
      expect(read, `${id} on ${release}`).toMatchObject(removedIn ? { removedIn, deprecation: { source: 'pluto', removedIn } } : { removedIn: null, deprecation: null });
    }
  });
});

describe("a cluster's own document leaves out the APIs it does not enable (kind 1.21: no alpha groups)", () => {
  const requests = [
    event(1, 'list', '/apis/rbac.authorization.k8s.io/v1alpha1/clusterroles'),
    event(2, 'get', '/apis/rbac.authorization.k8s.io/v1alpha1/namespaces/shop/roles/reader'),
    // Served by 1.13 only, and no entry in Pluto's table: gone by 1.21 as far as anything here says.
    event(3, 'list', '/apis/settings.k8s.io/v1alpha1/podpresets'),
  ];

  it('rbac v1alpha1: removed in 1.22 (Pluto), not "gone by 1.21", with or without the release\'s coverage data', async () => {
    const spec = await loadFixtureSpec('1.21-served-kind');
    expect(spec.operations.some((o) => o.path.startsWith('/apis/rbac.authorization.k8s.io/v1alpha1/'))).toBe(false);
    const coverage = await loadConformanceFile(fixture('apisnoop/coverage-1.21.0.json.gz'));
    // APISnoop's 1.21 coverage, made from the upstream 1.21 spec, lists it: the upstream release served it.
    expect(coverage.endpoints.has('listRbacAuthorizationV1alpha1ClusterRole')).toBe(true);
    for (const conformance of [null, coverage]) {
      const report = analyzeLines(requests, { spec, laterSpecs: await Promise.all(SHIPPED.slice(1).map(loadSpecVersion)), deprecations: await loadDeprecations(), earlier: earlierOperations('1.21'), conformance, policy: { failOn: ['removed'] } });
      const byId = new Map(report.operations.map((o) => [o.operationId, o]));
      for (const id of ['listRbacAuthorizationV1alpha1ClusterRole', 'readRbacAuthorizationV1alpha1NamespacedRole']) {
        expect(byId.get(id), `${id} with${conformance ? '' : 'out'} coverage data`).toMatchObject({
          removedIn: '1.22',
          lastServedIn: '1.21',
          deprecated: true,
          deprecation: { source: 'pluto', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
        });
      }
      expect(report.summary.removedSoon).toBe(2);
      expect(report.verdict.violations.find((v) => v.operationId === 'listRbacAuthorizationV1alpha1ClusterRole')?.why).toContain('removed in Kubernetes 1.22');
    }
    // Nothing else says settings.k8s.io/v1alpha1 outlived 1.13: the cluster's release is the bound.
    const report = analyzeLines(requests, { spec, deprecations: await loadDeprecations(), earlier: earlierOperations('1.21'), policy: { failOn: [] } });
    expect(report.operations.find((o) => o.operationId === 'listSettingsV1alpha1PodPresetForAllNamespaces')).toMatchObject({ removedIn: '1.21', lastServedIn: '1.13', deprecation: { source: 'earlier-spec' } });
    expect(report.summary).toMatchObject({ removedAlready: 1, removedSoon: 2 });
  });
});
