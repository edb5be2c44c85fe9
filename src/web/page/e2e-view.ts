// The conformance view, shown when an e2e run is loaded: what the e2e tests hit, and for every other app
// which of its endpoints the e2e run never exercises (the APISnoop question: is what my app uses tested?).
import type { OperationUsage } from '../../engine/report.js';
import type { AppDetail, Coverage, CoverageRow } from '../api.js';
import { breakable, h } from './dom.js';
import { endpointCell } from './endpoint-cell.js';
import { conformanceFigure, type ConformanceFigure, conformanceLabel, eligibleText, groupLabel, LEVEL_ORDER, noneRatedText, num, percent, unknownNote } from './format.js';
import { dataTable } from './table.js';
import { conformanceReleaseColumn, ofSeveralReleases } from './conformance-release.js';
import { compareReleases } from '../../render/format.js';
import { hitsOf } from '../coverage.js';

interface TestLine {
  name: string;
  conformance: boolean;
  endpoints: number;
  stable: number;
}

interface AppGap {
  name: string;
  /** The Kubernetes release it was analyzed against. */
  release: string;
  used: number;
  hitByE2e: number;
  /** Its own figure, as its card counts it (AppSummary's): null when it was analyzed without conformance data. */
  conformance: ConformanceFigure | null;
}

/** An e2e run loaded, as the view's choice of run links to it. */
export interface E2eRunLink {
  name: string;
  release: string;
  href: string;
}

/**
 * `alone`: what shows the run beside apps, said when none is (report.html of an e2e run, a store of the run alone).
 * `runs`: every e2e run loaded (e2e's among them); with several, the view says which it shows and links to the others.
 */
