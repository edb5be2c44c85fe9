import { describe, expect, it } from 'vitest';
import { getRoleArgs, unshippedRoles } from '../../src/cluster/roles.js';
import type { BindingObject, RbacObjects } from '../../src/engine/rbac/objects.js';

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
