// One app: its figures, the sunburst of what it calls, the endpoint table, and what did not match the spec.
import { allowedText, LEVELS, notesBesideVerdict, OTHER_PATTERNS, removalBound, removalText, type OperationUsage, type Report, reportPasses, rulesOf, type Unmatched, UNCHECKED_FAILED_BY, uncheckedLeastPrivilege, uncheckedText } from '../../engine/report.js';
import type { ObjectRef, PolicyRule } from '../../engine/rbac.js';
import { identityText } from '../../engine/rbac/identity.js';
import { refText, ruleText, UNAUDITED_TEXT, unauditedRulesText, unknownText, unservedText } from '../../render/rbac-text.js';
import { isCutShort, nothingJudged } from '../../engine/verdict.js';
import { operationCallers, selectionText, unservedDiscovery, violationCallers, violationsByUrgency } from '../../render/format.js';
import type { AppDetail } from '../api.js';
import { append, breakable, clear, cutText, e2eTag, h, uid } from './dom.js';
import { BETWEEN_WORDS, endpointCell } from './endpoint-cell.js';
import { AND_OTHERS, appConformance, callerName, callers, callersText, clipText, codesText, conformanceFigure, type ConformanceFigure, conformanceLabel, counted, groupLabel, LEVEL_ORDER, moreCallers, noneRatedText, num, percent, soonestRemoval, soonestRemovalText, unknownNote } from './format.js';
import { LEVEL_SHORT, sunburst, type Ring, type SunDatum, type Sizing } from './sunburst.js';
import { dataTable, type Column, type DataTable, type TableOptions, type TableState } from './table.js';

interface ChartState {
  ring: Ring;
  size: Sizing;
  discovery: boolean;
}

export function appView(app: AppDetail): HTMLElement {
  const report = app.report;
  const state: ChartState = { ring: 'group', size: 'endpoints', discovery: false };
  const view = h('section', { class: 'view app-view', 'aria-labelledby': 'app-title' });

  view.append(header(app), cards(report), ...runNotesBlock(report), verdictBlock(report));

  const chartCard = h('div', { class: 'card chart-card' });
  // Not a live region: it would read out its whole content for every arc passed, after the arc's own name. A screen
  // reader hears the arc's name on focus and finds the rest here, under "Details".
  const details = h('aside', { class: 'card details', 'aria-label': 'Details' });
  const tableSlot = h('div', { class: 'table-slot' });
  view.append(
    h('div', { class: 'chart-row' }, chartCard, details),
    h('section', { class: 'block', 'aria-labelledby': 'endpoints-title' }, h('h3', { id: 'endpoints-title' }, 'Endpoints called'), tableSlot),
  );
  // Discovery shown or hidden says how many rows there are now, as the table's search does: the table is made again
  // with the chart, its own live region with it (a region new to the page is not heard).
  const status = h('span', { class: 'visually-hidden', role: 'status' });
  view.append(status);
  const unmatched = unmatchedBlock(report);
  if (unmatched) view.append(unmatched);
  const grants = unservedGrantsBlock(report);
  if (grants) view.append(grants);
  const invalid = invalidBlock(report);
  if (invalid) view.append(invalid);

  let table: DataTable<OperationUsage> | null = null;
  /** Where the chart was zoomed, and with which middle ring: a control that draws it again keeps what it can. */
  let zoomed: { ring: Ring; trail: string[] } = { ring: state.ring, trail: [] };
  function render(): void {
    const ops = report.operations.filter((op) => state.discovery || !op.discovery);
    // Nothing to show but the discovery hidden: said, with what shows it. "No endpoints to draw" stood beside a card
    // of 23 requests matched (kubectl's discovery alone), and nothing said where they were.
    const hidden = ops.length > 0 ? [] : report.operations.filter((op) => op.discovery);
    // Nor when every request was unmatched (an app's own CRDs, a spec of another release): "No endpoints called" stood
    // above a fold of the requests it did call.
    const unmatched = report.summary.unmatched;
    const empty =
      hidden.length > 0
        ? `Only discovery endpoints were called: tick Discovery to show them (${counted(hidden.length, 'endpoint')}, ${counted(hidden.reduce((n, op) => n + op.hits, 0), 'hit')}).`
        : report.operations.length === 0 && unmatched > 0
          ? `No request matched an endpoint of the spec: ${unmatched === 1 ? 'the one request is' : `all ${num(unmatched)} are`} under "Not matched to the spec" below.`
          : null;
    // The table follows the zoom: its chip's × zooms the chart out, which clears the table's filter in turn. Made
    // again with the chart (Discovery changes its rows), it keeps the search and order the user gave it.
    const current = endpointTable(ops, app.summary.e2e, { label: 'Zoom out to all endpoints', run: () => chart.zoomTo([]) }, table?.state(), empty ?? 'No endpoints called.');
    table = current;
    clear(tableSlot);
    tableSlot.append(current.element);

    const trailBox = h('nav', { class: 'trail', 'aria-label': 'Sunburst zoom' });
    const chart = sunburst({
      operations: ops,
      ring: state.ring,
      size: state.size,
      title: app.name,
      onFocus(trail, ids) {
        zoomed = { ring: state.ring, trail: trail.map((d) => d.name) };
        paintTrail(trailBox, trail, (t) => chart.zoomTo(t));
        current.setFocus(trail.length === 0 ? null : (op) => ids.has(op.operationId), trail.map((d) => d.name).join(' › '));
      },
      onHover(datum) {
        showDetails(details, datum, ops, state.ring);
      },
    });
    // Arcs sized by hits, or Discovery shown: the same level and group are still there, and the chart stays zoomed
    // into them (it went back to All, and the table with it). Another middle ring keeps the level.
    const keep = zoomed.ring === state.ring ? zoomed.trail : zoomed.trail.slice(0, 1);
    paintTrail(trailBox, [], (t) => chart.zoomTo(t));
    // The controls are made again with the chart: the one just used keeps the focus (arrow keys go on moving).
    const used = document.activeElement instanceof HTMLElement && chartCard.contains(document.activeElement) ? document.activeElement.dataset.control : undefined;
    clear(chartCard);
    chartCard.append(controls(state, render, () => (status.textContent = table?.count() ?? '')), trailBox, ops.length > 0 ? chart.element : h('p', { class: 'empty-chart' }, empty ?? 'No endpoints to draw.'), legend());
    if (used) chartCard.querySelector<HTMLElement>(`[data-control="${used}"]`)?.focus();
    showDetails(details, null, ops, state.ring);
    if (keep.length > 0 && ops.length > 0) chart.zoomTo(keep);
  }
  render();
  return view;
}

