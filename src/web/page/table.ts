// A sortable, searchable <table>: column headers are buttons (aria-sort tells the order), the search box
// filters rows as you type (once typing pauses; Enter at once), and a focus filter (the sunburst's zoom) narrows it further;
// many rows put back (a search cleared, a sort) come in a few hundred a paint.
import { clear, h, uid } from './dom.js';
import { counted, num } from './format.js';

export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted on. */
  value: (row: R) => string | number;
  /** The cell content; defaults to the value. */
  cell?: (row: R) => Node | string;
  numeric?: boolean;
  /** Sort this column descending first (counts). */
  descFirst?: boolean;
  className?: string;
  title?: string;
}

/**
 * How long the search waits for the next key before filtering. A table of a release's 1,000 endpoints took 200-350 ms a
 * key in headless Chromium (its rows made and laid out again each time): typed fast, a word was filtered once, not per letter.
 */
export const SEARCH_DELAY_MS = 150;

/**
 * The most rows one task puts into the table. Rows put back cost their style and layout, not their making: clearing a
 * search of a release's 1,051 endpoints spent 3 ms in script and 250-500 ms styling, laying out and painting the rows
 * (headless Chromium), the page frozen meanwhile. The first rows are shown at once, the rest follow a paint at a time,
 * typing and scrolling going on between. A cluster's 200 endpoints come back in one.
 */
export const ROWS_A_TASK = 200;

/** What the user made of a table: what they searched for and the order they chose. */
export interface TableState {
  query: string;
  sort: { key: string; desc: boolean };
}

export interface TableOptions<R> {
  caption: string;
  /** What one row is, for the "12 of 40 endpoints" line. */
  noun: [singular: string, plural: string];
  columns: Column<R>[];
  rows: R[];
  /** The text the search box matches against. */
  searchText: (row: R) => string;
  sort: { key: string; desc: boolean };
  rowClass?: (row: R) => string;
  onRowEnter?: (row: R | null) => void;
  /**
   * What the focus chip's × does, when the focus filter is another view's (the sunburst's zoom): that view undoes
   * itself and calls setFocus(null), so that both show the same again. Without it the × clears the filter alone.
   */
  clearFocus?: { label: string; run: () => void };
  placeholder?: string;
  /** What a table of no rows at all says (none filtered out): "No endpoints match." said a filter had left none. */
  empty?: string;
  testId?: string;
  /** The search and order of the table this one replaces (made again with new rows): the user's, kept. */
  state?: TableState;
  /**
   * A class for the <table> whose stylesheet gives its columns their widths (one <col class="col-KEY"> each), laid
   * out as fixed: the widths do not wait on every cell's text, and a long name wraps or is cut, not the table widened.
   */
  fixedClass?: string;
}

export interface DataTable<R> {
  element: HTMLElement;
  /** Narrow rows by a predicate (null: all), named in the toolbar with a button to clear it. */
  setFocus(filter: ((row: R) => boolean) | null, label?: string): void;
  search(text: string): void;
  state(): TableState;
  /** What its count says: "28 endpoints", "3 of 28 endpoints". */
  count(): string;
}

/**
 * Text columns in the order localeCompare('en', { numeric: true }) gives, with one collator made once: localeCompare
 * with options makes one per call, 248 of 16 ms of a sort of 10,000 rows (every key typed in the search sorts again).
 */
const TEXT_ORDER = new Intl.Collator('en', { numeric: true });

