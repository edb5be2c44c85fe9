// The sticky PR comment: one per pull request (and comment key), found by its hidden marker AND by being written by
// the token's own identity, updated in place on every run, never duplicated. Its second line says which run and which
// job (matrix leg) wrote it, so that legs sharing a key do not overwrite each other's in silence (postStickyComment).
import { createHash } from 'node:crypto';
import type { Report } from '../engine/report.js';
import { renderMarkdown, runNotesBlock } from '../render/markdown.js';
import { renderReleasesMarkdown } from '../render/markdown-releases.js';
import { clip, mdText } from '../render/markdown-cells.js';
import { isObject } from '../sources/report-file.js';
import { httpStatus, isRateLimited, type GitHubClient } from './api.js';

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;

/** The author of comments made with the workflow's GITHUB_TOKEN, which cannot read GET /user. */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export function stickyMarker(key: string): string {
  return `<!-- apisnoop:sticky-comment key=${key} -->`;
}

/** The comment: marker, run problems, then the report page cut to fit GitHub's limit whatever the report's size. */
export function composeComment(
  report: Report,
  opts: { notes: string[]; title: string; marker: string; reportUrl?: string; limit?: number },
): string {
  return composePage((maxChars) => renderMarkdown(report, { title: opts.title, reportUrl: opts.reportUrl, maxChars, notes: [], surface: 'action' }), opts);
}

/** The comment of reports of several Kubernetes releases: one page, each release's report in a fold. */
export function composeReleasesComment(
  reports: readonly Report[],
  opts: { notes: string[]; title: string; marker: string; reportUrl?: string; limit?: number },
): string {
  return composePage((maxChars) => renderReleasesMarkdown(reports, { title: opts.title, reportUrl: opts.reportUrl, maxChars, surface: 'action' }), opts);
}

function composePage(render: (maxChars: number) => string, opts: { notes: string[]; marker: string; limit?: number }): string {
  const head = `${opts.marker}\n\n${runNotesBlock(opts.notes)}`;
  // The renderer counts UTF-16 units, an over-count of GitHub's characters; a small margin on top.
  const maxChars = (opts.limit ?? COMMENT_LIMIT) - head.length - 64;
  return head + render(maxChars);
}

/**
 * The page of a run that produced no report (no audit log collected, or the analysis broke): the heading says the
 * run failed, `noReport` says what there is none of (a fan-in's merged report), and the notes say why. As a comment
 * it replaces an earlier run's, which would otherwise still show.
 */
export function failedRunPage(title: string, notes: string[], runUrl?: string, noReport = 'No report: nothing was analyzed.'): string {
  const lines = notes.slice(0, 10).map((n) => `- ${mdText(n, 600)}`);
  const more = notes.length > 10 ? [`- … and ${notes.length - 10} more`] : [];
  const link = runUrl && /^https?:\/\//.test(runUrl) ? `\n\nSee [the run](${runUrl}) for its log.` : '';
  return `## ❌ ${mdText(title, 120)}: the run failed\n\n${mdText(noReport, 200)}\n\n${[...lines, ...more].join('\n')}${link}\n`;
}

export interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login: string } | null;
}

/**
 * The marker where the Action writes it: the body's first line, alone. Anywhere else it may be quoted text (a report
 * or a note that carries another key's marker), which must not make the comment that key's.
 */
export function startsWithMarker(body: string, marker: string): boolean {
  return body === marker || body.startsWith(`${marker}\n`) || body.startsWith(`${marker}\r\n`);
}

/** Ours: opens with the marker and was written by the same identity that will update it (so never a quote of it by someone). */
export function isSticky(comment: IssueComment, marker: string, author: string): boolean {
  return startsWithMarker(comment.body ?? '', marker) && comment.user?.login === author;
}

/**
 * The login comments made with this token appear under: the user of a personal token (GET /user), or
 * github-actions[bot] for the GITHUB_TOKEN, whose installation identity is refused GET /user with a 403. A 403 of the
 * rate limit says nothing of who the token is: taken for the bot's, a personal token's comment would not be found, and
 * a second one written.
 */
export async function tokenAuthor(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    if (httpStatus(err) === 403 && !isRateLimited(err)) return GITHUB_ACTIONS_BOT;
    throw err;
  }
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** Every sticky comment of ours on the PR, oldest first. */
export async function findStickyComments(
  octokit: GitHubClient,
  pr: PullRequestRef,
  marker: string,
  author: string,
): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for await (const c of prComments(octokit, pr)) if (isSticky(c, marker, author)) found.push(c);
  return found;
}

