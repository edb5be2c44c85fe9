// The one entry the CLI and the Action share: read inputs from the world, run the pure engine, return the Report.
import { existsSync } from 'node:fs';
import { Analysis } from './engine/analysis.js';
import { e2eReleaseNote } from './engine/e2e-release.js';
import { jsonError } from './engine/json-error.js';
import { minorOf, type ConformanceData } from './engine/conformance.js';
import { compareMinor, isMinor, plutoVersion } from './engine/deprecations.js';
import { laterReleasesServing, servedBy, type ReleaseMisfit } from './engine/release-catalogue.js';
import { unknownAllowWarnings, type Surface } from './engine/verdict.js';
import type { InputId, InvalidLine, Policy, Report, Selection } from './engine/report.js';
import type { LeftOut } from './engine/select.js';
import {
  assemblyWarnings,
  countedEarlyWarning,
  eventsIn,
  ManyOpen,
  MANY_OPEN,
  newAssemblyTallies,
  newOddFields,
  oddFieldWarnings,
  untally,
  type AssemblyTallies,
  type OddFields,
  type Request,
} from './engine/audit.js';
import { skippedOperationsWarning, specFromDocument, specWarnings, type Spec } from './engine/spec.js';
import { readAuditInput, type FileStats, type LineSink } from './sources/audit-files.js';
import { copyWarning, readInputs } from './sources/copies.js';
import { oldestFirst } from './sources/oldest-first.js';
import { aggregatedRepeatOf } from './sources/aggregated-repeat.js';
import { duplicateInput, expandInputs, InputError, shownName } from './sources/input-files.js';
import { analyzeInParallel, planSplit } from './sources/parallel.js';
import {
  isVersion,
  loadConformanceFile,
  loadConformanceVersion,
  loadIneligible,
  loadDeprecations,
  loadSpec,
  loadSpecFile,
  loadSpecVersion,
  earlierOperations,
  shippedCatalogue,
  shippedReleases,
  SourceError,
  specReleaseMisfit,
} from './sources/specs.js';
import { VERSION } from './version.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT, stopAtLimit, stoppedText, timedOutText } from './cluster/timeouts.js';

export interface AnalyzeSettings {
  /** Audit log files, directories or '-' (stdin); plain, gzip or zstd. */
  logs: string[];
  /**
   * The inputs named outright, where logs lists files already found in the directories given (load-audit): one of
   * those found that cannot be opened is an entry, one named stops the run (notOpened). Default: logs.
   */
  named?: readonly string[];
  /**
   * Write each input's identity in the report (inputIds), which merge tells the same log by: the CLI's analyze and
   * the Action do. Off (load-audit), the report is as before: the store compares runs without their inputs' names,
   * and the same logs in another order would be another analysis.
   */
  identifyInputs?: boolean;
  /** OpenAPI v2 spec file (JSON or YAML; plain, .gz or .zst). */
  spec?: string;
  /** Kubernetes minor version, e.g. "1.34": the shipped operation index, else the upstream spec (downloaded once, cached). */
  kubernetesVersion?: string;
  /** Read /openapi/v2 from the current kubectl context. */
  fromCluster?: boolean;
  /** Later releases to check for removals: spec files or versions ("1.35"). Default: the shipped releases newer than the spec. */
  nextReleases?: string[];
  /** APISnoop coverage JSON (.json/.gz) file or a version; 'auto' (default) picks the release matching the spec, 'none' disables. */
  conformance?: string;
  selection?: Partial<Selection>;
  policy?: Partial<Policy>;
  /** Where the settings were given, so that the warnings about them name the CLI's options (default) or the Action's inputs. */
  surface?: Surface;
  /** Called for each invalid line as it is found (the report lists them too). */
  onInvalid?: (line: InvalidLine) => void;
  /** Called for input-level warnings (an empty file, a file with no JSON, a conformance release not found). */
  onWarning?: (message: string) => void;
  /** Progress for long runs: bytes and events read so far. */
  onProgress?: (p: { bytes: number; events: number }) => void;
  /**
   * Read the few audit fields straight from each line's bytes (default true). false: JSON.parse every line, the
   * reference path; both give the same Report.
   */
  fast?: boolean;
  /**
   * Threads reading the input (default 1: this one only). With 2 or more, inputs of parallelMinBytes or more (not
   * stdin) are cut into byte ranges that this thread and jobs - 1 worker threads parse; a gzip input keeps one job
   * for inflating. The Report is the same as with one.
   */
  jobs?: number;
  /** Inputs smaller than this are read on one thread whatever jobs says (default PARALLEL_MIN_BYTES, 256 MB). */
  parallelMinBytes?: number;
  /** Called once the input is split over worker threads, as they start: workers, how many (the CLI limits heap growth here). */
  onThreads?: (workers: number) => void;
  /**
   * Requests in flight at once at most (default MANY_OPEN), and their text at most this times IN_FLIGHT_TEXT: past
   * either the oldest is counted early, with the stages it has; once the logs are read a warning says which limit
   * was passed, how many were counted early, and how many of their final stages came and were dropped.
   */
  manyOpenAt?: number;
  /**
   * Every request of the logs (its stages merged), before selection, as it is read: least privilege takes its
   * identities' requests here instead of reading the logs again. The logs are then read on this thread only.
   */
  onRequest?: (req: Request) => void;
  /** When requests were read and the selection kept none: who made them, that a filter could name (leftOutText). */
  onNothingSelected?: (leftOut: LeftOut) => void;
}

