import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  VERSION,
  aggregatedRepeatOf,
  copyWarning,
  findCopies,
  oldestFirst,
  specReleaseWarnings
} from "./chunk-K3FCDBPE.js";
import {
  DistinctFiles,
  InputError,
  STDIN_NAME,
  catalogueGroups,
  catalogueResources,
  duplicateInput,
  expandInputs,
  inputFiles,
  loadSpecFile,
  loadSpecVersion,
  readAuditInput,
  readFailure,
  shippedCatalogue,
  shippedRelease,
  shippedReleases,
  shownName,
  wildcardHint
} from "./chunk-MGW7ATYX.js";
import {
  EVENT_ID,
  YAMLException,
  constructFromEvents,
  dump,
  getScalarValue,
  loadAll,
  parseEvents
} from "./chunk-MJIIZJVB.js";
import {
  documentHtml,
  pageAssets
} from "./chunk-Y6XTGB7K.js";
import {
  terminalLine
} from "./chunk-DFFE3E7Q.js";
import {
  RBAC_GROUP,
  RISKS,
  RequestCollector,
  compareRbac,
  identityOf,
  identityText,
  isIdentityRequest,
  keptUnaudited,
  observedObjects,
  quoted,
  rulesCount,
  shapeProblem,
  sourcePlace,
  summarizeApp,
  withKept,
  withObservedGroups
} from "./chunk-ZOHRZ7ZL.js";
import {
  OPERATION_ID_MAX,
  allowToPass,
  byHitsThenId,
  callersCell,
  categoryName,
  checkMarker,
  compareReleases,
  compareText,
  formatCodes,
  formatVerbs,
  groupVersion,
  htmlText,
  isAtRisk,
  isStableUntested,
  knownStableUntested,
  knownStableUntestedEligible,
  levelRank,
  mdCode,
  mdLink,
  mdText,
  oneLine,
  operationCallers,
  operationCell,
  plural,
  removedIn,
  replacementCell,
  ruleRank,
  selectionText,
  sharedOperations,
  stableConformanceUnknown,
  unservedDiscovery,
  violationCallers,
  violationsByUrgency,
  visibleBidi,
  yesNo
} from "./chunk-KXHPS7ST.js";
import {
  COMPRESSED_SUFFIX,
  MANY_OPEN,
  RULES,
  RUN_RULES,
  RequestAssembler,
  assemblyWarnings,
  eventsIn,
  firstLineIsAuditEvent,
  isGzipHeader,
  jsonError,
  makeDir,
  manyOpenWarner,
  newAssemblyTallies,
  newOddFields,
  nothingJudged,
  oddFieldWarnings,
  oddFields,
  runFailureHeadline,
  unknownAllowWarnings
} from "./chunk-SCAZIKRH.js";
import {
  LEVELS,
  OTHER_PATTERNS,
  SCHEMA_VERSION,
  UNCHECKED_FAILED_BY,
  allowedText,
  compareMinor,
  grouped,
  isMinor,
  laterChecked,
  minorOf,
  notesBesideVerdict,
  removalBound,
  reportPasses,
  reportTitle,
  requestIdentities,
  rulesOf,
  skippedOperationsWarning,
  uncheckedLeastPrivilege,
  uncheckedText
} from "./chunk-QJAYF2D5.js";

// src/render/rbac-text.ts
function ruleText(r) {
  if (r.nonResourceURLs) return `${r.verbs.join(",")} ${r.nonResourceURLs.join(",")}`;
  const groups = (r.apiGroups ?? []).map((g) => g === "" ? "core" : g).join(",");
  return `${r.verbs.join(",")} ${groups}:${(r.resources ?? []).join(",")}${r.resourceNames ? ` [${r.resourceNames.join(",")}]` : ""}`;
}
function sourceText(r) {
  return r.source ? sourcePlace(r.source) : null;
}
function qualifiedName(r) {
  return `${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}
function refText(r) {
  const src = sourceText(r);
  return `${r.kind} ${qualifiedName(r)}${src ? ` (${src})` : ""}`;
}
function unservedText(names, release, what = "API group") {
  const one = names.length === 1;
  return `${one ? `${what === "API group" ? "an" : "a"} ${what}` : `${what}s`} Kubernetes ${release} does not serve: no request can use ${one ? "it" : "them"} there, so not counted as over-grants`;
}
var CHECKED_FOR_ANOTHER = "checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes)";
var UNAUDITED_TEXT = `${CHECKED_FOR_ANOTHER}, so not visible in an audit log: kept as granted, not judged`;
function roleUsageText(u, neverUsed = "", unauditedBelow = false) {
  const n = u.unaudited ?? 0;
  const permissions = (k) => `${k} permission${k === 1 ? "" : "s"}`;
  const unseen = unauditedBelow ? `${u.permissions === 0 ? permissions(n) : `${n} more`}, said below` : `${permissions(n)} not visible in an audit log, not judged`;
  if (n > 0 && u.permissions === 0) return unseen;
  const used2 = `${u.exercised} of ${permissions(u.permissions)} used${u.exercised === 0 && u.permissions > 0 ? neverUsed : ""}`;
  return n > 0 ? `${used2}; ${unseen}` : used2;
}
function unauditedRulesText(rules) {
  return `${rules} rule${rules === 1 ? "" : "s"} on resources no audit log shows used, not judged`;
}
function bindingsToRolesText(n) {
  return n === 1 ? "1 binding to a role" : `${n} bindings to roles`;
}
function unknownText(release) {
  return `not in Kubernetes ${release}: a typo grants nothing`;
}

// src/render/rbac.ts
function groupText(g) {
  if (g.path) return `${g.verb} ${g.path}`;
  const where = g.namespace ? `in ${g.namespace}` : "cluster-wide";
  return `${g.verb} ${g.apiGroup ? `${g.apiGroup}/` : ""}${g.resource}${g.names ? ` [${g.names.join(",")}]` : ""} ${where}`;
}
function refusedText(r) {
  return groupText({ ...r, ...r.name ? { names: [r.name] } : {}, allowed: 0 });
}
var REFUSED_AFTER_AUTHORIZATION = "allowed by the authorizer, then refused: admission (PodSecurity, quota, webhooks) or a further permission check; a grant may still be needed";
var IN_FLIGHT_LIMIT = {
  page: "past the requests held in flight (apisnoop analyze --max-in-flight)",
  rbac: `past the ${grouped(MANY_OPEN)} requests rbac holds in flight (apisnoop analyze --max-in-flight, with --rbac-serviceaccount, holds more)`
};
function withoutResponseText(n, limit = IN_FLIGHT_LIMIT.page) {
  return `${n} of this identity's requests ${n === 1 ? "has" : "have"} no response recorded (counted before their final stage, ${limit}, or the log lacks it): denials and creates by server-side apply among them are missing from these figures`;
}
function keptRulesText(n) {
  return `${n} rule${n === 1 ? "" : "s"} kept from the manifests as granted: ${CHECKED_FOR_ANOTHER}, so no audit log can show ${n === 1 ? "it" : "them"} used`;
}
function observedYaml(c, opts = {}) {
  const kept = keptUnaudited(c.granted);
  const objects = observedObjects(withKept(c.observed, kept), c.identity, opts);
  const keptRules = rulesCount(kept);
  const head = (
    // The username is the log's, and a line break in it (\n, \r, NEL, LS, PS) would end the comment: what follows would
    // be YAML that kubectl apply runs (a ClusterRoleBinding). Its controls are written as visible escapes, as on stderr.
    `# RBAC observed by apisnoop ${VERSION} for ${terminalLine(c.identity.username)}: ${c.requests.total} requests${c.requests.denied ? `, ${c.requests.denied} denied (included: the app asked for them)` : ""}${c.requests.allowedByDefault ? `, ${c.requests.allowedByDefault} allowed by the default discovery roles (no rule needed)` : ""}.
` + (keptRules ? `# With ${keptRulesText(keptRules)} (marked below).
` : "") + (c.requests.withoutResponse ? `# ${withoutResponseText(c.requests.withoutResponse, opts.inFlightLimit)}.
` : "")
  );
  if (objects.length === 0) return `${head}# No rules needed beyond the cluster's default roles.
`;
  const keptIn = (o) => o.kind === "ClusterRole" ? kept.clusterRules.length : o.kind === "Role" ? kept.roles.find((r) => r.namespace === o.metadata.namespace)?.rules.length ?? 0 : 0;
  return head + objects.map((o) => `---
${objectYaml(o, keptIn(o))}`).join("");
}
function objectYaml(o, kept) {
  const yaml = (x) => dump(x, { noRefs: true, lineWidth: -1 });
  if (kept === 0) return yaml(o);
  const { rules, ...rest } = o;
  const list2 = (rs) => rs.length > 0 ? yaml(rs).replace(/^(?=.)/gm, "  ") : "";
  return `${yaml(rest)}rules:
${list2(rules.slice(0, -kept))}  # Kept from the manifests as granted: ${CHECKED_FOR_ANOTHER}, so no audit log can show the rules below used.
${list2(rules.slice(-kept))}`;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code === 99) {
      before = ":";
      after = ":";
    } else if (code === 108) {
      before = ":";
    } else if (code === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code = alignments[columnIndex];
        if (code === 114) {
          before = " ".repeat(size);
        } else if (code === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code = typeof value === "string" ? value.codePointAt(0) : 0;
  return code === 67 || code === 99 ? 99 : code === 76 || code === 108 ? 108 : code === 82 || code === 114 ? 114 : 0;
}

// src/render/markdown-layout.ts
var MORE_ROWS = (n, file = "report.json") => `\u2026 ${plural(n, "more row", "more rows")}, see ${file}`;
var VISIBLE_FIRST_SHARE = 30;
var FOLDED_FIRST_SHARE = 15;
function fixed(text) {
  return { priority: 0, rows: 0, render: () => text, fixed: true, name: "", firstShare: 0 };
}
var SEPARATOR = "\n\n";
function layout(parts, maxChars, see = "report.json") {
  const shown2 = parts.map(() => 0);
  const kept = parts.map(() => true);
  const size = (i, shown3) => parts[i].size?.(shown3) ?? parts[i].render(shown3).length;
  const lengths = parts.map((p, i) => size(i, 0));
  const omitted = [];
  const omissionNote = () => `_Left out to stay under ${maxChars} characters: ${omitted.join(", ")}; see ${see}._`;
  const total = () => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < parts.length; i++) {
      if (!kept[i]) continue;
      sum += lengths[i];
      count++;
    }
    if (omitted.length > 0) {
      sum += omissionNote().length;
      count++;
    }
    return sum + SEPARATOR.length * Math.max(0, count - 1) + 1;
  };
  const byPriority = parts.map((p, i) => i).filter((i) => !parts[i].fixed).sort((a, b) => parts[a].priority - parts[b].priority || a - b);
  for (let j = byPriority.length - 1; j >= 0 && total() > maxChars; j--) {
    const i = byPriority[j];
    kept[i] = false;
    omitted.unshift(parts[i].name);
  }
  if (total() > maxChars) {
    throw new RangeError(
      `renderMarkdown: maxChars ${maxChars} is too small for the verdict alone (it needs ${total()} characters)`
    );
  }
  const grow = (i, upTo) => {
    const fits = (k) => {
      const before = lengths[i];
      lengths[i] = size(i, k);
      const ok = total() <= maxChars;
      lengths[i] = before;
      return ok;
    };
    let lo = shown2[i];
    let hi = Math.min(parts[i].rows, upTo);
    for (let step = 1; lo < hi; step *= 2) {
      const probe = Math.min(hi, lo + step);
      if (!fits(probe)) {
        hi = probe - 1;
        break;
      }
      lo = probe;
    }
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    shown2[i] = lo;
    lengths[i] = size(i, lo);
  };
  const tables = byPriority.filter((i) => kept[i] && parts[i].rows > 0);
  for (const i of tables) grow(i, parts[i].firstShare);
  for (const i of tables) grow(i, parts[i].rows);
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    if (kept[i]) out.push(parts[i].render(shown2[i]));
  }
  if (omitted.length > 0) out.splice(out.length - 1, 0, omissionNote());
  return out.join(SEPARATOR) + "\n";
}
function tablePart(args) {
  const table = (rows) => markdownTable([args.header, ...rows], { alignDelimiters: false, align: args.align }).split("\n");
  const lines = table([]);
  const ends = [0];
  for (const line of lines) ends.push(ends[ends.length - 1] + line.length);
  const upTo = (shown2) => {
    const done = lines.length - 2;
    if (shown2 <= done) return;
    for (const line of table(args.rows.slice(done, shown2).map(args.cells)).slice(2)) {
      lines.push(line);
      ends.push(ends[ends.length - 1] + line.length);
    }
  };
  const [open2, close] = args.folded ? [`<details>
<summary>${args.heading}</summary>

`, "\n\n</details>"] : [`### ${args.heading}

`, ""];
  const render = (shown2) => {
    upTo(shown2);
    const body = [];
    if (args.intro) body.push(args.intro);
    if (shown2 > 0) body.push(lines.slice(0, 2 + shown2).join("\n"));
    if (shown2 < args.rows.length) body.push(MORE_ROWS(args.rows.length - shown2, args.file));
    return open2 + body.join(SEPARATOR) + close;
  };
  const size = (shown2) => {
    upTo(shown2);
    let inner = 0;
    let pieces = 0;
    if (args.intro) {
      inner += args.intro.length;
      pieces++;
    }
    if (shown2 > 0) {
      inner += ends[2 + shown2] + 1 + shown2;
      pieces++;
    }
    if (shown2 < args.rows.length) {
      inner += MORE_ROWS(args.rows.length - shown2, args.file).length;
      pieces++;
    }
    return open2.length + inner + SEPARATOR.length * Math.max(0, pieces - 1) + close.length;
  };
  return {
    name: args.name,
    priority: args.priority,
    rows: args.rows.length,
    render,
    size,
    fixed: false,
    firstShare: args.folded ? FOLDED_FIRST_SHARE : VISIBLE_FIRST_SHARE
  };
}
function textPart(name, priority, text) {
  return { name, priority, rows: 0, render: () => text, fixed: false, firstShare: 0 };
}

