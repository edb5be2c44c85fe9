import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  makeDirSync,
  summarizeApp
} from "./chunk-YE7PY7NE.js";
import {
  MAX_LISTED_CALLERS,
  MAX_LISTED_INVALID,
  SCHEMA_VERSION,
  compareMinor,
  judge,
  operationKey,
  selectionCriteria,
  sortOperations,
  sortUnmatched,
  summarize,
  truncationFlag,
  unionListed,
  unmatchedKey
} from "./chunk-SCTZ32L4.js";

// src/web/store.ts
import { homedir } from "node:os";
import path from "node:path";

// src/engine/merge.ts
var MergeError = class extends Error {
};
var addRecords = (a, b) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0));
};
var union = (a, b) => [.../* @__PURE__ */ new Set([...a, ...b])].sort();
var minTs = (a, b) => a === null ? b : b === null ? a : a < b ? a : b;
var maxTs = (a, b) => a === null ? b : b === null ? a : a > b ? a : b;
var minRelease = (a, b) => a === null ? b : b === null ? a : compareMinor(a, b) <= 0 ? a : b;
function mergeOperation(a, b) {
  return listedOperation({
    ...a,
    deprecated: a.deprecated || b.deprecated,
    hits: a.hits + b.hits,
    codes: addRecords(a.codes, b.codes),
    verbs: addRecords(a.verbs, b.verbs),
    userAgents: union(a.userAgents, b.userAgents),
    users: union(a.users, b.users),
    firstSeen: minTs(a.firstSeen, b.firstSeen),
    lastSeen: maxTs(a.lastSeen, b.lastSeen),
    removedIn: minRelease(a.removedIn, b.removedIn),
    deprecation: a.deprecation ?? b.deprecation,
    conformanceTested: a.conformanceTested === null ? b.conformanceTested : b.conformanceTested === null ? a.conformanceTested : a.conformanceTested || b.conformanceTested,
    tested: a.tested === null ? b.tested : b.tested === null ? a.tested : a.tested || b.tested,
    tests: union(a.tests, b.tests),
    ...truncationFlag("userAgentsTruncated", a.userAgentsTruncated === true || b.userAgentsTruncated === true),
    ...truncationFlag("usersTruncated", a.usersTruncated === true || b.usersTruncated === true)
  });
}
function mergeUnmatched(a, b) {
  return listedUnmatched({
    ...a,
    count: a.count + b.count,
    userAgents: union(a.userAgents, b.userAgents),
    ...truncationFlag("userAgentsTruncated", a.userAgentsTruncated === true || b.userAgentsTruncated === true)
  });
}
function listedOperation(op) {
  const { userAgentsTruncated, usersTruncated, ...rest } = op;
  if (!userAgentsTruncated && !usersTruncated && op.users.length <= MAX_LISTED_CALLERS && op.userAgents.length <= MAX_LISTED_CALLERS) return op;
  const userAgents = unionListed(op.userAgents, userAgentsTruncated === true, [], false);
  const users = unionListed(op.users, usersTruncated === true, [], false);
  return {
    ...rest,
    userAgents: userAgents.list,
    users: users.list,
    ...truncationFlag("userAgentsTruncated", userAgents.truncated),
    ...truncationFlag("usersTruncated", users.truncated)
  };
}
function listedUnmatched(u) {
  const { userAgentsTruncated, ...rest } = u;
  if (!userAgentsTruncated && u.userAgents.length <= MAX_LISTED_CALLERS) return u;
  const userAgents = unionListed(u.userAgents, userAgentsTruncated === true, [], false);
  return { ...rest, userAgents: userAgents.list, ...truncationFlag("userAgentsTruncated", userAgents.truncated) };
}
function mergeRbac(reports) {
  const withRbac = reports.filter((r) => r.rbac !== void 0);
  if (withRbac.length === 0) return {};
  const name = (i) => `report ${i + 1} (${reports[i].inputs.slice(0, 2).join(", ") || "no inputs"}${reports[i].inputs.length > 2 ? ", \u2026" : ""})`;
  const without = reports.findIndex((r) => r.rbac === void 0);
  if (without !== -1) {
    return { dropped: `least privilege (rbac) left out of the merged report: ${name(without)} has none, so the others' over-grants may be used there` };
  }
  const first = JSON.stringify(reports[0].rbac);
  const other = reports.findIndex((r) => JSON.stringify(r.rbac) !== first);
  const unjudged = (r) => JSON.stringify(r.rbac.map(({ verdict: _verdict, ...c }) => c));
  if (other !== -1 && unjudged(reports[other]) === unjudged(reports[0])) {
    return {
      rbac: reports[0].rbac,
      dropped: `least privilege kept with the verdict of ${name(0)}: ${name(other)} compares the same requests but judged them with another threshold or policy`
    };
  }
  if (other !== -1) {
    return {
      dropped: `least privilege (rbac) left out of the merged report: ${name(0)} and ${name(other)} compare different requests, which cannot be combined without the logs; run apisnoop analyze --rbac-serviceaccount over all the logs at once`
    };
  }
  return { rbac: reports[0].rbac };
}
function mergeSelection(reports) {
  const first = reports[0].selection;
  const texts = reports.map((r) => selectionCriteria(r.selection).join(" ") || "(no filter)");
  if (texts.every((t) => t === texts[0])) return { selection: first };
  const unfiltered = reports.some((r) => !r.selection.e2e && selectionCriteria({ ...r.selection, includeSystem: false }).length === 0);
  const union2 = (f) => unfiltered ? [] : [...new Set(reports.flatMap((r) => f(r.selection)))];
  const selection = {
    namespaces: union2((s) => s.namespaces),
    serviceAccounts: union2((s) => s.serviceAccounts),
    users: union2((s) => s.users),
    userAgents: union2((s) => s.userAgents),
    includeSystem: reports.some((r) => r.selection.includeSystem),
    e2e: !unfiltered && reports.some((r) => r.selection.e2e)
  };
  const each = [...new Set(texts)].slice(0, 5).join("; ");
  return {
    selection,
    note: `the reports select requests differently (${each}${new Set(texts).size > 5 ? "; \u2026" : ""}): ` + (unfiltered ? "one of them filtered nothing, so the merged report names no filter, but each report applied only its own, to its own logs" : "the merged report lists every filter, but each report applied only its own, to its own logs")
  };
}
var conformanceText = (c) => c ? `${c.release} (${c.source})` : "none";
function mergeConformance(reports) {
  const texts = [...new Set(reports.map((r) => conformanceText(r.conformance)))];
  const conformance = reports.find((r) => r.conformance !== null)?.conformance ?? null;
  if (texts.length === 1) return { conformance };
  const without = reports.some((r) => r.conformance === null);
  return {
    conformance,
    note: `the reports used different conformance data (${texts.join("; ")}): the merged report names ${conformanceText(conformance)}, and an operation counts as conformance tested when any report says so` + (without ? "; operations that only the reports without conformance data saw have no entry in it" : "")
  };
}
function mergeSpecs(reports) {
  const later = /* @__PURE__ */ new Map();
  for (const r of reports) for (const s of r.specs.slice(1)) if (!later.has(s.kubernetesVersion)) later.set(s.kubernetesVersion, s);
  const specs = [reports[0].specs[0], ...[...later.values()].sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion))].filter((s) => s !== void 0);
  const checked = (r) => r.specs.slice(1).map((s) => s.kubernetesVersion).join(", ") || "none";
  const texts = [...new Set(reports.map(checked))];
  if (texts.length === 1) return { specs: reports[0].specs };
  return {
    specs,
    note: `the reports checked different later releases for removals (${texts.join("; ")}): an operation's removal is the earliest any report found, among the releases that report checked`
  };
}
var policyText = (p) => `--fail-on ${p.failOn.join(",") || "none"}${p.allow.length > 0 ? ` --allow ${p.allow.join(",")}` : ""}`;
function mergeReports(reports, policy, onNote) {
  if (reports.length === 0) throw new MergeError("nothing to merge");
  for (const r of reports) {
    if (r.schemaVersion !== SCHEMA_VERSION) throw new MergeError(`report schemaVersion ${r.schemaVersion} is not ${SCHEMA_VERSION}`);
  }
  const first = reports[0];
  const versions = [...new Set(reports.map((r) => r.kubernetesVersion))];
  if (versions.length > 1) {
    throw new MergeError(`reports are against different Kubernetes releases (${versions.join(", ")}): merge reports of one release`);
  }
  const ops = /* @__PURE__ */ new Map();
  const unmatched = /* @__PURE__ */ new Map();
  for (const r of reports) {
    for (const op of r.operations) {
      const k = operationKey(op);
      const prev = ops.get(k);
      ops.set(k, prev ? mergeOperation(prev, op) : listedOperation(op));
    }
    for (const u of r.unmatched) {
      const k = unmatchedKey(u.reason, u.verb, u.pattern);
      const prev = unmatched.get(k);
      unmatched.set(k, prev ? mergeUnmatched(prev, u) : listedUnmatched(u));
    }
  }
  const operations = sortOperations([...ops.values()]);
  const sum = (f) => reports.reduce((n, r) => n + f(r), 0);
  const summary = summarize(operations, {
    requests: sum((r) => r.summary.requests),
    selected: sum((r) => r.summary.selected),
    matched: sum((r) => r.summary.matched),
    unmatched: sum((r) => r.summary.unmatched),
    invalidLines: sum((r) => r.summary.invalidLines),
    events: sum((r) => r.summary.events)
  });
  const { rbac, dropped } = mergeRbac(reports);
  if (dropped) onNote?.(dropped);
  const { selection, note } = mergeSelection(reports);
  if (note) onNote?.(note);
  const conformance = mergeConformance(reports);
  if (conformance.note) onNote?.(conformance.note);
  const specs = mergeSpecs(reports);
  if (specs.note) onNote?.(specs.note);
  const policies = [...new Set(reports.map((r) => policyText(r.verdict.policy)))];
  if (!policy && policies.length > 1) {
    onNote?.(`the reports were judged by different policies (${policies.join("; ")}): the merged verdict uses the first report's; give --fail-on to choose`);
  }
  const { rbac: _firstRbac, app: _firstApp, ...rest } = first;
  const apps = [...new Set(reports.map((r) => r.app))];
  const app = apps.length === 1 ? first.app : apps.every((a) => a !== void 0) ? apps.join(" + ") : void 0;
  return {
    ...rest,
    specs: specs.specs,
    conformance: conformance.conformance,
    selection,
    inputs: reports.flatMap((r) => r.inputs),
    summary,
    operations,
    unmatched: sortUnmatched([...unmatched.values()]),
    invalid: reports.flatMap((r) => r.invalid).slice(0, MAX_LISTED_INVALID),
    verdict: judge(operations, policy ?? first.verdict.policy),
    ...rbac ? { rbac } : {},
    ...app !== void 0 ? { app } : {}
  };
}

