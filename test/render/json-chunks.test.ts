// jsonChunks against its oracle, JSON.stringify: on random values of every kind (property test) and on real reports.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { jsonChunks } from '../../src/render/json-chunks.js';
import { fixturesDir, sampleOperatorReport } from '../helpers/report-fixtures.js';

/** JSON.stringify's answer, or its error's kind. */
function stringified(v: unknown, indent: number): string | undefined | { threw: string } {
  try {
    return JSON.stringify(v, null, indent);
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
}
function chunked(v: unknown, indent: number, pieceChars?: number, nativeEntries?: number): string | undefined | { threw: string } {
  try {
    const pieces = [...jsonChunks(v, indent, pieceChars, nativeEntries)];
    return pieces.length === 0 ? undefined : pieces.join('');
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  maxDepth: 5,
});

describe('jsonChunks', () => {
  it('joins to exactly JSON.stringify(value, null, indent), on values of every kind', () => {
    // nativeEntries 0: every container walked here; 3: small ones given to JSON.stringify, inside walked ones.
    fc.assert(
      fc.property(
        anything,
        fc.constantFrom(0, 2, 4, 12),
        fc.constantFrom(1, 7, 1 << 18),
        fc.constantFrom(0, 3, undefined),
        (v, indent, pieceChars, nativeEntries) => {
          expect(chunked(v, indent, pieceChars, nativeEntries)).toEqual(stringified(v, indent));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('follows JSON.stringify where it is particular', () => {
    const cases: unknown[] = [
      undefined,
      () => 1,
      Symbol('s'),
      null,
      Number.NaN,
      -0,
      1e21,
      'a "quoted" \u2028 line\n<tag>',
      '\ud800',
      [],
      {},
      [undefined, () => 1, Symbol('s')],
      { a: undefined, b: () => 1 },
      { a: undefined, b: 1 },
      [[], {}, [[]], { x: {} }],
      { toJSON: () => undefined },
      { nested: { toJSON: (key: string) => `key ${key}` } },
      [{ toJSON: (key: string) => ({ at: key }) }],
      new Date(0),
      { '': 1, '"': 2, '\n': 3 },
    ];
    for (const v of cases) {
      for (const indent of [0, 2]) for (const nativeEntries of [0, 3, undefined]) expect(chunked(v, indent, 3, nativeEntries)).toEqual(stringified(v, indent));
    }
  });

  it('gives small containers to JSON.stringify whole, indented where they sit', () => {
    const small = { a: [1, { b: 'x\ny' }], c: {} };
    const value = { big: Array.from({ length: 70_000 }, (_, i) => (i % 10_000 === 0 ? small : i)) };
    for (const indent of [0, 2]) expect([...jsonChunks(value, indent, 1000)].join('')).toBe(JSON.stringify(value, null, indent));
  });

  it('refuses a circular structure, as JSON.stringify does', () => {
    const a: Record<string, unknown> = { b: [1] };
    (a.b as unknown[]).push(a);
    expect(() => [...jsonChunks(a, 2)]).toThrow(TypeError);
    // The same object twice, not inside itself, is fine.
    const shared = { x: 1 };
    expect(chunked([shared, { shared }], 2)).toBe(JSON.stringify([shared, { shared }], null, 2));
  });

  it('gives the same text when the counting estimates (long containers whose first children are not like the rest)', () => {
    const big = (i: number) => ({ users: Array.from({ length: 3000 }, (_, k) => `u${i}-${k}`), codes: { '200': i } });
    // Small first, big after: estimated small, one JSON.stringify call. Big first, small after: walked.
    const smallFirst = [...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 40 }, (_, i) => big(i))];
    const bigFirst = [...Array.from({ length: 70 }, (_, i) => big(i)), ...Array.from({ length: 100 }, (_, i) => ({ i }))];
    const keyed = Object.fromEntries(smallFirst.map((v, i) => [`k${i}`, v]));
    for (const v of [smallFirst, bigFirst, keyed, { nested: { smallFirst, bigFirst } }]) {
      for (const indent of [0, 2]) {
        expect([...jsonChunks(v, indent, 1000)].join('')).toBe(JSON.stringify(v, null, indent));
        expect([...jsonChunks(v, indent, 1000, 50)].join('')).toBe(JSON.stringify(v, null, indent));
      }
    }
    // The path taken: the first whole, in one piece however small the pieces asked; the second walked, in many.
    expect([...jsonChunks(smallFirst, 2, 1000)]).toHaveLength(1);
    expect([...jsonChunks(bigFirst, 2, 1000)].length).toBeGreaterThan(50);
    // A cycle past the counted children is refused all the same (by JSON.stringify itself).
    const cyclic: unknown[] = Array.from({ length: 100 }, (_, i) => i);
    const inner: Record<string, unknown> = {};
    inner.self = inner;
    cyclic.push(inner);
    expect(() => [...jsonChunks(cyclic, 2)]).toThrow(TypeError);
  });

  it('gives pieces of about the size asked, never empty', () => {
    // More entries than one JSON.stringify call is given (NATIVE_ENTRIES): this one is walked.
    const value = { users: Array.from({ length: 100_000 }, (_, i) => `system:serviceaccount:ns-${i}:default`) };
    const pieces = [...jsonChunks(value, 2, 4096)];
    expect(pieces.join('')).toBe(JSON.stringify(value, null, 2));
    expect(pieces.length).toBeGreaterThan(500);
    expect(pieces.every((p) => p.length > 0 && p.length < 4096 + 200)).toBe(true);
  });

  it('gives the same report.json text on real reports', async () => {
    const spec = path.join(fixturesDir, 'openapi-v2', 'swagger-1.13.json.gz');
    const log = path.join(fixturesDir, 'audit', 'audit2rbac', 'demo-v1.log');
    const analyzed = await analyzeLogs({
      logs: [log],
      spec,
      selection: { includeSystem: true },
      conformance: 'none',
    });
    for (const report of [analyzed, sampleOperatorReport()]) {
      expect([...jsonChunks(report, 2, 1000)].join('')).toBe(JSON.stringify(report, null, 2));
    }
  });
});
