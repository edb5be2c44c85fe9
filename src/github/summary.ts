// The job summary: the same page as the comment (without its marker), written for every run, PR or not.
import * as core from '@actions/core';
import { logWarning } from './log.js';
import { statSync } from 'node:fs';

/** GitHub shows at most 1 MiB of summary per step. */
export const SUMMARY_LIMIT = 1024 * 1024;
/** What APISnoop's page may take of it: 1 KiB is kept back. */
const PAGE_LIMIT = SUMMARY_LIMIT - 1024;

/**
 * The page rendered to fit the summary: GitHub counts bytes, the renderer characters (UTF-16 units), so a page of
 * non-ASCII text (user agents, names from the log) rendered to the character limit could be refused. It is rendered
 * again, shorter, until its UTF-8 bytes fit.
 */
export function fitSummary(render: (maxChars: number) => string, limitBytes = PAGE_LIMIT): string {
  let maxChars = limitBytes;
  let page = render(maxChars);
  for (let bytes = Buffer.byteLength(page); bytes > limitBytes && maxChars > 1000; bytes = Buffer.byteLength(page)) {
    maxChars = Math.floor((maxChars * limitBytes * 0.98) / bytes);
    page = render(maxChars);
  }
  return page;
}

/**
 * Bytes left for the page in this step's summary. The user's test command runs in the step and may have written to
 * it (a test reporter's page): GitHub drops the whole summary, theirs and ours, past the limit.
 */
export function summaryRoom(): number {
  const file = process.env.GITHUB_STEP_SUMMARY;
  let used = 0;
  try {
    if (file) used = statSync(file).size;
  } catch {
    // Not written yet.
  }
  return PAGE_LIMIT - used;
}

/** Appends the page to the step summary; without GITHUB_STEP_SUMMARY (outside Actions) it says so and goes on. */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY: job summary not written (not running on GitHub Actions).');
    return false;
  }
  const room = summaryRoom();
  if (Buffer.byteLength(markdown) > room) {
    logWarning(
      `The job summary already holds ${PAGE_LIMIT - room} bytes (written by an earlier command of this step), so APISnoop's page ` +
        `(${Buffer.byteLength(markdown)} bytes) would take it over GitHub's limit of 1 MiB and both would be dropped: the page is left out; report.md is in the report directory.`,
      'top',
    );
    return false;
  }
  await core.summary.addRaw(markdown, true).write();
  return true;
}
