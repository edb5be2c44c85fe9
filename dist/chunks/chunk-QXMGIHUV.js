import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  InputError,
  analyzeInParallel,
  duplicateInput,
  expandInputs,
  isGzipHeader,
  planSplit,
  readAuditInput,
  readFailure
} from "./chunk-YQXXUSRP.js";
import {
  makeDir
} from "./chunk-L7LJPQF6.js";
import {
  Analysis,
  compareMinor,
  deprecationTable,
  manyOpenWarner,
  specFromDocument
} from "./chunk-VZLTIE2J.js";

// src/version.ts
var VERSION = "0.1.0";

// src/sources/specs.ts
import { existsSync } from "node:fs";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

// src/engine/conformance.ts
var ConformanceError = class extends Error {
};
function conformanceFromCoverage(doc, source) {
  const d = doc;
  if (!d || typeof d !== "object" || !Array.isArray(d.endpoints)) {
    throw new ConformanceError(`${source}: not APISnoop coverage data (no "endpoints" array)`);
  }
  const endpoints = /* @__PURE__ */ new Map();
  for (const e of d.endpoints) {
    if (!e.endpoint) continue;
    endpoints.set(e.endpoint, {
      tested: e.tested === true,
      conformanceTested: e.conf_tested === true,
      tests: Array.isArray(e.tests) ? e.tests.filter((t) => typeof t === "string") : []
    });
  }
  return { release: String(d.release ?? "unknown"), source, endpoints };
}
var minorOf = (v) => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? null;
function withTestedSince(data, since) {
  const release = minorOf(data.release);
  if (!since || release === null) return data;
  const endpoints = /* @__PURE__ */ new Map();
  for (const [id, e] of data.endpoints) {
    const first = since.releases.get(id);
    const promoted = !e.conformanceTested && first !== void 0 && compareMinor(first, release) <= 0;
    endpoints.set(id, promoted ? { ...e, tested: true, conformanceTested: true } : e);
  }
  return { ...data, endpoints };
}

