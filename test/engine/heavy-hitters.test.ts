// The hint of a selection that kept nothing names the most frequent users, user agents and namespaces in bounded
// memory, with true figures: checked against the obvious answer (every key counted) on random streams, split into
// parts as worker threads split a log, and on a log shaped as the scale audit's (a thousand one-off callers, then the
// operator a typo in --namespace meant), built on a real audit event (APISnoop's testdata).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { absorbHeavyHitters, countKey, DISTINCT_CAP, type HeavyHitters, mostFrequent, newHeavyHitters } from '../../src/engine/heavy-hitters.js';
import { type LeftOut, leftOutText } from '../../src/engine/select.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, APISNOOP_TESTDATA, loadFixtureSpec, scratchDir, specPath } from '../helpers/fixtures.js';

/** Every key's true count. */
const truth = (keys: string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

/** What a tally must say of a stream: only true figures, every key above 1/cap of it, the distinct keys counted. */
function checkTally(t: HeavyHitters, keys: string[], cap: number, distinctCap: number): void {
  const all = truth(keys);
  const counted = mostFrequent(t);
  expect(counted.length).toBeLessThanOrEqual(cap);
  for (const c of counted) {
    const real = all.get(c.key)!;
    // A sure count is never more than the truth, and is the truth unless said "at least".
    expect(c.n).toBeGreaterThanOrEqual(1);
    expect(c.n).toBeLessThanOrEqual(real);
    if (!c.atLeast) expect(c.n).toBe(real);
  }
  const have = new Set(counted.map((c) => c.key));
  for (const [k, n] of all) if (n > keys.length / cap) expect(have.has(k), `${k} (${n} of ${keys.length})`).toBe(true);
  expect(t.more).toBe(all.size > distinctCap);
  expect(t.distinct.size).toBe(Math.min(all.size, distinctCap));
}

const tallied = (keys: string[], cap: number, distinctCap: number): HeavyHitters => {
  const t = newHeavyHitters();
  for (const k of keys) countKey(t, k, 1, cap, distinctCap);
  return t;
};

// Skewed streams: a few keys often, many rarely.
const stream = fc.array(fc.oneof({ arbitrary: fc.constantFrom('a', 'b', 'c'), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 60 }).map((i) => `k${i}`), weight: 2 }), { maxLength: 300 });

describe('the tally of who a selection left out', () => {
  it('keeps every key above 1/cap of the stream, with true figures, whatever the order', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (keys, cap, distinctCap) => {
        checkTally(tallied(keys, cap, distinctCap), keys, cap, distinctCap);
      }),
      { numRuns: 3000 },
    );
  });

  it('adds up parts copied as worker threads send them (structured clone), with true figures', () => {
    fc.assert(
      fc.property(fc.array(stream, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (parts, cap, distinctCap) => {
        const whole = newHeavyHitters();
        for (const p of parts) absorbHeavyHitters(whole, structuredClone(tallied(p, cap, distinctCap)), cap, distinctCap);
        checkTally(whole, parts.flat(), cap, distinctCap);
        // And counting on after the parts came.
        const later = ['a', 'z', 'z', 'k1'];
        for (const k of later) countKey(whole, k, 1, cap, distinctCap);
        checkTally(whole, [...parts.flat(), ...later], cap, distinctCap);
      }),
      { numRuns: 3000 },
    );
  });
});

// ---- A log shaped as the scale audit's ----

const template = JSON.parse(readFileSync(path.join(APISNOOP_TESTDATA, 'audit_event.json'), 'utf8')) as Record<string, unknown>;
const OPERATOR = 'system:serviceaccount:my-operator:my-operator';

/** `oneOffs` requests each from a user, user agent and namespace of its own, then `operator` from the operator. */
function leftOutLog(oneOffs: number, operator: number): string[] {
  const event = (i: number, user: string, agent: string, ns: string) =>
    JSON.stringify({
      ...template,
      auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      verb: 'list',
      requestURI: `/api/v1/namespaces/${ns}/configmaps`,
      objectRef: { resource: 'configmaps', namespace: ns, apiVersion: 'v1' },
      user: { username: user, groups: ['system:authenticated'] },
      userAgent: agent,
    });
  return [
    ...Array.from({ length: oneOffs }, (_, i) => event(i, `one-off-${String(i).padStart(5, '0')}`, `tool-${i}/v1`, `tmp-${i}`)),
    ...Array.from({ length: operator }, (_, i) => event(oneOffs + i, OPERATOR, 'my-operator/v2 (linux/amd64)', 'my-operator')),
  ];
}

let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.33');
});

describe('a selection that kept nothing names the callers that made most requests', () => {
  it('the operator after a thousand one-off callers, on one thread or several', async () => {
    const lines = leftOutLog(1000, 5000);
    let left: LeftOut | undefined;
    analyzeLines(lines, { spec, selection: { namespaces: ['my-opertor'] }, onNothingSelected: (l) => (left = l) });
    const text = leftOutText(left!, false);
    expect(text).toBe(
      `the requests read are by users ${OPERATOR} (5000), one-off-00001 (1), one-off-00002 (1), one-off-00003 (1), one-off-00004 (1) and 996 more; ` +
        'user agents my-operator/v2 (5000), tool-1/v1 (1), tool-10/v1 (1), tool-100/v1 (1), tool-101/v1 (1) and 996 more; ' +
        'for objects in namespaces my-operator (5000), tmp-1 (1), tmp-10 (1), tmp-100 (1), tmp-101 (1) and 996 more',
    );
    // Split over worker threads: the same callers named, with true figures.
    const { analyzeLogs } = await import('../../src/analyze.js');
    const file = path.join(scratchDir('heavy-hitters'), 'leftout.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const told: LeftOut[] = [];
    const threads: number[] = [];
    await analyzeLogs({
      logs: [file],
      spec: specPath('1.33'),
      conformance: 'none',
      selection: { namespaces: ['my-opertor'] },
      jobs: 3,
      parallelMinBytes: 0,
      onThreads: (n) => threads.push(n),
      onNothingSelected: (l) => told.push(l),
    });
    expect(threads[0]).toBeGreaterThan(1);
    const split = leftOutText(told[0]!, false);
    expect(split).toMatch(new RegExp(`^the requests read are by users ${OPERATOR} \\((at least )?\\d+\\), .* and 996 more; user agents my-operator/v2 \\((at least )?\\d+\\), `));
    const sure = mostFrequent(told[0]!.users)[0]!;
    expect(sure.key).toBe(OPERATOR);
    expect(sure.n).toBeLessThanOrEqual(5000);
    expect(sure.n).toBeGreaterThan(4000);
  });

  it('more distinct callers than are counted: the rest said as a floor, not a false figure', () => {
    const lines = leftOutLog(DISTINCT_CAP + 2000, 3000);
    let left: LeftOut | undefined;
    analyzeLines(lines, { spec, selection: { namespaces: ['my-opertor'] }, onNothingSelected: (l) => (left = l) });
    const text = leftOutText(left!, false);
    // The operator came after the distinct users counted were full: it may have been seen before it got a counter.
    expect(text).toMatch(new RegExp(`^the requests read are by users ${OPERATOR} \\(at least 3000\\), one-off-\\d+ \\(at least 1\\), .* and over ${DISTINCT_CAP - 5} more; `));
    expect(text).toContain(`namespaces my-operator (at least 3000), `);
  });
});
