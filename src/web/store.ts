// The serve store: apps and their runs in one SQLite file (node:sqlite, no native addon). A run keeps the
// Report of one set of logs and the sha256 of their contents, so loading the same logs again replaces that run
// instead of counting its requests twice.
import { existsSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatabaseSync } from 'node:sqlite';
import { SCHEMA_VERSION, type OperationUsage, type Report, type RunFailure } from '../engine/report.js';
import { earlier } from '../engine/coverage.js';
import { invalidReason, isCutShort } from '../engine/verdict.js';
import { shellWord } from '../shell-word.js';
import { removeAuditCommand } from './command-line.js';
import { decompressedName } from '../sources/compression.js';
import { xdgBaseDir } from '../xdg.js';
import type { AppDetail, AppSummary, RunInfo } from './api.js';
import { mergeReports } from '../engine/merge.js';
import { summarizeApp } from './coverage.js';
import { makeDirSync } from '../make-dir.js';

/** The columns of a run but its report (RunRow), named by table: the same in a join with apps. */
const RUN_COLUMNS = 'runs.id, runs.content_hash, runs.inputs, runs.loaded_at, runs.kubernetes_version, runs.requests';

/** The store layout this code writes; a file with a newer one is refused rather than misread. */
const STORE_VERSION = 1;

/** The tables of a new store. */
const LAYOUT = `
  CREATE TABLE apisnoop_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO apisnoop_meta (key, value) VALUES ('store_version', '${STORE_VERSION}');
  CREATE TABLE apps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    inputs TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    kubernetes_version TEXT NOT NULL,
    requests INTEGER NOT NULL,
    report TEXT NOT NULL,
    UNIQUE (app_id, content_hash)
  );
`;

/** $XDG_DATA_HOME/apisnoop/apisnoop.db, else ~/.local/share/apisnoop/apisnoop.db. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return path.join(xdgBaseDir('XDG_DATA_HOME', path.join('.local', 'share'), env, home), 'apisnoop', 'apisnoop.db');
}

/** The --db to name in a suggested command: none for the default store, which the store commands use without it. */
export function namedDb(db: string): string | undefined {
  const resolved = path.resolve(db);
  return resolved === defaultDbPath() ? undefined : resolved;
}

/**
 * The line of an app that cannot be read: what its rows say outside the reports (how many runs, the newest load, the
 * release), and no figures.
 */
const damagedSummary = (name: string, rows: { runs: number; loadedAt: string | null; kubernetesVersion: string | null }): AppSummary => ({
  name,
  runs: rows.runs,
  loadedAt: rows.loadedAt ?? '',
  kubernetesVersion: rows.kubernetesVersion ?? '',
  e2e: false,
  requests: 0,
  selected: 0,
  operations: 0,
  hits: 0,
  byLevel: { stable: 0, beta: 0, alpha: 0 },
  pass: false,
  conformance: null,
});

export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * node:sqlite, or the StoreError saying the store needs it. Loaded here, not imported: the rest of the CLI (analyze,
 * export…) must not need node:sqlite (Node >= 22.13, unflagged). The store commands ask first, before looking for the file: on an
 * older Node, `apps` would otherwise say "No apps yet, load one" and send the user to a load that cannot run.
 */
export function sqliteModule(): typeof import('node:sqlite') {
  const sqlite = process.getBuiltinModule?.('node:sqlite') as typeof import('node:sqlite') | undefined;
  if (!sqlite) throw new StoreError(`the store needs Node.js 22.13 or later (node:sqlite); this is Node.js ${process.versions.node}`);
  return sqlite;
}

/** App names travel in URLs and in the comma-separated ?apps= list: no commas, no control characters, no dot segments. */
export function checkAppName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new StoreError('app name is empty');
  // Counted in characters (code points), as the message says: an emoji is one, not two UTF-16 units.
  const chars = [...trimmed];
  if (chars.length > 200) throw new StoreError(`app name is longer than 200 characters (${chars.length}): ${chars.slice(0, 40).join('')}…`);
  // C0, DEL and C1 (U+0085 is a line break, U+009B a terminal's CSI) and the line and paragraph separators: the
  // controls the terminal output escapes (CONTROLS in render/markdown-cells.ts).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(trimmed)) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains control characters`);
  if (trimmed.includes(',')) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains a comma (commas separate app names in ?apps=)`);
  // The server refuses dot segments and backslashes in a path before routing (traversal): such an app could be
  // loaded but never opened.
  if (trimmed === '.' || trimmed === '..' || /\\|\/\.\.|\.\.\//.test(trimmed)) {
    throw new StoreError(`app name ${JSON.stringify(trimmed)} cannot be a path in a URL (".", "..", a backslash, or "../" inside it)`);
  }
  return trimmed;
}

/** What is said when a reader kept the WAL from being emptied (walBusy): `held` is what the store's files still hold. */
export const walBusyWarning = (file: string, held: string): string =>
  `another process held ${file} open for reading throughout, so its write-ahead log could not be folded in: ` +
  `the store's files still hold ${held} until every process using the store (serve too) has closed it, when SQLite folds the log in`;

