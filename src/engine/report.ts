// The JSON contract: report.json. Everything else (Markdown, CSV, HTML, PR comment, store) renders from
// this one result and never re-reads the log. Bump SCHEMA_VERSION on any breaking change.
import { compareMinor, isMinor } from './deprecations.js';
import type { RbacComparison } from './rbac.js';
import { characters } from './text-shape.js';

export const SCHEMA_VERSION = 1 as const;

export type Level = 'stable' | 'beta' | 'alpha';
export const LEVELS: readonly Level[] = ['stable', 'beta', 'alpha'];

/** One OpenAPI operation of a Kubernetes spec, classified. */
export interface Operation {
  operationId: string;
  /** Lower-case HTTP method: get, put, post, delete, patch, head, options. */
  method: string;
  /** Path template exactly as the spec writes it, e.g. /api/v1/namespaces/{namespace}/pods/{name}. */
  path: string;
  level: Level;
  /** API group: '' for the core group; for discovery of a group, that group. null for non-resource URLs. */
  group: string | null;
  /** API version (v1, v1beta1); null for non-resource and group-discovery operations. */
  version: string | null;
  /** APISnoop's category: the spec tag without its version suffix (core, apps, rbacAuthorization). */
  category: string;
  kind: string | null;
  /** x-kubernetes-action: get, list, watch, watchlist, create (post), update (put), patch, delete, deletecollection, connect. */
  action: string | null;
  deprecated: boolean;
  /** Discovery (/api, /apis, /apis/{group}, /apis/{group}/{version}): shown, never a violation. */
  discovery: boolean;
}

export interface Deprecation {
  /**
   * Where we learned it: the spec text, Pluto's table, the audit annotation, a later spec lacking the operation, or
   * (earlier-spec, added within schema 1) the shipped releases, for an operation the spec no longer serves.
   */
  source: 'spec' | 'pluto' | 'audit-annotation' | 'later-spec' | 'earlier-spec';
  deprecatedIn?: string;
  removedIn?: string;
  replacement?: string;
  /**
   * Added within schema 1, present only with source later-spec when the specs checked skip releases: the last of
   * them (or the spec analysed) that serves the operation, not the release just before removedIn. removedIn is then
   * only a bound: gone by it, removed in a release after this one.
   */
  lastServedIn?: string;
  /**
   * Added within schema 1, present only when the release analysed does not serve `replacement` yet (Pluto's
   * resource.k8s.io/v1 for v1alpha3 on 1.33): the first of the later releases checked that serves it, null when none does.
   */
  replacementServedIn?: string | null;
  /**
   * Added within schema 1, present only in a merged report, where the later releases looked in for the replacement are
   * not all the merged report names (`--next-releases none` beside a default run): those looked in. With
   * replacementServedIn null, none of them serves it ([]: none looked in); with a release, only when the merged report
   * names releases before it that were not looked in (replacementUncheckedBefore), of which it is not known whether they
   * serve it. Absent: the report's own.
   */
  replacementCheckedIn?: string[];
}

