// Reading audit inputs: plain, gzip (by content), directories, pretty-printed objects, and every kind of bad input.
// Bad input is reported with file and line and counted; nothing after it is lost.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, readSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createZstdDecompress, gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync, constants as zlibConstants } from 'node:zlib';
import { csvParseRows, dsvFormat } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { Analysis, type AnalysisOptions } from '../../src/engine/analysis.js';
import type { Report } from '../../src/engine/report.js';
import { isCutShort } from '../../src/engine/verdict.js';
import { LEGACY_AUDIT_LINE } from '../../src/engine/text-shape.js';
import { skipValue } from '../../src/engine/event-fields.js';
import type { Spec } from '../../src/engine/spec.js';
import { eventsAmidDamage, FilePieces, MAX_LINE_BYTES, openInput, READ_BYTES, readAuditInput, type FileStats, type LineSink, type PieceSource } from '../../src/sources/audit-files.js';
import { refusedMessage, type Refused } from '../../src/sources/compression.js';
import { inflate } from '../../src/sources/inflate.js';
import { analyzeInParallel } from '../../src/sources/parallel.js';
import { duplicateInput, expandInputs, InputError } from '../../src/sources/input-files.js';
import { shellWord } from '../../src/shell-word.js';
import { grouped } from '../../src/engine/grouped.js';
import {
  analyzeFiles,
  APISNOOP_TESTDATA,
  AUDIT2RBAC_2017,
  AUDIT2RBAC_V1,
  fixture,
  HKERMA_CSV,
  loadFixtureSpec,
  readLines,
  scratchDir,
  specPath,
} from '../helpers/fixtures.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { canMakeUnlistable, canMakeUnreadable, makeUnlistable, makeUnreadable } from '../helpers/unreadable.js';
import { COLUMNS, convertHkermaCsv } from '../helpers/hkerma.js';
import { compressedBy, tarOf } from '../helpers/compressed.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';

const dir = scratchDir('audit-files');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
};
const text2017 = readFileSync(AUDIT2RBAC_2017, 'utf8');
const lines2017 = readLines(AUDIT2RBAC_2017);

let spec113: Spec;
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
});

/** Read files into an Analysis; also return each file's stats. */
async function read(files: string[], opts: Partial<AnalysisOptions> = {}): Promise<{ report: Report; stats: FileStats[] }> {
  const analysis = new Analysis({ spec: spec113, ...opts });
  const stats: FileStats[] = [];
  for (const f of files) {
    analysis.input(f);
    stats.push(await readAuditInput(f, analysis));
  }
  return { report: analysis.finish(), stats };
}

describe('inputs that are audit logs', () => {
  it('gzip is recognised by content, whatever the name', async () => {
    const gz = write('log-without-extension', gzipSync(text2017));
    const plain = await read([AUDIT2RBAC_2017]);
    const zipped = await read([gz]);
    expect(zipped.report.summary).toEqual(plain.report.summary);
    expect(zipped.report.operations).toEqual(plain.report.operations);
    expect(zipped.stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0, bytes: readFileSync(gz).length });
  });

  it('directories expand recursively and sorted, hidden files skipped', async () => {
    const root = path.join(dir, 'tree');
    write('tree/b/part-2.log.gz', gzipSync(lines2017.slice(400).join('\n')));
    write('tree/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    write('tree/.hidden.log', 'not even json\n');
    const files = await expandInputs([root]);
    expect(files.map((f) => path.relative(root, f))).toEqual(['a.log', path.join('b', 'part-2.log.gz')]);
    const { report } = await read(files);
    expect(report.summary).toMatchObject({ events: 757, requests: 437, invalidLines: 0 });
  });

  it('a file reached twice (named again, inside a directory given, through a link) is read once, and each repeat is told', async () => {
    const root = path.join(dir, 'twice');
    const a = write('twice/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    const b = write('twice/b.log', lines2017.slice(400).join('\n') + '\n');
    const link = path.join(dir, 'a-link.log');
    symlinkSync(a, link);
    const repeats: string[] = [];
    const files = await expandInputs([a, root, link, '-', '-'], (r) => repeats.push(duplicateInput(r)));
    expect(files).toEqual([a, b, '-']);
    expect(repeats).toEqual([
      `${a} (in ${root}) is given twice: read once`,
      `${link} is the same file as ${a}: read once`,
      '(stdin) is given twice: read once',
    ]);
    const again: string[] = [];
    expect(await expandInputs([root, a], (r) => again.push(duplicateInput(r)))).toEqual([a, b]);
    expect(again).toEqual([`${a} is given twice, first in ${root}: read once`]);
    const dirTwice: string[] = [];
    expect(await expandInputs([root, root], (r) => dirTwice.push(duplicateInput(r)))).toEqual([a, b]);
    expect(dirTwice).toEqual([`${a} is reached twice through ${root}: read once`, `${b} is reached twice through ${root}: read once`]);
    // A copy is another file: its requests count again (two logs may hold the same lines, two clusters the same IDs).
    const copy = write('copy-of-a.log', readFileSync(a));
    expect(await expandInputs([a, copy])).toEqual([a, copy]);
  });

  it('a link back up the tree is walked once, a link to nothing is skipped: both told, the logs read', async () => {
    const root = path.join(dir, 'loop');
    const a = write('loop/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    const b = write('loop/sub/b.log', lines2017.slice(400).join('\n') + '\n');
    symlinkSync('..', path.join(root, 'sub', 'up'));
    symlinkSync(path.join(dir, 'nowhere.log'), path.join(root, 'gone.log'));
    const told: string[] = [];
    expect(await expandInputs([root], (r) => told.push(duplicateInput(r)))).toEqual([a, b]);
    expect(told).toEqual([
      `${path.join(root, 'gone.log')} (in ${root}) is a link to nothing: skipped`,
      `${path.join(root, 'sub', 'up')} (in ${path.join(root, 'sub')}) is the directory ${root} again: walked once`,
    ]);
    // Named outright, a link to nothing is an error, as any file that cannot be read.
    await expect(expandInputs([path.join(root, 'gone.log')])).rejects.toThrow(`${path.join(root, 'gone.log')}: cannot read (ENOENT)`);
    const cli = await runCli(['analyze', root, '--spec', specPath('1.13'), '--format', 'json', '--include-system']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(parseStdout<Report>(cli).summary).toMatchObject({ events: 757, requests: 437 });
    expect(cli.stderr).toContain('is a link to nothing: skipped');
  });

  it('links in a loop inside a directory given are skipped, told; a file found there that cannot be opened is one entry, the others count', async () => {
    const root = path.join(dir, 'links-loop');
    const a = write('links-loop/a.log', lines2017.join('\n') + '\n');
    symlinkSync('y', path.join(root, 'x'));
    symlinkSync('x', path.join(root, 'y'));
    const told: string[] = [];
    expect(await expandInputs([root], (r) => told.push(duplicateInput(r)))).toEqual([a]);
    expect(told).toEqual([`${path.join(root, 'x')} (in ${root}) is a link that leads back to itself: skipped`, `${path.join(root, 'y')} (in ${root}) is a link that leads back to itself: skipped`]);
    // It was: "cannot read (ELOOP)", exit 2, no report.
    const cli = await runCli(['analyze', root, '--spec', specPath('1.13'), '--format', 'json', '--include-system']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(parseStdout<Report>(cli).summary).toMatchObject({ events: 757, requests: 437 });
    // A file found in a directory that cannot be opened (unreadable, rotated away since the walk): one entry, which the
    // invalid rule counts as an input cut short; named on the command line, it stops the run as before.
    const gone = path.join(root, 'rotated-away.log');
    const entries: string[] = [];
    const sink: LineSink = { value: () => {}, invalidLine: (file, line, message) => entries.push(`${file}:${line}: ${message}`) };
    const st = await readAuditInput(gone, sink, undefined, true);
    expect(st.invalid).toBe(1);
    expect(entries).toEqual([`${gone}:1: read error at its start: ${gone}: cannot read (ENOENT); nothing of it was read, the other inputs count`]);
    expect(isCutShort(entries[0]!.slice(`${gone}:1: `.length))).toBe(true);
    await expect(readAuditInput(gone, sink)).rejects.toThrow(`${gone}: cannot read (ENOENT)`);
  });

  it.runIf(canMakeUnreadable)('a file found in a directory that cannot be opened is one entry, the other logs counting, for analyze on one thread or two and for rbac; named, it stops each', async () => {
    const root = path.join(dir, 'unreadable');
    const a = write('unreadable/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    const b = path.join(root, 'b.log');
    makeUnreadable(b, lines2017.slice(400).join('\n') + '\n');
    const c = write('unreadable/c.log', lines2017.slice(400).join('\n') + '\n');
    const entry = { file: b, line: 1, message: `read error at its start: ${b}: cannot read (EACCES); nothing of it was read, the other inputs count` };
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true }, logs: [root] };
    const one = await analyzeLogs(settings);
    expect(one.invalid).toEqual([entry]);
    expect(one.summary).toMatchObject({ events: 757, requests: 437, invalidLines: 1 });
    // On two threads (analyze -j 2) it stopped the run, "cannot read (EACCES)": now the very report of one thread.
    const threads: number[] = [];
    const told: string[] = [];
    const two = await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0, onThreads: (n) => threads.push(n), onInvalid: (l) => told.push(`${l.file}:${l.line}: ${l.message}`) });
    expect(threads).toEqual([1]);
    expect(two).toEqual(one);
    expect(told).toEqual([`${b}:1: ${entry.message}`]);
    // Named outright, it stops the run on either.
    for (const jobs of [1, 2]) await expect(analyzeLogs({ ...settings, logs: [a, b, c], jobs, parallelMinBytes: 0 })).rejects.toThrow(new InputError(`${b}: cannot read (EACCES)`));
    // apisnoop rbac stopped too, exit 2: now it says the entry and derives the RBAC of the logs it read.
    const rbac = (logs: string[]) => runCli(['rbac', ...logs, '--user', 'bob', '--k8s-version', '1.13']);
    const [got, readable, named] = await Promise.all([rbac([root]), rbac([a, c]), rbac([a, b, c])]);
    expect(got.exitCode, got.stderr).toBe(0);
    expect(got.stdout).toBe(readable.stdout);
    expect(got.stdout).toContain('kind: ClusterRole');
    expect(got.stderr.split('\n')).toContain(`warning: ${b}:1: ${entry.message}`);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain(`${b}: cannot read (EACCES)`);
  });

  it.runIf(canMakeUnlistable)('a directory found in a directory given that cannot be listed is one entry, as a file that cannot be opened is, for analyze on one thread or two, rbac and load-audit; named, it stops each', async () => {
    const root = path.join(dir, 'unlistable');
    const a = write('unlistable/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    const sub = path.join(root, 'sub');
    const code = makeUnlistable(sub);
    const c = write('unlistable/c.log', lines2017.slice(400).join('\n') + '\n');
    const entry = { file: sub, line: 1, message: `read error at its start: ${sub}: cannot read (${code}); nothing of it was read, the other inputs count` };
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true }, logs: [root] };
    // It was "EACCES: permission denied, scandir", exit 2: no log of the directory was read.
    const one = await analyzeLogs(settings);
    expect(one.invalid).toEqual([entry]);
    expect(one.summary).toMatchObject({ events: 757, requests: 437, invalidLines: 1 });
    const two = await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 });
    expect(two).toEqual(one);
    for (const jobs of [1, 2]) await expect(analyzeLogs({ ...settings, logs: [a, sub, c], jobs, parallelMinBytes: 0 })).rejects.toThrow(new InputError(`${sub}: cannot read (${code})`));
    const rbac = (logs: string[]) => runCli(['rbac', ...logs, '--user', 'bob', '--k8s-version', '1.13']);
    const [got, readable, named] = await Promise.all([rbac([root]), rbac([a, c]), rbac([sub])]);
    expect(got.exitCode, got.stderr).toBe(0);
    expect(got.stdout).toBe(readable.stdout);
    expect(got.stderr.split('\n')).toContain(`warning: ${sub}:1: ${entry.message}`);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain(`apisnoop: ${sub}: cannot read (${code})`);
    // load-audit hands the files it found to the analysis by name: the directory among them stopped the load.
    const load = await runCli(['load-audit', root, '--app', 'x', '--db', path.join(dir, 'unlistable.db'), '--k8s-version', '1.13', '--conformance', 'none', '--include-system']);
    expect(load.exitCode, load.stderr).toBe(0);
    expect(load.stderr.split('\n')).toContain(`warning: ${sub}:1: ${entry.message}`);
    expect(load.stdout).toMatch(/^Loaded "x": run 1, 437 requests, /);
    if (code === 'EACCES') chmodSync(sub, 0o700);
  });

  it('in ranges as on one thread, a file found that is gone by its turn (rotated away since the walk) is one entry', async () => {
    // What the parallel reader is given, as analyze hands it the files a walk found: this one is not there any more.
    const a = write('rotated-since/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    const gone = path.join(dir, 'rotated-since', 'gone.log');
    const c = write('rotated-since/c.log', lines2017.slice(400).join('\n') + '\n');
    const oneThread = new Analysis({ spec: spec113 });
    for (const f of [a, gone, c]) {
      oneThread.input(f);
      await readAuditInput(f, oneThread, undefined, f === gone);
    }
    const report = oneThread.finish();
    expect(report.invalid).toEqual([{ file: gone, line: 1, message: `read error at its start: ${gone}: cannot read (ENOENT); nothing of it was read, the other inputs count` }]);
    const inRanges = new Analysis({ spec: spec113 });
    const outcome = await analyzeInParallel({ files: [a, gone, c], named: new Set([a, c]), workers: 1, fast: true, analysis: inRanges, spec: spec113, rangeBytes: 16 << 10 });
    expect(outcome.exact).toBe(true);
    expect(inRanges.finish()).toStrictEqual(report);
    // Named, it stops the reading in ranges as it stops one thread's.
    await expect(analyzeInParallel({ files: [a, gone, c], named: new Set([a, gone, c]), workers: 1, fast: true, analysis: new Analysis({ spec: spec113 }), spec: spec113 })).rejects.toThrow(
      new InputError(`${gone}: cannot read (ENOENT)`),
    );
  });

  it('a directory given that holds no log (empty, or hidden files only) is told, beside logs that are read', async () => {
    // `analyze node-1/ node-2/ node-3/` where one node's logs were never copied: its requests are missing from the report.
    const empty = path.join(dir, 'node-empty');
    mkdirSync(empty, { recursive: true });
    write('node-hidden/.audit.log.swp', lines2017[0] + '\n');
    const hidden = path.join(dir, 'node-hidden');
    const told: string[] = [];
    expect(await expandInputs([AUDIT2RBAC_2017, empty, hidden], (r) => told.push(duplicateInput(r)))).toEqual([AUDIT2RBAC_2017]);
    expect(told).toEqual([`${empty} holds no files (hidden ones are left out): nothing read from it`, `${hidden} holds no files (hidden ones are left out): nothing read from it`]);
    const cli = await runCli(['analyze', AUDIT2RBAC_2017, empty, '--spec', specPath('1.13'), '--format', 'json', '--include-system', '--fail-on', 'none']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(parseStdout<Report>(cli).summary).toMatchObject({ events: 757, requests: 437 });
    expect(cli.stderr).toContain(`warning: ${empty} holds no files (hidden ones are left out): nothing read from it`);
  });

  it('a FIFO or a socket found in a directory is skipped and told: it is no log written there (a FIFO waited for ever)', async () => {
    const root = path.join(dir, 'with-fifo');
    const a = write('with-fifo/a.log', lines2017.slice(0, 400).join('\n') + '\n');
    execFileSync('mkfifo', [path.join(root, 'b-pipe')]);
    // A socket: what a logging agent's directory may hold.
    execFileSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(path.join(root, 'c.sock'))}, () => process.exit(0))`]);
    const told: string[] = [];
    expect(await expandInputs([root], (r) => told.push(duplicateInput(r)))).toEqual([a]);
    expect(told).toEqual([
      `${path.join(root, 'b-pipe')} (in ${root}) is a FIFO, not a file: skipped (named, it is read)`,
      `${path.join(root, 'c.sock')} (in ${root}) is a socket, not a file: skipped`,
    ]);
    const cli = await runCli(['analyze', root, '--spec', specPath('1.13'), '--format', 'json', '--include-system', '--fail-on', 'none']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(parseStdout<Report>(cli).summary).toMatchObject({ events: 400 });
    expect(cli.stderr).toContain('is a FIFO, not a file: skipped');
  });

  it('analyzeLogs counts a file given twice once and says so', async () => {
    const warnings: string[] = [];
    const once = await analyzeLogs({ logs: [AUDIT2RBAC_2017], kubernetesVersion: '1.36', conformance: 'none', selection: { includeSystem: true } });
    const twice = await analyzeLogs({
      logs: [AUDIT2RBAC_2017, path.dirname(AUDIT2RBAC_2017) + '/./' + path.basename(AUDIT2RBAC_2017)],
      kubernetesVersion: '1.36',
      conformance: 'none',
      selection: { includeSystem: true },
      onWarning: (w) => warnings.push(w),
    });
    expect(twice.summary).toEqual(once.summary);
    expect(twice.inputs).toEqual(once.inputs);
    expect(warnings).toEqual([`${path.dirname(AUDIT2RBAC_2017)}/./${path.basename(AUDIT2RBAC_2017)} is the same file as ${AUDIT2RBAC_2017}: read once`]);
  });

  it('stdin redirected from a file is that file: `analyze - a.log < a.log` reads it once', async () => {
    const args = ['--k8s-version', '1.36', '--conformance', 'none', '--include-system', '--format', 'json'];
    const fd = openSync(AUDIT2RBAC_2017, 'r');
    const fdAfter = openSync(AUDIT2RBAC_2017, 'r');
    const [once, both, after, rbacTwice] = await Promise.all([
      runCli(['analyze', AUDIT2RBAC_2017, ...args]),
      runCli(['analyze', '-', AUDIT2RBAC_2017, ...args], { stdinFd: fd }),
      runCli(['analyze', AUDIT2RBAC_2017, '-', ...args], { stdinFd: fdAfter }),
      // With least privilege, the news of the one reading is said once.
      runCli(['analyze', AUDIT2RBAC_2017, AUDIT2RBAC_2017, ...args, '--rbac-serviceaccount', 'default:default']),
    ]).finally(() => {
      closeSync(fd);
      closeSync(fdAfter);
    });
    expect(parseStdout<Report>(both).summary).toEqual(parseStdout<Report>(once).summary);
    // stdin named (stdin), as every other message names it, on either side.
    expect(both.stderr.split('\n').filter((l) => l.includes('read once'))).toEqual([`warning: ${AUDIT2RBAC_2017} is the same file as (stdin): read once`]);
    expect(parseStdout<Report>(after).summary).toEqual(parseStdout<Report>(once).summary);
    expect(after.stderr.split('\n').filter((l) => l.includes('read once'))).toEqual([`warning: (stdin) is the same file as ${AUDIT2RBAC_2017}: read once`]);
    expect(parseStdout<Report>(rbacTwice).summary).toEqual(parseStdout<Report>(once).summary);
    expect(rbacTwice.stderr.split('\n').filter((l) => l.includes('read once'))).toEqual([`warning: ${AUDIT2RBAC_2017} is given twice: read once`]);
  });

  it('stdin redirected from a file is read like the file: in 1 MB pieces, plain or gzip, from where its offset stands', async () => {
    const args = ['--k8s-version', '1.13', '--conformance', 'none', '--include-system', '--format', 'json'];
    // Over 3 MB, so that it takes several pieces; the same log again under other auditIDs.
    const copies = Array.from({ length: Math.ceil((3 * READ_BYTES) / text2017.length) }, (_, i) => text2017.replaceAll('"auditID":"', `"auditID":"${i}-`));
    const big = write('stdin-big.log', copies.join(''));
    const bigGz = write('stdin-big.log.gz', gzipSync(readFileSync(big)));
    // What a shell hands on after a `read` took the first lines: the rest, from its offset.
    const skipped = Buffer.byteLength(lines2017.slice(0, 10).join('\n') + '\n');
    const rest = write('stdin-rest.log', readFileSync(AUDIT2RBAC_2017).subarray(skipped));
    for (const [given, expected, skip] of [
      [big, big, 0],
      [bigGz, big, 0],
      [AUDIT2RBAC_2017, rest, skipped],
    ] as const) {
      const fd = openSync(given, 'r');
      try {
        if (skip) readSync(fd, Buffer.alloc(skip), 0, skip, null);
        const fromStdin = parseStdout<Report>(await runCli(['analyze', '-', ...args], { stdinFd: fd }));
        const byName = parseStdout<Report>(await runCli(['analyze', expected, ...args]));
        expect(fromStdin.summary, given).toEqual(byName.summary);
        expect(fromStdin.operations, given).toEqual(byName.operations);
      } finally {
        closeSync(fd);
      }
    }
    expect(copies.length).toBeGreaterThan(3);
  });

  it('least privilege reads stdin too: it takes its requests from the one reading of the logs', async () => {
    const args = ['--k8s-version', '1.36', '--conformance', 'none', '--format', 'json', '--rbac-serviceaccount', 'ns1:sa1'];
    const fd = openSync(AUDIT2RBAC_2017, 'r');
    const [fromFile, fromStdin] = await Promise.all([runCli(['analyze', AUDIT2RBAC_2017, ...args]), runCli(['analyze', '-', ...args], { stdinFd: fd })]).finally(() =>
      closeSync(fd),
    );
    const a = parseStdout<Report>(fromFile);
    const b = parseStdout<Report>(fromStdin);
    expect(b.rbac).toEqual(a.rbac);
    expect(b.rbac![0].requests.total).toBe(5);
    expect(b.summary).toEqual(a.summary);
  });

  it('CRLF line endings (a log copied through Windows) read the same', async () => {
    const crlf = write('crlf.log', readFileSync(AUDIT2RBAC_V1, 'utf8').replace(/\n/g, '\r\n'));
    const { report, stats } = await read([crlf]);
    expect(stats[0]).toMatchObject({ lines: 37, values: 37, invalid: 0 });
    expect(report.summary.matched).toBe(37);
  });

  it('UTF-16 with its byte order mark (Windows PowerShell\'s `>`), either byte order, plain or gzip, stdin too, reads as its text', async () => {
    const le = Buffer.from('\uFEFF' + text2017, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect([...be.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    const files = [write('utf16le.log', le), write('utf16be.log', be), write('utf16le.log.gz', gzipSync(le))];
    const utf8 = (await read([AUDIT2RBAC_2017])).report;
    for (const file of files) {
      const { report, stats } = await read([file]);
      expect(stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0 });
      expect({ ...report, inputs: [] }).toEqual({ ...utf8, inputs: [] });
    }
    const piped = await runCli(['analyze', '-', '--spec', specPath('1.13'), '--include-system', '--fail-on', 'none', '--format', 'json'], { input: le });
    expect(parseStdout<Report>(piped).summary).toEqual(utf8.summary);
  });

  it('UTF-16 without a byte order mark (iconv -t UTF-16LE or UTF-16BE writes none), either byte order, reads as its text, on ranges too', async () => {
    // Each line was a bad line, its NUL bytes said to be an unclean shutdown's.
    const le = Buffer.from(text2017, 'utf16le');
    const be = Buffer.from(le).swap16();
    const crlf = Buffer.from(text2017.replaceAll('\n', '\r\n'), 'utf16le');
    const files = [write('utf16le-nomark.log', le), write('utf16be-nomark.log', be), write('utf16le-crlf-nomark.log', crlf), write('utf16le-nomark.log.gz', gzipSync(le))];
    const utf8 = (await read([AUDIT2RBAC_2017])).report;
    for (const file of files) {
      const { report, stats } = await read([file]);
      expect(stats[0], file).toMatchObject({ lines: 757, values: 757, invalid: 0 });
      expect({ ...report, inputs: [] }).toEqual({ ...utf8, inputs: [] });
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(await analyzeLogs(settings));
    }
    const piped = await runCli(['analyze', '-', '--spec', specPath('1.13'), '--include-system', '--fail-on', 'none', '--format', 'json'], { input: be });
    expect(parseStdout<Report>(piped).summary).toEqual(utf8.summary);
  });

  it('UTF-16 without a byte order mark is known whatever its first character: a container log\'s timestamp, a bad first line', async () => {
    // Only a first "{", "[" or white space was known: every line was "UTF-16 text amid UTF-8", and the run failed.
    const cri = readLines(AUDIT2RBAC_V1).map((l) => `2026-12-04T10:00:00.123456789Z stdout F ${l}`).join('\n') + '\n';
    const badFirst = 'garbage\n' + readFileSync(AUDIT2RBAC_V1, 'utf8');
    for (const [name, text] of [
      ['cri', cri],
      ['bad-first', badFirst],
    ]) {
      const utf8 = await read([write(`utf8-${name}.log`, text)]);
      for (const data of [Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()]) {
        const file = write(`utf16-${name}.log`, data);
        const { report, stats } = await read([file]);
        expect(stats[0]).toEqual({ ...utf8.stats[0], file, bytes: data.length });
        expect(unnamed({ ...report, invalid: report.invalid.map((e) => ({ ...e, file: '' })) })).toEqual(unnamed({ ...utf8.report, invalid: utf8.report.invalid.map((e) => ({ ...e, file: '' })) }));
        const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
        expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(await analyzeLogs(settings));
      }
    }
    expect((await read([write('utf8-bad-first.log', badFirst)])).report.summary.events).toBe(readLines(AUDIT2RBAC_V1).length);
  });

  it('UTF-16 text after UTF-8 (logs of two encodings joined with cat) is said to be UTF-16, not NUL bytes of an unclean shutdown', async () => {
    const utf16 = Buffer.from('\uFEFF' + lines2017.slice(0, 5).join('\n') + '\n', 'utf16le');
    const message =
      'not JSON: UTF-16 text amid UTF-8, every other byte of it NUL (logs of two encodings joined with cat?): give each log on its own, or convert it to UTF-8 first, iconv -f UTF-16 -t UTF-8';
    for (const [name, tail] of [
      ['le', utf16],
      ['be', Buffer.from(utf16).swap16()],
    ] as const) {
      const file = write(`joined-utf16${name}.log`, Buffer.concat([Buffer.from(lines2017.slice(5, 50).join('\n') + '\n'), tail]));
      const { report } = await read([file]);
      // Each of its five lines (UTF-16LE's last newline leaves a NUL of its own, a line after them).
      expect(report.invalid.slice(0, 5)).toEqual([46, 47, 48, 49, 50].map((line) => ({ file, line, message })));
      expect(report.summary.events).toBe(45);
    }
  });

  it('pretty-printed objects (APISnoop testdata) and JSON lines mix in one file', async () => {
    const pretty = readFileSync(path.join(APISNOOP_TESTDATA, 'audit_event.json'), 'utf8');
    const mixed = write('mixed.log', [lines2017[0], pretty.trimEnd(), lines2017[1], JSON.stringify(JSON.parse(pretty), null, 2), lines2017[2]].join('\n'));
    const { report, stats } = await read([mixed]);
    expect(stats[0].values).toBe(5);
    expect(stats[0].invalid).toBe(0);
    expect(report.summary.events).toBe(5);
  });

  it('an EventList (kubectl-style list of events) is read as its items', async () => {
    const items = lines2017.slice(0, 10).map((l) => JSON.parse(l));
    const list = write('eventlist.json', JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', items }, null, 2));
    const { report } = await read([list]);
    expect(report.summary.events).toBe(10);
  });

  it('an EventList item that is no audit event is named by its place in the list; the other items count', async () => {
    // The audit webhook's batches, one a line: an item refused said only "line 1: not a JSON object", of 20.
    const items: unknown[] = lines2017.slice(0, 20).map((l) => JSON.parse(l));
    items[3] = { kind: 'Pod', apiVersion: 'v1' };
    items[9] = null;
    const batches = [{ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', items }, { kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1' }];
    const file = write('webhook-batches.jsonl', batches.map((b) => JSON.stringify(b)).join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report } = await reading([file]);
      expect(report.invalid).toEqual([
        { file, line: 1, message: 'EventList item 4 of 20: kind is "Pod", not an audit Event' },
        { file, line: 1, message: 'EventList item 10 of 20: not a JSON object' },
        { file, line: 2, message: 'an EventList whose items are missing: no audit event in it' },
      ]);
      expect(report.summary.events).toBe(18);
    }
  });
});

