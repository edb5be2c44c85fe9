// apisnoop load-audit / apps / remove-audit / serve: keep analyses of many apps in a local store and browse them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { reportPasses } from '../engine/report.js';
import { nothingJudged } from '../engine/verdict.js';
import { loadAuditCommand } from '../web/command-line.js';
import { isLoopback } from '../web/loopback.js';
import { defaultDbPath, namedDb, sqliteModule, Store, storeWhenLoaded, walBusyWarning } from '../web/store.js';
import { terminalLine } from '../terminal.js';
import { closingLines } from './analyze.js';
import { addPolicyOptions, addSelectionOptions, addSpecOptions, named, namedPaths, settingsFrom, type SpecAndSelection } from './options.js';
import { endProgress, progressReporter, stderrLine } from './progress.js';
import { plural } from '../render/markdown-cells.js';
import type { RunInfo } from '../web/api.js';
import type { Loaded } from '../web/load.js';

const dbOption = () => new Option('--db <file>', 'the store (SQLite)').argParser(named).default(defaultDbPath(), '$XDG_DATA_HOME/apisnoop/apisnoop.db or ~/.local/share/apisnoop/apisnoop.db');

const say = (msg: string) => process.stdout.write(`${terminalLine(msg)}\n`);
const warn = stderrLine();

/**
 * The store at db, a file there is, opened as serve opens it: nothing written. An empty file (notes.txt given as --db)
 * is a store of no app, not made one (the layout written, the file switched to WAL).
 */
const openAsIs = (db: string): Store => Store.openLoaded(db) ?? Store.open(':memory:');

/** Commands that only read do not create a database where there is none; tell says so (stdout, or stderr under --json). */
function openExisting(db: string, tell: (msg: string) => void = say): Store | null {
  if (!existsSync(db)) {
    tell(`No apps yet: ${db} does not exist. Load one with: ${loadAuditCommand('LOG --app NAME', namedDb(db))}`);
    return null;
  }
  return openAsIs(db);
}

/**
 * ". It replaced run 1 (…): its log is among these, grown or rotated since, …": the runs a load took the place of,
 * whose requests would otherwise count twice, then those that selected no request (which these logs need not hold:
 * they counted nothing of the app's); empty when none.
 */
function supersededText(result: Pick<Loaded, 'superseded' | 'selectedNone'>): string {
  const none = new Set(result.selectedNone.map((r) => r.id));
  const covered = result.superseded.filter((r) => !none.has(r.id));
  const sentences: string[] = [];
  if (covered.length > 0) {
    const files = new Set(covered.flatMap((r) => r.inputs)).size;
    const its = covered.length === 1 ? 'its' : 'their';
    sentences.push(`${replacedRuns(covered)}: ${files === 1 ? 'that log is' : 'those logs are'} among these, grown or rotated since, so ${its} requests are not counted twice.`);
  }
  if (none.size > 0) {
    const it = none.size === 1 ? 'it' : 'they';
    sentences.push(`${replacedRuns(result.selectedNone)}: ${it} selected no request, so nothing of the app's coverage is lost.`);
  }
  return sentences.length === 0 ? '' : `. ${sentences.join(' ')}`;
}

/** "It replaced runs 1 (20 requests of /var/log/audit.log, loaded …), 2 (…)". */
function replacedRuns(runs: readonly RunInfo[]): string {
  const each = runs.map((r) => `${r.id} (${plural(r.requests, 'request')} of ${r.inputs.join(', ')}, loaded ${r.loadedAt})`);
  return `It replaced run${runs.length === 1 ? '' : 's'} ${each.join(', ')}`;
}

/** "Already loaded: "app" has these logs … as run 1 since …": the run a load of logs the app has found them in. */
function alreadyLoaded(result: Loaded): string {
  const app = JSON.stringify(result.app);
  const previous = result.previous;
  if (result.status === 'unchanged' && previous && previous.contentHash !== result.contentHash) {
    // Not these bytes: the same requests, read from other files (a compressed copy of the log loaded).
    const from = previous.inputs.join(', ');
    return `Already loaded: ${app} has the same requests as run ${result.run.id} since ${previous.loadedAt}${from ? `, read from ${from}` : ''} (these logs hold them in other bytes: a compressed copy?)`;
  }
  return `Already loaded: ${app} has these logs (sha256 ${result.contentHash.slice(0, 12)}…) as run ${result.run.id} since ${previous?.loadedAt ?? '?'}`;
}

