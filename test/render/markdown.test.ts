import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { DEFAULT_MAX_CHARS, mdCode, mdText, renderMarkdown } from '../../src/render/markdown.js';
import { detailsBalanced, outsideCode, sections, splitRow, tables, unsafeMarkup } from '../helpers/markdown-check.js';
import {
  HOSTILE_USER_AGENTS,
  hugeReport,
  legacyAppReport,
  loadCoverage,
  sampleOperatorReport,
} from '../helpers/report-fixtures.js';

const MARKER = '<!-- apisnoop:comment -->';

/** Checks every page must pass, whatever the report: tables whole, folds closed, nothing unsafe, totals add up. */
function expectValidPage(md: string, report: Report, maxChars: number, marker?: string): void {
  expect(md.length).toBeLessThanOrEqual(maxChars);
  expect(md.endsWith('\n')).toBe(true);
  expect(() => tables(md)).not.toThrow();
  expect(detailsBalanced(md)).toBe(true);
  expect(unsafeMarkup(md, marker)).toEqual([]);
  // The verdict heading is always there and comes first (after the marker).
  const lines = md.split('\n');
  const first = marker ? lines[2] : lines[0];
  expect(first).toBe(`## ${report.verdict.pass ? '✅' : '❌'} APISnoop: ${report.verdict.pass ? 'pass' : 'fail'}`);
  // Every table section shows some rows and says how many it left out, and the two add up to its total.
  for (const s of sections(md)) {
    if (s.total !== null && (s.shown > 0 || s.more > 0)) expect(s.shown + s.more, s.heading).toBe(s.total);
  }
}

