// npm run bench -- [--sizes 100MB,1GB,4GB] [--mix mixed|metadata|policy|callers] [--dir /tmp/apisnoop-bench] [--jobs 1,2]
//                   [--no-jq] [--keep] [--repeat 3] [--overlay DIR] [--node-flags "--max-semi-space-size=16"] [--one-core]
//
// Generates realistic audit logs (scripts/gen-audit-log.ts) of each size, plain and .gz (the same content), and on
// the same file in the same run measures, each in its own child process (wall time from the clock around the child,
// CPU and peak RSS from /usr/bin/time -v):
//   - apisnoop analyze (the bundled CLI, as users run it): -j 1 pinned to one core (taskset, where there is one),
//     -j 1 unpinned (one job, whose helper threads have the other core) and -j 2, and --no-fast (the reference path);
//   - the floor: a plain Node loop that reads the file and JSON.parse's every line (pinned too, for the one-core row);
//   - jq -c '{verb, requestURI}' (Debian's /usr/bin/jq), what a user would script instead;
//   - zcat | wc -l for .gz: raw decompression speed.
// Then the cost of matching one request with the trie and with a naive scan of all paths, on specs of 1k to 14k
// operations (scripts/bench-match.ts).
// Files go to a temp dir, never the repo; each log is removed after its size is measured, and the bundle, reports and
// scripts at the end, unless --keep: bench-results.json stays.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { generateAuditLog, gzipFile, MIXES, mixOptions, parseSize, type GeneratedLog, type Mix } from './gen-audit-log.js';
import type { Operation } from '../src/engine/report.js';
import { CRD_OPERATIONS, matchCosts, withCrdGroups, type MatchSpec } from './bench-match.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const sizes = arg('--sizes', '50MB,200MB').split(',').map((s) => s.trim());
const dir = resolve(arg('--dir', join(tmpdir(), 'apisnoop-bench')));
// Issue 4's "on one core" taken literally is a run pinned to CPU 0 (taskset), its helper threads too (zlib, GC,
// compilers): unpinned, one job still has the second core for those threads. So by default -j 1 and the floor run
// pinned as well as unpinned, and the footer compares both cores with one core within the run.
// --one-core: every command runs pinned (jq's zcat too); two jobs on one core mean nothing, so the default is then one job.
const oneCore = args.includes('--one-core');
const TASKSET = '/usr/bin/taskset';
const canPin = existsSync(TASKSET);
if (oneCore && !canPin) throw new Error(`--one-core needs ${TASKSET} (Debian's util-linux)`);
const pinnedRows = canPin && !oneCore;
const jobsList = arg('--jobs', oneCore ? '1' : '1,2').split(',').map(Number);
const withJq = !args.includes('--no-jq');
const keep = args.includes('--keep');
const seed = Number(arg('--seed', '1'));
// --mix metadata: every request at Metadata level (no bodies), the worst case: per-event costs dominate. 80% of its
// requests log RequestReceived, as in the mixed log.
// --mix policy: what the project's own audit policy writes (scripts/audit-policy.yaml): Metadata level with
// RequestReceived omitted, one line per request (ResponseStarted kept for watches); the real fixture logs are
// Metadata-level too.
// --mix callers: metadata with every request from a user of its own, the worst case for memory (the report lists
// every caller of every operation).
const mixArg = arg('--mix', 'mixed');
const isMix = (m: string): m is Mix => (MIXES as readonly string[]).includes(m);
if (!isMix(mixArg)) throw new Error(`--mix ${mixArg}: ${MIXES.join(', ')}`);
const mix: Mix = mixArg;
// --overlay DIR: files under DIR replace the repo's files of the same relative path in the bundle measured
// (to measure a change before it lands, without touching the working tree).
const overlay = args.includes('--overlay') ? resolve(arg('--overlay', '')) : null;
// --node-flags "...": V8/Node flags for the apisnoop runs (e.g. --max-semi-space-size=16), to measure settings.
const nodeFlags = arg('--node-flags', '').split(' ').filter(Boolean);
// --repeat N: run every command N times, in turns, and keep each one's best wall time (with that run's CPU) and the
// highest peak RSS of the N: on a shared machine one run can be 20% off, and jq as much as the others (1.13 s and
// 1.74 s on one 100 MB log in two runs of one afternoon), so it is repeated too: each ratio is best against best.
// The footer and bench-results.json say so, with every wall time.
const repeat = Math.max(1, Number(arg('--repeat', '1')));
if (dir.startsWith(repoRoot + '/') || dir === repoRoot) throw new Error(`--dir ${dir} is inside the repository: use a temp dir`);

