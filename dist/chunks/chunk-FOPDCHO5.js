import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  LEVELS
} from "./chunk-OAC7KS4H.js";

// src/web/assets.ts
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
var CANDIDATES = ["./", "../", "../../dist/"];
var cached;
function pageAssets(base = import.meta.url) {
  if (cached && base === import.meta.url) return cached;
  const tried = [];
  for (const rel of CANDIDATES) {
    const js = fileURLToPath(new URL(`${rel}page.js`, base));
    const css = fileURLToPath(new URL(`${rel}page.css`, base));
    tried.push(js);
    if (existsSync(js) && existsSync(css)) {
      const found = { js: readFileSync(js, "utf8"), css: readFileSync(css, "utf8"), dir: fileURLToPath(new URL(rel, base)) };
      if (base === import.meta.url) cached = found;
      return found;
    }
  }
  throw new Error(`the web page is not built (looked for ${tried.join(", ")}): run \`npm run bundle\` first.`);
}

// src/web/shell.ts
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
var ICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%232a9d8f' stroke-width='8' stroke-dasharray='38 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e9a23b' stroke-width='8' stroke-dasharray='0 38 19 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e0565b' stroke-width='8' stroke-dasharray='0 57 12 100'/%3E%3C/svg%3E";
function documentHtml(parts) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${ICON}">
<title>${escapeHtml(parts.title)}</title>
${parts.head}
</head>
<body>
<div id="apisnoop" class="apisnoop"><p class="booting">Loading APISnoop\u2026</p></div>
<noscript><p>This page needs JavaScript to draw the report.</p></noscript>
${parts.body}
</body>
</html>
`;
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
function formatCodes(codes, times = "\xD7") {
  return Object.entries(codes).sort(([ca, na], [cb, nb]) => nb - na || compareText(ca, cb)).map(([code, n]) => `${code}${times}${n}`).join(" ");
}
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

// src/render/markdown-cells.ts
var CELL_MAX = 160;
var CALLERS_SHOWN = 3;
function operationCell(op) {
  return `${mdCode(op.operationId, 100)}<br>${mdCode(methodPath(op))}`;
}
function listCell(values, truncated = false) {
  const shown = values.slice(0, CALLERS_SHOWN).map((v) => mdCode(v, 80));
  const more = values.length - shown.length;
  return shown.join("<br>") + (more > 0 ? `<br>+${more} more` : "") + (truncated ? " and others" : "");
}
function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}
function yesNo(value) {
  return value === null ? "\u2013" : value ? "yes" : "no";
}
function byHitsThenId(a, b) {
  return b.hits - a.hits || compareText(a.operationId, b.operationId) || compareText(a.method, b.method);
}
var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
function clip(value, max) {
  if (value.length <= max) return value;
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, Math.max(0, max - 1)).join("") + "\u2026";
}
function mdCode(value, max = CELL_MAX, inTable = true) {
  let text = clip(value.replace(CONTROLS, " ").trim(), max);
  if (text === "") return "";
  if (inTable) text = text.replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
function mdText(value, max = CELL_MAX) {
  const text = clip(value.replace(CONTROLS, " "), max).replace(/[\\`*_{}[\]()<>#+!|~&$]/g, "\\$&");
  return text.includes("@") ? text.replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, "$1@\u200B") : text;
}
function htmlText(value, max = CELL_MAX) {
  return clip(value.replace(CONTROLS, " "), max).replace(/[&<>"'`[\]\\*_|]/g, (ch) => `&#${ch.codePointAt(0)};`).replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, "$1@\u200B");
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
  levelRank,
  compareReleases,
  compareText,
  groupVersion,
  formatCodes,
  categoryName,
  isStableUntested,
  stableConformanceUnknown,
  knownStableUntested,
  knownStableUntestedEligible,
  isAtRisk,
  removedIn,
  operationCell,
  listCell,
  plural,
  yesNo,
  byHitsThenId,
  CONTROLS,
  mdCode,
  mdText,
  htmlText,
  mdLink,
  checkMarker,
  pageAssets,
  escapeHtml,
  documentHtml
};
