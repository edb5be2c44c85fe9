import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  analyzeLogs,
  findCopies
} from "./chunk-K3FCDBPE.js";
import "./chunk-UMDFYM2V.js";
import {
  duplicateInput,
  expandInputs,
  kindOf,
  notOpened,
  wasNotOpened
} from "./chunk-MGW7ATYX.js";
import "./chunk-MJIIZJVB.js";
import {
  checkAppName,
  walBusyWarning
} from "./chunk-36MNQQ2N.js";
import "./chunk-ZOHRZ7ZL.js";
import "./chunk-KXHPS7ST.js";
import "./chunk-SCAZIKRH.js";
import "./chunk-QJAYF2D5.js";
import "./chunk-IP4P774H.js";

// src/web/load.ts
import path2 from "node:path";

// src/web/log-digest.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
async function fileDigest(file) {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}
async function digestLogs(inputs, onDuplicate) {
  if (inputs.length === 0) throw new Error("no audit log given");
  if (inputs.includes("-")) {
    throw new Error("load-audit reads files, not stdin ('-'): it needs the file contents to recognise a log loaded twice. Save the log to a file first.");
  }
  for (const input of inputs) {
    const st = await stat(input).catch(() => null);
    if (st && !st.isFile() && !st.isDirectory()) {
      throw new Error(
        `load-audit reads files, not pipes: ${input} is ${kindOf(st)}${st.isFIFO() ? " (as `<(zcat \u2026)` gives)" : ""}, which can be read only once, and load-audit reads a log twice: to recognise one loaded twice by its contents, then to analyze it. Save the log to a file first, or give the compressed file itself (.gz and .zst are read).`
      );
    }
  }
  const given = await expandInputs([...inputs], onDuplicate);
  if (given.length === 0) throw new Error(`${inputs.join(", ")}: no files found`);
  const named = new Set(inputs);
  const digests = await Promise.all(
    given.map(
      (file) => fileDigest(file).catch((err) => {
        notOpened(file, err, !named.has(file));
        return null;
      })
    )
  );
  const firstWith = /* @__PURE__ */ new Map();
  let distinct = [];
  const copies = [];
  given.forEach((file, i) => {
    const digest = digests[i];
    const sameAs = digest === null ? void 0 : firstWith.get(digest);
    if (sameAs !== void 0) copies.push({ file, sameAs });
    else {
      if (digest !== null) firstWith.set(digest, file);
      distinct.push(file);
    }
  });
  const indexOf = new Map(given.map((f, i) => [f, i]));
  const digestOf = (f) => digests[indexOf.get(f)];
  const compressed = await findCopies(distinct.filter((f) => digestOf(f) !== null));
  const hashWithCompressedCopies = combined(digests);
  if (compressed.length > 0) {
    const alias = new Map(compressed.map((c) => [digestOf(c.file), digestOf(c.sameAs)]));
    digests.forEach((d, i) => digests[i] = d === null ? null : alias.get(d) ?? d);
    const dropped = new Set(compressed.map((c) => c.file));
    distinct = distinct.filter((f) => !dropped.has(f));
    copies.push(...compressed);
    copies.sort((x, y) => indexOf.get(x.file) - indexOf.get(y.file));
  }
  const absolute = given.map((f) => path.resolve(f));
  return {
    hash: combined(digests),
    hashWithCompressedCopies,
    files: [...absolute].sort(),
    distinct,
    copies,
    unopened: given.filter((_, i) => digests[i] === null),
    hashWithout: (unopened) => combined(digests.map((d, i) => unopened.has(absolute[i]) ? null : d))
  };
}
function combined(digests) {
  const hash = createHash("sha256");
  for (const d of [...new Set(digests.filter((d2) => d2 !== null))].sort()) hash.update(`${d}
`);
  for (const d of digests) if (d === null) hash.update("not opened\n");
  return hash.digest("hex");
}

