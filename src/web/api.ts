// The shapes of the serve JSON API. The page reads the same shapes from embedded data (report.html),
// so the server, the store and the browser code all agree on them. Types only: safe to import in the page.
import type { Level, Report } from '../engine/report.js';
import type { ConformanceFigure } from './page/format.js';

/** One line of the app list. */
export interface AppSummary {
  name: string;
  runs: number;
  /** When the newest run was loaded (ISO 8601). */
  loadedAt: string;
  kubernetesVersion: string;
  /** The app was analyzed in e2e mode (or is called "e2e"): its operations carry test names. */
  e2e: boolean;
  /** Requests read from its logs, selected or not (report.summary.requests). */
  requests: number;
  /** Of those, the requests its selection kept (report.summary.selected): the app's own. */
  selected: number;
  /** Distinct operations hit, discovery excluded. */
  operations: number;
  hits: number;
  byLevel: Record<Level, number>;
  pass: boolean;
  /** Its conformance figure, as its card counts it (appConformance); null without conformance data. */
  conformance: ConformanceFigure | null;
  /** Set when the app's runs cannot be read (a damaged store): why, and its figures are all zero. */
  problem?: string;
}

/** One stored analysis of one set of log files. */
export interface RunInfo {
  id: number;
  /** sha256 over the contents of the log files: the same logs loaded twice are one run. */
  contentHash: string;
  inputs: string[];
  loadedAt: string;
  kubernetesVersion: string;
  requests: number;
}

/** GET /api/apps/:name — the app's runs, and their reports combined into one. */
export interface AppDetail {
  name: string;
  summary: AppSummary;
  runs: RunInfo[];
  report: Report;
}

/** One operation in the coverage spreadsheet: its classification and the hits of each app. */
export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  level: Level;
  group: string | null;
  category: string;
  kind: string | null;
  discovery: boolean;
  deprecated: boolean;
  removedIn: string | null;
  conformanceTested: boolean | null;
  /**
   * The release of the conformance data conformanceTested is of ("1.36.0"; an e2e run's own tests: the release it ran
   * against), null when no report knows it: apps of several releases may each know a row by their own.
   */
  conformanceRelease: string | null;
  /** Why Kubernetes' conformance rules leave it out (ineligible_endpoints.yaml), null when eligible or unknown. */
  conformanceIneligible: string | null;
  /** app name -> hits; apps that never call the operation are absent. */
  hits: Record<string, number>;
}

/** GET /api/coverage?apps=a,b — the coverage spreadsheet of several apps. */
export interface Coverage {
  apps: AppSummary[];
  rows: CoverageRow[];
}

/** Every API error body. */
export interface ApiError {
  error: string;
}

/** What report.html embeds: the same data the API would serve, for one or more apps. */
export interface EmbeddedData {
  title: string;
  apps: AppDetail[];
}
