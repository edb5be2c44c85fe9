// The sticky PR comment: where it goes, and why it could not be written (said as a warning; the run goes on).
import { apiFailure, apiFailureText, apiTimeoutMs, envMs, githubClient } from '../github/api.js';
import { postStickyComment, settleDelay } from '../github/comment.js';
import type { RunContext } from '../github/context.js';
import { logInfo, logWarning } from '../github/log.js';
import type { ActionSettings, CommentTarget } from './settings.js';

export function commentTarget(settings: ActionSettings): CommentTarget {
  const { comment, commentKey, prNumber, writer } = settings.report;
  return { token: settings.token, comment, commentKey, prNumber, writer };
}

/**
 * Where the report is besides the comment, for the warning of a comment not written: the job summary always; the
 * artifact only when one was uploaded (upload-artifact false, or an upload skipped or failed, leaves none), else the
 * report directory when its files were written. The upload is done before the comment is tried, so this is known.
 */
export interface ReportKept {
  artifact: boolean;
  dir: string | null;
}

export function reportKeptText(kept: ReportKept): string {
  if (kept.artifact) return 'The report is in the job summary and the artifact.';
  if (kept.dir) return `The report is in the job summary and the report directory (${kept.dir}); no artifact was uploaded.`;
  return 'The report is in the job summary.';
}

export async function postComment(target: CommentTarget, ctx: RunContext, compose: (marker: string) => string, kept: ReportKept): Promise<string | null> {
  const pr = target.prNumber ?? ctx.pullRequest;
  if (!target.comment) return null;
  if (!pr) {
    logInfo(`No pull request in this ${ctx.eventName || 'run'}: no comment; the report is in the job summary.`);
    return null;
  }
  if (!target.token) {
    logWarning('github-token is empty: the PR comment was skipped.', 'top');
    return null;
  }
  if (!ctx.owner || !ctx.repo) {
    logWarning('GITHUB_REPOSITORY is not set: the PR comment was skipped.', 'top');
    return null;
  }
  const timeoutMs = apiTimeoutMs();
  try {
    const octokit = githubClient(target.token, ctx.apiUrl, timeoutMs);
    const key = target.commentKey;
    const res = await postStickyComment(octokit, { owner: ctx.owner, repo: ctx.repo, issueNumber: pr }, key, target.writer, compose, commentSettleMs());
    if (res.sharedWith) {
      // Said where it is seen (the Checks page), with the two ways out: a key per leg, or one comment for all. A leg
      // that lost the race did write the key's comment: said as it happened, in the same one warning.
      const other = res.sharedWith.label || `job ${res.sharedWith.job || 'unnamed'}`;
      const mine = target.writer.label || `job ${target.writer.job || 'unnamed'}`;
      const how = res.raced
        ? `which this one (${mine}) wrote at the same moment; read back a few seconds later, the other held it`
        : `which this one (${mine}) would have overwritten`;
      logWarning(
        `comment-key "${key}" is shared by the jobs or matrix legs of this run: its comment was written by another (${other}), ${how}, ` +
          'so this report went to a comment of its own. Give each leg its own key (comment-key: ${{ matrix.kubernetes-version }}, ' +
          'or whatever the matrix varies), or comment once for all of them from a job that merges their reports (reports; see "A matrix, and one comment for all of it" in the README).',
        'important',
      );
    }
    logInfo(`PR #${pr}: comment ${res.action} (${res.url})${res.removed.length ? `; removed ${res.removed.join(', ')}` : ''}`);
    return res.url;
  } catch (err) {
    // The comment is a courtesy: whatever stops it (a fork's read-only token, a wrong pr-number, GitHub down), the
    // report is in the job summary (and the artifact, when uploaded), and the step passes or fails on the verdict alone.
    const failure = apiFailure(err);
    const status = failure.kind === 'status' ? failure.status : null;
    const why =
      failure.kind === 'rate-limited'
        ? 'The next run writes it, or re-run this job once the limit has passed. '
        : status === 403
          ? forbiddenWhy(ctx)
          : status === 404
            ? `Is #${pr} a pull request of ${ctx.owner}/${ctx.repo} that this token can see (pr-number)? `
            : '';
    const what = apiFailureText(failure, ctx.apiUrl, timeoutMs);
    logWarning(`Could not write the PR comment on #${pr} (${what}). ${why}${reportKeptText(kept)}`, 'top');
    return null;
  }
}

/**
 * How long a leg waits before reading back the comment it wrote (postStickyComment): settleDelay, or
 * APISNOOP_COMMENT_SETTLE_MS, which the tests set to 0 so that the Action's runs do not sleep.
 */
function commentSettleMs(env: NodeJS.ProcessEnv = process.env): number {
  return envMs('APISNOOP_COMMENT_SETTLE_MS', env) ?? settleDelay();
}

/**
 * Why a comment write was refused (HTTP 403), as the event tells: a fork's run gets a read-only token whatever the
 * workflow asks; a run of the repository's own branch has a token without pull-requests: write (the default of new
 * repositories). Points to the README's section by URL when the action's repository is known, else by name.
 */
function forbiddenWhy(ctx: RunContext): string {
  const section = (name: string, anchor: string): string =>
    ctx.actionReadme ? `${ctx.actionReadme}#${anchor}` : `the APISnoop README, section "${name}"`;
  const fork = `Pull requests from forks get a read-only token; see ${section('Fork pull requests', 'fork-pull-requests')}. `;
  const own = `The token cannot write PR comments: give the job \`permissions: pull-requests: write\` (see ${section('Permissions', 'permissions')}). `;
  if (ctx.fromFork === true) return fork;
  if (ctx.fromFork === false) return own;
  return `${own.slice(0, -1)} ${fork}`;
}
