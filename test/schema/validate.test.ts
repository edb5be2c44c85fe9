// Reports the real engine, CLI and Action write from the real fixtures and the shipped sample validate against
// schema/report.schema.json; and the schema is not vacuous: an unknown field, a wrong type, a missing field fail.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import type { ArtifactUploader } from '../../src/github/artifacts.js';
import { ActionHarness } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { APISNOOP_TESTDATA, AUDIT2RBAC_2017, AUDIT2RBAC_V1, readLines, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';
import { reportSchema, schemaErrors } from '../helpers/report-schema.js';
import { helmTemplate } from '../rbac/helpers.js';

const dir = scratchDir('schema-validate');
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const SAMPLE = path.join(repoRoot, 'data/sample-audit.log.gz');
const analyze = (s: AnalyzeSettings): Promise<Report> => analyzeLogs({ onWarning: () => {}, ...s });
/** A report as a reader gets it: through JSON (undefined fields gone). */
const asJson = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

describe('the schema', () => {
  it('is the contract of schemaVersion 1: $id, title, closed objects', () => {
    expect(reportSchema).toMatchObject({ $id: 'urn:apisnoop:report:1', title: 'APISnoop report.json (schemaVersion 1)', additionalProperties: false });
    expect((reportSchema.properties as Record<string, unknown>).schemaVersion).toMatchObject({ const: 1 });
    // Every object with named properties is closed.
    const open: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}/${i}`));
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.properties && o.additionalProperties !== false) open.push(where);
        for (const [k, v] of Object.entries(o)) walk(v, `${where}/${k}`);
      }
    };
    walk(reportSchema, '#');
    expect(open).toEqual([]);
  });
});

describe('npm run check-schema', () => {
  it('fails on a schema that is not current, wherever the clone is (a path with a space)', () => {
    const root = path.join(scratchDir('schema-check'), 'a clone');
    for (const part of ['scripts', 'src', 'schema']) cpSync(path.join(repoRoot, part), path.join(root, part), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(repoRoot, file), path.join(root, file));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
    const check = () => spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/make-schema.ts', '--check'], { cwd: root, encoding: 'utf8' });
    expect(check()).toMatchObject({ status: 0, stdout: 'schema/report.schema.json matches src/engine/report.ts\n' });
    writeFileSync(path.join(root, 'schema/report.schema.json'), '{}\n');
    expect(check()).toMatchObject({ status: 1, stderr: expect.stringContaining('schema/report.schema.json is not what src/engine/report.ts makes') });
  }, 60_000);
});

describe('reports of the real engine validate', () => {
  const reports = new Map<string, Report>();
  const removedLog = write('removed-apis.log', deriveRemovedApiLog().join('\n') + '\n');
  // The real v1 log with a line that is no audit event, a blank line and an object that is not an event.
  const lines = readLines(AUDIT2RBAC_V1);
  const damaged = write('damaged.log', [...lines.slice(0, 10), 'not json at all', '{"kind":"Other"}', ...lines.slice(10)].join('\n') + '\n');
  // The same log as an e2e run would write it: each request's user agent names a test (APISnoop's test data has none).
  const e2eAgent = (i: number) => `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- [sig-auth] request ${i % 3} [Conformance]`;
  const e2e = write('e2e.log', lines.map((l, i) => JSON.stringify({ ...(JSON.parse(l) as object), userAgent: e2eAgent(i) })).join('\n') + '\n');
  // The removed-API log ten times over, each request with a user agent and a user of its own: more callers than the
  // 100 a report lists (userAgentsTruncated, usersTruncated, callersTruncated).
  const crowd = write(
    'crowd.log',
    Array.from({ length: 10 }, (_, k) =>
      deriveRemovedApiLog().map((l) => {
        const e = JSON.parse(l) as { auditID: string; user: object; impersonatedUser?: object };
        const id = `${e.auditID}-${k}`;
        const who = { username: `user-${id}` };
        return JSON.stringify({ ...e, auditID: id, userAgent: `agent-${id}`, user: { ...e.user, ...who }, ...(e.impersonatedUser ? { impersonatedUser: who } : {}) });
      }),
    )
      .flat()
      .join('\n') + '\n',
  );

  beforeAll(async () => {
    const spec113 = specPath('1.13');
    const made = await Promise.all([
      ['sample on 1.33 (the demo)', analyze({ logs: [SAMPLE], kubernetesVersion: '1.33' })],
      // 1.36 no longer serves the sample's admissionregistration.k8s.io/v1beta1: lastServedIn, earlier-spec, removedAlready.
      ['sample on 1.36, every rule', analyze({ logs: [SAMPLE], kubernetesVersion: '1.36', policy: { failOn: ['removed', 'alpha', 'beta', 'deprecated'] } })],
      ['audit2rbac 2017 v1beta1 on 1.13', analyze({ logs: [AUDIT2RBAC_2017], spec: spec113, conformance: 'none' })],
      ['audit2rbac v1 on 1.21 (served by kind)', analyze({ logs: [AUDIT2RBAC_V1], spec: specPath('1.21-served-kind') })],
      ['removed and deprecated APIs on 1.13', analyze({ logs: [removedLog], spec: spec113, conformance: 'none', policy: { failOn: ['removed', 'deprecated', 'beta'] } })],
      ['more callers than listed', analyze({ logs: [crowd], spec: spec113, conformance: 'none', policy: { failOn: ['removed', 'deprecated', 'beta'] } })],
      ['apisnoop-testdata with --e2e', analyze({ logs: [APISNOOP_TESTDATA], spec: specPath('1.28'), selection: { e2e: true } })],
      ['audit2rbac v1 as an e2e run, --e2e', analyze({ logs: [e2e], kubernetesVersion: '1.36', selection: { e2e: true } })],
      ['invalid lines, fail-on invalid', analyze({ logs: [damaged], spec: specPath('1.36'), policy: { failOn: ['alpha', 'beta', 'invalid'] } })],
      ['nothing selected, fail-on empty', analyze({ logs: [AUDIT2RBAC_V1], spec: specPath('1.36'), selection: { namespaces: ['nowhere'] }, policy: { failOn: ['empty'] } })],
    ] as const);
    for (const [name, report] of await Promise.all(made.map(async ([n, p]) => [n, asJson(await p)] as const))) reports.set(name, report);
  });

  it.each([
    'sample on 1.33 (the demo)',
    'sample on 1.36, every rule',
    'audit2rbac 2017 v1beta1 on 1.13',
    'audit2rbac v1 on 1.21 (served by kind)',
    'removed and deprecated APIs on 1.13',
    'more callers than listed',
    'apisnoop-testdata with --e2e',
    'audit2rbac v1 as an e2e run, --e2e',
    'invalid lines, fail-on invalid',
    'nothing selected, fail-on empty',
  ])('%s', (name) => {
    expect(schemaErrors(reports.get(name))).toEqual([]);
  });

  it('the reports hold what the optional parts of the schema describe', () => {
    const all = [...reports.values()];
    const ops = all.flatMap((r) => r.operations);
    expect(all.some((r) => r.unmatched.length > 0)).toBe(true);
    expect(all.some((r) => r.invalid.length > 0)).toBe(true);
    expect(all.some((r) => (r.verdict.runFailures ?? []).some((f) => f.rule === 'empty'))).toBe(true);
    expect(all.some((r) => (r.verdict.runFailures ?? []).some((f) => f.rule === 'invalid'))).toBe(true);
    expect(all.some((r) => r.verdict.violations.some((v) => (v.rules ?? []).length > 1))).toBe(true);
    expect(ops.some((o) => o.removedIn !== null && o.deprecation !== null)).toBe(true);
    expect(ops.some((o) => o.tests.length > 0)).toBe(true);
    expect(ops.some((o) => o.userAgentsTruncated && o.usersTruncated)).toBe(true);
    expect(all.some((r) => r.verdict.violations.some((v) => v.callersTruncated))).toBe(true);
    expect(ops.some((o) => o.lastServedIn !== undefined && o.deprecation?.source === 'earlier-spec')).toBe(true);
    expect(all.some((r) => (r.summary.removedAlready ?? 0) > 0)).toBe(true);
    expect(reports.get('apisnoop-testdata with --e2e')!.selection.e2e).toBe(true);
    expect(all.some((r) => r.conformance === null) && all.some((r) => r.conformance !== null)).toBe(true);
  });

  it('a merged report (mergeReports) validates', () => {
    const merged = asJson(mergeReports([reports.get('audit2rbac 2017 v1beta1 on 1.13')!, reports.get('removed and deprecated APIs on 1.13')!]));
    expect(merged.inputs).toHaveLength(2);
    expect(schemaErrors(merged)).toEqual([]);
  });
});

describe('reports of the CLI validate', () => {
  const TEMPLATES = path.join(repoRoot, 'examples/overgranted-chart/templates');
  const LEAST = ['--spec', specPath('1.21-served-kind'), '--conformance', 'none', '-n', 'ns1', '--rbac-serviceaccount', 'ns1:sa1'];
  const RBAC = [...LEAST, '--granted', TEMPLATES];

  it('analyze --rbac-serviceaccount --granted (helm template on stdin) --fail-on overprivileged: rbac with granted and its verdict', async () => {
    const r = await runCli(['analyze', AUDIT2RBAC_V1, ...LEAST, '--granted', '-', '--fail-on', 'alpha,beta,overprivileged', '--name', 'overgranted', '--format', 'json', '-q'], { input: helmTemplate() });
    const report = parseStdout<Report>(r);
    expect(report.rbac![0]!.granted!.overGrants.length).toBeGreaterThan(0);
    expect(report.rbac![0]!.granted!.roles[0]!.role.source!.template).toMatch(/^overgranted\/templates\//);
    expect(report.rbac![0]!.verdict).not.toBeNull();
    expect(report.app).toBe('overgranted');
    expect(schemaErrors(report)).toEqual([]);
  });

  it('least privilege with every part of granted: unresolved, ineffective, unknown resources, ungranted; a request refused after authorization', async () => {
    // Beside the chart: a binding to a role the manifests lack (admin), a RoleBinding granting cluster-scoped nodes,
    // and a resource no group has (podz).
    const more = write(
      'more-rbac.yaml',
      [
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: sa1-admin, namespace: ns1}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]',
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: nodes-reader}\nrules: [{apiGroups: [''], resources: [nodes, podz], verbs: [get]}]",
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: sa1-nodes, namespace: ns1}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nodes-reader}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]',
      ].join('\n---\n') + '\n',
    );
    // The real log with one of sa1's requests again, as allowed by the authorizer and refused after it (by admission).
    const lines = readLines(AUDIT2RBAC_V1);
    const refused = { ...(JSON.parse(lines.find((l) => l.includes('system:serviceaccount:ns1:sa1') && l.includes('"code":403'))!) as object), auditID: 'refused-after-authorization', annotations: { 'authorization.k8s.io/decision': 'allow' } };
    const log = write('refused.log', [...lines, JSON.stringify(refused)].join('\n') + '\n');
    const [withChart, alone] = await Promise.all([
      runCli(['analyze', log, ...LEAST, '--granted', TEMPLATES, '--granted', more, '--fail-on', 'overprivileged', '--format', 'json', '-q']),
      runCli(['analyze', log, ...LEAST, '--granted', more, '--format', 'json', '-q']),
    ]);
    const a = parseStdout<Report>(withChart).rbac![0]!;
    const b = parseStdout<Report>(alone).rbac![0]!;
    for (const part of ['unresolved', 'ineffective', 'unknownResources', 'aggregations', 'aggregateTo', 'unbound'] as const) expect(a.granted![part], part).not.toHaveLength(0);
    expect(a.verdict!.cannotJudge).toHaveLength(1);
    expect(a.requests.refusedAfterAuthorization).toHaveLength(1);
    expect(b.granted!.ungranted).not.toHaveLength(0);
    expect(schemaErrors(parseStdout(withChart))).toEqual([]);
    expect(schemaErrors(parseStdout(alone))).toEqual([]);
  });

  it('apisnoop merge of two reports (one with least privilege) validates', async () => {
    const [a, b] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_V1, ...RBAC, '--format', 'json', '-q']),
      runCli(['analyze', AUDIT2RBAC_2017, '--spec', specPath('1.21-served-kind'), '--conformance', 'none', '--format', 'json', '-q']),
    ]);
    const r = await runCli(['merge', write('a.json', a.stdout), write('b.json', b.stdout), '-q']);
    const merged = parseStdout<Report>(r);
    expect(merged.inputs).toEqual([AUDIT2RBAC_V1, AUDIT2RBAC_2017]);
    expect(schemaErrors(merged)).toEqual([]);
  });
});

describe('a report the Action wrote validates', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  beforeAll(async () => {
    gh = new FakeGitHub({ token: 'ghs_schemaTest', login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
    h = new ActionHarness('ghs_schemaTest', gh.url);
  });
  afterAll(async () => {
    h.cleanup();
    await gh.stop();
  });

  it('with runNotes (test-command: none) and least privilege of the chart', async () => {
    const uploader: ArtifactUploader = { uploadArtifact: async () => ({ id: 1, size: 1 }) };
    const inputs = {
      chart: path.join(repoRoot, 'examples/sample-chart'),
      release: 'sample',
      namespace: 'default',
      conformance: path.join(repoRoot, '../shared/fixtures/apisnoop/coverage-1.21.0.json.gz'),
      'test-command': 'none',
      comment: 'false',
    };
    const res = await h.inProcess(h.env(inputs), () => run({ artifactUploader: uploader }));
    expect(res.errors).toEqual([]);
    const report = JSON.parse(readFileSync(res.outputs['report-path']!, 'utf8')) as Report;
    expect(report.runNotes!.notices).toContain('No chart tests were run (test-command: none).');
    expect(report.rbac).toHaveLength(1);
    expect(schemaErrors(report)).toEqual([]);
  });
});

describe('the schema refuses what is not a report', () => {
  let report: Report;
  beforeAll(async () => {
    report = asJson(await analyze({ logs: [SAMPLE], kubernetesVersion: '1.33' }));
  });
  const changed = (change: (r: Record<string, unknown> & Report) => void): Report => {
    const copy = structuredClone(report) as Record<string, unknown> & Report;
    change(copy);
    return copy;
  };

  it('an unknown field, at the top and inside an operation', () => {
    expect(schemaErrors(changed((r) => (r.extra = 1)))).toEqual(['/ must NOT have additional properties: extra']);
    expect(schemaErrors(changed((r) => Object.assign(r.operations[0]!, { hitz: 3 })))).toEqual(['/operations/0 must NOT have additional properties: hitz']);
  });

  it('a wrong type, a wrong constant, a value outside its enum', () => {
    expect(schemaErrors(changed((r) => Object.assign(r.summary, { requests: '161' })))).toEqual(['/summary/requests must be integer']);
    expect(schemaErrors(changed((r) => Object.assign(r.operations[0]!, { hits: 1.5 })))).toEqual(['/operations/0/hits must be integer']);
    expect(schemaErrors(changed((r) => Object.assign(r, { schemaVersion: 2 })))).toEqual(['/schemaVersion must be equal to constant']);
    expect(schemaErrors(changed((r) => Object.assign(r.operations[0]!, { level: 'gamma' })))).toContain('/operations/0/level must be equal to one of the allowed values');
  });

  it('a missing required field; an optional one added within schema 1 may be absent', () => {
    expect(schemaErrors(changed((r) => delete (r as Partial<Report>).verdict))).toEqual(["/ must have required property 'verdict'"]);
    expect(schemaErrors(changed((r) => delete (r.operations[0] as Partial<Report['operations'][0]>).hits))).toEqual(["/operations/0 must have required property 'hits'"]);
    expect(schemaErrors(changed((r) => delete r.summary.removedAlready))).toEqual([]);
    expect(schemaErrors(changed((r) => r.operations.forEach((o) => delete o.conformanceIneligible)))).toEqual([]);
  });
});
