import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  isLoopback
} from "./chunk-LNOX462X.js";
import {
  documentHtml,
  escapeHtml,
  pageAssets
} from "./chunk-Y6XTGB7K.js";
import {
  terminalText
} from "./chunk-DFFE3E7Q.js";
import {
  StoreError,
  loadAuditCommand
} from "./chunk-36MNQQ2N.js";
import {
  coverageOf
} from "./chunk-ZOHRZ7ZL.js";
import "./chunk-KXHPS7ST.js";
import "./chunk-SCAZIKRH.js";
import "./chunk-QJAYF2D5.js";
import "./chunk-IP4P774H.js";

// src/web/server.ts
import { createServer, maxHeaderSize, STATUS_CODES } from "node:http";

// src/web/unknown-app.ts
function unknownAppMessage(name, known, db) {
  return unknownAppsMessage([name], known, db);
}
function unknownAppsMessage(names, known, db) {
  return noneNamedMessage("app", names, known.length > 0 ? `loaded: ${known.join(", ")}` : `the database is empty: load one with ${loadAuditCommand("LOG --app NAME", db)}`);
}
function noneNamedMessage(thing, names, there) {
  return `no ${thing}${names.length === 1 ? "" : "s"} named ${names.map((n) => JSON.stringify(n)).join(", ")} (${there})`;
}

