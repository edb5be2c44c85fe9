// Coverage: per operation hits, codes, callers, first/last seen; unmatched requests grouped by pattern and reason.
import type { Request } from './audit.js';
import type { ApiPathInfo, MatchResult } from './operation-index.js';
import { OTHER_PATTERNS, otherRowVerb, removalState, shownVerb, type LevelCount, type Operation, type OperationUsage, type Summary, type Unmatched, type UnmatchedReason } from './report.js';
import { compareMinor, isMinor } from './deprecations.js';
import { heapify, siftDown } from './max-heap.js';
import { ListedSet, MAX_LISTED_CALLERS, truncationFlag, type Listed } from './listed-set.js';
import { e2eRelease, e2eTestName, effectiveUser, userAgentProgram } from './select.js';
import { minorVersion } from './spec.js';

export interface OperationAcc {
  op: Operation;
  hits: number;
  codes: Map<string, number>;
  verbs: Map<string, number>;
  /** The first MAX_LISTED_CALLERS in order (listed-set.ts): callers can come by the million. */
  userAgents: ListedSet;
  users: ListedSet;
  /**
   * The e2e tests that hit it: the first MAX_LISTED_TESTS in order (listed-set.ts), which holds a whole e2e suite; a
   * log of made-up test names can hold millions.
   */
  tests: ListedSet;
  /** Whether a [Conformance] test hit it, whichever tests are listed: the verdict must not depend on the cap. */
  conformanceTest: boolean;
  firstSeen: string | null;
  lastSeen: string | null;
  deprecatedAnnotation: boolean;
  removedRelease: string | null;
  /** The last k8s.io/removed-release folded into removedRelease: the same value again changes nothing. */
  removedSeen: string | null;
}

export interface UnmatchedAcc {
  u: Unmatched;
  userAgents: ListedSet;
  users: ListedSet;
}

/**
 * An accumulator as another thread's part brings it: copied by structured clone, so its ListedSets are plain data
 * (their members and flag, no methods).
 */
export type OperationPart = Omit<OperationAcc, 'users' | 'userAgents' | 'tests'> & { users: Listed; userAgents: Listed; tests: Listed };
export type UnmatchedPart = Omit<UnmatchedAcc, 'users' | 'userAgents'> & { users: Listed; userAgents: Listed };

/** A ListedSet of its own holding what a part's list holds (a structured clone's has no methods). */
const listedFrom = (part: Listed, limit = MAX_LISTED_CALLERS): ListedSet => {
  const set = new ListedSet(limit);
  set.addAll(part);
  return set;
};

/** The keys of operations and unmatchedGroups, which merge.ts sums reports by too. */
export const operationKey = (op: Pick<Operation, 'operationId' | 'method'>): string => `${op.operationId} ${op.method}`;
export const unmatchedKey = (reason: string, verb: string, pattern: string): string => `${reason} ${verb} ${pattern}`;

const inc = (m: Map<string, number>, k: string, by = 1): void => {
  m.set(k, (m.get(k) ?? 0) + by);
};

export const sortedRecord = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The e2e tests listed per operation: more than a whole e2e suite (some 7,000 specs; APISnoop's runs hit the busiest
 * operations with about 1,100 tests), so a real run lists every one; a log of made-up test names stops there.
 */
export const MAX_LISTED_TESTS = 10_000;

/**
 * The codes key of responses whose code is no HTTP status (100–599): counted together, so that a log of made-up
 * codes (a million distinct ones) does not grow the report with a key each.
 */
export const OTHER_CODES = 'other';

/** The codes' keys as shared strings (String(code) for every request was a tenth of add). */
const CODE_KEYS: string[] = [];
const codeKey = (code: number | undefined): string => {
  if (code === undefined) return 'unknown';
  return Number.isInteger(code) && code >= 100 && code <= 599 ? (CODE_KEYS[code] ??= String(code)) : OTHER_CODES;
};

/** A codes key of a report (made by an earlier build, which kept every code) as this one counts it. */
export const codeBucket = (key: string): string => (key === 'unknown' || /^[1-5]\d\d$/.test(key) ? key : OTHER_CODES);

