// The scripts' "was I run myself" check (scripts/is-main.ts): make-readme, make-data and make-sample compared
// import.meta.url with `file://${process.argv[1]}`, which a checkout in a path with a space never equals, so they
// did nothing and said nothing.
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMain } from '../scripts/is-main.js';
import { repoRoot } from './helpers/fixtures.js';
import { scratchDir } from './helpers/scratch.js';

const dir = scratchDir('is-main');

describe('isMain', () => {
  it('is the script run: by its path with a space, relative, through a link; not another file, nor no script', () => {
    const spaced = path.join(dir, 'with space', 'make-x.ts');
    mkdirSync(path.dirname(spaced));
    writeFileSync(spaced, '');
    const url = pathToFileURL(spaced).href;
    // The old check, for the record: the URL has %20 where argv has the space.
    expect(url === `file://${spaced}`).toBe(false);
    expect(isMain(url, spaced)).toBe(true);
    expect(isMain(url, path.relative(process.cwd(), spaced))).toBe(true);
    const link = path.join(dir, 'link.ts');
    symlinkSync(spaced, link);
    expect(isMain(url, link)).toBe(true);
    const other = path.join(dir, 'with space', 'other.ts');
    writeFileSync(other, '');
    expect(isMain(url, other)).toBe(false);
    expect(isMain(url, undefined)).toBe(false);
    expect(isMain(url, '')).toBe(false);
  });

  it('make-readme, run from a checkout in a path with a space, writes the README (it did nothing)', async () => {
    const checkout = path.join(dir, 'apisnoop checkout');
    mkdirSync(path.join(checkout, 'scripts'), { recursive: true });
    for (const f of ['make-readme.ts', 'is-main.ts']) cpSync(path.join(repoRoot, 'scripts', f), path.join(checkout, 'scripts', f));
    cpSync(path.join(repoRoot, 'docs'), path.join(checkout, 'docs'), { recursive: true });
    const r = await execa(process.execPath, ['--import', 'tsx', path.join(checkout, 'scripts', 'make-readme.ts')], { cwd: repoRoot, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('README.md written from docs/');
    expect(existsSync(path.join(checkout, 'README.md'))).toBe(true);
    expect(readFileSync(path.join(checkout, 'README.md'), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
  });
});
