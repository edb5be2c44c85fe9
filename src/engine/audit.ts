// AuditEvent: the few fields of an audit.k8s.io Event that APISnoop reads, and the stage merge that turns
// events (RequestReceived, ResponseStarted, ResponseComplete, Panic) into one Request per auditID.

export interface AuditUser {
  username?: string;
  groups?: string[];
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
}

/** A request: the most complete of its audit events. */
export type Request = AuditEvent;

const KNOWN_API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function user(v: unknown): AuditUser | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const u = v as { username?: unknown; groups?: unknown };
  return {
    username: str(u.username),
    groups: Array.isArray(u.groups) ? u.groups.filter((g): g is string => typeof g === 'string') : undefined,
  };
}

/**
 * Validate a parsed JSON value as an audit Event and keep only what APISnoop reads.
 * Returns an error message for anything that is not an audit event.
 */
export function toAuditEvent(raw: unknown): AuditEvent | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const o = raw as Record<string, unknown>;
  if (o.kind !== undefined && o.kind !== 'Event') return `kind is ${JSON.stringify(o.kind)}, not an audit Event`;
  if (o.apiVersion !== undefined && !KNOWN_API_VERSIONS.has(o.apiVersion as string)) {
    return `apiVersion ${JSON.stringify(o.apiVersion)} is not audit.k8s.io/v1 or v1beta1`;
  }
  const auditID = str(o.auditID);
  if (!auditID) return 'not an audit event: no auditID';
  const requestURI = str(o.requestURI);
  const verb = str(o.verb);
  if (requestURI === undefined && verb === undefined) return 'not an audit event: no requestURI or verb';
  const ev: AuditEvent = { auditID, stage: str(o.stage) ?? 'ResponseComplete', verb, requestURI };
  const u = user(o.user);
  if (u) ev.user = u;
  const iu = user(o.impersonatedUser);
  if (iu) ev.impersonatedUser = iu;
  const ua = str(o.userAgent);
  if (ua !== undefined) ev.userAgent = ua;
  if (o.objectRef && typeof o.objectRef === 'object') {
    const r = o.objectRef as Record<string, unknown>;
    ev.objectRef = {
      resource: str(r.resource),
      subresource: str(r.subresource),
      namespace: str(r.namespace),
      name: str(r.name),
      apiGroup: str(r.apiGroup),
      apiVersion: str(r.apiVersion),
    };
  }
  const rs = o.responseStatus as { code?: unknown } | undefined;
  if (rs && typeof rs.code === 'number') ev.code = rs.code;
  const ts = str(o.requestReceivedTimestamp) ?? str(o.timestamp);
  if (ts) ev.timestamp = ts;
  const ann = o.annotations as Record<string, unknown> | undefined;
  if (ann && typeof ann === 'object') {
    if (ann['k8s.io/deprecated'] === 'true') ev.deprecatedAnnotation = true;
    const rr = str(ann['k8s.io/removed-release']);
    if (rr) ev.removedRelease = rr;
  }
  return ev;
}

const STAGE_RANK: Record<string, number> = { RequestReceived: 0, ResponseStarted: 1, ResponseComplete: 2, Panic: 2 };

/** Later stages win; fields a later stage lacks are kept from the earlier one. */
export function mergeStages(a: AuditEvent, b: AuditEvent): AuditEvent {
  const [early, late] = (STAGE_RANK[a.stage] ?? 2) <= (STAGE_RANK[b.stage] ?? 2) ? [a, b] : [b, a];
  const out: AuditEvent = { ...early };
  // for…in rather than Object.entries: this runs for every multi-stage request, and allocates nothing.
  const src = late as unknown as Record<string, unknown>;
  const dst = out as unknown as Record<string, unknown>;
  for (const k in src) if (src[k] !== undefined) dst[k] = src[k];
  // The request was received at the earliest stage's time.
  if (early.timestamp) out.timestamp = early.timestamp;
  return out;
}

/** How many completed auditIDs are remembered to recognise late stages. */
export const RECENTLY_COMPLETED = 100_000;

const isFinal = (stage: string): boolean => stage === 'ResponseComplete' || stage === 'Panic';

/**
 * Streams events into Requests. A request is emitted when its final stage arrives, so memory holds only
 * requests still in flight (long watches), not the whole log; the rest are emitted by flush().
 */
export class RequestAssembler {
  private readonly pending = new Map<string, AuditEvent>();
  /**
   * auditIDs recently emitted at their final stage. Logs are not always in stage order (Logstash, several apiservers,
   * webhook batches: the hkerma dataset has ResponseStarted up to 381 events after ResponseComplete); an earlier
   * stage arriving late belongs to a request already counted. Bounded, oldest forgotten first.
   */
  private readonly completed = new Set<string>();
  /**
   * The same IDs in insertion order, as a ring: the oldest is evicted in O(1). (Deleting a Set's first entry and then
   * asking for values().next() walks every deleted slot before it: O(n) per eviction past RECENTLY_COMPLETED.)
   */
  private readonly completedOrder: string[] = [];
  private completedNext = 0;

  constructor(private readonly emit: (req: Request) => void) {}

  add(ev: AuditEvent): void {
    if (!isFinal(ev.stage) && this.completed.has(ev.auditID)) return;
    const prev = this.pending.get(ev.auditID);
    const merged = prev ? mergeStages(prev, ev) : ev;
    if (isFinal(ev.stage)) {
      if (prev) this.pending.delete(ev.auditID);
      this.emit(merged);
      if (!this.completed.has(ev.auditID)) {
        if (this.completed.size >= RECENTLY_COMPLETED) this.completed.delete(this.completedOrder[this.completedNext]);
        this.completed.add(ev.auditID);
        this.completedOrder[this.completedNext] = ev.auditID;
        this.completedNext = (this.completedNext + 1) % RECENTLY_COMPLETED;
      }
    } else {
      this.pending.set(ev.auditID, merged);
    }
  }

  /** Requests whose final stage never came (the log ended, or the policy omitted it): still use. */
  flush(): void {
    for (const req of this.pending.values()) this.emit(req);
    this.pending.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }
}
