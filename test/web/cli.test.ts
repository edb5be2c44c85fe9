// load-audit, apps, remove-audit and serve as a user runs them: the built dist/cli.js on real audit logs.
import { copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import { canMakeUnreadable, makeUnreadable } from '../helpers/unreadable.js';
import { shellWord } from '../../src/shell-word.js';
import { DatabaseSync } from 'node:sqlite';
import { Store } from '../../src/web/store.js';
import type { AppSummary } from '../../src/web/api.js';
import type { Report } from '../../src/engine/report.js';
import { fixtures, repoRoot } from './fixtures.js';

const CLI = path.join(repoRoot, 'dist/cli.js');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const LOG_2017 = path.join(fixtures, 'audit/audit2rbac/demo-2017-v1beta1.log');
const LOG_V1 = path.join(fixtures, 'audit/audit2rbac/demo-v1.log');
// The 1.13 spec the logs were written against; conformance data from a file so nothing is downloaded.
const SPEC = ['--spec', path.join(fixtures, 'openapi-v2/swagger-1.13.json.gz'), '--conformance', path.join(fixtures, 'apisnoop/coverage-1.21.0.json.gz'), '-q'];

let dir: string;
let db: string;
const run = (...args: string[]) => execa(process.execPath, [CLI, ...args], { reject: false, env: { XDG_DATA_HOME: path.join(dir, 'xdg') } });

/** apisnoop serve on a free port of 127.0.0.1, once it says where it listens. */
async function serve(store: string) {
  const server = execa(process.execPath, [CLI, 'serve', '--port', '0', '--db', store], { reject: false });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', () => reject(new Error(`serve exited early: ${out}`)));
  });
  return { server, url };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run bundle\` first`);
  dir = scratchDir('cli');
  db = path.join(dir, 'store.db');
});

