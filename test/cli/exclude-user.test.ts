// --exclude-user and --exclude-serviceaccount: an identity that acts in the app's namespace without being the app (an
// admin, a CI bot, Argo CD or flux, a bootstrap job) is left out wherever it acts. On the real audit2rbac log, where
// the admin (system:admin) works in namespace default itself and impersonates alice, bob and ns1:sa1 there and in ns1.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { settingsFrom } from '../../src/cli/options.js';
import type { Report } from '../../src/engine/report.js';
import { Store } from '../../src/web/store.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, readLines, scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('cli-exclude-user');
const SPEC_113 = ['--spec', specPath('1.13'), '--conformance', 'none'];
const NAMESPACES = ['-n', 'default', '-n', 'ns1'];

interface RawEvent {
  auditID: string;
  user: { username: string };
  impersonatedUser?: { username: string };
  objectRef?: { namespace?: string };
}
// Each request (auditID, its stages merged) with the user it acted as and its object's namespace, read from the raw
// log here rather than by the engine.
const requests = new Map<string, { actedAs: string; namespace?: string }>();
for (const line of readLines(AUDIT2RBAC_2017)) {
  const e = JSON.parse(line) as RawEvent;
  requests.set(e.auditID, { actedAs: e.impersonatedUser?.username ?? e.user.username, namespace: e.objectRef?.namespace ?? requests.get(e.auditID)?.namespace });
}
const countOf = (user: (u: string) => boolean, inNamespaces?: string[]) =>
  [...requests.values()].filter((r) => user(r.actedAs) && (!inNamespaces || (r.namespace !== undefined && inNamespaces.includes(r.namespace)))).length;

const analyze = (...args: string[]) => runCli(['analyze', AUDIT2RBAC_2017, ...SPEC_113, ...args]);

