// Deprecated and removed API versions per group/version/kind (Pluto's versions.yaml, k8s component).
import type { Deprecation, Operation } from './report.js';
import { minorVersion, pathShape } from './spec.js';

export interface DeprecationEntry {
  /** group/version as Pluto writes it: "apps/v1beta1", "v1" for core. */
  version: string;
  kind: string;
  deprecatedIn: string | null;
  removedIn: string | null;
  replacement: string | null;
}

export type DeprecationTable = Map<string, DeprecationEntry>;

const key = (groupVersion: string, kind: string): string => `${groupVersion}|${kind}`;

export function deprecationTable(entries: DeprecationEntry[]): DeprecationTable {
  return new Map(entries.map((e) => [key(e.version, e.kind), e]));
}

/** Pluto's YAML document (already parsed): keep the Kubernetes entries. */
export function entriesFromPluto(doc: unknown): DeprecationEntry[] {
  const list = (doc as { 'deprecated-versions'?: Array<Record<string, string>> })?.['deprecated-versions'];
  if (!Array.isArray(list)) throw new Error('not a Pluto versions.yaml: no deprecated-versions list');
  return list
    .filter((e) => e.component === 'k8s')
    .map((e) => ({
      version: e.version,
      kind: e.kind,
      deprecatedIn: minorVersion(e['deprecated-in']),
      removedIn: minorVersion(e['removed-in']),
      replacement: e['replacement-api'] || null,
    }));
}

/** A release written as 1.NN, the only form compareMinor orders. */
export const isMinor = (v: string): boolean => /^\d+\.\d+$/.test(v);

export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** Path of a named object -> its kind, from the operations that read or write the object itself. */
export function objectKinds(ops: readonly Operation[]): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const op of ops) if (op.kind && op.path.endsWith('/{name}')) kinds.set(op.path, op.kind);
  return kinds;
}

/** A group/version as Pluto writes it (and apiVersion does): "apps/v1", "v1" for the core group. */
export const plutoVersion = (group: string, version: string): string => (group === '' ? version : `${group}/${version}`);

/**
 * The group/version/kind an operation belongs to as Pluto names them: the API version of its path, and for a
 * subresource (deployments/{name}/scale, whose schema kind is autoscaling/v1 Scale) the kind of its parent object.
 */
function pathIdentity(op: Operation, objects?: Map<string, string>): { gv: string; kind: string } | null {
  const shape = pathShape(op.path);
  if (shape.group === null || !shape.version || !op.kind) return null;
  const gv = plutoVersion(shape.group, shape.version);
  const at = op.path.lastIndexOf('/{name}/');
  const parent = at === -1 ? undefined : objects?.get(op.path.slice(0, at + '/{name}'.length));
  return { gv, kind: parent ?? op.kind };
}

/**
 * A group/version's resource discovery (GET /apis/policy/v1beta1/) goes with the last of its kinds: Pluto's latest
 * removal, when it names one for every kind of the group/version it lists (storage.k8s.io/v1beta1 lists
 * VolumeAttributesClass with none: it came back in 1.31). Without it, a later spec only bounded the release.
 */
function groupVersionRemoval(op: Operation, table: DeprecationTable): Deprecation | null {
  const shape = pathShape(op.path);
  if (!shape.discovery || shape.group === null || !shape.version) return null;
  const gv = plutoVersion(shape.group, shape.version);
  let removedIn: string | null = null;
  for (const e of table.values()) {
    if (e.version !== gv) continue;
    if (!e.removedIn || !isMinor(e.removedIn)) return null;
    if (removedIn === null || compareMinor(e.removedIn, removedIn) > 0) removedIn = e.removedIn;
  }
  return removedIn === null ? null : { source: 'pluto', removedIn };
}

/**
 * What Pluto says of this operation's group/version/kind, as of a release. Nothing without a release (a spec that
 * names none): Pluto's entries are dated, and a deprecation or removal that came after the spec's real release
 * (autoscaling/v2beta1, deprecated in 1.22, on a 1.13 spec) would fail it; what the spec states itself still counts.
 */
