import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  READ_TIMEOUT_MS,
  REQUEST_TIMEOUT,
  stopAtLimit,
  stoppedText,
  timedOutText
} from "./chunk-UMDFYM2V.js";
import {
  InputError,
  MAX_LINE_BYTES,
  SourceError,
  analyzeInParallel,
  catalogueGroups,
  duplicateInput,
  earlierOperations,
  expandInputs,
  fileText,
  inflate,
  isVersion,
  laterReleasesServing,
  loadConformanceFile,
  loadConformanceVersion,
  loadDeprecations,
  loadIneligible,
  loadSpec,
  loadSpecFile,
  loadSpecVersion,
  planSplit,
  readAuditInput,
  servedBy,
  shippedCatalogue,
  shippedReleases,
  shownName,
  specReleaseMisfit,
  valuesOnLine
} from "./chunk-MGW7ATYX.js";
import {
  e2eReleaseNote
} from "./chunk-ZOHRZ7ZL.js";
import {
  Analysis,
  COMPRESSED_SUFFIX,
  MANY_OPEN,
  ManyOpen,
  assemblyWarnings,
  compressionOf,
  countedEarlyWarning,
  eventsIn,
  isFinal,
  jsonError,
  newAssemblyTallies,
  newOddFields,
  oddFieldWarnings,
  unknownAllowWarnings,
  untally,
  zstdInflater
} from "./chunk-SCAZIKRH.js";
import {
  compareMinor,
  isMinor,
  minorOf,
  pathShape,
  plutoVersion,
  skippedOperationsWarning,
  specFromDocument,
  specWarnings
} from "./chunk-QJAYF2D5.js";

// src/version.ts
var VERSION = "0.1.0";

// src/analyze.ts
import { existsSync } from "node:fs";

