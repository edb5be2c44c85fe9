// App lines and the coverage spreadsheet across apps, computed from combined reports. Pure: the server
// answers /api/apps and /api/coverage with it, and report.html computes the same in the browser.
import { type Level, type Report, reportPasses } from '../engine/report.js';
import { sharedOperations } from '../render/format.js';
import { appConformance } from './page/format.js';
import type { AppDetail, AppSummary, Coverage, CoverageRow, RunInfo } from './api.js';

/** Operations hit per level, discovery excluded: the numbers every app line shows. */
export function levelTotals(report: Report): Record<Level, number> {
  const out = { stable: 0, beta: 0, alpha: 0 };
  for (const op of report.operations) if (!op.discovery) out[op.level] += 1;
  return out;
}

/** An app analyzed in e2e mode, or named e2e, is the conformance run the others are compared with. */
export function isE2e(name: string, report: Report): boolean {
  return report.selection.e2e || name === 'e2e';
}

export function summarizeApp(name: string, runs: readonly RunInfo[], report: Report): AppSummary {
  const resource = report.operations.filter((op) => !op.discovery);
  return {
    name,
    runs: runs.length,
    loadedAt: runs.reduce((max, r) => (r.loadedAt > max ? r.loadedAt : max), ''),
    kubernetesVersion: report.kubernetesVersion,
    e2e: isE2e(name, report),
    requests: report.summary.requests,
    selected: report.summary.selected,
    operations: resource.length,
    hits: resource.reduce((n, op) => n + op.hits, 0),
    byLevel: levelTotals(report),
    // The whole verdict (least privilege too), as report.md's heading, the CSV and the exit code.
    pass: reportPasses(report),
    conformance: appConformance(report),
  };
}

const LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 } as const;

/**
 * An app's hits on a row. App names are the user's: one named "constructor" or "__proto__" must not read (or write)
 * what every object inherits, so rows hold own properties only and are read through this.
 */
export function hitsOf(row: Pick<CoverageRow, 'hits'>, app: string): number {
  return Object.hasOwn(row.hits, app) ? row.hits[app]! : 0;
}

/**
 * One row per operation any of the apps calls, with each app's hits: coverage-spreadsheet.csv's rows, described as it
 * describes them (sharedOperations), so that the page's Compare and the CSV say the same of each.
 */
export function coverageOf(apps: readonly AppDetail[]): Coverage {
  const rows: CoverageRow[] = sharedOperations(apps.map((a) => a.report)).map(({ op, perApp, conformanceTested, conformanceRelease, conformanceIneligible, removedIn, deprecated }) => {
    // No prototype: an app named __proto__ is a key like any other.
    const hits = Object.create(null) as Record<string, number>;
    perApp.forEach((o, i) => {
      if (o) hits[apps[i]!.name] = o.hits;
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
      hits,
    };
  });
  const sorted = rows.sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      (a.group ?? '').localeCompare(b.group ?? '') ||
      a.path.localeCompare(b.path) ||
      a.method.localeCompare(b.method),
  );
  return { apps: apps.map((a) => a.summary), rows: sorted };
}
