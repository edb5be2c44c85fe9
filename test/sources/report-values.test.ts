// A report.json read back (merge, export) whose values the shipped schema refuses is refused, naming the file and the
// place: merge added them up and wrote a report.json that failed the schema (1e400 requests became null, 1.5 hits
// 25.5). Fields the schema does not know (a later apisnoop's) are read, and left out of a merged report, said once.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import { SCHEMA_KEYWORDS } from '../../src/engine/report-shape.js';
import type { Report } from '../../src/engine/report.js';
import { reportFromBytes } from '../../src/sources/report-file.js';
import { runCli } from '../helpers/cli.js';
import { AUDIT2RBAC_V1, scratchDir } from '../helpers/fixtures.js';
import { reportSchema, schemaErrors } from '../helpers/report-schema.js';

const dir = scratchDir('report-values');
let report: Report;
let text: string;
beforeAll(async () => {
  report = await analyzeLogs({ logs: [AUDIT2RBAC_V1], kubernetesVersion: '1.33', conformance: 'none' });
  text = JSON.stringify(report, null, 2);
  expect(schemaErrors(report)).toEqual([]);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hand edits that break the Report type are the point
type Loose = any;

/** The report with one value changed by `edit` (on a copy), as its file's text. */
const edited = (edit: (r: Loose) => void): string => {
  const r = structuredClone(report) as Loose;
  edit(r);
  return JSON.stringify(r);
};
const problem = (json: string): string => {
  try {
    reportFromBytes('m/x.json', Buffer.from(json));
  } catch (err) {
    return (err as Error).message;
  }
  return 'read';
};

describe('a report whose values break the schema', () => {
  it('is refused, naming the file and the place', () => {
    const requests = `"requests": ${report.summary.requests},`;
    expect(text).toContain(requests);
    const cases: Array<[string, string]> = [
      // JSON.parse reads 1e400 as Infinity, which JSON.stringify writes as null.
      [text.replace(requests, '"requests": 1e400,'), 'summary.requests is not a whole number'],
      [text.replace(requests, '"requests": -3,'), 'summary.requests is not a whole number'],
      [edited((r) => (r.operations[1].hits = 1.5)), 'operations[1].hits is not a whole number'],
      [edited((r) => (r.summary.byLevel.stable.hits = 2.5)), 'summary.byLevel.stable.hits is not a whole number'],
      [edited((r) => (r.operations[0].codes = { '200': 'abc' })), 'operations[0].codes["200"] is not a whole number'],
      [edited((r) => (r.operations[0].verbs = { list: null })), 'operations[0].verbs.list is not a whole number'],
      [edited((r) => (r.operations[0].firstSeen = 12345)), 'operations[0].firstSeen is not a string or null'],
      [edited((r) => (r.operations[0].lastSeen = true)), 'operations[0].lastSeen is not a string or null'],
      [edited((r) => (r.invalid = [{ file: 'a.log', line: 2.5, message: 'x' }])), 'invalid[0].line is not a whole number'],
      [edited((r) => (r.specs[0].operations = 0.5)), 'specs[0].operations is not a whole number'],
    ];
    for (const [json, place] of cases) expect(problem(json)).toBe(`m/x.json: not an apisnoop report.json: ${place}`);
    // An unmatched reason outside its enum (the log has none unmatched: one added).
    const bogus = edited((r) => (r.unmatched = [{ pattern: '/x', verb: 'get', reason: 'bogus', count: 1, userAgents: [] }]));
    expect(problem(bogus)).toBe(
      'm/x.json: not an apisnoop report.json: unmatched[0].reason "bogus" is not one of non-resource-url, unknown-group-version, unknown-resource, method-not-allowed, unknown-verb, malformed-uri',
    );
    // The report as analyze wrote it reads, and so does one without the fields added within schema 1.
    expect(problem(text)).toBe('read');
    expect(problem(edited((r) => (delete r.inputIds, delete r.summary.removedAlready, delete r.operations[0].conformanceIneligible)))).toBe('read');
  });

  it('is refused by merge (exit 2), which wrote one that failed the schema', async () => {
    const file = path.join(dir, 'inf.json');
    const other = path.join(dir, 'report.json');
    writeFileSync(file, text.replace(`"requests": ${report.summary.requests},`, '"requests": 1e400,'));
    writeFileSync(other, text);
    const r = await runCli(['merge', file, other, '--out', path.join(dir, 'out')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`apisnoop: ${file}: not an apisnoop report.json: summary.requests is not a whole number`);
  });
});

describe('a report with fields the schema does not know', () => {
  const extra = (): Report =>
    JSON.parse(
      edited((r) => {
        r.foo = 1;
        r.selection.yy = true;
        r.summary.bar = 2;
        r.operations.forEach((o: Record<string, unknown>) => (o.baz = 'x'));
        r.invalid = [{ file: 'a.log', line: 2, message: 'x', ww: 1 }];
        r.verdict.zz = 3;
        r.tool.later = 'x';
      }),
    ) as Report;

  it('reads (a later apisnoop of the same schemaVersion may add fields), and merge leaves them out, saying which once, naming the file', () => {
    const later = extra();
    expect(problem(JSON.stringify(later))).toBe('read');
    const before = JSON.stringify(later);
    const notes: string[] = [];
    const merged = mergeReports([later, { ...report, inputs: ['other.log'], inputIds: undefined }], undefined, (n) => notes.push(n), ['m/extra.json', 'r/report.json']);
    expect(schemaErrors(merged)).toEqual([]);
    expect(notes.filter((n) => n.includes('does not know'))).toEqual([
      "m/extra.json: fields this apisnoop does not know, left out of the merged report (a later apisnoop's, or added by hand): tool.later, selection.yy, summary.bar, operations[].baz, invalid[].ww, verdict.zz, foo",
    ]);
    // The report read is left as it was.
    expect(JSON.stringify(later)).toBe(before);
    // A report with none: nothing said, and the same merge as before.
    const plain: string[] = [];
    expect(schemaErrors(mergeReports([report], undefined, (n) => plain.push(n)))).toEqual([]);
    expect(plain).toEqual([]);
  });

  it('merged by the CLI: a report.json the shipped schema accepts', async () => {
    const file = path.join(dir, 'extra.json');
    writeFileSync(file, JSON.stringify(extra()));
    const out = path.join(dir, 'extra-out');
    const r = await runCli(['merge', file, '--out', out]);
    expect(r.stderr).toContain(`warning: ${file}: fields this apisnoop does not know, left out of the merged report`);
    expect(schemaErrors(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')))).toEqual([]);
  });
});

describe('the shipped schema', () => {
  it('uses only the keywords the check reads (one it does not would pass unchecked)', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      for (const [k, v] of Object.entries(node)) {
        used.add(k);
        // Under properties and definitions the keys are names; their values are schemas.
        if (k === 'properties' || k === 'definitions') Object.values(v as object).forEach(walk);
        else if (k !== 'enum' && k !== 'const') walk(v);
      }
    };
    const { $schema: _s, $id: _i, title: _t, definitions, ...root } = reportSchema;
    walk(root);
    walk({ definitions });
    used.delete('definitions');
    expect([...used].filter((k) => !(SCHEMA_KEYWORDS as readonly string[]).includes(k))).toEqual([]);
  });
});
