// Analysis: the pure pipeline. Lines or events go in (push, so a reader can stream), a Report comes out.
//   line -> AuditEvent -> Request (stage merge) -> select -> match -> Coverage -> Report (+ Verdict)
import { eventsIn, oddFields, RequestAssembler, type AuditEvent, type DeferredStage, type EventFields, type LateStages, type ManyOpen, type OddFields, type RepeatedFinals, type Request } from './audit.js';
import type { ConformanceData, IneligibleEndpoints } from './conformance.js';
import { apiGroups } from './custom-api.js';
import { Coverage, operationKey, sortOperations, sortedRecord, summarize, type OperationPart, type UnmatchedPart } from './coverage.js';
import { compareMinor, deprecationOf, isMinor, objectKinds, operationKind, servedKinds, specReplacement, stableVersions, type DeprecationTable } from './deprecations.js';
import { OperationIndex, type MatchResult } from './operation-index.js';
import type { EarlierOperations } from './release-catalogue.js';
import { truncationFlag } from './listed-set.js';
import { jsonError } from './json-error.js';
import { nextMinor, SCHEMA_VERSION, type Deprecation, type InputId, type InvalidLine, type OperationUsage, type Policy, type Report, type Selection } from './report.js';
import { absorbLeftOut, countLeftOut, DEFAULT_SELECTION, excludedIdentity, type LeftOut, leftOutByExclusion, newLeftOut, type RequestFilter, requestFilter } from './select.js';
import type { Spec } from './spec.js';
import { minorVersion, pathShape } from './spec.js';
import { DEFAULT_POLICY, isCutShort, judge } from './verdict.js';

/** The report lists this many invalid lines; summary.invalidLines counts them all. */
export const MAX_LISTED_INVALID = 1000;

/**
 * Where the invalid lines past the few a warning names are (after "N more invalid lines; "): all in report.json, or,
 * past MAX_LISTED_INVALID, the first of them there and the rest only counted.
 */
export function invalidListedText(invalidLines: number): string {
  return invalidLines <= MAX_LISTED_INVALID ? 'all are listed in report.json' : `report.json lists the first ${MAX_LISTED_INVALID} of the ${invalidLines} read and counts the rest`;
}

/** Distinct (verb, path) matches remembered (a few MB at most). */
const MATCH_CACHE_PATHS = 50_000;

export interface AnalysisOptions {
  spec: Spec;
  /** Prebuilt index of spec (reuse across analyses). */
  index?: OperationIndex;
  /** Later releases, to say in which one an operation disappears. */
  laterSpecs?: Spec[];
  conformance?: ConformanceData | null;
  /** Kubernetes' endpoints ineligible for conformance, with why. */
  ineligible?: IneligibleEndpoints | null;
  deprecations?: DeprecationTable;
  selection?: Partial<Selection>;
  policy?: Partial<Policy>;
  toolVersion?: string;
  /**
   * How events become requests (default: a RequestAssembler). The parallel reader gives its workers one that
   * holds a byte range's events until the main thread has said which requests straddle ranges.
   */
  assembler?: (emit: (req: Request) => void) => EventAssembler;
  /** Every request (its stages merged), before selection: least privilege takes its identities' requests here. */
  onRequest?: (req: Request) => void;
  /** The limit on requests in flight, and who is told when it is reached (the default RequestAssembler only). */
  manyOpen?: ManyOpen;
  /** Counts the final stages that came again under an auditID already counted (the default RequestAssembler only). */
  repeated?: RepeatedFinals;
  /** Counts the stages before the final one that came after their request had completed (the default RequestAssembler only). */
  late?: LateStages;
  /** Counts the events of a stage none of the four, or no verb or requestURI, with the first's place (value() hears of them). */
  oddFields?: OddFields;
  /**
   * The shipped releases' operations up to this one, read when first needed (a request of a Kubernetes API the spec
   * does not serve): such a request is the operation an earlier release served, removed since. Absent: unmatched.
   */
  earlier?: () => EarlierOperations | null;
  /**
   * Called by finish() when requests were read and the selection kept none: who made them (leftOutText words it),
   * for a typo in a filter to be put right.
   */
  onNothingSelected?: (leftOut: LeftOut) => void;
}

