// Where specs, conformance data and the deprecation table come from: a file, the data the project ships
// (data/k8s/<release>.json.gz, made by scripts/make-data.ts), the upstream release (downloaded once and cached),
// or the live cluster.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { firstLineIsAuditEvent } from '../engine/audit.js';
import { jsonError } from '../engine/json-error.js';
import { xdgBaseDir } from '../xdg.js';
import { ConformanceError, conformanceFromCoverage, withTestedSince, type ConformanceData, type EndpointCoverage, type IneligibleEndpoints, type TestedSince } from '../engine/conformance.js';
import { compareMinor, deprecationTable, isMinor, type DeprecationEntry, type DeprecationTable } from '../engine/deprecations.js';
import type { Operation } from '../engine/report.js';
import { EarlierOperations, parseCatalogue, releaseMisfit, type CatalogueData, type ReleaseMisfit } from '../engine/release-catalogue.js';
import { SpecError, specFromDocument, unquotedYamlRelease, type Spec } from '../engine/spec.js';
import { readFailure } from './read-failure.js';
import { compressionOf, noZstdMessage, refusedMessage, refusedOf, twiceCompressedMessage, zstdInflater } from './compression.js';
import { inflater } from './members.js';
import { utf16Of } from './utf16.js';
import { makeDir } from '../make-dir.js';

/** The compact form of one release the project ships: classified operations and the conformance overlay. */
export interface ReleaseData {
  kubernetesVersion: string;
  source: string;
  operations: Operation[];
  conformance: { release: string; source: string; endpoints: Array<[string, boolean, boolean]> } | null;
}

/** data/conformance-endpoints.json: APISnoop's conformance-endpoints.json, operationId -> tested_release as 1.NN. */
export interface ConformanceEndpointsData {
  source: string;
  testedRelease: Record<string, string>;
}

/** data/ineligible-endpoints.json: Kubernetes' endpoints ineligible for conformance, operationId -> reason. */
export interface IneligibleEndpointsData {
  source: string;
  reasons: Record<string, string>;
}

export class SourceError extends Error {}

/** data/ beside the package: ../../data from src/sources, ../data or ../../data from dist/ and dist/chunks/. */
export function dataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../data', '../../data', '../../../data']) {
    const dir = join(here, rel);
    if (existsSync(join(dir, 'k8s'))) return dir;
  }
  throw new SourceError(`cannot find the shipped data/ directory near ${here}`);
}

/** The most a gzipped spec (or other JSON input) may inflate to: the largest OpenAPI spec is some 10 MB; a gzip bomb is not. */
export const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

/**
 * A JSON file's bytes: plain, or inflated from gzip or zstd, told by their first bytes as the log reader tells them
 * (zstd where this Node.js inflates it). Other compressions and archives, and a file compressed twice, are refused
 * as the log reader refuses them, saying what they are and the command that decompresses them: they were "not JSON",
 * quoting binary.
 */
export async function readMaybeGzip(file: string, maxBytes = MAX_INFLATED_BYTES): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw new SourceError(readFailure(file, err));
  }
  const compression = compressionOf(buf);
  const refused = compression ? null : refusedOf(buf);
  if (refused) throw new SourceError(`${file}: ${refusedMessage(refused, file, undefined, 'json')}`);
  if (!compression) return buf;
  if (compression === 'zstd' && !zstdInflater()) throw new SourceError(`${file}: ${noZstdMessage(file, 'json')}`);
  let inflated: Buffer;
  try {
    inflated = compression === 'gzip' ? gunzipSync(buf, { maxOutputLength: maxBytes }) : await inflateZstd(buf, maxBytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SourceError(`${file}: inflates to more than ${maxBytes >> 20} MiB, larger than any spec: refused`);
    }
    throw new SourceError(`${file}: corrupt or truncated ${compression} (${(err as Error).message})`);
  }
  if (refusedOf(inflated) === 'tar') throw new SourceError(`${file}: ${refusedMessage('tar', file, compression, 'json')}`);
  const inner = compressionOf(inflated);
  if (inner) throw new SourceError(`${file}: ${twiceCompressedMessage(inner, compression, file, 'json')}`);
  return inflated;
}

