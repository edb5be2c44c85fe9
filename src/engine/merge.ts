// Merge reports of shards (per log, per job, per chart) into the report of the whole, as if the logs had been
// analyzed together: counts add up, sets union, the verdict is recomputed. A request must not straddle shards.
// Reports of the same logs (inputIds), filtered differently, count what the logs hold (requests read) once.
import { MAX_LISTED_INVALID } from './analysis.js';
import { eitherTested } from './conformance-across.js';
import { compareMinor } from './deprecations.js';
import { e2eReleaseNote, e2eReleaseNoteSurface, e2eReleasesUnknown, type E2eReleaseFacts } from './e2e-release.js';
import { MAX_LISTED_CALLERS, truncationFlag, unionListed } from './listed-set.js';
import { cmp, codeBucket, earlier, MAX_LISTED_TESTS, MAX_UNMATCHED_PATTERNS, operationKey, sortOperations, sortUnmatched, summarize, unmatchedApi, unmatchedKey, unmatchedOrder } from './coverage.js';
import { shownPattern } from './operation-index.js';
import { laterReleases, OTHER_PATTERNS, otherRowVerb, SCHEMA_VERSION, shownRowVerb, type Deprecation, type LeastPrivilegeUnchecked, type OperationUsage, type Policy, replacementUncheckedBefore, type Report, type RunNotes, type Selection, type Unmatched, uncheckedLeastPrivilege } from './report.js';
import { mergeRbac } from './merge-rbac.js';
import { withoutUnknownFields } from './report-shape.js';
import { inputIdsOf, logsKey, sameLogGroups, sharedLog } from './same-logs.js';
import { DIFFERENT_SELECTIONS, selectionCriteria } from './select.js';
import { pathShape } from './spec.js';
import { allowCovers, FAIL_ON_ORDER, isCutShort, judge, unselectedParts, type Surface } from './verdict.js';

export class MergeError extends Error {}

const addRecords = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
};
const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])].sort();
const minTs = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : earlier(b, a) ? b : a);
const maxTs = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : earlier(a, b) ? b : a);

// The order in which analyze names a removal's source on a tie (exact ones first), then the records with no removal.
const SOURCE_RANK: Record<Deprecation['source'], number> = { pluto: 0, 'audit-annotation': 1, 'earlier-spec': 2, 'later-spec': 3, spec: 4 };

/**
 * Which report's removal and deprecation record the merged operation keeps, both from the same report so that the
 * record (its source, replacement, lastServedIn) describes the removedIn kept. Negative: a's. The earliest removal
 * (none last); on the same release the source analyze would name; then the tighter bound of a later spec (a
 * lastServedIn absent is exact, else the later one); then the record's text, so that the order of the reports never
 * decides. Reports of the same settings thereby give what analyzing their logs together gives.
 */
function compareRemoval(a: OperationUsage, b: OperationUsage): number {
  if (a.removedIn !== b.removedIn) {
    if (a.removedIn === null || b.removedIn === null) return a.removedIn === null ? 1 : -1;
    // Two texts of releases are never a tie (one not a release would compare as NaN).
    return compareMinor(a.removedIn, b.removedIn) || cmp(a.removedIn, b.removedIn);
  }
  const rank = (d: Deprecation | null): number => (d === null ? Object.keys(SOURCE_RANK).length : SOURCE_RANK[d.source]);
  const bySource = rank(a.deprecation) - rank(b.deprecation);
  if (bySource !== 0) return bySource;
  const [la, lb] = [a.deprecation?.lastServedIn, b.deprecation?.lastServedIn];
  if (la !== lb) return la === undefined ? -1 : lb === undefined ? 1 : compareMinor(lb, la) || cmp(lb, la);
  return cmp(JSON.stringify(a.deprecation), JSON.stringify(b.deprecation));
}

/**
 * An operation of report `r` with, when the release analysed does not serve its replacement, the later releases that
 * report looked in for it (replacementCheckedIn): a merged report may name more, which this part never looked in
 * (`--next-releases none` beside a default run), and one of them may serve it before the release this part found.
 */
function withReplacementLooked(op: OperationUsage, r: Report): OperationUsage {
  const d = op.deprecation;
  if (!d?.replacement || d.replacementServedIn === undefined || d.replacementCheckedIn) return op;
  return { ...op, deprecation: { ...d, replacementCheckedIn: laterReleases(r) } };
}

/**
 * The replacement as two reports of one release found it: the earliest later release either found serving it (the
 * first of every release either looked in: those before it in either part's do not serve it), and every later release
 * either looked in. `kept`: the record of the removal kept (compareRemoval).
 */
function mergeReplacement(kept: Deprecation | null, other: Deprecation | null): Deprecation | null {
  if (kept?.replacementServedIn === undefined || other === null || other.replacement !== kept.replacement || other.replacementServedIn === undefined) return kept;
  const served = [kept.replacementServedIn, other.replacementServedIn].filter((v): v is string => v !== null).sort(compareMinor)[0] ?? null;
  return { ...kept, replacementServedIn: served, replacementCheckedIn: releasesUnion(kept.replacementCheckedIn ?? [], other.replacementCheckedIn ?? []) };
}

const releasesUnion = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])].sort(compareMinor);

/**
 * An operation of the merged report: replacementCheckedIn kept only where it says something the merged report's own
 * later releases do not: none serves it, of fewer releases; or releases before the one found were not looked in.
 */
function withMergedLater(op: OperationUsage, later: readonly string[]): OperationUsage {
  const d = op.deprecation;
  const looked = d?.replacementCheckedIn;
  if (!looked) return op;
  const own = d!.replacementServedIn === null ? releasesUnion(looked, later).length === looked.length && looked.length === later.length : replacementUncheckedBefore(d, later).length === 0;
  if (!own) return op;
  const { replacementCheckedIn: _own, ...deprecation } = d!;
  return { ...op, deprecation };
}

