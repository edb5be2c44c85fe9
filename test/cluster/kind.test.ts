// The kind config the Action hands to kind, and the node image it picks.
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_LOG_DIR_IN_NODE,
  AUDIT_LOG_IN_NODE,
  AUDIT_POLICY_IN_NODE,
  buildKindConfig,
  imageKubernetesVersion,
  kindCannotRun,
  nodeImageFor,
  noPinnedImage,
  packageRoot,
  PINNED_KIND,
  readKindTemplate,
} from '../../src/cluster/kind.js';
import { repoRoot } from '../fakes/action-harness.js';

interface Node {
  role: string;
  kubeadmConfigPatches: string[];
  extraMounts: Array<{ hostPath: string; containerPath: string; readOnly?: boolean }>;
}

describe('scripts/kind-audit-config.yaml', () => {
  it('is found from the source tree (and from dist/, which sits at the same depth)', async () => {
    expect(packageRoot()).toBe(repoRoot);
    const { policyFile } = await readKindTemplate();
    expect(policyFile).toBe(path.join(repoRoot, 'scripts/audit-policy.yaml'));
  });

  it('enables auditing through one unversioned ClusterConfiguration patch valid for kubeadm v1beta3 and (via kind) v1beta4', async () => {
    const { template } = await readKindTemplate();
    const cfg = load(template) as { kind: string; apiVersion: string; nodes: Node[] };
    expect(cfg).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    const cp = cfg.nodes.find((n) => n.role === 'control-plane')!;
    expect(cp.kubeadmConfigPatches).toHaveLength(1);
    const patch = load(cp.kubeadmConfigPatches[0]!) as {
      kind: string;
      apiVersion?: string;
      apiServer: { extraArgs: Record<string, unknown>; extraVolumes: Array<{ hostPath: string; mountPath: string }> };
    };
    expect(patch.kind).toBe('ClusterConfiguration');
    // No apiVersion: kind applies it to whichever kubeadm API it generates, and converts the map for v1beta4.
    expect(patch.apiVersion).toBeUndefined();
    // The v1beta3 form: a map of strings (v1beta4's list of {name, value} would be invalid for v1beta3).
    expect(Array.isArray(patch.apiServer.extraArgs)).toBe(false);
    expect(patch.apiServer.extraArgs).toEqual({ 'audit-policy-file': AUDIT_POLICY_IN_NODE, 'audit-log-path': AUDIT_LOG_IN_NODE });
    // The API server pod mounts the node's policy and log directories.
    expect(patch.apiServer.extraVolumes.map((v) => [v.hostPath, v.mountPath])).toEqual([
      [path.posix.dirname(AUDIT_POLICY_IN_NODE), path.posix.dirname(AUDIT_POLICY_IN_NODE)],
      [AUDIT_LOG_DIR_IN_NODE, AUDIT_LOG_DIR_IN_NODE],
    ]);
    // And the node gets them from the runner.
    expect(cp.extraMounts.map((m) => m.containerPath)).toEqual([AUDIT_POLICY_IN_NODE, AUDIT_LOG_DIR_IN_NODE]);
  });

  it('the audit policy logs every request at Metadata level, without the RequestReceived stage', () => {
    const policy = load(readFileSync(path.join(repoRoot, 'scripts/audit-policy.yaml'), 'utf8'));
    expect(policy).toEqual({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules: [{ level: 'Metadata' }] });
  });
});

describe('the npm package', () => {
  it('ships every file of the repository the kind config mounts, beside the config', async () => {
    const { template } = await readKindTemplate();
    const cp = (load(template) as { nodes: Node[] }).nodes[0]!;
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('scripts/kind-audit-config.yaml');
    // Relative hostPaths are the runner's (kind makes them absolute from where it runs); the log directory is made.
    const shipped = cp.extraMounts.map((m) => m.hostPath).filter((p) => !path.isAbsolute(p) && !p.startsWith('.apisnoop'));
    expect(shipped).toEqual(['scripts/audit-policy.yaml']);
    for (const file of shipped) expect(pkg.files).toContain(file);
  });
});

