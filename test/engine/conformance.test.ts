// The conformance overlay on APISnoop's real data: a per-release coverage file (one e2e run) joined with
// conformance-endpoints.json (the release since which conformance tests cover an endpoint).
import { csvParseRows } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { compareMinor } from '../../src/engine/deprecations.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { loadConformanceFile, loadConformanceVersion, loadIneligible } from '../../src/sources/specs.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { analyzeLines, AUDIT2RBAC_2017, fixture, HKERMA_CSV, loadFixtureSpec, readFixtureJson } from '../helpers/fixtures.js';
import { tables } from '../helpers/markdown-check.js';

interface CoverageFile {
  release: string;
  endpoints: Array<{ endpoint: string; level: string; conf_tested: boolean }>;
}

const minor = (v: string): string => /^(\d+\.\d+)/.exec(v)![1];
/** tested_release of every endpoint of conformance-endpoints.json, read from the fixture here, not from data/. */
const testedRelease = new Map(
  readFixtureJson<Array<{ endpoint: string; tested_release: string }>>('apisnoop', 'conformance-endpoints.json.gz').map((e) => [e.endpoint, minor(e.tested_release)]),
);
/** The endpoints a coverage file says are not conformance tested although a conformance test covers them by then. */
function missedByTheRun(file: CoverageFile): string[] {
  const r = minor(file.release);
  return file.endpoints
    .filter((e) => !e.conf_tested && testedRelease.has(e.endpoint) && compareMinor(testedRelease.get(e.endpoint)!, r) <= 0)
    .map((e) => e.endpoint)
    .sort();
}

describe('conformance tested: the coverage data, or conformance-endpoints.json since that release or before', () => {
  it.each([
    ['1.28', 0],
    ['1.30', 0],
    ['1.31', 0],
    ['1.32', 43],
    ['1.33', 43],
    ['1.34', 43],
    ['1.35', 0],
    ['1.36', 0],
  ])('shipped %s: %i endpoints the run missed are conformance tested, nothing else changes', async (version, missed) => {
    const raw = readFixtureJson<CoverageFile>('apisnoop', `coverage-${version}.0.json.gz`);
    const expected = missedByTheRun(raw);
    expect(expected).toHaveLength(missed);
    // Every one of them is stable.
    expect(raw.endpoints.filter((e) => expected.includes(e.endpoint)).every((e) => e.level === 'stable')).toBe(true);
    const data = await loadConformanceVersion(version);
    expect(data.endpoints.size).toBe(raw.endpoints.length);
    const changed = raw.endpoints.filter((e) => data.endpoints.get(e.endpoint)!.conformanceTested !== e.conf_tested).map((e) => e.endpoint).sort();
    expect(changed).toEqual(expected);
    for (const id of changed) expect(data.endpoints.get(id), id).toMatchObject({ tested: true, conformanceTested: true });
  });

  it('the reviewed examples: readAppsV1NamespacedDaemonSet (tested since 1.10) and readSchedulingV1PriorityClass (1.20) in 1.33', async () => {
    const raw = new Map(readFixtureJson<CoverageFile>('apisnoop', 'coverage-1.33.0.json.gz').endpoints.map((e) => [e.endpoint, e.conf_tested]));
    const data = await loadConformanceVersion('1.33');
    for (const id of ['readAppsV1NamespacedDaemonSet', 'readSchedulingV1PriorityClass']) {
      expect(raw.get(id), id).toBe(false);
      expect(data.endpoints.get(id)?.conformanceTested, id).toBe(true);
    }
  });

  it.each([
    ['1.21', 3],
    ['1.24', 1],
    ['1.27', 0],
  ])('coverage %s given as a file (--conformance FILE, a download): %i missed endpoints made conformance tested', async (version, missed) => {
    const file = fixture('apisnoop', `coverage-${version}.0.json.gz`);
    const raw = readFixtureJson<CoverageFile>('apisnoop', `coverage-${version}.0.json.gz`);
    const data = await loadConformanceFile(file);
    const changed = raw.endpoints.filter((e) => data.endpoints.get(e.endpoint)!.conformanceTested !== e.conf_tested).map((e) => e.endpoint).sort();
    expect(changed).toEqual(missedByTheRun(raw));
    expect(changed).toHaveLength(missed);
  });

  it('the hkerma log against 1.33: the operations the run missed (namespaces, events, daemon sets, /version) are not untested gaps', async () => {
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    const conformance = await loadConformanceVersion('1.33');
    const report = analyzeLines(lines, { spec: await loadFixtureSpec('1.33'), conformance, selection: { includeSystem: true } });
    const raw = readFixtureJson<CoverageFile>('apisnoop', 'coverage-1.33.0.json.gz');
    const missed = new Set(missedByTheRun(raw));
    const rawTested = new Map(raw.endpoints.map((e) => [e.endpoint, e.conf_tested]));
    const used = report.operations.filter((o) => missed.has(o.operationId)).map((o) => o.operationId).sort();
    // 20 of the 43, kube-system's controllers and kubelets among the callers.
    expect(used).toHaveLength(20);
    for (const id of ['createCoreV1NamespacedEvent', 'getCodeVersion', 'listCoreV1Namespace', 'readAppsV1NamespacedDaemonSet', 'readSchedulingV1PriorityClass', 'patchCoreV1NodeStatus']) {
      expect(used).toContain(id);
    }
    for (const o of report.operations) {
      const want = rawTested.has(o.operationId) ? rawTested.get(o.operationId) || missed.has(o.operationId) : null;
      expect(o.conformanceTested, o.operationId).toBe(want);
    }
    const stableUntested = report.operations.filter((o) => o.level === 'stable' && !o.discovery && rawTested.get(o.operationId) === false);
    expect(report.summary.stableUntested).toBe(stableUntested.length - used.length);
  });
});

