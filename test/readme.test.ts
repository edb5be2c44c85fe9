import { existsSync, readFileSync } from 'node:fs';
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

it("every #link of the README reaches one of its headings (GitHub's anchors), and every relative link a file", () => {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const prose = text.replace(/```[\s\S]*?```/g, '');
  // GitHub's anchor: lower case, punctuation dropped, spaces to hyphens; a repeated heading gets -1, -2...
  const anchors = new Set<string>();
  for (const [, heading] of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    let anchor = base;
    for (let i = 1; anchors.has(anchor); i++) anchor = `${base}-${i}`;
    anchors.add(anchor);
  }
  const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(5);
  expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  const files = [...prose.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThan(3);
  expect(files.filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)))).toEqual([]);
});