export interface LoadResult {
  /** added: new logs; replaced: these logs were loaded before and their run now holds the new analysis; unchanged: same logs, same result. */
  status: 'added' | 'replaced' | 'unchanged';
  run: RunInfo;
  /** The run these logs had before (replaced, unchanged). */
  previous?: RunInfo;
  /**
   * Earlier runs of other contents whose every file is among these (a log that grew since, or one rotated beside it):
   * removed, as this run counts what they read. Empty when none.
   */
  superseded: RunInfo[];
  /**
   * Of superseded, the runs that selected no request: replaced whether or not these logs span their time, as they
   * counted nothing of the app's coverage (the live log loaded before the app made a request).
   */
  selectedNone: RunInfo[];
  /** Runs kept that read some of these files but not all of theirs: the requests of the files shared count in both. */
  overlapping: Array<{ run: RunInfo; shared: string[] }>;
  /**
   * Present (true) when a run was replaced or superseded but a reader held the store past the wait, so the WAL still
   * holds what the old report said until SQLite folds it in (walBusyWarning).
   */
  walBusy?: true;
  /**
   * Runs whose files are all among these, kept beside this one: these logs' requests do not cover the time theirs
   * were seen in, so they cannot be shown to be among them (and deleting them could lose requests).
   */
  keptBeside: KeptBeside[];
}

/**
 * A run whose files are all among a load's, kept beside it, and why. earlier: it saw requests from `at` on, before any
 * of the load (its paths held logs rotated away since); later: up to `at`, after any of the load (an older log put in
 * its place, as CI artifacts of one name are); untimed: `side` (the run, the load, or both) matched no request, which
 * tells no time.
 */
export type KeptBeside = { run: RunInfo } & KeptWhy;
export type KeptWhy = { why: 'earlier' | 'later'; at: string } | { why: 'untimed'; side: 'run' | 'load' | 'both' };

interface RunRow {
  id: number;
  content_hash: string;
  inputs: string;
  loaded_at: string;
  kubernetes_version: string;
  requests: number;
}

export class Store {
  private constructor(
    readonly file: string,
    private readonly db: DatabaseSync,
  ) {}

  /** Opens (creating when missing) the store at file; a file that is not an intact APISnoop store is refused, naming it. */
  static open(file: string): Store {
    return Store.openFile(file, true)!;
  }

  /**
   * Opens the store at file once a load has made it: null while the file is missing or has no tables yet (a load
   * still making it). Creates and writes nothing; how serve, started before the first load-audit, finds the store.
   */
  static openLoaded(file: string): Store | null {
    return existsSync(file) ? Store.openFile(file, false) : null;
  }