/** zstd inflated frame after frame (pzstd writes several), as the log reader does; zlib's one-shot stops at the first. */
async function inflateZstd(buf: Buffer, maxBytes: number): Promise<Buffer> {
  const z = inflater('zstd');
  const out: Buffer[] = [];
  let size = 0;
  for await (const piece of Readable.from([buf]).pipe(z) as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > maxBytes) {
      z.destroy();
      throw Object.assign(new Error(`more than ${maxBytes} bytes`), { code: 'ERR_BUFFER_TOO_LARGE' });
    }
    out.push(piece);
  }
  if (z.failure) throw z.failure;
  return Buffer.concat(out);
}

/**
 * A JSON file (plain, gzip or zstd), parsed. UTF-16 (Windows PowerShell 5.1's `kubectl get --raw /openapi/v2 > openapi-v2.json`
 * writes it, with a byte order mark) is read as the text it holds, and a UTF-8 byte order mark (PowerShell 7's
 * Out-File -Encoding utf8BOM, Notepad) is dropped: JSON.parse refused both at their first byte. The same data in
 * YAML (a spec converted with yq) is read too.
 */
export async function readJson(file: string): Promise<unknown> {
  const bytes = await readMaybeGzip(file);
  const text = new TextDecoder(utf16Of(bytes) ?? 'utf-8').decode(bytes);
  // A spec saved by a command that failed (kubectl's error went to the terminal): "not JSON (Unexpected end…)" hid it.
  if (text.trim() === '') throw new SourceError(`${file}: empty`);
  try {
    return JSON.parse(text);
  } catch (err) {
    const yaml = yamlData(text);
    if (yaml) return yaml;
    // An audit log given as a spec or conformance data (--spec LOG): said as the log it is.
    const log = firstLineIsAuditEvent(text) ? '; it is an audit log (its first line is an audit event): give it as a log to analyze' : '';
    // Said without quoting the file (jsonError): an audit log given by mistake holds Secrets' data and tokens.
    throw new SourceError(`${file}: not JSON (${jsonError(err as Error, text)})${log}`);
  }
}

/**
 * Text that is no JSON read as YAML, when it is structured data (a mapping holding mappings or lists, as a spec or
 * coverage data in YAML is); else null. JSON cut short stays a JSON error, and so does a line of text with a colon
 * (kubectl's "error: …" saved in place of the spec), which is YAML too.
 */
