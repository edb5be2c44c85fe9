// `apisnoop analyze` end to end: exit codes 0 (pass), 1 (verdict failed), 2 (bad usage or nothing usable read),
// JSON on stdout, stdin, the report files, and bad input reported by file and line.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_INVALID } from '../../src/engine/analysis.js';
import type { Report } from '../../src/engine/report.js';
import { REPORT_FILES } from '../../src/outputs.js';
import { mdText } from '../../src/render/markdown-cells.js';
import { loadSpecFile } from '../../src/sources/specs.js';
import { modesStopCli, parseStdout, runCli, runCliPiped } from '../helpers/cli.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, fixture, readFixtureJson, readLines, repoRoot, scratchDir, specPath, writeServedSpec } from '../helpers/fixtures.js';
import { tables } from '../helpers/markdown-check.js';

const dir = scratchDir('cli-analyze');
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const SPEC_113 = ['--spec', specPath('1.13'), '--conformance', 'none'];
const removedLog = write('removed-apis.log', deriveRemovedApiLog().join('\n') + '\n');

describe('exit codes', () => {
  it('0 when the verdict passes; --format json prints the report to stdout', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report).toMatchObject({ schemaVersion: 1, kubernetesVersion: '1.13', inputs: [AUDIT2RBAC_V1], conformance: null });
    expect(report.summary).toMatchObject({ requests: 37, selected: 37, matched: 37, unmatched: 0, invalidLines: 0 });
    // Discovery of beta and alpha group versions does not fail the default policy (alpha,beta).
    expect(report.verdict).toMatchObject({ pass: true, policy: { failOn: ['alpha', 'beta'], allow: [] }, violations: [] });
    // Later releases default to the shipped ones newer than the spec.
    expect(report.specs.map((s) => s.kubernetesVersion)).toEqual(['1.13', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(r.stderr).toMatch(/^PASS: 37 requests, 37 selected, 37 matched, 0 unmatched, 0 invalid lines;/m);
  });

  it('a log of one request says "1 request", not "1 requests"', async () => {
    // The first line of the real audit2rbac log alone.
    const one = write('one-request.log', readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n')[0] + '\n');
    const r = await runCli(['analyze', one, ...SPEC_113, '--include-system', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^PASS: 1 request, 1 selected, /m);
  });

  it('1 when the verdict fails: --fail-on removed names the removed operations', async () => {
    const r = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = parseStdout<Report>(r);
    expect(report.verdict.pass).toBe(false);
    const v = report.verdict.violations.find((x) => x.operationId === 'readExtensionsV1beta1NamespacedDeployment')!;
    expect(v).toMatchObject({ rule: 'removed', hits: 58, level: 'beta' });
    expect(v.why).toMatch(/^removed in Kubernetes 1\.16; use apps\/v1/);
    expect(report.verdict.violations.map((x) => x.operationId)).toContain('patchPolicyV1beta1PodSecurityPolicy');
    expect(r.stderr).toMatch(/^FAIL: 437 requests/m);
  });

  it('stderr names the violations that failed the verdict, with what to change, the first five of them', async () => {
    const r = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--out', path.join(dir, 'named')]);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'named', 'report.json'), 'utf8')) as Report;
    const all = report.verdict.violations;
    expect(all.length).toBeGreaterThan(5);
    const lines = r.stderr.trim().split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL: '));
    // After the summary, the first five as report.md lists them (one rule here: the earliest removal, then the most
    // hits first), each with its rules, request and reason; report.json lists them by path, where the first gone and
    // most used were not the first five.
    const minor = (v: (typeof all)[number]) => Number(report.operations.find((o) => o.operationId === v.operationId)!.removedIn!.split('.')[1]);
    const mostUsed = [...all].sort((a, b) => minor(a) - minor(b) || b.hits - a.hits || (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
    expect(new Set(all.map(minor)).size).toBeGreaterThan(1);
    expect(mostUsed.slice(0, 5)).not.toEqual(all.slice(0, 5));
    expect(lines.slice(at + 1)).toEqual([
      ...mostUsed.slice(0, 5).map((v) => `violation ${v.rules!.join(', ')}: ${v.method.toUpperCase()} ${v.path} (${v.operationId}, ${v.hits} hit${v.hits === 1 ? '' : 's'}): ${v.why}`),
      `… and ${all.length - 5} more violations (the report lists them all)`,
    ]);
    // What a CI log now shows: which request to change, and to what.
    expect(lines).toContain(
      'violation removed: GET /apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name} (readExtensionsV1beta1NamespacedDeployment, 58 hits): ' +
        'removed in Kubernetes 1.16; use apps/v1; beta API extensions/v1beta1: not covered by the GA deprecation policy; deprecated since Kubernetes 1.9',
    );
    // -q says none of it.
    const quiet = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--out', path.join(dir, 'named-q'), '-q']);
    expect([quiet.exitCode, quiet.stderr]).toEqual([1, '']);
  });

  it('--fail-on given twice adds its rules (the last alone used to stand); a violation names every rule it breaks', async () => {
    const r = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'beta', '--fail-on', 'removed', '--out', path.join(dir, 'twice'), '-q']);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'twice', 'report.json'), 'utf8')) as Report;
    expect(report.verdict.policy.failOn).toEqual(['beta', 'removed']);
    // Beta and removed in 1.16: both rules, the first (removed) as `rule` for readers of the one field.
    const v = report.verdict.violations.find((x) => x.operationId === 'readExtensionsV1beta1NamespacedDeployment')!;
    expect(v).toMatchObject({ rule: 'removed', rules: ['removed', 'beta'] });
    const md = readFileSync(path.join(dir, 'twice', 'report.md'), 'utf8');
    const n = report.verdict.violations.length;
    expect(report.verdict.violations.every((x) => x.rules!.includes('beta') && x.rules!.includes('removed'))).toBe(true);
    // Failed rules counts each rule an operation breaks (beta was left out when every operation was also removed).
    expect(md).toMatch(new RegExp(`Failed rules: \\*\\*removed\\*\\* \\(${n} operations, [0-9]+ hits\\), \\*\\*beta\\*\\* \\(${n} operations`));
  });

  it('0 again when --allow exempts the groups', async () => {
    const r = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'extensions,policy', '--allow', 'rbac.authorization.k8s.io', '--format', 'json', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseStdout<Report>(r).verdict).toMatchObject({ pass: true, policy: { allow: ['extensions', 'policy', 'rbac.authorization.k8s.io'] } });
    expect(r.stderr).toBe('');
  });

  it('--allow takes entries parted by spaces, as --fail-on takes rules: "extensions policy" was one entry that exempted nothing', async () => {
    const [spaced, commas] = await Promise.all([
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'extensions policy', '--allow', ' rbac.authorization.k8s.io ', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'extensions,policy,rbac.authorization.k8s.io', '--format', 'json']),
    ]);
    expect(spaced.exitCode, spaced.stderr).toBe(0);
    expect(spaced.stderr).not.toContain('--allow');
    expect(parseStdout<Report>(spaced)).toStrictEqual(parseStdout<Report>(commas));
    expect(parseStdout<Report>(spaced).verdict.policy.allow).toEqual(['extensions', 'policy', 'rbac.authorization.k8s.io']);
  });

  it('--allow none exempts nothing (as the Action input says it; an empty --allow is refused), not an entry named none; mixed with entries it is refused', async () => {
    const [none, left, mixed] = await Promise.all([
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'none', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'none,extensions', '--format', 'json']),
    ]);
    expect(none.exitCode, none.stderr).toBe(1);
    expect(none.stderr).not.toContain('--allow');
    expect(parseStdout<Report>(none)).toStrictEqual(parseStdout<Report>(left));
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr.trim()).toBe('apisnoop: --allow none cannot be given with entries (extensions): none is an empty list');
    expect(mixed.stdout).toBe('');
  });

  it('none in any case, and given twice, is none, as the Action reads it (NONE was an entry that exempted nothing)', async () => {
    const [left, upper, twice, rulesTwice, mixed] = await Promise.all([
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'NONE', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'none None', '--allow', 'none', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'none', '--fail-on', 'None', '--format', 'json']),
      runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', 'None,batch', '--format', 'json']),
    ]);
    for (const r of [upper, twice]) {
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).not.toContain('--allow');
      expect(parseStdout<Report>(r)).toStrictEqual(parseStdout<Report>(left));
    }
    expect(rulesTwice.exitCode, rulesTwice.stderr).toBe(0);
    expect(parseStdout<Report>(rulesTwice).verdict.policy).toEqual({ failOn: [], allow: [] });
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr.trim()).toBe('apisnoop: --allow none cannot be given with entries (batch): none is an empty list');
  });

  it.each([
    ['an empty log', () => [write('empty.log', '')], /^apisnoop: no audit events read from .*empty\.log$/m],
    ['a YAML file', () => [fixture('deprecations', 'pluto-versions.yaml')], /^apisnoop: no audit events read from .*pluto-versions\.yaml \(.*pluto-versions\.yaml:1: not JSON/m],
    ['a missing log', () => [path.join(dir, 'missing.log')], /^apisnoop: .*missing\.log: cannot read \(ENOENT\)$/m],
  ])('2 when nothing usable was read: %s', async (_name, logs, message) => {
    const r = await runCli(['analyze', ...logs(), ...SPEC_113, '--format', 'json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    // No report is written: the bad lines past the first five are counted, not said to be listed in one.
    expect(r.stderr).not.toContain('listed in report.json');
  });

  it("2 for a report.json of apisnoop's given as the log, said as such (it was 'not an audit event: no auditID')", async () => {
    const out = path.join(dir, 'report-as-log');
    expect((await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--out', out, '-q'])).exitCode).toBe(0);
    const said = "an APISnoop report (report.json), not an audit log: analyze reads the API server's audit log; apisnoop merge and export read reports";
    // Pretty-printed, as analyze writes it, and on one line, as --format json prints it.
    const oneLine = write('report-one-line.json', JSON.stringify(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))) + '\n');
    for (const report of [path.join(out, 'report.json'), oneLine]) {
      const r = await runCli(['analyze', report, ...SPEC_113, '--format', 'json']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`apisnoop: no audit events read from ${report} (${report}:1: ${said})`);
    }
  });

  it('2 for an audit log given as the spec or the conformance data, said as the log it is (it was only "not JSON")', async () => {
    for (const option of ['--spec', '--conformance']) {
      const r = await runCli(['analyze', AUDIT2RBAC_V1, ...(option === '--spec' ? [] : SPEC_113), option, AUDIT2RBAC_V1, '--format', 'json']);
      expect(r.exitCode, option).toBe(2);
      expect(r.stderr, option).toContain(`apisnoop: ${AUDIT2RBAC_V1}: not JSON (`);
      expect(r.stderr.trimEnd(), option).toMatch(/\); it is an audit log \(its first line is an audit event\): give it as a log to analyze$/);
    }
    // A spec that is no JSON at all says only that, without quoting it (a file given by mistake may hold a secret).
    const junk = write('junk-spec.json', 'token=CANARYspec-secret-abcdef {"a":1}\n');
    for (const option of ['--spec', '--conformance']) {
      const r = await runCli(['analyze', AUDIT2RBAC_V1, ...(option === '--spec' ? [] : SPEC_113), option, junk]);
      // "t" may begin true: the "o" after it is the character V8 did not expect.
      expect(r.stderr, option).toContain(`${junk}: not JSON (Unexpected character in JSON at position 1 (line 1 column 2))`);
      expect(r.stderr, option).not.toContain('audit log');
      expect(r.stderr, option).not.toContain('CANARY');
    }
  });

  it('2 for a release that is neither a release nor a file, said as such (it read as a file that cannot be read)', async () => {
    for (const option of ['--next-releases', '--conformance']) {
      const r = await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113.slice(0, 2), option, '1.3x', '--format', 'json']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`apisnoop: ${option} 1.3x: neither a Kubernetes release (such as 1.33) nor a file`);
    }
  });

  it('warns of --allow entries that name nothing in the spec, and of a release chosen by default', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--allow', 'nosuch,core/v9,apps,core/v1,listCoreV1NamespacedPod', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const said = r.stderr.split('\n').filter((l) => l.startsWith('warning: --allow'));
    expect(said).toEqual(['warning: --allow nosuch, core/v9: the Kubernetes 1.13 spec has no operationId, API group or group/version of those names; they exempt nothing']);
    expect(r.stderr).not.toContain('newest release shipped');
    const dflt = await runCli(['analyze', AUDIT2RBAC_V1, '--conformance', 'none', '--format', 'json']);
    expect(dflt.stderr).toMatch(/^warning: no --k8s-version, --spec or --from-cluster: requests are matched against Kubernetes 1\.36, the newest release shipped; give your cluster's release$/m);
  });

  it('--conformance takes its keywords in any case, as the Action does (NONE was refused as neither a release nor a file)', async () => {
    const [none, auto] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, '--k8s-version', '1.33', '--conformance', 'NONE', '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_V1, '--k8s-version', '1.33', '--conformance', 'Auto', '--format', 'json']),
    ]);
    expect([none.exitCode, auto.exitCode], none.stderr + auto.stderr).toEqual([0, 0]);
    expect(parseStdout<Report>(none).conformance).toBeNull();
    expect(parseStdout<Report>(auto).conformance?.release).toMatch(/^1\.33/);
  });

  it('2 for a spec that is not OpenAPI v2, naming the file', async () => {
    const bundle = fixture('openapi-v3', 'openapi-v3-1.35.json.gz');
    const r = await runCli(['analyze', AUDIT2RBAC_V1, '--spec', bundle, '--format', 'json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`apisnoop: ${bundle}: not an OpenAPI v2 document`);
  });

  it('--fail-on never is an unknown rule, which names none (it was taken as none, undocumented), in analyze and merge as in the Action', async () => {
    const report = write('never.json', (await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--fail-on', 'none', '--format', 'json', '-q'])).stdout);
    const [analyze, merge] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--fail-on', 'never', '--format', 'json']),
      runCli(['merge', report, '--fail-on', 'never']),
    ]);
    expect(analyze.exitCode).toBe(2);
    expect(analyze.stdout).toBe('');
    expect(analyze.stderr).toContain('fail-on: unknown rule "never" (use alpha, beta, deprecated, removed, empty, invalid, overprivileged, or none)');
    expect(merge.exitCode).toBe(2);
    expect(merge.stderr).toContain('unknown rule "never" (use alpha, beta, deprecated, removed, empty, invalid, or none)');
  });

  it('2 for --spec given twice with two files, in every command that takes it (the last was read without a word); the same file twice is one', async () => {
    const [a, b] = [specPath('1.13'), specPath('1.30')];
    const store = path.join(scratchDir('spec-twice'), 'store.db');
    for (const command of [['analyze', AUDIT2RBAC_V1, '--format', 'json'], ['endpoints'], ['load-audit', AUDIT2RBAC_V1, '--app', 'demo', '--db', store], ['rbac', AUDIT2RBAC_V1, '--user', 'bob']]) {
      const r = await runCli([...command, '--spec', a, '--spec', b]);
      expect([r.exitCode, r.stdout], command[0]).toEqual([2, '']);
      expect(r.stderr, command[0]).toContain(
        `--spec ${a} is given already: one spec is read, the cluster's: its /openapi/v2 (kubectl get --raw /openapi/v2 > spec.json) holds its CRDs and aggregated APIs too`,
      );
    }
    const same = await runCli(['endpoints', '--spec', a, '--spec', a, '--json']);
    expect(same.exitCode).toBe(0);
    expect(parseStdout<unknown[]>(same).length).toBe((await loadSpecFile(a)).operations.length);
  });

  it('2 for bad usage: an unknown --fail-on rule, an unknown option, no log', async () => {
    const [failOn, option, none] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--fail-on', 'gamma']),
      runCli(['analyze', AUDIT2RBAC_V1, '--no-such-option']),
      runCli(['analyze']),
    ]);
    expect(failOn.exitCode).toBe(2);
    expect(failOn.stderr).toContain('fail-on: unknown rule "gamma" (use alpha, beta, deprecated, removed, empty, invalid, overprivileged, or none)');
    expect(option.exitCode).toBe(2);
    expect(option.stderr).toContain("unknown option '--no-such-option'");
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("missing required argument 'logs'");
  });

  it('an unknown option is said before a required option missing: a typo of the required one is the likely cause', async () => {
    const given = [
      ['load-audit', AUDIT2RBAC_V1, '--ap', 'shop'],
      ['export', 'app-usage-summary', '--reprot', 'report.json'],
    ];
    const [loadAudit, exportCsv] = await Promise.all(given.map((args) => runCli(args)));
    expect(loadAudit.exitCode).toBe(2);
    expect(loadAudit.stderr).toBe("error: unknown option '--ap'\n(Did you mean --app?)\n(add --help for usage)");
    expect(exportCsv.exitCode).toBe(2);
    expect(exportCsv.stderr).toBe("error: unknown option '--reprot'\n(Did you mean --report?)\n(add --help for usage)");
    // Put right, or with none unknown, the required one missing is said as before.
    for (const args of [['load-audit', AUDIT2RBAC_V1], ['export', 'app-usage-summary']]) {
      const r = await runCli(args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^error: required option '--(app <name>|report <file\.\.\.>)' not specified\n/);
    }
  });
});