function header(app: AppDetail): HTMLElement {
  const r = app.report;
  const inputs = app.runs.flatMap((run) => run.inputs);
  return h(
    'header',
    { class: 'view-head' },
    h('h2', { id: 'app-title' }, app.name, e2eTag(app.name, app.summary.e2e)),
    h(
      'p',
      { class: 'meta' },
      `Kubernetes ${r.kubernetesVersion}`,
      ' · ',
      counted(app.runs.length, 'run'),
      r.conformance ? ` · conformance data ${r.conformance.release}` : ' · no conformance data',
      app.summary.loadedAt ? ` · loaded ${app.summary.loadedAt.slice(0, 16).replace('T', ' ')}` : '',
    ),
    inputsLine(inputs),
    // Whose requests the figures below count, as report.md says it: "118 selected" means nothing without the filter.
    h('p', { class: 'meta selection', 'data-testid': 'selection' }, selectionText(r, clipText, 'the notes of the run below')),
  );
}

/** Log names shown before the rest are folded away: a directory of hundreds made a line longer than the page. */
const INPUTS_SHOWN = 3;

/**
 * "Logs: a.log, b.log": the files' names, their paths (and the names past the first three) in a fold that opens by
 * Tab and Enter or a tap. They were in the line's title only, which the pointer shows and the keyboard and touch never do.
 */
function inputsLine(inputs: readonly string[]): HTMLElement | null {
  if (inputs.length === 0) return null;
  const names = inputs.map((i) => i.split('/').pop() ?? i);
  const line = `Logs: ${names.slice(0, INPUTS_SHOWN).join(', ')}${inputs.length > INPUTS_SHOWN ? ` and ${num(inputs.length - INPUTS_SHOWN)} more` : ''}`;
  if (inputs.every((input, i) => input === names[i]) && inputs.length <= INPUTS_SHOWN) return h('p', { class: 'meta inputs' }, line);
  return h('details', { class: 'meta inputs' }, h('summary', {}, line), h('ul', { class: 'input-list' }, ...inputs.map((i) => h('li', {}, h('code', {}, i)))));
}

function card(label: string, value: string, note?: string, cls = ''): HTMLElement {
  return h('div', { class: `stat ${cls}`, role: 'listitem' }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label), note ? h('span', { class: 'stat-note' }, note) : null);
}

