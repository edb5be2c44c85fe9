// Worker threads over byte ranges give the Report one thread gives: requests whose stages lie in different ranges
// (watches open across thousands of lines, a log cut in the middle of requests), late stages dropped by the
// assembler's window, duplicate auditIDs, invalid lines (their line numbers), several files and gzip.
// Ranges are made small here (tens of KB) so that a few MB of log cross hundreds of boundaries.
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, raiseInFlightLimit, type AnalyzeSettings } from '../../src/analyze.js';
import { Analysis } from '../../src/engine/analysis.js';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import { countedEarlyWarning, eventsIn, lateStageValue, type LateStages, type Tally } from '../../src/engine/audit.js';
import type { Report, Selection } from '../../src/engine/report.js';
import { MAX_LINE_BYTES, READ_BYTES, readAuditInput } from '../../src/sources/audit-files.js';
import { refusedMessage } from '../../src/sources/compression.js';
import { analyzeInParallel, OVERSIZE_SLOTS, PARALLEL_MIN_BYTES, planSplit } from '../../src/sources/parallel.js';
import type { SlotCount } from '../../src/sources/range-slots.js';
import { earlierOperations, loadSpecVersion } from '../../src/sources/specs.js';
import { generateAuditLog, mixOptions } from '../../scripts/gen-audit-log.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, APISNOOP_TESTDATA, scratchDir } from '../helpers/fixtures.js';
import { hkermaLog, lateStagesOf } from '../helpers/late-stages.js';

const dir = scratchDir('parallel');
/** How the CLI's warning says the limit on requests in flight is raised. */
const RAISE = raiseInFlightLimit(undefined);

interface Both {
  sequential: Report;
  parallel: Report;
  exact: boolean;
  /** Ranges parsed by each worker, then by the main thread. */
  rangesParsed?: number[];
  /** The shared memory the ranges took. */
  slots?: SlotCount;
  invalidSeen: { sequential: string[]; parallel: string[] };
  /** The stages that came after their request had completed, as both tallied them (the same, checked by both()). */
  late: Tally;
  /** Audit events read by the threads, and those counted as they were scanned, not held for the verdict. */
  events?: number;
  countedAtScan?: number;
}

/** One thread (the reader the CLI uses) and workers over small ranges, on the same files. */
async function both(files: string[], opts: { rangeBytes: number; workers?: number; selection?: Partial<Selection>; fast?: boolean }): Promise<Both> {
  const spec = await loadSpecVersion('1.36');
  const selection = { includeSystem: true, ...opts.selection };
  const seqInvalid: string[] = [];
  // Requests of APIs 1.36 no longer serves are matched against the earlier releases, by every thread.
  const earlier = earlierOperations('1.36');
  const at = { file: '', line: 0 };
  const seqLate: LateStages = { count: 0, at };
  const seq = new Analysis({ spec, selection, earlier, late: seqLate });
  for (const f of files) {
    seq.input(f);
    await readAuditInput(f, {
      value: (raw, file, line) => {
        at.file = file;
        at.line = line;
        eventsIn(
          raw,
          (ev) => seq.event(ev),
          (message) => {
            seq.invalidLine(file, line, message);
            seqInvalid.push(`${file}:${line}: ${message}`);
          },
        );
      },
      invalidLine: (file, line, message) => {
        seq.invalidLine(file, line, message);
        seqInvalid.push(`${file}:${line}: ${message}`);
      },
      event:
        opts.fast === false
          ? undefined
          : (ev, file, line) => {
              at.file = file;
              at.line = line;
              seq.event(ev);
            },
    });
  }
  const parLate: LateStages = { count: 0 };
  const par = new Analysis({ spec, selection, earlier });
  const parInvalid: string[] = [];
  const outcome = await analyzeInParallel({
    files,
    workers: opts.workers ?? 1,
    fast: opts.fast !== false,
    analysis: par,
    spec,
    rangeBytes: opts.rangeBytes,
    awaitWorkers: true,
    onInvalid: (l) => parInvalid.push(`${l.file}:${l.line}: ${l.message}`),
    late: parLate,
  });
  const invalidSeen = { sequential: seqInvalid, parallel: parInvalid };
  // The replay tallies the late stages as one thread does: how many, and the first's place and value.
  const late = { count: parLate.count, first: parLate.first };
  if (outcome.exact) expect(late).toStrictEqual({ count: seqLate.count, first: seqLate.first });
  return {
    sequential: seq.finish(),
    parallel: par.finish(),
    exact: outcome.exact,
    rangesParsed: outcome.rangesParsed,
    slots: outcome.slots,
    invalidSeen,
    late,
    events: outcome.events,
    countedAtScan: outcome.countedAtScan,
  };
}

const ev = (auditID: string, stage: string, verb: string, requestURI: string, extra: object = {}): string =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID,
    stage,
    requestURI,
    verb,
    user: { username: 'system:serviceaccount:app:ctl', groups: ['system:serviceaccounts'] },
    userAgent: 'ctl/v1',
    ...(stage === 'RequestReceived' ? {} : { responseStatus: { code: 200 } }),
    requestReceivedTimestamp: `2026-01-12T09:00:${String(auditID.length % 60).padStart(2, '0')}.000000Z`,
    ...extra,
  });

