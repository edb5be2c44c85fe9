import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

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

// src/make-dir.ts
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
var code = (err) => err.code;
async function makeDir(dir, parentMade = false) {
  try {
    await mkdir(dir);
  } catch (err) {
    if (code(err) === "EEXIST" && (await stat(dir)).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== "ENOENT" || parentMade || parent === dir) throw err;
    await makeDir(parent);
    await makeDir(dir, true);
  }
}
function makeDirSync(dir, parentMade = false) {
  try {
    mkdirSync(dir);
  } catch (err) {
    if (code(err) === "EEXIST" && statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== "ENOENT" || parentMade || parent === dir) throw err;
    makeDirSync(parent);
    makeDirSync(dir, true);
  }
}

export {
  makeDir,
  makeDirSync,
  summarizeApp,
  coverageOf
};
