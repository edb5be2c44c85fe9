// The page: an app list, then one of three views (an app, the comparison, the conformance view), chosen by
// the URL hash so views can be linked and the back button works. Data comes embedded (report.html) or
// from the serve API.
import { visibleBidi } from '../../render/markdown-cells.js';
import type { AppSummary } from '../api.js';
import { loadAuditCommand } from '../command-line.js';
import { noneNamedMessage, unknownAppMessage, unknownAppsMessage } from '../unknown-app.js';
import { appView } from './app-view.js';
import { compareView } from './compare-view.js';
import { clear, e2eTag, h } from './dom.js';
import { e2eView } from './e2e-view.js';
import { counted, LEVEL_ORDER } from './format.js';
import { dataSource, type DataSource } from './source.js';

// e2e: the run named, null for the first (by name) of those loaded.
type Route = { view: 'app'; name: string } | { view: 'compare'; names: string[] | null } | { view: 'e2e'; name: string | null } | { view: 'home' };

function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const view = slash === -1 ? path : path.slice(0, slash);
  // null: no argument at all ("#compare", every app); '': an empty one ("#compare/", none chosen).
  const arg = slash === -1 ? null : path.slice(slash + 1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (view === 'app' && arg) return { view: 'app', name: decode(arg) };
  if (view === 'compare') return { view: 'compare', names: arg === null ? null : arg === '' ? [] : arg.split(',').map(decode) };
  if (view === 'e2e') return { view: 'e2e', name: arg ? decode(arg) : null };
  return { view: 'home' };
}

function href(route: Route): string {
  switch (route.view) {
    case 'app':
      return `#app/${encodeURIComponent(route.name)}`;
    case 'compare':
      return route.names ? `#compare/${route.names.map(encodeURIComponent).join(',')}` : '#compare';
    case 'e2e':
      return route.name === null ? '#e2e' : `#e2e/${encodeURIComponent(route.name)}`;
    default:
      return '#';
  }
}

