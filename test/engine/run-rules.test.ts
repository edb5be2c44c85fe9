// The run rules of the verdict (fail-on empty, invalid) on real logs: they judge the run, not an operation, and have a
// place of their own in the report (verdict.runFailures), added within schema 1 without changing what was there.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Analysis } from '../../src/engine/analysis.js';
import { mergeReports } from '../../src/engine/merge.js';
import { SCHEMA_VERSION, type Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { emptyPartsReason, judge, parseFailOn, runFailureHeadline } from '../../src/engine/verdict.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { grouped } from '../../src/engine/grouped.js';
import { cutMessage } from '../../src/sources/audit-files.js';
import { noZstdMessage, RefusedInput, refusedMessage, type Refused } from '../../src/sources/compression.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeFiles, analyzeLines, AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, loadFixtureSpec, readLines, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';

/** Two shards of a log by the first hex digit of the auditID (no request straddles them), as merge.test.ts splits. */
function splitByAuditId(all: string[]): [string[], string[]] {
  const first = (l: string): string => (JSON.parse(l) as { auditID: string }).auditID[0]!;
  return [all.filter((l) => first(l) < '8'), all.filter((l) => first(l) >= '8')];
}

let spec113: Spec;
let lines: string[];
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
  lines = readLines(AUDIT2RBAC_2017);
});

const NOTHING = { namespaces: ['no-such-ns'] };
const EMPTY_WHY =
  'none of the 437 requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request';

