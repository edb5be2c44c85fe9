// load-audit without the command line: digest the logs, analyze them, keep the report as a run of the app.
import { analyzeLogs, type AnalyzeSettings } from '../analyze.js';
import type { Report } from '../engine/report.js';
import { duplicateInput } from '../sources/input-files.js';
import { digestLogs } from './log-digest.js';
import { checkAppName, type LoadResult, type Store } from './store.js';

export interface Loaded extends LoadResult {
  app: string;
  report: Report;
  contentHash: string;
}

/** Thrown when the logs held no audit event: nothing is stored. */
export class NothingReadError extends Error {}

export async function loadAudit(store: Store, appName: string, settings: AnalyzeSettings): Promise<Loaded> {
  const app = checkAppName(appName);
  // Digest first: a missing file or stdin fails before the (longer) analysis.
  const digest = await digestLogs(settings.logs, (repeat) => settings.onWarning?.(duplicateInput(repeat)));
  for (const c of digest.copies) settings.onWarning?.(`${c.file} has the same contents as ${c.sameAs}: read once`);
  // The run is known by its contents, so a copy is read once, as the content hash counts it once. distinct names the
  // files as given, directories expanded, as analyzeLogs would list them.
  const report = await analyzeLogs({ ...settings, logs: digest.distinct });
  if (report.summary.events === 0) {
    const first = report.invalid[0];
    throw new NothingReadError(`no audit events read from ${report.inputs.join(', ')}${first ? ` (${first.file}:${first.line}: ${first.message})` : ''}; nothing stored`);
  }
  const result = store.addRun(app, { report, contentHash: digest.hash, inputs: digest.files });
  return { ...result, app, report, contentHash: digest.hash };
}
