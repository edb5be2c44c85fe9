// What docs/report-schema.md says of some fields, checked against what the code does on a real log (the sample
// analyze's demo reads): the summary's counts that leave discovery out say so, and unmatched[] is in the order said.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { summarize } from '../../src/engine/coverage.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report, Summary, Unmatched } from '../../src/engine/report.js';
import { repoRoot } from '../helpers/fixtures.js';

const doc = readFileSync(path.join(repoRoot, 'docs/report-schema.md'), 'utf8');
/** The table's row whose field column names `field` (its first field, or a sibling after a /). */
const rowOf = (field: string): string => {
  const [parent] = field.split('.');
  const row = doc.split('\n').find((l) => l.startsWith(`| \`${field}\``) || (l.startsWith(`| \`${parent}.`) && l.split('|')[1]!.includes(`\`${field.split('.')[1]}\``)));
  if (!row) throw new Error(`no row for ${field}`);
  return row;
};

let report: Report;
beforeAll(async () => {
  report = await analyzeLogs({ logs: [path.join(repoRoot, 'data/sample-audit.log.gz')], kubernetesVersion: '1.33' });
});

describe('docs/report-schema.md', () => {
  it('says of every summary count that leaves discovery operations out that it does', () => {
    expect(report.summary.discovery.operations).toBeGreaterThan(0);
    // Each discovery operation made stable, deprecated, removed already and untested: counted by none of these.
    const counts = (ops: Report['operations']): Summary => summarize(ops, report.kubernetesVersion, report.summary);
    const before = counts(report.operations);
    const after = counts(
      report.operations.map((o) => (o.discovery ? { ...o, level: 'stable', deprecated: true, removedIn: '1.30', lastServedIn: '1.29', conformanceTested: false, conformanceIneligible: null } : o)),
    );
    const leftOut = ['deprecated', 'removedSoon', 'removedAlready', 'stableUntested', 'stableConformanceUnknown', 'stableUntestedEligible'] as const;
    for (const k of leftOut) {
      expect(after[k], k).toBe(before[k]);
      expect(rowOf(`summary.${k}`), k).toMatch(/discovery/);
    }
    // The same operations counted elsewhere do change a count: the check above can fail.
    expect(counts(report.operations.map((o) => (o.discovery ? o : { ...o, deprecated: true }))).deprecated).toBeGreaterThan(before.deprecated);
  });

  it('gives the order of unmatched[] that analyze and merge write', () => {
    const said = /listed by `count` \(most first\), then by `(\w+)`, `(\w+)` and `(\w+)` in text order/.exec(rowOf('unmatched[]'));
    expect(said).not.toBeNull();
    const keys = said!.slice(1) as Array<'reason' | 'pattern' | 'verb'>;
    const inOrder = (list: Unmatched[]): Unmatched[] =>
      [...list].sort((a, b) => b.count - a.count || keys.reduce((d, k) => d || (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0), 0));
    expect(report.unmatched.length).toBeGreaterThan(2);
    expect(report.unmatched).toEqual(inOrder(report.unmatched));
    // Merged with a copy counted three times over for one pattern: the counts reorder the list.
    const heavier = { ...report, inputs: ['other.log'], inputIds: undefined, unmatched: report.unmatched.map((u, i) => (i === report.unmatched.length - 1 ? { ...u, count: u.count * 40 } : u)) };
    const merged = mergeReports([report, heavier]);
    expect(merged.unmatched[0]!.pattern).toBe(report.unmatched.at(-1)!.pattern);
    expect(merged.unmatched).toEqual(inOrder(merged.unmatched));
  });
});
