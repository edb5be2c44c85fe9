import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceFromCoverage } from '../../src/engine/conformance.js';
import { loadConformanceVersion, loadIneligible } from '../../src/sources/specs.js';
import { observedObjects, type RbacComparison } from '../../src/engine/rbac.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import { nothingJudged } from '../../src/engine/verdict.js';
import { rbacForIdentities } from '../../src/rbac.js';
import { analyzeLogs } from '../../src/analyze.js';
import { htmlText, mdCode, mdText } from '../../src/render/markdown-cells.js';
import { FOLDED_FIRST_SHARE } from '../../src/render/markdown-layout.js';
import { composeComment, composeReleasesComment } from '../../src/github/comment.js';
import { renderReleasesMarkdown } from '../../src/render/markdown-releases.js';
import { DEFAULT_MAX_CHARS, renderMarkdown } from '../../src/render/markdown.js';
import { unservedDiscovery, violationsByUrgency } from '../../src/render/format.js';
import { ruleText } from '../../src/render/rbac.js';
import { sweepLines } from '../helpers/audit-verb.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeLines, AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, loadFixtureSpec, readFixtureJson, readLines } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { hkermaServedCrds } from '../helpers/hkerma-crds.js';
import { scratchDir } from '../helpers/scratch.js';
import { helmTemplate } from '../rbac/helpers.js';
import { detailsBalanced, outsideCode, outsideFences, sections, splitRow, tables, unsafeMarkup } from '../helpers/markdown-check.js';
import {
  HOSTILE_USER_AGENTS,
  hugeReport,
  legacyAppReport,
  loadCoverage,
  fixturesDir,
  repoRoot,
  sampleOperatorReport,
  usageReport,
  watchOperations,
  type Use,
} from '../helpers/report-fixtures.js';

const MARKER = '<!-- apisnoop:comment -->';

/** Checks every page must pass, whatever the report: tables whole, folds closed, nothing unsafe, totals add up. */
function expectValidPage(md: string, report: Report, maxChars: number, marker?: string): void {
  expect(md.length).toBeLessThanOrEqual(maxChars);
  expect(md.endsWith('\n')).toBe(true);
  expect(() => tables(md)).not.toThrow();
  expect(detailsBalanced(md)).toBe(true);
  expect(unsafeMarkup(md, marker)).toEqual([]);
  // The verdict heading is always there and comes first (after the marker).
  const lines = md.split('\n');
  const first = marker ? lines[2] : lines[0];
  const pass = reportPasses(report);
  // A pass that judged nothing (nothingJudged) is no green tick: the warning under it says why.
  const unjudged = pass && nothingJudged(report) !== null;
  expect(first).toBe(`## ${unjudged ? '⚠️' : pass ? '✅' : '❌'} APISnoop: ${pass ? 'pass' : 'fail'}${unjudged ? ', but nothing was judged' : ''}`);
  // Every table section shows some rows and says how many it left out, and the two add up to its total.
  for (const s of sections(md)) {
    if (s.total !== null && (s.shown > 0 || s.more > 0)) expect(s.shown + s.more, s.heading).toBe(s.total);
  }
}

