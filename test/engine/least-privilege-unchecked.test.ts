// Least privilege the policy needed and could not check: report.json's leastPrivilegeUnchecked, what every reader
// judges by, and the run problem's words only in reports made before the field.
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/engine/merge.js';
import { LEAST_PRIVILEGE_UNCHECKED, notesBesideVerdict, reportPasses, uncheckedLeastPrivilege, uncheckedUnsaid, type Report } from '../../src/engine/report.js';
import { mdText } from '../../src/render/markdown-cells.js';
import { renderMarkdown, runNotesOf } from '../../src/render/markdown.js';
import { reportProblem } from '../../src/sources/report-file.js';
import { sampleOperatorReport } from '../helpers/report-fixtures.js';
import { schemaErrors } from '../helpers/report-schema.js';

/** A report whose API policy passes, of `app`, with the run problems and field given. */
function report(app: string | undefined, problems: string[] = [], unchecked?: Report['leastPrivilegeUnchecked']): Report {
  const r: Report = { ...sampleOperatorReport({ failOn: [] }), ...(app !== undefined ? { app } : {}) };
  if (problems.length > 0) r.runNotes = { problems, notices: [] };
  if (unchecked) r.leastPrivilegeUnchecked = unchecked;
  return r;
}

// What the Action writes when rbac-fail-on needed least privilege and helm get manifest failed (least-privilege.ts).
const WHY = 'helm get manifest opa failed (helm exited with code 1): Error: boom';
const written = (app: string, why = WHY): Report => report(app, [`${LEAST_PRIVILEGE_UNCHECKED}${why}.`], [{ app, why }]);
// The same, as an apisnoop made before the field wrote it: the run problem alone.
const older = (app: string | undefined, why = WHY): Report => report(app, [`${LEAST_PRIVILEGE_UNCHECKED}${why}.`]);