export interface OperationUsage extends Operation {
  hits: number;
  /**
   * HTTP response code -> count. "unknown" when the log never saw the response; "other" (OTHER_CODES) for codes that
   * are no HTTP status (outside 100–599), counted together so that made-up codes cannot grow the report.
   */
  codes: Record<string, number>;
  /** Audit verb -> count: a GET on a collection path is list, or watch with ?watch=true. */
  verbs: Record<string, number>;
  /** Who called it, by user agent (without e2e test names): the first 100 (MAX_LISTED_CALLERS) in sort order. */
  userAgents: string[];
  /** Present (true) when more user agents called it than userAgents lists. */
  userAgentsTruncated?: true;
  /** Who called it, by effective user (impersonation honoured): the first 100 in sort order. */
  users: string[];
  /** Present (true) when more users called it than users lists. */
  usersTruncated?: true;
  /**
   * Added within schema 1, present only for an operation the spec does not serve, matched against the shipped releases
   * up to it: the last of them that serves it (the spec's own release when only this cluster lacks it, an alpha API not
   * enabled, as the shipped spec or the release's own coverage data shows; it is then not removed by it: removedIn
   * null or a later release).
   */
  lastServedIn?: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /**
   * First Kubernetes release (of the specs loaded, or per Pluto/annotations) in which this operation is gone; for an
   * operation the spec does not serve (lastServedIn), at or before kubernetesVersion when removed already.
   */
  removedIn: string | null;
  deprecation: Deprecation | null;
  /** Conformance overlay: true/false from APISnoop's published coverage; null when the data has no entry (watch*, custom). */
  conformanceTested: boolean | null;
  /** Any e2e test (conformance or not) hits it, per the overlay or the e2e run itself. */
  tested: boolean | null;
  /**
   * e2e test names seen in this log (e2e mode): the first 10,000 (MAX_LISTED_TESTS) in sort order, more than an e2e
   * suite holds.
   */
  tests: string[];
  /** Added within schema 1, present (true) only when more tests hit it than tests lists. */
  testsTruncated?: true;
  /**
   * Why Kubernetes' conformance rules leave the operation out (ineligible_endpoints.yaml: "optional feature"…), or
   * null when they do not. Added within schema 1: absent in reports made before it (read as not known ineligible).
   */
  conformanceIneligible?: string | null;
  /**
   * Added within schema 1, present (true) only for an operation of an API group that is not Kubernetes': a custom
   * resource or an aggregated API in a spec a cluster served (the Action's default), such as the app's own CRDs. Its
   * level is its version's, but the alpha and beta rules, which judge Kubernetes' API levels, do not judge it.
   */
  custom?: true;
}

export type UnmatchedReason =
  | 'non-resource-url' // /healthz, /metrics, /openapi/v2 … not described by the spec
  | 'unknown-group-version' // a custom or aggregated API the spec does not describe, or a group's discovery it has no path for
  | 'unknown-resource' // the group/version is known but not this resource or subresource
  | 'method-not-allowed' // the path exists but not for this verb
  | 'unknown-verb' // not a Kubernetes verb
  | 'malformed-uri'; // no requestURI, or not a path

/**
 * The pattern of the row (one per reason and verb) that counts the requests of the patterns past the cap on patterns
 * listed apart (MAX_UNMATCHED_PATTERNS, coverage.ts). Such a row has no group, version or resource.
 */
export const OTHER_PATTERNS = '(other patterns)';

/** The verbs an API server writes: a resource's, and the lowercased HTTP method of a non-resource request. */
const AUDIT_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy', 'connect', 'post', 'put', 'head', 'options']);
export const OTHER_VERBS = '(other verbs)';

/**
 * The verb of the OTHER_PATTERNS row a folded pattern goes to: its own, or OTHER_VERBS for one no API server writes,
 * so that a crafted log's made-up verbs cannot grow the rows without bound.
 */
export const otherRowVerb = (verb: string): string => (AUDIT_VERBS.has(verb) ? verb : OTHER_VERBS);

/**
 * The verb an unmatched row shows: a verb an API server writes (or the empty one, RequestInfo's for a method it does
 * not map), "(none)" for none; any other by its length, not quoted: a log's verb can be anything a writer put there.
 */
export const shownVerb = (verb: string | undefined): string =>
  verb === undefined ? '(none)' : verb === '' || AUDIT_VERBS.has(verb) ? verb : `(a verb not known, of ${characters(verb.length)})`;

/**
 * An unmatched row's verb as a report holds it, shown as shownVerb shows it: a report made before it quoted any verb.
 * One shown already ("(none)", OTHER_VERBS, a length) is kept.
 */
export const shownRowVerb = (verb: string): string =>
  verb === '(none)' || verb === OTHER_VERBS || /^\(a verb not known, of [\d,]+ characters?\)$/.test(verb) ? verb : shownVerb(verb);