/** Every comment on the PR, oldest first, reading all pages (100 comments a page). */
async function* prComments(octokit: GitHubClient, pr: PullRequestRef): AsyncGenerator<IssueComment> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.issueNumber, per_page: 100 });
  for await (const page of pages) {
    // A body cut short is read as "" by Octokit, not as an error: a page that is no list is not a page without comments.
    if (!Array.isArray(page.data)) throw new Error(`GitHub answered a page of the comments on #${pr.issueNumber} with no list of comments (${page.url})`);
    yield* page.data as IssueComment[];
  }
}

export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
  /** Older duplicates (left by concurrent runs) that were removed. */
  removed: number[];
}

/** Update our comment in place, or create it when there is none; a body over the limit is refused, never cut here. */
export async function upsertStickyComment(
  octokit: GitHubClient,
  pr: PullRequestRef,
  body: string,
  marker: string,
): Promise<StickyResult> {
  if (!startsWithMarker(body, marker)) throw new Error('sticky comment body does not open with its marker');
  if (body.length > COMMENT_LIMIT) throw new Error(`comment body is ${body.length} characters, over GitHub's ${COMMENT_LIMIT}`);
  const author = await tokenAuthor(octokit);
  return writeOne(octokit, pr, await findStickyComments(octokit, pr, marker, author), body, marker);
}

/**
 * Who writes a comment: the workflow run, the job (GITHUB_JOB, the same for every leg of a matrix) and the leg: its
 * matrix values (the input matrix-leg, whose default is toJSON(matrix)) with the inputs a matrix varies, or those
 * inputs alone in a job without a matrix. Written into the comment's second line.
 */
export interface CommentWriter {
  run: string;
  job: string;
  /** A hash of the job and the leg: the same leg has the same one in every run. */
  leg: string;
  /** The leg as a person reads it ("matrix chart operator, tag v2" or "kubernetes-version 1.35, chart charts/operator"). */
  label: string;
}

/** `legOf` is what tells the leg apart, hashed; by default the label itself (a job without a matrix). */
export function commentWriter(run: string, job: string, label: string, legOf: unknown = label): CommentWriter {
  const leg = createHash('sha256').update(JSON.stringify([job, legOf])).digest('hex').slice(0, 12);
  return { run, job, leg, label };
}

/** A matrix leg: its values as canonical JSON (what its identity hashes) and as a person reads them, cut. */
export interface MatrixLeg {
  canonical: string;
  label: string;
}

/** Each matrix value in a label is cut to this, and the label to LABEL_MAX: a value can be a whole JSON document. */
const VALUE_MAX = 60;
const LABEL_MAX = 200;

/**
 * The leg the input matrix-leg names, or null when it names none. Its default, toJSON(matrix), is the runner's
 * pretty-printed JSON of the leg's values, and 'null' in a job without a matrix ('' when run from source, '{}' for
 * an empty one). The keys are sorted, so that the same leg is the same one in every run whatever the order or
 * layout the runner gives. A value that is no JSON object or array (set by hand) names a leg as it is.
 */
