// Which of the reports merged read the same logs: by the inputs' identities (report.inputIds), never by their names,
// which a matrix's jobs share for different logs ($RUNNER_TEMP/…/audit.log) and two copies of one log need not.
import type { InputId, Report } from './report.js';

const isInputId = (id: unknown): id is InputId =>
  typeof id === 'object' && id !== null && typeof (id as InputId).bytes === 'number' && typeof (id as InputId).fingerprint === 'string';

const idText = (id: InputId): string => `${id.bytes}:${id.fingerprint}`;

/** Each input's identity, in the order of inputs; null for one not told (stdin, a report made before inputIds). */
export function inputIdsOf(report: Pick<Report, 'inputs' | 'inputIds'>): Array<InputId | null> {
  const ids = Array.isArray(report.inputIds) && report.inputIds.length === report.inputs.length ? report.inputIds : [];
  return report.inputs.map((_, i) => (isInputId(ids[i]) ? ids[i] : null));
}

/**
 * An empty input holds no request: it does not make two reports' logs differ (a directory of the log and a rotated
 * file just emptied, against the log named alone), nor is it a log two reports share.
 */
const holdsNothing = (id: InputId | null): boolean => id !== null && id.bytes === 0;

/** The logs a report read, as a set (in any order), empty inputs left out; null when any of them is not told. */
export function logsKey(report: Pick<Report, 'inputs' | 'inputIds'>): string | null {
  const ids = inputIdsOf(report).filter((id) => !holdsNothing(id));
  if (ids.length === 0 || ids.some((id) => id === null)) return null;
  return ids.map((id) => idText(id!)).sort().join('\n');
}

/**
 * The reports by the logs they read, each group in order of its first report (indices into reports): reports of the
 * same logs together, each report whose logs are not all told alone.
 */
export function sameLogGroups(reports: ReadonlyArray<Pick<Report, 'inputs' | 'inputIds'>>): number[][] {
  const groups = new Map<string, number[]>();
  const out: number[][] = [];
  reports.forEach((r, i) => {
    const key = logsKey(r);
    const group = key === null ? undefined : groups.get(key);
    if (group) group.push(i);
    else {
      const created = [i];
      out.push(created);
      if (key !== null) groups.set(key, created);
    }
  });
  return out;
}

/**
 * A log that reports of different logs both read (one read it with others): its requests count in each, which the
 * merge cannot undo (a report counts what it read as a whole). The first such pair of reports and the log; null when
 * there is none.
 */
export function sharedLog(reports: ReadonlyArray<Pick<Report, 'inputs' | 'inputIds'>>, groups: readonly number[][]): { a: number; b: number; file: string } | null {
  const seen = new Map<string, { group: number; report: number }>();
  for (const [g, members] of groups.entries()) {
    const first = members[0]!;
    const ids = inputIdsOf(reports[first]!);
    for (const [k, id] of ids.entries()) {
      if (id === null || holdsNothing(id)) continue;
      const earlier = seen.get(idText(id));
      if (earlier && earlier.group !== g) return { a: earlier.report, b: first, file: reports[first]!.inputs[k]! };
      if (!earlier) seen.set(idText(id), { group: g, report: first });
    }
  }
  return null;
}
