// One page for reports of several Kubernetes releases (a matrix over kubernetes-version): side by side, never added up
// (each was matched against its own release's spec, which is why merge refuses them). The overall verdict first, a row
// per release, then each release's own page in a fold. All the releases' sections are laid out together by the one
// layout (markdown-layout.ts), so that the most important section of every release is kept before any release's less
// important ones, and the whole fits one comment.
import { markdownTable } from 'markdown-table';
import { reportPasses, reportTitle, rulesOf, type Report, uncheckedLeastPrivilege } from '../engine/report.js';
import { nothingJudged, type Surface } from '../engine/verdict.js';
import { compareReleases, compareText, VIOLATION_RULE_ORDER, violatingOperations } from './format.js';
import { htmlText, mdLink, mdText } from './markdown-cells.js';
import { fixed, layout, type Part } from './markdown-layout.js';
import { checkMaxChars, footer, reportParts, runFailed, runNotesParts } from './markdown.js';

/**
 * Releases in release order (1.9 before 1.10, as compareMinor orders them); what is not a release (a report's word:
 * compareMinor reads "../x" as 0.0), after, by its text.
 */
export function compareRelease(a: string, b: string): number {
  return compareReleases(a, b) || compareText(a, b);
}

/** Release order, for whatever carries its release. */
export const byRelease = <T extends { kubernetesVersion: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => compareRelease(a.kubernetesVersion, b.kubernetesVersion));

/**
 * The directory of each release's files, in the order given: its release (1.34), when that is a release's name (what
 * analyze writes: a minor, or "unknown"); else release-N, N its place. A report is another job's word: its
 * kubernetesVersion must not reach outside the report directory ("../x"), over another release's directory, or over
 * a file the fan-in writes beside them (a release "report.md" made report.md a directory, and the step broke on it).
 */