  private static openFile(file: string, create: boolean): Store | null {
    const sqlite = sqliteModule();
    // ':memory:' is a store of nothing, made nowhere (serve on a database that does not exist).
    const resolved = file === ':memory:' ? file : path.resolve(file);
    let db: DatabaseSync | undefined;
    try {
      if (create && resolved !== ':memory:') makeDirSync(path.dirname(resolved));
      db = create ? new sqlite.DatabaseSync(resolved) : openExisting(sqlite, resolved);
      // Another process (load-audit while serve runs) may hold the write lock for a moment.
      db.exec('PRAGMA busy_timeout = 5000');
      const check = db.prepare('PRAGMA quick_check').all() as Array<Record<string, unknown>>;
      const problems = check.map((r) => String(Object.values(r)[0])).filter((v) => v !== 'ok');
      if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 3).join('; ')}`);
      const store = new Store(resolved, db);
      if (store.migrate(create)) return store;
      db.close();
      return null;
    } catch (err) {
      db?.close();
      if (err instanceof StoreError) throw err;
      if (!create && !existsSync(resolved)) return null;
      throw openFailure(resolved, err);
    }
  }

  /** Checks the layout, making it in a file with no tables when create; false: no tables, and nothing made. */
  private migrate(create: boolean): boolean {
    let names = this.tableNames();
    if (names.size === 0) {
      if (!create) return false;
      // Two loads on a new store at once both find it empty: look again under the write lock, so that the second
      // finds the layout the first made instead of failing on CREATE TABLE (and losing its run).
      this.transaction(() => {
        if (this.tableNames().size === 0) {
          this.dropLeftovers();
          this.db.exec(LAYOUT);
        }
      });
      names = this.tableNames();
    }
    if (names.has('apisnoop_meta')) {
      const row = this.db.prepare("SELECT value FROM apisnoop_meta WHERE key = 'store_version'").get() as { value: string } | undefined;
      const version = Number(row?.value);
      if (version !== STORE_VERSION) {
        throw new StoreError(
          `${this.file} was written by another version of apisnoop (store version ${row?.value ?? 'unknown'}, this one reads ${STORE_VERSION}). Choose another file with --db.`,
        );
      }
      if (create) this.preferWal();
      return true;
    }
    throw new StoreError(`${this.file} is an SQLite database of something else (tables: ${[...names].slice(0, 5).join(', ')}). Choose another file with --db.`);
  }

  /**
   * WAL lets serve read while a load writes. Best effort: SQLite refuses the switch, after busy_timeout, while
   * another connection keeps reading the file; the store works all the same, and a later load switches it.
   */
  private preferWal(): void {
    try {
      if (this.journalMode() !== 'wal') this.db.exec('PRAGMA journal_mode = WAL');
    } catch (err) {
      // A read-only file is still read (apps only reads); a load on it is refused when it writes, naming the file.
      if (!lockedOrReadOnly(err)) throw err;
    }
  }

  /**
   * A store removed without its -wal and -shm while serve still reads it leaves them behind, and serve keeps the
   * -shm in use: SQLite would take that index of the removed store for this one's ("disk I/O error", the new store
   * unreadable). Under the write lock, with no tables and not in WAL, no connection can be using them for this file.
   */
  private dropLeftovers(): void {
    if (this.file === ':memory:') return;
    if (this.journalMode() === 'wal') return;
    for (const end of ['-wal', '-shm']) rmSync(this.file + end, { force: true });
  }

  private journalMode(): string {
    return (this.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode;
  }

  private tableNames(): Set<string> {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    return new Set(tables.map((t) => t.name));
  }

  close(): void {
    this.db.close();
  }

  /** The command that removes app from this store: with --db unless it is the default store, as a user must type it. */
  removeCommand(app: string): string {
    return removeAuditCommand(app, namedDb(this.file));
  }

  /** What to do with a damaged app: the command that removes it, as a user must type it (a bare "remove the app" named none). */
  private repair(app: string): string {
    return `remove the app (${this.removeCommand(app)}) and load it again.`;
  }

  /**
   * Keeps report as a run of app; the same content hash for the same app replaces that run, and so does each run whose
   * files are all among inputs (the live log loaded again once it grew: kept beside, its requests would count twice)
   * when report's requests span the time its requests were seen in, or it selected no request (selectedNone); else it is
   * kept beside (keptBeside).
   * was: the content hash these logs had when a run of them was loaded with files that could not be opened; that run
   * is replaced (its hash too), not kept beside them, which would count its requests twice.
   */
  addRun(appName: string, run: { report: Report; contentHash: string; inputs: string[]; was?: string }): LoadResult {
    const name = checkAppName(appName);
    if (!/^[0-9a-f]{64}$/.test(run.contentHash)) throw new StoreError(`content hash is not a sha256 hex digest: ${run.contentHash}`);
    // The report a run held before (replaced, or superseded) leaves nothing in the file, as removeApp's.
    const { out, walBusy } = this.securely(
      () => this.keepRun(name, run),
      (r) => r.status === 'replaced' || r.superseded.length > 0,
    );
    return walBusy ? { ...out, walBusy } : out;
  }

  private keepRun(name: string, run: { report: Report; contentHash: string; inputs: string[]; was?: string }): LoadResult {
    const now = new Date().toISOString();
    const json = JSON.stringify(run.report);
    const inputs = JSON.stringify(run.inputs);
    return this.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO apps (name, created_at) VALUES (?, ?)').run(name, now);
      const { id: appId } = this.db.prepare('SELECT id FROM apps WHERE name = ?').get(name) as { id: number };
      const byHash = (hash: string) =>
        this.db
          .prepare(`SELECT ${RUN_COLUMNS}, report FROM runs WHERE app_id = ? AND content_hash = ?`)
          .get(appId, hash) as unknown as (RunRow & { report: string }) | undefined;
      const old = byHash(run.contentHash) ?? (run.was === undefined ? undefined : byHash(run.was));
      const span = seenSpan(run.report);
      // Other bytes, the same requests: a compressed copy of a log loaded, given alone (its hash is of what is stored).
      // A report of no request matched, which tells no time, is no one log's (runOfSameAnalysis).
      const same = old || span === null ? undefined : this.runOfSameAnalysis(appId, run.report);
      const rows = this.runRows(appId);
      const sharing = sharingFiles(rows.filter((r) => r.id !== (old ?? same)?.id), run.inputs);
      const { overlapping } = sharing;
      // Only a run whose requests these logs are shown to hold goes: one whose paths held other logs then (rotated
      // away since, or an older log put there since), or that tells no time, would lose what it counted. Kept, and said.
      // A run that selected no request has nothing to lose (no operation, no unmatched request): it goes, time or none.
      const superseded: RunRow[] = [];
      const selectedNone: RunRow[] = [];
      const keptBeside: KeptBeside[] = [];
      for (const r of sharing.superseded) {
        const report = this.storedReport(r.id);
        const none = selectedNoRequest(report);
        const why = none ? null : uncovered(seenSpan(report), span);
        if (why !== null) keptBeside.push({ run: toRunInfo(r), ...why });
        else {
          superseded.push(r);
          if (none) selectedNone.push(r);
        }
      }
      // Kept as it is only when nothing else goes: beside a new run of more logs, its requests would count twice.
      if (same && superseded.length > 0) superseded.push(same);
      const leaving = new Set([old?.id, ...superseded.map((r) => r.id)]);
      // Runs of one app add up, which only makes sense against one Kubernetes release.
      const others = rows.filter((r) => !leaving.has(r.id));
      const clash = others.find((o) => o.kubernetes_version !== run.report.kubernetesVersion);
      if (clash) {
        throw new StoreError(
          `app ${JSON.stringify(name)} holds runs against Kubernetes ${clash.kubernetes_version}, these logs were analyzed against ${run.report.kubernetesVersion}: runs of one app add up, so they must use one release. Load them under another --app name, or run ${this.removeCommand(name)} first.`,
        );
      }
      // A run whose row was damaged (its inputs unreadable) is repaired by the new analysis, never "unchanged".
      const oldInputs = old && readableInputs(old.inputs) ? old.inputs : null;
      const gone = { superseded: superseded.map(toRunInfo), selectedNone: selectedNone.map(toRunInfo), overlapping, keptBeside };
      if (old && old.content_hash === run.contentHash && oldInputs !== null && sameAnalysis(old.report, run.report) && superseded.length === 0) {
        return { status: 'unchanged', run: toRunInfo(old), previous: toRunInfo(old), ...gone };
      }
      if (same && superseded.length === 0) return { status: 'unchanged', run: toRunInfo(same), previous: toRunInfo(same), ...gone };
      const dropSuperseded = () => superseded.forEach((r) => this.db.prepare('DELETE FROM runs WHERE id = ?').run(r.id));
      if (old) {
        dropSuperseded();
        this.db
          .prepare('UPDATE runs SET content_hash = ?, inputs = ?, loaded_at = ?, kubernetes_version = ?, requests = ?, report = ? WHERE id = ?')
          .run(run.contentHash, inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json, old.id);
        const updated = this.runRow(old.id);
        return { status: 'replaced', run: updated, previous: toRunInfo({ ...old, inputs: oldInputs ?? '[]' }), ...gone };
      }
      const inserted = this.db
        .prepare(
          'INSERT INTO runs (app_id, content_hash, inputs, loaded_at, kubernetes_version, requests, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(appId, run.contentHash, inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json);
      // After the insert: the new run gets a number of its own, not the one of a run it replaces (SQLite reuses the highest).
      dropSuperseded();
      return { status: 'added', run: this.runRow(Number(inserted.lastInsertRowid)), ...gone };
    });
  }

  /**
   * The run of the app whose stored analysis is report's (sameAnalysis: file names aside), of other logs by their
   * bytes: the same requests read from other files. Only runs of as many requests are read. Asked only of a report
   * that tells a time: one of no request matched is no one log's (two logs of as many requests, none selected, would
   * read alike).
   */
  private runOfSameAnalysis(appId: number, report: Report): (RunRow & { report: string }) | undefined {
    const rows = this.db
      .prepare(`SELECT ${RUN_COLUMNS}, report FROM runs WHERE app_id = ? AND requests = ? AND kubernetes_version = ? ORDER BY id`)
      .all(appId, report.summary.requests, report.kubernetesVersion) as unknown as Array<RunRow & { report: string }>;
    return rows.find((r) => readableInputs(r.inputs) && sameAnalysis(r.report, report));
  }

  /** The report of run id, null when it cannot be read (a damaged run is replaced, not kept). */
  private storedReport(id: number): Report | null {
    const row = this.db.prepare('SELECT report FROM runs WHERE id = ?').get(id) as { report: string } | undefined;
    try {
      return row ? (JSON.parse(row.report) as Report) : null;
    } catch {
      return null;
    }
  }

  /** The runs of the app of this id, without their reports. */
  private runRows(appId: number): RunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE app_id = ? ORDER BY id`)
      .all(appId) as unknown as RunRow[];
  }

  /** The runs of an app loaded from these files (absolute, sorted, as addRun's inputs), with their reports; damaged ones left out. */
  runsOfInputs(appName: string, inputs: readonly string[]): Array<{ contentHash: string; report: Report }> {
    const rows = this.db
      .prepare('SELECT runs.id, content_hash, report FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ? AND inputs = ?')
      .all(checkAppName(appName), JSON.stringify(inputs)) as unknown as Array<{ id: number; content_hash: string; report: string }>;
    return rows.flatMap((r) => {
      try {
        return [{ contentHash: r.content_hash, report: this.parseReport(appName, r) }];
      } catch (err) {
        if (err instanceof StoreError) return [];
        throw err;
      }
    });
  }

  /** Removes the app and all its runs; returns how many runs went (0: no such app), and `walBusy` (securely). */
  removeApp(appName: string): { runs: number; walBusy: boolean } {
    const { out: runs, walBusy } = this.securely(
      () =>
        this.transaction(() => {
          const row = this.db.prepare('SELECT id FROM apps WHERE name = ?').get(appName.trim()) as { id: number } | undefined;
          if (!row) return 0;
          const { n } = this.db.prepare('SELECT count(*) AS n FROM runs WHERE app_id = ?').get(row.id) as { n: number };
          this.db.prepare('DELETE FROM runs WHERE app_id = ?').run(row.id);
          this.db.prepare('DELETE FROM apps WHERE id = ?').run(row.id);
          return n;
        }),
      (n) => n > 0,
    );
    return { runs, walBusy };
  }

  /**
   * write, with nothing it deletes or overwrites left in the store's files. A run's report holds the logs' users,
   * agents and URIs, which a plain DELETE or UPDATE left readable in the file's free pages and in the WAL: they are
   * zeroed (secure_delete), and the WAL, which still holds the pages as they were, is folded in and emptied when
   * `removed` says the write took a report away. `walBusy`: a reader held the store past the wait (an sqlite3 shell,
   * a backup tool), so the WAL could not be emptied and still holds them until it is folded in later (SQLite says so
   * without an error).
   */
  private securely<T>(write: () => T, removed: (out: T) => boolean): { out: T; walBusy: boolean } {
    this.db.exec('PRAGMA secure_delete = ON');
    try {
      const out = write();
      // Waits (busy_timeout) for a reader such as serve to finish the request it is answering.
      if (!removed(out) || this.journalMode() !== 'wal') return { out, walBusy: false };
      const { busy } = this.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number };
      return { out, walBusy: busy !== 0 };
    } finally {
      this.db.exec('PRAGMA secure_delete = OFF');
    }
  }

  appNames(): string[] {
    const rows = this.db.prepare('SELECT name FROM apps ORDER BY name').all() as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }

  /**
   * Every app with its runs combined; e2e apps last so the list reads "your apps, then the yardstick". An app whose
   * runs cannot be read (a damaged row) is listed with its problem and no figures, so that it does not hide the others.
   */
  apps(): AppSummary[] {
    return this.appNames()
      .flatMap((name): AppSummary[] => {
        try {
          const a = this.app(name);
          return a ? [a.summary] : [];
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          return [{ ...damagedSummary(name, this.runTotals(name)), problem: err.message }];
        }
      })
      .sort((a, b) => Number(a.e2e) - Number(b.e2e) || a.name.localeCompare(b.name));
  }

  /** How many runs the app has, its newest load and its release, from their rows alone (its reports may not be readable). */
  private runTotals(appName: string): { runs: number; loadedAt: string | null; kubernetesVersion: string | null } {
    return this.db
      .prepare('SELECT count(*) AS runs, max(loaded_at) AS loadedAt, max(kubernetes_version) AS kubernetesVersion FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ?')
      .get(appName) as unknown as { runs: number; loadedAt: string | null; kubernetesVersion: string | null };
  }

  app(appName: string): AppDetail | undefined {
    const rows = this.db
      .prepare(
        `SELECT ${RUN_COLUMNS}, report
         FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ? ORDER BY runs.id`,
      )
      .all(appName) as unknown as Array<RunRow & { report: string }>;
    if (rows.length === 0) return undefined;
    const runs = rows.map((r) => {
      if (!readableInputs(r.inputs)) {
        throw new StoreError(`${this.file}: run ${r.id} of app ${JSON.stringify(appName)} holds an unreadable list of inputs; ${this.repair(appName)}`);
      }
      return toRunInfo(r);
    });
    const reports = rows.map((r) => this.parseReport(appName, r));
    // A report edited by hand can be JSON of the right schema and still lack what merging and summing read: said as
    // a damaged app (naming the file), not as a TypeError that would hide every other app.
    try {
      const report = reports.length > 1 ? mergeReports(reports) : reports[0];
      return { name: appName, summary: summarizeApp(appName, runs, report), runs, report };
    } catch (err) {
      const what = reports.length > 1 ? 'cannot be combined' : 'cannot be read';
      throw new StoreError(`${this.file}: the runs of app ${JSON.stringify(appName)} ${what} (${messageOf(err)}); ${this.repair(appName)}`);
    }
  }

  private parseReport(app: string, row: { id: number; report: string }): Report {
    let report: Report;
    try {
      report = JSON.parse(row.report) as Report;
    } catch (err) {
      throw new StoreError(`${this.file}: run ${row.id} of app ${JSON.stringify(app)} holds unreadable JSON (${messageOf(err)}); ${this.repair(app)}`);
    }
    if (typeof report !== 'object' || report === null || Array.isArray(report)) {
      throw new StoreError(`${this.file}: run ${row.id} of app ${JSON.stringify(app)} holds ${JSON.stringify(report)?.slice(0, 40)}, not a report; ${this.repair(app)}`);
    }
    if (report.schemaVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        `${this.file}: run ${row.id} of app ${JSON.stringify(app)} has report schema ${String(report.schemaVersion)}, this apisnoop reads ${SCHEMA_VERSION}; ${this.repair(app)}`,
      );
    }
    return report;
  }

  private runRow(id: number): RunInfo {
    return toRunInfo(
      this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as unknown as RunRow,
    );
  }

  private transaction<T>(fn: () => T): T {
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      // Still locked after busy_timeout (another process in a long transaction), or a read-only file opened for
      // reading: said naming the file, as opening is.
      throw lockedOrReadOnly(err) ? openFailure(this.file, err) : err;
    }
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      this.db.exec('ROLLBACK');
      // A store not in WAL commits only once its readers are done: a reader past busy_timeout is said as above.
      throw lockedOrReadOnly(err) ? openFailure(this.file, err) : err;
    }
  }
}

