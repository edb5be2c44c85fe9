// Which requests are the KAPIC's own: filters by namespace, service account, user and user agent.
// Criteria are alternatives (a request is kept when it matches any of them), because a KAPIC speaks with
// several identities: helm installing it, its service account running it, a test hook poking it.
import type { AuditUser, Request } from './audit.js';
import type { Selection } from './report.js';
import { absorbHeavyHitters, countKey, distinctKeys, type HeavyHitters, mostFrequent, newHeavyHitters } from './heavy-hitters.js';

export const DEFAULT_SELECTION: Selection = {
  namespaces: [],
  serviceAccounts: [],
  users: [],
  userAgents: [],
  includeSystem: false,
  e2e: false,
};

/**
 * Kubernetes' own components: not the KAPIC, out unless asked for (include-system). The users named whole, the
 * namespaces whose service accounts are the system's, and the groups; a test holds docs/walkthrough.md's list to these.
 */
export const SYSTEM_USERS = [
  'system:kube-controller-manager',
  'system:kube-scheduler',
  'system:kube-proxy',
  'system:apiserver',
  'system:kube-aggregator',
  'system:volume-scheduler',
  'system:unsecured',
] as const;
/** The kubelets: system:node:<name>. */
export const SYSTEM_NODE_PREFIX = 'system:node:';
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'] as const;
export const SYSTEM_GROUPS: ReadonlySet<string> = new Set(['system:nodes']);
const SYSTEM_USER = new RegExp(
  `^(${SYSTEM_USERS.join('|')}|${SYSTEM_NODE_PREFIX}.+|system:serviceaccount:(${SYSTEM_NAMESPACES.join('|')}):.+)$`,
);

/** The identity the request acted as: the impersonated user when there is one. */
export function effectiveUser(req: Request): string {
  return req.impersonatedUser?.username ?? req.user?.username ?? '';
}

/**
 * The identities a request carries: the one that sent it and, when it impersonated another, the one it acted as.
 * A gate selects by either: the sender chose the API it called, whoever it acted as, so an app that impersonates
 * (a tenant's service account, a user, a system identity) must not leave its own requests out of the verdict.
 */
export function requestIdentities(req: Request): string[] {
  const sender = req.user?.username ?? '';
  const actedAs = req.impersonatedUser?.username;
  return actedAs === undefined || actedAs === sender ? [sender] : [actedAs, sender];
}

/** The user of requests sent without credentials. */
export const ANONYMOUS_USER = 'system:anonymous';
/** The apiserver's health checks: /livez, /readyz, /healthz and their single checks (/readyz/etcd), any query. */
const HEALTH_CHECK = /^\/(?:livez|readyz|healthz)(?:[/?]|$)/;

/**
 * A health check asked without credentials: the kubelet probing its static apiserver pod (kind's and kubeadm's
 * control planes do, every few seconds), a load balancer, a watchdog. Not an app's traffic, yet it would fill an
 * unfiltered report's non-resource URLs. Other anonymous requests stay selectable: an app that lost its token is
 * worth seeing.
 */
function isHealthProbe(req: Request): boolean {
  return req.user?.username === ANONYMOUS_USER && req.impersonatedUser === undefined && HEALTH_CHECK.test(req.requestURI ?? '');
}

function isSystemUser(u: AuditUser): boolean {
  if (u.username && SYSTEM_USER.test(u.username)) return true;
  return (u.groups ?? []).some((g) => SYSTEM_GROUPS.has(g));
}

/**
 * Kubernetes' own component: every identity the request carries is a system one. A request that impersonates a
 * system identity was sent by someone else (an app, an admin), who stays in the selection; a controller's is out.
 */
export function isSystemRequest(req: Request): boolean {
  if (isHealthProbe(req)) return true;
  const ids = [req.user, req.impersonatedUser].filter((u): u is AuditUser => u !== undefined);
  return ids.length > 0 && ids.every(isSystemUser);
}

/** `e2e.test/v1.29.0 (linux/amd64) kubernetes/abc -- [sig-apps] Deployment ... [Conformance]` -> the test name. */
export function e2eTestName(userAgent: string | undefined): string | null {
  if (!isE2eAgent(userAgent)) return null;
  const i = userAgent!.indexOf(' -- ');
  return i === -1 ? null : userAgent!.slice(i + 4).trim() || null;
}

