// AuditEvent: the few fields of an audit.k8s.io Event that APISnoop reads, and the stage merge that turns
// events (RequestReceived, ResponseStarted, ResponseComplete, Panic) into one Request per auditID.
import { AuditIdTable, RECENTLY_COMPLETED } from './audit-id-table.js';
import { afterPrefix, withoutBom } from './line-prefix.js';
import { envelopeOf, eventTextsBeside, isControlMessage, isEndOfExport, pickedFieldsProblem, splitLineHint } from './log-envelope.js';
import { characters, textShape, valueShape } from './text-shape.js';
import { grouped } from './grouped.js';

export interface AuditUser {
  username?: string;
  groups?: string[];
  /** impersonatedUser only (Impersonate-Uid, Impersonate-Extra-*): each needs its own leave to impersonate. */
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb?: string;
  requestURI?: string;
  user?: AuditUser;
  impersonatedUser?: AuditUser;
  userAgent?: string;
  objectRef?: {
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    apiVersion?: string;
  };
  code?: number;
  /** requestReceivedTimestamp (v1) or timestamp (v1beta1). */
  timestamp?: string;
  /** k8s.io/deprecated and k8s.io/removed-release, the apiserver's own word on deprecated APIs. */
  deprecatedAnnotation?: boolean;
  removedRelease?: string;
  /**
   * authorization.k8s.io/decision: the authorizer's answer ('allow', 'forbid') for the request's own verb only. A 403
   * after 'allow' came later: from admission (PodSecurity, ResourceQuota, webhooks) or from a further permission
   * check the apiserver makes (create for a patch or PUT that creates, bind or escalate for RBAC writes). Logs before
   * 1.19 have none.
   */
  authzDecision?: string;
}

/** A request: the most complete of its audit events. */
export type Request = AuditEvent;

/**
 * A non-final stage whose fields are not decoded yet (StageStub in event-fields.ts, which reads lines): the
 * assembler asks for its event only when a value of it is needed.
 */
export interface DeferredStage {
  readonly deferred: true;
  readonly auditID: string;
  readonly stage: string;
  /**
   * At least the text its event will hold (heldText of event()), known without decoding it: its line's bytes (every
   * kept string is a part of them, decoded no longer) and its time (merged from an earlier stage, it may be another's).
   */
  readonly text: number;
  event(): AuditEvent;
  /** mergeStages(event(), final). */
  completedBy(final: AuditEvent): AuditEvent;
  /** The merge of two non-final stages (a watch's RequestReceived, then ResponseStarted): deferred still if it can be. */
  mergedWith(other: DeferredStage): DeferredStage | AuditEvent;
}

/** A request's stages so far: an event, or a stage not decoded yet. */
export type OpenStages = AuditEvent | DeferredStage;

export const eventOf = (v: OpenStages): AuditEvent => ('deferred' in v ? v.event() : v);

const len = (s: string | undefined): number => (s === undefined ? 0 : s.length);
const textOfAll = (ss: readonly string[] | undefined): number => {
  let n = 0;
  if (ss !== undefined) for (const s of ss) n += s.length;
  return n;
};
const userText = (u: AuditUser | undefined): number => {
  if (u === undefined) return 0;
  let n = len(u.username) + textOfAll(u.groups) + len(u.uid);
  if (u.extra !== undefined) for (const k in u.extra) n += k.length + textOfAll(u.extra[k]);
  return n;
};

/**
 * The text a request's stages so far hold, in characters (the limit on requests in flight bounds theirs together):
 * its event's own strings (the stage, verb and the like are shared constants; users and short values are mostly shared
 * between requests too, but counted). One measure whoever decoded the event (the WebAssembly reader, scanEvent,
 * JSON.parse), so every path reaches the limit at the same request. A deferred stage, not decoded, gives a bound on
 * it (DeferredStage.text), which the assembler makes exact before the total passes the limit. Each string is a part
 * of the line the event was read from, so two stages merged hold no more than both (the parallel reader's replay sums
 * its stages' for a bound on it).
 */
export function heldText(v: OpenStages): number {
  if ('deferred' in v) return v.text;
  const r = v.objectRef;
  return (
    v.auditID.length +
    len(v.requestURI) +
    len(v.userAgent) +
    len(v.timestamp) +
    userText(v.user) +
    userText(v.impersonatedUser) +
    (r === undefined ? 0 : len(r.name) + len(r.namespace) + len(r.resource) + len(r.subresource) + len(r.apiGroup) + len(r.apiVersion)) +
    len(v.removedRelease)
  );
}

const KNOWN_API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function user(v: unknown, impersonated = false): AuditUser | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const u = v as { username?: unknown; groups?: unknown; uid?: unknown; extra?: unknown };
  const out: AuditUser = {
    username: str(u.username),
    groups: Array.isArray(u.groups) ? u.groups.filter((g): g is string => typeof g === 'string') : undefined,
  };
  // The authenticated user's uid and extra are its own; an impersonated one's were asked for, and authorized.
  const uid = impersonated ? str(u.uid) : undefined;
  if (uid !== undefined) out.uid = uid;
  if (impersonated && u.extra && typeof u.extra === 'object' && !Array.isArray(u.extra)) {
    out.extra = {};
    for (const [k, vs] of Object.entries(u.extra as Record<string, unknown>)) {
      if (Array.isArray(vs)) out.extra[k] = vs.filter((x): x is string => typeof x === 'string');
    }
  }
  return out;
}

/** GKE writes its Kubernetes audit logs only so: a method name and a resource name, no request URI or verb. */
const GKE_ENTRY =
  "a Cloud Audit Logs entry (protoPayload), as GKE writes its Kubernetes audit logs, not an audit.k8s.io event: it has no request URI to match to the API's operations";
const isCloudAuditEntry = (v: unknown): boolean => {
  const p = v && typeof v === 'object' ? (v as { protoPayload?: unknown }).protoPayload : undefined;
  return !!p && typeof p === 'object';
};

