import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/sources/parallel.ts
import { existsSync } from "node:fs";
import { open, stat as stat2 } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";

// src/engine/audit.ts
var KNOWN_API_VERSIONS = /* @__PURE__ */ new Set(["audit.k8s.io/v1", "audit.k8s.io/v1beta1", "audit.k8s.io/v1alpha1"]);
var str = (v) => typeof v === "string" ? v : void 0;
function user(v) {
  if (!v || typeof v !== "object") return void 0;
  const u = v;
  return {
    username: str(u.username),
    groups: Array.isArray(u.groups) ? u.groups.filter((g) => typeof g === "string") : void 0
  };
}
function toAuditEvent(raw) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return "not a JSON object";
  const o = raw;
  if (o.kind !== void 0 && o.kind !== "Event") return `kind is ${JSON.stringify(o.kind)}, not an audit Event`;
  if (o.apiVersion !== void 0 && !KNOWN_API_VERSIONS.has(o.apiVersion)) {
    return `apiVersion ${JSON.stringify(o.apiVersion)} is not audit.k8s.io/v1 or v1beta1`;
  }
  const auditID = str(o.auditID);
  if (!auditID) return "not an audit event: no auditID";
  const requestURI = str(o.requestURI);
  const verb = str(o.verb);
  if (requestURI === void 0 && verb === void 0) return "not an audit event: no requestURI or verb";
  const ev = { auditID, stage: str(o.stage) ?? "ResponseComplete", verb, requestURI };
  const u = user(o.user);
  if (u) ev.user = u;
  const iu = user(o.impersonatedUser);
  if (iu) ev.impersonatedUser = iu;
  const ua = str(o.userAgent);
  if (ua !== void 0) ev.userAgent = ua;
  if (o.objectRef && typeof o.objectRef === "object") {
    const r = o.objectRef;
    ev.objectRef = {
      resource: str(r.resource),
      subresource: str(r.subresource),
      namespace: str(r.namespace),
      name: str(r.name),
      apiGroup: str(r.apiGroup),
      apiVersion: str(r.apiVersion)
    };
  }
  const rs = o.responseStatus;
  if (rs && typeof rs.code === "number") ev.code = rs.code;
  const ts = str(o.requestReceivedTimestamp) ?? str(o.timestamp);
  if (ts) ev.timestamp = ts;
  const ann = o.annotations;
  if (ann && typeof ann === "object") {
    if (ann["k8s.io/deprecated"] === "true") ev.deprecatedAnnotation = true;
    const rr = str(ann["k8s.io/removed-release"]);
    if (rr) ev.removedRelease = rr;
  }
  return ev;
}
var STAGE_RANK = { RequestReceived: 0, ResponseStarted: 1, ResponseComplete: 2, Panic: 2 };
function mergeStages(a, b) {
  const [early, late] = (STAGE_RANK[a.stage] ?? 2) <= (STAGE_RANK[b.stage] ?? 2) ? [a, b] : [b, a];
  const out = { ...early };
  const src = late;
  const dst = out;
  for (const k in src) if (src[k] !== void 0) dst[k] = src[k];
  if (early.timestamp) out.timestamp = early.timestamp;
  return out;
}
var RECENTLY_COMPLETED = 1e5;
var isFinal = (stage) => stage === "ResponseComplete" || stage === "Panic";
var RequestAssembler = class {
  constructor(emit) {
    this.emit = emit;
  }
  emit;
  pending = /* @__PURE__ */ new Map();
  /**
   * auditIDs recently emitted at their final stage. Logs are not always in stage order (Logstash, several apiservers,
   * webhook batches: the hkerma dataset has ResponseStarted up to 381 events after ResponseComplete); an earlier
   * stage arriving late belongs to a request already counted. Bounded, oldest forgotten first.
   */
  completed = /* @__PURE__ */ new Set();
  /**
   * The same IDs in insertion order, as a ring: the oldest is evicted in O(1). (Deleting a Set's first entry and then
   * asking for values().next() walks every deleted slot before it: O(n) per eviction past RECENTLY_COMPLETED.)
   */
  completedOrder = [];
  completedNext = 0;
  add(ev) {
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
  flush() {
    for (const req of this.pending.values()) this.emit(req);
    this.pending.clear();
  }
  get inFlight() {
    return this.pending.size;
  }
};

// src/engine/spec.ts
var METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];
var SpecError = class extends Error {
  constructor(source, message) {
    super(`${source}: ${message}`);
    this.name = "SpecError";
  }
};
function levelOfVersion(version) {
  if (!version) return "stable";
  if (/v\d+alpha\d*/.test(version)) return "alpha";
  if (/v\d+beta\d*/.test(version)) return "beta";
  return "stable";
}
var LEVEL_RANK = { stable: 0, beta: 1, alpha: 2 };
function bestLevel(levels) {
  let best = "alpha";
  for (const l of levels) if (LEVEL_RANK[l] < LEVEL_RANK[best]) best = l;
  return best;
}
function minorVersion(text) {
  const m = /(?:^|[^\d.])v?(1)\.(\d+)(?:\.\d+)?/.exec(text ?? "");
  return m ? `${m[1]}.${m[2]}` : null;
}
function pathShape(path) {
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "api") {
    if (parts.length === 1) return { group: "", version: null, discovery: true };
    return { group: "", version: parts[1], discovery: parts.length === 2 };
  }
  if (parts[0] === "apis") {
    if (parts.length === 1) return { group: null, version: null, discovery: true };
    if (parts.length === 2) return { group: parts[1], version: null, discovery: true };
    return { group: parts[1], version: parts[2], discovery: parts.length === 3 };
  }
  return { group: null, version: null, discovery: false };
}
function operationsOf(doc, source) {
  if (!doc || typeof doc !== "object") throw new SpecError(source, "not a JSON object");
  const d = doc;
  if (d.openapi) throw new SpecError(source, `is OpenAPI ${d.openapi}; APISnoop needs the v2 document (kubectl get --raw /openapi/v2)`);
  if (d.swagger !== "2.0" || !d.paths || typeof d.paths !== "object") {
    throw new SpecError(source, 'not an OpenAPI v2 document (no "swagger": "2.0" with "paths")');
  }
  const groupLevels = /* @__PURE__ */ new Map();
  for (const path of Object.keys(d.paths)) {
    const s = pathShape(path);
    if (s.group !== null && s.version) {
      const list = groupLevels.get(s.group) ?? [];
      list.push(levelOfVersion(s.version));
      groupLevels.set(s.group, list);
    }
  }
  const ops = [];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !op.operationId) continue;
      const shape = pathShape(path);
      const gvk = op["x-kubernetes-group-version-kind"];
      let level;
      if (shape.version) level = levelOfVersion(shape.version);
      else if (shape.group !== null && shape.group !== "") level = bestLevel(groupLevels.get(shape.group) ?? ["stable"]);
      else level = "stable";
      ops.push({
        operationId: op.operationId,
        method,
        path,
        level,
        group: gvk ? gvk.group : shape.group,
        version: gvk ? gvk.version : shape.version,
        category: (op.tags?.[0] ?? "").replace(/_v\d+.*$/, ""),
        kind: gvk ? gvk.kind : null,
        action: op["x-kubernetes-action"] ?? null,
        deprecated: op.deprecated === true || /(^|[\s.])deprecated:/i.test(op.description ?? ""),
        discovery: shape.discovery
      });
    }
  }
  if (ops.length === 0) throw new SpecError(source, "has no operations");
  return ops;
}
function specFromDocument(doc, source, version) {
  const operations = operationsOf(doc, source);
  const info = doc.info;
  return {
    kubernetesVersion: version ?? minorVersion(info?.version) ?? minorVersion(source) ?? "unknown",
    source,
    operations
  };
}

// src/engine/deprecations.ts
var key = (groupVersion, kind) => `${groupVersion}|${kind}`;
function deprecationTable(entries) {
  return new Map(entries.map((e) => [key(e.version, e.kind), e]));
}
function compareMinor(a, b) {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am - bm || an - bn;
}
function objectKinds(ops) {
  const kinds = /* @__PURE__ */ new Map();
  for (const op of ops) if (op.kind && op.path.endsWith("/{name}")) kinds.set(op.path, op.kind);
  return kinds;
}
function pathIdentity(op, objects) {
  const shape = pathShape(op.path);
  if (shape.group === null || !shape.version || !op.kind) return null;
  const gv = shape.group === "" ? shape.version : `${shape.group}/${shape.version}`;
  const at = op.path.lastIndexOf("/{name}/");
  const parent = at === -1 ? void 0 : objects?.get(op.path.slice(0, at + "/{name}".length));
  return { gv, kind: parent ?? op.kind };
}
function deprecationOf(op, table, release, objects) {
  const id = pathIdentity(op, objects);
  if (!id) return null;
  const e = table.get(key(id.gv, id.kind));
  if (!e) return null;
  const known = /^\d+\.\d+$/.test(release);
  if (e.deprecatedIn && known && compareMinor(release, e.deprecatedIn) < 0 && !e.removedIn) return null;
  return {
    source: "pluto",
    ...e.deprecatedIn ? { deprecatedIn: e.deprecatedIn } : {},
    ...e.removedIn ? { removedIn: e.removedIn } : {},
    ...e.replacement ? { replacement: e.replacement } : {}
  };
}

