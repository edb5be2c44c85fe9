// Granted versus exercised: the example chart's deliberate over-grants to ns1:sa1, checked against what sa1 really
// did in audit2rbac's demo log; wildcards expanded against the real 1.36 spec.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareRbac,
  expandRule,
  identityOf,
  resolveGrants,
  resourceCatalog,
  subjectMatches,
  type BindingObject,
  type Identity,
  type RbacComparison,
  type RbacObjects,
  type RoleObject,
} from '../../src/engine/rbac.js';
import type { Spec } from '../../src/engine/spec.js';
import { roleUsageText } from '../../src/render/rbac-text.js';
import { parseManifests, readManifests } from '../../src/sources/manifests.js';
import { loadSpecFile } from '../../src/sources/specs.js';
import { AUDIT2RBAC_V1, loadFixtureSpec, repoRoot, scratchDir, writeServedSpec } from '../helpers/fixtures.js';
import { collect } from './helpers.js';

const TEMPLATES = path.join(repoRoot, 'examples/overgranted-chart/templates');
let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.36');
});

async function compare(identity: Identity, objects: RbacObjects, policy?: { threshold: number }): Promise<RbacComparison> {
  const c = await collect(AUDIT2RBAC_V1, identity);
  return compareRbac({
    requests: c.requests(),
    total: c.total,
    identity,
    objects,
    sources: ['test'],
    spec,
    policy: policy ? { failOn: ['overprivileged'], threshold: policy.threshold } : undefined,
  });
}

const clusterRole = (name: string, rules: RoleObject['rules'], extra: Partial<RoleObject> = {}): RoleObject => ({ kind: 'ClusterRole', name, labels: {}, rules, ...extra });
const crb = (name: string, role: string, subjects: BindingObject['subjects']): BindingObject => ({ kind: 'ClusterRoleBinding', name, roleRef: { kind: 'ClusterRole', name: role }, subjects });
const bob = identityOf({ user: 'bob' });

describe('grants whose use no audit log shows', () => {
  // An operator's <kind>/finalizers (checked inside its write of the owner) and Prometheus's nodes/metrics (checked by
  // the kubelet's SubjectAccessReview, audited as the kubelet's) never show as the identity's own request: counted as
  // never used, they failed rbac-threshold 0 whatever the app did. userextras/<key> shows (the impersonator's request).
  it('are listed apart, not as over-grants nor as granted permissions; userextras stays judged', async () => {
    const role = clusterRole('operator', [
      { apiGroups: [''], resources: ['pods/finalizers'], verbs: ['update'] },
      { apiGroups: ['example.com'], resources: ['widgets/finalizers'], verbs: ['update'] },
      { apiGroups: [''], resources: ['nodes/metrics', 'nodes/stats', 'nodes/proxy'], verbs: ['get'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['impersonate'] },
    ]);
    const admin = identityOf({ user: 'system:admin' });
    const r = await compare(admin, { roles: [role], bindings: [crb('operator', 'operator', [{ kind: 'User', name: 'system:admin' }])] }, { threshold: 0 });
    const g = r.granted!;
    expect(g.unauditedResources).toEqual([
      { role: expect.objectContaining({ name: 'operator' }), rule: role.rules[0], resources: ['pods/finalizers'] },
      { role: expect.objectContaining({ name: 'operator' }), rule: role.rules[1], resources: ['example.com/widgets/finalizers'] },
      { role: expect.objectContaining({ name: 'operator' }), rule: role.rules[2], resources: ['nodes/metrics', 'nodes/stats'] },
    ]);
    // nodes/proxy is the apiserver's own path (audited as the identity's request), userextras/<key> the impersonator's.
    expect(g.overGrants.map((o) => o.rules)).toEqual([
      [{ apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['impersonate'] }],
      [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }],
    ]);
    expect(g.roles.map((u) => [u.exercised, u.permissions])).toEqual([[0, 2]]);
    expect(r.verdict).toMatchObject({ overGrants: 2, pass: false });
  });
});