function cards(r: Report): HTMLElement {
  const s = r.summary;
  const figure = appConformance(r);
  const next = soonestRemoval(r);
  return h(
    'div',
    { class: 'stats', role: 'list' },
    // matched and not add up to the selected requests, not to those read: the card says both.
    card('requests', num(s.requests), s.selected === s.requests ? `${num(s.matched)} matched · ${num(s.unmatched)} not` : `${num(s.selected)} selected: ${num(s.matched)} matched · ${num(s.unmatched)} not`),
    ...LEVELS.map((level) => card(`${level} endpoints`, num(s.byLevel[level].operations), counted(s.byLevel[level].hits, 'hit'), `lvl-${level}`)),
    // Without conformance data nothing is known tested or not: "no data", not 0%. An e2e run is its own data.
    figure === null
      ? card('conformance tested', 'no data', 'no conformance data loaded')
      : // Conformance tests cover stable endpoints only: of those, as report.md counts.
        figure.stable === 0
        ? card('conformance tested', '–', 'no stable endpoints: conformance covers stable ones only')
        : figure.known === 0
          ? card('conformance tested', 'no data', noneRatedText(figure.stable, 'the'))
          : // Of the endpoints the data rates: watch*, custom and non-resource ones are not untested, said apart.
            card('conformance tested', percent(figure.tested, figure.known), `${num(figure.tested)} of ${counted(figure.known, 'stable endpoint')}${unknownNote(figure)}`),
    card(
      'deprecated / removed',
      `${num(s.deprecated)} / ${num(s.removedSoon + (s.removedAlready ?? 0))}`,
      // When the next removal comes, as report.md's deprecations table dates it: what breaks on the next upgrade.
      [s.removedAlready ? `${num(s.removedAlready)} already gone from ${r.kubernetesVersion}` : '', next ? soonestRemovalText(next) : ''].filter(Boolean).join(' · ') || (r.specs.length > 1 ? 'none removed later' : 'no later release checked'),
    ),
  );
}

/**
 * "; least privilege of ns1:sa1 fails (fail on overprivileged): 9 over-grants, more than the 0 allowed": the identities
 * that fail the page, and least privilege the policy needed and that was not checked, the rule named as report.md
 * names it (the CLI's --fail-on or the Action's rbac-fail-on; UNCHECKED_FAILED_BY).
 */
function leastPrivilegeText(r: Report): string {
  return (r.rbac ?? [])
    .filter((c) => c.verdict !== null && !c.verdict.pass)
    .map((c) => {
      const v = c.verdict!;
      const who = identityText(c.identity);
      const grants = counted(v.overGrants, 'over-grant');
      const unjudged = v.cannotJudge ?? [];
      const why = unjudged.length > 0 ? `${grants}; ${unjudged[0]}` : `${grants}, more than the ${num(v.threshold)} allowed`;
      return `; least privilege of ${who} fails (fail on overprivileged): ${why}`;
    })
    .concat(uncheckedLeastPrivilege(r).map((u) => `; least privilege was not checked (${UNCHECKED_FAILED_BY} overprivileged): ${uncheckedText(u, r)}`))
    .join('');
}

/**
 * What the Action said of the run that made the report (report.json's runNotes: a failed helm install, tests skipped),
 * above the verdict as report.md and the comment say them: a pass here is not the step's when the run failed on them.
 */
function runNotesBlock(r: Report): HTMLElement[] {
  // Least privilege not checked is said in the verdict, with the rule that fails on it: not here again.
  const problems = notesBesideVerdict(r, r.runNotes?.problems ?? []);
  const notices = notesBesideVerdict(r, r.runNotes?.notices ?? []);
  if (problems.length + notices.length === 0) return [];
  // The first ten of each, as report.md; the rest in a fold (they were said to be in report.json, out of reach).
  const list = (notes: readonly string[]) =>
    h(
      'ul',
      {},
      ...notes.slice(0, 10).map((n) => h('li', {}, n)),
      notes.length > 10 ? h('li', {}, h('details', { class: 'more-notes' }, h('summary', {}, `and ${num(notes.length - 10)} more`), h('ul', {}, ...notes.slice(10).map((n) => h('li', {}, n))))) : null,
    );
  return [
    h(
      'div',
      { class: 'run-notes', 'data-testid': 'run-notes' },
      problems.length > 0 ? h('p', {}, h('strong', {}, 'The run that made this report failed'), ' (its step failed on these, whatever the verdict below):') : null,
      problems.length > 0 ? list(problems) : null,
      notices.length > 0 ? h('p', {}, h('strong', {}, 'Notes of the run:')) : null,
      notices.length > 0 ? list(notices) : null,
    ),
  ];
}

function verdictBlock(r: Report): HTMLElement {
  const v = r.verdict;
  // The whole verdict, as report.md's heading, the CSV and the exit code say it: least privilege failing fails it.
  const pass = reportPasses(r);
  // What is exempt belongs with the rules, as report.md says it: a pass may owe itself to an allow entry.
  const policy = `${v.policy.failOn.length > 0 ? `fail on ${v.policy.failOn.join(', ')}` : 'nothing fails'}${allowedText(v.policy.allow)}`;
  // The run rules broken (fail-on empty, invalid): the run is to blame, not an endpoint; and least privilege's.
  const run = (v.runFailures ?? []).map((f) => `; fail-on ${f.rule}: ${f.why}`).join('') + leastPrivilegeText(r);
  if (v.violations.length === 0) {
    // A pass over no request judged nothing: said, as report.md says it (fail-on empty makes it the failure above).
    const unselected = pass ? nothingJudged(r) : null;
    return h(
      'p',
      { class: `verdict ${pass ? 'pass' : 'fail'}` },
      h('strong', {}, pass ? 'Pass' : 'Fail'),
      ` — no endpoint breaks the policy (${policy})${run}.`,
      unselected ? h('span', { class: 'nothing-judged', 'data-testid': 'nothing-judged' }, ` ⚠️ Nothing was judged: ${unselected}.`) : null,
    );
  }
  const callersOf = violationCallers(r);
  return h(
    'details',
    { class: `verdict ${pass ? 'pass' : 'fail'}` },
    h('summary', {}, h('strong', {}, pass ? 'Pass' : 'Fail'), ` — ${counted(v.violations.length, 'violation')} (policy ${policy})${run}`),
    h(
      'ul',
      {},
      // In the order report.md and the CLI name them: the most urgent first (report.json keeps them by path).
      ...violationsByUrgency(r).map((x) =>
        h('li', {}, h('code', {}, x.operationId), ` ${rulesOf(x).join(', ')}: ${x.why} (${counted(x.hits, 'hit')}; ${callersText(callersOf(x))})`),
      ),
    ),
  );
}

