// Merging shard reports equals analysing the whole: real logs split by auditID so that no request straddles shards.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceFromCoverage } from '../../src/engine/conformance.js';
import type { DeprecationTable } from '../../src/engine/deprecations.js';
import { mergeReports, MergeError } from '../../src/engine/merge.js';
import { operationKey } from '../../src/engine/coverage.js';
import { removalText, type OperationUsage, type Report } from '../../src/engine/report.js';
import { selectionCriteria } from '../../src/engine/select.js';
import { mdText } from '../../src/render/markdown-cells.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { Spec } from '../../src/engine/spec.js';
import { earlierOperations, loadDeprecations, loadSpecFile } from '../../src/sources/specs.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeLines, AUDIT2RBAC_2017, HKERMA_CSV, loadFixtureSpec, readFixtureJson, readLines, scratchDir, writeServedSpec } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { hkermaServedCrds } from '../helpers/hkerma-crds.js';

/** Split JSON lines into two shards by the first hex digit of their auditID, keeping file order inside each. */
export function splitByAuditId(lines: string[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  for (const l of lines) ((JSON.parse(l) as { auditID: string }).auditID[0] < '8' ? a : b).push(l);
  return [a, b];
}

let spec113: Spec;
let spec128: Spec;
let later: Spec[];
let pluto: DeprecationTable;
beforeAll(async () => {
  [spec113, spec128] = await Promise.all([loadFixtureSpec('1.13'), loadFixtureSpec('1.28')]);
  later = await Promise.all(['1.28', '1.36'].map(loadFixtureSpec));
  pluto = await loadDeprecations();
});

function expectMergeEqualsWhole(lines: string[], analyse: (lines: string[], name: string) => Report): Report {
  const [a, b] = splitByAuditId(lines);
  expect(a.length).toBeGreaterThan(0);
  expect(b.length).toBeGreaterThan(0);
  const whole = analyse(lines, 'whole.log');
  const ra = analyse(a, 'a.log');
  const rb = analyse(b, 'b.log');
  const merged = mergeReports([ra, rb]);
  expect(merged.inputs).toEqual(['a.log', 'b.log']);
  // Besides its parts, each with its own counts (what fail-on empty judges), as the logs are its inputs.
  // Each with its filter: fail-on empty judges the parts of one filter together.
  const filter = selectionCriteria(whole.selection).join(', ') || '(no filter)';
  expect(merged.parts).toEqual([
    { name: 'report 1 (a.log)', requests: ra.summary.requests, selected: ra.summary.selected, filter },
    { name: 'report 2 (b.log)', requests: rb.summary.requests, selected: rb.summary.selected, filter },
  ]);
  expect({ ...merged, inputs: whole.inputs, parts: undefined }).toEqual(whole);
  // The order of the shards does not matter either.
  expect({ ...mergeReports([rb, ra]), inputs: whole.inputs, parts: undefined }).toEqual(whole);
  return whole;
}

describe('merge(analyze(a), analyze(b)) equals analyze(a+b)', () => {
  it('the 2017 log on removed APIs, with later specs, Pluto, the conformance overlay and a failing policy', () => {
    const overlay = conformanceFromCoverage(readFixtureJson('apisnoop', 'coverage-1.28.0.json.gz'), 'coverage-1.28.0.json.gz');
    const lines = deriveRemovedApiLog();
    expectMergeEqualsWhole(lines, (l, name) =>
      analyzeLines(l, { spec: spec113, laterSpecs: later, deprecations: pluto, conformance: overlay, policy: { failOn: ['removed', 'beta'] } }, name),
    );
    const whole = analyzeLines(lines, { spec: spec113, laterSpecs: later, deprecations: pluto, policy: { failOn: ['removed'] } });
    expect(whole.verdict.pass).toBe(false);
  });

  it('hkerma (16,474 requests, unmatched of every kind, system components included)', () => {
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    const whole = expectMergeEqualsWhole(lines, (l, name) => analyzeLines(l, { spec: spec128, selection: { includeSystem: true }, deprecations: pluto }, name));
    // The log has no user agents: the unmatched groups' users (who sent them) are unioned as the whole counts them.
    expect(whole.unmatched.length).toBeGreaterThan(100);
    for (const u of whole.unmatched) {
      expect(u.userAgents).toEqual(['(none)']);
      expect(u.users?.length, u.pattern).toBeGreaterThan(0);
    }
    expect(new Set(whole.unmatched.flatMap((u) => u.users)).size).toBeGreaterThan(5);
  });

  it('invalid lines add up too', () => {
    const lines = deriveRemovedApiLog();
    const withJunk = [...lines.slice(0, 100), 'not json', '{"kind":"Pod"}', ...lines.slice(100)];
    const [a, b] = [withJunk.slice(0, 101), withJunk.slice(101)];
    const ra = analyzeLines(a, { spec: spec113 }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113 }, 'b.log');
    const merged = mergeReports([ra, rb]);
    expect(merged.summary.invalidLines).toBe(2);
    expect(merged.invalid).toEqual([
      { file: 'a.log', line: 101, message: expect.stringMatching(/^not JSON: /) },
      { file: 'b.log', line: 1, message: 'kind is "Pod", not an audit Event' },
    ]);
  });
});

