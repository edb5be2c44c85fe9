// The Action's log lines: whatever text they carry, the runner must read no workflow command in them, and a plain
// line must read as written (the runner undoes %-escapes only inside commands).
import { describe, expect, it, vi } from 'vitest';
import { endWarnings, logSafe, logWarning, startWarnings, TOP_ROOM, WARNING_ANNOTATIONS, type WarningRank } from '../../src/github/log.js';

/** What the runner reads a line as: the v2 `::cmd` after blanks, or the legacy `##[cmd` anywhere. */
const isCommand = (line: string): boolean => /^\s*::/.test(line) || line.includes('##[');

describe('logSafe', () => {
  it('starts no command on any of its lines', () => {
    const text = 'fail-on: beta\n::save-state name=apisnoop-kind-path::/bin/sh\r\n::error::pwned\r  ::add-mask::x';
    const lines = logSafe(text).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('fail-on: beta');
    for (const line of lines) expect(isCommand(line), line).toBe(false);
    // Readers still see the text: the break is a zero-width space.
    expect(lines[1]!.replace(/\u200b/g, '')).toBe('::save-state name=apisnoop-kind-path::/bin/sh');
    for (const t of ['::x::y', ' ::x', 'a ##[error]b', '\t::warning::x']) expect(isCommand(logSafe(t)), t).toBe(false);
  });

  it('leaves plain text as written: percent signs, paths, a multi-line command; terminal controls shown as \\xNN', () => {
    const command = `[command]bash -c 'kubectl get pods -A\necho "coverage 100%" && date +%s'`;
    expect(logSafe(command)).toBe(command);
    expect(logSafe('Report written to /tmp/x/my%20reports')).toBe('Report written to /tmp/x/my%20reports');
    const plain = 'Merging 2 reports: /tmp/a b/leg-0/report.json, ü:v (fail-on: alpha, beta)\ttab';
    expect(logSafe(plain)).toBe(plain);
    expect(logSafe('\u001b[2Khidden\u0085x')).toBe('\\x1b[2Khidden\\x85x');
  });

  it('shows bidi controls, which would reorder the line (a user agent from a log: Trojan Source)', () => {
    expect(logSafe('denied for kubectl/\u202ev1.30\u202c x')).toBe('denied for kubectl/\\u202ev1.30\\u202c x');
    expect(logSafe('\u2066a\u2069 \u200f')).toBe('\\u2066a\\u2069 \\u200f');
  });
});

describe('logWarning', () => {
  it('writes one ::warning command whose message shows controls and bidi controls, line breaks kept for the runner', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      logWarning('audit.log:3: bad user agent \u202eevil\u202c\u001b[2K\nsecond line');
    } finally {
      spy.mockRestore();
    }
    // core escapes the line break as %0A inside the command; the rest is shown, not obeyed.
    expect(written.join('')).toBe('::warning::audit.log:3: bad user agent \\u202eevil\\u202c\\x1b[2K%0Asecond line\n');
  });
});