/**
 * The Kubernetes release an e2e test binary was built from, by its user agent (`e2e.test/v1.34.0 …` -> 1.34), or null
 * for another agent, or one naming no release: the run's own [Conformance] tests are that release's.
 */
export function e2eRelease(userAgent: string | undefined): string | null {
  if (!isE2eAgent(userAgent)) return null;
  const m = /^e2e\.test\/v?(1\.\d+)(?:\.|\s|$)/.exec(comparedAgent(userAgent));
  return m ? m[1]! : null;
}

/** The e2e tests' user agent, compared as filters compare one (comparedAgent: leading whitespace aside). */
function isE2eAgent(userAgent: string | undefined): boolean {
  return comparedAgent(userAgent).startsWith('e2e.test');
}

/**
 * The user agent listed for requests that came with none, or a blank one (report.json's userAgents and callers); a
 * user-agents filter of that name selects them (userAgentMatcher).
 */
export const NO_USER_AGENT = '(none)';

/**
 * A user agent as filters compare it: without its leading whitespace, which a filter given on a command line or in
 * YAML loses (both trim their values). An apiserver never records one (HTTP strips it); a log rewritten by hand or by
 * another tool may. Empty when it came with none, or a blank one.
 */
function comparedAgent(userAgent: string | undefined): string {
  return (userAgent ?? '').trimStart();
}

/** A user agent without the e2e test name, so that callers group by program. */
export function userAgentProgram(userAgent: string | undefined): string {
  if (comparedAgent(userAgent) === '') return NO_USER_AGENT;
  const ua = userAgent!;
  const i = ua.indexOf(' -- ');
  return i === -1 ? ua : ua.slice(0, i);
}

/**
 * A user agent as a user-agents filter would name it: its program and version, the first word ("kubectl/v1.36.4" of
 * "kubectl/v1.36.4 (linux/amd64) kubernetes/0bb8ba8"), from its first character that is not a space, as the filter
 * compares it; NO_USER_AGENT for none. The filter matches from the start, so this selects it.
 */
export function userAgentFilterName(userAgent: string | undefined): string {
  const program = comparedAgent(userAgentProgram(userAgent));
  const space = program.search(/\s/);
  return space > 0 ? program.slice(0, space) : program;
}

/**
 * Whether a user agent is one a user-agents filter names: as a prefix in any case (globMatcher), both sides compared
 * from their first character that is not a space. A filter named NO_USER_AGENT, as the report lists them, also
 * selects the requests that came with no user agent (or a blank one).
 */
export function userAgentMatcher(pattern: string): (userAgent: string | undefined) => boolean {
  const matches = globMatcher(pattern.trimStart(), 'userAgent');
  const none = pattern.trim().toLowerCase() === NO_USER_AGENT;
  return (userAgent) => {
    const text = comparedAgent(userAgent);
    return (none && text === '') || matches(text);
  };
}

/** Counts the searches a glob makes, for tests: linear matching makes a few per pattern, whatever the text. */
export interface GlobSteps {
  steps: number;
}

/**
 * A `*` glob as a test of text. Usernames are matched whole and case-sensitively, as Kubernetes compares them; user
 * agents as a prefix, in any case. Linear in the text: the pieces between the stars are found in order, each at its
 * first place after the one before (a regex of `.*`s backtracks, quadratic or worse on a long user agent from a log).
 * Piece by piece, so a * matches anything, line breaks included.
 */
export function globMatcher(glob: string, kind: 'user' | 'userAgent', count?: GlobSteps): (text: string) => boolean {
  const whole = kind === 'user';
  const fold = whole ? (s: string) => s : foldCase;
  const pieces = fold(glob).split('*');
  const first = pieces[0];
  const last = pieces.length - 1;
  return (raw) => {
    const text = fold(raw);
    if (count) count.steps++;
    if (!text.startsWith(first)) return false;
    if (last === 0) return !whole || text.length === first.length;
    let at = first.length;
    // A whole name's last piece is its end; a prefix's last piece is found like the middle ones.
    for (let i = 1; i < (whole ? last : pieces.length); i++) {
      if (count) count.steps++;
      const found = text.indexOf(pieces[i], at);
      if (found === -1) return false;
      at = found + pieces[i].length;
    }
    if (!whole) return true;
    if (count) count.steps++;
    return text.length - pieces[last].length >= at && text.endsWith(pieces[last]);
  };
}

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Case folded as a regex's `i` flag folds it (ECMAScript's Canonicalize, without `u`): each UTF-16 unit upper-cased,
 * unless that makes it several units (ß) or makes a non-ASCII one ASCII (ſ, ı, K). The text keeps its length.
 */
