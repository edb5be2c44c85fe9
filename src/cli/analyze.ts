// apisnoop analyze LOG... : the whole pipeline offline, on any audit log.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { analyzeLogs } from '../analyze.js';
import { MANY_OPEN } from '../engine/audit.js';
import { nothingJudged, parseFailOn, runFailureHeadline } from '../engine/verdict.js';
import { leftOutText } from '../engine/select.js';
import { invalidListedText } from '../engine/analysis.js';
import type { RbacComparison } from '../engine/rbac.js';
import { missingFinalStages, reportPasses, reportTitle, violationLine, type Report } from '../engine/report.js';
import { refuseOutputOverInputs, refuseStdoutAsDir, reportJsonChunks, writeChunks, writeReportFiles } from '../outputs.js';
import { checkStdinUse, IdentityRequests, rbacForIdentities, type RbacManySettings } from '../rbac.js';
import { identityText } from '../engine/rbac.js';
import { bindingsToRolesText, unauditedRulesText } from '../render/rbac-text.js';
import { InputError } from '../sources/input-files.js';
import { renderMarkdown } from '../render/markdown.js';
import { violationsByUrgency } from '../render/format.js';
import { clip, plural } from '../render/markdown-cells.js';
import { addPolicyOptions, addSelectionOptions, addSpecOptions, collectNamed, collectNamedWords, formatOption, named, namedFiles, serviceAccountOption, settingsFrom, type SpecAndSelection } from './options.js';
import { endProgress, progressReporter, stderrLine } from './progress.js';
import { oncePerMessage } from '../once.js';
import { defaultJobs } from '../sources/parallel.js';
import { limitOldGenerationGrowthNow } from './old-generation.js';
import { fullYoungGenerationForWorkers } from './young-generation.js';

/** A whole number of at least 1 (--jobs, --max-in-flight). */
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
};

/** Exit 2 when nothing usable was read: no events at all means the input, not the app, is the problem. */
export function nothingRead(report: Report): string | null {
  if (report.summary.events > 0) return null;
  const first = report.invalid[0];
  return `no audit events read from ${report.inputs.join(', ')}${first ? ` (${first.file}:${first.line}: ${first.message})` : ''}`;
}

const nonNegativeInt = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('not a whole number >= 0');
  return Number(v);
};

/** --fail-on holds the API rules and, optionally, overprivileged (least privilege); each goes to its own verdict. */
export function splitFailOn(text: string): { api: string; overprivileged: boolean } {
  // Checked whole first, so that a bad word is told with every rule analyze takes.
  parseFailOn(text, ['overprivileged']);
  const words = text.split(/[\s,]+/).filter(Boolean);
  const rest = words.filter((w) => w.toLowerCase() !== 'overprivileged');
  return { api: rest.length > 0 ? rest.join(',') : 'none', overprivileged: rest.length < words.length };
}

/** One line per identity checked: "least privilege ns1:sa1: 9 over-grants (riskiest: wildcard), 4 denied; FAIL (threshold 0)". */
export function rbacSummaryLine(c: RbacComparison): string {
  const over = c.granted ? `${plural(c.granted.overGrants.length, 'over-grant')}${c.granted.overGrants.length ? ` (riskiest: ${c.granted.overGrants[0].risk})` : ''}` : 'over-grants not checked (no --granted)';
  const unjudged = c.verdict?.cannotJudge?.length ?? 0;
  const verdict = c.verdict ? `; ${c.verdict.pass ? 'PASS' : 'FAIL'} (threshold ${c.verdict.threshold}${unjudged ? `, ${bindingsToRolesText(unjudged)} not given` : ''})` : '';
  // Without a policy too: the count leaves out what roles the manifests lack would grant.
  const unresolved = c.verdict ? 0 : (c.granted?.unresolved.length ?? 0);
  const unknown = unresolved ? ` (and ${bindingsToRolesText(unresolved)} not given, not judged)` : '';
  // Set aside, not counted: said, or a PASS read as every grant judged (a cluster-wide update on every finalizers).
  const unaudited = c.granted?.unauditedResources?.length ?? 0;
  const unseen = unaudited > 0 ? ` (and ${unauditedRulesText(unaudited)})` : '';
  return `least privilege ${identityText(c.identity)}: ${plural(c.requests.total, 'request')}, ${over}${unknown}${unseen}, ${c.requests.denied} denied${verdict}`;
}

/** "wrote 7 files to out/": what analyze and merge say after writing the report files. */
export const wroteFiles = (files: readonly string[], dir: string): string => `wrote ${files.length} files to ${dir.replace(/\/+$/, '')}/`;

/** The violations named on stderr at most; the report lists them all. */
const SHOWN_VIOLATIONS = 5;

/**
 * How analyze and merge end: the one-line summary, then each run rule broken with its reason, then the first
 * violations with theirs (the exit code's): a CI log said only '3 violations', where the Action's step error names them.
 */
