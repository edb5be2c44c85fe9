// apisnoop serve: the page and a small read-only JSON API over the store, on node:http.
// Only three fixed assets are served (no file system lookups), so no request path can reach another file.
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiError, AppDetail } from './api.js';
import { pageAssets, type PageAssets } from './assets.js';
import { coverageOf } from './coverage.js';
import { isLoopback } from './loopback.js';
import { documentHtml, escapeHtml } from './shell.js';
import { StoreError, type Store } from './store.js';
import { terminalText } from '../terminal.js';
import { unknownAppMessage } from './unknown-app.js';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Asset {
  type: string;
  body: Buffer;
}

function assetsOf(page: PageAssets, db?: string): Map<string, Asset> {
  const index = documentHtml({
    title: 'APISnoop',
    // The --db the page's "load an app" hint must name: a load into the default store would not be seen here.
    head: `${db === undefined ? '' : `<meta name="apisnoop-db" content="${escapeHtml(db)}">\n`}<link rel="stylesheet" href="page.css">`,
    body: '<script src="page.js" defer></script>',
  });
  const html: Asset = { type: 'text/html; charset=utf-8', body: Buffer.from(index) };
  return new Map([
    ['/', html],
    ['/index.html', html],
    ['/page.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(page.js) }],
    ['/page.css', { type: 'text/css; charset=utf-8', body: Buffer.from(page.css) }],
  ]);
}

export interface ServerOptions {
  /** The store, or what gives it at each request (serve started before the store exists: an empty one until then). */
  store: Store | (() => Store);
  /** The --db serve was started with, when not the default: the page names it in the command that loads an app. */
  db?: string;
  host?: string;
  port?: number;
  /** Where to log server-side errors (never sent to the client). */
  log?: (message: string) => void;
  /** The built page; default: dist/page.js and dist/page.css. */
  assets?: PageAssets;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function createHandler(opts: ServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const given = opts.store;
  const current = typeof given === 'function' ? given : () => given;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${terminalText(m)}\n`));
  const assets = assetsOf(opts.assets ?? pageAssets(), opts.db);
  const host = opts.host ?? '127.0.0.1';
  // Bound to loopback (any of 127.0.0.0/8), a request naming another host is a DNS-rebinding page trying to read
  // the API: a name that resolves to the address is not enough, the Host header must name a loopback address.
  const checkHost = isLoopback(host);

  function app(store: Store, name: string): AppDetail {
    const found = store.app(name);
    if (!found) {
      throw new HttpError(404, unknownAppMessage(name, store.appNames(), opts.db));
    }
    return found;
  }

  function api(store: Store, path: string, query: URLSearchParams): unknown {
    if (path === '/api/apps') return store.apps();
    if (path.startsWith('/api/apps/')) {
      const raw = path.slice('/api/apps/'.length);
      if (raw === '' || raw.includes('/')) throw new HttpError(404, `no such API path: ${path}`);
      return app(store, decodeURIComponent(raw)); // checkPath has decoded it once
    }
    if (path === '/api/coverage') {
      // Every app without ?apps=: those that can be read (a damaged one is listed by /api/apps with its problem). A
      // list given is the list, repeated or not (?apps=a&apps=b as ?apps=a,b), and an empty one names none: ?apps=
      // was every app and ?apps=, none, and only the first of several apps= was read.
      const lists = query.getAll('apps');
      const names =
        lists.length > 0
          ? lists.flatMap((list) => list.split(',')).map((n) => n.trim()).filter(Boolean)
          : store.apps().filter((a) => a.problem === undefined).map((a) => a.name);
      return coverageOf([...new Set(names)].map((n) => app(store, n)));
    }
    throw new HttpError(404, `no such API path: ${path} (try /api/apps, /api/apps/NAME, /api/coverage?apps=a,b)`);
  }

  return (req, res) => {
    const send = (status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}) => {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(buf.length), ...extra });
      res.end(req.method === 'HEAD' ? undefined : buf);
    };
    const json = (status: number, value: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(value), { 'Cache-Control': 'no-store' });
    const fail = (status: number, error: string) => json(status, { error } satisfies ApiError);

    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(405, 'application/json; charset=utf-8', JSON.stringify({ error: `${req.method} is not allowed: this server is read-only` }), { Allow: 'GET, HEAD' });
        return;
      }
      if (checkHost && !isLoopback(hostnameOf(req.headers.host))) {
        fail(403, 'this server only answers requests addressed to localhost');
        return;
      }
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
      checkPath(path);
      if (path === '/api' || path.startsWith('/api/')) {
        json(200, api(current(), path, new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1))));
        return;
      }
      const asset = assets.get(path);
      if (!asset) {
        fail(404, `not found: ${path}`);
        return;
      }
      send(200, asset.type, asset.body, { 'Cache-Control': 'no-cache' });
    } catch (err) {
      if (err instanceof HttpError) {
        fail(err.status, err.message);
      } else if (err instanceof StoreError) {
        // The store names its file and what to do; that helps the person at the browser and leaks nothing else.
        log(`apisnoop serve: ${err.message}`);
        fail(500, err.message);
      } else {
        log(`apisnoop serve: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        fail(500, 'internal error; the server log has the details');
      }
    }
  };
}

