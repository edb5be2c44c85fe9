// Options shared by the commands that analyze logs (analyze, load-audit, rbac): spec choice and KAPIC filters.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AnalyzeSettings } from '../analyze.js';
import { noneAsEmpty, parseFailOn } from '../engine/verdict.js';
import { globMatcher, isNamespaceName, serviceAccountUser } from '../engine/select.js';
import { InputError } from '../sources/input-files.js';

/** A repeatable list option: each use adds its comma-separated values (`separators`: what else parts them). */
export const collect = (value: string, previous: string[] = [], separators = /,/): string[] => [...previous, ...value.split(separators).map((v) => v.trim()).filter(Boolean)];

/**
 * Commas or whitespace, as --fail-on's rules are parted: for names that cannot hold a space (namespaces, service
 * accounts: DNS labels and subdomains), where `-n "ns1 default"` means two (it was one namespace that never matched).
 */
export const WORDS = /[\s,]+/;

/**
 * A value that names nothing ('', ' ', ','), refused: mostly an unset variable in CI, and a filter left out would
 * select everyone's requests, or the default release, without a word.
 */
export const named = (value: string): string => namedOr(value, '');

/** How a value that names nothing is refused, by every option and argument. */
const NAMES_NOTHING = 'it names nothing (an unset variable?)';

/**
 * Files given one by one (the logs and reports commands read, export's --report), each refused when it names nothing
 * (an unset variable: `analyze "$LOG"` said ': cannot read (ENOENT)'), as named refuses a value; not split at commas.
 */
const namedFilesOr =
  (give: string) =>
  (value: string, previous: string[] = []): string[] => {
    if (value.trim() === '') throw new InvalidArgumentError(`${NAMES_NOTHING}; ${give}`);
    return [...previous, value];
  };
export const namedFiles = namedFilesOr("give a file's path, or - for stdin");
/** namedFiles, for load-audit, which reads files, not stdin: the refusal does not offer '-'. */
export const namedPaths = namedFilesOr("give a file's path");

/** named, with what else to give: ' (none for an empty list)'. Not a commander parser: its second argument is previous. */
function namedOr(value: string, instead: string): string {
  if (value.split(',').every((v) => v.trim() === '')) throw new InvalidArgumentError(`${NAMES_NOTHING}; give a value${instead}, or leave the option out`);
  return value;
}
/**
 * collect, for the filters, lists and files that choose what is judged and how: a value that names nothing is refused
 * (named), not dropped (an empty --allow or --granted did nothing, an empty --next-releases checked no later release).
 */
export const collectNamed = (value: string, previous?: string[]): string[] => collect(named(value), previous);
/** collectNamed, for names without spaces (WORDS): not for --user or --user-agent, whose values may hold spaces. */
export const collectNamedWords = (value: string, previous?: string[]): string[] => collect(named(value), previous, WORDS);
/** collectNamed, for the lists that take none (noneIsEmpty): the refusal says so. */
export const collectNamedOrNone = (value: string, previous?: string[]): string[] => collect(namedOr(value, ' (none for an empty list)'), previous);
/**
 * collectNamedOrNone, for names without spaces (WORDS): --allow's operationIds, groups and group/versions, where
 * `--allow "storage.k8s.io/v1beta1 policy"` was one entry that named nothing, and exempted nothing.
 */
export const collectNamedWordsOrNone = (value: string, previous?: string[]): string[] => collect(namedOr(value, ' (none for an empty list)'), previous, WORDS);
/**
 * --fail-on given again adds its rules, as every other list option does (keeping only the last would weaken the gate).
 * No default on the option itself: commander would hand it in as the first `previous`.
 */
export const collectRules = (value: string, previous?: string): string => (previous === undefined ? value : `${previous},${value}`);

/**
 * An option that names one thing, refused when given again with another value: commander kept the last and dropped
 * the first without a word. The same value again is the same thing (a variable expanded twice). `why`: why one.
 */
export const oneValue =
  (option: string, why: string) =>
  (value: string, previous: string | undefined): string => {
    named(value);
    if (previous !== undefined && previous !== value) throw new InvalidArgumentError(`${option} ${previous} is given already: ${why}`);
    return value;
  };

/** --spec: the cluster's one spec, whose /openapi/v2 holds its CRDs and aggregated APIs. */
export const oneSpec = oneValue(
  '--spec',
  "one spec is read, the cluster's: its /openapi/v2 (kubectl get --raw /openapi/v2 > spec.json) holds its CRDs and aggregated APIs too",
);

