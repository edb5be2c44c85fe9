// `apisnoop export`: the command on its own Commander program, and the real CLI for the exit codes.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import { loadNamedReports, readReportFile, register, ReportFileError } from '../../src/cli/export.js';
import { appName } from '../../src/outputs.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { renderCsv } from '../../src/render/csv.js';
import { legacyAppReport, repoRoot, sampleOperatorReport } from '../helpers/report-fixtures.js';
import { analyzeLogs } from '../../src/analyze.js';
import { AUDIT2RBAC_2017 } from '../helpers/fixtures.js';

const dir = scratchDir('export');
const operatorFile = path.join(dir, 'operator.json');
const legacyFile = path.join(dir, 'legacy.json.gz');
writeFileSync(operatorFile, JSON.stringify(sampleOperatorReport()));
writeFileSync(legacyFile, gzipSync(JSON.stringify(legacyAppReport())));

function program(): Command {
  const p = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  register(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('apisnoop export', () => {
  it('writes the CSV of several reports, named after their inputs', async () => {
    const out = path.join(dir, 'spreadsheet.csv');
    await program().parseAsync(['node', 'apisnoop', 'export', 'coverage-spreadsheet', '--report', operatorFile, legacyFile, '--out', out]);
    const expected = renderCsv('coverage-spreadsheet', [
      { name: 'sample-operator', report: sampleOperatorReport() },
      { name: 'legacy-app', report: legacyAppReport() },
    ]);
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });

  it('prints to stdout without --out or with "-", and takes --name in order', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await program().parseAsync(['node', 'apisnoop', 'export', 'app-usage-summary', '--report', operatorFile, '--report', legacyFile, '--name', 'A', 'B', '--out', '-']);
    const lines = written.join('').split('\r\n');
    expect(lines[1].startsWith('A,17,2,1,20,alpha,')).toBe(true);
    expect(lines[2].startsWith('B,3,4,0,7,beta,')).toBe(true);
  });

  it('refuses an --out that is one of the reports, which it used to replace with the CSV', async () => {
    const report = path.join(dir, 'kept.json');
    const link = path.join(dir, 'kept-link.json');
    writeFileSync(report, JSON.stringify(sampleOperatorReport()));
    symlinkSync(report, link);
    const before = readFileSync(report, 'utf8');
    for (const out of [report, link]) {
      await expect(program().parseAsync(['node', 'apisnoop', 'export', 'app-usage-summary', '--report', legacyFile, report, '--out', out])).rejects.toThrow(
        new ReportFileError(`--out ${out} is the report ${report}: the CSV would replace it; give another --out`),
      );
    }
    expect(readFileSync(report, 'utf8')).toBe(before);
  });

  it('names the report whose user agents or users are not all text (a null among them was a bare TypeError)', async () => {
    for (const k of ['userAgents', 'users'] as const) {
      const file = path.join(dir, `null-${k}.json`);
      const r = sampleOperatorReport();
      (r.operations[0][k] as unknown[]).push(null);
      writeFileSync(file, JSON.stringify(r));
      await expect(program().parseAsync(['node', 'apisnoop', 'export', 'app-usage-endpoints', '--report', file])).rejects.toThrow(
        new ReportFileError(`${file}: not an apisnoop report.json: operations[0].userAgents/users are not lists of strings`),
      );
    }
  });

  it('refuses an unknown exporter with the list of exporters', async () => {
    const err = await program()
      .parseAsync(['node', 'apisnoop', 'export', 'app-usage', '--report', operatorFile])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).message).toMatch(/app-usage-categories, app-usage-summary, app-usage-endpoints, coverage-spreadsheet/);
  });

  it('names the file that cannot be read or is not a report', async () => {
    const notJson = path.join(dir, 'broken.json');
    writeFileSync(notJson, '{"schemaVersion": 1,');
    const newer = path.join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...sampleOperatorReport(), schemaVersion: 2 }));
    const badOp = path.join(dir, 'bad-op.json');
    const r = sampleOperatorReport() as unknown as { operations: Array<Record<string, unknown>> };
    r.operations[3].level = 'gamma';
    writeFileSync(badOp, JSON.stringify(r));
    const auditLog = path.join(repoRoot, '../shared/fixtures/audit/audit2rbac/demo-v1.log');
    await expect(readReportFile(path.join(dir, 'missing.json'))).rejects.toThrow(`${path.join(dir, 'missing.json')}: cannot read the report (no such file)`);
    await expect(readReportFile(notJson)).rejects.toThrow(`${notJson}: not JSON`);
    await expect(readReportFile(newer)).rejects.toThrow(`${newer}: not an apisnoop report.json: schemaVersion 2 is not supported (this apisnoop reads 1)`);
    await expect(readReportFile(badOp)).rejects.toThrow('operations[3].level "gamma" is not stable, beta or alpha');
    // An audit log is JSON lines, not one document.
    await expect(readReportFile(auditLog)).rejects.toThrow(`${auditLog}: not JSON`);
    await expect(readReportFile(legacyFile)).resolves.toMatchObject({ kubernetesVersion: '1.21' });
  });

  it('checks the names: one per report, no duplicates; default names are made unique', async () => {
    await expect(loadNamedReports([operatorFile, legacyFile], ['only-one'])).rejects.toThrow(ReportFileError);
    await expect(loadNamedReports([operatorFile, legacyFile], ['x', 'x'])).rejects.toThrow(/given twice/);
    const twice = await loadNamedReports([operatorFile, operatorFile], undefined);
    expect(twice.map((r) => r.name)).toEqual(['sample-operator', 'sample-operator (2)']);
    expect(appName({ ...sampleOperatorReport(), inputs: ['/var/log/audit/my-app.log.gz'] }, 'x/report.json')).toBe('my-app');
    expect(appName({ ...sampleOperatorReport(), inputs: ['(stdin)'] }, '/tmp/runs/my-app/report.json')).toBe('my-app');
    // A pipe named as a file (`<(zcat …)`, /dev/stdin) is named as stdin is: its number is no app's name.
    for (const pipe of ['/dev/fd/63', '/proc/self/fd/12', '/dev/stdin', '/proc/self/fd/0']) expect(appName({ ...sampleOperatorReport(), inputs: [pipe] }, '/tmp/runs/my-app/report.json')).toBe('my-app');
    expect(appName({ ...sampleOperatorReport(), inputs: ['/dev/fd/63', '/logs/shop.log'] }, 'x/report.json')).toBe('shop');
    // A report that names its app (analyze --name, the Action's release) is called so.
    expect(appName({ ...sampleOperatorReport(), app: 'shop' }, 'x/report.json')).toBe('shop');
    expect(reportProblem({ ...sampleOperatorReport(), app: 'shop' })).toBeNull();
    expect(reportProblem({ ...sampleOperatorReport(), app: 7 })).toBe('app is not a name');
    expect(reportProblem({ ...sampleOperatorReport(), app: ' ' })).toBe('app is not a name');
    expect(reportProblem({ ...sampleOperatorReport(), runNotes: { problems: ['x'], notices: [] } })).toBeNull();
    expect(reportProblem({ ...sampleOperatorReport(), runNotes: ['x'] })).toBe('runNotes is not {problems, notices} lists of strings');
    // Violations' rules (added): absent is an older report; a string would crash the renderers' join.
    const r = sampleOperatorReport();
    expect(r.verdict.violations.length).toBeGreaterThan(0);
    const noRules = { ...r, verdict: { ...r.verdict, violations: r.verdict.violations.map(({ rules: _r, ...v }) => v) } };
    expect(reportProblem(noRules)).toBeNull();
    const bad = { ...r, verdict: { ...r.verdict, violations: r.verdict.violations.map((v) => ({ ...v, rules: 'beta' })) } };
    expect(reportProblem(bad)).toBe('verdict.violations[0].rules is not a list of rules');
    // A rule a later version adds still reads.
    expect(reportProblem({ ...r, verdict: { ...r.verdict, violations: r.verdict.violations.map((v) => ({ ...v, rules: ['beta', 'stale-spec'] })) } })).toBeNull();
    expect(reportProblem({ ...r, operations: r.operations.map((o) => ({ ...o, lastServedIn: 33 })) })).toBe('operations[0].lastServedIn is not a release');
    // The removal's bound (added): a number would crash the wording of the verdict and the renderings.
    const bound = (lastServedIn: unknown) => ({ ...r, operations: r.operations.map((o) => ({ ...o, deprecation: { source: 'later-spec', removedIn: '1.28', lastServedIn } })) });
    expect(reportProblem(bound('1.13'))).toBeNull();
    expect(reportProblem(bound(13))).toBe('operations[0].deprecation.lastServedIn is not a release');
  });

  it("refuses a policy or specs a renderer or the Action's log would carry as given (a fork's report is the attacker's)", () => {
    const r = sampleOperatorReport();
    const policy = (p: object) => ({ ...r, verdict: { ...r.verdict, policy: { ...r.verdict.policy, ...p } } });
    expect(reportProblem(policy({ failOn: ['alpha', 'beta', 'deprecated', 'removed', 'empty', 'invalid'], allow: ['apps', 'core/v1', ''] }))).toBeNull();
    // Unlike a violation's rules, fail-on judges the merge: a rule this version does not know would judge nothing.
    expect(reportProblem(policy({ failOn: ['beta\n::save-state name=x::y'] }))).toBe(
      'verdict.policy.failOn[0] "beta\\n::save-state name=x::y" is not one of removed, alpha, beta, deprecated, empty, invalid',
    );
    expect(reportProblem(policy({ failOn: ['alpha', '**beta**'] }))).toBe('verdict.policy.failOn[1] "**beta**" is not one of removed, alpha, beta, deprecated, empty, invalid');
    expect(reportProblem(policy({ failOn: 'beta' }))).toBe('verdict.policy.failOn is not a list');
    expect(reportProblem(policy({ allow: ['apps\r::error::x'] }))).toBe('verdict.policy.allow[0] "apps\\r::error::x" is not a one-line operationId or API group');
    expect(reportProblem(policy({ allow: ['apps\u2028x'] }))).toMatch(/^verdict\.policy\.allow\[0\] [^]* is not a one-line/);
    expect(reportProblem(policy({ allow: [7] }))).toBe('verdict.policy.allow[0] 7 is not a one-line operationId or API group');
    // A tab breaks no line, and analyze --allow writes one as given: its report must read back.
    expect(reportProblem(policy({ allow: ['apps\tv1'] }))).toBeNull();
    expect(reportProblem(policy({ allow: undefined }))).toBe('verdict.policy.allow is not a list');
    expect(r.specs.length).toBeGreaterThan(0);
    const spec = (s: object) => ({ ...r, specs: [{ ...r.specs[0], ...s }] });
    expect(reportProblem(spec({}))).toBeNull();
    expect(reportProblem(spec({ operations: '**1**' }))).toBe('specs[0] is not {kubernetesVersion, source, operations}');
    expect(reportProblem(spec({ kubernetesVersion: 1.33 }))).toBe('specs[0] is not {kubernetesVersion, source, operations}');
    expect(reportProblem(spec({ source: null }))).toBe('specs[0] is not {kubernetesVersion, source, operations}');
    expect(reportProblem({ ...r, specs: ['1.33'] })).toBe('specs[0] is not {kubernetesVersion, source, operations}');
  });
});