describe('a spec file that does not name its release', () => {
  // Upstream's api/openapi-spec/swagger.json says "unversioned": only a file name such as swagger-1.28.json gave the
  // release, and without one every check that needs a release was off and removed APIs passed as unmatched.
  const unnamed = path.join(dir, 'swagger.json.gz');
  copyFileSync(specPath('1.28'), unnamed);

  it('is said; --k8s-version gives its release, with the same report as the file named by its release', async () => {
    const [named, bare, given] = await Promise.all([
      runCli(['analyze', removedLog, '--spec', specPath('1.28'), '--format', 'json']),
      runCli(['analyze', removedLog, '--spec', unnamed, '--format', 'json']),
      runCli(['analyze', removedLog, '--spec', unnamed, '--k8s-version', '1.28', '--format', 'json']),
    ]);
    const [n, b, g] = [parseStdout<Report>(named), parseStdout<Report>(bare), parseStdout<Report>(given)];
    expect(named.exitCode, named.stderr).toBe(1);
    expect(n.summary.unmatched).toBe(0);
    expect(n.verdict.violations.length).toBeGreaterThan(0);
    // Without a release: nothing matched through the earlier releases, no later ones, no conformance data, and said.
    expect(b.kubernetesVersion).toBe('unknown');
    expect(b.summary.matched + b.summary.unmatched).toBe(n.summary.matched);
    expect(b.summary.unmatched).toBeGreaterThan(0);
    expect(b.specs.map((x) => x.kubernetesVersion)).toEqual(['unknown']);
    expect(b.conformance).toBeNull();
    expect(b.verdict.violations.length).toBeLessThan(n.verdict.violations.length);
    // Nor Pluto's table, whose entries are dated by release.
    expect(n.operations.some((o) => o.deprecation?.source === 'pluto')).toBe(true);
    expect(b.operations.filter((o) => o.deprecation?.source === 'pluto')).toEqual([]);
    expect(bare.stderr).toContain(
      `warning: ${unnamed}: the spec does not say which Kubernetes release it is (no release in its info.version or its file name), so Pluto's table of deprecated and removed APIs, removals in later releases, the conformance overlay and matching through the shipped earlier releases are all skipped (only what the spec itself marks deprecated, and what the API server's audit annotations say, is judged); give its release with --k8s-version 1.NN`,
    );
    expect(named.stderr).not.toContain('does not say which Kubernetes release');
    expect(given.exitCode, given.stderr).toBe(1);
    expect(given.stderr).not.toContain('warning:');
    const same = (r: Report) => ({ ...r, specs: r.specs.map((x) => ({ ...x, source: x.source === unnamed ? specPath('1.28') : x.source })) });
    expect(same(g)).toEqual(same(n));
  });

  it('--fail-on removed is refused without its release (exit 2), where it passed the removed APIs on a warning', async () => {
    const [bare, given] = await Promise.all([
      runCli(['analyze', removedLog, '--spec', unnamed, '--fail-on', 'removed', '--format', 'json']),
      runCli(['analyze', removedLog, '--spec', unnamed, '--k8s-version', '1.28', '--fail-on', 'removed', '--format', 'json']),
    ]);
    expect(bare.exitCode).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain(
      `${unnamed}: fail-on removed needs the spec's Kubernetes release, which it does not say (no release in its info.version or its file name); give its release with --k8s-version 1.NN`,
    );
    // With its release, the same log fails on the APIs removed since.
    expect(given.exitCode, given.stderr).toBe(1);
    expect(parseStdout<Report>(given).verdict.violations.some((v) => v.rule === 'removed')).toBe(true);
  });

  it('a release the spec contradicts is not used, and said; --spec and --from-cluster do not go together', async () => {
    const [contradicted, cluster] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, '--spec', specPath('1.21-served-kind'), '--k8s-version', '1.33', '--conformance', 'none', '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_V1, '--spec', unnamed, '--from-cluster']),
    ]);
    expect(parseStdout<Report>(contradicted).kubernetesVersion).toBe('1.21');
    expect(contradicted.stderr).toContain(`warning: --k8s-version 1.33 not used: ${specPath('1.21-served-kind')} says it is Kubernetes 1.21 (its info.version)`);
    const byName = await runCli(['analyze', AUDIT2RBAC_V1, '--spec', specPath('1.28'), '--k8s-version', '1.33', '--conformance', 'none', '--format', 'json']);
    expect(parseStdout<Report>(byName).kubernetesVersion).toBe('1.28');
    expect(byName.stderr).toContain(`warning: --k8s-version 1.33 not used: ${specPath('1.28')} says it is Kubernetes 1.28 (its file name)`);
    expect(cluster.exitCode).toBe(2);
    expect(cluster.stderr).toBe('apisnoop: give --spec or --from-cluster, not both (either with --k8s-version if the spec does not name its release)');
  });
});


