// The real public data the engine tests read (../shared/fixtures, see its PROVENANCE.md), loaded once per test file.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Analysis, type AnalysisOptions } from '../../src/engine/analysis.js';
import { OperationIndex } from '../../src/engine/operation-index.js';
import type { Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { readAuditInput } from '../../src/sources/audit-files.js';
import { loadSpecFile } from '../../src/sources/specs.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
export const fixture = (...parts: string[]): string => path.join(fixturesDir, ...parts);

export const AUDIT2RBAC_2017 = fixture('audit/audit2rbac/demo-2017-v1beta1.log');
export const AUDIT2RBAC_V1 = fixture('audit/audit2rbac/demo-v1.log');
export const APISNOOP_TESTDATA = fixture('audit/apisnoop-testdata');
export const HKERMA_CSV = fixture('audit/hkerma-kubernetes-event-dataset/audit-logs.csv.gz');

/** Every OpenAPI v2 fixture file name: swagger-1.13.json.gz … swagger-1.36.json.gz, swagger-1.21-served-kind.json.gz. */
export const SPEC_FILES = readdirSync(fixture('openapi-v2')).filter((f) => f.endsWith('.json.gz')).sort();
export const specPath = (name: string): string => fixture('openapi-v2', name.startsWith('swagger-') ? name : `swagger-${name}.json.gz`);

const specs = new Map<string, Promise<Spec>>();
/** A spec by file name or short name ('1.36', '1.21-served-kind'), parsed once per test file. */
export function loadFixtureSpec(name: string): Promise<Spec> {
  const file = specPath(name);
  let p = specs.get(file);
  if (!p) specs.set(file, (p = loadSpecFile(file)));
  return p;
}

const indexes = new Map<string, Promise<OperationIndex>>();
export function fixtureIndex(name: string): Promise<OperationIndex> {
  let p = indexes.get(name);
  if (!p) indexes.set(name, (p = loadFixtureSpec(name).then((s) => new OperationIndex(s.operations))));
  return p;
}

/** A JSON or JSON.gz fixture, parsed. */
export function readFixtureJson<T = unknown>(...parts: string[]): T {
  const buf = readFileSync(fixture(...parts));
  return JSON.parse((buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8')) as T;
}

/** The raw OpenAPI v2 document of a fixture spec. */
export function readSpecDocument(name: string): { swagger: string; info?: { version?: string }; paths: Record<string, Record<string, unknown>> } {
  return readFixtureJson('openapi-v2', path.basename(specPath(name)));
}

/** A CRD of a served spec: its group and version, and its kind (default Widget) and plural (widgets). */
export interface ServedCrd {
  group: string;
  version: string;
  kind?: string;
  plural?: string;
  /**
   * Every route the apiserver publishes for a CRD with the status and scale subresources (list, create and
   * deletecollection; get, put, patch and delete of one; get, put and patch of its status and scale; for a namespaced
   * one, the list in all namespaces), never a /watch/ path; without it, list and create and a patch of the status.
   */
  allRoutes?: boolean;
  /** A cluster-scoped CRD: no namespaces/{namespace} in its paths, nor Namespaced in its operationIds. */
  cluster?: boolean;
}

/**
 * kubectl get --raw /openapi/v2 of a cluster of `release`, written gzipped to `file`: upstream's spec with the
 * cluster's release in info.version, plus each CRD's operations as the apiserver publishes a CRD's (list and create,
 * and a patch of the status; operationIds such as listDemoExampleComV1alpha1NamespacedWidget).
 */
export function writeServedSpec(file: string, release: string, crds: readonly ServedCrd[]): string {
  const doc = readSpecDocument(release);
  doc.info = { ...doc.info, version: `v${release}.1` };
  const upper = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  for (const { group, version, kind = 'Widget', plural = 'widgets', allRoutes = false, cluster = false } of crds) {
    const G = group.split(/[.-]/).map(upper).join('');
    const op = (verb: string, action: string, suffix = '', scope = cluster ? '' : 'Namespaced') => ({
      operationId: `${verb}${G}${upper(version)}${scope}${kind}${suffix}`,
      tags: [`${G}_${version}`],
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': { group, version, kind },
      responses: { '200': { description: 'OK' } },
    });
    const all = `/apis/${group}/${version}/${plural}`;
    const base = cluster ? all : `/apis/${group}/${version}/namespaces/{namespace}/${plural}`;
    if (!allRoutes) {
      doc.paths[base] = { get: op('list', 'list'), post: op('create', 'post') };
      doc.paths[`${base}/{name}/status`] = { patch: op('patch', 'patch', 'Status') };
      continue;
    }
    doc.paths[base] = { get: op('list', 'list'), post: op('create', 'post'), delete: op('deletecollection', 'deletecollection') };
    doc.paths[`${base}/{name}`] = { get: op('read', 'get'), put: op('replace', 'put'), patch: op('patch', 'patch'), delete: op('delete', 'delete') };
    for (const sub of ['Status', 'Scale']) {
      doc.paths[`${base}/{name}/${sub.toLowerCase()}`] = { get: op('read', 'get', sub), put: op('replace', 'put', sub), patch: op('patch', 'patch', sub) };
    }
    if (!cluster) doc.paths[all] = { get: op('list', 'list', 'ForAllNamespaces', '') };
  }
  writeFileSync(file, gzipSync(JSON.stringify(doc)));
  return file;
}

/** Lines of a JSON-lines fixture, empty lines dropped. */
export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Run the pure engine over files through the same reader the CLI uses. */
export async function analyzeFiles(files: string[], opts: AnalysisOptions): Promise<Report> {
  const analysis = new Analysis(opts);
  for (const f of files) {
    analysis.input(f);
    await readAuditInput(f, analysis);
  }
  return analysis.finish();
}

/** Run the pure engine over JSON lines held in memory (events derived from real ones). */
export function analyzeLines(lines: string[], opts: AnalysisOptions, file = '(memory)'): Report {
  const analysis = new Analysis(opts);
  analysis.input(file);
  lines.forEach((l, i) => {
    if (l.trim() !== '') analysis.line(l, file, i + 1);
  });
  return analysis.finish();
}

export { scratchDir } from './scratch.js';
