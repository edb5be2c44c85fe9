// `apisnoop merge`: the reports of two shards of a real log (split by auditID, so no request straddles them)
// merge into exactly the report of analysing both shards together.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { AUDIT2RBAC_V1, scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('cli-merge');
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

// The 2017 audit2rbac log on removed APIs, so that the merged verdict has violations to recompute.
const lines = deriveRemovedApiLog();
const shardA = write('shard-a.log', lines.filter((l) => (JSON.parse(l) as { auditID: string }).auditID[0] < '8').join('\n') + '\n');
const shardB = write('shard-b.log', lines.filter((l) => (JSON.parse(l) as { auditID: string }).auditID[0] >= '8').join('\n') + '\n');
/** What JSON.parse says of the text. */
const jsonError = (text: string): string => {
  try {
    JSON.parse(text);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};
const ANALYZE = ['--spec', specPath('1.13'), '--conformance', 'none', '--fail-on', 'removed', '--format', 'json', '-q'];

/**
 * merge ends as analyze does, with the merged whole in one line (PASS or FAIL) and the first violations, one a line:
 * checked here, then left out, so that the exact comparisons below are of what else merge said.
 */
function besidesSummary(r: { stderr: string; exitCode?: number }, verdict: 'PASS' | 'FAIL'): string {
  const lines = r.stderr.split('\n');
  const summary = lines.filter((l) => /^(PASS|FAIL): \d+ requests, /.test(l));
  expect(summary, r.stderr).toHaveLength(1);
  expect(summary[0]!.startsWith(`${verdict}: `), summary[0]).toBe(true);
  const closing = (l: string): boolean => l === summary[0] || /^violation \w/.test(l) || /^… and \d+ more violations? \(the report lists them all\)$/.test(l);
  return lines.filter((l) => !closing(l)).join('\n');
}

describe('apisnoop merge', () => {
  it('merge(analyze(a), analyze(b)) equals analyze(a, b); the merged verdict fails with exit 1', async () => {
    const [ra, rb, whole] = await Promise.all([
      runCli(['analyze', shardA, ...ANALYZE]),
      runCli(['analyze', shardB, ...ANALYZE]),
      runCli(['analyze', shardA, shardB, ...ANALYZE]),
    ]);
    for (const r of [ra, rb, whole]) expect(r.exitCode, r.stderr).toBe(1);
    const a = parseStdout<Report>(ra);
    const b = parseStdout<Report>(rb);
    expect(a.summary.requests + b.summary.requests).toBe(437);
    expect(a.summary.requests).toBeGreaterThan(100);
    expect(b.summary.requests).toBeGreaterThan(100);
    const fileA = write('a.json', ra.stdout);
    const fileB = write('b.json', rb.stdout);

    const merged = await runCli(['merge', fileA, fileB]);
    expect(merged.exitCode, merged.stderr).toBe(1);
    const m = parseStdout<Report>(merged);
    const w = parseStdout<Report>(whole);
    expect(m.inputs).toEqual([shardA, shardB]);
    // Besides its parts (each report's own counts), as its inputs differ.
    // Each named by the file it was read from, as the user gave it (it was "report 1 (shard-a.log)").
    expect(m.parts!.map((p) => [p.name, p.requests])).toEqual([[fileA, parseStdout<Report>(ra).summary.requests], [fileB, parseStdout<Report>(rb).summary.requests]]);
    expect({ ...m, parts: undefined }).toEqual(w);
    expect(m.summary).toMatchObject({ requests: 437, events: 757, matched: 437 });
    // Its last line is analyze's of the logs together, and -q says nothing.
    const wholeSaid = await runCli(['analyze', shardA, shardB, ...ANALYZE.filter((x) => x !== '-q')]);
    expect(merged.stderr.trim().split('\n').at(-1)).toBe(wholeSaid.stderr.trim().split('\n').at(-1));
    expect(merged.stderr).toMatch(/^FAIL: 437 requests, 437 selected, 437 matched, 0 unmatched, 0 invalid lines; .* \(Kubernetes 1\.13\)$/m);
    const quiet = await runCli(['merge', fileA, fileB, '-q']);
    expect([quiet.exitCode, quiet.stderr]).toEqual([1, '']);

    // A report named twice (or through a link) is merged once, and the repeat is told.
    const linkA = path.join(dir, 'a-link.json');
    symlinkSync(fileA, linkA);
    const again = await runCli(['merge', fileA, fileB, fileA, linkA]);
    expect(again.exitCode).toBe(1);
    expect({ ...parseStdout<Report>(again), parts: undefined }).toEqual(w);
    expect(besidesSummary(again, 'FAIL')).toBe(`warning: ${fileA} is given twice: read once\nwarning: ${linkA} is the same file as ${fileA}: read once`);

    // The same report under another name (a gzip of it): the same content counts once too.
    const gzA = path.join(dir, 'a-copy.json.gz');
    writeFileSync(gzA, gzipSync(readFileSync(fileA)));
    const copied = await runCli(['merge', fileA, gzA, fileB]);
    expect(copied.exitCode).toBe(1);
    expect({ ...parseStdout<Report>(copied), parts: undefined }).toEqual({ ...w, inputs: [shardA, shardB] });
    expect(besidesSummary(copied, 'FAIL')).toBe(`warning: ${gzA} is the same report as ${fileA}: counted once`);

    // With its keys in another order (jq -S, a common artifact step): still the same report.
    const sortedA = path.join(dir, 'a-sorted.json');
    const sortKeys = (v: unknown): unknown =>
      v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(sortKeys) : Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? 1 : -1)).map(([k, x]) => [k, sortKeys(x)]));
    writeFileSync(sortedA, JSON.stringify(sortKeys(JSON.parse(readFileSync(fileA, 'utf8')))));
    const sorted = await runCli(['merge', fileA, sortedA, fileB]);
    expect({ ...parseStdout<Report>(sorted), parts: undefined }).toEqual({ ...w, inputs: [shardA, shardB] });
    expect(besidesSummary(sorted, 'FAIL')).toBe(`warning: ${sortedA} is the same report as ${fileA}: counted once`);
  });

  it("'-' is one report read from stdin, as export --report - reads it (it was 'cannot read the report (no such file)'): plain or .json.gz, at most once", async () => {
    const [ra, rb, whole] = await Promise.all([runCli(['analyze', shardA, ...ANALYZE]), runCli(['analyze', shardB, ...ANALYZE]), runCli(['analyze', shardA, shardB, ...ANALYZE])]);
    const fileB = write('stdin-b.json', rb.stdout);
    const w = parseStdout<Report>(whole);
    // analyze … --format json | apisnoop merge - b.json: the pipe as the first report, a file as the second.
    const piped = await runCli(['merge', '-', fileB], { input: ra.stdout });
    expect(piped.exitCode, piped.stderr).toBe(1);
    expect({ ...parseStdout<Report>(piped), parts: undefined }).toEqual(w);
    besidesSummary(piped, 'FAIL');
    // A report.json.gz on stdin, after a file.
    const gz = await runCli(['merge', fileB, '-', '-q'], { input: gzipSync(ra.stdout) });
    expect(gz.exitCode, gz.stderr).toBe(1);
    expect(parseStdout<Report>(gz).summary).toEqual(w.summary);
    // The same report on stdin and as a file counts once, said with stdin's name.
    const same = await runCli(['merge', fileB, '-'], { input: rb.stdout });
    expect(besidesSummary(same, 'FAIL')).toBe(`warning: (stdin) is the same report as ${fileB}: counted once`);
    // Stdin holds one report; a bad one is named (stdin).
    const twice = await runCli(['merge', '-', fileB, '-'], { input: ra.stdout });
    expect([twice.exitCode, twice.stdout, twice.stderr]).toEqual([2, '', 'apisnoop: - (stdin) is given twice: stdin holds one report']);
    const bad = await runCli(['merge', '-'], { input: '{}' });
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'apisnoop: (stdin): not an apisnoop report.json: schemaVersion is missing']);
  });

  it('an audit log given for a report is said to be one, with what reads it (merge and export)', async () => {
    const hint = '; it is an audit log (its first line is an audit event): give it to apisnoop analyze, whose report.json this reads';
    const oneEvent = write('one-event.log', lines[0]! + '\n');
    const gz = write('shard-a.log.gz', '');
    writeFileSync(gz, gzipSync(readFileSync(shardA)));
    // It said only that the log was not JSON (line 2 column 1), or lacked schemaVersion.
    const many = await runCli(['merge', shardA]);
    expect([many.exitCode, many.stderr]).toEqual([2, `apisnoop: ${shardA}: not JSON (${jsonError(readFileSync(shardA, 'utf8'))}); expected a report.json written by apisnoop analyze${hint}`]);
    const one = await runCli(['merge', oneEvent]);
    expect([one.exitCode, one.stderr]).toEqual([2, `apisnoop: ${oneEvent}: not an apisnoop report.json: schemaVersion is missing${hint}`]);
    const exported = await runCli(['export', 'app-usage-summary', '--report', gz]);
    expect(exported.exitCode).toBe(2);
    expect(exported.stderr).toMatch(new RegExp(`${hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    // A file that is neither: no such hint.
    const md = write('report.md', '## APISnoop\n');
    expect((await runCli(['merge', md])).stderr).not.toContain('audit log');
  });

  it('--out names the app as the reports do: their --name when they share it, else after the first log; export agrees', async () => {
    const named = await Promise.all([shardA, shardB].map((f) => runCli(['analyze', f, ...ANALYZE, '--name', 'shop'])));
    const plain = await runCli(['analyze', shardA, ...ANALYZE]);
    const files = ['named-a', 'named-b', 'plain-a'].map((n, i) => write(`${n}.json`, [...named, plain][i]!.stdout));
    expect(parseStdout<Report>(named[0]!).app).toBe('shop');
    expect(parseStdout<Report>(plain).app).toBeUndefined();
    const cases: Array<[string[], string, string]> = [
      [[files[0]!, files[1]!], 'shop', '## ❌ APISnoop: shop: fail'],
      [[files[0]!, files[2]!], 'shard-a', '## ❌ APISnoop: fail'],
    ];
    for (const [inputs, app, heading] of cases) {
      const out = path.join(dir, `merged-${app}`);
      const r = await runCli(['merge', ...inputs, '--out', out]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(readFileSync(path.join(out, 'app-usage-summary.csv'), 'utf8').split('\n')[1]).toMatch(new RegExp(`^${app},`));
      expect(readFileSync(path.join(out, 'report.md'), 'utf8').split('\n')[0]).toBe(heading);
      const exported = await runCli(['export', 'app-usage-summary', '--report', path.join(out, 'report.json')]);
      expect(exported.stdout + '\r\n').toBe(readFileSync(path.join(out, 'app-usage-summary.csv'), 'utf8'));
    }
  });

  it('--out that would replace one of the reports merged is refused before anything is written', async () => {
    const out = path.join(dir, 'merge-over');
    mkdirSync(out, { recursive: true });
    const a = await runCli(['analyze', shardA, ...ANALYZE]);
    const shard = write('merge-over/report.json', a.stdout);
    const other = write('other-report.json', (await runCli(['analyze', shardB, ...ANALYZE])).stdout);
    const r = await runCli(['merge', other, shard, '--out', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`apisnoop: --out ${out} would replace the input ${shard} with its report.json; give another --out`);
    expect(readFileSync(shard, 'utf8')).toBe(a.stdout);
    expect(readdirSync(out)).toEqual(['report.json']);
  });

  it('--fail-on recomputes the verdict of the merged report', async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE]);
    const fileA = write('a-only.json', ra.stdout);
    const r = await runCli(['merge', fileA, '--fail-on', 'none']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseStdout<Report>(r).verdict).toMatchObject({ pass: true, policy: { failOn: [] } });
  });

  it("a run's problems (runNotes, a helm install that failed) fail the merge and are said", async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE]);
    const clean = write('notes-clean.json', ra.stdout);
    const withNotes = JSON.parse(ra.stdout) as Report;
    withNotes.runNotes = { problems: ['helm install failed (helm exited with code 1)'], notices: ['No chart tests were run (test-command: none).'] };
    const noted = write('notes-problem.json', JSON.stringify(withNotes));
    const ok = await runCli(['merge', clean, '--fail-on', 'none']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(besidesSummary(ok, 'PASS')).toBe('');
    const r = await runCli(['merge', noted, '--fail-on', 'none']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('problem of a merged run: helm install failed (helm exited with code 1)');
    expect(r.stderr).toContain('warning: No chart tests were run (test-command: none).');
  });

  it("a report's texts reach the terminal with their control characters shown, not obeyed; its JSON keeps them", async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE]);
    const hostile = JSON.parse(ra.stdout) as Report;
    // Retitles the window, clears the screen, moves the cursor home and writes over what was said.
    const attack = '\x1b]0;PWNED\x07\x1b[2J\x1b[Hall good\r\u009b31m';
    hostile.runNotes = { problems: [`helm failed ${attack}`], notices: [`note ${attack}`] };
    const file = write('esc.json', JSON.stringify(hostile));
    const r = await runCli(['merge', file, '--fail-on', 'none']);
    expect(r.exitCode).toBe(1);
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const shown = '\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[Hall good\\x0d\\x9b31m';
    expect(r.stderr.split('\n')).toContain(`problem of a merged run: helm failed ${shown}`);
    expect(r.stderr.split('\n')).toContain(`warning: note ${shown}`);
    // The report itself is data: JSON escapes it, and it keeps it as it was.
    expect(parseStdout<Report>(r).runNotes).toEqual(hostile.runNotes);
  });

  it('refuses a report.json.gz that inflates past 512 MiB (a gzip bomb), naming it, before it takes the memory', async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE]);
    // A real report, then 600 MiB of JSON whitespace: gzip members of 1 MiB each, a 600 KB file.
    const space = gzipSync(Buffer.alloc(1 << 20, ' '));
    const bomb = path.join(dir, 'bomb.json.gz');
    writeFileSync(bomb, Buffer.concat([gzipSync(ra.stdout), ...Array.from({ length: 600 }, () => space)]));
    const r = await runCli(['merge', bomb]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`apisnoop: ${bomb}: inflates to more than 512 MiB, larger than any report.json: refused`);
    // The same report with a little whitespace is read.
    const padded = path.join(dir, 'padded.json.gz');
    writeFileSync(padded, Buffer.concat([gzipSync(ra.stdout), space, space]));
    const ok = await runCli(['merge', padded, '--fail-on', 'none', '-q']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(parseStdout<Report>(ok).summary).toEqual((JSON.parse(ra.stdout) as Report).summary);
  });

  it('--fail-on given twice adds its rules', async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE]);
    const fileA = write('a-twice.json', ra.stdout);
    const r = await runCli(['merge', fileA, '--fail-on', 'alpha', '--fail-on', 'removed']);
    expect(parseStdout<Report>(r).verdict.policy.failOn).toEqual(['alpha', 'removed']);
  });

  it('--allow chooses the allow list; a policy given in part says when the reports differ on the rest', async () => {
    const [ra, rb] = await Promise.all([
      runCli(['analyze', shardA, ...ANALYZE, '--allow', 'extensions']),
      runCli(['analyze', shardB, ...ANALYZE]),
    ]);
    const [fa, fb] = [write('allow-a.json', ra.stdout), write('allow-b.json', rb.stdout)];
    const violations = (r: Parameters<typeof parseStdout>[0]) => parseStdout<Report>(r).verdict.violations.length;
    // Only --fail-on: only what both reports allow (nothing), whatever their order, said.
    const [partial, reversed] = await Promise.all([runCli(['merge', fa, fb, '--fail-on', 'removed']), runCli(['merge', fb, fa, '--fail-on', 'removed'])]);
    for (const r of [partial, reversed]) {
      expect(r.exitCode).toBe(1);
      expect(besidesSummary(r, 'FAIL')).toBe(
        'warning: the reports allow different operations (extensions; none): the merged verdict allows only what every report allows (none); set allow (--allow) to choose',
      );
      expect(parseStdout<Report>(r).verdict.policy).toEqual({ failOn: ['removed'], allow: [] });
    }
    expect(parseStdout<Report>(reversed).verdict).toEqual(parseStdout<Report>(partial).verdict);
    // --allow chosen (none, as the Action's allow input says it, or a list): nothing to say, and the verdict follows it.
    const [chosen, allowed, empty] = await Promise.all([
      runCli(['merge', fa, fb, '--fail-on', 'removed', '--allow', 'none']),
      runCli(['merge', fa, fb, '--fail-on', 'removed', '--allow', 'extensions']),
      // Empty, as an unset variable gives it, was taken as the empty list; it is refused, as analyze refuses it.
      runCli(['merge', fa, fb, '--fail-on', 'removed', '--allow', '']),
    ]);
    expect(besidesSummary(chosen, 'FAIL')).toBe('');
    expect(parseStdout<Report>(chosen).verdict.policy).toEqual({ failOn: ['removed'], allow: [] });
    expect(parseStdout<Report>(chosen).verdict).toEqual(parseStdout<Report>(partial).verdict);
    expect(parseStdout<Report>(allowed).verdict.policy).toEqual({ failOn: ['removed'], allow: ['extensions'] });
    expect(violations(chosen)).toBeGreaterThan(violations(allowed));
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain("error: option '--allow <list>' argument '' is invalid. it names nothing (an unset variable?); give a value (none for an empty list), or leave the option out");
    expect(empty.stdout).toBe('');
  });

  it('warns of --allow entries that name nothing Kubernetes has, as analyze does; the reports\' own list is not checked again', async () => {
    const ra = await runCli(['analyze', shardA, ...ANALYZE, '--allow', 'nosuch']);
    const fileA = write('allow-unknown-a.json', ra.stdout);
    const r = await runCli(['merge', fileA, '--allow', 'nosuch,extensions,core/v1,apps/v1']);
    expect(r.exitCode, r.stderr).toBe(1);
    // apps/v1 is in the 1.13 spec, though no request of the reports used it: checked against the shipped 1.13 spec,
    // as analyze checks it, it is not said (a fan-in's standing allow list is not warned about run after run).
    expect(r.stderr.split('\n').filter((l) => l.includes('--allow'))).toEqual([
      'warning: --allow nosuch: the Kubernetes 1.13 spec has no operationId, API group or group/version of that name; it exempts nothing',
    ]);
    const own = await runCli(['merge', fileA]);
    expect(besidesSummary(own, 'FAIL')).toBe('');
  });

  describe('the run rules judge the merged whole', () => {
    const BASE = ['--spec', specPath('1.13'), '--conformance', 'none', '--format', 'json', '-q'];
    const nothing = ['--namespace', 'no-such-ns'];

    it('empty fails when a report selected no request, naming it, and equals analyzing the logs together when none did', async () => {
      const [aNone, bNone, bAll, aEmpty, whole] = await Promise.all([
        runCli(['analyze', shardA, ...BASE, ...nothing, '--fail-on', 'none']),
        runCli(['analyze', shardB, ...BASE, ...nothing, '--fail-on', 'none']),
        runCli(['analyze', shardB, ...BASE, '--fail-on', 'none']),
        runCli(['analyze', shardA, ...BASE, ...nothing, '--fail-on', 'empty']),
        runCli(['analyze', shardA, shardB, ...BASE, ...nothing, '--fail-on', 'empty']),
      ]);
      // A leg that selected nothing fails its own run with --fail-on empty; the others only report.
      expect([aNone, bNone, bAll, aEmpty, whole].map((r) => r.exitCode)).toEqual([0, 0, 0, 1, 1]);
      const [fa, fb, fbAll, faEmpty] = [write('empty-a.json', aNone.stdout), write('empty-b.json', bNone.stdout), write('all-b.json', bAll.stdout), write('empty-a-failing.json', aEmpty.stdout)];

      const out = path.join(dir, 'merged-empty');
      const none = await runCli(['merge', fa, fb, '--fail-on', 'empty', '--out', out]);
      expect(none.exitCode, none.stderr).toBe(1);
      const said = 'none of the 437 requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request';
      expect(besidesSummary(none, 'FAIL')).toBe(`wrote 7 files to ${out}/\nfail-on empty: ${said}`);
      const merged = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
      expect(merged.verdict).toEqual({ pass: false, policy: { failOn: ['empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why: said }] });
      expect({ ...merged, parts: undefined }).toEqual(parseStdout<Report>(whole));
      expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('❌ **The gate failed because nothing was selected** (fail-on **empty**)');

      // One report selected requests, the other none: the summed counts hide it, the verdict names it.
      const some = await runCli(['merge', fa, fbAll, '--fail-on', 'empty']);
      expect(some.exitCode, some.stderr).toBe(1);
      const why = `1 of the 2 reports merged selected no request (${fa}, ${parseStdout<Report>(aNone).summary.requests} requests read, namespace no-such-ns): the merged verdict judged nothing of its logs`;
      expect(parseStdout<Report>(some).verdict).toEqual({ pass: false, policy: { failOn: ['empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why }] });
      // Said as what happened: requests were selected, by the other report.
      expect(some.stderr).toMatch(/^FAIL: 437 requests, \d+ selected, .*; fail-on empty: a merged report selected nothing \(Kubernetes 1\.13\)$/m);
      expect(some.stderr).not.toContain('nothing was selected');
      // Both selected requests: it passes.
      const both = await runCli(['merge', fbAll, write('all-a.json', (await runCli(['analyze', shardA, ...BASE, '--fail-on', 'none'])).stdout), '--fail-on', 'empty']);
      expect(both.exitCode, both.stderr).toBe(0);
      // Judged again by the first report's own policy (fail-on empty), not copied from its failed verdict.
      const own = await runCli(['merge', faEmpty, fbAll]);
      expect(parseStdout<Report>(aEmpty).verdict.pass).toBe(false);
      expect(own.exitCode, own.stderr).toBe(1);
      expect(parseStdout<Report>(own).verdict).toMatchObject({ pass: false, policy: { failOn: ['empty'] }, runFailures: [{ rule: 'empty', why: why.replace(fa, faEmpty) }] });
      // A report from stdin has no file: named by its logs.
      const piped = await runCli(['merge', '-', fbAll, '--fail-on', 'empty'], { input: aNone.stdout });
      expect(parseStdout<Report>(piped).verdict.runFailures).toEqual([{ rule: 'empty', why: why.replace(fa, `report 1 (${shardA})`) }]);
    });

    it('invalid fails when any report had invalid input, naming the line', async () => {
      const broken = readFileSync(shardA, 'utf8').split('\n');
      broken.splice(3, 0, 'not an audit event');
      const shardBroken = write('shard-a-broken.log', broken.join('\n'));
      const [ra, rb] = await Promise.all([runCli(['analyze', shardBroken, ...BASE, '--fail-on', 'none']), runCli(['analyze', shardB, ...BASE, '--fail-on', 'none'])]);
      expect(parseStdout<Report>(ra).summary.invalidLines).toBe(1);
      const [fa, fb] = [write('invalid-a.json', ra.stdout), write('clean-b.json', rb.stdout)];
      const [strict, clean, lax] = await Promise.all([
        runCli(['merge', fb, fa, '--fail-on', 'invalid']),
        runCli(['merge', fb, '--fail-on', 'invalid']),
        runCli(['merge', fb, fa, '--fail-on', 'none']),
      ]);
      expect(strict.exitCode, strict.stderr).toBe(1);
      const m = parseStdout<Report>(strict);
      expect(m.summary.invalidLines).toBe(1);
      const why = `1 input line was not usable as an audit event (the first: ${shardBroken}:4: ${m.invalid[0]!.message})`;
      expect(m.verdict.runFailures).toEqual([{ rule: 'invalid', why }]);
      expect(besidesSummary(strict, 'FAIL')).toBe(`fail-on invalid: ${why}`);
      expect(clean.exitCode, clean.stderr).toBe(0);
      expect(lax.exitCode, lax.stderr).toBe(0);
    });
  });

  it("a pattern no shell expanded (quoted, or a workflow's input) is said to be one, as analyze says it of a log (it said only 'no such file')", async () => {
    const r = await runCli(['analyze', shardA, ...ANALYZE]);
    mkdirSync(path.join(dir, 'quoted', 'leg-a'), { recursive: true });
    const report = write('quoted/leg-a/report.json', r.stdout);
    const pattern = path.join(dir, 'quoted', '*', 'report.json');
    const hint = "nothing expanded its wildcard (a shell expands one unquoted, never in quotes or in a workflow's input): give the report files";
    const [merged, exported] = await Promise.all([runCli(['merge', pattern, report]), runCli(['export', 'app-usage-summary', '--report', pattern])]);
    for (const x of [merged, exported]) {
      expect(x.exitCode).toBe(2);
      expect(x.stderr.trim()).toBe(`apisnoop: ${pattern}: cannot read the report (no such file); ${hint}`);
    }
    // A plain name that does not exist holds no pattern: no hint.
    const missing = await runCli(['merge', path.join(dir, 'quoted', 'missing.json')]);
    expect(missing.stderr.trim()).toBe(`apisnoop: ${path.join(dir, 'quoted', 'missing.json')}: cannot read the report (no such file)`);
  });

  it("least privilege failing the merged reports is said as analyze says it (merge exited 1 on 'FAIL: … 0 violations' with no reason)", async () => {
    const rbac = ['--k8s-version', '1.36', '--conformance', 'none', '--rbac-serviceaccount', 'ns1:sa1', '--granted', 'examples/overgranted-chart/templates'];
    const legs = await Promise.all(
      ['default', 'ns1'].map((ns) => runCli(['analyze', AUDIT2RBAC_V1, ...rbac, '--fail-on', 'alpha,beta,overprivileged', '-n', ns, '--format', 'json', '-q'])),
    );
    const files = legs.map((r, i) => {
      expect(r.exitCode, r.stderr).toBe(1);
      return write(`rbac-leg-${i}.json`, r.stdout);
    });
    // --fail-on is the API policy's: least privilege's verdicts stay the reports' own.
    const merged = await runCli(['merge', ...files, '--fail-on', 'none']);
    expect(merged.exitCode).toBe(1);
    const lines = merged.stderr.split('\n');
    expect(lines.some((l) => /^FAIL: .* 0 violations/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('least privilege '))).toEqual(['least privilege ns1:sa1: 5 requests, 9 over-grants (riskiest: wildcard), 4 denied; FAIL (threshold 0)']);
  });

  it('least privilege not checked, said by the field alone, fails the merge with its reason (it gave a FAIL with none)', async () => {
    const leg = await runCli(['analyze', AUDIT2RBAC_V1, '--k8s-version', '1.36', '--conformance', 'none', '-n', 'ns1', '--fail-on', 'none', '--format', 'json', '-q']);
    expect(leg.exitCode, leg.stderr).toBe(0);
    const report = { ...parseStdout<Report>(leg), app: 'opa', leastPrivilegeUnchecked: [{ app: 'opa', why: 'no RBAC manifests (rbac-granted) were given' }] };
    const merged = await runCli(['merge', write('unchecked-field.json', JSON.stringify(report)), '--fail-on', 'none', '-o', path.join(dir, 'unchecked-field')]);
    expect(merged.exitCode).toBe(1);
    expect(merged.stderr.split('\n').filter((l) => l.includes('Least privilege'))).toEqual([
      'problem of a merged run: Least privilege was not checked: no RBAC manifests (rbac-granted) were given.',
    ]);
  });

  it('least privilege of reports of different logs and service accounts: each kept, a failing one fails the merge, the warning names the report files', async () => {
    const rbac = ['--k8s-version', '1.36', '--conformance', 'none', '--granted', 'examples/overgranted-chart/templates', '--fail-on', 'beta,overprivileged', '--format', 'json', '-q'];
    const [failing, other] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, '--rbac-serviceaccount', 'ns1:sa1', ...rbac]),
      runCli(['analyze', shardA, '--rbac-serviceaccount', 'app:myop', ...rbac]),
    ]);
    expect(parseStdout<Report>(failing).rbac!.map((c) => c.verdict?.pass)).toEqual([false]);
    expect(parseStdout<Report>(other).rbac!.map((c) => c.verdict?.pass)).toEqual([true]);
    const files = [write('an_rbac.json', failing.stdout), write('an_rbac2.json', other.stdout)];
    const out = path.join(dir, 'rb2');
    // --fail-on is the API policy's: least privilege's verdicts stay the reports' own (the failing one was dropped, PASS).
    const merged = await runCli(['merge', ...files, '--out', out, '--fail-on', 'none']);
    expect(merged.exitCode, merged.stderr).toBe(1);
    const lines = merged.stderr.split('\n');
    expect(lines.some((l) => /^FAIL: .* 0 violations/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('least privilege '))).toEqual([
      'least privilege app:myop: 0 requests, 0 over-grants, 0 denied; PASS (threshold 0)',
      'least privilege ns1:sa1: 5 requests, 9 over-grants (riskiest: wildcard), 4 denied; FAIL (threshold 0)',
    ]);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.rbac!.map((c) => c.identity.username)).toEqual(['system:serviceaccount:app:myop', 'system:serviceaccount:ns1:sa1']);
    // Named by the report files given, not by their logs.
    const warning = lines.find((l) => l.startsWith('warning: least privilege of ns1:sa1 '));
    expect(warning).toContain(`: ${files[1]} did not check it, and its logs may hold its requests`);
    expect(warning).toContain(`the merged report keeps the comparison of ${files[0]}, the strictest verdict of theirs (FAIL, 9 over-grants, threshold 0)`);
    expect(merged.stderr).not.toContain(AUDIT2RBAC_V1);
  });

  it('exit 2 for reports of different releases and for files that are not reports', async () => {
    const [r13, r28] = await Promise.all([
      runCli(['analyze', shardA, ...ANALYZE]),
      runCli(['analyze', shardA, '--spec', specPath('1.28'), '--conformance', 'none', '--format', 'json', '-q']),
    ]);
    const f13 = write('r13.json', r13.stdout);
    const f28 = write('r28.json', r28.stdout);
    const [mixed, notReport] = await Promise.all([runCli(['merge', f13, f28]), runCli(['merge', f13, shardA])]);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain(`${f28} is against Kubernetes 1.28 and ${f13} against 1.13: merge reports of one release`);
    // And where reports of several releases are combined side by side instead of added up. Export adds nothing up:
    // given shards, it shows each shard apart, and the same app of two releases as "app" and "app (2)"; so it is said
    // to take each release's merged report, named.
    expect(mixed.stderr).toContain(
      "to see releases side by side, give them all to the GitHub Action's reports input (one merged report per release, one comment), " +
        'or merge the reports of each release apart and give the merged reports to apisnoop export, with a --name for each (export adds nothing up)',
    );
    // Which does what it says: a row per release, named so.
    const side = await runCli(['export', 'app-usage-summary', '--report', f13, f28, '--name', '1.13', '1.28']);
    expect(side.exitCode, side.stderr).toBe(0);
    const rows = side.stdout.trim().split('\n').map((l) => l.split(','));
    const at = rows[0]!.indexOf('kubernetes version');
    expect(rows.slice(1).map((r) => [r[0], r[at]])).toEqual([
      ['1.13', '1.13'],
      ['1.28', '1.28'],
    ]);
    expect(notReport.exitCode).toBe(2);
    expect(notReport.stderr).toContain(`${shardA}: not JSON`);
    // A report lacking what merge reads is named with the place, not a TypeError from deep inside.
    const noVerbs = JSON.parse(r13.stdout) as Report;
    for (const op of noVerbs.operations) delete (op as Partial<typeof op>).verbs;
    const fNoVerbs = write('no-verbs.json', JSON.stringify(noVerbs));
    const broken = await runCli(['merge', f13, fNoVerbs]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain(`${fNoVerbs}: not an apisnoop report.json: operations[0].verbs is not an object`);
  });
});
