// report.md, the GitHub job summary and the sticky PR comment: one compact Markdown page rendered from the Report.
// The verdict comes first; detail tables are folded and cut row-wise so the page stays under a size budget
// (GitHub refuses comments over 65,536 characters) whatever the size of the log.
import { markdownTable } from 'markdown-table';
import type { RbacComparison } from '../engine/rbac.js';
import { LEVELS, reportPasses, type OperationUsage, type Report, type Unmatched } from '../engine/report.js';
import {
  categoryName,
  compareReleases,
  compareText,
  formatCodes,
  groupVersion,
  isAtRisk,
  isStableUntested,
  levelRank,
  methodPath,
  removedIn,
} from './format.js';
import { groupText, identityText, observedYaml, qualifiedName, ruleText, sourceText } from './rbac.js';

export const DEFAULT_MAX_CHARS = 60_000;

export interface MarkdownOptions {
  /** Link to the full report (report.html or the run's artifacts). http(s) only. */
  reportUrl?: string;
  /** Hard upper bound on the length of the result (UTF-16 code units, which over-counts GitHub's characters). */
  maxChars?: number;
  /** Heading text; default "APISnoop". */
  title?: string;
  /** Hidden HTML comment that finds the sticky comment again, e.g. `<!-- apisnoop:comment -->`; goes first. */
  marker?: string;
}

export const MORE_ROWS = (n: number): string => `… ${n} more rows, see report.json`;

// Longest text kept in one cell: user agents and URIs come from untrusted logs and can be any length.
const CELL_MAX = 160;
const CALLERS_SHOWN = 3;
// Rows each table is promised before the budget goes to the most important ones.
const VISIBLE_FIRST_SHARE = 30;
const FOLDED_FIRST_SHARE = 15;

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars <= 0) {
    throw new RangeError(`renderMarkdown: maxChars must be a positive integer, got ${String(opts.maxChars)}`);
  }
  const parts: Part[] = [];
  if (opts.marker !== undefined) parts.push(fixed(checkMarker(opts.marker)));
  parts.push(fixed(verdictBlock(report, opts.title ?? 'APISnoop')));
  parts.push(...rbacParts(report));
  parts.push(fixed(countsBlock(report, opts.reportUrl)));
  parts.push(...violationParts(report));
  parts.push(...untestedParts(report));
  parts.push(...riskParts(report));
  parts.push(...unmatchedParts(report));
  parts.push(...operationsParts(report));
  parts.push(...invalidParts(report));
  parts.push(fixed(`<sub>apisnoop ${mdText(report.tool.version, 40)} · report.json schema ${report.schemaVersion}</sub>`));
  return layout(parts, maxChars);
}

// ---------------------------------------------------------------------------------------------------------------
// Fitting the page into the budget.

/** A piece of the page: fixed text, or a table that may show fewer rows (ending with "… N more rows"). */
interface Part {
  /** Lower = kept first. Fixed parts are always kept. */
  priority: number;
  rows: number;
  render(shown: number): string;
  fixed: boolean;
  name: string;
  /** Rows this table gets before any table gets more. */
  firstShare: number;
}

function fixed(text: string): Part {
  return { priority: 0, rows: 0, render: () => text, fixed: true, name: '', firstShare: 0 };
}

const SEPARATOR = '\n\n';