// src/engine/select.ts
var DEFAULT_SELECTION = {
  namespaces: [],
  serviceAccounts: [],
  users: [],
  userAgents: [],
  includeSystem: false,
  e2e: false
};
var SYSTEM_USER = /^system:(kube-controller-manager|kube-scheduler|kube-proxy|apiserver|kube-aggregator|unsecured|volume-scheduler|node:.+|serviceaccount:(kube-system|kube-public|kube-node-lease|local-path-storage):.+)$/;
var SYSTEM_GROUPS = /* @__PURE__ */ new Set(["system:nodes"]);
function effectiveUser(req) {
  return req.impersonatedUser?.username ?? req.user?.username ?? "";
}
function isSystemRequest(req) {
  const u = req.impersonatedUser ?? req.user;
  if (!u) return false;
  if (u.username && SYSTEM_USER.test(u.username)) return true;
  return (u.groups ?? []).some((g) => SYSTEM_GROUPS.has(g));
}
function e2eTestName(userAgent) {
  if (!userAgent || !userAgent.startsWith("e2e.test")) return null;
  const i = userAgent.indexOf(" -- ");
  return i === -1 ? null : userAgent.slice(i + 4).trim() || null;
}
function userAgentProgram(userAgent) {
  if (!userAgent) return "(none)";
  const i = userAgent.indexOf(" -- ");
  return i === -1 ? userAgent : userAgent.slice(0, i);
}
function globToRegExp(glob, anchoredEnd) {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${body}${anchoredEnd ? "$" : ""}`, "i");
}
function serviceAccountUser(sa) {
  if (sa.startsWith("system:serviceaccount:")) return sa;
  const parts = sa.split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new Error(`service account "${sa}" is not of the form namespace:name`);
  }
  return `system:serviceaccount:${parts[0]}:${parts[1]}`;
}
function requestFilter(sel) {
  const namespaces = new Set(sel.namespaces);
  const users = [...sel.users, ...sel.serviceAccounts.map(serviceAccountUser)].map((u) => globToRegExp(u, true));
  const agents = sel.userAgents.map((a) => globToRegExp(a, false));
  const anyCriterion = namespaces.size > 0 || users.length > 0 || agents.length > 0;
  return (req) => {
    if (sel.e2e) return (req.userAgent ?? "").startsWith("e2e.test");
    if (!sel.includeSystem && isSystemRequest(req)) return false;
    if (!anyCriterion) return true;
    if (namespaces.size > 0 && req.objectRef?.namespace && namespaces.has(req.objectRef.namespace)) return true;
    const who = effectiveUser(req);
    if (users.some((re) => re.test(who))) return true;
    const ua = req.userAgent ?? "";
    return agents.some((re) => re.test(ua));
  };
}

// src/engine/coverage.ts
var inc = (m, k, by = 1) => {
  m.set(k, (m.get(k) ?? 0) + by);
};
var sortedRecord = (m) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
var MAX_UNMATCHED_PATTERNS = 1e4;
var OTHER_PATTERNS = "(other patterns)";
var Coverage = class {
  operations = /* @__PURE__ */ new Map();
  unmatchedGroups = /* @__PURE__ */ new Map();
  matched = 0;
  unmatched = 0;
  add(req, m) {
    if (m.operation) {
      this.matched++;
      const op = m.operation;
      const k2 = `${op.operationId} ${op.method}`;
      let acc2 = this.operations.get(k2);
      if (!acc2) {
        acc2 = {
          op,
          hits: 0,
          codes: /* @__PURE__ */ new Map(),
          verbs: /* @__PURE__ */ new Map(),
          userAgents: /* @__PURE__ */ new Set(),
          users: /* @__PURE__ */ new Set(),
          tests: /* @__PURE__ */ new Set(),
          firstSeen: null,
          lastSeen: null,
          deprecatedAnnotation: false,
          removedRelease: null
        };
        this.operations.set(k2, acc2);
      }
      acc2.hits++;
      inc(acc2.codes, req.code === void 0 ? "unknown" : String(req.code));
      inc(acc2.verbs, req.verb ?? "(none)");
      acc2.userAgents.add(userAgentProgram(req.userAgent));
      acc2.users.add(effectiveUser(req) || "(none)");
      const test = e2eTestName(req.userAgent);
      if (test) acc2.tests.add(test);
      if (req.timestamp) {
        if (acc2.firstSeen === null || req.timestamp < acc2.firstSeen) acc2.firstSeen = req.timestamp;
        if (acc2.lastSeen === null || req.timestamp > acc2.lastSeen) acc2.lastSeen = req.timestamp;
      }
      if (req.deprecatedAnnotation) acc2.deprecatedAnnotation = true;
      if (req.removedRelease) acc2.removedRelease = earlierRelease(acc2.removedRelease, minorVersion(req.removedRelease) ?? req.removedRelease);
      return;
    }
    this.unmatched++;
    const verb = req.verb ?? "(none)";
    let k = `${m.reason} ${verb} ${m.pattern}`;
    let pattern = m.pattern;
    if (!this.unmatchedGroups.has(k) && this.unmatchedGroups.size >= MAX_UNMATCHED_PATTERNS) {
      pattern = OTHER_PATTERNS;
      k = `${m.reason} ${verb} ${pattern}`;
    }
    let acc = this.unmatchedGroups.get(k);
    if (!acc) {
      const u = { pattern, verb, reason: m.reason, count: 0, userAgents: [] };
      if (m.api && pattern !== OTHER_PATTERNS) {
        u.group = m.api.group;
        u.version = m.api.version;
        if (m.api.resource) u.resource = m.api.subresource ? `${m.api.resource}/${m.api.subresource}` : m.api.resource;
      }
      acc = { u, userAgents: /* @__PURE__ */ new Set() };
      this.unmatchedGroups.set(k, acc);
    }
    acc.u.count++;
    acc.userAgents.add(userAgentProgram(req.userAgent));
  }
  /**
   * Add the coverage of another part of the input (a worker's byte ranges), as if its requests had come here.
   * False when the sum is not exactly one analysis of everything: past the unmatched-pattern cap, one analysis groups
   * new patterns in arrival order, which parts cannot reproduce.
   */
  absorb(part) {
    this.matched += part.matched;
    this.unmatched += part.unmatched;
    for (const [k, b] of part.operations) {
      const a = this.operations.get(k);
      if (!a) {
        this.operations.set(k, b);
        continue;
      }
      a.hits += b.hits;
      for (const [c, n] of b.codes) inc(a.codes, c, n);
      for (const [v, n] of b.verbs) inc(a.verbs, v, n);
      for (const x of b.userAgents) a.userAgents.add(x);
      for (const x of b.users) a.users.add(x);
      for (const x of b.tests) a.tests.add(x);
      if (b.firstSeen !== null && (a.firstSeen === null || b.firstSeen < a.firstSeen)) a.firstSeen = b.firstSeen;
      if (b.lastSeen !== null && (a.lastSeen === null || b.lastSeen > a.lastSeen)) a.lastSeen = b.lastSeen;
      if (b.deprecatedAnnotation) a.deprecatedAnnotation = true;
      if (b.removedRelease) a.removedRelease = earlierRelease(a.removedRelease, b.removedRelease);
    }
    for (const [k, b] of part.unmatchedGroups) {
      const a = this.unmatchedGroups.get(k);
      if (!a) this.unmatchedGroups.set(k, b);
      else {
        a.u.count += b.u.count;
        for (const x of b.userAgents) a.userAgents.add(x);
      }
    }
    return this.unmatchedGroups.size <= MAX_UNMATCHED_PATTERNS;
  }
  unmatchedList() {
    return sortUnmatched([...this.unmatchedGroups.values()].map((a) => ({ ...a.u, userAgents: [...a.userAgents].sort() })));
  }
};
function sortUnmatched(list) {
  return list.sort((a, b) => b.count - a.count || cmp(a.reason, b.reason) || cmp(a.pattern, b.pattern) || cmp(a.verb, b.verb));
}
function earlierRelease(a, b) {
  if (a === null) return b;
  return /^\d+\.\d+$/.test(a) && /^\d+\.\d+$/.test(b) && compareMinor(b, a) < 0 ? b : a;
}
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 };
function sortOperations(ops) {
  return ops.sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || cmp(a.group ?? "~", b.group ?? "~") || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.operationId, b.operationId)
  );
}
var addCount = (rec, k, hits) => {
  const c = rec[k] ??= { operations: 0, hits: 0 };
  c.operations++;
  c.hits += hits;
};
function summarize(ops, counts) {
  const byLevel = { stable: { operations: 0, hits: 0 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } };
  const discovery = { operations: 0, hits: 0 };
  const byGroup = {};
  const byCategory = {};
  let deprecated = 0;
  let removedSoon = 0;
  let stableUntested = 0;
  for (const op of ops) {
    if (op.discovery) {
      discovery.operations++;
      discovery.hits += op.hits;
      continue;
    }
    byLevel[op.level].operations++;
    byLevel[op.level].hits += op.hits;
    addCount(byGroup, op.group === null ? "(non-resource)" : op.group === "" ? "core" : op.group, op.hits);
    addCount(byCategory, op.category || "(none)", op.hits);
    if (op.deprecated) deprecated++;
    if (op.removedIn) removedSoon++;
    if (op.level === "stable" && op.conformanceTested === false) stableUntested++;
  }
  const sortKeys = (r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
  return {
    ...counts,
    stable: byLevel.stable.operations,
    beta: byLevel.beta.operations,
    alpha: byLevel.alpha.operations,
    byLevel,
    discovery,
    byGroup: sortKeys(byGroup),
    byCategory: sortKeys(byCategory),
    deprecated,
    removedSoon,
    stableUntested
  };
}

// src/engine/operation-index.ts
var RESOURCE_VERB_METHOD = {
  get: "get",
  list: "get",
  watch: "get",
  create: "post",
  update: "put",
  patch: "patch",
  delete: "delete",
  deletecollection: "delete"
};
var NON_RESOURCE_VERB_METHOD = {
  get: "get",
  head: "head",
  options: "options",
  post: "post",
  put: "put",
  patch: "patch",
  delete: "delete"
};
function methodOfVerb(verb) {
  return RESOURCE_VERB_METHOD[verb] ?? NON_RESOURCE_VERB_METHOD[verb] ?? null;
}
var newNode = () => ({ literal: /* @__PURE__ */ new Map(), param: null, ops: null, rest: null });
var CATCH_ALL = /* @__PURE__ */ new Set(["{path}", "{logpath}"]);
function splitPath(path) {
  const segs = path.split("/").filter((s) => s.length > 0);
  for (let i = 0; i < segs.length; i++) {
    if (segs[i].includes("%")) {
      try {
        segs[i] = decodeURIComponent(segs[i]);
      } catch {
      }
    }
  }
  return segs;
}
var NAMESPACE_SUBRESOURCES = /* @__PURE__ */ new Set(["status", "finalize"]);
function apiPathInfo(segs) {
  let i;
  let group;
  if (segs[0] === "api" && segs.length >= 2) {
    group = "";
    i = 1;
  } else if (segs[0] === "apis" && segs.length >= 3) {
    group = segs[1];
    i = 2;
  } else return null;
  const info = { group, version: segs[i] };
  let rest = segs.slice(i + 1);
  if (rest[0] === "watch") rest = rest.slice(1);
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 0) info.resource = rest[0];
  if (rest.length > 1) info.name = rest[1];
  if (rest.length > 2) info.subresource = rest[2];
  return info;
}
function uriPattern(segs) {
  const info = apiPathInfo(segs);
  if (!info) return "/" + segs.join("/");
  const head = info.group === "" ? ["api", info.version] : ["apis", info.group, info.version];
  const out = [...head];
  let rest = segs.slice(head.length);
  if (rest[0] === "watch") {
    out.push("watch");
    rest = rest.slice(1);
  }
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    out.push("namespaces", "{namespace}");
    rest = rest.slice(2);
  } else if (rest[0] === "namespaces" && rest.length >= 2) {
    out.push("namespaces", "{name}", ...rest.slice(2));
    rest = [];
  }
  if (rest.length > 0) out.push(rest[0]);
  if (rest.length > 1) out.push("{name}");
  if (rest.length > 2) out.push(rest[2]);
  if (rest.length > 3) out.push("{path}");
  return "/" + out.join("/");
}
var OperationIndex = class {
  root = newNode();
  groupVersions = /* @__PURE__ */ new Set();
  groups = /* @__PURE__ */ new Set();
  size;
  constructor(operations) {
    for (const op of operations) this.insert(op);
    this.size = operations.length;
  }
  insert(op) {
    const segs = op.path.split("/").filter(Boolean);
    const info = apiPathInfo(segs);
    if (info) {
      this.groupVersions.add(`${info.group}/${info.version}`);
      this.groups.add(info.group);
    }
    let node = this.root;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const isParam = seg.startsWith("{") && seg.endsWith("}");
      if (isParam && i === segs.length - 1 && CATCH_ALL.has(seg)) {
        node.rest ??= /* @__PURE__ */ new Map();
        node.rest.set(op.method, op);
        return;
      }
      if (isParam) {
        node.param ??= newNode();
        node = node.param;
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, next = newNode());
        node = next;
      }
    }
    node.ops ??= /* @__PURE__ */ new Map();
    node.ops.set(op.method, op);
  }
  /** Whether the spec serves this group/version at all (a custom or aggregated API is not in it). */
  hasGroupVersion(group, version) {
    return this.groupVersions.has(`${group}/${version}`);
  }
  /** Method maps of every template that fits the segments, most specific first. */
  candidates(segs) {
    const out = [];
    const walk = (node, i) => {
      if (i === segs.length) {
        if (node.ops) out.push(node.ops);
        return;
      }
      const lit = node.literal.get(segs[i]);
      if (lit) walk(lit, i + 1);
      if (node.param) walk(node.param, i + 1);
      if (node.rest) out.push(node.rest);
    };
    walk(this.root, 0);
    return out;
  }
  /** Match one request. Every request gets either an operation or a typed reason. */
  match(verb, requestURI) {
    if (!requestURI || requestURI[0] !== "/") {
      return { reason: "malformed-uri", pattern: requestURI ? requestURI.slice(0, 200) : "(none)" };
    }
    const q = requestURI.indexOf("?");
    const segs = splitPath(q === -1 ? requestURI : requestURI.slice(0, q));
    const method = methodOfVerb(verb ?? "");
    const pattern = uriPattern(segs);
    const api = apiPathInfo(segs) ?? void 0;
    if (!method) return { reason: "unknown-verb", pattern, api };
    const found = this.candidates(segs);
    for (const ops of found) {
      const op = ops.get(method) ?? (method === "head" ? ops.get("get") : void 0);
      if (op) return { operation: op };
    }
    if (found.length > 0) return { reason: "method-not-allowed", pattern, api };
    if (segs[0] !== "api" && segs[0] !== "apis") return { reason: "non-resource-url", pattern };
    if (api && !this.hasGroupVersion(api.group, api.version)) return { reason: "unknown-group-version", pattern, api };
    if (!api && segs[0] === "apis" && segs.length === 2 && !this.groups.has(segs[1])) {
      return { reason: "unknown-group-version", pattern, api: { group: segs[1], version: "" } };
    }
    return { reason: "unknown-resource", pattern, api };
  }
};

// src/engine/report.ts
var SCHEMA_VERSION = 1;
var LEVELS = ["stable", "beta", "alpha"];
function reportPasses(report) {
  return report.verdict.pass && (report.rbac ?? []).every((c) => c.verdict === null || c.verdict.pass);
}

// src/engine/verdict.ts
var DEFAULT_POLICY = { failOn: ["alpha", "beta"], allow: [] };
var RULES = ["removed", "alpha", "beta", "deprecated"];
function parseFailOn(text) {
  const words = text.split(/[\s,]+/).map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.length === 1 && (words[0] === "none" || words[0] === "never")) return [];
  const bad = words.filter((w) => !RULES.includes(w));
  if (bad.length > 0) throw new Error(`fail-on: unknown rule ${bad.map((b) => `"${b}"`).join(", ")} (use alpha, beta, deprecated, removed or none)`);
  return [...new Set(words)];
}
function allowed(op, allow) {
  if (allow.length === 0) return false;
  const group = op.group === "" ? "core" : op.group;
  return allow.some((a) => a === op.operationId || group !== null && (a === group || a === "" && op.group === ""));
}
function reasons(op) {
  const out = [];
  if (op.removedIn) out.push(["removed", `removed in Kubernetes ${op.removedIn}${op.deprecation?.replacement ? `; use ${op.deprecation.replacement}` : ""}`]);
  if (op.level === "alpha") out.push(["alpha", `alpha API ${op.group || "core"}/${op.version}: off by default, may change or vanish in any release`]);
  if (op.level === "beta") out.push(["beta", `beta API ${op.group || "core"}/${op.version}: not covered by the GA deprecation policy`]);
  if (op.deprecated) out.push(["deprecated", op.deprecation?.deprecatedIn ? `deprecated since Kubernetes ${op.deprecation.deprecatedIn}` : "deprecated"]);
  return out;
}
function judge(ops, policy) {
  const violations = [];
  const failOn = new Set(policy.failOn);
  for (const op of ops) {
    if (op.discovery || allowed(op, policy.allow)) continue;
    const all = reasons(op);
    const hit = all.filter(([rule]) => failOn.has(rule));
    if (hit.length === 0) continue;
    violations.push({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      level: op.level,
      rule: hit[0][0],
      // Every reason, not only the failing rule's: a beta API that is also removed next release should say so.
      why: all.map(([, why]) => why).join("; "),
      hits: op.hits,
      callers: op.userAgents
    });
  }
  return { pass: violations.length === 0, policy: { failOn: [...policy.failOn], allow: [...policy.allow] }, violations };
}

// src/engine/analysis.ts
var MAX_LISTED_INVALID = 1e3;
var MATCH_CACHE_PATHS = 5e4;
var isMinor = (v) => /^\d+\.\d+$/.test(v);
var Analysis = class {
  constructor(opts) {
    this.opts = opts;
    this.index = opts.index ?? new OperationIndex(opts.spec.operations);
    this.selection = { ...DEFAULT_SELECTION, ...opts.selection };
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.selected = requestFilter(this.selection);
    const emit = (req) => this.request(req);
    this.assembler = opts.assembler ? opts.assembler(emit) : new RequestAssembler(emit);
  }
  opts;
  index;
  coverage = new Coverage();
  assembler;
  selected;
  selection;
  policy;
  invalid = [];
  inputs = [];
  invalidCount = 0;
  events = 0;
  requests = 0;
  selectedCount = 0;
  /** Record an input (file name) in the report. */
  input(name) {
    this.inputs.push(name);
  }
  /** One line of a log. Blank lines are not input; anything else is an event or an invalid line. */
  line(text, file, line) {
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      this.invalidLine(file, line, `not JSON: ${err.message}`);
      return;
    }
    this.value(raw, file, line);
  }
  /** A parsed JSON value: an audit event, or an EventList of them. */
  value(raw, file, line) {
    const list = raw;
    if (list && list.kind === "EventList" && Array.isArray(list.items)) {
      for (const item of list.items) this.value(item, file, line);
      return;
    }
    const ev = toAuditEvent(raw);
    if (typeof ev === "string") this.invalidLine(file, line, ev);
    else this.event(ev);
  }
  event(ev) {
    this.events++;
    this.assembler.add(ev);
  }
  invalidLine(file, line, message) {
    this.invalidCount++;
    if (this.invalid.length < MAX_LISTED_INVALID) this.invalid.push({ file, line, message });
  }
  get eventCount() {
    return this.events;
  }
  /** A whole request (its stages merged): count it, select it, match it. */
  request(req) {
    this.requests++;
    if (!this.selected(req)) return;
    this.selectedCount++;
    this.coverage.add(req, this.match(req.verb, req.requestURI));
  }
  /**
   * index.match, remembered per verb and path: logs repeat the same paths (polling, controllers), and the match of a
   * path-shaped URI depends on nothing else (not the query). Bounded: forgotten wholesale when full.
   */
  matches = /* @__PURE__ */ new Map();
  matchesSize = 0;
  match(verb, uri) {
    if (uri === void 0 || uri.charCodeAt(0) !== 47) return this.index.match(verb, uri);
    const q = uri.indexOf("?");
    const path = q === -1 ? uri : uri.slice(0, q);
    const v = verb ?? "";
    let byPath = this.matches.get(v);
    if (!byPath) this.matches.set(v, byPath = /* @__PURE__ */ new Map());
    let m = byPath.get(path);
    if (m === void 0) {
      m = this.index.match(verb, uri);
      if (this.matchesSize >= MATCH_CACHE_PATHS) {
        this.matches.clear();
        this.matchesSize = 0;
        this.matches.set(v, byPath = /* @__PURE__ */ new Map());
      }
      byPath.set(path, m);
      this.matchesSize++;
    }
    return m;
  }
  /** The counts and coverage so far, for absorb() by the analysis of the whole (invalid lines are reported apart). */
  part() {
    return {
      events: this.events,
      requests: this.requests,
      selected: this.selectedCount,
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      operations: this.coverage.operations,
      unmatchedGroups: this.coverage.unmatchedGroups
    };
  }
  /**
   * Add another analysis' part, as if its requests had come here. Returns false when the sum would not be exactly
   * what one analysis of everything gives (the unmatched-pattern cap reached): the caller then analyzes the input
   * in one piece.
   */
  absorb(part) {
    this.events += part.events;
    this.requests += part.requests;
    this.selectedCount += part.selected;
    return this.coverage.absorb(part);
  }
  finish() {
    this.assembler.flush();
    const { spec } = this.opts;
    const release = spec.kubernetesVersion;
    const later = (this.opts.laterSpecs ?? []).filter((s) => isMinor(s.kubernetesVersion) && (!isMinor(release) || compareMinor(s.kubernetesVersion, release) > 0)).sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion));
    const laterIds = later.map((s) => new Set(s.operations.map((o) => o.operationId)));
    const conf = this.opts.conformance ?? null;
    const objects = objectKinds(spec.operations);
    const ops = [];
    for (const acc of this.coverage.operations.values()) {
      const op = acc.op;
      let deprecation = this.opts.deprecations ? deprecationOf(op, this.opts.deprecations, release, objects) : null;
      const candidates = [];
      if (deprecation?.removedIn && (!isMinor(release) || compareMinor(deprecation.removedIn, release) > 0)) candidates.push([deprecation.removedIn, "pluto"]);
      const annotated = acc.removedRelease ? minorVersion(acc.removedRelease) : null;
      if (annotated) candidates.push([annotated, "audit-annotation"]);
      const gone = laterIds.findIndex((ids) => !ids.has(op.operationId));
      if (gone !== -1) candidates.push([later[gone].kubernetesVersion, "later-spec"]);
      const winner = candidates.sort((a, b) => compareMinor(a[0], b[0]))[0];
      const removedIn = winner ? winner[0] : null;
      if (winner) deprecation = { ...deprecation ?? {}, source: winner[1], removedIn: winner[0] };
      if (!deprecation && acc.deprecatedAnnotation) deprecation = { source: "audit-annotation" };
      if (!deprecation && op.deprecated) deprecation = { source: "spec" };
      const deprecatedByTable = deprecation?.deprecatedIn !== void 0 && (!isMinor(release) || compareMinor(release, deprecation.deprecatedIn) >= 0);
      const entry = conf?.endpoints.get(op.operationId);
      const tests = acc.tests;
      let conformanceTested = entry ? entry.conformanceTested : null;
      let tested = entry ? entry.tested : null;
      if (this.selection.e2e && acc.tests.size > 0) {
        tested = true;
        conformanceTested = (conformanceTested ?? false) || [...acc.tests].some((t) => t.includes("[Conformance]"));
      }
      ops.push({
        ...op,
        deprecated: op.deprecated || acc.deprecatedAnnotation || deprecatedByTable,
        hits: acc.hits,
        codes: sortedRecord(acc.codes),
        verbs: sortedRecord(acc.verbs),
        userAgents: [...acc.userAgents].sort(),
        users: [...acc.users].sort(),
        firstSeen: acc.firstSeen,
        lastSeen: acc.lastSeen,
        removedIn,
        deprecation,
        conformanceTested,
        tested,
        tests: [...tests].sort()
      });
    }
    sortOperations(ops);
    const summary = summarize(ops, {
      requests: this.requests,
      selected: this.selectedCount,
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      invalidLines: this.invalidCount,
      events: this.events
    });
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: "apisnoop", version: this.opts.toolVersion ?? "0.0.0" },
      kubernetesVersion: release,
      specs: [spec, ...later].map((s) => ({ kubernetesVersion: s.kubernetesVersion, source: s.source, operations: s.operations.length })),
      conformance: conf ? { source: conf.source, release: conf.release } : null,
      inputs: [...this.inputs],
      selection: this.selection,
      summary,
      operations: ops,
      unmatched: this.coverage.unmatchedList(),
      invalid: [...this.invalid],
      verdict: judge(ops, this.policy)
    };
  }
};

// src/sources/audit-files.ts
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

// src/engine/event-fields.ts
var STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 32; c++) STRING_CLASS[c] = 3;
STRING_CLASS[34] = 1;
STRING_CLASS[92] = 2;
var SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
var HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
var QUOTE = 34;
var COMMA = 44;
var COLON = 58;
var LBRACE = 123;
var RBRACE = 125;
var LBRACKET = 91;
var RBRACKET = 93;
var isWs = (c) => c === 32 || c === 9 || c === 10 || c === 13;
var isDigit = (c) => c >= 48 && c <= 57;
var sawEscape = false;
function skipWs(b, i, end) {
  while (i < end && isWs(b[i])) i++;
  return i;
}
function scanString(b, i, end) {
  sawEscape = false;
  i++;
  for (; ; ) {
    while (i < end && STRING_CLASS[b[i]] === 0) i++;
    if (i >= end) return -1;
    const cls = STRING_CLASS[b[i]];
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    sawEscape = true;
    const e = b[i + 1];
    if (i + 1 < end && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 117 && i + 5 < end && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
    else return -1;
  }
}
function scanNumber(b, i, end) {
  let c = b[i];
  if (c === 45) {
    if (++i >= end) return -1;
    c = b[i];
  }
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    i++;
    while (i < end && isDigit(b[i])) i++;
  } else return -1;
  if (i < end && b[i] === 46) {
    i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if (i < end && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < end && (b[i] === 43 || b[i] === 45)) i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i;
}
function scanLiteral(b, i, end) {
  const c = b[i];
  if (c === 116) return i + 3 < end && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101 ? i + 4 : -1;
  if (c === 110) return i + 3 < end && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108 ? i + 4 : -1;
  if (c === 102) {
    return i + 4 < end && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101 ? i + 5 : -1;
  }
  return -1;
}
function scanScalar(b, i, end) {
  const c = b[i];
  if (c === QUOTE) return scanString(b, i, end);
  if (c === 45 || isDigit(c)) return scanNumber(b, i, end);
  return scanLiteral(b, i, end);
}
function passString(b, i, end) {
  i++;
  for (; ; ) {
    let cls = 0;
    while (i < end && (cls = STRING_CLASS[b[i]]) === 0) i++;
    if (i >= end) return -1;
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    const e = i + 1 < end ? b[i + 1] : -1;
    if (e >= 0 && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 117 && i + 5 < end && (HEX[b[i + 2]] & HEX[b[i + 3]] & HEX[b[i + 4]] & HEX[b[i + 5]]) === 1) i += 6;
    else return -1;
  }
}
var stack = new Uint8Array(64);
var IN_OBJECT = 1;
var IN_ARRAY = 2;
function skipValue(b, i, end) {
  if (i >= end) return -1;
  let c = b[i];
  if (c !== LBRACE && c !== LBRACKET) return scanScalar(b, i, end);
  let depth = 0;
  let inObject = c === LBRACE;
  stack[0] = inObject ? IN_OBJECT : IN_ARRAY;
  i++;
  while (i < end && isWs(b[i])) i++;
  if (i < end && b[i] === (inObject ? RBRACE : RBRACKET)) return i + 1;
  for (; ; ) {
    if (i >= end) return -1;
    if (inObject) {
      if (b[i] !== QUOTE) return -1;
      i = passString(b, i, end);
      if (i < 0) return -1;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== COLON) return -1;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
    }
    c = b[i];
    if (c === QUOTE) {
      i = passString(b, i, end);
      if (i < 0) return -1;
    } else if (c === LBRACE || c === LBRACKET) {
      if (++depth === stack.length) {
        const bigger = new Uint8Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      inObject = c === LBRACE;
      stack[depth] = inObject ? IN_OBJECT : IN_ARRAY;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== (inObject ? RBRACE : RBRACKET)) continue;
      i++;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    } else if (c === 45 || isDigit(c)) {
      i = scanNumber(b, i, end);
      if (i < 0) return -1;
    } else {
      i = scanLiteral(b, i, end);
      if (i < 0) return -1;
    }
    for (; ; ) {
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
      c = b[i];
      if (c === COMMA) {
        i++;
        while (i < end && isWs(b[i])) i++;
        break;
      }
      if (c !== (inObject ? RBRACE : RBRACKET)) return -1;
      i++;
      if (depth === 0) return i;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    }
  }
}
var KNOWN = /* @__PURE__ */ new Map();
for (const s of [
  "RequestReceived",
  "ResponseStarted",
  "ResponseComplete",
  "Panic",
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "true",
  "false"
]) {
  KNOWN.set(s, s);
}
var decoder = new TextDecoder();
function decodeString(b, s, e, escaped) {
  if (escaped) return JSON.parse(utf8(b, s - 1, e + 1));
  return utf8(b, s, e);
}
function utf8(b, s, e) {
  return b.utf8Slice ? b.utf8Slice(s, e) : decoder.decode(b.subarray(s, e));
}
function bytesAre(b, s, e, text) {
  if (e - s !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[s + k] !== text.charCodeAt(k)) return false;
  return true;
}
function decodeShort(b, s, e, escaped) {
  if (!escaped && e - s <= 16) {
    switch (b[s]) {
      case 82:
        if (bytesAre(b, s, e, "ResponseComplete")) return "ResponseComplete";
        if (bytesAre(b, s, e, "RequestReceived")) return "RequestReceived";
        if (bytesAre(b, s, e, "ResponseStarted")) return "ResponseStarted";
        break;
      case 103:
        if (bytesAre(b, s, e, "get")) return "get";
        break;
      case 108:
        if (bytesAre(b, s, e, "list")) return "list";
        break;
      case 119:
        if (bytesAre(b, s, e, "watch")) return "watch";
        break;
      case 99:
        if (bytesAre(b, s, e, "create")) return "create";
        break;
      case 117:
        if (bytesAre(b, s, e, "update")) return "update";
        break;
      case 112:
        if (bytesAre(b, s, e, "patch")) return "patch";
        break;
      case 100:
        if (bytesAre(b, s, e, "delete")) return "delete";
        if (bytesAre(b, s, e, "deletecollection")) return "deletecollection";
        break;
    }
  }
  const v = decodeString(b, s, e, escaped);
  return KNOWN.get(v) ?? v;
}
var keyStart = 0;
var keyEnd = 0;
function readKey(b, i, end) {
  if (i >= end || b[i] !== QUOTE) return -1;
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  if (sawEscape) return -2;
  keyStart = i + 1;
  keyEnd = after - 1;
  i = skipWs(b, after, end);
  if (i >= end || b[i] !== COLON) return -1;
  i = skipWs(b, i + 1, end);
  return i < end ? i : -1;
}
var objectClosed = false;
function nextMember(b, i, end) {
  i = skipWs(b, i, end);
  if (i >= end) return -1;
  if (b[i] === COMMA) {
    objectClosed = false;
    return skipWs(b, i + 1, end);
  }
  if (b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  return -1;
}
function openObject(b, i, end) {
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  objectClosed = false;
  return i;
}
var str2;
var strings;
function readStringValue(b, i, end, short) {
  if (b[i] !== QUOTE) {
    str2 = void 0;
    return skipValue(b, i, end);
  }
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  str2 = short ? decodeShort(b, i + 1, after - 1, sawEscape) : decodeString(b, i + 1, after - 1, sawEscape);
  return after;
}
var userValue;
function readUser(b, i, end) {
  const c = b[i];
  if (c === LBRACKET) {
    userValue = { username: void 0, groups: void 0 };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    userValue = void 0;
    return skipValue(b, i, end);
  }
  let username;
  let groups;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "username")) {
      i = readStringValue(b, i, end, false);
      username = str2;
    } else if (bytesAre(b, keyStart, keyEnd, "groups")) {
      i = readStringArray(b, i, end);
      groups = strings;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  userValue = { username, groups };
  return i;
}
function readStringArray(b, i, end) {
  if (b[i] !== LBRACKET) {
    strings = void 0;
    return skipValue(b, i, end);
  }
  const out = [];
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACKET) {
    strings = out;
    return i + 1;
  }
  for (; ; ) {
    if (i >= end) return -1;
    if (b[i] === QUOTE) {
      const after = scanString(b, i, end);
      if (after < 0) return -1;
      out.push(decodeString(b, i + 1, after - 1, sawEscape));
      i = after;
    } else {
      i = skipValue(b, i, end);
      if (i < 0) return -1;
    }
    i = skipWs(b, i, end);
    if (i >= end) return -1;
    if (b[i] === COMMA) i = skipWs(b, i + 1, end);
    else if (b[i] === RBRACKET) {
      strings = out;
      return i + 1;
    } else return -1;
  }
}
var objectRefValue;
function readObjectRef(b, i, end) {
  const c = b[i];
  if (c === LBRACKET) {
    objectRefValue = { resource: void 0, subresource: void 0, namespace: void 0, name: void 0, apiGroup: void 0, apiVersion: void 0 };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    objectRefValue = void 0;
    return skipValue(b, i, end);
  }
  let resource;
  let subresource;
  let namespace;
  let name;
  let apiGroup;
  let apiVersion;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    const k0 = b[keyStart];
    const len = keyEnd - keyStart;
    if (k0 === 114 && len === 8 && bytesAre(b, keyStart, keyEnd, "resource")) {
      i = readStringValue(b, i, end, false);
      resource = str2;
    } else if (k0 === 115 && len === 11 && bytesAre(b, keyStart, keyEnd, "subresource")) {
      i = readStringValue(b, i, end, false);
      subresource = str2;
    } else if (k0 === 110 && len === 9 && bytesAre(b, keyStart, keyEnd, "namespace")) {
      i = readStringValue(b, i, end, false);
      namespace = str2;
    } else if (k0 === 110 && len === 4 && bytesAre(b, keyStart, keyEnd, "name")) {
      i = readStringValue(b, i, end, false);
      name = str2;
    } else if (k0 === 97 && len === 8 && bytesAre(b, keyStart, keyEnd, "apiGroup")) {
      i = readStringValue(b, i, end, false);
      apiGroup = str2;
    } else if (k0 === 97 && len === 10 && bytesAre(b, keyStart, keyEnd, "apiVersion")) {
      i = readStringValue(b, i, end, false);
      apiVersion = str2;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  objectRefValue = { resource, subresource, namespace, name, apiGroup, apiVersion };
  return i;
}
var codeValue;
function readResponseStatus(b, i, end) {
  codeValue = void 0;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "code")) {
      const c = b[i];
      if (c === 45 || isDigit(c)) {
        const after = scanNumber(b, i, end);
        if (after < 0) return -1;
        codeValue = Number(utf8(b, i, after));
        i = after;
      } else {
        codeValue = void 0;
        i = skipValue(b, i, end);
      }
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}
var deprecatedValue = false;
var removedReleaseValue;
function readAnnotations(b, i, end) {
  deprecatedValue = false;
  removedReleaseValue = void 0;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "k8s.io/deprecated")) {
      i = readStringValue(b, i, end, true);
      deprecatedValue = str2 === "true";
    } else if (bytesAre(b, keyStart, keyEnd, "k8s.io/removed-release")) {
      i = readStringValue(b, i, end, false);
      removedReleaseValue = str2;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}
function scanEvent(b, start, end) {
  const bb = b;
  let i = skipWs(b, start, end);
  if (i >= end || b[i] !== LBRACE) return null;
  let kindOk = true;
  let apiVersionOk = true;
  let auditID;
  let stage;
  let verb;
  let requestURI;
  let userAgent;
  let received;
  let timestamp;
  let user2;
  let impersonated;
  let objectRef;
  let code;
  let deprecated = false;
  let removedRelease;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return null;
    const len = keyEnd - keyStart;
    const k0 = b[keyStart];
    switch (len) {
      case 4:
        if (k0 === 118 && bytesAre(b, keyStart, keyEnd, "verb")) {
          i = readStringValue(bb, i, end, true);
          verb = str2;
        } else if (k0 === 117 && bytesAre(b, keyStart, keyEnd, "user")) {
          i = readUser(bb, i, end);
          user2 = userValue;
        } else if (k0 === 107 && bytesAre(b, keyStart, keyEnd, "kind")) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          kindOk = after > 0 && !sawEscape && bytesAre(b, i + 1, after - 1, "Event");
          if (!kindOk) return null;
          i = after;
        } else i = skipValue(b, i, end);
        break;
      case 5:
        if (k0 === 115 && bytesAre(b, keyStart, keyEnd, "stage")) {
          i = readStringValue(bb, i, end, true);
          stage = str2;
        } else i = skipValue(b, i, end);
        break;
      case 7:
        if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "auditID")) {
          i = readStringValue(bb, i, end, false);
          auditID = str2;
        } else i = skipValue(b, i, end);
        break;
      case 9:
        if (k0 === 117 && bytesAre(b, keyStart, keyEnd, "userAgent")) {
          i = readStringValue(bb, i, end, false);
          userAgent = str2;
        } else if (k0 === 111 && bytesAre(b, keyStart, keyEnd, "objectRef")) {
          i = readObjectRef(bb, i, end);
          objectRef = objectRefValue;
        } else if (k0 === 116 && bytesAre(b, keyStart, keyEnd, "timestamp")) {
          i = readStringValue(bb, i, end, false);
          timestamp = str2;
        } else i = skipValue(b, i, end);
        break;
      case 10:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "requestURI")) {
          i = readStringValue(bb, i, end, false);
          requestURI = str2;
        } else if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "apiVersion")) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          apiVersionOk = after > 0 && !sawEscape && (bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1") || bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1beta1") || bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1alpha1"));
          if (!apiVersionOk) return null;
          i = after;
        } else i = skipValue(b, i, end);
        break;
      case 11:
        if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "annotations")) {
          i = readAnnotations(bb, i, end);
          deprecated = deprecatedValue;
          removedRelease = removedReleaseValue;
        } else i = skipValue(b, i, end);
        break;
      case 14:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "responseStatus")) {
          i = readResponseStatus(bb, i, end);
          code = codeValue;
        } else i = skipValue(b, i, end);
        break;
      case 16:
        if (k0 === 105 && bytesAre(b, keyStart, keyEnd, "impersonatedUser")) {
          i = readUser(bb, i, end);
          impersonated = userValue;
        } else i = skipValue(b, i, end);
        break;
      case 24:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "requestReceivedTimestamp")) {
          i = readStringValue(bb, i, end, false);
          received = str2;
        } else i = skipValue(b, i, end);
        break;
      default:
        i = skipValue(b, i, end);
    }
    if (i < 0) return null;
    i = nextMember(b, i, end);
    if (i < 0) return null;
  }
  if (skipWs(b, i, end) !== end) return null;
  if (!kindOk || !apiVersionOk) return null;
  if (!auditID) return null;
  if (requestURI === void 0 && verb === void 0) return null;
  const ev = { auditID, stage: stage ?? "ResponseComplete", verb, requestURI };
  if (user2) ev.user = user2;
  if (impersonated) ev.impersonatedUser = impersonated;
  if (userAgent !== void 0) ev.userAgent = userAgent;
  if (objectRef) ev.objectRef = objectRef;
  if (code !== void 0) ev.code = code;
  const ts = received ?? timestamp;
  if (ts) ev.timestamp = ts;
  if (deprecated) ev.deprecatedAnnotation = true;
  if (removedRelease) ev.removedRelease = removedRelease;
  return ev;
}

// src/sources/read-failure.ts
function readFailure(file, err) {
  return `${file}: cannot read (${err.code ?? err.message})`;
}

// src/sources/gzip.ts
function isGzipHeader(head) {
  return head.length >= 2 && head[0] === 31 && head[1] === 139;
}

// src/sources/audit-files.ts
var GUNZIP_CHUNK = 1 << 20;
var MAX_LINE_BYTES = 64 * 1024 * 1024;
var InputError = class extends Error {
};
async function expandInputs(inputs) {
  const out = [];
  for (const input of inputs) {
    if (input === "-") {
      out.push(input);
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch (err) {
      throw new InputError(readFailure(input, err));
    }
    if (st.isDirectory()) {
      const entries = (await readdir(input)).filter((n) => !n.startsWith(".")).sort();
      out.push(...await expandInputs(entries.map((n) => join(input, n))));
    } else out.push(input);
  }
  return out;
}
function depthDelta(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth;
}
async function openInput(file, onBytes) {
  const raw = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? null : first.value;
  async function* counted() {
    if (head) {
      onBytes(head.length);
      yield head;
    }
    for (; ; ) {
      const n = await it.next();
      if (n.done) return;
      onBytes(n.value.length);
      yield n.value;
    }
  }
  const gzip = head !== null && isGzipHeader(head);
  return gzip ? Readable.from(counted()).pipe(createGunzip({ chunkSize: GUNZIP_CHUNK })) : counted();
}
var LineReader = class {
  constructor(name, sink, stats, firstLine = 0) {
    this.name = name;
    this.sink = sink;
    this.stats = stats;
    this.lineNo = firstLine;
    this.fastEvent = sink.event ? sink.event.bind(sink) : null;
  }
  name;
  sink;
  stats;
  /** Lines seen so far (the number of the last line). */
  lineNo;
  /** A multi-line object was started: a reader that began mid-file cannot know it was not already inside one. */
  sawMultiLine = false;
  carry = [];
  carryLen = 0;
  skipping = false;
  // inside an over-long line, dropping bytes until its newline
  // A multi-line object being gathered.
  multi = null;
  fastEvent;
  /** Inside a multi-line object (at the end of the input, it was never closed). */
  get inObject() {
    return this.multi !== null;
  }
  invalid(line, message) {
    this.stats.invalid++;
    this.sink.invalidLine(this.name, line, message);
  }
  /** One line as bytes: the fast path decides it, or it is decoded for the reference path. */
  lineBytes(buf, start, end) {
    if (this.fastEvent && this.multi === null) {
      const ev = scanEvent(buf, start, end);
      if (ev) {
        this.lineNo++;
        this.stats.lines++;
        this.stats.values++;
        this.fastEvent(ev, this.name, this.lineNo);
        return;
      }
    }
    this.handle(buf.toString("utf8", start, end));
  }
  handle(text) {
    const stats = this.stats;
    this.lineNo++;
    stats.lines++;
    const lineNo = this.lineNo;
    const multi = this.multi;
    if (multi) {
      multi.parts.push(text);
      multi.size += text.length;
      multi.depth += depthDelta(text);
      if (multi.size > MAX_LINE_BYTES) {
        this.invalid(multi.start, `object starting here is larger than ${MAX_LINE_BYTES} bytes`);
        this.multi = null;
      } else if (multi.depth <= 0) {
        this.multi = null;
        try {
          const raw2 = JSON.parse(multi.parts.join("\n"));
          stats.values++;
          this.sink.value(raw2, this.name, multi.start);
        } catch (err) {
          this.invalid(multi.start, `not JSON (object on lines ${multi.start}-${lineNo}): ${err.message}`);
        }
      }
      return;
    }
    let first = 0;
    while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9 || text.charCodeAt(first) === 13)) first++;
    if (first === text.length) return;
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const c = text.charCodeAt(first);
      if ((c === 123 || c === 91) && text.trim().length === 1) {
        const depth = depthDelta(text);
        if (depth > 0) {
          this.multi = { start: lineNo, parts: [text], depth, size: text.length };
          this.sawMultiLine = true;
          return;
        }
      }
      this.invalid(lineNo, `not JSON: ${err.message.slice(0, 200)}`);
      return;
    }
    stats.values++;
    this.sink.value(raw, this.name, lineNo);
  }
  endLine() {
    if (this.skipping) {
      this.skippedLine();
      this.skipping = false;
    } else {
      const buf = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
      this.lineBytes(buf, 0, buf.length);
    }
    this.carry = [];
    this.carryLen = 0;
  }
  /** A line longer than MAX_LINE_BYTES went by (its bytes were dropped). */
  skippedLine() {
    this.lineNo++;
    this.stats.lines++;
    this.invalid(this.lineNo, `line longer than ${MAX_LINE_BYTES} bytes, skipped`);
  }
  /** The next bytes of the input. */
  push(chunk) {
    let start = 0;
    for (; ; ) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      if (!this.skipping) {
        if (this.carryLen === 0) this.lineBytes(chunk, start, nl);
        else {
          this.carry.push(chunk.subarray(start, nl));
          this.carryLen += nl - start;
          this.endLine();
        }
      } else this.endLine();
      this.carry = [];
      this.carryLen = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      this.carry.push(chunk.subarray(start));
      this.carryLen += chunk.length - start;
      if (this.carryLen > MAX_LINE_BYTES) {
        this.skipping = true;
        this.carry = [];
        this.carryLen = 0;
      }
    }
  }
  /** End of input: the last line may lack its newline. */
  end() {
    if (this.carryLen > 0 || this.skipping) this.endLine();
  }
  /** End of file checks: an object never closed. */
  close() {
    if (this.multi) this.invalid(this.multi.start, `object starting here is not closed at end of file (line ${this.lineNo})`);
  }
  /** The input broke off (truncated or corrupt gzip, read error): keep what came before, say where it was cut. */
  cut(err) {
    this.end();
    this.invalid(this.lineNo + 1, cutMessage(err, this.lineNo));
  }
};
function cutMessage(e, lineNo) {
  const what = e.code === "Z_BUF_ERROR" || /unexpected end/i.test(e.message) ? "truncated gzip" : e.code === "Z_DATA_ERROR" ? "corrupt gzip" : "read error";
  return `${what} after line ${lineNo}: ${e.message}; the lines before it were read`;
}
function inputWarnings(stats) {
  if (stats.lines === 0) stats.warnings.push(`${stats.file}: empty file`);
  else if (stats.values === 0) stats.warnings.push(`${stats.file}: no JSON in ${stats.lines} lines: is this an audit log?`);
}
async function readAuditInput(file, sink, onBytes) {
  const name = file === "-" ? "(stdin)" : file;
  const stats = { file: name, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
  let stream;
  try {
    stream = await openInput(file, (n) => {
      stats.bytes += n;
      onBytes?.(n);
    });
  } catch (err) {
    throw new InputError(readFailure(name, err));
  }
  const reader = new LineReader(name, sink, stats);
  try {
    for await (const chunk of stream) reader.push(chunk);
  } catch (err) {
    reader.cut(err);
    return stats;
  }
  reader.end();
  reader.close();
  inputWarnings(stats);
  return stats;
}

// src/sources/parallel.ts
var RANGE_BYTES = 1 << 20;
var IN_FLIGHT_PER_WORKER = 2;
var WORKER_YOUNG_MB = 32;
var PIECE = 1 << 20;
var PARALLEL_MIN_BYTES = 32 << 20;
var DEFAULT_MAX_JOBS = 1;
var defaultJobs = () => Math.max(1, Math.min(availableParallelism(), DEFAULT_MAX_JOBS));
var isFinal2 = (stage) => stage === "ResponseComplete" || stage === "Panic";
var DROP = 0;
var LOCAL = 1;
var CROSSING = 2;
var VERDICT_POLL_EVENTS = 256;
var RangeAnalysis = class extends Analysis {
  current = [];
  invalidLine(_file, line, message) {
    this.current.push([line, message, false]);
  }
};
function runWorker() {
  const port = parentPort;
  if (!port) throw new Error("runWorker() is for worker threads");
  const setup = workerData;
  let emit = () => {
  };
  let held = [];
  const ranges = /* @__PURE__ */ new Map();
  const applyVerdict = (v) => {
    const events = ranges.get(v.seq) ?? [];
    ranges.delete(v.seq);
    const crossing = [];
    const pending = /* @__PURE__ */ new Map();
    for (let i = 0; i < events.length; i++) {
      const a = v.actions[i];
      if (a === DROP) continue;
      const ev = events[i];
      if (a === CROSSING) {
        crossing.push(ev);
        continue;
      }
      const prev = pending.get(ev.auditID);
      const merged = prev ? mergeStages(prev, ev) : ev;
      if (isFinal2(ev.stage)) {
        pending.delete(ev.auditID);
        emit(merged);
      } else pending.set(ev.auditID, merged);
    }
    if (pending.size > 0) throw new Error(`range ${v.seq}: ${pending.size} requests left open by the verdict`);
    port.postMessage({ t: "applied", seq: v.seq, events: crossing });
  };
  const takeVerdicts = () => {
    for (let m = receiveMessageOnPort(setup.verdicts); m; m = receiveMessageOnPort(setup.verdicts)) applyVerdict(m.message);
  };
  setup.verdicts.on("message", (v) => {
    try {
      applyVerdict(v);
    } catch (err) {
      port.postMessage({ t: "error", message: err.stack ?? String(err) });
    }
  });
  let sincePoll = 0;
  const collector = {
    add: (ev) => {
      held.push(ev);
      if (++sincePoll === VERDICT_POLL_EVENTS) {
        sincePoll = 0;
        takeVerdicts();
      }
    },
    flush: () => {
    }
  };
  const analysis = new RangeAnalysis({
    spec: { kubernetesVersion: setup.kubernetesVersion, source: setup.source, operations: setup.operations },
    selection: setup.selection,
    assembler: (e) => {
      emit = e;
      return collector;
    }
  });
  const sink = {
    value: (raw, file, line) => analysis.value(raw, file, line),
    invalidLine: (_file, line, message) => analysis.current.push([line, message, true])
  };
  if (setup.fast) sink.event = (ev) => analysis.event(ev);
  port.on("message", (msg) => {
    try {
      if (msg.t === "range") {
        held = [];
        analysis.current = [];
        const stats = { file: msg.file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
        const reader = new LineReader(msg.file, sink, stats);
        reader.push(Buffer.from(msg.bytes, 0, msg.length));
        reader.end();
        const finals = new Uint8Array(held.length);
        const idLengths = new Uint32Array(held.length);
        let ids = "";
        for (let i = 0; i < held.length; i++) {
          const id = held[i].auditID;
          ids += id;
          idLengths[i] = id.length;
          finals[i] = isFinal2(held[i].stage) ? 1 : 0;
        }
        ranges.set(msg.seq, held);
        const out = {
          t: "scanned",
          seq: msg.seq,
          lines: stats.lines,
          values: stats.values,
          invalid: analysis.current,
          multi: reader.sawMultiLine || reader.inObject,
          ids,
          idLengths,
          finals
        };
        port.postMessage(out, [finals.buffer, idLengths.buffer]);
        takeVerdicts();
      } else if (msg.t === "finish") {
        takeVerdicts();
        port.postMessage({ t: "part", part: analysis.part() });
      }
    } catch (err) {
      port.postMessage({ t: "error", message: err.stack ?? String(err) });
    }
  });
}
function workerScript() {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const file = new URL("./parallel-worker.ts", here);
    const hasLoader = process.execArgv.some((a) => a.includes("tsx"));
    let execArgv;
    if (!hasLoader) {
      try {
        execArgv = ["--import", pathToFileURL(createRequire(here).resolve("tsx")).href];
      } catch {
        return null;
      }
    }
    return existsSync(fileURLToPath(file)) ? { file, execArgv } : null;
  }
  for (const rel of ["./parallel-worker.js", "../parallel-worker.js"]) {
    const file = new URL(rel, here);
    if (existsSync(fileURLToPath(file))) return { file };
  }
  return null;
}
var GZIP_RATIO_GUESS = 8;
async function isGzip(file) {
  const head = Buffer.alloc(2);
  let fh;
  try {
    fh = await open(file, "r");
  } catch (err) {
    throw new InputError(readFailure(file, err));
  }
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  return isGzipHeader(head);
}
async function planSplit(files, jobs) {
  if (jobs < 2 || files.includes("-")) return { split: "no", workers: 0 };
  let bytes = 0;
  let gzip = false;
  for (const f of files) {
    const size = (await stat2(f)).size;
    const gz = await isGzip(f);
    gzip ||= gz;
    bytes += gz ? size * GZIP_RATIO_GUESS : size;
  }
  const workers = gzip ? jobs - 1 : jobs;
  if (bytes < PARALLEL_MIN_BYTES || workers < 2) return { split: "no", workers: 0 };
  return { split: workerScript() === null ? "missing-worker" : "yes", workers };
}
var CROSSED = -1;
var FINISHED = -2;
async function analyzeInParallel(s) {
  const script = workerScript();
  if (!script) return { exact: false, why: "worker script not found", stats: [], reported: 0 };
  const rangeBytes = s.rangeBytes ?? RANGE_BYTES;
  const verdictPorts = [];
  const workers = Array.from({ length: s.jobs }, () => {
    const channel = new MessageChannel();
    verdictPorts.push(channel.port1);
    const setup = { ...s.spec, selection: s.analysis.selection, fast: s.fast, verdicts: channel.port2 };
    return new Worker(script.file, {
      workerData: setup,
      transferList: [channel.port2],
      execArgv: script.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB }
    });
  });
  const inFlight = new Array(s.jobs).fill(0);
  const stats = [];
  const names = [];
  const linesSoFar = [];
  const ranges = /* @__PURE__ */ new Map();
  const cutFiles = /* @__PURE__ */ new Set();
  let reported = 0;
  let nextSeq = 0;
  let failure = null;
  let inexact = null;
  let bytes = 0;
  let events = 0;
  const opened = /* @__PURE__ */ new Map();
  const completed = /* @__PURE__ */ new Set();
  const completedOrder = [];
  let completedNext = 0;
  const crossing = /* @__PURE__ */ new Map();
  const scannedQueue = /* @__PURE__ */ new Map();
  let nextScanned = 0;
  const appliedQueue = /* @__PURE__ */ new Map();
  let nextApplied = 0;
  let wake = null;
  const wakeUp = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const parts = [];
  const fail = (err) => {
    failure ??= err;
    wakeUp();
  };
  const replay = (seq, sc) => {
    const n = sc.idLengths.length;
    const actions = new Uint8Array(n);
    const startedHere = [];
    for (let i = 0, at = 0; i < n; i++) {
      const id = sc.ids.slice(at, at += sc.idLengths[i]);
      const final = sc.finals[i] === 1;
      if (!final && completed.has(id)) continue;
      const req = opened.get(id);
      if (!final) {
        if (!req) {
          const r = { seq, idx: [i] };
          opened.set(id, r);
          startedHere.push(r);
        } else if (req.seq === seq) req.idx.push(i);
        else actions[i] = CROSSING;
        continue;
      }
      if (req) {
        opened.delete(id);
        if (req.seq === seq) {
          for (const k of req.idx) actions[k] = LOCAL;
          actions[i] = LOCAL;
          req.seq = FINISHED;
        } else actions[i] = CROSSING;
      } else actions[i] = LOCAL;
      if (!completed.has(id)) {
        if (completed.size >= RECENTLY_COMPLETED) completed.delete(completedOrder[completedNext]);
        completed.add(id);
        completedOrder[completedNext] = id;
        completedNext = (completedNext + 1) % RECENTLY_COMPLETED;
      }
    }
    for (const r of startedHere) {
      if (r.seq !== seq) continue;
      for (const k of r.idx) actions[k] = CROSSING;
      r.seq = CROSSED;
      r.idx = [];
    }
    return actions;
  };
  const onScanned = (sc) => {
    const info = ranges.get(sc.seq);
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const offset = linesSoFar[info.fileIndex];
    if (sc.multi || inexact) {
      inexact ??= `${file} holds JSON objects spanning lines`;
      wakeUp();
      return;
    }
    for (const [line, message, byReader] of sc.invalid) {
      s.analysis.invalidLine(file, offset + line, message);
      if (byReader) {
        st.invalid++;
        reported++;
        s.onInvalid?.({ file, line: offset + line, message });
      }
    }
    linesSoFar[info.fileIndex] += sc.lines;
    st.lines += sc.lines;
    st.values += sc.values;
    events += sc.idLengths.length;
    const actions = replay(sc.seq, sc);
    verdictPorts[info.worker].postMessage({ seq: sc.seq, actions }, [actions.buffer]);
  };
  const onMarker = (seq) => {
    const info = ranges.get(seq);
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const m = info.marker;
    if (m.skippedLine) {
      linesSoFar[info.fileIndex]++;
      st.lines++;
      const line = linesSoFar[info.fileIndex];
      const message = `line longer than ${MAX_LINE_BYTES} bytes, skipped`;
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, line, message);
      s.onInvalid?.({ file, line, message });
    } else if (m.cut) {
      const lineNo = linesSoFar[info.fileIndex];
      const message = cutMessage(m.cut, lineNo);
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, lineNo + 1, message);
      s.onInvalid?.({ file, line: lineNo + 1, message });
    }
  };
  const drainScanned = () => {
    for (; ; ) {
      if (!scannedQueue.has(nextScanned)) return;
      const sc = scannedQueue.get(nextScanned);
      scannedQueue.delete(nextScanned);
      if (sc) onScanned(sc);
      else onMarker(nextScanned);
      nextScanned++;
    }
  };
  const drainApplied = () => {
    for (; ; ) {
      if (!appliedQueue.has(nextApplied)) return;
      const evs = appliedQueue.get(nextApplied);
      appliedQueue.delete(nextApplied);
      for (const ev of evs) {
        const prev = crossing.get(ev.auditID);
        const merged = prev ? mergeStages(prev, ev) : ev;
        if (isFinal2(ev.stage)) {
          crossing.delete(ev.auditID);
          s.analysis.request(merged);
        } else crossing.set(ev.auditID, merged);
      }
      const info = ranges.get(nextApplied);
      if (!info.marker) inFlight[info.worker]--;
      ranges.delete(nextApplied);
      nextApplied++;
      s.onProgress?.({ bytes, events });
    }
  };
  workers.forEach((w) => {
    w.on("message", (msg) => {
      if (msg.t === "scanned") {
        const slot = ranges.get(msg.seq)?.slot;
        if (slot) release(slot);
        scannedQueue.set(msg.seq, msg);
        drainScanned();
      } else if (msg.t === "applied") {
        appliedQueue.set(msg.seq, msg.events);
        drainApplied();
      } else if (msg.t === "part") parts.push(msg.part);
      else if (msg.t === "error") fail(new Error(`worker: ${msg.message}`));
      wakeUp();
    });
    w.on("error", (err) => fail(err));
  });
  const idle = () => new Promise((r) => wake = r);
  const leastBusy = () => inFlight.indexOf(Math.min(...inFlight));
  const slotBytes = rangeBytes + PIECE;
  const pool = Array.from({ length: s.jobs * IN_FLIGHT_PER_WORKER + 2 }, () => new SharedArrayBuffer(slotBytes));
  const release = (slot) => {
    if (slot.byteLength === slotBytes) pool.push(slot);
    wakeUp();
  };
  const takeSlot = async () => {
    while (pool.length === 0 && !failure && !inexact) await idle();
    return pool.pop() ?? new SharedArrayBuffer(slotBytes);
  };
  const dispatch = async (fileIndex, slot, length) => {
    while (!failure && !inexact && Math.min(...inFlight) >= IN_FLIGHT_PER_WORKER) await idle();
    if (failure || inexact) return release(slot);
    const worker = leastBusy();
    const seq = nextSeq++;
    ranges.set(seq, { fileIndex, worker, slot });
    inFlight[worker]++;
    workers[worker].postMessage({ t: "range", seq, file: names[fileIndex], bytes: slot, length });
  };
  const marker = (fileIndex, m) => {
    const seq = nextSeq++;
    ranges.set(seq, { fileIndex, worker: -1, marker: m });
    scannedQueue.set(seq, null);
    appliedQueue.set(seq, []);
    drainScanned();
    drainApplied();
  };
  try {
    for (let fi = 0; fi < s.files.length && !failure && !inexact; fi++) {
      const file = s.files[fi];
      names.push(file);
      linesSoFar.push(0);
      const st = { file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
      stats.push(st);
      s.analysis.input(file);
      let slot = await takeSlot();
      let buf = Buffer.from(slot);
      let len = 0;
      let lineStart = 0;
      let skipping = false;
      const cut = async () => {
        const rest = len - lineStart;
        const nextSlot = rest + PIECE <= slotBytes ? await takeSlot() : new SharedArrayBuffer(rest * 2 + PIECE);
        const next = Buffer.from(nextSlot);
        buf.copy(next, 0, lineStart, len);
        const whole = slot;
        const wholeLen = lineStart;
        slot = nextSlot;
        buf = next;
        len = rest;
        lineStart = 0;
        if (wholeLen > 0) await dispatch(fi, whole, wholeLen);
        else release(whole);
      };
      const room = async (n) => {
        if (len + n <= buf.length) return;
        if (lineStart > 0) await cut();
        if (len + n <= buf.length) return;
        const bigger = new SharedArrayBuffer(Math.max(buf.length * 2, len + n));
        const grown = Buffer.from(bigger);
        buf.copy(grown, 0, 0, len);
        release(slot);
        slot = bigger;
        buf = grown;
      };
      const commit = async (n) => {
        if (skipping) {
          const nl = buf.subarray(len, len + n).indexOf(10);
          if (nl === -1) return;
          marker(fi, { skippedLine: true });
          skipping = false;
          buf.copyWithin(len, len + nl + 1, len + n);
          n -= nl + 1;
        }
        const last = buf.subarray(len, len + n).lastIndexOf(10);
        if (last !== -1) lineStart = len + last + 1;
        len += n;
        if (len - lineStart > MAX_LINE_BYTES) {
          len = lineStart;
          await cut();
          skipping = true;
        } else if (len >= rangeBytes && lineStart > 0) await cut();
      };
      let cutErr = null;
      const gzip = await isGzip(file);
      if (!gzip) {
        let fh;
        try {
          fh = await open(file, "r");
        } catch (err) {
          throw new InputError(readFailure(file, err));
        }
        try {
          for (let position = 0; !failure && !inexact; ) {
            await room(PIECE);
            const { bytesRead } = await fh.read(buf, len, PIECE, position);
            if (bytesRead === 0) break;
            position += bytesRead;
            st.bytes += bytesRead;
            bytes += bytesRead;
            await commit(bytesRead);
          }
        } catch (err) {
          cutErr = err;
        } finally {
          await fh.close();
        }
      } else {
        let input;
        try {
          input = await openInput(file, (n) => {
            st.bytes += n;
            bytes += n;
          });
        } catch (err) {
          throw new InputError(readFailure(file, err));
        }
        try {
          for await (const piece of input) {
            if (failure || inexact) break;
            await room(piece.length);
            piece.copy(buf, len);
            await commit(piece.length);
          }
        } catch (err) {
          cutErr = err;
        }
      }
      if (len > 0) {
        lineStart = len;
        await cut();
      }
      release(slot);
      if (skipping) marker(fi, { skippedLine: true });
      if (cutErr) {
        marker(fi, { cut: cutErr });
        cutFiles.add(fi);
      }
    }
    while (!failure && !inexact && nextApplied < nextSeq) await idle();
    if (!failure && !inexact) {
      for (const w of workers) w.postMessage({ t: "finish" });
      while (!failure && parts.length < workers.length) await idle();
    }
  } finally {
    for (const p of verdictPorts) p.close();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const broke = failure;
  if (broke) {
    if (broke instanceof InputError) throw broke;
    return { exact: false, why: `parallel reading failed (${broke.message.split("\n")[0]}), read again on one thread`, warn: true, stats, reported };
  }
  if (inexact) return { exact: false, why: inexact, stats, reported };
  for (const req of crossing.values()) s.analysis.request(req);
  let exact = true;
  for (const p of parts) exact = s.analysis.absorb(p) && exact;
  if (!exact) return { exact: false, why: "the parts cannot be summed exactly (unmatched-pattern cap, differing removed-release annotations)", stats, reported };
  stats.forEach((st, fi) => {
    if (!cutFiles.has(fi)) inputWarnings(st);
  });
  return { exact: true, stats, reported };
}

export {
  toAuditEvent,
  RequestAssembler,
  specFromDocument,
  deprecationTable,
  compareMinor,
  effectiveUser,
  sortUnmatched,
  sortOperations,
  summarize,
  splitPath,
  apiPathInfo,
  SCHEMA_VERSION,
  LEVELS,
  reportPasses,
  parseFailOn,
  judge,
  MAX_LISTED_INVALID,
  Analysis,
  readFailure,
  isGzipHeader,
  InputError,
  expandInputs,
  readAuditInput,
  defaultJobs,
  runWorker,
  planSplit,
  analyzeInParallel
};
