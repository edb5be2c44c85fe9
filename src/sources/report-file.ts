// Reading a report.json (or .json.gz) back: for export, merge and the web store. Every failure names the file.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { firstLineIsAuditEvent } from '../engine/audit.js';
import { RISKS } from '../engine/rbac.js';
import { RULES, RUN_RULES } from '../engine/verdict.js';
import { LEVELS, SCHEMA_VERSION, type Report } from '../engine/report.js';
import { quoted, shapeProblem } from '../engine/report-shape.js';
import { isGzipHeader } from './compression.js';
import { jsonError } from '../engine/json-error.js';
import { DistinctFiles, duplicateInput, STDIN_NAME, wildcardHint } from './input-files.js';

/** A report file that cannot be used; the message names the file. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';
}

/** The most a report.json.gz may inflate to: a small file can inflate to gigabytes (a gzip bomb) and take the memory. */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** Reads and checks one report.json (or .json.gz); every failure names the file. */
export async function readReportFile(file: string): Promise<Report> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // analyze --out names a directory: the report is the report.json in it, which is what was meant.
    if (e.code === 'EISDIR') {
      const inside = path.join(file, 'report.json');
      throw new ReportFileError(`${file}: a directory, not a report${existsSync(inside) ? `: give the report in it, ${inside}` : ' (no report.json in it)'}`);
    }
    // merge 'reports/*/report.json', quoted: said as analyze says it of a log (merge and export take no directory).
    const hint = e.code === 'ENOENT' ? wildcardHint(file, 'give the report files') : '';
    throw new ReportFileError(`${file}: cannot read the report (${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)})${hint}`);
  }
  return reportFromBytes(file, bytes);
}

/** A report.json (or .json.gz) already read, checked; `file` names it in every failure. */
export function reportFromBytes(file: string, bytes: Buffer): Report {
  if (isGzipHeader(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_REPORT_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ReportFileError(`${file}: inflates to more than ${MAX_REPORT_BYTES >> 20} MiB, larger than any report.json: refused`);
      }
      throw new ReportFileError(`${file}: not a readable gzip file (${(err as Error).message})`);
    }
  }
  let value: unknown;
  const text = bytes.toString('utf8');
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportFileError(`${file}: not JSON (${jsonError(err as Error, text)}); expected a report.json written by apisnoop analyze${auditLogHint(text)}`);
  }
  const problem = reportProblem(value);
  if (problem) throw new ReportFileError(`${file}: not an apisnoop report.json: ${problem}${auditLogHint(text)}`);
  return value as Report;
}

/** An audit log given where a report is read (merge, export): said, with what reads it. */
function auditLogHint(text: string): string {
  return firstLineIsAuditEvent(text) ? '; it is an audit log (its first line is an audit event): give it to apisnoop analyze, whose report.json this reads' : '';
}

/**
 * The report piped in on stdin ('-'), named (stdin) in messages as analyze names a log read from it. `option`, `pipe`:
 * how the command names '-' and an example of piping a report in, for the refusal of a terminal.
 */
export async function readStdinReport(option: string, pipe: string): Promise<Report> {
  if (process.stdin.isTTY) throw new ReportFileError(`${option}: stdin is a terminal; pipe a report.json in (${pipe})`);
  const parts: Buffer[] = [];
  for await (const c of process.stdin) parts.push(c as Buffer);
  return reportFromBytes(STDIN_NAME, Buffer.concat(parts));
}

/** '-' (stdin) given more than once: stdin holds one report, read once. */
export function refuseStdinTwice(files: readonly string[], option: string): void {
  if (files.filter((f) => f === '-').length > 1) throw new ReportFileError(`${option} (stdin) is given twice: stdin holds one report`);
}

/**
 * Reads report files to be merged, each once: a file named twice (or through a link) is read once, and the same
 * report under two names (report.json and a .gz of it) counts once; `warn` hears each repeat. A file that cannot be
 * read fails, named. Reports of different releases are refused: merge adds up reports of one release.
 */