function layout(parts: Part[], maxChars: number): string {
  const shown = parts.map(() => 0);
  const kept = parts.map(() => true);
  const lengths = parts.map((p) => p.render(0).length);
  const omitted: string[] = [];
  const omissionNote = (): string =>
    `_Left out to stay under ${maxChars} characters: ${omitted.join(', ')}; see report.json._`;
  const total = (): number => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < parts.length; i++) {
      if (!kept[i]) continue;
      sum += lengths[i];
      count++;
    }
    if (omitted.length > 0) {
      sum += omissionNote().length;
      count++;
    }
    // Parts joined by blank lines, plus the final newline.
    return sum + SEPARATOR.length * Math.max(0, count - 1) + 1;
  };

  // Even with no rows at all the sections may not fit a tiny budget: drop whole sections, least important first.
  const byPriority = parts
    .map((p, i) => i)
    .filter((i) => !parts[i].fixed)
    .sort((a, b) => parts[a].priority - parts[b].priority || a - b);
  for (let j = byPriority.length - 1; j >= 0 && total() > maxChars; j--) {
    const i = byPriority[j];
    kept[i] = false;
    omitted.unshift(parts[i].name);
  }
  if (total() > maxChars) {
    throw new RangeError(
      `renderMarkdown: maxChars ${maxChars} is too small for the verdict alone (it needs ${total()} characters)`,
    );
  }

  // Then give rows to the kept tables: first a share to each, in order of importance, so that a long violations
  // table cannot crowd out the untested endpoints; then whatever is left, again in order of importance.
  const grow = (i: number, upTo: number): void => {
    let lo = shown[i];
    let hi = Math.min(parts[i].rows, upTo);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const before = lengths[i];
      lengths[i] = parts[i].render(mid).length;
      const fits = total() <= maxChars;
      lengths[i] = before;
      if (fits) lo = mid;
      else hi = mid - 1;
    }
    shown[i] = lo;
    lengths[i] = parts[i].render(lo).length;
  };
  const tables = byPriority.filter((i) => kept[i] && parts[i].rows > 0);
  for (const i of tables) grow(i, parts[i].firstShare);
  for (const i of tables) grow(i, parts[i].rows);

  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (kept[i]) out.push(parts[i].render(shown[i]));
  }
  if (omitted.length > 0) out.splice(out.length - 1, 0, omissionNote());
  return out.join(SEPARATOR) + '\n';
}

/**
 * A table section whose rows can be cut. Rows are rendered once (no column alignment, so each row's length is
 * independent of the others) and the section is re-assembled for any number of shown rows.
 */
function tablePart(args: {
  name: string;
  priority: number;
  heading: string;
  folded: boolean;
  intro?: string;
  header: string[];
  rows: string[][];
  align?: Array<'l' | 'r' | 'c'>;
}): Part {
  const lines = markdownTable([args.header, ...args.rows], { alignDelimiters: false, align: args.align }).split('\n');
  const render = (shown: number): string => {
    const body: string[] = [];
    if (args.intro) body.push(args.intro);
    if (shown > 0) body.push(lines.slice(0, 2 + shown).join('\n'));
    if (shown < args.rows.length) body.push(MORE_ROWS(args.rows.length - shown));
    const inner = body.join(SEPARATOR);
    // Blank lines around the inner Markdown: GitHub renders Markdown inside <details> only when separated.
    return args.folded
      ? `<details>\n<summary>${args.heading}</summary>\n\n${inner}\n\n</details>`
      : `### ${args.heading}\n\n${inner}`;
  };
  return {
    name: args.name,
    priority: args.priority,
    rows: args.rows.length,
    render,
    fixed: false,
    firstShare: args.folded ? FOLDED_FIRST_SHARE : VISIBLE_FIRST_SHARE,
  };
}