const node = process.execPath;
const TIME = '/usr/bin/time';

type Role = 'analyze' | 'floor' | 'jq' | 'zcat';

interface Command {
  name: string;
  role: Role;
  cmd: string[];
  /** Pinned to CPU 0 with all its threads (taskset -c 0). */
  pinned: boolean;
  stdoutFile?: string;
}

interface Run {
  name: string;
  role: Role;
  pinned: boolean;
  /** Seconds: the best of `walls`. */
  wall: number;
  /** Every run's wall time, in the order run. */
  walls: number[];
  /** CPU seconds (user + system) of the run whose wall time is kept. */
  cpu: number;
  /** The highest peak RSS of all runs. */
  rssMB: number;
  ok: boolean;
  note?: string;
}

/**
 * Run a command under /usr/bin/time -v; stdout to a file (or /dev/null). Wall time is the monotonic clock around the
 * child (time -v prints it only to 10 ms, a tenth of the margins a 100 MB log is judged by); it includes starting
 * time and sh, about a millisecond, for every command alike. CPU and peak RSS are time -v's.
 */
function measure(c: Command): Run {
  const shell = `${c.cmd.map(quote).join(' ')} > ${c.stdoutFile ? quote(c.stdoutFile) : '/dev/null'}`;
  const pin = c.pinned ? [TASKSET, '-c', '0'] : [];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-v', ...pin, 'sh', '-c', shell], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const field = (label: string): string => new RegExp(`${label}: (.*)`).exec(r.stderr)?.[1]?.trim() ?? '';
  const exit = Number(field('Exit status'));
  // analyze exits 1 when the verdict fails: that is a result, not an error.
  const ok = c.role === 'analyze' ? exit === 0 || exit === 1 : exit === 0;
  return {
    name: c.name,
    role: c.role,
    pinned: c.pinned,
    wall,
    walls: [wall],
    cpu: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    rssMB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    ok,
    note: ok ? undefined : r.stderr.split('\n').filter((l) => !l.startsWith('\t')).slice(-3).join(' '),
  };
}

