import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  deleteCluster,
  endWarnings,
  loadClusterState,
  logInfo,
  logWarning,
  saidLast,
  startWarnings
} from "./chunks/chunk-MSKFOYGQ.js";
import "./chunks/chunk-RDNMAGYF.js";
import "./chunks/chunk-2XO2R4UN.js";
import "./chunks/chunk-UMDFYM2V.js";
import "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-DFFE3E7Q.js";
import "./chunks/chunk-KXHPS7ST.js";
import "./chunks/chunk-QJAYF2D5.js";
import "./chunks/chunk-IP4P774H.js";

// src/action/post.ts
async function runPost() {
  startWarnings();
  try {
    const state = await loadClusterState();
    if (!state) {
      logInfo("No kind cluster was created by this action: nothing to clean up.");
      return;
    }
    if ("refused" in state) {
      logWarning(`The post step's saved state was not written by the main step, so no cluster is deleted and nothing is run: ${state.refused}`);
      return;
    }
    const res = await deleteCluster(state.kindPath, state.clusterName, state.kubeconfig || void 0);
    if (res.ok) logInfo(`kind cluster ${state.clusterName} deleted.`);
    else logWarning(`Could not delete kind cluster ${state.clusterName} (${res.failure}${saidLast(res)}); delete it with: kind delete cluster --name ${state.clusterName}`);
  } catch (err) {
    logWarning(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    endWarnings();
  }
}

// src/post.ts
await runPost();
