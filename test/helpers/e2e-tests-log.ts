// A log of e2e requests past the cap on tests listed per operation, built on a real e2e event (APISnoop's testdata)
// and the real test names of the 1.33 e2e suite (APISnoop's coverage data): listed-tests.test.ts, the page's test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_LISTED_TESTS } from '../../src/engine/coverage.js';
import { APISNOOP_TESTDATA, readFixtureJson } from './fixtures.js';
import { shuffled } from './shuffle.js';

const template = JSON.parse(readFileSync(path.join(APISNOOP_TESTDATA, 'audit_event.json'), 'utf8')) as Record<string, unknown>;
const realTests = readFixtureJson<{ tests: Array<{ test: string }> }>('apisnoop', 'coverage-1.33.0.json.gz')
  .tests.map((t) => t.test)
  .filter(Boolean);
const agent = (test: string): string => `e2e.test/v1.33.0 (linux/amd64) kubernetes/abc -- ${test}`;
// As the scale audit made them; sorted before every real name from [sig-apps] Job… on, so those are the ones cut.
export const generated = Array.from({ length: MAX_LISTED_TESTS }, (_, i) => `[sig-apps] Generated test number ${String(i).padStart(5, '0')} should work`);
// The real [Conformance] tests after the generated ones in order: none of them is listed.
export const lateConformance = realTests.filter((t) => t.includes('[Conformance]') && t > generated.at(-1)!);

interface Req {
  uri: string;
  test: string;
  code: number;
}
// get node: the generated tests, then the late conformance ones; list nodes: the generated tests only, a tenth of
// them answered with 200, the rest with codes that are no HTTP status (1000+i, as the audit's log; 0, 600, 99).
const reqs: Req[] = shuffled(
  [
    ...[...generated, ...lateConformance].map((test) => ({ uri: '/api/v1/nodes/bootstrap-e2e-minion-group-9s5q', test, code: 200 })),
    ...generated.map((test, i) => ({ uri: '/api/v1/nodes', test, code: i % 10 === 0 ? 200 : i % 10 === 1 ? [0, 600, 99][i % 3]! : 1000 + i })),
  ],
  37,
);
export const lines = reqs.map((r, i) =>
  JSON.stringify({
    ...template,
    auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    verb: r.uri.endsWith('/nodes') ? 'list' : 'get',
    requestURI: r.uri,
    objectRef: { resource: 'nodes', apiVersion: 'v1', ...(r.uri.endsWith('/nodes') ? {} : { name: 'bootstrap-e2e-minion-group-9s5q' }) },
    userAgent: agent(r.test),
    responseStatus: { ...(template.responseStatus as object), code: r.code },
  }),
);