describe('apisnoop load-audit / apps / remove-audit', () => {
  it('loads a log once, however often it is given', async () => {
    const first = await run('load-audit', LOG_2017, '--app', 'audit2rbac', ...SPEC, '--db', db);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(`Loaded "audit2rbac": run 1, 437 requests, 437 selected, 19 stable / 0 beta / 0 alpha operations (Kubernetes 1.13), into ${db}`);

    const again = await run('load-audit', LOG_2017, '--app', 'audit2rbac', ...SPEC, '--db', db);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^Already loaded: "audit2rbac" has these logs \(sha256 [0-9a-f]{12}…\) as run 1 since \S+, with the same result; nothing changed\.$/);

    // Same log, another selection: the run is replaced, not added.
    const narrower = await run('load-audit', LOG_2017, '--app', 'audit2rbac', ...SPEC, '--user-agent', 'kubectl', '--db', db);
    expect(narrower.exitCode).toBe(0);
    expect(narrower.stdout).toMatch(/replaced that run with the new analysis \(437 requests, .*\), not counted twice\.$/);

    // A copy of the log is the same log: recognised by its contents, and its requests are not counted again.
    const copy = path.join(dir, 'copy-of-2017.log');
    copyFileSync(LOG_2017, copy);
    const withCopy = await run('load-audit', LOG_2017, copy, '--app', 'audit2rbac', ...SPEC.filter((a) => a !== '-q'), '--user-agent', 'kubectl', '--db', db);
    expect(withCopy.exitCode).toBe(0);
    expect(withCopy.stderr).toBe(
      `warning: ${copy} has the same contents as ${LOG_2017}: read once\n` +
        'warning: conformance data of Kubernetes 1.21.0 used with the 1.13 spec: what is conformance tested differs between releases\n' +
        // No request of this log has the user agent kubectl: said, as analyze says it.
        'warning: none of the 437 requests read is selected: the selection (user agent kubectl), which leaves out system components or anonymous health checks, matched none; the verdict judged no request',
    );
    // The same report as the log alone (437 requests, not 874): nothing changes.
    expect(withCopy.stdout).toMatch(/^Already loaded: "audit2rbac" has these logs .* with the same result; nothing changed\.$/);

    const apps = JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[];
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ name: 'audit2rbac', runs: 1, requests: 437, kubernetesVersion: '1.13' });
  });

  it('says to remove an app of another release from the store in use: the command, run as shown, removes it there, not from the default store', async () => {
    const proj = path.join(dir, 'proj store.db');
    // A default store of its own: the other tests' is to have none.
    const env = { XDG_DATA_HOME: path.join(dir, 'xdg-shop') };
    const run = (...args: string[]) => execa(process.execPath, [CLI, ...args], { reject: false, env });
    for (const store of [[], ['--db', proj]]) expect((await run('load-audit', LOG_2017, '--app', 'shop', ...SPEC, ...store)).exitCode).toBe(0);
    const clash = async (store: string[]) => {
      const r = await run('load-audit', LOG_V1, '--app', 'shop', '--k8s-version', '1.33', '-q', ...store);
      expect(r.exitCode).toBe(2);
      return /, or run (apisnoop remove-audit .*) first\.$/.exec(r.stderr)![1];
    };
    // The default store is named by no --db, as load-audit takes it.
    expect(await clash([])).toBe('apisnoop remove-audit shop');
    const remove = await clash(['--db', proj]);
    expect(remove).toBe(`apisnoop remove-audit shop --db ${shellWord(proj)}`);
    const removed = await execa('sh', ['-c', remove.replace(/^apisnoop/, `${shellWord(process.execPath)} ${shellWord(CLI)}`)], { reject: false, env });
    expect(removed.stdout).toBe(`Removed "shop" and its 1 run from ${proj}`);
    const names = async (store: string[]) => (JSON.parse((await run('apps', '--json', ...store)).stdout) as AppSummary[]).map((a) => a.name);
    expect(await names(['--db', proj])).toEqual([]);
    expect(await names([])).toContain('shop');
    expect((await run('remove-audit', 'shop')).exitCode).toBe(0);
  });

  it('says of an xz log a command load-audit can follow: the file it writes, given, is loaded as the bare log', async () => {
    const work = path.join(dir, 'xz-log');
    mkdirSync(work);
    const xz = path.join(work, 'demo v1.log.xz');
    execFileSync('sh', ['-c', `xz -c ${shellWord(LOG_V1)} > ${shellWord(xz)}`]);
    const refused = await run('load-audit', xz, '--app', 'xz', ...SPEC, '--db', db);
    expect(refused.exitCode).toBe(2);
    // It was "xz -dc FILE | apisnoop analyze -": load-audit reads no stdin, and analyze keeps nothing in the store.
    const command = /decompress it first \((.*)\) and give (\S+|'[^']*')\)/.exec(refused.stderr)!;
    expect(command[1]).toBe(`xz -dc ${shellWord(xz)} > ${shellWord(path.join(work, 'demo v1.log'))}`);
    execFileSync('sh', ['-c', command[1]]);
    const given = command[2].replace(/^'(.*)'$/, '$1');
    const loaded = await run('load-audit', given, '--app', 'xz', ...SPEC, '--db', db);
    expect(loaded.stdout).toMatch(/^Loaded "xz": run \d+, 37 requests/);
    expect(await run('remove-audit', 'xz', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('says a directory given as --db is one, naming the file it takes, whichever command is given it', async () => {
    const store = path.join(dir, 'a-directory');
    mkdirSync(store);
    for (const args of [['apps'], ['remove-audit', 'x'], ['serve', '--port', '0'], ['load-audit', LOG_V1, '--app', 'x', ...SPEC]]) {
      const r = await run(...args, '--db', store);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`apisnoop: ${store} is a directory: --db takes the store's file, such as ${path.join(store, 'apisnoop.db')}`);
    }
  });

  it('takes the same logs in another order, or a renamed copy, as already loaded: nothing changes, the first load kept', async () => {
    const first = await run('load-audit', LOG_2017, LOG_V1, '--app', 'pair', ...SPEC, '--db', db);
    expect(first.stdout).toMatch(/^Loaded "pair": run \d+, 474 requests/);
    const renamed = path.join(dir, 'renamed-v1.log');
    copyFileSync(LOG_V1, renamed);
    for (const logs of [[LOG_V1, LOG_2017], [renamed, LOG_2017]]) {
      const again = await run('load-audit', ...logs, '--app', 'pair', ...SPEC, '--db', db);
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toMatch(/^Already loaded: "pair" has these logs .* with the same result; nothing changed\.$/);
    }
    const pair = JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[];
    expect(pair.find((a) => a.name === 'pair')).toMatchObject({ runs: 1, requests: 474 });
    expect(await run('remove-audit', 'pair', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('replaces the run of a log loaded again once it grew, or with a rotated file beside it, and warns of a log two runs share', async () => {
    const live = path.join(dir, 'live');
    mkdirSync(live);
    const log = path.join(live, 'audit.log');
    const lines = readFileSync(LOG_2017, 'utf8').split('\n');
    writeFileSync(log, lines.slice(0, 400).join('\n') + '\n');
    const head = await run('load-audit', log, '--app', 'live', ...SPEC, '--db', db);
    expect(head.stdout).toMatch(/^Loaded "live": run (\d+), 234 requests/);
    const headRun = /run (\d+)/.exec(head.stdout)![1];
    const requests = async () => (JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[]).find((a) => a.name === 'live');

    // The whole log now: its first 400 lines are the run loaded, counted once.
    copyFileSync(LOG_2017, log);
    const grown = await run('load-audit', log, '--app', 'live', ...SPEC, '--db', db);
    expect(grown.exitCode).toBe(0);
    expect(grown.stdout).toMatch(
      new RegExp(`^Loaded "live": run \\d+, 437 requests, .*\\. It replaced run ${headRun} \\(234 requests of ${escapeRegExp(log)}, loaded \\S+\\): that log is among these, grown or rotated since, so its requests are not counted twice\\.$`),
    );
    expect(await requests()).toMatchObject({ runs: 1, requests: 437 });

    // Rotated: the directory of the log and the file rotated beside it replaces the run of the log alone.
    copyFileSync(LOG_V1, path.join(live, 'audit.log.1'));
    const rotated = await run('load-audit', live, '--app', 'live', ...SPEC, '--db', db);
    expect(rotated.stdout).toMatch(/^Loaded "live": run \d+, 474 requests, .*\. It replaced run \d+ \(437 requests of .*\): that log is among these/);
    expect(await requests()).toMatchObject({ runs: 1, requests: 474 });

    // A file of that run loaded with another: kept beside it, and said, as its requests now count twice.
    const other = path.join(dir, 'other.log');
    writeFileSync(other, lines.slice(0, 20).join('\n') + '\n');
    const overlapping = await run('load-audit', path.join(live, 'audit.log.1'), other, '--app', 'live', ...SPEC.filter((a) => a !== '-q'), '--db', db);
    expect(overlapping.exitCode).toBe(0);
    expect(overlapping.stderr).toMatch(
      new RegExp(`^warning: run \\d+ of "live" \\(loaded \\S+\\) also read ${escapeRegExp(path.join(live, 'audit.log.1'))}, with ${escapeRegExp(log)}: the requests of that file now count in both runs\\.`, 'm'),
    );
    // The command that undoes it names this store: without --db, it removed the app from the default store.
    expect(overlapping.stderr).toContain(`or run apisnoop remove-audit live --db ${db} and load its logs again together`);
    expect(await requests()).toMatchObject({ runs: 2 });
    expect(await run('remove-audit', 'live', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('keeps the run of a log rotated away (renamed, a new log in its place) beside the new log loaded alone, and says so; the directory then replaces both', async () => {
    const logs = path.join(dir, 'renamed');
    mkdirSync(logs);
    const log = path.join(logs, 'audit.log');
    const lines = readFileSync(LOG_2017, 'utf8').trimEnd().split('\n');
    writeFileSync(log, lines.slice(0, 400).join('\n') + '\n');
    const first = await run('load-audit', log, '--app', 'renamed', ...SPEC, '--db', db);
    expect(first.stdout).toMatch(/^Loaded "renamed": run \d+, 234 requests/);
    const firstRun = /run (\d+)/.exec(first.stdout)![1];
    // logrotate's rename: the log read is audit.log.1 now, and audit.log holds what came after.
    copyFileSync(log, `${log}.1`);
    writeFileSync(log, lines.slice(400).join('\n') + '\n');
    const after = await run('load-audit', log, '--app', 'renamed', ...SPEC.filter((a) => a !== '-q'), '--db', db);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toMatch(/^Loaded "renamed": run \d+, 203 requests, .* into \S+$/);
    expect(after.stdout).not.toContain('replaced');
    expect(after.stderr).toContain(
      `warning: run ${firstRun} of "renamed" read ${log} when it held requests from 2017-09-11T19:55:05Z on, earlier than any in these logs (rotated away since?): kept beside this run, not replaced.`,
    );
    const stored = async () => (JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[]).find((a) => a.name === 'renamed');
    expect(await stored()).toMatchObject({ runs: 2, requests: 437 });
    const whole = await run('load-audit', logs, '--app', 'renamed', ...SPEC, '--db', db);
    expect(whole.stdout).toMatch(/^Loaded "renamed": run \d+, 437 requests, .*\. It replaced runs \d+ \(234 requests .*\), \d+ \(203 requests .*\): that log is among these/);
    expect(await stored()).toMatchObject({ runs: 1, requests: 437 });
    expect(await run('remove-audit', 'renamed', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  // The demo log (2026-11-20, Kubernetes 1.33) and the same requests a day later: what the same path holds another day.
  const SAMPLE_SPEC = ['--k8s-version', '1.33', '--conformance', 'none'];
  const sampleLines = (keep: (line: string) => boolean = () => true, day = '2026-11-20') =>
    gunzipSync(readFileSync(path.join(repoRoot, 'data/sample-audit.log.gz')))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .filter(keep)
      .map((l) => l.replaceAll('2026-11-20', day))
      .join('\n') + '\n';
  const appOf = async (name: string) => (JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[]).find((a) => a.name === name);

  it('keeps a run beside a load of its path when either holds no request of an operation (no time to compare), and says so', async () => {
    const logs = path.join(dir, 'untimed');
    mkdirSync(logs);
    const log = path.join(logs, 'audit.log');
    writeFileSync(log, sampleLines());
    const operator = ['--serviceaccount', 'demo:demo-operator'];
    const first = await run('load-audit', log, '--app', 'untimed', ...SAMPLE_SPEC, ...operator, '-q', '--db', db);
    const firstRun = /^Loaded "untimed": run (\d+), 161 requests/.exec(first.stdout)![1];
    // The next day's log holds only the admin's requests: the operator's selection keeps none of them.
    writeFileSync(log, sampleLines((l) => l.includes('"username":"kubernetes-admin"'), '2026-11-21'));
    const next = await run('load-audit', log, '--app', 'untimed', ...SAMPLE_SPEC, ...operator, '--db', db);
    expect(next.stdout).toMatch(/^Loaded "untimed": run \d+, 43 requests, .* into \S+$/);
    expect(next.stderr).toContain(
      `warning: run ${firstRun} of "untimed" read ${log}, all among these logs, but these logs hold no request of an API operation (none selected, or none the spec describes), so no time shows that these logs hold its requests: kept beside this run, not replaced;`,
    );
    expect(next.stderr).toContain(`(run apisnoop remove-audit untimed --db ${db} and load the logs again to count them once)`);
    expect(await appOf('untimed')).toMatchObject({ runs: 2, requests: 161 + 43 });

    // The other way: a run of the operator's custom resources only, which the spec does not describe, then the next day's log.
    const crd = path.join(logs, 'crd.log');
    writeFileSync(crd, sampleLines((l) => l.includes('/apis/demo.example.com/')));
    const crds = await run('load-audit', crd, '--app', 'crd', ...SAMPLE_SPEC, ...operator, '-q', '--db', db);
    const crdRun = /^Loaded "crd": run (\d+), (\d+) requests/.exec(crds.stdout)!;
    writeFileSync(crd, sampleLines(undefined, '2026-11-21'));
    const day = await run('load-audit', crd, '--app', 'crd', ...SAMPLE_SPEC, ...operator, '--db', db);
    expect(day.stdout).toMatch(/^Loaded "crd": run \d+, 161 requests, .* into \S+$/);
    expect(day.stderr).toContain(`warning: run ${crdRun[1]} of "crd" read ${crd}, all among these logs, but it holds no request of an API operation`);
    expect(await appOf('crd')).toMatchObject({ runs: 2, requests: Number(crdRun[2]) + 161 });
    for (const app of ['untimed', 'crd']) expect(await run('remove-audit', app, '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('replaces the run of a live log loaded before the app made a request (none selected) each time the log is loaded again, and says so', async () => {
    const logs = path.join(dir, 'before');
    mkdirSync(logs);
    const log = path.join(logs, 'audit.log');
    const lines = readFileSync(LOG_V1, 'utf8').trimEnd().split('\n');
    const load = () => run('load-audit', log, '--app', 'before', ...SAMPLE_SPEC, '--serviceaccount', 'nobody:nobody', '-q', '--db', db);
    writeFileSync(log, lines.slice(0, 20).join('\n') + '\n');
    const first = await load();
    const firstRun = /^Loaded "before": run (\d+), 20 requests/.exec(first.stdout)![1];
    // The whole log: 3 runs of 99 requests for a log of 42 lines, as no time showed the new load held the earlier ones.
    writeFileSync(log, lines.join('\n') + '\n');
    const whole = await load();
    expect(whole.stderr).toBe('');
    expect(whole.stdout).toMatch(
      new RegExp(`^Loaded "before": run (\\d+), 37 requests, .*\\. It replaced run ${firstRun} \\(20 requests of ${escapeRegExp(log)}, loaded \\S+\\): it selected no request, so nothing of the app's coverage is lost\\.$`),
    );
    expect(await appOf('before')).toMatchObject({ runs: 1, requests: 37 });
    // Grown by 5 lines of the demo log, which the selection keeps none of either.
    writeFileSync(log, lines.join('\n') + '\n' + sampleLines().split('\n').slice(0, 5).join('\n') + '\n');
    const grown = await load();
    const requests = Number(/^Loaded "before": run \d+, (\d+) requests, .*\. It replaced run \d+ \(37 requests of .*\): it selected no request/.exec(grown.stdout)![1]);
    expect(requests).toBeGreaterThan(37);
    expect(await appOf('before')).toMatchObject({ runs: 1, requests });
    expect(await run('remove-audit', 'before', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('keeps a run beside an older log loaded from its path (CI artifacts of one name), and refuses one of another release there', async () => {
    const artifacts = path.join(dir, 'artifacts');
    mkdirSync(artifacts);
    const log = path.join(artifacts, 'audit.log');
    writeFileSync(log, sampleLines(undefined, '2026-11-21'));
    const newer = await run('load-audit', log, '--app', 'legs', ...SAMPLE_SPEC, '-q', '--db', db);
    const newerRun = /^Loaded "legs": run (\d+), 161 requests/.exec(newer.stdout)![1];
    // The leg of the day before, downloaded to the same path.
    writeFileSync(log, sampleLines());
    const older = await run('load-audit', log, '--app', 'legs', ...SAMPLE_SPEC, '--db', db);
    expect(older.stdout).toMatch(/^Loaded "legs": run \d+, 161 requests, .* into \S+$/);
    expect(older.stderr).toContain(
      `warning: run ${newerRun} of "legs" read ${log} when it held requests up to 2026-11-21T10:00:59.570000Z, later than any in these logs (an older log put in its place?): kept beside this run, not replaced;`,
    );
    expect(await appOf('legs')).toMatchObject({ runs: 2, requests: 322 });
    // A leg analyzed against another release cannot add up with the runs kept.
    writeFileSync(log, sampleLines(undefined, '2026-11-19'));
    const other = await run('load-audit', log, '--app', 'legs', '--k8s-version', '1.34', '--conformance', 'none', '-q', '--db', db);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('app "legs" holds runs against Kubernetes 1.33, these logs were analyzed against 1.34');
    expect(await appOf('legs')).toMatchObject({ runs: 2, requests: 322 });
    expect(await run('remove-audit', 'legs', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('takes a compressed copy of a log loaded, given alone under another name, as the same requests: nothing changes', async () => {
    const first = await run('load-audit', LOG_2017, '--app', 'copied', ...SPEC, '--db', db);
    const firstRun = /^Loaded "copied": run (\d+), 437 requests/.exec(first.stdout)![1];
    const gz = path.join(dir, 'elsewhere.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(LOG_2017)));
    const copy = await run('load-audit', gz, '--app', 'copied', ...SPEC, '--db', db);
    expect(copy.exitCode).toBe(0);
    expect(copy.stdout).toMatch(
      new RegExp(`^Already loaded: "copied" has the same requests as run ${firstRun} since \\S+, read from ${escapeRegExp(LOG_2017)} \\(these logs hold them in other bytes: a compressed copy\\?\\), with the same result; nothing changed\\.$`),
    );
    const apps = JSON.parse((await run('apps', '--json', '--db', db)).stdout) as AppSummary[];
    expect(apps.find((a) => a.name === 'copied')).toMatchObject({ runs: 1, requests: 437 });
    expect(await run('remove-audit', 'copied', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('says when the selection kept no request, as analyze does, and exits as analyze does on the verdict', async () => {
    const noQuiet = SPEC.filter((a) => a !== '-q');
    const conformance = 'warning: conformance data of Kubernetes 1.21.0 used with the 1.13 spec: what is conformance tested differs between releases';
    const none = await run('load-audit', LOG_V1, '--app', 'nobody', ...noQuiet, '--namespace', 'no-such-ns', '--db', db);
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toMatch(/^Loaded "nobody": run \d+, 37 requests/);
    expect(none.stderr).toBe(
      `${conformance}\nwarning: none of the 37 requests read is selected: the selection (namespace no-such-ns), which leaves out system components or anonymous health checks, matched none; the verdict judged no request`,
    );
    // --fail-on empty: the stored run's verdict fails, said as analyze says it, and the exit code is 1 (as apps shows fail).
    const failing = await run('load-audit', LOG_V1, '--app', 'nobody', ...noQuiet, '--namespace', 'no-such-ns', '--fail-on', 'empty', '--db', db);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toMatch(/replaced that run with the new analysis/);
    const lines = failing.stderr.split('\n');
    expect(lines[0]).toBe(conformance);
    expect(lines[1]).toMatch(/^FAIL: 37 requests, 0 selected, .*; fail-on empty: nothing was selected/);
    expect(lines[2]).toMatch(/^fail-on empty: none of the 37 requests read is selected/);
    expect(lines).toHaveLength(3);
    expect((await run('apps', '--db', db)).stdout).toMatch(/^nobody\s.*\sfail\s/m);
    // -q: nothing said, the same exit code.
    expect(await run('load-audit', LOG_V1, '--app', 'nobody', ...SPEC, '--namespace', 'no-such-ns', '--fail-on', 'empty', '--db', db)).toMatchObject({ exitCode: 1, stderr: '' });
    expect(await run('remove-audit', 'nobody', '--db', db).then((r) => r.exitCode)).toBe(0);
  });

  it('warns of a record that holds no audit event, as of a line that is not JSON', async () => {
    // An AKS log: each event in a record's properties.log; one record holds the apiserver's klog line, one line is cut.
    const lines = readFileSync(LOG_V1, 'utf8').trim().split('\n');
    const records = lines.map((l) => JSON.stringify({ category: 'kube-audit', properties: { log: l } }));
    records.splice(3, 0, JSON.stringify({ category: 'kube-audit', properties: { log: 'I1204 10:00:00.000000 1 server.go:100] starting' } }), '{"category":');
    const log = path.join(dir, 'aks.json');
    writeFileSync(log, records.join('\n') + '\n');
    const noQuiet = SPEC.filter((a) => a !== '-q');
    const loaded = await run('load-audit', log, '--app', 'aks', ...noQuiet, '--conformance', 'none', '--user', '*', '--db', path.join(dir, 'aks.db'));
    expect(loaded.stdout).toMatch(/^Loaded "aks": run \d+, 37 requests/);
    expect(loaded.stderr.split('\n')).toEqual([
      `warning: ${log}:4: the "properties.log" field of an Azure Monitor record (AKS's kube-audit) is not JSON, so not an audit event: a klog line "I1204 10:00:00.000000 1 server.go:100] …" (47 characters; the rest not quoted)`,
      expect.stringMatching(new RegExp(`^warning: ${log}:5: not JSON: `)),
    ]);
  });

  it('keeps several apps and lists them in a table', async () => {
    const loaded = await run('load-audit', LOG_V1, '--app', 'demo-v1', ...SPEC, '--db', db);
    expect(loaded.stdout).toMatch(/^Loaded "demo-v1": run 2, 37 requests/);
    const table = await run('apps', '--db', db);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^APP\s+RUNS\s+K8S\s+SELECTED\s+READ\s+STABLE\s+BETA\s+ALPHA\s+VERDICT\s+LOADED$/);
    // audit2rbac's run is of the user agent kubectl, which none of its 437 requests has.
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 5))).toEqual([
      ['audit2rbac', '1', '1.13', '0', '437'],
      ['demo-v1', '1', '1.13', '37', '37'],
    ]);
    // When each was loaded, in the store's UTC, said so: without a zone it read as local time.
    const json = JSON.parse((await run('apps', '--db', db, '--json')).stdout) as Array<{ loadedAt: string }>;
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).at(-1))).toEqual(json.map((a) => `${a.loadedAt.slice(0, 16).replace('T', ' ')} UTC`));
    expect(json[0]!.loadedAt).toMatch(/Z$/);
  });

  it('removes an app, and says so when there is none of that name', async () => {
    const removed = await run('remove-audit', 'demo-v1', '--db', db);
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toBe(`Removed "demo-v1" and its 1 run from ${db}`);
    const again = await run('remove-audit', 'demo-v1', '--db', db);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(`apisnoop: no app named "demo-v1" in ${db} (apps: audit2rbac)`);
    // No store at all: the same error, on stderr (it was apps' "No apps yet: … Load one with …" on stdout, exit 2).
    const none = await run('remove-audit', 'demo-v1', '--db', path.join(dir, 'no-such.db'));
    expect(none).toMatchObject({ exitCode: 2, stdout: '', stderr: `apisnoop: no app named "demo-v1": ${path.join(dir, 'no-such.db')} does not exist` });
    expect(existsSync(path.join(dir, 'no-such.db'))).toBe(false);
  });

  it('uses $XDG_DATA_HOME/apisnoop/apisnoop.db when --db is not given', async () => {
    const none = await run('apps');
    expect(none.stdout).toBe(`No apps yet: ${path.join(dir, 'xdg/apisnoop/apisnoop.db')} does not exist. Load one with: apisnoop load-audit LOG --app NAME`);
    // --json: stdout is JSON alone (it was that line, then []), the note on stderr.
    const json = await run('apps', '--json');
    expect(json).toMatchObject({ exitCode: 0, stdout: '[]', stderr: none.stdout });
    expect(JSON.parse(json.stdout)).toEqual([]);
    await run('load-audit', LOG_V1, '--app', 'default-db', ...SPEC);
    expect(existsSync(path.join(dir, 'xdg/apisnoop/apisnoop.db'))).toBe(true);
    expect((await run('apps')).stdout).toMatch(/^default-db\s+1\s+1\.13\s+37/m);
  });

  it('refuses bad input with exit 2 and a message naming it', async () => {
    const stdin = await run('load-audit', '-', '--app', 'x', ...SPEC, '--db', db);
    expect(stdin.exitCode).toBe(2);
    expect(stdin.stderr).toMatch(/reads files, not stdin/);

    const missing = await run('load-audit', path.join(dir, 'nope.log'), '--app', 'x', ...SPEC, '--db', db);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(path.join(dir, 'nope.log'));

    const notAudit = path.join(dir, 'notes.txt');
    writeFileSync(notAudit, 'these are not audit events\n');
    const nothing = await run('load-audit', notAudit, '--app', 'x', ...SPEC, '--db', db);
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toMatch(/no audit events read from .*notes\.txt.*nothing stored/);

    // Nothing stored, nothing made: a store that was not there is not left behind empty (nor its directory).
    const unmade = path.join(dir, 'unmade', 'store.db');
    for (const logs of [['-'], [path.join(dir, 'nope.log')], [notAudit]]) {
      const refused = await run('load-audit', ...logs, '--app', 'x', ...SPEC, '--db', unmade);
      expect(refused.exitCode, logs.join()).toBe(2);
      expect(existsSync(path.dirname(unmade)), logs.join()).toBe(false);
    }

    const comma = await run('load-audit', LOG_V1, '--app', 'a,b', ...SPEC, '--db', db);
    expect(comma.exitCode).toBe(2);
    expect(comma.stderr).toMatch(/contains a comma/);

    const corrupt = path.join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'SQLite format 3\0 but then nonsense '.repeat(300));
    const apps = await run('apps', '--db', corrupt);
    expect(apps.exitCode).toBe(2);
    expect(apps.stderr).toMatch(new RegExp(`^apisnoop: ${corrupt.replace(/[.]/g, '\\.')} is not a readable APISnoop database \\(.+\\)\\. Move it away or choose another file with --db\\.$`));

    expect(await run('apps', '--json', '--db', db).then((r) => JSON.parse(r.stdout).map((a: AppSummary) => a.name))).toEqual(['audit2rbac']);
  });

  it.runIf(canMakeUnreadable)('takes a file found in a directory that cannot be opened as one invalid entry, as analyze does; replaces that run once it can be read; stops on it named', async () => {
    const logs = path.join(dir, 'unopened');
    mkdirSync(logs);
    copyFileSync(LOG_V1, path.join(logs, 'a.log'));
    const b = path.join(logs, 'b.log');
    const bData = readFileSync(LOG_2017, 'utf8').split('\n').slice(0, 60).join('\n') + '\n';
    makeUnreadable(b, bData);
    const store = path.join(dir, 'unopened.db');
    const stored = () => {
      const s = Store.open(store);
      try {
        const app = s.app('x')!;
        return { runs: app.runs.length, requests: app.report.summary.requests, invalid: app.report.invalid };
      } finally {
        s.close();
      }
    };
    const because = `read error at its start: ${b}: cannot read (EACCES); nothing of it was read, the other inputs count`;

    // It stopped the load with Node's bare "EACCES: permission denied, open …": the other log counts.
    const first = await run('load-audit', logs, '--app', 'x', ...SPEC.filter((a) => a !== '-q'), '--db', store);
    expect(first.stderr.split('\n')).toContain(`warning: ${b}:1: ${because}`);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Loaded "x": run 1, 37 requests, /);
    expect(stored()).toEqual({ runs: 1, requests: 37, invalid: [{ file: b, line: 1, message: because }] });

    // Named outright, it stops the load as it stops analyze's run, naming the file.
    const named = await run('load-audit', b, '--app', 'x', ...SPEC, '--db', store);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toBe(`apisnoop: ${b}: cannot read (EACCES)`);
    const analyzed = await run('analyze', b, ...SPEC, '-o', path.join(dir, 'unopened-report'));
    expect(analyzed.exitCode).toBe(2);
    expect(analyzed.stderr).toBe(named.stderr);

    // Readable now: the same logs, read whole. They replace the run that lacked one (another run would count a.log's
    // requests twice), and hold what a first load of them holds.
    unlinkSync(b);
    writeFileSync(b, bData);
    const readable = await run('load-audit', logs, '--app', 'x', ...SPEC, '--db', store);
    expect(readable.exitCode).toBe(0);
    expect(readable.stdout).toMatch(/^Already loaded: "x" has these logs \(sha256 [0-9a-f]{12}…\) as run 1 since \S+; replaced that run with the new analysis/);
    const fresh = await run('load-audit', logs, '--app', 'fresh', ...SPEC, '--db', path.join(dir, 'unopened-fresh.db'));
    const whole = /^Loaded "fresh": run 1, (\d+) requests/.exec(fresh.stdout);
    expect(Number(whole?.[1])).toBeGreaterThan(37);
    expect(stored()).toEqual({ runs: 1, requests: Number(whole?.[1]), invalid: [] });
  });

  it('has --help for every command', async () => {
    for (const [cmd, option] of [
      ['load-audit', '--app <name>'],
      ['apps', '--json'],
      ['remove-audit', '--db <file>'],
      ['serve', '--port <port>'],
    ]) {
      const help = await run(cmd, '--help');
      expect(help.exitCode).toBe(0);
      expect(help.stdout).toContain(`Usage: apisnoop ${cmd}`);
      expect(help.stdout).toContain(option);
    }
  });
});

  // The README says all four stop with this message on a Node without node:sqlite (the system's Node 20 running
  // dist/cli.js). Where no store exists yet, apps said "No apps yet: load one with load-audit" (exit 0), remove-audit
  // that there was no such app, serve the same before the message: a load that could not run either.
  it('on a Node without node:sqlite, every store command says it needs one, before looking for the store', async () => {
    const missing = path.join(dir, 'never-made.db');
    for (const args of [['apps'], ['apps', '--json'], ['remove-audit', 'x'], ['serve', '--port', '0'], ['load-audit', LOG_V1, '--app', 'x', ...SPEC]]) {
      // Node 24 without its node:sqlite is what an older Node looks like to the CLI.
      const r = await execa(process.execPath, ['--no-experimental-sqlite', CLI, ...args, '--db', missing], { reject: false, timeout: 20_000 });
      expect({ args, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({
        args,
        exitCode: 2,
        stdout: '',
        stderr: `apisnoop: the store needs Node.js 22.13 or later (node:sqlite); this is Node.js ${process.versions.node}`,
      });
    }
    expect(existsSync(missing)).toBe(false);
    // Help needs no store.
    expect((await execa(process.execPath, ['--no-experimental-sqlite', CLI, 'apps', '--help'], { reject: false })).exitCode).toBe(0);
  });

describe('apisnoop load-audit past the limit on requests in flight', () => {
  it('names analyze for a higher limit, as load-audit has no --max-in-flight', async () => {
    // 50,010 requests that opened (RequestReceived of demo-v1's first event, renamed), past the default limit of 50,000.
    const event = JSON.parse(readFileSync(LOG_V1, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    const file = path.join(dir, 'open-requests.log');
    const lines = Array.from({ length: 50_010 }, (_, i) => JSON.stringify({ ...event, auditID: `open-${i}`, stage: 'RequestReceived', responseStatus: undefined }));
    // The final stages of the ten counted early come after: dropped, which a higher limit would keep.
    const finals = Array.from({ length: 10 }, (_, i) => JSON.stringify({ ...event, auditID: `open-${i}` }));
    writeFileSync(file, [...lines, ...finals].join('\n') + '\n');
    const r = await run('load-audit', file, '--app', 'open', ...SPEC.filter((a) => a !== '-q'), '--db', path.join(dir, 'open.db'));
    expect(r.exitCode, r.stderr).toBe(0);
    const said = r.stderr.split('\n').filter((l) => l.includes('in flight'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (this command keeps the default)');
    expect(said[0]).not.toContain('a higher --max-in-flight');
  });
});

describe('what the store commands write and say', () => {
  /** The store's files as bytes: the database, and its -wal and -shm where SQLite keeps them. */
  const storeBytes = (file: string) => ['', '-wal', '-shm'].filter((end) => existsSync(file + end)).map((end) => readFileSync(file + end));

  it('apps and remove-audit write nothing into an empty file given as --db (they made it a 28 KB store in WAL), as serve does not', async () => {
    const notes = path.join(dir, 'empty-notes.txt');
    writeFileSync(notes, '');
    const apps = await run('apps', '--db', notes);
    expect(apps).toMatchObject({ exitCode: 0, stderr: '', stdout: `No apps in ${notes}. Load one with: apisnoop load-audit LOG --app NAME --db ${shellWord(notes)}` });
    expect(await run('apps', '--json', '--db', notes)).toMatchObject({ exitCode: 0, stdout: '[]' });
    expect(await run('remove-audit', 'x', '--db', notes)).toMatchObject({ exitCode: 2, stdout: '', stderr: `apisnoop: no app named "x" in ${notes}` });
    expect(readFileSync(notes)).toHaveLength(0);
    expect(['-wal', '-shm', '-journal'].filter((end) => existsSync(notes + end))).toEqual([]);
  });

  it('remove-audit leaves nothing of the app in the store\'s files, serve reading it or not (its report stayed in free pages and the WAL)', async () => {
    // sa1 makes 5 of demo-v1's requests: in the report of every user's, in none of bob's.
    const caller = 'system:serviceaccount:ns1:sa1';
    for (const running of [false, true]) {
      const file = path.join(dir, `removed-${running ? 'served' : 'alone'}.db`);
      expect((await run('load-audit', LOG_V1, '--app', 'kept', '--user', 'bob', ...SPEC, '--db', file)).exitCode).toBe(0);
      expect((await run('load-audit', LOG_V1, '--app', 'gone', ...SPEC, '--db', file)).exitCode).toBe(0);
      expect(storeBytes(file).some((b) => b.includes(caller))).toBe(true);
      // serve keeps a connection open: the WAL then outlives remove-audit's.
      const served = running ? await serve(file) : undefined;
      try {
        if (served) expect(((await (await fetch(`${served.url}api/apps`)).json()) as AppSummary[]).map((a) => a.name)).toEqual(['gone', 'kept']);
        expect((await run('remove-audit', 'gone', '--db', file)).stdout).toBe(`Removed "gone" and its 1 run from ${file}`);
        const bytes = storeBytes(file);
        expect(bytes.length).toBeGreaterThan(0);
        for (const b of bytes) expect(b.includes(caller), `running: ${running}`).toBe(false);
        if (served) expect(((await (await fetch(`${served.url}api/apps`)).json()) as AppSummary[]).map((a) => a.name)).toEqual(['kept']);
      } finally {
        served?.server.kill('SIGTERM');
        await served?.server;
      }
      expect((JSON.parse((await run('apps', '--json', '--db', file)).stdout) as AppSummary[]).map((a) => a.name)).toEqual(['kept']);
    }
  });

  it("load-audit replacing a run leaves nothing of the old report in the store's files, serve reading it or not (it stayed in free pages and the WAL)", async () => {
    // sa1 makes 5 of demo-v1's requests: in the report of every user's, in none of bob's.
    const caller = 'system:serviceaccount:ns1:sa1';
    for (const running of [false, true]) {
      const file = path.join(dir, `replaced-${running ? 'served' : 'alone'}.db`);
      expect((await run('load-audit', LOG_V1, '--app', 'a', ...SPEC, '--db', file)).exitCode).toBe(0);
      expect(storeBytes(file).some((b) => b.includes(caller))).toBe(true);
      const served = running ? await serve(file) : undefined;
      try {
        // The same logs, another selection: the run is replaced by bob's analysis, which has no sa1.
        const replaced = await run('load-audit', LOG_V1, '--app', 'a', '--user', 'bob', ...SPEC, '--db', file);
        expect(replaced.stdout).toContain('replaced that run with the new analysis');
        expect(replaced.stderr).toBe('');
        for (const b of storeBytes(file)) expect(b.includes(caller), `running: ${running}`).toBe(false);
      } finally {
        served?.server.kill('SIGTERM');
        await served?.server;
      }
      expect((JSON.parse((await run('apps', '--json', '--db', file)).stdout) as AppSummary[]).map((a) => [a.name, a.runs])).toEqual([['a', 1]]);
    }
  });

  it('load-audit says so when a reader holding the store open kept its WAL from being emptied after a replacement', async () => {
    const caller = 'system:serviceaccount:ns1:sa1';
    const file = path.join(dir, 'replaced-held.db');
    expect((await run('load-audit', LOG_V1, '--app', 'a', ...SPEC, '--db', file)).exitCode).toBe(0);
    const reader = new DatabaseSync(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM runs').get();
    try {
      // Without -q, which silences warnings.
      const replaced = await run('load-audit', LOG_V1, '--app', 'a', '--user', 'bob', ...SPEC.filter((a) => a !== '-q'), '--db', file);
      expect(replaced.stdout).toContain('replaced that run with the new analysis');
      expect(replaced.stderr.split('\n')).toContain(
        `warning: another process held ${file} open for reading throughout, so its write-ahead log could not be folded in: ` +
          `the store's files still hold what the runs it replaced said until every process using the store (serve too) has closed it, when SQLite folds the log in`,
      );
      expect(storeBytes(file).some((b) => b.includes(caller))).toBe(true);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    for (const b of storeBytes(file)) expect(b.includes(caller)).toBe(false);
  });

  it('remove-audit says so when a reader holding the store open all the while kept its WAL from being emptied', async () => {
    const caller = 'system:serviceaccount:ns1:sa1';
    const file = path.join(dir, 'removed-held.db');
    expect((await run('load-audit', LOG_V1, '--app', 'kept', '--user', 'bob', ...SPEC, '--db', file)).exitCode).toBe(0);
    expect((await run('load-audit', LOG_V1, '--app', 'gone', ...SPEC, '--db', file)).exitCode).toBe(0);
    // A reader in a transaction (an sqlite3 shell, a backup tool) past remove-audit's wait: SQLite's checkpoint says busy.
    const reader = new DatabaseSync(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM runs').get();
    try {
      const removed = await run('remove-audit', 'gone', '--db', file);
      expect(removed).toMatchObject({ exitCode: 0, stdout: `Removed "gone" and its 1 run from ${file}` });
      expect(removed.stderr).toBe(
        `apisnoop: warning: another process held ${file} open for reading throughout, so its write-ahead log could not be folded in: ` +
          `the store's files still hold what "gone"'s reports said until every process using the store (serve too) has closed it, when SQLite folds the log in`,
      );
      expect(storeBytes(file).some((b) => b.includes(caller))).toBe(true);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    // The last connection closed: SQLite folded the log in and deleted it; nothing of the app is left.
    for (const b of storeBytes(file)) expect(b.includes(caller)).toBe(false);
  });

  it('says the requests an app selected, as analyze does, beside those its logs held: each app of one log read all of it', async () => {
    const file = path.join(dir, 'selected.db');
    const summaryOf = async (log: string) => (JSON.parse((await run('analyze', log, '--user', 'bob', ...SPEC, '--format', 'json')).stdout) as Report).summary;
    const [v1, old] = [await summaryOf(LOG_V1), await summaryOf(LOG_2017)];
    expect(v1.selected).toBeLessThan(v1.requests);
    const loaded = await run('load-audit', LOG_V1, '--app', 'bob', '--user', 'bob', ...SPEC, '--db', file);
    expect(loaded.stdout).toMatch(new RegExp(`^Loaded "bob": run 1, ${v1.requests} requests, ${v1.selected} selected, \\d+ stable`));
    // Two runs add up, both counts.
    expect((await run('load-audit', LOG_2017, '--app', 'bob', '--user', 'bob', ...SPEC, '--db', file)).exitCode).toBe(0);
    const [app] = JSON.parse((await run('apps', '--json', '--db', file)).stdout) as AppSummary[];
    expect(app).toMatchObject({ runs: 2, requests: v1.requests + old.requests, selected: v1.selected + old.selected });
    const table = (await run('apps', '--db', file)).stdout.split('\n');
    expect(table[0]).toMatch(/^APP\s+RUNS\s+K8S\s+SELECTED\s+READ\s/);
    expect(table[1]!.split(/\s+/).slice(0, 5)).toEqual(['bob', '2', '1.13', String(v1.selected + old.selected), String(v1.requests + old.requests)]);
  });

  it('lists a damaged app with its runs and when it was loaded, and says the command that removes it from this store', async () => {
    const file = path.join(dir, 'damaged store.db');
    for (const app of ['ok', 'op']) expect((await run('load-audit', LOG_V1, '--app', app, ...SPEC, '--db', file)).exitCode).toBe(0);
    const stored = JSON.parse((await run('apps', '--json', '--db', file)).stdout) as AppSummary[];
    const db = new DatabaseSync(file);
    db.exec(`UPDATE runs SET report = '{"schemaVersion": 1, "trunc' WHERE app_id = (SELECT id FROM apps WHERE name = 'op')`);
    db.close();
    const listed = await run('apps', '--db', file);
    const row = listed.stdout.split('\n').find((l) => l.startsWith('op '))!.split(/\s{2,}/);
    const loadedAt = stored.find((a) => a.name === 'op')!.loadedAt;
    // It read RUNS 0 and LOADED " UTC".
    expect(row).toEqual(['op', '1', '1.13', '0', '0', '0', '0', '0', 'damaged', `${loadedAt.slice(0, 16).replace('T', ' ')} UTC`]);
    const remove = `apisnoop remove-audit op --db ${shellWord(file)}`;
    expect(listed.stderr).toMatch(new RegExp(`^warning: ${escapeRegExp(file)}: run 2 of app "op" holds unreadable JSON \\(.*\\); remove the app \\(${escapeRegExp(remove)}\\) and load it again\\.$`));
    // The command, run as said, removes it from this store.
    const removed = await execa('sh', ['-c', remove.replace(/^apisnoop/, `${shellWord(process.execPath)} ${shellWord(CLI)}`)], { reject: false });
    expect(removed.stdout).toBe(`Removed "op" and its 1 run from ${file}`);
  });
});

describe('apisnoop serve', () => {
  it('serves the store on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const { server, url } = await serve(db);
    try {
      const apps = (await (await fetch(`${url}api/apps`)).json()) as AppSummary[];
      expect(apps.map((a) => a.name)).toEqual(['audit2rbac']);
      const page = await fetch(url);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    } finally {
      server.kill('SIGTERM');
    }
    const done = await server;
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toMatch(/^APISnoop serving 1 app from .*store\.db at http:\/\/127\.0\.0\.1:\d+\/$/m);
  });

  it('on a database that does not exist, creates nothing and serves the empty page', async () => {
    const missing = path.join(dir, 'typo', 'dir', 'nothere.db');
    const { server, url } = await serve(missing);
    try {
      expect(await (await fetch(`${url}api/apps`)).json()).toEqual([]);
      expect(existsSync(path.join(dir, 'typo'))).toBe(false);
      // Its advice followed: the load goes to the --db it names, and the server serves it from then on.
      const loaded = await run('load-audit', LOG_V1, '--app', 'late', ...SPEC, '--db', missing);
      expect(loaded.exitCode).toBe(0);
      expect(((await (await fetch(`${url}api/apps`)).json()) as AppSummary[]).map((a) => a.name)).toEqual(['late']);
      expect(await (await fetch(url)).text()).toContain(`<meta name="apisnoop-db" content="${missing}">`);
    } finally {
      server.kill('SIGTERM');
    }
    const done = await server;
    expect(done.stdout.split('\n')).toEqual([
      `No apps yet: ${missing} does not exist (serve creates nothing). Load one with: apisnoop load-audit LOG --app NAME --db ${missing}, then reload the page.`,
      expect.stringMatching(/^APISnoop serving 0 apps from no database at http:/),
      `${missing} is there now: serving it`,
    ]);
  });

  it('rejects a port that is not a number', async () => {
    const bad = await run('serve', '--port', 'http', '--db', db);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--port http: not a port number/);
  });
});