export function releaseDirs(reports: readonly Report[]): string[] {
  const taken = new Set<string>();
  return reports.map((r, i) => {
    const release = r.kubernetesVersion;
    let name = /^(v?[0-9][0-9A-Za-z._-]{0,40}|unknown)$/.test(release) ? release : `release-${i + 1}`;
    // Case apart: a case-insensitive file system (macOS runners) holds one of 1.34-RC and 1.34-rc.
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `release-${i + 1}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

const releaseText = (report: Report): string => mdText(report.kubernetesVersion, 30);

/** "1.33, 1.34 and 1.35" */
function listText(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// The operations' rules in the page's order, then the run's and least privilege's.
const RULE_ORDER: readonly string[] = [...VIOLATION_RULE_ORDER, 'empty', 'invalid', 'overprivileged'];

/** The rules a release fails on: the operations' (removed, beta…), the run's (empty, invalid), least privilege's. */
export function failedRules(report: Report): string[] {
  const rules = new Set<string>(report.verdict.violations.flatMap((v) => rulesOf(v)));
  for (const f of report.verdict.runFailures ?? []) rules.add(f.rule);
  // Least privilege failed, or was needed and not checked.
  if ((report.rbac ?? []).some((c) => c.verdict !== null && !c.verdict.pass) || uncheckedLeastPrivilege(report).length > 0) rules.add('overprivileged');
  // The page's order: what is gone already first, then what is going, the unstable levels, then the run's rules.
  const rank = (rule: string): number => (RULE_ORDER.includes(rule) ? RULE_ORDER.indexOf(rule) : RULE_ORDER.length);
  return [...rules].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** A release's verdict, in its row of the table and on its fold: no green tick under a red step, as on its own page. */
const verdictMark = (report: Report): string =>
  !reportPasses(report) ? '❌ fail' : runFailed(report) ? '⚠️ pass, but the run failed' : nothingJudged(report) ? '⚠️ pass, but nothing was judged' : '✅ pass';

function headBlock(reports: Report[], title: string): string {
  const failing = reports.filter((r) => !reportPasses(r)).map(releaseText);
  const passing = reports.filter((r) => reportPasses(r)).map(releaseText);
  const unjudged = reports.filter((r) => reportPasses(r) && nothingJudged(r)).map(releaseText);
  const heading =
    failing.length > 0
      ? `## ❌ ${mdText(title, 120)}: fail on Kubernetes ${listText(failing)}`
      : reports.some(runFailed)
        ? `## ⚠️ ${mdText(title, 120)}: pass on the requests seen on Kubernetes ${listText(passing)}, but the run failed`
        : unjudged.length > 0
          ? `## ⚠️ ${mdText(title, 120)}: pass on Kubernetes ${listText(passing)}, but nothing was judged on ${listText(unjudged)}`
          : `## ✅ ${mdText(title, 120)}: pass on Kubernetes ${listText(passing)}`;
  const verdict =
    failing.length === 0
      ? `**Verdict: pass** on all ${reports.length} Kubernetes releases.`
      : `**Verdict: fail.** ${failing.length} of ${reports.length} Kubernetes releases fail${passing.length > 0 ? `; ${listText(passing)} pass${passing.length === 1 ? 'es' : ''}` : ''}. ` +
        'Each release was judged on its own, against its own spec; its page is below.';
  return `${heading}\n\n${verdict}`;
}

function releasesTable(reports: Report[], reportUrl: string | undefined): string {
  const table = markdownTable(
    [
      ['Kubernetes', 'verdict', 'requests / selected', 'stable', 'beta', 'alpha', 'violations', 'failed rules'],
      ...reports.map((r) => {
        const s = r.summary;
        return [
          releaseText(r),
          verdictMark(r),
          `${s.requests} / ${s.selected}`,
          String(s.byLevel.stable.operations),
          String(s.byLevel.beta.operations),
          String(s.byLevel.alpha.operations),
          String(violatingOperations(r).length),
          failedRules(r)
            .map((rule) => mdText(rule, 20))
            .join(', '),
        ];
      }),
    ],
    { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'], alignDelimiters: false },
  );
  return reportUrl !== undefined ? `${table}\n\n**Full reports, one directory per release:** ${mdLink('report', reportUrl)}` : table;
}

export interface ReleasesMarkdownOptions {
  /** Heading text; default "APISnoop". */
  title?: string;
  /** Link to the full reports (the run's artifact). http(s) only. */
  reportUrl?: string;
  /** Hard upper bound on the length of the result, as renderMarkdown's. */
  maxChars?: number;
  /**
   * The run's notes (the fan-in's, each release's said with it), shown first, within maxChars: the page written as
   * report.md. Default none: the comment and the job summary put them above the page themselves.
   */
  notes?: readonly string[];
  /** Where the policy was given, as renderMarkdown's. */
  surface?: Surface;
}

/**
 * The page of several releases' reports (each already merged for its release). Each release's page keeps its own
 * sections, priorities and row cuts; under a tight budget its tables go first (least important first, across all
 * releases), then its counts and its verdict, never the head and the table of releases, which say every verdict.
 * `reports` in the order the Action names their directories in (releaseDirs): a cut says where its rows are.
 */
export function renderReleasesMarkdown(reports: readonly Report[], opts: ReleasesMarkdownOptions = {}): string {
  const maxChars = checkMaxChars(opts.maxChars);
  const title = opts.title ?? 'APISnoop';
  if (reports.length === 0) throw new RangeError('renderReleasesMarkdown: no report');
  // Each release's files are in a directory of its own, named as the Action names it from the reports in this order.
  const dirs = new Map(releaseDirs(reports).map((dir, i) => [reports[i]!, dir]));
  const ordered = byRelease(reports);
  const parts: Part[] = [...runNotesParts(opts.notes ?? []), fixed(headBlock(ordered, title)), fixed(releasesTable(ordered, opts.reportUrl))];
  for (const r of ordered) {
    const release = releaseText(r);
    // An HTML block: Markdown's escapes do not hold there, HTML's do.
    parts.push(fixed(`<details>\n<summary>Kubernetes ${htmlText(r.kubernetesVersion, 30)}: ${verdictMark(r)}</summary>`));
    // Its rows left out are in its own report.json, not in one beside this page.
    const reportFile = mdText(`${dirs.get(r)!}/report.json`);
    // Its own app: a release some app's legs are missing from is not named after that app.
    const own = r.app !== undefined ? reportTitle(r) : title;
    for (const p of reportParts(r, { title: `${own} on Kubernetes ${r.kubernetesVersion}`, reportFile, surface: opts.surface })) {
      const name = `${release} ${p.name}`;
      // A release's verdict and counts may go too when there are very many releases: the table above still says them.
      parts.push(p.fixed ? { ...p, name, fixed: false, priority: p.name === 'verdict' ? -1 : 0 } : { ...p, name });
    }
    parts.push(fixed('</details>'));
  }
  parts.push(fixed(footer(ordered[0]!)));
  return layout(parts, maxChars, "the report.json in each release's directory");
}
