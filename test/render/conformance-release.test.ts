// Conformance data of an earlier release than the spec's: the operations the spec's release added have no entry in
// it, which report.md must put down to the data's release (not to custom resources), and the mismatch said on the
// terminal is kept in the report. A request of each operation the real 1.36 spec adds to 1.34's, against the 1.36
// spec with APISnoop's 1.34 coverage data.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { sweepLines } from '../helpers/audit-verb.js';
import { fixture, loadFixtureSpec, scratchDir, specPath } from '../helpers/fixtures.js';

let log: string;
beforeAll(async () => {
  const [old, spec] = await Promise.all([loadFixtureSpec('1.34'), loadFixtureSpec('1.36')]);
  const had = new Set(old.operations.map((o) => o.operationId));
  // Stable, so that the conformance section speaks of them.
  const added = spec.operations.filter((o) => !had.has(o.operationId) && o.level === 'stable' && !/watch/i.test(o.action ?? ''));
  log = path.join(scratchDir('conformance-release'), 'added.log');
  writeFileSync(log, sweepLines(added, 'kubectl/v1.36.0 (linux/amd64) kubernetes/abc').join('\n') + '\n');
});

const analyse = async (data: string): Promise<{ report: Report; warnings: string[] }> => {
  const warnings: string[] = [];
  const report = await analyzeLogs({ logs: [log], spec: specPath('1.36'), conformance: fixture('apisnoop', `coverage-${data}.0.json.gz`), onWarning: (w) => warnings.push(w) });
  return { report, warnings };
};

describe('conformance data of an earlier release than the spec', () => {
  it("report.md says the operations 1.36 added have no entry because the data is 1.34's, and carries the mismatch", async () => {
    const { report, warnings } = await analyse('1.34');
    const stable = report.operations.filter((o) => o.level === 'stable' && !o.discovery);
    expect(stable.length).toBeGreaterThan(0);
    expect(stable.every((o) => o.conformanceTested === null)).toBe(true);
    const mismatch = 'conformance data of Kubernetes 1.34.0 used with the 1.36 spec: what is conformance tested differs between releases';
    expect(warnings).toContain(mismatch);
    expect(report.runNotes?.notices).toEqual([mismatch]);
    const md = renderMarkdown(report);
    expect(md).toContain(`> ${mismatch}`);
    expect(md).toContain("it is the data of Kubernetes 1.34.0, not of the spec's 1.36, so the operations added after 1.34 have none, nor have custom resources");
    expect(md).not.toContain('such as custom resources');
  });

  it("with the spec's own release, the data lists them and nothing is said", async () => {
    const { report, warnings } = await analyse('1.36');
    expect(warnings.filter((w) => w.includes('conformance data of'))).toEqual([]);
    expect(report.runNotes).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain('it is the data of Kubernetes');
  });
});
