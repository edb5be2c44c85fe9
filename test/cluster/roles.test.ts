import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchRoles, getRoleArgs, readGrantedFromCluster, unshippedRoles } from '../../src/cluster/roles.js';
import type { BindingObject, RbacObjects } from '../../src/engine/rbac/objects.js';
import { readManifests } from '../../src/sources/manifests.js';
import { fakesDir } from '../fakes/action-harness.js';
import { scratchDir } from '../helpers/fixtures.js';

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: 'Role' | 'ClusterRole', role: string, namespace?: string): BindingObject => ({
  kind,
  name: `b-${role}`,
  ...(namespace ? { namespace } : {}),
  roleRef: { kind: roleKind, name: role },
  subjects: [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }],
});

describe('the roles a release binds but does not ship', () => {
  // Object.prototype's names (constructor, toString) were taken for modelled built-ins (`name in
  // BUILTIN_CLUSTER_ROLES`) and never read from the cluster, so the binding stayed unjudged.
  it('reads every unshipped role but the modelled built-ins, Object method names included', () => {
    const objects: RbacObjects = {
      roles: [{ kind: 'Role', name: 'own', namespace: 'ns1', labels: {}, rules: [] }],
      bindings: [
        binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin'),
        binding('ClusterRoleBinding', 'ClusterRole', 'system:auth-delegator'),
        binding('ClusterRoleBinding', 'ClusterRole', 'constructor'),
        binding('RoleBinding', 'ClusterRole', 'toString', 'ns1'),
        binding('RoleBinding', 'ClusterRole', 'admin', 'ns1'),
        binding('RoleBinding', 'Role', 'own', 'ns1'),
        binding('RoleBinding', 'Role', 'premade', 'ns1'),
      ],
    };
    expect(unshippedRoles(objects)).toEqual([
      { kind: 'ClusterRole', name: 'admin' },
      { kind: 'ClusterRole', name: 'constructor' },
      { kind: 'ClusterRole', name: 'toString' },
      { kind: 'Role', name: 'premade', namespace: 'ns1' },
    ]);
    expect(getRoleArgs({ kind: 'Role', name: 'premade', namespace: 'ns1' }, 'kc')).toEqual(['get', 'role', 'premade', '--namespace', 'ns1', '--output', 'yaml', '--kubeconfig', 'kc', '--request-timeout', '30s']);
  });
});

describe('roles read back from the cluster', () => {
  // RBAC names are checked only as path segments (ValidateRBACName), so a ClusterRole's name may hold line breaks.
  // Written raw into the comment heading its document, this one added a second z-big with no rules after the real
  // one, and the reader, which takes the last of two objects with one name, judged the wildcard grant as none.
  const crafted = 'zz\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: z-big\nrules: []\n---\n#';
  const rbac = 'rbac.authorization.k8s.io';
  const wildcard = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
  const served = [
    { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: 'z-big' }, rules: wildcard },
    { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: crafted }, rules: [] },
    ...['z-big', crafted].map((role, i) => ({
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `b${i}` },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }],
    })),
  ];
  let root: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    root = scratchDir('cluster-roles');
    writeFileSync(path.join(root, 'served.yaml'), served.map((o) => dump(o)).join('---\n'));
    Object.assign(process.env, {
      PATH: `${fakesDir}${path.delimiter}${process.env.PATH}`,
      FAKE_NODE: process.execPath,
      FAKE_LOG: path.join(root, 'calls.jsonl'),
      FAKE_STATE_DIR: root,
      FAKE_CLUSTER_ROLES: path.join(root, 'served.yaml'),
    });
    writeFileSync(path.join(root, 'kind.yaml'), 'kind: Cluster\n');
    await execa('kind', ['create', 'cluster', '--name', 'c', '--config', path.join(root, 'kind.yaml'), '--kubeconfig', path.join(root, 'kubeconfig')]);
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  const rolesRead = async (file: string) => (await readManifests([file], 'ns1')).roles.map((r) => ({ name: r.name, rules: r.rules.length }));

  it('a name with a line break stays in its comment, whether the roles are listed (install-command) or fetched by name', async () => {
    const listed = path.join(root, 'granted.yaml');
    expect(await readGrantedFromCluster('kubectl', 'ns1', path.join(root, 'kubeconfig'), listed)).toEqual({ file: listed, bindings: 2 });
    expect(readFileSync(listed, 'utf8')).toContain('# ClusterRole zz\\x0a---\\x0aapiVersion');
    expect(await rolesRead(listed)).toEqual([
      { name: 'z-big', rules: 1 },
      { name: crafted, rules: 0 },
    ]);
    const fetched = path.join(root, 'cluster-roles.yaml');
    const refs = [{ kind: 'ClusterRole', name: 'z-big' }, { kind: 'ClusterRole', name: crafted }] as const;
    expect((await fetchRoles('kubectl', [...refs], path.join(root, 'kubeconfig'), fetched))?.fetched).toEqual(refs);
    expect(await rolesRead(fetched)).toEqual([
      { name: 'z-big', rules: 1 },
      { name: crafted, rules: 0 },
    ]);
  });
});
