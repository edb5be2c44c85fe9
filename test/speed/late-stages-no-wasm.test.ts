// Where there is no WebAssembly (node --jitless), the line reader takes each line in JS, and defers stages before the
// final one (StageStub, RequestAssembler.addDeferred): a late stage is said there as on every other path. The
// WebAssembly reader is taken away here, as such a Node lacks it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import { RequestAssembler } from '../../src/engine/audit.js';
import { readLines, AUDIT2RBAC_2017, scratchDir } from '../helpers/fixtures.js';
import { hkermaLog, lateStagesOf, lateStagesSaid } from '../helpers/late-stages.js';

vi.mock('../../src/engine/audit-lines.js', async (original) => ({ ...(await original<typeof import('../../src/engine/audit-lines.js')>()), auditLines: () => null }));

const dir = scratchDir('late-no-wasm');

/** The warnings of a one-thread fast reading, and how many stages it deferred. */
async function read(file: string): Promise<{ warnings: string[]; deferred: number }> {
  const deferred = vi.spyOn(RequestAssembler.prototype, 'addDeferred');
  const warnings: string[] = [];
  await analyzeLogs({ logs: [file], kubernetesVersion: '1.36', selection: { includeSystem: true }, onWarning: (w) => warnings.push(w) });
  const n = deferred.mock.calls.length;
  deferred.mockRestore();
  return { warnings: warnings.filter((w) => w.includes('came after its request')), deferred: n };
}

describe('late stages, deferred', () => {
  it('on the hkerma events: every late ResponseStarted is deferred, tallied, and said at the first', async () => {
    const file = path.join(dir, 'hkerma.log');
    const late = hkermaLog(file);
    expect(late.finals).toBeLessThan(RECENTLY_COMPLETED);
    const r = await read(file);
    expect(r.deferred).toBeGreaterThan(late.count);
    expect(r.warnings).toStrictEqual([lateStagesSaid(file, late)]);
  });

  it('on a real log with its RequestReceived lines given again after their requests completed', async () => {
    const lines = readLines(AUDIT2RBAC_2017);
    const received = lines.filter((l) => (JSON.parse(l) as { stage: string }).stage === 'RequestReceived');
    const file = path.join(dir, 'again.log');
    const out = [...lines, ...received.slice(0, 7)];
    writeFileSync(file, out.join('\n') + '\n');
    const late = lateStagesOf(out);
    expect(late.count).toBe(7);
    expect(late.first!.line).toBe(lines.length + 1);
    const r = await read(file);
    expect(r.deferred).toBeGreaterThan(7);
    expect(r.warnings).toStrictEqual([lateStagesSaid(file, late)]);
  });
});