export async function readDistinctReports(files: string[], warn: (message: string) => void, readOne: ReadReport = readReportFile): Promise<Array<{ file: string; report: Report }>> {
  const read = await readDistinctReportFiles(files, warn, readOne);
  // Reports of different releases cannot be merged (their operations differ): said here, where the files are known.
  const first = read[0];
  const other = read.find((r) => r.report.kubernetesVersion !== first!.report.kubernetesVersion);
  if (first && other) {
    throw new ReportFileError(
      `${other.file} is against Kubernetes ${other.report.kubernetesVersion} and ${first.file} against ${first.report.kubernetesVersion}: merge reports of one release; ` +
        // Export shows each report apart, adding nothing up: shards of a release must be merged first, and named.
        "to see releases side by side, give them all to the GitHub Action's reports input (one merged report per release, one comment), " +
        'or merge the reports of each release apart and give the merged reports to apisnoop export, with a --name for each (export adds nothing up)',
    );
  }
  return read;
}

/** JSON.stringify's replacer giving objects their keys in order: a copy with keys sorted (jq -S) is the same report. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What makes two reports the same report, whatever file, compression or key order they came in (merge, export). */
export const reportIdentity = (report: Report): string => JSON.stringify(report, sortedKeys);

/** Reads one report file; merge's reads '-' as stdin (readStdinReport). */
export type ReadReport = (file: string) => Promise<Report>;

/** readDistinctReports, of any releases, each report with the file it was read from (the first name of a repeat). */
export async function readDistinctReportFiles(
  files: string[],
  warn: (message: string) => void,
  readOne: ReadReport = readReportFile,
): Promise<Array<{ file: string; report: Report }>> {
  const distinct = new DistinctFiles((repeat) => warn(duplicateInput(repeat)));
  const once: string[] = [];
  // A file that cannot be read stays in, for readReportFile to name.
  for (const f of files) if (await distinct.addPath(f)) once.push(f);
  const read = await Promise.all(once.map((f) => readOne(f)));
  // Named as its reader names it in messages.
  for (const [i, f] of once.entries()) if (f === '-') once[i] = STDIN_NAME;
  const seen = new Map<string, string>();
  const out: Array<{ file: string; report: Report }> = [];
  for (const [i, report] of read.entries()) {
    const text = reportIdentity(report);
    const earlier = seen.get(text);
    if (earlier !== undefined) warn(`${once[i]} is the same report as ${earlier}: counted once`);
    else {
      seen.set(text, once[i]!);
      out.push({ file: once[i]!, report });
    }
  }
  return out;
}

/**
 * What is wrong with a parsed report.json, or null. Checks what the renderers and merge read, then every value against
 * the shipped schema (shapeProblem), so a hand-edited or foreign file fails here with the place named instead of deep
 * inside a renderer or in a merged report. Fields the schema does not know are no problem (a later apisnoop's).
 */
