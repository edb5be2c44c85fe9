import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/engine/grouped.ts
function grouped(n) {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

// src/engine/text-shape.ts
var RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/;
var CRI_STREAM_TAG = String.raw`(?:stdout|stderr) ([A-Z])(?::\S*)? `;
var CRI = new RegExp(`${RFC3339.source} ${CRI_STREAM_TAG}`);
var HOST_PROGRAM = String.raw` \S+ [^\s[:]+(?:\[\d+\])?: ?`;
var SYSLOG = new RegExp(String.raw`^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?${HOST_PROGRAM}`);
var JOURNAL_ISO = new RegExp(String.raw`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)${HOST_PROGRAM}`);
var KUBECTL_PREFIX = /^\[pod\/[^\s/\]]+\/[^\s/\]]+\] ?/;
var GREP_FILE = /^[^\s:{]+\.log(?:\.\d+)?(?:\.gz)?:/;
var KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\]/;
var LEGACY_AUDIT = new RegExp(`${RFC3339.source} AUDIT: id="`);
var isLegacyAudit = (text) => LEGACY_AUDIT.test(text);
var LEGACY_AUDIT_LINE = `the API server's legacy audit format (--audit-log-format=legacy: a time, AUDIT: and key="value" pairs), not JSON audit events: run the API server with --audit-log-format=json (the default) and give the log it writes then`;
var EVENT_STARTS = ['{"kind":"Event"', '{"apiVersion":"audit.k8s.io/'];
var characters = (n) => `${grouped(n)} character${n === 1 ? "" : "s"}`;
function valueShape(v) {
  const many = (n, what) => `${grouped(n)} ${what}${n === 1 ? "" : "s"}`;
  if (typeof v === "string") return v === "" ? "an empty text" : `a text of ${characters(v.length)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${many(v.length, "item")}`;
  if (typeof v === "object") return `an object of ${many(Object.keys(v).length, "key")}`;
  return `a ${typeof v}`;
}
function textShape(text) {
  const t = text.trim();
  if (t === "") return "an empty text";
  if (isLegacyAudit(t)) return `a line of ${LEGACY_AUDIT_LINE} (${characters(t.length)}, not quoted)`;
  const lead = CRI.exec(t) ?? RFC3339.exec(t) ?? KUBECTL_PREFIX.exec(t);
  if (lead !== null && lead[0].length < t.length) return `${prefixShape(lead[0])}, then ${textShape(t.slice(lead[0].length))}`;
  const start = EVENT_STARTS.find((s) => t.startsWith(s));
  if (start !== void 0) return `${JSON.stringify(`${start}\u2026`)} (${characters(t.length)}; the rest not quoted)`;
  const klog = KLOG.exec(t);
  if (klog !== null) return `a klog line ${JSON.stringify(`${klog[0]} \u2026`)} (${characters(t.length)}; the rest not quoted)`;
  return `${characters(t.length)} (not quoted: audit log lines may hold secrets)`;
}
function prefixShape(prefix) {
  const rest = (known, n) => prefix.length > n ? `${known} and ${characters(prefix.length - n)} more` : known;
  const cri = CRI.exec(prefix);
  if (cri !== null) return rest(`a container runtime's prefix ${JSON.stringify(cri[0])} (CRI log format: time, stream, tag)`, cri[0].length);
  const journal = JOURNAL_ISO.exec(prefix);
  if (journal !== null) return rest("journalctl's short-iso header (time host program[pid]:)", journal[0].length);
  const time = RFC3339.exec(prefix);
  if (time !== null) return rest(`the time ${JSON.stringify(time[0])} (RFC 3339)`, time[0].length);
  const syslog = SYSLOG.exec(prefix);
  if (syslog !== null) return rest("a syslog header (Mmm dd hh:mm:ss host program[pid]:)", syslog[0].length);
  const kubectl = KUBECTL_PREFIX.exec(prefix);
  if (kubectl !== null) return rest("kubectl logs --prefix's header ([pod/NAME/CONTAINER])", kubectl[0].length);
  const grep = GREP_FILE.exec(prefix);
  if (grep !== null) return rest("a file's name and a colon (grep -H)", grep[0].length);
  return `${characters(prefix.length)}`;
}

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
function unquotedYamlRelease(minor) {
  const m = /^1\.([1-4])$/.exec(minor);
  return m ? `YAML reads an unquoted 1.${m[1]}0 as the number ${minor}, so quote it ("1.${m[1]}0")` : null;
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
function operationsOf(doc, source, skipped) {
  if (!doc || typeof doc !== "object") throw new SpecError(source, "not a JSON object");
  const d = doc;
  if (d.openapi) throw new SpecError(source, `is OpenAPI ${d.openapi}; APISnoop needs the v2 document (kubectl get --raw /openapi/v2)`);
  const status = statusOf(doc);
  if (status) throw new SpecError(source, `is a Kubernetes Status, the API server's answer to a request that failed, not a spec: ${status}; save the spec itself (kubectl get --raw /openapi/v2 > spec.json)`);
  if (isOpenApiV3Index(doc)) {
    throw new SpecError(source, "is the OpenAPI v3 index (kubectl get --raw /openapi/v3), which lists a document per group/version; APISnoop needs the v2 document (kubectl get --raw /openapi/v2 > spec.json)");
  }
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
    if (path.startsWith("x-")) continue;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      skipped?.push(`paths[${JSON.stringify(path)}] is not an object`);
      continue;
    }
    for (const method of METHODS) {
      const op = item[method];
      if (op === void 0) continue;
      const problem = operationProblem(op);
      if (problem) {
        skipped?.push(`${method} ${path}: ${problem}`);
        continue;
      }
      if (!op.operationId) continue;
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
  if (ops.length === 0) throw new SpecError(source, `has no operations${skipped?.length ? ` (${skipped[0]})` : ""}`);
  return ops;
}
function statusOf(doc) {
  const s = doc;
  if (s.kind !== "Status") return null;
  const head = [s.code, s.reason].filter((v) => typeof v === "number" || typeof v === "string" && v !== "").join(" ");
  const message = typeof s.message === "string" && s.message !== "" ? s.message : "";
  return [head, message].filter(Boolean).join(": ") || "no message";
}
function isOpenApiV3Index(doc) {
  const paths = doc.paths;
  if (!paths || typeof paths !== "object" || Array.isArray(paths)) return false;
  const entries = Object.values(paths);
  return entries.length > 0 && entries.every((e) => !!e && typeof e.serverRelativeURL === "string");
}
function skippedOperationsWarning(spec) {
  const s = spec.skipped ?? [];
  if (s.length === 0) return null;
  return `${spec.source}: ${s.length} operation${s.length === 1 ? "" : "s"} left out, not of the shape of an OpenAPI v2 operation (${s.slice(0, 3).join("; ")}${s.length > 3 ? "; \u2026" : ""}); requests to ${s.length === 1 ? "it are" : "them are"} unmatched`;
}
function duplicateOperationIdWarning(spec) {
  const where = /* @__PURE__ */ new Map();
  for (const o of spec.operations) where.set(o.operationId, [...where.get(o.operationId) ?? [], `${o.method} ${o.path}`]);
  const dups = [...where].filter(([, at2]) => at2.length > 1);
  if (dups.length === 0) return null;
  const [id, at] = dups[0];
  return `${spec.source}: ${dups.length} operationId${dups.length === 1 ? " names" : "s name"} more than one operation (${id}: ${at.join(", ")}${dups.length > 1 ? "; \u2026" : ""}); a report counts requests by operationId, so those to each are counted under its first operation`;
}
function specWarnings(spec) {
  return [skippedOperationsWarning(spec), duplicateOperationIdWarning(spec)].filter((w) => w !== null);
}
function operationProblem(op) {
  if (!op || typeof op !== "object" || Array.isArray(op)) return "not an operation object";
  const o = op;
  if (o.operationId !== void 0 && typeof o.operationId !== "string") return "operationId is not a string";
  if (o.tags !== void 0 && !(Array.isArray(o.tags) && o.tags.every((t) => typeof t === "string"))) return "tags is not a list of strings";
  if (o.description !== void 0 && typeof o.description !== "string") return "description is not a string";
  if (o["x-kubernetes-action"] !== void 0 && typeof o["x-kubernetes-action"] !== "string") return "x-kubernetes-action is not a string";
  const gvk = o["x-kubernetes-group-version-kind"];
  if (gvk !== void 0) {
    const g = gvk;
    if (!g || typeof g !== "object" || typeof g.group !== "string" || typeof g.version !== "string" || typeof g.kind !== "string") {
      return "x-kubernetes-group-version-kind is not {group, version, kind}";
    }
  }
  return null;
}
function declaredVersion(doc) {
  return minorVersion(doc.info?.version);
}
function specFromDocument(doc, source, version) {
  const skipped = [];
  const operations = operationsOf(doc, source, skipped);
  const declared = declaredVersion(doc);
  const given = version ? minorVersion(version) ?? version : null;
  const named = minorVersion(source.split(/[\\/]/).pop());
  const [kubernetesVersion, versionFrom] = declared ? [declared, "spec"] : named ? [named, "file name"] : given ? [given, "given"] : ["unknown", "unknown"];
  return { kubernetesVersion, source, operations, versionFrom, ...skipped.length ? { skipped } : {} };
}

// src/engine/deprecations.ts
var key = (groupVersion, kind) => `${groupVersion}|${kind}`;
function deprecationTable(entries) {
  return new Map(entries.map((e) => [key(e.version, e.kind), e]));
}
var isMinor = (v) => /^\d+\.\d+$/.test(v);
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
var plutoVersion = (group, version) => group === "" ? version : `${group}/${version}`;
function pathIdentity(op, objects) {
  const shape = pathShape(op.path);
  if (shape.group === null || !shape.version || !op.kind) return null;
  const gv = plutoVersion(shape.group, shape.version);
  const at = op.path.lastIndexOf("/{name}/");
  const parent = at === -1 ? void 0 : objects?.get(op.path.slice(0, at + "/{name}".length));
  return { gv, kind: parent ?? op.kind };
}
function groupVersionRemoval(op, table) {
  const shape = pathShape(op.path);
  if (!shape.discovery || shape.group === null || !shape.version) return null;
  const gv = plutoVersion(shape.group, shape.version);
  let removedIn = null;
  for (const e of table.values()) {
    if (e.version !== gv) continue;
    if (!e.removedIn || !isMinor(e.removedIn)) return null;
    if (removedIn === null || compareMinor(e.removedIn, removedIn) > 0) removedIn = e.removedIn;
  }
  return removedIn === null ? null : { source: "pluto", removedIn };
}
function deprecationOf(op, table, release, objects) {
  if (!isMinor(release)) return null;
  const id = pathIdentity(op, objects);
  if (!id) return groupVersionRemoval(op, table);
  const e = table.get(key(id.gv, id.kind));
  if (!e) return null;
  if (e.deprecatedIn && compareMinor(release, e.deprecatedIn) < 0 && !e.removedIn) return null;
  const replacement = servedReplacement(e, id.kind, table, release);
  return {
    source: "pluto",
    ...e.deprecatedIn ? { deprecatedIn: e.deprecatedIn } : {},
    ...e.removedIn ? { removedIn: e.removedIn } : {},
    ...replacement ? { replacement } : {}
  };
}
function servedReplacement(e, kind, table, release) {
  let replacement = e.replacement;
  const seen2 = /* @__PURE__ */ new Set();
  while (replacement && !seen2.has(replacement)) {
    seen2.add(replacement);
    const next = table.get(key(replacement, kind));
    if (!next?.removedIn || !isMinor(next.removedIn) || compareMinor(release, next.removedIn) < 0) return replacement;
    replacement = next.replacement;
  }
  return null;
}
function servedKinds(ops) {
  const objects = objectKinds(ops);
  const out = /* @__PURE__ */ new Set();
  for (const op of ops) {
    const id = pathIdentity(op, objects);
    if (id) out.add(`${id.gv}|${id.kind}`);
  }
  return out;
}
function operationKind(op, objects) {
  return pathIdentity(op, objects)?.kind ?? null;
}
function stableVersions(ops, objects) {
  const out = /* @__PURE__ */ new Map();
  for (const op of ops) {
    if (op.level !== "stable" || op.discovery) continue;
    const id = pathIdentity(op, objects);
    if (!id) continue;
    const k = `${pathShape(op.path).group}|${id.kind}`;
    const list = out.get(k) ?? [];
    if (!list.includes(id.gv)) list.push(id.gv);
    out.set(k, list);
  }
  return out;
}
function specReplacement(op, stable, objects) {
  if (op.level === "stable" || op.action === "watch" || op.action === "watchlist") return null;
  const id = pathIdentity(op, objects);
  if (!id) return null;
  const versions = (stable.get(`${pathShape(op.path).group}|${id.kind}`) ?? []).filter((v) => v !== id.gv);
  const number = (gv) => Number(/v(\d+)$/.exec(gv)?.[1] ?? 0);
  return versions.sort((a, b) => number(b) - number(a))[0] ?? null;
}

// src/engine/report.ts
var SCHEMA_VERSION = 1;
var LEVELS = ["stable", "beta", "alpha"];
var OTHER_PATTERNS = "(other patterns)";
var AUDIT_VERBS = /* @__PURE__ */ new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy", "connect", "post", "put", "head", "options"]);
var OTHER_VERBS = "(other verbs)";
var otherRowVerb = (verb) => AUDIT_VERBS.has(verb) ? verb : OTHER_VERBS;
var shownVerb = (verb) => verb === void 0 ? "(none)" : verb === "" || AUDIT_VERBS.has(verb) ? verb : `(a verb not known, of ${characters(verb.length)})`;
var shownRowVerb = (verb) => verb === "(none)" || verb === OTHER_VERBS || /^\(a verb not known, of [\d,]+ characters?\)$/.test(verb) ? verb : shownVerb(verb);
function nextMinor(v) {
  const [m, n] = v.split(".").map(Number);
  return `${m}.${n + 1}`;
}
function removalBound(op) {
  const source = op.deprecation?.source;
  const last = source === "earlier-spec" ? op.lastServedIn : source === "later-spec" ? op.deprecation?.lastServedIn : void 0;
  if (!op.removedIn || last === void 0) return null;
  return op.removedIn === nextMinor(last) ? null : last;
}
function removalState(op, release) {
  if (!op.removedIn) return null;
  const gone = op.lastServedIn !== void 0 && isMinor(release) && isMinor(op.removedIn) && compareMinor(op.removedIn, release) <= 0;
  return gone ? "already" : "soon";
}
function removalText(op, release = "") {
  if (!op.removedIn) return null;
  const last = removalBound(op);
  return last === null ? `removed in ${release}${op.removedIn}` : `gone by ${release}${op.removedIn} (last served in ${last})`;
}
function allowedText(allow, show = (a) => a) {
  if (allow.length === 0) return "";
  return `; allowed: ${allow.slice(0, 10).map(show).join(", ")}${allow.length > 10 ? ` and ${allow.length - 10} more` : ""}`;
}
var rulesOf = (v) => v.rules ?? [v.rule];
var violationLine = (v) => `${rulesOf(v).join(", ")}: ${v.method.toUpperCase()} ${v.path} (${v.operationId}, ${v.hits} hit${v.hits === 1 ? "" : "s"})`;
var laterChecked = (report) => report.specs.length > 1;
function replacementLookedIn(d, report) {
  if (!d?.replacement || d.replacementServedIn !== null) return null;
  if (d.replacementCheckedIn) return { releases: d.replacementCheckedIn, own: false };
  return { releases: laterReleases(report), own: true };
}
var laterReleases = (report) => report.specs.slice(1).map((s) => s.kubernetesVersion);
function replacementUncheckedBefore(d, later) {
  const served = d?.replacementServedIn;
  const looked = d?.replacementCheckedIn;
  if (!d?.replacement || typeof served !== "string" || !looked) return [];
  return later.filter((v) => compareMinor(v, served) < 0 && !looked.includes(v));
}
function reportTitle(report) {
  return report.app !== void 0 ? `APISnoop: ${report.app}` : "APISnoop";
}
var UNCHECKED_FAILED_BY = "rbac-fail-on";
var LEAST_PRIVILEGE_UNCHECKED = "Least privilege was not checked: ";
function uncheckedLeastPrivilege(report) {
  return report.leastPrivilegeUnchecked ?? runProblemsUnchecked(report);
}
function runProblemsUnchecked(report) {
  const apps = report.app === void 0 ? [] : [report.app, ...report.app.split(" + ")];
  const found = [];
  for (const note of report.runNotes?.problems ?? []) {
    let at = 0;
    let app;
    for (let a = apps.find((x) => note.startsWith(`${x}: `, at)); a !== void 0; a = apps.find((x) => note.startsWith(`${x}: `, at))) {
      app = a;
      at += a.length + 2;
    }
    if (!note.startsWith(LEAST_PRIVILEGE_UNCHECKED, at)) continue;
    const why = note.slice(at + LEAST_PRIVILEGE_UNCHECKED.length).replace(/\.$/, "");
    const whose = app ?? report.app;
    found.push({ ...whose !== void 0 ? { app: whose } : {}, why });
  }
  return found;
}
var otherApp = (u, report) => u.app !== void 0 && u.app !== report.app ? `${u.app}: ` : "";
function uncheckedText(u, report) {
  return `${otherApp(u, report)}${u.why}`;
}
function uncheckedFailure(u, report) {
  return `${otherApp(u, report)}${LEAST_PRIVILEGE_UNCHECKED}${u.why}.`;
}
function saysUnchecked(report, said, u) {
  const sentence = `${LEAST_PRIVILEGE_UNCHECKED}${u.why}.`;
  if (!said.endsWith(sentence)) return false;
  const prefix = said.slice(0, said.length - sentence.length);
  const whose = otherApp(u, report);
  if (prefix === "") return whose === "";
  if (!prefix.endsWith(": ")) return false;
  const apps = new Set(report.app?.split(" + ") ?? []);
  const appNames = prefix.slice(0, -2).split(": ").filter((name) => name !== `Kubernetes ${report.kubernetesVersion}`);
  return appNames.every((name) => name.split(" + ").every((a) => apps.has(a))) && (whose === "" || appNames.at(-1) === u.app);
}
function uncheckedUnsaid(report, said) {
  return uncheckedLeastPrivilege(report).filter((u) => !said.some((s) => saysUnchecked(report, s, u))).map((u) => uncheckedFailure(u, report));
}
function notesBesideVerdict(report, notes) {
  const unchecked = uncheckedLeastPrivilege(report);
  return notes.filter((n) => !unchecked.some((u) => saysUnchecked(report, n, u)));
}
function reportPasses(report) {
  return report.verdict.pass && (report.rbac ?? []).every((c) => c.verdict === null || c.verdict.pass) && uncheckedLeastPrivilege(report).length === 0;
}
function missingFinalStages(report) {
  let unknown = 0;
  let all = 0;
  for (const op of report.operations) {
    all += op.hits;
    unknown += op.codes.unknown ?? 0;
  }
  const dropped = (report.summary.finalStagesDropped ?? 0) + (report.summary.countedEarlyForgotten ?? 0);
  const lacking = unknown - dropped;
  if (lacking <= 0 || lacking * 10 < all) return null;
  if (dropped === 0) {
    return `${unknown} of ${all} matched requests have no response code: their final stage (ResponseComplete or Panic) is not in the log, as when the audit policy omits it or the log was cut off; they count as "unknown" and their deprecation annotations are missing`;
  }
  return `${unknown} of ${all} matched requests have no response code: at most ${dropped} of them had their final stage (ResponseComplete or Panic) dropped by the limit on requests in flight, and at least ${lacking} have none in the log, as when the audit policy omits it or the log was cut off; they count as "unknown" and their deprecation annotations are missing`;
}

// src/engine/max-heap.ts
function heapify(items, greater) {
  for (let i = (items.length >> 1) - 1; i >= 0; i--) siftDown(items, i, greater);
  return items;
}
function siftDown(heap, i, greater) {
  const n = heap.length;
  const v = heap[i];
  for (; ; ) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && greater(heap[r], heap[l]) ? r : l;
    if (!greater(heap[c], v)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = v;
}

// src/engine/heavy-hitters.ts
var HEAVY_HITTERS_CAP = 1e3;
var DISTINCT_CAP = 1e4;
var newHeavyHitters = () => ({ counts: /* @__PURE__ */ new Map(), errors: /* @__PURE__ */ new Map(), floors: /* @__PURE__ */ new Set(), distinct: /* @__PURE__ */ new Set(), more: false, dropped: false });
var smaller = (a, b) => a.count < b.count;
var heaps = /* @__PURE__ */ new WeakMap();
var seen = (t, key2) => t.more || t.distinct.has(key2);
function remember(t, key2, cap) {
  if (seen(t, key2)) return;
  if (t.distinct.size < cap) t.distinct.add(key2);
  else t.more = true;
}
function countKey(t, key2, n = 1, cap = HEAVY_HITTERS_CAP, distinctCap = DISTINCT_CAP) {
  const had = t.counts.get(key2);
  if (had !== void 0) {
    t.counts.set(key2, had + n);
    return;
  }
  const before = seen(t, key2);
  remember(t, key2, distinctCap);
  if (t.counts.size < cap) {
    t.counts.set(key2, n);
    return;
  }
  let heap = heaps.get(t);
  if (!heap) heaps.set(t, heap = heapify([...t.counts].map(([k, count]) => ({ key: k, count })), smaller));
  for (; ; ) {
    const top = heap[0];
    const now = t.counts.get(top.key);
    if (now === top.count) break;
    top.count = now;
    siftDown(heap, 0, smaller);
  }
  const min = heap[0];
  t.counts.delete(min.key);
  t.errors.delete(min.key);
  t.floors.delete(min.key);
  t.dropped = true;
  t.counts.set(key2, min.count + n);
  t.errors.set(key2, min.count);
  if (before) t.floors.add(key2);
  min.key = key2;
  min.count += n;
  siftDown(heap, 0, smaller);
}
var floor = (t) => t.dropped ? Math.min(...t.counts.values()) : 0;
function absorbHeavyHitters(t, other, cap = HEAVY_HITTERS_CAP, distinctCap = DISTINCT_CAP) {
  const [floorT, floorO] = [floor(t), floor(other)];
  const keys = /* @__PURE__ */ new Set([...t.counts.keys(), ...other.counts.keys()]);
  const counts = /* @__PURE__ */ new Map();
  const errors = /* @__PURE__ */ new Map();
  const floors = /* @__PURE__ */ new Set();
  for (const key2 of keys) {
    let count = 0;
    let error = 0;
    for (const [part, partFloor] of [
      [t, floorT],
      [other, floorO]
    ]) {
      const c = part.counts.get(key2);
      if (c !== void 0) {
        count += c;
        error += part.errors.get(key2) ?? 0;
        if (part.floors.has(key2)) floors.add(key2);
      } else if (partFloor > 0 && seen(part, key2)) {
        count += partFloor;
        error += partFloor;
        floors.add(key2);
      }
    }
    counts.set(key2, count);
    if (error > 0) errors.set(key2, error);
  }
  const kept = counts.size > cap ? [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, cap) : [...counts];
  const dropped = t.dropped || other.dropped || kept.length < counts.size;
  for (const key2 of other.distinct) remember(t, key2, distinctCap);
  if (other.more) t.more = true;
  t.counts = new Map(kept);
  t.errors = new Map(kept.filter(([k]) => errors.has(k)).map(([k]) => [k, errors.get(k)]));
  t.floors = new Set(kept.filter(([k]) => floors.has(k)).map(([k]) => k));
  t.dropped = dropped;
  heaps.delete(t);
}
function mostFrequent(t) {
  return [...t.counts].map(([key2, count]) => ({ key: key2, n: count - (t.errors.get(key2) ?? 0), atLeast: t.floors.has(key2) })).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
var distinctKeys = (t) => ({ n: t.distinct.size, more: t.more });

// src/engine/select.ts
var DEFAULT_SELECTION = {
  namespaces: [],
  serviceAccounts: [],
  users: [],
  userAgents: [],
  includeSystem: false,
  e2e: false
};
var SYSTEM_USERS = [
  "system:kube-controller-manager",
  "system:kube-scheduler",
  "system:kube-proxy",
  "system:apiserver",
  "system:kube-aggregator",
  "system:volume-scheduler",
  "system:unsecured"
];
var SYSTEM_NODE_PREFIX = "system:node:";
var SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];
var SYSTEM_GROUPS = /* @__PURE__ */ new Set(["system:nodes"]);
var SYSTEM_USER = new RegExp(
  `^(${SYSTEM_USERS.join("|")}|${SYSTEM_NODE_PREFIX}.+|system:serviceaccount:(${SYSTEM_NAMESPACES.join("|")}):.+)$`
);
function effectiveUser(req) {
  return req.impersonatedUser?.username ?? req.user?.username ?? "";
}
function requestIdentities(req) {
  const sender = req.user?.username ?? "";
  const actedAs = req.impersonatedUser?.username;
  return actedAs === void 0 || actedAs === sender ? [sender] : [actedAs, sender];
}
var ANONYMOUS_USER = "system:anonymous";
var HEALTH_CHECK = /^\/(?:livez|readyz|healthz)(?:[/?]|$)/;
function isHealthProbe(req) {
  return req.user?.username === ANONYMOUS_USER && req.impersonatedUser === void 0 && HEALTH_CHECK.test(req.requestURI ?? "");
}
function isSystemUser(u) {
  if (u.username && SYSTEM_USER.test(u.username)) return true;
  return (u.groups ?? []).some((g) => SYSTEM_GROUPS.has(g));
}
function isSystemRequest(req) {
  if (isHealthProbe(req)) return true;
  const ids = [req.user, req.impersonatedUser].filter((u) => u !== void 0);
  return ids.length > 0 && ids.every(isSystemUser);
}
function e2eTestName(userAgent) {
  if (!isE2eAgent(userAgent)) return null;
  const i = userAgent.indexOf(" -- ");
  return i === -1 ? null : userAgent.slice(i + 4).trim() || null;
}
function e2eRelease(userAgent) {
  if (!isE2eAgent(userAgent)) return null;
  const m = /^e2e\.test\/v?(1\.\d+)(?:\.|\s|$)/.exec(comparedAgent(userAgent));
  return m ? m[1] : null;
}
function isE2eAgent(userAgent) {
  return comparedAgent(userAgent).startsWith("e2e.test");
}
var NO_USER_AGENT = "(none)";
function comparedAgent(userAgent) {
  return (userAgent ?? "").trimStart();
}
function userAgentProgram(userAgent) {
  if (comparedAgent(userAgent) === "") return NO_USER_AGENT;
  const ua = userAgent;
  const i = ua.indexOf(" -- ");
  return i === -1 ? ua : ua.slice(0, i);
}
function userAgentFilterName(userAgent) {
  const program = comparedAgent(userAgentProgram(userAgent));
  const space = program.search(/\s/);
  return space > 0 ? program.slice(0, space) : program;
}
function userAgentMatcher(pattern) {
  const matches = globMatcher(pattern.trimStart(), "userAgent");
  const none = pattern.trim().toLowerCase() === NO_USER_AGENT;
  return (userAgent) => {
    const text = comparedAgent(userAgent);
    return none && text === "" || matches(text);
  };
}
function globMatcher(glob, kind, count) {
  const whole = kind === "user";
  const fold = whole ? (s) => s : foldCase;
  const pieces = fold(glob).split("*");
  const first = pieces[0];
  const last = pieces.length - 1;
  return (raw) => {
    const text = fold(raw);
    if (count) count.steps++;
    if (!text.startsWith(first)) return false;
    if (last === 0) return !whole || text.length === first.length;
    let at = first.length;
    for (let i = 1; i < (whole ? last : pieces.length); i++) {
      if (count) count.steps++;
      const found = text.indexOf(pieces[i], at);
      if (found === -1) return false;
      at = found + pieces[i].length;
    }
    if (!whole) return true;
    if (count) count.steps++;
    return text.length - pieces[last].length >= at && text.endsWith(pieces[last]);
  };
}
var NON_ASCII = /[^\p{ASCII}]/u;
function foldCase(text) {
  if (!NON_ASCII.test(text)) return text.toUpperCase();
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const u = c.toUpperCase();
    out += u.length !== 1 || c.charCodeAt(0) > 127 && u.charCodeAt(0) <= 127 ? c : u;
  }
  return out;
}
var DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function isNamespaceName(name) {
  return name.length <= 63 && DNS_LABEL.test(name);
}
var SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
var NAMESPACE_GLOB = /^[a-z0-9*-]+$/;
var SERVICE_ACCOUNT_NAME = /^[a-z0-9.*-]+$/;
function serviceAccountUser(sa) {
  const parts = (sa.startsWith(SERVICE_ACCOUNT_PREFIX) ? sa.slice(SERVICE_ACCOUNT_PREFIX.length) : sa).split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new Error(`service account "${sa}" is not of the form namespace:name`);
  }
  const [namespace, name] = parts;
  if (!(namespace.includes("*") ? NAMESPACE_GLOB.test(namespace) : isNamespaceName(namespace)) || !SERVICE_ACCOUNT_NAME.test(name)) {
    throw new Error(
      `service account "${sa}" is not of the form namespace:name: a namespace and a service account are named in lower-case letters, digits and - (a name also .), * for any run of them`
    );
  }
  return SERVICE_ACCOUNT_PREFIX + namespace + ":" + name;
}
function excludedUser(sel) {
  const excluded = excludedIdentity(sel);
  return excluded && ((req) => excluded(effectiveUser(req)));
}
function excludedIdentity(sel) {
  const matchers = (sel.excludeUsers ?? []).map((u) => globMatcher(u, "user"));
  if (matchers.length === 0) return null;
  return (user) => matchers.some((matches) => matches(user));
}
function leftOutByExclusion(sel) {
  const excluded = excludedUser(sel);
  if (!excluded) return null;
  const selected = requestFilter(sel);
  const withoutExclusion = requestFilter({ ...sel, excludeUsers: [] });
  return (req) => excluded(req) && withoutExclusion(req) && !selected(req);
}
function requestFilter(sel) {
  const namespaces = new Set(sel.namespaces);
  const named = [...sel.users, ...sel.serviceAccounts.map(serviceAccountUser)];
  const users = named.map((u) => globMatcher(u, "user"));
  const exact = new Set(named.filter((u) => !u.includes("*")));
  const excluded = excludedUser(sel);
  const agents = sel.userAgents.map(userAgentMatcher);
  const anyCriterion = namespaces.size > 0 || users.length > 0 || agents.length > 0;
  return (req) => {
    if (sel.e2e) return isE2eAgent(req.userAgent);
    if (excluded?.(req)) return exact.has(effectiveUser(req));
    const ids = requestIdentities(req);
    if (ids.some((id) => exact.has(id))) return true;
    if (!sel.includeSystem && isSystemRequest(req)) return false;
    if (!anyCriterion) return true;
    if (namespaces.size > 0 && req.objectRef?.namespace && namespaces.has(req.objectRef.namespace)) return true;
    if (users.some((matches) => ids.some((id) => matches(id)))) return true;
    return agents.some((matches) => matches(req.userAgent));
  };
}
var SYSTEM_TRAFFIC = "system components or anonymous health checks";
function nothingSelected(requests, selected, sel) {
  return selected > 0 ? null : whyNothingSelected(requests, sel);
}
function whyNothingSelected(requests, sel) {
  if (requests === 0) return "no request was read from the input, so none was selected; the verdict judged no request";
  if (sel.e2e) return `none of the ${requests} requests read is selected: none has an e2e.test/\u2026 user agent, the e2e tests', which e2e mode selects; the verdict judged no request`;
  const criteria = selectionCriteria(sel);
  const why = criteria.length > 0 ? `the selection (${criteria.join(", ")})${sel.includeSystem ? "" : `, which leaves out ${SYSTEM_TRAFFIC},`} matched none` : `they are all from ${SYSTEM_TRAFFIC}, which are left out unless include-system is set (--include-system)`;
  return `none of the ${requests} requests read is selected: ${why}; the verdict judged no request`;
}
var DIFFERENT_SELECTIONS = "the reports select requests differently";
function selectionCriteria(sel) {
  return [
    ...sel.namespaces.map((n) => `namespace ${n}`),
    ...sel.serviceAccounts.map((s) => `service account ${s}`),
    ...sel.users.map((u) => `user ${u}`),
    ...sel.userAgents.map((a) => `user agent ${a}`),
    ...sel.e2e ? ["e2e"] : [],
    ...sel.includeSystem ? ["include-system"] : [],
    ...(sel.excludeUsers ?? []).map((u) => `not user ${u}`)
  ];
}
var newLeftOut = () => ({ users: newHeavyHitters(), userAgents: newHeavyHitters(), namespaces: newHeavyHitters(), excluded: newHeavyHitters(), system: 0 });
function countLeftOut(t, req, includeSystem, excluded = null) {
  if (!includeSystem && isSystemRequest(req)) {
    t.system++;
    return;
  }
  if (excluded?.(effectiveUser(req))) {
    countKey(t.excluded, effectiveUser(req));
    return;
  }
  for (const id of requestIdentities(req)) if (!excluded?.(id)) countKey(t.users, id || "(none)");
  countKey(t.userAgents, userAgentFilterName(req.userAgent));
  const ns = req.objectRef?.namespace;
  if (ns) countKey(t.namespaces, ns);
}
function absorbLeftOut(t, other) {
  for (const k of ["users", "userAgents", "namespaces", "excluded"]) absorbHeavyHitters(t[k], other[k]);
  t.system += other.system;
}
var LEFT_OUT_SHOWN = 5;
function mostFirst(t, show) {
  const shown = mostFrequent(t).slice(0, LEFT_OUT_SHOWN).map((c) => `${show(c.key)} (${c.atLeast ? "at least " : ""}${c.n})`);
  const distinct = distinctKeys(t);
  const rest = Math.max(distinct.n - shown.length, 0);
  return shown.join(", ") + (distinct.more ? ` and over ${rest} more` : rest > 0 ? ` and ${rest} more` : "");
}
function leftOutText(t, includeSystem, show = (v) => v, includeOption = "--include-system") {
  const left = `left out unless ${includeOption} is given`;
  if (t.users.counts.size === 0 && t.excluded.counts.size === 0) {
    return t.system > 0 ? `all ${t.system} requests read are from Kubernetes' ${SYSTEM_TRAFFIC}, ${left}` : "no request was read";
  }
  const parts = t.users.counts.size > 0 ? [`users ${mostFirst(t.users, show)}`, `user agents ${mostFirst(t.userAgents, show)}`] : [];
  if (t.namespaces.counts.size > 0) parts.push(`for objects in namespaces ${mostFirst(t.namespaces, show)}`);
  if (t.excluded.counts.size > 0) parts.push(`${parts.length > 0 ? "and by " : ""}users the selection leaves out on purpose, ${mostFirst(t.excluded, show)}`);
  if (!includeSystem && t.system > 0) parts.push(`${t.system} more are from ${SYSTEM_TRAFFIC}, ${left}`);
  return `the requests read are by ${parts.join("; ")}`;
}

