// A log given twice under two names (a copy beside it, an unpacked artifact of it, the .gz gzip -k left beside it)
// is read as given, so its requests count again: analyze and rbac say so, naming both files; load-audit reads it once.
// Files that only share a size, or differ in their last byte, or a compressed log whose text has another's size, are
// not copies.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createZstdCompress, gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { lateStagesWarning, lateStageValue, repeatedFinalsWarning } from '../../src/engine/audit.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { copyWarning, findCopies, readInputs } from '../../src/sources/copies.js';
import { loadAudit } from '../../src/web/load.js';
import { Store } from '../../src/web/store.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, scratchDir } from '../helpers/fixtures.js';
import { lateStagesOf } from '../helpers/late-stages.js';

const dir = scratchDir('copies');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
};

/** The same size, its last byte before the newline changed: another log. */
function lastByteEdited(log: Buffer): Buffer {
  const edited = Buffer.from(log);
  edited[edited.length - 2] = edited[edited.length - 2] === 0x7d ? 0x20 : 0x7d;
  return edited;
}

describe('copies among the logs given', () => {
  it('finds byte-for-byte copies, plain and gzip, and nothing that only shares a size', async () => {
    const log = readFileSync(AUDIT2RBAC_2017);
    const a = write('a/audit.log', log);
    const bak = write('a/audit.log.bak', log);
    const other = write('a/edited.log', lastByteEdited(log));
    const gz = write('b/audit.log.gz', gzipSync(log));
    const gzCopy = write('b/artifact/audit.log.gz', readFileSync(gz));
    const v1 = write('b/v1.log', readFileSync(AUDIT2RBAC_V1));
    // gz holds a's text: the compressed one is the copy, the plain one kept, whichever comes first.
    expect(await findCopies([a, other, v1, gz, bak, '-', gzCopy])).toEqual([
      { file: gz, sameAs: a },
      { file: bak, sameAs: a },
      { file: gzCopy, sameAs: gz },
    ]);
    expect(await findCopies([gz, other, v1, a])).toEqual([{ file: gz, sameAs: a }]);
    expect(await findCopies([a, other, v1])).toEqual([]);
  });

  it("each input's identity: its size and the SHA-256 of its first and last 64 KB, the same for a copy, another for an edit or a .gz of it", async () => {
    const log = readFileSync(AUDIT2RBAC_2017);
    const a = write('ids/audit.log', log);
    const copy = write('ids/elsewhere/audit.log', log);
    const other = write('ids/edited.log', lastByteEdited(log));
    const gz = write('ids/audit.log.gz', gzipSync(log));
    const empty = write('ids/empty.log', '');
    const { ids } = await readInputs([a, copy, other, gz, empty, '-']);
    const KB64 = 64 * 1024;
    expect(log.length).toBeGreaterThan(2 * KB64);
    const fingerprint = createHash('sha256').update(log.subarray(0, KB64)).update(log.subarray(log.length - KB64)).digest('hex');
    expect(ids.get(a)).toEqual({ bytes: log.length, fingerprint });
    expect(ids.get(copy)).toEqual(ids.get(a));
    expect(ids.get(other)!.bytes).toBe(log.length);
    expect(ids.get(other)!.fingerprint).not.toBe(fingerprint);
    expect(ids.get(gz)!.fingerprint).not.toBe(fingerprint);
    // An empty file is told (every one alike: the same empty log); stdin is not.
    expect(ids.get(empty)).toEqual({ bytes: 0, fingerprint: createHash('sha256').digest('hex') });
    expect(ids.has('-')).toBe(false);
  });

  it('analyze warns of a copy and still counts it as given', async () => {
    const log = readFileSync(AUDIT2RBAC_2017);
    const a = write('c/audit.log', log);
    const copy = write('c/audit-copy.log', log);
    const opts = { kubernetesVersion: '1.36', conformance: 'none' as const, selection: { includeSystem: true } };
    const warnings: string[] = [];
    const once = await analyzeLogs({ logs: [a], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('same contents'))).toEqual([]);
    const both = await analyzeLogs({ logs: [path.join(dir, 'c')], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('same contents'))).toEqual([copyWarning({ file: a, sameAs: copy })]);
    expect(warnings).toContain(`${a} has the same contents as ${copy}: its requests are counted again (leave one out if it is a copy)`);
    expect(both.summary.requests).toBe(2 * once.summary.requests);
  });
});

/** A log of `size` bytes that is not `log`: the other fixture, cut or padded with blank lines to that size. */
function otherLogOfSize(size: number): Buffer {
  const other = readFileSync(AUDIT2RBAC_2017);
  const cut = other.subarray(0, other.lastIndexOf(0x0a, size - 1) + 1);
  return Buffer.concat([cut, Buffer.alloc(size - cut.length, 0x0a)]);
}