describe('a spec file taken as a release its own operations contradict', () => {
  // Upstream's 1.30 swagger.json ("unversioned") given as 1.33: it was judged as 1.33 without a word, its flowcontrol
  // v1beta3 said removed in 1.34 (it went in 1.32), its networking v1alpha1 ServiceCIDR too (gone in 1.31).
  const copy = path.join(dir, 'cluster-spec.json.gz');
  copyFileSync(specPath('1.30'), copy);
  const named133 = path.join(dir, 'swagger-1.33.json.gz');
  copyFileSync(specPath('1.30'), named133);
  const sample = 'data/sample-audit.log.gz';
  const notServed =
    'Not served by 1.33: listAdmissionregistrationV1alpha1ValidatingAdmissionPolicy (served by 1.28, 1.30, 1.31), createAuthenticationV1alpha1SelfSubjectReview (served by 1.28, 1.30, 1.31), createAuthenticationV1beta1SelfSubjectReview (served by 1.28, 1.30, 1.31, 1.32), …';
  const head = (file: string, where: string) =>
    `${file}: taken as Kubernetes 1.33 (${where}), but 152 of its built-in operations (those of the releases apisnoop ships) are not served by 1.33 and fit Kubernetes 1.30 best: if it is that release, `;

  it('is said, and kept in report.json and report.md; given its own release, nothing is said', async () => {
    const [given, byName, own, md] = await Promise.all([
      runCli(['analyze', sample, '--spec', copy, '--k8s-version', '1.33', '--format', 'json']),
      runCli(['analyze', sample, '--spec', named133, '--format', 'json']),
      runCli(['analyze', sample, '--spec', copy, '--k8s-version', '1.30', '--format', 'json']),
      runCli(['analyze', sample, '--spec', copy, '--k8s-version', '1.33', '--format', 'md']),
    ]);
    const said = `${head(copy, '--k8s-version')}give --k8s-version 1.30; judged as Kubernetes 1.33, what is said removed, and in which release, may be wrong. ${notServed}`;
    expect(given.exitCode, given.stderr).toBe(1);
    expect(given.stderr).toContain(`warning: ${said}\n`);
    const report = parseStdout<Report>(given);
    expect(report.kubernetesVersion).toBe('1.33');
    expect(report.runNotes).toEqual({ problems: [], notices: [said] });
    // report.md shows it above the verdict, as far as the fix.
    expect(md.stdout.split('\n').slice(0, 2).join('\n')).toContain(mdText(`${head(copy, '--k8s-version')}give --k8s-version 1.30`, 400));
    expect(byName.stderr).toContain(`warning: ${head(named133, 'its file name')}name the file after it (swagger-1.30.json); judged as Kubernetes 1.33`);
    expect(own.exitCode, own.stderr).toBe(1);
    expect(own.stderr).not.toContain('built-in operations');
    expect(parseStdout<Report>(own).runNotes).toBeUndefined();
  });

  it("a later release's spec file named after another release (--next-releases), which removals are dated by: the same", async () => {
    // 1.33's spec named swagger-1.35: 1.33's v1beta1 admission policies (gone in 1.34) were dated as removed after 1.35.
    const later = path.join(dir, 'swagger-1.35.json.gz');
    copyFileSync(specPath('1.33'), later);
    const [warned, refused] = await Promise.all([
      runCli(['analyze', sample, '--k8s-version', '1.33', '--next-releases', `${later},1.36`, '--format', 'json']),
      runCli(['analyze', sample, '--k8s-version', '1.33', '--next-releases', `${later},1.36`, '--fail-on', 'removed', '--format', 'json']),
    ]);
    const said =
      `${later}: taken as Kubernetes 1.35 (its file name), but 87 of its built-in operations (those of the releases apisnoop ships) are not served by 1.35 and fit Kubernetes 1.33 best: ` +
      'if it is that release, name the file after it (swagger-1.33.json); judged as Kubernetes 1.35, what is said removed, and in which release, may be wrong. Not served by 1.35: ';
    expect(warned.exitCode, warned.stderr).toBe(1);
    expect(warned.stderr).toContain(`warning: ${said}`);
    expect(parseStdout<Report>(warned).runNotes?.notices).toEqual([expect.stringMatching(new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("fail-on removed dates removals by the spec's release, which its operations contradict: refused");
  });

  it('--fail-on removed, which dates removals by that release, is refused (exit 2)', async () => {
    const r = await runCli(['analyze', sample, '--spec', copy, '--k8s-version', '1.33', '--fail-on', 'removed', '--format', 'json']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `${head(copy, '--k8s-version')}give --k8s-version 1.30; fail-on removed dates removals by the spec's release, which its operations contradict: refused ` +
        `(if it is a build of Kubernetes 1.33 that serves them, write that in its info.version, "version": "v1.33.0", which is taken as the spec's own). ${notServed}`,
    );
  });
});

describe("a cluster's own spec, with the app's custom resources", () => {
  // kubectl get --raw /openapi/v2 of the sample's 1.33 cluster: upstream 1.33 plus the demo operator's CRD
  // (demo.example.com Widget), its operations as the apiserver publishes a CRD's, and its release in info.version.
  const served = (release: string, crdVersion: string, group = 'demo.example.com'): string =>
    writeServedSpec(path.join(dir, `served-${release}-${group}-${crdVersion}.json.gz`), release, [{ group, version: crdVersion }]);
  const sample = path.join(repoRoot, 'data/sample-audit.log.gz');

  it('no later Kubernetes release removes a custom resource: the upstream specs checked lack it, as they lack every CRD', async () => {
    const spec = served('1.33', 'v1alpha1');
    // The next cluster, 1.34, serves the CRD as v1 only: a document a cluster served names that cluster's custom
    // groups, which Kubernetes did not remove either.
    const r = await runCli(['analyze', sample, '--spec', spec, '--next-releases', `${served('1.34', 'v1')},1.35,1.36`, '--fail-on', 'removed', '--format', 'json']);
    const report = parseStdout<Report>(r);
    expect(report.specs.map((s) => s.kubernetesVersion)).toEqual(['1.33', '1.34', '1.35', '1.36']);
    const widgets = report.operations.filter((o) => o.group === 'demo.example.com');
    expect(widgets.map((o) => [o.operationId, o.hits])).toEqual([
      ['listDemoExampleComV1alpha1NamespacedWidget', 12],
      ['patchDemoExampleComV1alpha1NamespacedWidgetStatus', 12],
    ]);
    for (const o of widgets) expect(o, o.operationId).toMatchObject({ removedIn: null, deprecation: null, conformanceTested: null });
    // Kubernetes' own removal is still caught: admissionregistration.k8s.io/v1beta1, gone from 1.34.
    expect(report.verdict.violations.map((v) => [v.operationId, v.rule])).toEqual([
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', 'removed'],
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding', 'removed'],
    ]);
    expect(report.summary.removedSoon).toBe(2);
    expect(r.exitCode, r.stderr).toBe(1);
  });

  it('--e2e: the custom resources its tests hit are no conformance gap, [Conformance] test or not (conformance covers Kubernetes\' APIs)', async () => {
    // An e2e run against its cluster's own spec, which holds a CRD of the kind the CRD tests create, stable (v1).
    const spec = served('1.36', 'v1', 'e2e-test.example.com');
    const base = JSON.parse(readLines(AUDIT2RBAC_V1)[0]!) as Record<string, unknown>;
    const agent = (test: string) => `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${test}`;
    const event = (id: string, verb: string, requestURI: string, test: string) =>
      JSON.stringify({ ...base, auditID: id, stage: 'ResponseComplete', verb, requestURI, userAgent: agent(test), objectRef: undefined, responseStatus: { code: 200 } });
    const log = write('e2e-crd.log', [
      // Real test names of APISnoop's 1.36 run.
      event('c1', 'list', '/apis/e2e-test.example.com/v1/namespaces/e2e-ns/widgets', '[sig-api-machinery] CustomResourcePublishOpenAPI [Privileged:ClusterAdmin] works for CRD preserving unknown fields at the schema root [Conformance]'),
      event('c2', 'create', '/apis/e2e-test.example.com/v1/namespaces/e2e-ns/widgets', '[sig-api-machinery] Garbage collector should delete jobs and pods created by cronjob'),
      event('l1', 'list', '/api/v1/namespaces/e2e-ns/pods', '[sig-api-machinery] Garbage collector should delete jobs and pods created by cronjob'),
    ].join('\n') + '\n');
    const r = await runCli(['analyze', log, '--e2e', '--spec', spec, '--conformance', 'none', '--fail-on', 'none', '--format', 'json', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    const op = (id: string) => report.operations.find((o) => o.operationId === id)!;
    // The create was counted a stable endpoint no conformance test covers, eligible: a gap no conformance test can close.
    expect(op('listE2eTestExampleComV1NamespacedWidget')).toMatchObject({ custom: true, level: 'stable', tested: true, conformanceTested: null });
    expect(op('createE2eTestExampleComV1NamespacedWidget')).toMatchObject({ custom: true, level: 'stable', tested: true, conformanceTested: null });
    // Kubernetes' own endpoint, hit by no [Conformance] test of this run: untested, eligible.
    expect(op('listCoreV1NamespacedPod')).toMatchObject({ tested: true, conformanceTested: false });
    expect(report.summary).toMatchObject({ stableUntested: 1, stableUntestedEligible: 1, stableConformanceUnknown: 2 });
    const md = await runCli(['analyze', log, '--e2e', '--spec', spec, '--conformance', 'none', '--fail-on', 'none', '--format', 'md', '-q']);
    expect(md.stdout).toContain('2 more stable operations have no conformance verdict (custom resources, which conformance leaves out).');
  });

  it("an operator's watches through the legacy /watch/ paths of its CRDs, which the served spec publishes none of, count for their list and get operations, in every reading mode", async () => {
    // The operator's CRDs with every route the apiserver publishes for one, and no /watch/ path.
    const spec = writeServedSpec(path.join(dir, 'served-1.33-memcached.json.gz'), '1.33', [
      { group: 'cache.example.com', version: 'v1alpha1', kind: 'Memcached', plural: 'memcacheds', allRoutes: true },
      { group: 'cache.example.com', version: 'v1alpha1', kind: 'MemcachedPool', plural: 'memcachedpools', allRoutes: true, cluster: true },
    ]);
    const base = JSON.parse(readLines(AUDIT2RBAC_V1)[0]!) as Record<string, unknown>;
    const user = { username: 'system:serviceaccount:shop:memcached-operator', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] };
    const event = (id: string, verb: string, requestURI: string, objectRef: Record<string, string>) =>
      JSON.stringify({ ...base, auditID: id, verb, requestURI, user, impersonatedUser: undefined, objectRef, responseStatus: { code: 200 } });
    const g = '/apis/cache.example.com/v1alpha1';
    const ref = (resource: string, more: Record<string, string> = {}) => ({ resource, apiGroup: 'cache.example.com', apiVersion: 'v1alpha1', ...more });
    const log = write('crd-watch.log', [
      event('w1', 'watch', `${g}/watch/namespaces/shop/memcacheds?resourceVersion=5`, ref('memcacheds', { namespace: 'shop' })),
      event('w2', 'watch', `${g}/namespaces/shop/memcacheds?watch=true`, ref('memcacheds', { namespace: 'shop' })),
      event('w3', 'watch', `${g}/watch/memcacheds`, ref('memcacheds')),
      event('w4', 'watch', `${g}/watch/namespaces/shop/memcacheds/one`, ref('memcacheds', { namespace: 'shop', name: 'one' })),
      event('w5', 'watch', `${g}/watch/memcachedpools`, ref('memcachedpools')),
      event('w6', 'watch', '/apis/apps/v1/watch/namespaces/shop/deployments', { resource: 'deployments', namespace: 'shop', apiGroup: 'apps', apiVersion: 'v1' }),
      event('w7', 'watch', `${g}/watch/namespaces/shop/gadgets`, ref('gadgets', { namespace: 'shop' })),
    ].join('\n') + '\n');
    const granted = write(
      'crd-watch-granted.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: memcached}\n' +
        'rules: [{apiGroups: [cache.example.com], resources: [memcacheds, memcachedpools], verbs: [watch]}, {apiGroups: [apps], resources: [deployments], verbs: [watch]}]\n---\n' +
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: memcached}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: memcached}\n' +
        'subjects: [{kind: ServiceAccount, name: memcached-operator, namespace: shop}]\n',
    );
    const args = ['analyze', log, '--spec', spec, '--conformance', 'none', '--rbac-serviceaccount', 'shop:memcached-operator', '--granted', granted, '--fail-on', 'deprecated', '--format', 'json', '-q'];
    const [fast, full, jobs] = await Promise.all([runCli(args), runCli([...args, '--no-fast']), runCli([...args, '-j', '2'])]);
    const report = parseStdout<Report>(fast);
    expect(parseStdout<Report>(full)).toStrictEqual(report);
    expect(parseStdout<Report>(jobs)).toStrictEqual(report);
    // A collection's watch is its list operation's, as ?watch=true on the list path is; one object's its get's. The
    // operation is not deprecated by it: the spec deprecates the /watch/ paths it has, which a CRD's are not.
    expect(report.operations.filter((o) => o.hits > 0).map((o) => [o.operationId, o.verbs, o.deprecated])).toEqual([
      ['watchAppsV1NamespacedDeploymentList', { watch: 1 }, true],
      ['listCacheExampleComV1alpha1MemcachedPool', { watch: 1 }, false],
      ['listCacheExampleComV1alpha1MemcachedForAllNamespaces', { watch: 1 }, false],
      ['listCacheExampleComV1alpha1NamespacedMemcached', { watch: 2 }, false],
      ['readCacheExampleComV1alpha1NamespacedMemcached', { watch: 1 }, false],
    ]);
    // A resource the group/version does not serve stays unknown, /watch/ path and all.
    expect(report.unmatched.map((u) => [u.reason, u.verb, u.pattern])).toEqual([['unknown-resource', 'watch', `${g}/watch/namespaces/{namespace}/gadgets`]]);
    // The built-in /watch/ path is still the one deprecated operation; least privilege reads the objectRef, as before.
    expect(report.verdict.violations.map((v) => [v.operationId, v.rule])).toEqual([['watchAppsV1NamespacedDeploymentList', 'deprecated']]);
    expect(report.rbac?.[0]?.observed.clusterRules).toEqual([{ apiGroups: ['cache.example.com'], resources: ['memcachedpools', 'memcacheds'], verbs: ['watch'] }]);
    expect(fast.exitCode, fast.stderr).toBe(1);
  });

  it("the app's own v1alpha1 CRD is a custom API, which the alpha and beta rules leave alone; a *.k8s.io group is still judged", async () => {
    const spec = served('1.33', 'v1alpha1');
    const r = await runCli(['analyze', sample, '--spec', spec, '--format', 'json']);
    const report = parseStdout<Report>(r);
    const widgets = report.operations.filter((o) => o.group === 'demo.example.com');
    expect(widgets.map((o) => [o.operationId, o.level, o.custom])).toEqual([
      ['listDemoExampleComV1alpha1NamespacedWidget', 'alpha', true],
      ['patchDemoExampleComV1alpha1NamespacedWidgetStatus', 'alpha', true],
    ]);
    // Kubernetes' own operations are not custom; the violations are the same three the upstream spec gives (npm run demo).
    expect(report.operations.filter((o) => o.custom).length).toBe(widgets.length);
    expect(report.verdict.violations.map((v) => [v.operationId, v.rule])).toEqual([
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicy', 'beta'],
      ['createAdmissionregistrationV1beta1ValidatingAdmissionPolicyBinding', 'beta'],
      ['listStorageV1beta1VolumeAttributesClass', 'beta'],
    ]);
    expect(r.exitCode).toBe(1);
    const upstream = parseStdout<Report>(await runCli(['analyze', sample, '--k8s-version', '1.33', '--format', 'json']));
    expect(upstream.verdict.violations).toEqual(report.verdict.violations);
    // report.md says what was left alone, and why.
    const md = await runCli(['analyze', sample, '--spec', spec, '--format', 'md']);
    expect(md.stdout).toContain(
      "Custom APIs: 2 operations (24 hits) of `demo.example.com/v1alpha1`, the cluster's custom resources or aggregated APIs, not Kubernetes': counted above by their version's level; the alpha and beta rules judge Kubernetes' APIs only.",
    );
    // A group named as Kubernetes' (*.k8s.io: Gateway API's CRDs, metrics.k8s.io) is judged as Kubernetes' are; a
    // *.x-k8s.io one (a sub-project's) is custom.
    const text = gunzipSync(readFileSync(sample)).toString('utf8');
    for (const [group, custom] of [['gateway.networking.k8s.io', false], ['demo.x-k8s.io', true]] as const) {
      const log = write(`sample-${group}.log`, text.replaceAll('demo.example.com/v1alpha1', `${group}/v1alpha1`));
      const other = parseStdout<Report>(await runCli(['analyze', log, '--spec', served('1.33', 'v1alpha1', group), '--format', 'json']));
      const ops = other.operations.filter((o) => o.group === group);
      expect(ops.length, group).toBe(2);
      for (const o of ops) expect(o.custom === true, o.operationId).toBe(custom);
      expect(other.verdict.violations.some((v) => v.operationId.includes('NamespacedWidget')), group).toBe(!custom);
    }
  });

  it('a custom operation stays custom through merge, and the merged verdict leaves it alone too', async () => {
    const spec = served('1.33', 'v1alpha1');
    // Two jobs' reports, each of half the log (split by auditID: no request straddles them). Of the same log, the
    // merge would count its requests once.
    const lines = gunzipSync(readFileSync(sample)).toString('utf8').split('\n').filter(Boolean);
    const half = (name: string, keep: (id: string) => boolean): string =>
      write(`${name}.log`, lines.filter((l) => keep((JSON.parse(l) as { auditID: string }).auditID)).join('\n') + '\n');
    const halves = [half('custom-a', (id) => id < '8'), half('custom-b', (id) => id >= '8')];
    const outs = ['custom-a', 'custom-b'].map((name) => path.join(dir, name));
    for (const [i, out] of outs.entries()) {
      // A half may pass (its violations all in the other half): the merged verdict is what counts here.
      expect([0, 1]).toContain((await runCli(['analyze', halves[i]!, '--spec', spec, '--name', path.basename(out), '--out', out, '-q'])).exitCode);
    }
    const whole = parseStdout<Report>(await runCli(['analyze', sample, '--spec', spec, '--format', 'json', '-q']));
    const merged = await runCli(['merge', ...outs.map((out) => path.join(out, 'report.json'))]);
    const report = parseStdout<Report>(merged);
    const custom = (r: Report): Array<[string, number]> => r.operations.filter((o) => o.custom).map((o) => [o.operationId, o.hits]);
    expect(custom(report)).toEqual([
      ['listDemoExampleComV1alpha1NamespacedWidget', 12],
      ['patchDemoExampleComV1alpha1NamespacedWidgetStatus', 12],
    ]);
    expect(custom(report)).toEqual(custom(whole));
    expect(report.verdict.violations.map((v) => v.operationId)).not.toContain('listDemoExampleComV1alpha1NamespacedWidget');
    expect(report.verdict.violations).toHaveLength(3);
  });

  it("report.md says what the stable operations with no conformance data are: the app's custom resources, not watches", async () => {
    // The operator's CRD served as v1 (stable): its widgets, like a watch, have no entry in APISnoop's data.
    const log = write('sample-widgets-v1.log', gunzipSync(readFileSync(sample)).toString('utf8').replaceAll('demo.example.com/v1alpha1', 'demo.example.com/v1'));
    const r = await runCli(['analyze', log, '--spec', served('1.33', 'v1'), '--format', 'md']);
    expect(r.stdout).toContain(
      '1 of 27 stable operations used has no conformance test (1.33.0). It is ineligible for conformance by Kubernetes\' rules (`ineligible_endpoints.yaml`), so no conformance test will cover it: no gap to close. 2 more stable operations have no entry in the conformance data (APIs it does not list, such as custom resources).',
    );
    expect(r.stdout).not.toContain('(watch');
  });
});
describe('--max-in-flight', () => {
  it('bounds the requests held until their final stage: the oldest counted early, said once on stderr with how many, kept in report.json; 0 is refused', async () => {
    // Every event a RequestReceived one: 37 requests, none completes.
    const received = write('received-only.log', readLines(AUDIT2RBAC_V1).map((l) => l.replace('"stage":"ResponseComplete"', '"stage":"RequestReceived"')).join('\n') + '\n');
    const [limited, free, zero] = await Promise.all([
      runCli(['analyze', received, ...SPEC_113, '--format', 'json', '--max-in-flight', '10']),
      runCli(['analyze', received, ...SPEC_113, '--format', 'json']),
      runCli(['analyze', received, ...SPEC_113, '--max-in-flight', '0']),
    ]);
    expect(limited.exitCode, limited.stderr).toBe(0);
    expect(limited.stderr.match(/in flight/g)).toHaveLength(1);
    expect(limited.stderr).toContain(
      'warning: 10 requests were in flight at once, the limit: to bound memory, 27 requests were counted early, with the stages they had; ' +
        'none of their final stages came: does the audit policy omit ResponseComplete, or were the logs cut off?',
    );
    expect(free.stderr).not.toContain('in flight');
    const report = parseStdout<Report>(limited);
    expect(report.summary.requests).toBe(37);
    // The same report, but for what the limit did: with -q, and in a merge, it is still there.
    const { countedEarly, finalStagesDropped, ...summary } = report.summary;
    expect([countedEarly, finalStagesDropped]).toStrictEqual([27, 0]);
    expect({ ...report, summary }).toStrictEqual(parseStdout<Report>(free));
    expect(zero.exitCode).toBe(2);
    expect(zero.stderr).toContain('a whole number of at least 1');
  });

  it('final stages that came after their requests were counted early are said dropped by the limit, not missing from the log', async () => {
    // The log's 37 requests four times under auditIDs of their own: all 148 open before any completes, with its code.
    const events = readLines(AUDIT2RBAC_V1).map((l) => JSON.parse(l) as { auditID: string; responseStatus?: unknown });
    const copied = [0, 1, 2, 3].flatMap((c) => events.map((e) => ({ ...e, auditID: `${e.auditID}-${c}` })));
    const received = copied.map(({ responseStatus: _code, ...e }) => ({ ...e, stage: 'RequestReceived' }));
    const log = write('opened-then-completed.log', [...received, ...copied].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await runCli(['analyze', log, ...SPEC_113, '--format', 'json', '--include-system', '--max-in-flight', '100']);
    const report = parseStdout<Report>(r);
    expect(report.summary).toMatchObject({ requests: 148, countedEarly: 48, finalStagesDropped: 48 });
    expect(report.operations.reduce((n, op) => n + (op.codes.unknown ?? 0), 0)).toBe(48);
    expect(r.stderr).toContain('48 requests were counted early, with the stages they had; 48 of their final stages (ResponseComplete or Panic) came later and were dropped');
    expect(r.stderr).toContain('a higher --max-in-flight keeps them');
    expect(r.stderr).not.toContain('no response code');
    expect(r.stderr).not.toContain('cut off');
  });

  it('a log without final stages is said to lack them (codes and deprecation annotations come with them); a whole log is not', async () => {
    // The 2017 log's RequestReceived lines: 320 requests, none with its ResponseComplete.
    const received = write('received-2017.log', readLines(AUDIT2RBAC_2017).filter((l) => !l.includes('"stage":"ResponseComplete"')).join('\n') + '\n');
    const [cut, whole] = await Promise.all([
      runCli(['analyze', received, ...SPEC_113, '--format', 'json', '--include-system']),
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '--include-system']),
    ]);
    const n = parseStdout<Report>(cut).summary.matched;
    expect(n).toBe(320);
    expect(cut.stderr).toContain(
      `warning: ${n} of ${n} matched requests have no response code: their final stage (ResponseComplete or Panic) is not in the log, as when the audit policy omits it`,
    );
    expect(whole.stderr).not.toContain('no response code');
  });
});

describe('--jobs', () => {
  it('more jobs than the cores available are cut to the cores, said once (not under -q), with the same report; 0, negative and non-numbers are refused', async () => {
    const cores = availableParallelism();
    const [asked, fit, quiet, ...bad] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '-j', String(cores + 62)]),
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '-j', String(cores)]),
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '-j', String(cores + 1), '-q']),
      ...['0', '-1', 'two', '1.5'].map((j) => runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '--jobs', j])),
    ]);
    expect(asked.exitCode, asked.stderr).toBe(0);
    const used = `${cores} ${cores === 1 ? 'core' : 'cores'} available, so at most ${cores} ${cores === 1 ? 'job' : 'jobs'}`;
    expect(asked.stderr.split('\n').filter((l) => l.includes('--jobs'))).toEqual([`warning: --jobs ${cores + 62}: ${used}`]);
    expect(fit.stderr).not.toContain('--jobs');
    expect(quiet.stderr).toBe('');
    expect(parseStdout<Report>(asked)).toStrictEqual(parseStdout<Report>(fit));
    expect(parseStdout<Report>(quiet)).toStrictEqual(parseStdout<Report>(fit));
    for (const r of bad) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("error: option '-j, --jobs <n>' argument");
      expect(r.stderr).toContain('a whole number of at least 1');
    }
  });
});

