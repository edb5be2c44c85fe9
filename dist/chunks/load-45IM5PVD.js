import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  analyzeLogs
} from "./chunk-FCXTRXTC.js";
import {
  duplicateInput,
  expandInputs
} from "./chunk-WQPFQRJB.js";
import {
  checkAppName
} from "./chunk-DGFV6VA4.js";
import "./chunk-RYWKJUEF.js";
import "./chunk-FPB734OQ.js";
import "./chunk-PQ2KYFMA.js";
import "./chunk-QXM3DYGC.js";
import "./chunk-IP4P774H.js";

// src/web/log-digest.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
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
  const given = await expandInputs([...inputs], onDuplicate);
  if (given.length === 0) throw new Error(`${inputs.join(", ")}: no files found`);
  const digests = await Promise.all(given.map(fileDigest));
  const firstWith = /* @__PURE__ */ new Map();
  const distinct = [];
  const copies = [];
  given.forEach((file, i) => {
    const sameAs = firstWith.get(digests[i]);
    if (sameAs !== void 0) copies.push({ file, sameAs });
    else {
      firstWith.set(digests[i], file);
      distinct.push(file);
    }
  });
  const combined = createHash("sha256");
  for (const d of [...firstWith.keys()].sort()) combined.update(`${d}
`);
  return { hash: combined.digest("hex"), files: given.map((f) => path.resolve(f)).sort(), distinct, copies };
}

// src/web/load.ts
var NothingReadError = class extends Error {
};
async function loadAudit(store, appName, settings) {
  const app = checkAppName(appName);
  const digest = await digestLogs(settings.logs, (repeat) => settings.onWarning?.(duplicateInput(repeat)));
  for (const c of digest.copies) settings.onWarning?.(`${c.file} has the same contents as ${c.sameAs}: read once`);
  const report = await analyzeLogs({ ...settings, logs: digest.distinct });
  if (report.summary.events === 0) {
    const first = report.invalid[0];
    throw new NothingReadError(`no audit events read from ${report.inputs.join(", ")}${first ? ` (${first.file}:${first.line}: ${first.message})` : ""}; nothing stored`);
  }
  const result = store.addRun(app, { report, contentHash: digest.hash, inputs: digest.files });
  return { ...result, app, report, contentHash: digest.hash };
}
export {
  NothingReadError,
  loadAudit
};
