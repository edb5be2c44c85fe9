// Where there is no WebAssembly (node --jitless), the line reader takes each line in JS: a line damaged beside whole
// events leaves it for the same reading as on the other paths (audit-files.test.ts compares those). The WebAssembly
// reader is taken away here, as such a Node lacks it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, readLines, scratchDir } from '../helpers/fixtures.js';

vi.mock('../../src/engine/audit-lines.js', async (original) => ({ ...(await original<typeof import('../../src/engine/audit-lines.js')>()), auditLines: () => null }));

describe('lines damaged beside whole events, read without WebAssembly', () => {
  it('the rest of a cut line, NUL bytes, then a whole event: the event counts, as on the reference path', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    const damaged = [...lines];
    damaged.splice(10, 2, lines[10].slice(100, 300) + '\0'.repeat(100) + lines[11]);
    damaged.splice(100, 1, '\0'.repeat(50) + damaged[100]);
    const file = path.join(scratchDir('damaged-no-wasm'), 'damaged.log');
    writeFileSync(file, damaged.join('\n') + '\n');
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true } };
    const fast = await analyzeLogs(settings);
    expect(fast.invalid.map((e) => [e.line, e.message.split(';')[0]])).toEqual([
      [11, 'damaged line: bytes 1-300 (100 of them NUL bytes) are not read'],
      [101, 'damaged line: bytes 1-50 (NUL bytes) are not read'],
    ]);
    // Only the event the damage cut is lost.
    expect(fast.summary.events).toBe(lines.length - 1);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(fast);
  });

  it('a prefixed log with NUL bytes after one line\'s event: no event read, the prefix named, as on the reference path', async () => {
    const lines = readLines(AUDIT2RBAC_V1).map((l) => `Sep 11 19:55:05 master kube-apiserver[812]: ${l}`);
    lines[5] += '\0\0\0';
    const file = path.join(scratchDir('damaged-no-wasm'), 'syslog-nul.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const warnings: string[] = [];
    const settings = { kubernetesVersion: '1.13', logs: [file], selection: { includeSystem: true }, onWarning: (w: string) => warnings.push(w) };
    const fast = await analyzeLogs(settings);
    expect(fast.summary).toMatchObject({ events: 0, invalidLines: lines.length });
    expect(warnings).toContain(`${file}: no JSON in ${lines.length} lines: is this an audit log?`);
    expect(fast.invalid.filter((e) => e.line !== 6).every((e) => e.message.endsWith(`: a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`))).toBe(true);
    expect(await analyzeLogs({ ...settings, fast: false })).toEqual(fast);
  });
});
