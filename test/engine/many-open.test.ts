// The limit on requests in flight (ManyOpen), on a real log: past it the oldest request in flight is counted early,
// with the stages it has, and any later stage of it is dropped. Checked against the rule written the plain way.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { analyzeLogs, raiseInFlightLimit, type AnalyzeSettings } from '../../src/analyze.js';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import { countedEarlyWarning, heldText, isFinal, ManyOpen, manyOpenWarner, manyOpenWarning, RequestAssembler, toAuditEvent, type Request } from '../../src/engine/audit.js';
import { scanLine, STUB_MAX_BYTES } from '../../src/engine/event-fields.js';
import { mergeReports } from '../../src/engine/merge.js';
import { missingFinalStages, type Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, loadFixtureSpec, readLines, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { withBodies } from '../helpers/in-flight-text.js';

interface Line {
  auditID: string;
  stage: string;
  responseStatus?: { code?: number };
}

/**
 * The requests the rule counts, and those that lose the code their dropped final stage would have brought.
 * A Map keeps insertion order, so its first key is the oldest in flight.
 */
function plainRule(lines: string[], limit: number): { requests: number; codesLost: string[]; countedEarly: number; finalsDropped: number } {
  const open = new Map<string, boolean>(); // auditID -> a code was seen
  const completed = new Set<string>();
  const early = new Map<string, boolean>();
  let requests = 0;
  const codesLost: string[] = [];
  let finalsDropped = 0;
  let countedEarly = 0;
  for (const l of lines) {
    const e = JSON.parse(l) as Line;
    const code = typeof e.responseStatus?.code === 'number';
    if (early.has(e.auditID)) {
      // Any later stage of a request counted early is dropped, its final stage too; a final stage after that one is
      // a request of its own, as for any completed request.
      if (isFinal(e.stage)) {
        finalsDropped++;
        if (code && !early.get(e.auditID)) codesLost.push(e.auditID);
        early.delete(e.auditID);
        completed.add(e.auditID);
      }
      continue;
    }
    if (!isFinal(e.stage)) {
      if (completed.has(e.auditID)) continue;
      const had = open.get(e.auditID);
      open.set(e.auditID, (had ?? false) || code);
      if (had === undefined && open.size > limit) {
        const [oldest, seen] = open.entries().next().value!;
        open.delete(oldest);
        early.set(oldest, seen);
        countedEarly++;
        requests++;
      }
      continue;
    }
    // A final stage: completes its request, or is a request of its own.
    open.delete(e.auditID);
    completed.add(e.auditID);
    requests++;
  }
  return { requests: requests + open.size, codesLost, countedEarly: countedEarly, finalsDropped };
}

/** Each request's code, by auditID, as the analysis counts them. */
type Codes = Map<string, (number | undefined)[]>;

/** The codes of `limited` are those of `whole`, but for the requests that lost theirs. */
function expectCodesLost(whole: Codes, limited: Codes, lost: string[]): void {
  const expected = new Map([...whole].map(([id, codes]) => [id, lost.includes(id) ? codes.map(() => undefined) : codes]));
  expect(limited).toStrictEqual(expected);
}

/** How the CLI's warning says the limits are raised. */
const RAISE =
  'a higher --max-in-flight keeps them: it raises both limits, on the requests and their text (each request in flight takes about 1.2 KB, more with long URIs)';

let spec128: Spec;
beforeAll(async () => {
  spec128 = await loadFixtureSpec('1.28');
});

describe('the limit on requests in flight', () => {
  const { lines } = convertHkermaCsv(HKERMA_CSV);
  const analyse = (input: string[], limit?: number, told?: number[]): { report: Report; codes: Codes } => {
    const codes: Codes = new Map();
    const onRequest = (r: Request): void => void codes.set(r.auditID, [...(codes.get(r.auditID) ?? []), r.code]);
    const manyOpen = limit === undefined ? undefined : new ManyOpen(limit, (n) => told?.push(n));
    return { report: analyzeLines(input, { spec: spec128, selection: { includeSystem: true }, manyOpen, onRequest }), codes };
  };

  it('on the hkerma log (16,563 events, stages out of order): the oldest counted early, each request still once, told once', () => {
    const whole = analyse(lines);
    for (const limit of [3, 20, 200]) {
      const told: number[] = [];
      const r = analyse(lines, limit, told);
      const rule = plainRule(lines, limit);
      expect(rule.countedEarly).toBeGreaterThan(0);
      expect(told).toEqual([limit]);
      expect(r.report.summary.requests).toBe(rule.requests);
      expect(r.report.summary.requests).toBe(whole.report.summary.requests);
      // What the limit cost, in the report: the requests counted early, and the final stages that came after.
      expect(r.report.summary).toMatchObject({ countedEarly: rule.countedEarly, finalStagesDropped: rule.finalsDropped });
      // Their watches' codes came with ResponseStarted: none lost, though final stages were dropped.
      expect(rule.codesLost).toEqual([]);
      if (limit < 200) expect(rule.finalsDropped).toBeGreaterThan(10);
      expectCodesLost(whole.codes, r.codes, rule.codesLost);
    }
    // High enough, the limit is never reached: the same report as without one.
    const told: number[] = [];
    expect(analyse(lines, 5000, told).report).toStrictEqual(whole.report);
    expect(told).toEqual([]);
  });

  it('on a generated log where requests overlap (RequestReceived, then ResponseComplete with the code), codes are lost', async () => {
    const log = await generateAuditLog({ bytes: 2e6, out: path.join(scratchDir('many-open'), 'overlap.log'), seed: 5, requestResponseShare: 0, requestShare: 0 });
    const generated = readLines(log.file);
    const whole = analyse(generated);
    const told: number[] = [];
    const r = analyse(generated, 3, told);
    const rule = plainRule(generated, 3);
    expect(rule.codesLost.length).toBeGreaterThan(10);
    expect(told).toEqual([3]);
    expect(r.report.summary.requests).toBe(rule.requests);
    expect(r.report.summary.requests).toBe(whole.report.summary.requests);
    expect(r.report.summary).toMatchObject({ countedEarly: rule.countedEarly, finalStagesDropped: rule.finalsDropped });
    expectCodesLost(whole.codes, r.codes, rule.codesLost);
  });

  it('first stages only (a policy without ResponseComplete): counting early or at the end gives the same report', () => {
    // Every event made a RequestReceived one: no request ever completes.
    const firstStages = lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as Line), stage: 'RequestReceived' }));
    const told: number[] = [];
    const limited = analyse(firstStages, 50, told);
    expect(told).toEqual([50]);
    // Beside what the limit did: every request past the first 50 counted early, no final stage dropped.
    const { countedEarly, finalStagesDropped, ...summary } = limited.report.summary;
    const whole = analyse(firstStages).report;
    expect(countedEarly).toBe(whole.summary.requests - 50);
    expect(finalStagesDropped).toBe(0);
    expect({ ...limited.report, summary }).toStrictEqual(whole);
  });
});

