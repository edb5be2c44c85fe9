import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  eitherTested,
  sharedOperations
} from "./chunk-KXHPS7ST.js";
import {
  FAIL_ON_ORDER,
  MAX_LISTED_CALLERS,
  MAX_LISTED_INVALID,
  MAX_LISTED_TESTS,
  MAX_UNMATCHED_PATTERNS,
  PARAMS_OR_FRAGMENT,
  REST_VERBS,
  SPECIAL_VERBS,
  allowCovers,
  apiPathInfo,
  authorizedOutsideSpec,
  byString,
  cmp,
  codeBucket,
  earlier,
  isCutShort,
  isKubeletSubresource,
  judge,
  nonPathPattern,
  operationKey,
  resourceCatalog,
  shownAuditId,
  shownPattern,
  sortOperations,
  sortUnmatched,
  sortVerbs,
  splitPath,
  summarize,
  truncationFlag,
  unionListed,
  uniqSorted,
  unmatchedApi,
  unmatchedKey,
  unmatchedOrder,
  unselectedParts,
  verbRank,
  verbsCheckedForAnothersRequest,
  wildcardOutsideSpec,
  withRequestedResources
} from "./chunk-SCAZIKRH.js";
import {
  ANONYMOUS_USER,
  DIFFERENT_SELECTIONS,
  OTHER_PATTERNS,
  SCHEMA_VERSION,
  compareMinor,
  effectiveUser,
  grouped,
  isMinor,
  laterReleases,
  minorOf,
  otherRowVerb,
  pathShape,
  replacementUncheckedBefore,
  reportPasses,
  selectionCriteria,
  shownRowVerb,
  shownVerb,
  uncheckedLeastPrivilege
} from "./chunk-QJAYF2D5.js";

// src/web/page/format.ts
function conformanceFigure(ops) {
  let stable = 0;
  let tested = 0;
  let known = 0;
  let untestedIneligible = 0;
  for (const op of ops) {
    if (op.level !== "stable") continue;
    stable++;
    if (op.conformanceTested === null) continue;
    known++;
    if (op.conformanceTested) tested++;
    else if (op.conformanceIneligible) untestedIneligible++;
  }
  return { stable, tested, known, unknown: stable - known, untestedIneligible };
}
function appConformance(r) {
  if (r.conformance === null && !r.selection.e2e) return null;
  return conformanceFigure(r.operations.filter((op) => !op.discovery));
}

// src/web/coverage.ts
function levelTotals(report) {
  const out = { stable: 0, beta: 0, alpha: 0 };
  for (const op of report.operations) if (!op.discovery) out[op.level] += 1;
  return out;
}
function isE2e(name, report) {
  return report.selection.e2e || name === "e2e";
}
function summarizeApp(name, runs, report) {
  const resource = report.operations.filter((op) => !op.discovery);
  return {
    name,
    runs: runs.length,
    loadedAt: runs.reduce((max, r) => r.loadedAt > max ? r.loadedAt : max, ""),
    kubernetesVersion: report.kubernetesVersion,
    e2e: isE2e(name, report),
    requests: report.summary.requests,
    selected: report.summary.selected,
    operations: resource.length,
    hits: resource.reduce((n, op) => n + op.hits, 0),
    byLevel: levelTotals(report),
    // The whole verdict (least privilege too), as report.md's heading, the CSV and the exit code.
    pass: reportPasses(report),
    conformance: appConformance(report)
  };
}
var LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 };
function coverageOf(apps) {
  const rows = sharedOperations(apps.map((a) => a.report)).map(({ op, perApp, conformanceTested, conformanceRelease, conformanceIneligible, removedIn, deprecated }) => {
    const hits = /* @__PURE__ */ Object.create(null);
    perApp.forEach((o, i) => {
      if (o) hits[apps[i].name] = o.hits;
    });
    return {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      level: op.level,
      group: op.group,
      category: op.category,
      kind: op.kind,
      discovery: op.discovery,
      deprecated,
      removedIn,
      conformanceTested,
      conformanceRelease,
      conformanceIneligible,
      hits
    };
  });
  const sorted = rows.sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.group ?? "").localeCompare(b.group ?? "") || a.path.localeCompare(b.path) || a.method.localeCompare(b.method)
  );
  return { apps: apps.map((a) => a.summary), rows: sorted };
}

// src/engine/e2e-release.ts
function e2eReleaseNote(report, surface) {
  const release = report.kubernetesVersion;
  const known = isMinor(release);
  const releases = Object.entries(report.summary.e2eReleases ?? {});
  const byRequests = ([a, n], [b, m]) => m - n || compareMinor(a, b);
  const other = releases.filter(([r]) => !known || r !== release).sort(byRequests);
  if (other.length === 0) return null;
  const [main] = other[0];
  const names = other.map(([r]) => r);
  const of = `Kubernetes ${names.slice(0, -1).join(", ")}${names.length > 1 ? " and " : ""}${names[names.length - 1]}`;
  const theirs = other.reduce((n, [, c]) => n + c, 0);
  const { selected } = report.summary;
  const ran = theirs < selected ? `${grouped(theirs)} of the ${grouped(selected)} selected requests are e2e tests' of ${of}` : `the selected requests are of e2e tests of ${of}`;
  const counts = `${COUNTS_SAID}${releases.sort(byRequests).map(([r, n]) => `${r} (${n})`).join(", ")}`;
  const give = surface === "action" ? `set the input kubernetes-version to ${main}` : `give --k8s-version ${main}`;
  if (!known) return `${ran}, and the spec does not say which release it is: if it is the tests' release, ${give}. ${counts}`;
  const conf = report.conformance;
  const confRelease = conf ? minorOf(conf.release) : null;
  const figures = confRelease !== null && confRelease !== main ? `the conformance figures are Kubernetes ${conf.release}'s (what its conformance data says [Conformance] tests cover), not the tests' own release's, so the run's gaps may not show` : `requests are matched as Kubernetes ${release} serves its APIs`;
  return `${ran}, analysed against the Kubernetes ${release} spec: ${figures}; to judge the run by its own release, ${give}. ${counts}`;
}
var COUNTS_SAID = "Requests by e2e.test's release: ";
function e2eReleasesUnknown(report) {
  return report.summary.e2eReleases === void 0 && (report.runNotes?.notices ?? []).some((n) => n.includes(COUNTS_SAID));
}
function e2eReleaseNoteSurface(note, report) {
  for (const surface of ["cli", "action"]) if (note === e2eReleaseNote(report, surface)) return surface;
  return null;
}

// src/engine/rbac/identity.ts
function identityText(i) {
  return i.serviceAccount ? `${i.serviceAccount.namespace}:${i.serviceAccount.name}` : i.username;
}
var SA_PREFIX = "system:serviceaccount:";
function identityOf(opts) {
  if (opts.serviceAccount && opts.user) throw new Error("give one identity: --serviceaccount or --user, not both");
  let text = opts.serviceAccount ?? opts.user;
  if (!text) throw new Error("give the identity to check: --serviceaccount ns:name or --user NAME");
  if (text.includes("*")) throw new Error(`"${text}": RBAC rules are derived for one identity; wildcards are not allowed here`);
  if (opts.serviceAccount && !text.startsWith(SA_PREFIX)) {
    const parts = text.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`service account "${text}" is not of the form namespace:name`);
    text = SA_PREFIX + text;
  }
  if (text.startsWith(SA_PREFIX)) {
    const parts = text.slice(SA_PREFIX.length).split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`"${text}" is not of the form system:serviceaccount:namespace:name`);
    const [namespace, name] = parts;
    return { username: text, serviceAccount: { namespace, name }, groups: ["system:authenticated", "system:serviceaccounts", `system:serviceaccounts:${namespace}`] };
  }
  return { username: text, groups: [text === ANONYMOUS_USER ? "system:unauthenticated" : "system:authenticated"] };
}
function withObservedGroups(identity, observed) {
  return { ...identity, groups: [.../* @__PURE__ */ new Set([...identity.groups, ...observed])].sort() };
}
function isIdentityRequest(identity, req) {
  return effectiveUser(req) === identity.username;
}
function uriTarget(segs) {
  const info = apiPathInfo(segs);
  if (!info?.resource) return null;
  let { namespace = "", resource, name = "", subresource = "" } = info;
  if (namespace && !name && (resource === "status" || resource === "finalize")) [resource, name, subresource] = ["namespaces", namespace, resource];
  if (resource === "namespaces" && name && !namespace) namespace = name;
  return { apiGroup: info.group, resource, subresource, namespace, name };
}
function requestAttributes(req) {
  const a = attributesOf(req);
  return typeof a === "string" ? a : servedNowhere(a) ?? a;
}
function servedNowhere(a) {
  if (!a.resourceRequest) return null;
  const field = ["apiGroup", "resource", "subresource", "namespace"].find((f) => /[;#]/.test(a[f]));
  return field === void 0 ? null : `its ${field} holds a ${/[;#]/.exec(a[field])[0]} (not quoted): none an API server serves, so no rule is needed`;
}
function attributesOf(req) {
  if (req.verb === void 0) return "no verb";
  const verb = shownVerb(req.verb);
  if (verb !== req.verb) return `${verb.slice(1, -1)}, not quoted: none an API server writes, so no request its authorizer was asked`;
  const uri = req.requestURI ?? "";
  const q = uri.indexOf("?");
  const path = q === -1 ? uri : uri.slice(0, q);
  const target = path.startsWith("/") ? uriTarget(splitPath(path)) : null;
  const ref = req.objectRef;
  if (ref?.resource) {
    const versionGroup = ref.apiVersion?.includes("/") ? ref.apiVersion.split("/")[0] : void 0;
    const listing = req.verb === "list" || req.verb === "watch";
    const unnamed = !target && req.verb === "create" && !ref.subresource;
    return {
      verb: req.verb,
      resourceRequest: true,
      apiGroup: ref.apiGroup ?? versionGroup ?? target?.apiGroup ?? "",
      resource: ref.resource,
      subresource: ref.subresource ?? "",
      // The URI's too: audit fills an empty objectRef.namespace from the body (a ClusterRole whose manifest names a
      // namespace), the authorizer takes the URI's.
      namespace: target ? target.namespace : ref.namespace ?? "",
      name: target && !listing ? target.name : unnamed ? "" : ref.name ?? "",
      path: ""
    };
  }
  if (target) return { verb: req.verb, resourceRequest: true, ...target, path: "" };
  if (!req.verb) return "no verb";
  if (!path.startsWith("/")) {
    const shown = nonPathPattern(uri);
    return shown.includes("/") ? `requestURI ${JSON.stringify(shown.slice(0, 100))} is not a path` : `requestURI is not a path: ${shown}`;
  }
  return { verb: req.verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path: ruledPath(decodedPath(path)) };
}
function ruledPath(path) {
  const m = PARAMS_OR_FRAGMENT.exec(path);
  return m === null ? path : `${path.slice(0, m.index + (m[0].length === 1 ? 1 : 0))}*`;
}
function decodedPath(path) {
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
function impersonationAttributes(req) {
  const who = req.impersonatedUser?.username;
  if (!who) return [];
  const impersonate = (resource, name, namespace = "", apiGroup = "", subresource = "") => ({
    verb: "impersonate",
    resourceRequest: true,
    apiGroup,
    resource,
    subresource,
    namespace,
    name,
    path: ""
  });
  const out = [];
  const sa = who.startsWith(SA_PREFIX) ? who.slice(SA_PREFIX.length).split(":") : null;
  let added = [who === ANONYMOUS_USER ? "system:unauthenticated" : "system:authenticated"];
  if (sa && sa.length === 2 && sa[0] && sa[1]) {
    out.push(impersonate("serviceaccounts", sa[1], sa[0]));
    added = [...added, "system:serviceaccounts", `system:serviceaccounts:${sa[0]}`];
  } else out.push(impersonate("users", who));
  for (const g of req.impersonatedUser?.groups ?? []) if (!added.includes(g)) out.push(impersonate("groups", g));
  const uid = req.impersonatedUser?.uid;
  if (uid) out.push(impersonate("uids", uid, "", "authentication.k8s.io"));
  for (const [key, values] of Object.entries(req.impersonatedUser?.extra ?? {})) {
    for (const v of values) out.push(impersonate("userextras", v, "", "authentication.k8s.io", key));
  }
  return out;
}
function createdAttributes(a, code) {
  return a.resourceRequest && code === 201 && (a.verb === "patch" || a.verb === "update") ? { ...a, verb: "create" } : null;
}
var STREAMED = /* @__PURE__ */ new Set(["exec", "attach", "portforward"]);
var streamed = (a) => a.resourceRequest && a.apiGroup === "" && a.resource === "pods" && STREAMED.has(a.subresource);
function streamCreateAttributes(a) {
  return a.verb === "get" && streamed(a) ? { ...a, verb: "create" } : null;
}
var deniedByAuthorizer = (req) => req.code === 403 && req.authzDecision !== "allow";
var REFUSED_BEFORE_AUTHORIZATION = "refused before the authorizer (no decision recorded): an impersonation it may not make; it needs impersonate on the user, group or service account the 403 message names";
var RBAC_GROUP = "rbac.authorization.k8s.io";
var RBAC_WRITES = /* @__PURE__ */ new Set(["create", "update", "patch"]);
function refusalHint(a) {
  if (!a.resourceRequest) return null;
  const hints = [];
  if (a.verb === "patch" || a.verb === "update") hints.push("if it created the object, it also needs create");
  if (streamCreateAttributes(a)) hints.push("over a WebSocket (GET), Kubernetes 1.35 and later also check create");
  if (a.apiGroup === RBAC_GROUP && !a.subresource && RBAC_WRITES.has(a.verb) && ["roles", "clusterroles", "rolebindings", "clusterrolebindings"].includes(a.resource)) {
    hints.push("granting roles it does not hold needs bind (bindings) or escalate (roles)");
  }
  if (a.apiGroup === "certificates.k8s.io" && a.resource === "certificatesigningrequests") {
    if (a.subresource === "approval") hints.push("approving needs approve on certificates.k8s.io signers (the signerName)");
    if (a.subresource === "status") hints.push("signing needs sign on certificates.k8s.io signers (the signerName)");
  }
  return hints.length > 0 ? hints.join("; ") : null;
}
function attributesKey(a) {
  return [a.verb, a.resourceRequest ? "r" : "n", a.apiGroup, a.resource, a.subresource, a.namespace, a.name, a.path].join("\0");
}
var RequestCollector = class {
  seen = /* @__PURE__ */ new Map();
  /** The groups the authenticator gave the identity, as the log recorded them. */
  groups = /* @__PURE__ */ new Set();
  total = 0;
  /**
   * Requests with no response recorded: counted before their final stage (past the limit in flight), or whose final stage
   * the log lacks. A 403 among them is not known as one, nor a create by server-side apply (answered 201).
   */
  withoutResponse = 0;
  refused = /* @__PURE__ */ new Map();
  refusedBefore = /* @__PURE__ */ new Map();
  unusable = [];
  /**
   * Whether the log records the authorizer's decisions (1.19 and later): set by any request with one, the identity's
   * or another's (logged). Then a 403 without one was not the authorizer's (undecided).
   */
  decisionsRecorded = false;
  /** 403s without a decision, told apart once the whole log is read (settle). */
  undecided = [];
  /** A request of the log, whoever made it (before add, for the identity's): whether the log records decisions. */
  logged(req) {
    if (req.authzDecision !== void 0) this.decisionsRecorded = true;
  }
  add(req) {
    this.total++;
    const a = requestAttributes(req);
    if (typeof a === "string") {
      this.unusable.push({ auditID: shownAuditId(req.auditID), reason: a });
      return;
    }
    for (const g of (req.impersonatedUser ?? req.user)?.groups ?? []) this.groups.add(g);
    if (req.code === void 0) this.withoutResponse++;
    if (req.authzDecision === void 0 && req.code === 403 && !req.impersonatedUser) {
      this.undecided.push(a);
      return;
    }
    const denied = deniedByAuthorizer(req);
    if (req.code === 403 && !denied) this.refuse(this.refused, a, refusalHint(a));
    this.count(a, denied, req.code === 404);
    for (const also of [createdAttributes(a, req.code), streamCreateAttributes(a)]) if (also) this.count(also, false);
  }
  count(a, denied, notFound = false) {
    const key = attributesKey(a);
    let o = this.seen.get(key);
    if (!o) this.seen.set(key, o = { ...a, count: 0, denied: 0 });
    o.count++;
    if (denied) o.denied++;
    if (notFound) o.notFound = (o.notFound ?? 0) + 1;
  }
  /**
   * A 403 without a decision: in a log that records them, refused before the authorizer was asked, which only the
   * impersonation filter does (for an impersonation the identity may not make): the request itself was never the
   * identity's to authorize, and needs no rule. In an older log, the authorizer's denial.
   */
  settle() {
    for (const a of this.undecided) {
      if (this.decisionsRecorded) this.refuse(this.refusedBefore, a, REFUSED_BEFORE_AUTHORIZATION);
      else {
        this.count(a, true);
        const also = streamCreateAttributes(a);
        if (also) this.count(also, false);
      }
    }
    this.undecided = [];
  }
  refuse(into, a, hint) {
    const key = attributesKey(a);
    let r = into.get(key);
    if (!r) {
      r = a.resourceRequest ? {
        verb: a.verb,
        apiGroup: a.apiGroup,
        resource: a.subresource ? `${a.resource}/${a.subresource}` : a.resource,
        ...a.namespace ? { namespace: a.namespace } : {},
        ...a.name ? { name: a.name } : {},
        count: 0,
        ...hint ? { hint } : {}
      } : { verb: a.verb, path: a.path, count: 0 };
      into.set(key, r);
    }
    r.count++;
  }
  /** RefusedRequest: most often refused first. */
  refusedAfterAuthorization() {
    return mostRefusedFirst(this.refused);
  }
  /** 403s refused before the authorizer was asked (settle): by the impersonation filter. Most often refused first. */
  refusedBeforeAuthorization() {
    this.settle();
    return mostRefusedFirst(this.refusedBefore);
  }
  /**
   * A request the identity made as someone else: authorized as that one (whose requests it is), but the identity
   * needed leave to impersonate (impersonationAttributes). Logged with the impersonated user, so that was granted.
   */
  addImpersonation(req) {
    this.total++;
    for (const g of req.user?.groups ?? []) this.groups.add(g);
    for (const a of impersonationAttributes(req)) this.count(a, false);
  }
  requests() {
    this.settle();
    return [...this.seen.values()].sort(compareRequests);
  }
};
function mostRefusedFirst(refused) {
  return [...refused.entries()].sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, r]) => ({ ...r }));
}
function compareRequests(a, b) {
  return attributesKey(a) < attributesKey(b) ? -1 : attributesKey(a) > attributesKey(b) ? 1 : 0;
}

