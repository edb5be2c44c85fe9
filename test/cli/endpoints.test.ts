// `apisnoop endpoints --spec swagger-1.36.json.gz --json` against APISnoop's coverage-1.36.0.json.gz: the proof the
// issue asks for, run through the real CLI. The disagreement classes are documented in docs/classification.md.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchClusterSpec } from '../../src/analyze.js';
import { operationsOf } from '../../src/engine/spec.js';
import { parseStdout, runCli, type CliResult } from '../helpers/cli.js';
import { apisnoopCoverage, compareWithApisnoop, type EndpointRow } from '../helpers/classification.js';
import { AUDIT2RBAC_V1, fixture, readFixtureJson, readSpecDocument, repoRoot, scratchDir, specPath, writeServedSpec } from '../helpers/fixtures.js';
import { withFirstOnPath } from '../helpers/on-path.js';

let json: CliResult;
let table: CliResult;
beforeAll(async () => {
  [json, table] = await Promise.all([runCli(['endpoints', '--spec', specPath('1.36'), '--json']), runCli(['endpoints', '--k8s-version', '1.36'])]);
});

describe('apisnoop endpoints on 1.36', () => {
  it('prints every operation of the spec with its classification', () => {
    expect(json.exitCode, json.stderr).toBe(0);
    const rows = parseStdout<EndpointRow[]>(json);
    const doc = readSpecDocument('1.36');
    const ops = operationsOf(doc, '1.36');
    expect(rows.length).toBe(1123);
    const classification = ({ operationId, method, path, level, group, version, category, kind, action, deprecated }: EndpointRow) => ({ operationId, method, path, level, group, version, category, kind, action, deprecated });
    expect(rows.map(classification)).toEqual(ops.map(classification));
  });

  it('agrees with APISnoop on level, group, version, category, kind and action, except three documented classes', () => {
    const rows = parseStdout<EndpointRow[]>(json);
    const cov = apisnoopCoverage('1.36');
    const c = compareWithApisnoop(rows, cov.endpoints, Object.keys(readSpecDocument('1.36').paths));
    expect(c.missingFromSpec).toEqual([]);
    // APISnoop excludes the 215 watch* operations.
    expect(c.notInApisnoop.length).toBe(215);
    expect(c.notInApisnoop.every((id) => id.startsWith('watch'))).toBe(true);
    expect(c.classes.unexplained, c.details.join('\n')).toEqual([]);
    expect(c.compared).toBe(908);
    expect(c.agreeing).toBe(847);
    // (a) discovery operations: we name group/version, APISnoop null.
    expect(c.classes['discovery-group-version'].length).toBe(59);
    // (b) /apis/{group}/ of a group with no GA version: beta or alpha, not stable.
    expect(c.classes['group-discovery-level'].sort()).toEqual(['getInternalApiserverAPIGroup', 'getStoragemigrationAPIGroup']);
    expect(rows.find((r) => r.operationId === 'getInternalApiserverAPIGroup')!.level).toBe('alpha');
    expect(rows.find((r) => r.operationId === 'getStoragemigrationAPIGroup')!.level).toBe('beta');
    // (c) the service account issuer discovery endpoints: GA paths, stable.
    expect(c.classes['service-account-issuer-level'].sort()).toEqual(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);
    expect(rows.filter((r) => r.operationId.startsWith('getServiceAccountIssuer')).map((r) => [r.path, r.level])).toEqual([
      ['/.well-known/openid-configuration/', 'stable'],
      ['/openid/v1/jwks/', 'stable'],
    ]);
  });

  it('without --json: a tab-separated table, one header and one line per operation; --k8s-version reads the shipped release', () => {
    expect(table.exitCode, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('operationId\tmethod\tpath\tlevel\tgroup\tversion\tcategory\tkind\taction\tdeprecated\tconformanceTested\ttested\tconformanceIneligible\tcustom');
    expect(lines.length).toBe(1 + 1123);
    expect(lines).toContain('readCoreV1NamespacedPod\tget\t/api/v1/namespaces/{namespace}/pods/{name}\tstable\tcore\tv1\tcore\tPod\tget\tfalse\ttrue\ttrue\t-\tfalse');
    // No group at all (a non-resource URL) is told apart from the core group.
    expect(lines.find((l) => l.startsWith('getCodeVersion\t'))).toBe('getCodeVersion\tget\t/version/\tstable\t-\t-\tversion\t-\t-\tfalse\ttrue\ttrue\t-\tfalse');
    // A reason with a space stays one field; a watch* operation, which the data leaves out, has no value.
    expect(lines.find((l) => l.startsWith('connectCoreV1GetNamespacedPodAttach\t'))!.split('\t').slice(10, 13)).toEqual(['false', 'false', 'Explicitly designed to be a debug feature']);
    expect(lines.find((l) => l.startsWith('watchCoreV1NamespacedPod\t'))!.split('\t').slice(10, 13)).toEqual(['-', '-', '-']);
    expect(lines.every((l) => l.split('\t').length === 14)).toBe(true);
    // docs/classification.md says how many fields a line has and names each column: a column added must be said there.
    const doc = readFileSync(path.join(repoRoot, 'docs/classification.md'), 'utf8').replace(/\s+/g, ' ');
    const columns = lines[0]!.split('\t');
    const words = ['twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen'];
    expect(doc).toContain(`a line is always ${words[columns.length - 12]} fields`);
    const intro = doc.slice(0, doc.indexOf('Without `--json`'));
    expect(columns.filter((c) => !['operationId', 'method', 'path'].includes(c) && !intro.includes(`\`${c}\``))).toEqual([]);
  });

  it('the table escapes a tab or line break in a field, and doubles a backslash so that an escape reads back as one', async () => {
    // The 1.36 spec with the kind of readCoreV1NamespacedPod holding a tab and a newline, and that of
    // readCoreV1Namespace the text \x09 (a served spec is the cluster's: CRDs and aggregated APIs add to it).
    const doc = readSpecDocument('1.36') as { paths: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: { kind: string } }>> };
    doc.paths['/api/v1/namespaces/{namespace}/pods/{name}']!.get!['x-kubernetes-group-version-kind']!.kind = 'Po\td\n';
    doc.paths['/api/v1/namespaces/{name}']!.get!['x-kubernetes-group-version-kind']!.kind = 'Name\\x09space';
    const file = path.join(scratchDir('endpoints-escapes'), 'swagger-1.36.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await runCli(['endpoints', '--spec', file]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(1 + 1123);
    expect(lines.every((l) => l.split('\t').length === 14)).toBe(true);
    expect(lines.find((l) => l.startsWith('readCoreV1NamespacedPod\t'))!.split('\t')[7]).toBe('Po\\x09d\\x0a');
    // It was written Name\x09space, the same as a kind holding a tab.
    expect(lines.find((l) => l.startsWith('readCoreV1Namespace\t'))!.split('\t')[7]).toBe('Name\\\\x09space');
  });
});

describe("apisnoop endpoints: a cluster's own spec, with its custom resources", () => {
  it('marks the operations of custom APIs (custom, as analyze counts them); Kubernetes-named groups and upstream operations are not', async () => {
    // kubectl get --raw /openapi/v2 of a 1.33 cluster: upstream 1.33 plus three CRDs. A sub-project's (*.x-k8s.io)
    // is custom; Gateway API's (*.k8s.io, which Kubernetes' API review guards) is not.
    const file = writeServedSpec(path.join(scratchDir('endpoints-custom'), 'served.json.gz'), '1.33', [
      { group: 'demo.example.com', version: 'v1alpha1' },
      { group: 'cluster.x-k8s.io', version: 'v1beta1', kind: 'Machine', plural: 'machines' },
      { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'HTTPRoute', plural: 'httproutes' },
    ]);
    const [r, table] = await Promise.all([runCli(['endpoints', '--spec', file, '--json']), runCli(['endpoints', '--spec', file])]);
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = parseStdout<Array<EndpointRow & { custom: boolean }>>(r);
    expect(rows.length).toBe(1041 + 9);
    expect(rows.filter((o) => o.custom).map((o) => o.operationId).sort()).toEqual([
      'createClusterXK8sIoV1beta1NamespacedMachine',
      'createDemoExampleComV1alpha1NamespacedWidget',
      'listClusterXK8sIoV1beta1NamespacedMachine',
      'listDemoExampleComV1alpha1NamespacedWidget',
      'patchClusterXK8sIoV1beta1NamespacedMachineStatus',
      'patchDemoExampleComV1alpha1NamespacedWidgetStatus',
    ]);
    expect(rows.filter((o) => o.group === 'gateway.networking.k8s.io').map((o) => o.custom)).toEqual([false, false, false]);
    // The same as analyze says of the same requests against the same spec.
    const log = path.join(scratchDir('endpoints-custom'), 'audit.log');
    const event = (uri: string, i: number) =>
      JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: `id-${i}`, stage: 'ResponseComplete', requestURI: uri, verb: 'list', user: { username: 'system:serviceaccount:shop:app' }, responseStatus: { code: 200 }, requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z', stageTimestamp: '2026-01-01T00:00:00.100000Z' });
    writeFileSync(log, ['/apis/demo.example.com/v1alpha1/namespaces/shop/widgets', '/apis/cluster.x-k8s.io/v1beta1/namespaces/shop/machines', '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes', '/api/v1/namespaces/shop/pods'].map(event).join('\n') + '\n');
    const a = await runCli(['analyze', log, '--spec', file, '--format', 'json', '--fail-on', 'none']);
    const report = parseStdout<{ operations: Array<{ operationId: string; custom?: true }> }>(a);
    expect(report.operations.map((o) => [o.operationId, o.custom === true]).sort()).toEqual(
      [...rows.filter((o) => report.operations.some((u) => u.operationId === o.operationId)).map((o) => [o.operationId, o.custom])].sort(),
    );
    expect(report.operations.length).toBe(4);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines.find((l) => l.startsWith('listDemoExampleComV1alpha1NamespacedWidget\t'))!.split('\t')[13]).toBe('true');
    expect(lines.find((l) => l.startsWith('listCoreV1NamespacedPod\t'))!.split('\t')[13]).toBe('false');
  });
});

