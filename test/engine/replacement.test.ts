// "Use X": the replacement a removed or deprecated operation names must be one the release analysed serves. Pluto
// names the next version only (flowcontrol v1beta2 -> v1beta3), which may itself be gone by then (v1beta3: removed
// in 1.32); the hkerma log (a real kubeadm cluster's, kube-system's controllers reading flowcontrol v1beta2) shows it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { HKERMA_CSV, scratchDir, specPath } from '../helpers/fixtures.js';

let log: string;
const reports = new Map<string, Report>();
/** As the CLI runs it: `analyze hkerma.log --spec swagger-1.NN.json.gz --include-system --fail-on removed`. */
const analyse = async (release: string): Promise<Report> => {
  if (!reports.has(release)) {
    const report = await analyzeLogs({ logs: [log], spec: specPath(release), kubernetesVersion: release, conformance: 'none', selection: { includeSystem: true }, policy: { failOn: ['removed'] } });
    reports.set(release, report);
  }
  return reports.get(release)!;
};
const FLOW = 'readFlowcontrolApiserverV1beta2FlowSchema';

beforeAll(() => {
  log = path.join(scratchDir('replacement'), 'hkerma.log');
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
});

describe('the replacement named is served by the release analysed', () => {
  it('1.33: flowcontrol v1beta2 is to move to v1, not to v1beta3 (removed in 1.32)', async () => {
    const r = await analyse('1.33');
    const op = r.operations.find((o) => o.operationId === FLOW)!;
    expect(op).toMatchObject({ removedIn: '1.29', deprecation: { replacement: 'flowcontrol.apiserver.k8s.io/v1' } });
    const v = r.verdict.violations.find((x) => x.operationId === FLOW)!;
    expect(v.why).toContain('use flowcontrol.apiserver.k8s.io/v1;');
    const md = renderMarkdown(r);
    expect(md).not.toContain('v1beta3');
    expect(md).toContain('| flowcontrol.apiserver.k8s.io/v1 |');
  });

  it('1.28 still serves v1beta3, so v1beta3 it is there (v1 came in 1.29)', async () => {
    const r = await analyse('1.28');
    expect(r.operations.find((o) => o.operationId === FLOW)).toMatchObject({ deprecation: { replacement: 'flowcontrol.apiserver.k8s.io/v1beta3' } });
  });

  it('policy/v1beta1 PodSecurityPolicy names none: Pluto has no replacement, and none is made up', async () => {
    const r = await analyse('1.33');
    const psp = r.operations.find((o) => o.operationId === 'listPolicyV1beta1PodSecurityPolicy')!;
    expect(psp.deprecation?.replacement).toBeUndefined();
    expect(r.verdict.violations.find((x) => x.operationId === psp.operationId)!.why).not.toContain('use ');
  });
});