/** Best of N: the fastest successful run with its CPU, the highest peak RSS of all, every wall time kept. */
function keepBest(b: Run | undefined, r: Run): Run {
  if (!b) return r;
  return { ...(r.ok && (r.wall < b.wall || !b.ok) ? r : b), walls: [...b.walls, ...r.walls], rssMB: Math.max(r.rssMB, b.rssMB), ok: r.ok && b.ok, note: b.note ?? r.note };
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
    ...mixOptions(mix),
  });
  const gzBytes = await gzipFile(file, file + '.gz');
  const info = { ...log, gz: file + '.gz', gzBytes };
  await writeFile(meta, JSON.stringify(info));
  process.stderr.write(`generated ${size}: ${log.lines} lines, ${log.events} events, ${log.requests} requests, gz ${(gzBytes / 1e6).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  return info;
}

/** Matching cost per request on specs of 1k to 14k operations: the two real specs and 1.36 grown by CRD groups. */
function matchCost(requests: Array<[string, string]>): { costs: ReturnType<typeof matchCosts>; lines: string[] } {
  const load = (v: string): Operation[] =>
    (JSON.parse(gunzipSync(readFileSync(join(repoRoot, `data/k8s/${v}.json.gz`))).toString('utf8')) as { operations: Operation[] }).operations;
  const v136 = load('1.36');
  const specs: MatchSpec[] = [
    { name: '1.13', ops: load('1.13') },
    { name: '1.36', ops: v136 },
  ];
  for (const target of [4000, 14000]) {
    const groups = Math.round((target - v136.length) / CRD_OPERATIONS);
    specs.push({ name: `1.36 + ${groups} CRD groups`, ops: withCrdGroups(v136, groups) });
  }
  const costs = matchCosts(specs, requests);
  const w = Math.max(...costs.map((c) => c.spec.length));
  const lines = costs.map(
    (c) =>
      `  ${c.spec.padEnd(w)}  ${c.operations.toLocaleString('en-US').padStart(6)} operations: trie ${c.trieNs.toFixed(0).padStart(5)} ns/request, ` +
      `naive scan of all paths ${c.naiveNs.toFixed(0).padStart(6)} ns/request (${(c.naiveNs / c.trieNs).toFixed(0)}x)`,
  );
  return { costs, lines };
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

/** The commands measured on one file, in the order they run in each round. */
function commandsFor(file: string, variant: 'plain' | 'gz', cli: string, floor: string): Command[] {
  const analyze = (j: number, extra: string[] = []): string[] => [node, ...nodeFlags, cli, 'analyze', file, '--k8s-version', '1.36', '--include-system', ...extra, '-q', '-j', String(j)];
  const json = ['--format', 'json'];
  const cmds: Command[] = [];
  if (pinnedRows) cmds.push({ name: 'apisnoop analyze -j 1, one core', role: 'analyze', cmd: analyze(1, json), pinned: true, stdoutFile: join(dir, 'report-1-pinned.json') });
  for (const j of jobsList) {
    const label = oneCore ? '' : j === 1 ? ', one job, both cores' : j === 2 ? ', two jobs' : `, ${j} jobs`;
    cmds.push({ name: `apisnoop analyze -j ${j}${label}`, role: 'analyze', cmd: analyze(j, json), pinned: oneCore, stdoutFile: join(dir, `report-${j}.json`) });
  }
  if (mix === 'callers') {
    // What users run by default: every report file written (report.html and the CSVs list the callers too).
    cmds.push({ name: 'apisnoop analyze -j 1 --out (every file)', role: 'analyze', cmd: analyze(1, ['--out', join(dir, 'report-files')]), pinned: oneCore });
  }
  cmds.push({ name: 'apisnoop analyze --no-fast -j 1', role: 'analyze', cmd: analyze(1, [...json, '--no-fast']), pinned: oneCore, stdoutFile: join(dir, 'report-ref.json') });
  if (pinnedRows) cmds.push({ name: 'floor: read + JSON.parse, one core', role: 'floor', cmd: [node, floor, file], pinned: true });
  cmds.push({ name: 'floor: read + JSON.parse', role: 'floor', cmd: [node, floor, file], pinned: oneCore });
  if (existsSync('/usr/bin/jq') && withJq) {
    cmds.push(
      variant === 'plain'
        ? { name: "jq -c '{verb, requestURI}'", role: 'jq', cmd: ['/usr/bin/jq', '-c', '{verb, requestURI}', file], pinned: oneCore }
        : { name: "zcat | jq -c '{verb, requestURI}'", role: 'jq', cmd: ['sh', '-c', `zcat ${quote(file)} | /usr/bin/jq -c '{verb, requestURI}'`], pinned: oneCore },
    );
  }
  if (variant === 'gz') cmds.push({ name: 'zcat | wc -l', role: 'zcat', cmd: ['sh', '-c', `zcat ${quote(file)} | wc -l`], pinned: oneCore });
  return cmds;
}

/** The reports every analyze run wrote, to check they are the same. */
const reportsOf = (cmds: Command[]): string[] =>
  cmds.filter((c) => c.role === 'analyze').map((c) => c.stdoutFile ?? join(dir, 'report-files', 'report.json'));

/** "both cores vs one core" within one run: the pinned -j 1 against -j 1 and -j 2 unpinned. */
function coresLine(runs: Run[]): string | null {
  const one = runs.find((r) => r.role === 'analyze' && r.pinned && r.name.includes('-j 1'));
  const job1 = runs.find((r) => r.role === 'analyze' && !r.pinned && r.name.includes('-j 1, one job'));
  const job2 = runs.find((r) => r.role === 'analyze' && !r.pinned && r.name.includes('-j 2'));
  if (!one || !job1) return null;
  const x = (a: Run, b: Run): string => `${(b.wall / a.wall).toFixed(2)}x`;
  return `both cores vs one core, in this run: one job ${x(job1, one)}${job2 ? `, two jobs ${x(job2, one)} (two jobs vs one job on both cores: ${x(job2, job1)})` : ''}`;
}

const loads = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const hasJq = existsSync('/usr/bin/jq');
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const machine = `${cpus().length} cores (nproc ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()}), ${cpuModel}, Node ${process.version}, jq ${hasJq ? spawnSync('/usr/bin/jq', ['--version'], { encoding: 'utf8' }).stdout.trim() : 'missing'}`;
  const loadStart = loads();
  process.stdout.write(`machine: ${machine}\nload average at start: ${loadStart}\n`);
  if (overlay) process.stdout.write(`overlay: files under ${overlay} replace the repo's in the bundle measured\n`);
  if (oneCore) process.stdout.write('one core: every command and all its threads pinned to CPU 0 (taskset -c 0)\n');
  else if (pinnedRows) process.stdout.write('"one core" rows: pinned to CPU 0 with all their threads (taskset -c 0); the others unpinned\n');
  else process.stdout.write(`${TASKSET} is missing: no one-core rows, every row unpinned\n`);
  if (nodeFlags.length > 0) process.stdout.write(`node flags for the apisnoop runs: ${nodeFlags.join(' ')}\n`);
  if (!hasJq) process.stdout.write('jq: /usr/bin/jq is missing, its rows are skipped\n');
  const cli = await bundleCli();
  const floor = join(dir, 'floor.mjs');
  writeFileSync(floor, FLOOR);
  const results: unknown[] = [];
  const bestOf = repeat === 1 ? 'each row: one run' : `each row: the best wall time of ${repeat} runs in turns, with that run's CPU, and the highest peak RSS of the ${repeat}`;

  for (const size of sizes) {
    const log = await logOf(size);
    for (const variant of ['plain', 'gz'] as const) {
      const file = variant === 'plain' ? log.file : log.gz;
      const cmds = commandsFor(file, variant, cli, floor);
      const best = new Map<string, Run>();
      for (let round = 0; round < repeat; round++) {
        for (const c of cmds) best.set(c.name, keepBest(best.get(c.name), measure(c)));
      }
      const runs: Run[] = [...best.values()];
      const texts = reportsOf(cmds).map((r) => readFileSync(r, 'utf8'));
      const same = texts.every((t) => t === texts[0]) && texts[0].length > 0;

      // A one-core row is compared with the floor on one core; jq runs once, as the user would run it.
      const floorOf = (r: Run): Run => runs.find((f) => f.role === 'floor' && f.pinned === r.pinned) ?? runs.find((f) => f.role === 'floor')!;
      const jqRun = runs.find((r) => r.role === 'jq');
      const mb = log.bytes / 1e6;
      const rows = [['', 'wall s', 'CPU s', 'MB/s', 'events/s', 'peak RSS MB', 'vs floor', 'vs jq']];
      for (const r of runs) {
        rows.push([
          r.ok ? r.name : `${r.name} (FAILED: ${r.note})`,
          r.wall.toFixed(3),
          r.cpu.toFixed(2),
          (mb / r.wall).toFixed(0),
          (log.events / r.wall / 1e3).toFixed(0) + 'k',
          r.rssMB.toFixed(0),
          (floorOf(r).wall / r.wall).toFixed(2) + 'x',
          jqRun ? (jqRun.wall / r.wall).toFixed(2) + 'x' : '-',
        ]);
      }
      const cores = coresLine(runs);
      process.stdout.write(
        `\n${size} ${mix} ${variant}: ${mb.toFixed(0)} MB uncompressed${variant === 'gz' ? `, ${(log.gzBytes / 1e6).toFixed(0)} MB on disk` : ''}, ${log.lines} lines, ${log.events} events, ${log.requests} requests\n` +
          table(rows) +
          `\n(${bestOf}; MB/s of uncompressed log; "vs" columns: how many times faster than that row, a one-core row against the floor on one core` +
          `${pinnedRows && jqRun ? ' and jq unpinned' : ''}; same report from all analyze runs: ${same ? 'yes' : 'NO'})\n` +
          (cores ? `${cores}\n` : ''),
      );
      results.push({ size, mix, variant, bytes: log.bytes, gzBytes: log.gzBytes, lines: log.lines, events: log.events, requests: log.requests, runs, sameReport: same, cores });
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
  process.stdout.write(
    `\nmatching ${requests.length} requests (CPU time per request, the median of passes in turns over the specs after the same warm-up;` +
      ` the same requests on every spec, the CRD groups in path order among the real ones):\n${matching.lines.join('\n')}\n`,
  );
  const loadEnd = loads();
  process.stdout.write(`\nload average at end: ${loadEnd}\n`);
  const settings = { sizes, mix, seed, repeat, jobs: jobsList, oneCore, pinnedRows, nodeFlags, overlay, jq: hasJq && withJq };
  await writeFile(join(dir, 'bench-results.json'), JSON.stringify({ machine, settings, loadAverage: { start: loadStart, end: loadEnd }, results, matching: matching.costs }, null, 2));
  if (!keep) {
    const made = ['bench-cli', 'floor.mjs', 'report-ref.json', 'report-1-pinned.json', 'report-files', ...jobsList.map((j) => `report-${j}.json`)];
    await Promise.all(made.map((f) => rm(join(dir, f), { recursive: true, force: true })));
  }
  process.stdout.write(`\nresults: ${join(dir, 'bench-results.json')}; disk: ${(await stat(dir)).isDirectory() ? dir : ''}\n`);
}

await main();