interface Conformance {
  operationId: string;
  level: string;
  conformanceTested: boolean | null;
  tested: boolean | null;
  conformanceIneligible: string | null;
}
interface CoverageFile {
  release: string;
  endpoints: Array<{ endpoint: string; tested: boolean; conf_tested: boolean }>;
}
const testedSince = new Map(readFixtureJson<Array<{ endpoint: string; tested_release: string | null }>>('apisnoop', 'conformance-endpoints.json.gz').map((e) => [e.endpoint, e.tested_release]));
const minor = (v: string): number => Number(v.split('.')[1]);

describe("apisnoop endpoints: which endpoints of a release are conformance tested or eligible, from APISnoop's coverage", () => {
  /**
   * What the coverage file says of each endpoint, with conformance-endpoints.json's promotions (a conformance test
   * covering it since that release or before: docs/classification.md, Conformance tested).
   */
  const expected = (file: CoverageFile) =>
    new Map(
      file.endpoints.map((e) => {
        const since = testedSince.get(e.endpoint);
        const promoted = since != null && minor(since) <= minor(file.release);
        return [e.endpoint, { conformanceTested: e.conf_tested || promoted, tested: e.tested || promoted }];
      }),
    );
  const ineligible = new Map(readFixtureJson<Array<{ endpoint: string; reason: string }>>('apisnoop', 'ineligible_endpoints.json').map((e) => [e.endpoint, e.reason]));

  it('1.36 (the shipped data, --conformance auto): every endpoint as coverage-1.36.0.json.gz says, watch* with none', () => {
    const rows = parseStdout<Conformance[]>(json);
    const want = expected(readFixtureJson<CoverageFile>('apisnoop', 'coverage-1.36.0.json.gz'));
    for (const r of rows) {
      expect({ id: r.operationId, conformanceTested: r.conformanceTested, tested: r.tested }).toEqual({ id: r.operationId, ...(want.get(r.operationId) ?? { conformanceTested: null, tested: null }) });
      expect(r.conformanceIneligible, r.operationId).toBe(ineligible.get(r.operationId) ?? null);
    }
    expect(rows.filter((r) => r.conformanceTested === null).every((r) => r.operationId.startsWith('watch'))).toBe(true);
    // The stable endpoints the data rates, those tested, and the untested ineligible ones: report.html's 523 of 608
    // for a log of every operation, with the discovery ones and HEAD and OPTIONS (no audit log tells them apart).
    const stable = rows.filter((r) => r.level === 'stable' && r.conformanceTested !== null);
    const untested = stable.filter((r) => !r.conformanceTested);
    expect([stable.length, stable.length - untested.length, untested.filter((r) => r.conformanceIneligible).length]).toEqual([664, 574, 88]);
    // Conformance covers GA endpoints only.
    expect(rows.filter((r) => r.level !== 'stable' && r.conformanceTested)).toEqual([]);
  });

  it('--conformance FILE (1.33 coverage, read as analyze reads it) and --conformance none', async () => {
    const [file, none] = await Promise.all([
      runCli(['endpoints', '--k8s-version', '1.33', '--conformance', fixture('apisnoop', 'coverage-1.33.0.json.gz'), '--json']),
      runCli(['endpoints', '--k8s-version', '1.33', '--conformance', 'none', '--json']),
    ]);
    expect([file.exitCode, file.stderr]).toEqual([0, '']);
    const raw = readFixtureJson<CoverageFile>('apisnoop', 'coverage-1.33.0.json.gz');
    const want = expected(raw);
    const rows = parseStdout<Conformance[]>(file);
    for (const r of rows) expect([r.operationId, r.conformanceTested, r.tested]).toEqual([r.operationId, want.get(r.operationId)?.conformanceTested ?? null, want.get(r.operationId)?.tested ?? null]);
    // The run behind 1.33's file missed conformance tests that exist (readAppsV1NamespacedDaemonSet since 1.10): said tested.
    expect(raw.endpoints.find((e) => e.endpoint === 'readAppsV1NamespacedDaemonSet')!.conf_tested).toBe(false);
    expect(rows.find((r) => r.operationId === 'readAppsV1NamespacedDaemonSet')!.conformanceTested).toBe(true);
    expect([none.exitCode, none.stderr]).toEqual([0, '']);
    const bare = parseStdout<Conformance[]>(none);
    expect(bare.every((r) => r.conformanceTested === null && r.tested === null)).toBe(true);
    // Ineligibility is Kubernetes' rule, not the coverage data's: said without it too.
    expect(bare.filter((r) => r.conformanceIneligible !== null).length).toBe(rows.filter((r) => r.conformanceIneligible !== null).length);
  });
});