function mergeOperation(a: OperationUsage, b: OperationUsage): OperationUsage {
  const [removal, other] = compareRemoval(a, b) <= 0 ? [a, b] : [b, a];
  return listedOperation({
    ...a,
    deprecated: a.deprecated || b.deprecated,
    hits: a.hits + b.hits,
    codes: addRecords(bucketed(a.codes), bucketed(b.codes)),
    verbs: addRecords(a.verbs, b.verbs),
    userAgents: union(a.userAgents, b.userAgents),
    users: union(a.users, b.users),
    firstSeen: minTs(a.firstSeen, b.firstSeen),
    lastSeen: maxTs(a.lastSeen, b.lastSeen),
    removedIn: removal.removedIn,
    deprecation: mergeReplacement(removal.deprecation, other.deprecation),
    conformanceTested: eitherTested(a.conformanceTested, b.conformanceTested),
    tested: eitherTested(a.tested, b.tested),
    tests: union(a.tests, b.tests),
    // Kept absent when neither report has it (both made before the field): unknown is not "eligible".
    ...('conformanceIneligible' in a || 'conformanceIneligible' in b ? { conformanceIneligible: a.conformanceIneligible ?? b.conformanceIneligible ?? null } : {}),
    ...truncationFlag('userAgentsTruncated', a.userAgentsTruncated === true || b.userAgentsTruncated === true),
    ...truncationFlag('usersTruncated', a.usersTruncated === true || b.usersTruncated === true),
    ...truncationFlag('testsTruncated', a.testsTruncated === true || b.testsTruncated === true),
  });
}

/** A report's codes as analyze now counts them: those that are no HTTP status (an earlier build kept each) together. */
function bucketed(codes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(codes)) {
    const b = codeBucket(k);
    out[b] = (out[b] ?? 0) + n;
  }
  return out;
}

/**
 * An unmatched row as this version classifies it. Discovery of a group the spec served but has no discovery path for
 * (GET /apis/G, /apis/G/V of a served spec's CRD groups) was unknown-resource, /apis/G without its group; it is
 * unknown-group-version with its group now, every such path of a non-matching request is: a report made before,
 * merged with one made since, gave two rows for one pattern.
 */
function currentUnmatched(row: Unmatched): Unmatched {
  const u = shownUnmatched(row);
  if (u.reason !== 'unknown-resource' || !u.pattern.startsWith('/apis/')) return u;
  const shape = pathShape(u.pattern);
  if (!shape.discovery || !shape.group) return u;
  return { ...u, reason: 'unknown-group-version', group: shape.group, version: shape.version ?? '' };
}

/**
 * An unmatched row as this version shows it (shownPattern, shownRowVerb): a report made before quoted a path's text
 * after a ; or a #, a URL's user and host, a requestURI with no slash and a verb no API server writes. Shown so, rows of
 * one kind of request from an old and a new report are one row.
 */
function shownUnmatched(u: Unmatched): Unmatched {
  const verb = shownRowVerb(u.verb);
  if (u.pattern === OTHER_PATTERNS) return verb === u.verb ? u : { ...u, verb };
  const shown = shownPattern(u.pattern);
  if (shown.pattern === u.pattern && verb === u.verb) return u;
  const { group, version: _v, resource: _r, ...rest } = u;
  return { ...rest, pattern: shown.pattern, verb, ...(group !== undefined && shown.api ? unmatchedApi(shown.api) : {}) };
}

function mergeUnmatched(a: Unmatched, b: Unmatched): Unmatched {
  const { userAgentsTruncated: _a, users: _u, usersTruncated: _t, ...rest } = a;
  return listedUnmatched({
    ...rest,
    count: a.count + b.count,
    userAgents: union(a.userAgents, b.userAgents),
    ...truncationFlag('userAgentsTruncated', a.userAgentsTruncated === true || b.userAgentsTruncated === true),
    // Users only when both know them: a report made before unmatched users were kept leaves them unknown, not no one.
    ...(a.users && b.users
      ? { users: union(a.users, b.users), ...truncationFlag('usersTruncated', a.usersTruncated === true || b.usersTruncated === true) }
      : {}),
  });
}

/**
 * The lists cut as analyze cuts them (the first MAX_LISTED_CALLERS in order), the flags last and only when set: for
 * merged lists, and for reports made before the limit, which list every caller (an operation only one report has
 * must not keep more than one that two reports share).
 */
function listedOperation(op: OperationUsage): OperationUsage {
  const { userAgentsTruncated, usersTruncated, testsTruncated, ...rest } = op;
  const codes = Object.keys(op.codes).some((k) => codeBucket(k) !== k) ? bucketed(op.codes) : op.codes;
  if (
    !userAgentsTruncated &&
    !usersTruncated &&
    !testsTruncated &&
    op.users.length <= MAX_LISTED_CALLERS &&
    op.userAgents.length <= MAX_LISTED_CALLERS &&
    op.tests.length <= MAX_LISTED_TESTS
  ) {
    return codes === op.codes ? op : { ...op, codes };
  }
  const userAgents = unionListed(op.userAgents, userAgentsTruncated === true, [], false);
  const users = unionListed(op.users, usersTruncated === true, [], false);
  const tests = unionListed(op.tests, testsTruncated === true, [], false, MAX_LISTED_TESTS);
  return {
    ...rest,
    codes,
    userAgents: userAgents.list,
    users: users.list,
    tests: tests.list,
    ...truncationFlag('userAgentsTruncated', userAgents.truncated),
    ...truncationFlag('usersTruncated', users.truncated),
    ...truncationFlag('testsTruncated', tests.truncated),
  };
}

function listedUnmatched(u: Unmatched): Unmatched {
  const { userAgentsTruncated, users: _u, usersTruncated, ...rest } = u;
  if (!userAgentsTruncated && !usersTruncated && u.userAgents.length <= MAX_LISTED_CALLERS && (u.users?.length ?? 0) <= MAX_LISTED_CALLERS) return u;
  const userAgents = unionListed(u.userAgents, userAgentsTruncated === true, [], false);
  const users = u.users && unionListed(u.users, usersTruncated === true, [], false);
  return {
    ...rest,
    userAgents: userAgents.list,
    ...truncationFlag('userAgentsTruncated', userAgents.truncated),
    ...(users ? { users: users.list, ...truncationFlag('usersTruncated', users.truncated) } : {}),
  };
}

