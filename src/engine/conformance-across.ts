// An operation's conformance across the reports of several apps (the coverage spreadsheet, the page's Compare and
// Conformance views): one word, of one release, whatever the order in which the apps are given.
import { minorOf } from './conformance.js';
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

/**
 * The reports' word on an operation, and the release it is of (null when none knows it). The release is that of the
 * first report made with published conformance data that knows the operation, else the first e2e run's (its own
 * tests, which say false of all they did not reach: only where no report with data knows it). Of that release every
 * report that knows it counts, as `apisnoop merge` counts them: tested when any says so. A report of another release,
 * or one that knows nothing (made without data), never decides, nor does the order of the reports within a release.
 */
export function conformanceAcross(words: readonly ReportWord[]): { said: boolean | null; release: string | null } {
  const known = words.filter((w) => w.said !== null);
  const first = known.find((w) => w.report.conformance !== null) ?? known[0];
  if (!first) return { said: null, release: null };
  const release = releaseOf(first.report);
  const said = known.filter((w) => sameRelease(releaseOf(w.report), release)).reduce<boolean | null>((acc, w) => eitherTested(acc, w.said), null);
  return { said, release };
}