export { InputError, SourceError };

/** What a spec read from the cluster is called in the report (no file is written: nothing is left behind in /tmp). */
export const CLUSTER_SPEC_SOURCE = 'kubectl get --raw /openapi/v2';

/**
 * The served /openapi/v2 of the current kubectl context. `version` is its release when it names none (info.version
 * "unversioned", as a cluster built from source may serve), as --k8s-version is for a spec file.
 */
export async function fetchClusterSpec(o: { kubeconfig?: string; timeoutMs?: number; version?: string } = {}): Promise<Spec> {
  const { kubeconfig, timeoutMs } = o;
  // Loaded here, not at the top: execa is most of the CLI's start-up, and only --from-cluster needs it.
  const { execa } = await import('execa');
  // Bounded as the Action's reads are: an API server that never answers would hold the run (a CI job) for hours.
  const args = ['get', '--raw', '/openapi/v2', '--request-timeout', REQUEST_TIMEOUT, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : [])];
  const limitMs = timeoutMs ?? READ_TIMEOUT_MS;
  const kubectl = execa('kubectl', args, { maxBuffer: 512 * 1024 * 1024 });
  const limit = stopAtLimit(kubectl, limitMs);
  const { stdout } = await kubectl.catch((err: Error & { code?: string; stderr?: unknown }) => {
    if (err.code === 'ENOENT') throw new SourceError(`${CLUSTER_SPEC_SOURCE}: kubectl is not on PATH; install it, or give --spec or --k8s-version`);
    if (limit.reached()) throw new SourceError(stoppedText(CLUSTER_SPEC_SOURCE, limitMs));
    const timedOut = timedOutText({ stderr: typeof err.stderr === 'string' ? err.stderr : '', stdout: '' });
    // kubectl's own reason (no context, connection refused, forbidden) is what the user can act on: its last line.
    const said = typeof err.stderr === 'string' ? err.stderr.trim().split('\n').pop()?.trim() : undefined;
    throw new SourceError(`${CLUSTER_SPEC_SOURCE} failed${timedOut}: ${said || err.message.split('\n')[0]}`);
  });
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new SourceError(`${CLUSTER_SPEC_SOURCE}: not JSON (${jsonError(err as Error, stdout)})`);
  }
  return specFromDocument(doc, CLUSTER_SPEC_SOURCE, o.version);
}

/**
 * The spec named by --spec, --k8s-version or --from-cluster, else the newest shipped release. --k8s-version with
 * --spec or --from-cluster is the release of a spec that does not name its own (upstream's swagger.json, and what a
 * cluster built from source serves, say "unversioned").
 */
