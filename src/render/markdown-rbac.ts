// Least privilege in report.md: a line per judged identity in the verdict block, and one folded section per identity
// after it. Its tables share one row budget, in order of importance (over-grants, denials, requests the manifests do
// not grant), then the needed RBAC as YAML, which is shown whole or not at all (half a YAML document is worse than
// none).
import { markdownTable } from 'markdown-table';
import { identityText, keptUnaudited, type RbacComparison, rulesCount, withKept } from '../engine/rbac.js';
import type { Report } from '../engine/report.js';
import type { ObjectRef } from '../engine/rbac/objects.js';
import { htmlText, mdCode, mdText, plural, visibleBidi } from './markdown-cells.js';
import { FOLDED_FIRST_SHARE, MORE_ROWS, type Part, SEPARATOR } from './markdown-layout.js';
import { groupText, keptRulesText, observedYaml, qualifiedName, REFUSED_AFTER_AUTHORIZATION, refusedText, roleUsageText, ruleText, sourceText, UNAUDITED_TEXT, unservedText, withoutResponseText } from './rbac.js';

// Identities named in the verdict block, which is never cut: a chart with many service accounts gets a count.
const RBAC_VERDICTS_SHOWN = 5;

export function rbacVerdictLines(report: Report): string[] {
  const judged = (report.rbac ?? []).filter((c) => c.verdict !== null);
  // Failures first: they are why the heading says fail.
  judged.sort((a, b) => Number(a.verdict!.pass) - Number(b.verdict!.pass));
  const lines = judged.slice(0, RBAC_VERDICTS_SHOWN).map((c) => {
    const v = c.verdict!;
    const n = plural(v.overGrants, 'over-grant');
    const unjudged = v.cannotJudge ?? [];
    if (unjudged.length > 0) {
      // The first reason names the role and how to give it; the intro of the identity's section lists the others.
      const more = unjudged.length > 1 ? ` (and ${unjudged.length - 1} more binding${unjudged.length === 2 ? '' : 's'})` : '';
      return `**Least privilege: fail.** ${mdCode(identityText(c.identity), 80, false)}: ${n}; ${mdText(unjudged[0], 400)}${more} (fail on **overprivileged**).`;
    }
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
const WHY_MAX = 240;
const NOTES_SHOWN = 3;

/** `file`: where the rows left out are, as MORE_ROWS says it. */
export function rbacParts(report: Report, file?: string): Part[] {
  return (report.rbac ?? []).map((c) => rbacPart(c, file));
}

interface RowBlock {
  heading: string;
  header: string[];
  align: Array<'l' | 'r' | 'c'>;
  rows: string[][];
}

function rbacPart(c: RbacComparison, file: string | undefined): Part {
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
      // Counted in requests, as the summary above says them ("4 denied"), not in rows (kinds of request).
      heading: `Denied (403), the app asked for more than it had (${plural(c.denied.reduce((n, d) => n + d.count, 0), 'request')})`,
      header: ['request', 'denied', 'allowed elsewhere in the log'],
      align: ['l', 'r', 'r'],
      rows: c.denied.map((d) => [mdCode(groupText(d)), String(d.count), String(d.allowed)]),
    });
  }
  // Absent in reports written before it was added.
  const refused = c.requests.refusedAfterAuthorization ?? [];
  if (refused.length > 0) {
    blocks.push({
      heading: `403 after the authorizer allowed the verb (${refused.length}): ${REFUSED_AFTER_AUTHORIZATION}`,
      header: ['request', 'refused', 'what it may also need'],
      align: ['l', 'r', 'l'],
      rows: refused.map((x) => [mdCode(refusedText(x)), String(x.count), x.hint ? mdText(x.hint, WHY_MAX) : '']),
    });
  }
  // Absent in reports written before it was added, and when there are none.
  const before = c.requests.refusedBeforeAuthorization ?? [];
  if (before.length > 0) {
    blocks.push({
      heading: `403 before the authorizer was asked (${before.length}): the impersonation filter refused an impersonation`,
      header: ['request', 'refused', 'what it needs'],
      align: ['l', 'r', 'l'],
      rows: before.map((x) => [mdCode(refusedText(x)), String(x.count), x.hint ? mdText(x.hint, WHY_MAX) : '']),
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
      if (n < b.rows.length) body.push(MORE_ROWS(b.rows.length - n, file));
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
  const refusedCount = (r.refusedAfterAuthorization ?? []).reduce((n, x) => n + x.count, 0);
  const lines: string[] = [];
  lines.push(
    r.total === 0
      ? `No request by ${mdCode(c.identity.username, 120, false)} in the audit log: whatever it is granted, it never used (if the app runs as another identity, name that one).`
      : `Requests by ${mdCode(c.identity.username, 120, false)}: ${r.total}, ${r.denied} denied, ${r.allowedByDefault} allowed by the cluster's default roles (discovery, self reviews)` +
          `${refusedCount ? `, ${refusedCount} allowed by the authorizer, then refused (listed below)` : ''}.`,
  );
  // Absent in reports written before it was added, and when every request had its response.
  if (r.withoutResponse) lines.push(`${withoutResponseText(r.withoutResponse)}.`);
  const g = c.granted;
  if (!g) {
    lines.push('No manifests were given, so what it was granted is unknown: only what it needs and what was denied are shown.');
  } else {
    const files = g.sources.length === 1 ? mdCode(g.sources[0], 120, false) : `${g.sources.length} manifest files`;
    // Named as the lines below name it (a Role with its namespace); what no audit log shows is said there, once.
    const roles = g.roles.slice(0, NOTES_SHOWN).map((u) => `${mdText(u.role.kind, 20)} ${mdCode(qualifiedName(u.role), 80, false)} (${roleUsageText(u, '', true)})`);
    const more = g.roles.length > NOTES_SHOWN ? ` and ${g.roles.length - NOTES_SHOWN} more` : '';
    lines.push(
      `Granted by ${files}, wildcards expanded against Kubernetes ${mdText(g.spec.kubernetesVersion, 20)}: ` +
        (g.roles.length === 0 ? 'no role is bound to it.' : `${roles.join(', ')}${more}.`),
    );
    for (const u of g.unresolved.slice(0, NOTES_SHOWN)) {
      lines.push(`${mdText(u.binding.kind, 20)} ${mdCode(u.binding.name, 80, false)} refers to ${mdText(u.roleRef.kind, 20)} ${mdCode(u.roleRef.name, 80, false)}, which the manifests do not hold: its rules are unknown.`);
    }
    if (g.unresolved.length > NOTES_SHOWN) lines.push(`${g.unresolved.length - NOTES_SHOWN} more bindings refer to roles the manifests do not hold.`);
    // Grants the release cannot use: on API groups it does not serve, on resources of those it serves, and on
    // resources no release serves (a typo, which apisnoop rbac and the page say too; the over-grants list it); and
    // grants whose use no audit log shows, not judged.
    const release = mdText(g.spec.kubernetesVersion, 20);
    const unservedParts: Array<['API group' | 'resource' | 'typo' | 'unaudited', Array<{ role: ObjectRef; names: string[] }>]> = [
      ['API group', (g.unservedGroups ?? []).map((x) => ({ role: x.role, names: x.groups }))],
      ['resource', (g.unservedResources ?? []).map((x) => ({ role: x.role, names: x.resources }))],
      ['typo', (g.unknownResources ?? []).map((x) => ({ role: x.role, names: x.resources }))],
      ['unaudited', (g.unauditedResources ?? []).map((x) => ({ role: x.role, names: x.resources }))],
    ];
    for (const [what, unserved] of unservedParts) {
      if (unserved.length === 0) continue;
      const names = [...new Set(unserved.flatMap((x) => x.names))].sort();
      const roles = [...new Map(unserved.map((x) => [`${x.role.kind}\u0000${qualifiedName(x.role)}`, x.role])).values()];
      const named = roles.slice(0, NOTES_SHOWN).map((r) => `${mdText(r.kind, 20)} ${mdCode(qualifiedName(r), 80, false)}`).join(', ');
      const shown = names.map((x) => mdCode(x, 80, false)).join(', ');
      const one = unserved.length === 1;
      lines.push(
        `${plural(unserved.length, 'rule')} of ${named}${roles.length > NOTES_SHOWN ? ` and ${roles.length - NOTES_SHOWN} more` : ''} ` +
          (what === 'typo'
            ? `${one ? 'names' : 'name'} ${shown}, not in Kubernetes ${release} nor in any release shipped: a typo grants nothing.`
            : what === 'unaudited'
              ? `${one ? 'grants' : 'grant'} on ${shown}, ${UNAUDITED_TEXT}.`
              : `${one ? 'grants' : 'grant'} on ${shown}, ${unservedText(names, release, what)}.`),
      );
    }
  }
  if (c.verdict) {
    const unjudged = (c.verdict.cannotJudge ?? []).length;
    const why = unjudged > 0 ? ` (${plural(unjudged, 'binding')} to roles the manifests do not hold: the grant cannot be judged)` : '';
    lines.push(`Policy: fail on **overprivileged** above ${plural(c.verdict.threshold, 'over-grant')}: **${c.verdict.pass ? 'pass' : 'fail'}**${why}.`);
  }
  return lines.join('<br>\n');
}

/** The needed RBAC in a nested fold, and what stands in for it when it does not fit. */
function yamlFold(c: RbacComparison): { whole: string; leftOut: string } {
  // The YAML holds names from the log: no control character may reach the page (a bidi control is shown, as in every
  // cell), and no run of backticks in it can close the fence early.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point (newlines stay)
  const text = visibleBidi(observedYaml(c).replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')).trimEnd();
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  // With the grants kept from the manifests, counted apart: the YAML carries them, marked.
  const kept = keptUnaudited(c.granted);
  const all = withKept(c.observed, kept);
  const keptText = rulesCount(kept) > 0 ? ` (with ${keptRulesText(rulesCount(kept))})` : '';
  const what = `The RBAC it needs: ${plural(rulesCount(all), 'rule')}${keptText}, ${plural(all.roles.length, 'namespaced Role')}`;
  return {
    whole: `<details>\n<summary>${what}, as YAML</summary>\n\n${fence}yaml\n${text}\n${fence}\n\n</details>`,
    leftOut: `_${what}: left out to fit; \`apisnoop rbac\` prints it as YAML._`,
  };
}
