// The renderers on real analyses: audit2rbac's logs against the Kubernetes 1.13 spec, through the lead's engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { EXPORTERS, renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { mergeReports } from '../../src/engine/merge.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { detailsBalanced, sections, tables, unsafeMarkup } from '../helpers/markdown-check.js';
import { fixturesDir } from '../helpers/report-fixtures.js';

const spec = path.join(fixturesDir, 'openapi-v2', 'swagger-1.13.json.gz');
const demoV1 = path.join(fixturesDir, 'audit', 'audit2rbac', 'demo-v1.log');
const demo2017 = path.join(fixturesDir, 'audit', 'audit2rbac', 'demo-2017-v1beta1.log');

/** Distinct auditIDs of a JSON-lines audit log, read here without the engine. */
function distinctRequests(file: string): number {
  const ids = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { auditID: string }).auditID);
  return new Set(ids).size;
}

const csvRows = (text: string): Array<Record<string, string>> => {
  const [header, ...rows] = csvParseRows(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

describe.each([
  ['demo-v1.log', demoV1],
  ['demo-2017-v1beta1.log', demo2017],
])('report.md and the CSVs of audit2rbac %s against Kubernetes 1.13', (_name, log) => {
  let report: Report;
  let md: string;
  beforeAll(async () => {
    report = await analyzeLogs({ logs: [log], spec, selection: { includeSystem: true }, conformance: 'none' });
    md = renderMarkdown(report, { marker: '<!-- apisnoop:comment -->' });
  });

  it('prints the requests the log holds and the verdict', () => {
    expect(md).toContain(`Requests: ${distinctRequests(log)} read, `);
    expect(md.split('\n')[2]).toBe(report.verdict.pass ? '## ✅ APISnoop: pass' : '## ❌ APISnoop: fail');
    expect(md).toContain('No conformance data was loaded for this analysis.');
  });

  it('with no conformance data says stable untested is unknown, not 0 (report.md, app-usage-summary)', () => {
    const stable = report.summary.byLevel.stable.operations;
    expect(stable).toBeGreaterThan(0);
    // The contract's number stays (0: nothing is known to be untested); the new count says why it says nothing.
    expect(report.summary.stableUntested).toBe(0);
    expect(report.summary.stableConformanceUnknown).toBe(stable);
    expect(md).toContain(`Stable operations untested by conformance: **unknown** (no conformance data for the ${stable} stable operations used)`);
    expect(md).not.toContain('untested by conformance: **0**');
    const [summary] = csvRows(renderCsv('app-usage-summary', [{ name: 'audit2rbac', report }]));
    expect(summary['stable untested']).toBe('');
    expect(summary['stable conformance unknown']).toBe(String(stable));
    // A report made before the count was added reads, renders and merges the same.
    const old = structuredClone(report);
    delete old.summary.stableConformanceUnknown;
    expect(reportProblem(old)).toBeNull();
    expect(renderMarkdown(old, { marker: '<!-- apisnoop:comment -->' })).toBe(md);
    expect(renderCsv('app-usage-summary', [{ name: 'audit2rbac', report: old }])).toBe(renderCsv('app-usage-summary', [{ name: 'audit2rbac', report }]));
    expect(mergeReports([old]).summary.stableConformanceUnknown).toBe(stable);
    expect(reportProblem({ ...old, summary: { ...old.summary, stableConformanceUnknown: 'none' } })).toBe('summary.stableConformanceUnknown is not a number');
  });

  it('is a valid page whose tables account for every operation', () => {
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(() => tables(md)).not.toThrow();
    expect(detailsBalanced(md)).toBe(true);
    expect(unsafeMarkup(md, '<!-- apisnoop:comment -->')).toEqual([]);
    const ops = sections(md).find((s) => s.heading.startsWith('All operations used'))!;
    expect(ops.shown).toBe(report.operations.length);
    expect(ops.heading).toContain(`(${report.operations.length} operations, ${report.summary.matched} requests)`);
    // Discovery of v1beta1 groups that later releases dropped is shown among the operations, not as a risk.
    // (No section at all when there is none: the page says so in a line.)
    const risks = sections(md).find((s) => s.heading.startsWith('Deprecated'));
    expect(risks?.shown ?? 0).toBe(report.operations.filter((o) => !o.discovery && (o.deprecated || o.removedIn)).length);
    if (!risks) expect(md).toContain('Nothing the app uses is deprecated or removed');
  });

  it('writes one endpoints row per operation and categories that add up to the summary', () => {
    const endpoints = csvRows(renderCsv('app-usage-endpoints', [{ name: 'audit2rbac', report }]));
    expect(endpoints).toHaveLength(report.operations.length);
    expect(endpoints.reduce((n, r) => n + Number(r.hits), 0)).toBe(report.summary.matched);
    const categories = csvRows(renderCsv('app-usage-categories', [{ name: 'audit2rbac', report }]));
    expect(categories.reduce((n, r) => n + Number(r.operations), 0)).toBe(
      report.summary.byLevel.stable.operations + report.summary.byLevel.beta.operations + report.summary.byLevel.alpha.operations,
    );
    const [summary] = csvRows(renderCsv('app-usage-summary', [{ name: 'audit2rbac', report }]));
    expect(Number(summary.stable)).toBe(report.summary.byLevel.stable.operations);
    expect(summary.verdict).toBe(report.verdict.pass ? 'pass' : 'fail');
    for (const e of EXPORTERS) expect(renderCsv(e, [{ name: 'audit2rbac', report }]).endsWith('\r\n')).toBe(true);
  });
});

describe('two real logs side by side in the coverage spreadsheet', () => {
  it('counts each operation once, with both apps\' hits', async () => {
    const [a, b] = await Promise.all(
      [demoV1, demo2017].map((log) => analyzeLogs({ logs: [log], spec, selection: { includeSystem: true }, conformance: 'none' })),
    );
    const rows = csvRows(renderCsv('coverage-spreadsheet', [{ name: 'v1', report: a }, { name: '2017', report: b }]));
    const ids = new Set([...a.operations, ...b.operations].map((o) => `${o.operationId} ${o.method} ${o.path}`));
    expect(rows).toHaveLength(ids.size);
    expect(rows.reduce((n, r) => n + Number(r['v1 hits']), 0)).toBe(a.summary.matched);
    expect(rows.reduce((n, r) => n + Number(r['2017 hits']), 0)).toBe(b.summary.matched);
  });
});
