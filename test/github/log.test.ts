// The Action's log lines: whatever text they carry, the runner must read no workflow command in them.
import { describe, expect, it } from 'vitest';
import { logSafe } from '../../src/github/log.js';

/** What the runner reads a line as: the v2 `::cmd` after blanks, or the legacy `##[cmd` anywhere. */
const isCommand = (line: string): boolean => /^\s*::/.test(line) || line.includes('##[');

describe('logSafe', () => {
  it('keeps text on one line that starts no command, escaped as @actions/core escapes data', () => {
    const text = 'fail-on: beta\n::save-state name=apisnoop-kind-path::/bin/sh\r\n::error::pwned';
    const safe = logSafe(text);
    expect(safe).toBe('fail-on: beta%0A::save-state name=apisnoop-kind-path::/bin/sh%0D%0A::error::pwned');
    expect(safe.split(/\r\n|\r|\n/)).toHaveLength(1);
    // A leading command (after blanks, which the runner trims) and the legacy form anywhere are broken.
    expect(logSafe('::save-state name=x::y')).toBe('%3A:save-state name=x::y');
    expect(logSafe('  \t::warning::x')).toBe('  \t%3A:warning::x');
    expect(logSafe('paths: a ##[set-output name=x;]y')).toBe('paths: a ##%5Bset-output name=x;]y');
    for (const t of [text, '::x::y', ' ::x', 'a ##[error]b', '\u001b[31mred']) expect(isCommand(logSafe(t)), t).toBe(false);
  });

  it('escapes % first, so an escape in the text reads back as given; other controls too, plain text is unchanged', () => {
    expect(logSafe('100%0A done')).toBe('100%250A done');
    expect(logSafe('\u001b[2Khidden\u0085x')).toBe('%1B[2Khidden%85x');
    const plain = 'Merging 2 reports: /tmp/a b/leg-0/report.json, ü:v (fail-on: alpha, beta)\ttab';
    expect(logSafe(plain)).toBe(plain);
  });
});