/** `onRows`: after onChange, when the rows changed (Discovery), not only the chart's drawing. */
function controls(state: ChartState, onChange: () => void, onRows: () => void): HTMLElement {
  const radio = (name: string, value: string, text: string, checked: boolean, set: () => void) => {
    const id = uid(name);
    // Radios of one control share a name so arrow keys move between them.
    const input = h('input', { type: 'radio', name, id, value, checked, 'data-control': `${name.replace(/-\d+$/, '')}:${value}` });
    input.addEventListener('change', () => {
      set();
      onChange();
    });
    return h('label', { for: id, class: 'seg' }, input, h('span', {}, text));
  };
  const ringName = uid('ring');
  const sizeName = uid('size');
  const ringRadios = [radio(ringName, 'group', 'API group', state.ring === 'group', () => (state.ring = 'group')), radio(ringName, 'category', 'Category', state.ring === 'category', () => (state.ring = 'category'))];
  const sizeRadios = [radio(sizeName, 'endpoints', 'Endpoints', state.size === 'endpoints', () => (state.size = 'endpoints')), radio(sizeName, 'hits', 'Hits', state.size === 'hits', () => (state.size = 'hits'))];
  const discoveryId = uid('discovery');
  const discovery = h('input', { type: 'checkbox', id: discoveryId, checked: state.discovery, 'data-testid': 'toggle-discovery', 'data-control': 'discovery' });
  discovery.addEventListener('change', () => {
    state.discovery = discovery.checked;
    onChange();
    onRows();
  });
  return h(
    'div',
    { class: 'controls' },
    h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Middle ring' }, ...ringRadios),
    h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Arc size' }, ...sizeRadios),
    h('label', { for: discoveryId, class: 'check' }, discovery, ' Discovery'),
  );
}

function paintTrail(box: HTMLElement, trail: SunDatum[], go: (trail: string[]) => void): void {
  // A crumb used goes with the old trail: the focus moves to where the chart now is, the current crumb.
  const used = box.contains(document.activeElement);
  clear(box);
  const names = ['All', ...trail.map((d) => d.name)];
  names.forEach((name, i) => {
    if (i > 0) box.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '›'));
    if (i === names.length - 1) {
      const current = h('span', { class: 'crumb current', 'aria-current': 'location', tabindex: used ? '-1' : null }, name);
      box.append(current);
      if (used) current.focus();
    } else {
      const b = h('button', { type: 'button', class: 'crumb' }, name);
      b.addEventListener('click', () => go(trail.slice(0, i).map((d) => d.name)));
      box.append(b);
    }
  });
}

function legend(): HTMLElement {
  const item = (cls: string, text: string, short?: string) =>
    h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), short ? h('span', {}, `${text} (${short})`) : text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    // The short names a level's arc shows when its name does not fit (sunburst.ts LEVEL_SHORT).
    ...LEVELS.map((level) => item(`lvl-${level}`, level, LEVEL_SHORT[level])),
    item('untested', 'not conformance tested'),
    item('nodata', 'no conformance data'),
  );
}

/** "12 of 30 stable (40%); 8 with no conformance data": of the stable endpoints the data rates, as the card above. */
function conformanceText(f: ConformanceFigure): string {
  if (f.stable === 0) return 'no stable endpoints (conformance covers stable ones only)';
  if (f.known === 0) return 'no conformance data';
  return `${num(f.tested)} of ${num(f.known)} stable (${percent(f.tested, f.known)})${unknownNote(f)}`;
}