// src/engine/rbac/authorizer.ts
function ruleAllows(rule, a) {
  const verbs = rule.verbs ?? [];
  if (!verbs.includes("*") && !verbs.includes(a.verb)) return false;
  if (!a.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === a.path || u.endsWith("*") && a.path.startsWith(u.replace(/\*+$/, "")));
  }
  if (!(rule.apiGroups ?? []).some((g) => g === "*" || g === a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = (rule.resources ?? []).some((r) => r === "*" || r === combined || a.subresource !== "" && r === `*/${a.subresource}`);
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}
function grantAllows(g, a) {
  if (g.scope !== null && (!a.resourceRequest || a.namespace !== g.scope)) return false;
  return g.rules.some((r) => ruleAllows(r, a));
}
var allows = (grants, a) => grants.some((g) => grantAllows(g, a));
var DEFAULT_ROLES = [
  {
    name: "system:discovery",
    groups: ["system:authenticated"],
    rules: [{ nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], verbs: ["get"] }]
  },
  {
    name: "system:basic-user",
    groups: ["system:authenticated"],
    rules: [
      { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] }
    ]
  },
  { name: "system:public-info-viewer", groups: ["system:authenticated", "system:unauthenticated"], rules: [{ nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"], verbs: ["get"] }] }
];
function defaultGrants(identity) {
  return DEFAULT_ROLES.filter((r) => r.groups.some((g) => identity.groups.includes(g))).map((r) => ({ scope: null, rules: r.rules }));
}
var BUILTIN_CLUSTER_ROLES = {
  "cluster-admin": [
    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
    { nonResourceURLs: ["*"], verbs: ["*"] }
  ],
  // Bound by extension apiservers and metrics adapters to delegate authentication and authorization to the
  // apiserver (bootstrappolicy/policy.go).
  "system:auth-delegator": [
    { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
    { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] }
  ]
};

// src/engine/rbac/observed.ts
var UNNAMEABLE_VERBS = /* @__PURE__ */ new Set(["deletecollection"]);
var unnameable = (a) => UNNAMEABLE_VERBS.has(a.verb);
function compactRules(perms) {
  const urlVerbs = /* @__PURE__ */ new Map();
  const res = /* @__PURE__ */ new Map();
  for (const p of namesMerged(perms)) {
    if (p.nonResourceURL !== void 0) {
      const s = urlVerbs.get(p.nonResourceURL) ?? /* @__PURE__ */ new Set();
      s.add(p.verb);
      urlVerbs.set(p.nonResourceURL, s);
      continue;
    }
    const g = p.apiGroup ?? "";
    const namesKey = JSON.stringify(uniqSorted(p.resourceNames ?? []));
    let byNames = res.get(g);
    if (!byNames) res.set(g, byNames = /* @__PURE__ */ new Map());
    let byRes = byNames.get(namesKey);
    if (!byRes) byNames.set(namesKey, byRes = /* @__PURE__ */ new Map());
    const verbs = byRes.get(p.resource ?? "") ?? /* @__PURE__ */ new Set();
    verbs.add(p.verb === "" ? "*" : p.verb);
    byRes.set(p.resource ?? "", verbs);
  }
  const rules = [];
  for (const g of [...res.keys()].sort(byString)) {
    const byNames = res.get(g);
    for (const namesKey of [...byNames.keys()].sort(byString)) {
      const names = JSON.parse(namesKey);
      const byVerbs2 = /* @__PURE__ */ new Map();
      for (const [resource, verbs] of byNames.get(namesKey)) {
        const vk = sortVerbs(verbs).join(",");
        byVerbs2.set(vk, [...byVerbs2.get(vk) ?? [], resource]);
      }
      for (const [vk, resources] of byVerbs2) {
        rules.push({ apiGroups: [g], resources: uniqSorted(resources), ...names.length > 0 ? { resourceNames: names } : {}, verbs: vk.split(",") });
      }
    }
  }
  rules.sort(compareRules);
  const byVerbs = /* @__PURE__ */ new Map();
  for (const [url, verbs] of urlVerbs) {
    const vk = sortVerbs(verbs).join(",");
    byVerbs.set(vk, [...byVerbs.get(vk) ?? [], url]);
  }
  const urlRules = [...byVerbs].map(([vk, urls]) => ({ nonResourceURLs: uniqSorted(urls), verbs: vk.split(",") }));
  urlRules.sort(compareRules);
  return [...rules, ...urlRules];
}
function namesMerged(perms) {
  const out = /* @__PURE__ */ new Map();
  for (const p of perms) {
    if (p.nonResourceURL !== void 0) {
      out.set(`u\0${p.verb}\0${p.nonResourceURL}`, p);
      continue;
    }
    const key = ["r", p.verb, p.apiGroup ?? "", p.resource ?? ""].join("\0");
    const before = out.get(key);
    if (!before) out.set(key, p);
    else if (before.resourceNames && p.resourceNames) out.set(key, { ...before, resourceNames: uniqSorted([...before.resourceNames, ...p.resourceNames]) });
    else if (before.resourceNames) out.set(key, p);
  }
  return [...out.values()];
}
var ruleKey = (r) => [(r.apiGroups ?? []).join(","), (r.resources ?? []).join(","), (r.resourceNames ?? []).join(","), (r.nonResourceURLs ?? []).join(","), r.verbs.join(",")].join("|");
var joined = (xs) => (xs ?? []).join(",");
var compareRules = (a, b) => byString(joined(a.apiGroups), joined(b.apiGroups)) || byString(joined(a.resources), joined(b.resources)) || byString(joined(a.resourceNames), joined(b.resourceNames)) || byString(joined(a.nonResourceURLs), joined(b.nonResourceURLs)) || verbRank(a.verbs[0]) - verbRank(b.verbs[0]) || byString(joined(a.verbs), joined(b.verbs));
var DEFAULT_MAX_RESOURCE_NAMES = 3;
function permissionsOf(requests, maxNames) {
  const groups = /* @__PURE__ */ new Map();
  for (const a of requests) {
    if (!a.resourceRequest) continue;
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const key = [a.apiGroup, combined, a.verb].join("\0");
    let g = groups.get(key);
    if (!g) groups.set(key, g = { a, names: /* @__PURE__ */ new Set(), unnamed: false });
    if (a.name) g.names.add(a.name);
    else g.unnamed = true;
  }
  const out = [];
  for (const { a, names, unnamed } of groups.values()) {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const restrict = !unnamed && !unnameable(a) && names.size > 0 && names.size <= maxNames;
    out.push({ verb: a.verb, apiGroup: a.apiGroup, resource, ...restrict ? { resourceNames: uniqSorted(names) } : {} });
  }
  for (const a of requests) if (!a.resourceRequest) out.push({ verb: a.verb, nonResourceURL: a.path });
  return out;
}
function deriveRules(requests, opts = {}) {
  const maxNames = opts.maxResourceNames ?? DEFAULT_MAX_RESOURCE_NAMES;
  const needed = requests.filter((a) => !allows(opts.alreadyAllowed ?? [], a));
  const clusterRules = compactRules(permissionsOf(needed.filter((a) => !a.resourceRequest || a.namespace === ""), maxNames));
  const clusterGrant = { scope: null, rules: clusterRules };
  const byNs = /* @__PURE__ */ new Map();
  for (const a of needed) {
    if (!a.resourceRequest || a.namespace === "" || grantAllows(clusterGrant, a)) continue;
    byNs.set(a.namespace, [...byNs.get(a.namespace) ?? [], a]);
  }
  const roles = [...byNs.keys()].sort(byString).map((namespace) => ({ namespace, rules: wildcardVerbsAlone(compactRules(permissionsOf(byNs.get(namespace), maxNames))) }));
  return { clusterRules: wildcardVerbsAlone(clusterRules), roles };
}
function wildcardVerbsAlone(rules) {
  return rules.map((r) => r.verbs.includes("*") && r.verbs.length > 1 ? { ...r, verbs: ["*"] } : r);
}
function observedObjects(o, identity, opts = {}) {
  const who = identityText(identity);
  const name = `apisnoop:${who.replace(/[/%]/g, "-")}`;
  const metadata = (namespace) => ({
    name,
    ...namespace ? { namespace } : {},
    labels: { "app.kubernetes.io/managed-by": "apisnoop" },
    annotations: { "apisnoop/identity": identity.username }
  });
  const subject = identity.serviceAccount ? { kind: "ServiceAccount", name: identity.serviceAccount.name, namespace: identity.serviceAccount.namespace } : { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: identity.username };
  const api = "rbac.authorization.k8s.io/v1";
  const out = [];
  const withBindings = opts.bindings !== false;
  if (o.clusterRules.length > 0) {
    out.push({ apiVersion: api, kind: "ClusterRole", metadata: metadata(), rules: o.clusterRules });
    if (withBindings) {
      out.push({ apiVersion: api, kind: "ClusterRoleBinding", metadata: metadata(), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name }, subjects: [subject] });
    }
  }
  for (const r of o.roles) {
    out.push({ apiVersion: api, kind: "Role", metadata: metadata(r.namespace), rules: r.rules });
    if (withBindings) {
      out.push({ apiVersion: api, kind: "RoleBinding", metadata: metadata(r.namespace), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name }, subjects: [subject] });
    }
  }
  return out;
}

// src/engine/rbac/kept.ts
function keptUnaudited(granted) {
  const byScope = /* @__PURE__ */ new Map();
  for (const x of granted?.unauditedResources ?? []) {
    for (const scope of boundScopes(x.role, granted)) {
      const perms = byScope.get(scope) ?? [];
      const ineffective = new Set(granted.ineffective.filter((i) => scope !== null && i.binding.namespace === scope).flatMap((i) => i.resources));
      for (const name of x.resources) if (!ineffective.has(name)) perms.push(...unauditedPermissions(x.rule, name, scope));
      byScope.set(scope, perms);
    }
  }
  const namespaces = [...byScope.keys()].filter((s) => s !== null).sort(byString);
  return {
    clusterRules: compactRules(byScope.get(null) ?? []),
    roles: namespaces.map((namespace) => ({ namespace, rules: compactRules(byScope.get(namespace)) })).filter((r) => r.rules.length > 0)
  };
}
function withKept(observed, kept) {
  const namespaces = uniqSorted([...observed.roles, ...kept.roles].map((r) => r.namespace));
  const rulesIn = (o, ns) => o.roles.find((r) => r.namespace === ns)?.rules ?? [];
  return {
    clusterRules: [...observed.clusterRules, ...kept.clusterRules],
    roles: namespaces.map((namespace) => ({ namespace, rules: [...rulesIn(observed, namespace), ...rulesIn(kept, namespace)] }))
  };
}
function rulesCount(o) {
  return o.clusterRules.length + o.roles.reduce((n, r) => n + r.rules.length, 0);
}
function boundScopes(role, granted) {
  const same = (a, b) => a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
  const into = role.kind === "ClusterRole" ? aggregatedInto(role.name, granted.aggregations) : [];
  return [...new Set(granted.roles.filter((u) => same(u.role, role) || into.some((r) => same(u.role, r))).map((u) => u.scope))];
}
function aggregatedInto(name, aggregations) {
  const found = /* @__PURE__ */ new Map();
  const next = [name];
  for (let n = next.pop(); n !== void 0; n = next.pop()) {
    for (const a of aggregations) {
      if (!a.aggregates.includes(n) || found.has(a.clusterRole.name)) continue;
      found.set(a.clusterRole.name, a.clusterRole);
      next.push(a.clusterRole.name);
    }
  }
  return [...found.values()];
}
function unauditedPermissions(rule, name, scope) {
  const parts = name.split("/");
  const [apiGroup, resource] = parts.length === 3 ? [parts[0], `${parts[1]}/${parts[2]}`] : ["", name];
  if (scope !== null && isKubeletSubresource(apiGroup, resource)) return [];
  const checked = verbsCheckedForAnothersRequest(apiGroup, resource, () => true);
  const verbs = rule.verbs.includes("*") ? checked : checked.filter((v) => rule.verbs.includes(v));
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? { resourceNames: uniqSorted(rule.resourceNames) } : {};
  return verbs.map((verb) => ({ verb, apiGroup, resource, ...names }));
}

// src/engine/rbac/objects.ts
var sourcePlace = (s) => `${s.file}:${s.line}${s.template ? ` (${s.template})` : ""}`;

