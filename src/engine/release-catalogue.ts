// The operations of every release APISnoop ships, each with the releases that serve it. A request the analysed spec
// does not serve may still be a Kubernetes operation: one an earlier release served (a beta API removed since, which
// the removed rule must catch rather than list as unmatched), or one the upstream release serves but this cluster does
// not (an alpha API not enabled). Matched here, it is that operation, with the release it was removed in.
import { compareMinor, objectKinds } from './deprecations.js';
import { apiPathInfo, OperationIndex, splitPath } from './operation-index.js';
import { resourceCatalog } from './rbac/catalog.js';
import type { Operation } from './report.js';

/** One operation of the shipped releases, with the ones serving it. */
export interface CatalogueEntry {
  op: Operation;
  served: string[];
}

/**
 * data/k8s/catalogue.jsonl.gz as read: the shipped releases, and every distinct operation of them by group/version
 * ("apis/apps/v1", "api/v1", "logs": headOf), parsed when first asked for. A run asks for a few of the ninety
 * group/versions (removed APIs it used), or for none (custom resources, which no release serves).
 */
export interface CatalogueData {
  releases: string[];
  /**
   * Those of the releases known only from a document a cluster served (kind's 1.21): what it serves was served by that
   * release, but what it lacks may only have been disabled there (alpha APIs), so a gap in it removes nothing.
   */
  clusterServed: string[];
  groupVersions: string[];
  operationsOf(groupVersion: string): CatalogueEntry[] | undefined;
}

/**
 * The file's text: a line of the releases, then a line per group/version with its operations, each line one JSON
 * object (groupVersion first, so the reader finds it without parsing the rest).
 */
export function catalogueText(releases: readonly string[], entries: readonly CatalogueEntry[], clusterServed: readonly string[] = []): string {
  const byHead = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const head = templateHead(e.op.path);
    // The reader looks a request up by the same head: a parameter there would match requests of any head (no
    // Kubernetes spec has one).
    if (head.includes('{')) throw new Error(`catalogue: ${e.op.path} has a parameter in its group/version part`);
    const list = byHead.get(head);
    if (list) list.push(e);
    else byHead.set(head, [e]);
  }
  const heads = [...byHead.keys()].sort();
  const header = clusterServed.length > 0 ? { releases, clusterServed } : { releases };
  return [JSON.stringify(header), ...heads.map((h) => JSON.stringify({ groupVersion: h, operations: byHead.get(h) }))].join('\n') + '\n';
}

const HEAD = /^\{"groupVersion":"([^"\\]*)",/;

/** catalogueText's text, read. A line whose head is not where the writer puts it is parsed whole. */
export function parseCatalogue(text: string): CatalogueData {
  const lines = text.split('\n').filter((l) => l !== '');
  const { releases, clusterServed = [] } = JSON.parse(lines[0]) as { releases: string[]; clusterServed?: string[] };
  const raw = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const head = HEAD.exec(line)?.[1] ?? (JSON.parse(line) as { groupVersion: string }).groupVersion;
    raw.set(head, line);
  }
  const parsed = new Map<string, CatalogueEntry[]>();
  return {
    releases,
    clusterServed,
    groupVersions: [...raw.keys()],
    operationsOf(head) {
      let list = parsed.get(head);
      if (list === undefined && raw.has(head)) parsed.set(head, (list = (JSON.parse(raw.get(head)!) as { operations: CatalogueEntry[] }).operations));
      return list;
    },
  };
}

/**
 * The API groups some shipped release serves or served ("" for core): Kubernetes' own groups, as against those of
 * custom resources, which no release serves.
 */
export function catalogueGroups(data: Pick<CatalogueData, 'groupVersions'>): Set<string> {
  return new Set(
    data.groupVersions.flatMap((head) => {
      const [root, group] = head.split('/');
      return root === 'api' ? [''] : root === 'apis' && group ? [group] : [];
    }),
  );
}

/**
 * The resources ('pods', 'pods/log') some shipped release serves or served in an API group ("" for core), read from
 * the group's group/versions as the spec's are (resourceCatalog); empty without the catalogue.
 */
export function catalogueResources(data: Pick<CatalogueData, 'groupVersions' | 'operationsOf'> | null, group: string): Set<string> {
  if (!data) return new Set();
  const prefix = group === '' ? 'api/' : `apis/${group}/`;
  const ops = data.groupVersions.filter((head) => head.startsWith(prefix)).flatMap((head) => (data.operationsOf(head) ?? []).map((e) => e.op));
  return new Set(resourceCatalog(ops).get(group)?.keys() ?? []);
}