describe('renderMarkdown on a sample operator (Kubernetes 1.36, APISnoop coverage 1.36.0)', () => {
  const report = sampleOperatorReport();
  const md = renderMarkdown(report, { marker: MARKER, reportUrl: 'https://github.com/o/r/actions/runs/42?check=(1)' });

  it('puts the marker first, then the verdict with the failed rules', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[2]).toBe('## ❌ APISnoop: fail');
    // alpha: listSchedulingV1alpha2NamespacedWorkload (3 hits); beta: the two LeaseCandidate operations (5 + 1 hits).
    expect(md).toContain('**Verdict: fail.** 3 operations break the policy (fail on **alpha**, **beta**).');
    expect(md).toContain('Failed rules: **alpha** (1 operation, 3 hits), **beta** (2 operations, 6 hits).');
    expect(md.indexOf('Verdict')).toBeLessThan(md.indexOf('| level'));
  });

  it('shows the level counts of the summary, discovery apart', () => {
    const counts = tables(md).find((t) => t.header[0] === 'level')!;
    const byName = Object.fromEntries(counts.rows.map((r) => [r[0], [Number(r[1]), Number(r[2])]]));
    for (const level of ['stable', 'beta', 'alpha'] as const) {
      expect(byName[level]).toEqual([report.summary.byLevel[level].operations, report.summary.byLevel[level].hits]);
    }
    // Discovery: getAPIVersions (4), getCoreAPIVersions (4), getCoordinationV1APIResources (2).
    expect(byName.discovery).toEqual([3, 10]);
    expect(byName.alpha).toEqual([1, 3]);
    expect(md).toContain(`**${report.summary.unmatched} unmatched**`);
    expect(md).toContain('0 invalid lines');
  });

  it('lists each violation with operation, level, rule, why, hits and callers', () => {
    const t = tables(md).find((x) => x.header.join() === 'operation,level,rule,why,hits,callers')!;
    expect(t.rows).toHaveLength(report.verdict.violations.length);
    const alpha = t.rows.find((r) => r[0].includes('listSchedulingV1alpha2NamespacedWorkload'))!;
    expect(alpha[0]).toContain('`GET /apis/scheduling.k8s.io/v1alpha2/namespaces/{namespace}/workloads`');
    expect(alpha.slice(1, 3)).toEqual(['alpha', 'alpha']);
    expect(alpha[4]).toBe('3');
    expect(alpha[5]).toBe('`sample-operator/v0.4.2 (linux/amd64) kubernetes/$Format`');
  });

  it('lists exactly the stable operations used that APISnoop 1.36.0 marks as not conformance tested', () => {
    const coverage = new Map(loadCoverage('1.36.0').map((e) => [e.endpoint, e]));
    const expected = report.operations
      .filter((o) => !o.discovery && coverage.get(o.operationId)?.level === 'stable' && coverage.get(o.operationId)?.conf_tested === false)
      .map((o) => o.operationId)
      .sort();
    expect(expected).toEqual([
      'connectCoreV1PostNamespacedPodExec',
      'createRbacAuthorizationV1NamespacedRole',
      'listRbacAuthorizationV1NamespacedRoleBinding',
      'readAutoscalingV2NamespacedHorizontalPodAutoscaler',
    ]);
    const t = tables(md).find((x) => x.header.join() === 'operation,kind,hits,any e2e test,callers')!;
    const listed = t.rows.map((r) => /^`(\w+)`/.exec(r[0])![1]).sort();
    expect(listed).toEqual(expected);
    // createRbacAuthorizationV1NamespacedRole: some e2e test hits it (tested), none of them conformance.
    expect(t.rows.find((r) => r[0].includes('createRbacAuthorizationV1NamespacedRole'))![3]).toBe('yes');
  });

  it('folds unmatched requests with group/version/resource, non-resource URLs and all operations', () => {
    expect(md).toContain('<summary>Unmatched API requests: custom, aggregated or unknown (2 patterns, 17 requests)</summary>');
    expect(md).toContain('<summary>Non-resource URLs and other unmatched requests (1 pattern, 2 requests)</summary>');
    expect(md).toContain(`<summary>All operations used (${report.operations.length} operations, ${report.summary.matched} requests)</summary>`);
    const unmatched = tables(md).find((t) => t.header[0] === 'group')!;
    expect(unmatched.rows[0].slice(0, 4)).toEqual(['`sample.example.com`', '`v1`', '`widgets`', '`list`']);
    const ops = tables(md).find((t) => t.header.join().startsWith('operation,level,group/version'))!;
    expect(ops.rows).toHaveLength(report.operations.length);
    // Most used first within a level: the Lease is read 180 times.
    expect(ops.rows[0][0]).toContain('readCoordinationV1NamespacedLease');
    expect(ops.rows[1][7]).toBe('200×175 409×1');
  });

  it('links the full report, and refuses a link that is not http(s)', () => {
    expect(md).toContain('**Full report:** [report](<https://github.com/o/r/actions/runs/42?check=(1)>)');
    expect(() => renderMarkdown(report, { reportUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
    expect(() => renderMarkdown(report, { reportUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('refuses a marker that is not one HTML comment', () => {
    expect(() => renderMarkdown(report, { marker: '<!-- a --> <b>x</b>' })).toThrow(/one HTML comment/);
    expect(() => renderMarkdown(report, { marker: 'apisnoop' })).toThrow(/one HTML comment/);
  });

  it('is a valid page', () => {
    expectValidPage(md, report, DEFAULT_MAX_CHARS, MARKER);
  });

  it('names the allow list, and passes with fail-on none', () => {
    const allowed = renderMarkdown(sampleOperatorReport({ allow: ['coordination.k8s.io'] }));
    expect(allowed).toContain('**Verdict: fail.** 1 operation breaks the policy (fail on **alpha**, **beta**; allowed: `coordination.k8s.io`).');
    expect(allowed).toContain('Failed rules: **alpha** (1 operation, 3 hits).');
    const reportOnly = renderMarkdown(sampleOperatorReport({ failOn: [] }));
    expect(reportOnly.split('\n')[0]).toBe('## ✅ APISnoop: pass');
    expect(reportOnly).toContain('**Verdict: pass.** No operation breaks the policy (fail-on is none: report only).');
    expect(reportOnly).not.toContain('### Violations');
  });

  it('says so when nothing is deprecated and when conformance data is missing', () => {
    expect(md).toContain('Nothing the app uses is deprecated or removed.');
    const noConformance = renderMarkdown(sampleOperatorReport({ conformance: false }));
    expect(noConformance).toContain('No conformance data was loaded for this analysis.');
    expect(noConformance).toContain('no conformance data loaded');
  });
});

describe('renderMarkdown on an app that Pluto says breaks after Kubernetes 1.21', () => {
  const report = legacyAppReport();
  const md = renderMarkdown(report);

  it('lists what is removed, soonest first, with the release and the replacement', () => {
    const t = tables(md).find((x) => x.header.join() === 'operation,level,deprecated in,removed in,replacement,source,hits')!;
    const rows = t.rows.map((r) => [/^`(\w+)`/.exec(r[0])![1], r[2], r[3], r[4], r[5]]);
    // From deprecations/pluto-versions.yaml: batch/v1beta1 CronJob 1.21 -> 1.25 (batch/v1), policy/v1beta1
    // PodSecurityPolicy 1.21 -> 1.25 (no replacement), autoscaling/v2beta2 HPA 1.23 -> 1.26 (autoscaling/v2).
    expect(rows).toEqual([
      ['listBatchV1beta1NamespacedCronJob', '1.21', '1.25', 'batch/v1', 'pluto'],
      ['readPolicyV1beta1PodSecurityPolicy', '1.21', '1.25', '', 'pluto'],
      ['createBatchV1beta1NamespacedCronJob', '1.21', '1.25', 'batch/v1', 'pluto'],
      ['listAutoscalingV2beta2NamespacedHorizontalPodAutoscaler', '1.23', '1.26', 'autoscaling/v2', 'pluto'],
    ]);
  });

  it('orders failed rules by urgency: removed before beta', () => {
    expect(md).toContain('Failed rules: **removed** (4 operations, 22 hits), **beta** (4 operations, 22 hits).');
    const t = tables(md).find((x) => x.header[2] === 'rule')!;
    expect(t.rows.map((r) => r[2])).toEqual(['removed', 'removed', 'removed', 'removed', 'beta', 'beta', 'beta', 'beta']);
  });
});

describe('renderMarkdown stays under maxChars whatever the size', () => {
  let huge: Report;
  beforeAll(() => {
    huge = hugeReport();
  });

  it('the huge fixture really is huge', () => {
    expect(huge.operations.length).toBeGreaterThan(1900);
    expect(huge.unmatched.length).toBe(4000);
    expect(huge.invalid.length).toBe(1200);
    expect(huge.verdict.violations.length).toBeGreaterThan(1000);
  });

  it('fits the default 60,000 characters with every section cut row-wise', () => {
    const md = renderMarkdown(huge, { marker: MARKER, reportUrl: 'https://example.com/r' });
    expectValidPage(md, huge, DEFAULT_MAX_CHARS, MARKER);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_CHARS * 0.95);
    const s = sections(md);
    const names = s.map((x) => x.heading.replace(/ \(.*$/, ''));
    expect(names).toEqual([
      'Violations',
      'Stable endpoints the app relies on that conformance tests do not cover',
      'Deprecated, or removed in a later release',
      'Unmatched API requests: custom, aggregated or unknown',
      'Non-resource URLs and other unmatched requests',
      'All operations used',
      'Invalid lines',
    ]);
    // Every table got rows (none was crowded out by the long violations list) and says what it left out.
    for (const x of s) {
      expect(x.shown, x.heading).toBeGreaterThan(0);
      expect(x.more, x.heading).toBeGreaterThan(0);
    }
    expect(md).toContain('**Full report:** [report](<https://example.com/r>)');
    expect(md.trimEnd().endsWith('<sub>apisnoop 0.1.0 · report.json schema 1</sub>')).toBe(true);
  });

  it('fits any budget from 1,100 to 80,000 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1100, max: 80_000 }), (maxChars) => {
        const md = renderMarkdown(huge, { maxChars });
        expectValidPage(md, huge, maxChars);
      }),
      { numRuns: 12 },
    );
  });

  it('drops whole sections, and says so, when even their headings do not fit', () => {
    const md = renderMarkdown(huge, { maxChars: 1500 });
    expectValidPage(md, huge, 1500);
    expect(md).toMatch(/_Left out to stay under 1500 characters: .*invalid lines.*; see report\.json\._/);
  });

  it('refuses a budget too small for the verdict, rather than cutting it', () => {
    expect(() => renderMarkdown(huge, { maxChars: 500 })).toThrow(/too small for the verdict/);
  });

  it('renders a small report whole, with no "more rows" line', () => {
    const md = renderMarkdown(sampleOperatorReport());
    expect(md).not.toContain('more rows');
  });
});

describe('escaping of untrusted text', () => {
  const report = sampleOperatorReport();
  // Hostile callers everywhere a log puts text: violation callers, unmatched patterns and agents, invalid lines.
  report.verdict.violations[0].callers = HOSTILE_USER_AGENTS;
  report.verdict.violations[0].why = 'beta API <img src=x onerror=alert(1)> by @octocat **now** | [x](http://e.example)';
  report.unmatched.push({
    pattern: '/apis/x|y/`v1`/<script>',
    verb: 'get|list',
    reason: 'unknown-group-version',
    count: 1,
    group: 'x|y',
    version: '`v1`',
    resource: '<script>',
    userAgents: HOSTILE_USER_AGENTS,
  });
  report.invalid.push({ file: 'a|b.log', line: 3, message: 'bad ``` </details> @here' });
  report.summary.invalidLines = 1;
  const md = renderMarkdown(report, { title: 'Title <b>bold</b> @team' });

  it('keeps every table row whole and every fold closed', () => {
    expect(() => tables(md)).not.toThrow();
    expect(detailsBalanced(md)).toBe(true);
    expect((md.match(/<details>/g) ?? []).length).toBe(4);
  });

  it('lets no HTML, link, emphasis or @mention out of a cell', () => {
    expect(unsafeMarkup(md)).toEqual([]);
    // Outside code spans the tags only appear backslash-escaped.
    expect(outsideCode(md)).not.toMatch(/(?<!\\)<(script|img)/);
    expect(outsideCode(md)).toContain('\\<img');
    expect(md).toContain('## ❌ Title \\<b\\>bold\\</b\\> @\u200bteam: fail');
  });

  it('keeps the text readable: pipes escaped for the table, backticks fenced, long agents clipped', () => {
    const violation = tables(md).find((t) => t.header[2] === 'rule')!.rows.find((r) => r[3].includes('onerror'))!;
    expect(violation[3]).toBe('beta API \\<img src=x onerror=alert\\(1\\)\\> by @\u200boctocat \\*\\*now\\*\\* \\| \\[x\\]\\(http://e.example\\)');
    expect(violation[5]).toContain('evil\\|agent <script>alert(1)</script> ');
    expect(violation[5].startsWith('``evil')).toBe(true);
    expect(violation[5]).toContain('+2 more');
    const unmatched = tables(md).find((t) => t.header[0] === 'group')!.rows.find((r) => r[0] === '`x\\|y`')!;
    expect(unmatched[1]).toBe('`` `v1` ``');
    const invalid = tables(md).find((t) => t.header[0] === 'file')!.rows[0];
    expect(invalid).toEqual(['`a\\|b.log`', '3', '````bad ``` </details> @here````']);
  });

  it('mdCode and mdText by themselves', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('a|b', 160, false)).toBe('`a|b`');
    expect(mdCode('line1\r\nline2')).toBe('`line1  line2`');
    expect(mdCode('')).toBe('');
    expect(mdCode('x'.repeat(500), 10)).toBe('`xxxxxxxxx…`');
    // Never cuts a surrogate pair in half.
    expect(mdCode('😀'.repeat(20), 5)).toBe('`😀😀😀😀…`');
    expect(mdText('a_b*c')).toBe('a\\_b\\*c');
    expect(mdText('mail jane@example.com, ping @team')).toBe('mail jane@example.com, ping @\u200bteam');
    expect(splitRow(`| ${mdCode('a|b|c')} | x |`)).toEqual(['`a\\|b\\|c`', 'x']);
  });
});

describe('the page checks used above catch broken pages', () => {
  it('a row with an unescaped pipe, a missing delimiter row, raw HTML, a mention, an open fold', () => {
    expect(() => tables('| a | b |\n| - | - |\n| x | y|z |\n')).toThrow(/3 cells where the header has 2/);
    expect(() => tables('| a | b |\n| x | y |\n')).toThrow(/without a delimiter row/);
    expect(tables('| a |\n| - |\n| `x\\|y` |\n')[0].rows).toEqual([['`x\\|y`']]);
    expect(unsafeMarkup('hi <script> @bob [x](y) `<ok> @ok`')).toHaveLength(3);
    expect(detailsBalanced('<details>\n<summary>x</summary>\n')).toBe(false);
    expect(detailsBalanced('`<details>`\n')).toBe(true);
  });
});
