// Reading the RBAC a chart installs: the example chart's templates raw, as `helm template` prints them, and broken
// manifests, which must name file, line and template.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { leastPrivilegeManifest, ManifestError, parseManifests, readManifests, redactSecrets } from '../../src/sources/manifests.js';
import { expandRule, identityOf, resolveGrants } from '../../src/engine/rbac.js';
import { repoRoot, scratchDir } from '../helpers/fixtures.js';
import { helmTemplate } from './helpers.js';

const TEMPLATES = path.join(repoRoot, 'examples/overgranted-chart/templates');

describe('the example chart', () => {
  it('holds six roles and four bindings; the ServiceAccount and Deployment are counted, not read', async () => {
    const m = await readManifests([TEMPLATES], 'ns1');
    expect(m.roles.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`).sort()).toEqual([
      'ClusterRole//overgranted-jobs',
      'ClusterRole//overgranted-jobs-batch',
      'ClusterRole//overgranted-operator',
      'ClusterRole//overgranted-widgets-edit',
      'Role/ns1/overgranted-debug',
      'Role/ns1/overgranted-leader-election',
    ]);
    expect(m.bindings.map((b) => `${b.kind}/${b.namespace ?? ''}/${b.name}->${b.roleRef.kind}/${b.roleRef.name}`).sort()).toEqual([
      'ClusterRoleBinding//overgranted-jobs->ClusterRole/overgranted-jobs',
      'ClusterRoleBinding//overgranted-operator->ClusterRole/overgranted-operator',
      'RoleBinding/ns1/overgranted-debug->Role/overgranted-debug',
      'RoleBinding/ns1/overgranted-leader-election->Role/overgranted-leader-election',
    ]);
    expect(m.skipped).toEqual({ ServiceAccount: 1, Deployment: 1 });
    expect(m.defaulted.sort()).toEqual([
      'Role overgranted-debug -> ns1',
      'Role overgranted-leader-election -> ns1',
      'RoleBinding overgranted-debug -> ns1',
      'RoleBinding overgranted-leader-election -> ns1',
    ]);
    const operator = m.roles.find((r) => r.name === 'overgranted-operator')!;
    expect(operator.rules).toHaveLength(7);
    expect(operator.rules[6]).toEqual({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
    const jobs = m.roles.find((r) => r.name === 'overgranted-jobs')!;
    expect(jobs.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'overgranted.example.com/aggregate-to-jobs': 'true' } }] });
    expect(m.roles.find((r) => r.name === 'overgranted-widgets-edit')!.labels).toEqual({ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
  });

  it('read as `helm template` output: every object names its template and the line its document starts on', () => {
    const text = helmTemplate();
    const lines = text.split('\n');
    const m = parseManifests(text, 'rendered.yaml', 'ns1');
    // The same documents js-yaml's loadAll sees in the whole text.
    const all = (loadAll(text) as Array<{ apiVersion?: string } | null>).filter((d) => d && d.apiVersion?.startsWith('rbac.'));
    expect(m.roles.length + m.bindings.length).toBe(all.length);
    for (const o of [...m.roles, ...m.bindings]) {
      const src = o.source!;
      expect(src.template).toMatch(/^overgranted\/templates\/(cluster)?role-[a-z-]+\.yaml$/);
      expect(lines[src.line - 1]).toBe('apiVersion: rbac.authorization.k8s.io/v1');
      expect(lines[src.line]).toBe(`kind: ${o.kind}`);
      // The template's own file has the object too.
      expect(readFileSync(path.join(TEMPLATES, path.basename(src.template!)), 'utf8')).toContain(`name: ${o.name}\n`);
    }
  });
});

describe('manifests the apiserver would reject', () => {
  const bad = (doc: string): string => {
    // The broken object is the third document of a helm-style dump of the real chart.
    const text = `${helmTemplate()}---\n# Source: overgranted/templates/broken.yaml\n${doc}`;
    try {
      parseManifests(text, 'rendered.yaml', 'ns1');
    } catch (err) {
      expect(err).toBeInstanceOf(ManifestError);
      const m = /^rendered\.yaml:(\d+) \(overgranted\/templates\/broken\.yaml\): /.exec((err as Error).message);
      expect(m, (err as Error).message).not.toBeNull();
      // The line named is inside the broken document.
      const at = Number(m![1]);
      const start = text.split('\n').indexOf('# Source: overgranted/templates/broken.yaml') + 1;
      expect(at).toBeGreaterThanOrEqual(start);
      expect(at).toBeLessThanOrEqual(text.split('\n').length);
      return (err as Error).message.slice(m![0].length);
    }
    throw new Error('accepted');
  };
  const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: broken\n';
  it('is an error naming file, line and template', () => {
    expect(bad(`${role}rules:\n  - apiGroups: [""]\n    resources: [pods]\n`)).toBe('Role broken: rules[0].verbs is required');
    expect(bad(`${role}rules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: get\n`)).toBe('Role broken: rules[0].verbs must be a list of strings, got "get"');
    expect(bad(`${role}rules:\n  - nonResourceURLs: [/metrics]\n    verbs: [get]\n`)).toBe('Role broken: rules[0] has nonResourceURLs, which only a ClusterRole may hold');
    expect(bad(`${role}rules:\n  - resources: [pods]\n    verbs: [get]\n`)).toBe('Role broken: rules[0] has resources but no apiGroups ("" is the core group)');
    expect(bad('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  kind: ClusterRole\n  name: x\nsubjects:\n  - kind: ServiceAccount\n    name: sa1\n')).toBe(
      'ClusterRoleBinding b: subjects[0] is a ServiceAccount without namespace, which a ClusterRoleBinding must give',
    );
    expect(bad('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nroleRef:\n  name: x\n')).toBe('RoleBinding b: roleRef needs kind Role or ClusterRole and a name');
    expect(bad('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {}\n')).toBe('document: Role without metadata.name');
    // Not skipped in silence: a misspelt kind or another apiVersion would drop a binding, and a placeholder left
    // unrendered (quoted, so valid YAML) would bind nobody; either way the gate would pass on nothing.
    expect(bad('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBindng\nmetadata:\n  name: b\n')).toBe(
      'document: ClusterRoleBindng is not an RBAC kind (Role, ClusterRole, RoleBinding or ClusterRoleBinding)',
    );
    expect(bad('apiVersion: rbac.authorization.k8s.io/v2\nkind: Role\nmetadata:\n  name: b\n')).toBe('document: Role with apiVersion rbac.authorization.k8s.io/v2, not rbac.authorization.k8s.io/v1');
    expect(
      bad('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: "{{ .Release.Namespace }}"\nroleRef:\n  kind: Role\n  name: x\nsubjects:\n  - kind: ServiceAccount\n    name: "{{ .Values.sa }}"\n'),
    ).toBe('document: RoleBinding holds an unrendered template ({{ … }}): give the rendered manifests (helm template)');
  });
  it("refuses the bindings and rules the API server's validation refuses, and takes the apiGroups it defaults", () => {
    const binding = (roleRef: string, subject: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: ns1\nroleRef:\n  kind: Role\n  name: x\n${roleRef}subjects:\n  - ${subject}\n`;
    const sa = 'kind: ServiceAccount\n    name: sa1';
    expect(bad(binding('  apiGroup: rbac.authorization.k8s.io/v1\n', sa))).toBe('RoleBinding b: roleRef.apiGroup is "rbac.authorization.k8s.io/v1", not rbac.authorization.k8s.io');
    expect(bad(binding('  apiGroup: apps\n', sa))).toBe('RoleBinding b: roleRef.apiGroup is "apps", not rbac.authorization.k8s.io');
    expect(bad(binding('', `${sa}\n    apiGroup: rbac.authorization.k8s.io`))).toBe('RoleBinding b: subjects[0] is a ServiceAccount with apiGroup "rbac.authorization.k8s.io", which must be empty (the core group)');
    expect(bad(binding('', 'kind: User\n    name: alice\n    apiGroup: v1'))).toBe('RoleBinding b: subjects[0] is a User with apiGroup "v1", not rbac.authorization.k8s.io (or none)');
    expect(bad(binding('', 'kind: Group\n    name: devs\n    apiGroup: rbac.authorization.k8s.io/v1'))).toBe(
      'RoleBinding b: subjects[0] is a Group with apiGroup "rbac.authorization.k8s.io/v1", not rbac.authorization.k8s.io (or none)',
    );
    expect(bad(`${role}rules:\n  - apiGroups: []\n    resources: [pods]\n    verbs: [get]\n`)).toBe('Role broken: rules[0] has resources but apiGroups is empty ("" is the core group)');
    const clusterRole = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: broken\n';
    expect(bad(`${clusterRole}rules:\n  - apiGroups: [""]\n    nonResourceURLs: [/metrics]\n    verbs: [get]\n`)).toBe(
      'ClusterRole broken: rules[0] has nonResourceURLs, and apiGroups or resourceNames, which apply to resources only',
    );
    // What the API server defaults (SetDefaults_RoleBinding, SetDefaults_Subject) is read as it holds it: the RBAC
    // group for roleRef, a User and a Group; the core group, "", for a ServiceAccount.
    for (const [roleRef, subject] of [
      ['', sa],
      ['  apiGroup: ""\n', `${sa}\n    apiGroup: ""`],
      ['  apiGroup: rbac.authorization.k8s.io\n', 'kind: User\n    name: alice'],
      ['', 'kind: Group\n    name: devs\n    apiGroup: ""'],
      ['', 'kind: User\n    name: alice\n    apiGroup: rbac.authorization.k8s.io'],
    ]) {
      expect(parseManifests(binding(roleRef, subject), 'b.yaml', 'ns1').bindings).toHaveLength(1);
    }
  });

  it('an unrendered template that is not YAML says so', () => {
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {{ .Values.name }}\n';
    expect(() => parseManifests(text, 'role.yaml', 'ns1')).toThrow(/^role\.yaml:\d+: not YAML: .* \(an unrendered Helm template\? give the rendered manifests: helm template\)$/);
  });
  it('bad YAML names the line of the error', () => {
    const text = `${helmTemplate()}---\n# Source: overgranted/templates/broken.yaml\n${role}rules:\n  - apiGroups: [""\n    verbs: [get]\n`;
    const lines = text.split('\n');
    expect(() => parseManifests(text, 'rendered.yaml', 'ns1')).toThrow(ManifestError);
    try {
      parseManifests(text, 'rendered.yaml', 'ns1');
    } catch (err) {
      const line = Number(/^rendered\.yaml:(\d+) \(overgranted\/templates\/broken\.yaml\): not YAML/.exec((err as Error).message)![1]);
      // js-yaml reports the flow sequence that never closes, on or just after the line that opens it.
      const open = lines.indexOf('  - apiGroups: [""') + 1;
      expect(line).toBeGreaterThanOrEqual(open);
      expect(line).toBeLessThanOrEqual(open + 2);
    }
  });
});

describe('other manifest shapes', () => {
  it('typed Lists (ClusterRoleList, as the API and kubectl get --raw return them), whose items carry no kind', async () => {
    const dir = scratchDir('rbac-typed-lists');
    // The example chart's RBAC objects, one typed List per kind, each item without kind and apiVersion.
    const objects = readdirSync(TEMPLATES)
      .flatMap((f) => loadAll(readFileSync(path.join(TEMPLATES, f), 'utf8')) as Array<Record<string, unknown>>)
      .filter((o) => o && String(o.apiVersion).startsWith('rbac.authorization.k8s.io'));
    const kinds = [...new Set(objects.map((o) => o.kind as string))];
    expect(kinds.length).toBe(4);
    for (const kind of kinds) {
      const items = objects.filter((o) => o.kind === kind).map(({ kind: _k, apiVersion: _v, ...rest }) => rest);
      writeFileSync(path.join(dir, `${kind}.json`), JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: `${kind}List`, metadata: { resourceVersion: '1' }, items }));
    }
    const fromLists = await readManifests([dir], 'ns1');
    const fromTemplates = await readManifests([TEMPLATES], 'ns1');
    const names = (m: typeof fromLists) => [...m.roles, ...m.bindings].map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`).sort();
    expect(names(fromLists)).toEqual(names(fromTemplates));
    expect(names(fromLists)).toHaveLength(10);
    expect(fromLists.roles.find((r) => r.name === 'overgranted-operator')!.rules).toEqual(fromTemplates.roles.find((r) => r.name === 'overgranted-operator')!.rules);
  });

  it('a kubectl List in JSON, read from a directory', async () => {
    const dir = scratchDir('rbac-manifests');
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'r', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'Group', name: 'devs' }] },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      ],
    };
    writeFileSync(path.join(dir, 'rbac.json'), JSON.stringify(list));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    const m = await readManifests([dir], 'default');
    expect(m.files).toEqual([path.join(dir, 'rbac.json')]);
    expect(m.roles.map((r) => r.name)).toEqual(['reader']);
    expect(m.bindings[0]).toMatchObject({ kind: 'RoleBinding', namespace: 'team', subjects: [{ kind: 'Group', name: 'devs' }] });
    expect(m.skipped).toEqual({ ConfigMap: 1 });
    expect(m.defaulted).toEqual([]);
  });
  it("a List's objects, and its errors, are placed on each item's own line, as kubectl prints a List in YAML or JSON", () => {
    // The example chart's objects as one List, the last item broken (a rule without verbs).
    const chart = (loadAll(helmTemplate()) as Array<Record<string, unknown> | null>).filter((d): d is Record<string, unknown> => d !== null);
    const broken = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'broken', namespace: 'ns1' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] };
    // As kubectl get -o yaml prints one: the items at the left margin.
    const yamlList = (items: unknown[]) => dump({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items }, { seqNoIndent: true });
    const jsonList = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
    for (const [form, write, itemStart] of [
      ['yaml', yamlList, /^- /],
      ['json', jsonList, /^ {4}\{$/],
    ] as const) {
      // Each item's first line, read from the text: where kubectl's printer starts it.
      const starts = (text: string) => text.split('\n').flatMap((l, i) => (itemStart.test(l) ? [i + 1] : []));
      const text = write(chart);
      const m = parseManifests(text, `list.${form}`, 'ns1');
      const objects = [...m.roles, ...m.bindings].map((o) => o.source!.line).sort((a, b) => a - b);
      const rbacItems = starts(text).filter((_, i) => String(chart[i]!.apiVersion).startsWith('rbac.authorization.k8s.io'));
      expect(objects, form).toEqual(rbacItems);
      expect(new Set(objects).size, form).toBe(10);
      // The Action's upload of it keeps each item on its line: the lines the report names hold there too.
      const cut = parseManifests(leastPrivilegeManifest(text).text, `list.${form}`, 'ns1');
      expect(cut.roles, form).toEqual(m.roles);
      expect(cut.bindings, form).toEqual(m.bindings);
      const bad = write([...chart, broken]);
      expect(() => parseManifests(bad, `list.${form}`, 'ns1'), form).toThrow(`list.${form}:${starts(bad).at(-1)}: Role broken: rules[0].verbs is empty`);
    }
  });

  it('a YAML error js-yaml cannot place (position 0) names the document\'s first line, not the "---" above it', () => {
    const doc = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {{ .Values.name }}\n';
    const text = `${helmTemplate()}---\n# Source: overgranted/templates/broken.yaml\n${doc}`;
    const line = text.split('\n').indexOf('# Source: overgranted/templates/broken.yaml') + 2;
    expect(text.split('\n')[line - 1]).toBe('apiVersion: rbac.authorization.k8s.io/v1');
    expect(() => parseManifests(text, 'rendered.yaml', 'ns1')).toThrow(`rendered.yaml:${line} (overgranted/templates/broken.yaml): not YAML: object-based map does not support complex keys`);
  });

  // A chart's role and binding given again as `kubectl get -o yaml` printed them from the cluster (to resolve the
  // roles it does not ship, say): both copies bound, every rule was granted twice (an over-grant listed twice), and
  // the first copy was listed as "not bound".
  it('an object given twice (same kind, namespace, name) is read once, the last, with a warning', async () => {
    const dir = scratchDir('rbac-twice');
    const docs = (extra: string): string =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: op\n${extra}rules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n---\n` +
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: op\n${extra}roleRef: {kind: ClusterRole, name: op}\nsubjects: [{kind: User, name: bob}]\n`;
    writeFileSync(path.join(dir, 'chart.yaml'), docs(''));
    writeFileSync(path.join(dir, 'live.yaml'), docs('  resourceVersion: "7"\n'));
    const warnings: string[] = [];
    const m = await readManifests([path.join(dir, 'chart.yaml'), path.join(dir, 'live.yaml')], 'ns1', (w) => warnings.push(w));
    expect(m.roles.map((r) => [r.name, r.source?.file])).toEqual([['op', path.join(dir, 'live.yaml')]]);
    expect(m.bindings.map((b) => [b.namespace, b.name, b.source?.file])).toEqual([['ns1', 'op', path.join(dir, 'live.yaml')]]);
    expect(warnings).toEqual([
      `ClusterRole op is in ${dir}/chart.yaml:1 and ${dir}/live.yaml:1: the one read last (${dir}/live.yaml:1) is taken, as the API server holds one`,
      `RoleBinding ns1/op is in ${dir}/chart.yaml:10 and ${dir}/live.yaml:11: the one read last (${dir}/live.yaml:11) is taken, as the API server holds one`,
    ]);
    const g = resolveGrants(m, identityOf({ user: 'bob' }));
    expect(g.rules.map((r) => r.rule.resources)).toEqual([['pods']]);
    expect(g.unbound).toEqual([]);
  });
  it('a missing file is an error naming it', async () => {
    await expect(readManifests(['/nonexistent/rbac.yaml'], 'default')).rejects.toThrow('/nonexistent/rbac.yaml: cannot read (ENOENT)');
  });
  it('directories are walked like log directories: nested, sorted, only manifests taken; a file named outright is read whatever its name', async () => {
    const dir = scratchDir('rbac-walk');
    const role = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules: []\n`;
    mkdirSync(path.join(dir, 'b', 'c'), { recursive: true });
    writeFileSync(path.join(dir, 'b', 'c', 'deep.yml'), role('deep'));
    writeFileSync(path.join(dir, 'a.yaml'), role('a'));
    writeFileSync(path.join(dir, '.hidden.yaml'), role('hidden'));
    writeFileSync(path.join(dir, 'b', 'README.md'), '# not a manifest');
    const named = path.join(scratchDir('rbac-named'), 'rbac.txt');
    writeFileSync(named, role('named'));
    const m = await readManifests([dir, named], 'default');
    expect(m.files).toEqual([path.join(dir, 'a.yaml'), path.join(dir, 'b', 'c', 'deep.yml'), named]);
    expect(m.roles.map((r) => r.name)).toEqual(['a', 'deep', 'named']);

    // A directory given twice grants nothing twice, and is no error for holding nothing new.
    const repeats: string[] = [];
    const twice = await readManifests([dir, dir], 'default', (w) => repeats.push(w));
    expect(twice.roles.map((r) => r.name)).toEqual(['a', 'deep']);
    expect(repeats).toEqual([
      `${path.join(dir, 'a.yaml')} is reached twice through ${dir}: read once`,
      `${path.join(dir, 'b', 'c', 'deep.yml')} is reached twice through ${path.join(dir, 'b', 'c')}: read once`,
    ]);
    // A directory with no manifest in it is an error naming it.
    await expect(readManifests([path.join(dir, 'b')], 'default')).resolves.toMatchObject({ roles: [{ name: 'deep' }] });
    const empty = scratchDir('rbac-empty');
    writeFileSync(path.join(empty, 'notes.txt'), 'nothing');
    await expect(readManifests([empty], 'default')).rejects.toThrow(ManifestError);
    await expect(readManifests([empty], 'default')).rejects.toThrow(`${empty}: no .yaml, .yml or .json files`);
  });
});

describe('redactSecrets: what the Action uploads of a release manifest', () => {
  // The example chart as helm prints it, with Secrets of every shape among its documents.
  const secrets = [
    '---\n# Source: overgranted/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  labels:\n    app: x\ntype: Opaque\n' +
      'stringData:\n  token: |\n    TOKEN-LINE-1\n    TOKEN-LINE-2\n  user: admin-USER\ndata:\n  password: UEFTUw==\nimmutable: true\n',
    '---\n# Source: overgranted/templates/json-secret.yaml\n{"apiVersion": "v1", "kind": "Secret",\n "metadata": {"name": "j"}, "data": {"k": "SkVZ"}}\n',
    '---\n# Source: overgranted/templates/list.yaml\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: l}\n  stringData: {k: LIST-VALUE}\n',
    '---\n# Source: overgranted/templates/broken.yaml\nkind: Secret\nstringData:\n  k: "BROKEN-VALUE\n',
  ];
  const text = helmTemplate() + secrets.join('');

  it('takes out every value of every Secret, line for line, and leaves every other document as it was', () => {
    const { text: out, secrets: n } = redactSecrets(text);
    expect(n).toBe(4);
    for (const value of ['TOKEN-LINE', 'admin-USER', 'UEFTUw==', 'SkVZ', 'LIST-VALUE', 'BROKEN-VALUE']) expect(out).not.toContain(value);
    const before = text.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    // Everything up to the first Secret is untouched; the block-style Secret keeps what says what it is.
    const firstSecret = before.indexOf('# Source: overgranted/templates/secret.yaml');
    expect(after.slice(0, firstSecret)).toEqual(before.slice(0, firstSecret));
    expect(after.slice(firstSecret, firstSecret + 17)).toEqual([
      '# Source: overgranted/templates/secret.yaml',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: creds',
      '  labels:',
      '    app: x',
      'type: Opaque',
      '# stringData: taken out by APISnoop',
      '',
      '',
      '',
      '',
      '# data: taken out by APISnoop',
      '',
      'immutable: true',
      '---',
    ]);
    expect(out).toContain('# (a document holding a Secret: taken out by APISnoop)');
    // The RBAC read from it is the RBAC read from the chart, at the same lines; the block-style Secret still counted.
    const m = parseManifests(out, 'm.yaml', 'ns1');
    const original = parseManifests(helmTemplate(), 'm.yaml', 'ns1');
    expect(m.roles).toEqual(original.roles);
    expect(m.bindings).toEqual(original.bindings);
    expect(m.skipped).toEqual({ ...original.skipped, Secret: 1 });
  });

  it('takes out what other YAML forms hold: lone CR line ends, a merge key, an explicit key, a quoted key, YAML that does not parse', () => {
    const forms = [
      // Lone CRs end lines for YAML: they become line feeds first, so the lines below them are seen.
      'apiVersion: v1\rkind: Secret\rmetadata:\r  name: cr\rstringData:\r  k: CR-VALUE\r',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: merged\n<<: {stringData: {k: MERGE-VALUE}}\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: explicit\n? stringData\n: {k: EXPLICIT-VALUE}\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: quoted\n"string\\x44ata": {k: QUOTED-VALUE}\n',
      // A kind from a merge key: Go's YAML resolves it, so helm sees a Secret.
      '<<: {kind: Secret}\napiVersion: v1\nmetadata: {name: m}\nstringData: {k: MKIND-VALUE}\n',
      // Not YAML to js-yaml: taken out whole, whether or not "Secret" is spelt out.
      'apiVersion: v1\nkind: !!binary U2VjcmV0\nmetadata: {name: b}\nstringData: {k: BIN-VALUE}\n',
      'apiVersion: v1\nkind: List\nitems:\n- kind: Secret\n  stringData: {k: DUP-VALUE}\n  stringData: {k: DUP-VALUE}\n',
    ];
    for (const form of forms) {
      const { text: out, secrets } = redactSecrets(`---\n${form}`);
      expect(secrets, form).toBe(1);
      expect(out, form).not.toMatch(/[A-Z]+-VALUE/);
      expect(out.split('\n'), form).toHaveLength(`---\n${form}`.split(/\r\n|\r|\n/).length);
    }
  });

  it('gives a manifest without Secrets back unchanged', () => {
    expect(redactSecrets(helmTemplate())).toEqual({ text: helmTemplate(), secrets: 0 });
  });
});

describe('leastPrivilegeManifest: the release manifest the Action uploads holds only what least privilege reads', () => {
  // The example chart as helm prints it, with what charts render values into: a ConfigMap, a Deployment's env, a
  // Secret, a CronJob, a custom resource, and a List mixing them with RBAC.
  const extra = [
    '---\n# Source: overgranted/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  token: CM-VALUE\n',
    '---\n# Source: overgranted/templates/worker.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: jobs\nspec:\n  template:\n' +
      '    spec:\n      serviceAccount: old-style\n      containers:\n        - name: w\n          env:\n            - {name: TOKEN, value: ENV-VALUE}\n',
    '---\n# Source: overgranted/templates/cron.yaml\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      template:\n' +
      '        spec:\n          containers: [{name: c, args: [--token=CRON-VALUE]}]\n',
    '--- {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"password": "CR-VALUE"}}\n',
    '---\n# Source: overgranted/templates/list.yaml\napiVersion: v1\nkind: List\nitems:\n' +
      '- {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: listed, namespace: ns1}, rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]}\n' +
      '- {apiVersion: v1, kind: Secret, metadata: {name: listed}, stringData: {k: LIST-VALUE}}\n',
    '---\n# Source: overgranted/templates/broken.yaml\nkind: ConfigMap\ndata:\n  k: "BROKEN-VALUE\n',
  ];
  const text = helmTemplate() + extra.join('');

  it('keeps the RBAC objects and ServiceAccounts as printed, each workload as the service account it runs as, line for line; names the rest', () => {
    const out = leastPrivilegeManifest(text);
    for (const value of ['CM-VALUE', 'ENV-VALUE', 'CRON-VALUE', 'CR-VALUE', 'LIST-VALUE', 'BROKEN-VALUE', 'image']) expect(out.text).not.toContain(value);
    expect(out).toMatchObject({ rbac: 11, leftOut: 4, secrets: 0 });
    const before = text.split('\n');
    const after = out.text.split('\n');
    expect(after).toHaveLength(before.length);
    // The chart's RBAC documents are what helm printed, at the same lines.
    const deployment = before.indexOf('# Source: overgranted/templates/deployment.yaml');
    const end = before.indexOf('---', deployment);
    const firstExtra = before.indexOf('# Source: overgranted/templates/configmap.yaml') - 1;
    expect(after.slice(0, deployment + 1)).toEqual(before.slice(0, deployment + 1));
    expect(after.slice(end, firstExtra)).toEqual(before.slice(end, firstExtra));
    expect(after).toContain('# ConfigMap config: left out by APISnoop (least privilege does not read it)');
    expect(after).toContain('--- # Widget w: left out by APISnoop (least privilege does not read it)');
    expect(after).toContain('# (a document that is not YAML: left out by APISnoop)');
    expect(after).toContain(
      '{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},"spec":{"jobTemplate":{"spec":{"template":{"spec":{}}}}}} # cut by APISnoop to what least privilege reads',
    );
    // What least privilege reads of it is what it read of the manifest as printed (the broken document aside).
    const full = parseManifests(text.slice(0, text.indexOf('---\n# Source: overgranted/templates/broken.yaml')), 'm.yaml', 'ns1');
    const cut = parseManifests(out.text, 'm.yaml', 'ns1');
    expect(cut.roles).toEqual(full.roles);
    expect(cut.roles.map((r) => r.name)).toContain('listed');
    expect(cut.bindings).toEqual(full.bindings);
    expect(cut.workloads).toEqual(full.workloads);
    expect(cut.workloads.map((w) => `${w.kind} ${w.namespace}:${w.serviceAccount}`)).toEqual(['Deployment ns1:sa1', 'Deployment jobs:old-style', 'CronJob ns1:default']);
    expect(cut.serviceAccounts).toEqual(full.serviceAccounts);
    expect(cut.defaulted).toEqual(full.defaulted);
  });

  it('a document least privilege refuses is refused alike, with nothing of what it held', () => {
    for (const form of ['kind: [SHAPE-VALUE]\ndata: x\n', '- SHAPE-VALUE\n', 'apiVersion: v1\nkind: List\ndata: SHAPE-VALUE\n', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Roel\nmetadata: {name: r}\n']) {
      const printed = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${form}`;
      const out = leastPrivilegeManifest(printed).text;
      expect(out, form).not.toContain('SHAPE-VALUE');
      expect(() => parseManifests(out, 'm.yaml', 'ns1'), form).toThrow(ManifestError);
      expect(() => parseManifests(out, 'm.yaml', 'ns1'), form).toThrow(catchMessage(() => parseManifests(printed, 'm.yaml', 'ns1')));
    }
  });

  it('counts no RBAC object in a manifest without any, and still takes Secrets out of what it keeps', () => {
    expect(leastPrivilegeManifest(extra.slice(0, 4).join(''))).toMatchObject({ rbac: 0, leftOut: 2 });
    const sa = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n';
    expect(leastPrivilegeManifest(sa)).toEqual({ text: sa, rbac: 0, leftOut: 0, secrets: 0 });
    // An object of the RBAC API is kept whatever its kind (least privilege refuses it): a Secret in it is still taken out.
    const odd = '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: ODD-VALUE}\n';
    const out = leastPrivilegeManifest(odd);
    expect(out).toMatchObject({ rbac: 1, secrets: 1 });
    expect(out.text).not.toContain('ODD-VALUE');
  });
});

function catchMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('did not throw');
}

// A custom resource's kind and resource are any DNS-1035 name: toString, constructor. POD_SPEC_PATH and SPECIAL_VERBS
// are plain objects, whose prototype answered for them: reading such a manifest threw "path is not iterable", and a
// rule granting * on a resource named constructor granted a verb that was Object itself.
describe('kinds and resources named like Object methods', () => {
  const ODD = `apiVersion: example.com/v1
kind: toString
metadata:
  name: odd
spec: {}
---
apiVersion: example.com/v1
kind: constructor
metadata:
  name: odder
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets
rules:
- apiGroups: [example.com]
  resources: [constructor]
  verbs: ["*"]
`;
  it('are read as any other kind: skipped, the RBAC beside them kept', () => {
    const read = parseManifests(ODD, 'odd.yaml', 'default');
    expect(read.roles.map((r) => r.name)).toEqual(['widgets']);
    expect(read.skipped).toEqual({ toString: 1, constructor: 1 });
    expect(read.workloads).toEqual([]);
    expect(leastPrivilegeManifest(ODD).rbac).toBe(1);
  });
  it('a * rule on a resource named constructor grants verbs, each a string', () => {
    const perms = expandRule({ apiGroups: ['example.com'], resources: ['constructor'], verbs: ['*'] }, new Map());
    expect(perms.map((p) => p.verb)).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
  });
});