// src/web/server.ts
var SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin"
};
var HttpError = class extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  status;
};
function assetsOf(page, db) {
  const index = documentHtml({
    title: "APISnoop",
    // The --db the page's "load an app" hint must name: a load into the default store would not be seen here.
    head: `${db === void 0 ? "" : `<meta name="apisnoop-db" content="${escapeHtml(db)}">
`}<link rel="stylesheet" href="page.css">`,
    body: '<script src="page.js" defer></script>'
  });
  const html = { type: "text/html; charset=utf-8", body: Buffer.from(index) };
  return /* @__PURE__ */ new Map([
    ["/", html],
    ["/index.html", html],
    ["/page.js", { type: "text/javascript; charset=utf-8", body: Buffer.from(page.js) }],
    ["/page.css", { type: "text/css; charset=utf-8", body: Buffer.from(page.css) }]
  ]);
}
function createHandler(opts) {
  const given = opts.store;
  const current = typeof given === "function" ? given : () => given;
  const log = opts.log ?? ((m) => process.stderr.write(`${terminalText(m)}
`));
  const assets = assetsOf(opts.assets ?? pageAssets(), opts.db);
  const host = opts.host ?? "127.0.0.1";
  const checkHost = isLoopback(host);
  function app(store, name) {
    const found = store.app(name);
    if (!found) {
      throw new HttpError(404, unknownAppMessage(name, store.appNames(), opts.db));
    }
    return found;
  }
  function api(store, path, query) {
    if (path === "/api/apps") return store.apps();
    if (path.startsWith("/api/apps/")) {
      const raw = path.slice("/api/apps/".length);
      if (raw === "" || raw.includes("/")) throw new HttpError(404, `no such API path: ${path}`);
      return app(store, decodeURIComponent(raw));
    }
    if (path === "/api/coverage") {
      const lists = query.getAll("apps");
      const names = lists.length > 0 ? lists.flatMap((list) => list.split(",")).map((n) => n.trim()).filter(Boolean) : store.apps().filter((a) => a.problem === void 0).map((a) => a.name);
      return coverageOf([...new Set(names)].map((n) => app(store, n)));
    }
    throw new HttpError(404, `no such API path: ${path} (try /api/apps, /api/apps/NAME, /api/coverage?apps=a,b)`);
  }
  return (req, res) => {
    const send = (status, type, body, extra = {}) => {
      const buf = typeof body === "string" ? Buffer.from(body) : body;
      res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": String(buf.length), ...extra });
      res.end(req.method === "HEAD" ? void 0 : buf);
    };
    const json = (status, value) => send(status, "application/json; charset=utf-8", JSON.stringify(value), { "Cache-Control": "no-store" });
    const fail = (status, error) => json(status, { error });
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        send(405, "application/json; charset=utf-8", JSON.stringify({ error: `${req.method} is not allowed: this server is read-only` }), { Allow: "GET, HEAD" });
        return;
      }
      if (checkHost && !isLoopback(hostnameOf(req.headers.host))) {
        fail(403, "this server only answers requests addressed to localhost");
        return;
      }
      const rawUrl = req.url ?? "/";
      const q = rawUrl.indexOf("?");
      const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
      checkPath(path);
      if (path === "/api" || path.startsWith("/api/")) {
        json(200, api(current(), path, new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1))));
        return;
      }
      const asset = assets.get(path);
      if (!asset) {
        fail(404, `not found: ${path}`);
        return;
      }
      send(200, asset.type, asset.body, { "Cache-Control": "no-cache" });
    } catch (err) {
      if (err instanceof HttpError) {
        fail(err.status, err.message);
      } else if (err instanceof StoreError) {
        log(`apisnoop serve: ${err.message}`);
        fail(500, err.message);
      } else {
        log(`apisnoop serve: ${req.method} ${req.url}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        fail(500, "internal error; the server log has the details");
      }
    }
  };
}
function checkPath(path) {
  if (!path.startsWith("/")) throw new HttpError(404, "not found");
  for (const seg of path.split("/")) {
    let decoded;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw new HttpError(400, `malformed percent-encoding in ${JSON.stringify(seg)}`);
    }
    if (decoded === "." || decoded === ".." || /[\\\0]/.test(decoded) || decoded.includes("/..") || decoded.includes("../")) throw new HttpError(404, "not found");
  }
}
function hostnameOf(host) {
  if (!host) return "";
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.replace(/:\d+$/, "");
}
function answerClientError(err, socket) {
  const inFlight = socket._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, error] = err.code === "HPE_HEADER_OVERFLOW" ? [431, `the request's headers are over the ${maxHeaderSize / 1024} KB this server takes`] : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "the request took too long to arrive"] : [400, "malformed HTTP request"];
  const body = JSON.stringify({ error });
  const headers = { ...SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store", Connection: "close" };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join("\r\n");
  socket.end(`${head}\r
\r
${body}`, () => socket.destroy());
}
async function startServer(opts) {
  const host = opts.host ?? "127.0.0.1";
  const server = createServer(createHandler(opts));
  server.on("clientError", answerClientError);
  await new Promise((resolve, reject) => {
    server.once("error", (err) => {
      reject(
        err.code === "EADDRINUSE" ? new Error(`port ${opts.port ?? 9090} on ${host} is in use: choose another with --port`) : err.code === "EACCES" ? new Error(`not allowed to listen on ${host}:${opts.port ?? 9090}: choose a port above 1023 with --port`) : (
          // A --host mistyped: Node's words ("getaddrinfo ENOTFOUND", "listen EADDRNOTAVAIL") named no option.
          err.code === "ENOTFOUND" ? new Error(`cannot listen on ${host}: no such host; --host takes an address of this machine (127.0.0.1, ::1, 0.0.0.0) or a name of one`) : (
            // The DNS did not answer (offline, no resolver): the name may well exist, so not "no such host".
            err.code === "EAI_AGAIN" ? new Error(`cannot listen on ${host}: its name could not be looked up now (EAI_AGAIN: the DNS did not answer); give --host an address of this machine (127.0.0.1, ::1, 0.0.0.0), or try again`) : err.code === "EADDRNOTAVAIL" ? new Error(`cannot listen on ${host}: not an address of this machine; --host takes one of its addresses (127.0.0.1, ::1, 0.0.0.0)`) : err
          )
        )
      );
    });
    server.listen(opts.port ?? 9090, host, () => resolve());
  });
  const { port } = server.address();
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shown}:${port}/`,
    close: () => new Promise((resolve, reject) => {
      server.close((err) => err ? reject(err) : resolve());
      server.closeAllConnections();
    })
  };
}
export {
  createHandler,
  startServer
};
