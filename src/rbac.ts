// Least privilege from files: read the audit logs once (or take the requests analyze read), keep the requests of
// each identity asked about, read the manifests that grant them RBAC, and compare (src/engine/rbac.ts).
// `apisnoop rbac`, `apisnoop analyze --rbac-serviceaccount` and the Action all come through here.
import {
  assemblyWarnings,
  eventsIn,
  manyOpenWarner,
  newAssemblyTallies,
  newOddFields,
  oddFieldWarnings,
  oddFields,
  RequestAssembler,
  type AuditEvent,
  type Request,
} from './engine/audit.js';
import {
  compareRbac,
  identityOf,
  isIdentityRequest,
  RequestCollector,
  withObservedGroups,
  type Identity,
  type RbacComparison,
  type RbacObjects,
} from './engine/rbac.js';
import { specReleaseWarnings } from './analyze.js';
import { requestIdentities } from './engine/select.js';
import { skippedOperationsWarning, type Spec } from './engine/spec.js';
import { readAuditInput, type LineSink } from './sources/audit-files.js';
import { copyWarning, findCopies } from './sources/copies.js';
import { oldestFirst } from './sources/oldest-first.js';
import { aggregatedRepeatOf } from './sources/aggregated-repeat.js';
import { duplicateInput, expandInputs, InputError } from './sources/input-files.js';
import { readManifests, type ManifestRead } from './sources/manifests.js';
import { catalogueGroups, catalogueResources } from './engine/release-catalogue.js';
import { loadSpecFile, loadSpecVersion, shippedCatalogue, shippedReleases } from './sources/specs.js';

export interface RbacSettings {
  /** Audit log files, directories or '-'. */
  logs: string[];
  serviceAccount?: string;
  user?: string;
  /** Manifests with the RBAC the app is granted (YAML, `helm template` output, directories, '-'). */
  granted?: string[];
  /** Namespace for Roles and RoleBindings that name none; default: the service account's namespace, else "default". */
  releaseNamespace?: string;
  /** Spec to expand wildcards against: a file, or a release; default the newest shipped release. */
  spec?: string;
  kubernetesVersion?: string;
  maxResourceNames?: number;
  includeDefaults?: boolean;
  failOn?: Array<'overprivileged'>;
  threshold?: number;
  /**
   * With failOn: manifests that hold no RBAC object at all are refused (InputError), not judged. A `helm template`
   * that failed in `helm template … | apisnoop rbac … --granted -` writes nothing, and nothing granted passes any
   * threshold. Without failOn it is a warning either way.
   */
  requireRbacObjects?: boolean;
  onInvalid?: (file: string, line: number, message: string) => void;
  onWarning?: (message: string) => void;
  /**
   * Requests in flight at once at most (default MANY_OPEN), and their text at most this times IN_FLIGHT_TEXT: past
   * either the oldest is counted early, with the stages it has, and a warning says so once.
   */
  manyOpenAt?: number;
}

export interface RbacManySettings extends Omit<RbacSettings, 'serviceAccount' | 'user'> {
  /** One comparison per identity, in this order. */
  identities: Array<{ serviceAccount?: string; user?: string }>;
  /**
   * An identity without any request in the log: false (the default) refuses it, naming the identities the log does
   * hold (a typo, or the wrong log); true compares it anyway, so that all it was granted shows as never used.
   */
  allowNoRequests?: boolean;
}

/** The service accounts a KAPIC runs as, read from what its chart installed, and how they were found. */
export interface KapicIdentities {
  serviceAccounts: string[];
  why: string;
}

/**
 * Who the chart's pods run as: its workloads' service accounts; without workloads, the service account the run
 * created for it (`created`), else the ServiceAccounts the chart creates, else the namespace's default one.
 */
