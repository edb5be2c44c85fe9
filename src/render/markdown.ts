// report.md, the GitHub job summary and the sticky PR comment: one compact Markdown page rendered from the Report.
// The verdict comes first; detail tables are folded and cut row-wise so the page stays under a size budget
// (GitHub refuses comments over 65,536 characters) whatever the size of the log.
import { markdownTable } from 'markdown-table';
import { allowedText, laterChecked, LEVELS, notesBesideVerdict, OTHER_PATTERNS, removalBound, type OperationUsage, type Report, reportPasses, rulesOf, type Unmatched, UNCHECKED_FAILED_BY, uncheckedLeastPrivilege, uncheckedText } from '../engine/report.js';
import { compareMinor, isMinor } from '../engine/deprecations.js';
import { minorOf } from '../engine/conformance.js';
import { nothingJudged, runFailureHeadline, type Surface } from '../engine/verdict.js';
import { allowToPass, categoryName, compareReleases, compareText, formatCodes, groupVersion, isAtRisk, isStableUntested, knownStableUntested, knownStableUntestedEligible, levelRank, operationCallers, removedIn, replacementCell, ruleRank, selectionText, stableConformanceUnknown, unservedDiscovery, violationCallers, violationsByUrgency } from './format.js';
import { byHitsThenId, callersCell, checkMarker, mdCode, mdLink, mdText, OPERATION_ID_MAX, operationCell, plural, yesNo } from './markdown-cells.js';
import { fixed, layout, type Part, SEPARATOR, tablePart, textPart } from './markdown-layout.js';
import { rbacParts, rbacVerdictLines } from './markdown-rbac.js';

// A verb as unmatched rows show it: a real one (16 characters at most), or what stands for one no API server writes,
// whole up to a line's bound: "(a verb not known, of 67,108,864 characters)" is 44.
const VERB_SHOWN = 48;

export const DEFAULT_MAX_CHARS = 60_000;

export interface MarkdownOptions {
  /** Link to the full report (report.html or the run's artifacts). http(s) only. */
  reportUrl?: string;
  /** Hard upper bound on the length of the result (UTF-16 code units, which over-counts GitHub's characters). */
  maxChars?: number;
  /** Heading text; default "APISnoop". */
  title?: string;
  /** Hidden HTML comment that finds the sticky comment again, e.g. `<!-- apisnoop:comment -->`; goes first. */
  marker?: string;
  /**
   * The run's problems and notices, shown above the verdict. Default: the report's own (runNotes, what the Action
   * said of the run that made it); [] when the caller shows them itself (the comment and the job summary put them
   * above the page). Those the verdict says are left out (notesBesideVerdict).
   */
  notes?: readonly string[];
  /** Where the policy was given, for how the page says to change it: the Action's allow input, or --allow (default). */
  surface?: Surface;
}

/** The notes of a report's run: its problems (they failed the step), then its notices. */
export function runNotesOf(report: Pick<Report, 'runNotes'>): string[] {
  return [...(report.runNotes?.problems ?? []), ...(report.runNotes?.notices ?? [])];
}

/**
 * Run problems (a failed install, failed tests), shown above the verdict so that a passing verdict cannot mislead: a
 * page that says pass for a step that failed on them would. The first ten; report.json holds them all (runNotes).
 */
export function runNotesBlock(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  const lines = notes.slice(0, 10).map((n) => `> ${mdText(n, 400)}`);
  const more = notes.length > 10 ? [`> … and ${notes.length - 10} more`] : [];
  return `> [!WARNING]\n${[...lines, ...more].join('\n>\n')}\n\n`;
}

/** The notes as the first part of a page, kept whole within its budget; none when there are none. */
export function runNotesParts(notes: readonly string[]): Part[] {
  const block = runNotesBlock(notes);
  return block ? [fixed(block.trimEnd())] : [];
}

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const maxChars = checkMaxChars(opts.maxChars);
  const parts: Part[] = [];
  if (opts.marker !== undefined) parts.push(fixed(checkMarker(opts.marker)));
  parts.push(...runNotesParts(notesBesideVerdict(report, opts.notes ?? runNotesOf(report))));
  parts.push(...reportParts(report, opts));
  parts.push(fixed(footer(report)));
  return layout(parts, maxChars);
}

