// apisnoop rbac LOG... --serviceaccount ns:name | --user NAME : the RBAC one identity needed, as kubectl-applicable
// YAML; with --granted, what the manifests grant it that it never used (riskiest first) and what it was denied.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MAX_RESOURCE_NAMES, keptUnaudited, type RbacComparison, rulesCount, withKept } from '../engine/rbac.js';
import { identityOf } from '../engine/rbac/identity.js';
import { bindingsToRolesText, groupText, IN_FLIGHT_LIMIT, keptRulesText, observedYaml, REFUSED_AFTER_AUTHORIZATION, refText as ref, refusedText, roleUsageText, ruleText, UNAUDITED_TEXT, unauditedRulesText, unknownText, unservedText, withoutResponseText } from '../render/rbac.js';
import { rbacFromLogs } from '../rbac.js';
import { InputError } from '../sources/input-files.js';
import { terminalLine } from '../terminal.js';
import { writeChunks } from '../outputs.js';
import { collectNamed, named, namedFiles, oneSpec, oneValue } from './options.js';
import { plural } from '../render/markdown-cells.js';

/** The human summary on stderr: what was denied, the over-grants riskiest first, the verdict. */
export function summaryText(c: RbacComparison): string {
  const lines: string[] = [];
  const r = c.requests;
  // What the YAML on stdout holds: the grants kept from the manifests with the observed rules (observedYaml).
  const kept = keptUnaudited(c.granted);
  const all = withKept(c.observed, kept);
  const nRoles = all.roles.length;
  lines.push(
    `${c.identity.username}: ${plural(r.total, 'request')}, ${r.denied} denied, ${r.allowedByDefault} allowed by default roles -> ` +
      `${all.clusterRules.length} ClusterRole rule${all.clusterRules.length === 1 ? '' : 's'}, ${nRoles} Role${nRoles === 1 ? '' : 's'}${nRoles ? ` (${all.roles.map((x) => x.namespace).join(', ')})` : ''}` +
      (rulesCount(kept) > 0 ? `, with ${keptRulesText(rulesCount(kept))}` : ''),
  );
  for (const u of r.unusable.slice(0, 5)) lines.push(`  unusable request ${u.auditID}: ${u.reason}`);
  if (r.unusable.length > 5) lines.push(`  and ${r.unusable.length - 5} more unusable requests (--format json lists them all)`);
  if (r.withoutResponse) lines.push(`  ${withoutResponseText(r.withoutResponse, IN_FLIGHT_LIMIT.rbac)}`);
  if (c.denied.length > 0) {
    lines.push(`denied (under-privilege):`);
    for (const g of c.denied) lines.push(`  ${g.count}x ${groupText(g)}${g.allowed ? ` (allowed ${g.allowed}x later or elsewhere in the log)` : ''}`);
  }
  // Absent in reports written before it was added.
  const refused = r.refusedAfterAuthorization ?? [];
  if (refused.length > 0) {
    const n = refused.reduce((k, x) => k + x.count, 0);
    lines.push(`${n} request${n === 1 ? '' : 's'} ${REFUSED_AFTER_AUTHORIZATION} (403, not counted as denied):`);
    for (const x of refused) lines.push(`  ${x.count}x ${refusedText(x)}${x.hint ? `: ${x.hint}` : ''}`);
  }
  for (const x of r.refusedBeforeAuthorization ?? []) lines.push(`  ${x.count}x ${refusedText(x)}: ${x.hint ?? ''} (403, not counted as denied)`);
  const gr = c.granted;
  if (gr) {
    const bound = new Set(gr.roles.map((x) => ref(x.role)));
    const from = gr.sources.length <= 2 ? gr.sources.join(', ') : `${gr.sources.length} manifest files (${gr.sources[0]}, …)`;
    lines.push(`granted by ${from}: ${bound.size} role${bound.size === 1 ? '' : 's'} bound to ${c.identity.username} (wildcards expanded against Kubernetes ${gr.spec.kubernetesVersion})`);
    for (const u of gr.roles) {
      lines.push(`  ${ref(u.role)} via ${ref(u.binding)}: ${roleUsageText(u, ' (NEVER USED)')}`);
    }
    if (gr.overGrants.length > 0) {
      lines.push(`over-privilege, riskiest first (${gr.overGrants.length}):`);
      gr.overGrants.forEach((o, i) => {
        const via = o.aggregatedFrom ? ` aggregated from ${ref(o.aggregatedFrom)}` : '';
        lines.push(`  ${i + 1}. [${o.risk}] ${o.role.kind} ${o.role.name}${via} via ${o.binding.kind} ${o.binding.name}: ${ruleText(o.rule)}`);
        lines.push(`     ${o.why}`);
      });
    } else if (gr.unresolved.length > 0) {
      // A role the manifests lack may grant anything: nothing is known of it, "every permission was used" least of all.
      const n = gr.unresolved.length;
      lines.push(`over-privilege: none in the roles the manifests hold; ${bindingsToRolesText(n)} they do not hold cannot be judged (unresolved, below)`);
    } else if (gr.roles.length === 0) lines.push('over-privilege: none: the manifests bind no role to it');
    else {
      // Grants set aside as unaudited were not judged: "every granted permission" would say they were used.
      const unaudited = gr.unauditedResources?.length ?? 0;
      lines.push(unaudited > 0 ? `over-privilege: none, every granted permission judged was used; ${unauditedRulesText(unaudited)} (below)` : 'over-privilege: none, every granted permission was used');
    }
    for (const g of gr.ungranted) lines.push(`not granted by the manifests: ${g.count}x ${groupText(g)}`);
    for (const u of gr.unresolved) lines.push(`unresolved: ${ref(u.binding)} refers to ${u.roleRef.kind} ${u.roleRef.name}, not in the manifests: its rules are unknown`);
    for (const a of gr.aggregateTo) lines.push(`note: ${ref(a.clusterRole)} aggregates into ${a.into.join(', ')}: everyone holding those roles gets its rules`);
    for (const a of gr.aggregations) {
      lines.push(
        a.served
          ? `note: ${ref(a.clusterRole)} is aggregated: its rules are taken as the API server served them (the aggregation controller's)`
          : `note: ${ref(a.clusterRole)} aggregates ${a.aggregates.length ? a.aggregates.join(', ') : 'no ClusterRole of the manifests'} (plus any matching ClusterRole in the cluster)`,
      );
    }
    for (const x of gr.unknownResources) lines.push(`note: ${ref(x.role)} names ${x.resources.join(', ')}, ${unknownText(gr.spec.kubernetesVersion)}`);
    for (const x of gr.unservedGroups ?? []) {
      lines.push(`note: ${ref(x.role)}: ${ruleText(x.rule)} names ${x.groups.join(', ')}, ${unservedText(x.groups, gr.spec.kubernetesVersion)}`);
    }
    for (const x of gr.unservedResources ?? []) {
      lines.push(`note: ${ref(x.role)}: ${ruleText(x.rule)} names ${x.resources.join(', ')}, ${unservedText(x.resources, gr.spec.kubernetesVersion, 'resource')}`);
    }
    for (const x of gr.unauditedResources ?? []) lines.push(`note: ${ref(x.role)}: ${ruleText(x.rule)} names ${x.resources.join(', ')}, ${UNAUDITED_TEXT}`);
    for (const x of gr.ineffective) lines.push(`note: ${ref(x.binding)} grants ${x.resources.join(', ')} from ${ref(x.role)}, which a RoleBinding cannot grant`);
    if (gr.unbound.length > 0) lines.push(`not bound to ${c.identity.username}: ${gr.unbound.map((u) => ref(u)).join('; ')}`);
  }
  if (c.verdict) {
    for (const why of c.verdict.cannotJudge ?? []) lines.push(why);
    const unjudged = (c.verdict.cannotJudge ?? []).length;
    lines.push(`${c.verdict.pass ? 'PASS' : 'FAIL'}: ${plural(c.verdict.overGrants, 'over-grant')} (threshold ${c.verdict.threshold})${unjudged ? `; ${bindingsToRolesText(unjudged)} not given, which cannot be judged` : ''}`);
  }
  // Names come from manifests and logs: one line each, whatever they hold.
  return lines.map(terminalLine).join('\n') + '\n';
}

