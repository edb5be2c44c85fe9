// How the page writes numbers and cuts text from the log.
import { describe, expect, it } from 'vitest';
import { clipText, percent } from '../../src/web/page/format.js';

describe('percent', () => {
  it('rounds, but never to 0% or 100% unless it is', () => {
    expect([percent(0, 5), percent(1, 2), percent(200, 200), percent(2, 3)]).toEqual(['0%', '50%', '100%', '67%']);
    // For conformance people the difference between 199 of 200 and all of them is the point.
    expect([percent(199, 200), percent(995, 1000), percent(1, 300), percent(1, 201)]).toEqual(['>99%', '>99%', '<1%', '<1%']);
    expect(percent(3, 0)).toBe('–');
  });
});

describe('clipText', () => {
  it('cuts text from the log to 160 characters, never inside a surrogate pair', () => {
    expect(clipText('kubectl/v1.36.0')).toBe('kubectl/v1.36.0');
    const long = 'a'.repeat(5000);
    expect(clipText(long)).toBe('a'.repeat(159) + '…');
    expect(Array.from(clipText('😀'.repeat(300)))).toHaveLength(160);
  });
});