describe('bad lines among good ones: counted, reported by file and line, and the run goes on', () => {
  it('exit 0, invalidLines in the report, the first lines named on stderr', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    lines.splice(5, 0, 'garbage');
    lines.splice(50, 0, lines[49].slice(0, 120));
    const file = write('some-bad.log', lines.join('\n'));
    const r = await runCli(['analyze', file, ...SPEC_113, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report.summary).toMatchObject({ invalidLines: 2, events: 757, requests: 437 });
    expect(report.invalid.map((i) => [i.file, i.line])).toEqual([[file, 6], [file, 51]]);
    expect(r.stderr).toContain(`warning: ${file}:6: not JSON`);
    expect(r.stderr).toContain(`warning: ${file}:51: not JSON`);
  });

  it('the warning after the first five says where the others are: all in report.json, or past its cap the first there and the rest counted', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    const bad = (n: number) => write(`bad-${n}.log`, [...lines.slice(0, 5), ...Array.from({ length: n }, (_, i) => `garbage ${i}`), ...lines.slice(5)].join('\n'));
    const many = MAX_LISTED_INVALID + 200;
    const [few, past] = await Promise.all([7, many].map((n) => runCli(['analyze', bad(n), ...SPEC_113, '--out', path.join(dir, `bad-${n}`)])));
    expect(few.exitCode, few.stderr).toBe(0);
    expect(few.stderr.split('\n')).toContain('warning: 2 more invalid lines; all are listed in report.json');
    expect(past.exitCode, past.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, `bad-${many}`, 'report.json'), 'utf8')) as Report;
    expect([report.summary.invalidLines, report.invalid.length]).toEqual([many, MAX_LISTED_INVALID]);
    expect(past.stderr.split('\n')).toContain(`warning: ${many - 5} more invalid lines; report.json lists the first ${MAX_LISTED_INVALID} of the ${many} read and counts the rest`);
  });

  it('a bad line that would drive the terminal (retitle it, clear it) is not quoted: where JSON.parse stopped is said', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    lines.splice(5, 0, '\x1b]0;PWNED\x07\x1b[2J\x1b[Hall good');
    const file = write('escapes.log', lines.join('\n'));
    const r = await runCli(['analyze', file, ...SPEC_113, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    // V8's message quoted the line (which may hold a Secret's data): neither the report nor the terminal is shown it.
    expect(parseStdout<Report>(r).invalid[0].message).toBe('not JSON: Unexpected character in JSON at position 0 (line 1 column 1)');
    expect(r.stderr).toContain(`warning: ${file}:6: not JSON: Unexpected character in JSON at position 0 (line 1 column 1)\n`);
    expect(r.stdout + r.stderr).not.toContain('PWNED');
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

// The run rules judge the run, not an operation: a selection that kept nothing, or input that was not read whole,
// otherwise passes a verdict that judged nothing (or part of the log).
describe('--fail-on empty and invalid: the gate fails on the run itself', () => {
  const readOut = (out: string) => ({
    report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report,
    md: readFileSync(path.join(out, 'report.md'), 'utf8'),
  });
  const said = 'none of the 437 requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request';
  // Who the log holds, tallied from its events by hand: system:admin sent all 437, impersonating bob in 29, sa1 in 5
  // and alice in 3; no user agent; 212 objects in default and 4 in ns1.
  const holds =
    'warning: the requests read are by users system:admin (437), bob (29), system:serviceaccount:ns1:sa1 (5), alice (3); ' +
    'user agents (none) (437); for objects in namespaces default (212), ns1 (4)';

  it('empty: a --namespace that matches nothing fails with exit 1, the reason on stderr, in report.json and report.md', async () => {
    const out = path.join(dir, 'run-empty');
    const r = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--namespace', 'no-such-ns', '--fail-on', 'alpha,beta,empty', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^FAIL: 437 requests, 0 selected, 0 matched, 0 unmatched, 0 invalid lines; .*; 0 violations; fail-on empty: nothing was selected \(Kubernetes 1\.13\)$/m);
    expect(r.stderr.split('\n')).toContain(`fail-on empty: ${said}`);
    // Said once, as the reason: not again as the warning a passing verdict on nothing gets.
    expect(r.stderr).not.toContain('warning: none of the');
    // Then what a filter could name instead: the run said only that nothing matched.
    const lines = r.stderr.split('\n');
    expect(lines[lines.indexOf(`fail-on empty: ${said}`) + 1]).toBe(holds);
    const { report, md } = readOut(out);
    // No operation is faked for it: the run failure has its own place, beside no violation.
    expect(report.verdict).toEqual({ pass: false, policy: { failOn: ['alpha', 'beta', 'empty'], allow: [] }, violations: [], runFailures: [{ rule: 'empty', why: said }] });
    expect(md.split('\n')[0]).toBe('## ❌ APISnoop: fail');
    expect(md).toContain('**Verdict: fail.** No operation breaks the policy (fail on **alpha**, **beta**, **empty**), but the run does:');
    expect(md).toContain('❌ **The gate failed because nothing was selected** (fail-on **empty**): none of the 437 requests read is selected: the selection \\(namespace no-such-ns\\)');
    expect(md).not.toContain('Nothing was judged');
  });

  it('the same run without empty passes (exit 0), as before, with the warning', async () => {
    const out = path.join(dir, 'run-empty-not-asked');
    const r = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--namespace', 'no-such-ns', '--fail-on', 'alpha,beta', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${said}\n${holds}\n`);
    expect(r.stderr).toMatch(/^PASS: 437 requests, 0 selected, .*; 0 violations \(Kubernetes 1\.13\)$/m);
    const { report, md } = readOut(out);
    // Nothing added to the verdict of a run that breaks no run rule: it reads as reports always did.
    expect(Object.keys(report.verdict)).toEqual(['pass', 'policy', 'violations']);
    expect(md).toContain('⚠️ **Nothing was judged:**');
  });

  it('empty passes when the selection keeps requests (4 in namespace ns1)', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--namespace', 'ns1', '--fail-on', 'empty', '--format', 'json', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report.summary.selected).toBe(4);
    expect(report.verdict).toEqual({ pass: true, policy: { failOn: ['empty'], allow: [] }, violations: [] });
  });

  it('invalid: a broken line among good ones fails with exit 1, naming it; without invalid the run passes', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    lines.splice(5, 0, '{"kind":"Event","apiVersion":"audit.k8s.io/v1beta1","metadata":{"creationTimestamp":"2017-');
    const file = write('one-broken.log', lines.join('\n') + '\n');
    const out = path.join(dir, 'run-invalid');
    const [strict, lax] = await Promise.all([
      runCli(['analyze', file, ...SPEC_113, '--fail-on', 'alpha,beta,invalid', '--out', out]),
      runCli(['analyze', file, ...SPEC_113, '--format', 'json', '-q']),
    ]);
    expect(strict.exitCode, strict.stderr).toBe(1);
    expect(strict.stderr).toMatch(/^FAIL: 437 requests, 437 selected, 437 matched, 0 unmatched, 1 invalid line; .*; 0 violations; fail-on invalid: the input was invalid \(Kubernetes 1\.13\)$/m);
    const { report, md } = readOut(out);
    expect(report.invalid).toEqual([{ file, line: 6, message: expect.stringMatching(/^not JSON: /) }]);
    const why = `1 input line was not usable as an audit event (the first: ${file}:6: ${report.invalid[0]!.message})`;
    expect(strict.stderr.split('\n')).toContain(`fail-on invalid: ${why}`);
    expect(report.verdict.runFailures).toEqual([{ rule: 'invalid', why }]);
    expect(report.verdict.pass).toBe(false);
    expect(md).toContain('❌ **The gate failed because the input was invalid** (fail-on **invalid**): 1 input line was not usable as an audit event');
    expect(lax.exitCode, lax.stderr).toBe(0);
    expect(parseStdout<Report>(lax).verdict).toEqual({ pass: true, policy: { failOn: ['alpha', 'beta'], allow: [] }, violations: [] });
  });

  it('invalid: a gzip cut short fails, naming where it broke off, though the lines before it were read', async () => {
    const whole = gzipSync(readFileSync(AUDIT2RBAC_2017));
    const cut = path.join(dir, 'cut-short.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await runCli(['analyze', cut, ...SPEC_113, '--fail-on', 'invalid', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = parseStdout<Report>(r);
    expect(report.summary.requests).toBeGreaterThan(100);
    const [failure] = report.verdict.runFailures!;
    expect(failure!.rule).toBe('invalid');
    // The place it broke off is named, not the half line before it that the cut left.
    expect(failure!.why).toMatch(new RegExp(`^an input was cut short or could not be read \\(${cut.replace(/[.]/g, '\\.')}:\\d+: truncated gzip after line \\d+: `));
    expect(r.stderr).toContain('fail-on invalid: an input was cut short');

    // Past a thousand listed invalid lines, where the input broke off is still listed and named.
    const noisy = gzipSync(Buffer.concat([Buffer.from('garbage\n'.repeat(1001)), readFileSync(AUDIT2RBAC_2017)]));
    const noisyCut = path.join(dir, 'noisy-cut.log.gz');
    writeFileSync(noisyCut, noisy.subarray(0, noisy.length - 200));
    const n = await runCli(['analyze', noisyCut, ...SPEC_113, '--fail-on', 'invalid', '--format', 'json', '-q']);
    expect(n.exitCode, n.stderr).toBe(1);
    const noisyReport = parseStdout<Report>(n);
    expect(noisyReport.invalid).toHaveLength(1001);
    expect(noisyReport.invalid[1000]!.message).toMatch(/^truncated gzip after line \d+: /);
    expect(noisyReport.verdict.runFailures![0]!.why).toMatch(/^an input was cut short or could not be read \(.*noisy-cut\.log\.gz:\d+: truncated gzip after line \d+: .*; 1,00\d invalid input lines in all$/);
  });

  it('invalid: an xz log among the inputs fails, named first, past a thousand bad lines before it; the other inputs count (not exit 2)', async () => {
    const sample = gunzipSync(readFileSync('data/sample-audit.log.gz'));
    const xz = path.join(dir, 'rotated audit.log.xz');
    try {
      writeFileSync(xz, execFileSync('xz', ['-c'], { input: sample, stdio: ['pipe', 'pipe', 'ignore'] }));
    } catch {
      writeFileSync(xz, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), gzipSync(sample)]));
    }
    const noisy = write('noisy.log', 'garbage\n'.repeat(1001));
    const plain = write('sample.log', sample.toString('utf8'));
    const args = ['--k8s-version', '1.33', '--conformance', 'none', '--format', 'json'];
    const [r, alone] = await Promise.all([
      runCli(['analyze', noisy, xz, plain, ...args, '--fail-on', 'invalid']),
      runCli(['analyze', plain, ...args, '--fail-on', 'none']),
    ]);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = parseStdout<Report>(r);
    const message = `xz-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first (xz -dc '${xz}' > '${xz.replace(/\.xz$/, '')}') and give '${xz.replace(/\.xz$/, '')}'`;
    expect(report.invalid).toHaveLength(1001);
    expect(report.invalid[1000]).toEqual({ file: xz, line: 1, message });
    expect(report.summary.invalidLines).toBe(1002);
    expect(report.summary.events).toBe(parseStdout<Report>(alone).summary.events);
    const why = `an input was cut short or could not be read (${xz}:1: ${message}); 1,002 invalid input lines in all`;
    expect(report.verdict.runFailures).toEqual([{ rule: 'invalid', why }]);
    expect(r.stderr.split('\n')).toContain(`fail-on invalid: ${why}`);
    // Said once, and none of its bytes read as lines.
    expect(r.stderr).not.toContain(`${xz}: no JSON`);
    expect(r.stderr).not.toMatch(/log\.xz:\d+: not JSON/);
  });
});

