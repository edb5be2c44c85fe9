// mkdir -p without Node's spin: fs.mkdir({ recursive: true }) never returns under /proc, where a missing child is
// ENOENT even once its parent exists. Each call here runs in a child process with a timeout, so that a spin fails
// the test instead of hanging the suite.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeDir, makeDirSync } from '../src/make-dir.js';
import { repoRoot, scratchDir } from './helpers/fixtures.js';

const dir = scratchDir('make-dir');

/** makeDir or makeDirSync on `target` in a child process: its exit within 20 s and the error code it printed. */
async function inChild(fn: 'makeDir' | 'makeDirSync', target: string): Promise<{ timedOut: boolean; out: string }> {
  const script = `import { ${fn} } from './src/make-dir.ts';
try { await ${fn}(${JSON.stringify(target)}); console.log('made'); } catch (e) { console.log(e.code); }`;
  const r = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, reject: false, timeout: 20_000 });
  return { timedOut: r.timedOut, out: String(r.stdout).trim() };
}

describe('makeDir', () => {
  it('makes a directory and its parents, and is content with one that exists', async () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    await makeDir(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeDir(deep);
    makeDirSync(path.join(dir, 'a', 'x', 'y'));
    expect(existsSync(path.join(dir, 'a', 'x', 'y'))).toBe(true);
  });

  it("fails as mkdir does where a file is in the way", async () => {
    const file = path.join(dir, 'file');
    writeFileSync(file, '');
    await expect(makeDir(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDir(path.join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(() => makeDirSync(path.join(file, 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }) as Error);
  });

  it.runIf(existsSync('/proc/self'))('ends with ENOENT under /proc, where the recursive mkdir of Node spins', async () => {
    for (const fn of ['makeDir', 'makeDirSync'] as const) {
      const r = await inChild(fn, '/proc/apisnoop-no-such-dir/out');
      expect(r, fn).toEqual({ timedOut: false, out: 'ENOENT' });
    }
  });
});