// src/sources/specs.ts
var SourceError = class extends Error {
};
function dataDir() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../data", "../../data", "../../../data"]) {
    const dir = join(here, rel);
    if (existsSync(join(dir, "k8s"))) return dir;
  }
  throw new SourceError(`cannot find the shipped data/ directory near ${here}`);
}
async function readMaybeGzip(file) {
  let buf;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw new SourceError(readFailure(file, err));
  }
  if (isGzipHeader(buf)) {
    try {
      return gunzipSync(buf);
    } catch (err) {
      throw new SourceError(`${file}: corrupt or truncated gzip (${err.message})`);
    }
  }
  return buf;
}
async function readJson(file) {
  const buf = await readMaybeGzip(file);
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw new SourceError(`${file}: not JSON (${err.message})`);
  }
}
var isVersion = (s) => /^v?1\.\d+(\.\d+)?$/.test(s);
function normVersion(s) {
  if (!isVersion(s)) throw new SourceError(`${s}: not a Kubernetes release (write it as 1.NN, e.g. 1.33)`);
  return s.replace(/^v/, "").replace(/^(\d+\.\d+)\.\d+$/, "$1");
}
async function shippedReleases() {
  const files = await readdir(join(dataDir(), "k8s"));
  return files.map((f) => /^(\d+\.\d+)\.json\.gz$/.exec(f)?.[1]).filter((v) => !!v).sort(compareMinor);
}
var shippedReads = /* @__PURE__ */ new Map();
function shippedRelease(version) {
  const file = join(dataDir(), "k8s", `${normVersion(version)}.json.gz`);
  let read = shippedReads.get(file);
  if (!read) {
    read = existsSync(file) ? readJson(file) : Promise.resolve(null);
    shippedReads.set(file, read);
  }
  return read;
}
function cacheDir() {
  return process.env.APISNOOP_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "apisnoop");
}
var SPEC_URL = "https://raw.githubusercontent.com/kubernetes/kubernetes/release-{version}/api/openapi-spec/swagger.json";
var COVERAGE_URL = "https://raw.githubusercontent.com/kubernetes-sigs/apisnoop/main/resources/coverage/{version}.0.json";
async function cachedDownload(kind, version, urlTemplate) {
  const file = join(cacheDir(), kind, `${version}.json`);
  if (existsSync(file)) return file;
  const url = urlTemplate.replace("{version}", version);
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(6e4) });
  } catch (err) {
    throw new SourceError(`cannot download ${kind} for Kubernetes ${version} from ${url}: ${err.message}`);
  }
  if (!res.ok) throw new SourceError(`cannot download ${kind} for Kubernetes ${version}: ${url} answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    throw new SourceError(`download of ${kind} for Kubernetes ${version} from ${url} is not JSON`);
  }
  await makeDir(dirname(file));
  await writeFile(file, body);
  return file;
}
async function loadSpecFile(file, version) {
  return specFromDocument(await readJson(file), file, version);
}
async function loadSpecVersion(version) {
  const v = normVersion(version);
  const shipped = await shippedRelease(v);
  if (shipped) return { kubernetesVersion: shipped.kubernetesVersion, source: shipped.source, operations: shipped.operations };
  const file = await cachedDownload("openapi-v2", v, process.env.APISNOOP_SPEC_URL ?? SPEC_URL);
  return loadSpecFile(file, v);
}
async function loadSpec(ref) {
  return isVersion(ref) && !existsSync(ref) ? loadSpecVersion(ref) : loadSpecFile(ref);
}
var testedSinceRead;
function loadTestedSince() {
  testedSinceRead ??= readJson(join(dataDir(), "conformance-endpoints.json")).then((d) => ({
    source: d.source,
    releases: new Map(Object.entries(d.testedRelease))
  }));
  return testedSinceRead;
}
var ineligibleRead;
function loadIneligible() {
  ineligibleRead ??= readJson(join(dataDir(), "ineligible-endpoints.json")).then((d) => new Map(Object.entries(d.reasons)));
  return ineligibleRead;
}
async function loadConformanceFile(file) {
  return withTestedSince(conformanceFromCoverage(await readJson(file), file), await loadTestedSince());
}
function conformanceFromShipped(r) {
  if (!r.conformance) return null;
  const endpoints = /* @__PURE__ */ new Map();
  for (const [id, tested, conf] of r.conformance.endpoints) endpoints.set(id, { tested, conformanceTested: conf, tests: [] });
  return { release: r.conformance.release, source: r.conformance.source, endpoints };
}
async function loadConformanceVersion(version) {
  const v = normVersion(version);
  const shipped = await shippedRelease(v);
  const fromShipped = shipped && conformanceFromShipped(shipped);
  if (fromShipped) return withTestedSince(fromShipped, await loadTestedSince());
  const file = await cachedDownload("coverage", v, process.env.APISNOOP_COVERAGE_URL ?? COVERAGE_URL);
  return loadConformanceFile(file);
}
async function loadDeprecations() {
  const entries = await readJson(join(dataDir(), "deprecations.json"));
  return deprecationTable(entries);
}

// src/analyze.ts
var CLUSTER_SPEC_SOURCE = "kubectl get --raw /openapi/v2";
async function fetchClusterSpec(kubeconfig) {
  const args = ["get", "--raw", "/openapi/v2", ...kubeconfig ? ["--kubeconfig", kubeconfig] : []];
  const { execa } = await import("./execa-OPIMMBV2.js");
  const { stdout } = await execa("kubectl", args, { maxBuffer: 512 * 1024 * 1024 }).catch((err) => {
    throw new SourceError(`${CLUSTER_SPEC_SOURCE} failed: ${err.message.split("\n")[0]}`);
  });
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new SourceError(`${CLUSTER_SPEC_SOURCE}: not JSON (${err.message})`);
  }
  return specFromDocument(doc, CLUSTER_SPEC_SOURCE);
}
async function primarySpec(s) {
  const given = [s.spec, s.kubernetesVersion, s.fromCluster ? "cluster" : void 0].filter(Boolean);
  if (given.length > 1) throw new SourceError("give one of --spec, --k8s-version or --from-cluster");
  if (s.spec) return loadSpecFile(s.spec, s.kubernetesVersion);
  if (s.fromCluster) return fetchClusterSpec();
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}
async function laterSpecs(s, spec) {
  if (s.nextReleases) {
    const refs = s.nextReleases.filter(Boolean);
    const given = await Promise.all(refs.map(loadSpec));
    for (const [i, later] of given.entries()) {
      if (isVersion(later.kubernetesVersion) && isVersion(spec.kubernetesVersion) && compareMinor(later.kubernetesVersion, spec.kubernetesVersion) <= 0) {
        s.onWarning?.(`--next-releases ${refs[i]}: Kubernetes ${later.kubernetesVersion} is not later than the spec's ${spec.kubernetesVersion}, so not checked`);
      }
    }
    return given;
  }
  if (!isVersion(spec.kubernetesVersion)) return [];
  const newer = (await shippedReleases()).filter((v) => compareMinor(v, spec.kubernetesVersion) > 0);
  return Promise.all(newer.map(loadSpecVersion));
}
async function conformance(s, spec) {
  const c = s.conformance ?? "auto";
  if (c === "none") return null;
  if (c === "auto") {
    if (!isVersion(spec.kubernetesVersion)) return null;
    try {
      return await loadConformanceVersion(spec.kubernetesVersion);
    } catch (err) {
      s.onWarning?.(`no conformance data for Kubernetes ${spec.kubernetesVersion}: ${err.message}`);
      return null;
    }
  }
  const data = await (isVersion(c) ? loadConformanceVersion(c) : loadConformanceFile(c));
  const minor = (v) => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? null;
  const [ours, theirs] = [minor(spec.kubernetesVersion), minor(data.release)];
  if (ours !== null && theirs !== null && ours !== theirs) {
    s.onWarning?.(`conformance data of Kubernetes ${data.release} used with the ${spec.kubernetesVersion} spec: what is conformance tested differs between releases`);
  }
  return data;
}
async function analyzeLogs(s) {
  if (s.logs.length === 0) throw new InputError("no audit log given");
  const files = await expandInputs(s.logs, (repeat) => s.onWarning?.(duplicateInput(repeat)));
  if (files.length === 0) throw new InputError(`no files in ${s.logs.join(", ")}`);
  const spec = await primarySpec(s);
  const [later, conf, deprecations, ineligible] = await Promise.all([laterSpecs(s, spec), conformance(s, spec), loadDeprecations(), loadIneligible()]);
  const manyOpen = manyOpenWarner(s.onWarning, s.manyOpenAt);
  const newAnalysis = () => new Analysis({
    manyOpen,
    spec,
    laterSpecs: later,
    conformance: conf,
    ineligible,
    deprecations,
    selection: s.selection,
    policy: s.policy,
    toolVersion: VERSION,
    onRequest: s.onRequest
  });
  const fast = s.fast !== false;
  const jobs = s.onRequest ? 1 : s.jobs ?? 1;
  let alreadyReported = 0;
  const plan = await planSplit(files, jobs, s.parallelMinBytes);
  if (plan.split === "missing-worker") s.onWarning?.(`--jobs ${jobs}: the worker script (parallel-worker.js) is missing from this build; reading on one thread`);
  if (plan.split === "yes") {
    const whole = newAnalysis();
    const outcome = await analyzeInParallel({
      files,
      workers: plan.workers,
      fast,
      analysis: whole,
      spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source, operations: spec.operations },
      onInvalid: s.onInvalid,
      onProgress: s.onProgress,
      manyOpen
    });
    if (outcome.exact) {
      for (const st of outcome.stats) for (const w of st.warnings) s.onWarning?.(w);
      return whole.finish();
    }
    alreadyReported = outcome.reported;
    if (outcome.warn && outcome.why) s.onWarning?.(outcome.why);
  }
  const analysis = newAnalysis();
  let bytes = 0;
  const sink = {
    value: (raw, file, line) => analysis.value(raw, file, line),
    invalidLine: (file, line, message) => {
      analysis.invalidLine(file, line, message);
      if (alreadyReported > 0) alreadyReported--;
      else s.onInvalid?.({ file, line, message });
    }
  };
  if (fast) {
    sink.event = (ev) => analysis.event(ev);
    if (analysis.takesDeferred) sink.deferred = (st) => analysis.deferred(st);
  }
  const stats = [];
  for (const file of files) {
    analysis.input(file === "-" ? "(stdin)" : file);
    const st = await readAuditInput(file, sink, (n) => {
      bytes += n;
      s.onProgress?.({ bytes, events: analysis.eventCount });
    });
    for (const w of st.warnings) s.onWarning?.(w);
    stats.push(st);
  }
  return analysis.finish();
}

export {
  isVersion,
  shippedReleases,
  loadSpecFile,
  loadSpecVersion,
  VERSION,
  primarySpec,
  analyzeLogs
};