/** What the analysed release did with an operation it does not serve. */
export interface EarlierServed {
  /** The last shipped release, up to the analysed one, that serves it. */
  lastServed: string;
  /**
   * The first shipped release after lastServed (or the analysed one); null when the analysed release serves it
   * upstream, or the shipped releases just before and after it both do. At or before the analysed release otherwise,
   * whatever a later release brings back.
   */
  removedIn: string | null;
}

const key = (op: Pick<Operation, 'operationId' | 'method'>): string => `${op.operationId} ${op.method}`;

/**
 * The group/version part of a path, as the apiserver splits it: /apis/{group}/{version}, /api/{version}, else the
 * first segment ("apis/apps/v1", "api/v1", "logs"). A request and every template it can match have the same one.
 */
function headOf(segs: readonly string[]): string {
  const first = segs[0] ?? '';
  return segs.slice(0, first === 'apis' ? 3 : first === 'api' ? 2 : 1).join('/');
}

/**
 * The shipped releases after `release` that serve anything of a group/version ("" for core), or, given, of one of its
 * resources ('pods', 'pods/log'), in order; a cluster's served document (clusterServed) is not one of them.
 */
export function laterReleasesServing(data: CatalogueData, group: string, version: string, release: string, resource?: string): string[] {
  return releasesServing(data, group, version, resource).filter((r) => compareMinor(r, release) > 0 && !data.clusterServed.includes(r));
}

/**
 * Whether a shipped release up to `release` (a cluster's served document included) serves a resource of a
 * group/version: then it is not new in a later one, and a request of it the spec did not match has a path of the wrong
 * shape (nodes under a namespace, a subresource's extra segment), not a newer cluster.
 */
export function servedBy(data: CatalogueData, group: string, version: string, release: string, resource: string): boolean {
  return releasesServing(data, group, version, resource).some((r) => compareMinor(r, release) <= 0);
}

/** Every shipped release that serves anything of a group/version, or of one of its resources, in order. */
function releasesServing(data: CatalogueData, group: string, version: string, resource?: string): string[] {
  const head = headOf(group === '' ? ['api', version] : ['apis', group, version]);
  const entries = (data.operationsOf(head) ?? []).filter((e) => resource === undefined || resourceOf(e.op.path) === resource);
  return [...new Set(entries.flatMap((e) => e.served))].sort(compareMinor);
}

/** The resource ('pods', 'pods/log') of a path template, as an unmatched request's is read (apiPathInfo). */
function resourceOf(path: string): string | undefined {
  const info = apiPathInfo(splitPath(path));
  return info?.resource && (info.subresource ? `${info.resource}/${info.subresource}` : info.resource);
}

/** A path template's group/version part (headOf). */
const templateHead = (path: string): string => headOf(splitPath(path));

type Built = { index: OperationIndex; served: Map<string, EarlierServed>; objects: Map<string, string> };

/**
 * The catalogue as of one release: operations served by it or by a shipped release before it. Built a group/version
 * at a time, when a request of it comes: a run needs a few removed APIs, or none, and reading and indexing all two
 * thousand operations was a fifth of a small log's run.
 */
export class EarlierOperations {
  /** By group/version head; null: no shipped release serves anything there. */
  private readonly built = new Map<string, Built | null>();
  private readonly releases: string[];
  private readonly rank: Map<string, number>;
  /** How many shipped releases are this one or before it: ranks below are served up to here, the rest later. */
  private readonly upTo: number;
  /** By rank: whether the release is one of data.clusterServed, whose gaps remove nothing. */
  private readonly partial: boolean[];

  constructor(
    private readonly data: CatalogueData,
    private readonly release: string,
  ) {
    // Releases by rank (compared as numbers: this runs inside a timed analysis).
    this.releases = [...data.releases].sort(compareMinor);
    this.rank = new Map(this.releases.map((r, i) => [r, i]));
    this.upTo = this.releases.filter((r) => compareMinor(r, release) <= 0).length;
    this.partial = this.releases.map((r) => data.clusterServed.includes(r));
  }

  /** The rank of the first release from `from` on whose gaps count (not clusterServed), up to `to`; -1 if none. */
  private fullFrom(from: number, to: number): number {
    for (let i = from; i < to; i++) if (!this.partial[i]) return i;
    return -1;
  }

  private groupVersion(head: string): Built | null {
    let b = this.built.get(head);
    if (b === undefined) {
      const entries = this.data.operationsOf(head);
      this.built.set(head, (b = entries ? this.build(entries) : null));
    }
    return b;
  }

