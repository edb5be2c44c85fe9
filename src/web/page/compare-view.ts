// Several apps side by side: the coverage spreadsheet as a page. One row per endpoint any chosen app calls,
// one column of hits per app, the e2e run (when loaded) as the yardstick column.
import { LEVELS } from '../../engine/report.js';
import { compareReleases } from '../../render/format.js';
import type { AppSummary, Coverage, CoverageRow } from '../api.js';
import { clear, e2eTag, h, uid } from './dom.js';
import { endpointCell } from './endpoint-cell.js';
import { conformanceReleaseColumn, ofSeveralReleases } from './conformance-release.js';
import { conformanceLabel, counted, groupLabel, LEVEL_ORDER, num, plural } from './format.js';
import { dataTable, type Column } from './table.js';
import { hitsOf } from '../coverage.js';

type Share = 'all' | 'shared' | 'unique';

export interface CompareView {
  element: HTMLElement;
  /** What it shows, in a few words ("2 apps, 196 endpoints"): said when a box of its picker draws it anew. */
  summary: string;
}

/**
 * `noApps`: what to say when there is no app at all to choose (an empty store: how to load one), as the home view says it.
 * `leftOut`: the names asked for that the store does not hold (a link saved before they were removed), said; null when none.
 */
export function compareView(
  coverage: Coverage,
  allApps: AppSummary[],
  selected: string[],
  choose: (names: string[]) => void,
  noApps: string,
  leftOut: string | null = null,
): CompareView {
  const apps = coverage.apps;
  const view = h('section', { class: 'view compare-view', 'aria-labelledby': 'compare-title' });
  view.append(
    h(
      'header',
      { class: 'view-head' },
      h('h2', { id: 'compare-title' }, 'Compare apps'),
      h('p', { class: 'meta' }, 'The coverage spreadsheet: every endpoint any chosen app calls, with each app’s hits. Endpoints nobody tests are flagged.'),
    ),
    picker(allApps, selected, choose),
    ...(leftOut === null ? [] : [h('p', { class: 'notice', role: 'status', 'data-testid': 'compare-unknown' }, leftOut)]),
  );
  if (apps.length === 0) {
    // Nothing listed above: "choose one" pointed at an empty picker.
    view.append(allApps.length === 0 ? h('p', { class: 'notice', 'data-testid': 'compare-no-apps' }, noApps) : h('p', { class: 'notice' }, 'Choose at least one app above.'));
    return { element: view, summary: 'No app chosen' };
  }
  view.append(h('div', { class: 'compare-cards', role: 'list' }, ...apps.map((a) => appCard(a))));
  // Apps analyzed against other releases: a row's level and conformance are one release's, which the rows did not say.
  const releases = [...new Set(apps.map((a) => a.kubernetesVersion))].sort(compareReleases);
  if (releases.length > 1) {
    view.append(
      h(
        'p',
        { class: 'notice releases', 'data-testid': 'releases' },
        `These apps were analyzed against different Kubernetes releases (${releases.join(', ')}): a row's level comes from the first of these apps, left to right, that calls the endpoint; its conformance from the newest release whose conformance data knows it, as its "Conformance of" column says, tested when any app of that release says so.`,
      ),
    );
  }
  // A row's conformance is one release's data: said on each row when the apps are of several, or their data is.
  const withRelease = releases.length > 1 || ofSeveralReleases(coverage.rows);

  let share: Share = 'all';
  let discovery = false;
  const slot = h('div', { class: 'table-slot' });
  // A filter changed says how many rows it leaves (the table is drawn anew: its count is not heard).
  const status = h('span', { class: 'visually-hidden', role: 'status' });
  const filter = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Which endpoints' });
  const name = uid('share');
  for (const [value, text] of [
    ['all', 'All endpoints'],
    ['shared', 'Called by every app'],
    ['unique', 'Called by one app only'],
  ] as const) {
    const id = uid('share');
    const input = h('input', { type: 'radio', name, id, value, checked: value === share });
    input.addEventListener('change', () => {
      share = value;
      changed();
    });
    filter.append(h('label', { for: id, class: 'seg' }, input, h('span', {}, text)));
  }
  const discoveryId = uid('discovery');
  const discoveryBox = h('input', { type: 'checkbox', id: discoveryId, 'data-testid': 'toggle-discovery' });
  discoveryBox.addEventListener('change', () => {
    discovery = discoveryBox.checked;
    changed();
  });
  view.append(
    h(
      'section',
      { class: 'block', 'aria-labelledby': 'sheet-title' },
      h('div', { class: 'block-head' }, h('h3', { id: 'sheet-title' }, 'Coverage spreadsheet'), h('div', { class: 'controls' }, filter, h('label', { for: discoveryId, class: 'check' }, discoveryBox, ' Discovery'))),
      status,
      slot,
    ),
  );

  function render(): number {
    const rows = coverage.rows.filter((r) => {
      if (r.discovery && !discovery) return false;
      const callers = apps.filter((a) => hitsOf(r, a.name) > 0).length;
      return share === 'all' || (share === 'shared' ? callers === apps.length : callers === 1);
    });
    clear(slot);
    slot.append(sheet(rows, apps, withRelease).element);
    return rows.length;
  }
  const shown = render();
  function changed(): void {
    const n = render();
    status.textContent = counted(n, 'endpoint');
  }
  return { element: view, summary: `${counted(apps.length, 'app')}, ${counted(shown, 'endpoint')}` };
}

