import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/engine/report.ts
var SCHEMA_VERSION = 1;
var LEVELS = ["stable", "beta", "alpha"];
var OTHER_PATTERNS = "(other patterns)";
var AUDIT_VERBS = /* @__PURE__ */ new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy", "connect", "post", "put", "head", "options"]);
var OTHER_VERBS = "(other verbs)";
var otherRowVerb = (verb) => AUDIT_VERBS.has(verb) ? verb : OTHER_VERBS;
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
function reportTitle(report) {
  return report.app !== void 0 ? `APISnoop: ${report.app}` : "APISnoop";
}
function reportPasses(report) {
  return report.verdict.pass && (report.rbac ?? []).every((c) => c.verdict === null || c.verdict.pass);
}
function missingFinalStages(report) {
  let unknown = 0;
  let all = 0;
  for (const op of report.operations) {
    all += op.hits;
    unknown += op.codes.unknown ?? 0;
  }
  if (unknown === 0 || unknown * 10 < all) return null;
  return `${unknown} of ${all} matched requests have no response code: their final stage (ResponseComplete or Panic) is not in the log, as when the audit policy omits it or the log was cut off; they count as "unknown" and their deprecation annotations are missing`;
}

// src/shell-word.ts
function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
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
function isSystemUser(u) {
  if (u.username && SYSTEM_USER.test(u.username)) return true;
  return (u.groups ?? []).some((g) => SYSTEM_GROUPS.has(g));
}
function isSystemRequest(req) {
  const ids = [req.user, req.impersonatedUser].filter((u) => u !== void 0);
  return ids.length > 0 && ids.every(isSystemUser);
}
function e2eTestName(userAgent) {
  if (!userAgent || !userAgent.startsWith("e2e.test")) return null;
  const i = userAgent.indexOf(" -- ");
  return i === -1 ? null : userAgent.slice(i + 4).trim() || null;
}
var NO_USER_AGENT = "(none)";
function userAgentProgram(userAgent) {
  if (!userAgent) return NO_USER_AGENT;
  const i = userAgent.indexOf(" -- ");
  return i === -1 ? userAgent : userAgent.slice(0, i);
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
  const named = [...sel.users, ...sel.serviceAccounts.map(serviceAccountUser)];
  const users = named.map((u) => globMatcher(u, "user"));
  const exact = new Set(named.filter((u) => !u.includes("*")));
  const agents = sel.userAgents.map((a) => globMatcher(a, "userAgent"));
  const anyCriterion = namespaces.size > 0 || users.length > 0 || agents.length > 0;
  return (req) => {
    if (sel.e2e) return (req.userAgent ?? "").startsWith("e2e.test");
    const ids = requestIdentities(req);
    if (ids.some((id) => exact.has(id))) return true;
    if (!sel.includeSystem && isSystemRequest(req)) return false;
    if (!anyCriterion) return true;
    if (namespaces.size > 0 && req.objectRef?.namespace && namespaces.has(req.objectRef.namespace)) return true;
    if (users.some((matches) => ids.some((id) => matches(id)))) return true;
    const ua = req.userAgent ?? "";
    return agents.some((matches) => matches(ua));
  };
}
function nothingSelected(requests, selected, sel) {
  if (requests === 0 || selected > 0) return null;
  const criteria = selectionCriteria(sel);
  const why = criteria.length > 0 ? `the selection (${criteria.join(", ")})${sel.includeSystem ? "" : ", which leaves out system components,"} matched none` : "they are all from system components, which are left out unless include-system is set (--include-system)";
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
    ...sel.includeSystem ? ["include-system"] : []
  ];
}

export {
  SCHEMA_VERSION,
  LEVELS,
  OTHER_PATTERNS,
  otherRowVerb,
  nextMinor,
  removalBound,
  removalText,
  allowedText,
  rulesOf,
  reportTitle,
  reportPasses,
  missingFinalStages,
  DEFAULT_SELECTION,
  effectiveUser,
  e2eTestName,
  NO_USER_AGENT,
  userAgentProgram,
  requestFilter,
  nothingSelected,
  DIFFERENT_SELECTIONS,
  selectionCriteria,
  shellWord
};