/** zstd as written from a pipe: the frame does not say its content size. */
async function zstdFromPipe(data: Buffer): Promise<Buffer> {
  const z = createZstdCompress();
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => z.on('end', resolve));
  z.end(data);
  await done;
  return Buffer.concat(out);
}

describe('compressed copies', () => {
  const log = readFileSync(AUDIT2RBAC_V1);
  const opts = { kubernetesVersion: '1.36', conformance: 'none' as const, selection: { includeSystem: true } };
  const analyze = async (logs: string[], more: Partial<AnalyzeSettings> = {}): Promise<{ report: Report; warnings: string[] }> => {
    const warnings: string[] = [];
    const report = await analyzeLogs({ logs, ...opts, ...more, onWarning: (w) => warnings.push(w) });
    return { report, warnings: warnings.filter((w) => w.includes('same contents')) };
  };

  it('analyze finds audit.log.gz and audit.log.zst beside audit.log, and not a gzip of another log of that size', async () => {
    const plain = write('d/audit.log', log);
    const gz = write('d/audit.log.gz', gzipSync(log));
    const zst = write('d/audit.log.zst', zstdCompressSync(log));
    // Another log whose gzip trailer says the same size (ISIZE): inflated and compared, it differs.
    const other = otherLogOfSize(log.length);
    expect(other.equals(log)).toBe(false);
    const otherGz = write('d/other.log.gz', gzipSync(other));
    expect(readFileSync(otherGz).readUInt32LE(readFileSync(otherGz).length - 4)).toBe(log.length);
    const { report, warnings } = await analyze([path.join(dir, 'd')]);
    expect(warnings).toEqual([copyWarning({ file: gz, sameAs: plain }), copyWarning({ file: zst, sameAs: plain })]);
    // Counted as given, as a byte copy is: the plain log three times, and the other log once.
    const [alone, otherAlone] = [(await analyze([plain])).report, (await analyze([write('e/other.log', other)])).report];
    expect(report.summary.requests).toBe(3 * alone.summary.requests + otherAlone.summary.requests);
    expect((await analyze([plain, otherGz])).warnings).toEqual([]);
  });

  it('finds a zstd of a pipe (no content size) only beside the log named as it is without .zst', async () => {
    const plain = write('f/audit.log', log);
    const piped = await zstdFromPipe(log);
    // Frame header descriptor 0: no Frame_Content_Size.
    expect(piped[4]).toBe(0);
    const zst = write('f/audit.log.zst', piped);
    const elsewhere = write('f/archive.zst', piped);
    expect(await findCopies([plain, zst, elsewhere])).toEqual([
      { file: zst, sameAs: plain },
      // A byte copy of the one found.
      { file: elsewhere, sameAs: zst },
    ]);
    expect(await findCopies([plain, elsewhere])).toEqual([]);
  });

  it('-j 1, -j 2 and -j 3 agree', async () => {
    const plain = write('g/audit.log', log);
    const gz = write('g/audit.log.gz', gzipSync(log));
    const one = await analyze([path.join(dir, 'g')], { jobs: 1 });
    expect(one.warnings).toEqual([copyWarning({ file: gz, sameAs: plain })]);
    // -j 2 with a gzip input reads on one thread (inflating takes the other); -j 3 splits the plain log's bytes.
    for (const jobs of [2, 3]) {
      const threads: number[] = [];
      const many = await analyze([path.join(dir, 'g')], { jobs, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
      expect(threads).toEqual(jobs === 3 ? [1] : []);
      expect(many.warnings).toEqual(one.warnings);
      expect(many.report.summary).toEqual(one.report.summary);
      expect(many.report.operations).toEqual(one.report.operations);
    }
  });

  it('rbac warns of audit.log.gz beside audit.log, as analyze does', async () => {
    const plain = write('g/audit.log', log);
    const gz = write('g/audit.log.gz', gzipSync(log));
    const warnings: string[] = [];
    await rbacFromLogs({ logs: [path.join(dir, 'g')], serviceAccount: 'ns1:sa1', onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('same contents'))).toEqual([copyWarning({ file: gz, sameAs: plain })]);
  });

  it('load-audit reads audit.log once beside its .gz: the report and content hash of the log alone', async () => {
    const plain = write('h/audit.log', log);
    const gz = write('h/audit.log.gz', gzipSync(log));
    const zst = write('h/copies/audit.log.zst', zstdCompressSync(log));
    const store = Store.open(path.join(dir, 'h.db'));
    try {
      const alone = await loadAudit(store, 'alone', { logs: [plain], ...opts });
      const warnings: string[] = [];
      // The compressed ones first: the plain one is still the one read.
      const both = await loadAudit(store, 'both', { logs: [zst, path.join(dir, 'h')], ...opts, onWarning: (w) => warnings.push(w) });
      expect(warnings.filter((w) => w.includes('same contents'))).toEqual([
        `${zst} has the same contents as ${plain}: read once`,
        `${gz} has the same contents as ${plain}: read once`,
      ]);
      expect(both.contentHash).toBe(alone.contentHash);
      expect(both.report.inputs).toEqual([plain]);
      expect(both.report.summary).toEqual(alone.report.summary);
      expect(both.report.operations).toEqual(alone.report.operations);
    } finally {
      store.close();
    }
  });

  it('load-audit replaces a run of audit.log and its .gz loaded before, which counted every request twice', async () => {
    const plain = write('i/audit.log', log);
    const gz = write('i/audit.log.gz', gzipSync(log));
    const store = Store.open(path.join(dir, 'i.db'));
    try {
      // The run as load-audit stored it then: both read, the hash over both files' own digests.
      const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
      const then = createHash('sha256').update([sha(plain), sha(gz)].sort().map((d) => `${d}\n`).join('')).digest('hex');
      const doubled = (await analyze([plain, gz])).report;
      store.addRun('app', { report: doubled, contentHash: then, inputs: [plain, gz].sort() });
      const now = await loadAudit(store, 'app', { logs: [path.join(dir, 'i')], ...opts });
      expect(now.status).toBe('replaced');
      expect(now.previous?.requests).toBe(doubled.summary.requests);
      expect(now.run.requests).toBe(doubled.summary.requests / 2);
      expect(store.apps().find((a) => a.name === 'app')).toMatchObject({ runs: 1, requests: doubled.summary.requests / 2 });
    } finally {
      store.close();
    }
  });
});

describe('logs that overlap, not copies: the requests they share are said to come again', () => {
  const opts = { kubernetesVersion: '1.36', conformance: 'none' as const, selection: { includeSystem: true } };

  it('a log saved twice as it grew: its first part comes again, said with where, which auditID and how many, on one thread or several', async () => {
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
    const early = write('h/audit-early.log', lines.slice(0, 300).join('\n') + '\n');
    const now = write('h/audit-now.log', lines.join('\n') + '\n');
    // By hand: the requests whose final stage the early part holds; those it only opened are completed once.
    const events = lines.map((l) => JSON.parse(l) as { auditID: string; stage: string });
    const finalIds = new Set(events.slice(0, 300).filter((e) => e.stage === 'ResponseComplete').map((e) => e.auditID));
    const again = finalIds.size;
    expect(again).toBeGreaterThan(100);
    // The first to come again: the later log's first final stage of such a request (its line, 1-based).
    const firstAt = events.findIndex((e) => e.stage === 'ResponseComplete' && finalIds.has(e.auditID));
    const first = { file: now, line: firstAt + 1, value: events[firstAt].auditID };
    // And the earlier stages of those requests come after their first final stage: they add nothing, and are said.
    const late = lateStagesOf([...lines.slice(0, 300), ...lines]);
    expect(late.count).toBeGreaterThan(100);
    const lateFirst = { file: now, line: late.first!.line - 300, value: lateStageValue(late.first!.stage, late.first!.auditID) };
    const lateSaid = lateStagesWarning({ count: late.count, first: lateFirst }, true);
    expect(lateSaid).toBe(
      `${now}:${lateFirst.line}: a stage came after its request had completed (${late.first!.stage} of auditID "${late.first!.auditID}"); ` +
        `so did ${late.count - 1} more, ${late.count} in all: each adds nothing to its request, already counted at its final stage ` +
        '(out-of-order logs hold such stages, and so do logs that overlap)',
    );
    const alone = await analyzeLogs({ logs: [now], ...opts });
    for (const jobs of [1, 3]) {
      const warnings: string[] = [];
      const threads: number[] = [];
      const r = await analyzeLogs({ logs: [early, now], ...opts, jobs, parallelMinBytes: 0, onThreads: (n) => threads.push(n), onWarning: (w) => warnings.push(w) });
      expect(threads).toHaveLength(jobs === 1 ? 0 : 1);
      expect(r.summary.requests).toBe(alone.summary.requests + again);
      // They were counted twice without a word: neither log is a copy of the other.
      expect(warnings).toEqual([repeatedFinalsWarning({ count: again, first }), lateSaid]);
      expect(warnings[0]).toBe(
        `${now}:${firstAt + 1}: a request came again under an auditID already counted, "${first.value}" (a final stage given twice); ` +
          `so did ${again - 1} more, ${again} requests in all, and each is counted again: ` +
          'do two of the logs overlap, such as a log saved twice as it grew? Give each request once',
      );
    }
    // rbac reads the logs itself, and says it too.
    const told: string[] = [];
    await rbacFromLogs({ logs: [early, now], serviceAccount: 'ns1:sa1', onWarning: (w) => told.push(w) });
    expect(told).toEqual([repeatedFinalsWarning({ count: again, first }), lateSaid]);
    // A copy is said as a copy, once: its own warning already says its requests count again.
    const copy = write('h/copy/audit-now.log', readFileSync(now));
    const warnings: string[] = [];
    await analyzeLogs({ logs: [now, copy], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([copyWarning({ file: copy, sameAs: now })]);
  });

  it('a copy among the logs does not hide another overlap: only the copy\'s repeats are explained by it, on every path', async () => {
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
    // As in the repro: a log and its gzip -k copy, and two logs that overlap on lines 11-20.
    const a = write('k/a.log', lines.slice(99, 200).join('\n') + '\n');
    const gz = write('k/a.log.gz', gzipSync(readFileSync(a)));
    const b1 = write('k/b1.log', lines.slice(0, 20).join('\n') + '\n');
    const b2 = write('k/b2.log', lines.slice(10, 40).join('\n') + '\n');
    const events = lines.map((l) => JSON.parse(l) as { auditID: string; stage: string });
    const shared = events.slice(10, 20);
    const finalIds = new Set(shared.filter((e) => e.stage === 'ResponseComplete').map((e) => e.auditID));
    const firstAt = shared.findIndex((e) => e.stage === 'ResponseComplete');
    const overlap = repeatedFinalsWarning({ count: finalIds.size, first: { file: b2, line: firstAt + 1, value: shared[firstAt].auditID } }, 4);
    // Without the copy, the overlap is said; with it, the copy and the overlap, each once, whichever path reads them.
    const without: string[] = [];
    const alone = await analyzeLogs({ logs: [a, b1, b2], ...opts, onWarning: (w) => without.push(w) });
    expect(without.filter((w) => w.includes('came again'))).toEqual([repeatedFinalsWarning({ count: finalIds.size, first: { file: b2, line: firstAt + 1, value: shared[firstAt].auditID } }, 3)]);
    const said: string[][] = [];
    const reports: Report[] = [];
    for (const run of [{}, { jobs: 3, parallelMinBytes: 0 }, { fast: false }]) {
      const warnings: string[] = [];
      reports.push(await analyzeLogs({ logs: [path.join(dir, 'k')], ...opts, ...run, onWarning: (w) => warnings.push(w) }));
      said.push(warnings.filter((w) => !w.includes('stage came after')));
    }
    expect(said[0]).toEqual([copyWarning({ file: gz, sameAs: a }), overlap]);
    expect(said[1]).toEqual(said[0]);
    expect(said[2]).toEqual(said[0]);
    for (const r of reports) expect(r.summary.requests).toBe(reports[0].summary.requests);
    // The copy's requests count again, as its warning says.
    expect(reports[0].summary.requests).toBeGreaterThan(alone.summary.requests);
    const told: string[] = [];
    await rbacFromLogs({ logs: [path.join(dir, 'k')], user: 'system:admin', onWarning: (w) => told.push(w) });
    expect(told.filter((w) => !w.includes('stage came after'))).toEqual(said[0]);
  });

  it('one log that holds part of itself twice (joined with cat to an older copy) is said as one log, not "two of the logs"', async () => {
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
    const joined = write('h/joined.log', [...lines.slice(0, 300), ...lines].join('\n') + '\n');
    const finals = lines.slice(0, 300).map((l) => JSON.parse(l) as { auditID: string; stage: string });
    const finalIds = new Set(finals.filter((e) => e.stage === 'ResponseComplete').map((e) => e.auditID));
    const again = finalIds.size;
    // The first to come again, in the second part of the joined log (after its 300 lines).
    const firstAt = finals.findIndex((e) => e.stage === 'ResponseComplete');
    const late = lateStagesOf([...lines.slice(0, 300), ...lines]);
    const warnings: string[] = [];
    await analyzeLogs({ logs: [joined], ...opts, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      `${joined}:${300 + firstAt + 1}: a request came again under an auditID already counted, "${finals[firstAt].auditID}" (a final stage given twice); ` +
        `so did ${again - 1} more, ${again} requests in all, and each is counted again: ` +
        'does the log hold part of itself twice, such as a log joined with cat to an older copy of itself? Give each request once',
      lateStagesWarning({ count: late.count, first: { file: joined, line: late.first!.line, value: lateStageValue(late.first!.stage, late.first!.auditID) } }, true),
    ]);
    const told: string[] = [];
    await rbacFromLogs({ logs: [joined], serviceAccount: 'ns1:sa1', onWarning: (w) => told.push(w) });
    expect(told).toEqual(warnings);
  });
});
