// Verdict: the policy applied to what the KAPIC used. Discovery is shown, never a violation:
// kubectl and helm read /apis/{group}/{version} of every group they find, which is not use of that API.
// Two rules judge the run instead (empty, invalid): they are opt-in, since a run that judged nothing, or judged part
// of its input, otherwise passes a verdict that says nothing.
import { truncationFlag } from './listed-set.js';
import { laterReleases, removalText, replacementLookedIn, replacementUncheckedBefore, type OperationRule, type OperationUsage, type Policy, type Report, type ReportPart, type RunFailure, type RunRule, type Verdict, type Violation } from './report.js';
import { nothingSelected, whyNothingSelected } from './select.js';
import { grouped } from './grouped.js';

export const DEFAULT_POLICY: Policy = { failOn: ['alpha', 'beta'], allow: [] };

export const RULES = ['removed', 'alpha', 'beta', 'deprecated'] as const satisfies readonly OperationRule[];
export type Rule = (typeof RULES)[number];

/** A --fail-on (or the Action's fail-on input) that is refused: `reason` says why, without naming where it was given. */
export class FailOnError extends Error {
  constructor(
    readonly reason: string,
    /** The words that are no rule, as given. */
    readonly unknown: readonly string[] = [],
  ) {
    super(`fail-on: ${reason}`);
    this.name = 'FailOnError';
  }
}

/** The rules that judge the run, not an operation, in the order their failures are listed. */
export const RUN_RULES = ['empty', 'invalid'] as const satisfies readonly RunRule[];

/** The rules of fail-on in the order the options list them (--fail-on's help, a combined policy's rules). */
export const FAIL_ON_ORDER = ['alpha', 'beta', 'deprecated', 'removed', ...RUN_RULES] as const satisfies ReadonlyArray<Policy['failOn'][number]>;

/** What a run failure means, in a few words (the one-line summary, the step's error, the page's heading line). */
export const RUN_RULE_HEADLINE: Record<RunRule, string> = {
  empty: 'nothing was selected',
  invalid: 'the input was invalid',
};

/**
 * RUN_RULE_HEADLINE of a report's failure, said of what happened: a merged report that selected requests failed on
 * empty because some of its parts selected none, not because nothing was selected.
 */
export function runFailureHeadline(f: RunFailure, run: Pick<RunFacts, 'parts'> & { summary: Pick<Report['summary'], 'selected'> }): string {
  if (f.rule !== 'empty' || run.summary.selected === 0) return RUN_RULE_HEADLINE[f.rule] ?? f.rule;
  const none = unselectedParts(run.parts ?? []).length;
  return none > 1 ? `${none} merged reports selected nothing` : 'a merged report selected nothing';
}

/**
 * "alpha,beta" / "none" -> the rules, whatever their case; the CLI and the Action parse with this, so that both take
 * and refuse the same. Unknown words, no word at all, and "none" among rules are FailOnErrors naming what is taken:
 * `alsoTaken`, the rules a command takes besides these (analyze's overprivileged).
 */
export function parseFailOn(text: string, alsoTaken: readonly string[] = []): Policy['failOn'] {
  const given = text.split(/[\s,]+/).filter(Boolean);
  const words = given.map((w) => w.toLowerCase());
  const use = `(use ${[...FAIL_ON_ORDER, ...alsoTaken].join(', ')}, or none)`;
  // Only none: "never" was taken too, undocumented and by accident (rbac's --fail-on and rbac-fail-on refuse it).
  const isNone = (w: string): boolean => w === 'none';
  // The text is quoted back when it has no word to name: a "," or a list with "none" may come from a workflow expression.
  if (words.length === 0) throw new FailOnError(`no rule given in "${text}" ${use}`);
  // none given twice (--fail-on none --fail-on none) is none, as a rule given twice is that rule.
  if (words.every(isNone)) return [];
  if (words.some(isNone)) throw new FailOnError(`"none" reports only, it cannot go with other rules in "${text}" ${use}`);
  const known: readonly string[] = [...RULES, ...RUN_RULES];
  const bad = given.filter((_, i) => !known.includes(words[i]) && !alsoTaken.includes(words[i]));
  if (bad.length > 0) throw new FailOnError(`unknown rule ${bad.map((b) => `"${b}"`).join(', ')} ${use}`, bad);
  return [...new Set(words)].filter((w) => !alsoTaken.includes(w)) as Policy['failOn'];
}