// src/engine/rbac/granted.ts
var refOf = (o) => ({
  kind: o.kind,
  name: o.name,
  ...o.namespace !== void 0 ? { namespace: o.namespace } : {},
  ...o.source ? { source: o.source } : {}
});
function subjectMatches(s, binding, identity) {
  switch (s.kind) {
    case "User":
      return s.name === identity.username;
    case "Group":
      return identity.groups.includes(s.name);
    case "ServiceAccount": {
      const ns = s.namespace || binding.namespace || "";
      return identity.serviceAccount !== void 0 && identity.serviceAccount.name === s.name && identity.serviceAccount.namespace === ns;
    }
    default:
      return false;
  }
}
function selectorMatches(sel, labels) {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === "In" && !inValues) return false;
    if (e.operator === "NotIn" && inValues) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length > 0;
}
function sameRule(a, b) {
  const same = (x, y) => {
    const sx = new Set(x ?? []);
    const sy = new Set(y ?? []);
    return sx.size === sy.size && [...sx].every((v) => sy.has(v));
  };
  return same(a.apiGroups, b.apiGroups) && same(a.resources, b.resources) && same(a.resourceNames, b.resourceNames) && same(a.nonResourceURLs, b.nonResourceURLs) && same(a.verbs, b.verbs);
}
var DEFAULT_TIERS_BELOW = { admin: ["edit", "view"], edit: ["view"] };
var AGGREGATE_TO = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;
function resolveGrants(objects, identity, catalog) {
  const clusterRoles = new Map(objects.roles.filter((r) => r.kind === "ClusterRole").map((r) => [r.name, r]));
  const roles = new Map(objects.roles.filter((r) => r.kind === "Role").map((r) => [`${r.namespace}/${r.name}`, r]));
  const out = { rules: [], unresolved: [], unbound: [], aggregations: [], aggregateTo: [], ineffective: [] };
  const boundRoles = /* @__PURE__ */ new Set();
  const sourcesOf = /* @__PURE__ */ new Map();
  for (const cr of clusterRoles.values()) {
    if (!cr.aggregationRule) continue;
    const selectors = [...cr.aggregationRule.clusterRoleSelectors];
    if (cr.served && cr.labels["kubernetes.io/bootstrapping"] === "rbac-defaults" && Object.hasOwn(DEFAULT_TIERS_BELOW, cr.name)) {
      for (const below of DEFAULT_TIERS_BELOW[cr.name]) selectors.push({ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${below}`]: "true" } });
    }
    const sources = [...clusterRoles.values()].filter((o) => o !== cr && selectors.some((s) => selectorMatches(s, o.labels)));
    sources.sort((a, b) => byString(a.name, b.name));
    sourcesOf.set(cr.name, sources);
    out.aggregations.push({ clusterRole: refOf(cr), aggregates: sources.map((s) => s.name), ...cr.served ? { served: true } : {} });
  }
  const aggregated = /* @__PURE__ */ new Map();
  const reaches = /* @__PURE__ */ new Map();
  const resolving = /* @__PURE__ */ new Set();
  const entriesOf = (cr) => {
    const known = aggregated.get(cr.name);
    if (known) return known;
    const sources = sourcesOf.get(cr.name);
    if (!sources) {
      const own = cr.rules.map((rule) => ({ rule }));
      aggregated.set(cr.name, own);
      return own;
    }
    if (resolving.has(cr.name)) return [];
    resolving.add(cr.name);
    const fromSources = sources.flatMap((s) => entriesOf(s).map((e) => ({ rule: e.rule, from: e.from ?? s })));
    let entries = fromSources;
    if (cr.served) {
      entries = cr.rules.map((rule) => fromSources.find((e) => sameRule(e.rule, rule)) ?? { rule });
      for (const e of fromSources) if (!entries.some((x) => sameRule(x.rule, e.rule))) entries.push(e);
    }
    reaches.set(cr.name, [...new Set(sources.flatMap((s) => [s, ...reaches.get(s.name) ?? []]))]);
    resolving.delete(cr.name);
    aggregated.set(cr.name, entries);
    return entries;
  };
  for (const cr of clusterRoles.values()) entriesOf(cr);
  for (const cr of clusterRoles.values()) {
    if (cr.labels["kubernetes.io/bootstrapping"] === "rbac-defaults") continue;
    const into = Object.keys(cr.labels).map((k) => AGGREGATE_TO.exec(k)?.[1]).filter((x) => !!x && cr.labels[`rbac.authorization.k8s.io/aggregate-to-${x}`] === "true").sort(byString);
    if (into.length > 0) out.aggregateTo.push({ clusterRole: refOf(cr), into });
  }
  const bindings = [...objects.bindings].sort((a, b) => byString(`${a.kind}/${a.namespace ?? ""}/${a.name}`, `${b.kind}/${b.namespace ?? ""}/${b.name}`));
  for (const b of bindings) {
    if (!b.subjects.some((s) => subjectMatches(s, b, identity))) continue;
    const scope = b.kind === "ClusterRoleBinding" ? null : b.namespace ?? "";
    let role;
    let entries;
    let builtin = false;
    if (b.roleRef.kind === "Role") {
      role = b.kind === "RoleBinding" ? roles.get(`${b.namespace}/${b.roleRef.name}`) : void 0;
      entries = role?.rules.map((rule) => ({ rule }));
    } else {
      role = clusterRoles.get(b.roleRef.name);
      entries = role ? aggregated.get(role.name) : void 0;
      if (!role && Object.hasOwn(BUILTIN_CLUSTER_ROLES, b.roleRef.name)) {
        builtin = true;
        role = { kind: "ClusterRole", name: b.roleRef.name, labels: {}, rules: BUILTIN_CLUSTER_ROLES[b.roleRef.name] };
        entries = role.rules.map((rule) => ({ rule }));
      }
    }
    if (!role || !entries) {
      out.unresolved.push({ binding: refOf(b), roleRef: { ...b.roleRef } });
      continue;
    }
    boundRoles.add(role);
    for (const e of entries) if (e.from) boundRoles.add(e.from);
    for (const r of reaches.get(role.name) ?? []) boundRoles.add(r);
    for (const e of entries) {
      const br = { rule: e.rule, scope, role: refOf(role), binding: refOf(b) };
      if (e.from) br.aggregatedFrom = refOf(e.from);
      if (builtin) br.builtin = true;
      if (scope !== null && (e.rule.nonResourceURLs ?? []).length > 0) {
        out.ineffective.push({ binding: refOf(b), role: refOf(role), rule: e.rule, resources: uniqSorted(e.rule.nonResourceURLs) });
      }
      if (scope !== null && catalog && e.rule.resources) {
        const clusterScoped = expandRule(e.rule, catalog).filter((p) => p.resource !== void 0 && e.rule.resources.includes(p.resource) && clusterOnly(catalog, p));
        if (clusterScoped.length > 0) {
          out.ineffective.push({ binding: refOf(b), role: refOf(role), rule: e.rule, resources: uniqSorted(clusterScoped.map((p) => `${p.apiGroup ? p.apiGroup + "/" : ""}${p.resource}`)) });
        }
      }
      out.rules.push(br);
    }
  }
  for (const r of objects.roles) if (!boundRoles.has(r) && !r.served) out.unbound.push(refOf(r));
  return out;
}
function catalogEntry(cat, p) {
  return p.apiGroup === void 0 || p.resource === void 0 ? void 0 : cat.get(p.apiGroup)?.get(p.resource);
}
var FINALIZERS = "/finalizers";
function clusterOnly(cat, p) {
  if (p.nonResourceURL !== void 0) return true;
  if (p.apiGroup === "" && (p.resource === "namespaces" || p.resource?.startsWith("namespaces/"))) return false;
  if (p.apiGroup !== void 0 && p.resource !== void 0 && isKubeletSubresource(p.apiGroup, p.resource)) return true;
  const owner = p.resource?.endsWith(FINALIZERS) ? { ...p, resource: p.resource.slice(0, -FINALIZERS.length) } : p;
  return (catalogEntry(cat, p) ?? catalogEntry(cat, owner))?.namespaced === false;
}
function expandRule(rule, cat, reached = cat) {
  const out = [];
  const nameSets = rule.resourceNames && rule.resourceNames.length > 0 ? uniqSorted(rule.resourceNames).map((n) => ({ resourceNames: [n] })) : [{}];
  const verbsFor = (entry, resource) => {
    if (!rule.verbs.includes("*")) return uniqSorted(rule.verbs);
    if (entry) return entry.verbs;
    return sortVerbs([...REST_VERBS, ...Object.values(SPECIAL_VERBS).flatMap((m) => Object.hasOwn(m, resource) ? m[resource] : [])]);
  };
  const grant = (apiGroup, resource, entry) => {
    for (const verb of verbsFor(entry, resource)) for (const names of nameSets) out.push({ verb, apiGroup, resource, ...names });
  };
  if (rule.resources && rule.resources.length > 0) {
    const named = rule.apiGroups ?? [];
    const groups = named.includes("*") ? uniqSorted([...reached.keys(), ...named.filter((g) => g !== "*")]) : uniqSorted(named);
    for (const group of groups) {
      const known = named.includes(group) && !cat.has(group) ? void 0 : reached.get(group);
      const resources = /* @__PURE__ */ new Set();
      for (const r of rule.resources) {
        if ((r === "*" || r.startsWith("*/")) && !known) resources.add(r);
        else if (r === "*") for (const k of known?.keys() ?? []) resources.add(k);
        else if (r.startsWith("*/")) {
          for (const k of known?.keys() ?? []) if (k.endsWith(r.slice(1))) resources.add(k);
          for (const k of wildcardOutsideSpec(group, r)) if (!(k === r && named.includes("*"))) resources.add(k);
        } else if (!(rule.apiGroups ?? []).includes("*") || known?.has(r) || group === "*") resources.add(r);
      }
      for (const resource of resources) grant(group, resource, known?.get(resource));
    }
    if ((rule.apiGroups ?? []).includes("*")) {
      for (const r of rule.resources) {
        if (r === "*") continue;
        if (r.startsWith("*/")) {
          if (wildcardOutsideSpec("*", r).includes(r)) grant("*", r, void 0);
          continue;
        }
        if ([...reached.values()].some((m) => m.has(r))) continue;
        grant("*", r, void 0);
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of uniqSorted(rule.verbs)) out.push({ verb, nonResourceURL: url });
  return out;
}
var permissionRule = (p) => p.nonResourceURL !== void 0 ? { nonResourceURLs: [p.nonResourceURL], verbs: [p.verb] } : { apiGroups: [p.apiGroup ?? ""], resources: [p.resource ?? ""], verbs: [p.verb], ...p.resourceNames ? { resourceNames: p.resourceNames } : {} };

// src/engine/rbac/compare.ts
var RISKS = ["wildcard", "secrets", "escalation", "cluster-wide-write", "cluster-wide-read", "namespaced-write", "non-resource", "namespaced-read"];
var READ_VERBS = /* @__PURE__ */ new Set(["get", "list", "watch"]);
var ESCALATION_VERBS = /* @__PURE__ */ new Set(["escalate", "bind", "impersonate", "approve", "sign"]);
var ESCALATION_RESOURCES = /* @__PURE__ */ new Set(["pods/exec", "pods/attach", "serviceaccounts/token", "nodes/proxy"]);
var hasWildcard = (r) => [r.verbs, r.resources ?? [], r.apiGroups ?? [], r.nonResourceURLs ?? []].some((xs) => xs.some((x) => x === "*" || x.startsWith("*/")));
function risksOf(p, rule, scope) {
  const out = [];
  if (hasWildcard(rule)) out.push("wildcard");
  if (p.nonResourceURL !== void 0) {
    out.push("non-resource");
    return out;
  }
  if ((p.apiGroup === "" || p.apiGroup === "*") && p.resource === "secrets") out.push("secrets");
  if (ESCALATION_VERBS.has(p.verb) || (p.apiGroup === "" || p.apiGroup === "*") && ESCALATION_RESOURCES.has(p.resource ?? "")) out.push("escalation");
  const write = !READ_VERBS.has(p.verb);
  if (scope === null) out.push(write ? "cluster-wide-write" : "cluster-wide-read");
  else out.push(write ? "namespaced-write" : "namespaced-read");
  return out;
}
var MAX_GROUP_NAMES = 5;
var requestGroupKey = (g) => [g.namespace ?? "", g.apiGroup ?? "", g.resource ?? "", g.path ?? "", g.verb].join("\0");
function groupRequests(requests, pick, all) {
  const groups = /* @__PURE__ */ new Map();
  for (const r of requests) {
    const n = pick(r);
    if (n === 0) continue;
    const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const key = r.resourceRequest ? [r.verb, r.apiGroup, resource, r.namespace].join("\0") : `${r.verb}\0${r.path}`;
    let g = groups.get(key);
    if (!g) {
      g = r.resourceRequest ? { verb: r.verb, apiGroup: r.apiGroup, resource, ...r.namespace ? { namespace: r.namespace } : {}, count: 0, allowed: 0, nameSet: /* @__PURE__ */ new Set() } : { verb: r.verb, path: r.path, count: 0, allowed: 0, nameSet: /* @__PURE__ */ new Set() };
      groups.set(key, g);
    }
    g.count += n;
    if (r.name) g.nameSet.add(r.name);
  }
  for (const r of all) {
    const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const key = r.resourceRequest ? [r.verb, r.apiGroup, resource, r.namespace].join("\0") : `${r.verb}\0${r.path}`;
    const g = groups.get(key);
    if (g) g.allowed += r.count - r.denied;
  }
  return [...groups.values()].map(({ nameSet, ...g }) => nameSet.size > 0 && nameSet.size <= MAX_GROUP_NAMES ? { ...g, names: uniqSorted(nameSet) } : g).sort((a, b) => b.count - a.count || byString(requestGroupKey(a), requestGroupKey(b)));
}
var fmtList = (xs, max = 4) => xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")} and ${xs.length - max} more`;
var MAX_WHY_PHRASES = 3;
function permissionsText(perms) {
  const phrases = /* @__PURE__ */ new Map();
  for (const r of compactRules(perms)) {
    const group = r.apiGroups?.[0] ?? "";
    const targets = r.nonResourceURLs ?? (r.resources ?? []).map((res) => group ? `${group}/${res}` : res);
    const names = r.resourceNames ? ` named ${fmtList(r.resourceNames)}` : "";
    const text = `${fmtList(r.verbs)} on ${fmtList(targets)}${names}`;
    phrases.set(text, (phrases.get(text) ?? 0) + r.verbs.length * targets.length * (r.resourceNames?.length ?? 1));
  }
  const shown = [...phrases.keys()].slice(0, MAX_WHY_PHRASES);
  const rest = [...phrases.values()].slice(MAX_WHY_PHRASES).reduce((a, b) => a + b, 0);
  return rest > 0 ? `${shown.join("; ")}; and ${rest} more permission${rest === 1 ? "" : "s"}` : shown.join("; ");
}
function whyOf(kind, risk, perms, scope, namespaces) {
  const onlyUrls = perms.every((p) => p.nonResourceURL !== void 0);
  const where = scope === null ? "cluster-wide" : `in namespace ${scope}`;
  const what = permissionsText(perms);
  if (kind === "cluster-wide") {
    return `${what} granted in every namespace, used only in ${fmtList(namespaces ?? [])}: a RoleBinding there would do`;
  }
  switch (risk) {
    case "wildcard":
      return `wildcard rule: ${perms.length} permission${perms.length === 1 ? "" : "s"} never used (${what})`;
    case "secrets":
      return `never used: ${what} ${where}: reads or changes credentials`;
    case "escalation":
      return `never used: ${what} ${where}: lets the holder gain permissions it was not given`;
    case "cluster-wide-write":
      return `never used: ${what} ${where}`;
    default:
      return `never used: ${what}${onlyUrls ? "" : ` ${where}`}`;
  }
}
var scopeRank = (s) => s === null ? "" : s;
var sameTarget = (p) => JSON.stringify([p.apiGroup, p.resource, p.resourceNames ?? []]);
function setAside(into, br, names) {
  if (names.length === 0) return;
  const entry = into.get(br.rule) ?? { role: br.aggregatedFrom ?? br.role, rule: br.rule, names: /* @__PURE__ */ new Set() };
  for (const n of names) entry.names.add(n);
  into.set(br.rule, entry);
}
function compareRbac(o) {
  const defaults = defaultGrants(o.identity);
  const observed = deriveRules(o.requests, { maxResourceNames: o.maxResourceNames, alreadyAllowed: o.includeDefaults ? [] : defaults });
  const allowedByDefault = o.includeDefaults ? 0 : o.requests.filter((r) => allows(defaults, r)).reduce((n, r) => n + r.count, 0);
  const result = {
    identity: o.identity,
    requests: {
      total: o.total,
      denied: o.requests.reduce((n, r) => n + r.denied, 0),
      refusedAfterAuthorization: o.refusedAfterAuthorization ?? [],
      ...o.refusedBeforeAuthorization?.length ? { refusedBeforeAuthorization: o.refusedBeforeAuthorization } : {},
      allowedByDefault,
      unusable: o.unusable ?? [],
      ...o.withoutResponse ? { withoutResponse: o.withoutResponse } : {}
    },
    observed,
    denied: groupRequests(o.requests, (r) => r.denied, o.requests),
    granted: null,
    verdict: null
  };
  if (o.objects) {
    if (!o.spec) throw new Error("comparing with granted RBAC needs the spec, to expand wildcards");
    result.granted = compareGranted(o, defaults, o.spec);
  }
  if (o.policy && o.policy.failOn.length > 0) {
    if (!result.granted) throw new Error("--fail-on overprivileged needs the granted RBAC (--granted manifests)");
    const n = result.granted.overGrants.length;
    const cannotJudge = result.granted.unresolved.map(unresolvedText);
    result.verdict = { failOn: o.policy.failOn, threshold: o.policy.threshold, overGrants: n, cannotJudge, pass: n <= o.policy.threshold && cannotJudge.length === 0 };
  }
  return result;
}
function unresolvedText(u) {
  const b = `${u.binding.kind} ${u.binding.namespace ? `${u.binding.namespace}/` : ""}${u.binding.name}`;
  const get = u.roleRef.kind === "Role" ? `kubectl get role ${u.roleRef.name} -n ${u.binding.namespace ?? "NAMESPACE"} -o yaml` : `kubectl get clusterrole ${u.roleRef.name} -o yaml`;
  return `cannot judge: bound to ${u.roleRef.kind} ${u.roleRef.name} by ${b}, which is not among the manifests given; give its definition (${get}) with --granted, or bind a role the manifests define`;
}
function compareGranted(o, defaults, spec) {
  const cat = resourceCatalog(spec.operations);
  const resolution = resolveGrants(o.objects, o.identity, cat);
  const reached = withRequestedResources(cat, o.requests, (group) => o.kubernetesGroup?.(group) === true);
  const byVerb = /* @__PURE__ */ new Map();
  for (const r of o.requests) byVerb.set(r.verb, [...byVerb.get(r.verb) ?? [], r]);
  const verbRequests = (verb) => verb === "*" ? [...o.requests] : byVerb.get(verb) ?? [];
  const overGrants = [];
  const usage = /* @__PURE__ */ new Map();
  const unservedGroup = (p) => p.apiGroup !== void 0 && p.apiGroup !== "*" && !cat.has(p.apiGroup) && o.kubernetesGroup?.(p.apiGroup) === true;
  const unservedGroups = /* @__PURE__ */ new Map();
  const unservedResource = (p) => p.apiGroup !== void 0 && p.resource !== void 0 && cat.has(p.apiGroup) && !cat.get(p.apiGroup).has(p.resource) && o.kubernetesResource?.(p.apiGroup, p.resource) === true;
  const unservedResources = /* @__PURE__ */ new Map();
  const served = (g, r) => cat.get(g)?.has(r) === true || o.kubernetesResource?.(g, r) === true;
  const ownerServed = (g, r) => !cat.has(g) || served(g, r);
  const unaudited = (p) => p.apiGroup !== void 0 && p.resource !== void 0 && verbsCheckedForAnothersRequest(p.apiGroup, p.resource, ownerServed).includes(p.verb);
  const unauditedResources = /* @__PURE__ */ new Map();
  for (const br of resolution.rules) {
    let perms = expandRule(br.rule, cat, reached);
    if (br.scope !== null) perms = perms.filter((p) => !clusterOnly(reached, p));
    const unused = [];
    const nsOnly = [];
    const exercised = [];
    const namespaces = /* @__PURE__ */ new Set();
    const unserved = [];
    const unservedRes = [];
    const unseen = [];
    for (const p of perms) {
      const grant = { scope: br.scope, rules: [permissionRule(p)] };
      const hits = verbRequests(p.verb).filter((r) => grantAllows(grant, r));
      if (hits.length === 0) {
        (unservedGroup(p) ? unserved : unservedResource(p) ? unservedRes : unaudited(p) ? unseen : unused).push(p);
        continue;
      }
      exercised.push(p);
      const namespaced = catalogEntry(reached, p)?.namespaced === true;
      if (br.scope === null && namespaced && hits.every((h) => h.namespace !== "")) {
        nsOnly.push(p);
        for (const h of hits) namespaces.add(h.namespace);
      }
    }
    const emptyVerbUsed = new Set(exercised.filter((p) => p.verb === "").map(sameTarget));
    const withEmptyVerb = unused.filter((p) => emptyVerbUsed.has(sameTarget(p)));
    const neverUsed = withEmptyVerb.length > 0 ? unused.filter((p) => !emptyVerbUsed.has(sameTarget(p))) : unused;
    const key = JSON.stringify([br.role.kind, br.role.namespace, br.role.name, br.binding.kind, br.binding.namespace, br.binding.name]);
    const u = usage.get(key) ?? { role: br.role, binding: br.binding, scope: br.scope, rules: 0, permissions: 0, exercised: 0 };
    const granted = perms.length - unserved.length - unservedRes.length - unseen.length;
    const resourceName = (p) => p.apiGroup ? `${p.apiGroup}/${p.resource}` : p.resource;
    setAside(unservedGroups, br, unserved.map((p) => p.apiGroup));
    setAside(unservedResources, br, unservedRes.map(resourceName));
    setAside(unauditedResources, br, unseen.map(resourceName));
    u.rules++;
    u.permissions += granted;
    u.exercised += exercised.length + withEmptyVerb.length;
    if (unseen.length > 0) u.unaudited = (u.unaudited ?? 0) + unseen.length;
    usage.set(key, u);
    const finding = (kind, list, nss) => {
      const risks = [...new Set(list.flatMap((p) => risksOf(p, br.rule, br.scope)))].sort((a, b) => RISKS.indexOf(a) - RISKS.indexOf(b));
      return {
        kind,
        risk: risks[0],
        risks,
        why: whyOf(kind, risks[0], list, br.scope, nss),
        rule: br.rule,
        scope: br.scope,
        role: br.role,
        binding: br.binding,
        ...br.aggregatedFrom ? { aggregatedFrom: br.aggregatedFrom } : {},
        ...br.builtin ? { builtin: true } : {},
        granted,
        permissions: list.length,
        rules: compactRules(list),
        exercised: compactRules(exercised),
        ...nss ? { namespaces: nss } : {}
      };
    };
    if (neverUsed.length > 0) overGrants.push(finding("unused", neverUsed));
    if (nsOnly.length > 0) overGrants.push(finding("cluster-wide", nsOnly, uniqSorted(namespaces)));
  }
  overGrants.sort(
    (a, b) => RISKS.indexOf(a.risk) - RISKS.indexOf(b.risk) || (a.kind === b.kind ? 0 : a.kind === "unused" ? -1 : 1) || b.permissions - a.permissions || byString(`${a.role.name}/${scopeRank(a.scope)}`, `${b.role.name}/${scopeRank(b.scope)}`) || byString(ruleKey(a.rule), ruleKey(b.rule))
  );
  const unknownResources = [];
  const reported = /* @__PURE__ */ new Set();
  for (const br of resolution.rules) {
    if (reported.has(br.rule)) continue;
    reported.add(br.rule);
    const unknown = (br.rule.apiGroups ?? []).flatMap(
      (g) => cat.has(g) ? (br.rule.resources ?? []).filter((r) => r !== "*" && !r.startsWith("*/") && !served(g, r) && !authorizedOutsideSpec(g, r, served)).map((r) => g ? `${g}/${r}` : r) : []
    );
    if (unknown.length > 0) unknownResources.push({ role: br.aggregatedFrom ?? br.role, rule: br.rule, resources: uniqSorted(unknown) });
  }
  const grants = [...defaults, ...resolution.rules.map((br) => ({ scope: br.scope, rules: [br.rule] }))];
  const ungrantedRequests = o.requests.filter((r) => !allows(grants, r));
  return {
    sources: o.sources ?? [],
    roles: [...usage.values()],
    overGrants,
    ungranted: groupRequests(ungrantedRequests, (r) => r.count, o.requests),
    unresolved: resolution.unresolved,
    unbound: resolution.unbound,
    aggregations: resolution.aggregations,
    aggregateTo: resolution.aggregateTo,
    ineffective: resolution.ineffective,
    unknownResources,
    unservedGroups: [...unservedGroups.values()].map(({ names, ...e }) => ({ ...e, groups: uniqSorted(names) })),
    unservedResources: [...unservedResources.values()].map(({ names, ...e }) => ({ ...e, resources: uniqSorted(names) })),
    unauditedResources: [...unauditedResources.values()].map(({ names, ...e }) => ({ ...e, resources: uniqSorted(names) })),
    spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source }
  };
}

// src/engine/same-logs.ts
var isInputId = (id) => typeof id === "object" && id !== null && typeof id.bytes === "number" && typeof id.fingerprint === "string";
var idText = (id) => `${id.bytes}:${id.fingerprint}`;
function inputIdsOf(report) {
  const ids = Array.isArray(report.inputIds) && report.inputIds.length === report.inputs.length ? report.inputIds : [];
  return report.inputs.map((_, i) => isInputId(ids[i]) ? ids[i] : null);
}
var holdsNothing = (id) => id !== null && id.bytes === 0;
function logsKey(report) {
  const ids = inputIdsOf(report).filter((id) => !holdsNothing(id));
  if (ids.length === 0 || ids.some((id) => id === null)) return null;
  return ids.map((id) => idText(id)).sort().join("\n");
}
function sameLogGroups(reports) {
  const groups = /* @__PURE__ */ new Map();
  const out = [];
  reports.forEach((r, i) => {
    const key = logsKey(r);
    const group = key === null ? void 0 : groups.get(key);
    if (group) group.push(i);
    else {
      const created = [i];
      out.push(created);
      if (key !== null) groups.set(key, created);
    }
  });
  return out;
}
function sharedLog(reports, groups) {
  const seen = /* @__PURE__ */ new Map();
  for (const [g, members] of groups.entries()) {
    const first = members[0];
    const ids = inputIdsOf(reports[first]);
    for (const [k, id] of ids.entries()) {
      if (id === null || holdsNothing(id)) continue;
      const earlier2 = seen.get(idText(id));
      if (earlier2 && earlier2.group !== g) return { a: earlier2.report, b: first, file: reports[first].inputs[k] };
      if (!earlier2) seen.set(idText(id), { group: g, report: first });
    }
  }
  return null;
}

// src/engine/merge-rbac.ts
function mergeRbac(reports, name) {
  const byIdentity = /* @__PURE__ */ new Map();
  reports.forEach((r, at) => {
    for (const c of r.rbac ?? []) byIdentity.set(c.identity.username, [...byIdentity.get(c.identity.username) ?? [], { at, c }]);
  });
  if (byIdentity.size === 0) return { notes: [], notices: [] };
  const logGroup = /* @__PURE__ */ new Map();
  sameLogGroups(reports).forEach((g, at) => g.forEach((i) => logGroup.set(i, at)));
  const notes = /* @__PURE__ */ new Set();
  const notices = [];
  const rbac = [];
  const byName = (a, b) => cmp(name(a), name(b)) || a - b;
  for (const found of byIdentity.values()) {
    const checked = [...found].sort((a, b) => byName(a.at, b.at));
    const kinds = /* @__PURE__ */ new Map();
    for (const e of checked) kinds.set(unjudged(e.c), [...kinds.get(unjudged(e.c)) ?? [], e]);
    const merged = [...kinds.values()].map((same) => {
      const verdict = strictestRbacVerdict(same.map((e) => e.c.verdict));
      return { at: same.find((e) => e.c.verdict === verdict).at, c: { ...same[0].c, verdict } };
    });
    const missing = reports.map((_, i) => i).filter((i) => !checked.some((e) => logGroup.get(e.at) === logGroup.get(i))).sort(byName);
    if (merged.length === 1 && missing.length === 0) {
      const other2 = checked.find((e) => JSON.stringify(e.c.verdict) !== JSON.stringify(checked[0].c.verdict));
      if (other2) {
        notes.add(
          `least privilege kept with the strictest verdict of the reports (the lowest threshold of those that judge it): ${name(other2.at)} compares the same requests as ${name(checked[0].at)} but judged them with another threshold or policy`
        );
      }
      rbac.push(merged[0].c);
      continue;
    }
    const kept = merged.reduce((a, b) => stricter(b.c, a.c) ? b : a);
    const [one, other] = merged.map((e) => e.at).sort(byName);
    const keptText = `the merged report keeps the comparison of ${name(kept.at)}, the strictest verdict of theirs (${verdictText(kept.c.verdict)})`;
    if (missing.length === 0 && merged.every((e) => logGroup.get(e.at) === logGroup.get(one))) {
      notices.push(
        `least privilege of ${identityText(kept.c.identity)} differs between reports of the same requests: ${name(one)} and ${name(other)}${merged.length > 2 ? ` and ${merged.length - 2} more` : ""} compare them with other grants or options; ${keptText}; they differ in what was given, not in what the logs hold: which comparison the gate means is yours to choose, and no merge can settle it (merge only the reports made with the grants and options it is to judge)`
      );
      rbac.push(kept.c);
      continue;
    }
    const compare = one !== void 0 && logGroup.get(one) === logGroup.get(other) ? "compare the same requests with other grants or options" : "compare different requests";
    const why = [
      ...merged.length > 1 ? [`${name(one)} and ${name(other)} ${compare}`] : [],
      ...missing.length > 0 ? [`${name(missing[0])}${missing.length > 1 ? ` and ${missing.length - 1} more` : ""} did not check it, and ${missing.length > 1 ? "their" : "its"} logs may hold its requests`] : []
    ];
    notices.push(
      `least privilege of ${identityText(kept.c.identity)} is not the merged whole's: ${why.join("; ")}, which cannot be combined without the logs (what one never used, another may have); ` + keptText + (kept.c.verdict?.pass ? `, but the whole's verdict is not known from them: ${MAY_HAVE_MORE}` : "") + "; analyze all the logs at once for the whole's"
    );
    rbac.push(kept.c);
  }
  const orders = new Set(reports.filter((r) => r.rbac !== void 0).map((r) => r.rbac.map((c) => c.identity.username).join("\n")));
  if (orders.size > 1 || reports.some((r) => r.rbac === void 0)) rbac.sort((a, b) => cmp(identityText(a.identity), identityText(b.identity)));
  return { rbac, notes: [...notes].sort(), notices: notices.sort() };
}
var MAY_HAVE_MORE = "the whole may have more over-grants than any one report (a grant one report never used and another used only in some namespaces is over-granted cluster-wide in the whole)";
var unjudged = ({ verdict: _verdict, ...c }) => JSON.stringify(c);
function strictestRbacVerdict(verdicts) {
  const judged = verdicts.filter((v) => v !== null);
  return judged.length === 0 ? null : judged.reduce((a, b) => b.threshold < a.threshold ? b : a);
}
function stricter(a, b) {
  const rank = (v) => v === null ? [2, 0, 0] : [v.pass ? 1 : 0, v.threshold - v.overGrants, -v.overGrants];
  const [ra, rb] = [rank(a.verdict), rank(b.verdict)];
  const d = ra.findIndex((x, i) => x !== rb[i]);
  return d !== -1 ? ra[d] < rb[d] : JSON.stringify(a) < JSON.stringify(b);
}
var verdictText = (v) => v === null ? "not judged" : `${v.pass ? "PASS" : "FAIL"}, ${v.overGrants} over-grant${v.overGrants === 1 ? "" : "s"}, threshold ${v.threshold}${(v.cannotJudge?.length ?? 0) > 0 ? ", bindings to roles not given" : ""}`;

// schema/report.schema.json
var report_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "urn:apisnoop:report:1",
  title: "APISnoop report.json (schemaVersion 1)",
  type: "object",
  properties: {
    schemaVersion: {
      type: "integer",
      const: 1,
      description: "Version of this contract: fields are only added within a version, a breaking change bumps it."
    },
    tool: {
      type: "object",
      properties: {
        name: {
          type: "string",
          const: "apisnoop"
        },
        version: {
          type: "string"
        }
      },
      required: [
        "name",
        "version"
      ],
      additionalProperties: false
    },
    kubernetesVersion: {
      type: "string",
      description: 'Release of the spec matched against (1.33), "unknown" when the spec does not say.'
    },
    specs: {
      type: "array",
      items: {
        $ref: "#/definitions/SpecInfo"
      },
      description: "The spec matched against, then the later releases consulted for removals."
    },
    conformance: {
      anyOf: [
        {
          type: "object",
          properties: {
            source: {
              type: "string"
            },
            release: {
              type: "string"
            }
          },
          required: [
            "source",
            "release"
          ],
          additionalProperties: false
        },
        {
          type: "null"
        }
      ],
      description: "The APISnoop coverage data of the conformance overlay; null when none was loaded."
    },
    inputs: {
      type: "array",
      items: {
        type: "string"
      },
      description: 'The audit logs read, in order ("(stdin)" for -).'
    },
    inputIds: {
      type: "array",
      items: {
        anyOf: [
          {
            $ref: "#/definitions/InputId"
          },
          {
            type: "null"
          }
        ]
      },
      description: "What tells each of inputs (in its order) from another log of the same name: every job of a matrix reads its own log at one path ($RUNNER_TEMP/\u2026/audit.log), and one log analyzed under two filters is the same log under any name. Merge counts a log that several reports read once in the requests read. null for an input not told (stdin, a file that could not be read). Added within schema 1, written by the CLI's analyze and the Action: absent when no input is told (load-audit's analyses), and in reports made before it."
    },
    selection: {
      $ref: "#/definitions/Selection",
      description: "Which requests counted as the app's."
    },
    summary: {
      $ref: "#/definitions/Summary"
    },
    operations: {
      type: "array",
      items: {
        $ref: "#/definitions/OperationUsage"
      },
      description: "One per operation hit, sorted by level, group, path, method."
    },
    unmatched: {
      type: "array",
      items: {
        $ref: "#/definitions/Unmatched"
      },
      description: "Selected requests not mapped to an operation, grouped by reason, verb and pattern; most requests first, then by reason, pattern, verb."
    },
    invalid: {
      type: "array",
      items: {
        $ref: "#/definitions/InvalidLine"
      },
      description: "The first 1000 lines that were not audit events, and every place an input broke off."
    },
    verdict: {
      $ref: "#/definitions/Verdict"
    },
    rbac: {
      type: "array",
      items: {
        $ref: "#/definitions/RbacComparison"
      },
      description: "Least privilege, one comparison per identity checked (`analyze --rbac-serviceaccount`, the Action's KAPIC service accounts): what it needed, what the manifests granted it but it never used, what was denied. Absent when not checked. Each carries its own verdict (null without --fail-on overprivileged); see reportPasses."
    },
    app: {
      type: "string",
      description: "The app's name, when one was given (`analyze --name`, the Action's release): the titles and the CSV exports call it so. Absent, they name it after the first log, as `apisnoop export` does."
    },
    runNotes: {
      $ref: "#/definitions/RunNotes",
      description: "What the Action said about the run that made the report, above its verdict: problems failed its step (helm install or the chart tests failed), notices change what the report means (the shipped spec was matched, least privilege was not checked). Absent when there were none. Outside the Action, only notices that put the releases in doubt: a spec file's release contradicted by its own operations (a 1.30 spec given as 1.33), conformance data or e2e tests of another release than the spec's. Merge keeps them, so that a fan-in (or the comment workflow of fork PRs) says them again."
    },
    leastPrivilegeUnchecked: {
      type: "array",
      items: {
        $ref: "#/definitions/LeastPrivilegeUnchecked"
      },
      description: "Least privilege that the policy (rbac-fail-on) needed and a run could not check, which fails the whole verdict (reportPasses): why, and whose run it was. Written by the Action (its run problem says it too, for people); merge keeps each part's, so a fan-in fails on it. Added within schema 1: absent when least privilege was checked or not needed, and in reports made before it (which only say it in runNotes.problems: read from there, see uncheckedLeastPrivilege)."
    },
    parts: {
      type: "array",
      items: {
        $ref: "#/definitions/ReportPart"
      },
      description: "The reports a merged report was made of, each with its own counts (those of a merged one: its own parts), so that fail-on empty fails when any of them selected nothing, which the summed summary hides, in this merge and in any later one. Added within schema 1: absent in a report of one analysis, and in reports made before it."
    }
  },
  required: [
    "schemaVersion",
    "tool",
    "kubernetesVersion",
    "specs",
    "conformance",
    "inputs",
    "selection",
    "summary",
    "operations",
    "unmatched",
    "invalid",
    "verdict"
  ],
  additionalProperties: false,
  description: "report.json: what an API consumer called, as read from Kubernetes audit logs, and the policy's verdict on it.",
  definitions: {
    SpecInfo: {
      type: "object",
      properties: {
        kubernetesVersion: {
          type: "string"
        },
        source: {
          type: "string"
        },
        operations: {
          type: "integer"
        }
      },
      required: [
        "kubernetesVersion",
        "source",
        "operations"
      ],
      additionalProperties: false
    },
    InputId: {
      type: "object",
      properties: {
        bytes: {
          type: "integer",
          description: "Its size in bytes as stored (compressed, for a .gz)."
        },
        fingerprint: {
          type: "string",
          description: "SHA-256 (hex) of its first and last 64 KB (all of it when smaller)."
        }
      },
      required: [
        "bytes",
        "fingerprint"
      ],
      additionalProperties: false,
      description: "An input log's identity, taken as its copies are found (sources/copies.ts): the same for the same bytes."
    },
    Selection: {
      type: "object",
      properties: {
        namespaces: {
          type: "array",
          items: {
            type: "string"
          }
        },
        serviceAccounts: {
          type: "array",
          items: {
            type: "string"
          }
        },
        users: {
          type: "array",
          items: {
            type: "string"
          }
        },
        userAgents: {
          type: "array",
          items: {
            type: "string"
          }
        },
        includeSystem: {
          type: "boolean"
        },
        e2e: {
          type: "boolean"
        },
        excludeUsers: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Users whose requests are left out wherever they act, even where another criterion would keep them (the app's namespace): matched, * as wildcard, against the identity a request acted as (the impersonated user, when there is one). That identity named whole in users or serviceAccounts is kept all the same; the user that sent it (kind's admin, impersonating it) named there is not. The Action's setup-command identity; the CLI's\n--exclude-user (a CI bot, a GitOps controller, an admin). Added within schema 1: absent when none is left out, and in reports made before it."
        }
      },
      required: [
        "namespaces",
        "serviceAccounts",
        "users",
        "userAgents",
        "includeSystem",
        "e2e"
      ],
      additionalProperties: false
    },
    Summary: {
      type: "object",
      properties: {
        requests: {
          type: "integer",
          description: "Distinct requests read (one per auditID), before selection."
        },
        selected: {
          type: "integer",
          description: "Requests the selection kept."
        },
        excluded: {
          type: "integer",
          description: "The requests selection.excludeUsers took out of the selection: those it would have kept without them (not a system component's, out by default, nor one no criterion keeps). Present when the selection leaves users out (added within schema 1)."
        },
        matched: {
          type: "integer",
          description: "Selected requests mapped to an operation."
        },
        unmatched: {
          type: "integer",
          description: "Selected requests not mapped, each listed under unmatched with a reason."
        },
        invalidLines: {
          type: "integer",
          description: "Lines that were not audit events, listed under invalid."
        },
        events: {
          type: "integer",
          description: "Audit events read (all stages)."
        },
        countedEarly: {
          type: "integer",
          description: "Requests counted before their final stage came, with the stages they had: past the limits on requests in flight (analyze --max-in-flight: 50,000 by default, and 1 KB of their text each on average), the oldest is, to bound memory. Added within schema 1: present only when a limit was reached (absent: none was), and absent in reports made before it."
        },
        finalStagesDropped: {
          type: "integer",
          description: `Of countedEarly, the requests whose final stage (ResponseComplete, Panic) came later, and was dropped: it is in the log, and its code and deprecation annotations are not counted (the request's code is "unknown" unless an earlier stage had one). Present with countedEarly.`
        },
        countedEarlyForgotten: {
          type: "integer",
          description: "Final stages that may have been counted as requests of their own: past the limit of requests counted early still awaited after over 100,000 other requests completed, the rest are forgotten, and a final stage of one that came later is not known as theirs. At most one for each forgotten, and at most the final stages that came alone (no earlier stage) after: finalStagesDropped is then a floor, and requests may count up to this many too many. Present only when above 0 (absent: the figures are exact)."
        },
        e2eReleases: {
          type: "object",
          additionalProperties: {
            type: "integer"
          },
          description: `Selected requests sent by e2e test binaries that name their release in their user agent (e2e.test/v1.34.0), by that release ("1.34"). A run of another release than the spec's is said from them in runNotes (its conformance figures are the spec release's), and merge adds them up to say it of the whole. Added within schema 1: present only when some were selected, and absent in reports made before it, and in a merge of one of those whose note says e2e tests' releases (the sum would miss its counts: the reports' notes are kept instead).`
        },
        stable: {
          type: "integer"
        },
        beta: {
          type: "integer"
        },
        alpha: {
          type: "integer"
        },
        byLevel: {
          type: "object",
          properties: {
            stable: {
              $ref: "#/definitions/LevelCount"
            },
            beta: {
              $ref: "#/definitions/LevelCount"
            },
            alpha: {
              $ref: "#/definitions/LevelCount"
            }
          },
          required: [
            "stable",
            "beta",
            "alpha"
          ],
          additionalProperties: false
        },
        discovery: {
          $ref: "#/definitions/LevelCount"
        },
        byGroup: {
          type: "object",
          additionalProperties: {
            $ref: "#/definitions/LevelCount"
          }
        },
        byCategory: {
          type: "object",
          additionalProperties: {
            $ref: "#/definitions/LevelCount"
          }
        },
        deprecated: {
          type: "integer",
          description: "Operations deprecated, discovery left out."
        },
        removedSoon: {
          type: "integer",
          description: "Operations with a removedIn that are not removedAlready: removed by a later release. Discovery is left out."
        },
        removedAlready: {
          type: "integer",
          description: "Operations the spec no longer serves, removed at or before kubernetesVersion (lastServedIn and removedIn set), discovery left out. Added within schema 1: absent in reports made before it."
        },
        stableUntested: {
          type: "integer",
          description: "Stable non-discovery operations hit that conformance tests do not cover."
        },
        stableConformanceUnknown: {
          type: "integer",
          description: "Stable non-discovery operations hit whose conformance is unknown (conformanceTested null: watch*, non-resource, or no conformance data at all). Added within schema 1: absent in reports made before it, where readers count it from the operations. When it equals `stable`, stableUntested (0) says nothing."
        },
        stableUntestedEligible: {
          type: "integer",
          description: "Of stableUntested, the operations eligible for conformance (not in Kubernetes' ineligible list): the gaps a conformance test could close. Added within schema 1: absent in reports made before it."
        }
      },
      required: [
        "requests",
        "selected",
        "matched",
        "unmatched",
        "invalidLines",
        "events",
        "stable",
        "beta",
        "alpha",
        "byLevel",
        "discovery",
        "byGroup",
        "byCategory",
        "deprecated",
        "removedSoon",
        "stableUntested"
      ],
      additionalProperties: false
    },
    LevelCount: {
      type: "object",
      properties: {
        operations: {
          type: "integer",
          description: "Distinct operations hit (discovery excluded)."
        },
        hits: {
          type: "integer"
        }
      },
      required: [
        "operations",
        "hits"
      ],
      additionalProperties: false
    },
    OperationUsage: {
      type: "object",
      properties: {
        operationId: {
          type: "string"
        },
        method: {
          type: "string",
          description: "Lower-case HTTP method: get, put, post, delete, patch, head, options."
        },
        path: {
          type: "string",
          description: "Path template exactly as the spec writes it, e.g. /api/v1/namespaces/{namespace}/pods/{name}."
        },
        level: {
          $ref: "#/definitions/Level"
        },
        group: {
          type: [
            "string",
            "null"
          ],
          description: "API group: '' for the core group; for discovery of a group, that group. null for non-resource URLs."
        },
        version: {
          type: [
            "string",
            "null"
          ],
          description: "API version (v1, v1beta1); null for non-resource and group-discovery operations."
        },
        category: {
          type: "string",
          description: "APISnoop's category: the spec tag without its version suffix (core, apps, rbacAuthorization)."
        },
        kind: {
          type: [
            "string",
            "null"
          ]
        },
        action: {
          type: [
            "string",
            "null"
          ],
          description: "x-kubernetes-action: get, list, watch, watchlist, create (post), update (put), patch, delete, deletecollection, connect."
        },
        deprecated: {
          type: "boolean"
        },
        discovery: {
          type: "boolean",
          description: "Discovery (/api, /apis, /apis/{group}, /apis/{group}/{version}): shown, never a violation."
        },
        hits: {
          type: "integer"
        },
        codes: {
          type: "object",
          additionalProperties: {
            type: "integer"
          },
          description: 'HTTP response code -> count. "unknown" when the log never saw the response; "other" (OTHER_CODES) for codes that are no HTTP status (outside 100\u2013599), counted together so that made-up codes cannot grow the report.'
        },
        verbs: {
          type: "object",
          additionalProperties: {
            type: "integer"
          },
          description: "Audit verb -> count: a GET on a collection path is list, or watch with ?watch=true."
        },
        userAgents: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Who called it, by user agent (without e2e test names): the first 100 (MAX_LISTED_CALLERS) in sort order."
        },
        userAgentsTruncated: {
          type: "boolean",
          const: true,
          description: "Present (true) when more user agents called it than userAgents lists."
        },
        users: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Who called it, by effective user (impersonation honoured): the first 100 in sort order."
        },
        usersTruncated: {
          type: "boolean",
          const: true,
          description: "Present (true) when more users called it than users lists."
        },
        lastServedIn: {
          type: "string",
          description: "Added within schema 1, present only for an operation the spec does not serve, matched against the shipped releases up to it: the last of them that serves it (the spec's own release when only this cluster lacks it, an alpha API not enabled, as the shipped spec or the release's own coverage data shows; it is then not removed by it: removedIn null or a later release)."
        },
        firstSeen: {
          type: [
            "string",
            "null"
          ]
        },
        lastSeen: {
          type: [
            "string",
            "null"
          ]
        },
        removedIn: {
          type: [
            "string",
            "null"
          ],
          description: "First Kubernetes release (of the specs loaded, or per Pluto/annotations) in which this operation is gone; for an operation the spec does not serve (lastServedIn), at or before kubernetesVersion when removed already."
        },
        deprecation: {
          anyOf: [
            {
              $ref: "#/definitions/Deprecation"
            },
            {
              type: "null"
            }
          ]
        },
        conformanceTested: {
          type: [
            "boolean",
            "null"
          ],
          description: "Conformance overlay: true/false from APISnoop's published coverage; null when the data has no entry (watch*, custom)."
        },
        tested: {
          type: [
            "boolean",
            "null"
          ],
          description: "Any e2e test (conformance or not) hits it, per the overlay or the e2e run itself."
        },
        tests: {
          type: "array",
          items: {
            type: "string"
          },
          description: "e2e test names seen in this log (e2e mode): the first 10,000 (MAX_LISTED_TESTS) in sort order, more than an e2e suite holds."
        },
        testsTruncated: {
          type: "boolean",
          const: true,
          description: "Added within schema 1, present (true) only when more tests hit it than tests lists."
        },
        conformanceIneligible: {
          type: [
            "string",
            "null"
          ],
          description: `Why Kubernetes' conformance rules leave the operation out (ineligible_endpoints.yaml: "optional feature"\u2026), or null when they do not. Added within schema 1: absent in reports made before it (read as not known ineligible).`
        },
        custom: {
          type: "boolean",
          const: true,
          description: "Added within schema 1, present (true) only for an operation of an API group that is not Kubernetes': a custom resource or an aggregated API in a spec a cluster served (the Action's default), such as the app's own CRDs. Its level is its version's, but the alpha and beta rules, which judge Kubernetes' API levels, do not judge it."
        }
      },
      required: [
        "action",
        "category",
        "codes",
        "conformanceTested",
        "deprecated",
        "deprecation",
        "discovery",
        "firstSeen",
        "group",
        "hits",
        "kind",
        "lastSeen",
        "level",
        "method",
        "operationId",
        "path",
        "removedIn",
        "tested",
        "tests",
        "userAgents",
        "users",
        "verbs",
        "version"
      ],
      additionalProperties: false
    },
    Level: {
      type: "string",
      enum: [
        "stable",
        "beta",
        "alpha"
      ]
    },
    Deprecation: {
      type: "object",
      properties: {
        source: {
          type: "string",
          enum: [
            "spec",
            "pluto",
            "audit-annotation",
            "later-spec",
            "earlier-spec"
          ],
          description: "Where we learned it: the spec text, Pluto's table, the audit annotation, a later spec lacking the operation, or (earlier-spec, added within schema 1) the shipped releases, for an operation the spec no longer serves."
        },
        deprecatedIn: {
          type: "string"
        },
        removedIn: {
          type: "string"
        },
        replacement: {
          type: "string"
        },
        lastServedIn: {
          type: "string",
          description: "Added within schema 1, present only with source later-spec when the specs checked skip releases: the last of them (or the spec analysed) that serves the operation, not the release just before removedIn. removedIn is then only a bound: gone by it, removed in a release after this one."
        },
        replacementServedIn: {
          type: [
            "string",
            "null"
          ],
          description: "Added within schema 1, present only when the release analysed does not serve `replacement` yet (Pluto's resource.k8s.io/v1 for v1alpha3 on 1.33): the first of the later releases checked that serves it, null when none does."
        },
        replacementCheckedIn: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Added within schema 1, present only in a merged report, where the later releases looked in for the replacement are not all the merged report names (`--next-releases none` beside a default run): those looked in. With replacementServedIn null, none of them serves it ([]: none looked in); with a release, only when the merged report names releases before it that were not looked in (replacementUncheckedBefore), of which it is not known whether they serve it. Absent: the report's own."
        }
      },
      required: [
        "source"
      ],
      additionalProperties: false
    },
    Unmatched: {
      type: "object",
      properties: {
        pattern: {
          type: "string",
          description: 'requestURI without the query, names and namespaces replaced by {name}/{namespace} so that patterns group, a segment\'s text after a `;` or `#` by {params}/{fragment}; a requestURI with no slash said by its length, not quoted; or "(other patterns)" (OTHER_PATTERNS), the row counting the patterns past the cap.'
        },
        verb: {
          type: "string",
          description: `The request's verb; one no API server writes said by its length, not quoted (shownVerb); "(none)" for none.`
        },
        reason: {
          $ref: "#/definitions/UnmatchedReason"
        },
        count: {
          type: "integer"
        },
        group: {
          type: "string",
          description: "Set for API paths: /apis/{group}/{version}/\u2026"
        },
        version: {
          type: "string"
        },
        resource: {
          type: "string"
        },
        userAgents: {
          type: "array",
          items: {
            type: "string"
          },
          description: "The first 100 (MAX_LISTED_CALLERS) in sort order."
        },
        userAgentsTruncated: {
          type: "boolean",
          const: true,
          description: "Present (true) when more user agents sent such requests than userAgents lists."
        },
        users: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Added within schema 1: who sent them, by effective user, as operations[].users: the first 100 in sort order. Absent in reports made before it, and in a merge where one of them had the group: unknown, not no one."
        },
        usersTruncated: {
          type: "boolean",
          const: true,
          description: "Present (true) when more users sent such requests than users lists."
        }
      },
      required: [
        "pattern",
        "verb",
        "reason",
        "count",
        "userAgents"
      ],
      additionalProperties: false
    },
    UnmatchedReason: {
      type: "string",
      enum: [
        "non-resource-url",
        "unknown-group-version",
        "unknown-resource",
        "method-not-allowed",
        "unknown-verb",
        "malformed-uri"
      ]
    },
    InvalidLine: {
      type: "object",
      properties: {
        file: {
          type: "string"
        },
        line: {
          type: "integer"
        },
        message: {
          type: "string"
        }
      },
      required: [
        "file",
        "line",
        "message"
      ],
      additionalProperties: false
    },
    Verdict: {
      type: "object",
      properties: {
        pass: {
          type: "boolean",
          description: "No violation and no run failure."
        },
        policy: {
          $ref: "#/definitions/Policy"
        },
        violations: {
          type: "array",
          items: {
            $ref: "#/definitions/Violation"
          }
        },
        runFailures: {
          type: "array",
          items: {
            $ref: "#/definitions/RunFailure"
          },
          description: "The run rules of the policy (empty, invalid) that the run breaks, in that order. Added within schema 1: present only when there is one; absent in reports made before it, and whenever the run breaks none."
        }
      },
      required: [
        "pass",
        "policy",
        "violations"
      ],
      additionalProperties: false
    },
    Policy: {
      type: "object",
      properties: {
        failOn: {
          type: "array",
          items: {
            anyOf: [
              {
                $ref: "#/definitions/OperationRule"
              },
              {
                $ref: "#/definitions/RunRule"
              }
            ]
          },
          description: "Operation rules, and run rules (empty, invalid: added within schema 1, present only when asked for)."
        },
        allow: {
          type: "array",
          items: {
            type: "string"
          },
          description: "operationIds or API groups that never fail the verdict ('' or 'core' for the core group)."
        }
      },
      required: [
        "failOn",
        "allow"
      ],
      additionalProperties: false
    },
    OperationRule: {
      type: "string",
      enum: [
        "alpha",
        "beta",
        "deprecated",
        "removed"
      ],
      description: "The rules that judge the operations used: a violation names the operation."
    },
    RunRule: {
      type: "string",
      enum: [
        "empty",
        "invalid"
      ],
      description: "The rules that judge the run rather than an operation (added within schema 1): `empty`, the selection kept no request; `invalid`, an input line was not an audit event, or an input was cut short or could not be read further."
    },
    Violation: {
      type: "object",
      properties: {
        operationId: {
          type: "string"
        },
        method: {
          type: "string"
        },
        path: {
          type: "string"
        },
        level: {
          $ref: "#/definitions/Level"
        },
        rule: {
          type: "string",
          enum: [
            "alpha",
            "beta",
            "deprecated",
            "removed"
          ],
          description: "The first rule it breaks, in the order removed, alpha, beta, deprecated."
        },
        rules: {
          type: "array",
          items: {
            type: "string",
            enum: [
              "alpha",
              "beta",
              "deprecated",
              "removed"
            ]
          },
          description: "Every rule of the policy it breaks, in that order (a beta API removed next release breaks beta and removed). Written by every analysis; optional only for reports of earlier builds, whose readers take [rule]."
        },
        why: {
          type: "string"
        },
        hits: {
          type: "integer"
        },
        callers: {
          type: "array",
          items: {
            type: "string"
          },
          description: "The operation's user agents (the first 100 in order)."
        },
        callersTruncated: {
          type: "boolean",
          const: true,
          description: "Present (true) when the operation had more user agents than callers lists."
        }
      },
      required: [
        "operationId",
        "method",
        "path",
        "level",
        "rule",
        "why",
        "hits",
        "callers"
      ],
      additionalProperties: false
    },
    RunFailure: {
      type: "object",
      properties: {
        rule: {
          $ref: "#/definitions/RunRule"
        },
        why: {
          type: "string",
          description: "What the run did, in a sentence: how many requests were read and which selection kept none; which line was invalid."
        }
      },
      required: [
        "rule",
        "why"
      ],
      additionalProperties: false,
      description: "A run rule the run breaks: its own place in the verdict, beside the operations' violations."
    },
    RbacComparison: {
      type: "object",
      properties: {
        identity: {
          $ref: "#/definitions/Identity"
        },
        requests: {
          type: "object",
          properties: {
            total: {
              type: "integer",
              description: "Requests made by the identity."
            },
            denied: {
              type: "integer",
              description: "Answered 403 by the authorizer (authorization.k8s.io/decision forbid, or none recorded)."
            },
            refusedAfterAuthorization: {
              type: "array",
              items: {
                $ref: "#/definitions/RefusedRequest"
              },
              description: "Answered 403 after the authorizer allowed their verb (decision allow): by admission (PodSecurity, quota, webhooks) or by a further permission check (a create, bind, escalate), so a grant may still be needed. Not in `denied`; no rule is derived for what they may lack. Added within schema 1: always set by compareRbac, absent in reports written before it."
            },
            refusedBeforeAuthorization: {
              type: "array",
              items: {
                $ref: "#/definitions/RefusedRequest"
              },
              description: "Answered 403 without an authorization.k8s.io/decision, in a log that records decisions: refused before the authorizer was asked, by the impersonation filter (an impersonation the identity may not make). Not in `denied`, and no rule is derived for the request itself: it needs impersonate on whom the 403 message names. Set when there are any, within schema 1."
            },
            allowedByDefault: {
              type: "integer",
              description: "Allowed by the default roles (discovery, basic-user): no rule derived for them."
            },
            unusable: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  auditID: {
                    type: "string"
                  },
                  reason: {
                    type: "string"
                  }
                },
                required: [
                  "auditID",
                  "reason"
                ],
                additionalProperties: false
              },
              description: "Requests that cannot be read as authorizer attributes (no verb, a verb no API server writes, no path), listed: the auditID when it is a UUID (as an API server makes it), else said by its length, not quoted."
            },
            withoutResponse: {
              type: "integer",
              description: "Requests with no response recorded (RequestCollector.withoutResponse): counted before their final stage past the limit on requests in flight, or whose final stage the log lacks. Their codes are unknown, so denials and creates by server-side apply among them are missing from the figures. Set when there are any, within schema 1."
            }
          },
          required: [
            "total",
            "denied",
            "allowedByDefault",
            "unusable"
          ],
          additionalProperties: false
        },
        observed: {
          $ref: "#/definitions/ObservedRbac",
          description: "What it needs: rules allowing every request (denied ones included), minus what default roles allow."
        },
        denied: {
          type: "array",
          items: {
            $ref: "#/definitions/RequestGroup"
          },
          description: "Under-privilege: requests the authorizer denied."
        },
        granted: {
          anyOf: [
            {
              $ref: "#/definitions/GrantedRbac"
            },
            {
              type: "null"
            }
          ],
          description: "Present when manifests were given."
        },
        verdict: {
          anyOf: [
            {
              $ref: "#/definitions/RbacVerdict"
            },
            {
              type: "null"
            }
          ]
        }
      },
      required: [
        "identity",
        "requests",
        "observed",
        "denied",
        "granted",
        "verdict"
      ],
      additionalProperties: false,
      description: "The result of `apisnoop rbac`: proposed as the optional `rbac` field of the Report."
    },
    Identity: {
      type: "object",
      properties: {
        username: {
          type: "string",
          description: "The username the apiserver authorizes: system:serviceaccount:ns:name for a service account."
        },
        serviceAccount: {
          type: "object",
          properties: {
            namespace: {
              type: "string"
            },
            name: {
              type: "string"
            }
          },
          required: [
            "namespace",
            "name"
          ],
          additionalProperties: false
        },
        groups: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Groups RBAC Group subjects are matched against."
        }
      },
      required: [
        "username",
        "groups"
      ],
      additionalProperties: false
    },
    RefusedRequest: {
      type: "object",
      properties: {
        verb: {
          type: "string"
        },
        apiGroup: {
          type: "string"
        },
        resource: {
          type: "string",
          description: "With its subresource: pods/exec."
        },
        namespace: {
          type: "string"
        },
        name: {
          type: "string"
        },
        path: {
          type: "string",
          description: "A non-resource URL."
        },
        count: {
          type: "integer"
        },
        hint: {
          type: "string",
          description: "The further grant it may need, when the apiserver is known to check one (refusalHint)."
        }
      },
      required: [
        "verb",
        "count"
      ],
      additionalProperties: false,
      description: 'Requests the authorizer allowed (decision "allow") that were answered 403 nonetheless: by admission (PodSecurity, quota, webhooks) or by a further permission check (refusalHint). Listed, never turned into rules: which it was, the event does not say.'
    },
    ObservedRbac: {
      type: "object",
      properties: {
        clusterRules: {
          type: "array",
          items: {
            $ref: "#/definitions/PolicyRule"
          },
          description: "Rules for a ClusterRole: cluster-scoped resources, requests across all namespaces, non-resource URLs."
        },
        roles: {
          type: "array",
          items: {
            type: "object",
            properties: {
              namespace: {
                type: "string"
              },
              rules: {
                type: "array",
                items: {
                  $ref: "#/definitions/PolicyRule"
                }
              }
            },
            required: [
              "namespace",
              "rules"
            ],
            additionalProperties: false
          },
          description: "Rules for a Role in each namespace the identity worked in (what the cluster rules do not already allow)."
        }
      },
      required: [
        "clusterRules",
        "roles"
      ],
      additionalProperties: false
    },
    PolicyRule: {
      type: "object",
      properties: {
        apiGroups: {
          type: "array",
          items: {
            type: "string"
          }
        },
        resources: {
          type: "array",
          items: {
            type: "string"
          }
        },
        resourceNames: {
          type: "array",
          items: {
            type: "string"
          }
        },
        nonResourceURLs: {
          type: "array",
          items: {
            type: "string"
          }
        },
        verbs: {
          type: "array",
          items: {
            type: "string"
          }
        }
      },
      required: [
        "verbs"
      ],
      additionalProperties: false
    },
    RequestGroup: {
      type: "object",
      properties: {
        verb: {
          type: "string"
        },
        apiGroup: {
          type: "string"
        },
        resource: {
          type: "string"
        },
        namespace: {
          type: "string"
        },
        names: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Names, when few (the request group is about specific objects)."
        },
        path: {
          type: "string"
        },
        count: {
          type: "integer",
          description: "Requests in this group (denied: the 403s)."
        },
        allowed: {
          type: "integer",
          description: "Requests of the same verb, resource and namespace that the apiserver allowed (for a denial: the grant came later)."
        }
      },
      required: [
        "verb",
        "count",
        "allowed"
      ],
      additionalProperties: false
    },
    GrantedRbac: {
      type: "object",
      properties: {
        sources: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Manifest files read."
        },
        roles: {
          type: "array",
          items: {
            $ref: "#/definitions/RoleUsage"
          },
          description: "Each binding of a role to the identity, with how much of it was used."
        },
        overGrants: {
          type: "array",
          items: {
            $ref: "#/definitions/OverGrant"
          }
        },
        ungranted: {
          type: "array",
          items: {
            $ref: "#/definitions/RequestGroup"
          },
          description: "Requests the identity made that neither the manifests nor the default roles allow."
        },
        unresolved: {
          type: "array",
          items: {
            type: "object",
            properties: {
              binding: {
                $ref: "#/definitions/ObjectRef"
              },
              roleRef: {
                type: "object",
                properties: {
                  kind: {
                    type: "string"
                  },
                  name: {
                    type: "string"
                  }
                },
                required: [
                  "kind",
                  "name"
                ],
                additionalProperties: false
              }
            },
            required: [
              "binding",
              "roleRef"
            ],
            additionalProperties: false
          },
          description: "Bindings to this identity whose role is not in the manifests (and not a modelled built-in)."
        },
        unbound: {
          type: "array",
          items: {
            $ref: "#/definitions/ObjectRef"
          }
        },
        aggregations: {
          type: "array",
          items: {
            $ref: "#/definitions/AggregationNote"
          }
        },
        aggregateTo: {
          type: "array",
          items: {
            type: "object",
            properties: {
              clusterRole: {
                $ref: "#/definitions/ObjectRef"
              },
              into: {
                type: "array",
                items: {
                  type: "string"
                }
              }
            },
            required: [
              "clusterRole",
              "into"
            ],
            additionalProperties: false
          },
          description: "ClusterRoles carrying rbac.authorization.k8s.io/aggregate-to-* labels: their rules go to every holder of that role."
        },
        ineffective: {
          type: "array",
          items: {
            type: "object",
            properties: {
              binding: {
                $ref: "#/definitions/ObjectRef"
              },
              role: {
                $ref: "#/definitions/ObjectRef"
              },
              rule: {
                $ref: "#/definitions/PolicyRule"
              },
              resources: {
                type: "array",
                items: {
                  type: "string"
                }
              }
            },
            required: [
              "binding",
              "role",
              "rule",
              "resources"
            ],
            additionalProperties: false
          },
          description: "RoleBindings granting cluster-scoped resources, which RBAC never applies (a namespace binding grants namespaced resources only)."
        },
        unknownResources: {
          type: "array",
          items: {
            $ref: "#/definitions/RuleResources"
          },
          description: "Resources a rule names in a group the spec has, that the group does not have (a typo, or a newer API); not those RBAC is asked about outside the spec (<resource>/finalizers, the kubelet's nodes/metrics and the like, userextras/<key>)."
        },
        unservedGroups: {
          type: "array",
          items: {
            type: "object",
            properties: {
              role: {
                $ref: "#/definitions/ObjectRef"
              },
              rule: {
                $ref: "#/definitions/PolicyRule"
              },
              groups: {
                type: "array",
                items: {
                  type: "string"
                }
              }
            },
            required: [
              "role",
              "rule",
              "groups"
            ],
            additionalProperties: false
          },
          description: "Kubernetes API groups a rule names that the spec does not serve (extensions, on 1.22 and later; an alpha group a cluster does not enable), whose permissions no request used: no request can use them on this release, so they are listed here and not counted as over-grants. Added within schema 1: always set by compareRbac when manifests were given, absent in reports written before it."
        },
        unservedResources: {
          type: "array",
          items: {
            $ref: "#/definitions/RuleResources"
          },
          description: `Kubernetes resources a rule names in a group the spec serves, that the release no longer (or not yet) serves (policy/podsecuritypolicies on 1.25 and later), whose permissions no request used: as unservedGroups, listed here and not counted as over-grants, nor as unknownResources (no typo). "group/resource", the core group's bare. Added within schema 1, absent in reports written before it.`
        },
        unauditedResources: {
          type: "array",
          items: {
            $ref: "#/definitions/RuleResources"
          },
          description: "Resources a rule names that RBAC is asked about for another's request, so that no audit log shows the identity's own request to them: `<resource>/finalizers` (checked inside the owner's write by OwnerReferencesPermissionEnforcement) and the kubelet's nodes subresources (nodes/metrics, nodes/stats, ...: the kubelet's SubjectAccessReview is audited as the kubelet's). Their permissions no request used are kept as granted, not judged: not in overGrants nor roles[].permissions. \"group/resource\", the core group's bare. Added within schema 1, absent in reports written before it."
        },
        spec: {
          type: "object",
          properties: {
            kubernetesVersion: {
              type: "string"
            },
            source: {
              type: "string"
            }
          },
          required: [
            "kubernetesVersion",
            "source"
          ],
          additionalProperties: false,
          description: "The spec the wildcards were expanded against."
        }
      },
      required: [
        "sources",
        "roles",
        "overGrants",
        "ungranted",
        "unresolved",
        "unbound",
        "aggregations",
        "aggregateTo",
        "ineffective",
        "unknownResources",
        "spec"
      ],
      additionalProperties: false
    },
    RoleUsage: {
      type: "object",
      properties: {
        role: {
          $ref: "#/definitions/ObjectRef"
        },
        binding: {
          $ref: "#/definitions/ObjectRef"
        },
        scope: {
          type: [
            "string",
            "null"
          ]
        },
        rules: {
          type: "integer"
        },
        permissions: {
          type: "integer"
        },
        exercised: {
          type: "integer"
        },
        unaudited: {
          type: "integer",
          description: "Permissions whose use no audit log shows (unauditedResources), not in `permissions`. Added within schema 1, absent in reports written before it."
        }
      },
      required: [
        "role",
        "binding",
        "scope",
        "rules",
        "permissions",
        "exercised"
      ],
      additionalProperties: false
    },
    ObjectRef: {
      type: "object",
      properties: {
        kind: {
          type: "string",
          enum: [
            "Role",
            "ClusterRole",
            "RoleBinding",
            "ClusterRoleBinding"
          ]
        },
        name: {
          type: "string"
        },
        namespace: {
          type: "string"
        },
        source: {
          $ref: "#/definitions/ObjectSource"
        }
      },
      required: [
        "kind",
        "name"
      ],
      additionalProperties: false
    },
    ObjectSource: {
      type: "object",
      properties: {
        file: {
          type: "string"
        },
        line: {
          type: "integer"
        },
        template: {
          type: "string"
        }
      },
      required: [
        "file",
        "line"
      ],
      additionalProperties: false,
      description: "Where an object was read: file, line of its document, and the chart template for `helm template` output."
    },
    OverGrant: {
      type: "object",
      properties: {
        rule: {
          $ref: "#/definitions/PolicyRule"
        },
        scope: {
          type: [
            "string",
            "null"
          ],
          description: "null: every namespace and the cluster (ClusterRoleBinding); else the RoleBinding's namespace."
        },
        role: {
          $ref: "#/definitions/ObjectRef"
        },
        binding: {
          $ref: "#/definitions/ObjectRef"
        },
        aggregatedFrom: {
          $ref: "#/definitions/ObjectRef",
          description: "The ClusterRole a rule was aggregated from, when it came in through an aggregationRule."
        },
        builtin: {
          type: "boolean",
          description: "Built-in ClusterRole the manifests bind without shipping (BUILTIN_CLUSTER_ROLES: cluster-admin, system:auth-delegator)."
        },
        kind: {
          type: "string",
          enum: [
            "unused",
            "cluster-wide"
          ],
          description: "unused: granted, never exercised. cluster-wide: exercised only inside `namespaces`, granted in all of them."
        },
        risk: {
          $ref: "#/definitions/Risk",
          description: "The riskiest of `risks`; findings are sorted by it."
        },
        risks: {
          type: "array",
          items: {
            $ref: "#/definitions/Risk"
          }
        },
        why: {
          type: "string",
          description: "One line for a reviewer."
        },
        granted: {
          type: "integer",
          description: "Permissions of the rule after wildcard expansion, and how many of them this finding is about."
        },
        permissions: {
          type: "integer"
        },
        rules: {
          type: "array",
          items: {
            $ref: "#/definitions/PolicyRule"
          },
          description: "This finding's permissions, compacted into rules."
        },
        exercised: {
          type: "array",
          items: {
            $ref: "#/definitions/PolicyRule"
          },
          description: "What the identity did use of this rule (a replacement for a wildcard starts here)."
        },
        namespaces: {
          type: "array",
          items: {
            type: "string"
          },
          description: "kind cluster-wide: the namespaces it was used in."
        }
      },
      required: [
        "binding",
        "exercised",
        "granted",
        "kind",
        "permissions",
        "risk",
        "risks",
        "role",
        "rule",
        "rules",
        "scope",
        "why"
      ],
      additionalProperties: false,
      description: "A bound rule (as the manifest writes it, where it is bound, how it came in) found over-granted."
    },
    Risk: {
      type: "string",
      enum: [
        "wildcard",
        "secrets",
        "escalation",
        "cluster-wide-write",
        "cluster-wide-read",
        "namespaced-write",
        "non-resource",
        "namespaced-read"
      ]
    },
    AggregationNote: {
      type: "object",
      properties: {
        clusterRole: {
          $ref: "#/definitions/ObjectRef"
        },
        aggregates: {
          type: "array",
          items: {
            type: "string"
          },
          description: "The ClusterRoles in the manifests whose labels match its selectors."
        },
        served: {
          type: "boolean",
          const: true,
          description: "Read as the API server served it: its own rules, the aggregation controller's, are what it grants."
        }
      },
      required: [
        "clusterRole",
        "aggregates"
      ],
      additionalProperties: false
    },
    RuleResources: {
      type: "object",
      properties: {
        role: {
          $ref: "#/definitions/ObjectRef"
        },
        rule: {
          $ref: "#/definitions/PolicyRule"
        },
        resources: {
          type: "array",
          items: {
            type: "string"
          }
        }
      },
      required: [
        "role",
        "rule",
        "resources"
      ],
      additionalProperties: false,
      description: "A rule of a role and the resources it names that one of GrantedRbac's lists is about (a typo, unserved, unaudited)."
    },
    RbacVerdict: {
      type: "object",
      properties: {
        failOn: {
          type: "array",
          items: {
            type: "string",
            const: "overprivileged"
          }
        },
        threshold: {
          type: "integer",
          description: "Over-grants tolerated before failing."
        },
        overGrants: {
          type: "integer"
        },
        cannotJudge: {
          type: "array",
          items: {
            type: "string"
          },
          description: "Why the grant cannot be judged: bindings of the identity to roles the manifests do not hold (admin, edit, view: their rules are the cluster's). Any fails the verdict, whatever the over-grants: unknown rules may grant anything."
        },
        pass: {
          type: "boolean"
        }
      },
      required: [
        "failOn",
        "threshold",
        "overGrants",
        "cannotJudge",
        "pass"
      ],
      additionalProperties: false
    },
    RunNotes: {
      type: "object",
      properties: {
        problems: {
          type: "array",
          items: {
            type: "string"
          }
        },
        notices: {
          type: "array",
          items: {
            type: "string"
          }
        }
      },
      required: [
        "problems",
        "notices"
      ],
      additionalProperties: false
    },
    LeastPrivilegeUnchecked: {
      type: "object",
      properties: {
        app: {
          type: "string",
          description: 'The app of the run, when it names one (the Action\'s release): a merged report of several apps says whose it is (`opa: \u2026`), which its own app ("opa + webhook") does not.'
        },
        why: {
          type: "string",
          description: 'Why it could not be checked, as one clause (no full stop): "no RBAC manifests (rbac-granted) were given".'
        }
      },
      required: [
        "why"
      ],
      additionalProperties: false,
      description: "A run whose least privilege, which the policy needed, could not be checked."
    },
    ReportPart: {
      type: "object",
      properties: {
        name: {
          type: "string",
          description: "The report as the merge named it: its file (the Action's reports), else its app or its first logs."
        },
        requests: {
          type: "integer"
        },
        selected: {
          type: "integer"
        },
        filter: {
          type: "string",
          description: `Its selection's criteria, as the merge's notes name them ("namespace x, service account y", "(no filter)"), and its app: what fail-on empty's reason names for a part that selected nothing, so the filter to check is at hand. Added within schema 1: absent in parts of reports made before it.`
        },
        app: {
          type: "string"
        }
      },
      required: [
        "name",
        "requests",
        "selected"
      ],
      additionalProperties: false,
      description: "One of the reports a merged report was made of, with its own counts."
    }
  }
};