describe('the step\'s warning annotations (GitHub shows 10)', () => {
  /** What the step wrote to stdout while fn ran. */
  function written(fn: () => void): string[] {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
    return out.join('').split('\n').filter(Boolean);
  }

  it('the others take at most 4 as they come; the top ones, however late, the rest but one; the last says how many more are in the log', () => {
    const lines = written(() => {
      startWarnings();
      for (let i = 1; i <= 12; i++) logWarning(`ordinary ${i}`);
      for (let i = 1; i <= 6; i++) logWarning(`top ${i}`, 'top');
      endWarnings();
    });
    const annotations = lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    expect(annotations).toEqual([
      ...[1, 2, 3, 4].map((i) => `ordinary ${i}`),
      ...[1, 2, 3, 4, 5].map((i) => `top ${i}`),
      '9 more warnings are in this step\'s log only, on lines that start with "Warning:": GitHub annotates 10 of a step.',
    ]);
    expect(annotations).toHaveLength(WARNING_ANNOTATIONS);
    // Every warning is in the log, in the order said.
    expect(lines.filter((l) => l.startsWith('Warning: '))).toEqual([...[5, 6, 7, 8, 9, 10, 11, 12].map((i) => `Warning: ordinary ${i}`), 'Warning: top 6']);
  });

  it('never more than 10 annotations, whatever the order; up to TOP_ROOM top ones are always annotated', () => {
    // As a review found it: nine top, one ordinary (annotated within its share), one more top gave 11.
    const ranks = (tops: number, others: number, at: (i: number) => boolean): WarningRank[] => {
      const out: WarningRank[] = [];
      for (let i = 0; out.length < tops + others; i++) {
        const top = out.filter((r) => r === 'top').length < tops && (at(i) || out.filter((r) => r !== 'top').length >= others);
        out.push(top ? 'top' : i % 3 === 0 ? 'important' : 'ordinary');
      }
      return out;
    };
    const orders: Array<(i: number) => boolean> = [() => true, () => false, (i) => i % 2 === 0, (i) => i % 3 === 2];
    const cases: WarningRank[][] = [[...Array<WarningRank>(9).fill('top'), 'ordinary', 'top']];
    for (let tops = 0; tops <= 11; tops++) for (let others = 0; others <= 14; others++) for (const at of orders) cases.push(ranks(tops, others, at));
    for (const c of cases) {
      const annotations = written(() => {
        startWarnings();
        c.forEach((rank, i) => logWarning(`${rank} ${i}`, rank));
        endWarnings();
      }).filter((l) => l.startsWith('::warning::'));
      expect(annotations.length, c.join(',')).toBeLessThanOrEqual(WARNING_ANNOTATIONS);
      const tops = c.flatMap((rank, i) => (rank === 'top' ? [`::warning::top ${i}`] : []));
      if (tops.length <= TOP_ROOM) expect(annotations, c.join(',')).toEqual(expect.arrayContaining(tops));
    }
  });

  it('the top ones find room after important and ordinary ones filled their share: the comment and nothing judged are never only in the log', () => {
    const lines = written(() => {
      startWarnings();
      for (let i = 1; i <= 4; i++) logWarning(`input "allow" ${i}`, 'important');
      for (let i = 1; i <= 6; i++) logWarning(`ordinary ${i}`);
      logWarning('Nothing was judged', 'top');
      logWarning('Could not write the PR comment', 'top');
      endWarnings();
    });
    const annotations = lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    expect(annotations).toEqual([
      ...[1, 2, 3, 4].map((i) => `input "allow" ${i}`),
      'Nothing was judged',
      'Could not write the PR comment',
      // Held: the ordinary ones past the share, in the room left but the last word's.
      'ordinary 1',
      'ordinary 2',
      'ordinary 3',
      '3 more warnings are in this step\'s log only, on lines that start with "Warning:": GitHub annotates 10 of a step.',
    ]);
  });

  it('held warnings are annotated at the end by rank, whatever order they came in', () => {
    const lines = written(() => {
      startWarnings();
      for (let i = 1; i <= 8; i++) logWarning(`ordinary ${i}`);
      logWarning('important', 'important');
      for (let i = 1; i <= 5; i++) logWarning(`top ${i}`, 'top');
      endWarnings();
    });
    const annotations = lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    // Four ordinary, the five top as they came (their room is kept); the rest held.
    expect(annotations).toEqual([
      ...[1, 2, 3, 4].map((i) => `ordinary ${i}`),
      ...[1, 2, 3, 4, 5].map((i) => `top ${i}`),
      '5 more warnings are in this step\'s log only, on lines that start with "Warning:": GitHub annotates 10 of a step.',
    ]);
    const fewer = written(() => {
      startWarnings();
      for (let i = 1; i <= 8; i++) logWarning(`ordinary ${i}`);
      logWarning('important', 'important');
      for (let i = 1; i <= 3; i++) logWarning(`top ${i}`, 'top');
      logWarning('late top', 'top');
      endWarnings();
    }).filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    expect(fewer).toEqual([
      ...[1, 2, 3, 4].map((i) => `ordinary ${i}`),
      ...[1, 2, 3].map((i) => `top ${i}`),
      'late top',
      'important',
      '4 more warnings are in this step\'s log only, on lines that start with "Warning:": GitHub annotates 10 of a step.',
    ]);
  });

  it('ordinary warnings past their share are annotated at the end in the room the others left, after the important ones', () => {
    const lines = written(() => {
      startWarnings();
      for (let i = 1; i <= 8; i++) logWarning(`ordinary ${i}`);
      logWarning('important', 'important');
      endWarnings();
    });
    const annotations = lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    expect(annotations).toEqual([...[1, 2, 3, 4].map((i) => `ordinary ${i}`), 'important', 'ordinary 5', 'ordinary 6', 'ordinary 7', 'ordinary 8']);
    expect(annotations.length).toBeLessThanOrEqual(WARNING_ANNOTATIONS);
    expect(lines.filter((l) => l.startsWith('Warning: '))).toEqual(['Warning: ordinary 5', 'Warning: ordinary 6', 'Warning: ordinary 7', 'Warning: ordinary 8', 'Warning: important']);
  });

  it('a step within the limit is annotated whole, with no last word; the next step starts afresh', () => {
    const step = () => {
      for (let i = 1; i <= 3; i++) logWarning(`ordinary ${i}`);
      logWarning('important', 'important');
      endWarnings();
    };
    const first = written(() => {
      startWarnings();
      step();
    });
    expect(first).toEqual(['::warning::ordinary 1', '::warning::ordinary 2', '::warning::ordinary 3', '::warning::important']);
    // endWarnings ended the step: the next one's warnings are counted from none.
    expect(written(step)).toEqual(first);
  });

  it('a warning said in the log only starts no workflow command', () => {
    const lines = written(() => {
      startWarnings();
      for (let i = 0; i < 9; i++) logWarning('filler', 'top');
      logWarning('::error::pwned\n::add-mask::x');
      endWarnings();
    });
    expect(lines.filter((l) => l.startsWith('::error') || l.startsWith('::add-mask'))).toEqual([]);
  });
});
