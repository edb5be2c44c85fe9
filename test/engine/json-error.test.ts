// JSON.parse's message for a line it refuses, without the line's text: V8 quotes up to 20 characters around the
// character it did not expect, which in an audit log may be a Secret's data.
import { describe, expect, it, vi } from 'vitest';
import { jsonError } from '../../src/engine/json-error.js';
import { AUDIT2RBAC_V1, readLines } from '../helpers/fixtures.js';

const said = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonError(err as Error, text);
  }
  throw new Error('parsed');
};

describe('jsonError', () => {
  const event = readLines(AUDIT2RBAC_V1)[0];
  it('says where the unexpected character is, wherever V8 quoted it from: the start, around it, the end, a short text', () => {
    // V8: Unexpected token 'S', "SECRETabcd"... / ..."password":SECRET1234"... / ..."x":SECRETab" / "SECRET" is not valid JSON.
    expect(said(`SECRETabcdefghijklmnopqrstuvwxyz ${event}`)).toBe('Unexpected character in JSON at position 0 (line 1 column 1)');
    const mid = `${event.slice(0, -1)},"password":SECRET1234567890}`;
    expect(said(mid)).toBe(`Unexpected character in JSON at position ${mid.indexOf('SECRET')} (line 1 column ${mid.indexOf('SECRET') + 1})`);
    const end = `${event.slice(0, -1)},"x":SECRETab}`;
    expect(said(end)).toBe(`Unexpected character in JSON at position ${end.indexOf('SECRET')} (line 1 column ${end.indexOf('SECRET') + 1})`);
    expect(said('{"a":SECRET}')).toBe('Unexpected character in JSON at position 5 (line 1 column 6)');
    expect(said('{\n  "a":\n  SECRET\n}')).toBe('Unexpected character in JSON at position 11 (line 3 column 3)');
    for (const text of [`SECRETabcdefghijklmnopqrstuvwxyz ${event}`, mid, end, '{"a":SECRET}']) expect(said(text)).not.toContain('SECRET');
  });

  it('finds the character where the text stops being JSON, not an earlier stretch that reads the same (inside a string)', () => {
    const text = '{"kind":"Event","note":"1, 2, 3, 4, 5, x, 6, 7, 8, 9","v":[1, 2, 3, 4, 5, x, 6, 7, 8, 9]}';
    const bad = text.lastIndexOf('x');
    expect(said(text)).toBe(`Unexpected character in JSON at position ${bad} (line 1 column ${bad + 1})`);
    // The same stretch three times, the bad one last, on a real event.
    const real = `${event.slice(0, -1)},"a":"k: 1, y, 2, 3, 4, 5","b":"k: 1, y, 2, 3, 4, 5","c":[1, y, 2, 3, 4, 5]}`;
    expect(said(real)).toBe(`Unexpected character in JSON at position ${real.lastIndexOf('y')} (line 1 column ${real.lastIndexOf('y') + 1})`);
  });

  it('finds the place among thousands where the quoted stretch repeats, with a parse for each halving, not for each place', () => {
    const text = `[${'"1, 2, 3, 4, 5, x, 6, 7, 8, 9", '.repeat(5000)}1, 2, 3, 4, 5, x, 6, 7, 8, 9]`;
    const bad = text.lastIndexOf('x');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(said(text)).toBe(`Unexpected character in JSON at position ${bad} (line 1 column ${bad + 1})`);
      // said()'s own parse, the padded one, then one for each halving of 5,001 places (13).
      expect(parse.mock.calls.length).toBeLessThanOrEqual(2 + 13);
    } finally {
      parse.mockRestore();
    }
  });

  it("keeps V8's messages that quote nothing", () => {
    expect(said(event.slice(0, 200))).toMatch(/^(Unterminated string|Expected .*) in JSON at position \d+ \(line 1 column \d+\)$/);
    expect(said('')).toBe('Unexpected end of JSON input');
    expect(said(`${event} x`)).toBe(`Unexpected non-whitespace character after JSON at position ${event.length + 1} (line 1 column ${event.length + 2})`);
  });
});
