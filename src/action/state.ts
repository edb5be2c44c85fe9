// What the main step leaves for the post step (core.saveState -> STATE_* in post): the cluster to delete.
// Saved before `kind create cluster` runs, so a creation that fails half-way or is cancelled is still cleaned up.
// The post step runs a program from it, so it is taken only as main saves it: a workflow command printed into the
// main step's log (`::save-state`, from text that was not escaped) could otherwise name any program and arguments.
import * as core from '@actions/core';
import * as io from '@actions/io';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isClusterName } from '../cluster/kind.js';

const KEYS = {
  clusterName: 'apisnoop-cluster-name',
  kindPath: 'apisnoop-kind-path',
  kubeconfig: 'apisnoop-kubeconfig',
} as const;

export interface ClusterState {
  clusterName: string;
  kindPath: string;
  kubeconfig: string;
}

export function saveClusterState(state: ClusterState): void {
  core.saveState(KEYS.clusterName, state.clusterName);
  core.saveState(KEYS.kindPath, state.kindPath);
  core.saveState(KEYS.kubeconfig, state.kubeconfig);
}

/**
 * The saved cluster; null when the main step never got as far as creating one; `refused` (saying why) when the state
 * is not what main saves: a cluster name as the cluster-name input takes it (isClusterName), a kubeconfig at
 * <runner temp>/apisnoop-work-<cluster>/cluster/kubeconfig, and the kind that main resolved (findOrInstall): a binary named kind in the
 * runner's tool cache or first on PATH.
 */
export async function loadClusterState(): Promise<ClusterState | { refused: string } | null> {
  const clusterName = core.getState(KEYS.clusterName);
  if (!clusterName) return null;
  const kindPath = core.getState(KEYS.kindPath);
  const kubeconfig = core.getState(KEYS.kubeconfig);
  if (!isClusterName(clusterName)) return { refused: `the saved cluster name ${JSON.stringify(clusterName.slice(0, 80))} is not a DNS label` };
  if (!path.isAbsolute(kubeconfig) || path.basename(kubeconfig) !== 'kubeconfig' || path.basename(path.dirname(kubeconfig)) !== 'cluster') {
    return { refused: `the saved kubeconfig ${JSON.stringify(kubeconfig.slice(0, 200))} is not one the main step writes` };
  }
  const kind = await trustedKind(kindPath);
  if (kind === null) return { refused: `the saved kind ${JSON.stringify(kindPath.slice(0, 200))} is not the kind the main step uses (the tool cache's or the one on PATH)` };
  return { clusterName, kindPath: kind, kubeconfig };
}

/** `saved`, when it is a kind binary main could have resolved; else null. */
async function trustedKind(saved: string): Promise<string | null> {
  if (!path.isAbsolute(saved) || path.basename(saved) !== 'kind') return null;
  const real = await realpath(saved).catch(() => null);
  if (real === null || !(await stat(real)).isFile()) return null;
  // Installed by main: <tool cache>/kind/<version>/<arch>/kind (@actions/tool-cache's layout).
  const cache = process.env.RUNNER_TOOL_CACHE;
  if (cache) {
    const cacheKind = await realpath(path.join(cache, 'kind')).catch(() => null);
    const rel = cacheKind === null ? null : path.relative(cacheKind, real);
    if (rel !== null && rel.split(path.sep).length === 3 && !rel.startsWith('..') && !path.isAbsolute(rel)) return saved;
  }
  // Or the kind on PATH (kind: system, or the pinned version found there): the post step has the job's PATH too.
  const onPath = await io.which('kind', false);
  const onPathReal = onPath ? await realpath(onPath).catch(() => null) : null;
  return onPathReal === real ? saved : null;
}
