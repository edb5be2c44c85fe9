// Builds dist/ from src/: the Action (index.js, post.js), the CLI (cli.js) and the browser page (page.js).
// Deterministic output, so `check-dist` can rebuild and diff.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';

// Optional output directory (check-dist builds into a temporary one).
const outdir = process.argv[2] ?? 'dist';

// Chunk names carry content hashes: clear old ones so dist/ holds only this build.
await rm(join(outdir, 'chunks'), { recursive: true, force: true });

const banner = {
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  js: "import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);",
};

await build({
  entryPoints: { index: 'src/index.ts', post: 'src/post.ts', cli: 'src/bin.ts', 'parallel-worker': 'src/sources/parallel-worker.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
  // One shared chunk keeps the three entries from carrying three copies of the engine.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
// The page: dist/page.js (an IIFE, d3 tree-shaken in) and dist/page.css; report.html inlines both, serve links them.
await build({
  entryPoints: [
    { in: 'src/web/page/main.ts', out: 'page' },
    { in: 'src/web/page/page.css', out: 'page' },
  ],
  outdir,
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(join(outdir, 'cli.js'), 0o755);
