// Least privilege in the report: `apisnoop analyze --rbac-serviceaccount --granted` puts the comparison in report.json
// and its verdict in the exit code; merge keeps it only when every shard agrees; report.json files with and without
// it read back. On the real audit2rbac log and examples/overgranted-chart.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { manyOpenWarning } from '../../src/engine/audit.js';
import { mergeReports } from '../../src/engine/merge.js';
import { reportPasses, type Report } from '../../src/engine/report.js';
import { kapicServiceAccounts, rbacForIdentities, rbacFromLogs } from '../../src/rbac.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { readManifests } from '../../src/sources/manifests.js';
import { readReportFile, reportProblem } from '../../src/sources/report-file.js';
import type { EmbeddedData } from '../../src/web/api.js';
import { AUDIT2RBAC_V1, readLines, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';
import { helmTemplate } from './helpers.js';

const SPEC = specPath('1.21-served-kind');
const TEMPLATES = path.join(repoRoot, 'examples/overgranted-chart/templates');
const analyzeCli = (args: string[]) =>
  execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', AUDIT2RBAC_V1, '--spec', SPEC, '--conformance', 'none', '-n', 'ns1', ...args], {
    cwd: repoRoot,
    reject: false,
  });
/** The over-grants the chart's README promises (its own specification of the fixture). */
const readmeRisks = (): string[] =>
  [...readFileSync(path.join(repoRoot, 'examples/overgranted-chart/README.md'), 'utf8').matchAll(/^\| \d+ \| ([a-z-]+) \|/gm)].map((m) => m[1]);

