// A user-agents filter of the name the report lists selects what it lists: `(none)` the requests that came without a
// user agent, and the first word of one written with a leading space (as userAgentFilterName names it) its requests,
// on one thread or several. Expected requests are counted from the lines of the derived log.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report, Selection } from '../../src/engine/report.js';
import { type LeftOut, leftOutText, NO_USER_AGENT, userAgentFilterName } from '../../src/engine/select.js';
import type { Spec } from '../../src/engine/spec.js';
import { deriveUserAgentLog, HELM, SPACED_KUBECTL } from '../helpers/derived-logs.js';
import { analyzeLines, loadFixtureSpec, scratchDir, specPath } from '../helpers/fixtures.js';
import { countsOf } from '../helpers/left-out.js';

const lines = deriveUserAgentLog();
const file = path.join(scratchDir('select-user-agent'), 'user-agents.log');
writeFileSync(file, lines.join('\n') + '\n');

interface Raw {
  auditID: string;
  userAgent?: string;
}
/** The lines of the requests whose user agent (as written in the log) passes `pred`, and how many requests they are. */
function requestsWith(pred: (ua: string | undefined) => boolean): { lines: string[]; requests: number } {
  const kept = lines.filter((l) => pred((JSON.parse(l) as Raw).userAgent));
  return { lines: kept, requests: new Set(kept.map((l) => (JSON.parse(l) as Raw).auditID)).size };
}
const none = requestsWith((ua) => ua === undefined || ua.trim() === '');
const spaced = requestsWith((ua) => ua === SPACED_KUBECTL);
const helm = requestsWith((ua) => ua === HELM);

let spec113: Spec;
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
});

/** Operation and hits, the report's own view of which requests it judged. */
const hitsOf = (r: Report): Array<[string, number]> => r.operations.map((o): [string, number] => [o.operationId, o.hits]).sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** The engine over the log as the CLI reads it; with jobs > 1, split over worker threads (which is checked). */
async function analyzeFile(selection: Partial<Selection>, jobs: number, onNothingSelected?: (left: LeftOut) => void): Promise<Report> {
  let workers = 0;
  const r = await analyzeLogs({ logs: [file], spec: specPath('1.13'), conformance: 'none', selection, jobs, parallelMinBytes: 0, onNothingSelected, onThreads: (n) => (workers = n) });
  expect(workers > 0).toBe(jobs > 1);
  return r;
}

describe('user-agents filters name what the report lists', () => {
  it('the derived log holds requests of each kind: none, blank, a leading space, plain', () => {
    expect([none.requests, spaced.requests, helm.requests]).toEqual([88, 88, 261]);
    expect(requestsWith((ua) => ua === ' ').requests).toBe(44);
  });

  it('(none) selects the requests that came without a user agent or with a blank one, on one thread or several', async () => {
    // The same report as those requests' lines alone, which every selection keeps (no system component among them).
    const alone = analyzeLines(none.lines, { spec: spec113, selection: {} });
    expect(alone.summary.selected).toBe(none.requests);
    for (const jobs of [1, 3]) {
      for (const name of [NO_USER_AGENT, '(NONE)']) {
        const r = await analyzeFile({ userAgents: [name] }, jobs);
        expect(r.summary.selected, `${name}, ${jobs} thread(s)`).toBe(none.requests);
        expect(hitsOf(r)).toEqual(hitsOf(alone));
        // Listed as the filter names them.
        expect(new Set(r.operations.flatMap((o) => o.userAgents))).toEqual(new Set([NO_USER_AGENT]));
      }
    }
  });

  it("a user agent written with a leading space is selected by its first word, the name the report offers, or by what a user types", async () => {
    const alone = analyzeLines(spaced.lines, { spec: spec113, selection: {} });
    const offered = userAgentFilterName(SPACED_KUBECTL);
    for (const jobs of [1, 3]) {
      for (const name of ['kubectl', 'KUBECTL/*', offered, ` ${offered}`]) {
        const r = await analyzeFile({ userAgents: [name] }, jobs);
        expect(r.summary.selected, `${name}, ${jobs} thread(s)`).toBe(spaced.requests);
        expect(hitsOf(r)).toEqual(hitsOf(alone));
      }
    }
    expect(offered).toBe('kubectl/v1.8.0');
  });

  it('the names offered when nothing is selected select the requests they count, each of them', async () => {
    const told: LeftOut[] = [];
    await analyzeFile({ userAgents: ['nobody'] }, 3, (left) => told.push(left));
    const offered = countsOf(told[0]!.userAgents);
    expect(offered).toEqual(new Map([[HELM, helm.requests], [NO_USER_AGENT, none.requests], ['kubectl/v1.8.0', spaced.requests]]));
    expect(leftOutText(told[0]!, false)).toContain(`user agents ${HELM} (${helm.requests}), (none) (${none.requests}), kubectl/v1.8.0 (${spaced.requests})`);
    for (const [name, n] of offered) expect((await analyzeFile({ userAgents: [name] }, 1)).summary.selected, name).toBe(n);
  });
});
