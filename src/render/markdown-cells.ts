// Markdown cells. Everything that can come from a log (paths, patterns, user agents, users, file names) goes into a
// code span: no HTML, no links, no @mentions, no emphasis can come out of it.
import type { OperationUsage } from '../engine/report.js';
import { type Caller, compareText, methodPath } from './format.js';

// Longest text kept in one cell: user agents and URIs come from untrusted logs and can be any length.
export const CELL_MAX = 160;
const CALLERS_SHOWN = 3;
// Longest operationId kept whole: every Kubernetes release's fit (the longest, 1.28's, is 77 characters).
export const OPERATION_ID_MAX = 100;

export function operationCell(op: Pick<OperationUsage, 'operationId' | 'method' | 'path'>): string {
  return `${mdCode(op.operationId, OPERATION_ID_MAX)}<br>${mdCode(methodPath(op))}`;
}

/**
 * The first few callers (operationCallers): a user standing in for a request without user agent says so. truncated:
 * the report lists only the first MAX_LISTED_CALLERS, and there were more.
 */
export function callersCell({ callers, truncated }: { callers: readonly Caller[]; truncated: boolean }): string {
  const shown = callers.slice(0, CALLERS_SHOWN).map((c) => (c.user ? `user ${mdCode(c.name, 80)}` : mdCode(c.name, 80)));
  const more = callers.length - shown.length;
  return shown.join('<br>') + (more > 0 ? `<br>+${more} more` : '') + (truncated ? ' and others' : '');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** null (no data to say either way) in words, as the page says it: a screen reader reads a dash alone as nothing. */
export function yesNo(value: boolean | null): string {
  return value === null ? 'no data' : value ? 'yes' : 'no';
}

export function byHitsThenId(a: OperationUsage, b: OperationUsage): number {
  return b.hits - a.hits || compareText(a.operationId, b.operationId) || compareText(a.method, b.method);
}

// C0/C1 controls and Unicode line/paragraph separators would break a table row (a CSV list cell) or hide text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A value from the log on one line: its line breaks and other controls made spaces, so a line is always one value. */
export const oneLine = (value: string): string => value.replace(CONTROLS, ' ');

// Bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are invisible and reorder the text around them,
// so a user agent, user or URI from a log could make a line read other than it is (Trojan Source). Wherever such text
// is shown (terminal, Markdown, the page) they are written out as \u202e; JSON and CSV keep them (data, not display).
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each bidi control as a visible escape, e.g. \u202e: it reads in the order it was written. */
export function visibleBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Where a cell may be cut: between the characters a reader sees, so that an emoji of several code points or a letter
// and its accent stay whole. Without Intl.Segmenter (an old browser opening report.html), between code points. Made
// on the first cut, not as the module loads: making it loads ICU's break rules, 7 ms of every run's start-up.
let graphemes: Intl.Segmenter | null | undefined;
const segments = (text: string): Iterable<{ segment: string; index: number }> =>
  (graphemes ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null)?.segment(text) ?? codePoints(text);
// A bidi control as visibleBidi writes it out (\u202e): cut inside, it would read as another escape or none.
const WRITTEN_BIDI = /\\u[0-9a-f]{4}/g;

/**
 * Cuts to at most `max` code points, marking the cut with an ellipsis. It cuts after the last whole word that fits, so
 * that a reader does not get "the operation was remo…"; inside a word only when the words before it would keep less
 * than half of `max` (a long URL, path or operationId). It never splits a character of several code points (a
 * surrogate pair, an emoji sequence, a letter and its accent) nor a bidi control written out as \u202e. The cells
 * escape Markdown and HTML after the cut, so it cannot split one of their escapes either.
 */
export function clip(value: string, max: number): string {
  // No more UTF-16 units than max: no more code points either (most cells; counting code points costs on every one).
  if (value.length <= max) return value;
  // Only the start can be kept, and max code points are at most 2·max units (a user agent can be megabytes); the
  // slack lets a written-out bidi control that starts within them be seen whole.
  const head = value.slice(0, 2 * max + 8);
  if (head.length === value.length && Array.from(value).length <= max) return value;
  const room = Math.max(0, max - 1); // the ellipsis is one
  const insideEscape = new Set<number>();
  for (const m of head.matchAll(WRITTEN_BIDI)) for (let i = m.index + 1; i < m.index + m[0].length; i++) insideEscape.add(i);
  let hard = 0; // the last place to cut that keeps room code points or fewer
  let soft = -1; // the last such place before whitespace
  let softKept = 0;
  let kept = 0;
  for (const { segment, index } of segments(head)) {
    if (/^\s/u.test(segment)) {
      soft = index;
      softKept = kept;
    }
    kept += Array.from(segment).length;
    if (kept > room) break;
    if (!insideEscape.has(index + segment.length)) hard = index + segment.length;
  }
  // The words kept, without the space and separator (";", ",", ":") they ended on.
  const words = soft > 0 && softKept >= max / 2 ? head.slice(0, soft).replace(/[\s,;:]+$/u, '') : '';
  return (words || head.slice(0, hard)) + '…';
}

function* codePoints(text: string): Generator<{ segment: string; index: number }> {
  let index = 0;
  for (const segment of text) {
    yield { segment, index };
    index += segment.length;
  }
}

/**
 * Untrusted text as an inline code span. `inTable` escapes `|` as `\|`, which GitHub's table parser turns back into
 * `|` even inside code spans; outside a table the pipe is harmless and must stay as is.
 */
export function mdCode(value: string, max = CELL_MAX, inTable = true): string {
  let text = clip(visibleBidi(oneLine(value).trim()), max);
  if (text === '') return '';
  if (inTable) text = text.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space inside the fence; CommonMark strips one on each side.
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text meant to read as prose (engine wording, kinds, categories, run notes that name users): every Markdown and HTML
 * character is backslash-escaped, and nothing in it becomes a link (unlinked), so a log cannot ping anyone nor put a
 * link on the page.
 */
export function mdText(value: string, max = CELL_MAX): string {
  const text = clip(visibleBidi(oneLine(value)), max).replace(/[\\`*_{}[\]()<>#+!|~&$]/g, '\\$&');
  // GFM's autolinks: a bare https://… (any scheme before ://) or www.… is a link; an escaped : or . is read the same
  // and is not.
  return unlinked(text.includes('//') || /www\./i.test(text) ? text.replace(BARE_URL, '\\$&') : text);
}

const BARE_URL = /:(?=\/\/)|(?<=www)\./gi;

/**
 * Untrusted text inside an HTML block (a <summary> line), where Markdown escapes do not work: HTML-escaped, with the
 * characters Markdown would act on after the block as entities, and unlinked as in mdText (GFM makes no autolinks in
 * an HTML block).
 */
export function htmlText(value: string, max = CELL_MAX): string {
  // Unlinked first: the entities (&#60;) hold a # and a number that are no reference.
  return unlinked(clip(visibleBidi(oneLine(value)), max)).replace(/[&<>"'`[\]\\*_|]/g, (ch) => `&#${ch.codePointAt(0)};`);
}

/**
 * GitHub links plain text of its own: @mentions (and owner/repo@sha), issue references (#1, owner/repo#1, GH-1) and,
 * as GFM autolinks, e-mail addresses (jane@example.com). A zero-width space after the @, # or GH- reads the same and
 * stops each; no escape does, as GitHub finds mentions and references in the rendered text.
 */
function unlinked(text: string): string {
  // The Unicode-aware pattern is slow to run on every cell; most have no @, # nor GH- at all.
  return /[@#]|gh-/i.test(text) ? text.replace(/@(?=[\p{L}\p{N}_])|(?:#|\bgh-)(?=\d)/giu, '$&\u200b') : text;
}

export function mdLink(label: string, href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new TypeError(`renderMarkdown: reportUrl is not a URL: ${JSON.stringify(href)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`renderMarkdown: reportUrl must be http(s), got ${url.protocol}`);
  }
  // URL.href percent-encodes spaces, quotes and angle brackets; the <…> form keeps parentheses from ending the link.
  return `[${mdText(label)}](<${url.href}>)`;
}

export function checkMarker(marker: string): string {
  const ok = marker.length >= 7 && marker.startsWith('<!--') && marker.endsWith('-->') && marker.indexOf('-->') === marker.length - 3 && !/[\r\n]/.test(marker);
  if (!ok) {
    throw new TypeError(`renderMarkdown: marker must be one HTML comment like <!-- apisnoop:comment -->, got ${JSON.stringify(marker)}`);
  }
  return marker;
}