/**
 * --serviceaccount and --user name the one identity: given again with another value, commander kept the last and
 * dropped the first without a word (analyze's --user is repeatable, so a second one reads as "and this one too").
 */
const oneIdentity = (option: string) => oneValue(option, 'rbac derives the RBAC of one identity; run it once for each');

const nonNegativeInt = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('not a whole number >= 0');
  return Number(v);
};

export function parseRbacFailOn(text: string): Array<'overprivileged'> {
  // Any case, as analyze's --fail-on and the Action's rbac-fail-on take it; a wrong word is quoted as written.
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && words[0].toLowerCase() === 'none') return [];
  const bad = words.filter((w) => w.toLowerCase() !== 'overprivileged');
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
  failOn?: Array<'overprivileged'>;
  threshold: number;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('rbac')
    .description('derive least-privilege RBAC for one identity from the audit log; with --granted, report what the manifests grant it but it never used, and what it was denied')
    .argument('<logs...>', "audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst; '-' for stdin", namedFiles)
    .option('--serviceaccount <ns:name>', 'the identity: a service account', oneIdentity('--serviceaccount'))
    .option('--user <name>', 'the identity: a user (impersonated users count as themselves)', oneIdentity('--user'))
    .option('--granted <manifests>', "RBAC the app is granted: YAML/JSON manifests, `helm template` output, directories, '-' for stdin (repeatable)", collectNamed)
    .option('--release-namespace <ns>', 'namespace of Roles/RoleBindings that name none (default: the service account namespace, else default)', named)
    .option('--spec <file>', 'OpenAPI v2 spec to expand wildcards against (JSON or YAML; plain, .gz or .zst)', oneSpec)
    .option('--k8s-version <1.NN>', 'Kubernetes release to expand wildcards against (default: the newest shipped)', named)
    .addOption(new Option('--format <format>', 'stdout: yaml (kubectl-applicable Roles/ClusterRoles and bindings) or json (the whole comparison)').choices(['yaml', 'json']).default('yaml'))
    .option('--no-bindings', 'print the Roles and ClusterRoles without their bindings')
    .option('--include-defaults', "derive rules for what the cluster's default roles already allow (discovery, self reviews)")
    .option('--max-resource-names <n>', 'restrict a rule to resourceNames when the identity used at most this many names (0: never)', nonNegativeInt, DEFAULT_MAX_RESOURCE_NAMES)
    .option('--fail-on <rules>', 'overprivileged: exit 1 when over-grants exceed --threshold (needs --granted); none', parseRbacFailOn)
    .option('--threshold <n>', 'over-grants tolerated by --fail-on overprivileged', nonNegativeInt, 0)
    .option('-q, --quiet', 'no summary or warnings on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  apisnoop rbac audit.log --serviceaccount shop:operator > rbac.yaml && kubectl apply --dry-run=client -f rbac.yaml\n' +
        '  helm template shop ./chart -n shop | apisnoop rbac audit.log --serviceaccount shop:operator --granted - --fail-on overprivileged\n' +
        '\nA 403 whose audit event says the authorizer allowed the verb (authorization.k8s.io/decision: allow) is not counted as denied: it is\n' +
        'listed as allowed by the authorizer, then refused, by admission (PodSecurity, quota, webhooks) or a further permission check\n' +
        '(create for a patch or PUT that creates, bind or escalate for RBAC writes); no rule is derived for what it may lack.\n' +
        '\nExit codes: 0 done (or the policy passed), 1 --fail-on overprivileged failed, 2 bad usage, unreadable input, no requests by the identity,\n' +
          'or --fail-on overprivileged with no RBAC objects in --granted (a helm template that failed writes none).',
    )
    .action(async (logs: string[], o: RbacOptions, command: Command) => {
      const say = (msg: string) => {
        if (!o.quiet) process.stderr.write(terminalLine(msg) + '\n');
      };
      // Refused before any warning of its options: without an identity the command does not run, and the warnings
      // about --spec and the like came first, above the one line that said what was wrong.
      identityOf({ serviceAccount: o.serviceaccount, user: o.user });
      if ((o.failOn ?? []).length > 0 && !(o.granted && o.granted.length > 0)) throw new InputError('--fail-on overprivileged needs --granted manifests to compare with');
      // A threshold alone gates nothing: exit 0 whatever the over-grants, which a CI step would take for a gate passed.
      if (command.getOptionValueSource('threshold') === 'cli' && (o.failOn ?? []).length === 0) {
        say(`warning: --threshold ${o.threshold} does nothing without --fail-on overprivileged: the over-grants are reported, not judged, and the exit code is 0 whatever they are`);
      }
      // Read only to compare with the manifests: without --granted a misspelt spec or release went unnoticed.
      if (!(o.granted && o.granted.length > 0)) {
        const unread = (
          [
            ['spec', '--spec'],
            ['k8sVersion', '--k8s-version'],
            ['releaseNamespace', '--release-namespace'],
          ] as const
        ).filter(([key]) => command.getOptionValueSource(key) === 'cli');
        for (const [, flag] of unread) {
          say(`warning: ${flag} does nothing without --granted: it is read only to compare with the manifests; the derived roles name what the log shows`);
        }
      }
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
        failOn: o.failOn ?? [],
        threshold: o.threshold,
        requireRbacObjects: true,
        onInvalid: (file, line, message) => {
          if (invalidShown++ < 5) say(`warning: ${file}:${line}: ${message}`);
        },
        onWarning: (w) => say(`warning: ${w}`),
      });
      if (invalidShown > 5) say(`warning: ${invalidShown} invalid lines in all`);
      // Through writeChunks: `apisnoop rbac … | head` ends quietly when head has read enough (it was an unhandled EPIPE).
      await writeChunks(process.stdout, [o.format === 'json' ? JSON.stringify(c, null, 2) + '\n' : observedYaml(c, { bindings: o.bindings, inFlightLimit: IN_FLIGHT_LIMIT.rbac })]);
      if (!o.quiet) process.stderr.write(summaryText(c));
      process.exitCode = c.verdict && !c.verdict.pass ? 1 : 0;
    });
}