export interface Unmatched {
  /**
   * requestURI without the query, names and namespaces replaced by {name}/{namespace} so that patterns group, a
   * segment's text after a `;` or `#` by {params}/{fragment}; a requestURI with no slash said by its length, not
   * quoted; or "(other patterns)" (OTHER_PATTERNS), the row counting the patterns past the cap.
   */
  pattern: string;
  /** The request's verb; one no API server writes said by its length, not quoted (shownVerb); "(none)" for none. */
  verb: string;
  reason: UnmatchedReason;
  count: number;
  /** Set for API paths: /apis/{group}/{version}/… */
  group?: string;
  version?: string;
  resource?: string;
  /** The first 100 (MAX_LISTED_CALLERS) in sort order. */
  userAgents: string[];
  /** Present (true) when more user agents sent such requests than userAgents lists. */
  userAgentsTruncated?: true;
  /**
   * Added within schema 1: who sent them, by effective user, as operations[].users: the first 100 in sort order.
   * Absent in reports made before it, and in a merge where one of them had the group: unknown, not no one.
   */
  users?: string[];
  /** Present (true) when more users sent such requests than users lists. */
  usersTruncated?: true;
}

export interface InvalidLine {
  file: string;
  line: number;
  message: string;
}

export interface Violation {
  operationId: string;
  method: string;
  path: string;
  level: Level;
  /** The first rule it breaks, in the order removed, alpha, beta, deprecated. */
  rule: 'alpha' | 'beta' | 'deprecated' | 'removed';
  /**
   * Every rule of the policy it breaks, in that order (a beta API removed next release breaks beta and removed).
   * Written by every analysis; optional only for reports of earlier builds, whose readers take [rule].
   */
  rules?: Array<'alpha' | 'beta' | 'deprecated' | 'removed'>;
  why: string;
  hits: number;
  /** The operation's user agents (the first 100 in order). */
  callers: string[];
  /** Present (true) when the operation had more user agents than callers lists. */
  callersTruncated?: true;
}

/** The release after a minor one: "1.29" -> "1.30". */
export function nextMinor(v: string): string {
  const [m, n] = v.split('.').map(Number);
  return `${m}.${n + 1}`;
}

/**
 * The last release known to serve an operation whose removal the shipped releases only bound (they skip the ones
 * between it and removedIn), else null: the removal is then exact. An earlier release's operation (earlier-spec)
 * says it in lastServedIn, a later spec's gap in deprecation.lastServedIn.
 */
export function removalBound(op: Pick<OperationUsage, 'removedIn' | 'lastServedIn' | 'deprecation'>): string | null {
  const source = op.deprecation?.source;
  const last = source === 'earlier-spec' ? op.lastServedIn : source === 'later-spec' ? op.deprecation?.lastServedIn : undefined;
  if (!op.removedIn || last === undefined) return null;
  return op.removedIn === nextMinor(last) ? null : last;
}

/**
 * How the summary counts an operation's removal: 'already' (removedAlready: one the spec does not serve, lastServedIn,
 * removed at or before the release analysed), 'soon' (removedSoon: any other removal dated), or null. One rule, so
 * that the page's Deprecated card dates the removals its count counts.
 */
export function removalState(op: Pick<OperationUsage, 'removedIn' | 'lastServedIn'>, release: string): 'already' | 'soon' | null {
  if (!op.removedIn) return null;
  const gone = op.lastServedIn !== undefined && isMinor(release) && isMinor(op.removedIn) && compareMinor(op.removedIn, release) <= 0;
  return gone ? 'already' : 'soon';
}

/**
 * "removed in 1.34"; "gone by 1.28 (last served in 1.13)" when the shipped releases skip the ones between. `release`
 * comes before the release: "Kubernetes " in the verdict's reasons.
 */
export function removalText(op: Pick<OperationUsage, 'removedIn' | 'lastServedIn' | 'deprecation'>, release = ''): string | null {
  if (!op.removedIn) return null;
  const last = removalBound(op);
  return last === null ? `removed in ${release}${op.removedIn}` : `gone by ${release}${op.removedIn} (last served in ${last})`;
}

/** "; allowed: a, b and 3 more": the policy's allow list as said after its rules, the first ten each written by `show`. */
export function allowedText(allow: readonly string[], show: (entry: string) => string = (a) => a): string {
  if (allow.length === 0) return '';
  return `; allowed: ${allow.slice(0, 10).map(show).join(', ')}${allow.length > 10 ? ` and ${allow.length - 10} more` : ''}`;
}

/** The rules a violation breaks (reports of earlier builds name only the first). */
export const rulesOf = (v: Violation): NonNullable<Violation['rules']> => v.rules ?? [v.rule];

