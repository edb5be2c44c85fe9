// `apisnoop merge` gives the same report whatever the order of the reports (a matrix's artifacts come in the order
// they were downloaded): only what names the logs and the parts (inputs, inputIds, parts) follows it. On audit2rbac's
// 2017 demo log cut into two shards, its role requests re-pointed at a custom API that one spec serves and another
// does not, analyzed as the CLI does (with the logs' identities), some reports of the same requests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import { operationKey } from '../../src/engine/coverage.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import { rbacForIdentities } from '../../src/rbac.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { AUDIT2RBAC_2017, readLines, scratchDir, writeServedSpec } from '../helpers/fixtures.js';

const dir = scratchDir('merge-order');
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';
const CREATE_WIDGET = 'createExampleComV1NamespacedWidget';

interface Event {
  auditID: string;
  objectRef?: { namespace?: string };
}

let files: { a: string; b: string; small: string; big: string };
const analyze = (logs: string[], spec: string, s: Partial<AnalyzeSettings> = {}): Promise<Report> =>
  analyzeLogs({ logs, spec, conformance: 'none', nextReleases: [], identifyInputs: true, ...s });

/** Every order of the items (n! of them). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The merged report without what follows the order of the reports by design: the logs' and the parts' names. */
const unordered = ({ inputs: _i, inputIds: _d, parts: _p, ...r }: Report): Omit<Report, 'inputs' | 'inputIds' | 'parts'> => r;

beforeAll(async () => {
  const lines = readLines(AUDIT2RBAC_2017).map((l) => l.replace('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles"', `${WIDGETS}"`));
  // Two shards by auditID (no request straddles them), the requests in namespace ns1 all in the second.
  const event = (l: string): Event => JSON.parse(l) as Event;
  const ns1 = new Set(lines.map(event).flatMap((e) => (e.objectRef?.namespace === 'ns1' ? [e.auditID] : [])));
  const inA = (l: string): boolean => event(l).auditID[0]! < '8' && !ns1.has(event(l).auditID);
  const write = (name: string, text: string[]): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text.join('\n') + '\n');
    return file;
  };
  files = {
    a: write('a.log', lines.filter(inA)),
    b: write('b.log', lines.filter((l) => !inA(l))),
    // A cluster's spec serving the custom API; another serving two others (more operations) but not it.
    small: writeServedSpec(path.join(dir, 'small-1.13.json.gz'), '1.13', [{ group: 'example.com', version: 'v1' }]),
    big: writeServedSpec(path.join(dir, 'big-1.13.json.gz'), '1.13', [
      { group: 'fake0.io', version: 'v1' },
      { group: 'fake1.io', version: 'v1' },
    ]),
  };
}, 120_000);

