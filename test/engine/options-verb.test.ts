// An OPTIONS through a proxy (kubectl proxy, a browser's CORS preflight, the e2e proxy tests) is audited with the empty
// verb: RequestInfo gives "" to a resource request whose method is none of GET, HEAD, POST, PUT, PATCH and DELETE. It
// is matched to the proxy path's OPTIONS operation, so an e2e run that calls one can mark it tested; an event with no
// verb at all stays unknown-verb, on the file reader's fast path as on the reference path.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { AUDIT2RBAC_V1, readLines, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('options-verb');
const E2E = 'e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- [sig-network] Proxy version v1 A set of valid responses are returned for both pod and service Proxy [Conformance]';
const POD_PROXY = '/api/v1/namespaces/e2e/pods/p1/proxy/some/path';
const SERVICE_PROXY = '/api/v1/namespaces/e2e/services/web/proxy';

/** The demo log's first event, a real one, as a request of its own: another auditID, verb, URI and user agent. */
function request(auditID: string, verb: string | undefined, requestURI: string): string {
  const ev = JSON.parse(readLines(AUDIT2RBAC_V1)[0]!) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...ev, auditID, requestURI, userAgent: E2E };
  if (verb === undefined) delete out.verb;
  else out.verb = verb;
  return JSON.stringify(out);
}

async function analyzeBoth(lines: string[], conformance: string): Promise<Report> {
  const file = path.join(dir, `${conformance}-${lines.length}.log`);
  writeFileSync(file, lines.join('\n') + '\n');
  const settings = { logs: [file], kubernetesVersion: '1.36', conformance, selection: { e2e: true } };
  const fast = await analyzeLogs(settings);
  // The fast path (scanEvent, the WebAssembly reader) gives what the reference path (JSON.parse) gives.
  expect(fast).toStrictEqual(await analyzeLogs({ ...settings, fast: false }));
  return fast;
}

describe('the empty verb on a proxy path', () => {
  // The verbless event first and last on the same path: the match remembered per verb and path must not give it the
  // empty verb's operation, nor the empty verb its unknown-verb.
  const lines = [
    request('no-verb-1', undefined, POD_PROXY),
    request('options-1', '', POD_PROXY),
    request('options-2', '', SERVICE_PROXY),
    request('options-3', '', '/api/v1/namespaces/e2e/pods/p1/exec'),
    request('no-verb-2', undefined, POD_PROXY),
  ];

  it('is the OPTIONS operation, conformance tested by the [Conformance] test that called it, as the data says too', async () => {
    for (const conformance of ['none', '1.36']) {
      const r = await analyzeBoth(lines, conformance);
      const options = r.operations.filter((o) => o.method === 'options');
      expect(options.map((o) => [o.operationId, o.hits, o.conformanceTested])).toEqual([
        ['connectCoreV1OptionsNamespacedPodProxyWithPath', 1, true],
        ['connectCoreV1OptionsNamespacedServiceProxy', 1, true],
      ]);
      expect(options.every((o) => o.verbs[''] === 1 && o.tests.length === 1)).toBe(true);
      // pods/exec has no OPTIONS operation; the events without a verb have none.
      expect(r.unmatched.map((u) => [u.reason, u.pattern, u.count])).toEqual([
        ['unknown-verb', '/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}', 2],
        ['unknown-verb', '/api/v1/namespaces/{namespace}/pods/{name}/exec', 1],
      ]);
      expect(r.summary).toMatchObject({ selected: 5, matched: 2, unmatched: 3 });
    }
  });

  it('is said "(empty)" in app-usage-endpoints, not a bare "=1" that a spreadsheet takes for a formula', async () => {
    const r = await analyzeBoth(lines, 'none');
    // d3-dsv, an independent RFC 4180 reader.
    const [header, ...rows] = csvParseRows(renderCsv('app-usage-endpoints', [{ name: 'e2e', report: r }]));
    const options = rows.filter((row) => row[header!.indexOf('method')] === 'options');
    expect(options.map((row) => row[header!.indexOf('verbs')])).toEqual(['(empty)=1', '(empty)=1']);
  });
});