// src/web/load.ts
var NothingReadError = class extends Error {
};
async function loadAudit(storeOf, appName, settings) {
  const app = checkAppName(appName);
  const digest = await digestLogs(settings.logs, (repeat) => settings.onWarning?.(duplicateInput(repeat)));
  for (const c of digest.copies) settings.onWarning?.(`${c.file} has the same contents as ${c.sameAs}: read once`);
  const report = await analyzeLogs({ ...settings, logs: digest.distinct, named: settings.logs });
  if (report.summary.events === 0) {
    const first = report.invalid[0];
    throw new NothingReadError(`no audit events read from ${report.inputs.join(", ")}${first ? ` (${first.file}:${first.line}: ${first.message})` : ""}; nothing stored`);
  }
  const store = typeof storeOf === "function" ? storeOf() : storeOf;
  const result = store.addRun(app, { report, contentHash: digest.hash, inputs: digest.files, was: incompleteRun(store, app, digest) });
  const remove = store.removeCommand(app);
  for (const o of result.overlapping) settings.onWarning?.(overlapWarning(app, o, remove));
  for (const k of result.keptBeside) settings.onWarning?.(keptBesideWarning(app, k, remove));
  if (result.walBusy) settings.onWarning?.(walBusyWarning(store.file, "what the runs it replaced said"));
  return { ...result, app, report, contentHash: digest.hash };
}
function keptBesideWarning(app, k, remove) {
  const { run } = k;
  const files = run.inputs.join(", ");
  const they = run.inputs.length === 1 ? "it" : "they";
  const kept = "kept beside this run, not replaced";
  const twice = "if it read requests these logs hold too, they now count in both runs";
  if (k.why !== "untimed") {
    return k.why === "earlier" ? `run ${run.id} of ${JSON.stringify(app)} read ${files} when ${they} held requests from ${k.at} on, earlier than any in these logs (rotated away since?): ${kept}. Load the rotated files with the log (its directory) to replace run ${run.id}; ${twice}` : `run ${run.id} of ${JSON.stringify(app)} read ${files} when ${they} held requests up to ${k.at}, later than any in these logs (an older log put in its place?): ${kept}; ${twice}`;
  }
  const none = {
    run: "it holds no request of an API operation (it selected only requests the spec does not describe)",
    load: "these logs hold no request of an API operation (none selected, or none the spec describes)",
    both: "neither it nor these logs hold a request of an API operation (only requests the spec does not describe, or none selected in these logs)"
  }[k.side];
  return `run ${run.id} of ${JSON.stringify(app)} read ${files}, all among these logs, but ${none}, so no time shows that these logs hold its requests: ${kept}; ${twice} (run ${remove} and load the logs again to count them once)`;
}
function overlapWarning(app, o, remove) {
  const { run, shared } = o;
  const rest = run.inputs.filter((f) => !shared.includes(f));
  return `run ${run.id} of ${JSON.stringify(app)} (loaded ${run.loadedAt}) also read ${shared.join(", ")}, with ${rest.join(", ")}: the requests of ${shared.length === 1 ? "that file" : "those files"} now count in both runs. Load ${rest.join(" ")} with these logs to replace run ${run.id}, or run ${remove} and load its logs again together`;
}
function incompleteRun(store, app, digest) {
  for (const old of store.runsOfInputs(app, digest.files)) {
    if (old.contentHash === digest.hash) return void 0;
    if (old.contentHash === digest.hashWithCompressedCopies) return old.contentHash;
    const missing = old.report.invalid.filter(wasNotOpened).map((e) => digest.files.find((f) => f === path2.resolve(e.file) || f.endsWith(`${path2.sep}${path2.normalize(e.file)}`)));
    if (missing.length === 0 || missing.includes(void 0)) continue;
    if (digest.hashWithout(new Set(missing)) === old.contentHash) return old.contentHash;
  }
  return void 0;
}
export {
  NothingReadError,
  keptBesideWarning,
  loadAudit,
  overlapWarning
};