export async function primarySpec(s: Pick<AnalyzeSettings, 'spec' | 'kubernetesVersion' | 'fromCluster'>): Promise<Spec> {
  if (s.fromCluster && s.spec) throw new SourceError('give --spec or --from-cluster, not both (either with --k8s-version if the spec does not name its release)');
  if ((s.spec || s.fromCluster) && s.kubernetesVersion && !isVersion(s.kubernetesVersion)) throw new SourceError(`--k8s-version ${s.kubernetesVersion}: not a Kubernetes release such as 1.33`);
  if (s.spec) return loadSpecFile(s.spec, s.kubernetesVersion);
  if (s.fromCluster) return fetchClusterSpec({ version: s.kubernetesVersion });
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  // No spec named: the newest release the project ships.
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}

/** A value that is a release (1.NN) or a file: neither is said as such, not as a file that cannot be read. */
function releaseOrFile(option: string, ref: string): string {
  if (!isVersion(ref) && !existsSync(ref)) throw new SourceError(`${option} ${ref}: neither a Kubernetes release (such as 1.33) nor a file`);
  return ref;
}

/** The release a --next-releases value names (1.21, v1.21.3; not a file), when it is not after the spec's: else null. */
export function releaseNotAfter(ref: string, specRelease: string): string | null {
  if (!isMinor(specRelease) || !isVersion(ref) || existsSync(ref)) return null;
  const release = minorOf(ref);
  return release !== null && compareMinor(release, specRelease) <= 0 ? release : null;
}

/** The specs of the releases after the spec's that the analysis checks: --next-releases, or every later release shipped. */
export async function laterSpecs(s: Pick<AnalyzeSettings, 'nextReleases' | 'surface' | 'onWarning'>, spec: Spec): Promise<Spec[]> {
  if (s.nextReleases) {
    const refs = s.nextReleases.filter(Boolean);
    const named = (i: number): string => (s.surface === 'action' ? `input "next-releases" names ${refs[i]}` : `--next-releases ${refs[i]}`);
    const notLater = (i: number, release: string): string => `${named(i)}: Kubernetes ${release} is not later than the spec's ${spec.kubernetesVersion}, so not checked`;
    // The analysis checks only releases after the spec's: an earlier one would have nothing to say, and is said. A
    // release named so is said before it is fetched (1.21, which no release ships whole, was refused as not
    // downloadable); a file's release is known once it is read.
    const earlier = refs.map((r) => releaseNotAfter(r, spec.kubernetesVersion));
    for (const [i, release] of earlier.entries()) if (release) s.onWarning?.(notLater(i, release));
    const wanted = refs.flatMap((r, i) => (earlier[i] ? [] : [i]));
    const given = await Promise.all(wanted.map((i) => loadSpec(releaseOrFile('--next-releases', refs[i]!))));
    for (const later of given) {
      const left = skippedOperationsWarning(later);
      if (left) s.onWarning?.(left);
    }
    // So is a spec that names no release (upstream's swagger.json, renamed), which cannot be placed after it.
    const first = new Map<string, number>();
    const kept: Spec[] = [];
    for (const [j, later] of given.entries()) {
      const i = wanted[j]!;
      if (!isMinor(later.kubernetesVersion)) {
        s.onWarning?.(
          `${named(i)}: the spec does not say which Kubernetes release it is (no release in its info.version or its file name), so not checked; name the file after its release (swagger-1.NN.json)`,
        );
      } else if (isMinor(spec.kubernetesVersion) && compareMinor(later.kubernetesVersion, spec.kubernetesVersion) <= 0) {
        s.onWarning?.(notLater(i, later.kubernetesVersion));
      }
      // One spec per release: a release named twice (1.34,1.34; or a file of it too) was checked and listed twice
      // ("later releases checked: 1.34, 1.34").
      const seen = first.get(later.kubernetesVersion);
      if (seen !== undefined && isVersion(later.kubernetesVersion)) {
        s.onWarning?.(`${named(i)}: Kubernetes ${later.kubernetesVersion} is given already (${refs[seen]}), which is the one checked`);
        continue;
      }
      first.set(later.kubernetesVersion, i);
      kept.push(later);
    }
    return kept;
  }
  if (!isVersion(spec.kubernetesVersion)) return [];
  const newer = (await shippedReleases()).filter((v) => compareMinor(v, spec.kubernetesVersion) > 0);
  return Promise.all(newer.map(loadSpecVersion));
}