// src/engine/report-shape.ts
var LENIENT = {
  Violation: { rule: { type: "string" }, rules: { type: "array", items: { type: "string" } } },
  RunFailure: { rule: { type: "string" } }
};
var definitions = new Map(
  Object.entries(report_schema_default.definitions).map(([name, node]) => [
    `#/definitions/${name}`,
    LENIENT[name] ? { ...node, properties: { ...node.properties, ...LENIENT[name] } } : node
  ])
);
function placeText(at) {
  let out = "";
  for (const s of at) out += typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${out === "" ? "" : "."}${s}` : `[${JSON.stringify(s)}]`;
  return out || "the top level";
}
function fieldText(at, record) {
  let out = "";
  at.forEach((s, i) => {
    out += typeof s === "number" ? "[]" : record[i] ? ".*" : `${out === "" ? "" : "."}${s}`;
  });
  return out;
}
var JSON_TYPES = {
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  // Every number of report.json counts something: a whole number, 0 or more (1e400 parses as Infinity).
  integer: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
  number: (v) => typeof v === "number" && Number.isFinite(v)
};
var TYPE_TEXT = { object: "an object", array: "a list", string: "a string", boolean: "a boolean", null: "null", integer: "a whole number", number: "a number" };
var Walk = class {
  constructor(unknown, at = [], record = []) {
    this.unknown = unknown;
    this.at.push(...at);
    this.record.push(...record);
  }
  unknown;
  at = [];
  /** Per segment of `at`: whether it is a record's key (data, not a field name). */
  record = [];
  /** The problem at `segment` below here. */
  problemAt(segment, problem) {
    return problem(placeText([...this.at, segment]));
  }
};
function leafOf(node) {
  const keys = Object.keys(node).filter((k) => k !== "description");
  if (keys.length !== 1 || keys[0] !== "type") return null;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const tests = types.map((t) => JSON_TYPES[t]);
  return { test: tests.length === 1 ? tests[0] : (v) => tests.some((t) => t(v)), text: types.map((t) => TYPE_TEXT[t]).join(" or ") };
}
var compiled = /* @__PURE__ */ new Map();
function refCheck(ref) {
  return (v, w) => {
    let check = compiled.get(ref);
    if (check === void 0) {
      check = compile(definitions.get(ref));
      compiled.set(ref, check);
    }
    return check(v, w);
  };
}
function compile(node) {
  if (node.$ref !== void 0) return refCheck(node.$ref);
  if (node.anyOf !== void 0) return anyOfCheck(node.anyOf.map(compile));
  const leaf = leafOf(node);
  if (leaf) return (v, w) => leaf.test(v) ? null : `${placeText(w.at)} is not ${leaf.text}`;
  const type = node.type === void 0 ? null : leafOf({ type: node.type });
  const items = node.items && (leafOf(node.items) ?? compile(node.items));
  const props = new Map(Object.entries(node.properties ?? {}).map(([k, n]) => [k, leafOf(n) ?? compile(n)]));
  const rest = typeof node.additionalProperties === "object" ? leafOf(node.additionalProperties) ?? compile(node.additionalProperties) : node.additionalProperties ?? true;
  const required = node.required ?? [];
  return (v, w) => {
    if (type && !type.test(v)) return `${placeText(w.at)} is not ${type.text}`;
    if (node.const !== void 0 && v !== node.const) return `${placeText(w.at)} is not ${JSON.stringify(node.const)}`;
    if (node.enum !== void 0 && !node.enum.includes(v)) return `${placeText(w.at)} ${quoted(v)} is not one of ${node.enum.join(", ")}`;
    if (Array.isArray(v)) return items ? checkItems(v, items, w) : null;
    if (typeof v !== "object" || v === null) return null;
    const o = v;
    for (const key of required) if (!(key in o)) return w.problemAt(key, (at) => `${at} is missing`);
    for (const key in o) {
      const check = props.has(key) ? props.get(key) : rest;
      if (check === false) {
        w.unknown?.push({ name: fieldText([...w.at, key], [...w.record, false]), holder: o, key });
        continue;
      }
      const problem = checkUnder(o[key], check, key, !props.has(key), w);
      if (problem) return problem;
    }
    return null;
  };
}
function checkUnder(value, check, segment, record, w) {
  if (check === true) return null;
  if (typeof check !== "function") return check.test(value) ? null : w.problemAt(segment, (at) => `${at} is not ${check.text}`);
  w.at.push(segment);
  w.record.push(record);
  const problem = check(value, w);
  w.at.pop();
  w.record.pop();
  return problem;
}
function checkItems(list, items, w) {
  if (typeof items !== "function") {
    for (let i = 0; i < list.length; i++) if (!items.test(list[i])) return w.problemAt(i, (at) => `${at} is not ${items.text}`);
    return null;
  }
  for (let i = 0; i < list.length; i++) {
    const problem = checkUnder(list[i], items, i, false, w);
    if (problem) return problem;
  }
  return null;
}
function anyOfCheck(branches) {
  return (v, w) => {
    const probe = new Walk(null, w.at, w.record);
    let first = null;
    for (const b of branches) {
      const problem = b(v, probe);
      if (problem === null) return w.unknown ? b(v, w) : null;
      first ??= problem;
    }
    return first;
  };
}
var rootCheck = compile(report_schema_default);
function quoted(v) {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 59)}\u2026` : text;
}
function shapeProblem(value) {
  return rootCheck(value, new Walk(null));
}
function unknownFields(report) {
  const unknown = [];
  rootCheck(report, new Walk(unknown));
  return unknown;
}
function withoutUnknownFields(report) {
  if (unknownFields(report).length === 0) return { report, leftOut: [] };
  const copy = structuredClone(report);
  const unknown = unknownFields(copy);
  for (const f of unknown) delete f.holder[f.key];
  return { report: copy, leftOut: [...new Set(unknown.map((f) => f.name))] };
}

