// Structural checks of rendered Markdown, written from the GFM and CommonMark rules (no parser is installed):
// tables are whole, cells split where GitHub splits them, and untrusted text cannot turn into HTML or markup.

/** Splits a GFM table row into cells the way GitHub does: on every `|` not preceded by a backslash, code spans included. */
export function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && line[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  // Leading and trailing pipes delimit the row.
  if (line.startsWith('|')) cells.shift();
  if (line.endsWith('|') && !line.endsWith('\\|')) cells.pop();
  return cells.map((c) => c.trim());
}

/** Text outside CommonMark code spans (a backtick run closed by a run of the same length). */
export function outsideCode(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (text[i] !== '`') {
      out += text[i++];
      continue;
    }
    let run = 0;
    while (text[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let j = i + run;
    let close = -1;
    while ((j = text.indexOf(fence, j)) >= 0) {
      if (text[j + run] !== '`' && text[j - 1] !== '`') {
        close = j;
        break;
      }
      while (text[j] === '`') j++;
    }
    if (close < 0) {
      out += fence; // an unclosed run is literal text
      i += run;
    } else {
      i = close + run;
    }
  }
  return out;
}

export interface Table {
  /** Line index of the header row. */
  line: number;
  header: string[];
  rows: string[][];
}

/** All tables, each checked: a delimiter row after the header, every row with as many cells as the header. */
export function tables(md: string): Table[] {
  const lines = outsideFences(md);
  const out: Table[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|')) continue;
    const header = splitRow(lines[i]);
    const delimiter = splitRow(lines[i + 1] ?? '');
    if (delimiter.length !== header.length || !delimiter.every((d) => /^:?-+:?$/.test(d))) {
      throw new Error(`line ${i + 2}: table without a delimiter row after ${lines[i].slice(0, 80)}`);
    }
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) {
      const cells = splitRow(lines[j]);
      if (cells.length !== header.length) {
        throw new Error(`line ${j + 1}: ${cells.length} cells where the header has ${header.length}: ${lines[j].slice(0, 200)}`);
      }
      rows.push(cells);
    }
    if (j < lines.length && lines[j] !== '') throw new Error(`line ${j + 1}: a table must end with a blank line`);
    out.push({ line: i, header, rows });
    i = j;
  }
  return out;
}

const ALLOWED_TAGS = /^<(\/?(details|summary|sub)|br)>/;

/**
 * The lines of the page with those inside fenced code blocks blanked (CommonMark: a fence of 3+ backticks or tildes,
 * indented at most 3 spaces, closed by a fence of the same character at least as long with nothing after it).
 * Throws on a fence left open: the rest of the page would be code.
 */
export function outsideFences(md: string): string[] {
  let open: { char: string; length: number } | null = null;
  return md.split('\n').map((line, n, all) => {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (m && m[1][0] === open.char && m[1].length >= open.length && m[2].trim() === '') open = null;
      else if (n === all.length - 1) throw new Error(`line ${n + 1}: a code fence is never closed`);
      return '';
    }
    // An info string may not hold backticks when the fence is made of them.
    if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
      open = { char: m[1][0], length: m[1].length };
      return '';
    }
    return line;
  });
}

/**
 * Problems in the Markdown outside code spans and blocks: raw HTML other than ours, unescaped markup, @mentions and
 * anything else GitHub would make a link of: a bare URL (https://…, www.…) or e-mail address (GFM's autolinks), an
 * issue reference (#1, GH-1: GitHub finds them in the rendered text, so \#1 is one too). Links of our own, [report](<…>)
 * and <https://…>, are allowed.
 */
export function unsafeMarkup(md: string, marker?: string): string[] {
  const problems: string[] = [];
  const body = marker && md.startsWith(marker) ? md.slice(marker.length) : md;
  outsideFences(body).forEach((line, n) => {
    const text = outsideCode(line).replace(/\]\(<https?:\/\/[^<>\s]*>\)|<https?:\/\/[^<>\s]*>/g, (link) => link.replace(/[:.]/g, '\\$&'));
    // An entity (&#60;) is a character, not a # and a number.
    const characters = text.replace(/&#\d+;/g, '&');
    for (const ref of characters.matchAll(/(?:#|\bgh-)\d/gi)) problems.push(`line ${n + 1}: issue reference ${JSON.stringify(characters.slice(ref.index, ref.index + 20))}`);
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '<' && !ALLOWED_TAGS.test(text.slice(i)) && !/^<https?\\:\/\/[^<>\s]*>/.test(text.slice(i))) {
        problems.push(`line ${n + 1}: raw < at ${JSON.stringify(text.slice(i, i + 40))}`);
      }
      if (c === '@' && /[\p{L}\p{N}_]/u.test(text[i + 1] ?? '')) {
        problems.push(`line ${n + 1}: @mention or e-mail address ${JSON.stringify(text.slice(Math.max(0, i - 10), i + 20))}`);
      }
      if ((c === ':' && text.startsWith('//', i + 1)) || (/^www\./i.test(text.slice(i, i + 4)) && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? ''))) {
        problems.push(`line ${n + 1}: bare URL ${JSON.stringify(text.slice(Math.max(0, i - 10), i + 30))}`);
      }
      if (c === '[' && !text.startsWith('[report](<', i) && text !== '> [!WARNING]') problems.push(`line ${n + 1}: unescaped [ ${JSON.stringify(text.slice(i, i + 30))}`);
    }
  });
  return problems;
}

/** Every <details> closed, in order, at most `maxDepth` deep (the least-privilege fold nests its YAML in a second one). */
export function detailsBalanced(md: string, maxDepth = 2): boolean {
  let open = 0;
  for (const line of outsideFences(md)) {
    const text = outsideCode(line);
    if (text.includes('<details>')) {
      if (open >= maxDepth) return false;
      open++;
    }
    if (text.includes('</details>')) {
      if (!open) return false;
      open--;
    }
  }
  return open === 0;
}

/** Sections: heading (### or <summary>), the total in its "(N …)", the table rows shown and the "… N more rows". */
export function sections(md: string): Array<{ heading: string; total: number | null; shown: number; more: number }> {
  const lines = md.split('\n');
  const out: Array<{ heading: string; total: number | null; shown: number; more: number }> = [];
  let current: (typeof out)[number] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const h = /^### (.*)$/.exec(lines[i]) ?? /^<summary>(.*)<\/summary>$/.exec(lines[i]);
    if (h) {
      const total = /\((\d+)[ )]/.exec(h[1]);
      // The unmatched sections count their rows of patterns past the cap apart: "(3 patterns and 1 row of other patterns, …)".
      const others = /^\(\d+ patterns? and (\d+) rows? of other patterns,/.exec(h[1].slice(total?.index ?? 0));
      current = { heading: h[1], total: total ? Number(total[1]) + Number(others?.[1] ?? 0) : null, shown: 0, more: 0 };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const more = /^… (\d+) more rows?, see report\.json$/.exec(lines[i]);
    if (more) current.more = Number(more[1]);
    // A body row: the header and the delimiter row come first, so the two lines above are table lines too.
    const isTableLine = (k: number): boolean => (lines[k] ?? '').startsWith('|');
    if (isTableLine(i) && isTableLine(i - 1) && isTableLine(i - 2)) current.shown++;
  }
  return out;
}
