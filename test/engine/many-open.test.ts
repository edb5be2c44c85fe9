// The limit on requests in flight (ManyOpen), on a real log: past it the oldest request in flight is counted early,
// with the stages it has, and any later stage of it is dropped. Checked against the rule written the plain way.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { isFinal, ManyOpen, type Request } from '../../src/engine/audit.js';
import type { Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, HKERMA_CSV, loadFixtureSpec, readLines, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';

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
    expectCodesLost(whole.codes, r.codes, rule.codesLost);
  });

  it('first stages only (a policy without ResponseComplete): counting early or at the end gives the same report', () => {
    // Every event made a RequestReceived one: no request ever completes.
    const firstStages = lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as Line), stage: 'RequestReceived' }));
    const told: number[] = [];
    const limited = analyse(firstStages, 50, told);
    expect(told).toEqual([50]);
    expect(limited.report).toStrictEqual(analyse(firstStages).report);
  });
});
