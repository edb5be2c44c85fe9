// Which API groups are Kubernetes' and which a cluster added (its CRDs, aggregated APIs): the alpha and beta rules
// judge only Kubernetes' own, and a later upstream spec lacking a custom group removes nothing.
import type { DeprecationTable } from './deprecations.js';
import type { EarlierOperations } from './release-catalogue.js';
import type { Spec } from './spec.js';
import { pathShape } from './spec.js';

export interface KnownGroups {
  /** Specs of later releases; a document a cluster served (its info.version names its release) is not taken. */
  later: readonly Spec[];
  deprecations?: DeprecationTable;
  /** The shipped releases' operations, read only when a group is not known otherwise. */
  earlier?: () => EarlierOperations | null;
}

export interface ApiGroups {
  /** Known to Kubernetes: an upstream later spec, Pluto's table or a shipped release knows it. */
  kubernetes(group: string | null): boolean;
  /** Of a custom API: not known, and not named as Kubernetes' groups are. */
  custom(group: string | null): boolean;
}

/**
 * The groups (pathShape's: the group that serves the path) that are Kubernetes' and those that are custom. A group
 * is Kubernetes' when an upstream later spec, Pluto's table or a shipped release knows it (extensions, gone from
 * every later spec, is in the last two). A group no source knows is still not custom when it is named as Kubernetes'
 * groups are: no dot (apps, batch; a CRD's group always holds one) or *.k8s.io, which Kubernetes' API review guards
 * (Gateway API's CRDs, metrics.k8s.io), but not *.x-k8s.io, its sub-projects' own.
 */
export function apiGroups(known: KnownGroups): ApiGroups {
  const groups = new Set<string | null>([null, '']);
  for (const s of known.later) if (s.versionFrom !== 'spec') for (const o of s.operations) groups.add(pathShape(o.path).group);
  for (const e of known.deprecations?.values() ?? []) groups.add(e.version.includes('/') ? e.version.slice(0, e.version.indexOf('/')) : '');
  const kubernetes = (group: string | null): boolean => groups.has(group) || (group !== null && known.earlier?.()?.servesGroup(group) === true);
  return {
    kubernetes,
    custom: (group) => {
      if (group === null || !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'))) return false;
      return !kubernetes(group);
    },
  };
}