/** A violation in a line, for the step's error and the terminal: "beta: GET /apis/… (listStorageV1beta1…, 4 hits)". */
export const violationLine = (v: Violation): string => `${rulesOf(v).join(', ')}: ${v.method.toUpperCase()} ${v.path} (${v.operationId}, ${v.hits} hit${v.hits === 1 ? '' : 's'})`;

/** The rules that judge the operations used: a violation names the operation. */
export type OperationRule = 'alpha' | 'beta' | 'deprecated' | 'removed';

/**
 * The rules that judge the run rather than an operation (added within schema 1): `empty`, the selection kept no
 * request; `invalid`, an input line was not an audit event, or an input was cut short or could not be read further.
 */
export type RunRule = 'empty' | 'invalid';

/** A run rule the run breaks: its own place in the verdict, beside the operations' violations. */
export interface RunFailure {
  rule: RunRule;
  /** What the run did, in a sentence: how many requests were read and which selection kept none; which line was invalid. */
  why: string;
}

export interface Policy {
  /** Operation rules, and run rules (empty, invalid: added within schema 1, present only when asked for). */
  failOn: Array<OperationRule | RunRule>;
  /** operationIds or API groups that never fail the verdict ('' or 'core' for the core group). */
  allow: string[];
}

export interface Verdict {
  /** No violation and no run failure. */
  pass: boolean;
  policy: Policy;
  violations: Violation[];
  /**
   * The run rules of the policy (empty, invalid) that the run breaks, in that order. Added within schema 1: present
   * only when there is one; absent in reports made before it, and whenever the run breaks none.
   */
  runFailures?: RunFailure[];
}

export interface Selection {
  namespaces: string[];
  serviceAccounts: string[];
  users: string[];
  userAgents: string[];
  includeSystem: boolean;
  e2e: boolean;
  /**
   * Users whose requests are left out wherever they act, even where another criterion would keep them (the app's
   * namespace): matched, * as wildcard, against the identity a request acted as (the impersonated user, when there
   * is one). That identity named whole in users or serviceAccounts is kept all the same; the user that sent it
   * (kind's admin, impersonating it) named there is not. The Action's setup-command identity; the CLI's
   * --exclude-user (a CI bot, a GitOps controller, an admin). Added within schema 1: absent when none is left out, and
   * in reports made before it.
   */
  excludeUsers?: string[];
}

export interface LevelCount {
  /** Distinct operations hit (discovery excluded). */
  operations: number;
  hits: number;
}

