import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { ConformanceData } from '../../src/engine/conformance.js';
import { LEAST_PRIVILEGE_UNCHECKED, type OperationUsage, type Report } from '../../src/engine/report.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { CELL_CHARS, csvField, EXPORTERS, MORE_LISTED, renderCsv, type Exporter, type NamedReport } from '../../src/render/csv.js';
import { HOSTILE_USER_AGENTS, legacyAppReport, loadCoverage, repoRoot, sampleOperatorReport } from '../helpers/report-fixtures.js';
import { fixture } from '../helpers/fixtures.js';
import type { CoverageRow } from '../../src/web/api.js';
import { coverageOf, hitsOf, summarizeApp } from '../../src/web/coverage.js';

const operator: NamedReport = { name: 'sample-operator', report: sampleOperatorReport() };
const legacy: NamedReport = { name: 'legacy-app', report: legacyAppReport() };

/** Parsed with d3-dsv, an independent RFC 4180 reader; rows as header -> value records. */
function parse(exporter: Exporter, reports: NamedReport[]): { header: string[]; rows: Array<Record<string, string>> } {
  const text = renderCsv(exporter, reports);
  const [header, ...rows] = csvParseRows(text);
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

describe('csvField (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('l1\nl2')).toBe('"l1\nl2"');
    expect(csvField('l1\r\nl2')).toBe('"l1\r\nl2"');
    expect(csvField('')).toBe('');
  });

  it('writes numbers, booleans and missing values plainly, and refuses NaN', () => {
    expect(csvField(42)).toBe('42');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(() => csvField(Number.NaN)).toThrow(/finite/);
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
  });
});

describe('every exporter', () => {
  it.each(EXPORTERS)('%s: a header row, CRLF records, the same output whatever the order of operations', (exporter) => {
    // Apps' reports, whose requests name no e2e test (the fixtures copy APISnoop's test lists onto every operation).
    const apps = [operator, legacy].map(({ name, report }) => ({ name, report: { ...report, operations: report.operations.map((o) => ({ ...o, tests: [] })) } }));
    const text = renderCsv(exporter, apps);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true); // no quoted line breaks here
    const shuffled: NamedReport[] = apps.map(({ name, report }) => ({
      name,
      report: { ...report, operations: [...report.operations].reverse() },
    }));
    expect(renderCsv(exporter, shuffled)).toBe(text);
  });

  it('refuses two reports with the same app name', () => {
    expect(() => renderCsv('app-usage-summary', [operator, { ...legacy, name: 'sample-operator' }])).toThrow(/given twice/);
  });

  it('keeps the original APISnoop columns first, in their order (attic/audit/lib/exports.py)', () => {
    expect(parse('app-usage-categories', [operator]).header.slice(0, 3)).toEqual(['app', 'level', 'category']);
    expect(parse('app-usage-summary', [operator]).header.slice(0, 6)).toEqual(['app', 'stable', 'beta', 'alpha', 'total', 'conformance']);
    expect(parse('app-usage-endpoints', [operator]).header.slice(1, 4)).toEqual(['level', 'category', 'method + url']);
    expect(parse('coverage-spreadsheet', [operator]).header.slice(0, 6)).toEqual(['level', 'category', 'method', 'url', 'conforms', 'apps using it']);
  });
});

