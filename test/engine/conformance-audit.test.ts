// The conformance figures against APISnoop's published ones, release by release: every operation of the release's spec
// requested once by an e2e run (a test name without [Conformance], so that conformance comes from the data alone),
// analysed with the release's coverage data and Kubernetes' ineligible list, then counted as APISnoop counts
// (conformance-progress.json: its eligible endpoints, and those a conformance test covers by then) and as the page
// shows it. Every difference falls in a class named below; docs/classification.md has the table.
// Reproduce: npx vitest run test/engine/conformance-audit.test.ts
import { describe, expect, it } from 'vitest';
import type { Operation, Report } from '../../src/engine/report.js';
import { conformanceFigure } from '../../src/web/page/format.js';
import { loadConformanceFile, loadConformanceVersion, loadIneligible } from '../../src/sources/specs.js';
import { analyzeLines, fixture, loadFixtureSpec, readFixtureJson } from '../helpers/fixtures.js';
import { sweepLines } from '../helpers/audit-verb.js';

interface CoverageFile {
  endpoints: Array<{ endpoint: string; level: string; conf_tested: boolean }>;
}
const minor = (v: string): number[] => v.split('.').slice(0, 2).map(Number);
const atOrBefore = (a: string, b: string): boolean => minor(a)[0] < minor(b)[0] || (minor(a)[0] === minor(b)[0] && minor(a)[1] <= minor(b)[1]);

const ineligibleList = new Set(readFixtureJson<Array<{ endpoint: string }>>('apisnoop', 'ineligible_endpoints.json').map((e) => e.endpoint));
const conformanceEndpoints = readFixtureJson<Array<{ endpoint: string; promotion_release: string; tested_release: string | null }>>('apisnoop', 'conformance-endpoints.json.gz');
const progress = new Map(readFixtureJson<Array<{ release: string; total: { endpoints: number; tested: number } }>>('apisnoop', 'conformance-progress.json').map((p) => [p.release, p.total]));
const perRelease = new Map(
  readFixtureJson<Array<{ release: string; 'total endpoints': number; 'total tested': number }>>('apisnoop', 'conformance-coverage-per-release.json').map((p) => [p.release, p]),
);

/** One e2e request per operation (sweepLines), OPTIONS with the empty verb RequestInfo gives it. */
const sweep = (ops: readonly Operation[], release: string): string[] => sweepLines(ops, `e2e.test/v${release}.0 (linux/amd64) kubernetes/abc -- [sig-audit] every operation once`, true);

async function sweepReport(release: string): Promise<Report> {
  // 1.21: the document a kind v1.21.2 cluster served (no upstream 1.21 spec is shipped), with APISnoop's 1.21 coverage.
  const spec = await loadFixtureSpec(release === '1.21' ? '1.21-served-kind' : release);
  const conformance = release === '1.21' ? await loadConformanceFile(fixture('apisnoop', 'coverage-1.21.0.json.gz')) : await loadConformanceVersion(release);
  return analyzeLines(sweep(spec.operations, release), { spec, conformance, ineligible: await loadIneligible(), selection: { e2e: true }, policy: { failOn: [] } });
}

interface Row {
  /** conformance-progress.json: APISnoop's eligible endpoints (stable by its levels, not ineligible), those tested by then. */
  published: { eligible: number; tested: number };
  /** conformance-coverage-per-release.json: the same eligible total, "tested" as of today (every one since 1.36). */
  perRelease: { eligible: number; tested: number };
  /** The same count over our report: stable by our levels, rated by the data (no watch*), not ineligible. */
  ours: { eligible: number; tested: number };
  /** Published eligible endpoints no report can hold: the HEAD proxy operations of pods and services (audited as GET). */
  head: number;
  /** Published eligible endpoints the spec analysed lacks (1.21: the served kind document has no alpha ephemeralcontainers). */
  notInSpec: number;
  /** Published eligible endpoints we call beta or alpha: discovery of a group with no GA version (class b). */
  levelDown: number;
  /** Ours eligible that APISnoop calls beta: the two service account issuer discovery operations (class c), untested. */
  levelUp: number;
  /** Ours tested that conformance-endpoints.json says were first covered in a later release (1.21's run saw them hit). */
  testedEarlier: number;
  /** summary.stableUntestedEligible. */
  gaps: number;
  /** The page's "stable, conformance tested" (non-discovery): tested of known, and the watch* ones without data. */
  page: { stable: number; tested: number; known: number; unknown: number; untestedIneligible: number };
}