/**
 * A list that takes none (allow, next-releases), as the CLI and the Action both read it: none, in any case and given
 * once or more, is the empty list; the list as given without it. None beside entries would be an entry naming nothing,
 * so its refusal is returned instead, naming them: `values`, what the entries are ("entries", "releases").
 */
export function noneAsEmpty(list: readonly string[], values: string): string[] | { refused: string } {
  const isNone = (v: string): boolean => v.toLowerCase() === 'none';
  if (!list.some(isNone)) return [...list];
  const others = list.filter((v) => !isNone(v));
  return others.length > 0 ? { refused: `none cannot be given with ${values} (${others.join(', ')}): none is an empty list` } : [];
}

/** Exempt: named by operationId, API group ("core" or "" for the core group), or group/version ("core/v1"). */
function allowed(op: OperationUsage, allow: string[]): boolean {
  if (allow.length === 0) return false;
  const group = op.group === '' ? 'core' : op.group;
  const groupVersion = group !== null && op.version ? `${group}/${op.version}` : null;
  return allow.some((a) => a === op.operationId || a === groupVersion || (group !== null && (a === group || (a === '' && op.group === ''))));
}

/**
 * Whether the allow list `list` exempts everything the allow entry `entry` exempts, as allowed() reads both: the
 * entry itself, its group for a group/version ("core" and "" alike for the core group), its group or group/version for
 * an operationId of `ops`. An operationId none of `ops` has is covered only by itself: what it names is not known.
 */
export function allowCovers(list: readonly string[], entry: string, ops: readonly OperationUsage[]): boolean {
  if (list.includes(entry)) return true;
  const core = (g: string): string => (g === '' ? 'core' : g);
  const groups = new Set(list.filter((a) => !a.includes('/')).map(core));
  const slash = entry.indexOf('/');
  if (slash !== -1) return groups.has(core(entry.slice(0, slash)));
  if (entry === '' || entry === 'core') return groups.has('core');
  const named = ops.filter((op) => op.operationId === entry);
  return named.length > 0 && named.every((op) => allowed(op, [...list]));
}

/**
 * "; use X", and when the release analysed does not serve X yet, which later release does (`run`: the later releases
 * checked; with --next-releases none, "none of them serves it" would say a search that was never made, and so would
 * it in a merged report of such a part beside one that checked them: replacementLookedIn).
 */
function replacementText(d: OperationUsage['deprecation'], run: Pick<Report, 'specs'>): string {
  if (!d?.replacement) return '';
  if (d.replacementServedIn === undefined) return `; use ${d.replacement}`;
  const looked = replacementLookedIn(d, run);
  // Releases before it that no part of a merged report looked in: it is not known to be the first.
  const unchecked = replacementUncheckedBefore(d, laterReleases(run));
  const from =
    d.replacementServedIn !== null
      ? `Kubernetes ${d.replacementServedIn} serves it${unchecked.length > 0 ? `; ${unchecked.join(', ')} ${unchecked.length === 1 ? 'was' : 'were'} not checked for it` : ''}`
      : looked!.releases.length === 0
        ? `no later release was checked${looked!.own ? '' : ' for it'}`
        : looked!.own
          ? 'none of the later releases checked serves it'
          : `none of the later releases checked for it (${looked!.releases.join(', ')}) serves it`;
  return `; use ${d.replacement} (not served by the release analysed; ${from})`;
}

function reasons(op: OperationUsage, run: Pick<Report, 'specs'>): Array<[Rule, string]> {
  const out: Array<[Rule, string]> = [];
  if (op.removedIn) out.push(['removed', `${removalText(op, 'Kubernetes ')}${replacementText(op.deprecation, run)}`]);
  // Kubernetes' API levels: an app's own custom resource at v1alpha1 is the app's to change, not Kubernetes'.
  if (op.level === 'alpha' && !op.custom) out.push(['alpha', `alpha API ${op.group || 'core'}/${op.version}: off by default, may change or vanish in any release`]);
  if (op.level === 'beta' && !op.custom) out.push(['beta', `beta API ${op.group || 'core'}/${op.version}: not covered by the GA deprecation policy`]);
  // The replacement once: with the removal when there is one, else with the deprecation (storage.k8s.io/v1beta1
  // VolumeAttributesClass on 1.34: deprecated, not removed, and Pluto names v1), which said only since when.
  if (op.deprecated) out.push(['deprecated', `${deprecatedText(op)}${op.removedIn ? '' : replacementText(op.deprecation, run)}`]);
  return out;
}

/**
 * Since when, and what to do instead. The spec deprecates its watch operations (the /watch/ paths) only, and its
 * description says what to use instead, which the shipped index does not keep: said here, as the spec words it.
 */