export function matrixLeg(text: string): MatrixLeg | null {
  const raw = text.trim();
  if (!raw) return null;
  const asText = (): MatrixLeg => ({ canonical: JSON.stringify(raw), label: clip(`matrix-leg ${oneLine(raw)}`, LABEL_MAX) });
  // Only toJSON's documents are read as JSON: a value set by hand ("1.30", a matrix value passed on) is its text, not
  // the number 1.3 that would show, and be the same leg, as "1.3".
  if (raw !== 'null' && !/^[[{]/.test(raw)) return asText();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return asText();
  }
  if (value === null || (isObject(value) && Object.keys(value).length === 0)) return null;
  const canonical = JSON.stringify(sortKeys(value));
  const shown = (v: unknown): string => clip(oneLine(typeof v === 'string' ? v : JSON.stringify(sortKeys(v))), VALUE_MAX);
  const label = isObject(value)
    ? Object.keys(value).sort().map((k) => `${clip(oneLine(k), VALUE_MAX)} ${shown(value[k])}`).join(', ')
    : shown(value);
  return { canonical, label: clip(`matrix ${label}`, LABEL_MAX) };
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;

// Percent-encoded: a value holds no space, newline or "-->" that would end the comment or the field.
const enc = (v: string): string => encodeURIComponent(v).replace(/[!'()*~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function writtenByLine(w: CommentWriter): string {
  return `<!-- apisnoop:written-by run=${enc(w.run)} job=${enc(w.job)} leg=${w.leg} label=${enc(w.label.slice(0, 300))} -->`;
}

/** The writer a comment's second line names, or null (a comment of an earlier version, or not ours to read). */
export function readWrittenBy(body: string): CommentWriter | null {
  const second = body.split(/\r?\n/, 2)[1] ?? '';
  const m = /^<!-- apisnoop:written-by run=(\S*) job=(\S*) leg=([0-9a-f]{12}) label=(\S*) -->$/.exec(second);
  if (!m) return null;
  try {
    return { run: decodeURIComponent(m[1]!), job: decodeURIComponent(m[2]!), leg: m[3]!, label: decodeURIComponent(m[4]!) };
  } catch {
    return null;
  }
}

/** The key of a leg's own comment, when its legs share comment-key: "@" is no key's character, so never a user's key. */
export function legCommentKey(key: string, writer: CommentWriter): string {
  return `${key}@${writer.leg}`;
}

export interface PostedComment extends StickyResult {
  /** Another job or leg of this run wrote the comment of the key: this one went to a comment of its own. */
  sharedWith?: CommentWriter;
  /** It wrote the key's comment at the same moment as that other leg, which kept it (read back after settling). */
  raced?: boolean;
}

/**
 * How long a leg waits, after writing the key's comment, before reading it back: 3 s and up to 2 s more. Another leg
 * that read the comments before this one wrote has its own write in flight: one round trip to api.github.com,
 * mostly under a second, a slow one a couple; the wait must outlast it. The jitter spreads a matrix's legs that
 * finish together, so that their reads and a loser's second write do not reach GitHub in one burst (its secondary
 * rate limit counts concurrent requests). Spent once per job, and only by a job that names its run (writer).
 */
export function settleDelay(random: () => number = Math.random): number {
  return 3000 + Math.floor(random() * 2000);
}

/**
 * The sticky comment of `key`, as upsertStickyComment writes it, but for matrix legs that share the key: when the
 * comment of the key was written by another job or leg of the same run, it is left alone and this one goes to a
 * comment of its own (legCommentKey), rather than each leg overwriting the one before in silence. A leg that writes
 * the key's comment again (the first to finish in a later run) removes its own leg comment of an earlier run, so that
 * no stale one stays. `compose` gets the hidden head the body must open with (and a visible line for a leg's own).
 *
 * Legs finishing at once race: GitHub has no conditional write of a comment (no If-Match), so both can read the
 * comments before either writes, and both update the earlier run's comment (the later write wins) or both create one.
 * So a leg that wrote the key's comment reads it back after `settleMs` (settleDelay) and keeps it only if the first
 * of the key's comments this run wrote, lowest id first, is its own: the one a later write overwrote, or the one
 * created first. A leg that lost moves its report to its own leg comment (the comment it created becomes it), so
 * the PR ends with one comment of the key and one per other leg; a comment another leg of the run wrote is never
 * deleted, and a leg's own stale one only once it has kept the key's. The interleavings (L list, W write, V read back):
 *  - A L, B L, A W, B W, A V, B V: both read back B's update, or A's created comment as the first: one moves. Handled.
 *  - Both created, in any order of their reads back: ids grow, so the first created is seen by both. Handled.
 *  - A L, B L, A W, A V, B W (B's write lands more than settleMs after A's): A read back its own update, which B then
 *    overwrites, and B reads back its own: A's report is lost. Still possible, but B would have to take longer from
 *    its read to its write than A's whole wait: the body is composed before the read, so that gap is one request.
 *  - A leg that reads back a later run's write, or none of this run, leaves it: that run has the comment now.
 */
export async function postStickyComment(
  octokit: GitHubClient,
  pr: PullRequestRef,
  key: string,
  writer: CommentWriter | null,
  compose: (head: string) => string,
  settleMs: number = settleDelay(),
): Promise<PostedComment> {
  const author = await tokenAuthor(octokit);
  const marker = stickyMarker(key);
  const legMarker = writer ? stickyMarker(legCommentKey(key, writer)) : null;
  const signed = writer?.run ? writer : null;
  const legBody = (w: CommentWriter): string => {
    const visible = `<sub>${mdText(`${w.label || 'This leg'} (job ${w.job || 'unnamed'}): its own comment, as the legs of this run share comment-key "${key}"`, 400)}</sub>`;
    return compose(`${legMarker}\n${writtenByLine(w)}\n\n${visible}`);
  };
  // Composed before the comments are read: the time between reading and writing is the window of the race above.
  const body = compose(signed ? `${marker}\n${writtenByLine(signed)}` : marker);
  const seen = await keyComments(octokit, pr, author, marker, legMarker);
  const sharedWith = signed ? seen.mains.map(writtenBy).find((w) => w !== null && isOtherOfRun(w, signed)) : undefined;
  if (signed && sharedWith) return { ...(await writeOne(octokit, pr, seen.own, legBody(signed), legMarker!)), sharedWith };
  const res = await writeOne(octokit, pr, seen.mains, body, marker);
  if (signed) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    // An update is read back by its id (one request): the comment it updated was the key's first, and a comment
    // created since has a higher id. A created comment needs the key's others, to see one created before it.
    const now = res.action === 'updated' ? await commentById(octokit, pr, res.id) : (await keyComments(octokit, pr, author, marker, null)).mains;
    const winner = keptBy(now, signed);
    if (winner && isOtherOfRun(winner, signed)) {
      // The comment this leg created, still its own, becomes its leg comment; one it updated is the winner's now.
      const created = now.filter((c) => c.id === res.id && sameLeg(writtenBy(c), signed));
      const moved = await writeOne(octokit, pr, [...created, ...seen.own], legBody(signed), legMarker!);
      return { ...moved, removed: [...res.removed, ...moved.removed], sharedWith: winner, raced: true };
    }
  }
  // Only this leg writes its own comments: as first read, they are what is left of earlier runs.
  for (const c of seen.own) await deleteComment(octokit, pr, c.id);
  return { ...res, removed: [...res.removed, ...seen.own.map((c) => c.id)] };
}

/** The comment of that id, or none when it is gone. */
async function commentById(octokit: GitHubClient, pr: PullRequestRef, id: number): Promise<IssueComment[]> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner: pr.owner, repo: pr.repo, comment_id: id });
    return [data as IssueComment];
  } catch (err) {
    if (httpStatus(err) === 404) return [];
    throw err;
  }
}