describe("eligibility: Kubernetes' ineligible_endpoints.yaml (APISnoop's copy), shipped", () => {
  const reasons = new Map(
    readFixtureJson<Array<{ endpoint: string; reason: string }>>('apisnoop', 'ineligible_endpoints.json').map((e) => [e.endpoint, e.reason]),
  );
  const csv = (text: string): Array<Record<string, string>> => {
    const [header, ...rows] = csvParseRows(text);
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };
  let demo: Report;
  beforeAll(async () => {
    demo = await analyzeLogs({ logs: [AUDIT2RBAC_2017], kubernetesVersion: '1.36', selection: { includeSystem: true }, policy: { failOn: [] } });
  });

  it('the audit2rbac demo against 1.36: its 8 stable untested operations are all ineligible (optional feature), no gap to close', () => {
    expect(reasons.size).toBe(101);
    for (const o of demo.operations) expect(o.conformanceIneligible, o.operationId).toBe(reasons.get(o.operationId) ?? null);
    const untested = demo.operations.filter((o) => o.level === 'stable' && !o.discovery && o.conformanceTested === false);
    expect(untested).toHaveLength(8);
    expect(untested.every((o) => o.conformanceIneligible === 'optional feature')).toBe(true);
    expect(demo.summary).toMatchObject({ stableUntested: 8, stableUntestedEligible: 0, stableConformanceUnknown: 0 });

    const md = renderMarkdown(demo);
    expect(md).toContain('Stable operations untested by conformance: **8**, of which eligible for conformance: **0**;');
    expect(md).toContain("All are ineligible for conformance by Kubernetes' rules (`ineligible_endpoints.yaml`), so no conformance test will cover them: no gap to close.");
    const t = tables(md).find((x) => x.header.includes('conformance eligible'))!;
    expect(t.header).toEqual(['operation', 'kind', 'hits', 'any e2e test', 'conformance eligible', 'callers']);
    expect(t.rows.map((r) => r[4])).toEqual(Array(8).fill('no: optional feature'));

    const [summary] = csv(renderCsv('app-usage-summary', [{ name: 'demo', report: demo }]));
    expect(summary['stable untested']).toBe('8');
    expect(summary['stable untested eligible']).toBe('0');
    const endpoints = csv(renderCsv('app-usage-endpoints', [{ name: 'demo', report: demo }]));
    expect(Object.keys(endpoints[0]).slice(-5)).toEqual(['conformance ineligible', 'last served in', 'replacement', 'tests', 'custom']);
    for (const r of endpoints) expect(r['conformance ineligible'], r['operation id']).toBe(reasons.get(r['operation id']) ?? '');
    const sheet = csv(renderCsv('coverage-spreadsheet', [{ name: 'demo', report: demo }]));
    expect(Object.keys(sheet[0]).slice(-2)).toEqual(['conformance ineligible', 'custom']);
    expect(sheet.filter((r) => r['conformance ineligible'] === 'optional feature')).toHaveLength(demo.operations.filter((o) => o.conformanceIneligible).length);
  });

  it('the hkerma log against 1.30: 22 stable untested, the 2 eligible ones listed first as the gaps to close', async () => {
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    const report = analyzeLines(lines, {
      spec: await loadFixtureSpec('1.30'),
      conformance: await loadConformanceVersion('1.30'),
      ineligible: await loadIneligible(),
      selection: { includeSystem: true },
    });
    const untested = report.operations.filter((o) => o.level === 'stable' && !o.discovery && o.conformanceTested === false);
    const eligible = untested.filter((o) => !reasons.has(o.operationId)).map((o) => o.operationId).sort();
    expect(eligible).toEqual(['createCoreV1NamespacedServiceAccountToken', 'listStorageV1CSINode']);
    expect(report.summary).toMatchObject({ stableUntested: 22, stableUntestedEligible: 2 });
    const md = renderMarkdown(report);
    expect(md).toContain('Stable operations untested by conformance: **22**, of which eligible for conformance: **2**;');
    expect(md).toContain("20 of them are ineligible for conformance by Kubernetes' rules (`ineligible_endpoints.yaml`), so no conformance test will cover them; the other 2 are gaps a conformance test could close.");
    const rows = tables(md).find((x) => x.header.includes('conformance eligible'))!.rows;
    expect(rows.slice(0, 2).map((r) => r[4])).toEqual(['yes', 'yes']);
    expect(rows.slice(2).every((r) => r[4].startsWith('no: '))).toBe(true);
  });

  it('merge carries it; a report made before the field merges, and its operations are not called ineligible', () => {
    const old = structuredClone(demo);
    for (const o of old.operations) delete o.conformanceIneligible;
    delete old.summary.stableUntestedEligible;
    expect(reportProblem(old)).toBeNull();
    // Old alone: nothing known to be ineligible, every untested one counted as a gap, as before; the column is empty.
    const oldOnly = mergeReports([old]);
    expect(oldOnly.operations.every((o) => !('conformanceIneligible' in o))).toBe(true);
    expect(oldOnly.summary.stableUntestedEligible).toBe(8);
    expect(tables(renderMarkdown(old)).find((x) => x.header.includes('conformance eligible'))!.rows.map((r) => r[4])).toEqual(Array(8).fill(''));
    // With a new report of the same release, the reason comes through whichever order.
    for (const merged of [mergeReports([old, demo]), mergeReports([demo, old])]) {
      for (const o of merged.operations) expect(o.conformanceIneligible, o.operationId).toBe(reasons.get(o.operationId) ?? null);
      expect(merged.summary).toMatchObject({ stableUntested: 8, stableUntestedEligible: 0 });
    }
    const bad = structuredClone(demo);
    (bad.operations[0] as unknown as Record<string, unknown>).conformanceIneligible = 3;
    expect(reportProblem(bad)).toBe('operations[0].conformanceIneligible is neither a reason nor null');
  });
});