const EXPECTED: Record<string, Row> = {
  '1.21': { published: { eligible: 447, tested: 299 }, perRelease: { eligible: 447, tested: 447 }, ours: { eligible: 441, tested: 321 }, head: 4, notInSpec: 3, levelDown: 2, levelUp: 2, testedEarlier: 25, gaps: 120, page: { stable: 597, tested: 292, known: 479, unknown: 118, untestedIneligible: 67 } },
  '1.28': { published: { eligible: 457, tested: 411 }, perRelease: { eligible: 457, tested: 457 }, ours: { eligible: 454, tested: 406 }, head: 4, notInSpec: 0, levelDown: 1, levelUp: 2, testedEarlier: 0, gaps: 48, page: { stable: 627, tested: 377, known: 503, unknown: 124, untestedIneligible: 78 } },
  '1.30': { published: { eligible: 495, tested: 482 }, perRelease: { eligible: 495, tested: 495 }, ours: { eligible: 493, tested: 478 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 15, page: { stable: 672, tested: 447, known: 540, unknown: 132, untestedIneligible: 78 } },
  '1.31': { published: { eligible: 495, tested: 482 }, perRelease: { eligible: 495, tested: 495 }, ours: { eligible: 493, tested: 478 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 15, page: { stable: 672, tested: 447, known: 540, unknown: 132, untestedIneligible: 78 } },
  '1.32': { published: { eligible: 498, tested: 495 }, perRelease: { eligible: 498, tested: 498 }, ours: { eligible: 496, tested: 491 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 5, page: { stable: 675, tested: 459, known: 543, unknown: 132, untestedIneligible: 79 } },
  '1.33': { published: { eligible: 508, tested: 495 }, perRelease: { eligible: 508, tested: 508 }, ours: { eligible: 506, tested: 491 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 15, page: { stable: 696, tested: 459, known: 560, unknown: 136, untestedIneligible: 86 } },
  '1.34': { published: { eligible: 549, tested: 505 }, perRelease: { eligible: 549, tested: 549 }, ours: { eligible: 547, tested: 501 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 45, page: { stable: 748, tested: 471, known: 600, unknown: 148, untestedIneligible: 84 } },
  '1.35': { published: { eligible: 549, tested: 549 }, perRelease: { eligible: 549, tested: 549 }, ours: { eligible: 547, tested: 545 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 2, page: { stable: 748, tested: 513, known: 600, unknown: 148, untestedIneligible: 85 } },
  '1.36': { published: { eligible: 563, tested: 563 }, perRelease: { eligible: 563, tested: 563 }, ours: { eligible: 561, tested: 559 }, head: 4, notInSpec: 0, levelDown: 0, levelUp: 2, testedEarlier: 0, gaps: 2, page: { stable: 766, tested: 527, known: 614, unknown: 152, untestedIneligible: 85 } },
};

describe.each(Object.keys(EXPECTED))('conformance figures of %s against APISnoop', (release) => {
  it('agree but for the named classes', async () => {
    const report = await sweepReport(release);
    const ops = new Map(report.operations.map((o) => [o.operationId, o]));
    const coverage = readFixtureJson<CoverageFile>('apisnoop', `coverage-${release}.0.json.gz`);
    const theirLevel = new Map(coverage.endpoints.map((e) => [e.endpoint, e.level]));

    // APISnoop's eligible endpoints of the release: stable by its levels (no watch*), not ineligible; conformance-endpoints.json
    // lists exactly them (promoted by then), each with the release of its first conformance test.
    const eligible = coverage.endpoints.filter((e) => e.level === 'stable' && !ineligibleList.has(e.endpoint)).map((e) => e.endpoint);
    const listed = conformanceEndpoints.filter((e) => atOrBefore(e.promotion_release, release));
    const testedBy = new Set(listed.filter((e) => e.tested_release !== null && atOrBefore(e.tested_release, release)).map((e) => e.endpoint));
    const published = { eligible: listed.length, tested: testedBy.size };
    expect(published).toEqual({ eligible: progress.get(`${release}.0`)!.endpoints, tested: progress.get(`${release}.0`)!.tested });
    const per = perRelease.get(`${release}.0`)!;

    const oursEligible = report.operations.filter((o) => o.level === 'stable' && o.conformanceTested !== null && !o.conformanceIneligible);
    const oursTested = oursEligible.filter((o) => o.conformanceTested === true);
    const absent = eligible.filter((id) => !ops.has(id));
    const head = absent.filter((id) => /^connectCoreV1Head/.test(id));
    const notInSpec = absent.filter((id) => !head.includes(id));
    const levelDown = eligible.filter((id) => ops.has(id) && ops.get(id)!.level !== 'stable');
    const levelUp = oursEligible.filter((o) => theirLevel.get(o.operationId) !== 'stable');
    const testedEarlier = oursTested.filter((o) => !testedBy.has(o.operationId));
    const page = conformanceFigure(report.operations.filter((o) => o.level === 'stable' && !o.discovery));

    const row: Row = {
      published,
      perRelease: { eligible: per['total endpoints'], tested: per['total tested'] },
      ours: { eligible: oursEligible.length, tested: oursTested.length },
      head: head.length,
      notInSpec: notInSpec.length,
      levelDown: levelDown.length,
      levelUp: levelUp.length,
      testedEarlier: testedEarlier.length,
      gaps: report.summary.stableUntestedEligible!,
      page,
    };
    expect(row).toEqual(EXPECTED[release]);

    // APISnoop's own two counts of eligible endpoints differ only where conformance-endpoints.json, a list of today's
    // endpoints, has lost one removed since: /apis/extensions/ (gone in 1.22), stable by APISnoop's 1.21 data.
    expect(eligible.filter((id) => !listed.some((e) => e.endpoint === id))).toEqual(release === '1.21' ? ['getExtensionsAPIGroup'] : []);
    expect(listed.every((e) => eligible.includes(e.endpoint))).toBe(true);
    // Ours is APISnoop's eligible set less what no report can hold or we call beta, plus what we call stable.
    const ourIds = new Set(oursEligible.map((o) => o.operationId));
    const upIds = new Set(levelUp.map((o) => o.operationId));
    expect(new Set(eligible.filter((id) => !absent.includes(id) && !levelDown.includes(id)))).toEqual(new Set([...ourIds].filter((id) => !upIds.has(id))));
    expect(row.ours.eligible).toBe(eligible.length - row.head - row.notInSpec - row.levelDown + row.levelUp);
    // Ours tested is APISnoop's tested less what no report holds or we call beta, plus what its run saw covered earlier.
    const missing = [...testedBy].filter((id) => !oursTested.some((o) => o.operationId === id));
    expect(missing.every((id) => absent.includes(id) || levelDown.includes(id)), missing.join(' ')).toBe(true);
    expect(row.ours.tested).toBe(published.tested - missing.length + row.testedEarlier);
    expect(levelUp.map((o) => o.operationId).sort()).toEqual(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);
    expect(levelUp.every((o) => o.conformanceTested === false)).toBe(true);
    expect(head).toHaveLength(4);
    // The OPTIONS proxy operations, requested with the empty verb RequestInfo gives them, are held and tested as the
    // data says: all four since 1.24, the two WithPath ones since 1.21 (the nodes' two are ineligible).
    const options = eligible.filter((id) => /^connectCoreV1Options/.test(id));
    expect(options).toHaveLength(4);
    expect(options.filter((id) => ops.get(id)!.conformanceTested === true)).toEqual(options.filter((id) => testedBy.has(id)));
    expect(options.filter((id) => testedBy.has(id))).toHaveLength(release === '1.21' ? 2 : 4);
    // The gaps a conformance test could close are APISnoop's untested eligible endpoints of the release, plus the two
    // service account issuer discovery operations, which APISnoop calls beta (a [Conformance] test exercises them from
    // a pod, whose requests its run does not tie to the test).
    const gaps = report.operations.filter((o) => o.level === 'stable' && !o.discovery && o.conformanceTested === false && !o.conformanceIneligible).map((o) => o.operationId);
    expect(gaps).toHaveLength(row.gaps);
    // Ours eligible less ours tested counts the discovery operations too, which the gaps leave out as the report's
    // counts do: 1.34's 46 untested are its 45 gaps and the discovery of resource.k8s.io/v1, new and untested then.
    const discoveryUntested = oursEligible.filter((o) => o.discovery && o.conformanceTested === false).map((o) => o.operationId);
    expect(row.ours.eligible - row.ours.tested - row.gaps).toBe(discoveryUntested.length);
    expect(discoveryUntested).toEqual(release === '1.34' ? ['getResourceV1APIResources'] : []);
    expect(gaps.filter((id) => !levelUp.some((o) => o.operationId === id)).every((id) => eligible.includes(id))).toBe(true);
  });
});