// src/render/markdown-rbac.ts
var RBAC_VERDICTS_SHOWN = 5;
function rbacVerdictLines(report) {
  const judged = (report.rbac ?? []).filter((c) => c.verdict !== null);
  judged.sort((a, b) => Number(a.verdict.pass) - Number(b.verdict.pass));
  const lines = judged.slice(0, RBAC_VERDICTS_SHOWN).map((c) => {
    const v = c.verdict;
    const n = plural(v.overGrants, "over-grant");
    const unjudged = v.cannotJudge ?? [];
    if (unjudged.length > 0) {
      const more = unjudged.length > 1 ? ` (and ${unjudged.length - 1} more binding${unjudged.length === 2 ? "" : "s"})` : "";
      return `**Least privilege: fail.** ${mdCode(identityText(c.identity), 80, false)}: ${n}; ${mdText(unjudged[0], 400)}${more} (fail on **overprivileged**).`;
    }
    return v.pass ? `**Least privilege: pass.** ${mdCode(identityText(c.identity), 80, false)}: ${n}, within the ${v.threshold} allowed (fail on **overprivileged**).` : `**Least privilege: fail.** ${mdCode(identityText(c.identity), 80, false)}: ${n}, more than the ${v.threshold} allowed (fail on **overprivileged**).`;
  });
  if (judged.length > RBAC_VERDICTS_SHOWN) {
    const rest = judged.slice(RBAC_VERDICTS_SHOWN);
    const failing = rest.filter((c) => !c.verdict.pass).length;
    lines.push(`Least privilege of ${plural(rest.length, "more identity", "more identities")}: ${failing} failing.`);
  }
  return lines;
}
var WHY_MAX = 240;
var NOTES_SHOWN = 3;
function rbacParts(report, file) {
  return (report.rbac ?? []).map((c) => rbacPart(c, file));
}
function rbacPart(c, file) {
  const who = identityText(c.identity);
  const g = c.granted;
  const over = g ? g.overGrants : [];
  const summary = `Least privilege (${htmlText(who, 80)}): ` + (g ? `${plural(over.length, "over-grant")}${over.length > 0 ? ` (riskiest: ${htmlText(over[0].risk, 30)})` : ""}` : "over-grants not checked (no manifests given)") + ` \xB7 ${plural(c.requests.denied, "denied", "denied")}`;
  const blocks = [];
  if (g && over.length > 0) {
    blocks.push({
      heading: `Over-grants, riskiest first (${over.length})`,
      header: ["risk", "granted by", "rule as written", "never used"],
      align: ["l", "l", "l", "l"],
      rows: over.map((o) => {
        const written = sourceText(o.aggregatedFrom ?? o.role);
        const grantedBy = [
          `${mdText(o.role.kind, 20)} ${mdCode(qualifiedName(o.role), 100)}${o.builtin ? " (built-in)" : ""}`,
          ...o.aggregatedFrom ? [`aggregated from ${mdText(o.aggregatedFrom.kind, 20)} ${mdCode(o.aggregatedFrom.name, 100)}`] : [],
          `via ${mdText(o.binding.kind, 20)} ${mdCode(qualifiedName(o.binding), 100)}`,
          ...written ? [mdCode(written, 120)] : []
        ];
        return [mdText(o.risk, 30), grantedBy.join("<br>"), mdCode(ruleText(o.rule)), mdText(o.why, WHY_MAX)];
      })
    });
  }
  if (c.denied.length > 0) {
    blocks.push({
      // Counted in requests, as the summary above says them ("4 denied"), not in rows (kinds of request).
      heading: `Denied (403), the app asked for more than it had (${plural(c.denied.reduce((n, d) => n + d.count, 0), "request")})`,
      header: ["request", "denied", "allowed elsewhere in the log"],
      align: ["l", "r", "r"],
      rows: c.denied.map((d) => [mdCode(groupText(d)), String(d.count), String(d.allowed)])
    });
  }
  const refused = c.requests.refusedAfterAuthorization ?? [];
  if (refused.length > 0) {
    blocks.push({
      heading: `403 after the authorizer allowed the verb (${refused.length}): ${REFUSED_AFTER_AUTHORIZATION}`,
      header: ["request", "refused", "what it may also need"],
      align: ["l", "r", "l"],
      rows: refused.map((x) => [mdCode(refusedText(x)), String(x.count), x.hint ? mdText(x.hint, WHY_MAX) : ""])
    });
  }
  const before = c.requests.refusedBeforeAuthorization ?? [];
  if (before.length > 0) {
    blocks.push({
      heading: `403 before the authorizer was asked (${before.length}): the impersonation filter refused an impersonation`,
      header: ["request", "refused", "what it needs"],
      align: ["l", "r", "l"],
      rows: before.map((x) => [mdCode(refusedText(x)), String(x.count), x.hint ? mdText(x.hint, WHY_MAX) : ""])
    });
  }
  if (g && g.ungranted.length > 0) {
    blocks.push({
      heading: `Requests the manifests do not grant (${g.ungranted.length})`,
      header: ["request", "requests"],
      align: ["l", "r"],
      rows: g.ungranted.map((u) => [mdCode(groupText(u)), String(u.count)])
    });
  }
  const tables = blocks.map((b) => markdownTable([b.header, ...b.rows], { alignDelimiters: false, align: b.align }).split("\n"));
  const yaml = yamlFold(c);
  const tableRows = blocks.reduce((n, b) => n + b.rows.length, 0);
  const intro = rbacIntro(c);
  const render = (shown2) => {
    const body = [intro];
    let left = shown2;
    blocks.forEach((b, i) => {
      const n = Math.min(left, b.rows.length);
      left -= n;
      body.push(`**${b.heading}**`);
      if (n > 0) body.push(tables[i].slice(0, 2 + n).join("\n"));
      if (n < b.rows.length) body.push(MORE_ROWS(b.rows.length - n, file));
    });
    body.push(left > 0 ? yaml.whole : yaml.leftOut);
    return `<details>
<summary>${summary}</summary>

${body.join(SEPARATOR)}

</details>`;
  };
  return {
    name: `least privilege (${mdText(who, 80)})`,
    // After the violations, before the untested endpoints: a failing least-privilege verdict is a violation too.
    priority: 1.5,
    rows: tableRows + 1,
    render,
    fixed: false,
    firstShare: FOLDED_FIRST_SHARE
  };
}
function rbacIntro(c) {
  const r = c.requests;
  const refusedCount = (r.refusedAfterAuthorization ?? []).reduce((n, x) => n + x.count, 0);
  const lines = [];
  lines.push(
    r.total === 0 ? `No request by ${mdCode(c.identity.username, 120, false)} in the audit log: whatever it is granted, it never used (if the app runs as another identity, name that one).` : `Requests by ${mdCode(c.identity.username, 120, false)}: ${r.total}, ${r.denied} denied, ${r.allowedByDefault} allowed by the cluster's default roles (discovery, self reviews)${refusedCount ? `, ${refusedCount} allowed by the authorizer, then refused (listed below)` : ""}.`
  );
  if (r.withoutResponse) lines.push(`${withoutResponseText(r.withoutResponse)}.`);
  const g = c.granted;
  if (!g) {
    lines.push("No manifests were given, so what it was granted is unknown: only what it needs and what was denied are shown.");
  } else {
    const files = g.sources.length === 1 ? mdCode(g.sources[0], 120, false) : `${g.sources.length} manifest files`;
    const roles = g.roles.slice(0, NOTES_SHOWN).map((u) => `${mdText(u.role.kind, 20)} ${mdCode(qualifiedName(u.role), 80, false)} (${roleUsageText(u, "", true)})`);
    const more = g.roles.length > NOTES_SHOWN ? ` and ${g.roles.length - NOTES_SHOWN} more` : "";
    lines.push(
      `Granted by ${files}, wildcards expanded against Kubernetes ${mdText(g.spec.kubernetesVersion, 20)}: ` + (g.roles.length === 0 ? "no role is bound to it." : `${roles.join(", ")}${more}.`)
    );
    for (const u of g.unresolved.slice(0, NOTES_SHOWN)) {
      lines.push(`${mdText(u.binding.kind, 20)} ${mdCode(u.binding.name, 80, false)} refers to ${mdText(u.roleRef.kind, 20)} ${mdCode(u.roleRef.name, 80, false)}, which the manifests do not hold: its rules are unknown.`);
    }
    if (g.unresolved.length > NOTES_SHOWN) lines.push(`${g.unresolved.length - NOTES_SHOWN} more bindings refer to roles the manifests do not hold.`);
    const release = mdText(g.spec.kubernetesVersion, 20);
    const unservedParts = [
      ["API group", (g.unservedGroups ?? []).map((x) => ({ role: x.role, names: x.groups }))],
      ["resource", (g.unservedResources ?? []).map((x) => ({ role: x.role, names: x.resources }))],
      ["typo", (g.unknownResources ?? []).map((x) => ({ role: x.role, names: x.resources }))],
      ["unaudited", (g.unauditedResources ?? []).map((x) => ({ role: x.role, names: x.resources }))]
    ];
    for (const [what, unserved] of unservedParts) {
      if (unserved.length === 0) continue;
      const names = [...new Set(unserved.flatMap((x) => x.names))].sort();
      const roles2 = [...new Map(unserved.map((x) => [`${x.role.kind}\0${qualifiedName(x.role)}`, x.role])).values()];
      const named = roles2.slice(0, NOTES_SHOWN).map((r2) => `${mdText(r2.kind, 20)} ${mdCode(qualifiedName(r2), 80, false)}`).join(", ");
      const shown2 = names.map((x) => mdCode(x, 80, false)).join(", ");
      const one = unserved.length === 1;
      lines.push(
        `${plural(unserved.length, "rule")} of ${named}${roles2.length > NOTES_SHOWN ? ` and ${roles2.length - NOTES_SHOWN} more` : ""} ` + (what === "typo" ? `${one ? "names" : "name"} ${shown2}, not in Kubernetes ${release} nor in any release shipped: a typo grants nothing.` : what === "unaudited" ? `${one ? "grants" : "grant"} on ${shown2}, ${UNAUDITED_TEXT}.` : `${one ? "grants" : "grant"} on ${shown2}, ${unservedText(names, release, what)}.`)
      );
    }
  }
  if (c.verdict) {
    const unjudged = (c.verdict.cannotJudge ?? []).length;
    const why = unjudged > 0 ? ` (${plural(unjudged, "binding")} to roles the manifests do not hold: the grant cannot be judged)` : "";
    lines.push(`Policy: fail on **overprivileged** above ${plural(c.verdict.threshold, "over-grant")}: **${c.verdict.pass ? "pass" : "fail"}**${why}.`);
  }
  return lines.join("<br>\n");
}
function yamlFold(c) {
  const text = visibleBidi(observedYaml(c).replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, " ")).trimEnd();
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const kept = keptUnaudited(c.granted);
  const all = withKept(c.observed, kept);
  const keptText = rulesCount(kept) > 0 ? ` (with ${keptRulesText(rulesCount(kept))})` : "";
  const what = `The RBAC it needs: ${plural(rulesCount(all), "rule")}${keptText}, ${plural(all.roles.length, "namespaced Role")}`;
  return {
    whole: `<details>
<summary>${what}, as YAML</summary>

${fence}yaml
${text}
${fence}

</details>`,
    leftOut: `_${what}: left out to fit; \`apisnoop rbac\` prints it as YAML._`
  };
}