function showDetails(box: HTMLElement, d: SunDatum | null, ops: readonly OperationUsage[], ring: Ring): void {
  clear(box);
  if (!d || d.kind === 'root') {
    const f = conformanceFigure(ops);
    box.append(
      h('h3', {}, 'Explore'),
      h('p', {}, 'Hover or focus an arc to see what it is. Click it (or press Enter) to zoom in; click the centre to zoom out. The table below follows the zoom.'),
      h('dl', {}, h('dt', {}, 'Endpoints'), h('dd', {}, num(ops.length)), h('dt', {}, 'Conformance tested'), h('dd', {}, conformanceText(f))),
    );
    return;
  }
  if (d.kind !== 'operation' || !d.op) {
    const leaves = collect(d);
    const hits = leaves.reduce((n, op) => n + op.hits, 0);
    const f = conformanceFigure(leaves);
    const top = [...leaves].sort((a, b) => b.hits - a.hits).slice(0, 5);
    box.append(
      // The middle ring's arcs are categories when the chart is drawn by category: "Group rbacAuthorization" named none.
      h('p', { class: 'eyebrow' }, d.kind === 'level' ? 'Level' : ring === 'category' ? 'Category' : 'Group'),
      h('h3', {}, d.name),
      h('dl', {}, h('dt', {}, 'Endpoints'), h('dd', {}, num(leaves.length)), h('dt', {}, 'Hits'), h('dd', {}, num(hits)), h('dt', {}, 'Conformance tested'), h('dd', {}, conformanceText(f))),
      h('p', { class: 'eyebrow' }, 'Most called'),
      h('ol', { class: 'top' }, ...top.map((op) => h('li', {}, h('code', {}, op.operationId), ` ${num(op.hits)}`))),
    );
    return;
  }
  const op = d.op;
  const who = callers(op).map(callerName);
  const more = moreCallers(op);
  append(box, [
    h('p', { class: 'eyebrow' }, `${op.level} · ${groupLabel(op.group)}${op.version ? `/${op.version}` : ''}`),
    h('h3', { class: 'op-id' }, op.operationId),
    h('p', { class: 'op-path' }, h('span', { class: `method m-${op.method}` }, op.method.toUpperCase()), ' ', h('code', {}, op.path)),
    h(
      'dl',
      {},
      h('dt', {}, 'Hits'),
      h('dd', {}, num(op.hits)),
      h('dt', {}, 'Responses'),
      h('dd', {}, codesText(op.codes) || '–'),
      h('dt', {}, 'Kind / action'),
      h('dd', {}, `${op.kind ?? '–'} / ${op.action ?? '–'}`),
      // A served spec's CRD or aggregated API: its level is its own version's, which the alpha and beta rules leave alone.
      op.custom ? h('dt', {}, 'Custom API') : null,
      op.custom ? h('dd', { class: 'custom' }, "the cluster's custom resource or aggregated API: not judged by the alpha and beta rules") : null,
      h('dt', {}, 'Conformance'),
      h('dd', { class: `conf ${conformanceLabel(op.conformanceTested).replace(' ', '-')}` }, conformanceLabel(op.conformanceTested)),
      // Kubernetes' rules leave it out of conformance: untested is then no gap to close.
      op.conformanceIneligible ? h('dt', {}, 'Conformance eligible') : null,
      op.conformanceIneligible ? h('dd', { class: 'ineligible' }, `no: ${op.conformanceIneligible}`) : null,
      op.deprecated || op.removedIn || op.lastServedIn ? h('dt', {}, 'Lifecycle') : null,
      op.deprecated || op.removedIn || op.lastServedIn
        ? h(
            'dd',
            {},
            [
              op.deprecated ? 'deprecated' : '',
              removalText(op) ?? '',
              // The removal's wording names the release already when the shipped releases only bound it.
              op.lastServedIn ? (removalBound(op) === null ? `not served by this spec, last served in ${op.lastServedIn}` : 'not served by this spec') : '',
            ]
              .filter(Boolean)
              .join(', '),
          )
        : null,
      h('dt', {}, 'First / last seen'),
      h('dd', {}, `${op.firstSeen?.replace('T', ' ').slice(0, 19) ?? '–'} / ${op.lastSeen?.replace('T', ' ').slice(0, 19) ?? '–'}`),
    ),
    h('p', { class: 'eyebrow' }, `Callers (${who.length}${more ? '+' : ''})`),
    who.length > 0
      ? h(
          'ul',
          { class: 'callers' },
          ...who.slice(0, 8).map((c) => h('li', { title: c }, clipText(c))),
          // The panel follows the pointer and the focus: a button here could not be reached. The table's can.
          who.length > 8 || more ? h('li', { class: 'more' }, [who.length > 8 ? `and ${who.length - 8} more (listed in the table below)` : '', more ? AND_OTHERS : ''].filter(Boolean).join(' ')) : null,
        )
      : h('p', {}, 'unknown'),
    op.tests.length > 0 ? h('p', { class: 'eyebrow' }, `Tests (${testsCount(op)})`) : null,
    // The panel follows the pointer and the focus: the rest are in the table's Tests cell, whose button lists them all.
    op.tests.length > 0
      ? h(
          'ul',
          { class: 'callers' },
          ...op.tests.slice(0, 5).map((t) => h('li', {}, t)),
          op.tests.length > 5 || op.testsTruncated ? h('li', { class: 'more' }, [op.tests.length > 5 ? `and ${op.tests.length - 5} more (listed in the table below)` : '', op.testsTruncated ? AND_OTHERS : ''].filter(Boolean).join(' ')) : null,
        )
      : null,
  ]);
}

