// `apisnoop merge` of reports of the same log and filter made with other settings: the log's requests count once, as
// a report given twice, but what else each report says is merged from all of them (least privilege of other service
// accounts, conformance data, later releases checked for removals), whatever the order of the reports.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import { rbacForIdentities } from '../../src/rbac.js';
import { HKERMA_CSV, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { CAINJECTOR, CAINJECTOR_GRANTED } from '../rbac/helpers.js';

const dir = scratchDir('merge-same-requests');
const log = path.join(dir, 'hkerma.jsonl');
const granted = path.join(dir, 'granted.yaml');
const STARTUPAPICHECK = 'cert-manager:my-cert-manager-startupapicheck';
const CERT_MANAGER = { namespaces: ['cert-manager'], serviceAccounts: ['cert-manager:*'] };

const analyze = (s: Partial<AnalyzeSettings> = {}): Promise<Report> =>
  analyzeLogs({ logs: [log], kubernetesVersion: '1.33', identifyInputs: true, selection: CERT_MANAGER, ...s });
/** The merged report of these reports, with what it told, as the same for either order of the reports. */
function mergedBothWays(reports: [Report, Report]): { merged: Report; notes: string[] } {
  const [one, other] = [reports, [reports[1], reports[0]]].map((order) => {
    const notes: string[] = [];
    const { parts: _, ...merged } = mergeReports(order, undefined, (n) => notes.push(n));
    return { merged: merged as Report, notes };
  });
  expect(other!.merged).toEqual(one!.merged);
  return one!;
}

let auto: Report;
beforeAll(async () => {
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
  writeFileSync(granted, CAINJECTOR_GRANTED);
  auto = await analyze();
}, 120_000);

describe('reports of the same log and filter, made with other settings', () => {
  it("least privilege of another service account in each: both kept, and the failing one fails the merge in either order (one report's was dropped)", async () => {
    const [injector, startup] = await Promise.all([
      rbacForIdentities({ logs: [log], identities: [{ serviceAccount: CAINJECTOR }], granted: [granted], kubernetesVersion: '1.33', failOn: ['overprivileged'], threshold: 0 }),
      rbacForIdentities({ logs: [log], identities: [{ serviceAccount: STARTUPAPICHECK }], kubernetesVersion: '1.33' }),
    ]);
    expect([injector[0]!.verdict?.pass, startup[0]!.verdict]).toEqual([false, null]);
    const { merged, notes } = mergedBothWays([
      { ...auto, rbac: startup },
      { ...auto, rbac: injector },
    ]);
    // Each the whole log's: a report of the same log that did not check a service account holds none of its requests
    // the other did not compare.
    expect(merged.rbac).toEqual([...injector, ...startup]);
    expect(reportPasses(merged)).toBe(false);
    expect(merged.runNotes).toBeUndefined();
    // The requests count once.
    expect(merged.summary).toEqual(auto.summary);
    // Which one counts is decided by what they say, not by their order.
    expect(notes).toEqual([
      expect.stringMatching(/^report \d \(.*\) read the same log as report \d \(.*\) and selected the same requests \(namespace cert-manager, service account cert-manager:\*\): counted once, as a report given twice is$/),
    ]);
  });

  it("conformance data in one, none in the other: the merged report has the data's and its operations' word on it, in either order", async () => {
    const none = await analyze({ conformance: 'none' });
    expect([auto.conformance?.release, none.conformance]).toEqual(['1.33.0', null]);
    expect(none.operations.every((op) => op.conformanceTested === null)).toBe(true);
    const { merged } = mergedBothWays([auto, none]);
    expect(merged.conformance).toEqual(auto.conformance);
    expect(merged.operations).toEqual(auto.operations);
    expect(merged.summary).toEqual(auto.summary);
  });

  it('later releases checked in one, none in the other: the merged report names the later releases, and has the removals they found, in either order', async () => {
    const [early, noLater] = await Promise.all([analyze({ kubernetesVersion: '1.28' }), analyze({ kubernetesVersion: '1.28', nextReleases: [] })]);
    expect(noLater.specs).toHaveLength(1);
    expect(early.specs.map((s) => s.kubernetesVersion)).toEqual(['1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    const { merged } = mergedBothWays([early, noLater]);
    expect(merged.specs).toEqual(early.specs);
    expect(merged.operations).toEqual(early.operations);
    expect(merged.verdict).toEqual(early.verdict);
  });
});

describe('reports with different conformance data', () => {
  it("name the newest release's, whatever their order (the first report's was named)", async () => {
    const [newer, older] = await Promise.all([analyze({ kubernetesVersion: '1.36' }), analyze({ kubernetesVersion: '1.36', conformance: '1.35', selection: { namespaces: ['kube-system'] } })]);
    expect([newer.conformance?.release, older.conformance?.release]).toEqual(['1.36.0', '1.35.0']);
    // Of other filters: the merged selection lists theirs in the order of the reports, and so does its note.
    const notes: string[] = [];
    const [one, other] = [mergeReports([older, newer], undefined, (n) => notes.push(n)), mergeReports([newer, older], undefined, (n) => notes.push(n))];
    expect([one.conformance, other.conformance]).toEqual([newer.conformance, newer.conformance]);
    expect(one.operations).toEqual(other.operations);
    const data = ['1.35.0', '1.36.0'].map((v) => `${v} (kubernetes-sigs/apisnoop resources/coverage/${v}.json)`);
    const said =
      `the reports used different conformance data (${data.join('; ')}): ` +
      `the merged report names ${data[1]}, and an operation counts as conformance tested when any report says so`;
    expect(notes.filter((n) => n.startsWith('the reports used different conformance data'))).toEqual([said, said]);
  });
});