/** Where the spec comes from: a file (and its release, if it names none), a release, or the cluster (default the newest shipped release). */
export function addSpecSourceOptions(cmd: Command): Command {
  return cmd
    .option('--spec <file>', 'OpenAPI v2 spec of the cluster (JSON or YAML; plain, .gz or .zst)', oneSpec)
    .option('--k8s-version <1.NN>', "Kubernetes release: the shipped index, else the upstream spec (downloaded once, cached); with --spec or --from-cluster, the spec's release when it names none (in its info.version, or a file's name)", named)
    .option('--from-cluster', 'read /openapi/v2 from the current kubectl context (kubectl --request-timeout 30s; stopped after 2 minutes)');
}

/** The spec, and what an analysis checks against it: later releases, the conformance overlay. */
export function addSpecOptions(cmd: Command): Command {
  return addSpecSourceOptions(cmd)
    .option('--next-releases <list>', 'later releases (versions or spec files) to check for removals, or none; default: shipped releases newer than the spec', collectNamedOrNone)
    .option('--conformance <file|1.NN|auto|none>', 'APISnoop coverage data for the conformance overlay', named, 'auto');
}

export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <ns>', "keep requests for objects in this namespace, by any non-system identity (repeatable, comma- or space-separated); the namespace's service accounts acting cluster-wide or in other namespaces are not kept: add --serviceaccount NS:* for those; --exclude-user leaves out an identity acting there that is not the app (a CI bot, an admin)", collectNamedWords)
    .option('--serviceaccount <ns:name>', "the KAPIC's service account (repeatable, comma- or space-separated; ns:* for all in a namespace)", collectNamedWords)
    .option('--user <name>', "a user the KAPIC acts as, its whole name in its case (repeatable, comma-separated; * wildcard); an impersonated request is both its sender's and the impersonated user's", collectNamed)
    .option('--user-agent <pattern>', "user-agent prefix, in any case, from the user agent's first non-space character (repeatable, comma-separated; * wildcard), e.g. helm; (none) for requests without one", collectNamed)
    .option(
      '--exclude-user <name>',
      "leave out the requests that acted as this user (the impersonated one, for an impersonated request) wherever it acts, the selected namespaces included: a CI bot, Argo CD or flux, an admin (repeatable, comma-separated; its whole name in its case, * wildcard; a service account as system:serviceaccount:ns:name, or --exclude-serviceaccount); an identity named whole by --user or --serviceaccount is kept",
      collectNamed,
    )
    .option('--exclude-serviceaccount <ns:name>', '--exclude-user for a service account (repeatable, comma- or space-separated; ns:* for all in a namespace)', collectNamedWords)
    .option('--include-system', 'keep Kubernetes system components (controllers, scheduler, kubelets, apiserver) and anonymous health checks (/livez, /readyz, /healthz)')
    .option('--e2e', "e2e mode: select the e2e framework's requests and mark operations tested by the test names in their user agents");
}

export interface SpecAndSelection {
  spec?: string;
  k8sVersion?: string;
  fromCluster?: boolean;
  nextReleases?: string[];
  conformance?: string;
  namespace?: string[];
  serviceaccount?: string[];
  user?: string[];
  userAgent?: string[];
  excludeUser?: string[];
  excludeServiceaccount?: string[];
  includeSystem?: boolean;
  e2e?: boolean;
  failOn?: string;
  allow?: string[];
}

/**
 * `none`: an empty list given on purpose, as the Action's inputs say it (an empty value is refused: collectNamed);
 * not mixed with values. --next-releases none checks no later release; --allow none exempts nothing. In any case, as
 * the Action reads it (`--allow NONE` was an entry that exempted nothing), and given twice it is still none, as a
 * value given twice is taken once.
 */
export function noneIsEmpty(option: string, values: string, list: string[] | undefined): string[] | undefined {
  if (list === undefined) return list;
  const read = noneAsEmpty(list, values);
  if ('refused' in read) throw new InputError(`${option} ${read.refused}`);
  return read;
}

/** --e2e selects the e2e framework's requests: other filters would be ignored, so they are refused. */
function checkE2e(o: SpecAndSelection): void {
  if (!o.e2e) return;
  const others = [
    ['--namespace', o.namespace],
    ['--serviceaccount', o.serviceaccount],
    ['--user', o.user],
    ['--user-agent', o.userAgent],
    // e2e mode keeps the e2e framework's requests whoever they act as: a user left out would still be counted.
    ['--exclude-user', o.excludeUser],
    ['--exclude-serviceaccount', o.excludeServiceaccount],
  ] as const;
  const given = others.filter(([, v]) => (v ?? []).length > 0).map(([name]) => name);
  if (given.length > 0) throw new InputError(`--e2e selects the e2e framework's requests and takes no other filter (${given.join(', ')} given)`);
}