describe('buildKindConfig', () => {
  it('points the mounts at absolute runner paths and adds the runtime config', async () => {
    const { template } = await readKindTemplate();
    const out = load(
      buildKindConfig(template, { policyFile: '/opt/action/scripts/audit-policy.yaml', logDir: '/runner/_temp/audit', runtimeConfig: { 'storage.k8s.io/v1beta1': 'true' } }),
    ) as { nodes: Node[]; runtimeConfig: Record<string, string> };
    expect(out.nodes[0]!.extraMounts).toEqual([
      { hostPath: '/opt/action/scripts/audit-policy.yaml', containerPath: AUDIT_POLICY_IN_NODE, readOnly: true },
      { hostPath: '/runner/_temp/audit', containerPath: AUDIT_LOG_DIR_IN_NODE },
    ]);
    expect(out.runtimeConfig).toEqual({ 'storage.k8s.io/v1beta1': 'true' });
    // The patch text survives the round trip unchanged.
    const { nodes } = load(template) as { nodes: Node[] };
    expect(out.nodes[0]!.kubeadmConfigPatches).toEqual(nodes[0]!.kubeadmConfigPatches);
  });

  it('refuses a template without the audit mounts', () => {
    const t = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n    extraMounts: []\n';
    expect(() => buildKindConfig(t, { policyFile: '/p', logDir: '/l' })).toThrow('expected mounts for');
  });
});

describe('node images', () => {
  it('pins the kind release images by digest for each supported minor', () => {
    expect(nodeImageFor('1.36', PINNED_KIND)).toBe('kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed');
    expect(nodeImageFor('v1.34', PINNED_KIND)).toMatch(/^kindest\/node:v1\.34\.11@sha256:[0-9a-f]{64}$/);
    expect(nodeImageFor('1.37.0', PINNED_KIND)).toMatch(/^kindest\/node:v1\.37\.0@sha256:/);
  });
  it('uses the tag alone for other patch versions or another kind, and explains an unknown minor', () => {
    expect(nodeImageFor('1.35.2', PINNED_KIND)).toBe('kindest/node:v1.35.2');
    expect(nodeImageFor('1.36', 'v0.32.0')).toBe('kindest/node:v1.36.4');
    expect(() => nodeImageFor('1.30', PINNED_KIND)).toThrow('no kind node image is pinned for Kubernetes 1.30 (pinned: 1.37, 1.36, 1.35, 1.34)');
  });
  it('names, for an unquoted 1.30 read as 1.3, what runs 1.30 (it has no pinned image either), and that works', () => {
    const said = noPinnedImage('1.3');
    expect(said).toContain('quote it ("1.30"); 1.30 has no pinned image either, so give a full version such as "1.30.0", or set node-image');
    expect(() => nodeImageFor('1.30', PINNED_KIND)).toThrow();
    expect(nodeImageFor('1.30.0', PINNED_KIND)).toBe('kindest/node:v1.30.0');
    // 1.9 is a real release (1.90 years away): no quoting hint, the way to give it instead.
    expect(noPinnedImage('1.9')).toBe('no kind node image is pinned for Kubernetes 1.9 (pinned: 1.37, 1.36, 1.35, 1.34); give a full version such as 1.9.0, or set node-image');
  });
  it('reads the Kubernetes version back from an image', () => {
    expect(imageKubernetesVersion('kindest/node:v1.36.4@sha256:abc')).toBe('v1.36.4');
    expect(imageKubernetesVersion('registry.example/node:latest')).toBeNull();
  });
});

describe('kind and kubeadm API versions', () => {
  // kind < v0.32.0 writes kubeadm v1beta3 for every release (kind PR #4173 moved 1.36+ to v1beta4); kubeadm 1.37
  // removed v1beta3 (kubernetes PR #136016).
  it('refuses a kind before v0.32.0 for Kubernetes 1.37 and later only', () => {
    expect(kindCannotRun('v0.31.0', '1.37')).toContain('kind v0.31.0 writes the kubeadm v1beta3 config');
    expect(kindCannotRun('0.29.0', 'v1.38.1')).toContain("Kubernetes 1.38's kubeadm no longer reads");
    expect(kindCannotRun('v0.31.0', '1.36')).toBeNull();
    expect(kindCannotRun('v0.32.0', '1.37')).toBeNull();
    expect(kindCannotRun(PINNED_KIND, '1.37.0')).toBeNull();
    expect(kindCannotRun('system', '1.37')).toBeNull();
    expect(kindCannotRun('v0.31.0', null)).toBeNull();
  });
});