export function reportProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the top level is not an object';
  if (value.schemaVersion !== SCHEMA_VERSION) {
    return value.schemaVersion === undefined
      ? 'schemaVersion is missing'
      : `schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported (this apisnoop reads ${SCHEMA_VERSION})`;
  }
  if (typeof value.kubernetesVersion !== 'string') return 'kubernetesVersion is not a string';
  if (!Array.isArray(value.inputs) || !value.inputs.every((i) => typeof i === 'string')) return 'inputs is not a list of strings';
  if (!Array.isArray(value.specs)) return 'specs is not a list';
  for (const [i, spec] of value.specs.entries()) {
    if (!isObject(spec) || typeof spec.kubernetesVersion !== 'string' || typeof spec.source !== 'string' || typeof spec.operations !== 'number') {
      return `specs[${i}] is not {kubernetesVersion, source, operations}`;
    }
  }
  const s = value.summary;
  if (!isObject(s)) return 'summary is missing';
  for (const k of ['requests', 'selected', 'matched', 'unmatched', 'invalidLines', 'events', 'deprecated', 'removedSoon', 'stableUntested']) {
    if (typeof s[k] !== 'number') return `summary.${k} is not a number`;
  }
  // Added within schema 1: absent in older reports, a number when there.
  for (const k of ['stableConformanceUnknown', 'stableUntestedEligible', 'removedAlready', 'excluded']) {
    if (s[k] !== undefined && typeof s[k] !== 'number') return `summary.${k} is not a number`;
  }
  // Added within schema 1 too: merged (a union) and said on the selection line, one by one.
  if (isObject(value.selection) && value.selection.excludeUsers !== undefined && !isStrings(value.selection.excludeUsers)) {
    return 'selection.excludeUsers is not a list of strings';
  }
  if (!isObject(s.byLevel) || !LEVELS.every((l) => isCount((s.byLevel as Record<string, unknown>)[l]))) return 'summary.byLevel is not {stable, beta, alpha} counts';
  if (!isCount(s.discovery)) return 'summary.discovery is not a count';
  if (!Array.isArray(value.operations)) return 'operations is not a list';
  for (const [i, op] of value.operations.entries()) {
    const where = `operations[${i}]`;
    if (!isObject(op)) return `${where} is not an object`;
    for (const k of ['operationId', 'method', 'path', 'category']) if (typeof op[k] !== 'string') return `${where}.${k} is not a string`;
    if (!LEVELS.includes(op.level as never)) return `${where}.level ${JSON.stringify(op.level)} is not stable, beta or alpha`;
    if (typeof op.hits !== 'number') return `${where}.hits is not a number`;
    if (!isObject(op.codes)) return `${where}.codes is not an object`;
    if (!isObject(op.verbs)) return `${where}.verbs is not an object`;
    if (!isStrings(op.tests)) return `${where}.tests is not a list of strings`;
    // Each one is written out (CSV cells, report.md): a null among them stopped export with a bare TypeError.
    if (!isStrings(op.userAgents) || !isStrings(op.users)) return `${where}.userAgents/users are not lists of strings`;
    for (const k of ['userAgentsTruncated', 'usersTruncated', 'testsTruncated']) if (k in op && typeof op[k] !== 'boolean') return `${where}.${k} is not a boolean`;
    if (typeof op.discovery !== 'boolean' || typeof op.deprecated !== 'boolean') return `${where}.discovery/deprecated are not booleans`;
    if (op.lastServedIn !== undefined && typeof op.lastServedIn !== 'string') return `${where}.lastServedIn is not a release`;
    if (isObject(op.deprecation) && op.deprecation.lastServedIn !== undefined && typeof op.deprecation.lastServedIn !== 'string') {
      return `${where}.deprecation.lastServedIn is not a release`;
    }
    if (isObject(op.deprecation) && op.deprecation.replacementServedIn !== undefined && op.deprecation.replacementServedIn !== null && typeof op.deprecation.replacementServedIn !== 'string') {
      return `${where}.deprecation.replacementServedIn is neither a release nor null`;
    }
    if (isObject(op.deprecation) && op.deprecation.replacementCheckedIn !== undefined && !isStrings(op.deprecation.replacementCheckedIn)) {
      return `${where}.deprecation.replacementCheckedIn is not a list of releases`;
    }
    if (op.conformanceIneligible !== undefined && op.conformanceIneligible !== null && typeof op.conformanceIneligible !== 'string') {
      return `${where}.conformanceIneligible is neither a reason nor null`;
    }
    if (op.custom !== undefined && op.custom !== true) return `${where}.custom is not true`;
  }
  if (!Array.isArray(value.unmatched)) return 'unmatched is not a list';
  for (const [i, u] of value.unmatched.entries()) {
    if (!isObject(u) || typeof u.pattern !== 'string' || typeof u.verb !== 'string' || typeof u.count !== 'number' || !isStrings(u.userAgents)) {
      return `unmatched[${i}] lacks pattern, verb, count or userAgents`;
    }
    if ('users' in u && !isStrings(u.users)) return `unmatched[${i}].users is not a list of strings`;
    for (const k of ['userAgentsTruncated', 'usersTruncated']) if (k in u && typeof u[k] !== 'boolean') return `unmatched[${i}].${k} is not a boolean`;
  }
  if (!Array.isArray(value.invalid)) return 'invalid is not a list';
  const v = value.verdict;
  if (!isObject(v) || typeof v.pass !== 'boolean' || !Array.isArray(v.violations) || !isObject(v.policy)) return 'verdict lacks pass, policy or violations';
  // The policy judges a merge of this report (a fan-in takes the reports' own where its step gives none), and a fork's
  // report.json is attacker-controlled: only rules this version knows (a forged "beta\n::save-state…" would both
  // judge nothing and put text on the log), and allow entries of one line.
  const p = v.policy;
  if (!Array.isArray(p.failOn)) return 'verdict.policy.failOn is not a list';
  for (const [i, r] of p.failOn.entries()) {
    if (!KNOWN_RULES.includes(r as never)) return `verdict.policy.failOn[${i}] ${quoted(r)} is not one of ${KNOWN_RULES.join(', ')}`;
  }
  if (!Array.isArray(p.allow)) return 'verdict.policy.allow is not a list';
  for (const [i, a] of p.allow.entries()) {
    if (typeof a !== 'string' || LINE_BREAKING.test(a)) return `verdict.policy.allow[${i}] ${quoted(a)} is not a one-line operationId or API group`;
  }
  // rules (added within schema 1): absent in older reports; when there, the rules the renderers list. Any name: a
  // later version may add a rule, and its reports must still read here (a renderer shows a name it does not know).
  for (const [i, x] of v.violations.entries()) {
    if (isObject(x) && x.rules !== undefined && !(Array.isArray(x.rules) && x.rules.every((r) => typeof r === 'string' && r !== ''))) {
      return `verdict.violations[${i}].rules is not a list of rules`;
    }
  }
  // runFailures (added within schema 1): absent when the run broke no run rule; when there, what the renderers show.
  if (v.runFailures !== undefined) {
    if (!Array.isArray(v.runFailures)) return 'verdict.runFailures is not a list';
    for (const [i, f] of v.runFailures.entries()) {
      // Any rule's name, as for violations' rules: empty and invalid today.
      if (!isObject(f) || typeof f.rule !== 'string' || f.rule === '' || typeof f.why !== 'string') {
        return `verdict.runFailures[${i}] is not {rule, why}`;
      }
    }
  }
  // Optional (added within schema 1): reports without it, and reports of older versions, are fine.
  if (value.app !== undefined && (typeof value.app !== 'string' || value.app.trim() === '')) return 'app is not a name';
  if (value.runNotes !== undefined && (!isObject(value.runNotes) || !isStrings(value.runNotes.problems) || !isStrings(value.runNotes.notices))) {
    return 'runNotes is not {problems, notices} lists of strings';
  }
  if (value.parts !== undefined) {
    if (!Array.isArray(value.parts)) return 'parts is not a list';
    for (const [i, p] of value.parts.entries()) {
      // Its name is said in the verdict's reason (the step's error, the comment): one line.
      if (!isObject(p) || typeof p.name !== 'string' || LINE_BREAKING.test(p.name) || typeof p.requests !== 'number' || typeof p.selected !== 'number') {
        return `parts[${i}] is not {name, requests, selected} (a name of one line)`;
      }
      // Optional (added within schema 1): which parts fail-on empty judges together.
      if ((p.filter !== undefined && typeof p.filter !== 'string') || (p.app !== undefined && typeof p.app !== 'string')) {
        return `parts[${i}]'s filter and app are not strings`;
      }
    }
  }
  if (value.rbac !== undefined) {
    if (!Array.isArray(value.rbac)) return 'rbac is not a list';
    for (const [i, c] of value.rbac.entries()) {
      const problem = comparisonProblem(c, `rbac[${i}]`);
      if (problem) return problem;
    }
  }
  // Then every value as the shipped schema has it (what the checks above name more plainly, they named first): a
  // count of 1.5 or 1e400 (Infinity), text among a record's counts, an unmatched reason it does not list. Merge adds
  // them up and writes them out, and its report must read as the schema says.
  return shapeProblem(value);
}

