// Loading specs, conformance data and the deprecation table: from files (good and bad), from the data the project
// ships (which must be what scripts/make-data.ts makes of the fixtures), and from the download cache.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesFromPluto } from '../../src/engine/deprecations.js';
import { SpecError } from '../../src/engine/spec.js';
import {
  loadConformanceFile,
  loadConformanceVersion,
  loadDeprecations,
  loadSpec,
  loadSpecFile,
  loadSpecVersion,
  readMaybeGzip,
  shippedRelease,
  shippedReleases,
  SourceError,
} from '../../src/sources/specs.js';
import { fixturesDir as makeDataFixtures, releaseData, specFiles } from '../../scripts/make-data.js';
import { refusedMessage } from '../../src/sources/compression.js';
import { compressedBy, tarOf } from '../helpers/compressed.js';
import { fixture, fixturesDir, readFixtureJson, scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('specs');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};

describe('a spec file that is not an OpenAPI v2 document: a clear message naming the file', () => {
  it('an OpenAPI v3 document (apis/apps/v1 of the 1.24 bundle)', async () => {
    const bundle = readFixtureJson<Record<string, { openapi: string }>>('openapi-v3', 'openapi-v3-1.24.json.gz');
    const v3 = write('apps-v1-openapi-v3.json', JSON.stringify(bundle['apis/apps/v1']));
    expect(bundle['apis/apps/v1'].openapi).toBe('3.0.0');
    await expect(loadSpecFile(v3)).rejects.toThrow(`${v3}: is OpenAPI 3.0.0; APISnoop needs the v2 document (kubectl get --raw /openapi/v2)`);
  });

  it('the v3 bundle itself, and other JSON (APISnoop coverage data)', async () => {
    const bundle = fixture('openapi-v3', 'openapi-v3-1.27.json.gz');
    await expect(loadSpecFile(bundle)).rejects.toThrow(`${bundle}: not an OpenAPI v2 document (no "swagger": "2.0" with "paths")`);
    const cov = fixture('apisnoop', 'conformance-progress.json');
    await expect(loadSpecFile(cov)).rejects.toThrow(`${cov}: not an OpenAPI v2 document`);
  });

  it('other YAML, an empty file, a truncated gzip, a missing file', async () => {
    const yaml = fixture('deprecations', 'pluto-versions.yaml');
    await expect(loadSpecFile(yaml)).rejects.toThrow(SpecError);
    await expect(loadSpecFile(yaml)).rejects.toThrow(`${yaml}: not an OpenAPI v2 document (no "swagger": "2.0" with "paths")`);
    // Empty (a command that failed wrote nothing): it was "not JSON (Unexpected end of JSON input)".
    for (const [name, data] of [['empty.json', ''], ['blank.json', ' \r\n\n'], ['empty.json.gz', gzipSync('')]] as const) {
      const file = write(name, data);
      await expect(loadSpecFile(file)).rejects.toThrow(new SourceError(`${file}: empty`));
    }
    const gz = readFileSync(specPath('1.36'));
    const cut = write('cut-1.36.json.gz', gz.subarray(0, gz.length >> 1));
    await expect(loadSpecFile(cut)).rejects.toThrow(`${cut}: corrupt or truncated gzip (unexpected end of file)`);
    await expect(loadSpecFile(path.join(dir, 'missing.json'))).rejects.toThrow(`${path.join(dir, 'missing.json')}: cannot read (ENOENT)`);
  });

  it('the OpenAPI v3 index (kubectl get --raw /openapi/v3) says so, and how to get the v2 document', async () => {
    // The index lists the 1.24 bundle's group/versions, each at its address with the hash of its document.
    const bundle = readFixtureJson<Record<string, unknown>>('openapi-v3', 'openapi-v3-1.24.json.gz');
    const hash = (doc: unknown) => createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
    const paths = Object.fromEntries(Object.entries(bundle).map(([gv, doc]) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash(doc)}` }]));
    const index = write('openapi-v3-index.json', JSON.stringify({ paths }));
    await expect(loadSpecFile(index)).rejects.toThrow(
      new SpecError(index, 'is the OpenAPI v3 index (kubectl get --raw /openapi/v3), which lists a document per group/version; APISnoop needs the v2 document (kubectl get --raw /openapi/v2 > spec.json)'),
    );
  });

  it("a Kubernetes Status saved in place of the spec (curl's body of a 403) says so, with its message", async () => {
    const forbidden = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden: User "system:anonymous" cannot get path "/openapi/v2"', reason: 'Forbidden', details: {}, code: 403 };
    const file = write('status-403.json', JSON.stringify(forbidden));
    await expect(loadSpecFile(file)).rejects.toThrow(
      `${file}: is a Kubernetes Status, the API server's answer to a request that failed, not a spec: 403 Forbidden: forbidden: User "system:anonymous" cannot get path "/openapi/v2"; save the spec itself (kubectl get --raw /openapi/v2 > spec.json)`,
    );
  });

  it('a spec or coverage data in YAML (converted with yq) is read as the JSON; a line of text with a colon stays not JSON', async () => {
    const plain = await loadSpecFile(specPath('1.30'));
    const yaml = write('swagger-1.30.yaml', dump(readFixtureJson('openapi-v2', 'swagger-1.30.json.gz')));
    const spec = await loadSpec(yaml);
    expect(spec.operations).toEqual(plain.operations);
    expect(spec.kubernetesVersion).toBe('1.30');
    const coverage = fixture('apisnoop', 'coverage-1.33.0.json.gz');
    const covYaml = write('coverage-1.33.0.yaml', dump(readFixtureJson('apisnoop', 'coverage-1.33.0.json.gz')));
    expect((await loadConformanceFile(covYaml)).endpoints).toEqual((await loadConformanceFile(coverage)).endpoints);
    // kubectl's error saved in place of the spec is YAML too, but no data: said as the text it is.
    const error = write('kubectl-error.json', 'error: You must be logged in to the server (Unauthorized)\n');
    await expect(loadSpecFile(error)).rejects.toThrow(new RegExp(`^${error}: not JSON \\(`));
  });

  it('a gzip that inflates past the bound (a gzip bomb) is refused, named, before it takes the memory', async () => {
    // The real spec, then 8 MiB of JSON whitespace in 1 MiB gzip members (a bomb in small): fine under the bound.
    const spec = readFileSync(specPath('1.30'));
    const space = gzipSync(Buffer.alloc(1 << 20, ' '));
    const bomb = write('bomb-1.30.json.gz', Buffer.concat([spec, ...Array.from({ length: 8 }, () => space)]));
    const size = gunzipSync(spec).length + (8 << 20);
    expect((await loadSpecFile(bomb)).kubernetesVersion).toBe('1.30');
    expect((await readMaybeGzip(bomb, size)).length).toBe(size);
    await expect(readMaybeGzip(bomb, 4 << 20)).rejects.toThrow(`${bomb}: inflates to more than 4 MiB, larger than any spec: refused`);
    await expect(readMaybeGzip(bomb, size - 1)).rejects.toThrow(SourceError);
  });

  it('a plain (not gzipped) copy of a spec loads like the .gz', async () => {
    const plain = write('swagger-1.30.json', gunzipSync(readFileSync(specPath('1.30'))));
    const [a, b] = await Promise.all([loadSpecFile(plain), loadSpecFile(specPath('1.30'))]);
    expect(a.operations).toEqual(b.operations);
    expect(a.kubernetesVersion).toBe('1.30');
  });
});