/** --conformance as given, its keywords (auto, none) in any case, as the Action's conformance input takes them. */
export const conformanceWord = (c: string | undefined): string => (c === undefined ? 'auto' : /^\s*(auto|none)\s*$/i.test(c) ? c.trim().toLowerCase() : c);

/**
 * The conformance overlay --conformance names (file, release, auto: the spec's release, none), as analyze reads it.
 * `notes` takes what is said of data of another release than the spec's, which the report keeps (runNotes).
 */
export async function conformance(s: Pick<AnalyzeSettings, 'conformance' | 'onWarning'>, spec: Spec, notes?: string[]): Promise<ConformanceData | null> {
  const c = conformanceWord(s.conformance);
  if (c === 'none') return null;
  if (c === 'auto') {
    if (!isVersion(spec.kubernetesVersion)) return null;
    try {
      return await loadConformanceVersion(spec.kubernetesVersion);
    } catch (err) {
      s.onWarning?.(`no conformance data for Kubernetes ${spec.kubernetesVersion}: ${(err as Error).message}`);
      return null;
    }
  }
  const data = await (isVersion(c) ? loadConformanceVersion(c) : loadConformanceFile(releaseOrFile('--conformance', c)));
  // Another release's coverage is allowed (the newest published may lag), but said: its tested endpoints differ.
  const [ours, theirs] = [minorOf(spec.kubernetesVersion), minorOf(data.release)];
  if (ours !== null && theirs !== null && ours !== theirs) {
    const said = `conformance data of Kubernetes ${data.release} used with the ${spec.kubernetesVersion} spec: what is conformance tested differs between releases`;
    s.onWarning?.(said);
    notes?.push(said);
  }
  return data;
}

/**
 * What is said about the release of a spec file or of the spec the cluster served: a spec that names none turns off
 * every check that needs one (later releases' removals, the conformance overlay, matching through the shipped earlier
 * releases), which would let requests to removed APIs pass the gate as unmatched; a release given that the spec
 * contradicts is not used. A listing of the spec (apisnoop endpoints) does none of those checks but the overlay, which
 * it says itself: only the release not used is said here.
 */
export function specReleaseWarnings(
  s: Pick<AnalyzeSettings, 'spec' | 'fromCluster' | 'kubernetesVersion' | 'surface'>,
  spec: Spec,
  use: 'analysis' | 'listing',
): string[] {
  if (!s.spec && !s.fromCluster) return [];
  const action = s.surface === 'action';
  if (spec.versionFrom === 'unknown') {
    if (use === 'listing') return [];
    return [`${noReleaseText(spec)}, so ${UNDATED_SKIPS}; ${releaseFix(s.surface)}`];
  }
  // The Action's kubernetes-version has a default, which the runner hands over as if given: a release it supplies is
  // said (it may be the default), a release it contradicts is not (the spec's own wins, quietly).
  if (spec.versionFrom === 'given' && action) {
    return [`${spec.source}: the spec does not say which Kubernetes release it is; taken as Kubernetes ${spec.kubernetesVersion} (input kubernetes-version)`];
  }
  const given = s.kubernetesVersion ? minorOf(s.kubernetesVersion) : null;
  if (!action && (spec.versionFrom === 'spec' || spec.versionFrom === 'file name') && given && given !== spec.kubernetesVersion) {
    const where = spec.versionFrom === 'spec' ? 'its info.version' : 'its file name';
    return [`--k8s-version ${s.kubernetesVersion} not used: ${spec.source} says it is Kubernetes ${spec.kubernetesVersion} (${where})`];
  }
  return [];
}

/**
 * What a spec without a release goes without. Pluto's table is among them: its entries are dated, and one after the
 * spec's real release (autoscaling/v2beta1, deprecated in 1.22, on a 1.13 spec) would be judged as if it applied.
 */
const UNDATED_SKIPS =
  "Pluto's table of deprecated and removed APIs, removals in later releases, the conformance overlay and matching through the shipped earlier releases are all skipped " +
  "(only what the spec itself marks deprecated, and what the API server's audit annotations say, is judged)";

