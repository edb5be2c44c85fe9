// apisnoop rbac LOG... --serviceaccount ns:name | --user NAME : the RBAC one identity needed, as kubectl-applicable
// YAML; with --granted, what the manifests grant it that it never used (riskiest first) and what it was denied.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { dump } from 'js-yaml';
import { RequestAssembler, toAuditEvent } from '../engine/audit.js';
import {
  compareRbac,
  DEFAULT_MAX_RESOURCE_NAMES,
  identityOf,
  isIdentityRequest,
  observedObjects,
  RequestCollector,
  withObservedGroups,
  type ObjectRef,
  type PolicyRule,
  type RbacComparison,
  type RbacObjects,
  type RequestGroup,
} from '../engine/rbac.js';
import { effectiveUser } from '../engine/select.js';
import type { Spec } from '../engine/spec.js';
import { expandInputs, InputError, readAuditInput, type LineSink } from '../sources/audit-files.js';
import { readManifests } from '../sources/manifests.js';
import { loadSpecFile, loadSpecVersion, shippedReleases } from '../sources/specs.js';
import { VERSION } from '../version.js';

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
  onInvalid?: (file: string, line: number, message: string) => void;
  onWarning?: (message: string) => void;
}

async function specFor(s: RbacSettings): Promise<Spec> {
  if (s.spec) return loadSpecFile(s.spec, s.kubernetesVersion);
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}

/** Read the logs, keep the identity's requests, read the manifests, compare. The Action calls this too. */
export async function rbacFromLogs(s: RbacSettings): Promise<RbacComparison> {
  if (s.logs.length === 0) throw new InputError('no audit log given');
  let identity = identityOf({ serviceAccount: s.serviceAccount, user: s.user });
  const files = await expandInputs(s.logs);
  const collector = new RequestCollector();
  const seen = new Map<string, number>();
  const assembler = new RequestAssembler((req) => {
    const who = effectiveUser(req);
    seen.set(who, (seen.get(who) ?? 0) + 1);
    if (isIdentityRequest(identity, req)) collector.add(req);
  });
  let events = 0;
  const sink: LineSink = {
    value(raw, file, line) {
      const list = raw as { kind?: unknown; items?: unknown };
      if (list && list.kind === 'EventList' && Array.isArray(list.items)) {
        for (const item of list.items) this.value(item, file, line);
        return;
      }
      const ev = toAuditEvent(raw);
      if (typeof ev === 'string') s.onInvalid?.(file, line, ev);
      else {
        events++;
        assembler.add(ev);
      }
    },
    invalidLine: (file, line, message) => s.onInvalid?.(file, line, message),
  };
  for (const file of files) {
    const st = await readAuditInput(file, sink);
    for (const w of st.warnings) s.onWarning?.(w);
  }
  assembler.flush();
  if (events === 0) throw new InputError(`no audit events read from ${s.logs.join(', ')}`);
  if (collector.total === 0) {
    const top = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([u, n]) => `${u || '(none)'} (${n})`);
    throw new InputError(`no requests by ${identity.username} in ${s.logs.join(', ')}; identities seen: ${top.join(', ')}`);
  }
  identity = withObservedGroups(identity, collector.groups);

  let objects: RbacObjects | undefined;
  let sources: string[] | undefined;
  let spec: Spec | undefined;
  if (s.granted && s.granted.length > 0) {
    const ns = s.releaseNamespace ?? identity.serviceAccount?.namespace ?? 'default';
    const read = await readManifests(s.granted, ns);
    for (const d of read.defaulted) s.onWarning?.(`no metadata.namespace: ${d} (set --release-namespace to change)`);
    if (read.roles.length + read.bindings.length === 0) s.onWarning?.(`no RBAC objects in ${read.files.join(', ')}`);
    objects = { roles: read.roles, bindings: read.bindings };
    sources = read.files;
    spec = await specFor(s);
  }
  return compareRbac({
    requests: collector.requests(),
    total: collector.total,
    unusable: collector.unusable,
    identity,
    objects,
    sources,
    spec,
    maxResourceNames: s.maxResourceNames,
    includeDefaults: s.includeDefaults,
    policy: s.failOn && s.failOn.length > 0 ? { failOn: s.failOn, threshold: s.threshold ?? 0 } : undefined,
  });
}

/** The observed rules as multi-document YAML: ClusterRole and binding, then a Role and binding per namespace. */
export function observedYaml(c: RbacComparison, opts: { bindings?: boolean } = {}): string {
  const objects = observedObjects(c.observed, c.identity, opts);
  const head =
    `# RBAC observed by apisnoop ${VERSION} for ${c.identity.username}: ${c.requests.total} requests` +
    `${c.requests.denied ? `, ${c.requests.denied} denied (included: the app asked for them)` : ''}` +
    `${c.requests.allowedByDefault ? `, ${c.requests.allowedByDefault} allowed by the default discovery roles (no rule needed)` : ''}.\n`;
  if (objects.length === 0) return `${head}# No rules needed beyond the cluster's default roles.\n`;
  return head + objects.map((o) => `---\n${dump(o, { noRefs: true, lineWidth: -1 })}`).join('');
}