// src/sources/copies.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
var STEP = 1024 * 1024;
var END_BYTES = 64 * 1024;
function zstdContentSize(head) {
  let at = 0;
  while (head.length >= at + 8 && (head.readUInt32LE(at) & 4294967280) === 407710288) {
    at += 8 + head.readUInt32LE(at + 4);
  }
  if (head.length < at + 5) return null;
  const fhd = head[at + 4];
  const single = fhd >> 5 & 1;
  const pos = at + 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3];
  const width = [single ? 1 : 0, 2, 4, 8][fhd >> 6];
  if (width === 0 || head.length < pos + width) return null;
  if (width === 1) return head[pos];
  if (width === 2) return head.readUInt16LE(pos) + 256;
  if (width === 4) return head.readUInt32LE(pos);
  return Number(head.readBigUInt64LE(pos));
}
async function bytesAt(fd, at, bytes) {
  const { buffer, bytesRead } = await fd.read(Buffer.alloc(bytes), 0, bytes, at);
  return buffer.subarray(0, bytesRead);
}
var sha256 = (data) => createHash("sha256").update(data).digest("hex");
var EMPTY = { bytes: 0, fingerprint: createHash("sha256").digest("hex") };
async function inputOf(file) {
  const st = await stat(file).catch(() => void 0);
  if (!st?.isFile()) return null;
  if (st.size === 0) return "empty";
  const fd = await open(file, "r").catch(() => void 0);
  if (!fd) return null;
  try {
    const head = await bytesAt(fd, 0, END_BYTES);
    const tail = st.size > END_BYTES ? await bytesAt(fd, Math.max(END_BYTES, st.size - END_BYTES), END_BYTES) : Buffer.alloc(0);
    const id = { bytes: st.size, fingerprint: createHash("sha256").update(head).update(tail).digest("hex") };
    const input = { file, size: st.size, id };
    const compression = compressionOf(head);
    if (compression === null) return { ...input, compression, textSize: st.size, textHead: sha256(head) };
    if (compression === "zstd") return { ...input, compression, textSize: zstdContentSize(head) };
    const end = tail.length > 0 ? tail : head;
    if (st.size < 18 || end.length < 4) return { ...input, compression, textSize: null };
    return { ...input, compression, textSize: end.readUInt32LE(end.length - 4) };
  } catch {
    return null;
  } finally {
    await fd.close();
  }
}
function mayHoldSame(c, t) {
  if (c.textSize === null || t.textSize === null) {
    return c.textSize === null && c.compression === "zstd" && path.basename(c.file).replace(COMPRESSED_SUFFIX, "") === path.basename(t.file);
  }
  const gzip = c.compression === "gzip" || t.compression === "gzip";
  return gzip ? c.textSize % 2 ** 32 === t.textSize % 2 ** 32 : c.textSize === t.textSize;
}
async function sameContent(a, b, bytes) {
  const opened = [a, b].map((x) => createReadStream(x.file, { highWaterMark: STEP, ...bytes === void 0 ? {} : { end: bytes - 1 } }));
  const texts = [a, b].map(
    (x, i) => (bytes !== void 0 || x.compression === null ? opened[i] : inflate(opened[i], null, x.compression))[Symbol.asyncIterator]()
  );
  const next = async (i) => {
    const r = await texts[i].next();
    return r.done ? null : r.value;
  };
  try {
    let [ra, rb] = [Buffer.alloc(0), Buffer.alloc(0)];
    let compared = 0;
    for (; ; ) {
      if (ra?.length === 0) {
        ra = await next(0);
        continue;
      }
      if (rb?.length === 0) {
        rb = await next(1);
        continue;
      }
      if (ra === null || rb === null) return ra === rb && (bytes === void 0 || compared === bytes);
      const n = Math.min(ra.length, rb.length);
      if (!ra.subarray(0, n).equals(rb.subarray(0, n))) return false;
      compared += n;
      ra = ra.subarray(n);
      rb = rb.subarray(n);
    }
  } catch {
    return false;
  } finally {
    await Promise.all(texts.map((t) => t.return?.(void 0).catch(() => void 0)));
    for (const o of opened) o.destroy();
  }
}
async function inflatedHead(x) {
  const file = createReadStream(x.file, { highWaterMark: END_BYTES });
  const pieces = [];
  let bytes = 0;
  try {
    for await (const piece of inflate(file, null, x.compression)) {
      pieces.push(piece);
      bytes += piece.length;
      if (bytes >= END_BYTES) break;
    }
    return sha256(Buffer.concat(pieces).subarray(0, END_BYTES));
  } catch {
    return null;
  } finally {
    file.destroy();
  }
}
async function findCopies(files) {
  return (await readInputs(files)).copies;
}
async function readInputs(files) {
  const inputs = [];
  const empty = [];
  for (const file of files) {
    const input = file === "-" ? null : await inputOf(file);
    if (input === "empty") empty.push(file);
    else if (input !== null) inputs.push(input);
  }
  const byId = /* @__PURE__ */ new Map();
  for (const input of inputs) {
    const key = `${input.size}:${input.id.fingerprint}`;
    const group = byId.get(key);
    if (group) group.push(input);
    else byId.set(key, [input]);
  }
  const copies = [];
  const distinct = /* @__PURE__ */ new Set();
  for (const group of byId.values()) {
    const kept2 = [];
    for (const input of group) {
      let sameAs;
      for (const k of kept2) {
        if (await sameContent(k, input, input.size)) {
          sameAs = k;
          break;
        }
      }
      if (sameAs === void 0) kept2.push(input);
      else copies.push({ file: input.file, sameAs: sameAs.file });
    }
    for (const k of kept2) distinct.add(k);
  }
  const ordered = inputs.filter((x) => distinct.has(x));
  const kept = ordered.filter((x) => x.compression === null);
  const inflatable = (x) => x.compression !== "zstd" || zstdInflater() !== null;
  for (const c of ordered) {
    if (c.compression === null || !inflatable(c)) continue;
    let sameAs;
    for (const t of kept) {
      if (!mayHoldSame(c, t)) continue;
      if (c.textHead === void 0) c.textHead = await inflatedHead(c);
      if (t.textHead === void 0) t.textHead = await inflatedHead(t);
      if (c.textHead !== null && c.textHead === t.textHead && await sameContent(c, t)) {
        sameAs = t;
        break;
      }
    }
    if (sameAs === void 0) kept.push(c);
    else copies.push({ file: c.file, sameAs: sameAs.file });
  }
  copies.sort((x, y) => files.indexOf(x.file) - files.indexOf(y.file));
  return { copies, ids: new Map([...inputs.map((x) => [x.file, x.id]), ...empty.map((f) => [f, EMPTY])]) };
}
function copyWarning(c) {
  return `${c.file} has the same contents as ${c.sameAs}: its requests are counted again (leave one out if it is a copy)`;
}