/**
 * The merged unmatched groups cut as analyze cuts them (coverage.ts): the first maxPatterns in unmatchedOrder listed
 * apart, every other one folded into the OTHER_PATTERNS row of its reason and verb, with the reports' own such rows.
 * Exact: a pattern among the first of the whole is among the first of each report that saw it.
 */
export function capUnmatched(groups: Iterable<Unmatched>, maxPatterns = MAX_UNMATCHED_PATTERNS): Unmatched[] {
  const patterns: Unmatched[] = [];
  const others = new Map<string, Unmatched>();
  const fold = (u: Unmatched): void => {
    const verb = otherRowVerb(u.verb);
    const k = unmatchedKey(u.reason, verb, OTHER_PATTERNS);
    const other = others.get(k) ?? { pattern: OTHER_PATTERNS, verb, reason: u.reason, count: 0, userAgents: [], users: [] };
    others.set(k, mergeUnmatched(other, u));
  };
  for (const u of groups) {
    if (u.pattern === OTHER_PATTERNS) fold(u);
    else patterns.push(u);
  }
  if (patterns.length > maxPatterns) {
    patterns.sort(unmatchedOrder);
    for (const u of patterns.splice(maxPatterns)) fold(u);
  }
  return [...patterns, ...others.values()];
}

/** A report among those merged, in a note, where the caller names no file: by app when it has one (a matrix's jobs read logs of one path each, $RUNNER_TEMP/…, the same for all). */
function reportName(reports: Report[], i: number): string {
  const r = reports[i];
  return r.app !== undefined ? `the report of ${r.app} (report ${i + 1})` : `report ${i + 1} (${r.inputs.slice(0, 2).join(', ') || 'no inputs'}${r.inputs.length > 2 ? ', …' : ''})`;
}

/** A selection's criteria in a line, as the merge's notes name it. */
const filterText = (r: Report): string => selectionCriteria(r.selection).join(', ') || '(no filter)';

/** The requests a report judged, as told apart from another's: its app and its filter (shards of one log share both). */
const appAndFilter = (r: Report): string => JSON.stringify([r.app ?? null, filterText(r)]);

/**
 * The selection of the merged whole. Reports of one matrix usually share it; when they do not (one job per chart,
 * each selecting its own), the merged report lists every report's criteria, which are alternatives as within one
 * selection, and says that each report applied only its own to its own logs, or to the same logs (`logs`, the groups
 * of sameLogGroups), where a request two filters kept counts twice. A report that filtered nothing makes the whole
 * unfiltered: listing the others' criteria would claim a filter its requests never went through.
 */
function mergeSelection(reports: Report[], logs: readonly number[][], name: (i: number) => string): { selection: Selection; note?: string; unselected?: string[] } {
  const first = reports[0].selection;
  const texts = reports.map(filterText);
  if (texts.every((t) => t === texts[0])) return { selection: first };
  // Users left out are no filter that keeps: a selection of only those keeps everyone else.
  const unfiltered = reports.some((r) => !r.selection.e2e && selectionCriteria({ ...r.selection, includeSystem: false, excludeUsers: [] }).length === 0);
  // Sorted, as the texts below: the merged selection does not depend on the order of the reports.
  const union = (f: (s: Selection) => string[]): string[] => (unfiltered ? [] : [...new Set(reports.flatMap((r) => f(r.selection)))].sort());
  const selection: Selection = {
    namespaces: union((s) => s.namespaces),
    serviceAccounts: union((s) => s.serviceAccounts),
    users: union((s) => s.users),
    userAgents: union((s) => s.userAgents),
    includeSystem: reports.some((r) => r.selection.includeSystem),
    e2e: !unfiltered && reports.some((r) => r.selection.e2e),
  };
  // Each report left its own out of its own logs, said as the other criteria are: every one of them.
  const excludeUsers = [...new Set(reports.flatMap((r) => r.selection.excludeUsers ?? []))].sort();
  if (excludeUsers.length > 0) selection.excludeUsers = excludeUsers;
  const each = [...new Set(texts)].sort().slice(0, 5).join('; ');
  return {
    selection,
    note:
      `${DIFFERENT_SELECTIONS} (${each}${new Set(texts).size > 5 ? '; …' : ''}): ` +
      (unfiltered ? 'one of them filtered nothing, so the merged report names no filter, but each report applied only its own' : 'the merged report lists every filter, but each report applied only its own') +
      appliedTo(reports, logs, name),
    unselected: unselectedNotes(reports, texts, name),
  };
}

/**
 * The filters that kept none of the requests their reports read, while others kept some: that job's run judged
 * nothing (a typo in its namespace, its app's traffic not in its log), which its own run warned of and the merged
 * whole, judged on the others' requests, said nothing of. Reports of one filter and app (shards of one log) count
 * together here: the note is about the filter; fail-on empty judges each report (unselectedParts).
 */
function unselectedNotes(reports: Report[], texts: string[], name: (i: number) => string): string[] {
  // None selected anything: the whole judged nothing, which nothingJudged (or fail-on empty) says.
  if (reports.every((r) => r.summary.selected === 0)) return [];
  const byFilter = new Map<string, number[]>();
  reports.forEach((r, i) => {
    const k = appAndFilter(r);
    byFilter.set(k, [...(byFilter.get(k) ?? []), i]);
  });
  const notes: string[] = [];
  for (const at of byFilter.values()) {
    const filter = texts[at[0]!]!;
    const read = at.reduce((n, i) => n + reports[i].summary.requests, 0);
    if (read === 0 || at.some((i) => reports[i].summary.selected > 0)) continue;
    const named = at.map(name).sort().slice(0, 3).join(', ') + (at.length > 3 ? ` and ${at.length - 3} more` : '');
    notes.push(
      `${named} selected none of the ${read} requests ${at.length === 1 ? 'it' : 'they'} read (${filter}): the merged verdict judged nothing of ${at.length === 1 ? 'its' : 'their'} logs; ${CHECK_FILTER}`,
    );
  }
  // By their text, not the order of the reports.
  return notes.sort();
}

