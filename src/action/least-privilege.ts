// Least privilege in the Action: what the chart granted its service accounts against what they called.
import path from 'node:path';
import { identityText, type RbacComparison } from '../engine/rbac.js';
import { LEAST_PRIVILEGE_UNCHECKED, type Report } from '../engine/report.js';
import { logInfo } from '../github/log.js';
import { IdentityRequests, kapicServiceAccounts, rbacForIdentities } from '../rbac.js';
import { plural } from '../render/markdown-cells.js';
import { ruleText } from '../render/rbac.js';
import { readManifests } from '../sources/manifests.js';
import type { Evidence } from './evidence.js';
import type { ActionSettings } from './settings.js';


/** Least privilege, decided before the analysis: whose requests it keeps and what they are compared with; or why not. */
export type LeastPrivilegePlan =
  | { granted: string[]; identities: Array<{ serviceAccount: string }>; chosen?: string; requests: IdentityRequests }
  | NotChecked;

/**
 * Why least privilege was not checked, and for a check that threw, the warning that says it: the caller warns it
 * only when the policy does not need the check (when it does, the problem is the step's error, said once).
 */
interface NotChecked {
  /** Kept in report.json (leastPrivilegeUnchecked) when the policy needed the check: what its readers judge by. */
  why: string;
  /** The run's problem or notice that says it, for people. */
  problem: string;
  warning?: string;
}

const notChecked = (why: string): NotChecked => ({ why, problem: `${LEAST_PRIVILEGE_UNCHECKED}${why}.` });

/** A check that threw: said as why least privilege was not checked, with its warning. */
function failed(err: unknown): NotChecked {
  const why = (err as Error).message;
  return { ...notChecked(why), warning: `least privilege: ${why}` };
}

/** Whose requests least privilege keeps, and what they are compared with; or why it is not checked. */
export async function planLeastPrivilege(settings: ActionSettings, evidence: Evidence): Promise<LeastPrivilegePlan> {
  const r = settings.rbac!;
  let granted = r.granted;
  if (granted.length === 0) {
    const m = evidence.manifest;
    if (!m) return notChecked('no RBAC manifests (rbac-granted) were given');
    if ('unavailable' in m) return notChecked(m.unavailable);
    granted = [m.file, ...(m.roles ? [m.roles] : [])];
  }
  try {
    let serviceAccounts = r.serviceAccounts;
    let chosen: string | undefined;
    if (serviceAccounts.length === 0) {
      // Only in cluster mode (settings.ts requires rbac-serviceaccount with audit-log).
      const chart = settings.chart!;
      const found = kapicServiceAccounts(await readManifests(granted, chart.namespace), chart.namespace, chart.serviceAccount);
      serviceAccounts = found.serviceAccounts;
      chosen = `Service accounts checked: ${serviceAccounts.join(', ')}: ${found.why}. Set rbac-serviceaccount to choose others.`;
    }
    const identities = serviceAccounts.map((serviceAccount) => ({ serviceAccount }));
    return { granted, identities, chosen, requests: new IdentityRequests(identities) };
  } catch (err) {
    return failed(err);
  }
}

/** `warn`: the run's warnings, which name what the Action collected by its place in the artifact (main.ts). */
export async function checkLeastPrivilege(
  settings: ActionSettings,
  evidence: Evidence,
  plan: LeastPrivilegePlan,
  report: Report,
  warn: (message: string) => void,
): Promise<{ comparisons: RbacComparison[] } | NotChecked> {
  if ('problem' in plan) return plan;
  const r = settings.rbac!;
  const { granted, identities } = plan;
  if (plan.chosen) logInfo(plan.chosen);
  try {
    const comparisons = await rbacForIdentities(
      {
        logs: evidence.logs,
        identities,
        granted,
        releaseNamespace: settings.chart?.namespace ?? r.releaseNamespace,
        // With a spec, the release of one that names none (upstream's swagger.json), as the analysis took it: without
        // it, the wildcards were expanded against "Kubernetes unknown".
        ...(evidence.spec ? { spec: evidence.spec, kubernetesVersion: report.kubernetesVersion } : { kubernetesVersion: settings.analysis.kubernetesVersion }),
        failOn: r.failOn,
        threshold: r.threshold,
        allowNoRequests: true,
        onWarning: warn,
      },
      // Kept as the analysis read the logs: they are not read again.
      { requests: plan.requests, events: report.summary.events },
    );
    // Paths as a reader finds them: the release manifest inside the artifact, inputs inside the repository.
    const at = granted === r.granted ? (process.env.GITHUB_WORKSPACE || process.cwd()) : settings.report.dir;
    for (const c of comparisons) relativePaths(c, at);
    for (const c of comparisons) {
      const over = c.granted?.overGrants.length ?? 0;
      logInfo(`${identityText(c.identity)}: ${plural(c.requests.total, 'request')}, ${plural(over, 'over-grant')}, ${c.requests.denied} denied${c.verdict ? ` (${c.verdict.pass ? 'pass' : 'fail'})` : ''}`);
    }
    return { comparisons };
  } catch (err) {
    return failed(err);
  }
}

/** Rewrites, in place, every string under `root` (file paths of the manifests read) relative to it. */
function relativePaths(value: unknown, root: string): void {
  if (value === null || typeof value !== 'object') return;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (typeof v === 'string' && v.startsWith(prefix)) (value as Record<string | number, unknown>)[k] = path.relative(root, v);
    else relativePaths(v, root);
  }
}

export function rbacVerdictMessage(failed: RbacComparison[], release?: string): string {
  const fail = release === undefined ? 'fail' : `fail on Kubernetes ${release}`;
  const lines: string[] = [];
  for (const c of failed) {
    const v = c.verdict!;
    const unjudged = v.cannotJudge ?? [];
    if (v.overGrants > v.threshold || unjudged.length === 0) {
      lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)} has ${plural(v.overGrants, 'over-grant')}, more than ${v.threshold} (rbac-fail-on: overprivileged)`);
    }
    for (const why of unjudged) lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)}: ${why} (rbac-fail-on: overprivileged)`);
    const over = c.granted?.overGrants ?? [];
    for (const o of over.slice(0, 5)) lines.push(`  ${o.risk}: ${o.role.kind} ${o.role.name}: ${ruleText(o.rule)}`);
    if (over.length > 5) lines.push(`  … and ${over.length - 5} more (see the report)`);
  }
  return lines.join('\n');
}
