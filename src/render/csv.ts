// The four CSV exports of the original APISnoop (its 2018 "audit-log-review" tool, lib/exports.py), rendered from
// reports instead of a database. Each keeps the original's columns in the original order (count renamed for what it
// counts, an app column first where one file holds several apps) and adds what the report knows at the end;
// docs/reports.md lists every column and what changed.
import { PIECE_CHARS } from './json-chunks.js';
import { oneLine } from './markdown-cells.js';
import { LEVELS, removalBound, reportPasses, type Level, type OperationUsage, type Report } from '../engine/report.js';
import {
  categoryName,
  compareText,
  formatCodes,
  formatVerbs,
  levelRank,
  knownStableUntested,
  knownStableUntestedEligible,
  removedIn,
  replacementCell,
  sharedOperations,
  stableConformanceUnknown,
} from './format.js';

export type Exporter = 'app-usage-categories' | 'app-usage-summary' | 'app-usage-endpoints' | 'coverage-spreadsheet';

export const EXPORTERS: readonly Exporter[] = [
  'app-usage-categories',
  'app-usage-summary',
  'app-usage-endpoints',
  'coverage-spreadsheet',
];

/** One line each, for --help and the README. */
export const EXPORTER_DESCRIPTIONS: Record<Exporter, string> = {
  'app-usage-categories': 'per app, level and API category: distinct operations used and requests',
  'app-usage-summary': 'per app: stable/beta/alpha operation counts and the least stable level used',
  'app-usage-endpoints': 'per app, every operation used: level, category, method + path, requests, conformance',
  'coverage-spreadsheet': 'one row per operation any app used, one column group per app, side by side',
};

export function isExporter(name: string): name is Exporter {
  return (EXPORTERS as readonly string[]).includes(name);
}

export interface NamedReport {
  name: string;
  report: Report;
}

type Cell = string | number | boolean | null | undefined;

export function renderCsv(exporter: Exporter, reports: NamedReport[]): string {
  return [...csvChunks(exporter, reports)].join('');
}

/**
 * The same text in pieces of about pieceChars characters, made row by row: app-usage-endpoints lists every
 * operation's users, tens of megabytes when callers come by the hundred thousand.
 */