/** "SOURCE: the spec does not say which Kubernetes release it is (…)". */
export function noReleaseText(spec: Pick<Spec, 'source'>): string {
  return `${spec.source}: the spec does not say which Kubernetes release it is (no release in ${releasePlaces(spec)})`;
}

/** Where a spec could have named its release: a file has a name that could, what the cluster served none. */
const releasePlaces = (spec: Pick<Spec, 'source'>): string => (spec.source === CLUSTER_SPEC_SOURCE ? 'its info.version' : 'its info.version or its file name');

/** How to give the release of a spec that names none: --k8s-version works with --spec and --from-cluster alike. */
export function releaseFix(surface: Surface | undefined): string {
  return surface === 'action' ? 'set the input kubernetes-version to its release' : 'give its release with --k8s-version 1.NN';
}

/**
 * fail-on removed asks what a spec without a release cannot answer (which later releases removed what it serves, and
 * requests to APIs gone before it, matched through the earlier releases): that gate passed on a warning. Refused,
 * as --fail-on overprivileged without --granted is, before any log is read.
 */
function refuseUnjudgedRemovals(s: Pick<AnalyzeSettings, 'policy' | 'surface'>, spec: Spec): void {
  if (spec.versionFrom !== 'unknown' || !s.policy?.failOn?.includes('removed')) return;
  throw new InputError(`${spec.source}: fail-on removed needs the spec's Kubernetes release, which it does not say (no release in ${releasePlaces(spec)}); ${releaseFix(s.surface)}`);
}

/**
 * What is said of a spec file whose release, given (--k8s-version) or read from its file name, its own built-in
 * operations contradict (ReleaseMisfit): how many that release does not serve, a few with the releases that do, and
 * the release they fit. An analysis goes on with the release as taken, and says so; fail-on removed, which dates
 * removals by that release, is refused (checkSpecRelease).
 */
export function releaseMisfitText(surface: Surface | undefined, spec: Pick<Spec, 'source' | 'versionFrom'>, m: ReleaseMisfit, use: 'analysis' | 'listing' | 'refusal'): string {
  const action = surface === 'action';
  const where = spec.versionFrom === 'file name' ? 'its file name' : action ? 'input kubernetes-version' : '--k8s-version';
  const fix =
    spec.versionFrom === 'file name'
      ? `name the file after it (swagger-${m.bestFit}.json)`
      : action
        ? `set the input kubernetes-version to ${m.bestFit}`
        : `give --k8s-version ${m.bestFit}`;
  const fit = m.bestFit === m.release ? ', and no release apisnoop ships fits them better' : ` and fit Kubernetes ${m.bestFit} best: if it is that release, ${fix}`;
  const then =
    use === 'listing'
      ? `it is listed as Kubernetes ${m.release}`
      : use === 'analysis'
        ? `judged as Kubernetes ${m.release}, what is said removed, and in which release, may be wrong`
        : `fail-on removed dates removals by the spec's release, which its operations contradict: refused (if it is a build of Kubernetes ${m.release} that serves them, write that in its info.version, "version": "v${m.release}.0", which is taken as the spec's own)`;
  // A release not shipped whole (1.29) is judged by the shipped ones either side of it, which may serve what it does.
  const exact = m.around.length === 1 && m.around[0] === m.release;
  const are = exact ? `are not served by ${m.release}` : `are served by no shipped release around ${m.release} (${m.around.join(', ')})`;
  // Examples last: report.md shows the first 400 characters of a note.
  const shown = m.examples.map((e) => `${e.operationId} (served by ${e.served.join(', ')})`).join(', ');
  return (
    `${spec.source}: taken as Kubernetes ${m.release} (${where}), but ${m.unserved} of its built-in operations (those of the releases apisnoop ships) ` +
    `${are}${fit}; ${then}. ${exact ? `Not served by ${m.release}` : `Served by none of ${m.around.join(', ')}`}: ${shown}${m.unserved > m.examples.length ? ', …' : ''}`
  );
}

/**
 * A spec file (the analysed one, or a later release's, which removals are dated by too) whose release its own
 * operations contradict: with fail-on removed, refused; else said, and kept in `notes` for the report's runNotes.
 */
