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
  shellWord
};