export interface Summary {
  /** Distinct requests read (one per auditID), before selection. */
  requests: number;
  /** Requests the selection kept. */
  selected: number;
  /**
   * The requests selection.excludeUsers took out of the selection: those it would have kept without them (not a system
   * component's, out by default, nor one no criterion keeps). Present when the selection leaves users out (added within
   * schema 1).
   */
  excluded?: number;
  /** Selected requests mapped to an operation. */
  matched: number;
  /** Selected requests not mapped, each listed under unmatched with a reason. */
  unmatched: number;
  /** Lines that were not audit events, listed under invalid. */
  invalidLines: number;
  /** Audit events read (all stages). */
  events: number;
  /**
   * Requests counted before their final stage came, with the stages they had: past the limits on requests in flight
   * (analyze --max-in-flight: 50,000 by default, and 1 KB of their text each on average), the oldest is, to bound
   * memory. Added within schema 1: present only when a limit was reached (absent: none was), and absent in reports
   * made before it.
   */
  countedEarly?: number;
  /**
   * Of countedEarly, the requests whose final stage (ResponseComplete, Panic) came later, and was dropped: it is in
   * the log, and its code and deprecation annotations are not counted (the request's code is "unknown" unless an
   * earlier stage had one). Present with countedEarly.
   */
  finalStagesDropped?: number;
  /**
   * Final stages that may have been counted as requests of their own: past the limit of requests counted early
   * still awaited after over 100,000 other requests completed, the rest are forgotten, and a final stage of one that
   * came later is not known as theirs. At most one for each forgotten, and at most the final stages that came alone
   * (no earlier stage) after: finalStagesDropped is then a floor, and requests may count up to this many too many.
   * Present only when above 0 (absent: the figures are exact).
   */
  countedEarlyForgotten?: number;
  /**
   * Selected requests sent by e2e test binaries that name their release in their user agent (e2e.test/v1.34.0), by
   * that release ("1.34"). A run of another release than the spec's is said from them in runNotes (its conformance
   * figures are the spec release's), and merge adds them up to say it of the whole. Added within schema 1: present
   * only when some were selected, and absent in reports made before it, and in a merge of one of those whose note
   * says e2e tests' releases (the sum would miss its counts: the reports' notes are kept instead).
   */
  e2eReleases?: Record<string, number>;
  stable: number;
  beta: number;
  alpha: number;
  byLevel: Record<Level, LevelCount>;
  discovery: LevelCount;
  byGroup: Record<string, LevelCount>;
  byCategory: Record<string, LevelCount>;
  /** Operations deprecated, discovery left out. */
  deprecated: number;
  /** Operations with a removedIn that are not removedAlready: removed by a later release. Discovery is left out. */
  removedSoon: number;
  /**
   * Operations the spec no longer serves, removed at or before kubernetesVersion (lastServedIn and removedIn set),
   * discovery left out. Added within schema 1: absent in reports made before it.
   */
  removedAlready?: number;
  /** Stable non-discovery operations hit that conformance tests do not cover. */
  stableUntested: number;
  /**
   * Stable non-discovery operations hit whose conformance is unknown (conformanceTested null: watch*, non-resource,
   * or no conformance data at all). Added within schema 1: absent in reports made before it, where readers count it
   * from the operations. When it equals `stable`, stableUntested (0) says nothing.
   */
  stableConformanceUnknown?: number;
  /**
   * Of stableUntested, the operations eligible for conformance (not in Kubernetes' ineligible list): the gaps a
   * conformance test could close. Added within schema 1: absent in reports made before it.
   */
  stableUntestedEligible?: number;
}

export interface SpecInfo {
  kubernetesVersion: string;
  source: string;
  operations: number;
}

/** Whether a report checked any later release for removals (its specs after the one matched against). */
export const laterChecked = (report: Pick<Report, 'specs'>): boolean => report.specs.length > 1;

/**
 * The later releases none of which serves a replacement the release analysed does not serve (replacementServedIn
 * null): those its part of a merged report looked in (replacementCheckedIn), else the report's own; `own` whether
 * they are the report's own. Null when a release serves it or none was looked for.
 */
export function replacementLookedIn(d: Deprecation | null | undefined, report: Pick<Report, 'specs'>): { releases: string[]; own: boolean } | null {
  if (!d?.replacement || d.replacementServedIn !== null) return null;
  if (d.replacementCheckedIn) return { releases: d.replacementCheckedIn, own: false };
  return { releases: laterReleases(report), own: true };
}

/** The later releases a report checked for removals (its specs after the one matched against). */
export const laterReleases = (report: Pick<Report, 'specs'>): string[] => report.specs.slice(1).map((s) => s.kubernetesVersion);

/**
 * The later releases a report names before the one found serving a replacement (replacementServedIn) that were never
 * looked in for it (replacementCheckedIn): in a merged report, those only parts that did not read the operation
 * checked. One of them may serve it: the release named is then not known to be the first. Empty when it is.
 */
export function replacementUncheckedBefore(d: Deprecation | null | undefined, later: readonly string[]): string[] {
  const served = d?.replacementServedIn;
  const looked = d?.replacementCheckedIn;
  if (!d?.replacement || typeof served !== 'string' || !looked) return [];
  return later.filter((v) => compareMinor(v, served) < 0 && !looked.includes(v));
}

