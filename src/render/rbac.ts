// Plain-text pieces of a least-privilege comparison, shared by `apisnoop rbac`'s terminal summary and the Markdown
// page: a rule as one line, an RBAC object with where it was read, a group of requests, the needed RBAC as YAML.
import { dump } from 'js-yaml';
import { keptUnaudited, observedObjects, rulesCount, type RbacComparison, type RefusedRequest, type RequestGroup, withKept } from '../engine/rbac.js';
import { MANY_OPEN } from '../engine/audit.js';
import { grouped } from '../engine/grouped.js';
import { terminalLine } from '../terminal.js';
import { VERSION } from '../version.js';
import { CHECKED_FOR_ANOTHER } from './rbac-text.js';

// The words of a rule, an object and an unserved grant, apart (rbac-text.ts): the browser page uses them without js-yaml.
export { bindingsToRolesText, qualifiedName, refText, roleUsageText, ruleText, sourceText, UNAUDITED_TEXT, unauditedRulesText, unknownText, unservedText } from './rbac-text.js';

/** "list pods in default", "get /metrics", "create rbac.authorization.k8s.io/roles [a,b] cluster-wide". */
export function groupText(g: RequestGroup): string {
  if (g.path) return `${g.verb} ${g.path}`;
  const where = g.namespace ? `in ${g.namespace}` : 'cluster-wide';
  return `${g.verb} ${g.apiGroup ? `${g.apiGroup}/` : ''}${g.resource}${g.names ? ` [${g.names.join(',')}]` : ''} ${where}`;
}

/** "patch apps/deployments [web] in shop": a request the apiserver refused after the authorizer allowed it. */
export function refusedText(r: RefusedRequest): string {
  return groupText({ ...r, ...(r.name ? { names: [r.name] } : {}), allowed: 0 });
}

/** How the report words those requests: the annotation says only that the verb itself passed the authorizer. */
export const REFUSED_AFTER_AUTHORIZATION =
  'allowed by the authorizer, then refused: admission (PodSecurity, quota, webhooks) or a further permission check; a grant may still be needed';

/**
 * Where a request is counted before its final stage, on each surface: only analyze takes --max-in-flight. The page
 * (analyze's report.md, the Action's) names the option where it is; rbac keeps the default, as the Action does, and
 * says the command that holds more.
 */
export const IN_FLIGHT_LIMIT = {
  page: 'past the requests held in flight (apisnoop analyze --max-in-flight)',
  rbac: `past the ${grouped(MANY_OPEN)} requests rbac holds in flight (apisnoop analyze --max-in-flight, with --rbac-serviceaccount, holds more)`,
} as const;

/** Requests of the identity with no response recorded (requests.withoutResponse), in words: what the figures may lack. */
export function withoutResponseText(n: number, limit: string = IN_FLIGHT_LIMIT.page): string {
  return (
    `${n} of this identity's requests ${n === 1 ? 'has' : 'have'} no response recorded (counted before their final stage, ${limit}, or the log lacks it): ` +
    'denials and creates by server-side apply among them are missing from these figures'
  );
}

/**
 * The grants kept from the manifests in the needed RBAC (keptUnaudited), counted, for its header and the page's fold:
 * nothing in an audit log can tell whether they are needed, and dropping one takes away what the identity may use.
 */
export function keptRulesText(n: number): string {
  return `${n} rule${n === 1 ? '' : 's'} kept from the manifests as granted: ${CHECKED_FOR_ANOTHER}, so no audit log can show ${n === 1 ? 'it' : 'them'} used`;
}

/**
 * The observed rules as multi-document YAML: ClusterRole and binding, then a Role and binding per namespace; with them,
 * after a comment, the grants of the manifests no audit log can show used (keptUnaudited), in the scope they were
 * granted in: the YAML stands in for the chart's RBAC, which must not lose them.
 */
export function observedYaml(c: RbacComparison, opts: { bindings?: boolean; inFlightLimit?: string } = {}): string {
  const kept = keptUnaudited(c.granted);
  const objects = observedObjects(withKept(c.observed, kept), c.identity, opts);
  const keptRules = rulesCount(kept);
  const head =
    // The username is the log's, and a line break in it (\n, \r, NEL, LS, PS) would end the comment: what follows would
    // be YAML that kubectl apply runs (a ClusterRoleBinding). Its controls are written as visible escapes, as on stderr.
    `# RBAC observed by apisnoop ${VERSION} for ${terminalLine(c.identity.username)}: ${c.requests.total} requests` +
    `${c.requests.denied ? `, ${c.requests.denied} denied (included: the app asked for them)` : ''}` +
    `${c.requests.allowedByDefault ? `, ${c.requests.allowedByDefault} allowed by the default discovery roles (no rule needed)` : ''}.\n` +
    (keptRules ? `# With ${keptRulesText(keptRules)} (marked below).\n` : '') +
    (c.requests.withoutResponse ? `# ${withoutResponseText(c.requests.withoutResponse, opts.inFlightLimit)}.\n` : '');
  if (objects.length === 0) return `${head}# No rules needed beyond the cluster's default roles.\n`;
  const keptIn = (o: Record<string, unknown>): number =>
    o.kind === 'ClusterRole' ? kept.clusterRules.length : o.kind === 'Role' ? (kept.roles.find((r) => r.namespace === (o.metadata as { namespace?: string }).namespace)?.rules.length ?? 0) : 0;
  return head + objects.map((o) => `---\n${objectYaml(o, keptIn(o))}`).join('');
}

/** A Role or ClusterRole whose last `kept` rules are the manifests' (withKept), a comment before them; any other object as it is. */
function objectYaml(o: Record<string, unknown>, kept: number): string {
  const yaml = (x: unknown): string => dump(x, { noRefs: true, lineWidth: -1 });
  if (kept === 0) return yaml(o);
  // rules is the object's last key (observedObjects): written after the rest, as dump writes a list in a mapping.
  const { rules, ...rest } = o as { rules: unknown[] };
  const list = (rs: unknown[]): string => (rs.length > 0 ? yaml(rs).replace(/^(?=.)/gm, '  ') : '');
  return `${yaml(rest)}rules:\n${list(rules.slice(0, -kept))}  # Kept from the manifests as granted: ${CHECKED_FOR_ANOTHER}, so no audit log can show the rules below used.\n${list(rules.slice(-kept))}`;
}