function foldCase(text: string): string {
  if (!NON_ASCII.test(text)) return text.toUpperCase();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const u = c.toUpperCase();
    out += u.length !== 1 || (c.charCodeAt(0) > 0x7f && u.charCodeAt(0) <= 0x7f) ? c : u;
  }
  return out;
}

/** A DNS label (RFC 1123) without its length bound: what Kubernetes names namespaces, releases and clusters by. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A name a namespace can have (a DNS label, Kubernetes' own validation): the namespace filter matches names whole, so
 * any other (Bad_NS, a glob such as ns*) would select nothing and the run be taken for a clean one.
 */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
/** A namespace with `*` for any run of its characters (team-*): a DNS label's characters. */
const NAMESPACE_GLOB = /^[a-z0-9*-]+$/;
/** A service account's name (a DNS subdomain, Kubernetes' validation) with `*` for any run of its characters. */
const SERVICE_ACCOUNT_NAME = /^[a-z0-9.*-]+$/;

/**
 * 'ns:name' or 'ns:*', and the full 'system:serviceaccount:ns:name' form, as the user the service account acts as.
 * Both forms are held to namespace:name, the namespace a namespace's name (or a glob of one) and the name a service
 * account's: any other (ns1 alone, ns1:sa1:extra, Bad_NS:sa) matches no request, and the run would pass as a clean one.
 */
export function serviceAccountUser(sa: string): string {
  const parts = (sa.startsWith(SERVICE_ACCOUNT_PREFIX) ? sa.slice(SERVICE_ACCOUNT_PREFIX.length) : sa).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new Error(`service account "${sa}" is not of the form namespace:name`);
  }
  const [namespace, name] = parts;
  if (!(namespace.includes('*') ? NAMESPACE_GLOB.test(namespace) : isNamespaceName(namespace)) || !SERVICE_ACCOUNT_NAME.test(name)) {
    throw new Error(
      `service account "${sa}" is not of the form namespace:name: a namespace and a service account are named in lower-case letters, digits and - (a name also .), * for any run of them`,
    );
  }
  return SERVICE_ACCOUNT_PREFIX + namespace + ':' + name;
}

export type RequestFilter = (req: Request) => boolean;

/**
 * Whether a request acted as a user the selection leaves out (excludeUsers), or null when it leaves none out. By the
 * identity it acted as only: the Action's setup-command is sent by kind's admin, as install-command's requests are.
 */
export function excludedUser(sel: Pick<Selection, 'excludeUsers'>): RequestFilter | null {
  const excluded = excludedIdentity(sel);
  return excluded && ((req) => excluded(effectiveUser(req)));
}

/** Whether an identity is one the selection leaves out (excludeUsers), or null when it leaves none out. */
export function excludedIdentity(sel: Pick<Selection, 'excludeUsers'>): ((user: string) => boolean) | null {
  const matchers = (sel.excludeUsers ?? []).map((u) => globMatcher(u, 'user'));
  if (matchers.length === 0) return null;
  return (user) => matchers.some((matches) => matches(user));
}

/**
 * Whether excludeUsers took a request out of the selection: one it leaves out that it would have kept without them
 * (summary.excluded), or null when it leaves none out. A system component's, or one of a namespace not selected, was
 * never the app's: counting it said the exclusion left out requests it changed nothing for.
 */
export function leftOutByExclusion(sel: Selection): RequestFilter | null {
  const excluded = excludedUser(sel);
  if (!excluded) return null;
  const selected = requestFilter(sel);
  const withoutExclusion = requestFilter({ ...sel, excludeUsers: [] });
  return (req) => excluded(req) && withoutExclusion(req) && !selected(req);
}