/** report.json: what an API consumer called, as read from Kubernetes audit logs, and the policy's verdict on it. */
export interface Report {
  /** Version of this contract: fields are only added within a version, a breaking change bumps it. */
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'apisnoop'; version: string };
  /** Release of the spec matched against (1.33), "unknown" when the spec does not say. */
  kubernetesVersion: string;
  /** The spec matched against, then the later releases consulted for removals. */
  specs: SpecInfo[];
  /** The APISnoop coverage data of the conformance overlay; null when none was loaded. */
  conformance: { source: string; release: string } | null;
  /** The audit logs read, in order ("(stdin)" for -). */
  inputs: string[];
  /**
   * What tells each of inputs (in its order) from another log of the same name: every job of a matrix reads its own
   * log at one path ($RUNNER_TEMP/…/audit.log), and one log analyzed under two filters is the same log under any name.
   * Merge counts a log that several reports read once in the requests read. null for an input not told (stdin, a
   * file that could not be read). Added within schema 1, written by the CLI's analyze and the Action:
   * absent when no input is told (load-audit's analyses), and in reports made before it.
   */
  inputIds?: Array<InputId | null>;
  /** Which requests counted as the app's. */
  selection: Selection;
  summary: Summary;
  /** One per operation hit, sorted by level, group, path, method. */
  operations: OperationUsage[];
  /** Selected requests not mapped to an operation, grouped by reason, verb and pattern; most requests first, then by reason, pattern, verb. */
  unmatched: Unmatched[];
  /** The first 1000 lines that were not audit events, and every place an input broke off. */
  invalid: InvalidLine[];
  verdict: Verdict;
  /**
   * Least privilege, one comparison per identity checked (`analyze --rbac-serviceaccount`, the Action's KAPIC service
   * accounts): what it needed, what the manifests granted it but it never used, what was denied. Absent when not
   * checked. Each carries its own verdict (null without --fail-on overprivileged); see reportPasses.
   */
  rbac?: RbacComparison[];
  /**
   * The app's name, when one was given (`analyze --name`, the Action's release): the titles and the CSV exports call
   * it so. Absent, they name it after the first log, as `apisnoop export` does.
   */
  app?: string;
  /**
   * What the Action said about the run that made the report, above its verdict: problems failed its step (helm install
   * or the chart tests failed), notices change what the report means (the shipped spec was matched, least privilege
   * was not checked). Absent when there were none. Outside the Action, only notices that put the releases in doubt: a
   * spec file's release contradicted by its own operations (a 1.30 spec given as 1.33), conformance data or e2e tests
   * of another release than the spec's. Merge keeps them, so that a fan-in (or the
   * comment workflow of fork PRs) says them again.
   */
  runNotes?: RunNotes;
  /**
   * Least privilege that the policy (rbac-fail-on) needed and a run could not check, which fails the whole verdict
   * (reportPasses): why, and whose run it was. Written by the Action (its run problem says it too, for people); merge
   * keeps each part's, so a fan-in fails on it. Added within schema 1: absent when least privilege was checked or not
   * needed, and in reports made before it (which only say it in runNotes.problems: read from there, see
   * uncheckedLeastPrivilege).
   */
  leastPrivilegeUnchecked?: LeastPrivilegeUnchecked[];
  /**
   * The reports a merged report was made of, each with its own counts (those of a merged one: its own parts), so that
   * fail-on empty fails when any of them selected nothing, which the summed summary hides, in this merge and in any
   * later one. Added within schema 1: absent in a report of one analysis, and in reports made before it.
   */
  parts?: ReportPart[];
}

/** An input log's identity, taken as its copies are found (sources/copies.ts): the same for the same bytes. */
export interface InputId {
  /** Its size in bytes as stored (compressed, for a .gz). */
  bytes: number;
  /** SHA-256 (hex) of its first and last 64 KB (all of it when smaller). */
  fingerprint: string;
}

export interface RunNotes {
  problems: string[];
  notices: string[];
}

/** A run whose least privilege, which the policy needed, could not be checked. */
export interface LeastPrivilegeUnchecked {
  /**
   * The app of the run, when it names one (the Action's release): a merged report of several apps says whose it is
   * (`opa: …`), which its own app ("opa + webhook") does not.
   */
  app?: string;
  /** Why it could not be checked, as one clause (no full stop): "no RBAC manifests (rbac-granted) were given". */
  why: string;
}

/** One of the reports a merged report was made of, with its own counts. */
export interface ReportPart {
  /** The report as the merge named it: its file (the Action's reports), else its app or its first logs. */
  name: string;
  requests: number;
  selected: number;
  /**
   * Its selection's criteria, as the merge's notes name them ("namespace x, service account y", "(no filter)"), and
   * its app: what fail-on empty's reason names for a part that selected nothing, so the filter to check is at hand.
   * Added within schema 1: absent in parts of reports made before it.
   */
  filter?: string;
  app?: string;
}