/** The key's comments and this leg's own (legMarker), in one reading of the PR's comments, oldest first. */
async function keyComments(
  octokit: GitHubClient,
  pr: PullRequestRef,
  author: string,
  marker: string,
  legMarker: string | null,
): Promise<{ mains: IssueComment[]; own: IssueComment[] }> {
  const mains: IssueComment[] = [];
  const own: IssueComment[] = [];
  for await (const c of prComments(octokit, pr)) {
    if (isSticky(c, marker, author)) mains.push(c);
    else if (legMarker && isSticky(c, legMarker, author)) own.push(c);
  }
  return { mains, own };
}

const writtenBy = (c: IssueComment): CommentWriter | null => readWrittenBy(c.body ?? '');
const sameLeg = (w: CommentWriter | null, me: CommentWriter): boolean => w !== null && w.run === me.run && w.job === me.job && w.leg === me.leg;
const isOtherOfRun = (w: CommentWriter, me: CommentWriter): boolean => w.run === me.run && (w.job !== me.job || w.leg !== me.leg);

/** Who of this run holds the key's comment: the writer of the lowest-id comment of the key that this run wrote. */
function keptBy(mains: IssueComment[], me: CommentWriter): CommentWriter | undefined {
  return [...mains]
    .sort((a, b) => a.id - b.id)
    .map(writtenBy)
    .find((w): w is CommentWriter => w !== null && w.run === me.run);
}

/** Deletes one of our comments; one already gone (another leg of the run removed the same stale duplicate) is fine. */
async function deleteComment(octokit: GitHubClient, pr: PullRequestRef, id: number): Promise<void> {
  try {
    await octokit.rest.issues.deleteComment({ owner: pr.owner, repo: pr.repo, comment_id: id });
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
}

/**
 * Updates the first of `existing` or creates the comment; a body over the limit is refused, never cut here. Two runs
 * racing can each create one: the others, ours (marker and author both match), are safe to remove.
 */
async function writeOne(octokit: GitHubClient, pr: PullRequestRef, existing: IssueComment[], body: string, marker: string): Promise<StickyResult> {
  if (!startsWithMarker(body, marker)) throw new Error('sticky comment body does not open with its marker');
  if (body.length > COMMENT_LIMIT) throw new Error(`comment body is ${body.length} characters, over GitHub's ${COMMENT_LIMIT}`);
  if (existing.length === 0) {
    const { data } = await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.issueNumber, body });
    return { action: 'created', id: data.id, url: data.html_url, removed: [] };
  }
  const [keep, ...duplicates] = existing;
  const { data } = await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: keep!.id, body });
  for (const d of duplicates) await deleteComment(octokit, pr, d.id);
  return { action: 'updated', id: data.id, url: data.html_url, removed: duplicates.map((d) => d.id) };
}