export function requestFilter(sel: Selection): RequestFilter {
  const namespaces = new Set(sel.namespaces);
  const named = [...sel.users, ...sel.serviceAccounts.map(serviceAccountUser)];
  const users = named.map((u) => globMatcher(u, 'user'));
  // Named whole, without a wildcard: kube-system:* (a chart installed in kube-system) must not take in the controllers.
  const exact = new Set(named.filter((u) => !u.includes('*')));
  const excluded = excludedUser(sel);
  // A user-agent pattern matches from the start ("helm" matches "helm/v3.14.0 ..."), with * as wildcard; (none), none.
  const agents = sel.userAgents.map(userAgentMatcher);
  const anyCriterion = namespaces.size > 0 || users.length > 0 || agents.length > 0;
  return (req) => {
    if (sel.e2e) return isE2eAgent(req.userAgent);
    // Left out wherever it acts, the app's namespace included (the Action's setup-command), as a system one is; named
    // whole itself, it is kept, but not by naming the user that sent it (kind's admin, impersonating it).
    if (excluded?.(req)) return exact.has(effectiveUser(req));
    // An identity named whole by --serviceaccount or --user is the KAPIC's even when it is a system one: an add-on
    // running in kube-system (a CNI, a CSI driver) is gated by naming its service account, without every controller.
    // Either identity: the one it acted as (kubectl --as the app's service account) or the one that sent it (the app
    // impersonating another).
    const ids = requestIdentities(req);
    if (ids.some((id) => exact.has(id))) return true;
    if (!sel.includeSystem && isSystemRequest(req)) return false;
    if (!anyCriterion) return true;
    if (namespaces.size > 0 && req.objectRef?.namespace && namespaces.has(req.objectRef.namespace)) return true;
    if (users.some((matches) => ids.some((id) => matches(id)))) return true;
    return agents.some((matches) => matches(req.userAgent));
  };
}

/** What isSystemRequest leaves out, as the messages name it. */
export const SYSTEM_TRAFFIC = 'system components or anonymous health checks';

/**
 * The selection kept no request: the verdict then judges nothing and passes, which a typo in a filter (or a log that
 * holds no request: an empty file, the wrong one) must not make look like a clean bill. Null when something was selected.
 */
export function nothingSelected(requests: number, selected: number, sel: Selection): string | null {
  return selected > 0 ? null : whyNothingSelected(requests, sel);
}

/** Why a run that selected no request judged nothing: no request read, or the selection matched none of those read. */
export function whyNothingSelected(requests: number, sel: Selection): string {
  if (requests === 0) return 'no request was read from the input, so none was selected; the verdict judged no request';
  // e2e mode keeps every request of the e2e tests whoever sent it, system components' too, and nothing else.
  if (sel.e2e) return `none of the ${requests} requests read is selected: none has an e2e.test/… user agent, the e2e tests', which e2e mode selects; the verdict judged no request`;
  const criteria = selectionCriteria(sel);
  const why =
    criteria.length > 0
      ? `the selection (${criteria.join(', ')})${sel.includeSystem ? '' : `, which leaves out ${SYSTEM_TRAFFIC},`} matched none`
      : `they are all from ${SYSTEM_TRAFFIC}, which are left out unless include-system is set (--include-system)`;
  return `none of the ${requests} requests read is selected: ${why}; the verdict judged no request`;
}

/** How merge's notice of reports that selected differently begins (a run note): report.md then names no one filter. */
export const DIFFERENT_SELECTIONS = 'the reports select requests differently';

/**
 * A selection's criteria in words that fit both the CLI's options (--namespace) and the Action's inputs
 * (namespaces): the texts reach the PR comment and the report as well as the terminal.
 */
export function selectionCriteria(sel: Selection): string[] {
  return [
    ...sel.namespaces.map((n) => `namespace ${n}`),
    ...sel.serviceAccounts.map((s) => `service account ${s}`),
    ...sel.users.map((u) => `user ${u}`),
    ...sel.userAgents.map((a) => `user agent ${a}`),
    ...(sel.e2e ? ['e2e'] : []),
    ...(sel.includeSystem ? ['include-system'] : []),
    ...(sel.excludeUsers ?? []).map((u) => `not user ${u}`),
  ];
}

/**
 * Who made the requests a selection left out, counted while it has kept none (then a typo in a filter is all it is
 * asked about): the users (both identities of an impersonated request), the user agents as a filter names them
 * (userAgentFilterName) and the namespaces of their objects. Bounded (heavy-hitters.ts): the most frequent kept
 * whatever came before them, and the distinct ones counted. Structured-clone safe, so that a worker thread's part
 * carries it.
 */