export function e2eView(e2e: AppDetail, coverage: Coverage, openApp: (name: string) => void, alone: string, runs: readonly E2eRunLink[] = []): HTMLElement {
  const ops = e2e.report.operations.filter((op) => !op.discovery);
  const stable = ops.filter((op) => op.level === 'stable');
  const figure = conformanceFigure(stable);
  const tests = testLines(ops);
  const conformanceTests = tests.filter((t) => t.conformance).length;
  // An operation that lists only the first of its tests (testsTruncated) may have had others: the counts are floors.
  const more = ops.some((op) => op.testsTruncated) ? '+' : '';
  // Another e2e run is no app of yours: its gaps are not the question, and its hits are not the run's.
  const others = coverage.apps.filter((a) => a.name !== e2e.name && !a.e2e);
  const release = e2e.report.kubernetesVersion;
  const hitByE2e = (r: CoverageRow) => hitsOf(r, e2e.name) > 0;

  const view = h('section', { class: 'view e2e-view', 'aria-labelledby': 'e2e-title' });
  view.append(
    h(
      'header',
      { class: 'view-head' },
      h('h2', { id: 'e2e-title' }, 'Conformance: ', e2e.name),
      // With no app beside it, the view has no "what your apps use" to show: said so, not promised.
      h('p', { class: 'meta' }, `What the e2e run exercised against Kubernetes ${release}${others.length > 0 ? ', and what your apps use that it never touches' : ''}.`),
      runs.length > 1 ? runChoice(e2e.name, runs) : null,
    ),
    h(
      'div',
      { class: 'stats', role: 'list' },
      stat('endpoints hit by e2e', num(ops.length), `${num(stable.length)} stable`),
      stat(
        'stable, conformance tested',
        // Of the stable endpoints the conformance data rates: the watch* ones (no data) are not untested, said apart.
        figure.known === 0 && figure.unknown > 0 ? 'no data' : percent(figure.tested, figure.known),
        // The untested ones Kubernetes' rules leave out are no gap a conformance test could close: said apart.
        `${num(figure.tested)} of ${num(figure.known)}${ineligibleNote(figure.untestedIneligible)}${unknownNote(figure)}`,
      ),
      stat('tests seen', `${num(tests.length)}${more}`, `${num(conformanceTests)}${more} [Conformance]`),
    ),
  );

  if (others.length === 0) view.append(h('p', { class: 'notice', 'data-testid': 'e2e-alone' }, alone));
  else {
    const gaps: AppGap[] = others.map((app) => {
      const used = coverage.rows.filter((r) => !r.discovery && hitsOf(r, app.name) > 0);
      // Not of the shared rows, whose conformance may be another app's (of its release, by its data): of its own report.
      return { name: app.name, release: app.kubernetesVersion, used: used.length, hitByE2e: used.filter(hitByE2e).length, conformance: app.conformance };
    });
    const gapTable = dataTable<AppGap>({
      caption: 'Apps against the e2e run',
      noun: ['app', 'apps'],
      columns: [
        {
          key: 'name',
          label: 'App',
          value: (g) => g.name,
          className: 'app-name-cell',
          cell: (g) => {
            const b = h('button', { type: 'button', class: 'link' }, g.name);
            b.addEventListener('click', () => openApp(g.name));
            return b;
          },
        },
        { key: 'used', label: 'Endpoints used', value: (g) => g.used, numeric: true, descFirst: true },
        { key: 'hit', label: 'Hit by e2e', value: (g) => g.hitByE2e, numeric: true, descFirst: true, cell: (g) => `${num(g.hitByE2e)} (${percent(g.hitByE2e, g.used)})` },
        { key: 'missed', label: 'Never hit by e2e', value: (g) => g.used - g.hitByE2e, numeric: true, descFirst: true },
        // An app of another release than the run's: what it uses that the run's release no longer serves, the run
        // cannot hit, which is no gap in its tests.
        {
          key: 'release',
          label: 'Kubernetes',
          value: (g) => g.release,
          cell: (g) => (g.release === release ? g.release : h('span', { class: 'other-release', title: `analyzed against Kubernetes ${g.release}; the e2e run ran against ${release}` }, `${g.release} (e2e: ${release})`)),
        },
        {
          key: 'conf',
          label: 'Conformance tested',
          // No data sorts below none tested.
          value: (g) => g.conformance?.tested ?? -1,
          numeric: true,
          descFirst: true,
          // Its whole said: not the endpoints used beside it, but the stable ones the data rates, as the card above.
          cell: (g) => appConformanceCell(g.conformance),
        },
      ],
      rows: gaps,
      searchText: (g) => g.name,
      sort: { key: 'missed', desc: true },
      testId: 'e2e-apps',
    });
    const untested = coverage.rows.filter((r) => !r.discovery && !hitByE2e(r) && others.some((a) => hitsOf(r, a.name) > 0));
    // Apps of other releases than the run's, or rows rated by several releases' data: each row says whose its state is.
    const withRelease = others.some((a) => a.kubernetesVersion !== release) || ofSeveralReleases(untested);
    const untestedTable = dataTable<CoverageRow>({
      caption: 'Endpoints apps use that the e2e run never hits',
      noun: ['endpoint', 'endpoints'],
      columns: [
        { key: 'endpoint', label: 'Endpoint', value: (r) => r.operationId, cell: (r) => endpointCell(r) },
        { key: 'level', label: 'Level', value: (r) => LEVEL_ORDER[r.level], cell: (r) => h('span', { class: `badge lvl-${r.level}` }, r.level) },
        { key: 'group', label: 'Group', value: (r) => groupLabel(r.group) },
        { key: 'conf', label: 'Conformance', value: (r) => conformanceLabel(r.conformanceTested) },
        ...(withRelease ? [conformanceReleaseColumn] : []),
        { key: 'eligible', label: 'Eligible', value: eligibleText },
        { key: 'apps', label: 'Used by', value: (r) => others.filter((a) => hitsOf(r, a.name) > 0).map((a) => a.name).join(', ') },
      ],
      rows: untested,
      // What the row shows is found: its method, "untested", its Eligible cell ("yes", "no: pending deprecation"), which
      // the gaps a conformance test could close are looked for by; none was.
      searchText: (r) =>
        `${r.operationId} ${r.method} ${r.path} ${r.level} ${groupLabel(r.group)} ${conformanceLabel(r.conformanceTested)}${withRelease ? ` ${r.conformanceRelease ?? ''}` : ''} ${eligibleText(r)} ${others.filter((a) => hitsOf(r, a.name) > 0).map((a) => a.name).join(' ')}`,
      sort: { key: 'level', desc: false },
      // No gap is good news: "No endpoints match." read as a search that found none.
      empty: `None: the e2e run hits every endpoint ${others.length === 1 ? 'this app uses' : 'these apps use'}.`,
      testId: 'e2e-gaps',
    });
    const otherReleases = gaps.filter((g) => g.release !== release);
    const who = otherReleases.length < gaps.length ? `${num(otherReleases.length)} of these ${num(gaps.length)} apps ${otherReleases.length === 1 ? 'was' : 'were'}` : gaps.length === 1 ? 'This app was' : 'These apps were';
    const releases = [...new Set(otherReleases.map((g) => g.release))].sort(compareReleases).join(', ');
    const releasesNote =
      otherReleases.length > 0
        ? h(
            'p',
            { class: 'notice releases', 'data-testid': 'e2e-releases' },
            `${who} analyzed against another Kubernetes release than the e2e run's ${release} (${releases}): an endpoint of ${gaps.length === 1 ? 'its' : 'theirs'} that ${release} does not serve cannot be hit by the run.`,
          )
        : null;
    view.append(
      h('section', { class: 'block' }, h('h3', {}, 'Your apps against the e2e run'), releasesNote, gapTable.element),
      h('section', { class: 'block' }, h('h3', {}, 'Used by your apps, never hit by the e2e run'), untestedTable.element),
    );
  }

  const testTable = dataTable<TestLine>({
    caption: 'e2e tests seen',
    noun: ['test', 'tests'],
    columns: [
      // Its words' parts may break too ("[Privileged:|ClusterAdmin]", "VOLUME_MOUNT_|GROUP"), not at any letter.
      { key: 'name', label: 'Test', value: (t) => t.name, cell: (t) => breakable(t.name, TEST_NAME_BREAKS), className: 'test-name' },
      { key: 'conf', label: 'Conformance', value: (t) => (t.conformance ? 0 : 1), cell: (t) => (t.conformance ? h('span', { class: 'conf tested' }, 'yes') : 'no') },
      { key: 'endpoints', label: 'Endpoints', value: (t) => t.endpoints, numeric: true, descFirst: true },
      { key: 'stable', label: 'Stable', value: (t) => t.stable, numeric: true, descFirst: true },
    ],
    rows: tests,
    searchText: (t) => t.name,
    sort: { key: 'endpoints', desc: true },
    placeholder: 'Search tests…',
    testId: 'e2e-tests',
  });
  view.append(h('section', { class: 'block' }, h('h3', {}, 'Tests seen in the run'), tests.length > 0 ? testTable.element : h('p', { class: 'notice' }, 'No e2e test names in this run: was it analyzed with --e2e?')));
  return view;
}

