// "The RBAC it needs" (apisnoop rbac's YAML, the page's fold) keeps the grants no audit log can show used: a
// maintainer who replaces the chart's RBAC with it must not lose update on an owner's finalizers (blockOwnerDeletion
// is refused without it) nor the kubelet's nodes subresources. Real log (audit2rbac's demo, ns1:sa1), the example
// chart's RBAC and grants of those resources, in each way a role reaches the identity.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptUnaudited, type PolicyRule, type RbacComparison } from '../../src/engine/rbac.js';
import { analyzeLogs } from '../../src/analyze.js';
import { summaryText } from '../../src/cli/rbac.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { observedYaml, roleUsageText } from '../../src/render/rbac.js';
import { AUDIT2RBAC_V1, repoRoot, scratchDir, specPath } from '../helpers/fixtures.js';

const SPEC = specPath('1.21-served-kind');
const sa1 = { kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' };

/** A binding of ns1:sa1 to a role, as a YAML document (JSON is YAML). */
function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: 'Role' | 'ClusterRole', name: string, namespace?: string): string {
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name };
  return doc({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, roleRef, subjects: [sa1] });
}

function role(kind: 'Role' | 'ClusterRole', name: string, rules: PolicyRule[], extra: Record<string, unknown> = {}): string {
  const { labels, ...rest } = extra;
  return doc({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(kind === 'Role' ? { namespace: 'ns1' } : {}), ...(labels ? { labels } : {}) }, ...rest, rules });
}

const doc = (o: Record<string, unknown>): string => `---\n${JSON.stringify(o)}\n`;

/**
 * The audit's Role (update on apps deployments/finalizers in ns1); a ClusterRole of the kubelet's nodes/metrics (all
 * verbs: only those the kubelet asks about are kept) and of named finalizers, bound cluster-wide and in ns2 (where a
 * RoleBinding grants no nodes subresource); a ClusterRole aggregated into one bound in ns1.
 */
function manifests(dir: string): string {
  const file = path.join(dir, 'unaudited.yaml');
  const aggregate = { 'example.com/aggregate-to-jobs': 'true' };
  writeFileSync(
    file,
    [
      role('Role', 'overgranted-finalizers', [{ apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs: ['update'] }]),
      binding('RoleBinding', 'Role', 'overgranted-finalizers', 'ns1'),
      role('ClusterRole', 'monitor', [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['*'] },
        { apiGroups: ['apps'], resources: ['statefulsets/finalizers'], resourceNames: ['web'], verbs: ['update'] },
      ]),
      binding('ClusterRoleBinding', 'ClusterRole', 'monitor'),
      binding('RoleBinding', 'ClusterRole', 'monitor', 'ns2'),
      role('ClusterRole', 'jobs-finalizers', [{ apiGroups: ['batch'], resources: ['jobs/finalizers'], verbs: ['update'] }], { labels: aggregate }),
      role('ClusterRole', 'jobs', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregate }] } }),
      binding('RoleBinding', 'ClusterRole', 'jobs', 'ns1'),
    ].join(''),
  );
  return file;
}