describe('a spec or coverage file compressed otherwise than gzip once: read as the log reader reads it, or refused in its words', () => {
  const text = (): Buffer => gunzipSync(readFileSync(specPath('1.30')));

  it('zstd (one frame, or several as pzstd writes) loads as the plain file: --spec, --next-releases and --conformance', async () => {
    const plain = await loadSpecFile(specPath('1.30'));
    const t = text();
    const half = t.length >> 1;
    for (const file of [write('zstd-1.30.json.zst', zstdCompressSync(t)), write('frames-1.30.json.zst', Buffer.concat([zstdCompressSync(t.subarray(0, half)), zstdCompressSync(t.subarray(half))]))]) {
      const spec = await loadSpec(file);
      expect(spec.operations, file).toEqual(plain.operations);
      expect(spec.kubernetesVersion).toBe('1.30');
    }
    const coverage = fixture('apisnoop', 'coverage-1.33.0.json.gz');
    const zst = write('coverage-1.33.0.json.zst', zstdCompressSync(gunzipSync(readFileSync(coverage))));
    expect((await loadConformanceFile(zst)).endpoints).toEqual((await loadConformanceFile(coverage)).endpoints);
  });

  it('zstd cut short, or inflating past the bound, is said as gzip is', async () => {
    const z = zstdCompressSync(text());
    const cut = write('cut-1.30.json.zst', z.subarray(0, z.length >> 1));
    await expect(loadSpecFile(cut)).rejects.toThrow(new RegExp(`^${cut}: corrupt or truncated zstd \\(`));
    const whole = write('whole-1.30.json.zst', z);
    await expect(readMaybeGzip(whole, 1 << 20)).rejects.toThrow(`${whole}: inflates to more than 1 MiB, larger than any spec: refused`);
  });

  it('xz, bzip2, a tar archive and gzip twice are refused, saying what they are and the command that decompresses them; not "not JSON" quoting binary', async () => {
    const xz = write('refused-1.30.json.xz', compressedBy('xz', text(), [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
    const plainXz = path.join(dir, 'refused-1.30.json');
    await expect(loadSpecFile(xz)).rejects.toThrow(
      new SourceError(`${xz}: xz-compressed: APISnoop reads JSON files as plain text, gzip or zstd; decompress it first (xz -dc ${xz} > ${plainXz}) and give ${plainXz}`),
    );
    const bz2 = write('coverage.json.bz2', compressedBy('bzip2', gunzipSync(readFileSync(fixture('apisnoop', 'coverage-1.33.0.json.gz'))), [0x42, 0x5a, 0x68, 0x39]));
    await expect(loadConformanceFile(bz2)).rejects.toThrow(`${bz2}: ${refusedMessage('bzip2', bz2, undefined, 'json')}`);
    const twice = write('twice-1.30.json.gz', gzipSync(readFileSync(specPath('1.30'))));
    const plainTwice = path.join(dir, 'twice-1.30.json');
    await expect(loadSpec(twice)).rejects.toThrow(
      `${twice}: gzip-compressed inside gzip (compressed twice): APISnoop reads JSON files as plain text, gzip or zstd, compressed once; decompress it first (gzip -dc ${twice} | gzip -dc > ${plainTwice}) and give ${plainTwice}`,
    );
    const tgz = write('spec.tar.gz', gzipSync(tarOf('swagger.json', text())));
    await expect(loadSpecFile(tgz)).rejects.toThrow(
      `${tgz}: tar archive (gzip-compressed): APISnoop reads JSON files as plain text, gzip or zstd; extract it first (mkdir -p extracted && tar -xf ${tgz} -C extracted) and give the JSON file in extracted`,
    );
    // A file of no compression suffix decompresses beside itself as .json.
    const bare = write('bare-spec', compressedBy('xz', text(), [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
    await expect(loadSpecFile(bare)).rejects.toThrow(`and give ${bare}.json`);
  });
});

describe('a spec or coverage file with a byte order mark (Windows PowerShell writes UTF-16)', () => {
  /** The text in UTF-16 with its byte order mark, as PowerShell 5.1's `>` writes it (BE by swapping each pair). */
  const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    return order === 'le' ? le : Buffer.from(le).swap16();
  };
  const bom8 = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

  it('a spec in UTF-16 (LE or BE, gzipped too) or UTF-8 with a mark loads as the plain file: --spec and --next-releases', async () => {
    const text = gunzipSync(readFileSync(specPath('1.30'))).toString('utf8');
    const plain = await loadSpecFile(specPath('1.30'));
    const files = [
      write('utf16le-1.30.json', utf16(text, 'le')),
      write('utf16be-1.30.json', utf16(text, 'be')),
      write('utf16le-1.30.json.gz', gzipSync(utf16(text, 'le'))),
      write('bom8-1.30.json', bom8(text)),
    ];
    for (const file of files) {
      const spec = await loadSpec(file);
      expect(spec.operations, file).toEqual(plain.operations);
      expect(spec.kubernetesVersion).toBe('1.30');
    }
  });

  it("APISnoop's coverage data in UTF-16 or with a UTF-8 mark loads as the plain file (--conformance)", async () => {
    const text = gunzipSync(readFileSync(fixture('apisnoop', 'coverage-1.33.0.json.gz'))).toString('utf8');
    const plain = await loadConformanceFile(fixture('apisnoop', 'coverage-1.33.0.json.gz'));
    for (const file of [write('coverage-utf16.json', utf16(text, 'le')), write('coverage-bom8.json', bom8(text))]) {
      const data = await loadConformanceFile(file);
      expect(data.release, file).toBe(plain.release);
      expect(data.endpoints).toEqual(plain.endpoints);
    }
  });
});

describe('the data the project ships is what scripts/make-data.ts makes of the fixtures', () => {
  it('make-data reads the same fixtures', () => {
    expect(makeDataFixtures).toBe(fixturesDir);
  });

  it('one data/k8s/<release>.json.gz per upstream spec fixture (the served kind document is a cluster\'s, not a release\'s)', async () => {
    expect(await shippedReleases()).toEqual(specFiles().map((s) => s.version).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])));
    expect(await shippedReleases()).toEqual(['1.13', '1.28', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
  });

  it.each(specFiles().map((s) => [s.version, s.file]))('%s: operations and conformance overlay', async (version, file) => {
    const shipped = await shippedRelease(version);
    expect(shipped).toEqual(JSON.parse(JSON.stringify(releaseData(file, version))));
    // --k8s-version N gives the same operations as --spec swagger-N.json.gz.
    const [byVersion, byFile] = await Promise.all([loadSpecVersion(version), loadSpecFile(file)]);
    expect(byVersion.operations).toEqual(byFile.operations);
    expect(byVersion.kubernetesVersion).toBe(version);
  });

  it('the shipped conformance overlay equals APISnoop\'s coverage file', async () => {
    const [shipped, file] = await Promise.all([loadConformanceVersion('1.36'), loadConformanceFile(fixture('apisnoop', 'coverage-1.36.0.json.gz'))]);
    expect(shipped.release).toBe('1.36.0');
    expect(shipped.endpoints.size).toBe(908);
    for (const [id, e] of file.endpoints) {
      expect(shipped.endpoints.get(id), id).toMatchObject({ tested: e.tested, conformanceTested: e.conformanceTested });
    }
    expect([...file.endpoints.values()].filter((e) => e.conformanceTested).length).toBe([...shipped.endpoints.values()].filter((e) => e.conformanceTested).length);
  });

  it('coverage data that is not APISnoop\'s is refused', async () => {
    const spec = specPath('1.36');
    await expect(loadConformanceFile(spec)).rejects.toThrow(
      `${spec}: not APISnoop coverage data (no "endpoints" array): give APISnoop's resources/coverage/<release>.json of github.com/kubernetes-sigs/apisnoop`,
    );
  });

  it('coverage data with an entry of the wrong shape is refused, naming the entry (it was read as untested, or broke)', async () => {
    const dir = scratchDir('specs-broken-coverage');
    const real = readFixtureJson<{ endpoints: Array<Record<string, unknown>> }>('apisnoop', 'coverage-1.33.0.json.gz');
    const i = real.endpoints.findIndex((e) => e.endpoint === 'createCoreV1Namespace');
    expect(real.endpoints[i]!.conf_tested).toBe(true);
    const broken = (name: string, entry: unknown): string => {
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ ...real, endpoints: real.endpoints.map((e, j) => (j === i ? entry : e)) }));
      return file;
    };
    const cases: Array<[string, unknown, string]> = [
      // Hand-edited: a string where APISnoop writes a boolean, read as false (not conformance tested) without a word.
      ['string', { ...real.endpoints[i], conf_tested: 'true' }, `endpoints[${i}].conf_tested (createCoreV1Namespace) is "true", not true or false`],
      ['missing', { ...real.endpoints[i], tested: undefined }, `endpoints[${i}].tested (createCoreV1Namespace) is missing, not true or false`],
      // It said "Cannot read properties of null (reading 'endpoint')", naming no file.
      ['null', null, `endpoints[${i}] is not an object: not APISnoop coverage data`],
      ['no-id', { ...real.endpoints[i], endpoint: '' }, `endpoints[${i}].endpoint "" is not an operationId`],
    ];
    for (const [name, entry, message] of cases) {
      const file = broken(name, entry);
      await expect(loadConformanceFile(file), name).rejects.toThrow(`${file}: ${message}`);
    }
    // The file as published loads, and says createCoreV1Namespace is conformance tested.
    const whole = path.join(dir, 'whole.json');
    writeFileSync(whole, JSON.stringify(real));
    expect((await loadConformanceFile(whole)).endpoints.get('createCoreV1Namespace')?.conformanceTested).toBe(true);
  });

  it('data/deprecations.json is Pluto\'s Kubernetes entries', async () => {
    const pluto = entriesFromPluto(load(readFileSync(fixture('deprecations', 'pluto-versions.yaml'), 'utf8')));
    expect(pluto.length).toBe(86);
    const table = await loadDeprecations();
    // Pluto lists audit.k8s.io/v1alpha1 Policy twice, identically: 85 distinct group/version/kinds.
    expect(table.size).toBe(85);
    for (const e of pluto) expect(table.get(`${e.version}|${e.kind}`)).toEqual(e);
    expect(table.get('extensions/v1beta1|Deployment')).toEqual({ version: 'extensions/v1beta1', kind: 'Deployment', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' });
  });
});

describe('a release that is not shipped comes from the download cache', () => {
  const saved = process.env.APISNOOP_CACHE_DIR;
  const cache = path.join(dir, 'cache');
  beforeAll(() => {
    process.env.APISNOOP_CACHE_DIR = cache;
    mkdirSync(path.join(cache, 'openapi-v2'), { recursive: true });
    // The served kind 1.21 document stands in for an upstream 1.21 spec downloaded earlier.
    copyFileSync(specPath('1.21-served-kind'), path.join(cache, 'openapi-v2', '1.21.json'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.APISNOOP_CACHE_DIR;
    else process.env.APISNOOP_CACHE_DIR = saved;
  });

  it('reads the cached copy without the network', async () => {
    const spec = await loadSpec('1.21');
    expect(spec.kubernetesVersion).toBe('1.21');
    expect(spec.operations.length).toBe(990);
    expect(spec.source).toBe(path.join(cache, 'openapi-v2', '1.21.json'));
  });

  it('a path that looks like a version but exists is a file', async () => {
    const file = write('1.30', readFileSync(specPath('1.30')));
    const prev = process.cwd();
    process.chdir(dir);
    try {
      const spec = await loadSpec('1.30');
      expect(spec.source).toBe('1.30');
      expect(spec.operations.length).toBe(944);
    } finally {
      process.chdir(prev);
    }
    expect(file).toBe(path.join(dir, '1.30'));
  });
});