/**
 * Why an object's auditID makes it no audit event: absent (or null, or empty), or there but not a string (a number
 * a log writer made of it), which "no auditID" would hide from whoever looks for the field and finds it.
 */
function noAuditID(id: unknown): string {
  if (id === undefined || id === null || typeof id === 'string') return 'not an audit event: no auditID';
  return `not an audit event: auditID is ${valueShape(id)}, not a string`;
}

/**
 * An auditID as an API server makes it, a UUID: quoted, to be found in the log. Any other (a client's Audit-ID header,
 * a log writer's field) can hold anything, so is said by its length.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notUuid = (id: string, as: string): string => `${as} of ${characters(id.length)}, not a UUID (not quoted)`;
const auditIdSaid = (id: string, quotedAs: string, as: string): string => (UUID.test(id) ? `${quotedAs}${JSON.stringify(id)}` : notUuid(id, as));
/** An auditID as a report's field holds it: a UUID as it is, any other said by its length (auditIdSaid). */
export const shownAuditId = (id: string): string => (UUID.test(id) ? id : notUuid(id, 'an auditID'));

/**
 * What a kind or apiVersion that makes a line no audit event is said to be: quoted when it is spelt as Kubernetes
 * spells one (Secret, EventList, each word capitalised once; v1, apps/v1beta2), else by its type and size (its text
 * can be anything).
 */
const KIND = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$/;
const API_VERSION = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d*)?$/;
const nameSaid = (v: unknown, spelt: RegExp): string => (typeof v === 'string' && spelt.test(v) ? JSON.stringify(v) : valueShape(v));

/**
 * Validate a parsed JSON value as an audit Event and keep only what APISnoop reads.
 * Returns an error message for anything that is not an audit event.
 */
export function toAuditEvent(raw: unknown): AuditEvent | string {
  if (Array.isArray(raw)) {
    // What gcloud logging read --format=json writes: the entries in one array, GKE's among them.
    if (isCloudAuditEntry(raw[0])) return `a JSON array of Cloud Logging entries (gcloud logging read --format=json), the first of them ${GKE_ENTRY}`;
    // An array none of whose items holds an audit event (eventsIn reads any that does), or one within a record.
    const n = `${raw.length} item${raw.length === 1 ? '' : 's'}`;
    return `a JSON array of ${n}, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records`;
  }
  if (!raw || typeof raw !== 'object') return 'not a JSON object';
  const o = raw as Record<string, unknown>;
  // APISnoop's own output given back to analyze (report.json beside the log, --format json saved): say which it is.
  if (o.schemaVersion !== undefined && (o.tool as { name?: unknown } | undefined)?.name === 'apisnoop') {
    return "an APISnoop report (report.json), not an audit log: analyze reads the API server's audit log; apisnoop merge and export read reports";
  }
  if (o.kind === 'EventList') return `an EventList whose items are ${o.items === undefined ? 'missing' : 'not a list'}: no audit event in it`;
  if (o.kind !== undefined && o.kind !== 'Event') return `kind is ${nameSaid(o.kind, KIND)}, not an audit Event`;
  if (o.apiVersion !== undefined && !KNOWN_API_VERSIONS.has(o.apiVersion as string)) {
    // The other Event: what `kubectl get events` shows (a scheduler's "Scheduled", a kubelet's "Pulled") is no request.
    const clusterEvent = o.apiVersion === 'v1' || (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('events.k8s.io/'));
    const which = clusterEvent ? ': a cluster Event (kubectl get events), not an audit event of the API server' : '';
    return `apiVersion ${nameSaid(o.apiVersion, API_VERSION)} is not audit.k8s.io/v1, v1beta1 or v1alpha1${which}`;
  }
  const auditID = str(o.auditID);
  if (!auditID && isCloudAuditEntry(o)) return GKE_ENTRY;
  if (!auditID) return noAuditID(o.auditID);
  const requestURI = str(o.requestURI);
  const verb = str(o.verb);
  if (requestURI === undefined && verb === undefined) return 'not an audit event: no requestURI or verb';
  const ts = str(o.requestReceivedTimestamp) ?? str(o.timestamp);
  const ann = o.annotations as Record<string, unknown> | undefined;
  const annotated = ann && typeof ann === 'object';
  const rs = o.responseStatus as { code?: unknown } | undefined;
  const r = o.objectRef && typeof o.objectRef === 'object' ? (o.objectRef as Record<string, unknown>) : undefined;
  const ev: AuditEvent = newEvent(
    auditID,
    str(o.stage) ?? 'ResponseComplete',
    verb,
    requestURI,
    user(o.user),
    user(o.impersonatedUser, true),
    str(o.userAgent),
    r && {
      resource: str(r.resource),
      subresource: str(r.subresource),
      namespace: str(r.namespace),
      name: str(r.name),
      apiGroup: str(r.apiGroup),
      apiVersion: str(r.apiVersion),
    },
    rs && typeof rs.code === 'number' ? rs.code : undefined,
    ts || undefined,
    annotated && ann['k8s.io/deprecated'] === 'true' ? true : undefined,
    (annotated && str(ann['k8s.io/removed-release'])) || undefined,
    (annotated && str(ann['authorization.k8s.io/decision'])) || undefined,
  );
  return ev;
}

/**
 * The JSON a record's text holds, read as a line of a log is: behind a byte order mark, or behind a time and a
 * container runtime's stream and tag (fluent-bit tailing /var/log/containers without its CRI parser keeps them in
 * "log", and a console's export keeps what its collector kept). Null when it holds none: the caller says so, and not
 * with the prefix's own advice, whose commands join the lines of a file, not records (splitLineHint gives theirs).
 */
function recordJson(text: string): { value: unknown } | null {
  const t = withoutBom(text);
  try {
    return { value: JSON.parse(t) };
  } catch {
    const behind = afterPrefix(t);
    return behind !== null && 'value' in behind ? behind : null;
  }
}