// src/sources/rotation-age.ts
import path2 from "node:path";
var LOGROTATE = /^(.+)\.(\d+)$/;
var LUMBERJACK = /^(.+)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2}\.\d{3})(\.[^.]+)?$/;
var LATEST = 864e13;
function nameAge(file) {
  const dir = path2.dirname(file);
  const name = path2.basename(file).replace(COMPRESSED_SUFFIX, "");
  const lj = LUMBERJACK.exec(name);
  const at = lj === null ? NaN : Date.parse(`${lj[2]}T${lj[3]}:${lj[4]}:${lj[5]}Z`);
  if (lj !== null && !Number.isNaN(at)) return { base: path2.join(dir, `${lj[1]}${lj[6] ?? ""}`), age: LATEST - at };
  const lr = LOGROTATE.exec(name);
  if (lr !== null) return { base: path2.join(dir, lr[1]), age: Number(lr[2]) };
  return { base: path2.join(dir, name), age: 0 };
}

// src/sources/oldest-first.ts
var PEEK_BYTES = 64 * 1024;
var TIME_FIELDS = ["stageTimestamp", "requestReceivedTimestamp", "timestamp"].map((f) => new RegExp(`"${f}\\\\?"\\s*:\\s*\\\\?"([^"\\\\]{10,40})`));
function firstEventTime(text, whole) {
  const lines = text.split("\n");
  if (!whole) lines.pop();
  for (const line of lines) {
    for (const field of TIME_FIELDS) {
      const m = field.exec(line);
      if (m === null) continue;
      const t = Date.parse(m[1]);
      if (!Number.isNaN(t)) return t;
    }
  }
  return null;
}
var isFiller = (byte) => byte === 0 || byte === 10 || byte === 13 || byte === 32 || byte === 9;
async function headText(file) {
  const read = await fileText(file, PEEK_BYTES);
  if (read === null) return null;
  const pieces = [];
  let bytes = 0;
  let skipped = 0;
  let lineEnded = false;
  let whole = true;
  try {
    for await (const inflated of read.pieces) {
      let piece = inflated;
      if (bytes === 0) {
        let at = 0;
        while (at < piece.length && isFiller(piece[at])) at++;
        piece = piece.subarray(at);
        skipped += at;
        if (piece.length === 0) {
          if (skipped < MAX_LINE_BYTES) continue;
          whole = false;
          break;
        }
      }
      pieces.push(piece);
      bytes += piece.length;
      lineEnded ||= piece.includes(10);
      if (lineEnded && bytes >= PEEK_BYTES || bytes >= MAX_LINE_BYTES) {
        whole = false;
        break;
      }
    }
  } catch {
  } finally {
    read.close();
  }
  return { text: Buffer.concat(pieces).toString("utf8"), whole };
}
async function startOf(file) {
  const head = await headText(file);
  return head === null ? null : firstEventTime(head.text, head.whole);
}
async function oldestFirst(files) {
  if (files.length < 2) return [...files];
  const starts = [];
  for (const file of files) starts.push(await startOf(file));
  const ages = files.map(nameAge);
  const baseAt = /* @__PURE__ */ new Map();
  ages.forEach((a, i) => baseAt.has(a.base) || baseAt.set(a.base, i));
  const keys = [];
  let before = -Infinity;
  files.forEach((_, i) => {
    const t = starts[i] ?? siblingStart(i, ages, starts);
    if (t !== null) before = t;
    keys.push(before);
  });
  const order = files.map((file, i) => ({ file, i, base: baseAt.get(ages[i].base), age: ages[i].age }));
  return order.sort((a, b) => keys[a.i] - keys[b.i] || a.base - b.base || b.age - a.age || a.i - b.i).map((x) => x.file);
}
function siblingStart(i, ages, starts) {
  const mine = ages[i];
  const known = ages.map((a, j) => ({ ...a, t: starts[j] })).filter((a) => a.base === mine.base && a.t !== null && a.age !== mine.age);
  const older = known.filter((a) => a.age > mine.age).sort((a, b) => a.age - b.age)[0];
  const newer = known.filter((a) => a.age < mine.age).sort((a, b) => b.age - a.age)[0];
  return older?.t ?? newer?.t ?? null;
}

