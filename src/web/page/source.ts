// Where the page gets its data: embedded in report.html, or the serve JSON API. Both give the same shapes.
import type { AppDetail, AppSummary, Coverage, EmbeddedData } from '../api.js';
import { coverageOf } from '../coverage.js';

export interface DataSource {
  readonly title: string;
  readonly mode: 'embedded' | 'api';
  /** The store serve reads, when not the default: what a command that loads an app must name (--db). */
  readonly db?: string;
  apps(): Promise<AppSummary[]>;
  app(name: string): Promise<AppDetail>;
  coverage(names: string[]): Promise<Coverage>;
}

export class EmbeddedSource implements DataSource {
  readonly mode = 'embedded';
  readonly title: string;
  private readonly byName: Map<string, AppDetail>;

  constructor(private readonly data: EmbeddedData) {
    this.title = data.title;
    this.byName = new Map(data.apps.map((a) => [a.name, a]));
  }

  async apps(): Promise<AppSummary[]> {
    return this.data.apps.map((a) => a.summary);
  }

  async app(name: string): Promise<AppDetail> {
    const found = this.byName.get(name);
    if (!found) throw new Error(`No app named "${name}" in this report.`);
    return found;
  }

  async coverage(names: string[]): Promise<Coverage> {
    return coverageOf(names.map((n) => this.byName.get(n)).filter((a): a is AppDetail => a !== undefined));
  }
}

export class ApiSource implements DataSource {
  readonly mode = 'api';
  readonly title = 'APISnoop';

  /** base: the API root relative to the page, so a reverse proxy may mount serve under a prefix. */
  constructor(
    private readonly base = 'api/',
    readonly db?: string,
  ) {}

  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, { headers: { accept: 'application/json' } });
    } catch {
      throw new Error('The APISnoop server does not answer. Is `apisnoop serve` still running?');
    }
    const body = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
    if (!res.ok || body === null) throw new Error(body?.error ?? `The server answered ${res.status} ${res.statusText}.`);
    return body;
  }

  apps(): Promise<AppSummary[]> {
    return this.get('apps');
  }

  app(name: string): Promise<AppDetail> {
    return this.get(`apps/${encodeURIComponent(name)}`);
  }

  coverage(names: string[]): Promise<Coverage> {
    return this.get(`coverage?apps=${names.map(encodeURIComponent).join(',')}`);
  }
}

/** report.html carries its data in <script id="apisnoop-data" type="application/json">; served pages fetch it. */
export function dataSource(doc: Document): DataSource {
  const embedded = doc.getElementById('apisnoop-data');
  if (embedded?.textContent) return new EmbeddedSource(JSON.parse(embedded.textContent) as EmbeddedData);
  // serve names its --db in a meta element when it is not the default store.
  return new ApiSource('api/', doc.querySelector<HTMLMetaElement>('meta[name="apisnoop-db"]')?.content);
}
