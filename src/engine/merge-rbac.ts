// Least privilege of merged reports: one comparison per identity any report checked, a failing verdict never lost.
import { cmp } from './coverage.js';
import { identityText, type RbacComparison, type RbacVerdict } from './rbac.js';
import type { Report } from './report.js';
import { sameLogGroups } from './same-logs.js';

export interface MergedRbac {
  rbac?: RbacComparison[];
  /** Told only: the same comparisons judged with another threshold or policy (the strictest verdict kept). */
  notes: string[];
  /** Kept in the merged report's run notes too: comparisons that could not be combined, each identity's one kept. */
  notices: string[];
}

/**
 * Least privilege of the merged whole, one comparison per identity any report checked. A comparison cannot be
 * combined from its parts: what one shard never used, another may have, and a grant one shard never used and another
 * used only in some namespaces is over-granted cluster-wide in the whole (the requests behind them are not in the
 * report). So an identity's comparison is the whole's only when every report carries the very same one (the same
 * logs analyzed the same way; a report of the same logs as one that checked it need not), judged by the strictest
 * verdict of theirs. Otherwise (a report of other logs did not check it, or they compare different requests) the
 * comparison with the strictest verdict is kept and said: a failing verdict is never lost, but a passing one is not
 * the whole's, which may have more over-grants than any one report.
 * `name` names the reports (their files, where the caller knows them).
 */
export function mergeRbac(reports: readonly Report[], name: (i: number) => string): MergedRbac {
  const byIdentity = new Map<string, Array<{ at: number; c: RbacComparison }>>();
  reports.forEach((r, at) => {
    for (const c of r.rbac ?? []) byIdentity.set(c.identity.username, [...(byIdentity.get(c.identity.username) ?? []), { at, c }]);
  });
  if (byIdentity.size === 0) return { notes: [], notices: [] };
  // Least privilege is of all the identity's requests in the logs, whatever the selection: a report of the same logs
  // as one that checked the identity holds no request of it the other did not compare.
  const logGroup = new Map<number, number>();
  sameLogGroups(reports).forEach((g, at) => g.forEach((i) => logGroup.set(i, at)));
  const notes = new Set<string>();
  const notices: string[] = [];
  const rbac: RbacComparison[] = [];
  // By the reports' names: the report a comparison is credited to, and what is said, do not depend on their order.
  const byName = (a: number, b: number): number => cmp(name(a), name(b)) || a - b;
  for (const found of byIdentity.values()) {
    const checked = [...found].sort((a, b) => byName(a.at, b.at));
    const kinds = new Map<string, typeof checked>();
    for (const e of checked) kinds.set(unjudged(e.c), [...(kinds.get(unjudged(e.c)) ?? []), e]);
    // Each kind of comparison once, with the strictest verdict of the reports that carry it, credited to a report
    // whose verdict that is.
    const merged = [...kinds.values()].map((same) => {
      const verdict = strictestRbacVerdict(same.map((e) => e.c.verdict));
      return { at: same.find((e) => e.c.verdict === verdict)!.at, c: { ...same[0]!.c, verdict } };
    });
    const missing = reports
      .map((_, i) => i)
      .filter((i) => !checked.some((e) => logGroup.get(e.at) === logGroup.get(i)))
      .sort(byName);
    if (merged.length === 1 && missing.length === 0) {
      const other = checked.find((e) => JSON.stringify(e.c.verdict) !== JSON.stringify(checked[0]!.c.verdict));
      if (other) {
        notes.add(
          `least privilege kept with the strictest verdict of the reports (the lowest threshold of those that judge it): ${name(other.at)} compares the same requests as ${name(checked[0]!.at)} but judged them with another threshold or policy`,
        );
      }
      rbac.push(merged[0]!.c);
      continue;
    }
    const kept = merged.reduce((a, b) => (stricter(b.c, a.c) ? b : a));
    const [one, other] = merged.map((e) => e.at).sort(byName);
    const keptText = `the merged report keeps the comparison of ${name(kept.at)}, the strictest verdict of theirs (${verdictText(kept.c.verdict)})`;
    // Every comparison of the same requests, none missing: they differ in the grants or options given, not in what
    // the logs hold, so no merge (nor analyzing the logs together) tells which is the gate's.
    if (missing.length === 0 && merged.every((e) => logGroup.get(e.at) === logGroup.get(one!))) {
      notices.push(
        `least privilege of ${identityText(kept.c.identity)} differs between reports of the same requests: ${name(one!)} and ${name(other!)}${merged.length > 2 ? ` and ${merged.length - 2} more` : ''} ` +
          `compare them with other grants or options; ${keptText}; they differ in what was given, not in what the logs hold: which comparison the gate means is yours to choose, ` +
          'and no merge can settle it (merge only the reports made with the grants and options it is to judge)',
      );
      rbac.push(kept.c);
      continue;
    }
    const compare = one !== undefined && logGroup.get(one) === logGroup.get(other!) ? 'compare the same requests with other grants or options' : 'compare different requests';
    const why = [
      ...(merged.length > 1 ? [`${name(one!)} and ${name(other!)} ${compare}`] : []),
      ...(missing.length > 0 ? [`${name(missing[0]!)}${missing.length > 1 ? ` and ${missing.length - 1} more` : ''} did not check it, and ${missing.length > 1 ? 'their' : 'its'} logs may hold its requests`] : []),
    ];
    notices.push(
      `least privilege of ${identityText(kept.c.identity)} is not the merged whole's: ${why.join('; ')}, which cannot be combined without the logs (what one never used, another may have); ` +
        keptText +
        (kept.c.verdict?.pass ? `, but the whole's verdict is not known from them: ${MAY_HAVE_MORE}` : '') +
        "; analyze all the logs at once for the whole's",
    );
    rbac.push(kept.c);
  }
  // The reports' own order when they all check the same identities in it; else by name, whatever their order.
  const orders = new Set(reports.filter((r) => r.rbac !== undefined).map((r) => r.rbac!.map((c) => c.identity.username).join('\n')));
  if (orders.size > 1 || reports.some((r) => r.rbac === undefined)) rbac.sort((a, b) => cmp(identityText(a.identity), identityText(b.identity)));
  // By their text, as the comparisons are by name: not in the order of the reports.
  return { rbac, notes: [...notes].sort(), notices: notices.sort() };
}

