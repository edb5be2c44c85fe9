import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

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
    pass: report.verdict.pass
  };
}
var LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 };
function coverageOf(apps) {
  const rows = /* @__PURE__ */ new Map();
  for (const app of apps) {
    for (const op of app.report.operations) {
      let row = rows.get(op.operationId);
      if (!row) {
        row = {
          operationId: op.operationId,
          method: op.method,
          path: op.path,
          level: op.level,
          group: op.group,
          category: op.category,
          kind: op.kind,
          discovery: op.discovery,
          deprecated: op.deprecated,
          removedIn: op.removedIn,
          conformanceTested: op.conformanceTested,
          hits: {}
        };
        rows.set(op.operationId, row);
      } else if (op.conformanceTested !== null && row.conformanceTested !== true) {
        row.conformanceTested = op.conformanceTested;
      }
      row.hits[app.name] = (row.hits[app.name] ?? 0) + op.hits;
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.group ?? "").localeCompare(b.group ?? "") || a.path.localeCompare(b.path) || a.method.localeCompare(b.method)
  );
  return { apps: apps.map((a) => a.summary), rows: sorted };
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

export {
  pageAssets,
  summarizeApp,
  coverageOf,
  documentHtml
};