function deprecatedText(op: OperationUsage): string {
  if (op.deprecation?.deprecatedIn) return `deprecated since Kubernetes ${op.deprecation.deprecatedIn}`;
  const instead = "deprecated: use the 'watch' parameter with a list operation instead";
  if (op.action === 'watchlist') return instead;
  if (op.action === 'watch') return `${instead}, filtered to a single item with the 'fieldSelector' parameter`;
  // Said by whom: a bare "deprecated" after the removal read as a word left over.
  return op.deprecation?.source === 'audit-annotation' ? "deprecated (the API server's k8s.io/deprecated audit annotation)" : 'deprecated';
}

/**
 * The allow entries that name nothing of these operations (no operationId, API group or group/version): a typo
 * exempts nothing, and fails closed, but should be said (unknownAllowWarnings).
 */
export function unknownAllowEntries(allow: readonly string[], ops: ReadonlyArray<Pick<OperationUsage, 'operationId' | 'group' | 'version'>>): string[] {
  const known = new Set<string>(['core', '']);
  for (const op of ops) {
    known.add(op.operationId);
    if (op.group === null) continue;
    const group = op.group === '' ? 'core' : op.group;
    known.add(group);
    if (op.version) known.add(`${group}/${op.version}`);
  }
  return allow.filter((a) => !known.has(a));
}

/** Who gave the settings, for the words of what is said about them: the CLI (its --allow option) or the Action (its allow input). */
export type Surface = 'cli' | 'action';

/**
 * One warning for the allow entries that name nothing of `ops` (unknownAllowEntries), all of them in it (one each
 * took the Action's annotations that what the report lacks needs), worded for the surface it was given on; none when
 * every entry names something. `checked` says what `ops` are: the operations of a release's spec, or only those that
 * merged reports used. The second is the weaker check, and the only one a merge can make: a report carries the
 * operations its requests used, not the spec they were matched against (which may be a cluster's own, not at hand
 * where reports are merged). So a real API that none of the reports used is said too; the warning says only what is
 * sure, that it exempts nothing here, not that the spec lacks it.
 */
export function unknownAllowWarnings(
  allow: readonly string[],
  ops: ReadonlyArray<Pick<OperationUsage, 'operationId' | 'group' | 'version'>>,
  checked: { spec: string } | 'merged reports',
  surface: Surface = 'cli',
): string[] {
  const unknown = unknownAllowEntries(allow, ops);
  if (unknown.length === 0) return [];
  const one = unknown.length === 1;
  const entry = surface === 'action' ? `input "allow" names ${unknown.map((a) => `"${a}"`).join(', ')}` : `--allow ${unknown.join(', ')}`;
  const none =
    checked === 'merged reports'
      ? `none of the operations the merged reports used has ${one ? 'that operationId, API group or group/version' : 'any of those operationIds, API groups or group/versions'}`
      : `the Kubernetes ${checked.spec} spec has no operationId, API group or group/version of ${one ? 'that name' : 'those names'}`;
  return [`${entry}: ${none}; ${one ? 'it exempts' : 'they exempt'} nothing`];
}

/** What the run rules judge: the report's counts, selection and invalid lines (a Report will do). */
export type RunFacts = Pick<Report, 'selection' | 'invalid' | 'parts'> & { summary: Pick<Report['summary'], 'requests' | 'selected' | 'invalidLines'> };

/**
 * The input lines the reader could not use because the input broke off there, or could not be read at all: a gzip
 * or zstd cut short or damaged, a read error, a compression, archive or CSV export not read (sources/audit-files.ts,
 * cutMessage, sources/compression.ts and sources/csv-export.ts begin their messages with one of these).
 */
const CUT_SHORT = /^(truncated (gzip|zstd)|corrupt (gzip|zstd)|read error|(bzip2|xz|lz4|zstd)-compressed|(7-Zip|zip|tar) archive|CSV of audit events)\b/;

/** Whether an invalid line's message says its input broke off there (listed even past the cap: Analysis.invalidLine, mergeReports). */
export const isCutShort = (message: string): boolean => CUT_SHORT.test(message);

