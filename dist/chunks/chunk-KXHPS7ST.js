import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  DIFFERENT_SELECTIONS,
  LEVELS,
  NO_USER_AGENT,
  compareMinor,
  laterReleases,
  minorOf,
  pathShape,
  replacementLookedIn,
  replacementUncheckedBefore,
  rulesOf
} from "./chunk-QJAYF2D5.js";

// src/engine/conformance-across.ts
var eitherTested = (a, b) => a === null ? b : b === null ? a : a || b;
var releaseOf = (r) => r.conformance?.release ?? r.kubernetesVersion;
var sameRelease = (a, b) => (minorOf(a) ?? a) === (minorOf(b) ?? b);
var newest = (words) => words.reduce((best, w) => best === void 0 || compareMinor(releaseOf(w.report), releaseOf(best.report)) > 0 ? w : best, void 0);
function conformanceAcross(words) {
  const known = words.filter((w) => w.said !== null);
  const withData = known.filter((w) => w.report.conformance !== null);
  const deciding = newest(withData.length > 0 ? withData : known);
  if (!deciding) return { said: null, release: null };
  const release = releaseOf(deciding.report);
  const said = known.filter((w) => sameRelease(releaseOf(w.report), release)).reduce((acc, w) => eitherTested(acc, w.said), null);
  return { said, release };
}