/** The report's title: "APISnoop: <app>" when it names its app, else "APISnoop". */
export function reportTitle(report: Pick<Report, 'app'>): string {
  return report.app !== undefined ? `APISnoop: ${report.app}` : 'APISnoop';
}

/**
 * The input whose rule failed on least privilege not checked, as report.md, report.html and the comment name it: the
 * Action's, since only the Action records it (leastPrivilegeUnchecked); the CLI's --fail-on overprivileged refuses to
 * run without --granted instead. An identity's own verdict is said "fail on overprivileged", which both made.
 */
export const UNCHECKED_FAILED_BY = 'rbac-fail-on';

/** How the Action says least privilege could not be checked, for people: a run problem when rbac-fail-on needed it. */
export const LEAST_PRIVILEGE_UNCHECKED = 'Least privilege was not checked: ';

/**
 * Least privilege the policy (rbac-fail-on) needed and that was not checked: the report's leastPrivilegeUnchecked.
 * A report made before the field (by an older apisnoop of schema 1) says it only in a run problem, which a fan-in may
 * merge with new ones: read from that text then, and only then (runProblemsUnchecked).
 */
export function uncheckedLeastPrivilege(report: Pick<Report, 'app' | 'runNotes' | 'leastPrivilegeUnchecked'>): LeastPrivilegeUnchecked[] {
  return report.leastPrivilegeUnchecked ?? runProblemsUnchecked(report);
}

/**
 * What an older report's run problems say of it: a problem that opens with LEAST_PRIVILEGE_UNCHECKED (after the app
 * names a merge of several apps put before it, `opa: …`), its full stop taken off. Only the report's own apps may come
 * before it: a problem quoting another program's output that holds the words (an install-command's last line) is no
 * such problem.
 */
function runProblemsUnchecked(report: Pick<Report, 'app' | 'runNotes'>): LeastPrivilegeUnchecked[] {
  const apps = report.app === undefined ? [] : [report.app, ...report.app.split(' + ')];
  const found: LeastPrivilegeUnchecked[] = [];
  for (const note of report.runNotes?.problems ?? []) {
    let at = 0;
    let app: string | undefined;
    for (let a = apps.find((x) => note.startsWith(`${x}: `, at)); a !== undefined; a = apps.find((x) => note.startsWith(`${x}: `, at))) {
      app = a;
      at += a.length + 2;
    }
    if (!note.startsWith(LEAST_PRIVILEGE_UNCHECKED, at)) continue;
    const why = note.slice(at + LEAST_PRIVILEGE_UNCHECKED.length).replace(/\.$/, '');
    // No app before it: the report's own run.
    const whose = app ?? report.app;
    found.push({ ...(whose !== undefined ? { app: whose } : {}), why });
  }
  return found;
}

/** "opa: " when the run was another app's than the report's (a merge of several apps'), else nothing. */
const otherApp = (u: LeastPrivilegeUnchecked, report: Pick<Report, 'app'>): string => (u.app !== undefined && u.app !== report.app ? `${u.app}: ` : '');

/** "opa: why", when the run was another app's than the report's (a merge of several apps'), else just why. */
export function uncheckedText(u: LeastPrivilegeUnchecked, report: Pick<Report, 'app'>): string {
  return `${otherApp(u, report)}${u.why}`;
}

/**
 * The failure said for it where no run problem of the report says it (a report whose writer set the field alone), in
 * the words the Action's run problem has: "opa: Least privilege was not checked: why." for another app's run.
 */
export function uncheckedFailure(u: LeastPrivilegeUnchecked, report: Pick<Report, 'app'>): string {
  return `${otherApp(u, report)}${LEAST_PRIVILEGE_UNCHECKED}${u.why}.`;
}

/**
 * Whether `said` (a run problem, a step's failure) says `u`: whole, or after the names this report puts before it (its
 * release's "Kubernetes 1.34: ", its apps' "opa: " or "opa + gk: ", in either order: a merge of several apps puts the
 * app before a release's problem, "gk: Kubernetes 1.34: "). Another app's run is said under its name, the last app
 * named. A problem that merely holds the reason (a short one, "helm", in "helm install failed") says nothing of it, nor
 * one of another app or release.
 */