/** How a message names a JSON string whose text is JSON: jq's output of a text without -r. */
const JSON_STRING = 'a JSON string holding JSON (as jq writes a text without -r)';

/** Why a record's text holds no event: it is not JSON (its shape, not its text, and a hint of why). */
function notJson(envelope: { text: string; where: string }): string {
  return `${envelope.where} is not JSON, so not an audit event: ${textShape(envelope.text)}${splitLineHint(envelope)}`;
}

/**
 * EventLists and envelopes (log-envelope.ts) within each other: CloudWatch's events and AKS's records are 2 deep, an
 * Elasticsearch response's hit's Filebeat document 3.
 */
const MAX_NESTING = 5;

/**
 * The audit events of a parsed JSON value: an Event, an EventList whose items are each taken the same way, or a log
 * pipeline's record that holds one as JSON text, or a list of such records (log-envelope.ts). Anything else is refused
 * with toAuditEvent's message. The analysis and least privilege read values alike here.
 */
export function eventsIn(
  raw: unknown,
  onEvent: (ev: AuditEvent) => void,
  onRefused: (message: string) => void,
  /**
   * An event whose stage is none of the four (STAGES), or without a verb or requestURI (or one not a string), given
   * before the event: those fields' raw values (undefined: none).
   */
  onOdd?: (fields: EventFields) => void,
  depth = 0,
): void {
  const list = raw as { kind?: unknown; items?: unknown };
  if (list && list.kind === 'EventList' && Array.isArray(list.items)) {
    // An item refused is named by its place: a webhook's batch is one line of many events.
    const items = list.items as unknown[];
    let at = 0;
    const refused = (message: string): void => onRefused(`EventList item ${at + 1} of ${items.length}: ${message}`);
    for (; at < items.length; at++) eventsIn(items[at], onEvent, refused, onOdd, depth + 1);
    return;
  }
  // A line or document that is a JSON array of events or of log records (jq -s, az monitor log-analytics query, a
  // script's dump): read as an EventList's items, each on its own (a CloudWatch subscription's control message first,
  // a bad row first, are one item each). Within a record an array is no event, and one none of whose items holds an
  // event (Cloud Logging's entries, numbers) is one refusal saying what it is (toAuditEvent).
  if (depth === 0 && Array.isArray(raw) && raw.length > 0 && arrayItemsIn(raw, onEvent, onRefused, onOdd)) return;
  // A JSON string holding a record or event, as jq writes a text without -r (jq '.events[].message'): what it holds.
  if (typeof raw === 'string' && depth < MAX_NESTING) {
    const read = recordJson(raw);
    if (read !== null && read.value !== null && typeof read.value === 'object') {
      eventsIn(read.value, onEvent, (message) => onRefused(`${JSON_STRING}: ${message}`), onOdd, depth + 1);
      return;
    }
  }
  // A CloudWatch Logs subscription's check that its destination is there, a Splunk export's end: no record of the
  // log, nothing to read.
  if (isControlMessage(raw) || isEndOfExport(raw)) return;
  // A log pipeline's record around the event (a bound on the nesting: each level is a call of this one).
  const envelope = depth < MAX_NESTING ? envelopeOf(raw) : null;
  // A CSV row the CSV reader could not read: what is wrong with it.
  if (envelope && 'problem' in envelope) {
    onRefused(envelope.problem);
    return;
  }
  if (envelope && 'items' in envelope) {
    // A list with no records (CloudWatch's last page, a search that found nothing) lost nothing: nothing to read. The
    // list is one line (or one object spanning lines): the record's place in it is what finds it.
    envelope.items.forEach((item, i) =>
      eventsIn(item, onEvent, (message) => onRefused(`${envelope.where}, record ${i + 1}: ${message}`), onOdd, depth + 1),
    );
    return;
  }
  if (envelope) {
    // The record within: an object as it is, or the JSON its text holds.
    let inner: unknown;
    if ('value' in envelope) inner = envelope.value;
    else {
      const read = recordJson(envelope.text);
      if (read === null) {
        onRefused(notJson(envelope));
        return;
      }
      inner = read.value;
    }
    eventsIn(inner, onEvent, (message) => onRefused(`${envelope.where}: ${message}`), onOdd, depth + 1);
    return;
  }
  // Fields picked from an event beside its whole text (Splunk's _json, a Logs Insights query): the event in the text.
  let unread: { text: string; where: string } | undefined;
  if (depth < MAX_NESTING) {
    for (const beside of eventTextsBeside(raw)) {
      const read = recordJson(beside.text);
      if (read === null) unread ??= beside;
      if (read === null || !sameAuditID(raw, read.value)) continue;
      eventsIn(read.value, onEvent, (message) => onRefused(`${beside.where}: ${message}`), onOdd, depth + 1);
      return;
    }
  }
  const picked = pickedFieldsProblem(raw);
  // The whole event was given, but its text is no JSON (Splunk cut it at TRUNCATE): that is what is wrong, not the
  // fields picked beside it. A text that opens an object is taken for the event's even with no field picked.
  if (unread !== undefined && (picked !== null || unread.text.trimStart().startsWith('{'))) {
    onRefused(notJson(unread));
    return;
  }
  if (picked !== null) {
    onRefused(picked);
    return;
  }
  const ev = toAuditEvent(raw);
  if (typeof ev === 'string') onRefused(ev);
  else {
    const o = raw as EventFields;
    if (onOdd && (!isStage(o.stage) || typeof o.verb !== 'string' || typeof o.requestURI !== 'string')) {
      onOdd({ stage: o.stage, verb: o.verb, requestURI: o.requestURI });
    }
    onEvent(ev);
  }
}

/**
 * The events of a JSON array's items, an item refused named by its place. False, having given nothing, when no item
 * holds an event: the array is then no array of events (its items' refusals are held back until one does).
 */
