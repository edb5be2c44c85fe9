// "Use X": the replacement a removed or deprecated operation names must be one the release analysed serves. Pluto
// names the next version only (flowcontrol v1beta2 -> v1beta3), which may itself be gone by then (v1beta3: removed
// in 1.32); the hkerma log (a real kubeadm cluster's, kube-system's controllers reading flowcontrol v1beta2) shows it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { csvParse } from 'd3-dsv';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { AUDIT2RBAC_2017, HKERMA_CSV, readLines, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';

const SAMPLE = path.join(repoRoot, 'data/sample-audit.log.gz');

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

  it('1.30 serves v1beta3 (until 1.32) and v1: v1, the stable one, which no later release removes', async () => {
    const r = await analyse('1.30');
    expect(r.operations.find((o) => o.operationId === FLOW)).toMatchObject({ deprecation: { replacement: 'flowcontrol.apiserver.k8s.io/v1' } });
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

  it("the shipped sample: Pluto knows no ValidatingAdmissionPolicy v1beta1, which 1.34 removes (the apiserver's annotation); 1.33 serves it in v1", async () => {
    const r = await analyzeLogs({ logs: [SAMPLE], kubernetesVersion: '1.33', conformance: 'none', policy: { failOn: ['beta'] } });
    for (const id of ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', 'createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding']) {
      expect(r.operations.find((o) => o.operationId === id), id).toMatchObject({
        removedIn: '1.34',
        deprecation: { source: 'audit-annotation', replacement: 'admissionregistration.k8s.io/v1' },
      });
      const why = r.verdict.violations.find((v) => v.operationId === id)!.why;
      expect(why).toContain('removed in Kubernetes 1.34; use admissionregistration.k8s.io/v1;');
      // The deprecation names no release: said whose word it is, not a bare "; deprecated" at the end.
      expect(why).toMatch(/; deprecated \(the API server's k8s\.io\/deprecated audit annotation\)$/);
    }
    // storage.k8s.io/v1beta1 VolumeAttributesClass: 1.33 has no v1 (1.34 brings it) and nothing says it is deprecated yet.
    expect(r.operations.find((o) => o.operationId === 'listStorageV1beta1VolumeAttributesClass')!.deprecation).toBeNull();
    const md = renderMarkdown(r);
    expect(md).toContain('| beta | yes, release unknown | 1.34 | admissionregistration.k8s.io/v1 | audit-annotation | 1 |');
  });
});

describe('a deprecated API that no release has removed yet names its replacement too', () => {
  it('the shipped sample on 1.34: storage.k8s.io/v1beta1 VolumeAttributesClass, deprecated in 1.34, is to move to v1', async () => {
    const r = await analyzeLogs({ logs: [SAMPLE], kubernetesVersion: '1.34', conformance: 'none', policy: { failOn: ['deprecated'] } });
    const id = 'listStorageV1beta1VolumeAttributesClass';
    expect(r.operations.find((o) => o.operationId === id)).toMatchObject({ removedIn: null, deprecation: { deprecatedIn: '1.34', replacement: 'storage.k8s.io/v1' } });
    const v = r.verdict.violations.find((x) => x.operationId === id)!;
    expect(v.rules).toEqual(['deprecated']);
    // What fails the gate says what to change to, as a removal's reason does.
    expect(v.why).toContain('deprecated since Kubernetes 1.34; use storage.k8s.io/v1');
    // A removed one names it once, with its removal.
    for (const x of r.verdict.violations.filter((x) => x.why.includes('removed in'))) expect(x.why.match(/; use /g), x.operationId).toHaveLength(1);
  });
});

describe('the removal of an API already gone from the release analysed', () => {
  it("is worded as gone in that release, not 'gone from' it, which reads as a second, later removal", async () => {
    const md = renderMarkdown(await analyse('1.33'));
    // policy/v1beta1 PodSecurityPolicy: removed in 1.25, a request the 1.33 spec no longer serves.
    expect(md).toMatch(/\| `listPolicyV1beta1PodSecurityPolicy`<br>`GET \/apis\/policy\/v1beta1\/podsecuritypolicies` \| beta \| 1\.21 \| 1\.25 \\\(already gone in 1\.33\\\) \|/);
    expect(md).not.toContain('gone from 1.33\\)');
  });
});

describe('a replacement the release analysed does not serve yet is said as such', () => {
  // A real request of the 2017 log (system:admin as ns1:sa1) turned to an API Pluto says to move from to one the
  // release analysed does not serve: resource.k8s.io/v1alpha3 ResourceSlice -> resource.k8s.io/v1, which 1.34 brings.
  const lineAt = (uri: string, apiGroup: string, apiVersion: string, resource: string): string => {
    const e = JSON.parse(readLines(AUDIT2RBAC_2017).find((l) => l.includes('"stage":"ResponseComplete"'))!) as Record<string, unknown>;
    return JSON.stringify({ ...e, requestURI: uri, verb: 'list', objectRef: { resource, apiGroup, apiVersion }, responseStatus: { metadata: {}, code: 200 } });
  };
  let runs = 0;
  const run = async (release: string, line: string, nextReleases?: string[]): Promise<Report> => {
    // A file of its own each: two parts of one file would be merged as reports of the same log.
    const file = path.join(scratchDir('replacement-served'), `${release}-${nextReleases?.length ?? 'default'}-${runs++}.log`);
    writeFileSync(file, `${line}\n`);
    return analyzeLogs({ logs: [file], spec: specPath(release), kubernetesVersion: release, nextReleases, conformance: 'none', policy: { failOn: ['removed'] } });
  };
  const SLICES = lineAt('/apis/resource.k8s.io/v1alpha3/resourceslices', 'resource.k8s.io', 'v1alpha3', 'resourceslices');

  it('1.33: resource.k8s.io/v1alpha3, removed in 1.34, is to move to v1, which 1.34 serves and 1.33 does not', async () => {
    const r = await run('1.33', SLICES);
    const op = r.operations.find((o) => o.operationId === 'listResourceV1alpha3ResourceSlice')!;
    expect(op).toMatchObject({ removedIn: '1.34', deprecation: { replacement: 'resource.k8s.io/v1', replacementServedIn: '1.34' } });
    const why = r.verdict.violations.find((v) => v.operationId === op.operationId)!.why;
    expect(why).toContain('removed in Kubernetes 1.34; use resource.k8s.io/v1 (not served by the release analysed; Kubernetes 1.34 serves it);');
  });

  it("report.md's deprecation table and the CSV's replacement column say it too, as the verdict does", async () => {
    const r = await run('1.33', SLICES);
    const md = renderMarkdown(r);
    expect(md).toMatch(/\| alpha \| 1\.32 \| 1\.34 \| resource\.k8s\.io\/v1 \\\(not served by 1\.33; Kubernetes 1\.34 serves it\\\) \| pluto \| 1 \|/);
    const row = csvParse(renderCsv('app-usage-endpoints', [{ name: 'app', report: r }]))[0];
    expect(row.replacement).toBe('resource.k8s.io/v1 (not served by 1.33; Kubernetes 1.34 serves it)');
    const none = await run('1.33', SLICES, []);
    expect(csvParse(renderCsv('app-usage-endpoints', [{ name: 'app', report: none }]))[0].replacement).toBe('resource.k8s.io/v1 (not served by 1.33; no later release checked)');
  });

  it('with no later release checked (--next-releases none), that none was, not that none of them serves it', async () => {
    const r = await run('1.33', SLICES, []);
    expect(r.specs.map((s) => s.kubernetesVersion)).toEqual(['1.33']);
    expect(r.operations[0].deprecation).toMatchObject({ replacement: 'resource.k8s.io/v1', replacementServedIn: null });
    expect(r.verdict.violations[0].why).toContain('use resource.k8s.io/v1 (not served by the release analysed; no later release was checked);');
    const md = renderMarkdown(r);
    expect(md).toContain('resource.k8s.io/v1 \\(not served by 1.33; no later release checked\\)');
    expect(md).not.toContain('later releases checked');
    // The deprecations section says what that leaves unknown, as the counts' line says no later release was checked.
    expect(md).toMatch(/### Deprecated, or removed in this release or a later one \(1\)\n\nNo later release checked: removals to come are known only from Pluto's table and the API server's annotations\.\n\n\| operation/);
    expect(renderMarkdown(await run('1.33', SLICES))).not.toContain('No later release checked');
  });

  it('with later releases checked, none of which serves it: said so (autoscaling/v2beta1 on 1.13, checked against kind 1.21; v2 came in 1.23)', async () => {
    const hpa = lineAt('/apis/autoscaling/v2beta1/namespaces/ns1/horizontalpodautoscalers', 'autoscaling', 'v2beta1', 'horizontalpodautoscalers');
    const r = await run('1.13', hpa, [specPath('1.21-served-kind')]);
    expect(r.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13', '1.21']);
    const op = r.operations.find((o) => o.operationId === 'listAutoscalingV2beta1NamespacedHorizontalPodAutoscaler')!;
    expect(op.deprecation).toMatchObject({ replacement: 'autoscaling/v2', replacementServedIn: null });
    expect(r.verdict.violations.find((v) => v.operationId === op.operationId)!.why).toContain('use autoscaling/v2 (not served by the release analysed; none of the later releases checked serves it);');
    expect(csvParse(renderCsv('app-usage-endpoints', [{ name: 'app', report: r }]))[0].replacement).toBe('autoscaling/v2 (not served by 1.13 nor by the later releases checked)');
  });

  it('merged with a report that checked later releases, a part that checked none says so of its operation, not that none of them serves it', async () => {
    // The part of --next-releases none; the other, of the default ones (1.34 to 1.36), read another request.
    const none = await run('1.33', SLICES, []);
    const pods = await run('1.33', lineAt('/api/v1/namespaces/ns1/pods', '', 'v1', 'pods'));
    const merged = mergeReports([none, pods]);
    expect(merged.specs.map((s) => s.kubernetesVersion)).toEqual(['1.33', '1.34', '1.35', '1.36']);
    const op = merged.operations.find((o) => o.operationId === 'listResourceV1alpha3ResourceSlice')!;
    expect(op.deprecation).toMatchObject({ replacement: 'resource.k8s.io/v1', replacementServedIn: null, replacementCheckedIn: [] });
    expect(merged.verdict.violations.find((v) => v.operationId === op.operationId)!.why).toContain('use resource.k8s.io/v1 (not served by the release analysed; no later release was checked for it);');
    const md = renderMarkdown(merged);
    expect(md).toContain('resource.k8s.io/v1 \\(not served by 1.33; no later release checked for it\\)');
    expect(md).not.toMatch(/none of the later releases checked serves it|nor by the later releases checked/);
    expect(csvParse(renderCsv('app-usage-endpoints', [{ name: 'app', report: merged }])).find((r) => r.replacement)!.replacement).toBe('resource.k8s.io/v1 (not served by 1.33; no later release checked for it)');
    // Its own request read by both: the release the part that checked found serving it.
    const both = mergeReports([none, await run('1.33', SLICES)]);
    expect(both.operations[0].deprecation).toMatchObject({ replacementServedIn: '1.34' });
    expect(both.operations[0].deprecation).not.toHaveProperty('replacementCheckedIn');
  });

  it("merged, a part that checked fewer later releases names those it checked; one that checked the merged report's own says as before", async () => {
    const hpa = lineAt('/apis/autoscaling/v2beta1/namespaces/ns1/horizontalpodautoscalers', 'autoscaling', 'v2beta1', 'horizontalpodautoscalers');
    const kind = await run('1.13', hpa, [specPath('1.21-served-kind')]);
    const later = await run('1.13', lineAt('/api/v1/namespaces/ns1/pods', '', 'v1', 'pods'), [specPath('1.21-served-kind'), specPath('1.36')]);
    const merged = mergeReports([kind, later]);
    const id = 'listAutoscalingV2beta1NamespacedHorizontalPodAutoscaler';
    expect(merged.operations.find((o) => o.operationId === id)!.deprecation).toMatchObject({ replacementServedIn: null, replacementCheckedIn: ['1.21'] });
    expect(merged.verdict.violations.find((v) => v.operationId === id)!.why).toContain('use autoscaling/v2 (not served by the release analysed; none of the later releases checked for it (1.21) serves it);');
    expect(renderMarkdown(merged)).toContain('autoscaling/v2 \\(not served by 1.13 nor by 1.21, the later releases checked for it\\)');
    const same = mergeReports([kind, await run('1.13', lineAt('/api/v1/namespaces/ns1/pods', '', 'v1', 'pods'), [specPath('1.21-served-kind')])]);
    expect(same.operations.find((o) => o.operationId === id)!.deprecation).not.toHaveProperty('replacementCheckedIn');
    expect(same.verdict.violations.find((v) => v.operationId === id)!.why).toContain('none of the later releases checked serves it');
  });

  it('merged, a part that found it served in a later release beside one that checked an earlier release without reading it: names the releases not checked for it, not the one found as the first', async () => {
    // resource.k8s.io/v1alpha3 ResourceSlice on 1.33 -> v1, which 1.34 brings. One part checked 1.35 alone and found it
    // there; the other checked 1.34 but read another request, so never looked for it: "Kubernetes 1.35 serves it" read
    // as the first release that does, and 1.34 does.
    const PODS = lineAt('/api/v1/namespaces/ns1/pods', '', 'v1', 'pods');
    const late = await run('1.33', SLICES, [specPath('1.35')]);
    expect(late.operations[0].deprecation).toMatchObject({ replacement: 'resource.k8s.io/v1', replacementServedIn: '1.35' });
    const pods = await run('1.33', PODS, [specPath('1.34')]);
    for (const merged of [mergeReports([late, pods]), mergeReports([pods, late])]) {
      expect(merged.specs.map((s) => s.kubernetesVersion)).toEqual(['1.33', '1.34', '1.35']);
      const op = merged.operations.find((o) => o.operationId === 'listResourceV1alpha3ResourceSlice')!;
      expect(op.deprecation).toMatchObject({ replacementServedIn: '1.35', replacementCheckedIn: ['1.35'] });
      expect(merged.verdict.violations.find((v) => v.operationId === op.operationId)!.why).toContain(
        'use resource.k8s.io/v1 (not served by the release analysed; Kubernetes 1.35 serves it; 1.34 was not checked for it);',
      );
      expect(renderMarkdown(merged)).toContain('resource.k8s.io/v1 \\(not served by 1.33; Kubernetes 1.35 serves it; 1.34 not checked for it\\)');
      expect(csvParse(renderCsv('app-usage-endpoints', [{ name: 'app', report: merged }])).find((r) => r.replacement)!.replacement).toBe(
        'resource.k8s.io/v1 (not served by 1.33; Kubernetes 1.35 serves it; 1.34 not checked for it)',
      );
      // Merged again (with a part of another request that checked the same releases): said the same.
      const again = mergeReports([merged, await run('1.33', PODS, [specPath('1.34'), specPath('1.35')])]);
      expect(again.operations.find((o) => o.operationId === op.operationId)!.deprecation).toMatchObject({ replacementServedIn: '1.35', replacementCheckedIn: ['1.35'] });
    }
    // Its request read by the part that checked 1.34 too: 1.34 found there, the first of all the releases checked.
    const early = await run('1.33', SLICES, [specPath('1.34')]);
    for (const both of [mergeReports([late, early]), mergeReports([early, late])]) {
      expect(both.operations[0].deprecation).toMatchObject({ replacementServedIn: '1.34' });
      expect(both.operations[0].deprecation).not.toHaveProperty('replacementCheckedIn');
      expect(both.verdict.violations[0].why).toContain('use resource.k8s.io/v1 (not served by the release analysed; Kubernetes 1.34 serves it);');
    }
    // A part that checked 1.34 and found nothing served there cannot be (1.34 serves it); one that checked every
    // release before the one found says it as before: the default run (1.34 to 1.36) beside the part of 1.35 alone.
    const all = mergeReports([late, await run('1.33', SLICES)]);
    expect(all.operations[0].deprecation).toMatchObject({ replacementServedIn: '1.34' });
    expect(all.operations[0].deprecation).not.toHaveProperty('replacementCheckedIn');
    const gapless = mergeReports([await run('1.33', SLICES, [specPath('1.34')]), await run('1.33', PODS, [specPath('1.34'), specPath('1.35')])]);
    expect(gapless.operations.find((o) => o.operationId === 'listResourceV1alpha3ResourceSlice')!.deprecation).not.toHaveProperty('replacementCheckedIn');
    expect(gapless.verdict.violations.find((v) => v.operationId === 'listResourceV1alpha3ResourceSlice')!.why).toContain('Kubernetes 1.34 serves it);');
  });

  it('a replacement the release serves is said as before, without the field (flowcontrol v1beta3 on 1.31 -> v1)', async () => {
    const r = await run('1.31', lineAt('/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas', 'flowcontrol.apiserver.k8s.io', 'v1beta3', 'flowschemas'));
    expect(r.operations[0].deprecation).toMatchObject({ removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' });
    expect(r.operations[0].deprecation).not.toHaveProperty('replacementServedIn');
    expect(r.verdict.violations[0].why).toContain('removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1;');
  });
});

describe('a replacement is served for the kind, not the group/version alone', () => {
  // A real request of the 2017 log turned to APIs whose replacement's group/version the release serves for other kinds
  // only: storage.k8s.io/v1 on 1.21 (StorageClass; CSIStorageCapacity from 1.24), batch/v1 and networking.k8s.io/v1
  // on 1.13 (Job and NetworkPolicy; CronJob from 1.21, Ingress from 1.19).
  const lineAt = (uri: string, apiGroup: string, apiVersion: string, resource: string): string => {
    const e = JSON.parse(readLines(AUDIT2RBAC_2017).find((l) => l.includes('"stage":"ResponseComplete"'))!) as Record<string, unknown>;
    return JSON.stringify({ ...e, auditID: `${String(e.auditID)}-${resource}`, requestURI: uri, verb: 'list', objectRef: { resource, apiGroup, apiVersion }, responseStatus: { metadata: {}, code: 200 } });
  };
  const run = async (release: string, lines: string[]): Promise<Report> => {
    const file = path.join(scratchDir('replacement-kind'), `${release}.log`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return analyzeLogs({ logs: [file], spec: specPath(release), conformance: 'none', policy: { failOn: ['removed'] } });
  };

  it('1.21: storage.k8s.io/v1beta1 CSIStorageCapacity -> storage.k8s.io/v1, not served for it by 1.21', async () => {
    const r = await run('1.21-served-kind', [lineAt('/apis/storage.k8s.io/v1beta1/csistoragecapacities', 'storage.k8s.io', 'v1beta1', 'csistoragecapacities')]);
    const d = r.operations[0].deprecation!;
    expect(d.replacement).toBe('storage.k8s.io/v1');
    expect(d.replacementServedIn).not.toBeUndefined();
    expect(r.verdict.violations[0].why).toContain('use storage.k8s.io/v1 (not served by the release analysed;');
  });

  it('1.13: batch/v1beta1 CronJob and extensions/v1beta1 Ingress name versions 1.13 serves for other kinds only', async () => {
    const r = await run('1.13', [
      lineAt('/apis/batch/v1beta1/cronjobs', 'batch', 'v1beta1', 'cronjobs'),
      lineAt('/apis/extensions/v1beta1/ingresses', 'extensions', 'v1beta1', 'ingresses'),
    ]);
    for (const id of ['listBatchV1beta1CronJobForAllNamespaces', 'listExtensionsV1beta1IngressForAllNamespaces']) {
      const op = r.operations.find((o) => o.operationId === id)!;
      expect(op.deprecation!.replacementServedIn, id).not.toBeUndefined();
    }
  });

  it('a replacement served for the kind stays without the field (batch/v1beta1 CronJob on 1.21: batch/v1 serves it)', async () => {
    const r = await run('1.21-served-kind', [lineAt('/apis/batch/v1beta1/cronjobs', 'batch', 'v1beta1', 'cronjobs')]);
    expect(r.operations[0].deprecation).toMatchObject({ replacement: 'batch/v1' });
    expect(r.operations[0].deprecation).not.toHaveProperty('replacementServedIn');
  });
});
