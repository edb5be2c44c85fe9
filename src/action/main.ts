// The Action: inputs -> (kind cluster, helm install, tests, collect) -> analysis -> report files, outputs, artifact,
// sticky PR comment, job summary -> verdict. One run(), one way to fail: core.setFailed (logFailed). A run that fails before it
// has a report (a bad input, a tool that cannot be installed) still says so in the comment, the summary and the outputs.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { analyzeLogs } from '../analyze.js';
import { reportPasses, reportTitle, rulesOf, type Report } from '../engine/report.js';
import { IdentityRequests, kapicServiceAccounts, rbacForIdentities } from '../rbac.js';
import { identityText, type RbacComparison } from '../engine/rbac.js';
import { ruleText } from '../render/rbac.js';
import { readManifests } from '../sources/manifests.js';
import { readDistinctReportFiles } from '../sources/report-file.js';
import { mergeReports } from '../engine/merge.js';
import { nothingJudged, RUN_RULE_HEADLINE } from '../engine/verdict.js';
import { leftOutText } from '../engine/select.js';
import { clip } from '../render/markdown-cells.js';
import { mergedAllowWarnings } from '../merge.js';
import { renderMarkdown, runNotesBlock } from '../render/markdown.js';
import { compareRelease, releaseDirs, renderReleasesMarkdown } from '../render/markdown-releases.js';
import { oncePerMessage } from '../once.js';
import { writeReportFiles } from '../outputs.js';
import { copyAuditLogs, fetchServedSpec } from '../cluster/collect.js';
import { runCommand, saidLast } from '../cluster/command.js';
import { buildMissingDependencies, localChartDependencies } from '../cluster/chart-dependencies.js';
import { getReleaseManifest, installApp, runChartTests, runUserCommand, sealManifest } from '../cluster/helm.js';
import { grantInstallUser, INSTALL_USER, writeImpersonatingKubeconfig } from '../cluster/install-identity.js';
import {
  buildKindConfig,
  clusterExists,
  controlPlaneContainer,
  createCluster,
  imageKubernetesVersion,
  loadImages,
  nodeImageFor,
  readKindTemplate,
} from '../cluster/kind.js';
import { fetchRoles, readGrantedFromCluster, unshippedRoles } from '../cluster/roles.js';
import { findOrInstall, type ToolMirrors } from '../cluster/tools.js';
import { uploadReportArtifact, type ArtifactUploader } from '../github/artifacts.js';
import { composeComment, composeReleasesComment, failedRunPage, httpStatus, stickyMarker, upsertStickyComment } from '../github/comment.js';
import { readRunContext, type RunContext } from '../github/context.js';
import { releasesOutputs, reportOutputs, setOutputs, type OutputName } from '../github/outputs.js';
import { logFailed, logInfo, logWarning } from '../github/log.js';
import { fitSummary, summaryRoom, writeJobSummary } from '../github/summary.js';
import {
  appFromInputs,
  clusterFromInputs,
  readCommentTarget,
  readReportPlace,
  readSettings,
  InputError,
  type ActionSettings,
  type ChartSettings,
  type ClusterSettings,
  type CommentTarget,
  type InputName,
  type InputReader,
} from './settings.js';
import { isVersion, loadConformanceVersion, loadSpecVersion } from '../sources/specs.js';
import { saveClusterState } from './state.js';
import { makeDir } from '../make-dir.js';

export interface RunOptions {
  /** Replaces core.getInput (tests). */
  readInput?: InputReader;
  /** Replaces @actions/artifact's client; null skips the upload (tests). */
  artifactUploader?: ArtifactUploader | null;
  /** Where kind, kubectl and helm are downloaded from (tests, mirrors). */
  toolMirrors?: ToolMirrors;
}

/** Something that went wrong in the run itself (not the verdict): reported, and it fails the step. */
interface RunProblem {
  /** One line for the comment and summary, e.g. "helm install failed (helm exited with code 1): Error: INSTALLATION FAILED: …". */
  note: string;
}

interface Evidence {
  logs: string[];
  /** Files under the report directory that go into the artifact besides the reports. */
  artifactFiles: string[];
  spec: string | null;
  problems: RunProblem[];
  /** Degradations that do not fail the run but change what the report means. */
  notices: string[];
  /** What the chart installed (`helm get manifest`), for least privilege; or why there is none. */
  manifest: { file: string; roles?: string } | { unavailable: string } | null;
  /** The release to match against when there is no spec: the node image's, else kubernetes-version. */
  kubernetesVersion?: string;
  /** The manifest's Secrets are out (seal). */
  sealed?: boolean;
  /** The outputs are set (of a report, or of the failure page): what fails later must not replace them. */
  reported?: boolean;
}

/** An error after the run's report or failure page was out: the step fails with it, and what was reported stands. */
class AfterReport extends Error {}

export async function run(options: RunOptions = {}): Promise<void> {
  const read: InputReader = options.readInput ?? ((name) => core.getInput(name));
  let settings: ActionSettings;
  try {
    settings = readSettings(read);
    if (settings.mode !== 'reports') await fetchNamedReleases(settings.analysis);
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
    // Something execute() did not expect (report-dir names a file): said as an input error is, not only in the log.
    else await failedInputs(err, read, options);
  }
}

/**
 * The releases next-releases and conformance name, fetched (and cached for the analysis) before any cluster is made:
 * one that cannot be had (a typo, 1.99) failed the analysis after the cluster, the install and the tests had run.
 */