describe('grants whose use no audit log shows, by wildcard, typo and verb', () => {
  const admin = identityOf({ user: 'system:admin' });
  const judge = (rules: RoleObject['rules']): Promise<RbacComparison> =>
    compare(admin, { roles: [clusterRole('operator', rules)], bindings: [crb('operator', 'operator', [{ kind: 'User', name: 'system:admin' }])] }, { threshold: 0 });

  it('*/finalizers is update on every owner\'s finalizers in its groups: said, not zero permissions', async () => {
    // No spec lists a finalizers subresource: expanded against the catalog's keys, the rule granted nothing and
    // passed without a word, though it is update on every finalizers subresource of the cluster.
    const everyGroup = { apiGroups: ['*'], resources: ['*/finalizers'], verbs: ['update'] };
    const named = { apiGroups: ['apps', '', 'monitoring.coreos.com'], resources: ['*/finalizers'], verbs: ['update'] };
    const g = (await judge([everyGroup, named])).granted!;
    expect(g.unauditedResources).toEqual([
      { role: expect.objectContaining({ name: 'operator' }), rule: everyGroup, resources: ['*/*/finalizers'] },
      { role: expect.objectContaining({ name: 'operator' }), rule: named, resources: ['*/finalizers', 'apps/*/finalizers', 'monitoring.coreos.com/*/finalizers'] },
    ]);
    expect(g.overGrants).toEqual([]);
    expect(g.roles.map((u) => [u.exercised, u.permissions, u.unaudited])).toEqual([[0, 0, 4]]);
  });

  it('a finalizers typo (core deployments/finalizers, apps/pods/finalizers) is only a typo', async () => {
    const rule = { apiGroups: ['apps', ''], resources: ['deployments/finalizers', 'pods/finalizers'], verbs: ['update'] };
    const g = (await judge([rule])).granted!;
    expect(g.unknownResources.map((x) => x.resources)).toEqual([['apps/pods/finalizers', 'deployments/finalizers']]);
    expect(g.unauditedResources).toEqual([{ role: expect.objectContaining({ name: 'operator' }), rule, resources: ['apps/deployments/finalizers', 'pods/finalizers'] }]);
    // The typos grant permissions no request used: over-grants, as any typo's.
    expect(g.overGrants.map((o) => o.rules)).toEqual([
      [
        { apiGroups: [''], resources: ['deployments/finalizers'], verbs: ['update'] },
        { apiGroups: ['apps'], resources: ['pods/finalizers'], verbs: ['update'] },
      ],
    ]);
  });

  it('only the verbs checked for another\'s request are set aside: the others on those resources are over-grants', async () => {
    // update alone on finalizers (OwnerReferencesPermissionEnforcement); get, create, update, patch, delete on the
    // kubelet's (its HTTP methods). list, watch, deletecollection there are never asked about by anything.
    const rule = { apiGroups: [''], resources: ['pods/finalizers', 'nodes/metrics'], verbs: ['*'] };
    const g = (await judge([rule])).granted!;
    expect(g.unauditedResources!.map((x) => x.resources)).toEqual([['nodes/metrics', 'pods/finalizers']]);
    expect(g.overGrants).toHaveLength(1);
    expect(g.overGrants[0].rules).toEqual([
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['list', 'watch', 'deletecollection'] },
      { apiGroups: [''], resources: ['pods/finalizers'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete', 'deletecollection'] },
    ]);
    expect(g.roles.map((u) => [u.exercised, u.permissions, u.unaudited])).toEqual([[0, 10, 6]]);
    // Said with the count it belongs to, as `apisnoop rbac` does.
    expect(roleUsageText(g.roles[0], ' (NEVER USED)')).toBe('0 of 10 permissions used (NEVER USED); 6 permissions not visible in an audit log, not judged');
  });
});

describe('the over-granted chart, for ns1:sa1', () => {
  let r: RbacComparison;
  beforeAll(async () => {
    const m = await readManifests([TEMPLATES], 'ns1');
    r = await compare(identityOf({ serviceAccount: 'ns1:sa1' }), m, { threshold: 0 });
  });

  it('reports every deliberate over-grant, riskiest first', () => {
    const seen = r.granted!.overGrants.map((o) => [o.kind, o.risk, o.role.name, o.rule.resources ?? o.rule.nonResourceURLs, o.permissions]);
    expect(seen).toEqual([
      // apps: 5 resources x 8 REST verbs + 7 status/scale subresources x get,update,patch, in the 1.36 spec.
      ['unused', 'wildcard', 'overgranted-operator', ['*'], 5 * 8 + 7 * 3],
      ['unused', 'secrets', 'overgranted-operator', ['secrets'], 2],
      ['unused', 'escalation', 'overgranted-operator', ['clusterroles', 'roles'], 4],
      ['unused', 'escalation', 'overgranted-operator', ['users', 'groups', 'serviceaccounts'], 3],
      // Aggregated into overgranted-jobs from overgranted-jobs-batch, bound through the group system:serviceaccounts:ns1.
      ['unused', 'cluster-wide-write', 'overgranted-jobs', ['jobs', 'cronjobs'], 10],
      ['unused', 'cluster-wide-write', 'overgranted-operator', ['configmaps'], 3],
      // sa1 only listed pods and nodes: get and watch were never used.
      ['unused', 'cluster-wide-read', 'overgranted-operator', ['pods', 'nodes'], 4],
      // The bound Role nobody used.
      ['unused', 'namespaced-write', 'overgranted-leader-election', ['leases'], 3],
      ['unused', 'non-resource', 'overgranted-operator', ['/metrics'], 1],
    ]);
    const [wild, , , , jobs, , podsNodes, leases] = r.granted!.overGrants;
    expect(wild.exercised).toEqual([]);
    expect(wild.granted).toBe(61);
    expect(jobs.aggregatedFrom?.name).toBe('overgranted-jobs-batch');
    expect(jobs.binding).toMatchObject({ kind: 'ClusterRoleBinding', name: 'overgranted-jobs' });
    expect(jobs.risks).toEqual(['cluster-wide-write', 'cluster-wide-read']);
    expect(podsNodes.rules).toEqual([{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'watch'] }]);
    expect(podsNodes.exercised).toEqual([{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['list'] }]);
    expect(leases).toMatchObject({ scope: 'ns1', role: { kind: 'Role', namespace: 'ns1' }, binding: { kind: 'RoleBinding', namespace: 'ns1' } });
    for (const o of r.granted!.overGrants) expect(o.why.length).toBeGreaterThan(10);
  });

  it('counts what each bound role was used for, and names what is not bound to sa1', () => {
    expect(r.granted!.roles.map((u) => [u.role.name, u.exercised, u.permissions])).toEqual([
      ['overgranted-jobs', 0, 10],
      ['overgranted-operator', 2, 6 + 61 + 2 + 4 + 3 + 3 + 1],
      ['overgranted-leader-election', 0, 3],
    ]);
    expect(r.granted!.unbound.map((u) => u.name).sort()).toEqual(['overgranted-debug', 'overgranted-widgets-edit']);
    expect(r.granted!.aggregations.map((a) => [a.clusterRole.name, a.aggregates])).toEqual([['overgranted-jobs', ['overgranted-jobs-batch']]]);
    expect(r.granted!.aggregateTo.map((a) => [a.clusterRole.name, a.into])).toEqual([['overgranted-widgets-edit', ['edit']]]);
    expect(r.granted!.ungranted).toEqual([]);
    expect(r.granted!.unresolved).toEqual([]);
    expect(r.granted!.ineffective).toEqual([]);
    expect(r.granted!.unknownResources).toEqual([]);
  });

  it('fails the policy above the threshold', async () => {
    expect(r.verdict).toEqual({ failOn: ['overprivileged'], threshold: 0, overGrants: 9, cannotJudge: [], pass: false });
    const m = await readManifests([TEMPLATES], 'ns1');
    const identity = identityOf({ serviceAccount: 'ns1:sa1' });
    expect((await compare(identity, m, { threshold: 8 })).verdict!.pass).toBe(false);
    expect((await compare(identity, m, { threshold: 9 })).verdict!.pass).toBe(true);
  });
});