describe('--exclude-user', () => {
  it("leaves the admin's requests out of the app's namespaces, counts them in summary.excluded and names them on report.md's selection line", async () => {
    const out = path.join(dir, 'admin-out');
    const [kept, left] = await Promise.all([analyze(...NAMESPACES, '--format', 'json', '-q'), analyze(...NAMESPACES, '--exclude-user', 'system:admin', '--out', out)]);
    expect(kept.exitCode, kept.stderr).toBe(0);
    expect(left.exitCode, left.stderr).toBe(0);
    const before = parseStdout<Report>(kept);
    const after = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    const admin = (u: string) => u === 'system:admin';
    const adminInNamespaces = countOf(admin, ['default', 'ns1']);
    // --namespace alone takes the admin's own requests in default as the app's.
    expect(adminInNamespaces).toBeGreaterThan(100);
    expect(before.selection.excludeUsers).toBeUndefined();
    expect(before.summary.excluded).toBeUndefined();
    expect(before.summary.selected).toBe(countOf(() => true, ['default', 'ns1']));
    // Left out, the other identities in those namespaces kept; counted, the requests it took out of the selection: those
    // in the namespaces, not the others it acted as (cluster-wide, elsewhere), which the selection never kept.
    expect(after.selection.excludeUsers).toEqual(['system:admin']);
    expect(after.summary.selected).toBe(before.summary.selected - adminInNamespaces);
    expect(after.summary.selected).toBe(countOf((u) => !admin(u), ['default', 'ns1']));
    expect(countOf(admin)).toBeGreaterThan(adminInNamespaces);
    expect(after.summary.excluded).toBe(adminInNamespaces);
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain(`Selected (any of): namespaces \`default\`, \`ns1\`. Left out wherever they act: user \`system:admin\` (${adminInNamespaces} requests).`);
    expect(left.stderr).not.toContain('warning');
  });

  it('with a selection that keeps nothing, the hint of who the log holds names the users it leaves out apart, not among those a filter could name', async () => {
    const r = await analyze('-n', 'nosuchns', '--exclude-user', 'system:admin');
    expect(r.exitCode, r.stderr).toBe(0);
    const admin = (u: string) => u === 'system:admin';
    const others = (u: string) => !admin(u);
    const as = (user: string) => countOf((u) => u === user);
    // system:admin sent every request, impersonating the others in some: only those are offered, with their user
    // agents and namespaces; its own (left out wherever they act, -n default would not keep them) are named apart.
    expect(r.stderr).toContain(
      `warning: the requests read are by users bob (${as('bob')}), system:serviceaccount:ns1:sa1 (${as('system:serviceaccount:ns1:sa1')}), alice (${as('alice')}); ` +
        `user agents (none) (${countOf(others)}); for objects in namespaces default (${countOf(others, ['default'])}), ns1 (${countOf(others, ['ns1'])}); ` +
        `and by users the selection leaves out on purpose, system:admin (${countOf(admin)})`,
    );
    expect(countOf(admin, ['default'])).toBeGreaterThan(100);
    // A wildcard's users too, each by name: here every one the log holds, so none is offered.
    const all = await analyze('-n', 'nosuchns', '--exclude-user', 'system:admin,*');
    expect(all.stderr).toContain(
      `warning: the requests read are by users the selection leaves out on purpose, system:admin (${countOf(admin)}), bob (${as('bob')}), system:serviceaccount:ns1:sa1 (${as('system:serviceaccount:ns1:sa1')}), alice (${as('alice')})\n`,
    );
  });

  it('takes * wildcards and several users, comma-separated or repeated; a service account by its user name or with --exclude-serviceaccount ns:name or ns:*', async () => {
    const run = async (...args: string[]) => {
      const r = await analyze('-n', 'default', ...args, '--format', 'json', '-q');
      expect(r.exitCode, r.stderr).toBe(0);
      return parseStdout<Report>(r);
    };
    const [wild, both, repeated, saUser, saOption, saAll] = await Promise.all([
      run('--exclude-user', 'system:ad*'),
      run('--exclude-user', 'system:admin, bob'),
      run('--exclude-user', 'system:admin', '--exclude-user', 'bob'),
      run('--exclude-user', 'system:serviceaccount:ns1:sa1'),
      run('--exclude-serviceaccount', 'ns1:sa1'),
      run('--exclude-serviceaccount', 'ns1:*'),
    ]);
    const admin = (u: string) => u === 'system:admin';
    expect(wild.summary).toMatchObject({ selected: countOf((u) => !admin(u), ['default']), excluded: countOf(admin, ['default']) });
    expect(wild.selection.excludeUsers).toEqual(['system:ad*']);
    const adminOrBob = (u: string) => admin(u) || u === 'bob';
    for (const r of [both, repeated]) {
      expect(r.selection.excludeUsers).toEqual(['system:admin', 'bob']);
      expect(r.summary).toMatchObject({ selected: countOf((u) => !adminOrBob(u), ['default']), excluded: countOf(adminOrBob, ['default']) });
    }
    // bob acts in default 4 times of his 29: those are what leaving him out took from -n default.
    const bob = await run('--exclude-user', 'bob');
    expect([countOf((u) => u === 'bob', ['default']), countOf((u) => u === 'bob')]).toEqual([4, 29]);
    expect(bob.summary).toMatchObject({ selected: countOf((u) => u !== 'bob', ['default']), excluded: 4 });
    const sa1 = (u: string) => u === 'system:serviceaccount:ns1:sa1';
    // sa1 acts in default too (impersonated by the admin): selected by -n default unless left out.
    expect(countOf(sa1, ['default'])).toBeGreaterThan(0);
    for (const r of [saUser, saOption, saAll]) expect(r.summary).toMatchObject({ selected: countOf((u) => !sa1(u), ['default']), excluded: countOf(sa1, ['default']) });
    expect(saOption.selection.excludeUsers).toEqual(['system:serviceaccount:ns1:sa1']);
    expect(saAll.selection.excludeUsers).toEqual(['system:serviceaccount:ns1:*']);
  });

  it('-j 2 gives the same report, and so do worker threads reading the log in parts with the same options', async () => {
    const [one, two] = await Promise.all([
      analyze(...NAMESPACES, '--exclude-user', 'system:admin', '--format', 'json', '-q', '-j', '1'),
      analyze(...NAMESPACES, '--exclude-user', 'system:admin', '--format', 'json', '-q', '-j', '2'),
    ]);
    expect(two.exitCode, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // A log this small is read on one thread whatever -j says: the engine is made to split it, from the CLI's settings
    // (its analyze tells its inputs, for merge).
    const o = { namespace: ['default', 'ns1'], excludeUser: ['system:admin'], spec: specPath('1.13'), conformance: 'none' };
    const threads: number[] = [];
    const parallel = await analyzeLogs({ ...settingsFrom([AUDIT2RBAC_2017], o), identifyInputs: true, jobs: 2, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
    // Split: worker threads beside this one.
    expect(threads).toHaveLength(1);
    expect(threads[0]).toBeGreaterThan(0);
    expect(parallel.summary).toMatchObject({ excluded: countOf((u) => u === 'system:admin', ['default', 'ns1']) });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(parseStdout<Report>(one)));
  });

  it('warns when it matches an identity --user or --serviceaccount names whole, which is kept all the same', async () => {
    const [user, sa, wildUser] = await Promise.all([
      analyze('--user', 'alice', '--exclude-user', 'al*', '--format', 'json'),
      analyze('--serviceaccount', 'ns1:sa1', '--exclude-serviceaccount', 'ns1:*', '--format', 'json'),
      // A --user pattern is no name given whole: the exclusion takes alice out of it, as asked, without a warning.
      analyze('--user', 'a*', '--exclude-user', 'alice', '-n', 'ns1', '--format', 'json'),
    ]);
    expect(user.stderr).toContain("warning: --exclude-user al* leaves out none of alice's requests: --user alice names it whole, and a name given whole is kept; drop one of the two");
    expect(parseStdout<Report>(user).summary.selected).toBe(countOf((u) => u === 'alice'));
    expect(sa.stderr).toContain(
      "warning: --exclude-serviceaccount ns1:* leaves out none of system:serviceaccount:ns1:sa1's requests: --serviceaccount ns1:sa1 names it whole, and a name given whole is kept; drop one of the two",
    );
    expect(parseStdout<Report>(sa).summary.selected).toBe(countOf((u) => u === 'system:serviceaccount:ns1:sa1'));
    expect(wildUser.stderr).not.toContain('warning: --exclude-user');
    expect(parseStdout<Report>(wildUser).summary.selected).toBe(countOf((u) => u !== 'alice', ['ns1']));
  });

  it('is refused with --e2e (the e2e framework is selected whoever it acts as), in analyze and load-audit, leaving no store behind', async () => {
    const db = path.join(dir, 'never.db');
    const [a, s, load, loadNs] = await Promise.all([
      analyze('--e2e', '--exclude-user', 'system:admin', '--format', 'json'),
      analyze('--e2e', '--exclude-serviceaccount', 'ns1:sa1', '--format', 'json'),
      runCli(['load-audit', AUDIT2RBAC_2017, '--app', 'x', ...SPEC_113, '--db', db, '--e2e', '--exclude-user', 'system:admin']),
      // Refused after the store was made, before: an empty store file was left behind.
      runCli(['load-audit', AUDIT2RBAC_2017, '--app', 'x', ...SPEC_113, '--db', db, '--e2e', '--namespace', 'ns1']),
    ]);
    for (const [r, option] of [[a, '--exclude-user'], [s, '--exclude-serviceaccount'], [load, '--exclude-user'], [loadNs, '--namespace']] as const) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`--e2e selects the e2e framework's requests and takes no other filter (${option} given)`);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(db)).toBe(false);
  });

  it('a service account not of the form ns:name is refused naming the option', async () => {
    const [r, kept, rbac] = await Promise.all([
      analyze('--exclude-serviceaccount', 'sa1', '--format', 'json'),
      analyze('--serviceaccount', 'shop:app,ns1', '--format', 'json'),
      analyze('--rbac-serviceaccount', 'ns1', '--format', 'json'),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('apisnoop: --exclude-serviceaccount sa1: service account "sa1" is not of the form namespace:name');
    expect(r.stdout).toBe('');
    // --serviceaccount too: the engine's refusal named neither option.
    expect(kept.exitCode).toBe(2);
    expect(kept.stderr).toContain('apisnoop: --serviceaccount ns1: service account "ns1" is not of the form namespace:name');
    expect(kept.stdout).toBe('');
    expect(rbac.exitCode).toBe(2);
    expect(rbac.stderr).toContain('apisnoop: --rbac-serviceaccount ns1: service account "ns1" is not of the form namespace:name');
    expect(rbac.stdout).toBe('');
  });

  it('the full system:serviceaccount: form is refused as the short one is when it is not namespace:name', async () => {
    const [exclude, kept, extra] = await Promise.all([
      analyze('--exclude-serviceaccount', 'system:serviceaccount:ns1', '--format', 'json'),
      analyze('--serviceaccount', 'system:serviceaccount:ns1', '--format', 'json'),
      analyze('--serviceaccount', 'system:serviceaccount:ns1:sa1:extra', '--format', 'json'),
    ]);
    expect(exclude.exitCode).toBe(2);
    expect(exclude.stderr).toContain('apisnoop: --exclude-serviceaccount system:serviceaccount:ns1: service account "system:serviceaccount:ns1" is not of the form namespace:name');
    expect(exclude.stdout).toBe('');
    expect(kept.exitCode).toBe(2);
    expect(kept.stderr).toContain('apisnoop: --serviceaccount system:serviceaccount:ns1: service account "system:serviceaccount:ns1" is not of the form namespace:name');
    expect(extra.exitCode).toBe(2);
    expect(extra.stderr).toContain('service account "system:serviceaccount:ns1:sa1:extra" is not of the form namespace:name');
  });

  it('load-audit stores the run with the users left out and their count, as analyze reports them', async () => {
    const db = path.join(dir, 'store.db');
    const [load, analyzed] = await Promise.all([
      runCli(['load-audit', AUDIT2RBAC_2017, '--app', 'shop', ...SPEC_113, '--db', db, ...NAMESPACES, '--exclude-user', 'system:admin']),
      analyze(...NAMESPACES, '--exclude-user', 'system:admin', '--format', 'json', '-q'),
    ]);
    expect(load.exitCode, load.stderr).toBe(0);
    const store = Store.open(db);
    try {
      const stored = store.app('shop')!.report;
      expect(stored.selection.excludeUsers).toEqual(['system:admin']);
      expect(stored.summary).toMatchObject({ excluded: countOf((u) => u === 'system:admin', ['default', 'ns1']), selected: parseStdout<Report>(analyzed).summary.selected });
    } finally {
      store.close();
    }
  });

  it('merge names the users left out: summed when the reports select alike, in the notice of their filters when they differ', async () => {
    const run = (log: string, name: string, ...filters: string[]) => runCli(['analyze', log, ...SPEC_113, '-n', 'default', ...filters, '--name', name, '--out', path.join(dir, name), '-q']);
    const ran = await Promise.all([
      run(AUDIT2RBAC_2017, 'left-2017', '--exclude-user', 'system:admin'),
      run(AUDIT2RBAC_V1, 'left-v1', '--exclude-user', 'system:admin'),
      run(AUDIT2RBAC_V1, 'kept-v1'),
    ]);
    for (const r of ran) expect(r.exitCode, r.stderr).toBe(0);
    const report = (name: string) => path.join(dir, name, 'report.json');
    const excluded = (name: string) => (JSON.parse(readFileSync(report(name), 'utf8')) as Report).summary.excluded!;
    const [alike, unlike] = await Promise.all([
      runCli(['merge', report('left-2017'), report('left-v1'), '-o', path.join(dir, 'alike'), '-q']),
      runCli(['merge', report('left-2017'), report('kept-v1'), '-o', path.join(dir, 'unlike'), '-q']),
    ]);
    expect(alike.exitCode, alike.stderr).toBe(0);
    expect(excluded('left-2017')).toBe(countOf((u) => u === 'system:admin', ['default']));
    const sum = excluded('left-2017') + excluded('left-v1');
    // As one analysis of both logs counts them.
    const both = await runCli(['analyze', AUDIT2RBAC_2017, AUDIT2RBAC_V1, ...SPEC_113, '-n', 'default', '--exclude-user', 'system:admin', '--format', 'json', '-q']);
    expect(parseStdout<Report>(both).summary.excluded).toBe(sum);
    expect(readFileSync(path.join(dir, 'alike', 'report.md'), 'utf8')).toContain(`Selected (any of): namespace \`default\`. Left out wherever they act: user \`system:admin\` (${sum} requests).`);
    expect(unlike.exitCode, unlike.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'unlike', 'report.md'), 'utf8');
    // The filters by their text, whatever the order of the reports.
    expect(md).toContain('the reports select requests differently \\(namespace default; namespace default, not user system:admin\\)');
    expect((JSON.parse(readFileSync(path.join(dir, 'unlike', 'report.json'), 'utf8')) as Report).selection.excludeUsers).toEqual(['system:admin']);
  });
});
