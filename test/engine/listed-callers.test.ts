// Callers listed per operation are bounded: the first MAX_LISTED_CALLERS in sort order, and a flag when there were
// more. Checked against the obvious answer (every distinct caller, sorted, cut), on random sequences and on logs whose
// every request has a caller of its own, through one thread, worker threads over byte ranges, and merge.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Analysis } from '../../src/engine/analysis.js';
import { ListedSet, MAX_LISTED_CALLERS, unionListed, type Listed } from '../../src/engine/listed-set.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { OperationUsage, Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { MORE_LISTED, renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { callers, moreCallers } from '../../src/web/page/format.js';
import { analyzeLines, loadFixtureSpec, scratchDir } from '../helpers/fixtures.js';
import { shuffled } from '../helpers/shuffle.js';
import { oneAndTwoThreads } from '../helpers/threads.js';

/** What a list of callers must be: every distinct one, sorted (code-unit order, as the report sorts), cut at limit. */
const expected = (seen: string[], limit: number): { list: string[]; truncated: boolean } => {
  const all = [...new Set(seen)].sort();
  return { list: all.slice(0, limit), truncated: all.length > limit };
};
const filled = (values: string[], limit: number): ListedSet => {
  const s = new ListedSet(limit);
  for (const v of values) s.add(v);
  return s;
};

// Short strings over few characters repeat often; graphemes put surrogate pairs among them (code-unit order).
const caller = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'Z', 'é'), maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 }));

