// Specs and conformance data by version (downloaded once from a real HTTP server on 127.0.0.1, then cached), the
// spec of a live cluster (kubectl get --raw /openapi/v2 through a recording fake on PATH), and terminal progress.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { endProgress, progressReporter, stderrLine } from '../../src/cli/progress.js';
import { coverageUrl, loadConformanceVersion, loadSpecVersion, SourceError } from '../../src/sources/specs.js';
import { AUDIT2RBAC_V1, fixture, readFixtureJson } from '../helpers/fixtures.js';
import { withFirstOnPath } from '../helpers/on-path.js';

const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-remote-'));
const served = new Map<string, Buffer>([
  // 1.29 is not shipped (and not in the fixtures): serve the 1.28 document under its name.
  ['/kubernetes/release-1.29/api/openapi-spec/swagger.json', gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))],
  // And under 1.27's, for the cache's place when its variable is set empty.
  ['/kubernetes/release-1.27/api/openapi-spec/swagger.json', gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))],
  // And under 1.23 to 1.25's, for the cache's repairs.
  ...['1.23', '1.24', '1.25'].map((v): [string, Buffer] => [`/kubernetes/release-${v}/api/openapi-spec/swagger.json`, gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))]),
  ['/apisnoop/coverage/1.27.0.json', gunzipSync(readFileSync(fixture('apisnoop/coverage-1.27.0.json.gz')))],
  // APISnoop names 1.15's and 1.16's files by the minor alone: real coverage data (1.21's) served under 1.16's name.
  ['/apisnoop/coverage/1.16.json', gunzipSync(readFileSync(fixture('apisnoop/coverage-1.21.0.json.gz')))],
  ['/kubernetes/release-1.40/api/openapi-spec/swagger.json', Buffer.from('<html>not json</html>')],
  // JSON that is not the data asked for: a server's error (GitHub's body for a path it does not have), an OpenAPI v3
  // document (apps/v1's), the spec as coverage data. And 1.18 answers the spec, for a cached copy of such an answer.
  ['/kubernetes/release-1.20/api/openapi-spec/swagger.json', Buffer.from(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }))],
  ['/kubernetes/release-1.19/api/openapi-spec/swagger.json', Buffer.from(JSON.stringify(readFixtureJson<Record<string, unknown>>('openapi-v3', 'openapi-v3-1.24.json.gz')['apis/apps/v1']))],
  ['/apisnoop/coverage/1.19.0.json', gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))],
  ['/kubernetes/release-1.18/api/openapi-spec/swagger.json', gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))],
  // And under 1.22's, for a relative XDG_CACHE_HOME.
  ['/kubernetes/release-1.22/api/openapi-spec/swagger.json', gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.28.json.gz')))],
]);
const requests: string[] = [];

/** Runs fn with these variables set (undefined: unset), then puts back what each was, unset included. */
async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
  const set = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  set(vars);
  try {
    await fn();
  } finally {
    set(saved);
  }
}
let server: Server;
const env = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APISNOOP_SPEC_URL = `${base}/kubernetes/release-{version}/api/openapi-spec/swagger.json`;
  process.env.APISNOOP_COVERAGE_URL = `${base}/apisnoop/coverage/{version}.0.json`;
  process.env.APISNOOP_CACHE_DIR = path.join(dir, 'cache');
});