describe('the RBAC it needs keeps the grants no audit log can show used', () => {
  let c: RbacComparison;
  let dir: string;
  beforeAll(async () => {
    dir = scratchDir('rbac-kept');
    const granted = [path.join(repoRoot, 'examples/overgranted-chart/templates'), manifests(dir)];
    c = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted, spec: SPEC });
  });

  it('as granted: the verbs set aside on those resources, with their names, in the scopes their roles were bound in', () => {
    expect(c.granted!.unauditedResources!.map((x) => [x.role.name, x.resources])).toEqual([
      ['monitor', ['nodes/metrics']],
      ['monitor', ['apps/statefulsets/finalizers']],
      ['jobs-finalizers', ['batch/jobs/finalizers']],
      ['overgranted-finalizers', ['apps/deployments/finalizers']],
    ]);
    expect(keptUnaudited(c.granted)).toEqual({
      clusterRules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['apps'], resources: ['statefulsets/finalizers'], resourceNames: ['web'], verbs: ['update'] },
      ],
      roles: [
        {
          namespace: 'ns1',
          rules: [
            { apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs: ['update'] },
            { apiGroups: ['batch'], resources: ['jobs/finalizers'], verbs: ['update'] },
          ],
        },
        // nodes/metrics is cluster-scoped: a RoleBinding grants none of it.
        { namespace: 'ns2', rules: [{ apiGroups: ['apps'], resources: ['statefulsets/finalizers'], resourceNames: ['web'], verbs: ['update'] }] },
      ],
    });
  });

  it('in the YAML, after a comment saying why, and said in its header; given back as --granted, no over-grant and nothing ungranted', async () => {
    const yaml = observedYaml(c);
    expect(yaml.split('\n')[1]).toBe(
      "# With 5 rules kept from the manifests as granted: checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so no audit log can show them used (marked below).",
    );
    const docs = (loadAll(yaml) as Array<{ kind: string; metadata: { namespace?: string }; rules?: PolicyRule[] }>).filter(Boolean);
    const rulesOf = (kind: string, ns?: string) => docs.find((d) => d.kind === kind && d.metadata.namespace === ns)!.rules!;
    // The observed rule (list nodes, pods), then the kept ones.
    expect(rulesOf('ClusterRole')).toEqual([...c.observed.clusterRules, ...keptUnaudited(c.granted).clusterRules]);
    expect(rulesOf('Role', 'ns1')).toEqual(keptUnaudited(c.granted).roles[0]!.rules);
    expect(docs.filter((d) => d.kind === 'RoleBinding').map((d) => d.metadata.namespace)).toEqual(['ns1', 'ns2']);
    const comment = "  # Kept from the manifests as granted: checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so no audit log can show the rules below used.\n";
    expect(yaml.split(comment)).toHaveLength(4);
    expect(yaml).toContain(`verbs:\n      - list\n${comment}  - apiGroups:\n      - ''\n    resources:\n      - nodes/metrics\n`);
    expect(yaml).toContain(`  namespace: ns1\n  labels:\n    app.kubernetes.io/managed-by: apisnoop\n  annotations:\n    apisnoop/identity: system:serviceaccount:ns1:sa1\nrules:\n${comment}  - apiGroups:\n      - apps\n`);
    // apisnoop rbac's summary on stderr counts what its YAML holds.
    expect(summaryText(c).split('\n')[0]).toMatch(/ -> 3 ClusterRole rules, 2 Roles \(ns1, ns2\), with 5 rules kept from the manifests as granted: .* so no audit log can show them used$/);
    const file = path.join(dir, 'needed.yaml');
    writeFileSync(file, yaml);
    const back = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [file], spec: SPEC });
    expect([back.granted!.overGrants, back.granted!.ungranted, back.granted!.unknownResources, back.granted!.ineffective]).toEqual([[], [], [], []]);
    // And they are kept again: the YAML of the YAML is the same.
    expect(keptUnaudited(back.granted)).toEqual(keptUnaudited(c.granted));
  });

  it("report.md's fold counts them among the rules it needs, and says which", async () => {
    const report = await analyzeLogs({ logs: [AUDIT2RBAC_V1], spec: SPEC, conformance: 'none', selection: { namespaces: ['ns1'] } });
    report.rbac = [c];
    expect(renderMarkdown(report)).toContain(
      "<summary>The RBAC it needs: 6 rules (with 5 rules kept from the manifests as granted: checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so no audit log can show them used), 2 namespaced Roles, as YAML</summary>",
    );
  });

  it('report.md says what no audit log shows once: counted where a role is named, said in the line after, the role named one way', async () => {
    // The audit's chart alone: its Role of finalizers and the example chart's roles.
    const granted = [path.join(repoRoot, 'examples/overgranted-chart/templates'), path.join(dir, 'finalizers.yaml')];
    writeFileSync(granted[1]!, role('Role', 'overgranted-finalizers', [{ apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs: ['update'] }]) + binding('RoleBinding', 'Role', 'overgranted-finalizers', 'ns1'));
    const report = await analyzeLogs({ logs: [AUDIT2RBAC_V1], spec: SPEC, conformance: 'none', selection: { namespaces: ['ns1'] } });
    report.rbac = [await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted, spec: SPEC })];
    const lines = renderMarkdown(report).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Granted by '));
    expect(lines[at]).toContain(', Role `ns1/overgranted-finalizers` (1 permission, said below)');
    expect(lines[at + 1]).toBe(
      "1 rule of Role `ns1/overgranted-finalizers` grants on `apps/deployments/finalizers`, checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes), so not visible in an audit log: kept as granted, not judged.",
    );
    expect(lines.filter((l) => l.includes('not visible in an audit log'))).toHaveLength(1);
    // A role with judged permissions too counts them apart.
    expect(roleUsageText({ permissions: 3, exercised: 1, unaudited: 2 }, '', true)).toBe('1 of 3 permissions used; 2 more, said below');
  });

  /** The grants of the manifests in `file` kept, and the YAML of what it needs given back as --granted: nothing over-granted. */
  async function keptAndBack(file: string, name: string): Promise<ReturnType<typeof keptUnaudited>> {
    const c = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [file], spec: SPEC });
    const back = path.join(dir, `${name}-needed.yaml`);
    writeFileSync(back, observedYaml(c));
    const b = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [back], spec: SPEC });
    expect([b.granted!.overGrants, b.granted!.ungranted, b.granted!.ineffective]).toEqual([[], [], []]);
    expect(keptUnaudited(b.granted)).toEqual(keptUnaudited(c.granted));
    return keptUnaudited(c.granted);
  }
  const cronjobsFinalizers: PolicyRule = { apiGroups: ['batch'], resources: ['cronjobs/finalizers'], verbs: ['update'] };

  // The comparison sets the rule aside as the deepest role's (agg-leaf), bound through agg-top aggregating agg-mid
  // aggregating it: only the roles aggregating it directly were looked at, and the YAML lost it without a word.
  it('keeps a grant aggregated through nested aggregation, in the scopes the top role was bound in', async () => {
    const file = path.join(dir, 'nested.yaml');
    writeFileSync(
      file,
      [
        role('ClusterRole', 'agg-leaf', [cronjobsFinalizers], { labels: { lvl: 'leaf' } }),
        role('ClusterRole', 'agg-mid', [], { labels: { lvl: 'mid' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { lvl: 'leaf' } }] } }),
        role('ClusterRole', 'agg-top', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { lvl: 'mid' } }] } }),
        binding('ClusterRoleBinding', 'ClusterRole', 'agg-top'),
        binding('RoleBinding', 'ClusterRole', 'agg-top', 'ns2'),
      ].join(''),
    );
    expect(await keptAndBack(file, 'nested')).toEqual({ clusterRules: [cronjobsFinalizers], roles: [{ namespace: 'ns2', rules: [cronjobsFinalizers] }] });
  });

  // The cluster's admin, edit and view as `kubectl get clusterrole admin edit view -o yaml` gives them (not holding the
  // chart's role yet), and the chart's role labelled aggregate-to-view, reaching admin through the default chain.
  it("keeps a grant of a role aggregated into the cluster's view, bound through admin", async () => {
    const served = (name: string, into: string | null, rules: PolicyRule[]): string =>
      doc({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {
          name,
          resourceVersion: '345',
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...(into ? { [`rbac.authorization.k8s.io/aggregate-to-${into}`]: 'true' } : {}) },
        },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${name}`]: 'true' } }] },
        rules,
      });
    const pods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };
    const file = path.join(dir, 'served.yaml');
    writeFileSync(
      file,
      [
        served('admin', null, [pods, { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete'] }]),
        served('edit', 'admin', [pods, { apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
        served('view', 'edit', [pods]),
        role('ClusterRole', 'cronjobs-view', [cronjobsFinalizers], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }),
        binding('RoleBinding', 'ClusterRole', 'admin', 'ns1'),
      ].join(''),
    );
    expect(await keptAndBack(file, 'served')).toEqual({ clusterRules: [], roles: [{ namespace: 'ns1', rules: [cronjobsFinalizers] }] });
  });

  // persistentvolumes/finalizers is checked where a PersistentVolume is, cluster-wide: a RoleBinding grants none of it,
  // as it grants no get on persistentvolumes. It was set aside through the RoleBinding and kept in its namespace's Role.
  it("keeps a cluster-scoped owner's finalizers cluster-wide only: through a RoleBinding they are ineffective, as the owner is", async () => {
    const finalizers: PolicyRule = { apiGroups: [''], resources: ['persistentvolumes/finalizers', 'pods/finalizers'], verbs: ['update'] };
    const file = path.join(dir, 'pv-finalizers.yaml');
    writeFileSync(
      file,
      [
        role('ClusterRole', 'pvfin', [finalizers, { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', 'pvfin'),
        binding('RoleBinding', 'ClusterRole', 'pvfin', 'ns2'),
      ].join(''),
    );
    const c = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [file], spec: SPEC });
    expect(c.granted!.ineffective.map((i) => [i.binding.namespace, i.resources])).toEqual([
      ['ns2', ['persistentvolumes/finalizers']],
      ['ns2', ['persistentvolumes']],
    ]);
    expect(c.granted!.unauditedResources!.map((x) => x.resources)).toEqual([['persistentvolumes/finalizers', 'pods/finalizers']]);
    expect(await keptAndBack(file, 'pv-finalizers')).toEqual({
      clusterRules: [finalizers],
      roles: [{ namespace: 'ns2', rules: [{ apiGroups: [''], resources: ['pods/finalizers'], verbs: ['update'] }] }],
    });
    // Bound through the RoleBinding alone, only the pods' finalizers are set aside.
    writeFileSync(file, [role('ClusterRole', 'pvfin', [finalizers]), binding('RoleBinding', 'ClusterRole', 'pvfin', 'ns2')].join(''));
    const ns = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', granted: [file], spec: SPEC });
    expect(ns.granted!.unauditedResources!.map((x) => x.resources)).toEqual([['pods/finalizers']]);
    expect(ns.granted!.ineffective.map((i) => i.resources)).toEqual([['persistentvolumes/finalizers']]);
  });

  it('without manifests, or none of those grants, the YAML is the observed rules alone', async () => {
    const none = await rbacFromLogs({ logs: [AUDIT2RBAC_V1], serviceAccount: 'ns1:sa1', spec: SPEC });
    expect(keptUnaudited(none.granted)).toEqual({ clusterRules: [], roles: [] });
    const yaml = observedYaml(none);
    expect(yaml).not.toContain('Kept from the manifests');
    expect(yaml).not.toContain('kept from the manifests');
  });
});
