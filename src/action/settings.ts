// Every input of action.yml, read and validated in one place into one typed settings object.
// Nothing downstream reads an input again; a bad input fails here with a message that names it.
import * as core from '@actions/core';
import { load } from 'js-yaml';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Policy, Selection } from '../engine/report.js';
import { imageKubernetesVersion, isClusterName, kindCannotRun, NODE_IMAGES, noPinnedImage } from '../cluster/kind.js';
import { INSTALL_USER, SETUP_USER } from '../cluster/install-identity.js';
import { isVersion } from '../sources/specs.js';
import { wildcardHint } from '../sources/input-files.js';
import { FailOnError, noneAsEmpty, parseFailOn } from '../engine/verdict.js';
import { DNS_LABEL, globMatcher, isNamespaceName, serviceAccountUser } from '../engine/select.js';
import { commentWriter, matrixLeg, type CommentWriter } from '../github/comment.js';

/** The inputs this file reads; a test checks the list against action.yml and docs/action.md. */
export const INPUT_NAMES = [
  'chart',
  'install-command',
  'setup-command',
  'chart-version',
  'repo',
  'release',
  'namespace',
  'service-account',
  'values',
  'set',
  'helm-timeout',
  'test-command',
  'kubernetes-version',
  'node-image',
  'runtime-config',
  'load-images',
  'cluster-name',
  'kind-version',
  'kubectl-version',
  'helm-version',
  'audit-log',
  'reports',
  'expected-reports',
  'spec',
  'namespaces',
  'service-accounts',
  'users',
  'user-agents',
  'include-system',
  'next-releases',
  'conformance',
  'fail-on',
  'allow',
  'rbac',
  'rbac-serviceaccount',
  'rbac-granted',
  'rbac-fail-on',
  'rbac-threshold',
  'github-token',
  'comment',
  'comment-key',
  'matrix-leg',
  'pr-number',
  'upload-artifact',
  'artifact-name',
  'report-dir',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export interface ToolVersions {
  /** 'system' = whatever is on PATH; otherwise an exact version such as v0.33.0. */
  kind: string;
  /** Empty = the Kubernetes version of the node image. */
  kubectl: string;
  helm: string;
}

/** The app installed on the cluster: a Helm chart, or the user's install-command (an operator's `make deploy`). */
export interface ChartSettings {
  /** null: install-command installs the app instead of helm (then version, repo, values and set are empty). */
  chart: string | null;
  /** A bash command run instead of `helm install`; null with a chart. */
  installCommand: string | null;
  /** A bash command run before the install, as kind's admin (prerequisites such as cert-manager); null: none. */
  setupCommand: string | null;
  version: string | null;
  repo: string | null;
  release: string;
  namespace: string;
  /** Created before the install when set; the chart is expected to run as it. */
  serviceAccount: string | null;
  valuesFiles: string[];
  setValues: string[];
  timeout: string;
  /**
   * null: skip the tests; 'helm test' expands to `helm test <release> -n <namespace> --timeout <t> --logs`, and runs
   * nothing with install-command (no chart to test: its default, said in the run's notes).
   */
  testCommand: string | null;
}

export interface ClusterSettings {
  name: string;
  kubernetesVersion: string;
  /** Empty = the kindest/node image built for the pinned kind release. */
  nodeImage: string;
  runtimeConfig: Record<string, string>;
  /** Local Docker images loaded into the node before the install (kind load docker-image). */
  loadImages: string[];
  tools: ToolVersions;
}

export interface AnalysisSettings {
  auditLogs: string[];
  /** The app's name in the report: the chart's release (or install-command's app), release or namespace with audit-log; null: none. */
  app: string | null;
  spec: string | null;
  kubernetesVersion: string;
  /** undefined = the engine's default (the shipped releases after the spec); [] = none. */
  nextReleases: string[] | undefined;
  conformance: string;
  selection: Partial<Selection>;
  policy: Partial<Policy>;
}

/** Least privilege: the KAPIC's granted RBAC against what its service accounts really called. */
export interface RbacSettings {
  /** Service accounts as namespace:name; empty = the ones the chart's workloads run as (cluster mode). */
  serviceAccounts: string[];
  /** Manifests with the granted RBAC; empty = what the chart installed (`helm get manifest`, cluster mode). */
  granted: string[];
  failOn: Array<'overprivileged'>;
  /** Over-grants tolerated per service account. */
  threshold: number;
  /** audit-log: the namespace input, where Roles and RoleBindings of rbac-granted that name none were installed. */
  releaseNamespace?: string;
}

export interface ReportSettings {
  dir: string;
  comment: boolean;
  commentKey: string;
  prNumber: number | null;
  writer: CommentWriter;
  uploadArtifact: boolean;
  artifactName: string;
}

/** Where the sticky comment goes (and whether it is written). */
export interface CommentTarget {
  token: string;
  comment: boolean;
  commentKey: string;
  prNumber: number | null;
  /** This run, job and matrix leg, written into the comment: legs that share comment-key are told apart by it. */
  writer: CommentWriter;
}

/**
 * The inputs a matrix varies: the release, the chart, its values, the app, the logs or reports. With the matrix values
 * they tell two steps of one leg apart; alone, the legs of a job whose matrix-leg names none (no matrix: 'null'; run
 * from source: empty).
 * Not set, test-command, install-command or load-images, which often carry the commit (image.tag=${{ github.sha }})
 * and would make every run a new leg.
 */
const LEG_INPUTS: readonly InputName[] = ['kubernetes-version', 'node-image', 'runtime-config', 'chart', 'values', 'release', 'namespace', 'audit-log', 'spec', 'reports'];

/**
 * Who writes the comment: the run, the job and the leg. The runner tells an action no matrix values, but evaluates
 * matrix-leg's default, toJSON(matrix): a leg is its matrix values (legs that differ only in set or an env var are
 * two), with the inputs above (two steps of one leg); without a matrix, those inputs alone, as a person reads them.
 */
export function readCommentWriter(read: InputReader, env: NodeJS.ProcessEnv = process.env): CommentWriter {
  const inputs = LEG_INPUTS.flatMap((name) => {
    // As the runner gives it: action.yml's default where the input is empty (running from source).
    const value = (read(name).trim() || (name === 'kubernetes-version' ? DEFAULTS.kubernetesVersion : '')).replace(/\s+/g, ' ');
    return value ? [`${name} ${value}`] : [];
  }).join(', ');
  const run = env.GITHUB_RUN_ID ?? '';
  const job = env.GITHUB_JOB ?? '';
  const matrix = matrixLeg(read('matrix-leg'));
  return matrix ? commentWriter(run, job, matrix.label, { matrix: matrix.canonical, inputs }) : commentWriter(run, job, inputs);
}

export interface ActionSettings {
  /** cluster: run the chart on kind; audit-log: analyze logs given; reports: merge the reports of other jobs. */
  mode: 'cluster' | 'audit-log' | 'reports';
  /** report.json files to merge (mode reports), directories expanded. */
  reports: string[];
  /** Directories of "reports" holding APISnoop's page but no report.json: a leg whose run produced no report. */
  reportsMissing: string[];
  /** How many legs "reports" should find (expected-reports); null: not checked. */
  reportsExpected: number | null;
  chart: ChartSettings | null;
  cluster: ClusterSettings | null;
  analysis: AnalysisSettings;
  /** null: not checked (rbac: off, or audit-log mode without rbac-serviceaccount and rbac-granted). */
  rbac: RbacSettings | null;
  report: ReportSettings;
  /** Masked with core.setSecret as soon as it is read; never logged. */
  token: string;
}

export class InputError extends Error {
  constructor(input: InputName, message: string) {
    super(`input "${input}": ${message}`);
    this.name = 'InputError';
  }
}

export type InputReader = (name: InputName) => string;

/**
 * An input the step was given that action.yml does not declare (fail_on, failOn for fail-on). The runner hands it on as
 * INPUT_* with only a warning, so a misspelt policy input left the gate at its default and the step passing.
 */
export class UnknownInputError extends Error {
  /** The declared inputs they most likely meant. */
  readonly meant: InputName[];
  constructor(given: readonly string[]) {
    const near = given.map(nearestInput);
    const each = given.map((g, i) => `input "${g}": APISnoop has no such input${near[i] ? ` (did you mean "${near[i]}"?)` : ''}`);
    super(`${each.join('; ')}. The runner only warns of an input action.yml does not declare, which would be ignored: the step fails instead (the inputs are listed in action.yml)`);
    this.name = 'InputError';
    this.meant = near.filter((n): n is InputName => n !== null);
  }
}

/** The inputs the step was given that action.yml does not declare, as written (the runner upper-cases INPUT_ names). */
export function unknownInputs(env: Record<string, string | undefined>): string[] {
  const known = new Set(INPUT_NAMES.map((n) => `INPUT_${n.toUpperCase()}`));
  return Object.keys(env)
    .filter((k) => k.startsWith('INPUT_') && !known.has(k))
    .map((k) => k.slice('INPUT_'.length).toLowerCase())
    .sort();
}

/** The declared input a misspelt one most likely meant: the same but for _ or case, else at most two edits away. */
function nearestInput(given: string): InputName | null {
  const g = given.toLowerCase().replace(/[_ ]/g, '-');
  let best: { name: InputName; d: number } | null = null;
  for (const name of INPUT_NAMES) {
    // failOn, failon: the same letters without the dash.
    const d = name === g || name.replace(/-/g, '') === g ? 0 : editDistance(g, name);
    if (d <= 2 && (best === null || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** Service account names are DNS subdomains: dots allowed (Kubernetes' own serviceaccount validation). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;

/**
 * Comma- or newline-separated values, trimmed, empties dropped. `separators` /[\s,]/ for names that cannot hold a
 * space (namespaces, service accounts), as fail-on's rules and the CLI's --namespace and --serviceaccount are parted.
 */
export function splitList(value: string, separators = /[\n,]/): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** One value a line (for values that may contain commas, such as --set pairs and commands). */
function splitLines(value: string): string[] {
  return value
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parseBoolean(name: InputName, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(name, `"${value}" is not a boolean (true or false)`);
}

function toolVersion(name: InputName, value: string, fallback: string): string {
  const v = value || fallback;
  if (v === '' || v === 'system') return v;
  if (!EXACT_VERSION.test(v)) throw new InputError(name, `"${v}" is not an exact version like v1.2.3, nor "system"`);
  return v.startsWith('v') ? v : `v${v}`;
}

/** A chart written as a path: ., .., ./…, ../… or absolute (not a name a repository could hold). */
const WRITTEN_AS_PATH = /^(\.{1,2}([/\\]|$)|[/\\])/;

/**
 * The release name helm would accept, derived from the chart: a local chart directory's Chart.yaml name, else the last
 * part of the path or reference (./charts/my-operator -> my-operator, bitnami/nginx -> nginx). A local path is
 * resolved from the workspace first, so that "." (a chart at the repository root) is named too. '' when nothing
 * usable is left.
 */
export function releaseFromChart(chart: string, workspace: string = process.env.GITHUB_WORKSPACE || process.cwd(), repoGiven = false): string {
  const local = resolveFrom(workspace, chart);
  // With repo, a chart's name in that repository, whatever the workspace holds.
  const isLocal = !repoGiven && (WRITTEN_AS_PATH.test(chart) || existsSync(local));
  if (isLocal && isDirectory(local)) {
    const name = releaseName(chartYamlName(local) ?? '');
    if (name) return name;
  }
  const last = isLocal ? path.basename(local) : (chart.replace(/[/\\]+$/, '').split(/[/\\:]/).pop() ?? '');
  return releaseName(last.replace(/\.tgz$/, '').replace(/-\d+\.\d+\.\d+.*$/, '')); // packaged charts: name-1.2.3.tgz
}

/** A name as a release name: lower case, anything else than letters, digits and - as -, at most 53. */
function releaseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 53)
    .replace(/-+$/, '');
}

/** `name:` of dir/Chart.yaml; null when there is none, or it cannot be read (helm says why at install). */
function chartYamlName(dir: string): string | null {
  try {
    const doc = load(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null;
    return typeof doc?.name === 'string' ? doc.name : null;
  } catch {
    return null;
  }
}

/** A Kubernetes release as it is, or a file that exists (resolved from the workspace); else an InputError. */
function releaseOrFile(input: InputName, value: string, workspace: string): string {
  if (isVersion(value)) return value;
  const file = resolveFrom(workspace, value);
  if (!existsSync(file)) throw new InputError(input, `"${value}" is neither a Kubernetes release like 1.36 nor a file that exists`);
  return file;
}

function resolveFrom(workspace: string, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(workspace, p);
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/**
 * Why `p` cannot be a directory (it is a file, or lies under one), or null when it is one or could be made one: its
 * nearest existing ancestor is a directory.
 */
function notDirectoryWhy(p: string): string | null {
  for (let at = p; ; at = path.dirname(at)) {
    if (existsSync(at)) {
      if (statSync(at).isDirectory()) return null;
      return at === p ? `${p} is a file, not a directory` : `${p} lies under ${at}, which is a file, not a directory`;
    }
    if (path.dirname(at) === at) return null;
  }
}

/**
 * What helm would fail on only after the cluster is made, refused here: a local chart (a path, or a packaged .tgz, which
 * is never a reference) that does not exist or is a directory without Chart.yaml, and a name that is no reference helm
 * can fetch. With repo, the chart is a name in that repository: a path, an archive or a URL is refused, and a
 * directory of the workspace of that name is no matter (helm is run where it cannot find it, installLocation).
 * Left to helm: URLs (oci://, https://), repo/chart references, and any chart name when repo is given.
 */
function checkChart(chart: string, local: string, workspace: string, repoGiven: boolean): void {
  const archive = /\.(tgz|tar\.gz)$/i.test(chart);
  const what = archive ? 'chart archive' : 'chart directory';
  if (repoGiven) {
    if (WRITTEN_AS_PATH.test(chart) || archive || chart.includes('://')) {
      throw new InputError('chart', `"${chart}" is a path, a chart archive or a URL, but with "repo" the chart is the name of a chart in that repository (helm install --repo): give its name, or leave repo out`);
    }
    return;
  }
  if (existsSync(local)) {
    if (isDirectory(local) && !existsSync(path.join(local, 'Chart.yaml'))) throw new InputError('chart', `chart directory ${local} holds no Chart.yaml`);
    return;
  }
  if (chart.includes('://')) return;
  if (/^(\.{1,2}[/\\]|\/)/.test(chart) || archive) throw new InputError('chart', `${what} ${local} does not exist`);
  // charts/typo, when the workspace has charts/: a path with a typo, which helm would take for a repo/chart reference.
  const first = chart.split(/[/\\]/)[0]!;
  if (chart.includes('/') && isDirectory(path.join(workspace, first))) {
    throw new InputError('chart', `${what} ${local} does not exist (${first}/ is a directory of the workspace, so this is a path, not a repo/chart reference)`);
  }
  if (!/^[^/\\]+\/[^/\\]+$/.test(chart)) {
    throw new InputError(
      'chart',
      `"${chart}" is no directory of the workspace (${local} does not exist), nor a repo/chart reference or an oci:// URL; ` +
        'for a chart of a repository, give its URL as repo',
    );
  }
}

/** `directories`: the input takes directories too, which a wildcard meant to name the files of can be given as. */
function mustExist(name: InputName, file: string, what: string, directories = false): void {
  if (!existsSync(file)) throw new InputError(name, `${what} ${file} does not exist${directories ? wildcardHint(file) : ''}`);
}

/**
 * The report.json files of "reports": files as given, directories searched for report.json at any depth (what
 * actions/download-artifact leaves: one directory per artifact), in name order. `without`: the directories that hold
 * an APISnoop report.md but no report.json, the artifact of a run that produced no report (it uploads its page).
 */
function reportFiles(inputs: string[], workspace: string): { files: string[]; without: string[] } {
  const files: string[] = [];
  const without: string[] = [];
  for (const input of inputs) {
    const file = resolveFrom(workspace, input);
    mustExist('reports', file, 'report', true);
    if (!statSync(file).isDirectory()) {
      files.push(file);
      continue;
    }
    const all = readdirSync(file, { recursive: true, encoding: 'utf8' });
    const found = all.filter((f) => path.basename(f) === 'report.json').sort();
    const withReport = new Set(found.map((f) => path.dirname(f)));
    // A page with reports below it is theirs: the combined page of a fan-in of several releases (its report.md above
    // one directory per release), read again by the comment workflow of fork PRs. Not a leg without a report.
    const above = (dir: string): boolean => dir === '.' ? found.length > 0 : found.some((f) => f.startsWith(dir + path.sep));
    const pages = all.filter((f) => path.basename(f) === 'report.md' && !withReport.has(path.dirname(f)) && !above(path.dirname(f)));
    const legs = pages.filter((page) => readFileSync(path.join(file, page), 'utf8').slice(0, 300).includes('APISnoop'));
    // Only legs whose runs failed (the comment workflow of a failed fork run): their pages are the report.
    if (found.length === 0 && legs.length === 0) throw new InputError('reports', `${file} holds no report.json`);
    files.push(...found.map((f) => path.join(file, f)));
    without.push(...legs.map((page) => path.join(file, path.dirname(page))));
  }
  return { files, without: without.sort() };
}

export const DEFAULTS = {
  kubernetesVersion: '1.36',
  kindVersion: 'v0.33.0',
  helmVersion: 'v3.21.4',
  helmTimeout: '5m',
  testCommand: 'helm test',
  clusterName: 'apisnoop',
  conformance: 'auto',
  failOn: 'alpha,beta',
  rbac: 'auto',
  rbacFailOn: 'none',
  commentKey: 'default',
  artifactName: 'apisnoop-report',
} as const;

/**
 * What each input of the cluster and the install is for, said when a run that makes no cluster (audit-log, reports)
 * is given one. Those with a default are said only when given another value: the runner hands the default over as if
 * given.
 */
const CLUSTER_INPUTS: ReadonlyArray<[InputName, string, string?]> = [
  ['chart-version', 'is an option of the chart\'s helm install'],
  ['repo', 'is an option of the chart\'s helm install'],
  ['values', 'is an option of the chart\'s helm install'],
  ['set', 'is an option of the chart\'s helm install'],
  ['helm-timeout', 'is an option of the chart\'s helm install and helm test', DEFAULTS.helmTimeout],
  ['service-account', 'is created in the namespace before the install'],
  ['setup-command', 'prepares the kind cluster the Action makes'],
  ['test-command', 'runs the app\'s tests on the kind cluster the Action makes', DEFAULTS.testCommand],
  ['load-images', 'loads images into the kind cluster the Action makes'],
  ['node-image', 'sets up the kind cluster the Action makes'],
  ['runtime-config', 'sets up the kind cluster the Action makes'],
  ['cluster-name', 'names the kind cluster the Action makes', DEFAULTS.clusterName],
  ['kind-version', 'is a tool of the kind cluster the Action makes', DEFAULTS.kindVersion],
  ['kubectl-version', 'is a tool of the kind cluster the Action makes'],
  ['helm-version', 'is a tool of the kind cluster the Action makes', DEFAULTS.helmVersion],
];

function refuseClusterInputs(get: (name: InputName) => string, mode: ActionSettings['mode']): void {
  for (const [name, what, byDefault = ''] of CLUSTER_INPUTS) {
    const value = get(name);
    if (value !== '' && value !== byDefault) throw new InputError(name, `${what}: not used with "${mode}"`);
  }
}

/** A release (helm's: at most 53 characters, for the names helm derives from it) or an app's name, as Kubernetes names go. */
function checkAppName(name: string, of: 'helm' | 'app'): string {
  const max = of === 'helm' ? 53 : 63;
  if (!DNS_LABEL.test(name) || name.length > max) {
    const what = of === 'helm' ? 'a valid Helm release name' : 'a valid name for the app';
    throw new InputError('release', `"${name}" is not ${what} (lower-case letters, digits and -, at most ${max})`);
  }
  return name;
}

/** A namespace as Kubernetes names it (isNamespaceName), as the CLI's --namespace is checked. */
function checkNamespace(namespace: string, input: InputName = 'namespace'): string {
  if (!isNamespaceName(namespace)) throw new InputError(input, `"${namespace}" is not a valid namespace name`);
  return namespace;
}

function readRbac(get: (name: InputName) => string, workspace: string, mode: ActionSettings['mode']): RbacSettings | null {
  const switchGiven = get('rbac') || DEFAULTS.rbac;
  if (!isWord(switchGiven, 'auto') && !isWord(switchGiven, 'off')) throw new InputError('rbac', `"${switchGiven}" is not auto or off`);
  const switchInput = isWord(switchGiven, 'off') ? 'off' : 'auto';
  // In any case, as fail-on takes its rules.
  const failOnInput = get('rbac-fail-on') || DEFAULTS.rbacFailOn;
  const failOnWord = failOnInput.toLowerCase();
  if (failOnWord !== 'none' && failOnWord !== 'overprivileged') {
    throw new InputError('rbac-fail-on', `"${failOnInput}" is not none or overprivileged`);
  }
  const failOn: RbacSettings['failOn'] = failOnWord === 'overprivileged' ? ['overprivileged'] : [];
  const thresholdInput = get('rbac-threshold') || '0';
  if (!/^\d+$/.test(thresholdInput)) throw new InputError('rbac-threshold', `"${thresholdInput}" is not a whole number >= 0`);
  const serviceAccounts = splitList(get('rbac-serviceaccount'), /[\s,]/).map((sa) => {
    const m = /^(?:system:serviceaccount:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(sa);
    if (!m) throw new InputError('rbac-serviceaccount', `"${sa}" is not a service account as namespace:name`);
    return `${m[1]}:${m[3]}`;
  });
  const granted = splitList(get('rbac-granted')).map((f) => {
    const file = resolveFrom(workspace, f);
    mustExist('rbac-granted', file, 'RBAC manifest', true);
    return file;
  });
  if (switchInput === 'off') {
    if (failOn.length > 0) throw new InputError('rbac-fail-on', 'overprivileged needs the RBAC comparison, which rbac: off turns off');
    return null;
  }
  // The reports carry their least privilege, judged in the jobs that made them (merge keeps it when they agree).
  if (mode === 'reports') {
    if (failOn.length > 0) throw new InputError('rbac-fail-on', 'is not used with "reports": least privilege is judged in the jobs that analyzed');
    return null;
  }
  // Without a cluster there is no chart install to read the RBAC and the service accounts from: both must be given.
  if (mode === 'audit-log' && (serviceAccounts.length === 0 || granted.length === 0)) {
    if (serviceAccounts.length > 0) throw new InputError('rbac-granted', 'with audit-log, rbac-serviceaccount needs the RBAC manifests it is granted');
    if (granted.length > 0) throw new InputError('rbac-serviceaccount', 'with audit-log, rbac-granted needs the service account to check (namespace:name)');
    if (failOn.length > 0) throw new InputError('rbac-fail-on', 'with audit-log, overprivileged needs rbac-serviceaccount and rbac-granted');
    return null;
  }
  const releaseNamespace = mode === 'audit-log' ? get('namespace') : '';
  return { serviceAccounts, granted, failOn, threshold: Number(thresholdInput), ...(releaseNamespace ? { releaseNamespace } : {}) };
}

/**
 * The inputs that say where the sticky comment goes, on their own: a run that fails on another input still replaces
 * its earlier comment with the failure. Throws when one of them is the bad input (a wrong comment-key could overwrite
 * another job's comment). The token is not masked here: readSettings, which runs first, masks it.
 */
export function readCommentTarget(read: InputReader = (name) => core.getInput(name), env: NodeJS.ProcessEnv = process.env): CommentTarget {
  const get = (name: InputName): string => read(name).trim();
  const prInput = get('pr-number');
  let prNumber: number | null = null;
  if (prInput) {
    if (!/^\d+$/.test(prInput) || Number(prInput) < 1) throw new InputError('pr-number', `"${prInput}" is not a pull request number`);
    prNumber = Number(prInput);
  }
  const commentKey = get('comment-key') || DEFAULTS.commentKey;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(commentKey)) {
    throw new InputError('comment-key', `"${commentKey}" may hold only letters, digits, '.', '_' and '-'`);
  }
  return { token: read('github-token'), comment: parseBoolean('comment', get('comment'), true), commentKey, prNumber, writer: readCommentWriter(read, env) };
}

/** Where the report files go and the artifact they are uploaded as. */
export type ReportPlace = Pick<ReportSettings, 'dir' | 'artifactName' | 'uploadArtifact'>;

/**
 * report-dir, artifact-name and upload-artifact. `cluster`: the cluster's name, when it is the cluster mode's (two
 * clusters in one job, or matrix jobs told apart by cluster-name, must not share files or an artifact name).
 * Throws on a bad one, unless `lenient`: then its default stands in (the artifact of a run that failed on an input).
 */
export function readReportPlace(
  read: InputReader,
  env: Record<string, string | undefined> = process.env,
  cluster: string | null,
  lenient = false,
): ReportPlace {
  const get = (name: InputName): string => read(name).trim();
  const or = <T>(value: () => T, fallback: T): T => {
    if (!lenient) return value();
    try {
      return value();
    } catch {
      return fallback;
    }
  };
  const own = cluster && cluster !== DEFAULTS.clusterName ? `-${cluster}` : '';
  const defaultName = `${DEFAULTS.artifactName}${own}`;
  const artifactName = or(() => {
    const name = get('artifact-name') || defaultName;
    if (/[":<>|*?\\/\r\n]/.test(name)) throw new InputError('artifact-name', `"${name}" contains a character artifact names may not hold`);
    return name;
  }, defaultName);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const reportDirInput = get('report-dir');
  const defaultDir = path.join(env.RUNNER_TEMP || tmpdir(), `apisnoop${own}`);
  const given = reportDirInput ? resolveFrom(workspace, reportDirInput) : defaultDir;
  // A report-dir that cannot be a directory (it names a file, or lies under one) is the bad input: said as that input
  // (making it failed with a bare EEXIST or ENOTDIR), or, leniently, the default stands in.
  const notDirectory = notDirectoryWhy(given);
  if (notDirectory && !lenient) throw new InputError('report-dir', notDirectory);
  const dir = notDirectory ? defaultDir : given;
  const uploadArtifact = or(() => parseBoolean('upload-artifact', get('upload-artifact'), true), true);
  return { dir, artifactName, uploadArtifact };
}

/**
 * The cluster name a run's report directory and artifact are named after when its inputs could not all be read:
 * cluster-name when the run is on a cluster (chart or install-command) and the name is valid, else none (the defaults).
 */
export function clusterFromInputs(read: InputReader = (name) => core.getInput(name)): string | null {
  if (!read('chart').trim() && !read('install-command').trim()) return null;
  const name = read('cluster-name').trim() || DEFAULTS.clusterName;
  return isClusterName(name) ? name : null;
}

/** The app a run's page names when its inputs could not all be read: the chart's release, as the report would; else none. */
export function appFromInputs(read: InputReader = (name) => core.getInput(name)): string | undefined {
  const chart = read('chart').trim();
  // install-command's app and an audit log's are named by release, else the namespace, as readSettings names them.
  const named = chart !== '' || read('install-command').trim() !== '' || (read('audit-log').trim() !== '' && read('reports').trim() === '');
  if (!named) return undefined;
  const release = read('release').trim() || (chart ? releaseFromChart(chart, undefined, read('repo').trim() !== '') : read('namespace').trim());
  return DNS_LABEL.test(release) && release.length <= (chart ? 53 : 63) ? release : undefined;
}

/**
 * The fail-on input, parsed as the CLI parses --fail-on (any case; "none" alone; "," is no rule at all, not "none"),
 * its refusal said as this input's. Least privilege is not among its rules, as it is in `analyze --fail-on`: it has
 * an input of its own, which the message names.
 */
function readFailOn(input: string): Policy['failOn'] {
  try {
    return parseFailOn(input);
  } catch (err) {
    if (!(err instanceof FailOnError)) throw err;
    const rbac = err.unknown.some((w) => w.toLowerCase() === 'overprivileged') ? '; least privilege is judged by the rbac-fail-on input' : '';
    throw new InputError('fail-on', `${err.reason}${rbac}`);
  }
}

/** With reports, only the parts of the policy given: the rest is the reports' own (mergeReports). */
function reportsPolicy(failOnInput: string, failOn: Policy['failOn'], allowInput: string): Partial<Policy> {
  // Empty is not given (the runner hands '' for an input left out): "none" says "allow nothing" instead.
  const allow = allowList(allowInput);
  return { ...(failOnInput ? { failOn } : {}), ...(allowInput ? { allow } : {}) };
}

/** An input that is one of the Action's keywords (none, auto, off), in any case, as fail-on's rules are read. */
const isWord = (input: string, word: string): boolean => input.trim().toLowerCase() === word;

/**
 * The allow input: "none" is an empty list given on purpose (in reports mode, where empty means the reports' own).
 * Parted by spaces too, as fail-on is: no operationId or group holds one, and a YAML folded scalar (allow: >-) joins
 * its lines with spaces, which made one entry that named nothing.
 */
const allowList = (input: string): string[] => noneList('allow', splitList(input, /[\s,]/), 'entries');

/**
 * A list input that takes "none" (allow, next-releases): none once or more, in any case, is the empty list, as the
 * CLI reads its options (noneAsEmpty); none beside entries would be an entry that names nothing, refused as the input.
 */
function noneList(input: InputName, list: string[], values: string): string[] {
  const read = noneAsEmpty(list, values);
  if ('refused' in read) throw new InputError(input, read.refused);
  return read;
}

export function readSettings(
  read: InputReader = (name) => core.getInput(name),
  env: Record<string, string | undefined> = process.env,
): ActionSettings {
  const get = (name: InputName): string => read(name).trim();
  const workspace = env.GITHUB_WORKSPACE || process.cwd();

  // The token first, so that it is masked before anything else can print it.
  const token = read('github-token');
  if (token) core.setSecret(token);
  const unknown = unknownInputs(env);
  if (unknown.length > 0) throw new UnknownInputError(unknown);

  const chartInput = get('chart');
  // helm would read a value starting with "-" as one of its own flags.
  for (const name of ['chart', 'chart-version', 'repo'] as const) {
    if (get(name).startsWith('-')) throw new InputError(name, `"${get(name)}" starts with "-", which helm would read as a flag`);
  }
  // Not trimmed inside: a command of several lines is bash's to read.
  const installCommand = read('install-command').trim();
  if (chartInput && installCommand) {
    throw new InputError('install-command', 'installs the app instead of "chart" (helm install): set one of them, not both');
  }
  // What installs the app on the cluster, named as the input that gave it.
  const installer: InputName | null = chartInput ? 'chart' : installCommand ? 'install-command' : null;
  const auditLogInput = splitList(get('audit-log'));
  const reportsInput = splitList(get('reports'));
  if (installer && auditLogInput.length > 0) {
    throw new InputError('audit-log', `set either "${installer}" (run it on a kind cluster) or "audit-log" (analyze a log you have), not both`);
  }
  if (reportsInput.length > 0 && (installer || auditLogInput.length > 0)) {
    throw new InputError('reports', `merges the reports of other jobs: set it without "${installer ?? 'audit-log'}"`);
  }
  if (!installer && auditLogInput.length === 0 && reportsInput.length === 0) {
    throw new InputError(
      'chart',
      'required: the Helm chart to install (a path or repo/chart), unless "install-command", "audit-log" or "reports" is given',
    );
  }
  const mode = installer ? 'cluster' : auditLogInput.length > 0 ? 'audit-log' : 'reports';
  const { files: reports, without: reportsMissing } = mode === 'reports' ? reportFiles(reportsInput, workspace) : { files: [], without: [] };
  const expectedInput = get('expected-reports');
  let reportsExpected: number | null = null;
  if (expectedInput) {
    if (mode !== 'reports') throw new InputError('expected-reports', 'counts the legs of "reports": set it with reports');
    if (!/^\d+$/.test(expectedInput) || Number(expectedInput) < 1) throw new InputError('expected-reports', `"${expectedInput}" is not a number of reports (1 or more)`);
    reportsExpected = Number(expectedInput);
  }
  if (mode === 'reports') {
    // What the jobs that analyzed decided: said here rather than ignored.
    const unused = (name: InputName, given: boolean): void => {
      if (given) throw new InputError(name, 'is not used with "reports": each report was analyzed in its own job; set it there');
    };
    for (const name of ['namespace', 'release', 'spec', 'namespaces', 'service-accounts', 'users', 'user-agents', 'next-releases', 'rbac-serviceaccount', 'rbac-granted'] as const) unused(name, get(name) !== '');
    // These have defaults: only another value is said (the runner hands the default over as if given).
    unused('include-system', parseBoolean('include-system', get('include-system'), false));
    unused('conformance', (get('conformance') || DEFAULTS.conformance) !== DEFAULTS.conformance);
    unused('kubernetes-version', (get('kubernetes-version') || DEFAULTS.kubernetesVersion) !== DEFAULTS.kubernetesVersion);
  }

  // The cluster's and the install's own inputs would be left unused without a word by a run that makes no cluster.
  if (mode !== 'cluster') refuseClusterInputs(get, mode);
  const setupCommand = get('setup-command').trim();

  const kubernetesVersion = get('kubernetes-version') || DEFAULTS.kubernetesVersion;
  if (!isVersion(kubernetesVersion)) {
    throw new InputError('kubernetes-version', `"${kubernetesVersion}" is not a Kubernetes version like 1.36`);
  }

  let chart: ChartSettings | null = null;
  let cluster: ClusterSettings | null = null;
  if (mode === 'cluster') {
    if (installCommand) {
      // helm's own inputs, which install-command would otherwise leave unused without a word.
      for (const name of ['chart-version', 'repo', 'values', 'set'] as const) {
        if (get(name)) throw new InputError(name, 'is a helm install option, not used with "install-command": pass it in the command, or give "chart"');
      }
      const timeout = get('helm-timeout') || DEFAULTS.helmTimeout;
      if (timeout !== DEFAULTS.helmTimeout) {
        throw new InputError('helm-timeout', 'is the timeout of helm install and helm test, not used with "install-command": wait in the command itself (kubectl rollout status --timeout)');
      }
      // No chart to name the app or its namespace: the namespace its controller runs in is the one to say.
      if (!get('namespace') && !get('release')) {
        throw new InputError(
          'namespace',
          'required with "install-command": the namespace the app runs in (kubebuilder\'s <project>-system), created before the command; its service accounts\' requests are the app\'s',
        );
      }
    }
    // Local chart paths are relative to the workspace; anything else (repo/chart, oci://) is passed as is.
    const local = chartInput ? resolveFrom(workspace, chartInput) : '';
    const repoGiven = get('repo') !== '';
    if (chartInput) checkChart(chartInput, local, workspace, repoGiven);
    // With repo, a name in that repository, never the workspace's directory of that name (helm v3 installed that,
    // leaving repo and chart-version unused).
    const chartRef = !chartInput ? null : !repoGiven && existsSync(local) ? local : chartInput;
    if (chartRef === local && get('chart-version')) {
      throw new InputError('chart-version', `is the version of a chart of a repository (repo, oci://, repo/chart), not used with the local chart ${local}: helm installs it as it is, whatever its version`);
    }
    // With install-command, the app's name (the report's title, APISNOOP_RELEASE): release, else the namespace.
    const release = get('release') || (chartInput ? releaseFromChart(chartInput, workspace, repoGiven) : get('namespace'));
    if (!release) {
      throw new InputError('release', `no release name could be derived from chart "${chartInput}" (no Chart.yaml name, no path or reference name): set release`);
    }
    checkAppName(release, chartInput ? 'helm' : 'app');
    const namespace = checkNamespace(get('namespace') || release);
    const serviceAccount = get('service-account') || null;
    if (serviceAccount && (!DNS_SUBDOMAIN.test(serviceAccount) || serviceAccount.length > 253)) {
      throw new InputError('service-account', `"${serviceAccount}" is not a valid service account name`);
    }
    const valuesFiles = splitList(get('values')).map((f) => {
      const file = resolveFrom(workspace, f);
      mustExist('values', file, 'values file');
      if (isDirectory(file)) throw new InputError('values', `values file ${file} is a directory: give the YAML files in it`);
      return file;
    });
    const setValues = splitLines(get('set'));
    for (const pair of setValues) {
      if (!/^[^=\s]+=/.test(pair)) throw new InputError('set', `"${pair}" is not a key=value pair`);
    }
    const timeout = get('helm-timeout') || DEFAULTS.helmTimeout;
    if (!GO_DURATION.test(timeout)) throw new InputError('helm-timeout', `"${timeout}" is not a duration like 5m or 90s`);
    const testInput = get('test-command') || DEFAULTS.testCommand;
    chart = {
      chart: chartRef,
      installCommand: installCommand || null,
      setupCommand: setupCommand || null,
      version: get('chart-version') || null,
      repo: get('repo') || null,
      release,
      namespace,
      serviceAccount,
      valuesFiles,
      setValues,
      timeout,
      testCommand: isWord(testInput, 'none') ? null : testInput,
    };

    const name = get('cluster-name') || DEFAULTS.clusterName;
    if (!isClusterName(name)) {
      throw new InputError('cluster-name', `"${name}" is not a valid kind cluster name (lower-case letters, digits and -)`);
    }
    const runtimeConfig: Record<string, string> = {};
    for (const item of splitList(get('runtime-config'))) {
      const m = /^([a-z0-9.-]+\/[a-z0-9]+|api\/(all|ga|beta|alpha))=(true|false)$/.exec(item);
      if (!m) throw new InputError('runtime-config', `"${item}" is not of the form group/version=true (e.g. storage.k8s.io/v1beta1=true)`);
      runtimeConfig[m[1]!] = m[3]!;
    }
    // An image reference holds no space: "app:ci sidecar:ci" is two, as namespaces are parted.
    const loadImages = splitList(get('load-images'), /[\s,]/);
    for (const image of loadImages) {
      if (!/^[\w][\w.\-/:@]*$/.test(image)) throw new InputError('load-images', `"${image}" is not a Docker image reference (name[:tag] or name@digest)`);
    }
    const nodeImage = get('node-image');
    // Said now, naming the input, not after the tools are installed.
    const v = kubernetesVersion.replace(/^v/, '');
    if (!nodeImage && /^\d+\.\d+$/.test(v) && !NODE_IMAGES[v]) {
      throw new InputError('kubernetes-version', noPinnedImage(v));
    }
    const kindVersion = toolVersion('kind-version', get('kind-version'), DEFAULTS.kindVersion);
    // Said now, naming the input, not as a kubeadm error after the node image is pulled.
    const kindProblem = kindCannotRun(kindVersion, nodeImage ? imageKubernetesVersion(nodeImage) : kubernetesVersion);
    if (kindProblem) throw new InputError('kind-version', kindProblem);
    cluster = {
      name,
      kubernetesVersion,
      nodeImage,
      runtimeConfig,
      loadImages,
      tools: {
        kind: kindVersion,
        kubectl: toolVersion('kubectl-version', get('kubectl-version'), ''),
        helm: toolVersion('helm-version', get('helm-version'), DEFAULTS.helmVersion),
      },
    };
  }

  const auditLogs = auditLogInput.map((f) => {
    const file = resolveFrom(workspace, f);
    mustExist('audit-log', file, 'audit log', true);
    return file;
  });
  const specInput = get('spec');
  const spec = specInput ? resolveFrom(workspace, specInput) : null;
  if (spec) {
    mustExist('spec', spec, 'OpenAPI spec');
    if (!statSync(spec).isFile()) throw new InputError('spec', `${spec} is not a file`);
  }

  // With audit-log, namespace and release say what they say with install-command: the namespace the app runs in, whose
  // requests and service accounts' are the app's (the default selection), and the app's name, by default the namespace.
  const ns = mode === 'audit-log' ? (get('namespace') ? checkNamespace(get('namespace')) : null) : (chart?.namespace ?? null);
  const app = mode === 'audit-log' ? (get('release') ? checkAppName(get('release'), 'app') : ns) : (chart?.release ?? null);
  // Default selection: the KAPIC's namespace, every service account in it, and helm's own requests.
  // "ns1 default" is two namespaces: a name holds no space (it was one, which matched nothing).
  // Each value once, as the CLI keeps them ("a b a": a list built from variables), else said twice in report.md.
  const once = (values: string[]): string[] => [...new Set(values)];
  const namespaces = once(splitList(get('namespaces'), /[\s,]/)).map((n) => checkNamespace(n, 'namespaces'));
  const serviceAccounts = once(splitList(get('service-accounts'), /[\s,]/));
  const userAgents = once(splitList(get('user-agents')));
  // Refused as the CLI's --serviceaccount is, by the function the selection reads them with.
  for (const sa of serviceAccounts) {
    try {
      serviceAccountUser(sa);
    } catch (err) {
      throw new InputError('service-accounts', (err as Error).message);
    }
  }
  const users = once(splitList(get('users')));
  const selection: Partial<Selection> = {
    namespaces: namespaces.length > 0 ? namespaces : ns ? [ns] : [],
    serviceAccounts: serviceAccounts.length > 0 ? serviceAccounts : ns ? [`${ns}:*`] : [],
    // An install-command acts as a user of its own (install-identity.ts): its requests, wherever they act, as helm's.
    users: users.length > 0 ? users : chart?.installCommand ? [INSTALL_USER] : [],
    // helm's requests are the chart's install and tests; an install-command's are told apart by their user instead.
    userAgents: userAgents.length > 0 ? userAgents : chart?.chart ? ['helm'] : [],
    includeSystem: parseBoolean('include-system', get('include-system'), false),
  };
  // setup-command acts as a user of its own (install-identity.ts): left out wherever it acts, the app's namespace
  // included, unless users names it (a pattern that matches it too: asked for, not left out).
  if (chart?.setupCommand && !users.some((u) => globMatcher(u, 'user')(SETUP_USER))) selection.excludeUsers = [SETUP_USER];

  // Not given (action.yml's default is empty): alpha,beta for an analysis; with reports, the reports' own policy, as
  // the runs judged them (mergeReports combines them, strictest, when they differ), so that the comment workflow of a
  // fork PR does not judge a `fail-on: none` run by a default it never chose.
  const failOnInput = get('fail-on') || (mode === 'reports' ? '' : DEFAULTS.failOn);
  const failOn = failOnInput === '' ? [] : readFailOn(failOnInput);
  const rbac = readRbac(get, workspace, mode);

  // Checked before any cluster runs: a release (1.NN) or a spec file for each.
  const nextInput = get('next-releases');
  const nextReleases = nextInput === '' ? undefined : noneList('next-releases', splitList(nextInput), 'releases').map((r) => releaseOrFile('next-releases', r, workspace));
  const conformanceInput = get('conformance') || DEFAULTS.conformance;
  const conformance = isWord(conformanceInput, 'auto') ? 'auto' : isWord(conformanceInput, 'none') ? 'none' : releaseOrFile('conformance', conformanceInput, workspace);

  const { comment, commentKey, prNumber, writer } = readCommentTarget(read, env);
  const { dir: reportDir, artifactName, uploadArtifact } = readReportPlace(read, env, cluster?.name ?? null);

  return {
    mode,
    reports,
    reportsMissing,
    reportsExpected,
    chart,
    cluster,
    analysis: {
      auditLogs,
      app,
      spec,
      kubernetesVersion: kubernetesVersion.replace(/^v/, ''),
      nextReleases,
      conformance,
      selection,
      policy: mode === 'reports' ? reportsPolicy(failOnInput, failOn, get('allow')) : { failOn, allow: allowList(get('allow')) },
    },
    rbac,
    report: {
      dir: reportDir,
      comment,
      commentKey,
      prNumber,
      writer,
      uploadArtifact,
      artifactName,
    },
    token,
  };
}