function collect(d: SunDatum): OperationUsage[] {
  if (d.op) return [d.op];
  return (d.children ?? []).flatMap(collect);
}

function levelBadge(level: string): HTMLElement {
  return h('span', { class: `badge lvl-${level}` }, level);
}

function confBadge(tested: boolean | null): HTMLElement {
  const text = conformanceLabel(tested);
  return h('span', { class: `conf ${text.replace(' ', '-')}` }, text);
}

const AFTER_DOT_OR_SLASH = /(?<=[./])/;
/** "core/v1", "apps/v1", "non-resource": the Group cell's text. */
const groupVersionText = (op: OperationUsage): string => `${groupLabel(op.group)}${op.version ? `/${op.version}` : ''}`;
const DELETE_COLLECTION = /(?<=^delete)(?=collection$)/;

/** Text wrapped at its break points, a part too long for its column cut with an ellipsis, whole in its title. */
function clipped(text: HTMLElement): HTMLElement {
  text.classList.add('clip');
  text.title = text.textContent ?? '';
  return text;
}

/**
 * The tags of an endpoint's cell, with their classes, which the search finds too: discovery; custom, the cluster's own
 * CRD or aggregated API (its level is its version's, which the alpha and beta rules leave alone); deprecated; its removal.
 */
function endpointTags(op: OperationUsage): Array<{ text: string; cls: string }> {
  const tags: Array<{ text: string; cls: string }> = [];
  if (op.discovery) tags.push({ text: 'discovery', cls: 'tag' });
  if (op.custom) tags.push({ text: 'custom', cls: 'tag custom' });
  if (op.deprecated) tags.push({ text: 'deprecated', cls: 'tag warn' });
  if (op.removedIn) tags.push({ text: removalBound(op) === null ? `removed in ${op.removedIn}` : `gone by ${op.removedIn}`, cls: 'tag bad' });
  return tags;
}

function endpointTable(ops: readonly OperationUsage[], e2e: boolean, clearFocus: TableOptions<OperationUsage>['clearFocus'], state: TableState | undefined, empty: string) {
  const columns: Column<OperationUsage>[] = [
    {
      key: 'operation',
      label: 'Endpoint',
      value: (op) => op.operationId,
      // Names break between their words and paths after a slash or dot, not at any letter as the column narrows.
      cell: (op) => endpointCell(op, ...endpointTags(op).map((tag) => h('span', { class: tag.cls }, tag.text))),
    },
    { key: 'level', label: 'Level', value: (op) => LEVEL_ORDER[op.level], cell: (op) => levelBadge(op.level) },
    // Long groups and kinds (admissionregistration.k8s.io/v1beta1, ValidatingAdmissionPolicyBinding) break between
    // their parts: whole, they held the table wider than the page. A part wider than its column still is cut (…),
    // whole in the title; a group is whole in the row's path too.
    { key: 'group', label: 'Group', value: (op) => groupLabel(op.group), cell: (op) => clipped(breakable(groupVersionText(op), AFTER_DOT_OR_SLASH)), className: 'wrap' },
    { key: 'kind', label: 'Kind', value: (op) => op.kind ?? '', cell: (op) => (op.kind ? clipped(breakable(op.kind, BETWEEN_WORDS)) : '–'), className: 'wrap' },
    // "deletecollection" is two words: whole, it took the column's width of any action.
    { key: 'action', label: 'Action', value: (op) => op.action ?? op.method, cell: (op) => breakable(op.action ?? op.method, DELETE_COLLECTION) },
    // The responses under the hits they add up to: a column of their own (its header wider than "200×3") left the
    // table too wide for a laptop. A code is still found by the search ("404").
    {
      key: 'hits',
      label: 'Hits',
      value: (op) => op.hits,
      numeric: true,
      descFirst: true,
      // Named for a screen reader, which heard them as more hits ("58 200×28"): the Responses header named them before.
      cell: (op) =>
        h(
          'span',
          { class: 'hits' },
          num(op.hits),
          codesText(op.codes) ? h('span', { class: 'codes' }, h('span', { class: 'visually-hidden' }, 'responses '), codesText(op.codes)) : null,
        ),
    },
    { key: 'conformance', label: 'Conformance', value: (op) => (op.conformanceTested === true ? 0 : op.conformanceTested === null ? 1 : 2), cell: (op) => confBadge(op.conformanceTested) },
    {
      key: 'callers',
      label: 'Callers',
      value: (op) => callers(op).map(callerName).join(', '),
      className: 'callers-cell',
      cell: (op) => {
        const who = callers(op).map(callerName);
        const others = moreCallers(op) ? ` ${AND_OTHERS}` : '';
        const hidden = who.length - 2;
        const first = who.slice(0, 2).join(', ');
        // Callers come from the log: one may be thousands of characters long. The button shows them all, whole.
        return cutText({
          short: clipText(first),
          lines: who, // one a line: a cell's column is narrow
          cut: hidden > 0 || clipText(first) !== first,
          more: hidden > 0 ? `+${hidden} more` : 'in full',
          less: hidden > 0 ? 'fewer' : 'shorter',
          after: others,
        });
      },
    },
  ];
  if (e2e) {
    columns.push({
      key: 'tests',
      label: 'Tests',
      value: (op) => op.tests.length,
      numeric: true,
      descFirst: true,
      className: 'tests-cell',
      // The count, and a button that lists the tests, one a line: the details panel shows the first five only.
      cell: (op) => cutText({ short: testsCount(op), lines: [testsCount(op), ...op.tests, ...(op.testsTruncated ? [AND_OTHERS] : [])], cut: op.tests.length > 0, title: op.tests, more: 'list', less: 'hide' }),
    });
  }
  return dataTable<OperationUsage>({
    caption: 'Endpoints called',
    noun: ['endpoint', 'endpoints'],
    columns,
    rows: [...ops],
    // What the row shows is found: "core/v1" as its Group cell says it (no path holds it), "untested", a response code
    // (its code alone: "404" is not 1,404 of 200s), its tags ("deprecated", "removed in 1.29": none was found).
    searchText: (op) =>
      [op.operationId, op.method, op.path, op.level, groupVersionText(op), op.category, op.kind ?? '', op.action ?? '', ...endpointTags(op).map((tag) => tag.text), conformanceLabel(op.conformanceTested), ...Object.keys(op.codes), ...callers(op).map(callerName), ...op.tests].join(' '),
    sort: { key: 'hits', desc: true },
    rowClass: (op) => `lvl-${op.level}${op.conformanceTested === false ? ' untested' : ''}`,
    placeholder: 'Search endpoints, paths, kinds, callers…',
    empty,
    testId: 'endpoints',
    fixedClass: e2e ? 'endpoints-table with-tests' : 'endpoints-table',
    clearFocus,
    state,
  });
}