describe('ListedSet', () => {
  it('keeps the first limit distinct values in sort order, whatever order they come in', () => {
    fc.assert(
      fc.property(fc.array(caller, { maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (seen, limit) => {
        const s = filled(seen, limit);
        expect({ list: s.sorted(), truncated: s.truncated }).toStrictEqual(expected(seen, limit));
        expect(s.size).toBe(Math.min(limit, new Set(seen).size));
      }),
      { numRuns: 2000 },
    );
  });

  it('sums parts, copied as another thread gets them (structured clone), as if everything came to one', () => {
    fc.assert(
      fc.property(fc.array(fc.array(caller, { maxLength: 80 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), (parts, limit) => {
        const whole = new ListedSet(limit);
        for (const p of parts) whole.addAll(structuredClone(filled(p, limit)) as Listed);
        expect({ list: whole.sorted(), truncated: whole.truncated }).toStrictEqual(expected(parts.flat(), limit));
        // And as merge sums two reports' lists.
        const [a, ...rest] = parts.map((p) => filled(p, limit));
        let m = { list: a.sorted(), truncated: a.truncated };
        for (const b of rest) m = unionListed(m.list, m.truncated, b.sorted(), b.truncated, limit);
        expect(m).toStrictEqual(expected(parts.flat(), limit));
      }),
      { numRuns: 2000 },
    );
  });

  it('at the real limit, with values coming in descending order (each one replaces the greatest kept)', () => {
    const values = Array.from({ length: 5 * MAX_LISTED_CALLERS }, (_, i) => `user-${String(i).padStart(5, '0')}`);
    const s = filled([...values].reverse(), MAX_LISTED_CALLERS);
    expect(s.sorted()).toStrictEqual(values.slice(0, MAX_LISTED_CALLERS));
    expect(s.truncated).toBe(true);
    const exact = filled(values.slice(0, MAX_LISTED_CALLERS), MAX_LISTED_CALLERS);
    expect(exact.truncated).toBe(false);
  });
});

// ---- Logs whose requests come from callers by the hundred ----

let spec: Spec;
beforeAll(async () => {
  spec = await loadFixtureSpec('1.28');
});


interface Req {
  uri: string;
  verb: string;
  user: string;
  agent: string;
}

/** Both stages of each request, one line each. */
function logLines(reqs: Req[]): string[] {
  return reqs.flatMap((r, i) => {
    const id = `${(i * 2654435761) >>> 0}`.padStart(10, '0') + `-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const base = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: id,
      requestURI: r.uri,
      verb: r.verb,
      user: { username: r.user, groups: ['system:authenticated'] },
      userAgent: r.agent,
      requestReceivedTimestamp: '2026-01-12T09:00:00.000000Z',
    };
    return [JSON.stringify({ ...base, stage: 'RequestReceived' }), JSON.stringify({ ...base, stage: 'ResponseComplete', responseStatus: { code: 200 } })];
  });
}

// list pods: 600 users (more than listed); get configmap: exactly 100 (all listed); list services: 300 programs
// (user agents); list flowschemas (beta: a violation): 150 programs; /metrics (unmatched): 200 programs; /readyz
// (unmatched): 130 users; 'é' and a surrogate pair among the names (code-unit order).
const N = MAX_LISTED_CALLERS;
const reqs: Req[] = shuffled(
  [
    ...Array.from({ length: N + 500 }, (_, i) => ({ uri: '/api/v1/namespaces/app/pods', verb: 'list', user: `sa-${i}${i % 97 === 0 ? 'é' : i % 89 === 0 ? '😀' : ''}`, agent: 'app/v1' })),
    ...Array.from({ length: N + 500 }, (_, i) => ({ uri: '/api/v1/namespaces/app/pods', verb: 'list', user: `sa-${i % 50}`, agent: 'app/v1' })),
    ...Array.from({ length: N }, (_, i) => ({ uri: '/api/v1/namespaces/app/configmaps/c', verb: 'get', user: `u-${i}`, agent: 'app/v1' })),
    ...Array.from({ length: N + 200 }, (_, i) => ({ uri: '/api/v1/namespaces/app/services', verb: 'list', user: 'sa-1', agent: `prog-${i}/v1 (linux/amd64)` })),
    ...Array.from({ length: N + 100 }, (_, i) => ({ uri: '/metrics', verb: 'get', user: 'sa-1', agent: `scraper-${i}/v2` })),
    ...Array.from({ length: N + 30 }, (_, i) => ({ uri: '/readyz', verb: 'get', user: `probe-${i}${i % 7 === 0 ? '😀' : ''}`, agent: 'prober/1' })),
    ...Array.from({ length: N + 50 }, (_, i) => ({ uri: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas', verb: 'list', user: 'sa-2', agent: `fc-${i}/v1` })),
  ],
  7,
);
const lines = logLines(reqs);
const options = (): ConstructorParameters<typeof Analysis>[0] => ({ spec, selection: { includeSystem: true } });

const op = (r: Report, operationId: string) => r.operations.find((o) => o.operationId === operationId)!;

describe('the report lists the first 100 callers of each operation, and says when there were more', () => {
  it('users, user agents and unmatched groups, on one thread', () => {
    const r = analyzeLines(lines, options());
    const pods = op(r, 'listCoreV1NamespacedPod');
    const podUsers = reqs.filter((q) => q.uri.endsWith('/pods')).map((q) => q.user);
    expect({ list: pods.users, truncated: pods.usersTruncated === true }).toStrictEqual(expected(podUsers, N));
    expect(pods.users).toHaveLength(N);
    expect(pods.users.slice(0, 2)).toStrictEqual(['sa-0', 'sa-0é']);
    expect(pods.hits).toBe(2 * (N + 500));
    expect(pods.userAgentsTruncated).toBeUndefined();
    // Exactly the limit: all listed, no flag (the key absent, as in reports before the limit).
    const cm = op(r, 'readCoreV1NamespacedConfigMap');
    expect(cm.users).toHaveLength(N);
    expect('usersTruncated' in cm).toBe(false);
    const svc = op(r, 'listCoreV1NamespacedService');
    expect(svc.userAgents).toHaveLength(N);
    expect(svc.userAgentsTruncated).toBe(true);
    expect(svc.userAgents).toStrictEqual(expected(reqs.filter((q) => q.uri.endsWith('/services')).map((q) => q.agent), N).list);
    const metrics = r.unmatched.find((u) => u.pattern === '/metrics')!;
    expect(metrics.count).toBe(N + 100);
    expect(metrics.userAgents).toHaveLength(N);
    expect(metrics.userAgentsTruncated).toBe(true);
    expect(metrics.users).toStrictEqual(['sa-1']);
    expect('usersTruncated' in metrics).toBe(false);
    // An unmatched group's users, cut as an operation's.
    const readyz = r.unmatched.find((u) => u.pattern === '/readyz')!;
    expect({ list: readyz.users, truncated: readyz.usersTruncated === true }).toStrictEqual(expected(reqs.filter((q) => q.uri === '/readyz').map((q) => q.user), N));
    expect(readyz.userAgents).toStrictEqual(['prober/1']);
    // The verdict's callers are the operation's user agents: cut alike, and it says so.
    const violation = r.verdict.violations.find((v) => v.operationId === 'listFlowcontrolApiserverV1beta3FlowSchema')!;
    expect(violation.callers).toHaveLength(N);
    expect(violation.callersTruncated).toBe(true);
    expect(r.verdict.violations.filter((v) => v.callersTruncated)).toHaveLength(1);
    // A report with the flags is a valid report file; a flag that is not true is not.
    expect(reportProblem(JSON.parse(JSON.stringify(r)))).toBeNull();
    expect(reportProblem({ ...r, operations: [{ ...pods, usersTruncated: 'yes' }] })).toMatch(/operations\[0\]\.usersTruncated is not a boolean/);
    expect(reportProblem({ ...r, unmatched: [{ ...metrics, userAgentsTruncated: 1 }] })).toMatch(/unmatched\[0\]\.userAgentsTruncated is not a boolean/);
    expect(reportProblem({ ...r, unmatched: [{ ...readyz, usersTruncated: 'yes' }] })).toMatch(/unmatched\[0\]\.usersTruncated is not a boolean/);
    expect(reportProblem({ ...r, unmatched: [{ ...readyz, users: ['a', null] }] })).toMatch(/unmatched\[0\]\.users is not a list of strings/);
    // Reports made before unmatched users were kept are valid.
    expect(reportProblem({ ...r, unmatched: r.unmatched.map(({ users: _u, usersTruncated: _t, ...u }) => u) })).toBeNull();
  });

  it('merge(analyze(a), analyze(b)) equals analyze(a+b)', () => {
    const a: string[] = [];
    const b: string[] = [];
    for (const l of lines) ((JSON.parse(l) as { auditID: string }).auditID < '2' ? a : b).push(l);
    expect(a.length).toBeGreaterThan(lines.length / 10);
    expect(b.length).toBeGreaterThan(lines.length / 10);
    const whole = analyzeLines(lines, options(), 'whole.log');
    const merged = mergeReports([analyzeLines(a, options(), 'a.log'), analyzeLines(b, options(), 'b.log')]);
    const { parts: _parts, ...kept } = merged;
    expect({ ...kept, inputs: whole.inputs }).toStrictEqual(whole);
    // The same text too: the flags come last, as analyze writes them.
    expect(JSON.stringify({ ...kept, inputs: whole.inputs })).toBe(JSON.stringify(whole));
  });

  it('merge cuts the lists of reports made before the limit (every caller listed), shared operation or not', () => {
    const r = analyzeLines(lines, options(), 'new.log');
    const names = Array.from({ length: N + 50 }, (_, i) => `old-${String(i).padStart(3, '0')}`);
    // As an older version wrote it: every name, no flag.
    const old: Report = { ...r, inputs: ['old.log'], operations: r.operations.map((o): OperationUsage => (o.operationId === 'readCoreV1NamespacedConfigMap' ? { ...o, users: names } : o)) };
    const alone = mergeReports([old]).operations.find((o) => o.operationId === 'readCoreV1NamespacedConfigMap')!;
    expect(alone.users).toStrictEqual(names.slice(0, N));
    expect(alone.usersTruncated).toBe(true);
    const shared = mergeReports([old, r]).operations.find((o) => o.operationId === 'readCoreV1NamespacedConfigMap')!;
    expect(shared.usersTruncated).toBe(true);
    expect(shared.users).toStrictEqual(expected([...names, ...op(r, 'readCoreV1NamespacedConfigMap').users], N).list);
  });

  it("merge with a report made before unmatched users were kept: a group it had has no users (unknown), the others keep theirs", () => {
    const r = analyzeLines(lines, options(), 'new.log');
    const readyz = r.unmatched.find((u) => u.pattern === '/readyz')!;
    const probes = Array.from({ length: N + 20 }, (_, i) => `old-probe-${i}`);
    const newOnly: Report = { ...r, unmatched: [{ ...readyz, users: probes }] };
    // Every user listed, as a report of another build might: cut to the first 100, and said.
    expect(mergeReports([newOnly]).unmatched[0]).toMatchObject({ users: expected(probes, N).list, usersTruncated: true });
    const old: Report = { ...r, inputs: ['old.log'], unmatched: r.unmatched.filter((u) => u.pattern === '/metrics').map(({ users: _u, usersTruncated: _t, ...u }) => u) };
    const merged = mergeReports([old, r]);
    const metrics = merged.unmatched.find((u) => u.pattern === '/metrics')!;
    expect(metrics.count).toBe(2 * (N + 100));
    expect('users' in metrics || 'usersTruncated' in metrics).toBe(false);
    expect(mergeReports([r, old]).unmatched.find((u) => u.pattern === '/metrics')).toStrictEqual(metrics);
    expect(merged.unmatched.find((u) => u.pattern === '/readyz')).toStrictEqual(readyz);
  });

  it('worker threads over byte ranges give the same report as one thread', async () => {
    const file = path.join(scratchDir('listed-callers'), 'callers.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const { sequential, parallel, outcome } = await oneAndTwoThreads(file, options, spec, 16 << 10);
    expect(outcome.exact).toBe(true);
    for (const n of outcome.rangesParsed!) expect(n).toBeGreaterThan(5);
    expect(parallel).toStrictEqual(sequential);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
    expect(op(sequential, 'listCoreV1NamespacedPod').usersTruncated).toBe(true);
  });

  it('the renderings say that more called it than are listed', () => {
    const r = analyzeLines(lines, options());
    const csv = renderCsv('app-usage-endpoints', [{ name: 'app', report: r }]);
    const podRow = csv.split('\r\n').find((row) => row.includes('listCoreV1NamespacedPod'))!;
    expect(podRow).toContain(`${op(r, 'listCoreV1NamespacedPod').users.at(-1)}\n${MORE_LISTED}"`);
    const cmRow = csv.split('\r\n').find((row) => row.includes('readCoreV1NamespacedConfigMap'))!;
    expect(cmRow).not.toContain(MORE_LISTED);
    expect(moreCallers(op(r, 'listCoreV1NamespacedPod'))).toBe(true);
    expect(callers(op(r, 'listCoreV1NamespacedPod'))).toHaveLength(N + 1);
    expect(moreCallers(op(r, 'readCoreV1NamespacedConfigMap'))).toBe(false);
    const md = renderMarkdown(r);
    // The violations' callers, and the unmatched patterns' user agents.
    expect(md.match(new RegExp(`\\+${N - 3} more and others`, 'g'))?.length).toBeGreaterThanOrEqual(2);
  });
});