describe('apisnoop analyze with least privilege', () => {
  it('puts the comparison in report.json, the same one `apisnoop rbac` makes; no policy, no effect on the exit code', async () => {
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const alone = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [TEMPLATES], spec: SPEC });
    expect(report.rbac).toEqual([alone]);
    expect(report.rbac![0].granted!.overGrants.map((o) => o.risk)).toEqual(readmeRisks());
    expect(r.stderr).toContain(`least privilege ns1:sa1: 5 requests, ${readmeRisks().length} over-grants (riskiest: wildcard), 4 denied`);
  });

  it('counts one over-grant as one in its summary line (it said "1 over-grants")', async () => {
    const granted = path.join(scratchDir('rbac-one'), 'read.yaml');
    writeFileSync(
      granted,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: sa1-read}\nrules:\n- apiGroups: [""]\n  resources: [pods, nodes, services]\n  verbs: [list, get]\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: sa1-read}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sa1-read}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]\n',
    );
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', granted, '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.rbac![0].granted!.overGrants).toHaveLength(1);
    expect(r.stderr).toMatch(/least privilege ns1:sa1: 5 requests, 1 over-grant \(riskiest: [a-z-]+\), 4 denied/);
  });

  it('says a binding to a role the manifests lack is not judged, not just "0 over-grants"', async () => {
    const view = path.join(scratchDir('rbac-view'), 'view.yaml');
    writeFileSync(
      view,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: v, namespace: ns1}\n' +
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]\n',
    );
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', view, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('least privilege ns1:sa1: 5 requests, 0 over-grants (and 1 binding to a role not given, not judged), 4 denied');
  });

  it("report.md counts the denied requests alike in the fold's summary, its first line and the table's heading (4, in 3 rows)", async () => {
    const out = scratchDir('denied');
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain('· 4 denied</summary>');
    expect(md).toContain(': 5, 4 denied,');
    expect(md).toContain('**Denied (403), the app asked for more than it had (4 requests)**');
    const table = md.slice(md.indexOf('**Denied (403)'));
    expect([...table.matchAll(/^\| `list [^`]+` \| (\d+) \|/gm)].map((m) => Number(m[1]))).toEqual([2, 1, 1]);
  });

  it('`apisnoop rbac` warns as analyze does when requests never reach their final stage, and still counts each', async () => {
    // The same log with every event a RequestReceived: 37 requests held open to the end, then used as they are.
    const cut = path.join(scratchDir('rbac-open'), 'received-only.log');
    writeFileSync(cut, readLines(AUDIT2RBAC_V1).map((l) => l.replace('"stage":"ResponseComplete"', '"stage":"RequestReceived"')).join('\n') + '\n');
    const base = { serviceAccount: 'ns1:sa1', granted: [TEMPLATES], spec: SPEC };
    const whole: string[] = [];
    const cutOff: string[] = [];
    const expected = await rbacFromLogs({ ...base, logs: [AUDIT2RBAC_V1], manyOpenAt: 20, onWarning: (w) => whole.push(w) });
    expect(await rbacFromLogs({ ...base, logs: [cut], manyOpenAt: 20, onWarning: (w) => cutOff.push(w) })).toEqual(expected);
    expect(cutOff.filter((w) => !whole.includes(w))).toEqual([manyOpenWarning(20)]);
  });

  it('--fail-on ...,overprivileged joins the verdict: exit 1 above --rbac-threshold, 0 at it; the API policy keeps its own rules', async () => {
    const n = readmeRisks().length;
    const [fail, pass] = await Promise.all([
      analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--fail-on', 'alpha,beta,overprivileged', '--rbac-threshold', String(n - 1), '--format', 'json']),
      analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--fail-on', 'alpha,beta,overprivileged', '--rbac-threshold', String(n), '--format', 'md']),
    ]);
    expect(fail.exitCode, fail.stderr).toBe(1);
    const report = JSON.parse(fail.stdout) as Report;
    expect(report.verdict).toMatchObject({ pass: true, policy: { failOn: ['alpha', 'beta'] } });
    expect(report.rbac![0].verdict).toEqual({ failOn: ['overprivileged'], threshold: n - 1, overGrants: n, cannotJudge: [], pass: false });
    expect(fail.stderr).toContain(`FAIL (threshold ${n - 1})`);
    // The summary line is the whole verdict, as the exit code: not PASS because the API policy passed.
    expect(fail.stderr).toMatch(/^FAIL: \d+ requests/m);
    expect(fail.stderr).not.toMatch(/^PASS: /m);
    expect(pass.exitCode, pass.stderr).toBe(0);
    expect(pass.stderr).toMatch(/^PASS: \d+ requests/m);
    expect(pass.stdout.split('\n')[0]).toBe('## ✅ APISnoop: pass');
    expect(pass.stdout).toContain(`<summary>Least privilege (ns1:sa1): ${n} over-grants (riskiest: wildcard) · 4 denied</summary>`);
  });

  it('--fail-on overprivileged refuses --granted on stdin that holds nothing (helm template failed), exit 2, as the rbac command does', async () => {
    const args = ['--rbac-serviceaccount', 'ns1:sa1', '--granted', '-', '--format', 'json'];
    const [gated, warned] = await Promise.all([
      execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', AUDIT2RBAC_V1, '--spec', SPEC, '--conformance', 'none', '-n', 'ns1', ...args, '--fail-on', 'alpha,beta,overprivileged'], { cwd: repoRoot, reject: false, input: '' }),
      execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', AUDIT2RBAC_V1, '--spec', SPEC, '--conformance', 'none', '-n', 'ns1', ...args], { cwd: repoRoot, reject: false, input: '' }),
    ]);
    expect(gated.exitCode, gated.stderr).toBe(2);
    expect(gated.stderr).toContain('no RBAC objects (Role, ClusterRole, RoleBinding or ClusterRoleBinding) in (stdin): --fail-on overprivileged has nothing to judge');
    expect(gated.stdout).toBe('');
    // Without the gate the comparison is made and the empty input said.
    expect(warned.exitCode, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('no RBAC objects (Role, ClusterRole, RoleBinding or ClusterRoleBinding) in (stdin)');
    expect((JSON.parse(warned.stdout) as Report).rbac).toHaveLength(1);
  });

  it('--rbac-threshold without overprivileged among --fail-on\'s rules is said to judge nothing (the over-grants passed without a word)', async () => {
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--rbac-threshold', '2', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.split('\n')).toContain(
      'warning: --rbac-threshold 2 does nothing without overprivileged among the rules of --fail-on (--fail-on alpha,beta,overprivileged): the over-grants are reported, not judged',
    );
    expect((JSON.parse(r.stdout) as Report).rbac![0]!.granted!.overGrants.length).toBeGreaterThan(2);
    const judged = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--rbac-threshold', '2', '--fail-on', 'alpha,beta,overprivileged', '--format', 'json']);
    expect(judged.exitCode).toBe(1);
    expect(judged.stderr).not.toContain('does nothing');
  });

  it('every rendering says the whole verdict: least privilege failing fails the CSV summary and the page, as report.md and the exit code', async () => {
    // The API policy passes and least privilege fails: the CSV said pass and the page Pass where report.md said fail.
    const out = scratchDir('whole-verdict');
    const r = await analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--granted', TEMPLATES, '--fail-on', 'alpha,beta,overprivileged', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect([report.verdict.pass, report.rbac![0].verdict!.pass]).toEqual([true, false]);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8').split('\n')[0]).toBe('## ❌ APISnoop: fail');
    const [head, row] = readFileSync(path.join(out, 'app-usage-summary.csv'), 'utf8').split('\r\n');
    expect(row!.split(',')[head!.split(',').indexOf('verdict')]).toBe('fail');
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="apisnoop-data">([^<]*)<\/script>/.exec(html)![1]!) as EmbeddedData;
    expect(data.apps[0]!.summary.pass).toBe(false);
  });

  it('refuses a policy or manifests without the identity to check (exit 2, saying what is missing)', async () => {
    const [noGranted, noSa] = await Promise.all([
      analyzeCli(['--rbac-serviceaccount', 'ns1:sa1', '--fail-on', 'overprivileged']),
      analyzeCli(['--granted', TEMPLATES]),
    ]);
    expect([noGranted.exitCode, noGranted.stderr.trim()]).toEqual([2, 'apisnoop: --fail-on overprivileged needs --rbac-serviceaccount and --granted manifests to compare with']);
    expect([noSa.exitCode, noSa.stderr.trim()]).toEqual([2, 'apisnoop: --granted needs --rbac-serviceaccount: whose least privilege to check']);
  });
});

describe('report.json with least privilege', () => {
  const dir = scratchDir('rbac-report');
  let whole: Report;
  const analyze = (logs: string[]) => analyzeLogs({ logs, spec: SPEC, conformance: 'none', selection: { namespaces: ['ns1'] } });
  const withRbac = async (logs: string[], policy: { failOn?: Array<'overprivileged'>; threshold?: number } = {}): Promise<Report> => ({
    ...(await analyze(logs)),
    rbac: await rbacForIdentities({ logs, identities: [{ serviceAccount: 'ns1:sa1' }], granted: [TEMPLATES], spec: SPEC, allowNoRequests: true, ...policy }),
  });
  beforeAll(async () => {
    whole = await withRbac([AUDIT2RBAC_V1]);
  });

  it('reads back with and without it, and names what is wrong in a broken one', async () => {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(whole));
    expect(await readReportFile(file)).toEqual(whole);
    const { rbac: _, ...without } = whole;
    expect(reportProblem(without)).toBeNull();
    const broken = structuredClone(whole);
    (broken.rbac![0].granted!.overGrants[2] as { risk: string }).risk = 'scary';
    expect(reportProblem(broken)).toBe('rbac[0].granted.overGrants[2].risk "scary" is not one of wildcard, secrets, escalation, cluster-wide-write, cluster-wide-read, namespaced-write, non-resource, namespaced-read');
    const noRules = structuredClone(whole) as unknown as { rbac: Array<{ observed: { clusterRules: unknown } }> };
    noRules.rbac[0].observed.clusterRules = 'all';
    expect(reportProblem(noRules)).toBe('rbac[0].observed lacks clusterRules or roles');
    expect(reportProblem({ ...whole, rbac: {} })).toBe('rbac is not a list');
    // refusedAfterAuthorization was added within schema 1: a report without it reads; a malformed one does not.
    const older = structuredClone(whole);
    delete older.rbac![0].requests.refusedAfterAuthorization;
    expect(reportProblem(older)).toBeNull();
    // So was unservedGroups.
    const badUnserved = structuredClone(whole) as unknown as { rbac: Array<{ granted: { unservedGroups: unknown } }> };
    expect(badUnserved.rbac[0].granted.unservedGroups).toEqual([]);
    delete badUnserved.rbac[0].granted.unservedGroups;
    expect(reportProblem(badUnserved)).toBeNull();
    badUnserved.rbac[0].granted.unservedGroups = [{ role: { kind: 'ClusterRole', name: 'x' }, rule: { verbs: ['list'], apiGroups: ['extensions'], resources: ['daemonsets'] }, groups: 'extensions' }];
    expect(reportProblem(badUnserved)).toBe('rbac[0].granted.unservedGroups[0] lacks groups');
    // And unservedResources.
    const badResources = structuredClone(whole) as unknown as { rbac: Array<{ granted: { unservedResources: unknown } }> };
    expect(badResources.rbac[0].granted.unservedResources).toEqual([]);
    delete badResources.rbac[0].granted.unservedResources;
    expect(reportProblem(badResources)).toBeNull();
    badResources.rbac[0].granted.unservedResources = [{ role: { kind: 'ClusterRole', name: 'x' }, rule: { verbs: ['use'], apiGroups: ['policy'], resources: ['podsecuritypolicies'] } }];
    expect(reportProblem(badResources)).toBe('rbac[0].granted.unservedResources[0] lacks resources');
    badResources.rbac[0].granted.unservedResources = 'policy/podsecuritypolicies';
    expect(reportProblem(badResources)).toBe('rbac[0].granted.unservedResources is not a list');
    // And unauditedResources.
    const badUnaudited = structuredClone(whole) as unknown as { rbac: Array<{ granted: { unauditedResources: unknown } }> };
    expect(badUnaudited.rbac[0].granted.unauditedResources).toEqual([]);
    delete badUnaudited.rbac[0].granted.unauditedResources;
    expect(reportProblem(badUnaudited)).toBeNull();
    badUnaudited.rbac[0].granted.unauditedResources = [{ role: { kind: 'ClusterRole', name: 'x' }, rule: { verbs: ['get'], apiGroups: [''], resources: ['nodes/metrics'] } }];
    expect(reportProblem(badUnaudited)).toBe('rbac[0].granted.unauditedResources[0] lacks resources');
    // And each role's unaudited count (added within schema 1): absent in earlier reports, a count when there, as the
    // permissions and exercised counts it is read with (roleUsageText); the shipped schema's walk checks it.
    const roles = (r: unknown) => (r as { rbac: Array<{ granted: { roles: Array<Record<string, unknown>> } }> }).rbac[0].granted.roles;
    expect(roles(whole).length).toBeGreaterThan(0);
    expect(roles(whole).every((u) => !('unaudited' in u))).toBe(true);
    const counted = structuredClone(whole);
    roles(counted)[0].unaudited = 3;
    expect(reportProblem(counted)).toBeNull();
    for (const bad of ['3', -1, 1.5, null]) {
      const badCount = structuredClone(whole);
      roles(badCount)[0].unaudited = bad;
      expect(reportProblem(badCount)).toBe('rbac[0].granted.roles[0].unaudited is not a whole number');
    }
    const noPermissions = structuredClone(whole);
    delete roles(noPermissions)[0].permissions;
    expect(reportProblem(noPermissions)).toBe('rbac[0].granted.roles[0].permissions is missing');
    // Read from a file (merge, export, the Action's fan-in): refused, naming the file and the field.
    const badFile = path.join(dir, 'bad-unaudited.json');
    const badCount = structuredClone(whole);
    roles(badCount)[0].unaudited = '3';
    writeFileSync(badFile, JSON.stringify(badCount));
    await expect(readReportFile(badFile)).rejects.toThrow(`${badFile}: not an apisnoop report.json: rbac[0].granted.roles[0].unaudited is not a whole number`);
    const badRefused = structuredClone(whole) as unknown as { rbac: Array<{ requests: { refusedAfterAuthorization: unknown } }> };
    badRefused.rbac[0].requests.refusedAfterAuthorization = [{ verb: 'patch' }];
    expect(reportProblem(badRefused)).toBe('rbac[0].requests.refusedAfterAuthorization[0] lacks verb or count');
  });

  it('merge keeps a comparison per identity: the whole\'s when every report carries the same, else the strictest verdict, saying whose', async () => {
    const notes: string[] = [];
    const same = mergeReports([whole, whole], undefined, (n) => notes.push(n));
    expect(same.rbac).toEqual(whole.rbac);
    expect(notes).toEqual([]);

    // The same comparisons judged with another threshold, or not judged: kept with the strictest verdict, whatever the
    // order of the reports (the first report's was kept: a report that only compares, ahead, passed the gate), and said.
    const [judged, lenient] = await Promise.all([
      withRbac([AUDIT2RBAC_V1], { failOn: ['overprivileged'], threshold: 0 }),
      withRbac([AUDIT2RBAC_V1], { failOn: ['overprivileged'], threshold: 100 }),
    ]);
    expect([judged, lenient].map((r) => r.rbac![0].verdict?.pass)).toEqual([false, true]);
    for (const order of [[whole, judged], [judged, whole], [lenient, judged, whole], [whole, judged, lenient]]) {
      const merged = mergeReports(order, undefined, (n) => notes.push(n));
      expect(merged.rbac).toEqual(judged.rbac);
      expect(reportPasses(merged)).toBe(false);
      expect(notes.pop()).toMatch(
        /^least privilege kept with the strictest verdict of the reports \(the lowest threshold of those that judge it\): report \d \(.*\) compares the same requests as report 1 \(.*\) but judged them with another threshold or policy$/,
      );
    }

    // A report that did not check it: its logs may hold the identity's requests, so the comparison kept is the other
    // report's alone, a failing verdict with it (it was left out, and the merge passed), said in the run notes.
    const { rbac: _, ...plain } = { ...judged, inputs: ['other.log'] };
    for (const order of [[judged, plain], [plain, judged]]) {
      const missing = mergeReports(order, undefined, (n) => notes.push(n), order.map((r) => (r === judged ? 'judged.json' : 'plain.json')));
      expect(missing.rbac).toEqual(judged.rbac);
      expect(reportPasses(missing)).toBe(false);
      expect(missing.runNotes?.notices).toContain(
        'least privilege of ns1:sa1 is not the merged whole\'s: plain.json did not check it, and its logs may hold its requests, which cannot be combined without the logs ' +
          '(what one never used, another may have); the merged report keeps the comparison of judged.json, the strictest verdict of theirs (FAIL, 9 over-grants, threshold 0); analyze all the logs at once for the whole\'s',
      );
      expect(renderMarkdown(missing)).toMatch(/> \[!WARNING\][^]*least privilege of ns1:sa1 is not the merged whole/);
    }
    // …and not told besides (whoever shows the run notes says it, once).
    expect(notes).toEqual([]);
    // A report of a named app is named so where no file names it: a matrix's jobs all read their log from the same path.
    const named = mergeReports([{ ...whole, app: 'operator' }, { ...plain, app: 'webhook' }]);
    expect(named.runNotes?.notices.at(-1)).toMatch(/^least privilege of ns1:sa1 is not the merged whole's: the report of webhook \(report 2\) did not check it.* the comparison of the report of operator \(report 1\),/);

    // Other identities, in reports of other logs: each kept, one per identity (both were left out).
    const other = { ...(await withRbac([AUDIT2RBAC_V1])), inputs: ['other.log'] };
    other.rbac = await rbacForIdentities({ logs: [AUDIT2RBAC_V1], identities: [{ serviceAccount: 'ns1:default' }], granted: [TEMPLATES], spec: SPEC, allowNoRequests: true });
    for (const order of [[judged, other], [other, judged]]) {
      const both = mergeReports(order);
      expect(both.rbac?.map((c) => [c.identity.username, c.verdict?.pass ?? null])).toEqual([
        ['system:serviceaccount:ns1:default', null],
        ['system:serviceaccount:ns1:sa1', false],
      ]);
      expect(reportPasses(both)).toBe(false);
    }

    // Two shards of the log: what one never used, the other may have. Each comparison is right for its own shard.
    const lines = readLines(AUDIT2RBAC_V1);
    const a = path.join(dir, 'first.log');
    const b = path.join(dir, 'second.log');
    // Cut between two requests (a request's stages must not straddle shards).
    const cut = lines.findIndex((l, i) => i >= lines.length / 2 && (JSON.parse(l) as { stage: string }).stage === 'RequestReceived');
    writeFileSync(a, lines.slice(0, cut).join('\n') + '\n');
    writeFileSync(b, lines.slice(cut).join('\n') + '\n');
    // One shard judged strictly (it fails), the other leniently (it passes): the failing verdict is kept, whatever the order.
    const [ra, rb] = await Promise.all([withRbac([a], { failOn: ['overprivileged'], threshold: 0 }), withRbac([b], { failOn: ['overprivileged'], threshold: 100 })]);
    expect(ra.rbac![0].requests.total + rb.rbac![0].requests.total).toBe(whole.rbac![0].requests.total);
    expect([ra, rb].map((r) => r.rbac![0].verdict!.pass)).toEqual([false, true]);
    for (const order of [[ra, rb], [rb, ra]]) {
      const shards = mergeReports(order, undefined, (n) => notes.push(n));
      expect(shards.rbac).toEqual(ra.rbac);
      expect(reportPasses(shards)).toBe(false);
      expect(shards.runNotes?.notices.at(-1)).toMatch(/^least privilege of ns1:sa1 is not the merged whole's: report 1 \(.*\.log\) and report 2 \(.*\.log\) compare different requests, which cannot be combined/);
      // Everything else merges as before.
      expect(shards.summary.requests).toBe(whole.summary.requests);
    }
    // A report of other requests after two that differ only in their verdicts: the failing verdict stands, credited to
    // the report whose verdict it is (judged, report 2; the first of the two was named).
    const three = mergeReports([whole, judged, rb]);
    expect(three.rbac?.[0]!.verdict?.pass).toBe(false);
    expect(three.runNotes?.notices.at(-1)).toMatch(
      /^least privilege of ns1:sa1 is not the merged whole's: report 2 \(.*\) and report 3 \(.*second\.log\) compare different requests.* the comparison of report 2 \(/,
    );
  });
});

describe("the KAPIC's service accounts, from what its chart installs", () => {
  const dir = scratchDir('rbac-workloads');

  it('reads the service account of each workload kind, the deprecated alias, and default when none is named', async () => {
    const file = path.join(dir, 'workloads.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: jobs}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec: {serviceAccountName: cleaner, containers: []}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: old}\nspec: {serviceAccount: legacy, containers: []}',
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  template:\n    spec: {containers: []}',
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: made}',
      ].join('\n---\n'),
    );
    const read = await readManifests([file], 'app');
    expect(read.workloads.map((w) => [w.kind, w.name, `${w.namespace}:${w.serviceAccount}`, w.source.line])).toEqual([
      ['CronJob', 'nightly', 'jobs:cleaner', 1],
      ['Pod', 'old', 'app:legacy', 11],
      ['StatefulSet', 'db', 'app:default', 16],
    ]);
    expect(read.serviceAccounts.map((s) => `${s.namespace}:${s.name}`)).toEqual(['app:made']);
    expect(kapicServiceAccounts(read, 'app', null).serviceAccounts).toEqual(['jobs:cleaner', 'app:legacy', 'app:default']);
  });

  it('without workloads: the service account created for the chart, else the ones it creates, else default', async () => {
    const file = path.join(dir, 'rendered.yaml');
    writeFileSync(file, helmTemplate());
    const chart = await readManifests([file], 'ns1');
    expect(chart.workloads.map((w) => `${w.kind} ${w.name} -> ${w.namespace}:${w.serviceAccount}`)).toEqual(['Deployment overgranted -> ns1:sa1']);
    expect(kapicServiceAccounts(chart, 'ns1', 'other')).toEqual({ serviceAccounts: ['ns1:sa1'], why: "what the chart's workloads run as (Deployment overgranted)" });
    const noWorkloads = { ...chart, workloads: [] };
    expect(kapicServiceAccounts(noWorkloads, 'ns1', 'other').serviceAccounts).toEqual(['ns1:other']);
    expect(kapicServiceAccounts(noWorkloads, 'ns1', null).serviceAccounts).toEqual(['ns1:sa1']);
    expect(kapicServiceAccounts({ workloads: [], serviceAccounts: [] }, 'ns1', null).serviceAccounts).toEqual(['ns1:default']);
  });
});