async function fetchNamedReleases(a: ActionSettings['analysis']): Promise<void> {
  const named: Array<[InputName, string, (version: string) => Promise<unknown>]> = (a.nextReleases ?? []).filter(isVersion).map((r) => ['next-releases', r, loadSpecVersion]);
  if (isVersion(a.conformance)) named.push(['conformance', a.conformance, loadConformanceVersion]);
  for (const [input, version, load] of named) {
    await load(version).catch((err: Error) => {
      throw new InputError(input, err.message);
    });
  }
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
    await uploadFailurePage(page, read, ctx, options);
    let target: CommentTarget | null = null;
    try {
      target = readCommentTarget(read);
    } catch (targetErr) {
      // One of them is the bad input: a wrong comment-key or pr-number could overwrite another job's comment.
      logInfo(`No PR comment: ${(targetErr as Error).message}`);
    }
    const commentUrl = target ? await postComment(target, ctx, (marker) => `${marker}\n\n${page}`) : null;
    setOutputs(failedOutputs(commentUrl));
    await writeJobSummary(page);
  } catch (pageErr) {
    logWarning(`The failure could not be reported beyond this step: ${(pageErr as Error).message}`);
  }
}

/**
 * The failure page as report.md, with pull-request.json, in the report directory and the artifact, as failedRun
 * leaves them. report-dir, artifact-name and upload-artifact are read leniently: when one is the bad input, its
 * default stands in, so that the fork's comment workflow still finds the artifact.
 */
async function uploadFailurePage(page: string, read: InputReader, ctx: RunContext, options: RunOptions): Promise<void> {
  try {
    const place = readReportPlace(read, process.env, clusterFromInputs(read), true);
    await makeDir(place.dir);
    const files = await writePage(place.dir, page, ctx);
    if (place.uploadArtifact) await uploadReportArtifact(place.artifactName, files, place.dir, ctx.runUrl, options.artifactUploader);
  } catch (err) {
    logWarning(`The failure page could not be written to the report directory or uploaded: ${(err as Error).message}`);
  }
}

/** The outputs of a run without a report: counts and a report path there are none of are empty, as an output never set reads. */
function failedOutputs(commentUrl: string | null): ReturnType<typeof reportOutputs> {
  return { verdict: 'fail', 'stable-count': '', 'beta-count': '', 'alpha-count': '', 'unmatched-count': '', 'report-path': '', 'comment-url': commentUrl ?? '' };
}