describe('inputs and outputs', () => {
  it("'-' reads the log from stdin", async () => {
    const r = await runCli(['analyze', '-', ...SPEC_113, '--format', 'json'], { inputFile: AUDIT2RBAC_2017 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report.inputs).toEqual(['(stdin)']);
    expect(report.summary).toMatchObject({ events: 757, requests: 437, matched: 437 });
  });

  // script(1) runs the CLI with a terminal as its stdin, as a user typing the command without a pipe has.
  const hasScript = (() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasScript)("'-' with a terminal as stdin is refused, saying what to pipe in (it waited, with no prompt, for lines typed in)", async () => {
    const cases: Array<[string[], string]> = [
      [['analyze', '-', '--k8s-version', '1.36'], 'gzip -dc audit.log.gz | apisnoop analyze -'],
      // rbac's own pipe, not analyze's: the example is what the user copies.
      [['rbac', '-', '--user', 'bob'], 'gzip -dc audit.log.gz | apisnoop rbac - …'],
      [['rbac', AUDIT2RBAC_V1, '--user', 'bob', '--granted', '-'], 'helm template … | apisnoop rbac LOG … --granted -'],
    ];
    for (const [args, piped] of cases) {
      // Its stdin ends at once: before the refusal, the terminal's end of input made an empty log ("(stdin): empty file").
      const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', ...args].join(' ');
      const r = await execa('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, reject: false, input: '' });
      expect(r.exitCode, r.stdout).toBe(2);
      expect(r.stdout).toContain(`apisnoop: (stdin): stdin is a terminal; '-' reads what is piped in (${piped}), else give the file`);
    }
  });

  it.skipIf(!hasScript)('on a dumb terminal (TERM=dumb) the warnings and summary are plain lines, with no escape to clear a progress line', async () => {
    const run = (term: string) => {
      const command = `env TERM=${term} ${process.execPath} --import tsx src/cli.ts analyze ${AUDIT2RBAC_V1} ${SPEC_113.join(' ')} --format json --user nobody`;
      return execa('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, reject: false, input: '' });
    };
    const [dumb, xterm] = await Promise.all([run('dumb'), run('xterm')]);
    // The summary, and the warning that the selection kept nothing, on the terminal as on a file.
    expect(dumb.stdout).toMatch(/^PASS: 37 requests, 0 selected/m);
    expect(dumb.stdout).toContain('warning: ');
    expect(dumb.stdout).not.toContain('\x1b');
    expect(xterm.stdout).toContain('\r\x1b[Kwarning: ');
  });

  it('a stdout that cannot be written (a full disk, `> /dev/full`) ends with exit 2 and what failed, not a stack trace', async () => {
    const command = `'${process.execPath}' --import tsx src/cli.ts analyze data/sample-audit.log.gz --k8s-version 1.33 --conformance none --format json -q > /dev/full`;
    const r = await execa('bash', ['-c', command], { cwd: repoRoot, reject: false });
    expect(r.stderr).toBe('apisnoop: cannot write to stdout (ENOSPC): what was written is cut short');
    // Not 1, which says the verdict failed.
    expect(r.exitCode).toBe(2);
  });

  it('--format md ends quietly when the reader of stdout closes early (`| head`): a page of more than a pipe holds was an unhandled EPIPE', async () => {
    // 60,000 characters at most, but bytes: user agents in CJK, three bytes a character, make it about 90 KB.
    const agent = '操作者'.repeat(20);
    const event = (i: number) => ({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      auditID: `id-${i}`,
      stage: 'ResponseComplete',
      requestURI: `/apis/x${i}.example.com/v1/namespaces/ns${i}/widgets`,
      verb: 'list',
      user: { username: 'system:serviceaccount:op:op' },
      userAgent: agent,
      objectRef: { resource: 'widgets', namespace: `ns${i}`, apiGroup: `x${i}.example.com`, apiVersion: 'v1' },
      responseStatus: { code: 200 },
    });
    const log = write('cjk-agents.log', Array.from({ length: 3000 }, (_, i) => JSON.stringify(event(i))).join('\n') + '\n');
    const command = `'${process.execPath}' --import tsx src/cli.ts analyze '${log}' --k8s-version 1.36 --conformance none --format md -q`;
    const whole = await execa('bash', ['-o', 'pipefail', '-c', `${command} | wc -c`], { cwd: repoRoot, reject: false });
    expect(Number(whole.stdout.trim())).toBeGreaterThan(70_000);
    const r = await execa('bash', ['-o', 'pipefail', '-c', `${command} | head -c 20`], { cwd: repoRoot, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('goes on when the reader of stderr closes early (`2>&1 | head -1`): the report files are written and the exit code is the verdict\'s (the EPIPE stopped the run, exit 1, no files)', async () => {
    // Warnings before the report is written: the release chosen, and each file of notes that is no log.
    const logs = path.join(dir, 'head-stderr');
    mkdirSync(logs, { recursive: true });
    copyFileSync(AUDIT2RBAC_V1, path.join(logs, 'audit.log'));
    for (const n of [1, 2, 3]) writeFileSync(path.join(logs, `notes-${n}.txt`), `note ${n}: not a log\n`.repeat(3));
    for (const [rules, code] of [['alpha,beta', 0], ['invalid', 1]] as const) {
      const out = path.join(dir, `head-stderr-out-${code}`);
      const command = `'${process.execPath}' --import tsx src/cli.ts analyze '${logs}' --conformance none --fail-on ${rules} -o '${out}' 2>&1 | head -1`;
      const r = await execa('bash', ['-o', 'pipefail', '-c', command], { cwd: repoRoot, reject: false });
      expect(r.exitCode, r.stdout + r.stderr).toBe(code);
      expect(r.stdout).toMatch(/^warning: [^\n]+$/);
      expect(readdirSync(out).sort()).toEqual([...REPORT_FILES].sort());
    }
  });

  it('--out writes report.json, report.md, report.html and the four CSV exports', async () => {
    const out = path.join(dir, 'out');
    const r = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--out', out, '--name', 'audit2rbac']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    for (const f of ['report.json', 'report.md', 'report.html', 'app-usage-categories.csv', 'app-usage-summary.csv', 'app-usage-endpoints.csv', 'coverage-spreadsheet.csv']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.summary).toMatchObject({ requests: 437, matched: 437 });
    expect(r.stderr).toContain(`wrote 7 files to ${out}/`);
    // What analyze and merge check before writing: every file they write.
    expect(readdirSync(out).sort()).toEqual([...REPORT_FILES].sort());
    expect(readFileSync(path.join(out, 'report.md'), 'utf8').split('\n')[0]).toBe('## ✅ APISnoop: audit2rbac: pass');
    // The name is in report.json, so that export on it gives the same CSVs.
    expect(report.app).toBe('audit2rbac');
    for (const exporter of ['app-usage-summary', 'coverage-spreadsheet']) {
      const exported = await runCli(['export', exporter, '--report', path.join(out, 'report.json')]);
      expect(exported.stdout + '\r\n', exporter).toBe(readFileSync(path.join(out, `${exporter}.csv`), 'utf8'));
    }
  });

  it('--out that would replace an input, or is (inside) an input directory, is refused before anything is read or written', async () => {
    const log = readFileSync(AUDIT2RBAC_V1);
    const base = path.join(dir, 'over-inputs');
    const [o2, logs, hard] = ['o2', 'logs', 'hard'].map((d) => path.join(base, d));
    for (const d of [o2, logs, hard]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(o2, 'report.json'), log);
    writeFileSync(path.join(logs, 'a.log'), log);
    linkSync(path.join(logs, 'a.log'), path.join(hard, 'report.md'));
    symlinkSync(logs, path.join(base, 'logs-link'));
    const cases: Array<[string[], string]> = [
      [[path.join(o2, 'report.json'), '-o', o2], `--out ${o2} would replace the input ${path.join(o2, 'report.json')} with its report.json; give another --out`],
      // The same file under another name: a hard link.
      [[path.join(logs, 'a.log'), '-o', hard], `--out ${hard} would replace the input ${path.join(logs, 'a.log')} with its report.md`],
      // A second run would read the first one's report files as audit logs.
      [[logs, '-o', logs], `--out ${logs} is the input directory ${logs}: its report files would be read as input by the next run of this command; give an --out outside ${logs}`],
      [[path.join(base, 'logs-link'), '-o', path.join(logs, 'out')], `--out ${path.join(logs, 'out')} is inside the input directory ${path.join(base, 'logs-link')}:`],
      // As --granted manifests, too.
      [[AUDIT2RBAC_V1, '--rbac-serviceaccount', 'ns1:sa1', '--granted', logs, '-o', path.join(logs, 'out')], `--out ${path.join(logs, 'out')} is inside the input directory ${logs}:`],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(['analyze', ...args, ...SPEC_113])));
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(`apisnoop: ${cases[i][1]}`);
      // Refused before the logs were read: no summary.
      expect(r.stderr).not.toMatch(/requests, /);
    }
    expect(readFileSync(path.join(o2, 'report.json'))).toEqual(log);
    expect(readFileSync(path.join(hard, 'report.md'))).toEqual(log);
    expect(readdirSync(o2)).toEqual(['report.json']);
    expect(readdirSync(logs)).toEqual(['a.log']);
    // A log in --out that no report file is named after is read, and the report written beside it.
    const beside = await runCli(['analyze', path.join(hard, 'report.md'), '-o', logs, ...SPEC_113, '-q']);
    expect(beside.exitCode, beside.stderr).toBe(0);
    expect(readdirSync(logs).sort()).toEqual(['a.log', ...REPORT_FILES].sort());
  });

  it('logs and --granted manifests given as pipes (`<(zcat …)`) are read with report files written, and merge reads one; load-audit refuses one, which it would read twice', async () => {
    const base = path.join(dir, 'piped');
    const granted = path.join(repoRoot, 'examples/overgranted-chart/templates/clusterrole-operator.yaml');
    const rbac = ['--rbac-serviceaccount', 'ns1:sa1'];
    // It was: "ENOENT: no such file or directory, realpath '/dev/fd/63'", exit 2, where --format json alone worked.
    const [piped, named] = await Promise.all([
      runCliPiped(['analyze', { pipeOf: AUDIT2RBAC_V1 }, ...SPEC_113, ...rbac, '--granted', { pipeOf: granted }, '--out', path.join(base, 'o'), '-q']),
      runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, ...rbac, '--granted', granted, '--format', 'json', '-q']),
    ]);
    expect(piped.exitCode, piped.stderr).toBe(named.exitCode);
    expect(readdirSync(path.join(base, 'o')).sort()).toEqual([...REPORT_FILES].sort());
    const report = JSON.parse(readFileSync(path.join(base, 'o', 'report.json'), 'utf8')) as Report;
    const byName = parseStdout<Report>(named);
    expect(report.summary).toEqual(byName.summary);
    expect(report.summary.requests).toBeGreaterThan(0);
    // The manifests read from their pipe: the same over-grants, said of /dev/fd/N.
    const overGrants = (r: Report) => r.rbac![0].granted!.overGrants.map((o) => `${o.role.name} ${o.granted} ${o.risk}`);
    expect(overGrants(report)).toEqual(overGrants(byName));
    expect(overGrants(report).length).toBeGreaterThan(0);
    // The app is named as stdin's would be, after the report's directory: not "63", the pipe's number (/dev/fd/63).
    expect(report.inputs).toEqual([expect.stringMatching(/^\/dev\/fd\/\d+$/)]);
    const appColumn = (file: string): string[] => {
      const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\r\n').map((l) => l.split(','));
      return rows.map((r) => r[head!.indexOf('app')]!);
    };
    expect(new Set(appColumn(path.join(base, 'o', 'app-usage-summary.csv')))).toEqual(new Set(['o']));
    const exported = await runCli(['export', 'app-usage-summary', '--report', path.join(base, 'o', 'report.json')]);
    expect(exported.stdout + '\r\n').toBe(readFileSync(path.join(base, 'o', 'app-usage-summary.csv'), 'utf8'));
    const merged = await runCliPiped(['merge', { pipeOf: path.join(base, 'o', 'report.json') }, '--out', path.join(base, 'm'), '-q']);
    expect(merged.exitCode, merged.stderr).toBe(named.exitCode);
    expect((JSON.parse(readFileSync(path.join(base, 'm', 'report.json'), 'utf8')) as Report).summary).toEqual(byName.summary);
    expect(new Set(appColumn(path.join(base, 'm', 'app-usage-summary.csv')))).toEqual(new Set(['m']));
    // It said "empty file" and "no audit events read": hashing the log had taken all the pipe held.
    const load = await runCliPiped(['load-audit', { pipeOf: AUDIT2RBAC_V1 }, '--app', 'x', '--db', path.join(base, 'db.sqlite'), ...SPEC_113]);
    expect(load.exitCode).toBe(2);
    expect(load.stderr).toMatch(/^apisnoop: load-audit reads files, not pipes: \/dev\/fd\/\d+ is a FIFO \(as `<\(zcat …\)` gives\), which can be read only once/);
    expect(existsSync(path.join(base, 'db.sqlite'))).toBe(false);
  });

  it.runIf(modesStopCli)('a subdirectory of a log directory that cannot be listed (mode 000, 311) is one invalid entry and the other logs count; named, or in a --granted directory, it stops the run', async () => {
    const base = scratchDir('unlistable-modes');
    // The run as nobody writes its report files here.
    chmodSync(base, 0o777);
    const [logs, sub, granted] = [path.join(base, 'logs'), path.join(base, 'logs', 'sub'), path.join(base, 'granted')];
    mkdirSync(sub, { recursive: true });
    copyFileSync(AUDIT2RBAC_V1, path.join(logs, 'a.log'));
    copyFileSync(AUDIT2RBAC_2017, path.join(sub, 'b.log'));
    mkdirSync(path.join(granted, 'sub'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'examples/overgranted-chart/templates/clusterrole-operator.yaml'), path.join(granted, 'role.yaml'));
    chmodSync(sub, 0o000);
    chmodSync(path.join(granted, 'sub'), 0o311);
    const out = path.join(base, 'o');
    const [dirRun, alone, named, manifests] = await Promise.all([
      runCli(['analyze', logs, ...SPEC_113, '--out', out, '-j', '2'], { asNobody: true }),
      runCli(['analyze', path.join(logs, 'a.log'), ...SPEC_113, '--format', 'json', '-q']),
      runCli(['analyze', sub, ...SPEC_113, '--format', 'json'], { asNobody: true }),
      runCli(['analyze', path.join(logs, 'a.log'), ...SPEC_113, '--rbac-serviceaccount', 'ns1:sa1', '--granted', granted, '--format', 'json'], { asNobody: true }),
    ]);
    // It was "apisnoop: EACCES: permission denied, scandir '…/logs/sub'", exit 2, and a.log was not read.
    const entry = { file: sub, line: 1, message: `read error at its start: ${sub}: cannot read (EACCES); nothing of it was read, the other inputs count` };
    expect(dirRun.exitCode, dirRun.stderr).toBe(alone.exitCode);
    expect(dirRun.stderr.split('\n')).toContain(`warning: ${sub}:1: ${entry.message}`);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.invalid).toEqual([entry]);
    expect({ ...report.summary, invalidLines: 0 }).toEqual(parseStdout<Report>(alone).summary);
    // Named outright, it is an input that cannot be read, as a file is.
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toBe(`apisnoop: ${sub}: cannot read (EACCES)`);
    // Manifests left unread would leave grants unseen: one that cannot be read stops the run, a file or a directory.
    expect(manifests.exitCode).toBe(2);
    expect(manifests.stderr).toContain(`apisnoop: ${path.join(granted, 'sub')}: cannot read (EACCES)`);
    for (const d of [sub, path.join(granted, 'sub')]) chmodSync(d, 0o755);
  });

  it('--out - is refused by analyze and merge, saying what prints to stdout, where it made a directory named -', async () => {
    const cwd = scratchDir('out-dash');
    const report = path.join(cwd, 'report.json');
    writeFileSync(report, (await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--format', 'json', '-q'])).stdout);
    const [analyze, merge] = await Promise.all([runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--out', '-'], { cwd }), runCli(['merge', report, '-o', '-'], { cwd })]);
    expect(analyze.exitCode).toBe(2);
    expect(analyze.stderr).toBe('apisnoop: --out -: --out takes the directory of the report files, not stdout; for the report on stdout give --format json or --format md without --out (a directory named - is ./-)');
    expect(merge.exitCode).toBe(2);
    expect(merge.stderr).toBe('apisnoop: --out -: --out takes the directory of the report files, not stdout; without --out, merge prints report.json to stdout (a directory named - is ./-)');
    expect(readdirSync(cwd)).toEqual(['report.json']);
    // Named so, it is a directory still.
    const dotted = await runCli(['merge', report, '-o', './-', '-q'], { cwd });
    expect(dotted.exitCode, dotted.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, '-')).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('a directory given as --spec is refused as a spec, with --out inside it too: it is no input directory', async () => {
    const specDir = path.join(dir, 'spec-dir');
    mkdirSync(specDir, { recursive: true });
    const spec = ['--k8s-version', '1.13', '--conformance', 'none', '--spec', specDir];
    const [alone, withOut] = await Promise.all([runCli(['analyze', AUDIT2RBAC_V1, ...spec, '--format', 'json']), runCli(['analyze', AUDIT2RBAC_V1, ...spec, '-o', path.join(specDir, 'out')])]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toMatch(new RegExp(`^apisnoop: ${specDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read \\(EISDIR\\)`, 'm'));
    expect(withOut.exitCode).toBe(2);
    expect(withOut.stderr).toBe(alone.stderr);
    expect(readdirSync(specDir)).toEqual([]);
  });

  it('without --name, the files name the app as `apisnoop export` does (after the first log) and the title is plain', async () => {
    const out = path.join(dir, 'unnamed');
    const [r, md] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--out', out]),
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'md']),
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8').split('\n')[0]).toBe('## ✅ APISnoop: pass');
    expect(md.stdout.split('\n')[0]).toBe('## ✅ APISnoop: pass');
    for (const exporter of ['app-usage-summary', 'app-usage-categories', 'app-usage-endpoints', 'coverage-spreadsheet']) {
      const exported = await runCli(['export', exporter, '--report', path.join(out, 'report.json')]);
      // (execa takes the last line break, here CRLF, off stdout.)
      expect(exported.stdout + '\r\n', exporter).toBe(readFileSync(path.join(out, `${exporter}.csv`), 'utf8'));
    }
    expect(readFileSync(path.join(out, 'app-usage-summary.csv'), 'utf8').split('\n')[1]).toMatch(/^demo-2017-v1beta1,/);
  });

  it('without --name, a log compressed as the reader reads it (gzip, zstd) names the app without its suffixes, .zst and .zstd as .gz', async () => {
    const text = readLines(AUDIT2RBAC_2017).join('\n') + '\n';
    const logs = [
      path.join(dir, 'shop-operator.log.gz'),
      path.join(dir, 'shop-operator.log.zst'),
      path.join(dir, 'shop-operator.jsonl.zstd'),
    ];
    writeFileSync(logs[0], gzipSync(text));
    writeFileSync(logs[1], zstdCompressSync(text));
    writeFileSync(logs[2], zstdCompressSync(text));
    const outs = logs.map((_, i) => path.join(dir, `compressed-${i}`));
    const runs = await Promise.all(logs.map((log, i) => runCli(['analyze', log, ...SPEC_113, '--out', outs[i], '-q'])));
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(readFileSync(path.join(outs[i], 'app-usage-summary.csv'), 'utf8').split('\n')[1], logs[i]).toMatch(/^shop-operator,/);
    }
    // export names it so from the report alone.
    const exported = await runCli(['export', 'app-usage-summary', '--report', path.join(outs[1], 'report.json')]);
    expect(exported.stdout.split('\r\n')[1]).toMatch(/^shop-operator,/);
  });

  it('--next-releases: a release not later than the spec is said not to be checked; the later ones are', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--next-releases', '1.28,1.36', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: --next-releases 1.28: Kubernetes 1.28 is not later than the spec's 1.33, so not checked");
    expect(r.stderr).not.toContain('--next-releases 1.36');
    expect(parseStdout<Report>(r).specs.map((x) => x.kubernetesVersion)).toEqual(['1.33', '1.36']);
  });

  it('--next-releases: a release given twice (by its number, then as a file) is checked once, the first, and said', async () => {
    const r = await runCli(['analyze', 'data/sample-audit.log.gz', '--k8s-version', '1.33', '--next-releases', `1.34,${specPath('1.34')},1.36`, '--format', 'md']);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`warning: --next-releases ${specPath('1.34')}: Kubernetes 1.34 is given already (1.34), which is the one checked`);
    expect(r.stdout).toContain('Kubernetes 1.33 (1041 operations in the spec); later releases checked: 1.34, 1.36;');
  });

  it('a filter value or a release given twice counts once: in the selection and the releases checked', async () => {
    const r = await runCli([
      'analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '-n', 'ns1', '-n', 'ns1,default ns1', '--user', 'bob', '--user', 'bob',
      '--next-releases', '1.36,1.36', '--format', 'json', '-q',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    // It listed namespaces ns1, ns1, ns1, default and checked 1.36 twice ("later releases checked: 1.36, 1.36").
    expect(report.selection).toMatchObject({ namespaces: ['ns1', 'default'], users: ['bob'] });
    expect(report.specs.map((x) => x.kubernetesVersion)).toEqual(['1.33', '1.36']);
  });

  it('--next-releases: a spec file that names no release (upstream swagger.json, renamed) is said not to be checked', async () => {
    // Upstream's 1.34 swagger.json says "unversioned"; under a name without its release nothing places it.
    const next = path.join(dir, 'next-swagger.json.gz');
    copyFileSync(specPath('1.34'), next);
    const r = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--next-releases', `${next},1.36`, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    // It was left out without a word: the report then said nothing of the release asked for.
    expect(r.stderr).toContain(
      `warning: --next-releases ${next}: the spec does not say which Kubernetes release it is (no release in its info.version or its file name), so not checked; name the file after its release (swagger-1.NN.json)`,
    );
    expect(parseStdout<Report>(r).specs.map((x) => x.kubernetesVersion)).toEqual(['1.33', '1.36']);
  });

  it('--e2e: a deprecated watch operation a test used is tested, with no conformance verdict (APISnoop leaves them out)', async () => {
    const base = JSON.parse(readLines(AUDIT2RBAC_V1)[0]!) as Record<string, unknown>;
    const agent = (test: string) => `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${test}`;
    const event = (id: string, verb: string, requestURI: string, test: string) =>
      JSON.stringify({ ...base, auditID: id, stage: 'ResponseComplete', verb, requestURI, userAgent: agent(test), objectRef: undefined, responseStatus: { code: 200 } });
    const log = write('e2e-watch.log', [
      event('w1', 'watch', '/apis/apps/v1/watch/namespaces/e2e-ns/deployments', '[sig-apps] Deployment should not be conformance'),
      event('w2', 'watch', '/api/v1/watch/namespaces/e2e-ns/events', '[sig-instrumentation] Events should be listed [Conformance]'),
      event('l1', 'list', '/api/v1/namespaces/e2e-ns/pods', '[sig-node] Pods should be listed [Conformance]'),
    ].join('\n') + '\n');
    const r = await runCli(['analyze', log, '--e2e', '--k8s-version', '1.36', '--fail-on', 'none', '--format', 'json', '-q']);
    const report = parseStdout<Report>(r);
    const op = (id: string) => report.operations.find((o) => o.operationId === id)!;
    expect(op('watchAppsV1NamespacedDeploymentList')).toMatchObject({ tested: true, conformanceTested: null });
    expect(op('watchCoreV1NamespacedEventList')).toMatchObject({ tested: true, conformanceTested: null });
    expect(op('listCoreV1NamespacedPod')).toMatchObject({ tested: true, conformanceTested: true });
    // No gap a conformance test could close.
    expect(report.summary).toMatchObject({ stableUntested: 0, stableUntestedEligible: 0 });
  });

  it('--e2e takes no other filter (they would be ignored): refused, naming them', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--e2e', '--namespace', 'ns1', '--user-agent', 'helm']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--e2e selects the e2e framework's requests and takes no other filter (--namespace, --user-agent given)");
  });

  it('--next-releases none checks no later release (as the Action input does); mixed with releases it is refused', async () => {
    const [none, mixed] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--next-releases', 'none', '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--next-releases', 'none,1.36', '--format', 'json']),
    ]);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(parseStdout<Report>(none).specs.map((x) => x.kubernetesVersion)).toEqual(['1.33']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain('--next-releases none cannot be given with releases (1.36): none is an empty list');
  });

  it('a full version (1.33.2, v1.33.2) is its minor release; anything else is refused before a download', async () => {
    const [full, vfull, bad] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33.2', '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', 'v1.33.2', '--conformance', '1.33.0', '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.3x', '--format', 'json']),
    ]);
    for (const r of [full, vfull]) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(parseStdout<Report>(r)).toMatchObject({ kubernetesVersion: '1.33', conformance: { release: '1.33.0' } });
    }
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('1.3x: not a Kubernetes release (write it as 1.NN, e.g. 1.33)');
  });

  it('--k8s-version: v1.33 and 1.33.0 are 1.33; a minor with a leading zero (1.033) and an empty value are refused, before a download', async () => {
    const runs = await Promise.all(
      ['v1.33', '1.33.0', '1.033', '1.021', '', ' '].map((v) => runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', v, '--conformance', 'none', '--format', 'json', '-q'])),
    );
    const [v, patch, zero, zero2, empty, blank] = runs;
    for (const r of [v, patch]) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(parseStdout<Report>(r).kubernetesVersion).toBe('1.33');
    }
    for (const [r, given] of [[zero, '1.033'], [zero2, '1.021']] as const) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`apisnoop: ${given}: not a Kubernetes release: a minor has no leading zero (write it as 1.NN, e.g. 1.33)`);
      expect(r.stderr).not.toContain('download');
    }
    for (const r of [empty, blank]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("error: option '--k8s-version <1.NN>' argument");
      expect(r.stderr).toContain('it names nothing');
      expect(r.stdout).toBe('');
    }
  });

  it("another release's conformance data is used, and said", async () => {
    const [other, same] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--conformance', fixture('apisnoop', 'coverage-1.30.0.json.gz'), '--format', 'json']),
      runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '--conformance', '1.33', '--format', 'json']),
    ]);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(parseStdout<Report>(other).conformance?.release).toBe('1.30.0');
    expect(other.stderr).toContain('warning: conformance data of Kubernetes 1.30.0 used with the 1.33 spec: what is conformance tested differs between releases');
    expect(same.stderr).not.toContain('conformance data of');
  });

  it('--k8s-version uses the shipped release and its conformance overlay', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.36', '--format', 'json', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report.kubernetesVersion).toBe('1.36');
    expect(report.conformance).toEqual({ release: '1.36.0', source: 'kubernetes-sigs/apisnoop resources/coverage/1.36.0.json' });
    expect(report.specs.map((s) => s.kubernetesVersion)).toEqual(['1.36']);
    // Each operation carries what coverage-1.36.0.json.gz says of it.
    const cov = new Map(readFixtureJson<{ endpoints: Array<{ endpoint: string; conf_tested: boolean }> }>('apisnoop', 'coverage-1.36.0.json.gz').endpoints.map((e) => [e.endpoint, e.conf_tested]));
    for (const o of report.operations) expect(o.conformanceTested, o.operationId).toBe(cov.has(o.operationId) ? cov.get(o.operationId) : null);
    const untested = report.operations.filter((o) => !o.discovery && o.level === 'stable' && cov.get(o.operationId) === false);
    // jq '.endpoints[] | select(.conf_tested == false) | .endpoint' on the coverage file lists these among the log's.
    expect(untested.map((o) => o.operationId).sort()).toEqual([
      'createRbacAuthorizationV1NamespacedRole',
      'deleteRbacAuthorizationV1NamespacedRole',
      'patchRbacAuthorizationV1ClusterRole',
      'patchRbacAuthorizationV1ClusterRoleBinding',
      'readRbacAuthorizationV1ClusterRole',
      'readRbacAuthorizationV1ClusterRoleBinding',
      'readRbacAuthorizationV1NamespacedRole',
      'readRbacAuthorizationV1NamespacedRoleBinding',
    ]);
    expect(report.summary.stableUntested).toBe(8);
  });

  it('selection options reach the engine: --serviceaccount ns:*, --user (impersonated), --namespace', async () => {
    const [sa, ns] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--serviceaccount', 'ns1:*', '--user', 'alice', '--format', 'json', '-q']),
      runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '-n', 'ns1', '--format', 'json', '-q']),
    ]);
    // 5 requests impersonating system:serviceaccount:ns1:sa1, 3 impersonating alice; 4 in namespace ns1.
    expect(parseStdout<Report>(sa).summary).toMatchObject({ requests: 437, selected: 8 });
    expect(parseStdout<Report>(sa).selection).toMatchObject({ serviceAccounts: ['ns1:*'], users: ['alice'] });
    expect(parseStdout<Report>(ns).summary).toMatchObject({ requests: 437, selected: 4 });
  });

  it('--namespace and --serviceaccount take names parted by spaces, as --fail-on does ("ns1 default" was one namespace, matching nothing); --user-agent keeps its spaces', async () => {
    // The 2017 log with kubectl's user agent, which holds spaces, on its requests in namespace ns1.
    const agent = 'kubectl/v1.8.0 (linux/amd64) kubernetes/0b9efaa';
    const log = write('user-agents.log', readLines(AUDIT2RBAC_2017).map((l) => (l.includes('"namespace":"ns1"') ? l.replace(/^\{/, `{"userAgent":"${agent}",`) : l)).join('\n') + '\n');
    const run = (...filters: string[]) => runCli(['analyze', log, ...SPEC_113, ...filters, '--format', 'json', '-q']);
    const [spaced, repeated, sas, sasRepeated, ua] = await Promise.all([
      run('-n', ' ns1  default '),
      run('-n', 'ns1', '-n', 'default'),
      run('--serviceaccount', 'ns1:sa1\tkube-system:nosuch'),
      run('--serviceaccount', 'ns1:sa1', '--serviceaccount', 'kube-system:nosuch'),
      run('--user-agent', 'kubectl/v1.8.0 (linux'),
    ]);
    const each = [spaced, repeated, sas, sasRepeated, ua].map((r) => parseStdout<Report>(r));
    expect(each[0]!.selection.namespaces).toEqual(['ns1', 'default']);
    // As the two options given apart select: default's requests besides the 4 of ns1.
    expect(each[0]!.summary.selected).toBe(each[1]!.summary.selected);
    expect(each[0]!.summary.selected).toBeGreaterThan(4);
    expect(each[2]!.selection.serviceAccounts).toEqual(['ns1:sa1', 'kube-system:nosuch']);
    expect(each[2]!.summary.selected).toBe(each[3]!.summary.selected);
    expect(each[2]!.summary.selected).toBe(5);
    // A user agent is one value, spaces and all: the 4 requests of ns1 sent by kubectl.
    expect(each[4]!.selection.userAgents).toEqual(['kubectl/v1.8.0 (linux']);
    expect(each[4]!.summary.selected).toBe(4);
  });

  it('--rbac-serviceaccount takes service accounts parted by spaces too, as --serviceaccount does', async () => {
    const granted = path.join(repoRoot, 'examples/overgranted-chart/templates');
    const run = (...sas: string[]) => runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--granted', granted, ...sas, '--format', 'json', '-q']);
    const [spaced, repeated] = await Promise.all([run('--rbac-serviceaccount', 'ns1:sa1 system:serviceaccount:ns1:other'), run('--rbac-serviceaccount', 'ns1:sa1', '--rbac-serviceaccount', 'ns1:other')]);
    const identities = (r: Awaited<ReturnType<typeof run>>) => parseStdout<Report>(r).rbac!.map((c) => c.identity.username);
    expect(identities(spaced)).toEqual(['system:serviceaccount:ns1:sa1', 'system:serviceaccount:ns1:other']);
    expect(parseStdout<Report>(spaced).rbac).toEqual(parseStdout<Report>(repeated).rbac);
  });

  // In CI an unset variable (--namespace "$NS") must not turn a judgement of the app into one of everyone's traffic.
  it('a selection, policy or least-privilege value that names nothing (empty, blank, only commas) is bad usage naming the option, in analyze, load-audit and rbac', async () => {
    const given: Array<[string, string[]]> = [
      ["'-n, --namespace <ns>'", ['analyze', '--namespace', '']],
      ["'-n, --namespace <ns>'", ['analyze', '-n', ' ']],
      ["'--serviceaccount <ns:name>'", ['analyze', '--serviceaccount', '']],
      ["'--user <name>'", ['analyze', '--user', '']],
      ["'--user-agent <pattern>'", ['analyze', '--user-agent', ',']],
      ["'--user-agent <pattern>'", ['analyze', '--user-agent', 'helm', '--user-agent', '']],
      ["'-n, --namespace <ns>'", ['load-audit', '--app', 'x', '--db', path.join(dir, 'never.db'), '--namespace', '']],
      // An unset variable there would leave no one out: the CI bot's requests judged as the app's.
      ["'--exclude-user <name>'", ['analyze', '--exclude-user', ',']],
      ["'--exclude-user <name>'", ['load-audit', '--app', 'x', '--db', path.join(dir, 'never.db'), '--exclude-user', ' ']],
      ["'--exclude-serviceaccount <ns:name>'", ['analyze', '--exclude-serviceaccount', '']],
      ["'--user <name>'", ['rbac', '--user', ' ']],
      // These were dropped without a word: an empty --allow or --granted did nothing, an empty --next-releases checked
      // no later release (as none does); and --granted with an empty --rbac-serviceaccount said it was not given.
      ["'--allow <list>'", ['analyze', '--allow', '']],
      ["'--allow <list>'", ['load-audit', '--app', 'x', '--db', path.join(dir, 'never.db'), '--allow', ',']],
      ["'--next-releases <list>'", ['analyze', '--next-releases', '']],
      ["'--granted <manifests>'", ['analyze', '--rbac-serviceaccount', 'ns1:sa1', '--granted', '']],
      ["'--rbac-serviceaccount <ns:name>'", ['analyze', '--granted', path.join(repoRoot, 'examples/overgranted-chart/templates'), '--rbac-serviceaccount', '']],
      ["'--granted <manifests>'", ['rbac', '--serviceaccount', 'ns1:sa1', '--granted', ' ']],
      // The app's name too: a blank one made a report.json that export and merge refuse ("app is not a name").
      ["'--name <name>'", ['analyze', '--name', ' ']],
      ["'--name <name>'", ['analyze', '--name', '']],
    ];
    // --format json: analyze and rbac print to stdout, and write no report here, were the value taken.
    const format = (command: string): string[] => (command === 'load-audit' ? [] : ['--format', 'json']);
    const runs = await Promise.all(given.map(([, [command, ...args]]) => runCli([command, AUDIT2RBAC_2017, ...SPEC_113.slice(0, 2), ...args, ...format(command)])));
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, given[i][1].join(' ')).toBe(2);
      expect(r.stderr).toContain(`error: option ${given[i][0]} argument`);
      expect(r.stderr).toContain('it names nothing (an unset variable?)');
      // The lists that take none say so: an empty list on purpose is none.
      expect(r.stderr.includes('(none for an empty list)'), given[i][1].join(' ')).toBe(/--allow|--next-releases/.test(given[i][0]));
      expect(r.stdout).toBe('');
    }
    expect(existsSync(path.join(dir, 'never.db'))).toBe(false);
    // A value with a name beside an empty one still selects by that name.
    const some = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '-n', 'ns1,', '--format', 'json', '-q']);
    expect(some.exitCode, some.stderr).toBe(0);
    expect(parseStdout<Report>(some).summary).toMatchObject({ requests: 437, selected: 4 });
  });

  // Where to write, what to read, where to listen: an unset variable there wrote no report (--out ""), matched against
  // the newest release instead of the cluster's (--spec ""), printed report.json where files were asked for (merge -o
  // ""), or bound every interface (serve --host "").
  it('a place or file that names nothing (--out, --spec, --conformance, --release-namespace, --report, --db, --host, a log or report given) is bad usage naming the option or argument, in every command', async () => {
    const report = path.join(dir, 'names-nothing.json');
    const made = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--format', 'json', '-q']);
    writeFileSync(report, made.stdout);
    const given: Array<[string, string[]]> = [
      ["'-o, --out <dir>'", ['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--out', '']],
      ["'--spec <file>'", ['analyze', AUDIT2RBAC_2017, '--spec', '', '--format', 'json']],
      ["'--conformance <file|1.NN|auto|none>'", ['analyze', AUDIT2RBAC_2017, '--spec', specPath('1.13'), '--conformance', ' ', '--format', 'json']],
      ["'--spec <file>'", ['rbac', AUDIT2RBAC_2017, '--user', 'alice', '--spec', '']],
      ["'--release-namespace <ns>'", ['rbac', AUDIT2RBAC_2017, '--user', 'alice', '--release-namespace', '']],
      ["'-o, --out <dir>'", ['merge', report, '-o', '']],
      ["'--out <file>'", ['export', 'app-usage-summary', '--report', report, '--out', '']],
      ["'--report <file...>'", ['export', 'app-usage-summary', '--report', '']],
      ["'--report <file...>'", ['export', 'app-usage-summary', '--report', report, ' ']],
      ["'--conformance <file|1.NN|auto|none>'", ['endpoints', '--k8s-version', '1.33', '--conformance', '']],
      ["'--spec <file>'", ['endpoints', '--spec', '']],
      ["'--db <file>'", ['load-audit', AUDIT2RBAC_2017, '--app', 'x', '--db', '']],
      ["'--db <file>'", ['serve', '--db', '']],
      ["'--host <address>'", ['serve', '--host', '', '--port', '0']],
    ];
    const runs = await Promise.all(given.map(([, args]) => runCli(args)));
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, given[i][1].join(' ')).toBe(2);
      expect(r.stderr, given[i][1].join(' ')).toContain(`error: option ${given[i][0]} argument`);
      expect(r.stderr).toContain('it names nothing (an unset variable?)');
      expect(r.stdout).toBe('');
    }
    // The logs and reports the commands read, given as arguments: `analyze "$LOG"` said ': cannot read (ENOENT)'.
    const args: Array<[string, string[]]> = [
      ['logs', ['analyze', '', ...SPEC_113, '--format', 'json']],
      ['logs', ['analyze', AUDIT2RBAC_2017, ' ', ...SPEC_113, '--format', 'json']],
      ['logs', ['rbac', '', '--user', 'alice']],
      ['logs', ['load-audit', '', '--app', 'x', '--db', path.join(dir, 'never.db')]],
      ['reports', ['merge', report, '']],
    ];
    for (const [i, r] of (await Promise.all(args.map(([, a]) => runCli(a)))).entries()) {
      expect(r.exitCode, args[i][1].join(' ')).toBe(2);
      // load-audit reads files, not stdin: it is not offered.
      const give = args[i][1][0] === 'load-audit' ? "give a file's path\n" : "give a file's path, or - for stdin\n";
      expect(r.stderr).toContain(`error: command-argument value '${args[i][1].find((a) => a.trim() === '')}' is invalid for argument '${args[i][0]}'. it names nothing (an unset variable?); ${give}`);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(path.join(dir, 'never.db'))).toBe(false);
  });

  it('serve --port naming nothing is bad usage too (Number("") is 0: it served on a port picked at random)', async () => {
    for (const port of ['', ' ']) {
      // Bounded: a serve that starts runs until stopped.
      const r = await execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', port, '--db', path.join(dir, 'never-served.db')], {
        cwd: repoRoot,
        reject: false,
        timeout: 20_000,
      });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error: option '-p, --port <port>' argument '${port}' is invalid. it names nothing (an unset variable?)`);
      expect(r.stderr).not.toContain('serving');
    }
  });

  // A typo in a filter selects nothing, and a verdict on nothing passes: said on stderr and in the Markdown report.
  it('a selection that keeps none of the requests read is said, with the filters, on stderr and in report.md', async () => {
    const typo = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--user-agent', 'kubctl', '--format', 'md']);
    expect(typo.exitCode, typo.stderr).toBe(0);
    const said =
      'none of the 437 requests read is selected: the selection (user agent kubctl), which leaves out system components or anonymous health checks, matched none; the verdict judged no request';
    expect(typo.stderr).toContain(`warning: ${said}`);
    expect(typo.stdout).toContain('⚠️ **Nothing was judged:** none of the 437 requests read is selected');
    const system = await runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, '--namespace', 'ns1', '--user-agent', 'kubectl', '--format', 'md']);
    expect(system.stderr).not.toContain('is selected');
    expect(system.stdout).not.toContain('Nothing was judged');
  });

  it('--format md prints the Markdown report', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_V1, ...SPEC_113, '--format', 'md', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#/);
    expect(r.stdout).toContain('37');
  });
});

describe('report.md shows a violation\'s why whole, and cuts a long cell after a whole word', () => {
  // A violation's why over 160 characters: a cell cut there where a word ends, with the ellipsis (inside a word it read
  // "…depre…"); the violations table shows it whole.
  const whyCells = async (args: string[], out: string): Promise<Array<{ why: string; cell: string }>> => {
    const r = await runCli(['analyze', ...args, '--out', out, '-q']);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    const violations = tables(readFileSync(path.join(out, 'report.md'), 'utf8')).find((t) => t.header[3] === 'why')!;
    return violations.rows.map((row) => ({ why: report.verdict.violations.find((v) => row[0].startsWith(`\`${v.operationId}\``))!.why, cell: row[3] }));
  };
  const expectCutAtWord = ({ why, cell }: { why: string; cell: string }): void => {
    expect(cell.endsWith('…'), cell).toBe(true);
    // The words kept, escaped as a whole: the why goes on with a space (after the ";" or ":" the cut leaves out).
    const shown = cell.slice(0, -1);
    let n = why.length;
    while (n > 0 && mdText(why.slice(0, n), 1000) !== shown) n--;
    const kept = why.slice(0, n);
    expect(mdText(kept, 1000) + '…').toBe(cell);
    expect(kept.length).toBeGreaterThan(80);
    expect(Array.from(kept).length).toBeLessThan(160);
    expect(kept).toMatch(/\S$/);
    expect(why.slice(kept.length)).toMatch(/^[;:,]?\s/);
  };

  it('the why of a violation is shown whole, on the 2017 audit2rbac log re-pointed at removed APIs (1.13) and on the demo sample (1.33)', async () => {
    // Longer than a cell's usual 160 characters: what replaces the API comes last, and a cut there lost it.
    const removed = await whyCells([removedLog, ...SPEC_113, '--fail-on', 'removed,deprecated,beta'], path.join(dir, 'cut-removed'));
    expect(removed.filter((c) => c.why.length > 160).length).toBeGreaterThan(0);
    for (const c of removed) expect(c.cell).toBe(mdText(c.why, 1000));
    // A cell of the usual 160 characters would cut it after a whole word.
    for (const c of removed.filter((x) => x.why.length > 160)) expectCutAtWord({ why: c.why, cell: mdText(c.why) });
    const demo = await whyCells([path.join(repoRoot, 'data/sample-audit.log.gz'), '--k8s-version', '1.33'], path.join(dir, 'cut-demo'));
    expect(demo.filter((c) => c.why.length > 160).length).toBeGreaterThan(0);
    for (const c of demo) expect(c.cell).toBe(mdText(c.why, 1000));
    for (const c of demo.filter((x) => x.why.length > 160)) expectCutAtWord({ why: c.why, cell: mdText(c.why) });
  });

  it('an operationId allowed is shown whole in the verdict line, as in the tables (cut at 60, the longest lost their end)', async () => {
    // 74 characters, of 1.13's spec: no warning that it names nothing.
    const long = 'deleteAdmissionregistrationV1beta1CollectionValidatingWebhookConfiguration';
    const r = await runCli(['analyze', removedLog, ...SPEC_113, '--fail-on', 'removed', '--allow', `${long},rbac.authorization.k8s.io`, '--format', 'md']);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).not.toContain('warning');
    expect(r.stdout).toContain(`; allowed: \`${long}\`, \`rbac.authorization.k8s.io\`).`);
  });
});