/**
 * Whether a stored report is the analysis of report: the same logs under other names or in another order read the
 * same (the run is known by their contents), so the file names it lists are left out of the comparison: the inputs,
 * each invalid line's file (lines compared as a set: another order lists the same ones), and the reason of fail-on
 * invalid, which names one of those lines: when it is the one the report's invalid lines give (invalidReason), it says
 * nothing the lines and their count do not, so it is left out too; else (another build's wording) it is compared as
 * written. Field by field, not by replacing the names in the text: a name such as "pods" also stands in the report for
 * other things.
 */
function sameAnalysis(stored: string, report: Report): boolean {
  const unnamed = (r: Report): string => {
    // An input not read (an xz file) names itself, and the file to decompress it into, in the command its entry gives
    // (sources/compression.ts): not compared. Itself first: the other's name may begin its own.
    const message = (l: Report['invalid'][number]): string =>
      isCutShort(l.message) ? unnamedIn(unnamedIn(l.message, l.file, 'FILE'), decompressedName(l.file), 'PLAIN') : l.message;
    const invalid = r.invalid.map((l) => JSON.stringify({ ...l, file: '', message: message(l) })).sort();
    const derived = (f: RunFailure): boolean => f.rule === 'invalid' && f.why === invalidReason(r.invalid, r.summary.invalidLines);
    const runFailures = r.verdict.runFailures?.map((f) => (derived(f) ? { rule: f.rule } : f));
    return JSON.stringify({ ...r, inputs: [], invalid, verdict: { ...r.verdict, ...(runFailures ? { runFailures } : {}) } });
  };
  try {
    return unnamed(JSON.parse(stored) as Report) === unnamed(report);
  } catch {
    // A damaged run is replaced by the new analysis.
    return false;
  }
}

