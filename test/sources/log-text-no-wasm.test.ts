// Where there is no WebAssembly (node --jitless), the line reader takes each line in JS: its bad lines are said as on
// the other paths (log-text-not-quoted.test.ts), quoting nothing of them. The WebAssembly reader is taken away here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { CASES, canaryLines } from '../helpers/canary-lines.js';
import { scratchDir } from '../helpers/fixtures.js';

vi.mock('../../src/engine/audit-lines.js', async (original) => ({ ...(await original<typeof import('../../src/engine/audit-lines.js')>()), auditLines: () => null }));

describe('bad lines read without WebAssembly', () => {
  it('are said by their shape and place, as on the other paths; no canary in the report', async () => {
    const file = path.join(scratchDir('log-text-no-wasm'), 'canary.log');
    writeFileSync(file, canaryLines.join('\n') + '\n');
    const settings = { kubernetesVersion: '1.34', logs: [file], selection: { includeSystem: true } };
    const fast = await analyzeLogs(settings);
    expect(JSON.stringify(fast)).not.toContain('CANARY');
    const byLine = new Map(fast.invalid.map((x) => [x.line, x.message]));
    CASES.forEach(([, said], k) => expect(byLine.get(4 + k)).toMatch(said));
    expect(fast.invalid).toStrictEqual((await analyzeLogs({ ...settings, fast: false })).invalid);
  });
});