function arrayItemsIn(
  raw: unknown[],
  onEvent: (ev: AuditEvent) => void,
  onRefused: (message: string) => void,
  onOdd: ((fields: EventFields) => void) | undefined,
): boolean {
  let events = 0;
  const held: string[] = [];
  const counted = (ev: AuditEvent): void => {
    events++;
    onEvent(ev);
  };
  const flush = (): void => held.splice(0).forEach((message) => onRefused(message));
  let at = 0;
  const refused = (message: string): void => {
    held.push(`JSON array item ${at + 1} of ${raw.length}: ${message}`);
    if (events > 0) flush();
  };
  for (; at < raw.length; at++) {
    eventsIn(raw[at], counted, refused, onOdd, 1);
    if (events > 0) flush();
  }
  return events > 0;
}

/** Whether a record's text holds the event its own fields were picked from: an event of the record's auditID. */
function sameAuditID(record: unknown, inner: unknown): boolean {
  const id = (record as { auditID?: unknown }).auditID;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return false;
  const own = (inner as { auditID?: unknown }).auditID;
  return typeof own === 'string' && (id === undefined || id === own);
}

/**
 * Whether a parsed JSON value gives an audit event (an Event, or an EventList with one): of the lines of a broken
 * pretty-printed object, read again on their own, only those count; the rest are pieces of that object.
 */
export function holdsAuditEvents(raw: unknown): boolean {
  let events = 0;
  eventsIn(raw, () => events++, () => {});
  return events > 0;
}

// A Map, not an object literal: a stage named "constructor" or "toString" must rank as any unknown stage does.
const STAGE_RANK = new Map([
  ['RequestReceived', 0],
  ['ResponseStarted', 1],
  ['ResponseComplete', 2],
  ['Panic', 2],
]);
/** The stages of an audit event (audit.k8s.io's Stage), in order. */
export const STAGES: readonly string[] = [...STAGE_RANK.keys()];
export const isStage = (v: unknown): boolean => typeof v === 'string' && STAGE_RANK.has(v);
/** Whether stage a counts as earlier than (or as early as) stage b when two stages merge: a is then the early one. */
export const notLaterStage = (a: string, b: string): boolean => (STAGE_RANK.get(a) ?? 2) <= (STAGE_RANK.get(b) ?? 2);

/**
 * Later stages win; fields a later stage lacks are kept from the earlier one. The request was received at the
 * earliest stage's time. Written field by field: a generic merge (a spread, then for…in) was a sixth of the engine's
 * time per request. A new AuditEvent field must be added here and to newEvent; the tests check every field against
 * the generic rule.
 */
export function mergeStages(a: AuditEvent, b: AuditEvent): AuditEvent {
  const [early, late] = notLaterStage(a.stage, b.stage) ? [a, b] : [b, a];
  return newEvent(
    late.auditID,
    late.stage,
    late.verb ?? early.verb,
    late.requestURI ?? early.requestURI,
    late.user ?? early.user,
    late.impersonatedUser ?? early.impersonatedUser,
    late.userAgent ?? early.userAgent,
    late.objectRef ?? early.objectRef,
    late.code ?? early.code,
    early.timestamp || late.timestamp,
    late.deprecatedAnnotation ?? early.deprecatedAnnotation,
    late.removedRelease ?? early.removedRelease,
    late.authzDecision ?? early.authzDecision,
  );
}

/** Two stages of a request not complete yet, either of them perhaps deferred: mergeStages, deferred if it can be. */
export function mergeOpen(prev: OpenStages, next: OpenStages): OpenStages {
  if ('deferred' in prev) return 'deferred' in next ? prev.mergedWith(next) : mergeStages(prev.event(), next);
  return mergeStages(prev, eventOf(next));
}

/** A request's stages so far and its final stage: mergeStages, reading a deferred stage only if it must. */
export const completeWith = (prev: OpenStages, final: AuditEvent): Request => ('deferred' in prev ? prev.completedBy(final) : mergeStages(prev, final));

/**
 * Every AuditEvent is made here (toAuditEvent, the fast path's scanEvent, mergeStages), with all its fields, undefined
 * where the log has none: one hidden class for every event, so the engine's reads of them stay monomorphic. Events
 * with their own sets of fields cost a tenth of the time on Metadata-level logs (1 GB: 9.17 s, now 8.23 s;
 * docs/performance-history.md).
 */
export function newEvent(
  auditID: string,
  stage: string,
  verb: string | undefined,
  requestURI: string | undefined,
  user: AuditUser | undefined,
  impersonatedUser: AuditUser | undefined,
  userAgent: string | undefined,
  objectRef: AuditEvent['objectRef'],
  code: number | undefined,
  timestamp: string | undefined,
  deprecatedAnnotation: boolean | undefined,
  removedRelease: string | undefined,
  authzDecision: string | undefined,
): AuditEvent {
  return { auditID, stage, verb, requestURI, user, impersonatedUser, userAgent, objectRef, code, timestamp, deprecatedAnnotation, removedRelease, authzDecision };
}

/**
 * Whether a text is an audit log: its first line an audit event (an auditID, and no other kind). For what reads
 * something else (a report, a spec) and is given a log by mistake, to say so rather than "not JSON".
 */
export function firstLineIsAuditEvent(text: string): boolean {
  const end = text.indexOf('\n');
  let first: unknown;
  try {
    first = JSON.parse(end === -1 ? text : text.slice(0, end));
  } catch {
    return false;
  }
  const o = first as { auditID?: unknown; kind?: unknown } | null;
  return !!o && typeof o === 'object' && typeof o.auditID === 'string' && (o.kind === undefined || o.kind === 'Event' || o.kind === 'EventList');
}

/** Where an event was read: its input and line. */
export interface Place {
  file: string;
  line: number;
}

/** Events of one oddity, said together: how many, and the first of them (where it was read, the value at fault). */
export interface Tally {
  count: number;
  first?: Place & { value: string };
}

/** One more event of a tally's oddity. */
export function tally(t: Tally, file: string, line: number, value: string): void {
  if (t.count++ === 0) t.first = { file, line, value };
}