export function kapicServiceAccounts(read: Pick<ManifestRead, 'workloads' | 'serviceAccounts'>, namespace: string, created: string | null): KapicIdentities {
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  if (read.workloads.length > 0) {
    const shown = read.workloads.slice(0, 4).map((w) => `${w.kind} ${w.name}`);
    const more = read.workloads.length > shown.length ? ` and ${read.workloads.length - shown.length} more` : '';
    return { serviceAccounts: uniq(read.workloads.map((w) => `${w.namespace}:${w.serviceAccount}`)), why: `what the chart's workloads run as (${shown.join(', ')}${more})` };
  }
  if (created) return { serviceAccounts: [`${namespace}:${created}`], why: 'the service account created for the chart (it has no workloads)' };
  if (read.serviceAccounts.length > 0) {
    return { serviceAccounts: uniq(read.serviceAccounts.map((sa) => `${sa.namespace}:${sa.name}`)), why: 'the ServiceAccounts the chart creates (it has no workloads)' };
  }
  return { serviceAccounts: [`${namespace}:default`], why: "the namespace's default service account (the chart has no workloads and creates no ServiceAccount)" };
}

async function specFor(s: RbacSettings): Promise<Spec> {
  if (s.spec) {
    const spec = await loadSpecFile(s.spec, s.kubernetesVersion);
    // A --k8s-version the spec's own release overrides is said, as analyze and endpoints say it (once, through analyze).
    for (const w of [skippedOperationsWarning(spec), ...specReleaseWarnings(s, spec, 'listing')]) if (w) s.onWarning?.(w);
    return spec;
  }
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}

/** stdin can feed the logs or the manifests, not both: the second would read nothing and find no RBAC. */
export function checkStdinUse(logs: readonly string[], granted: readonly string[] | undefined): void {
  if (logs.includes('-') && granted?.includes('-')) {
    throw new InputError("stdin ('-') can hold the audit logs or the --granted manifests, not both: give one of them as a file");
  }
}

/** Why manifests that name no namespace cannot be compared for identities of several namespaces, and what to give. */
function unplacedText(defaulted: readonly string[], namespaces: readonly string[]): string {
  const objects = defaulted.map((d) => d.replace(/ -> .*$/, ''));
  const shown = objects.slice(0, 3).join(', ') + (objects.length > 3 ? ` and ${objects.length - 3} more` : '');
  return (
    `${shown} name no namespace, and the service accounts are in ${namespaces.join(', ')}: ` +
    'give the namespace the release is installed in (--release-namespace, as helm install -n; the Action\'s namespace input), ' +
    'rather than have them placed in each'
  );
}

/** Read the logs, keep the identity's requests, read the manifests, compare. */
export async function rbacFromLogs(s: RbacSettings): Promise<RbacComparison> {
  const [c] = await rbacForIdentities({ ...s, identities: [{ serviceAccount: s.serviceAccount, user: s.user }] });
  return c;
}

/**
 * The requests of the identities asked about, kept as a log is read: by rbacForIdentities' own reading, or by
 * analyze's (AnalyzeSettings.onRequest), so that least privilege costs no second reading of the logs.
 */
export class IdentityRequests {
  readonly wanted: Array<{ identity: Identity; collector: RequestCollector }>;
  /** Requests per identity they count for (requestsFor), to name who the log does hold when an identity has none. */
  private readonly seen = new Map<string, number>();

  constructor(identities: RbacManySettings['identities']) {
    this.wanted = identities.map((i) => ({ identity: identityOf(i), collector: new RequestCollector() }));
  }

  /** A request of the log (its stages merged), whoever made it. */
  add(req: Request): void {
    // Whom it counts for under --user or --serviceaccount: the user it was made as, and the one impersonating, who
    // needed leave to (RequestCollector.addImpersonation); a sender the event does not name is no one's.
    for (const who of requestIdentities(req).filter((w, i) => i === 0 || w !== '')) this.seen.set(who, (this.seen.get(who) ?? 0) + 1);
    for (const w of this.wanted) {
      // Whether the log records the authorizer's decisions, from any request: a 403 without one is then no denial.
      w.collector.logged(req);
      if (isIdentityRequest(w.identity, req)) w.collector.add(req);
      // The impersonator's own part: leave to impersonate (the request itself is the impersonated user's).
      else if (req.impersonatedUser && req.user?.username === w.identity.username) w.collector.addImpersonation(req);
    }
  }