export function deprecationOf(op: Operation, table: DeprecationTable, release: string, objects?: Map<string, string>): Deprecation | null {
  if (!isMinor(release)) return null;
  const id = pathIdentity(op, objects);
  if (!id) return groupVersionRemoval(op, table);
  const e = table.get(key(id.gv, id.kind));
  if (!e) return null;
  if (e.deprecatedIn && compareMinor(release, e.deprecatedIn) < 0 && !e.removedIn) return null;
  const replacement = servedReplacement(e, id.kind, table, release);
  return {
    source: 'pluto',
    ...(e.deprecatedIn ? { deprecatedIn: e.deprecatedIn } : {}),
    ...(e.removedIn ? { removedIn: e.removedIn } : {}),
    ...(replacement ? { replacement } : {}),
  };
}

/**
 * The replacement to move to on a release: Pluto's, or, when Pluto says that one is gone by the release too, its own
 * replacement, and so on (flowcontrol v1beta2 -> v1beta3, removed in 1.32 -> v1: "use v1beta3" on 1.33 sent the user
 * to an API the cluster no longer serves). Null when the chain ends in an API gone by then (extensions/v1beta1
 * PodSecurityPolicy -> policy/v1beta1, removed in 1.25 with no replacement).
 */
function servedReplacement(e: DeprecationEntry, kind: string, table: DeprecationTable, release: string): string | null {
  let replacement = e.replacement;
  const seen = new Set<string>();
  while (replacement && !seen.has(replacement)) {
    seen.add(replacement);
    const next = table.get(key(replacement, kind));
    if (!next?.removedIn || !isMinor(next.removedIn) || compareMinor(release, next.removedIn) < 0) return replacement;
    replacement = next.replacement;
  }
  return null;
}

/**
 * The group/version and kind pairs a spec serves (`apps/v1|Deployment`, Pluto's form of the group/version): a
 * replacement is served for a kind, not a group (storage.k8s.io/v1 came long before its CSIStorageCapacity, in 1.24).
 */
export function servedKinds(ops: readonly Operation[]): Set<string> {
  const objects = objectKinds(ops);
  const out = new Set<string>();
  for (const op of ops) {
    const id = pathIdentity(op, objects);
    if (id) out.add(`${id.gv}|${id.kind}`);
  }
  return out;
}

/** The kind an operation is of as Pluto names it (a subresource's is its parent object's), null when none. */
export function operationKind(op: Operation, objects?: Map<string, string>): string | null {
  return pathIdentity(op, objects)?.kind ?? null;
}

/** The stable group/versions (Pluto's form: "v1" for core) a spec serves each group and kind in: `group|kind` -> versions. */
export type StableVersions = Map<string, string[]>;

export function stableVersions(ops: readonly Operation[], objects: Map<string, string>): StableVersions {
  const out: StableVersions = new Map();
  for (const op of ops) {
    if (op.level !== 'stable' || op.discovery) continue;
    const id = pathIdentity(op, objects);
    if (!id) continue;
    const k = `${pathShape(op.path).group}|${id.kind}`;
    const list = out.get(k) ?? [];
    if (!list.includes(id.gv)) list.push(id.gv);
    out.set(k, list);
  }
  return out;
}

/**
 * For an alpha or beta operation that Pluto names no replacement for (admissionregistration.k8s.io/v1beta1
 * ValidatingAdmissionPolicy, which the apiserver says 1.34 removes): the stable version of the same group and kind the
 * release analysed serves (admissionregistration.k8s.io/v1), the newest when there are several; null when there is
 * none. Watches through /watch/ paths are left out: their own replacement is a list with ?watch=true.
 */
export function specReplacement(op: Operation, stable: StableVersions, objects?: Map<string, string>): string | null {
  if (op.level === 'stable' || op.action === 'watch' || op.action === 'watchlist') return null;
  const id = pathIdentity(op, objects);
  if (!id) return null;
  const versions = (stable.get(`${pathShape(op.path).group}|${id.kind}`) ?? []).filter((v) => v !== id.gv);
  const number = (gv: string): number => Number(/v(\d+)$/.exec(gv)?.[1] ?? 0);
  return versions.sort((a, b) => number(b) - number(a))[0] ?? null;
}