export function dataTable<R>(opts: TableOptions<R>): DataTable<R> {
  let sort = opts.state && opts.columns.some((c) => c.key === opts.state!.sort.key) ? opts.state.sort : opts.sort;
  let query = (opts.state?.query ?? '').trim().toLowerCase();
  let focus: ((row: R) => boolean) | null = null;
  const haystack = new Map(opts.rows.map((r) => [r, opts.searchText(r).toLowerCase()]));
  /**
   * Each row's <tr>, made once: a search or a sort shows, hides and moves them. Made again for every key, the rows
   * were most of a key's time in a table of 1,000 (and a cell's "+3 more" opened was closed again by the next key).
   */
  const made = new Map<R, HTMLTableRowElement>();
  /** All rows in the current order, filtered or not: sorted again only when the order changes. */
  let ordered: R[] | null = null;
  let pending: ReturnType<typeof setTimeout> | undefined;
  /** The rows of a render not all in yet: the run that puts in the next of them, once the last ones are painted. */
  let filling: object | null = null;

  const searchId = uid('search');
  const input = h('input', {
    id: searchId,
    type: 'search',
    class: 'search',
    placeholder: opts.placeholder ?? 'Filter…',
    autocomplete: 'off',
    spellcheck: 'false',
    value: opts.state?.query ?? '',
  });
  const count = h('span', { class: 'count' });
  // Said as the user types, and only when it changes; a zoom of the sunburst, which narrows the rows too, says itself.
  const status = h('span', { class: 'visually-hidden', role: 'status' });
  const focusChip = h('span', { class: 'focus-chip', hidden: true });
  const tbody = h('tbody');
  const headRow = h('tr');
  const colgroup = opts.fixedClass ? h('colgroup', {}, ...opts.columns.map((col) => h('col', { class: `col-${col.key}` }))) : null;
  const table = h(
    'table',
    { class: ['data', opts.fixedClass ?? ''].join(' ').trim(), 'data-testid': opts.testId },
    h('caption', { class: 'visually-hidden' }, opts.caption),
    colgroup,
    h('thead', {}, headRow),
    tbody,
  );
  const emptyRow = h('tr', { class: 'empty' }, h('td', { colspan: opts.columns.length }));

  const headers = opts.columns.map((col) => {
    const button = h('button', { type: 'button', class: 'sort', title: col.title ?? `Sort by ${col.label}` }, h('span', { class: 'sort-label' }, col.label), h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    button.addEventListener('click', () => {
      sort = sort.key === col.key ? { key: col.key, desc: !sort.desc } : { key: col.key, desc: Boolean(col.descFirst) };
      ordered = null;
      render();
    });
    const th = h('th', { scope: 'col', class: [col.numeric ? 'num' : '', col.className ?? ''].join(' ').trim() }, button);
    headRow.appendChild(th);
    return { col, th };
  });

  /** Filters by what the box holds now: the key typed last, Enter, or a focus change that comes first. */
  function applySearch(): void {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    const next = input.value.trim().toLowerCase();
    if (next !== query) {
      const before = count.textContent;
      query = next;
      render();
      if (count.textContent !== before) status.textContent = count.textContent;
    }
    markBusy();
  }
  /** Busy while a search waits or its rows are not all in: its count is said once it is done, and a test can wait for it. */
  function markBusy(): void {
    if (pending !== undefined || filling) element.setAttribute('aria-busy', 'true');
    else element.removeAttribute('aria-busy');
  }
  input.addEventListener('input', () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = setTimeout(applySearch, SEARCH_DELAY_MS);
    markBusy();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) applySearch();
  });

  function sorted(): R[] {
    if (ordered) return ordered;
    const col = opts.columns.find((c) => c.key === sort.key) ?? opts.columns[0];
    const dir = sort.desc ? -1 : 1;
    ordered = [...opts.rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : TEXT_ORDER.compare(String(x), String(y));
      return dir * c;
    });
    return ordered;
  }

  function visible(): R[] {
    const words = query.split(/\s+/).filter(Boolean);
    return sorted().filter((r) => (!focus || focus(r)) && words.every((w) => haystack.get(r)!.includes(w)));
  }

  function rowOf(row: R): HTMLTableRowElement {
    let tr = made.get(row);
    if (tr) return tr;
    tr = h('tr', { class: opts.rowClass?.(row) });
    for (const col of opts.columns) {
      tr.appendChild(h('td', { class: [col.numeric ? 'num' : '', col.className ?? ''].join(' ').trim() }, col.cell ? col.cell(row) : formatValue(col.value(row))));
    }
    if (opts.onRowEnter) {
      tr.addEventListener('mouseenter', () => opts.onRowEnter!(row));
      tr.addEventListener('mouseleave', () => opts.onRowEnter!(null));
    }
    made.set(row, tr);
    return tr;
  }

  function render(): void {
    for (const { col, th } of headers) {
      th.setAttribute('aria-sort', col.key === sort.key ? (sort.desc ? 'descending' : 'ascending') : 'none');
    }
    filling = null;
    const rows = visible();
    const want = rows.map(rowOf);
    // The rows already in place stay (no node made or moved for them): those filtered out leave, the others come in
    // where the order puts them. A narrowing search only takes rows out.
    const keep = new Set<Node>(want);
    for (const tr of [...tbody.children]) if (!keep.has(tr)) tr.remove();
    fill(want, 0);
    if (rows.length === 0) {
      emptyRow.firstChild!.textContent = opts.rows.length === 0 && opts.empty ? opts.empty : `No ${opts.noun[1]} match.`;
      tbody.appendChild(emptyRow);
    }
    const total = opts.rows.length;
    count.textContent = rows.length === total ? counted(total, ...opts.noun) : `${num(rows.length)} of ${counted(total, ...opts.noun)}`;
  }

  /**
   * Puts want's rows from index `from` where they go, ROWS_A_TASK of them at most (rows already in place are free), and
   * leaves the rest to a task after the next paint (a task after a task would only heap them on one frame): the table is
   * busy until they are all in. Rows not yet in are below those that are. A table not yet on the page (being made) gets
   * them all: nothing is styled or laid out before it is put in.
   */
  function fill(want: HTMLTableRowElement[], from: number): void {
    let at = from === 0 ? tbody.firstChild : want[from - 1]!.nextSibling;
    let budget = element.isConnected ? ROWS_A_TASK : Infinity;
    let i = from;
    for (; i < want.length; i++) {
      const tr = want[i]!;
      if (at === tr) {
        at = at.nextSibling;
        continue;
      }
      if (budget-- === 0) break;
      tbody.insertBefore(tr, at);
    }
    const run = i < want.length ? {} : null;
    filling = run;
    if (run) {
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (filling === run) fill(want, i);
        }),
      );
    }
    markBusy();
  }

  const element = h(
    'div',
    { class: 'table-block' },
    h('div', { class: 'toolbar' }, h('label', { for: searchId, class: 'visually-hidden' }, `Search ${opts.noun[1]}`), input, focusChip, count, status),
    h('div', { class: 'table-scroll' }, table),
  );
  render();

  return {
    element,
    setFocus(filter, label) {
      // A search typed and not yet applied goes with it: one render, of what the box says.
      if (pending !== undefined) applySearch();
      focus = filter;
      clear(focusChip);
      focusChip.hidden = !filter;
      if (filter) {
        // Named for the pointer too (title): a bare × does not say that it zooms the chart out as well.
        const clearLabel = opts.clearFocus?.label ?? `Show all ${opts.noun[1]}`;
        const clearButton = h('button', { type: 'button', class: 'chip-clear', 'aria-label': clearLabel, title: clearLabel }, '×');
        clearButton.addEventListener('click', () => {
          if (opts.clearFocus) opts.clearFocus.run();
          else this.setFocus(null);
          input.focus(); // the button is gone with the chip
        });
        focusChip.append(h('span', {}, label ?? 'filtered'), clearButton);
      }
      render();
    },
    search(text) {
      input.value = text;
      applySearch();
    },
    state() {
      return { query: input.value, sort };
    },
    count() {
      return count.textContent ?? '';
    },
  };
}

function formatValue(v: string | number): string {
  return typeof v === 'number' ? num(v) : v;
}