/** Events in, whole requests out through the emit it was made with. */
export interface EventAssembler {
  add(ev: AuditEvent): void;
  /** Optional: a non-final stage not decoded yet (readers hand these only to assemblers that take them). */
  addDeferred?(st: DeferredStage): void;
  flush(): void;
}


/** What an analysis of part of the input (a worker thread's byte ranges) hands back: plain, structured-clone safe. */
export interface AnalysisPart {
  events: number;
  requests: number;
  selected: number;
  excluded: number;
  matched: number;
  unmatched: number;
  operations: Map<string, OperationPart>;
  unmatchedGroups: Map<string, UnmatchedPart>;
  e2eReleases: Map<string, number>;
  leftOut: LeftOut;
}


export class Analysis {
  private readonly index: OperationIndex;
  private readonly coverage = new Coverage();
  private readonly assembler: EventAssembler;
  private readonly selected: (req: Request) => boolean;
  /** The selection's excludeUsers, whose requests are told apart in what a selection of none left out (LeftOut). */
  private readonly excluded: ((user: string) => boolean) | null;
  /** The requests excludeUsers took out of the selection (summary.excluded); null when it leaves none out. */
  private readonly excludedFromSelection: RequestFilter | null;
  readonly selection: Selection;
  readonly policy: Policy;
  private readonly invalid: InvalidLine[] = [];
  private readonly inputs: string[] = [];
  private readonly inputIds: Array<InputId | null> = [];
  private invalidCount = 0;
  private events = 0;
  private requests = 0;
  private selectedCount = 0;
  private excludedCount = 0;
  private readonly leftOut = newLeftOut();

  constructor(private readonly opts: AnalysisOptions) {
    this.index = opts.index ?? new OperationIndex(opts.spec.operations);
    this.selection = { ...DEFAULT_SELECTION, ...opts.selection };
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.selected = requestFilter(this.selection);
    this.excluded = excludedIdentity(this.selection);
    this.excludedFromSelection = leftOutByExclusion(this.selection);
    const emit = (req: Request): void => this.request(req);
    this.assembler = opts.assembler ? opts.assembler(emit) : new RequestAssembler(emit, opts.manyOpen, opts.repeated, opts.late);
  }

  /** Record an input (file name) in the report, with its identity where it was told (readInputs, sources/copies.ts). */
  input(name: string, id: InputId | null = null): void {
    this.inputs.push(name);
    this.inputIds.push(id);
  }

