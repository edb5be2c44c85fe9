// How the page writes numbers and cuts text from the log.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { violationCallers } from '../../src/render/format.js';
import { callerName, callers, callersText, clipText, counted, eligibleText, percent, soonestRemoval, soonestRemovalText } from '../../src/web/page/format.js';
import { deriveRemovedApiLog } from '../helpers/derived-logs.js';
import { analyzeLines, AUDIT2RBAC_V1, loadFixtureSpec, readLines, specPath } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

describe('the Conformance view: eligible, and counts', () => {
  it('a beta or alpha endpoint is not eligible (conformance covers GA only); a stable one as the data says', () => {
    expect(eligibleText({ level: 'beta', conformanceTested: false })).toBe('no: beta');
    expect(eligibleText({ level: 'alpha', conformanceTested: null })).toBe('no: alpha');
    expect(eligibleText({ level: 'stable', conformanceTested: false, conformanceIneligible: 'optional feature' })).toBe('no: optional feature');
    expect(eligibleText({ level: 'stable', conformanceTested: false })).toBe('yes');
    expect(eligibleText({ level: 'stable', conformanceTested: null })).toBe('');
  });

  it('one hit, two hits', () => {
    expect([counted(1, 'hit'), counted(0, 'hit'), counted(1234, 'hit'), counted(1, 'endpoint')]).toEqual(['1 hit', '0 hits', '1,234 hits', '1 endpoint']);
  });
});

describe('percent', () => {
  it('rounds, but never to 0% or 100% unless it is', () => {
    expect([percent(0, 5), percent(1, 2), percent(200, 200), percent(2, 3)]).toEqual(['0%', '50%', '100%', '67%']);
    // For conformance people the difference between 199 of 200 and all of them is the point.
    expect([percent(199, 200), percent(995, 1000), percent(1, 300), percent(1, 201)]).toEqual(['>99%', '>99%', '<1%', '<1%']);
    expect(percent(3, 0)).toBe('–');
  });
});

