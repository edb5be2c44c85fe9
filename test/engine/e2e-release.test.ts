// An e2e run of one release analysed against another's spec: its [Conformance] tests are its own release's, the
// figures the spec release's data, so the run's gaps can vanish without a word. A run of 1.34's e2e.test (one request
// per operation of the real 1.34 spec, named by no [Conformance] test, so that conformance comes from the data alone)
// against the 1.36 spec and coverage data shows it: fewer gaps than against 1.34, and it is said.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs, e2eReleaseWarning } from '../../src/analyze.js';
import { Analysis } from '../../src/engine/analysis.js';
import type { Report } from '../../src/engine/report.js';
import { e2eRelease } from '../../src/engine/select.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { sweepLines } from '../helpers/audit-verb.js';
import { fixture, loadFixtureSpec, scratchDir, specPath } from '../helpers/fixtures.js';

const AGENT = 'e2e.test/v1.34.0 (linux/amd64) kubernetes/abc123 -- [sig-node] every operation once';
let dir: string;
let log: string;
let lines: string[];
beforeAll(async () => {
  dir = scratchDir('e2e-release');
  lines = sweepLines((await loadFixtureSpec('1.34')).operations, AGENT);
  log = path.join(dir, 'e2e-1.34.log');
  writeFileSync(log, lines.join('\n') + '\n');
});

const analyse = async (release: string, spec = specPath(release), surface?: 'action'): Promise<{ report: Report; warnings: string[] }> => {
  const warnings: string[] = [];
  const report = await analyzeLogs({
    logs: [log],
    spec,
    conformance: fixture('apisnoop', `coverage-${release}.0.json.gz`),
    selection: { e2e: true },
    surface,
    onWarning: (w) => warnings.push(w),
  });
  return { report, warnings };
};
const said = (warnings: string[]): string[] => warnings.filter((w) => w.includes('e2e tests of Kubernetes'));

describe('an e2e run of another release than the spec', () => {
  it("against 1.36: its gaps shrink, and the run's release, the spec's and the option that fits are said, in report.md too", async () => {
    const [own, newer] = await Promise.all([analyse('1.34'), analyse('1.36')]);
    expect(said(own.warnings)).toEqual([]);
    expect(own.report.runNotes).toBeUndefined();
    // What the warning is about: 1.36's data covers endpoints 1.34's did not (pod resize among them).
    expect(newer.report.summary.stableUntestedEligible!).toBeLessThan(own.report.summary.stableUntestedEligible!);
    const gap = (r: Report) => r.operations.find((o) => o.operationId === 'patchCoreV1NamespacedPodResize')?.conformanceTested;
    expect([gap(own.report), gap(newer.report)]).toEqual([false, true]);
    const [warning, ...more] = said(newer.warnings);
    expect(more).toEqual([]);
    expect(warning).toBe(
      "the selected requests are of e2e tests of Kubernetes 1.34, analysed against the Kubernetes 1.36 spec: the conformance figures are Kubernetes 1.36.0's " +
        "(what its conformance data says [Conformance] tests cover), not the tests' own release's, so the run's gaps may not show; to judge the run by its own release, " +
        `give --k8s-version 1.34. Requests by e2e.test's release: 1.34 (${lines.length})`,
    );
    expect(newer.report.runNotes?.notices).toEqual([warning]);
    // Whole in report.md, which cuts a note at 400 characters.
    expect(renderMarkdown(newer.report)).toContain(`give --k8s-version 1.34. Requests by e2e.test's release: 1.34 \\(${lines.length}\\)`);
  });

  it("with the spec's release unknown, the tests' release is offered; in the Action, as its input", async () => {
    const unnamed = path.join(dir, 'swagger.json.gz');
    copyFileSync(specPath('1.34'), unnamed);
    const warnings: string[] = [];
    await analyzeLogs({ logs: [log], spec: unnamed, selection: { e2e: true }, onWarning: (w) => warnings.push(w) });
    expect(said(warnings)).toEqual([
      `the selected requests are of e2e tests of Kubernetes 1.34, and the spec does not say which release it is: if it is the tests' release, give --k8s-version 1.34. Requests by e2e.test's release: 1.34 (${lines.length})`,
    ]);
    const action = await analyse('1.36', specPath('1.36'), 'action');
    expect(said(action.warnings)[0]).toMatch(/set the input kubernetes-version to 1\.34\. Requests/);
  });

  it('the releases of a run split over threads add up as one reading counts them', async () => {
    const spec = await loadFixtureSpec('1.36');
    const mixed = lines.map((l, i) => (i % 3 === 0 ? l.replace('e2e.test/v1.34.0', 'e2e.test/v1.35.2') : l));
    const parts = [0, 1].map(() => new Analysis({ spec, selection: { e2e: true } }));
    mixed.forEach((l, i) => parts[i % 2]!.line(l, 'x.log', i + 1));
    for (const p of parts) p.finish();
    let got = new Map<string, number>();
    const total = new Analysis({ spec, selection: { e2e: true }, onE2eReleases: (r) => (got = new Map(r)) });
    for (const p of parts) total.absorb(structuredClone(p.part()));
    total.finish();
    const v135 = mixed.filter((l) => l.includes('v1.35.2')).length;
    expect(got).toEqual(new Map([['1.34', mixed.length - v135], ['1.35', v135]]));
    // Both differ from 1.36, the most requests first; one of the spec's own release is not named.
    const warning = e2eReleaseWarning(new Map([...got, ['1.36', 5]]), spec, null);
    expect(warning).toMatch(/^the selected requests are of e2e tests of Kubernetes 1\.34 and 1\.35, analysed against the Kubernetes 1\.36 spec: requests are matched as Kubernetes 1\.36 serves its APIs; to judge the run by its own release, give --k8s-version 1\.34\. /);
    expect(warning).toMatch(new RegExp(`Requests by e2e\\.test's release: 1\\.34 \\(${mixed.length - v135}\\), 1\\.35 \\(${v135}\\), 1\\.36 \\(5\\)$`));
  });

  it("reads the release from e2e.test's user agent only", () => {
    expect(e2eRelease(AGENT)).toBe('1.34');
    expect(e2eRelease('  e2e.test/v1.36.0-alpha.1 (linux/amd64)')).toBe('1.36');
    expect(e2eRelease('e2e.test/v1.3')).toBe('1.3');
    expect(e2eRelease('e2e.test (linux/amd64) -- [sig-apps] x')).toBeNull();
    expect(e2eRelease('kubectl/v1.34.0 (linux/amd64)')).toBeNull();
    expect(e2eRelease(undefined)).toBeNull();
  });
});