  /** One line of a log. Blank lines are not input; anything else is an event or an invalid line. */
  line(text: string, file: string, line: number): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      this.invalidLine(file, line, `not JSON: ${jsonError(err as Error, text)}`);
      return;
    }
    this.value(raw, file, line);
  }

  /** A parsed JSON value: an audit event, or an EventList of them. */
  value(raw: unknown, file: string, line: number): void {
    eventsIn(
      raw,
      (ev) => this.event(ev),
      (message) => this.invalidLine(file, line, message),
      (fields) => this.oddFields(file, line, fields),
    );
  }

  /** An event read at file:line whose stage is none of the four, or without a verb or requestURI: counted, said once. */
  oddFields(file: string, line: number, fields: EventFields): void {
    if (this.opts.oddFields) oddFields(this.opts.oddFields, file, line, fields);
  }

  event(ev: AuditEvent): void {
    this.events++;
    this.assembler.add(ev);
  }

  /** Whether requests of APIs the spec does not serve are matched against earlier releases (opts.earlier). */
  get matchesEarlier(): boolean {
    return this.opts.earlier !== undefined;
  }

  /** Whether deferred(): a reader may then hand non-final stages without decoding them. */
  get takesDeferred(): boolean {
    return this.assembler.addDeferred !== undefined;
  }

  deferred(st: DeferredStage): void {
    this.events++;
    this.assembler.addDeferred!(st);
  }

  invalidLine(file: string, line: number, message: string): void {
    this.invalidCount++;
    // Where an input broke off is listed even past the cap (one per input at most): fail-on invalid names it.
    if (this.invalid.length < MAX_LISTED_INVALID || isCutShort(message)) this.invalid.push({ file, line, message });
  }

  get eventCount(): number {
    return this.events;
  }

  /** A whole request (its stages merged): count it, select it, match it. */
  request(req: Request): void {
    this.requests++;
    this.opts.onRequest?.(req);
    if (!this.selected(req)) {
      if (this.excludedFromSelection?.(req)) this.excludedCount++;
      // Counted only while nothing is kept: it is said only when nothing was (onNothingSelected).
      // In e2e mode a system component's request is left out for its user agent, not as a system one: tallied.
      if (this.selectedCount === 0) countLeftOut(this.leftOut, req, this.selection.includeSystem || this.selection.e2e, this.excluded);
      return;
    }
    this.selectedCount++;
    this.coverage.add(req, this.match(req.verb, req.requestURI));
  }

  /**
   * index.match, remembered per verb and path: logs repeat the same paths (polling, controllers), and the match of a
   * path-shaped URI depends on nothing else (not the query). Bounded: forgotten wholesale when full.
   */
  private readonly matches = new Map<string, Map<string, MatchResult>>();
  private matchesSize = 0;
  private earlierRead: EarlierOperations | null | undefined;
  private earlierOps(): EarlierOperations | null {
    if (this.earlierRead === undefined) this.earlierRead = this.opts.earlier?.() ?? null;
    return this.earlierRead;
  }
  private match(verb: string | undefined, uri: string | undefined): MatchResult {
    // An event without a verb (a log edited by hand) is matched each time: kept under the empty verb's key, it would be
    // taken for the empty verb, an OPTIONS on a proxy path; no earlier release matches it either (it has no method).
    if (uri === undefined || uri.charCodeAt(0) !== 47 /* / */ || verb === undefined) return this.index.match(verb, uri);
    const q = uri.indexOf('?');
    const path = q === -1 ? uri : uri.slice(0, q);
    let byPath = this.matches.get(verb);
    if (!byPath) this.matches.set(verb, (byPath = new Map()));
    let m = byPath.get(path);
    if (m === undefined) {
      m = this.index.match(verb, uri);
      if (m.reason === 'unknown-group-version' || m.reason === 'unknown-resource' || m.reason === 'method-not-allowed') {
        const op = this.earlierOps()?.match(verb, uri);
        if (op) m = { operation: op };
      }
      if (this.matchesSize >= MATCH_CACHE_PATHS) {
        this.matches.clear();
        this.matchesSize = 0;
        this.matches.set(verb, (byPath = new Map()));
      }
      byPath.set(path, m);
      this.matchesSize++;
    }
    return m;
  }

  /** The counts and coverage so far, for absorb() by the analysis of the whole (invalid lines are reported apart). */
  part(): AnalysisPart {
    return {
      events: this.events,
      requests: this.requests,
      selected: this.selectedCount,
      excluded: this.excludedCount,
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      operations: this.coverage.operations,
      unmatchedGroups: this.coverage.unmatchedGroups,
      e2eReleases: this.coverage.e2eReleases,
      leftOut: this.leftOut,
    };
  }

  /** Add another analysis' part, as if its requests had come here: exactly what one analysis of everything gives. */
  absorb(part: AnalysisPart): void {
    this.events += part.events;
    this.requests += part.requests;
    this.selectedCount += part.selected;
    this.excludedCount += part.excluded;
    absorbLeftOut(this.leftOut, part.leftOut);
    this.coverage.absorb(part);
  }

  /**
   * Whether the release of `removedIn` serves the operation: the analysed spec when it is of that release or later
   * (`analysedServes`: whether it has the operation), else the later spec of that release (servedLater).
   */
  private servedFrom(removedIn: string, operationId: string, release: string, later: Spec[], laterIds: Array<Set<string>>, analysedServes: boolean): boolean {
    if (!isMinor(removedIn)) return false;
    if (isMinor(release) && compareMinor(release, removedIn) >= 0) return analysedServes;
    return servedLater(removedIn, operationId, later, laterIds);
  }

  finish(): Report {
    this.assembler.flush();
    if (this.requests > 0 && this.selectedCount === 0) this.opts.onNothingSelected?.(this.leftOut);
    const { spec } = this.opts;
    const release = spec.kubernetesVersion;
    const later = (this.opts.laterSpecs ?? [])
      .filter((s) => isMinor(s.kubernetesVersion) && (!isMinor(release) || compareMinor(s.kubernetesVersion, release) > 0))
      .sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion));
    const laterIds = later.map((s) => new Set(s.operations.map((o) => o.operationId)));
    // A later release's spec says what Kubernetes removed, not what a cluster added: a custom resource or an
    // aggregated API in a served document (--spec from a cluster, --from-cluster) is in no upstream spec, so its
    // absence there is no removal; nor do the alpha and beta rules judge it.
    const groups = apiGroups({ later, deprecations: this.opts.deprecations, earlier: () => this.earlierOps() });
    const conf = this.opts.conformance ?? null;
    const objects = objectKinds(spec.operations);
    const stable = stableVersions(spec.operations, objects);
    // Operations the spec does not serve came from the earlier releases (match): what they say of each.
    const specKeys = new Set(spec.operations.map(operationKey));

    const ops: OperationUsage[] = [];
    for (const acc of this.coverage.operations.values()) {
      const op = acc.op;
      const group = pathShape(op.path).group;
      const found = specKeys.has(operationKey(op)) ? undefined : this.earlierOps()?.servedOf(op);
      // The object kinds of the release that serves it: the spec's, or the earlier release's it was matched in.
      const kinds = found ? this.earlierOps()!.objectKinds(op) : objects;
      let deprecation = this.opts.deprecations ? deprecationOf(op, this.opts.deprecations, release, kinds) : null;
      // The upstream release serves it though the analysed spec does not (an alpha API this cluster lacks, on a release
      // between the shipped ones), so this release did not remove it: the release's own coverage data lists it, or
      // only this spec says it is gone and Pluto names a later release (kind 1.21 enables no rbac v1alpha1, which
      // Pluto says 1.22 removed; the analysed spec's absence alone gave "gone by 1.21").
      const listed = found !== undefined && conf !== null && minorVersion(conf.release) === release && conf.endpoints.has(op.operationId);
      const plutoLater =
        found?.removedIn === release && !this.earlierOps()!.releaseShipped && deprecation?.removedIn !== undefined && isMinor(deprecation.removedIn) && compareMinor(deprecation.removedIn, release) > 0;
      const earlier = listed || plutoLater ? { lastServed: release, removedIn: null } : found;
      // Pluto's table can run ahead of the upstream specs (resource.k8s.io/v1beta1: "removed in 1.36", which the 1.36
      // spec still serves). A spec of that release or later that serves the operation, this one included, wins:
      // the removal is dropped, and the record with it when it said nothing else.
      // An operation of an earlier release (which the analysed spec lacks): served up to its last release, or again by
      // the later spec of that release (admissionregistration.k8s.io/v1alpha1: 1.13, then 1.26 on, which Pluto says
      // 1.33 removed; the 1.33 to 1.36 specs serve it). A removal at or before the release analysed is judged by this
      // spec, which lacks it, not by the later ones: networking.k8s.io/v1beta1 on 1.30, removed in 1.22, back in 1.33.
      const served = (removedIn: string): boolean =>
        earlier
          ? isMinor(removedIn) && (compareMinor(removedIn, earlier.lastServed) <= 0 || this.servedFrom(removedIn, op.operationId, release, later, laterIds, false))
          : this.servedFrom(removedIn, op.operationId, release, later, laterIds, true);
      if (deprecation?.removedIn !== undefined && served(deprecation.removedIn)) {
        const { removedIn: _served, ...rest } = deprecation;
        // What is left is read as deprecationOf reads an entry with no removal: a deprecation still to come says
        // nothing yet (resource.k8s.io/v1beta1 in 1.32, deprecated in 1.33, as storage.k8s.io/v1beta1
        // VolumeAttributesClass in 1.33, deprecated in 1.34).
        const toCome = rest.deprecatedIn !== undefined && isMinor(release) && compareMinor(release, rest.deprecatedIn) < 0;
        deprecation = !toCome && (rest.deprecatedIn !== undefined || rest.replacement !== undefined) ? rest : null;
      }
      // The earliest release known to lack it: later specs only bound it (releases may be missing
      // between them), Pluto and the apiserver's own annotation name the exact release.
      // The source named is the one that gave the winning release (exact sources first on a tie).
      // An operation of an earlier release was removed by this one at the latest: Pluto may name when.
      const candidates: Array<[string, Deprecation['source']]> = [];
      if (deprecation?.removedIn && (earlier || !isMinor(release) || compareMinor(deprecation.removedIn, release) > 0)) candidates.push([deprecation.removedIn, 'pluto']);
      const annotated = acc.removedRelease ? minorVersion(acc.removedRelease) : null;
      if (annotated) candidates.push([annotated, 'audit-annotation']);
      if (earlier?.removedIn) candidates.push([earlier.removedIn, 'earlier-spec']);
      const gone = groups.kubernetes(group) ? laterIds.findIndex((ids) => !ids.has(op.operationId)) : -1;
      if (gone !== -1) candidates.push([later[gone].kubernetesVersion, 'later-spec']);
      const winner = candidates.sort((a, b) => compareMinor(a[0], b[0]))[0];
      const removedIn = winner ? winner[0] : null;
      if (winner) deprecation = { ...(deprecation ?? {}), source: winner[1], removedIn: winner[0] };
      if (winner?.[1] === 'later-spec') {
        // The last release known to serve it: the later spec before the gap, else the spec's (or the earlier
        // release's) own. Said when the specs skip releases between it and the removal, which they then only bound.
        const last = gone > 0 ? later[gone - 1].kubernetesVersion : (earlier?.lastServed ?? release);
        if (isMinor(last) && winner[0] !== nextMinor(last)) deprecation = { ...deprecation!, lastServedIn: last };
      }
      if (!deprecation && acc.deprecatedAnnotation) deprecation = { source: 'audit-annotation' };
      if (!deprecation && op.deprecated) deprecation = { source: 'spec' };
      // What to move to: the stable version of the group and kind that the spec serves, when no source names a
      // replacement or the one named is itself alpha or beta (Pluto's flowcontrol v1beta2 -> v1beta3, which 1.32
      // removes, where the release serves v1).
      if (deprecation && (!deprecation.replacement || /(alpha|beta)\d*$/.test(deprecation.replacement))) {
        const replacement = specReplacement(op, stable, kinds);
        if (replacement) deprecation = { ...deprecation, replacement };
      }
      // Pluto may name a replacement the release analysed does not serve yet (resource.k8s.io/v1alpha3 -> v1 on 1.33,
      // which serves v1 from 1.34): said, with the first later release checked that serves it, not as one to use now.
      // Served for the operation's kind, not just its group/version: 1.21 serves storage.k8s.io/v1, but its
      // CSIStorageCapacity only from 1.24.
      const kind = deprecation?.replacement ? operationKind(op, kinds) : null;
      const servedFor = (s: Spec): boolean => kind !== null && kindsServed(s).has(`${deprecation!.replacement}|${kind}`);
      if (deprecation?.replacement && kind !== null && isMinor(release) && !servedFor(spec)) {
        const from = later.find(servedFor);
        deprecation = { ...deprecation, replacementServedIn: from ? from.kubernetesVersion : null };
      }
      const deprecatedByTable =
        deprecation?.deprecatedIn !== undefined && (!isMinor(release) || compareMinor(release, deprecation.deprecatedIn) >= 0);
      const entry = conf?.endpoints.get(op.operationId);
      // Only the tests seen in this log: the overlay's test lists run to hundreds per endpoint.
      let conformanceTested: boolean | null = entry ? entry.conformanceTested : null;
      let tested: boolean | null = entry ? entry.tested : null;
      if (this.selection.e2e && acc.tests.size > 0) {
        tested = true;
        // APISnoop leaves the deprecated watch operations (the /watch/ paths) out of conformance: no test can close
        // them, so a test that used one says it was exercised, not whether conformance covers it. So are custom
        // resources (the CRDs the tests make, in a spec the cluster served): conformance covers Kubernetes' APIs.
        if (op.action !== 'watch' && op.action !== 'watchlist' && !groups.custom(group)) {
          // Conformance covers GA endpoints only: a [Conformance] test that calls a beta or alpha one e2e-tests it.
          // Of every test seen, not only those listed (MAX_LISTED_TESTS).
          const byConformanceTest = op.level === 'stable' && acc.conformanceTest;
          conformanceTested = (conformanceTested ?? false) || byConformanceTest;
        }
      }
      ops.push({
        ...op,
        deprecated: op.deprecated || acc.deprecatedAnnotation || deprecatedByTable,
        hits: acc.hits,
        codes: sortedRecord(acc.codes),
        verbs: sortedRecord(acc.verbs),
        userAgents: acc.userAgents.sorted(),
        users: acc.users.sorted(),
        firstSeen: acc.firstSeen,
        lastSeen: acc.lastSeen,
        removedIn,
        deprecation,
        conformanceTested,
        tested,
        tests: acc.tests.sorted(),
        conformanceIneligible: this.opts.ineligible?.get(op.operationId) ?? null,
        // Last, and only when set: reports without them read as before.
        ...truncationFlag('userAgentsTruncated', acc.userAgents.truncated),
        ...truncationFlag('usersTruncated', acc.users.truncated),
        ...truncationFlag('testsTruncated', acc.tests.truncated),
        // Added within schema 1, only for an operation the spec does not serve (matched against the earlier releases).
        ...(earlier ? { lastServedIn: earlier.lastServed } : {}),
        ...(groups.custom(group) ? { custom: true as const } : {}),
      });
    }
    sortOperations(ops);
    const summary = summarize(ops, release, {
      requests: this.requests,
      selected: this.selectedCount,
      // Said only when users are left out: their requests are read, and left out by name (selectionText).
      ...(this.excluded ? { excluded: this.excludedCount } : {}),
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      invalidLines: this.invalidCount,
      events: this.events,
    });
    // What the limit on requests in flight cost, when it was reached.
    const limit = this.opts.manyOpen;
    if (limit && limit.countedEarly > 0) Object.assign(summary, { countedEarly: limit.countedEarly, finalStagesDropped: limit.finalsDropped });
    if (limit && limit.forgotten > 0) Object.assign(summary, { countedEarlyForgotten: limit.forgotten });
    // Kept as counts, not only said: merge adds them up, and says a run of another release than the spec's of the whole.
    if (this.coverage.e2eReleases.size > 0) Object.assign(summary, { e2eReleases: sortedRecord(this.coverage.e2eReleases) });
    // In the order of the inputs and their lines: a broken object's entry is said after the lines read inside it.
    const invalid = inputOrder(this.invalid, this.inputs);
    const specs = [spec, ...later].map((s) => ({ kubernetesVersion: s.kubernetesVersion, source: s.source, operations: s.operations.length }));
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'apisnoop', version: this.opts.toolVersion ?? '0.0.0' },
      kubernetesVersion: release,
      specs,
      conformance: conf ? { source: conf.source, release: conf.release } : null,
      inputs: [...this.inputs],
      ...(this.inputIds.some((id) => id !== null) ? { inputIds: [...this.inputIds] } : {}),
      selection: this.selection,
      summary,
      operations: ops,
      unmatched: this.coverage.unmatchedList(),
      invalid,
      // Judged on the lines as listed: the first the reason of fail-on invalid names is the first the report lists.
      verdict: judge(ops, this.policy, { summary, selection: this.selection, invalid, specs }),
    };
  }
}

