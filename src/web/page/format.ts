// How the page names things: group and level labels, numbers, callers.
import { type Level, type OperationUsage, removalBound, removalState, type Report } from '../../engine/report.js';
import { NO_USER_AGENT } from '../../engine/select.js';
import { type Caller, compareReleases, formatCodes, isRelease } from '../../render/format.js';
import { CELL_MAX, clip, oneLine } from '../../render/markdown-cells.js';

export const LEVEL_ORDER: Record<Level, number> = { stable: 0, beta: 1, alpha: 2 };

/** '' is the core group; null marks non-resource operations (/version, /healthz …). */
export function groupLabel(group: string | null): string {
  if (group === null) return 'non-resource';
  return group === '' ? 'core' : group;
}

// Made on the first number written, not as the module loads: the CLI loads this module (web/coverage.ts) and writes
// no number with it, and making one loads ICU's number formatting, about 9 ms of every run's start-up (engine/grouped.ts).
let numberFormat: Intl.NumberFormat | undefined;
export function num(n: number): string {
  return (numberFormat ??= new Intl.NumberFormat('en-US')).format(n);
}

/** A count's noun, singular for one: "hit", "hits". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 hit", "1,234 hits": a count with its noun, singular for one. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${plural(n, one, many)}`;
}

export function percent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const p = (100 * part) / whole;
  // Rounded, but never to the ends it has not reached: 199 of 200 tested is not "100%", 1 of 300 not "0%".
  if (part > 0 && p < 0.5) return '<1%';
  if (part < whole && p >= 99.5) return '>99%';
  return `${Math.round(p)}%`;
}

/** How many of some operations' stable ones conformance tests cover, out of those the conformance data rates. */
export interface ConformanceFigure {
  /** Stable operations: the only ones conformance tests cover (beta and alpha are never conformance tested). */
  stable: number;
  /** Stable, conformanceTested true. */
  tested: number;
  /** Stable, conformanceTested true or false: the operations the data says something of. */
  known: number;
  /** Stable, conformanceTested null: watch*, non-resource, custom APIs, or no data loaded. Never counted as untested. */
  unknown: number;
  /** Stable, untested (false) and ineligible by Kubernetes' rules: no gap a conformance test could close. */
  untestedIneligible: number;
}

/**
 * The page's "conformance tested" figure: tested of known, of the stable operations only, as report.md counts.
 * Conformance tests cover GA endpoints only, so beta and alpha ones would only add untested endpoints no test can
 * close (1.36, every operation hit: 523 of 836 "endpoints", 63%, where 523 of the 608 stable ones rated is 86%).
 * APISnoop's data leaves the watch* operations out, so an e2e run's stable endpoints include some 150 of them (1.36:
 * 152 of 760); counted as untested they would put 1.36's coverage at 69% where it is 86% of the 608 the data rates
 * (and 100% of the eligible ones APISnoop publishes).
 */
export function conformanceFigure(ops: ReadonlyArray<Pick<OperationUsage, 'level' | 'conformanceTested' | 'conformanceIneligible'>>): ConformanceFigure {
  let stable = 0;
  let tested = 0;
  let known = 0;
  let untestedIneligible = 0;
  for (const op of ops) {
    if (op.level !== 'stable') continue;
    stable++;
    if (op.conformanceTested === null) continue;
    known++;
    if (op.conformanceTested) tested++;
    else if (op.conformanceIneligible) untestedIneligible++;
  }
  return { stable, tested, known, unknown: stable - known, untestedIneligible };
}

/**
 * An app's "conformance tested" figure, as its card counts it: of its endpoints, discovery left out; null when its
 * report was made without conformance data (an e2e run is its own data). Computed once per app (AppSummary's
 * conformance), so that the card and the conformance view's table of apps say the same of each app: another app's data
 * never rates it.
 */
export function appConformance(r: Pick<Report, 'operations' | 'conformance' | 'selection'>): ConformanceFigure | null {
  if (r.conformance === null && !r.selection.e2e) return null;
  return conformanceFigure(r.operations.filter((op) => !op.discovery));
}

/** "none of its 12 stable endpoints is in the conformance data", "its one stable endpoint is not …": `whose` is "the" or "its". */
export function noneRatedText(stable: number, whose: string): string {
  return stable === 1 ? `${whose} one stable endpoint is not in the conformance data` : `none of ${whose} ${num(stable)} stable endpoints is in the conformance data`;
}