/** The same reading on the reference path: every line JSON.parse'd (a sink without event()). */
async function readReference(files: string[], opts: Partial<AnalysisOptions> = {}): Promise<{ report: Report; stats: FileStats[] }> {
  const analysis = new Analysis({ spec: spec113, ...opts });
  const sink: LineSink = { value: (raw, file, line) => analysis.value(raw, file, line), invalidLine: (file, line, message) => analysis.invalidLine(file, line, message) };
  const stats: FileStats[] = [];
  for (const f of files) {
    analysis.input(f);
    stats.push(await readAuditInput(f, sink));
  }
  return { report: analysis.finish(), stats };
}

/** Real events pretty-printed (as `jq .` writes them), each with the lines it spans in the file. */
function prettyEvents(lines: string[]): { text: string; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let at = 1;
  const texts = lines.map((l) => {
    const t = JSON.stringify(JSON.parse(l), null, 2);
    const n = t.split('\n').length;
    spans.push([at, at + n - 1]);
    at += n;
    return t;
  });
  return { text: texts.join('\n') + '\n', spans };
}

/** Bytes after gzip data that are neither gzip nor text: compress(1)'s magic, then its flags and data. */
const TRAILING_BINARY = Buffer.from([0x1f, 0x9d, 0x90, 0x7b, 0x00, 0x01]);

/** A report without what names its inputs: their paths, and their ids (stdin has none). */
const unnamed = (r: Report): Report => ({ ...r, inputs: [], inputIds: undefined });
/** The report as far as the events read go: without inputs and invalid lines. */
const counted = (r: Report): Report => ({ ...unnamed(r), invalid: [], summary: { ...r.summary, invalidLines: 0 } });