/** What add reads from a user agent, remembered per user agent (a few programs make most requests). */
interface AgentInfo {
  program: string;
  test: string | null;
  /** Whether test is a [Conformance] one. */
  conformance: boolean;
  /** The release of the e2e test binary that sent it (e2eRelease), null for another agent. */
  e2eRelease: string | null;
}
/**
 * Whether a string is shaped as the API server writes times (RFC 3339, 2025-01-31T12:00:00…): its punctuation, and
 * its month, day, hour, minute and second in range (2026-13-45T99:99:99Z, sorting after every real date, is no time).
 * By character codes, not a regular expression or Date.parse: a log in time order makes nearly every request the
 * latest so far, and this runs for each.
 */
const isTimestamp = (t: string): boolean =>
  t.length >= 19 &&
  t.charCodeAt(4) === 45 &&
  t.charCodeAt(7) === 45 &&
  t.charCodeAt(10) === 84 &&
  t.charCodeAt(13) === 58 &&
  t.charCodeAt(16) === 58 &&
  twoDigits(t, 0) >= 0 &&
  twoDigits(t, 2) >= 0 &&
  inRange(twoDigits(t, 5), 1, 12) &&
  inRange(twoDigits(t, 8), 1, 31) &&
  inRange(twoDigits(t, 11), 0, 23) &&
  inRange(twoDigits(t, 14), 0, 59) &&
  inRange(twoDigits(t, 17), 0, 59);