/** An unmatched group's callers, as the table sorts, searches and shows them: users where requests had no user agent. */
const agentsText = (u: Unmatched): string => callersText(operationCallers(u));

function unmatchedBlock(r: Report): HTMLElement | null {
  if (r.unmatched.length === 0) return null;
  const total = r.unmatched.reduce((n, u) => n + u.count, 0);
  // Rows of other patterns (past the cap on patterns listed apart) are no pattern each: counted apart, as report.md does.
  const others = r.unmatched.filter((u) => u.pattern === OTHER_PATTERNS).length;
  // As report.md says it: most of a busy cluster's count is client-go's discovery of CRD groups, not calls the app made.
  const discovery = unservedDiscovery(r);
  const note =
    `${counted(total, 'request')} in ${counted(r.unmatched.length - others, 'pattern')}${others > 0 ? ` and ${counted(others, 'row')} of other patterns` : ''}` +
    (discovery > 0 ? `; ${num(discovery)} of them discovery (GET /apis/{group}/{version}) of groups or versions the spec does not describe` : '');
  const table = dataTable({
    caption: 'Requests not matched to the spec',
    noun: ['pattern', 'patterns'],
    columns: [
      { key: 'verb', label: 'Verb', value: (u) => u.verb },
      {
        key: 'pattern',
        label: 'Request URI',
        value: (u) => u.pattern,
        // A URI from the log cut to 160 characters was whole in its title only: the button shows it to keyboard and touch.
        cell: (u) =>
          clipText(u.pattern) === u.pattern
            ? h('code', {}, u.pattern)
            : h('code', {}, cutText({ short: clipText(u.pattern), lines: [u.pattern], cut: true, more: 'in full', less: 'shorter' })),
      },
      { key: 'reason', label: 'Why', value: (u) => u.reason },
      { key: 'count', label: 'Requests', value: (u) => u.count, numeric: true, descFirst: true },
      {
        key: 'agents',
        label: 'Callers',
        value: agentsText,
        cell: (u) => {
          const text = agentsText(u);
          return cutText({ short: clipText(text), lines: [text], cut: clipText(text) !== text, more: 'in full', less: 'shorter' });
        },
        className: 'callers-cell',
      },
    ],
    rows: [...r.unmatched],
    searchText: (u) => `${u.verb} ${u.pattern} ${u.reason} ${u.userAgents.join(' ')} ${(u.users ?? []).join(' ')}`,
    sort: { key: 'count', desc: true },
    placeholder: 'Search URIs…',
    testId: 'unmatched',
  });
  return h(
    'details',
    { class: 'block fold' },
    h('summary', {}, h('h3', {}, 'Not matched to the spec'), h('span', { class: 'fold-note' }, note)),
    table.element,
  );
}

