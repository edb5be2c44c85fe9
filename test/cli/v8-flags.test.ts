// nodeFlagGiven: a V8 flag the user gave Node, in NODE_OPTIONS or on the command line, in either spelling.
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFlagGiven } from '../../src/cli/v8-flags.js';

const saved = process.env.NODE_OPTIONS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = saved;
});

describe('nodeFlagGiven', () => {
  it('finds a flag spelt with dashes or underscores, and only that flag', () => {
    process.env.NODE_OPTIONS = '--max-old-space-size=4096 --heap_growing_percent=10';
    expect(nodeFlagGiven('--heap-growing-percent')).toBe(true);
    expect(nodeFlagGiven('--heap_growing_percent')).toBe(true);
    expect(nodeFlagGiven('--max-semi-space-size')).toBe(false);
    process.env.NODE_OPTIONS = '--max-semi-space-size=64';
    expect(nodeFlagGiven('--max-semi-space-size')).toBe(true);
    expect(nodeFlagGiven('--heap-growing-percent')).toBe(false);
    delete process.env.NODE_OPTIONS;
    expect(nodeFlagGiven('--heap-growing-percent')).toBe(process.execArgv.some((a) => a.replace(/_/g, '-').includes('--heap-growing-percent')));
  });
});