describe('reports that select differently (one job per chart, each selecting its own)', () => {
  it('the merged report lists every filter and says each applied only to its own logs; the counts add up', () => {
    // The 2017 log: alice's requests, and those in namespace ns1 (system components too).
    const lines = readLines(AUDIT2RBAC_2017);
    const ra = analyzeLines(lines, { spec: spec113, selection: { users: ['alice'] } }, 'a.log');
    const rb = analyzeLines(lines, { spec: spec113, selection: { namespaces: ['ns1'], includeSystem: true } }, 'b.log');
    expect(ra.summary.selected).toBeGreaterThan(0);
    expect(rb.summary.selected).toBeGreaterThan(0);
    const notes: string[] = [];
    const merged = mergeReports([ra, rb], undefined, (n) => notes.push(n));
    expect(merged.selection).toEqual({ namespaces: ['ns1'], serviceAccounts: [], users: ['alice'], userAgents: [], includeSystem: true, e2e: false });
    // A notice of the merged report, not only told: report.md and a later merge say it again (apisnoop merge warns of it).
    // The filters by their text, not in the order of the reports.
    const note =
      'the reports select requests differently (namespace ns1, include-system; user alice): the merged report lists every filter, but each report applied only its own, to its own logs';
    expect(merged.runNotes).toEqual({ problems: [], notices: [note] });
    expect(notes).toEqual([]);
    expect(mergeReports([merged, merged]).runNotes).toEqual({ problems: [], notices: [note] });
    expect(merged.summary.selected).toBe(ra.summary.selected + rb.summary.selected);
    // report.md names no one filter, which would be untrue of the other report's requests, and says the notice above.
    const md = renderMarkdown(merged);
    expect(md).toContain("Selected: each merged report's requests by its own filter, and the filters differ (see the notes above).<br>\n");
    expect(md).toContain(`> ${mdText(note, 400)}\n`);
    expect(md).not.toContain('Selected (any of)');
    // The same selection twice: said nothing, kept as it is, and named.
    const quiet: string[] = [];
    const same = mergeReports([ra, ra], undefined, (n) => quiet.push(n));
    expect(same.selection).toEqual(ra.selection);
    expect(same.runNotes).toBeUndefined();
    expect(quiet).toEqual([]);
    expect(renderMarkdown(same)).toContain('Selected (any of): user `alice`.<br>\n');
  });
});