function checkSpecRelease(s: Pick<AnalyzeSettings, 'policy' | 'surface' | 'onWarning'>, spec: Spec, notes: string[]): void {
  // Once per spec: a lookup per operation, the catalogue read only for a spec that does not name its own release.
  const misfit = specReleaseMisfit(spec);
  if (!misfit) return;
  if (s.policy?.failOn?.includes('removed')) throw new InputError(releaseMisfitText(s.surface, spec, misfit, 'refusal'));
  const note = releaseMisfitText(s.surface, spec, misfit, 'analysis');
  s.onWarning?.(note);
  notes.push(note);
}

export async function analyzeLogs(s: AnalyzeSettings): Promise<Report> {
  if (s.logs.length === 0) throw new InputError('no audit log given');
  // Oldest first, whatever their names: a request in flight at a rotation is counted once (oldest-first.ts).
  const files = await oldestFirst(await expandInputs(s.logs, (repeat) => s.onWarning?.(duplicateInput(repeat))));
  if (files.length === 0) throw new InputError(`no files in ${s.logs.join(', ')}`);
  const inputs = await readInputs(files);
  const { copies } = inputs;
  const ids = s.identifyInputs ? inputs.ids : new Map<string, InputId>();
  for (const copy of copies) s.onWarning?.(copyWarning(copy));
  const spec = await primarySpec(s);
  refuseUnjudgedRemovals(s, spec);
  for (const w of specReleaseWarnings(s, spec, 'analysis')) s.onWarning?.(w);
  const notes: string[] = [];
  checkSpecRelease(s, spec, notes);
  for (const w of specWarnings(spec)) s.onWarning?.(w);
  if (!s.spec && !s.kubernetesVersion && !s.fromCluster) {
    // The release matters (what it serves, what it removed since the cluster's), and a default hides that.
    s.onWarning?.(
      `no --k8s-version, --spec or --from-cluster: requests are matched against Kubernetes ${spec.kubernetesVersion}, the newest release shipped; give your cluster's release`,
    );
  }
  const tallies = newAssemblyTallies(copies, files);
  const oddFields = newOddFields();
  // Said once the logs are read, with what it cost (counted in report.json's summary too), not when it is reached.
  const manyOpen = new ManyOpen(s.manyOpenAt ?? MANY_OPEN);
  const report = await analyzeWith(s, files, ids, spec, tallies, oddFields, manyOpen, notes);
  // Said on the terminal and kept with the report, whose conformance figures it puts in doubt; from the report's counts,
  // as merge says it of the whole.
  const e2e = e2eReleaseNote(report, s.surface);
  if (e2e) {
    s.onWarning?.(e2e);
    notes.push(e2e);
  }
  // Kept with the report, whose releases they put in doubt: report.md says them above the verdict, merge again.
  if (notes.length > 0) report.runNotes = { problems: [], notices: notes };
  for (const w of oddFieldWarnings(oddFields)) s.onWarning?.(w);
  for (const w of assemblyWarnings(tallies, files.length, await aggregatedRepeatOf(tallies.repeated, files))) s.onWarning?.(w);
  const early = countedEarlyWarning(manyOpen, raiseInFlightLimit(s.surface, s.manyOpenAt !== undefined));
  if (early) s.onWarning?.(early);
  const newer = newerApiWarning(report, spec.kubernetesVersion, s.surface);
  if (newer) s.onWarning?.(newer);
  const ops = [...spec.operations, ...report.operations];
  for (const w of unknownAllowWarnings(report.verdict.policy.allow, ops, { spec: spec.kubernetesVersion }, s.surface)) s.onWarning?.(w);
  return report;
}

/**
 * How the limit on requests in flight is raised: the CLI's analyze takes an option (and always gives manyOpenAt); the
 * Action and load-audit keep the default.
 */
export const raiseInFlightLimit = (surface: Surface | undefined, option = true): string =>
  surface === 'action'
    ? 'apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (the Action keeps the default)'
    : option
      ? 'a higher --max-in-flight keeps them: it raises both limits, on the requests and their text (each request in flight takes about 1.2 KB, more with long URIs)'
      : 'apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (this command keeps the default)';