/**
 * Of runs, those whose files (by path) are all among inputs, and those that share some with them but not all. A run
 * that names no file (or whose list is damaged) shares none.
 */
function sharingFiles(runs: readonly RunRow[], inputs: readonly string[]): { superseded: RunRow[]; overlapping: Array<{ run: RunInfo; shared: string[] }> } {
  const given = new Set(inputs);
  const superseded: RunRow[] = [];
  const overlapping: Array<{ run: RunInfo; shared: string[] }> = [];
  for (const r of runs) {
    if (!readableInputs(r.inputs)) continue;
    const files = JSON.parse(r.inputs) as string[];
    const shared = files.filter((f) => given.has(f));
    if (shared.length === 0) continue;
    if (shared.length === files.length) superseded.push(r);
    else overlapping.push({ run: toRunInfo(r), shared });
  }
  return { superseded, overlapping };
}

/** When the first and the last request a report matched were seen; null when it tells none (or is no report). */
function seenSpan(report: Report | null): { first: string; last: string } | null {
  let first: string | null = null;
  let last: string | null = null;
  const ops: unknown = report?.operations;
  if (!Array.isArray(ops)) return null;
  for (const op of ops as Array<Partial<OperationUsage>>) {
    const [from, to] = [op?.firstSeen, op?.lastSeen];
    if (typeof from === 'string' && (first === null || earlier(from, first))) first = from;
    if (typeof to === 'string' && (last === null || earlier(last, to))) last = to;
  }
  return first === null || last === null ? null : { first, last };
}