describe('renderMarkdown on a sample operator (Kubernetes 1.36, APISnoop coverage 1.36.0)', () => {
  const report = sampleOperatorReport();
  const md = renderMarkdown(report, { marker: MARKER, reportUrl: 'https://github.com/o/r/actions/runs/42?check=(1)' });

  it('puts the marker first, then the verdict with the failed rules', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[2]).toBe('## ❌ APISnoop: fail');
    // alpha: listSchedulingV1alpha2NamespacedWorkload (3 hits); beta: the two LeaseCandidate operations (5 + 1 hits).
    expect(md).toContain('**Verdict: fail.** 3 operations break the policy (fail on **alpha**, **beta**).');
    expect(md).toContain('Failed rules: **alpha** (1 operation, 3 hits), **beta** (2 operations, 6 hits).');
    // What would pass, as the CLI takes it (the Action's page names its allow input instead).
    expect(md).toContain('keep them on purpose with `--allow coordination.k8s.io/v1beta1,scheduling.k8s.io/v1alpha2`.');
    expect(renderMarkdown(report, { surface: 'action' })).toContain("keep them on purpose with the step's input `allow: coordination.k8s.io/v1beta1, scheduling.k8s.io/v1alpha2`.");
    expect(md.indexOf('Verdict')).toBeLessThan(md.indexOf('| level'));
  });

  it("says the run's notes (report.json's runNotes) above the verdict, problems first, unless the caller shows them", () => {
    const noted: Report = { ...report, runNotes: { problems: ['helm install failed (helm exited with code 1)'], notices: ['No chart tests were run (test-command: none).'] } };
    const page = renderMarkdown(noted, { marker: MARKER }).split('\n');
    expect(page.slice(0, 7)).toEqual([
      MARKER,
      '',
      '> [!WARNING]',
      `> ${mdText('helm install failed (helm exited with code 1)')}`,
      '>',
      `> ${mdText('No chart tests were run (test-command: none).')}`,
      '',
    ]);
    expect(page[7]).toBe('## ❌ APISnoop: fail');
    // The comment and the job summary put them above the page themselves.
    expect(renderMarkdown(noted, { marker: MARKER, notes: [] })).toBe(renderMarkdown(report, { marker: MARKER }));
    // Eleven: ten said, and how many more report.json holds.
    const many = renderMarkdown({ ...report, runNotes: { problems: Array.from({ length: 11 }, (_, i) => `problem ${i}`), notices: [] } });
    expect(many).toContain('> problem 9\n>\n> … and 1 more\n');
    expect(many).not.toContain('problem 10');
  });

  it('shows the level counts of the summary, discovery apart', () => {
    const counts = tables(md).find((t) => t.header[0] === 'level')!;
    const byName = Object.fromEntries(counts.rows.map((r) => [r[0], [Number(r[1]), Number(r[2])]]));
    for (const level of ['stable', 'beta', 'alpha'] as const) {
      expect(byName[level]).toEqual([report.summary.byLevel[level].operations, report.summary.byLevel[level].hits]);
    }
    // Discovery: getAPIVersions (4), getCoreAPIVersions (4), getCoordinationV1APIResources (2).
    expect(byName.discovery).toEqual([3, 10]);
    expect(byName.alpha).toEqual([1, 3]);
    expect(md).toContain(`**${report.summary.unmatched} unmatched**`);
    expect(md).toContain('0 invalid lines');
  });

  it('lists each violation with operation, level, rules, why, hits and callers', () => {
    const t = tables(md).find((x) => x.header.join() === 'operation,level,rules,why,hits,callers')!;
    expect(t.rows).toHaveLength(report.verdict.violations.length);
    const alpha = t.rows.find((r) => r[0].includes('listSchedulingV1alpha2NamespacedWorkload'))!;
    expect(alpha[0]).toContain('`GET /apis/scheduling.k8s.io/v1alpha2/namespaces/{namespace}/workloads`');
    expect(alpha.slice(1, 3)).toEqual(['alpha', 'alpha']);
    expect(alpha[4]).toBe('3');
    expect(alpha[5]).toBe('`sample-operator/v0.4.2 (linux/amd64) kubernetes/$Format`');
  });

  it('lists exactly the stable operations used that APISnoop 1.36.0 marks as not conformance tested', () => {
    const coverage = new Map(loadCoverage('1.36.0').map((e) => [e.endpoint, e]));
    const expected = report.operations
      .filter((o) => !o.discovery && coverage.get(o.operationId)?.level === 'stable' && coverage.get(o.operationId)?.conf_tested === false)
      .map((o) => o.operationId)
      .sort();
    expect(expected).toEqual([
      'connectCoreV1PostNamespacedPodExec',
      'createRbacAuthorizationV1NamespacedRole',
      'listRbacAuthorizationV1NamespacedRoleBinding',
      'readAutoscalingV2NamespacedHorizontalPodAutoscaler',
    ]);
    const t = tables(md).find((x) => x.header.join() === 'operation,kind,hits,any e2e test,conformance eligible,callers')!;
    const listed = t.rows.map((r) => /^`(\w+)`/.exec(r[0])![1]).sort();
    expect(listed).toEqual(expected);
    // createRbacAuthorizationV1NamespacedRole: some e2e test hits it (tested), none of them conformance.
    expect(t.rows.find((r) => r[0].includes('createRbacAuthorizationV1NamespacedRole'))![3]).toBe('yes');
  });

  it('folds unmatched requests with group/version/resource, non-resource URLs and all operations', () => {
    expect(md).toContain('<summary>Unmatched API requests: custom, aggregated or unknown (2 patterns, 17 requests)</summary>');
    expect(md).toContain('<summary>Non-resource URLs and other unmatched requests (1 pattern, 2 requests)</summary>');
    expect(md).toContain(`<summary>All operations used (${report.operations.length} operations, ${report.summary.matched} requests)</summary>`);
    const unmatched = tables(md).find((t) => t.header[0] === 'group')!;
    expect(unmatched.rows[0].slice(0, 4)).toEqual(['`sample.example.com`', '`v1`', '`widgets`', '`list`']);
    // The core group is named "core", as in the other tables.
    const core = { ...report, unmatched: [{ ...report.unmatched[0]!, group: '', version: 'v1', resource: 'nerds', pattern: '/api/v1/nerds' }] };
    expect(tables(renderMarkdown(core)).find((t) => t.header[0] === 'group')!.rows[0]!.slice(0, 3)).toEqual(['`core`', '`v1`', '`nerds`']);
    const ops = tables(md).find((t) => t.header.join().startsWith('operation,level,group/version'))!;
    expect(ops.rows).toHaveLength(report.operations.length);
    // Most used first within a level: the Lease is read 180 times.
    expect(ops.rows[0][0]).toContain('readCoordinationV1NamespacedLease');
    expect(ops.rows[1][7]).toBe('200×175 409×1');
  });

  it('links the full report, and refuses a link that is not http(s)', () => {
    expect(md).toContain('**Full report:** [report](<https://github.com/o/r/actions/runs/42?check=(1)>)');
    expect(() => renderMarkdown(report, { reportUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
    expect(() => renderMarkdown(report, { reportUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('refuses a marker that is not one HTML comment', () => {
    expect(() => renderMarkdown(report, { marker: '<!-- a --> <b>x</b>' })).toThrow(/one HTML comment/);
    expect(() => renderMarkdown(report, { marker: 'apisnoop' })).toThrow(/one HTML comment/);
  });

  it('is a valid page', () => {
    expectValidPage(md, report, DEFAULT_MAX_CHARS, MARKER);
  });

  it('names the allow list, and passes with fail-on none', () => {
    const allowed = renderMarkdown(sampleOperatorReport({ allow: ['coordination.k8s.io'] }));
    expect(allowed).toContain('**Verdict: fail.** 1 operation breaks the policy (fail on **alpha**, **beta**; allowed: `coordination.k8s.io`).');
    expect(allowed).toContain('Failed rules: **alpha** (1 operation, 3 hits).');
    const reportOnly = renderMarkdown(sampleOperatorReport({ failOn: [] }));
    expect(reportOnly.split('\n')[0]).toBe('## ✅ APISnoop: pass');
    expect(reportOnly).toContain('**Verdict: pass.** No operation breaks the policy (fail-on is none: report only).');
    expect(reportOnly).not.toContain('### Violations');
  });

  it('says so when nothing is deprecated and when conformance data is missing', () => {
    // Its spec is the only one: no later release was checked, and a bare "nothing removed" read as if one had been.
    expect(sampleOperatorReport().specs).toHaveLength(1);
    expect(md).toContain('Nothing the app uses is deprecated or removed (no later release checked).');
    expect(md).toMatch(/^Kubernetes [^\n]*; no later release checked; /m);
    const noConformance = renderMarkdown(sampleOperatorReport({ conformance: false }));
    expect(noConformance).toContain('No conformance data was loaded for this analysis.');
    expect(noConformance).toContain('no conformance data loaded');
  });

  it('says "no data" in the conformance column of an operation with no conformance data, not a dash a screen reader reads as nothing', async () => {
    const report = analyzeLines(readLines(AUDIT2RBAC_V1), { spec: await loadFixtureSpec('1.28') });
    expect(report.operations.length).toBeGreaterThan(0);
    expect(report.operations.every((o) => o.conformanceTested === null)).toBe(true);
    const all = tables(renderMarkdown(report)).find((t) => t.header.map((c) => c.trim()).includes('conformance'))!;
    const at = all.header.map((c) => c.trim()).indexOf('conformance');
    expect(all.rows.length).toBe(report.operations.length);
    expect([...new Set(all.rows.map((r) => r[at]!.trim()))]).toEqual(['no data']);
  });

  it('words "none untested" for no stable operation, one, several, and none with data', () => {
    // Nothing of these is deprecated either: no section says "none", one line under the counts says both.
    const none = (uses: Use[]): string => {
      const page = renderMarkdown(usageReport({ release: '1.36.0', uses, extraOperations: watchOperations() }));
      expect(page).not.toContain('### Stable endpoints');
      expect(page).not.toContain('### Deprecated');
      return /\n\n(.*)\n\n(<details>|<sub>)/.exec(page)![1].replace(/ Nothing the app uses is deprecated or removed \(no later release checked\)\.$/, '');
    };
    const pods = { operationId: 'listCoreV1NamespacedPod', hits: 2 };
    const nodes = { operationId: 'readCoreV1Node', hits: 1 };
    const watch = { operationId: 'watchCoreV1NamespacedPodList', hits: 1 };
    expect(loadCoverage('1.36.0').filter((e) => [pods, nodes].some((u) => u.operationId === e.endpoint) && e.conf_tested)).toHaveLength(2);
    // A request selected, but no stable operation: discovery is none.
    expect(none([{ operationId: 'getCoreAPIVersions', hits: 1 }])).toBe('No conformance gap: the app uses no stable operation.');
    // No request selected: nothing was there to find used (said once, not for each).
    expect(none([])).toBe('Nothing was selected, so nothing could be judged.');
    expect(none([pods])).toBe('No conformance gap: conformance tests cover the one stable operation with data.');
    expect(none([pods, nodes, watch])).toBe(
      'No conformance gap: conformance tests cover all 2 stable operations with data. 1 more stable operation has no entry in the conformance data (watch operations, which APISnoop leaves out).',
    );
    expect(none([watch])).toBe('No conformance gap known: the one stable operation used has no entry in the conformance data (watch operations, which APISnoop leaves out).');
  });
});

describe('an e2e run analysed without published coverage data (a release APISnoop has not published yet)', () => {
  it('lists the stable endpoints its tests hit that no [Conformance] test did: the run is its own conformance data', async () => {
    const spec = await loadFixtureSpec('1.36');
    const coverage = loadCoverage('1.36.0');
    // Real test names from APISnoop's 1.36 run: a [Conformance] one that lists pods, a plain one that creates a Role.
    const testOf = (id: string, conformance: boolean) =>
      coverage.find((e) => e.endpoint === id)!.tests.find((t) => t && t.includes('[Conformance]') === conformance)!;
    const hit = (id: string, conformance: boolean) =>
      sweepLines(spec.operations.filter((o) => o.operationId === id), `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${testOf(id, conformance)}`);
    // And the suite's own request, outside any test: its user agent names none.
    const suite = sweepLines(spec.operations.filter((o) => o.operationId === 'listCoreV1Namespace'), 'e2e.test/v1.36.0 (linux/amd64) kubernetes/abc');
    const lines = [...hit('listCoreV1NamespacedPod', true), ...hit('createRbacAuthorizationV1NamespacedRole', false), ...hit('readCoreV1NamespacedPodLog', false), ...suite];
    const report = analyzeLines(lines.map((l, i) => l.replace('"audit-0"', `"audit-${i}"`)), { spec, conformance: null, ineligible: await loadIneligible(), selection: { e2e: true } });
    expect(report.summary).toMatchObject({ stableUntested: 2, stableUntestedEligible: 1, stableConformanceUnknown: 1 });
    const page = renderMarkdown(report);
    // It said the operation had no entry in the conformance data, such as custom resources: there was no data.
    expect(page).toContain(
      '1 more stable operation has no conformance verdict (operations hit only by requests whose user agent names no test, with no conformance data loaded).',
    );
    // It said "No conformance data was loaded" under a summary line counting 2 untested, and listed none of them.
    expect(page).not.toContain('No conformance data was loaded');
    expect(page).toContain("no conformance data loaded: conformance from this e2e run's [Conformance] tests only.");
    // The tests that hit each, not the callers (every one e2e.test/v1.36.0): those a promotion could start from.
    const t = tables(page).find((x) => x.header.join() === 'operation,kind,hits,any e2e test,conformance eligible,tests')!;
    expect(t.rows.map((r) => [/`(\w+)`/.exec(r[0]!)![1], r[4], r[5]])).toEqual([
      ['readCoreV1NamespacedPodLog', 'yes', mdCode(testOf('readCoreV1NamespacedPodLog', false))],
      ['createRbacAuthorizationV1NamespacedRole', 'no: optional feature', mdCode(testOf('createRbacAuthorizationV1NamespacedRole', false))],
    ]);
    expect(page).toContain("2 of 4 stable operations used have no conformance test (by this e2e run's tests).");
  });

  it('lists the first three tests of an untested endpoint and how many more hit it', async () => {
    const spec = await loadFixtureSpec('1.36');
    const coverage = loadCoverage('1.36.0');
    // APISnoop's 1.36 run: 102 tests, none [Conformance], create a Role (optional feature, never conformance tested).
    const tests = coverage.find((e) => e.endpoint === 'createRbacAuthorizationV1NamespacedRole')!.tests.filter((t): t is string => typeof t === 'string' && t !== '');
    expect(tests.length).toBeGreaterThan(3);
    const op = spec.operations.filter((o) => o.operationId === 'createRbacAuthorizationV1NamespacedRole');
    const lines = tests.flatMap((t, i) => sweepLines(op, `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${t}`).map((l) => l.replace('"audit-0"', `"audit-${i}"`)));
    const report = analyzeLines(lines, { spec, conformance: await loadConformanceVersion('1.36'), ineligible: await loadIneligible(), selection: { e2e: true } });
    const t = tables(renderMarkdown(report)).find((x) => x.header.at(-1) === 'tests')!;
    const first = [...new Set(tests)].sort().slice(0, 3);
    expect(t.rows[0]![5]).toBe(`${first.map((n) => mdCode(n)).join('<br>')}<br>+${new Set(tests).size - 3} more`);
    // An app's report keeps its callers.
    expect(tables(renderMarkdown(sampleOperatorReport())).find((x) => x.header.join() === 'operation,kind,hits,any e2e test,conformance eligible,callers')).toBeDefined();
  });
});

describe('renderMarkdown on an app that Pluto says breaks after Kubernetes 1.21', () => {
  const report = legacyAppReport();
  const md = renderMarkdown(report);

  it('lists what is removed, soonest first, with the release and the replacement', () => {
    const t = tables(md).find((x) => x.header.join() === 'operation,level,deprecated in,removed in,replacement,source,hits')!;
    const rows = t.rows.map((r) => [/^`(\w+)`/.exec(r[0])![1], r[2], r[3], r[4], r[5]]);
    // From deprecations/pluto-versions.yaml: batch/v1beta1 CronJob 1.21 -> 1.25 (batch/v1), policy/v1beta1
    // PodSecurityPolicy 1.21 -> 1.25 (no replacement), autoscaling/v2beta2 HPA 1.23 -> 1.26 (autoscaling/v2).
    expect(rows).toEqual([
      ['listBatchV1beta1NamespacedCronJob', '1.21', '1.25', 'batch/v1', 'pluto'],
      ['readPolicyV1beta1PodSecurityPolicy', '1.21', '1.25', '', 'pluto'],
      ['createBatchV1beta1NamespacedCronJob', '1.21', '1.25', 'batch/v1', 'pluto'],
      ['listAutoscalingV2beta2NamespacedHorizontalPodAutoscaler', '1.23', '1.26', 'autoscaling/v2', 'pluto'],
    ]);
  });

  it('orders failed rules by urgency, removed before beta; the table by the earliest removal, then hits, then rule', () => {
    expect(md).toContain('Failed rules: **removed** (4 operations, 22 hits), **beta** (4 operations, 22 hits).');
    // A report made before violations named every rule has a row per rule: an operation's stay together.
    const t = tables(md).find((x) => x.header[2] === 'rules')!;
    const rows = t.rows.map((r) => [/^`(\w+)`/.exec(r[0]!)![1], r[2], r[4]]);
    expect(rows).toEqual(
      [
        ['listBatchV1beta1NamespacedCronJob', '11'],
        ['readPolicyV1beta1PodSecurityPolicy', '3'],
        ['createBatchV1beta1NamespacedCronJob', '1'],
        ['listAutoscalingV2beta2NamespacedHorizontalPodAutoscaler', '7'],
      ].flatMap(([id, hits]) => [
        [id, 'removed', hits],
        [id, 'beta', hits],
      ]),
    );
  });
});

describe('violations, most urgent first, whatever rule the policy fails them on', () => {
  it('the earliest removal before the rule failed: a beta API gone by 1.25 before alpha ones removed in 1.31, on 1.28', async () => {
    // One get of a batch/v1beta1 CronJob (matched through the earlier releases) and a list of each of the four
    // resource.k8s.io/v1alpha2 kinds 1.28 serves, with the default policy (alpha, beta): alpha ranked above beta, so the API
    // already gone came last, and the CLI cut it into "… and N more".
    const [old, spec128] = await Promise.all([loadFixtureSpec('1.21-served-kind'), loadFixtureSpec('1.28')]);
    const alpha = spec128.operations.filter((o) => /^list(Namespaced)?ResourceV1alpha2\w+$/.test(o.operationId) && !o.operationId.endsWith('ForAllNamespaces'));
    expect(alpha.length).toBe(4);
    const cronjob = old.operations.filter((o) => o.operationId === 'readBatchV1beta1NamespacedCronJob');
    const lines = sweepLines([...cronjob, ...alpha], 'myapp/1.0').map((l, i) => l.replace(/"audit-\d+"/, `"order-${i}"`));
    const log = path.join(scratchDir('md-urgency'), 'order.log');
    writeFileSync(log, lines.join('\n') + '\n');
    const report = await analyzeLogs({ logs: [log], kubernetesVersion: '1.28', conformance: 'none' });
    const order = violationsByUrgency(report).map((v) => [v.operationId, v.rule, report.operations.find((o) => o.operationId === v.operationId)!.removedIn]);
    expect(order[0]).toEqual(['readBatchV1beta1NamespacedCronJob', 'beta', '1.25']);
    expect(order.slice(1).map(([, rule, removedIn]) => [rule, removedIn])).toEqual(Array(4).fill(['alpha', '1.31']));
    const t = tables(renderMarkdown(report)).find((x) => x.header[3] === 'why')!;
    expect(t.rows.map((r) => /^`(\w+)`/.exec(r[0]!)![1])).toEqual(order.map(([id]) => id));
  });

  it('the shipped sample on 1.33 (fail-on alpha,beta): the beta APIs removed in 1.34 come before the one that stays beta, with more hits', async () => {
    const report = await analyzeLogs({ logs: [path.join(repoRoot, 'data/sample-audit.log.gz')], kubernetesVersion: '1.33', conformance: 'none' });
    const t = tables(renderMarkdown(report)).find((x) => x.header[3] === 'why')!;
    const rows = t.rows.map((r) => [/^`(\w+)`/.exec(r[0]!)![1], r[2], r[4]]);
    expect(rows).toEqual([
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', 'beta', '1'],
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding', 'beta', '1'],
      ['listStorageV1beta1VolumeAttributesClass', 'beta', '4'],
    ]);
    // What puts them first: their removal, which the policy does not fail on here.
    const removedIn = (id: string) => report.operations.find((o) => o.operationId === id)!.removedIn;
    expect(rows.map(([id]) => removedIn(id!))).toEqual(['1.34', '1.34', null]);
    expect(report.verdict.policy.failOn).not.toContain('removed');
  });
});

describe('renderMarkdown stays under maxChars whatever the size', () => {
  let huge: Report;
  beforeAll(() => {
    huge = hugeReport();
  });

  it('the huge fixture really is huge', () => {
    expect(huge.operations.length).toBeGreaterThan(1900);
    expect(huge.unmatched.length).toBe(4000);
    expect(huge.invalid.length).toBe(1200);
    expect(huge.verdict.violations.length).toBeGreaterThan(1000);
  });

  it('fits the default 60,000 characters with every section cut row-wise', () => {
    const md = renderMarkdown(huge, { marker: MARKER, reportUrl: 'https://example.com/r' });
    expectValidPage(md, huge, DEFAULT_MAX_CHARS, MARKER);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_CHARS * 0.95);
    const s = sections(md);
    const names = s.map((x) => x.heading.replace(/ \(.*$/, ''));
    expect(names).toEqual([
      'Violations',
      'Stable endpoints the app relies on that conformance tests do not cover',
      'Deprecated, or removed in this release or a later one',
      'All operations used',
      'Unmatched API requests: custom, aggregated or unknown',
      'Non-resource URLs and other unmatched requests',
      'Invalid lines',
    ]);
    // Every table got rows (none was crowded out by the long violations list) and says what it left out.
    for (const x of s) {
      expect(x.shown, x.heading).toBeGreaterThan(0);
      expect(x.more, x.heading).toBeGreaterThan(0);
    }
    expect(md).toContain('**Full report:** [report](<https://example.com/r>)');
    expect(md.trimEnd().endsWith('<sub>apisnoop 0.1.0 · report.json schema 1</sub>')).toBe(true);
  });

  it('fits any budget from 1,200 to 80,000 characters', () => {
    // 1,200: the verdict and counts, whole, with the line saying what was selected.
    fc.assert(
      fc.property(fc.integer({ min: 1200, max: 80_000 }), (maxChars) => {
        const md = renderMarkdown(huge, { maxChars });
        expectValidPage(md, huge, maxChars);
      }),
      { numRuns: 12 },
    );
  });

  it('drops whole sections, and says so, when even their headings do not fit', () => {
    const md = renderMarkdown(huge, { maxChars: 1500 });
    expectValidPage(md, huge, 1500);
    expect(md).toMatch(/_Left out to stay under 1500 characters: .*invalid lines.*; see report\.json\._/);
  });

  it('refuses a budget too small for the verdict, rather than cutting it', () => {
    expect(() => renderMarkdown(huge, { maxChars: 500 })).toThrow(/too small for the verdict/);
  });

  it('renders a small report whole, with no "more rows" line', () => {
    const md = renderMarkdown(sampleOperatorReport());
    expect(md).not.toContain('more rows');
  });
});

describe('a deprecation whose source names no release', () => {
  it('says so in the deprecated-in column, instead of a bare yes', () => {
    const report = sampleOperatorReport();
    const op = report.operations.find((o) => !o.discovery && !o.deprecated && !o.removedIn)!;
    Object.assign(op, { deprecated: true, deprecation: null });
    const row = tables(renderMarkdown(report))
      .find((t) => t.header.includes('deprecated in'))!
      .rows.find((r) => r[0]!.includes(op.operationId))!;
    expect(row[2]).toBe('yes, release unknown');
  });
});

describe('a verdict failed by a run rule (fail-on empty, invalid): the page says why the gate failed', () => {
  let spec113: Awaited<ReturnType<typeof loadFixtureSpec>>;
  beforeAll(async () => {
    spec113 = await loadFixtureSpec('1.13');
  });

  it('empty: the heading fails, no operation is blamed, and the line says nothing was selected, with the filters', () => {
    const report = analyzeLines(readLines(AUDIT2RBAC_2017), { spec: spec113, selection: { namespaces: ['no-such-ns'] }, policy: { failOn: ['alpha', 'beta', 'empty'] } });
    const md = renderMarkdown(report, { marker: MARKER });
    expectValidPage(md, report, DEFAULT_MAX_CHARS, MARKER);
    const block = md.split('\n').slice(4, 6);
    expect(block).toEqual([
      '**Verdict: fail.** No operation breaks the policy (fail on **alpha**, **beta**, **empty**), but the run does:<br>',
      '❌ **The gate failed because nothing was selected** (fail-on **empty**): none of the 437 requests read is selected: the selection \\(namespace no-such-ns\\), which leaves out system components or anonymous health checks, matched none; the verdict judged no request.',
    ]);
    // The warning a passing verdict on nothing gets is not said twice.
    expect(md).not.toContain('Nothing was judged');
    expect(md).not.toContain('Failed rules:');
    expect(md).not.toContain('### Violations');
  });

  it('invalid, beside operation violations: both are said, the operations with their rules, the run rule on its own line', () => {
    const removed = deriveRemovedApiLog();
    const report = analyzeLines([...removed.slice(0, 10), 'garbage', ...removed.slice(10)], { spec: spec113, policy: { failOn: ['removed', 'invalid'] } }, 'removed.log');
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    const ops = new Set(report.verdict.violations.map((v) => v.operationId)).size;
    expect(md).toContain(`**Verdict: fail.** ${ops} operations break the policy (fail on **removed**, **invalid**).`);
    expect(md).toContain(
      '❌ **The gate failed because the input was invalid** (fail-on **invalid**): 1 input line was not usable as an audit event \\(the first: removed.log:11: not JSON:',
    );
    expect(md).toContain('### Violations');
  });

  it('a report without runFailures (made before the run rules) renders as before', () => {
    const report = sampleOperatorReport();
    expect(report.verdict.runFailures).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain('The gate failed because');
  });
});

describe('invalid lines past the ones report.json lists', () => {
  it('says that report.json lists the first ones and the rest are counted only', () => {
    const report = sampleOperatorReport();
    report.invalid = Array.from({ length: 1000 }, (_, i) => ({ file: 'a.log', line: i + 1, message: 'not JSON' }));
    report.summary = { ...report.summary, invalidLines: 1100 };
    const md = renderMarkdown(report);
    expect(md).toContain('report.json lists the first 1000 read; the other 100 are counted only.');
    report.summary = { ...report.summary, invalidLines: 1001 };
    expect(renderMarkdown(report)).toContain('report.json lists the first 1000 read; the other one is counted only.');
    report.summary = { ...report.summary, invalidLines: 1000 };
    expect(renderMarkdown(report)).not.toContain('counted only');
  });
});

describe('escaping of untrusted text', () => {
  const report = sampleOperatorReport();
  // Hostile callers everywhere a log puts text: violation callers, unmatched patterns and agents, invalid lines.
  report.verdict.violations[0].callers = HOSTILE_USER_AGENTS;
  report.verdict.violations[0].why = 'beta API <img src=x onerror=alert(1)> by @octocat **now** | [x](http://e.example)';
  report.unmatched.push({
    pattern: '/apis/x|y/`v1`/<script>',
    verb: 'get|list',
    reason: 'unknown-group-version',
    count: 1,
    group: 'x|y',
    version: '`v1`',
    resource: '<script>',
    userAgents: HOSTILE_USER_AGENTS,
  });
  report.invalid.push({ file: 'a|b.log', line: 3, message: 'bad ``` </details> @here' });
  report.summary.invalidLines = 1;
  const md = renderMarkdown(report, { title: 'Title <b>bold</b> @team' });

  it('keeps every table row whole and every fold closed', () => {
    expect(() => tables(md)).not.toThrow();
    expect(detailsBalanced(md)).toBe(true);
    expect((md.match(/<details>/g) ?? []).length).toBe(4);
  });

  it('lets no HTML, link, emphasis or @mention out of a cell', () => {
    expect(unsafeMarkup(md)).toEqual([]);
    // Outside code spans the tags only appear backslash-escaped.
    expect(outsideCode(md)).not.toMatch(/(?<!\\)<(script|img)/);
    expect(outsideCode(md)).toContain('\\<img');
    expect(md).toContain('## ❌ Title \\<b\\>bold\\</b\\> @\u200bteam: fail');
  });

  it('keeps the text readable: pipes escaped for the table, backticks fenced, long agents clipped', () => {
    const violation = tables(md).find((t) => t.header[2] === 'rules')!.rows.find((r) => r[3].includes('onerror'))!;
    expect(violation[3]).toBe('beta API \\<img src=x onerror=alert\\(1\\)\\> by @\u200boctocat \\*\\*now\\*\\* \\| \\[x\\]\\(http\\://e.example\\)');
    expect(violation[5]).toContain('evil\\|agent <script>alert(1)</script> ');
    expect(violation[5].startsWith('``evil')).toBe(true);
    expect(violation[5]).toContain('+2 more');
    const unmatched = tables(md).find((t) => t.header[0] === 'group')!.rows.find((r) => r[0] === '`x\\|y`')!;
    expect(unmatched[1]).toBe('`` `v1` ``');
    const invalid = tables(md).find((t) => t.header[0] === 'file')!.rows[0];
    expect(invalid).toEqual(['`a\\|b.log`', '3', '````bad ``` </details> @here````']);
  });

  it("escapes the policy's rules and the spec's operation count too: a report renders what it holds", () => {
    const forged = sampleOperatorReport();
    const marker = '<!-- apisnoop:sticky-comment key=other -->';
    forged.verdict.policy.failOn = ['beta', `${marker}\n[x](http://e.example) @team` as 'beta'];
    forged.specs[0]!.operations = '**9** <img src=x> [y](http://e.example)' as unknown as number;
    const page = renderMarkdown(forged, {});
    expect(unsafeMarkup(page)).toEqual([]);
    expect(page).not.toContain(marker);
    expect(page).not.toMatch(/^\[x\]/m);
    expect(page).toContain('(fail on **beta**, **\\<\\!-- apisnoop:stick…**).');
    // Cut after the last whole word that fits, then escaped: no escape is split.
    expect(page).toContain('Kubernetes 1.36 (\\*\\*9\\*\\* \\<img src=x\\>… operations in the spec)');
    // A real report reads as before.
    const real = renderMarkdown(sampleOperatorReport(), {});
    expect(real).toContain('(fail on **alpha**, **beta**).');
    expect(real).toContain('Kubernetes 1.36 (908 operations in the spec)');
  });

  it('mdCode and mdText by themselves', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('a|b', 160, false)).toBe('`a|b`');
    expect(mdCode('line1\r\nline2')).toBe('`line1  line2`');
    expect(mdCode('')).toBe('');
    expect(mdCode('x'.repeat(500), 10)).toBe('`xxxxxxxxx…`');
    // Never cuts a surrogate pair in half.
    expect(mdCode('😀'.repeat(20), 5)).toBe('`😀😀😀😀…`');
    expect(mdText('a_b*c')).toBe('a\\_b\\*c');
    // GitHub links a mention, an e-mail address (GFM), a bare URL (GFM) and an issue reference (in the rendered text, so
    // \# is not enough): an escaped : or . and a zero-width space read the same and link nothing.
    expect(mdText('mail jane@example.com, ping @team')).toBe('mail jane@\u200bexample.com, ping @\u200bteam');
    expect(mdText('see https://e.example/x, HTTP://E.example, www.e.example and WWW.E.example')).toBe('see https\\://e.example/x, HTTP\\://E.example, www\\.e.example and WWW\\.E.example');
    expect(mdText('#1, o/r#2, GH-3, gh-4, #x, GH-x, high-5')).toBe('\\#\u200b1, o/r\\#\u200b2, GH-\u200b3, gh-\u200b4, \\#x, GH-x, high-5');
    expect(htmlText('#1 a@b https://e.example <i>')).toBe('#\u200b1 a@\u200bb https://e.example &#60;i&#62;');
    expect(splitRow(`| ${mdCode('a|b|c')} | x |`)).toEqual(['`a\\|b\\|c`', 'x']);
  });

  it('a long cell is cut after a whole word, or inside one too long to leave much, never inside a character or an escape', () => {
    const why = 'removed in Kubernetes 1.34; use admissionregistration.k8s.io/v1; beta API admissionregistration.k8s.io/v1beta1: not covered by the GA deprecation policy; deprecated';
    // Cut at 160 it read "…deprecation policy; depre…"; the ";" a cut ends on goes too.
    expect(mdText(why)).toBe(mdText(why.slice(0, why.indexOf('; deprecated'))) + '…');
    expect(htmlText(why, 40)).toBe('removed in Kubernetes 1.34; use…');
    // One word too long (a URL, a path): cut inside it rather than keep "see…".
    const url = `https://kubernetes.io/docs/reference/using-api/deprecation-guide/${'x'.repeat(80)}`;
    expect(mdCode(`see ${url}`, 60)).toBe(`\`see ${url.slice(0, 55)}…\``);
    expect(mdCode('/apis/x/'.repeat(30), 20)).toBe(`\`${'/apis/x/'.repeat(3).slice(0, 19)}…\``);
    // Markdown escapes come after the cut: a cell ends on a whole escape, never on a lone backslash.
    expect(mdText('a_b '.repeat(50), 20)).toBe('a\\_b a\\_b a\\_b a\\_b a\\_b…');
    expect(mdText('x|y '.repeat(50), 21)).toMatch(/^(x\\\|y )+x\\\|y…$/);
    // An emoji of several code points, and a letter with its accent, stay whole.
    const family = '👨‍👩‍👧‍👦';
    expect(mdCode(family.repeat(30), 20)).toBe(`\`${family.repeat(2)}…\``);
    expect(mdCode('e\u0301'.repeat(30), 7)).toBe(`\`${'e\u0301'.repeat(3)}…\``);
    // A bidi control written out (\u202e) is one piece: not cut to "\u20…", which reads as nothing.
    expect(mdText(`${'x'.repeat(26)}\u202e${'y'.repeat(30)}`, 30)).toBe(`${'x'.repeat(26)}…`);
    expect(mdCode(`${'x'.repeat(20)}\u202e${'y'.repeat(30)}`, 30)).toBe(`\`${'x'.repeat(20)}\\u202e${'y'.repeat(3)}…\``);
    // At most max code points, as before; text that fits is kept whole.
    expect(Array.from(mdText(why, 100)).length).toBeLessThanOrEqual(100);
    expect(mdText(why, why.length)).toBe(mdText(why, 1000));
    expect(mdText('a b', 1)).toBe('…');
  });
});

describe('the page checks used above catch broken pages', () => {
  it('fences: code inside is skipped, a fence left open or a third nested fold is an error', () => {
    expect(outsideFences('a\n```yaml\n- [x]\n````\nb')).toEqual(['a', '', '', '', 'b']);
    // A shorter fence does not close a longer one; an info string with a backtick does not open one.
    expect(() => outsideFences('````\nx\n```\n')).toThrow(/never closed/);
    expect(outsideFences('``` a`b\n@x')).toEqual(['``` a`b', '@x']);
    expect(unsafeMarkup('```\n<script> @bob [x](y)\n```\n')).toEqual([]);
    expect(detailsBalanced('<details>\n<details>\n</details>\n</details>\n')).toBe(true);
    expect(detailsBalanced('<details>\n<details>\n<details>\n</details>\n</details>\n</details>\n')).toBe(false);
    expect(detailsBalanced('<details>\n```\n</details>\n```\n')).toBe(false);
  });

  it('a row with an unescaped pipe, a missing delimiter row, raw HTML, a mention, an open fold', () => {
    expect(() => tables('| a | b |\n| - | - |\n| x | y|z |\n')).toThrow(/3 cells where the header has 2/);
    expect(() => tables('| a | b |\n| x | y |\n')).toThrow(/without a delimiter row/);
    expect(tables('| a |\n| - |\n| `x\\|y` |\n')[0].rows).toEqual([['`x\\|y`']]);
    expect(unsafeMarkup('hi <script> @bob [x](y) `<ok> @ok`')).toHaveLength(3);
    expect(detailsBalanced('<details>\n<summary>x</summary>\n')).toBe(false);
    expect(detailsBalanced('`<details>`\n')).toBe(true);
  });
});

// Least privilege: the comparison `apisnoop rbac` makes on real data: audit2rbac's public demo log (ns1:sa1 and the
// impersonated user bob) against examples/overgranted-chart, wildcards expanded against kind v1.21.2's served spec.
const AUDIT2RBAC = path.join(fixturesDir, 'audit/audit2rbac/demo-v1.log');
const SERVED_SPEC = path.join(fixturesDir, 'openapi-v2/swagger-1.21-served-kind.json.gz');
const CHART = path.join(repoRoot, 'examples/overgranted-chart');

/** The over-grants the chart's README promises, in its order (the fixture's own specification). */
function readmeRisks(): string[] {
  return [...readFileSync(path.join(CHART, 'README.md'), 'utf8').matchAll(/^\| \d+ \| ([a-z-]+) \|/gm)].map((m) => m[1]);
}

function compare(threshold: number | null): Promise<RbacComparison[]> {
  return rbacForIdentities({
    logs: [AUDIT2RBAC],
    identities: [{ serviceAccount: 'ns1:sa1' }, { user: 'bob' }],
    granted: [path.join(CHART, 'templates')],
    releaseNamespace: 'ns1',
    spec: SERVED_SPEC,
    ...(threshold !== null ? { failOn: ['overprivileged' as const], threshold } : {}),
  });
}

/** The fold of one identity: from its <summary> line to the </details> that closes it. */
function fold(md: string, identity: string): string {
  const start = md.indexOf(`<summary>Least privilege (${identity})`);
  expect(start, identity).toBeGreaterThan(-1);
  const open = md.lastIndexOf('<details>', start);
  let depth = 0;
  for (const m of md.slice(open).matchAll(/<\/?details>/g)) {
    depth += m[0] === '<details>' ? 1 : -1;
    if (depth === 0) return md.slice(open, open + m.index + m[0].length);
  }
  throw new Error('fold never closed');
}

describe('bidi controls from the log (Trojan Source): shown, not obeyed', () => {
  // Displays as "kubectl/v1.30.0 cluster-admin", and would turn the rest of its line around.
  const AGENT = 'kubectl/v1.30.0 \u2067\u202enimda-retsulc\u202c\u2069';
  const SHOWN = 'kubectl/v1.30.0 \\u2067\\u202enimda-retsulc\\u202c\\u2069';
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('report.md writes them out in the callers of a violation and of an unmatched request; report.json keeps them', async () => {
    const spec113 = await loadFixtureSpec('1.13');
    const lines = deriveRemovedApiLog().map((line, i) => {
      const e = JSON.parse(line) as { userAgent?: string; requestURI: string };
      e.userAgent = AGENT;
      // One request the spec does not hold, by a user agent of right-to-left marks.
      if (i === 0) Object.assign(e, { requestURI: '/apis/evil.example/v1/widgets', userAgent: 'helm/v3 \u200f\u061c\u200e\u202a\u202b\u202d\u2066\u2068' });
      return JSON.stringify(e);
    });
    const report = analyzeLines(lines, { spec: spec113, policy: { failOn: ['removed'] } }, 'removed.log');
    expect(report.verdict.violations[0]!.callers).toContain(AGENT);
    expect(report.unmatched.find((u) => u.pattern.startsWith('/apis/evil.example'))!.userAgents).toEqual(['helm/v3 \u200f\u061c\u200e\u202a\u202b\u202d\u2066\u2068']);
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    expect(md).not.toMatch(BIDI);
    const violation = tables(md).find((t) => t.header[2] === 'rules')!.rows[0]!;
    expect(violation[5]).toContain(`\`${SHOWN}\``);
    const unmatched = tables(md).find((t) => t.header[0] === 'group')!.rows.find((r) => r[0] === '`evil.example`')!;
    expect(unmatched.at(-1)).toContain('`helm/v3 \\u200f\\u061c\\u200e\\u202a\\u202b\\u202d\\u2066\\u2068`');
  });

  it('the cells of prose and of HTML blocks write them out as the code spans do', () => {
    expect(mdCode(AGENT)).toBe(`\`${SHOWN}\``);
    expect(mdText(`by ${AGENT}`)).toBe(`by ${SHOWN.replaceAll('\\', '\\\\')}`);
    expect(htmlText(AGENT)).toBe(SHOWN.replaceAll('\\', '&#92;'));
    // Other text is as it was: a right-to-left name without controls, the zero-width space that breaks @mentions.
    expect(mdCode('שלום')).toBe('`שלום`');
    expect(mdText('@team')).toBe('@\u200bteam');
  });
});

describe('renderMarkdown: least privilege', () => {
  let comparisons: RbacComparison[];
  let report: Report;
  let md: string;
  beforeAll(async () => {
    comparisons = await compare(null);
    report = { ...sampleOperatorReport({ failOn: [] }), rbac: comparisons };
    md = renderMarkdown(report, { marker: MARKER });
  });

  it('folds one section per identity right after the verdict, the count of over-grants, the riskiest and the denials in its summary', () => {
    const [sa1, bob] = comparisons;
    expect(sa1.granted!.overGrants.map((o) => o.risk)).toEqual(readmeRisks());
    const lines = md.split('\n');
    expect(lines.slice(5, 8)).toEqual([
      '',
      '<details>',
      `<summary>Least privilege (ns1:sa1): ${readmeRisks().length} over-grants (riskiest: wildcard) · ${sa1.requests.denied} denied</summary>`,
    ]);
    expect(lines[4]).toMatch(/^\*\*Verdict: pass\.\*\*/);
    expect(md).toContain(`<summary>Least privilege (bob): 0 over-grants · ${bob.requests.denied} denied</summary>`);
    // Between the verdict and the level counts.
    expect(md.indexOf('Least privilege (bob)')).toBeLessThan(md.indexOf('| level'));
    expectValidPage(md, report, DEFAULT_MAX_CHARS, MARKER);
  });

  it('tables the over-grants: risk, granted by (role, binding, file:line), the rule as written, what was never used', () => {
    const sa1 = comparisons[0];
    const t = tables(fold(md, 'ns1:sa1')).find((x) => x.header.join() === 'risk,granted by,rule as written,never used')!;
    expect(t.rows).toHaveLength(sa1.granted!.overGrants.length);
    sa1.granted!.overGrants.forEach((o, i) => {
      const [risk, by, rule, why] = t.rows[i];
      expect(risk).toBe(o.risk);
      expect(rule).toBe(mdCode(ruleText(o.rule)));
      expect(why).toBe(mdText(o.why, 240));
      const from = o.aggregatedFrom ?? o.role;
      expect(by).toContain(`${o.role.kind} \`${o.role.namespace ? `${o.role.namespace}/` : ''}${o.role.name}\``);
      expect(by).toContain(`via ${o.binding.kind} \``);
      expect(by).toContain(`\`${from.source!.file}:${from.source!.line}\``);
    });
    // Read back from the chart: the aggregated Jobs rule is written in clusterrole-jobs.yaml, in the second document.
    const jobs = t.rows.find((r) => r[2].includes('batch:jobs,cronjobs'))!;
    const text = readFileSync(path.join(CHART, 'templates/clusterrole-jobs.yaml'), 'utf8').split('\n');
    const line = Number(/clusterrole-jobs\.yaml:(\d+)`/.exec(jobs[1])![1]);
    expect(text.slice(line - 1, line + 3).join('\n')).toMatch(/^apiVersion: rbac.authorization.k8s.io\/v1\nkind: ClusterRole\nmetadata:\n {2}name: overgranted-jobs-batch$/);
    expect(jobs[1]).toContain('aggregated from ClusterRole `overgranted-jobs-batch`');
  });

  it("names where a rule is written by the line of the file read, then the helm template, as the manifest errors do", async () => {
    const rendered = path.join(scratchDir('md-rendered'), 'rendered.yaml');
    const text = helmTemplate();
    writeFileSync(rendered, text);
    const [sa1] = await rbacForIdentities({ logs: [AUDIT2RBAC], identities: [{ serviceAccount: 'ns1:sa1' }], granted: [rendered], releaseNamespace: 'ns1', spec: SERVED_SPEC });
    const page = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: [sa1] });
    const t = tables(fold(page, 'ns1:sa1')).find((x) => x.header.join() === 'risk,granted by,rule as written,never used')!;
    const jobs = t.rows.find((r) => r[2].includes('batch:jobs,cronjobs'))!;
    // Written in the second document of clusterrole-jobs.yaml: its first line in rendered.yaml.
    const lines = text.split('\n');
    const source = lines.map((l, i) => (l === '# Source: overgranted/templates/clusterrole-jobs.yaml' ? i : -1)).filter((i) => i >= 0)[1]!;
    const line = lines.findIndex((l, i) => i > source && l.trim() !== '' && !l.startsWith('#')) + 1;
    expect(lines.slice(line - 1, line + 3).join('\n')).toMatch(/^apiVersion: rbac.authorization.k8s.io\/v1\nkind: ClusterRole\nmetadata:\n {2}name: overgranted-jobs-batch$/);
    expect(jobs[1]).toContain(`\`${rendered}:${line} (overgranted/templates/clusterrole-jobs.yaml)\``);
  });

  it('tables the denied requests and those the manifests do not grant', () => {
    const [sa1, bob] = comparisons;
    const denied = tables(fold(md, 'ns1:sa1')).find((x) => x.header[0] === 'request' && x.header[1] === 'denied')!;
    expect(denied.rows.map((r) => Number(r[1])).reduce((a, b) => a + b, 0)).toBe(sa1.requests.denied);
    expect(denied.rows[0][0]).toBe('`list pods in default`');
    const ungranted = tables(fold(md, 'bob')).find((x) => x.header.join() === 'request,requests')!;
    expect(ungranted.rows).toEqual(bob.granted!.ungranted.map((g) => [expect.stringMatching(/^`list /), String(g.count)]));
    // bob is bound to nothing in the chart, so everything he did is ungranted.
    expect(bob.granted!.roles).toEqual([]);
  });

  it('nests the RBAC it needs as YAML that reads back as the observed objects', () => {
    for (const c of comparisons) {
      const f = fold(md, c.identity.serviceAccount ? 'ns1:sa1' : 'bob');
      expect(f).toMatch(/\n<details>\n<summary>The RBAC it needs: \d+ rules?, \d+ namespaced Roles?, as YAML<\/summary>\n\n```yaml\n/);
      const yaml = /```yaml\n([\s\S]*?)\n```\n/.exec(f)![1];
      expect(loadAll(yaml).filter(Boolean)).toEqual(observedObjects(c.observed, c.identity));
    }
  });

  it('puts the least-privilege verdict in the heading and the verdict block', async () => {
    const failing = await compare(readmeRisks().length - 1);
    const fails = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: failing });
    expect(fails.split('\n')[0]).toBe('## ❌ APISnoop: fail');
    // The verdict line agrees with the heading: the API policy holds, least privilege (the lines after it) does not.
    expect(fails).toContain('**Verdict: fail.** No operation breaks the policy (fail-on is none: report only), but least privilege does:<br>\n**Least privilege: fail.** `ns1:sa1`: 9 over-grants, more than the 8 allowed (fail on **overprivileged**).<br>\n**Least privilege: pass.** `bob`: 0 over-grants, within the 8 allowed');
    const passing = await compare(readmeRisks().length);
    const passes = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: passing });
    expect(passes.split('\n')[0]).toBe('## ✅ APISnoop: pass');
    expect(passes).toContain('**Verdict: pass.** No operation breaks the policy (fail-on is none: report only).');
    expect(passes).toContain('**Least privilege: pass.** `ns1:sa1`: 9 over-grants, within the 9 allowed');
  });

  it('without manifests: says the grants are unknown and shows what it needs and what was denied', () => {
    const c: RbacComparison = { ...comparisons[0], granted: null, verdict: null };
    const page = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: [c] });
    expect(page).toContain(`<summary>Least privilege (ns1:sa1): over-grants not checked (no manifests given) · ${c.requests.denied} denied</summary>`);
    expect(page).toContain('No manifests were given');
    expect(page).not.toContain('| risk |');
    expect(page).toContain('```yaml');
  });

  it('escapes what the charts and the log put in it: names, rules, reasons, the identity, the YAML', () => {
    const c = structuredClone(comparisons[0]);
    const o = c.granted!.overGrants[0];
    o.role.name = 'evil|role</details><script>alert(1)</script> @team';
    o.rule.resources = ['a|b', '`c`', '<img src=x onerror=alert(1)>', '[x](http://e.example)'];
    o.why = 'never used: **all** <b>of</b> it @here [x](y)';
    c.identity = { username: '<img src=x> @team [x](y) *a* `b`</summary>', groups: [] };
    c.observed.clusterRules[0].resourceNames = ['```', '</details>', '@here <script>'];
    const page = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: [c] });
    expect(() => tables(page)).not.toThrow();
    expect(detailsBalanced(page)).toBe(true);
    expect(unsafeMarkup(page)).toEqual([]);
    expect(page).toContain(`<summary>Least privilege (${htmlText(c.identity.username, 80)}):`);
    expect(htmlText('<a> @b [c]')).toBe('&#60;a&#62; @\u200bb &#91;c&#93;');
    const row = tables(page).find((x) => x.header[0] === 'risk')!.rows[0];
    expect(row[1]).toContain('`evil\\|role</details><script>alert(1)</script> @team`');
    expect(row[2]).toBe(mdCode(ruleText(o.rule)));
    expect(row[3]).toBe('never used: \\*\\*all\\*\\* \\<b\\>of\\</b\\> it @\u200bhere \\[x\\]\\(y\\)');
    // The YAML block is one block whatever it holds: its fence is longer than any backtick run inside.
    const fenceLine = page.split('\n').find((l) => /^`{3,}yaml$/.test(l))!;
    expect(fenceLine.length - 4).toBeGreaterThan(3);
    const yaml = new RegExp(`${fenceLine}\\n([\\s\\S]*?)\\n${fenceLine.slice(0, -4)}\\n`).exec(page)![1];
    expect(loadAll(yaml).filter(Boolean)).toEqual(observedObjects(c.observed, c.identity));
  });

  it('writes out the bidi controls of a name from the log: in the summary, the tables and the YAML it needs', () => {
    const c = structuredClone(comparisons[0]);
    c.identity = { username: 'system:serviceaccount:ns1:\u202e1as', groups: [] };
    c.observed.clusterRules[0].resourceNames = ['config\u2067\u202e lmay.\u2069'];
    const page = renderMarkdown({ ...sampleOperatorReport({ failOn: [] }), rbac: [c] });
    expect(page).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(page).toContain('<summary>Least privilege (system:serviceaccount:ns1:&#92;u202e1as):');
    expect(page).toContain('Requests by `system:serviceaccount:ns1:\\u202e1as`:');
    const yaml = /```yaml\n([\s\S]*?)\n```\n/.exec(page)![1];
    expect(yaml).toContain('config\\u2067\\u202e lmay.\\u2069');
  });

  it('stays under maxChars: its tables are cut row-wise, the YAML is left out whole, the fold dropped only for want of room', () => {
    const c = structuredClone(comparisons[0]);
    const base = c.granted!.overGrants;
    c.granted!.overGrants = Array.from({ length: 2000 }, (_, i) => ({ ...base[i % base.length], role: { ...base[i % base.length].role, name: `role-${i}` } }));
    c.denied = Array.from({ length: 500 }, (_, i) => ({ verb: 'get', apiGroup: '', resource: 'pods', namespace: `ns-${i}`, count: 1, allowed: 0 }));
    c.verdict = { failOn: ['overprivileged'], threshold: 0, overGrants: 2000, cannotJudge: [], pass: false };
    const big = { ...hugeReport(), rbac: [c] };
    const page = renderMarkdown(big, { marker: MARKER });
    expectValidPage(page, big, DEFAULT_MAX_CHARS, MARKER);
    const f = fold(page, 'ns1:sa1');
    const over = tables(f).find((x) => x.header[0] === 'risk')!;
    expect(over.rows.length).toBeGreaterThan(0);
    expect(f).toContain(`… ${2000 - over.rows.length} more rows, see report.json`);
    expect(f).toContain('… 500 more rows, see report.json');
    expect(f).toContain('left out to fit; `apisnoop rbac` prints it as YAML');
    fc.assert(
      fc.property(fc.integer({ min: 1400, max: 80_000 }), (maxChars) => {
        expectValidPage(renderMarkdown(big, { maxChars }), big, maxChars);
      }),
      { numRuns: 8 },
    );
    // A budget for little more than the verdict: the fold goes, and says so, but its verdict line stays.
    const tiny = renderMarkdown(big, { maxChars: 1500 });
    expectValidPage(tiny, big, 1500);
    expect(tiny).toContain('**Least privilege: fail.**');
    expect(tiny).toMatch(/_Left out to stay under 1500 characters: least privilege \(ns1:sa1\), .*invalid lines; see report\.json\._/);
    // With room for the headings, the fold keeps its place (rows go to the violations first).
    const small = renderMarkdown(big, { maxChars: 4000 });
    expectValidPage(small, big, 4000);
    expect(small).toContain('<summary>Least privilege (ns1:sa1)');
    expect(small).toContain('… 2000 more rows, see report.json');
  });
});

describe('whose requests were judged: the selection, beside the request counts', () => {
  let spec113: Awaited<ReturnType<typeof loadFixtureSpec>>;
  beforeAll(async () => {
    spec113 = await loadFixtureSpec('1.13');
  });
  const lines = (): string[] => readLines(AUDIT2RBAC_2017);
  /** The line after the request counts, as the page gives it. */
  const selectedLine = (md: string): string => {
    const at = md.split('\n').findIndex((l) => l.startsWith('Requests: '));
    expect(at).toBeGreaterThan(-1);
    return md.split('\n')[at + 1];
  };

  it('names each criterion, values as code spans, and says that any of them selects', () => {
    const selection = { namespaces: ['ns1'], serviceAccounts: ['ns1:*', 'kube-system:cni'], userAgents: ['kubectl*'] };
    const report = analyzeLines(lines(), { spec: spec113, selection });
    expect(report.summary.selected).toBeGreaterThan(0);
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    expect(selectedLine(md)).toBe('Selected (any of): namespace `ns1`; service accounts `ns1:*`, `kube-system:cni`; user agent `kubectl*`.<br>');
  });

  it('says when nothing filtered: all requests, with or without system components; and e2e mode', () => {
    const all = analyzeLines(lines(), { spec: spec113 });
    expect(selectedLine(renderMarkdown(all))).toBe("Selected: all requests but Kubernetes' system components and anonymous health checks (no filter).<br>");
    const system = analyzeLines(lines(), { spec: spec113, selection: { includeSystem: true } });
    expect(selectedLine(renderMarkdown(system))).toBe('Selected: all requests, system components and anonymous health checks included (no filter).<br>');
    const named = analyzeLines(lines(), { spec: spec113, selection: { users: ['alice'], includeSystem: true } });
    expect(selectedLine(renderMarkdown(named))).toBe('Selected (any of): user `alice`; system components and anonymous health checks included.<br>');
    const e2e = analyzeLines(lines(), { spec: spec113, selection: { e2e: true, namespaces: ['ns1'] } });
    expect(selectedLine(renderMarkdown(e2e))).toBe("Selected: the e2e tests' requests (user agent `e2e.test`…).<br>");
  });

  it('escapes what the selection holds and lists the first three values of a criterion', () => {
    const report = analyzeLines(lines(), { spec: spec113, selection: { users: ['alice'] } });
    const hostile = { ...report, selection: { ...report.selection, userAgents: ['a|`b` <script>@octocat**x**', 'two'], namespaces: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'] } };
    const md = renderMarkdown(hostile);
    expectValidPage(md, hostile, DEFAULT_MAX_CHARS);
    expect(selectedLine(md)).toBe(
      'Selected (any of): namespaces `n1`, `n2`, `n3` and 4 more; user `alice`; user agents ``a|`b` <script>@octocat**x**``, `two`.<br>',
    );
  });
});

describe('a selection that kept no request: nothing was judged, and the sections say so', () => {
  it('says nothing was selected where it would say the app uses nothing deprecated or untested', async () => {
    const spec113 = await loadFixtureSpec('1.13');
    const conformance = conformanceFromCoverage(readFixtureJson('apisnoop', 'coverage-1.21.0.json.gz'), 'coverage-1.21.0.json.gz');
    const report = analyzeLines(readLines(AUDIT2RBAC_2017), { spec: spec113, conformance, selection: { namespaces: ['no-such-ns'] } });
    expect(report.summary.requests).toBeGreaterThan(0);
    expect(report.summary.selected).toBe(0);
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    expect(md.split('\n')[0]).toBe('## ⚠️ APISnoop: pass, but nothing was judged');
    expect(md).toContain('⚠️ **Nothing was judged:** none of the 437 requests read is selected');
    // Once, in place of both sections (which said it twice under their headings).
    expect(md).not.toContain('### Deprecated');
    expect(md).not.toContain('### Stable endpoints');
    expect(md.split('\n').filter((l) => l === 'Nothing was selected, so nothing could be judged.')).toHaveLength(1);
    expect(md).not.toContain('Nothing the app uses');
    expect(md).not.toContain('the app uses no stable operation');
    // With a request selected, the findings are said as before.
    const some = renderMarkdown(analyzeLines(readLines(AUDIT2RBAC_2017), { spec: spec113, conformance, selection: { users: ['alice'] } }));
    expect(some).not.toContain('Nothing was selected');
  });
});

describe('callers of requests without a user agent: their users, marked', () => {
  let spec113: Awaited<ReturnType<typeof loadFixtureSpec>>;
  beforeAll(async () => {
    spec113 = await loadFixtureSpec('1.13');
  });
  const row = (md: string, operationId: string): string[] => {
    const line = md.split('\n').find((l) => l.startsWith(`| \`${operationId}\``));
    expect(line, operationId).toBeDefined();
    return splitRow(line!);
  };

  it('a log with no user agents (audit2rbac): violations and all operations name the users, as user `name`', () => {
    // The removed APIs of the 2017 log: no event has a userAgent; report.json keeps "(none)" and the users.
    const report = analyzeLines(deriveRemovedApiLog(), { spec: spec113, policy: { failOn: ['removed'] }, selection: { includeSystem: true } });
    const v = report.verdict.violations.find((x) => x.operationId === 'createRbacAuthorizationV1beta1ClusterRoleBinding')!;
    expect(v.callers).toEqual(['(none)']);
    const op = report.operations.find((o) => o.operationId === v.operationId)!;
    expect(op.users.length).toBeGreaterThan(0);
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    const expected = op.users.slice(0, 3).map((u) => `user ${mdCode(u, 80)}`).join('<br>') + (op.users.length > 3 ? `<br>+${op.users.length - 3} more` : '');
    // Violations first, then the row of all operations used.
    expect(row(md.split('### Violations')[1], v.operationId).at(-1)).toBe(expected);
    expect(row(md.split('All operations used')[1], v.operationId).at(-1)).toBe(expected);
    const listPods = report.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!;
    expect(listPods.users).toEqual(['alice', 'bob', 'system:serviceaccount:ns1:sa1']);
    expect(row(md.split('All operations used')[1], 'listCoreV1NamespacedPod').at(-1)).toBe('user `alice`<br>user `bob`<br>user `system:serviceaccount:ns1:sa1`');
    expect(md).not.toContain('`(none)`');
  });

  it('user agents and requests without one: the user agents, then the users; a log with user agents is shown as before', () => {
    // demo-v1.log: bob's requests get a user agent, the others keep none.
    const events = readLines(AUDIT2RBAC_V1).map((l) => JSON.parse(l) as { impersonatedUser?: { username?: string }; userAgent?: string });
    const mixed = events.map((e) => JSON.stringify(e.impersonatedUser?.username === 'bob' ? { ...e, userAgent: 'kubectl/v1.8.0 (linux/amd64) kubernetes/abc' } : e));
    const report = analyzeLines(mixed, { spec: spec113, selection: { includeSystem: true } });
    const both = report.operations.find((o) => o.userAgents.includes('(none)') && o.userAgents.length > 1)!;
    expect(both).toBeDefined();
    const md = renderMarkdown(report);
    const agents = both.userAgents.filter((a) => a !== '(none)').map((a) => mdCode(a, 80));
    const users = both.users.map((u) => `user ${mdCode(u, 80)}`);
    const all = [...agents, ...users];
    expect(row(md.split('All operations used')[1], both.operationId).at(-1)).toBe(
      all.slice(0, 3).join('<br>') + (all.length > 3 ? `<br>+${all.length - 3} more` : ''),
    );
    // Every request with a user agent: the user agents alone, no user named.
    const withAgents = analyzeLines(
      events.map((e) => JSON.stringify({ ...e, userAgent: 'kubectl/v1.8.0' })),
      { spec: spec113, selection: { includeSystem: true } },
    );
    const page = renderMarkdown(withAgents);
    expect(page).toContain('| `kubectl/v1.8.0` |');
    expect(page).not.toMatch(/user `/);
  });

  it("the unmatched count says how much of it is client-go's discovery of groups and versions the spec does not describe (hkerma: CRDs of a dozen projects)", async () => {
    const spec128 = await loadFixtureSpec('1.28');
    const lines = convertHkermaCsv(HKERMA_CSV).lines;
    const report = analyzeLines(lines, { spec: spec128, selection: { includeSystem: true } });
    // Counted from the log itself: distinct requests GETting /apis/{group}[/{version}] the spec does not serve.
    const served = new Set(spec128.operations.filter((o) => o.path.startsWith('/apis/')).flatMap((o) => [o.path.split('/')[2]!, o.path.split('/').slice(2, 4).join('/')]));
    const discovery = new Set<string>();
    for (const line of lines) {
      const e = JSON.parse(line) as { auditID: string; verb: string; requestURI: string };
      const m = /^\/apis\/([^/?]+)(?:\/([^/?]+))?\/?(\?|$)/.exec(e.requestURI);
      if (e.verb === 'get' && m && !served.has(m[2] ? `${m[1]}/${m[2]}` : m[1]!)) discovery.add(e.auditID);
    }
    expect(discovery.size).toBeGreaterThan(2000);
    expect(renderMarkdown(report)).toContain(
      `**${report.summary.unmatched} unmatched** (${discovery.size} of them discovery, \`GET /apis/{group}/{version}\`, of groups or versions the spec does not describe), `,
    );
    // Nothing said of a log without such discovery (the shipped sample: its 25 unmatched are a CRD's and /openapi/v2).
    const sample = gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz'))).toString('utf8').split('\n').filter(Boolean);
    const plain = analyzeLines(sample, { spec: await loadFixtureSpec('1.33') });
    expect(renderMarkdown(plain)).toContain('**25 unmatched**, 0 invalid lines.');
  });

  it("with the cluster's own spec, which serves its CRDs' resources but never their groups' discovery, that discovery is counted all the same (hkerma's CRD groups served)", async () => {
    const spec128 = await loadFixtureSpec('1.28');
    const { lines, upstream, crds, served } = await hkermaServedCrds(spec128, '1.28', scratchDir('served-discovery'));
    expect(crds.length).toBeGreaterThan(10);
    const report = analyzeLines(lines, { spec: served, selection: { includeSystem: true } });
    const discovery = unservedDiscovery(upstream);
    expect(discovery).toBeGreaterThan(2000);
    expect(unservedDiscovery(report)).toBe(discovery);
    expect(renderMarkdown(report)).toContain(`(${discovery} of them discovery, \`GET /apis/{group}/{version}\`,`);
    // Each CRD version's discovery is listed as an unserved group's is, with its group and version.
    for (const { group, version } of crds) {
      const row = report.unmatched.find((u) => u.pattern === `/apis/${group}/${version}` && u.verb === 'get');
      expect(row).toMatchObject({ reason: 'unknown-group-version', group, version });
    }
    // A report made before (its rows unknown-resource, as the served groups' discovery was then) says the same count.
    const before = { unmatched: report.unmatched.map((u) => (crds.some((c) => u.pattern === `/apis/${c.group}/${c.version}`) ? { ...u, reason: 'unknown-resource' as const } : u)) };
    expect(unservedDiscovery(before)).toBe(discovery);
  });

  it('the unmatched tables name the users who sent the requests (hkerma, a log without user agents); a report made before they were kept, (none)', async () => {
    const spec128 = await loadFixtureSpec('1.28');
    const report = analyzeLines(convertHkermaCsv(HKERMA_CSV).lines, { spec: spec128, selection: { includeSystem: true } });
    const md = renderMarkdown(report);
    expectValidPage(md, report, DEFAULT_MAX_CHARS);
    const unmatched = tables(md).filter((t) => t.header.includes('pattern') && t.header.at(-1) === 'callers');
    expect(unmatched).toHaveLength(2);
    const marked = (u: { users?: string[]; usersTruncated?: true }): string =>
      u.users!.slice(0, 3).map((name) => `user ${mdCode(name, 80)}`).join('<br>') + (u.users!.length > 3 ? `<br>+${u.users!.length - 3} more` : '') + (u.usersTruncated ? ' and others' : '');
    let rows = 0;
    for (const t of unmatched) {
      const pattern = t.header.indexOf('pattern');
      const verb = t.header.indexOf('verb');
      for (const cells of t.rows) {
        const u = report.unmatched.find((x) => mdCode(x.pattern) === cells[pattern] && mdCode(x.verb, 30) === cells[verb])!;
        expect(u.userAgents).toEqual(['(none)']);
        expect(cells.at(-1)).toBe(marked(u));
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(10);
    expect(md).toContain('| `/readyz` | `get` | non-resource-url | 250 | user `system:anonymous`<br>user `system:apiserver` |');
    // Without users (a report.json of an earlier build): the user agents, as before.
    const old = renderMarkdown({ ...report, unmatched: report.unmatched.map(({ users: _u, usersTruncated: _t, ...u }) => u) });
    expect(old).toContain('| `/readyz` | `get` | non-resource-url | 250 | `(none)` |');
  });
});

describe('over the budget, the operations the app uses are kept before its unmatched requests', () => {
  // hkerma, a real log: 214 operations and 308 unmatched API patterns, more than 60,000 characters of tables.
  let report: Report;
  beforeAll(async () => {
    const spec128 = await loadFixtureSpec('1.28');
    report = analyzeLines(convertHkermaCsv(HKERMA_CSV).lines, { spec: spec128, selection: { includeSystem: true } });
  });
  const section = (md: string, name: string) => sections(md).find((s) => s.heading.startsWith(name))!;

  it('the PR comment shows most of the operations table and cuts the unmatched one, each saying how many rows are left out', () => {
    const md = renderMarkdown(report, { marker: MARKER });
    expectValidPage(md, report, DEFAULT_MAX_CHARS, MARKER);
    const ops = section(md, 'All operations used');
    const unmatched = section(md, 'Unmatched API requests');
    expect(ops.total).toBe(report.operations.length);
    expect(unmatched.total).toBeGreaterThan(300);
    // Until now the unmatched patterns took the room: 239 of them shown, 15 of the 214 operations.
    expect(ops.shown).toBeGreaterThan(unmatched.shown);
    expect(ops.shown).toBeGreaterThan(report.operations.length * 0.8);
    expect(unmatched.more).toBeGreaterThan(0);
    expect(md).toContain(`… ${unmatched.more} more rows, see report.json`);
    if (ops.more > 0) expect(md).toContain(`… ${ops.more} more rows, see report.json`);
  });

  it('at any budget the unmatched table gets the room left once the operations table is whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4000, max: 150_000 }), (maxChars) => {
        const md = renderMarkdown(report, { maxChars });
        expectValidPage(md, report, maxChars);
        const ops = section(md, 'All operations used');
        const unmatched = section(md, 'Unmatched API requests');
        // While the operations table is cut, the unmatched one keeps its first share, and at most a row or two more
        // where the room left is too short for the next operation's row.
        if (ops.more > 0) expect(unmatched.shown, `at ${maxChars}`).toBeLessThan(2 * FOLDED_FIRST_SHARE);
        expect(ops.shown, `at ${maxChars}`).toBeGreaterThanOrEqual(Math.min(ops.total!, unmatched.shown));
      }),
      { numRuns: 12 },
    );
  });
});