const CHECK_FILTER = 'check that filter';

/**
 * What the reports applied their filters to, after "each report applied only its own": their own logs, or the same
 * log (read by several reports, counted once in the requests read): a request that two filters kept is counted by
 * both reports, and the merge, holding no request, cannot tell which.
 */
function appliedTo(reports: Report[], logs: readonly number[][], name: (i: number) => string): string {
  const shared = logs.filter((g) => g.length > 1);
  if (shared.length === 0) return ', to its own logs';
  const same = (g: readonly number[], filters: string): string => {
    const inputs = reports[g[0]!]!.inputs;
    const logsText = `${inputs.length === 1 ? 'log' : 'logs'} (${inputs.slice(0, 2).join(', ')}${inputs.length > 2 ? ', …' : ''})`;
    const counted = g.length === 2 ? `a request both ${filters} selected counts in both` : `a request that more than one of ${filters} selected counts in each`;
    return `the same ${logsText}, whose requests read count once: ${counted} (the merge cannot know which)`;
  };
  if (shared.length === 1 && shared[0]!.length === reports.length) return `, all of them to ${same(shared[0]!, 'filters')}`;
  const named = (g: readonly number[]): string => {
    // Reports named by their logs (no file, no app) are the same logs' here: by number.
    const names = g.every((i) => name(i) === reportName(reports, i) && reports[i]!.app === undefined) ? [`reports ${g[0]! + 1}`, ...g.slice(1).map((i) => `${i + 1}`)] : g.map(name).sort();
    return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  };
  // By their names, not the order of the reports.
  const each = shared
    .map((g) => ({ g, names: named(g) }))
    .sort((x, y) => cmp(x.names, y.names))
    .slice(0, 3)
    .map(({ g, names }) => `${names} applied theirs to ${same(g, 'their filters')}`);
  return `, to its own logs, except that ${each.join('; ')}${shared.length > 3 ? `; and ${shared.length - 3} more such groups` : ''}`;
}

/**
 * The reports to count: of those that read the same logs with the same selection (each of them counts the same
 * requests, as a report given twice would), one, the first in countOrder, so that the order of the reports never
 * decides what is counted. The others
 * (`repeats`, each `at` with the report counted in its stead, `of`) still bring what is not counted: least privilege,
 * conformance data, later releases, notes.
 * `notes`: what is said of each report not counted, each named by `name`.
 */