describe('merge of reports of the same requests, in any order', () => {
  it("a report not counted (the same shard matched against a smaller spec) adds its word only to what its counted report matched, not to another shard's operation", async () => {
    const [counted, repeat, other] = await Promise.all([analyze([files.a], files.big), analyze([files.a], files.small), analyze([files.b], files.small)]);
    const widget = (r: Report) => r.operations.find((op) => op.operationId === CREATE_WIDGET);
    // Shard a's widget requests: matched by the repeat (its spec serves them), unmatched by the report counted.
    expect(widget(repeat)?.hits).toBeGreaterThan(0);
    expect(widget(counted)).toBeUndefined();
    expect(widget(other)?.hits).toBeGreaterThan(0);
    expect(widget(repeat)!.firstSeen! < widget(other)!.firstSeen!).toBe(true);
    const names = (order: Report[]): string[] => order.map((r) => (r === counted ? 'a-big.json' : r === repeat ? 'a-small.json' : 'b-small.json'));
    const without = mergeReports([counted, other], undefined, undefined, names([counted, other]));
    for (const order of permutations([counted, repeat, other])) {
      const notes: string[] = [];
      const merged = mergeReports(order, undefined, (n) => notes.push(n), names(order));
      // The widget operation is shard b's alone: its hits, and its first request (shard a's was left out as unmatched).
      expect(widget(merged)).toEqual(widget(other));
      expect(merged.operations).toEqual(without.operations);
      expect(merged.summary).toEqual(without.summary);
      // Said as it is: the widget requests of shard a count once, as the report counted (the larger spec) saw them.
      expect(notes.find((n) => n.startsWith('the reports were matched against different specs'))).toBe(
        `the reports were matched against different specs of Kubernetes 1.13 (${[counted, other].map((r) => `${r.specs[0]!.source}, ${r.specs[0]!.operations} operations`).join('; ')}): ` +
          `the merged report names the one with the most operations (${files.big}); ` +
          "an API that one spec has and another does not (a cluster's own resources) counts as used in the reports whose spec has it and as unmatched in the others; " +
          'reports of the same logs and filter count their requests once, as the one matched against the spec of the most operations of theirs matched them: an API that only another of their specs has counts as unmatched',
      );
    }
  });

  it("a merged report of shards, one of which selected none (fail-on empty), and the whole's own analysis of the same logs: the merge fails in either order, naming that shard", async () => {
    const ns1 = { namespaces: ['ns1'] };
    const emptyFails = { failOn: ['empty' as const] };
    const [a, b, whole] = await Promise.all([
      analyze([files.a], files.small, { selection: ns1, policy: emptyFails }),
      analyze([files.b], files.small, { selection: ns1, policy: emptyFails }),
      analyze([files.a, files.b], files.small, { selection: ns1, policy: emptyFails }),
    ]);
    expect([a.summary.selected, b.summary.selected > 0, reportPasses(whole)]).toEqual([0, true, true]);
    const shards = mergeReports([a, b], undefined, undefined, ['a.json', 'b.json']);
    expect(reportPasses(shards)).toBe(false);
    const [one, other] = [
      [shards, whole],
      [whole, shards],
    ].map((order) => mergeReports(order, undefined, undefined, order.map((r) => (r === whole ? 'whole.json' : 'shards.json'))));
    for (const merged of [one!, other!]) {
      expect(reportPasses(merged)).toBe(false);
      expect(merged.verdict.runFailures).toEqual([{ rule: 'empty', why: expect.stringContaining('(a.json, ') }]);
      expect(merged.summary).toEqual(whole.summary);
    }
    expect(unordered(other!)).toEqual(unordered(one!));
  });

  it('reports of shards, of the same shard (matched against other specs), and of other filters: every order gives the same report.json and report.md, but for the names of the logs and parts', async () => {
    // Conformance data of later releases than the spec's (each report's notice says so), and least privilege of the
    // log's one user compared in a report of shard a, which the reports of shard b did not check.
    const admin = (logs: string[]) => rbacForIdentities({ logs, identities: [{ user: 'system:admin' }], spec: files.small });
    const [aBig, aSmall, bSmall, aNs1, bNs1, adminA] = await Promise.all([
      analyze([files.a], files.big, { conformance: '1.35' }),
      analyze([files.a], files.small),
      analyze([files.b], files.small, { conformance: '1.36' }),
      analyze([files.a], files.small, { selection: { namespaces: ['ns1'] } }),
      analyze([files.b], files.small, { selection: { namespaces: ['ns1', 'default'] } }),
      admin([files.a]),
    ]);
    const reports = {
      'a-big.json': aBig,
      'a-small.json': { ...aSmall, rbac: adminA },
      'b-small.json': bSmall,
      'a-ns1.json': aNs1,
      'b-ns1.json': bNs1,
    };
    const named = new Map(Object.entries(reports).map(([n, r]) => [r, n]));
    const orders = permutations(Object.values(reports));
    expect(orders).toHaveLength(120);
    const merge = (order: Report[]): Report => mergeReports(order, undefined, undefined, order.map((r) => named.get(r)));
    const first = merge(orders[0]!);
    // What the orders may change only: the logs and the parts, set in one order here to compare the pages.
    const page = (r: Report): string =>
      renderMarkdown({ ...r, inputs: [...r.inputs].sort(), parts: [...(r.parts ?? [])].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)) });
    // The merge says what it mixes: the shard that selected none, the filters, the specs.
    expect(first.runNotes?.notices).toEqual([
      expect.stringMatching(/^conformance data of Kubernetes 1\.35\.0 used with the 1\.13 spec/),
      expect.stringMatching(/^conformance data of Kubernetes 1\.36\.0 used with the 1\.13 spec/),
      expect.stringMatching(/^the reports select requests differently \(\(no filter\); namespace ns1; namespace ns1, namespace default\): /),
      expect.stringMatching(/^a-ns1\.json selected none of the \d+ requests it read \(namespace ns1\)/),
      expect.stringMatching(/^least privilege of system:admin is not the merged whole's: b-ns1\.json and 1 more did not check it, .* keeps the comparison of a-small\.json/),
    ]);
    expect(first.operations.find((op) => operationKey(op) === operationKey(bSmall.operations.find((o) => o.operationId === CREATE_WIDGET)!))?.hits).toBe(
      bSmall.operations.find((o) => o.operationId === CREATE_WIDGET)!.hits + bNs1.operations.filter((o) => o.operationId === CREATE_WIDGET).reduce((n, o) => n + o.hits, 0),
    );
    for (const order of orders.slice(1)) {
      const merged = merge(order);
      expect(unordered(merged)).toEqual(unordered(first));
      expect(page(merged)).toBe(page(first));
    }
  });
});