/** The run rules of the policy that the run breaks. */
export function runFailures(failOn: Policy['failOn'], run: RunFacts): RunFailure[] {
  const out: RunFailure[] = [];
  const s = run.summary;
  if (failOn.includes('empty') && s.selected === 0) {
    out.push({
      rule: 'empty',
      why: whyNothingSelected(s.requests, run.selection),
    });
  } else if (failOn.includes('empty')) {
    // A merged report: the others' requests hide a part (a matrix leg) that judged nothing, its namespace wrong or its
    // app's traffic not in its log, as its own run would have failed on.
    const none = unselectedParts(run.parts ?? []);
    if (none.length > 0) out.push({ rule: 'empty', why: emptyPartsReason(none, run.parts!.length) });
  }
  if (failOn.includes('invalid') && s.invalidLines > 0) out.push({ rule: 'invalid', why: invalidReason(run.invalid, s.invalidLines) });
  return out;
}

/**
 * The parts of a merged report that fail-on empty fails on: each that selected nothing, judged on its own as its run
 * was. A merge cannot tell the shards of one log from the legs of separate runs (two clusters of one chart, one filter,
 * differing in values): a leg that got none of its app's traffic is what the rule is there to catch, so a shard
 * without the filter's requests fails it too, and the headline says so (runFailureHeadline).
 */
export function unselectedParts(parts: readonly ReportPart[]): ReportPart[] {
  return parts.filter((p) => p.selected === 0);
}

/** The reason fail-on empty gives for the parts of a merged report that selected nothing: the first three named. */
export function emptyPartsReason(none: NonNullable<Report['parts']>, of: number): string {
  const named = none.slice(0, 3).map((p) => `${p.name}, ${grouped(p.requests)} ${p.requests === 1 ? 'request' : 'requests'} read${p.filter === undefined ? '' : `, ${p.filter}`}`).join('; ') + (none.length > 3 ? `; and ${none.length - 3} more` : '');
  return `${none.length} of the ${of} reports merged selected no request (${named}): the merged verdict judged nothing of ${none.length === 1 ? 'its' : 'their'} logs`;
}

/**
 * The reason fail-on invalid gives, from the report's own data: the count and the line it names (where an input broke
 * off first, else the first listed). load-audit's comparison of a reloaded run (web/store.ts) builds it again so.
 */
export function invalidReason(invalid: Report['invalid'], invalidLines: number): string {
  // The place where an input broke off first: it says more than a bad line before it.
  const cut = invalid.find((l) => isCutShort(l.message));
  const shown = cut ?? invalid[0];
  const count = grouped(invalidLines);
  const at = shown ? ` (${cut ? '' : 'the first: '}${shown.file}:${shown.line}: ${shown.message})` : '';
  return cut
    ? `an input was cut short or could not be read${at}${invalidLines > 1 ? `; ${count} invalid input lines in all` : ''}`
    : `${count} input line${invalidLines === 1 ? ' was not usable as an audit event' : 's were not usable as audit events'}${at}`;
}

/**
 * That nothing was judged (nothingSelected), to be said as a warning: null when the verdict's fail-on empty already
 * says it as the reason the gate failed, so that it is not said twice.
 */
export function nothingJudged(report: Pick<Report, 'summary' | 'selection' | 'verdict'>): string | null {
  if (report.verdict.runFailures?.some((f) => f.rule === 'empty')) return null;
  return nothingSelected(report.summary.requests, report.summary.selected, report.selection);
}

/**
 * The policy applied to the operations used and, for its run rules (empty, invalid), to the run itself. `run.specs`:
 * the spec matched against, then the later releases checked (replacementText).
 */
export function judge(ops: OperationUsage[], policy: Policy, run: RunFacts & Pick<Report, 'specs'>): Verdict {
  const violations: Violation[] = [];
  const failOn = new Set<string>(policy.failOn);
  for (const op of ops) {
    if (op.discovery || allowed(op, policy.allow)) continue;
    const all = reasons(op, run);
    const hit = all.filter(([rule]) => failOn.has(rule));
    if (hit.length === 0) continue;
    violations.push({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      level: op.level,
      rule: hit[0][0],
      rules: hit.map(([rule]) => rule),
      // Every reason, not only the failing rule's: a beta API that is also removed next release should say so.
      why: all.map(([, why]) => why).join('; '),
      hits: op.hits,
      callers: op.userAgents,
      ...truncationFlag('callersTruncated', op.userAgentsTruncated === true),
    });
  }
  const failures = runFailures(policy.failOn, run);
  return {
    pass: violations.length === 0 && failures.length === 0,
    policy: { failOn: [...policy.failOn], allow: [...policy.allow] },
    violations,
    // Only when the run breaks a run rule: reports of runs that break none read as before.
    ...(failures.length > 0 ? { runFailures: failures } : {}),
  };
}
