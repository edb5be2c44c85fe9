// The post step: delete the kind cluster the main step created (state saved before `kind create cluster`), whether
// the job passed, failed or was cancelled. A failed delete is a warning: hosted runners are discarded anyway.
import { deleteCluster } from '../cluster/kind.js';
import { saidLast } from '../cluster/command.js';
import { endWarnings, logInfo, logWarning, startWarnings } from '../github/log.js';
import { loadClusterState } from './state.js';

export async function runPost(): Promise<void> {
  // A step of its own, with its own room for annotations (one process a step on a runner; not in the tests' process).
  startWarnings();
  try {
    const state = await loadClusterState();
    if (!state) {
      logInfo('No kind cluster was created by this action: nothing to clean up.');
      return;
    }
    if ('refused' in state) {
      // Not what main saved: run nothing it names (logWarning shows the text, escaped).
      logWarning(`The post step's saved state was not written by the main step, so no cluster is deleted and nothing is run: ${state.refused}`);
      return;
    }
    const res = await deleteCluster(state.kindPath, state.clusterName, state.kubeconfig || undefined);
    if (res.ok) logInfo(`kind cluster ${state.clusterName} deleted.`);
    else logWarning(`Could not delete kind cluster ${state.clusterName} (${res.failure}${saidLast(res)}); delete it with: kind delete cluster --name ${state.clusterName}`);
  } catch (err) {
    logWarning(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    endWarnings();
  }
}
