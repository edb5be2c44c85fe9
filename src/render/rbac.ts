// Plain-text pieces of a least-privilege comparison, shared by `apisnoop rbac`'s terminal summary and the Markdown
// page: a rule as one line, an RBAC object with where it was read, a group of requests, the needed RBAC as YAML.
import { dump } from 'js-yaml';
import { observedObjects, type RbacComparison, type RefusedRequest, type RequestGroup } from '../engine/rbac.js';
import { MANY_OPEN } from '../engine/audit.js';
import { grouped } from '../engine/grouped.js';
import { terminalLine } from '../terminal.js';
import { VERSION } from '../version.js';

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

/** The observed rules as multi-document YAML: ClusterRole and binding, then a Role and binding per namespace. */
export function observedYaml(c: RbacComparison, opts: { bindings?: boolean; inFlightLimit?: string } = {}): string {
  const objects = observedObjects(c.observed, c.identity, opts);
  const head =
    // The username is the log's, and a line break in it (\n, \r, NEL, LS, PS) would end the comment: what follows would
    // be YAML that kubectl apply runs (a ClusterRoleBinding). Its controls are written as visible escapes, as on stderr.
    `# RBAC observed by apisnoop ${VERSION} for ${terminalLine(c.identity.username)}: ${c.requests.total} requests` +
    `${c.requests.denied ? `, ${c.requests.denied} denied (included: the app asked for them)` : ''}` +
    `${c.requests.allowedByDefault ? `, ${c.requests.allowedByDefault} allowed by the default discovery roles (no rule needed)` : ''}.\n` +
    (c.requests.withoutResponse ? `# ${withoutResponseText(c.requests.withoutResponse, opts.inFlightLimit)}.\n` : '');
  if (objects.length === 0) return `${head}# No rules needed beyond the cluster's default roles.\n`;
  return head + objects.map((o) => `---\n${dump(o, { noRefs: true, lineWidth: -1 })}`).join('');
}