function registerLoad(program: Command): void {
  const cmd = program
    .command('load-audit')
    .description('analyze audit logs and keep the result in the store as a run of an app (the same logs loaded again replace their run when the result differs, else nothing changes)')
    .argument('<logs...>', 'audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst', namedPaths)
    .requiredOption('--app <name>', 'the app these logs belong to (e2e for an e2e/conformance run); at most 200 characters, no commas');
  addSpecOptions(cmd);
  addSelectionOptions(cmd);
  addPolicyOptions(cmd);
  cmd
    .addOption(dbOption())
    .option('-q, --quiet', 'no warnings on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  apisnoop load-audit audit.log --app my-operator --k8s-version 1.34 --serviceaccount my-ns:my-operator\n  apisnoop load-audit e2e-audit.log.gz --app e2e --e2e --k8s-version 1.34\n\nA run is identified by the sha256 of the log contents: loading the same logs again for the same app\nreplaces that run when the result differs (else nothing changes) instead of counting its requests twice;\nso does a load whose files include every file of an earlier run (the log grew, or was rotated beside)\nwhen its requests span those of that run, first to last, or that run selected no request;\nelse that run is kept beside it, with a warning.' +
        "\n\nExit codes, as analyze's: 0 the run's verdict passed, 1 it failed (the run is stored all the same),\n  2 bad usage or nothing usable read (nothing stored).",
    )
    .action(async (logs: string[], o: SpecAndSelection & { app: string; db: string; quiet?: boolean }) => {
      let invalidShown = 0;
      // Loaded here, like the server: only this command hashes logs and writes the store.
      const { loadAudit, NothingReadError } = await import('../web/load.js');
      const onWarning = (w: string) => !o.quiet && warn(`warning: ${w}`);
      // Before the store is opened: options refused (--e2e with a filter) leave no store behind.
      const settings = settingsFrom(logs, o, onWarning);
      // A store there is opened now, so that one that cannot be read is said before the analysis; a new one is made
      // only once there is a run to keep in it (stdin, a missing log, logs of no audit event left an empty store).
      let opened = existsSync(o.db) ? Store.open(o.db) : undefined;
      const store = () => (opened ??= Store.open(o.db));
      try {
        const result = await loadAudit(store, o.app, {
          ...settings,
          onWarning,
          onInvalid: (l) => {
            if (!o.quiet && invalidShown++ < 5) warn(`warning: ${l.file}:${l.line}: ${l.message}`);
          },
          onProgress: o.quiet ? undefined : progressReporter(),
        });
        if (!o.quiet) endProgress();
        const s = result.report.summary;
        // Read and selected, as analyze says them: the requests read alone (16474 for each app of one cluster's log) passed
        // for the app's own.
        const what = `${plural(s.requests, 'request')}, ${s.selected} selected, ${s.stable} stable / ${s.beta} beta / ${s.alpha} alpha operations (Kubernetes ${result.report.kubernetesVersion})`;
        const superseded = supersededText(result);
        if (result.status === 'added') say(`Loaded ${JSON.stringify(result.app)}: run ${result.run.id}, ${what}, into ${store().file}${superseded}`);
        else if (result.status === 'replaced') say(`${alreadyLoaded(result)}; replaced that run with the new analysis (${what}), not counted twice${superseded || '.'}`);
        else say(`${alreadyLoaded(result)}, with the same result; nothing changed.`);
        // Said as analyze says it: a selection that kept nothing is warned about, a verdict that failed says why and
        // sets the exit code (the run is stored either way: the store keeps what was analyzed).
        const unselected = nothingJudged(result.report);
        if (unselected && !o.quiet) warn(`warning: ${unselected}`);
        if (!reportPasses(result.report)) {
          if (!o.quiet) for (const l of closingLines(result.report)) warn(l);
          process.exitCode = 1;
        }
      } catch (err) {
        if (!(err instanceof NothingReadError)) throw err;
        warn(`apisnoop: ${err.message}`);
        process.exitCode = 2;
      } finally {
        opened?.close();
      }
    });
}