export function closingLines(report: Report): string[] {
  // In the page's order, as the Action's step error names them: the first five are the most urgent and most used.
  const v = violationsByUrgency(report);
  const more = v.length - SHOWN_VIOLATIONS;
  return [
    oneLineSummary(report),
    ...(report.verdict.runFailures ?? []).map((f) => `fail-on ${f.rule}: ${f.why}`),
    ...v.slice(0, SHOWN_VIOLATIONS).map((x) => `violation ${violationLine(x)}: ${x.why}`),
    ...(more > 0 ? [`… and ${plural(more, 'more violation')} (the report lists them all)`] : []),
  ];
}

export function oneLineSummary(report: Report): string {
  const s = report.summary;
  // A run rule broken is the reason itself, not a violation: "fail-on empty: nothing was selected".
  const run = (report.verdict.runFailures ?? []).map((f) => `; fail-on ${f.rule}: ${runFailureHeadline(f, report)}`).join('');
  return (
    `${reportPasses(report) ? 'PASS' : 'FAIL'}: ${plural(s.requests, 'request')}, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched, ` +
    `${plural(s.invalidLines, 'invalid line')}; operations: ${s.stable} stable, ${s.beta} beta, ${s.alpha} alpha, ${s.discovery.operations} discovery; ` +
    `${plural(report.verdict.violations.length, 'violation')}${run} (Kubernetes ${report.kubernetesVersion})`
  );
}

