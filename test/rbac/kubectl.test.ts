// The YAML `apisnoop rbac` prints is accepted by the real kubectl (Debian kubernetes-client) with
// `apply --dry-run=client`, schema validation on. kubectl insists on a server even then (discovery, the object,
// /openapi/v2), so it talks to fake-apiserver.ts, which serves the real 1.32 OpenAPI schema.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observedYaml } from '../../src/render/rbac.js';
import { compareRbac, identityOf } from '../../src/engine/rbac.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';
import { startFakeApiserver, type FakeApiserver } from './fake-apiserver.js';
import { collect } from './helpers.js';
import { CANARY_WRITER, FIELD_CANARIES } from '../helpers/canary-lines.js';

/** The canary lines' events (JSON each: collect refuses a line that is not). */
const canaryLog = path.join(scratchDir('rbac-kubectl'), 'canaries.log');
writeFileSync(canaryLog, FIELD_CANARIES.join('\n') + '\n');

const KUBECTL = process.env.KUBECTL ?? ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find(existsSync);
// CI installs kubernetes-client; elsewhere a missing kubectl skips this file rather than failing it. KUBECTL=path
// chooses another binary (checked with Debian's kubernetes-client 1.20.2 and a kubectl 1.32).
const run = KUBECTL || process.env.CI ? describe : describe.skip;

run('kubectl apply --dry-run=client', () => {
  let server: FakeApiserver;
  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl not found: install kubernetes-client');
    server = await startFakeApiserver();
  });
  afterAll(() => server?.close());

  const apply = (yaml: string) =>
    execa(KUBECTL!, ['apply', '--dry-run=client', '--validate=true', '-f', '-'], { input: yaml, reject: false, env: { KUBECONFIG: server.kubeconfig } });

  const cases: Array<[string, string, { serviceAccount?: string; user?: string }]> = [
    ['ns1:sa1', AUDIT2RBAC_V1, { serviceAccount: 'ns1:sa1' }],
    ['bob', AUDIT2RBAC_V1, { user: 'bob' }],
    ['alice', AUDIT2RBAC_V1, { user: 'alice' }],
    ['system:admin', AUDIT2RBAC_2017, { user: 'system:admin' }],
    // Non-resource paths with a ; or an escaped #, named up to it then * (/healthz;*, /healthz#*).
    [CANARY_WRITER, canaryLog, { serviceAccount: CANARY_WRITER }],
  ];
  it.each(cases)('accepts the RBAC derived for %s', async (_who, log, who) => {
    const identity = identityOf(who);
    const c = await collect(log, identity);
    for (const includeDefaults of [false, true]) {
      const yaml = observedYaml(compareRbac({ requests: c.requests(), total: c.total, identity, includeDefaults }));
      const docs = (loadAll(yaml) as Array<{ kind: string; metadata: { name: string } }>).filter(Boolean);
      expect(docs.length).toBeGreaterThan(0);
      expect(yaml).not.toContain('CANARY');
      const res = await apply(yaml);
      expect(res.stderr).toBe('');
      expect(res.exitCode).toBe(0);
      // One "created (dry run)" line per object, in order.
      const expected = docs.map((d) => `${d.kind.toLowerCase()}.rbac.authorization.k8s.io/${d.metadata.name} created (dry run)`);
      expect(res.stdout.trim().split('\n')).toEqual(expected);
    }
  });

  it('accepts the RBAC derived with the grants no audit log shows used kept from the manifests (their comment among the rules)', async () => {
    const dir = scratchDir('rbac-kubectl-kept');
    const granted = path.join(dir, 'granted.yaml');
    writeFileSync(
      granted,
      [
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: finalizers, namespace: ns1}',
        'rules: [{apiGroups: [apps], resources: [deployments/finalizers], verbs: [update]}]',
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: finalizers, namespace: ns1}',
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: finalizers}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]',
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: metrics}\nrules: [{apiGroups: [""], resources: [nodes/metrics], verbs: [get]}]',
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: metrics}',
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics}\nsubjects: [{kind: ServiceAccount, name: sa1, namespace: ns1}]\n',
      ].join('\n'),
    );
    const c = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [granted], spec: specPath('1.21-served-kind') });
    const yaml = observedYaml(c);
    expect(yaml).toContain('  # Kept from the manifests as granted');
    const docs = (loadAll(yaml) as Array<{ kind: string; metadata: { name: string } }>).filter(Boolean);
    expect(docs.map((d) => d.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
    const res = await apply(yaml);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n')).toEqual(docs.map((d) => `${d.kind.toLowerCase()}.rbac.authorization.k8s.io/${d.metadata.name} created (dry run)`));
  });

  it('validates for real: a broken rule is rejected against the schema', async () => {
    const identity = identityOf({ user: 'alice' });
    const c = await collect(AUDIT2RBAC_V1, identity);
    const yaml = observedYaml(compareRbac({ requests: c.requests(), total: c.total, identity }));
    const broken = yaml.replace('    verbs:\n      - list\n', '    verbs: list\n');
    expect(broken).not.toBe(yaml);
    const res = await apply(broken);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('invalid type for io.k8s.api.rbac.v1.PolicyRule.verbs: got "string", expected "array"');
    expect(server.requests).toContain('GET /openapi/v2');
  });

  it('accepts the RBAC templates of the example chart (the fixture is valid RBAC)', async () => {
    const dir = path.join(repoRoot, 'examples/overgranted-chart/templates');
    const text = readdirSync(dir)
      .filter((f) => /role/.test(f))
      .sort()
      .map((f) => `---\n${readFileSync(path.join(dir, f), 'utf8')}`)
      .join('');
    const res = await apply(text);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n')).toHaveLength(10);
  });
});