async function execute(settings: ActionSettings, options: RunOptions): Promise<string[]> {
  const ctx = readRunContext();
  const dir = settings.report.dir;
  await makeDir(dir);

  const evidence: Evidence =
    settings.mode === 'cluster'
      ? // What stops the run before there is a cluster to collect from (a cluster of that name exists, a tool cannot be
        // installed) is a run problem like any other: the failure page replaces an earlier run's comment.
        await runOnCluster(settings, dir, options).catch((err: Error) => ({ ...noEvidence(), problems: [{ note: err.message }] }))
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

function noEvidence(): Evidence {
  return { logs: [], artifactFiles: [], spec: null, problems: [], notices: [], manifest: null };
}

/**
 * The release manifest cut to what least privilege reads, once: after least privilege has read it as helm printed it,
 * before anything is uploaded. Uploaded even without RBAC objects: the report names it as what granted the service
 * accounts nothing, and its workloads and ServiceAccounts are why those accounts were checked.
 */
async function seal(evidence: Evidence): Promise<void> {
  const m = evidence.manifest;
  if (!m || !('file' in m) || evidence.sealed) return;
  evidence.sealed = true;
  const { rbac, leftOut, secrets } = await sealManifest(m.file);
  const taken = secrets > 0 ? `, the contents of ${secrets} Secret${secrets === 1 ? '' : 's'} taken out` : '';
  logInfo(`${m.file}: only what least privilege reads is uploaded (${rbac} RBAC object${rbac === 1 ? '' : 's'}; ${leftOut} other document${leftOut === 1 ? '' : 's'} left out${taken})`);
}

async function judgeAndReport(settings: ActionSettings, options: RunOptions, ctx: RunContext, evidence: Evidence): Promise<string[]> {
  const dir = settings.report.dir;
  // A leg of the matrix without a report: the whole would be judged on part of it, which fails the step and is said,
  // with what its page said went wrong.
  const legs = settings.reportsMissing.map(readLegPage);
  const several = settings.reports.length + legs.length > 1;
  for (const leg of legs) {
    const lacks = settings.reports.length > 0 ? ', so the merged report lacks it' : '';
    const why = leg.notes.length > 0 ? '; its page says:' : ' (its report.md says why)';
    evidence.problems.push({ note: `${leg.shown} holds no report.json: that job produced no report${lacks}${why}` });
    for (const note of leg.notes) evidence.problems.push({ note: several ? `${leg.shown}: ${note}` : note });
  }
  // A leg that failed before the Action ran uploaded nothing at all: only the matrix size tells it is missing.
  const found = settings.reports.length + settings.reportsMissing.length;
  if (settings.reportsExpected !== null && found < settings.reportsExpected) {
    evidence.problems.push({
      note:
        `expected-reports is ${settings.reportsExpected}, but ${found} leg${found === 1 ? ' was' : 's were'} found (${settings.reports.length} report.json, ` +
        `${settings.reportsMissing.length} without): a leg that uploaded nothing is missing from the merged report`,
    });
  }
  const warn = oncePerMessage((message) => logWarning(message));
  // More than the matrix has: a wrong expected-reports, or a stray artifact merged in (a pattern too wide, a re-run).
  if (settings.reportsExpected !== null && found > settings.reportsExpected) {
    warn(
      `expected-reports is ${settings.reportsExpected}, but ${found} legs were found (${settings.reports.length} report.json, ` +
        `${settings.reportsMissing.length} without): is the matrix size wrong, or is an artifact that is not a leg's among them?`,
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
            evidence.problems.push({ note: `the reports could not be merged: ${err.message}` });
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
  warnNothingJudged(report, warn, settings.mode);
  const leastPrivilege = plan ? await core.group('Least privilege', () => checkLeastPrivilege(settings, evidence, plan, report, warn)) : null;
  if (leastPrivilege?.comparisons) report.rbac = leastPrivilege.comparisons;
  if (leastPrivilege?.problem) {
    // Not checked: a problem when the policy needed it, else a note on the page.
    if (settings.rbac!.failOn.length > 0) evidence.problems.push({ note: leastPrivilege.problem });
    else evidence.notices.push(leastPrivilege.problem);
  }
  const reportPath = path.join(dir, 'report.json');
  // The app is named in the report itself (the chart's release), so that `apisnoop export` and merge name it alike.
  if (settings.analysis.app) report.app = settings.analysis.app;
  const title = reportTitle(report);
  // Kept in report.json, so that whatever merges it (a fan-in, the comment workflow of fork PRs) says them again.
  delete report.runNotes;
  if (evidence.problems.length + evidence.notices.length > 0) report.runNotes = { problems: evidence.problems.map((p) => p.note), notices: [...evidence.notices] };
  const reportFiles = await writeReportFiles(report, dir);
  logInfo(`Report written to ${dir}`);
  reportFiles.push(...(await pullRequestFile(dir, ctx)));

  await seal(evidence);
  await publish(settings, options, ctx, evidence, [...reportFiles, ...evidence.artifactFiles], {
    comment: ({ notes, marker, reportUrl }) => composeComment(report, { notes, title, marker, reportUrl }),
    // The run's notes are above the page (publish), not in it again.
    page: ({ reportUrl, maxChars }) => renderMarkdown(report, { title, reportUrl, maxChars, notes: [] }),
    outputs: (commentUrl) => reportOutputs(report, reportPath, commentUrl),
  });

  const failures: string[] = evidence.problems.map((p) => p.note);
  const rbacFailed = (report.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
  if (rbacFailed.length > 0) failures.unshift(rbacVerdictMessage(rbacFailed));
  if (!report.verdict.pass) failures.unshift(verdictMessage(report));
  return failures;
}

/** How a report is shown: the comment (after its marker), the page for the job summary, the step outputs. */
interface Showing {
  comment(o: { notes: string[]; marker: string; reportUrl?: string }): string;
  page(o: { reportUrl?: string; maxChars: number }): string;
  outputs(commentUrl: string | null): Record<OutputName, string>;
}

/**
 * Tells a report, in this order: the artifact (the comment and summary link to it), the sticky comment, the outputs,
 * then the job summary, the run's notes above the page.
 */
async function publish(settings: ActionSettings, options: RunOptions, ctx: RunContext, evidence: Evidence, files: string[], show: Showing): Promise<void> {
  const artifact = settings.report.uploadArtifact
    ? await uploadReportArtifact(settings.report.artifactName, files, settings.report.dir, ctx.runUrl, options.artifactUploader)
    : null;
  const reportUrl = artifact?.url ?? reportedRunUrl(settings, ctx) ?? undefined;
  const notes = [...evidence.problems.map((p) => p.note), ...evidence.notices];
  const commentUrl = await postComment(commentTarget(settings), ctx, (marker) => show.comment({ notes, marker, reportUrl }));
  setOutputs(show.outputs(commentUrl));
  evidence.reported = true;
  const head = runNotesBlock(notes);
  await writeJobSummary(fitSummary((maxChars) => head + show.page({ reportUrl, maxChars: Math.max(1000, maxChars - head.length) }), Math.max(4096, summaryRoom())));
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
    files.push(...(await writeReportFiles(report, path.join(dir, dirs[i]!))));
    warnNothingJudged(report, logWarning, settings.mode, on);
    const s = report.summary;
    logInfo(`${on}${reportPasses(report) ? 'pass' : 'fail'}; ${s.requests} requests read, ${s.selected} selected; report files in ${path.join(dir, dirs[i]!)}`);
  }
  // Named after every app once: a release merged of several apps is named "a + b" already (mergeReports), and one
  // whose leg of b failed is "a": the page of both is "a + b", not "a + b + a".
  const apps = [...new Set(reports.flatMap((r) => (r.app === undefined ? [undefined] : r.app.split(' + '))))];
  const title = reportTitle({ app: apps.every((a) => a !== undefined) ? apps.join(' + ') : undefined });
  const page = path.join(dir, 'report.md');
  // Above it, as above the comment: the notes of the whole and each release's (each release's own page has its own);
  // within the page's budget, not added to it.
  await writeFile(page, renderReleasesMarkdown(reports, { title, notes: [...evidence.problems.map((p) => p.note), ...evidence.notices] }));
  logInfo(`Report of the ${reports.length} releases written to ${page}`);
  files.unshift(page);
  files.push(...(await pullRequestFile(dir, ctx)));

  await publish(settings, options, ctx, evidence, files, {
    comment: ({ notes, marker, reportUrl }) => composeReleasesComment(reports, { notes, title, marker, reportUrl }),
    page: ({ reportUrl, maxChars }) => renderReleasesMarkdown(reports, { title, reportUrl, maxChars }),
    outputs: (commentUrl) => releasesOutputs(reports, page, commentUrl),
  });

  const verdicts: string[] = [];
  for (const r of reports) {
    if (!r.verdict.pass) verdicts.push(verdictMessage(r, r.kubernetesVersion));
    const rbacFailed = (r.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
    if (rbacFailed.length > 0) verdicts.push(rbacVerdictMessage(rbacFailed, r.kubernetesVersion));
  }
  return [...verdicts, ...evidence.problems.map((p) => p.note)];
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster part: every step after the cluster exists runs even when an earlier one failed, so that the audit log
// of a failing install or test is still collected and analyzed. The post step deletes the cluster in all cases.

async function runOnCluster(settings: ActionSettings, dir: string, options: RunOptions): Promise<Evidence> {
  const chart = settings.chart!;
  const cluster = settings.cluster!;
  const problems: RunProblem[] = [];
  const notices: string[] = [];

  const image = cluster.nodeImage || nodeImageFor(cluster.kubernetesVersion, cluster.tools.kind);
  const kubectlVersion = cluster.tools.kubectl || imageKubernetesVersion(image) || 'system';
  const tools = await core.group('Install kind, kubectl and helm', async () => ({
    kind: await findOrInstall('kind', cluster.tools.kind, { mirrors: options.toolMirrors }),
    kubectl: await findOrInstall('kubectl', kubectlVersion, { mirrors: options.toolMirrors }),
    helm: await findOrInstall('helm', cluster.tools.helm, { mirrors: options.toolMirrors }),
  }));

  // Outside the report directory, which a workflow may keep in its workspace or upload whole: kind's kubeconfig there
  // holds the cluster's client key, and the API server writes the mounted log as root.
  const work = path.join(process.env.RUNNER_TEMP || tmpdir(), `apisnoop-work-${cluster.name}`, 'cluster');
  const mountDir = path.join(work, 'audit-mount');
  const kubeconfig = path.join(work, 'kubeconfig');
  const configFile = path.join(work, 'kind-config.yaml');
  // Emptied first: the API server appends to the log it finds there.
  await rm(mountDir, { recursive: true, force: true });
  await makeDir(mountDir);
  const { template, policyFile } = await readKindTemplate();
  await writeFile(configFile, buildKindConfig(template, { policyFile, logDir: mountDir, runtimeConfig: cluster.runtimeConfig }));

  if (await clusterExists(tools.kind, cluster.name)) {
    // Not ours: the post step must not delete it, so no state is saved.
    throw new Error(`a kind cluster named "${cluster.name}" already exists on this runner; set cluster-name to another name`);
  }
  saveClusterState({ clusterName: cluster.name, kindPath: tools.kind, kubeconfig });

  const created = await core.group(`Create kind cluster ${cluster.name} (${image})`, () =>
    createCluster(tools.kind, { name: cluster.name, image, configFile, kubeconfig }),
  );
  if (!created.ok) problems.push({ note: `kind create cluster failed (${created.failure})${saidLast(created)}` });

  if (created.ok) {
    const ready = await core.group(`Prepare namespace ${chart.namespace}`, () =>
      prepareNamespace(tools.kubectl, kubeconfig, chart.namespace, chart.serviceAccount),
    );
    if (ready) problems.push({ note: ready });
    // The user's install-command is run as its test-command is (bash, KUBECONFIG and the APISNOOP_* variables), but
    // acting as a user of its own, which the selection keeps (install-identity.ts).
    const installer = chart.installCommand !== null ? 'install-command' : 'helm install';
    const installKubeconfig = chart.installCommand !== null ? await installIdentity(tools.kubectl, kubeconfig, path.join(work, 'install-kubeconfig'), problems) : kubeconfig;
    // An operator's tests are its own (an e2e suite), not a chart's.
    const tested = chart.chart === null ? 'tests' : 'chart tests';
    const canInstall = await beforeInstall(tools, cluster, chart, kubeconfig, tested, problems, notices);
    // Without its images the app's pods would wait for --wait's whole timeout, pulling images no registry has; without
    // its prerequisites, the install fails anyway.
    if (canInstall) {
      const declared = localChartDependencies(chart);
      if (declared.length > 0) {
        const deps = await core.group('Chart dependencies', () => buildMissingDependencies(tools.helm, chart.chart!, declared));
        if (deps && 'problem' in deps) problems.push({ note: deps.problem });
        else if (deps) notices.push(`The chart's dependencies ${deps.built.join(', ')} were missing from charts/ and were fetched (helm dependency build).`);
      }
      const install = await core.group(`${installer} ${chart.release}`, () => installApp(tools.helm, chart, installKubeconfig, cluster.name));
      if (!install.ok) {
        problems.push({ note: `${installer} failed (${install.failure})${saidLast(install)}` });
        notices.push(`The ${tested} were skipped because the install failed.`);
      } else {
        const tests = await core.group(tested[0]!.toUpperCase() + tested.slice(1), async () => runChartTests(tools.helm, chart, kubeconfig, cluster.name));
        if (tests && !tests.ok) problems.push({ note: `${tested} failed (${tests.failure})${saidLast(tests)}` });
        if (!tests) {
          notices.push(
            chart.testCommand !== null
              ? 'No tests were run: test-command is "helm test", which needs a chart; with install-command, give the command that runs your tests.'
              : 'No chart tests were run (test-command: none).',
          );
        }
      }
    }
    // It holds kind's client key and is needed no more: gone before anything might upload the report directory.
    if (installKubeconfig !== kubeconfig) await rm(installKubeconfig, { force: true });
  }

  return core.group('Collect the audit log and the served OpenAPI spec', async () => {
    let logs: string[];
    try {
      logs = await copyAuditLogs({ container: controlPlaneContainer(cluster.name), destDir: path.join(dir, 'audit'), hostDir: mountDir });
    } catch (err) {
      // (A cluster kind failed to create keeps its node, --retain: the log is there unless the node never started.)
      problems.push({ note: (err as Error).message });
      return { logs: [], artifactFiles: [], spec: null, problems, notices, manifest: null };
    }
    let spec = settings.analysis.spec;
    let kubernetesVersion: string | undefined;
    const artifactFiles = [...logs];
    if (!spec) {
      try {
        spec = await fetchServedSpec(tools.kubectl, kubeconfig, path.join(dir, 'openapi-v2.json'));
        artifactFiles.push(spec);
      } catch (err) {
        // The release the cluster runs: its node image says, when it names one (node-image), else kubernetes-version.
        const served = imageKubernetesVersion(image)?.replace(/^v/, '') ?? settings.analysis.kubernetesVersion;
        kubernetesVersion = served;
        logWarning(`${(err as Error).message}; matching against the Kubernetes ${served} spec instead`);
        notices.push(`The cluster's OpenAPI spec could not be read; requests were matched against the Kubernetes ${served} spec shipped with APISnoop.`);
      }
    }
    // After the log was copied, like the spec: helm's own reads of the release would otherwise count as the app's.
    let manifest: Evidence['manifest'] = null;
    if (settings.rbac && settings.rbac.granted.length === 0) {
      if (!created.ok) manifest = { unavailable: `the cluster was not created, so the ${chart.chart === null ? 'app' : 'chart'} was never installed` };
      else if (chart.chart === null) {
        // What a command applied is no release helm can print: read back from the cluster instead.
        const file = path.join(dir, 'rbac', 'cluster-rbac.yaml');
        await makeDir(path.dirname(file));
        const also = settings.rbac.serviceAccounts.map((sa) => sa.split(':')[0]!);
        const got = await readGrantedFromCluster(tools.kubectl, chart.namespace, kubeconfig, file, also);
        if ('file' in got) {
          manifest = { file };
          artifactFiles.push(file);
        } else manifest = { unavailable: `what install-command installed could not be read from the cluster: ${got.unavailable}` };
      } else {
        const file = path.join(dir, 'rbac', 'helm-manifest.yaml');
        await makeDir(path.dirname(file));
        const got = await getReleaseManifest(tools.helm, chart, kubeconfig, file);
        if (got.ok) {
          const roles = await readBoundRoles(tools.kubectl, file, chart.namespace, kubeconfig);
          manifest = { file, ...(roles ? { roles } : {}) };
          artifactFiles.push(file, ...(roles ? [roles] : []));
        } else manifest = { unavailable: `helm get manifest ${chart.release} failed (${got.failure})${saidLast(got)}` };
      }
    }
    return { logs, artifactFiles, spec, problems, notices, manifest, kubernetesVersion };
  });
}

/**
 * The fan-in job of a matrix: the reports of the jobs that analyzed, merged as if their logs had been analyzed
 * together, judged by this step's fail-on and allow where given, else by the reports' own policy (the first report's).
 * What merge could not combine (least privilege of different requests, selections that differ) is said as a warning.
 */
async function mergeReportFiles(settings: ActionSettings, warn: (message: string) => void): Promise<Report[]> {
  const read = await readDistinctReportFiles(settings.reports, warn);
  // Merge adds up reports of one release only (each was matched against its release's spec): a matrix over
  // kubernetes-version is merged release by release, and its releases are shown side by side.
  const byRelease = new Map<string, typeof read>();
  for (const r of read) byRelease.set(r.report.kubernetesVersion, [...(byRelease.get(r.report.kubernetesVersion) ?? []), r]);
  const releases = [...byRelease.keys()].sort(compareRelease);
  const several = releases.length > 1;
  if (several) logInfo(`Reports of ${releases.length} Kubernetes releases (${releases.join(', ')}): merged release by release, shown side by side`);
  const merged: Report[] = [];
  for (const release of releases) {
    const legs = byRelease.get(release)!;
    const on = several ? `Kubernetes ${release}: ` : '';
    const say = (message: string): void => warn(on + message);
    const files = several ? legs.map((l) => l.file) : settings.reports;
    logInfo(`Merging ${legs.length} report${legs.length === 1 ? '' : 's'}${several ? ` of Kubernetes ${release}` : ''}: ${files.join(', ')}`);
    const report = mergeReports(
      legs.map((l) => l.report),
      settings.analysis.policy,
      say,
    );
    const given = settings.analysis.policy;
    if (given.allow !== undefined) for (const w of await mergedAllowWarnings(given.allow, report, 'action')) say(w);
    if (given.failOn === undefined || given.allow === undefined) {
      // Said, since a matrix whose legs only report (fail-on: none) fails nothing unless the fan-in gives fail-on.
      const p = report.verdict.policy;
      const taken = [given.failOn === undefined ? `fail-on: ${p.failOn.join(', ') || 'none'}` : '', given.allow === undefined ? `allow: ${p.allow.join(', ') || 'none'}` : ''];
      logInfo(`${on}Judged by the reports' own policy where this step gives none (${taken.filter(Boolean).join('; ')})`);
    }
    merged.push(report);
  }
  return merged;
}

/**
 * The page a leg whose run produced no report uploaded (failedRunPage): its title and its notes as plain text (they
 * are escaped again where they are shown). `shown`: the leg's directory, relative to the workspace when inside it.
 */
function readLegPage(dir: string): { shown: string; title?: string; notes: string[] } {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const relative = path.relative(workspace, dir);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative || '.';
  let text = '';
  try {
    text = readFileSync(path.join(dir, 'report.md'), 'utf8');
  } catch {
    // Listed by settings, gone since: the note says the leg has no report all the same.
  }
  const plain = (md: string) => md.replace(/\\([\\`*_{}[\]()<>#+!|~&$])/g, '$1').replace(/@\u200b/g, '@');
  const title = /^## ❌ (.+): the run failed$/m.exec(text)?.[1];
  const notes = [...text.matchAll(/^- (.+)$/gm)].map((m) => plain(m[1]!));
  return { shown, ...(title ? { title: plain(title) } : {}), notes };
}

/**
 * Namespace (and service account) for the chart; returns a problem note, or null when all is ready.
 * The audit log is recording: a read of /api/v1/namespaces/<ns> or of a service account in <ns> carries <ns> in its
 * objectRef, and the default selection would count it as the app's. So both are cluster-scoped lists filtered by
 * field (no namespace in objectRef); kubectl exits 0 with no output when nothing matches.
 */
async function prepareNamespace(kubectl: string, kubeconfig: string, namespace: string, serviceAccount: string | null): Promise<string | null> {
  const k = (args: string[], quiet = false) => runCommand(kubectl, ['--kubeconfig', kubeconfig, ...args], { quiet });
  const found = async (args: string[]) => {
    const res = await k([...args, '-o', 'name'], true);
    return res.ok && res.stdout.trim() !== '';
  };
  // "default" and the other built-in namespaces exist already. A list that fails is taken as "not there": the
  // create then says what is wrong.
  if (!(await found(['get', 'namespaces', '--field-selector', `metadata.name=${namespace}`]))) {
    // POST /api/v1/namespaces: no namespace in its objectRef.
    const ns = await k(['create', 'namespace', namespace]);
    if (!ns.ok) return `kubectl create namespace ${namespace} failed (${ns.failure})${saidLast(ns)}`;
  }
  // Pods cannot be created before the namespace's default service account exists (a second or two).
  let hasDefault = false;
  for (let i = 0; i < 60 && !hasDefault; i++) {
    hasDefault = await found(['get', 'serviceaccounts', '--all-namespaces', '--field-selector', `metadata.namespace=${namespace},metadata.name=default`]);
    if (!hasDefault) await sleep(1000);
  }
  if (!hasDefault) return `the default service account of namespace ${namespace} did not appear within a minute`;
  if (serviceAccount) {
    // In the app's namespace, so counted as the app's (docs/action.md says so).
    const sa = await k(['create', 'serviceaccount', serviceAccount, '--namespace', namespace]);
    if (!sa.ok) return `kubectl create serviceaccount ${serviceAccount} failed (${sa.failure})${saidLast(sa)}`;
  }
  return null;
}

/**
 * What comes before the install: the images of load-images loaded into the node, then setup-command (prerequisites
 * such as cert-manager) as kind's admin, whose requests are not the app's. False, with a problem and a notice, when the
 * install cannot go ahead.
 */
async function beforeInstall(
  tools: { kind: string },
  cluster: ClusterSettings,
  chart: ChartSettings,
  kubeconfig: string,
  tested: string,
  problems: RunProblem[],
  notices: string[],
): Promise<boolean> {
  if (cluster.loadImages.length > 0) {
    const load = await core.group(`Load ${cluster.loadImages.join(', ')} into the cluster`, () => loadImages(tools.kind, cluster.name, cluster.loadImages));
    if (!load.ok) {
      problems.push({ note: `kind load docker-image failed (${load.failure})${saidLast(load)}` });
      notices.push(`The install and the ${tested} were skipped because the images could not be loaded into the cluster.`);
      return false;
    }
  }
  if (chart.setupCommand !== null) {
    const setup = await core.group('setup-command', () => runUserCommand(chart.setupCommand!, chart, kubeconfig, cluster.name));
    if (!setup.ok) {
      problems.push({ note: `setup-command failed (${setup.failure})${saidLast(setup)}` });
      notices.push(`The install and the ${tested} were skipped because setup-command failed.`);
      return false;
    }
  }
  return true;
}

/**
 * The kubeconfig an install-command runs with: acting as INSTALL_USER, bound to cluster-admin first. When either step
 * fails, a problem (the step fails) and kind's own kubeconfig: the command still runs, its cluster-wide requests not kept.
 */
async function installIdentity(kubectl: string, kubeconfig: string, out: string, problems: RunProblem[]): Promise<string> {
  const asAdmin = (why: string): string => {
    problems.push({ note: `${why}: install-command ran as kind's admin, and only its requests in the namespace were kept` });
    return kubeconfig;
  };
  const denied = await grantInstallUser(kubectl, kubeconfig);
  if (denied) return asAdmin(denied);
  try {
    await writeImpersonatingKubeconfig(kubeconfig, out, INSTALL_USER);
  } catch (err) {
    return asAdmin((err as Error).message);
  }
  logInfo(`install-command acts as user ${INSTALL_USER} (bound to cluster-admin), which the selection keeps`);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

const INVALID_SHOWN = 20;

async function analyze(settings: ActionSettings, evidence: Evidence, warn: (message: string) => void, identityRequests?: IdentityRequests): Promise<Report> {
  const a = settings.analysis;
  // Who the log holds, when the selection kept none of it: said in the run's notes, for the inputs to be put right.
  let holds: string | undefined;
  const report = await analyzeLogs({
    logs: evidence.logs,
    // With a spec, kubernetes-version is its release only if the spec does not name its own (the served one does).
    ...(evidence.spec ? { spec: evidence.spec, kubernetesVersion: a.kubernetesVersion } : { kubernetesVersion: evidence.kubernetesVersion ?? a.kubernetesVersion }),
    nextReleases: a.nextReleases,
    conformance: a.conformance,
    selection: a.selection,
    policy: a.policy,
    surface: 'action',
    onRequest: identityRequests && ((req) => identityRequests.add(req)),
    onNothingSelected: (left) => (holds = leftOutText(left, a.selection.includeSystem === true, (v) => clip(v, 80), 'include-system: true')),
    onWarning: warn,
  });
  if (holds) evidence.notices.push(`Nothing was selected: ${holds}.`);
  // Every invalid line, whether the reader or the event check refused it, is in the report: annotate the first few.
  for (const line of report.invalid.slice(0, INVALID_SHOWN)) logWarning(`${line.file}:${line.line}: ${line.message}`);
  const more = report.summary.invalidLines - INVALID_SHOWN;
  if (more > 0) logWarning(`${more} more invalid lines; all are listed in report.json`);
  const s = report.summary;
  logInfo(
    `${s.requests} requests read, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched; ` +
      `operations: ${s.byLevel.stable.operations} stable, ${s.byLevel.beta.operations} beta, ${s.byLevel.alpha.operations} alpha`,
  );
  return report;
}

/**
 * The roles the release binds but does not ship, read from the cluster into rbac/cluster-roles.yaml beside the
 * manifest; its path, or undefined when there are none (or the manifest cannot be read: least privilege says why).
 */
async function readBoundRoles(kubectl: string, manifest: string, namespace: string, kubeconfig: string): Promise<string | undefined> {
  const objects = await readManifests([manifest], namespace).catch(() => null);
  const refs = objects ? unshippedRoles(objects) : [];
  if (refs.length === 0) return undefined;
  try {
    const got = await fetchRoles(kubectl, refs, kubeconfig, path.join(path.dirname(manifest), 'cluster-roles.yaml'));
    return got?.file;
  } catch (err) {
    // A help, not the evidence: the log and the spec are collected, and the roles stay unresolved (cannot judge).
    logWarning(`The roles the release binds but does not ship were not kept: ${(err as Error).message}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Least privilege: what the chart granted its service accounts against what they called.

/** Least privilege, decided before the analysis: whose requests it keeps and what they are compared with; or why not. */
type LeastPrivilegePlan =
  | { granted: string[]; identities: Array<{ serviceAccount: string }>; chosen?: string; requests: IdentityRequests }
  | { problem: string };

const notChecked = (why: string) => ({ problem: `Least privilege was not checked: ${why}.` });

async function planLeastPrivilege(settings: ActionSettings, evidence: Evidence): Promise<LeastPrivilegePlan> {
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
    logWarning(`least privilege: ${(err as Error).message}`);
    return notChecked((err as Error).message);
  }
}

async function checkLeastPrivilege(
  settings: ActionSettings,
  evidence: Evidence,
  plan: LeastPrivilegePlan,
  report: Report,
  warn: (message: string) => void,
): Promise<{ comparisons?: RbacComparison[]; problem?: string }> {
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
        releaseNamespace: settings.chart?.namespace,
        ...(evidence.spec ? { spec: evidence.spec } : { kubernetesVersion: settings.analysis.kubernetesVersion }),
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
      logInfo(`${identityText(c.identity)}: ${c.requests.total} requests, ${over} over-grants, ${c.requests.denied} denied${c.verdict ? ` (${c.verdict.pass ? 'pass' : 'fail'})` : ''}`);
    }
    return { comparisons };
  } catch (err) {
    logWarning(`least privilege: ${(err as Error).message}`);
    return notChecked((err as Error).message);
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

function rbacVerdictMessage(failed: RbacComparison[], release?: string): string {
  const fail = release === undefined ? 'fail' : `fail on Kubernetes ${release}`;
  const lines: string[] = [];
  for (const c of failed) {
    const v = c.verdict!;
    const unjudged = v.cannotJudge ?? [];
    if (v.overGrants > v.threshold || unjudged.length === 0) {
      lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)} has ${v.overGrants} over-grant(s), more than ${v.threshold} (rbac-fail-on: overprivileged)`);
    }
    for (const why of unjudged) lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)}: ${why} (rbac-fail-on: overprivileged)`);
    const over = c.granted?.overGrants ?? [];
    for (const o of over.slice(0, 5)) lines.push(`  ${o.risk}: ${o.role.kind} ${o.role.name}: ${ruleText(o.rule)}`);
    if (over.length > 5) lines.push(`  … and ${over.length - 5} more (see the report)`);
  }
  return lines.join('\n');
}

/**
 * No report (no audit log, or the analysis broke): the job summary and the sticky comment say the run failed and
 * why, so that an earlier run's comment does not stand for this one; verdict is fail, the step fails.
 */
async function failedRun(settings: ActionSettings, ctx: RunContext, evidence: Evidence, options: RunOptions, legsTitle?: string): Promise<string[]> {
  // Titled as the report would have been (its app is the chart's release).
  const title = legsTitle ?? reportTitle({ app: settings.chart?.release });
  const notes = [...evidence.problems.map((p) => p.note), ...evidence.notices];
  // What was collected still goes into the artifact (the audit log and the served spec are what reproduces a broken
  // analysis), with this page as report.md and, for the comment workflow of fork PRs, pull-request.json: without
  // them that workflow finds no artifact and the PR keeps an earlier run's comment.
  // The run's page links its log and lists the artifact.
  const page = failedRunPage(title, notes, reportedRunUrl(settings, ctx) ?? undefined);
  const dir = settings.report.dir;
  const written = await writePage(dir, page, ctx);
  // Sealed first: it may take the manifest out of the artifact files.
  await seal(evidence);
  const files = [...written, ...evidence.artifactFiles];
  if (settings.report.uploadArtifact) await uploadReportArtifact(settings.report.artifactName, files, dir, ctx.runUrl, options.artifactUploader);
  const commentUrl = await postComment(commentTarget(settings), ctx, (marker) => `${marker}\n\n${page}`);
  setOutputs(failedOutputs(commentUrl));
  evidence.reported = true;
  await writeJobSummary(page);
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

function commentTarget(settings: ActionSettings): CommentTarget {
  const { comment, commentKey, prNumber } = settings.report;
  return { token: settings.token, comment, commentKey, prNumber };
}

async function postComment(target: CommentTarget, ctx: RunContext, compose: (marker: string) => string): Promise<string | null> {
  const pr = target.prNumber ?? ctx.pullRequest;
  if (!target.comment) return null;
  if (!pr) {
    logInfo(`No pull request in this ${ctx.eventName || 'run'}: no comment; the report is in the job summary.`);
    return null;
  }
  if (!target.token) {
    logWarning('github-token is empty: the PR comment was skipped.');
    return null;
  }
  if (!ctx.owner || !ctx.repo) {
    logWarning('GITHUB_REPOSITORY is not set: the PR comment was skipped.');
    return null;
  }
  const marker = stickyMarker(target.commentKey);
  const body = compose(marker);
  try {
    const octokit = getOctokit(target.token, { baseUrl: ctx.apiUrl });
    const res = await upsertStickyComment(octokit, { owner: ctx.owner, repo: ctx.repo, issueNumber: pr }, body, marker);
    logInfo(`PR #${pr}: comment ${res.action} (${res.url})${res.removed.length ? `; removed duplicates ${res.removed.join(', ')}` : ''}`);
    return res.url;
  } catch (err) {
    // The comment is a courtesy: whatever stops it (a fork's read-only token, a wrong pr-number, GitHub down), the
    // report is in the job summary and the artifact, and the step passes or fails on the verdict alone.
    const status = httpStatus(err);
    const what = status === null ? (err as Error).message : `HTTP ${status}: ${(err as Error).message}`;
    const why =
      status === 403
        ? forbiddenWhy(ctx)
        : status === 404
          ? `Is #${pr} a pull request of ${ctx.owner}/${ctx.repo} that this token can see (pr-number)? `
          : '';
    logWarning(`Could not write the PR comment on #${pr} (${what}). ${why}The report is in the job summary and the artifact.`);
    return null;
  }
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

/**
 * A selection that kept no request passes a verdict that judged nothing: said as an annotation too, since a push run
 * has no comment and the Checks page shows annotations, not the summary. (With fail-on empty it is the failure.)
 */
function warnNothingJudged(report: Report, warn: (message: string) => void, mode: ActionSettings['mode'], on = ''): void {
  const unselected = nothingJudged(report);
  if (!unselected) return;
  // Merging reports, the selection was the legs': this step refuses those inputs. Only a cluster run installed the app,
  // whose namespace the selection defaults to (a chart's or an install-command's).
  const where = { reports: ' of the jobs that made the reports', 'audit-log': '', cluster: ' (by default, the namespace the app was installed in)' }[mode];
  warn(
    `${on}Nothing was judged: ${unselected}. Check the namespaces, service-accounts, users and user-agents inputs${where}; ` +
      'fail-on: empty fails the step when this happens.',
  );
}

/** Why the verdict failed; `release`: which release's, when the step judged several. */
function verdictMessage(report: Report, release?: string): string {
  const fail = release === undefined ? 'fail' : `fail on Kubernetes ${release}`;
  const v = report.verdict;
  // A run rule broken (empty, invalid) is said as the reason, first: no operation is to blame for it.
  const run = (v.runFailures ?? []).map((f) => `APISnoop verdict: ${fail}, ${RUN_RULE_HEADLINE[f.rule]} (fail-on: ${f.rule}): ${f.why}`);
  if (v.violations.length === 0) return run.join('\n');
  const ops = [...new Map(v.violations.map((x) => [`${x.method} ${x.path}`, x])).values()];
  const shown = ops.slice(0, 5).map((x) => `  ${rulesOf(x).join(', ')}: ${x.method.toUpperCase()} ${x.path} (${x.operationId}, ${x.hits} hits)`);
  const more = ops.length > shown.length ? [`  … and ${ops.length - shown.length} more (see the report)`] : [];
  return [...run, `APISnoop verdict: ${fail}, ${ops.length} operation(s) break the policy (fail-on: ${v.policy.failOn.join(', ')})`, ...shown, ...more].join('\n');
}
