// Plain-text facts about a report that the Markdown and CSV renderers both print the same way.
import { conformanceAcross } from '../engine/conformance-across.js';
import { laterReleases, LEVELS, type Level, type OperationUsage, type Report, replacementLookedIn, replacementUncheckedBefore, rulesOf, type Violation } from '../engine/report.js';
import { DIFFERENT_SELECTIONS, NO_USER_AGENT } from '../engine/select.js';
import { pathShape } from '../engine/spec.js';

/** stable < beta < alpha: the order every table lists levels in. */
export function levelRank(level: Level): number {
  const rank = LEVELS.indexOf(level);
  return rank < 0 ? LEVELS.length : rank;
}

/** Compares Kubernetes releases ("1.25", "v1.25.0", "1.9") numerically; anything unparsable sorts last, by text. */
export function compareReleases(a: string | null | undefined, b: string | null | undefined): number {
  const pa = parseRelease(a);
  const pb = parseRelease(b);
  if (pa && pb) {
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return compareText(a ?? '', b ?? '');
}

function parseRelease(value: string | null | undefined): number[] | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(value ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** Whether a report's kubernetesVersion names a release ("unknown" for a spec that names none). */
export const isRelease = (value: string): boolean => parseRelease(value) !== null;

/** Locale-independent comparison, so row order is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function methodUpper(method: string): string {
  return method.toUpperCase();
}

/** "GET /api/v1/namespaces/{namespace}/pods" */
export function methodPath(op: { method: string; path: string }): string {
  return `${methodUpper(op.method)} ${op.path}`;
}

/** "core/v1", "apps/v1", "rbac.authorization.k8s.io/v1beta1"; discovery of a group gives the group; "" for non-resource. */
export function groupVersion(op: { group: string | null; version: string | null }): string {
  if (op.group === null) return '';
  const group = op.group === '' ? 'core' : op.group;
  return op.version ? `${group}/${op.version}` : group;
}

/** Response codes, most frequent first: "200×12 404×1". */
export function formatCodes(codes: Record<string, number>, times = '×', count: (n: number) => string = String): string {
  return Object.entries(codes)
    .sort(([ca, na], [cb, nb]) => nb - na || compareText(ca, cb))
    .map(([code, n]) => `${code}${times}${count(n)}`)
    .join(' ');
}

/** How the empty verb is said in the CSV (report.json keeps the log's `""`). */
const EMPTY_VERB = '(empty)';

/**
 * Audit verbs with counts, as formatCodes says them. The API server writes OPTIONS through a proxy with the empty
 * verb: said `(empty)`, where the bare `=1` read as nothing (and a spreadsheet formula, guarded into `'=1`).
 */
export const formatVerbs = (verbs: Record<string, number>, times = '×', count: (n: number) => string = String): string =>
  formatCodes(Object.fromEntries(Object.entries(verbs).map(([v, n]) => [v === '' ? EMPTY_VERB : v, n])), times, count);

/** APISnoop's own wording for an empty category. */
export function categoryName(category: string): string {
  return category === '' ? 'uncategorized' : category;
}

/** Stable, non-discovery operations the conformance data says no conformance test covers. */
export function isStableUntested(op: OperationUsage): boolean {
  return op.level === 'stable' && !op.discovery && op.conformanceTested === false;
}

/** Stable operations used whose conformance is unknown: the summary's count, or for reports made before it, counted. */
export function stableConformanceUnknown(report: Pick<Report, 'summary' | 'operations'>): number {
  return (
    report.summary.stableConformanceUnknown ??
    report.operations.filter((o) => o.level === 'stable' && !o.discovery && typeof o.conformanceTested !== 'boolean').length
  );
}

/**
 * summary.stableUntested, or null when it says nothing: every stable operation used has unknown conformance (no
 * conformance data was loaded, or only watch and non-resource operations were used), so its 0 is not a finding.
 */
export function knownStableUntested(report: Pick<Report, 'summary' | 'operations'>): number | null {
  const stable = report.summary.byLevel.stable.operations;
  return stable > 0 && stableConformanceUnknown(report) >= stable ? null : report.summary.stableUntested;
}

/** Of the known stable untested, those eligible for conformance (the real gaps); null when the untested count is unknown. */
export function knownStableUntestedEligible(report: Pick<Report, 'summary' | 'operations'>): number | null {
  if (knownStableUntested(report) === null) return null;
  return report.summary.stableUntestedEligible ?? report.operations.filter((o) => isStableUntested(o) && !o.conformanceIneligible).length;
}

/** Deprecated now, or gone in a later release checked. Discovery is not use of the API, as in summary.removedSoon. */
export function isAtRisk(op: OperationUsage): boolean {
  return !op.discovery && (op.deprecated || op.removedIn !== null || op.deprecation !== null);
}

/** The release in which the operation disappears, whichever source said so. */
export function removedIn(op: OperationUsage): string | null {
  return op.removedIn ?? op.deprecation?.removedIn ?? null;
}

/**
 * What to move to, as report.md's deprecation table and the CSV say it: the replacement, and when the release analysed
 * does not serve it yet (deprecation.replacementServedIn), which later release does, as the verdict says.
 */
export function replacementCell(o: Pick<OperationUsage, 'deprecation'>, report: Pick<Report, 'kubernetesVersion' | 'specs'>): string {
  const d = o.deprecation;
  if (!d?.replacement) return '';
  if (d.replacementServedIn === undefined) return d.replacement;
  const release = report.kubernetesVersion;
  if (d.replacementServedIn !== null) {
    // As the verdict says it: releases before it that no part of a merged report looked in.
    const unchecked = replacementUncheckedBefore(d, laterReleases(report));
    return `${d.replacement} (not served by ${release}; Kubernetes ${d.replacementServedIn} serves it${unchecked.length > 0 ? `; ${unchecked.join(', ')} not checked for it` : ''})`;
  }
  // A merged report's part may have looked in fewer later releases than the report names (replacementLookedIn).
  const looked = replacementLookedIn(d, report)!;
  if (looked.releases.length === 0) return `${d.replacement} (not served by ${release}; no later release checked${looked.own ? '' : ' for it'})`;
  return looked.own
    ? `${d.replacement} (not served by ${release} nor by the later releases checked)`
    : `${d.replacement} (not served by ${release} nor by ${looked.releases.join(', ')}, the later releases checked for it)`;
}

/** One operation of several apps' reports, described once: a row of the coverage spreadsheet. */
export interface SharedOperation {
  /** The first report's: its level, category and classification. */
  op: OperationUsage;
  /** Each report's own, in the order given; undefined where the app did not call it. */
  perApp: Array<OperationUsage | undefined>;
  conformanceTested: boolean | null;
  /** The release of the conformance data conformanceTested is of (an e2e run's own tests: its release); null when unknown. */
  conformanceRelease: string | null;
  tested: boolean | null;
  conformanceIneligible: string | null;
  /** The earliest removal any report knows. */
  removedIn: string | null;
  deprecated: boolean;
}

/**
 * The operations of several reports as the coverage spreadsheet describes them, one each (same operationId, method and
 * path): coverage-spreadsheet.csv and the page's Compare are the same table and must say the same. The first report
 * that has an operation classifies it, the first that knows it gives its ineligibility, the earliest removal any
 * report knows its removal, and any report saying deprecated makes it so. In the order first met. Conformance and
 * tested are those of one release, as conformanceAcross tells: the newest release whose published data knows the
 * operation (else an e2e run's own tests), tested when any report of that release says so.
 */
export function sharedOperations(reports: ReadonlyArray<Pick<Report, 'operations' | 'conformance' | 'kubernetesVersion'>>): SharedOperation[] {
  const key = (o: OperationUsage): string => `${o.operationId}\u0000${o.method}\u0000${o.path}`;
  const union = new Map<string, SharedOperation>();
  reports.forEach((report, app) => {
    for (const o of report.operations) {
      let entry = union.get(key(o));
      if (!entry) {
        entry = { op: o, perApp: reports.map(() => undefined), conformanceTested: null, conformanceRelease: null, tested: null, conformanceIneligible: null, removedIn: null, deprecated: false };
        union.set(key(o), entry);
      }
      entry.perApp[app] = o;
      entry.conformanceIneligible ??= o.conformanceIneligible ?? null;
      entry.deprecated ||= o.deprecated;
      const r = removedIn(o);
      if (r !== null && (entry.removedIn === null || compareReleases(r, entry.removedIn) < 0)) entry.removedIn = r;
    }
  });
  for (const entry of union.values()) {
    const words = (field: 'conformanceTested' | 'tested') => entry.perApp.flatMap((o, i) => (o ? [{ said: o[field], report: reports[i]! }] : []));
    ({ said: entry.conformanceTested, release: entry.conformanceRelease } = conformanceAcross(words('conformanceTested')));
    entry.tested = conformanceAcross(words('tested')).said;
  }
  return [...union.values()];
}

/**
 * Of the unmatched requests, client-go's discovery of the groups and versions a spec does not describe (GET
 * /apis/{group} and /apis/{group}/{version} of CRDs, aggregated APIs and versions of another release, for every group,
 * on every refresh): most of a busy cluster's unmatched count, and no API the app calls. report.md and report.html
 * say it, so that the count does not read as that many calls. Group discovery as the spec's pathShape tells it (not
 * /apis, nor core's /api). A report made before such discovery of a group the spec served (a served spec's CRD
 * groups) was unknown-group-version has it as unknown-resource: no other request of that shape is.
 */
export function unservedDiscovery(report: Pick<Report, 'unmatched'>): number {
  const groupDiscovery = (pattern: string) => {
    const shape = pathShape(pattern);
    return shape.discovery && !!shape.group;
  };
  const unserved = (reason: string) => reason === 'unknown-group-version' || reason === 'unknown-resource';
  return report.unmatched.filter((u) => unserved(u.reason) && u.verb === 'get' && groupDiscovery(u.pattern)).reduce((n, u) => n + u.count, 0);
}

/** A caller as the tables show it: a user agent, or a user (`user: true`) standing in for requests that had none. */
export interface Caller {
  name: string;
  user: boolean;
}

/** An operation's callers, or an unmatched group's (whose users a report made before them lacks). */
type CallerFields = Pick<OperationUsage, 'userAgents' | 'userAgentsTruncated' | 'usersTruncated'> & { users?: readonly string[] };

/**
 * Who called an operation (or sent an unmatched group's requests), by user agent; where some of its requests came
 * with none (report.json's "(none)": a log whose writer sets no userAgent, as audit2rbac's), its users instead of that
 * "(none)", which names no one. The users are all of the operation's, as report.json does not pair users with user
 * agents. `truncated`: report.json lists only the first of a list shown, and there were more.
 */
export function operationCallers(op: CallerFields): { callers: Caller[]; truncated: boolean } {
  const agents = op.userAgents.filter((a) => a !== NO_USER_AGENT).map((name) => ({ name, user: false }));
  const users = (op.users ?? []).filter((u) => u !== NO_USER_AGENT);
  if (agents.length === op.userAgents.length || users.length === 0) {
    return { callers: op.userAgents.map((name) => ({ name, user: false })), truncated: op.userAgentsTruncated === true };
  }
  return {
    callers: [...agents, ...users.map((name) => ({ name, user: true }))],
    truncated: op.userAgentsTruncated === true || op.usersTruncated === true,
  };
}

/** A violation's callers: its user agents, and for a "(none)" among them its operation's users (operationCallers). */
export function violationCallers(report: Pick<Report, 'operations'>): (v: Violation) => { callers: Caller[]; truncated: boolean } {
  const key = (o: Pick<Violation, 'operationId' | 'method' | 'path'>): string => `${o.operationId} ${o.method} ${o.path}`;
  const ops = new Map(report.operations.map((o) => [key(o), o]));
  return (v) => {
    const op = ops.get(key(v));
    return operationCallers({ userAgents: v.callers, userAgentsTruncated: v.callersTruncated, users: op?.users ?? [], usersTruncated: op?.usersTruncated });
  };
}

/**
 * The allow list that would pass what the verdict failed on: the entries given, then the API group/version of each
 * violation (core/v1 for the core group), or its operationId where it has none. [] when no operation failed.
 */
export function allowToPass(report: Pick<Report, 'operations' | 'verdict'>): string[] {
  const key = (o: Pick<Violation, 'operationId' | 'method' | 'path'>): string => `${o.operationId} ${o.method} ${o.path}`;
  const ops = new Map(report.operations.map((o) => [key(o), o]));
  const entries = report.verdict.violations.map((v) => {
    const op = ops.get(key(v));
    return (op && op.version ? groupVersion(op) : '') || v.operationId;
  });
  if (entries.length === 0) return [];
  return [...new Set([...report.verdict.policy.allow, ...entries.sort(compareText)])];
}

// Values of each criterion named on the line; report.json lists them all.
const SELECTION_SHOWN = 3;

// What --include-system (include-system) keeps besides the app's requests (isSystemRequest).
const SYSTEM_INCLUDED = 'system components and anonymous health checks included';

/**
 * Whose requests were judged (report.json's selection), so that a reader can tell an app's verdict from one over
 * everyone's traffic. The criteria are alternatives, as requestFilter applies them; e2e mode replaces them all.
 * `code` quotes a value from the user: a code span in report.md, plain text on the page; `notes` is where the
 * notice of a merge's different filters is, above the line in report.md and below it on the page.
 */
export function selectionText(
  report: Pick<Report, 'selection' | 'runNotes'> & { summary?: Pick<Report['summary'], 'excluded'> },
  code: (value: string) => string,
  notes = 'the notes above',
): string {
  const sel = report.selection;
  // A merge of reports that selected differently names the union (or no filter): true of none of them alone.
  if ((report.runNotes?.notices ?? []).some((n) => n.includes(DIFFERENT_SELECTIONS))) {
    return `Selected: each merged report's requests by its own filter, and the filters differ (see ${notes}).`;
  }
  if (sel.e2e) return `Selected: the e2e tests' requests (user agent ${code('e2e.test')}…).`;
  const named = (one: string, many: string, values: readonly string[]): string[] => {
    if (values.length === 0) return [];
    const shown = values.slice(0, SELECTION_SHOWN).map(code);
    const more = values.length > SELECTION_SHOWN ? ` and ${values.length - SELECTION_SHOWN} more` : '';
    return [`${values.length === 1 ? one : many} ${shown.join(', ')}${more}`];
  };
  const criteria = [
    ...named('namespace', 'namespaces', sel.namespaces),
    ...named('service account', 'service accounts', sel.serviceAccounts),
    ...named('user', 'users', sel.users),
    ...named('user agent', 'user agents', sel.userAgents),
  ];
  // Read and left out wherever they act (the Action's setup-command): said with their share, not silently gone.
  const excluded = report.summary?.excluded;
  const [left] = named('user', 'users', sel.excludeUsers ?? []);
  const leftOut = left ? ` Left out wherever they act: ${left}${excluded !== undefined ? ` (${excluded} request${excluded === 1 ? '' : 's'})` : ''}.` : '';
  if (criteria.length === 0) {
    return (
      (sel.includeSystem ? `Selected: all requests, ${SYSTEM_INCLUDED} (no filter).` : "Selected: all requests but Kubernetes' system components and anonymous health checks (no filter).") + leftOut
    );
  }
  return `Selected (any of): ${criteria.join('; ')}${sel.includeSystem ? `; ${SYSTEM_INCLUDED}` : ''}.${leftOut}`;
}

// Most urgent first: what is already gone in a later release, then what is going, then the unstable levels.
export const VIOLATION_RULE_ORDER: readonly string[] = ['removed', 'deprecated', 'alpha', 'beta'];
export const ruleRank = (rule: string): number => (VIOLATION_RULE_ORDER.includes(rule) ? VIOLATION_RULE_ORDER.indexOf(rule) : VIOLATION_RULE_ORDER.length);

/**
 * A report's violations, most urgent first: by the most urgent of their operation's reasons, whether or not the policy
 * fails on it (with fail-on beta, a beta API removed in the next release came after a beta API that stays, having
 * fewer hits), the earliest removal first, then the most hits, and only then the rule the policy fails it on (an alpha
 * API removed in 1.31 came before a beta one gone in 1.25, already gone on 1.28, for alpha ranking above beta). The
 * comment's table, the Action's step error and the CLI's closing lines name them so.
 */
export function violationsByUrgency(report: Pick<Report, 'verdict' | 'operations'>): Violation[] {
  const ops = new Map(report.operations.map((op) => [`${op.operationId} ${op.method} ${op.path}`, op]));
  const ranked = report.verdict.violations.map((v) => {
    const op = ops.get(`${v.operationId} ${v.method} ${v.path}`);
    const reasons: string[] = [...rulesOf(v), ...(op?.removedIn ? ['removed'] : []), ...(op?.deprecated ? ['deprecated'] : [])];
    return { v, rank: Math.min(...reasons.map(ruleRank)), removedIn: op?.removedIn ?? null };
  });
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareReleases(a.removedIn, b.removedIn) ||
      b.v.hits - a.v.hits ||
      ruleRank(a.v.rule) - ruleRank(b.v.rule) ||
      compareText(a.v.operationId, b.v.operationId) ||
      compareText(a.v.method, b.v.method),
  );
  return ranked.map((r) => r.v);
}

/**
 * The operations that break the policy, most urgent first, each once. A report made before violations named every rule
 * they break (`rules`) has a violation per rule (an operation removed and beta twice), and one is read by `load-audit`
 * and the releases' fan-in as any other.
 */
export function violatingOperations(report: Pick<Report, 'verdict' | 'operations'>): Violation[] {
  const seen = new Set<string>();
  return violationsByUrgency(report).filter((v) => {
    const key = `${v.operationId} ${v.method} ${v.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
