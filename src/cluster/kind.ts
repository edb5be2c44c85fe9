// The kind cluster: its config (scripts/kind-audit-config.yaml with the host paths filled in), node image, create, delete.
import { logWarning } from '../github/log.js';
import { dump, load } from 'js-yaml';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun, runCommand, type CommandResult } from './command.js';
import { DNS_LABEL } from '../engine/select.js';
import { unquotedYamlRelease } from '../engine/spec.js';

/** The kind release the node images below were built for. */
export const PINNED_KIND = 'v0.33.0';

/** Images published with kind v0.33.0 (its release notes); kind asks for the digest to be used. */
export const NODE_IMAGES: Record<string, string> = {
  '1.37': 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5',
  '1.36': 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed',
  '1.35': 'kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0',
  '1.34': 'kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d',
};

/** Where the API server writes and reads, inside the control-plane container (see scripts/kind-audit-config.yaml). */
/**
 * A cluster name the Action takes (cluster-name) and saves for its post step: a DNS label of at most 40 characters,
 * so that kind's node names (<name>-control-plane) stay valid.
 */
export function isClusterName(name: string): boolean {
  return DNS_LABEL.test(name) && name.length <= 40;
}

export const AUDIT_LOG_IN_NODE = '/var/log/kubernetes/audit/kube-apiserver-audit.log';
export const AUDIT_LOG_DIR_IN_NODE = path.posix.dirname(AUDIT_LOG_IN_NODE);
export const AUDIT_POLICY_IN_NODE = '/etc/kubernetes/policies/apisnoop-audit-policy.yaml';

/**
 * The node image for a Kubernetes version: "1.36" -> the image pinned for that minor; "1.36.2" -> that tag.
 * The digests belong to PINNED_KIND; with another kind the tag alone is used (and a warning says so).
 */
export function nodeImageFor(kubernetesVersion: string, kindVersion: string): string {
  const v = kubernetesVersion.replace(/^v/, '');
  const minor = /^(\d+\.\d+)/.exec(v)?.[1] ?? v;
  const pinned = NODE_IMAGES[minor];
  const isMinorOnly = /^\d+\.\d+$/.test(v);
  if (pinned && (isMinorOnly || pinned.includes(`:v${v}@`))) {
    if (kindVersion === PINNED_KIND) return pinned;
    const tag = pinned.split('@')[0]!;
    logWarning(`node image digests are pinned for kind ${PINNED_KIND}; with kind ${kindVersion || 'from PATH'} using ${tag} (set node-image to choose)`);
    return tag;
  }
  if (isMinorOnly) throw new Error(noPinnedImage(v));
  return `kindest/node:v${v}`;
}

/**
 * Why a minor without a pinned image cannot run; 1.3 is most likely an unquoted 1.30 in the workflow's YAML. The
 * release meant may have no pinned image either: then what runs it is said too, not quoting alone (which only led to
 * the next refusal).
 */
export function noPinnedImage(minor: string): string {
  const pinned = `no kind node image is pinned for Kubernetes ${minor} (pinned: ${Object.keys(NODE_IMAGES).join(', ')})`;
  const yaml = unquotedYamlRelease(minor);
  if (!yaml) return `${pinned}; give a full version such as ${minor}.0, or set node-image`;
  const meant = `${minor}0`;
  if (NODE_IMAGES[meant]) return `${pinned}: ${yaml}`;
  return `${pinned}: ${yaml}; ${meant} has no pinned image either, so give a full version such as "${meant}.0", or set node-image`;
}

/**
 * kind generates a kubeadm v1beta4 config for Kubernetes 1.36 and later from v0.32.0 on (kind PR #4173); earlier kind
 * releases generate v1beta3 for every release, and kubeadm 1.37 no longer reads v1beta3 (kubernetes PR #136016). So a
 * kind before v0.32.0 cannot create a 1.37 cluster: kubeadm init fails on the config. Why, or null when they fit (or
 * either version is unknown: kind from PATH, a node image without a version tag).
 */
export const KIND_WITH_KUBEADM_V1BETA4 = 'v0.32.0';
export function kindCannotRun(kindVersion: string, kubernetesVersion: string | null): string | null {
  const kind = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(kindVersion);
  const k8s = kubernetesVersion === null ? null : /^v?1\.(\d+)(\.|$)/.exec(kubernetesVersion);
  if (!kind || !k8s) return null;
  const [major, minor] = [Number(kind[1]), Number(kind[2])];
  const old = major === 0 && minor < 32;
  if (!old || Number(k8s[1]) < 37) return null;
  return (
    `kind ${kindVersion.startsWith('v') ? kindVersion : `v${kindVersion}`} writes the kubeadm v1beta3 config, which Kubernetes 1.${k8s[1]}'s kubeadm no longer reads: ` +
    `use kind ${KIND_WITH_KUBEADM_V1BETA4} or later (default ${PINNED_KIND}), or Kubernetes 1.36 or earlier`
  );
}