export function* csvChunks(exporter: Exporter, reports: NamedReport[], pieceChars = PIECE_CHARS): Generator<string> {
  const seen = new Set<string>();
  for (const { name } of reports) {
    if (name === '') throw new Error('renderCsv: an app name is empty');
    if (seen.has(name)) throw new Error(`renderCsv: app name "${name}" is given twice; give each report its own name`);
    seen.add(name);
  }
  let out = '';
  for (const row of ROWS[exporter](reports)) {
    out += row.map(csvField).join(',') + '\r\n';
    if (out.length >= pieceChars) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

const ROWS: Record<Exporter, (reports: NamedReport[]) => Iterable<Cell[]>> = {
  'app-usage-categories': appUsageCategories,
  'app-usage-summary': appUsageSummary,
  'app-usage-endpoints': appUsageEndpoints,
  'coverage-spreadsheet': coverageSpreadsheet,
};

// Spreadsheets run cells that start with these as formulas; user agents and users come from untrusted logs.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Booleans are true/false, null
 * and undefined are empty. Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP).
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`csvField: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ---------------------------------------------------------------------------------------------------------------

/** Discovery (/apis/{group}/{version}) is shown but is not use of an API: the level counts leave it out. */
function used(report: Report): OperationUsage[] {
  return report.operations.filter((o) => !o.discovery);
}

/**
 * Between a response code (or verb) and its count: `200=175 409=1`. Not a colon: Excel and Google Sheets read a cell of
 * one code, `200:24`, as a duration of 200 hours 24 minutes, and most operations answer with one code.
 */
const COUNT = '=';

/** The last line of a list cell when the report lists only the first 100 and there were more (usersTruncated...). */
export const MORE_LISTED = '(more not listed)';

/** The characters a spreadsheet cell holds (Excel: a longer one is cut or refused). */
export const CELL_CHARS = 32_767;

/**
 * A list cell: one value per line (user agents hold commas and semicolons), each with its line breaks and other
 * controls made spaces, as report.md does, so a line is always one value. Of the first `shown` values, as many as fit
 * in a spreadsheet cell, then `(N more)` for the rest (a user agent can be thousands of characters; over a
 * thousand e2e tests create a namespace), then MORE_LISTED when the report itself listed only the first (truncated).
 */
function list(values: readonly string[], { shown = values.length, truncated = false } = {}): string {
  const after = truncated ? [MORE_LISTED] : [];
  // Room for the lines after the values, whatever the count they say, and for the ' that csvField puts before a
  // cell a spreadsheet would read as a formula.
  const room = CELL_CHARS - [`(${values.length} more)`, ...after].join('\n').length - 2;
  const kept: string[] = [];
  let used = 0;
  for (const value of values.slice(0, shown)) {
    const line = oneLine(value);
    if (used + line.length > room) {
      // A first value longer than a cell by itself: its start, marked cut, rather than nothing.
      if (kept.length === 0) kept.push(line.slice(0, room - 1).replace(/[\ud800-\udbff]$/, '') + '…');
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  const more = values.length - kept.length;
  return [...kept, ...(more > 0 ? [`(${more} more)`] : []), ...after].join('\n');
}

/** The e2e tests of this log that hit an operation (named in their user agents), one a line: the first TESTS_LISTED. */
const TESTS_LISTED = 100;

function countsBy<K>(ops: OperationUsage[], key: (o: OperationUsage) => K): Map<K, { operations: number; hits: number }> {
  const out = new Map<K, { operations: number; hits: number }>();
  for (const o of ops) {
    const k = key(o);
    const c = out.get(k) ?? { operations: 0, hits: 0 };
    c.operations++;
    c.hits += o.hits;
    out.set(k, c);
  }
  return out;
}

/** Original: app, level, category, count (count = distinct endpoints hit); sorted by app, most used first. */
function appUsageCategories(reports: NamedReport[]): Cell[][] {
  const rows: Cell[][] = [['app', 'level', 'category', 'operations', 'hits']];
  for (const { name, report } of reports) {
    const counts = countsBy(used(report), (o) => `${o.level}\u0000${categoryName(o.category)}`);
    const appRows = [...counts.entries()].map(([key, c]) => {
      const [level, category] = key.split('\u0000') as [Level, string];
      return { level, category, ...c };
    });
    appRows.sort(
      (a, b) =>
        b.operations - a.operations ||
        levelRank(a.level) - levelRank(b.level) ||
        compareText(a.category, b.category),
    );
    for (const r of appRows) rows.push([name, r.level, r.category, r.operations, r.hits]);
  }
  return rows;
}

/** Original: app, stable, beta, alpha, total, conformance (the least stable level of the Kubernetes APIs used). */
function appUsageSummary(reports: NamedReport[]): Cell[][] {
  const rows: Cell[][] = [
    [
      'app',
      'stable',
      'beta',
      'alpha',
      'total',
      'conformance',
      'stable hits',
      'beta hits',
      'alpha hits',
      'discovery',
      'stable untested',
      'deprecated',
      'removed soon',
      'unmatched requests',
      'invalid lines',
      'verdict',
      'kubernetes version',
      'stable conformance unknown',
      'stable untested eligible',
      'removed already',
    ],
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
      reportPasses(report) ? 'pass' : 'fail',
      report.kubernetesVersion,
      stableConformanceUnknown(report),
      knownStableUntestedEligible(report),
      // Operations the spec no longer serves, gone by the release analysed (none in reports made before the count).
      s.removedAlready ?? 0,
    ]);
  }
  return rows;
}

/**
 * The least stable level of the Kubernetes APIs an app uses, the original's promise of running on the next releases.
 * Custom APIs (a served spec's CRDs, aggregated APIs) are left out, as the verdict leaves them out of the alpha and
 * beta rules: their version names their owner's promise, not Kubernetes'. An app using none is stable, vacuously, as
 * the original had it.
 */
function leastStableLevel(report: Report): Level {
  const used = new Set(report.operations.filter((o) => !o.discovery && !o.custom).map((o) => o.level));
  return [...LEVELS].reverse().find((l) => used.has(l)) ?? 'stable';
}

/**
 * Original: level, category, "method + url", count; ordered by how much the app uses each level, then each
 * category within it, then the endpoint. Here count is requests, and an app column leads (several reports).
 */
function* appUsageEndpoints(reports: NamedReport[]): Generator<Cell[]> {
  // Row by row: a row's user agents and users are joined only as it is written.
  yield [
    'app',
    'level',
    'category',
    'method + url',
    'hits',
    'operation id',
    'method',
    'path',
    'group',
    'version',
    'kind',
    'action',
    'discovery',
    'deprecated',
    'removed in',
    'conformance tested',
    'tested',
    'codes',
    'verbs',
    'user agents',
    'users',
    'first seen',
    'last seen',
    'conformance ineligible',
    'last served in',
    'replacement',
    'tests',
    'custom',
  ];
  for (const { name, report } of reports) {
    const ops = [...report.operations];
    const perLevel = countsBy(ops, (o) => o.level);
    const perCategory = countsBy(ops, (o) => `${o.level}\u0000${categoryName(o.category)}`);
    ops.sort(
      (a, b) =>
        perLevel.get(b.level)!.operations - perLevel.get(a.level)!.operations ||
        levelRank(a.level) - levelRank(b.level) ||
        perCategory.get(`${b.level}\u0000${categoryName(b.category)}`)!.operations -
          perCategory.get(`${a.level}\u0000${categoryName(a.category)}`)!.operations ||
        compareText(categoryName(a.category), categoryName(b.category)) ||
        b.hits - a.hits ||
        compareText(a.path, b.path) ||
        compareText(a.method, b.method) ||
        compareText(a.operationId, b.operationId),
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
        o.custom === true,
      ];
    }
  }
}

/**
 * Original: level, category, method, url, conforms, "apps using it", one hit-count column per app, questions; every
 * endpoint, most-shared first. Here the rows are the operations any report used (a report does not list the ones
 * nobody called), each app gets a column group (hits, response codes), and "questions" (a hand-kept note column of
 * the 2018 Google sheet) gives way to the operation's identity and lifecycle.
 */
function coverageSpreadsheet(reports: NamedReport[]): Cell[][] {
  const header: Cell[] = ['level', 'category', 'method', 'url', 'conforms', 'apps using it'];
  for (const { name } of reports) header.push(`${name} hits`, `${name} codes`);
  header.push('operation id', 'group', 'version', 'kind', 'action', 'discovery', 'tested', 'deprecated', 'removed in', 'conformance ineligible', 'custom');

  // One description per operation, as the page's Compare gives it (sharedOperations).
  const entries = sharedOperations(reports.map((r) => r.report)).map((e) => ({ ...e, using: e.perApp.filter((o) => o && o.hits > 0).length }));
  entries.sort(
    (a, b) =>
      b.using - a.using ||
      levelRank(a.op.level) - levelRank(b.op.level) ||
      compareText(a.op.path, b.op.path) ||
      compareText(a.op.method, b.op.method) ||
      compareText(a.op.operationId, b.op.operationId),
  );

  const rows: Cell[][] = [header];
  for (const { op, perApp, conformanceTested, tested, removedIn: removed, conformanceIneligible, deprecated, using } of entries) {
    const row: Cell[] = [op.level, categoryName(op.category), op.method, op.path, conformanceTested, using];
    for (const o of perApp) row.push(o ? o.hits : 0, o ? formatCodes(o.codes, COUNT) : '');
    // Custom when any report's spec says so (a cluster's served spec; upstream's lacks the group and leaves it unmatched).
    row.push(op.operationId, op.group, op.version, op.kind, op.action, op.discovery, tested, deprecated, removed, conformanceIneligible, perApp.some((o) => o?.custom === true));
    rows.push(row);
  }
  return rows;
}