// src/sources/aggregated-repeat.ts
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
async function* linesOf(file) {
  const read = await fileText(file);
  if (read === null) return;
  const input = Readable.from(read.pieces);
  input.on("error", () => {
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* lines;
  } catch {
  } finally {
    lines.close();
    input.destroy();
    read.close();
  }
}
async function lineOf(file, line) {
  let n = 0;
  if (line >= 1) {
    for await (const l of linesOf(file)) if (++n === line) return l;
  }
  return null;
}
function eventsOn(text) {
  const found = [];
  for (const raw of valuesOnLine(text)) {
    eventsIn(
      raw,
      (ev) => found.push(ev),
      () => {
      }
    );
  }
  return found;
}
var sameWriting = (a, b) => JSON.stringify(valuesOnLine(a)) === JSON.stringify(valuesOnLine(b));
var groupOf = (ev) => ev.objectRef?.apiGroup ?? (ev.requestURI === void 0 ? null : pathShape(ev.requestURI.split("?")[0]).group);
async function onlyNotBuiltIn(file, builtIn) {
  let events = 0;
  for await (const text of linesOf(file)) {
    for (const ev of eventsOn(text)) {
      const group = groupOf(ev);
      if (group !== null && builtIn.has(group)) return false;
      events++;
    }
  }
  return events > 0;
}
async function finalLineOf(file, auditID) {
  for await (const text of linesOf(file)) {
    if (text.includes(auditID) && eventsOn(text).some((ev) => ev.auditID === auditID && isFinal(ev.stage))) return text;
  }
  return null;
}
async function aggregatedRepeatOf(repeated, files) {
  const first = repeated.first;
  if (first === void 0 || repeated.count === 0) return null;
  const catalogue = shippedCatalogue();
  if (catalogue === null) return null;
  const text = await lineOf(first.file, first.line);
  const ev = text === null ? void 0 : eventsOn(text).find((e) => e.auditID === first.value);
  const group = ev === void 0 ? null : groupOf(ev);
  const builtIn = catalogueGroups(catalogue);
  if (text === null || group === null || builtIn.has(group)) return null;
  const readBefore = files.slice(0, Math.max(0, files.indexOf(first.file))).reverse();
  if (await onlyNotBuiltIn(first.file, builtIn)) {
    for (const file of readBefore) {
      const before = await finalLineOf(file, first.value);
      if (before !== null) return sameWriting(before, text) ? null : { group, log: first.file };
    }
    return { group, log: first.file };
  }
  for (const file of readBefore) {
    if (!await onlyNotBuiltIn(file, builtIn)) continue;
    const before = await finalLineOf(file, first.value);
    if (before !== null && !sameWriting(before, text)) return { group, log: file };
  }
  return null;
}

// src/analyze.ts
var CLUSTER_SPEC_SOURCE = "kubectl get --raw /openapi/v2";
async function fetchClusterSpec(o = {}) {
  const { kubeconfig, timeoutMs } = o;
  const { execa } = await import("./execa-KDVJBMWT.js");
  const args = ["get", "--raw", "/openapi/v2", "--request-timeout", REQUEST_TIMEOUT, ...kubeconfig ? ["--kubeconfig", kubeconfig] : []];
  const limitMs = timeoutMs ?? READ_TIMEOUT_MS;
  const kubectl = execa("kubectl", args, { maxBuffer: 512 * 1024 * 1024 });
  const limit = stopAtLimit(kubectl, limitMs);
  const { stdout } = await kubectl.catch((err) => {
    if (err.code === "ENOENT") throw new SourceError(`${CLUSTER_SPEC_SOURCE}: kubectl is not on PATH; install it, or give --spec or --k8s-version`);
    if (limit.reached()) throw new SourceError(stoppedText(CLUSTER_SPEC_SOURCE, limitMs));
    const timedOut = timedOutText({ stderr: typeof err.stderr === "string" ? err.stderr : "", stdout: "" });
    const said = typeof err.stderr === "string" ? err.stderr.trim().split("\n").pop()?.trim() : void 0;
    throw new SourceError(`${CLUSTER_SPEC_SOURCE} failed${timedOut}: ${said || err.message.split("\n")[0]}`);
  });
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new SourceError(`${CLUSTER_SPEC_SOURCE}: not JSON (${jsonError(err, stdout)})`);
  }
  return specFromDocument(doc, CLUSTER_SPEC_SOURCE, o.version);
}
async function primarySpec(s) {
  if (s.fromCluster && s.spec) throw new SourceError("give --spec or --from-cluster, not both (either with --k8s-version if the spec does not name its release)");
  if ((s.spec || s.fromCluster) && s.kubernetesVersion && !isVersion(s.kubernetesVersion)) throw new SourceError(`--k8s-version ${s.kubernetesVersion}: not a Kubernetes release such as 1.33`);
  if (s.spec) return loadSpecFile(s.spec, s.kubernetesVersion);
  if (s.fromCluster) return fetchClusterSpec({ version: s.kubernetesVersion });
  if (s.kubernetesVersion) return loadSpecVersion(s.kubernetesVersion);
  const releases = await shippedReleases();
  return loadSpecVersion(releases[releases.length - 1]);
}
function releaseOrFile(option, ref) {
  if (!isVersion(ref) && !existsSync(ref)) throw new SourceError(`${option} ${ref}: neither a Kubernetes release (such as 1.33) nor a file`);
  return ref;
}
function releaseNotAfter(ref, specRelease) {
  if (!isMinor(specRelease) || !isVersion(ref) || existsSync(ref)) return null;
  const release = minorOf(ref);
  return release !== null && compareMinor(release, specRelease) <= 0 ? release : null;
}
async function laterSpecs(s, spec) {
  if (s.nextReleases) {
    const refs = s.nextReleases.filter(Boolean);
    const named = (i) => s.surface === "action" ? `input "next-releases" names ${refs[i]}` : `--next-releases ${refs[i]}`;
    const notLater = (i, release) => `${named(i)}: Kubernetes ${release} is not later than the spec's ${spec.kubernetesVersion}, so not checked`;
    const earlier = refs.map((r) => releaseNotAfter(r, spec.kubernetesVersion));
    for (const [i, release] of earlier.entries()) if (release) s.onWarning?.(notLater(i, release));
    const wanted = refs.flatMap((r, i) => earlier[i] ? [] : [i]);
    const given = await Promise.all(wanted.map((i) => loadSpec(releaseOrFile("--next-releases", refs[i]))));
    for (const later of given) {
      const left = skippedOperationsWarning(later);
      if (left) s.onWarning?.(left);
    }
    const first = /* @__PURE__ */ new Map();
    const kept = [];
    for (const [j, later] of given.entries()) {
      const i = wanted[j];
      if (!isMinor(later.kubernetesVersion)) {
        s.onWarning?.(
          `${named(i)}: the spec does not say which Kubernetes release it is (no release in its info.version or its file name), so not checked; name the file after its release (swagger-1.NN.json)`
        );
      } else if (isMinor(spec.kubernetesVersion) && compareMinor(later.kubernetesVersion, spec.kubernetesVersion) <= 0) {
        s.onWarning?.(notLater(i, later.kubernetesVersion));
      }
      const seen = first.get(later.kubernetesVersion);
      if (seen !== void 0 && isVersion(later.kubernetesVersion)) {
        s.onWarning?.(`${named(i)}: Kubernetes ${later.kubernetesVersion} is given already (${refs[seen]}), which is the one checked`);
        continue;
      }
      first.set(later.kubernetesVersion, i);
      kept.push(later);
    }
    return kept;
  }
  if (!isVersion(spec.kubernetesVersion)) return [];
  const newer = (await shippedReleases()).filter((v) => compareMinor(v, spec.kubernetesVersion) > 0);
  return Promise.all(newer.map(loadSpecVersion));
}
var conformanceWord = (c) => c === void 0 ? "auto" : /^\s*(auto|none)\s*$/i.test(c) ? c.trim().toLowerCase() : c;
async function conformance(s, spec, notes) {
  const c = conformanceWord(s.conformance);
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
  const data = await (isVersion(c) ? loadConformanceVersion(c) : loadConformanceFile(releaseOrFile("--conformance", c)));
  const [ours, theirs] = [minorOf(spec.kubernetesVersion), minorOf(data.release)];
  if (ours !== null && theirs !== null && ours !== theirs) {
    const said = `conformance data of Kubernetes ${data.release} used with the ${spec.kubernetesVersion} spec: what is conformance tested differs between releases`;
    s.onWarning?.(said);
    notes?.push(said);
  }
  return data;
}
function specReleaseWarnings(s, spec, use) {
  if (!s.spec && !s.fromCluster) return [];
  const action = s.surface === "action";
  if (spec.versionFrom === "unknown") {
    if (use === "listing") return [];
    return [`${noReleaseText(spec)}, so ${UNDATED_SKIPS}; ${releaseFix(s.surface)}`];
  }
  if (spec.versionFrom === "given" && action) {
    return [`${spec.source}: the spec does not say which Kubernetes release it is; taken as Kubernetes ${spec.kubernetesVersion} (input kubernetes-version)`];
  }
  const given = s.kubernetesVersion ? minorOf(s.kubernetesVersion) : null;
  if (!action && (spec.versionFrom === "spec" || spec.versionFrom === "file name") && given && given !== spec.kubernetesVersion) {
    const where = spec.versionFrom === "spec" ? "its info.version" : "its file name";
    return [`--k8s-version ${s.kubernetesVersion} not used: ${spec.source} says it is Kubernetes ${spec.kubernetesVersion} (${where})`];
  }
  return [];
}
var UNDATED_SKIPS = "Pluto's table of deprecated and removed APIs, removals in later releases, the conformance overlay and matching through the shipped earlier releases are all skipped (only what the spec itself marks deprecated, and what the API server's audit annotations say, is judged)";
function noReleaseText(spec) {
  return `${spec.source}: the spec does not say which Kubernetes release it is (no release in ${releasePlaces(spec)})`;
}
var releasePlaces = (spec) => spec.source === CLUSTER_SPEC_SOURCE ? "its info.version" : "its info.version or its file name";
function releaseFix(surface) {
  return surface === "action" ? "set the input kubernetes-version to its release" : "give its release with --k8s-version 1.NN";
}
function refuseUnjudgedRemovals(s, spec) {
  if (spec.versionFrom !== "unknown" || !s.policy?.failOn?.includes("removed")) return;
  throw new InputError(`${spec.source}: fail-on removed needs the spec's Kubernetes release, which it does not say (no release in ${releasePlaces(spec)}); ${releaseFix(s.surface)}`);
}
function releaseMisfitText(surface, spec, m, use) {
  const action = surface === "action";
  const where = spec.versionFrom === "file name" ? "its file name" : action ? "input kubernetes-version" : "--k8s-version";
  const fix = spec.versionFrom === "file name" ? `name the file after it (swagger-${m.bestFit}.json)` : action ? `set the input kubernetes-version to ${m.bestFit}` : `give --k8s-version ${m.bestFit}`;
  const fit = m.bestFit === m.release ? ", and no release apisnoop ships fits them better" : ` and fit Kubernetes ${m.bestFit} best: if it is that release, ${fix}`;
  const then = use === "listing" ? `it is listed as Kubernetes ${m.release}` : use === "analysis" ? `judged as Kubernetes ${m.release}, what is said removed, and in which release, may be wrong` : `fail-on removed dates removals by the spec's release, which its operations contradict: refused (if it is a build of Kubernetes ${m.release} that serves them, write that in its info.version, "version": "v${m.release}.0", which is taken as the spec's own)`;
  const exact = m.around.length === 1 && m.around[0] === m.release;
  const are = exact ? `are not served by ${m.release}` : `are served by no shipped release around ${m.release} (${m.around.join(", ")})`;
  const shown = m.examples.map((e) => `${e.operationId} (served by ${e.served.join(", ")})`).join(", ");
  return `${spec.source}: taken as Kubernetes ${m.release} (${where}), but ${m.unserved} of its built-in operations (those of the releases apisnoop ships) ${are}${fit}; ${then}. ${exact ? `Not served by ${m.release}` : `Served by none of ${m.around.join(", ")}`}: ${shown}${m.unserved > m.examples.length ? ", \u2026" : ""}`;
}
function checkSpecRelease(s, spec, notes) {
  const misfit = specReleaseMisfit(spec);
  if (!misfit) return;
  if (s.policy?.failOn?.includes("removed")) throw new InputError(releaseMisfitText(s.surface, spec, misfit, "refusal"));
  const note = releaseMisfitText(s.surface, spec, misfit, "analysis");
  s.onWarning?.(note);
  notes.push(note);
}
async function analyzeLogs(s) {
  if (s.logs.length === 0) throw new InputError("no audit log given");
  const files = await oldestFirst(await expandInputs(s.logs, (repeat) => s.onWarning?.(duplicateInput(repeat))));
  if (files.length === 0) throw new InputError(`no files in ${s.logs.join(", ")}`);
  const inputs = await readInputs(files);
  const { copies } = inputs;
  const ids = s.identifyInputs ? inputs.ids : /* @__PURE__ */ new Map();
  for (const copy of copies) s.onWarning?.(copyWarning(copy));
  const spec = await primarySpec(s);
  refuseUnjudgedRemovals(s, spec);
  for (const w of specReleaseWarnings(s, spec, "analysis")) s.onWarning?.(w);
  const notes = [];
  checkSpecRelease(s, spec, notes);
  for (const w of specWarnings(spec)) s.onWarning?.(w);
  if (!s.spec && !s.kubernetesVersion && !s.fromCluster) {
    s.onWarning?.(
      `no --k8s-version, --spec or --from-cluster: requests are matched against Kubernetes ${spec.kubernetesVersion}, the newest release shipped; give your cluster's release`
    );
  }
  const tallies = newAssemblyTallies(copies, files);
  const oddFields = newOddFields();
  const manyOpen = new ManyOpen(s.manyOpenAt ?? MANY_OPEN);
  const report = await analyzeWith(s, files, ids, spec, tallies, oddFields, manyOpen, notes);
  const e2e = e2eReleaseNote(report, s.surface);
  if (e2e) {
    s.onWarning?.(e2e);
    notes.push(e2e);
  }
  if (notes.length > 0) report.runNotes = { problems: [], notices: notes };
  for (const w of oddFieldWarnings(oddFields)) s.onWarning?.(w);
  for (const w of assemblyWarnings(tallies, files.length, await aggregatedRepeatOf(tallies.repeated, files))) s.onWarning?.(w);
  const early = countedEarlyWarning(manyOpen, raiseInFlightLimit(s.surface, s.manyOpenAt !== void 0));
  if (early) s.onWarning?.(early);
  const newer = newerApiWarning(report, spec.kubernetesVersion, s.surface);
  if (newer) s.onWarning?.(newer);
  const ops = [...spec.operations, ...report.operations];
  for (const w of unknownAllowWarnings(report.verdict.policy.allow, ops, { spec: spec.kubernetesVersion }, s.surface)) s.onWarning?.(w);
  return report;
}
var raiseInFlightLimit = (surface, option = true) => surface === "action" ? "apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (the Action keeps the default)" : option ? "a higher --max-in-flight keeps them: it raises both limits, on the requests and their text (each request in flight takes about 1.2 KB, more with long URIs)" : "apisnoop analyze --max-in-flight keeps them with higher limits, on the requests and their text (this command keeps the default)";
function newerApiWarning(report, release, surface) {
  if (!isMinor(release)) return null;
  const found = /* @__PURE__ */ new Map();
  for (const u of report.unmatched) {
    if (u.group === void 0 || !u.version) continue;
    if (u.reason !== "unknown-group-version" && (u.reason !== "unknown-resource" || u.resource === void 0)) continue;
    const data = shippedCatalogue();
    if (!data) return null;
    if (u.resource !== void 0 && servedBy(data, u.group, u.version, release, u.resource)) continue;
    const gv = plutoVersion(u.group, u.version);
    const since = laterReleasesServing(data, u.group, u.version, release, u.resource)[0] ?? null;
    if (since === null && (u.reason === "unknown-resource" || u.resource === void 0)) continue;
    const groupVersionSince = since === null ? laterReleasesServing(data, u.group, u.version, release)[0] : void 0;
    if (since === null && groupVersionSince === void 0) continue;
    const api = since !== null && u.reason === "unknown-group-version" ? gv : `${gv} ${u.resource}`;
    const had = found.get(api);
    if (had) {
      had.requests += u.count;
      if (since !== null && (had.since === null || compareMinor(since, had.since) < 0)) had.since = since;
    } else found.set(api, { requests: u.count, since, gv, resource: u.resource, groupVersionSince });
  }
  if (found.size === 0) return null;
  const all = [...found];
  const served = all.filter(([, f]) => f.since !== null);
  const unserved = all.filter(([, f]) => f.since === null);
  const count = (list) => {
    const requests = list.reduce((n, [, f]) => n + f.requests, 0);
    return `${requests} request${requests === 1 ? "" : "s"}`;
  };
  const shown = (list) => list.slice(0, 5).join(", ") + (list.length > 5 ? `, and ${list.length - 5} more` : "");
  const said = [];
  if (served.length > 0) {
    said.push(`${count(served)} used Kubernetes APIs that Kubernetes ${release} does not serve and a later release does: ${shown(served.map(([api, f]) => `${api} (${f.since} serves it)`))}.`);
  }
  if (unserved.length > 0) {
    const list = unserved.map(([api, f]) => `${api} (${f.groupVersionSince} serves ${f.gv}, but not ${f.resource})`);
    said.push(`${count(unserved)} used Kubernetes APIs that Kubernetes ${release} does not serve and no later shipped release does, though one serves their group/version: ${shown(list)}.`);
  }
  const option = surface === "action" ? "the kubernetes-version or spec input" : "--k8s-version or --spec";
  return `${said.join(" ")} The log may be of a newer cluster: check ${option}; until then these requests are unmatched, and no rule judges them`;
}
async function analyzeWith(s, files, ids, spec, tallies, oddFields, manyOpen, notes) {
  const { at, repeated, late } = tallies;
  const [later, conf, deprecations, ineligible] = await Promise.all([laterSpecs(s, spec), conformance(s, spec, notes), loadDeprecations(), loadIneligible()]);
  for (const l of later) checkSpecRelease(s, l, notes);
  const newAnalysis = () => new Analysis({
    manyOpen,
    repeated,
    late,
    oddFields,
    spec,
    laterSpecs: later,
    conformance: conf,
    ineligible,
    deprecations,
    selection: s.selection,
    policy: s.policy,
    toolVersion: VERSION,
    onRequest: s.onRequest,
    onNothingSelected: s.onNothingSelected,
    earlier: earlierOperations(spec.kubernetesVersion)
  });
  const fast = s.fast !== false;
  const jobs = s.onRequest ? 1 : s.jobs ?? 1;
  let alreadyReported = 0;
  const plan = await planSplit(files, jobs, s.parallelMinBytes);
  const named = new Set(s.named ?? s.logs);
  if (plan.split === "missing-worker") s.onWarning?.(`--jobs ${jobs}: the worker script (parallel-worker.js) is missing from this build; reading on one thread`);
  if (plan.split === "yes") {
    s.onThreads?.(plan.workers);
    const whole = newAnalysis();
    const outcome = await analyzeInParallel({
      files,
      inputIds: ids,
      workers: plan.workers,
      fast,
      analysis: whole,
      named,
      spec: { kubernetesVersion: spec.kubernetesVersion, source: spec.source, operations: spec.operations },
      onInvalid: s.onInvalid,
      onProgress: s.onProgress,
      manyOpen,
      repeated,
      late,
      oddFields
    });
    if (outcome.exact) {
      for (const st of outcome.stats) for (const w of st.warnings) s.onWarning?.(w);
      return whole.finish();
    }
    untally(repeated);
    untally(late);
    for (const t of Object.values(oddFields)) untally(t);
    alreadyReported = outcome.reported;
    if (outcome.warn && outcome.why) s.onWarning?.(outcome.why);
  }
  const analysis = newAnalysis();
  let bytes = 0;
  const invalidLine = (file, line, message) => {
    analysis.invalidLine(file, line, message);
    if (alreadyReported > 0) alreadyReported--;
    else s.onInvalid?.({ file, line, message });
  };
  const sink = {
    // A JSON value that is no audit event (a record holding a klog line) is an invalid line too: onInvalid hears of
    // it, as of a line that is not JSON (load-audit warned of the one, and said nothing of the other).
    value: (raw, file, line) => {
      at.file = file;
      at.line = line;
      eventsIn(
        raw,
        (ev) => analysis.event(ev),
        (message) => invalidLine(file, line, message),
        (fields) => analysis.oddFields(file, line, fields)
      );
    },
    invalidLine
  };
  if (fast) {
    sink.event = (ev, file, line) => {
      at.file = file;
      at.line = line;
      analysis.event(ev);
    };
    if (analysis.takesDeferred) {
      sink.deferred = (st, file, line) => {
        at.file = file;
        at.line = line;
        analysis.deferred(st);
      };
    }
  }
  const stats = [];
  for (const file of files) {
    analysis.input(shownName(file), ids.get(file) ?? null);
    const st = await readAuditInput(
      file,
      sink,
      (n) => {
        bytes += n;
        s.onProgress?.({ bytes, events: analysis.eventCount });
      },
      !named.has(file)
    );
    for (const w of st.warnings) s.onWarning?.(w);
    stats.push(st);
  }
  return analysis.finish();
}

export {
  findCopies,
  copyWarning,
  oldestFirst,
  aggregatedRepeatOf,
  VERSION,
  primarySpec,
  releaseNotAfter,
  laterSpecs,
  conformanceWord,
  conformance,
  specReleaseWarnings,
  noReleaseText,
  releaseFix,
  releaseMisfitText,
  analyzeLogs
};
