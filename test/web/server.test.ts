// The serve API over real HTTP on 127.0.0.1 (a free port), against a store of reports built from real data.
import dns from 'node:dns';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import type { AppDetail, AppSummary, Coverage } from '../../src/web/api.js';
import { coverageOf } from '../../src/web/coverage.js';
import { isLoopback } from '../../src/web/loopback.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { Store, storeWhenLoaded } from '../../src/web/store.js';
import { e2eReport, HOSTILE, operatorReport, repoRoot } from './fixtures.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: node:http sends the path exactly as given (fetch would normalise the dot segments away). */
function get(server: RunningServer, rawPath: string, opts: { method?: string; host?: string; address?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.address ?? '127.0.0.1', port: server.port, path: rawPath, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const json = <T>(r: Reply): T => JSON.parse(r.body) as T;

const operator = operatorReport();
const platform = operatorReport((e) => ['core', 'rbacAuthorization', 'networking'].includes(e.category));
const e2e = e2eReport();
const hex = (c: string) => c.repeat(64);

let dir: string;
let store: Store;
let server: RunningServer;
beforeAll(async () => {
  dir = scratchDir('serve');
  store = Store.open(path.join(dir, 'apisnoop.db'));
  store.addRun('operator', { report: operator, contentHash: hex('a'), inputs: ['/logs/operator.log'] });
  store.addRun('platform', { report: platform, contentHash: hex('b'), inputs: ['/logs/platform.log'] });
  store.addRun('e2e', { report: e2e, contentHash: hex('c'), inputs: ['/logs/e2e.log'] });
  store.addRun(HOSTILE.app, { report: operatorReport((e) => e.category === 'batch'), contentHash: hex('d'), inputs: [] });
  server = await startServer({ store, port: 0, log: () => undefined });
});
afterAll(async () => {
  await server?.close();
  store?.close();
});

describe('the JSON API', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('GET /api/apps lists every app with its figures, e2e last', async () => {
    const r = await get(server, '/api/apps');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const apps = json<AppSummary[]>(r);
    expect(apps.map((a) => a.name)).toEqual([HOSTILE.app, 'operator', 'platform', 'e2e']);
    const op = apps.find((a) => a.name === 'operator')!;
    expect(op).toMatchObject({
      runs: 1,
      e2e: false,
      requests: operator.summary.requests,
      operations: operator.summary.stable + operator.summary.beta + operator.summary.alpha,
      byLevel: { stable: operator.summary.stable, beta: operator.summary.beta, alpha: operator.summary.alpha },
    });
    expect(apps.find((a) => a.name === 'e2e')!.e2e).toBe(true);
  });

  it('GET /api/apps/:name gives the runs and the report', async () => {
    const r = await get(server, '/api/apps/platform');
    expect(r.status).toBe(200);
    const app = json<AppDetail>(r);
    expect(app.name).toBe('platform');
    expect(app.runs.map((run) => run.inputs)).toEqual([['/logs/platform.log']]);
    expect(app.report).toEqual(platform);
  });

  it('decodes app names from the path, markup and slashes included', async () => {
    const r = await get(server, `/api/apps/${encodeURIComponent(HOSTILE.app)}`);
    expect(r.status).toBe(200);
    expect(json<AppDetail>(r).name).toBe(HOSTILE.app);
  });

  it('answers an unknown app with a 404 naming it and the apps there are, without a stack trace', async () => {
    const r = await get(server, '/api/apps/nginx-ingress');
    expect(r.status).toBe(404);
    const body = json<{ error: string }>(r);
    expect(body.error).toBe(`no app named "nginx-ingress" (loaded: ${[HOSTILE.app, 'e2e', 'operator', 'platform'].sort().join(', ')})`);
    expect(r.body).not.toMatch(/\n\s+at /);
  });

  it('GET /api/coverage?apps=a,b puts the apps side by side', async () => {
    const r = await get(server, '/api/coverage?apps=operator,e2e');
    expect(r.status).toBe(200);
    const cov = json<Coverage>(r);
    expect(cov.apps.map((a) => a.name)).toEqual(['operator', 'e2e']);
    const ids = new Set([...operator.operations, ...e2e.operations].map((op) => op.operationId));
    expect(cov.rows).toHaveLength(ids.size);
    for (const op of operator.operations) {
      const row = cov.rows.find((x) => x.operationId === op.operationId)!;
      expect(row.hits.operator).toBe(op.hits);
      expect(row.hits.e2e).toBe(e2e.operations.find((o) => o.operationId === op.operationId)?.hits);
    }
    // Stable first, then beta, then alpha.
    const levels = cov.rows.map((x) => x.level);
    expect(levels.indexOf('beta')).toBeGreaterThan(levels.lastIndexOf('stable'));
    expect(levels.indexOf('alpha')).toBeGreaterThan(levels.lastIndexOf('beta'));
  });

  it('a coverage row carries why conformance leaves the operation out, from whichever app knows it', () => {
    const a = operatorReport();
    const b = operatorReport();
    const id = a.operations[0]!.operationId;
    // Only the second app was analyzed with the ineligible list (the first, say, with --conformance none).
    b.operations[0]!.conformanceIneligible = 'optional feature';
    const detail = (name: string, report: typeof a): AppDetail => ({ name, report, runs: [], summary: {} as AppSummary });
    const rows = coverageOf([detail('a', a), detail('b', b)]).rows;
    expect(rows.find((r) => r.operationId === id)!.conformanceIneligible).toBe('optional feature');
    expect(rows.filter((r) => r.conformanceIneligible !== null)).toHaveLength(1);
  });

  it('without ?apps, the coverage covers every app; an unknown app in the list is a 404', async () => {
    expect(json<Coverage>(await get(server, '/api/coverage')).apps).toHaveLength(4);
    const r = await get(server, '/api/coverage?apps=operator,nope');
    expect(r.status).toBe(404);
    expect(json<{ error: string }>(r).error).toMatch(/^no app named "nope"/);
  });

  // ?apps= was every app while ?apps=, was none, and of ?apps=a&apps=b only a was read.
  it('?apps= is a list however it is written: repeated, it adds up; empty, it names none', async () => {
    const names = async (query: string) => json<Coverage>(await get(server, `/api/coverage${query}`)).apps.map((a) => a.name);
    expect(await names('?apps=operator&apps=e2e')).toEqual(['operator', 'e2e']);
    expect(await names('?apps=operator,e2e&apps=platform&apps=operator')).toEqual(['operator', 'e2e', 'platform']);
    expect(await names('?apps=operator&apps=')).toEqual(['operator']);
    for (const none of ['?apps=', '?apps=,', '?apps=&apps=', '?apps=%20']) expect({ none, apps: await names(none) }).toEqual({ none, apps: [] });
    expect(json<Coverage>(await get(server, '/api/coverage?apps=')).rows).toEqual([]);
  });

  // The 400 meant for it was never reached: the path check before routing answered 404 "not found".
  it('a malformed percent-encoding in the path is a 400 naming it, not a 404', async () => {
    for (const [p, seg] of [
      ['/api/apps/%E0%A4%A', '%E0%A4%A'],
      ['/api/apps/50%', '50%'],
      ['/api/apps/%zz', '%zz'],
      ['/%E0', '%E0'],
    ]) {
      const r = await get(server, p!);
      expect({ p, status: r.status, body: json(r) }).toEqual({ p, status: 400, body: { error: `malformed percent-encoding in ${JSON.stringify(seg)}` } });
    }
  });

  it('unknown API paths and methods other than GET/HEAD are refused in JSON', async () => {
    const r = await get(server, '/api/runs');
    expect(r.status).toBe(404);
    expect(json<{ error: string }>(r).error).toMatch(/no such API path: \/api\/runs/);
    const post = await get(server, '/api/apps', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const del = await get(server, '/api/apps/operator', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(store.app('operator')).toBeDefined();
  });

  it('refuses requests addressed to another host (DNS rebinding)', async () => {
    const r = await get(server, '/api/apps', { host: 'attacker.example:80' });
    expect(r.status).toBe(403);
    expect((await get(server, '/api/apps', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('bound to another loopback address (127.0.0.2), still answers only requests addressed to loopback', async () => {
    // Linux routes all of 127.0.0.0/8 to lo: a real server on 127.0.0.2, which the check once let any Host reach.
    const other = await startServer({ store, host: '127.0.0.2', port: 0, log: () => undefined });
    try {
      const to = { address: '127.0.0.2' };
      for (const host of ['attacker.example', `attacker.example:${other.port}`, `127.0.0.2.nip.io:${other.port}`, `10.0.0.1:${other.port}`]) {
        const r = await get(other, '/api/apps', { ...to, host });
        expect(r.status, host).toBe(403);
        expect(r.body).not.toContain('operator');
      }
      for (const host of [`127.0.0.2:${other.port}`, `127.0.0.1:${other.port}`, `localhost:${other.port}`, `[::1]:${other.port}`]) {
        const r = await get(other, '/api/apps', { ...to, host });
        expect(r.status, host).toBe(200);
        expect(json<AppSummary[]>(r).map((a) => a.name)).toContain('operator');
      }
    } finally {
      await other.close();
    }
  });

  it('takes all of 127.0.0.0/8, ::1 and localhost as loopback, and nothing else', () => {
    for (const h of ['localhost', 'LocalHost', '127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopback(h), h).toBe(true);
    }
    for (const h of ['', '0.0.0.0', '::', '128.0.0.1', '10.127.0.1', '127.0.0.1.nip.io', 'localhost.example', '::2', '[::2]', '::ffff:10.0.0.1', '127.1', '1270.0.0.1']) {
      expect(isLoopback(h), h).toBe(false);
    }
  });
});

describe('the page and its assets', () => {
  it('serves index.html, page.js and page.css with security headers', async () => {
    const index = await get(server, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<script src="page.js" defer></script>');
    expect(index.body).toContain('<link rel="stylesheet" href="page.css">');
    for (const p of ['/', '/page.js', '/page.css', '/api/apps', '/nope']) {
      const r = await get(server, p);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    const js = await get(server, '/page.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe(readFileSync(path.join(repoRoot, 'dist/page.js'), 'utf8'));
    expect((await get(server, '/page.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('reads no path outside the served assets', async () => {
    const pkg = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const attempts = [
      '/../package.json',
      '/../../etc/passwd',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/etc/passwd',
      '/page.js/../../package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..\\package.json',
      '/dist/page.js',
      '/src/web/server.ts',
      '/package.json',
      '/%00',
      '/api/apps/..%2f..%2fpackage.json',
      '/api/../package.json',
    ];
    for (const p of attempts) {
      const r = await get(server, p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('"name": "apisnoop"');
      expect(r.body, p).not.toContain('root:x:0');
      expect(r.body).not.toBe(pkg);
      expect(r.headers['content-type'], p).toBe('application/json; charset=utf-8');
    }
  });

  it('answers a request Node cannot parse as any error: JSON, security headers, and the connection closed (it was Node\'s bare answer)', async () => {
    /** Sends raw bytes and reads the whole answer, until the server closes the connection. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(bytes));
        let got = '';
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => (got += c));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
      });
    const parse = (answer: string) => {
      const [head, body] = answer.split('\r\n\r\n');
      const [status, ...lines] = head!.split('\r\n');
      return { status, headers: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)])), body: body! };
    };
    // Past Node's 16 KB of headers (a cookie jar grown too big), then a request line that is not HTTP.
    const cases: Array<[string, string]> = [
      [`GET /api/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'x'.repeat(20_000)}\r\n\r\n`, 'HTTP/1.1 431 Request Header Fields Too Large'],
      ['GET /api/apps\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 'HTTP/1.1 400 Bad Request'],
    ];
    const page = await get(server, '/');
    for (const [bytes, status] of cases) {
      const answer = parse(await raw(bytes));
      expect(answer.status).toBe(status);
      expect(answer.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', connection: 'close', 'content-length': String(Buffer.byteLength(answer.body)) });
      expect(Object.keys(json<{ error: string }>({ status: 0, headers: {}, body: answer.body }))).toEqual(['error']);
      for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) expect(answer.headers[h], h).toBe(page.headers[h]);
    }
    // The server goes on answering.
    expect((await get(server, '/api/apps')).status).toBe(200);
  });

  it('HEAD answers like GET without a body', async () => {
    const r = await get(server, '/page.js', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBeGreaterThan(10_000);
    expect(r.body).toBe('');
  });
});

describe('an empty or damaged store', () => {
  it('an empty database lists no apps and still serves the page', async () => {
    const empty = Store.open(path.join(dir, 'empty.db'));
    const s = await startServer({ store: empty, port: 0 });
    try {
      expect(json<unknown[]>(await get(s, '/api/apps'))).toEqual([]);
      expect((await get(s, '/')).status).toBe(200);
      const r = await get(s, '/api/apps/x');
      expect(r.status).toBe(404);
      expect(json<{ error: string }>(r).error).toBe('no app named "x" (the database is empty: load one with apisnoop load-audit LOG --app NAME)');
    } finally {
      await s.close();
      empty.close();
    }
  });

  it('an empty database named with --db: the command an unknown app is answered with names it, as the page does', async () => {
    const empty = Store.open(path.join(dir, 'empty-db.db'));
    const s = await startServer({ store: empty, port: 0, db: "/data/it's here.db" });
    try {
      const r = await get(s, '/api/apps/x');
      expect(r.status).toBe(404);
      expect(json<{ error: string }>(r).error).toBe(`no app named "x" (the database is empty: load one with apisnoop load-audit LOG --app NAME --db '/data/it'\\''s here.db')`);
    } finally {
      await s.close();
      empty.close();
    }
  });

  it('started before its store exists, serves it from the first request after a load has made it, creating nothing', async () => {
    const file = path.join(dir, 'later', 'apisnoop.db');
    const found: string[] = [];
    const later = storeWhenLoaded(file, (st) => found.push(st.file));
    const s = await startServer({ store: () => later.current(), port: 0, db: file });
    try {
      expect(json<unknown[]>(await get(s, '/api/apps'))).toEqual([]);
      expect(existsSync(path.dirname(file))).toBe(false);
      // A file a load is still making (no tables yet): not yet the store, and left as it is.
      mkdirSync(path.dirname(file));
      writeFileSync(file, '');
      expect(json<unknown[]>(await get(s, '/api/apps'))).toEqual([]);
      expect(statSync(file).size).toBe(0);
      expect(found).toEqual([]);
      // What load-audit does: another connection makes the store and adds a run.
      const loader = Store.open(file);
      loader.addRun('operator', { report: operator, contentHash: hex('a'), inputs: ['/logs/operator.log'] });
      expect(json<AppSummary[]>(await get(s, '/api/apps')).map((a) => a.name)).toEqual(['operator']);
      expect(found).toEqual([file]);
      // From then on it is that store: later loads are seen as with a store there from the start.
      loader.addRun('platform', { report: platform, contentHash: hex('b'), inputs: ['/logs/platform.log'] });
      loader.close();
      expect(json<AppSummary[]>(await get(s, '/api/apps')).map((a) => a.name)).toEqual(['operator', 'platform']);
      expect(json<AppDetail>(await get(s, '/api/apps/platform')).summary.requests).toBe(platform.summary.requests);
      // The page names the store in its hint to load an app.
      expect((await get(s, '/')).body).toContain(`<meta name="apisnoop-db" content="${file}">`);
      expect(found).toHaveLength(1);
    } finally {
      await s.close();
      later.close();
    }
  });

  it('follows its file: a store removed is no longer served, a new one or one put back at that path is', async () => {
    const file = path.join(dir, 'followed', 'apisnoop.db');
    const first = Store.open(file);
    first.addRun('operator', { report: operator, contentHash: hex('a'), inputs: [] });
    first.close();
    const found: string[] = [];
    const followed = storeWhenLoaded(file, (st) => found.push(st.file));
    const s = await startServer({ store: () => followed.current(), port: 0, db: file });
    const names = async () => json<AppSummary[]>(await get(s, '/api/apps')).map((a) => a.name);
    const remove = () => ['', '-wal', '-shm'].forEach((end) => rmSync(file + end, { force: true }));
    try {
      expect(await names()).toEqual(['operator']);
      const backup = path.join(dir, 'followed', 'backup.db');
      const copy = new DatabaseSync(file);
      copy.exec(`VACUUM INTO '${backup}'`);
      copy.close();
      // Removed to start over: its connection read the removed file on (['operator'], for as long as serve ran).
      remove();
      expect(await names()).toEqual([]);
      const fresh = Store.open(file);
      fresh.addRun('platform', { report: platform, contentHash: hex('b'), inputs: [] });
      fresh.close();
      expect(await names()).toEqual(['platform']);
      // The backup put back.
      remove();
      copyFileSync(backup, file);
      expect(await names()).toEqual(['operator']);
      expect(found).toEqual([file, file, file]);
    } finally {
      await s.close();
      followed.close();
    }
  });

  it('a run damaged in the database gives a 500 that says which, with no stack trace; the list still lists every app', async () => {
    const file = path.join(dir, 'damaged.db');
    const s1 = Store.open(file);
    s1.addRun('op', { report: operator, contentHash: hex('e'), inputs: [] });
    s1.close();
    const db = new DatabaseSync(file);
    db.exec(`UPDATE runs SET report = '{"schemaVersion": 7}'`);
    db.close();
    const damaged = Store.open(file);
    damaged.addRun('ok', { report: operator, contentHash: hex('f'), inputs: [] });
    const logged: string[] = [];
    const s = await startServer({ store: damaged, port: 0, log: (m) => logged.push(m) });
    try {
      const r = await get(s, '/api/apps/op');
      expect(r.status).toBe(500);
      const message = `${file}: run 1 of app "op" has report schema 7, this apisnoop reads 1; remove the app (apisnoop remove-audit op --db ${file}) and load it again.`;
      expect(json<{ error: string }>(r).error).toBe(message);
      expect(r.body).not.toMatch(/\n\s+at |\.ts:\d+/);
      expect(logged).toHaveLength(1);
      // The list still answers: the intact app with its figures, the damaged one with its problem and none.
      const list = await get(s, '/api/apps');
      expect(list.status).toBe(200);
      const apps = json<AppSummary[]>(list);
      expect(apps.map((a) => [a.name, a.problem])).toEqual([
        ['ok', undefined],
        ['op', message],
      ]);
      expect(apps[0]!.operations).toBeGreaterThan(0);
      expect(apps[1]).toMatchObject({ runs: 1, operations: 0, hits: 0 });
      // The coverage of every app leaves it out; asked for by name, it is the 500 that names it.
      const all = await get(s, '/api/coverage');
      expect(all.status).toBe(200);
      expect(json<Coverage>(all).apps.map((a) => a.name)).toEqual(['ok']);
      expect((await get(s, '/api/coverage?apps=ok,op')).status).toBe(500);
    } finally {
      await s.close();
      damaged.close();
    }
  });

  it('says so when the port is taken', async () => {
    await expect(startServer({ store, port: server.port })).rejects.toThrow(`port ${server.port} on 127.0.0.1 is in use: choose another with --port`);
  });

  // A --host mistyped said Node's "getaddrinfo ENOTFOUND nosuchhost.invalid", "listen EADDRNOTAVAIL: address not available".
  it('says which --host cannot be listened on, and why', async () => {
    await expect(startServer({ store, port: 0, host: 'nosuchhost.invalid' })).rejects.toThrow(
      'cannot listen on nosuchhost.invalid: no such host; --host takes an address of this machine (127.0.0.1, ::1, 0.0.0.0) or a name of one',
    );
    // 192.0.2.1 (TEST-NET-1, RFC 5737): an address no machine has.
    await expect(startServer({ store, port: 0, host: '192.0.2.1' })).rejects.toThrow('cannot listen on 192.0.2.1: not an address of this machine; --host takes one of its addresses (127.0.0.1, ::1, 0.0.0.0)');
  });

  // A DNS that does not answer (a laptop offline) is getaddrinfo's EAI_AGAIN, which said "no such host" of a name that
  // may well exist. The resolver's answer is given as glibc gives it then: no test can take the DNS away.
  it('a --host whose name the DNS did not answer for is not said to be no such host', async () => {
    const lookup = vi.spyOn(dns, 'lookup').mockImplementation(((_host: string, ...rest: unknown[]) => {
      const callback = rest.at(-1) as (err: NodeJS.ErrnoException) => void;
      process.nextTick(() => callback(Object.assign(new Error('getaddrinfo EAI_AGAIN intranet.example'), { code: 'EAI_AGAIN', syscall: 'getaddrinfo', hostname: 'intranet.example' })));
    }) as unknown as typeof dns.lookup);
    try {
      const err = await startServer({ store, port: 0, host: 'intranet.example' }).then(
        () => null,
        (e: Error) => e,
      );
      expect(lookup).toHaveBeenCalled();
      expect(err?.message).toBe(
        'cannot listen on intranet.example: its name could not be looked up now (EAI_AGAIN: the DNS did not answer); give --host an address of this machine (127.0.0.1, ::1, 0.0.0.0), or try again',
      );
    } finally {
      lookup.mockRestore();
    }
  });
});