export interface LeftOut {
  users: HeavyHitters;
  userAgents: HeavyHitters;
  namespaces: HeavyHitters;
  /**
   * Requests that acted as a user the selection leaves out on purpose (excludeUsers), by that user: kept out of the
   * tallies above, whose values are offered as what a filter could name.
   */
  excluded: HeavyHitters;
  /** Requests of Kubernetes' system components, left out of the tallies unless include-system is set. */
  system: number;
}

export const newLeftOut = (): LeftOut => ({ users: newHeavyHitters(), userAgents: newHeavyHitters(), namespaces: newHeavyHitters(), excluded: newHeavyHitters(), system: 0 });

/**
 * A request the selection did not keep. A system component's is only counted, unless they were asked for; one that
 * acted as a user the selection leaves out (`excluded`, excludedIdentity), by that user only. Nor is such a user
 * counted as the sender of another's request: naming it would not select that request alone.
 */
export function countLeftOut(t: LeftOut, req: Request, includeSystem: boolean, excluded: ((user: string) => boolean) | null = null): void {
  if (!includeSystem && isSystemRequest(req)) {
    t.system++;
    return;
  }
  if (excluded?.(effectiveUser(req))) {
    countKey(t.excluded, effectiveUser(req));
    return;
  }
  for (const id of requestIdentities(req)) if (!excluded?.(id)) countKey(t.users, id || '(none)');
  countKey(t.userAgents, userAgentFilterName(req.userAgent));
  const ns = req.objectRef?.namespace;
  if (ns) countKey(t.namespaces, ns);
}

/** Another part's tally added to this one (the parallel reader's workers). */
export function absorbLeftOut(t: LeftOut, other: LeftOut): void {
  for (const k of ['users', 'userAgents', 'namespaces', 'excluded'] as const) absorbHeavyHitters(t[k], other[k]);
  t.system += other.system;
}

const LEFT_OUT_SHOWN = 5;

/**
 * The first LEFT_OUT_SHOWN, most requests first, with their count ("at least" when the tally cannot be sure), and
 * how many others: exact, or "over" the distinct ones counted when there were more.
 */
function mostFirst(t: HeavyHitters, show: (value: string) => string): string {
  const shown = mostFrequent(t)
    .slice(0, LEFT_OUT_SHOWN)
    .map((c) => `${show(c.key)} (${c.atLeast ? 'at least ' : ''}${c.n})`);
  const distinct = distinctKeys(t);
  const rest = Math.max(distinct.n - shown.length, 0);
  return shown.join(', ') + (distinct.more ? ` and over ${rest} more` : rest > 0 ? ` and ${rest} more` : '');
}

/**
 * What the log holds, for a selection that kept none of it: the users, user agents and namespaces a filter could
 * name, most requests first, so that a typo can be put right without reading the log by hand. `includeSystem`: the
 * flag as given (--include-system); system components are named only with it. `show` writes a value from the log;
 * `includeOption`, how the surface names the switch (the Action's input: include-system: true).
 */
export function leftOutText(t: LeftOut, includeSystem: boolean, show: (value: string) => string = (v) => v, includeOption = '--include-system'): string {
  const left = `left out unless ${includeOption} is given`;
  if (t.users.counts.size === 0 && t.excluded.counts.size === 0) {
    return t.system > 0 ? `all ${t.system} requests read are from Kubernetes' ${SYSTEM_TRAFFIC}, ${left}` : 'no request was read';
  }
  const parts = t.users.counts.size > 0 ? [`users ${mostFirst(t.users, show)}`, `user agents ${mostFirst(t.userAgents, show)}`] : [];
  if (t.namespaces.counts.size > 0) parts.push(`for objects in namespaces ${mostFirst(t.namespaces, show)}`);
  // Named as such, not among the users above: a filter that named them would be at odds with the selection.
  if (t.excluded.counts.size > 0) parts.push(`${parts.length > 0 ? 'and by ' : ''}users the selection leaves out on purpose, ${mostFirst(t.excluded, show)}`);
  if (!includeSystem && t.system > 0) parts.push(`${t.system} more are from ${SYSTEM_TRAFFIC}, ${left}`);
  return `the requests read are by ${parts.join('; ')}`;
}