// src/engine/merge.ts
var MergeError = class extends Error {
};
var addRecords = (a, b) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0));
};
var union = (a, b) => [.../* @__PURE__ */ new Set([...a, ...b])].sort();
var minTs = (a, b) => a === null ? b : b === null ? a : earlier(b, a) ? b : a;
var maxTs = (a, b) => a === null ? b : b === null ? a : earlier(a, b) ? b : a;
var SOURCE_RANK = { pluto: 0, "audit-annotation": 1, "earlier-spec": 2, "later-spec": 3, spec: 4 };
function compareRemoval(a, b) {
  if (a.removedIn !== b.removedIn) {
    if (a.removedIn === null || b.removedIn === null) return a.removedIn === null ? 1 : -1;
    return compareMinor(a.removedIn, b.removedIn) || cmp(a.removedIn, b.removedIn);
  }
  const rank = (d) => d === null ? Object.keys(SOURCE_RANK).length : SOURCE_RANK[d.source];
  const bySource = rank(a.deprecation) - rank(b.deprecation);
  if (bySource !== 0) return bySource;
  const [la, lb] = [a.deprecation?.lastServedIn, b.deprecation?.lastServedIn];
  if (la !== lb) return la === void 0 ? -1 : lb === void 0 ? 1 : compareMinor(lb, la) || cmp(lb, la);
  return cmp(JSON.stringify(a.deprecation), JSON.stringify(b.deprecation));
}
function withReplacementLooked(op, r) {
  const d = op.deprecation;
  if (!d?.replacement || d.replacementServedIn === void 0 || d.replacementCheckedIn) return op;
  return { ...op, deprecation: { ...d, replacementCheckedIn: laterReleases(r) } };
}
function mergeReplacement(kept, other) {
  if (kept?.replacementServedIn === void 0 || other === null || other.replacement !== kept.replacement || other.replacementServedIn === void 0) return kept;
  const served = [kept.replacementServedIn, other.replacementServedIn].filter((v) => v !== null).sort(compareMinor)[0] ?? null;
  return { ...kept, replacementServedIn: served, replacementCheckedIn: releasesUnion(kept.replacementCheckedIn ?? [], other.replacementCheckedIn ?? []) };
}
var releasesUnion = (a, b) => [.../* @__PURE__ */ new Set([...a, ...b])].sort(compareMinor);
function withMergedLater(op, later) {
  const d = op.deprecation;
  const looked = d?.replacementCheckedIn;
  if (!looked) return op;
  const own = d.replacementServedIn === null ? releasesUnion(looked, later).length === looked.length && looked.length === later.length : replacementUncheckedBefore(d, later).length === 0;
  if (!own) return op;
  const { replacementCheckedIn: _own, ...deprecation } = d;
  return { ...op, deprecation };
}
function mergeOperation(a, b) {
  const [removal, other] = compareRemoval(a, b) <= 0 ? [a, b] : [b, a];
  return listedOperation({
    ...a,
    deprecated: a.deprecated || b.deprecated,
    hits: a.hits + b.hits,
    codes: addRecords(bucketed(a.codes), bucketed(b.codes)),
    verbs: addRecords(a.verbs, b.verbs),
    userAgents: union(a.userAgents, b.userAgents),
    users: union(a.users, b.users),
    firstSeen: minTs(a.firstSeen, b.firstSeen),
    lastSeen: maxTs(a.lastSeen, b.lastSeen),
    removedIn: removal.removedIn,
    deprecation: mergeReplacement(removal.deprecation, other.deprecation),
    conformanceTested: eitherTested(a.conformanceTested, b.conformanceTested),
    tested: eitherTested(a.tested, b.tested),
    tests: union(a.tests, b.tests),
    // Kept absent when neither report has it (both made before the field): unknown is not "eligible".
    ..."conformanceIneligible" in a || "conformanceIneligible" in b ? { conformanceIneligible: a.conformanceIneligible ?? b.conformanceIneligible ?? null } : {},
    ...truncationFlag("userAgentsTruncated", a.userAgentsTruncated === true || b.userAgentsTruncated === true),
    ...truncationFlag("usersTruncated", a.usersTruncated === true || b.usersTruncated === true),
    ...truncationFlag("testsTruncated", a.testsTruncated === true || b.testsTruncated === true)
  });
}
function bucketed(codes) {
  const out = {};
  for (const [k, n] of Object.entries(codes)) {
    const b = codeBucket(k);
    out[b] = (out[b] ?? 0) + n;
  }
  return out;
}
function currentUnmatched(row) {
  const u = shownUnmatched(row);
  if (u.reason !== "unknown-resource" || !u.pattern.startsWith("/apis/")) return u;
  const shape = pathShape(u.pattern);
  if (!shape.discovery || !shape.group) return u;
  return { ...u, reason: "unknown-group-version", group: shape.group, version: shape.version ?? "" };
}
function shownUnmatched(u) {
  const verb = shownRowVerb(u.verb);
  if (u.pattern === OTHER_PATTERNS) return verb === u.verb ? u : { ...u, verb };
  const shown = shownPattern(u.pattern);
  if (shown.pattern === u.pattern && verb === u.verb) return u;
  const { group, version: _v, resource: _r, ...rest } = u;
  return { ...rest, pattern: shown.pattern, verb, ...group !== void 0 && shown.api ? unmatchedApi(shown.api) : {} };
}
function mergeUnmatched(a, b) {
  const { userAgentsTruncated: _a, users: _u, usersTruncated: _t, ...rest } = a;
  return listedUnmatched({
    ...rest,
    count: a.count + b.count,
    userAgents: union(a.userAgents, b.userAgents),
    ...truncationFlag("userAgentsTruncated", a.userAgentsTruncated === true || b.userAgentsTruncated === true),
    // Users only when both know them: a report made before unmatched users were kept leaves them unknown, not no one.
    ...a.users && b.users ? { users: union(a.users, b.users), ...truncationFlag("usersTruncated", a.usersTruncated === true || b.usersTruncated === true) } : {}
  });
}
function listedOperation(op) {
  const { userAgentsTruncated, usersTruncated, testsTruncated, ...rest } = op;
  const codes = Object.keys(op.codes).some((k) => codeBucket(k) !== k) ? bucketed(op.codes) : op.codes;
  if (!userAgentsTruncated && !usersTruncated && !testsTruncated && op.users.length <= MAX_LISTED_CALLERS && op.userAgents.length <= MAX_LISTED_CALLERS && op.tests.length <= MAX_LISTED_TESTS) {
    return codes === op.codes ? op : { ...op, codes };
  }
  const userAgents = unionListed(op.userAgents, userAgentsTruncated === true, [], false);
  const users = unionListed(op.users, usersTruncated === true, [], false);
  const tests = unionListed(op.tests, testsTruncated === true, [], false, MAX_LISTED_TESTS);
  return {
    ...rest,
    codes,
    userAgents: userAgents.list,
    users: users.list,
    tests: tests.list,
    ...truncationFlag("userAgentsTruncated", userAgents.truncated),
    ...truncationFlag("usersTruncated", users.truncated),
    ...truncationFlag("testsTruncated", tests.truncated)
  };
}
function listedUnmatched(u) {
  const { userAgentsTruncated, users: _u, usersTruncated, ...rest } = u;
  if (!userAgentsTruncated && !usersTruncated && u.userAgents.length <= MAX_LISTED_CALLERS && (u.users?.length ?? 0) <= MAX_LISTED_CALLERS) return u;
  const userAgents = unionListed(u.userAgents, userAgentsTruncated === true, [], false);
  const users = u.users && unionListed(u.users, usersTruncated === true, [], false);
  return {
    ...rest,
    userAgents: userAgents.list,
    ...truncationFlag("userAgentsTruncated", userAgents.truncated),
    ...users ? { users: users.list, ...truncationFlag("usersTruncated", users.truncated) } : {}
  };
}
function capUnmatched(groups, maxPatterns = MAX_UNMATCHED_PATTERNS) {
  const patterns = [];
  const others = /* @__PURE__ */ new Map();
  const fold = (u) => {
    const verb = otherRowVerb(u.verb);
    const k = unmatchedKey(u.reason, verb, OTHER_PATTERNS);
    const other = others.get(k) ?? { pattern: OTHER_PATTERNS, verb, reason: u.reason, count: 0, userAgents: [], users: [] };
    others.set(k, mergeUnmatched(other, u));
  };
  for (const u of groups) {
    if (u.pattern === OTHER_PATTERNS) fold(u);
    else patterns.push(u);
  }
  if (patterns.length > maxPatterns) {
    patterns.sort(unmatchedOrder);
    for (const u of patterns.splice(maxPatterns)) fold(u);
  }
  return [...patterns, ...others.values()];
}
function reportName(reports, i) {
  const r = reports[i];
  return r.app !== void 0 ? `the report of ${r.app} (report ${i + 1})` : `report ${i + 1} (${r.inputs.slice(0, 2).join(", ") || "no inputs"}${r.inputs.length > 2 ? ", \u2026" : ""})`;
}
var filterText = (r) => selectionCriteria(r.selection).join(", ") || "(no filter)";
var appAndFilter = (r) => JSON.stringify([r.app ?? null, filterText(r)]);
function mergeSelection(reports, logs, name) {
  const first = reports[0].selection;
  const texts = reports.map(filterText);
  if (texts.every((t) => t === texts[0])) return { selection: first };
  const unfiltered = reports.some((r) => !r.selection.e2e && selectionCriteria({ ...r.selection, includeSystem: false, excludeUsers: [] }).length === 0);
  const union2 = (f) => unfiltered ? [] : [...new Set(reports.flatMap((r) => f(r.selection)))].sort();
  const selection = {
    namespaces: union2((s) => s.namespaces),
    serviceAccounts: union2((s) => s.serviceAccounts),
    users: union2((s) => s.users),
    userAgents: union2((s) => s.userAgents),
    includeSystem: reports.some((r) => r.selection.includeSystem),
    e2e: !unfiltered && reports.some((r) => r.selection.e2e)
  };
  const excludeUsers = [...new Set(reports.flatMap((r) => r.selection.excludeUsers ?? []))].sort();
  if (excludeUsers.length > 0) selection.excludeUsers = excludeUsers;
  const each = [...new Set(texts)].sort().slice(0, 5).join("; ");
  return {
    selection,
    note: `${DIFFERENT_SELECTIONS} (${each}${new Set(texts).size > 5 ? "; \u2026" : ""}): ` + (unfiltered ? "one of them filtered nothing, so the merged report names no filter, but each report applied only its own" : "the merged report lists every filter, but each report applied only its own") + appliedTo(reports, logs, name),
    unselected: unselectedNotes(reports, texts, name)
  };
}
function unselectedNotes(reports, texts, name) {
  if (reports.every((r) => r.summary.selected === 0)) return [];
  const byFilter = /* @__PURE__ */ new Map();
  reports.forEach((r, i) => {
    const k = appAndFilter(r);
    byFilter.set(k, [...byFilter.get(k) ?? [], i]);
  });
  const notes = [];
  for (const at of byFilter.values()) {
    const filter = texts[at[0]];
    const read = at.reduce((n, i) => n + reports[i].summary.requests, 0);
    if (read === 0 || at.some((i) => reports[i].summary.selected > 0)) continue;
    const named = at.map(name).sort().slice(0, 3).join(", ") + (at.length > 3 ? ` and ${at.length - 3} more` : "");
    notes.push(
      `${named} selected none of the ${read} requests ${at.length === 1 ? "it" : "they"} read (${filter}): the merged verdict judged nothing of ${at.length === 1 ? "its" : "their"} logs; ${CHECK_FILTER}`
    );
  }
  return notes.sort();
}
var CHECK_FILTER = "check that filter";
function appliedTo(reports, logs, name) {
  const shared = logs.filter((g) => g.length > 1);
  if (shared.length === 0) return ", to its own logs";
  const same = (g, filters) => {
    const inputs = reports[g[0]].inputs;
    const logsText = `${inputs.length === 1 ? "log" : "logs"} (${inputs.slice(0, 2).join(", ")}${inputs.length > 2 ? ", \u2026" : ""})`;
    const counted = g.length === 2 ? `a request both ${filters} selected counts in both` : `a request that more than one of ${filters} selected counts in each`;
    return `the same ${logsText}, whose requests read count once: ${counted} (the merge cannot know which)`;
  };
  if (shared.length === 1 && shared[0].length === reports.length) return `, all of them to ${same(shared[0], "filters")}`;
  const named = (g) => {
    const names = g.every((i) => name(i) === reportName(reports, i) && reports[i].app === void 0) ? [`reports ${g[0] + 1}`, ...g.slice(1).map((i) => `${i + 1}`)] : g.map(name).sort();
    return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  };
  const each = shared.map((g) => ({ g, names: named(g) })).sort((x, y) => cmp(x.names, y.names)).slice(0, 3).map(({ g, names }) => `${names} applied theirs to ${same(g, "their filters")}`);
  return `, to its own logs, except that ${each.join("; ")}${shared.length > 3 ? `; and ${shared.length - 3} more such groups` : ""}`;
}
function distinctReads(reports, name) {
  const groups = /* @__PURE__ */ new Map();
  const alone = [];
  reports.forEach((r, i) => {
    const logs = logsKey(r);
    if (logs === null) {
      alone.push(i);
      return;
    }
    const key = `${logs}
${JSON.stringify(selectionCriteria(r.selection))}`;
    groups.set(key, [...groups.get(key) ?? [], i]);
  });
  const kept = [...alone];
  const repeats = [];
  const notes = [];
  for (const g of groups.values()) {
    const counted = g.reduce((a, b) => countOrder(reports[b], reports[a]) < 0 ? b : a);
    kept.push(counted);
    for (const i of g.filter((i2) => i2 !== counted)) {
      const r = reports[i];
      repeats.push({ at: i, of: counted });
      notes.push(
        `${name(i)} read the same ${r.inputs.length === 1 ? "log" : "logs"} as ${name(counted)} and selected the same requests (${filterText(r)}): counted once, as a report given twice is`
      );
    }
  }
  return { kept: kept.sort((a, b) => a - b), repeats, notes };
}
function countOrder(a, b) {
  const [sa, sb] = [a.specs[0], b.specs[0]];
  if (sa !== void 0 && sb !== void 0 && specIdentity(sa) !== specIdentity(sb)) return preferredSpec(sb, sa) === sa ? -1 : 1;
  const unselected = (r) => unselectedParts(r.parts ?? []).length;
  return unselected(b) - unselected(a) || (a.parts?.length ?? 0) - (b.parts?.length ?? 0) || cmp(countedText(a), countedText(b));
}
var countedText = ({ inputs: _i, inputIds: _d, parts, ...r }) => JSON.stringify({ ...r, parts: parts?.map(({ name: _n, ...p }) => p) });
function withWordOf(counted, other) {
  const merged = mergeOperation(counted, other);
  return { ...merged, hits: counted.hits, codes: bucketed(counted.codes), verbs: counted.verbs };
}
var isUnselectedNote = (note) => note.endsWith(`; ${CHECK_FILTER}`);
var conformanceText = (c) => c ? `${c.release} (${c.source})` : "none";
function mergeConformance(reports) {
  const texts = [...new Set(reports.map((r) => conformanceText(r.conformance)))].sort();
  const conformance = reports.reduce((a, r) => r.conformance !== null && (a === null || newerConformance(r.conformance, a)) ? r.conformance : a, null);
  if (texts.length === 1) return { conformance };
  const without = reports.some((r) => r.conformance === null);
  return {
    conformance,
    note: `the reports used different conformance data (${texts.join("; ")}): the merged report names ${conformanceText(conformance)}, and an operation counts as conformance tested when any report says so` + (without ? "; operations that only the reports without conformance data saw have no entry in it" : "")
  };
}
function newerConformance(a, b) {
  const d = compareMinor(a.release, b.release) || cmp(a.release, b.release);
  return d > 0 || d === 0 && cmp(a.source, b.source) < 0;
}
var specText = (s) => `${s.source}, ${s.operations} operations`;
var specIdentity = (s) => `${s.source.replace(/^.*[\\/]/, "")}, ${s.operations}`;
var preferredSpec = (a, b) => b.operations > a.operations || b.operations === a.operations && cmp(b.source, a.source) < 0 ? b : a;
function mergeSpecs(reports, kept, repeats) {
  const matched = reports.map((r) => r.specs[0]).filter((s) => s !== void 0);
  const later = /* @__PURE__ */ new Map();
  for (const r of reports) {
    for (const s of r.specs.slice(1)) {
      const prev = later.get(s.kubernetesVersion);
      later.set(s.kubernetesVersion, prev ? preferredSpec(prev, s) : s);
    }
  }
  const first = matched.length > 0 ? matched.reduce(preferredSpec) : void 0;
  const specs = [first, ...[...later.values()].sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion))].filter((s) => s !== void 0);
  const notes = [];
  const specsOf = /* @__PURE__ */ new Map();
  for (const r of kept.map((i) => reports[i])) {
    if (!r.specs[0]) continue;
    const k = appAndFilter(r);
    specsOf.set(k, (specsOf.get(k) ?? /* @__PURE__ */ new Set()).add(specIdentity(r.specs[0])));
  }
  const identity = (i) => reports[i].specs[0] && specIdentity(reports[i].specs[0]);
  const what = [
    ...[...specsOf.values()].some((texts2) => texts2.size > 1) ? ["an API that one spec has and another does not (a cluster's own resources) counts as used in the reports whose spec has it and as unmatched in the others"] : [],
    ...repeats.some(({ at, of }) => identity(at) !== identity(of)) ? [
      "reports of the same logs and filter count their requests once, as the one matched against the spec of the most operations of theirs matched them: an API that only another of their specs has counts as unmatched"
    ] : []
  ];
  const specTexts = [...new Set(matched.map(specText))].sort();
  if (what.length > 0) {
    notes.push(
      `the reports were matched against different specs of Kubernetes ${reports[0].kubernetesVersion} (${specTexts.join("; ")}): the merged report names the one with the most operations (${first.source}); ` + what.join("; ")
    );
  }
  const checked = (r) => r.specs.slice(1).map((s) => s.kubernetesVersion).join(", ") || "none";
  const texts = [...new Set(reports.map(checked))].sort();
  if (texts.length > 1) {
    notes.push(`the reports checked different later releases for removals (${texts.join("; ")}): an operation's removal is the earliest any report found, among the releases that report checked`);
  }
  return { specs, notes };
}
function compareToolVersions(a, b) {
  const split = (v) => {
    const dash = v.indexOf("-");
    const core = dash === -1 ? v : v.slice(0, dash);
    return [core.split(".").map((n) => /^\d+$/.test(n) ? Number(n) : NaN), dash === -1 ? null : v.slice(dash + 1).split(".")];
  };
  const [[pa, preA], [pb, preB]] = [split(a), split(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isNaN(d)) return cmp(a, b);
    if (d !== 0) return d;
  }
  if (preA === null || preB === null) return preA === preB ? cmp(a, b) : preA === null ? 1 : -1;
  for (let i = 0; i < Math.min(preA.length, preB.length); i++) {
    const [x, y] = [preA[i], preB[i]];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    const d = nx && ny ? Number(x) - Number(y) : nx !== ny ? nx ? -1 : 1 : cmp(x, y);
    if (d !== 0) return d;
  }
  return preA.length - preB.length || cmp(a, b);
}
function mergeTool(reports) {
  const versions = [...new Set(reports.map((r) => r.tool.version))].sort(compareToolVersions);
  const tool = { ...reports[0].tool, version: versions.at(-1) };
  if (versions.length === 1) return { tool };
  return { tool, note: `the reports were made by different apisnoop versions (${versions.join("; ")}): the merged report names the latest, ${tool.version}; what one version matched or counted differently from another is mixed` };
}
var listText = (list) => [...list].sort().join(",");
var policyText = (p) => `fail-on ${listText(p.failOn) || "none"}${p.allow.length > 0 ? `, allow ${listText(p.allow)}` : ""}`;
function mergePolicy(reports, given, ops) {
  const own = reports.map((r) => r.verdict.policy);
  const same = (key) => own.every((p) => JSON.stringify(p[key]) === JSON.stringify(own[0][key]));
  const failOn = given.failOn ?? (same("failOn") ? own[0].failOn : FAIL_ON_ORDER.filter((rule) => own.some((p) => p.failOn.includes(rule))));
  const allow = given.allow ?? (same("allow") ? own[0].allow : [...new Set(own.flatMap((p) => p.allow))].filter((a) => own.every((p) => allowCovers(p.allow, a, ops))).sort());
  const policy = { failOn, allow };
  const texts = (text) => [...new Set(own.map(text))].sort();
  const failOnText = (rules) => listText(rules) || "none";
  const allowText = (entries) => listText(entries) || "none";
  const strictest = "the merged verdict uses the strictest combination, every rule any report fails on and only what every report allows";
  if (given.failOn === void 0 && given.allow === void 0) {
    const policies = texts(policyText);
    if (policies.length > 1) {
      return { policy, note: `the reports were judged by different policies (${policies.join("; ")}): ${strictest} (${policyText(policy)}); set fail-on and allow (--fail-on, --allow) to choose` };
    }
  } else if (given.allow === void 0 && texts((p) => listText(p.allow)).length > 1) {
    const lists = texts((p) => allowText(p.allow));
    return { policy, note: `the reports allow different operations (${lists.join("; ")}): the merged verdict allows only what every report allows (${allowText(allow)}); set allow (--allow) to choose` };
  } else if (given.failOn === void 0 && texts((p) => listText(p.failOn)).length > 1) {
    const rules = texts((p) => failOnText(p.failOn));
    return { policy, note: `the reports fail on different rules (${rules.join("; ")}): the merged verdict fails on every rule any report fails on (${failOnText(failOn)}); set fail-on (--fail-on) to choose` };
  }
  return { policy };
}
function mergeReports(read, given = {}, onNote, allNames) {
  if (read.length === 0) throw new MergeError("nothing to merge");
  const all = read.map((r, i) => knownFieldsOnly(r, (fields) => onNote?.(`${allNames?.[i] ?? reportName(read, i)}: ${fields}`)));
  for (const r of all) {
    if (r.schemaVersion !== SCHEMA_VERSION) throw new MergeError(`report schemaVersion ${r.schemaVersion} is not ${SCHEMA_VERSION}`);
  }
  const versions = [...new Set(all.map((r) => r.kubernetesVersion))];
  if (versions.length > 1) {
    throw new MergeError(`reports are against different Kubernetes releases (${versions.join(", ")}): merge reports of one release`);
  }
  const allName = (i) => allNames?.[i] ?? reportName(all, i);
  const { kept, repeats, notes: repeatNotes } = distinctReads(all, allName);
  for (const n of repeatNotes) onNote?.(n);
  const reports = kept.map((i) => all[i]);
  const names = allNames && kept.map((i) => allNames[i]);
  const name = (i) => names?.[i] ?? reportName(reports, i);
  const logs = sameLogGroups(reports);
  const shared = sharedLog(reports, logs);
  if (shared) {
    onNote?.(
      `${name(shared.a)} and ${name(shared.b)} both read ${shared.file}, beside logs the other did not read: its requests count in the requests read of both, as the merge counts what each report read as a whole; merge reports of the same logs, or of different ones`
    );
  }
  const first = reports[0];
  const ops = /* @__PURE__ */ new Map();
  const unmatched = /* @__PURE__ */ new Map();
  for (const r of reports) {
    for (const read2 of r.operations) {
      const op = withReplacementLooked(read2, r);
      const k = operationKey(op);
      const prev = ops.get(k);
      ops.set(k, prev ? mergeOperation(prev, op) : listedOperation(op));
    }
    for (const row of r.unmatched) {
      const u = currentUnmatched(row);
      const k = unmatchedKey(u.reason, u.verb, u.pattern);
      const prev = unmatched.get(k);
      unmatched.set(k, prev ? mergeUnmatched(prev, u) : listedUnmatched(u));
    }
  }
  for (const { at, of } of repeats) {
    const matched = new Set(all[of].operations.map(operationKey));
    for (const op of all[at].operations) {
      const k = operationKey(op);
      if (matched.has(k)) ops.set(k, withWordOf(ops.get(k), withReplacementLooked(op, all[at])));
    }
  }
  const specs = mergeSpecs(all, kept, repeats);
  const later = laterReleases(specs);
  const operations = sortOperations([...ops.values()].map((op) => withMergedLater(op, later)));
  const sum = (f) => reports.reduce((n, r) => n + f(r), 0);
  const once = (f) => logs.reduce((n, g) => n + Math.max(...g.map((i) => f(reports[i]))), 0);
  const logReports = logs.map((g) => reports[g[0]]);
  const summary = summarize(operations, first.kubernetesVersion, {
    requests: once((r) => r.summary.requests),
    selected: sum((r) => r.summary.selected),
    ...reports.some((r) => r.summary.excluded !== void 0) ? { excluded: once((r) => r.summary.excluded ?? 0) } : {},
    matched: sum((r) => r.summary.matched),
    unmatched: sum((r) => r.summary.unmatched),
    invalidLines: once((r) => r.summary.invalidLines),
    events: once((r) => r.summary.events)
  });
  if (reports.some((r) => r.summary.countedEarly !== void 0)) {
    Object.assign(summary, { countedEarly: once((r) => r.summary.countedEarly ?? 0), finalStagesDropped: once((r) => r.summary.finalStagesDropped ?? 0) });
  }
  if (reports.some((r) => r.summary.countedEarlyForgotten !== void 0)) Object.assign(summary, { countedEarlyForgotten: once((r) => r.summary.countedEarlyForgotten ?? 0) });
  const e2eKnown = !reports.some(e2eReleasesUnknown);
  if (e2eKnown && reports.some((r) => r.summary.e2eReleases !== void 0)) {
    Object.assign(summary, { e2eReleases: reports.reduce((n, r) => addRecords(n, r.summary.e2eReleases ?? {}), {}) });
  }
  const inputIds = logReports.flatMap(inputIdsOf);
  const { rbac, notes: rbacNotes, notices: rbacNotices } = mergeRbac(all, allName);
  for (const n of rbacNotes) onNote?.(n);
  const { selection, note: selectionNote, unselected = [] } = mergeSelection(reports, logs, name);
  const conformance = mergeConformance(all);
  if (conformance.note) onNote?.(conformance.note);
  for (const n of specs.notes) onNote?.(n);
  const tool = mergeTool(all);
  if (tool.note) onNote?.(tool.note);
  const policy = mergePolicy(all, given, operations);
  if (policy.note) onNote?.(policy.note);
  const failsEmpty = policy.policy.failOn.includes("empty");
  const e2e = e2eKnown ? { kubernetesVersion: first.kubernetesVersion, conformance: conformance.conformance, summary } : null;
  const runNotes = mergeRunNotes(all, [selectionNote, ...failsEmpty ? [] : unselected, ...rbacNotices], failsEmpty, e2e);
  const leastPrivilegeUnchecked = mergeUnchecked(all);
  const invalid = logReports.flatMap((r) => r.invalid).filter((l, i) => i < MAX_LISTED_INVALID || isCutShort(l.message));
  const { rbac: _firstRbac, app: _firstApp, runNotes: _firstNotes, leastPrivilegeUnchecked: _firstUnchecked, parts: _firstParts, ...rest } = first;
  const parts = reports.flatMap((r, i) => r.parts ?? [{ name: name(i), requests: r.summary.requests, selected: r.summary.selected, filter: filterText(r), ...r.app !== void 0 ? { app: r.app } : {} }]);
  const apps = [...new Set(all.map((r) => r.app))].sort((a, b) => cmp(a ?? "", b ?? ""));
  const app = apps.length === 1 ? first.app : apps.every((a) => a !== void 0) ? apps.join(" + ") : void 0;
  if (app === void 0 && apps.some((a) => a !== void 0)) {
    onNote?.(`reports of ${apps.filter((a) => a !== void 0).join(", ")} merged with reports of no named app: the merged report names none`);
  }
  const merged = {
    ...rest,
    tool: tool.tool,
    specs: specs.specs,
    conformance: conformance.conformance,
    selection,
    inputs: logReports.flatMap((r) => r.inputs),
    inputIds,
    summary,
    operations,
    unmatched: sortUnmatched(capUnmatched(unmatched.values())),
    invalid,
    // The run rules judge the whole: empty when any report selected nothing, invalid when any had invalid input.
    verdict: judge(operations, policy.policy, { summary, selection, invalid, specs: specs.specs, ...parts.length > 1 ? { parts } : {} }),
    ...rbac ? { rbac } : {},
    ...app !== void 0 ? { app } : {},
    ...runNotes ? { runNotes } : {},
    // Kept when empty too if a report had it: an empty field says the run problems' words decide nothing (an older
    // report's fallback), which a merged report without it would let them do again.
    ...leastPrivilegeUnchecked.length > 0 || all.some((r) => r.leastPrivilegeUnchecked !== void 0) ? { leastPrivilegeUnchecked } : {},
    // A merge of one report (the comment workflow of fork PRs reading one back) is of no parts.
    ...parts.length > 1 ? { parts } : {}
  };
  if (!inputIds.some((id) => id !== null)) delete merged.inputIds;
  return merged;
}
function knownFieldsOnly(r, say) {
  const { report, leftOut } = withoutUnknownFields(r);
  if (leftOut.length > 0) {
    const shown = leftOut.slice(0, 10).join(", ") + (leftOut.length > 10 ? ` and ${leftOut.length - 10} more` : "");
    say(`${leftOut.length === 1 ? "a field" : "fields"} this apisnoop does not know, left out of the merged report (a later apisnoop's, or added by hand): ${shown}`);
  }
  return report;
}
function mergeUnchecked(reports) {
  const all = /* @__PURE__ */ new Map();
  for (const r of reports) {
    for (const u of uncheckedLeastPrivilege(r)) {
      const app = u.app ?? r.app;
      all.set(JSON.stringify([app ?? "", u.why]), { ...app !== void 0 ? { app } : {}, why: u.why });
    }
  }
  return [...all.entries()].sort(([a], [b]) => cmp(a, b)).map(([, u]) => u);
}
function mergeRunNotes(reports, ownNotes, failsEmpty, whole) {
  const several = new Set(reports.map((r) => r.app)).size > 1;
  const problems = /* @__PURE__ */ new Set();
  const notices = /* @__PURE__ */ new Set();
  let e2eSurface = "cli";
  const isE2eNote = (n, r) => {
    if (!whole) return false;
    const surface = e2eReleaseNoteSurface(n, r);
    if (surface === "action") e2eSurface = surface;
    return surface !== null;
  };
  const notesKey = (r) => JSON.stringify([r.app ?? "", r.runNotes ?? null, r.verdict.runFailures ?? null]);
  for (const r of [...reports].sort((a, b) => cmp(notesKey(a), notesKey(b)))) {
    const at = several && r.app !== void 0 ? `${r.app}: ` : "";
    for (const p of r.runNotes?.problems ?? []) problems.add(at + p);
    for (const n of r.runNotes?.notices ?? []) if (!(failsEmpty && isUnselectedNote(n)) && !isE2eNote(n, r)) notices.add(at + n);
    const emptyParts = r.parts && r.summary.selected > 0 ? r.verdict.runFailures?.find((f) => f.rule === "empty") : void 0;
    if (!failsEmpty && emptyParts) notices.add(at + emptyParts.why);
  }
  const e2e = whole && e2eReleaseNote(whole, e2eSurface);
  if (e2e) notices.add(e2e);
  for (const n of ownNotes) if (n) notices.add(n);
  return problems.size + notices.size > 0 ? { problems: [...problems], notices: [...notices] } : void 0;
}

export {
  e2eReleaseNote,
  sourcePlace,
  identityText,
  identityOf,
  withObservedGroups,
  isIdentityRequest,
  RBAC_GROUP,
  RequestCollector,
  BUILTIN_CLUSTER_ROLES,
  DEFAULT_MAX_RESOURCE_NAMES,
  observedObjects,
  RISKS,
  compareRbac,
  keptUnaudited,
  withKept,
  rulesCount,
  summarizeApp,
  coverageOf,
  quoted,
  shapeProblem,
  mergeReports
};