// src/web/store.ts
var STORE_VERSION = 1;
function defaultDbPath(env = process.env, home = homedir()) {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".local", "share");
  return path.join(base, "apisnoop", "apisnoop.db");
}
var StoreError = class extends Error {
  name = "StoreError";
};
function checkAppName(name) {
  const trimmed = name.trim();
  if (trimmed === "") throw new StoreError("app name is empty");
  if (trimmed.length > 200) throw new StoreError(`app name is longer than 200 characters: ${trimmed.slice(0, 40)}\u2026`);
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains control characters`);
  if (trimmed.includes(",")) throw new StoreError(`app name ${JSON.stringify(trimmed)} contains a comma (commas separate app names in ?apps=)`);
  return trimmed;
}
var Store = class _Store {
  constructor(file, db) {
    this.file = file;
    this.db = db;
  }
  file;
  db;
  /** Opens (creating when missing) the store at file; a file that is not an intact APISnoop store is refused, naming it. */
  static open(file) {
    const sqlite = process.getBuiltinModule?.("node:sqlite");
    if (!sqlite) throw new StoreError(`the store needs Node.js 22.5 or later (node:sqlite); this is Node.js ${process.versions.node}`);
    const resolved = path.resolve(file);
    let db;
    try {
      makeDirSync(path.dirname(resolved));
      db = new sqlite.DatabaseSync(resolved);
      db.exec("PRAGMA busy_timeout = 5000");
      const check = db.prepare("PRAGMA quick_check").all();
      const problems = check.map((r) => String(Object.values(r)[0])).filter((v) => v !== "ok");
      if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 3).join("; ")}`);
      const store = new _Store(resolved, db);
      store.migrate();
      return store;
    } catch (err) {
      db?.close();
      if (err instanceof StoreError) throw err;
      throw new StoreError(
        `${resolved} is not a readable APISnoop database (${messageOf(err)}). Move it away or choose another file with --db.`
      );
    }
  }
  migrate() {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    const names = new Set(tables.map((t) => t.name));
    if (names.has("apisnoop_meta")) {
      const row = this.db.prepare("SELECT value FROM apisnoop_meta WHERE key = 'store_version'").get();
      const version = Number(row?.value);
      if (version !== STORE_VERSION) {
        throw new StoreError(
          `${this.file} was written by another version of apisnoop (store version ${row?.value ?? "unknown"}, this one reads ${STORE_VERSION}). Choose another file with --db.`
        );
      }
      return;
    }
    if (names.size > 0) {
      throw new StoreError(`${this.file} is an SQLite database of something else (tables: ${[...names].slice(0, 5).join(", ")}). Choose another file with --db.`);
    }
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      BEGIN;
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
      COMMIT;
    `);
  }
  close() {
    this.db.close();
  }
  /** Keeps report as a run of app; the same content hash for the same app replaces that run. */
  addRun(appName, run) {
    const name = checkAppName(appName);
    if (!/^[0-9a-f]{64}$/.test(run.contentHash)) throw new StoreError(`content hash is not a sha256 hex digest: ${run.contentHash}`);
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const json = JSON.stringify(run.report);
    const inputs = JSON.stringify(run.inputs);
    return this.transaction(() => {
      this.db.prepare("INSERT OR IGNORE INTO apps (name, created_at) VALUES (?, ?)").run(name, now);
      const { id: appId } = this.db.prepare("SELECT id FROM apps WHERE name = ?").get(name);
      const old = this.db.prepare("SELECT id, content_hash, inputs, loaded_at, kubernetes_version, requests, report FROM runs WHERE app_id = ? AND content_hash = ?").get(appId, run.contentHash);
      const others = this.db.prepare("SELECT DISTINCT kubernetes_version AS v FROM runs WHERE app_id = ? AND content_hash <> ?").all(appId, run.contentHash);
      const clash = others.find((o) => o.v !== run.report.kubernetesVersion);
      if (clash) {
        throw new StoreError(
          `app ${JSON.stringify(name)} holds runs against Kubernetes ${clash.v}, these logs were analyzed against ${run.report.kubernetesVersion}: runs of one app add up, so they must use one release. Load them under another --app name, or remove-audit ${JSON.stringify(name)} first.`
        );
      }
      if (old && old.report === json) {
        return { status: "unchanged", run: toRunInfo(old), previous: toRunInfo(old) };
      }
      if (old) {
        this.db.prepare("UPDATE runs SET inputs = ?, loaded_at = ?, kubernetes_version = ?, requests = ?, report = ? WHERE id = ?").run(inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json, old.id);
        const updated = this.runRow(old.id);
        return { status: "replaced", run: updated, previous: toRunInfo(old) };
      }
      const inserted = this.db.prepare(
        "INSERT INTO runs (app_id, content_hash, inputs, loaded_at, kubernetes_version, requests, report) VALUES (?, ?, ?, ?, ?, ?, ?)"
      ).run(appId, run.contentHash, inputs, now, run.report.kubernetesVersion, run.report.summary.requests, json);
      return { status: "added", run: this.runRow(Number(inserted.lastInsertRowid)) };
    });
  }
  /** Removes the app and all its runs; returns how many runs went (0: no such app). */
  removeApp(appName) {
    return this.transaction(() => {
      const row = this.db.prepare("SELECT id FROM apps WHERE name = ?").get(appName.trim());
      if (!row) return 0;
      const { n } = this.db.prepare("SELECT count(*) AS n FROM runs WHERE app_id = ?").get(row.id);
      this.db.prepare("DELETE FROM runs WHERE app_id = ?").run(row.id);
      this.db.prepare("DELETE FROM apps WHERE id = ?").run(row.id);
      return n;
    });
  }
  appNames() {
    const rows = this.db.prepare("SELECT name FROM apps ORDER BY name").all();
    return rows.map((r) => r.name);
  }
  /** Every app with its runs combined; e2e apps last so the list reads "your apps, then the yardstick". */
  apps() {
    return this.appNames().map((name) => this.app(name)).filter((a) => a !== void 0).map((a) => a.summary).sort((a, b) => Number(a.e2e) - Number(b.e2e) || a.name.localeCompare(b.name));
  }
  app(appName) {
    const rows = this.db.prepare(
      `SELECT runs.id, content_hash, inputs, loaded_at, kubernetes_version, requests, report
         FROM runs JOIN apps ON apps.id = runs.app_id WHERE apps.name = ? ORDER BY runs.id`
    ).all(appName);
    if (rows.length === 0) return void 0;
    const runs = rows.map(toRunInfo);
    const reports = rows.map((r) => this.parseReport(appName, r));
    let report = reports[0];
    try {
      if (reports.length > 1) report = mergeReports(reports);
    } catch (err) {
      throw new StoreError(`${this.file}: the runs of app ${JSON.stringify(appName)} cannot be combined (${messageOf(err)}); remove the app and load it again.`);
    }
    return { name: appName, summary: summarizeApp(appName, runs, report), runs, report };
  }
  parseReport(app, row) {
    let report;
    try {
      report = JSON.parse(row.report);
    } catch (err) {
      throw new StoreError(`${this.file}: run ${row.id} of app ${JSON.stringify(app)} holds unreadable JSON (${messageOf(err)}); remove the app and load it again.`);
    }
    if (report.schemaVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        `${this.file}: run ${row.id} of app ${JSON.stringify(app)} has report schema ${String(report.schemaVersion)}, this apisnoop reads ${SCHEMA_VERSION}; remove the app and load it again.`
      );
    }
    return report;
  }
  runRow(id) {
    return toRunInfo(
      this.db.prepare("SELECT id, content_hash, inputs, loaded_at, kubernetes_version, requests FROM runs WHERE id = ?").get(id)
    );
  }
  transaction(fn) {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }
};
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
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  mergeReports,
  defaultDbPath,
  StoreError,
  checkAppName,
  Store
};
