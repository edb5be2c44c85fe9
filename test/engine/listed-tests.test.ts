// The e2e tests listed per operation and the response codes counted per operation are bounded: a log of made-up test
// names or codes (the scale audit's million) does not grow memory or the report with it, and the report says so.
// The verdict and the conformance figures count every test seen, listed or not (the log: e2e-tests-log.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Analysis } from '../../src/engine/analysis.js';
import { MAX_LISTED_TESTS, OTHER_CODES } from '../../src/engine/coverage.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { OperationUsage, Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { MORE_LISTED, renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { generated, lateConformance, lines } from '../helpers/e2e-tests-log.js';
import { analyzeLines, loadFixtureSpec, scratchDir } from '../helpers/fixtures.js';
import { oneAndTwoThreads } from '../helpers/threads.js';

let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.33');
});
const options = (): ConstructorParameters<typeof Analysis>[0] => ({ spec, selection: { e2e: true } });
const op = (r: Report, operationId: string): OperationUsage => r.operations.find((o) => o.operationId === operationId)!;

describe('the tests listed per operation: the first 10,000 in order, and a flag when there were more', () => {
  it('lists the first in order, says more, and still counts the [Conformance] tests it does not list', () => {
    expect(lateConformance.length).toBeGreaterThan(50);
    const r = analyzeLines(lines, options());
    const read = op(r, 'readCoreV1Node');
    expect(read.tests).toStrictEqual(generated);
    expect(read.testsTruncated).toBe(true);
    expect(read.tests.some((t) => t.includes('[Conformance]'))).toBe(false);
    // A [Conformance] test hit it: conformance tested, though none listed is one.
    expect(read.conformanceTested).toBe(true);
    expect(read.tested).toBe(true);
    // Exactly the cap: all listed, no flag.
    const list = op(r, 'listCoreV1Node');
    expect(list.tests).toStrictEqual(generated);
    expect('testsTruncated' in list).toBe(false);
    expect(list.conformanceTested).toBe(false);
    expect(reportProblem(JSON.parse(JSON.stringify(r)))).toBeNull();
    expect(reportProblem({ ...r, operations: [{ ...read, testsTruncated: 'yes' }] })).toMatch(/operations\[0\]\.testsTruncated is not a boolean/);
  });

  it('counts codes that are no HTTP status together, as "other"', () => {
    const r = analyzeLines(lines, options());
    const list = op(r, 'listCoreV1Node');
    expect(list.codes).toStrictEqual({ '200': MAX_LISTED_TESTS / 10, [OTHER_CODES]: MAX_LISTED_TESTS - MAX_LISTED_TESTS / 10 });
    expect(op(r, 'readCoreV1Node').codes).toStrictEqual({ '200': generated.length + lateConformance.length });
  });

  it('merge(analyze(a), analyze(b)) equals analyze(a+b); merge folds an earlier report’s codes and cuts its tests', () => {
    const a = lines.filter((_, i) => i % 3 === 0);
    const b = lines.filter((_, i) => i % 3 !== 0);
    const whole = analyzeLines(lines, options(), 'whole.log');
    const { parts: _parts, ...kept } = mergeReports([analyzeLines(a, options(), 'a.log'), analyzeLines(b, options(), 'b.log')]);
    expect(JSON.stringify({ ...kept, inputs: whole.inputs })).toBe(JSON.stringify(whole));
    // As a build before the caps wrote it: every test and every code, no flag.
    const every = [...generated, ...lateConformance].sort();
    const old: Report = {
      ...whole,
      operations: whole.operations.map((o) => (o.operationId === 'readCoreV1Node' ? (({ testsTruncated: _t, ...rest }) => ({ ...rest, tests: every, codes: { '200': 5, '1001': 2, '0': 1 } }))(o) : o)),
    };
    const merged = op(mergeReports([old]), 'readCoreV1Node');
    expect(merged.tests).toStrictEqual(every.slice(0, MAX_LISTED_TESTS));
    expect(merged.testsTruncated).toBe(true);
    expect(merged.codes).toStrictEqual({ '200': 5, [OTHER_CODES]: 3 });
  });

  it('worker threads over byte ranges give the same report as one thread', async () => {
    const file = path.join(scratchDir('listed-tests'), 'tests.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const { sequential, parallel, outcome } = await oneAndTwoThreads(file, options, spec, 256 << 10);
    expect(outcome.exact).toBe(true);
    for (const n of outcome.rangesParsed!) expect(n).toBeGreaterThan(1);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
    expect(op(sequential, 'readCoreV1Node')).toMatchObject({ testsTruncated: true, conformanceTested: true });
  });

  it('report.md and the CSV say the list goes on', () => {
    const r = analyzeLines(lines, options());
    // list nodes is stable and no conformance test hit it: report.md's untested table lists its first tests.
    const cut: Report = { ...r, operations: r.operations.map((o) => (o.operationId === 'listCoreV1Node' ? { ...o, testsTruncated: true as const } : o)) };
    expect(renderMarkdown(cut)).toContain(`+over ${MAX_LISTED_TESTS - 3} more`);
    expect(renderMarkdown(r)).toContain(`+${MAX_LISTED_TESTS - 3} more`);
    expect(renderMarkdown(r)).not.toContain('+over');
    const csv = renderCsv('app-usage-endpoints', [{ name: 'e2e', report: r }]).split('\r\n');
    const readRow = csv.find((row) => row.includes('readCoreV1Node'))!;
    const listRow = csv.find((row) => row.includes('listCoreV1Node'))!;
    expect(readRow).toMatch(new RegExp(`\\n${MORE_LISTED.replace(/[()]/g, '\\$&')}"`));
    expect(listRow).not.toContain(MORE_LISTED);
  });
});