function picker(allApps: AppSummary[], selected: string[], choose: (names: string[]) => void): HTMLElement {
  const chosen = new Set(selected);
  const box = h('fieldset', { class: 'picker' }, h('legend', {}, 'Apps to compare'));
  for (const app of allApps) {
    const id = uid('pick');
    const input = h('input', { type: 'checkbox', id, checked: chosen.has(app.name), 'data-app': app.name });
    input.addEventListener('change', () => {
      if (input.checked) chosen.add(app.name);
      else chosen.delete(app.name);
      choose(allApps.map((a) => a.name).filter((n) => chosen.has(n)));
    });
    box.append(h('label', { for: id, class: 'pick' }, input, h('span', {}, app.name), e2eTag(app.name, app.e2e)));
  }
  return box;
}

function appCard(app: AppSummary): HTMLElement {
  const total = LEVELS.reduce((n, l) => n + app.byLevel[l], 0);
  const bar = h('div', { class: 'levelbar', role: 'img', 'aria-label': LEVELS.map((l) => `${app.byLevel[l]} ${l}`).join(', ') });
  for (const level of LEVELS) {
    if (app.byLevel[level] === 0) continue;
    const seg = h('span', { class: `lvl-${level}` });
    // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
    seg.style.flexGrow = String(app.byLevel[level]);
    bar.append(seg);
  }
  return h(
    'div',
    { class: 'card app-card', role: 'listitem' },
    h('h3', {}, app.name, e2eTag(app.name, app.e2e)),
    h('p', { class: 'big' }, num(total), h('span', {}, ` ${plural(total, 'endpoint')}`)),
    bar,
    h('p', { class: 'meta' }, LEVELS.map((l) => `${app.byLevel[l]} ${l}`).join(' · ')),
    h('p', { class: 'meta release' }, `Kubernetes ${app.kubernetesVersion}`),
  );
}

function sheet(rows: CoverageRow[], apps: AppSummary[], withRelease: boolean) {
  const columns: Column<CoverageRow>[] = [
    {
      key: 'endpoint',
      label: 'Endpoint',
      value: (r) => r.operationId,
      cell: (r) => endpointCell(r),
    },
    { key: 'level', label: 'Level', value: (r) => LEVEL_ORDER[r.level], cell: (r) => h('span', { class: `badge lvl-${r.level}` }, r.level) },
    { key: 'group', label: 'Group', value: (r) => groupLabel(r.group) },
    {
      key: 'conformance',
      label: 'Conformance',
      value: (r) => (r.conformanceTested === true ? 0 : r.conformanceTested === null ? 1 : 2),
      cell: (r) => h('span', { class: `conf ${conformanceLabel(r.conformanceTested).replace(' ', '-')}` }, conformanceLabel(r.conformanceTested)),
    },
    ...(withRelease ? [conformanceReleaseColumn] : []),
    ...apps.map(
      (app): Column<CoverageRow> => ({
        key: `app:${app.name}`,
        label: app.name,
        value: (r) => hitsOf(r, app.name),
        numeric: true,
        descFirst: true,
        className: app.e2e ? 'app-col e2e-col' : 'app-col',
        cell: (r) => {
          const n = hitsOf(r, app.name);
          // The dot is seen, the words read: an aria-label on a plain span is not read by every screen reader.
          return n > 0 ? h('span', { class: `hit lvl-${r.level}` }, num(n)) : h('span', { class: 'miss' }, h('span', { 'aria-hidden': 'true' }, '·'), h('span', { class: 'visually-hidden' }, 'not called'));
        },
      }),
    ),
  ];
  return dataTable<CoverageRow>({
    caption: 'Coverage spreadsheet',
    noun: ['endpoint', 'endpoints'],
    columns,
    rows,
    // What the row shows is found: "untested", as its Conformance cell says it, found none.
    searchText: (r) => `${r.operationId} ${r.method} ${r.path} ${r.level} ${groupLabel(r.group)} ${r.category} ${r.kind ?? ''} ${conformanceLabel(r.conformanceTested)}${withRelease ? ` ${r.conformanceRelease ?? ''}` : ''}`,
    sort: { key: 'level', desc: false },
    rowClass: (r) => (r.conformanceTested === false ? 'untested' : ''),
    placeholder: 'Search endpoints…',
    testId: 'coverage',
  });
}
