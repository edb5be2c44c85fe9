import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { mdCode, operationCell } from '../../src/render/markdown-cells.js';
import { fixed, layout, MORE_ROWS, type Part, tablePart } from '../../src/render/markdown-layout.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { hugeReport } from '../helpers/report-fixtures.js';

type Operation = Report['operations'][number];

/** The operations of a real report as a table part, counting the rows it renders. */
function operationsTable(ops: Operation[], folded: boolean, intro?: string): { part: Part; rendered: () => number } {
  let rendered = 0;
  const part = tablePart({
    name: 'operations',
    priority: 1,
    heading: `All operations (${ops.length})`,
    folded,
    intro,
    header: ['operation', 'level', 'callers'],
    align: ['l', 'l', 'l'],
    rows: ops,
    cells: (o) => {
      rendered++;
      return [operationCell(o), o.level, o.userAgents.map((u) => mdCode(u, 40)).join('<br>')];
    },
  });
  return { part, rendered: () => rendered };
}

describe('tablePart and layout on the operations of a big real report', () => {
  let ops: Operation[];
  beforeAll(() => {
    ops = hugeReport().operations;
  });

  it('size(k) is the length of render(k), for every k, folded or not, with or without an intro', () => {
    for (const [folded, intro] of [[true, undefined], [false, 'Some intro.']] as const) {
      const { part } = operationsTable(ops.slice(0, 300), folded, intro);
      for (let k = 0; k <= 300; k++) expect(part.size!(k), `k=${k}`).toBe(part.render(k).length);
    }
  });

  it('renders only about twice the rows that fit, and the same page as with every row rendered first', () => {
    const lazy = operationsTable(ops, true);
    const page = layout([fixed('## Heading'), lazy.part], 20_000);
    const shown = page.split('\n').filter((l) => l.startsWith('| `')).length;
    expect(shown).toBeGreaterThan(50);
    expect(page).toContain(MORE_ROWS(ops.length - shown));
    expect(lazy.rendered()).toBeLessThanOrEqual(2 * shown + 2);
    expect(lazy.rendered()).toBeLessThan(ops.length / 4);

    const eager = operationsTable(ops, true);
    eager.part.render(ops.length);
    expect(eager.rendered()).toBe(ops.length);
    expect(layout([fixed('## Heading'), eager.part], 20_000)).toBe(page);
  });

  it('shows the most rows that fit: one more would pass the budget', () => {
    for (const budget of [2_000, 7_777, 20_000, 45_000]) {
      const { part } = operationsTable(ops, false);
      const page = layout([fixed('## Heading'), part], budget);
      const shown = page.split('\n').filter((l) => l.startsWith('| `')).length;
      expect(page.length).toBeLessThanOrEqual(budget);
      // The page is the heading, a blank line, the part and a final newline.
      expect('## Heading'.length + 2 + part.size!(shown + 1) + 1, `budget ${budget}`).toBeGreaterThan(budget);
    }
  });

  it('says one row left out as one row, not "1 more rows"', () => {
    const { part } = operationsTable(ops.slice(0, 40), false);
    const page = layout([fixed('## Heading'), part], '## Heading'.length + 2 + part.size!(39) + 1);
    expect(page.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(39);
    expect(page).toContain('… 1 more row, see report.json');
    expect(page).not.toContain('more rows');
  });

  it('renderMarkdown renders a fraction of the rows of the huge report', () => {
    const huge = hugeReport();
    let cells = 0;
    // Counted through the report itself: each operation's callers are read once per row rendered.
    const counted = {
      ...huge,
      operations: huge.operations.map((o) => ({
        ...o,
        get userAgents() {
          cells++;
          return o.userAgents;
        },
      })),
    };
    const md = renderMarkdown(counted);
    expect(md).toBe(renderMarkdown(huge));
    expect(cells).toBeGreaterThan(0);
    expect(cells).toBeLessThan(huge.operations.length);
  });
});
