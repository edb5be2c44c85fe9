// The page builds every element through h(): text goes in as text nodes, never as HTML, so app names,
// URIs and user agents from a log cannot inject markup; their bidi controls are shown (\u202e), as in report.md and
// on the terminal, so that they cannot reorder what is around them.
import { oneLine, visibleBidi } from '../../render/markdown-cells.js';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
    } else if (name === 'class') {
      el.className = String(value);
    } else {
      // A title is shown as text too (a tooltip); other attributes are data (hrefs, data-*, ids).
      el.setAttribute(name, value === true ? '' : name === 'title' ? visibleBidi(String(value)) : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(visibleBidi(String(child))));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Text with line-break opportunities (<wbr>) after each match of `after`: a group breaks after its dots and slash, a
 * kind between its words, so a table column can be narrower than the whole name without cutting inside a word.
 * The text itself (textContent, copy and paste) is unchanged.
 */
export function breakable(text: string, after: RegExp): HTMLElement {
  return breakInto(h('span', {}), text, after);
}

/** The same, into el (an operation's <code>: its text its own, as a search for the element by its text expects). */
export function breakInto<E extends HTMLElement>(el: E, text: string, after: RegExp): E {
  for (const part of text.split(after)) {
    if (el.firstChild && part) el.append(h('wbr'));
    if (part) append(el, [part]);
  }
  return el;
}

/**
 * Text cut for a table cell, with a button after it that shows it whole, `lines` one a line, and cuts it again: what
 * was cut was in the cell's title only, which the pointer shows and the keyboard never does. A line is always one
 * value: a line break inside a value from the log is a space, as in report.md and the CSV, so a user agent cannot read
 * as several callers. `title` (default `lines`) is the tooltip's lines. `more` and `less` name what the button does
 * ("+3 more", "fewer"); `after` follows either way (" and others"). Not `cut`, it is the short text alone.
 */
export function cutText(opts: { short: string; lines: readonly string[]; cut: boolean; title?: readonly string[]; more: string; less: string; after?: string }): HTMLElement {
  const { more, less, after = '' } = opts;
  const short = oneLine(opts.short);
  const whole = opts.lines.map(oneLine).join('\n');
  const title = (opts.title?.map(oneLine).join('\n') ?? whole) + after;
  if (!opts.cut) return h('span', { title }, short + after);
  const text = h('span', { title }, short);
  const toggle = h('button', { type: 'button', class: 'link expand', 'aria-expanded': 'false' }, more);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    clear(text);
    append(text, [open ? whole : short]);
    clear(toggle);
    append(toggle, [open ? less : more]);
  });
  return h('span', { class: 'cut' }, text, ' ', toggle, after);
}

/** A unique id for label/for and aria-* pairs. */
let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * The "e2e" tag after the name of an e2e run. Where the name says e2e already ("e2e", "e2e-1.34"), a screen reader
 * would hear it twice ("e2e e2e"): the tag is then only seen, not read.
 */
export function e2eTag(name: string, e2e: boolean): HTMLElement | null {
  if (!e2e) return null;
  return h('span', { class: 'tag e2e', 'aria-hidden': /e2e/i.test(name) ? 'true' : null }, 'e2e');
}