/**
 * Whether a stored report selected no request, and so holds nothing of the app's coverage: no operation, no unmatched
 * request, only requests read. False for one that cannot be read.
 */
function selectedNoRequest(report: Report | null): boolean {
  const r = report as Partial<Report> | null;
  return r?.summary?.selected === 0 && Array.isArray(r.operations) && r.operations.length === 0 && Array.isArray(r.unmatched) && r.unmatched.length === 0;
}

/**
 * Why the requests of a load (span) cannot be shown to hold those of a run whose files are all among its own (was):
 * null when they span its time (its first request no earlier than theirs, its last no later), which is all a load of
 * more logs shows. A side that tells no time shows nothing.
 */
function uncovered(was: { first: string; last: string } | null, span: { first: string; last: string } | null): KeptWhy | null {
  if (was === null || span === null) return { why: 'untimed', side: was === null && span === null ? 'both' : was === null ? 'run' : 'load' };
  if (earlier(was.first, span.first)) return { why: 'earlier', at: was.first };
  if (earlier(span.last, was.last)) return { why: 'later', at: was.last };
  return null;
}

/** text with each word of it that is file, as a shell command shows it, put as name. */
const unnamedIn = (text: string, file: string, name: string): string => text.split(` ${shellWord(file)}`).join(` ${name}`);