/** A list given with a value twice (-n demo -n demo, a variable expanded into the same release): each once. */
const once = (values: string[] | undefined): string[] | undefined => (values ? [...new Set(values)] : values);

/** A service account option's ns:name as the user it acts as, refused naming the option when it is of no such form. */
export function serviceAccountOption(option: string, sa: string): string {
  try {
    return serviceAccountUser(sa);
  } catch (err) {
    throw new InputError(`${option} ${sa}: ${(err as Error).message}`);
  }
}

/** A name as given to its option, and the user it names (a service account's, from serviceAccountOption). */
type Named = [option: string, given: string, user: string];

/**
 * An exclusion that matches an identity --user or --serviceaccount names whole does nothing to it: the engine keeps
 * a name given whole (requestFilter). Said, rather than left unseen.
 */
function excludedButNamed(exclusions: readonly Named[], whole: readonly Named[]): string[] {
  const out: string[] = [];
  for (const [option, given, pattern] of exclusions) {
    const matches = globMatcher(pattern, 'user');
    for (const [keeps, name, user] of whole) {
      if (user.includes('*') || !matches(user)) continue;
      out.push(`${option} ${given} leaves out none of ${user}'s requests: ${keeps} ${name} names it whole, and a name given whole is kept; drop one of the two`);
    }
  }
  return out;
}

/** onWarning: what the options given say that they do not do (an exclusion of a user named whole). */
export function settingsFrom(logs: string[], o: SpecAndSelection, onWarning?: (message: string) => void): AnalyzeSettings {
  checkE2e(o);
  for (const ns of o.namespace ?? []) {
    if (!isNamespaceName(ns)) throw new InputError(`--namespace ${ns}: not a valid namespace name (lower-case letters, digits and -, at most 63); a namespace is matched whole, so give each one`);
  }
  // Each service account turned into its user once, refused naming its option: the engine's own refusal ('service
  // account "ns1" is not of the form namespace:name') did not say which option gave it.
  const serviceAccounts = (option: string, list: string[] | undefined): Named[] => (list ?? []).map((sa) => [option, sa, serviceAccountOption(option, sa)]);
  const whole: Named[] = [...(o.user ?? []).map((u): Named => ['--user', u, u]), ...serviceAccounts('--serviceaccount', o.serviceaccount)];
  const exclusions: Named[] = [...(o.excludeUser ?? []).map((u): Named => ['--exclude-user', u, u]), ...serviceAccounts('--exclude-serviceaccount', o.excludeServiceaccount)];
  const excludeUsers = once(exclusions.map(([, , user]) => user)) ?? [];
  for (const w of excludedButNamed(exclusions, whole)) onWarning?.(w);
  return {
    logs,
    spec: o.spec,
    kubernetesVersion: o.k8sVersion,
    fromCluster: o.fromCluster,
    nextReleases: once(noneIsEmpty('--next-releases', 'releases', o.nextReleases)),
    conformance: o.conformance,
    selection: {
      namespaces: once(o.namespace) ?? [],
      serviceAccounts: once(o.serviceaccount) ?? [],
      users: once(o.user) ?? [],
      userAgents: once(o.userAgent) ?? [],
      includeSystem: o.includeSystem === true,
      e2e: o.e2e === true,
      // Absent when none is left out, as in the reports made before it.
      ...(excludeUsers.length > 0 ? { excludeUsers } : {}),
    },
    policy: {
      failOn: parseFailOn(o.failOn ?? 'alpha,beta'),
      allow: noneIsEmpty('--allow', 'entries', o.allow) ?? [],
    },
  };
}

export function addPolicyOptions(cmd: Command): Command {
  return cmd
    .option(
      '--fail-on <rules>',
      'rules that fail the verdict: alpha,beta,deprecated,removed (operations used), empty (nothing selected), invalid (invalid input lines, a gzip cut short, an xz file) or none (default: alpha,beta; repeatable)',
      collectRules,
    )
    .option('--allow <list>', 'operationIds, API groups or group/versions (core for the core group: core, core/v1) exempt from the policy, or none (repeatable, comma- or space-separated)', collectNamedWordsOrNone);
}

export const formatOption = () => new Option('--format <format>', 'print the report to stdout in this format').choices(['json', 'md']);
