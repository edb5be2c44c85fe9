// The cap on unmatched patterns listed apart (MAX_UNMATCHED_PATTERNS): the first 10,000 in a fixed order, the rest
// counted in an "(other patterns)" row per reason and verb; the same report whatever the order of the input, threads
// or shards, and whether the parts are merged as reports (`apisnoop merge`) or as a worker's coverage (absorb).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Analysis } from '../../src/engine/analysis.js';
import type { Request } from '../../src/engine/audit.js';
import { Coverage, MAX_UNMATCHED_PATTERNS, sortUnmatched, unmatchedKey, unmatchedOrder, type UnmatchedPart } from '../../src/engine/coverage.js';
import { capUnmatched, mergeReports } from '../../src/engine/merge.js';
import type { MatchResult } from '../../src/engine/operation-index.js';
import { OTHER_PATTERNS, OTHER_VERBS, shownVerb, type Report, type Unmatched, type UnmatchedReason } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { analyzeFiles, analyzeLines, loadFixtureSpec, scratchDir } from '../helpers/fixtures.js';
import { sections } from '../helpers/markdown-check.js';
import { shuffled } from '../helpers/shuffle.js';
import { oneAndTwoThreads } from '../helpers/threads.js';

// ---------------------------------------------------------------------------------------------------------------
// Coverage itself, with a small cap: what it keeps is what a plain count of everything, then a cut, gives.

interface Hit {
  reason: UnmatchedReason;
  verb: string;
  pattern: string;
  agent: string;
}

const hit: fc.Arbitrary<Hit> = fc.record({
  reason: fc.constantFrom<UnmatchedReason>('non-resource-url', 'unknown-group-version', 'method-not-allowed', 'malformed-uri'),
  // frob and x-y: verbs no API server writes, whose folded patterns share one (other verbs) row per reason.
  verb: fc.constantFrom('get', 'list', 'create', 'frob', 'x-y'),
  pattern: fc.constantFrom('/a', '/b', '/c', '/d', '/e', '/f', '/g', OTHER_PATTERNS),
  agent: fc.constantFrom('x', 'y', 'z'),
});

const matchOf = (h: Hit): MatchResult =>
  h.reason === 'unknown-group-version' ? { reason: h.reason, pattern: h.pattern, api: { group: 'g.example.com', version: 'v1', resource: 'widgets' } } : { reason: h.reason, pattern: h.pattern };
const requestOf = (h: Hit): Request => ({ verb: h.verb, userAgent: `${h.agent}/v1` }) as Request;

/** The expected list, counted the slow way: every pattern apart, then all but the first `cap` in order folded. */
function expectedList(hits: Hit[], cap: number): Array<Pick<Unmatched, 'pattern' | 'verb' | 'reason' | 'count' | 'userAgents'>> {
  const all = new Map<string, { pattern: string; verb: string; reason: UnmatchedReason; count: number; agents: Set<string> }>();
  for (const h of hits) {
    // A verb no API server writes is listed by its length (shownVerb), as Coverage lists it.
    const verb = shownVerb(h.verb);
    const k = unmatchedKey(h.reason, verb, h.pattern);
    const g = all.get(k) ?? { pattern: h.pattern, verb, reason: h.reason, count: 0, agents: new Set<string>() };
    g.count++;
    g.agents.add(`${h.agent}/v1`);
    all.set(k, g);
  }
  const patterns = [...all.values()].filter((g) => g.pattern !== OTHER_PATTERNS).sort(unmatchedOrder);
  const kept = patterns.slice(0, cap);
  const others = new Map<string, { pattern: string; verb: string; reason: UnmatchedReason; count: number; agents: Set<string> }>();
  for (const g of [...patterns.slice(cap), ...[...all.values()].filter((x) => x.pattern === OTHER_PATTERNS)]) {
    const verb = ['get', 'list', 'create'].includes(g.verb) ? g.verb : OTHER_VERBS;
    const k = unmatchedKey(g.reason, verb, OTHER_PATTERNS);
    const o = others.get(k) ?? { pattern: OTHER_PATTERNS, verb, reason: g.reason, count: 0, agents: new Set<string>() };
    o.count += g.count;
    for (const a of g.agents) o.agents.add(a);
    others.set(k, o);
  }
  return sortUnmatched([...kept, ...others.values()].map((g) => ({ pattern: g.pattern, verb: g.verb, reason: g.reason, count: g.count, userAgents: [...g.agents].sort() })));
}

