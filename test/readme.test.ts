import { readFileSync } from 'node:fs';
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