function distinctReads(reports: Report[], name: (i: number) => string): { kept: number[]; repeats: Array<{ at: number; of: number }>; notes: string[] } {
  const groups = new Map<string, number[]>();
  const alone: number[] = [];
  reports.forEach((r, i) => {
    const logs = logsKey(r);
    if (logs === null) {
      alone.push(i);
      return;
    }
    const key = `${logs}\n${JSON.stringify(selectionCriteria(r.selection))}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const kept = [...alone];
  const repeats: Array<{ at: number; of: number }> = [];
  const notes: string[] = [];
  for (const g of groups.values()) {
    const counted = g.reduce((a, b) => (countOrder(reports[b]!, reports[a]!) < 0 ? b : a));
    kept.push(counted);
    for (const i of g.filter((i) => i !== counted)) {
      const r = reports[i]!;
      repeats.push({ at: i, of: counted });
      notes.push(
        `${name(i)} read the same ${r.inputs.length === 1 ? 'log' : 'logs'} as ${name(counted)} and selected the same requests (${filterText(r)}): counted once, as a report given twice is`,
      );
    }
  }
  return { kept: kept.sort((a, b) => a - b), repeats, notes };
}

/**
 * Of two reports of the same requests, which to count (negative: a). The one matched against the spec the merged
 * report names (preferredSpec). Then the one whose parts (a merged report's) more often selected none: fail-on empty
 * judges each part, and a part that judged nothing (a shard without the filter's requests) is not lost to a whole's
 * own analysis of the same logs, which cannot see it: the strictest. Then the one of fewer parts (a whole's analysis
 * before a merge of its shards); then by what they say, so that their order never decides.
 */
function countOrder(a: Report, b: Report): number {
  const [sa, sb] = [a.specs[0], b.specs[0]];
  if (sa !== undefined && sb !== undefined && specIdentity(sa) !== specIdentity(sb)) return preferredSpec(sb, sa) === sa ? -1 : 1;
  const unselected = (r: Report): number => unselectedParts(r.parts ?? []).length;
  return unselected(b) - unselected(a) || (a.parts?.length ?? 0) - (b.parts?.length ?? 0) || cmp(countedText(a), countedText(b));
}

/** A report's text as countOrder compares it: without what names its logs and parts, which copies may name otherwise. */
const countedText = ({ inputs: _i, inputIds: _d, parts, ...r }: Report): string => JSON.stringify({ ...r, parts: parts?.map(({ name: _n, ...p }) => p) });

/**
 * An operation counted (`counted`) with what another report of the same requests says of it besides its counts:
 * whether it is conformance tested (another's data), its removal (another's later releases), its tests.
 */
function withWordOf(counted: OperationUsage, other: OperationUsage): OperationUsage {
  const merged = mergeOperation(counted, other);
  return { ...merged, hits: counted.hits, codes: bucketed(counted.codes), verbs: counted.verbs };
}

/** Whether a run note is one of unselectedNotes (a merged report's, read back and merged again). */
const isUnselectedNote = (note: string): boolean => note.endsWith(`; ${CHECK_FILTER}`);

const conformanceText = (c: Report['conformance']): string => (c ? `${c.release} (${c.source})` : 'none');

/**
 * The conformance data of the merged whole: the reports' own, when they share it. When they do not, the newest
 * release's (then the first by source, so that the order of the reports never decides, as of the specs), and an
 * operation counts as tested when any report says so; the note says what that mixes.
 */
function mergeConformance(reports: Report[]): { conformance: Report['conformance']; note?: string } {
  // Each text once, sorted: the note does not depend on the order of the reports either.
  const texts = [...new Set(reports.map((r) => conformanceText(r.conformance)))].sort();
  const conformance = reports.reduce<Report['conformance']>((a, r) => (r.conformance !== null && (a === null || newerConformance(r.conformance, a)) ? r.conformance : a), null);
  if (texts.length === 1) return { conformance };
  const without = reports.some((r) => r.conformance === null);
  return {
    conformance,
    note:
      `the reports used different conformance data (${texts.join('; ')}): the merged report names ${conformanceText(conformance)}, ` +
      'and an operation counts as conformance tested when any report says so' +
      (without ? '; operations that only the reports without conformance data saw have no entry in it' : ''),
  };
}

/** Whether conformance data a is of a later release than b, or of the same one and first by source. */
function newerConformance(a: NonNullable<Report['conformance']>, b: NonNullable<Report['conformance']>): boolean {
  const d = compareMinor(a.release, b.release) || cmp(a.release, b.release);
  return d > 0 || (d === 0 && cmp(a.source, b.source) < 0);
}

type SpecInfo = Report['specs'][number];
const specText = (s: SpecInfo): string => `${s.source}, ${s.operations} operations`;
/** A spec as told apart from another: its file's name and operations, not its path (shards analyzed in other directories). */
const specIdentity = (s: SpecInfo): string => `${s.source.replace(/^.*[\\/]/, '')}, ${s.operations}`;

/**
 * Of two specs of one release, the one the merged report names: the one with more operations (a cluster's own spec,
 * the release's with the cluster's resources), then the first by source, so that the order of the reports never decides.
 */
const preferredSpec = (a: SpecInfo, b: SpecInfo): SpecInfo => (b.operations > a.operations || (b.operations === a.operations && cmp(b.source, a.source) < 0) ? b : a);

/**
 * The specs of the merged whole: the spec matched against (of the one release of every report; preferredSpec when
 * they differ) and every later release any report checked for removals. Each operation's removal is the earliest any
 * report found. `notes`: what the reports mixed, each text sorted, not in the order of the reports. `kept` and
 * `repeats`: the reports counted and those of the same requests not counted (distinctReads).
 */
function mergeSpecs(reports: Report[], kept: readonly number[], repeats: ReadonlyArray<{ at: number; of: number }>): { specs: Report['specs']; notes: string[] } {
  const matched = reports.map((r) => r.specs[0]).filter((s) => s !== undefined);
  const later = new Map<string, SpecInfo>();
  for (const r of reports) {
    for (const s of r.specs.slice(1)) {
      const prev = later.get(s.kubernetesVersion);
      later.set(s.kubernetesVersion, prev ? preferredSpec(prev, s) : s);
    }
  }
  const first = matched.length > 0 ? matched.reduce(preferredSpec) : undefined;
  const specs = [first, ...[...later.values()].sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion))].filter((s) => s !== undefined);
  const notes: string[] = [];
  // Said only where one app's requests under one filter (the shards of one log) were matched against different specs:
  // legs of other charts, each on a cluster serving its own CRDs, differ by design and judge different requests.
  const specsOf = new Map<string, Set<string>>();
  for (const r of kept.map((i) => reports[i]!)) {
    if (!r.specs[0]) continue;
    const k = appAndFilter(r);
    specsOf.set(k, (specsOf.get(k) ?? new Set()).add(specIdentity(r.specs[0])));
  }
  const identity = (i: number): string | undefined => reports[i]!.specs[0] && specIdentity(reports[i]!.specs[0]);
  // Reports of the same requests count them once, as the one counted matched them (distinctReads).
  const what = [
    ...([...specsOf.values()].some((texts) => texts.size > 1)
      ? ["an API that one spec has and another does not (a cluster's own resources) counts as used in the reports whose spec has it and as unmatched in the others"]
      : []),
    ...(repeats.some(({ at, of }) => identity(at) !== identity(of))
      ? [
          'reports of the same logs and filter count their requests once, as the one matched against the spec of the most operations of theirs matched them: ' +
            'an API that only another of their specs has counts as unmatched',
        ]
      : []),
  ];
  const specTexts = [...new Set(matched.map(specText))].sort();
  if (what.length > 0) {
    notes.push(
      `the reports were matched against different specs of Kubernetes ${reports[0]!.kubernetesVersion} (${specTexts.join('; ')}): the merged report names the one with the most operations (${first!.source}); ` +
        what.join('; '),
    );
  }
  const checked = (r: Report): string => r.specs.slice(1).map((s) => s.kubernetesVersion).join(', ') || 'none';
  const texts = [...new Set(reports.map(checked))].sort();
  if (texts.length > 1) {
    notes.push(`the reports checked different later releases for removals (${texts.join('; ')}): an operation's removal is the earliest any report found, among the releases that report checked`);
  }
  return { specs, notes };
}

/** apisnoop versions in release order (0.9.1 before 0.10.0), by their text where they are not numbers. */
function compareToolVersions(a: string, b: string): number {
  // Semver's order: the numbers, then a pre-release (0.1.0-rc.1) before its release (0.1.0), pre-releases by their
  // dot-separated parts (rc.2 before rc.10: numbers as numbers, before words); else by text.
  const split = (v: string): [number[], string[] | null] => {
    const dash = v.indexOf('-');
    const core = dash === -1 ? v : v.slice(0, dash);
    return [core.split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : NaN)), dash === -1 ? null : v.slice(dash + 1).split('.')];
  };
  const [[pa, preA], [pb, preB]] = [split(a), split(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isNaN(d)) return cmp(a, b);
    if (d !== 0) return d;
  }
  if (preA === null || preB === null) return preA === preB ? cmp(a, b) : preA === null ? 1 : -1;
  for (let i = 0; i < Math.min(preA.length, preB.length); i++) {
    const [x, y] = [preA[i]!, preB[i]!];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    const d = nx && ny ? Number(x) - Number(y) : nx !== ny ? (nx ? -1 : 1) : cmp(x, y);
    if (d !== 0) return d;
  }
  return preA.length - preB.length || cmp(a, b);
}