describe('reportPasses and leastPrivilegeUnchecked', () => {
  it('fails on the field, whatever the run problems say', () => {
    expect(reportPasses(report('opa'))).toBe(true);
    expect(reportPasses(report('opa', [], [{ app: 'opa', why: WHY }]))).toBe(false);
    // The field alone decides: a run problem in other words (a translated page, a reworded message) does not matter.
    expect(reportPasses(report('opa', ['Le moindre privilège n\'a pas été vérifié'], [{ why: WHY }]))).toBe(false);
    expect(uncheckedLeastPrivilege(written('opa'))).toEqual([{ app: 'opa', why: WHY }]);
  });

  it('takes no problem for it when the field is there, even one in its very words', () => {
    // The field says none: a problem that opens with the words (quoted, or put there by hand) fails nothing.
    const quoting = report('opa', [`${LEAST_PRIVILEGE_UNCHECKED}says a webhook's message.`], []);
    expect(uncheckedLeastPrivilege(quoting)).toEqual([]);
    expect(reportPasses(quoting)).toBe(true);
    // And the field's own entries are all there is: not the problem's text besides.
    const both = report('opa', [`${LEAST_PRIVILEGE_UNCHECKED}another reason.`], [{ app: 'opa', why: WHY }]);
    expect(uncheckedLeastPrivilege(both)).toEqual([{ app: 'opa', why: WHY }]);
  });

  it('reads a report made before the field from its run problem, only when the field is absent', () => {
    expect(uncheckedLeastPrivilege(older('opa'))).toEqual([{ app: 'opa', why: WHY }]);
    expect(uncheckedLeastPrivilege(older(undefined))).toEqual([{ why: WHY }]);
    expect(reportPasses(older('opa'))).toBe(false);
    // An older merge of several apps named the app before it.
    const merged = report('opa + webhook', [`opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    expect(uncheckedLeastPrivilege(merged)).toEqual([{ app: 'opa', why: WHY }]);
    // A problem that only quotes the words (an install-command's last line) is none, with or without the field.
    const quoted = `install-command failed (exit 1); it said last: Error: admission webhook: ${LEAST_PRIVILEGE_UNCHECKED}by the webhook`;
    expect(reportPasses(report('opa', [quoted]))).toBe(true);
    expect(reportPasses(report('opa', [quoted], []))).toBe(true);
  });
});

describe('merge of leastPrivilegeUnchecked', () => {
  it('keeps each report\'s, each once, sorted, with its app, whatever the order of the reports', () => {
    const parts = [written('webhook', 'no RBAC manifests (rbac-granted) were given'), report('kapic'), written('opa'), written('opa')];
    const merged = mergeReports(parts);
    expect(merged.app).toBe('kapic + opa + webhook');
    expect(merged.leastPrivilegeUnchecked).toEqual([
      { app: 'opa', why: WHY },
      { app: 'webhook', why: 'no RBAC manifests (rbac-granted) were given' },
    ]);
    expect(mergeReports([...parts].reverse()).leastPrivilegeUnchecked).toEqual(merged.leastPrivilegeUnchecked);
    expect(reportPasses(merged)).toBe(false);
    // A merged report merged again keeps them as they are.
    expect(mergeReports([merged, report('zeta')]).leastPrivilegeUnchecked).toEqual(merged.leastPrivilegeUnchecked);
  });

  it('writes none when no report has any, and passes', () => {
    const merged = mergeReports([report('opa'), report('webhook')]);
    expect('leastPrivilegeUnchecked' in merged).toBe(false);
    expect(reportPasses(merged)).toBe(true);
  });

  it('an entry without an app takes its report\'s', () => {
    const merged = mergeReports([report('opa', [], [{ why: WHY }]), report('webhook')]);
    expect(merged.leastPrivilegeUnchecked).toEqual([{ app: 'opa', why: WHY }]);
  });

  it("carries an older job's run problem into the field, so a fan-in of an old report and a new one still fails on it", () => {
    const merged = mergeReports([older('opa'), report('webhook', [], [])]);
    expect(merged.leastPrivilegeUnchecked).toEqual([{ app: 'opa', why: WHY }]);
    expect(reportPasses(merged)).toBe(false);
    // Its words stay among the run problems, for people.
    expect(merged.runNotes?.problems).toEqual([`opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    // Beside a new report's own entry, which readers take alone once there: the old one's is not lost to it.
    const both = mergeReports([older('opa'), written('webhook', 'no RBAC manifests (rbac-granted) were given')]);
    expect(both.leastPrivilegeUnchecked).toEqual([
      { app: 'opa', why: WHY },
      { app: 'webhook', why: 'no RBAC manifests (rbac-granted) were given' },
    ]);
  });

  it('takes no quoted words for it in a report without the field either', () => {
    const quoted = `install-command failed (exit 1); it said last: ${LEAST_PRIVILEGE_UNCHECKED}by the webhook`;
    const merged = mergeReports([report('opa', [quoted]), report('webhook')]);
    expect('leastPrivilegeUnchecked' in merged).toBe(false);
    expect(reportPasses(merged)).toBe(true);
  });
});

describe('the schema of leastPrivilegeUnchecked', () => {
  it('holds a report with it, and a merged one; refuses an entry without why', () => {
    const merged = mergeReports([written('opa'), report('webhook')]);
    for (const r of [written('opa'), merged]) {
      expect(schemaErrors(r)).toEqual([]);
      expect(reportProblem(JSON.parse(JSON.stringify(r)))).toBeNull();
    }
    const bad = { ...written('opa'), leastPrivilegeUnchecked: [{ app: 'opa' }] };
    expect(schemaErrors(bad)).toEqual(["/leastPrivilegeUnchecked/0 must have required property 'why'"]);
    expect(reportProblem(bad)).toBe('leastPrivilegeUnchecked[0].why is missing');
  });
});

describe('least privilege not checked that no run problem says (a report not written by apisnoop)', () => {
  it('is said in the run problem\'s words, once: nothing more when a problem says it already', () => {
    expect(uncheckedUnsaid(report('opa', [], [{ app: 'opa', why: WHY }]), [])).toEqual([`${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    expect(uncheckedUnsaid(written('opa'), written('opa').runNotes!.problems)).toEqual([]);
    // A merge of several apps names whose run it was, as merge names its problems.
    expect(uncheckedUnsaid(report('opa + webhook', [], [{ app: 'opa', why: WHY }]), [])).toEqual([`opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    // Said only whole: a problem that merely holds the reason, or says another app's, does not say it.
    expect(uncheckedUnsaid(report('webhook', [], [{ app: 'webhook', why: 'helm' }]), ['helm install failed: exit 1.'])).toEqual([`${LEAST_PRIVILEGE_UNCHECKED}helm.`]);
    const two = report('opa + webhook', [], [{ app: 'opa', why: WHY }, { app: 'webhook', why: WHY }]);
    expect(uncheckedUnsaid(two, [`opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toEqual([`webhook: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    expect(uncheckedUnsaid(report('opa', [], [{ why: '' }]), ['anything'])).toEqual([`${LEAST_PRIVILEGE_UNCHECKED}.`]);
    // After its own release's name, as the fan-in of several releases says a release's problems; not another's.
    const release = `Kubernetes ${written('opa').kubernetesVersion}`;
    expect(uncheckedUnsaid(written('opa'), [`${release}: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toEqual([]);
    expect(uncheckedUnsaid(written('opa'), [`Kubernetes 9.99: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toEqual([`${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    // An unnamed report's reason is not said by another app's problem in the same words; its own apps' prefixes do.
    expect(uncheckedUnsaid(report(undefined, [], [{ why: WHY }]), [`opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toEqual([`${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`]);
    expect(uncheckedUnsaid(report('opa + gk', [], [{ app: 'opa', why: WHY }]), [`opa + gk: opa: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toEqual([]);
  });

  it('merge keeps an empty field, so the run problems\' words decide nothing again in the merged report', () => {
    // The field says none; a problem in its words (quoted, or put there by hand) was taken as the failure once merge
    // dropped the empty field and the older reports' fallback read the text.
    const quoting = report('opa', [`${LEAST_PRIVILEGE_UNCHECKED}says a webhook's message.`], []);
    expect(reportPasses(quoting)).toBe(true);
    const merged = mergeReports([quoting]);
    expect(merged.leastPrivilegeUnchecked).toEqual([]);
    expect(reportPasses(merged)).toBe(true);
    // Reports that never had it: still none written.
    expect(mergeReports([report('opa'), report('webhook')]).leastPrivilegeUnchecked).toBeUndefined();
  });
});

describe('least privilege not checked on the page: said once, on the verdict\'s line', () => {
  const times = (text: string, part: string): number => text.split(part).length - 1;

  it("report.md leaves the run problem that says it out of the notes above the verdict, keeping the others", () => {
    const other = 'helm test ran no tests: the chart has no test hooks.';
    const one = written('opa');
    one.runNotes!.notices = [other];
    const md = renderMarkdown(one);
    expect(times(md, mdText(WHY))).toBe(1);
    expect(md).toContain(`❌ **Least privilege was not checked** (rbac-fail-on **overprivileged**): ${mdText(WHY)}.`);
    expect(md).toContain(`> ${mdText(other)}`);
    expect(notesBesideVerdict(one, runNotesOf(one))).toEqual([other]);
    // A report made before the field says it in the problem alone: the verdict's line says it all the same.
    expect(times(renderMarkdown(older('opa')), mdText(WHY))).toBe(1);
    // A merge of several apps: each app's once, named.
    const merged = mergeReports([written('opa'), written('webhook', 'no RBAC manifests (rbac-granted) were given'), report('kapic')]);
    const page = renderMarkdown(merged);
    expect(times(page, mdText(WHY))).toBe(1);
    expect(times(page, 'no RBAC manifests')).toBe(1);
    expect(page).toContain(`(rbac-fail-on **overprivileged**): webhook: no RBAC manifests`);
    // Not a problem naming another app or release, nor a notice that only holds the words: those are not the verdict's.
    expect(notesBesideVerdict(one, [`webhook: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`, `Kubernetes 9.99: ${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`])).toHaveLength(2);
    // No entry (the policy did not need it): its notice stays above the page, the only place that says it.
    const noted = report('opa');
    noted.runNotes = { problems: [], notices: [`${LEAST_PRIVILEGE_UNCHECKED}${WHY}.`] };
    expect(times(renderMarkdown(noted), mdText(WHY))).toBe(1);
    expect(renderMarkdown(noted)).not.toContain('❌ **Least privilege was not checked**');
  });

  // A release's report (its problem after "Kubernetes 1.21: ", as the fan-in of several releases writes it) merged
  // with another app's: merge puts the app before it, "gk: Kubernetes 1.21: …", which was said above the verdict and
  // again on its line (and merge printed it once more as a problem no note said).
  it("a merge of several apps says a release's problem once, on the verdict's line, whatever names come before it", () => {
    const gk = report('gk', [`Kubernetes ${report('gk').kubernetesVersion}: ${LEAST_PRIVILEGE_UNCHECKED}helm.`], [{ why: 'helm' }]);
    const merged = mergeReports([older('opa', 'helm get manifest failed (exit 1)'), gk]);
    expect(merged.runNotes!.problems).toContain(`gk: Kubernetes ${gk.kubernetesVersion}: ${LEAST_PRIVILEGE_UNCHECKED}helm.`);
    const page = renderMarkdown(merged);
    expect(times(page, `${LEAST_PRIVILEGE_UNCHECKED}helm.`)).toBe(0);
    expect(page).toContain('(rbac-fail-on **overprivileged**): gk: helm.');
    expect(times(page, 'helm get manifest failed')).toBe(1);
    expect(notesBesideVerdict(merged, merged.runNotes!.problems)).toEqual([]);
    expect(uncheckedUnsaid(merged, merged.runNotes!.problems)).toEqual([]);
    // Kept: another release's, one under another app's name last, one of an app the report does not hold.
    const others = [`gk: Kubernetes 9.99: ${LEAST_PRIVILEGE_UNCHECKED}helm.`, `gk: opa: ${LEAST_PRIVILEGE_UNCHECKED}helm.`, `zeta: Kubernetes ${gk.kubernetesVersion}: ${LEAST_PRIVILEGE_UNCHECKED}helm.`];
    expect(notesBesideVerdict(merged, others)).toEqual(others);
    // And gk's own, after the release's name or before it, are its.
    expect(notesBesideVerdict(merged, [`Kubernetes ${gk.kubernetesVersion}: gk: ${LEAST_PRIVILEGE_UNCHECKED}helm.`, `gk + opa: gk: ${LEAST_PRIVILEGE_UNCHECKED}helm.`])).toEqual([]);
  });
});
