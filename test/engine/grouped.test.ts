import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/engine/grouped.js';

describe('grouped', () => {
  it('writes whole numbers as toLocaleString("en-US") does', () => {
    const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 123_456, 999_999, 1_000_000, 1_234_567, 50_000, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER];
    for (let n = 1; n < 1e15; n = n * 7 + 3) values.push(n);
    for (const n of values) {
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
      if (n !== 0) expect(grouped(-n)).toBe((-n).toLocaleString('en-US'));
    }
    expect(grouped(1_234_567)).toBe('1,234,567');
  });

  it('leaves fractions and unsafe integers to ICU', () => {
    for (const n of [1234.5, 0.25, 2 ** 60, Infinity, NaN]) expect(grouped(n)).toBe(n.toLocaleString('en-US'));
  });
});
