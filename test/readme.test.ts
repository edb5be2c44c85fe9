import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readme } from '../scripts/make-readme.js';

it('README.md is made from docs/ (run npm run readme)', () => {
  expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toBe(readme());
});

it('README starts with the two commands: install and run the demo, run the tests', () => {
  const head = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n').slice(0, 6).join('\n');
  expect(head).toContain('npm ci && npm run demo');
  expect(head).toContain('npm test');
});

/** Markdown without its code blocks, where nothing is a link or a heading. */
const proseOf = (text: string): string => text.replace(/```[\s\S]*?```/g, '');

/** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to hyphens; a repeat gets -1, -2... */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of proseOf(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    let anchor = base;
    for (let i = 1; anchors.has(anchor); i++) anchor = `${base}-${i}`;
    anchors.add(anchor);
  }
  return anchors;
}

it("every #link of the README reaches one of its headings (GitHub's anchors), and every relative link a file", () => {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const prose = proseOf(text);
  const anchors = anchorsOf(text);
  const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(5);
  expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  const files = [...prose.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThan(3);
  expect(files.filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)))).toEqual([]);
});

it('every link of docs/*.md works where GitHub shows that file: #anchors of its own headings, files (and their headings) from docs/', () => {
  const docs = new URL('../docs/', import.meta.url);
  const broken: string[] = [];
  let checked = 0;
  for (const name of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(new URL(name, docs), 'utf8');
    for (const [, target] of proseOf(text).matchAll(/\]\((?!https?:|mailto:)([^)\s]+)\)/g)) {
      checked++;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const at = new URL(file || name, docs);
      if (!existsSync(at)) broken.push(`${name}: ${target} (no such file)`);
      else if (anchor !== undefined && at.pathname.endsWith('.md') && !anchorsOf(readFileSync(at, 'utf8')).has(anchor)) broken.push(`${name}: ${target} (no such heading)`);
    }
  }
  expect(checked).toBeGreaterThan(15);
  expect(broken).toEqual([]);
});

it("the commands the README has a newcomer run say where their inputs are and what they print", () => {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  // the rbac example's demo.log: named with its path in this checkout, which the tests read too
  const log = '../shared/fixtures/audit/audit2rbac/demo-v1.log';
  expect(text).toContain(`\`${log}\``);
  expect(existsSync(new URL(`../${log}`, import.meta.url))).toBe(true);
  // node dist/cli.js on the system's Node: the store commands' message, as src/web/store.ts writes it
  const message = 'the store needs Node.js 22.5 or later (node:sqlite)';
  expect(text).toContain(`\`apisnoop: ${message}\``);
  expect(readFileSync(new URL('../src/web/store.ts', import.meta.url), 'utf8')).toContain(message);
});