/** Whether a run's stored inputs are the list of file names it was written as. */
function readableInputs(inputs: string): boolean {
  try {
    const list: unknown = JSON.parse(inputs);
    return Array.isArray(list) && list.every((i) => typeof i === 'string');
  } catch {
    return false;
  }
}

function toRunInfo(row: RunRow): RunInfo {
  return {
    id: row.id,
    contentHash: row.content_hash,
    inputs: JSON.parse(row.inputs) as string[],
    loadedAt: row.loaded_at,
    kubernetesVersion: row.kubernetes_version,
    requests: row.requests,
  };
}

/**
 * The store at file for a reader that runs for long (serve): an empty store while there is none, else the file's,
 * looked for each time the store is asked for. Creates nothing; found is called when a store appears there.
 */
export function storeWhenLoaded(file: string, found?: (store: Store) => void): { current(): Store; close(): void } {
  const empty = Store.open(':memory:');
  let loaded: { store: Store; id: string } | null = null;
  return {
    current() {
      // An open connection goes on reading the file it opened, removed or not: a store removed to start over, or a
      // backup put in its place, would never be seen. The file is known by its inode, and opened again when that changes.
      const id = fileId(file);
      if (loaded && loaded.id !== id) {
        loaded.store.close();
        loaded = null;
      }
      if (!loaded && id !== undefined) {
        const store = Store.openLoaded(file);
        if (store) {
          loaded = { store, id };
          found?.(store);
        }
      }
      return loaded?.store ?? empty;
    },
    close() {
      loaded?.store.close();
      empty.close();
    },
  };
}

