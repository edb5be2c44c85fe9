// An app accumulates runs (one per distinct set of logs). Its view is the runs' reports added together:
// hits summed per operation, callers and codes merged, per-level totals recounted from the merged operations.
// Pure: the store, the server and the page all use it.
import { LEVELS } from '../engine/report.js';
import type { LevelCount, OperationUsage, Report, Summary, Unmatched, Violation } from '../engine/report.js';

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function addCodes(into: Record<string, number>, from: Record<string, number>): void {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** A tri-state that knows more wins: true over false over null (no data). */
function known(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  if (a === false || b === false) return false;
  return null;
}

function mergeOperation(a: OperationUsage, b: OperationUsage): OperationUsage {
  const codes = { ...a.codes };
  addCodes(codes, b.codes);
  return {
    ...a,
    hits: a.hits + b.hits,
    codes,
    userAgents: union(a.userAgents, b.userAgents),
    users: union(a.users, b.users),
    firstSeen: earliest(a.firstSeen, b.firstSeen),
    lastSeen: latest(a.lastSeen, b.lastSeen),
    removedIn: a.removedIn ?? b.removedIn,
    deprecated: a.deprecated || b.deprecated,
    deprecation: a.deprecation ?? b.deprecation,
    conformanceTested: known(a.conformanceTested, b.conformanceTested),
    tested: known(a.tested, b.tested),
    tests: union(a.tests, b.tests),
  };
}

function count(ops: readonly OperationUsage[], key: (op: OperationUsage) => string): Record<string, LevelCount> {
  const out: Record<string, LevelCount> = {};
  for (const op of ops) {
    if (op.discovery) continue;
    const k = key(op);
    const c = (out[k] ??= { operations: 0, hits: 0 });
    c.operations += 1;
    c.hits += op.hits;
  }
  return out;
}

function recount(base: Summary, ops: readonly OperationUsage[]): Summary {
  const byLevel = { stable: { operations: 0, hits: 0 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } };
  const discovery = { operations: 0, hits: 0 };
  for (const op of ops) {
    const c = op.discovery ? discovery : byLevel[op.level];
    c.operations += 1;
    c.hits += op.hits;
  }
  const resource = ops.filter((op) => !op.discovery);
  return {
    ...base,
    stable: byLevel.stable.operations,
    beta: byLevel.beta.operations,
    alpha: byLevel.alpha.operations,
    byLevel,
    discovery,
    byGroup: count(ops, (op) => op.group ?? ''),
    byCategory: count(ops, (op) => op.category),
    deprecated: resource.filter((op) => op.deprecated).length,
    removedSoon: resource.filter((op) => op.removedIn !== null).length,
    stableUntested: resource.filter((op) => op.level === 'stable' && op.conformanceTested === false).length,
  };
}

/** The reports of one app's runs as one report. One report comes back as it is. */
export function combineReports(reports: readonly Report[]): Report {
  if (reports.length === 0) throw new Error('combineReports: no report to combine');
  if (reports.length === 1) return reports[0];
  const [first, ...rest] = reports;
  const ops = new Map<string, OperationUsage>();
  const unmatched = new Map<string, Unmatched>();
  const violations = new Map<string, Violation>();
  const summary: Summary = { ...first.summary };
  const additive = ['requests', 'selected', 'matched', 'unmatched', 'invalidLines', 'events'] as const;
  for (const k of additive) summary[k] = 0;
  for (const r of reports) {
    for (const k of additive) summary[k] += r.summary[k];
    for (const op of r.operations) {
      const seen = ops.get(op.operationId);
      ops.set(op.operationId, seen ? mergeOperation(seen, op) : op);
    }
    for (const u of r.unmatched) {
      const key = `${u.verb} ${u.pattern} ${u.reason}`;
      const seen = unmatched.get(key);
      unmatched.set(key, seen ? { ...seen, count: seen.count + u.count, userAgents: union(seen.userAgents, u.userAgents) } : u);
    }
    for (const v of r.verdict.violations) {
      const key = `${v.operationId} ${v.rule}`;
      const seen = violations.get(key);
      violations.set(key, seen ? { ...seen, hits: seen.hits + v.hits, callers: union(seen.callers, v.callers) } : v);
    }
  }
  const operations = [...ops.values()].sort((a, b) => b.hits - a.hits || a.operationId.localeCompare(b.operationId));
  return {
    ...first,
    specs: first.specs,
    inputs: reports.flatMap((r) => r.inputs),
    summary: recount(summary, operations),
    operations,
    unmatched: [...unmatched.values()].sort((a, b) => b.count - a.count),
    invalid: reports.flatMap((r) => r.invalid),
    verdict: {
      pass: reports.every((r) => r.verdict.pass),
      policy: first.verdict.policy,
      violations: [...violations.values()],
    },
    // The first run's conformance source stands for all; runs with none add nothing to it.
    conformance: first.conformance ?? rest.find((r) => r.conformance)?.conformance ?? null,
  };
}

/** Operations hit per level, discovery excluded: the numbers every app line shows. */
export function levelTotals(report: Report): Record<(typeof LEVELS)[number], number> {
  const out = { stable: 0, beta: 0, alpha: 0 };
  for (const op of report.operations) if (!op.discovery) out[op.level] += 1;
  return out;
}
