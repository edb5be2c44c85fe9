import { copyFileSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import { judge } from '../../src/engine/verdict.js';
import { digestLogs } from '../../src/web/log-digest.js';
import { refusedMessage } from '../../src/sources/compression.js';
import { checkAppName, defaultDbPath, openExisting, openFailure, Store, StoreError } from '../../src/web/store.js';
import { coverageEndpoints, fixtures, isDiscovery, operatorReport, reportFrom } from './fixtures.js';

const AUDIT2RBAC = path.join(fixtures, 'audit/audit2rbac');
const hash = (c: string) => c.repeat(64);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

let dir: string;
let dbFile: string;
beforeEach(() => {
  dir = scratchDir('store');
  dbFile = path.join(dir, 'nested', 'apisnoop.db');
});

const stores: Store[] = [];
function open(file = dbFile): Store {
  const s = Store.open(file);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
});

describe('defaultDbPath', () => {
  it('uses $XDG_DATA_HOME when it is absolute, else ~/.local/share', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/data/apisnoop/apisnoop.db');
    expect(defaultDbPath({}, '/home/u')).toBe('/home/u/.local/share/apisnoop/apisnoop.db');
    // The XDG spec: a relative value is invalid and ignored.
    expect(defaultDbPath({ XDG_DATA_HOME: 'rel/dir' }, '/home/u')).toBe('/home/u/.local/share/apisnoop/apisnoop.db');
  });
});