describe('fail-on empty and invalid', () => {
  it('are rules --fail-on takes, with the operation rules and alone; not in the default', () => {
    expect(parseFailOn('alpha,beta,empty,invalid')).toEqual(['alpha', 'beta', 'empty', 'invalid']);
    expect(parseFailOn('INVALID')).toEqual(['invalid']);
    expect(() => parseFailOn('emtpy')).toThrow('fail-on: unknown rule "emtpy" (use alpha, beta, deprecated, removed, empty, invalid, or none)');
    const r = analyzeLines(lines, { spec: spec113, selection: NOTHING });
    expect(r.verdict).toEqual({ pass: true, policy: { failOn: ['alpha', 'beta'], allow: [] }, violations: [] });
  });

  it('empty: a selection that keeps none of the 437 requests fails, with no violation made up for it', () => {
    const r = analyzeLines(lines, { spec: spec113, selection: NOTHING, policy: { failOn: ['alpha', 'beta', 'empty'] } });
    expect(r.summary).toMatchObject({ requests: 437, selected: 0 });
    expect(r.verdict).toEqual({
      pass: false,
      policy: { failOn: ['alpha', 'beta', 'empty'], allow: [] },
      violations: [],
      runFailures: [{ rule: 'empty', why: EMPTY_WHY }],
    });
    // The same log selected (4 requests in ns1): nothing to say.
    const some = analyzeLines(lines, { spec: spec113, selection: { namespaces: ['ns1'] }, policy: { failOn: ['empty'] } });
    expect(some.summary.selected).toBe(4);
    expect(some.verdict).toEqual({ pass: true, policy: { failOn: ['empty'], allow: [] }, violations: [] });
  });

  it('invalid: the lines that are not audit events fail it, the first named; the rest of the log still counts', () => {
    const broken = [...lines.slice(0, 10), 'garbage', ...lines.slice(10, 20), '{"kind":"Event"', ...lines.slice(20)];
    const r = analyzeLines(broken, { spec: spec113, policy: { failOn: ['invalid'] } }, 'broken.log');
    expect(r.summary).toMatchObject({ invalidLines: 2, requests: 437 });
    expect(r.verdict.pass).toBe(false);
    expect(r.verdict.runFailures).toEqual([{ rule: 'invalid', why: `2 input lines were not usable as audit events (the first: broken.log:11: ${r.invalid[0]!.message})` }]);
    expect(r.invalid[0]!.message).toMatch(/^not JSON: /);
    // Both run rules broken: each said, empty first, beside the operation violations.
    const both = analyzeLines(broken, { spec: spec113, selection: NOTHING, policy: { failOn: ['invalid', 'empty', 'beta'] } }, 'broken.log');
    expect(both.verdict.runFailures!.map((f) => f.rule)).toEqual(['empty', 'invalid']);
    const removed = deriveRemovedApiLog();
    const all = analyzeLines([...removed.slice(0, 10), 'garbage', ...removed.slice(10)], { spec: spec113, policy: { failOn: ['removed', 'invalid'] } }, 'removed.log');
    expect(all.verdict.violations.length).toBeGreaterThan(0);
    expect(all.verdict.runFailures!.map((f) => f.rule)).toEqual(['invalid']);
  });

  it('the first line named is the first the report lists, also where a broken object is said after the lines inside it', async () => {
    // A real event, indented, inside a '[' never closed (an array dump cut off), then a bad line and an object cut off.
    const event = JSON.stringify(JSON.parse(readLines(AUDIT2RBAC_V1)[0]!), null, 1).split('\n');
    const file = path.join(scratchDir('run-rules'), 'dump.json');
    writeFileSync(file, ['[', ...event, 'not json', ...event.slice(0, 3)].join('\n') + '\n');
    const r = await analyzeFiles([file], { spec: spec113, policy: { failOn: ['invalid'] } });
    expect(r.summary.events).toBe(1);
    expect(r.invalid[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^"\[" opens an object not closed at end of file/) });
    expect(r.verdict.runFailures).toEqual([{ rule: 'invalid', why: `${r.summary.invalidLines} input lines were not usable as audit events (the first: ${file}:1: ${r.invalid[0]!.message})` }]);
    // As merge judges the same report.
    expect(mergeReports([r]).verdict).toEqual(r.verdict);
  });

  it('an input cut short is named before the invalid lines ahead of it', () => {
    const r = analyzeLines(lines.slice(0, 50), { spec: spec113 }, 'cut.log.gz');
    const run = { ...r, summary: { ...r.summary, invalidLines: 2 } };
    run.invalid = [
      { file: 'cut.log.gz', line: 50, message: 'not JSON: Unterminated string in JSON at position 90' },
      { file: 'cut.log.gz', line: 51, message: 'truncated gzip after line 50: unexpected end of file; the lines before it were read' },
    ];
    expect(judge(r.operations, { failOn: ['invalid'], allow: [] }, run).runFailures).toEqual([
      {
        rule: 'invalid',
        why: 'an input was cut short or could not be read (cut.log.gz:51: truncated gzip after line 50: unexpected end of file; the lines before it were read); 2 invalid input lines in all',
      },
    ]);
  });

  it("every way the reader says an input broke off or was not read (cutMessage: truncated, corrupt, a read error, a format not read) is recognised as one", () => {
    const r = analyzeLines(lines.slice(0, 50), { spec: spec113 }, 'x.log');
    const refused: Refused[] = ['bzip2', 'xz', 'lz4', '7z', 'zip', 'tar'];
    const errors = [
      Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' }),
      Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }),
      Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }),
      Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR', compression: 'zstd' }),
      Object.assign(new Error('Data corruption detected'), { code: 'ZSTD_error_corruption_detected', compression: 'zstd' }),
      Object.assign(new Error("Restored data doesn't match checksum"), { code: 'ZSTD_error_checksum_wrong', compression: 'zstd' }),
      ...refused.map((f) => new RefusedInput(refusedMessage(f, 'x.log'))),
      new RefusedInput(refusedMessage('tar', 'x.log', 'zstd')),
      new RefusedInput(noZstdMessage('x.log')),
    ];
    for (const err of errors) {
      const message = cutMessage(err, 50);
      const run = { ...r, summary: { ...r.summary, invalidLines: 1 }, invalid: [{ file: 'x.log', line: 51, message }] };
      expect(judge(r.operations, { failOn: ['invalid'], allow: [] }, run).runFailures).toEqual([
        { rule: 'invalid', why: `an input was cut short or could not be read (x.log:51: ${message})` },
      ]);
    }
  });

  it('merge judges the whole: empty when no report selected anything, invalid when any had invalid input', () => {
    const [a, b] = splitByAuditId(lines);
    const none = (part: string[], name: string): Report => analyzeLines(part, { spec: spec113, selection: NOTHING, policy: { failOn: [] } }, name);
    const [ra, rb] = [none(a, 'a.log'), none(b, 'b.log')];
    expect([ra.verdict.pass, rb.verdict.pass]).toEqual([true, true]);
    const merged = mergeReports([ra, rb], { failOn: ['empty'] });
    expect(merged.verdict).toEqual({ pass: false, policy: { failOn: ['empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why: EMPTY_WHY }] });
    // One shard selected its requests, the other none: the whole selected some, but that shard judged nothing, which
    // the summed counts hid (a matrix leg of a wrong namespace). Named, with what it read; and again when the merged
    // report is merged once more (a fan-in read back by the comment workflow of fork PRs), by its parts.
    const rbAll = analyzeLines(b, { spec: spec113 }, 'b.log');
    const mixed = mergeReports([ra, rbAll], { failOn: ['empty'] });
    const why = `1 of the 2 reports merged selected no request (report 1 (a.log), ${ra.summary.requests} requests read, namespace no-such-ns): the merged verdict judged nothing of its logs`;
    expect(mixed.verdict).toEqual({ pass: false, policy: { failOn: ['empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why }] });
    expect(mergeReports([mixed]).verdict.runFailures).toEqual([{ rule: 'empty', why }]);
    // Read back as a report file: its parts are checked (a fork's report is anyone's: a name is said in the step's error).
    const read = JSON.parse(JSON.stringify(mixed)) as Report;
    expect(reportProblem(read)).toBeNull();
    expect(reportProblem({ ...read, parts: [{ name: 'leg\n::error::forged', requests: 1, selected: 0 }] })).toBe('parts[0] is not {name, requests, selected} (a name of one line)');
    expect(reportProblem({ ...read, parts: [{ name: 'leg', requests: 1 }] })).toBe('parts[0] is not {name, requests, selected} (a name of one line)');
    // Each part tells its filter (and app): a report made before parts did reads too.
    expect(read.parts!.map((p) => p.filter)).toEqual(['namespace no-such-ns', '(no filter)']);
    expect(reportProblem({ ...read, parts: read.parts!.map(({ filter: _f, ...p }) => p) })).toBeNull();
    expect(reportProblem({ ...read, parts: [{ name: 'leg', requests: 1, selected: 0, filter: ['x'] }] })).toBe("parts[0]'s filter and app are not strings");
    expect(mergeReports([ra, rbAll], { failOn: [] }).verdict.pass).toBe(true);
    expect(mergeReports([rbAll, rbAll], { failOn: ['empty'] }).verdict.pass).toBe(true);
    // A shard with a bad line makes the whole invalid; its report's own verdict (no such rule) is not what counts.
    const rbBad = analyzeLines([...b.slice(0, 3), 'garbage', ...b.slice(3)], { spec: spec113, policy: { failOn: [] } }, 'b.log');
    expect(rbBad.verdict.pass).toBe(true);
    const invalid = mergeReports([rbAll, rbBad], { failOn: ['invalid', 'empty'] });
    expect(invalid.verdict.runFailures).toEqual([{ rule: 'invalid', why: `1 input line was not usable as an audit event (the first: b.log:4: ${rbBad.invalid[0]!.message})` }]);
  });
});

/** k shards of a log in file order, each request whole in one (cut by the place its auditID first appears). */
function splitByRequest(all: string[], k: number): string[][] {
  const place = new Map<string, number>();
  for (const l of all) {
    const id = (JSON.parse(l) as { auditID: string }).auditID;
    if (!place.has(id)) place.set(id, place.size);
  }
  const size = Math.ceil(place.size / k);
  const shards = Array.from({ length: k }, (): string[] => []);
  for (const l of all) shards[Math.floor(place.get((JSON.parse(l) as { auditID: string }).auditID)! / size)]!.push(l);
  return shards;
}

describe('fail-on empty on merged reports: each report judged on its own, shards of one log too', () => {
  it("a shard or leg that selected nothing fails the merge, named with its filter, even beside one of the same app and filter that selected some", async () => {
    // hkerma's kube-flannel service accounts sent 9 requests, all in the first third of the log.
    const spec130 = await loadFixtureSpec('1.30');
    const { lines: hk } = convertHkermaCsv(HKERMA_CSV);
    const opts = (serviceAccounts: string[]) => ({ spec: spec130, selection: { serviceAccounts }, policy: { failOn: ['empty' as const] } });
    const whole = analyzeLines(hk, opts(['kube-flannel:*']), 'whole.log');
    const shards = splitByRequest(hk, 3).map((l, i) => analyzeLines(l, opts(['kube-flannel:*']), `s${i}.log`));
    expect(shards.map((r) => [r.summary.requests > 5000, r.summary.selected, r.verdict.pass])).toEqual([
      [true, 9, true],
      [true, 0, false],
      [true, 0, false],
    ]);
    expect(whole.verdict).toEqual({ pass: true, policy: { failOn: ['empty'], allow: [] }, violations: [] });
    // A merge cannot tell these shards from two more clusters of the same chart and filter whose app sent nothing (the
    // case fail-on empty is there for): the two that selected nothing fail it, whatever the order, merged in steps too.
    const why = (a: number, b: number): string =>
      `2 of the 3 reports merged selected no request (report ${a} (s${a - 1}.log), ${grouped(shards[a - 1]!.summary.requests)} requests read, service account kube-flannel:*; ` +
      `report ${b} (s${b - 1}.log), ${grouped(shards[b - 1]!.summary.requests)} requests read, service account kube-flannel:*): the merged verdict judged nothing of their logs`;
    const merged = mergeReports(shards);
    expect(merged.verdict.runFailures).toEqual([{ rule: 'empty', why: why(2, 3) }]);
    expect(runFailureHeadline(merged.verdict.runFailures![0]!, merged)).toBe('2 merged reports selected nothing');
    expect(renderMarkdown(merged)).toContain('❌ **The gate failed because 2 merged reports selected nothing** (fail-on **empty**)');
    // Everything else is the whole log's.
    for (const m of [merged, mergeReports([...shards].reverse()), mergeReports([mergeReports(shards.slice(1)), shards[0]!])]) {
      expect(m.verdict.pass).toBe(false);
      expect({ ...m, inputs: whole.inputs, parts: undefined, verdict: whole.verdict }).toEqual(whole);
    }
    // Without empty in the merge's policy, the verdict is the whole log's too.
    expect(mergeReports(shards, { failOn: [] }).verdict).toEqual({ ...whole.verdict, policy: { failOn: [], allow: [] } });
    // Parts of a report merged before parts told their filter are named without it.
    const before = mergeReports([{ ...merged, parts: merged.parts!.map(({ filter: _f, ...p }) => p) }]);
    expect(before.verdict.runFailures?.[0]?.why).toMatch(/^2 of the 3 reports merged selected no request \(report 2 \(s1\.log\), [\d,]+ requests read; /);
    // One leg's filter kept something: the headline says one merged report selected nothing, not that nothing was.
    const typo = analyzeLines(hk, opts(['kube-flanel:*']), 'typo.log');
    const failing = mergeReports([shards[0]!, typo]);
    expect(failing.summary.selected).toBe(9);
    expect(failing.verdict.runFailures).toEqual([
      { rule: 'empty', why: '1 of the 2 reports merged selected no request (report 2 (typo.log), 16,474 requests read, service account kube-flanel:*): the merged verdict judged nothing of its logs' },
    ]);
    expect(runFailureHeadline(failing.verdict.runFailures![0]!, failing)).toBe('a merged report selected nothing');
    // Nothing selected at all: said so.
    const none = mergeReports([typo, typo].map((r, i) => ({ ...r, inputs: [`t${i}.log`], inputIds: undefined })));
    expect(none.summary.selected).toBe(0);
    expect(runFailureHeadline(none.verdict.runFailures![0]!, none)).toBe('nothing was selected');
  });
});

describe('emptyPartsReason', () => {
  it('says a part of one request read in the singular', () => {
    const parts = [
      { name: 'a.json', requests: 1, selected: 0 },
      { name: 'b.json', requests: 1200, selected: 0 },
    ];
    expect(emptyPartsReason(parts, 3)).toBe('2 of the 3 reports merged selected no request (a.json, 1 request read; b.json, 1,200 requests read): the merged verdict judged nothing of their logs');
  });
});

describe('where an input broke off, past the thousand invalid lines listed', () => {
  it('is listed by the analysis and by merge alike, so fail-on invalid names it', () => {
    const garbage = (file: string, n: number): Array<[string, number, string]> => Array.from({ length: n }, (_, i) => [file, i + 1, 'not JSON: garbage'] as [string, number, string]);
    const cut = (file: string, line: number): [string, number, string] => [file, line, `truncated gzip after line ${line - 1}: unexpected end of file; the lines before it were read`];
    const a = [...garbage('a.log.gz', 1001), cut('a.log.gz', 1002)];
    const b = [...garbage('b.log.gz', 5), cut('b.log.gz', 6)];
    const analyzed = (inputs: Array<Array<[string, number, string]>>): Report => {
      const analysis = new Analysis({ spec: spec113, policy: { failOn: ['invalid'], allow: [] } });
      for (const lines of inputs) {
        analysis.input(lines[0]![0]);
        for (const [file, line, message] of lines) analysis.invalidLine(file, line, message);
      }
      return analysis.finish();
    };
    // A file in a format not read is one entry, listed as a cut is.
    const xz: Array<[string, number, string]> = [['c.log.xz', 1, refusedMessage('xz', 'c.log.xz')]];
    const whole = analyzed([a, b, xz]);
    expect(whole.invalid).toHaveLength(1003);
    expect(whole.invalid.slice(1000).map((l) => l.message)).toEqual([cut('a.log.gz', 1002)[2], cut('b.log.gz', 6)[2], xz[0]![2]]);
    expect(whole.verdict.runFailures![0]!.why).toBe(`an input was cut short or could not be read (a.log.gz:1002: ${cut('a.log.gz', 1002)[2]}); 1,009 invalid input lines in all`);
    const merged = mergeReports([analyzed([a]), analyzed([b]), analyzed([xz])]);
    expect(merged.invalid).toEqual(whole.invalid);
    expect(merged.verdict).toEqual(whole.verdict);
  });
});

describe('report.json: runFailures is an addition within schema 1', () => {
  it('is written only when a run rule is broken: every other report keeps the shape it had', () => {
    const failing = analyzeLines(lines, { spec: spec113, selection: NOTHING, policy: { failOn: ['empty'] } });
    const passing = analyzeLines(lines, { spec: spec113, policy: { failOn: ['empty', 'invalid'] } });
    expect(failing.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(1);
    expect(Object.keys(passing.verdict)).toEqual(['pass', 'policy', 'violations']);
    expect(Object.keys(failing.verdict)).toEqual(['pass', 'policy', 'violations', 'runFailures']);
    // Read back: both, and a report made before the rules existed.
    expect(reportProblem(JSON.parse(JSON.stringify(failing)))).toBeNull();
    expect(reportProblem(JSON.parse(JSON.stringify(passing)))).toBeNull();
    const before = structuredClone(failing);
    delete before.verdict.runFailures;
    before.verdict.policy.failOn = ['alpha', 'beta'];
    expect(reportProblem(before)).toBeNull();
  });

  it('a runFailures that is not {rule, why} is refused, naming the place', () => {
    const r = analyzeLines(lines, { spec: spec113, selection: NOTHING, policy: { failOn: ['empty'] } });
    const bad = (runFailures: unknown): unknown => ({ ...r, verdict: { ...r.verdict, runFailures } });
    expect(reportProblem(bad('empty'))).toBe('verdict.runFailures is not a list');
    expect(reportProblem(bad([{ rule: 3, why: 'x' }]))).toBe('verdict.runFailures[0] is not {rule, why}');
    expect(reportProblem(bad([{ rule: 'empty' }]))).toBe('verdict.runFailures[0] is not {rule, why}');
    // A rule a later version adds still reads (within schema 1, fields and names are only added).
    expect(reportProblem(bad([{ rule: 'stale-spec', why: 'x' }]))).toBeNull();
  });
});