/** The number the two digits at i write, or -1 when they are not two digits. */
function twoDigits(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const inRange = (n: number, min: number, max: number): boolean => n >= min && n <= max;

/**
 * Whether RFC 3339 timestamp a is before b. Text order is time order when both are written alike; v1beta1 events
 * ("…:05Z") and v1 ones ("…:05.500000Z") are not, so within the same second the fractions decide.
 */
export function earlier(a: string, b: string): boolean {
  if (a.length === b.length) return a < b;
  const sa = a.slice(0, 19);
  const sb = b.slice(0, 19);
  if (sa !== sb) return sa < sb;
  const fraction = (t: string): number => Number(/^\.(\d+)/.exec(t.slice(19))?.[1]?.padEnd(9, '0').slice(0, 9) ?? 0);
  const [fa, fb] = [fraction(a), fraction(b)];
  // The same instant written two ways ("…:05Z", "…:05.000000Z"), or text that is no timestamp: the text decides,
  // so that which one a report keeps does not depend on the order requests are counted in (threads, shards).
  return fa !== fb ? fa < fb : a < b;
}

const MAX_AGENTS = 10_000;

/**
 * Distinct unmatched patterns listed apart: the first MAX_UNMATCHED_PATTERNS in unmatchedOrder (by reason, then
 * pattern, then verb). The requests of every other pattern are counted in an OTHER_PATTERNS row of their reason and
 * verb. The first N in a fixed order, not the first N seen, for the reason listed-set.ts gives: the report is the
 * same whatever the order of the input, and the same for merged parts (threads, shards, `apisnoop merge`).
 */
export const MAX_UNMATCHED_PATTERNS = 10_000;

/** The reasons of API paths first: a log full of junk URLs (a scanner) does not push a custom API's requests out. */
const REASON_RANK = new Map<string, number>(
  ['unknown-group-version', 'unknown-resource', 'method-not-allowed', 'unknown-verb', 'non-resource-url', 'malformed-uri'].map((r, i) => [r, i]),
);
// Another reason (a hand-made report's, in merge) comes last.
const reasonRank = (reason: string): number => REASON_RANK.get(reason) ?? REASON_RANK.size;

/** The order that decides which unmatched patterns are listed apart (the smallest): reason (REASON_RANK), pattern, verb. */
export function unmatchedOrder(a: Pick<Unmatched, 'reason' | 'verb' | 'pattern'>, b: Pick<Unmatched, 'reason' | 'verb' | 'pattern'>): number {
  return reasonRank(a.reason) - reasonRank(b.reason) || cmp(a.reason, b.reason) || cmp(a.pattern, b.pattern) || cmp(a.verb, b.verb);
}

/** An unmatched row's group, version and resource (with its subresource), read from its path's parts. */
export function unmatchedApi(api: ApiPathInfo): Pick<Unmatched, 'group' | 'version' | 'resource'> {
  const out: Pick<Unmatched, 'group' | 'version' | 'resource'> = { group: api.group, version: api.version };
  if (api.resource) out.resource = api.subresource ? `${api.resource}/${api.subresource}` : api.resource;
  return out;
}

export class Coverage {
  readonly operations = new Map<string, OperationAcc>();
  /** The patterns listed apart, and the OTHER_PATTERNS rows (per reason and verb) of the rest. */
  readonly unmatchedGroups = new Map<string, UnmatchedAcc>();
  /** The same accumulators as `operations`, by the matched Operation object (this thread's index). */
  private readonly byOperation = new Map<Operation, OperationAcc>();
  private readonly agents = new Map<string, AgentInfo>();
  /** How many of unmatchedGroups are patterns listed apart (not OTHER_PATTERNS rows). */
  private patterns = 0;
  /** A max-heap (unmatchedOrder) of the patterns listed apart, built once they are full: the one to fold when a smaller comes. */
  private heap: UnmatchedAcc[] | null = null;
  matched = 0;
  unmatched = 0;
  /**
   * Requests by the release of the e2e test binary that sent them (e2eRelease): a run of another release than the
   * spec's is judged by that release's conformance data, where its own gaps may not show.
   */
  readonly e2eReleases = new Map<string, number>();

  /** maxPatterns: MAX_UNMATCHED_PATTERNS, smaller in tests. */
  constructor(private readonly maxPatterns = MAX_UNMATCHED_PATTERNS) {}

  add(req: Request, m: MatchResult): void {
    const agent = this.agent(req.userAgent);
    if (agent.e2eRelease !== null) inc(this.e2eReleases, agent.e2eRelease);
    if (m.operation) {
      this.matched++;
      const op = m.operation;
      // By the operation object first: building the string key for every request costs more than the rest of add.
      let acc = this.byOperation.get(op);
      if (!acc) {
        const k = operationKey(op);
        acc = this.operations.get(k);
        if (!acc) {
          acc = {
            op,
            hits: 0,
            codes: new Map(),
            verbs: new Map(),
            userAgents: new ListedSet(),
            users: new ListedSet(),
            tests: new ListedSet(MAX_LISTED_TESTS),
            conformanceTest: false,
            firstSeen: null,
            lastSeen: null,
            deprecatedAnnotation: false,
            removedRelease: null,
            removedSeen: null,
          };
          this.operations.set(k, acc);
        }
        this.byOperation.set(op, acc);
      }
      acc.hits++;
      inc(acc.codes, codeKey(req.code));
      inc(acc.verbs, req.verb ?? '(none)');
      acc.userAgents.add(agent.program);
      acc.users.add(effectiveUser(req) || '(none)');
      if (agent.test) {
        acc.tests.add(agent.test);
        if (agent.conformance) acc.conformanceTest = true;
      }
      const t = req.timestamp;
      if (t) {
        // Checked only when it would be kept: text that is no time ("yesterday", sorting after every date) was the
        // operation's last seen. The request still counts; only its time is not taken.
        if ((acc.firstSeen === null || earlier(t, acc.firstSeen)) && isTimestamp(t)) acc.firstSeen = t;
        if ((acc.lastSeen === null || earlier(acc.lastSeen, t)) && isTimestamp(t)) acc.lastSeen = t;
      }
      if (req.deprecatedAnnotation) acc.deprecatedAnnotation = true;
      if (req.removedRelease && req.removedRelease !== acc.removedSeen) {
        // Deprecated APIs' requests all carry it: parsing it for each was 2% of the time on Metadata-level logs.
        acc.removedSeen = req.removedRelease;
        acc.removedRelease = earlierRelease(acc.removedRelease, minorVersion(req.removedRelease) ?? req.removedRelease);
      }
      return;
    }
    this.unmatched++;
    const verb = shownVerb(req.verb);
    const k = unmatchedKey(m.reason, verb, m.pattern);
    const acc =
      this.unmatchedGroups.get(k) ??
      this.group(k, m.reason, verb, m.pattern, () => {
        const u: Unmatched = { pattern: m.pattern, verb, reason: m.reason, count: 0, userAgents: [] };
        return m.api ? Object.assign(u, unmatchedApi(m.api)) : u;
      });
    acc.u.count++;
    acc.userAgents.add(agent.program);
    acc.users.add(effectiveUser(req) || '(none)');
  }

  /**
   * Where the requests of a pattern not in unmatchedGroups go: a group of its own (made with `make`, count 0) while
   * it is among the first maxPatterns in unmatchedOrder, else its OTHER_PATTERNS row. A pattern that comes before the
   * greatest listed apart takes its place, and the greatest is folded into its OTHER_PATTERNS row: bounded memory on
   * hostile or exotic logs, and the same patterns listed whatever the order they come in.
   */
  private group(k: string, reason: UnmatchedReason, verb: string, pattern: string, make: () => Unmatched): UnmatchedAcc {
    // A pattern spelt as the other patterns' row (a malformed requestURI can be anything) is counted in it.
    if (pattern === OTHER_PATTERNS) return this.other(reason, verb);
    if (this.patterns < this.maxPatterns) {
      const acc = { u: make(), userAgents: new ListedSet(), users: new ListedSet() };
      this.unmatchedGroups.set(k, acc);
      this.patterns++;
      return acc;
    }
    const heap = (this.heap ??= heapify([...this.unmatchedGroups.values()].filter((a) => a.u.pattern !== OTHER_PATTERNS), after));
    const greatest = heap[0];
    if (greatest === undefined || unmatchedOrder({ reason, verb, pattern }, greatest.u) > 0) return this.other(reason, verb);
    this.unmatchedGroups.delete(unmatchedKey(greatest.u.reason, greatest.u.verb, greatest.u.pattern));
    const other = this.other(greatest.u.reason, greatest.u.verb);
    other.u.count += greatest.u.count;
    other.userAgents.addAll(greatest.userAgents);
    other.users.addAll(greatest.users);
    const acc = { u: make(), userAgents: new ListedSet(), users: new ListedSet() };
    this.unmatchedGroups.set(k, acc);
    heap[0] = acc;
    siftDown(heap, 0, after);
    return acc;
  }

  /** The OTHER_PATTERNS row of a reason and verb (otherRowVerb). */
  private other(reason: UnmatchedReason, requestVerb: string): UnmatchedAcc {
    const verb = otherRowVerb(requestVerb);
    const k = unmatchedKey(reason, verb, OTHER_PATTERNS);
    let acc = this.unmatchedGroups.get(k);
    if (!acc) {
      acc = { u: { pattern: OTHER_PATTERNS, verb, reason, count: 0, userAgents: [] }, userAgents: new ListedSet(), users: new ListedSet() };
      this.unmatchedGroups.set(k, acc);
    }
    return acc;
  }

  private agent(userAgent: string | undefined): AgentInfo {
    const key = userAgent ?? '';
    let info = this.agents.get(key);
    if (!info) {
      // Bounded: forgotten wholesale when full (e2e agents carry test names, so there can be thousands).
      if (this.agents.size >= MAX_AGENTS) this.agents.clear();
      const test = e2eTestName(userAgent);
      info = { program: userAgentProgram(userAgent), test, conformance: test?.includes('[Conformance]') === true, e2eRelease: e2eRelease(userAgent) };
      this.agents.set(key, info);
    }
    return info;
  }

  /**
   * Add the coverage of another part of the input (a worker's byte ranges), as if its requests had come here. Exact,
   * the unmatched patterns too: a pattern among the first maxPatterns of the whole is among the first of its part,
   * so each part kept its counts apart, and what a part folded into its OTHER_PATTERNS rows is folded here as well.
   */
  absorb(part: {
    matched: number;
    unmatched: number;
    operations: Map<string, OperationPart>;
    unmatchedGroups: Map<string, UnmatchedPart>;
    e2eReleases: Map<string, number>;
  }): void {
    this.matched += part.matched;
    this.unmatched += part.unmatched;
    for (const [release, n] of part.e2eReleases) inc(this.e2eReleases, release, n);
    for (const [k, b] of part.operations) {
      const a = this.operations.get(k);
      if (!a) {
        this.operations.set(k, { ...b, users: listedFrom(b.users), userAgents: listedFrom(b.userAgents), tests: listedFrom(b.tests, MAX_LISTED_TESTS) });
        continue;
      }
      a.hits += b.hits;
      for (const [c, n] of b.codes) inc(a.codes, c, n);
      for (const [v, n] of b.verbs) inc(a.verbs, v, n);
      a.userAgents.addAll(b.userAgents);
      a.users.addAll(b.users);
      a.tests.addAll(b.tests);
      if (b.conformanceTest) a.conformanceTest = true;
      if (b.firstSeen !== null && (a.firstSeen === null || earlier(b.firstSeen, a.firstSeen))) a.firstSeen = b.firstSeen;
      if (b.lastSeen !== null && (a.lastSeen === null || earlier(a.lastSeen, b.lastSeen))) a.lastSeen = b.lastSeen;
      if (b.deprecatedAnnotation) a.deprecatedAnnotation = true;
      if (b.removedRelease) a.removedRelease = earlierRelease(a.removedRelease, b.removedRelease);
    }
    for (const [k, b] of part.unmatchedGroups) {
      const { reason, verb, pattern } = b.u;
      const a = this.unmatchedGroups.get(k) ?? this.group(k, reason, verb, pattern, () => ({ ...b.u, count: 0, userAgents: [] }));
      a.u.count += b.u.count;
      a.userAgents.addAll(b.userAgents);
      a.users.addAll(b.users);
    }
  }

  unmatchedList(): Unmatched[] {
    return sortUnmatched(
      [...this.unmatchedGroups.values()].map((a) => ({
        ...a.u,
        userAgents: a.userAgents.sorted(),
        ...truncationFlag('userAgentsTruncated', a.userAgents.truncated),
        users: a.users.sorted(),
        ...truncationFlag('usersTruncated', a.users.truncated),
      })),
    );
  }
}

/** Whether a group comes after another in unmatchedOrder (the greatest kept is the one folded first). */
const after = (a: UnmatchedAcc, b: UnmatchedAcc): boolean => unmatchedOrder(a.u, b.u) > 0;

export function sortUnmatched(list: Unmatched[]): Unmatched[] {
  return list.sort((a, b) => b.count - a.count || cmp(a.reason, b.reason) || cmp(a.pattern, b.pattern) || cmp(a.verb, b.verb));
}

/** The earlier of two releases ("1.22"): the annotation of any request that says so wins, whatever the order. */
/**
 * The earlier of two k8s.io/removed-release values. A value that is no release (1.NN) is passed over: kept, it stuck
 * or not depending on whether it came first, so threads counting in another order gave another removedIn.
 */
function earlierRelease(a: string | null, b: string): string | null {
  if (!isMinor(b)) return a;
  return a === null || compareMinor(b, a) < 0 ? b : a;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 } as const;

export function sortOperations(ops: OperationUsage[]): OperationUsage[] {
  return ops.sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      cmp(a.group ?? '~', b.group ?? '~') ||
      cmp(a.path, b.path) ||
      cmp(a.method, b.method) ||
      cmp(a.operationId, b.operationId),
  );
}