describe('granted rules and the requests of bob', () => {
  it('a ClusterRoleBinding for pods he only listed in two namespaces is reported as broader than needed', async () => {
    const r = await compare(bob, {
      roles: [clusterRole('lister', [{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list'] }])],
      bindings: [crb('lister', 'lister', [{ kind: 'User', name: 'bob' }])],
    });
    expect(r.granted!.overGrants).toEqual([
      expect.objectContaining({ kind: 'cluster-wide', risk: 'cluster-wide-read', namespaces: ['default', 'ns1'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] }),
    ]);
    expect(r.granted!.ungranted).toEqual([]);
  });

  it('says which verbs went unused on which resource, never a verb he used (list pods) as unused', async () => {
    const r = await compare(bob, {
      roles: [clusterRole('reader', [{ apiGroups: [''], resources: ['pods', 'nodes', 'configmaps'], verbs: ['get', 'list', 'watch'] }])],
      bindings: [crb('reader', 'reader', [{ kind: 'User', name: 'bob' }])],
    });
    const unused = r.granted!.overGrants.find((o) => o.kind === 'unused')!;
    expect(unused.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'watch'] },
    ]);
    // It read "get, list, watch on configmaps, nodes, pods": every verb on every resource, list pods among them.
    expect(unused.why).toBe('never used: get, list, watch on configmaps; get, watch on nodes, pods cluster-wide');
  });

  it('cluster-admin, bound but not shipped: `*` expands to every resource and verb of the spec, special verbs included', async () => {
    const r = await compare(bob, { roles: [], bindings: [crb('admin', 'cluster-admin', [{ kind: 'Group', name: 'system:authenticated' }])] });
    const [all] = r.granted!.overGrants;
    expect(all).toMatchObject({ kind: 'unused', risk: 'wildcard', builtin: true, role: { name: 'cluster-admin' } });
    expect(all.exercised).toEqual([{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['list'] }]);
    const allows = (group: string, resource: string, verb: string) => all.rules.some((x) => x.apiGroups!.includes(group) && x.resources!.includes(resource) && x.verbs.includes(verb));
    expect(allows('', 'secrets', 'get')).toBe(true);
    expect(allows('', 'users', 'impersonate')).toBe(true);
    expect(allows('rbac.authorization.k8s.io', 'clusterroles', 'escalate')).toBe(true);
    expect(allows('', 'pods/exec', 'create')).toBe(true);
    expect(allows('', 'pods', 'list')).toBe(false);
    expect(all.permissions).toBe(all.granted - 2);
    // Bob's discovery requests used the non-resource half.
    expect(r.granted!.overGrants.filter((o) => o.rule.nonResourceURLs)).toEqual([]);
  });

  it('requests the manifests do not grant are listed (the default roles cover discovery)', async () => {
    const r = await compare(bob, {
      roles: [{ kind: 'Role', name: 'pods', namespace: 'default', labels: {}, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] }],
      bindings: [{ kind: 'RoleBinding', name: 'pods', namespace: 'default', roleRef: { kind: 'Role', name: 'pods' }, subjects: [{ kind: 'User', name: 'bob' }] }],
    });
    expect(r.granted!.overGrants).toEqual([]);
    expect(r.granted!.ungranted).toEqual([
      { verb: 'list', apiGroup: '', resource: 'nodes', count: 1, allowed: 0 },
      { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'ns1', count: 1, allowed: 0 },
    ]);
  });

  it('notes bindings whose role is unknown, RoleBindings that try to grant cluster-scoped resources, and misspelt resources', async () => {
    const r = await compare(bob, {
      roles: [
        clusterRole('nodes-and-namespace', [{ apiGroups: [''], resources: ['nodes', 'namespaces'], verbs: ['get'] }]),
        clusterRole('typo', [{ apiGroups: ['apps', 'example.com'], resources: ['deployment', 'widgets'], verbs: ['get'] }]),
      ],
      bindings: [
        crb('typo', 'typo', [{ kind: 'User', name: 'bob' }]),
        crb('view', 'view', [{ kind: 'User', name: 'bob' }]),
        { kind: 'RoleBinding', name: 'rb', namespace: 'default', roleRef: { kind: 'ClusterRole', name: 'nodes-and-namespace' }, subjects: [{ kind: 'User', name: 'bob' }] },
      ],
    });
    expect(r.granted!.unresolved).toEqual([{ binding: { kind: 'ClusterRoleBinding', name: 'view' }, roleRef: { kind: 'ClusterRole', name: 'view' } }]);
    // A namespace is authorized in itself, so a RoleBinding can grant get on its own namespace: only nodes is ineffective.
    expect(r.granted!.ineffective.map((x) => x.resources)).toEqual([['nodes']]);
    expect(r.granted!.overGrants.filter((o) => o.role.name === 'nodes-and-namespace').map((o) => [o.risk, o.rules])).toEqual([
      ['namespaced-read', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }]],
    ]);
    // apps has no "deployment" (singular) in 1.36; example.com is not in the spec at all (a CRD), so nothing is said of it.
    expect(r.granted!.unknownResources.map((u) => [u.role.name, u.resources])).toEqual([['typo', ['apps/deployment', 'apps/widgets']]]);
  });

  it('counts over-grants as findings, a rule both unused in part and used only in some namespaces twice, as action.yml says', async () => {
    // bob lists pods in default and ns1 only, and deletes none: two changes to the one rule, two findings.
    const r = await compare(bob, { roles: [clusterRole('pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] }])], bindings: [crb('pods', 'pods', [{ kind: 'User', name: 'bob' }])] }, { threshold: 1 });
    expect(r.granted!.overGrants.map((o) => [o.kind, o.rules])).toEqual([
      ['unused', [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }]],
      ['cluster-wide', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]],
    ]);
    expect(r.verdict).toMatchObject({ overGrants: 2, threshold: 1, pass: false });
    const action = load(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> };
    const said = action.inputs['rbac-threshold']!.description;
    expect(said).toContain('permissions never used');
    expect(said).toContain('used only in some namespaces');
    expect(said).toContain('two findings');
  });

  it('counts the special verbs as writes, approve and sign on signers as escalation too, never as reads', async () => {
    const r = await compare(bob, {
      roles: [
        clusterRole('special', [
          { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'] },
          { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['sign'] },
          { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['attest'] },
          { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind', 'escalate'] },
          { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] },
        ]),
      ],
      bindings: [crb('special', 'special', [{ kind: 'User', name: 'bob' }])],
    });
    const risks = r.granted!.overGrants.map((o) => [o.rule.verbs.join(','), o.risks]);
    expect(risks.sort(([a], [b]) => (a < b ? -1 : 1))).toEqual([
      ['approve', ['escalation', 'cluster-wide-write']],
      ['attest', ['cluster-wide-write']],
      ['bind,escalate', ['escalation', 'cluster-wide-write']],
      ['impersonate', ['escalation', 'cluster-wide-write']],
      ['sign', ['escalation', 'cluster-wide-write']],
    ]);
  });

  it('does not call a typo what RBAC is asked about outside the spec: finalizers, the kubelet\'s nodes subresources, userextras/<key>', async () => {
    const resources = [
      // OwnerReferencesPermissionEnforcement: update on the owner's <resource>/finalizers, for blockOwnerDeletion.
      'services/finalizers',
      'servics/finalizers',
      // The kubelet's authorizer: nodes/<subresource> for its own paths (/metrics, /stats, /logs, /configz...).
      'nodes/metrics',
      'nodes/stats',
      'nodes/log',
      'nodes/configz',
      'nodes/metricz',
    ];
    const r = await compare(bob, {
      roles: [
        clusterRole('pseudo', [
          { apiGroups: [''], resources, verbs: ['get', 'update'] },
          { apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs: ['update'] },
          // Impersonating an extra: resource userextras, the key its subresource.
          { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes', 'userextras/example.com/team', 'userextra'], verbs: ['impersonate'] },
        ]),
      ],
      bindings: [crb('pseudo', 'pseudo', [{ kind: 'User', name: 'bob' }])],
    });
    // Only the misspelt ones, each in its own rule.
    expect(r.granted!.unknownResources.map((u) => u.resources)).toEqual([['nodes/metricz', 'servics/finalizers'], ['authentication.k8s.io/userextra']]);
  });
});

describe('subjects and wildcards', () => {
  const sa = identityOf({ serviceAccount: 'ns1:sa1' });
  const rb: BindingObject = { kind: 'RoleBinding', name: 'b', namespace: 'ns1', roleRef: { kind: 'Role', name: 'r' }, subjects: [] };
  it('match service accounts by namespace (a RoleBinding defaults it), users by name, groups by membership', () => {
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'sa1' }, rb, sa)).toBe(true);
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'sa1' }, { ...rb, namespace: 'ns2' }, sa)).toBe(false);
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }, { ...rb, kind: 'ClusterRoleBinding', namespace: undefined }, sa)).toBe(true);
    expect(subjectMatches({ kind: 'User', name: 'system:serviceaccount:ns1:sa1' }, rb, sa)).toBe(true);
    for (const g of ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated']) expect(subjectMatches({ kind: 'Group', name: g }, rb, sa)).toBe(true);
    expect(subjectMatches({ kind: 'Group', name: 'system:serviceaccounts:ns2' }, rb, sa)).toBe(false);
    expect(subjectMatches({ kind: 'User', name: 'bob' }, rb, sa)).toBe(false);
  });
  it('aggregate by matchExpressions too', () => {
    const agg = clusterRole('agg', [], { aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] }] } });
    const a = clusterRole('a', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], { labels: { team: 'a' } });
    const c = clusterRole('c', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], { labels: { team: 'c' } });
    const res = resolveGrants({ roles: [agg, a, c], bindings: [crb('x', 'agg', [{ kind: 'User', name: 'bob' }])] }, bob);
    expect(res.rules.map((x) => [x.rule.resources, x.aggregatedFrom?.name])).toEqual([[['pods'], 'a']]);
    expect(res.unbound.map((u) => u.name)).toEqual(['c']);
  });
  // As the aggregation controller does (syncClusterRole): the selected roles' rules replace the aggregated role's own,
  // and a selected role that aggregates brings what it aggregates.
  it("aggregation replaces the role's own rules and nests; a cycle adds nothing", () => {
    const top = clusterRole('top', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'top' } }] } });
    const mid = clusterRole('mid', [], { labels: { agg: 'top' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'mid' } }] } });
    const leaf = clusterRole('leaf', [{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list'] }], { labels: { agg: 'mid' } });
    const res = resolveGrants({ roles: [top, mid, leaf], bindings: [crb('x', 'top', [{ kind: 'User', name: 'bob' }])] }, bob);
    expect(res.rules.map((x) => [x.rule.resources, x.role.name, x.aggregatedFrom?.name])).toEqual([[['pods', 'nodes'], 'top', 'leaf']]);
    expect(res.unbound).toEqual([]);
    expect(res.aggregations.map((a) => [a.clusterRole.name, a.aggregates])).toEqual([['top', ['mid']], ['mid', ['leaf']]]);
    // Two roles that select each other hold nothing but what they select besides.
    const a = clusterRole('a', [], { labels: { x: 'a' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'b' } }] } });
    const b = clusterRole('b', [], { labels: { x: 'b' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'a' } }] } });
    expect(resolveGrants({ roles: [a, b], bindings: [crb('y', 'a', [{ kind: 'User', name: 'bob' }])] }, bob).rules).toEqual([]);
  });
  // `kubectl get clusterrole view -o yaml`, as unresolvedText tells the user to give: aggregated, its rules filled by
  // the controller. Read as a chart's aggregated role, it granted nothing and bob's granted list of pods was "not granted".
  it('a served aggregated ClusterRole (kubectl get -o yaml) keeps the rules the controller gave it', async () => {
    const viewYaml = (resourceVersion: string): string => `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  aggregationRule:
    clusterRoleSelectors:
    - matchLabels:
        rbac.authorization.k8s.io/aggregate-to-view: "true"
  metadata:
    name: view
    labels:
      kubernetes.io/bootstrapping: rbac-defaults
      rbac.authorization.k8s.io/aggregate-to-edit: "true"
${resourceVersion}  rules:
  - apiGroups: [""]
    resources: [pods, configmaps]
    verbs: [get, list, watch]
  - apiGroups: [example.com]
    resources: [widgets]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [example.com]
  resources: [widgets]
  verbs: [get, list, watch]
`;
    const binding = { kind: 'ClusterRoleBinding' as const, name: 'bob-view', roleRef: { kind: 'ClusterRole' as const, name: 'view' }, subjects: [{ kind: 'User', name: 'bob' }] };
    const served = parseManifests(viewYaml('    resourceVersion: "345"\n'), 'view.yaml', 'default');
    expect(served.roles.map((x) => [x.name, x.served])).toEqual([['view', true], ['widgets-view', undefined]]);
    const r = await compare(bob, { roles: served.roles, bindings: [binding] });
    // Granted through view: the list of pods is used, the rest of view is over-granted, nothing is left unjudged.
    expect(r.granted!.ungranted.filter((g) => g.resource === 'pods')).toEqual([]);
    expect(r.granted!.unresolved).toEqual([]);
    expect(r.granted!.overGrants.map((o) => [o.role.name, o.rule.resources])).toContainEqual(['view', ['pods', 'configmaps']]);
    // Its rules count once: the chart's widgets-view, already in them, is reached through view, not bound again; the
    // rule is the chart's, so the over-grant points at widgets-view (the template to change), not at the cluster's view.
    expect(r.granted!.overGrants.filter((o) => o.rule.resources?.includes('widgets')).map((o) => [o.role.name, o.aggregatedFrom?.name])).toEqual([['view', 'widgets-view']]);
    expect(r.granted!.unbound).toEqual([]);
    // Placed on its own line in the List (its "- apiVersion"), not on the List's.
    expect(r.granted!.aggregations).toEqual([{ clusterRole: { kind: 'ClusterRole', name: 'view', source: { file: 'view.yaml', line: 4 } }, aggregates: ['widgets-view'], served: true }]);
    // The cluster's own default role aggregating into edit is not the manifests' doing; widgets-view's label is.
    expect(r.granted!.aggregateTo.map((a) => [a.clusterRole.name, a.into])).toEqual([['widgets-view', ['view']]]);

    // The same role as a chart ships it (no resourceVersion): the controller replaces its rules with what it selects.
    const shipped = parseManifests(viewYaml(''), 'view.yaml', 'default');
    expect(shipped.roles[0]!.served).toBeUndefined();
    const s = await compare(bob, { roles: shipped.roles, bindings: [binding] });
    expect(s.granted!.overGrants.map((o) => [o.role.name, o.rule.resources, o.aggregatedFrom?.name])).toEqual([['view', ['widgets'], 'widgets-view']]);
    expect(s.granted!.ungranted.some((g) => g.resource === 'pods')).toBe(true);
  });
  // `kubectl get clusterrole view -o yaml` of a cluster the chart is not installed in (the unresolved message's advice,
  // run against any cluster): its rules lack the chart's aggregate-to-view role, which the controller adds once the
  // chart is installed. Kept as served alone, the chart's widgets rule was dropped (its use "not granted") and
  // widgets-view hidden from the unbound roles as "reached".
  it('a served aggregated ClusterRole also gets the rules of the manifests\' matching roles it lacks, once each', async () => {
    const served = parseManifests(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      rbac.authorization.k8s.io/aggregate-to-view: "true"
metadata:
  name: view
  resourceVersion: "345"
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [example.com]
  resources: [gadgets]
  verbs: [list, get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [example.com]
  resources: [widgets]
  verbs: [get, list, watch]
- apiGroups: [example.com]
  resources: [gadgets]
  verbs: [get, list]
`,
      'view.yaml',
      'default',
    );
    const binding = { kind: 'ClusterRoleBinding' as const, name: 'bob-view', roleRef: { kind: 'ClusterRole' as const, name: 'view' }, subjects: [{ kind: 'User', name: 'bob' }] };
    const g = resolveGrants({ roles: served.roles, bindings: [binding] }, bob);
    expect(g.rules.map((r) => [r.role.name, r.rule.resources, r.aggregatedFrom?.name])).toEqual([
      ['view', ['pods'], undefined],
      ['view', ['gadgets'], 'widgets-view'],
      ['view', ['widgets'], 'widgets-view'],
    ]);
    expect(g.unbound).toEqual([]);
  });
  // A ClusterRole may be named constructor or toString (an RBAC name is any path segment): BUILTIN_CLUSTER_ROLES is a
  // plain object, whose prototype answered for them, and resolveGrants threw "role.rules.map is not a function".
  it('a binding to a ClusterRole named like an Object method is unresolved, not a built-in', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const g = resolveGrants({ roles: [], bindings: [crb('c', name, [{ kind: 'User', name: 'bob' }])] }, bob);
      expect(g.rules).toEqual([]);
      expect(g.unresolved.map((u) => u.roleRef.name)).toEqual([name]);
    }
  });
  // The Action reads from the cluster every role the release binds without shipping it: admin bound to a person, say.
  // Each service account checked was then told "not bound: ClusterRole admin", a role the chart cannot drop.
  it('a role read as the cluster served it is not listed as unbound; the manifests\' own roles are', () => {
    const served = parseManifests(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin\n  resourceVersion: "9"\nrules: []\n---\n' +
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: chart-unused\nrules: []\n',
      'x.yaml',
      'default',
    );
    const g = resolveGrants({ roles: served.roles, bindings: [crb('alice-admin', 'admin', [{ kind: 'User', name: 'alice' }])] }, bob);
    expect(g.unbound.map((u) => u.name)).toEqual(['chart-unused']);
  });
  // The cluster's admin selects aggregate-to-admin only; edit (labelled so) brings aggregate-to-edit, and view (labelled
  // aggregate-to-edit) brings aggregate-to-view. Given admin alone, the chart's aggregate-to-view role was neither
  // reached (listed as not bound) nor counted when admin was read from a cluster without the chart.
  it('the cluster\'s served admin reaches the manifests\' aggregate-to-view roles, as its defaults chain view into edit into admin', () => {
    const read = parseManifests(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      rbac.authorization.k8s.io/aggregate-to-admin: "true"
metadata:
  name: admin
  resourceVersion: "345"
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [example.com]
  resources: [widgets]
  verbs: [get, list, watch]
`,
      'x.yaml',
      'default',
    );
    const g = resolveGrants({ roles: read.roles, bindings: [crb('bob-admin', 'admin', [{ kind: 'User', name: 'bob' }])] }, bob);
    expect(g.rules.map((r) => [r.role.name, r.rule.resources, r.aggregatedFrom?.name])).toEqual([
      ['admin', ['pods'], undefined],
      ['admin', ['widgets'], 'widgets-view'],
    ]);
    expect(g.unbound).toEqual([]);
  });
  it('`*` grants watch only where the spec has the watch (not componentstatuses, which answers it 405)', async () => {
    const operations = (await loadFixtureSpec('1.34')).operations;
    const cat = resourceCatalog(operations);
    expect(cat.get('')!.get('componentstatuses')!.verbs).toEqual(['get', 'list']);
    // Read apart from the catalog: the resources of the spec's watch operations (/watch/ paths).
    const watched = new Set(
      operations
        .filter((op) => op.action === 'watch' || op.action === 'watchlist')
        .map((op) => `${op.group ?? ''}|${op.path.split('/watch/')[1]!.replace(/^namespaces\/\{namespace\}\/(?=.)/, '').split('/')[0]}`),
    );
    const withWatch = [...cat.values()].flatMap((byRes) => [...byRes.values()].filter((r) => r.verbs.includes('watch')).map((r) => `${r.group}|${r.resource}`));
    expect(new Set(withWatch)).toEqual(watched);
    // *:*:* on 1.34 is 677 permissions: 665 REST ones of the spec's resources (counted from the spec apart, by the
    // audit that found the extra watch) and 12 special verbs (impersonate, bind, escalate, approve, sign, attest).
    expect(expandRule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, cat)).toHaveLength(677);
  });
  it('a custom resource of a served spec takes watch, which its group/version publishes no /watch/ path for', async () => {
    // The apiserver publishes a CRD's list but no /watch/ paths (apiextensions-apiserver openapi/builder), yet serves
    // ?watch=true on the list: `*` on widgets allows watch, and an operator's watch of them used it.
    const file = writeServedSpec(path.join(scratchDir('rbac-crd-watch'), 'served.json.gz'), '1.28', [{ group: 'example.com', version: 'v1' }]);
    const cat = resourceCatalog((await loadSpecFile(file)).operations);
    expect(cat.get('example.com')!.get('widgets')!.verbs).toEqual(['list', 'watch', 'create']);
    const star = expandRule({ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['*'] }, cat).map((p) => p.verb);
    expect(star).toContain('watch');
    // Where a group/version has /watch/ paths, a list without one takes no watch: only componentstatuses, in each release.
    for (const release of ['1.13', '1.21-served-kind', '1.34']) {
      const unwatched = [...resourceCatalog((await loadFixtureSpec(release)).operations).values()].flatMap((byRes) =>
        [...byRes.values()].filter((r) => r.verbs.includes('list') && !r.verbs.includes('watch')).map((r) => `${r.group}|${r.resource}`),
      );
      expect(unwatched, release).toEqual(['|componentstatuses']);
    }
  });
  it('*/scale and a CRD group the spec does not know', async () => {
    const cat = resourceCatalog((await loadFixtureSpec('1.36')).operations);
    const scale = expandRule({ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['get'] }, cat).map((p) => p.resource);
    expect(scale).toEqual(['deployments/scale', 'replicasets/scale', 'statefulsets/scale']);
    const crd = expandRule({ apiGroups: ['example.com'], resources: ['*'], verbs: ['get', 'list'] }, cat);
    expect(crd).toEqual([
      { verb: 'get', apiGroup: 'example.com', resource: '*' },
      { verb: 'list', apiGroup: 'example.com', resource: '*' },
    ]);
  });
});