describe('a report whose own filter kept none of its requests, merged with reports that kept some', () => {
  it("is said in the merged report's notes, naming the report and its filter: its run judged nothing, which the whole hid", () => {
    // Two jobs of a matrix over the 2017 log: alice's requests, and a namespace spelt wrong (the log has ns1).
    const lines = readLines(AUDIT2RBAC_2017);
    const ra = analyzeLines(lines, { spec: spec113, selection: { users: ['alice'] } }, 'a.log');
    const typo = analyzeLines(lines, { spec: spec113, selection: { namespaces: ['ns-1'] } }, 'b.log');
    expect([ra.summary.selected > 0, typo.summary.selected, typo.summary.requests]).toEqual([true, 0, 437]);
    const merged = mergeReports([ra, typo]);
    expect(merged.runNotes?.notices).toContain(
      'report 2 (b.log) selected none of the 437 requests it read (namespace ns-1): the merged verdict judged nothing of its logs; check that filter',
    );
    // Judged by fail-on empty, the failure names that report: said once, as the stronger, not again as a notice.
    const failing = mergeReports([ra, typo], { failOn: ['empty'] });
    expect(failing.verdict.runFailures).toEqual([
      { rule: 'empty', why: '1 of the 2 reports merged selected no request (report 2 (b.log), 437 requests read, namespace ns-1): the merged verdict judged nothing of its logs' },
    ]);
    expect(failing.runNotes?.notices.filter((n) => n.includes('selected none')) ?? []).toEqual([]);
    // Merged again (read back, or with another job's report), the report that selected none is still named once:
    // judged without fail-on empty, by the failure's reason as a notice; with it, by the failure alone.
    const other = analyzeLines(lines, { spec: spec113, selection: { users: ['bob'] } }, 'c.log');
    const namingB = (r: Report): string[] => [...(r.runNotes?.notices ?? []), ...(r.verdict.runFailures ?? []).map((f) => f.why)].filter((n) => n.includes('(b.log)'));
    for (const again of [[failing], [failing, other]]) expect(namingB(mergeReports(again, { failOn: [] }))).toEqual([failing.verdict.runFailures![0]!.why]);
    for (const again of [[merged], [merged, other]]) {
      const judged = mergeReports(again, { failOn: ['empty'] });
      expect(namingB(judged)).toEqual([expect.stringContaining('selected no request (report 2 (b.log), 437 requests read, namespace ns-1)')]);
      expect(judged.verdict.runFailures!.map((f) => f.rule)).toEqual(['empty']);
    }
    // Named by app when the reports have one; shards of one filter count together (one of them keeping none is no typo).
    const shards = [lines.filter((l) => l.includes('"alice"')), lines.filter((l) => !l.includes('"alice"'))];
    const [a1, a2] = shards.map((l, i) => ({ ...analyzeLines(l, { spec: spec113, selection: { users: ['alice'] } }, `a${i}.log`), app: 'shop' }));
    expect([a1.summary.selected > 0, a2.summary.selected, a2.summary.requests > 0]).toEqual([true, 0, true]);
    const named = mergeReports([a1, a2, { ...typo, app: 'cart' }]);
    expect(named.runNotes?.notices.filter((n) => n.includes('selected none'))).toEqual([
      'the report of cart (report 3) selected none of the 437 requests it read (namespace ns-1): the merged verdict judged nothing of its logs; check that filter',
    ]);
    // Said in report.md above the page, as the other notes of the merge are.
    expect(renderMarkdown(merged)).toContain(mdText('selected none of the 437 requests it read (namespace ns-1)', 400));
    // When no report kept any, the whole judged nothing, which is said as such (not once per filter).
    const none = mergeReports([typo, analyzeLines(lines, { spec: spec113, selection: { users: ['nobody'] } }, 'c.log')]);
    expect(none.runNotes?.notices.some((n) => n.includes('selected none'))).toBe(false);
  });
});

