// What the main step leaves for the post step (core.saveState -> STATE_* in post): the cluster to delete.
// Saved before `kind create cluster` runs, so a creation that fails half-way or is cancelled is still cleaned up.
import * as core from '@actions/core';

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

/** null when the main step never got as far as creating a cluster. */
export function loadClusterState(): ClusterState | null {
  const clusterName = core.getState(KEYS.clusterName);
  if (!clusterName) return null;
  return { clusterName, kindPath: core.getState(KEYS.kindPath) || 'kind', kubeconfig: core.getState(KEYS.kubeconfig) };
}
