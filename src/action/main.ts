// The Action: inputs -> (kind cluster, helm install, tests, collect) -> analysis -> report files, outputs, artifact,
// job summary, sticky PR comment -> verdict. One run(), one way to fail: core.setFailed (logFailed). A run that fails before it
// has a report (a bad input, a tool that cannot be installed) still says so in the comment, the summary and the outputs.
import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeLogs, releaseNotAfter } from '../analyze.js';
import { imageKubernetesVersion } from '../cluster/kind.js';
import { minorOf } from '../engine/conformance.js';
import { cmp } from '../engine/coverage.js';
import { notesBesideVerdict, reportPasses, reportTitle, uncheckedUnsaid, violationLine, type Report } from '../engine/report.js';
import type { IdentityRequests } from '../rbac.js';
import type { Request } from '../engine/audit.js';
import { invalidReason, nothingJudged, runFailureHeadline } from '../engine/verdict.js';
import { DEFAULT_SELECTION, effectiveUser, leftOutText, requestFilter, requestIdentities } from '../engine/select.js';
import { invalidListedText } from '../engine/analysis.js';
import { clip } from '../render/markdown-cells.js';
import { grouped } from '../engine/grouped.js';
import { allowToPass, violatingOperations } from '../render/format.js';
import { renderMarkdown, runNotesBlock } from '../render/markdown.js';
import { releaseDirs, renderReleasesMarkdown } from '../render/markdown-releases.js';
import { oncePerMessage } from '../once.js';
import { writeReportFiles } from '../outputs.js';
import type { ToolMirrors } from '../cluster/tools.js';
import { uploadReportArtifact, type ArtifactUploader } from '../github/artifacts.js';
import { composeComment, composeReleasesComment, failedRunPage } from '../github/comment.js';
import { readRunContext, type RunContext } from '../github/context.js';
import { releasesOutputs, reportOutputs, setCommentUrl, setOutputs, type ReportOutputs } from '../github/outputs.js';
import { endWarnings, logFailed, logInfo, logWarning, startWarnings, type WarningRank } from '../github/log.js';
import { fitSummary, summaryRoom, writeJobSummary } from '../github/summary.js';
import {
  appFromInputs,
  clusterFromInputs,
  readCommentTarget,
  readReportPlace,
  readSettings,
  InputError,
  UnknownInputError,
  type ActionSettings,
  type CommentTarget,
  type InputName,
  type InputReader,
} from './settings.js';
import { isVersion, loadConformanceVersion, loadSpecFile, loadSpecVersion } from '../sources/specs.js';
import { makeDir } from '../make-dir.js';
import { runOnCluster } from './cluster-run.js';
import { noEvidence, seal, type CommandRun, type Evidence } from './evidence.js';
import { mergeReportFiles, readLegPage } from './fan-in.js';
import { checkLeastPrivilege, planLeastPrivilege, rbacVerdictMessage } from './least-privilege.js';
import { commentTarget, postComment, type ReportKept } from './pr-comment.js';

export interface RunOptions {
  /** Replaces core.getInput (tests). */
  readInput?: InputReader;
  /** Replaces @actions/artifact's client; null skips the upload (tests). */
  artifactUploader?: ArtifactUploader | null;
  /** Where kind, kubectl and helm are downloaded from (tests, mirrors). */
  toolMirrors?: ToolMirrors;
}

/** An error after the run's report or failure page was out: the step fails with it, and what was reported stands. */
class AfterReport extends Error {}

export async function run(options: RunOptions = {}): Promise<void> {
  startWarnings();
  try {
    await runStep(options);
  } finally {
    endWarnings();
  }
}

async function runStep(options: RunOptions): Promise<void> {
  const read: InputReader = options.readInput ?? ((name) => core.getInput(name));
  let settings: ActionSettings;
  try {
    settings = readSettings(read);
    if (settings.mode !== 'reports') await fetchNamedReleases(settings);
  } catch (err) {
    await failedInputs(err, read, options);
    return;
  }
  try {
    const failures = await execute(settings, options);
    if (failures.length > 0) logFailed(failures.join('\n'));
  } catch (err) {
    // After the report (the job summary could not be written): its comment, artifact and outputs stand.
    if (err instanceof AfterReport) logFailed(err.message);
    // Something execute() did not expect (a report-dir it cannot make): said as an input error is, not only in the log.
    else await failedInputs(err, read, options);
  }
}

/**
 * The releases next-releases and conformance name, fetched (and cached for the analysis) before any cluster is made:
 * one that cannot be had (a typo, 1.99) failed the analysis after the cluster, the install and the tests had run. So
 * is kubernetes-version's spec when an audit-log is analyzed without the input spec: it is then the one matched against.
 */