function yamlData(text: string): object | null {
  if (/^[\s\uFEFF]*[[{]/.test(text)) return null;
  let doc: unknown;
  try {
    doc = load(text);
  } catch {
    return null;
  }
  const structured = !!doc && typeof doc === 'object' && !Array.isArray(doc) && Object.values(doc).some((v) => !!v && typeof v === 'object');
  return structured ? (doc as object) : null;
}

/**
 * A Kubernetes release: 1.NN, also as v1.NN or with a patch (1.NN.P, whose API is the minor's). A minor is written
 * without a leading zero (1.033 is no release-1.033 branch, nor surely 1.33 or 1.3).
 */
export const isVersion = (s: string): boolean => /^v?1\.(0|[1-9]\d*)(\.\d+)?$/.test(s);
/** "1.33" or "v1.33"; anything else is refused before a download is tried from a branch that cannot exist. */
function normVersion(s: string): string {
  if (/^v?1\.0\d/.test(s)) throw new SourceError(`${s}: not a Kubernetes release: a minor has no leading zero (write it as 1.NN, e.g. 1.33)`);
  if (!isVersion(s)) throw new SourceError(`${s}: not a Kubernetes release (write it as 1.NN, e.g. 1.33)`);
  return s.replace(/^v/, '').replace(/^(\d+\.\d+)\.\d+$/, '$1');
}

export async function shippedReleases(): Promise<string[]> {
  const files = await readdir(join(dataDir(), 'k8s'));
  return files
    .map((f) => /^(\d+\.\d+)\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => !!v)
    .sort(compareMinor);
}

/** Read once per process: the spec and the conformance data of a release come from the same file. */
const shippedReads = new Map<string, Promise<ReleaseData | null>>();

export function shippedRelease(version: string): Promise<ReleaseData | null> {
  const file = join(dataDir(), 'k8s', `${normVersion(version)}.json.gz`);
  let read = shippedReads.get(file);
  if (!read) {
    read = existsSync(file) ? (readJson(file) as Promise<ReleaseData>) : Promise.resolve(null);
    shippedReads.set(file, read);
  }
  return read;
}

let catalogue: CatalogueData | null | undefined;

/**
 * data/k8s/catalogue.jsonl.gz, read once per thread and only when a request of an API the spec does not serve asks for
 * it (synchronously: the analysis matches inside its loop). Null when this build ships none.
 */
export function shippedCatalogue(): CatalogueData | null {
  if (catalogue === undefined) {
    const file = join(dataDir(), 'k8s', 'catalogue.jsonl.gz');
    catalogue = existsSync(file) ? parseCatalogue(gunzipSync(readFileSync(file)).toString('utf8')) : null;
  }
  return catalogue;
}

/** The shipped releases' operations as of a release (1.NN), for the analysis; none for a spec of no known release. */
export function earlierOperations(release: string): (() => EarlierOperations | null) | undefined {
  if (!isMinor(release)) return undefined;
  return () => {
    const data = shippedCatalogue();
    return data && new EarlierOperations(data, release);
  };
}

/**
 * What the shipped releases say against a spec file's release when it was not the spec's own (info.version) but given
 * with it (--k8s-version) or read from its file name: a 1.30 spec taken as 1.33 serves operations 1.33 does not, and
 * its removals would be dated from the wrong release. Null when it fits, or names its own release, or none.
 */
export function specReleaseMisfit(spec: Pick<Spec, 'kubernetesVersion' | 'versionFrom' | 'operations'>): ReleaseMisfit | null {
  if ((spec.versionFrom !== 'given' && spec.versionFrom !== 'file name') || !isMinor(spec.kubernetesVersion)) return null;
  const data = shippedCatalogue();
  return data && releaseMisfit(data, spec.operations, spec.kubernetesVersion);
}

/**
 * An environment variable's value, unset when empty: a workflow's `env: APISNOOP_CACHE_DIR: ${{ vars.X }}` with X
 * undefined sets it to "", which made the cache the working directory and a download URL "". (XDG says the same of
 * XDG_CACHE_HOME.)
 */
const setting = (name: string): string | undefined => process.env[name] || undefined;

export function cacheDir(): string {
  // A relative XDG_CACHE_HOME cached specs in the working directory: it is ignored, as the XDG spec says (xdgBaseDir).
  return setting('APISNOOP_CACHE_DIR') ?? join(xdgBaseDir('XDG_CACHE_HOME', '.cache'), 'apisnoop');
}

const SPEC_URL = 'https://raw.githubusercontent.com/kubernetes/kubernetes/release-{version}/api/openapi-spec/swagger.json';
const COVERAGE_URL = 'https://raw.githubusercontent.com/kubernetes-sigs/apisnoop/main/resources/coverage/{version}.0.json';

/** The first release APISnoop published coverage data of: before it there is no file to download. */
export const FIRST_COVERAGE_RELEASE = '1.15';
/** The releases whose coverage file APISnoop names by the minor alone (1.15.json), not 1.NN.0.json as since 1.17. */
const MINOR_NAMED_COVERAGE: ReadonlySet<string> = new Set(['1.15', '1.16']);

/**
 * A release's coverage file as a URL template (COVERAGE_URL, or APISNOOP_COVERAGE_URL's mirror of the repository)
 * names it: {version} is the release, and 1.15 and 1.16, which APISnoop names without the .0, drop it there too.
 */
export function coverageUrl(template: string, version: string): string {
  const minorNamed = MINOR_NAMED_COVERAGE.has(version) && template.includes('{version}.0.json');
  return minorNamed ? template.replace('{version}.0.json', `${version}.json`) : template.replace('{version}', version);
}

/** The coverage file of a release in APISnoop's repository, for the messages that name it. */
const coverageFile = (version: string): string => coverageUrl('resources/coverage/{version}.0.json', version);

/** A download that failed (offline, a release the server does not have, an answer that is not JSON or not the data asked for). */
class DownloadError extends SourceError {}

/** Downloads under way in this process, by cache file: a release named twice is fetched once. */
const downloads = new Map<string, Promise<void>>();

/** What a file that does not load as the data it should be throws: unreadable, not JSON, or JSON of another shape. */
const isInputError = (err: unknown): err is Error => err instanceof SourceError || err instanceof SpecError || err instanceof ConformanceError;

/**
 * A release's file by way of the cache: downloaded once, read by later runs (and offline ones). A cached copy that
 * does not load (cut short when a run was killed while writing it, edited, or a wrong answer an earlier version kept)
 * is downloaded again, not an error the user has to trace to a file they never wrote. `check` reads a download's
 * document as `load` will, so that JSON of another shape (a server's error in JSON) is refused naming its URL, and
 * never kept.
 */
async function fromCache<T>(
  kind: string,
  version: string,
  url: string,
  load: (file: string) => Promise<T>,
  check: (doc: unknown, source: string) => unknown,
): Promise<T> {
  const file = join(cacheDir(), kind, `${version}.json`);
  let broken: string | undefined;
  if (existsSync(file)) {
    try {
      return await load(file);
    } catch (err) {
      if (!isInputError(err)) throw err;
      broken = err.message;
    }
  }
  let download = downloads.get(file);
  if (!download) {
    download = downloadTo(file, kind, version, url, check, broken).finally(() => downloads.delete(file));
    downloads.set(file, download);
  }
  await download;
  return load(file);
}

async function downloadTo(
  file: string,
  kind: string,
  version: string,
  url: string,
  check: (doc: unknown, source: string) => unknown,
  broken: string | undefined,
): Promise<void> {
  // Why the cached copy was not used, when there was one: a failed download alone would hide it.
  const because = broken ? ` (the cached copy did not load: ${broken})` : '';
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new DownloadError(`cannot download ${kind} for Kubernetes ${version} from ${url}: ${(err as Error).message}${because}`);
  }
  if (!res.ok) throw new DownloadError(`cannot download ${kind} for Kubernetes ${version}: ${url} answered ${res.status}${because}`);
  const body = Buffer.from(await res.arrayBuffer());
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new DownloadError(`download of ${kind} for Kubernetes ${version} from ${url} is not JSON${because}`);
  }
  try {
    check(doc, url);
  } catch (err) {
    if (!isInputError(err)) throw err;
    // The checks name their source first ("<url>: not an OpenAPI v2 document …"): said once, after the URL. Their
    // advice (": give APISnoop's …") is for a file given; the caller says the ways out of a download.
    const why = (err.message.startsWith(`${url}: `) ? err.message.slice(url.length + 2) : err.message).split(': give ')[0];
    throw new DownloadError(`cannot download ${kind} for Kubernetes ${version}: what ${url} answered is JSON, but ${why}${because}`);
  }
  // Written beside it and renamed: a run killed mid-write (or two jobs sharing a cache) never leaves half a file.
  const part = `${file}.${process.pid}.part`;
  try {
    await makeDir(dirname(file));
    await writeFile(part, body);
    await rename(part, file);
  } catch (err) {
    await rm(part, { force: true }).catch(() => undefined);
    throw new SourceError(`cannot keep the download of ${kind} for Kubernetes ${version} in the cache, ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; set APISNOOP_CACHE_DIR to a directory apisnoop may write`);
  }
}