/** The tool of the merged whole: the latest version that made a report, whatever their order; the note says when they differ. */
function mergeTool(reports: Report[]): { tool: Report['tool']; note?: string } {
  const versions = [...new Set(reports.map((r) => r.tool.version))].sort(compareToolVersions);
  const tool = { ...reports[0]!.tool, version: versions.at(-1)! };
  if (versions.length === 1) return { tool };
  return { tool, note: `the reports were made by different apisnoop versions (${versions.join('; ')}): the merged report names the latest, ${tool.version}; what one version matched or counted differently from another is mixed` };
}

/** A list of rules or allowed names as a set: the order it was written in does not count. */
const listText = (list: readonly string[]): string => [...list].sort().join(',');
// Named as both the CLI's options and the Action's inputs are (--fail-on, fail-on): the notes reach both.
const policyText = (p: Policy): string => `fail-on ${listText(p.failOn) || 'none'}${p.allow.length > 0 ? `, allow ${listText(p.allow)}` : ''}`;

/**
 * The merged verdict's policy: what was given; each part not given is the reports' own, and where they differ, the
 * strictest combination of them, so that the gate does not pass or fail on the order of the reports (artifacts come
 * in the order they were downloaded): every rule any report fails on (the run rules, empty and invalid, then judge the
 * merged whole, as a given --fail-on does), and only what every report's allow list exempts (allowCovers: one allowing
 * extensions and one extensions/v1beta1 allow extensions/v1beta1). The note says so and names the option that chooses.
 */
function mergePolicy(reports: Report[], given: Partial<Policy>, ops: readonly OperationUsage[]): { policy: Policy; note?: string } {
  const own = reports.map((r) => r.verdict.policy);
  const same = (key: keyof Policy): boolean => own.every((p) => JSON.stringify(p[key]) === JSON.stringify(own[0][key]));
  const failOn = given.failOn ?? (same('failOn') ? own[0].failOn : FAIL_ON_ORDER.filter((rule) => own.some((p) => p.failOn.includes(rule))));
  const allow =
    given.allow ?? (same('allow') ? own[0].allow : [...new Set(own.flatMap((p) => p.allow))].filter((a) => own.every((p) => allowCovers(p.allow, a, ops))).sort());
  const policy: Policy = { failOn, allow };
  // Each text once, sorted: the note does not depend on the order of the reports either.
  const texts = (text: (p: Policy) => string): string[] => [...new Set(own.map(text))].sort();
  const failOnText = (rules: readonly string[]): string => listText(rules) || 'none';
  const allowText = (entries: readonly string[]): string => listText(entries) || 'none';
  const strictest = 'the merged verdict uses the strictest combination, every rule any report fails on and only what every report allows';
  if (given.failOn === undefined && given.allow === undefined) {
    const policies = texts(policyText);
    if (policies.length > 1) {
      return { policy, note: `the reports were judged by different policies (${policies.join('; ')}): ${strictest} (${policyText(policy)}); set fail-on and allow (--fail-on, --allow) to choose` };
    }
  } else if (given.allow === undefined && texts((p) => listText(p.allow)).length > 1) {
    const lists = texts((p) => allowText(p.allow));
    return { policy, note: `the reports allow different operations (${lists.join('; ')}): the merged verdict allows only what every report allows (${allowText(allow)}); set allow (--allow) to choose` };
  } else if (given.failOn === undefined && texts((p) => listText(p.failOn)).length > 1) {
    const rules = texts((p) => failOnText(p.failOn));
    return { policy, note: `the reports fail on different rules (${rules.join('; ')}): the merged verdict fails on every rule any report fails on (${failOnText(failOn)}); set fail-on (--fail-on) to choose` };
  }
  return { policy };
}

/**
 * Merge reports; each part of the policy not given is the reports' own, the strictest combination where they differ
 * (mergePolicy). Reports of different releases are refused. `onNote` hears what was left out (fields this version
 * does not know, knownFieldsOnly), what the whole mixes, and the same least privilege judged differently; that the
 * reports selected differently, and least privilege that is not the whole's (mergeRbac), are notices of the merged
 * report's runNotes instead. `allNames`: the reports' files, naming them in both.
 */
