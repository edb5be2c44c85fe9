// A log of a newer cluster than the spec given: its requests of APIs the spec's release does not serve yet are
// unmatched, so no rule judges them. The hkerma log (a kubeadm cluster of about 1.24, reading autoscaling/v2 and
// flowcontrol v1beta2) against the spec kind 1.21 served shows it; the warning names them and what to check.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { sweepLines } from '../helpers/audit-verb.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { APISNOOP_TESTDATA, HKERMA_CSV, loadFixtureSpec, scratchDir, specPath } from '../helpers/fixtures.js';

let log: string;
beforeAll(() => {
  log = path.join(scratchDir('newer-api'), 'hkerma.log');
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
});

const analyse = async (spec: string, surface?: 'action'): Promise<{ report: Report; warnings: string[] }> => {
  const warnings: string[] = [];
  const report = await analyzeLogs({
    logs: [log],
    spec: specPath(spec),
    conformance: 'none',
    selection: { includeSystem: true },
    surface,
    onWarning: (w) => warnings.push(w),
  });
  return { report, warnings };
};

describe('a log of a newer cluster than the spec', () => {
  it('against 1.21: the requests of APIs a later release serves are counted and named, with what to check', async () => {
    const { report, warnings } = await analyse('1.21-served-kind');
    const newer = warnings.filter((w) => w.includes('does not serve and a later release does'));
    expect(newer).toHaveLength(1);
    // Independently: the unmatched rows of those group/versions.
    const rows = report.unmatched.filter((u) => u.reason === 'unknown-group-version' && (u.group === 'autoscaling' || u.group === 'flowcontrol.apiserver.k8s.io'));
    const count = rows.reduce((n, u) => n + u.count, 0);
    expect(count).toBeGreaterThan(100);
    expect(new Set(rows.map((u) => `${u.group}/${u.version}`))).toEqual(new Set(['autoscaling/v2', 'flowcontrol.apiserver.k8s.io/v1beta2']));
    expect(newer[0]).toMatch(new RegExp(`^${count} requests used Kubernetes APIs that Kubernetes 1\\.21 does not serve`));
    expect(newer[0]).toContain('autoscaling/v2 (1.28 serves it)');
    expect(newer[0]).toContain('flowcontrol.apiserver.k8s.io/v1beta2 (1.28 serves it)');
    expect(newer[0]).toContain('check --k8s-version or --spec');
    // Custom and aggregated APIs (cert-manager's, metrics) are no release's: not named.
    expect(report.unmatched.some((u) => u.group === 'metrics.k8s.io' || u.group?.endsWith('cert-manager.io'))).toBe(true);
    expect(newer[0]).not.toMatch(/cert-manager|metrics\.k8s\.io/);
  });

  it("in the Action, the inputs are named; against the log's own era (1.28), nothing is said", async () => {
    const { warnings } = await analyse('1.21-served-kind', 'action');
    expect(warnings.find((w) => w.includes('a later release does'))).toContain('check the kubernetes-version or spec input');
    const right = await analyse('1.28');
    expect(right.warnings.filter((w) => w.includes('a later release does'))).toEqual([]);
  });
});

describe('a log of resources only a later release serves, in group/versions the spec serves', () => {
  it("a request of each operation 1.34 added, against 1.33: each resource 1.33's group/versions lack is named, with 1.34", async () => {
    const [older, newer] = await Promise.all([loadFixtureSpec('1.33'), loadFixtureSpec('1.34')]);
    const had = new Set(older.operations.map((o) => `${o.method} ${o.path}`));
    const added = newer.operations.filter((o) => !had.has(`${o.method} ${o.path}`));
    const file = path.join(scratchDir('newer-resource'), 'added-in-1.34.log');
    writeFileSync(file, sweepLines(added, 'sweep').join('\n') + '\n');
    const warnings: string[] = [];
    const report = await analyzeLogs({ logs: [file], spec: specPath('1.33'), conformance: 'none', onWarning: (w) => warnings.push(w) });
    // The requests of a resource the spec's group/version lacks: unmatched, so that --fail-on removed,beta passed them.
    const rows = report.unmatched.filter((u) => u.reason === 'unknown-resource' || u.reason === 'unknown-group-version');
    const named = (u: (typeof rows)[number]): string =>
      `${u.group === '' ? '' : `${u.group}/`}${u.version}${u.reason === 'unknown-resource' ? ` ${u.resource}` : ''}`;
    const apis = [...new Set(rows.map(named))];
    expect(apis).toContain('storage.k8s.io/v1 volumeattributesclasses');
    expect(apis.filter((a) => a.includes(' ')).length).toBeGreaterThan(3);
    const newerApi = warnings.filter((w) => w.includes('does not serve and a later release does'));
    expect(newerApi).toHaveLength(1);
    const count = rows.reduce((n, u) => n + u.count, 0);
    const shown = apis.slice(0, 5).map((a) => `${a} (1.34 serves it)`).join(', ');
    expect(newerApi[0]).toContain(`${count} requests used Kubernetes APIs that Kubernetes 1.33 does not serve and a later release does: ${shown}, and ${apis.length - 5} more.`);
    // The one an audit of a 1.34 cluster found: its request alone is named.
    const vac = path.join(path.dirname(file), 'vac.log');
    writeFileSync(vac, sweepLines(added.filter((o) => o.path === '/apis/storage.k8s.io/v1/volumeattributesclasses' && o.method === 'get'), 'sweep').join('\n') + '\n');
    const one: string[] = [];
    await analyzeLogs({ logs: [vac], spec: specPath('1.33'), conformance: 'none', onWarning: (w) => one.push(w) });
    expect(one.filter((w) => w.includes('a later release does'))).toEqual([
      '1 request used Kubernetes APIs that Kubernetes 1.33 does not serve and a later release does: storage.k8s.io/v1 volumeattributesclasses (1.34 serves it). The log may be of a newer cluster: check --k8s-version or --spec; until then these requests are unmatched, and no rule judges them',
    ]);
    // Against 1.34 itself, they are all matched, and nothing is said.
    const right: string[] = [];
    await analyzeLogs({ logs: [file], spec: specPath('1.34'), conformance: 'none', onWarning: (w) => right.push(w) });
    expect(right.filter((w) => w.includes('a later release does'))).toEqual([]);
  });
});