  identitiesSeen(): string {
    return [...this.seen]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([u, n]) => `${u || '(none)'} (${n})`)
      .join(', ');
  }
}

/** Read the logs into requests, as analyze does (the fast path), for the identities asked about. */
async function readIdentityRequests(s: RbacManySettings): Promise<{ requests: IdentityRequests; events: number }> {
  const requests = new IdentityRequests(s.identities);
  // A terminal as stdin is refused with rbac's own pipe: analyze's example led an rbac user to another command.
  // Oldest first, as analyze reads them (oldest-first.ts).
  const files = await oldestFirst(await expandInputs(s.logs, (repeat) => s.onWarning?.(duplicateInput(repeat)), { piped: 'gzip -dc audit.log.gz | apisnoop rbac - …' }));
  // Read as given, as analyze reads them: a copy's requests count again, and the warning says so.
  const copies = await findCopies(files);
  for (const copy of copies) s.onWarning?.(copyWarning(copy));
  const manyOpen = manyOpenWarner(s.onWarning, s.manyOpenAt);
  // And so are logs that overlap, and stages after their request completed, as analyze says them.
  const tallies = newAssemblyTallies(copies, files);
  const { at } = tallies;
  const odd = newOddFields();
  const assembler = new RequestAssembler((req) => requests.add(req), manyOpen, tallies.repeated, tallies.late);
  let events = 0;
  const event = (ev: AuditEvent): void => {
    events++;
    assembler.add(ev);
  };
  const sink: LineSink = {
    value: (raw, file, line) => {
      at.file = file;
      at.line = line;
      eventsIn(
        raw,
        event,
        (message) => s.onInvalid?.(file, line, message),
        (fields) => oddFields(odd, file, line, fields),
      );
    },
    invalidLine: (file, line, message) => s.onInvalid?.(file, line, message),
    // The fast path, as analyze reads: the same events, without building what is not read.
    event: (ev, file, line) => {
      at.file = file;
      at.line = line;
      event(ev);
    },
    deferred: (st, file, line) => {
      at.file = file;
      at.line = line;
      events++;
      assembler.addDeferred(st);
    },
  };
  // A file found in a directory given that cannot be opened is one entry, as analyze reads it; one named stops the run.
  const named = new Set(s.logs);
  for (const file of files) {
    const st = await readAuditInput(file, sink, undefined, !named.has(file));
    for (const w of st.warnings) s.onWarning?.(w);
  }
  assembler.flush();
  for (const w of oddFieldWarnings(odd)) s.onWarning?.(w);
  for (const w of assemblyWarnings(tallies, files.length, await aggregatedRepeatOf(tallies.repeated, files))) s.onWarning?.(w);
  return { requests, events };
}

/**
 * The same for several identities, reading the logs, the manifests and the spec once. `read`: the identities'
 * requests already taken from the logs (analyze's own reading), in which case the logs are not read again.
 */