describe('app-usage-categories', () => {
  const { rows } = parse('app-usage-categories', [operator, legacy]);

  it('adds up to the level counts of each report, discovery left out', () => {
    for (const { name, report } of [operator, legacy]) {
      for (const level of ['stable', 'beta', 'alpha'] as const) {
        const mine = rows.filter((r) => r.app === name && r.level === level);
        expect(mine.reduce((n, r) => n + Number(r.operations), 0)).toBe(report.summary.byLevel[level].operations);
        expect(mine.reduce((n, r) => n + Number(r.hits), 0)).toBe(report.summary.byLevel[level].hits);
      }
    }
  });

  it('counts distinct operations per level and category, most used first', () => {
    // The operator's stable core operations: list/read pods, read/create/patch configmaps, list secrets,
    // create events, exec = 8 (discovery getCoreAPIVersions not counted).
    const mine = rows.filter((r) => r.app === 'sample-operator');
    expect(mine[0]).toEqual({ app: 'sample-operator', level: 'stable', category: 'core', operations: '8', hits: '92' });
    expect(mine.find((r) => r.level === 'alpha')).toEqual({ app: 'sample-operator', level: 'alpha', category: 'scheduling', operations: '1', hits: '3' });
    const counts = mine.map((r) => Number(r.operations));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe('app-usage-summary', () => {
  const { rows } = parse('app-usage-summary', [operator, legacy]);

  it('one row per app with its counts and the least stable level it uses', () => {
    expect(rows.map((r) => r.app)).toEqual(['sample-operator', 'legacy-app']);
    const op = rows[0];
    const s = operator.report.summary;
    expect([op.stable, op.beta, op.alpha, op.total].map(Number)).toEqual([
      s.byLevel.stable.operations,
      s.byLevel.beta.operations,
      s.byLevel.alpha.operations,
      s.byLevel.stable.operations + s.byLevel.beta.operations + s.byLevel.alpha.operations,
    ]);
    expect(op.conformance).toBe('alpha');
    expect(rows[1].conformance).toBe('beta');
    // An app that uses no API at all (discovery aside) is stable, as the original had it, not blank.
    const idle: Report = { ...structuredClone(operator.report), operations: [] };
    idle.summary.byLevel = { stable: { operations: 0, hits: 0 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } };
    expect(parse('app-usage-summary', [{ name: 'idle', report: idle }]).rows[0].conformance).toBe('stable');
    expect(op['stable untested']).toBe('4');
    expect(rows[1]['removed soon']).toBe('4');
    expect(op.verdict).toBe('fail');
    expect(op['kubernetes version']).toBe('1.36');
    expect(rows[1]['kubernetes version']).toBe('1.21');
  });
});

describe("app-usage-summary's verdict of a run whose least privilege the policy needed and could not check", () => {
  it('is fail, as the Action step, its verdict output and report.md say', () => {
    const report = sampleOperatorReport({ failOn: [] });
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('pass');
    // What the Action writes into report.json when rbac-fail-on needed least privilege and helm get manifest failed.
    report.leastPrivilegeUnchecked = [{ why: 'helm get manifest kapic failed (exit 1)' }];
    report.runNotes = { problems: [`${LEAST_PRIVILEGE_UNCHECKED}helm get manifest kapic failed (exit 1).`], notices: [] };
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('fail');
    // The same words as a notice (rbac-fail-on not set) fail nothing: the Action writes no field then.
    delete report.leastPrivilegeUnchecked;
    report.runNotes = { problems: [], notices: [`${LEAST_PRIVILEGE_UNCHECKED}helm get manifest kapic failed (exit 1).`] };
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('pass');
  });

  it("is fail in a merge of two apps' reports too, where the page names the app before why", async () => {
    const { mergeReports } = await import('../../src/engine/merge.js');
    const opa = { ...sampleOperatorReport({ failOn: [] }), app: 'opa' };
    opa.leastPrivilegeUnchecked = [{ app: 'opa', why: 'no RBAC manifests (rbac-granted) were given' }];
    opa.runNotes = { problems: [`${LEAST_PRIVILEGE_UNCHECKED}no RBAC manifests (rbac-granted) were given.`], notices: [] };
    const webhook = { ...sampleOperatorReport({ failOn: [] }), app: 'webhook' };
    const merged = mergeReports([opa, webhook]);
    expect(merged.runNotes?.problems).toEqual([`opa: ${LEAST_PRIVILEGE_UNCHECKED}no RBAC manifests (rbac-granted) were given.`]);
    expect(parse('app-usage-summary', [{ name: 'both', report: merged }]).rows[0].verdict).toBe('fail');
    expect(renderMarkdown(merged)).toMatch(/^## ❌ .*: fail$/m);
    expect(renderMarkdown(merged)).toContain('(rbac-fail-on **overprivileged**): opa: no RBAC manifests \\(rbac-granted\\) were given.');
    // Its own page names no app: the report is that app's.
    expect(renderMarkdown(opa)).toContain('(rbac-fail-on **overprivileged**): no RBAC manifests \\(rbac-granted\\) were given.');
  });

  it('is fail for a report made before the field, by its run problem', () => {
    const report = { ...sampleOperatorReport({ failOn: [] }), app: 'kapic' };
    report.runNotes = { problems: [`${LEAST_PRIVILEGE_UNCHECKED}helm get manifest kapic failed (exit 1).`], notices: [] };
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('fail');
    expect(renderMarkdown(report)).toContain('❌ **Least privilege was not checked** (rbac-fail-on **overprivileged**): helm get manifest kapic failed \\(exit 1\\).');
  });

  it("is not fail for a problem quoting another program that says the same words (an install-command's last line)", () => {
    const report = sampleOperatorReport({ failOn: [] });
    report.runNotes = { problems: [`install-command failed (exit 1); it said last: Error: admission webhook: ${LEAST_PRIVILEGE_UNCHECKED}by the webhook`], notices: [] };
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('pass');
    // Nor for one that opens with them in a report with the field: the field alone says it.
    report.runNotes = { problems: [`${LEAST_PRIVILEGE_UNCHECKED}said by hand.`], notices: [] };
    report.leastPrivilegeUnchecked = [];
    expect(parse('app-usage-summary', [{ name: 'kapic', report }]).rows[0].verdict).toBe('pass');
    expect(renderMarkdown(report)).not.toContain('**Least privilege was not checked**');
  });
});

describe("app-usage-summary's conformance of an app using its cluster's own alpha CRD", () => {
  it('judges the Kubernetes APIs only, as the verdict does, while the level counts still count the custom operations', async () => {
    const { scratchDir, writeServedSpec } = await import('../helpers/fixtures.js');
    const dir = scratchDir('csv-custom-level');
    const spec = writeServedSpec(path.join(dir, 'served-1.33.json.gz'), '1.33', [{ group: 'demo.example.com', version: 'v1alpha1' }]);
    const sample = path.join(repoRoot, 'data/sample-audit.log.gz');
    // The sample's only alpha operations are its demo operator's widgets, custom in its cluster's spec; beta ones remain.
    const served = await analyzeLogs({ logs: [sample], spec });
    const alpha = served.operations.filter((o) => o.level === 'alpha' && !o.discovery);
    expect(alpha.length).toBeGreaterThan(0);
    expect(alpha.every((o) => o.custom)).toBe(true);
    const [row] = parse('app-usage-summary', [{ name: 'served', report: served }]).rows;
    expect(row.conformance).toBe('beta');
    expect(Number(row.alpha)).toBe(alpha.length);
    expect(row.verdict).toBe('fail');
    // Without its beta requests, the app uses stable Kubernetes APIs and its own alpha CRD: stable, and the verdict passes.
    const lines = gunzipSync(readFileSync(sample)).toString('utf8').split('\n');
    const noBeta = path.join(dir, 'no-beta.log');
    writeFileSync(noBeta, lines.filter((l) => !/\/v\d+beta\d+\b/.test(l)).join('\n'));
    const stableAndCrd = await analyzeLogs({ logs: [noBeta], spec });
    const [only] = parse('app-usage-summary', [{ name: 'served', report: stableAndCrd }]).rows;
    expect([only.beta, only.alpha, only.conformance, only.verdict]).toEqual(['0', String(alpha.length), 'stable', 'pass']);
  });
});

describe('app-usage-endpoints', () => {
  const { header, rows } = parse('app-usage-endpoints', [operator, legacy]);

  it('one row per operation used, per app', () => {
    expect(rows).toHaveLength(operator.report.operations.length + legacy.report.operations.length);
    for (const { name, report } of [operator, legacy]) {
      const mine = rows.filter((r) => r.app === name);
      expect(mine.map((r) => r['operation id']).sort()).toEqual(report.operations.map((o) => o.operationId).sort());
      for (const r of mine) {
        const op = report.operations.find((o) => o.operationId === r['operation id'])!;
        // Lowercase, as the original wrote it (`get /api/v1/namespaces/{namespace}/pods` in its kube-audits.csv).
        expect(r['method + url']).toBe(`${op.method} ${op.path}`);
        expect(r.method).toMatch(/^(get|post|put|patch|delete|head|options)$/);
        expect(Number(r.hits)).toBe(op.hits);
      }
    }
    expect(header).toContain('conformance tested');
  });

  it('carries the conformance data of APISnoop 1.36.0 and the removals of Pluto', () => {
    const coverage = new Map(loadCoverage('1.36.0').map((e) => [e.endpoint, e]));
    for (const r of rows.filter((x) => x.app === 'sample-operator')) {
      expect(r['conformance tested']).toBe(String(coverage.get(r['operation id'])!.conf_tested));
    }
    const cron = rows.find((r) => r['operation id'] === 'listBatchV1beta1NamespacedCronJob')!;
    expect([cron.level, cron.category, cron['removed in'], cron.deprecated]).toEqual(['beta', 'batch', '1.25', 'true']);
    expect(rows.find((r) => r['operation id'] === 'replaceCoordinationV1NamespacedLease')!.codes).toBe('200=175 409=1');
  });

  it("writes counts as code=count: a cell of one code, 200:24, is a duration of 200 hours to Excel and Google Sheets", async () => {
    // The shipped sample, as npm run demo analyses it: most of its operations answer with one code only.
    const report = await analyzeLogs({ logs: [path.join(repoRoot, 'data/sample-audit.log.gz')], kubernetesVersion: '1.33', conformance: 'none' });
    const apps = [{ name: 'demo-operator', report }];
    const endpoints = parse('app-usage-endpoints', apps);
    const sheet = parse('coverage-spreadsheet', apps);
    const cells = [...endpoints.rows.flatMap((r) => [r.codes, r.verbs]), ...sheet.rows.map((r) => r['demo-operator codes'])];
    expect(cells.length).toBeGreaterThan(100);
    for (const c of cells) {
      expect(c).toMatch(/^[a-z0-9]+=\d+( [a-z0-9]+=\d+)*$/);
      expect(c).not.toMatch(/^\d+:\d+$/);
    }
    expect(endpoints.rows.find((r) => r['operation id'] === 'listCoreV1NamespacedPod')).toMatchObject({ codes: '200=24', verbs: 'list=12 watch=12' });
  });

  it('app-usage-endpoints says what to move to, as report.md does: the replacement of a removed or deprecated operation', async () => {
    const report = await analyzeLogs({ logs: [path.join(repoRoot, 'data/sample-audit.log.gz')], kubernetesVersion: '1.33', conformance: 'none' });
    const { rows } = parse('app-usage-endpoints', [{ name: 'demo-operator', report }]);
    expect(rows.find((r) => r['operation id'] === 'createAdmissionregistrationV1beta1ValidatingAdmissionPolicy')).toMatchObject({
      'removed in': '1.34',
      replacement: 'admissionregistration.k8s.io/v1',
    });
    expect(rows.filter((r) => r.replacement !== '').map((r) => r['operation id']).sort()).toEqual([
      'createAdmissionregistrationV1beta1ValidatingAdmissionPolicy',
      'createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding',
    ]);
  });

  it('orders as the original: the most used level, then category, then the most hit endpoint', () => {
    const mine = rows.filter((r) => r.app === 'sample-operator');
    // stable has 20 operations (17 + 3 discovery), beta 2, alpha 1; within stable, core (9 with /api/) leads.
    expect(mine.map((r) => r.level)).toEqual([...Array(20).fill('stable'), 'beta', 'beta', 'alpha']);
    expect(mine[0]['operation id']).toBe('listCoreV1NamespacedPod');
  });

  it('quotes hostile user agents so that they read back exactly, formulas defused', () => {
    const report: Report = structuredClone(operator.report);
    report.operations[0].userAgents = HOSTILE_USER_AGENTS;
    report.operations[0].users = ['a,b', 'quote"d'];
    const { rows: back } = parse('app-usage-endpoints', [{ name: 'hostile, "app"', report }]);
    expect(back).toHaveLength(report.operations.length);
    const row = back.find((r) => r['operation id'] === report.operations[0].operationId)!;
    expect(row.app).toBe('hostile, "app"');
    // One value per line of the cell: the line break inside the second agent is made a space, as report.md does.
    const flat = HOSTILE_USER_AGENTS.map((a) => a.replace(/[\r\n]/g, ' '));
    expect(row['user agents']).toBe(flat.join('\n'));
    expect(row['user agents'].split('\n')).toHaveLength(HOSTILE_USER_AGENTS.length);
    expect(row.users).toBe('a,b\nquote"d');
    // The second agent starts with "=": a spreadsheet would run it, so the cell starts with an apostrophe.
    const single = { ...report, operations: [{ ...report.operations[0], userAgents: [HOSTILE_USER_AGENTS[1]] }] };
    const { rows: one } = parse('app-usage-endpoints', [{ name: 'x', report: single }]);
    expect(one[0]['user agents']).toBe(`'${flat[1]}`);
  });

  it('keeps one value per line of a list cell: control characters in a value from the log become spaces', () => {
    const report: Report = structuredClone(operator.report);
    report.operations[0].users = ['line1\nline2', 'nul\u0000here', 'sep\u2028x'];
    report.operations[0].usersTruncated = true;
    const { rows: back } = parse('app-usage-endpoints', [{ name: 'x', report }]);
    const row = back.find((r) => r['operation id'] === report.operations[0].operationId)!;
    expect(row.users.split('\n')).toEqual(['line1 line2', 'nul here', 'sep x', '(more not listed)']);
  });

  it('keeps a list cell within what a spreadsheet cell holds: the values that fit, then how many were left out', () => {
    const report: Report = structuredClone(operator.report);
    // What a hostile log gives: the 100 users the report lists, each a thousand characters, and more it did not list;
    // a user agent longer than a cell by itself.
    const users = Array.from({ length: 100 }, (_, i) => `user-${i}-${'x'.repeat(1000)}`);
    const agent = `kubectl/${'y'.repeat(40_000)}`;
    Object.assign(report.operations[0], { users, usersTruncated: true, userAgents: [agent, 'helm/v3.15.2'] });
    const { rows: back } = parse('app-usage-endpoints', [{ name: 'x', report }]);
    const row = back.find((r) => r['operation id'] === report.operations[0].operationId)!;
    for (const cell of [row.users, row['user agents']]) expect(cell.length).toBeLessThanOrEqual(CELL_CHARS);
    const lines = row.users.split('\n');
    const kept = lines.length - 2;
    expect(lines.slice(0, kept)).toEqual(users.slice(0, kept));
    expect(lines.slice(kept)).toEqual([`(${100 - kept} more)`, MORE_LISTED]);
    // As many as fit: one more would not.
    expect([...users.slice(0, kept + 1), `(${100 - kept - 1} more)`, MORE_LISTED].join('\n').length).toBeGreaterThan(CELL_CHARS);
    // The agent longer than a cell: its start, marked cut, then the one left out.
    const [first, ...rest] = row['user agents'].split('\n');
    expect(agent.startsWith(first!.slice(0, -1)) && first!.endsWith('…')).toBe(true);
    expect(rest).toEqual(['(1 more)']);
    // A list that fits is whole, as before.
    expect(back.find((r) => r['operation id'] === report.operations[1]!.operationId)!['user agents']).toBe(report.operations[1]!.userAgents.join('\n'));
    // A cell a spreadsheet would read as a formula gets a ' before it, within the cell too (it was 32,768 long).
    const dashed = structuredClone(operator.report);
    dashed.operations[0].userAgents = [`-a${'x'.repeat(40_000)}`, `-b${'x'.repeat(40_000)}`];
    const guarded = parse('app-usage-endpoints', [{ name: 'x', report: dashed }]).rows.find((r) => r['operation id'] === dashed.operations[0].operationId)!;
    expect(guarded['user agents'].startsWith("'-a")).toBe(true);
    expect(guarded['user agents'].endsWith('…\n(1 more)')).toBe(true);
    expect(guarded['user agents'].length).toBeLessThanOrEqual(CELL_CHARS);
  });
});

describe('app-usage-endpoints of an e2e run', () => {
  it('names the tests that hit each operation, the first 100 and how many more (the user agents are all e2e.test)', async () => {
    const { analyzeLines, loadFixtureSpec } = await import('../helpers/fixtures.js');
    const { sweepLines } = await import('../helpers/audit-verb.js');
    const { loadConformanceVersion, loadIneligible } = await import('../../src/sources/specs.js');
    const spec = await loadFixtureSpec('1.36');
    // APISnoop's 1.36 run: the tests that create a namespace (over a thousand) and that create a Role (102).
    const testsOf = (id: string) => [...new Set(loadCoverage('1.36.0').find((e) => e.endpoint === id)!.tests.filter((t): t is string => typeof t === 'string' && t !== ''))];
    const ids = ['createCoreV1Namespace', 'createRbacAuthorizationV1NamespacedRole', 'readCoreV1Namespace'];
    const lines = ids.flatMap((id) => {
      const op = spec.operations.filter((o) => o.operationId === id);
      // readCoreV1Namespace: by the suite outside its tests, whose user agent names none.
      return id === 'readCoreV1Namespace' ? sweepLines(op, 'e2e.test/v1.36.0 (linux/amd64) kubernetes/abc') : testsOf(id).flatMap((t) => sweepLines(op, `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${t}`));
    });
    const report = analyzeLines(lines.map((l, i) => l.replace('"audit-0"', `"audit-${i}"`)), { spec, conformance: await loadConformanceVersion('1.36'), ineligible: await loadIneligible(), selection: { e2e: true } });
    const { rows } = parse('app-usage-endpoints', [{ name: 'e2e', report }]);
    const cell = (id: string) => rows.find((r) => r['operation id'] === id)!.tests;
    const namespaces = testsOf('createCoreV1Namespace').sort();
    expect(namespaces.length).toBeGreaterThan(1000);
    expect(cell('createCoreV1Namespace').split('\n')).toEqual([...namespaces.slice(0, 100), `(${namespaces.length - 100} more)`]);
    expect(cell('createCoreV1Namespace').length).toBeLessThan(32767);
    const roles = testsOf('createRbacAuthorizationV1NamespacedRole').sort();
    expect(cell('createRbacAuthorizationV1NamespacedRole').split('\n')).toEqual([...roles.slice(0, 100), `(${roles.length - 100} more)`]);
    // The user agents said only e2e.test: which tests hit an endpoint was in report.json alone.
    expect(rows.find((r) => r['operation id'] === 'createRbacAuthorizationV1NamespacedRole')!['user agents']).toBe('e2e.test/v1.36.0 (linux/amd64) kubernetes/abc');
    expect(cell('readCoreV1Namespace')).toBe('');
  });
});

describe('coverage-spreadsheet with two apps side by side', () => {
  const { header, rows } = parse('coverage-spreadsheet', [operator, legacy]);
  const key = (o: Pick<OperationUsage, 'operationId'>): string => o.operationId;

  it('one column group per app, in the order given', () => {
    expect(header.slice(6, 10)).toEqual(['sample-operator hits', 'sample-operator codes', 'legacy-app hits', 'legacy-app codes']);
  });

  it('one row per operation either app used, with each app\'s hits', () => {
    const a = new Map(operator.report.operations.map((o) => [key(o), o]));
    const b = new Map(legacy.report.operations.map((o) => [key(o), o]));
    const union = new Set([...a.keys(), ...b.keys()]);
    expect(rows).toHaveLength(union.size);
    for (const r of rows) {
      const id = r['operation id'];
      expect(Number(r['sample-operator hits'])).toBe(a.get(id)?.hits ?? 0);
      expect(Number(r['legacy-app hits'])).toBe(b.get(id)?.hits ?? 0);
      expect(Number(r['apps using it'])).toBe(Number(a.has(id)) + Number(b.has(id)));
    }
    // Both apps list pods, read the API groups and list deployments.
    const shared = rows.filter((r) => r['apps using it'] === '2').map((r) => r['operation id']).sort();
    expect(shared).toEqual(['getAPIVersions', 'listAppsV1NamespacedDeployment', 'listCoreV1NamespacedPod']);
  });

  it('most shared first, then stable before beta before alpha', () => {
    const using = rows.map((r) => Number(r['apps using it']));
    expect(using).toEqual([...using].sort((x, y) => y - x));
    const once = rows.filter((r) => r['apps using it'] === '1').map((r) => r.level);
    const rank = { stable: 0, beta: 1, alpha: 2 } as Record<string, number>;
    expect(once.map((l) => rank[l])).toEqual([...once.map((l) => rank[l])].sort((x, y) => x - y));
  });

  it('says which operations conformance covers, and the earliest removal', () => {
    const exec = rows.find((r) => r['operation id'] === 'connectCoreV1PostNamespacedPodExec')!;
    expect(exec.conforms).toBe('false');
    expect(rows.find((r) => r['operation id'] === 'readPolicyV1beta1PodSecurityPolicy')!['removed in']).toBe('1.25');
  });
});

describe("the exports' columns against the original's, as docs/reports.md states them", () => {
  const docs = readFileSync(path.join(repoRoot, 'docs/reports.md'), 'utf8');
  /** The original's columns as the docs quote them ("Original: `a, b, c`"). */
  const original = (e: Exporter): string[] => new RegExp(`\\*\\*${e}\\*\\*:[^\\n]*?Original: \`([^\`]+)\``).exec(docs)![1].split(', ');
  // The exceptions the general sentence names: count renamed, app first in app-usage-endpoints, the spreadsheet's
  // column per app a pair and its questions column left out.
  const renamed: Partial<Record<Exporter, Record<string, string>>> = { 'app-usage-categories': { count: 'operations' }, 'app-usage-endpoints': { count: 'hits' } };

  it('keeps the original columns in the original order, with only the exceptions the docs list, new ones at the end', () => {
    expect(docs).toContain("Each keeps the original's columns in the original order, then adds what the report knows, except where listed with each export:");
    const apps = [operator, legacy];
    for (const e of EXPORTERS) {
      const [header] = csvParseRows(renderCsv(e, apps));
      let expected = original(e).map((c) => renamed[e]?.[c] ?? c);
      if (e === 'app-usage-endpoints') expected = ['app', ...expected];
      if (e === 'coverage-spreadsheet') {
        expected = expected.flatMap((c) => (c === '<one column per app>' ? apps.flatMap((a) => [`${a.name} hits`, `${a.name} codes`]) : c === 'questions' ? [] : [c]));
      }
      expect(header.slice(0, expected.length), e).toEqual(expected);
    }
    const last = (e: Exporter, n: number): string[] => csvParseRows(renderCsv(e, apps))[0].slice(-n);
    expect(last('app-usage-summary', 3)).toEqual(['stable conformance unknown', 'stable untested eligible', 'removed already']);
    expect(last('app-usage-endpoints', 5)).toEqual(['conformance ineligible', 'last served in', 'replacement', 'tests', 'custom']);
    expect(last('coverage-spreadsheet', 2)).toEqual(['conformance ineligible', 'custom']);
  });
});

describe('the custom column (app-usage-endpoints, coverage-spreadsheet)', () => {
  it("marks the operations of the cluster's own APIs: the sample's demo operator CRD in its cluster's spec", async () => {
    const { scratchDir, writeServedSpec } = await import('../helpers/fixtures.js');
    const sample = path.join(repoRoot, 'data/sample-audit.log.gz');
    const spec = writeServedSpec(path.join(scratchDir('csv-custom'), 'served-1.33.json.gz'), '1.33', [{ group: 'demo.example.com', version: 'v1alpha1' }]);
    const served = await analyzeLogs({ logs: [sample], spec });
    // Upstream's 1.33 spec lacks the CRD: its requests are unmatched, and nothing is custom.
    const upstream = await analyzeLogs({ logs: [sample], kubernetesVersion: '1.33' });
    const widgets = ['listDemoExampleComV1alpha1NamespacedWidget', 'patchDemoExampleComV1alpha1NamespacedWidgetStatus'];
    const endpoints = parse('app-usage-endpoints', [{ name: 'served', report: served }, { name: 'upstream', report: upstream }]).rows;
    expect(endpoints.filter((r) => r.custom === 'true').map((r) => [r.app, r['operation id']])).toEqual(widgets.map((id) => ['served', id]));
    expect(endpoints.filter((r) => r.custom === 'false').length).toBe(endpoints.length - widgets.length);
    const spreadsheet = parse('coverage-spreadsheet', [{ name: 'upstream', report: upstream }, { name: 'served', report: served }]).rows;
    expect(spreadsheet.filter((r) => r.custom === 'true').map((r) => r['operation id']).sort()).toEqual(widgets);
  });
});

describe("coverage-spreadsheet and the page's Compare (the same table)", () => {
  it('say the same of every operation, on real reports of the audit2rbac and sample logs against several releases', async () => {
    const log2017 = fixture('audit/audit2rbac/demo-2017-v1beta1.log');
    const sample = path.join(repoRoot, 'data/sample-audit.log.gz');
    const apps: NamedReport[] = [
      // 1.36's conformance data says /apis/rbac.authorization.k8s.io/v1/ untested, 1.21's tested: the spreadsheet took
      // the first report's word and the page any "tested", so on-1.36's page said tested where its CSV said false.
      { name: 'on-1.36', report: await analyzeLogs({ logs: [log2017], kubernetesVersion: '1.36', selection: { includeSystem: true } }) },
      {
        name: 'on-1.13',
        report: await analyzeLogs({ logs: [log2017], spec: fixture('openapi-v2/swagger-1.13.json.gz'), conformance: fixture('apisnoop/coverage-1.21.0.json.gz'), selection: { includeSystem: true } }),
      },
      // storage.k8s.io/v1beta1 VolumeAttributesClass: deprecated on 1.36, not yet on 1.33 (the page took the first's).
      { name: 'sample-1.33', report: await analyzeLogs({ logs: [sample], kubernetesVersion: '1.33' }) },
      { name: 'sample-1.36', report: await analyzeLogs({ logs: [sample], kubernetesVersion: '1.36' }) },
    ];
    const details = apps.map(({ name, report }) => ({ name, report, runs: [], summary: summarizeApp(name, [], report) }));
    const page = coverageOf(details).rows;
    const { rows: csv } = parse('coverage-spreadsheet', apps);
    const cell = (v: boolean | string | null) => (v === null ? '' : String(v));
    const said = (r: CoverageRow) => [r.level, cell(r.conformanceTested), cell(r.deprecated), cell(r.removedIn), cell(r.conformanceIneligible), ...apps.map((a) => String(hitsOf(r, a.name)))];
    const written = (r: Record<string, string>) => [r.level, r.conforms, r.deprecated, r['removed in'], r['conformance ineligible'], ...apps.map((a) => r[`${a.name} hits`])];
    const key = (id: string, method: string, p: string) => `${id} ${method} ${p}`;
    const fromPage = new Map(page.map((r) => [key(r.operationId, r.method, r.path), said(r)]));
    const fromCsv = new Map(csv.map((r) => [key(r['operation id']!, r.method!, r.url!), written(r)]));
    expect([...fromPage.keys()].sort()).toEqual([...fromCsv.keys()].sort());
    for (const [k, row] of fromCsv) expect(fromPage.get(k), k).toEqual(row);
    // The two facts that had differed, as the CSV says them.
    const rbac = key('getRbacAuthorizationV1APIResources', 'get', '/apis/rbac.authorization.k8s.io/v1/');
    const vac = key('listStorageV1beta1VolumeAttributesClass', 'get', '/apis/storage.k8s.io/v1beta1/volumeattributesclasses');
    expect([fromCsv.get(rbac)![1], fromCsv.get(vac)![2]]).toEqual(['false', 'true']);
  });

  it("take conformance from published data before an e2e run's own tests, whatever the order of the reports", async () => {
    const { analyzeLines, loadFixtureSpec } = await import('../helpers/fixtures.js');
    const { sweepLines } = await import('../helpers/audit-verb.js');
    const { loadConformanceVersion, loadIneligible } = await import('../../src/sources/specs.js');
    const spec = await loadFixtureSpec('1.36');
    const ineligible = await loadIneligible();
    const ops = (id: string) => spec.operations.filter((o) => o.operationId === id);
    const numbered = (lines: string[]) => lines.map((l, i) => l.replace('"audit-0"', `"audit-${i}"`));
    // An e2e run of a release APISnoop has not published (no data): a plain test reads a pod's log, which 1.36's
    // published data says conformance tests cover; its [Conformance] test lists pods.
    const testOf = (id: string, conformance: boolean) => loadCoverage('1.36.0').find((e) => e.endpoint === id)!.tests.find((t) => t && t.includes('[Conformance]') === conformance)!;
    const e2eLines = [
      ...sweepLines(ops('readCoreV1NamespacedPodLog'), `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${testOf('readCoreV1NamespacedPodLog', false)}`),
      ...sweepLines(ops('listCoreV1NamespacedPod'), `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${testOf('listCoreV1NamespacedPod', true)}`),
    ];
    const e2e = analyzeLines(numbered(e2eLines), { spec, conformance: null, ineligible, selection: { e2e: true } });
    const podLog = (r: Report) => r.operations.find((o) => o.operationId === 'readCoreV1NamespacedPodLog')!;
    expect(podLog(e2e).conformanceTested).toBe(false);
    // An app on 1.36, with its published data, reads pod logs too.
    const app = analyzeLines(numbered(sweepLines(ops('readCoreV1NamespacedPodLog'), 'my-operator/v1.0')), { spec, conformance: await loadConformanceVersion('1.36'), ineligible, selection: { includeSystem: true } });
    expect(podLog(app)).toMatchObject({ conformanceTested: true, tested: true });
    for (const order of [
      [{ name: 'e2e', report: e2e }, { name: 'operator', report: app }],
      [{ name: 'operator', report: app }, { name: 'e2e', report: e2e }],
    ]) {
      const { rows } = parse('coverage-spreadsheet', order);
      const row = (id: string) => rows.find((r) => r['operation id'] === id)!;
      // The e2e run first said "false": the run's tests did not cover it, not that no conformance test does.
      expect([row('readCoreV1NamespacedPodLog').conforms, row('readCoreV1NamespacedPodLog').tested], order[0]!.name).toEqual(['true', 'true']);
      // Where only the run knows, the run's word stands.
      expect(row('listCoreV1NamespacedPod').conforms).toBe('true');
      const page = coverageOf(order.map(({ name, report }) => ({ name, report, runs: [], summary: summarizeApp(name, [], report) }))).rows;
      expect(page.find((r) => r.operationId === 'readCoreV1NamespacedPodLog')!.conformanceTested).toBe(true);
    }
  });
  // The 2017 log on 1.36 beside an e2e run of its requests sent by a real [Conformance] test: the run saw that test read
  // and patch ClusterRoles, which 1.36's data says no conformance test does. The first report's word decided: the
  // operator first, "conforms" false; the run first, true.
  it('say, of reports of one release, tested when any says so, as apisnoop merge does, in either order', async () => {
    const { mergeReports } = await import('../../src/engine/merge.js');
    const { deriveE2eLog } = await import('../helpers/derived-logs.js');
    const { AUDIT2RBAC_2017, analyzeLines, loadFixtureSpec } = await import('../helpers/fixtures.js');
    const { loadConformanceVersion } = await import('../../src/sources/specs.js');
    const test = loadCoverage('1.36.0').find((e) => e.endpoint === 'createRbacAuthorizationV1ClusterRole')!.tests.find((t) => t?.includes('[Conformance]'))!;
    const [spec, conformance] = [await loadFixtureSpec('1.36'), await loadConformanceVersion('1.36')];
    const operator = analyzeLines(readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean), { spec, conformance, selection: { includeSystem: true } });
    const run = analyzeLines(deriveE2eLog(AUDIT2RBAC_2017, test), { spec, conformance, selection: { e2e: true } });
    const merged = new Map(mergeReports([operator, run]).operations.map((o) => [o.operationId, o]));
    const differ = operator.operations.filter((o) => o.conformanceTested !== merged.get(o.operationId)!.conformanceTested);
    expect(differ.map((o) => o.operationId)).toContain('readRbacAuthorizationV1ClusterRole');
    for (const order of [
      [{ name: 'operator', report: operator }, { name: 'run', report: run }],
      [{ name: 'run', report: run }, { name: 'operator', report: operator }],
    ]) {
      const { rows } = parse('coverage-spreadsheet', order);
      expect(rows.length).toBe(merged.size);
      for (const r of rows) expect([r.conforms, r.tested], `${order[0]!.name} first: ${r['operation id']}`).toEqual([String(merged.get(r['operation id']!)!.conformanceTested ?? ''), String(merged.get(r['operation id']!)!.tested ?? '')]);
      const page = coverageOf(order.map(({ name, report }) => ({ name, report, runs: [], summary: summarizeApp(name, [], report) }))).rows;
      for (const r of page) expect([r.conformanceTested, r.conformanceRelease], r.operationId).toEqual([merged.get(r.operationId)!.conformanceTested, r.conformanceTested === null ? null : '1.36.0']);
    }
  });

  it('of reports of several releases, say the newest release that knows the operation, in either order', async () => {
    const { AUDIT2RBAC_2017, analyzeLines, fixture, loadFixtureSpec } = await import('../helpers/fixtures.js');
    const { loadConformanceFile, loadConformanceVersion } = await import('../../src/sources/specs.js');
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
    const on = async (spec: string, conformance: ConformanceData) => analyzeLines(lines, { spec: await loadFixtureSpec(spec), conformance, selection: { includeSystem: true } });
    // 1.13's spec read with 1.21's published data (APISnoop has none of 1.13), and 1.33 with its own.
    const [old, today] = [await on('1.13', await loadConformanceFile(fixture('apisnoop/coverage-1.21.0.json.gz'))), await on('1.33', await loadConformanceVersion('1.33'))];
    const state = (r: Report, id: string) => r.operations.find((o) => o.operationId === id)?.conformanceTested ?? null;
    // Operations both know and judge apart: the order of the reports decided them before.
    const apart = today.operations.filter((o) => o.conformanceTested !== null && state(old, o.operationId) !== null && state(old, o.operationId) !== o.conformanceTested);
    expect(apart.length).toBeGreaterThan(0);
    const orders = [
      [{ name: 'old', report: old }, { name: 'today', report: today }],
      [{ name: 'today', report: today }, { name: 'old', report: old }],
    ];
    const sheets = orders.map((order) => new Map(parse('coverage-spreadsheet', order).rows.map((r) => [r['operation id']!, r])));
    for (const o of apart) for (const sheet of sheets) expect(sheet.get(o.operationId)!.conforms, o.operationId).toBe(String(o.conformanceTested));
    for (const sheet of sheets) for (const [id, r] of sheet) {
      const newest = state(today, id) !== null ? today : old;
      expect(r.conforms, id).toBe(String(state(newest, id) ?? ''));
    }
  });
});
