import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  mergeReports,
  summarizeApp
} from "./chunk-ZOHRZ7ZL.js";
import {
  decompressedName,
  earlier,
  invalidReason,
  isCutShort,
  makeDirSync,
  xdgBaseDir
} from "./chunk-SCAZIKRH.js";
import {
  SCHEMA_VERSION,
  shellWord
} from "./chunk-QJAYF2D5.js";

// src/web/store.ts
import { existsSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

// src/web/command-line.ts
function storeCommand(command, args, db) {
  return `apisnoop ${command} ${args}${db === void 0 ? "" : ` --db ${shellWord(db)}`}`;
}
function loadAuditCommand(args, db) {
  return storeCommand("load-audit", args, db);
}
function removeAuditCommand(app, db) {
  return storeCommand("remove-audit", shellWord(app), db);
}

// src/web/store.ts
var RUN_COLUMNS = "runs.id, runs.content_hash, runs.inputs, runs.loaded_at, runs.kubernetes_version, runs.requests";
var STORE_VERSION = 1;
var LAYOUT = `
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
function defaultDbPath(env = process.env, home = homedir()) {
  return path.join(xdgBaseDir("XDG_DATA_HOME", path.join(".local", "share"), env, home), "apisnoop", "apisnoop.db");
}
function namedDb(db) {
  const resolved = path.resolve(db);
  return resolved === defaultDbPath() ? void 0 : resolved;
}
var damagedSummary = (name, rows) => ({
  name,
  runs: rows.runs,
  loadedAt: rows.loadedAt ?? "",
  kubernetesVersion: rows.kubernetesVersion ?? "",
  e2e: false,
  requests: 0,
  selected: 0,
  operations: 0,
  hits: 0,
  byLevel: { stable: 0, beta: 0, alpha: 0 },
  pass: false,
  conformance: null
});
var StoreError = class extends Error {
  name = "StoreError";
};
function sqliteModule() {
  const sqlite = process.getBuiltinModule?.("node:sqlite");
  if (!sqlite) throw new StoreError(`the store needs Node.js 22.13 or later (node:sqlite); this is Node.js ${process.versions.node}`);
  return sqlite;
}
function checkAppName(name) {
  const trimmed = name.trim();
  if (trimmed === "") throw new StoreError("app name is empty");
  const chars = [...trimmed];
  if (chars.length > 200) throw new StoreError(`app name is longer than 200 characters (${chars.length}): ${chars.slice(0, 40).join("")}\u2026`);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(trimmed)) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains control characters`);
  if (trimmed.includes(",")) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains a comma (commas separate app names in ?apps=)`);
  if (trimmed === "." || trimmed === ".." || /\\|\/\.\.|\.\.\//.test(trimmed)) {
    throw new StoreError(`app name ${JSON.stringify(trimmed)} cannot be a path in a URL (".", "..", a backslash, or "../" inside it)`);
  }
  return trimmed;
}
var walBusyWarning = (file, held) => `another process held ${file} open for reading throughout, so its write-ahead log could not be folded in: the store's files still hold ${held} until every process using the store (serve too) has closed it, when SQLite folds the log in`;
var Store = class _Store {
  constructor(file, db) {
    this.file = file;
    this.db = db;
  }
  file;
  db;
  /** Opens (creating when missing) the store at file; a file that is not an intact APISnoop store is refused, naming it. */
  static open(file) {
    return _Store.openFile(file, true);
  }
  /**
   * Opens the store at file once a load has made it: null while the file is missing or has no tables yet (a load
   * still making it). Creates and writes nothing; how serve, started before the first load-audit, finds the store.
   */
  static openLoaded(file) {
    return existsSync(file) ? _Store.openFile(file, false) : null;
  }
  static openFile(file, create) {
    const sqlite = sqliteModule();
    const resolved = file === ":memory:" ? file : path.resolve(file);
    let db;
    try {
      if (create && resolved !== ":memory:") makeDirSync(path.dirname(resolved));
      db = create ? new sqlite.DatabaseSync(resolved) : openExisting(sqlite, resolved);
      db.exec("PRAGMA busy_timeout = 5000");
      const check = db.prepare("PRAGMA quick_check").all();
      const problems = check.map((r) => String(Object.values(r)[0])).filter((v) => v !== "ok");
      if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 3).join("; ")}`);
      const store = new _Store(resolved, db);
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
  migrate(create) {
    let names = this.tableNames();
    if (names.size === 0) {
      if (!create) return false;
      this.transaction(() => {
        if (this.tableNames().size === 0) {
          this.dropLeftovers();
          this.db.exec(LAYOUT);
        }
      });
      names = this.tableNames();
    }
    if (names.has("apisnoop_meta")) {
      const row = this.db.prepare("SELECT value FROM apisnoop_meta WHERE key = 'store_version'").get();
      const version = Number(row?.value);
      if (version !== STORE_VERSION) {
        throw new StoreError(
          `${this.file} was written by another version of apisnoop (store version ${row?.value ?? "unknown"}, this one reads ${STORE_VERSION}). Choose another file with --db.`
        );
      }
      if (create) this.preferWal();
      return true;
    }
    throw new StoreError(`${this.file} is an SQLite database of something else (tables: ${[...names].slice(0, 5).join(", ")}). Choose another file with --db.`);
  }
  /**
   * WAL lets serve read while a load writes. Best effort: SQLite refuses the switch, after busy_timeout, while
   * another connection keeps reading the file; the store works all the same, and a later load switches it.
   */
  preferWal() {
    try {
      if (this.journalMode() !== "wal") this.db.exec("PRAGMA journal_mode = WAL");
    } catch (err) {
      if (!lockedOrReadOnly(err)) throw err;
    }
  }
  /**
   * A store removed without its -wal and -shm while serve still reads it leaves them behind, and serve keeps the
   * -shm in use: SQLite would take that index of the removed store for this one's ("disk I/O error", the new store
   * unreadable). Under the write lock, with no tables and not in WAL, no connection can be using them for this file.
   */
  dropLeftovers() {
    if (this.file === ":memory:") return;
    if (this.journalMode() === "wal") return;
    for (const end of ["-wal", "-shm"]) rmSync(this.file + end, { force: true });
  }
  journalMode() {
    return this.db.prepare("PRAGMA journal_mode").get().journal_mode;
  }
  tableNames() {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    return new Set(tables.map((t) => t.name));
  }
  close() {
    this.db.close();
  }
  /** The command that removes app from this store: with --db unless it is the default store, as a user must type it. */
  removeCommand(app) {
    return removeAuditCommand(app, namedDb(this.file));
  }
  /** What to do with a damaged app: the command that removes it, as a user must type it (a bare "remove the app" named none). */
  repair(app) {
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
  addRun(appName, run) {
    const name = checkAppName(appName);
    if (!/^[0-9a-f]{64}$/.test(run.contentHash)) throw new StoreError(`content hash is not a sha256 hex digest: ${run.contentHash}`);
    const { out, walBusy } = this.securely(
      () => this.keepRun(name, run),
      (r) => r.status === "replaced" || r.superseded.length > 0
    );
    return walBusy ? { ...out, walBusy } : out;
  }
  keepRun(name, run) {
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const json = JSON.stringify(run.report);
    const inputs = JSON.stringify(run.inputs);
    return this.transaction(() => {
      this.db.prepare("INSERT OR IGNORE INTO apps (name, created_at) VALUES (?, ?)").run(name, now);
      const { id: appId } = this.db.prepare("SELECT id FROM apps WHERE name = ?").get(name);
      const byHash = (hash) => this.db.prepare(`SELECT ${RUN_COLUMNS}, report FROM runs WHERE app_id = ? AND content_hash = ?`).get(appId, hash);
      const old = byHash(run.contentHash) ?? (run.was === void 0 ? void 0 : byHash(run.was));
      const span = seenSpan(run.report);
      const same = old || span === null ? void 0 : this.runOfSameAnalysis(appId, run.report);
      const rows = this.runRows(appId);
      const sharing = sharingFiles(rows.filter((r) => r.id !== (old ?? same)?.id), run.inputs);
      const { overlapping } = sharing;
      const superseded = [];
      const selectedNone = [];
      const keptBeside = [];
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
      if (same && superseded.length > 0) superseded.push(same);
      const leaving = /* @__PURE__ */ new Set([old?.id, ...superseded.map((r) => r.id)]);
      const others = rows.filter((r) => !leaving.has(r.id));
      const clash = others.find((o) => o.kubernetes_version !== run.report.kubernetesVersion);
      if (clash) {
        throw new StoreError(
          `app ${JSON.stringify(name)} holds runs against Kubernetes ${clash.kubernetes_version}, these logs were analyzed against ${run.report.kubernetesVersion}: runs of one app add up, so they must use one release. Load them under another --app name, or run ${this.removeCommand(name)} first.`
        );
      }
      const oldInputs = old && readableInputs(old.inputs) ? old.inputs : null;
      const gone = { superseded: superseded.map(toRunInfo), selectedNone: selectedNone.map(toRunInfo), overlapping, keptBeside };
      if (old && old.content_hash === run.contentHash && oldInputs !== null && sameAnalysis(old.report, run.report) && superseded.length === 0) {
        return { status: "unchanged", run: toRunInfo(old), previous: toRunInfo(old), ...gone };
      }
      if (same && superseded.length === 0) return { status: "unchanged", run: toRunInfo(same), previous: toRunInfo(same), ...gone };
      const dropSuperseded = () => superseded.forEach((r) => this.db.prepare("DELETE FROM runs WHERE id = ?").run(r.id));
      if (old) {
        dropSuperseded();
        this.db.prepare("UPDATE runs SET content_hash = ?, inputs = ?, loaded_at = ?, kubernetes_version = ?, requests = ?, report = ? WHERE id = ?").run(run.contentHash, inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json, old.id);
        const updated = this.runRow(old.id);
        return { status: "replaced", run: updated, previous: toRunInfo({ ...old, inputs: oldInputs ?? "[]" }), ...gone };
      }
      const inserted = this.db.prepare(
        "INSERT INTO runs (app_id, content_hash, inputs, loaded_at, kubernetes_version, requests, report) VALUES (?, ?, ?, ?, ?, ?, ?)"
      ).run(appId, run.contentHash, inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json);
      dropSuperseded();
      return { status: "added", run: this.runRow(Number(inserted.lastInsertRowid)), ...gone };
    });
  }
  /**
   * The run of the app whose stored analysis is report's (sameAnalysis: file names aside), of other logs by their
   * bytes: the same requests read from other files. Only runs of as many requests are read. Asked only of a report
   * that tells a time: one of no request matched is no one log's (two logs of as many requests, none selected, would
   * read alike).
   */
  runOfSameAnalysis(appId, report) {
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS}, report FROM runs WHERE app_id = ? AND requests = ? AND kubernetes_version = ? ORDER BY id`).all(appId, report.summary.requests, report.kubernetesVersion);
    return rows.find((r) => readableInputs(r.inputs) && sameAnalysis(r.report, report));
  }
  /** The report of run id, null when it cannot be read (a damaged run is replaced, not kept). */
  storedReport(id) {
    const row = this.db.prepare("SELECT report FROM runs WHERE id = ?").get(id);
    try {
      return row ? JSON.parse(row.report) : null;
    } catch {
      return null;
    }
  }
  /** The runs of the app of this id, without their reports. */
  runRows(appId) {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE app_id = ? ORDER BY id`).all(appId);
  }
  /** The runs of an app loaded from these files (absolute, sorted, as addRun's inputs), with their reports; damaged ones left out. */
  runsOfInputs(appName, inputs) {
    const rows = this.db.prepare("SELECT runs.id, content_hash, report FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ? AND inputs = ?").all(checkAppName(appName), JSON.stringify(inputs));
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
  removeApp(appName) {
    const { out: runs, walBusy } = this.securely(
      () => this.transaction(() => {
        const row = this.db.prepare("SELECT id FROM apps WHERE name = ?").get(appName.trim());
        if (!row) return 0;
        const { n } = this.db.prepare("SELECT count(*) AS n FROM runs WHERE app_id = ?").get(row.id);
        this.db.prepare("DELETE FROM runs WHERE app_id = ?").run(row.id);
        this.db.prepare("DELETE FROM apps WHERE id = ?").run(row.id);
        return n;
      }),
      (n) => n > 0
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
  securely(write, removed) {
    this.db.exec("PRAGMA secure_delete = ON");
    try {
      const out = write();
      if (!removed(out) || this.journalMode() !== "wal") return { out, walBusy: false };
      const { busy } = this.db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get();
      return { out, walBusy: busy !== 0 };
    } finally {
      this.db.exec("PRAGMA secure_delete = OFF");
    }
  }
  appNames() {
    const rows = this.db.prepare("SELECT name FROM apps ORDER BY name").all();
    return rows.map((r) => r.name);
  }
  /**
   * Every app with its runs combined; e2e apps last so the list reads "your apps, then the yardstick". An app whose
   * runs cannot be read (a damaged row) is listed with its problem and no figures, so that it does not hide the others.
   */
  apps() {
    return this.appNames().flatMap((name) => {
      try {
        const a = this.app(name);
        return a ? [a.summary] : [];
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        return [{ ...damagedSummary(name, this.runTotals(name)), problem: err.message }];
      }
    }).sort((a, b) => Number(a.e2e) - Number(b.e2e) || a.name.localeCompare(b.name));
  }
  /** How many runs the app has, its newest load and its release, from their rows alone (its reports may not be readable). */
  runTotals(appName) {
    return this.db.prepare("SELECT count(*) AS runs, max(loaded_at) AS loadedAt, max(kubernetes_version) AS kubernetesVersion FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ?").get(appName);
  }
  app(appName) {
    const rows = this.db.prepare(
      `SELECT ${RUN_COLUMNS}, report
         FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ? ORDER BY runs.id`
    ).all(appName);
    if (rows.length === 0) return void 0;
    const runs = rows.map((r) => {
      if (!readableInputs(r.inputs)) {
        throw new StoreError(`${this.file}: run ${r.id} of app ${JSON.stringify(appName)} holds an unreadable list of inputs; ${this.repair(appName)}`);
      }
      return toRunInfo(r);
    });
    const reports = rows.map((r) => this.parseReport(appName, r));
    try {
      const report = reports.length > 1 ? mergeReports(reports) : reports[0];
      return { name: appName, summary: summarizeApp(appName, runs, report), runs, report };
    } catch (err) {
      const what = reports.length > 1 ? "cannot be combined" : "cannot be read";
      throw new StoreError(`${this.file}: the runs of app ${JSON.stringify(appName)} ${what} (${messageOf(err)}); ${this.repair(appName)}`);
    }
  }
  parseReport(app, row) {
    let report;
    try {
      report = JSON.parse(row.report);
    } catch (err) {
      throw new StoreError(`${this.file}: run ${row.id} of app ${JSON.stringify(app)} holds unreadable JSON (${messageOf(err)}); ${this.repair(app)}`);
    }
    if (typeof report !== "object" || report === null || Array.isArray(report)) {
      throw new StoreError(`${this.file}: run ${row.id} of app ${JSON.stringify(app)} holds ${JSON.stringify(report)?.slice(0, 40)}, not a report; ${this.repair(app)}`);
    }
    if (report.schemaVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        `${this.file}: run ${row.id} of app ${JSON.stringify(app)} has report schema ${String(report.schemaVersion)}, this apisnoop reads ${SCHEMA_VERSION}; ${this.repair(app)}`
      );
    }
    return report;
  }
  runRow(id) {
    return toRunInfo(
      this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id)
    );
  }
  transaction(fn) {
    try {
      this.db.exec("BEGIN IMMEDIATE");
    } catch (err) {
      throw lockedOrReadOnly(err) ? openFailure(this.file, err) : err;
    }
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw lockedOrReadOnly(err) ? openFailure(this.file, err) : err;
    }
  }
};
function sameAnalysis(stored, report) {
  const unnamed = (r) => {
    const message = (l) => isCutShort(l.message) ? unnamedIn(unnamedIn(l.message, l.file, "FILE"), decompressedName(l.file), "PLAIN") : l.message;
    const invalid = r.invalid.map((l) => JSON.stringify({ ...l, file: "", message: message(l) })).sort();
    const derived = (f) => f.rule === "invalid" && f.why === invalidReason(r.invalid, r.summary.invalidLines);
    const runFailures = r.verdict.runFailures?.map((f) => derived(f) ? { rule: f.rule } : f);
    return JSON.stringify({ ...r, inputs: [], invalid, verdict: { ...r.verdict, ...runFailures ? { runFailures } : {} } });
  };
  try {
    return unnamed(JSON.parse(stored)) === unnamed(report);
  } catch {
    return false;
  }
}
function sharingFiles(runs, inputs) {
  const given = new Set(inputs);
  const superseded = [];
  const overlapping = [];
  for (const r of runs) {
    if (!readableInputs(r.inputs)) continue;
    const files = JSON.parse(r.inputs);
    const shared = files.filter((f) => given.has(f));
    if (shared.length === 0) continue;
    if (shared.length === files.length) superseded.push(r);
    else overlapping.push({ run: toRunInfo(r), shared });
  }
  return { superseded, overlapping };
}
function seenSpan(report) {
  let first = null;
  let last = null;
  const ops = report?.operations;
  if (!Array.isArray(ops)) return null;
  for (const op of ops) {
    const [from, to] = [op?.firstSeen, op?.lastSeen];
    if (typeof from === "string" && (first === null || earlier(from, first))) first = from;
    if (typeof to === "string" && (last === null || earlier(last, to))) last = to;
  }
  return first === null || last === null ? null : { first, last };
}
function selectedNoRequest(report) {
  const r = report;
  return r?.summary?.selected === 0 && Array.isArray(r.operations) && r.operations.length === 0 && Array.isArray(r.unmatched) && r.unmatched.length === 0;
}
function uncovered(was, span) {
  if (was === null || span === null) return { why: "untimed", side: was === null && span === null ? "both" : was === null ? "run" : "load" };
  if (earlier(was.first, span.first)) return { why: "earlier", at: was.first };
  if (earlier(span.last, was.last)) return { why: "later", at: was.last };
  return null;
}
var unnamedIn = (text, file, name) => text.split(` ${shellWord(file)}`).join(` ${name}`);
function readableInputs(inputs) {
  try {
    const list = JSON.parse(inputs);
    return Array.isArray(list) && list.every((i) => typeof i === "string");
  } catch {
    return false;
  }
}
function toRunInfo(row) {
  return {
    id: row.id,
    contentHash: row.content_hash,
    inputs: JSON.parse(row.inputs),
    loadedAt: row.loaded_at,
    kubernetesVersion: row.kubernetes_version,
    requests: row.requests
  };
}
function storeWhenLoaded(file, found) {
  const empty = Store.open(":memory:");
  let loaded = null;
  return {
    current() {
      const id = fileId(file);
      if (loaded && loaded.id !== id) {
        loaded.store.close();
        loaded = null;
      }
      if (!loaded && id !== void 0) {
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
    }
  };
}
function fileId(file) {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return void 0;
  }
}
function openExisting(sqlite, file) {
  try {
    return new sqlite.DatabaseSync(withMode(file, "rw"));
  } catch (err) {
    if (err.code !== "ERR_INVALID_ARG_TYPE") throw err;
    if (!existsSync(file)) throw new Error(`${file} does not exist`, { cause: err });
    return new sqlite.DatabaseSync(file);
  }
}
function withMode(file, mode) {
  const url = pathToFileURL(file);
  url.searchParams.set("mode", mode);
  return url;
}
function sqliteCode(err) {
  const code = err.errcode;
  return typeof code === "number" ? code & 255 : void 0;
}
var isBusy = (err) => sqliteCode(err) === 5;
var lockedOrReadOnly = (err) => isBusy(err) || sqliteCode(err) === 8;
function openFailure(file, err) {
  if (err.syscall === "mkdir") {
    return new StoreError(`cannot make the directory of the store ${file} (${messageOf(err)}). Choose another file with --db.`);
  }
  if (directoryAt(file)) return new StoreError(`${file} is a directory: --db takes the store's file, such as ${path.join(file, "apisnoop.db")}`);
  const code = sqliteCode(err);
  if (code === 3 || code === 8 || code === 14) {
    const name = path.basename(file);
    return new StoreError(
      `cannot open ${file} (${messageOf(err)}): the store must be a file this user can write, in a directory it can write (SQLite keeps ${name}-wal and ${name}-shm beside it, even to read). Make them writable, or choose another file with --db.`
    );
  }
  if (code === 5) return new StoreError(`${file} is locked by another process (${messageOf(err)}); try again once it is done.`);
  return new StoreError(`${file} is not a readable APISnoop database (${messageOf(err)}). Move it away or choose another file with --db.`);
}
function directoryAt(file) {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  loadAuditCommand,
  defaultDbPath,
  namedDb,
  StoreError,
  sqliteModule,
  checkAppName,
  walBusyWarning,
  Store,
  storeWhenLoaded
};
