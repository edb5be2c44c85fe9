// The page of reports of several Kubernetes releases (the Action's fan-in of a matrix over kubernetes-version): each
// release's page in a fold, its files in a directory of its own (releaseDirs), all laid out under one budget.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { mdText } from '../../src/render/markdown-cells.js';
import { releaseDirs, renderReleasesMarkdown } from '../../src/render/markdown-releases.js';
import { detailsBalanced, tables } from '../helpers/markdown-check.js';
import { legacyAppReport, sampleOperatorReport } from '../helpers/report-fixtures.js';

const on = (release: string): Report => ({ ...sampleOperatorReport(), kubernetesVersion: release });

describe('renderReleasesMarkdown', () => {
  it("a release's rows left out point at its own directory's report.json, named as the Action names it", () => {
    // A report's kubernetesVersion that is no release name gets release-N as its directory (its place, N).
    const reports = [on('1.35'), on('not a release'), on('1.36')];
    expect(releaseDirs(reports)).toEqual(['1.35', 'release-2', '1.36']);
    const full = renderReleasesMarkdown(reports);
    // Tight enough that every release's operations table is cut, loose enough to keep some of its rows.
    const md = renderReleasesMarkdown(reports, { maxChars: Math.floor(full.length * 0.8) });
    expect(md.length).toBeLessThan(full.length);
    expect(() => tables(md)).not.toThrow();
    expect(detailsBalanced(md, 3)).toBe(true);
    const folds = md.split('<summary>Kubernetes ').slice(1);
    expect(folds.map((f) => f.slice(0, f.indexOf(':')))).toEqual(['1.35', '1.36', 'not a release']);
    for (const [fold, dir] of [
      [folds[0]!, '1.35'],
      [folds[1]!, '1.36'],
      [folds[2]!, 'release-2'],
    ] as const) {
      expect(fold).toMatch(new RegExp(`^… \\d+ more rows?, see ${dir.replace('.', '\\.')}/report\\.json$`, 'm'));
    }
    // None points at a report.json beside the page: there is none (only each release's).
    expect(md).not.toMatch(/see report\.json/);
  });

  it("a report's release is text in the fold's <summary> too, where Markdown escapes do not hold: no tag of it", () => {
    // A fork's report.json names any release it likes. The <summary> line is in an HTML block: a backslash there is a
    // backslash, and the tag after it is HTML (an image fetched from anywhere, a link).
    const release = '<img src=//e.vil/p>';
    const md = renderReleasesMarkdown([on('1.35'), on(release)]);
    const summaries = md.split('\n').filter((l) => l.startsWith('<summary>'));
    expect(summaries.filter((l) => l.startsWith('<summary>Kubernetes '))).toHaveLength(2);
    for (const line of summaries) expect(line.slice('<summary>'.length, -'</summary>'.length)).not.toMatch(/[<>]/);
    expect(md).toContain('<summary>Kubernetes &#60;img src=//e.vil/p&#62;: ');
  });

  it("a release's violations column counts operations, also in a report made before violations named all their rules (one per rule)", () => {
    // legacyAppReport's violations are of that form: four operations, each removed and beta, eight violations.
    const legacy = { ...legacyAppReport(), kubernetesVersion: '1.21' };
    expect(legacy.verdict.violations).toHaveLength(8);
    expect(legacy.verdict.violations.every((v) => v.rules === undefined)).toBe(true);
    const t = tables(renderReleasesMarkdown([legacy, on('1.36')])).find((x) => x.header[6] === 'violations')!;
    expect(t.rows.map((r) => [r[0], r[6], r[7]])).toEqual([
      ['1.21', '4', 'removed, beta'],
      ['1.36', String(sampleOperatorReport().verdict.violations.length), 'alpha, beta'],
    ]);
  });

  it('sections left out whole point at the report.json of each release', () => {
    const md = renderReleasesMarkdown([on('1.35'), on('1.36')], { maxChars: 3000 });
    expect(md).toMatch(/^_Left out to stay under 3000 characters: .*; see the report\.json in each release's directory\._$/m);
  });

  it("says the run's notes first, within maxChars (report.md of the Action's fan-in); none unless given", () => {
    const reports = [on('1.35'), on('1.36')];
    const notes = Array.from({ length: 11 }, (_, i) => `Kubernetes 1.36: helm install failed ${i} ${'<x>'.repeat(100)}`);
    const full = renderReleasesMarkdown(reports);
    expect(full).not.toContain('[!WARNING]');
    const md = renderReleasesMarkdown(reports, { notes, maxChars: full.length });
    expect(md.length).toBeLessThanOrEqual(full.length);
    expect(md.startsWith(`> [!WARNING]\n> ${mdText(notes[0]!, 400)}\n`)).toBe(true);
    expect(md).toContain('> … and 1 more\n\n## ');
  });
});

describe('a release whose selection kept no request', () => {
  it('is no green tick: the heading and its row say that nothing was judged there', () => {
    const passing = (release: string, selected: number): Report => {
      const r = on(release);
      return { ...r, summary: { ...r.summary, selected }, verdict: { ...r.verdict, pass: true, violations: [] } };
    };
    const md = renderReleasesMarkdown([passing('1.35', 3), passing('1.36', 0)]);
    expect(md.split('\n')[0]).toBe('## ⚠️ APISnoop: pass on Kubernetes 1.35 and 1.36, but nothing was judged on 1.36');
    const t = tables(md).find((x) => x.header[0] === 'Kubernetes')!;
    expect(t.rows.map((r) => [r[0], r[1]])).toEqual([
      ['1.35', '✅ pass'],
      ['1.36', '⚠️ pass, but nothing was judged'],
    ]);
    // Both judged something: the green tick.
    expect(renderReleasesMarkdown([passing('1.35', 3), passing('1.36', 1)]).split('\n')[0]).toBe('## ✅ APISnoop: pass on Kubernetes 1.35 and 1.36');
  });
});

describe('a release whose least privilege, which rbac-fail-on needed, was not checked', () => {
  it('fails, as its leg\'s step and verdict output did: not "pass on the requests seen, but the run failed"', () => {
    const passing = (release: string): Report => {
      const r = on(release);
      return { ...r, verdict: { ...r.verdict, pass: true, violations: [] } };
    };
    // What a leg's report.json says of it (least-privilege.ts, main.ts); a fan-in reads it so.
    const why = 'helm get manifest kapic failed (helm exited with code 1): Error: boom';
    const unchecked = { ...passing('1.36'), leastPrivilegeUnchecked: [{ why }], runNotes: { problems: [`Least privilege was not checked: ${why}.`], notices: [] } };
    const md = renderReleasesMarkdown([passing('1.35'), unchecked]);
    expect(md.split('\n')[0]).toBe('## ❌ APISnoop: fail on Kubernetes 1.36');
    expect(md).toContain('**Verdict: fail.** 1 of 2 Kubernetes releases fail; 1.35 passes.');
    const t = tables(md).find((x) => x.header[0] === 'Kubernetes')!;
    expect(t.rows.map((r) => [r[0], r[1], r[7]])).toEqual([
      ['1.35', '✅ pass', ''],
      ['1.36', '❌ fail', 'overprivileged'],
    ]);
    // Its own page, in its fold, says why.
    expect(md).toContain(`❌ **Least privilege was not checked** (rbac-fail-on **overprivileged**): ${mdText(why)}.`);
    // A leg of an apisnoop made before the field: its run problem says it, and fails the release the same.
    const older = { ...passing('1.36'), runNotes: unchecked.runNotes };
    expect(renderReleasesMarkdown([passing('1.35'), older])).toBe(md);
    // Least privilege not needed (rbac-fail-on: none): a notice, and the release passes.
    const noted = { ...passing('1.36'), runNotes: { problems: [], notices: [`Least privilege was not checked: ${why}.`] } };
    expect(renderReleasesMarkdown([passing('1.35'), noted]).split('\n')[0]).toBe('## ✅ APISnoop: pass on Kubernetes 1.35 and 1.36');
    // Words in a problem that the field contradicts fail nothing: the field alone says it.
    const quoting = { ...passing('1.36'), leastPrivilegeUnchecked: [], runNotes: unchecked.runNotes };
    expect(tables(renderReleasesMarkdown([passing('1.35'), quoting])).find((x) => x.header[0] === 'Kubernetes')!.rows[1]![7]).toBe('');
  });
});