/**
 * One rule's grant on what the release does not serve: an API group, a resource, or a resource no release has; or on a
 * resource checked for another's request, whose use no audit log shows.
 */
interface UnservedGrant {
  role: ObjectRef;
  rule: PolicyRule;
  names: string[];
  what: 'API group' | 'resource' | 'unknown' | 'unaudited';
}

/**
 * What the manifests grant on what the release does not serve (report.json's rbac[].granted.unservedGroups,
 * unservedResources and unknownResources), as report.md and `apisnoop rbac` say them: beside the requests the spec
 * does not describe, the grants it does not. The page did not show them: a rule on extensions read as used in full.
 * With them the grants no audit log can show used (unauditedResources), not judged either.
 */
function unservedGrantsBlock(r: Report): HTMLElement | null {
  const byIdentity = (r.rbac ?? []).flatMap((c) => {
    const g = c.granted;
    if (!g) return [];
    const grants: UnservedGrant[] = [
      ...(g.unservedGroups ?? []).map((x) => ({ role: x.role, rule: x.rule, names: x.groups, what: 'API group' as const })),
      ...(g.unservedResources ?? []).map((x) => ({ role: x.role, rule: x.rule, names: x.resources, what: 'resource' as const })),
      ...g.unknownResources.map((x) => ({ role: x.role, rule: x.rule, names: x.resources, what: 'unknown' as const })),
      ...(g.unauditedResources ?? []).map((x) => ({ role: x.role, rule: x.rule, names: x.resources, what: 'unaudited' as const })),
    ];
    return grants.length > 0 ? [{ who: identityText(c.identity), release: g.spec.kubernetesVersion, grants }] : [];
  });
  if (byIdentity.length === 0) return null;
  const all = byIdentity.flatMap((x) => x.grants);
  const unserved = all.filter((x) => x.what === 'API group' || x.what === 'resource').length;
  const unknown = all.filter((x) => x.what === 'unknown').length;
  const unaudited = all.filter((x) => x.what === 'unaudited').length;
  const releases = [...new Set(byIdentity.map((x) => x.release))].join(', ');
  const note = [
    unserved > 0 ? `${counted(unserved, 'rule')} on API groups or resources other releases serve, not counted as over-grants` : '',
    unknown > 0 ? `${counted(unknown, 'rule')} naming resources no release serves (a typo grants nothing)` : '',
    unaudited > 0 ? unauditedRulesText(unaudited) : '',
  ]
    .filter(Boolean)
    .join('; ');
  const line = (x: UnservedGrant, release: string) =>
    h(
      'li',
      {},
      h('code', {}, refText(x.role)),
      ': ',
      h('code', {}, ruleText(x.rule)),
      ' names ',
      ...x.names.flatMap((n, i) => [i > 0 ? ', ' : '', h('code', {}, n)]),
      // As `apisnoop rbac` says them.
      x.what === 'unknown' ? `, ${unknownText(release)}` : x.what === 'unaudited' ? `, ${UNAUDITED_TEXT}` : `, ${unservedText(x.names, release, x.what)}`,
    );
  return h(
    'details',
    { class: 'block fold', 'data-testid': 'unserved-grants' },
    h('summary', {}, h('h3', {}, unserved + unknown > 0 ? `Grants on what Kubernetes ${releases} does not serve${unaudited > 0 ? ', or no audit log shows' : ''}` : 'Grants no audit log shows used'), h('span', { class: 'fold-note' }, note)),
    ...byIdentity.flatMap(({ who, release, grants }) => [h('p', { class: 'grants-of' }, 'Least privilege of ', h('code', {}, who)), h('ul', { class: 'grants' }, ...grants.map((x) => line(x, release)))]),
  );
}

const INVALID_SHOWN = 200;

function invalidBlock(r: Report): HTMLElement | null {
  if (r.invalid.length === 0) return null;
  const n = r.summary.invalidLines;
  // As report.md and the verdict say it: an input cut short (a truncated gzip) is no line that was not an audit event.
  const cut = r.invalid.some((l) => isCutShort(l.message));
  const shown = Math.min(r.invalid.length, INVALID_SHOWN);
  const note =
    `${counted(n, 'invalid line')}: ${cut ? 'an input was cut short or could not be read' : n === 1 ? 'not an audit event' : 'not audit events'}` +
    (n > shown ? `; the first ${num(shown)} listed` : '');
  return h(
    'details',
    { class: 'block fold' },
    h('summary', {}, h('h3', {}, 'Lines skipped'), h('span', { class: 'fold-note' }, note)),
    h('ul', { class: 'invalid' }, ...r.invalid.slice(0, INVALID_SHOWN).map((l) => h('li', {}, h('code', {}, `${l.file}:${l.line}`), ` ${l.message}`))),
  );
}

/** The tests that hit an operation, counted: "10,000+" when the report listed only the first (testsTruncated). */
const testsCount = (op: OperationUsage): string => `${num(op.tests.length)}${op.testsTruncated ? '+' : ''}`;