function textPart(name: string, priority: number, text: string): Part {
  return { name, priority, rows: 0, render: () => text, fixed: false, firstShare: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Sections, in page order.

// Most urgent first: what is already gone in a later release, then what is going, then the unstable levels.
const RULE_ORDER: readonly string[] = ['removed', 'deprecated', 'alpha', 'beta'];
const ruleRank = (rule: string): number => (RULE_ORDER.includes(rule) ? RULE_ORDER.indexOf(rule) : RULE_ORDER.length);

function verdictBlock(report: Report, title: string): string {
  const { verdict } = report;
  const lines: string[] = [];
  // The heading is the whole verdict: the API policy and least privilege, as the step and the CLI's exit code.
  const pass = reportPasses(report);
  lines.push(`## ${pass ? '✅' : '❌'} ${mdText(title, 120)}: ${pass ? 'pass' : 'fail'}`);
  const failOn = verdict.policy.failOn;
  const policy =
    failOn.length === 0
      ? 'fail-on is none: report only'
      : `fail on ${failOn.map((r) => `**${r}**`).join(', ')}`;
  const allow = verdict.policy.allow.length
    ? `; allowed: ${verdict.policy.allow.slice(0, 10).map((a) => mdCode(a, 60, false)).join(', ')}${verdict.policy.allow.length > 10 ? ` and ${verdict.policy.allow.length - 10} more` : ''}`
    : '';
  if (verdict.pass) {
    lines.push(`**Verdict: pass.** No operation breaks the policy (${policy}${allow}).`);
  } else {
    const ops = new Set(verdict.violations.map((v) => `${v.operationId} ${v.method} ${v.path}`)).size;
    lines.push(
      `**Verdict: fail.** ${ops} operation${ops === 1 ? '' : 's'} break${ops === 1 ? 's' : ''} the policy (${policy}${allow}).`,
    );
    const byRule = new Map<string, { ops: number; hits: number }>();
    for (const v of verdict.violations) {
      const r = byRule.get(v.rule) ?? { ops: 0, hits: 0 };
      r.ops++;
      r.hits += v.hits;
      byRule.set(v.rule, r);
    }
    const rules = [...byRule.entries()].sort(([a], [b]) => ruleRank(a) - ruleRank(b) || compareText(a, b));
    lines.push(
      `Failed rules: ${rules
        .map(([rule, r]) => `**${mdText(rule, 20)}** (${plural(r.ops, 'operation')}, ${plural(r.hits, 'hit')})`)
        .join(', ')}.`,
    );
  }
  lines.push(...rbacVerdictLines(report));
  // Two trailing spaces would be fragile; a blank-free list of lines joined by <br> keeps the block one paragraph.
  return [lines[0], lines.slice(1).join('<br>\n')].join('\n\n');
}

// Identities named in the verdict block, which is never cut: a chart with many service accounts gets a count.
const RBAC_VERDICTS_SHOWN = 5;

function rbacVerdictLines(report: Report): string[] {
  const judged = (report.rbac ?? []).filter((c) => c.verdict !== null);
  // Failures first: they are why the heading says fail.
  judged.sort((a, b) => Number(a.verdict!.pass) - Number(b.verdict!.pass));
  const lines = judged.slice(0, RBAC_VERDICTS_SHOWN).map((c) => {
    const v = c.verdict!;
    const n = plural(v.overGrants, 'over-grant');
    return v.pass
      ? `**Least privilege: pass.** ${mdCode(identityText(c.identity), 80, false)}: ${n}, within the ${v.threshold} allowed (fail on **overprivileged**).`
      : `**Least privilege: fail.** ${mdCode(identityText(c.identity), 80, false)}: ${n}, more than the ${v.threshold} allowed (fail on **overprivileged**).`;
  });
  if (judged.length > RBAC_VERDICTS_SHOWN) {
    const rest = judged.slice(RBAC_VERDICTS_SHOWN);
    const failing = rest.filter((c) => !c.verdict!.pass).length;
    lines.push(`Least privilege of ${plural(rest.length, 'more identity', 'more identities')}: ${failing} failing.`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Least privilege: one folded section per identity, after the verdict. Its tables share one row budget, in order of
// importance (over-grants, denials, requests the manifests do not grant), then the needed RBAC as YAML, which is
// shown whole or not at all (half a YAML document is worse than none).

const WHY_MAX = 240;
const NOTES_SHOWN = 3;

function rbacParts(report: Report): Part[] {
  return (report.rbac ?? []).map((c) => rbacPart(c));
}

interface RowBlock {
  heading: string;
  header: string[];
  align: Array<'l' | 'r' | 'c'>;
  rows: string[][];
}

function rbacPart(c: RbacComparison): Part {
  const who = identityText(c.identity);
  const g = c.granted;
  const over = g ? g.overGrants : [];
  const summary =
    `Least privilege (${htmlText(who, 80)}): ` +
    (g ? `${plural(over.length, 'over-grant')}${over.length > 0 ? ` (riskiest: ${htmlText(over[0].risk, 30)})` : ''}` : 'over-grants not checked (no manifests given)') +
    ` · ${plural(c.requests.denied, 'denied', 'denied')}`;
  const blocks: RowBlock[] = [];
  if (g && over.length > 0) {
    blocks.push({
      heading: `Over-grants, riskiest first (${over.length})`,
      header: ['risk', 'granted by', 'rule as written', 'never used'],
      align: ['l', 'l', 'l', 'l'],
      rows: over.map((o) => {
        // The rule is written where it came from: the aggregated ClusterRole, else the bound role.
        const written = sourceText(o.aggregatedFrom ?? o.role);
        const grantedBy = [
          `${mdText(o.role.kind, 20)} ${mdCode(qualifiedName(o.role), 100)}${o.builtin ? ' (built-in)' : ''}`,
          ...(o.aggregatedFrom ? [`aggregated from ${mdText(o.aggregatedFrom.kind, 20)} ${mdCode(o.aggregatedFrom.name, 100)}`] : []),
          `via ${mdText(o.binding.kind, 20)} ${mdCode(qualifiedName(o.binding), 100)}`,
          ...(written ? [mdCode(written, 120)] : []),
        ];
        return [mdText(o.risk, 30), grantedBy.join('<br>'), mdCode(ruleText(o.rule)), mdText(o.why, WHY_MAX)];
      }),
    });
  }
  if (c.denied.length > 0) {
    blocks.push({
      heading: `Denied (403), the app asked for more than it had (${c.denied.length})`,
      header: ['request', 'denied', 'allowed elsewhere in the log'],
      align: ['l', 'r', 'r'],
      rows: c.denied.map((d) => [mdCode(groupText(d)), String(d.count), String(d.allowed)]),
    });
  }
  if (g && g.ungranted.length > 0) {
    blocks.push({
      heading: `Requests the manifests do not grant (${g.ungranted.length})`,
      header: ['request', 'requests'],
      align: ['l', 'r'],
      rows: g.ungranted.map((u) => [mdCode(groupText(u)), String(u.count)]),
    });
  }
  const tables = blocks.map((b) => markdownTable([b.header, ...b.rows], { alignDelimiters: false, align: b.align }).split('\n'));
  const yaml = yamlFold(c);
  const tableRows = blocks.reduce((n, b) => n + b.rows.length, 0);
  const intro = rbacIntro(c);
  const render = (shown: number): string => {
    const body: string[] = [intro];
    let left = shown;
    blocks.forEach((b, i) => {
      const n = Math.min(left, b.rows.length);
      left -= n;
      // Fixed wording and counts: nothing to escape.
      body.push(`**${b.heading}**`);
      if (n > 0) body.push(tables[i].slice(0, 2 + n).join('\n'));
      if (n < b.rows.length) body.push(MORE_ROWS(b.rows.length - n));
    });
    body.push(left > 0 ? yaml.whole : yaml.leftOut);
    return `<details>\n<summary>${summary}</summary>\n\n${body.join(SEPARATOR)}\n\n</details>`;
  };
  return {
    name: `least privilege (${mdText(who, 80)})`,
    // After the violations, before the untested endpoints: a failing least-privilege verdict is a violation too.
    priority: 1.5,
    rows: tableRows + 1,
    render,
    fixed: false,
    firstShare: FOLDED_FIRST_SHARE,
  };
}

function rbacIntro(c: RbacComparison): string {
  const r = c.requests;
  const lines: string[] = [];
  lines.push(
    r.total === 0
      ? `No request by ${mdCode(c.identity.username, 120, false)} in the audit log: whatever it is granted, it never used (if the app runs as another identity, name that one).`
      : `Requests by ${mdCode(c.identity.username, 120, false)}: ${r.total}, ${r.denied} denied, ${r.allowedByDefault} allowed by the cluster's default roles (discovery, self reviews).`,
  );
  const g = c.granted;
  if (!g) {
    lines.push('No manifests were given, so what it was granted is unknown: only what it needs and what was denied are shown.');
  } else {
    const files = g.sources.length === 1 ? mdCode(g.sources[0], 120, false) : `${g.sources.length} manifest files`;
    const roles = g.roles.slice(0, NOTES_SHOWN).map((u) => `${mdText(u.role.kind, 20)} ${mdCode(u.role.name, 80, false)} (${u.exercised} of ${plural(u.permissions, 'permission')} used)`);
    const more = g.roles.length > NOTES_SHOWN ? ` and ${g.roles.length - NOTES_SHOWN} more` : '';
    lines.push(
      `Granted by ${files}, wildcards expanded against Kubernetes ${mdText(g.spec.kubernetesVersion, 20)}: ` +
        (g.roles.length === 0 ? 'no role is bound to it.' : `${roles.join(', ')}${more}.`),
    );
    for (const u of g.unresolved.slice(0, NOTES_SHOWN)) {
      lines.push(`${mdText(u.binding.kind, 20)} ${mdCode(u.binding.name, 80, false)} refers to ${mdText(u.roleRef.kind, 20)} ${mdCode(u.roleRef.name, 80, false)}, which the manifests do not hold: its rules are unknown.`);
    }
    if (g.unresolved.length > NOTES_SHOWN) lines.push(`${g.unresolved.length - NOTES_SHOWN} more bindings refer to roles the manifests do not hold.`);
  }
  if (c.verdict) {
    lines.push(`Policy: fail on **overprivileged** above ${plural(c.verdict.threshold, 'over-grant')}: **${c.verdict.pass ? 'pass' : 'fail'}**.`);
  }
  return lines.join('<br>\n');
}

/** The needed RBAC in a nested fold, and what stands in for it when it does not fit. */
function yamlFold(c: RbacComparison): { whole: string; leftOut: string } {
  // The YAML holds names from the log: no control character may reach the page, and no run of backticks in it can
  // close the fence early.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point (newlines stay)
  const text = observedYaml(c).replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trimEnd();
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const rules = c.observed.clusterRules.length + c.observed.roles.reduce((n, r) => n + r.rules.length, 0);
  const what = `The RBAC it needs: ${plural(rules, 'rule')}, ${plural(c.observed.roles.length, 'namespaced Role')}`;
  return {
    whole: `<details>\n<summary>${what}, as YAML</summary>\n\n${fence}yaml\n${text}\n${fence}\n\n</details>`,
    leftOut: `_${what}: left out to fit; \`apisnoop rbac\` prints it as YAML._`,
  };
}

function countsBlock(report: Report, reportUrl: string | undefined): string {
  const s = report.summary;
  const table = markdownTable(
    [
      ['level', 'operations', 'hits'],
      ...LEVELS.map((l) => [l, String(s.byLevel[l].operations), String(s.byLevel[l].hits)]),
      ['discovery', String(s.discovery.operations), String(s.discovery.hits)],
    ],
    { align: ['l', 'r', 'r'] },
  );
  const requests =
    `Requests: ${s.requests} read, ${s.selected} selected, ${s.matched} matched, ` +
    `**${s.unmatched} unmatched**, ${plural(s.invalidLines, 'invalid line')}. ` +
    `Stable operations untested by conformance: **${s.stableUntested}**; deprecated: **${s.deprecated}**; ` +
    `removed in a later release: **${s.removedSoon}**.`;
  const spec = report.specs[0];
  const later = report.specs.slice(1).map((x) => mdText(x.kubernetesVersion, 20));
  const context =
    `Kubernetes ${mdText(report.kubernetesVersion, 30)}` +
    (spec ? ` (${spec.operations} operations in the spec)` : '') +
    (later.length ? `; later releases checked: ${later.join(', ')}` : '') +
    (report.conformance
      ? `; conformance data: ${mdText(report.conformance.release, 30)}`
      : '; no conformance data loaded') +
    '.';
  const out = [table, `${requests}<br>\n${context}`];
  if (reportUrl !== undefined) out.push(`**Full report:** ${mdLink('report', reportUrl)}`);
  return out.join(SEPARATOR);
}

function violationParts(report: Report): Part[] {
  const violations = [...report.verdict.violations].sort(
    (a, b) =>
      ruleRank(a.rule) - ruleRank(b.rule) ||
      b.hits - a.hits ||
      compareText(a.operationId, b.operationId) ||
      compareText(a.method, b.method),
  );
  if (violations.length === 0) return [];
  return [
    tablePart({
      name: 'violations',
      priority: 1,
      heading: `Violations (${violations.length})`,
      folded: false,
      header: ['operation', 'level', 'rule', 'why', 'hits', 'callers'],
      align: ['l', 'l', 'l', 'l', 'r', 'l'],
      rows: violations.map((v) => [
        operationCell(v),
        v.level,
        mdText(v.rule, 20),
        mdText(v.why),
        String(v.hits),
        listCell(v.callers),
      ]),
    }),
  ];
}

function untestedParts(report: Report): Part[] {
  const heading = 'Stable endpoints the app relies on that conformance tests do not cover';
  if (report.conformance === null) {
    return [textPart('conformance', 2, `### ${heading}\n\nNo conformance data was loaded for this analysis.`)];
  }
  const stable = report.operations.filter((o) => o.level === 'stable' && !o.discovery);
  const untested = stable.filter(isStableUntested).sort(byHitsThenId);
  const unknown = stable.filter((o) => o.conformanceTested === null).length;
  const unknownNote = unknown
    ? ` ${unknown} more stable operation${unknown === 1 ? ' has' : 's have'} no entry in the conformance data (watch and non-resource operations).`
    : '';
  if (untested.length === 0) {
    return [
      textPart(
        'untested',
        2,
        `### ${heading}\n\nNone: conformance tests cover all ${stable.length - unknown} stable operations with data.${unknownNote}`,
      ),
    ];
  }
  return [
    tablePart({
      name: 'untested stable endpoints',
      priority: 2,
      heading: `${heading} (${untested.length})`,
      folded: false,
      intro: `${untested.length} of ${stable.length} stable operations used have no conformance test (${mdText(report.conformance.release, 30)}).${unknownNote}`,
      header: ['operation', 'kind', 'hits', 'any e2e test', 'callers'],
      align: ['l', 'l', 'r', 'l', 'l'],
      rows: untested.map((o) => [
        operationCell(o),
        mdText(o.kind ?? ''),
        String(o.hits),
        yesNo(o.tested),
        listCell(o.userAgents),
      ]),
    }),
  ];
}

function riskParts(report: Report): Part[] {
  const heading = 'Deprecated, or removed in a later release';
  const atRisk = report.operations
    .filter(isAtRisk)
    .sort(
      (a, b) =>
        compareReleases(removedIn(a), removedIn(b)) ||
        b.hits - a.hits ||
        compareText(a.operationId, b.operationId),
    );
  if (atRisk.length === 0) {
    const later = report.specs.slice(1).map((s) => s.kubernetesVersion);
    const checked = later.length ? ` (releases checked: ${later.map((v) => mdText(v, 20)).join(', ')})` : '';
    return [
      textPart('deprecations', 3, `### ${heading}\n\nNothing the app uses is deprecated or removed${checked}.`),
    ];
  }
  return [
    tablePart({
      name: 'deprecations',
      priority: 3,
      heading: `${heading} (${atRisk.length})`,
      folded: false,
      header: ['operation', 'level', 'deprecated in', 'removed in', 'replacement', 'source', 'hits'],
      align: ['l', 'l', 'l', 'l', 'l', 'l', 'r'],
      rows: atRisk.map((o) => [
        operationCell(o),
        o.level,
        mdText(o.deprecation?.deprecatedIn ?? (o.deprecated ? 'yes' : ''), 20),
        mdText(removedIn(o) ?? '', 20),
        mdText(o.deprecation?.replacement ?? '', 80),
        mdText(o.deprecation?.source ?? (o.removedIn ? 'later-spec' : 'spec'), 20),
        String(o.hits),
      ]),
    }),
  ];
}

function unmatchedParts(report: Report): Part[] {
  const byCount = (a: Unmatched, b: Unmatched): number =>
    b.count - a.count || compareText(a.pattern, b.pattern) || compareText(a.verb, b.verb);
  // API paths (custom or aggregated APIs, unknown resources) carry group/version/resource; the rest do not.
  const api = report.unmatched.filter((u) => u.group !== undefined || u.version !== undefined).sort(byCount);
  const other = report.unmatched.filter((u) => u.group === undefined && u.version === undefined).sort(byCount);
  const sum = (list: Unmatched[]): number => list.reduce((n, u) => n + u.count, 0);
  const parts: Part[] = [];
  if (api.length > 0) {
    parts.push(
      tablePart({
        name: 'unmatched API requests',
        priority: 4,
        heading: `Unmatched API requests: custom, aggregated or unknown (${plural(api.length, 'pattern')}, ${plural(sum(api), 'request')})`,
        folded: true,
        header: ['group', 'version', 'resource', 'verb', 'pattern', 'reason', 'requests', 'user agents'],
        align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l'],
        rows: api.map((u) => [
          mdCode(u.group ?? ''),
          mdCode(u.version ?? ''),
          mdCode(u.resource ?? ''),
          mdCode(u.verb, 30),
          mdCode(u.pattern),
          u.reason,
          String(u.count),
          listCell(u.userAgents),
        ]),
      }),
    );
  }
  if (other.length > 0) {
    parts.push(
      tablePart({
        name: 'non-resource URLs',
        priority: 5,
        heading: `Non-resource URLs and other unmatched requests (${plural(other.length, 'pattern')}, ${plural(sum(other), 'request')})`,
        folded: true,
        header: ['pattern', 'verb', 'reason', 'requests', 'user agents'],
        align: ['l', 'l', 'l', 'r', 'l'],
        rows: other.map((u) => [mdCode(u.pattern), mdCode(u.verb, 30), u.reason, String(u.count), listCell(u.userAgents)]),
      }),
    );
  }
  return parts;
}

function operationsParts(report: Report): Part[] {
  const ops = [...report.operations].sort(
    (a, b) =>
      Number(a.discovery) - Number(b.discovery) ||
      levelRank(a.level) - levelRank(b.level) ||
      byHitsThenId(a, b),
  );
  if (ops.length === 0) return [];
  const hits = ops.reduce((n, o) => n + o.hits, 0);
  return [
    tablePart({
      name: 'operations',
      priority: 6,
      heading: `All operations used (${plural(ops.length, 'operation')}, ${plural(hits, 'request')})`,
      folded: true,
      header: ['operation', 'level', 'group/version', 'category', 'kind', 'action', 'hits', 'codes', 'conformance', 'callers'],
      align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l', 'l', 'l'],
      rows: ops.map((o) => [
        operationCell(o),
        o.level,
        mdText(groupVersion(o), 60),
        mdText(categoryName(o.category), 40),
        mdText(o.kind ?? '', 60),
        mdText(o.discovery ? 'discovery' : (o.action ?? ''), 30),
        String(o.hits),
        mdText(formatCodes(o.codes), 80),
        yesNo(o.conformanceTested),
        listCell(o.userAgents),
      ]),
    }),
  ];
}

function invalidParts(report: Report): Part[] {
  if (report.invalid.length === 0) return [];
  const invalid = [...report.invalid].sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return [
    tablePart({
      name: 'invalid lines',
      priority: 7,
      heading: `Invalid lines (${report.summary.invalidLines})`,
      folded: true,
      header: ['file', 'line', 'problem'],
      align: ['l', 'r', 'l'],
      rows: invalid.map((l) => [mdCode(l.file, 80), String(l.line), mdCode(l.message)]),
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Cells. Everything that can come from a log (paths, patterns, user agents, users, file names) goes into a code
// span: no HTML, no links, no @mentions, no emphasis can come out of it.

function operationCell(op: Pick<OperationUsage, 'operationId' | 'method' | 'path'>): string {
  return `${mdCode(op.operationId, 100)}<br>${mdCode(methodPath(op))}`;
}

function listCell(values: string[]): string {
  const shown = values.slice(0, CALLERS_SHOWN).map((v) => mdCode(v, 80));
  const more = values.length - shown.length;
  return shown.join('<br>') + (more > 0 ? `<br>+${more} more` : '');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function yesNo(value: boolean | null): string {
  return value === null ? '–' : value ? 'yes' : 'no';
}

function byHitsThenId(a: OperationUsage, b: OperationUsage): number {
  return b.hits - a.hits || compareText(a.operationId, b.operationId) || compareText(a.method, b.method);
}

// C0/C1 controls and Unicode line/paragraph separators would break a table row or hide text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Cuts to at most `max` code points, marking the cut; never splits a surrogate pair. */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Untrusted text as an inline code span. `inTable` escapes `|` as `\|`, which GitHub's table parser turns back into
 * `|` even inside code spans; outside a table the pipe is harmless and must stay as is.
 */
export function mdCode(value: string, max = CELL_MAX, inTable = true): string {
  let text = clip(value.replace(CONTROLS, ' ').trim(), max);
  if (text === '') return '';
  if (inTable) text = text.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space inside the fence; CommonMark strips one on each side.
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text meant to read as prose (engine wording, kinds, categories): every Markdown and HTML character is
 * backslash-escaped, and an @mention is broken with a zero-width space so a log cannot ping anyone.
 */
export function mdText(value: string, max = CELL_MAX): string {
  return clip(value.replace(CONTROLS, ' '), max)
    .replace(/[\\`*_{}[\]()<>#+!|~&$]/g, '\\$&')
    .replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, '$1@\u200b');
}

/**
 * Untrusted text inside an HTML block (a <summary> line), where Markdown escapes do not work: HTML-escaped, with the
 * characters Markdown would act on after the block as entities, and @mentions broken as in mdText.
 */
export function htmlText(value: string, max = CELL_MAX): string {
  return clip(value.replace(CONTROLS, ' '), max)
    .replace(/[&<>"'`[\]\\*_|]/g, (ch) => `&#${ch.codePointAt(0)};`)
    .replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, '$1@\u200b');
}

function mdLink(label: string, href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new TypeError(`renderMarkdown: reportUrl is not a URL: ${JSON.stringify(href)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`renderMarkdown: reportUrl must be http(s), got ${url.protocol}`);
  }
  // URL.href percent-encodes spaces, quotes and angle brackets; the <…> form keeps parentheses from ending the link.
  return `[${mdText(label)}](<${url.href}>)`;
}

function checkMarker(marker: string): string {
  const ok = marker.length >= 7 && marker.startsWith('<!--') && marker.endsWith('-->') && marker.indexOf('-->') === marker.length - 3 && !/[\r\n]/.test(marker);
  if (!ok) {
    throw new TypeError(`renderMarkdown: marker must be one HTML comment like <!-- apisnoop:comment -->, got ${JSON.stringify(marker)}`);
  }
  return marker;
}