// src/render/markdown.ts
var VERB_SHOWN = 48;
var DEFAULT_MAX_CHARS = 6e4;
function runNotesOf(report) {
  return [...report.runNotes?.problems ?? [], ...report.runNotes?.notices ?? []];
}
function runNotesBlock(notes) {
  if (notes.length === 0) return "";
  const lines = notes.slice(0, 10).map((n) => `> ${mdText(n, 400)}`);
  const more = notes.length > 10 ? [`> \u2026 and ${notes.length - 10} more`] : [];
  return `> [!WARNING]
${[...lines, ...more].join("\n>\n")}

`;
}
function runNotesParts(notes) {
  const block = runNotesBlock(notes);
  return block ? [fixed(block.trimEnd())] : [];
}
function renderMarkdown(report, opts = {}) {
  const maxChars = checkMaxChars(opts.maxChars);
  const parts = [];
  if (opts.marker !== void 0) parts.push(fixed(checkMarker(opts.marker)));
  parts.push(...runNotesParts(notesBesideVerdict(report, opts.notes ?? runNotesOf(report))));
  parts.push(...reportParts(report, opts));
  parts.push(fixed(footer(report)));
  return layout(parts, maxChars);
}
function checkMaxChars(given) {
  const maxChars = given ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars <= 0) {
    throw new RangeError(`renderMarkdown: maxChars must be a positive integer, got ${String(given)}`);
  }
  return maxChars;
}
function footer(report) {
  return `<sub>apisnoop ${mdText(report.tool.version, 40)} \xB7 report.json schema ${report.schemaVersion}</sub>`;
}
function reportParts(report, opts = {}) {
  const file = opts.reportFile ?? "report.json";
  return [
    { ...fixed(verdictBlock(report, opts.title ?? "APISnoop")), name: "verdict" },
    ...rbacParts(report, file),
    { ...fixed(countsBlock(report, opts.reportUrl)), name: "counts" },
    ...violationParts(report, file, opts.surface ?? "cli"),
    ...findingParts(report, file),
    ...operationsParts(report, file),
    ...unmatchedParts(report, file),
    ...invalidParts(report, file)
  ];
}
var runFailed = (report) => reportPasses(report) && (report.runNotes?.problems?.length ?? 0) > 0;
function verdictBlock(report, title) {
  const { verdict } = report;
  const lines = [];
  const pass = reportPasses(report);
  const broken = runFailed(report);
  const unchecked = uncheckedLeastPrivilege(report);
  const unjudged = pass && !broken && nothingJudged(report) !== null;
  const tail = broken ? " on the requests seen, but the run failed" : unjudged ? ", but nothing was judged" : "";
  lines.push(`## ${broken || unjudged ? "\u26A0\uFE0F" : pass ? "\u2705" : "\u274C"} ${mdText(title, 120)}: ${pass ? "pass" : "fail"}${tail}`);
  const failOn = verdict.policy.failOn;
  const policy = failOn.length === 0 ? "fail-on is none: report only" : `fail on ${failOn.map((r) => `**${mdText(r, 20)}**`).join(", ")}`;
  const allow = allowedText(verdict.policy.allow, (a) => mdCode(a, OPERATION_ID_MAX, false));
  const runFailures = verdict.runFailures ?? [];
  if (verdict.pass && !pass) {
    lines.push(`**Verdict: fail.** No operation breaks the policy (${policy}${allow}), but least privilege ${unchecked.length > 0 ? "was not checked" : "does"}:`);
  } else if (verdict.pass) {
    lines.push(`**Verdict: pass.** No operation breaks the policy (${policy}${allow}).`);
  } else if (verdict.violations.length === 0) {
    lines.push(`**Verdict: fail.** No operation breaks the policy (${policy}${allow}), but the run does:`);
  } else {
    const ops = new Set(verdict.violations.map((v) => `${v.operationId} ${v.method} ${v.path}`)).size;
    lines.push(
      `**Verdict: fail.** ${ops} operation${ops === 1 ? "" : "s"} break${ops === 1 ? "s" : ""} the policy (${policy}${allow}).`
    );
    const byRule = /* @__PURE__ */ new Map();
    for (const v of verdict.violations) {
      for (const rule of rulesOf(v)) {
        const r = byRule.get(rule) ?? { ops: 0, hits: 0 };
        r.ops++;
        r.hits += v.hits;
        byRule.set(rule, r);
      }
    }
    const rules = [...byRule.entries()].sort(([a], [b]) => ruleRank(a) - ruleRank(b) || compareText(a, b));
    lines.push(
      `Failed rules: ${rules.map(([rule, r]) => `**${mdText(rule, 20)}** (${plural(r.ops, "operation")}, ${plural(r.hits, "hit")})`).join(", ")}.`
    );
  }
  for (const f of runFailures) {
    lines.push(`\u274C **The gate failed because ${mdText(runFailureHeadline(f, report), 60)}** (fail-on **${mdText(f.rule, 20)}**): ${mdText(f.why, 600)}.`);
  }
  lines.push(...rbacVerdictLines(report));
  for (const u of unchecked) lines.push(`\u274C **Least privilege was not checked** (${UNCHECKED_FAILED_BY} **overprivileged**): ${mdText(uncheckedText(u, report), 400)}.`);
  const unselected = nothingJudged(report);
  if (unselected) lines.push(`\u26A0\uFE0F **Nothing was judged:** ${mdText(unselected, 600)}.`);
  return [lines[0], lines.slice(1).join("<br>\n")].join("\n\n");
}
var ALLOW_HINT_MAX = 200;
function allowHint(report, surface) {
  const allow = allowToPass(report);
  const sep2 = surface === "action" ? ", " : ",";
  let shown2 = 0;
  for (let length = 0; shown2 < allow.length && (shown2 === 0 || length + sep2.length + allow[shown2].length <= ALLOW_HINT_MAX); shown2++) {
    length += (shown2 ? sep2.length : 0) + allow[shown2].length;
  }
  const list2 = allow.slice(0, shown2).join(sep2);
  const given = surface === "action" ? `allow: ${list2}` : `--allow ${list2}`;
  const where = surface === "action" ? "with the step's input" : "with";
  const more = shown2 < allow.length ? ` and ${allow.length - shown2} more (the group/versions of the violations)` : "";
  return `To pass: move off these APIs (the why column says what replaces them, where something does), or keep them on purpose ${where} ${mdCode(given, ALLOW_HINT_MAX + 20, false)}${more}.`;
}
function countsBlock(report, reportUrl) {
  const s = report.summary;
  const table = markdownTable(
    [
      ["level", "operations", "hits"],
      ...LEVELS.map((l) => [l, String(s.byLevel[l].operations), String(s.byLevel[l].hits)]),
      ["discovery", String(s.discovery.operations), String(s.discovery.hits)]
    ],
    { align: ["l", "r", "r"] }
  );
  const requests = `Requests: ${s.requests} read, ${s.selected} selected, ${s.matched} matched, **${s.unmatched} unmatched**${unservedDiscoveryNote(report)}, ${plural(s.invalidLines, "invalid line")}. Stable operations untested by conformance: ${untestedCount(report)}; deprecated: **${s.deprecated}**; removed in a later release: **${s.removedSoon}**` + (s.removedAlready ? `; already gone from ${mdText(report.kubernetesVersion, 30)}: **${s.removedAlready}**` : "") + ".";
  const spec = report.specs[0];
  const later = report.specs.slice(1).map((x) => mdText(x.kubernetesVersion, 20));
  const context = `Kubernetes ${mdText(report.kubernetesVersion, 30)}` + (spec ? ` (${mdText(String(spec.operations), 20)} operations in the spec)` : "") + // None checked (the newest release shipped, --next-releases none): removals to come are known only from Pluto's
  // table and the API server's annotations, which a reader must not take for a check of the next release.
  (later.length ? `; later releases checked: ${later.join(", ")}` : "; no later release checked") + (report.conformance ? `; conformance data: ${mdText(report.conformance.release, 30)}` : report.selection.e2e ? "; no conformance data loaded: conformance from this e2e run's [Conformance] tests only" : "; no conformance data loaded") + ".";
  const custom = customLine(report);
  const out = [table, `${requests}<br>
${custom ? `${custom}<br>
` : ""}${selectionLine(report)}<br>
${context}`];
  if (reportUrl !== void 0) out.push(`**Full report:** ${mdLink("report", reportUrl)}`);
  return out.join(SEPARATOR);
}
function unservedDiscoveryNote(report) {
  const discovery = unservedDiscovery(report);
  return discovery > 0 ? ` (${discovery} of them discovery, \`GET /apis/{group}/{version}\`, of groups or versions the spec does not describe)` : "";
}
var CUSTOM_SHOWN = 3;
function customLine(report) {
  const custom = report.operations.filter((o) => o.custom && !o.discovery);
  if (custom.length === 0) return null;
  const apis = [...new Set(custom.map((o) => `${o.group}/${o.version}`))].sort();
  const shown2 = apis.slice(0, CUSTOM_SHOWN).map((a) => mdCode(a, 80, false));
  const more = apis.length > CUSTOM_SHOWN ? ` and ${apis.length - CUSTOM_SHOWN} more` : "";
  const hits = custom.reduce((n, o) => n + o.hits, 0);
  return `Custom APIs: ${plural(custom.length, "operation")} (${plural(hits, "hit")}) of ${shown2.join(", ")}${more}, the cluster's custom resources or aggregated APIs, not Kubernetes': counted above by their version's level; the alpha and beta rules judge Kubernetes' APIs only.`;
}
function selectionLine(report) {
  return selectionText(report, (v) => mdCode(v, 60, false));
}
function untestedCount(report) {
  const untested = knownStableUntested(report);
  const unknown = stableConformanceUnknown(report);
  if (untested === null) return `**unknown** (no conformance data for the ${plural(unknown, "stable operation")} used)`;
  const eligible = untested > 0 ? `, of which eligible for conformance: **${knownStableUntestedEligible(report)}**` : "";
  return `**${untested}**${eligible}${unknown > 0 ? ` (and ${unknown} with no conformance data)` : ""}`;
}
var NOTHING_SELECTED = "Nothing was selected, so nothing could be judged.";
var WHY_MAX2 = 600;
function violationParts(report, file, surface) {
  const violations = violationsByUrgency(report);
  if (violations.length === 0) return [];
  const callersOf = violationCallers(report);
  return [
    tablePart({
      file,
      name: "violations",
      priority: 1,
      heading: `Violations (${violations.length})`,
      folded: false,
      header: ["operation", "level", "rules", "why", "hits", "callers"],
      align: ["l", "l", "l", "l", "r", "l"],
      rows: violations,
      cells: (v) => [
        operationCell(v),
        v.level,
        mdText(rulesOf(v).join(", "), 40),
        // Whole, as the engine says it: what replaces the API comes after the level and the deprecation, and a cut at a
        // cell's usual 160 characters left a beta API's replacement out ("…; use storage.k8s.io/v1 (not served by the release…").
        mdText(v.why, WHY_MAX2),
        String(v.hits),
        callersCell(callersOf(v))
      ]
    }),
    // Below the table it is about; under a tight budget it goes before the violations do, after the sections below.
    textPart("how to pass", 1.5, allowHint(report, surface))
  ];
}
function unknownKinds(ops, report) {
  const isWatch = (o) => o.action === "watch" || o.action === "watchlist";
  const watches = ops.filter(isWatch).length;
  const parts = watches > 0 ? ["watch operations, which APISnoop leaves out"] : [];
  if (report.conformance !== null) {
    if (watches < ops.length) parts.push(unlistedApis(report.conformance.release, report.kubernetesVersion));
  } else {
    if (ops.some((o) => o.custom)) parts.push("custom resources, which conformance leaves out");
    if (ops.some((o) => !o.custom && !isWatch(o))) parts.push("operations hit only by requests whose user agent names no test, with no conformance data loaded");
  }
  return parts.join(", and ");
}
function unlistedApis(dataRelease, specRelease) {
  const data = minorOf(dataRelease);
  if (data === null || !isMinor(specRelease) || data === specRelease) return "APIs it does not list, such as custom resources";
  const since = compareMinor(data, specRelease) < 0 ? `the operations added after ${data}` : `the operations ${data} no longer serves`;
  return `APIs it does not list: it is the data of Kubernetes ${dataRelease}, not of the spec's ${specRelease}, so ${since} have none, nor have custom resources`;
}
function findingParts(report, file) {
  const untested = untestedParts(report, file);
  const risk = riskParts(report, file);
  if ("parts" in untested || "parts" in risk) {
    const section = (found, heading, name, priority) => "parts" in found ? found.parts : [textPart(name, priority, `### ${heading}

${found.none}`)];
    return [...section(untested, UNTESTED_HEADING, "untested", 2), ...section(risk, RISK_HEADING, "deprecations", 3)];
  }
  const line = untested.none === risk.none ? untested.none : `${untested.none} ${risk.none}`;
  return [textPart("conformance gaps and deprecations", 2, line)];
}
var UNTESTED_HEADING = "Stable endpoints the app relies on that conformance tests do not cover";
var RISK_HEADING = "Deprecated, or removed in this release or a later one";
var NO_LATER_RELEASE = "No later release checked: removals to come are known only from Pluto's table and the API server's annotations.";
function untestedParts(report, file) {
  const heading = UNTESTED_HEADING;
  if (report.conformance === null && !report.selection.e2e) return { none: "No conformance data was loaded for this analysis." };
  const source = report.conformance ? mdText(report.conformance.release, 30) : "by this e2e run's tests";
  const stable = report.operations.filter((o) => o.level === "stable" && !o.discovery);
  const untested = stable.filter(isStableUntested).sort((a, b) => Number(!!a.conformanceIneligible) - Number(!!b.conformanceIneligible) || byHitsThenId(a, b));
  const ineligible = untested.filter((o) => o.conformanceIneligible).length;
  const unknownOps = stable.filter((o) => o.conformanceTested === null);
  const unknown = unknownOps.length;
  const runOnly = report.conformance === null;
  const unknownWhat = unknownKinds(unknownOps, report);
  const entry = runOnly ? ["no conformance verdict", "a conformance verdict"] : ["no entry in the conformance data", "an entry in the conformance data"];
  const unknownNote = unknown ? ` ${unknown} more stable operation${unknown === 1 ? " has" : "s have"} ${entry[0]} (${unknownWhat}).` : "";
  if (untested.length === 0) {
    const known = stable.length - unknown;
    const none = report.summary.selected === 0 ? NOTHING_SELECTED : stable.length === 0 ? "No conformance gap: the app uses no stable operation." : known === 0 ? `No conformance gap known: ${unknown === 1 ? `the one stable operation used has ${entry[0]}` : `none of the ${unknown} stable operations used has ${entry[1]}`} (${unknownWhat}).` : `No conformance gap: conformance tests cover ${known === 1 ? "the one stable operation" : `all ${known} stable operations`} with data.${unknownNote}`;
    return { none };
  }
  return {
    parts: [
      tablePart({
        file,
        name: "untested stable endpoints",
        priority: 2,
        heading: `${heading} (${untested.length})`,
        folded: false,
        intro: `${untested.length} of ${stable.length} stable operations used ${untested.length === 1 ? "has" : "have"} no conformance test (${source}).` + ineligibleNote(ineligible, untested.length) + unknownNote,
        // An e2e run's callers are all e2e.test: the tests that hit the endpoint say more (those a promotion could start from).
        header: ["operation", "kind", "hits", "any e2e test", "conformance eligible", report.selection.e2e ? "tests" : "callers"],
        align: ["l", "l", "r", "l", "l", "l"],
        rows: untested,
        cells: (o) => [
          operationCell(o),
          mdText(o.kind ?? ""),
          String(o.hits),
          yesNo(o.tested),
          // Empty for a report made before the field: not known either way.
          o.conformanceIneligible === void 0 ? "" : o.conformanceIneligible ? `no: ${mdText(o.conformanceIneligible, 120)}` : "yes",
          report.selection.e2e ? testsCell(o.tests, o.testsTruncated === true) : callersCell(operationCallers(o))
        ]
      })
    ]
  };
}
var TESTS_SHOWN = 3;
function testsCell(tests, truncated) {
  const shown2 = tests.slice(0, TESTS_SHOWN).map((t) => mdCode(t));
  const rest = tests.length - shown2.length;
  return shown2.join("<br>") + (rest > 0 || truncated ? `<br>+${truncated ? "over " : ""}${rest} more` : "");
}
function removedCell(o, release) {
  const r = removedIn(o);
  if (r === null) return "";
  const last = removalBound(o);
  const order = isMinor(release) ? compareReleases(r, release) : 1;
  const notes = [order === 0 ? "this release" : order < 0 ? `already gone in ${release}` : null, last === null ? null : `last served in ${last}`].filter((n) => n !== null);
  return `${last === null ? r : `by ${r}`}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
}
function ineligibleNote(ineligible, untested) {
  if (ineligible === 0) return "";
  const rules = "ineligible for conformance by Kubernetes' rules (`ineligible_endpoints.yaml`), so no conformance test will cover";
  if (ineligible === untested) return ` ${untested === 1 ? `It is ${rules} it` : `All are ${rules} them`}: no gap to close.`;
  const rest = untested - ineligible;
  return ` ${ineligible} of them ${ineligible === 1 ? `is ${rules} it` : `are ${rules} them`}; the other ${rest === 1 ? "one is a gap" : `${rest} are gaps`} a conformance test could close.`;
}
function riskParts(report, file) {
  const heading = RISK_HEADING;
  const atRisk = report.operations.filter(isAtRisk).sort(
    (a, b) => compareReleases(removedIn(a), removedIn(b)) || b.hits - a.hits || compareText(a.operationId, b.operationId)
  );
  if (atRisk.length === 0) {
    if (report.summary.selected === 0) return { none: NOTHING_SELECTED };
    const later = report.specs.slice(1).map((s) => s.kubernetesVersion);
    const checked = later.length ? ` (releases checked: ${later.map((v) => mdText(v, 20)).join(", ")})` : " (no later release checked)";
    return { none: `Nothing the app uses is deprecated or removed${checked}.` };
  }
  return {
    parts: [
      tablePart({
        file,
        name: "deprecations",
        priority: 3,
        heading: `${heading} (${atRisk.length})`,
        folded: false,
        // As the counts' line says it: without a later spec, what is to be removed is only what Pluto and the
        // annotations name, and a replacement not served yet may be served by a release no one checked.
        ...laterChecked(report) ? {} : { intro: NO_LATER_RELEASE },
        header: ["operation", "level", "deprecated in", "removed in", "replacement", "source", "hits"],
        align: ["l", "l", "l", "l", "l", "l", "r"],
        rows: atRisk,
        cells: (o) => [
          operationCell(o),
          o.level,
          mdText(o.deprecation?.deprecatedIn ?? (o.deprecated ? "yes, release unknown" : ""), 30),
          mdText(removedCell(o, report.kubernetesVersion), 60),
          mdText(replacementCell(o, report), 120),
          mdText(o.deprecation?.source ?? (o.removedIn ? "later-spec" : "spec"), 20),
          String(o.hits)
        ]
      })
    ]
  };
}
function operationsParts(report, file) {
  const ops = [...report.operations].sort(
    (a, b) => Number(a.discovery) - Number(b.discovery) || levelRank(a.level) - levelRank(b.level) || byHitsThenId(a, b)
  );
  if (ops.length === 0) return [];
  const hits = ops.reduce((n, o) => n + o.hits, 0);
  return [
    tablePart({
      file,
      name: "operations",
      // Before the unmatched requests, on the page as in the budget: what the app uses is what its maintainers read
      // first, the requests nothing matched next (hkerma's 308 unmatched patterns kept all but 15 of its 214 operations out).
      priority: 4,
      heading: `All operations used (${plural(ops.length, "operation")}, ${plural(hits, "request")})`,
      folded: true,
      header: ["operation", "level", "group/version", "category", "kind", "action", "hits", "codes", "conformance", "callers"],
      align: ["l", "l", "l", "l", "l", "l", "r", "l", "l", "l"],
      rows: ops,
      cells: (o) => [
        operationCell(o),
        o.level,
        mdText(groupVersion(o), 60),
        mdText(categoryName(o.category), 40),
        mdText(o.kind ?? "", 60),
        mdText(o.discovery ? "discovery" : o.action ?? "", 30),
        String(o.hits),
        mdText(formatCodes(o.codes), 80),
        yesNo(o.conformanceTested),
        callersCell(operationCallers(o))
      ]
    })
  ];
}
function isApiRequest(u) {
  switch (u.reason) {
    case "unknown-group-version":
    case "unknown-resource":
      return true;
    case "method-not-allowed":
    case "unknown-verb":
      return u.group !== void 0 || u.version !== void 0;
    default:
      return false;
  }
}
function unmatchedParts(report, file) {
  const byCount = (a, b) => b.count - a.count || compareText(a.pattern, b.pattern) || compareText(a.verb, b.verb);
  const api = report.unmatched.filter(isApiRequest).sort(byCount);
  const other = report.unmatched.filter((u) => !isApiRequest(u)).sort(byCount);
  const sum = (list2) => list2.reduce((n, u) => n + u.count, 0);
  const counts = (list2) => {
    const others = list2.filter((u) => u.pattern === OTHER_PATTERNS).length;
    const patterns = plural(list2.length - others, "pattern") + (others > 0 ? ` and ${plural(others, "row")} of other patterns` : "");
    return `${patterns}, ${plural(sum(list2), "request")}`;
  };
  const parts = [];
  if (api.length > 0) {
    parts.push(
      tablePart({
        file,
        name: "unmatched API requests",
        priority: 5,
        heading: `Unmatched API requests: custom, aggregated or unknown (${counts(api)})`,
        folded: true,
        header: ["group", "version", "resource", "verb", "pattern", "reason", "requests", "callers"],
        align: ["l", "l", "l", "l", "l", "l", "r", "l"],
        rows: api,
        cells: (u) => [
          mdCode(u.group === "" ? "core" : u.group ?? ""),
          mdCode(u.version ?? ""),
          mdCode(u.resource ?? ""),
          mdCode(u.verb, VERB_SHOWN),
          mdCode(u.pattern),
          u.reason,
          String(u.count),
          callersCell(operationCallers(u))
        ]
      })
    );
  }
  if (other.length > 0) {
    parts.push(
      tablePart({
        file,
        name: "non-resource URLs",
        priority: 6,
        heading: `Non-resource URLs and other unmatched requests (${counts(other)})`,
        folded: true,
        header: ["pattern", "verb", "reason", "requests", "callers"],
        align: ["l", "l", "l", "r", "l"],
        rows: other,
        cells: (u) => [mdCode(u.pattern), mdCode(u.verb, VERB_SHOWN), u.reason, String(u.count), callersCell(operationCallers(u))]
      })
    );
  }
  return parts;
}
var otherCounted = (n) => n === 1 ? "the other one is counted only." : `the other ${n} are counted only.`;
function invalidParts(report, file) {
  if (report.invalid.length === 0) return [];
  const invalid = [...report.invalid].sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return [
    tablePart({
      file,
      name: "invalid lines",
      priority: 7,
      heading: `Invalid lines (${report.summary.invalidLines})`,
      folded: true,
      // report.json lists the first 1000 read; the rest are only counted.
      intro: report.summary.invalidLines > report.invalid.length ? `${file} lists the first ${report.invalid.length} read; ${otherCounted(report.summary.invalidLines - report.invalid.length)}` : void 0,
      header: ["file", "line", "problem"],
      align: ["l", "r", "l"],
      rows: invalid,
      cells: (l) => [mdCode(l.file, 80), String(l.line), mdCode(l.message)]
    })
  ];
}

// src/once.ts
function oncePerMessage(emit) {
  const said = /* @__PURE__ */ new Set();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    emit(message);
  };
}

// src/render/json-chunks.ts
var PIECE_CHARS = 1 << 18;
function prepared(value, key) {
  if (typeof value === "object" && value !== null) {
    const toJSON = value.toJSON;
    if (typeof toJSON === "function") value = toJSON.call(value, String(key));
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  } else if (typeof value === "bigint") {
    const toJSON = value.toJSON;
    if (typeof toJSON === "function") return toJSON.call(value, String(key));
  }
  return value;
}
var NATIVE_ENTRIES = 1 << 16;
var NATIVE_DEPTH = 32;
var COUNTED_CHILDREN = 64;
function entriesLeft(v, budget, depth = 0) {
  if (depth > NATIVE_DEPTH) return -1;
  const array = Array.isArray(v);
  const record = v;
  const keys = array ? null : Object.keys(record);
  const n = array ? v.length : keys.length;
  budget -= n;
  const counted = Math.min(n, COUNTED_CHILDREN);
  const before = budget;
  for (let i = 0; i < counted && budget >= 0; i++) {
    const e = array ? v[i] : record[keys[i]];
    if (typeof e === "object" && e !== null) budget = entriesLeft(e, budget, depth + 1);
  }
  if (budget >= 0 && n > counted) budget -= Math.ceil((before - budget) / counted * (n - counted));
  return budget;
}
var skipped = (v) => v === void 0 || typeof v === "function" || typeof v === "symbol";
function* jsonChunks(value, indent = 0, pieceChars = PIECE_CHARS, nativeEntries = NATIVE_ENTRIES) {
  const gap = " ".repeat(Math.max(0, Math.min(10, Math.trunc(indent))));
  const colon = gap ? ": " : ":";
  const ancestors = /* @__PURE__ */ new Set();
  let out = "";
  function* node(v, indentNow) {
    if (typeof v.toJSON !== "function" && entriesLeft(v, nativeEntries) >= 0) {
      const text = JSON.stringify(v, null, gap);
      out += gap && indentNow ? text.replaceAll("\n", "\n" + indentNow) : text;
      return;
    }
    if (ancestors.has(v)) throw new TypeError("Converting circular structure to JSON");
    ancestors.add(v);
    const inner = indentNow + gap;
    const open2 = gap ? "\n" + inner : "";
    if (Array.isArray(v)) {
      out += "[";
      for (let i = 0; i < v.length; i++) {
        out += i === 0 ? open2 : "," + open2;
        const e = prepared(v[i], i);
        if (skipped(e)) out += "null";
        else if (e !== null && typeof e === "object") yield* node(e, inner);
        else out += JSON.stringify(e);
        if (out.length >= pieceChars) {
          yield out;
          out = "";
        }
      }
      if (v.length > 0 && gap) out += "\n" + indentNow;
      out += "]";
    } else {
      out += "{";
      let first = true;
      const record = v;
      for (const k of Object.keys(record)) {
        const e = prepared(record[k], k);
        if (skipped(e)) continue;
        out += (first ? open2 : "," + open2) + JSON.stringify(k) + colon;
        first = false;
        if (e !== null && typeof e === "object") yield* node(e, inner);
        else out += JSON.stringify(e);
        if (out.length >= pieceChars) {
          yield out;
          out = "";
        }
      }
      if (!first && gap) out += "\n" + indentNow;
      out += "}";
    }
    ancestors.delete(v);
  }
  const top = prepared(value, "");
  if (skipped(top)) return;
  if (top !== null && typeof top === "object") yield* node(top, "");
  else out += JSON.stringify(top);
  if (out) yield out;
}

// src/render/csv.ts
var EXPORTERS = [
  "app-usage-categories",
  "app-usage-summary",
  "app-usage-endpoints",
  "coverage-spreadsheet"
];
var EXPORTER_DESCRIPTIONS = {
  "app-usage-categories": "per app, level and API category: distinct operations used and requests",
  "app-usage-summary": "per app: stable/beta/alpha operation counts and the least stable level used",
  "app-usage-endpoints": "per app, every operation used: level, category, method + path, requests, conformance",
  "coverage-spreadsheet": "one row per operation any app used, one column group per app, side by side"
};
function renderCsv(exporter, reports) {
  return [...csvChunks(exporter, reports)].join("");
}
function* csvChunks(exporter, reports, pieceChars = PIECE_CHARS) {
  const seen = /* @__PURE__ */ new Set();
  for (const { name } of reports) {
    if (name === "") throw new Error("renderCsv: an app name is empty");
    if (seen.has(name)) throw new Error(`renderCsv: app name "${name}" is given twice; give each report its own name`);
    seen.add(name);
  }
  let out = "";
  for (const row of ROWS[exporter](reports)) {
    out += row.map(csvField).join(",") + "\r\n";
    if (out.length >= pieceChars) {
      yield out;
      out = "";
    }
  }
  if (out) yield out;
}
var ROWS = {
  "app-usage-categories": appUsageCategories,
  "app-usage-summary": appUsageSummary,
  "app-usage-endpoints": appUsageEndpoints,
  "coverage-spreadsheet": coverageSpreadsheet
};
var FORMULA_START = /^[=+\-@\t\r]/;
function csvField(value) {
  if (value === null || value === void 0) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`csvField: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
function used(report) {
  return report.operations.filter((o) => !o.discovery);
}
var COUNT = "=";
var MORE_LISTED = "(more not listed)";
var CELL_CHARS = 32767;
function list(values, { shown: shown2 = values.length, truncated = false } = {}) {
  const after = truncated ? [MORE_LISTED] : [];
  const room = CELL_CHARS - [`(${values.length} more)`, ...after].join("\n").length - 2;
  const kept = [];
  let used2 = 0;
  for (const value of values.slice(0, shown2)) {
    const line = oneLine(value);
    if (used2 + line.length > room) {
      if (kept.length === 0) kept.push(line.slice(0, room - 1).replace(/[\ud800-\udbff]$/, "") + "\u2026");
      break;
    }
    kept.push(line);
    used2 += line.length + 1;
  }
  const more = values.length - kept.length;
  return [...kept, ...more > 0 ? [`(${more} more)`] : [], ...after].join("\n");
}
var TESTS_LISTED = 100;
function countsBy(ops, key) {
  const out = /* @__PURE__ */ new Map();
  for (const o of ops) {
    const k = key(o);
    const c = out.get(k) ?? { operations: 0, hits: 0 };
    c.operations++;
    c.hits += o.hits;
    out.set(k, c);
  }
  return out;
}
function appUsageCategories(reports) {
  const rows = [["app", "level", "category", "operations", "hits"]];
  for (const { name, report } of reports) {
    const counts = countsBy(used(report), (o) => `${o.level}\0${categoryName(o.category)}`);
    const appRows = [...counts.entries()].map(([key, c]) => {
      const [level, category] = key.split("\0");
      return { level, category, ...c };
    });
    appRows.sort(
      (a, b) => b.operations - a.operations || levelRank(a.level) - levelRank(b.level) || compareText(a.category, b.category)
    );
    for (const r of appRows) rows.push([name, r.level, r.category, r.operations, r.hits]);
  }
  return rows;
}
function appUsageSummary(reports) {
  const rows = [
    [
      "app",
      "stable",
      "beta",
      "alpha",
      "total",
      "conformance",
      "stable hits",
      "beta hits",
      "alpha hits",
      "discovery",
      "stable untested",
      "deprecated",
      "removed soon",
      "unmatched requests",
      "invalid lines",
      "verdict",
      "kubernetes version",
      "stable conformance unknown",
      "stable untested eligible",
      "removed already"
    ]
  ];
  for (const { name, report } of reports) {
    const s = report.summary;
    const by = s.byLevel;
    const worst = leastStableLevel(report);
    rows.push([
      name,
      by.stable.operations,
      by.beta.operations,
      by.alpha.operations,
      by.stable.operations + by.beta.operations + by.alpha.operations,
      worst,
      by.stable.hits,
      by.beta.hits,
      by.alpha.hits,
      s.discovery.operations,
      // Empty (unknown) rather than a 0 that no conformance data stands behind.
      knownStableUntested(report),
      s.deprecated,
      s.removedSoon,
      s.unmatched,
      s.invalidLines,
      // The whole verdict, as report.md's heading and the exit code: least privilege failing fails it too.
      reportPasses(report) ? "pass" : "fail",
      report.kubernetesVersion,
      stableConformanceUnknown(report),
      knownStableUntestedEligible(report),
      // Operations the spec no longer serves, gone by the release analysed (none in reports made before the count).
      s.removedAlready ?? 0
    ]);
  }
  return rows;
}
function leastStableLevel(report) {
  const used2 = new Set(report.operations.filter((o) => !o.discovery && !o.custom).map((o) => o.level));
  return [...LEVELS].reverse().find((l) => used2.has(l)) ?? "stable";
}
function* appUsageEndpoints(reports) {
  yield [
    "app",
    "level",
    "category",
    "method + url",
    "hits",
    "operation id",
    "method",
    "path",
    "group",
    "version",
    "kind",
    "action",
    "discovery",
    "deprecated",
    "removed in",
    "conformance tested",
    "tested",
    "codes",
    "verbs",
    "user agents",
    "users",
    "first seen",
    "last seen",
    "conformance ineligible",
    "last served in",
    "replacement",
    "tests",
    "custom"
  ];
  for (const { name, report } of reports) {
    const ops = [...report.operations];
    const perLevel = countsBy(ops, (o) => o.level);
    const perCategory = countsBy(ops, (o) => `${o.level}\0${categoryName(o.category)}`);
    ops.sort(
      (a, b) => perLevel.get(b.level).operations - perLevel.get(a.level).operations || levelRank(a.level) - levelRank(b.level) || perCategory.get(`${b.level}\0${categoryName(b.category)}`).operations - perCategory.get(`${a.level}\0${categoryName(a.category)}`).operations || compareText(categoryName(a.category), categoryName(b.category)) || b.hits - a.hits || compareText(a.path, b.path) || compareText(a.method, b.method) || compareText(a.operationId, b.operationId)
    );
    for (const o of ops) {
      yield [
        name,
        o.level,
        categoryName(o.category),
        `${o.method} ${o.path}`,
        o.hits,
        o.operationId,
        o.method,
        o.path,
        o.group,
        o.version,
        o.kind,
        o.action,
        o.discovery,
        o.deprecated,
        removedIn(o),
        o.conformanceTested,
        o.tested,
        formatCodes(o.codes, COUNT),
        formatVerbs(o.verbs ?? {}, COUNT),
        list(o.userAgents, { truncated: o.userAgentsTruncated }),
        list(o.users, { truncated: o.usersTruncated }),
        o.firstSeen,
        o.lastSeen,
        o.conformanceIneligible,
        // For an operation the spec does not serve, the last shipped release that served it; for one whose removal
        // the later specs only bound, the last release known to serve it.
        o.lastServedIn ?? removalBound(o),
        // What to move to, as report.md's deprecation table says it.
        replacementCell(o, report) || null,
        list(o.tests, { shown: TESTS_LISTED, truncated: o.testsTruncated }),
        // The cluster's own API (a served spec's CRD or aggregated API), which the alpha and beta rules do not judge.
        o.custom === true
      ];
    }
  }
}
function coverageSpreadsheet(reports) {
  const header = ["level", "category", "method", "url", "conforms", "apps using it"];
  for (const { name } of reports) header.push(`${name} hits`, `${name} codes`);
  header.push("operation id", "group", "version", "kind", "action", "discovery", "tested", "deprecated", "removed in", "conformance ineligible", "custom");
  const entries = sharedOperations(reports.map((r) => r.report)).map((e) => ({ ...e, using: e.perApp.filter((o) => o && o.hits > 0).length }));
  entries.sort(
    (a, b) => b.using - a.using || levelRank(a.op.level) - levelRank(b.op.level) || compareText(a.op.path, b.op.path) || compareText(a.op.method, b.op.method) || compareText(a.op.operationId, b.op.operationId)
  );
  const rows = [header];
  for (const { op, perApp, conformanceTested, tested, removedIn: removed, conformanceIneligible, deprecated, using } of entries) {
    const row = [op.level, categoryName(op.category), op.method, op.path, conformanceTested, using];
    for (const o of perApp) row.push(o ? o.hits : 0, o ? formatCodes(o.codes, COUNT) : "");
    row.push(op.operationId, op.group, op.version, op.kind, op.action, op.discovery, tested, deprecated, removed, conformanceIneligible, perApp.some((o) => o?.custom === true));
    rows.push(row);
  }
  return rows;
}

// src/outputs.ts
import { rmdirSync, rmSync } from "node:fs";
import { lstat, open, readlink, realpath, rename, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";

// src/render/html.ts
function* embedJsonChunks(value) {
  for (const piece of jsonChunks(value)) yield piece.replace(/</g, "\\u003c");
}
function inlineSafe(text, tag) {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1").replace(/<!--/g, "<\\!--");
}
var sha256 = (text) => {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
};
function embeddedApp(name, report) {
  const runs = [
    { id: 1, contentHash: "", inputs: report.inputs, loadedAt: "", kubernetesVersion: report.kubernetesVersion, requests: report.summary.requests }
  ];
  return { name, summary: summarizeApp(name, runs, report), runs, report };
}
var DATA_HERE = "\0apisnoop-data\0";
function* htmlChunks(apps, opts = {}) {
  const title = opts.title ?? "APISnoop report";
  const { js, css } = pageAssets();
  const script = inlineSafe(js, "script");
  const style = inlineSafe(css, "style");
  const data = { title, apps: apps.map((a) => embeddedApp(a.name, a.report)) };
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const page = documentHtml({
    title,
    head: `<meta http-equiv="Content-Security-Policy" content="${csp}">
<style>${style}</style>`,
    body: `<script type="application/json" id="apisnoop-data">${DATA_HERE}</script>
<script>${script}</script>`
  });
  const at = page.lastIndexOf(DATA_HERE);
  yield page.slice(0, at);
  yield* embedJsonChunks(data);
  yield page.slice(at + DATA_HERE.length);
}
function reportHtmlChunks(report, opts = {}) {
  return htmlChunks([{ name: opts.app ?? opts.title ?? "app", report }], { title: opts.title });
}

// src/signal-cleanup.ts
var ENDING = ["SIGINT", "SIGTERM", "SIGHUP"];
async function cleanUpOnSignal(cleanup, work) {
  const stop = () => {
    for (const s of ENDING) process.off(s, end);
  };
  const end = (signal) => {
    try {
      cleanup();
    } finally {
      stop();
      process.kill(process.pid, signal);
    }
  };
  for (const s of ENDING) process.on(s, end);
  try {
    return await work();
  } finally {
    stop();
  }
}

// src/outputs.ts
function* reportJsonChunks(report) {
  yield* jsonChunks(report, 2);
  yield "\n";
}
async function writeChunks(out, chunks2) {
  let failed = null;
  out.on("error", (err2) => failed ??= err2);
  const drained = () => new Promise((resolve2) => {
    const done = () => {
      out.off("drain", done);
      out.off("error", done);
      resolve2();
    };
    out.on("drain", done);
    out.on("error", done);
  });
  for (const piece of chunks2) {
    if (failed) break;
    if (!out.write(piece)) await drained();
  }
  const err = failed;
  if (err && err.code !== "EPIPE") throw err;
}
async function writeFileChunks(file, chunks2) {
  const fh = await open(file, "w");
  try {
    for (const piece of chunks2) await fh.write(piece);
  } finally {
    await fh.close();
  }
}
var isPipePath = (input) => /^\/(dev|proc\/(self|\d+))\/fd\/\d+$|^\/dev\/stdin$/.test(input);
function appName(report, reportFile) {
  if (report.app !== void 0) return report.app;
  const input = report.inputs.find((i) => i !== "" && i !== "-" && i !== STDIN_NAME && !isPipePath(i));
  const base = input ? basename(input).replace(COMPRESSED_SUFFIX, "").replace(/\.(log|json|jsonl|txt)$/, "") : basename(dirname(resolve(reportFile)));
  return base || basename(reportFile);
}
async function danglingLink(dir) {
  for (let d = resolve(dir); dirname(d) !== d; d = dirname(d)) {
    if (!(await lstat(d).catch(() => null))?.isSymbolicLink()) continue;
    if (await stat(d).catch(() => null) !== null) return void 0;
    return { link: d === resolve(dir) ? dir : d, target: await readlink(d) };
  }
  return void 0;
}
function reportDirError(dir, err, dangling) {
  const why = dangling ? `${dangling.link === dir ? "it" : dangling.link} is a link to ${dangling.target}, which does not exist` : err.code === "EEXIST" ? "it is a file, not a directory" : err.code === "ENOTDIR" ? "a file is in the way on its path" : err.code === "EACCES" || err.code === "EPERM" ? "permission denied" : err.code === "EROFS" ? "read-only file system" : err.message;
  return Object.assign(new Error(`${dir}: cannot write the report files there: ${why} (${err.code ?? "error"})`, { cause: err }), { code: err.code });
}
var REPORT_FILES = ["report.json", "report.md", "report.html", ...EXPORTERS.map((e) => `${e}.csv`)];
function refuseStdoutAsDir(dir, stdout) {
  if (dir === "-") throw new InputError(`--out -: --out takes the directory of the report files, not stdout; ${stdout} (a directory named - is ./-)`);
}
async function realpathAhead(path2) {
  const abs = resolve(path2);
  const parent = dirname(abs);
  return realpath(abs).catch(async () => parent === abs ? abs : join(await realpathAhead(parent), basename(abs)));
}
async function refuseOutputOverInputs(dir, inputs, option = `--out ${dir}`) {
  const out = await realpathAhead(dir);
  for (const input of inputs) {
    const st = input === "-" ? null : await stat(input).catch(() => null);
    if (!st || !(st.isFile() || st.isDirectory())) continue;
    const real = await realpath(input).catch(() => null);
    if (real === null) continue;
    if (st.isDirectory()) {
      if (out === real || out.startsWith(real + sep)) {
        throw new InputError(
          `${option} is ${out === real ? "" : "inside "}the input directory ${input}: its report files would be read as input by the next run of this command; give an --out outside ${input}`
        );
      }
      continue;
    }
    for (const name of REPORT_FILES) {
      const target = join(out, name);
      const there = await stat(target).catch(() => null);
      if (target === real || there && there.dev === st.dev && there.ino === st.ino) {
        throw new InputError(`${option} would replace the input ${input} with its ${name}; give another --out`);
      }
    }
  }
}
async function writeReportFiles(report, dir, surface = "cli") {
  const name = appName(report, join(dir, "report.json"));
  const title = reportTitle(report);
  const made = await missingDirs(dir);
  await makeDir(dir).catch(async (err) => {
    throw reportDirError(dir, err, err.code === "ENOENT" ? await danglingLink(dir) : void 0);
  });
  const files = [
    ["report.json", () => reportJsonChunks(report)],
    ["report.md", () => [renderMarkdown(report, { title, surface })]],
    ["report.html", () => reportHtmlChunks(report, { title, app: name })],
    ...EXPORTERS.map((e) => [`${e}.csv`, () => csvChunks(e, [{ name, report }])])
  ];
  const written = [];
  const unfinished = () => removeUnfinished(written.map(([partial]) => partial), made);
  return cleanUpOnSignal(unfinished, async () => {
    try {
      for (const [file, chunks2] of files) {
        const partial = join(dir, `.${file}.partial`);
        written.push([partial, join(dir, file)]);
        await writeFileChunks(partial, chunks2());
      }
    } catch (err) {
      unfinished();
      const code = err.code;
      if (code === "EACCES" || code === "EPERM" || code === "EROFS") throw reportDirError(dir, err);
      throw err;
    }
    for (const [partial, final] of [...written]) {
      await rename(partial, final);
      written.shift();
    }
    return files.map(([file]) => join(dir, file));
  });
}
async function missingDirs(dir) {
  const missing = [];
  for (let d = resolve(dir); await lstat(d).catch(() => null) === null && dirname(d) !== d; d = dirname(d)) missing.push(d);
  return missing;
}
function removeUnfinished(partials, made) {
  for (const partial of partials) rmSync(partial, { force: true });
  for (const d of made) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

// src/sources/report-file.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
var ReportFileError = class extends Error {
  name = "ReportFileError";
};
var MAX_REPORT_BYTES = 512 * 1024 * 1024;
async function readReportFile(file) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const e = err;
    if (e.code === "EISDIR") {
      const inside = path.join(file, "report.json");
      throw new ReportFileError(`${file}: a directory, not a report${existsSync(inside) ? `: give the report in it, ${inside}` : " (no report.json in it)"}`);
    }
    const hint = e.code === "ENOENT" ? wildcardHint(file, "give the report files") : "";
    throw new ReportFileError(`${file}: cannot read the report (${e.code === "ENOENT" ? "no such file" : e.code ?? e.message})${hint}`);
  }
  return reportFromBytes(file, bytes);
}
function reportFromBytes(file, bytes) {
  if (isGzipHeader(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_REPORT_BYTES });
    } catch (err) {
      if (err.code === "ERR_BUFFER_TOO_LARGE") {
        throw new ReportFileError(`${file}: inflates to more than ${MAX_REPORT_BYTES >> 20} MiB, larger than any report.json: refused`);
      }
      throw new ReportFileError(`${file}: not a readable gzip file (${err.message})`);
    }
  }
  let value;
  const text = bytes.toString("utf8");
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportFileError(`${file}: not JSON (${jsonError(err, text)}); expected a report.json written by apisnoop analyze${auditLogHint(text)}`);
  }
  const problem = reportProblem(value);
  if (problem) throw new ReportFileError(`${file}: not an apisnoop report.json: ${problem}${auditLogHint(text)}`);
  return value;
}
function auditLogHint(text) {
  return firstLineIsAuditEvent(text) ? "; it is an audit log (its first line is an audit event): give it to apisnoop analyze, whose report.json this reads" : "";
}
async function readStdinReport(option, pipe) {
  if (process.stdin.isTTY) throw new ReportFileError(`${option}: stdin is a terminal; pipe a report.json in (${pipe})`);
  const parts = [];
  for await (const c of process.stdin) parts.push(c);
  return reportFromBytes(STDIN_NAME, Buffer.concat(parts));
}
function refuseStdinTwice(files, option) {
  if (files.filter((f) => f === "-").length > 1) throw new ReportFileError(`${option} (stdin) is given twice: stdin holds one report`);
}
async function readDistinctReports(files, warn, readOne = readReportFile) {
  const read = await readDistinctReportFiles(files, warn, readOne);
  const first = read[0];
  const other = read.find((r) => r.report.kubernetesVersion !== first.report.kubernetesVersion);
  if (first && other) {
    throw new ReportFileError(
      `${other.file} is against Kubernetes ${other.report.kubernetesVersion} and ${first.file} against ${first.report.kubernetesVersion}: merge reports of one release; to see releases side by side, give them all to the GitHub Action's reports input (one merged report per release, one comment), or merge the reports of each release apart and give the merged reports to apisnoop export, with a --name for each (export adds nothing up)`
    );
  }
  return read;
}
function sortedKeys(_key, value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
var reportIdentity = (report) => JSON.stringify(report, sortedKeys);
async function readDistinctReportFiles(files, warn, readOne = readReportFile) {
  const distinct = new DistinctFiles((repeat) => warn(duplicateInput(repeat)));
  const once = [];
  for (const f of files) if (await distinct.addPath(f)) once.push(f);
  const read = await Promise.all(once.map((f) => readOne(f)));
  for (const [i, f] of once.entries()) if (f === "-") once[i] = STDIN_NAME;
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  for (const [i, report] of read.entries()) {
    const text = reportIdentity(report);
    const earlier = seen.get(text);
    if (earlier !== void 0) warn(`${once[i]} is the same report as ${earlier}: counted once`);
    else {
      seen.set(text, once[i]);
      out.push({ file: once[i], report });
    }
  }
  return out;
}
function reportProblem(value) {
  if (!isObject(value)) return "the top level is not an object";
  if (value.schemaVersion !== SCHEMA_VERSION) {
    return value.schemaVersion === void 0 ? "schemaVersion is missing" : `schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported (this apisnoop reads ${SCHEMA_VERSION})`;
  }
  if (typeof value.kubernetesVersion !== "string") return "kubernetesVersion is not a string";
  if (!Array.isArray(value.inputs) || !value.inputs.every((i) => typeof i === "string")) return "inputs is not a list of strings";
  if (!Array.isArray(value.specs)) return "specs is not a list";
  for (const [i, spec] of value.specs.entries()) {
    if (!isObject(spec) || typeof spec.kubernetesVersion !== "string" || typeof spec.source !== "string" || typeof spec.operations !== "number") {
      return `specs[${i}] is not {kubernetesVersion, source, operations}`;
    }
  }
  const s = value.summary;
  if (!isObject(s)) return "summary is missing";
  for (const k of ["requests", "selected", "matched", "unmatched", "invalidLines", "events", "deprecated", "removedSoon", "stableUntested"]) {
    if (typeof s[k] !== "number") return `summary.${k} is not a number`;
  }
  for (const k of ["stableConformanceUnknown", "stableUntestedEligible", "removedAlready", "excluded"]) {
    if (s[k] !== void 0 && typeof s[k] !== "number") return `summary.${k} is not a number`;
  }
  if (isObject(value.selection) && value.selection.excludeUsers !== void 0 && !isStrings(value.selection.excludeUsers)) {
    return "selection.excludeUsers is not a list of strings";
  }
  if (!isObject(s.byLevel) || !LEVELS.every((l) => isCount(s.byLevel[l]))) return "summary.byLevel is not {stable, beta, alpha} counts";
  if (!isCount(s.discovery)) return "summary.discovery is not a count";
  if (!Array.isArray(value.operations)) return "operations is not a list";
  for (const [i, op] of value.operations.entries()) {
    const where = `operations[${i}]`;
    if (!isObject(op)) return `${where} is not an object`;
    for (const k of ["operationId", "method", "path", "category"]) if (typeof op[k] !== "string") return `${where}.${k} is not a string`;
    if (!LEVELS.includes(op.level)) return `${where}.level ${JSON.stringify(op.level)} is not stable, beta or alpha`;
    if (typeof op.hits !== "number") return `${where}.hits is not a number`;
    if (!isObject(op.codes)) return `${where}.codes is not an object`;
    if (!isObject(op.verbs)) return `${where}.verbs is not an object`;
    if (!isStrings(op.tests)) return `${where}.tests is not a list of strings`;
    if (!isStrings(op.userAgents) || !isStrings(op.users)) return `${where}.userAgents/users are not lists of strings`;
    for (const k of ["userAgentsTruncated", "usersTruncated", "testsTruncated"]) if (k in op && typeof op[k] !== "boolean") return `${where}.${k} is not a boolean`;
    if (typeof op.discovery !== "boolean" || typeof op.deprecated !== "boolean") return `${where}.discovery/deprecated are not booleans`;
    if (op.lastServedIn !== void 0 && typeof op.lastServedIn !== "string") return `${where}.lastServedIn is not a release`;
    if (isObject(op.deprecation) && op.deprecation.lastServedIn !== void 0 && typeof op.deprecation.lastServedIn !== "string") {
      return `${where}.deprecation.lastServedIn is not a release`;
    }
    if (isObject(op.deprecation) && op.deprecation.replacementServedIn !== void 0 && op.deprecation.replacementServedIn !== null && typeof op.deprecation.replacementServedIn !== "string") {
      return `${where}.deprecation.replacementServedIn is neither a release nor null`;
    }
    if (isObject(op.deprecation) && op.deprecation.replacementCheckedIn !== void 0 && !isStrings(op.deprecation.replacementCheckedIn)) {
      return `${where}.deprecation.replacementCheckedIn is not a list of releases`;
    }
    if (op.conformanceIneligible !== void 0 && op.conformanceIneligible !== null && typeof op.conformanceIneligible !== "string") {
      return `${where}.conformanceIneligible is neither a reason nor null`;
    }
    if (op.custom !== void 0 && op.custom !== true) return `${where}.custom is not true`;
  }
  if (!Array.isArray(value.unmatched)) return "unmatched is not a list";
  for (const [i, u] of value.unmatched.entries()) {
    if (!isObject(u) || typeof u.pattern !== "string" || typeof u.verb !== "string" || typeof u.count !== "number" || !isStrings(u.userAgents)) {
      return `unmatched[${i}] lacks pattern, verb, count or userAgents`;
    }
    if ("users" in u && !isStrings(u.users)) return `unmatched[${i}].users is not a list of strings`;
    for (const k of ["userAgentsTruncated", "usersTruncated"]) if (k in u && typeof u[k] !== "boolean") return `unmatched[${i}].${k} is not a boolean`;
  }
  if (!Array.isArray(value.invalid)) return "invalid is not a list";
  const v = value.verdict;
  if (!isObject(v) || typeof v.pass !== "boolean" || !Array.isArray(v.violations) || !isObject(v.policy)) return "verdict lacks pass, policy or violations";
  const p = v.policy;
  if (!Array.isArray(p.failOn)) return "verdict.policy.failOn is not a list";
  for (const [i, r] of p.failOn.entries()) {
    if (!KNOWN_RULES.includes(r)) return `verdict.policy.failOn[${i}] ${quoted(r)} is not one of ${KNOWN_RULES.join(", ")}`;
  }
  if (!Array.isArray(p.allow)) return "verdict.policy.allow is not a list";
  for (const [i, a] of p.allow.entries()) {
    if (typeof a !== "string" || LINE_BREAKING.test(a)) return `verdict.policy.allow[${i}] ${quoted(a)} is not a one-line operationId or API group`;
  }
  for (const [i, x] of v.violations.entries()) {
    if (isObject(x) && x.rules !== void 0 && !(Array.isArray(x.rules) && x.rules.every((r) => typeof r === "string" && r !== ""))) {
      return `verdict.violations[${i}].rules is not a list of rules`;
    }
  }
  if (v.runFailures !== void 0) {
    if (!Array.isArray(v.runFailures)) return "verdict.runFailures is not a list";
    for (const [i, f] of v.runFailures.entries()) {
      if (!isObject(f) || typeof f.rule !== "string" || f.rule === "" || typeof f.why !== "string") {
        return `verdict.runFailures[${i}] is not {rule, why}`;
      }
    }
  }
  if (value.app !== void 0 && (typeof value.app !== "string" || value.app.trim() === "")) return "app is not a name";
  if (value.runNotes !== void 0 && (!isObject(value.runNotes) || !isStrings(value.runNotes.problems) || !isStrings(value.runNotes.notices))) {
    return "runNotes is not {problems, notices} lists of strings";
  }
  if (value.parts !== void 0) {
    if (!Array.isArray(value.parts)) return "parts is not a list";
    for (const [i, p2] of value.parts.entries()) {
      if (!isObject(p2) || typeof p2.name !== "string" || LINE_BREAKING.test(p2.name) || typeof p2.requests !== "number" || typeof p2.selected !== "number") {
        return `parts[${i}] is not {name, requests, selected} (a name of one line)`;
      }
      if (p2.filter !== void 0 && typeof p2.filter !== "string" || p2.app !== void 0 && typeof p2.app !== "string") {
        return `parts[${i}]'s filter and app are not strings`;
      }
    }
  }
  if (value.rbac !== void 0) {
    if (!Array.isArray(value.rbac)) return "rbac is not a list";
    for (const [i, c] of value.rbac.entries()) {
      const problem = comparisonProblem(c, `rbac[${i}]`);
      if (problem) return problem;
    }
  }
  return shapeProblem(value);
}
var KNOWN_RULES = [...RULES, ...RUN_RULES];
var LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
var isStrings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
function ruleProblem(r, where) {
  if (!isObject(r) || !isStrings(r.verbs)) return `${where} is not a rule with verbs`;
  for (const k of ["apiGroups", "resources", "resourceNames", "nonResourceURLs"]) {
    if (r[k] !== void 0 && !isStrings(r[k])) return `${where}.${k} is not a list of strings`;
  }
  return null;
}
function refProblem(r, where) {
  if (!isObject(r) || typeof r.kind !== "string" || typeof r.name !== "string") return `${where} lacks kind or name`;
  if (r.source !== void 0 && (!isObject(r.source) || typeof r.source.file !== "string" || typeof r.source.line !== "number")) return `${where}.source lacks file or line`;
  return null;
}
function groupsProblem(v, where) {
  if (!Array.isArray(v)) return `${where} is not a list`;
  for (const [i, g] of v.entries()) {
    if (!isObject(g) || typeof g.verb !== "string" || typeof g.count !== "number" || typeof g.allowed !== "number") return `${where}[${i}] lacks verb, count or allowed`;
  }
  return null;
}
function comparisonProblem(c, where) {
  if (!isObject(c)) return `${where} is not an object`;
  const id = c.identity;
  if (!isObject(id) || typeof id.username !== "string" || !isStrings(id.groups)) return `${where}.identity lacks username or groups`;
  const r = c.requests;
  if (!isObject(r) || !["total", "denied", "allowedByDefault"].every((k) => typeof r[k] === "number") || !Array.isArray(r.unusable)) {
    return `${where}.requests lacks total, denied, allowedByDefault or unusable`;
  }
  if (r.refusedAfterAuthorization !== void 0) {
    if (!Array.isArray(r.refusedAfterAuthorization)) return `${where}.requests.refusedAfterAuthorization is not a list`;
    for (const [i, x] of r.refusedAfterAuthorization.entries()) {
      if (!isObject(x) || typeof x.verb !== "string" || typeof x.count !== "number") return `${where}.requests.refusedAfterAuthorization[${i}] lacks verb or count`;
    }
  }
  const o = c.observed;
  if (!isObject(o) || !Array.isArray(o.clusterRules) || !Array.isArray(o.roles)) return `${where}.observed lacks clusterRules or roles`;
  for (const [i, rule] of o.clusterRules.entries()) {
    const p = ruleProblem(rule, `${where}.observed.clusterRules[${i}]`);
    if (p) return p;
  }
  for (const [i, role] of o.roles.entries()) {
    if (!isObject(role) || typeof role.namespace !== "string" || !Array.isArray(role.rules)) return `${where}.observed.roles[${i}] lacks namespace or rules`;
    for (const [j, rule] of role.rules.entries()) {
      const p = ruleProblem(rule, `${where}.observed.roles[${i}].rules[${j}]`);
      if (p) return p;
    }
  }
  const denied = groupsProblem(c.denied, `${where}.denied`);
  if (denied) return denied;
  const g = c.granted;
  if (g !== null) {
    if (!isObject(g) || !isStrings(g.sources) || !Array.isArray(g.roles) || !Array.isArray(g.overGrants) || !Array.isArray(g.unresolved)) {
      return `${where}.granted is neither null nor {sources, roles, overGrants, ungranted, unresolved, spec}`;
    }
    if (!isObject(g.spec) || typeof g.spec.kubernetesVersion !== "string") return `${where}.granted.spec lacks kubernetesVersion`;
    for (const [i, og] of g.overGrants.entries()) {
      const at = `${where}.granted.overGrants[${i}]`;
      if (!isObject(og) || typeof og.why !== "string" || typeof og.permissions !== "number") return `${at} lacks why or permissions`;
      if (!RISKS.includes(og.risk)) return `${at}.risk ${JSON.stringify(og.risk)} is not one of ${RISKS.join(", ")}`;
      const p = ruleProblem(og.rule, `${at}.rule`) ?? refProblem(og.role, `${at}.role`) ?? refProblem(og.binding, `${at}.binding`);
      if (p) return p;
      if (og.aggregatedFrom !== void 0) {
        const a = refProblem(og.aggregatedFrom, `${at}.aggregatedFrom`);
        if (a) return a;
      }
    }
    const ungranted = groupsProblem(g.ungranted, `${where}.granted.ungranted`);
    if (ungranted) return ungranted;
    for (const [field, names] of [
      ["unservedGroups", "groups"],
      ["unservedResources", "resources"],
      ["unauditedResources", "resources"]
    ]) {
      const list2 = g[field];
      if (list2 === void 0) continue;
      if (!Array.isArray(list2)) return `${where}.granted.${field} is not a list`;
      for (const [i, u] of list2.entries()) {
        const at = `${where}.granted.${field}[${i}]`;
        if (!isObject(u) || !isStrings(u[names])) return `${at} lacks ${names}`;
        const p = ruleProblem(u.rule, `${at}.rule`) ?? refProblem(u.role, `${at}.role`);
        if (p) return p;
      }
    }
  }
  const v = c.verdict;
  if (v !== null && (!isObject(v) || typeof v.pass !== "boolean" || typeof v.threshold !== "number" || typeof v.overGrants !== "number")) {
    return `${where}.verdict is neither null nor {pass, threshold, overGrants}`;
  }
  return null;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isCount(v) {
  return isObject(v) && typeof v.operations === "number" && typeof v.hits === "number";
}

// src/merge.ts
async function mergedAllowWarnings(allow, merged, surface) {
  const release = merged.kubernetesVersion;
  const shipped = isMinor(release) ? await shippedRelease(release) : null;
  return shipped ? unknownAllowWarnings(allow, [...shipped.operations, ...merged.operations], { spec: release }, surface) : unknownAllowWarnings(allow, merged.operations, "merged reports", surface);
}

// src/sources/manifests.ts
import { readFile as readFile2 } from "node:fs/promises";
var ManifestError = class extends Error {
};
var POD_SPEC_PATH = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"]
};
var RBAC_API = /^rbac\.authorization\.k8s\.io\/v1(beta1|alpha1)?$/;
var givenGroup = (group) => group !== void 0 && group !== null && group !== "";
var MANIFEST_FILE = /\.(ya?ml|json)$/i;
function chunks(text) {
  const lines = text.split(/\r?\n/);
  const out = [];
  let start = 0;
  const flush = (end) => {
    const body = lines.slice(start, end);
    const first = body.findIndex((l) => l.trim() !== "" && !l.trimStart().startsWith("#") && !/^(---|\.\.\.)\s*$/.test(l));
    if (first !== -1) {
      const src = body.map((l) => /^# Source: (.+?)\s*$/.exec(l)?.[1]).find(Boolean);
      out.push({ text: body.join("\n"), start: start + 1, line: start + first + 1, ...src ? { template: src } : {} });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (i > start && /^---(\s|$)/.test(lines[i])) {
      flush(i);
      start = i;
    }
  }
  flush(lines.length);
  return out;
}
var countOf = (counts, kind) => Object.hasOwn(counts, kind) ? counts[kind] : 0;
var Place = class {
  constructor(source, what) {
    this.source = source;
    this.what = what;
  }
  source;
  what;
  fail(message) {
    throw new ManifestError(`${sourcePlace(this.source)}: ${this.what}: ${message}`);
  }
};
function stringList(v, field, at, required = false) {
  if (v === void 0 || v === null) {
    if (required) at.fail(`${field} is required`);
    return void 0;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) at.fail(`${field} must be a list of strings, got ${JSON.stringify(v)}`);
  return v;
}
function rulesOf2(v, kind, at) {
  if (v === void 0 || v === null) return [];
  if (!Array.isArray(v)) at.fail("rules must be a list");
  return v.map((raw, i) => {
    if (!isObject(raw)) at.fail(`rules[${i}] is not an object`);
    const rule = { verbs: stringList(raw.verbs, `rules[${i}].verbs`, at, true) };
    if (rule.verbs.length === 0) at.fail(`rules[${i}].verbs is empty`);
    for (const f of ["apiGroups", "resources", "resourceNames", "nonResourceURLs"]) {
      const list2 = stringList(raw[f], `rules[${i}].${f}`, at);
      if (list2) rule[f] = list2;
    }
    const hasResources = (rule.resources ?? []).length > 0;
    const hasUrls = (rule.nonResourceURLs ?? []).length > 0;
    if (hasUrls && kind === "Role") at.fail(`rules[${i}] has nonResourceURLs, which only a ClusterRole may hold`);
    if (hasUrls && hasResources) at.fail(`rules[${i}] mixes resources and nonResourceURLs`);
    if (hasUrls && (rule.apiGroups ?? []).length + (rule.resourceNames ?? []).length > 0) at.fail(`rules[${i}] has nonResourceURLs, and apiGroups or resourceNames, which apply to resources only`);
    if (!hasUrls && !hasResources) at.fail(`rules[${i}] has neither resources nor nonResourceURLs`);
    if (hasResources && rule.apiGroups === void 0) at.fail(`rules[${i}] has resources but no apiGroups ("" is the core group)`);
    if (hasResources && rule.apiGroups.length === 0) at.fail(`rules[${i}] has resources but apiGroups is empty ("" is the core group)`);
    return rule;
  });
}
function labelsOf(meta, at) {
  const l = meta.labels;
  if (l === void 0 || l === null) return {};
  if (!isObject(l)) at.fail("metadata.labels is not a map");
  const out = {};
  for (const [k, v] of Object.entries(l)) out[k] = String(v);
  return out;
}
function selectorsOf(v, at) {
  if (!isObject(v)) at.fail("aggregationRule is not an object");
  const sels = v.clusterRoleSelectors;
  if (!Array.isArray(sels)) at.fail("aggregationRule.clusterRoleSelectors must be a list");
  return sels.map((s, i) => {
    if (!isObject(s)) at.fail(`aggregationRule.clusterRoleSelectors[${i}] is not an object`);
    const sel = {};
    if (s.matchLabels !== void 0) {
      if (!isObject(s.matchLabels)) at.fail(`clusterRoleSelectors[${i}].matchLabels is not a map`);
      sel.matchLabels = Object.fromEntries(Object.entries(s.matchLabels).map(([k, x]) => [k, String(x)]));
    }
    if (s.matchExpressions !== void 0) {
      if (!Array.isArray(s.matchExpressions)) at.fail(`clusterRoleSelectors[${i}].matchExpressions is not a list`);
      sel.matchExpressions = s.matchExpressions.map((e, j) => {
        if (!isObject(e) || typeof e.key !== "string" || !["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator)) {
          at.fail(`clusterRoleSelectors[${i}].matchExpressions[${j}] needs a key and an operator In, NotIn, Exists or DoesNotExist`);
        }
        return { key: e.key, operator: e.operator, values: stringList(e.values, "values", at) };
      });
    }
    return sel;
  });
}
function subjectsOf(v, bindingKind, at) {
  if (v === void 0 || v === null) return [];
  if (!Array.isArray(v)) at.fail("subjects must be a list");
  return v.map((s, i) => {
    if (!isObject(s) || typeof s.kind !== "string" || typeof s.name !== "string" || !s.name) at.fail(`subjects[${i}] needs a kind and a name`);
    if (!["ServiceAccount", "User", "Group"].includes(s.kind)) at.fail(`subjects[${i}].kind is ${JSON.stringify(s.kind)}, not ServiceAccount, User or Group`);
    if (s.namespace !== void 0 && typeof s.namespace !== "string") at.fail(`subjects[${i}].namespace is not a string`);
    if (s.kind === "ServiceAccount" && !s.namespace && bindingKind === "ClusterRoleBinding") {
      at.fail(`subjects[${i}] is a ServiceAccount without namespace, which a ClusterRoleBinding must give`);
    }
    const group = s.apiGroup;
    if (givenGroup(group)) {
      if (s.kind === "ServiceAccount") at.fail(`subjects[${i}] is a ServiceAccount with apiGroup ${JSON.stringify(group)}, which must be empty (the core group)`);
      if (group !== RBAC_GROUP) at.fail(`subjects[${i}] is a ${s.kind} with apiGroup ${JSON.stringify(group)}, not ${RBAC_GROUP} (or none)`);
    }
    return { kind: s.kind, name: s.name, ...s.namespace ? { namespace: s.namespace } : {} };
  });
}
var SECRET_KEEPS = /* @__PURE__ */ new Set(["apiVersion", "kind", "metadata", "type", "immutable"]);
function holdsSecret(doc) {
  if (doc === "Secret") return true;
  if (Array.isArray(doc)) return doc.some(holdsSecret);
  return isObject(doc) && Object.values(doc).some(holdsSecret);
}
function redactSecrets(text) {
  const plain = text.replace(/\r(?!\n)/g, "\n");
  const lines = plain.split("\n");
  let secrets = 0;
  for (const chunk of chunks(plain)) {
    let docs;
    try {
      docs = loadAll(chunk.text);
    } catch {
      docs = null;
    }
    if (docs !== null && !docs.some(holdsSecret)) continue;
    secrets++;
    const first = chunk.line - 1;
    const end = chunk.start - 1 + chunk.text.split("\n").length;
    const blockSecret = docs?.length === 1 && isObject(docs[0]) && docs[0].kind === "Secret" && !("<<" in docs[0]) && /^[A-Za-z"']/.test(lines[first]);
    if (!blockSecret) {
      lines[first] = docs === null ? "# (a document that is not YAML, which may hold a Secret: taken out by APISnoop)" : "# (a document holding a Secret: taken out by APISnoop)";
      for (let i = first + 1; i < end; i++) lines[i] = "";
      continue;
    }
    let dropping = false;
    for (let i = first; i < end; i++) {
      const line = lines[i];
      if (/^(---|\.\.\.)(\s|$)/.test(line)) continue;
      if (/^[^\s#]/.test(line)) {
        const key = /^(["']?)([A-Za-z][\w-]*)\1\s*:(\s|$)/.exec(line)?.[2];
        dropping = key === void 0 || !SECRET_KEEPS.has(key);
        if (dropping) lines[i] = `# ${key ?? "a field"}: taken out by APISnoop`;
      } else if (dropping) lines[i] = "";
    }
  }
  return { text: lines.join("\n"), secrets };
}
var readAsList = (doc) => typeof doc.kind === "string" && (doc.kind === "List" || doc.kind.endsWith("List") && Array.isArray(doc.items));
var isList = (doc) => isObject(doc) && readAsList(doc) && Array.isArray(doc.items);
function listItems(list2) {
  if (list2.kind === "List") return list2.items;
  const kind = list2.kind.slice(0, -"List".length);
  return list2.items.map((item) => isObject(item) && item.kind === void 0 ? { apiVersion: list2.apiVersion, kind, ...item } : item);
}
var shown = (v) => typeof v === "string" && /^[\w.:@/-]{1,253}$/.test(v) ? v : "(unnamed)";
function leastPrivilegePart(doc, trim) {
  if (doc === null || doc === void 0) return void 0;
  if (!isObject(doc)) return Array.isArray(doc) ? [] : typeof doc === "string" ? "" : typeof doc === "number" ? 0 : false;
  const kind = doc.kind;
  if (typeof kind !== "string") return {};
  if (readAsList(doc)) {
    if (!isList(doc)) return { kind };
    const items = listItems(doc).map((item) => leastPrivilegePart(item, trim)).filter((item) => item !== void 0);
    return items.length > 0 ? { apiVersion: doc.apiVersion, kind, items } : void 0;
  }
  if (typeof doc.apiVersion === "string" && doc.apiVersion.startsWith("rbac.authorization.k8s.io")) {
    trim.rbac++;
    return doc;
  }
  if (kind === "ServiceAccount" && doc.apiVersion === "v1") return doc;
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const path2 = Object.hasOwn(POD_SPEC_PATH, kind) ? POD_SPEC_PATH[kind] : void 0;
  let spec = doc;
  for (const key of path2 ?? []) spec = isObject(spec) ? spec[key] : void 0;
  if (!path2 || !isObject(spec)) {
    trim.left.push(`${shown(kind)} ${shown(meta.name)}`);
    return void 0;
  }
  let runsAs = {};
  for (const f of ["serviceAccountName", "serviceAccount"]) if (typeof spec[f] === "string") runsAs[f] = spec[f];
  for (const key of [...path2].reverse()) runsAs = { [key]: runsAs };
  const named = Object.fromEntries(["name", "namespace"].filter((f) => typeof meta[f] === "string").map((f) => [f, meta[f]]));
  return { apiVersion: doc.apiVersion, kind, metadata: named, ...runsAs };
}
function leastPrivilegeManifest(text) {
  const plain = text.replace(/\r(?!\n)/g, "\n");
  const lines = plain.split("\n");
  const trim = { rbac: 0, left: [] };
  let leftOut = 0;
  for (const chunk of chunks(plain)) {
    const first = chunk.line - 1;
    const end = chunk.start - 1 + chunk.text.split("\n").length;
    const replace = (line) => {
      lines[first] = (/^---\s/.exec(lines[first])?.[0] ?? "") + line;
      for (let i = first + 1; i < end; i++) lines[i] = "";
    };
    let read;
    try {
      read = readChunk(chunk);
    } catch {
      leftOut++;
      replace("# (a document that is not YAML: left out by APISnoop)");
      continue;
    }
    const { docs } = read;
    const before = trim.left.length;
    const list2 = docs.length === 1 && isList(docs[0]) && read.itemLines[0] !== void 0 ? docs[0] : void 0;
    const items = list2 ? list2.items.map((item, i) => ({ part: leastPrivilegePart(item, trim), line: read.itemLines[0][i] - 1 })).filter((x) => x.part !== void 0) : [];
    const parts = list2 ? items.length > 0 ? [list2] : [] : docs.map((doc) => leastPrivilegePart(doc, trim)).filter((part) => part !== void 0);
    const left = trim.left.slice(before);
    leftOut += left.length;
    if (!list2 && docs.length === 1 && parts[0] === docs[0]) continue;
    if (docs.every((doc) => doc === null || doc === void 0)) continue;
    const named = left.length <= 3 ? left.join(", ") : `${left.slice(0, 3).join(", ")} and ${left.length - 3} more`;
    if (parts.length === 0) {
      replace(`# ${named}: left out by APISnoop (least privilege does not read it)`);
      continue;
    }
    const cut = ` # cut by APISnoop to what least privilege reads${left.length > 0 ? ` (${named} left out)` : ""}`;
    if (list2) {
      replace(`${JSON.stringify({ apiVersion: list2.apiVersion, kind: list2.kind }).slice(0, -1)},"items":[`);
      items.forEach(({ part, line }, i) => lines[line] += JSON.stringify(part) + (i < items.length - 1 ? "," : `]}${cut}`));
      continue;
    }
    const kept = parts.length === 1 ? parts[0] : { apiVersion: "v1", kind: "List", items: parts };
    replace(`${JSON.stringify(kept)}${cut}`);
  }
  return { ...redactSecrets(lines.join("\n")), rbac: trim.rbac, leftOut };
}
function afterNode(events, i) {
  let depth = 0;
  do {
    const type = events[i++].type;
    if (type === EVENT_ID.SEQUENCE || type === EVENT_ID.MAPPING) depth++;
    else if (type === EVENT_ID.POP) depth--;
  } while (depth > 0);
  return i;
}
function nodeStart(e) {
  const at = e.type === EVENT_ID.SCALAR ? [e.tagStart, e.anchorStart, e.valueStart] : e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE ? [e.tagStart, e.anchorStart, e.start] : e.type === EVENT_ID.ALIAS ? [e.anchorStart] : [];
  return at.find((x) => x >= 0) ?? 0;
}
function itemOffsets(text, events) {
  const out = [];
  let i = 0;
  while (i < events.length) {
    i++;
    let items;
    if (events[i]?.type === EVENT_ID.MAPPING) {
      let key = i + 1;
      while (events[key].type !== EVENT_ID.POP) {
        const k = events[key];
        const value = afterNode(events, key);
        if (k.type === EVENT_ID.SCALAR && getScalarValue(text, k) === "items" && events[value].type === EVENT_ID.SEQUENCE) {
          items = [];
          for (let item = value + 1; events[item].type !== EVENT_ID.POP; item = afterNode(events, item)) items.push(nodeStart(events[item]));
        }
        key = afterNode(events, value);
      }
      i = key + 1;
    } else if (events[i]?.type !== EVENT_ID.POP) i = afterNode(events, i);
    out.push(items);
    i++;
  }
  return out;
}
function linesAt(text, offsets, first) {
  let line = first;
  let nl = text.indexOf("\n");
  return offsets.map((offset) => {
    for (; nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) line++;
    return line;
  });
}
function readChunk(chunk, filename = "") {
  const events = parseEvents(chunk.text, { filename });
  const docs = constructFromEvents(events, { source: chunk.text, filename });
  const placed = (o, doc) => o && isList(doc) && o.length === doc.items.length ? linesAt(chunk.text, o, chunk.start) : void 0;
  const itemLines = docs.some(isList) ? itemOffsets(chunk.text, events).map((o, d) => placed(o, docs[d])) : [];
  return { docs, itemLines };
}
function parseManifests(text, file, defaultNamespace) {
  const out = { roles: [], bindings: [], files: [file], skipped: {}, defaulted: [], workloads: [], serviceAccounts: [], removedApi: [] };
  for (const chunk of chunks(text)) {
    let read;
    try {
      read = readChunk(chunk, file);
    } catch (err) {
      if (err instanceof YAMLException) {
        const line = err.mark && err.mark.position > 0 ? chunk.start + err.mark.line : chunk.line;
        const hint = chunk.text.includes("{{") ? " (an unrendered Helm template? give the rendered manifests: helm template)" : "";
        throw new ManifestError(`${sourcePlace({ file, line, template: chunk.template })}: not YAML: ${err.reason}${hint}`);
      }
      throw err;
    }
    const source = { file, line: chunk.line, ...chunk.template ? { template: chunk.template } : {} };
    read.docs.forEach((doc, d) => addObject(doc, source, defaultNamespace, out, read.itemLines[d]));
  }
  return out;
}
function addObject(doc, source, defaultNamespace, out, itemLines) {
  if (doc === null || doc === void 0) return;
  const at = new Place(source, "document");
  if (!isObject(doc)) at.fail(`not a Kubernetes object (a ${Array.isArray(doc) ? "list" : typeof doc})`);
  const kind = doc.kind;
  if (typeof kind !== "string") at.fail("no kind");
  if (readAsList(doc)) {
    if (!isList(doc)) at.fail("List without items");
    listItems(doc).forEach((item, i) => addObject(item, itemLines ? { ...source, line: itemLines[i] } : source, defaultNamespace, out));
    return;
  }
  const isRbac = typeof doc.apiVersion === "string" && RBAC_API.test(doc.apiVersion);
  const rbacKind = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].includes(kind);
  if (isRbac && !rbacKind) at.fail(`${kind} is not an RBAC kind (Role, ClusterRole, RoleBinding or ClusterRoleBinding)`);
  if (!isRbac && rbacKind && typeof doc.apiVersion === "string" && doc.apiVersion.startsWith("rbac.authorization.k8s.io")) {
    at.fail(`${kind} with apiVersion ${doc.apiVersion}, not rbac.authorization.k8s.io/v1`);
  }
  if (isRbac && rbacKind && JSON.stringify(doc).includes("{{")) {
    at.fail(`${kind} holds an unrendered template ({{ \u2026 }}): give the rendered manifests (helm template)`);
  }
  if (!isRbac || !rbacKind) {
    out.skipped[kind] = countOf(out.skipped, kind) + 1;
    noteIdentity(doc, kind, source, defaultNamespace, out);
    return;
  }
  const meta = isObject(doc.metadata) ? doc.metadata : at.fail(`${kind} without metadata`);
  if (typeof meta.name !== "string" || !meta.name) at.fail(`${kind} without metadata.name`);
  const obj = new Place(source, `${kind} ${meta.name}`);
  if (doc.apiVersion !== "rbac.authorization.k8s.io/v1") out.removedApi.push(`${kind} ${meta.name} (${sourcePlace(source)}): ${doc.apiVersion}`);
  const namespaced = kind === "Role" || kind === "RoleBinding";
  let namespace;
  if (namespaced) {
    if (meta.namespace !== void 0 && typeof meta.namespace !== "string") obj.fail("metadata.namespace is not a string");
    namespace = meta.namespace || void 0;
    if (!namespace) {
      namespace = defaultNamespace;
      out.defaulted.push(`${kind} ${meta.name} -> ${defaultNamespace}`);
    }
  }
  const ns = namespace !== void 0 ? { namespace } : {};
  if (kind === "Role" || kind === "ClusterRole") {
    const role = { kind, name: meta.name, ...ns, labels: labelsOf(meta, obj), rules: rulesOf2(doc.rules, kind, obj), source };
    if (kind === "ClusterRole" && doc.aggregationRule !== void 0 && doc.aggregationRule !== null) {
      role.aggregationRule = { clusterRoleSelectors: selectorsOf(doc.aggregationRule, obj) };
    }
    if (typeof meta.resourceVersion === "string" && meta.resourceVersion !== "") role.served = true;
    out.roles.push(role);
    return;
  }
  const ref = doc.roleRef;
  if (!isObject(ref) || typeof ref.name !== "string" || !ref.name || ref.kind !== "Role" && ref.kind !== "ClusterRole") {
    obj.fail("roleRef needs kind Role or ClusterRole and a name");
  }
  if (kind === "ClusterRoleBinding" && ref.kind === "Role") obj.fail("a ClusterRoleBinding cannot refer to a Role");
  if (givenGroup(ref.apiGroup) && ref.apiGroup !== RBAC_GROUP) {
    obj.fail(`roleRef.apiGroup is ${JSON.stringify(ref.apiGroup)}, not ${RBAC_GROUP}`);
  }
  const binding = {
    kind,
    name: meta.name,
    ...ns,
    roleRef: { kind: ref.kind, name: ref.name },
    subjects: subjectsOf(doc.subjects, kind, obj),
    source
  };
  out.bindings.push(binding);
}
function noteIdentity(doc, kind, source, defaultNamespace, out) {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  const namespace = typeof meta.namespace === "string" && meta.namespace ? meta.namespace : defaultNamespace;
  if (kind === "ServiceAccount" && doc.apiVersion === "v1" && name) {
    out.serviceAccounts.push({ namespace, name, source });
    return;
  }
  const path2 = Object.hasOwn(POD_SPEC_PATH, kind) ? POD_SPEC_PATH[kind] : void 0;
  if (!path2) return;
  let spec = doc;
  for (const key of path2) spec = isObject(spec) ? spec[key] : void 0;
  if (!isObject(spec)) return;
  const sa = [spec.serviceAccountName, spec.serviceAccount].find((v) => typeof v === "string" && v !== "") ?? "default";
  out.workloads.push({ kind, name, namespace, serviceAccount: sa, source });
}
var stdinText;
async function readText(file) {
  if (file === "-") {
    stdinText ??= (async () => {
      const parts = [];
      for await (const c of process.stdin) parts.push(c);
      return Buffer.concat(parts).toString("utf8");
    })();
    return stdinText;
  }
  try {
    return await readFile2(file, "utf8");
  } catch (err) {
    throw new ManifestError(readFailure(file, err));
  }
}
async function readManifests(inputs, defaultNamespace, onRepeat) {
  const all = { roles: [], bindings: [], files: [], skipped: {}, defaulted: [], workloads: [], serviceAccounts: [], removedApi: [] };
  const distinct = new DistinctFiles((repeat) => onRepeat?.(duplicateInput(repeat)));
  for (const input of inputs) {
    const files = await inputFiles(input, distinct, {
      accept: (name) => MANIFEST_FILE.test(name),
      none: "no .yaml, .yml or .json files",
      failure: (message) => new ManifestError(message),
      piped: "helm template \u2026 | apisnoop rbac LOG \u2026 --granted -"
    });
    for (const file of files) {
      const one = parseManifests(await readText(file), shownName(file), defaultNamespace);
      all.roles.push(...one.roles);
      all.bindings.push(...one.bindings);
      all.files.push(...one.files);
      all.defaulted.push(...one.defaulted);
      all.workloads.push(...one.workloads);
      all.serviceAccounts.push(...one.serviceAccounts);
      all.removedApi.push(...one.removedApi);
      for (const [k, n] of Object.entries(one.skipped)) all.skipped[k] = countOf(all.skipped, k) + n;
    }
  }
  all.roles = lastOfEach(all.roles, onRepeat);
  all.bindings = lastOfEach(all.bindings, onRepeat);
  return all;
}
function lastOfEach(objects, onRepeat) {
  const last = /* @__PURE__ */ new Map();
  const key = (o) => `${o.kind}/${o.namespace ?? ""}/${o.name}`;
  const at = (o) => o.source ? `${o.source.file}:${o.source.line}` : "an input";
  for (const o of objects) {
    const before = last.get(key(o));
    if (before) onRepeat?.(`${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} is in ${at(before)} and ${at(o)}: the one read last (${at(o)}) is taken, as the API server holds one`);
    last.set(key(o), o);
  }
  return objects.filter((o) => last.get(key(o)) === o);
}

// src/rbac.ts
function kapicServiceAccounts(read, namespace, created) {
  const uniq = (xs) => [...new Set(xs)];
  if (read.workloads.length > 0) {
    const shown2 = read.workloads.slice(0, 4).map((w) => `${w.kind} ${w.name}`);
    const more = read.workloads.length > shown2.length ? ` and ${read.workloads.length - shown2.length} more` : "";
    return { serviceAccounts: uniq(read.workloads.map((w) => `${w.namespace}:${w.serviceAccount}`)), why: `what the chart's workloads run as (${shown2.join(", ")}${more})` };
  }
  if (created) return { serviceAccounts: [`${namespace}:${created}`], why: "the service account created for the chart (it has no workloads)" };
  if (read.serviceAccounts.length > 0) {
    return { serviceAccounts: uniq(read.serviceAccounts.map((sa) => `${sa.namespace}:${sa.name}`)), why: "the ServiceAccounts the chart creates (it has no workloads)" };
  }
  return { serviceAccounts: [`${namespace}:default`], why: "the namespace's default service account (the chart has no workloads and creates no ServiceAccount)" };
}
async function specFor(s) {
  if (s.spec) {
    const spec = await loadSpecFile(s.spec, s.kubernetesVersion);
    for (const w of [skippedOperationsWarning(spec), ...specReleaseWarnings(s, spec, "listing")]) if (w) s.onWarning?.(w);
    return spec;
  }
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}
function checkStdinUse(logs, granted) {
  if (logs.includes("-") && granted?.includes("-")) {
    throw new InputError("stdin ('-') can hold the audit logs or the --granted manifests, not both: give one of them as a file");
  }
}
function unplacedText(defaulted, namespaces) {
  const objects = defaulted.map((d) => d.replace(/ -> .*$/, ""));
  const shown2 = objects.slice(0, 3).join(", ") + (objects.length > 3 ? ` and ${objects.length - 3} more` : "");
  return `${shown2} name no namespace, and the service accounts are in ${namespaces.join(", ")}: give the namespace the release is installed in (--release-namespace, as helm install -n; the Action's namespace input), rather than have them placed in each`;
}
async function rbacFromLogs(s) {
  const [c] = await rbacForIdentities({ ...s, identities: [{ serviceAccount: s.serviceAccount, user: s.user }] });
  return c;
}
var IdentityRequests = class {
  wanted;
  /** Requests per identity they count for (requestsFor), to name who the log does hold when an identity has none. */
  seen = /* @__PURE__ */ new Map();
  constructor(identities) {
    this.wanted = identities.map((i) => ({ identity: identityOf(i), collector: new RequestCollector() }));
  }
  /** A request of the log (its stages merged), whoever made it. */
  add(req) {
    for (const who of requestIdentities(req).filter((w, i) => i === 0 || w !== "")) this.seen.set(who, (this.seen.get(who) ?? 0) + 1);
    for (const w of this.wanted) {
      w.collector.logged(req);
      if (isIdentityRequest(w.identity, req)) w.collector.add(req);
      else if (req.impersonatedUser && req.user?.username === w.identity.username) w.collector.addImpersonation(req);
    }
  }
  identitiesSeen() {
    return [...this.seen].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([u, n]) => `${u || "(none)"} (${n})`).join(", ");
  }
};
async function readIdentityRequests(s) {
  const requests = new IdentityRequests(s.identities);
  const files = await oldestFirst(await expandInputs(s.logs, (repeat) => s.onWarning?.(duplicateInput(repeat)), { piped: "gzip -dc audit.log.gz | apisnoop rbac - \u2026" }));
  const copies = await findCopies(files);
  for (const copy of copies) s.onWarning?.(copyWarning(copy));
  const manyOpen = manyOpenWarner(s.onWarning, s.manyOpenAt);
  const tallies = newAssemblyTallies(copies, files);
  const { at } = tallies;
  const odd = newOddFields();
  const assembler = new RequestAssembler((req) => requests.add(req), manyOpen, tallies.repeated, tallies.late);
  let events = 0;
  const event = (ev) => {
    events++;
    assembler.add(ev);
  };
  const sink = {
    value: (raw, file, line) => {
      at.file = file;
      at.line = line;
      eventsIn(
        raw,
        event,
        (message) => s.onInvalid?.(file, line, message),
        (fields) => oddFields(odd, file, line, fields)
      );
    },
    invalidLine: (file, line, message) => s.onInvalid?.(file, line, message),
    // The fast path, as analyze reads: the same events, without building what is not read.
    event: (ev, file, line) => {
      at.file = file;
      at.line = line;
      event(ev);
    },
    deferred: (st, file, line) => {
      at.file = file;
      at.line = line;
      events++;
      assembler.addDeferred(st);
    }
  };
  const named = new Set(s.logs);
  for (const file of files) {
    const st = await readAuditInput(file, sink, void 0, !named.has(file));
    for (const w of st.warnings) s.onWarning?.(w);
  }
  assembler.flush();
  for (const w of oddFieldWarnings(odd)) s.onWarning?.(w);
  for (const w of assemblyWarnings(tallies, files.length, await aggregatedRepeatOf(tallies.repeated, files))) s.onWarning?.(w);
  return { requests, events };
}
async function rbacForIdentities(s, read) {
  if (s.logs.length === 0) throw new InputError("no audit log given");
  if (s.identities.length === 0) throw new InputError("no identity given to compare RBAC for");
  checkStdinUse(s.logs, s.granted);
  const { requests, events } = read ?? await readIdentityRequests(s);
  if (events === 0) throw new InputError(`no audit events read from ${s.logs.join(", ")}`);
  const wanted = requests.wanted;
  for (const w of wanted) {
    if (w.collector.total > 0) continue;
    const msg = `no requests by ${w.identity.username} in ${s.logs.join(", ")}; identities seen: ${requests.identitiesSeen()}`;
    if (!s.allowNoRequests) throw new InputError(msg);
    s.onWarning?.(`${msg}. Everything granted to it is reported as never used.`);
  }
  let spec;
  let sources;
  const reads = /* @__PURE__ */ new Map();
  const namespaceOf = (identity) => s.releaseNamespace ?? identity.serviceAccount?.namespace ?? "default";
  const namespaces = [...new Set(wanted.map((w) => namespaceOf(w.identity)))];
  const manifestsFor = (identity) => {
    const ns = namespaceOf(identity);
    let p = reads.get(ns);
    if (!p) {
      reads.set(
        ns,
        p = readManifests(s.granted, ns, s.onWarning).then((read2) => {
          if (namespaces.length > 1 && read2.defaulted.length > 0) throw new InputError(unplacedText(read2.defaulted, namespaces));
          if (!s.releaseNamespace) for (const d of read2.defaulted) s.onWarning?.(`no metadata.namespace: ${d} (the release namespace, as helm install -n would place it)`);
          if (read2.roles.length + read2.bindings.length === 0) {
            const none = `no RBAC objects (Role, ClusterRole, RoleBinding or ClusterRoleBinding) in ${read2.files.join(", ")}`;
            if (s.requireRbacObjects && s.failOn && s.failOn.length > 0) {
              throw new InputError(`${none}: --fail-on overprivileged has nothing to judge, and would pass whatever the identity holds (a helm template that failed writes nothing)`);
            }
            s.onWarning?.(none);
          }
          for (const r of read2.removedApi) {
            s.onWarning?.(`${r}, removed in Kubernetes 1.22: the API server refuses it; compared as rbac.authorization.k8s.io/v1, which it should say`);
          }
          return read2;
        })
      );
    }
    return p;
  };
  const out = [];
  let groups;
  const kubernetesGroup = (group) => (groups ??= catalogueGroups(shippedCatalogue() ?? { groupVersions: [] })).has(group);
  const resources = /* @__PURE__ */ new Map();
  const kubernetesResource = (group, resource) => {
    let known = resources.get(group);
    if (!known) resources.set(group, known = catalogueResources(shippedCatalogue(), group));
    return known.has(resource);
  };
  for (const w of wanted) {
    const identity = withObservedGroups(w.identity, w.collector.groups);
    let objects;
    if (s.granted && s.granted.length > 0) {
      const read2 = await manifestsFor(identity);
      objects = { roles: read2.roles, bindings: read2.bindings };
      sources = read2.files;
      spec ??= await specFor(s);
    }
    out.push(
      compareRbac({
        requests: w.collector.requests(),
        total: w.collector.total,
        refusedAfterAuthorization: w.collector.refusedAfterAuthorization(),
        refusedBeforeAuthorization: w.collector.refusedBeforeAuthorization(),
        unusable: w.collector.unusable,
        withoutResponse: w.collector.withoutResponse,
        identity,
        objects,
        sources,
        spec,
        maxResourceNames: s.maxResourceNames,
        includeDefaults: s.includeDefaults,
        policy: s.failOn && s.failOn.length > 0 ? { failOn: s.failOn, threshold: s.threshold ?? 0 } : void 0,
        kubernetesGroup,
        kubernetesResource
      })
    );
  }
  return out;
}

export {
  markdownTable,
  fixed,
  layout,
  ruleText,
  refText,
  unservedText,
  UNAUDITED_TEXT,
  roleUsageText,
  unauditedRulesText,
  bindingsToRolesText,
  unknownText,
  groupText,
  refusedText,
  REFUSED_AFTER_AUTHORIZATION,
  IN_FLIGHT_LIMIT,
  withoutResponseText,
  keptRulesText,
  observedYaml,
  runNotesBlock,
  runNotesParts,
  renderMarkdown,
  checkMaxChars,
  footer,
  reportParts,
  runFailed,
  oncePerMessage,
  EXPORTERS,
  EXPORTER_DESCRIPTIONS,
  renderCsv,
  csvChunks,
  reportJsonChunks,
  writeChunks,
  appName,
  refuseStdoutAsDir,
  refuseOutputOverInputs,
  writeReportFiles,
  ReportFileError,
  readReportFile,
  readStdinReport,
  refuseStdinTwice,
  readDistinctReports,
  reportIdentity,
  readDistinctReportFiles,
  isObject,
  leastPrivilegeManifest,
  readManifests,
  mergedAllowWarnings,
  kapicServiceAccounts,
  checkStdinUse,
  rbacFromLogs,
  IdentityRequests,
  rbacForIdentities
};
