// Builds dist/ from src/: the Action (index.js, post.js), the CLI (cli.js) and the browser page (page.js).
// Deterministic output, so `check-dist` can rebuild and diff.
import { build } from 'esbuild';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Optional output directory (check-dist builds into a temporary one).
const outdir = process.argv[2] ?? 'dist';

// Chunk names carry content hashes: clear old ones so dist/ holds only this build.
await rm(join(outdir, 'chunks'), { recursive: true, force: true });

const banner = {
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  js: "import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);",
};

const node = await build({
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
  metafile: true,
});
// The page: dist/page.js (an IIFE, d3 tree-shaken in) and dist/page.css; report.html inlines both, serve links them.
const page = await build({
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
  metafile: true,
});
await chmod(join(outdir, 'cli.js'), 0o755);

// The bundles carry the code of the packages they import, and those packages' licences ask that their notices go
// with it: dist/licenses.txt holds each package's name, version, licence and licence text (no separate install
// brings them, as the package has no runtime dependencies).
/** The package directory (node_modules/<name> or node_modules/@scope/name) an input file of the bundles is in. */
function packageDir(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const name = parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3).join('/') : parts[at + 1];
  return join(...parts.slice(0, at + 1), name);
}
/** The files whose code is in the outputs of a build, by package (a module tree-shaken to nothing carries no code). */
function carriedBy(outputs) {
  const carried = new Map();
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = packageDir(input);
      if (dir === undefined) continue;
      if (!carried.has(dir)) carried.set(dir, new Set());
      if (bytesInOutput > 0) carried.get(dir).add(input);
    }
  }
  return carried;
}

/** A package's name, version, licence and the text of its licence file (and notices), as licenses.txt gives them. */
async function noticeOf(dir, files) {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const file = (await readdir(dir)).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort()[0];
  const author = typeof pkg.author === 'object' ? pkg.author.name : pkg.author;
  // A few packages ship no licence file (one names no licence at all): what their package.json says is all there is.
  const licence = (pkg.license ?? 'no licence named in the package').replace(/^\((.*)\)$/, '$1');
  let text = file === undefined ? `(no licence file in the package) ${licence}${author ? `, ${author}` : ''}` : (await readFile(join(dir, file), 'utf8')).trim();
  // A package under several licences (an AND expression) may keep the notices of the code it took from elsewhere
  // in that code's files only (@protobuf-ts/runtime: Google's and protobuf.js's BSD-3-Clause): they go with it too.
  if (/\bAND\b/.test(licence)) {
    const heads = new Set();
    for (const input of [...files].sort()) {
      // The comments a file opens with, after its "use strict" (a CommonJS build's first line).
      const head = (await readFile(input, 'utf8'))
        .match(/^(?:\s*(?:(["'])use strict\1;?|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))+/)?.[0]
        .replace(/^\s*(["'])use strict\1;?/, '')
        .trim();
      if (head !== undefined && /copyright/i.test(head)) heads.add(head);
    }
    if (heads.size > 0) text += `\n\nNotices in the files of ${pkg.name} the bundles carry:\n\n${[...heads].join('\n\n')}`;
  }
  return { name: pkg.name, version: pkg.version, licence, text };
}

const carried = carriedBy([...Object.values(node.metafile.outputs), ...Object.values(page.metafile.outputs)]);
const notices = [];
for (const dir of [...carried.keys()].sort()) {
  const n = await noticeOf(dir, carried.get(dir));
  notices.push(`${n.name} ${n.version} (${n.licence})\n\n${n.text}\n`);
}
await writeFile(join(outdir, 'licenses.txt'), `The packages bundled into dist/, with their licences.\n\n${notices.join(`\n${'-'.repeat(80)}\n\n`)}`);

// page.js goes on its own, inlined into every report.html a run uploads or a user passes on: the notices of what it
// carries (d3's modules: three texts, ISC and d3-ease's BSD-3-Clause) open it, each text once with the packages under it.
const pageCarried = carriedBy(Object.values(page.metafile.outputs));
const byText = new Map();
for (const dir of [...pageCarried.keys()].sort()) {
  if (pageCarried.get(dir).size === 0) continue;
  const n = await noticeOf(dir, pageCarried.get(dir));
  byText.set(n.text, [...(byText.get(n.text) ?? []), `${n.name} ${n.version} (${n.licence})`]);
}
const pageNotices = [...byText].map(([text, names]) => `${names.join(', ')}:\n\n${text}`).join('\n\n');
const pageJs = join(outdir, 'page.js');
await writeFile(pageJs, `/*!\n${pageNotices.replaceAll('*/', '* /')}\n*/\n${await readFile(pageJs, 'utf8')}`);