describe('reports made with different settings: merged, and said', () => {
  const lines = (): string[] => readLines(AUDIT2RBAC_2017);

  it('a report that filtered nothing makes the whole unfiltered (its requests went through no filter)', () => {
    const ra = analyzeLines(lines(), { spec: spec113, selection: { users: ['alice'] } }, 'a.log');
    const rb = analyzeLines(lines(), { spec: spec113 }, 'b.log');
    for (const order of [[ra, rb], [rb, ra]]) {
      const notes: string[] = [];
      const merged = mergeReports(order, undefined, (n) => notes.push(n));
      expect(merged.selection).toEqual({ namespaces: [], serviceAccounts: [], users: [], userAgents: [], includeSystem: false, e2e: false });
      expect(merged.runNotes?.notices).toEqual([expect.stringContaining('one of them filtered nothing, so the merged report names no filter')]);
      // Not "all requests": alice's report filtered its own.
      expect(renderMarkdown(merged)).toContain("Selected: each merged report's requests by its own filter");
      expect(renderMarkdown(merged)).not.toContain('(no filter).');
    }
  });

  it('conformance data of one report and none in the other: the data named, whichever comes first, and said', () => {
    const overlay = conformanceFromCoverage(readFixtureJson('apisnoop', 'coverage-1.28.0.json.gz'), 'coverage-1.28.0.json.gz');
    const log = deriveRemovedApiLog();
    const [a, b] = splitByAuditId(log);
    const ra = analyzeLines(a, { spec: spec113, conformance: overlay }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113 }, 'b.log');
    expect(ra.conformance).not.toBeNull();
    expect(rb.conformance).toBeNull();
    for (const order of [[ra, rb], [rb, ra]]) {
      const notes: string[] = [];
      const merged = mergeReports(order, undefined, (n) => notes.push(n));
      expect(merged.conformance).toEqual(ra.conformance);
      expect(notes).toEqual([
        // Each sorted, not in the order of the reports.
        `the reports used different conformance data (${ra.conformance!.release} (${ra.conformance!.source}); none): ` +
          `the merged report names ${ra.conformance!.release} (${ra.conformance!.source}), and an operation counts as conformance tested when any report says so; ` +
          'operations that only the reports without conformance data saw have no entry in it',
      ]);
    }
    // The same data in both: nothing said.
    const quiet: string[] = [];
    mergeReports([ra, analyzeLines(b, { spec: spec113, conformance: overlay }, 'b.log')], undefined, (n) => quiet.push(n));
    expect(quiet).toEqual([]);
  });

  it('different later releases checked: every one listed, in order, and said', () => {
    const log = deriveRemovedApiLog();
    const [a, b] = splitByAuditId(log);
    const ra = analyzeLines(a, { spec: spec113, laterSpecs: later.slice(0, 1) }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113, laterSpecs: later }, 'b.log');
    const notes: string[] = [];
    const merged = mergeReports([ra, rb], undefined, (n) => notes.push(n));
    expect(merged.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13', '1.28', '1.36']);
    expect(notes).toEqual([expect.stringMatching(/^the reports checked different later releases for removals \(1\.28; 1\.28, 1\.36\)/)]);
  });

  it("different specs of the release matched against: the one with the most operations named, whatever the order, and said; so are different apisnoop versions", async () => {
    // A cluster's spec: 1.13's with one custom API, which the requests for default's roles are re-pointed at.
    const served = await loadSpecFile(writeServedSpec(path.join(scratchDir('merge-specs'), 'served-1.13.json.gz'), '1.13', [{ group: 'example.com', version: 'v1' }]));
    expect(served.operations.length).toBe(spec113.operations.length + 3);
    const log = readLines(AUDIT2RBAC_2017).map((l) => l.replace('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles"', '/apis/example.com/v1/namespaces/default/widgets"'));
    const [a, b] = splitByAuditId(log);
    const ra = analyzeLines(a, { spec: spec113 }, 'a.log');
    const rb = { ...analyzeLines(b, { spec: served }, 'b.log'), tool: { name: 'apisnoop' as const, version: '0.10.0' } };
    // The same requests: an operation in the report of the cluster's spec, unmatched in the other.
    expect(rb.operations.find((op) => op.operationId === 'createExampleComV1NamespacedWidget')?.hits).toBeGreaterThan(0);
    expect(ra.unmatched.find((u) => u.pattern === '/apis/example.com/v1/namespaces/{namespace}/widgets')?.reason).toBe('unknown-group-version');
    const [ab, ba] = [[ra, rb], [rb, ra]].map((order) => {
      const notes: string[] = [];
      return { merged: mergeReports(order, undefined, (n) => notes.push(n)), notes };
    });
    const specText = (r: Report): string => `${r.specs[0]!.source}, ${r.specs[0]!.operations} operations`;
    expect(ab!.notes).toEqual([
      `the reports were matched against different specs of Kubernetes 1.13 (${[specText(ra), specText(rb)].sort().join('; ')}): the merged report names the one with the most operations (${rb.specs[0]!.source}); ` +
        "an API that one spec has and another does not (a cluster's own resources) counts as used in the reports whose spec has it and as unmatched in the others",
      `the reports were made by different apisnoop versions (${ra.tool.version}; 0.10.0): the merged report names the latest, 0.10.0; what one version matched or counted differently from another is mixed`,
    ]);
    expect(ba!.notes).toEqual(ab!.notes);
    for (const { merged } of [ab!, ba!]) {
      expect(merged.specs).toEqual(rb.specs);
      expect(merged.tool).toEqual(rb.tool);
      expect(renderMarkdown(merged)).toContain(`(${served.operations.length} operations in the spec)`);
    }
    expect({ ...ba!.merged, inputs: [], parts: [] }).toEqual({ ...ab!.merged, inputs: [], parts: [] });
  });

  it('one spec file named by two paths (shards analyzed in other directories) is not said to differ; a pre-release is older than its release', () => {
    const [a, b] = splitByAuditId(readLines(AUDIT2RBAC_2017));
    const ra = analyzeLines(a, { spec: spec113 }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113 }, 'b.log');
    const moved = { ...rb, specs: [{ ...rb.specs[0]!, source: `/home/runner/work/x/${rb.specs[0]!.source.replace(/^.*\//, '')}` }, ...rb.specs.slice(1)] };
    expect(moved.specs[0]!.source).not.toBe(ra.specs[0]!.source);
    const notes: string[] = [];
    mergeReports([ra, moved], undefined, (n) => notes.push(n));
    expect(notes.filter((n) => n.includes('different specs'))).toEqual([]);
    // 0.10.0 is later than 0.10.0-rc.1, whatever their order.
    const tool = (r: Report, version: string): Report => ({ ...r, tool: { name: 'apisnoop', version } });
    for (const order of [
      [tool(ra, '0.10.0-rc.1'), tool(rb, '0.10.0')],
      [tool(rb, '0.10.0'), tool(ra, '0.10.0-rc.1')],
    ]) {
      const said: string[] = [];
      expect(mergeReports(order, undefined, (n) => said.push(n)).tool.version).toBe('0.10.0');
      expect(said.find((n) => n.includes('different apisnoop versions'))).toContain('(0.10.0-rc.1; 0.10.0)');
    }
    // Pre-releases by their parts, numbers as numbers: rc.10 after rc.2.
    for (const order of [
      [tool(ra, '0.1.0-rc.10'), tool(rb, '0.1.0-rc.2')],
      [tool(rb, '0.1.0-rc.2'), tool(ra, '0.1.0-rc.10')],
    ]) {
      expect(mergeReports(order).tool.version).toBe('0.1.0-rc.10');
    }
  });

  it("different specs for different apps (a matrix of charts, each cluster serving its own CRDs): not said, as each app's requests were matched against its own cluster's spec", async () => {
    const served = await loadSpecFile(writeServedSpec(path.join(scratchDir('merge-specs-apps'), 'served-1.13.json.gz'), '1.13', [{ group: 'example.com', version: 'v1' }]));
    const [a, b] = splitByAuditId(readLines(AUDIT2RBAC_2017));
    const ra = { ...analyzeLines(a, { spec: spec113 }, 'a.log'), app: 'shop' };
    const rb = { ...analyzeLines(b, { spec: served }, 'b.log'), app: 'widgets' };
    const notes: string[] = [];
    const merged = mergeReports([ra, rb], undefined, (n) => notes.push(n));
    expect(notes.filter((n) => n.includes('different specs'))).toEqual([]);
    expect(merged.specs[0]).toEqual(rb.specs[0]);
    // The same two specs for one app are said (the test above), and so for the two apps once one of them has both.
    const rc = { ...analyzeLines(b, { spec: spec113 }, 'c.log'), app: 'widgets' };
    const again: string[] = [];
    mergeReports([ra, rb, rc], undefined, (n) => again.push(n));
    expect(again.filter((n) => n.includes('different specs'))).toHaveLength(1);
  });

  it('different policies: the strictest combination judges, whatever the order of the reports, and is said', () => {
    const log = deriveRemovedApiLog();
    const [a, b] = splitByAuditId(log);
    // A leg that only reports, ahead of one that fails on alpha and beta: the order its artifacts came in passed the gate.
    const ra = analyzeLines(a, { spec: spec113, policy: { failOn: [] } }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113, policy: { failOn: ['alpha', 'beta'] } }, 'b.log');
    expect([ra.verdict.pass, rb.verdict.pass]).toEqual([true, false]);
    const notes: string[] = [];
    const [ab, ba] = [mergeReports([ra, rb], undefined, (n) => notes.push(n)), mergeReports([rb, ra], undefined, (n) => notes.push(n))];
    const strict = analyzeLines(log, { spec: spec113, policy: { failOn: ['alpha', 'beta'] } }).verdict;
    expect(strict.pass).toBe(false);
    expect(ab.verdict).toEqual(strict);
    expect(ba.verdict).toEqual(strict);
    const said =
      'the reports were judged by different policies (fail-on alpha,beta; fail-on none): the merged verdict uses the strictest combination, every rule any ' +
      'report fails on and only what every report allows (fail-on alpha,beta); set fail-on and allow (--fail-on, --allow) to choose';
    expect(notes).toEqual([said, said]);

    // Allow lists: only what every report exempts, however each words it (a group, a group/version); rules: all of them.
    const rc = analyzeLines(a, { spec: spec113, policy: { failOn: ['removed'], allow: ['extensions'] } }, 'a.log');
    const rd = analyzeLines(b, { spec: spec113, policy: { failOn: ['beta'], allow: ['policy', 'extensions/v1beta1'] } }, 'b.log');
    const combined = analyzeLines(log, { spec: spec113, policy: { failOn: ['beta', 'removed'], allow: ['extensions/v1beta1'] } }).verdict;
    for (const merged of [mergeReports([rc, rd]), mergeReports([rd, rc])]) {
      expect(merged.verdict).toEqual({ ...combined, policy: { failOn: ['beta', 'removed'], allow: ['extensions/v1beta1'] } });
    }
    // policy/v1beta1, allowed by one report only, fails; extensions/v1beta1, allowed by both, does not.
    const groups = new Set(combined.violations.map((v) => v.path.split('/').slice(0, 4).join('/')));
    expect(groups.has('/apis/policy/v1beta1') && !groups.has('/apis/extensions/v1beta1')).toBe(true);

    // Run rules are rules too: invalid input that one leg ignored fails the whole that another leg judges with invalid.
    const re = analyzeLines(['not an audit event', ...a], { spec: spec113, policy: { failOn: [] } }, 'a.log');
    const rf = analyzeLines(b, { spec: spec113, policy: { failOn: ['invalid'] } }, 'b.log');
    expect([re.verdict.pass, rf.verdict.pass]).toEqual([true, true]);
    for (const merged of [mergeReports([re, rf]), mergeReports([rf, re])]) {
      expect(merged.verdict).toMatchObject({ pass: false, policy: { failOn: ['invalid'] }, runFailures: [{ rule: 'invalid' }] });
    }

    // Given: the policy chosen, nothing said; a part given, the other part combined and said.
    const quiet: string[] = [];
    expect(mergeReports([ra, rb], { failOn: [], allow: [] }, (n) => quiet.push(n)).verdict.pass).toBe(true);
    // The same rules in another order are the same policy.
    const ab2 = analyzeLines(log, { spec: spec113, policy: { failOn: ['alpha', 'beta'] } }, 'a.log');
    const ba2 = analyzeLines(log, { spec: spec113, policy: { failOn: ['beta', 'alpha'] } }, 'b.log');
    mergeReports([ab2, ba2], undefined, (n) => quiet.push(n));
    expect(quiet).toEqual([]);
    const partial: string[] = [];
    expect(mergeReports([rd, rc], { failOn: ['beta'] }, (n) => partial.push(n)).verdict.policy).toEqual({ failOn: ['beta'], allow: ['extensions/v1beta1'] });
    expect(mergeReports([rd, rc], { allow: [] }, (n) => partial.push(n)).verdict.policy).toEqual({ failOn: ['beta', 'removed'], allow: [] });
    expect(partial).toEqual([
      'the reports allow different operations (extensions; extensions/v1beta1,policy): the merged verdict allows only what every report allows (extensions/v1beta1); set allow (--allow) to choose',
      'the reports fail on different rules (beta; removed): the merged verdict fails on every rule any report fails on (beta,removed); set fail-on (--fail-on) to choose',
    ]);
  });

  it('reports of several named apps are named after all of them, not after one app', () => {
    const r = analyzeLines(deriveRemovedApiLog().slice(0, 20), { spec: spec113 }, 'a.log');
    expect(mergeReports([{ ...r, app: 'chart-a' }, { ...r, app: 'chart-b' }]).app).toBe('chart-a + chart-b');
    expect(mergeReports([{ ...r, app: 'chart-a' }, { ...r, app: 'chart-a' }]).app).toBe('chart-a');
    expect(mergeReports([r, r]).app).toBeUndefined();
    // A part without a name may be another app: the whole is then named after the first log, as before.
    expect(mergeReports([{ ...r, app: 'chart-a' }, r]).app).toBeUndefined();
    // That the name was dropped is said (it was silent).
    const notes: string[] = [];
    mergeReports([{ ...r, app: 'chart-a' }, r], {}, (n) => notes.push(n));
    expect(notes).toContain('reports of chart-a merged with reports of no named app: the merged report names none');
    const none: string[] = [];
    mergeReports([r, r], {}, (n) => none.push(n));
    expect(none.filter((n) => n.includes('named app'))).toEqual([]);
  });

  it("the runs' notes are kept, each once, named after their app when the reports are of several", () => {
    const r = analyzeLines(deriveRemovedApiLog().slice(0, 20), { spec: spec113 }, 'a.log');
    const failed = { problems: ['helm install failed (helm exited with code 1)'], notices: ['The chart tests were skipped because the install failed.'] };
    expect(mergeReports([r, r]).runNotes).toBeUndefined();
    expect(mergeReports([{ ...r, runNotes: failed }, { ...r, runNotes: failed }, r]).runNotes).toEqual(failed);
    expect(mergeReports([{ ...r, app: 'a', runNotes: failed }, { ...r, app: 'b', runNotes: { problems: [], notices: ['No chart tests were run (test-command: none).'] } }]).runNotes).toEqual({
      problems: ['a: helm install failed (helm exited with code 1)'],
      notices: ['a: The chart tests were skipped because the install failed.', 'b: No chart tests were run (test-command: none).'],
    });
  });
});