describe('what the limit cost, said and kept in the report', () => {
  const dir = scratchDir('many-open-said');
  /**
   * The real events of a log given `copies` times under auditIDs of their own, every request's first stage before any
   * final one (its ResponseComplete, with its code): a cluster busier than the limit, whose final stages all come.
   */
  const opensThenCompletes = (name: string, copies: number): { file: string; requests: number } => {
    const events = readLines(AUDIT2RBAC_V1).map((l) => JSON.parse(l) as Line & Record<string, unknown>);
    const copied = Array.from({ length: copies }, (_, c) => events.map((e) => ({ ...e, auditID: `${e.auditID}-${name}-${c}` }))).flat();
    const received = copied.map(({ responseStatus: _code, ...e }) => ({ ...e, stage: 'RequestReceived' }));
    const file = path.join(dir, `${name}.log`);
    writeFileSync(file, [...received, ...copied].map((e) => JSON.stringify(e)).join('\n') + '\n');
    return { file, requests: copied.length };
  };
  const settings = (logs: string[], extra: Partial<AnalyzeSettings> = {}): AnalyzeSettings => ({
    logs,
    kubernetesVersion: '1.33',
    selection: { includeSystem: true },
    parallelMinBytes: 0,
    // As the CLI and the Action tell them: merge reads a log under two selections once.
    identifyInputs: true,
    ...extra,
  });
  const run = async (logs: string[], extra: Partial<AnalyzeSettings> = {}): Promise<{ report: Report; warnings: string[] }> => {
    const warnings: string[] = [];
    const report = await analyzeLogs(settings(logs, { ...extra, onWarning: (w) => warnings.push(w) }));
    return { report, warnings };
  };

  it('final stages that came after the limit counted their requests: counted, said with --max-in-flight, not said missing from the log; the same on every path', async () => {
    const { file, requests } = opensThenCompletes('busy', 4);
    const limit = 100;
    const whole = await run([file]);
    expect(whole.report.summary.requests).toBe(requests);
    expect(whole.report.summary.countedEarly).toBeUndefined();
    expect(whole.warnings.filter((w) => w.includes('in flight'))).toStrictEqual([]);
    const runs = [];
    const threads: number[] = [];
    for (const fast of [true, false]) for (const jobs of [1, 2]) runs.push(await run([file], { manyOpenAt: limit, fast, jobs, onThreads: (n) => threads.push(n) }));
    // Two jobs split the log, reach the limit in the replay, and read it again on one thread.
    expect(threads).toStrictEqual([1, 1]);
    for (const r of runs) {
      expect(r.report).toStrictEqual(runs[0].report);
      expect(r.warnings).toStrictEqual(runs[0].warnings);
    }
    const { report, warnings } = runs[0];
    // The oldest counted early each time another opened past the limit; each one's final stage came, and was dropped.
    expect(report.summary.requests).toBe(requests);
    expect(report.summary).toMatchObject({ countedEarly: requests - limit, finalStagesDropped: requests - limit });
    const unknown = report.operations.reduce((n, op) => n + (op.codes.unknown ?? 0), 0);
    expect(unknown).toBe(requests - limit);
    expect(whole.report.operations.some((op) => op.codes.unknown !== undefined)).toBe(false);
    // Said once, when the logs are read, with what it cost and how to keep them; the log is not blamed.
    const said = warnings.filter((w) => w.includes('in flight'));
    expect(said).toStrictEqual([
      `100 requests were in flight at once, the limit: to bound memory, ${requests - limit} requests were counted early, with the stages they had; ` +
        `${requests - limit} of their final stages (ResponseComplete or Panic) came later and were dropped, with the response codes and deprecation annotations they carried: ` +
        RAISE,
    ]);
    expect(unknown * 10).toBeGreaterThan(report.summary.matched);
    expect(missingFinalStages(report)).toBeNull();
    // The Action has no such input: it names the CLI's option.
    const action = await run([file], { manyOpenAt: limit, surface: 'action' });
    expect(action.warnings.filter((w) => w.includes('in flight'))[0]).toContain('apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (the Action keeps the default)');
  });

  it('merged reports add up what the limit cost, of each log once', async () => {
    const a = opensThenCompletes('merge-a', 3);
    const b = opensThenCompletes('merge-b', 2);
    const [ra, rb] = [(await run([a.file], { manyOpenAt: 50 })).report, (await run([b.file], { manyOpenAt: 50 })).report];
    expect(ra.summary).toMatchObject({ countedEarly: a.requests - 50, finalStagesDropped: a.requests - 50 });
    expect(rb.summary).toMatchObject({ countedEarly: b.requests - 50, finalStagesDropped: b.requests - 50 });
    const merged = mergeReports([ra, rb]);
    expect(merged.summary).toMatchObject({ countedEarly: a.requests + b.requests - 100, finalStagesDropped: a.requests + b.requests - 100 });
    // One log under two selections: read once.
    const other = (await run([a.file], { manyOpenAt: 50, selection: { includeSystem: false } })).report;
    expect(mergeReports([ra, other]).summary).toMatchObject({ countedEarly: a.requests - 50 });
    // A report whose reading never reached the limit adds nothing, and one alone says none.
    const free = (await run([b.file])).report;
    expect(mergeReports([ra, free]).summary).toMatchObject({ countedEarly: a.requests - 50, finalStagesDropped: a.requests - 50 });
    expect(mergeReports([free, free]).summary.countedEarly).toBeUndefined();
  });

  /**
   * Long watches and many short requests: `watches` copies of a real event made a watch, at ResponseStarted (with its
   * code), then more requests than the window of completed IDs remembers (a real discovery event, each completing at
   * once), then each watch's ResponseComplete.
   */
  const watchesOutlived = (name: string, watches: number): { file: string; short: number } => {
    const events = readLines(AUDIT2RBAC_V1).map((l) => JSON.parse(l) as Line & { verb: string; requestURI: string } & Record<string, unknown>);
    const real = events.find((e) => e.verb === 'list')!;
    const watch = { ...real, verb: 'watch', requestURI: `${real.requestURI}?watch=true` };
    const get = events.find((e) => e.verb === 'get')!;
    const short = 2 * RECENTLY_COMPLETED + 10;
    const ids = Array.from({ length: watches }, (_, w) => `${watch.auditID}-${name}-${w}`);
    const lines = [
      ...ids.map((auditID) => JSON.stringify({ ...watch, auditID, stage: 'ResponseStarted' })),
      ...Array.from({ length: short }, (_, n) => JSON.stringify({ ...get, auditID: `${get.auditID}-${name}-${n}` })),
      ...ids.map((auditID) => JSON.stringify({ ...watch, auditID, stage: 'ResponseComplete' })),
    ];
    const file = path.join(dir, `${name}.log`);
    writeFileSync(file, lines.join('\n') + '\n');
    return { file, short };
  };
  const watchHits = (r: Report): number => r.operations.filter((op) => op.verbs.watch !== undefined).reduce((n, op) => n + op.hits, 0);

  it('a watch counted early whose final stage comes after the window of completed IDs: still known, its final stage dropped, not counted again', async () => {
    const { file, short } = watchesOutlived('outlived', 10);
    const whole = (await run([file])).report;
    expect([whole.summary.requests, watchHits(whole)]).toStrictEqual([short + 10, 10]);
    const runs = [];
    for (const jobs of [1, 2]) runs.push(await run([file], { manyOpenAt: 5, jobs }));
    expect(runs[1].report).toStrictEqual(runs[0].report);
    const { report, warnings } = runs[0];
    expect(report.summary.requests).toBe(short + 10);
    expect(watchHits(report)).toBe(10);
    expect(report.summary).toMatchObject({ countedEarly: 5, finalStagesDropped: 5 });
    expect(report.summary.countedEarlyForgotten).toBeUndefined();
    expect(warnings.filter((w) => w.includes('in flight'))).toStrictEqual([
      '5 requests were in flight at once, the limit: to bound memory, 5 requests were counted early, with the stages they had; ' +
        '5 of their final stages (ResponseComplete or Panic) came later and were dropped, with the response codes and deprecation annotations they carried: ' +
        RAISE,
    ]);
  });

  it('more requests counted early awaiting their final stage past the window than the limit: the others forgotten, counted, and the figures said as bounds', async () => {
    const { file, short } = watchesOutlived('forgotten', 20);
    const { report, warnings } = await run([file], { manyOpenAt: 5, jobs: 1 });
    // 15 counted early, 5 of them remembered: the final stages of the other 10 are taken for requests of their own.
    expect(report.summary).toMatchObject({ requests: short + 30, countedEarly: 15, finalStagesDropped: 5, countedEarlyForgotten: 10 });
    expect(watchHits(report)).toBe(30);
    expect(warnings.filter((w) => w.includes('in flight'))).toStrictEqual([
      countedEarlyWarning({ at: 5, countedEarly: 15, finalsDropped: 5, forgotten: 10 }, raiseInFlightLimit(undefined)),
    ]);
    expect(warnings.find((w) => w.includes('in flight'))).toContain(
      '; at least 5 of their final stages (ResponseComplete or Panic) came later and were dropped, with the response codes and deprecation annotations they carried: ' +
        `${RAISE}; ` +
        'those still without a final stage after 100,000 more requests completed were forgotten past the 5 kept that long, ' +
        'and up to 10 of their final stages may have come later and been counted as requests of their own, so requests may count up to 10 too many; ' +
        'the final stages of at most the other 10 never came',
    );
    // Merged, each log once.
    const merged = mergeReports([report, (await run([file], { manyOpenAt: 5, jobs: 1, selection: { includeSystem: false } })).report]);
    expect(merged.summary).toMatchObject({ countedEarly: 15, finalStagesDropped: 5, countedEarlyForgotten: 10 });
  });

  it('first stages only, past the window (a policy without ResponseComplete): requests counted early are forgotten, but with no final stage alone after, the figures stay exact', async () => {
    const get = readLines(AUDIT2RBAC_V1)
      .map((l) => JSON.parse(l) as Line & { verb: string } & Record<string, unknown>)
      .find((e) => e.verb === 'get')!;
    const n = 2 * RECENTLY_COMPLETED + 10;
    const file = path.join(dir, 'first-only.log');
    writeFileSync(file, Array.from({ length: n }, (_, k) => JSON.stringify({ ...get, auditID: `${get.auditID}-first-${k}`, stage: 'RequestReceived' })).join('\n') + '\n');
    const { report, warnings } = await run([file], { manyOpenAt: 5, jobs: 1 });
    expect(report.summary).toMatchObject({ requests: n, countedEarly: n - 5, finalStagesDropped: 0 });
    expect(report.summary.countedEarlyForgotten).toBeUndefined();
    expect(warnings.filter((w) => w.includes('in flight'))).toStrictEqual([
      `5 requests were in flight at once, the limit: to bound memory, ${(n - 5).toLocaleString('en-US')} requests were counted early, with the stages they had; ` +
        'none of their final stages came: does the audit policy omit ResponseComplete, or were the logs cut off?',
    ]);
  });
});

