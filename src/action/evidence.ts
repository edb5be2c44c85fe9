// What a run has gathered by the time it is judged: the audit logs, the served spec, the release manifest, and what
// went wrong or changed the report's meaning on the way. Filled by the cluster run (cluster-run.ts) or the inputs.
import { sealManifest } from '../cluster/helm.js';
import { logInfo } from '../github/log.js';

/** Something that went wrong in the run itself (not the verdict): reported, and it fails the step. */
export interface RunProblem {
  /** One line for the comment and summary, e.g. "helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: …". */
  note: string;
}

export interface Evidence {
  logs: string[];
  /** Files under the report directory that go into the artifact besides the reports. */
  artifactFiles: string[];
  spec: string | null;
  problems: RunProblem[];
  /** Degradations that do not fail the run but change what the report means. */
  notices: string[];
  /** What the chart installed (`helm get manifest`), for least privilege; or why there is none. */
  manifest: { file: string; roles?: string } | { unavailable: string } | null;
  /** install-command's run through its own kubeconfig (succeeded: it exited 0), checked as setupRun is (main.ts). */
  installRun?: CommandRun & { succeeded: boolean };
  /**
   * setup-command's run through its own kubeconfig: a request of its time sent by a client outside the cluster as
   * anyone else came from the command, which then did not use that kubeconfig (main.ts says so when it matters).
   */
  setupRun?: CommandRun;
  /** The release to match against when there is no spec: the node image's, else kubernetes-version. */
  kubernetesVersion?: string;
  /** The manifest's Secrets are out (seal). */
  sealed?: boolean;
  /** The outputs are set (of a report, or of the failure page): what fails later must not replace them. */
  reported?: boolean;
}

/**
 * A user command's run acting as `user` through its own kubeconfig: when it ran (ms since the epoch, the runner's
 * clock, which kind's node shares). The Action sends nothing meanwhile.
 */
export interface CommandRun {
  command: 'install-command' | 'setup-command';
  user: string;
  from: number;
  to: number;
}

export function noEvidence(): Evidence {
  return { logs: [], artifactFiles: [], spec: null, problems: [], notices: [], manifest: null };
}

/**
 * What goes into the artifact made safe to upload, once: after least privilege has read the manifest as it was, before
 * anything is uploaded (and whatever happens: the report directory is the user's to upload too). The release
 * manifest: cut to what least privilege reads. (The audit logs collected are redacted as they are collected:
 * runOnCluster.) Uploaded even without RBAC objects: the report names it as what granted the service accounts
 * nothing, and its workloads and ServiceAccounts are why those accounts were checked.
 */
export async function seal(evidence: Evidence): Promise<void> {
  if (evidence.sealed) return;
  evidence.sealed = true;
  const m = evidence.manifest;
  if (!m || !('file' in m)) return;
  const { rbac, leftOut, secrets } = await sealManifest(m.file);
  const taken = secrets > 0 ? `, the contents of ${secrets} Secret${secrets === 1 ? '' : 's'} taken out` : '';
  logInfo(`${m.file}: only what least privilege reads is uploaded (${rbac} RBAC object${rbac === 1 ? '' : 's'}; ${leftOut} other document${leftOut === 1 ? '' : 's'} left out${taken})`);
}
