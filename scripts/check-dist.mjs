// check-dist: rebuild dist/ into a temporary directory and fail on any difference with the committed dist/.
// Users run the bundle, not the source, so the bundle must provably be the source.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'apisnoop-dist-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
execFileSync(process.execPath, ['scripts/bundle.mjs', out], { stdio: 'inherit' });

const files = (dir) =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
const rel = (root) => new Set(files(root).map((f) => relative(root, f)));
const built = rel(out);
const committed = rel('dist');
const problems = [];
for (const f of built) {
  if (!committed.has(f)) problems.push(`missing in dist/: ${f}`);
  else if (!readFileSync(join(out, f)).equals(readFileSync(join('dist', f)))) problems.push(`differs: dist/${f}`);
}
for (const f of committed) if (!built.has(f)) problems.push(`stale in dist/ (not built from src): ${f}`);
if (problems.length > 0) {
  console.error(`dist/ is not the build of src/ — run \`npm run bundle\` and commit dist/:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`dist/ matches the build of src/ (${built.size} files)`);