function registerApps(program: Command): void {
  program
    .command('apps')
    .description('list the apps in the store with their runs and endpoint counts')
    .addOption(dbOption())
    .option('--json', 'print the list as JSON (the /api/apps shape)')
    .action((o: { db: string; json?: boolean }) => {
      // Under --json stdout is the list alone, for jq and scripts: the note goes to stderr.
      const store = openExisting(o.db, o.json ? warn : say);
      if (!store) {
        if (o.json) say('[]');
        return;
      }
      try {
        const apps = store.apps();
        if (o.json) {
          process.stdout.write(`${JSON.stringify(apps, null, 2)}\n`);
          return;
        }
        if (apps.length === 0) {
          say(`No apps in ${path.resolve(o.db)}. Load one with: ${loadAuditCommand('LOG --app NAME', namedDb(o.db))}`);
          return;
        }
        const rows = [
          ['APP', 'RUNS', 'K8S', 'SELECTED', 'READ', 'STABLE', 'BETA', 'ALPHA', 'VERDICT', 'LOADED'],
          ...apps.map((a) => [
            a.e2e ? `${a.name} (e2e)` : a.name,
            String(a.runs),
            a.kubernetesVersion || '-',
            // The requests its selection kept, then all its logs held: each app of one cluster's log read all of it.
            String(a.selected),
            String(a.requests),
            String(a.byLevel.stable),
            String(a.byLevel.beta),
            String(a.byLevel.alpha),
            a.problem !== undefined ? 'damaged' : a.pass ? 'pass' : 'fail',
            // The store keeps UTC (toISOString): said so, or it read as the local time.
            a.loadedAt ? `${a.loadedAt.slice(0, 16).replace('T', ' ')} UTC` : '-',
          ]),
        ];
        const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
        for (const r of rows) say(r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
        for (const a of apps) if (a.problem !== undefined) warn(`warning: ${a.problem}`);
      } finally {
        store.close();
      }
    });
}

function registerRemove(program: Command): void {
  program
    .command('remove-audit')
    .description('remove an app and all its runs from the store')
    .argument('<name>', 'the app to remove')
    .addOption(dbOption())
    .action((name: string, o: { db: string }) => {
      // Nothing to remove is an error (exit 2): said on stderr, as for an unknown app in a store, not as apps' "No apps yet" on stdout.
      if (!existsSync(o.db)) {
        warn(`apisnoop: no app named ${JSON.stringify(name)}: ${o.db} does not exist`);
        process.exitCode = 2;
        return;
      }
      const store = openAsIs(o.db);
      // Named by the path given (an empty file opened as a store of no app is held in memory: store.file names no file).
      const file = path.resolve(o.db);
      try {
        const { runs: removed, walBusy } = store.removeApp(name);
        if (removed === 0) {
          const known = store.appNames();
          warn(`apisnoop: no app named ${JSON.stringify(name)} in ${file}${known.length > 0 ? ` (apps: ${known.join(', ')})` : ''}`);
          process.exitCode = 2;
          return;
        }
        say(`Removed ${JSON.stringify(name)} and its ${removed} run${removed === 1 ? '' : 's'} from ${file}`);
        if (walBusy) {
          // Removed for every reader, but its pages are still in the store's files until SQLite folds the log in.
          warn(`apisnoop: warning: ${walBusyWarning(file, `what ${JSON.stringify(name)}'s reports said`)}`);
        }
      } finally {
        store.close();
      }
    });
}

function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web view of the stored apps: sunburst, endpoint table, comparison, conformance')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', (v) => {
      // Number('') is 0: an unset variable (--port "$PORT") served on a port picked at random.
      const n = Number(named(v));
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${v}: not a port number (0-65535)`);
      return n;
    }, 9090)
    // An empty host (an unset variable) would bind every interface: refused, as named refuses it elsewhere.
    .option('--host <address>', 'address to bind; anything but loopback exposes the data to the network', named, '127.0.0.1')
    .addOption(dbOption())
    .addHelpText('after', '\nAPI: GET /api/apps, GET /api/apps/NAME, GET /api/coverage?apps=a,b (read-only). Stop with Ctrl-C.')
    .action(async (o: { port: number; host: string; db: string }) => {
      // Only reads: a database that does not exist (a typo in --db, nothing loaded yet) is not created; the page
      // then shows how to load an app, and the store is served from the first request after a load has made it.
      const db = namedDb(o.db);
      const exists = existsSync(o.db);
      if (!exists) {
        say(`No apps yet: ${o.db} does not exist (serve creates nothing). Load one with: ${loadAuditCommand('LOG --app NAME', db)}, then reload the page.`);
      }
      // Followed for as long as serve runs: a store made, removed or put back is seen from the next request on.
      let started = false;
      const store = storeWhenLoaded(o.db, (s) => started && say(`${s.file} is there now: serving it`));
      // A store there already is opened now: one that cannot be read stops serve with its message, as before.
      const current = exists ? store.current() : undefined;
      // (A file with no tables yet, a load still making it, gives the empty store.)
      const initial = current && current.file !== ':memory:' ? current : undefined;
      started = true;
      // Loaded only here: importing node:http loads undici's fetch, a fifth of every other command's start-up.
      const { startServer } = await import('../web/server.js');
      const running = await startServer({ store: () => store.current(), db, host: o.host, port: o.port });
      if (!isLoopback(o.host)) {
        warn(`warning: listening on ${o.host}: anyone who can reach this address can read the stored reports`);
      }
      const apps = initial ? initial.appNames() : [];
      say(`APISnoop serving ${apps.length} app${apps.length === 1 ? '' : 's'} from ${initial ? initial.file : 'no database'} at ${running.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().finally(() => {
            store.close();
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

export function register(program: Command): void {
  registerLoad(program);
  registerApps(program);
  registerRemove(program);
  registerServe(program);
  // Every store command needs node:sqlite, asked before anything else: where there is no store yet, apps, remove-audit
  // and serve would otherwise answer "No apps yet: load one with load-audit", which cannot run on this Node either.
  for (const name of ['load-audit', 'apps', 'remove-audit', 'serve']) {
    program.commands.find((c) => c.name() === name)!.hook('preAction', () => void sqliteModule());
  }
}