describe('a group/version a later release serves, but not for the resource requested', () => {
  it('networking.k8s.io/v1beta1 ingresses against 1.13: 1.31 serves the group/version (IP addresses), not ingresses, and is not named for them', async () => {
    // The Ingress list a 1.21 cluster served, and an IPAddress list of 1.31's: both are of a group/version 1.13 lacks.
    const [kind121, spec131] = await Promise.all([loadFixtureSpec('1.21-served-kind'), loadFixtureSpec('1.31')]);
    const ingresses = kind121.operations.filter((o) => o.operationId === 'listNetworkingV1beta1NamespacedIngress');
    const addresses = spec131.operations.filter((o) => o.operationId === 'listNetworkingV1beta1IPAddress');
    expect([ingresses.length, addresses.length]).toEqual([1, 1]);
    const file = path.join(scratchDir('newer-resource'), 'ingress-v1beta1.log');
    writeFileSync(file, [...sweepLines(ingresses, 'myapp/1.0'), ...sweepLines(addresses, 'myapp/1.0').map((l) => l.replace('"audit-0"', '"audit-1"'))].join('\n') + '\n');
    const warnings: string[] = [];
    const report = await analyzeLogs({ logs: [file], kubernetesVersion: '1.13', conformance: 'none', onWarning: (w) => warnings.push(w) });
    expect(report.unmatched.map((u) => [u.reason, u.resource]).sort()).toEqual([
      ['unknown-group-version', 'ingresses'],
      ['unknown-group-version', 'ipaddresses'],
    ]);
    // It said "networking.k8s.io/v1beta1 (1.31 serves it)" of both: 1.31 serves no Ingress of that version (gone in 1.22).
    expect(warnings.filter((w) => w.includes('does not serve'))).toEqual([
      '1 request used Kubernetes APIs that Kubernetes 1.13 does not serve and a later release does: networking.k8s.io/v1beta1 (1.31 serves it). ' +
        '1 request used Kubernetes APIs that Kubernetes 1.13 does not serve and no later shipped release does, though one serves their group/version: ' +
        'networking.k8s.io/v1beta1 ingresses (1.31 serves networking.k8s.io/v1beta1, but not ingresses). ' +
        'The log may be of a newer cluster: check --k8s-version or --spec; until then these requests are unmatched, and no rule judges them',
    ]);
  });
});

describe('a resource the release serves, on a path of the wrong shape', () => {
  it('nodes under a namespace, an extra segment after pods/log, a legacy proxy path: unmatched, but no newer cluster is suggested', async () => {
    // APISnoop's own test event (a node read), its path bent three ways; 1.33 serves nodes and pods/log.
    const event = JSON.parse(readFileSync(path.join(APISNOOP_TESTDATA, 'audit_event.json'), 'utf8')) as Record<string, unknown>;
    const bent = ['/api/v1/namespaces/default/nodes/n1', '/api/v1/namespaces/default/pods/p1/log/extra', '/api/v1/proxy/nodes/n1/stats'];
    const file = path.join(scratchDir('newer-resource'), 'wrong-shape.log');
    writeFileSync(file, bent.map((uri, i) => JSON.stringify({ ...event, auditID: `bent-${i}`, requestURI: uri, objectRef: undefined })).join('\n') + '\n');
    for (const release of ['1.28', '1.33']) {
      const warnings: string[] = [];
      const report = await analyzeLogs({ logs: [file], kubernetesVersion: release, conformance: 'none', selection: { includeSystem: true }, onWarning: (w) => warnings.push(w) });
      const rows = report.unmatched.filter((u) => u.reason === 'unknown-resource');
      expect(rows.reduce((n, u) => n + u.count, 0)).toBe(3);
      // It said "v1 nodes (1.34 serves it)", "v1 pods/log (1.34 serves it)" against 1.33 (1.30 against 1.28).
      expect(warnings.filter((w) => w.includes('does not serve'))).toEqual([]);
    }
  });
});