export async function loadSpecFile(file: string, version?: string): Promise<Spec> {
  // Not stdin, which analyze reads logs from: said so, not as a file named '-' that is missing (ENOENT).
  if (file === '-') throw new SourceError("-: a spec is read from a file, not stdin: save it first (kubectl get --raw /openapi/v2 > openapi-v2.json), or give --from-cluster");
  return specFromDocument(await readJson(file), file, version);
}

/** A release by version: the shipped compact index first, else the upstream spec (downloaded, cached). */
export async function loadSpecVersion(version: string): Promise<Spec> {
  const v = normVersion(version);
  const shipped = await shippedRelease(v);
  if (shipped) return { kubernetesVersion: shipped.kubernetesVersion, source: shipped.source, operations: shipped.operations };
  const spec = (doc: unknown, source: string) => specFromDocument(doc, source, v);
  return fromCache('openapi-v2', v, (setting('APISNOOP_SPEC_URL') ?? SPEC_URL).replace('{version}', v), (file) => loadSpecFile(file, v), spec).catch(async (err: Error) => {
    if (!(err instanceof DownloadError)) throw err;
    // Offline, a release not shipped fails as a release that does not exist would: say what is at hand instead.
    // 1.1 to 1.4 have no spec file in their release branch (1.5 brought it): a 1.3 is most likely a 1.30 that YAML read
    // as a number.
    const yaml = unquotedYamlRelease(v);
    throw new SourceError(
      `Kubernetes ${v} is not shipped with apisnoop (shipped: ${(await shippedReleases()).join(', ')}) and ${err.message}. ` +
        (yaml ? `If 1.${v.slice(2)}0 was meant: ${yaml}. ` : '') +
        // Said for every place a release is named (--spec, --next-releases, the Action's inputs): each takes a file.
        'Give its spec as a file instead (kubectl get --raw /openapi/v2 > openapi-v2.json on a cluster of that release)',
    );
  });
}