afterAll(async () => {
  process.env = env;
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a release that is not shipped is downloaded once, then read from the cache', () => {
  it('spec 1.29: one download, the second load needs no server', async () => {
    const first = await loadSpecVersion('1.29');
    expect(first.kubernetesVersion).toBe('1.29');
    expect(first.operations).toHaveLength(865); // what the server sent: the 1.28 document
    expect(requests.filter((r) => r.includes('release-1.29'))).toHaveLength(1);
    const second = await loadSpecVersion('v1.29');
    expect(second.operations).toHaveLength(865);
    expect(requests.filter((r) => r.includes('release-1.29'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'cache/openapi-v2/1.29.json'), 'utf8')).swagger).toBe('2.0');
  });

  it('an empty APISNOOP_CACHE_DIR or XDG_CACHE_HOME is unset, as a workflow sets a variable it has no value for', async () => {
    await withEnv({ APISNOOP_CACHE_DIR: '', XDG_CACHE_HOME: path.join(dir, 'xdg') }, async () => {
      expect((await loadSpecVersion('1.27')).operations).toHaveLength(865);
      // Not ./openapi-v2/1.27.json in the working directory, where "" put it.
      expect(JSON.parse(readFileSync(path.join(dir, 'xdg/apisnoop/openapi-v2/1.27.json'), 'utf8')).swagger).toBe('2.0');
      expect(existsSync(path.resolve('openapi-v2'))).toBe(false);
    });
  });

  it('a relative XDG_CACHE_HOME is ignored, as the XDG spec says (the store ignores a relative XDG_DATA_HOME): ~/.cache, not the working directory', async () => {
    await withEnv({ APISNOOP_CACHE_DIR: undefined, XDG_CACHE_HOME: 'relative-xdg-cache', HOME: path.join(dir, 'home') }, async () => {
      expect((await loadSpecVersion('1.22')).operations).toHaveLength(865);
      expect(JSON.parse(readFileSync(path.join(dir, 'home/.cache/apisnoop/openapi-v2/1.22.json'), 'utf8')).swagger).toBe('2.0');
      expect(existsSync(path.resolve('relative-xdg-cache'))).toBe(false);
    });
  });

  it('a cached copy cut short (a run killed while writing it) is downloaded again, and downloads land whole', async () => {
    const cached = path.join(dir, 'cache/openapi-v2/1.25.json');
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, '{"swagger": "2.0", "paths": {');
    // It was: "…/1.25.json: not JSON (Expected property name…)", about a file the user never wrote, on every run.
    expect((await loadSpecVersion('1.25')).operations).toHaveLength(865);
    expect(requests.filter((r) => r.includes('release-1.25'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(cached, 'utf8')).swagger).toBe('2.0');
    // Written beside it and renamed: nothing half-written is left.
    expect(readdirSync(path.dirname(cached)).filter((f) => !f.endsWith('.json'))).toEqual([]);
  });

  it('offline, a broken cached copy is said with the download that failed', async () => {
    const url = process.env.APISNOOP_SPEC_URL;
    const cached = path.join(dir, 'cache/openapi-v2/1.24.json');
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, '{"swagger": "2.0", "pa');
    process.env.APISNOOP_SPEC_URL = 'http://127.0.0.1:1/release-{version}/swagger.json';
    try {
      await expect(loadSpecVersion('1.24')).rejects.toThrow(/cannot download openapi-v2 for Kubernetes 1\.24 from .*\(the cached copy did not load: .*1\.24\.json: not JSON \(.*\)\)\. Give its spec as a file/);
    } finally {
      process.env.APISNOOP_SPEC_URL = url;
    }
  });

  it('a release named twice at once (1.23 and v1.23) is fetched once', async () => {
    const [a, b] = await Promise.all([loadSpecVersion('1.23'), loadSpecVersion('v1.23')]);
    expect(a.operations).toHaveLength(865);
    expect(b.operations).toHaveLength(865);
    expect(requests.filter((r) => r.includes('release-1.23'))).toHaveLength(1);
  });

  it('a cache that cannot be written says so, and where to put it instead', async () => {
    const saved = process.env.APISNOOP_CACHE_DIR;
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, '');
    process.env.APISNOOP_CACHE_DIR = path.join(file, 'cache');
    try {
      await expect(loadSpecVersion('1.23')).rejects.toThrow(/cannot keep the download of openapi-v2 for Kubernetes 1\.23 in the cache, .*not-a-dir\/cache\/openapi-v2\/1\.23\.json: ENOTDIR; set APISNOOP_CACHE_DIR to a directory apisnoop may write/);
    } finally {
      process.env.APISNOOP_CACHE_DIR = saved;
    }
  });

  it('a shipped release is never downloaded', async () => {
    const before = requests.length;
    expect((await loadSpecVersion('1.33')).operations).toHaveLength(1041);
    expect(requests.length).toBe(before);
  });

  it('conformance coverage 1.27 (not shipped): every endpoint of APISnoop\'s file', async () => {
    const cov = await loadConformanceVersion('1.27');
    const fixtureEndpoints = (JSON.parse(served.get('/apisnoop/coverage/1.27.0.json')!.toString()) as { endpoints: unknown[] }).endpoints;
    expect(cov.release).toBe('1.27.0');
    expect(cov.endpoints.size).toBe(fixtureEndpoints.length);
    expect(cov.endpoints.get('listCoreV1NamespacedPod')).toMatchObject({ tested: true, conformanceTested: true });
  });

  it("1.16's coverage is downloaded from its file, 1.16.json (not 1.16.0.json, which APISnoop never published)", async () => {
    const cov = await loadConformanceVersion('1.16');
    expect(requests.filter((r) => r.startsWith('/apisnoop/coverage/1.16'))).toEqual(['/apisnoop/coverage/1.16.json']);
    const fixtureEndpoints = (JSON.parse(served.get('/apisnoop/coverage/1.16.json')!.toString()) as { endpoints: unknown[] }).endpoints;
    expect(cov.endpoints.size).toBe(fixtureEndpoints.length);
    expect(coverageUrl('https://mirror/{version}.0.json', '1.15')).toBe('https://mirror/1.15.json');
    expect(coverageUrl('https://mirror/{version}.0.json', '1.17')).toBe('https://mirror/1.17.0.json');
    expect(coverageUrl('https://mirror/cov-{version}.json', '1.16')).toBe('https://mirror/cov-1.16.json');
  });

  it('a release before APISnoop published coverage (1.14) is said so, with the ways out, and nothing is downloaded', async () => {
    const before = requests.length;
    const said =
      "APISnoop publishes no conformance coverage data for Kubernetes 1.14 (its first is 1.15's), so none is downloaded: an e2e run analysed with --e2e " +
      "takes its own [Conformance] tests as the data, and --conformance none (the Action's input conformance: none) goes without it";
    await expect(loadConformanceVersion('1.14')).rejects.toThrow(new SourceError(said));
    // --conformance auto on a spec of such a release (the shipped 1.13): the warning says it.
    const warnings: string[] = [];
    const r = await analyzeLogs({ logs: [AUDIT2RBAC_V1], kubernetesVersion: '1.13', onWarning: (w) => warnings.push(w) });
    expect(r.conformance).toBeNull();
    expect(warnings).toContain(`no conformance data for Kubernetes 1.13: ${said.replaceAll('1.14', '1.13')}`);
    expect(requests.length).toBe(before);
  });

  it('a release the server does not have, or an answer that is not JSON, is a clear error naming the URL', async () => {
    await expect(loadSpecVersion('1.41')).rejects.toThrow(SourceError);
    await expect(loadSpecVersion('1.41')).rejects.toThrow(/Kubernetes 1\.41: http:\/\/127\.0\.0\.1:\d+\/kubernetes\/release-1\.41\/.* answered 404/);
    await expect(loadSpecVersion('1.40')).rejects.toThrow(/1\.40 from http:\/\/127\.0\.0\.1:\d+\/.* is not JSON/);
  });

  it('an answer that is JSON but not the data asked for is refused naming the URL, as a failed download is, and never cached', async () => {
    // It was kept in the cache, and said as "<cache>/openapi-v2/1.20.json: not an OpenAPI v2 document", a file the user never wrote.
    const url = (v: string) => `http://127\\.0\\.0\\.1:\\d+/kubernetes/release-${v.replace('.', '\\.')}/api/openapi-spec/swagger\\.json`;
    await expect(loadSpecVersion('1.20')).rejects.toThrow(
      new RegExp(
        `^Kubernetes 1\\.20 is not shipped with apisnoop \\(shipped: .*\\) and cannot download openapi-v2 for Kubernetes 1\\.20: what ${url('1.20')} answered is JSON, ` +
          'but not an OpenAPI v2 document \\(no "swagger": "2\\.0" with "paths"\\)\\. Give its spec as a file instead \\(kubectl get --raw /openapi/v2 > openapi-v2\\.json',
      ),
    );
    await expect(loadSpecVersion('1.19')).rejects.toThrow(new RegExp(`cannot download openapi-v2 for Kubernetes 1\\.19: what ${url('1.19')} answered is JSON, but is OpenAPI 3\\.0\\.0; APISnoop needs the v2 document`));
    await expect(loadConformanceVersion('1.19')).rejects.toThrow(
      /^cannot download coverage for Kubernetes 1\.19: what http:\/\/127\.0\.0\.1:\d+\/apisnoop\/coverage\/1\.19\.0\.json answered is JSON, but not APISnoop coverage data \(no "endpoints" array\)\. Give --conformance/,
    );
    for (const kept of ['openapi-v2/1.20.json', 'openapi-v2/1.19.json', 'coverage/1.19.json']) expect(existsSync(path.join(dir, 'cache', kept))).toBe(false);
    // A cached copy of such an answer (kept by an earlier version) is downloaded again, as a copy cut short is.
    const cached = path.join(dir, 'cache/openapi-v2/1.18.json');
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, served.get('/kubernetes/release-1.20/api/openapi-spec/swagger.json')!);
    expect((await loadSpecVersion('1.18')).operations).toHaveLength(865);
    expect(JSON.parse(readFileSync(cached, 'utf8')).swagger).toBe('2.0');
  });

  it('1.3, whose release branch has no OpenAPI spec file (release-1.3 answers 404; the file came in 1.5), says that YAML reads an unquoted 1.30 so', async () => {
    // A workflow's matrix [1.29, 1.30] hands the Action's kubernetes-version (audit-log mode) 1.3.
    await expect(loadSpecVersion('1.3')).rejects.toThrow(/release-1\.3\/.* answered 404\. If 1\.30 was meant: YAML reads an unquoted 1\.30 as the number 1\.3, so quote it \("1\.30"\)\. Give its spec as a file/);
    await expect(loadSpecVersion('1.2')).rejects.toThrow(/If 1\.20 was meant: YAML reads an unquoted 1\.20 as the number 1\.2/);
    // A release of two digits is no such number; nor is 1.5 to 1.9, real releases with a spec upstream (1.90 is
    // years away): the hint said "If 1.90 was meant" for a 1.9 that cannot be downloaded.
    await expect(loadSpecVersion('1.41')).rejects.not.toThrow(/YAML/);
    for (const v of ['1.5', '1.9']) await expect(loadSpecVersion(v), v).rejects.not.toThrow(/YAML|was meant/);
    await expect(loadSpecVersion('1.4')).rejects.toThrow(/If 1\.40 was meant: YAML reads an unquoted 1\.40 as the number 1\.4/);
  });

  it('a release not shipped that cannot be downloaded (offline) names the releases shipped and the ways out', async () => {
    const url = process.env.APISNOOP_SPEC_URL;
    // Port 1: nothing listens, as nothing answers offline.
    process.env.APISNOOP_SPEC_URL = 'http://127.0.0.1:1/release-{version}/swagger.json';
    try {
      await expect(loadSpecVersion('1.27')).rejects.toThrow(
        new RegExp(
          '^Kubernetes 1\\.27 is not shipped with apisnoop \\(shipped: 1\\.13, 1\\.28, 1\\.30, 1\\.31, 1\\.32, 1\\.33, 1\\.34, 1\\.35, 1\\.36\\) ' +
            'and cannot download openapi-v2 for Kubernetes 1\\.27 from http://127\\.0\\.0\\.1:1/release-1\\.27/swagger\\.json: .*\\. ' +
            'Give its spec as a file instead \\(kubectl get --raw /openapi/v2 > openapi-v2\\.json on a cluster of that release\\)$',
        ),
      );
    } finally {
      process.env.APISNOOP_SPEC_URL = url;
    }
  });

  it('conformance data not shipped that cannot be downloaded (offline) says the ways out: a file, or none', async () => {
    const url = process.env.APISNOOP_COVERAGE_URL;
    process.env.APISNOOP_COVERAGE_URL = 'http://127.0.0.1:1/coverage/{version}.0.json';
    try {
      const ways = "\\. Give --conformance \\(the Action's input conformance\\) APISnoop's coverage data of that release as a file instead " +
        '\\(resources/coverage/1\\.26\\.0\\.json of github\\.com/kubernetes-sigs/apisnoop\\), or none to go without it$';
      await expect(loadConformanceVersion('1.26')).rejects.toThrow(new RegExp(`^cannot download coverage for Kubernetes 1\\.26 from http://127\\.0\\.0\\.1:1/coverage/1\\.26\\.0\\.json: .*${ways}`));
      // --conformance auto (the default) on a spec of that release: the warning says them too.
      const warnings: string[] = [];
      const spec = fixture('openapi-v2/swagger-1.21-served-kind.json.gz');
      const r = await analyzeLogs({ logs: [AUDIT2RBAC_V1], spec, onWarning: (w) => warnings.push(w) });
      expect(r.conformance).toBeNull();
      expect(warnings.find((w) => w.startsWith('no conformance data for Kubernetes 1.21'))).toMatch(new RegExp(ways.replace('1\\.26', '1\\.21')));
    } finally {
      process.env.APISNOOP_COVERAGE_URL = url;
    }
  });

  it('analyze --k8s-version 1.29 matches against the downloaded spec', async () => {
    const r = await analyzeLogs({ logs: [AUDIT2RBAC_V1], kubernetesVersion: '1.29', conformance: 'none', selection: { includeSystem: true } });
    expect(r.kubernetesVersion).toBe('1.29');
    expect(r.specs[0]).toMatchObject({ kubernetesVersion: '1.29', operations: 865 });
    expect(r.summary.requests).toBe(37);
  });

  it('--next-releases: a release named that is not after the spec\'s is said not checked, and not fetched first', async () => {
    // 1.21 and 1.26 are not shipped and this server has neither: they were fetched, and the run refused as "cannot
    // download … Give its spec as a file instead", where a shipped earlier release was only said not to be checked.
    const warnings: string[] = [];
    const r = await analyzeLogs({ logs: [AUDIT2RBAC_V1], kubernetesVersion: '1.30', conformance: 'none', nextReleases: ['1.21', 'v1.26.3', '1.28', '1.36'], onWarning: (w) => warnings.push(w) });
    expect(requests.filter((u) => /release-1\.2[16]\//.test(u))).toEqual([]);
    expect(warnings).toEqual([
      "--next-releases 1.21: Kubernetes 1.21 is not later than the spec's 1.30, so not checked",
      "--next-releases v1.26.3: Kubernetes 1.26 is not later than the spec's 1.30, so not checked",
      "--next-releases 1.28: Kubernetes 1.28 is not later than the spec's 1.30, so not checked",
    ]);
    expect(r.specs.map((x) => x.kubernetesVersion)).toEqual(['1.30', '1.36']);
  });
});