/** "kindest/node:v1.36.4@sha256:…" -> "v1.36.4", so that kubectl can match the cluster. */
export function imageKubernetesVersion(image: string): string | null {
  return /:(v\d+\.\d+\.\d+)/.exec(image)?.[1] ?? null;
}

/** The directory holding scripts/ next to this file, in the source tree and in dist/ alike. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(path.join(dir, 'scripts', 'kind-audit-config.yaml'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('scripts/kind-audit-config.yaml was not found next to the action');
}

export interface KindConfigPaths {
  /** Absolute path of the audit policy on the runner. */
  policyFile: string;
  /** Absolute directory on the runner that receives the API server's audit log directory. */
  logDir: string;
  runtimeConfig?: Record<string, string>;
}

interface KindMount {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}
interface KindNode {
  role: string;
  extraMounts?: KindMount[];
  kubeadmConfigPatches?: string[];
}
interface KindCluster {
  kind: string;
  apiVersion: string;
  nodes: KindNode[];
  runtimeConfig?: Record<string, string>;
}

/**
 * The config kind is given: the template with its extraMounts pointed at absolute host paths (kind resolves relative
 * ones against its working directory, which the action does not control) and the runtime config asked for.
 */
export function buildKindConfig(template: string, paths: KindConfigPaths): string {
  const cfg = load(template) as KindCluster;
  const cp = cfg.nodes?.find((n) => n.role === 'control-plane');
  if (!cp?.extraMounts) throw new Error('kind config template: no control-plane node with extraMounts');
  for (const m of cp.extraMounts) {
    if (m.containerPath === AUDIT_POLICY_IN_NODE) m.hostPath = paths.policyFile;
    else if (m.containerPath === AUDIT_LOG_DIR_IN_NODE) m.hostPath = paths.logDir;
  }
  const mounted = new Set(cp.extraMounts.map((m) => m.hostPath));
  if (!mounted.has(paths.policyFile) || !mounted.has(paths.logDir)) {
    throw new Error(`kind config template: expected mounts for ${AUDIT_POLICY_IN_NODE} and ${AUDIT_LOG_DIR_IN_NODE}`);
  }
  if (paths.runtimeConfig && Object.keys(paths.runtimeConfig).length > 0) {
    cfg.runtimeConfig = { ...cfg.runtimeConfig, ...paths.runtimeConfig };
  }
  return dump(cfg, { lineWidth: -1 });
}

export async function readKindTemplate(root = packageRoot()): Promise<{ template: string; policyFile: string }> {
  const template = await readFile(path.join(root, 'scripts', 'kind-audit-config.yaml'), 'utf8');
  return { template, policyFile: path.join(root, 'scripts', 'audit-policy.yaml') };
}

export async function clusterExists(kind: string, name: string): Promise<boolean> {
  const res = await mustRun(kind, ['get', 'clusters'], { quiet: true });
  return res.stdout.split('\n').some((line) => line.trim() === name);
}

/**
 * Loads local Docker images (the one the workflow just built) into the cluster's node, so that the chart's or the
 * install's pods run them without a registry: `kind load docker-image`, one call an image (older kind releases
 * load only the first image named), up to the first that fails.
 */
export async function loadImages(kind: string, cluster: string, images: string[]): Promise<CommandResult> {
  let last: CommandResult | undefined;
  for (const image of images) {
    last = await runCommand(kind, ['load', 'docker-image', image, '--name', cluster]);
    if (!last.ok) return last;
  }
  return last!;
}

export interface CreateCluster {
  name: string;
  image: string;
  configFile: string;
  kubeconfig: string;
  /** How long kind waits for the control plane to be ready. */
  wait?: string;
}

export function createCluster(kind: string, c: CreateCluster): Promise<CommandResult> {
  return runCommand(kind, [
    'create',
    'cluster',
    '--name',
    c.name,
    '--image',
    c.image,
    '--config',
    c.configFile,
    '--kubeconfig',
    c.kubeconfig,
    '--wait',
    c.wait ?? '180s',
    // A failed creation keeps its node (kind deletes it otherwise): its audit log says what the API server saw, and
    // the post step deletes the cluster whatever happened.
    '--retain',
  ]);
}

export function deleteCluster(kind: string, name: string, kubeconfig?: string): Promise<CommandResult> {
  return runCommand(kind, ['delete', 'cluster', '--name', name, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : [])]);
}

export function controlPlaneContainer(clusterName: string): string {
  return `${clusterName}-control-plane`;
}
