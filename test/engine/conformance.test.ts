// The conformance overlay on APISnoop's real data: a per-release coverage file (one e2e run) joined with
// conformance-endpoints.json (the release since which conformance tests cover an endpoint).
import { describe, expect, it } from 'vitest';
import { compareMinor } from '../../src/engine/deprecations.js';
import { loadConformanceFile, loadConformanceVersion } from '../../src/sources/specs.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { analyzeLines, fixture, HKERMA_CSV, loadFixtureSpec, readFixtureJson } from '../helpers/fixtures.js';

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
