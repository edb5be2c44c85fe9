// An operation's conformance across the reports of several apps (the coverage spreadsheet, the page's Compare and
// Conformance views): one word, of one release, whatever the order in which the apps are given.
import { minorOf } from './conformance.js';
import { compareMinor } from './deprecations.js';
import type { Report } from './report.js';

/**
 * Two reports' word on whether an operation is conformance tested (or tested), as `apisnoop merge` adds them up:
 * unknown (null) says nothing, and tested by either is tested (a test exercised it in one run, whatever the other saw).
 */
export const eitherTested = (a: boolean | null, b: boolean | null): boolean | null => (a === null ? b : b === null ? a : a || b);

/** What one report says of an operation (its conformanceTested, or its tested), with the report. */
export interface ReportWord {
  said: boolean | null;
  report: Pick<Report, 'conformance' | 'kubernetesVersion'>;
}

/**
 * The release a report's word is of: its conformance data's ("1.21.0" for a 1.13 spec read with 1.21's data), else the
 * release it was analysed against (an e2e run without data, whose own [Conformance] tests are its word).
 */
const releaseOf = (r: ReportWord['report']): string => r.conformance?.release ?? r.kubernetesVersion;
const sameRelease = (a: string, b: string): boolean => (minorOf(a) ?? a) === (minorOf(b) ?? b);
/** The word of the newest release among these (the first of them when none is newer: "unknown" is never newer). */
const newest = (words: readonly ReportWord[]): ReportWord | undefined =>
  words.reduce<ReportWord | undefined>((best, w) => (best === undefined || compareMinor(releaseOf(w.report), releaseOf(best.report)) > 0 ? w : best), undefined);

/**
 * The reports' word on an operation, and the release it is of (null when none knows it). The release is the newest
 * of the reports made with published conformance data that know the operation, else the newest e2e run's (its own
 * tests, which say false of all they did not reach: only where no report with data knows it): what the operation is
 * today, as far as the reports know. Of that release every report that knows it counts, as `apisnoop merge` counts
 * them: tested when any says so. A report of another release, or one that knows nothing (made without data), never
 * decides, nor does the order of the reports: a Compare link names the same state whoever lists the apps first.
 */
export function conformanceAcross(words: readonly ReportWord[]): { said: boolean | null; release: string | null } {
  const known = words.filter((w) => w.said !== null);
  const withData = known.filter((w) => w.report.conformance !== null);
  const deciding = newest(withData.length > 0 ? withData : known);
  if (!deciding) return { said: null, release: null };
  const release = releaseOf(deciding.report);
  const said = known.filter((w) => sameRelease(releaseOf(w.report), release)).reduce<boolean | null>((acc, w) => eitherTested(acc, w.said), null);
  return { said, release };
}