const brief = (list: Unmatched[]) => list.map(({ pattern, verb, reason, count, userAgents }) => ({ pattern, verb, reason, count, userAgents }));

function covered(hits: Hit[], cap: number): Coverage {
  const c = new Coverage(cap);
  for (const h of hits) c.add(requestOf(h), matchOf(h));
  return c;
}

describe('Coverage lists the first maxPatterns unmatched patterns in order, the rest as (other patterns)', () => {
  it('made-up verbs past the cap share one row per reason: a crafted log cannot grow the rows without bound', () => {
    const hits: Hit[] = Array.from({ length: 5000 }, (_, i) => ({ reason: 'non-resource-url', verb: `verb-${i}`, pattern: `/junk/${i}`, agent: 'x' }));
    hits.push({ reason: 'non-resource-url', verb: 'get', pattern: '/zzz', agent: 'y' });
    const list = covered(hits, 10).unmatchedList();
    expect(list.filter((u) => u.pattern !== OTHER_PATTERNS)).toHaveLength(10);
    expect(brief(list.filter((u) => u.pattern === OTHER_PATTERNS))).toEqual([
      { pattern: OTHER_PATTERNS, verb: OTHER_VERBS, reason: 'non-resource-url', count: 4990, userAgents: ['x/v1'] },
      { pattern: OTHER_PATTERNS, verb: 'get', reason: 'non-resource-url', count: 1, userAgents: ['y/v1'] },
    ].sort((a, b) => (a.verb < b.verb ? -1 : 1)));
  });

  it('whatever the order of the requests, and summed from parts (as worker threads give them)', () => {
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 120 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(2), { maxLength: 120 }), (hits, cap, shard) => {
        const expected = expectedList(hits, cap);
        expect(brief(covered(hits, cap).unmatchedList())).toStrictEqual(expected);
        expect(brief(covered([...hits].reverse(), cap).unmatchedList())).toStrictEqual(expected);
        // Three parts, each past the cap on its own, copied as another thread gets them.
        const parts = [0, 1, 2].map((p) => covered(hits.filter((_, i) => (shard[i] ?? 0) === p), cap));
        const whole = new Coverage(cap);
        for (const p of parts) whole.absorb(structuredClone({ matched: 0, unmatched: p.unmatched, operations: new Map(), unmatchedGroups: p.unmatchedGroups as Map<string, UnmatchedPart>, e2eReleases: new Map() }));
        expect(brief(whole.unmatchedList())).toStrictEqual(expected);
        expect(whole.unmatched).toBe(hits.length);
        // And as merge cuts the parts' lists.
        const merged = new Map<string, Unmatched>();
        for (const p of parts) {
          for (const u of p.unmatchedList()) {
            const k = unmatchedKey(u.reason, u.verb, u.pattern);
            const prev = merged.get(k);
            merged.set(k, prev ? { ...prev, count: prev.count + u.count, userAgents: [...new Set([...prev.userAgents, ...u.userAgents])].sort() } : u);
          }
        }
        expect(brief(sortUnmatched(capUnmatched(merged.values(), cap)))).toStrictEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the API reasons first, and a group evicted by a smaller pattern keeps its count in (other patterns)', () => {
    const hits: Hit[] = [
      ...['/z', '/y', '/x'].flatMap((pattern) => [1, 2].map((): Hit => ({ reason: 'non-resource-url', verb: 'get', pattern, agent: pattern.slice(1) }))),
      { reason: 'unknown-group-version', verb: 'list', pattern: '/apis/g.example.com/v1/w', agent: 'op' },
    ];
    const list = covered(hits, 2).unmatchedList();
    expect(brief(list)).toStrictEqual([
      { pattern: OTHER_PATTERNS, verb: 'get', reason: 'non-resource-url', count: 4, userAgents: ['y/v1', 'z/v1'] },
      { pattern: '/x', verb: 'get', reason: 'non-resource-url', count: 2, userAgents: ['x/v1'] },
      { pattern: '/apis/g.example.com/v1/w', verb: 'list', reason: 'unknown-group-version', count: 1, userAgents: ['op/v1'] },
    ]);
    // The row of other patterns has no group, version or resource; a pattern listed apart keeps them.
    expect(list[0]).not.toHaveProperty('group');
    expect(list[2]).toMatchObject({ group: 'g.example.com', version: 'v1', resource: 'widgets' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Whole analyses at the real cap: junk non-resource URLs (a scanner) and a custom API's requests.

let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.28');
});

interface Req {
  uri: string;
  verb: string;
  agent: string;
}

/** Both stages of each request, one line each; the auditIDs are the request's place in `ids`. */
function logLines(reqs: Req[], first = 0): string[] {
  return reqs.flatMap((r, j) => {
    const i = first + j;
    const id = `${(i * 2654435761) >>> 0}`.padStart(10, '0') + `-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const base = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: id,
      requestURI: r.uri,
      verb: r.verb,
      user: { username: 'system:serviceaccount:x:scanner', groups: ['system:authenticated'] },
      userAgent: r.agent,
      requestReceivedTimestamp: '2026-01-12T09:00:00.000000Z',
    };
    return [JSON.stringify({ ...base, stage: 'RequestReceived' }), JSON.stringify({ ...base, stage: 'ResponseComplete', responseStatus: { code: 404 } })];
  });
}


const scan = (n: number, agent = 'scanner/1.0'): Req => ({ uri: `/scan/${String(n).padStart(5, '0')}`, verb: 'get', agent });
const widgets = (n: number, verb = 'list'): Req => ({ uri: `/apis/mycrd.example.com/v1/namespaces/x/widgets${n}`, verb, agent: 'widget-operator/2.0' });
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

const options = (): ConstructorParameters<typeof Analysis>[0] => ({ spec, selection: { includeSystem: true } });
// What the merge keeps of its reports (their logs, their own counts) is not the whole's.
const withoutInputs = (r: Report): Report => {
  const { parts: _parts, ...rest } = r;
  return { ...rest, inputs: [] };
};
const other = (r: Report, reason: string, verb = 'get'): Unmatched | undefined => r.unmatched.find((u) => u.pattern === OTHER_PATTERNS && u.reason === reason && u.verb === verb);

// a: /scan/00000-05299 (00000-00299 from two programs) and widgets 0-19 (list); b: /scan/04700-09999 and widgets
// 10-29 (list, get): 10,000 junk patterns, 600 of them in both, and 50 of the custom API: 10,050 in all, 5,320 and
// 5,340 each.
const a = shuffled([...range(0, 5300).map((n) => scan(n)), ...range(0, 20).map((n) => widgets(n)), ...range(0, 300).map((n) => scan(n, 'other-scanner/3'))], 11);
const b = shuffled([...range(4700, 10_000).map((n) => scan(n)), ...range(10, 30).map((n) => widgets(n)), ...range(10, 30).map((n) => widgets(n, 'get'))], 12);

describe(`analyze lists the first ${MAX_UNMATCHED_PATTERNS} unmatched patterns in order, whatever the order of the input`, () => {
  it('the custom API first, then the smallest junk URLs; the rest counted exactly in (other patterns)', () => {
    const r = analyzeLines([...logLines(a), ...logLines(b, a.length)], options());
    const patterns = r.unmatched.filter((u) => u.pattern !== OTHER_PATTERNS);
    expect(patterns).toHaveLength(MAX_UNMATCHED_PATTERNS);
    const api = patterns.filter((u) => u.reason === 'unknown-group-version');
    // Every one of the custom API's 50 (pattern, verb) groups, with its group/version/resource.
    expect(api).toHaveLength(50);
    expect(api.find((u) => u.pattern.endsWith('/widgets15') && u.verb === 'list')).toMatchObject({ group: 'mycrd.example.com', version: 'v1', resource: 'widgets15', count: 2 });
    // The junk URLs listed are the smallest 9,950; the other 50 (/scan/09950-09999) are one row, with their callers.
    const scans = patterns.filter((u) => u.reason === 'non-resource-url').map((u) => u.pattern);
    expect(scans).toHaveLength(MAX_UNMATCHED_PATTERNS - 50);
    expect(scans.sort().at(-1)).toBe('/scan/09949');
    expect(other(r, 'non-resource-url')).toStrictEqual({ pattern: OTHER_PATTERNS, verb: 'get', reason: 'non-resource-url', count: 50, userAgents: ['scanner/1.0'], users: ['system:serviceaccount:x:scanner'] });
    expect(r.unmatched).toHaveLength(MAX_UNMATCHED_PATTERNS + 1);
    expect(r.unmatched.reduce((n, u) => n + u.count, 0)).toBe(r.summary.unmatched);
    expect(r.summary.unmatched).toBe(a.length + b.length);
    // /scan/00000-00299 came from two programs and twice; the overlap of a and b twice.
    expect(r.unmatched.find((u) => u.pattern === '/scan/00042')).toMatchObject({ count: 2, userAgents: ['other-scanner/3', 'scanner/1.0'] });
    expect(r.unmatched.find((u) => u.pattern === '/scan/05000')).toMatchObject({ count: 2, userAgents: ['scanner/1.0'] });
  });

  it('forward or reversed, file order either way: the same report', async () => {
    const lines = [...logLines(a), ...logLines(b, a.length)];
    const forward = analyzeLines(lines, options(), 'all.log');
    // Reversed request by request (each request's stages keep their order).
    const pairs = range(0, lines.length / 2).map((i) => lines.slice(2 * i, 2 * i + 2));
    expect(analyzeLines(pairs.reverse().flat(), options(), 'all.log')).toStrictEqual(forward);
    const dir = scratchDir('unmatched-cap');
    const fa = path.join(dir, 'a.log');
    const fb = path.join(dir, 'b.log');
    writeFileSync(fa, logLines(a).join('\n') + '\n');
    writeFileSync(fb, logLines(b, a.length).join('\n') + '\n');
    const ab = await analyzeFiles([fa, fb], options());
    const ba = await analyzeFiles([fb, fa], options());
    expect(ab.inputs).toStrictEqual([fa, fb]);
    expect(withoutInputs(ba)).toStrictEqual(withoutInputs(ab));
    expect(withoutInputs(ab)).toStrictEqual(withoutInputs(forward));
  });

  it('merge(analyze(a), analyze(b)) equals analyze(a+b), though neither part reaches the cap alone', () => {
    const ra = analyzeLines(logLines(a), options(), 'a.log');
    const rb = analyzeLines(logLines(b, a.length), options(), 'b.log');
    // Below the cap each: every pattern listed, no row of other patterns.
    expect(ra.unmatched.some((u) => u.pattern === OTHER_PATTERNS)).toBe(false);
    expect(rb.unmatched).toHaveLength(5340);
    const whole = analyzeLines([...logLines(a), ...logLines(b, a.length)], options(), 'a.log');
    const merged = mergeReports([ra, rb]);
    expect(merged.unmatched).toHaveLength(MAX_UNMATCHED_PATTERNS + 1);
    const { parts, ...kept } = merged;
    expect(parts!.map((p) => p.name)).toEqual(['report 1 (a.log)', 'report 2 (b.log)']);
    expect({ ...kept, inputs: whole.inputs }).toStrictEqual(whole);
    expect(JSON.stringify({ ...kept, inputs: whole.inputs })).toBe(JSON.stringify(whole));
    expect(withoutInputs(mergeReports([rb, ra]))).toStrictEqual(withoutInputs(whole));
    // Merging the merged report again (a fan-in of fan-ins) changes nothing.
    expect(withoutInputs(mergeReports([merged]))).toStrictEqual(withoutInputs(whole));
  });

  it('merge past the cap in each part: the parts fold different patterns, the merged report folds as the whole does', () => {
    // c: /scan/10000-21999 (12,000: past the cap alone); d: /scan/00000-11999 and the custom API.
    const c = shuffled(range(10_000, 22_000).map((n) => scan(n)), 13);
    const d = shuffled([...range(0, 12_000).map((n) => scan(n, 'd/1')), ...range(0, 30).map((n) => widgets(n))], 14);
    const rc = analyzeLines(logLines(c), options(), 'c.log');
    const rd = analyzeLines(logLines(d, c.length), options(), 'd.log');
    expect(other(rc, 'non-resource-url')?.count).toBe(2000);
    const whole = analyzeLines([...logLines(d, c.length), ...logLines(c)], options(), 'c.log');
    expect(withoutInputs(mergeReports([rc, rd]))).toStrictEqual(withoutInputs(whole));
    expect(withoutInputs(mergeReports([rd, rc]))).toStrictEqual(withoutInputs(whole));
    // /scan/00000-09969 listed (after the 30 of the custom API); the other 12,030 junk patterns one row: 14,030 requests
    // (10000-11999 came in both).
    expect(other(whole, 'non-resource-url')).toStrictEqual({ pattern: OTHER_PATTERNS, verb: 'get', reason: 'non-resource-url', count: 14_030, userAgents: ['d/1', 'scanner/1.0'], users: ['system:serviceaccount:x:scanner'] });
  });

  it('worker threads over byte ranges (--jobs 2) give the report of one thread, each part past the cap', async () => {
    const reqs = shuffled([...range(0, 24_000).map((n) => scan(n)), ...range(0, 40).map((n) => widgets(n))], 15);
    const file = path.join(scratchDir('unmatched-cap'), 'scan.log');
    writeFileSync(file, logLines(reqs).join('\n') + '\n');
    const { sequential, parallel, outcome } = await oneAndTwoThreads(file, options, spec, 256 << 10);
    expect(outcome.exact).toBe(true);
    // Both threads parsed enough ranges to see more than the cap each (24,040 patterns in all).
    for (const n of outcome.rangesParsed!) expect(n).toBeGreaterThan(10);
    expect(parallel).toStrictEqual(sequential);
    expect(other(sequential, 'non-resource-url')?.count).toBe(24_040 - MAX_UNMATCHED_PATTERNS);
  });
});

describe('report.md files unmatched rows by reason; the headings count patterns and rows of other patterns', () => {
  it('a custom API past the cap: its row of other patterns stays with the API requests', () => {
    // 10,020 resources of the custom API (list) and /healthz twice.
    const reqs = [...range(0, 10_020).map((n) => widgets(n)), { uri: '/healthz', verb: 'get', agent: 'kube-probe/1.28' }, { uri: '/healthz', verb: 'get', agent: 'kube-probe/1.28' }];
    const r = analyzeLines(logLines(reqs), options());
    expect(other(r, 'unknown-group-version', 'list')).toMatchObject({ count: 20 });
    const md = renderMarkdown(r);
    expect(md).toContain(`<summary>Unmatched API requests: custom, aggregated or unknown (10000 patterns and 1 row of other patterns, 10020 requests)</summary>`);
    // /healthz comes after every API pattern in order: folded too, and its section says so.
    expect(md).toContain('<summary>Non-resource URLs and other unmatched requests (0 patterns and 1 row of other patterns, 2 requests)</summary>');
    // The page cuts the long table and says how many rows it left out: shown + left out = patterns + rows of others.
    const api = sections(md).find((s) => s.heading.startsWith('Unmatched API requests'))!;
    expect(api.more).toBeGreaterThan(0);
    expect(api.shown + api.more).toBe(10_001);
  });

  it('junk URLs past the cap stay with the non-resource URLs; the API section keeps its counts', () => {
    const r = analyzeLines([...logLines(a), ...logLines(b, a.length)], options());
    const md = renderMarkdown(r);
    expect(md).toContain('<summary>Unmatched API requests: custom, aggregated or unknown (50 patterns, 60 requests)</summary>');
    expect(md).toContain(`<summary>Non-resource URLs and other unmatched requests (9950 patterns and 1 row of other patterns, ${a.length + b.length - 60} requests)</summary>`);
  });

  it('a method not allowed goes with the API requests when its path is an API path, its row of other patterns with the rest', () => {
    const r = analyzeLines(logLines([{ uri: '/api/v1/namespaces/x/pods', verb: 'update', agent: 'a/1' }, { uri: '/version', verb: 'create', agent: 'a/1' }]), options());
    expect(r.unmatched.map((u) => [u.pattern, u.reason, u.group])).toStrictEqual([
      ['/api/v1/namespaces/{namespace}/pods', 'method-not-allowed', ''],
      ['/version', 'method-not-allowed', undefined],
    ]);
    const folded: Report = { ...r, unmatched: [...r.unmatched, { pattern: OTHER_PATTERNS, verb: 'update', reason: 'method-not-allowed', count: 3, userAgents: ['a/1'] }] };
    const md = renderMarkdown(folded);
    expect(md).toContain('<summary>Unmatched API requests: custom, aggregated or unknown (1 pattern, 1 request)</summary>');
    expect(md).toContain('<summary>Non-resource URLs and other unmatched requests (1 pattern and 1 row of other patterns, 4 requests)</summary>');
  });
});
