// Plain-text pieces of RBAC objects, free of js-yaml and the engine: the browser page (report.html, serve) says them
// as report.md and `apisnoop rbac` do. src/render/rbac.ts re-exports them.
import type { ObjectRef, PolicyRule, RoleUsage } from '../engine/rbac.js';
import { sourcePlace } from '../engine/rbac/objects.js';

/** "get,list core:pods,nodes [a,b]" or "get /metrics". */
export function ruleText(r: PolicyRule): string {
  if (r.nonResourceURLs) return `${r.verbs.join(',')} ${r.nonResourceURLs.join(',')}`;
  const groups = (r.apiGroups ?? []).map((g) => (g === '' ? 'core' : g)).join(',');
  return `${r.verbs.join(',')} ${groups}:${(r.resources ?? []).join(',')}${r.resourceNames ? ` [${r.resourceNames.join(',')}]` : ''}`;
}

/**
 * "rendered.yaml:42 (shop/templates/role.yaml)", as the manifest errors name a place, or null when the object has no
 * source. The line is the file's: paired with the template's name, it named a line the template does not have there.
 */
export function sourceText(r: ObjectRef): string | null {
  return r.source ? sourcePlace(r.source) : null;
}

/** "ns/name" for namespaced objects, "name" for cluster-wide ones. */
export function qualifiedName(r: ObjectRef): string {
  return `${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** "ClusterRole ns/name (rendered.yaml:12 (templates/role.yaml))". */
export function refText(r: ObjectRef): string {
  const src = sourceText(r);
  return `${r.kind} ${qualifiedName(r)}${src ? ` (${src})` : ''}`;
}

/**
 * The API groups (unservedGroups) or resources (unservedResources) a rule names that the release does not serve, in
 * words, for either page.
 */
export function unservedText(names: readonly string[], release: string, what: 'API group' | 'resource' = 'API group'): string {
  const one = names.length === 1;
  return `${one ? `${what === 'API group' ? 'an' : 'a'} ${what}` : `${what}s`} Kubernetes ${release} does not serve: no request can use ${one ? 'it' : 'them'} there, so not counted as over-grants`;
}

/** Why a grant is not visible in an audit log (unauditedResources): whose request RBAC is asked about it for. */
export const CHECKED_FOR_ANOTHER = "checked for another's request (update on an owner's finalizers in its write, the kubelet's requests on nodes)";

/**
 * The resources a rule names whose permissions are checked for another's request (unauditedResources), in words, for
 * the terminal and both pages.
 */
export const UNAUDITED_TEXT = `${CHECKED_FOR_ANOTHER}, so not visible in an audit log: kept as granted, not judged`;

/**
 * How much of a bound role was used: "1 of 3 permissions used", and the permissions no audit log can show used apart
 * (unaudited), so that a role holding only those does not read "0 of 0 permissions used". `neverUsed` follows the
 * count when none of the judged permissions was used. `unauditedBelow`: a line of its own follows that says what they
 * are and why (UNAUDITED_TEXT), so they are only counted here, pointing to it ("1 permission, said below").
 */
export function roleUsageText(u: Pick<RoleUsage, 'permissions' | 'exercised' | 'unaudited'>, neverUsed = '', unauditedBelow = false): string {
  const n = u.unaudited ?? 0;
  const permissions = (k: number): string => `${k} permission${k === 1 ? '' : 's'}`;
  const unseen = unauditedBelow ? `${u.permissions === 0 ? permissions(n) : `${n} more`}, said below` : `${permissions(n)} not visible in an audit log, not judged`;
  if (n > 0 && u.permissions === 0) return unseen;
  const used = `${u.exercised} of ${permissions(u.permissions)} used${u.exercised === 0 && u.permissions > 0 ? neverUsed : ''}`;
  return n > 0 ? `${used}; ${unseen}` : used;
}

/** What `unauditedResources` sets aside, counted, for "every granted permission was used" to stay true. */
export function unauditedRulesText(rules: number): string {
  return `${rules} rule${rules === 1 ? '' : 's'} on resources no audit log shows used, not judged`;
}

/** "1 binding to a role", "2 bindings to roles": bindings to roles the manifests do not hold, counted. */
export function bindingsToRolesText(n: number): string {
  return n === 1 ? '1 binding to a role' : `${n} bindings to roles`;
}

/** The resources a rule names that no release serves (unknownResources), in words, for the terminal and the page. */
export function unknownText(release: string): string {
  return `not in Kubernetes ${release}: a typo grants nothing`;
}