// src/engine/conformance.ts
var ConformanceError = class extends Error {
};
var COVERAGE_FILE = "resources/coverage/<release>.json of github.com/kubernetes-sigs/apisnoop";
function conformanceFromCoverage(doc, source) {
  const d = doc;
  if (!d || typeof d !== "object" || !Array.isArray(d.endpoints)) {
    throw new ConformanceError(`${source}: not APISnoop coverage data (no "endpoints" array): give APISnoop's ${COVERAGE_FILE}`);
  }
  const endpoints = /* @__PURE__ */ new Map();
  d.endpoints.forEach((e, i) => {
    const where = `${source}: endpoints[${i}]`;
    if (!e || typeof e !== "object" || Array.isArray(e)) throw new ConformanceError(`${where} is not an object: not APISnoop coverage data (${COVERAGE_FILE})`);
    const { endpoint, tested, conf_tested: conf, tests } = e;
    if (typeof endpoint !== "string" || endpoint === "") throw new ConformanceError(`${where}.endpoint ${JSON.stringify(endpoint) ?? "missing"} is not an operationId`);
    for (const [field, v] of [["tested", tested], ["conf_tested", conf]]) {
      if (typeof v !== "boolean") throw new ConformanceError(`${where}.${field} (${endpoint}) is ${JSON.stringify(v) ?? "missing"}, not true or false`);
    }
    endpoints.set(endpoint, {
      tested,
      conformanceTested: conf,
      // APISnoop lists null for a test it could not name.
      tests: Array.isArray(tests) ? tests.filter((t) => typeof t === "string") : []
    });
  });
  return { release: String(d.release ?? "unknown"), source, endpoints };
}
var minorOf = (v) => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? null;
function withTestedSince(data, since) {
  const release = minorOf(data.release);
  if (!since || release === null) return data;
  const endpoints = /* @__PURE__ */ new Map();
  for (const [id, e] of data.endpoints) {
    const first = since.releases.get(id);
    const promoted = !e.conformanceTested && first !== void 0 && compareMinor(first, release) <= 0;
    endpoints.set(id, promoted ? { ...e, tested: true, conformanceTested: true } : e);
  }
  return { ...data, endpoints };
}

