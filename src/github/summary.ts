// The job summary: the same page as the comment (without its marker), written for every run, PR or not.
import * as core from '@actions/core';

/** GitHub shows at most 1 MiB of summary per step. */
export const SUMMARY_LIMIT = 1024 * 1024;

/** Appends the page to the step summary; without GITHUB_STEP_SUMMARY (outside Actions) it says so and goes on. */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY: job summary not written (not running on GitHub Actions).');
    return false;
  }
  await core.summary.addRaw(markdown, true).write();
  return true;
}
