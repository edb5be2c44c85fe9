// The post step: delete the kind cluster the main step created (state saved before `kind create cluster`), whether
// the job passed, failed or was cancelled. A failed delete is a warning: hosted runners are discarded anyway.
import * as core from '@actions/core';
import { deleteCluster } from '../cluster/kind.js';
import { loadClusterState } from './state.js';

export async function runPost(): Promise<void> {
  try {
    const state = loadClusterState();
    if (!state) {
      core.info('No kind cluster was created by this action: nothing to clean up.');
      return;
    }
    const res = await deleteCluster(state.kindPath, state.clusterName, state.kubeconfig || undefined);
    if (res.ok) core.info(`kind cluster ${state.clusterName} deleted.`);
    else core.warning(`Could not delete kind cluster ${state.clusterName} (${res.failure}); delete it with: kind delete cluster --name ${state.clusterName}`);
  } catch (err) {
    core.warning(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