/** The counts of a Summary that come from reading, not from the operations. */
export type RequestCounts = Pick<Summary, 'requests' | 'selected' | 'excluded' | 'matched' | 'unmatched' | 'invalidLines' | 'events'>;

const addCount = (rec: Record<string, LevelCount>, k: string, hits: number): void => {
  const c = (rec[k] ??= { operations: 0, hits: 0 });
  c.operations++;
  c.hits += hits;
};

/** Totals derived from the operations: the same function for one analysis and for merged reports. */
export function summarize(ops: OperationUsage[], release: string, counts: RequestCounts): Summary {
  const byLevel = { stable: { operations: 0, hits: 0 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } };
  const discovery = { operations: 0, hits: 0 };
  const byGroup: Record<string, LevelCount> = {};
  const byCategory: Record<string, LevelCount> = {};
  let deprecated = 0;
  let removedSoon = 0;
  let removedAlready = 0;
  let stableUntested = 0;
  let stableConformanceUnknown = 0;
  let stableUntestedEligible = 0;
  for (const op of ops) {
    if (op.discovery) {
      discovery.operations++;
      discovery.hits += op.hits;
      continue;
    }
    byLevel[op.level].operations++;
    byLevel[op.level].hits += op.hits;
    addCount(byGroup, op.group === null ? '(non-resource)' : op.group === '' ? 'core' : op.group, op.hits);
    addCount(byCategory, op.category || '(none)', op.hits);
    if (op.deprecated) deprecated++;
    const removal = removalState(op, release);
    if (removal === 'already') removedAlready++;
    else if (removal === 'soon') removedSoon++;
    if (op.level === 'stable' && op.conformanceTested === false) {
      stableUntested++;
      // Missing (a report made before the field) is not known ineligible: counted, as it was.
      if (!op.conformanceIneligible) stableUntestedEligible++;
    }
    // Not a boolean: null, or missing in a hand-made report.
    if (op.level === 'stable' && typeof op.conformanceTested !== 'boolean') stableConformanceUnknown++;
  }
  const sortKeys = (r: Record<string, LevelCount>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
  return {
    ...counts,
    stable: byLevel.stable.operations,
    beta: byLevel.beta.operations,
    alpha: byLevel.alpha.operations,
    byLevel,
    discovery,
    byGroup: sortKeys(byGroup),
    byCategory: sortKeys(byCategory),
    deprecated,
    removedSoon,
    removedAlready,
    stableUntested,
    stableConformanceUnknown,
    stableUntestedEligible,
  };
}
