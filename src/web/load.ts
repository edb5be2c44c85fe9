// load-audit without the command line: digest the logs, analyze them, keep the report as a run of the app.
import { analyzeLogs, type AnalyzeSettings } from '../analyze.js';
import type { Report } from '../engine/report.js';
import path from 'node:path';
import { wasNotOpened } from '../sources/audit-files.js';
import { duplicateInput } from '../sources/input-files.js';
import { digestLogs, type LogDigest } from './log-digest.js';
import { checkAppName, walBusyWarning, type KeptBeside, type LoadResult, type Store } from './store.js';

export interface Loaded extends LoadResult {
  app: string;
  report: Report;
  contentHash: string;
}

/** Thrown when the logs held no audit event: nothing is stored. */
export class NothingReadError extends Error {}

/**
 * store: the store, or what opens it once there is a run to keep: load-audit on a store not made yet makes none for
 * logs it cannot read, nor for logs that hold no audit event.
 */
export async function loadAudit(storeOf: Store | (() => Store), appName: string, settings: AnalyzeSettings): Promise<Loaded> {
  const app = checkAppName(appName);
  // Digest first: a missing file or stdin fails before the (longer) analysis.
  const digest = await digestLogs(settings.logs, (repeat) => settings.onWarning?.(duplicateInput(repeat)));
  for (const c of digest.copies) settings.onWarning?.(`${c.file} has the same contents as ${c.sameAs}: read once`);
  // The run is known by its contents, so a copy is read once, as the content hash counts it once. distinct names the
  // files as given, directories expanded, as analyzeLogs would list them.
  // named: a file found in a directory that cannot be opened is one entry, as analyze reads it; one named stops the load.
  const report = await analyzeLogs({ ...settings, logs: digest.distinct, named: settings.logs });
  if (report.summary.events === 0) {
    const first = report.invalid[0];
    throw new NothingReadError(`no audit events read from ${report.inputs.join(', ')}${first ? ` (${first.file}:${first.line}: ${first.message})` : ''}; nothing stored`);
  }
  const store = typeof storeOf === 'function' ? storeOf() : storeOf;
  const result = store.addRun(app, { report, contentHash: digest.hash, inputs: digest.files, was: incompleteRun(store, app, digest) });
  const remove = store.removeCommand(app);
  for (const o of result.overlapping) settings.onWarning?.(overlapWarning(app, o, remove));
  for (const k of result.keptBeside) settings.onWarning?.(keptBesideWarning(app, k, remove));
  if (result.walBusy) settings.onWarning?.(walBusyWarning(store.file, 'what the runs it replaced said'));
  return { ...result, app, report, contentHash: digest.hash };
}

/**
 * A run of files all among these kept beside this one, as these logs cannot be shown to hold its requests. Said,
 * since its logs may still be among these under another name, or these grown from its (then counted twice), or not
 * (then kept rightly). remove: the command that removes the app from this store.
 */
export function keptBesideWarning(app: string, k: KeptBeside, remove: string): string {
  const { run } = k;
  const files = run.inputs.join(', ');
  const they = run.inputs.length === 1 ? 'it' : 'they';
  const kept = 'kept beside this run, not replaced';
  const twice = 'if it read requests these logs hold too, they now count in both runs';
  if (k.why !== 'untimed') {
    return k.why === 'earlier'
      ? `run ${run.id} of ${JSON.stringify(app)} read ${files} when ${they} held requests from ${k.at} on, earlier than any in these logs ` +
          `(rotated away since?): ${kept}. Load the rotated files with the log (its directory) to replace run ${run.id}; ${twice}`
      : `run ${run.id} of ${JSON.stringify(app)} read ${files} when ${they} held requests up to ${k.at}, later than any in these logs (an older log put in its place?): ${kept}; ${twice}`;
  }
  // A run that selected no request is replaced (Store.addRun): one kept selected requests, none the spec describes.
  const none = {
    run: 'it holds no request of an API operation (it selected only requests the spec does not describe)',
    load: 'these logs hold no request of an API operation (none selected, or none the spec describes)',
    both: 'neither it nor these logs hold a request of an API operation (only requests the spec does not describe, or none selected in these logs)',
  }[k.side];
  return (
    `run ${run.id} of ${JSON.stringify(app)} read ${files}, all among these logs, but ${none}, so no time shows that these logs hold its requests: ` +
    `${kept}; ${twice} (run ${remove} and load the logs again to count them once)`
  );
}

/** A run kept that read some of these files with others: what it shares counts twice, and how to undo that (remove). */
export function overlapWarning(app: string, o: LoadResult['overlapping'][number], remove: string): string {
  const { run, shared } = o;
  const rest = run.inputs.filter((f) => !shared.includes(f));
  return (
    `run ${run.id} of ${JSON.stringify(app)} (loaded ${run.loadedAt}) also read ${shared.join(', ')}, with ${rest.join(', ')}: ` +
    `the requests of ${shared.length === 1 ? 'that file' : 'those files'} now count in both runs. ` +
    `Load ${rest.join(' ')} with these logs to replace run ${run.id}, or run ${remove} and load its logs again together`
  );
}

/**
 * The hash of a run of these same files loaded before a compressed copy among them was known as one (it counted the
 * copy's requests twice), or loaded when some of them could not be opened (its report lists them, notOpened),
 * whose other files held what they hold now: loaded again, they replace that run instead of adding their requests twice.
 */
function incompleteRun(store: Store, app: string, digest: LogDigest): string | undefined {
  for (const old of store.runsOfInputs(app, digest.files)) {
    if (old.contentHash === digest.hash) return undefined;
    if (old.contentHash === digest.hashWithCompressedCopies) return old.contentHash;
    // Named as given then, maybe relative to another directory: the file of these whose path ends so.
    const missing = old.report.invalid
      .filter(wasNotOpened)
      .map((e) => digest.files.find((f) => f === path.resolve(e.file) || f.endsWith(`${path.sep}${path.normalize(e.file)}`)));
    if (missing.length === 0 || missing.includes(undefined)) continue;
    if (digest.hashWithout(new Set(missing as string[])) === old.contentHash) return old.contentHash;
  }
  return undefined;
}