export function mergeReports(read: Report[], given: Partial<Policy> = {}, onNote?: (message: string) => void, allNames?: ReadonlyArray<string | undefined>): Report {
  if (read.length === 0) throw new MergeError('nothing to merge');
  const all = read.map((r, i) => knownFieldsOnly(r, (fields) => onNote?.(`${allNames?.[i] ?? reportName(read, i)}: ${fields}`)));
  for (const r of all) {
    if (r.schemaVersion !== SCHEMA_VERSION) throw new MergeError(`report schemaVersion ${r.schemaVersion} is not ${SCHEMA_VERSION}`);
  }
  const versions = [...new Set(all.map((r) => r.kubernetesVersion))];
  if (versions.length > 1) {
    throw new MergeError(`reports are against different Kubernetes releases (${versions.join(', ')}): merge reports of one release`);
  }
  // A report of the same logs and selection as another counts once; all it says besides its counts is kept all the
  // same (its least privilege, conformance data, later releases, policy, run notes and app), whatever the order.
  const allName = (i: number): string => allNames?.[i] ?? reportName(all, i);
  const { kept, repeats, notes: repeatNotes } = distinctReads(all, allName);
  for (const n of repeatNotes) onNote?.(n);
  const reports = kept.map((i) => all[i]!);
  const names = allNames && kept.map((i) => allNames[i]);
  const name = (i: number): string => names?.[i] ?? reportName(reports, i);
  // Reports of the same logs (filtered differently) read the same requests: what they read counts once.
  const logs = sameLogGroups(reports);
  const shared = sharedLog(reports, logs);
  if (shared) {
    onNote?.(
      `${name(shared.a)} and ${name(shared.b)} both read ${shared.file}, beside logs the other did not read: its requests count in the requests read of both, ` +
        'as the merge counts what each report read as a whole; merge reports of the same logs, or of different ones',
    );
  }
  const first = reports[0];
  const ops = new Map<string, OperationUsage>();
  const unmatched = new Map<string, Unmatched>();
  for (const r of reports) {
    for (const read of r.operations) {
      const op = withReplacementLooked(read, r);
      const k = operationKey(op);
      const prev = ops.get(k);
      ops.set(k, prev ? mergeOperation(prev, op) : listedOperation(op));
    }
    for (const row of r.unmatched) {
      const u = currentUnmatched(row);
      const k = unmatchedKey(u.reason, u.verb, u.pattern);
      const prev = unmatched.get(k);
      unmatched.set(k, prev ? mergeUnmatched(prev, u) : listedUnmatched(u));
    }
  }
  // What a report not counted says of the operations its counted report matched (not of those it alone matched:
  // their requests count as the counted report matched them; nor of another report's, whose requests it never read).
  for (const { at, of } of repeats) {
    const matched = new Set(all[of]!.operations.map(operationKey));
    for (const op of all[at]!.operations) {
      const k = operationKey(op);
      if (matched.has(k)) ops.set(k, withWordOf(ops.get(k)!, withReplacementLooked(op, all[at]!)));
    }
  }
  const specs = mergeSpecs(all, kept, repeats);
  const later = laterReleases(specs);
  const operations = sortOperations([...ops.values()].map((op) => withMergedLater(op, later)));
  const sum = (f: (r: Report) => number): number => reports.reduce((n, r) => n + f(r), 0);
  // What the logs hold, once for each group of reports of the same logs (their reports count the same). Those left
  // out by name depend on the filter too: of one log, the most any of its reports left out.
  const once = (f: (r: Report) => number): number => logs.reduce((n, g) => n + Math.max(...g.map((i) => f(reports[i]!))), 0);
  const logReports = logs.map((g) => reports[g[0]!]!);
  const summary = summarize(operations, first.kubernetesVersion, {
    requests: once((r) => r.summary.requests),
    selected: sum((r) => r.summary.selected),
    ...(reports.some((r) => r.summary.excluded !== undefined) ? { excluded: once((r) => r.summary.excluded ?? 0) } : {}),
    matched: sum((r) => r.summary.matched),
    unmatched: sum((r) => r.summary.unmatched),
    invalidLines: once((r) => r.summary.invalidLines),
    events: once((r) => r.summary.events),
  });
  // What the limit on requests in flight cost, when any report's reading reached it: of the logs, as events are.
  if (reports.some((r) => r.summary.countedEarly !== undefined)) {
    Object.assign(summary, { countedEarly: once((r) => r.summary.countedEarly ?? 0), finalStagesDropped: once((r) => r.summary.finalStagesDropped ?? 0) });
  }
  if (reports.some((r) => r.summary.countedEarlyForgotten !== undefined)) Object.assign(summary, { countedEarlyForgotten: once((r) => r.summary.countedEarlyForgotten ?? 0) });
  // Of the selected requests, as selected adds up; left out when a report made before them has e2e tests' requests
  // (said in its note), whose counts would be missing from the sum: the reports' notes are kept as they were instead.
  const e2eKnown = !reports.some(e2eReleasesUnknown);
  if (e2eKnown && reports.some((r) => r.summary.e2eReleases !== undefined)) {
    Object.assign(summary, { e2eReleases: reports.reduce((n, r) => addRecords(n, r.summary.e2eReleases ?? {}), {}) });
  }
  const inputIds = logReports.flatMap(inputIdsOf);
  const { rbac, notes: rbacNotes, notices: rbacNotices } = mergeRbac(all, allName);
  for (const n of rbacNotes) onNote?.(n);
  // Kept in the report (its run notes), not only told: report.md says whose requests were judged, and a line naming
  // one filter would be untrue of the reports that applied another, in apisnoop merge -o and in a later merge alike.
  const { selection, note: selectionNote, unselected = [] } = mergeSelection(reports, logs, name);
  const conformance = mergeConformance(all);
  if (conformance.note) onNote?.(conformance.note);
  for (const n of specs.notes) onNote?.(n);
  const tool = mergeTool(all);
  if (tool.note) onNote?.(tool.note);
  const policy = mergePolicy(all, given, operations);
  if (policy.note) onNote?.(policy.note);
  // A verdict that fails on empty names the reports that selected none as its reason (emptyPartsReason): not said
  // again as a notice above it.
  const failsEmpty = policy.policy.failOn.includes('empty');
  // Least privilege not the whole's is kept in the run notes (said by whoever shows them, once), as the selection's
  // note is: the merged page (the Action's one comment for a matrix) shows whose comparison it is.
  // The reports' notes on e2e tests of another release, each with its own counts, are said once of the whole.
  const e2e = e2eKnown ? { kubernetesVersion: first.kubernetesVersion, conformance: conformance.conformance, summary } : null;
  const runNotes = mergeRunNotes(all, [selectionNote, ...(failsEmpty ? [] : unselected), ...rbacNotices], failsEmpty, e2e);
  const leastPrivilegeUnchecked = mergeUnchecked(all);
  // The first ones, and every place an input broke off (as the analysis lists them).
  const invalid = logReports.flatMap((r) => r.invalid).filter((l, i) => i < MAX_LISTED_INVALID || isCutShort(l.message));
  const { rbac: _firstRbac, app: _firstApp, runNotes: _firstNotes, leastPrivilegeUnchecked: _firstUnchecked, parts: _firstParts, ...rest } = first;
  // Each report with its own counts (a merged one's own parts), named by its file where the caller knows it: the
  // summed summary hides a part that selected nothing, which fail-on empty judges (unselectedParts), naming its
  // filter. Kept for a later merge too.
  const parts = reports.flatMap((r, i) => r.parts ?? [{ name: name(i), requests: r.summary.requests, selected: r.summary.selected, filter: filterText(r), ...(r.app !== undefined ? { app: r.app } : {}) }]);
  // One app's shards keep its name; reports of several named apps make a whole named after all of them (not after
  // the first one's log, which is what a report without a name is called, and so one with an unnamed part).
  const apps = [...new Set(all.map((r) => r.app))].sort((a, b) => cmp(a ?? '', b ?? ''));
  const app = apps.length === 1 ? first.app : apps.every((a) => a !== undefined) ? apps.join(' + ') : undefined;
  if (app === undefined && apps.some((a) => a !== undefined)) {
    onNote?.(`reports of ${apps.filter((a) => a !== undefined).join(', ')} merged with reports of no named app: the merged report names none`);
  }
  const merged: Report = {
    ...rest,
    tool: tool.tool,
    specs: specs.specs,
    conformance: conformance.conformance,
    selection,
    inputs: logReports.flatMap((r) => r.inputs),
    inputIds,
    summary,
    operations,
    unmatched: sortUnmatched(capUnmatched(unmatched.values())),
    invalid,
    // The run rules judge the whole: empty when any report selected nothing, invalid when any had invalid input.
    verdict: judge(operations, policy.policy, { summary, selection, invalid, specs: specs.specs, ...(parts.length > 1 ? { parts } : {}) }),
    ...(rbac ? { rbac } : {}),
    ...(app !== undefined ? { app } : {}),
    ...(runNotes ? { runNotes } : {}),
    // Kept when empty too if a report had it: an empty field says the run problems' words decide nothing (an older
    // report's fallback), which a merged report without it would let them do again.
    ...(leastPrivilegeUnchecked.length > 0 || all.some((r) => r.leastPrivilegeUnchecked !== undefined) ? { leastPrivilegeUnchecked } : {}),
    // A merge of one report (the comment workflow of fork PRs reading one back) is of no parts.
    ...(parts.length > 1 ? { parts } : {}),
  };
  // None told (the first report's, if it had any, are not the merged inputs'): none said.
  if (!inputIds.some((id) => id !== null)) delete merged.inputIds;
  return merged;
}