/** A tally made empty again (a parallel reading given up on, read again on one thread). */
export function untally(t: Tally): void {
  t.count = 0;
  t.first = undefined;
}

/** `FILE:LINE: ` of a tally's first event, as an invalid line is said; nothing when the reader did not say where. */
const placeOf = (t: Tally): string => (t.first?.file ? `${t.first.file}:${t.first.line}: ` : '');

/** A tally the assembler keeps as events are added. */
export interface AssemblyTally extends Tally {
  /**
   * Where the event being added was read: the reader's sink keeps it up to date, and the assembler reads it only
   * when it tallies.
   */
  at?: Place;
  /**
   * Inputs whose events come again because they copy an input read before them (copyWarning says so already): not
   * tallied, so that an overlap elsewhere among the inputs is still said.
   */
  explained?: ReadonlySet<string>;
}

/** One more event of an assembly tally's oddity, unless a copy read in `file` explains it. */
export function tallyUnexplained(t: AssemblyTally, file: string, line: number, value: string): void {
  if (t.explained?.has(file) !== true) tally(t, file, line, value);
}

/**
 * Final stages that came under an auditID already counted. Each is a request of its own (APISnoop's test events
 * share one), but in a real log it is mostly the same request read twice, from logs that overlap: said (analyze),
 * where the first came and how many did. The value of the first: its auditID.
 */
export type RepeatedFinals = AssemblyTally;

/**
 * Stages before the final one that came under an auditID whose request has completed (among those the assembler
 * remembers: AuditIdTable's window): logs out of order hold them (Logstash, several API servers, webhook batches).
 * Each adds nothing, its request counted at its final stage: said (analyze, rbac), where the first came and how many
 * did. Not the stages of a request counted early, past the limit on requests in flight: its warning says they are
 * dropped. The value of the first: its stage and auditID (lateStageValue).
 */
export type LateStages = AssemblyTally;

/** What a late stage is said to be: its stage (one not known is not named: the replay of two jobs has only its kind) and auditID. */
export const lateStageValue = (stage: string, auditID: string): string =>
  `${isStage(stage) ? stage : 'a stage not known'} of ${auditIdSaid(auditID, 'auditID ', 'an auditID')}`;

/**
 * What is said of them: where the first came, counted, and that the counts are as they were. `overlap`: final stages
 * came again too (RepeatedFinals), whose requests' earlier stages come after the first's final stage.
 */
export const lateStagesWarning = (t: Tally, overlap = false): string => {
  const n = t.count;
  const which = n === 1 ? ': it adds' : `; so did ${grouped(n - 1)} more, ${grouped(n)} in all: each adds`;
  const held = overlap ? 'out-of-order logs hold such stages, and so do logs that overlap' : 'out-of-order logs hold such stages';
  return `${placeOf(t)}a stage came after its request had completed (${t.first?.value ?? 'a stage'})${which} nothing to its request, already counted at its final stage (${held})`;
};

/** The first request that came again is of `group`, not built in, and `log` is an aggregated API server's (aggregatedRepeatOf). */
export interface AggregatedRepeat {
  group: string;
  /** The log to leave out: where it was read first or where it came again. */
  log: string;
}

/**
 * What is said of them: where the first came, counted, and what to check, in logs several or one (`inputs`: how many
 * were read). `aggregated`: an aggregated API server's own log, beside the kube-apiserver's, is then the likely
 * cause: it is named, as the place said may be the kube-apiserver's log, read after it.
 */
export const repeatedFinalsWarning = (r: Tally, inputs = 2, aggregated: AggregatedRepeat | null = null): string => {
  const n = r.count;
  const id = r.first ? `, ${auditIdSaid(r.first.value, '', 'one')}` : '';
  const which = n === 1 ? 'it is counted again' : `so did ${grouped(n - 1)} more, ${grouped(n)} requests in all, and each is counted again`;
  const overlap =
    inputs === 1
      ? 'does the log hold part of itself twice, such as a log joined with cat to an older copy of itself? Give each request once'
      : 'do two of the logs overlap, such as a log saved twice as it grew? Give each request once';
  const why =
    aggregated === null || inputs === 1
      ? overlap
      : `${n === 1 ? 'it is' : 'the first is'} a request of ${aggregated.group}, an API group Kubernetes does not serve built in: ` +
        'an aggregated API server (metrics-server, a custom metrics adapter) audits the requests the kube-apiserver hands on to it, ' +
        `under the same auditID, so its log beside the kube-apiserver's holds them again: leave the aggregated server's log, ${aggregated.log}, out, ` +
        `give only the kube-apiserver's logs. If none was given, ${overlap}`;
  return `${placeOf(r)}a request came again under an auditID already counted${id} (a final stage given twice); ${which}: ${why}`;
};

/** The tallies a reading of logs keeps as it assembles requests; both name the place `at`, where the event being read is. */
export interface AssemblyTallies {
  at: Place;
  repeated: RepeatedFinals;
  late: LateStages;
}

/**
 * `copies`: the inputs that copy others (findCopies), in `files`, the order they are read in. Of each copy and its
 * original, the one read second is where their requests come again (its warning says so): its events are not tallied.
 */
export function newAssemblyTallies(copies: ReadonlyArray<{ file: string; sameAs: string }> = [], files: readonly string[] = []): AssemblyTallies {
  const at: Place = { file: '', line: 0 };
  const explained = new Set(copies.map((c) => (files.indexOf(c.sameAs) > files.indexOf(c.file) ? c.sameAs : c.file)));
  return { at, repeated: { count: 0, at, explained }, late: { count: 0, at, explained } };
}

/** What is said of them once the logs are read (`inputs`: how many; `aggregated`: repeatedFinalsWarning's). */
export function assemblyWarnings(t: AssemblyTallies, inputs: number, aggregated: AggregatedRepeat | null = null): string[] {
  const said: string[] = [];
  if (t.repeated.count > 0) said.push(repeatedFinalsWarning(t.repeated, inputs, aggregated));
  if (t.late.count > 0) said.push(lateStagesWarning(t.late, t.repeated.count > 0));
  return said;
}


