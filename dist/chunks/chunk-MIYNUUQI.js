import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  eitherTested,
  sharedOperations
} from "./chunk-LWBUQYCE.js";
import {
  FAIL_ON_ORDER,
  MAX_LISTED_CALLERS,
  MAX_LISTED_INVALID,
  MAX_LISTED_TESTS,
  MAX_UNMATCHED_PATTERNS,
  allowCovers,
  cmp,
  codeBucket,
  earlier,
  isCutShort,
  judge,
  operationKey,
  sortOperations,
  sortUnmatched,
  summarize,
  truncationFlag,
  unionListed,
  unmatchedKey,
  unmatchedOrder
} from "./chunk-4BJTWPIX.js";
import {
  DIFFERENT_SELECTIONS,
  OTHER_PATTERNS,
  SCHEMA_VERSION,
  compareMinor,
  otherRowVerb,
  reportPasses,
  selectionCriteria
} from "./chunk-MGBKPOXJ.js";

// src/web/page/format.ts
var numberFormat = new Intl.NumberFormat("en-US");
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
function mergeOperation(a, b) {
  const removal = compareRemoval(a, b) <= 0 ? a : b;
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
    deprecation: removal.deprecation,
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
function mergeRbac(reports) {
  const withRbac = reports.filter((r) => r.rbac !== void 0);
  if (withRbac.length === 0) return {};
  const name = (i) => reportName(reports, i);
  const without = reports.findIndex((r) => r.rbac === void 0);
  if (without !== -1) {
    return { dropped: `least privilege (rbac) left out of the merged report: ${name(without)} has none, so the others' over-grants may be used there` };
  }
  const first = JSON.stringify(reports[0].rbac);
  const other = reports.findIndex((r) => JSON.stringify(r.rbac) !== first);
  const unjudged = (r) => JSON.stringify(r.rbac.map(({ verdict: _verdict, ...c }) => c));
  const different = reports.findIndex((r) => unjudged(r) !== unjudged(reports[0]));
  if (other !== -1 && different === -1) {
    const rbac = reports[0].rbac.map((c, i) => ({ ...c, verdict: strictestRbacVerdict(reports.map((r) => r.rbac[i].verdict)) }));
    return {
      rbac,
      dropped: `least privilege kept with the strictest verdict of the reports (the lowest threshold of those that judge it): ${name(other)} compares the same requests as ${name(0)} but judged them with another threshold or policy`
    };
  }
  if (different !== -1) {
    return {
      dropped: `least privilege (rbac) left out of the merged report: ${name(0)} and ${name(different)} compare different requests, which cannot be combined without the logs; each report's own least privilege stands, or analyze all the logs at once`
    };
  }
  return { rbac: reports[0].rbac };
}
function strictestRbacVerdict(verdicts) {
  const judged = verdicts.filter((v) => v !== null);
  return judged.length === 0 ? null : judged.reduce((a, b) => b.threshold < a.threshold ? b : a);
}
var filterText = (r) => selectionCriteria(r.selection).join(", ") || "(no filter)";
var appAndFilter = (r) => JSON.stringify([r.app ?? null, filterText(r)]);
function mergeSelection(reports, logs) {
  const first = reports[0].selection;
  const texts = reports.map(filterText);
  if (texts.every((t) => t === texts[0])) return { selection: first };
  const unfiltered = reports.some((r) => !r.selection.e2e && selectionCriteria({ ...r.selection, includeSystem: false, excludeUsers: [] }).length === 0);
  const union2 = (f) => unfiltered ? [] : [...new Set(reports.flatMap((r) => f(r.selection)))];
  const selection = {
    namespaces: union2((s) => s.namespaces),
    serviceAccounts: union2((s) => s.serviceAccounts),
    users: union2((s) => s.users),
    userAgents: union2((s) => s.userAgents),
    includeSystem: reports.some((r) => r.selection.includeSystem),
    e2e: !unfiltered && reports.some((r) => r.selection.e2e)
  };
  const excludeUsers = [...new Set(reports.flatMap((r) => r.selection.excludeUsers ?? []))];
  if (excludeUsers.length > 0) selection.excludeUsers = excludeUsers;
  const each = [...new Set(texts)].slice(0, 5).join("; ");
  return {
    selection,
    note: `${DIFFERENT_SELECTIONS} (${each}${new Set(texts).size > 5 ? "; \u2026" : ""}): ` + (unfiltered ? "one of them filtered nothing, so the merged report names no filter, but each report applied only its own" : "the merged report lists every filter, but each report applied only its own") + appliedTo(reports, logs),
    unselected: unselectedNotes(reports, texts)
  };
}
function unselectedNotes(reports, texts) {
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
    const named = at.slice(0, 3).map((i) => reportName(reports, i)).join(", ") + (at.length > 3 ? ` and ${at.length - 3} more` : "");
    notes.push(
      `${named} selected none of the ${read} requests ${at.length === 1 ? "it" : "they"} read (${filter}): the merged verdict judged nothing of ${at.length === 1 ? "its" : "their"} logs; ${CHECK_FILTER}`
    );
  }
  return notes;
}
var CHECK_FILTER = "check that filter";
function appliedTo(reports, logs) {
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
    const names = g.every((i) => reports[i].app === void 0) ? [`reports ${g[0] + 1}`, ...g.slice(1).map((i) => `${i + 1}`)] : g.map((i) => reportName(reports, i));
    return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  };
  const each = shared.slice(0, 3).map((g) => `${named(g)} applied theirs to ${same(g, "their filters")}`);
  return `, to its own logs, except that ${each.join("; ")}${shared.length > 3 ? `; and ${shared.length - 3} more such groups` : ""}`;
}
function distinctReads(reports, name) {
  const seen = /* @__PURE__ */ new Map();
  const kept = [];
  const repeats = [];
  reports.forEach((r, i) => {
    const logs = logsKey(r);
    const key = logs === null ? null : `${logs}
${JSON.stringify(selectionCriteria(r.selection))}`;
    const earlier2 = key === null ? void 0 : seen.get(key);
    if (earlier2 === void 0) {
      if (key !== null) seen.set(key, i);
      kept.push(i);
      return;
    }
    repeats.push(
      `${name(i)} read the same ${r.inputs.length === 1 ? "log" : "logs"} as ${name(earlier2)} and selected the same requests (${filterText(r)}): counted once, as a report given twice is`
    );
  });
  return { kept, repeats };
}
var isUnselectedNote = (note) => note.endsWith(`; ${CHECK_FILTER}`);
var conformanceText = (c) => c ? `${c.release} (${c.source})` : "none";
function mergeConformance(reports) {
  const texts = [...new Set(reports.map((r) => conformanceText(r.conformance)))];
  const conformance = reports.find((r) => r.conformance !== null)?.conformance ?? null;
  if (texts.length === 1) return { conformance };
  const without = reports.some((r) => r.conformance === null);
  return {
    conformance,
    note: `the reports used different conformance data (${texts.join("; ")}): the merged report names ${conformanceText(conformance)}, and an operation counts as conformance tested when any report says so` + (without ? "; operations that only the reports without conformance data saw have no entry in it" : "")
  };
}
var specText = (s) => `${s.source}, ${s.operations} operations`;
var specIdentity = (s) => `${s.source.replace(/^.*[\\/]/, "")}, ${s.operations}`;
var preferredSpec = (a, b) => b.operations > a.operations || b.operations === a.operations && cmp(b.source, a.source) < 0 ? b : a;
function mergeSpecs(reports) {
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
  for (const r of reports) {
    if (!r.specs[0]) continue;
    const k = appAndFilter(r);
    specsOf.set(k, (specsOf.get(k) ?? /* @__PURE__ */ new Set()).add(specIdentity(r.specs[0])));
  }
  const specTexts = [...new Set(matched.map(specText))].sort();
  if ([...specsOf.values()].some((texts2) => texts2.size > 1)) {
    notes.push(
      `the reports were matched against different specs of Kubernetes ${reports[0].kubernetesVersion} (${specTexts.join("; ")}): the merged report names the one with the most operations (${first.source}); an API that one spec has and another does not (a cluster's own resources) counts as used in the reports whose spec has it and as unmatched in the others`
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
function mergeReports(all, given = {}, onNote, allNames) {
  if (all.length === 0) throw new MergeError("nothing to merge");
  for (const r of all) {
    if (r.schemaVersion !== SCHEMA_VERSION) throw new MergeError(`report schemaVersion ${r.schemaVersion} is not ${SCHEMA_VERSION}`);
  }
  const versions = [...new Set(all.map((r) => r.kubernetesVersion))];
  if (versions.length > 1) {
    throw new MergeError(`reports are against different Kubernetes releases (${versions.join(", ")}): merge reports of one release`);
  }
  const { kept, repeats } = distinctReads(all, (i) => allNames?.[i] ?? reportName(all, i));
  for (const r of repeats) onNote?.(r);
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
    for (const op of r.operations) {
      const k = operationKey(op);
      const prev = ops.get(k);
      ops.set(k, prev ? mergeOperation(prev, op) : listedOperation(op));
    }
    for (const u of r.unmatched) {
      const k = unmatchedKey(u.reason, u.verb, u.pattern);
      const prev = unmatched.get(k);
      unmatched.set(k, prev ? mergeUnmatched(prev, u) : listedUnmatched(u));
    }
  }
  const operations = sortOperations([...ops.values()]);
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
  const inputIds = logReports.flatMap(inputIdsOf);
  const { rbac, dropped } = mergeRbac(reports);
  const rbacNote = dropped && !rbac ? dropped : void 0;
  if (dropped && rbac) onNote?.(dropped);
  const { selection, note: selectionNote, unselected = [] } = mergeSelection(reports, logs);
  const conformance = mergeConformance(reports);
  if (conformance.note) onNote?.(conformance.note);
  const specs = mergeSpecs(reports);
  for (const n of specs.notes) onNote?.(n);
  const tool = mergeTool(reports);
  if (tool.note) onNote?.(tool.note);
  const policy = mergePolicy(all, given, operations);
  if (policy.note) onNote?.(policy.note);
  const failsEmpty = policy.policy.failOn.includes("empty");
  const runNotes = mergeRunNotes(all, [selectionNote, ...failsEmpty ? [] : unselected, rbacNote], failsEmpty);
  const invalid = logReports.flatMap((r) => r.invalid).filter((l, i) => i < MAX_LISTED_INVALID || isCutShort(l.message));
  const { rbac: _firstRbac, app: _firstApp, runNotes: _firstNotes, parts: _firstParts, ...rest } = first;
  const parts = reports.flatMap((r, i) => r.parts ?? [{ name: name(i), requests: r.summary.requests, selected: r.summary.selected, filter: filterText(r), ...r.app !== void 0 ? { app: r.app } : {} }]);
  const apps = [...new Set(all.map((r) => r.app))];
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
    verdict: judge(operations, policy.policy, { summary, selection, invalid, ...parts.length > 1 ? { parts } : {} }),
    ...rbac ? { rbac } : {},
    ...app !== void 0 ? { app } : {},
    ...runNotes ? { runNotes } : {},
    // A merge of one report (the comment workflow of fork PRs reading one back) is of no parts.
    ...parts.length > 1 ? { parts } : {}
  };
  if (!inputIds.some((id) => id !== null)) delete merged.inputIds;
  return merged;
}
function mergeRunNotes(reports, ownNotes, failsEmpty) {
  const several = new Set(reports.map((r) => r.app)).size > 1;
  const problems = /* @__PURE__ */ new Set();
  const notices = /* @__PURE__ */ new Set();
  for (const r of reports) {
    const at = several && r.app !== void 0 ? `${r.app}: ` : "";
    for (const p of r.runNotes?.problems ?? []) problems.add(at + p);
    for (const n of r.runNotes?.notices ?? []) if (!(failsEmpty && isUnselectedNote(n))) notices.add(at + n);
    const emptyParts = r.parts && r.summary.selected > 0 ? r.verdict.runFailures?.find((f) => f.rule === "empty") : void 0;
    if (!failsEmpty && emptyParts) notices.add(at + emptyParts.why);
  }
  for (const n of ownNotes) if (n) notices.add(n);
  return problems.size + notices.size > 0 ? { problems: [...problems], notices: [...notices] } : void 0;
}

export {
  summarizeApp,
  coverageOf,
  mergeReports
};
