// The `*` globs of --user and --user-agent: the linear matcher against the regex it replaced (which backtracked on
// long user agents), and a log of long user agents that the regex took seconds of CPU over.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { globMatcher, type GlobSteps } from '../../src/engine/select.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, AUDIT2RBAC_2017, loadFixtureSpec, readLines } from '../helpers/fixtures.js';

/** The regex select.ts used, with `s` so that a * matches a line break too (the one intended change). */
function oldRegExp(glob: string, kind: 'user' | 'userAgent'): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return kind === 'user' ? new RegExp(`^${body}$`, 's') : new RegExp(`^${body}`, 'is');
}

// Stars, regex metacharacters, and letters whose case folding has exceptions (ß upper-cases to two letters; ſ, ı and
// the Kelvin sign upper-case to ASCII, which a regex's i flag does not take; İ lower-cases to two).
const UNITS = ['a', 'b', 'A', 'B', 'g', 'o', '*', '.', '?', '\\', '(', '/', ' ', '\n', 'ß', 'S', 's', 'ſ', 'é', 'É', 'k', 'K', '\u212a', 'i', 'I', 'ı', 'İ'];
const text = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 12 });
const pattern = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 6 });

describe('globMatcher matches as the regex did', () => {
  it.each(['user', 'userAgent'] as const)('%s patterns, on random short texts', (kind) => {
    fc.assert(
      fc.property(pattern, text, (glob, t) => {
        expect(globMatcher(glob, kind)(t)).toBe(oldRegExp(glob, kind).test(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('on patterns made from the text, which mostly match', () => {
    // Random pairs rarely match beyond the trivial: cut a text into pieces and join some with stars.
    const derived = text.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.nat({ max: t.length }), { maxLength: 4 }), fc.boolean()));
    fc.assert(
      fc.property(derived, fc.constantFrom('user' as const, 'userAgent' as const), ([t, cuts, upper], kind) => {
        const sorted = [...cuts].sort((x, y) => x - y);
        const glob = sorted.reduce((g, c, i) => g + t.slice(i === 0 ? 0 : sorted[i - 1], c) + '*', '') + t.slice(sorted.at(-1) ?? 0);
        const g = upper ? glob.toUpperCase() : glob;
        expect(globMatcher(g, kind)(t)).toBe(oldRegExp(g, kind).test(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('as the README says: --user whole and case-sensitive, --user-agent a prefix in any case', () => {
    const user = (g: string) => globMatcher(g, 'user');
    expect(user('bob')('bob')).toBe(true);
    expect(user('bob')('bobby')).toBe(false);
    expect(user('Bob')('bob')).toBe(false);
    expect(user('system:serviceaccount:*')('system:serviceaccount:ns1:sa1')).toBe(true);
    expect(user('system:*:sa1')('system:serviceaccount:ns1:sa1')).toBe(true);
    expect(user('system:*:sa1')('system:serviceaccount:ns1:sa10')).toBe(false);
    // The last piece is the end of the name, even when it was also found earlier.
    expect(user('a*ab')('aab')).toBe(true);
    expect(user('ab*b')('ab')).toBe(false);
    const agent = (g: string) => globMatcher(g, 'userAgent');
    expect(agent('helm')('Helm/v3.14.0 (linux/amd64)')).toBe(true);
    expect(agent('NODE-problem')('node-problem-detector/v0.8.9')).toBe(true);
    expect(agent('*go*operator')('manager/v0.0.0 (linux/amd64) kubernetes/$Format go-operator')).toBe(true);
    expect(agent('*go*operator')('operator/v1 go1.22')).toBe(false);
    expect(agent('problem-detector')('node-problem-detector/v0.8.9')).toBe(false);
  });
});

describe('long user agents: linear, not backtracking', () => {
  // 20 requests of the 2017 log, each with a 90 KB user agent full of "go" and (but the last) no "operator": the
  // regex ^.*go.*operator tried every pair of places, 19 s of CPU for such a log.
  const UA = (i: number) => `kubectl/v1.8.0 (linux/amd64) ${'go'.repeat(45_000)}${i === 19 ? ' operator' : ''}`;
  const lines = readLines(AUDIT2RBAC_2017)
    .filter((l) => l.includes('"ResponseComplete"'))
    .slice(0, 20)
    .map((l, i) => {
      const e = JSON.parse(l) as { userAgent?: string };
      e.userAgent = UA(i);
      return JSON.stringify(e);
    });
  let spec: Spec;
  beforeAll(async () => {
    spec = await loadFixtureSpec('1.13');
  });

  it('a few searches per text, whatever its length', () => {
    const count: GlobSteps = { steps: 0 };
    const matches = globMatcher('*go*operator', 'userAgent', count);
    const results = Array.from({ length: 20 }, (_, i) => matches(UA(i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results[19]).toBe(true);
    // A prefix check and two searches a text; a backtracking matcher makes one at every "go" (45,000 a text).
    expect(count.steps).toBeLessThanOrEqual(20 * 5);
    const user = { steps: 0 };
    expect(globMatcher('*go*go*x', 'user', user)(UA(0))).toBe(false);
    expect(user.steps).toBeLessThanOrEqual(5);
  });

  it('selects the one request whose user agent has operator after the go', () => {
    expect(lines.join('\n').length).toBeGreaterThan(1.8e6);
    const r = analyzeLines(lines, { spec, selection: { userAgents: ['*go*operator'] } });
    expect(r.summary.requests).toBe(20);
    expect(r.summary.selected).toBe(1);
    expect(analyzeLines(lines, { spec, selection: { userAgents: ['KUBECTL/*GO*GO'] } }).summary.selected).toBe(20);
  });
});