/** An event's fields whose oddities are said (OddFields), as the log has them. */
export interface EventFields {
  stage?: unknown;
  verb?: unknown;
  requestURI?: unknown;
}

/**
 * Events of odd fields, read as toAuditEvent reads them (the fast path leaves their lines to it), each oddity said at
 * its first event. With no stage, or one not a string, an event is taken as its request's final stage
 * (ResponseComplete); with a string that names no stage, as a stage before the final one. Without a verb or a
 * requestURI (toAuditEvent refuses an event with neither), the request is unmatched unless another of its stages has one.
 */
export interface OddFields {
  noStage: Tally;
  unknownStage: Tally;
  noVerb: Tally;
  noURI: Tally;
}

export const newOddFields = (): OddFields => ({ noStage: { count: 0 }, unknownStage: { count: 0 }, noVerb: { count: 0 }, noURI: { count: 0 } });

/** What a field that is not a string is said to be: none, null, or its value and type. */
const notString = (name: string, v: unknown): string =>
  v === undefined ? `no ${name}` : v === null ? `${name} null` : `${name} is ${valueShape(v)}, not a string`;

/** An event read at file:line, with the odd fields eventsIn gave. */
export function oddFields(s: OddFields, file: string, line: number, f: EventFields): void {
  if (typeof f.stage === 'string') {
    if (!isStage(f.stage)) tally(s.unknownStage, file, line, `a stage of ${characters(f.stage.length)} (not quoted)`);
  } else tally(s.noStage, file, line, notString('stage', f.stage));
  if (typeof f.verb !== 'string') tally(s.noVerb, file, line, notString('verb', f.verb));
  if (typeof f.requestURI !== 'string') tally(s.noURI, file, line, notString('requestURI', f.requestURI));
}

/** What is said of them: one warning for each oddity there was, at its first event. */
export function oddFieldWarnings(s: OddFields): string[] {
  const said = (t: Tally, what: string, then: string): string[] => {
    if (t.count === 0) return [];
    const more =
      t.count === 1 ? '' : `; so ${t.count === 2 ? 'is 1 more event' : `are ${grouped(t.count - 1)} more events`} ${what} (${grouped(t.count)} in all)`;
    return [`${placeOf(t)}${t.first!.value}: ${then}${more}`];
  };
  // As the report lists such a request among the unmatched.
  const unmatched = (field: string, listed: string): string =>
    `the event counts, and its request, unless another of its stages has a ${field}, is unmatched (${listed})`;
  return [
    ...said(s.noStage, 'with no stage or one not a string', "the event is taken as its request's final stage (ResponseComplete)"),
    ...said(
      s.unknownStage,
      'of a stage not known',
      `none of ${STAGES.join(', ')}: the event is taken as a stage before the final one, its request counted when its final stage comes or the input ends`,
    ),
    ...said(s.noVerb, 'with no verb or one not a string', unmatched('verb', 'verb (none)')),
    ...said(s.noURI, 'with no requestURI or one not a string', unmatched('requestURI', 'malformed-uri, pattern (none)')),
  ];
}

/** A request's last stage: the assembler emits it then (the parallel reader's replay uses the same rule). */
export const isFinal = (stage: string): boolean => stage === 'ResponseComplete' || stage === 'Panic';

/**
 * Streams events into Requests. A request is emitted when its final stage arrives, so memory holds only
 * requests still in flight (long watches), not the whole log; the rest are emitted by flush().
 */
export class RequestAssembler {
  private readonly ids: AuditIdTable<OpenStages>;
  /** Whether a first stage may be held undecoded (a DeferredStage): until the text held nears its limit (settle()). */
  private deferring = true;
  constructor(
    private readonly emit: (req: Request) => void,
    private readonly manyOpen?: ManyOpen,
    private readonly repeated?: RepeatedFinals,
    private readonly late?: LateStages,
  ) {
    // Requests counted early are remembered, past the window of completed IDs, until their final stage comes: as
    // many as the limit allows in flight (each costs some 100 bytes, not the 1.2 KB of one in flight).
    this.ids = new AuditIdTable<OpenStages>(manyOpen?.at);
  }

  add(ev: AuditEvent): void {
    const id = ev.auditID;
    const prev = this.ids.get(id);
    if (!isFinal(ev.stage)) {
      if (prev === null) return this.lateStage(ev.stage, id);
      return this.hold(id, prev ? mergeOpen(prev, ev) : ev, prev === undefined);
    }
    if (prev === null) {
      // A final stage given again: a request of its own (APISnoop's test events share auditIDs). But the final stage
      // of a request counted early is its own, and is dropped, as the limit's warning said (not tallied as late: the
      // cause is the limit, not the log's order); a final stage after it is again a request of its own.
      if (this.ids.countedEarly) {
        this.ids.finalCame();
        if (this.manyOpen) this.manyOpen.finalsDropped++;
      } else {
        const r = this.repeated;
        if (r) tallyUnexplained(r, r.at?.file ?? '', r.at?.line ?? 0, id);
        this.emit(ev);
      }
      return;
    }
    // A final stage with no earlier stage known may be a forgotten request's (ManyOpen.forgotten).
    if (!prev && this.ids.forgottenEarly > 0 && this.manyOpen) this.manyOpen.finalsAlone++;
    this.emit(prev ? completeWith(prev, ev) : ev);
    this.completed(id);
  }

  /** The request under the ID get() last found, or a new one, has completed (early: counted before its final stage). */
  private completed(id: string, early = false): void {
    const forgotten = this.ids.forgottenEarly;
    this.ids.complete(id, 0, id.length, early);
    if (this.manyOpen) this.manyOpen.forgottenEarly += this.ids.forgottenEarly - forgotten;
  }