describe('the sections come in the order the budget keeps them: what the app uses before what nothing matched', () => {
  // hkerma, a real log with every folded table: 214 operations, 308 unmatched API patterns, non-resource URLs
  // (/readyz), and one line that is no audit event, as a log cut by a rotation has.
  // Least privilege is left out: its folds go right after the verdict that names it (docs/rbac.md).
  const PRIORITY = ['Violations', 'Stable endpoints', 'Deprecated', 'All operations used', 'Unmatched API requests', 'Non-resource URLs', 'Invalid lines'];
  let lines: string[];
  let report: Report;
  beforeAll(async () => {
    lines = [...convertHkermaCsv(HKERMA_CSV).lines, '{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":'];
    report = analyzeLines(lines, { spec: await loadFixtureSpec('1.28'), selection: { includeSystem: true } });
  });
  /** The page's sections, each named by the first of PRIORITY its heading starts with, in page order. */
  const order = (md: string): string[] =>
    sections(md).flatMap((s) => PRIORITY.filter((p) => s.heading.startsWith(p)));

  it('report.md and the job summary, and the PR comment', () => {
    expect(report.summary.invalidLines).toBe(1);
    // No conformance data, nothing deprecated: those two are one line, where their sections would be.
    const expected = ['Violations', 'All operations used', 'Unmatched API requests', 'Non-resource URLs', 'Invalid lines'];
    for (const md of [renderMarkdown(report), renderMarkdown(report, { notes: [], maxChars: 200_000 }), composeComment(report, { notes: [], title: 'APISnoop', marker: MARKER })]) {
      // The sections of this report, each present, in the order of PRIORITY, the order docs/reports.md gives.
      expect(order(md)).toEqual(expected);
      const line = md.indexOf('\n\nNo conformance data was loaded for this analysis. Nothing the app uses is deprecated or removed');
      expect(line).toBeGreaterThan(md.indexOf('### Violations'));
      expect(line).toBeLessThan(md.indexOf('All operations used'));
    }
  });

  it("each release's page on the page of several releases", async () => {
    const on130 = analyzeLines(lines, { spec: await loadFixtureSpec('1.30'), selection: { includeSystem: true } });
    for (const md of [renderReleasesMarkdown([report, on130], { maxChars: 400_000 }), composeReleasesComment([report, on130], { notes: [], title: 'APISnoop', marker: MARKER })]) {
      const folds = md.split('<summary>Kubernetes ').slice(1);
      expect(folds).toHaveLength(2);
      for (const fold of folds) {
        const shown = order(fold);
        expect(shown.indexOf('All operations used')).toBeGreaterThanOrEqual(0);
        expect(shown).toEqual(PRIORITY.filter((p) => shown.includes(p)));
      }
    }
  });
});