describe('where the spec comes from, and a reader that stops early', () => {
  it('--from-cluster reads /openapi/v2 with kubectl (a recording fake on PATH): the operations the cluster serves', async () => {
    const bin = scratchDir('endpoints-kubectl');
    const served = path.join(bin, 'served.json');
    const calls = path.join(bin, 'calls.txt');
    writeFileSync(served, gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.21-served-kind.json.gz'))));
    writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\necho "$@" >> '${calls}'\ncat '${served}'\n`);
    chmodSync(path.join(bin, 'kubectl'), 0o755);
    const r = await withFirstOnPath(bin, () => runCli(['endpoints', '--from-cluster', '--json']));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(calls, 'utf8').trim()).toBe('get --raw /openapi/v2 --request-timeout 30s');
    const ops = operationsOf(JSON.parse(readFileSync(served, 'utf8')) as Parameters<typeof operationsOf>[0], '1.21');
    expect(parseStdout<EndpointRow[]>(r).map((o) => o.operationId)).toEqual(ops.map((o) => o.operationId));
    // It used to be ignored: the shipped 1.36 listed instead.
    expect(ops.length).not.toBe(1123);
  });

  it('--from-cluster with a served spec that names no release: said as what was read, and --k8s-version gives its release', async () => {
    const bin = scratchDir('endpoints-unversioned');
    const served = path.join(bin, 'served.json');
    writeFileSync(served, gunzipSync(readFileSync(specPath('1.30'))));
    writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\ncat '${served}'\n`, { mode: 0o755 });
    const [bare, given] = await withFirstOnPath(bin, () =>
      Promise.all([runCli(['endpoints', '--from-cluster', '--json']), runCli(['endpoints', '--from-cluster', '--k8s-version', '1.30', '--json'])]),
    );
    // It said "undefined: …", and the --k8s-version it advised was refused.
    expect(bare.exitCode, bare.stderr).toBe(0);
    expect(bare.stderr).toBe(
      'warning: kubectl get --raw /openapi/v2: the spec does not say which Kubernetes release it is (no release in its info.version), so no conformance data is loaded and the conformance columns are empty; give its release with --k8s-version 1.NN, or the data with --conformance',
    );
    expect(parseStdout<Conformance[]>(bare).every((r) => r.conformanceTested === null)).toBe(true);
    expect(given.exitCode, given.stderr).toBe(0);
    expect(given.stderr).toBe('');
    expect(parseStdout<Conformance[]>(given).filter((r) => r.conformanceTested === true).length).toBeGreaterThan(400);
  });

  it('--from-cluster on an API server that never answers: kubectl gives up after --request-timeout, and is stopped after the time given', async () => {
    const bin = scratchDir('from-cluster-hung');
    // kubectl's own limit, as kubectl says it ran out; and a kubectl that never returns (a credential plugin waiting).
    writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\necho "Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)" >&2\nexit 1\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'kubectl-hung'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    await withFirstOnPath(bin, async () => {
      await expect(fetchClusterSpec()).rejects.toThrow(
        'kubectl get --raw /openapi/v2 failed (the API server did not answer within --request-timeout 30s): Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
      );
      renameSync(path.join(bin, 'kubectl-hung'), path.join(bin, 'kubectl'));
      // Were it not stopped, the sleep would end 30 s on with no output: another message.
      await expect(fetchClusterSpec({ timeoutMs: 500 })).rejects.toThrow('kubectl get --raw /openapi/v2 did not finish within 500ms and was stopped');
    });
  });

  it('--from-cluster: a kubectl that leaves a child holding its stderr (a wrapper, a credential plugin) is stopped at the limit, not when the child ends', { timeout: 30_000 }, async () => {
    const bin = scratchDir('from-cluster-child');
    const child = path.join(bin, 'child.pid');
    // A wrapper script's child inherits its stderr: the read waited for the child to end (minutes past the limit).
    writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\nsleep 60 > /dev/null &\necho $! > '${child}'\nwait $!\n`, { mode: 0o755 });
    try {
      await withFirstOnPath(bin, () => expect(fetchClusterSpec({ timeoutMs: 300 })).rejects.toThrow('kubectl get --raw /openapi/v2 did not finish within 300ms and was stopped'));
    } finally {
      process.kill(Number(readFileSync(child, 'utf8')));
    }
  });

  it('a spec giving one operationId to two operations: both listed, and said, as analyze says it (it counts them together)', async () => {
    const doc = readSpecDocument('1.36') as { paths: Record<string, Record<string, { operationId?: string }>> };
    doc.paths['/api/v1/namespaces/{name}']!.get!.operationId = 'readCoreV1NamespacedPod';
    const file = path.join(scratchDir('endpoints-duplicate-id'), 'swagger-1.36.json');
    writeFileSync(file, JSON.stringify(doc));
    const warning =
      `${file}: 1 operationId names more than one operation (readCoreV1NamespacedPod: get /api/v1/namespaces/{namespace}/pods/{name}, get /api/v1/namespaces/{name}); ` +
      'a report counts requests by operationId, so those to each are counted under its first operation';
    const [list, analysis] = await Promise.all([
      runCli(['endpoints', '--spec', file, '--json']),
      runCli(['analyze', AUDIT2RBAC_V1, '--spec', file, '--conformance', 'none', '--format', 'json', '--fail-on', 'none']),
    ]);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(parseStdout<EndpointRow[]>(list).filter((r) => r.operationId === 'readCoreV1NamespacedPod')).toHaveLength(2);
    expect(list.stderr).toBe(`warning: ${warning}`);
    expect(analysis.exitCode, analysis.stderr).toBe(0);
    expect(analysis.stderr).toContain(`warning: ${warning}\n`);
  });

  it('a served spec with one operation of the wrong shape: the rest listed and analysed, the odd one said once (the whole run failed)', async () => {
    const doc = readSpecDocument('1.36') as { paths: Record<string, Record<string, Record<string, unknown>>> };
    doc.paths['/api/v1/namespaces/{name}']!.get!['x-kubernetes-group-version-kind'] = 'Namespace';
    const file = path.join(scratchDir('endpoints-odd-operation'), 'swagger-1.36.json');
    writeFileSync(file, JSON.stringify(doc));
    const warning =
      `${file}: 1 operation left out, not of the shape of an OpenAPI v2 operation ` +
      '(get /api/v1/namespaces/{name}: x-kubernetes-group-version-kind is not {group, version, kind}); requests to it are unmatched';
    const [list, analysis] = await Promise.all([
      runCli(['endpoints', '--spec', file, '--json']),
      runCli(['analyze', AUDIT2RBAC_V1, '--spec', file, '--conformance', 'none', '--format', 'json', '--fail-on', 'none', '-j', '2']),
    ]);
    expect(list.exitCode, list.stderr).toBe(0);
    const rows = parseStdout<EndpointRow[]>(list);
    expect(rows.some((r) => r.operationId === 'readCoreV1Namespace')).toBe(false);
    expect(rows.some((r) => r.operationId === 'readCoreV1NamespacedPod')).toBe(true);
    expect(list.stderr).toBe(`warning: ${warning}`);
    expect(analysis.exitCode, analysis.stderr).toBe(0);
    expect(analysis.stderr.split(`warning: ${warning}\n`)).toHaveLength(2);
  });

  it('--spec - is refused as stdin, which is not read (it said "-: cannot read (ENOENT)")', async () => {
    const r = await runCli(['endpoints', '--spec', '-'], { inputFile: specPath('1.36') });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('apisnoop: -: a spec is read from a file, not stdin: save it first (kubectl get --raw /openapi/v2 > openapi-v2.json), or give --from-cluster');
  });

  it('an option of an analysis that would change nothing (--next-releases) is not taken', async () => {
    const r = await runCli(['endpoints', '--next-releases', '1.36']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option '--next-releases'");
  });

  it('without a spec option: the newest shipped release, said on stderr (the listing itself does not name it)', async () => {
    const r = await runCli(['endpoints', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseStdout<EndpointRow[]>(r)).toHaveLength(1123);
    expect(r.stderr).toBe('warning: no --k8s-version, --spec or --from-cluster: listing Kubernetes 1.36, the newest release shipped');
  });

  it('--spec with a --k8s-version the spec contradicts: the spec\'s own release is listed, and the one given is said not used', async () => {
    // kind's served 1.21 spec names its release (info.version v1.21.2); the shipped 1.13 one says v1.13.4.
    const served = specPath('1.21-served-kind');
    const [other, same] = await Promise.all([
      // No conformance data: 1.21's and 1.13's are not shipped, and a failed download would be said too.
      runCli(['endpoints', '--spec', served, '--k8s-version', '1.33', '--conformance', 'none', '--json']),
      runCli(['endpoints', '--spec', specPath('1.13'), '--k8s-version', '1.13', '--conformance', 'none', '--json']),
    ]);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stderr).toBe(`warning: --k8s-version 1.33 not used: ${served} says it is Kubernetes 1.21 (its info.version)`);
    const ops = operationsOf(readSpecDocument('1.21-served-kind'), '1.21');
    expect(parseStdout<EndpointRow[]>(other).map((o) => o.operationId)).toEqual(ops.map((o) => o.operationId));
    // The release the spec names: nothing to say.
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stderr).toBe('');
  });

  it('--spec with a --k8s-version its own operations contradict (1.30\'s spec as 1.36): listed as given, and said', async () => {
    const copy = path.join(scratchDir('endpoints-misfit'), 'cluster-spec.json.gz');
    writeFileSync(copy, readFileSync(specPath('1.30')));
    const [as136, own] = await Promise.all([runCli(['endpoints', '--spec', copy, '--k8s-version', '1.36', '--json']), runCli(['endpoints', '--spec', copy, '--k8s-version', '1.30', '--json'])]);
    expect(as136.exitCode, as136.stderr).toBe(0);
    expect(parseStdout<EndpointRow[]>(as136)).toHaveLength(944);
    expect(as136.stderr).toBe(
      `warning: ${copy}: taken as Kubernetes 1.36 (--k8s-version), but 196 of its built-in operations (those of the releases apisnoop ships) are not served by 1.36 and fit Kubernetes 1.30 best: ` +
        'if it is that release, give --k8s-version 1.30; it is listed as Kubernetes 1.36. Not served by 1.36: listAdmissionregistrationV1alpha1ValidatingAdmissionPolicy (served by 1.28, 1.30, 1.31), ' +
        'listAdmissionregistrationV1beta1ValidatingAdmissionPolicy (served by 1.28, 1.30, 1.31, 1.32, 1.33), createAuthenticationV1alpha1SelfSubjectReview (served by 1.28, 1.30, 1.31), …',
    );
    expect(own.exitCode, own.stderr).toBe(0);
    expect(own.stderr).toBe('');
  });

  it('--spec naming no release (upstream\'s swagger.json says "unversioned"): listed, saying why its conformance columns are empty', async () => {
    const unnamed = path.join(scratchDir('endpoints-unnamed'), 'swagger.json.gz');
    writeFileSync(unnamed, readFileSync(specPath('1.28')));
    const [r, given, none] = await Promise.all([
      runCli(['endpoints', '--spec', unnamed, '--json']),
      runCli(['endpoints', '--spec', unnamed, '--k8s-version', '1.28', '--json']),
      runCli(['endpoints', '--spec', unnamed, '--conformance', 'none', '--json']),
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const ops = operationsOf(readSpecDocument('1.28'), 'unknown');
    const rows = parseStdout<Array<EndpointRow & Conformance>>(r);
    expect(rows.map((o) => o.operationId)).toEqual(ops.map((o) => o.operationId));
    // Every conformance column empty, where the same spec named 1.28 rates most: it said nothing of why.
    expect(rows.every((o) => o.conformanceTested === null && o.tested === null)).toBe(true);
    expect(parseStdout<Conformance[]>(given).filter((o) => o.conformanceTested !== null).length).toBeGreaterThan(600);
    expect(r.stderr).toBe(
      `warning: ${unnamed}: the spec does not say which Kubernetes release it is (no release in its info.version or its file name), so no conformance data is loaded and the conformance columns are empty; give its release with --k8s-version 1.NN, or the data with --conformance`,
    );
    // Given its release, or asked for no data: nothing to say.
    expect(given.stderr).toBe('');
    expect(none.stderr).toBe('');
  });

  it('`apisnoop endpoints | head -2` ends quietly: no EPIPE trace', async () => {
    const r = await execa('sh', ['-c', `'${process.execPath}' --import tsx src/cli.ts endpoints --k8s-version 1.36 | head -2`], { cwd: repoRoot, reject: false });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });
});
