// `apisnoop rbac` end to end: the real CLI entry on the real audit2rbac log and the example chart.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { RbacComparison } from '../../src/engine/rbac.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { helmTemplate } from './helpers.js';
import { VERSION } from '../../src/version.js';

const cli = (args: string[], input?: string) =>
  execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'rbac', ...args], { cwd: repoRoot, reject: false, ...(input !== undefined ? { input } : {}) });
const CHART = 'examples/overgranted-chart/templates';
const SPEC = ['--spec', specPath('1.36')];

/**
 * The hkerma log (a real kubeadm cluster's) as audit events, and a ClusterRole of `rules` (YAML list items) bound to
 * prometheus:my-prometheus-kube-state-metrics, whose requests the log holds: the shape of a chart's RBAC on it.
 */
function kubeStateMetricsGrant(dirName: string, role: string, rules: string[]): { log: string; granted: string } {
  const dir = scratchDir(dirName);
  const log = path.join(dir, 'hkerma.log');
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
  const granted = path.join(dir, `${role}.yaml`);
  writeFileSync(
    granted,
    [
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${role}\nrules:`,
      ...rules,
      `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${role}`,
      `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}`,
      'subjects:\n  - kind: ServiceAccount\n    name: my-prometheus-kube-state-metrics\n    namespace: prometheus\n',
    ].join('\n'),
  );
  return { log, granted };
}

describe('apisnoop rbac', () => {
  it('--help names the identity, manifest and policy options', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const opt of ['--serviceaccount <ns:name>', '--user <name>', '--granted <manifests>', '--format <format>', '--fail-on <rules>', '--threshold <n>', '--max-resource-names <n>', '--include-defaults', 'Exit codes']) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('prints the service account’s RBAC as YAML and a summary on stderr', async () => {
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1']);
    expect(r.exitCode).toBe(0);
    const docs = (loadAll(r.stdout) as Array<Record<string, unknown>>).filter(Boolean);
    expect(docs.map((d) => d.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
    expect(docs[0].rules).toEqual([{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['list'] }]);
    expect(docs[1].subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }]);
    expect(r.stderr).toContain('system:serviceaccount:ns1:sa1: 5 requests, 4 denied');
    expect(r.stderr).toContain('2x list pods in default');
  });

  it('a username holding a line break cannot end the comment above the YAML and add an object to it (kubectl apply)', async () => {
    const dir = scratchDir('rbac-username-break');
    const injected = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: pwn}\n' + 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}';
    // Every line break YAML readers know (go-yaml's, kubectl's, takes NEL, LS and PS as well), then a C0 control; each
    // with the escape stderr writes for it.
    const breaks: Array<[string, string]> = [
      ['\n', '\\x0a'],
      ['\r', '\\x0d'],
      ['\r\n', '\\x0d\\x0a'],
      ['\u0085', '\\x85'],
      ['\u2028', '\\u2028'],
      ['\u2029', '\\u2029'],
      ['\u000b', '\\x0b'],
    ];
    for (const [i, [br, escaped]] of breaks.entries()) {
      const user = `eve${br}---${br}${injected.replaceAll('\n', br)}${br}#`;
      const log = path.join(dir, `break-${i}.log`);
      // bob's requests in the audit2rbac demo log (system:admin impersonating him), made as a user of that name.
      type Event = { impersonatedUser?: { username: string } };
      const events = readFileSync(AUDIT2RBAC_V1, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Event)
        .filter((e) => e.impersonatedUser?.username === 'bob');
      writeFileSync(log, events.map((e) => JSON.stringify({ ...e, impersonatedUser: { ...e.impersonatedUser, username: user } })).join('\n') + '\n');
      const r = await cli([log, '--user', user, '-q']);
      expect(r.exitCode).toBe(0);
      const kinds = (loadAll(r.stdout) as Array<{ kind?: string }>).filter(Boolean).map((d) => d.kind);
      expect(kinds).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Role', 'RoleBinding']);
      // The comment is one line, the break in it written as an escape.
      const head = r.stdout.split('---\n')[0]!;
      expect(head.split('\n').filter(Boolean)).toHaveLength(1);
      // eslint-disable-next-line no-control-regex -- the controls are what to look for
      expect(head).not.toMatch(/[\r\u0085\u2028\u2029\u000b]/);
      expect(head).toContain(`for eve${escaped}---${escaped}apiVersion`);
    }
  });

  it("docs/rbac.md's example quotes the ClusterRole it prints for ns1:sa1 as it prints it", async () => {
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--no-bindings']);
    expect(r.exitCode).toBe(0);
    const printed = r.stdout.split('---\n')[1]!.trimEnd();
    const doc = readFileSync(path.join(repoRoot, 'docs/rbac.md'), 'utf8');
    const quoted = /^All it needed[\s\S]*?```yaml\n([\s\S]*?)\n```/m.exec(doc)?.[1];
    expect(quoted).toBe(printed);
    // The comment line above it, as the text before the YAML quotes it (up to the denials; the version left open).
    const header = r.stdout.split('\n')[0]!.replace(VERSION, '<version>');
    const said = /^All it needed[\s\S]*?`(# RBAC[^`]*?) …`/m.exec(doc)?.[1]?.replace(/\s+/g, ' ');
    expect(said).toBeDefined();
    expect(header.startsWith(said!)).toBe(true);
    // The names the text gives the roles: a service account's and a user's.
    const names = async (args: string[]) => [...(await cli([AUDIT2RBAC_V1, ...args, '-q'])).stdout.matchAll(/^ {2}name: (apisnoop:.*)$/gm)].map((m) => m[1]);
    const said2 = /named `apisnoop:<namespace>:<name>` for a service account \(`([^`]+)`\) and `apisnoop:<user>` for a user/.exec(doc.replace(/\s+/g, ' '));
    expect(said2).not.toBeNull();
    expect(new Set(await names(['--serviceaccount', 'ns1:sa1']))).toEqual(new Set([said2![1]]));
    expect(new Set(await names(['--user', 'bob']))).toEqual(new Set(['apisnoop:bob']));
  });

  it("Roles without a namespace go where docs/rbac.md says: the service account's namespace, else default for a user", async () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/rbac.md'), 'utf8').replace(/\s+/g, ' ');
    expect(doc).toContain("(default: the service account's namespace; for a `--user`, `default`)");
    const placed = async (args: string[]) => /Role overgranted-debug -> (\S+)/.exec((await cli([AUDIT2RBAC_V1, ...args, '--granted', path.join(repoRoot, CHART)])).stderr)?.[1];
    expect(await placed(['--serviceaccount', 'ns1:sa1'])).toBe('ns1');
    expect(await placed(['--user', 'bob'])).toBe('default');
  });

  it("docs/rbac.md's console example is what its command prints: each line shown (… for what is left out) in that order", async () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/rbac.md'), 'utf8');
    const block = /```console\n\$ apisnoop (rbac [^\n]+)\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    // demo.log is the audit2rbac log, as the text above the example says.
    const args = block![1]!.split(' ').slice(1).map((a) => (a === 'demo.log' ? AUDIT2RBAC_V1 : a));
    const r = await cli(args);
    expect(r.exitCode).toBe(1);
    const printed = `${r.stderr}\n${r.stdout}`.split('\n');
    let at = 0;
    const missing: string[] = [];
    for (const shown of block![2]!.split('\n')) {
      // A note set off by spaces at the end, `(it only listed them)`, is the doc's, not the tool's.
      const line = shown.replace(/ {2,}\([^)]*\)$/, '');
      if (line.trim() === '...' || line.trim() === '') continue;
      const pattern = new RegExp(`^${line.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      const found = printed.findIndex((p, i) => i >= at && pattern.test(p));
      if (found < 0) missing.push(shown);
      else at = found + 1;
    }
    expect(missing).toEqual([]);
  });

  it('--fail-on overprivileged: exit 1 over the threshold, 0 at it; the summary lists the over-grants riskiest first', async () => {
    const fail = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC, '--fail-on', 'overprivileged', '--threshold', '8']);
    expect(fail.exitCode).toBe(1);
    expect(fail.stderr).toContain('FAIL: 9 over-grants (threshold 8)');
    const risks = [...fail.stderr.matchAll(/^ {2}\d+\. \[([a-z-]+)\]/gm)].map((m) => m[1]);
    expect(risks).toEqual(['wildcard', 'secrets', 'escalation', 'escalation', 'cluster-wide-write', 'cluster-wide-write', 'cluster-wide-read', 'namespaced-write', 'non-resource']);
    const pass = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC, '--fail-on', 'overprivileged', '--threshold', '9', '-q']);
    expect(pass.exitCode).toBe(0);
    expect(pass.stderr).toBe('');
    // In any case, as analyze's --fail-on and the Action's rbac-fail-on.
    const upper = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC, '--fail-on', 'Overprivileged', '--threshold', '8', '-q']);
    expect(upper.exitCode).toBe(1);
  });

  it('--threshold without --fail-on overprivileged is said to judge nothing (exit 0 with 9 over-grants, without a word)', async () => {
    const alone = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC, '--threshold', '3']);
    expect(alone.exitCode).toBe(0);
    expect(alone.stderr.split('\n')).toContain('warning: --threshold 3 does nothing without --fail-on overprivileged: the over-grants are reported, not judged, and the exit code is 0 whatever they are');
    expect(alone.stderr).toContain('over-privilege, riskiest first (9):');
    // With the rule, or with no threshold given, nothing to say.
    for (const args of [['--fail-on', 'overprivileged', '--threshold', '9'], []]) {
      const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC, ...args]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('does nothing');
    }
  });

  it('--spec, --k8s-version and --release-namespace without --granted are said to be unread (a misspelt one went unnoticed)', async () => {
    const alone = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--spec', '/nonexistent/spec.json', '--k8s-version', '1.99', '--release-namespace', 'shop']);
    expect(alone.exitCode, alone.stderr).toBe(0);
    const warnings = alone.stderr.split('\n').filter((l) => l.includes('does nothing without --granted'));
    expect(warnings.map((l) => l.split(' ')[1])).toEqual(['--spec', '--k8s-version', '--release-namespace']);
    expect(alone.stdout).toMatch(/^kind: (Cluster)?Role$/m);
    // With the manifests they are read: a spec that is not there is refused, and a right one says nothing.
    const bad = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, '--spec', '/nonexistent/spec.json']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('/nonexistent/spec.json');
    const good = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, ...SPEC]);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stderr).not.toContain('does nothing');
  });

  it('--spec with a --k8s-version the spec contradicts says the one given is not used, as analyze and endpoints do; analyze --granted says it once', async () => {
    // kind's served 1.21 spec names its release (info.version v1.21.2): the wildcards are expanded against 1.21.
    const served = specPath('1.21-served-kind');
    const warning = `warning: --k8s-version 1.33 not used: ${served} says it is Kubernetes 1.21 (its info.version)`;
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, '--spec', served, '--k8s-version', '1.33', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.split('\n')).toContain(warning);
    expect((JSON.parse(r.stdout) as RbacComparison).granted?.spec.kubernetesVersion).toBe('1.21');
    const same = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, '--spec', served, '--k8s-version', '1.21']);
    expect(same.stderr).not.toContain('not used');
    const analyze = await runCli(['analyze', AUDIT2RBAC_V1, '--spec', served, '--k8s-version', '1.33', '--conformance', 'none', '--rbac-serviceaccount', 'ns1:sa1', '--granted', CHART, '--format', 'json']);
    expect(analyze.stderr.split('\n').filter((l) => l === warning)).toHaveLength(1);
  });

  // The warnings that --spec and the like were unread came first, above the refusal of a command that never ran.
  it('a missing or malformed identity is refused alone (exit 2), without warnings about the options of a run that did not happen', async () => {
    const unread = ['--spec', '/nonexistent/spec.json', '--k8s-version', '1.99', '--release-namespace', 'shop', '--threshold', '3'];
    const cases: Array<[string[], string]> = [
      [[], 'apisnoop: give the identity to check: --serviceaccount ns:name or --user NAME'],
      [['--serviceaccount', 'ns1:sa1', '--user', 'alice'], 'apisnoop: give one identity: --serviceaccount or --user, not both'],
      [['--serviceaccount', 'sa1'], 'apisnoop: service account "sa1" is not of the form namespace:name'],
    ];
    const runs = await Promise.all(cases.map(([identity]) => cli([AUDIT2RBAC_V1, ...identity, ...unread])));
    for (const [i, r] of runs.entries()) {
      expect([r.exitCode, r.stderr], cases[i]![1]).toEqual([2, cases[i]![1]]);
      expect(r.stdout).toBe('');
    }
  });

  it('ends quietly when the reader of its stdout closes early (`| head`): it was an unhandled EPIPE with a stack trace, exit 1', async () => {
    // A service account listing pods in 3000 namespaces: a Role and a RoleBinding each, megabytes of YAML.
    const log = path.join(scratchDir('rbac-head'), 'many-namespaces.log');
    const event = (i: number) => ({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `id-${i}`,
      stage: 'ResponseComplete',
      requestURI: `/api/v1/namespaces/ns${i}/pods`,
      verb: 'list',
      user: { username: 'system:serviceaccount:op:op', groups: ['system:serviceaccounts'] },
      objectRef: { resource: 'pods', namespace: `ns${i}`, apiVersion: 'v1' },
      responseStatus: { code: 200 },
    });
    writeFileSync(log, Array.from({ length: 3000 }, (_, i) => JSON.stringify(event(i))).join('\n') + '\n');
    for (const format of ['yaml', 'json']) {
      const command = `'${process.execPath}' --import tsx src/cli.ts rbac '${log}' --serviceaccount op:op --format ${format} -q | head -c 20`;
      const r = await execa('bash', ['-o', 'pipefail', '-c', command], { cwd: repoRoot, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toHaveLength(20);
    }
  });

  it('--format json, with `helm template` output on stdin', async () => {
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', '-', ...SPEC, '--format', 'json', '-q'], helmTemplate());
    expect(r.exitCode).toBe(0);
    const c = JSON.parse(r.stdout) as RbacComparison;
    expect(c.granted!.sources).toEqual(['(stdin)']);
    expect(c.granted!.overGrants).toHaveLength(9);
    expect(c.granted!.overGrants[0].role.source).toMatchObject({ file: '(stdin)', template: 'overgranted/templates/clusterrole-operator.yaml' });
    expect(c.granted!.spec.source).toBe(specPath('1.36'));

    // Manifests given twice grant nothing twice: stdin named again, a file inside a directory also given.
    const twice = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', '-', '--granted', '-', ...SPEC, '--format', 'json'], helmTemplate());
    expect((JSON.parse(twice.stdout) as RbacComparison).granted).toEqual(c.granted);
    expect(twice.stderr).toContain('warning: (stdin) is given twice: read once');
    const inDir = path.join(CHART, 'clusterrole-operator.yaml');
    const both = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', CHART, '--granted', inDir, ...SPEC, '--format', 'json']);
    expect((JSON.parse(both.stdout) as RbacComparison).granted!.overGrants).toHaveLength(9);
    expect(both.stderr).toContain(`warning: ${inDir} is given twice, first in ${CHART}: read once`);
  });

  it('names an object by the line of the file read, then the helm template it came from, as the manifest errors do', async () => {
    // A v1beta1 Role after the chart, so that its warning names a place too.
    const legacy = '---\n# Source: overgranted/templates/legacy.yaml\napiVersion: rbac.authorization.k8s.io/v1beta1\nkind: Role\nmetadata: {name: legacy}\nrules: []\n';
    const text = helmTemplate() + legacy;
    const lines = text.split('\n');
    // The first line of the n-th document of a template, in the text read (the template's own lines are others).
    const lineOf = (template: string, nth = 0) => {
      const source = lines.map((l, i) => (l === `# Source: overgranted/templates/${template}` ? i : -1)).filter((i) => i >= 0)[nth]!;
      return lines.findIndex((l, i) => i > source && l.trim() !== '' && !l.startsWith('#')) + 1;
    };
    expect(lines[lineOf('clusterrole-operator.yaml') - 1]).toBe('apiVersion: rbac.authorization.k8s.io/v1');
    expect(lines[lineOf('clusterrole-operator.yaml', 1)]).toBe('kind: ClusterRoleBinding');
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', '-', '--release-namespace', 'ns1', ...SPEC], text);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      `  ClusterRole overgranted-operator ((stdin):${lineOf('clusterrole-operator.yaml')} (overgranted/templates/clusterrole-operator.yaml)) ` +
        `via ClusterRoleBinding overgranted-operator ((stdin):${lineOf('clusterrole-operator.yaml', 1)} (overgranted/templates/clusterrole-operator.yaml)): `,
    );
    expect(r.stderr).toContain(`warning: Role legacy ((stdin):${lineOf('legacy.yaml')} (overgranted/templates/legacy.yaml)): rbac.authorization.k8s.io/v1beta1, removed in Kubernetes 1.22`);
  });

  it('--fail-on overprivileged refuses --granted manifests without any RBAC object (a helm template that failed), exit 2; without it, a warning', async () => {
    const none = 'no RBAC objects (Role, ClusterRole, RoleBinding or ClusterRoleBinding) in';
    // helm template … | apisnoop rbac … --granted -, the helm template failing: nothing on stdin.
    const empty = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', '-', ...SPEC, '--fail-on', 'overprivileged'], '');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain(`apisnoop: ${none} (stdin): --fail-on overprivileged has nothing to judge`);
    // The chart's Deployment alone: a workload, no RBAC.
    const deployment = path.join(CHART, 'deployment.yaml');
    const workload = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', deployment, ...SPEC, '--fail-on', 'overprivileged', '--threshold', '5']);
    expect(workload.exitCode).toBe(2);
    expect(workload.stderr).toContain(`apisnoop: ${none} ${deployment}: --fail-on overprivileged`);
    const reported = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', '-', ...SPEC], '');
    expect(reported.exitCode).toBe(0);
    expect(reported.stderr).toContain(`warning: ${none} (stdin)\n`);
  });

  // The apiserver's impersonation filter asks, for the impersonator: impersonate on the user (or on the service
  // account, in its namespace) and on each group asked for. system:admin impersonated alice, bob and ns1:sa1.
  it('an impersonator needs impersonate on whom it impersonated: users cluster-wide, a service account in its namespace', async () => {
    const impersonated = new Set(
      readFileSync(AUDIT2RBAC_2017, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { user: { username: string }; impersonatedUser?: { username: string } })
        .filter((e) => e.user.username === 'system:admin' && e.impersonatedUser)
        .map((e) => e.impersonatedUser!.username),
    );
    expect([...impersonated].sort()).toEqual(['alice', 'bob', 'system:serviceaccount:ns1:sa1']);
    const r = await cli([AUDIT2RBAC_2017, '--user', 'system:admin', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RbacComparison;
    expect(c.observed.clusterRules).toContainEqual({ apiGroups: [''], resources: ['users'], resourceNames: ['alice', 'bob'], verbs: ['impersonate'] });
    expect(c.observed.roles.find((x) => x.namespace === 'ns1')!.rules).toEqual([{ apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['sa1'], verbs: ['impersonate'] }]);
    // Granted just that, nothing of it is an over-grant.
    const granted = path.join(scratchDir('rbac-impersonator'), 'impersonator.yaml');
    writeFileSync(
      granted,
      [
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: imp}\nrules:\n  - {apiGroups: [""], resources: [users, serviceaccounts], verbs: [impersonate]}',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: imp}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: imp}\nsubjects: [{kind: User, name: "system:admin"}]',
      ].join('\n---\n'),
    );
    const g = await cli([AUDIT2RBAC_2017, '--user', 'system:admin', '--granted', granted, '--format', 'json']);
    const cg = JSON.parse(g.stdout) as RbacComparison;
    // (It used to be "never used", an escalation.) Impersonating service accounts in every namespace, used in ns1
    // only, may be reported as wider than needed, not as unused.
    expect(cg.granted!.overGrants.filter((o) => o.role.name === 'imp' && o.kind === 'unused')).toEqual([]);
  });

  it('a name from the log with bidi controls (Trojan Source) reaches the summary with them shown, not obeyed', async () => {
    // sa1's first denied list, made a get of a pod whose name would read "web-1 ,admin" backwards and turn the line.
    const lines = readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n');
    const NAME = 'web-1\u2067\u202enimda, \u202c\u2069';
    const e = JSON.parse(lines[4]!) as { verb: string; requestURI: string; objectRef: { name?: string } };
    Object.assign(e, { verb: 'get', requestURI: `/api/v1/namespaces/default/pods/${encodeURIComponent(NAME)}` });
    e.objectRef.name = NAME;
    lines[4] = JSON.stringify(e);
    const log = path.join(scratchDir('rbac-bidi'), 'audit.log');
    writeFileSync(log, lines.join('\n'));
    const r = await cli([log, '--serviceaccount', 'ns1:sa1']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(r.stderr.split('\n')).toContain('  1x get pods [web-1\\u2067\\u202enimda, \\u202c\\u2069] in default');
    // stdout is data: its JSON keeps the name as the log has it.
    const json = await cli([log, '--serviceaccount', 'ns1:sa1', '--format', 'json', '-q']);
    expect((JSON.parse(json.stdout) as RbacComparison).denied.flatMap((g) => g.names ?? [])).toContain(NAME);
  });

  it('stdin holds the logs or the manifests, not both', async () => {
    const rbac = await cli(['-', '--serviceaccount', 'ns1:sa1', '--granted', '-', ...SPEC], helmTemplate());
    const analyze = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', '-', '--rbac-serviceaccount', 'ns1:sa1', '--granted', '-', ...SPEC], {
      cwd: repoRoot,
      reject: false,
      input: helmTemplate(),
    });
    for (const r of [rbac, analyze]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim()).toBe("apisnoop: stdin ('-') can hold the audit logs or the --granted manifests, not both: give one of them as a file");
    }
  });

  it('--granted - is read once for identities of several namespaces, its unnamespaced objects in --release-namespace', async () => {
    const unplacedArgs = ['--rbac-serviceaccount', 'ns1:sa1', '--rbac-serviceaccount', 'default:default', ...SPEC, '--conformance', 'none', '--format', 'json'];
    const args = [...unplacedArgs, '--release-namespace', 'ns1'];
    const analyze = (granted: string, input?: string) =>
      execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', AUDIT2RBAC_V1, ...args, '--granted', granted], {
        cwd: repoRoot,
        reject: false,
        ...(input !== undefined ? { input } : {}),
      });
    const file = path.join(scratchDir('rbac-granted-once'), 'rendered.yaml');
    writeFileSync(file, helmTemplate());
    const [fromStdin, fromFile] = await Promise.all([analyze('-', helmTemplate()), analyze(file)]);
    // The same comparisons, the file named (stdin) where it came from stdin.
    const granted = (r: { stdout: string }) => (JSON.parse(r.stdout.replaceAll(file, '(stdin)')) as { rbac: RbacComparison[] }).rbac.map((c) => c.granted!);
    expect(granted(fromStdin)).toEqual(granted(fromFile));
    // The second namespace's reading of stdin found the manifests too (it found none, and said so, when stdin was read twice).
    expect(fromStdin.stderr).not.toContain('no RBAC objects');
    expect(granted(fromFile)[0].overGrants.length).toBeGreaterThan(0);
    // Placed in ns1 alone: default:default is not bound by the chart's RoleBindings (it was, each placed in default too).
    expect(granted(fromFile)[1].roles.filter((u) => u.binding.kind === 'RoleBinding')).toEqual([]);
    // Without it, refused: one release is installed in one namespace, not in each service account's.
    const unplaced = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', AUDIT2RBAC_V1, ...unplacedArgs, '--granted', file], { cwd: repoRoot, reject: false });
    expect(unplaced.exitCode).toBe(2);
    expect(unplaced.stderr).toContain('name no namespace, and the service accounts are in ns1, default: give the namespace the release is installed in (--release-namespace');
  });

  it('claims no permission used that no manifest given defines: a binding to a role they lack, or no role bound', async () => {
    const dir = scratchDir('rbac-cli-unresolved');
    const binding = (role: string, subject: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\n` +
      `subjects: [{kind: ServiceAccount, name: ${subject}, namespace: ns1}]\n`;
    const view = path.join(dir, 'view.yaml');
    writeFileSync(view, binding('view', 'sa1'));
    const r = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', view, ...SPEC]);
    expect(r.exitCode, r.stderr).toBe(0);
    // It said "over-privilege: none, every granted permission was used" of a role whose rules it never saw.
    expect(r.stderr).not.toContain('every granted permission was used');
    expect(r.stderr).toContain('over-privilege: none in the roles the manifests hold; 1 binding to a role they do not hold cannot be judged (unresolved, below)');
    expect(r.stderr).toContain(`unresolved: ClusterRoleBinding b (${view}:1) refers to ClusterRole view, not in the manifests: its rules are unknown`);
    const other = path.join(dir, 'other.yaml');
    writeFileSync(other, binding('view', 'someone-else'));
    const o = await cli([AUDIT2RBAC_V1, '--serviceaccount', 'ns1:sa1', '--granted', other, ...SPEC]);
    expect(o.stderr).toContain('over-privilege: none: the manifests bind no role to it');
  });

  it('exit 2, saying why: unknown identity, two identities, a policy without manifests, a broken manifest', async () => {
    const none = await cli([AUDIT2RBAC_V1, '--user', 'carol']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('no requests by carol');
    // One impersonating is named too, with the requests `--user` finds for it: system:admin made every request as another.
    const impersonated = readFileSync(AUDIT2RBAC_V1, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { stage: string; user: { username: string }; impersonatedUser?: unknown })
      .filter((e) => e.stage === 'ResponseComplete' && e.impersonatedUser && e.user.username === 'system:admin').length;
    expect(impersonated).toBeGreaterThan(29);
    expect(none.stderr).toContain(`identities seen: system:admin (${impersonated}), bob (29), system:serviceaccount:ns1:sa1 (5), alice (3)`);
    const admin = await cli([AUDIT2RBAC_V1, '--user', 'system:admin', '--format', 'json', '-q']);
    expect((JSON.parse(admin.stdout) as RbacComparison).requests.total).toBe(impersonated);
    const both = await cli([AUDIT2RBAC_V1, '--user', 'bob', '--serviceaccount', 'ns1:sa1']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('give one identity');
    // The same option given twice named two identities, of which the last was derived without a word.
    for (const [option, first, second] of [
      ['--user', 'alice', 'bob'],
      ['--serviceaccount', 'ns1:sa1', 'ns1:sa2'],
    ]) {
      const twice = await cli([AUDIT2RBAC_V1, option!, first!, option!, second!]);
      expect(twice.exitCode).toBe(2);
      expect(twice.stdout).toBe('');
      expect(twice.stderr).toContain(`${option} ${first} is given already: rbac derives the RBAC of one identity`);
    }
    const policy = await cli([AUDIT2RBAC_V1, '--user', 'bob', '--fail-on', 'overprivileged']);
    expect(policy.exitCode).toBe(2);
    expect(policy.stderr).toContain('--fail-on overprivileged needs --granted');
    const dir = scratchDir('rbac-cli');
    const bad = path.join(dir, 'rbac.yaml');
    writeFileSync(bad, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: x\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n');
    const broken = await cli([AUDIT2RBAC_V1, '--user', 'bob', '--granted', bad, ...SPEC]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain(`${bad}:1: ClusterRole x: rules[0].verbs is required`);
  });

  it("grants on an API group the release does not serve are listed apart, not as over-grants (kube-state-metrics' extensions on 1.28, the hkerma log)", async () => {
    // The rules of the kube-state-metrics chart the log's prometheus release installed (2023): each workload kind in
    // both extensions and its current group; verticalpodautoscalers is a custom resource's group (the VPA's CRD).
    const rules = [
      ['""', 'configmaps, endpoints, namespaces, nodes, pods, secrets, services'],
      ['extensions, apps', 'daemonsets'],
      ['extensions, apps', 'deployments'],
      ['extensions, apps', 'replicasets'],
      ['apps', 'statefulsets'],
      ['extensions, networking.k8s.io', 'ingresses'],
      ['autoscaling.k8s.io', 'verticalpodautoscalers'],
    ];
    const { log, granted } = kubeStateMetricsGrant(
      'rbac-unserved',
      'my-prometheus-kube-state-metrics',
      rules.map(([groups, resources]) => `  - apiGroups: [${groups}]\n    resources: [${resources}]\n    verbs: [list, watch]`),
    );
    const args = [log, '--serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--spec', specPath('1.28'), '--fail-on', 'overprivileged'];
    const r = await cli([...args, '--format', 'json']);
    const c = JSON.parse(r.stdout) as RbacComparison;
    // Only the custom resource's group, which a cluster with the VPA's CRD serves, is an over-grant: one, not five.
    expect(c.granted!.overGrants.map((o) => o.why)).toEqual(['never used: list, watch on autoscaling.k8s.io/verticalpodautoscalers cluster-wide']);
    expect(c.verdict).toMatchObject({ overGrants: 1, pass: false });
    expect(c.granted!.unservedGroups!.map((u) => [u.rule.resources, u.groups])).toEqual([
      [['daemonsets'], ['extensions']],
      [['deployments'], ['extensions']],
      [['replicasets'], ['extensions']],
      [['ingresses'], ['extensions']],
    ]);
    // What can be used on 1.28 was: the apps and networking.k8s.io halves of those rules are not counted unused.
    expect(c.granted!.roles.map((u) => [u.permissions, u.exercised])).toEqual([[26, 24]]);
    expect(r.stderr).toContain(
      `note: ClusterRole my-prometheus-kube-state-metrics (${granted}:1): list,watch extensions,apps:daemonsets names extensions, ` +
        'an API group Kubernetes 1.28 does not serve: no request can use it there, so not counted as over-grants',
    );
    expect((await cli([...args, '--threshold', '1'])).exitCode).toBe(0);
    // The report's page says it where the Action's PR comment does.
    const out = path.join(path.dirname(granted), 'out');
    const a = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', log, '--spec', specPath('1.28'), '--conformance', 'none', '--rbac-serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--fail-on', 'overprivileged', '-o', out, '-q'], { cwd: repoRoot, reject: false });
    expect(a.exitCode, a.stderr).toBe(1);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(
      '4 rules of ClusterRole `my-prometheus-kube-state-metrics` grant on `extensions`, an API group Kubernetes 1.28 does not serve: no request can use it there, so not counted as over-grants.',
    );
  });

  it('grants no audit log shows used (nodes/metrics, <resource>/finalizers) are said apart and fail no threshold', async () => {
    // Prometheus's nodes/metrics is checked by the kubelet's SubjectAccessReview, audited as the kubelet's request; an
    // owner's finalizers inside its write. Both were over-grants "never used", failing rbac-threshold 0 every time.
    const { log, granted } = kubeStateMetricsGrant('rbac-unaudited', 'ksm', [
      '  - apiGroups: [""]\n    resources: [nodes/metrics, nodes/stats]\n    verbs: [get]',
      '  - apiGroups: [apps]\n    resources: [deployments/finalizers]\n    verbs: [update]',
    ]);
    const args = [log, '--serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--spec', specPath('1.28'), '--fail-on', 'overprivileged'];
    const r = await cli([...args, '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RbacComparison;
    expect(c.granted!.overGrants).toEqual([]);
    expect(c.granted!.unauditedResources!.map((u) => u.resources)).toEqual([['nodes/metrics', 'nodes/stats'], ['apps/deployments/finalizers']]);
    expect(c.granted!.roles.map((u) => [u.permissions, u.exercised])).toEqual([[0, 0]]);
    expect(r.stderr).toContain(
      `note: ClusterRole ksm (${granted}:1): get core:nodes/metrics,nodes/stats names nodes/metrics, nodes/stats, ` +
        "checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so not visible in an audit log: kept as granted, not judged",
    );
    expect(r.stderr).toContain('PASS: 0 over-grants (threshold 0)');
    // None of its permissions is judged: none is said never used, nor "0 of 0 permissions used".
    expect(r.stderr).toContain(`ClusterRole ksm (${granted}:1) via ClusterRoleBinding ksm (${granted}:13): 3 permissions not visible in an audit log, not judged\n`);
    // Nor every granted permission used: the set-aside ones were not judged.
    expect(r.stderr).toContain('over-privilege: none, every granted permission judged was used; 2 rules on resources no audit log shows used, not judged (below)\n');
    expect(r.stderr).not.toContain('every granted permission was used');
    const out = path.join(path.dirname(granted), 'out');
    const a = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', log, '--spec', specPath('1.28'), '--conformance', 'none', '--rbac-serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '-o', out, '-q'], { cwd: repoRoot, reject: false });
    expect(a.stderr).not.toContain('Error');
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    // Counted where the role is named, said (what and why) once, in the line that follows.
    expect(md).toContain('ClusterRole `ksm` (3 permissions, said below).');
    expect(md).not.toContain('not visible in an audit log, not judged');
    expect(md).toContain(
      "2 rules of ClusterRole `ksm` grant on `apps/deployments/finalizers`, `nodes/metrics`, `nodes/stats`, checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so not visible in an audit log: kept as granted, not judged.",
    );
    // analyze's own line says them too: its PASS was read in a CI log as every grant judged.
    const said = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'analyze', log, '--spec', specPath('1.28'), '--conformance', 'none', '--rbac-serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--fail-on', 'overprivileged', '--format', 'json'], { cwd: repoRoot, reject: false });
    expect(said.stderr.split('\n').filter((l) => l.startsWith('least privilege '))).toEqual([
      expect.stringMatching(/^least privilege prometheus:my-prometheus-kube-state-metrics: \d+ requests, 0 over-grants \(and 2 rules on resources no audit log shows used, not judged\), \d+ denied; PASS \(threshold 0\)$/),
    ]);
  });

  it('more than five unusable requests: the first five, and how many more (there was no word of them)', async () => {
    type Event = { user: { username: string }; impersonatedUser?: { username: string }; verb: string; auditID: string };
    const lines = readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    // sa1's requests in this log are system:admin's, impersonating it.
    const own = lines.filter((e) => (e.impersonatedUser ?? e.user).username === 'system:serviceaccount:ns1:sa1');
    const odd = Array.from({ length: 7 }, (_, i) => JSON.stringify({ ...own[0]!, auditID: `${own[0]!.auditID.slice(0, -2)}${String(i).padStart(2, '0')}`, verb: 'frobnicate' }));
    const log = path.join(scratchDir('rbac-unusable-more'), 'odd.log');
    writeFileSync(log, [...own.map((e) => JSON.stringify(e)), ...odd].join('\n') + '\n');
    const r = await cli([log, '--serviceaccount', 'ns1:sa1']);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  unusable request '))).toHaveLength(5);
    expect(r.stderr).toContain('  and 2 more unusable requests (--format json lists them all)\n');
  });

  it('a RoleBinding grants none of the kubelet\'s nodes subresources: ineffective, as nodes, not kept as unaudited', async () => {
    const { log, granted } = kubeStateMetricsGrant('rbac-unaudited-rolebinding', 'ksm', ['  - apiGroups: [""]\n    resources: [nodes/metrics, pods]\n    verbs: [get]']);
    const text = readFileSync(granted, 'utf8').replace('kind: ClusterRoleBinding\nmetadata:\n  name: ksm', 'kind: RoleBinding\nmetadata:\n  name: ksm\n  namespace: prometheus');
    expect(text).toContain('kind: RoleBinding');
    writeFileSync(granted, text);
    const r = await cli([log, '--serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--spec', specPath('1.28'), '--format', 'json']);
    const c = JSON.parse(r.stdout) as RbacComparison;
    expect(c.granted!.unauditedResources ?? []).toEqual([]);
    expect(JSON.stringify(c.granted!.ineffective)).toContain('nodes/metrics');
    // In every group ("*"), the same.
    writeFileSync(granted, text.replace('apiGroups: [""]', 'apiGroups: ["*"]'));
    const any = JSON.parse((await cli([log, '--serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--spec', specPath('1.28'), '--format', 'json'])).stdout) as RbacComparison;
    expect(any.granted!.unauditedResources ?? []).toEqual([]);
    expect(JSON.stringify(any.granted!.ineffective)).toContain('nodes/metrics');
  });

  it('each name of resourceNames is a permission: the ones never used are an over-grant, though another was used (the ingress-nginx admission job, the hkerma log)', async () => {
    // The job read its own Secret by name, twice; the Role grants it three more it never read.
    const dir = scratchDir('rbac-resource-names');
    const log = path.join(dir, 'hkerma.log');
    writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
    const granted = path.join(dir, 'admission.yaml');
    writeFileSync(
      granted,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: admission, namespace: ingress-nginx}\nrules:\n' +
        '  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [my-ingress-nginx-admission, db-password, tls-key, admin-token]\n    verbs: [get]\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: admission, namespace: ingress-nginx}\n' +
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: admission}\nsubjects: [{kind: ServiceAccount, name: my-ingress-nginx-admission}]\n',
    );
    const args = [log, '--serviceaccount', 'ingress-nginx:my-ingress-nginx-admission', '--granted', granted, '--fail-on', 'overprivileged'];
    const r = await cli([...args, '--format', 'json']);
    const c = JSON.parse(r.stdout) as RbacComparison;
    expect(c.granted!.roles.map((u) => [u.permissions, u.exercised])).toEqual([[4, 1]]);
    expect(c.granted!.overGrants).toHaveLength(1);
    expect(c.granted!.overGrants[0]).toMatchObject({
      kind: 'unused',
      risk: 'secrets',
      permissions: 3,
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['admin-token', 'db-password', 'tls-key'], verbs: ['get'] }],
      exercised: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['my-ingress-nginx-admission'], verbs: ['get'] }],
      why: 'never used: get on secrets named admin-token, db-password, tls-key in namespace ingress-nginx: reads or changes credentials',
    });
    expect(c.verdict).toMatchObject({ overGrants: 1, pass: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('1 of 4 permissions used');
    expect((await cli([...args, '--threshold', '1', '-q'])).exitCode).toBe(0);
  });

  it("a wildcard covers the custom resources requests reached, not the APIs Kubernetes removed (extensions ingresses, PodSecurityPolicy on 1.34)", async () => {
    // An operator that still asks for extensions/v1beta1 ingresses and a PodSecurityPolicy (404 on 1.34), a custom
    // resource (a CRD's, which the spec does not describe) and a pod; bound to get,list on everything.
    const dir = scratchDir('rbac-wildcard-reached');
    const event = (id: string, verb: string, uri: string, objectRef: Record<string, string>, code: number) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: id,
        stage: 'ResponseComplete',
        requestURI: uri,
        verb,
        user: { username: 'system:serviceaccount:shop:operator', groups: ['system:serviceaccounts', 'system:authenticated'] },
        userAgent: 'op',
        objectRef,
        responseStatus: { code },
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        requestReceivedTimestamp: '2026-01-01T00:00:00Z',
        stageTimestamp: '2026-01-01T00:00:00Z',
      });
    const log = path.join(dir, 'operator.log');
    writeFileSync(
      log,
      [
        event('x1', 'list', '/apis/extensions/v1beta1/namespaces/shop/ingresses', { resource: 'ingresses', namespace: 'shop', apiGroup: 'extensions', apiVersion: 'v1beta1' }, 404),
        event('x2', 'get', '/apis/policy/v1beta1/podsecuritypolicies/restricted', { resource: 'podsecuritypolicies', name: 'restricted', apiGroup: 'policy', apiVersion: 'v1beta1' }, 404),
        event('x3', 'get', '/api/v1/namespaces/shop/pods/p', { resource: 'pods', namespace: 'shop', name: 'p', apiVersion: 'v1' }, 200),
        event('x4', 'list', '/apis/stable.example.com/v1/namespaces/shop/crontabs', { resource: 'crontabs', namespace: 'shop', apiGroup: 'stable.example.com', apiVersion: 'v1' }, 200),
      ].join('\n') + '\n',
    );
    const granted = path.join(dir, 'op.yaml');
    writeFileSync(
      granted,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: op}\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: [get, list]\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: op}\n' +
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: op}\nsubjects: [{kind: ServiceAccount, name: operator, namespace: shop}]\n',
    );
    const args = [log, '--serviceaccount', 'shop:operator', '--granted', granted, '--spec', specPath('1.34')];
    const r = await cli([...args, '--format', 'json']);
    const c = JSON.parse(r.stdout) as RbacComparison;
    // The rule names `*`, not extensions or policy/podsecuritypolicies: nothing of it is set aside.
    expect(c.granted!.unservedGroups ?? []).toEqual([]);
    expect(c.granted!.unservedResources ?? []).toEqual([]);
    // What 1.34 serves, and the custom resource's get and list; the pod and the custom resource used.
    const plain = await cli(args);
    expect(plain.stderr).toMatch(/: 2 of (\d+) permissions used/);
    const total = Number(/: 2 of (\d+) permissions used/.exec(plain.stderr)![1]);
    expect(c.granted!.roles.map((u) => [u.permissions, u.exercised])).toEqual([[total, 2]]);
    expect(plain.stderr).not.toContain('extensions/ingresses');
    expect(plain.stderr).not.toContain('does not serve');
    // Without the custom resource's request, two fewer: get and list on it.
    writeFileSync(log, readFileSync(log, 'utf8').split('\n').filter((l) => !l.includes('crontabs')).join('\n'));
    const without = JSON.parse((await cli([...args, '--format', 'json'])).stdout) as RbacComparison;
    expect(without.granted!.roles.map((u) => [u.permissions, u.exercised])).toEqual([[total - 2, 1]]);
  });

  it("a wildcard covers a newer release's resource the cluster served (resource.k8s.io/v1 deviceclasses against 1.30), not one it answered 404", async () => {
    // As a review found it: a get allowed and answered 200 on a resource the 1.30 spec lacks was left out of the
    // wildcard's permissions, which were then all called never used.
    const dir = scratchDir('rbac-wildcard-newer');
    const log = (code: number) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'a1',
        stage: 'ResponseComplete',
        requestURI: '/apis/resource.k8s.io/v1/deviceclasses/gpu',
        verb: 'get',
        user: { username: 'system:serviceaccount:ns:sa', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'] },
        userAgent: 'app/1',
        objectRef: { resource: 'deviceclasses', name: 'gpu', apiGroup: 'resource.k8s.io', apiVersion: 'v1' },
        responseStatus: { code },
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        requestReceivedTimestamp: '2025-01-01T00:00:00Z',
        stageTimestamp: '2025-01-01T00:00:00Z',
      }) + '\n';
    const granted = path.join(dir, 'granted.yaml');
    writeFileSync(
      granted,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n- apiGroups: ["resource.k8s.io"]\n  resources: ["*"]\n  verbs: ["get"]\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: r}\n' +
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: ServiceAccount, name: sa, namespace: ns}]\n',
    );
    const run = async (code: number) => {
      const file = path.join(dir, `a-${code}.log`);
      writeFileSync(file, log(code));
      const r = await cli([file, '--serviceaccount', 'ns:sa', '--granted', granted, '--k8s-version', '1.30']);
      return /: (\d+) of (\d+) permissions used/.exec(r.stderr)?.slice(1).map(Number);
    };
    const [used, total] = (await run(200))!;
    // The 1.30 spec's resource.k8s.io resources, and deviceclasses, used.
    expect(used).toBe(1);
    // Answered 404 (as a removed API is): nothing there to grant or use, as before.
    expect(await run(404)).toEqual([0, total! - 1]);
  });

  it('grants on a resource the release no longer serves are listed apart too, and not called a typo (PodSecurityPolicy use on 1.28, the hkerma log)', async () => {
    // The PodSecurityPolicy rule charts carried until 1.25 removed the API (policy itself stays, with PodDisruptionBudget),
    // and a misspelt resource, which no release serves.
    const { log, granted } = kubeStateMetricsGrant('rbac-unserved-resource', 'ksm-psp', [
      '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [list, watch]',
      '  - apiGroups: [policy]\n    resources: [podsecuritypolicies]\n    resourceNames: [ksm]\n    verbs: [use]',
      '  - apiGroups: [policy]\n    resources: [poddisruptionbudgetz]\n    verbs: [list]',
    ]);
    const args = [log, '--serviceaccount', 'prometheus:my-prometheus-kube-state-metrics', '--granted', granted, '--spec', specPath('1.28'), '--fail-on', 'overprivileged'];
    const r = await cli([...args, '--format', 'json']);
    const c = JSON.parse(r.stdout) as RbacComparison;
    // The typo is still an over-grant and a typo; PodSecurityPolicy is neither: 1.13 and 1.21 served it.
    expect(c.granted!.overGrants.map((o) => o.why)).toEqual(['never used: list on policy/poddisruptionbudgetz cluster-wide']);
    expect(c.granted!.unknownResources.map((u) => u.resources)).toEqual([['policy/poddisruptionbudgetz']]);
    expect(c.granted!.unservedResources!.map((u) => [u.rule.resources, u.resources])).toEqual([[['podsecuritypolicies'], ['policy/podsecuritypolicies']]]);
    expect(c.verdict).toMatchObject({ overGrants: 1, pass: false });
    expect(r.stderr).toContain(
      `note: ClusterRole ksm-psp (${granted}:1): use policy:podsecuritypolicies [ksm] names policy/podsecuritypolicies, ` +
        'a resource Kubernetes 1.28 does not serve: no request can use it there, so not counted as over-grants',
    );
    expect(r.stderr).not.toContain('podsecuritypolicies, not in Kubernetes 1.28: a typo');
    expect(r.stderr).toContain('names policy/poddisruptionbudgetz, not in Kubernetes 1.28: a typo grants nothing');
  });
});
