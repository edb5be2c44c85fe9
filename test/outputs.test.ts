// The report files, written a piece at a time, against independent readers: JSON.stringify, the page's embedded
// data parsed back, d3-dsv for the CSV. The report is a real one with an operation called by 100,000 users, more than
// JSON.stringify is given at once, so that every big file spans many pieces.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { csvParseRows } from 'd3-dsv';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/engine/report.js';
import { reportJsonChunks, writeChunks, writeReportFiles } from '../src/outputs.js';
import { PIECE_CHARS } from '../src/render/json-chunks.js';
import { CELL_CHARS } from '../src/render/csv.js';
import type { EmbeddedData } from '../src/web/api.js';
import { sampleOperatorReport } from './helpers/report-fixtures.js';
import { AUDIT2RBAC_V1, repoRoot, specPath } from './helpers/fixtures.js';
import { scratchDir } from './helpers/scratch.js';

function manyCallers(): Report {
  const report = sampleOperatorReport();
  const users = Array.from({ length: 100_000 }, (_, i) => `system:serviceaccount:e2e-tests-${i}:default`);
  const [first, ...rest] = report.operations;
  return { ...report, operations: [{ ...first, users }, ...rest] };
}

describe('writeReportFiles', () => {
  it('writes report.json as JSON.stringify(report, null, 2) and the page with every caller, the CSVs with as many as a cell holds', async () => {
    const report: Report = { ...manyCallers(), app: 'operator' };
    const dir = scratchDir('out');
    const files = await writeReportFiles(report, dir);
    expect(files.map((f) => path.basename(f))[0]).toBe('report.json');

    const json = readFileSync(path.join(dir, 'report.json'), 'utf8');
    expect(json.length).toBeGreaterThan(4 * PIECE_CHARS);
    expect(json).toBe(JSON.stringify(report, null, 2) + '\n');

    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const embedded = /<script type="application\/json" id="apisnoop-data">([^<]*)<\/script>/.exec(html);
    expect(embedded).not.toBeNull();
    const data = JSON.parse(embedded![1]) as EmbeddedData;
    expect(data.apps[0].report).toEqual(JSON.parse(json));
    expect(html.trimEnd().endsWith('</html>')).toBe(true);

    const [header, ...rows] = csvParseRows(readFileSync(path.join(dir, 'app-usage-endpoints.csv'), 'utf8'));
    const usersAt = header.indexOf('users');
    const idAt = header.indexOf('operation id');
    // The users cell: the first users, as many as a spreadsheet cell holds, then how many more there are.
    const row = rows.find((r) => r[idAt] === report.operations[0].operationId && r[usersAt].includes('e2e-tests-0:'));
    const cell = row![usersAt];
    expect(cell.length).toBeLessThanOrEqual(CELL_CHARS);
    const lines = cell.split('\n');
    const shown = lines.slice(0, -1);
    expect(shown).toEqual(report.operations[0].users.slice(0, shown.length));
    expect(shown.length).toBeGreaterThan(500);
    expect(lines.at(-1)).toBe(`(${100_000 - shown.length} more)`);
  });
});

describe('writeReportFiles when a rendering fails', () => {
  it('leaves the directory as it was: no mix of old, new and empty files, no partial files', async () => {
    const dir = scratchDir('out');
    const earlier = sampleOperatorReport();
    await writeReportFiles({ ...earlier, app: 'operator' }, dir);
    const before = new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    // An empty app name is refused by the CSV exports, the fourth file: report.json, .md and .html are made first.
    await expect(writeReportFiles({ ...manyCallers(), app: '' }, dir)).rejects.toThrow(/app name is empty/);
    expect(new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]))).toEqual(before);
  });
});