export async function rbacForIdentities(s: RbacManySettings, read?: { requests: IdentityRequests; events: number }): Promise<RbacComparison[]> {
  if (s.logs.length === 0) throw new InputError('no audit log given');
  if (s.identities.length === 0) throw new InputError('no identity given to compare RBAC for');
  checkStdinUse(s.logs, s.granted);
  const { requests, events } = read ?? (await readIdentityRequests(s));
  if (events === 0) throw new InputError(`no audit events read from ${s.logs.join(', ')}`);
  const wanted = requests.wanted;
  for (const w of wanted) {
    if (w.collector.total > 0) continue;
    const msg = `no requests by ${w.identity.username} in ${s.logs.join(', ')}; identities seen: ${requests.identitiesSeen()}`;
    if (!s.allowNoRequests) throw new InputError(msg);
    s.onWarning?.(`${msg}. Everything granted to it is reported as never used.`);
  }

  let spec: Spec | undefined;
  let sources: string[] | undefined;
  // Manifests are read once per namespace that unnamespaced Roles and RoleBindings default to.
  const reads = new Map<string, Promise<ManifestRead>>();
  const namespaceOf = (identity: Identity): string => s.releaseNamespace ?? identity.serviceAccount?.namespace ?? 'default';
  const namespaces = [...new Set(wanted.map((w) => namespaceOf(w.identity)))];
  const manifestsFor = (identity: Identity): Promise<ManifestRead> => {
    const ns = namespaceOf(identity);
    let p = reads.get(ns);
    if (!p) {
      reads.set(
        ns,
        (p = readManifests(s.granted!, ns, s.onWarning).then((read) => {
          // One release is installed in one namespace: placed in each identity's, its Roles would be granted twice over.
          if (namespaces.length > 1 && read.defaulted.length > 0) throw new InputError(unplacedText(read.defaulted, namespaces));
          // With the release namespace given (helm install -n), defaulting is what is meant; without, say so.
          if (!s.releaseNamespace) for (const d of read.defaulted) s.onWarning?.(`no metadata.namespace: ${d} (the release namespace, as helm install -n would place it)`);
          if (read.roles.length + read.bindings.length === 0) {
            const none = `no RBAC objects (Role, ClusterRole, RoleBinding or ClusterRoleBinding) in ${read.files.join(', ')}`;
            if (s.requireRbacObjects && s.failOn && s.failOn.length > 0) {
              throw new InputError(`${none}: --fail-on overprivileged has nothing to judge, and would pass whatever the identity holds (a helm template that failed writes nothing)`);
            }
            s.onWarning?.(none);
          }
          for (const r of read.removedApi) {
            s.onWarning?.(`${r}, removed in Kubernetes 1.22: the API server refuses it; compared as rbac.authorization.k8s.io/v1, which it should say`);
          }
          return read;
        })),
      );
    }
    return p;
  };
  const out: RbacComparison[] = [];
  // Kubernetes' own API groups, of every shipped release: a grant on one the spec does not serve is no over-grant.
  let groups: Set<string> | undefined;
  const kubernetesGroup = (group: string): boolean => (groups ??= catalogueGroups(shippedCatalogue() ?? { groupVersions: [] })).has(group);
  // And their resources, a group at a time, as the spec's are read (resourceCatalog): policy/podsecuritypolicies.
  const resources = new Map<string, Set<string>>();
  const kubernetesResource = (group: string, resource: string): boolean => {
    let known = resources.get(group);
    if (!known) resources.set(group, (known = catalogueResources(shippedCatalogue(), group)));
    return known.has(resource);
  };
  for (const w of wanted) {
    const identity = withObservedGroups(w.identity, w.collector.groups);
    let objects: RbacObjects | undefined;
    if (s.granted && s.granted.length > 0) {
      const read = await manifestsFor(identity);
      objects = { roles: read.roles, bindings: read.bindings };
      sources = read.files;
      spec ??= await specFor(s);
    }
    out.push(
      compareRbac({
        requests: w.collector.requests(),
        total: w.collector.total,
        refusedAfterAuthorization: w.collector.refusedAfterAuthorization(),
        refusedBeforeAuthorization: w.collector.refusedBeforeAuthorization(),
        unusable: w.collector.unusable,
        withoutResponse: w.collector.withoutResponse,
        identity,
        objects,
        sources,
        spec,
        maxResourceNames: s.maxResourceNames,
        includeDefaults: s.includeDefaults,
        policy: s.failOn && s.failOn.length > 0 ? { failOn: s.failOn, threshold: s.threshold ?? 0 } : undefined,
        kubernetesGroup,
        kubernetesResource,
      }),
    );
  }
  return out;
}
