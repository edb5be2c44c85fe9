// A log of a newer cluster than the spec given: its requests of APIs the spec's release does not serve yet are
// unmatched, so no rule judges them. The hkerma log (a kubeadm cluster of about 1.24, reading autoscaling/v2 and
// flowcontrol v1beta2) against the spec kind 1.21 served shows it; the warning names them and what to check.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { HKERMA_CSV, scratchDir, specPath } from '../helpers/fixtures.js';

let log: string;
beforeAll(() => {
  log = path.join(scratchDir('newer-api'), 'hkerma.log');
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
});

const analyse = async (spec: string, surface?: 'action'): Promise<{ report: Report; warnings: string[] }> => {
  const warnings: string[] = [];
  const report = await analyzeLogs({
    logs: [log],
    spec: specPath(spec),
    conformance: 'none',
    selection: { includeSystem: true },
    surface,
    onWarning: (w) => warnings.push(w),
  });
  return { report, warnings };
};

describe('a log of a newer cluster than the spec', () => {
  it('against 1.21: the requests of APIs a later release serves are counted and named, with what to check', async () => {
    const { report, warnings } = await analyse('1.21-served-kind');
    const newer = warnings.filter((w) => w.includes('does not serve and a later release does'));
    expect(newer).toHaveLength(1);
    // Independently: the unmatched rows of those group/versions.
    const rows = report.unmatched.filter((u) => u.reason === 'unknown-group-version' && (u.group === 'autoscaling' || u.group === 'flowcontrol.apiserver.k8s.io'));
    const count = rows.reduce((n, u) => n + u.count, 0);
    expect(count).toBeGreaterThan(100);
    expect(new Set(rows.map((u) => `${u.group}/${u.version}`))).toEqual(new Set(['autoscaling/v2', 'flowcontrol.apiserver.k8s.io/v1beta2']));
    expect(newer[0]).toMatch(new RegExp(`^${count} requests used Kubernetes APIs that Kubernetes 1\\.21 does not serve`));
    expect(newer[0]).toContain('autoscaling/v2 (1.28 serves it)');
    expect(newer[0]).toContain('flowcontrol.apiserver.k8s.io/v1beta2 (1.28 serves it)');
    expect(newer[0]).toContain('check --k8s-version or --spec');
    // Custom and aggregated APIs (cert-manager's, metrics) are no release's: not named.
    expect(report.unmatched.some((u) => u.group === 'metrics.k8s.io' || u.group?.endsWith('cert-manager.io'))).toBe(true);
    expect(newer[0]).not.toMatch(/cert-manager|metrics\.k8s\.io/);
  });

  it("in the Action, the inputs are named; against the log's own era (1.28), nothing is said", async () => {
    const { warnings } = await analyse('1.21-served-kind', 'action');
    expect(warnings.find((w) => w.includes('a later release does'))).toContain('check the kubernetes-version or spec input');
    const right = await analyse('1.28');
    expect(right.warnings.filter((w) => w.includes('a later release does'))).toEqual([]);
  });
});