describe('the apisnoop CLI exits 2 on bad export input', () => {
  const cli = (args: string[]) =>
    execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), ...args], { cwd: repoRoot, reject: false });

  it('an unknown exporter, a broken report', async () => {
    const unknown = await cli(['export', 'nope', '--report', operatorFile]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("'nope' is invalid for argument 'exporter'");
    const broken = path.join(dir, 'broken2.json');
    writeFileSync(broken, 'not json');
    const bad = await cli(['export', 'app-usage-summary', '--report', broken]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(`apisnoop: ${broken}: not JSON`);
    const ok = await cli(['export', 'app-usage-categories', '--report', operatorFile]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.split('\r\n')[0]).toBe('app,level,category,operations,hits');
    expect(ok.stderr).toBe('');
  });

  it('an exporter given after --report or --name, which took it as theirs, is said so (it was "missing required argument \'exporter\'")', async () => {
    const afterReport = await cli(['export', '--report', operatorFile, 'app-usage-summary']);
    expect(afterReport.exitCode).toBe(2);
    expect(afterReport.stdout).toBe('');
    expect(afterReport.stderr).toContain('the exporter app-usage-summary was taken as a value of --report, which takes every value after it: give the exporter first');
    const afterName = await cli(['export', '--report', operatorFile, '--name', 'shop', 'coverage-spreadsheet']);
    expect(afterName.exitCode).toBe(2);
    expect(afterName.stderr).toContain('the exporter coverage-spreadsheet was taken as a value of --name');
    // None given at all: said as before; and the usage still says it is required.
    const none = await cli(['export', '--report', operatorFile]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("missing required argument 'exporter'");
    expect((await cli(['export', '--help'])).stdout).toContain('Usage: apisnoop export [options] <exporter>');
    const first = await cli(['export', 'app-usage-summary', '--report', operatorFile, '--name', 'shop']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout.split('\r\n')[1]).toMatch(/^shop,/);
  });

  it("--report naming analyze's --out directory says to give the report.json in it (it said 'cannot read the report (EISDIR)')", async () => {
    const out = path.join(dir, 'analyze-out');
    const analyzed = await cli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.36', '--out', out, '-q']);
    expect(analyzed.exitCode, analyzed.stderr).toBe(0);
    const r = await cli(['export', 'app-usage-summary', '--report', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`apisnoop: ${out}: a directory, not a report: give the report in it, ${path.join(out, 'report.json')}`);
    // As merge reads it; a directory with no report in it is said to have none.
    const merged = await cli(['merge', out, operatorFile]);
    expect(merged.exitCode).toBe(2);
    expect(merged.stderr).toContain(`${out}: a directory, not a report: give the report in it, ${path.join(out, 'report.json')}`);
    const empty = scratchDir('export-empty-dir');
    const none = await cli(['export', 'app-usage-summary', '--report', empty]);
    expect(none.stderr.trim()).toBe(`apisnoop: ${empty}: a directory, not a report (no report.json in it)`);
    const ok = await cli(['export', 'app-usage-summary', '--report', path.join(out, 'report.json')]);
    // (execa drops the last line end.)
    expect(ok.stdout.trimEnd()).toBe(readFileSync(path.join(out, 'app-usage-summary.csv'), 'utf8').trimEnd());
  });

  it('--out into directories that do not exist makes them, as analyze --out does (it was ENOENT, exit 2); a file in the way is said', async () => {
    const out = path.join(dir, 'made', 'on', 'the', 'way', 'summary.csv');
    const made = await cli(['export', 'app-usage-summary', '--report', operatorFile, '--out', out]);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(renderCsv('app-usage-summary', [{ name: appName(sampleOperatorReport(), operatorFile), report: sampleOperatorReport() }]));
    const file = path.join(dir, 'in-the-way');
    writeFileSync(file, '');
    const blocked = await cli(['export', 'app-usage-summary', '--report', operatorFile, '--out', path.join(file, 'summary.csv')]);
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr.trim()).toBe(`apisnoop: ${path.join(file, 'summary.csv')}: cannot make its directory ${file} (a file is in the way)`);
  });

  it("--out naming a directory (analyze's --out is one) says to name the CSV file in it (it said 'cannot write the CSV (EISDIR)')", async () => {
    const out = scratchDir('export-out-dir');
    for (const given of [out, `${out}/`]) {
      const r = await cli(['export', 'app-usage-endpoints', '--report', operatorFile, '--out', given]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim()).toBe(`apisnoop: ${given}: a directory: --out takes the CSV file to write, such as ${path.join(out, 'app-usage-endpoints.csv')}`);
    }
  });

  it('the same report given twice (another spelling of its path, a copy) is said: two columns of one app', async () => {
    const copy = path.join(dir, 'operator-copy.json');
    writeFileSync(copy, readFileSync(operatorFile));
    const twice = await cli(['export', 'app-usage-summary', '--report', operatorFile, copy]);
    expect(twice.exitCode).toBe(0);
    const name = appName(sampleOperatorReport(), operatorFile);
    expect(twice.stderr.trim().split('\n')).toEqual([`warning: ${copy} is the same report as ${operatorFile}: shown twice, as ${name} and ${name} (2)`]);
    // Both are still shown, and with a name for each nothing is said: two names given for one report are meant.
    expect(twice.stdout.split('\r\n').filter((l) => l.startsWith(`${name},`) || l.startsWith(`${name} (2),`))).toHaveLength(2);
    const named = await cli(['export', 'app-usage-summary', '--report', operatorFile, copy, '--name', 'before', 'after']);
    expect(named.stderr).toBe('');
  });
});

describe('apisnoop export --report - (stdin)', () => {
  const cli = (args: string[], input: string) =>
    execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), ...args], { cwd: repoRoot, reject: false, input });

  it('reads a report piped in, and writes what analyze wrote beside it (it was "-: cannot read the report (no such file)")', async () => {
    const out = path.join(dir, 'stdin-analyze');
    const made = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', 'data/sample-audit.log.gz', '--k8s-version', '1.33', '--out', out, '-q'], { cwd: repoRoot, reject: false });
    expect(made.exitCode, made.stderr).toBe(1); // the sample's beta operations fail the default policy
    const report = readFileSync(path.join(out, 'report.json'), 'utf8');
    const [endpoints, spreadsheet] = await Promise.all([
      cli(['export', 'app-usage-endpoints', '--report', '-'], report),
      cli(['export', 'coverage-spreadsheet', '--report', operatorFile, '-'], report),
    ]);
    expect(endpoints.exitCode, endpoints.stderr).toBe(0);
    expect(endpoints.stdout + '\r\n').toBe(readFileSync(path.join(out, 'app-usage-endpoints.csv'), 'utf8'));
    expect(spreadsheet.exitCode, spreadsheet.stderr).toBe(0);
    expect(spreadsheet.stdout.split('\r\n')[0]).toContain(',sample-operator hits,sample-operator codes,sample-audit hits,sample-audit codes,');
  });

  it('names a report piped in after its log, else stdin (not the directory the command ran in), and says (stdin) of its release', async () => {
    const fromStdin = JSON.stringify({ ...sampleOperatorReport(), app: undefined, inputs: ['(stdin)'], kubernetesVersion: '1.33' });
    const r = await cli(['export', 'app-usage-summary', '--report', operatorFile, '-'], fromStdin);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n').map((l) => l.split(',')[0])).toEqual(['app', 'sample-operator', 'stdin']);
    expect(r.stderr).toBe(`warning: the reports are against different Kubernetes releases (${operatorFile}: 1.36, (stdin): 1.33): each app's rows are against its own release`);
  });

  it('names stdin in its errors, and takes it once', async () => {
    const [broken, twice] = await Promise.all([
      cli(['export', 'app-usage-summary', '--report', '-'], '{"schemaVersion": 1'),
      cli(['export', 'app-usage-summary', '--report', '-', '-'], '{}'),
    ]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/^apisnoop: \(stdin\): not JSON \(/);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toBe('apisnoop: --report - (stdin) is given twice: stdin holds one report');
  });
});