const KNOWN_RULES: readonly string[] = [...RULES, ...RUN_RULES];
// Controls (line breaks among them) and Unicode line and paragraph separators. A tab is not among them: an allow
// entry analyze wrote with one must read back.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;


const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

function ruleProblem(r: unknown, where: string): string | null {
  if (!isObject(r) || !isStrings(r.verbs)) return `${where} is not a rule with verbs`;
  for (const k of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs']) {
    if (r[k] !== undefined && !isStrings(r[k])) return `${where}.${k} is not a list of strings`;
  }
  return null;
}

function refProblem(r: unknown, where: string): string | null {
  if (!isObject(r) || typeof r.kind !== 'string' || typeof r.name !== 'string') return `${where} lacks kind or name`;
  if (r.source !== undefined && (!isObject(r.source) || typeof r.source.file !== 'string' || typeof r.source.line !== 'number')) return `${where}.source lacks file or line`;
  return null;
}

function groupsProblem(v: unknown, where: string): string | null {
  if (!Array.isArray(v)) return `${where} is not a list`;
  for (const [i, g] of v.entries()) {
    if (!isObject(g) || typeof g.verb !== 'string' || typeof g.count !== 'number' || typeof g.allowed !== 'number') return `${where}[${i}] lacks verb, count or allowed`;
  }
  return null;
}