// src/shell-word.ts
function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export {
  grouped,
  RFC3339,
  CRI_STREAM_TAG,
  KUBECTL_PREFIX,
  isLegacyAudit,
  LEGACY_AUDIT_LINE,
  characters,
  valueShape,
  textShape,
  prefixShape,
  SpecError,
  minorVersion,
  unquotedYamlRelease,
  pathShape,
  skippedOperationsWarning,
  specWarnings,
  specFromDocument,
  deprecationTable,
  isMinor,
  compareMinor,
  objectKinds,
  plutoVersion,
  deprecationOf,
  servedKinds,
  operationKind,
  stableVersions,
  specReplacement,
  SCHEMA_VERSION,
  LEVELS,
  OTHER_PATTERNS,
  otherRowVerb,
  shownVerb,
  shownRowVerb,
  nextMinor,
  removalBound,
  removalState,
  removalText,
  allowedText,
  rulesOf,
  violationLine,
  laterChecked,
  replacementLookedIn,
  laterReleases,
  replacementUncheckedBefore,
  reportTitle,
  UNCHECKED_FAILED_BY,
  LEAST_PRIVILEGE_UNCHECKED,
  uncheckedLeastPrivilege,
  uncheckedText,
  uncheckedUnsaid,
  notesBesideVerdict,
  reportPasses,
  missingFinalStages,
  heapify,
  siftDown,
  DEFAULT_SELECTION,
  effectiveUser,
  requestIdentities,
  ANONYMOUS_USER,
  e2eTestName,
  e2eRelease,
  NO_USER_AGENT,
  userAgentProgram,
  globMatcher,
  DNS_LABEL,
  isNamespaceName,
  serviceAccountUser,
  excludedIdentity,
  leftOutByExclusion,
  requestFilter,
  nothingSelected,
  whyNothingSelected,
  DIFFERENT_SELECTIONS,
  selectionCriteria,
  newLeftOut,
  countLeftOut,
  absorbLeftOut,
  leftOutText,
  ConformanceError,
  conformanceFromCoverage,
  minorOf,
  withTestedSince,
  shellWord
};