/**
 * Requests left unmatched because the spec lacks their group/version, or their resource in a group/version it serves,
 * where a shipped release after the spec's serves it (autoscaling/v2 against 1.21; storage.k8s.io/v1
 * volumeattributesclasses against 1.33): the log is likely of a newer cluster, and those requests escape the policy's
 * rules. Said with the releases that serve them, so the user can check the spec's release. The release named serves
 * the request's resource, not only its group/version: 1.31 serves networking.k8s.io/v1beta1 for IP addresses, not
 * the Ingress of a 1.19-1.21 cluster, which no later shipped release serves, and which is said so. Null when there
 * are none.
 */
export function newerApiWarning(report: Report, release: string, surface?: Surface): string | null {
  if (!isMinor(release)) return null;
  // By the API named: its requests, and the first later release serving it (null: only its group/version is served).
  const found = new Map<string, { requests: number; since: string | null; gv: string; resource?: string; groupVersionSince?: string }>();
  for (const u of report.unmatched) {
    if (u.group === undefined || !u.version) continue;
    if (u.reason !== 'unknown-group-version' && (u.reason !== 'unknown-resource' || u.resource === undefined)) continue;
    // Read only now: most runs have no such request (custom resources have one, and are read for it).
    const data = shippedCatalogue();
    if (!data) return null;
    // A resource the release already served: the request's path had the wrong shape, the cluster is not newer.
    if (u.resource !== undefined && servedBy(data, u.group, u.version, release, u.resource)) continue;
    const gv = plutoVersion(u.group, u.version);
    const since = laterReleasesServing(data, u.group, u.version, release, u.resource)[0] ?? null;
    if (since === null && (u.reason === 'unknown-resource' || u.resource === undefined)) continue;
    const groupVersionSince = since === null ? laterReleasesServing(data, u.group, u.version, release)[0] : undefined;
    if (since === null && groupVersionSince === undefined) continue;
    // A group/version a later release serves is named once, with the first release serving any of its requests.
    const api = since !== null && u.reason === 'unknown-group-version' ? gv : `${gv} ${u.resource}`;
    const had = found.get(api);
    if (had) {
      had.requests += u.count;
      if (since !== null && (had.since === null || compareMinor(since, had.since) < 0)) had.since = since;
    } else found.set(api, { requests: u.count, since, gv, resource: u.resource, groupVersionSince });
  }
  if (found.size === 0) return null;
  const all = [...found];
  const served = all.filter(([, f]) => f.since !== null);
  const unserved = all.filter(([, f]) => f.since === null);
  const count = (list: typeof all): string => {
    const requests = list.reduce((n, [, f]) => n + f.requests, 0);
    return `${requests} request${requests === 1 ? '' : 's'}`;
  };
  const shown = (list: string[]): string => list.slice(0, 5).join(', ') + (list.length > 5 ? `, and ${list.length - 5} more` : '');
  const said: string[] = [];
  if (served.length > 0) {
    said.push(`${count(served)} used Kubernetes APIs that Kubernetes ${release} does not serve and a later release does: ${shown(served.map(([api, f]) => `${api} (${f.since} serves it)`))}.`);
  }
  if (unserved.length > 0) {
    const list = unserved.map(([api, f]) => `${api} (${f.groupVersionSince} serves ${f.gv}, but not ${f.resource})`);
    said.push(`${count(unserved)} used Kubernetes APIs that Kubernetes ${release} does not serve and no later shipped release does, though one serves their group/version: ${shown(list)}.`);
  }
  const option = surface === 'action' ? 'the kubernetes-version or spec input' : '--k8s-version or --spec';
  return `${said.join(' ')} The log may be of a newer cluster: check ${option}; until then these requests are unmatched, and no rule judges them`;
}

/**
 * `tallies` count the final stages that came again under an auditID already counted and the stages before the final
 * one that came after their request had completed, `oddFields` the events of a stage none of the four or without a
 * verb or requestURI, in the reading that makes the report. `notes` takes what is said of a later release's spec file
 * whose release its operations contradict (checkSpecRelease), and of conformance data of another release.
 */