/** Which file is at path now (device and inode), undefined when there is none. */
function fileId(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * An existing store, opened read-write and never made: a file removed since it was seen is not made again (a file:
 * URL with mode=rw). Node.js before 22.16 takes no URL here ("The "path" argument must be a string", which read as a
 * damaged store): there the file is looked for first and opened by its path (a removal in the moment between makes an
 * empty file, which is no store: the command finds no apps, and a load makes one in it).
 */
export function openExisting(sqlite: Pick<typeof import('node:sqlite'), 'DatabaseSync'>, file: string): DatabaseSync {
  try {
    return new sqlite.DatabaseSync(withMode(file, 'rw'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_INVALID_ARG_TYPE') throw err;
    if (!existsSync(file)) throw new Error(`${file} does not exist`, { cause: err });
    return new sqlite.DatabaseSync(file);
  }
}

/** file as a file: URL with SQLite's open mode (rw: open, never create). */
function withMode(file: string, mode: 'rw'): URL {
  const url = pathToFileURL(file);
  url.searchParams.set('mode', mode);
  return url;
}

/** The primary SQLite result code of err (extended codes folded), if it is an SQLite error. */
function sqliteCode(err: unknown): number | undefined {
  const code = (err as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

/** SQLITE_BUSY: another connection holds the lock. */
const isBusy = (err: unknown): boolean => sqliteCode(err) === 5;

/** SQLITE_BUSY, or SQLITE_READONLY (a read-only file SQLite opened for reading, in a directory it can write). */
const lockedOrReadOnly = (err: unknown): boolean => isBusy(err) || sqliteCode(err) === 8;

/**
 * Why the store at file could not be opened, in words that fit the cause: "not a readable APISnoop database … Move
 * it away" only for a file that is one; a directory that cannot be made, a store that cannot be written (read-only
 * file, directory or mount) or one locked by another process is said as such, since moving an intact store away
 * would not help.
 */
export function openFailure(file: string, err: unknown): StoreError {
  if ((err as NodeJS.ErrnoException).syscall === 'mkdir') {
    return new StoreError(`cannot make the directory of the store ${file} (${messageOf(err)}). Choose another file with --db.`);
  }
  // SQLite cannot open a directory either (SQLITE_CANTOPEN): not a matter of permissions, whatever they are.
  if (directoryAt(file)) return new StoreError(`${file} is a directory: --db takes the store's file, such as ${path.join(file, 'apisnoop.db')}`);
  const code = sqliteCode(err);
  // SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN.
  if (code === 3 || code === 8 || code === 14) {
    const name = path.basename(file);
    return new StoreError(
      `cannot open ${file} (${messageOf(err)}): the store must be a file this user can write, in a directory it can write (SQLite keeps ${name}-wal and ${name}-shm beside it, even to read). Make them writable, or choose another file with --db.`,
    );
  }
  if (code === 5) return new StoreError(`${file} is locked by another process (${messageOf(err)}); try again once it is done.`);
  return new StoreError(`${file} is not a readable APISnoop database (${messageOf(err)}). Move it away or choose another file with --db.`);
}

/** Whether file is a directory; false where it cannot be looked at (then the permissions are what to say). */
function directoryAt(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