/** What the renderers read of one least-privilege comparison (RbacComparison in src/engine/rbac.ts). */
function comparisonProblem(c: unknown, where: string): string | null {
  if (!isObject(c)) return `${where} is not an object`;
  const id = c.identity;
  if (!isObject(id) || typeof id.username !== 'string' || !isStrings(id.groups)) return `${where}.identity lacks username or groups`;
  const r = c.requests;
  if (!isObject(r) || !['total', 'denied', 'allowedByDefault'].every((k) => typeof r[k] === 'number') || !Array.isArray(r.unusable)) {
    return `${where}.requests lacks total, denied, allowedByDefault or unusable`;
  }
  // Added within schema 1: absent in earlier reports.
  if (r.refusedAfterAuthorization !== undefined) {
    if (!Array.isArray(r.refusedAfterAuthorization)) return `${where}.requests.refusedAfterAuthorization is not a list`;
    for (const [i, x] of r.refusedAfterAuthorization.entries()) {
      if (!isObject(x) || typeof x.verb !== 'string' || typeof x.count !== 'number') return `${where}.requests.refusedAfterAuthorization[${i}] lacks verb or count`;
    }
  }
  const o = c.observed;
  if (!isObject(o) || !Array.isArray(o.clusterRules) || !Array.isArray(o.roles)) return `${where}.observed lacks clusterRules or roles`;
  for (const [i, rule] of o.clusterRules.entries()) {
    const p = ruleProblem(rule, `${where}.observed.clusterRules[${i}]`);
    if (p) return p;
  }
  for (const [i, role] of o.roles.entries()) {
    if (!isObject(role) || typeof role.namespace !== 'string' || !Array.isArray(role.rules)) return `${where}.observed.roles[${i}] lacks namespace or rules`;
    for (const [j, rule] of role.rules.entries()) {
      const p = ruleProblem(rule, `${where}.observed.roles[${i}].rules[${j}]`);
      if (p) return p;
    }
  }
  const denied = groupsProblem(c.denied, `${where}.denied`);
  if (denied) return denied;
  const g = c.granted;
  if (g !== null) {
    if (!isObject(g) || !isStrings(g.sources) || !Array.isArray(g.roles) || !Array.isArray(g.overGrants) || !Array.isArray(g.unresolved)) {
      return `${where}.granted is neither null nor {sources, roles, overGrants, ungranted, unresolved, spec}`;
    }
    if (!isObject(g.spec) || typeof g.spec.kubernetesVersion !== 'string') return `${where}.granted.spec lacks kubernetesVersion`;
    for (const [i, og] of g.overGrants.entries()) {
      const at = `${where}.granted.overGrants[${i}]`;
      if (!isObject(og) || typeof og.why !== 'string' || typeof og.permissions !== 'number') return `${at} lacks why or permissions`;
      if (!(RISKS as readonly unknown[]).includes(og.risk)) return `${at}.risk ${JSON.stringify(og.risk)} is not one of ${RISKS.join(', ')}`;
      const p = ruleProblem(og.rule, `${at}.rule`) ?? refProblem(og.role, `${at}.role`) ?? refProblem(og.binding, `${at}.binding`);
      if (p) return p;
      if (og.aggregatedFrom !== undefined) {
        const a = refProblem(og.aggregatedFrom, `${at}.aggregatedFrom`);
        if (a) return a;
      }
    }
    const ungranted = groupsProblem(g.ungranted, `${where}.granted.ungranted`);
    if (ungranted) return ungranted;
    // Added within schema 1: absent in earlier reports; the page names its roles and groups.
    for (const [field, names] of [
      ['unservedGroups', 'groups'],
      ['unservedResources', 'resources'],
      ['unauditedResources', 'resources'],
    ] as const) {
      const list = g[field];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return `${where}.granted.${field} is not a list`;
      for (const [i, u] of (list as unknown[]).entries()) {
        const at = `${where}.granted.${field}[${i}]`;
        if (!isObject(u) || !isStrings(u[names])) return `${at} lacks ${names}`;
        const p = ruleProblem(u.rule, `${at}.rule`) ?? refProblem(u.role, `${at}.role`);
        if (p) return p;
      }
    }
  }
  const v = c.verdict;
  if (v !== null && (!isObject(v) || typeof v.pass !== 'boolean' || typeof v.threshold !== 'number' || typeof v.overGrants !== 'number')) {
    return `${where}.verdict is neither null nor {pass, threshold, overGrants}`;
  }
  return null;
}

/** A JSON object: not null, not an array (a report's fields, a manifest's, a matrix leg's values). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): boolean {
  return isObject(v) && typeof v.operations === 'number' && typeof v.hits === 'number';
}