describe('the limit on the text requests in flight hold', () => {
  const dir = scratchDir('many-open-text');
  const list = readLines(AUDIT2RBAC_V1)
    .map((l) => JSON.parse(l) as Line & { verb: string; requestURI: string } & Record<string, unknown>)
    .find((e) => e.verb === 'list')!;
  /**
   * A real list made `n` requests of their own, their query padded to URIs of 1,200 characters (a line of under 2 KB,
   * held undecoded) and 3,000 (decoded) in turn. Each opens (RequestReceived), and the one opened `window` before it
   * then completes (ResponseComplete, with its code): at most window + 1 in flight at once. The last `window` never do.
   */
  const longURIs = (n: number, window: number): string[] => {
    const requests = Array.from({ length: n }, (_, k) => {
      const uri = `${list.requestURI}?labelSelector=app%3D${k}`;
      return { ...list, auditID: `${list.auditID}-long-${k}`, requestURI: uri.padEnd(k % 2 === 0 ? 1200 : 3000, 'x') };
    });
    return requests.flatMap(({ responseStatus: _code, ...e }, k) => [
      JSON.stringify({ ...e, stage: 'RequestReceived' }),
      ...(k >= window ? [JSON.stringify(requests[k - window])] : []),
    ]);
  };
  /** The real RequestReceived lines of the 2017 log (320), and the v1 log's events made such (37). */
  const realFirstStages = [
    ...readLines(AUDIT2RBAC_2017).filter((l) => l.includes('"stage":"RequestReceived"')),
    ...readLines(AUDIT2RBAC_V1).map((l) => l.replace('"stage":"ResponseComplete"', '"stage":"RequestReceived"')),
  ];

  /** The lines through the assembler as the fast path gives them (short first stages undecoded), checked after each. */
  const assemble = (lines: string[], at: number): { manyOpen: ManyOpen; told: string[]; emitted: string[]; overText: number } => {
    const told: string[] = [];
    const manyOpen = manyOpenWarner((w) => told.push(w), at);
    const emitted: string[] = [];
    const assembler = new RequestAssembler((r) => emitted.push(r.auditID), manyOpen);
    let overText = 0;
    for (const l of lines) {
      const bytes = Buffer.from(l);
      const ev = scanLine(bytes, 0, bytes.length)!;
      if ('deferred' in ev) assembler.addDeferred(ev);
      else assembler.add(ev);
      // Both limits hold after every event; one request alone is held whatever its text.
      expect(assembler.inFlight).toBeLessThanOrEqual(at);
      if (assembler.inFlightText > manyOpen.text && assembler.inFlight > 1) overText++;
    }
    assembler.flush();
    // What completed, was counted early or flushed holds nothing any more.
    expect(assembler.inFlightText).toBe(0);
    return { manyOpen, told, emitted, overText };
  };

  it('bounds the text held as well as the requests: past either, the oldest is counted early; the real logs reach the limit on requests first', () => {
    const lines = longURIs(60, 60);
    expect(lines.some((l) => Buffer.byteLength(l) <= STUB_MAX_BYTES) && lines.some((l) => Buffer.byteLength(l) > STUB_MAX_BYTES)).toBe(true);
    const at = 20;
    const long = assemble(lines, at);
    expect(long.overText).toBe(0);
    // 20 requests may hold 20 KB of text: about 9 of these do; never 20 at once.
    expect(long.manyOpen.text).toBe(20_000);
    expect(long.manyOpen.countedEarly).toBeGreaterThan(40);
    expect(long.manyOpen.countedForText).toBe(long.manyOpen.countedEarly);
    // The oldest each time, and every request once.
    expect(long.emitted).toStrictEqual(lines.map((l) => (JSON.parse(l) as Line).auditID));
    // Told when the text of the requests' events, as the reference path decodes them, first passed the limit: the
    // undecoded ones weighed the same.
    let held = 0;
    const first = lines.findIndex((l) => (held += heldText(toAuditEvent(JSON.parse(l)) as Request)) > 20_000);
    expect(long.told).toStrictEqual([manyOpenWarning(first + 1, 20_000)]);
    expect(long.told[0]).toContain('and the text they hold (request URIs, user agents) has passed 20 KB, the limit');
    // Completing as they go, at most 16 in flight: the text alone passes its limit.
    const windowed = assemble(longURIs(60, 15), at);
    expect(windowed.overText).toBe(0);
    expect(windowed.manyOpen.countedForText).toBeGreaterThan(20);
    expect(windowed.manyOpen.countedForText).toBe(windowed.manyOpen.countedEarly);
    expect(new Set(windowed.emitted).size).toBe(60);
    // Requests of the usual URIs: the limit on their number comes first, at whatever limit.
    for (const limit of [1, 10, 100]) {
      const real = assemble(realFirstStages, limit);
      expect(real.manyOpen.countedEarly).toBe(realFirstStages.length - limit);
      expect(real.manyOpen.countedForText).toBe(0);
      expect(real.told).toStrictEqual([manyOpenWarning(limit)]);
    }
  });

  /** The report, warnings and threads of every path: fast (WebAssembly, lines left to JS deferred) and reference, one job and two. */
  const everyPath = async (file: string, at: number): Promise<Array<{ report: Report; warnings: string[]; deferred: number; threads: number[] }>> => {
    const runs = [];
    for (const fast of [true, false]) {
      for (const jobs of [1, 2]) {
        const deferred = vi.spyOn(RequestAssembler.prototype, 'addDeferred');
        const warnings: string[] = [];
        const threads: number[] = [];
        const report = await analyzeLogs({
          logs: [file],
          kubernetesVersion: '1.33',
          selection: { includeSystem: true },
          parallelMinBytes: 0,
          manyOpenAt: at,
          fast,
          jobs,
          onThreads: (w) => threads.push(w),
          onWarning: (w) => warnings.push(w),
        });
        runs.push({ report, warnings, deferred: deferred.mock.calls.length, threads });
        deferred.mockRestore();
      }
    }
    return runs;
  };

  it('said once the logs are read, with which limit was passed; the same report on one job, two and the reference path', async () => {
    // At most 16 requests in flight at once, below the limit of 20, holding more than its 20 KB of text.
    const n = 120;
    const window = 15;
    const file = path.join(dir, 'long-uris.log');
    writeFileSync(file, longURIs(n, window).join('\n') + '\n');
    const runs = await everyPath(file, 20);
    // Two jobs split the log, pass the limit on text in the replay, and read it again on one thread.
    expect(runs.flatMap((r) => r.threads)).toStrictEqual([1, 1]);
    for (const r of runs) expect({ report: r.report, warnings: r.warnings }).toStrictEqual({ report: runs[0].report, warnings: runs[0].warnings });
    const { summary } = runs[0].report;
    expect(summary.requests).toBe(n);
    // The oldest in flight counted early whenever the text passed the limit, each one's final stage dropped when it came.
    const early = summary.countedEarly!;
    expect(early).toBeGreaterThan((n - window) / 2);
    expect(summary.finalStagesDropped).toBeGreaterThan(early - window);
    const dropped = summary.finalStagesDropped!;
    const never = early - dropped;
    expect(runs[0].warnings.filter((w) => w.includes('in flight'))).toStrictEqual([
      `the requests in flight held more than 20 KB of text at once (request URIs, user agents), the limit for 20 of them: to bound memory, ${early} requests were counted early, with the stages they had; ` +
        `${dropped} of their final stages (ResponseComplete or Panic) came later and were dropped, with the response codes and deprecation annotations they carried: ` +
        `${RAISE}; the final stages of the other ${never} never came: does the audit policy omit ResponseComplete, or were the logs cut off?`,
    ]);
  });

  it('weighs a request by the text its event holds, however it was read: a first stage held undecoded weighs no more for its request body; the same report on every path', async () => {
    // 18 in flight at most, under the limit of 20: their events hold about 7 KB of text, their lines 32 KB, past its 20 KB.
    const n = 150;
    const window = 17;
    const lines = withBodies(n, window, 0, 1900);
    const firsts = lines.filter((l) => l.includes('"stage":"RequestReceived"'));
    expect(firsts.every((l) => Buffer.byteLength(l) === 1900)).toBe(true);
    const file = path.join(dir, 'bodies.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const runs = await everyPath(file, 20);
    // The fast path gave the assembler the first stages of eight groups undecoded (one thread: the two jobs' replay
    // gives up at the bound it sums, and one thread reads again), the reference path none.
    expect(runs.map((r) => r.deferred > 0)).toStrictEqual([true, true, false, false]);
    for (const r of runs) expect({ report: r.report, warnings: r.warnings }).toStrictEqual({ report: runs[0].report, warnings: runs[0].warnings });
    // No limit was passed: every request whose final stage came kept its code; the last `window` never completed.
    const { report, warnings } = runs[0];
    expect(report.summary.requests).toBe(n);
    expect(report.summary.countedEarly).toBeUndefined();
    expect(report.operations.reduce((u, op) => u + (op.codes.unknown ?? 0), 0)).toBe(window);
    expect(warnings.filter((w) => w.includes('in flight'))).toStrictEqual([]);
  });

  it('past the limit on text, the requests counted early are the same on every path, first stages held undecoded or not', async () => {
    // URIs of 1,100 characters: 18 in flight hold some 22 KB of text, past the limit of 20 KB; their lines under 2 KB.
    const n = 150;
    const lines = withBodies(n, 17, 1100, 2040);
    expect(lines.every((l) => Buffer.byteLength(l) <= STUB_MAX_BYTES)).toBe(true);
    const file = path.join(dir, 'bodies-long-uris.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const runs = await everyPath(file, 20);
    expect(runs[0].deferred).toBeGreaterThan(0);
    for (const r of runs) expect({ report: r.report, warnings: r.warnings }).toStrictEqual({ report: runs[0].report, warnings: runs[0].warnings });
    const { summary } = runs[0].report;
    expect(summary.requests).toBe(n);
    expect(summary.countedEarly).toBeGreaterThan(n / 2);
    expect(runs[0].warnings.filter((w) => w.includes('in flight'))[0]).toContain('the requests in flight held more than 20 KB of text at once');
  });
});
