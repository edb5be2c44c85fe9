// Fitting a Markdown page into a size budget (GitHub refuses comments over 65,536 characters). The page is fixed parts
// and tables; tables are cut row-wise, each first promised a share of rows, then the most important get the rest.
import { markdownTable } from 'markdown-table';

export const MORE_ROWS = (n: number): string => `… ${n} more rows, see report.json`;
// Rows each table is promised before the budget goes to the most important ones.
const VISIBLE_FIRST_SHARE = 30;
export const FOLDED_FIRST_SHARE = 15;

/** A piece of the page: fixed text, or a table that may show fewer rows (ending with "… N more rows"). */
export interface Part {
  /** Lower = kept first. Fixed parts are always kept. */
  priority: number;
  rows: number;
  render(shown: number): string;
  fixed: boolean;
  name: string;
  /** Rows this table gets before any table gets more. */
  firstShare: number;
}

export function fixed(text: string): Part {
  return { priority: 0, rows: 0, render: () => text, fixed: true, name: '', firstShare: 0 };
}

export const SEPARATOR = '\n\n';

export function layout(parts: Part[], maxChars: number): string {
  const shown = parts.map(() => 0);
  const kept = parts.map(() => true);
  const lengths = parts.map((p) => p.render(0).length);
  const omitted: string[] = [];
  const omissionNote = (): string =>
    `_Left out to stay under ${maxChars} characters: ${omitted.join(', ')}; see report.json._`;
  const total = (): number => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < parts.length; i++) {
      if (!kept[i]) continue;
      sum += lengths[i];
      count++;
    }
    if (omitted.length > 0) {
      sum += omissionNote().length;
      count++;
    }
    // Parts joined by blank lines, plus the final newline.
    return sum + SEPARATOR.length * Math.max(0, count - 1) + 1;
  };

  // Even with no rows at all the sections may not fit a tiny budget: drop whole sections, least important first.
  const byPriority = parts
    .map((p, i) => i)
    .filter((i) => !parts[i].fixed)
    .sort((a, b) => parts[a].priority - parts[b].priority || a - b);
  for (let j = byPriority.length - 1; j >= 0 && total() > maxChars; j--) {
    const i = byPriority[j];
    kept[i] = false;
    omitted.unshift(parts[i].name);
  }
  if (total() > maxChars) {
    throw new RangeError(
      `renderMarkdown: maxChars ${maxChars} is too small for the verdict alone (it needs ${total()} characters)`,
    );
  }

  // Then give rows to the kept tables: first a share to each, in order of importance, so that a long violations
  // table cannot crowd out the untested endpoints; then whatever is left, again in order of importance.
  const grow = (i: number, upTo: number): void => {
    let lo = shown[i];
    let hi = Math.min(parts[i].rows, upTo);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const before = lengths[i];
      lengths[i] = parts[i].render(mid).length;
      const fits = total() <= maxChars;
      lengths[i] = before;
      if (fits) lo = mid;
      else hi = mid - 1;
    }
    shown[i] = lo;
    lengths[i] = parts[i].render(lo).length;
  };
  const tables = byPriority.filter((i) => kept[i] && parts[i].rows > 0);
  for (const i of tables) grow(i, parts[i].firstShare);
  for (const i of tables) grow(i, parts[i].rows);

  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (kept[i]) out.push(parts[i].render(shown[i]));
  }
  if (omitted.length > 0) out.splice(out.length - 1, 0, omissionNote());
  return out.join(SEPARATOR) + '\n';
}

/**
 * A table section whose rows can be cut. Rows are rendered once (no column alignment, so each row's length is
 * independent of the others) and the section is re-assembled for any number of shown rows.
 */
export function tablePart(args: {
  name: string;
  priority: number;
  heading: string;
  folded: boolean;
  intro?: string;
  header: string[];
  rows: string[][];
  align?: Array<'l' | 'r' | 'c'>;
}): Part {
  const lines = markdownTable([args.header, ...args.rows], { alignDelimiters: false, align: args.align }).split('\n');
  const render = (shown: number): string => {
    const body: string[] = [];
    if (args.intro) body.push(args.intro);
    if (shown > 0) body.push(lines.slice(0, 2 + shown).join('\n'));
    if (shown < args.rows.length) body.push(MORE_ROWS(args.rows.length - shown));
    const inner = body.join(SEPARATOR);
    // Blank lines around the inner Markdown: GitHub renders Markdown inside <details> only when separated.
    return args.folded
      ? `<details>\n<summary>${args.heading}</summary>\n\n${inner}\n\n</details>`
      : `### ${args.heading}\n\n${inner}`;
  };
  return {
    name: args.name,
    priority: args.priority,
    rows: args.rows.length,
    render,
    fixed: false,
    firstShare: args.folded ? FOLDED_FIRST_SHARE : VISIBLE_FIRST_SHARE,
  };
}

export function textPart(name: string, priority: number, text: string): Part {
  return { name, priority, rows: 0, render: () => text, fixed: false, firstShare: 0 };
}