/** "Showing e2e-1.36, one of 2 e2e runs loaded: e2e-1.35 (Kubernetes 1.35) · e2e-1.36 (Kubernetes 1.36)": each a link, the one shown marked. */
function runChoice(shown: string, runs: readonly E2eRunLink[]): HTMLElement {
  const nav = h('nav', { class: 'meta e2e-runs', 'aria-label': 'e2e runs', 'data-testid': 'e2e-runs' }, `Showing ${shown}, one of ${num(runs.length)} e2e runs loaded: `);
  runs.forEach((r, i) => {
    if (i > 0) nav.append(' · ');
    nav.append(h('a', { href: r.href, 'aria-current': r.name === shown ? 'page' : null, 'data-run': r.name }, `${r.name} (Kubernetes ${r.release})`));
  });
  return nav;
}

/** After a colon, dot, slash or underscore inside a test's bracketed tags and names. */
const TEST_NAME_BREAKS = /(?<=[:./_])(?=\S)/;

function stat(label: string, value: string, note: string): HTMLElement {
  return h('div', { class: 'stat', role: 'listitem' }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-note' }, note));
}

function testLines(ops: readonly OperationUsage[]): TestLine[] {
  const byTest = new Map<string, OperationUsage[]>();
  for (const op of ops) for (const t of op.tests) byTest.set(t, [...(byTest.get(t) ?? []), op]);
  return [...byTest].map(([name, hit]) => ({
    name,
    conformance: name.includes('[Conformance]'),
    endpoints: hit.length,
    stable: hit.filter((op) => op.level === 'stable').length,
  }));
}

/**
 * An app's figure in a cell, as its card says it: "no data" without conformance data (or none of its stable endpoints
 * in it), "–" with no stable endpoint (conformance covers none), else "5 of 6 stable (83%)".
 */
function appConformanceCell(f: ConformanceFigure | null): string | HTMLElement {
  if (f === null) return h('span', { class: 'conf no-data', title: 'no conformance data loaded for this app' }, 'no data');
  if (f.stable === 0) return '–';
  if (f.known === 0) return h('span', { class: 'conf no-data', title: noneRatedText(f.stable, 'its') }, 'no data');
  return `${num(f.tested)} of ${num(f.known)} stable (${percent(f.tested, f.known)})`;
}

/** "; 16 untested ineligible": the stable operations conformance does not cover because its rules leave them out. */
const ineligibleNote = (n: number): string => (n > 0 ? `; ${num(n)} untested ${n === 1 ? 'is' : 'are'} ineligible` : '');
