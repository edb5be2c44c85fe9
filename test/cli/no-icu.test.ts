// ICU's formatters cost a run's start-up: making the first (an Intl.NumberFormat, a Segmenter) loads ICU's data, about
// 9 ms, and a run of analyze writes its counts without them (engine/grouped.ts). Counted in the real CLI, on a real
// log, whatever it writes: a module that makes one as it loads (page/format.ts's numbers, which the CLI loads through
// web/coverage.ts) is counted although nothing of it runs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { AUDIT2RBAC_V1, scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('no-icu');

/** Loaded before the CLI: counts what starts ICU (Intl's constructors, the locale methods), said on stderr at exit. */
const WATCH = `import { writeSync } from 'node:fs';
const made = [];
const where = () => new Error().stack.split('\\n')[3]?.trim() ?? '';
for (const name of Object.getOwnPropertyNames(Intl)) {
  const Real = Intl[name];
  if (typeof Real !== 'function') continue;
  Intl[name] = new Proxy(Real, { construct(t, a, nt) { made.push(\`Intl.\${name} \${where()}\`); return Reflect.construct(t, a, nt); } });
}
for (const [proto, m] of [[Number.prototype, 'toLocaleString'], [String.prototype, 'localeCompare'], [Date.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleDateString'], [Date.prototype, 'toLocaleTimeString'], [Array.prototype, 'toLocaleString']]) {
  const real = proto[m];
  proto[m] = function (...a) { made.push(\`\${m} \${where()}\`); return real.apply(this, a); };
}
process.on('exit', () => writeSync(2, \`ICU: \${JSON.stringify(made)}\\n\`));
`;
const watch = path.join(dir, 'watch-icu.mjs');
writeFileSync(watch, WATCH);

/** What started ICU in a run of the CLI. */
async function icuIn(args: string[]): Promise<string[]> {
  const r = await runCli(args, { nodeArgs: ['--import', watch] });
  expect(r.exitCode, r.stderr).toBe(0);
  const said = /^ICU: (.*)$/m.exec(r.stderr);
  expect(said, r.stderr).not.toBeNull();
  return JSON.parse(said![1]!) as string[];
}

describe('a run of analyze starts no ICU formatter', () => {
  const common = ['analyze', AUDIT2RBAC_V1, '--spec', specPath('1.13'), '--conformance', 'none'];
  it('writing report.json, report.md, or every report file', async () => {
    expect(await icuIn([...common, '--format', 'json'])).toEqual([]);
    expect(await icuIn([...common, '--format', 'md'])).toEqual([]);
    expect(await icuIn([...common, '--out', path.join(dir, 'report')])).toEqual([]);
  }, 60_000);

  it('the watch sees a formatter made (what the test counts is there to count)', async () => {
    const script = path.join(dir, 'makes-one.mjs');
    writeFileSync(script, "new Intl.NumberFormat('en-US').format(1234); (5).toLocaleString('en-US');\n");
    const { execa } = await import('execa');
    const r = await execa(process.execPath, ['--import', watch, script], { reject: false });
    expect(JSON.parse(/^ICU: (.*)$/m.exec(String(r.stderr))![1]!)).toEqual([expect.stringMatching(/^Intl\.NumberFormat /), expect.stringMatching(/^toLocaleString /)]);
  }, 60_000);
});