  private build(entries: readonly CatalogueEntry[]): Built {
    const { releases, rank, upTo, release } = this;
    // The first release after this one whose gaps count: up to it, a release serving an operation says it stays.
    let after = this.fullFrom(upTo, releases.length);
    if (after === -1) after = releases.length - 1;
    // One operation per method and path: the one of the latest release that serves it (operationIds seldom change).
    const byPath = new Map<string, { op: Operation; last: number; info: EarlierServed }>();
    for (const { op, served } of entries) {
      let last = -1;
      let next = false;
      for (const r of served) {
        const i = rank.get(r)!;
        if (i < upTo) last = Math.max(last, i);
        else if (i <= after) next = true;
      }
      if (last < 0) continue;
      // The first release after the last that served it which would have served it too: a cluster's document
      // lacking it (clusterServed) proves nothing.
      const gap = this.fullFrom(last + 1, upTo);
      // Served by this release upstream, or by the shipped releases either side of it: not removed, only not served
      // by this cluster (an alpha API not enabled, or a release between two shipped ones). A group/version that a
      // later release brings back after a gap (storage.k8s.io/v1beta1: 1.13, then 1.31 on) was removed all the same.
      const stays = releases[last] === release || (gap === -1 && next);
      const removedIn = stays ? null : gap !== -1 ? releases[gap] : release;
      const at = `${op.method} ${op.path}`;
      const had = byPath.get(at);
      if (!had || last > had.last) byPath.set(at, { op, last, info: { lastServed: releases[last], removedIn } });
    }
    const operations = [...byPath.values()].map((x) => x.op);
    const served = new Map<string, EarlierServed>();
    for (const x of byPath.values()) served.set(key(x.op), x.info);
    return { index: new OperationIndex(operations), served, objects: objectKinds(operations) };
  }

  /** The operation a request hit, among these; null if none. */
  match(verb: string | undefined, requestURI: string | undefined): Operation | null {
    if (!requestURI || requestURI[0] !== '/') return null;
    const q = requestURI.indexOf('?');
    const segs = splitPath(q === -1 ? requestURI : requestURI.slice(0, q));
    if (segs.length === 0) return null;
    return this.groupVersion(headOf(segs))?.index.match(verb, requestURI).operation ?? null;
  }

  /**
   * Whether the analysed release is a shipped one. If not, a removedIn equal to it says only that the analysed spec
   * lacks the operation, which a cluster's own document does for every API it does not enable.
   */
  get releaseShipped(): boolean {
    return this.rank.has(this.release) && !this.data.clusterServed.includes(this.release);
  }

  /** Whether any shipped release serves (or served) something of an API group: "" for core. */
  servesGroup(group: string): boolean {
    this.groups ??= catalogueGroups(this.data);
    return this.groups.has(group);
  }
  private groups: Set<string> | undefined;

  /** Which releases served an operation matched here (undefined: not one of these). */
  servedOf(op: Pick<Operation, 'operationId' | 'method' | 'path'>): EarlierServed | undefined {
    return this.groupVersion(templateHead(op.path))?.served.get(key(op));
  }

  /**
   * Path of a named object -> its kind, among the operations of op's group/version (where its parent object is:
   * Pluto names a subresource by its parent's kind).
   */
  objectKinds(op: Pick<Operation, 'path'>): Map<string, string> {
    return this.groupVersion(templateHead(op.path))?.objects ?? new Map();
  }
}

/**
 * What the shipped releases say against the release a spec is taken as: its built-in operations (those some shipped
 * release serves) that no release at or around it serves, each gone before it or added after it. A spec a cluster
 * served differs from upstream's of its release (custom resources added, alpha APIs not enabled), so what it lacks
 * says nothing; what it serves that its release cannot is another release's spec.
 */
export interface ReleaseMisfit {
  release: string;
  /** The shipped releases at or around it that were asked: [release] when it is shipped whole; 1.28 to 1.30 for 1.29. */
  around: string[];
  /** How many of the spec's built-in operations no shipped release at or around `release` serves. */
  unserved: number;
  /** Three of them (all, when fewer), of distinct group/versions first, each with the shipped releases that serve it. */
  examples: Array<{ operationId: string; served: string[] }>;
  /** The shipped release the spec's built-in operations fit best: fewest unserved, then fewest of its own missing. */
  bestFit: string;
}

/** A catalogue's operations by "method path", each with the releases serving it as bits (by rank: 31 releases at most). */
interface Lifetimes {
  releases: string[];
  served: Map<string, number>;
}

