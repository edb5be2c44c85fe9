// Which release a row's conformance is of, for the tables that can hold apps of several (Compare, Conformance):
// a row's state is then one release's data, which the Conformance cell alone did not say.
import { minorOf } from '../../engine/conformance.js';
import type { CoverageRow } from '../api.js';
import type { Column } from './table.js';

/** Whether the rows' conformance is of more than one (minor) release. */
export function ofSeveralReleases(rows: readonly CoverageRow[]): boolean {
  return new Set(rows.flatMap(({ conformanceRelease: r }) => (r === null ? [] : [minorOf(r) ?? r]))).size > 1;
}

/** The Conformance release column: the release of the data a row's Conformance cell is of, empty when none knows it. */
export const conformanceReleaseColumn: Column<CoverageRow> = {
  key: 'conf-release',
  label: 'Conformance of',
  value: (r) => r.conformanceRelease ?? '',
};