// src/render/format.ts
function levelRank(level) {
  const rank = LEVELS.indexOf(level);
  return rank < 0 ? LEVELS.length : rank;
}
function compareReleases(a, b) {
  const pa = parseRelease(a);
  const pb = parseRelease(b);
  if (pa && pb) {
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return compareText(a ?? "", b ?? "");
}
function parseRelease(value) {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(value ?? "");
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function methodUpper(method) {
  return method.toUpperCase();
}
function methodPath(op) {
  return `${methodUpper(op.method)} ${op.path}`;
}
function groupVersion(op) {
  if (op.group === null) return "";
  const group = op.group === "" ? "core" : op.group;
  return op.version ? `${group}/${op.version}` : group;
}
function formatCodes(codes, times = "\xD7", count = String) {
  return Object.entries(codes).sort(([ca, na], [cb, nb]) => nb - na || compareText(ca, cb)).map(([code, n]) => `${code}${times}${count(n)}`).join(" ");
}
var EMPTY_VERB = "(empty)";
var formatVerbs = (verbs, times = "\xD7", count = String) => formatCodes(Object.fromEntries(Object.entries(verbs).map(([v, n]) => [v === "" ? EMPTY_VERB : v, n])), times, count);
function categoryName(category) {
  return category === "" ? "uncategorized" : category;
}
function isStableUntested(op) {
  return op.level === "stable" && !op.discovery && op.conformanceTested === false;
}
function stableConformanceUnknown(report) {
  return report.summary.stableConformanceUnknown ?? report.operations.filter((o) => o.level === "stable" && !o.discovery && typeof o.conformanceTested !== "boolean").length;
}
function knownStableUntested(report) {
  const stable = report.summary.byLevel.stable.operations;
  return stable > 0 && stableConformanceUnknown(report) >= stable ? null : report.summary.stableUntested;
}
function knownStableUntestedEligible(report) {
  if (knownStableUntested(report) === null) return null;
  return report.summary.stableUntestedEligible ?? report.operations.filter((o) => isStableUntested(o) && !o.conformanceIneligible).length;
}
function isAtRisk(op) {
  return !op.discovery && (op.deprecated || op.removedIn !== null || op.deprecation !== null);
}
function removedIn(op) {
  return op.removedIn ?? op.deprecation?.removedIn ?? null;
}
function replacementCell(o, report) {
  const d = o.deprecation;
  if (!d?.replacement) return "";
  if (d.replacementServedIn === void 0) return d.replacement;
  const release = report.kubernetesVersion;
  if (d.replacementServedIn !== null) {
    const unchecked = replacementUncheckedBefore(d, laterReleases(report));
    return `${d.replacement} (not served by ${release}; Kubernetes ${d.replacementServedIn} serves it${unchecked.length > 0 ? `; ${unchecked.join(", ")} not checked for it` : ""})`;
  }
  const looked = replacementLookedIn(d, report);
  if (looked.releases.length === 0) return `${d.replacement} (not served by ${release}; no later release checked${looked.own ? "" : " for it"})`;
  return looked.own ? `${d.replacement} (not served by ${release} nor by the later releases checked)` : `${d.replacement} (not served by ${release} nor by ${looked.releases.join(", ")}, the later releases checked for it)`;
}
function sharedOperations(reports) {
  const key = (o) => `${o.operationId}\0${o.method}\0${o.path}`;
  const union = /* @__PURE__ */ new Map();
  reports.forEach((report, app) => {
    for (const o of report.operations) {
      let entry = union.get(key(o));
      if (!entry) {
        entry = { op: o, perApp: reports.map(() => void 0), conformanceTested: null, conformanceRelease: null, tested: null, conformanceIneligible: null, removedIn: null, deprecated: false };
        union.set(key(o), entry);
      }
      entry.perApp[app] = o;
      entry.conformanceIneligible ??= o.conformanceIneligible ?? null;
      entry.deprecated ||= o.deprecated;
      const r = removedIn(o);
      if (r !== null && (entry.removedIn === null || compareReleases(r, entry.removedIn) < 0)) entry.removedIn = r;
    }
  });
  for (const entry of union.values()) {
    const words = (field) => entry.perApp.flatMap((o, i) => o ? [{ said: o[field], report: reports[i] }] : []);
    ({ said: entry.conformanceTested, release: entry.conformanceRelease } = conformanceAcross(words("conformanceTested")));
    entry.tested = conformanceAcross(words("tested")).said;
  }
  return [...union.values()];
}
function unservedDiscovery(report) {
  const groupDiscovery = (pattern) => {
    const shape = pathShape(pattern);
    return shape.discovery && !!shape.group;
  };
  const unserved = (reason) => reason === "unknown-group-version" || reason === "unknown-resource";
  return report.unmatched.filter((u) => unserved(u.reason) && u.verb === "get" && groupDiscovery(u.pattern)).reduce((n, u) => n + u.count, 0);
}
function operationCallers(op) {
  const agents = op.userAgents.filter((a) => a !== NO_USER_AGENT).map((name) => ({ name, user: false }));
  const users = (op.users ?? []).filter((u) => u !== NO_USER_AGENT);
  if (agents.length === op.userAgents.length || users.length === 0) {
    return { callers: op.userAgents.map((name) => ({ name, user: false })), truncated: op.userAgentsTruncated === true };
  }
  return {
    callers: [...agents, ...users.map((name) => ({ name, user: true }))],
    truncated: op.userAgentsTruncated === true || op.usersTruncated === true
  };
}
function violationCallers(report) {
  const key = (o) => `${o.operationId} ${o.method} ${o.path}`;
  const ops = new Map(report.operations.map((o) => [key(o), o]));
  return (v) => {
    const op = ops.get(key(v));
    return operationCallers({ userAgents: v.callers, userAgentsTruncated: v.callersTruncated, users: op?.users ?? [], usersTruncated: op?.usersTruncated });
  };
}
function allowToPass(report) {
  const key = (o) => `${o.operationId} ${o.method} ${o.path}`;
  const ops = new Map(report.operations.map((o) => [key(o), o]));
  const entries = report.verdict.violations.map((v) => {
    const op = ops.get(key(v));
    return (op && op.version ? groupVersion(op) : "") || v.operationId;
  });
  if (entries.length === 0) return [];
  return [.../* @__PURE__ */ new Set([...report.verdict.policy.allow, ...entries.sort(compareText)])];
}
var SELECTION_SHOWN = 3;
var SYSTEM_INCLUDED = "system components and anonymous health checks included";
function selectionText(report, code, notes = "the notes above") {
  const sel = report.selection;
  if ((report.runNotes?.notices ?? []).some((n) => n.includes(DIFFERENT_SELECTIONS))) {
    return `Selected: each merged report's requests by its own filter, and the filters differ (see ${notes}).`;
  }
  if (sel.e2e) return `Selected: the e2e tests' requests (user agent ${code("e2e.test")}\u2026).`;
  const named = (one, many, values) => {
    if (values.length === 0) return [];
    const shown = values.slice(0, SELECTION_SHOWN).map(code);
    const more = values.length > SELECTION_SHOWN ? ` and ${values.length - SELECTION_SHOWN} more` : "";
    return [`${values.length === 1 ? one : many} ${shown.join(", ")}${more}`];
  };
  const criteria = [
    ...named("namespace", "namespaces", sel.namespaces),
    ...named("service account", "service accounts", sel.serviceAccounts),
    ...named("user", "users", sel.users),
    ...named("user agent", "user agents", sel.userAgents)
  ];
  const excluded = report.summary?.excluded;
  const [left] = named("user", "users", sel.excludeUsers ?? []);
  const leftOut = left ? ` Left out wherever they act: ${left}${excluded !== void 0 ? ` (${excluded} request${excluded === 1 ? "" : "s"})` : ""}.` : "";
  if (criteria.length === 0) {
    return (sel.includeSystem ? `Selected: all requests, ${SYSTEM_INCLUDED} (no filter).` : "Selected: all requests but Kubernetes' system components and anonymous health checks (no filter).") + leftOut;
  }
  return `Selected (any of): ${criteria.join("; ")}${sel.includeSystem ? `; ${SYSTEM_INCLUDED}` : ""}.${leftOut}`;
}
var VIOLATION_RULE_ORDER = ["removed", "deprecated", "alpha", "beta"];
var ruleRank = (rule) => VIOLATION_RULE_ORDER.includes(rule) ? VIOLATION_RULE_ORDER.indexOf(rule) : VIOLATION_RULE_ORDER.length;
function violationsByUrgency(report) {
  const ops = new Map(report.operations.map((op) => [`${op.operationId} ${op.method} ${op.path}`, op]));
  const ranked = report.verdict.violations.map((v) => {
    const op = ops.get(`${v.operationId} ${v.method} ${v.path}`);
    const reasons = [...rulesOf(v), ...op?.removedIn ? ["removed"] : [], ...op?.deprecated ? ["deprecated"] : []];
    return { v, rank: Math.min(...reasons.map(ruleRank)), removedIn: op?.removedIn ?? null };
  });
  ranked.sort(
    (a, b) => a.rank - b.rank || compareReleases(a.removedIn, b.removedIn) || b.v.hits - a.v.hits || ruleRank(a.v.rule) - ruleRank(b.v.rule) || compareText(a.v.operationId, b.v.operationId) || compareText(a.v.method, b.v.method)
  );
  return ranked.map((r) => r.v);
}
function violatingOperations(report) {
  const seen = /* @__PURE__ */ new Set();
  return violationsByUrgency(report).filter((v) => {
    const key = `${v.operationId} ${v.method} ${v.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// src/render/markdown-cells.ts
var CELL_MAX = 160;
var CALLERS_SHOWN = 3;
var OPERATION_ID_MAX = 100;
function operationCell(op) {
  return `${mdCode(op.operationId, OPERATION_ID_MAX)}<br>${mdCode(methodPath(op))}`;
}
function callersCell({ callers, truncated }) {
  const shown = callers.slice(0, CALLERS_SHOWN).map((c) => c.user ? `user ${mdCode(c.name, 80)}` : mdCode(c.name, 80));
  const more = callers.length - shown.length;
  return shown.join("<br>") + (more > 0 ? `<br>+${more} more` : "") + (truncated ? " and others" : "");
}
function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}
function yesNo(value) {
  return value === null ? "no data" : value ? "yes" : "no";
}
function byHitsThenId(a, b) {
  return b.hits - a.hits || compareText(a.operationId, b.operationId) || compareText(a.method, b.method);
}
var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
var oneLine = (value) => value.replace(CONTROLS, " ");
var BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function visibleBidi(text) {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
var graphemes;
var segments = (text) => (graphemes ??= typeof Intl.Segmenter === "function" ? new Intl.Segmenter("en", { granularity: "grapheme" }) : null)?.segment(text) ?? codePoints(text);
var WRITTEN_BIDI = /\\u[0-9a-f]{4}/g;
function clip(value, max) {
  if (value.length <= max) return value;
  const head = value.slice(0, 2 * max + 8);
  if (head.length === value.length && Array.from(value).length <= max) return value;
  const room = Math.max(0, max - 1);
  const insideEscape = /* @__PURE__ */ new Set();
  for (const m of head.matchAll(WRITTEN_BIDI)) for (let i = m.index + 1; i < m.index + m[0].length; i++) insideEscape.add(i);
  let hard = 0;
  let soft = -1;
  let softKept = 0;
  let kept = 0;
  for (const { segment, index } of segments(head)) {
    if (/^\s/u.test(segment)) {
      soft = index;
      softKept = kept;
    }
    kept += Array.from(segment).length;
    if (kept > room) break;
    if (!insideEscape.has(index + segment.length)) hard = index + segment.length;
  }
  const words = soft > 0 && softKept >= max / 2 ? head.slice(0, soft).replace(/[\s,;:]+$/u, "") : "";
  return (words || head.slice(0, hard)) + "\u2026";
}
function* codePoints(text) {
  let index = 0;
  for (const segment of text) {
    yield { segment, index };
    index += segment.length;
  }
}
function mdCode(value, max = CELL_MAX, inTable = true) {
  let text = clip(visibleBidi(oneLine(value).trim()), max);
  if (text === "") return "";
  if (inTable) text = text.replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
function mdText(value, max = CELL_MAX) {
  const text = clip(visibleBidi(oneLine(value)), max).replace(/[\\`*_{}[\]()<>#+!|~&$]/g, "\\$&");
  return unlinked(text.includes("//") || /www\./i.test(text) ? text.replace(BARE_URL, "\\$&") : text);
}
var BARE_URL = /:(?=\/\/)|(?<=www)\./gi;
function htmlText(value, max = CELL_MAX) {
  return unlinked(clip(visibleBidi(oneLine(value)), max)).replace(/[&<>"'`[\]\\*_|]/g, (ch) => `&#${ch.codePointAt(0)};`);
}
function unlinked(text) {
  return /[@#]|gh-/i.test(text) ? text.replace(/@(?=[\p{L}\p{N}_])|(?:#|\bgh-)(?=\d)/giu, "$&\u200B") : text;
}
function mdLink(label, href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    throw new TypeError(`renderMarkdown: reportUrl is not a URL: ${JSON.stringify(href)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`renderMarkdown: reportUrl must be http(s), got ${url.protocol}`);
  }
  return `[${mdText(label)}](<${url.href}>)`;
}
function checkMarker(marker) {
  const ok = marker.length >= 7 && marker.startsWith("<!--") && marker.endsWith("-->") && marker.indexOf("-->") === marker.length - 3 && !/[\r\n]/.test(marker);
  if (!ok) {
    throw new TypeError(`renderMarkdown: marker must be one HTML comment like <!-- apisnoop:comment -->, got ${JSON.stringify(marker)}`);
  }
  return marker;
}

export {
  eitherTested,
  levelRank,
  compareReleases,
  compareText,
  groupVersion,
  formatCodes,
  formatVerbs,
  categoryName,
  isStableUntested,
  stableConformanceUnknown,
  knownStableUntested,
  knownStableUntestedEligible,
  isAtRisk,
  removedIn,
  replacementCell,
  sharedOperations,
  unservedDiscovery,
  operationCallers,
  violationCallers,
  allowToPass,
  selectionText,
  VIOLATION_RULE_ORDER,
  ruleRank,
  violationsByUrgency,
  violatingOperations,
  OPERATION_ID_MAX,
  operationCell,
  callersCell,
  plural,
  yesNo,
  byHitsThenId,
  CONTROLS,
  oneLine,
  visibleBidi,
  clip,
  mdCode,
  mdText,
  htmlText,
  mdLink,
  checkMarker
};
