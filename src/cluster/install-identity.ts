// Who an install-command acts as. helm's requests carry helm's user agent, so a chart's install is kept by default
// (user-agents: helm), cluster-scoped objects included: its CRDs, ClusterRoles, a beta VolumeAttributesClass. The
// tools of an install-command (kubectl, kustomize, make deploy) carry no such mark, and act as kind's admin, as the
// Action's own kubectl calls do. So the command is given a kubeconfig that impersonates a user of its own, bound to
// cluster-admin: every request it makes names that user (impersonatedUser in the audit log), and the selection keeps
// them by that name, wherever they act, while the Action's own calls stay out. setup-command acts as a user of its own
// the same way, which the selection leaves out instead, wherever it acts: the app's namespace included.
import { readFile, writeFile } from 'node:fs/promises';
import { dump, load } from 'js-yaml';
import { runCommand, saidLast } from './command.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT, timedOutText } from './timeouts.js';

/** The user an install-command's requests act as: kept by the default selection (users), named in the report. */
export const INSTALL_USER = 'apisnoop:install-command';
/** The ClusterRoleBinding that lets it act as cluster-admin, as kind's admin user does. */
export const INSTALL_BINDING = 'apisnoop-install-command';
/**
 * The user a setup-command's requests act as: left out by the Action's selection (excludeUsers) wherever they act,
 * so that a Secret it makes in the app's namespace, or a prerequisite's install there, is not judged as the app's.
 */
export const SETUP_USER = 'apisnoop:setup-command';
export const SETUP_BINDING = 'apisnoop-setup-command';

interface KubeconfigUser {
  name?: unknown;
  user?: Record<string, unknown> | null;
}

/**
 * `kubeconfig` as a kubeconfig whose current context's user impersonates `user` (its `as`), written to `out` (0600:
 * it holds the client key). Only `as`: a group named here (as-groups) would stay with a `kubectl --as=…` in the
 * command, client-go merging flag over file field by field, and give that identity the group's rights.
 */
export async function writeImpersonatingKubeconfig(kubeconfig: string, out: string, user: string): Promise<void> {
  let config: { 'current-context'?: unknown; contexts?: { name?: unknown; context?: { user?: unknown } }[]; users?: KubeconfigUser[] } | null;
  try {
    config = load(await readFile(kubeconfig, 'utf8')) as typeof config;
  } catch (err) {
    throw new Error(`${kubeconfig}: not a kubeconfig (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  const current = config?.['current-context'];
  const context = config?.contexts?.find((c) => c.name === current)?.context;
  const entry = config?.users?.find((u) => u.name === context?.user);
  if (!config || !entry) throw new Error(`${kubeconfig}: no user for its current context (${String(current)})`);
  entry.user = { ...entry.user, as: user };
  await writeFile(out, dump(config, { lineWidth: -1 }), { mode: 0o600 });
}

/**
 * Binds cluster-admin to `user` (INSTALL_USER, SETUP_USER) by `binding`, so that it can do what kind's admin can. A
 * cluster-scoped create by kind's admin, which no default selection keeps. A problem note, or null.
 */
export async function grantUser(kubectl: string, kubeconfig: string, user: string, binding: string, timeoutMs = READ_TIMEOUT_MS): Promise<string | null> {
  // Bounded as the reads of the cluster are: a hung API server held the job for GitHub's 6 hours.
  const args = ['--kubeconfig', kubeconfig, 'create', 'clusterrolebinding', binding, '--clusterrole', 'cluster-admin', '--user', user, '--request-timeout', REQUEST_TIMEOUT];
  const res = await runCommand(kubectl, args, { timeoutMs });
  return res.ok ? null : `kubectl create clusterrolebinding ${binding} failed (${res.failure})${timedOutText(res)}${saidLast(res)}`;
}