describe('clipText', () => {
  it('cuts text from the log to 160 characters, never inside a surrogate pair', () => {
    expect(clipText('kubectl/v1.36.0')).toBe('kubectl/v1.36.0');
    const long = 'a'.repeat(5000);
    expect(clipText(long)).toBe('a'.repeat(159) + '…');
    expect(Array.from(clipText('😀'.repeat(300)))).toHaveLength(160);
  });

  it('after a whole word; in a browser without Intl.Segmenter too, then between code points', async () => {
    const agents = 'kubectl/v1.36.0 (linux/amd64) kubernetes/abc1234, '.repeat(4);
    expect(clipText(agents)).toBe(`${agents.slice(0, agents.lastIndexOf(' ', 159)).replace(/,$/, '')}…`);
    vi.stubGlobal('Intl', Object.assign(Object.create(Intl) as typeof Intl, { Segmenter: undefined }));
    vi.resetModules();
    try {
      const old = await import('../../src/web/page/format.js');
      expect(old.clipText(agents)).toBe(clipText(agents));
      expect(Array.from(old.clipText('😀'.repeat(300)))).toHaveLength(160);
      expect(old.clipText('e\u0301'.repeat(100))).toBe('e\u0301'.repeat(79) + 'e…');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('callers of requests without a user agent', () => {
  it('the users stand in for the "(none)" of report.json: in the callers of an endpoint and of a violation', async () => {
    const spec113 = await loadFixtureSpec('1.13');
    // The removed APIs of the 2017 audit2rbac log, whose events have no userAgent.
    const report = analyzeLines(deriveRemovedApiLog(), { spec: spec113, policy: { failOn: ['removed'] }, selection: { includeSystem: true } });
    const v = report.verdict.violations[0];
    expect(v.callers).toEqual(['(none)']);
    const op = report.operations.find((o) => o.operationId === v.operationId && o.method === v.method)!;
    expect(op.users.length).toBeGreaterThan(0);
    // The endpoint's callers are named as the violation's: each user marked as one.
    expect(callers(op).map(callerName)).toEqual(op.users.map((u) => `user ${u}`));
    expect(callersText(violationCallers(report)(v))).toBe(op.users.map((u) => `user ${u}`).join(', '));
    // Callers with user agents read as before; a violation whose operation the report lacks keeps its "(none)".
    expect(callers({ userAgents: ['helm/v3', '(none)'], users: [] }).map(callerName)).toEqual(['helm/v3', '(none)']);
    expect(callers({ userAgents: ['helm/v3'], users: ['alice'] }).map(callerName)).toEqual(['helm/v3', 'user alice']);
    expect(callersText(violationCallers({ operations: [] })({ ...v, callersTruncated: true }))).toBe('(none), and others');
  });
});

describe('the soonest removal, for the deprecated card', () => {
  it('names the first release after the one analysed that removes endpoints used, how many, and how many go later', async () => {
    const spec113 = await loadFixtureSpec('1.13');
    // The removed APIs of the 2017 audit2rbac log: rbac v1beta1, whose audit annotation says removed in 1.22.
    const report = analyzeLines(deriveRemovedApiLog(), { spec: spec113, selection: { includeSystem: true } });
    const next = soonestRemoval(report)!;
    expect(soonestRemovalText(next)).toBe('removed in 1.22: 4');
    // An earlier removal among them comes first; one already gone from the release analysed (an earlier release's
    // operation, which the spec no longer serves: summary.removedAlready) is no next removal.
    const ops = structuredClone(report.operations).filter((o) => o.removedIn !== null);
    ops[0]!.removedIn = '1.16';
    ops[1]!.removedIn = '1.13';
    ops[1]!.lastServedIn = '1.12';
    expect(soonestRemovalText(soonestRemoval({ ...report, operations: ops })!)).toBe('removed in 1.16: 1 · 2 more later');
    // Only bounded by the releases checked (last served in 1.13, the next checked 1.28): gone by then, as the table says.
    ops[0]!.deprecation = { source: 'later-spec', lastServedIn: '1.13' };
    ops[0]!.removedIn = '1.28';
    expect(soonestRemovalText(soonestRemoval({ ...report, operations: ops })!)).toBe('removed in 1.22: 2 · 1 more later');
    ops[2]!.removedIn = '1.28';
    ops[3]!.removedIn = '1.28';
    ops[2]!.deprecation = ops[3]!.deprecation = { source: 'later-spec', lastServedIn: '1.13' };
    expect(soonestRemovalText(soonestRemoval({ ...report, operations: ops })!)).toBe('gone by 1.28: 3');
    expect(soonestRemoval({ ...report, operations: report.operations.filter((o) => o.removedIn === null) })).toBeNull();
  });

  it('is none for an endpoint deprecated with no removal named (the /watch/ paths), which the card said was "removed in null"', async () => {
    // audit2rbac's v1 log, its pod lists made through the deprecated /watch/ paths, as an old client-go makes them:
    // deprecated by the spec, never removed.
    const lines = readLines(AUDIT2RBAC_V1).map((line) => {
      const e = JSON.parse(line) as { requestURI: string; verb: string };
      if (e.verb !== 'list' || !/^\/api\/v1\/namespaces\/[^/]+\/pods(\?|$)/.test(e.requestURI)) return line;
      return JSON.stringify({ ...e, verb: 'watch', requestURI: e.requestURI.replace('/api/v1/', '/api/v1/watch/') });
    });
    const report = analyzeLines(lines, { spec: await loadFixtureSpec('1.28') });
    const watch = report.operations.find((o) => o.operationId === 'watchCoreV1NamespacedPodList')!;
    expect(watch).toMatchObject({ deprecated: true, removedIn: null, deprecation: { source: 'spec' } });
    expect(report.summary.removedSoon).toBe(0);
    expect(soonestRemoval(report)).toBeNull();
    // With a removal besides it, the card dates that one alone.
    const removal = { ...report.operations.find((o) => o !== watch && !o.discovery)!, removedIn: '1.32', deprecated: true };
    expect(soonestRemovalText(soonestRemoval({ ...report, operations: [watch, removal] })!)).toBe('removed in 1.32: 1');
  });

  it('of a spec that names no release (upstream swagger.json, "unversioned"): every removal dated is to come, as the summary counts them', async () => {
    // The removed APIs of the 2017 audit2rbac log against kind's 1.21 spec saved without its release: Pluto's table,
    // whose entries are dated, is not applied to it; the apiserver's annotations date rbac v1beta1's removal (1.22).
    // The card said 'none removed later' under "4 / 4" when such removals were counted.
    const dir = scratchDir('soonest-removal');
    const log = path.join(dir, 'removed-apis.log');
    writeFileSync(log, deriveRemovedApiLog().join('\n') + '\n');
    const doc = JSON.parse(gunzipSync(readFileSync(specPath('swagger-1.21-served-kind.json.gz'))).toString('utf8')) as { info: { version?: string } };
    delete doc.info.version;
    const spec = path.join(dir, 'swagger.json');
    writeFileSync(spec, JSON.stringify(doc));
    const report = await analyzeLogs({ logs: [log], spec, conformance: 'none', selection: { includeSystem: true }, policy: { failOn: [] } });
    expect(report.kubernetesVersion).toBe('unknown');
    expect(report.summary.removedSoon).toBe(4);
    expect(soonestRemovalText(soonestRemoval(report)!)).toBe('removed in 1.22: 4');
  });

  it("dates the removals the card counts (summary.removedSoon): one the log's apiserver dates at the release analysed, whose spec still serves it, too", async () => {
    // The removed APIs of the 2017 audit2rbac log (rbac v1beta1 clusterrolebindings annotated k8s.io/removed-release
    // 1.22, as a 1.19-1.21 apiserver annotates them), against kind's 1.21 spec saved without its release and given
    // as 1.22 (--k8s-version names the release of a spec that names none): the annotation dates their removal at
    // 1.22, the spec serves them. The card said "4 / 8 · 4 already gone from 1.22 · removed in 1.25: 4", the four
    // rbac v1beta1 operations, counted and dated 1.22 in the table, in none of its figures.
    const dir = scratchDir('soonest-removal-served');
    const log = path.join(dir, 'removed-apis.log');
    writeFileSync(log, deriveRemovedApiLog().join('\n') + '\n');
    const doc = JSON.parse(gunzipSync(readFileSync(specPath('swagger-1.21-served-kind.json.gz'))).toString('utf8')) as { info: { version?: string } };
    delete doc.info.version;
    const spec = path.join(dir, 'cluster-openapi.json');
    writeFileSync(spec, JSON.stringify(doc));
    const report = await analyzeLogs({ logs: [log], spec, kubernetesVersion: '1.22', conformance: 'none', selection: { includeSystem: true }, policy: { failOn: [] } });
    expect(report.kubernetesVersion).toBe('1.22');
    const annotated = report.operations.filter((o) => o.deprecation?.source === 'audit-annotation');
    expect(annotated.map((o) => [o.removedIn, o.lastServedIn])).toEqual(Array(4).fill(['1.22', undefined]));
    const { removedSoon, removedAlready } = report.summary;
    expect([removedSoon, removedAlready]).toEqual([8, 4]);
    const next = soonestRemoval(report)!;
    // The card's note adds up to its count: as many dated removals to come as summary.removedSoon counts.
    expect(next.operations + next.later).toBe(removedSoon);
    expect(soonestRemovalText(next)).toBe('removed in 1.22 (this release): 4 · 4 more later');
  });
});