/** Why passing shards do not make a passing whole. */
const MAY_HAVE_MORE =
  'the whole may have more over-grants than any one report (a grant one report never used and another used only in some namespaces is over-granted cluster-wide in the whole)';

/** A comparison without its verdict: what the same logs analyzed the same way give, whatever the threshold or policy. */
const unjudged = ({ verdict: _verdict, ...c }: RbacComparison): string => JSON.stringify(c);

/**
 * The strictest of the verdicts of one comparison: the lowest threshold of those that judge it (each counts the same
 * over-grants and cannot judge the same bindings, the comparison being the same), null when none does.
 */
function strictestRbacVerdict(verdicts: ReadonlyArray<RbacVerdict | null>): RbacVerdict | null {
  const judged = verdicts.filter((v): v is RbacVerdict => v !== null);
  return judged.length === 0 ? null : judged.reduce((a, b) => (b.threshold < a.threshold ? b : a));
}

/**
 * Whether comparison a's verdict is stricter than b's, of comparisons of different requests: failing before passing
 * before none, then the most over-grants past the threshold, then the most over-grants; then by their text, so that
 * the order of the reports never decides.
 */
function stricter(a: RbacComparison, b: RbacComparison): boolean {
  const rank = (v: RbacVerdict | null): number[] => (v === null ? [2, 0, 0] : [v.pass ? 1 : 0, v.threshold - v.overGrants, -v.overGrants]);
  const [ra, rb] = [rank(a.verdict), rank(b.verdict)];
  const d = ra.findIndex((x, i) => x !== rb[i]);
  return d !== -1 ? ra[d]! < rb[d]! : JSON.stringify(a) < JSON.stringify(b);
}

const verdictText = (v: RbacVerdict | null): string =>
  v === null ? 'not judged' : `${v.pass ? 'PASS' : 'FAIL'}, ${v.overGrants} over-grant${v.overGrants === 1 ? '' : 's'}, threshold ${v.threshold}${(v.cannotJudge?.length ?? 0) > 0 ? ', bindings to roles not given' : ''}`;
