// The step outputs, from the report: what a later step (or a matrix summary) reads without parsing report.json.
import * as core from '@actions/core';
import { operationKey } from '../engine/coverage.js';
import { reportPasses, type Report } from '../engine/report.js';

/** A test checks this list against action.yml and docs/action.md. */
export const OUTPUT_NAMES = [
  'verdict',
  'stable-count',
  'beta-count',
  'alpha-count',
  'unmatched-count',
  'report-path',
  'comment-url',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** Every output but comment-url, which is set once the comment is written (setCommentUrl). */
export type ReportOutputs = Record<Exclude<OutputName, 'comment-url'>, string>;

export function reportOutputs(report: Report, reportPath: string): ReportOutputs {
  const s = report.summary;
  return {
    // The step's verdict: the API policy and, when checked with rbac-fail-on, least privilege.
    verdict: reportPasses(report) ? 'pass' : 'fail',
    // Distinct operations per level, discovery excluded (as in the comment's counts table).
    'stable-count': String(s.byLevel.stable.operations),
    'beta-count': String(s.byLevel.beta.operations),
    'alpha-count': String(s.byLevel.alpha.operations),
    // Selected requests no operation of the spec describes.
    'unmatched-count': String(s.unmatched),
    'report-path': reportPath,
  };
}

/**
 * The outputs of reports of several Kubernetes releases, side by side (the Action's reports mode, a matrix over
 * kubernetes-version): verdict fail when any release fails; the counts are of distinct operations over all releases,
 * each at the level its own release gives it (an operation used on two releases counts once); unmatched-count adds
 * up the releases' unmatched requests (each release's cluster made its own); report-path is the combined report.md,
 * above one directory per release.
 */
export function releasesOutputs(reports: readonly Report[], reportPath: string): ReportOutputs {
  const distinct = { stable: new Set<string>(), beta: new Set<string>(), alpha: new Set<string>() };
  for (const r of reports) for (const op of r.operations) if (!op.discovery) distinct[op.level].add(operationKey(op));
  return {
    verdict: reports.every(reportPasses) ? 'pass' : 'fail',
    'stable-count': String(distinct.stable.size),
    'beta-count': String(distinct.beta.size),
    'alpha-count': String(distinct.alpha.size),
    'unmatched-count': String(reports.reduce((n, r) => n + r.summary.unmatched, 0)),
    'report-path': reportPath,
  };
}

/**
 * The outputs but comment-url, set before the comment is tried: they do not wait for GitHub's API, which may stop
 * answering (a job timed out then lost them all).
 */
export function setOutputs(outputs: ReportOutputs): void {
  for (const name of OUTPUT_NAMES) if (name !== 'comment-url') core.setOutput(name, outputs[name]);
}

/** comment-url, once the comment is written or given up: empty without one, as an output never set reads. */
export function setCommentUrl(url: string | null): void {
  core.setOutput('comment-url', url ?? '');
}