async function analyzeWith(
  s: AnalyzeSettings,
  files: string[],
  ids: ReadonlyMap<string, InputId>,
  spec: Spec,
  tallies: AssemblyTallies,
  oddFields: OddFields,
  manyOpen: ManyOpen,
  notes: string[],
): Promise<Report> {
  const { at, repeated, late } = tallies;
  // Eligibility is Kubernetes' rule, not a measurement: it holds whatever coverage data is (or is not) loaded.
  const [later, conf, deprecations, ineligible] = await Promise.all([laterSpecs(s, spec), conformance(s, spec, notes), loadDeprecations(), loadIneligible()]);
  for (const l of later) checkSpecRelease(s, l, notes);
  const newAnalysis = (): Analysis =>
    new Analysis({
      manyOpen,
      repeated,
      late,
      oddFields,
      spec,
      laterSpecs: later,
      conformance: conf,
      ineligible,
      deprecations,
      selection: s.selection,
      policy: s.policy,
      toolVersion: VERSION,
      onRequest: s.onRequest,
      onNothingSelected: s.onNothingSelected,
      earlier: earlierOperations(spec.kubernetesVersion),
    });
  const fast = s.fast !== false;
  // Requests of byte ranges are assembled in the workers: onRequest would not see them.
  const jobs = s.onRequest ? 1 : (s.jobs ?? 1);
  let alreadyReported = 0;
  const plan = await planSplit(files, jobs, s.parallelMinBytes);
  // A file named that cannot be opened stops the run; one found in a directory given is one entry (notOpened).
  const named = new Set(s.named ?? s.logs);
  if (plan.split === 'missing-worker') s.onWarning?.(`--jobs ${jobs}: the worker script (parallel-worker.js) is missing from this build; reading on one thread`);
  if (plan.split === 'yes') {
    s.onThreads?.(plan.workers);
    const whole = newAnalysis();
    const outcome = await analyzeInParallel({
      files,
      inputIds: ids,
      workers: plan.workers,
      fast,
      analysis: whole,
      named,
      spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source, operations: spec.operations },
      onInvalid: s.onInvalid,
      onProgress: s.onProgress,
      manyOpen,
      repeated,
      late,
      oddFields,
    });
    if (outcome.exact) {
      for (const st of outcome.stats) for (const w of st.warnings) s.onWarning?.(w);
      return whole.finish();
    }
    // Counted again by the reading on one thread.
    untally(repeated);
    untally(late);
    for (const t of Object.values(oddFields)) untally(t);
    // Not exactly what one thread gives (see parallel.ts): read it all again on this thread.
    alreadyReported = outcome.reported;
    if (outcome.warn && outcome.why) s.onWarning?.(outcome.why);
  }
  const analysis = newAnalysis();
  let bytes = 0;
  const invalidLine = (file: string, line: number, message: string): void => {
    analysis.invalidLine(file, line, message);
    if (alreadyReported > 0) alreadyReported--;
    else s.onInvalid?.({ file, line, message });
  };
  const sink: LineSink = {
    // A JSON value that is no audit event (a record holding a klog line) is an invalid line too: onInvalid hears of
    // it, as of a line that is not JSON (load-audit warned of the one, and said nothing of the other).
    value: (raw: unknown, file: string, line: number) => {
      at.file = file;
      at.line = line;
      eventsIn(
        raw,
        (ev) => analysis.event(ev),
        (message) => invalidLine(file, line, message),
        (fields) => analysis.oddFields(file, line, fields),
      );
    },
    invalidLine,
  };
  if (fast) {
    sink.event = (ev, file, line) => {
      at.file = file;
      at.line = line;
      analysis.event(ev);
    };
    if (analysis.takesDeferred) {
      sink.deferred = (st, file, line) => {
        at.file = file;
        at.line = line;
        analysis.deferred(st);
      };
    }
  }
  const stats: FileStats[] = [];
  for (const file of files) {
    analysis.input(shownName(file), ids.get(file) ?? null);
    const st = await readAuditInput(
      file,
      sink,
      (n) => {
        bytes += n;
        s.onProgress?.({ bytes, events: analysis.eventCount });
      },
      !named.has(file),
    );
    for (const w of st.warnings) s.onWarning?.(w);
    stats.push(st);
  }
  return analysis.finish();
}
