// Regenerates the data APISnoop ships (data/) from the public fixtures beside the checkout (../shared/fixtures):
//   data/k8s/<release>.json.gz  classified operations of each upstream spec + the compact conformance overlay
//   data/k8s/catalogue.jsonl.gz every distinct operation of those releases, with the releases serving it, by group/version
//   data/deprecations.json      Pluto's Kubernetes API deprecation table
//   data/conformance-endpoints.json  APISnoop's conformance-endpoints.json, compact: operationId -> tested_release
//   data/ineligible-endpoints.json   Kubernetes' endpoints ineligible for conformance (APISnoop's copy): operationId -> reason
//   data/sample-audit.log.gz    the demo log (scripts/make-sample.ts)
// Run: npx tsx scripts/make-data.ts [fixturesDir]
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { entriesFromPluto } from '../src/engine/deprecations.js';
import { specFromDocument } from '../src/engine/spec.js';
import { compareMinor } from '../src/engine/deprecations.js';
import { catalogueText, type CatalogueEntry } from '../src/engine/release-catalogue.js';
import type { ConformanceEndpointsData, IneligibleEndpointsData, ReleaseData } from '../src/sources/specs.js';
import { isMain } from './is-main.js';

export const fixturesDir = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/fixtures'));
const out = resolve(import.meta.dirname, '../data');

const readJson = (file: string): unknown => {
  const buf = readFileSync(file);
  return JSON.parse((buf[0] === 0x1f ? gunzipSync(buf) : buf).toString('utf8'));
};

/** gzip with a zero mtime, so a regenerated file is byte-identical. */
const gz = (text: string): Buffer => gzipSync(Buffer.from(text), { level: 9 });

export function releaseData(specFile: string, version: string): ReleaseData {
  const spec = specFromDocument(readJson(specFile), `kubernetes release-${version} api/openapi-spec/swagger.json`, version);
  let conformance: ReleaseData['conformance'] = null;
  const covFile = join(fixturesDir, 'apisnoop', `coverage-${version}.0.json.gz`);
  try {
    const cov = readJson(covFile) as { release: string; endpoints: Array<{ endpoint: string; tested: boolean; conf_tested: boolean }> };
    conformance = {
      release: cov.release,
      source: `kubernetes-sigs/apisnoop resources/coverage/${version}.0.json`,
      endpoints: cov.endpoints.map((e) => [e.endpoint, e.tested === true, e.conf_tested === true] as [string, boolean, boolean]).sort(),
    };
  } catch {
    // No published coverage for this release (1.13): the overlay is simply absent.
  }
  return { kubernetesVersion: spec.kubernetesVersion, source: spec.source, operations: spec.operations, conformance };
}

/**
 * The releases' operations merged: one entry per operationId, method and path, classified as its latest release does.
 * `clusterServed`: releases known only from a cluster's own document (kind's 1.21), whose operations are served then
 * but whose gaps prove nothing (an API the cluster did not enable).
 */
export function catalogueData(releases: ReleaseData[], clusterServed: readonly string[] = []): { releases: string[]; clusterServed: string[]; operations: CatalogueEntry[] } {
  const sorted = [...releases].sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion));
  const byKey = new Map<string, CatalogueEntry>();
  for (const r of sorted) {
    for (const op of r.operations) {
      const k = `${op.operationId} ${op.method} ${op.path}`;
      const had = byKey.get(k);
      if (had) {
        had.op = op;
        had.served.push(r.kubernetesVersion);
      } else byKey.set(k, { op, served: [r.kubernetesVersion] });
    }
  }
  const operations = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { releases: sorted.map((r) => r.kubernetesVersion), clusterServed: [...clusterServed], operations };
}