export function checkMaxChars(given: number | undefined): number {
  const maxChars = given ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars <= 0) {
    throw new RangeError(`renderMarkdown: maxChars must be a positive integer, got ${String(given)}`);
  }
  return maxChars;
}

/** The tool and schema that wrote the page: its last line. */
export function footer(report: Report): string {
  return `<sub>apisnoop ${mdText(report.tool.version, 40)} · report.json schema ${report.schemaVersion}</sub>`;
}

/**
 * The page's parts, in page order, without marker and footer: for renderMarkdown, and for a page that lays out the
 * reports of several releases together (markdown-releases.ts). The fixed ones are named too, for such a page.
 */
export function reportParts(report: Report, opts: Pick<MarkdownOptions, 'title' | 'reportUrl' | 'surface'> & { reportFile?: string } = {}): Part[] {
  // Where the rows and sections left out are: report.json beside report.md, or a release's own (1.34/report.json).
  const file = opts.reportFile ?? 'report.json';
  return [
    { ...fixed(verdictBlock(report, opts.title ?? 'APISnoop')), name: 'verdict' },
    ...rbacParts(report, file),
    { ...fixed(countsBlock(report, opts.reportUrl)), name: 'counts' },
    ...violationParts(report, file, opts.surface ?? 'cli'),
    ...findingParts(report, file),
    ...operationsParts(report, file),
    ...unmatchedParts(report, file),
    ...invalidParts(report, file),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Sections, in page order.

/**
 * A pass on a run that failed (its install, its tests, a leg missing from the fan-in: the problems above the page,
 * which fail the step) is a pass of what it got to: a green tick under a red step misled.
 */
export const runFailed = (report: Report): boolean => reportPasses(report) && (report.runNotes?.problems?.length ?? 0) > 0;

function verdictBlock(report: Report, title: string): string {
  const { verdict } = report;
  const lines: string[] = [];
  // The heading is the whole verdict: the API policy and least privilege, as the step and the CLI's exit code.
  const pass = reportPasses(report);
  const broken = runFailed(report);
  const unchecked = uncheckedLeastPrivilege(report);
  // A pass that judged no request (a selection that kept none) is no green tick either: the warning below says why.
  const unjudged = pass && !broken && nothingJudged(report) !== null;
  const tail = broken ? ' on the requests seen, but the run failed' : unjudged ? ', but nothing was judged' : '';
  lines.push(`## ${broken || unjudged ? '⚠️' : pass ? '✅' : '❌'} ${mdText(title, 120)}: ${pass ? 'pass' : 'fail'}${tail}`);
  const failOn = verdict.policy.failOn;
  const policy =
    failOn.length === 0
      ? 'fail-on is none: report only'
      : `fail on ${failOn.map((r) => `**${mdText(r, 20)}**`).join(', ')}`;
  // Mostly operationIds: cut at 60, some 50 of each release's lost their end (deleteAdmissionregistrationV1beta1Collecti…).
  const allow = allowedText(verdict.policy.allow, (a) => mdCode(a, OPERATION_ID_MAX, false));
  const runFailures = verdict.runFailures ?? [];
  if (verdict.pass && !pass) {
    // Failed by least privilege alone (its lines follow): "Verdict: pass" under a failing heading read as a contradiction.
    lines.push(`**Verdict: fail.** No operation breaks the policy (${policy}${allow}), but least privilege ${unchecked.length > 0 ? 'was not checked' : 'does'}:`);
  } else if (verdict.pass) {
    lines.push(`**Verdict: pass.** No operation breaks the policy (${policy}${allow}).`);
  } else if (verdict.violations.length === 0) {
    // Failed by a run rule alone: no operation is to blame, the run is.
    lines.push(`**Verdict: fail.** No operation breaks the policy (${policy}${allow}), but the run does:`);
  } else {
    const ops = new Set(verdict.violations.map((v) => `${v.operationId} ${v.method} ${v.path}`)).size;
    lines.push(
      `**Verdict: fail.** ${ops} operation${ops === 1 ? '' : 's'} break${ops === 1 ? 's' : ''} the policy (${policy}${allow}).`,
    );
    const byRule = new Map<string, { ops: number; hits: number }>();
    for (const v of verdict.violations) {
      // Each rule it breaks: an operation both beta and removed counts under both.
      for (const rule of rulesOf(v)) {
        const r = byRule.get(rule) ?? { ops: 0, hits: 0 };
        r.ops++;
        r.hits += v.hits;
        byRule.set(rule, r);
      }
    }
    const rules = [...byRule.entries()].sort(([a], [b]) => ruleRank(a) - ruleRank(b) || compareText(a, b));
    lines.push(
      `Failed rules: ${rules
        .map(([rule, r]) => `**${mdText(rule, 20)}** (${plural(r.ops, 'operation')}, ${plural(r.hits, 'hit')})`)
        .join(', ')}.`,
    );
  }
  // The run rules broken, each said as the reason the gate failed.
  for (const f of runFailures) {
    lines.push(`❌ **The gate failed because ${mdText(runFailureHeadline(f, report), 60)}** (fail-on **${mdText(f.rule, 20)}**): ${mdText(f.why, 600)}.`);
  }
  lines.push(...rbacVerdictLines(report));
  // Needed and not checked: a failure of its own, with why and, in a merge of several apps, whose (the run's notes say
  // it too, above the page).
  for (const u of unchecked) lines.push(`❌ **Least privilege was not checked** (${UNCHECKED_FAILED_BY} **overprivileged**): ${mdText(uncheckedText(u, report), 400)}.`);
  // Said as a warning when no rule failed on it (fail-on empty turns it into the failure above).
  const unselected = nothingJudged(report);
  if (unselected) lines.push(`⚠️ **Nothing was judged:** ${mdText(unselected, 600)}.`);
  // Two trailing spaces would be fragile; a blank-free list of lines joined by <br> keeps the block one paragraph.
  return [lines[0], lines.slice(1).join('<br>\n')].join('\n\n');
}

// The allow list written out on the page: enough for the usual few group/versions, within the verdict's fixed budget.
const ALLOW_HINT_MAX = 200;

/**
 * How to pass, under the violations: a reader saw what failed, not what to change when a beta API is used on purpose.
 * The allow list to give is written out whole (the entries given, then those that would pass), ready to paste; past
 * ALLOW_HINT_MAX characters the rest is counted (each is a violation's group/version or operationId).
 */
function allowHint(report: Report, surface: Surface): string {
  const allow = allowToPass(report);
  const sep = surface === 'action' ? ', ' : ',';
  let shown = 0;
  for (let length = 0; shown < allow.length && (shown === 0 || length + sep.length + allow[shown]!.length <= ALLOW_HINT_MAX); shown++) {
    length += (shown ? sep.length : 0) + allow[shown]!.length;
  }
  const list = allow.slice(0, shown).join(sep);
  const given = surface === 'action' ? `allow: ${list}` : `--allow ${list}`;
  const where = surface === 'action' ? "with the step's input" : 'with';
  const more = shown < allow.length ? ` and ${allow.length - shown} more (the group/versions of the violations)` : '';
  return `To pass: move off these APIs (the why column says what replaces them, where something does), or keep them on purpose ${where} ${mdCode(given, ALLOW_HINT_MAX + 20, false)}${more}.`;
}

function countsBlock(report: Report, reportUrl: string | undefined): string {
  const s = report.summary;
  const table = markdownTable(
    [
      ['level', 'operations', 'hits'],
      ...LEVELS.map((l) => [l, String(s.byLevel[l].operations), String(s.byLevel[l].hits)]),
      ['discovery', String(s.discovery.operations), String(s.discovery.hits)],
    ],
    { align: ['l', 'r', 'r'] },
  );
  const requests =
    `Requests: ${s.requests} read, ${s.selected} selected, ${s.matched} matched, ` +
    `**${s.unmatched} unmatched**${unservedDiscoveryNote(report)}, ${plural(s.invalidLines, 'invalid line')}. ` +
    `Stable operations untested by conformance: ${untestedCount(report)}; deprecated: **${s.deprecated}**; ` +
    `removed in a later release: **${s.removedSoon}**` +
    (s.removedAlready ? `; already gone from ${mdText(report.kubernetesVersion, 30)}: **${s.removedAlready}**` : '') +
    '.';
  const spec = report.specs[0];
  const later = report.specs.slice(1).map((x) => mdText(x.kubernetesVersion, 20));
  const context =
    `Kubernetes ${mdText(report.kubernetesVersion, 30)}` +
    (spec ? ` (${mdText(String(spec.operations), 20)} operations in the spec)` : '') +
    // None checked (the newest release shipped, --next-releases none): removals to come are known only from Pluto's
    // table and the API server's annotations, which a reader must not take for a check of the next release.
    (later.length ? `; later releases checked: ${later.join(', ')}` : '; no later release checked') +
    (report.conformance
      ? `; conformance data: ${mdText(report.conformance.release, 30)}`
      : report.selection.e2e
        ? "; no conformance data loaded: conformance from this e2e run's [Conformance] tests only"
        : '; no conformance data loaded') +
    '.';
  const custom = customLine(report);
  const out = [table, `${requests}<br>\n${custom ? `${custom}<br>\n` : ''}${selectionLine(report)}<br>\n${context}`];
  if (reportUrl !== undefined) out.push(`**Full report:** ${mdLink('report', reportUrl)}`);
  return out.join(SEPARATOR);
}

function unservedDiscoveryNote(report: Pick<Report, 'unmatched'>): string {
  const discovery = unservedDiscovery(report);
  return discovery > 0 ? ` (${discovery} of them discovery, \`GET /apis/{group}/{version}\`, of groups or versions the spec does not describe)` : '';
}

// Custom group/versions named on the line; report.json lists every operation.
const CUSTOM_SHOWN = 3;

/**
 * The operations of custom APIs (a served spec's CRDs and aggregated APIs, `custom`): counted by their version's
 * level in the table, so said, with why the alpha and beta rules left them alone. null: none.
 */
export function customLine(report: Pick<Report, 'operations'>): string | null {
  const custom = report.operations.filter((o) => o.custom && !o.discovery);
  if (custom.length === 0) return null;
  const apis = [...new Set(custom.map((o) => `${o.group}/${o.version}`))].sort();
  const shown = apis.slice(0, CUSTOM_SHOWN).map((a) => mdCode(a, 80, false));
  const more = apis.length > CUSTOM_SHOWN ? ` and ${apis.length - CUSTOM_SHOWN} more` : '';
  const hits = custom.reduce((n, o) => n + o.hits, 0);
  return (
    `Custom APIs: ${plural(custom.length, 'operation')} (${plural(hits, 'hit')}) of ${shown.join(', ')}${more}, the cluster's custom resources ` +
    "or aggregated APIs, not Kubernetes': counted above by their version's level; the alpha and beta rules judge Kubernetes' APIs only."
  );
}

/** report.md's selection line: selectionText with each value a code span. */
export function selectionLine(report: Pick<Report, 'selection' | 'runNotes' | 'summary'>): string {
  return selectionText(report, (v) => mdCode(v, 60, false));
}

/** The untested count, or "unknown" when no stable operation used has conformance data: a 0 there would be no finding. */
function untestedCount(report: Report): string {
  const untested = knownStableUntested(report);
  const unknown = stableConformanceUnknown(report);
  if (untested === null) return `**unknown** (no conformance data for the ${plural(unknown, 'stable operation')} used)`;
  const eligible = untested > 0 ? `, of which eligible for conformance: **${knownStableUntestedEligible(report)}**` : '';
  return `**${untested}**${eligible}${unknown > 0 ? ` (and ${unknown} with no conformance data)` : ''}`;
}

/**
 * What a section that finds nothing says when the selection kept no request: not that the app uses nothing of the
 * kind, which no request was there to show. The verdict block says why (Nothing was judged, or fail-on empty).
 */
const NOTHING_SELECTED = 'Nothing was selected, so nothing could be judged.';

// The engine's reasons joined: level, deprecation, removal and replacement, each a clause.
const WHY_MAX = 600;

function violationParts(report: Report, file: string, surface: Surface): Part[] {
  const violations = violationsByUrgency(report);
  if (violations.length === 0) return [];
  const callersOf = violationCallers(report);
  return [
    tablePart({
      file,
      name: 'violations',
      priority: 1,
      heading: `Violations (${violations.length})`,
      folded: false,
      header: ['operation', 'level', 'rules', 'why', 'hits', 'callers'],
      align: ['l', 'l', 'l', 'l', 'r', 'l'],
      rows: violations,
      cells: (v) => [
        operationCell(v),
        v.level,
        mdText(rulesOf(v).join(', '), 40),
        // Whole, as the engine says it: what replaces the API comes after the level and the deprecation, and a cut at a
        // cell's usual 160 characters left a beta API's replacement out ("…; use storage.k8s.io/v1 (not served by the release…").
        mdText(v.why, WHY_MAX),
        String(v.hits),
        callersCell(callersOf(v)),
      ],
    }),
    // Below the table it is about; under a tight budget it goes before the violations do, after the sections below.
    textPart('how to pass', 1.5, allowHint(report, surface)),
  ];
}

/**
 * What the stable operations with no conformance entry are: the watch operations, which APISnoop leaves out of
 * conformance, and the rest, which its data does not list (a served spec's custom resources and aggregated APIs; with
 * data of an earlier release than the spec's, the operations added since). An e2e run with no data loaded is its own
 * data: the rest are custom resources, and the operations no named test hit (the suite's own requests, before and
 * between its tests, name none).
 */
function unknownKinds(ops: readonly OperationUsage[], report: Pick<Report, 'conformance' | 'kubernetesVersion'>): string {
  const isWatch = (o: OperationUsage) => o.action === 'watch' || o.action === 'watchlist';
  const watches = ops.filter(isWatch).length;
  const parts = watches > 0 ? ['watch operations, which APISnoop leaves out'] : [];
  if (report.conformance !== null) {
    if (watches < ops.length) parts.push(unlistedApis(report.conformance.release, report.kubernetesVersion));
  } else {
    if (ops.some((o) => o.custom)) parts.push("custom resources, which conformance leaves out");
    if (ops.some((o) => !o.custom && !isWatch(o))) parts.push('operations hit only by requests whose user agent names no test, with no conformance data loaded');
  }
  return parts.join(', and ');
}

/**
 * Why the data lists no entry for an API: custom resources are no release's; data of another release than the spec's
 * lacks what the spec's release added since (or what it removed before the spec's, for data of a later one).
 */
function unlistedApis(dataRelease: string, specRelease: string): string {
  const data = minorOf(dataRelease);
  if (data === null || !isMinor(specRelease) || data === specRelease) return 'APIs it does not list, such as custom resources';
  const since = compareMinor(data, specRelease) < 0 ? `the operations added after ${data}` : `the operations ${data} no longer serves`;
  return `APIs it does not list: it is the data of Kubernetes ${dataRelease}, not of the spec's ${specRelease}, so ${since} have none, nor have custom resources`;
}

/**
 * The conformance gaps and the deprecations. Each lists what it finds under its heading; when neither finds anything
 * (a passing run, mostly), both are said in one line with no heading: two sections that said "none" made a passing
 * comment twice as long as its findings.
 */
function findingParts(report: Report, file: string): Part[] {
  const untested = untestedParts(report, file);
  const risk = riskParts(report, file);
  if ('parts' in untested || 'parts' in risk) {
    const section = (found: { parts: Part[] } | { none: string }, heading: string, name: string, priority: number): Part[] =>
      'parts' in found ? found.parts : [textPart(name, priority, `### ${heading}\n\n${found.none}`)];
    return [...section(untested, UNTESTED_HEADING, 'untested', 2), ...section(risk, RISK_HEADING, 'deprecations', 3)];
  }
  // Nothing selected: both would say so, once is enough.
  const line = untested.none === risk.none ? untested.none : `${untested.none} ${risk.none}`;
  return [textPart('conformance gaps and deprecations', 2, line)];
}

const UNTESTED_HEADING = 'Stable endpoints the app relies on that conformance tests do not cover';
const RISK_HEADING = 'Deprecated, or removed in this release or a later one';
/** The deprecations section's line when no later release was checked (the newest release shipped, --next-releases none). */
const NO_LATER_RELEASE = "No later release checked: removals to come are known only from Pluto's table and the API server's annotations.";

/** The untested stable endpoints as a table, or what to say when there is none to list (a sentence of its own). */
function untestedParts(report: Report, file: string): { parts: Part[] } | { none: string } {
  const heading = UNTESTED_HEADING;
  // An e2e run is its own conformance data (the operations its [Conformance] tests hit): only without both is
  // nothing known.
  if (report.conformance === null && !report.selection.e2e) return { none: 'No conformance data was loaded for this analysis.' };
  const source = report.conformance ? mdText(report.conformance.release, 30) : "by this e2e run's tests";
  const stable = report.operations.filter((o) => o.level === 'stable' && !o.discovery);
  // The gaps a conformance test could close first; then those Kubernetes' rules leave out, marked with why.
  const untested = stable.filter(isStableUntested).sort((a, b) => Number(!!a.conformanceIneligible) - Number(!!b.conformanceIneligible) || byHitsThenId(a, b));
  const ineligible = untested.filter((o) => o.conformanceIneligible).length;
  const unknownOps = stable.filter((o) => o.conformanceTested === null);
  const unknown = unknownOps.length;
  const runOnly = report.conformance === null;
  const unknownWhat = unknownKinds(unknownOps, report);
  // With no data loaded there is no entry to lack: the run gave no verdict.
  const entry = runOnly ? ['no conformance verdict', 'a conformance verdict'] : ['no entry in the conformance data', 'an entry in the conformance data'];
  const unknownNote = unknown ? ` ${unknown} more stable operation${unknown === 1 ? ' has' : 's have'} ${entry[0]} (${unknownWhat}).` : '';
  if (untested.length === 0) {
    const known = stable.length - unknown;
    // Said without the heading too (findingParts): each names what it is about.
    const none =
      report.summary.selected === 0
        ? NOTHING_SELECTED
        : stable.length === 0
        ? 'No conformance gap: the app uses no stable operation.'
        : known === 0
          ? `No conformance gap known: ${unknown === 1 ? `the one stable operation used has ${entry[0]}` : `none of the ${unknown} stable operations used has ${entry[1]}`} (${unknownWhat}).`
          : `No conformance gap: conformance tests cover ${known === 1 ? 'the one stable operation' : `all ${known} stable operations`} with data.${unknownNote}`;
    return { none };
  }
  return {
    parts: [
      tablePart({
        file,
        name: 'untested stable endpoints',
        priority: 2,
        heading: `${heading} (${untested.length})`,
        folded: false,
        intro:
          `${untested.length} of ${stable.length} stable operations used ${untested.length === 1 ? 'has' : 'have'} no conformance test (${source}).` +
          ineligibleNote(ineligible, untested.length) +
          unknownNote,
        // An e2e run's callers are all e2e.test: the tests that hit the endpoint say more (those a promotion could start from).
        header: ['operation', 'kind', 'hits', 'any e2e test', 'conformance eligible', report.selection.e2e ? 'tests' : 'callers'],
        align: ['l', 'l', 'r', 'l', 'l', 'l'],
        rows: untested,
        cells: (o) => [
          operationCell(o),
          mdText(o.kind ?? ''),
          String(o.hits),
          yesNo(o.tested),
          // Empty for a report made before the field: not known either way.
          o.conformanceIneligible === undefined ? '' : o.conformanceIneligible ? `no: ${mdText(o.conformanceIneligible, 120)}` : 'yes',
          report.selection.e2e ? testsCell(o.tests, o.testsTruncated === true) : callersCell(operationCallers(o)),
        ],
      }),
    ],
  };
}

const TESTS_SHOWN = 3;

/**
 * The first e2e tests that hit an operation (test names come from user agents: code spans), and how many more;
 * `truncated`: the report listed only the first of them (testsTruncated), so the count of the rest is a floor.
 */
function testsCell(tests: readonly string[], truncated: boolean): string {
  const shown = tests.slice(0, TESTS_SHOWN).map((t) => mdCode(t));
  const rest = tests.length - shown.length;
  return shown.join('<br>') + (rest > 0 || truncated ? `<br>+${truncated ? 'over ' : ''}${rest} more` : '');
}

/**
 * When it goes ("by 1.28 (last served in 1.13)" when the shipped releases only bound it); for an operation of an
 * earlier release (a request this release no longer serves), that it is gone already. What is said of the release
 * analysed comes right after the removal it dates: after the last release serving it, "(this release)" read as that one.
 */
function removedCell(o: Report['operations'][number], release: string): string {
  const r = removedIn(o);
  if (r === null) return '';
  const last = removalBound(o);
  const order = isMinor(release) ? compareReleases(r, release) : 1;
  const notes = [order === 0 ? 'this release' : order < 0 ? `already gone in ${release}` : null, last === null ? null : `last served in ${last}`].filter((n) => n !== null);
  return `${last === null ? r : `by ${r}`}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** How many of the untested stable operations no conformance test will ever cover, and what is left to close. */
function ineligibleNote(ineligible: number, untested: number): string {
  if (ineligible === 0) return '';
  const rules = "ineligible for conformance by Kubernetes' rules (`ineligible_endpoints.yaml`), so no conformance test will cover";
  if (ineligible === untested) return ` ${untested === 1 ? `It is ${rules} it` : `All are ${rules} them`}: no gap to close.`;
  const rest = untested - ineligible;
  return ` ${ineligible} of them ${ineligible === 1 ? `is ${rules} it` : `are ${rules} them`}; the other ${rest === 1 ? 'one is a gap' : `${rest} are gaps`} a conformance test could close.`;
}

/** What is deprecated or removed as a table, or what to say when there is none to list (a sentence of its own). */
function riskParts(report: Report, file: string): { parts: Part[] } | { none: string } {
  const heading = RISK_HEADING;
  const atRisk = report.operations
    .filter(isAtRisk)
    .sort(
      (a, b) =>
        compareReleases(removedIn(a), removedIn(b)) ||
        b.hits - a.hits ||
        compareText(a.operationId, b.operationId),
    );
  if (atRisk.length === 0) {
    if (report.summary.selected === 0) return { none: NOTHING_SELECTED };
    const later = report.specs.slice(1).map((s) => s.kubernetesVersion);
    const checked = later.length ? ` (releases checked: ${later.map((v) => mdText(v, 20)).join(', ')})` : ' (no later release checked)';
    return { none: `Nothing the app uses is deprecated or removed${checked}.` };
  }
  return {
    parts: [
      tablePart({
        file,
        name: 'deprecations',
        priority: 3,
        heading: `${heading} (${atRisk.length})`,
        folded: false,
        // As the counts' line says it: without a later spec, what is to be removed is only what Pluto and the
        // annotations name, and a replacement not served yet may be served by a release no one checked.
        ...(laterChecked(report) ? {} : { intro: NO_LATER_RELEASE }),
        header: ['operation', 'level', 'deprecated in', 'removed in', 'replacement', 'source', 'hits'],
        align: ['l', 'l', 'l', 'l', 'l', 'l', 'r'],
        rows: atRisk,
        cells: (o) => [
          operationCell(o),
          o.level,
          mdText(o.deprecation?.deprecatedIn ?? (o.deprecated ? 'yes, release unknown' : ''), 30),
          mdText(removedCell(o, report.kubernetesVersion), 60),
          mdText(replacementCell(o, report), 120),
          mdText(o.deprecation?.source ?? (o.removedIn ? 'later-spec' : 'spec'), 20),
          String(o.hits),
        ],
      }),
    ],
  };
}

function operationsParts(report: Report, file: string): Part[] {
  const ops = [...report.operations].sort(
    (a, b) =>
      Number(a.discovery) - Number(b.discovery) ||
      levelRank(a.level) - levelRank(b.level) ||
      byHitsThenId(a, b),
  );
  if (ops.length === 0) return [];
  const hits = ops.reduce((n, o) => n + o.hits, 0);
  return [
    tablePart({
      file,
      name: 'operations',
      // Before the unmatched requests, on the page as in the budget: what the app uses is what its maintainers read
      // first, the requests nothing matched next (hkerma's 308 unmatched patterns kept all but 15 of its 214 operations out).
      priority: 4,
      heading: `All operations used (${plural(ops.length, 'operation')}, ${plural(hits, 'request')})`,
      folded: true,
      header: ['operation', 'level', 'group/version', 'category', 'kind', 'action', 'hits', 'codes', 'conformance', 'callers'],
      align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l', 'l', 'l'],
      rows: ops,
      cells: (o) => [
        operationCell(o),
        o.level,
        mdText(groupVersion(o), 60),
        mdText(categoryName(o.category), 40),
        mdText(o.kind ?? '', 60),
        mdText(o.discovery ? 'discovery' : (o.action ?? ''), 30),
        String(o.hits),
        mdText(formatCodes(o.codes), 80),
        yesNo(o.conformanceTested),
        callersCell(operationCallers(o)),
      ],
    }),
  ];
}

/**
 * Whether an unmatched row goes with the API requests (custom, aggregated or unknown): by its reason, which the rows
 * of patterns past the cap keep (they lose group, version and resource). A method or verb not allowed can be either:
 * by whether the path was an API path, and their rows of other patterns, which mix both, with the other requests.
 */
function isApiRequest(u: Unmatched): boolean {
  switch (u.reason) {
    case 'unknown-group-version':
    case 'unknown-resource':
      return true;
    case 'method-not-allowed':
    case 'unknown-verb':
      return u.group !== undefined || u.version !== undefined;
    default:
      return false;
  }
}

function unmatchedParts(report: Report, file: string): Part[] {
  const byCount = (a: Unmatched, b: Unmatched): number =>
    b.count - a.count || compareText(a.pattern, b.pattern) || compareText(a.verb, b.verb);
  const api = report.unmatched.filter(isApiRequest).sort(byCount);
  const other = report.unmatched.filter((u) => !isApiRequest(u)).sort(byCount);
  const sum = (list: Unmatched[]): number => list.reduce((n, u) => n + u.count, 0);
  // The rows of patterns past the cap (OTHER_PATTERNS) are not patterns: counted apart, so that the count is of patterns.
  const counts = (list: Unmatched[]): string => {
    const others = list.filter((u) => u.pattern === OTHER_PATTERNS).length;
    const patterns = plural(list.length - others, 'pattern') + (others > 0 ? ` and ${plural(others, 'row')} of other patterns` : '');
    return `${patterns}, ${plural(sum(list), 'request')}`;
  };
  const parts: Part[] = [];
  if (api.length > 0) {
    parts.push(
      tablePart({
        file,
        name: 'unmatched API requests',
        priority: 5,
        heading: `Unmatched API requests: custom, aggregated or unknown (${counts(api)})`,
        folded: true,
        header: ['group', 'version', 'resource', 'verb', 'pattern', 'reason', 'requests', 'callers'],
        align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l'],
        rows: api,
        cells: (u) => [
          mdCode(u.group === '' ? 'core' : (u.group ?? '')),
          mdCode(u.version ?? ''),
          mdCode(u.resource ?? ''),
          mdCode(u.verb, VERB_SHOWN),
          mdCode(u.pattern),
          u.reason,
          String(u.count),
          callersCell(operationCallers(u)),
        ],
      }),
    );
  }
  if (other.length > 0) {
    parts.push(
      tablePart({
        file,
        name: 'non-resource URLs',
        priority: 6,
        heading: `Non-resource URLs and other unmatched requests (${counts(other)})`,
        folded: true,
        header: ['pattern', 'verb', 'reason', 'requests', 'callers'],
        align: ['l', 'l', 'l', 'r', 'l'],
        rows: other,
        cells: (u) => [mdCode(u.pattern), mdCode(u.verb, VERB_SHOWN), u.reason, String(u.count), callersCell(operationCallers(u))],
      }),
    );
  }
  return parts;
}

/** The invalid lines past those listed: "the other one is", "the other 2 are" counted only. */
const otherCounted = (n: number): string => (n === 1 ? 'the other one is counted only.' : `the other ${n} are counted only.`);

function invalidParts(report: Report, file: string): Part[] {
  if (report.invalid.length === 0) return [];
  const invalid = [...report.invalid].sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return [
    tablePart({
      file,
      name: 'invalid lines',
      priority: 7,
      heading: `Invalid lines (${report.summary.invalidLines})`,
      folded: true,
      // report.json lists the first 1000 read; the rest are only counted.
      intro:
        report.summary.invalidLines > report.invalid.length
          ? `${file} lists the first ${report.invalid.length} read; ${otherCounted(report.summary.invalidLines - report.invalid.length)}`
          : undefined,
      header: ['file', 'line', 'problem'],
      align: ['l', 'r', 'l'],
      rows: invalid,
      cells: (l) => [mdCode(l.file, 80), String(l.line), mdCode(l.message)],
    }),
  ];
}
