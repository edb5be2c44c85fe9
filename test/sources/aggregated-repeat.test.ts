// An aggregated API server (metrics-server) audits the requests the kube-apiserver hands on to it, under the same
// auditID: its log given beside the kube-apiserver's holds them again. The warning names that cause and its fix, not
// logs that overlap, whichever path reads them, and rbac says it alike.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { repeatedFinalsWarning } from '../../src/engine/audit.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { aggregatedRepeatOf } from '../../src/sources/aggregated-repeat.js';
import { AUDIT2RBAC_2017, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('aggregated-repeat');
const opts = { kubernetesVersion: '1.30', conformance: 'none' as const, selection: { includeSystem: true } };

interface Ev {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  objectRef?: Record<string, string>;
  sourceIPs?: string[];
  timestamp: string;
}

/**
 * The real log, its lists of pods made lists of pod metrics (as `kubectl top pods` asks), and what the metrics server
 * logged of them: the same events, under the same auditIDs, written by that server (which the kube-apiserver's
 * proxy reached from its own address, added to the sources).
 */
function logs(group = 'metrics.k8s.io', name = 'metrics-server'): { kube: string; metrics: string; again: Ev[]; events: Ev[] } {
  const events = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
  const proxied = (e: Ev): boolean => e.verb === 'list' && e.requestURI.startsWith('/api/v1/namespaces/default/pods');
  const asMetrics = (e: Ev): Ev =>
    proxied(e)
      ? { ...e, requestURI: e.requestURI.replace('/api/v1/', `/apis/${group}/v1beta1/`), objectRef: { ...e.objectRef, apiGroup: group, apiVersion: 'v1beta1' } }
      : e;
  const kube = events.map(asMetrics);
  const again = kube.filter((e) => e.requestURI.startsWith(`/apis/${group}/`)).map((e) => ({ ...e, sourceIPs: [...(e.sourceIPs ?? []), '10.96.0.1'] }));
  mkdirSync(dir, { recursive: true });
  const text = (es: Ev[]): string => es.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const k = path.join(dir, 'kube-apiserver-audit.log');
  const m = path.join(dir, `${name}-audit.log`);
  writeFileSync(k, text(kube));
  writeFileSync(m, text(again));
  return { kube: k, metrics: m, again, events: kube };
}

async function analyze(logs: string[], s: Partial<AnalyzeSettings> = {}): Promise<string[]> {
  const warnings: string[] = [];
  await analyzeLogs({ logs, ...opts, ...s, onWarning: (w) => warnings.push(w) });
  return warnings.filter((w) => w.includes('came again'));
}

describe("an aggregated API server's log beside the kube-apiserver's", () => {
  it('the requests it holds again are said to be of an aggregated API, with the fix, on every path and by rbac', async () => {
    const { kube, metrics, again } = logs();
    const finals = again.filter((e) => e.stage === 'ResponseComplete');
    expect(finals.length).toBeGreaterThan(5);
    // The kube-apiserver's log is read first (both start together: the order given); the metrics server's repeats.
    const first = { file: metrics, line: again.indexOf(finals[0]) + 1, value: finals[0].auditID };
    const aggregated = { group: 'metrics.k8s.io', log: metrics };
    expect(await aggregatedRepeatOf({ count: finals.length, first }, [kube, metrics])).toEqual(aggregated);
    const said = repeatedFinalsWarning({ count: finals.length, first }, 2, aggregated);
    expect(said).toContain(
      'the first is a request of metrics.k8s.io, an API group Kubernetes does not serve built in: an aggregated API server (metrics-server, a custom metrics adapter) ' +
        "audits the requests the kube-apiserver hands on to it, under the same auditID, so its log beside the kube-apiserver's holds them again: " +
        `leave the aggregated server's log, ${metrics}, out, give only the kube-apiserver's logs.`,
    );
    for (const run of [{}, { jobs: 2, parallelMinBytes: 0 }, { fast: false }]) expect(await analyze([kube, metrics], run)).toEqual([said]);
    const told: string[] = [];
    await rbacFromLogs({ logs: [kube, metrics], user: 'bob', onWarning: (w) => told.push(w) });
    expect(told.filter((w) => w.includes('came again'))).toEqual([said]);
    // A request of a built-in group that comes again is logs that overlap, as before.
    const rbacRequest = readFileSync(kube, 'utf8').split('\n').findIndex((l) => l.includes('/apis/rbac.authorization.k8s.io/'));
    const value = (JSON.parse(readFileSync(kube, 'utf8').split('\n')[rbacRequest]!) as Ev).auditID;
    expect(await aggregatedRepeatOf({ count: 1, first: { file: kube, line: rbacRequest + 1, value } }, [metrics, kube])).toBeNull();
  });

  it("a kube-apiserver's log saved twice, custom resources' requests first where they overlap, is said to overlap", async () => {
    // cert-manager.io is served by a CRD: not built in, but the kube-apiserver's own log holds it beside the rest.
    const { events } = logs('cert-manager.io', 'cert-manager');
    const s = events.findIndex((e) => e.stage === 'ResponseComplete' && e.requestURI.startsWith('/apis/cert-manager.io/'));
    const text = (es: Ev[]): string => es.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const saved = path.join(dir, 'kube-saved.log');
    const savedAgain = path.join(dir, 'kube-saved-again.log');
    writeFileSync(saved, text(events.slice(0, s + 40)));
    writeFileSync(savedAgain, text(events.slice(s)));
    const first = { file: savedAgain, line: 1, value: events[s].auditID };
    expect(await aggregatedRepeatOf({ count: 1, first }, [saved, savedAgain])).toBeNull();
    const said = await analyze([saved, savedAgain]);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`${savedAgain}:1: a request came again`);
    expect(said[0]).toContain('do two of the logs overlap');
    expect(said[0]).not.toContain('an aggregated API server');
    // Saved first with a policy that kept only cert-manager.io's requests: a log of one group not built in, read
    // first, but its events are the very ones read again, not an aggregated server's own.
    const onlyCrd = path.join(dir, 'kube-saved-crd-only.log');
    writeFileSync(onlyCrd, text(events.slice(0, s + 1).filter((e) => e.requestURI.startsWith('/apis/cert-manager.io/'))));
    expect(await aggregatedRepeatOf({ count: 1, first }, [onlyCrd, savedAgain])).toBeNull();
    const crdFirst = await analyze([onlyCrd, savedAgain]);
    expect(crdFirst).toHaveLength(1);
    expect(crdFirst[0]).toContain('do two of the logs overlap');
    expect(crdFirst[0]).not.toContain('an aggregated API server');
    // Both logs of only cert-manager.io's requests (a policy that audits one app's groups), saved twice: the second
    // holds only a group not built in, but the same writing of each event: an overlap (a review found the
    // aggregated wording here, naming the second log to leave out).
    const crdAgain = path.join(dir, 'kube-saved-crd-only-again.log');
    writeFileSync(crdAgain, text(events.slice(s).filter((e) => e.requestURI.startsWith('/apis/cert-manager.io/'))));
    expect(await aggregatedRepeatOf({ count: 1, first: { ...first, file: crdAgain } }, [onlyCrd, crdAgain])).toBeNull();
    const bothCrd = await analyze([onlyCrd, crdAgain]);
    expect(bothCrd).toHaveLength(1);
    expect(bothCrd[0]).toContain('do two of the logs overlap');
    expect(bothCrd[0]).not.toContain('an aggregated API server');
  });

  it("read first (its log starts before the kube-apiserver's), the aggregated server's log is the one named to leave out", async () => {
    const { metrics, again, events } = logs();
    const from = events.findIndex((e) => e.timestamp > again[0].timestamp);
    const kubeLater = path.join(dir, 'kube-apiserver-later.log');
    writeFileSync(kubeLater, events.slice(from).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const said = await analyze([kubeLater, metrics]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^${kubeLater}:\\d+: a request came again`));
    expect(said[0]).toContain(`a request of metrics.k8s.io, an API group Kubernetes does not serve built in`);
    expect(said[0]).toContain(`leave the aggregated server's log, ${metrics}, out, give only the kube-apiserver's logs.`);
  });

  it("the aggregated server's log from its container (CRI prefix, Docker json-file records) is told the same", async () => {
    const { kube, metrics } = logs();
    const plain = readFileSync(metrics, 'utf8').split('\n').filter(Boolean);
    const cri = path.join(dir, 'metrics-server-cri.log');
    const docker = path.join(dir, 'metrics-server-docker.log');
    writeFileSync(cri, plain.map((l) => `2017-09-11T19:55:05.000000000Z stdout F ${l}`).join('\n') + '\n');
    writeFileSync(docker, plain.map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: '2017-09-11T19:55:05.000000000Z' })).join('\n') + '\n');
    for (const wrapped of [cri, docker]) {
      const said = await analyze([kube, wrapped]);
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`leave the aggregated server's log, ${wrapped}, out`);
    }
  });
});
