// npm run bench -- [--sizes 100MB,1GB,4GB] [--mix mixed|metadata|callers] [--dir /tmp/apisnoop-bench] [--jobs 1,2] [--no-jq] [--keep]
//                   [--repeat 3] [--overlay DIR] [--node-flags "--max-semi-space-size=16"] [--one-core]
//
// Generates realistic audit logs (scripts/gen-audit-log.ts) of each size, plain and .gz (the same content), and on
// the same file in the same run measures, each in its own child process (wall time, CPU, peak RSS via
// /usr/bin/time -v):
//   - apisnoop analyze (the bundled CLI, as users run it) with 1 and 2 jobs, and with --no-fast (the reference path);
//   - the floor: a plain Node loop that reads the file and JSON.parse's every line;
//   - jq -c '{verb, requestURI}' (Debian's /usr/bin/jq), what a user would script instead;
//   - zcat | wc -l for .gz: raw decompression speed.
// Then the cost of matching one request against the 1.13 and 1.36 specs (the trie) and a naive scan of all paths.
// Files go to a temp dir, never the repo; each log is removed after its size is measured, and the bundle, reports and
// scripts at the end, unless --keep: bench-results.json stays.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { generateAuditLog, gzipFile, parseSize, type GeneratedLog } from './gen-audit-log.js';
import { OperationIndex } from '../src/engine/operation-index.js';
import type { Operation } from '../src/engine/report.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const sizes = arg('--sizes', '50MB,200MB').split(',').map((s) => s.trim());
const dir = resolve(arg('--dir', join(tmpdir(), 'apisnoop-bench')));
// --one-core: every command runs pinned to CPU 0 (taskset), its helper threads too (zlib, GC, compilers, jq's
// zcat), which is issue 4's "on one core" taken literally; without it a one-job run still has the second core for
// those threads. Two jobs on one core mean nothing, so the default is then one job.
const oneCore = args.includes('--one-core');
const TASKSET = '/usr/bin/taskset';
if (oneCore && !existsSync(TASKSET)) throw new Error(`--one-core needs ${TASKSET} (Debian's util-linux)`);
const jobsList = arg('--jobs', oneCore ? '1' : '1,2').split(',').map(Number);
const withJq = !args.includes('--no-jq');
const keep = args.includes('--keep');
const seed = Number(arg('--seed', '1'));
// --mix metadata: every request at Metadata level (no bodies), the worst case: per-event costs dominate.
// --mix callers: the same with every request from a user of its own, the worst case for memory (the report lists
// every caller of every operation).
const mix = arg('--mix', 'mixed');
if (mix !== 'mixed' && mix !== 'metadata' && mix !== 'callers') throw new Error(`--mix ${mix}: mixed, metadata or callers`);
// --overlay DIR: files under DIR replace the repo's files of the same relative path in the bundle measured
// (to measure a change before it lands, without touching the working tree).
const overlay = args.includes('--overlay') ? resolve(arg('--overlay', '')) : null;
// --node-flags "...": V8/Node flags for the apisnoop runs (e.g. --max-semi-space-size=16), to measure settings.
const nodeFlags = arg('--node-flags', '').split(' ').filter(Boolean);
// --repeat N: run every command N times, in turns, and keep each one's best wall time (and its highest peak RSS): on
// a shared machine one run can be 20% off, and jq as much as the others (1.13 s and 1.74 s on one 100 MB log in two
// runs of one afternoon), so it is repeated too: each ratio is best against best.
const repeat = Math.max(1, Number(arg('--repeat', '1')));
if (dir.startsWith(repoRoot + '/') || dir === repoRoot) throw new Error(`--dir ${dir} is inside the repository: use a temp dir`);

const node = process.execPath;
const TIME = '/usr/bin/time';

interface Run {
  name: string;
  wall: number;
  cpu: number;
  rssMB: number;
  ok: boolean;
  note?: string;
}