/** operationId -> the release (1.NN) since which conformance tests cover it, from APISnoop's conformance-endpoints.json. */
export function conformanceEndpointsData(): ConformanceEndpointsData {
  const list = readJson(join(fixturesDir, 'apisnoop', 'conformance-endpoints.json.gz')) as Array<{ endpoint: string; tested_release: string }>;
  const minor = (v: string): string => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? v;
  return {
    source: 'kubernetes-sigs/apisnoop resources/coverage/conformance-endpoints.json',
    testedRelease: Object.fromEntries(list.map((e) => [e.endpoint, minor(e.tested_release)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** operationId -> why it is ineligible for conformance, from APISnoop's ineligible_endpoints.json. */
export function ineligibleEndpointsData(): IneligibleEndpointsData {
  const list = readJson(join(fixturesDir, 'apisnoop', 'ineligible_endpoints.json')) as Array<{ endpoint: string; reason: string }>;
  return {
    source: 'kubernetes-sigs/apisnoop resources/coverage/ineligible_endpoints.json (kubernetes test/conformance/testdata/ineligible_endpoints.yaml)',
    reasons: Object.fromEntries(list.map((e) => [e.endpoint, e.reason] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** The upstream specs (`served: false`) and the documents clusters served (kind 1.21: `served: true`). */
function specDocuments(): Array<{ file: string; version: string; served: boolean }> {
  return readdirSync(join(fixturesDir, 'openapi-v2'))
    .map((f) => ({ f, m: /^swagger-(\d+\.\d+)(-served-kind)?\.json\.gz$/.exec(f) }))
    .filter((x) => x.m)
    .map((x) => ({ file: join(fixturesDir, 'openapi-v2', x.f), version: x.m![1], served: x.m![2] !== undefined }));
}

/** The releases shipped as data/k8s/<release>.json.gz: upstream specs only (a cluster's document is not a release's). */
export function specFiles(): Array<{ file: string; version: string }> {
  return specDocuments()
    .filter((d) => !d.served)
    .map(({ file, version }) => ({ file, version }));
}

/**
 * What a cluster served, for the catalogue only: kind's 1.21 holds the APIs added and removed between the shipped 1.13
 * and 1.28 (networking.k8s.io/v1beta1 Ingress, discovery.k8s.io/v1beta1, policy/v1beta1 until 1.25), which were
 * unmatched before, and so passed the removed rule.
 */
export function servedFiles(): Array<{ file: string; version: string }> {
  return specDocuments()
    .filter((d) => d.served)
    .map(({ file, version }) => ({ file, version }));
}

/** The catalogue of the shipped releases and the documents clusters served. */
export function shippedCatalogueData(releases: ReleaseData[]): { releases: string[]; clusterServed: string[]; operations: CatalogueEntry[] } {
  const served = servedFiles().map(({ file, version }) => releaseData(file, version));
  return catalogueData(
    [...releases, ...served],
    served.map((r) => r.kubernetesVersion),
  );
}

if (isMain(import.meta.url)) {
  mkdirSync(join(out, 'k8s'), { recursive: true });
  const releases: ReleaseData[] = [];
  for (const { file, version } of specFiles()) {
    const data = releaseData(file, version);
    releases.push(data);
    writeFileSync(join(out, 'k8s', `${version}.json.gz`), gz(JSON.stringify(data)));
    console.log(`data/k8s/${version}.json.gz: ${data.operations.length} operations, conformance ${data.conformance ? data.conformance.endpoints.length : 'none'}`);
  }
  const catalogue = shippedCatalogueData(releases);
  writeFileSync(join(out, 'k8s', 'catalogue.jsonl.gz'), gz(catalogueText(catalogue.releases, catalogue.operations, catalogue.clusterServed)));
  console.log(`data/k8s/catalogue.jsonl.gz: ${catalogue.operations.length} operations of ${catalogue.releases.length} releases`);
  const pluto = entriesFromPluto(load(readFileSync(join(fixturesDir, 'deprecations', 'pluto-versions.yaml'), 'utf8')));
  writeFileSync(join(out, 'deprecations.json'), JSON.stringify(pluto, null, 1) + '\n');
  console.log(`data/deprecations.json: ${pluto.length} entries`);
  const tested = conformanceEndpointsData();
  writeFileSync(join(out, 'conformance-endpoints.json'), JSON.stringify(tested, null, 1) + '\n');
  console.log(`data/conformance-endpoints.json: ${Object.keys(tested.testedRelease).length} endpoints`);
  const ineligible = ineligibleEndpointsData();
  writeFileSync(join(out, 'ineligible-endpoints.json'), JSON.stringify(ineligible, null, 1) + '\n');
  console.log(`data/ineligible-endpoints.json: ${Object.keys(ineligible.reasons).length} endpoints`);
}