/** "; 152 with no conformance data": what the figure leaves out, said. */
export const unknownNote = (f: Pick<ConformanceFigure, 'unknown'>): string => (f.unknown > 0 ? `; ${num(f.unknown)} with no conformance data` : '');

/** Text from the log cut for a table cell (the whole stays in the cell's title), as report.md cuts it. */
export function clipText(text: string): string {
  return clip(text, CELL_MAX);
}

export function conformanceLabel(tested: boolean | null): string {
  if (tested === true) return 'tested';
  if (tested === false) return 'untested';
  return 'no data';
}

/** A short arc label: "list Pod", "patch Pod status", "batch/v1" (discovery), "get /version". */
export function shortOperation(op: Pick<OperationUsage, 'action' | 'kind' | 'method' | 'path' | 'discovery'>): string {
  if (op.discovery) return op.path.replace(/^\/apis?\/?/, '').replace(/\/$/, '') || op.path.replace(/\//g, '');
  const verb = op.action ?? op.method;
  if (!op.kind) return `${verb} ${op.path}`;
  // A subresource is the literal segment after {name}: /pods/{name}/status, /deployments/{name}/scale.
  const sub = /\{name\}\/([a-z]+)/.exec(op.path)?.[1];
  return sub ? `${verb} ${op.kind} ${sub}` : `${verb} ${op.kind}`;
}

type Labelled = Pick<OperationUsage, 'operationId' | 'action' | 'kind' | 'method' | 'path' | 'discovery' | 'version'>;

/** A path below its group and version, without the namespace: "pods/{name}/proxy/{path}", "deployments/{name}/scale". */
function resourcePath(path: string): string {
  return path
    .replace(/^\/(api\/[^/]+|apis\/[^/]+\/[^/]+)\/?/, '')
    .replace(/^(watch\/)?namespaces\/\{namespace\}\/?/, '$1');
}

/** Each path's segments less those that all of them begin or end with: [deployments/{name}/scale, replicasets/{name}/scale] -> [deployments, replicasets]. */
function pathDifferences(paths: readonly string[]): string[] {
  const split = paths.map((p) => p.split('/'));
  const shortest = Math.min(...split.map((s) => s.length));
  const all = (at: (s: string[]) => string | undefined) => split.every((s) => at(s) === at(split[0]!));
  let head = 0;
  while (head < shortest && all((s) => s[head])) head++;
  let tail = 0;
  while (tail < shortest - head && all((s) => s[s.length - 1 - tail])) tail++;
  return split.map((s) => s.slice(head, s.length - tail).join('/'));
}

/**
 * The arc labels of one arc's operations (shortOperation), told apart where two would be the same: "list Pod" was
 * both listCoreV1NamespacedPod and listCoreV1PodForAllNamespaces, "get HorizontalPodAutoscaler" both versions. What
 * differs is added after a "·": the version, "all namespaces", the method (connect), else the path below the version.
 */
export function arcLabels(ops: readonly Labelled[]): string[] {
  const labels = ops.map(shortOperation);
  const same = new Map<string, number[]>();
  labels.forEach((l, i) => same.set(l, [...(same.get(l) ?? []), i]));
  for (const members of same.values()) {
    if (members.length < 2) continue;
    const of = members.map((i) => ops[i]!);
    const differ = (f: (op: Labelled) => string) => new Set(of.map(f)).size > 1;
    const namespaced = (op: Labelled) => (/\{namespace\}/.test(op.path) ? '' : 'all namespaces');
    const parts: Array<(op: Labelled) => string> = [];
    if (differ((op) => op.version ?? '')) parts.push((op) => op.version ?? '');
    if (differ(namespaced)) parts.push(namespaced);
    if (differ((op) => op.method)) parts.push((op) => op.method.toUpperCase());
    const key = (op: Labelled) => parts.map((p) => p(op)).join('\u0000');
    // Still the same (a proxy with and without {path}, the scale of deployments and of replica sets): what differs
    // in their paths says it ("{path}", "deployments").
    if (new Set(of.map(key)).size < of.length) {
      const tails = pathDifferences(of.map((op) => resourcePath(op.path)));
      parts.push((op) => tails[of.indexOf(op)]!);
    }
    for (const i of members) {
      const extra = parts.map((p) => p(ops[i]!)).filter(Boolean);
      if (extra.length > 0) labels[i] = `${labels[i]} · ${extra.join(' ')}`;
    }
  }
  // Two operations of one method and path (custom APIs named twice): their ids.
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  return labels.map((l, i) => (count.get(l)! > 1 ? ops[i]!.operationId : l));
}

/**
 * Everyone the report lists as calling an operation: user agents, then users not already named, marked as users. The
 * "(none)" of requests without a user agent is left out when users are listed: they name the callers, as report.md does.
 */
export function callers(op: Pick<OperationUsage, 'userAgents' | 'users'>): Caller[] {
  const named = new Set(op.userAgents);
  const users = op.users.filter((u) => !named.has(u));
  const agents = users.length > 0 ? op.userAgents.filter((a) => a !== NO_USER_AGENT) : op.userAgents;
  return [...agents.map((name) => ({ name, user: false })), ...users.map((name) => ({ name, user: true }))];
}

/**
 * A caller as every list of the page names it: a user says so (user alice), as report.md's tables do; on one line, so
 * that a list of them one a line (a cell, a tooltip) reads as many callers as there are.
 */
export const callerName = (c: Caller): string => (c.user ? `user ${oneLine(c.name)}` : oneLine(c.name));

/** A violation's callers (violationCallers) in a sentence: a user standing in for a request without user agent says so. */
export function callersText({ callers: list, truncated }: { callers: readonly Caller[]; truncated: boolean }): string {
  return (list.map(callerName).join(', ') || 'unknown caller') + (truncated ? `, ${AND_OTHERS}` : '');
}

/** Whether more called it than the report lists (the first 100 of each list). */
export const moreCallers = (op: Pick<OperationUsage, 'userAgentsTruncated' | 'usersTruncated'>): boolean => op.userAgentsTruncated === true || op.usersTruncated === true;

/** Said after a list the report cut. */
export const AND_OTHERS = 'and others';

/** Response codes, most frequent first, as report.md and the CSV list them: "404×30 200×28". */
export const codesText = (codes: Record<string, number>): string => formatCodes(codes, '×', num);

/**
 * Whether a conformance test could cover an endpoint: not a beta or alpha one (conformance covers GA endpoints only),
 * nor one Kubernetes' rules leave out; '' when the conformance data does not rate it.
 */
export function eligibleText(r: { level: string; conformanceIneligible?: string | null; conformanceTested: boolean | null }): string {
  if (r.level !== 'stable') return `no: ${r.level}`;
  if (r.conformanceIneligible) return `no: ${r.conformanceIneligible}`;
  return r.conformanceTested === null ? '' : 'yes';
}

/**
 * What breaks on the next upgrade: the soonest release that removes endpoints the app uses, dated as report.md's
 * deprecations table dates them, with how many it removes and how many go in later releases: of the removals the card
 * counts (summary.removedSoon, by the same rule), so that the note adds up to its count. That is every removal dated
 * but those of endpoints the spec no longer serves; of a release not known (a spec that names none), every one.
 * `bound`: the releases checked skip some before it, so it is gone by then, not removed then (the table's "gone by").
 */
export function soonestRemoval(r: Pick<Report, 'operations' | 'kubernetesVersion'>): { release: string; operations: number; later: number; bound: boolean; current: boolean } | null {
  // Deprecated with no removal named (the /watch/ paths) is no removal. An annotated removal at the release analysed,
  // whose spec still serves the endpoint, is one the count counts: dated as the table dates it ("1.22 (this release)").
  const going = r.operations.filter((op) => !op.discovery && removalState(op, r.kubernetesVersion) === 'soon');
  if (going.length === 0) return null;
  const release = going.map((op) => op.removedIn!).reduce((a, b) => (compareReleases(b, a) < 0 ? b : a));
  const first = going.filter((op) => compareReleases(op.removedIn, release) === 0);
  // Removed then when any source dates it so; only a bound when every one of them is.
  const bound = first.every((op) => removalBound(op) !== null);
  // Dated at the release analysed itself: said so, as the table says "(this release)".
  const current = isRelease(r.kubernetesVersion) && compareReleases(release, r.kubernetesVersion) <= 0;
  return { release, operations: first.length, later: going.length - first.length, bound, current };
}

/** The soonest removal as the Deprecated card says it: "removed in 1.16: 4 · 8 more later". */
export function soonestRemovalText(next: NonNullable<ReturnType<typeof soonestRemoval>>): string {
  return `${next.bound ? 'gone by' : 'removed in'} ${next.release}${next.current ? ' (this release)' : ''}: ${num(next.operations)}${next.later > 0 ? ` · ${num(next.later)} more later` : ''}`;
}