describe('bad input: reported with file and line, counted, and the rest still read', () => {
  it('malformed lines in a real log', async () => {
    const lines = [...lines2017];
    const cut = lines[10].slice(0, 200); // a JSON line cut short (a crash mid-write)
    lines.splice(10, 1, cut);
    lines.splice(100, 0, 'Sep 11 19:57:33 master kube-apiserver[42]: I0911 audit.go:42] not json');
    lines.splice(200, 0, '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-0"}}');
    lines.splice(300, 0, '[1,2,3]');
    const file = write('malformed.log', lines.join('\n') + '\n');
    const { report, stats } = await read([file]);
    expect(report.invalid).toEqual([
      { file, line: 11, message: expect.stringMatching(/^not JSON: Unterminated string in JSON at position 200/) },
      // The line is not quoted (a line may hold a Secret's data): where JSON.parse stopped, and what kind of error.
      { file, line: 101, message: 'not JSON: Unexpected character in JSON at position 0 (line 1 column 1)' },
      { file, line: 201, message: 'kind is "Pod", not an audit Event' },
      { file, line: 301, message: expect.stringMatching(/^a JSON array of 3 items, not an audit event: APISnoop reads audit events one per line/) },
    ]);
    expect(report.summary.invalidLines).toBe(4);
    // The reader's own count is of lines that are not JSON; the Pod and the array are JSON, refused by the engine.
    expect(stats[0]).toMatchObject({ lines: 760, values: 758, invalid: 2 });
    // Line 11 was the ResponseComplete of a request logged without RequestReceived: that one request is lost, no other.
    expect(JSON.parse(lines2017[10]).stage).toBe('ResponseComplete');
    expect(report.summary).toMatchObject({ events: 756, requests: 436 });
  });

  it('damage on a line beside whole events (a cut event with the next written on after it, NUL bytes): the whole events count, the damage is one entry', async () => {
    const nul = (n: number): string => '\0'.repeat(n);
    const lines = [...lines2017];
    // A copy taken while copytruncate emptied the log: zeros, then the first event, on line 1.
    lines[0] = nul(4096) + lines[0];
    // A writer that stopped mid-event: the next event follows on its line (line 11 is then gone as a line).
    lines.splice(10, 2, lines[10].slice(0, 200) + lines[11]);
    // An unclean shutdown: zeros in place of a line's end and the lines after it, then the next event written.
    lines.splice(100, 3, lines[100].slice(0, 300) + nul(2000) + lines[102]);
    // A whole event, then zeros where its newline and the next line were.
    lines.splice(200, 2, lines[200] + nul(100) + lines[201].slice(150));
    // An unclean shutdown that kept the middle of an event's line, then zeros, then the next event: no prefix, damage.
    lines.splice(300, 2, lines[300].slice(100, 300) + nul(100) + lines[301]);
    // Zeros and nothing else, at the end.
    const file = write('nul-and-cut.log', lines.join('\n') + '\n' + nul(5000));
    const { report, stats } = await read([file], { selection: { includeSystem: true } });
    const nulCause = /NUL bytes stand where data never reached the disk \(an unclean shutdown of the node\), or where a copy of the log was taken while logrotate copytruncate emptied it$/;
    expect(report.invalid).toEqual([
      { file, line: 1, message: expect.stringMatching(/^damaged line: bytes 1-4,096 \(NUL bytes\) are not read; the whole audit event on it counts; /) },
      { file, line: 11, message: 'damaged line: bytes 1-200 (an event cut short, the next written on after it) are not read; the whole audit event on it counts' },
      { file, line: 101, message: expect.stringMatching(/^damaged line: bytes 1-2,300 \(2,000 of them NUL bytes\) are not read; the whole audit event on it counts; /) },
      { file, line: 201, message: expect.stringMatching(/^damaged line: bytes [\d,]+-[\d,]+ \(100 of them NUL bytes\) are not read; the whole audit event on it counts; /) },
      { file, line: 301, message: expect.stringMatching(/^damaged line: bytes 1-300 \(100 of them NUL bytes\) are not read; the whole audit event on it counts; /) },
      { file, line: lines.length + 1, message: expect.stringMatching(/^not JSON: it is 5,000 NUL bytes and nothing else; /) },
    ]);
    for (const entry of report.invalid.filter((e) => e.line !== 11)) expect(entry.message).toMatch(nulCause);
    // Only the events the damage cut are lost: the five cut short; every whole one counts.
    expect(report.summary.events).toBe(lines2017.length - 5);
    expect(stats[0]).toMatchObject({ lines: lines.length + 1, invalid: 6 });
    // On two threads' ranges and on the reference path alike.
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
    const one = await analyzeLogs(settings);
    expect(one.summary.events).toBe(report.summary.events);
    expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
  });

  it('a prefixed log with NUL bytes after the event on one line is still a prefixed log: no event read, the prefix named, the file refused', async () => {
    // Every line behind a syslog header; one with zeros after its event (written on before an unclean shutdown).
    const lines = readLines(AUDIT2RBAC_V1).map((l) => `Sep 11 19:55:05 master kube-apiserver[812]: ${l}`);
    lines[5] += '\0\0\0';
    const file = write('syslog-nul.log', lines.join('\n') + '\n');
    const { report, stats } = await read([file], { selection: { includeSystem: true } });
    expect(stats[0]!.warnings).toEqual([`${file}: no JSON in ${lines.length} lines: is this an audit log?`]);
    expect(report.summary).toMatchObject({ events: 0, requests: 0, invalidLines: lines.length });
    const hint = `a JSON object follows a syslog header (Mmm dd hh:mm:ss host program[pid]:) before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`;
    expect(report.invalid.filter((e) => e.line !== 6).every((e) => e.message.endsWith(hint))).toBe(true);
    expect(report.invalid.find((e) => e.line === 6)?.message).toMatch(/^not JSON: it holds 3 NUL bytes/);
    // On one thread, two threads' ranges and the reference path alike.
    const warnings: string[] = [];
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true }, onWarning: (w: string) => warnings.push(w) };
    const one = await analyzeLogs(settings);
    expect(one.summary).toMatchObject({ events: 0, invalidLines: lines.length });
    expect(one.invalid).toEqual(report.invalid);
    expect(warnings).toContain(stats[0]!.warnings[0]);
    expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
  });

  it('text then NUL bytes then an event is damage (the rest of a cut line); an event then NUL bytes behind text is a prefixed line', () => {
    const event = lines2017[0]!;
    const damaged = eventsAmidDamage(event.slice(100, 300) + '\0'.repeat(8) + event);
    expect(damaged?.values).toEqual([JSON.parse(event)]);
    expect(damaged?.damage).toMatch(/^damaged line: bytes 1-208 \(8 of them NUL bytes\) are not read; /);
    expect(eventsAmidDamage(`Sep 11 19:55:05 master kube-apiserver[812]: ${event}\0\0\0`)).toBeNull();
    // A cut event behind a header, then zeros, then the next line behind its header: a prefixed log's line too.
    expect(eventsAmidDamage(`Sep 11 19:55:05 master kube-apiserver[812]: ${event.slice(0, 300)}${'\0'.repeat(50)}Sep 11 19:55:05 master kube-apiserver[812]: ${event}`)).toBeNull();
  });

  it('a long damaged line with many places an event could begin, none whole, is judged in time linear in its length', () => {
    // 250 event openings never closed: each try scans to the line's end, 125 times the line in all (2.4 s on 50 MB).
    const line = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"x","requestObject":{"data":"${'a'.repeat(40_000)}","more":[`.repeat(250);
    let scanned = 0;
    const counted = (b: Uint8Array, i: number, end: number): number => {
      const at = skipValue(b, i, end);
      scanned += (at < 0 ? end : at) - i;
      return at;
    };
    expect(eventsAmidDamage(line, counted)).toBeNull();
    expect(scanned).toBeGreaterThan(0);
    expect(scanned).toBeLessThanOrEqual(8 * Buffer.byteLength(line));
  });

  it('a line of every event joined (newlines lost, jq -j) with one cut short among them: every whole event counts, in work linear in its length', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    // A cut copy of the sixth event before it: its writer stopped, the rest written on after it.
    const line = [...lines.slice(0, 5), lines[5].slice(0, 200), ...lines.slice(5)].join('');
    let scanned = 0;
    const scanning = (b: Uint8Array, i: number, end: number): number => {
      const at = skipValue(b, i, end);
      scanned += (at < 0 ? end : at) - i;
      return at;
    };
    const found = eventsAmidDamage(line, scanning);
    expect(found?.values).toEqual(lines.map((l) => JSON.parse(l) as unknown));
    const cutAt = lines.slice(0, 5).join('').length;
    expect(found?.damage).toBe(`damaged line: bytes ${(cutAt + 1).toLocaleString('en-US')}-${(cutAt + 200).toLocaleString('en-US')} (an event cut short, the next written on after it) are not read; the ${lines.length} whole audit events on it count`);
    expect(scanned).toBeLessThanOrEqual(2 * Buffer.byteLength(line));
    // Through the CLI, on one thread, two and the reference path: the report of the log itself but for the entry.
    const file = write('joined.log', line + '\n');
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
    const one = await analyzeLogs(settings);
    expect(one.invalid).toEqual([{ file, line: 1, message: found?.damage }]);
    expect(counted(one)).toEqual(counted(await analyzeLogs({ ...settings, logs: [AUDIT2RBAC_2017] })));
    expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
  });

  it('events each ended by a carriage return alone (old Mac line ends), one piece of garbage among them: only the garbage is said to be damage', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const line = [...lines.slice(0, 10), 'garbage!', ...lines.slice(10)].join('\r') + '\r';
    const found = eventsAmidDamage(line);
    expect(found?.values).toEqual(lines.map((l) => JSON.parse(l) as unknown));
    const at = Buffer.byteLength(lines.slice(0, 10).join('\r')) + 1;
    expect(found?.damage).toBe(`damaged line: bytes ${(at + 1).toLocaleString('en-US')}-${(at + 8).toLocaleString('en-US')} (not JSON) are not read; the ${lines.length} whole audit events on it count`);
  });

  it('NUL bytes past the line bound before the first event (copytruncate of a big log): the entry says so and gives the command that removes them, which works', async () => {
    const text = readFileSync(AUDIT2RBAC_V1, 'utf8');
    const holed = Buffer.concat([Buffer.alloc(MAX_LINE_BYTES + 4 * READ_BYTES), Buffer.from(text)]);
    const plain = write('hole.log', holed);
    const gz = write('hole.log.gz', gzipSync(holed, { level: 1 }));
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    const nulCause = 'NUL bytes stand where data never reached the disk (an unclean shutdown of the node), or where a copy of the log was taken while logrotate copytruncate emptied it';
    for (const [file, command] of [
      [plain, `tr -d '\\000' < FILE > FILE.clean`],
      [gz, `gzip -dc FILE | tr -d '\\000' > FILE.clean`],
    ]) {
      const message = `line longer than ${MAX_LINE_BYTES} bytes, skipped; it begins with NUL bytes, and whatever follows them on the line (an audit event) is lost with them: remove them first, ${command}; ${nulCause}`;
      for (const jobs of [1, 2]) {
        const report = await analyzeLogs({ ...settings, logs: [file], jobs, parallelMinBytes: 0 });
        expect(report.invalid, `${file} jobs ${jobs}`).toEqual([{ file, line: 1, message }]);
        expect(report.summary.events).toBe(36);
      }
      // The command, run as shown, leaves the log with every event.
      execFileSync('sh', ['-c', command.replaceAll('FILE', shellWord(file))]);
      const clean = await analyzeLogs({ ...settings, logs: [`${file}.clean`] });
      expect(clean.invalid).toEqual([]);
      expect(clean.summary.events).toBe(37);
    }
  });

  it('an audit event past the line bound (a huge request body) is said to be one, with the command that keeps it, which works', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const big = { ...(JSON.parse(lines[4]) as Record<string, unknown>), requestObject: { kind: 'ConfigMap', data: { blob: 'x'.repeat(MAX_LINE_BYTES + 2 * READ_BYTES) } } };
    const file = write('huge-event.log', [...lines.slice(0, 4), JSON.stringify(big), ...lines.slice(5)].join('\n') + '\n');
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
    const command = `jq -c 'del(.requestObject, .responseObject)' FILE > FILE.jsonl`;
    const message = `line longer than ${MAX_LINE_BYTES} bytes, skipped; it is an audit event, not read: its request counts only if another stage of it is read; to read it, drop the request and response bodies it carries first, ${command}`;
    const one = await analyzeLogs(settings);
    expect(one.invalid).toEqual([{ file, line: 5, message }]);
    expect(one.summary.events).toBe(lines.length - 1);
    expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    // The command, run as shown, leaves every event to count.
    execFileSync('sh', ['-c', command.replaceAll('FILE', shellWord(file))]);
    const kept = await analyzeLogs({ ...settings, logs: [`${file}.jsonl`] });
    expect(kept.invalid).toEqual([]);
    expect(counted(kept)).toEqual(counted(await analyzeLogs({ ...settings, logs: [AUDIT2RBAC_V1] })));
    // A file of that event alone holds JSON: its line says what it is, no warning calls it "no JSON", on any path.
    const alone = write('huge-event-alone.log', JSON.stringify(big) + '\n');
    for (const reading of [read, readReference]) expect((await reading([alone])).stats[0]!.warnings).toEqual([]);
    const parallelWarnings: string[] = [];
    await analyzeLogs({ ...settings, logs: [alone], jobs: 2, parallelMinBytes: 0, onWarning: (w: string) => parallelWarnings.push(w) });
    expect(parallelWarnings.filter((w) => w.includes('no JSON'))).toEqual([]);
  });

  it('a gzip or zstd cut before its first line came out says so, not "after line 0: the lines before it were read"', async () => {
    const cases: [string, Buffer][] = [
      ['gzip', gzipSync(text2017).subarray(0, 30)],
      ['zstd', zstdCompressSync(Buffer.from(text2017)).subarray(0, 30)],
    ];
    for (const [compression, cut] of cases) {
      const file = write(`cut-at-once.log.${compression}`, cut);
      const { report } = await read([file]);
      expect(report.invalid).toEqual([{ file, line: 1, message: `truncated ${compression} before its first line: unexpected end of file; nothing of it was read` }]);
      const r = await runCli(['analyze', file, '--k8s-version', '1.13', '--fail-on', 'invalid']);
      expect(r.stderr).toContain(`apisnoop: no audit events read from ${file} (${file}:1: truncated ${compression} before its first line`);
    }
  });

  it('a truncated gzip (a real .gz cut in half): the lines before the cut are read, the cut is reported', async () => {
    const gz = gzipSync(text2017);
    const half = gz.subarray(0, Math.floor(gz.length / 2));
    const file = write('cut.log.gz', half);
    // What a reader can recover: the complete lines of the partial stream.
    const partial = gunzipSync(half, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    const wholeLines = partial.split('\n').length - 1;
    expect(wholeLines).toBeGreaterThan(100);
    const { report, stats } = await read([file]);
    // One entry for the cut, naming the last whole line: the partial line at the cut is part of the damage.
    expect(report.invalid).toEqual([
      { file, line: wholeLines + 1, message: `truncated gzip after line ${wholeLines}: unexpected end of file; the lines before it were read` },
    ]);
    expect(stats[0]).toMatchObject({ lines: wholeLines, values: wholeLines, invalid: 1 });
    expect(report.summary).toMatchObject({ events: wholeLines, invalidLines: 1 });
    // Every whole line before the cut counts: the report of those lines alone.
    const first = await read([write('cut-first-lines.log', lines2017.slice(0, wholeLines).join('\n') + '\n')]);
    expect(counted(report)).toEqual(counted(first.report));
    // The reference path gives the same.
    expect((await readReference([file])).report).toEqual(report);
  });

  it('a gzip with two bytes flipped in the middle: one entry naming the last whole line, every line before it counts', async () => {
    const gz = Buffer.from(gzipSync(readFileSync(AUDIT2RBAC_V1)));
    const at = gz.length >> 1;
    gz[at] ^= 0xff;
    gz[at + 1] ^= 0xff;
    const file = write('flipped.log.gz', gz);
    // zlib meets this damage in the deflate data itself (not only at the checksum): the lines before it are whole.
    const intact = gunzipSync(gz.subarray(0, at), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    const wholeLines = intact.split('\n').length - 1;
    expect(wholeLines).toBeGreaterThan(5);
    const { report, stats } = await read([file]);
    const n = stats[0].lines;
    expect(n).toBeGreaterThanOrEqual(wholeLines);
    expect(report.invalid).toEqual([
      { file, line: n + 1, message: expect.stringMatching(new RegExp(`^corrupt gzip after line ${n}: [^;]+; the lines before it were read$`)) },
    ]);
    expect(report.summary).toMatchObject({ events: n, invalidLines: 1 });
    const v1 = readLines(AUDIT2RBAC_V1);
    const first = await read([write('flipped-first-lines.log', v1.slice(0, n).join('\n') + '\n')]);
    expect(counted(report)).toEqual(counted(first.report));
    expect((await readReference([file])).report).toEqual(report);
  });

  it('a corrupt gzip is told apart from a truncated one', async () => {
    const gz = Buffer.from(gzipSync(text2017));
    for (let i = 2000; i < 2100; i++) gz[i] ^= 0xff;
    const { report } = await read([write('corrupt.log.gz', gz)]);
    expect(report.invalid[report.invalid.length - 1].message).toMatch(/^corrupt gzip after line \d+: /);
  });

  // zlib's stream loses the output of the step that meets the damage, and what was not read yet: on a file this
  // small, every line (it read 0 lines of 757). The file is inflated again up to the damage, a byte at a time near it.
  it.each([
    ['damage in the middle', (gz: Buffer) => gz.map((b, i) => (i >= 9000 && i < 9010 ? b ^ 0xff : b)), 9000],
    // Not text either (plain text after it is read: the test after next): compress(1)'s magic, say.
    ['bytes after the gzip data that are neither gzip nor text', (gz: Buffer) => Buffer.concat([gz, TRAILING_BINARY]), Infinity],
  ])('a corrupt gzip, %s: every line before the damage is read', async (_name, damage, intact) => {
    const gz = gzipSync(text2017);
    const file = write('damaged.log.gz', Buffer.from(damage(gz)));
    // What its intact bytes hold: every whole line of them.
    const before = gunzipSync(gz.subarray(0, Math.min(intact, gz.length)), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    const wholeLines = before.split('\n').length - 1;
    expect(wholeLines).toBeGreaterThan(300);
    const { report, stats } = await read([file], { selection: { includeSystem: true } });
    const cut = report.invalid[report.invalid.length - 1];
    // A damage zlib meets only at the gzip checksum (incorrect data check) leaves the lines read in doubt: it says so.
    const doubt = '; they do not match the gzip checksum, so some of them may be damaged';
    expect(cut.message).toMatch(new RegExp(`^corrupt gzip after line ${stats[0].lines}: (incorrect data check; the lines before it were read${doubt}|[^;]*; the lines before it were read)$`));
    expect(stats[0].lines).toBeGreaterThanOrEqual(wholeLines);
    // The lines read are the log's own first lines: the same report as those lines alone, but for the bad ones.
    const good = stats[0].lines - (report.invalid.length - 1);
    const ref = await read([write('first-lines.log', lines2017.slice(0, good).join('\n') + '\n')], { selection: { includeSystem: true } });
    expect({ ...report.summary, invalidLines: 0 }).toEqual(ref.report.summary);
    if (intact === Infinity) expect(report.summary.events).toBe(lines2017.length);
  });

  it('bytes after the gzip (zstd) data that are neither more of it nor text, on stdin: every line before them is read, as by name', async () => {
    // zlib failed at them in the step that held the gzip data's end: from stdin, what it was inflating (here, all 300
    // lines) was lost. The end of the gzip data is known now, and nothing before it is lost.
    const file = write('garbage-after.log.gz', Buffer.concat([gzipSync(lines2017.slice(0, 300).join('\n') + '\n'), TRAILING_BINARY]));
    const args = ['analyze', '--k8s-version', '1.36', '--conformance', 'none', '--include-system', '--format', 'json'];
    const byName = await runCli([...args, file]);
    // gzip -dc reads the same 300 lines, calling the rest trailing garbage: said so, not as damage to the data.
    const entry = `301: corrupt gzip after line 300: bytes after the end of its gzip data begin no gzip member (incorrect header check, gzip -dc's "trailing garbage ignored") and are not read; the lines before it were read`;
    expect(byName.stderr).toContain(`${file}:${entry}`);
    expect(parseStdout<Report>(byName).summary.events).toBe(300);
    const fd = openSync(file, 'r');
    const [redirected, piped] = await Promise.all([runCli([...args, '-'], { stdinFd: fd }), runCli([...args, '-'], { inputFile: file })]).finally(() => closeSync(fd));
    for (const r of [redirected, piped]) {
      expect(r.stderr.replaceAll('(stdin)', file)).toBe(byName.stderr);
      expect({ ...unnamed(parseStdout<Report>(r)), invalid: [] }).toEqual({ ...unnamed(parseStdout<Report>(byName)), invalid: [] });
    }
    // zstd alike: said in zstd's words, and no block of it is lost.
    const zst = write('garbage-after.log.zst', Buffer.concat([zstdCompressSync(lines2017.slice(0, 300).join('\n') + '\n'), TRAILING_BINARY]));
    const [zstByName, zstPiped] = await Promise.all([runCli([...args, zst]), runCli([...args, '-'], { inputFile: zst })]);
    expect(zstByName.stderr).toContain(`${zst}:301: corrupt zstd after line 300: bytes after the end of its zstd data begin no zstd frame (Unknown frame descriptor) and are not read; the lines before it were read\n`);
    expect(zstPiped.stderr.replaceAll('(stdin)', zst)).toBe(zstByName.stderr);
    expect(parseStdout<Report>(zstPiped).summary.events).toBe(300);
    // A truncated gzip loses nothing on stdin either: its damage is met after the last step.
    const cut = write('cut-stdin.log.gz', gzipSync(text2017).subarray(0, 8000));
    const [cutByName, cutPiped] = await Promise.all([runCli([...args, cut]), runCli([...args, '-'], { inputFile: cut })]);
    expect(cutPiped.stderr.replaceAll('(stdin)', cut)).toBe(cutByName.stderr);
    expect(cutPiped.stderr).toMatch(/truncated gzip after line \d+: unexpected end of file; the lines before it were read/);
  });

  // cat audit.log.1.gz audit.log | apisnoop analyze -: the rotated log compressed, the live one not. zlib failed at the
  // first plain byte, in the step that held the end of the gzip data: from stdin, the lines it was inflating (up to
  // 1 MB of them; here, all) were lost, and the plain lines were never read.
  it.each([
    ['gzip', 'one member', 1],
    ['gzip', 'two members (cat of two .gz files)', 2],
    ['zstd', 'one frame', 1],
    ['zstd', 'two frames', 2],
  ] as const)('%s (%s) then plain lines, piped, redirected or by name: every line of both is read, and a notice names the byte where the plain text begins', async (compression, _how, members) => {
    const compress = (text: string): Buffer => Buffer.from(compression === 'gzip' ? gzipSync(text) : zstdCompressSync(text));
    const half = lines2017.length >> 1;
    const per = Math.ceil(half / members);
    const packed = Buffer.concat(Array.from({ length: members }, (_, i) => compress(lines2017.slice(i * per, Math.min(half, (i + 1) * per)).join('\n') + '\n')));
    const mixed = write(`mixed-${compression}-${members}.log`, Buffer.concat([packed, Buffer.from(lines2017.slice(half).join('\n') + '\n')]));
    const args = ['analyze', '--k8s-version', '1.36', '--conformance', 'none', '--include-system', '--format', 'json'];
    const fd = openSync(mixed, 'r');
    const [whole, onlyCompressed, piped, redirected, byName, byNameTwoJobs] = await Promise.all([
      runCli([...args, '-'], { input: text2017 }),
      runCli([...args, '-'], { input: compress(text2017) }),
      runCli([...args, '-'], { input: readFileSync(mixed) }),
      runCli([...args, '-'], { stdinFd: fd }),
      runCli([...args, mixed]),
      runCli([...args, '-j', '2', mixed]),
    ]).finally(() => closeSync(fd));
    const notice = (name: string) =>
      `warning: ${name}: its first ${packed.length} bytes are ${compression} data and plain text follows (as from cat audit.log.1.${compression === 'gzip' ? 'gz' : 'zst'} audit.log): both are read, as if given apart\n`;
    // The whole log, plain or compressed alone, is read as ever: no notice.
    expect(parseStdout<Report>(onlyCompressed)).toEqual(parseStdout<Report>(whole));
    expect(onlyCompressed.stderr).toBe(whole.stderr);
    expect(whole.stderr).not.toContain('plain text follows');
    for (const r of [piped, redirected]) {
      expect(r.stderr).toContain(notice('(stdin)'));
      expect(r.stderr.replace(notice('(stdin)'), '')).toBe(whole.stderr);
      expect(unnamed(parseStdout<Report>(r))).toEqual(unnamed(parseStdout<Report>(whole)));
      expect(r.exitCode).toBe(whole.exitCode);
    }
    for (const r of [byName, byNameTwoJobs]) {
      expect(r.stderr).toContain(notice(mixed));
      expect(parseStdout<Report>(r).invalid).toEqual([]);
      expect(counted(parseStdout<Report>(r))).toEqual(counted(parseStdout<Report>(whole)));
    }
  });

  it('gzip then plain text, in pieces of any size (a pipe hands on what it has): the text of both, the plain after the gzip data on a line of its own', async () => {
    const gz = Buffer.concat([gzipSync(lines2017.slice(0, 3).join('\n') + '\n'), gzipSync(lines2017[3])]);
    const zst = Buffer.concat([zstdCompressSync(lines2017.slice(0, 3).join('\n') + '\n'), zstdCompressSync(lines2017[3])]);
    const plain = lines2017.slice(4, 6).join('\n') + '\n';
    // The last gzip line has no newline: the plain text does not run on into it.
    const expected = lines2017.slice(0, 6).join('\n') + '\n';
    for (const [packed, compression] of [
      [gz, 'gzip'],
      [zst, 'zstd'],
    ] as const) {
      const input = Buffer.concat([packed, Buffer.from(plain)]);
      for (const size of [1, 2, 7, 100, 4096, input.length]) {
        const at: number[] = [];
        const pieces = (async function* () {
          for (let i = 0; i < input.length; i += size) yield input.subarray(i, i + size);
        })();
        const out: Buffer[] = [];
        for await (const b of inflate(pieces, null, compression, (n) => at.push(n))) out.push(b);
        expect(Buffer.concat(out).toString('utf8'), `${compression} in pieces of ${size}`).toBe(expected);
        expect(at).toEqual([packed.length]);
      }
    }
  });

  // A plain log begun with NUL bytes (a copy taken while logrotate copytruncate emptied it) after the gzip data: the
  // zeros were taken for gzip's zero padding, and the plain lines after them dropped without a word.
  it('gzip then a plain log that begins with NUL bytes, piped or by name: every line of both is read, the NUL bytes said as in the plain log alone', async () => {
    const half = lines2017.length >> 1;
    const gz = gzipSync(lines2017.slice(0, half).join('\n') + '\n');
    const plain = '\0'.repeat(4096) + lines2017.slice(half).join('\n') + '\n';
    const mixed = write('gzip-then-nul-plain.log', Buffer.concat([gz, Buffer.from(plain)]));
    const alone = write('nul-plain.log', lines2017.slice(0, half).join('\n') + '\n' + plain);
    const args = ['analyze', '--k8s-version', '1.36', '--conformance', 'none', '--include-system', '--format', 'json'];
    const [whole, piped, byName] = await Promise.all([runCli([...args, alone]), runCli([...args, '-'], { inputFile: mixed }), runCli([...args, mixed])]);
    const nulLine = { line: half + 1, message: expect.stringMatching(/^damaged line: bytes 1-4,096 \(NUL bytes\) are not read; the whole audit event on it counts; /) };
    expect(parseStdout<Report>(whole).invalid).toEqual([{ file: alone, ...nulLine }]);
    const notice = (name: string) => `warning: ${name}: its first ${gz.length} bytes are gzip data and plain text follows`;
    for (const [r, name] of [
      [piped, '(stdin)'],
      [byName, mixed],
    ] as const) {
      expect(r.stderr).toContain(notice(name));
      expect(parseStdout<Report>(r).invalid).toEqual([{ file: name, ...nulLine }]);
      expect(counted(parseStdout<Report>(r))).toEqual(counted(parseStdout<Report>(whole)));
      expect(r.exitCode).toBe(whole.exitCode);
    }
  });

  it('damaged gzip data followed by plain text, on stdin: damage still, said as before, and the plain text is not read', async () => {
    // Two members (cat of two .gz files), the second damaged in its first deflate block: its type bits say 3, which
    // deflate has not. Then plain lines, which must not pass for what follows the gzip data.
    const second = Buffer.from(gzipSync(lines2017.slice(300).join('\n') + '\n'));
    second[10] |= 0b110;
    const input = Buffer.concat([gzipSync(lines2017.slice(0, 300).join('\n') + '\n'), second, Buffer.from(lines2017.slice(0, 10).join('\n') + '\n')]);
    const r = await runCli(['analyze', '--k8s-version', '1.36', '--conformance', 'none', '--include-system', '--format', 'json', '-'], { input });
    expect(r.stderr).toContain(
      '(stdin):301: corrupt gzip: invalid block type; 300 lines were read before it, and the lines zlib was inflating when it met the damage (up to 1 MB) are lost: stdin cannot be read again (give the file by name to keep every line before the damage)',
    );
    expect(r.stderr).not.toContain('plain text follows');
    expect(parseStdout<Report>(r).summary).toMatchObject({ events: 300, invalidLines: 1 });
  });

  it('a file that is not an audit log: a YAML file is all bad lines, with a warning', async () => {
    const yaml = fixture('deprecations/pluto-versions.yaml');
    const { report, stats } = await read([yaml]);
    expect(stats[0]).toMatchObject({ lines: 728, values: 0, invalid: 728 });
    expect(stats[0].warnings).toEqual([`${yaml}: no JSON in 728 lines: is this an audit log?`]);
    expect(report.invalid[0]).toEqual({ file: yaml, line: 1, message: expect.stringMatching(/^not JSON/) });
    expect(report.summary).toMatchObject({ events: 0, invalidLines: 728 });
  });

  it('a file that is not an audit log: an OpenAPI spec (pretty-printed, 96,067 lines) is one JSON value, not an event', async () => {
    const { report, stats } = await read([specPath('1.13')]);
    expect(stats[0]).toMatchObject({ lines: 96067, values: 1, invalid: 0 });
    expect(report.invalid).toEqual([{ file: specPath('1.13'), line: 1, message: 'not an audit event: no auditID' }]);
    expect(report.summary.events).toBe(0);
  });

  it('a JSON array of events, on one line or pretty-printed, is read as its events (jq -s, a script\'s dump); one of other things is one bad line', async () => {
    const events = lines2017.slice(0, 3).map((l) => JSON.parse(l) as unknown);
    const file = write('array.json', [JSON.stringify(events), JSON.stringify(events, null, 2)].join('\n') + '\n');
    const { report } = await read([file]);
    expect(report.invalid).toEqual([]);
    // The same three events twice: one request each, the second copy's stages already seen.
    expect(report.summary.events).toBe(6);
    // jq -s of the whole log, plain and gzip: the report of the log one event a line.
    const dumped = write('jq-slurped.json', execFileSync('jq', ['-s', '.', AUDIT2RBAC_2017]));
    const gz = write('jq-slurped.json.gz', gzipSync(readFileSync(dumped)));
    const bare = counted((await read([AUDIT2RBAC_2017])).report);
    for (const input of [dumped, gz]) {
      const { report: whole } = await read([input]);
      expect(whole.invalid).toEqual([]);
      expect(counted(whole)).toEqual(bare);
    }
    // An item that is no event is an entry naming its place; the rest still count.
    const mixed = write('array-mixed.json', JSON.stringify([events[0], { kind: 'Pod' }, events[1]]) + '\n');
    const { report: withBad } = await read([mixed]);
    expect(withBad.invalid).toEqual([{ file: mixed, line: 1, message: 'JSON array item 2 of 3: kind is "Pod", not an audit Event' }]);
    expect(withBad.summary.events).toBe(2);
    // An array of other things is one bad line saying what is read.
    expect((await read([write('numbers.json', '[1,2,3]\n')])).report.invalid).toEqual([
      expect.objectContaining({ line: 1, message: 'a JSON array of 3 items, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records' }),
    ]);
  });

  it('a byte order mark before the first line is not a bad line', async () => {
    const file = write('bom.log', '\uFEFF' + text2017);
    const { report, stats } = await read([file]);
    expect(stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0 });
    expect({ ...report, inputs: [] }).toEqual({ ...(await read([AUDIT2RBAC_2017])).report, inputs: [] });
  });

  it('a byte order mark at the start of a later line (files joined with cat, each written with one) is dropped too', async () => {
    // `cat audit-1.log audit-2.log > all.log`, both saved by a Windows tool: the second's mark begins line 401.
    const file = write('joined-boms.log', '\uFEFF' + lines2017.slice(0, 400).join('\n') + '\n' + '\uFEFF' + lines2017.slice(400).join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0 });
      expect({ ...report, inputs: [] }).toEqual({ ...(await reading([AUDIT2RBAC_2017])).report, inputs: [] });
    }
  });

  it('an empty file is a warning, not an error', async () => {
    const empty = write('empty.log', '');
    const { report, stats } = await read([empty]);
    expect(stats[0].warnings).toEqual([`${empty}: empty file`]);
    expect(report.summary).toMatchObject({ events: 0, invalidLines: 0 });
  });

  it("the API server's legacy audit format is named, with the flag that writes JSON, on each line and for the file; nothing of its lines quoted", async () => {
    // Kubernetes' documentation of --audit-log-format=legacy (2017: no stage, a request's line and its response's),
    // then a line as k8s.io/apiserver's audit.EventString writes it since stage="…" came in.
    const docs2017 = [
      '2017-03-21T03:57:09.106841886-04:00 AUDIT: id="c939d2a7-1c37-4ef1-b2f7-4ba9b1e43b53" ip="127.0.0.1" method="GET" user="admin" groups="\\"system:masters\\",\\"system:authenticated\\"" as="<self>" asgroups="<lookup>" namespace="default" uri="/api/v1/namespaces/default/pods"',
      '2017-03-21T03:57:09.108403639-04:00 AUDIT: id="c939d2a7-1c37-4ef1-b2f7-4ba9b1e43b53" response="200"',
    ];
    const staged =
      '2023-01-27T18:28:08.129781Z AUDIT: id="a1b86d5d-6f8f-4058-9710-19f5cc40a68a" stage="ResponseComplete" ip="10.0.0.1" method="list" user="kubernetes-admin" groups="\\"system:masters\\",\\"system:authenticated\\"" as="<self>" asgroups="<lookup>" user-agent="Helm/3.11.0" namespace="app" uri="/apis/apps/v1/namespaces/app/deployments" response="200"';
    const legacy = write('legacy-format.log', [...docs2017, staged].join('\n') + '\n');
    // Written to stdout (--audit-log-path=-) and read from the container's log: behind the CRI prefix, amid JSON events.
    const events = readLines(AUDIT2RBAC_V1).slice(0, 3);
    const mixed = write('legacy-in-container.log', [`2023-01-27T18:28:08.130000000Z stdout F ${staged}`, ...events].join('\n') + '\n');
    const { report, stats } = await read([legacy, mixed]);
    expect(stats[0]!.warnings).toEqual([`${legacy}: 3 lines of ${LEGACY_AUDIT_LINE}`]);
    expect(stats[1]!.warnings).toEqual([]);
    expect(report.invalid).toEqual([
      ...[1, 2, 3].map((line) => ({ file: legacy, line, message: LEGACY_AUDIT_LINE })),
      { file: mixed, line: 1, message: LEGACY_AUDIT_LINE },
    ]);
    expect(report.summary.events).toBe(3);
    expect(LEGACY_AUDIT_LINE).toContain('--audit-log-format=json (the default)');
    expect(JSON.stringify(report.invalid)).not.toMatch(/admin|c939d2a7|Helm/);
    // Read in ranges, the file is named so too.
    const outcome = await analyzeInParallel({ files: [legacy], named: new Set([legacy]), workers: 1, fast: true, analysis: new Analysis({ spec: spec113 }), spec: spec113, rangeBytes: 16 << 10 });
    expect(outcome.stats[0]!.warnings).toEqual([`${legacy}: 3 lines of ${LEGACY_AUDIT_LINE}`]);
  });

  it("the legacy audit format behind kubectl logs --prefix's header ([pod/NAME/CONTAINER]), with --timestamps too, is named as well", async () => {
    // The API server auditing to stdout, its log read with kubectl logs --prefix (and --timestamps).
    const staged =
      '2023-01-27T18:28:08.129781Z AUDIT: id="a1b86d5d-6f8f-4058-9710-19f5cc40a68a" stage="ResponseComplete" ip="10.0.0.1" method="list" user="kubernetes-admin" user-agent="Helm/3.11.0" namespace="app" uri="/apis/apps/v1/namespaces/app/deployments" response="200"';
    const header = '[pod/kube-apiserver-control-plane/kube-apiserver] ';
    const prefixed = write('legacy-kubectl-prefix.log', [`${header}${staged}`, `${header}2023-01-27T18:28:08.130000000Z ${staged}`].join('\n') + '\n');
    const { report, stats } = await read([prefixed]);
    expect(stats[0]!.warnings).toEqual([`${prefixed}: 2 lines of ${LEGACY_AUDIT_LINE}`]);
    expect(report.invalid).toEqual([1, 2].map((line) => ({ file: prefixed, line, message: LEGACY_AUDIT_LINE })));
    expect(JSON.stringify(report.invalid)).not.toMatch(/admin|a1b86d5d|Helm|control-plane/);
    // A JSON event behind the header is still not read, and said as before: the header to remove.
    const events = write('json-kubectl-prefix.log', `${header}${readLines(AUDIT2RBAC_V1)[0]}\n`);
    expect((await read([events])).report.invalid[0]!.message).toContain("kubectl logs --prefix's header");
  });

  it('a file of blank lines is said to be as good as empty, not "no JSON in 5 lines: is this an audit log?"; one bad line is "1 line"', async () => {
    const blank = write('blank.log', '\n\n  \r\n\t\n\n');
    const one = write('one-line.log', 'Sep 11 19:57:33 master kube-apiserver[42]: not json\n');
    const { report, stats } = await read([blank, one]);
    expect(stats.map((s) => s.warnings)).toEqual([[`${blank}: 5 lines, all blank: as good as an empty file`], [`${one}: no JSON in 1 line: is this an audit log?`]]);
    expect(report.summary).toMatchObject({ events: 0, invalidLines: 1 });
    const r = await runCli(['analyze', blank, AUDIT2RBAC_V1, '--k8s-version', '1.13', '--format', 'json']);
    expect(r.stderr.split('\n')).toContain(`warning: ${blank}: 5 lines, all blank: as good as an empty file`);
  });

  it('an object never closed is one entry at its first line; its other lines, read on their own, are not events', async () => {
    const file = write('unclosed.json', [lines2017[0], '{', '  "kind": "Event",', '  "auditID": "x"'].join('\n'));
    const { report, stats } = await read([file]);
    expect(report.invalid).toEqual([{ file, line: 2, message: '"{" opens an object not closed at end of file (lines 2-4)' }]);
    expect(stats[0]).toMatchObject({ lines: 4, values: 1, invalid: 1 });
    expect(report.summary).toMatchObject({ events: 1, invalidLines: 1 });
  });

  it('a pretty-printed log cut short (real events): one entry for the object left open, every whole event before it counts', async () => {
    const { text, spans } = prettyEvents(lines2017.slice(0, 4));
    const [start, end] = spans[3];
    const keep = text.split('\n').slice(0, start + 5).join('\n'); // the last event's "{" and 5 more lines, the last of them cut
    const file = write('pretty-cut.log', keep.slice(0, -3));
    expect(end).toBeGreaterThan(start + 6);
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(report.invalid).toEqual([{ file, line: start, message: `"{" opens an object not closed at end of file (lines ${start}-${start + 5})` }]);
      expect(stats[0]).toMatchObject({ lines: start + 5, values: 3, invalid: 1 });
      expect(report.summary).toMatchObject({ events: 3, invalidLines: 1 });
    }
  });

  it('a stray "[" never closed over JSON lines, one of them cut: an entry for the "[", which counts the events read on their own, and one for the cut line', async () => {
    const lines = [...lines2017.slice(0, 50)];
    lines[20] = lines[20].slice(0, 100);
    const file = write('stray-bracket.log', ['[', ...lines].join('\n') + '\n');
    const { report, stats } = await read([file]);
    // Once the lines gathered after the "[" have held an event, they are lines of their own: the cut one is said where it is.
    expect(report.invalid).toEqual([
      { file, line: 1, message: '"[" opens an object not closed at end of file (lines 1-51); read on their own, its lines held 49 audit events, which count' },
      { file, line: 22, message: expect.stringMatching(/^not JSON: Unterminated string/) },
    ]);
    expect(stats[0]).toMatchObject({ lines: 51, values: 49, invalid: 2 });
    const ref = await read([write('stray-bracket-ref.log', lines.filter((_, i) => i !== 20).join('\n') + '\n')]);
    expect(counted(report)).toEqual(counted(ref.report));
  });

  // A JSON line cut to its first byte, or a stray "{", used to open an object that swallowed every line after it:
  // the verdict of the real log below went from fail to pass on 50 of its 438 requests.
  it.each([
    ['a stray "{" line', (ls: string[]) => [...ls.slice(0, 99), '{', ...ls.slice(99)], [100]],
    ['a stray "{" then a stray "}" 100 lines on', (ls: string[]) => [...ls.slice(0, 99), '{', ...ls.slice(99, 199), '}', ...ls.slice(199)], [100, 201]],
    ['a stray "[" never closed', (ls: string[]) => [...ls.slice(0, 99), '[', ...ls.slice(99)], [100]],
    ['a stray "{" as the last line but one', (ls: string[]) => [...ls.slice(0, -1), '{', ...ls.slice(-1)], [lines2017.length]],
  ])('%s costs only those lines: every other line still counts', async (_name, edit, badLines) => {
    const whole = await read([AUDIT2RBAC_2017]);
    const file = write('stray.log', edit(lines2017).join('\n') + '\n');
    const { report, stats } = await read([file]);
    expect(report.invalid.map((i) => i.line)).toEqual(badLines);
    expect(stats[0]).toMatchObject({ lines: lines2017.length + badLines.length, values: lines2017.length, invalid: badLines.length });
    const same = (r: Report): Report => ({ ...r, invalid: [], inputs: [], summary: { ...r.summary, invalidLines: 0 } });
    expect(same(report)).toEqual(same(whole.report));
    // The same through the CLI: the fast path and the verdict.
    const cli = await runCli(['analyze', file, '--spec', specPath('1.13'), '--format', 'json', '--include-system']);
    const ref = await runCli(['analyze', AUDIT2RBAC_2017, '--spec', specPath('1.13'), '--format', 'json', '--include-system']);
    expect(cli.exitCode).toBe(ref.exitCode);
    expect(parseStdout<Report>(cli).summary).toEqual({ ...parseStdout<Report>(ref).summary, invalidLines: badLines.length });
  });

  it('a pretty-printed object that is not JSON is one entry at its first line, naming its lines', async () => {
    const file = write('broken-pretty.json', ['{', '  "kind": "Event"', '  "auditID": "x"', '}', lines2017[0]].join('\n'));
    const { report, stats } = await read([file]);
    expect(report.invalid).toEqual([{ file, line: 1, message: expect.stringMatching(/^not JSON \(lines 1-4 read as one object\): /) }]);
    expect(stats[0]).toMatchObject({ lines: 5, values: 1, invalid: 1 });
    expect(report.summary).toMatchObject({ events: 1, invalidLines: 1 });
  });

  it('a typo in the second of three pretty-printed real events: one entry for it, the other two count', async () => {
    const { text, spans } = prettyEvents(lines2017.slice(0, 3));
    const typo = text.split('\n');
    const verb = typo.findIndex((l, i) => i >= spans[1][0] - 1 && /^ {2}"verb": /.test(l));
    typo[verb] += ',';
    const file = write('pretty3.log', typo.join('\n'));
    const [start, end] = spans[1];
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(report.invalid).toEqual([{ file, line: start, message: expect.stringMatching(new RegExp(`^not JSON \\(lines ${start}-${end} read as one object\\): `)) }]);
      expect(stats[0]).toMatchObject({ lines: spans[2][1], values: 2, invalid: 1 });
      expect(report.summary.invalidLines).toBe(1);
      const ref = await read([write('pretty3-ref.log', [lines2017[0], lines2017[2]].join('\n') + '\n')]);
      expect(counted(report)).toEqual(counted(ref.report));
    }
  });

  it('audit events behind a log line\'s prefix (a container log file, kubectl logs --timestamps, an EKS export) are read', async () => {
    // The apiserver auditing to stdout (--audit-log-path=-): the node's /var/log/pods file prefixes every event (the
    // CRI log format); kubectl logs --timestamps and CloudWatch's export to S3 put a time before each.
    const cri = lines2017.slice(0, 3).map((l, i) => `2017-09-11T19:55:0${i}.123456789Z stdout F ${l}`);
    const timed = [`2017-09-11T19:56:00Z ${lines2017[3]}`, `2017-09-11T19:56:01.5+02:00 ${lines2017[4]}`];
    // aws logs tail: the log stream's name after the time, more of a prefix than is read.
    const tail = `2017-09-11T19:56:03.123000+00:00 kube-apiserver-audit-0f1e ${lines2017[7]}`;
    const other = [`node-1 ${lines2017[5]}`, 'not a log {line', '2017-09-11T19:56:02Z stderr F I0911 19:56:02.000000       1 server.go:1] serving', tail];
    const file = write('kube-apiserver-cri.log', [...cri, ...timed, ...other, lines2017[6]].join('\n') + '\n');
    const ref = await read([write('kube-apiserver-bare.log', [...lines2017.slice(0, 5), lines2017[6]].join('\n') + '\n')]);
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(counted(report)).toEqual(counted(ref.report));
      expect(report.summary.events).toBe(6);
      // (V8 words JSON.parse's part its own way; what comes after it is ours.)
      expect(report.invalid.map((x) => [x.line, x.message.replace(/^not JSON: .*?(;|$)/, 'not JSON$1')])).toEqual([
        // A prefix is told by its length, or by the time it begins with: it is not quoted (it could hold a token).
        [6, `not JSON; a JSON object follows 7 characters before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`],
        [7, 'not JSON'],
        [8, 'not JSON after the prefix "2017-09-11T19:56:02Z stderr F ": Unexpected character in JSON at position 0 (line 1 column 1)'],
        [
          9,
          `not JSON after the prefix "2017-09-11T19:56:03.123000+00:00 ": Unexpected character in JSON at position 0 (line 1 column 1); a JSON object follows the time "2017-09-11T19:56:03.123000+00:00" (RFC 3339) and 27 characters more before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`,
        ],
      ]);
      expect(stats[0]).toMatchObject({ lines: 10, values: 6, invalid: 4 });
    }
  });

  it('two threads read events behind prefixes as one does', async () => {
    // Eight copies of the log (auditIDs of their own), a CRI prefix on every line: many of the threads' 1 MB ranges.
    const copies = Array.from({ length: 8 }, (_, c) => lines2017.map((l) => l.replace(/"auditID":"([^"]+)"/, `"auditID":"$1-${c}"`))).flat();
    const plain = write('copies-bare.log', copies.join('\n') + '\n');
    const prefixed = write('copies-cri.log', copies.map((l, i) => `2017-09-11T19:55:00.${i}Z stdout F ${l}`).join('\n') + '\n');
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    const threads: number[] = [];
    const two = await analyzeLogs({ ...settings, logs: [prefixed], jobs: 2, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
    const one = await analyzeLogs({ ...settings, logs: [plain] });
    expect(threads).toStrictEqual([1]);
    expect(two.summary.events).toBe(copies.length);
    expect(counted(two)).toEqual(counted(one));
  });

  it('an export cut short just after its last event (a gzip without its trailer): that event counts behind its prefix, as bare', async () => {
    // CloudWatch's export of EKS's audit log to S3 is gzip; a download cut off can end just after the last event's "}".
    const lines = lines2017.slice(0, 40);
    const cutGzip = (text: string): Buffer => {
      const gz = gzipSync(text);
      return gz.subarray(0, gz.length - 8);
    };
    const bare = write('cut-trailer-bare.log.gz', cutGzip(lines.join('\n')));
    const prefixed = write('cut-trailer-export.log.gz', cutGzip(lines.map((l) => `2017-09-11T19:55:00.000Z ${l}`).join('\n')));
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    const one = await read([bare]);
    expect(one.report.summary.events).toBe(40);
    for (const reading of [read, readReference]) {
      const { report } = await reading([prefixed]);
      expect(report.summary.events).toBe(40);
      expect(counted(report)).toEqual(counted(one.report));
      expect(report.invalid.map((x) => [x.line, x.message])).toEqual([[41, 'truncated gzip after line 40: unexpected end of file; the lines before it were read']]);
    }
    // Three jobs: the gzip's inflating takes one; with two, one thread read it all.
    const threads: number[] = [];
    const two = await analyzeLogs({ ...settings, logs: [prefixed], jobs: 3, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
    expect(threads).toStrictEqual([1]);
    expect(two.summary.events).toBe(40);
    expect(two.invalid.map((x) => x.line)).toEqual([41]);
  });

  it('lines a container runtime cut into pieces (CRI P, then F): each piece says how to join them, and joined they are read', async () => {
    // Lines of over 16 KB (events with their objects) are cut; here at 300 bytes, as a runtime set lower would.
    const events = lines2017.slice(0, 20);
    const pieces = events.flatMap((l) => {
      const out: string[] = [];
      let t = l;
      for (; t.length > 300; t = t.slice(300)) out.push(`2017-09-11T19:55:00.1Z stdout P ${t.slice(0, 300)}`);
      return [...out, `2017-09-11T19:55:00.1Z stdout F ${t}`];
    });
    expect(pieces.length).toBeGreaterThan(2 * events.length);
    const file = write('kube-apiserver-pieces.log', pieces.join('\n') + '\n');
    const { report } = await read([file]);
    const awk = `awk '{ t = $3; sub(/^[^ ]+ [^ ]+ [^ ]+ ?/, ""); printf "%s%s", $0, (t ~ /^P/ ? "" : "\\n") }'`;
    // Into a file, which every command takes (load-audit reads no stdin).
    const join = `join them first, ${awk} FILE > FILE.jsonl (from a .gz: gzip -dc FILE | ${awk} > FILE.jsonl) and give FILE.jsonl`;
    const first = pieces.findIndex((p) => p.includes(' P '));
    expect(report.invalid[0]).toEqual({
      file,
      line: first + 1,
      message: `a piece of a line the container runtime cut (the CRI log format cuts lines of over 16 KB into pieces tagged P, the last tagged F: ${join})`,
    });
    const lastPiece = report.invalid.find((x) => x.message.startsWith('not JSON after the prefix'))!;
    expect(lastPiece.message).toContain(`; the last piece of a line the container runtime cut? (the CRI log format cuts lines`);
    expect(report.summary.invalidLines + report.summary.events).toBe(pieces.length);
    // The commands the message gives, run as they are shown, on the file and on its .gz: the events come back whole.
    const message = report.invalid[0].message;
    const plain = message.slice(message.indexOf('awk '), message.indexOf(' (from a .gz: ')).replaceAll('FILE', `'${file}'`);
    execFileSync('sh', ['-c', plain]);
    expect(readFileSync(`${file}.jsonl`, 'utf8')).toBe(events.join('\n') + '\n');
    const gz = write('kube-apiserver-pieces.log.gz', gzipSync(pieces.join('\n') + '\n'));
    const fromGz = message.slice(message.indexOf('gzip -dc'), message.lastIndexOf(') and give FILE.jsonl')).replaceAll('FILE', `'${gz}'`);
    execFileSync('sh', ['-c', fromGz]);
    expect(readFileSync(`${gz}.jsonl`, 'utf8')).toBe(events.join('\n') + '\n');
  });

  it('a stray "[" before JSON lines with bad lines among them: each bad line is said where it is, after the events found', async () => {
    const lines = lines2017.slice(0, 30).flatMap((l, i) => (i % 10 === 5 ? [l, `garbage ${i}`] : [l]));
    const file = write('stray-bracket-garbage.log', ['[', ...lines].join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(report.invalid.map((x) => [x.line, x.message.slice(0, 40)])).toEqual([
        [1, '"[" opens an object not closed at end of'],
        ...[8, 19, 30].map((line) => [line, 'not JSON: Unexpected character in JSON at position 0 (line 1 column 1)'.slice(0, 40)]),
      ]);
      expect(stats[0]).toMatchObject({ lines: 34, values: 30, invalid: 4 });
    }
  });

  it('lines of "[" alone by the ten thousand: one entry, read once (it used to overflow the stack, and to take quadratic time)', async () => {
    const file = write('brackets.log', [...lines2017.slice(0, 20), ...Array<string>(30_000).fill('[')].join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(report.invalid).toEqual([{ file, line: 21, message: '"[" opens an object not closed at end of file (lines 21-30020)' }]);
      expect(stats[0]).toMatchObject({ lines: 30_020, values: 20, invalid: 1 });
      expect(report.summary.events).toBe(20);
    }
  });

  it('a stray "[" before pretty-printed events, one with a typo: one entry, and the events read on their own count', async () => {
    const { text, spans } = prettyEvents(lines2017.slice(0, 3));
    const lines = text.split('\n');
    const verb = lines.findIndex((l, i) => i >= spans[1][0] - 1 && /^ {2}"verb": /.test(l));
    lines[verb] += ',';
    const file = write('stray-bracket-pretty.log', ['[', ...lines].join('\n'));
    const last = spans[2][1] + 1;
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      // The "[" gathers every line; read on their own, its lines open the events again: two are whole, one is not,
      // and that one is one entry of its own (not one per line).
      expect(report.invalid).toEqual([
        { file, line: 1, message: `"[" opens an object not closed at end of file (lines 1-${last}); read on their own, its lines held 2 audit events, which count` },
        { file, line: spans[1][0] + 1, message: expect.stringMatching(new RegExp(`^not JSON \\(lines ${spans[1][0] + 1}-${spans[1][1] + 1} read as one object\\): `)) },
      ]);
      expect(stats[0]).toMatchObject({ lines: last, values: 2, invalid: 2 });
      const ref = await read([write('stray-bracket-pretty-ref.log', [lines2017[0], lines2017[2]].join('\n') + '\n')]);
      expect(counted(report)).toEqual(counted(ref.report));
    }
  });

  it('a JSON array of events (jq -s, az monitor) with one damaged item: one entry at that item, every whole item counts', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const whole = lines.filter((_, i) => i !== 10);
    const ref = await read([write('array-damaged-ref.log', whole.join('\n') + '\n')]);
    // One item a line, each but the last with its comma; the eleventh cut short.
    const cut = [...lines];
    cut[10] = cut[10].slice(0, 100);
    const compact = write('array-damaged.json', '[\n' + cut.join(',\n') + '\n]\n');
    // Pretty-printed (jq -s .), a comma missing after a member of the eleventh item.
    const pretty = JSON.stringify(lines.map((l) => JSON.parse(l) as unknown), null, 2).split('\n');
    const itemStarts = pretty.flatMap((l, i) => (l === '  {' ? [i] : []));
    const typo = pretty.findIndex((l, i) => i > itemStarts[10] && /^ {4}"stage": /.test(l));
    pretty[typo] = pretty[typo].slice(0, -1);
    const typoed = write('array-typo.json', pretty.join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report: a } = await reading([compact]);
      expect(a.invalid).toEqual([
        { file: compact, line: 1, message: `"[" opens an object not closed at end of file (lines 1-${lines.length + 2}); read on their own, its lines held ${whole.length} audit events, which count` },
        { file: compact, line: 12, message: expect.stringMatching(/^not JSON: Unterminated string/) },
      ]);
      expect(counted(a)).toEqual(counted(ref.report));
      const { report: b } = await reading([typoed]);
      expect(b.invalid).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringMatching(new RegExp(`^not JSON \\(lines 1-${pretty.length} read as one object\\): .*; read on their own, its lines held ${whole.length} audit events, which count$`)) }),
        expect.objectContaining({ line: itemStarts[10] + 1, message: expect.stringMatching(/^not JSON \(lines \d+-\d+ read as one object\): Expected ',' or '}'/) }),
      ]);
      expect(counted(b)).toEqual(counted(ref.report));
    }
  });

  it('a pretty-printed JSON array with NUL bytes over the end of an item and the head of the next: every whole item counts, one entry for the damage', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const text = JSON.stringify(lines.map((l) => JSON.parse(l) as unknown), null, 2);
    // Zeros from inside the 20th item's requestURI to inside the 21st's metadata (an unclean shutdown): the brackets
    // counted, the array seems to close early, and the items after it come one by one, each with its comma.
    const items = [...text.matchAll(/^ {2}\{$/gm)].map((m) => m.index);
    const from = text.indexOf('"requestURI"', items[19]) + 20;
    const to = text.indexOf('"creationTimestamp"', items[20]) + 25;
    const damaged = write('array-nul.json', text.slice(0, from) + '\0'.repeat(to - from) + text.slice(to) + '\n');
    const ref = await read([write('array-nul-ref.log', lines.filter((_, i) => i !== 19 && i !== 20).join('\n') + '\n')]);
    const itemLine = text.slice(0, items[19]).split('\n').length;
    // The NUL bytes are named, and the line of the first, where the parser said only its position.
    const nuls = `NUL bytes, the first on line ${text.slice(0, from).split('\n').length}; NUL bytes stand where data never reached the disk`;
    for (const reading of [read, readReference]) {
      const { report } = await reading([damaged]);
      expect(report.invalid).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringMatching(new RegExp(`^not JSON \\(lines 1-\\d+ read as one object\\): they hold ${to - from} ${nuls}`)) }),
        expect.objectContaining({
          line: itemLine,
          message: expect.stringMatching(new RegExp(`^not JSON \\(lines ${itemLine}-\\d+ read as one object\\): they hold \\d+ ${nuls}.*; lines \\d+-\\d+ after it, up to the array's next whole item, are not read either$`)),
        }),
      ]);
      expect(counted(report)).toEqual(counted(ref.report));
    }
    const settings = { kubernetesVersion: '1.13', logs: [damaged], selection: { includeSystem: true } };
    const one = await analyzeLogs(settings);
    expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
  });

  it('a JSON array item broken in two by a newline: one entry, naming the one line after it as "line N"', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const broken = [...lines];
    const at = broken[10].indexOf('"requestURI":"/') + 15; // inside the string: no JSON whitespace
    broken[10] = broken[10].slice(0, at) + '\n' + broken[10].slice(at);
    const file = write('array-item-in-two.json', '[\n' + broken.join(',\n') + '\n]\n');
    const ref = await read([write('array-item-in-two-ref.log', lines.filter((_, i) => i !== 10).join('\n') + '\n')]);
    for (const reading of [read, readReference]) {
      const { report } = await reading([file]);
      expect(report.invalid[1]).toEqual({ file, line: 12, message: expect.stringMatching(/^not JSON: .*; line 13 after it, up to the array's next whole item, is not read either$/) });
      expect(report.invalid).toHaveLength(2);
      expect(counted(report)).toEqual(counted(ref.report));
    }
  });

  it('after a JSON array closed at its own "]", the lines are the log\'s again: each bad one its own entry', async () => {
    // A NUL inside a string of an item spoils the array's JSON but not its brackets: it closes at its "]". The lines
    // after it (events, one a line, and two bad lines) were taken as more of its items, the two bad lines one entry.
    const lines = readLines(AUDIT2RBAC_V1);
    const text = JSON.stringify(lines.slice(0, 20).map((l) => JSON.parse(l) as unknown), null, 2);
    const item = [...text.matchAll(/^ {2}\{$/gm)][10]!.index;
    const at = text.indexOf('"verb": "', text.indexOf('"requestURI"', item)) + 9;
    const damaged = text.slice(0, at) + '\0' + text.slice(at + 1);
    const after = [...lines.slice(20, 25), 'not json', '{"also": not json', ...lines.slice(25)];
    const file = write('array-then-lines.json', damaged + '\n' + after.join('\n') + '\n');
    const arrayLines = damaged.split('\n').length;
    for (const reading of [read, readReference]) {
      const { report } = await reading([file]);
      // The array's entry, its damaged item's, then each bad line after it.
      expect(report.invalid.map((l) => [l.line, l.message.includes('up to the array')])).toEqual([
        [1, false],
        [text.slice(0, item).split('\n').length, false],
        [arrayLines + 6, false],
        [arrayLines + 7, false],
      ]);
    }
  });

  it('a pretty-printed JSON array cut short in an item: one entry for the array, one for the item, whose lines are not an entry each', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const pretty = JSON.stringify(lines.map((l) => JSON.parse(l) as unknown), null, 2).split('\n');
    const itemStarts = pretty.flatMap((l, i) => (l === '  {' ? [i] : []));
    // Cut 10 lines into the last item (its members, one a line).
    const keep = pretty.slice(0, itemStarts.at(-1)! + 10);
    const file = write('array-cut.json', keep.join('\n') + '\n');
    const ref = await read([write('array-cut-ref.log', lines.slice(0, -1).join('\n') + '\n')]);
    for (const reading of [read, readReference]) {
      const { report } = await reading([file]);
      expect(report.invalid).toEqual([
        { file, line: 1, message: `"[" opens an object not closed at end of file (lines 1-${keep.length}); read on their own, its lines held ${lines.length - 1} audit events, which count` },
        { file, line: itemStarts.at(-1)! + 1, message: `"{" opens an object not closed (lines ${itemStarts.at(-1)! + 1}-${keep.length})` },
      ]);
      expect(counted(report)).toEqual(counted(ref.report));
    }
  });

  it('an EventList with one damaged item, pretty-printed or its items one a line: every whole item counts, one entry at that item', async () => {
    // The 2017 demo log's 757 events as one EventList (kubectl get --raw | jq ., an exporter's dump).
    const whole = lines2017.filter((_, i) => i !== 100);
    const ref = await read([write('eventlist-damaged-ref.log', whole.join('\n') + '\n')]);
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', metadata: {}, items: lines2017.map((l) => JSON.parse(l) as unknown) };
    // Pretty-printed, a comma missing after a member of the 101st item.
    const pretty = JSON.stringify(list, null, 2).split('\n');
    const itemStarts = pretty.flatMap((l, i) => (l === '    {' ? [i] : []));
    const typo = pretty.findIndex((l, i) => i > itemStarts[100] && /^ {6}"stage": /.test(l));
    pretty[typo] = pretty[typo].slice(0, -1);
    const typoed = write('eventlist-typo.json', pretty.join('\n') + '\n');
    // Its items one a line, each but the last with its comma, the 101st cut short; a member after the list.
    const cut = [...lines2017];
    cut[100] = cut[100].slice(0, 100);
    const head = ['{', '  "kind": "EventList",', '  "apiVersion": "audit.k8s.io/v1beta1",', '  "items": ['];
    const perLine = write('eventlist-lines.json', [...head, cut.join(',\n'), '  ],', '  "metadata": {', '    "resourceVersion": "1"', '  }', '}'].join('\n') + '\n');
    for (const reading of [read, readReference]) {
      const { report: a } = await reading([typoed]);
      expect(a.invalid).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringMatching(new RegExp(`^not JSON \\(lines 1-${pretty.length} read as one object\\): .*; read on their own, its lines held ${whole.length} audit events, which count$`)) }),
        expect.objectContaining({ line: itemStarts[100] + 1, message: expect.stringMatching(/^not JSON \(lines \d+-\d+ read as one object\): Expected ',' or '}'/) }),
      ]);
      expect(counted(a)).toEqual(counted(ref.report));
      const { report: b } = await reading([perLine]);
      expect(b.invalid).toEqual([
        // Cut short, the item leaves the document's braces unbalanced: never closed.
        { file: perLine, line: 1, message: `"{" opens an object not closed at end of file (lines 1-${head.length + lines2017.length + 5}); read on their own, its lines held ${whole.length} audit events, which count` },
        { file: perLine, line: head.length + 101, message: expect.stringMatching(/^not JSON: Unterminated string/) },
      ]);
      expect(counted(b)).toEqual(counted(ref.report));
    }
    for (const file of [typoed, perLine]) {
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(one.summary.events).toBe(whole.length);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('a pretty-printed event whose "user": { line is lost is never counted (its user\'s members hoisted), in JSON lines, an EventList or a JSON array: one entry at it', async () => {
    // With the line gone the event's braces close early, on the user's "}," (indented deeper than its "{"): without
    // the comma, the lines up to it were JSON holding kind, auditID, verb and requestURI, and counted as a request.
    const whole = lines2017.filter((_, i) => i !== 10);
    const ref = await read([write('lost-user-ref.log', whole.join('\n') + '\n')]);
    const withoutUser = (pretty: string[], indent: string, from: number): string[] => {
      const user = pretty.findIndex((l, i) => i > from && l === `${indent}"user": {`);
      return pretty.filter((_, i) => i !== user);
    };
    // JSON lines, the 11th event pretty-printed (jq . of one line).
    const event = withoutUser(JSON.stringify(JSON.parse(lines2017[10]), null, 2).split('\n'), '  ', 0);
    const jsonLines = write('lost-user.log', [...lines2017.slice(0, 10), ...event, ...lines2017.slice(11)].join('\n') + '\n');
    // An EventList and a JSON array, pretty-printed, the 11th item's line lost.
    const items = lines2017.map((l) => JSON.parse(l) as unknown);
    const list = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', metadata: {}, items }, null, 2).split('\n');
    const listStarts = list.flatMap((l, i) => (l === '    {' ? [i] : []));
    const eventList = write('lost-user-eventlist.json', withoutUser(list, '      ', listStarts[10]).join('\n') + '\n');
    const array = JSON.stringify(items, null, 2).split('\n');
    const arrayStarts = array.flatMap((l, i) => (l === '  {' ? [i] : []));
    const jsonArray = write('lost-user-array.json', withoutUser(array, '    ', arrayStarts[10]).join('\n') + '\n');
    const lost = (line: number) => expect.objectContaining({ line, message: expect.stringMatching(/^not a whole object \(lines \d+-\d+ read as one\): line \d+ closes a value inside the object opened at line \d+, being indented deeper, and the line that opened that value is lost; lines \d+-\d+ after it, up to the (next whole event|array's next whole item), are not read either$/) });
    for (const reading of [read, readReference]) {
      const { report: a } = await reading([jsonLines]);
      expect(a.invalid).toEqual([lost(11)]);
      // The entry takes in the rest of the event, up to its last line.
      const [, closing, from, to] = /read as one\): line (\d+) .*; lines (\d+)-(\d+) after it/.exec(a.invalid[0].message)!;
      expect([Number(from), Number(to)]).toEqual([Number(closing) + 1, 10 + event.length]);
      expect(counted(a)).toEqual(counted(ref.report));
      const { report: b } = await reading([eventList]);
      expect(b.invalid).toContainEqual(lost(listStarts[10] + 1));
      expect(counted(b)).toEqual(counted(ref.report));
      const { report: c } = await reading([jsonArray]);
      expect(c.invalid).toContainEqual(lost(arrayStarts[10] + 1));
      expect(counted(c)).toEqual(counted(ref.report));
    }
    for (const file of [jsonLines, eventList, jsonArray]) {
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(one.summary.events).toBe(whole.length);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('pretty-printed events that close deeper than they open (Go MarshalIndent with a prefix, Whitesmiths style) are whole events, not ones that lost an opening line', async () => {
    // Indentation alone cannot tell these from an event whose '"user": {' line is lost: their members are all an Event's.
    const items = lines2017.slice(0, 60).map((l) => JSON.parse(l) as unknown);
    const ref = await read([write('deep-closer-ref.log', lines2017.slice(0, 60).join('\n') + '\n')]);
    // Go's json.MarshalIndent(e, prefix, indent): the prefix on every line but the first.
    const go = (v: unknown, prefix: string, indent: string): string => JSON.stringify(v, null, indent).split('\n').join('\n' + prefix);
    // Whitesmiths: a closer indented like the members it closes.
    const whitesmiths = (v: unknown, pad = '  '): string => {
      if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => pad + whitesmiths(x, pad + '  ')).join(',\n')}\n${pad}]`;
      if (v && typeof v === 'object') {
        const members = Object.entries(v);
        return members.length === 0 ? '{}' : `{\n${members.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${whitesmiths(x, pad + '  ')}`).join(',\n')}\n${pad}}`;
      }
      return JSON.stringify(v);
    };
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', metadata: {}, items };
    const shipped = items.map((e) => ({ '@timestamp': '2017-09-11T19:58:36Z', ...(e as object), log: { file: { path: '/var/log/kubernetes/audit.log' } }, kubernetes: { node: { name: 'control-plane' } } }));
    const files = [
      write('deep-closer-go.log', items.map((e) => go(e, '  ', '  ') + '\n').join('')),
      write('deep-closer-go-tab.log', items.map((e) => go(e, '\t', '  ') + '\n').join('')),
      write('deep-closer-go-array.json', go(items, '  ', '  ') + '\n'),
      write('deep-closer-go-eventlist.json', go(list, '  ', '    ') + '\n'),
      write('deep-closer-whitesmiths.log', '\ufeff' + items.map((e) => whitesmiths(e).replaceAll('\n', '\r\n') + '\r\n').join('')),
      write('deep-closer-whitesmiths-eventlist.json', whitesmiths(list) + '\n'),
      write('deep-closer-last-brace.log', items.map((e) => JSON.stringify(e, null, 2).slice(0, -1) + '  }\n').join('')),
      // With what a log shipper adds beside an event's fields (Filebeat's @timestamp, log, kubernetes): no hoisted
      // member either (a review found these refused, any key not an Event's taken for one).
      write('deep-closer-go-shipped.log', shipped.map((e) => go(e, '  ', '  ') + '\n').join('')),
      write('deep-closer-whitesmiths-shipped.log', shipped.map((e) => whitesmiths(e) + '\n').join('')),
    ];
    for (const file of files) {
      for (const reading of [read, readReference]) {
        const { report } = await reading([file]);
        expect(report.invalid, file).toEqual([]);
        expect(counted(report), file).toEqual(counted(ref.report));
      }
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(one.summary.events).toBe(items.length);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('an EventList or a JSON array on one line cut right after a whole event (or its comma) says so: its whole events count, one entry', async () => {
    // Nothing after the last event was no gap: the line read as damage-free, 18 requests and no word of the cut.
    const items = lines2017.slice(0, 30).map((l) => JSON.parse(l) as unknown);
    const ref = await read([write('cut-after-event-ref.log', lines2017.slice(0, 18).join('\n') + '\n')]);
    const list = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', metadata: {}, items });
    const array = JSON.stringify(items);
    const after18 = (text: string): number => text.indexOf(lines2017[18]) - 1;
    const cases = [
      { file: write('cut-after-event.eventlist.json', list.slice(0, after18(list)) + '\n'), around: 'the list and the document around it were' },
      { file: write('cut-after-comma.eventlist.json', list.slice(0, after18(list) + 1) + '\n'), around: 'the list and the document around it were' },
      { file: write('cut-after-event.array.json', array.slice(0, after18(array)) + '\n'), around: 'the array was' },
      { file: write('cut-after-comma.array.json', array.slice(0, after18(array) + 1) + '\n'), around: 'the array was' },
    ];
    for (const { file, around } of cases) {
      for (const reading of [read, readReference]) {
        const { report } = await reading([file]);
        expect(report.invalid, file).toEqual([expect.objectContaining({ line: 1, message: `damaged line: it ends after its list's 18 whole audit events, which count; ${around} never closed (written up to an event's end, then stopped)` })]);
        expect(counted(report), file).toEqual(counted(ref.report));
      }
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
    }
  });

  it('an EventList or a JSON array on one line (kubectl get --raw, jq -cs) with one damaged item: the entry names that item\'s bytes alone, not the list\'s head, commas and end', async () => {
    const whole = lines2017.filter((_, i) => i !== 100);
    const ref = await read([write('one-line-list-ref.log', whole.join('\n') + '\n')]);
    const items = [...lines2017];
    items[100] = items[100].slice(0, 300);
    const body = items.join(',');
    const from = Buffer.byteLength(items.slice(0, 100).join(',') + ',');
    for (const [name, head, tail] of [
      ['eventlist', '{"kind":"EventList","apiVersion":"audit.k8s.io/v1beta1","metadata":{"resourceVersion":"12"},"items":[', ']}'],
      ['array', '[', ']'],
    ] as const) {
      const file = write(`one-line-${name}.json`, head + body + tail + '\n');
      const at = Buffer.byteLength(head) + from;
      for (const reading of [read, readReference]) {
        const { report } = await reading([file]);
        expect(report.invalid).toEqual([
          { file, line: 1, message: `damaged line: bytes ${grouped(at + 1)}-${grouped(at + 300)} (an event cut short, the next written on after it) are not read; the ${whole.length} whole audit events on it count` },
        ]);
        expect(counted(report)).toEqual(counted(ref.report));
      }
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('a log of JSON lines, one of them with a comma after it (an array item\'s): a damaged line after it speaks of no array', async () => {
    // The comma reads the lines after as a JSON array's items whose "[" was lost; the lines after a damaged one, up
    // to a whole event, are its entry. No "[" was read: "the array's next whole item" named an array the log lacks.
    const lines = lines2017.slice(0, 30);
    lines[5] += ',';
    lines[20] = lines[20].slice(0, 300);
    lines[21] = lines[21].slice(0, 200);
    const file = write('comma-line.log', lines.join('\n') + '\n');
    const ref = await read([write('comma-line-ref.log', lines2017.slice(0, 30).filter((_, i) => i !== 20 && i !== 21).join('\n') + '\n')]);
    for (const reading of [read, readReference]) {
      const { report } = await reading([file]);
      expect(report.invalid).toEqual([{ file, line: 21, message: expect.stringMatching(/^not JSON: Unterminated string .*; line 22 after it, up to the next whole event, is not read either$/) }]);
      expect(counted(report)).toEqual(counted(ref.report));
    }
  });

  it('a CloudWatch document on one line cut just after a record, or after its comma: its whole records count, and the entry says it ends there, naming no bytes', async () => {
    const cloudWatch = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/eks/demo/cluster',
      logStream: 'kube-apiserver-audit-1',
      subscriptionFilters: ['audit'],
      logEvents: lines2017.map((l, i) => ({ id: String(i), timestamp: 1505159705000, message: l })),
    };
    const ref = await read([write('records-ended-ref.log', lines2017.slice(0, 300).join('\n') + '\n')]);
    const text = JSON.stringify(cloudWatch);
    const next = text.indexOf('{"id":"300"');
    for (const [name, kept] of [['before-comma', text.slice(0, next - 1)], ['after-comma', text.slice(0, next)]] as const) {
      const file = write(`records-ended-${name}.json`, kept + '\n');
      for (const reading of [read, readReference]) {
        const { report } = await reading([file]);
        // Not "bytes 236,514-236,513 (a record cut short …)": no byte of a record is lost.
        expect(report.invalid).toEqual([
          { file, line: 1, message: "damaged line: it ends after its list's 300 whole records, which are read; the list and the document around it were never closed (written up to a record's end, then stopped)" },
        ]);
        expect(counted(report)).toEqual(counted(ref.report));
      }
      const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('a CloudWatch or Azure document of records cut short, pretty-printed or on one line: every whole record before the cut counts, the cut is said', async () => {
    // The 2017 demo log's events as an Azure Monitor document (AKS's kube-audit) and a CloudWatch subscription's
    // record (as Firehose delivers it), cut inside the 301st record's event text (a writer that stopped).
    const azure = { records: lines2017.map((l) => ({ time: '2017-09-11T19:55:05Z', category: 'kube-audit', operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read', properties: { log: l, stream: 'stdout' } })) };
    const cloudWatch = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/eks/demo/cluster',
      logStream: 'kube-apiserver-audit-1',
      subscriptionFilters: ['audit'],
      logEvents: lines2017.map((l, i) => ({ id: String(i), timestamp: 1505159705000, message: l })),
    };
    const ref = await read([write('records-cut-ref.log', lines2017.slice(0, 300).join('\n') + '\n')]);
    for (const [name, doc] of [['azure', azure], ['cloudwatch', cloudWatch]] as const) {
      for (const indent of [2, 0]) {
        const text = JSON.stringify(doc, null, indent);
        const kept = text.slice(0, text.indexOf(JSON.stringify(lines2017[300])) + 40);
        const file = write(`records-cut-${name}-${indent}.json`, kept + '\n');
        const keptLines = kept.split('\n');
        for (const reading of [read, readReference]) {
          const { report } = await reading([file]);
          expect(report.invalid).toEqual(
            indent === 0
              ? [{ file, line: 1, message: expect.stringMatching(/^damaged line: bytes [\d,]+-[\d,]+ \(a record cut short or damaged, and what follows it\) are not read; the 300 whole records of its list before them are read$/) }]
              : [
                  { file, line: 1, message: `"{" opens an object not closed at end of file (lines 1-${keptLines.length}); read on their own, its lines held 300 audit events, which count` },
                  { file, line: keptLines.lastIndexOf('    {') + 1, message: `"{" opens an object not closed (lines ${keptLines.lastIndexOf('    {') + 1}-${keptLines.length})` },
                ],
          );
          expect(counted(report)).toEqual(counted(ref.report));
        }
        const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
        const one = await analyzeLogs(settings);
        expect(one.summary.events).toBe(300);
        expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
        expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
      }
    }
    // An event cut short in a list of its own, after a whole item of it (its user's groups), is no list of records:
    // closed there, it would be an event whole; one bad line, as before.
    const event = lines2017[0];
    const cutEvent = event.slice(0, event.indexOf('"system:authenticated"') + 5);
    const { report } = await read([write('event-cut-in-list.log', cutEvent + '\n')]);
    expect([report.summary.events, report.invalid.map((l) => l.message)]).toEqual([0, [expect.stringMatching(/^not JSON: Unterminated string/)]]);
  });

  it('NUL bytes over a JSON array\'s "[" (and the head of its first item): the items after them count, one entry for the damage', async () => {
    const lines = readLines(AUDIT2RBAC_V1);
    const nul = (text: string, n: number): string => '\0'.repeat(n) + text.slice(n);
    const pretty = JSON.stringify(lines.map((l) => JSON.parse(l) as unknown), null, 2) + '\n';
    const perLine = '[\n' + lines.join(',\n') + '\n]\n';
    const all = await read([AUDIT2RBAC_V1]);
    const allButFirst = await read([write('array-nul-head-ref.log', lines.slice(1).join('\n') + '\n')]);
    const NUL_SAID = /^not JSON: it (is 1 NUL byte and nothing else|holds 200 NUL bytes, the first at byte 1, and no whole audit event); NUL bytes stand where/;
    for (const [name, text] of [['pretty', pretty], ['lines', perLine]] as const) {
      // Zeros over the "[" alone; over 200 bytes, the head of the first item too (its rest, members one a line when
      // pretty-printed, is part of the entry).
      for (const n of [1, 200]) {
        const damaged = nul(text, n);
        const file = write(`array-nul-head-${name}-${n}.json`, damaged);
        // The line that ends the first item ("  },"), its newlines before byte 200 gone under the zeros.
        const itemEnd = damaged.slice(0, damaged.indexOf('\n  },') + 1).split('\n').length;
        const rest = n === 1 || name === 'lines' ? '' : `; lines 2-${itemEnd} after it, up to the next whole event, are not read either`;
        for (const reading of [read, readReference]) {
          const { report } = await reading([file]);
          expect(report.invalid).toEqual([{ file, line: 1, message: expect.stringMatching(NUL_SAID) }]);
          expect(report.invalid[0]!.message.endsWith(rest)).toBe(true);
          expect(counted(report)).toEqual(counted((n === 1 ? all : allButFirst).report));
        }
      }
    }
    // An EventList's items under zeros from inside the 20th item to inside the 21st: the brackets counted, the list
    // seems to close early, and the items after come one by one, each with its comma, read as items all the same.
    const list = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', metadata: {}, items: lines2017.map((l) => JSON.parse(l) as unknown) }, null, 2);
    const items = [...list.matchAll(/^ {4}\{$/gm)].map((m) => m.index);
    const from = list.indexOf('"requestURI"', items[19]) + 20;
    const to = list.indexOf('"creationTimestamp"', items[20]) + 25;
    const zeroedText = list.slice(0, from) + '\0'.repeat(to - from) + list.slice(to);
    const zeroed = write('eventlist-nul.json', zeroedText + '\n');
    const listRef = await read([write('eventlist-nul-ref.log', lines2017.filter((_, i) => i !== 19 && i !== 20).join('\n') + '\n')]);
    for (const reading of [read, readReference]) {
      const { report } = await reading([zeroed]);
      expect(counted(report)).toEqual(counted(listRef.report));
      // The list's entry, the damaged item's (with the rest of the next), and the list's closing "}", a line alone.
      expect(report.invalid.map((l) => l.line)).toEqual([1, list.slice(0, items[19]).split('\n').length, zeroedText.split('\n').length]);
    }
    // Amid a JSON-lines log of over 2 MB, across the bound of the byte ranges two jobs read: one thread, two and the
    // reference path alike.
    const copies = Array.from({ length: Math.ceil(READ_BYTES / text2017.length) }, (_, i) => text2017.replaceAll('"auditID":"', `"auditID":"${i}-`)).join('');
    for (const text of [pretty, perLine]) {
      const big = write('array-nul-head-big.log', copies.slice(0, copies.lastIndexOf('\n', READ_BYTES - 2000) + 1) + nul(text, 200) + copies);
      const settings = { kubernetesVersion: '1.13', logs: [big], selection: { includeSystem: true } };
      const one = await analyzeLogs(settings);
      expect(one.invalid).toEqual([expect.objectContaining({ message: expect.stringMatching(NUL_SAID) })]);
      expect(await analyzeLogs({ ...settings, jobs: 2, parallelMinBytes: 0 })).toEqual(one);
      expect(await analyzeLogs({ ...settings, fast: false })).toEqual(one);
    }
  });

  it('a gzip of pretty-printed events cut in an event: one entry for the cut and the object it left open', async () => {
    const { text, spans } = prettyEvents(lines2017.slice(0, 8));
    const gz = gzipSync(text);
    // Cut where the bytes inflated end inside an event, after whole ones: from the middle on, the first such place.
    let whole = 0;
    let open = -1;
    let cut = gz.length >> 1;
    for (; open < 1 && cut < gz.length; cut += 16) {
      const partial = gunzipSync(gz.subarray(0, cut), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
      whole = partial.split('\n').length - 1;
      open = spans.findIndex(([a, b]) => a <= whole && whole < b);
    }
    expect(open).toBeGreaterThan(0);
    const file = write('pretty-cut.log.gz', gz.subarray(0, cut - 16));
    const [start] = spans[open];
    for (const reading of [read, readReference]) {
      const { report, stats } = await reading([file]);
      expect(report.invalid).toEqual([
        {
          file,
          line: whole + 1,
          message: `truncated gzip after line ${whole}: unexpected end of file; the lines before it were read, but lines ${start}-${whole}, an object it cut short, are part of this entry`,
        },
      ]);
      expect(stats[0]).toMatchObject({ lines: whole, values: open, invalid: 1 });
      expect(report.summary.events).toBe(open);
    }
  });

  it('a missing input is an InputError naming it', async () => {
    await expect(expandInputs([path.join(dir, 'nope.log')])).rejects.toThrow(InputError);
    await expect(expandInputs([path.join(dir, 'nope.log')])).rejects.toThrow(`${path.join(dir, 'nope.log')}: cannot read (ENOENT)`);
    expect((await runCli(['analyze', path.join(dir, 'nope.log'), '--k8s-version', '1.13'])).stderr).toBe(`apisnoop: ${path.join(dir, 'nope.log')}: cannot read (ENOENT)`);
  });

  it('a wildcard nothing expanded (quoted, `analyze "logs/*.log"`) says so and what to give instead', async () => {
    const logs = path.join(dir, 'quoted-glob');
    write('quoted-glob/a.log', lines2017.slice(0, 10).join('\n') + '\n');
    for (const pattern of [path.join(logs, '*.log'), path.join(logs, 'a.lo?'), path.join(logs, '[ab].log')]) {
      const r = await runCli(['analyze', pattern, '--k8s-version', '1.13', '--format', 'json']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(
        `apisnoop: ${pattern}: cannot read (ENOENT); nothing expanded its wildcard (a shell expands one unquoted, never in quotes or in a workflow's input): give the directory, which is read whole (recursively), or the files`,
      );
    }
    // The directory is what the hint says to give: its log is read.
    expect(parseStdout<Report>(await runCli(['analyze', logs, '--k8s-version', '1.13', '--format', 'json'])).summary.events).toBe(10);
  });

  it('a line of 50 MB is read (a real event with a 50 MB requestObject), and the lines after it still count', async () => {
    const big = JSON.parse(lines2017[0]) as Record<string, unknown>;
    big.auditID = '00000000-0000-0000-0000-000000000050';
    big.requestObject = { kind: 'ConfigMap', data: { blob: 'x'.repeat(50 * 1024 * 1024) } };
    const bigLine = JSON.stringify(big);
    expect(bigLine.length).toBeGreaterThan(50 * 1024 * 1024);
    const file = write('big-line.log', [...lines2017.slice(0, 300), bigLine, ...lines2017.slice(300)].join('\n') + '\n');
    const { report, stats } = await read([file]);
    expect(stats[0]).toMatchObject({ lines: 758, values: 758, invalid: 0 });
    expect(report.summary).toMatchObject({ events: 758, requests: 438, invalidLines: 0 });
    expect(report.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!.hits).toBe(9);
  });
});

/** The text zstd inflates from these bytes, fed a KB at a time, up to where they break. */
async function zstdBlocksOf(bytes: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  const z = createZstdDecompress();
  z.on('data', (b: Buffer) => out.push(b));
  z.on('error', () => {});
  for (let i = 0; i < bytes.length; i += 1024) await new Promise((resolve) => z.write(bytes.subarray(i, i + 1024), resolve));
  z.destroy();
  return Buffer.concat(out);
}

describe('compressions and archives: zstd is read as gzip is; the others are one entry each, saying what to do', () => {
  /** Audit logs over several zstd blocks (128 KB of text each): the 2017 log again under other auditIDs. */
  const manyBlocks = (): string => Array.from({ length: 6 }, (_, i) => text2017.replaceAll('"auditID":"', `"auditID":"${i}-`)).join('');

  it('zstd is recognised by content, whatever the name, and reads as the plain log: by name, from stdin, in a directory', async () => {
    const zst = write('zstd-without-extension', zstdCompressSync(text2017));
    expect([...readFileSync(zst).subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    const plain = await read([AUDIT2RBAC_2017]);
    const zipped = await read([zst]);
    expect(zipped.report.summary).toEqual(plain.report.summary);
    expect(zipped.report.operations).toEqual(plain.report.operations);
    expect(zipped.report.invalid).toEqual([]);
    expect(zipped.stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0, bytes: readFileSync(zst).length, warnings: [] });
    // UTF-16 inside zstd, as inside gzip.
    const utf16 = await read([write('utf16.log.zst', zstdCompressSync(Buffer.from('\uFEFF' + text2017, 'utf16le')))]);
    expect(utf16.report.summary).toEqual(plain.report.summary);
    // stdin, piped and redirected from the file.
    const args = ['analyze', '-', '--spec', specPath('1.13'), '--include-system', '--fail-on', 'none', '--format', 'json'];
    const byName = parseStdout<Report>(await runCli([...args.slice(0, 1), AUDIT2RBAC_2017, ...args.slice(2)]));
    const piped = await runCli(args, { inputFile: zst });
    expect(piped.stderr).not.toContain('not JSON');
    expect(parseStdout<Report>(piped).summary).toEqual(byName.summary);
    const fd = openSync(zst, 'r');
    try {
      expect(parseStdout<Report>(await runCli(args, { stdinFd: fd })).summary).toEqual(byName.summary);
    } finally {
      closeSync(fd);
    }
    // Rotated logs compressed with zstd, read with the rest of their directory.
    const root = path.join(dir, 'rotated');
    write('rotated/audit.log', lines2017.slice(0, 300).join('\n') + '\n');
    write('rotated/audit-1.log.zst', zstdCompressSync(lines2017.slice(300).join('\n') + '\n'));
    const { report } = await read(await expandInputs([root]));
    expect(report.summary).toMatchObject({ events: 757, requests: 437, invalidLines: 0 });
  });

  it('zstd of several frames (pzstd, .zst files joined with cat) is read whole: by name, from a pipe, on two threads, cut in a late frame', async () => {
    // Node's inflater stops at the end of a frame: the frames after it were lost, or called corrupt.
    const text = manyBlocks();
    const lines = text.split('\n').slice(0, -1);
    const frames: Buffer[] = [];
    for (let i = 0; i < lines.length; i += 100) frames.push(zstdCompressSync(lines.slice(i, i + 100).join('\n') + '\n'));
    expect(frames.length).toBeGreaterThan(40);
    const zst = Buffer.concat(frames);
    const file = write('frames.log.zst', zst);
    const plainFile = write('frames-plain.log', text);
    const plain = await read([plainFile]);
    const zipped = await read([file]);
    expect(zipped.report.invalid).toEqual([]);
    expect(zipped.report.summary).toEqual(plain.report.summary);
    expect(counted(zipped.report)).toEqual(counted(plain.report));
    // From a pipe, in 64 KB pieces: frames end inside pieces and across them.
    const args = ['analyze', '-', '--spec', specPath('1.13'), '--include-system', '--fail-on', 'none', '--format', 'json'];
    const piped = await runCli(args, { inputFile: file });
    expect(parseStdout<Report>(piped).summary).toEqual(plain.report.summary);
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    const two = await analyzeLogs({ ...settings, logs: [file], jobs: 3, parallelMinBytes: 0 });
    expect(counted(two)).toEqual(counted(await analyzeLogs({ ...settings, logs: [plainFile] })));
    // Cut in the middle of its next-to-last frame: every frame before it counts, and the entry says it was cut.
    const before = zst.length - frames[frames.length - 1].length - frames[frames.length - 2].length;
    const cut = await read([write('frames-cut.log.zst', zst.subarray(0, before + (frames[frames.length - 2].length >> 1)))]);
    expect(cut.report.summary.events).toBeGreaterThanOrEqual((frames.length - 2) * 100);
    expect(cut.report.invalid).toEqual([
      { file: path.join(dir, 'frames-cut.log.zst'), line: expect.any(Number), message: expect.stringMatching(/^truncated zstd after line \d+: unexpected end of file; the lines before it were read/) },
    ]);
  });

  it('zstd as pzstd writes it, each frame after a skippable frame that holds its size, is zstd: read as the plain log', async () => {
    // It begins with the skippable frame's magic (50 2a 4d 18), not zstd's: it was read as plain text, every line bad.
    const text = manyBlocks();
    const lines = text.split('\n').slice(0, -1);
    const parts: Buffer[] = [];
    for (let i = 0; i < lines.length; i += 1000) {
      const frame = zstdCompressSync(lines.slice(i, i + 1000).join('\n') + '\n');
      const skippable = Buffer.alloc(12);
      skippable.writeUInt32LE(0x184d2a50, 0);
      skippable.writeUInt32LE(4, 4);
      skippable.writeUInt32LE(frame.length, 8);
      parts.push(skippable, frame);
    }
    const file = write('pzstd.log.zst', Buffer.concat(parts));
    const plainFile = write('pzstd-plain.log', text);
    const plain = await read([plainFile]);
    const zipped = await read([file]);
    expect(zipped.report.invalid).toEqual([]);
    expect(counted(zipped.report)).toEqual(counted(plain.report));
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    expect(counted(await analyzeLogs({ ...settings, logs: [file], jobs: 3, parallelMinBytes: 0 }))).toEqual(counted(await analyzeLogs({ ...settings, logs: [plainFile] })));
    const piped = await runCli(['analyze', '-', '--spec', specPath('1.13'), '--include-system', '--fail-on', 'none', '--format', 'json'], { inputFile: file });
    expect(parseStdout<Report>(piped).summary).toEqual(plain.report.summary);
  });

  it('a zstd frame written in many pieces (zstd -c | apisnoop analyze -, a big file) leaves no listener per piece behind', async () => {
    // Each write added an 'error' listener never taken off: past 10 of a frame, Node's MaxListenersExceededWarning on
    // stderr, and a listener more for each piece read.
    const zst = zstdCompressSync(manyBlocks());
    const pieces = Array.from({ length: Math.ceil(zst.length / 512) }, (_, i) => zst.subarray(i * 512, (i + 1) * 512));
    expect(pieces.length).toBeGreaterThan(20);
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      let bytes = 0;
      for await (const out of inflate((async function* () { yield* pieces; })(), null, 'zstd')) bytes += out.length;
      expect(bytes).toBe(Buffer.byteLength(manyBlocks()));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).toEqual([]);
  });

  it('a zstd cut short: the lines of the blocks before the cut count; one entry names the last line and says the block cut is lost', async () => {
    const text = manyBlocks();
    const zst = zstdCompressSync(text);
    const cut = zst.subarray(0, Math.floor(zst.length * 0.6));
    const file = write('cut.log.zst', cut);
    const { report, stats } = await read([file], { selection: { includeSystem: true } });
    const n = stats[0].lines;
    // What zstd gives of the bytes before the cut, fed a KB at a time: whole blocks of text.
    const inflated = await zstdBlocksOf(cut);
    expect(inflated.length).toBeGreaterThan(128 << 10);
    expect(n).toBe(inflated.toString('utf8').split('\n').length - 1);
    expect(n).toBeLessThan(text.split('\n').length - 1);
    expect(report.invalid).toEqual([
      {
        file,
        line: n + 1,
        message: `truncated zstd after line ${n}: unexpected end of file; the lines before it were read; the lines of the zstd block it broke in (up to 128 KB) are lost`,
      },
    ]);
    expect(stats[0]).toMatchObject({ values: n, invalid: 1, warnings: [] });
    // They are the log's own first lines: the same report as those lines alone.
    const first = await read([write('cut-zstd-first-lines.log', text.split('\n').slice(0, n).join('\n') + '\n')], { selection: { includeSystem: true } });
    expect(counted(report)).toEqual(counted(first.report));
    expect((await readReference([file], { selection: { includeSystem: true } })).report).toEqual(report);
  });

  it('a zstd damaged in the middle: one entry at the damage, every line before it counts', async () => {
    const text = manyBlocks();
    const zst = zstdCompressSync(text);
    const damaged = (at: number): Buffer => Buffer.from(zst.map((b, i) => (i >= at && i < at + 8 ? b ^ 0xff : b)));
    // Bytes that zstd finds bad while decoding (its frames carry no checksum here: a flipped literal would pass).
    let at = zst.length >> 1;
    for (; ; at++) {
      try {
        zstdDecompressSync(damaged(at));
      } catch {
        break;
      }
    }
    const file = write('damaged.log.zst', damaged(at));
    const { report, stats } = await read([file], { selection: { includeSystem: true } });
    const n = stats[0].lines;
    expect(n).toBeGreaterThan(0);
    const cut = report.invalid[report.invalid.length - 1];
    expect(cut).toEqual({ file, line: n + 1, message: expect.stringMatching(new RegExp(`^corrupt zstd after line ${n}: [^;]+; the lines before it were read; the lines of the zstd block it broke in \\(up to 128 KB\\) are lost$`)) });
    // zstd may hand on damaged text before it finds the damage: those lines are bad lines of their own.
    const good = n - (report.invalid.length - 1);
    const first = await read([write('damaged-zstd-first-lines.log', text.split('\n').slice(0, good).join('\n') + '\n')], { selection: { includeSystem: true } });
    expect({ ...report.summary, invalidLines: 0 }).toEqual(first.report.summary);
  });

  const sampleText = (): Buffer => gunzipSync(readFileSync(path.join(repoRootDir, 'data/sample-audit.log.gz')));
  const repoRootDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const refusedCases: Array<[string, Refused, (data: Buffer) => Buffer, string?]> = [
    ['audit.log.bz2', 'bzip2', (d) => compressedBy('bzip2', d, [0x42, 0x5a, 0x68, 0x39])],
    ['audit.log.xz', 'xz', (d) => compressedBy('xz', d, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
    ['audit.log.lz4', 'lz4', (d) => compressedBy('lz4', d, [0x04, 0x22, 0x4d, 0x18])],
    ['logs.7z', '7z', (d) => Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]), gzipSync(d)])],
    // A member's local file header first; an empty zip is its end record alone.
    ['audit-logs.zip', 'zip', (d) => Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), gzipSync(d)])],
    ['empty.zip', 'zip', () => Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)])],
    ['logs.tar', 'tar', (d) => tarOf('audit.log', d)],
    ['logs with a space.tar', 'tar', (d) => tarOf('audit.log', d)],
    ['logs.tar.gz', 'tar', (d) => gzipSync(tarOf('audit.log', d)), 'gzip'],
    ['logs.tar.zst', 'tar', (d) => zstdCompressSync(tarOf('audit.log', d)), 'zstd'],
  ];

  it.each(refusedCases)('%s: one entry at line 1 saying what it is and what to do; the log given with it counts', async (name, format, make, inside) => {
    const file = write(path.join('refused', name), make(sampleText()));
    const { report, stats } = await read([file, AUDIT2RBAC_2017]);
    const message = refusedMessage(format, file, inside as 'gzip' | 'zstd' | undefined);
    expect(report.invalid).toEqual([{ file, line: 1, message }]);
    expect(report.summary).toMatchObject({ events: 757, invalidLines: 1 });
    // No line of its bytes, and no "no JSON in N lines" besides.
    expect(stats[0]).toMatchObject({ lines: 0, values: 0, invalid: 1, warnings: [] });
    expect((await readReference([file])).report.invalid).toEqual([{ file, line: 1, message }]);
  });

  it('a log that holds "ustar" 257 bytes in, where a tar archive has it, is still a log', async () => {
    // tar's magic is "ustar" then NUL (POSIX) or a space (GNU): text in a JSON string is followed by neither here.
    const first = JSON.stringify({ note: 'x'.repeat(248) + 'ustar', ...JSON.parse(lines2017[0]) });
    expect(first.slice(257, 263)).toBe('ustar"');
    const file = write('ustar-inside.log', [first, ...lines2017.slice(1)].join('\n') + '\n');
    const { report, stats } = await read([file]);
    expect(report.invalid).toEqual([]);
    expect(stats[0]).toMatchObject({ lines: 757, values: 757, invalid: 0 });
  });

  it('the entry says what the file is and gives the command, the file quoted for a shell when it must be', () => {
    expect(refusedMessage('xz', '/logs/audit.log.xz')).toBe(
      'xz-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first (xz -dc /logs/audit.log.xz > /logs/audit.log) and give /logs/audit.log',
    );
    expect(refusedMessage('bzip2', "it's here.bz2")).toBe(
      `bzip2-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first (bzip2 -dc 'it'\\''s here.bz2' > 'it'\\''s here') and give 'it'\\''s here'`,
    );
    // Named as no compressed file is, it is decompressed beside itself, not over itself.
    expect(refusedMessage('lz4', 'logs/audit.log')).toBe(
      'lz4-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first (lz4 -dc logs/audit.log > logs/audit.log.log) and give logs/audit.log.log',
    );
    // A log of that name beside it (maybe read in this very run) is not overwritten by the command given.
    const dir = scratchDir('decompress-beside');
    writeFileSync(path.join(dir, 'audit.log'), lines2017[0] + '\n');
    expect(refusedMessage('xz', path.join(dir, 'audit.log.xz'))).toBe(
      `xz-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first (xz -dc ${dir}/audit.log.xz > ${dir}/audit.log.decompressed.log) and give ${dir}/audit.log.decompressed.log`,
    );
    // Nor one left by following it once.
    writeFileSync(path.join(dir, 'audit.log.decompressed.log'), lines2017[0] + '\n');
    expect(refusedMessage('xz', path.join(dir, 'audit.log.xz'))).toContain(`> ${dir}/audit.log.decompressed-2.log) and give ${dir}/audit.log.decompressed-2.log`);
    expect(refusedMessage('zip', 'artifact.zip')).toBe(
      'zip archive: APISnoop reads audit logs as plain text, gzip or zstd; unzip it first (unzip artifact.zip -d logs; a GitHub artifact downloads as a zip) and give the directory logs',
    );
    expect(refusedMessage('tar', 'logs with a space.tar.gz', 'gzip')).toBe(
      "tar archive (gzip-compressed): APISnoop reads audit logs as plain text, gzip or zstd; extract it first (mkdir -p logs && tar -xf 'logs with a space.tar.gz' -C logs) and give the directory logs",
    );
    expect(refusedMessage('7z', 'a.7z')).toBe('7-Zip archive: APISnoop reads audit logs as plain text, gzip or zstd; extract it first (7z x a.7z -ologs) and give the directory logs');
  });

  it('the tar entry\'s command, run as it is shown, gives a directory whose logs read as the bare log does', async () => {
    const work = path.join(dir, 'tar-command');
    mkdirSync(path.join(work, 'src'), { recursive: true });
    writeFileSync(path.join(work, 'src', 'audit.log'), text2017);
    execFileSync('tar', ['-czf', 'logs with a space.tar.gz', '-C', 'src', 'audit.log'], { cwd: work });
    const archive = path.join(work, 'logs with a space.tar.gz');
    const { report } = await read([archive]);
    const message = report.invalid[0].message;
    const command = message.slice(message.indexOf('(mkdir') + 1, message.indexOf(') and give'));
    // Run again, a directory logs there already (the archive given among logs/, a second try): it works all the same.
    for (let i = 0; i < 2; i++) execFileSync('sh', ['-c', command.replace(shellWord(archive), shellWord(path.basename(archive)))], { cwd: work });
    const extracted = await read(await expandInputs([path.join(work, message.slice(message.lastIndexOf(' ') + 1))]));
    expect(counted(extracted.report)).toEqual(counted((await read([AUDIT2RBAC_2017])).report));
    expect(extracted.report.summary.events).toBe(757);
    // From stdin (analyze and rbac read it; load-audit does not): the decompressor goes in its pipe.
    expect(refusedMessage('xz', '-')).toBe('xz-compressed: APISnoop reads audit logs as plain text, gzip or zstd; decompress it first: … | xz -dc | apisnoop …');
  });

  it('a log gzipped twice is one entry saying so, whose command, run as it is shown, reads as the bare log', async () => {
    const work = path.join(dir, 'gzip-twice');
    mkdirSync(work, { recursive: true });
    const file = path.join(work, 'audit.log.gz.gz');
    writeFileSync(file, gzipSync(gzipSync(text2017)));
    const { report } = await read([file]);
    expect(report.invalid).toEqual([
      {
        file,
        line: 1,
        message: `gzip-compressed inside gzip (compressed twice): APISnoop reads audit logs as plain text, gzip or zstd, compressed once; decompress it first (gzip -dc ${file} | gzip -dc > ${path.join(work, 'audit.log')}) and give ${path.join(work, 'audit.log')}`,
      },
    ]);
    // Run as shown, the file it gives reads as the bare log.
    const message = report.invalid[0].message;
    execFileSync('sh', ['-c', message.slice(message.indexOf('first (') + 7, message.lastIndexOf(') and give '))]);
    const once = message.slice(message.lastIndexOf(' ') + 1);
    expect(counted((await read([once])).report)).toEqual(counted((await read([AUDIT2RBAC_2017])).report));
  });

  it('from stdin too: one entry for (stdin), and nothing read is exit 2 naming it', async () => {
    const xz = write('stdin.log.xz', compressedBy('xz', sampleText(), [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
    const r = await runCli(['analyze', '-', '--k8s-version', '1.33', '--conformance', 'none', '--format', 'json'], { inputFile: xz });
    const message = refusedMessage('xz', '-');
    expect(r.stderr.split('\n')).toContain(`warning: (stdin):1: ${message}`);
    expect(r.stderr).not.toContain('no JSON in');
    expect(r.stderr).not.toContain('not JSON');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`apisnoop: no audit events read from (stdin) ((stdin):1: ${message})`);
  });
});

describe('a CSV export of audit events given as a log: one entry at line 1 saying what it is and what to give', () => {
  const csvText = (): string => gunzipSync(readFileSync(HKERMA_CSV)).toString('utf8');
  const hkermaEntry = (file: string): Report['invalid'] => [
    {
      file,
      line: 1,
      message:
        "CSV of audit events, not an audit log: its first line is a row of an audit event's fields without a header (watch /api/v1/namespaces/{namespace}/configmaps, auditID a1b86d5d-6f8f-4058-9710-19f5cc40a68a). " +
        'APISnoop reads audit events as JSON, one a line, as the API server writes them (--audit-log-path), and a CSV keeps only some of their fields: give that log, or export the events as JSON lines rather than CSV',
    },
  ];

  it('the hkerma dataset (Logstash CSV, no header), gzip and plain: one entry, not 16,564 "not JSON" lines; the log given with it counts', async () => {
    const plain = write('csv/audit-logs.csv', csvText());
    for (const file of [HKERMA_CSV, plain]) {
      const { report, stats } = await read([file, AUDIT2RBAC_2017]);
      expect(report.invalid).toEqual(hkermaEntry(file));
      expect(report.summary).toMatchObject({ events: 757, invalidLines: 1 });
      // No line of it read, and no "no JSON in N lines" besides.
      expect(stats[0]).toMatchObject({ lines: 0, values: 0, invalid: 1, warnings: [] });
      // The invalid rule names it as an input not read.
      expect(isCutShort(report.invalid[0].message)).toBe(true);
      expect((await readReference([file])).report.invalid).toEqual(hkermaEntry(file));
    }
    // On two threads, as on one: a plain file's head is judged as the one-thread reader judges it.
    const settings = { kubernetesVersion: '1.13', selection: { includeSystem: true } };
    const one = await analyzeLogs({ ...settings, logs: [plain, AUDIT2RBAC_2017] });
    const threads: number[] = [];
    const two = await analyzeLogs({ ...settings, logs: [plain, AUDIT2RBAC_2017], jobs: 2, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
    expect(threads).toEqual([1]);
    expect(two.invalid).toEqual(hkermaEntry(plain));
    expect(two).toEqual(one);
  });

  it('as a user runs it: one warning naming the file and line 1, then exit 2 for no audit events, naming it', async () => {
    const r = await runCli(['analyze', HKERMA_CSV, '--spec', specPath('1.28'), '--conformance', 'none', '--format', 'json']);
    const entry = hkermaEntry(HKERMA_CSV)[0];
    expect(r.stderr.split('\n').filter((l) => l.includes(HKERMA_CSV))).toEqual([`warning: ${HKERMA_CSV}:1: ${entry.message}`, `apisnoop: no audit events read from ${HKERMA_CSV} (${HKERMA_CSV}:1: ${entry.message})`]);
    expect(r.stderr).not.toContain('not JSON');
    expect(r.exitCode).toBe(2);
  });

  it('with a header naming its columns (a BOM and CRLF, as a spreadsheet saves it), or piped: the same one entry', async () => {
    const headed = '\uFEFF' + [COLUMNS.join(','), ...csvText().split('\n').slice(0, 50)].join('\r\n');
    const file = write('csv/with-header.csv', headed);
    const { report, stats } = await read([file]);
    expect(report.invalid).toEqual([
      {
        file,
        line: 1,
        message:
          'CSV of audit events, not an audit log: its first line is a header naming audit event fields (requestReceivedTimestamp, verb, requestURI, …). ' +
          'APISnoop reads audit events as JSON, one a line, as the API server writes them (--audit-log-path), and a CSV keeps only some of their fields: give that log, or export the events as JSON lines rather than CSV',
      },
    ]);
    expect(stats[0]).toMatchObject({ lines: 0, invalid: 1 });
    const r = await runCli(['analyze', '-', '--spec', specPath('1.28'), '--conformance', 'none', '--format', 'json'], { inputFile: HKERMA_CSV });
    expect(r.stderr).toContain(`warning: (stdin):1: ${hkermaEntry('(stdin)')[0].message}`);
    expect(r.stderr).not.toContain('not JSON');
  });

  it('saved by a spreadsheet with semicolons (Excel where the comma is the decimal separator) or tabs: the same one entry, not a "not JSON" line per row', async () => {
    const rows = csvParseRows(csvText()).slice(0, 200);
    const headerEntry = (file: string): Report['invalid'] => [
      { ...hkermaEntry(file)[0], message: hkermaEntry(file)[0].message.replace(/a row of an audit event's fields without a header \([^)]*\)/, 'a header naming audit event fields (requestReceivedTimestamp, verb, requestURI, …)') },
    ];
    for (const [name, separator] of [['semicolons.csv', ';'], ['tabs.tsv', '\t']] as const) {
      const format = dsvFormat(separator);
      // A URI with a comma in its query (a semicolon-separated row holds commas in values).
      const withComma = rows.map((r) => r.map((f) => (f.startsWith('/api/') ? `${f}&labelSelector=a,b` : f)));
      const bare = write(`csv/${name}`, format.formatRows(withComma) + '\r\n');
      const headed = write(`csv/headed-${name}`, '\uFEFF' + format.formatRows([[...COLUMNS], ...withComma]) + '\r\n');
      const { report } = await read([bare, headed, AUDIT2RBAC_2017]);
      expect(report.invalid).toEqual([...hkermaEntry(bare), ...headerEntry(headed)]);
      expect(report.summary).toMatchObject({ events: 757, invalidLines: 2 });
    }
  });

  it("its row's URI said as an unmatched row's pattern is: no name, no namespace, no text after a ; or a #", async () => {
    const [first, ...rest] = csvText().split('\n').slice(0, 50);
    for (const [from, to] of [
      ['/api/v1/namespaces/kube-flannel/configmaps?', '/api/v1/namespaces/kube-flannel/configmaps;token=CANARYparams?'],
      ['/api/v1/namespaces/kube-flannel/configmaps?', '/api/v1/namespaces/kube-flannel/configmaps%23token=CANARYhash/CANARYpast?'],
      ['/api/v1/namespaces/kube-flannel/configmaps?', '/api/v1/namespaces/kube-flannel/configmaps/CANARYname?'],
    ]) {
      const file = write('csv/odd-uri.csv', [first.replace(from, to), ...rest].join('\n'));
      const { report } = await read([file]);
      expect(report.invalid).toHaveLength(1);
      expect(report.invalid[0].message).not.toContain('CANARY');
      expect(report.invalid[0].message).toMatch(/without a header \(watch \/api\/v1\/namespaces\/\{namespace\}\/configmaps(;\{params\}|#\{fragment\}|\/\{name\}), auditID /);
    }
  });

  it('a first line that comes in two pieces (a FIFO written slowly): judged whole, and a log\'s bytes are kept as they were', async () => {
    // A FIFO's pieces are read into buffers used again: the first, held while the next is read, must be a copy. Its
    // first 300 bytes come alone (openInput's own head is 263), before the end of the first line.
    const throughFifo = async (name: string, data: string): Promise<Buffer | Error> => {
      const fifo = path.join(scratchDir('audit-files-csv-fifo'), name);
      execFileSync('mkfifo', [fifo]);
      const source = write(path.join('csv', `${name}.source`), data);
      const writer = spawn('sh', ['-c', '{ head -c 300 "$0"; sleep 0.3; tail -c +301 "$0"; } > "$1"', source, fifo], { stdio: 'ignore' });
      const written = new Promise((resolve) => writer.once('exit', resolve));
      const parts: Buffer[] = [];
      let failed: Error | null = null;
      try {
        for await (const piece of await openInput(fifo, () => {})) {
          // A consumer slower than the pipe: the reads ahead have landed before it copies the piece.
          await new Promise((resolve) => setTimeout(resolve, 20));
          parts.push(Buffer.from(piece));
        }
      } catch (err) {
        failed = err as Error;
      }
      await written;
      return failed ?? Buffer.concat(parts);
    };
    expect(Buffer.byteLength(csvText().split('\n')[0])).toBeGreaterThan(300);
    const refused = await throughFifo('export.csv', csvText().split('\n').slice(0, 200).join('\n'));
    expect(refused).toMatchObject({ name: 'RefusedInput', message: hkermaEntry('')[0].message });
    expect(Buffer.byteLength(lines2017[0])).toBeGreaterThan(300);
    expect((await throughFifo('audit.log', text2017)).toString()).toBe(text2017);
  });

  it('anything else is read line by line as before: JSON lines, other CSV, a CSV row of other data, a CSV row after the first line', async () => {
    const cases: Array<[string, string]> = [
      ['other-columns.csv', 'name,namespace,kind\nweb,shop,Deployment\n'],
      ['a-row-of-other-data.csv', 'get,/healthz,200\n'],
      ['prose, with commas.log', 'this log, it seems, was written by hand\n'],
    ];
    for (const [name, text] of cases) {
      const file = write(path.join('csv', name), text);
      const { report } = await read([file]);
      expect(report.invalid.length, name).toBe(text.split('\n').length - 1);
      expect(report.invalid.every((l) => l.message.startsWith('not JSON')), name).toBe(true);
    }
    // A real log with a CSV row of audit fields after its first line: that line is a bad line, the rest counts.
    const row = csvText().split('\n')[0];
    const file = write('csv/row-inside.log', [lines2017[0], row, ...lines2017.slice(1)].join('\n') + '\n');
    const { report } = await read([file]);
    expect(report.summary).toMatchObject({ events: 757, invalidLines: 1 });
    expect(report.invalid[0]).toMatchObject({ file, line: 2, message: expect.stringMatching(/^not JSON/) });
  });
});

describe('the fast event path gives exactly what the reference JSON.parse path gives, on every real log', () => {
  /** A sink without event(): every line goes through JSON.parse and toAuditEvent. */
  const referenceSink = (a: Analysis): LineSink => ({ value: (raw, f, l) => a.value(raw, f, l), invalidLine: (f, l, m) => a.invalidLine(f, l, m) });
  async function both(files: string[], opts: AnalysisOptions): Promise<[Report, Report]> {
    const fast = await analyzeFiles(files, opts);
    const ref = new Analysis(opts);
    for (const f of files) {
      ref.input(f);
      await readAuditInput(f, referenceSink(ref));
    }
    return [fast, ref.finish()];
  }

  it.each([
    ['the 2017 v1beta1 log', () => [AUDIT2RBAC_2017]],
    ['the v1 demo log', () => [AUDIT2RBAC_V1]],
    ['the APISnoop testdata', () => ['audit_event.json', 'audit_event_bad_verb.json', 'audit_event_dummy_request.json', 'audit_event_part_count_too_high.json', 'bad_audit_event.json'].map((f) => path.join(APISNOOP_TESTDATA, f))],
    ['the derived removed-API log with annotations', () => [write('removed.log', deriveRemovedApiLog().join('\n'))]],
    ['hkerma converted to JSON lines', () => [write('hkerma.log', convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n')]],
  ])('%s', async (_name, files) => {
    const [fast, ref] = await both(files(), { spec: spec113, selection: { includeSystem: true } });
    expect(fast).toEqual(ref);
  });
});

describe('a file is read in 1 MB pieces, two reads ahead of the piece handled', () => {
  // A real log repeated past 3 MB: every size around the piece size below is cut from it.
  const data = Buffer.from(text2017.repeat(Math.ceil((3 * READ_BYTES + 100) / text2017.length)));
  /** Every piece, copied as it comes (a plain file's buffers are read into again). */
  const pieces = async (file: string): Promise<{ parts: Buffer[]; buffers: Set<ArrayBufferLike> }> => {
    const parts: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const piece of await openInput(file, () => {})) {
      parts.push(Buffer.from(piece));
      buffers.add(piece.buffer);
    }
    return { parts, buffers };
  };

  it('every byte once and in order, whatever the size against the piece size, in three buffers at most', async () => {
    for (const size of [0, 1, READ_BYTES - 1, READ_BYTES, READ_BYTES + 1, 2 * READ_BYTES, 3 * READ_BYTES + 17]) {
      const { parts, buffers } = await pieces(write(`pieces-${size}.log`, data.subarray(0, size)));
      expect(Buffer.concat(parts).equals(data.subarray(0, size)), `${size} bytes`).toBe(true);
      expect(parts.map((p) => p.length)).toEqual(Array.from({ length: Math.ceil(size / READ_BYTES) }, (_, i) => Math.min(READ_BYTES, size - i * READ_BYTES)));
      expect(buffers.size).toBeLessThanOrEqual(3);
    }
  });

  it('a FIFO (as `<(zcat …)` gives) has no positions: read one piece at a time, every byte in order', async () => {
    const fifo = path.join(scratchDir('audit-files-fifo'), 'audit.log');
    execFileSync('mkfifo', [fifo]);
    const source = write('fifo-source.log', data);
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', source, fifo], { stdio: 'ignore' });
    // Listened for before reading: the writer may be gone by the time the last piece is read.
    const written = new Promise((resolve) => writer.once('exit', resolve));
    const { parts } = await pieces(fifo);
    expect(await written).toBe(0);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  /** A file handle over `data` whose reads return at most `most` bytes, as a network or FUSE file system may. */
  const shortReads = (most: number, fail?: (position: number) => boolean) => {
    const positions: number[] = [];
    const fh: PieceSource = {
      read: async (buf, offset, length, position) => {
        if (position === null) throw new Error('a read of a regular file without its position');
        positions.push(position);
        await new Promise((resolve) => setImmediate(resolve));
        if (fail?.(position)) throw Object.assign(new Error(`EIO: i/o error, read at ${position}`), { code: 'EIO' });
        const n = Math.max(0, Math.min(length, most, data.length - position));
        data.copy(buf, offset, position, position + n);
        return { bytesRead: n };
      },
    };
    return { fh, positions };
  };

  it('a read that returns less than asked: the reads ahead of it are dropped and start again where it stopped', async () => {
    const { fh, positions } = shortReads(300_001);
    const reader = new FilePieces(fh, true);
    reader.reuse = true;
    const parts: Buffer[] = [];
    for (let piece = await reader.next(); piece; piece = await reader.next()) parts.push(Buffer.from(piece));
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(parts.slice(0, -1).every((p) => p.length === 300_001)).toBe(true);
    // Each short read restarted the reads ahead at the byte after it.
    for (let at = 0; at < data.length; at += 300_001) expect(positions).toContain(at);
  });

  it('a read ahead that fails is told where it is awaited, not as an unhandled rejection meanwhile', async () => {
    const { fh } = shortReads(READ_BYTES, (position) => position >= READ_BYTES);
    const reader = new FilePieces(fh, true);
    const first = await reader.next();
    expect(first?.length).toBe(READ_BYTES);
    // Both reads ahead fail; the second's failure is only seen when settled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(reader.next()).rejects.toThrow(`EIO: i/o error, read at ${READ_BYTES}`);
    await reader.settle();
  });
});
