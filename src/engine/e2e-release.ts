// What is said of selected requests sent by e2e test binaries of another release than the spec's, made from the
// report alone (summary.e2eReleases): analyze says it of its logs, merge of the merged whole, so that the notes of
// shards each with their own counts do not add up to one note per shard.
import { minorOf } from './conformance.js';
import { compareMinor, isMinor } from './deprecations.js';
import { grouped } from './grouped.js';
import type { Report, Summary } from './report.js';
import type { Surface } from './verdict.js';

/** What e2eReleaseNote reads of a report. */
export type E2eReleaseFacts = Pick<Report, 'kubernetesVersion' | 'conformance'> & { summary: Pick<Summary, 'selected' | 'e2eReleases'> };

/**
 * The note on a run of e2e.test of another release than the spec's (`e2e.test/v1.34.0` against 1.36): the run's
 * [Conformance] tests are its own release's, while the figures (what the conformance data says is tested, what the
 * spec serves) are the spec's, so the run's gaps may not show; the reverse (a newer run) is said by newerApiWarning
 * only when it hits APIs the spec lacks. A spec that names no release is offered the binaries' as its --k8s-version.
 * Null when every binary is of the spec's release. `surface` names the option to give (the Action's input or the CLI's).
 */
export function e2eReleaseNote(report: E2eReleaseFacts, surface?: Surface): string | null {
  const release = report.kubernetesVersion;
  const known = isMinor(release);
  const releases = Object.entries(report.summary.e2eReleases ?? {});
  // Most requests first: the release offered is the run's main one.
  const byRequests = ([a, n]: [string, number], [b, m]: [string, number]): number => m - n || compareMinor(a, b);
  const other = releases.filter(([r]) => !known || r !== release).sort(byRequests);
  if (other.length === 0) return null;
  const [main] = other[0]!;
  const names = other.map(([r]) => r);
  const of = `Kubernetes ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' and ' : ''}${names[names.length - 1]}`;
  // How many, when not all: a few e2e requests among an app's are not a run of e2e tests.
  const theirs = other.reduce((n, [, c]) => n + c, 0);
  const { selected } = report.summary;
  const ran = theirs < selected ? `${grouped(theirs)} of the ${grouped(selected)} selected requests are e2e tests' of ${of}` : `the selected requests are of e2e tests of ${of}`;
  // Counts last, the spec's own release's too: report.md shows the first 400 characters of a note, which must keep
  // what to do.
  const counts = `${COUNTS_SAID}${releases
    .sort(byRequests)
    .map(([r, n]) => `${r} (${n})`)
    .join(', ')}`;
  const give = surface === 'action' ? `set the input kubernetes-version to ${main}` : `give --k8s-version ${main}`;
  if (!known) return `${ran}, and the spec does not say which release it is: if it is the tests' release, ${give}. ${counts}`;
  const conf = report.conformance;
  const confRelease = conf ? minorOf(conf.release) : null;
  const figures =
    confRelease !== null && confRelease !== main
      ? `the conformance figures are Kubernetes ${conf!.release}'s (what its conformance data says [Conformance] tests cover), not the tests' own release's, so the run's gaps may not show`
      : `requests are matched as Kubernetes ${release} serves its APIs`;
  return `${ran}, analysed against the Kubernetes ${release} spec: ${figures}; to judge the run by its own release, ${give}. ${counts}`;
}

/** How every e2e-release note, made before summary.e2eReleases too, gives its counts, last. */
const COUNTS_SAID = "Requests by e2e.test's release: ";

/**
 * Whether `report` says e2e tests' releases in a note without their counts in summary.e2eReleases: a report made
 * before it was added, whose counts a merge cannot add up with the others'.
 */
export function e2eReleasesUnknown(report: Pick<Report, 'summary' | 'runNotes'>): boolean {
  return report.summary.e2eReleases === undefined && (report.runNotes?.notices ?? []).some((n) => n.includes(COUNTS_SAID));
}

/**
 * Where `note` was said, when it is the note e2eReleaseNote makes of `report` (in the Action or not); null when it is
 * another: merge says the whole's instead, as it was said.
 */
export function e2eReleaseNoteSurface(note: string, report: E2eReleaseFacts): Surface | null {
  for (const surface of ['cli', 'action'] as const) if (note === e2eReleaseNote(report, surface)) return surface;
  return null;
}