const ref = (r: ObjectRef): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}${r.source ? ` (${r.source.template ?? r.source.file}:${r.source.line})` : ''}`;

export function ruleText(r: PolicyRule): string {
  if (r.nonResourceURLs) return `${r.verbs.join(',')} ${r.nonResourceURLs.join(',')}`;
  const groups = (r.apiGroups ?? []).map((g) => (g === '' ? 'core' : g)).join(',');
  return `${r.verbs.join(',')} ${groups}:${(r.resources ?? []).join(',')}${r.resourceNames ? ` [${r.resourceNames.join(',')}]` : ''}`;
}

function groupText(g: RequestGroup): string {
  if (g.path) return `${g.verb} ${g.path}`;
  const where = g.namespace ? `in ${g.namespace}` : 'cluster-wide';
  return `${g.verb} ${g.apiGroup ? `${g.apiGroup}/` : ''}${g.resource}${g.names ? ` [${g.names.join(',')}]` : ''} ${where}`;
}

/** The human summary on stderr: what was denied, the over-grants riskiest first, the verdict. */
export function summaryText(c: RbacComparison): string {
  const lines: string[] = [];
  const r = c.requests;
  const nRoles = c.observed.roles.length;
  lines.push(
    `${c.identity.username}: ${r.total} requests, ${r.denied} denied, ${r.allowedByDefault} allowed by default roles -> ` +
      `${c.observed.clusterRules.length} ClusterRole rule${c.observed.clusterRules.length === 1 ? '' : 's'}, ${nRoles} Role${nRoles === 1 ? '' : 's'}${nRoles ? ` (${c.observed.roles.map((x) => x.namespace).join(', ')})` : ''}`,
  );
  for (const u of r.unusable.slice(0, 5)) lines.push(`  unusable request ${u.auditID}: ${u.reason}`);
  if (c.denied.length > 0) {
    lines.push(`denied (under-privilege):`);
    for (const g of c.denied) lines.push(`  ${g.count}x ${groupText(g)}${g.allowed ? ` (allowed ${g.allowed}x later or elsewhere in the log)` : ''}`);
  }
  const gr = c.granted;
  if (gr) {
    const bound = new Set(gr.roles.map((x) => ref(x.role)));
    const from = gr.sources.length <= 2 ? gr.sources.join(', ') : `${gr.sources.length} manifest files (${gr.sources[0]}, …)`;
    lines.push(`granted by ${from}: ${bound.size} role${bound.size === 1 ? '' : 's'} bound to ${c.identity.username} (wildcards expanded against Kubernetes ${gr.spec.kubernetesVersion})`);
    for (const u of gr.roles) {
      lines.push(`  ${ref(u.role)} via ${ref(u.binding)}: ${u.exercised} of ${u.permissions} permissions used${u.exercised === 0 ? ' (NEVER USED)' : ''}`);
    }
    if (gr.overGrants.length > 0) {
      lines.push(`over-privilege, riskiest first (${gr.overGrants.length}):`);
      gr.overGrants.forEach((o, i) => {
        const via = o.aggregatedFrom ? ` aggregated from ${ref(o.aggregatedFrom)}` : '';
        lines.push(`  ${i + 1}. [${o.risk}] ${o.role.kind} ${o.role.name}${via} via ${o.binding.kind} ${o.binding.name}: ${ruleText(o.rule)}`);
        lines.push(`     ${o.why}`);
      });
    } else lines.push('over-privilege: none, every granted permission was used');
    for (const g of gr.ungranted) lines.push(`not granted by the manifests: ${g.count}x ${groupText(g)}`);
    for (const u of gr.unresolved) lines.push(`unresolved: ${ref(u.binding)} refers to ${u.roleRef.kind} ${u.roleRef.name}, not in the manifests: its rules are unknown`);
    for (const a of gr.aggregateTo) lines.push(`note: ${ref(a.clusterRole)} aggregates into ${a.into.join(', ')}: everyone holding those roles gets its rules`);
    for (const a of gr.aggregations) lines.push(`note: ${ref(a.clusterRole)} aggregates ${a.aggregates.length ? a.aggregates.join(', ') : 'no ClusterRole of the manifests'} (plus any matching ClusterRole in the cluster)`);
    for (const x of gr.unknownResources) lines.push(`note: ${ref(x.role)} names ${x.resources.join(', ')}, not in Kubernetes ${gr.spec.kubernetesVersion}: a typo grants nothing`);
    for (const x of gr.ineffective) lines.push(`note: ${ref(x.binding)} grants ${x.resources.join(', ')} from ${ref(x.role)}, which a RoleBinding cannot grant`);
    if (gr.unbound.length > 0) lines.push(`not bound to ${c.identity.username}: ${gr.unbound.map(ref).join('; ')}`);
  }
  if (c.verdict) {
    lines.push(`${c.verdict.pass ? 'PASS' : 'FAIL'}: ${c.verdict.overGrants} over-grants (threshold ${c.verdict.threshold})`);
  }
  return lines.join('\n') + '\n';
}

const nonNegativeInt = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('not a whole number >= 0');
  return Number(v);
};
const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function parseRbacFailOn(text: string): Array<'overprivileged'> {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return [];
  const bad = words.filter((w) => w !== 'overprivileged');
  if (bad.length > 0 || words.length === 0) throw new InvalidArgumentError(`unknown rule ${bad.map((b) => `"${b}"`).join(', ') || '""'} (use overprivileged or none)`);
  return ['overprivileged'];
}

interface RbacOptions {
  serviceaccount?: string;
  user?: string;
  granted?: string[];
  releaseNamespace?: string;
  spec?: string;
  k8sVersion?: string;
  format: 'yaml' | 'json';
  bindings: boolean;
  includeDefaults?: boolean;
  maxResourceNames: number;
  failOn: Array<'overprivileged'>;
  threshold: number;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('rbac')
    .description('derive least-privilege RBAC for one identity from the audit log; with --granted, report what the manifests grant it but it never used, and what it was denied')
    .argument('<logs...>', "audit log files or directories, plain or .gz; '-' for stdin")
    .option('--serviceaccount <ns:name>', 'the identity: a service account')
    .option('--user <name>', 'the identity: a user (impersonated users count as themselves)')
    .option('--granted <manifests>', "RBAC the app is granted: YAML/JSON manifests, `helm template` output, directories, '-' for stdin (repeatable)", collect)
    .option('--release-namespace <ns>', 'namespace of Roles/RoleBindings that name none (default: the service account namespace, else default)')
    .option('--spec <file>', 'OpenAPI v2 spec to expand wildcards against (.json or .gz)')
    .option('--k8s-version <1.NN>', 'Kubernetes release to expand wildcards against (default: the newest shipped)')
    .addOption(new Option('--format <format>', 'stdout: yaml (kubectl-applicable Roles/ClusterRoles and bindings) or json (the whole comparison)').choices(['yaml', 'json']).default('yaml'))
    .option('--no-bindings', 'print the Roles and ClusterRoles without their bindings')
    .option('--include-defaults', "derive rules for what the cluster's default roles already allow (discovery, self reviews)")
    .option('--max-resource-names <n>', 'restrict a rule to resourceNames when the identity used at most this many names (0: never)', nonNegativeInt, DEFAULT_MAX_RESOURCE_NAMES)
    .option('--fail-on <rules>', 'overprivileged: exit 1 when over-grants exceed --threshold (needs --granted); none', parseRbacFailOn, [])
    .option('--threshold <n>', 'over-grants tolerated by --fail-on overprivileged', nonNegativeInt, 0)
    .option('-q, --quiet', 'no summary or warnings on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  apisnoop rbac audit.log --serviceaccount shop:operator > rbac.yaml && kubectl apply --dry-run=client -f rbac.yaml\n' +
        '  helm template shop ./chart -n shop | apisnoop rbac audit.log --serviceaccount shop:operator --granted - --fail-on overprivileged\n' +
        '\nExit codes: 0 done (or the policy passed), 1 --fail-on overprivileged failed, 2 bad usage, unreadable input or no requests by the identity.',
    )
    .action(async (logs: string[], o: RbacOptions) => {
      const say = (msg: string) => {
        if (!o.quiet) process.stderr.write(msg + '\n');
      };
      if (o.failOn.length > 0 && !(o.granted && o.granted.length > 0)) throw new InputError('--fail-on overprivileged needs --granted manifests to compare with');
      let invalidShown = 0;
      const c = await rbacFromLogs({
        logs,
        serviceAccount: o.serviceaccount,
        user: o.user,
        granted: o.granted,
        releaseNamespace: o.releaseNamespace,
        spec: o.spec,
        kubernetesVersion: o.k8sVersion,
        maxResourceNames: o.maxResourceNames,
        includeDefaults: o.includeDefaults,
        failOn: o.failOn,
        threshold: o.threshold,
        onInvalid: (file, line, message) => {
          if (invalidShown++ < 5) say(`warning: ${file}:${line}: ${message}`);
        },
        onWarning: (w) => say(`warning: ${w}`),
      });
      if (invalidShown > 5) say(`warning: ${invalidShown} invalid lines in all`);
      process.stdout.write(o.format === 'json' ? JSON.stringify(c, null, 2) + '\n' : observedYaml(c, { bindings: o.bindings }));
      if (!o.quiet) process.stderr.write(summaryText(c));
      process.exitCode = c.verdict && !c.verdict.pass ? 1 : 0;
    });
}