describe('apisnoop export of reports against different Kubernetes releases', () => {
  it('warns naming each file and its release (the spreadsheet describes an operation from the first report only); one release, no warning', async () => {
    const files: Record<string, string> = {};
    for (const v of ['1.33', '1.36']) {
      const report = await analyzeLogs({ logs: [AUDIT2RBAC_2017], kubernetesVersion: v, selection: { includeSystem: true }, policy: { failOn: [] } });
      files[v] = path.join(dir, `demo-${v}.json`);
      writeFileSync(files[v], JSON.stringify(report));
    }
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const out = path.join(dir, 'mixed.csv');
    await program().parseAsync(['node', 'apisnoop', 'export', 'coverage-spreadsheet', '--report', files['1.33'], files['1.36'], '--name', 'on-1.33', 'on-1.36', '--out', out]);
    expect(stderr.join('')).toBe(
      `warning: the reports are against different Kubernetes releases (${files['1.33']}: 1.33, ${files['1.36']}: 1.36): each row's level and category come ` +
        'from the first report that has the operation, its conformance ineligible from the first report that knows it, and conforms and tested from the newest release ' +
        "whose conformance data knows it (true when any report of that release says so), so from that release\n",
    );
    stderr.length = 0;
    await program().parseAsync(['node', 'apisnoop', 'export', 'app-usage-endpoints', '--report', files['1.36'], files['1.33'], '--out', out]);
    expect(stderr.join('')).toBe(
      `warning: the reports are against different Kubernetes releases (${files['1.36']}: 1.36, ${files['1.33']}: 1.33): each app's rows are against its own release\n`,
    );
    stderr.length = 0;
    await program().parseAsync(['node', 'apisnoop', 'export', 'coverage-spreadsheet', '--report', files['1.36'], files['1.36'], '--name', 'a', 'b', '--out', out]);
    expect(stderr.join('')).toBe('');
  });
});