const lifetimesOf = new WeakMap<CatalogueData, Lifetimes>();

/** Every group/version parsed, once per catalogue: the check of a spec's release reads them all. */
function lifetimes(data: CatalogueData): Lifetimes {
  let l = lifetimesOf.get(data);
  if (l) return l;
  const releases = [...data.releases].sort(compareMinor);
  const bit = new Map(releases.map((r, i) => [r, 1 << i]));
  const served = new Map<string, number>();
  for (const head of data.groupVersions) {
    for (const { op, served: by } of data.operationsOf(head) ?? []) {
      // By method and path: an operationId renamed between releases is the same operation.
      const k = `${op.method} ${op.path}`;
      served.set(k, by.reduce((m, r) => m | (bit.get(r) ?? 0), served.get(k) ?? 0));
    }
  }
  lifetimesOf.set(data, (l = { releases, served }));
  return l;
}

/**
 * The releases (as bits) that may serve what `release` serves: it, when shipped whole; else those between the shipped
 * releases either side of it (1.29: 1.28 to 1.30; kind's 1.21: 1.13 to 1.28), since any of them may have been the
 * last to serve an operation or the first.
 */
function aroundMask(releases: readonly string[], clusterServed: readonly string[], release: string): number {
  let lo = -1;
  let hi = -1;
  releases.forEach((r, i) => {
    if (clusterServed.includes(r)) return;
    if (compareMinor(r, release) <= 0) lo = i;
    if (hi === -1 && compareMinor(r, release) >= 0) hi = i;
  });
  let mask = 0;
  for (let i = lo === -1 ? 0 : lo; i <= (hi === -1 ? releases.length - 1 : hi); i++) mask |= 1 << i;
  return mask;
}

/**
 * The spec's built-in operations that `release` cannot serve, by the catalogue, with the release they fit best; null
 * when there are none. One lookup per operation; the best fit is looked for only when some are found.
 */
export function releaseMisfit(
  data: CatalogueData,
  operations: ReadonlyArray<Pick<Operation, 'operationId' | 'method' | 'path' | 'discovery'>>,
  release: string,
): ReleaseMisfit | null {
  const { releases, served } = lifetimes(data);
  const builtIn = operations.flatMap((op) => {
    const mask = served.get(`${op.method} ${op.path}`);
    return mask === undefined ? [] : [{ op, mask }];
  });
  const around = aroundMask(releases, data.clusterServed, release);
  const unserved = builtIn.filter((b) => (b.mask & around) === 0);
  if (unserved.length === 0) return null;
  // An API's own operations tell more than its discovery document, and three APIs more than one: of distinct
  // group/versions first, then any.
  const ordered = [...unserved].sort((a, b) => Number(a.op.discovery) - Number(b.op.discovery));
  const heads = new Set<string>();
  const picked = new Set<(typeof unserved)[number]>();
  for (const u of ordered) {
    const head = templateHead(u.op.path);
    if (picked.size === 3 || heads.has(head)) continue;
    heads.add(head);
    picked.add(u);
  }
  for (const u of ordered) if (picked.size < 3) picked.add(u);
  const examples = [...picked].map(({ op, mask }) => ({ operationId: op.operationId, served: releases.filter((_, i) => mask & (1 << i)) }));
  const asked = releases.filter((_, i) => around & (1 << i));
  return { release, around: asked, unserved: unserved.length, examples, bestFit: bestFit(data, releases, served, builtIn, release) };
}

/**
 * The shipped release whose lifetimes the spec's built-in operations contradict least; of those, the one missing
 * fewest of its own operations (1.28's spec fits kind's 1.21 too, which 1.13 to 1.28 may serve), then the nearest to
 * `release`.
 */
function bestFit(data: CatalogueData, releases: readonly string[], served: ReadonlyMap<string, number>, builtIn: ReadonlyArray<{ op: Pick<Operation, 'method' | 'path'>; mask: number }>, release: string): string {
  const present = new Set(builtIn.map((b) => `${b.op.method} ${b.op.path}`));
  const scored = releases.map((r, i) => {
    const around = aroundMask(releases, data.clusterServed, r);
    let missing = 0;
    for (const [k, mask] of served) if (mask & (1 << i) && !present.has(k)) missing++;
    return { r, unserved: builtIn.filter((b) => (b.mask & around) === 0).length, missing, distance: Math.abs(compareMinor(r, release)) };
  });
  scored.sort((a, b) => a.unserved - b.unserved || a.missing - b.missing || a.distance - b.distance);
  return scored[0]!.r;
}