describe('parallel reading gives the one-thread Report', () => {
  // A CSV export's lines are its cells' own text (csvEventLines): a thread's reader is told the column, so that a
  // cell that is no audit event is said in that column, as one thread says it.
  it("on a CSV export of events: the cells of every thread's ranges, bad ones among them", async () => {
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const quoted = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;
    // Four copies (auditIDs of their own), a bad cell every 100 rows.
    const rows = Array.from({ length: 4 }, (_, c) => lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as object), auditID: `${(JSON.parse(l) as { auditID: string }).auditID}-${c}` })))
      .flat()
      .flatMap((e, i) => [...(i % 100 === 0 ? [`x,not json ${i}`] : []), `x,${quoted(e)}`]);
    const file = path.join(dir, 'cells.csv');
    writeFileSync(file, ['@timestamp,@message', ...rows].join('\r\n') + '\r\n');
    const r = await both([file], { rangeBytes: 32 << 10 });
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
    expect(r.rangesParsed).toHaveLength(2);
    for (const n of r.rangesParsed!) expect(n).toBeGreaterThan(10);
    const bad = Math.ceil((4 * lines.length) / 100);
    expect(r.parallel.summary.invalidLines).toBe(bad);
    expect(r.invalidSeen.parallel.filter((m) => m.includes(': the "@message" column of a CSV export (CloudWatch Logs Insights) is not JSON, so not an audit event: 1') && m.includes(' characters (not quoted'))).toHaveLength(bad);
  });

  it('on a generated log: watches straddling hundreds of range boundaries, malformed lines, gzip', async () => {
    const plain = await generateAuditLog({ bytes: 4e6, out: path.join(dir, 'gen.log'), seed: 21, invalidEvery: 200 });
    const gz = await generateAuditLog({ bytes: 2e6, out: path.join(dir, 'gen.log.gz'), gzip: true, seed: 22, invalidEvery: 150 });
    const r = await both([plain.file, gz.file], { rangeBytes: 32 << 10 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
    // The worker and the main thread both parsed ranges (about a hundred of them).
    expect(r.rangesParsed).toHaveLength(2);
    for (const n of r.rangesParsed!) expect(n).toBeGreaterThan(10);
    expect(r.parallel.summary.events).toBe(plain.events + gz.events);
    expect(r.parallel.summary.invalidLines).toBe(plain.invalidLines + gz.invalidLines);
    // Watches stay open across ranges; some are still open at the end and are counted as they are.
    expect(r.parallel.summary.requests).toBe(r.sequential.summary.requests);
    // Requests of APIs 1.36 no longer serves (batch/v1beta1 and the like) are those of earlier releases in every thread.
    expect(r.parallel.operations.filter((o) => o.deprecation?.source === 'earlier-spec').length).toBeGreaterThan(0);
  });

  it("counts a request of one line as its range is scanned, not held for the verdict: the project's audit-policy shape", async () => {
    // Metadata level, RequestReceived omitted: one line per request, but the watches' ResponseStarted, whose request
    // completes thousands of lines on, across ranges.
    const log = await generateAuditLog({ bytes: 3e6, out: path.join(dir, 'policy.log'), seed: 24, ...mixOptions('policy') });
    const lines = readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
    const opened = new Set<string>();
    let alone = 0;
    for (const line of lines) {
      const { auditID, stage } = JSON.parse(line) as { auditID: string; stage: string };
      if (stage !== 'ResponseComplete') opened.add(auditID);
      else if (!opened.has(auditID)) alone++;
    }
    expect(opened.size).toBeGreaterThan(100);
    for (const workers of [0, 1]) {
      const r = await both([log.file], { rangeBytes: 32 << 10, workers });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.events).toBe(lines.length);
      // Only a final stage whose request no stage before opened (nor, rarely, another ID of the same hash) is
      // counted at once, and counted once (the replay checks it is a request of its own).
      expect(r.countedAtScan).toBeLessThanOrEqual(alone);
      // The main thread alone scans the ranges in order: every earlier range is scanned when a range is.
      if (workers === 0) expect(r.countedAtScan).toBeGreaterThan(0.99 * alone);
      // Two threads: a range scanned ahead of an earlier one still being scanned holds its events until it is.
      else expect(r.countedAtScan).toBeGreaterThan(0);
    }
  });

  it('with the main thread alone, with two workers, and on the reference path', async () => {
    const log = await generateAuditLog({ bytes: 1.5e6, out: path.join(dir, 'jobs.log'), seed: 23, invalidEvery: 97 });
    for (const opts of [{ workers: 0 }, { workers: 2 }, { workers: 1, fast: false }]) {
      const r = await both([log.file], { rangeBytes: 16 << 10, ...opts });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.rangesParsed).toHaveLength(opts.workers + 1);
      for (const n of r.rangesParsed!) expect(n).toBeGreaterThan(0);
    }
  });

  it('on the hkerma events: late ResponseStarted after ResponseComplete are dropped and tallied, wherever the ranges fall', async () => {
    const file = path.join(dir, 'hkerma.log');
    // Counted apart from the engine: fewer completed requests than the window, so every one is remembered.
    const expected = hkermaLog(file);
    expect(expected.finals).toBeLessThan(RECENTLY_COMPLETED);
    expect(expected.count).toBeGreaterThan(10);
    const first = expected.first!;
    for (const rangeBytes of [4 << 10, 50_000, 1 << 20]) {
      const r = await both([file], { rangeBytes });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.late).toStrictEqual({ count: expected.count, first: { file, line: first.line, value: lateStageValue(first.stage, first.auditID) } });
    }
  });

  it('tallies late stages of every kind as one thread does: a stage not known first, then RequestReceived and ResponseStarted', async () => {
    const file = path.join(dir, 'late-kinds.log');
    const lines: string[] = [];
    let put = 0;
    for (let i = 0; i < 600; i++) {
      lines.push(ev(`k${i}`, 'RequestReceived', 'get', `/api/v1/namespaces/n/pods/p${i}`));
      lines.push(ev(`k${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
      // Stages of requests completed 50 back, in ranges after theirs.
      if (i >= 50 && i % 20 === 0) {
        lines.push(ev(`k${i - 50}`, ['Recieved', 'RequestReceived', 'ResponseStarted'][(i / 20) % 3], 'get', '/api/v1/namespaces/late/pods/q'));
        put++;
      }
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const late = lateStagesOf(lines);
    expect(late.count).toBe(put);
    expect(late.first!.stage).toBe('Recieved');
    for (const rangeBytes of [2048, 16 << 10]) {
      const r = await both([file], { rangeBytes });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.late).toStrictEqual({ count: put, first: { file, line: late.first!.line, value: `a stage not known of an auditID of ${late.first!.auditID.length} characters, not a UUID (not quoted)` } });
    }
  });

  it('when a request straddles files and the last line has no newline', async () => {
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    const lines = [ev('r1', 'RequestReceived', 'create', '/api/v1/namespaces/x/configmaps'), ev('w1', 'ResponseStarted', 'watch', '/api/v1/pods?watch=true')];
    for (let i = 0; i < 300; i++) lines.push(ev(`n${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/x/pods/p${i}`));
    writeFileSync(a, lines.join('\n') + '\n');
    // The rest of r1 (with its code and another user agent) and of the watch come in the next file; a final line without newline.
    writeFileSync(b, [ev('r1', 'ResponseComplete', 'create', '/api/v1/namespaces/x/configmaps', { userAgent: 'helm/3' }), ev('w1', 'ResponseComplete', 'watch', '/api/v1/pods?watch=true')].join('\n'));
    const r = await both([a, b], { rangeBytes: 2048 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.parallel.summary.requests).toBe(302);
  });

  it('with duplicate auditIDs and stages out of order, at every range size', async () => {
    const file = path.join(dir, 'dup.log');
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const id = `d${i % 37}`; // reused IDs: new requests after the old ones completed
      lines.push(ev(id, 'RequestReceived', 'get', `/api/v1/namespaces/n${i % 5}/secrets/s${i}`));
      if (i % 3 === 0) lines.push(ev(id, 'ResponseStarted', 'get', `/api/v1/namespaces/n${i % 5}/secrets/s${i}`));
      if (i % 4 !== 0) lines.push(ev(id, 'ResponseComplete', 'get', `/api/v1/namespaces/n${i % 5}/secrets/s${i}`, { userAgent: `ua${i % 7}` }));
      if (i % 11 === 0) lines.push(ev(`d${(i + 5) % 37}`, 'ResponseStarted', 'get', '/api/v1/namespaces/late/secrets/x'));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    for (const rangeBytes of [300, 1000, 5000, 40_000]) {
      const r = await both([file], { rangeBytes });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
    }
  });

  it('with one-line requests whose auditIDs come again after they completed (a final stage repeated), at every range size', async () => {
    const file = path.join(dir, 'dup-finals.log');
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      const id = `f${i % 41}`;
      lines.push(ev(id, 'ResponseComplete', 'get', `/api/v1/namespaces/n${i % 5}/pods/p${i}`, { userAgent: `ua${i % 7}` }));
      if (i % 13 === 0) lines.push(ev(id, 'ResponseComplete', 'get', `/api/v1/namespaces/n${i % 5}/pods/p${i}`, { userAgent: `ua${i % 7}` }));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    for (const rangeBytes of [300, 1000, 5000, 40_000]) {
      const r = await both([file], { rangeBytes });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
    }
  });

  it(`across the edges of the completed-request window (${RECENTLY_COMPLETED} to ${2 * RECENTLY_COMPLETED} auditIDs)`, async () => {
    // Late stages of requests completed just inside and just outside the window's two edges: kept or dropped
    // exactly as one thread does.
    const file = path.join(dir, 'window.gz');
    const W = RECENTLY_COMPLETED;
    const n = 2 * W + 2000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(`{"auditID":"c${i}","stage":"ResponseComplete","verb":"get","requestURI":"/api/v1/namespaces/default/pods/p","responseStatus":{"code":200}}`);
      if (i >= W - 5 && i % 50 === 0) {
        for (const back of [W - 1, W, W + 1, 2 * W - 1, 2 * W, 2 * W + 1]) {
          if (back > i) continue;
          lines.push(`{"auditID":"c${i - back}","stage":"ResponseStarted","verb":"get","requestURI":"/api/v1/namespaces/late/pods/q","responseStatus":{"code":200}}`);
        }
      }
    }
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    const r = await both([file], { rangeBytes: 256 << 10 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    // Some late stages were outside the window: they started requests of their own (seen under the 'late' namespace).
    const late = r.sequential.operations.find((o) => o.operationId === 'readCoreV1NamespacedPod')!;
    expect(late.hits).toBeGreaterThan(n);
  });

  it(`skips a line longer than ${MAX_LINE_BYTES >> 20} MB, says where, and counts the lines around it`, async () => {
    // Two over-long lines: one in the middle of many small ranges, one at the end without its newline.
    const file = path.join(dir, 'long.log');
    const before = Array.from({ length: 200 }, (_, i) => ev(`b${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    const after = Array.from({ length: 200 }, (_, i) => ev(`a${i}`, 'ResponseComplete', 'list', `/api/v1/namespaces/n${i}/configmaps`));
    const long = `{"auditID":"long","stage":"ResponseComplete","verb":"get","requestURI":"/api/v1/pods","requestObject":"${'x'.repeat(MAX_LINE_BYTES + (2 << 20))}"}`;
    // The second, a document of records on one line: the message says how to put them one a line.
    const records = `{"records":[{"properties":{"log":${JSON.stringify(long)}}}]}`;
    writeFileSync(file, [...before, long, ...after, records].join('\n'));
    const r = await both([file], { rangeBytes: 8 << 10 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
    expect(r.sequential.summary.requests).toBe(400);
    expect(r.invalidSeen.sequential).toStrictEqual([
      `${file}:201: line longer than ${MAX_LINE_BYTES} bytes, skipped; it is an audit event, not read: its request counts only if another stage of it is read; to read it, drop the request and response bodies it carries first, jq -c 'del(.requestObject, .responseObject)' FILE > FILE.jsonl`,
      `${file}:402: line longer than ${MAX_LINE_BYTES} bytes, skipped; a document of records on one line? Put them one a line first: jq -c '.records[]' FILE > FILE.jsonl`,
    ]);
  }, 60_000);

  it('a gzip cut in half, or with two bytes flipped: one entry for the damage, as one thread gives', async () => {
    const log = await generateAuditLog({ bytes: 1e6, out: path.join(dir, 'damaged-src.log.gz'), gzip: true, seed: 24 });
    const gz = readFileSync(log.file);
    // Two bytes flipped from the middle on, where zlib meets the damage in the deflate data (not only at the
    // checksum). It may inflate a few damaged lines before it does: those are bad lines as any, in both readers.
    const flip = (at: number): Buffer => {
      const b = Buffer.from(gz);
      b[at] ^= 0xff;
      b[at + 1] ^= 0xff;
      return b;
    };
    const inflateError = (b: Buffer): string => {
      try {
        gunzipSync(b);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    let at = gz.length >> 1;
    while (/^$|check/.test(inflateError(flip(at)))) at++;
    for (const [name, bytes] of [
      ['cut.log.gz', gz.subarray(0, gz.length >> 1)],
      ['flipped.log.gz', flip(at)],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      for (const fast of [true, false]) {
        const r = await both([file], { rangeBytes: 16 << 10, fast });
        expect(r.exact).toBe(true);
        expect(r.parallel).toStrictEqual(r.sequential);
        expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
        // The unfinished line at the damage is part of it: the last entry, after the last whole line read.
        const { invalid } = r.sequential;
        const last = invalid[invalid.length - 1];
        expect(last.message).toMatch(new RegExp(`^(truncated|corrupt) gzip after line ${last.line - 1}: [^;]+; the lines before it were read$`));
        if (name === 'cut.log.gz') expect(invalid).toHaveLength(1);
      }
    }
  });

  it('a gzip broken at its start after a gzip log: its entry comes after that log\'s last ranges, as one thread gives', async () => {
    // The last ranges of a gzip log may still wait on the main thread when the next input's entry is made: the entry
    // was once applied before it was said, and the reading failed ("reading 'fileIndex'") and went again on one thread.
    const log = await generateAuditLog({ bytes: 1e6, out: path.join(dir, 'before-broken.log.gz'), gzip: true, seed: 26 });
    const broken = path.join(dir, 'broken-at-start.log.gz');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip at all')]));
    const r = await both([log.file, broken], { rangeBytes: 16 << 10 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
    expect(r.parallel.invalid).toStrictEqual([{ file: broken, line: 1, message: expect.stringMatching(/^corrupt gzip before its first line: /) }]);
  });

  it('a zstd log, a zstd cut short, and archives and compressions not read: as one thread gives', async () => {
    // Read raw into ranges, a zstd or an xz file was a bad line per line of its bytes: both go through openInput.
    const log = await generateAuditLog({ bytes: 1e6, out: path.join(dir, 'zstd-src.log'), seed: 25, invalidEvery: 300 });
    const text = readFileSync(log.file);
    const zst = path.join(dir, 'gen.log.zst');
    writeFileSync(zst, zstdCompressSync(text));
    const cut = path.join(dir, 'cut.log.zst');
    const whole = readFileSync(zst);
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const xz = path.join(dir, 'gen.log.xz');
    writeFileSync(xz, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), gzipSync(text).subarray(10)]));
    // A tar is told by the "ustar" 257 bytes in: after the gzip is inflated.
    const tgz = path.join(dir, 'logs.tgz');
    const header = Buffer.alloc(512);
    header.write('audit.log', 0);
    header.write('ustar\0', 257);
    writeFileSync(tgz, gzipSync(Buffer.concat([header, text])));
    for (const fast of [true, false]) {
      const r = await both([zst, xz, cut, tgz], { rangeBytes: 16 << 10, fast });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
      const { invalid, summary } = r.parallel;
      expect(invalid.filter((l) => l.file === zst)).toHaveLength(log.invalidLines);
      expect(invalid.filter((l) => l.file === xz)).toStrictEqual([{ file: xz, line: 1, message: refusedMessage('xz', xz) }]);
      expect(invalid.filter((l) => l.file === tgz)).toStrictEqual([{ file: tgz, line: 1, message: refusedMessage('tar', tgz, 'gzip') }]);
      const cutEntry = invalid.filter((l) => l.file === cut).pop()!;
      expect(cutEntry.message).toMatch(new RegExp(`^truncated zstd after line ${cutEntry.line - 1}: unexpected end of file; the lines before it were read; the lines of the zstd block`));
      expect(summary.events).toBeGreaterThan(log.events);
    }
    // Through analyzeLogs, split over two jobs.
    const settings: AnalyzeSettings = { logs: [zst, xz], kubernetesVersion: '1.36', selection: { includeSystem: true }, parallelMinBytes: 0 };
    const two = await analyzeLogs({ ...settings, jobs: 3 });
    expect(two).toStrictEqual(await analyzeLogs({ ...settings, jobs: 1 }));
    expect(two.summary).toMatchObject({ events: log.events, invalidLines: log.invalidLines + 1 });
  }, 30_000);

  it('reads a last line longer than a range and without its newline as one thread does', async () => {
    // A log copied while the apiserver writes: its last line is long (a body) and unfinished. It once looped for
    // ever: nothing after the range's size had a newline to cut at.
    const file = path.join(dir, 'long-last.log');
    const lines = Array.from({ length: 200 }, (_, i) => ev(`l${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    const body = (n: number): string => ev('last', 'ResponseComplete', 'create', '/api/v1/namespaces/n/configmaps', { requestObject: 'x'.repeat(n) });
    for (const last of [body(40_000), body(40_000).slice(0, -10)]) {
      writeFileSync(file, [...lines, last].join('\n'));
      for (const workers of [0, 1]) {
        const r = await both([file], { rangeBytes: 8 << 10, workers });
        expect(r.exact).toBe(true);
        expect(r.parallel).toStrictEqual(r.sequential);
        expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
      }
    }
    // With the real range size, through analyzeLogs: a last line of 1.5 MB.
    writeFileSync(file, [...lines, body(1.5e6)].join('\n'));
    const settings: AnalyzeSettings = { logs: [file], kubernetesVersion: '1.36', selection: { includeSystem: true }, parallelMinBytes: 0 };
    const two = await analyzeLogs({ ...settings, jobs: 2 });
    expect(two).toStrictEqual(await analyzeLogs({ ...settings, jobs: 1 }));
    expect(two.summary.requests).toBe(201);
  }, 30_000);

  it('reads lines longer than a range in a few reused slots of shared memory, however many such lines', async () => {
    // RequestResponse events whose body (a SecretList) is longer than a range and a read: each once took a new
    // SharedArrayBuffer (and the smaller ones it grew through), up to four in flight per worker: 1.2 GB of RSS on
    // 600 MB of 15 MB lines with --jobs 2.
    const real = JSON.parse(readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n').find((l) => l.includes('"secrets"'))!) as Record<string, unknown>;
    const items = (n: number): object[] => Array.from({ length: n }, (_, k) => ({ metadata: { name: `secret-${k}`, namespace: 'ns1' }, type: 'Opaque', data: { token: 'x'.repeat(900) } }));
    const file = path.join(dir, 'long-bodies.log');
    const lines = Array.from({ length: 24 }, (_, i) =>
      JSON.stringify({ ...real, level: 'RequestResponse', auditID: `body-${i}`, responseObject: { kind: 'SecretList', apiVersion: 'v1', items: items(1200 + 300 * (i % 4)) } }),
    );
    const small = Array.from({ length: 50 }, (_, i) => ev(`s${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    writeFileSync(file, [...small, ...lines, ...small.map((l) => l.replaceAll('"s', '"t'))].join('\n'));
    const longest = Math.max(...lines.map((l) => l.length));
    expect(longest).toBeGreaterThan(READ_BYTES);
    for (const workers of [1, 2]) {
      const r = await both([file], { rangeBytes: 8 << 10, workers });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.sequential.summary.requests).toBe(124);
      // The pool (four ranges per worker and two), and the over-size slots: reused, within their budget (each is
      // at least two slots' worth), so not one (or more) per long line.
      const pool = workers * 4 + 2;
      const slotBytes = (8 << 10) + READ_BYTES;
      expect(r.slots!.made).toBeLessThanOrEqual(pool + OVERSIZE_SLOTS / 2);
      expect(r.slots!.made).toBeLessThan(pool + lines.length);
      // Alive at once: the pool, the budget, and past it the slot being filled and the one it grows into.
      expect(r.slots!.peakBytes).toBeLessThanOrEqual((pool + OVERSIZE_SLOTS) * slotBytes + 2 * 2 * (longest + READ_BYTES));
    }
  }, 60_000);

  it('drops a byte order mark at the start of every line, wherever ranges start', async () => {
    // One thread drops a BOM before any line (files joined with cat bring theirs along); so does a range's reader.
    const file = path.join(dir, 'bom.log');
    const lines = Array.from({ length: 300 }, (_, i) => '\uFEFF' + ev(`m${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    writeFileSync(file, lines.join('\n') + '\n');
    const second = path.join(dir, 'bom2.log');
    writeFileSync(second, lines.slice(0, 20).join('\n') + '\n');
    for (const workers of [0, 1]) {
      const r = await both([file, second], { rangeBytes: 2048, workers });
      expect(r.exact).toBe(true);
      expect(r.parallel).toStrictEqual(r.sequential);
      expect(r.invalidSeen.parallel).toStrictEqual(r.invalidSeen.sequential);
      expect(r.sequential.summary).toMatchObject({ requests: 320, invalidLines: 0 });
    }
  });

  it('reads a UTF-16 log (byte order mark FF FE) as its UTF-8 text, as one thread does', async () => {
    // The workers are handed UTF-8: a UTF-16 file is read through the decoding reader, as gzip is, not straight.
    const file = path.join(dir, 'utf16.log');
    const lines = Array.from({ length: 300 }, (_, i) => ev(`u${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    writeFileSync(file, Buffer.from('\uFEFF' + lines.join('\n') + '\n', 'utf16le'));
    const r = await both([file], { rangeBytes: 2048, workers: 1 });
    expect(r.exact).toBe(true);
    expect(r.parallel).toStrictEqual(r.sequential);
    expect(r.parallel.summary).toMatchObject({ requests: 300, matched: 300, invalidLines: 0 });
  });

  it('stops at once on a JSON object spanning lines whose long line is still being read', async () => {
    // The reading stops with part of a line longer than a range in hand (here: inside a pretty-printed object). It
    // once looped for ever on that part, as on an unfinished last line.
    const file = path.join(dir, 'spanning-long.log');
    const pretty = JSON.stringify(JSON.parse(ev('p', 'ResponseComplete', 'create', '/api/v1/namespaces/n/secrets', { requestObject: 'y'.repeat(3e6) })), null, 2);
    const lines = Array.from({ length: 50 }, (_, i) => ev(`s${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    writeFileSync(file, [...lines, pretty, ...lines].join('\n') + '\n');
    const r = await both([file], { rangeBytes: 8 << 10, workers: 0 });
    expect(r.exact).toBe(false);
    const settings: AnalyzeSettings = { logs: [file], kubernetesVersion: '1.36', selection: { includeSystem: true }, parallelMinBytes: 0 };
    expect(await analyzeLogs({ ...settings, jobs: 2 })).toStrictEqual(await analyzeLogs({ ...settings, jobs: 1 }));
  }, 30_000);

  it('given up on, tells onInvalid each invalid line once, in order, as one thread does, when the input is cut after', async () => {
    // A gzip cut short after a pretty-printed object: the range the object is in is not told (the reading is given up
    // there), and the cut's entry after it was, counted as told: one thread read again then left out the first bad
    // line as told already and told the cut twice, the first time as "after line 0".
    const lines = Array.from({ length: 40 }, (_, i) => ev(`c${i}`, 'ResponseComplete', 'get', `/api/v1/namespaces/n/pods/p${i}`));
    const pretty = JSON.stringify(JSON.parse(lines[5]), null, 2);
    const gz = gzipSync([lines[0], 'bad line X', pretty, ...lines.slice(6, 20), 'bad line Y', ...lines.slice(20)].join('\n') + '\n');
    const file = path.join(dir, 'cut-after-pretty.log.gz');
    writeFileSync(file, gz.subarray(0, gz.length - 8));
    const told = async (jobs: number): Promise<string[]> => {
      const seen: string[] = [];
      await analyzeLogs({ logs: [file], kubernetesVersion: '1.36', selection: { includeSystem: true }, parallelMinBytes: 0, jobs, onInvalid: (l) => seen.push(`${l.line}: ${l.message}`) });
      return seen;
    };
    const one = await told(1);
    expect(one.map((l) => l.slice(0, l.indexOf(':')))).toStrictEqual(['2', '37', '58']);
    expect(await told(3)).toStrictEqual(one);
  });

  it('on the items of an array whose "[" NUL bytes took, a NUL line before an object\'s pieces, a document of records cut short: as one thread, or given up', async () => {
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const copy = (c: number): string[] => lines.slice(0, 60).map((l) => l.replace('"auditID":"', `"auditID":"${c}-`));
    // Its items one a line, zeros over its "[" and the head of its first; the fifth item cut short.
    const items = copy(1).map((l, i) => (i === 5 ? l.slice(0, 90) : l));
    const array = ('[\n' + items.join(',\n') + '\n]').replace(/^[^]{200}/, '\0'.repeat(200));
    // A NUL line, then the members of the event it cut, one a line.
    const pieces = ['\0'.repeat(50), ...JSON.stringify(JSON.parse(copy(2)[0]) as object, null, 2).split('\n').slice(3, -1)];
    // Records on one line, cut short in the 31st.
    const records = JSON.stringify({ records: copy(3).map((l) => ({ category: 'kube-audit', properties: { log: l } })) });
    const cut = records.slice(0, records.indexOf(JSON.stringify(copy(3)[30])) + 50);
    const file = path.join(dir, 'lost-heads.log');
    writeFileSync(file, [...copy(0), array, ...copy(4), ...pieces, ...copy(5), cut, ...copy(6)].join('\n') + '\n');
    const given: boolean[] = [];
    for (const rangeBytes of [300, 1000, 5000, 40_000]) {
      const r = await both([file], { rangeBytes });
      // Read after the lines before them, such lines are given up on where a range cannot judge them.
      given.push(r.exact);
      if (r.exact) expect(r.parallel).toStrictEqual(r.sequential);
      // Four copies whole, the array but its first item and the one cut short, the records before the cut.
      expect(r.sequential.summary.events).toBe(4 * 60 + 58 + 30);
    }
    expect(given).toContain(false);
    const settings: AnalyzeSettings = { kubernetesVersion: '1.36', logs: [file], selection: { includeSystem: true }, parallelMinBytes: 0 };
    const one = await analyzeLogs(settings);
    expect(await analyzeLogs({ ...settings, jobs: 2 })).toStrictEqual(one);
    expect(await analyzeLogs({ ...settings, fast: false })).toStrictEqual(one);
  });

  it('gives up (and says so) on JSON objects spanning lines, which a range cannot judge', async () => {
    const r = await both([AUDIT2RBAC_2017, APISNOOP_TESTDATA + '/audit_event.json'], { rangeBytes: 4096 });
    expect(r.exact).toBe(false);
  });
});

describe('how many workers', () => {
  it('none for small inputs or stdin; the main thread is one job, and inflating a gzip or zstd input another', async () => {
    // Only the size and the magic numbers are looked at: sparse files will do.
    const plain = path.join(dir, 'plan.log');
    writeFileSync(plain, '{');
    truncateSync(plain, PARALLEL_MIN_BYTES);
    const gz = path.join(dir, 'plan.log.gz');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b]));
    truncateSync(gz, PARALLEL_MIN_BYTES / 4);
    const under = path.join(dir, 'under.log');
    writeFileSync(under, '{');
    truncateSync(under, PARALLEL_MIN_BYTES - 1);
    const small = path.join(dir, 'small.log');
    writeFileSync(small, '{}\n');
    expect(await planSplit([plain], 1)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([plain], 2)).toStrictEqual({ split: 'yes', workers: 1 });
    expect(await planSplit([plain], 4)).toStrictEqual({ split: 'yes', workers: 3 });
    expect(await planSplit([under], 2)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([under], 2, 1 << 20)).toStrictEqual({ split: 'yes', workers: 1 });
    expect(await planSplit([small], 2)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([plain, '-'], 4)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([gz], 2)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([gz, plain], 3)).toStrictEqual({ split: 'yes', workers: 1 });
    // zstd counts as gzip does: several times its size, and a job to inflate it.
    const zst = path.join(dir, 'plan.log.zst');
    writeFileSync(zst, Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    truncateSync(zst, PARALLEL_MIN_BYTES / 4);
    expect(await planSplit([zst], 2)).toStrictEqual({ split: 'no', workers: 0 });
    expect(await planSplit([zst], 3)).toStrictEqual({ split: 'yes', workers: 1 });
    expect(await planSplit([zst, plain], 3)).toStrictEqual({ split: 'yes', workers: 1 });
  });
});

describe('analyze --jobs', () => {
  // A lower threshold than the default's, so that these logs are quick to make.
  const MIN = 32 << 20;
  const settings = (logs: string[], jobs: number): AnalyzeSettings => ({ logs, kubernetesVersion: '1.36', selection: { includeSystem: true }, jobs, parallelMinBytes: MIN });

  it('splits inputs over the threshold over the main thread and a worker, with the same Report', async () => {
    const log = await generateAuditLog({ bytes: MIN + 1e6, out: path.join(dir, 'big.log'), seed: 31, invalidEvery: 5000 });
    const warnings: string[] = [];
    // onThreads: told once, with the number of workers, when the reading splits (the CLI limits heap growth there).
    const threads: number[][] = [[], []];
    const one = await analyzeLogs({ ...settings([log.file], 1), identifyInputs: true, onThreads: (n) => threads[0].push(n) });
    const two = await analyzeLogs({ ...settings([log.file], 2), identifyInputs: true, onWarning: (w) => warnings.push(w), onThreads: (n) => threads[1].push(n) });
    expect(two).toStrictEqual(one);
    // On two threads as on one, the report tells its log by the bytes read where copies are looked for (merge uses it).
    expect(two.inputIds).toStrictEqual([{ bytes: statSync(log.file).size, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(warnings).toStrictEqual([]);
    expect(threads).toStrictEqual([[], [1]]);
    expect(one.summary.events).toBe(log.events);
  });

  it('reads inputs it cannot split on one thread, with the same Report and each invalid line reported once', async () => {
    const log = await generateAuditLog({ bytes: MIN + 1e6, out: path.join(dir, 'big2.log'), seed: 32, invalidEvery: 3000 });
    const invalid: string[] = [];
    const files = [log.file, APISNOOP_TESTDATA];
    const one = await analyzeLogs(settings(files, 1));
    const two = await analyzeLogs({ ...settings(files, 2), onInvalid: (l) => invalid.push(`${l.file}:${l.line}`) });
    expect(two).toStrictEqual(one);
    expect(new Set(invalid).size).toBe(invalid.length);
  });

  it('warns once and counts the same, on one thread and on two, when too many requests are in flight at once (no final stages)', async () => {
    // A policy that omits ResponseComplete (here: the RequestReceived lines of a generated log) leaves every request
    // in flight: past `at`, the oldest is counted early. Two jobs leave that to one thread: they read the input
    // again. Metadata level, so that about half the lines are RequestReceived ones: 3-4 MB of them, as many ranges
    // of the parallel reader. In the middle, the final stages of the first quarter: some of them for requests
    // already counted early (dropped), the rest completing theirs; the number in flight falls back and passes `at`
    // again. At the end, an invalid line: the warning comes once the logs are read, after it, with what the limit
    // cost (the same counts on one thread and two: the replay gives up before counting any request early).
    const log = await generateAuditLog({ bytes: 8e6, out: path.join(dir, 'stages.log'), seed: 33, requestResponseShare: 0, requestShare: 0 });
    const lines = readFileSync(log.file, 'utf8').split('\n');
    const received = lines.filter((l) => l.includes('"stage":"RequestReceived"'));
    const half = Math.floor(received.length / 2);
    const idOf = (l: string): string => /"auditID":"([^"]+)"/.exec(l)![1];
    const firstQuarter = new Set(received.slice(0, half / 2).map(idOf));
    const finals = lines.filter((l) => l.includes('"stage":"ResponseComplete"') && firstQuarter.has(idOf(l)));
    expect(finals.length).toBeGreaterThan(half / 4);
    const cut = path.join(dir, 'received-only.log');
    writeFileSync(cut, [...received.slice(0, half), ...finals, ...received.slice(half), '{"kind":"Event",'].join('\n') + '\n');
    const at = half - 10;
    expect(await planSplit([cut], 2, 1 << 20)).toStrictEqual({ split: 'yes', workers: 1 });
    const run = async (logs: string[], jobs: number): Promise<{ report: Report; told: string[] }> => {
      const told: string[] = [];
      const report = await analyzeLogs({
        ...settings(logs, jobs),
        parallelMinBytes: 1 << 20,
        manyOpenAt: at,
        onWarning: (w) => told.push(w),
        onInvalid: (l) => told.push(`invalid line ${l.line}`),
      });
      return { report, told };
    };
    const one = await run([cut], 1);
    const two = await run([cut], 2);
    const lastLine = half + finals.length + (received.length - half) + 1;
    const { countedEarly, finalStagesDropped } = one.report.summary;
    // The ten oldest of the first half counted early, before their final stages came; more as the second half opened.
    expect(finalStagesDropped).toBe(10);
    expect(countedEarly).toBeGreaterThan(10);
    const said = countedEarlyWarning({ at, countedEarly: countedEarly!, finalsDropped: finalStagesDropped! }, RAISE);
    expect(one.told).toStrictEqual([`invalid line ${lastLine}`, said]);
    expect(two.told).toStrictEqual(one.told);
    expect(two.report).toStrictEqual(one.report);
    // Each still counted, with the stages it has.
    expect(one.report.summary.requests).toBe(received.length);
    // Two jobs that give up on the input (an object spanning lines) and read it again on one thread: told once.
    const spanning = path.join(dir, 'spanning.log');
    writeFileSync(spanning, received.join('\n') + '\n' + JSON.stringify(JSON.parse(finals[0]), null, 2) + '\n');
    const spanned = await run([spanning], 2);
    // The one final stage after them is of the oldest request, counted early: dropped.
    expect(spanned.told).toStrictEqual([countedEarlyWarning({ at, countedEarly: received.length - at, finalsDropped: 1 }, RAISE)]);
    expect(spanned.report.summary).toMatchObject({ countedEarly: received.length - at, finalStagesDropped: 1 });
    // The whole log completes its requests: however many watches stay open, not that many.
    expect((await run([log.file], 1)).told).toStrictEqual([]);
    expect((await run([log.file], 2)).told).toStrictEqual([]);
  });
});
