// Least privilege of merged shards is not the whole's: a grant one shard never used and another used only in some
// namespaces is over-granted cluster-wide in the whole, so the whole can have more over-grants than any one shard.
// On requests of cert-manager's cainjector in hkerma's log, cut into two shards, against two ClusterRoles.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import { rbacForIdentities } from '../../src/rbac.js';
import { HKERMA_CSV, scratchDir, specPath } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { CAINJECTOR, CAINJECTOR_GRANTED } from './helpers.js';

const dir = scratchDir('rbac-merge-shards');
const SPEC = specPath('1.33');

interface Event {
  user: { username: string };
  requestURI: string;
  verb: string;
}

/** The report of these logs with the cainjector's least privilege judged with this threshold, as analyze makes it. */
async function judged(logs: string[], granted: string, threshold: number): Promise<Report> {
  const report = await analyzeLogs({ logs, spec: SPEC, conformance: 'none', identifyInputs: true, selection: { serviceAccounts: [CAINJECTOR] } });
  const rbac = await rbacForIdentities({ logs, identities: [{ serviceAccount: CAINJECTOR }], granted: [granted], spec: SPEC, failOn: ['overprivileged'], threshold });
  return { ...report, rbac };
}

let shards: [Report, Report];
let whole: Report;
let files: { a: string; granted: string; leases: string };
beforeAll(async () => {
  const events = convertHkermaCsv(HKERMA_CSV).lines.filter((l) => (JSON.parse(l) as Event).user.username === `system:serviceaccount:${CAINJECTOR}`);
  const of = (verb: string, part: string): string[] =>
    events.filter((l) => {
      const e = JSON.parse(l) as Event;
      return e.verb === verb && e.requestURI.includes(part);
    });
  // Shard a: its lease, got and updated; shard b: one event created. Neither lists anything.
  const a = [...of('get', '/leases/'), ...of('update', '/leases/')];
  const b = of('create', '/events').slice(0, 1);
  expect([a.length > 0, b.length]).toEqual([true, 1]);
  const write = (name: string, lines: string[]): string => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const granted = write('granted.yaml', [CAINJECTOR_GRANTED]);
  const [fa, fb] = [write('a.log', a), write('b.log', b)];
  // The leases' ClusterRole and its binding alone: other grants for the same requests.
  const [leasesRole, , leasesBinding] = CAINJECTOR_GRANTED.split('---\n');
  files = { a: fa, granted, leases: write('leases.yaml', [`${leasesRole}---\n${leasesBinding}`]) };
  const [ra, rb, all] = await Promise.all([judged([fa], granted, 3), judged([fb], granted, 3), judged([fa, fb], granted, 3)]);
  shards = [ra, rb];
  whole = all;
}, 120_000);

describe('least privilege of merged shards', () => {
  it('each shard passes with 3 over-grants, the whole fails with 4: the whole has more than any one shard', () => {
    expect(shards.map((r) => [r.rbac![0].verdict!.overGrants, r.rbac![0].verdict!.pass])).toEqual([
      [3, true],
      [3, true],
    ]);
    // Events unused in shard a, created in kube-system only in shard b: cluster-wide in the whole, as leases are.
    expect(whole.rbac![0].granted!.overGrants.map((o) => `${o.role.name} ${o.kind}`).sort()).toEqual(['events cluster-wide', 'events unused', 'leases cluster-wide', 'leases unused']);
    expect(whole.rbac![0].verdict).toMatchObject({ overGrants: 4, pass: false });
  });

  it("merge keeps a shard's passing verdict but says the whole's is not known from the shards, and what to do, whatever their order", () => {
    for (const order of [shards, [shards[1], shards[0]]]) {
      const merged = mergeReports(order, undefined, undefined, order.map((r) => (r === shards[0] ? 'a.json' : 'b.json')));
      expect(merged.rbac![0].verdict).toMatchObject({ overGrants: 3, pass: true });
      expect(reportPasses(merged)).toBe(true);
      expect(merged.runNotes?.notices, JSON.stringify(merged.runNotes)).toContain(
        "least privilege of cert-manager:my-cert-manager-cainjector is not the merged whole's: a.json and b.json compare different requests, which cannot be combined without the logs (what one never used, another may have); " +
          "the merged report keeps the comparison of b.json, the strictest verdict of theirs (PASS, 3 over-grants, threshold 3), but the whole's verdict is not known from them: " +
          'the whole may have more over-grants than any one report (a grant one report never used and another used only in some namespaces is over-granted cluster-wide in the whole); ' +
          "analyze all the logs at once for the whole's",
      );
    }
  });

  it('the same comparison judged with another threshold, beside a report that did not check it: the notice names the report whose verdict is kept, whatever the order', async () => {
    const [lenient, strict] = await Promise.all([judged([files.a], files.granted, 3), judged([files.a], files.granted, 1)]);
    expect([lenient, strict].map((r) => r.rbac![0].verdict)).toEqual([expect.objectContaining({ threshold: 3, pass: true }), expect.objectContaining({ threshold: 1, pass: false })]);
    const { rbac: _, ...unchecked } = shards[1];
    const name = (r: Report): string => (r === lenient ? 'lenient.json' : r === strict ? 'strict.json' : 'b.json');
    for (const order of [
      [lenient, strict, unchecked],
      [strict, lenient, unchecked],
      [unchecked, strict, lenient],
    ]) {
      const merged = mergeReports(order, undefined, undefined, order.map(name));
      expect(merged.rbac).toEqual(strict.rbac);
      expect(merged.runNotes?.notices).toContain(
        "least privilege of cert-manager:my-cert-manager-cainjector is not the merged whole's: b.json did not check it, and its logs may hold its requests, which cannot be combined without the logs (what one never used, another may have); " +
          "the merged report keeps the comparison of strict.json, the strictest verdict of theirs (FAIL, 3 over-grants, threshold 1); analyze all the logs at once for the whole's",
      );
    }
  });

  it("the same requests compared with other grants: said as a choice of grants no merge settles, not as shards' comparisons that analyzing the logs at once would combine", async () => {
    const [all, leases] = await Promise.all([judged([files.a], files.granted, 3), judged([files.a], files.leases, 3)]);
    expect(all.rbac![0].verdict?.overGrants).not.toBe(leases.rbac![0].verdict?.overGrants);
    const name = (r: Report): string => (r === all ? 'all.json' : 'leases.json');
    for (const order of [
      [all, leases],
      [leases, all],
    ]) {
      const merged = mergeReports(order, undefined, undefined, order.map(name));
      const kept = merged.rbac![0];
      expect([all.rbac![0], leases.rbac![0]]).toContainEqual(kept);
      expect(merged.runNotes?.notices).toEqual([
        'least privilege of cert-manager:my-cert-manager-cainjector differs between reports of the same requests: all.json and leases.json compare them with other grants or options; ' +
          `the merged report keeps the comparison of ${JSON.stringify(kept) === JSON.stringify(all.rbac![0]) ? 'all.json' : 'leases.json'}, the strictest verdict of theirs (PASS, ${kept.verdict!.overGrants} over-grants, threshold 3); ` +
          'they differ in what was given, not in what the logs hold: which comparison the gate means is yours to choose, and no merge can settle it (merge only the reports made with the grants and options it is to judge)',
      ]);
    }
  });
});