async function fetchNamedReleases(settings: ActionSettings): Promise<void> {
  const a = settings.analysis;
  // A release not after the spec's is said not checked by the analysis, unfetched: fetching it failed an offline run.
  // The spec's release is looked for only then (the spec input is read for it).
  const versions = (a.nextReleases ?? []).filter(isVersion);
  const release = versions.length > 0 ? await matchedRelease(settings) : null;
  const later = versions.filter((r) => release === null || releaseNotAfter(r, release) === null);
  const named: Array<[InputName, string, (version: string) => Promise<unknown>]> = later.map((r) => ['next-releases', r, loadSpecVersion]);
  if (isVersion(a.conformance)) named.push(['conformance', a.conformance, loadConformanceVersion]);
  if (settings.mode === 'audit-log' && !a.spec) {
    // The file it asks for is given to the Action as its input spec, which it would not otherwise name.
    const asInputSpec = (err: Error): never => {
      throw new Error(`${err.message}, as the input spec`);
    };
    named.push(['kubernetes-version', a.kubernetesVersion, (version) => loadSpecVersion(version).catch(asInputSpec)]);
  }
  for (const [input, version, load] of named) {
    await load(version).catch((err: Error) => {
      throw new InputError(input, err.message);
    });
  }
}

/**
 * The release of the spec the analysis matches against, as a minor (1.33), when the inputs tell it before the
 * analysis: the spec input's (read now, as the analysis reads it: one that names none is taken as kubernetes-version),
 * else the cluster's (node-image's, else kubernetes-version's, which may be a full version); null when not known.
 */
async function matchedRelease(settings: ActionSettings): Promise<string | null> {
  const a = settings.analysis;
  if (a.spec) return loadSpecFile(a.spec).then((spec) => minorOf(spec.kubernetesVersion) ?? minorOf(a.kubernetesVersion), () => null);
  const image = settings.cluster?.nodeImage;
  const version = image ? imageKubernetesVersion(image) : a.kubernetesVersion;
  return version && minorOf(version);
}

/**
 * An input that could not be read (or a run that broke before it had a report): the step fails with its message, and
 * the failure page goes to the job summary, the outputs (verdict fail), the report directory and the artifact (as
 * report.md, with pull-request.json: what the comment workflow of fork PRs reads) and, when the inputs that say where
 * are themselves good, the sticky comment, so that an earlier run's comment does not stand for this one.
 * (readSettings masked the token before anything could fail.)
 */
async function failedInputs(err: unknown, read: InputReader, options: RunOptions): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  logFailed(message);
  try {
    const ctx = readRunContext();
    const page = failedRunPage(reportTitle({ app: appFromInputs(read) }), [message], ctx.runUrl ?? undefined);
    const kept = await uploadFailurePage(page, read, ctx, options);
    let target: CommentTarget | null = null;
    const meantTarget = err instanceof UnknownInputError ? err.meant.filter((m) => COMMENT_INPUTS.includes(m)) : [];
    if (meantTarget.length > 0) {
      // comment_key for comment-key: the comment the step was meant for is another than the default's, maybe another job's.
      logInfo(`No PR comment: the input meant for ${meantTarget.join(', ')} is misspelt`);
    } else {
      try {
        target = readCommentTarget(read);
      } catch (targetErr) {
        // One of them is the bad input: a wrong comment-key or pr-number could overwrite another job's comment.
        logInfo(`No PR comment: ${(targetErr as Error).message}`);
      }
    }
    setOutputs(FAILED_OUTPUTS);
    await summaryThenComment(
      () => writeJobSummary(page),
      async () => (target ? postComment(target, ctx, (marker) => `${marker}\n\n${page}`, kept) : null),
    );
  } catch (pageErr) {
    logWarning(`The failure could not be reported beyond this step: ${(pageErr as Error).message}`, 'top');
  }
}

/** The inputs that say which comment is the step's. */
const COMMENT_INPUTS: readonly InputName[] = ['comment', 'comment-key', 'pr-number', 'github-token'];

/**
 * The failure page as report.md, with pull-request.json, in the report directory and the artifact, as failedRun
 * leaves them. report-dir, artifact-name and upload-artifact are read leniently: when one is the bad input, its
 * default stands in, so that the fork's comment workflow still finds the artifact.
 */
async function uploadFailurePage(page: string, read: InputReader, ctx: RunContext, options: RunOptions): Promise<ReportKept> {
  const kept: ReportKept = { artifact: false, dir: null };
  try {
    const place = readReportPlace(read, process.env, clusterFromInputs(read), true);
    await makeDir(place.dir);
    const files = await writePage(place.dir, page, ctx);
    kept.dir = place.dir;
    if (place.uploadArtifact) kept.artifact = (await uploadReportArtifact(place.artifactName, files, place.dir, ctx.runUrl, options.artifactUploader)) !== null;
  } catch (err) {
    logWarning(`The failure page could not be written to the report directory or uploaded: ${(err as Error).message}`, 'top');
  }
  return kept;
}

/** The outputs of a run without a report: counts and a report path there are none of are empty, as an output never set reads. */
const FAILED_OUTPUTS: ReportOutputs = { verdict: 'fail', 'stable-count': '', 'beta-count': '', 'alpha-count': '', 'unmatched-count': '', 'report-path': '' };

/**
 * The job summary, then the comment and comment-url: the summary does not wait for GitHub's API (a job timed out while
 * it hung lost both). A summary that could not be written fails the step once the comment is written all the same.
 */
async function summaryThenComment(writeSummary: () => Promise<unknown>, comment: () => Promise<string | null>): Promise<void> {
  const failed: unknown = await writeSummary().then(
    () => null,
    (err: unknown) => err ?? new Error('the job summary could not be written'),
  );
  setCommentUrl(await comment());
  if (failed) throw failed;
}

