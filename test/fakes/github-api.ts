// A small GitHub REST API on 127.0.0.1 for the Action's tests: issue comments (paginated with Link headers like
// api.github.com), GET /user, and the answers a read-only fork token gets. Server state is inspectable.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  status: number;
}

export interface FakeGitHubOptions {
  /** The token the API accepts. */
  token: string;
  /** Login of the token's user (a personal token); null = an Actions GITHUB_TOKEN, refused GET /user. */
  login: string | null;
  owner: string;
  repo: string;
}

/** A request as interleave() names it: what it is, and whose (the client's user agent, or the body it writes). */
export interface NamedRequest {
  method: string;
  path: string;
  userAgent: string;
  body: string | undefined;
}

const FORBIDDEN = { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' };

export class FakeGitHub {
  readonly comments = new Map<number, FakeComment[]>();
  readonly requests: RecordedRequest[] = [];
  /** Refuse comment writes with 403, as for a pull request from a fork. */
  forbidWrites = false;
  /** Answer writes with this status (a 502 of GitHub's front end, an expired token's 401): null for none. */
  failWrites: number | null = null;
  /** Requests never answered (an API that stopped answering): held open until stop(). null: none. */
  hang: ((r: NamedRequest) => boolean) | null = null;
  /** Pages of a comment listing whose body stalls after its headers and first byte, until stop(). null: none. */
  stallBody: ((page: number) => boolean) | null = null;
  /** Answer the requests it matches as GitHub's rate limits do: 'secondary' (403, its message) or 'primary' (x-ratelimit-remaining: 0). */
  rateLimit: { kind: 'primary' | 'secondary'; status: 403 | 429; matches: (r: NamedRequest) => boolean } | null = null;
  /** Called as each authorized request arrives, before it is answered: what the client had done by then. */
  onRequest: ((r: NamedRequest) => void) | null = null;
  private order: { script: string[]; name: (r: NamedRequest) => string } | null = null;
  private waiting: Array<() => void> = [];
  private server: Server | null = null;
  private nextId = 1000;
  private base = '';

  constructor(readonly options: FakeGitHubOptions) {}

  get author(): string {
    return this.options.login ?? 'github-actions[bot]';
  }

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: err.message }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /**
   * Answers the requests `script` names in its order, whatever their timing: one named further on is held until those
   * before it were answered; one it does not name (or no more) is answered at once. `name` says which a request is
   * ("A list"). For two clients racing (matrix legs), interleaved as the test needs. null: no order.
   */
  interleave(script: string[] | null, name: (r: NamedRequest) => string = () => ''): void {
    this.order = script ? { script: [...script], name } : null;
  }

  /** What of the script is still to come: [] once every request it names was answered. */
  get pending(): string[] {
    return this.order ? [...this.order.script] : [];
  }

  private async turn(r: NamedRequest): Promise<void> {
    const order = this.order;
    if (!order) return;
    const label = order.name(r);
    for (;;) {
      const at = order.script.indexOf(label);
      if (at === -1) return;
      if (at === 0) {
        order.script.shift();
        // Woken once this request is answered (the rest of handle() runs without a pause), so the next one sees its write.
        setImmediate(() => this.waiting.splice(0).forEach((wake) => wake()));
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Adds a comment as someone (another user, or the bot in an earlier run). */
  seed(issue: number, body: string, login: string, type: 'User' | 'Bot' = 'User'): FakeComment {
    const list = this.comments.get(issue) ?? [];
    const c = this.newComment(issue, body, login, type);
    list.push(c);
    this.comments.set(issue, list);
    return c;
  }

  private newComment(issue: number, body: string, login: string, type: 'User' | 'Bot'): FakeComment {
    const id = this.nextId++;
    const now = new Date(Date.UTC(2026, 0, 1, 0, 0, id - 1000)).toISOString();
    return {
      id,
      body,
      user: { login, type },
      html_url: `https://github.com/${this.options.owner}/${this.options.repo}/pull/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
  }

  private findComment(id: number): { issue: number; index: number } | null {
    for (const [issue, list] of this.comments) {
      const index = list.findIndex((c) => c.id === id);
      if (index !== -1) return { issue, index };
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body === null ? '' : JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {};

    if (req.headers.authorization !== `token ${this.options.token}`) {
      send(401, { message: 'Bad credentials' });
      return;
    }
    const named: NamedRequest = { method: req.method ?? 'GET', path: url.pathname, userAgent: req.headers['user-agent'] ?? '', body: payload.body };
    this.onRequest?.(named);
    if (this.hang?.(named)) {
      this.requests.push({ method: named.method, path: url.pathname + url.search, authorization: req.headers.authorization, status: 0 });
      return;
    }
    const limited = this.rateLimit?.matches(named) ? this.rateLimit : null;
    if (limited?.kind === 'secondary') {
      return send(limited.status, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest' }, { 'retry-after': '60' });
    }
    if (limited?.kind === 'primary') {
      return send(limited.status, { message: 'API rate limit exceeded for installation ID 1.', documentation_url: 'https://docs.github.com/rest' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767225600' });
    }
    await this.turn(named);
    const repoPrefix = `/repos/${this.options.owner}/${this.options.repo}`;
    const method = req.method ?? 'GET';

    if (method === 'GET' && url.pathname === '/user') {
      if (this.options.login === null) send(403, FORBIDDEN);
      else send(200, { login: this.options.login, id: 1, type: 'User' });
      return;
    }

    const list = new RegExp(`^${repoPrefix}/issues/(\\d+)/comments$`).exec(url.pathname);
    if (list) {
      const issue = Number(list[1]);
      if (method === 'GET') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = this.comments.get(issue) ?? [];
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string): string => {
          const u = new URL(url.pathname, this.base);
          u.searchParams.set('per_page', String(perPage));
          u.searchParams.set('page', String(p));
          return `<${u.href}>; rel="${rel}"`;
        };
        const links: string[] = [];
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        if (this.stallBody?.(page)) {
          this.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization, status: 200 });
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...(links.length ? { link: links.join(', ') } : {}) });
          res.write('[');
          return;
        }
        send(200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
        return;
      }
      if (method === 'POST') {
        if (this.forbidWrites) return send(403, FORBIDDEN);
        if (this.failWrites !== null) return send(this.failWrites, { message: 'Server Error' });
        if (typeof payload.body !== 'string') return send(422, { message: 'body is missing' });
        if (payload.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        const c = this.newComment(issue, payload.body, this.author, this.options.login ? 'User' : 'Bot');
        this.comments.set(issue, [...(this.comments.get(issue) ?? []), c]);
        send(201, c);
        return;
      }
    }

    const one = new RegExp(`^${repoPrefix}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (one) {
      const where = this.findComment(Number(one[1]));
      if (!where) return send(404, { message: 'Not Found' });
      const list = this.comments.get(where.issue)!;
      const c = list[where.index]!;
      if (method === 'PATCH' || method === 'DELETE') {
        if (this.forbidWrites) return send(403, FORBIDDEN);
        if (this.failWrites !== null) return send(this.failWrites, { message: 'Server Error' });
        if (c.user.login !== this.author) return send(403, { message: 'You cannot edit or delete comments of others' });
      }
      if (method === 'GET') {
        send(200, c);
        return;
      }
      if (method === 'PATCH') {
        if (typeof payload.body !== 'string') return send(422, { message: 'body is missing' });
        if (payload.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        c.body = payload.body;
        c.updated_at = new Date(Date.parse(c.updated_at) + 1000).toISOString();
        send(200, c);
        return;
      }
      if (method === 'DELETE') {
        list.splice(where.index, 1);
        send(204, null);
        return;
      }
    }
    send(404, { message: 'Not Found' });
  }
}