/** Run a command under /usr/bin/time -v; stdout to a file (or /dev/null). */
function measure(name: string, cmd: string[], stdoutFile?: string): Run {
  const shell = `${cmd.map(quote).join(' ')} > ${stdoutFile ? quote(stdoutFile) : '/dev/null'}`;
  const pin = oneCore ? [TASKSET, '-c', '0'] : [];
  const r = spawnSync(TIME, ['-v', ...pin, 'sh', '-c', shell], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const field = (label: string): string => new RegExp(`${label}: (.*)`).exec(r.stderr)?.[1]?.trim() ?? '';
  const elapsed = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .map(Number)
    .reduce((a, b) => a * 60 + b, 0);
  const exit = Number(field('Exit status'));
  // analyze exits 1 when the verdict fails: that is a result, not an error.
  const ok = name.startsWith('apisnoop') ? exit === 0 || exit === 1 : exit === 0;
  return {
    name,
    wall: elapsed,
    cpu: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    rssMB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    ok,
    note: ok ? undefined : r.stderr.split('\n').filter((l) => !l.startsWith('\t')).slice(-3).join(' '),
  };
}
const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** The floor: read, split lines, JSON.parse each (no fields taken, nothing matched), as efficient as plain Node gets. */
const FLOOR = `
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
const file = process.argv[2];
let input = createReadStream(file, { highWaterMark: 1 << 20 });
// Inflated in 1 MB pieces, as apisnoop does (zlib's 16 KB default is twice as slow): the comparison is of parsing.
if (file.endsWith('.gz')) input = input.pipe(createGunzip({ chunkSize: 1 << 20 }));
let parts = [], n = 0, bad = 0;
for await (const chunk of input) {
  let s = 0;
  for (;;) {
    const nl = chunk.indexOf(10, s);
    if (nl < 0) break;
    let text;
    if (parts.length) { parts.push(chunk.subarray(s, nl)); text = Buffer.concat(parts).toString('utf8'); parts = []; }
    else text = chunk.toString('utf8', s, nl);
    if (text.length) { try { JSON.parse(text); n++; } catch { bad++; } }
    s = nl + 1;
  }
  if (s < chunk.length) parts.push(chunk.subarray(s));
}
if (parts.length) { try { JSON.parse(Buffer.concat(parts).toString('utf8')); n++; } catch { bad++; } }
console.log(n, bad);
`;

async function bundleCli(): Promise<string> {
  // In a directory of its own (the bundle finds the shipped data at ../data): nothing of the user's in --dir is touched.
  const out = join(dir, 'bench-cli', 'dist');
  await rm(join(dir, 'bench-cli'), { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(repoRoot, 'src/bin.ts'), 'parallel-worker': join(repoRoot, 'src/sources/parallel-worker.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);" },
    plugins: overlay
      ? [
          {
            name: 'overlay',
            setup(b) {
              b.onLoad({ filter: /\.ts$/ }, async (a) => {
                const shadow = join(overlay, a.path.slice(repoRoot.length + 1));
                if (!a.path.startsWith(repoRoot + '/') || !existsSync(shadow)) return undefined;
                process.stderr.write(`overlay: ${shadow}\n`);
                return { contents: await readFile(shadow, 'utf8'), loader: 'ts', resolveDir: dirname(a.path) };
              });
            },
          },
        ]
      : [],
  });
  // The CLI finds data/ beside dist/, as in the package.
  symlinkSync(join(repoRoot, 'data'), join(dir, 'bench-cli', 'data'));
  // report.html inlines the page's script and style, built by `npm run bundle` (the page is not what is measured).
  for (const asset of ['page.js', 'page.css']) copyFileSync(join(repoRoot, 'dist', asset), join(out, asset));
  return join(out, 'cli.js');
}

async function logOf(size: string): Promise<GeneratedLog & { gz: string; gzBytes: number }> {
  const bytes = parseSize(size);
  const file = join(dir, `audit-${size}-${mix}-seed${seed}.log`);
  const meta = file + '.json';
  if (existsSync(meta) && existsSync(file) && existsSync(file + '.gz')) {
    return JSON.parse(await readFile(meta, 'utf8'));
  }
  const t0 = Date.now();
  const log = await generateAuditLog({
    bytes,
    out: file,
    seed,
    ...(mix === 'mixed' ? {} : { requestResponseShare: 0, requestShare: 0 }),
    distinctCallers: mix === 'callers',
  });
  const gzBytes = await gzipFile(file, file + '.gz');
  const info = { ...log, gz: file + '.gz', gzBytes };
  await writeFile(meta, JSON.stringify(info));
  process.stderr.write(`generated ${size}: ${log.lines} lines, ${log.events} events, ${log.requests} requests, gz ${(gzBytes / 1e6).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  return info;
}

/** Matching cost per request: the trie on two spec sizes, and a naive scan of every path template. */
function matchCost(requests: Array<[string, string]>): string[] {
  const load = (v: string): Operation[] =>
    (JSON.parse(gunzipSync(readFileSync(join(repoRoot, `data/k8s/${v}.json.gz`))).toString('utf8')) as { operations: Operation[] }).operations;
  const lines: string[] = [];
  const time = (f: () => void, rounds: number): number => {
    f(); // warm up
    const c0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) f();
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) * 1000) / rounds / requests.length; // ns per request
  };
  for (const v of ['1.13', '1.36']) {
    const ops = load(v);
    const index = new OperationIndex(ops);
    let sink = 0;
    const trie = time(() => {
      for (const [verb, uri] of requests) sink += index.match(verb, uri).operation ? 1 : 0;
    }, 5);
    // Naive: one regex per template, tried in turn (what a first implementation does).
    const templates = ops.map((o) => ({ o, re: new RegExp('^' + o.path.replace(/\{[^}]+\}/g, '[^/]+') + '$') }));
    const naive = time(() => {
      for (const [, uri] of requests) {
        const path = uri.split('?')[0];
        for (const t of templates) if (t.re.test(path)) {
          sink++;
          break;
        }
      }
    }, 1);
    lines.push(`  ${v}: ${ops.length} operations: trie ${trie.toFixed(0)} ns/request, naive scan of all paths ${naive.toFixed(0)} ns/request (${(naive / trie).toFixed(0)}x)${sink < 0 ? '' : ''}`);
  }
  return lines;
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const hasJq = existsSync('/usr/bin/jq');
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const machine = `${cpus().length} cores (nproc ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()}), ${cpuModel}, Node ${process.version}, jq ${hasJq ? spawnSync('/usr/bin/jq', ['--version'], { encoding: 'utf8' }).stdout.trim() : 'missing'}`;
  process.stdout.write(`machine: ${machine}\nload average at start: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
  if (overlay) process.stdout.write(`overlay: files under ${overlay} replace the repo's in the bundle measured\n`);
  if (oneCore) process.stdout.write('one core: every command and all its threads pinned to CPU 0 (taskset -c 0)\n');
  if (nodeFlags.length > 0) process.stdout.write(`node flags for the apisnoop runs: ${nodeFlags.join(' ')}\n`);
  if (!hasJq) process.stdout.write('jq: /usr/bin/jq is missing, its rows are skipped\n');
  const cli = await bundleCli();
  const floor = join(dir, 'floor.mjs');
  writeFileSync(floor, FLOOR);
  const results: unknown[] = [];

  for (const size of sizes) {
    const log = await logOf(size);
    for (const variant of ['plain', 'gz'] as const) {
      const file = variant === 'plain' ? log.file : log.gz;
      const reports: string[] = [];
      // The commands run in turns, `repeat` rounds; each keeps its best wall time and highest peak RSS.
      const repeated: Array<[string, string[], string?]> = [];
      for (const j of jobsList) {
        const out = join(dir, `report-${j}.json`);
        repeated.push([`apisnoop analyze -j ${j}`, [node, ...nodeFlags, cli, 'analyze', file, '--k8s-version', '1.36', '--include-system', '--format', 'json', '-q', '-j', String(j)], out]);
        reports.push(out);
      }
      if (mix === 'callers') {
        // What users run by default: every report file written (report.html and the CSVs list the callers too).
        const files = join(dir, 'report-files');
        repeated.push(['apisnoop analyze -j 1 --out (every file)', [node, ...nodeFlags, cli, 'analyze', file, '--k8s-version', '1.36', '--include-system', '--out', files, '-q', '-j', '1']]);
        reports.push(join(files, 'report.json'));
      }
      const ref = join(dir, 'report-ref.json');
      repeated.push(['apisnoop analyze --no-fast -j 1', [node, ...nodeFlags, cli, 'analyze', file, '--k8s-version', '1.36', '--include-system', '--format', 'json', '-q', '-j', '1', '--no-fast'], ref]);
      reports.push(ref);
      repeated.push(['floor: read + JSON.parse', [node, floor, file]]);
      if (hasJq && withJq) {
        repeated.push(
          variant === 'plain'
            ? ["jq -c '{verb, requestURI}'", ['/usr/bin/jq', '-c', '{verb, requestURI}', file]]
            : ["zcat | jq -c '{verb, requestURI}'", ['sh', '-c', `zcat ${quote(file)} | /usr/bin/jq -c '{verb, requestURI}'`]],
        );
      }
      if (variant === 'gz') repeated.push(['zcat | wc -l', ['sh', '-c', `zcat ${quote(file)} | wc -l`]]);
      const best = new Map<string, Run>();
      for (let round = 0; round < repeat; round++) {
        for (const [name, cmd, out] of repeated) {
          const r = measure(name, cmd, out);
          const b = best.get(name);
          if (!b) best.set(name, r);
          else best.set(name, { ...(r.ok && r.wall < b.wall ? r : b), rssMB: Math.max(r.rssMB, b.rssMB), ok: r.ok && b.ok, note: b.note ?? r.note });
        }
      }
      const runs: Run[] = [...best.values()];
      const texts = reports.map((r) => readFileSync(r, 'utf8'));
      const same = texts.every((t) => t === texts[0]) && texts[0].length > 0;

      const floorRun = runs.find((r) => r.name.startsWith('floor'))!;
      const jqRun = runs.find((r) => r.name.includes('jq'));
      const mb = log.bytes / 1e6;
      const rows = [['', 'wall s', 'CPU s', 'MB/s', 'events/s', 'peak RSS MB', 'vs floor', 'vs jq']];
      for (const r of runs) {
        rows.push([
          r.ok ? r.name : `${r.name} (FAILED: ${r.note})`,
          r.wall.toFixed(2),
          r.cpu.toFixed(2),
          (mb / r.wall).toFixed(0),
          (log.events / r.wall / 1e3).toFixed(0) + 'k',
          r.rssMB.toFixed(0),
          (floorRun.wall / r.wall).toFixed(2) + 'x',
          jqRun ? (jqRun.wall / r.wall).toFixed(2) + 'x' : '-',
        ]);
      }
      process.stdout.write(
        `\n${size} ${mix} ${variant}: ${(mb).toFixed(0)} MB uncompressed${variant === 'gz' ? `, ${(log.gzBytes / 1e6).toFixed(0)} MB on disk` : ''}, ${log.lines} lines, ${log.events} events, ${log.requests} requests\n` +
          table(rows) +
          `\n(MB/s of uncompressed log; "vs" columns: how many times faster than that row; same report from all analyze runs: ${same ? 'yes' : 'NO'})\n`,
      );
      results.push({ size, mix, variant, bytes: log.bytes, gzBytes: log.gzBytes, lines: log.lines, events: log.events, requests: log.requests, runs, sameReport: same });
    }
    if (!keep) await Promise.all([rm(log.file, { force: true }), rm(log.gz, { force: true }), rm(log.file + '.json', { force: true })]);
  }

  // Matching cost: the requests of a small generated log (real URI shapes).
  const sample = join(dir, 'match-sample.log');
  await generateAuditLog({ bytes: 5e6, out: sample, seed: seed + 1 });
  const requests: Array<[string, string]> = [];
  for (const line of readFileSync(sample, 'utf8').split('\n')) {
    const m = /"requestURI":("(?:[^"\\]|\\.)*"),"verb":"(\w+)"/.exec(line);
    if (m) requests.push([m[2], JSON.parse(m[1]) as string]);
  }
  await rm(sample, { force: true });
  const matching = matchCost(requests);
  process.stdout.write(`\nmatching ${requests.length} requests (CPU time per request):\n${matching.join('\n')}\n`);
  await writeFile(join(dir, 'bench-results.json'), JSON.stringify({ machine, oneCore, results, matching }, null, 2));
  if (!keep) {
    const made = ['bench-cli', 'floor.mjs', 'report-ref.json', 'report-files', ...jobsList.map((j) => `report-${j}.json`)];
    await Promise.all(made.map((f) => rm(join(dir, f), { recursive: true, force: true })));
  }
  process.stdout.write(`\nresults: ${join(dir, 'bench-results.json')}; disk: ${(await stat(dir)).isDirectory() ? dir : ''}\n`);
}

await main();