export function saysUnchecked(report: Pick<Report, 'app' | 'kubernetesVersion'>, said: string, u: LeastPrivilegeUnchecked): boolean {
  const sentence = `${LEAST_PRIVILEGE_UNCHECKED}${u.why}.`;
  if (!said.endsWith(sentence)) return false;
  const prefix = said.slice(0, said.length - sentence.length);
  const whose = otherApp(u, report);
  if (prefix === '') return whose === '';
  if (!prefix.endsWith(': ')) return false;
  const apps = new Set(report.app?.split(' + ') ?? []);
  const appNames = prefix
    .slice(0, -2)
    .split(': ')
    .filter((name) => name !== `Kubernetes ${report.kubernetesVersion}`);
  return appNames.every((name) => name.split(' + ').every((a) => apps.has(a))) && (whose === '' || appNames.at(-1) === u.app);
}

/**
 * Least privilege not checked that none of `said` (the run's problems, the step's failures) says already: the field
 * decides the verdict, so a report that has it without the run problem (not written by apisnoop) still gives a reason.
 */
export function uncheckedUnsaid(report: Pick<Report, 'app' | 'kubernetesVersion' | 'runNotes' | 'leastPrivilegeUnchecked'>, said: readonly string[]): string[] {
  return uncheckedLeastPrivilege(report)
    .filter((u) => !said.some((s) => saysUnchecked(report, s, u)))
    .map((u) => uncheckedFailure(u, report));
}

/**
 * The run's notes less those its verdict says: least privilege not checked has a failure line of its own there, with
 * the rule that fails on it. A page showing both (report.md, the comment, the job summary) said it twice.
 */
export function notesBesideVerdict(report: Pick<Report, 'app' | 'kubernetesVersion' | 'runNotes' | 'leastPrivilegeUnchecked'>, notes: readonly string[]): string[] {
  const unchecked = uncheckedLeastPrivilege(report);
  return notes.filter((n) => !unchecked.some((u) => saysUnchecked(report, n, u)));
}

/**
 * The whole report's verdict: the API policy, and least privilege for every identity whose verdict was asked for,
 * which fails too when the policy needed it and it could not be checked (as the Action's step and verdict output do).
 */
export function reportPasses(report: Report): boolean {
  return report.verdict.pass && (report.rbac ?? []).every((c) => c.verdict === null || c.verdict.pass) && uncheckedLeastPrivilege(report).length === 0;
}

/**
 * Many requests without a response code mean their final stage (ResponseComplete, Panic) was not in the log: an
 * audit policy that omits it, or a log cut off. Said, because codes and deprecation annotations come with it. A few
 * are normal (requests still in flight when the log was taken). Null under a tenth of the matched requests. The final
 * stages the limit on requests in flight dropped (summary.finalStagesDropped) are in the log: taken off first, as if
 * each were a matched request's (they count requests of any selection), so that what is said the log lacks is at
 * least that many; their own warning says them (countedEarlyWarning).
 */
export function missingFinalStages(report: Report): string | null {
  let unknown = 0;
  let all = 0;
  for (const op of report.operations) {
    all += op.hits;
    unknown += op.codes.unknown ?? 0;
  }
  // Those forgotten (countedEarlyForgotten) may have had theirs counted as requests of their own: taken off too.
  const dropped = (report.summary.finalStagesDropped ?? 0) + (report.summary.countedEarlyForgotten ?? 0);
  const lacking = unknown - dropped;
  if (lacking <= 0 || lacking * 10 < all) return null;
  if (dropped === 0) {
    return (
      `${unknown} of ${all} matched requests have no response code: their final stage (ResponseComplete or Panic) is not in the log, ` +
      'as when the audit policy omits it or the log was cut off; they count as "unknown" and their deprecation annotations are missing'
    );
  }
  return (
    `${unknown} of ${all} matched requests have no response code: at most ${dropped} of them had their final stage (ResponseComplete or Panic) ` +
    `dropped by the limit on requests in flight, and at least ${lacking} have none in the log, as when the audit policy omits it or the log was cut off; ` +
    'they count as "unknown" and their deprecation annotations are missing'
  );
}