/**
 * A report with only the fields this apisnoop knows: a later one's report of the same schemaVersion may carry more
 * (fields are only added within a version), which the merged report, written as the shipped schema says, leaves out.
 * `say` hears which, once.
 */
function knownFieldsOnly(r: Report, say: (fields: string) => void): Report {
  const { report, leftOut } = withoutUnknownFields(r);
  if (leftOut.length > 0) {
    const shown = leftOut.slice(0, 10).join(', ') + (leftOut.length > 10 ? ` and ${leftOut.length - 10} more` : '');
    say(`${leftOut.length === 1 ? 'a field' : 'fields'} this apisnoop does not know, left out of the merged report (a later apisnoop's, or added by hand): ${shown}`);
  }
  return report;
}

/**
 * Least privilege needed and not checked, of every report (a report made before the field says it in its run problems
 * only: read from them, so the merged whole, which has the field, still fails on it), each once, with the app of its
 * run so that a merge of several apps says whose; sorted, so that it does not depend on the reports' order.
 */
function mergeUnchecked(reports: Report[]): LeastPrivilegeUnchecked[] {
  const all = new Map<string, LeastPrivilegeUnchecked>();
  for (const r of reports) {
    for (const u of uncheckedLeastPrivilege(r)) {
      const app = u.app ?? r.app;
      all.set(JSON.stringify([app ?? '', u.why]), { ...(app !== undefined ? { app } : {}), why: u.why });
    }
  }
  return [...all.entries()].sort(([a], [b]) => cmp(a, b)).map(([, u]) => u);
}

/**
 * Each report's run notes, each once, in order; named after their app when the reports are of several. Their notes on
 * e2e tests of another release than the spec's (each of its own counts) give way to the one of `whole`, the merged
 * counts (e2eReleaseNote), as analyze of all the logs says it; with no `whole` (a report made before the counts were
 * kept has e2e tests' requests), they are kept as they were. Then the merge's own notices: the reports selected differently (DIFFERENT_SELECTIONS), a least-privilege comparison kept is
 * not the merged whole's but one report's (mergeRbac).
 * `failsEmpty`: the merged verdict fails on empty, naming every part that selected none (its parts are the merged
 * reports' parts), so a merged report's notice of one is not carried; judged without it, a merged report that failed
 * on empty by its parts (which said them as that failure, not as a notice) has that reason carried as a notice.
 */
function mergeRunNotes(reports: Report[], ownNotes: ReadonlyArray<string | undefined>, failsEmpty: boolean, whole: E2eReleaseFacts | null): RunNotes | undefined {
  const several = new Set(reports.map((r) => r.app)).size > 1;
  const problems = new Set<string>();
  const notices = new Set<string>();
  // Said in the Action when any report's was: the option it names is the Action's input.
  let e2eSurface: Surface = 'cli';
  const isE2eNote = (n: string, r: Report): boolean => {
    if (!whole) return false;
    const surface = e2eReleaseNoteSurface(n, r);
    if (surface === 'action') e2eSurface = surface;
    return surface !== null;
  };
  // The reports in an order of their own (each one's notes in theirs): the merged notes do not depend on the reports'.
  const notesKey = (r: Report): string => JSON.stringify([r.app ?? '', r.runNotes ?? null, r.verdict.runFailures ?? null]);
  for (const r of [...reports].sort((a, b) => cmp(notesKey(a), notesKey(b)))) {
    const at = several && r.app !== undefined ? `${r.app}: ` : '';
    for (const p of r.runNotes?.problems ?? []) problems.add(at + p);
    for (const n of r.runNotes?.notices ?? []) if (!(failsEmpty && isUnselectedNote(n)) && !isE2eNote(n, r)) notices.add(at + n);
    // Its whole selected some (else this merge's own notice names it): the failure named its parts that selected none.
    const emptyParts = r.parts && r.summary.selected > 0 ? r.verdict.runFailures?.find((f) => f.rule === 'empty') : undefined;
    if (!failsEmpty && emptyParts) notices.add(at + emptyParts.why);
  }
  // Where analyze of all the logs says it: after what the runs said.
  const e2e = whole && e2eReleaseNote(whole, e2eSurface);
  if (e2e) notices.add(e2e);
  for (const n of ownNotes) if (n) notices.add(n);
  return problems.size + notices.size > 0 ? { problems: [...problems], notices: [...notices] } : undefined;
}
