// Fitting a Markdown page into a size budget (GitHub refuses comments over 65,536 characters). The page is fixed parts
// and tables; tables are cut row-wise, each first promised a share of rows, then the most important get the rest.
import { markdownTable } from 'markdown-table';
import { plural } from './markdown-cells.js';

/** `file`: where the rows left out are; a page of several releases names each release's own (1.34/report.json). */
export const MORE_ROWS = (n: number, file = 'report.json'): string => `… ${plural(n, 'more row', 'more rows')}, see ${file}`;
// Rows each table is promised before the budget goes to the most important ones.
const VISIBLE_FIRST_SHARE = 30;
export const FOLDED_FIRST_SHARE = 15;

/** A piece of the page: fixed text, or a table that may show fewer rows (ending with "… N more rows"). */
export interface Part {
  /** Lower = kept first. Fixed parts are always kept. */
  priority: number;
  rows: number;
  render(shown: number): string;
  /** render(shown).length, without making the text (tables: from the lengths of their rows). */
  size?(shown: number): number;
  fixed: boolean;
  name: string;
  /** Rows this table gets before any table gets more. */
  firstShare: number;
}

export function fixed(text: string): Part {
  return { priority: 0, rows: 0, render: () => text, fixed: true, name: '', firstShare: 0 };
}

export const SEPARATOR = '\n\n';

/** `see`: where what is left out is, as Markdown. */
export function layout(parts: Part[], maxChars: number, see = 'report.json'): string {
  const shown = parts.map(() => 0);
  const kept = parts.map(() => true);
  const size = (i: number, shown: number): number => parts[i].size?.(shown) ?? parts[i].render(shown).length;
  const lengths = parts.map((p, i) => size(i, 0));
  const omitted: string[] = [];
  const omissionNote = (): string =>
    `_Left out to stay under ${maxChars} characters: ${omitted.join(', ')}; see ${see}._`;
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
  // The search gallops up from the rows shown (1, 2, 4 more...), then halves: a table's rows are rendered only as
  // far as it looks, about twice what fits, not all of them (the operations table has a row per operation used).
  const grow = (i: number, upTo: number): void => {
    const fits = (k: number): boolean => {
      const before = lengths[i];
      lengths[i] = size(i, k);
      const ok = total() <= maxChars;
      lengths[i] = before;
      return ok;
    };
    let lo = shown[i];
    let hi = Math.min(parts[i].rows, upTo);
    for (let step = 1; lo < hi; step *= 2) {
      const probe = Math.min(hi, lo + step);
      if (!fits(probe)) {
        hi = probe - 1;
        break;
      }
      lo = probe;
    }
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    shown[i] = lo;
    lengths[i] = size(i, lo);
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
 * A table section whose rows can be cut. Each row is rendered when the layout first looks at it, once (no column
 * alignment, so a row's text does not depend on the others), and the section is re-assembled for any number of
 * shown rows; its length is counted from the rows' lengths.
 */
export function tablePart<T>(args: {
  name: string;
  priority: number;
  heading: string;
  folded: boolean;
  intro?: string;
  header: string[];
  rows: readonly T[];
  cells: (row: T) => string[];
  align?: Array<'l' | 'r' | 'c'>;
  /** Where the rows left out are, as Markdown; default report.json. */
  file?: string;
}): Part {
  const table = (rows: string[][]): string[] =>
    markdownTable([args.header, ...rows], { alignDelimiters: false, align: args.align }).split('\n');
  // The header and delimiter lines, then one line per row rendered so far; ends[j]: the lengths of lines[0..j).
  const lines = table([]);
  const ends = [0];
  for (const line of lines) ends.push(ends[ends.length - 1] + line.length);
  const upTo = (shown: number): void => {
    const done = lines.length - 2;
    if (shown <= done) return;
    for (const line of table(args.rows.slice(done, shown).map(args.cells)).slice(2)) {
      lines.push(line);
      ends.push(ends[ends.length - 1] + line.length);
    }
  };
  const [open, close] = args.folded
    ? [`<details>\n<summary>${args.heading}</summary>\n\n`, '\n\n</details>']
    : [`### ${args.heading}\n\n`, ''];
  const render = (shown: number): string => {
    upTo(shown);
    const body: string[] = [];
    if (args.intro) body.push(args.intro);
    if (shown > 0) body.push(lines.slice(0, 2 + shown).join('\n'));
    if (shown < args.rows.length) body.push(MORE_ROWS(args.rows.length - shown, args.file));
    // Blank lines around the inner Markdown: GitHub renders Markdown inside <details> only when separated.
    return open + body.join(SEPARATOR) + close;
  };
  const size = (shown: number): number => {
    upTo(shown);
    let inner = 0;
    let pieces = 0;
    if (args.intro) {
      inner += args.intro.length;
      pieces++;
    }
    if (shown > 0) {
      // 2 + shown lines, joined by line breaks.
      inner += ends[2 + shown] + 1 + shown;
      pieces++;
    }
    if (shown < args.rows.length) {
      inner += MORE_ROWS(args.rows.length - shown, args.file).length;
      pieces++;
    }
    return open.length + inner + SEPARATOR.length * Math.max(0, pieces - 1) + close.length;
  };
  return {
    name: args.name,
    priority: args.priority,
    rows: args.rows.length,
    render,
    size,
    fixed: false,
    firstShare: args.folded ? FOLDED_FIRST_SHARE : VISIBLE_FIRST_SHARE,
  };
}

export function textPart(name: string, priority: number, text: string): Part {
  return { name, priority, rows: 0, render: () => text, fixed: false, firstShare: 0 };
}