  /**
   * A non-final stage not decoded yet: kept as it is while it is its request's only stage and fewer than
   * MAX_DEFERRED requests are open (each holds its line), else decoded and added.
   */
  addDeferred(st: DeferredStage): void {
    const id = st.auditID;
    const prev = this.ids.get(id);
    if (prev === null) return this.lateStage(st.stage, id);
    if (prev === undefined) this.hold(id, this.deferring && this.ids.openCount < MAX_DEFERRED ? st : st.event(), true);
    else this.hold(id, mergeOpen(prev, st), false);
  }

  /**
   * A request in flight (under the ID get() last found) has these stages now, and has just opened or grown. Past the
   * limit on requests in flight, or on the text they hold, the oldest in flight is counted now with the stages it
   * has, as flush() would count it at the end, so that memory stays bounded when final stages never come.
   */
  private hold(id: string, open: OpenStages, opened: boolean): void {
    this.ids.set(id, 0, id.length, open, heldText(open));
    const m = this.manyOpen;
    if (m === undefined || (!opened && this.ids.openText <= m.text)) return;
    if (this.deferring && this.ids.openText > m.text) this.settle();
    while (m.reached(this.ids.openCount, this.ids.openText)) this.countOldestEarly();
  }

  /**
   * The text held has passed its limit as weighed with deferred stages' bounds: they are decoded, so that the limit
   * is passed where the text the requests' events hold passes it, at the same request as on the reference path,
   * which decodes every stage. From then on stages are decoded as they come: held deferred, a request weighs its
   * whole line (a Request-level line's body too) and each would be decoded again, one by one, as the total nears the
   * limit. Logs whose requests complete never come near it (IN_FLIGHT_TEXT).
   */
  private settle(): void {
    this.deferring = false;
    this.ids.resettle(eventOf, heldText);
  }

  /**
   * A stage before the final one of a request completed (get() found it so): it adds nothing, and is tallied. One of
   * a request counted early is not: the limit's warning said that any later stage of it is dropped.
   */
  private lateStage(stage: string, id: string): void {
    const t = this.late;
    if (t && !this.ids.countedEarly) tallyUnexplained(t, t.at?.file ?? '', t.at?.line ?? 0, lateStageValue(stage, id));
  }

  /** The oldest request in flight, counted early (ManyOpen.reached counted it), with the stages it has. */
  private countOldestEarly(): void {
    const oldest = this.ids.oldestOpen()!;
    const id = oldest.auditID;
    this.ids.get(id);
    this.completed(id, true);
    this.emit(eventOf(oldest));
  }

  /** Requests whose final stage never came (the log ended, or the policy omitted it): still use. */
  flush(): void {
    for (const req of this.ids.takeOpen()) this.emit(eventOf(req));
  }

  get inFlight(): number {
    return this.ids.openCount;
  }

  /** The text the requests in flight hold (heldText), which the limit on requests in flight bounds too. */
  get inFlightText(): number {
    return this.ids.openText;
  }
}

/** Open requests held as undecoded lines (up to STUB_MAX_BYTES each) at most: a bound on what deferring adds. */
export const MAX_DEFERRED = 16_384;

/**
 * Requests in flight at once at most. The assembler holds each until its final stage or the end of the input; past
 * this many, the oldest is counted early, with the stages it has. So many is mostly a log cut off from its final
 * stages, or an audit policy that omits ResponseComplete, where the end of the input would count them the same way;
 * a very large cluster's long watches can pass it too, and a watch's ResponseStarted already carries its code
 * (--max-in-flight raises it). Each held request costs about 1.2 KB with URIs of the usual length: on 690 MB of
 * RequestReceived lines, peak RSS was 232-240 MB with 50,000 and 284-305 MB with the 100,000 this was before (one job
 * and two), past the 300 MB bound. Longer URIs cost more: IN_FLIGHT_TEXT bounds that.
 */
export const MANY_OPEN = 50_000;

/**
 * The text a request in flight may hold on average (heldText), in characters: the limit on requests in flight, `at`,
 * bounds the text they hold together at `at` times this, 50 MB at the default. Requests reach it before the limit on
 * requests only when theirs average more: those of the real logs of the fixtures and of the generated ones hold
 * 229-325 on average (their first stages' lines are 575-692 bytes: a Request-level body weighs nothing here, the
 * limit being the same on every path, whether a stage is held as its line or decoded). Held requests with URIs of 5.6 KB
 * cost about 12.7 KB of RSS each: 150,000 RequestReceived lines of them (949 MB) took 611-623 MB of RSS with 50,000
 * held (637-679 MB with two jobs), and 238-254 MB so bounded (8,438 held), one job or two; with 1,280 here, 257-296 MB.
 */
export const IN_FLIGHT_TEXT = 1_000;

/** Which limit on requests in flight was passed: how many there are, or the text they hold. */
export type InFlightBound = 'requests' | 'text';

/**
 * The limits on requests in flight, and the warning the first time one is reached. One for a whole reading: the
 * parallel reader's replay and, should it fall back, the one-thread reading again share it, so the news comes once.
 * What the limits cost is counted by the one-thread reading only (RequestAssembler): the parallel replay gives up
 * at a limit, before any request is counted early.
 */
export class ManyOpen {
  private told = false;
  /** The text the requests in flight may hold together (heldText): `at` times IN_FLIGHT_TEXT. */
  readonly text: number;
  /** Requests counted early, with the stages they had, past a limit. */
  countedEarly = 0;
  /** Of them, those counted past the limit on the text held (the rest: past the limit on requests). */
  countedForText = 0;
  /** Final stages that came after their request was counted early: dropped, with the code and annotations they had. */
  finalsDropped = 0;
  /**
   * Requests counted early whose final stage had not come after the window of completed IDs, past the `at` of them
   * remembered longer (AuditIdTable's earlyKept): forgotten. A final stage of one that came later is taken for a
   * request of its own.
   */
  forgottenEarly = 0;
  /** Final stages with no earlier stage known, read once some request counted early was forgotten. */
  finalsAlone = 0;