/**
 * Refused before routing: a path with dot segments, raw or percent-encoded, backslashes or NULs (404, as any path
 * not served), and one whose percent-encoding does not decode (400, as the request is malformed: /api/apps/%E0 was
 * a 404 "not found", as if no app had the name).
 */
function checkPath(path: string): void {
  if (!path.startsWith('/')) throw new HttpError(404, 'not found');
  for (const seg of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw new HttpError(400, `malformed percent-encoding in ${JSON.stringify(seg)}`);
    }
    if (decoded === '.' || decoded === '..' || /[\\\0]/.test(decoded) || decoded.includes('/..') || decoded.includes('../')) throw new HttpError(404, 'not found');
  }
}

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}

/**
 * A request Node could not parse (headers over its 16 KB, a malformed request line) is answered as any error here: the
 * JSON body and the security headers. Node's own answer was a bare "400 Bad Request" with neither. Not where the
 * socket is gone or a response on it has begun: a second status line would corrupt that one.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, error] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, `the request's headers are over the ${maxHeaderSize / 1024} KB this server takes`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request took too long to arrive']
        : [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error } satisfies ApiError);
  const headers = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', Connection: 'close' };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  // Then closed, not only half-closed: a client that never closes its side held the socket for minutes.
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(createHandler(opts));
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${opts.port ?? 9090} on ${host} is in use: choose another with --port`)
          : err.code === 'EACCES'
            ? new Error(`not allowed to listen on ${host}:${opts.port ?? 9090}: choose a port above 1023 with --port`)
            : // A --host mistyped: Node's words ("getaddrinfo ENOTFOUND", "listen EADDRNOTAVAIL") named no option.
              err.code === 'ENOTFOUND'
              ? new Error(`cannot listen on ${host}: no such host; --host takes an address of this machine (127.0.0.1, ::1, 0.0.0.0) or a name of one`)
              : // The DNS did not answer (offline, no resolver): the name may well exist, so not "no such host".
                err.code === 'EAI_AGAIN'
                ? new Error(`cannot listen on ${host}: its name could not be looked up now (EAI_AGAIN: the DNS did not answer); give --host an address of this machine (127.0.0.1, ::1, 0.0.0.0), or try again`)
              : err.code === 'EADDRNOTAVAIL'
                ? new Error(`cannot listen on ${host}: not an address of this machine; --host takes one of its addresses (127.0.0.1, ::1, 0.0.0.0)`)
                : err,
      );
    });
    server.listen(opts.port ?? 9090, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
