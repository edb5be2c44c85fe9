// A chart directory's dependencies, fetched before helm install when charts/ lacks them (it is seldom committed), as
// chart-testing does: helm install refuses a chart whose dependencies are missing, and a workflow cannot fetch them
// between the cluster's creation and the install, which the Action does at once.
import type { ChartSettings } from '../action/settings.js';
import { load } from 'js-yaml';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCommand, saidLast } from './command.js';

interface Dependency {
  name: string;
  repository: string;
}

/** The dependencies a chart directory declares: Chart.yaml's, or requirements.yaml's (an apiVersion v1 chart). */
export function declaredDependencies(chartDir: string): Dependency[] {
  for (const f of ['Chart.yaml', 'requirements.yaml']) {
    let doc: { dependencies?: unknown } | null;
    try {
      doc = load(readFileSync(path.join(chartDir, f), 'utf8')) as typeof doc;
    } catch {
      // No such file, or YAML helm install will refuse, and say why.
      continue;
    }
    if (Array.isArray(doc?.dependencies) && doc.dependencies.length > 0) {
      return doc.dependencies.map((d: { name?: unknown; repository?: unknown }) => ({ name: String(d?.name ?? ''), repository: String(d?.repository ?? '') }));
    }
  }
  return [];
}

/**
 * The dependencies of the chart when it is a chart directory of the checkout; none for a packaged .tgz or a chart of
 * a repository, which hold theirs.
 */
export function localChartDependencies(c: ChartSettings): Dependency[] {
  if (c.chart === null || c.repo !== null || !existsSync(path.join(c.chart, 'Chart.yaml')) || !statSync(c.chart).isDirectory()) return [];
  return declaredDependencies(c.chart);
}

/**
 * The dependencies `helm dependency list` prints as missing: what helm install refuses the chart for ("found in
 * Chart.yaml, but missing in charts/ directory"). Its table is NAME VERSION REPOSITORY STATUS, the status last.
 */
export function missingDependencies(listed: string): string[] {
  const rows = listed.split('\n').map((l) => l.trim().split(/\s+/));
  // A dependency with no repository (vendored) has three columns.
  return rows.filter((r) => r.length >= 3 && r[0] !== 'NAME' && r.at(-1) === 'missing').map((r) => r[0]!);
}

/**
 * The chart repositories (http or https) the dependencies name, each once. helm dependency build with a Chart.lock
 * needs them added ("no repository definition for …"), where without one it adds them itself; OCI registries,
 * file:// paths and @aliases are not repositories to add.
 */
export function repositoriesToAdd(deps: Dependency[]): string[] {
  return [...new Set(deps.map((d) => d.repository).filter((r) => /^https?:\/\//i.test(r)))];
}

/**
 * The dependencies a chart directory declares (declaredDependencies), fetched when some are missing: their repositories added (`helm repo add`), then `helm dependency
 * build`, which keeps to Chart.lock when there is one. Dependencies already in charts/ are left as they are. What was
 * fetched, or a problem note (helm install then says what it lacks), or null when none was missing.
 */
export async function buildMissingDependencies(helm: string, chartDir: string, declared: Dependency[]): Promise<{ built: string[] } | { problem: string } | null> {
  const listed = await runCommand(helm, ['dependency', 'list', chartDir], { quiet: true });
  if (!listed.ok) return { problem: `helm dependency list ${chartDir} failed (${listed.failure})${saidLast(listed)}` };
  const missing = missingDependencies(listed.stdout);
  if (missing.length === 0) return null;
  const because = `: its dependencies ${missing.join(', ')} are missing from charts/`;
  for (const [i, url] of repositoriesToAdd(declared).entries()) {
    const added = await runCommand(helm, ['repo', 'add', `apisnoop-dependency-${i + 1}`, url, '--force-update']);
    if (!added.ok) return { problem: `helm repo add ${url} failed (${added.failure})${saidLast(added)}${because}` };
  }
  const built = await runCommand(helm, ['dependency', 'build', chartDir]);
  if (!built.ok) return { problem: `helm dependency build ${chartDir} failed (${built.failure})${saidLast(built)}${because}` };
  return { built: missing };
}