  /**
   * The final stages that may have been forgotten requests' and counted as requests of their own: at most one each,
   * and at most those that came alone. Exact figures when none (a log with no final stages, say); else finalsDropped
   * is a floor, and requests may count up to this many too many.
   */
  get forgotten(): number {
    return Math.min(this.forgottenEarly, this.finalsAlone);
  }

  constructor(
    readonly at: number,
    /** Told when `open` requests in flight reach the limit on them, or pass the one on the text they hold (`text`). */
    private readonly tell: (open: number, text?: number) => void = () => {},
  ) {
    this.text = at * IN_FLIGHT_TEXT;
  }

  /**
   * The limit `open` requests in flight holding `text` characters are past, if any. One request alone is held
   * whatever its text (a line is at most MAX_LINE_BYTES). Asked by the parallel replay too: it tells nothing.
   */
  past(open: number, text: number): InFlightBound | null {
    if (open > this.at) return 'requests';
    return text > this.text && open > 1 ? 'text' : null;
  }

  /**
   * A request has just opened, or grown, bringing those in flight to `open` holding `text`: whether that is past a
   * limit, the oldest then to be counted early (counted here).
   */
  reached(open: number, text: number): boolean {
    const past = this.past(open, text);
    if (!this.told && (open === this.at || past !== null)) {
      this.told = true;
      this.tell(open, past === 'text' ? this.text : undefined);
    }
    if (past === null) return false;
    this.countedEarly++;
    if (past === 'text') this.countedForText++;
    return true;
  }
}

/** The text held in flight, as messages say it: in KB or MB (of 1,000). */
export const textSize = (chars: number): string =>
  chars < 1e6 ? `${grouped(Math.round(chars / 1e3))} KB` : chars < 1e7 ? `${(chars / 1e6).toFixed(1)} MB` : `${grouped(Math.round(chars / 1e6))} MB`;

/** The limit rbac keeps, warning through its onWarning when it is reached (analyze says countedEarlyWarning once the logs are read). */
export const manyOpenWarner = (onWarning: ((message: string) => void) | undefined, at = MANY_OPEN): ManyOpen =>
  new ManyOpen(at, (open, text) => onWarning?.(manyOpenWarning(open, text)));

/** What the warning says (`text`: the limit on the text they hold was passed, this one). */
export const manyOpenWarning = (open: number, text?: number): string =>
  (text === undefined
    ? `${grouped(open)} requests are in flight at once: `
    : `${grouped(open)} requests are in flight at once, and the text they hold (request URIs, user agents) has passed ${textSize(text)}, the limit: `) +
  'their first stages are read, their final stage (ResponseComplete or Panic) is not. To bound memory, from now on ' +
  `the oldest request in flight is counted with the stages it has whenever ${text === undefined ? 'another opens' : 'they hold more, or more than that many are in flight'}, ` +
  'and any later stage of it is dropped. Does the audit policy omit ResponseComplete, or were the logs cut off?';

/**
 * What is said once the logs are read, when the limit counted requests early (`raise`: how the user raises it, on
 * the surface that said it). Their final stages that came later were dropped by the limit, not missing from the log:
 * said apart from those that never came, which the log lacks (a policy that omits ResponseComplete, a cut).
 */
export function countedEarlyWarning(
  m: Pick<ManyOpen, 'at' | 'countedEarly' | 'finalsDropped'> & Partial<Pick<ManyOpen, 'forgotten' | 'countedForText' | 'text'>>,
  raise: string,
): string | null {
  const early = m.countedEarly;
  if (early === 0) return null;
  const dropped = m.finalsDropped;
  const forgotten = m.forgotten ?? 0;
  const never = early - dropped;
  // Past the requests counted early remembered (ManyOpen.forgotten), a final stage may have come unrecognised:
  // the figures are then bounds, said so.
  const [atLeast, atMost] = forgotten === 0 ? ['', ''] : ['at least ', 'at most '];
  // Which limit counted them: the requests, the text they held, or each some.
  const forText = m.countedForText ?? 0;
  const text = textSize(m.text ?? m.at * IN_FLIGHT_TEXT);
  const limit =
    forText === 0
      ? `${grouped(m.at)} requests were in flight at once, the limit`
      : forText === early
        ? `the requests in flight held more than ${text} of text at once (request URIs, user agents), the limit for ${grouped(m.at)} of them`
        : `${grouped(m.at)} requests were in flight at once, or the text they held (request URIs, user agents) passed ${text}, the limits`;
  const counted = `${limit}: to bound memory, ${grouped(early)} request${early === 1 ? ' was' : 's were'} counted early, with the stages ${early === 1 ? 'it' : 'they'} had`;
  const came =
    dropped === 0
      ? ''
      : `; ${atLeast}${grouped(dropped)} of their final stages (ResponseComplete or Panic) came later and ${dropped === 1 ? 'was' : 'were'} dropped, with the ${dropped === 1 ? 'response code and deprecation annotations it' : 'response codes and deprecation annotations they'} carried: ${raise}`;
  const forgot =
    forgotten === 0
      ? ''
      : `; those still without a final stage after ${grouped(RECENTLY_COMPLETED)} more requests completed were forgotten past the ${grouped(m.at)} kept that long, ` +
        `and up to ${grouped(forgotten)} of their final stages may have come later and been counted as requests of their own, so requests may count up to ${grouped(forgotten)} too many${dropped === 0 ? `: ${raise}` : ''}`;
  const which = dropped === 0 && forgotten === 0 ? 'none of their final stages came' : `the final stage${never === 1 ? '' : 's'} of ${atMost}the other ${grouped(never)} never came`;
  const missing = never === 0 ? '' : `; ${which}: does the audit policy omit ResponseComplete, or were the logs cut off?`;
  return `${counted}${came}${forgot}${missing}`;
}
