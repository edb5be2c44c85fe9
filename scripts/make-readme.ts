// README.md is made from docs/*.md, so each part has one source (and docs/action.md's tables come from action.yml).
// Run: npx tsx scripts/make-readme.ts   (test/readme.test.ts fails when README.md is not current)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMain } from './is-main.js';

const root = join(import.meta.dirname, '..');
export const PARTS = ['readme-head', 'walkthrough', 'report-schema', 'reports', 'classification', 'action', 'serve', 'rbac', 'performance', 'development'];

export function readme(): string {
  return PARTS.filter((p) => existsSync(join(root, 'docs', `${p}.md`)))
    .map((p) =>
      readFileSync(join(root, 'docs', `${p}.md`), 'utf8')
        // A heading of another part (rbac.md#least-privilege-apisnoop-rbac, as docs/ link it) is on the README's page.
        .replace(/\]\(([a-z-]+)\.md#/g, (m, part: string) => (PARTS.includes(part) ? '](#' : m))
        // Links written relative to docs/ point from the repository root in the README.
        .replace(/\]\(\.\.\//g, '](')
        .replace(/\]\((?!https?:|#|\/)([^)]+\.(png|md))\)/g, (m, path: string) => (path.startsWith('docs/') || path.includes('/') ? m : `](docs/${path})`))
        .trimEnd(),
    )
    .join('\n\n') + '\n';
}

if (isMain(import.meta.url)) {
  writeFileSync(join(root, 'README.md'), readme());
  console.log('README.md written from docs/');
}
