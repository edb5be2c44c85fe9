// An e2e run of one release analysed against another's spec: its [Conformance] tests are its own release's, the
// figures the spec release's data, so the run's gaps can vanish without a word. A run of 1.34's e2e.test (one request
// per operation of the real 1.34 spec, named by no [Conformance] test, so that conformance comes from the data alone)
// against the 1.36 spec and coverage data shows it: fewer gaps than against 1.34, and it is said.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { Analysis } from '../../src/engine/analysis.js';
import { e2eReleaseNote } from '../../src/engine/e2e-release.js';
import { grouped } from '../../src/engine/grouped.js';
import { mergeReports } from '../../src/engine/merge.js';
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
    const total = new Analysis({ spec, selection: { e2e: true } });
    for (const p of parts) total.absorb(structuredClone(p.part()));
    const { summary } = total.finish();
    const v135 = mixed.filter((l) => l.includes('v1.35.2')).length;
    expect(summary.e2eReleases).toEqual({ '1.34': mixed.length - v135, '1.35': v135 });
    // Both differ from 1.36, the most requests first; one of the spec's own release is not named.
    const warning = e2eReleaseNote({
      kubernetesVersion: '1.36',
      conformance: null,
      summary: { selected: mixed.length + 5, e2eReleases: { ...summary.e2eReleases, '1.36': 5 } },
    });
    // The spec's own release's requests are not of those releases: how many are, is said.
    expect(warning?.startsWith(`${grouped(mixed.length)} of the ${grouped(mixed.length + 5)} selected requests are e2e tests' of Kubernetes 1.34 and 1.35, `)).toBe(true);
    expect(warning).toMatch(/, analysed against the Kubernetes 1\.36 spec: requests are matched as Kubernetes 1\.36 serves its APIs; to judge the run by its own release, give --k8s-version 1\.34\. /);
    expect(warning).toMatch(new RegExp(`Requests by e2e\\.test's release: 1\\.34 \\(${mixed.length - v135}\\), 1\\.35 \\(${v135}\\), 1\\.36 \\(5\\)$`));
  });

  it("merge(analyze(a), analyze(b)) says it as analyze(a+b) does: once, of the whole's counts; among an app's requests, how many are e2e tests'", async () => {
    // An app's requests (one per operation of 1.36) and the 1.34 run's, split by auditID (one line each) into two shards.
    const app = sweepLines((await loadFixtureSpec('1.36')).operations, 'shop-operator/v2.1.0').map((l) => l.replace('"audit-', '"shop-'));
    const all = [...lines, ...app];
    const write = (name: string, part: string[]): string => {
      const file = path.join(dir, name);
      writeFileSync(file, part.join('\n') + '\n');
      return file;
    };
    const [whole, a, b] = [write('mixed.log', all), write('mixed-a.log', all.filter((_, i) => i % 2 === 0)), write('mixed-b.log', all.filter((_, i) => i % 2 === 1))];
    const run = (log: string, surface?: 'action') =>
      analyzeLogs({ logs: [log], kubernetesVersion: '1.36', spec: specPath('1.36'), conformance: fixture('apisnoop', 'coverage-1.36.0.json.gz'), surface });
    const [all1, a1, b1] = await Promise.all([whole, a, b].map((l) => run(l)));
    expect(all1.summary).toMatchObject({ selected: all.length, e2eReleases: { '1.34': lines.length } });
    // Each shard said it of its own counts.
    expect([a1, b1].map((r) => r.runNotes?.notices.length)).toEqual([1, 1]);
    expect(a1.runNotes?.notices[0]).not.toBe(b1.runNotes?.notices[0]);
    const note = all1.runNotes!.notices[0]!;
    expect(all1.runNotes!.notices).toEqual([note]);
    expect(note).toMatch(new RegExp(`^${grouped(lines.length)} of the ${grouped(all.length)} selected requests are e2e tests' of Kubernetes 1\\.34, analysed against the Kubernetes 1\\.36 spec: `));
    expect(note).toMatch(new RegExp(`Requests by e2e\\.test's release: 1\\.34 \\(${lines.length}\\)$`));
    for (const merged of [mergeReports([a1, b1]), mergeReports([b1, a1])]) {
      expect({ ...merged, inputs: all1.inputs, inputIds: all1.inputIds, parts: undefined }).toEqual(all1);
      // report.md shows it once, as the whole's.
      expect(renderMarkdown(merged).split("e2e tests' of Kubernetes 1.34").length).toBe(2);
    }
    // A merge of merges, and of the Action's reports, which name its input.
    const [a2, b2] = await Promise.all([a, b].map((l) => run(l, 'action')));
    expect(mergeReports([mergeReports([a2]), b2]).runNotes?.notices).toEqual([note.replace('give --k8s-version 1.34', 'set the input kubernetes-version to 1.34')]);
  });

  it('a report made before summary.e2eReleases, merged with a new one: no note of partial counts, the notes kept as they were', async () => {
    // As a review found it: the old report's 1.34 requests were missing from the sum, and the merge said "N of the M
    // selected requests are e2e tests'" of the new one's alone, beside the old note, when all M were.
    const write = (name: string, part: string[]): string => {
      const file = path.join(dir, name);
      writeFileSync(file, part.join('\n') + '\n');
      return file;
    };
    const run = (log: string) => analyzeLogs({ logs: [log], kubernetesVersion: '1.36', spec: specPath('1.36'), conformance: fixture('apisnoop', 'coverage-1.36.0.json.gz'), selection: { e2e: true } });
    // Shards of other sizes: notes of their own counts, none the same.
    const cuts = [0, 100, 400, lines.length];
    const [a, b, c] = await Promise.all([0, 1, 2].map((k) => run(write(`old-${k}.log`, lines.slice(cuts[k], cuts[k + 1])))));
    expect(a.summary.e2eReleases).toEqual({ '1.34': a.summary.selected });
    // What a report made before today looks like: the note, without the counts it was made of.
    const old: Report = { ...a, summary: { ...a.summary } };
    delete old.summary.e2eReleases;
    const notes = [old, b, c].map((r) => r.runNotes!.notices[0]!);
    for (const note of notes) expect(note).toMatch(/^the selected requests are of e2e tests of Kubernetes 1\.34, /);
    for (const [merged, said] of [
      [mergeReports([old, b, c]), notes],
      // In an order of their own, not the reports'.
      [mergeReports([c, b, old]), notes],
      // A merge of that merge keeps them too: its counts are as partial.
      [mergeReports([mergeReports([old, b]), c]), notes],
    ] as const) {
      expect(merged.summary.selected).toBe(lines.length);
      expect(merged.summary.e2eReleases).toBeUndefined();
      expect(merged.runNotes?.notices).toEqual(said);
    }
    // Both new: one note of the whole, as before.
    expect(mergeReports([a, b, c]).runNotes?.notices).toEqual([expect.stringMatching(/^the selected requests are of e2e tests of Kubernetes 1\.34, .*Requests by e2e\.test's release: 1\.34 \(\d+\)$/)]);
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
