// Where there is no WebAssembly (node --jitless), the line reader takes each line in JS and holds every short first
// stage undecoded (StageStub): the limit on the text of requests in flight weighs them as the reference path weighs
// its decoded events, so both count the same requests early. The WebAssembly reader is taken away here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { RequestAssembler } from '../../src/engine/audit.js';
import type { Report } from '../../src/engine/report.js';
import { scratchDir } from '../helpers/fixtures.js';
import { withBodies } from '../helpers/in-flight-text.js';

vi.mock('../../src/engine/audit-lines.js', async (original) => ({ ...(await original<typeof import('../../src/engine/audit-lines.js')>()), auditLines: () => null }));

const dir = scratchDir('in-flight-text-no-wasm');

/** One thread's report and warnings, and how many first stages it was given undecoded. */
async function read(file: string, fast: boolean): Promise<{ report: Report; warnings: string[]; deferred: number }> {
  const deferred = vi.spyOn(RequestAssembler.prototype, 'addDeferred');
  const warnings: string[] = [];
  const report = await analyzeLogs({ logs: [file], kubernetesVersion: '1.33', selection: { includeSystem: true }, manyOpenAt: 20, fast, onWarning: (w) => warnings.push(w) });
  const n = deferred.mock.calls.length;
  deferred.mockRestore();
  return { report, warnings, deferred: n };
}

describe('the limit on the text of requests in flight, first stages held undecoded', () => {
  it('lines of request bodies: undecoded, each weighs what its event holds; no request counted early, as on the reference path', async () => {
    const file = path.join(dir, 'bodies.log');
    writeFileSync(file, withBodies(150, 17, 0, 1900).join('\n') + '\n');
    const [fast, reference] = [await read(file, true), await read(file, false)];
    // Every first stage came undecoded, their lines all short (held so until their bounds passed the limit, then decoded).
    expect([fast.deferred, reference.deferred]).toStrictEqual([150, 0]);
    expect({ report: fast.report, warnings: fast.warnings }).toStrictEqual({ report: reference.report, warnings: reference.warnings });
    expect(fast.report.summary.countedEarly).toBeUndefined();
  });

  it('long URIs past the limit: the same requests counted early as on the reference path', async () => {
    const file = path.join(dir, 'long-uris.log');
    writeFileSync(file, withBodies(150, 17, 1100, 2040).join('\n') + '\n');
    const [fast, reference] = [await read(file, true), await read(file, false)];
    expect(fast.deferred).toBeGreaterThan(0);
    expect({ report: fast.report, warnings: fast.warnings }).toStrictEqual({ report: reference.report, warnings: reference.warnings });
    expect(fast.report.summary.countedEarly).toBeGreaterThan(75);
  });
});