/** Invalid lines by input (in the order given) then line; the sort is stable, so one line's entries keep their order. */
function inputOrder(invalid: readonly InvalidLine[], inputs: readonly string[]): InvalidLine[] {
  const at = new Map(inputs.map((f, i) => [f, i]));
  return [...invalid].sort((a, b) => (at.get(a.file) ?? inputs.length) - (at.get(b.file) ?? inputs.length) || a.line - b.line);
}

const kindsOfSpec = new WeakMap<Spec, Set<string>>();

/** The group/version and kind pairs a spec serves, as Pluto writes them ("v1|Pod", "apps/v1|Deployment"). */
function kindsServed(spec: Spec): Set<string> {
  let kinds = kindsOfSpec.get(spec);
  if (!kinds) {
    kinds = servedKinds(spec.operations);
    kindsOfSpec.set(spec, kinds);
  }
  return kinds;
}

/**
 * Whether the later spec of `removedIn`, or the first after it checked, serves the operation (later and laterIds: the
 * same releases, in order). Not any spec after it: a group/version may come back after a removal (certificates.k8s.io
 * v1beta1: removed in 1.22, served again from 1.33).
 */
function servedLater(removedIn: string, operationId: string, later: readonly Spec[], laterIds: ReadonlyArray<Set<string>>): boolean {
  const first = later.findIndex((s) => compareMinor(s.kubernetesVersion, removedIn) >= 0);
  return first !== -1 && laterIds[first]!.has(operationId);
}
