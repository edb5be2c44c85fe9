// The step outputs, from the report: what a later step (or a matrix summary) reads without parsing report.json.
import * as core from '@actions/core';
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

export function reportOutputs(report: Report, reportPath: string, commentUrl: string | null): Record<OutputName, string> {
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
    'comment-url': commentUrl ?? '',
  };
}

export function setOutputs(outputs: Record<OutputName, string>): void {
  for (const name of OUTPUT_NAMES) core.setOutput(name, outputs[name]);
}