describe('--from-cluster', () => {
  /** Runs fn with a fake kubectl (this shell script) first on PATH. */
  async function withKubectl<T>(name: string, script: string, fn: () => Promise<T>): Promise<T> {
    const bin = path.join(dir, name);
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\n${script}\n`);
    chmodSync(path.join(bin, 'kubectl'), 0o755);
    return withFirstOnPath(bin, fn);
  }

  it('reads /openapi/v2 with kubectl and matches against what the cluster serves', async () => {
    const calls = path.join(dir, 'kubectl-calls.txt');
    const spec = path.join(dir, 'served.json');
    writeFileSync(spec, gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.21-served-kind.json.gz'))));
    const r = await withKubectl('bin', `echo "$@" >> '${calls}'\ncat '${spec}'`, () =>
      analyzeLogs({ logs: [AUDIT2RBAC_V1], fromCluster: true, conformance: 'none', selection: { includeSystem: true } }),
    );
    expect(readFileSync(calls, 'utf8').trim()).toBe('get --raw /openapi/v2 --request-timeout 30s');
    expect(r.kubernetesVersion).toBe('1.21'); // info.version v1.21.2 of the served document
    expect(r.specs[0].source).toBe('kubectl get --raw /openapi/v2'); // named by how it was read: no file is left behind
    expect(r.summary).toMatchObject({ requests: 37, matched: 37 - r.summary.unmatched });
  });

  it("a served spec that names no release (info.version unversioned): said, named by how it was read, and --k8s-version gives its release", async () => {
    const spec = path.join(dir, 'served-unversioned.json');
    writeFileSync(spec, gunzipSync(readFileSync(fixture('openapi-v2/swagger-1.30.json.gz'))));
    expect((JSON.parse(readFileSync(spec, 'utf8')) as { info: { version: string } }).info.version).toBe('unversioned');
    const run = (settings: Partial<Parameters<typeof analyzeLogs>[0]>) =>
      withKubectl('unversioned', `cat '${spec}'`, async () => {
        const warnings: string[] = [];
        const report = await analyzeLogs({ logs: [AUDIT2RBAC_V1], fromCluster: true, selection: { includeSystem: true }, onWarning: (w) => warnings.push(w), ...settings });
        return { report, warnings };
      });
    // It was judged without a word of the checks skipped, and --fail-on removed was refused as "undefined: …".
    const bare = await run({});
    expect(bare.report.kubernetesVersion).toBe('unknown');
    expect(bare.warnings).toContain(
      "kubectl get --raw /openapi/v2: the spec does not say which Kubernetes release it is (no release in its info.version), so Pluto's table of deprecated and removed APIs, removals in later releases, the conformance overlay and matching through the shipped earlier releases are all skipped (only what the spec itself marks deprecated, and what the API server's audit annotations say, is judged); give its release with --k8s-version 1.NN",
    );
    await expect(run({ policy: { failOn: ['removed'] } })).rejects.toThrow(
      "kubectl get --raw /openapi/v2: fail-on removed needs the spec's Kubernetes release, which it does not say (no release in its info.version); give its release with --k8s-version 1.NN",
    );
    // The advice works (it was refused: "give --from-cluster alone"): the later releases and the overlay are checked.
    const given = await run({ kubernetesVersion: '1.30', policy: { failOn: ['removed'] } });
    expect(given.report.kubernetesVersion).toBe('1.30');
    expect(given.report.specs.map((s) => s.kubernetesVersion)).toEqual(['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(given.report.conformance?.release).toBe('1.30.0');
    expect(given.warnings.filter((w) => w.includes('kubectl get --raw'))).toEqual([]);
  });

  it('a kubectl that prints something else than JSON is a clear error', async () => {
    await withKubectl('htmlbin', 'echo "<html>proxy login</html>"', () =>
      expect(analyzeLogs({ logs: [AUDIT2RBAC_V1], fromCluster: true })).rejects.toThrow(/^kubectl get --raw \/openapi\/v2: not JSON \(Unexpected character in JSON at position 0 \(line 1 column 1\)\)$/),
    );
  });

  it('a kubectl that fails is a clear error', async () => {
    await withKubectl('badbin', 'echo "The connection to the server localhost:8080 was refused" >&2\nexit 1', () =>
      // kubectl's reason is said: it was 'Command failed with exit code 1: kubectl get --raw /openapi/v2', no why.
      expect(analyzeLogs({ logs: [AUDIT2RBAC_V1], fromCluster: true })).rejects.toThrow(
        /^kubectl get --raw \/openapi\/v2 failed: The connection to the server localhost:8080 was refused$/,
      ),
    );
  });

  it('no kubectl on PATH is said so (it was "Command failed with ENOENT")', async () => {
    const oldPath = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-such-bin');
    try {
      await expect(analyzeLogs({ logs: [AUDIT2RBAC_V1], fromCluster: true })).rejects.toThrow(
        'kubectl get --raw /openapi/v2: kubectl is not on PATH; install it, or give --spec or --k8s-version',
      );
    } finally {
      process.env.PATH = oldPath;
    }
  });
});

describe('progress on stderr', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, s: { isTTY, write: (t: string) => out.push(t) } as unknown as NodeJS.WriteStream };
  };

  it('only when a person is watching', () => {
    expect(progressReporter(stream(false).s)).toBeUndefined();
  });

  it('bytes, events and their rates', () => {
    const { out, s } = stream(true);
    progressReporter(s)!({ bytes: 12_000_000, events: 3456 });
    expect(out.join('')).toMatch(/^\r12 MB read, 3456 events \(\d+ MB\/s, \d+ events\/s\)/);
  });

  it('a warning given while reading clears the progress line first, on a terminal only', () => {
    const tty = stream(true);
    progressReporter(tty.s)!({ bytes: 12_000_000, events: 3456 });
    stderrLine(tty.s)('warning: w');
    expect(tty.out.slice(1)).toEqual(['\r\x1b[Kwarning: w\n']);
    const file = stream(false);
    stderrLine(file.s)('warning: w');
    expect(file.out).toEqual(['warning: w\n']);
  });

  it('a dumb terminal (TERM=dumb), which shows escapes as text, gets whole lines: no progress, nothing cleared', () => {
    const term = process.env.TERM;
    process.env.TERM = 'dumb';
    try {
      const tty = stream(true);
      expect(progressReporter(tty.s)).toBeUndefined();
      stderrLine(tty.s)('warning: w');
      endProgress(tty.s);
      expect(tty.out).toEqual(['warning: w\n']);
    } finally {
      if (term === undefined) delete process.env.TERM;
      else process.env.TERM = term;
    }
  });
});
