// The fan-in job of a matrix (the reports input): the legs' reports merged release by release, and the pages of
// legs that produced none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeReports } from '../engine/merge.js';
import type { Report } from '../engine/report.js';
import { logInfo } from '../github/log.js';
import { mergedAllowWarnings } from '../merge.js';
import { compareRelease } from '../render/markdown-releases.js';
import { readDistinctReportFiles } from '../sources/report-file.js';
import type { ActionSettings } from './settings.js';

/**
 * The fan-in job of a matrix: the reports of the jobs that analyzed, merged as if their logs had been analyzed
 * together, judged by this step's fail-on and allow where given, else by the reports' own policy (the strictest
 * combination of them when they differ, whatever order the artifacts came in).
 * What merge could not combine (least privilege of different requests, kept by the strictest verdict; selections that
 * differ) is said as a warning.
 */
export async function mergeReportFiles(settings: ActionSettings, warn: (message: string) => void): Promise<Report[]> {
  const read = await readDistinctReportFiles(settings.reports, warn);
  // Merge adds up reports of one release only (each was matched against its release's spec): a matrix over
  // kubernetes-version is merged release by release, and its releases are shown side by side.
  const byRelease = new Map<string, typeof read>();
  for (const r of read) byRelease.set(r.report.kubernetesVersion, [...(byRelease.get(r.report.kubernetesVersion) ?? []), r]);
  const releases = [...byRelease.keys()].sort(compareRelease);
  const several = releases.length > 1;
  if (several) logInfo(`Reports of ${releases.length} Kubernetes releases (${releases.join(', ')}): merged release by release, shown side by side`);
  const merged: Report[] = [];
  for (const release of releases) {
    const legs = byRelease.get(release)!;
    const on = several ? `Kubernetes ${release}: ` : '';
    const say = (message: string): void => warn(on + message);
    const files = several ? legs.map((l) => l.file) : settings.reports;
    logInfo(`Merging ${legs.length} report${legs.length === 1 ? '' : 's'}${several ? ` of Kubernetes ${release}` : ''}: ${files.join(', ')}`);
    const report = mergeReports(
      legs.map((l) => l.report),
      settings.analysis.policy,
      say,
      // Named by their files (legs/apisnoop-report-webhook/report.json): a leg that selected nothing is then found.
      legs.map((l) => shownPath(l.file)),
    );
    const given = settings.analysis.policy;
    if (given.allow !== undefined) for (const w of await mergedAllowWarnings(given.allow, report, 'action')) say(w);
    if (given.failOn === undefined || given.allow === undefined) {
      // Said, since a matrix whose legs only report (fail-on: none) fails nothing unless the fan-in gives fail-on.
      const p = report.verdict.policy;
      const taken = [given.failOn === undefined ? `fail-on: ${p.failOn.join(', ') || 'none'}` : '', given.allow === undefined ? `allow: ${p.allow.join(', ') || 'none'}` : ''];
      logInfo(`${on}Judged by the reports' own policy where this step gives none (${taken.filter(Boolean).join('; ')})`);
    }
    merged.push(report);
  }
  return merged;
}

/** A leg's file or directory as its reader knows it: relative to the workspace when inside it. */
function shownPath(file: string): string {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const relative = path.relative(workspace, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative || '.';
}

/**
 * The page a leg whose run produced no report uploaded (failedRunPage): its title and its notes as plain text (they
 * are escaped again where they are shown). `shown`: the leg's directory, relative to the workspace when inside it.
 */
export function readLegPage(dir: string): { shown: string; title?: string; notes: string[] } {
  const shown = shownPath(dir);
  let text = '';
  try {
    text = readFileSync(path.join(dir, 'report.md'), 'utf8');
  } catch {
    // Listed by settings, gone since: the note says the leg has no report all the same.
  }
  const plain = (md: string) => md.replace(/\\([\\`*_{}[\]()<>#+!|~&$])/g, '$1').replace(/@\u200b/g, '@');
  const title = /^## ❌ (.+): the run failed$/m.exec(text)?.[1];
  const notes = [...text.matchAll(/^- (.+)$/gm)].map((m) => plain(m[1]!));
  return { shown, ...(title ? { title: plain(title) } : {}), notes };
}