describe('Store', () => {
  it('creates the file and its directory, and keeps runs across reopening', () => {
    const report = operatorReport();
    const s = open();
    const r = s.addRun('operator', { report, contentHash: hash('a'), inputs: ['/logs/a.log'] });
    expect(r.status).toBe('added');
    s.close();
    expect(statSync(dbFile).isFile()).toBe(true);

    const again = open();
    const app = again.app('operator')!;
    expect(app.runs).toHaveLength(1);
    expect(app.runs[0]).toMatchObject({ contentHash: hash('a'), inputs: ['/logs/a.log'], kubernetesVersion: '1.36', requests: report.summary.requests });
    expect(app.report).toEqual(report);
    expect(app.summary).toMatchObject({
      name: 'operator',
      runs: 1,
      requests: report.summary.requests,
      operations: report.operations.filter((op) => !op.discovery).length,
      byLevel: { stable: report.summary.stable, beta: report.summary.beta, alpha: report.summary.alpha },
    });
  });

  it('does not count the same logs twice: same hash and result is unchanged, a new result replaces the run', () => {
    const s = open();
    const report = operatorReport();
    expect(s.addRun('op', { report, contentHash: hash('b'), inputs: ['x.log'] }).status).toBe('added');
    const second = s.addRun('op', { report, contentHash: hash('b'), inputs: ['x.log'] });
    expect(second.status).toBe('unchanged');
    expect(second.previous?.id).toBe(second.run.id);

    // The same logs analyzed with another selection: the run is replaced, still one run, its numbers are the new ones.
    const narrower = operatorReport((e) => e.category === 'apps');
    const third = s.addRun('op', { report: narrower, contentHash: hash('b'), inputs: ['renamed.log'] });
    expect(third.status).toBe('replaced');
    expect(third.run.id).toBe(second.run.id);
    const app = s.app('op')!;
    expect(app.runs).toHaveLength(1);
    expect(app.runs[0].inputs).toEqual(['renamed.log']);
    expect(app.report.summary.requests).toBe(narrower.summary.requests);
    expect(app.report.operations).toHaveLength(narrower.operations.length);
  });

  it('takes the same logs under other names or in another order as the same result: unchanged, the first load kept', () => {
    const s = open();
    // Two logs with an invalid line each (a holds line 3, b line 7), given in this order: the report names the files in
    // inputs, in its invalid lines, and, judged with fail-on invalid, in the reason (the first line listed), as analyze does.
    const named = (a: string, b: string, order: 'a first' | 'b first' = 'a first') => {
      const report = operatorReport();
      const lines = [
        { file: a, line: 3, message: 'not JSON' },
        { file: b, line: 7, message: 'not an audit event' },
      ];
      const invalid = order === 'a first' ? lines : lines.reverse();
      const summary = { ...report.summary, invalidLines: 2 };
      const verdict = judge(report.operations, { failOn: ['invalid'], allow: [] }, { summary, selection: report.selection, invalid, specs: report.specs });
      return { ...report, summary, verdict, inputs: invalid.map((l) => l.file), invalid };
    };
    const first = s.addRun('op', { report: named('/logs/a.log', '/logs/b.log'), contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log'] });
    expect(first.status).toBe('added');
    expect(first.run).toMatchObject({ inputs: ['/logs/a.log', '/logs/b.log'] });
    // b's contents renamed, then given first: the same analysis, though the reason now names b's line as the first.
    const reordered = named('/logs/a.log', '/copies/b-renamed.log', 'b first');
    expect(reordered.verdict.runFailures).toEqual([{ rule: 'invalid', why: '2 input lines were not usable as audit events (the first: /copies/b-renamed.log:7: not an audit event)' }]);
    const again = s.addRun('op', { report: reordered, contentHash: hash('1'), inputs: ['/copies/b-renamed.log', '/logs/a.log'] });
    expect(again.status).toBe('unchanged');
    expect(again.run).toEqual(first.run);
    expect(s.app('op')!.runs[0]).toMatchObject({ inputs: ['/logs/a.log', '/logs/b.log'], loadedAt: first.run.loadedAt });
    // Names that stand in the report for other things too (a resource, a path part) are still only file names.
    expect(JSON.stringify(operatorReport())).toContain('pods');
    const short = s.addRun('op', { report: named('pods', 'nodes'), contentHash: hash('1'), inputs: ['pods', 'nodes'] });
    expect(short.status).toBe('unchanged');
    // Another line found invalid is another result: it replaces the run.
    const other = named('/logs/a.log', '/logs/b.log');
    other.invalid[1].line = 8;
    expect(s.addRun('op', { report: other, contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log'] }).status).toBe('replaced');
    // A reason worded otherwise (another build's) is compared as written: it replaces the run too.
    const worded = named('/logs/a.log', '/logs/b.log');
    worded.invalid[1].line = 8;
    expect(s.addRun('op', { report: worded, contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log'] }).status).toBe('unchanged');
    worded.verdict = { ...worded.verdict, runFailures: [{ rule: 'invalid', why: '2 invalid lines (the first: /logs/a.log:3: not JSON)' }] };
    expect(s.addRun('op', { report: worded, contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log'] }).status).toBe('replaced');
  });

  it('takes a refused input under another name as the same result: its entry names the file only in the command it gives', () => {
    const s = open();
    // A log and an xz file beside it, as analyze reports them: the xz file's one entry says how to decompress it.
    const named = (xz: string) => {
      const report = operatorReport();
      const invalid = [{ file: xz, line: 1, message: refusedMessage('xz', xz) }];
      const summary = { ...report.summary, invalidLines: 1 };
      return { ...report, summary, inputs: ['/logs/a.log', xz], invalid };
    };
    expect(named('/logs/b.log.xz').invalid[0].message).toContain('(xz -dc /logs/b.log.xz > /logs/b.log) and give /logs/b.log');
    expect(s.addRun('op', { report: named('/logs/b.log.xz'), contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log.xz'] }).status).toBe('added');
    expect(s.addRun('op', { report: named('/copies/b copy.xz'), contentHash: hash('1'), inputs: ['/logs/a.log', '/copies/b copy.xz'] }).status).toBe('unchanged');
    // Another format refused is another result.
    const bzip2 = named('/logs/b.log.xz');
    bzip2.invalid[0].message = refusedMessage('bzip2', '/logs/b.log.xz');
    expect(s.addRun('op', { report: bzip2, contentHash: hash('1'), inputs: ['/logs/a.log', '/logs/b.log.xz'] }).status).toBe('replaced');
  });

  it('replaces every run whose files are all among a new load (a log grown, a rotated file beside it), and names the runs sharing only some', () => {
    const s = open();
    const endpoints = coverageEndpoints().filter((e) => e.category === 'apps');
    const part = (from: number, to: number) => reportFrom(endpoints, { hits: (_e, i) => (i >= from && i < to ? 2 : 0) });
    const a = s.addRun('op', { report: part(0, 10), contentHash: hash('1'), inputs: ['/logs/audit.log'] });
    const b = s.addRun('op', { report: part(10, 20), contentHash: hash('2'), inputs: ['/logs/audit.log.1'] });
    const kept = s.addRun('op', { report: part(20, 30), contentHash: hash('3'), inputs: ['/logs/audit.log.2', '/other/x.log'] });
    // A run that names no file (an older store's) is no file's.
    const unnamed = s.addRun('op', { report: part(30, 40), contentHash: hash('4'), inputs: [] });
    expect(a.superseded).toEqual([]);

    const whole = part(0, 25);
    const loaded = s.addRun('op', { report: whole, contentHash: hash('5'), inputs: ['/logs/audit.log', '/logs/audit.log.1', '/logs/audit.log.2'] });
    expect(loaded.status).toBe('added');
    expect(loaded.superseded.map((r) => r.id)).toEqual([a.run.id, b.run.id]);
    expect(loaded.superseded[0]).toMatchObject({ inputs: ['/logs/audit.log'], requests: a.run.requests });
    expect(loaded.overlapping).toEqual([{ run: kept.run, shared: ['/logs/audit.log.2'] }]);
    // A number of its own, not that of a run it replaced.
    expect(loaded.run.id).toBeGreaterThan(unnamed.run.id);
    expect(s.app('op')!.runs.map((r) => r.id)).toEqual([kept.run.id, unnamed.run.id, loaded.run.id]);
    expect(s.app('op')!.report.summary.requests).toBe(whole.summary.requests + kept.run.requests + unnamed.run.requests);

    // The runs it replaces do not hold the app to their release.
    const t = open(path.join(dir, 'other.db'));
    t.addRun('op', { report: reportFrom(endpoints, { kubernetesVersion: '1.35' }), contentHash: hash('1'), inputs: ['/logs/audit.log'] });
    const newer = t.addRun('op', { report: part(0, 20), contentHash: hash('2'), inputs: ['/logs/audit.log', '/logs/audit.log.1'] });
    expect(newer.superseded).toHaveLength(1);
    expect(t.app('op')!.runs.map((r) => r.kubernetesVersion)).toEqual(['1.36']);
  });

  it('replaces a run of the same paths only when the new requests span its own, first to last; else keeps it beside, and holds the app to its release', () => {
    const s = open();
    const endpoints = coverageEndpoints().filter((e) => e.category === 'apps');
    // The fixture's requests were seen 06:00 to 07:00; moved by hours, or none at all (no operation: no time told).
    const at = (from: string, to: string) => {
      const r = reportFrom(endpoints);
      return { ...r, operations: r.operations.map((o) => ({ ...o, firstSeen: from, lastSeen: to })) };
    };
    const untimed = { ...reportFrom(endpoints), operations: [] };
    const inputs = ['/logs/audit.log'];
    const first = s.addRun('op', { report: at('2026-04-20T06:00:00Z', '2026-04-20T07:00:00Z'), contentHash: hash('1'), inputs });
    const kept = (r: ReturnType<Store['addRun']>) => r.keptBeside.map(({ run, ...why }) => ({ id: run.id, ...why }));
    // An older log at the path: it ends before the run's last request.
    const older = s.addRun('op', { report: at('2026-04-19T06:00:00Z', '2026-04-19T07:00:00Z'), contentHash: hash('2'), inputs });
    expect(older.superseded).toEqual([]);
    expect(kept(older)).toEqual([{ id: first.run.id, why: 'later', at: '2026-04-20T07:00:00Z' }]);
    // No time on either side shows nothing.
    const none = s.addRun('op', { report: untimed, contentHash: hash('3'), inputs });
    expect(kept(none)).toEqual([
      { id: first.run.id, why: 'untimed', side: 'load' },
      { id: older.run.id, why: 'untimed', side: 'load' },
    ]);
    const spans = s.addRun('op', { report: at('2026-04-19T05:00:00Z', '2026-04-20T08:00:00Z'), contentHash: hash('4'), inputs });
    expect(spans.superseded.map((r) => r.id)).toEqual([first.run.id, older.run.id]);
    expect(kept(spans)).toEqual([{ id: none.run.id, why: 'untimed', side: 'run' }]);
    expect(s.app('op')!.runs.map((r) => r.id)).toEqual([none.run.id, spans.run.id]);
    // Kept runs hold the app to their release: refused, nothing changed.
    const release = { ...at('2026-04-18T06:00:00Z', '2026-04-18T07:00:00Z'), kubernetesVersion: '1.35' };
    expect(() => s.addRun('op', { report: release, contentHash: hash('5'), inputs })).toThrow(/holds runs against Kubernetes 1\.36, these logs were analyzed against 1\.35/);
    expect(s.app('op')!.runs.map((r) => r.id)).toEqual([none.run.id, spans.run.id]);
  });

  it('replaces a run of the same paths that selected no request, whatever the load tells of time; a run that selected only unmatched requests stays beside', () => {
    const s = open();
    const endpoints = coverageEndpoints().filter((e) => e.category === 'apps');
    const inputs = ['/logs/audit.log'];
    const kept = (r: ReturnType<Store['addRun']>) => r.keptBeside.map(({ run, ...why }) => ({ id: run.id, ...why }));
    const ids = (runs: Array<{ id: number }>) => runs.map((r) => r.id);
    // Requests read, none selected (the live log before the app made a request): no operation, no unmatched request.
    const unselected = (read: number) => {
      const r = reportFrom(endpoints, { hits: () => 0 });
      return { ...r, summary: { ...r.summary, requests: read } };
    };
    // Selected, but only requests the spec does not describe (custom resources): no time told either.
    const crd = reportFrom(endpoints, {
      hits: () => 0,
      unmatched: [{ pattern: '/apis/demo.example.com/v1/namespaces/{namespace}/widgets', verb: 'list', reason: 'unknown-group-version', count: 3, userAgents: ['op'] }],
    });
    const first = s.addRun('op', { report: unselected(20), contentHash: hash('1'), inputs });
    const grown = s.addRun('op', { report: unselected(37), contentHash: hash('2'), inputs });
    expect(grown).toMatchObject({ status: 'added', keptBeside: [] });
    expect([ids(grown.superseded), ids(grown.selectedNone)]).toEqual([[first.run.id], [first.run.id]]);
    const crds = s.addRun('op', { report: crd, contentHash: hash('3'), inputs });
    expect([ids(crds.superseded), ids(crds.selectedNone), kept(crds)]).toEqual([[grown.run.id], [grown.run.id], []]);
    // The run of unmatched requests holds what the app called: kept beside a load that cannot be shown to hold them.
    const none = s.addRun('op', { report: unselected(42), contentHash: hash('4'), inputs });
    expect([ids(none.superseded), kept(none)]).toEqual([[], [{ id: crds.run.id, why: 'untimed', side: 'both' }]]);
    const timed = s.addRun('op', { report: reportFrom(endpoints), contentHash: hash('5'), inputs });
    expect([ids(timed.superseded), ids(timed.selectedNone), kept(timed)]).toEqual([[none.run.id], [none.run.id], [{ id: crds.run.id, why: 'untimed', side: 'run' }]]);
    expect(s.app('op')!.runs.map((r) => r.id)).toEqual([crds.run.id, timed.run.id]);
    // A run replaced as its requests are spanned is not one that selected none.
    const later = s.addRun('op', { report: reportFrom(endpoints, { hits: (_e, i) => i + 2 }), contentHash: hash('6'), inputs });
    expect([ids(later.superseded), ids(later.selectedNone)]).toEqual([[timed.run.id], []]);
  });

  it('takes the same analysis of other bytes (a compressed copy given alone) as the run it is: unchanged, unless it tells no time', () => {
    const s = open();
    const report = operatorReport();
    const first = s.addRun('op', { report, contentHash: hash('1'), inputs: ['/logs/audit.log'] });
    const copy = s.addRun('op', { report: { ...report, inputs: ['/elsewhere/audit.log.gz'] }, contentHash: hash('2'), inputs: ['/elsewhere/audit.log.gz'] });
    expect(copy).toMatchObject({ status: 'unchanged', run: first.run, previous: first.run });
    expect(s.app('op')!.runs).toEqual([first.run]);
    // No request matched, no time told: two logs of as many requests, none selected, read alike; they add up.
    const untimed = { ...report, operations: [] };
    expect(s.addRun('none', { report: untimed, contentHash: hash('3'), inputs: ['/logs/a.log'] }).status).toBe('added');
    expect(s.addRun('none', { report: untimed, contentHash: hash('4'), inputs: ['/logs/b.log'] }).status).toBe('added');
  });

  it('adds the runs of different logs together', () => {
    const s = open();
    const endpoints = coverageEndpoints().filter((e) => e.category === 'apps');
    const first = reportFrom(endpoints, { hits: (_e, i) => (i < 30 ? 2 : 0) });
    const second = reportFrom(endpoints, { hits: (_e, i) => (i >= 20 && i < 40 ? 5 : 0) });
    s.addRun('op', { report: first, contentHash: hash('c'), inputs: ['1.log'] });
    s.addRun('op', { report: second, contentHash: hash('d'), inputs: ['2.log'] });
    const app = s.app('op')!;
    expect(app.runs.map((r) => r.inputs[0])).toEqual(['1.log', '2.log']);
    expect(app.report.summary.requests).toBe(first.summary.requests + second.summary.requests);
    // 0..29 from the first, 20..39 from the second: 40 operations, the 10 shared ones hit 2 + 5 times.
    expect(app.report.operations).toHaveLength(40);
    const shared = endpoints[25].endpoint;
    expect(app.report.operations.find((op) => op.operationId === shared)?.hits).toBe(7);
    // Discovery is shown but is not use of an API: the app's hit count leaves it out.
    const hitsOf = (i: number) => (i < 30 ? 2 : 0) + (i >= 20 && i < 40 ? 5 : 0);
    const expected = endpoints.reduce((n, e, i) => n + (isDiscovery(e) ? 0 : hitsOf(i)), 0);
    expect(endpoints.slice(0, 40).some(isDiscovery)).toBe(true);
    expect(app.summary.hits).toBe(expected);
  });

  it('says how to remove the app of another release from this store: with its --db, unless it is the default store', () => {
    const older = reportFrom(coverageEndpoints().slice(0, 5), { kubernetesVersion: '1.13' });
    const file = path.join(dir, 'my store.db');
    const s = open(file);
    s.addRun('op', { report: operatorReport(), contentHash: hash('e'), inputs: [] });
    expect(() => s.addRun('op', { report: older, contentHash: hash('f'), inputs: [] })).toThrow(`Load them under another --app name, or run apisnoop remove-audit op --db '${file}' first.`);
    vi.stubEnv('XDG_DATA_HOME', path.join(dir, 'xdg'));
    try {
      const d = open(defaultDbPath());
      d.addRun('my op', { report: operatorReport(), contentHash: hash('e'), inputs: [] });
      expect(() => d.addRun('my op', { report: older, contentHash: hash('f'), inputs: [] })).toThrow(`or run apisnoop remove-audit 'my op' first.`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses runs of one app against different Kubernetes releases, naming both', () => {
    const s = open();
    s.addRun('op', { report: operatorReport(), contentHash: hash('e'), inputs: [] });
    const older = reportFrom(coverageEndpoints().slice(0, 5), { kubernetesVersion: '1.13' });
    expect(() => s.addRun('op', { report: older, contentHash: hash('f'), inputs: [] })).toThrow(/holds runs against Kubernetes 1\.36.*analyzed against 1\.13/);
    expect(s.app('op')!.runs).toHaveLength(1);
  });

  it('removes an app with all its runs; an unknown app removes nothing', () => {
    const s = open();
    s.addRun('a', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    // Other logs: another analysis (the same one, under another hash, is the same requests in other bytes).
    s.addRun('a', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] });
    s.addRun('b', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    expect(s.removeApp('a')).toEqual({ runs: 2, walBusy: false });
    expect(s.app('a')).toBeUndefined();
    expect(s.appNames()).toEqual(['b']);
    expect(s.removeApp('a')).toEqual({ runs: 0, walBusy: false });
    expect(s.removeApp('nope')).toEqual({ runs: 0, walBusy: false });
  });

  it('lists e2e apps after the others', () => {
    const s = open();
    s.addRun('e2e', { report: reportFrom(coverageEndpoints().slice(0, 3), { e2e: true }), contentHash: hash('3'), inputs: [] });
    s.addRun('zeta', { report: operatorReport(), contentHash: hash('4'), inputs: [] });
    s.addRun('alpha-app', { report: operatorReport(), contentHash: hash('5'), inputs: [] });
    expect(s.apps().map((a) => [a.name, a.e2e])).toEqual([
      ['alpha-app', false],
      ['zeta', false],
      ['e2e', true],
    ]);
  });

  it('opens a new store that another process is making at that moment: its layout is made once, and found', async () => {
    // Two load-audit at once on a new store both found the file empty: the second failed on CREATE TABLE ("table
    // apisnoop_meta already exists", or "database is locked" switching to WAL) and its run was lost. Here another
    // process holds the write lock with the layout made but not committed, and commits a moment later.
    const template = path.join(dir, 'template.db');
    open(template).close();
    const file = path.join(dir, 'made-by-another.db');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const [file, template] = process.argv.slice(1);
         const db = new DatabaseSync(file);
         db.exec('BEGIN IMMEDIATE');
         const t = new DatabaseSync(template, { readOnly: true });
         for (const { sql } of t.prepare("SELECT sql FROM sqlite_master WHERE type = 'table'").all()) db.exec(sql);
         for (const r of t.prepare('SELECT key, value FROM apisnoop_meta').all()) db.prepare('INSERT INTO apisnoop_meta VALUES (?, ?)').run(r.key, r.value);
         t.close();
         process.stdout.write('ready\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
        file,
        template,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the other process ended (${code}) before making the store`)));
    });
    // Waits for the other process's lock (busy_timeout), then finds its layout.
    const s = open(file);
    expect(s.addRun('op', { report: operatorReport(), contentHash: hash('7'), inputs: [] }).status).toBe('added');
    expect(s.appNames()).toEqual(['op']);
    expect((await exited)[0]).toBe(0);
  });

  it('validates app names', () => {
    expect(checkAppName('  my app  ')).toBe('my app');
    expect(checkAppName('<img src=x>')).toBe('<img src=x>');
    expect(() => checkAppName('a,b')).toThrow(/comma/);
    expect(() => checkAppName('a\nb')).toThrow(/control/);
    // C1 controls and the Unicode line separators are control characters too (they were accepted).
    for (const c of ['\u0085', '\u009b', '\u0080', '\u009f', '\u2028', '\u2029']) expect(() => checkAppName(`a${c}b`)).toThrow(/contains control characters/);
    expect(checkAppName('a\u00a0b')).toBe('a\u00a0b');
    // What the server refuses in a path could be loaded but never opened.
    for (const name of ['.', '..', 'a\\b', '../x', 'x/..']) expect(() => checkAppName(name)).toThrow(/cannot be a path in a URL/);
    expect(checkAppName('team/app.v2')).toBe('team/app.v2');
    expect(checkAppName('constructor')).toBe('constructor');
    expect(() => checkAppName('   ')).toThrow(/empty/);
    // 200 characters, not UTF-16 units: 101 emoji were refused as "longer than 200 characters".
    expect(checkAppName('🚀'.repeat(200))).toBe('🚀'.repeat(200));
    expect(() => checkAppName('a'.repeat(201))).toThrow(`app name is longer than 200 characters (201): ${'a'.repeat(40)}…`);
    expect(() => checkAppName('🚀'.repeat(201))).toThrow(`app name is longer than 200 characters (201): ${'🚀'.repeat(40)}…`);
  });
});

// Node.js 22.13-22.15 run the store (node:sqlite unflagged) but take no file: URL as the database's path: every
// command on an existing store said it was "not a readable APISnoop database" and to move it away.
describe('an existing store on a Node.js whose node:sqlite takes paths only', () => {
  /** node:sqlite as Node.js 22.13 has it: a URL is refused as an argument of the wrong type. */
  const pathsOnly = {
    DatabaseSync: function (this: unknown, file: string | URL) {
      if (typeof file !== 'string') throw Object.assign(new TypeError('The "path" argument must be a string.'), { code: 'ERR_INVALID_ARG_TYPE' });
      return new DatabaseSync(file);
    } as unknown as typeof DatabaseSync,
  };

  it('opens the store by its path, and makes no file that is not there', () => {
    const dir = scratchDir('store-paths-only');
    const file = path.join(dir, 'apisnoop.db');
    const made = Store.open(file);
    made.close();
    const db = openExisting(pathsOnly, file);
    expect((db.prepare("SELECT value FROM apisnoop_meta WHERE key = 'store_version'").get() as { value: string }).value).toMatch(/^\d+$/);
    db.close();
    const missing = path.join(dir, 'gone.db');
    expect(() => openExisting(pathsOnly, missing)).toThrow(`${missing} does not exist`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('a damaged database', () => {
  it('names the file when it is not a database at all', () => {
    writeFileSync(path.join(dir, 'junk.db'), readFileSync(path.join(AUDIT2RBAC, 'demo-v1.log')));
    const file = path.join(dir, 'junk.db');
    expect(() => Store.open(file)).toThrow(StoreError);
    expect(() => Store.open(file)).toThrow(`${file} is not a readable APISnoop database (file is not a database)`);
  });

  it('names the file when pages inside a real store are overwritten', () => {
    const s = open();
    // Enough runs that the data spans many pages, then garbage over the middle of the file.
    for (let i = 0; i < 6; i++) s.addRun(`app${i}`, { report: operatorReport(), contentHash: hash(String(i)), inputs: [] });
    s.close();
    // Fold the WAL into the main file so the damage hits real data.
    const db = new DatabaseSync(dbFile);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE');
    db.close();
    const size = statSync(dbFile).size;
    expect(size).toBeGreaterThan(64 * 1024);
    const fd = openSync(dbFile, 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    expect(() => Store.open(dbFile)).toThrow(new RegExp(`^${dbFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a readable APISnoop database`));
  });

  it('refuses an SQLite database of something else', () => {
    const file = path.join(dir, 'other.db');
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE customers (id INTEGER)');
    db.close();
    expect(() => Store.open(file)).toThrow(`${file} is an SQLite database of something else (tables: customers)`);
  });

  it('names the run whose stored JSON is unreadable', () => {
    const s = open();
    s.addRun('op', { report: operatorReport(), contentHash: hash('9'), inputs: [] });
    s.close();
    const db = new DatabaseSync(dbFile);
    db.exec(`UPDATE runs SET report = '{"schemaVersion": 1, "trunc'`);
    db.close();
    expect(() => open().app('op')).toThrow(/run 1 of app "op" holds unreadable JSON/);
  });
});

describe('a store that cannot be opened for another reason than damage', () => {
  // Each was "is not a readable APISnoop database (…). Move it away": advice that does not help with an intact store.
  const notDamaged = /not a readable APISnoop database|Move it away/;

  it('says so when the directory of a new store cannot be made', () => {
    const file = path.join(dir, 'a-file', 'apisnoop.db');
    writeFileSync(path.join(dir, 'a-file'), 'not a directory');
    expect(() => Store.open(file)).toThrow(StoreError);
    expect(() => Store.open(file)).toThrow(new RegExp(`^cannot make the directory of the store ${escape(file)} \\(E\\w+: .*mkdir '${escape(path.join(dir, 'a-file'))}'\\)\\. Choose another file with --db\\.$`));
    expect(() => Store.open(file)).not.toThrow(notDamaged);
  });

  it('says a directory given as the store is one, naming the file it takes, where SQLite said only that it could not open it', () => {
    const said = `${dir} is a directory: --db takes the store's file, such as ${path.join(dir, 'apisnoop.db')}`;
    expect(() => Store.open(dir)).toThrow(said);
    // As serve opens it: only once it is there, and never made.
    expect(() => Store.openLoaded(dir)).toThrow(said);
    expect(() => Store.open(dir)).not.toThrow(/writable/);
  });

  it('says a store that cannot be written must be writable, and that a locked one is locked (SQLite\'s own errors)', () => {
    const file = path.join(dir, 'intact.db');
    open(file).close();
    // As root (CI) a read-only file or directory is writable all the same: SQLite's error of a read-only store is got
    // from a connection opened read-only, the same error a user meets on a read-only directory or mount.
    const ro = new DatabaseSync(file, { readOnly: true });
    let readonly: unknown;
    try {
      ro.exec("INSERT INTO apisnoop_meta VALUES ('x', 'y')");
    } catch (err) {
      readonly = err;
    }
    ro.close();
    expect(openFailure(file, readonly).message).toBe(
      `cannot open ${file} (attempt to write a readonly database): the store must be a file this user can write, in a directory it can write (SQLite keeps intact.db-wal and intact.db-shm beside it, even to read). Make them writable, or choose another file with --db.`,
    );

    const holder = new DatabaseSync(file);
    holder.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE');
    const other = new DatabaseSync(file);
    let busy: unknown;
    try {
      other.exec('BEGIN IMMEDIATE');
    } catch (err) {
      busy = err;
    }
    other.close();
    holder.exec('ROLLBACK');
    holder.close();
    expect(openFailure(file, busy).message).toMatch(new RegExp(`^${escape(file)} is locked by another process \\(database is locked\\); try again once it is done\\.$`));
    expect(openFailure(file, busy).message).not.toMatch(notDamaged);
  });
});

describe('a store removed without its -wal and -shm while another process reads it', () => {
  it('is made again at that path and read (the new store failed with "disk I/O error")', async () => {
    const s = open();
    s.addRun('old', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    s.close();
    // serve: a connection of another process that has read the store and stays open, holding its -shm.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const db = new DatabaseSync(process.argv[1]);
         db.prepare('SELECT name FROM apps').all();
         process.stdout.write('ready\\n');
         process.stdin.on('end', () => db.close()).resume();`,
        dbFile,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        reader.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        reader.once('exit', (code) => reject(new Error(`the reader ended (${code}) before reading`)));
      });
      // A load while serve runs leaves the -wal and -shm there; only the database is removed, to start over.
      const load = open();
      load.addRun('old', { report: operatorReport(), contentHash: hash('2'), inputs: [] });
      load.close();
      expect(existsSync(`${dbFile}-shm`)).toBe(true);
      rmSync(dbFile);
      const fresh = open();
      expect(fresh.addRun('new', { report: operatorReport(), contentHash: hash('3'), inputs: [] }).status).toBe('added');
      fresh.close();
      const again = open();
      expect(again.appNames()).toEqual(['new']);
      again.close();
    } finally {
      const exited = once(reader, 'exit');
      reader.stdin.end();
      await exited;
    }
  });
});

describe('a store file this user cannot write, in a directory it can write', () => {
  it('is read, and a run refused naming the file (it threw the bare "attempt to write a readonly database")', () => {
    const s = open();
    s.addRun('op', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    // As root (CI) a read-only file is writable all the same: the connection is made read-only as SQLite opens a
    // file this user cannot write.
    (s as unknown as { db: DatabaseSync }).db.exec('PRAGMA query_only = 1');
    expect(s.appNames()).toEqual(['op']);
    expect(() => s.addRun('op', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] })).toThrow(
      new RegExp(`^cannot open ${escape(dbFile)} \\(attempt to write a readonly database\\): the store must be a file this user can write`),
    );
    expect(() => s.removeApp('op')).toThrow(StoreError);
    expect(s.app('op')!.runs).toHaveLength(1);
  });

  it('is read when it is not in WAL: switching it, a write, is only tried (apps failed with "cannot open")', () => {
    const s = open();
    // The connection SQLite makes to a file this user cannot write, to a store left in the rollback journal, and the
    // switch to WAL that opening tries.
    const inner = s as unknown as { db: DatabaseSync; preferWal(): void };
    inner.db.close();
    const rollback = new DatabaseSync(dbFile);
    rollback.exec('PRAGMA journal_mode = DELETE');
    rollback.close();
    inner.db = new DatabaseSync(pathToFileURL(dbFile).href + '?mode=ro');
    expect(() => inner.preferWal()).not.toThrow();
    expect(s.appNames()).toEqual([]);
    s.close();
  });
});

describe('a store another process holds locked', () => {
  it('refuses a run after waiting, naming the file (it threw SQLite\'s bare "database is locked")', () => {
    const s = open();
    s.addRun('op', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    const holder = new DatabaseSync(dbFile);
    holder.exec('BEGIN IMMEDIATE');
    try {
      // Waits out the store's busy_timeout (5 s), then gives up.
      expect(() => s.addRun('op', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] })).toThrow(
        new StoreError(`${dbFile} is locked by another process (database is locked); try again once it is done.`),
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(s.app('op')!.runs).toHaveLength(1);
    expect(s.addRun('op', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] }).status).toBe('added');
  }, 30_000);

  it('refuses a run whose commit waited out a reader of a store not in WAL, naming the file (it threw the bare "database is locked")', () => {
    const first = open();
    first.addRun('op', { report: operatorReport(), contentHash: hash('1'), inputs: [] });
    first.close();
    // A store left in the rollback journal (its switch to WAL is best effort, given up here after busy_timeout): a
    // reader's lock holds the commit back.
    const reader = new DatabaseSync(dbFile);
    reader.exec('PRAGMA journal_mode = DELETE');
    reader.exec('BEGIN');
    reader.prepare('SELECT name FROM apps').all();
    const s = open();
    try {
      expect(() => s.addRun('op', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] })).toThrow(
        new StoreError(`${dbFile} is locked by another process (database is locked); try again once it is done.`),
      );
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    expect(s.app('op')!.runs).toHaveLength(1);
    expect(s.addRun('op', { report: operatorReport((e) => e.category === 'apps'), contentHash: hash('2'), inputs: [] }).status).toBe('added');
  }, 30_000);
});

describe('runs edited by hand', () => {
  it('lists each damaged app with a problem naming the file, the others as before; loading the logs again repairs it', () => {
    const s = open();
    const report = operatorReport();
    for (const name of ['null', 'bare', 'inputs', 'array', 'good']) s.addRun(name, { report, contentHash: hash('a'), inputs: ['/logs/a.log'] });
    const loadedAt = new Map(s.apps().map((a) => [a.name, a.loadedAt]));
    s.close();
    // JSON that parses but is no report, a report with nothing but its schema, inputs cut short: each used to throw a
    // TypeError or SyntaxError naming no file ("Cannot read properties of null (reading 'schemaVersion')"), which
    // failed apps, /api/apps and /api/coverage for the whole store.
    const db = new DatabaseSync(dbFile);
    db.exec(`
      UPDATE runs SET report = 'null' WHERE app_id = (SELECT id FROM apps WHERE name = 'null');
      UPDATE runs SET report = '{"schemaVersion": 1}' WHERE app_id = (SELECT id FROM apps WHERE name = 'bare');
      UPDATE runs SET inputs = '["/logs/a.l' WHERE app_id = (SELECT id FROM apps WHERE name = 'inputs');
      UPDATE runs SET report = '[]' WHERE app_id = (SELECT id FROM apps WHERE name = 'array');
    `);
    db.close();
    const again = open();
    const apps = again.apps();
    expect(apps.map((a) => [a.name, a.problem === undefined])).toEqual([
      ['array', false],
      ['bare', false],
      ['good', true],
      ['inputs', false],
      ['null', false],
    ]);
    for (const a of apps.filter((x) => x.problem !== undefined)) {
      expect(a.problem).toContain(`${dbFile}: `);
      expect(a.problem).toContain(`app "${a.name}"`);
      // The command that removes it from this store (a bare "remove the app" named none).
      expect(a.problem).toMatch(new RegExp(`; remove the app \\(apisnoop remove-audit ${a.name} --db ${escape(dbFile)}\\) and load it again\\.$`));
      // Its runs and when they were loaded, from their rows: it read runs 0 and no time.
      expect(a).toMatchObject({ runs: 1, kubernetesVersion: report.kubernetesVersion, selected: 0, operations: 0 });
      expect(a.loadedAt).toBe(loadedAt.get(a.name));
      expect(() => again.app(a.name)).toThrow(StoreError);
    }
    expect(apps.find((a) => a.name === 'null')!.problem).toBe(`${dbFile}: run 1 of app "null" holds null, not a report; remove the app (apisnoop remove-audit null --db ${dbFile}) and load it again.`);
    expect(apps.find((a) => a.name === 'inputs')!.problem).toBe(
      `${dbFile}: run 3 of app "inputs" holds an unreadable list of inputs; remove the app (apisnoop remove-audit inputs --db ${dbFile}) and load it again.`,
    );
    expect(apps.find((a) => a.name === 'good')).toMatchObject({ runs: 1, requests: report.summary.requests });
    // The same logs loaded again replace the damaged run, as a damaged report's are.
    for (const name of ['null', 'bare', 'inputs', 'array']) {
      expect(again.addRun(name, { report, contentHash: hash('a'), inputs: ['/logs/a.log'] }).status).toBe('replaced');
      expect(again.app(name)!.runs[0].inputs).toEqual(['/logs/a.log']);
    }
    expect(again.apps().every((a) => a.problem === undefined)).toBe(true);
  });
});

describe('digestLogs', () => {
  it('identifies logs by content: a renamed copy, another order or a directory give the same hash', async () => {
    const v1 = path.join(AUDIT2RBAC, 'demo-v1.log');
    const y2017 = path.join(AUDIT2RBAC, 'demo-2017-v1beta1.log');
    const both = await digestLogs([v1, y2017]);
    expect(both.files).toEqual([y2017, v1]);
    const reordered = await digestLogs([y2017, v1]);
    expect([reordered.hash, reordered.files]).toEqual([both.hash, both.files]);
    expect(reordered.distinct).toEqual([y2017, v1]); // the order given: the report lists the logs as the user did
    expect((await digestLogs([AUDIT2RBAC])).hash).toBe(both.hash);

    copyFileSync(v1, path.join(dir, 'renamed.log'));
    expect((await digestLogs([path.join(dir, 'renamed.log')])).hash).toBe((await digestLogs([v1])).hash);
    expect((await digestLogs([v1])).hash).not.toBe(both.hash);

    // A copy and the original: one log, analyzed once, the first one named kept, under the name given.
    const withCopy = await digestLogs([v1, path.join(dir, 'renamed.log')]);
    expect(withCopy.hash).toBe((await digestLogs([v1])).hash);
    expect(withCopy.files).toEqual([path.join(dir, 'renamed.log'), v1].sort());
    expect(withCopy.distinct).toEqual([v1]);
    expect(withCopy.copies).toEqual([{ file: path.join(dir, 'renamed.log'), sameAs: v1 }]);
    expect(both.distinct).toEqual([v1, y2017]);
    expect(both.copies).toEqual([]);
    // A file named twice is one input too, and said so.
    const repeats: string[] = [];
    expect((await digestLogs([v1, v1], (r) => repeats.push(r.input))).distinct).toEqual([v1]);
    expect(repeats).toEqual([v1]);
  });

  it('refuses stdin and names a missing file', async () => {
    await expect(digestLogs(['-'])).rejects.toThrow(/reads files, not stdin/);
    await expect(digestLogs([path.join(dir, 'missing.log')])).rejects.toThrow(path.join(dir, 'missing.log'));
  });
});
