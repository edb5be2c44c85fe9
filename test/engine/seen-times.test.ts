// An operation's firstSeen and lastSeen are times the API server could write: a request whose timestamp is shaped
// like one but out of range (month 13, hour 99) still counts, and its text is not taken, on the file reader's fast
// path (scanEvent, the WebAssembly reader) as on the reference path (JSON.parse).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { AUDIT2RBAC_V1, readLines, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('seen-times');
const lines = readLines(AUDIT2RBAC_V1);
// The log's listCoreV1NamespacedPod requests: the first one gets the time under test.
const LIST_PODS = '"requestURI":"/api/v1/namespaces/default/pods","verb":"list"';

async function analyzeBoth(time: string): Promise<Report> {
  const first = lines.findIndex((l) => l.includes(LIST_PODS));
  const changed = lines.map((l, i) => (i === first ? l.replace(/"timestamp":"[^"]*"/, `"timestamp":${JSON.stringify(time)}`) : l));
  expect(changed[first]).toContain(time);
  const file = path.join(dir, `${time.replace(/\W/g, '_')}.log`);
  writeFileSync(file, changed.join('\n') + '\n');
  const settings = { logs: [file], kubernetesVersion: '1.13', conformance: 'none' };
  const fast = await analyzeLogs(settings);
  expect(fast).toStrictEqual(await analyzeLogs({ ...settings, fast: false }));
  return fast;
}

const listPods = (r: Report) => r.operations.find((o) => o.operationId === 'listCoreV1NamespacedPod')!;

describe('firstSeen and lastSeen', () => {
  it('take a later time in range', async () => {
    const op = listPods(await analyzeBoth('2026-12-31T23:59:59Z'));
    expect(op.lastSeen).toBe('2026-12-31T23:59:59Z');
  });

  it.each(['2026-13-45T99:99:99Z', '2026-00-11T19:55:05Z', '2026-09-32T19:55:05Z', '2026-09-11T24:00:00Z', '2026-09-11T19:60:05Z', '2026-09-11T19:55:60Z', '20x6-09-11T19:55:05Z', '2026-1a-11T19:55:05Z'])(
    'leave out %s, shaped as a time but none; its request still counts',
    async (time) => {
      const baseline = listPods(await analyzeBoth('2017-09-11T19:55:05Z'));
      const op = listPods(await analyzeBoth(time));
      expect(op.hits).toBe(baseline.hits);
      expect(op.lastSeen).toBe(baseline.lastSeen);
      expect(op.firstSeen).toMatch(/^2017-09-11T/);
    },
  );
});