describe('removals found differently: the removal and the record that found it kept together, whatever the order', () => {
  const removal = (op: OperationUsage): unknown => ({ removedIn: op.removedIn, deprecation: op.deprecation });
  const byKey = (r: Report): Map<string, OperationUsage> => new Map(r.operations.map((o) => [operationKey(o), o]));

  /** Both orders merge to the same operations, each with the record of its own removal; the merged one returned. */
  function mergeBothWays(ra: Report, rb: Report): Report {
    const [ab, ba] = [mergeReports([ra, rb]), mergeReports([rb, ra])];
    expect(ab.operations).toEqual(ba.operations);
    for (const op of ab.operations) expect(op.deprecation?.removedIn ?? null).toBe(op.removedIn);
    return ab;
  }

  it('one leg checked sparse later releases (--next-releases 1.32,1.36), the other every shipped one: the earliest removal, with its bound', async () => {
    const every = await Promise.all(['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'].map(loadFixtureSpec));
    const sparse = every.filter((s) => s.kubernetesVersion === '1.32' || s.kubernetesVersion === '1.36');
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    const [a, b] = splitByAuditId(lines);
    // Without Pluto's table (which names 1.29), the later specs alone bound when flowcontrol v1beta2 went.
    const opts = { spec: spec128, selection: { includeSystem: true } };
    const ra = analyzeLines(a, { ...opts, laterSpecs: sparse }, 'a.log');
    const rb = analyzeLines(b, { ...opts, laterSpecs: every }, 'b.log');
    const id = 'getFlowcontrolApiserverV1beta2APIResources';
    const of = (r: Report): OperationUsage => r.operations.find((o) => o.operationId === id)!;
    expect([removalText(of(ra)), removalText(of(rb))]).toEqual(['gone by 1.32 (last served in 1.28)', 'gone by 1.30 (last served in 1.28)']);
    const merged = mergeBothWays(ra, rb);
    expect(removal(of(merged))).toEqual(removal(of(rb)));
    // What both legs saw is removed as the analysis of both logs against every release either checked says.
    const whole = byKey(analyzeLines(lines, { ...opts, laterSpecs: every }));
    const inA = byKey(ra);
    const shared = merged.operations.filter((o) => inA.has(operationKey(o)) && byKey(rb).has(operationKey(o)));
    expect(shared.filter((o) => o.removedIn !== null).length).toBeGreaterThan(1);
    for (const op of shared) expect(removal(op)).toEqual(removal(whole.get(operationKey(op))!));
  });

  it("a report made without Pluto's table (the engine's deprecations option): the same release found by the annotation and by Pluto is Pluto's, with its replacement", () => {
    // rbac v1beta1 clusterrolebindings: the apiserver's k8s.io/removed-release and Pluto both say 1.22.
    const [a, b] = splitByAuditId(deriveRemovedApiLog());
    // The shipped releases, as analyze gives them: they say extensions is Kubernetes' group, which 1.28 removed.
    const ra = analyzeLines(a, { spec: spec113, laterSpecs: later, earlier: earlierOperations('1.13') }, 'a.log');
    const rb = analyzeLines(b, { spec: spec113, laterSpecs: later, deprecations: pluto }, 'b.log');
    const crb = 'deleteRbacAuthorizationV1beta1ClusterRoleBinding';
    const of = (r: Report, id: string): OperationUsage => r.operations.find((o) => o.operationId === id)!;
    // Without Pluto, what to move to is the stable version of the group and kind that 1.13 serves.
    expect(of(ra, crb).deprecation).toEqual({ source: 'audit-annotation', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' });
    const merged = mergeBothWays(ra, rb);
    expect(of(merged, crb).deprecation).toEqual({ source: 'pluto', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' });
    // extensions/v1beta1 deployments: the later spec bounds it by 1.28, Pluto names 1.16 and apps/v1.
    const deploy = 'createExtensionsV1beta1NamespacedDeployment';
    expect(removalText(of(ra, deploy))).toBe('gone by 1.28 (last served in 1.13)');
    expect(removal(of(merged, deploy))).toEqual(removal(of(rb, deploy)));
    // The verdict's reason, whichever leg comes first.
    for (const order of [[ra, rb], [rb, ra]]) {
      const why = mergeReports(order, { failOn: ['removed'], allow: [] }).verdict.violations.find((v) => v.operationId === deploy)?.why;
      expect(why).toBe('removed in Kubernetes 1.16; use apps/v1; beta API extensions/v1beta1: not covered by the GA deprecation policy; deprecated since Kubernetes 1.9');
    }
  });
});

describe('what merge refuses', () => {
  it('reports of different Kubernetes releases', () => {
    const lines = deriveRemovedApiLog().slice(0, 50);
    const r13 = analyzeLines(lines, { spec: spec113 });
    const r28 = analyzeLines(lines, { spec: spec128 });
    expect(() => mergeReports([r13, r28])).toThrow(MergeError);
    expect(() => mergeReports([r13, r28])).toThrow('reports are against different Kubernetes releases (1.13, 1.28): merge reports of one release');
  });

  it('another schema version, or nothing', () => {
    const r = analyzeLines(deriveRemovedApiLog().slice(0, 10), { spec: spec113 });
    expect(() => mergeReports([r, { ...r, schemaVersion: 2 as unknown as 1 }])).toThrow('report schemaVersion 2 is not 1');
    expect(() => mergeReports([])).toThrow('nothing to merge');
  });
});

describe('a report made before discovery of a served group was unknown-group-version', () => {
  it("merged with one made since, its unknown-resource discovery rows fold into the new ones: one row per pattern, as two new reports give (hkerma's CRD groups served)", async () => {
    const { lines, crds, served } = await hkermaServedCrds(spec128, '1.28', scratchDir('merge-discovery'));
    const [a, b] = splitByAuditId(lines);
    const [ra, rb] = [analyzeLines(a, { spec: served, selection: { includeSystem: true } }, 'a.log'), analyzeLines(b, { spec: served, selection: { includeSystem: true } }, 'b.log')];
    // As the build before wrote them: /apis/G/V unknown-resource with its group and version, /apis/G with neither.
    const groups = new Set(crds.map((c) => c.group));
    let aged = 0;
    const before: Report = {
      ...ra,
      unmatched: ra.unmatched.map((u) => {
        const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(u.pattern);
        if (u.reason !== 'unknown-group-version' || !m || !groups.has(m[1]!) || (m[2] !== undefined && !crds.some((c) => c.group === m[1] && c.version === m[2]))) return u;
        aged++;
        const { group: _g, version: _v, ...rest } = u;
        return m[2] === undefined ? { ...rest, reason: 'unknown-resource' as const } : { ...u, reason: 'unknown-resource' as const };
      }),
    };
    expect(aged).toBeGreaterThan(10);
    const now = mergeReports([ra, rb]);
    const merged = mergeReports([before, rb]);
    expect(merged.unmatched).toEqual(now.unmatched);
    expect(merged.unmatched.filter((u) => u.reason === 'unknown-resource' && /^\/apis\/[^/]+(\/[^/]+)?$/.test(u.pattern))).toEqual([]);
    // And as the whole log gives them.
    expect(merged.unmatched).toEqual(analyzeLines(lines, { spec: served, selection: { includeSystem: true } }).unmatched);
  });
});
