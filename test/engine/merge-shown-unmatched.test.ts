// `apisnoop merge` of a report made before unmatched rows hid what an API server never writes (a path's text after a
// ; or a #, a URL's user and host, a requestURI with no slash, a verb no API server writes): its rows are shown as a
// report made now shows them, so they quote nothing and are one row with the new report's of the same requests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report, Unmatched } from '../../src/engine/report.js';
import { canaryLines, CANARY_WRITER } from '../helpers/canary-lines.js';
import { scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('merge-shown-unmatched');
const log = path.join(dir, 'canary.log');
const writer = `system:serviceaccount:${CANARY_WRITER}`;

/** What the version before wrote for the canaries' rows: the text as the log had it (decoded), by what is shown now. */
const BEFORE: Record<string, Partial<Unmatched>> = {
  '/api/v1/namespaces/{namespace}/pods;{params}': { pattern: '/api/v1/namespaces/{namespace}/pods;jsessionid=CANARYsession', resource: 'pods;jsessionid=CANARYsession' },
  '/apis/apps/v1/deployments#{fragment}': { pattern: '/apis/apps/v1/deployments#access_token=CANARYfragment/{name}', resource: 'deployments#access_token=CANARYfragment' },
  '/healthz#{fragment}': { pattern: '/healthz#{fragment}/CANARYpast/x' },
  'https://{host}/api/v1/pods': { pattern: 'https://admin:CANARYpassword@10.0.0.1:6443/api/v1/pods' },
  'api/v1/namespaces/{namespace}/secrets/{name}': { pattern: 'api/v1/namespaces/default/secrets/CANARYname' },
  '13 characters (not quoted: audit log lines may hold secrets)': { pattern: 'CANARYhunter2' },
};
const before = (u: Unmatched): Unmatched => ({
  ...u,
  ...(u.users?.includes(writer) ? BEFORE[u.pattern] : {}),
  ...(u.verb === '(a verb not known, of 10 characters)' ? { verb: 'CANARYverb' } : {}),
});

let now: Report;
let old: Report;
beforeAll(async () => {
  writeFileSync(log, canaryLines.join('\n') + '\n');
  now = await analyzeLogs({ logs: [log], kubernetesVersion: '1.34', selection: { includeSystem: true } });
  old = { ...now, unmatched: now.unmatched.map(before) };
}, 120_000);

describe("merge: an earlier report's unmatched rows shown as a report made now shows them", () => {
  it('quote none of the text, and are one row with the new report\'s of the same requests, counts summed', () => {
    // The old rows quote what they did (the test stands on them).
    expect(JSON.stringify(old.unmatched).match(/CANARY\w+/g)).toHaveLength(9);
    for (const order of [
      [now, old],
      [old, now],
    ]) {
      const { parts: _, ...merged } = mergeReports(order);
      expect(JSON.stringify(merged)).not.toContain('CANARY');
      expect(merged.unmatched).toEqual(now.unmatched.map((u) => ({ ...u, count: 2 * u.count })));
    }
  });
});
