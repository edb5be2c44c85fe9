// What merge says of a given allow list, for `apisnoop merge` and the Action's reports mode alike.
import { isMinor } from './engine/deprecations.js';
import type { Report } from './engine/report.js';
import { unknownAllowWarnings, type Surface } from './engine/verdict.js';
import { shippedRelease } from './sources/specs.js';

/**
 * The allow entries that exempt nothing in the merged report. Checked against the shipped spec of the reports'
 * release when there is one, with the operations the reports used (a removed API matched against an earlier
 * release): a fan-in that keeps a standing allow list is then told only of names Kubernetes does not have, as analyze
 * tells it. For a release not shipped, only the reports' own operations can be checked (they do not carry their
 * spec), which says also real APIs that no leg used.
 */
export async function mergedAllowWarnings(allow: readonly string[], merged: Report, surface: Surface): Promise<string[]> {
  const release = merged.kubernetesVersion;
  const shipped = isMinor(release) ? await shippedRelease(release) : null;
  return shipped
    ? unknownAllowWarnings(allow, [...shipped.operations, ...merged.operations], { spec: release }, surface)
    : unknownAllowWarnings(allow, merged.operations, 'merged reports', surface);
}