describe('writeReportFiles interrupted', () => {
  it('a failure removes the partial files and the directories made for them, up to the first that holds something', async () => {
    const base = scratchDir('out-made');
    writeFileSync(path.join(base, 'kept.txt'), '');
    const dir = path.join(base, 'new', 'deeper');
    // An empty app name is refused by the CSV exports, the fourth file: report.json, .md and .html are made first.
    await expect(writeReportFiles({ ...sampleOperatorReport(), app: '' }, dir)).rejects.toThrow(/app name is empty/);
    // It left new/deeper/, empty.
    expect(readdirSync(base)).toEqual(['kept.txt']);
  });

  // A signal kills the run without unwinding: no catch or finally runs. The FIFO in place of report.html's partial
  // file holds the run there until the test opens it to read: the signal comes while files are being written.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while the files are written removes the partial files, and the run ends by that signal', async (signal) => {
    const dir = path.join(scratchDir('out-signal'), 'out');
    mkdirSync(dir);
    const fifo = path.join(dir, '.report.html.partial');
    execFileSync('mkfifo', [fifo]);
    const run = execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'analyze', AUDIT2RBAC_V1, '--spec', specPath('1.13'), '--conformance', 'none', '--out', dir, '-q'], {
      cwd: repoRoot,
      reject: false,
      stdin: 'ignore',
    });
    // Opened once the run opens it to write; report.html (some 190 KB) then fills the pipe (64 KB) no one reads.
    const reader = await open(fifo, 'r');
    // report.json and report.md are written by now, beside it.
    expect(readdirSync(dir).sort()).toEqual(['.report.html.partial', '.report.json.partial', '.report.md.partial']);
    run.kill(signal);
    const r = await run;
    await reader.close();
    // Ended by it (the shell's 130 for SIGINT), as without the cleanup, which left .report.json.partial and
    // .report.md.partial behind.
    expect(r.signal, String(r.stderr)).toBe(signal);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeReportFiles where no directory can be', () => {
  it('says which directory and why (a file of that name, a file on its path), not mkdir\'s bare EEXIST', async () => {
    const dir = scratchDir('out-file');
    const file = path.join(dir, 'report.json');
    writeFileSync(file, '{}');
    await expect(writeReportFiles(sampleOperatorReport(), file)).rejects.toThrow(`${file}: cannot write the report files there: it is a file, not a directory (EEXIST)`);
    await expect(writeReportFiles(sampleOperatorReport(), path.join(file, 'sub'))).rejects.toThrow(
      `${path.join(file, 'sub')}: cannot write the report files there: a file is in the way on its path (ENOTDIR)`,
    );
    expect(readFileSync(file, 'utf8')).toBe('{}');
  });

  it('says a link that leads to nothing is one, where it or a directory above it is: it was stat\'s bare ENOENT', async () => {
    const dir = scratchDir('out-dangling');
    const link = path.join(dir, 'dangling');
    symlinkSync(path.join(dir, 'gone', 'x'), link);
    await expect(writeReportFiles(sampleOperatorReport(), link)).rejects.toThrow(
      `${link}: cannot write the report files there: it is a link to ${path.join(dir, 'gone', 'x')}, which does not exist (ENOENT)`,
    );
    await expect(writeReportFiles(sampleOperatorReport(), path.join(link, 'sub'))).rejects.toThrow(
      `${path.join(link, 'sub')}: cannot write the report files there: ${link} is a link to ${path.join(dir, 'gone', 'x')}, which does not exist (ENOENT)`,
    );
    expect(readdirSync(dir)).toEqual(['dangling']);
  });
});

describe('writeReportFiles in a directory that takes no file', () => {
  // chmod does not stop root, who runs these tests here; sysfs refuses a new file to anyone (EACCES).
  it.runIf(existsSync('/sys/kernel'))('says which directory and why, not open\'s bare EACCES on a .partial file', async () => {
    await expect(writeReportFiles(sampleOperatorReport(), '/sys/kernel')).rejects.toMatchObject({
      message: '/sys/kernel: cannot write the report files there: permission denied (EACCES)',
      code: 'EACCES',
    });
    expect(readdirSync('/sys/kernel').filter((f) => f.includes('report'))).toEqual([]);
  });
});

/** A stream that takes the first piece, then fails every write with this error code. */
function failingAfterOne(code: string): { stream: Writable; got: string[] } {
  const got: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      if (got.length === 0) {
        got.push(chunk);
        setImmediate(done);
      } else done(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
  return { stream, got };
}

describe('writeChunks', () => {
  it('stops quietly when the reader goes away (EPIPE, as `| head` does), and throws other write errors', async () => {
    const closed = failingAfterOne('EPIPE');
    await writeChunks(closed.stream, reportJsonChunks(manyCallers()));
    expect(closed.got).toHaveLength(1);
    const broken = failingAfterOne('EIO');
    await expect(writeChunks(broken.stream, reportJsonChunks(manyCallers()))).rejects.toThrow(/EIO/);
  });

  it('waits whenever the stream is full and gives every piece in order', async () => {
    const got: string[] = [];
    // What the stream holds when a piece reaches it: one piece at a time if writeChunks waits, everything if not.
    let mostHeld = 0;
    const slow = new Writable({
      highWaterMark: 16,
      decodeStrings: false,
      write(chunk: string, _enc, done) {
        got.push(chunk);
        mostHeld = Math.max(mostHeld, slow.writableLength);
        setImmediate(done);
      },
    });
    const report = manyCallers();
    await writeChunks(slow, reportJsonChunks(report));
    expect(got.join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(got.length).toBeGreaterThan(4);
    expect(mostHeld).toBeLessThanOrEqual(Math.max(...got.map((p) => p.length)));
  });
});