/** A spec given as a file path or a version. */
export async function loadSpec(ref: string): Promise<Spec> {
  return isVersion(ref) && !existsSync(ref) ? loadSpecVersion(ref) : loadSpecFile(ref);
}

let testedSinceRead: Promise<TestedSince> | undefined;

/** The shipped conformance-endpoints data, read once per process. */
export function loadTestedSince(): Promise<TestedSince> {
  testedSinceRead ??= (readJson(join(dataDir(), 'conformance-endpoints.json')) as Promise<ConformanceEndpointsData>).then((d) => ({
    source: d.source,
    releases: new Map(Object.entries(d.testedRelease)),
  }));
  return testedSinceRead;
}

let ineligibleRead: Promise<IneligibleEndpoints> | undefined;

/** The shipped list of endpoints ineligible for conformance, read once per process. */
export function loadIneligible(): Promise<IneligibleEndpoints> {
  ineligibleRead ??= (readJson(join(dataDir(), 'ineligible-endpoints.json')) as Promise<IneligibleEndpointsData>).then((d) => new Map(Object.entries(d.reasons)));
  return ineligibleRead;
}

/** Coverage data as a file (APISnoop's, or a download of it), with what conformance-endpoints.json adds. */
export async function loadConformanceFile(file: string): Promise<ConformanceData> {
  return withTestedSince(conformanceFromCoverage(await readJson(file), file), await loadTestedSince());
}

export function conformanceFromShipped(r: ReleaseData): ConformanceData | null {
  if (!r.conformance) return null;
  const endpoints = new Map<string, EndpointCoverage>();
  for (const [id, tested, conf] of r.conformance.endpoints) endpoints.set(id, { tested, conformanceTested: conf, tests: [] });
  return { release: r.conformance.release, source: r.conformance.source, endpoints };
}

/** Conformance coverage of a release: shipped, else APISnoop's published file (downloaded, cached). */
export async function loadConformanceVersion(version: string): Promise<ConformanceData> {
  const v = normVersion(version);
  const shipped = await shippedRelease(v);
  const fromShipped = shipped && conformanceFromShipped(shipped);
  if (fromShipped) return withTestedSince(fromShipped, await loadTestedSince());
  // Worded for every place it is named (--conformance, the Action's input).
  const without = "--conformance none (the Action's input conformance: none) goes without it";
  if (compareMinor(v, FIRST_COVERAGE_RELEASE) < 0) {
    // Not asked for: a download could only fail, and its advice would name a file that does not exist.
    throw new SourceError(
      `APISnoop publishes no conformance coverage data for Kubernetes ${v} (its first is ${FIRST_COVERAGE_RELEASE}'s), so none is downloaded: ` +
        `an e2e run analysed with --e2e takes its own [Conformance] tests as the data, and ${without}`,
    );
  }
  const url = coverageUrl(setting('APISNOOP_COVERAGE_URL') ?? COVERAGE_URL, v);
  return fromCache('coverage', v, url, loadConformanceFile, conformanceFromCoverage).catch((err: Error) => {
    if (!(err instanceof DownloadError)) throw err;
    // Offline, as for a spec: say the ways out.
    throw new SourceError(
      `${err.message}. Give --conformance (the Action's input conformance) APISnoop's coverage data of that release as a ` +
        `file instead (${coverageFile(v)} of github.com/kubernetes-sigs/apisnoop), or none to go without it`,
    );
  });
}

export async function loadDeprecations(): Promise<DeprecationTable> {
  const entries = (await readJson(join(dataDir(), 'deprecations.json'))) as DeprecationEntry[];
  return deprecationTable(entries);
}