export function register(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('analyze audit logs: map every request to its OpenAPI operation, aggregate coverage, apply the policy')
    .argument('<logs...>', "audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst; '-' for stdin", namedFiles);
  addSpecOptions(cmd);
  addSelectionOptions(cmd);
  addPolicyOptions(cmd);
  cmd
    .option('-o, --out <dir>', 'write report.json, report.md, report.html and the CSVs in this directory, not - (default ./apisnoop-report unless --format, which prints to stdout)', named)
    .option('--name <name>', "the app's name: in the report's title and the CSV exports (default: none; the title is then just APISnoop, and the CSV exports and the page name the app after the first log's file, or after the --out directory when the log is read from stdin or a pipe)", named)
    .addOption(formatOption())
    .option('-q, --quiet', 'no warnings or summary on stderr')
    .option('-j, --jobs <n>', 'threads parsing the logs (byte ranges of inputs of 256 MB or more); at most the cores available', positiveInt, defaultJobs())
    .option('--no-fast', 'JSON.parse every line in full (the reference path; same report, slower)')
    .option('--max-in-flight <n>', 'requests held until their final stage at most, and 1 KB of text (URIs, user agents) each on average; past either the oldest is counted early', positiveInt, MANY_OPEN)
    .option('--rbac-serviceaccount <ns:name>', 'least privilege: compare what this service account used with what --granted gives it (repeatable, comma- or space-separated)', collectNamedWords)
    .option('--granted <manifests>', "RBAC manifests the app is granted: YAML, `helm template` output, directories, '-' (repeatable)", collectNamed)
    .option('--rbac-threshold <n>', 'over-grants tolerated per service account by --fail-on overprivileged', nonNegativeInt, 0)
    .option('--release-namespace <ns>', 'namespace of Roles/RoleBindings in --granted that name none (default: the service account namespace; needed with service accounts of several namespaces)', named)
    .addHelpText(
      'after',
      "\nRun rules: --fail-on empty fails when the selection keeps no request (a wrong filter, the app's traffic not in the log);" +
        '\n  --fail-on invalid when an input line is not an audit event or an input is cut short or cannot be read (a truncated gzip, an xz file). Neither is a default.' +
        '\nLeast privilege: --fail-on also takes overprivileged (e.g. alpha,beta,overprivileged), with --rbac-serviceaccount and --granted.' +
        '\nExit codes: 0 the verdict passed, 1 the verdict failed, 2 bad usage or nothing usable read.',
    )
    .action(async (logs: string[], o: SpecAndSelection & AnalyzeOptions) => {
      const line = stderrLine();
      const say = (msg: string) => {
        if (!o.quiet) line(msg);
      };
      const warn = oncePerMessage((w) => say(`warning: ${w}`));
      const failOn = splitFailOn(o.failOn ?? 'alpha,beta');
      const serviceAccounts = o.rbacServiceaccount ?? [];
      // Refused naming the option, as --serviceaccount is: the engine's refusal named neither.
      for (const sa of serviceAccounts) serviceAccountOption('--rbac-serviceaccount', sa);
      const granted = o.granted ?? [];
      if (granted.length > 0 && serviceAccounts.length === 0) throw new InputError('--granted needs --rbac-serviceaccount: whose least privilege to check');
      checkStdinUse(logs, granted);
      if (failOn.overprivileged && (serviceAccounts.length === 0 || granted.length === 0)) {
        throw new InputError('--fail-on overprivileged needs --rbac-serviceaccount and --granted manifests to compare with');
      }
      // A threshold alone gates nothing: the over-grants never fail the verdict, which a CI step would take for a gate passed.
      if (cmd.getOptionValueSource('rbacThreshold') === 'cli' && !failOn.overprivileged) {
        warn(`--rbac-threshold ${o.rbacThreshold} does nothing without overprivileged among the rules of --fail-on (--fail-on alpha,beta,overprivileged): the over-grants are reported, not judged`);
      }
      // More threads than cores read no faster, and each holds its own heap (-j 64 on two cores took 1.5 GB).
      const jobs = Math.min(o.jobs, availableParallelism());
      if (jobs < o.jobs) warn(`--jobs ${o.jobs}: ${plural(jobs, 'core')} available, so at most ${plural(jobs, 'job')}`);
      if (o.out !== undefined) refuseStdoutAsDir(o.out, 'for the report on stdout give --format json or --format md without --out');
      const out = o.out ?? (o.format ? undefined : 'apisnoop-report');
      // A spec that is a directory is no input directory: left to its reader, which refuses it (EISDIR), as without --out.
      const spec = o.spec && !(await stat(o.spec).catch(() => null))?.isDirectory() ? [o.spec] : [];
      if (out) await refuseOutputOverInputs(out, [...logs, ...granted, ...spec], o.out === undefined ? `--out ${out} (the default)` : undefined);
      // Least privilege takes its identities' requests from this one reading of the logs.
      const identities = serviceAccounts.map((serviceAccount) => ({ serviceAccount }));
      const rbacRequests = identities.length > 0 ? new IdentityRequests(identities) : undefined;
      // What the log holds, when the selection kept none of it: said after that, so that a typo can be put right.
      let holds: string | undefined;
      const report = await analyzeLogs({
        ...settingsFrom(logs, { ...o, failOn: failOn.api }, warn),
        onRequest: rbacRequests && ((req) => rbacRequests.add(req)),
        onNothingSelected: (left) => (holds = leftOutText(left, o.includeSystem === true, (v) => clip(v, 80))),
        jobs,
        fast: o.fast,
        identifyInputs: true,
        onThreads: () => {
          limitOldGenerationGrowthNow();
          fullYoungGenerationForWorkers();
        },
        manyOpenAt: o.maxInFlight,
        onWarning: warn,
        onProgress: o.quiet ? undefined : progressReporter(),
      });
      if (!o.quiet) endProgress();
      // The report lists the invalid lines (the first MAX_LISTED_INVALID); the terminal gets the first few.
      const empty = nothingRead(report);
      const more = report.summary.invalidLines - 5;
      for (const l of report.invalid.slice(0, 5)) say(`warning: ${l.file}:${l.line}: ${l.message}`);
      // Where the others are, when there is a report.json.
      if (more > 0) say(`warning: ${plural(more, 'more invalid line')}${!empty && (out || o.format === 'json') ? `; ${invalidListedText(report.summary.invalidLines)}` : ''}`);
      if (empty) {
        line(`apisnoop: ${empty}`);
        process.exitCode = 2;
        return;
      }
      // With fail-on empty it is the verdict's reason, said with it below; else a warning that the pass judged nothing.
      const unselected = nothingJudged(report);
      if (unselected) warn(unselected);
      if (unselected && holds) warn(holds);
      const noFinal = missingFinalStages(report);
      if (noFinal) warn(noFinal);
      if (rbacRequests) {
        // The identities' requests, whatever the selection, taken as the logs were read.
        const settings: RbacManySettings = {
          logs,
          identities,
          granted,
          releaseNamespace: o.releaseNamespace,
          spec: o.spec,
          kubernetesVersion: o.fromCluster ? report.kubernetesVersion : o.k8sVersion,
          failOn: failOn.overprivileged ? ['overprivileged'] : [],
          threshold: o.rbacThreshold,
          // As the rbac command: `helm template … | apisnoop analyze … --granted -` with a template that failed.
          requireRbacObjects: true,
          allowNoRequests: true,
          onWarning: warn,
        };
        report.rbac = await rbacForIdentities(settings, { requests: rbacRequests, events: report.summary.events });
      }
      // Kept in the report, so that every rendering of it (export, merge, serve) names the app the same.
      if (o.name !== undefined) report.app = o.name;
      if (o.format === 'json') await writeChunks(process.stdout, reportJsonChunks(report));
      else if (o.format === 'md') await writeChunks(process.stdout, [renderMarkdown(report, { title: reportTitle(report) })]);
      if (out) {
        const files = await writeReportFiles(report, out);
        say(wroteFiles(files, out));
      }
      for (const l of closingLines(report)) say(l);
      // With fail-on empty, after the reason it gives.
      if (!unselected && holds) warn(holds);
      for (const c of report.rbac ?? []) say(rbacSummaryLine(c));
      process.exitCode = reportPasses(report) ? 0 : 1;
    });
}

interface AnalyzeOptions {
  out?: string;
  name?: string;
  format?: 'json' | 'md';
  quiet?: boolean;
  jobs: number;
  fast: boolean;
  maxInFlight: number;
  rbacServiceaccount?: string[];
  granted?: string[];
  rbacThreshold: number;
  releaseNamespace?: string;
}