class Page {
  private apps: AppSummary[] = [];
  /** Navigations so far: each route() paints only if no later one started meanwhile. */
  private turns = 0;
  private readonly list = h('ul', { class: 'app-list' });
  private readonly main = h('main', { id: 'main', class: 'content', tabindex: '-1' });
  private readonly tabs = h('nav', { class: 'tabs', 'aria-label': 'Views' });
  private readonly subtitle = h('span', { class: 'subtitle' });
  /**
   * What a view drawn anew by a control outside it shows (an app of the list, a box of Compare's picker, which draws
   * Compare again): the view's own live regions go with it, and a region new to the page is not heard. This one stays.
   */
  private readonly said = h('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'page-status' });

  constructor(private readonly source: DataSource, private readonly root: HTMLElement) {}

  async start(): Promise<void> {
    clear(this.root);
    this.root.append(
      h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
      h(
        'header',
        { class: 'topbar' },
        // The page's one h1; each view's title is an h2 under it.
        h('h1', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'APISnoop'),
        this.subtitle,
        this.tabs,
        this.said,
      ),
      h('div', { class: 'layout' }, h('nav', { class: 'sidebar', 'aria-label': 'Apps' }, h('h2', {}, 'Apps'), this.list), this.main),
    );
    // The title names the app: its bidi controls written out, as h() does in the view (it would reorder the bar).
    this.subtitle.textContent = this.source.title === 'APISnoop' ? 'Kubernetes API usage' : visibleBidi(this.source.title);
    // The skip link must not change the route.
    this.root.querySelector('.skip')!.addEventListener('click', (e) => {
      e.preventDefault();
      this.main.focus();
    });
    window.addEventListener('hashchange', () => void this.route(true));
    try {
      this.apps = await this.source.apps();
    } catch (err) {
      this.fail(err);
      return;
    }
    this.paintList();
    await this.route(false);
  }

  /** The apps whose runs can be read: what the default views show. */
  private readable(): AppSummary[] {
    return this.apps.filter((a) => a.problem === undefined);
  }

  private paintList(): void {
    // An app's link that had the focus is made again: the new one takes it.
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.list.contains(active) ? active.dataset.app : undefined;
    this.paintItems();
    if (focused !== undefined) this.list.querySelector<HTMLElement>(`a[data-app="${CSS.escape(focused)}"]`)?.focus();
  }

  private paintItems(): void {
    clear(this.list);
    for (const app of this.apps) {
      if (app.problem !== undefined) {
        // A damaged app is listed, not hidden; opening it shows the store's message.
        this.list.append(
          h(
            'li',
            {},
            h(
              'a',
              { class: 'app-item damaged', href: href({ view: 'app', name: app.name }), 'data-app': app.name, title: app.problem },
              h('span', { class: 'app-name' }, app.name),
              h('span', { class: 'app-meta' }, 'cannot be read'),
            ),
          ),
        );
        continue;
      }
      const total = app.byLevel.stable + app.byLevel.beta + app.byLevel.alpha;
      const mini = h('span', { class: 'levelbar mini', 'aria-hidden': 'true' });
      for (const level of Object.keys(LEVEL_ORDER) as Array<keyof typeof LEVEL_ORDER>) {
        if (app.byLevel[level] === 0) continue;
        const seg = h('span', { class: `lvl-${level}` });
        seg.style.flexGrow = String(app.byLevel[level]);
        mini.append(seg);
      }
      this.list.append(
        h(
          'li',
          {},
          h(
            'a',
            { class: 'app-item', href: href({ view: 'app', name: app.name }), 'data-app': app.name },
            h('span', { class: 'app-name' }, app.name, e2eTag(app.name, app.e2e)),
            h('span', { class: 'app-meta' }, `${counted(total, 'endpoint')} · ${counted(app.hits, 'hit')}`),
            mini,
          ),
        ),
      );
    }
    if (this.apps.length === 0) this.list.append(h('li', { class: 'none' }, 'No apps yet.'));
  }

  private paintTabs(route: Route): void {
    // The tab just used is made again: the focus goes to the new one, not back to the start of the page.
    const used = this.tabs.contains(document.activeElement);
    clear(this.tabs);
    const tab = (target: Route, text: string, active: boolean) =>
      h('a', { class: `tab${active ? ' active' : ''}`, href: href(target), 'aria-current': active ? 'page' : null }, text);
    const apps = this.readable();
    const first = apps.find((a) => !a.e2e) ?? apps[0];
    if (first) this.tabs.append(tab(route.view === 'app' ? route : { view: 'app', name: first.name }, 'App', route.view === 'app'));
    if (apps.length > 1) this.tabs.append(tab({ view: 'compare', names: null }, 'Compare', route.view === 'compare'));
    if (apps.some((a) => a.e2e)) this.tabs.append(tab(route.view === 'e2e' ? route : { view: 'e2e', name: null }, 'Conformance', route.view === 'e2e'));
    if (used) this.tabs.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
  }

  /** `refresh`: ask serve for its apps again (not just asked, at the start). */
  private async route(refresh: boolean): Promise<void> {
    // A later navigation wins: the answer for a view the user has already left is dropped, not painted over it.
    const turn = ++this.turns;
    // serve's store changes while the page is open (load-audit, remove-audit in another terminal): the apps are asked
    // for again, so that a view does not ask for an app removed since ("no app named …" in Compare and Conformance)
    // nor leave out one loaded. report.html's never change.
    if (refresh && this.source.mode === 'api') {
      // Loading from now: the view shown is no longer the one asked for.
      this.main.dataset.state = 'loading';
      let apps: AppSummary[];
      try {
        apps = await this.source.apps();
      } catch (err) {
        if (turn === this.turns) this.fail(err);
        return;
      }
      if (turn !== this.turns) return;
      if (JSON.stringify(apps) !== JSON.stringify(this.apps)) {
        this.apps = apps;
        this.paintList();
      }
    }
    let route = parseRoute(location.hash);
    if (route.view === 'home') {
      const first = this.readable().find((a) => !a.e2e) ?? this.apps[0];
      if (!first) return this.empty();
      route = { view: 'app', name: first.name };
    }
    this.paintTabs(route);
    for (const a of this.list.querySelectorAll<HTMLAnchorElement>('a.app-item')) {
      const current = route.view === 'app' && a.dataset.app === route.name;
      a.classList.toggle('active', current);
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    this.setState('loading', route.view);
    try {
      const { view, title, summary } = await this.render(route);
      if (turn !== this.turns) return;
      document.title = visibleBidi(title);
      // The Compare picker's box just ticked is made again with the view: it keeps the focus.
      const active = document.activeElement;
      const picked = active instanceof HTMLInputElement && this.main.contains(active) ? active.dataset.app : undefined;
      const inView = active !== this.main && this.main.contains(active);
      // An app opened from the list keeps the focus on its link, a box of the picker its box: the view is said.
      if (picked !== undefined || (active instanceof HTMLElement && this.list.contains(active))) this.said.textContent = summary;
      clear(this.main);
      this.main.append(view);
      if (picked !== undefined) this.main.querySelector<HTMLElement>(`input[data-app="${CSS.escape(picked)}"]`)?.focus();
      // What had the focus went with the old view (a link of the conformance view to an app): the new view's title
      // takes it, so that the keyboard goes on from there and a screen reader says where it is.
      else if (inView) this.focusTitle();
      this.setState('ready', route.view);
    } catch (err) {
      if (turn === this.turns) this.fail(err);
    }
  }

  /** The view, the window's title, and what the view shows in a few words (said when a control outside it drew it). */
  private async render(route: Route): Promise<{ view: HTMLElement; title: string; summary: string }> {
    switch (route.view) {
      case 'app': {
        // A saved link to an app removed since: the apps were just asked for, so it is said without asking the server
        // for it (its 404 was a failed request in the console). The store's own order, by name.
        if (this.source.mode === 'api' && !this.apps.some((a) => a.name === route.name)) throw new Error(unknownAppMessage(route.name, this.apps.map((a) => a.name).sort(), this.source.db));
        const detail = await this.source.app(route.name);
        return { view: appView(detail), title: `${detail.name} · APISnoop`, summary: `Opened ${detail.name}` };
      }
      case 'compare': {
        const asked = route.names ?? this.readable().map((a) => a.name);
        // A saved link naming an app removed since: the apps were just asked for, so the others are compared and the
        // names not in the store said, as the app view says its one (asked for, the whole view was a 404).
        const known = new Set(this.apps.map((a) => a.name));
        const names = asked.filter((n) => known.has(n));
        const unknown = [...new Set(asked.filter((n) => !known.has(n)))];
        const left = unknown.length > 0 ? `Left out: ${unknownAppsMessage(unknown, this.apps.map((a) => a.name).sort(), this.source.db)}.` : null;
        // None chosen: nothing to ask for.
        const coverage = names.length > 0 ? await this.source.coverage(names) : { apps: [], rows: [] };
        const { element: view, summary } = compareView(
          coverage,
          this.readable(),
          names,
          (chosen) => {
            location.hash = href({ view: 'compare', names: chosen });
          },
          this.noApps(),
          left,
        );
        return { view, title: 'Compare apps · APISnoop', summary };
      }
      case 'e2e': {
        // Runs of several releases are compared by opening each: one is shown, against the apps, never another run.
        const runs = this.readable().filter((a) => a.e2e);
        const e2e = route.name === null ? runs[0] : runs.find((a) => a.name === route.name);
        if (!e2e) throw new Error(route.name === null || runs.length === 0 ? this.noE2e() : unknownE2eMessage(route.name, runs));
        const apps = this.readable().filter((a) => !a.e2e).map((a) => a.name);
        const [detail, coverage] = await Promise.all([this.source.app(e2e.name), this.source.coverage([...apps, e2e.name])]);
        const view = e2eView(
          detail,
          coverage,
          (name) => {
            location.hash = href({ view: 'app', name });
          },
          this.e2eAlone(),
          runs.map((r) => ({ name: r.name, release: r.kubernetesVersion, href: href({ view: 'e2e', name: r.name }) })),
        );
        return { view, title: 'Conformance · APISnoop', summary: `Conformance of ${e2e.name}` };
      }
      default:
        throw new Error('unknown view');
    }
  }

  /**
   * Why there is no Conformance view, and what gives one: serve's store loads an e2e run; report.html holds what it
   * was made of (it told to load one into serve's store, as if the file could take it).
   */
  private noE2e(): string {
    if (this.source.mode === 'api') return `No e2e run is loaded. Load one with \`${loadAuditCommand('LOG --app e2e --e2e', this.source.db)}\`, then reload this page.`;
    return 'This report holds no e2e run, so it has no Conformance view. `apisnoop analyze E2E-LOG --e2e` writes the report of an e2e run, which has one; `apisnoop serve` shows an e2e run beside the apps of its cluster.';
  }

  /** No app to choose in Compare: serve's store loads one, as the home view of an empty store says. */
  private noApps(): string {
    if (this.source.mode === 'api') return `No apps loaded yet. Load one with \`${this.loadAppCommand()}\`, then reload this page.`;
    return 'This report holds no app.';
  }

  /** The command the empty store's views give: a load into the store this server reads. */
  private loadAppCommand(): string {
    return loadAuditCommand('audit.log --app my-operator --k8s-version 1.34', this.source.db);
  }

  /** What shows an app beside the e2e run, where none is: serve's store loads one; report.html holds the run alone. */
  private e2eAlone(): string {
    if (this.source.mode === 'api') return `No app is loaded beside the e2e run. Load one with \`${loadAuditCommand('LOG --app my-operator', this.source.db)}\`, then reload this page, to see what it uses that the run never touches.`;
    return "This report holds the e2e run alone. `apisnoop serve` shows what your apps use that the run never touches: load the run and your apps' logs into its store with `apisnoop load-audit`.";
  }

  private focusTitle(): void {
    const title = this.main.querySelector<HTMLElement>('h2');
    if (!title) return this.main.focus();
    title.tabIndex = -1;
    title.focus();
  }

  private empty(): void {
    this.paintTabs({ view: 'home' });
    clear(this.main);
    this.main.append(
      h(
        'section',
        { class: 'view empty-state' },
        h('h2', {}, 'No apps loaded yet'),
        h('p', {}, 'Load an audit log of the app you want to look at, then reload this page:'),
        h('pre', {}, h('code', {}, this.loadAppCommand())),
        h('p', {}, 'Load the e2e run of the same cluster as app "e2e" (with --e2e) to see what the conformance tests cover.'),
      ),
    );
    this.setState('ready', 'empty');
  }

  private fail(err: unknown): void {
    const inView = this.main.contains(document.activeElement);
    clear(this.main);
    const message = err instanceof Error ? err.message : String(err);
    this.main.append(h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Could not show this view. '), message));
    // Not the last view's: the window's title named the app left, above an error of another.
    document.title = 'Could not show this view · APISnoop';
    if (inView) this.main.focus();
    this.setState('error', 'error');
  }

  private setState(state: string, view: string): void {
    this.main.dataset.state = state;
    this.main.dataset.view = view;
  }
}

/** A saved link to an e2e run no longer loaded (or to an app that is not one): the runs there are. */
function unknownE2eMessage(name: string, runs: readonly AppSummary[]): string {
  return noneNamedMessage('e2e run', [name], `e2e runs loaded: ${runs.map((r) => r.name).join(', ')}`);
}

function boot(): void {
  const root = document.getElementById('apisnoop') ?? document.body;
  let source: DataSource;
  try {
    source = dataSource(document);
  } catch (err) {
    root.textContent = `APISnoop could not read its data: ${err instanceof Error ? err.message : String(err)}`;
    return;
  }
  void new Page(source, root).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