async function execute(settings: ActionSettings, options: RunOptions): Promise<string[]> {
  const ctx = readRunContext();
  const dir = settings.report.dir;
  await makeDir(dir);

  const evidence: Evidence =
    settings.mode === 'cluster'
      ? // What stops the run before there is a cluster to collect from (a cluster of that name exists, a tool cannot be
        // installed) is a run problem like any other: the failure page replaces an earlier run's comment.
        await runOnCluster(settings, dir, options.toolMirrors).catch((err: Error) => ({ ...noEvidence(), problems: [{ note: err.message }] }))
      : { ...noEvidence(), logs: settings.analysis.auditLogs, spec: settings.analysis.spec };
  try {
    return await judgeAndReport(settings, options, ctx, evidence);
  } catch (err) {
    throw evidence.reported ? new AfterReport(err instanceof Error ? err.message : String(err)) : err;
  } finally {
    // Whatever happened: the report directory is the user's to upload too.
    await seal(evidence);
  }
}

async function judgeAndReport(settings: ActionSettings, options: RunOptions, ctx: RunContext, evidence: Evidence): Promise<string[]> {
  const dir = settings.report.dir;
  const legs = settings.reportsMissing.map(readLegPage);
  const found = settings.reports.length + settings.reportsMissing.length;
  // What the Action collected into the report directory named as the artifact holds it (audit/kube-apiserver-audit.log):
  // the runner's temporary path, in an annotation on the pull request, named a file no reader can open.
  const reportDir = settings.report.dir.endsWith(path.sep) ? settings.report.dir : settings.report.dir + path.sep;
  const collected = new RegExp(`${reportDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=audit/|rbac/|openapi-v2\\.json)`, 'g');
  const inArtifact = (message: string): string => message.replace(collected, '');
  const warn = oncePerMessage((message) => logWarning(inArtifact(message), warningRank(message)));
  // More than the matrix has: a wrong expected-reports, or a stray artifact merged in (a pattern too wide, a re-run).
  if (settings.reportsExpected !== null && found > settings.reportsExpected) {
    logWarning(
      `expected-reports is ${settings.reportsExpected}, but ${found} legs were found (${settings.reports.length} report.json, ` +
        `${settings.reportsMissing.length} without): is the matrix size wrong, or is an artifact that is not a leg's among them?`,
      'important',
    );
  }
  // Least privilege is planned first: it takes its identities' requests from the analysis' one reading of the logs.
  const plan = settings.rbac ? await planLeastPrivilege(settings, evidence) : null;
  const identityRequests = plan && 'requests' in plan ? plan.requests : undefined;
  // One report, but for reports of several Kubernetes releases: one merged report per release, in release order.
  const reports =
    settings.mode === 'reports'
      ? settings.reports.length === 0
        ? null
        : await core.group('Merge the reports', () => mergeReportFiles(settings, warn)).catch((err: Error) => {
            evidence.problems.push({ note: `${COULD_NOT_MERGE}: ${err.message}` });
            return null;
          })
      : evidence.logs.length === 0
        ? null
        : await core.group('Analyze', () => analyze(settings, evidence, warn, identityRequests)).then(
            (report) => [report],
            (err: Error) => {
              evidence.problems.push({ note: `the analysis failed: ${err.message}` });
              return null;
            },
          );
  evidence.problems.push(...missingLegNotes(settings, legs, reports !== null).map((note) => ({ note })));
  if (reports === null) {
    // Titled as the legs' pages were, when they agree (the comment workflow of a failed fork run has one).
    const titles = new Set(legs.map((l) => l.title));
    return failedRun(settings, ctx, evidence, options, titles.size === 1 ? [...titles][0] : undefined);
  }
  if (reports.length > 1) return reportReleases(settings, options, ctx, evidence, reports);
  const report = reports[0]!;
  // What the runs that made the reports said about themselves, said again (their problems fail this step too).
  if (report.runNotes) {
    evidence.problems.push(...report.runNotes.problems.map((note) => ({ note })));
    evidence.notices.push(...report.runNotes.notices);
  }
  warnNothingJudged([report], settings.mode);
  const leastPrivilege = plan ? await core.group('Least privilege', () => checkLeastPrivilege(settings, evidence, plan, report, warn)) : null;
  if (leastPrivilege && 'comparisons' in leastPrivilege) report.rbac = leastPrivilege.comparisons;
  // Not checked when the policy needed it: the step's error (said once, not warned too), and its verdict is fail.
  const unjudged = leastPrivilege !== null && 'problem' in leastPrivilege && settings.rbac!.failOn.length > 0;
  // The app is named in the report itself (the chart's release), so that `apisnoop export` and merge name it alike.
  if (settings.analysis.app) report.app = settings.analysis.app;
  if (leastPrivilege && 'problem' in leastPrivilege) {
    // Else a note on the page, and the warning of a check that threw (naming files by their place in the artifact).
    const note = inArtifact(leastPrivilege.problem);
    if (unjudged) {
      evidence.problems.push({ note });
      // What every reader of report.json judges by (reportPasses), a fan-in's merge too: the problem is for people.
      report.leastPrivilegeUnchecked = [{ ...(report.app !== undefined ? { app: report.app } : {}), why: inArtifact(leastPrivilege.why) }];
    } else {
      evidence.notices.push(note);
      if (leastPrivilege.warning) warn(leastPrivilege.warning);
    }
  }
  const reportPath = path.join(dir, 'report.json');
  const title = reportTitle(report);
  // Kept in report.json, so that whatever merges it (a fan-in, the comment workflow of fork PRs) says them again.
  delete report.runNotes;
  if (evidence.problems.length + evidence.notices.length > 0) report.runNotes = { problems: evidence.problems.map((p) => p.note), notices: [...evidence.notices] };
  const reportFiles = await writeReportFiles(report, dir, 'action');
  logInfo(`Report written to ${dir}`);
  reportFiles.push(...(await pullRequestFile(dir, ctx)));

  await seal(evidence);
  await publish(settings, options, ctx, evidence, [...reportFiles, ...evidence.artifactFiles], {
    // Least privilege not checked is said on the verdict's line, not above it again.
    notes: (all) => notesBesideVerdict(report, all),
    comment: ({ notes, marker, reportUrl }) => composeComment(report, { notes, title, marker, reportUrl }),
    // The run's notes are above the page (publish), not in it again.
    page: ({ reportUrl, maxChars }) => renderMarkdown(report, { title, reportUrl, maxChars, notes: [], surface: 'action' }),
    // Least privilege the policy needed and could not check fails (reportPasses reads leastPrivilegeUnchecked).
    outputs: () => reportOutputs(report, reportPath),
  });

  const failures: string[] = evidence.problems.map((p) => p.note);
  const rbacFailed = (report.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
  if (rbacFailed.length > 0) failures.unshift(rbacVerdictMessage(rbacFailed));
  if (!report.verdict.pass) failures.unshift(verdictMessage(report));
  // Said by the field alone (a report read back that no apisnoop run wrote): it fails the verdict, so the step too.
  failures.push(...uncheckedUnsaid(report, failures));
  return failures;
}

/** How a report is shown: the comment (after its marker), the page for the job summary, the step outputs. */
interface Showing {
  /** The run's notes shown above the page: those it does not say itself. */
  notes(all: string[]): string[];
  comment(o: { notes: string[]; marker: string; reportUrl?: string }): string;
  page(o: { reportUrl?: string; maxChars: number }): string;
  outputs(): ReportOutputs;
}

/**
 * Tells a report, in this order: the outputs, the artifact (the comment and summary link to it), the job summary with
 * the run's notes above the page, then the sticky comment and comment-url: what GitHub's API does (it may stop
 * answering) holds up nothing else.
 */
async function publish(settings: ActionSettings, options: RunOptions, ctx: RunContext, evidence: Evidence, files: string[], show: Showing): Promise<void> {
  setOutputs(show.outputs());
  const artifact = settings.report.uploadArtifact
    ? await uploadReportArtifact(settings.report.artifactName, files, settings.report.dir, ctx.runUrl, options.artifactUploader)
    : null;
  evidence.reported = true;
  const reportUrl = artifact?.url ?? reportedRunUrl(settings, ctx) ?? undefined;
  const notes = show.notes([...evidence.problems.map((p) => p.note), ...evidence.notices]);
  const head = runNotesBlock(notes);
  await summaryThenComment(
    () => writeJobSummary(fitSummary((maxChars) => head + show.page({ reportUrl, maxChars: Math.max(1000, maxChars - head.length) }), Math.max(4096, summaryRoom()))),
    () => postComment(commentTarget(settings), ctx, (marker) => show.comment({ notes, marker, reportUrl }), { artifact: artifact !== null, dir: settings.report.dir }),
  );
}

/**
 * Reports of several Kubernetes releases (the fan-in of a matrix over kubernetes-version), each merged for its
 * release, reported side by side, never added up: the report files of each release in a directory of its own
 * (<report-dir>/1.34/), the page of them all as report.md above them, one comment, one summary, one artifact and the
 * outputs of the whole (releasesOutputs). The step fails when any release fails, naming it.
 */
async function reportReleases(settings: ActionSettings, options: RunOptions, ctx: RunContext, evidence: Evidence, reports: Report[]): Promise<string[]> {
  const dir = settings.report.dir;
  // A note every release's report carries is of the whole, said once and as it was first said: the fan-in's own, which
  // it writes into each release's report.json, read back by the comment workflow of fork PRs, were otherwise said
  // once per release, each as if of that release alone.
  const shared = (kind: 'problems' | 'notices'): string[] => {
    const [first = [], ...rest] = reports.map((r) => r.runNotes?.[kind] ?? []);
    return [...new Set(first)].filter((note) => rest.every((notes) => notes.includes(note)));
  };
  const common = { problems: shared('problems'), notices: shared('notices') };
  const said = new Set(evidence.problems.map((p) => p.note));
  evidence.problems.push(...common.problems.filter((note) => !said.has(note)).map((note) => ({ note })));
  evidence.notices.push(...common.notices.filter((note) => !evidence.notices.includes(note)));
  // The fan-in's own notes (a leg without a report, fewer legs than expected) are of the whole: no release can be told.
  const fanIn = { problems: evidence.problems.map((p) => p.note), notices: [...evidence.notices] };
  const files: string[] = [];
  const dirs = releaseDirs(reports);
  for (const [i, report] of reports.entries()) {
    const on = `Kubernetes ${report.kubernetesVersion}: `;
    // What the runs that made the reports said about themselves, said again, with their release.
    const own = {
      problems: (report.runNotes?.problems ?? []).filter((note) => !common.problems.includes(note)),
      notices: (report.runNotes?.notices ?? []).filter((note) => !common.notices.includes(note)),
    };
    evidence.problems.push(...own.problems.map((note) => ({ note: on + note })));
    evidence.notices.push(...own.notices.map((note) => on + note));
    // Each release's report.json keeps its own notes and the fan-in's, as a report of one release does.
    delete report.runNotes;
    const problems = [...fanIn.problems, ...own.problems];
    const notices = [...fanIn.notices, ...own.notices];
    if (problems.length + notices.length > 0) report.runNotes = { problems, notices };
    files.push(...(await writeReportFiles(report, path.join(dir, dirs[i]!), 'action')));
    const s = report.summary;
    logInfo(`${on}${reportPasses(report) ? 'pass' : 'fail'}; ${s.requests} requests read, ${s.selected} selected; report files in ${path.join(dir, dirs[i]!)}`);
  }
  warnNothingJudged(reports, settings.mode);
  // Named after every app once: a release merged of several apps is named "a + b" already (mergeReports), and one
  // whose leg of b failed is "a": the page of both is "a + b", not "a + b + a". Sorted, as mergeReports sorts them:
  // the releases' order does not name the page "b + a".
  const apps = [...new Set(reports.flatMap((r) => (r.app === undefined ? [undefined] : r.app.split(' + '))))].sort((a, b) => cmp(a ?? '', b ?? ''));
  const title = reportTitle({ app: apps.every((a) => a !== undefined) ? apps.join(' + ') : undefined });
  const page = path.join(dir, 'report.md');
  // Above it, as above the comment: the notes of the whole and each release's (each release's own page has its own);
  // within the page's budget, not added to it.
  await writeFile(page, renderReleasesMarkdown(reports, { title, notes: [...evidence.problems.map((p) => p.note), ...evidence.notices], surface: 'action' }));
  logInfo(`Report of the ${reports.length} releases written to ${page}`);
  files.unshift(page);
  files.push(...(await pullRequestFile(dir, ctx)));

  await publish(settings, options, ctx, evidence, files, {
    // Each release's why is in its fold: above them all, the notes stay whole.
    notes: (all) => all,
    comment: ({ notes, marker, reportUrl }) => composeReleasesComment(reports, { notes, title, marker, reportUrl }),
    page: ({ reportUrl, maxChars }) => renderReleasesMarkdown(reports, { title, reportUrl, maxChars, surface: 'action' }),
    outputs: () => releasesOutputs(reports, page),
  });

  const verdicts: string[] = [];
  for (const r of reports) {
    if (!r.verdict.pass) verdicts.push(verdictMessage(r, r.kubernetesVersion));
    const rbacFailed = (r.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
    if (rbacFailed.length > 0) verdicts.push(rbacVerdictMessage(rbacFailed, r.kubernetesVersion));
    // As for one report: least privilege not checked that no problem of the run says fails the step, with its release.
    verdicts.push(...uncheckedUnsaid(r, evidence.problems.map((p) => p.note)).map((f) => `Kubernetes ${r.kubernetesVersion}: ${f}`));
  }
  return [...verdicts, ...evidence.problems.map((p) => p.note)];
}

/** The invalid lines listed in the log, under Analyze; the one warning of them names the first. */
const INVALID_SHOWN = 20;

/** Why a user command's requests did not act as the user its KUBECONFIG impersonates. */
const IGNORED_KUBECONFIG =
  'it likely rewrote that file (kind export kubeconfig, kind get kubeconfig > "$KUBECONFIG"), used another kubeconfig or context ' +
  "(--kubeconfig, --context, a file of its own), or a tool that ignores client-go's impersonation";

/** Why a user command's requests acted as another user that they impersonated themselves. */
const IMPERSONATED = 'it chose another user to act as (kubectl --as, helm --kube-as-user), in place of the one its KUBECONFIG acts as';

/** What a user command's requests that did not act as its user cost, and when that is worth a warning. */
const OTHER_THAN_ITS_USER = {
  // Kept, they are judged as the app's: a Secret, a prerequisite's beta API in the app's namespace.
  'setup-command': { warn: (sent: number, kept: number) => kept > 0, leftOut: '', goal: 'left out' },
  // Left out, its cluster-wide objects go unjudged; any at all mean its tools went around its user.
  'install-command': {
    warn: (sent: number) => sent > 0,
    leftOut: ' (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks)',
    goal: "kept and judged as the app's, wherever it acts",
  },
} as const;

/**
 * A user command's requests that did not act as its user (its tools did not use its KUBECONFIG): those received while
 * it ran, sent by a client outside the cluster (not a system: identity, as controllers, nodes and service accounts
 * are; the Action sends nothing then) as anyone but its user. said(): a warning with how many the selection kept and
 * left out, when OTHER_THAN_ITS_USER says they matter; none for a command that made no request, or whose requests
 * all acted as its user. A succeeded install-command of which the whole log (counted as the analysis reads it) holds
 * no request as its user is warned about even with none of its time sent as another: its tools went around its
 * user, or the cluster's clock is not the runner's.
 */
function otherThanItsUser(run: CommandRun & { succeeded?: boolean }, selected: (req: Request) => boolean): { add(req: Request): void; said(): string | undefined } {
  let sent = 0;
  let kept = 0;
  // Of those sent, how many impersonated the user they acted as: the command's own --as, not its kubeconfig's.
  let impersonated = 0;
  let seen = false;
  const as = new Set<string>();
  const costs = OTHER_THAN_ITS_USER[run.command];
  return {
    add(req) {
      // Only install-command's are looked for in the whole log (setup-command may rightly make none).
      if (!seen && run.command === 'install-command') seen = requestIdentities(req).includes(run.user);
      const sender = req.user?.username ?? '';
      if (!sender || sender.startsWith('system:') || effectiveUser(req) === run.user) return;
      const at = req.timestamp ? Date.parse(req.timestamp) : NaN;
      if (!(at >= run.from && at <= run.to)) return;
      sent++;
      if (req.impersonatedUser?.username !== undefined) impersonated++;
      as.add(effectiveUser(req));
      if (selected(req)) kept++;
    },
    said() {
      const unchanged =
        'Let the command use the KUBECONFIG it is given, unchanged (drop kind export kubeconfig: kind load docker-image --name "$APISNOOP_CLUSTER" ' +
        `needs none), so that what it does is ${costs.goal}.`;
      const doNow = impersonated === 0 ? unchanged : impersonated === sent ? `Drop --as (--kube-as-user), so that what it does is ${costs.goal}.` : `Drop --as (--kube-as-user). ${unchanged}`;
      const causes = impersonated === 0 ? IGNORED_KUBECONFIG : impersonated === sent ? IMPERSONATED : `${impersonated} of them because ${IMPERSONATED}; the rest because ${IGNORED_KUBECONFIG}`;
      if (!costs.warn(sent, kept)) {
        if (run.command !== 'install-command' || !run.succeeded || seen) return undefined;
        return (
          `install-command succeeded, but the audit log holds no request by ${run.user}, the user its KUBECONFIG acts as, nor any sent from ` +
          `outside the cluster as another user while it ran (the API server's clock may not be the runner's): ${IGNORED_KUBECONFIG}, so its ` +
          `requests were sent as kind's admin and only those for objects in the namespace were kept. ${doNow}`
        );
      }
      const users = [...as].sort().slice(0, 3).join(', ');
      const leftOut = sent - kept;
      const them = sent === 1 ? 'it' : 'them all';
      const split =
        leftOut === 0 ? `kept ${them} as the app's` : kept === 0 ? `left ${them} out${costs.leftOut}` : `kept ${grouped(kept)} of them as the app's and left out ${grouped(leftOut)}${costs.leftOut}`;
      return (
        `${run.command} sent ${grouped(sent)} request${sent === 1 ? '' : 's'} as ${users}${as.size > 3 ? ' and others' : ''}, not as ${run.user}, ` +
        `the user its KUBECONFIG acts as${run.command === 'install-command' && !seen ? ' (the log holds none by that user)' : ''}, ` +
        `and the selection ${split}: ${causes}. ${doNow}`
      );
    },
  };
}

async function analyze(settings: ActionSettings, evidence: Evidence, warn: (message: string) => void, identityRequests?: IdentityRequests): Promise<Report> {
  const a = settings.analysis;
  // Who the log holds, when the selection kept none of it: said in the run's notes, for the inputs to be put right.
  let holds: string | undefined;
  // The requests install-command and setup-command sent as another than their user (their tools did not use their
  // KUBECONFIG), and whether install-command's are in the log at all: counted as the log is read (no second reading).
  const selected = requestFilter({ ...DEFAULT_SELECTION, ...a.selection });
  const runs = [evidence.installRun, evidence.setupRun].flatMap((run) => (run ? [otherThanItsUser(run, selected)] : []));
  const onRequest =
    identityRequests || runs.length > 0
      ? (req: Request) => {
          identityRequests?.add(req);
          for (const run of runs) run.add(req);
        }
      : undefined;
  const report = await analyzeLogs({
    logs: evidence.logs,
    // Each leg's log at one path ($RUNNER_TEMP/…) told from another leg's, for the fan-in's merge.
    identifyInputs: true,
    // With a spec, kubernetes-version is its release only if the spec does not name its own (the served one does).
    ...(evidence.spec ? { spec: evidence.spec, kubernetesVersion: a.kubernetesVersion } : { kubernetesVersion: evidence.kubernetesVersion ?? a.kubernetesVersion }),
    nextReleases: a.nextReleases,
    conformance: a.conformance,
    selection: a.selection,
    policy: a.policy,
    surface: 'action',
    onRequest,
    onNothingSelected: (left) => (holds = leftOutText(left, a.selection.includeSystem === true, (v) => clip(v, 80), 'include-system: true')),
    onWarning: warn,
  });
  if (holds) evidence.notices.push(`Nothing was selected: ${holds}.`);
  for (const run of runs) {
    const said = run.said();
    if (!said) continue;
    warn(said);
    evidence.notices.push(said);
  }
  warnInvalid(report, warn);
  const s = report.summary;
  logInfo(
    `${s.requests} requests read, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched; ` +
      `operations: ${s.byLevel.stable.operations} stable, ${s.byLevel.beta.operations} beta, ${s.byLevel.alpha.operations} alpha`,
  );
  return report;
}
const COULD_NOT_MERGE = 'the reports could not be merged';

/**
 * The invalid lines, whether the reader or the event check refused them: one warning, naming the first, for each
 * line its own took the annotations the step's important warnings need (nothing judged, no comment). The first
 * INVALID_SHOWN are listed in the log; the report lists the first MAX_LISTED_INVALID.
 */
function warnInvalid(report: Report, warn: (message: string) => void): void {
  const count = report.summary.invalidLines;
  if (count === 0) return;
  const inLog = count > 1 && report.invalid.length > 0 ? `; the first ${Math.min(INVALID_SHOWN, report.invalid.length)} are listed in this step's log, under Analyze` : '';
  warn(`${invalidReason(report.invalid, count)}${inLog}; ${invalidListedText(count)}`);
  if (inLog) for (const line of report.invalid.slice(0, INVALID_SHOWN)) logInfo(`${line.file}:${line.line}: ${line.message}`);
}

/**
 * A leg of the matrix without a report: the whole would be judged on part of it, which fails the step and is said,
 * with what its page said went wrong; and a leg that failed before the Action ran, which uploaded nothing at all: only
 * the matrix size (expected-reports) tells it is missing. `merged`: whether there is a merged report they are missing from.
 */
function missingLegNotes(settings: ActionSettings, legs: ReadonlyArray<ReturnType<typeof readLegPage>>, merged: boolean): string[] {
  const notes: string[] = [];
  const found = settings.reports.length + legs.length;
  for (const leg of legs) {
    const lacks = merged ? ', so the merged report lacks it' : '';
    const why = leg.notes.length > 0 ? '; its page says:' : ' (its report.md says why)';
    notes.push(`${leg.shown} holds no report.json: that job produced no report${lacks}${why}`);
    for (const note of leg.notes) notes.push(found > 1 ? `${leg.shown}: ${note}` : note);
  }
  if (settings.reportsExpected !== null && found < settings.reportsExpected) {
    notes.push(
      `expected-reports is ${settings.reportsExpected}, but ${found} leg${found === 1 ? ' was' : 's were'} found (${settings.reports.length} report.json, ` +
        `${legs.length} without): a leg that uploaded nothing is missing${merged ? ' from the merged report' : ''}`,
    );
  }
  return notes;
}

/**
 * What a page without a report says of it: with reports, that there is no merged report and why (the notes name the
 * file that could not be merged, or the legs without a report), not that nothing was analyzed, as the legs were.
 */
function noReportText(settings: ActionSettings, evidence: Evidence): string | undefined {
  if (settings.mode !== 'reports') return undefined;
  if (evidence.problems.some((p) => p.note.startsWith(`${COULD_NOT_MERGE}: `))) return `No merged report: ${COULD_NOT_MERGE}.`;
  return settings.reports.length === 0 ? 'No merged report: no leg left a report.json to merge.' : undefined;
}

/**
 * No report (no audit log, or the analysis broke): the job summary and the sticky comment say the run failed and
 * why, so that an earlier run's comment does not stand for this one; verdict is fail, the step fails.
 */
async function failedRun(settings: ActionSettings, ctx: RunContext, evidence: Evidence, options: RunOptions, legsTitle?: string): Promise<string[]> {
  // Titled as the report would have been: its app is the chart's release, or with audit-log the release or namespace input.
  const title = legsTitle ?? reportTitle({ app: settings.analysis.app ?? undefined });
  const notes = [...evidence.problems.map((p) => p.note), ...evidence.notices];
  // What was collected still goes into the artifact (the audit log and the served spec are what reproduces a broken
  // analysis), with this page as report.md and, for the comment workflow of fork PRs, pull-request.json: without
  // them that workflow finds no artifact and the PR keeps an earlier run's comment.
  // The run's page links its log and lists the artifact.
  const page = failedRunPage(title, notes, reportedRunUrl(settings, ctx) ?? undefined, noReportText(settings, evidence));
  const dir = settings.report.dir;
  const written = await writePage(dir, page, ctx);
  // Sealed first: it may take the manifest out of the artifact files.
  await seal(evidence);
  setOutputs(FAILED_OUTPUTS);
  const files = [...written, ...evidence.artifactFiles];
  const artifact = settings.report.uploadArtifact
    ? await uploadReportArtifact(settings.report.artifactName, files, dir, ctx.runUrl, options.artifactUploader)
    : null;
  evidence.reported = true;
  await summaryThenComment(
    () => writeJobSummary(page),
    () => postComment(commentTarget(settings), ctx, (marker) => `${marker}\n\n${page}`, { artifact: artifact !== null, dir }),
  );
  return evidence.problems.map((p) => p.note);
}

/**
 * The run a page links to: this one, but for reports in a workflow_run job (the comment workflow of fork PRs), whose
 * reports are the triggering run's: its log and artifact are there, this run has neither.
 */
function reportedRunUrl(settings: ActionSettings, ctx: RunContext): string | null {
  return settings.mode === 'reports' ? (ctx.triggerRunUrl ?? ctx.runUrl) : ctx.runUrl;
}

/** A run's failure page as report.md, with pull-request.json: the files its artifact holds besides what it collected. */
async function writePage(dir: string, page: string, ctx: RunContext): Promise<string[]> {
  const file = path.join(dir, 'report.md');
  await writeFile(file, page);
  return [file, ...(await pullRequestFile(dir, ctx))];
}

/** pull-request.json for a workflow_run job that comments on fork PRs from the artifact (docs/action.md); none outside a PR. */
async function pullRequestFile(dir: string, ctx: RunContext): Promise<string[]> {
  if (!ctx.pullRequest) return [];
  const file = path.join(dir, 'pull-request.json');
  await writeFile(file, JSON.stringify({ number: ctx.pullRequest, headSha: ctx.headSha }) + '\n');
  return [file];
}

/**
 * A selection that kept no request passes a verdict that judged nothing: said as an annotation too, since a push run
 * has no comment and the Checks page shows annotations, not the summary. (With fail-on empty it is the failure.) Of
 * several releases' reports, one warning names every release that judged nothing, so that it takes one annotation's
 * room, as the top-rank warnings' room is counted (github/log.ts).
 */
function warnNothingJudged(reports: Report[], mode: ActionSettings['mode']): void {
  const releasesOf = new Map<string, string[]>();
  for (const report of reports) {
    const unselected = nothingJudged(report);
    if (!unselected) continue;
    const why = `${unselected}. ${report.summary.requests === 0 ? checkTheLogs[mode] : checkTheSelection[mode]}`;
    releasesOf.set(why, [...(releasesOf.get(why) ?? []), report.kubernetesVersion]);
  }
  if (releasesOf.size === 0) return;
  const said = [...releasesOf].map(([why, releases]) => (reports.length > 1 ? `on Kubernetes ${releases.join(', ')}: ${why}` : `: ${why}`));
  logWarning(`Nothing was judged${reports.length > 1 ? ' ' : ''}${said.join('; ')}; fail-on: empty fails the step when this happens.`, 'top');
}

/**
 * The analysis' and the merge's warnings that are about the policy (the allow entries that exempt nothing: the verdict
 * is not what its author meant) are important; the others (a spec, a log's odd lines) are ordinary. Neither is top:
 * what the report lacks (nothing judged, no comment) is said where it happens.
 */
function warningRank(message: string): WarningRank {
  return message.startsWith('input "allow"') ? 'important' : 'ordinary';
}

/** The inputs that select requests, which a selection that kept none is to check. */
const CHECK_THE_FILTERS = 'Check the namespaces, service-accounts, users and user-agents inputs';

// Merging reports, the selection was the legs': this step refuses those inputs. Only a cluster run installed the app,
// whose namespace the selection defaults to (a chart's or an install-command's).
const checkTheSelection: Record<ActionSettings['mode'], string> = {
  reports: `${CHECK_THE_FILTERS} of the jobs that made the reports`,
  'audit-log': CHECK_THE_FILTERS,
  cluster: `${CHECK_THE_FILTERS} (by default, the namespace the app was installed in)`,
};

/** No request read: no filter is to blame, the log is (empty, another file, written before the app ran). */
const checkTheLogs: Record<ActionSettings['mode'], string> = {
  reports: 'Check the audit logs the jobs that made the reports read',
  'audit-log': "Check that the audit-log input names the API server's audit log, written while the app ran",
  cluster: "Check the API server's audit log the run collected",
};

/** Why the verdict failed; `release`: which release's, when the step judged several. */
function verdictMessage(report: Report, release?: string): string {
  const fail = release === undefined ? 'fail' : `fail on Kubernetes ${release}`;
  const v = report.verdict;
  // A run rule broken (empty, invalid) is said as the reason, first: no operation is to blame for it.
  const run = (v.runFailures ?? []).map((f) => `APISnoop verdict: ${fail}, ${runFailureHeadline(f, report)} (fail-on: ${f.rule}): ${f.why}`);
  if (v.violations.length === 0) return run.join('\n');
  // In the page's order: the first five are the most urgent and most used, not the first by path.
  const ops = violatingOperations(report);
  const shown = ops.slice(0, 5).map((x) => `  ${violationLine(x)}`);
  const more = ops.length > shown.length ? [`  … and ${ops.length - shown.length} more (see the report)`] : [];
  // What to change, as the page says it: the annotation is what a reader of the Checks page sees first.
  const hint = `  to pass: move off these APIs, or keep them on purpose with the input allow: ${allowToPass(report).join(', ')}`;
  return [...run, `APISnoop verdict: ${fail}, ${ops.length} operation(s) break the policy (fail-on: ${v.policy.failOn.join(', ')})`, ...shown, ...more, hint].join('\n');
}
