// The operations of every release APISnoop ships, each with the releases that serve it. A request the analysed spec
// does not serve may still be a Kubernetes operation: one an earlier release served (a beta API removed since, which
// the removed rule must catch rather than list as unmatched), or one the upstream release serves but this cluster does
// not (an alpha API not enabled). Matched here, it is that operation, with the release it was removed in.
import { compareMinor } from './deprecations.js';
import { OperationIndex } from './operation-index.js';
import type { Operation } from './report.js';

/** data/k8s/catalogue.json.gz: the shipped releases, and every distinct operation with the ones serving it. */
export interface CatalogueData {
  releases: string[];
  operations: Array<{ op: Operation; served: string[] }>;
}

/** What the analysed release did with an operation it does not serve. */
export interface EarlierServed {
  /** The last shipped release, up to the analysed one, that serves it. */
  lastServed: string;
  /**
   * The first shipped release after lastServed (or the analysed one); null when the analysed release or a later one
   * serves it upstream.
   */
  removedIn: string | null;
}

const key = (op: Pick<Operation, 'operationId' | 'method'>): string => `${op.operationId} ${op.method}`;

/** The catalogue as of one release: operations served by it or by a shipped release before it. */
export class EarlierOperations {
  private readonly index: OperationIndex;
  private readonly served = new Map<string, EarlierServed>();
  /** Path of a named object -> its kind, over these operations (Pluto names a subresource by its parent's kind). */
  readonly operations: Operation[];

  constructor(data: CatalogueData, release: string) {
    // Releases by rank (compared as numbers: this runs over two thousand operations inside a timed analysis).
    const releases = [...data.releases].sort(compareMinor);
    const rank = new Map(releases.map((r, i) => [r, i]));
    // How many shipped releases are this one or before it: ranks below are served up to here, the rest later.
    const upTo = releases.filter((r) => compareMinor(r, release) <= 0).length;
    // One operation per method and path: the one of the latest release that serves it (operationIds seldom change).
    const byPath = new Map<string, { op: Operation; last: number; info: EarlierServed }>();
    for (const { op, served } of data.operations) {
      let last = -1;
      let later = false;
      for (const r of served) {
        const i = rank.get(r)!;
        if (i < upTo) last = Math.max(last, i);
        else later = true;
      }
      if (last < 0) continue;
      // Served by this release upstream, or by a later one: not removed, only not served by this cluster (an alpha
      // API not enabled, or a release between two shipped ones).
      const stays = later || releases[last] === release;
      const removedIn = stays ? null : last + 1 < upTo ? releases[last + 1] : release;
      const at = `${op.method} ${op.path}`;
      const had = byPath.get(at);
      if (!had || last > had.last) byPath.set(at, { op, last, info: { lastServed: releases[last], removedIn } });
    }
    this.operations = [...byPath.values()].map((x) => x.op);
    for (const x of byPath.values()) this.served.set(key(x.op), x.info);
    this.index = new OperationIndex(this.operations);
  }

  /** The operation a request hit, among these; null if none. */
  match(verb: string | undefined, requestURI: string | undefined): Operation | null {
    return this.index.match(verb, requestURI).operation ?? null;
  }

  /** Which releases served an operation matched here (undefined: not one of these). */
  servedOf(op: Pick<Operation, 'operationId' | 'method'>): EarlierServed | undefined {
    return this.served.get(key(op));
  }
}
