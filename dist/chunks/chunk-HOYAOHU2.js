import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  Analysis,
  AuditIdTable,
  CSV_COLUMNS,
  CSV_ROW,
  OperationIndex,
  STAGES,
  afterPrefix,
  apiPathInfo,
  completeWith,
  eventOf,
  firstLineIsAuditEvent,
  grouped,
  hashOf,
  holdsAuditEvents,
  isFinal,
  isStage,
  lateStageValue,
  makeDir,
  mergeOpen,
  mergeStages,
  newEvent,
  notLaterStage,
  oddFields,
  prefixHint,
  splitPath,
  tally,
  toAuditEvent,
  withoutBom,
  xdgBaseDir
} from "./chunk-YM2SAYTH.js";
import {
  compareMinor,
  conformanceFromCoverage,
  deprecationTable,
  isMinor,
  objectKinds,
  shellWord,
  specFromDocument,
  unquotedYamlRelease,
  withTestedSince
} from "./chunk-73MCEDR2.js";

// src/sources/input-files.ts
import { fstatSync } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";

// src/sources/read-failure.ts
function readFailure(file, err) {
  return `${file}: cannot read (${err.code ?? err.message})`;
}

// src/sources/input-files.ts
var InputError = class extends Error {
};
function kindOf(st) {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "a special file";
}
var STDIN_NAME = "(stdin)";
var shownName = (input) => input === "-" ? STDIN_NAME : input;
function duplicateInput(repeat) {
  if ("why" in repeat) {
    if (repeat.why === "no files") return `${repeat.input} holds no files (hidden ones are left out): nothing read from it`;
    const where2 = `${repeat.input} (in ${repeat.inDirectory})`;
    if (repeat.why === "link to nothing") return `${where2} is a link to nothing: skipped`;
    if (repeat.why === "link loop") return `${where2} is a link that leads back to itself: skipped`;
    if ("notAFile" in repeat.why) {
      const named = repeat.why.notAFile === "a FIFO" ? " (named, it is read)" : "";
      return `${where2} is ${repeat.why.notAFile}, not a file: skipped${named}`;
    }
    return `${where2} is the directory ${repeat.why.sameDirectoryAs} again: walked once`;
  }
  const { inDirectory, firstInDirectory } = repeat;
  const [input, first] = [shownName(repeat.input), shownName(repeat.first)];
  if (inDirectory !== void 0 && inDirectory === firstInDirectory) return `${input} is reached twice through ${inDirectory}: read once`;
  const where = inDirectory === void 0 ? input : `${input} (in ${inDirectory})`;
  const then = firstInDirectory === void 0 ? first : `${first} (in ${firstInDirectory})`;
  if (input === first) return `${where} is given twice${firstInDirectory === void 0 ? "" : `, first in ${firstInDirectory}`}: read once`;
  return `${where} is the same file as ${then}: read once`;
}
function wildcardHint(path, instead = "give the directory, which is read whole (recursively), or the files") {
  return /[*?[]/.test(path) ? `; nothing expanded its wildcard (a shell expands one unquoted, never in quotes or in a workflow's input): ${instead}` : "";
}
var DistinctFiles = class {
  constructor(onDuplicate) {
    this.onDuplicate = onDuplicate;
  }
  onDuplicate;
  seen = /* @__PURE__ */ new Map();
  /**
   * Whether input is new (then remembered); a repeat is told to onDuplicate. id: the file's identity; without one
   * (a file that cannot be read, which its reader reports) the name stands for it.
   */
  add(input, id, inDirectory) {
    const key2 = id ? `id ${id.dev}:${id.ino}` : `name ${input}`;
    const seen = this.seen.get(key2);
    if (seen === void 0) this.seen.set(key2, { first: input, firstInDirectory: inDirectory });
    else this.onDuplicate?.({ input, inDirectory, ...seen });
    return seen === void 0;
  }
  /**
   * add, for a file named by its path, or '-' for stdin. A file that cannot be stat'ed is known by its name (its reader
   * reports it).
   */
  async addPath(file, inDirectory) {
    const id = file === "-" ? stdinStat() : await stat(file, { bigint: true }).catch(() => void 0);
    return this.add(file, id, inDirectory);
  }
};
function stdinStat() {
  try {
    return fstatSync(0, { bigint: true });
  } catch {
    return void 0;
  }
}
async function inputFiles(input, distinct, rules = {}) {
  const fail = rules.failure ?? ((message) => new InputError(message));
  const out = [];
  let found = 0;
  const walked = /* @__PURE__ */ new Map();
  const walk = async (path, inDirectory) => {
    let st;
    try {
      st = await stat(path, { bigint: true });
    } catch (err) {
      const code = err.code;
      if (inDirectory !== void 0 && (code === "ENOENT" || code === "ELOOP") && (await lstat(path).catch(() => null))?.isSymbolicLink()) {
        distinct.onDuplicate?.({ input: path, inDirectory, why: code === "ELOOP" ? "link loop" : "link to nothing" });
        return;
      }
      throw fail(readFailure(path, err) + (code === "ENOENT" ? wildcardHint(path) : ""));
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      const before = walked.get(id);
      if (before !== void 0) {
        distinct.onDuplicate?.({ input: path, inDirectory: inDirectory ?? path, why: { sameDirectoryAs: before } });
        return;
      }
      walked.set(id, path);
      const names = (await readdir(path)).filter((n) => !n.startsWith(".")).sort();
      for (const n of names) await walk(join(path, n), path);
      return;
    }
    if (inDirectory !== void 0 && rules.accept && !rules.accept(path)) return;
    if (inDirectory !== void 0 && !st.isFile()) {
      distinct.onDuplicate?.({ input: path, inDirectory, why: { notAFile: kindOf(st) } });
      return;
    }
    found++;
    if (distinct.add(path, st, inDirectory)) out.push(path);
  };
  if (input === "-") {
    if (process.stdin.isTTY) throw fail(`${STDIN_NAME}: stdin is a terminal; '-' reads what is piped in (${rules.piped ?? "gzip -dc audit.log.gz | apisnoop analyze -"}), else give the file`);
    if (await distinct.addPath(input)) out.push(input);
    return out;
  }
  await walk(input);
  if (found === 0 && rules.none) throw fail(`${input}: ${rules.none}`);
  if (found === 0) distinct.onDuplicate?.({ input, inDirectory: input, why: "no files" });
  return out;
}
async function expandInputs(inputs, onDuplicate, rules = {}) {
  const distinct = new DistinctFiles(onDuplicate);
  const out = [];
  for (const input of inputs) out.push(...await inputFiles(input, distinct, rules));
  return out;
}

// src/sources/audit-files.ts
import { read as fsRead } from "node:fs";
import { promisify } from "node:util";
import { open } from "node:fs/promises";

// src/engine/audit-lines-wasm.ts
var AUDIT_LINES_WASM = "AGFzbQEAAAABLAdgAABgA39/fwF/YAR/f39/AX9gAn9/AX9gAX8AYAd/f39/f39/AX9gAAF/AwsKAAECAwQDAwUGAwQFAXABAQEFAwEAQAYPAn8BQfCsKAt/AEHwrCgLBzMFBm1lbW9yeQIABGluaXQAAARzY2FuAAIKcmVjb3JkSW50cwAIC19faGVhcF9iYXNlAwEKnHYKjAIBAntBAP0MAAAAAAAAAAAAAAAAAAAAACIA/QsEwIqAgABBACAA/QsEsIqAgABBACAA/QsEoIqAgABBACAA/QsEkIqAgABBACAA/QsEgIqAgABBACAA/QsE8ImAgABBACAA/QsE4ImAgABBACAA/QsE0ImAgABBACAA/QsEwImAgABBAP0MAAEBAQEBAQAAAAAAAAAAACIB/QsEsImAgABBACAA/QsEoImAgABBACAB/QsEkImAgABBAP0MAQEBAQEBAQEBAQAAAAAAAP0LBICJgIAAQQAgAP0LBPCIgIAAQQAgAP0LBOCIgIAAQQAgAP0LBNCIgIAAQdCKgIAAQf8BQYCAAhCBgICAABoLrQIDBH8BewF/AkAgAkUNAAJAAkAgAkEQTw0AIAAhAwwBCyACQXBxIgRBcGoiA0EEdkEBaiIFQQdxIQYgAf0PIQdBACEIAkAgA0HwAEkNACAFQfj///8BcSEFQQAhCANAIAAgCGoiAyAH/QsAACADQfAAaiAH/QsAACADQeAAaiAH/QsAACADQdAAaiAH/QsAACADQcAAaiAH/QsAACADQTBqIAf9CwAAIANBIGogB/0LAAAgA0EQaiAH/QsAACAIQYABaiEIIAVBeGoiBQ0ACwsCQCAGRQ0AIAAgCGohAwNAIAMgB/0LAAAgA0EQaiEDIAZBf2oiBg0ACwsgBCACRg0BIAJBD3EhAiAAIARqIQMLA0AgAyABOgAAIANBAWohAyACQX9qIgINAAsLIAAL4koBDn9BACEEAkAgACABTw0AIANBAUgNACABQX9qIQVBACEEA0AgAEFwaiEGA0AgBkEQaiIG/QAAAP0MCgoKCgoKCgoKCgoKCgoKCv0j/WQiB0UNAAsgAiAEQYgEbGoiCCAANgIEIAggBiAHaGoiBiAFIAYgAUkbIgk2AghBAEEAKALUioKAAEEBajYC1IqCgABBACAINgLQioKAACAIQQxq/QwAAAAAAAAAAAAAAAAAAAAA/QsCACAIQRxqQoCAgIBwNwIAQQBBADYC2IqCgAAgCEF/NgIkIAhBADYCMCAIQQA2AkAgCEEANgJQIAhBADYCYCAIQQA2AnAgCEEANgKAASAIQQA2ApABIAhBADYCoAEgCEEANgKwASAIQQA2AsABIAhBADYC0AEgCEEANgLgASAIQQA2AvABIAhBADYCgAIgCEEANgKQAiAIQQA2AqACIAhBADYCsAIgCEEANgLAAkEAQQA2AuCMgoAAAkAgACAJTw0AIAkgAGshBgNAIAAtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgAEEBaiEAIAZBf2oiBg0ACyAJIQALAkACQAJAIAAgCU8NACAALQAAQfsARw0AAkAgAEEBaiIGIAlPDQAgCSAGayEAA0AgBi0AAEF3aiIHQRdLDQFBASAHdEGTgIAEcUUNASAGQQFqIQYgAEF/aiIADQALIAkhBgsCQAJAIAYgCU8NACAGIAYtAABB/QBGIgBqIQYgAA0BCyAGIAlPDQEDQCAGLQAAQSJHDQIgBiAJEIOAgIAAIgpFDQJBAC0A5IyCgABBAXENAiAKIQACQCAKIAlPDQAgCSAKayEHIAohAANAIAAtAABBd2oiCEEXSw0BQQEgCHRBk4CABHFFDQEgAEEBaiEAIAdBf2oiBw0ACyAJIQALIAAgCU8NAiAALQAAQTpHDQICQCAAQQFqIgAgCU8NACAJIABrIQcDQCAALQAAQXdqIghBF0sNAUEBIAh0QZOAgARxRQ0BIABBAWohACAHQX9qIgcNAAsgCSEACyAAIAlPDQIgAEUNAiAGQQFqIgctAAAhCAJAAkACQAJAAkACQAJAAkACQAJAAkACQAJAAkAgB0F/cyAKakF8ag4VAAEMAgwDBAUMDAYMBwwMDAwMDAwJDAsCQAJAAkAgCEGVf2oODAEODg4ODg4ODg4CAA4LIAYtAAJB5QBHDQ0gBi0AA0HyAEcNDSAGLQAEQeIARw0NIAAtAABBIkcNEUEAKALgjIKAACIGQQRxDRFBACAGQQRyNgLgjIKAACAAIAkQg4CAgAAiBkUNEUEAKALQioKAACIHIAZBf2o2AkwgByAAQQFqNgJIIAdBADYCVCAHQQNBAUEALQDkjIKAABs2AlAgB0HIAGoQhICAgAAMDgsgBi0AAkHpAEcNDCAGLQADQe4ARw0MIAYtAARB5ABHDQwgAC0AAEEiRw0QIAAgCRCDgICAACIGRQ0QQQAtAOSMgoAADRAgBiAAayIIQQNIDRAgAEEBaiEHIAhBfmohCEEAIQADQCAHIABqLQAAIABBgIiAgABqLQAARw0RIAggAEEBaiIARg0LDAALCyAGLQACQfMARg0KDAsLIAhB8wBHDQogBi0AAkH0AEcNCiAGLQADQeEARw0KIAYtAARB5wBHDQogBi0ABUHlAEcNCiAALQAAQSJHDQ5BACgC4IyCgAAiBkECcQ0OQQAgBkECcjYC4IyCgAAgACAJEIOAgIAAIgZFDQ5BACgC0IqCgAAiByAGQX9qNgI8IAcgAEEBajYCOCAHQQA2AkQgB0EDQQFBAC0A5IyCgAAbNgJAIAdBOGoQhICAgAAMCwsgCEHhAEcNCSAGLQACQfUARw0JIAYtAANB5ABHDQkgBi0ABEHpAEcNCSAGLQAFQfQARw0JIAYtAAZByQBHDQkgBi0AB0HEAEcNCSAALQAAQSJHDQ1BACgC4IyCgAAiBkEBcQ0NQQAgBkEBcjYC4IyCgAAgACAJEIOAgIAAIgZFDQ1BACgC0IqCgAAiByAGQX9qNgIsIAcgAEEBajYCKCAHQQA2AjQgB0EDQQFBAC0A5IyCgAAbNgIwDAoLAkACQAJAIAhBkX9qDgcBCwsLCwIACwsgBi0AAkHzAEcNCiAGLQADQeUARw0KIAYtAARB8gBHDQogBi0ABUHBAEcNCiAGLQAGQecARw0KIAYtAAdB5QBHDQogBi0ACEHuAEcNCiAGLQAJQfQARw0KIAAtAABBIkcNDkEAKALgjIKAACIGQRBxDQ5BACAGQRByNgLgjIKAACAAIAkQg4CAgAAiBkUNDkEAKALQioKAACIHIAZBf2o2AmwgByAAQQFqNgJoIAdBADYCdCAHQQNBAUEALQDkjIKAABs2AnAgB0HoAGoQhICAgAAMCwsgBi0AAkHiAEcNCSAGLQADQeoARw0JIAYtAARB5QBHDQkgBi0ABUHjAEcNCSAGLQAGQfQARw0JIAYtAAdB0gBHDQkgBi0ACEHlAEcNCSAGLQAJQeYARw0JIAAtAABB+wBHDQ1BACgC4IyCgAAiBkGAgIACcQ0NQQAgBkGAgIACciILNgLgjIKAAEEAKALQioKAACIMQQE2AhQCQCAAQQFqIgYgCU8NACAJIAZrIQADQCAGLQAAQXdqIgdBF0sNAUEBIAd0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgCSEGCwJAIAYgCU8NACAGIAYtAABB/QBGIgBqIQYgAA0GCyAGIAlPDQ0gDEG4AWohDSAMQfgBaiEOIAxBiAJqIQ8gDEHIAWohECAMQdgBaiERA0AgBi0AAEEiRw0OIAYgCRCDgICAACIKRQ0OQQAtAOSMgoAAQQFxDQ4gCiEAAkAgCiAJTw0AIAkgCmshByAKIQADQCAALQAAQXdqIghBF0sNAUEBIAh0QZOAgARxRQ0BIABBAWohACAHQX9qIgcNAAsgCSEACyAAIAlPDQ4gAC0AAEE6Rw0OAkAgAEEBaiIAIAlPDQAgCSAAayEHA0AgAC0AAEF3aiIIQRdLDQFBASAIdEGTgIAEcUUNASAAQQFqIQAgB0F/aiIHDQALIAkhAAsgACAJTw0OIABFDQ4CQAJAAkACQAJAAkACQAJAIAZBAWoiB0F/cyAKakF8ag4IAwYGBgACBQEGCwJAIActAABBn39qDhIEBgYGBgYGBgYGBgYGBgYGBgAGCyAGLQACQeUARw0FIAYtAANB8wBHDQUgBi0ABEHvAEcNBSAGLQAFQfUARw0FIAYtAAZB8gBHDQUgBi0AB0HjAEcNBSAGLQAIQeUARw0FIAAtAABBIkcNFSALQYAEcQ0VQQAgC0GABHIiCzYC4IyCgAAgACAJEIOAgIAAIgZFDRUgDEEANgLEASAMIAZBf2o2ArwBIAwgAEEBajYCuAEgDEEDQQFBAC0A5IyCgAAbNgLAASANEISAgIAADAYLIActAABB8wBHDQQgBi0AAkH1AEcNBCAGLQADQeIARw0EIAYtAARB8gBHDQQgBi0ABUHlAEcNBCAGLQAGQfMARw0EIAYtAAdB7wBHDQQgBi0ACEH1AEcNBCAGLQAJQfIARw0EIAYtAApB4wBHDQQgBi0AC0HlAEcNBCAALQAAQSJHDRQgC0GACHENFEEAIAtBgAhyIgs2AuCMgoAAIAAgCRCDgICAACIGRQ0UIAxBADYC1AEgDCAGQX9qNgLMASAMIABBAWo2AsgBIAxBA0EBQQAtAOSMgoAAGzYC0AEgEBCEgICAAAwFCyAHLQAAQe4ARw0DIAYtAAJB4QBHDQMgBi0AA0HtAEcNAyAGLQAEQeUARw0DIAYtAAVB8wBHDQMgBi0ABkHwAEcNAyAGLQAHQeEARw0DIAYtAAhB4wBHDQMgBi0ACUHlAEcNAyAALQAAQSJHDRMgC0GAEHENE0EAIAtBgBByIgs2AuCMgoAAIAAgCRCDgICAACIGRQ0TIAxBADYC5AEgDCAGQX9qNgLcASAMIABBAWo2AtgBIAxBA0EBQQAtAOSMgoAAGzYC4AEgERCEgICAAAwECyAHLQAAQe4ARw0CIAYtAAJB4QBHDQIgBi0AA0HtAEcNAiAGLQAEQeUARw0CIAAtAABBIkcNEiALQYAgcQ0SQQAgC0GAIHIiCzYC4IyCgAAgACAJEIOAgIAAIgZFDRIgDEEANgL0ASAMIAZBf2o2AuwBIAwgAEEBajYC6AEgDEEDQQFBAC0A5IyCgAAbNgLwAQwDCyAGLQACQfAARw0BIAYtAANB6QBHDQEgBi0ABEHHAEcNASAGLQAFQfIARw0BIAYtAAZB7wBHDQEgBi0AB0H1AEcNASAGLQAIQfAARw0BIAAtAABBIkcNESALQYDAAHENEUEAIAtBgMAAciILNgLgjIKAACAAIAkQg4CAgAAiBkUNESAMQQA2AoQCIAwgBkF/ajYC/AEgDCAAQQFqNgL4ASAMQQNBAUEALQDkjIKAABs2AoACIA4QhICAgAAMAgsgBy0AAEHhAEcNACAGLQACQfAARw0AIAYtAANB6QBHDQAgBi0ABEHWAEcNACAGLQAFQeUARw0AIAYtAAZB8gBHDQAgBi0AB0HzAEcNACAGLQAIQekARw0AIAYtAAlB7wBHDQAgBi0ACkHuAEcNACAALQAAQSJHDRAgC0GAgAFxDRBBACALQYCAAXIiCzYC4IyCgAAgACAJEIOAgIAAIgZFDRAgDEEANgKUAiAMIAZBf2o2AowCIAwgAEEBajYCiAIgDEEDQQFBAC0A5IyCgAAbNgKQAiAPEISAgIAADAELIAAgCRCFgICAACIGRQ0PCwJAIAYgCU8NACAJIAZrIQADQCAGLQAAQXdqIgdBF0sNAUEBIAd0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgCSEGCyAGIAlPDQ4CQCAGLQAAIgBBLEYNACAAQf0ARw0PIAZBAWohBgwMCwJAIAZBAWoiBiAJTw0AIAkgBmshAANAIAYtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgBkEBaiEGIABBf2oiAA0ACyAJIQYLIAYgCUkNAAwOCwsgBi0AAkHpAEcNCCAGLQADQe0ARw0IIAYtAARB5QBHDQggBi0ABUHzAEcNCCAGLQAGQfQARw0IIAYtAAdB4QBHDQggBi0ACEHtAEcNCCAGLQAJQfAARw0IIAAtAABBIkcNDEEAKALgjIKAACIGQcAAcQ0MQQAgBkHAAHI2AuCMgoAAIAAgCRCDgICAACIGRQ0MQQAoAtCKgoAAIgcgBkF/ajYCjAEgByAAQQFqNgKIASAHQQA2ApQBIAdBA0EBQQAtAOSMgoAAGzYCkAEMCQsCQAJAIAhBn39qDhIBCQkJCQkJCQkJCQkJCQkJCQAJCyAGLQACQeUARw0IIAYtAANB8QBHDQggBi0ABEH1AEcNCCAGLQAFQeUARw0IIAYtAAZB8wBHDQggBi0AB0H0AEcNCCAGLQAIQdUARw0IIAYtAAlB0gBHDQggBi0ACkHJAEcNCCAALQAAQSJHDQxBACgC4IyCgAAiBkEIcQ0MQQAgBkEIcjYC4IyCgAAgACAJEIOAgIAAIgZFDQxBACgC0IqCgAAiByAGQX9qNgJcIAcgAEEBajYCWCAHQQA2AmQgB0EDQQFBAC0A5IyCgAAbNgJgDAkLIAYtAAJB8ABHDQcgBi0AA0HpAEcNByAGLQAEQdYARw0HIAYtAAVB5QBHDQcgBi0ABkHyAEcNByAGLQAHQfMARw0HIAYtAAhB6QBHDQcgBi0ACUHvAEcNByAGLQAKQe4ARw0HIAAtAABBIkcNCyAAIAkQg4CAgAAiBkUNC0EALQDkjIKAAA0LIAYgAGsiCEEDSCIKDQsgAEEBaiEHIAhBfmohCEEAIQACQANAIAcgAGotAAAgAEGGiICAAGotAABHDQEgCCAAQQFqIgBHDQALIAhBD0YNCQsgCg0LQQAhAAJAA0AgByAAai0AACAAQZaIgIAAai0AAEcNASAIIABBAWoiAEcNAAsgCEEURg0JCyAKDQtBACEAA0AgByAAai0AACAAQauIgIAAai0AAEcNDCAIIABBAWoiAEcNAAsgCEEVRg0IDAsLIAhB4QBHDQYgBi0AAkHuAEcNBiAGLQADQe4ARw0GIAYtAARB7wBHDQYgBi0ABUH0AEcNBiAGLQAGQeEARw0GIAYtAAdB9ABHDQYgBi0ACEHpAEcNBiAGLQAJQe8ARw0GIAYtAApB7gBHDQYgBi0AC0HzAEcNBiAALQAAQfsARw0KQQAoAuCMgoAAIgZBgICACHENCkEAIAZBgICACHIiDDYC4IyCgAACQCAAQQFqIgYgCU8NACAJIAZrIQADQCAGLQAAQXdqIgdBF0sNAUEBIAd0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgCSEGCwJAIAYgCU8NACAGIAYtAABB/QBGIgBqIQYgAA0DCyAGIAlPDQpBACgC0IqCgAAiC0G4AmohDQNAIAYtAABBIkcNCyAGIAkQg4CAgAAiCkUNC0EALQDkjIKAAEEBcQ0LIAohAAJAIAogCU8NACAJIAprIQcgCiEAA0AgAC0AAEF3aiIIQRdLDQFBASAIdEGTgIAEcUUNASAAQQFqIQAgB0F/aiIHDQALIAkhAAsgACAJTw0LIAAtAABBOkcNCwJAIABBAWoiACAJTw0AIAkgAGshBwNAIAAtAABBd2oiCEEXSw0BQQEgCHRBk4CABHFFDQEgAEEBaiEAIAdBf2oiBw0ACyAJIQALIAAgCU8NCyAARQ0LAkACQAJAAkACQCAGQQFqIgdBf3MgCmpBb2oODQADAwMDAQMDAwMDAwIDCyAHLQAAQesARw0CIAYtAAJBOEcNAiAGLQADQfMARw0CIAYtAARBLkcNAiAGLQAFQekARw0CIAYtAAZB7wBHDQIgBi0AB0EvRw0CIAYtAAhB5ABHDQIgBi0ACUHlAEcNAiAGLQAKQfAARw0CIAYtAAtB8gBHDQIgBi0ADEHlAEcNAiAGLQANQeMARw0CIAYtAA5B4QBHDQIgBi0AD0H0AEcNAiAGLQAQQeUARw0CIAYtABFB5ABHDQIgAC0AAEEiRw0PIAxBgIACcQ0PQQAgDEGAgAJyIgw2AuCMgoAAIAAgCRCDgICAACIGRQ0PIAtBADYCpAIgCyAGQX9qNgKcAiALIABBAWo2ApgCIAtBA0EBQQAtAOSMgoAAGzYCoAIMAwsgBy0AAEHrAEcNASAGLQACQThHDQEgBi0AA0HzAEcNASAGLQAEQS5HDQEgBi0ABUHpAEcNASAGLQAGQe8ARw0BIAYtAAdBL0cNASAGLQAIQfIARw0BIAYtAAlB5QBHDQEgBi0ACkHtAEcNASAGLQALQe8ARw0BIAYtAAxB9gBHDQEgBi0ADUHlAEcNASAGLQAOQeQARw0BIAYtAA9BLUcNASAGLQAQQfIARw0BIAYtABFB5QBHDQEgBi0AEkHsAEcNASAGLQATQeUARw0BIAYtABRB4QBHDQEgBi0AFUHzAEcNASAGLQAWQeUARw0BIAAtAABBIkcNDiAMQYCABHENDkEAIAxBgIAEciIMNgLgjIKAACAAIAkQg4CAgAAiBkUNDiALQQA2ArQCIAsgBkF/ajYCrAIgCyAAQQFqNgKoAiALQQNBAUEALQDkjIKAABs2ArACDAILIActAABB4QBHDQAgBi0AAkH1AEcNACAGLQADQfQARw0AIAYtAARB6ABHDQAgBi0ABUHvAEcNACAGLQAGQfIARw0AIAYtAAdB6QBHDQAgBi0ACEH6AEcNACAGLQAJQeEARw0AIAYtAApB9ABHDQAgBi0AC0HpAEcNACAGLQAMQe8ARw0AIAYtAA1B7gBHDQAgBi0ADkEuRw0AIAYtAA9B6wBHDQAgBi0AEEE4Rw0AIAYtABFB8wBHDQAgBi0AEkEuRw0AIAYtABNB6QBHDQAgBi0AFEHvAEcNACAGLQAVQS9HDQAgBi0AFkHkAEcNACAGLQAXQeUARw0AIAYtABhB4wBHDQAgBi0AGUHpAEcNACAGLQAaQfMARw0AIAYtABtB6QBHDQAgBi0AHEHvAEcNACAGLQAdQe4ARw0AIAAtAABBIkcNDSAMQYCACHENDUEAIAxBgIAIciIMNgLgjIKAACAAIAkQg4CAgAAiBkUNDSALQQA2AsQCIAsgBkF/ajYCvAIgCyAAQQFqNgK4AiALQQNBAUEALQDkjIKAABs2AsACIA0QhICAgAAMAQsgACAJEIWAgIAAIgZFDQwLAkAgBiAJTw0AIAkgBmshAANAIAYtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgBkEBaiEGIABBf2oiAA0ACyAJIQYLIAYgCU8NCwJAIAYtAAAiAEEsRg0AIABB/QBHDQwgBkEBaiEGDAkLAkAgBkEBaiIGIAlPDQAgCSAGayEAA0AgBi0AAEF3aiIHQRdLDQFBASAHdEGTgIAEcUUNASAGQQFqIQYgAEF/aiIADQALIAkhBgsgBiAJSQ0ADAsLCyAIQfIARw0FIAYtAAJB5QBHDQUgBi0AA0HzAEcNBSAGLQAEQfAARw0FIAYtAAVB7wBHDQUgBi0ABkHuAEcNBSAGLQAHQfMARw0FIAYtAAhB5QBHDQUgBi0ACUHTAEcNBSAGLQAKQfQARw0FIAYtAAtB4QBHDQUgBi0ADEH0AEcNBSAGLQANQfUARw0FIAYtAA5B8wBHDQUgAC0AAEH7AEcNCUEAKALgjIKAACIGQYCAgARxDQlBACAGQYCAgARyNgLgjIKAAAJAIABBAWoiBiAJTw0AIAkgBmshAANAIAYtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgBkEBaiEGIABBf2oiAA0ACyAJIQYLAkAgBiAJTw0AIAYgBi0AAEH9AEYiAGohBiAADQILIAYgCU8NCUEAKALQioKAACEMA0AgBi0AAEEiRw0KIAYgCRCDgICAACIKRQ0KQQAtAOSMgoAAQQFxDQogCiEAAkAgCiAJTw0AIAkgCmshByAKIQADQCAALQAAQXdqIghBF0sNAUEBIAh0QZOAgARxRQ0BIABBAWohACAHQX9qIgcNAAsgCSEACyAAIAlPDQogAC0AAEE6Rw0KAkAgAEEBaiIAIAlPDQAgCSAAayEHA0AgAC0AAEF3aiIIQRdLDQFBASAIdEGTgIAEcUUNASAAQQFqIQAgB0F/aiIHDQALIAkhAAsgACAJTw0KIABFDQoCQAJAIAZBAWoiB0F/cyAKakEERw0AIActAABB4wBHDQAgBi0AAkHvAEcNACAGLQADQeQARw0AIAYtAARB5QBHDQAgDCgCGA0MIAAgCRCGgICAACIGRQ0MIAYgAGsiCEEJSg0MQQAhBwJAIAAgBk8NAEEAIQcDQCAALQAAIgpBRmpB/wFxQfYBSQ0OIABBAWohACAHQQpsIApqQVBqIQcgCEF/aiIIDQALCyAMIAc2AhwgDEEBNgIYDAELIAAgCRCFgICAACIGRQ0LCwJAIAYgCU8NACAJIAZrIQADQCAGLQAAQXdqIgdBF0sNAUEBIAd0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgCSEGCyAGIAlPDQoCQCAGLQAAIgBBLEYNACAAQf0ARw0LIAZBAWohBgwICwJAIAZBAWoiBiAJTw0AIAkgBmshAANAIAYtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgBkEBaiEGIABBf2oiAA0ACyAJIQYLIAYgCUkNAAwKCwsgCEHpAEcNBCAGLQACQe0ARw0EIAYtAANB8ABHDQQgBi0ABEHlAEcNBCAGLQAFQfIARw0EIAYtAAZB8wBHDQQgBi0AB0HvAEcNBCAGLQAIQe4ARw0EIAYtAAlB4QBHDQQgBi0ACkH0AEcNBCAGLQALQeUARw0EIAYtAAxB5ABHDQQgBi0ADUHVAEcNBCAGLQAOQfMARw0EIAYtAA9B5QBHDQQgBi0AEEHyAEcNBCAAIAlBCEHqAEEJQQRBFRCHgICAACEGCyAGRQ0HDAQLIAhB8gBHDQIgBi0AAkHlAEcNAiAGLQADQfEARw0CIAYtAARB9QBHDQIgBi0ABUHlAEcNAiAGLQAGQfMARw0CIAYtAAdB9ABHDQIgBi0ACEHSAEcNAiAGLQAJQeUARw0CIAYtAApB4wBHDQIgBi0AC0HlAEcNAiAGLQAMQekARw0CIAYtAA1B9gBHDQIgBi0ADkHlAEcNAiAGLQAPQeQARw0CIAYtABBB1ABHDQIgBi0AEUHpAEcNAiAGLQASQe0ARw0CIAYtABNB5QBHDQIgBi0AFEHzAEcNAiAGLQAVQfQARw0CIAYtABZB4QBHDQIgBi0AF0HtAEcNAiAGLQAYQfAARw0CIAAtAABBIkcNBkEAKALgjIKAACIGQSBxDQZBACAGQSByNgLgjIKAACAAIAkQg4CAgAAiBkUNBkEAKALQioKAACIHIAZBf2o2AnwgByAAQQFqNgJ4IAdBADYChAEgB0EDQQFBAC0A5IyCgAAbNgKAAQwDCyAIQQVGDQIMBQsgBi0AA0HlAEcNACAGLQAEQfIARw0AIAAgCUEHQdIAQQhBA0EUEIeAgIAAIgZFDQQMAQsgACAJEIWAgIAAIgZFDQMLAkAgBiAJTw0AIAkgBmshAANAIAYtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgBkEBaiEGIABBf2oiAA0ACyAJIQYLIAYgCU8NAgJAIAYtAAAiAEEsRg0AIABB/QBHDQMgBkEBaiEGDAILAkAgBkEBaiIGIAlPDQAgCSAGayEAA0AgBi0AAEF3aiIHQRdLDQFBASAHdEGTgIAEcUUNASAGQQFqIQYgAEF/aiIADQALIAkhBgsgBiAJSQ0ADAILCwJAIAYgCU8NACAJIAZrIQADQCAGLQAAQXdqIgdBF0sNAUEBIAd0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgCSEGCyAGIAlHDQBBACgC0IqCgAAiBi0AMEEBcUUNACAGKAIsIAYoAihGDQAgBi0AUEEBcUUNACAGLQBgQQFxRQ0AIAYoAkBBA3FBAUcNAAJAAkACQAJAIAYoAjwgBigCOCIGa0F7ag4MAwQEBAQEBAQEBAEABAsgBi0AAEHSAEcNAyAGLQABQeUARw0DIAYtAAJB8wBHDQMgBi0AA0HwAEcNAyAGLQAEQe8ARw0DIAYtAAVB7gBHDQMgBi0ABkHzAEcNAyAGLQAHQeUARw0DIAYtAAhBwwBHDQMgBi0ACUHvAEcNAyAGLQAKQe0ARw0DIAYtAAtB8ABHDQMgBi0ADEHsAEcNAyAGLQANQeUARw0DIAYtAA5B9ABHDQMgBi0AD0HlAEYNAQwDCyAGLQAAQdIARw0CIAYtAAFB5QBHDQICQAJAIAYtAAJBj39qDgMABAEECyAGLQADQfUARw0DIAYtAARB5QBHDQMgBi0ABUHzAEcNAyAGLQAGQfQARw0DIAYtAAdB0gBHDQMgBi0ACEHlAEcNAyAGLQAJQeMARw0DIAYtAApB5QBHDQMgBi0AC0HpAEcNAyAGLQAMQfYARw0DIAYtAA1B5QBHDQMgBi0ADkHkAEYNAQwDCyAGLQADQfAARw0CIAYtAARB7wBHDQIgBi0ABUHuAEcNAiAGLQAGQfMARw0CIAYtAAdB5QBHDQIgBi0ACEHTAEcNAiAGLQAJQfQARw0CIAYtAApB4QBHDQIgBi0AC0HyAEcNAiAGLQAMQfQARw0CIAYtAA1B5QBHDQIgBi0ADkHkAEcNAgtBACgC0IqCgABBADYCAAwDCwJAAkAgBi0AACIAQdAARg0AIABB0ABGIQYMAQsCQCAGLQABIgBB4QBGDQAgAEHhAEYhBgwBCwJAIAYtAAIiAEHuAEYNACAAQe4ARiEGDAELAkAgBi0AAyIAQekARg0AIABB6QBGIQYMAQsgBi0ABEHjAEYhBgtBACgC0IqCgAAgBkEBczYCACAGRQ0BDAILQQAoAtCKgoAAQQE2AgALQQAoAtiKgoAAIghBAUgNAEEAIQoCQCAIQQRJDQAgCEF8cSIKQXxqIgZBAnZBAWoiAEEBcSEMAkACQCAGDQBBACEADAELIABB/v///wdxIQdBACEAQfyKgoAAIQYDQCAGQWRqKAIAQQJ0QdCKgIAAakF/NgIAIAZBaGooAgBBAnRB0IqAgABqQX82AgAgBkFsaigCAEECdEHQioCAAGpBfzYCACAGQXBqKAIAQQJ0QdCKgIAAakF/NgIAIAZBdGooAgBBAnRB0IqAgABqQX82AgAgBkF4aigCAEECdEHQioCAAGpBfzYCACAGQXxqKAIAQQJ0QdCKgIAAakF/NgIAIAYoAgBBAnRB0IqAgABqQX82AgAgBkEgaiEGIABBCGohACAHQX5qIgcNAAsLAkAgDEUNACAAQQJ0IgZB4IqCgABqKAIAQQJ0QdCKgIAAakF/NgIAIAZB5IqCgABqKAIAQQJ0QdCKgIAAakF/NgIAIAZB6IqCgABqKAIAQQJ0QdCKgIAAakF/NgIAIAZB7IqCgABqKAIAQQJ0QdCKgIAAakF/NgIACyAIIApGDQELIAggCmshACAKQQJ0QeCKgoAAaiEGA0AgBigCAEECdEHQioCAAGpBfzYCACAGQQRqIQYgAEF/aiIADQALCyAEQQFqIQQgCUEBaiIAIAFPDQEgBCADSA0ACwsgBAuTAwMBfwF7An9BAEEAOgDkjIKAACAAQQFqIQIDQCACIgBBEGohAiAA/QAAACID/QxcXFxcXFxcXFxcXFxcXFxc/SMgA/0MIiIiIiIiIiIiIiIiIiIiIv0j/VAgA/0MICAgICAgICAgICAgICAgIP0m/VD9ZCIERQ0AQQAhAgJAIAAgBGhqIgAgAU8NAAJAIAAtAAAiBEEiRw0AIABBAWohAgwBCyAEQSBJDQBBACECQQBBAToA5IyCgAAgAEEBaiIFIAFPDQBBAiEEAkACQCAFLQAAQV5qDlQBAgICAgICAgICAgICAQICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAQICAgICAQICAgECAgICAgICAQICAgECAQACCyAAQQVqIgUgAU8NASAALQACQdCIgIAAai0AAEUNASAALQADQdCIgIAAai0AAEUNASAALQAEQdCIgIAAai0AAEUNAUEGIQQgBS0AAEHQiICAAGotAABFDQELIAAgBGohAgwBCwsgAgvACAEQfyAAQQA2AgwCQCAALQAIQQJxDQAgACgCBCIBIAAoAgAiAmsiA0HAAEoNAEEAKALYioKAACIEQcAARg0AIANBxbvyiHhzIQVBACEGAkAgA0EESA0AQQAhBwNAIAIgB2ooAAAgBXNBk4OACGwiBUEPdiAFcyEFIAdBCGohCCAHQQRqIgYhByAIIANMDQALCwJAIAYgA04NACABIAZBf3NqIAJrIQkCQCABIAJrQQNxIghFDQAgBiEHA0AgBSACIAdqLQAAc0GTg4AIbCEFIAdBAWoiBiEHIAhBf2oiCA0ACwsgCUEDSQ0AA0AgBSACIAZqIgctAABzQZODgAhsIAdBAWotAABzQZODgAhsIAdBAmotAABzQZODgAhsIAdBA2otAABzQZODgAhsIQUgBkEEaiIGIANIDQALCyAFQRB2IAVzQf8/cSIJQQJ0IgVB8IyCgABqIgooAgBBACgC1IqCgAAiC0YNACAJQQZ0IQwCQAJAIAVB0IqAgABqIg0oAgAgA0cNACAMQfCMhIAAaiEGQQAhBwJAA0AgByIFQRBqIgcgA0oNASAGIAVq/QAEACACIAVq/QAAAP0j/WMNAAsLAkACQCAFIANODQAgDEHwjISAAGohBwNAIAcgBWotAAAgAiAFai0AAEcNASAFQQFqIgUgA0gNAAwCCwsgBSADRw0BCyAKIAs2AgAgCUEBaiEFDAELAkAgA0EBSA0AQQAhBQJAIANBEEkNAAJAIAxB8IyEgABqIAIgA2pPDQAgASAMaiACa0HwjISAAGogAksNAQsgA0FwcSIFQXBqIgZBBHZBAWoiCEEDcSEOQQAhBwJAIAZBMEkNACAMQfCMhIAAaiEPIAhB/P///wFxIRBBACEHA0AgDyAHaiIGIAIgB2oiCP0AAAD9CwQAIAZBEGogCEEQav0AAAD9CwQAIAZBIGogCEEgav0AAAD9CwQAIAZBMGogCEEwav0AAAD9CwQAIAdBwABqIQcgEEF8aiIQDQALCwJAIA5FDQAgAiAHaiEGIAcgDGpB8IyEgABqIQcDQCAHIAb9AAAA/QsEACAGQRBqIQYgB0EQaiEHIA5Bf2oiDg0ACwsgAyAFRg0BCyABIAVBf3NqIAJrIQgCQCABIAJrQQNxIgdFDQAgDEHwjISAAGohBgNAIAYgBWogAiAFai0AADoAACAFQQFqIQUgB0F/aiIHDQALCyAIQQNJDQAgDEHwjISAAGohCCADIQEDQCAIIAVqIgcgAiAFaiIGLQAAOgAAIAdBAWogBkEBai0AADoAACAHQQJqIAZBAmotAAA6AAAgB0EDaiAGQQNqLQAAOgAAIAJBBGohAiAIQQRqIQggBSABQXxqIgFHDQALCyAKIAs2AgAgDSADNgIAQQAgBEEBajYC2IqCgAAgBEECdEHgioKAAGogCTYCACAJQX9zIQULIAAgBTYCDAsLsQkBB39BACECAkAgACABTw0AAkAgAC0AACIDQSJHDQAgACABEIOAgIAADwsCQCADQd8BcUHbAEYNACADQUZqIQQCQAJAIANBLUYNACAEQf8BcUH2AUkNAQsgACABEIaAgIAADwsCQAJAAkACQCADQZp/ag4PAgUFBQUFBQUBBQUFBQUABQsgAEEDaiIEIAFPDQQgAC0AAUHyAEcNBEEEIQVB5QAhASAALQACQfUARg0CDAQLIABBA2oiBCABTw0DIAAtAAFB9QBHDQNB7AAhAUEEIQUgAC0AAkHsAEYNAQwDCyAAQQRqIgQgAU8NAiAALQABQeEARw0CIAAtAAJB7ABHDQJBBSEFQeUAIQEgAC0AA0HzAEcNAgsgACAFakEAIAQtAAAgAUYbDwtBACECQQAgA0H7AEYiBjoA8IykgAACQCAAQQFqIgAgAU8NACABIABrIQQDQCAALQAAQXdqIgVBF0sNAUEBIAV0QZOAgARxRQ0BIABBAWohACAEQX9qIgQNAAsgASEACyAAIAFPDQACQEH9AEHdACADQfsARhsgAC0AAEcNACAAQQFqDwtBACEDA0ACQCAGRQ0AQQAhAiAALQAAQSJHDQIgACABEIOAgIAAIgBFDQICQCAAIAFPDQAgASAAayEEA0AgAC0AAEF3aiIFQRdLDQFBASAFdEGTgIAEcUUNASAAQQFqIQAgBEF/aiIEDQALIAEhAAsgACABTw0CIAAtAABBOkcNAgJAIABBAWoiACABTw0AIAEgAGshBANAIAAtAABBd2oiBUEXSw0BQQEgBXRBk4CABHFFDQEgAEEBaiEAIARBf2oiBA0ACyABIQALIAAgAU8NAgsCQAJAAkACQCAALQAAIgdBIkcNAEEAIQIgACABEIOAgIAAIgANAQwFCwJAAkACQCAHQd8BcUHbAEcNAEEAIQIgA0EBaiIIQYAgRg0HIAhB8IykgABqIAdB+wBGIgY6AAACQCAAQQFqIgAgAU8NACABIABrIQQDQCAALQAAQXdqIgVBF0sNAUEBIAV0QZOAgARxRQ0BIABBAWohACAEQX9qIgQNAAsgASEACwJAIAAgAU8NAEH9AEHdACAHQfsARhsgAC0AAEYNAgsgCCEDDAULIAdBRmohBAJAIAdBLUYNACAEQf8BcUH2AUkNAgtBACECIAAgARCGgICAACIADQIMBgsgAEEBaiEAQQAhBAwCC0EAIQIgACABEImAgIAAIgBFDQQLQQEhBAsDQAJAAkAgBA4CAAEBCyADQfCMpIAAai0AACEGQQEhBAwBCwJAIAAgAU8NACABIABrIQQDQCAALQAAQXdqIgVBF0sNAUEBIAV0QZOAgARxRQ0BIABBAWohACAEQX9qIgQNAAsgASEAC0EAIQIgACABTw0DAkAgAC0AACIEQSxHDQAgAEEBaiIAIAFPDQIgASAAayEEA0AgAC0AAEF3aiIFQRdLDQNBASAFdEGTgIAEcUUNAyAAQQFqIQAgBEF/aiIEDQALIAEhAAwCC0H9AEHdACAGGyAERw0DIABBAWohAAJAIAMNACAADwsgA0F/aiEDQQAhBAwACwtBACECIAAgAUkNAAsLIAILwgMBA38CQAJAIAAtAAAiAkEtRw0AQQAhAyAAQQFqIgAgAU8NASAALQAAIQILAkACQCACQf8BcUEwRw0AIABBAWohAAwBC0EAIQMgAkFPakH/AXFBCEsNASAAQQFqIQIDQCACIgAgAU8NASAAQQFqIQIgAC0AAEFGakH/AXFB9QFLDQALCwJAIAAgAU8NACAALQAAQS5HDQBBACEDIABBAWoiAiABTw0BIAItAABBRmpB/wFxQfYBSSIEDQECQCAERQ0AIAIhAAwBCyABIABrQX5qIQMDQAJAIAMNACABIQAMAgsgA0F/aiEDIAJBAWohBCACQQFqIgAhAiAELQAAQUZqQf8BcUH1AUsNAAsLAkAgACABSQ0AIAAPCwJAIAAtAABBIHJB5QBGDQAgAA8LAkAgAEEBaiICIAFPDQACQCACLQAAQVVqDgMAAQABCyAAQQJqIQILQQAhAyACIAFPDQAgAi0AAEFGakH/AXFB9gFJIgANAAJAIABFDQAgAg8LIAJBf3MgAWohAANAAkAgAA0AIAEPCyAAQX9qIQAgAkEBaiEEIAJBAWoiAyECIAQtAABBRmpB/wFxQfUBSw0ACwsgAwvODAEFf0EAIQcCQCAALQAAQfsARw0AQQAhB0EAKALgjIKAACIIQQEgBnQiBnENAEEAIAggBnIiCTYC4IyCgABBACgC0IqCgAAiCCAFQQJ0akEBNgIAAkAgAEEBaiIAIAFPDQAgASAAayEGA0AgAC0AAEF3aiIHQRdLDQFBASAHdEGTgIAEcUUNASAAQQFqIQAgBkF/aiIGDQALIAEhAAsCQCAAIAFPDQAgACAALQAAQf0ARiIGaiIAIQcgBg0BC0EAIQcgACABTw0AQQEgAnQhCiAIIANBAnRqIQsgCCAEQQJ0aiEEIAggAkEEdGpBKGohCCACQQhHIQMDQAJAIAAtAABBIkYNAEEADwsCQCAAIAEQg4CAgAAiBQ0AQQAPCwJAQQAtAOSMgoAAQQFxRQ0AQQAPCyAFIQYCQCAFIAFPDQAgASAFayEHIAUhBgNAIAYtAABBd2oiAkEXSw0BQQEgAnRBk4CABHFFDQEgBkEBaiEGIAdBf2oiBw0ACyABIQYLAkAgBiABSQ0AQQAPCwJAIAYtAABBOkYNAEEADwsCQCAGQQFqIgYgAU8NACABIAZrIQcDQCAGLQAAQXdqIgJBF0sNAUEBIAJ0QZOAgARxRQ0BIAZBAWohBiAHQX9qIgcNAAsgASEGCwJAIAYgAUkNAEEADwsCQCAGDQBBAA8LAkACQAJAAkACQCAAQQFqIgdBf3MgBWoiAkF6ag4DAQIAAgsgBy0AAEH1AEcNASAALQACQfMARw0BIAAtAANB5QBHDQEgAC0ABEHyAEcNASAALQAFQe4ARw0BIAAtAAZB4QBHDQEgAC0AB0HtAEcNASAALQAIQeUARw0BAkAgBi0AAEEiRg0AQQAPCwJAIAkgCnFFDQBBAA8LQQAhB0EAIAkgCnIiCTYC4IyCgAAgBiABEIOAgIAAIgBFDQUgCCAAQX9qNgIEIAggBkEBajYCAEEALQDkjIKAACEGIAhBADYCDCAIQQNBASAGGzYCCCAIEISAgIAADAMLIActAABB5wBHDQAgAC0AAkHyAEcNACAALQADQe8ARw0AIAAtAARB9QBHDQAgAC0ABUHwAEcNACAALQAGQfMARw0AAkAgBi0AAEHbAEYNAEEADwsCQCAEKAIAQX9MDQBBAA8LAkAgBkEBaiIAIAFPDQAgASAAayEGA0AgAC0AAEF3aiIHQRdLDQFBASAHdEGTgIAEcUUNASAAQQFqIQAgBkF/aiIGDQALIAEhAAsCQCAAIAFJDQBBAA8LQQAhBQJAIAAtAABB3QBHDQAgACEGDAILQQAhB0EAIQUDQCAALQAAQSJHDQUgBUEGRg0FIAAgARCDgICAACIGRQ0FIAsgBUEEdGoiAiAGQX9qNgIEIAIgAEEBajYCACACQQNBAUEALQDkjIKAABs2AgggAhCEgICAAAJAIAYgAU8NACABIAZrIQADQCAGLQAAQXdqIgJBF0sNAUEBIAJ0QZOAgARxRQ0BIAZBAWohBiAAQX9qIgANAAsgASEGCyAGIAFPDQUgBUEBaiEFAkAgBi0AACIAQSxGDQAgAEHdAEYNAwwGCwJAIAZBAWoiACABTw0AIAEgAGshBgNAIAAtAABBd2oiAkEXSw0BQQEgAnRBk4CABHFFDQEgAEEBaiEAIAZBf2oiBg0ACyABIQALIAAgAUkNAAwFCwsCQCADDQACQAJAIAJBfWoOAwACAQILIActAABB9QBHDQEgAC0AAkHpAEcNASAALQADQeQARw0BQQAPCyAHLQAAQeUARw0AIAAtAAJB+ABHDQAgAC0AA0H0AEcNACAALQAEQfIARw0AIAAtAAVB4QBHDQBBAA8LIAYgARCFgICAACIADQFBAA8LIAQgBTYCACAGQQFqIQALAkAgACABTw0AIAEgAGshBgNAIAAtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgAEEBaiEAIAZBf2oiBg0ACyABIQALAkAgACABSQ0AQQAPCwJAIAAtAAAiBkEsRg0AQQAhByAGQf0ARw0CIABBAWoPCwJAIABBAWoiACABTw0AIAEgAGshBgNAIAAtAABBd2oiB0EXSw0BQQEgB3RBk4CABHFFDQEgAEEBaiEAIAZBf2oiBg0ACyABIQALQQAhByAAIAFJDQALCyAHCwUAQYIBC9QBAQN/QQAhAgJAAkACQAJAAkACQCAALQAAQZp/ag4PAgUFBQUFBQUBBQUFBQUABQsgAEEDaiIDIAFPDQQgAC0AAUHyAEcNBCAALQACQfUARw0EQQQhAQwCCyAAQQNqIgMgAU8NAyAALQABQfUARw0DQewAIQRBBCEBIAAtAAJB7ABGDQIMAwsgAEEEaiIDIAFPDQIgAC0AAUHhAEcNAiAALQACQewARw0CIAAtAANB8wBHDQJBBSEBC0HlACEECyAAIAFqQQAgAy0AACAERhshAgsgAgsLSAEAQYAIC0FFdmVudABhdWRpdC5rOHMuaW8vdjEAYXVkaXQuazhzLmlvL3YxYmV0YTEAYXVkaXQuazhzLmlvL3YxYWxwaGExAA==";

// src/engine/json-skip-wasm.ts
var JSON_SKIP_WASM = "AGFzbQEAAAABDwNgAABgAn9/AX9gAX8BfwMJCAABAQIBAQEBBQMBAAIGCAF/AEGAgAQLBxkDBm1lbW9yeQIABXN0YWdlAwAEc2tpcAAHCAEACo0MCLwBAQF/QQAhAANAIABBAzoAACAAQQFqIQAgAEEgSQ0AC0EiQQE6AABB3ABBAjoAAEGiAkEBOgAAQdwCQQE6AABBrwJBAToAAEHiAkEBOgAAQeYCQQE6AABB7gJBAToAAEHyAkEBOgAAQfQCQQE6AABBMCEAA0BBgAQgAGpBAToAACAAQQFqIQAgAEE5TQ0AC0HBACEAA0BBgAQgAGpBAToAAEGgBCAAakEBOgAAIABBAWohACAAQcYATQ0ACws9AQF/AkADQCAAIAFPDQEgAC0AACECIAJBIEYgAkEKRnIgAkEJRiACQQ1GcnJFDQEgAEEBaiEADAALCyAAC4UCAwJ/AXsBfyAAQQFqIQADQCAA/QAEACEEIARBIv0P/SMgBEHcAP0P/SP9UCAEQSD9D/0m/VD9ZCEFIAVFBEAgAEEQaiEAIAAgAU8EQEF/DwsMAQsgACAFaGohACAAIAFPBEBBfw8LIAAtAAAtAAAhAiACQQFGBEAgAEEBag8LIAJBA0YEQEF/DwsgAEEBaiABTwRAQX8PCyAALQABIQMgAy0AgAIEQCAAQQJqIQAMAQsgA0H1AEcEQEF/DwsgAEEFaiABTwRAQX8PCyAALQACLQCABCAALQADLQCABHEgAC0ABC0AgAQgAC0ABS0AgARxcUUEQEF/DwsgAEEGaiEADAALQX8LCgAgAEEwa0EKSQu6AgEBfyAALQAAIQIgAkEtRgRAIABBAWohACAAIAFPBEBBfw8LIAAtAAAhAgsgAkEwRgRAIABBAWohAAUgAkExa0EJSQRAIABBAWohAAJAA0AgACABTw0BIAAtAAAQA0UNASAAQQFqIQAMAAsLBUF/DwsLIAAgAUkgAC0AAEEuRnEEQCAAQQFqIQAgACABTyAALQAAEANFcgRAQX8PCwJAA0AgACABTw0BIAAtAAAQA0UNASAAQQFqIQAMAAsLCyAAIAFJBEAgAC0AAEEgciECIAJB5QBGBEAgAEEBaiEAIAAgAUkEQCAALQAAIQIgAkErRiACQS1GcgRAIABBAWohAAsLIAAgAU8gAC0AABADRXIEQEF/DwsCQANAIAAgAU8NASAALQAAEANFDQEgAEEBaiEADAALCwsLIAALggEBAX8gAC0AACECIAJB9ABGBEAgAEEEakF/IABBA2ogAUkgACgCAEH05NWrBkZxGw8LIAJB7gBGBEAgAEEEakF/IABBA2ogAUkgACgCAEHu6rHjBkZxGw8LIAJB5gBGBEAgAEEFakF/IABBBGogAUkgACgCAUHh2M2rBkZxGw8LQX8LNAEBfyAALQAAIQIgAkEiRgRAIAAgARACDwsgAkEtRiACEANyBEAgACABEAQPCyAAIAEQBQuHBAEEfyAAIAFPBEBBfw8LIAAtAAAhAiACQfsARyACQdsAR3EEQCAAIAEQBg8LIAJB+wBGIQRBACAEOgCACEH9AEHdACAEGyEFIABBAWogARABIQAgACABSSAALQAAIAVGcQRAIABBAWoPCwNAIAAgAU8EQEF/DwsgBARAIAAtAABBIkcEQEF/DwsgACABEAIhACAAQQBIBEBBfw8LIAAgARABIQAgACABTyAALQAAQTpHcgRAQX8PCyAAQQFqIAEQASEAIAAgAU8EQEF/DwsLIAAtAAAhAgJAIAJBIkYEQCAAIAEQAiEAIABBAEgEQEF/DwsMAQsgAkH7AEYgAkHbAEZyBEAgA0EBaiEDIANBgCBPBEBBfg8LIAJB+wBGIQQgAyAEOgCACEH9AEHdACAEGyEFIABBAWogARABIQAgACABTyAALQAAIAVHcg0CIABBAWohACADQQFrIQMgAy0AgAghBEH9AEHdACAEGyEFDAELIAJBLUYgAhADcgRAIAAgARAEIQAFIAAgARAFIQALIABBAEgEQEF/DwsLA0AgACABEAEhACAAIAFPBEBBfw8LIAAtAAAhAiACQSxGBEAgAEEBaiABEAEhAAwCCyACIAVHBEBBfw8LIABBAWohACADRQRAIAAPCyADQQFrIQMgAy0AgAghBEH9AEHdACAEGyEFDAALC0F/Cw==";

// src/engine/json-skip.ts
var PAGE = 65536;
var SLACK = 16;
var MAX_BYTES = 8 << 20;
var NodeBuffer = globalThis.Buffer;
var wasm;
var heap;
var stage = 0;
var view = (memory) => NodeBuffer ? NodeBuffer.from(memory.buffer) : new Uint8Array(memory.buffer);
function load() {
  try {
    const bytes2 = NodeBuffer ? NodeBuffer.from(JSON_SKIP_WASM, "base64") : Uint8Array.from(atob(JSON_SKIP_WASM), (c) => c.charCodeAt(0));
    const w = new WebAssembly.Instance(new WebAssembly.Module(bytes2)).exports;
    heap = view(w.memory);
    stage = w.stage.value;
    return w;
  } catch {
    return null;
  }
}
function skipInWasm(b, i, end) {
  if (wasm === void 0) wasm = load();
  if (wasm === null) return void 0;
  if (end > b.length) return void 0;
  const len = end - i;
  if (len > MAX_BYTES) return void 0;
  const need = stage + len + SLACK;
  if (need > heap.length) {
    try {
      wasm.memory.grow(Math.ceil((need - heap.length) / PAGE));
    } catch {
      return void 0;
    }
    heap = view(wasm.memory);
  }
  const bytes2 = b;
  if (bytes2.copy) bytes2.copy(heap, stage, i, end);
  else heap.set(b.subarray(i, end), stage);
  const r = wasm.skip(stage, stage + len);
  if (r >= 0) return i + (r - stage);
  return r === -1 ? -1 : void 0;
}

// src/engine/event-fields.ts
var STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 32; c++) STRING_CLASS[c] = 3;
STRING_CLASS[34] = 1;
STRING_CLASS[92] = 2;
var SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
var HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
var QUOTE = 34;
var COMMA = 44;
var COLON = 58;
var LBRACE = 123;
var RBRACE = 125;
var LBRACKET = 91;
var RBRACKET = 93;
var isWs = (c) => c === 32 || c === 9 || c === 10 || c === 13;
var isDigit = (c) => c >= 48 && c <= 57;
var sawEscape = false;
function skipWs(b, i, end) {
  while (i < end && isWs(b[i])) i++;
  return i;
}
function scanString(b, i, end) {
  sawEscape = false;
  i++;
  for (; ; ) {
    while (STRING_CLASS[b[i]] === 0) i++;
    if (i >= end) return -1;
    const cls = STRING_CLASS[b[i]];
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    sawEscape = true;
    const e = b[i + 1];
    if (i + 1 < end && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 117 && i + 5 < end && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
    else return -1;
  }
}
function scanNumber(b, i, end) {
  let c = b[i];
  if (c === 45) {
    if (++i >= end) return -1;
    c = b[i];
  }
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    i++;
    while (i < end && isDigit(b[i])) i++;
  } else return -1;
  if (i < end && b[i] === 46) {
    i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if (i < end && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < end && (b[i] === 43 || b[i] === 45)) i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i;
}
function scanLiteral(b, i, end) {
  const c = b[i];
  if (c === 116) return i + 3 < end && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101 ? i + 4 : -1;
  if (c === 110) return i + 3 < end && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108 ? i + 4 : -1;
  if (c === 102) {
    return i + 4 < end && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101 ? i + 5 : -1;
  }
  return -1;
}
function scanScalar(b, i, end) {
  const c = b[i];
  if (c === QUOTE) return scanString(b, i, end);
  if (c === 45 || isDigit(c)) return scanNumber(b, i, end);
  return scanLiteral(b, i, end);
}
function passString(b, i, end) {
  i++;
  for (; ; ) {
    let cls;
    while ((cls = STRING_CLASS[b[i]]) === 0) i++;
    if (i >= end) return -1;
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    const e = i + 1 < end ? b[i + 1] : -1;
    if (e >= 0 && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 117 && i + 5 < end && (HEX[b[i + 2]] & HEX[b[i + 3]] & HEX[b[i + 4]] & HEX[b[i + 5]]) === 1) i += 6;
    else return -1;
  }
}
var stack = new Uint8Array(64);
var IN_OBJECT = 1;
var IN_ARRAY = 2;
function skipValue(b, i, end) {
  if (i >= end) return -1;
  let c = b[i];
  if (c !== LBRACE && c !== LBRACKET) return scanScalar(b, i, end);
  let depth = 0;
  let inObject = c === LBRACE;
  stack[0] = inObject ? IN_OBJECT : IN_ARRAY;
  i++;
  while (i < end && isWs(b[i])) i++;
  if (i < end && b[i] === (inObject ? RBRACE : RBRACKET)) return i + 1;
  for (; ; ) {
    if (i >= end) return -1;
    if (inObject) {
      if (b[i] !== QUOTE) return -1;
      i = passString(b, i, end);
      if (i < 0) return -1;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== COLON) return -1;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
    }
    c = b[i];
    if (c === QUOTE) {
      i = passString(b, i, end);
      if (i < 0) return -1;
    } else if (c === LBRACE || c === LBRACKET) {
      if (++depth === stack.length) {
        const bigger = new Uint8Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      inObject = c === LBRACE;
      stack[depth] = inObject ? IN_OBJECT : IN_ARRAY;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== (inObject ? RBRACE : RBRACKET)) continue;
      i++;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    } else if (c === 45 || isDigit(c)) {
      i = scanNumber(b, i, end);
      if (i < 0) return -1;
    } else {
      i = scanLiteral(b, i, end);
      if (i < 0) return -1;
    }
    for (; ; ) {
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
      c = b[i];
      if (c === COMMA) {
        i++;
        while (i < end && isWs(b[i])) i++;
        break;
      }
      if (c !== (inObject ? RBRACE : RBRACKET)) return -1;
      i++;
      if (depth === 0) return i;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    }
  }
}
var WASM_MIN_BYTES = 512;
function skipBody(b, i, end) {
  const c = b[i];
  if ((c === LBRACE || c === LBRACKET) && end - i >= WASM_MIN_BYTES) {
    const r = skipInWasm(b, i, end);
    if (r !== void 0) return r;
  }
  return skipValue(b, i, end);
}
var KNOWN = /* @__PURE__ */ new Map();
for (const s of [
  "RequestReceived",
  "ResponseStarted",
  "ResponseComplete",
  "Panic",
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "true",
  "false"
]) {
  KNOWN.set(s, s);
}
var decoder = new TextDecoder();
function decodeString(b, s, e, escaped) {
  if (escaped) return JSON.parse(utf8(b, s - 1, e + 1));
  return utf8(b, s, e);
}
function utf8(b, s, e) {
  return b.utf8Slice ? b.utf8Slice(s, e) : decoder.decode(b.subarray(s, e));
}
var SHARED_MAX = 64;
var SHARED_SLOTS = 4096;
var sharedLens = new Int32Array(SHARED_SLOTS).fill(-1);
var sharedBytes = new Uint8Array(SHARED_SLOTS * SHARED_MAX);
var sharedStrings = new Array(SHARED_SLOTS).fill("");
function decodeShared(b, s, e, escaped) {
  const len = e - s;
  if (escaped || len > SHARED_MAX) return decodeString(b, s, e, escaped);
  let h = 2166136261 ^ len;
  for (let k = s; k < e; k++) h = Math.imul(h ^ b[k], 16777619);
  const slot = (h ^ h >>> 16) & SHARED_SLOTS - 1;
  const base = slot * SHARED_MAX;
  if (sharedLens[slot] === len) {
    let k = 0;
    while (k < len && sharedBytes[base + k] === b[s + k]) k++;
    if (k === len) return sharedStrings[slot];
  }
  const v = utf8(b, s, e);
  for (let k = 0; k < len; k++) sharedBytes[base + k] = b[s + k];
  sharedLens[slot] = len;
  sharedStrings[slot] = v;
  return v;
}
function bytesAre(b, s, e, text) {
  if (e - s !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[s + k] !== text.charCodeAt(k)) return false;
  return true;
}
function decodeShort(b, s, e, escaped) {
  if (!escaped && e - s <= 16) {
    switch (b[s]) {
      case 82:
        if (bytesAre(b, s, e, "ResponseComplete")) return "ResponseComplete";
        if (bytesAre(b, s, e, "RequestReceived")) return "RequestReceived";
        if (bytesAre(b, s, e, "ResponseStarted")) return "ResponseStarted";
        break;
      case 103:
        if (bytesAre(b, s, e, "get")) return "get";
        break;
      case 108:
        if (bytesAre(b, s, e, "list")) return "list";
        break;
      case 119:
        if (bytesAre(b, s, e, "watch")) return "watch";
        break;
      case 99:
        if (bytesAre(b, s, e, "create")) return "create";
        break;
      case 117:
        if (bytesAre(b, s, e, "update")) return "update";
        break;
      case 112:
        if (bytesAre(b, s, e, "patch")) return "patch";
        break;
      case 100:
        if (bytesAre(b, s, e, "delete")) return "delete";
        if (bytesAre(b, s, e, "deletecollection")) return "deletecollection";
        break;
    }
  }
  const v = decodeString(b, s, e, escaped);
  return KNOWN.get(v) ?? v;
}
var keyStart = 0;
var keyEnd = 0;
function readKey(b, i, end) {
  if (i >= end || b[i] !== QUOTE) return -1;
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  if (sawEscape) return -2;
  keyStart = i + 1;
  keyEnd = after - 1;
  i = skipWs(b, after, end);
  if (i >= end || b[i] !== COLON) return -1;
  i = skipWs(b, i + 1, end);
  return i < end ? i : -1;
}
var objectClosed = false;
function nextMember(b, i, end) {
  i = skipWs(b, i, end);
  if (i >= end) return -1;
  if (b[i] === COMMA) {
    objectClosed = false;
    return skipWs(b, i + 1, end);
  }
  if (b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  return -1;
}
function openObject(b, i, end) {
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  objectClosed = false;
  return i;
}
var str;
var strings;
var SHORT = 0;
var OWN = 1;
var SHARED = 2;
var PRESENCE = 3;
var PRESENT = "";
var PRESENT_USER = {};
var PRESENT_REF = {};
function readStringValue(b, i, end, how) {
  if (b[i] !== QUOTE) {
    str = void 0;
    return skipValue(b, i, end);
  }
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  const s = i + 1;
  const e = after - 1;
  str = how === SHORT ? decodeShort(b, s, e, sawEscape) : how === SHARED ? decodeShared(b, s, e, sawEscape) : how === PRESENCE ? PRESENT : decodeString(b, s, e, sawEscape);
  return after;
}
var userValue;
function readUser(b, i, end, presence2, impersonated = false) {
  const c = b[i];
  if (presence2) {
    userValue = c === LBRACE || c === LBRACKET ? PRESENT_USER : void 0;
    return skipKeyed(b, i, end, impersonated);
  }
  if (c === LBRACKET) {
    userValue = { username: void 0, groups: void 0 };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    userValue = void 0;
    return skipValue(b, i, end);
  }
  let username;
  let groups;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "username")) {
      i = readStringValue(b, i, end, SHARED);
      username = str;
    } else if (bytesAre(b, keyStart, keyEnd, "groups")) {
      i = readStringArray(b, i, end);
      groups = strings;
    } else if (impersonated && (bytesAre(b, keyStart, keyEnd, "uid") || bytesAre(b, keyStart, keyEnd, "extra"))) return -1;
    else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  userValue = { username, groups };
  return i;
}
function readStringArray(b, i, end) {
  if (b[i] !== LBRACKET) {
    strings = void 0;
    return skipValue(b, i, end);
  }
  const out = [];
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACKET) {
    strings = out;
    return i + 1;
  }
  for (; ; ) {
    if (i >= end) return -1;
    if (b[i] === QUOTE) {
      const after = scanString(b, i, end);
      if (after < 0) return -1;
      out.push(decodeShared(b, i + 1, after - 1, sawEscape));
      i = after;
    } else {
      i = skipValue(b, i, end);
      if (i < 0) return -1;
    }
    i = skipWs(b, i, end);
    if (i >= end) return -1;
    if (b[i] === COMMA) i = skipWs(b, i + 1, end);
    else if (b[i] === RBRACKET) {
      strings = out;
      return i + 1;
    } else return -1;
  }
}
var objectRefValue;
function readObjectRef(b, i, end, presence2) {
  const c = b[i];
  if (presence2) {
    objectRefValue = c === LBRACE || c === LBRACKET ? PRESENT_REF : void 0;
    return skipKeyed(b, i, end);
  }
  if (c === LBRACKET) {
    objectRefValue = { resource: void 0, subresource: void 0, namespace: void 0, name: void 0, apiGroup: void 0, apiVersion: void 0 };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    objectRefValue = void 0;
    return skipValue(b, i, end);
  }
  let resource;
  let subresource;
  let namespace;
  let name;
  let apiGroup;
  let apiVersion;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    const k0 = b[keyStart];
    const len = keyEnd - keyStart;
    if (k0 === 114 && len === 8 && bytesAre(b, keyStart, keyEnd, "resource")) {
      i = readStringValue(b, i, end, SHARED);
      resource = str;
    } else if (k0 === 115 && len === 11 && bytesAre(b, keyStart, keyEnd, "subresource")) {
      i = readStringValue(b, i, end, SHARED);
      subresource = str;
    } else if (k0 === 110 && len === 9 && bytesAre(b, keyStart, keyEnd, "namespace")) {
      i = readStringValue(b, i, end, SHARED);
      namespace = str;
    } else if (k0 === 110 && len === 4 && bytesAre(b, keyStart, keyEnd, "name")) {
      i = readStringValue(b, i, end, OWN);
      name = str;
    } else if (k0 === 97 && len === 8 && bytesAre(b, keyStart, keyEnd, "apiGroup")) {
      i = readStringValue(b, i, end, SHARED);
      apiGroup = str;
    } else if (k0 === 97 && len === 10 && bytesAre(b, keyStart, keyEnd, "apiVersion")) {
      i = readStringValue(b, i, end, SHARED);
      apiVersion = str;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  objectRefValue = { resource, subresource, namespace, name, apiGroup, apiVersion };
  return i;
}
function skipKeyed(b, i, end, impersonated = false) {
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (impersonated && (bytesAre(b, keyStart, keyEnd, "uid") || bytesAre(b, keyStart, keyEnd, "extra"))) return -1;
    i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}
var codeValue;
function readResponseStatus(b, i, end) {
  codeValue = void 0;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "code")) {
      const c = b[i];
      if (c === 45 || isDigit(c)) {
        const after = scanNumber(b, i, end);
        if (after < 0) return -1;
        codeValue = integerAt(b, i, after) ?? Number(utf8(b, i, after));
        i = after;
      } else {
        codeValue = void 0;
        i = skipValue(b, i, end);
      }
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}
function integerAt(b, s, e) {
  const neg = b[s] === 45;
  let k = neg ? s + 1 : s;
  if (e - k > 9) return void 0;
  let v = 0;
  for (; k < e; k++) {
    const c = b[k];
    if (!isDigit(c)) return void 0;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}
var deprecatedValue = false;
var removedReleaseValue;
var decisionValue;
function readAnnotations(b, i, end) {
  deprecatedValue = false;
  removedReleaseValue = void 0;
  decisionValue = void 0;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, "k8s.io/deprecated")) {
      i = readStringValue(b, i, end, SHORT);
      deprecatedValue = str === "true";
    } else if (bytesAre(b, keyStart, keyEnd, "k8s.io/removed-release")) {
      i = readStringValue(b, i, end, OWN);
      removedReleaseValue = str;
    } else if (bytesAre(b, keyStart, keyEnd, "authorization.k8s.io/decision")) {
      i = readStringValue(b, i, end, SHORT);
      decisionValue = str;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}
function scanEvent(b, start, end) {
  return scan(b, start, end, false);
}
function scanLine(b, start, end) {
  const ev = scan(b, start, end, true);
  if (ev !== STUB) return ev;
  const bb = b;
  const line = bb.latin1Slice && NodeBuffer2 ? bb.latin1Slice(start, end) : b.slice(start, end);
  return new StageStub(stubID, stubStage, stubTimestamp, stubPresent, line);
}
var STUB_MAX_BYTES = 2048;
var deferrable = (stage2) => stage2 === "RequestReceived" || stage2 === "ResponseStarted";
var VERB = 1;
var URI = 2;
var USER = 4;
var IMPERSONATED = 8;
var AGENT = 16;
var REF = 32;
var CODE = 64;
var DEPRECATED = 128;
var REMOVED = 256;
var DECISION = 512;
function presence(verb, requestURI, user, impersonatedUser, userAgent, objectRef, code, deprecatedAnnotation, removedRelease, authzDecision) {
  return (verb !== void 0 ? VERB : 0) | (requestURI !== void 0 ? URI : 0) | (user !== void 0 ? USER : 0) | (impersonatedUser !== void 0 ? IMPERSONATED : 0) | (userAgent !== void 0 ? AGENT : 0) | (objectRef !== void 0 ? REF : 0) | (code !== void 0 ? CODE : 0) | (deprecatedAnnotation !== void 0 ? DEPRECATED : 0) | (removedRelease !== void 0 ? REMOVED : 0) | (authzDecision !== void 0 ? DECISION : 0);
}
var presentIn = (ev) => presence(ev.verb, ev.requestURI, ev.user, ev.impersonatedUser, ev.userAgent, ev.objectRef, ev.code, ev.deprecatedAnnotation, ev.removedRelease, ev.authzDecision);
var NodeBuffer2 = globalThis.Buffer;
var StageStub = class _StageStub {
  constructor(auditID, stage2, timestamp, present, line) {
    this.auditID = auditID;
    this.stage = stage2;
    this.timestamp = timestamp;
    this.present = present;
    this.line = line;
  }
  auditID;
  stage;
  timestamp;
  present;
  line;
  deferred = true;
  /** The event of the line, as scanEvent makes it (with the merged time). */
  event() {
    const bytes2 = typeof this.line === "string" ? NodeBuffer2.from(this.line, "latin1") : this.line;
    const ev = scanEvent(bytes2, 0, bytes2.length) ?? toAuditEvent(JSON.parse(decoder.decode(bytes2)));
    if (typeof ev === "string") throw new Error(`internal: a deferred stage of ${this.auditID} does not read again: ${ev}`);
    return ev.timestamp === this.timestamp ? ev : withTimestamp(ev, this.timestamp);
  }
  /** mergeStages(this.event(), final), without reading the line when the final stage has every field this one has. */
  completedBy(final) {
    if (!notLaterStage(this.stage, final.stage) || (this.present & ~presentIn(final)) !== 0) return mergeStages(this.event(), final);
    const ts = this.timestamp || final.timestamp;
    return ts === final.timestamp ? final : withTimestamp(final, ts);
  }
  mergedWith(other) {
    if (!(other instanceof _StageStub)) return mergeStages(this.event(), other.event());
    const [early, late] = notLaterStage(this.stage, other.stage) ? [this, other] : [other, this];
    if ((early.present & ~late.present) !== 0) return mergeStages(early.event(), late.event());
    return new _StageStub(late.auditID, late.stage, early.timestamp || late.timestamp, late.present, late.line);
  }
};
function withTimestamp(ev, timestamp) {
  return newEvent(
    ev.auditID,
    ev.stage,
    ev.verb,
    ev.requestURI,
    ev.user,
    ev.impersonatedUser,
    ev.userAgent,
    ev.objectRef,
    ev.code,
    timestamp,
    ev.deprecatedAnnotation,
    ev.removedRelease,
    ev.authzDecision
  );
}
var STUB = newEvent("", "", void 0, void 0, void 0, void 0, void 0, void 0, void 0, void 0, void 0, void 0, void 0);
var stubID = "";
var stubStage = "";
var stubTimestamp;
var stubPresent = 0;
function scan(b, start, end, defer) {
  const bb = b;
  const mayDefer = defer && end - start <= STUB_MAX_BYTES;
  let lazy = false;
  let lazyRead = false;
  let i = skipWs(b, start, end);
  if (i >= end || b[i] !== LBRACE) return null;
  let kindOk = true;
  let apiVersionOk = true;
  let auditID;
  let stage2;
  let verb;
  let requestURI;
  let userAgent;
  let received;
  let timestamp;
  let user;
  let impersonated;
  let objectRef;
  let code;
  let deprecated = false;
  let removedRelease;
  let decision;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return null;
    const len = keyEnd - keyStart;
    const k0 = b[keyStart];
    switch (len) {
      case 4:
        if (k0 === 118 && bytesAre(b, keyStart, keyEnd, "verb")) {
          i = readStringValue(bb, i, end, SHORT);
          verb = str;
        } else if (k0 === 117 && bytesAre(b, keyStart, keyEnd, "user")) {
          lazyRead ||= lazy;
          i = readUser(bb, i, end, lazy);
          user = userValue;
        } else if (k0 === 107 && bytesAre(b, keyStart, keyEnd, "kind")) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          kindOk = after > 0 && !sawEscape && bytesAre(b, i + 1, after - 1, "Event");
          if (!kindOk) return null;
          i = after;
        } else i = skipValue(b, i, end);
        break;
      case 5:
        if (k0 === 115 && bytesAre(b, keyStart, keyEnd, "stage")) {
          i = readStringValue(bb, i, end, SHORT);
          stage2 = str;
          lazy = mayDefer && deferrable(stage2);
        } else i = skipValue(b, i, end);
        break;
      case 7:
        if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "auditID")) {
          i = readStringValue(bb, i, end, OWN);
          auditID = str;
        } else i = skipValue(b, i, end);
        break;
      case 9:
        if (k0 === 117 && bytesAre(b, keyStart, keyEnd, "userAgent")) {
          lazyRead ||= lazy;
          i = readStringValue(bb, i, end, lazy ? PRESENCE : OWN);
          userAgent = str;
        } else if (k0 === 111 && bytesAre(b, keyStart, keyEnd, "objectRef")) {
          lazyRead ||= lazy;
          i = readObjectRef(bb, i, end, lazy);
          objectRef = objectRefValue;
        } else if (k0 === 116 && bytesAre(b, keyStart, keyEnd, "timestamp")) {
          i = readStringValue(bb, i, end, OWN);
          timestamp = str;
        } else i = skipValue(b, i, end);
        break;
      case 10:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "requestURI")) {
          lazyRead ||= lazy;
          i = readStringValue(bb, i, end, lazy ? PRESENCE : OWN);
          requestURI = str;
        } else if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "apiVersion")) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          apiVersionOk = after > 0 && !sawEscape && (bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1") || bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1beta1") || bytesAre(b, i + 1, after - 1, "audit.k8s.io/v1alpha1"));
          if (!apiVersionOk) return null;
          i = after;
        } else i = skipValue(b, i, end);
        break;
      case 11:
        if (k0 === 97 && bytesAre(b, keyStart, keyEnd, "annotations")) {
          i = readAnnotations(bb, i, end);
          deprecated = deprecatedValue;
          removedRelease = removedReleaseValue;
          decision = decisionValue;
        } else i = skipValue(b, i, end);
        break;
      case 13:
        i = k0 === 114 && bytesAre(b, keyStart, keyEnd, "requestObject") ? skipBody(b, i, end) : skipValue(b, i, end);
        break;
      case 14:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "responseStatus")) {
          i = readResponseStatus(bb, i, end);
          code = codeValue;
        } else if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "responseObject")) i = skipBody(b, i, end);
        else i = skipValue(b, i, end);
        break;
      case 16:
        if (k0 === 105 && bytesAre(b, keyStart, keyEnd, "impersonatedUser")) {
          lazyRead ||= lazy;
          i = readUser(bb, i, end, lazy, true);
          impersonated = userValue;
        } else i = skipValue(b, i, end);
        break;
      case 24:
        if (k0 === 114 && bytesAre(b, keyStart, keyEnd, "requestReceivedTimestamp")) {
          i = readStringValue(bb, i, end, OWN);
          received = str;
        } else i = skipValue(b, i, end);
        break;
      default:
        i = skipValue(b, i, end);
    }
    if (i < 0) return null;
    i = nextMember(b, i, end);
    if (i < 0) return null;
  }
  if (skipWs(b, i, end) !== end) return null;
  if (!kindOk || !apiVersionOk) return null;
  if (!auditID) return null;
  if (requestURI === void 0 || verb === void 0 || !isStage(stage2)) return null;
  if (mayDefer && deferrable(stage2)) {
    stubID = auditID;
    stubStage = stage2;
    stubTimestamp = (received ?? timestamp) || void 0;
    stubPresent = presence(verb, requestURI, user, impersonated, userAgent, objectRef, code, deprecated ? true : void 0, removedRelease || void 0, decision || void 0);
    return STUB;
  }
  if (lazyRead) return scan(b, start, end, false);
  return eventOfFields(auditID, stage2, verb, requestURI, user, impersonated, userAgent, objectRef, code, received, timestamp, deprecated, removedRelease, decision);
}
function eventOfFields(auditID, stage2, verb, requestURI, user, impersonated, userAgent, objectRef, code, received, timestamp, deprecated, removedRelease, decision) {
  return newEvent(
    auditID,
    stage2 ?? "ResponseComplete",
    verb,
    requestURI,
    user,
    impersonated,
    userAgent,
    objectRef,
    code,
    (received ?? timestamp) || void 0,
    deprecated ? true : void 0,
    removedRelease || void 0,
    decision || void 0
  );
}

// src/engine/audit-lines.ts
var F_ID = 0;
var F_STAGE = 1;
var F_VERB = 2;
var F_URI = 3;
var F_UA = 4;
var F_RECEIVED = 5;
var F_TS = 6;
var F_USER = 7;
var F_IMP_USER = 8;
var F_RES = 9;
var F_SUB = 10;
var F_NS = 11;
var F_NAME = 12;
var F_GROUP = 13;
var F_VERSION = 14;
var F_DEPRECATED = 15;
var F_REMOVED = 16;
var F_DECISION = 17;
var NF = 18;
var MAX_GROUPS = 6;
var R_FIELDS = 10;
var R_GROUPS = R_FIELDS + NF * 4;
var R_IMP_GROUPS = R_GROUPS + MAX_GROUPS * 4;
var PRESENT2 = 1;
var ESCAPED = 2;
var INTERN_SLOTS = 8192;
var PAGE2 = 65536;
var MAX_LINES = 4096;
var MAX_INPUT = 1 << 20;
var SLACK2 = 16;
var AuditLines = class _AuditLines {
  constructor(w) {
    this.w = w;
    w.init();
    this.record = w.recordInts();
    this.input = (w.__heap_base.value + 15 & ~15) + 64;
    this.out = this.input + MAX_INPUT + SLACK2 + 63 & ~63;
    const need = this.out + MAX_LINES * this.record * 4;
    if (need > w.memory.buffer.byteLength) w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / PAGE2));
    this.heap = Buffer.from(w.memory.buffer);
    this.ints = new Int32Array(w.memory.buffer);
  }
  w;
  heap;
  ints;
  input;
  out;
  record;
  /** The strings of the intern table's slots, as JS decoded them. */
  strings = new Array(INTERN_SLOTS).fill("");
  /** The last user made with each slot's string as its username. */
  users = new Array(INTERN_SLOTS).fill(void 0);
  base = 0;
  offset = 0;
  /** The records of the last scan. */
  count = 0;
  /** null where there is no WebAssembly, or no Node Buffer (the records are decoded with its utf8Slice). */
  static load() {
    try {
      if (typeof Buffer === "undefined") return null;
      const bytes2 = Buffer.from(AUDIT_LINES_WASM, "base64");
      return new _AuditLines(new WebAssembly.Instance(new WebAssembly.Module(bytes2)).exports);
    } catch {
      return null;
    }
  }
  /**
   * Read the lines of buf[start, end), which ends just past a newline: as many as fit in one call (at least one,
   * unless the first line alone is longer than the input area: then 0, and the caller reads it another way).
   * Returns the bytes read; the records are then `count`, read with lineStart/lineEnd/event.
   */
  scan(buf, start, end) {
    let stop = end;
    if (stop - start > MAX_INPUT) {
      stop = buf.lastIndexOf(10, start + MAX_INPUT - 1) + 1;
      if (stop <= start) {
        this.count = 0;
        return 0;
      }
    }
    const len = stop - start;
    buf.copy(this.heap, this.input, start, stop);
    this.heap.fill(10, this.input + len, this.input + len + SLACK2);
    this.count = this.w.scan(this.input, this.input + len, this.out, MAX_LINES);
    this.base = this.out >> 2;
    this.offset = start - this.input;
    if (this.count === MAX_LINES) return this.ints[this.base + (this.count - 1) * this.record + 2] + 1 + this.offset - start;
    return len;
  }
  /** Where record i's line starts and ends in the buffer scanned (the newline not included). */
  lineStart(i) {
    return this.ints[this.base + i * this.record + 1] + this.offset;
  }
  lineEnd(i) {
    return this.ints[this.base + i * this.record + 2] + this.offset;
  }
  /**
   * Record i's event: exactly scanEvent's for the line, or null when the line must go the JS way. Every record
   * marked OK must be read (its event made, used or not) before the next scan: the strings it brings into the
   * intern table are learnt here.
   */
  event(i) {
    const r = this.base + i * this.record;
    const ints = this.ints;
    if (ints[r] !== 0) return null;
    const user = ints[r + 3] ? this.user(r, F_USER, R_GROUPS, ints[r + 8]) : void 0;
    const impersonated = ints[r + 4] ? this.user(r, F_IMP_USER, R_IMP_GROUPS, ints[r + 9]) : void 0;
    const objectRef = ints[r + 5] ? {
      resource: this.field(r + R_FIELDS + F_RES * 4),
      subresource: this.field(r + R_FIELDS + F_SUB * 4),
      namespace: this.field(r + R_FIELDS + F_NS * 4),
      name: this.field(r + R_FIELDS + F_NAME * 4),
      apiGroup: this.field(r + R_FIELDS + F_GROUP * 4),
      apiVersion: this.field(r + R_FIELDS + F_VERSION * 4)
    } : void 0;
    return eventOfFields(
      this.field(r + R_FIELDS + F_ID * 4),
      this.field(r + R_FIELDS + F_STAGE * 4),
      this.field(r + R_FIELDS + F_VERB * 4),
      this.field(r + R_FIELDS + F_URI * 4),
      user,
      impersonated,
      this.field(r + R_FIELDS + F_UA * 4),
      objectRef,
      ints[r + 6] ? ints[r + 7] : void 0,
      this.field(r + R_FIELDS + F_RECEIVED * 4),
      this.field(r + R_FIELDS + F_TS * 4),
      this.field(r + R_FIELDS + F_DEPRECATED * 4) === "true",
      this.field(r + R_FIELDS + F_REMOVED * 4),
      this.field(r + R_FIELDS + F_DECISION * 4)
    );
  }
  /**
   * The user of a record: the same object as the last user with this interned username, when its groups are the
   * same strings too. A few users make most requests, and a request still in flight holds its user: a user and its
   * groups of its own were a third of each held request's memory (236 of 663 bytes). Nothing changes an AuditUser.
   */
  user(r, name, groupsAt, count) {
    const x = r + R_FIELDS + name * 4;
    const username = this.field(x);
    const slot = Math.abs(this.ints[x + 3]);
    const known = slot > 0 ? this.users[slot - 1] : void 0;
    if (known !== void 0 && known.username === username && this.sameGroups(known.groups, r + groupsAt, count)) return known;
    let groups;
    if (count >= 0) {
      groups = [];
      for (let g = 0; g < count; g++) groups.push(this.field(r + groupsAt + g * 4));
    }
    const user = { username, groups };
    if (slot > 0) this.users[slot - 1] = user;
    return user;
  }
  /** Whether a record's groups (count < 0: none given) are these, string for string. */
  sameGroups(groups, at, count) {
    if (groups === void 0 || count < 0) return groups === void 0 && count < 0;
    if (groups.length !== count) return false;
    for (let g = 0; g < count; g++) if (groups[g] !== this.field(at + g * 4)) return false;
    return true;
  }
  /** The string of a field at ints[x]: (start, end, flags, slot). */
  field(x) {
    const ints = this.ints;
    const flags = ints[x + 2];
    if ((flags & PRESENT2) === 0) return void 0;
    const slot = ints[x + 3];
    if (slot > 0) return this.strings[slot - 1];
    const v = decodeString(this.heap, ints[x], ints[x + 1], (flags & ESCAPED) !== 0);
    if (slot < 0) this.strings[-slot - 1] = v;
    return v;
  }
};
var loaded;
function auditLines() {
  if (loaded === void 0) loaded = AuditLines.load();
  return loaded;
}

// src/sources/compression.ts
import zlib from "node:zlib";
var COMPRESSED_SUFFIX = /\.(gz|zst|zstd)$/;
var HEAD_BYTES = 263;
var GZIP_MAGIC = [31, 139];
var ZSTD_MAGIC = [40, 181, 47, 253];
var SKIPPABLE_MAGIC_REST = [42, 77, 24];
var isSkippableStart = (b) => (b & 240) === 80;
function isGzipHeader(head) {
  return startsWith(head, GZIP_MAGIC);
}
var nextPiece = (it) => async () => {
  const r = await it.next();
  return r.done ? null : r.value;
};
async function headPiece(next, bytes2 = HEAD_BYTES) {
  let head = await next();
  while (head !== null && head.length < bytes2) {
    const more = await next();
    if (more === null) break;
    head = Buffer.concat([head, more]);
  }
  return head;
}
var startsWith = (head, magic, at = 0) => head.length >= at + magic.length && magic.every((b, i) => head[at + i] === b);
function isZstdHeader(head) {
  let at = 0;
  while (head.length >= at + 8 && isSkippableStart(head[at]) && startsWith(head, SKIPPABLE_MAGIC_REST, at + 1)) {
    at += 8 + (head[at + 4] | head[at + 5] << 8 | head[at + 6] << 16) + head[at + 7] * 16777216;
  }
  return startsWith(head, ZSTD_MAGIC, at);
}
var TEXT_SAMPLE = 512;
function afterMember(bytes2, compression, ended) {
  const magic = compression === "gzip" ? GZIP_MAGIC : ZSTD_MAGIC;
  const skippable = compression === "zstd" && isSkippableStart(bytes2[0]) ? [bytes2[0], ...SKIPPABLE_MAGIC_REST] : null;
  const begins = (m) => m.every((b, i) => i >= bytes2.length || bytes2[i] === b);
  if (begins(magic) || skippable && begins(skippable)) {
    if (bytes2.length >= magic.length) return "member";
    if (!ended) return null;
  }
  if (compression === "gzip" && bytes2[0] === 0) return "zeros";
  const sample = bytes2.subarray(0, TEXT_SAMPLE);
  for (const b of sample) if (b < 32 && b !== 9 && b !== 10 && b !== 13 || b === 127) return "other";
  return sample.length < TEXT_SAMPLE && !ended ? null : "text";
}
function compressionOf(head) {
  if (isGzipHeader(head)) return "gzip";
  if (isZstdHeader(head)) return "zstd";
  return null;
}
function refusedOf(head) {
  if (startsWith(head, [66, 90, 104]) && head.length >= 4 && head[3] >= 49 && head[3] <= 57) return "bzip2";
  if (startsWith(head, [253, 55, 122, 88, 90, 0])) return "xz";
  if (startsWith(head, [4, 34, 77, 24])) return "lz4";
  if (startsWith(head, [55, 122, 188, 175, 39, 28])) return "7z";
  if (startsWith(head, [80, 75, 3, 4]) || startsWith(head, [80, 75, 5, 6])) return "zip";
  if (startsWith(head, [117, 115, 116, 97, 114], 257) && (head[262] === 0 || head[262] === 32)) return "tar";
  return null;
}
function zstdInflater() {
  const make = zlib.createZstdDecompress;
  return typeof make === "function" ? make : null;
}
var WHAT = {
  bzip2: "bzip2-compressed",
  xz: "xz-compressed",
  lz4: "lz4-compressed",
  "7z": "7-Zip archive",
  zip: "zip archive",
  tar: "tar archive"
};
var READ = "APISnoop reads audit logs as plain text, gzip or zstd";
function refusedMessage(format, file, inflatedFrom) {
  const f = file === "-" ? null : shellWord(file);
  const tool = { bzip2: "bzip2 -dc", xz: "xz -dc", lz4: "lz4 -dc" };
  switch (format) {
    case "bzip2":
    case "xz":
    case "lz4":
      return `${WHAT[format]}: ${READ}; decompress it first: ${f ? `${tool[format]} ${f}` : tool[format]} | apisnoop analyze -`;
    // Each into a directory of its own, named in the message, so that "give the directory" names one; one that is
    // there already (the archive given among logs/) will do, as unzip -d and 7z -o take it.
    case "7z":
      return `${WHAT[format]}: ${READ}; extract it first (7z x ${f ?? "FILE"} -ologs) and give the directory logs`;
    case "zip":
      return `${WHAT[format]}: ${READ}; unzip it first (unzip ${f ?? "FILE"} -d logs; a GitHub artifact downloads as a zip) and give the directory logs`;
    case "tar":
      return `${inflatedFrom ? `${WHAT.tar} (${inflatedFrom}-compressed)` : WHAT.tar}: ${READ}; extract it first (mkdir -p logs && tar -xf ${f ?? "FILE"} -C logs) and give the directory logs`;
  }
}
function noZstdMessage(file) {
  const f = file === "-" ? null : shellWord(file);
  return `zstd-compressed: this Node.js (${process.versions.node}) cannot inflate zstd (Node.js 22.15 or later can); decompress it first: ${f ? `zstd -dc ${f}` : "zstd -dc"} | apisnoop analyze -, or use Node.js 22.15 or later`;
}
var RefusedInput = class extends Error {
  code = "APISNOOP_REFUSED_INPUT";
  constructor(message) {
    super(message);
    this.name = "RefusedInput";
  }
};

// src/sources/csv-export.ts
var CSV_HEAD_BYTES = 16 * 1024;
var AUDIT_COLUMNS = /* @__PURE__ */ new Set(["auditid", "requesturi", "verb", "stage", "requestreceivedtimestamp", "stagetimestamp", "useragent", "sourceips"]);
var AUDIT_KEYS = /* @__PURE__ */ new Set(["auditid", "requesturi"]);
var VERBS = /* @__PURE__ */ new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]);
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var SEPARATORS = [",", ";", "	"];
function csvFields(line, separator) {
  const fields = [];
  let i = 0;
  for (; ; ) {
    let field = "";
    if (line[i] === '"') {
      for (i++; ; i++) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] !== '"') break;
          i++;
        }
        field += line[i];
      }
      i++;
      if (i < line.length && line[i] !== separator) return null;
    } else {
      const next = line.indexOf(separator, i);
      const end = next === -1 ? line.length : next;
      field = line.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}
var columnName = (name) => name.trim().replace(/\[\d*\]$/, "").split(".").pop().toLowerCase();
var shownUri = (uri) => {
  const q = uri.indexOf("?");
  const path = q === -1 ? uri : `${uri.slice(0, q)}?\u2026`;
  return path.length > 80 ? `${path.slice(0, 79)}\u2026` : path;
};
function firstCsvLine(head) {
  const nl = head.indexOf(10);
  if (nl === -1 && head.length >= CSV_HEAD_BYTES) return null;
  const bom = head[0] === 239 && head[1] === 187 && head[2] === 191 ? 3 : 0;
  const line = head.toString("utf8", bom, nl === -1 ? head.length : nl).replace(/\r$/, "");
  const first = line.trimStart()[0];
  return first === void 0 || first === "{" || first === "[" ? null : line;
}
function csvExportOf(head) {
  const line = firstCsvLine(head);
  if (line === null) return null;
  for (const separator of SEPARATORS) {
    const what = line.includes(separator) ? exportLine(line, separator) : null;
    if (what !== null) return what;
  }
  return null;
}
function exportLine(line, separator) {
  const fields = csvFields(line, separator);
  if (fields === null || fields.length < 3) return null;
  const named = fields.filter((f) => AUDIT_COLUMNS.has(columnName(f)));
  if (named.length >= 2 && named.some((f) => AUDIT_KEYS.has(columnName(f)))) {
    const shown = named.slice(0, 3).map((f) => f.trim());
    return `a header naming audit event fields (${shown.join(", ")}${named.length > 3 ? ", \u2026" : ""})`;
  }
  const verb = fields.find((f) => VERBS.has(f));
  const uri = fields.find((f) => /^\/\S*$/.test(f));
  const id = fields.find((f) => UUID.test(f));
  if (verb === void 0 || uri === void 0 || id === void 0 && !fields.some(isStage)) return null;
  return `a row of an audit event's fields without a header (${verb} ${shownUri(uri)}${id === void 0 ? "" : `, auditID ${id}`})`;
}
function csvExportMessage(what) {
  return `CSV of audit events, not an audit log: its first line is ${what}. APISnoop reads audit events as JSON, one a line, as the API server writes them (--audit-log-path), and a CSV keeps only some of their fields: give that log, or export the events as JSON lines rather than CSV`;
}
function csvEventsOf(head) {
  const line = firstCsvLine(head);
  if (line === null) return null;
  for (const separator of SEPARATORS) {
    const fields = csvFields(line, separator)?.map((f) => f.trim());
    if (!fields) continue;
    for (const [column] of CSV_COLUMNS) {
      const index = fields.indexOf(column);
      if (index !== -1) return jsonUnder(head, separator, fields.length) ? null : { column, index, columns: fields.length, separator };
    }
  }
  return null;
}
function jsonUnder(head, separator, columns) {
  const nl = head.indexOf(10);
  if (nl === -1) return false;
  const end = head.indexOf(10, nl + 1);
  const row = head.toString("utf8", nl + 1, end === -1 ? head.length : end).replace(/\r$/, "");
  const first = row.trimStart()[0];
  if (first !== "{" && first !== "[") return false;
  if (columns === 1) return true;
  const cells = csvFields(row, separator);
  return cells === null || cells.length > columns || end !== -1 && cells.length !== columns;
}
var CELL_BYTES = 16 * 1024;
var CELL_BYTES_KEPT = 1 << 20;
var START = 0;
var BARE = 1;
var QUOTED = 2;
var AFTER_QUOTE = 3;
var CsvRows = class {
  constructor(separator, maxBytes, onRow) {
    this.separator = separator;
    this.maxBytes = maxBytes;
    this.onRow = onRow;
  }
  separator;
  maxBytes;
  onRow;
  state = START;
  /**
   * The cell being read: its bytes so far, copied into one buffer (a piece's memory may be read into again). A Buffer
   * of each run between doubled quotes, of which an event's JSON is full, held 15 MB of a row in 1.5 GB and took 20 s.
   */
  buf = Buffer.allocUnsafe(CELL_BYTES);
  len = 0;
  cells = [];
  size = 0;
  started = false;
  over = false;
  problem = null;
  /** The line being read, the row's first, and the line its open quote was on. */
  line = 1;
  rowLine = 1;
  quoteLine = 1;
  /** The newlines read: the input's lines, as the line reader counts them. */
  newlines = 0;
  /** Whether the last byte read is a newline (the line after it, if the input ends there, is none). */
  newlineLast = false;
  push(b) {
    const n = b.length;
    if (n > 0) this.newlineLast = b[n - 1] === 10;
    let i = 0;
    while (i < n) {
      this.started = true;
      if (this.state === START) {
        if (b[i] === 34) {
          this.state = QUOTED;
          this.quoteLine = this.line;
          this.grow(1);
          i++;
        } else this.state = BARE;
      } else if (this.state === BARE) {
        let k = i;
        while (k < n && b[k] !== this.separator && b[k] !== 10) k++;
        this.take(b, i, k);
        if (k === n) return;
        if (b[k] === 10) {
          this.newlines++;
          this.endRow(true);
        } else {
          this.endCell(false);
          this.grow(1);
        }
        i = k + 1;
      } else if (this.state === QUOTED) {
        i = this.quoted(b, i, n);
      } else {
        const c = b[i];
        if (c === 34) {
          this.take(b, i, i + 1);
          this.state = QUOTED;
          i++;
        } else if (c === this.separator) {
          this.endCell(false);
          this.grow(1);
          i++;
        } else if (c === 10) {
          this.newlines++;
          this.endRow(false);
          i++;
        } else if (c === 13) {
          this.grow(1);
          i++;
        } else {
          this.problem ??= `not a row of RFC 4180 CSV: text after the closing quote of its cell ${this.cells.length + 1} (a quote in a quoted cell not doubled?)`;
          this.state = BARE;
        }
      }
    }
  }
  /**
   * A quoted cell's bytes from i on, to its closing quote (then AFTER_QUOTE) or the piece's end: copied, a doubled
   * quote as one, its newlines counted; returns where it stopped. Byte by byte, here: an event's JSON doubles a quote
   * every few bytes, and a search and a copy of the buffer's for each run between them (10 M calls on 100 MB) took
   * longer than the bytes.
   */
  quoted(b, i, n) {
    let k = i;
    while (k < n) {
      const keep = !this.over;
      if (keep) this.reserve(this.len + Math.min(n - k, CELL_BYTES));
      const stop = keep ? Math.min(n, k + this.buf.length - this.len) : n;
      const out = this.buf;
      let len = this.len;
      const from = k;
      for (; k < stop; k++) {
        const c = b[k];
        if (c === 34) {
          if (k + 1 === n || b[k + 1] !== 34) break;
          k++;
        } else if (c === 10) {
          this.line++;
          this.newlines++;
        }
        if (keep) out[len++] = c;
      }
      if (keep) this.len = len;
      if (k < stop) {
        this.grow(k + 1 - from);
        this.state = AFTER_QUOTE;
        return k + 1;
      }
      this.grow(k - from);
    }
    return n;
  }
  /** The end of the input: a last row without its newline is a row; one inside a quoted cell is said. */
  end() {
    if (!this.started) return;
    if (this.state === QUOTED) {
      if (this.newlineLast) this.line--;
      const lines = this.line > this.rowLine ? `lines ${this.rowLine}-${this.line} are` : `line ${this.rowLine} is`;
      this.problem = `a quoted cell opened at line ${this.quoteLine} is not closed by the end of the input: ${lines} not read`;
      this.over = true;
      this.cells = [];
      this.endRow(false);
    } else this.endRow(this.state === BARE);
  }
  /** Count n bytes of the row; past maxBytes its cells are dropped. */
  grow(n) {
    this.size += n;
    if (this.size > this.maxBytes && !this.over) {
      this.over = true;
      this.len = 0;
      this.cells = [];
    }
  }
  take(b, from, to) {
    if (to <= from) return;
    this.grow(to - from);
    if (this.over) return;
    const len = this.len + to - from;
    this.reserve(len);
    b.copy(this.buf, this.len, from, to);
    this.len = len;
  }
  /** Room in the cell's buffer for len bytes. */
  reserve(len) {
    if (len <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(len, 2 * this.buf.length));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
  /** A cell ends; `crlf`: a bare one at the row's end, whose last byte may be the CR of a CRLF. */
  endCell(crlf) {
    let text = this.buf.toString("utf8", 0, this.len);
    this.len = 0;
    if (crlf && text.endsWith("\r")) text = text.slice(0, -1);
    if (!this.over) this.cells.push(text);
    this.state = START;
  }
  endRow(bare) {
    if (this.state !== QUOTED) this.endCell(bare);
    const over = this.over && this.problem === null;
    const lines = this.line > this.rowLine ? `lines ${this.rowLine}-${this.line}` : `line ${this.rowLine}`;
    this.onRow({
      line: this.rowLine,
      last: this.line,
      cells: this.cells,
      problem: over ? `CSV row longer than ${this.maxBytes} bytes (${lines}), skipped${this.line > this.rowLine ? ": a quoted cell not closed?" : ""}` : this.problem
    });
    this.cells = [];
    this.len = 0;
    if (this.buf.length > CELL_BYTES_KEPT) this.buf = Buffer.allocUnsafe(CELL_BYTES);
    this.size = 0;
    this.over = false;
    this.problem = null;
    this.started = false;
    this.state = START;
    this.line++;
    this.rowLine = this.line;
  }
};
var needsRecord = (text) => text.includes("\n") || text.includes(CSV_ROW) || text.trim() === "";
var cellRecord = (column, text) => ({ [CSV_ROW]: { column, text } });
var CSV_RECORD_START = `{${JSON.stringify(CSV_ROW)}:`;
async function* csvEventLines(pieces, csv, maxBytes) {
  let out = "";
  let lines = 0;
  let header = true;
  let rows = 0;
  const line = (row, text) => {
    out += "\n".repeat(row.line - 1 - lines) + text + "\n".repeat(row.last - row.line + 1);
    lines = row.last;
  };
  const record = (row, what) => line(row, JSON.stringify({ [CSV_ROW]: what }));
  const reader = new CsvRows(csv.separator.charCodeAt(0), maxBytes, (row) => {
    if (header) {
      header = false;
      return;
    }
    if (row.problem === null && row.cells.length === 1 && row.cells[0].trim() === "") return;
    rows++;
    if (row.problem !== null && (row.cells.length === 0 || row.cells.length === csv.columns)) return record(row, { problem: row.problem });
    const n = row.cells.length;
    if (n !== csv.columns) {
      const hint = n > csv.columns ? " (a cell holding the separator not quoted?)" : "";
      return record(row, {
        problem: `CSV row of ${n} cell${n === 1 ? "" : "s"} where its header names ${csv.columns} columns: its "${csv.column}" cell cannot be told${hint}`
      });
    }
    const text = row.cells[csv.index];
    if (!needsRecord(text)) line(row, text);
    else if (text.length > maxBytes / 2 && Buffer.byteLength(JSON.stringify(text)) > maxBytes - 100) {
      record(row, { problem: `CSV row longer than ${maxBytes} bytes as a line, skipped` });
    } else record(row, { column: csv.column, text });
  });
  for await (const piece of pieces) {
    reader.push(piece);
    if (out) {
      yield Buffer.from(out);
      out = "";
    }
  }
  reader.end();
  if (rows === 0) record({ line: 1, last: 1 }, { problem: `CSV export with a header naming its "${csv.column}" column and no rows: no audit event in it` });
  if (reader.newlines > lines) out += "\n".repeat(reader.newlines - lines);
  if (out) yield Buffer.from(out);
}

// src/sources/inflate.ts
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { finished as finished2 } from "node:stream/promises";

// src/sources/members.ts
import { Transform } from "node:stream";
import { finished } from "node:stream/promises";
import zlib2 from "node:zlib";
var INFLATE_CHUNK = 1 << 20;
function zlibError(message, cut = false) {
  return Object.assign(new Error(message), { code: cut ? "Z_BUF_ERROR" : "Z_DATA_ERROR", errno: cut ? -5 : -3, whole: true });
}
function notMoreError(compression) {
  if (compression === "gzip") return zlibError("incorrect header check");
  return Object.assign(new Error("Unknown frame descriptor"), { code: "ZSTD_error_prefix_unknown", whole: true });
}
var UNEXPECTED_END = "unexpected end of file";
var Members = class extends Transform {
  constructor(compression, onPlain, reusable = false) {
    super();
    this.compression = compression;
    this.onPlain = onPlain;
    this.reusable = reusable;
  }
  compression;
  onPlain;
  reusable;
  failure = null;
  inner = null;
  /** Input of the members ended, and of the headers and trailers read. */
  done = 0;
  inMember = false;
  /** Bytes after a member, gathered until they tell what follows it. */
  after = null;
  /** zeros: in a run of zero bytes after a member (padding if the input ends in it, a plain log's NULs if text follows). */
  state = "compressed";
  /** Zero bytes after the last member, before what follows them. */
  zeros = 0;
  /** The inflater of the member that ended last, kept to be reset for the next (gzip): see reusable. */
  spare = null;
  /** The inner inflater's bytesWritten when its member began (one inflater inflates member after member). */
  base = 0;
  /**
   * Output inflated while a piece of input is being read, not yet handed on: adjacent pieces of the inflater's output
   * buffer, handed on as one when the piece is read (as Gunzip hands on a write's output, across members). A piece
   * per member of 64 KB of text cost the line reader 20% more CPU than Gunzip's.
   */
  pending = null;
  feeding = false;
  /** The last byte handed on (a newline before any: nothing to end). */
  last = 10;
  get bytesWritten() {
    return this.done + this.innerWritten();
  }
  /** The input the current member's inflater has taken. */
  innerWritten() {
    return this.inner ? this.inner.bytesWritten - this.base : 0;
  }
  _transform(chunk, _encoding, callback) {
    if (this.failure) return callback();
    this.feeding = true;
    this.feed(chunk).finally(() => {
      this.feeding = false;
      this.handOn();
    }).then(
      () => callback(),
      (err) => this.fail(err, callback)
    );
  }
  _flush(callback) {
    if (this.failure || this.state !== "compressed") return callback();
    this.ended().then(
      () => callback(),
      (err) => this.fail(err, callback)
    );
  }
  _read(size) {
    this.inner?.resume();
    super._read(size);
  }
  _destroy(err, callback) {
    this.inner?.destroy();
    this.spare?.destroy();
    callback(err);
  }
  /** Inflated output: handed on now, or joined to the pending piece while input is read (pending). */
  collect(b) {
    const p = this.pending;
    if (p !== null && p.buffer === b.buffer && p.byteOffset + p.length === b.byteOffset) {
      this.pending = Buffer.from(p.buffer, p.byteOffset, p.length + b.length);
      return true;
    }
    const ok = this.handOn();
    if (!this.feeding) return this.give(b) && ok;
    this.pending = b;
    return ok;
  }
  /** Hand on the pending output. */
  handOn() {
    const p = this.pending;
    this.pending = null;
    return p === null || this.give(p);
  }
  /** Hand on output, minding the last byte (plain text after it starts a line of its own). */
  give(b) {
    if (b.length > 0) this.last = b[b.length - 1];
    return this.push(b);
  }
  fail(err, callback) {
    this.failure = Object.assign(err, { compression: this.compression });
    this.done += this.innerWritten();
    this.inner?.destroy();
    this.inner = null;
    this.push(null);
    callback();
  }
  async feed(chunk) {
    while (chunk.length > 0) {
      if (this.state === "plain") {
        this.give(chunk);
        return;
      }
      if (this.state === "zeros") {
        const at = chunk.findIndex((b) => b !== 0);
        this.zeros += at === -1 ? chunk.length : at;
        if (at === -1) return;
        this.state = "compressed";
        chunk = chunk.subarray(at);
      }
      if (!this.inMember) {
        const held = this.after ? Buffer.concat([this.after, chunk]) : chunk;
        this.after = null;
        if (!this.next(held, false)) {
          this.after = Buffer.from(held);
          return;
        }
        chunk = held;
        if (!this.inMember) continue;
      }
      const rest2 = await this.member(chunk);
      if (rest2 === null) return;
      this.inMember = false;
      chunk = rest2;
    }
  }
  /** At the end of a member, with these bytes after it: what they begin. False: too few bytes to tell. */
  next(bytes2, ended) {
    const what = afterMember(bytes2, this.compression, ended);
    if (what === null) return false;
    if (what !== "member") {
      this.spare?.destroy();
      this.spare = null;
    }
    if (what === "member" && this.zeros === 0) this.inMember = true;
    else if (what === "zeros") this.state = "zeros";
    else if (what === "text") this.plain();
    else throw notMoreError(this.compression);
    return true;
  }
  /** Plain text follows, from here (its zero bytes first, for the plain reader to say as in a plain log's lines). */
  plain() {
    this.handOn();
    this.state = "plain";
    this.onPlain?.(this.done);
    if (this.last !== 10) this.give(Buffer.from("\n"));
    for (let n = this.zeros; n > 0; n -= INFLATE_CHUNK) this.give(Buffer.alloc(Math.min(n, INFLATE_CHUNK)));
  }
  /** The input ended: inside a member, or with bytes after one too few to have told what they begin. */
  async ended() {
    if (this.inMember) return this.endMember();
    const held = this.after;
    this.after = null;
    if (held !== null && this.next(held, true) && this.state === "plain") this.give(held);
  }
  /**
   * Write the chunk to the member's inflater: the bytes after its end, if it ended inside it, once its output is
   * all out; else null.
   */
  async inflateSome(chunk) {
    const z = this.inner ??= this.open();
    const before = z.bytesWritten;
    let reject;
    const failed = new Promise((_, r) => reject = r);
    z.once("error", reject);
    try {
      await Promise.race([new Promise((resolve, reject2) => z.write(chunk, (err) => err ? reject2(err) : resolve())), failed]);
      if (z.bytesWritten - before === chunk.length) return null;
      await Promise.race([this.reusable ? handedOn(z) : finished(z, { writable: false }), failed]);
    } finally {
      z.off("error", reject);
    }
    const used = z.bytesWritten - before;
    this.done += this.innerWritten();
    this.inner = null;
    if (this.reusable) this.spare = z;
    else z.destroy();
    return chunk.subarray(used);
  }
  /** The input ended inside the member's data: its inflater ends, or says its cut. */
  async endInner() {
    const z = this.inner;
    if (z === null) return;
    z.end();
    await finished(z);
    this.done += this.innerWritten();
    this.inner = null;
  }
  open() {
    const spare = this.spare;
    this.spare = null;
    if (spare) {
      spare.reset();
      this.base = spare.bytesWritten;
      return spare;
    }
    const z = this.newInner();
    this.base = 0;
    if (this.reusable) keepOpen(z);
    z.on("error", () => {
    });
    z.on("data", (b) => {
      this.inflated(b);
      if (!this.collect(b)) z.pause();
    });
    return z;
  }
  /** A piece the member's inflater gave. */
  inflated(_b) {
  }
};
function keepOpen(z) {
  const push = z.push.bind(z);
  z.push = (chunk, encoding) => chunk === null && !z.writableEnded ? true : push(chunk, encoding);
}
function handedOn(z) {
  if (z.readableLength === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const data = () => {
      if (z.readableLength > 0) return;
      z.off("data", data).off("close", closed);
      resolve();
    };
    const closed = () => {
      z.off("data", data);
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    z.on("data", data).once("close", closed);
  });
}
var crc32 = zlib2.crc32;
function gzipHeaderLength(b) {
  if (b.length < 10) return null;
  if (b[2] !== 8) throw zlibError("unknown compression method");
  const flags = b[3];
  if (flags & 224) throw zlibError("unknown header flags set");
  let at = 10;
  if (flags & 4) {
    if (b.length < at + 2) return null;
    at += 2 + b.readUInt16LE(at);
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    const end = b.indexOf(0, at);
    if (end === -1) return null;
    at = end + 1;
  }
  if (flags & 2) {
    if (b.length < at + 2) return null;
    if (crc32 && b.readUInt16LE(at) !== (crc32(b.subarray(0, at)) & 65535)) throw zlibError("header crc mismatch");
    at += 2;
  }
  return b.length < at ? null : at;
}
var GzipMembers = class extends Members {
  part = "header";
  /** Header or trailer bytes gathered across pieces. */
  held = null;
  crc = 0;
  size = 0;
  constructor(onPlain) {
    super("gzip", onPlain, true);
  }
  newInner() {
    return zlib2.createInflateRaw({ chunkSize: INFLATE_CHUNK });
  }
  inflated(b) {
    if (crc32) this.crc = crc32(b, this.crc);
    this.size = this.size + b.length >>> 0;
  }
  async member(chunk) {
    if (this.part === "header") {
      const b2 = this.gather(chunk);
      const n = gzipHeaderLength(b2);
      if (n === null) return this.hold(b2);
      this.done += n;
      this.held = null;
      this.part = "deflate";
      this.crc = 0;
      this.size = 0;
      chunk = b2.subarray(n);
      if (chunk.length === 0) return null;
    }
    if (this.part === "deflate") {
      const rest2 = await this.inflateSome(chunk);
      if (rest2 === null) return null;
      this.part = "trailer";
      chunk = rest2;
    }
    const b = this.gather(chunk);
    if (b.length < 8) return this.hold(b);
    if (crc32 && b.readUInt32LE(0) !== this.crc) throw zlibError("incorrect data check");
    if (b.readUInt32LE(4) !== this.size) throw zlibError("incorrect length check");
    this.done += 8;
    this.held = null;
    this.part = "header";
    return b.subarray(8);
  }
  async endMember() {
    if (this.part === "deflate") await this.endInner();
    throw zlibError(UNEXPECTED_END, true);
  }
  gather(chunk) {
    return this.held ? Buffer.concat([this.held, chunk]) : chunk;
  }
  /** Bytes of a header or trailer, kept for the next piece (a copy: the piece's memory may be read into again). */
  hold(b) {
    this.held = Buffer.from(b);
    return null;
  }
};
var ZstdFrames = class extends Members {
  constructor(onPlain) {
    super("zstd", onPlain);
  }
  newInner() {
    return zstdInflater()({ chunkSize: INFLATE_CHUNK });
  }
  async member(chunk) {
    const z = this.inner;
    const before = z?.bytesWritten ?? 0;
    try {
      return await this.inflateSome(chunk);
    } catch (err) {
      if (z === null || err.code !== "ZSTD_error_prefix_unknown") throw err;
      this.done += before;
      this.inner = null;
      z.destroy();
      return chunk;
    }
  }
  endMember() {
    return this.endInner();
  }
};
function inflater(compression, onPlain) {
  return compression === "gzip" ? new GzipMembers(onPlain) : new ZstdFrames(onPlain);
}

// src/sources/inflate.ts
var isDamage = (code) => code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || (code?.startsWith("ZSTD_error_") ?? false);
async function* inflate(pieces, file, compression, onPlain) {
  const z = inflater(compression, onPlain);
  const source = Readable.from(pieces);
  let given = 0;
  let failure;
  try {
    for await (const out of source.pipe(z)) {
      given += out.length;
      yield out;
    }
    if (z.failure === null) return;
    failure = z.failure;
  } catch (err) {
    failure = err;
  }
  source.destroy();
  const code = failure.code;
  if (!isDamage(code)) throw failure;
  failure.compression = compression;
  if (failure.whole) throw failure;
  if (file === null) {
    if (code !== "Z_BUF_ERROR") failure.lostOnStdin = true;
    throw failure;
  }
  let r = yield* replay(file, z.bytesWritten, 4096, given, compression);
  if (r.failedAt !== null && !r.atEnd) r = yield* replay(file, r.failedAt, 1, r.produced, compression);
  if (r.error) throw Object.assign(r.error, { compression });
}
async function* replay(file, wholeUntil, step, skip, compression) {
  const z = inflater(compression);
  const out = [];
  const failed = { error: null };
  let broke;
  const broken = new Promise((resolve) => broke = resolve);
  z.on("data", (b) => out.push(b));
  z.on("error", (e) => {
    failed.error = e;
    broke();
  });
  const done = (fn) => Promise.race([
    new Promise(
      (resolve) => fn((err) => {
        failed.error ??= err ?? null;
        resolve();
      })
    ),
    broken
  ]);
  let produced = 0;
  let at = 0;
  function* take() {
    for (const b of out.splice(0)) {
      if (produced + b.length > skip) yield produced >= skip ? b : b.subarray(skip - produced);
      produced += b.length;
    }
  }
  const input = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    for await (const piece of input) {
      for (let i = 0; i < piece.length; ) {
        const n = at < wholeUntil ? Math.min(piece.length - i, wholeUntil - at) : Math.min(step, piece.length - i);
        await done((cb) => z.write(piece.subarray(i, i + n), cb));
        failed.error ??= z.failure;
        if (failed.error) return { produced, failedAt: at, atEnd: false, error: failed.error };
        yield* take();
        i += n;
        at += n;
      }
    }
    z.end();
    await finished2(z).catch(() => void 0);
    failed.error ??= z.failure;
    yield* take();
    return { produced, failedAt: failed.error ? at : null, atEnd: true, error: failed.error };
  } finally {
    input.destroy();
    z.destroy();
  }
}

// src/sources/utf16.ts
function utf16Of(head) {
  if (head.length < 2) return null;
  if (head[0] === 255 && head[1] === 254) return "utf-16le";
  if (head[0] === 254 && head[1] === 255) return "utf-16be";
  if (head.length < 4) return null;
  if (OPENS.has(head[0]) && head[1] === 0 && head[2] !== 0 && head[3] === 0) return "utf-16le";
  if (head[0] === 0 && OPENS.has(head[1]) && head[2] === 0 && head[3] !== 0) return "utf-16be";
  return null;
}
var OPENS = /* @__PURE__ */ new Set([123, 91, 32, 9, 13, 10]);
async function* asUtf8(pieces) {
  const it = pieces[Symbol.asyncIterator]();
  try {
    const head = await headPiece(nextPiece(it), 4);
    if (head === null) return;
    const encoding = utf16Of(head);
    if (encoding === null) {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      return;
    }
    const decoder2 = new TextDecoder(encoding);
    let piece = head;
    while (piece !== void 0) {
      const text = decoder2.decode(piece, { stream: true });
      if (text.length > 0) yield Buffer.from(text, "utf8");
      const r = await it.next();
      piece = r.done ? void 0 : r.value;
    }
    const rest2 = decoder2.decode();
    if (rest2.length > 0) yield Buffer.from(rest2, "utf8");
  } finally {
    await it.return?.();
  }
}

// src/sources/audit-files.ts
var MAX_LINE_BYTES = 64 * 1024 * 1024;
function isOpenerLine(text) {
  const t = text.trim();
  return t === "{" || t === "[";
}
function closers(parts) {
  const n = parts.length;
  const before = new Array(n).fill(0);
  for (let i = 1, d = 0; i < n; i++) {
    before[i] = d;
    d += depthDelta(parts[i]);
  }
  const out = new Array(n).fill(false);
  let lowest = Infinity;
  for (let i = n - 1; i >= 1; i--) {
    const after = before[i] + depthDelta(parts[i]);
    lowest = Math.min(lowest, after);
    out[i] = lowest <= before[i];
  }
  return out;
}
function depthDelta(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth;
}
function recordsHint(parts, compression) {
  if (parts[0].trim() === "[") return `; a JSON array of events or records? Put its items one a line first: ${oneALine("'.[]'", compression)}`;
  let depth = 0;
  for (const part of parts.slice(0, 20)) {
    const list = depth === 1 ? /^\s*"([A-Za-z_@][\w@]*)"\s*:\s*\[\s*$/.exec(part) : null;
    if (list) return `; a document of records? Put them one a line first: ${oneALine(eachRecord(list[1]), compression)}`;
    depth += depthDelta(part);
  }
  return "";
}
function longLineMessage(head, compression = null) {
  const list = /^\uFEFF?\s*\{\s*"([A-Za-z_@][\w@]*)"\s*:\s*\[/.exec(head);
  const hint = list ? `; a document of records on one line? Put them one a line first: ${oneALine(eachRecord(list[1]), compression)}` : /^\uFEFF?\s*\[\s*\{/.test(head) ? `; a JSON array of events or records on one line? Put its items one a line first: ${oneALine("'.[]'", compression)}` : /^\uFEFF?\s*\{\s*"messageType"\s*:/.test(head) ? `; JSON objects one after another (Firehose's records)? Put them one a line first: ${oneALine(".", compression)}` : head.startsWith("\0") ? `; it begins with NUL bytes, and whatever follows them on the line (an audit event) is lost with them: remove them first, ${compression ? `${compression} -dc FILE | tr -d '\\000' > FILE.clean` : `tr -d '\\000' < FILE > FILE.clean`}; ${NUL_CAUSE}` : "";
  return `line longer than ${MAX_LINE_BYTES} bytes, skipped${hint}`;
}
function eachRecord(list) {
  return list === "results" ? "'.results[] | map({(.field): .value}) | add'" : `'.${list}[]'`;
}
function oneALine(filter, compression) {
  return compression ? `${compression} -dc FILE | jq -c ${filter} > FILE.jsonl` : `jq -c ${filter} FILE > FILE.jsonl`;
}
var LONG_LINE_HEAD = 80;
var text0 = (multi) => multi.parts[0].trim();
var READ_BYTES = 1 << 20;
var READ_AHEAD = 2;
var FilePieces = class {
  constructor(fh, positioned) {
    this.fh = fh;
    this.positioned = positioned;
  }
  fh;
  positioned;
  reuse = false;
  position = 0;
  pending = [];
  free = [];
  /** The buffer of the piece last returned: the caller's until it asks for the next. */
  lent = null;
  /** The next piece, or null at the end. The piece returned before is handled: its buffer may be read into again. */
  async next() {
    if (this.lent) this.giveBack(this.lent);
    this.lent = null;
    this.fill();
    const { at, buf, read } = this.pending.shift();
    const n = await read;
    if (!this.positioned) {
      if (n > 0) this.fill();
    } else if (n === READ_BYTES) {
      this.fill();
    } else {
      await this.settle();
      for (const p of this.pending.splice(0)) this.giveBack(p.buf);
      this.position = at + n;
    }
    if (n === 0) {
      this.giveBack(buf);
      return null;
    }
    this.lent = buf;
    return buf.subarray(0, n);
  }
  /** Let the reads in flight end (before the file is closed). */
  async settle() {
    await Promise.allSettled(this.pending.map((p) => p.read));
  }
  giveBack(buf) {
    if (this.reuse) this.free.push(buf);
  }
  fill() {
    while (this.pending.length < (this.positioned ? READ_AHEAD : 1)) {
      const buf = (this.reuse ? this.free.pop() : void 0) ?? Buffer.allocUnsafeSlow(READ_BYTES);
      const at = this.position;
      this.position += READ_BYTES;
      const read = this.fh.read(buf, 0, READ_BYTES, this.positioned ? at : null).then((r) => r.bytesRead);
      read.catch(() => {
      });
      this.pending.push({ at, buf, read });
    }
  }
};
var readFd = promisify(fsRead);
var readStdin = (buf, offset, length, position) => readFd(0, buf, offset, length, position);
async function openInput(file, onBytes, onCompression, onCsv, onPlain) {
  let next;
  let close = async () => {
  };
  let pieces = null;
  if (file === "-" && stdinStat()?.isFile()) {
    const stdinPieces = pieces = new FilePieces({ read: readStdin }, false);
    next = () => stdinPieces.next();
    close = () => stdinPieces.settle();
  } else if (file === "-") {
    next = nextPiece(process.stdin[Symbol.asyncIterator]());
  } else {
    const fh = await open(file, "r");
    let regular;
    try {
      regular = (await fh.stat()).isFile();
    } catch (err) {
      await fh.close();
      throw err;
    }
    const filePieces = pieces = new FilePieces(fh, regular);
    next = () => filePieces.next();
    close = async () => {
      await filePieces.settle();
      await fh.close();
    };
  }
  let head;
  try {
    head = await headPiece(next);
  } catch (err) {
    await close();
    throw err;
  }
  const compression = head === null ? null : compressionOf(head);
  const refused = head === null || compression ? null : refusedOf(head);
  if (refused || compression === "zstd" && !zstdInflater()) {
    await close();
    return refusal(refused ? refusedMessage(refused, file) : noZstdMessage(file));
  }
  if (pieces) pieces.reuse = head !== null && !compression;
  onCompression?.(compression);
  async function* counted() {
    try {
      let piece = head;
      while (piece) {
        onBytes(piece.length);
        yield piece;
        piece = await next();
      }
    } finally {
      await close();
    }
  }
  if (!compression) return notCsv(asUtf8(counted()), onCsv);
  const plain = onPlain && ((at) => onPlain(at, compression));
  return notCsv(asUtf8(notTar(inflate(counted(), file === "-" ? null : file, compression, plain), file, compression)), onCsv);
}
async function* notCsv(pieces, onCsv) {
  const it = pieces[Symbol.asyncIterator]();
  try {
    const held = [];
    let size = 0;
    let newlines = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      held.push(r.value);
      size += r.value.length;
      for (let at = r.value.indexOf(10); at !== -1 && newlines < 2; at = r.value.indexOf(10, at + 1)) newlines++;
      if (newlines >= 2 || size >= CSV_HEAD_BYTES) break;
      held[held.length - 1] = Buffer.from(r.value);
    }
    const head = held.length === 1 ? held[0] : Buffer.concat(held, size);
    const events = csvEventsOf(head.subarray(0, CSV_HEAD_BYTES));
    if (events !== null) {
      onCsv?.(events);
      yield* csvEventLines(rest(held, it), events, MAX_LINE_BYTES);
      return;
    }
    const csv = csvExportOf(head.subarray(0, CSV_HEAD_BYTES));
    if (csv !== null) throw new RefusedInput(csvExportMessage(csv));
    yield* rest(held, it);
  } finally {
    await it.return?.();
  }
}
async function* rest(held, it) {
  yield* held;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}
function refusal(message) {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(new RefusedInput(message))
    })
  };
}
async function* notTar(pieces, file, compression) {
  const it = pieces[Symbol.asyncIterator]();
  try {
    const head = await headPiece(nextPiece(it));
    if (head === null) return;
    if (refusedOf(head) === "tar") throw new RefusedInput(refusedMessage("tar", file, compression));
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } finally {
    await it.return?.();
  }
}
function firstNonBlank(text) {
  let first = 0;
  while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9 || text.charCodeAt(first) === 13)) first++;
  return first;
}
var LineReader = class {
  constructor(name, sink, stats) {
    this.name = name;
    this.sink = sink;
    this.stats = stats;
    this.lineNo = 0;
    this.fastEvent = sink.event ? sink.event.bind(sink) : null;
    this.fastDeferred = sink.event && sink.deferred ? sink.deferred.bind(sink) : null;
    this.lines = this.fastEvent ? auditLines() : null;
  }
  name;
  sink;
  stats;
  /** Lines seen so far (the number of the last line). */
  lineNo;
  /** A multi-line object was started: a reader that began mid-file cannot know it was not already inside one. */
  sawMultiLine = false;
  // Emptied in place, never replaced: a new [] has another elements kind than one that held Buffers, and each swap
  // deoptimized push() (a dozen times over 100 MB).
  carry = [];
  carryLen = 0;
  skipping = false;
  // inside an over-long line, dropping bytes until its newline
  skippedHead = "";
  // the first bytes of that line, for its message
  /** How the input was compressed (openInput), for the commands messages give. */
  compression = null;
  /**
   * The column of a CSV export of events whose cells the lines are (csvEventLines; openInput's onCsv), else null. A
   * cell that is no audit event is handed on as the record of its row, so that what is wrong with it names the column.
   */
  csvColumn = null;
  // A multi-line object being gathered.
  multi = null;
  fastEvent;
  fastDeferred;
  /** The fast path for whole lines of a chunk at once (WebAssembly), where there is one. */
  lines;
  batch = [];
  /** Inside salvage(): the lines of a broken object, read again on their own. */
  salvaging = 0;
  /** Audit events handed on by salvage() so far. */
  salvaged = 0;
  /** `salvaged` as the innermost salvage began: until it finds an event, what fails there is its object's one entry. */
  salvageBase = 0;
  /** Inside a multi-line object (at the end of the input, it was never closed). */
  get inObject() {
    return this.multi !== null;
  }
  /** Salvaging, whether a line is still part of the broken object's one entry: no audit event has come out of it yet. */
  get inBrokenObject() {
    return this.salvaging > 0 && this.salvaged === this.salvageBase;
  }
  invalid(line, message) {
    if (this.inBrokenObject) return;
    this.stats.invalid++;
    this.sink.invalidLine(this.name, line, message);
  }
  /** One line as bytes: the fast path decides it, or it is decoded for the reference path. */
  lineBytes(buf, start, end) {
    if (this.fastEvent && this.multi === null) {
      const ev = this.fastDeferred ? scanLine(buf, start, end) : scanEvent(buf, start, end);
      if (ev) {
        this.lineNo++;
        this.stats.lines++;
        this.stats.values++;
        if (ev instanceof StageStub) this.fastDeferred(ev, this.name, this.lineNo);
        else this.fastEvent(ev, this.name, this.lineNo);
        return;
      }
    }
    this.handle(buf.toString("utf8", start, end));
  }
  /**
   * Whole lines, buf[start, end) with end just past a newline, read in WebAssembly a batch at a time. A line it
   * leaves to JS, and every line inside a multi-line object, goes through lineBytes as before.
   */
  manyLines(buf, start, end) {
    const lines = this.lines;
    const stats = this.stats;
    while (start < end) {
      const read = lines.scan(buf, start, end);
      if (read === 0) {
        const nl = buf.indexOf(10, start);
        this.lineBytes(buf, start, nl);
        start = nl + 1;
        continue;
      }
      const events = this.batch;
      for (let i = 0; i < lines.count; i++) events[i] = lines.event(i);
      for (let i = 0; i < lines.count; i++) {
        const ev = events[i];
        events[i] = null;
        if (ev !== null && this.multi === null) {
          this.lineNo++;
          stats.lines++;
          stats.values++;
          this.fastEvent(ev, this.name, this.lineNo);
        } else this.lineBytes(buf, lines.lineStart(i), lines.lineEnd(i));
      }
      start += read;
    }
  }
  handle(text) {
    const stats = this.stats;
    this.lineNo++;
    stats.lines++;
    const lineNo = this.lineNo;
    const multi = this.multi;
    if (multi) {
      if (multi.depth === 1 && multi.parts[0].trim() === "{" && text.trimStart().startsWith("{")) {
        this.lineNo--;
        stats.lines--;
        this.abandon(`"{" opens no object: line ${lineNo} opens another`);
        this.handle(text);
        return;
      }
      multi.parts.push(text);
      multi.size += text.length;
      multi.depth += depthDelta(text);
      if (multi.size > MAX_LINE_BYTES) {
        this.abandon(`"${text0(multi)}" opens no object: none closes within ${MAX_LINE_BYTES} bytes${recordsHint(multi.parts, this.compression)}`);
      } else if (multi.depth <= 0) {
        let raw2;
        try {
          raw2 = JSON.parse(multi.parts.join("\n"));
        } catch (err) {
          this.abandon(`not JSON (lines ${multi.start}-${lineNo} read as one object): ${err.message.slice(0, 200)}`);
          return;
        }
        this.multi = null;
        this.give(raw2, multi.start);
      }
      return;
    }
    if (this.csvColumn !== null) {
      this.cell(text, lineNo, this.csvColumn);
      return;
    }
    text = withoutBom(text);
    const first = firstNonBlank(text);
    if (first === text.length) return;
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const c = text.charCodeAt(first);
      if ((c === 123 || c === 91) && text.trim().length === 1) {
        const depth = depthDelta(text);
        if (depth > 0) {
          this.multi = { start: lineNo, parts: [text], depth, size: text.length };
          this.sawMultiLine = true;
          return;
        }
      }
      const read = notJsonLine(text);
      if ("values" in read) {
        for (const value of read.values) this.give(value, lineNo);
        if (read.damage !== void 0) this.invalid(lineNo, read.damage);
      } else this.invalid(lineNo, read.problem ?? notJsonMessage(err, text));
      return;
    }
    this.give(raw, lineNo);
  }
  /**
   * A line of a CSV export's events that the fast path did not take: a blank line (no row begins there), a record
   * csvEventLines made of a row, or a cell's text, handed on as its row's record (the engine says what is wrong with
   * it, in its column: log-envelope.ts).
   */
  cell(text, lineNo, column) {
    if (firstNonBlank(text) === text.length) return;
    this.give(text.startsWith(CSV_RECORD_START) ? JSON.parse(text) : cellRecord(column, text), lineNo);
  }
  /** A JSON value read. Salvaging a broken object, what is not an audit event is part of that object until one was. */
  give(raw, line) {
    if (this.salvaging > 0) {
      if (holdsAuditEvents(raw)) this.salvaged++;
      else if (this.inBrokenObject) return;
    }
    this.stats.values++;
    this.sink.value(raw, this.name, line);
  }
  endLine() {
    if (this.skipping) {
      this.skippedLine();
      this.skipping = false;
    } else {
      const buf = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
      this.lineBytes(buf, 0, buf.length);
    }
    this.carry.length = 0;
    this.carryLen = 0;
  }
  /** A line longer than MAX_LINE_BYTES went by (its bytes were dropped). */
  skippedLine() {
    this.lineNo++;
    this.stats.lines++;
    this.invalid(this.lineNo, longLineMessage(this.skippedHead, this.compression));
  }
  /** The next bytes of the input. */
  push(chunk) {
    let start = 0;
    for (; ; ) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      if (this.carryLen === 0 && !this.skipping) {
        if (this.lines !== null && this.multi === null) {
          const last = chunk.lastIndexOf(10);
          this.manyLines(chunk, start, last + 1);
          start = last + 1;
          continue;
        }
        this.lineBytes(chunk, start, nl);
      } else {
        if (!this.skipping) {
          this.carry.push(chunk.subarray(start, nl));
          this.carryLen += nl - start;
        }
        this.endLine();
      }
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      this.carry.push(Buffer.from(chunk.subarray(start)));
      this.carryLen += chunk.length - start;
      if (this.carryLen > MAX_LINE_BYTES) {
        this.skippedHead = Buffer.concat(this.carry, LONG_LINE_HEAD).toString("utf8");
        this.skipping = true;
        this.carry.length = 0;
        this.carryLen = 0;
      }
    }
  }
  /** End of input: the last line may lack its newline. */
  end() {
    if (this.carryLen > 0 || this.skipping) this.endLine();
  }
  /**
   * The object gathered since a line of "{" (or "[") alone is not one: it is one invalid entry, at its first line.
   * Its other lines are read again on their own, so that one stray "{" or "[" cannot swallow the rest of a log: the
   * audit events among them count, and the entry says how many; the rest of them is that entry, not an entry each
   * (one typo in a pretty-printed event is one bad event, not forty bad lines).
   */
  abandon(message) {
    const multi = this.multi;
    this.multi = null;
    const events = this.salvage(multi);
    this.invalid(multi.start, events > 0 ? `${message}; read on their own, its lines held ${events} audit event${events === 1 ? "" : "s"}, which count` : message);
  }
  /**
   * Read the lines of an abandoned object after its first again, on their own: returns the audit events handed on.
   * An object opened among them and not closed by their end is broken too, and its lines are read the same way.
   */
  salvage(multi) {
    const before = this.salvaged;
    const outerBase = this.salvageBase;
    this.salvageBase = before;
    this.salvaging++;
    try {
      let pending = multi;
      while (pending) {
        const last = this.lineNo;
        this.lineNo = pending.start;
        this.stats.lines -= last - pending.start;
        const parts = pending.parts;
        const closes = closers(parts);
        for (let i = 1; i < parts.length; i++) {
          if (this.multi === null && !closes[i] && isOpenerLine(parts[i])) {
            this.lineNo++;
            this.stats.lines++;
            this.invalid(this.lineNo, `"${parts[i].trim()}" opens an object not closed (lines ${this.lineNo}-${pending.start + parts.length - 1})`);
            continue;
          }
          this.handle(parts[i]);
        }
        pending = this.multi;
        this.multi = null;
        if (pending) this.invalid(pending.start, `"${text0(pending)}" opens an object not closed (lines ${pending.start}-${this.lineNo})`);
      }
    } finally {
      this.salvaging--;
      this.salvageBase = outerBase;
    }
    return this.salvaged - before;
  }
  /** End of file checks: an object never closed (its lines after the first are read again, and may open another). */
  close() {
    while (this.multi) this.abandon(`"${text0(this.multi)}" opens an object not closed at end of file (lines ${this.multi.start}-${this.lineNo})`);
  }
  /**
   * The input broke off (truncated or corrupt gzip, read error): keep what came before, say where it was cut, once.
   * The unfinished line at the cut is part of the damage, not a bad line of its own, unless it is whole (only its
   * newline lost); so is an object the cut left open, whose lines are read on their own for the events among them.
   */
  cut(err) {
    const fragment = this.skipping || this.carryLen === 0 ? null : this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryLen);
    this.carry.length = 0;
    this.carryLen = 0;
    this.skipping = false;
    if (fragment !== null) {
      const text = fragment.toString("utf8");
      if (this.multi ? this.closesObject(text) : wholeLine(text)) this.handle(text);
    }
    let open3;
    if (this.multi) {
      const multi = this.multi;
      this.multi = null;
      open3 = { start: multi.start, events: this.salvage(multi) };
    }
    this.invalid(this.lineNo + 1, cutMessage(err, this.lineNo, open3));
  }
  /** Whether a last line closes the object open into whole JSON (handle() then hands it on). */
  closesObject(text) {
    const multi = this.multi;
    if (multi.depth + depthDelta(text) > 0 || multi.size + text.length > MAX_LINE_BYTES) return false;
    try {
      JSON.parse(multi.parts.join("\n") + "\n" + text);
      return true;
    } catch {
      return false;
    }
  }
};
function wholeLine(text) {
  const t = withoutBom(text);
  try {
    JSON.parse(t);
    return true;
  } catch {
    return "values" in notJsonLine(t);
  }
}
function notJsonLine(text) {
  const behind = afterPrefix(text);
  if (behind !== null) return "value" in behind ? { values: [behind.value] } : { problem: behind.problem };
  const values = valuesBackToBack(text);
  return values !== null ? { values } : eventsAmidDamage(text) ?? { problem: null };
}
var NUL_CAUSE = "NUL bytes stand where data never reached the disk (an unclean shutdown of the node), or where a copy of the log was taken while logrotate copytruncate emptied it";
function notJsonMessage(err, text) {
  if (text.includes("\0")) {
    if (looksUtf16(text)) {
      return "not JSON: UTF-16 text amid UTF-8, every other byte of it NUL (logs of two encodings joined with cat?): give each log on its own, or convert it to UTF-8 first, iconv -f UTF-16 -t UTF-8";
    }
    const b = Buffer.from(text, "utf8");
    const n = nulsIn(b, 0, b.length);
    const what = n === b.length ? `it is ${bytes(n)} NUL byte${n === 1 ? "" : "s"} and nothing else` : `it holds ${bytes(n)} NUL byte${n === 1 ? "" : "s"}, the first at byte ${bytes(b.indexOf(0) + 1)}, and no whole audit event`;
    return `not JSON: ${what}; ${NUL_CAUSE}`;
  }
  return `not JSON: ${err.message.slice(0, 200)}${prefixHint(text)}`;
}
var bytes = grouped;
function looksUtf16(text) {
  let from = 0;
  while (from < 2 && text.charCodeAt(from) === 65533) from++;
  if (text.charCodeAt(from) === 0) from++;
  const pairs = Math.min(8, text.length - from >> 1);
  if (pairs < 4) return false;
  for (let k = from; k < from + 2 * pairs; k += 2) if (text.charCodeAt(k) === 0 || text.charCodeAt(k + 1) !== 0) return false;
  return true;
}
function nulsIn(b, from, to) {
  let n = 0;
  for (let k = from; k < to; k++) if (b[k] === 0) n++;
  return n;
}
var EVENT_STARTS = ['{"kind":"Event","apiVersion":"audit.k8s.io/', '{"apiVersion":"audit.k8s.io/'].map((s) => Buffer.from(s));
var MAX_STARTS = 256;
function eventsAmidDamage(text, skip = skipValue) {
  const b = Buffer.from(text, "utf8");
  const starts = [];
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13)) i++;
  if (b[i] !== 123 && b[i] !== 0) return null;
  if (b[i] === 123) starts.push(i);
  for (const start of EVENT_STARTS) {
    for (let at = b.indexOf(start, i + 1); at !== -1 && starts.length < MAX_STARTS; at = b.indexOf(start, at + 1)) starts.push(at);
  }
  const hasNul = b.includes(0);
  if (hasNul) {
    for (let k = i; k + 1 < b.length && starts.length < MAX_STARTS; k++) if (b[k] === 0 && b[k + 1] === 123) starts.push(k + 1);
  }
  if (starts.length === 0 || starts.length === 1 && starts[0] === i && !hasNul) return null;
  starts.sort((x, y) => x - y);
  const values = [];
  const gaps = [];
  let done = i;
  let budget = 8 * b.length;
  for (const at of starts) {
    if (at < done) continue;
    if ((budget -= b.length - at) < 0) break;
    const end = skip(b, at, b.length);
    if (end < 0) continue;
    let value;
    try {
      value = JSON.parse(b.toString("utf8", at, end));
    } catch {
      continue;
    }
    if (!holdsAuditEvents(value)) continue;
    if (at > done) gaps.push([done, at]);
    values.push(value);
    done = end;
  }
  if (values.length === 0) return null;
  let last = b.length;
  while (last > done && (b[last - 1] === 32 || b[last - 1] === 9 || b[last - 1] === 13)) last--;
  if (last > done) gaps.push([done, last]);
  const shown = gaps.slice(0, 3).map(([from, to]) => {
    const nul = nulsIn(b, from, to);
    const size = to - from;
    const what = nul === size ? "NUL bytes" : nul > 0 ? `${bytes(nul)} of them NUL bytes` : b[from] !== 123 ? "not JSON" : to < last ? "an event cut short, the next written on after it" : "an event cut short";
    return `bytes ${bytes(from + 1)}-${bytes(to)} (${what})`;
  });
  const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : "";
  const n = values.length === 1 ? "the whole audit event on it counts" : `the ${values.length} whole audit events on it count`;
  const cause = hasNul ? `; ${NUL_CAUSE}` : "";
  return { values, damage: `damaged line: ${shown.join(", ")}${more} are not read; ${n}${cause}` };
}
function valuesBackToBack(text) {
  if (!text.trimStart().startsWith("{")) return null;
  const b = Buffer.from(text, "utf8");
  const values = [];
  for (let i = 0; ; ) {
    while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13 || b[i] === 10)) i++;
    if (i === b.length) break;
    const end = b[i] === 123 ? skipValue(b, i, b.length) : -1;
    if (end < 0) return null;
    try {
      values.push(JSON.parse(b.toString("utf8", i, end)));
    } catch {
      return null;
    }
    i = end;
  }
  return values.length > 1 ? values : null;
}
function cutMessage(e, lineNo, open3) {
  if (e instanceof RefusedInput) return e.message;
  const compression = e.compression ?? "gzip";
  const damaged = e.code === "Z_DATA_ERROR" || (e.code?.startsWith("ZSTD_error_") ?? false);
  const what = e.code === "Z_BUF_ERROR" || /unexpected end/i.test(e.message) ? `truncated ${compression}` : damaged ? `corrupt ${compression}` : "read error";
  const afterData = compression === "gzip" ? e.message === "incorrect header check" : e.code === "ZSTD_error_prefix_unknown";
  const problem = !afterData ? e.message : compression === "gzip" ? `bytes after the end of its gzip data begin no gzip member (${e.message}, gzip -dc's "trailing garbage ignored") and are not read` : `bytes after the end of its zstd data begin no zstd frame (${e.message}) and are not read`;
  const cutObject = open3 ? `, but lines ${open3.start}-${lineNo}, an object it cut short, are part of this entry` + (open3.events > 0 ? ` (read on their own, they held ${open3.events} audit event${open3.events === 1 ? "" : "s"}, which count)` : "") : "";
  if (e.lostOnStdin) {
    const lines = `${grouped(lineNo)} line${lineNo === 1 ? " was" : "s were"}`;
    const lost = `the lines zlib was inflating when it met the damage (up to ${INFLATE_CHUNK >> 20} MB) are lost`;
    return `${what}: ${problem}; ${lines} read before it${cutObject}, and ${lost}: stdin cannot be read again (give the file by name to keep every line before the damage)`;
  }
  const unchecked = /incorrect (data|length) check/.test(e.message) || e.code === "ZSTD_error_checksum_wrong" ? `; they do not match the ${compression} checksum, so some of them may be damaged` : "";
  const block = compression === "zstd" && what !== "read error" && !unchecked && !e.whole ? "; the lines of the zstd block it broke in (up to 128 KB) are lost" : "";
  if (lineNo === 0 && !open3) return `${what} before its first line: ${problem}; nothing of it was read${unchecked}`;
  return `${what} after line ${lineNo}: ${problem}; the lines before it were read${cutObject}${unchecked}${block}`;
}
function plainAfterMessage(name, at, compression) {
  const rotated = `audit.log.1.${compression === "gzip" ? "gz" : "zst"}`;
  return `${name}: its first ${at} bytes are ${compression} data and plain text follows (as from cat ${rotated} audit.log): both are read, as if given apart`;
}
function inputWarnings(stats) {
  const lines = `${grouped(stats.lines)} line${stats.lines === 1 ? "" : "s"}`;
  if (stats.lines === 0) stats.warnings.push(`${stats.file}: empty file`);
  else if (stats.values === 0 && stats.invalid === 0) stats.warnings.push(`${stats.file}: ${lines}, all blank: as good as an empty file`);
  else if (stats.values === 0) stats.warnings.push(`${stats.file}: no JSON in ${lines}: is this an audit log?`);
}
var NOT_OPENED = "read error at its start: ";
function notOpened(name, err, found) {
  if (!found) throw new InputError(readFailure(name, err));
  return `${NOT_OPENED}${readFailure(name, err)}; nothing of it was read, the other inputs count`;
}
var wasNotOpened = (entry) => entry.line === 1 && entry.message.startsWith(NOT_OPENED);
async function readAuditInput(file, sink, onBytes, found = false) {
  const name = shownName(file);
  const stats = { file: name, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
  let stream;
  const reader = new LineReader(name, sink, stats);
  try {
    stream = await openInput(
      file,
      (n) => {
        stats.bytes += n;
        onBytes?.(n);
      },
      (c) => reader.compression = c,
      (csv) => reader.csvColumn = csv.column,
      (at, c) => stats.warnings.push(plainAfterMessage(name, at, c))
    );
  } catch (err) {
    const message = notOpened(name, err, found);
    stats.invalid++;
    sink.invalidLine(name, 1, message);
    return stats;
  }
  try {
    for await (const chunk of stream) reader.push(chunk);
  } catch (err) {
    reader.cut(err);
    return stats;
  }
  reader.end();
  reader.close();
  inputWarnings(stats);
  return stats;
}

// src/sources/parallel.ts
import { existsSync as existsSync2 } from "node:fs";
import { open as open2, stat as stat2 } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath as fileURLToPath2, pathToFileURL } from "node:url";
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";

// src/sources/specs.ts
import { existsSync, readFileSync } from "node:fs";
import { readFile, readdir as readdir2, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join as join2 } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

// src/engine/rbac/permission.ts
var VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
var verbRank = (v) => {
  const i = VERB_ORDER.indexOf(v);
  return i === -1 ? VERB_ORDER.length : i;
};
var sortVerbs = (verbs) => [...new Set(verbs)].sort((a, b) => verbRank(a) - verbRank(b) || (a < b ? -1 : a > b ? 1 : 0));
var byString = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var uniqSorted = (xs) => [...new Set(xs)].sort(byString);

// src/engine/rbac/catalog.ts
function verbsOfOperation(op) {
  const byMethod = { get: "get", head: "get", post: "create", put: "update", patch: "patch", delete: "delete" };
  switch (op.action) {
    case "list":
      return ["list", "watch"];
    // ?watch=true on a list path is a watch
    case "watch":
    case "watchlist":
      return ["watch"];
    case "post":
      return ["create"];
    case "put":
      return ["update"];
    case "get":
    case "patch":
    case "delete":
    case "deletecollection":
      return [op.action];
    default:
      return byMethod[op.method] ? [byMethod[op.method]] : [];
  }
}
var SPECIAL_VERBS = {
  "": { users: ["impersonate"], groups: ["impersonate"], serviceaccounts: ["impersonate"] },
  "authentication.k8s.io": { uids: ["impersonate"], userextras: ["impersonate"] },
  "rbac.authorization.k8s.io": { roles: ["bind", "escalate"], clusterroles: ["bind", "escalate"] },
  "certificates.k8s.io": { signers: ["approve", "sign", "attest"] }
};
var VIRTUAL_RESOURCES = [
  ["", "users"],
  ["", "groups"],
  ["authentication.k8s.io", "uids"],
  ["authentication.k8s.io", "userextras"],
  ["certificates.k8s.io", "signers"]
];
var REST_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
function resourceCatalog(operations) {
  const cat = /* @__PURE__ */ new Map();
  const put = (group, resource, namespaced, verbs) => {
    let g = cat.get(group);
    if (!g) cat.set(group, g = /* @__PURE__ */ new Map());
    const prev = g.get(resource);
    if (prev) {
      prev.namespaced ||= namespaced;
      prev.verbs = sortVerbs([...prev.verbs, ...verbs]);
    } else g.set(resource, { group, resource, namespaced, verbs: sortVerbs(verbs) });
  };
  for (const op of operations) {
    if (op.discovery) continue;
    const segs = op.path.split("/").filter(Boolean);
    let i;
    let group;
    if (segs[0] === "api" && segs.length >= 3) [group, i] = ["", 2];
    else if (segs[0] === "apis" && segs.length >= 4) [group, i] = [segs[1], 3];
    else continue;
    let rest2 = segs.slice(i);
    if (rest2[0] === "watch") rest2 = rest2.slice(1);
    let namespaced = false;
    if (rest2[0] === "namespaces" && rest2[1] === "{namespace}" && rest2.length >= 3) {
      namespaced = true;
      rest2 = rest2.slice(2);
    }
    if (rest2.length === 0 || rest2[0].startsWith("{")) continue;
    const resource = rest2.length >= 3 ? `${rest2[0]}/${rest2[2]}` : rest2[0];
    put(group, resource, namespaced, verbsOfOperation(op));
  }
  for (const [group, resource] of VIRTUAL_RESOURCES) put(group, resource, false, []);
  for (const [group, byRes] of Object.entries(SPECIAL_VERBS)) for (const [resource, verbs] of Object.entries(byRes)) put(group, resource, false, verbs);
  return cat;
}

// src/engine/release-catalogue.ts
var HEAD = /^\{"groupVersion":"([^"\\]*)",/;
function parseCatalogue(text) {
  const lines = text.split("\n").filter((l) => l !== "");
  const { releases, clusterServed = [] } = JSON.parse(lines[0]);
  const raw = /* @__PURE__ */ new Map();
  for (const line of lines.slice(1)) {
    const head = HEAD.exec(line)?.[1] ?? JSON.parse(line).groupVersion;
    raw.set(head, line);
  }
  const parsed = /* @__PURE__ */ new Map();
  return {
    releases,
    clusterServed,
    groupVersions: [...raw.keys()],
    operationsOf(head) {
      let list = parsed.get(head);
      if (list === void 0 && raw.has(head)) parsed.set(head, list = JSON.parse(raw.get(head)).operations);
      return list;
    }
  };
}
function catalogueGroups(data) {
  return new Set(
    data.groupVersions.flatMap((head) => {
      const [root, group] = head.split("/");
      return root === "api" ? [""] : root === "apis" && group ? [group] : [];
    })
  );
}
function catalogueResources(data, group) {
  if (!data) return /* @__PURE__ */ new Set();
  const prefix = group === "" ? "api/" : `apis/${group}/`;
  const ops = data.groupVersions.filter((head) => head.startsWith(prefix)).flatMap((head) => (data.operationsOf(head) ?? []).map((e) => e.op));
  return new Set(resourceCatalog(ops).get(group)?.keys() ?? []);
}
var key = (op) => `${op.operationId} ${op.method}`;
function headOf(segs) {
  const first = segs[0] ?? "";
  return segs.slice(0, first === "apis" ? 3 : first === "api" ? 2 : 1).join("/");
}
function laterReleasesServing(data, group, version, release, resource) {
  const head = headOf(group === "" ? ["api", version] : ["apis", group, version]);
  const entries = (data.operationsOf(head) ?? []).filter((e) => resource === void 0 || resourceOf(e.op.path) === resource);
  const later = new Set(entries.flatMap((e) => e.served).filter((r) => compareMinor(r, release) > 0 && !data.clusterServed.includes(r)));
  return [...later].sort(compareMinor);
}
function resourceOf(path) {
  const info = apiPathInfo(splitPath(path));
  return info?.resource && (info.subresource ? `${info.resource}/${info.subresource}` : info.resource);
}
var templateHead = (path) => headOf(splitPath(path));
var EarlierOperations = class {
  constructor(data, release) {
    this.data = data;
    this.release = release;
    this.releases = [...data.releases].sort(compareMinor);
    this.rank = new Map(this.releases.map((r, i) => [r, i]));
    this.upTo = this.releases.filter((r) => compareMinor(r, release) <= 0).length;
    this.partial = this.releases.map((r) => data.clusterServed.includes(r));
  }
  data;
  release;
  /** By group/version head; null: no shipped release serves anything there. */
  built = /* @__PURE__ */ new Map();
  releases;
  rank;
  /** How many shipped releases are this one or before it: ranks below are served up to here, the rest later. */
  upTo;
  /** By rank: whether the release is one of data.clusterServed, whose gaps remove nothing. */
  partial;
  /** The rank of the first release from `from` on whose gaps count (not clusterServed), up to `to`; -1 if none. */
  fullFrom(from, to) {
    for (let i = from; i < to; i++) if (!this.partial[i]) return i;
    return -1;
  }
  groupVersion(head) {
    let b = this.built.get(head);
    if (b === void 0) {
      const entries = this.data.operationsOf(head);
      this.built.set(head, b = entries ? this.build(entries) : null);
    }
    return b;
  }
  build(entries) {
    const { releases, rank, upTo, release } = this;
    let after = this.fullFrom(upTo, releases.length);
    if (after === -1) after = releases.length - 1;
    const byPath = /* @__PURE__ */ new Map();
    for (const { op, served: served2 } of entries) {
      let last = -1;
      let next = false;
      for (const r of served2) {
        const i = rank.get(r);
        if (i < upTo) last = Math.max(last, i);
        else if (i <= after) next = true;
      }
      if (last < 0) continue;
      const gap = this.fullFrom(last + 1, upTo);
      const stays = releases[last] === release || gap === -1 && next;
      const removedIn = stays ? null : gap !== -1 ? releases[gap] : release;
      const at = `${op.method} ${op.path}`;
      const had = byPath.get(at);
      if (!had || last > had.last) byPath.set(at, { op, last, info: { lastServed: releases[last], removedIn } });
    }
    const operations = [...byPath.values()].map((x) => x.op);
    const served = /* @__PURE__ */ new Map();
    for (const x of byPath.values()) served.set(key(x.op), x.info);
    return { index: new OperationIndex(operations), served, objects: objectKinds(operations) };
  }
  /** The operation a request hit, among these; null if none. */
  match(verb, requestURI) {
    if (!requestURI || requestURI[0] !== "/") return null;
    const q = requestURI.indexOf("?");
    const segs = splitPath(q === -1 ? requestURI : requestURI.slice(0, q));
    if (segs.length === 0) return null;
    return this.groupVersion(headOf(segs))?.index.match(verb, requestURI).operation ?? null;
  }
  /**
   * Whether the analysed release is a shipped one. If not, a removedIn equal to it says only that the analysed spec
   * lacks the operation, which a cluster's own document does for every API it does not enable.
   */
  get releaseShipped() {
    return this.rank.has(this.release) && !this.data.clusterServed.includes(this.release);
  }
  /** Whether any shipped release serves (or served) something of an API group: "" for core. */
  servesGroup(group) {
    this.groups ??= catalogueGroups(this.data);
    return this.groups.has(group);
  }
  groups;
  /** Which releases served an operation matched here (undefined: not one of these). */
  servedOf(op) {
    return this.groupVersion(templateHead(op.path))?.served.get(key(op));
  }
  /**
   * Path of a named object -> its kind, among the operations of op's group/version (where its parent object is:
   * Pluto names a subresource by its parent's kind).
   */
  objectKinds(op) {
    return this.groupVersion(templateHead(op.path))?.objects ?? /* @__PURE__ */ new Map();
  }
};
var lifetimesOf = /* @__PURE__ */ new WeakMap();
function lifetimes(data) {
  let l = lifetimesOf.get(data);
  if (l) return l;
  const releases = [...data.releases].sort(compareMinor);
  const bit = new Map(releases.map((r, i) => [r, 1 << i]));
  const served = /* @__PURE__ */ new Map();
  for (const head of data.groupVersions) {
    for (const { op, served: by } of data.operationsOf(head) ?? []) {
      const k = `${op.method} ${op.path}`;
      served.set(k, by.reduce((m, r) => m | (bit.get(r) ?? 0), served.get(k) ?? 0));
    }
  }
  lifetimesOf.set(data, l = { releases, served });
  return l;
}
function aroundMask(releases, clusterServed, release) {
  let lo = -1;
  let hi = -1;
  releases.forEach((r, i) => {
    if (clusterServed.includes(r)) return;
    if (compareMinor(r, release) <= 0) lo = i;
    if (hi === -1 && compareMinor(r, release) >= 0) hi = i;
  });
  let mask = 0;
  for (let i = lo === -1 ? 0 : lo; i <= (hi === -1 ? releases.length - 1 : hi); i++) mask |= 1 << i;
  return mask;
}
function releaseMisfit(data, operations, release) {
  const { releases, served } = lifetimes(data);
  const builtIn = operations.flatMap((op) => {
    const mask = served.get(`${op.method} ${op.path}`);
    return mask === void 0 ? [] : [{ op, mask }];
  });
  const around = aroundMask(releases, data.clusterServed, release);
  const unserved = builtIn.filter((b) => (b.mask & around) === 0);
  if (unserved.length === 0) return null;
  const ordered = [...unserved].sort((a, b) => Number(a.op.discovery) - Number(b.op.discovery));
  const heads = /* @__PURE__ */ new Set();
  const picked = /* @__PURE__ */ new Set();
  for (const u of ordered) {
    const head = templateHead(u.op.path);
    if (picked.size === 3 || heads.has(head)) continue;
    heads.add(head);
    picked.add(u);
  }
  for (const u of ordered) if (picked.size < 3) picked.add(u);
  const examples = [...picked].map(({ op, mask }) => ({ operationId: op.operationId, served: releases.filter((_, i) => mask & 1 << i) }));
  const asked = releases.filter((_, i) => around & 1 << i);
  return { release, around: asked, unserved: unserved.length, examples, bestFit: bestFit(data, releases, served, builtIn, release) };
}
function bestFit(data, releases, served, builtIn, release) {
  const present = new Set(builtIn.map((b) => `${b.op.method} ${b.op.path}`));
  const scored = releases.map((r, i) => {
    const around = aroundMask(releases, data.clusterServed, r);
    let missing = 0;
    for (const [k, mask] of served) if (mask & 1 << i && !present.has(k)) missing++;
    return { r, unserved: builtIn.filter((b) => (b.mask & around) === 0).length, missing, distance: Math.abs(compareMinor(r, release)) };
  });
  scored.sort((a, b) => a.unserved - b.unserved || a.missing - b.missing || a.distance - b.distance);
  return scored[0].r;
}

// src/sources/specs.ts
var SourceError = class extends Error {
};
function dataDir() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../data", "../../data", "../../../data"]) {
    const dir = join2(here, rel);
    if (existsSync(join2(dir, "k8s"))) return dir;
  }
  throw new SourceError(`cannot find the shipped data/ directory near ${here}`);
}
var MAX_INFLATED_BYTES = 1024 * 1024 * 1024;
async function readMaybeGzip(file, maxBytes = MAX_INFLATED_BYTES) {
  let buf;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw new SourceError(readFailure(file, err));
  }
  if (isGzipHeader(buf)) {
    try {
      return gunzipSync(buf, { maxOutputLength: maxBytes });
    } catch (err) {
      if (err.code === "ERR_BUFFER_TOO_LARGE") {
        throw new SourceError(`${file}: inflates to more than ${maxBytes >> 20} MiB, larger than any spec: refused`);
      }
      throw new SourceError(`${file}: corrupt or truncated gzip (${err.message})`);
    }
  }
  return buf;
}
async function readJson(file) {
  const bytes2 = await readMaybeGzip(file);
  const text = new TextDecoder(utf16Of(bytes2) ?? "utf-8").decode(bytes2);
  try {
    return JSON.parse(text);
  } catch (err) {
    const log = firstLineIsAuditEvent(text) ? "; it is an audit log (its first line is an audit event): give it as a log to analyze" : "";
    throw new SourceError(`${file}: not JSON (${err.message})${log}`);
  }
}
var isVersion = (s) => /^v?1\.(0|[1-9]\d*)(\.\d+)?$/.test(s);
function normVersion(s) {
  if (/^v?1\.0\d/.test(s)) throw new SourceError(`${s}: not a Kubernetes release: a minor has no leading zero (write it as 1.NN, e.g. 1.33)`);
  if (!isVersion(s)) throw new SourceError(`${s}: not a Kubernetes release (write it as 1.NN, e.g. 1.33)`);
  return s.replace(/^v/, "").replace(/^(\d+\.\d+)\.\d+$/, "$1");
}
async function shippedReleases() {
  const files = await readdir2(join2(dataDir(), "k8s"));
  return files.map((f) => /^(\d+\.\d+)\.json\.gz$/.exec(f)?.[1]).filter((v) => !!v).sort(compareMinor);
}
var shippedReads = /* @__PURE__ */ new Map();
function shippedRelease(version) {
  const file = join2(dataDir(), "k8s", `${normVersion(version)}.json.gz`);
  let read = shippedReads.get(file);
  if (!read) {
    read = existsSync(file) ? readJson(file) : Promise.resolve(null);
    shippedReads.set(file, read);
  }
  return read;
}
var catalogue;
function shippedCatalogue() {
  if (catalogue === void 0) {
    const file = join2(dataDir(), "k8s", "catalogue.jsonl.gz");
    catalogue = existsSync(file) ? parseCatalogue(gunzipSync(readFileSync(file)).toString("utf8")) : null;
  }
  return catalogue;
}
function earlierOperations(release) {
  if (!isMinor(release)) return void 0;
  return () => {
    const data = shippedCatalogue();
    return data && new EarlierOperations(data, release);
  };
}
function specReleaseMisfit(spec) {
  if (spec.versionFrom !== "given" && spec.versionFrom !== "file name" || !isMinor(spec.kubernetesVersion)) return null;
  const data = shippedCatalogue();
  return data && releaseMisfit(data, spec.operations, spec.kubernetesVersion);
}
var setting = (name) => process.env[name] || void 0;
function cacheDir() {
  return setting("APISNOOP_CACHE_DIR") ?? join2(xdgBaseDir("XDG_CACHE_HOME", ".cache"), "apisnoop");
}
var SPEC_URL = "https://raw.githubusercontent.com/kubernetes/kubernetes/release-{version}/api/openapi-spec/swagger.json";
var COVERAGE_URL = "https://raw.githubusercontent.com/kubernetes-sigs/apisnoop/main/resources/coverage/{version}.0.json";
var DownloadError = class extends SourceError {
};
var downloads = /* @__PURE__ */ new Map();
async function fromCache(kind, version, urlTemplate, load2) {
  const file = join2(cacheDir(), kind, `${version}.json`);
  let broken;
  if (existsSync(file)) {
    try {
      return await load2(file);
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      broken = err.message;
    }
  }
  let download = downloads.get(file);
  if (!download) {
    download = downloadTo(file, kind, version, urlTemplate.replace("{version}", version), broken).finally(() => downloads.delete(file));
    downloads.set(file, download);
  }
  await download;
  return load2(file);
}
async function downloadTo(file, kind, version, url, broken) {
  const because = broken ? ` (the cached copy did not load: ${broken})` : "";
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(6e4) });
  } catch (err) {
    throw new DownloadError(`cannot download ${kind} for Kubernetes ${version} from ${url}: ${err.message}${because}`);
  }
  if (!res.ok) throw new DownloadError(`cannot download ${kind} for Kubernetes ${version}: ${url} answered ${res.status}${because}`);
  const body = Buffer.from(await res.arrayBuffer());
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    throw new DownloadError(`download of ${kind} for Kubernetes ${version} from ${url} is not JSON${because}`);
  }
  const part = `${file}.${process.pid}.part`;
  try {
    await makeDir(dirname(file));
    await writeFile(part, body);
    await rename(part, file);
  } catch (err) {
    await rm(part, { force: true }).catch(() => void 0);
    throw new SourceError(`cannot keep the download of ${kind} for Kubernetes ${version} in the cache, ${file}: ${err.code ?? err.message}; set APISNOOP_CACHE_DIR to a directory apisnoop may write`);
  }
}
async function loadSpecFile(file, version) {
  if (file === "-") throw new SourceError("-: a spec is read from a file, not stdin: save it first (kubectl get --raw /openapi/v2 > openapi-v2.json), or give --from-cluster");
  return specFromDocument(await readJson(file), file, version);
}
async function loadSpecVersion(version) {
  const v = normVersion(version);
  const shipped = await shippedRelease(v);
  if (shipped) return { kubernetesVersion: shipped.kubernetesVersion, source: shipped.source, operations: shipped.operations };
  return fromCache("openapi-v2", v, setting("APISNOOP_SPEC_URL") ?? SPEC_URL, (file) => loadSpecFile(file, v)).catch(async (err) => {
    if (!(err instanceof DownloadError)) throw err;
    const yaml = unquotedYamlRelease(v);
    throw new SourceError(
      `Kubernetes ${v} is not shipped with apisnoop (shipped: ${(await shippedReleases()).join(", ")}) and ${err.message}. ` + (yaml ? `If 1.${v.slice(2)}0 was meant: ${yaml}. ` : "") + // Said for every place a release is named (--spec, --next-releases, the Action's inputs): each takes a file.
      "Give its spec as a file instead (kubectl get --raw /openapi/v2 > openapi-v2.json on a cluster of that release)"
    );
  });
}
async function loadSpec(ref) {
  return isVersion(ref) && !existsSync(ref) ? loadSpecVersion(ref) : loadSpecFile(ref);
}
var testedSinceRead;
function loadTestedSince() {
  testedSinceRead ??= readJson(join2(dataDir(), "conformance-endpoints.json")).then((d) => ({
    source: d.source,
    releases: new Map(Object.entries(d.testedRelease))
  }));
  return testedSinceRead;
}
var ineligibleRead;
function loadIneligible() {
  ineligibleRead ??= readJson(join2(dataDir(), "ineligible-endpoints.json")).then((d) => new Map(Object.entries(d.reasons)));
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
  return fromCache("coverage", v, setting("APISNOOP_COVERAGE_URL") ?? COVERAGE_URL, loadConformanceFile).catch((err) => {
    if (!(err instanceof DownloadError)) throw err;
    throw new SourceError(
      `${err.message}. Give --conformance (the Action's input conformance) APISnoop's coverage data of that release as a file instead (resources/coverage/${v}.0.json of github.com/kubernetes-sigs/apisnoop), or none to go without it`
    );
  });
}
async function loadDeprecations() {
  const entries = await readJson(join2(dataDir(), "deprecations.json"));
  return deprecationTable(entries);
}

// src/sources/parallel.ts
var RANGE_BYTES = 1 << 20;
var IN_FLIGHT_PER_WORKER = 4;
var MAIN_IN_FLIGHT = 2;
var WORKER_YOUNG_MB = 16;
var PARALLEL_MIN_BYTES = 256 << 20;
var DEFAULT_MAX_JOBS = 1;
var defaultJobs = () => Math.max(1, Math.min(availableParallelism(), DEFAULT_MAX_JOBS));
var ends = (ev) => !("deferred" in ev) && isFinal(ev.stage);
var withStage = (prev, ev) => ends(ev) ? prev ? completeWith(prev, ev) : ev : prev ? mergeOpen(prev, ev) : ev;
function mergeInto(open3, ev) {
  const next = withStage(open3.get(ev.auditID), ev);
  if (!ends(ev)) {
    open3.set(ev.auditID, next);
    return void 0;
  }
  open3.delete(ev.auditID);
  return next;
}
var DROP = 0;
var LOCAL = 1;
var CROSSING = 2;
var EARLY_STAGES = [...STAGES.filter((stage2) => !isFinal(stage2)), ""];
var FINAL_STAGE = EARLY_STAGES.length;
var stageCode = (stage2) => {
  if (isFinal(stage2)) return FINAL_STAGE;
  const k = EARLY_STAGES.indexOf(stage2);
  return k < 0 ? EARLY_STAGES.length - 1 : k;
};
var VERDICT_POLL_EVENTS = 256;
var RESULTS_POLL_EVENTS = 16;
var RangeAnalysis = class extends Analysis {
  current = [];
  odd = [];
  invalidLine(_file, line, message) {
    this.current.push([line, message, false]);
  }
  oddFields(_file, line, fields) {
    this.odd.push([line, fields]);
  }
};
var RangeScanner = class {
  emit = () => {
  };
  held = [];
  /** The line of each held event. */
  heldLines = [];
  ranges = /* @__PURE__ */ new Map();
  analysis;
  sink;
  /** poll: called every pollEvents events while scanning, to take the messages that came meanwhile. */
  constructor(setup, poll = () => {
  }, pollEvents = VERDICT_POLL_EVENTS) {
    let sincePoll = 0;
    let line = 0;
    const hold = (ev) => {
      this.held.push(ev);
      this.heldLines.push(line);
      if (++sincePoll === pollEvents) {
        sincePoll = 0;
        poll();
      }
    };
    const collector = { add: hold, addDeferred: hold, flush: () => {
    } };
    const analysis = new RangeAnalysis({
      spec: { kubernetesVersion: setup.kubernetesVersion, source: setup.source, operations: setup.operations },
      selection: setup.selection,
      // Each thread reads the catalogue itself, if a request of its ranges needs it.
      earlier: setup.earlier ? earlierOperations(setup.kubernetesVersion) : void 0,
      assembler: (e) => {
        this.emit = e;
        return collector;
      }
    });
    this.analysis = analysis;
    this.sink = {
      value: (raw, file, at) => {
        line = at;
        analysis.value(raw, file, at);
      },
      invalidLine: (_file, at, message) => analysis.current.push([at, message, true])
    };
    if (setup.fast) {
      this.sink.event = (ev, _file, at) => {
        line = at;
        analysis.event(ev);
      };
      this.sink.deferred = (st, _file, at) => {
        line = at;
        analysis.deferred(st);
      };
    }
  }
  /** Scan one range (its bytes are the caller's again afterwards: events keep copies, not views). */
  /** csvColumn: the column of a CSV export of events whose cells the lines are (LineReader.csvColumn), else null. */
  scan(seq, file, bytes2, csvColumn) {
    this.held = [];
    this.heldLines = [];
    this.analysis.current = [];
    this.analysis.odd = [];
    const stats = { file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
    const reader = new LineReader(file, this.sink, stats);
    reader.csvColumn = csvColumn;
    reader.push(bytes2);
    reader.end();
    const held = this.held;
    const stages = new Uint8Array(held.length);
    const idLengths = new Uint32Array(held.length);
    const idHashes = new Int32Array(held.length);
    const eventLines = Int32Array.from(this.heldLines);
    let ids = "";
    for (let i = 0; i < held.length; i++) {
      const id = held[i].auditID;
      ids += id;
      idLengths[i] = id.length;
      idHashes[i] = hashOf(id, 0, id.length);
      stages[i] = stageCode(held[i].stage);
    }
    this.ranges.set(seq, held);
    return {
      t: "scanned",
      seq,
      lines: stats.lines,
      values: stats.values,
      invalid: this.analysis.current,
      multi: reader.sawMultiLine || reader.inObject,
      ids,
      idLengths,
      idHashes,
      stages,
      eventLines,
      oddFields: this.analysis.odd
    };
  }
  /** The main thread's word on a scanned range: requests inside it are merged and counted; the rest returned. */
  apply(v) {
    const events = this.ranges.get(v.seq) ?? [];
    this.ranges.delete(v.seq);
    const crossing = [];
    const pending = new Array(events.length);
    let open3 = 0;
    for (let i = 0; i < events.length; i++) {
      const a = v.actions[i];
      if (a === DROP) continue;
      const ev = events[i];
      if (a === CROSSING) {
        crossing.push(eventOf(ev));
        continue;
      }
      const first = v.firsts[i];
      const prev = first >= 0 ? pending[first] : void 0;
      const next = withStage(prev, ev);
      if (!ends(ev)) {
        if (first < 0) throw new Error(`range ${v.seq}: event ${i}, not a final stage, has no request`);
        if (prev === void 0) open3++;
        pending[first] = next;
        continue;
      }
      if (prev !== void 0) {
        open3--;
        pending[first] = void 0;
      }
      this.emit(next);
    }
    if (open3 > 0) throw new Error(`range ${v.seq}: ${open3} requests left open by the verdict`);
    return crossing;
  }
  part() {
    return this.analysis.part();
  }
};
function runWorker() {
  if (!parentPort) throw new Error("runWorker() is for worker threads");
  const ranges = parentPort;
  const setup = workerData;
  const port = setup.results;
  const applyVerdict = (v) => {
    port.postMessage({ t: "applied", seq: v.seq, events: scanner.apply(v) });
  };
  const takeVerdicts = () => {
    for (let m = receiveMessageOnPort(setup.verdicts); m; m = receiveMessageOnPort(setup.verdicts)) applyVerdict(m.message);
  };
  const scanner = new RangeScanner(setup, takeVerdicts);
  const failed = (err) => port.postMessage({ t: "error", message: err.stack ?? String(err) });
  setup.verdicts.on("message", (v) => {
    try {
      applyVerdict(v);
    } catch (err) {
      failed(err);
    }
  });
  ranges.on("message", (msg) => {
    try {
      if (msg.t === "range") {
        const out = scanner.scan(msg.seq, msg.file, Buffer.from(msg.bytes, 0, msg.length), msg.csvColumn);
        port.postMessage(out, [out.stages.buffer, out.idLengths.buffer, out.idHashes.buffer, out.eventLines.buffer]);
        takeVerdicts();
      } else if (msg.t === "finish") {
        takeVerdicts();
        port.postMessage({ t: "part", part: scanner.part() });
      }
    } catch (err) {
      failed(err);
    }
  });
  port.postMessage({ t: "ready" });
}
function workerScript() {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const file = new URL("./parallel-worker.ts", here);
    const hasLoader = process.execArgv.some((a) => a.includes("tsx"));
    let execArgv;
    if (!hasLoader) {
      try {
        execArgv = ["--import", pathToFileURL(createRequire(here).resolve("tsx")).href];
      } catch {
        return null;
      }
    }
    return existsSync2(fileURLToPath2(file)) ? { file, execArgv } : null;
  }
  for (const rel of ["./parallel-worker.js", "../parallel-worker.js"]) {
    const file = new URL(rel, here);
    if (existsSync2(fileURLToPath2(file))) return { file };
  }
  return null;
}
var COMPRESSION_RATIO_GUESS = 8;
async function headOf2(file) {
  const fh = await open2(file, "r");
  let head;
  try {
    const bytes2 = Math.max(HEAD_BYTES, CSV_HEAD_BYTES);
    const buf = Buffer.alloc(bytes2);
    head = buf.subarray(0, (await fh.read(buf, 0, bytes2, 0)).bytesRead);
  } finally {
    await fh.close();
  }
  const compressed = compressionOf(head) !== null;
  const csvHead = head.subarray(0, CSV_HEAD_BYTES);
  return { compressed, plain: !compressed && utf16Of(head) === null && refusedOf(head) === null && csvEventsOf(csvHead) === null && csvExportOf(csvHead) === null };
}
async function planSplit(files, jobs, minBytes = PARALLEL_MIN_BYTES) {
  if (jobs < 2 || files.includes("-")) return { split: "no", workers: 0 };
  let bytes2 = 0;
  let inflating = false;
  for (const f of files) {
    let size;
    let compressed;
    try {
      size = (await stat2(f)).size;
      compressed = (await headOf2(f)).compressed;
    } catch {
      continue;
    }
    inflating ||= compressed;
    bytes2 += compressed ? size * COMPRESSION_RATIO_GUESS : size;
  }
  const workers = (inflating ? jobs - 1 : jobs) - 1;
  if (bytes2 < minBytes || workers < 1) return { split: "no", workers: 0 };
  return { split: workerScript() === null ? "missing-worker" : "yes", workers };
}
async function analyzeInParallel(s) {
  const script = workerScript();
  if (!script) return { exact: false, why: "worker script not found", stats: [], reported: 0 };
  const rangeBytes = s.rangeBytes ?? RANGE_BYTES;
  const verdictPorts = [];
  const resultPorts = [];
  const scanning = { ...s.spec, selection: s.analysis.selection, fast: s.fast, earlier: s.analysis.matchesEarlier };
  const workers = Array.from({ length: s.workers }, () => {
    const verdicts = new MessageChannel();
    const results = new MessageChannel();
    verdictPorts.push(verdicts.port1);
    resultPorts.push(results.port1);
    const setup = { ...scanning, verdicts: verdicts.port2, results: results.port2 };
    return new Worker(script.file, {
      workerData: setup,
      transferList: [verdicts.port2, results.port2],
      execArgv: script.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB }
    });
  });
  const MAIN = s.workers;
  const inFlight = new Array(s.workers + 1).fill(0);
  const ready = new Array(s.workers).fill(false);
  const rangesParsed = new Array(s.workers + 1).fill(0);
  const takeResults = () => {
    for (let w = 0; w < resultPorts.length; w++) {
      for (let m = receiveMessageOnPort(resultPorts[w]); m; m = receiveMessageOnPort(resultPorts[w])) onResult(w, m.message);
    }
  };
  const here = new RangeScanner(scanning, takeResults, RESULTS_POLL_EVENTS);
  const stats = [];
  const names = [];
  const csvColumns = [];
  const linesSoFar = [];
  const ranges = /* @__PURE__ */ new Map();
  const cutFiles = /* @__PURE__ */ new Set();
  let reported = 0;
  let nextSeq = 0;
  let failure = null;
  let inexact = null;
  let bytes2 = 0;
  let events = 0;
  const requests = new AuditIdTable();
  const crossing = /* @__PURE__ */ new Map();
  const scannedQueue = /* @__PURE__ */ new Map();
  let nextScanned = 0;
  const appliedQueue = /* @__PURE__ */ new Map();
  let nextApplied = 0;
  let wake = null;
  const wakeUp = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const parts = [];
  const fail = (err) => {
    failure ??= err;
    wakeUp();
  };
  let eventBase = 0;
  let overLimit = false;
  const replay2 = (sc, file, offset) => {
    const n = sc.idLengths.length;
    const base = eventBase;
    eventBase += n;
    const actions = new Uint8Array(n);
    const firstOf = new Int32Array(n).fill(-1);
    const finishedHere = new Uint8Array(n);
    const ids = sc.ids;
    for (let i = 0, at = 0; i < n; at += sc.idLengths[i], i++) {
      const len = sc.idLengths[i];
      const final = sc.stages[i] === FINAL_STAGE;
      const open3 = requests.get(ids, at, len, sc.idHashes[i]);
      if (open3 === null) {
        if (final) {
          actions[i] = LOCAL;
          if (s.repeated) tally(s.repeated, file, offset + sc.eventLines[i], ids.slice(at, at + len));
        } else if (s.late) tally(s.late, file, offset + sc.eventLines[i], lateStageValue(EARLY_STAGES[sc.stages[i]], ids.slice(at, at + len)));
        continue;
      }
      if (open3 === void 0) {
        if (final) {
          actions[i] = LOCAL;
          requests.complete(ids, at, len);
        } else {
          requests.set(ids, at, len, base + i);
          firstOf[i] = i;
          if (s.manyOpen?.opened(requests.openCount)) overLimit = true;
        }
        continue;
      }
      if (open3 < base) {
        actions[i] = CROSSING;
      } else {
        firstOf[i] = open3 - base;
        if (final) finishedHere[open3 - base] = 1;
      }
      if (final) requests.complete(ids, at, len);
    }
    for (let i = 0; i < n; i++) if (firstOf[i] >= 0) actions[i] = finishedHere[firstOf[i]] === 1 ? LOCAL : CROSSING;
    return { seq: sc.seq, actions, firsts: firstOf };
  };
  const onScanned = (sc) => {
    const info = ranges.get(sc.seq);
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const offset = linesSoFar[info.fileIndex];
    if (sc.multi || inexact) {
      inexact ??= `${file} holds JSON objects spanning lines`;
      wakeUp();
      return;
    }
    for (const [line, message, byReader] of sc.invalid) {
      s.analysis.invalidLine(file, offset + line, message);
      if (byReader) st.invalid++;
      reported++;
      s.onInvalid?.({ file, line: offset + line, message });
    }
    if (s.oddFields) for (const [line, fields] of sc.oddFields) oddFields(s.oddFields, file, offset + line, fields);
    linesSoFar[info.fileIndex] += sc.lines;
    st.lines += sc.lines;
    st.values += sc.values;
    events += sc.idLengths.length;
    const verdict = replay2(sc, file, offset);
    if (overLimit) {
      inexact ??= `more than ${grouped(s.manyOpen.at)} requests in flight at once`;
      wakeUp();
      return;
    }
    if (info.worker === MAIN) {
      appliedQueue.set(sc.seq, here.apply(verdict));
      drainApplied();
    } else verdictPorts[info.worker].postMessage(verdict, [verdict.actions.buffer, verdict.firsts.buffer]);
  };
  const onMarker = (seq) => {
    const info = ranges.get(seq);
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const m = info.marker;
    if (inexact) return;
    if (m.skippedLine) {
      linesSoFar[info.fileIndex]++;
      st.lines++;
      const line = linesSoFar[info.fileIndex];
      const message = longLineMessage(m.head ?? "", m.compression);
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, line, message);
      s.onInvalid?.({ file, line, message });
    } else if (m.cut || m.notOpened !== void 0) {
      const lineNo = linesSoFar[info.fileIndex];
      const message = m.notOpened ?? cutMessage(m.cut, lineNo);
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, lineNo + 1, message);
      s.onInvalid?.({ file, line: lineNo + 1, message });
    }
  };
  const drainScanned = () => {
    for (; ; ) {
      if (!scannedQueue.has(nextScanned)) return;
      const seq = nextScanned++;
      const sc = scannedQueue.get(seq);
      scannedQueue.delete(seq);
      if (sc) onScanned(sc);
      else {
        onMarker(seq);
        drainApplied();
      }
    }
  };
  const drainApplied = () => {
    for (; ; ) {
      if (!appliedQueue.has(nextApplied) || nextApplied >= nextScanned) return;
      const evs = appliedQueue.get(nextApplied);
      appliedQueue.delete(nextApplied);
      for (const ev of evs) {
        const done = mergeInto(crossing, ev);
        if (done) s.analysis.request(done);
      }
      const info = ranges.get(nextApplied);
      if (!info.marker) inFlight[info.worker]--;
      ranges.delete(nextApplied);
      nextApplied++;
      s.onProgress?.({ bytes: bytes2, events });
    }
  };
  function onResult(i, msg) {
    try {
      if (msg.t === "ready") ready[i] = true;
      else if (msg.t === "scanned") {
        const slot = ranges.get(msg.seq)?.slot;
        if (slot) release(slot);
        scannedQueue.set(msg.seq, msg);
        drainScanned();
      } else if (msg.t === "applied") {
        appliedQueue.set(msg.seq, msg.events);
        drainApplied();
      } else if (msg.t === "part") parts.push(msg.part);
      else if (msg.t === "error") fail(new Error(`worker: ${msg.message}`));
    } catch (err) {
      fail(err);
    }
    wakeUp();
  }
  resultPorts.forEach((p, i) => p.on("message", (msg) => onResult(i, msg)));
  workers.forEach((w) => w.on("error", (err) => fail(err)));
  const idle = () => new Promise((r) => wake = r);
  const freeWorker = () => {
    let best = -1;
    for (let w = 0; w < workers.length; w++) {
      if (ready[w] && inFlight[w] < IN_FLIGHT_PER_WORKER && (best < 0 || inFlight[w] < inFlight[best])) best = w;
    }
    return best;
  };
  const slotBytes = rangeBytes + READ_BYTES;
  const pool = Array.from({ length: s.workers * IN_FLIGHT_PER_WORKER + 2 }, () => new SharedArrayBuffer(slotBytes));
  const release = (slot) => {
    if (slot.byteLength === slotBytes) pool.push(slot);
    wakeUp();
  };
  const takeSlot = async () => {
    while (pool.length === 0 && !failure && !inexact) await idle();
    return pool.pop() ?? new SharedArrayBuffer(slotBytes);
  };
  const dispatch = async (fileIndex, slot, length) => {
    for (; ; ) {
      if (failure || inexact) return release(slot);
      if (s.awaitWorkers && !ready.every(Boolean)) {
        await idle();
        continue;
      }
      const worker = freeWorker();
      if (worker >= 0) {
        const seq2 = nextSeq++;
        ranges.set(seq2, { fileIndex, worker, slot });
        inFlight[worker]++;
        rangesParsed[worker]++;
        workers[worker].postMessage({ t: "range", seq: seq2, file: names[fileIndex], csvColumn: csvColumns[fileIndex], bytes: slot, length });
        return;
      }
      if (inFlight[MAIN] < MAIN_IN_FLIGHT) break;
      if (mine.length > 0) scanMine();
      else await idle();
    }
    const seq = nextSeq++;
    ranges.set(seq, { fileIndex, worker: MAIN });
    inFlight[MAIN]++;
    rangesParsed[MAIN]++;
    mine.push({ seq, fileIndex, slot, length });
  };
  const mine = [];
  const scanMine = () => {
    for (let r = mine.shift(); r && !failure && !inexact; r = mine.shift()) {
      try {
        const sc = here.scan(r.seq, names[r.fileIndex], Buffer.from(r.slot, 0, r.length), csvColumns[r.fileIndex]);
        release(r.slot);
        scannedQueue.set(r.seq, sc);
        drainScanned();
      } catch (err) {
        fail(err);
      }
    }
  };
  const marker = (fileIndex, m) => {
    const seq = nextSeq++;
    ranges.set(seq, { fileIndex, worker: -1, marker: m });
    scannedQueue.set(seq, null);
    appliedQueue.set(seq, []);
    drainScanned();
    drainApplied();
  };
  try {
    for (let fi = 0; fi < s.files.length && !failure && !inexact; fi++) {
      const file = s.files[fi];
      names.push(file);
      csvColumns.push(null);
      linesSoFar.push(0);
      const st = { file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
      stats.push(st);
      s.analysis.input(file, s.inputIds?.get(file) ?? null);
      let compression = null;
      let opened;
      try {
        opened = (await headOf2(file)).plain ? { fh: await open2(file, "r") } : {
          input: await openInput(
            file,
            (n) => {
              st.bytes += n;
              bytes2 += n;
            },
            (c) => compression = c,
            (csv) => csvColumns[fi] = csv.column,
            (at, c) => st.warnings.push(plainAfterMessage(file, at, c))
          )
        };
      } catch (err) {
        marker(fi, { notOpened: notOpened(file, err, s.named !== void 0 && !s.named.has(file)) });
        cutFiles.add(fi);
        continue;
      }
      let slot = await takeSlot();
      let buf = Buffer.from(slot);
      let len = 0;
      let lineStart = 0;
      let skipping = false;
      let skippedHead = "";
      const cut = async () => {
        let at = lineStart;
        if (at > rangeBytes) {
          const nl = buf.subarray(0, at).indexOf(10, rangeBytes - 1);
          if (nl !== -1) at = nl + 1;
        }
        const rest2 = len - at;
        const nextSlot = rest2 + READ_BYTES <= slotBytes ? await takeSlot() : new SharedArrayBuffer(rest2 * 2 + READ_BYTES);
        const next = Buffer.from(nextSlot);
        buf.copy(next, 0, at, len);
        const whole = slot;
        slot = nextSlot;
        buf = next;
        len = rest2;
        lineStart -= at;
        if (at > 0) await dispatch(fi, whole, at);
        else release(whole);
      };
      const room = async (n) => {
        while (lineStart > 0 && len + n > buf.length) await cut();
        if (len + n <= buf.length) return;
        const bigger = new SharedArrayBuffer(Math.max(buf.length * 2, len + n));
        const grown = Buffer.from(bigger);
        buf.copy(grown, 0, 0, len);
        release(slot);
        slot = bigger;
        buf = grown;
      };
      const commit = async (n) => {
        if (skipping) {
          const nl = buf.subarray(len, len + n).indexOf(10);
          if (nl === -1) return;
          marker(fi, { skippedLine: true, head: skippedHead, compression });
          skipping = false;
          buf.copyWithin(len, len + nl + 1, len + n);
          n -= nl + 1;
        }
        const last = buf.subarray(len, len + n).lastIndexOf(10);
        if (last !== -1) lineStart = len + last + 1;
        len += n;
        if (len - lineStart > MAX_LINE_BYTES) {
          skippedHead = buf.toString("utf8", lineStart, lineStart + LONG_LINE_HEAD);
          len = lineStart;
          while (len > 0) await cut();
          skipping = true;
        } else while (len >= rangeBytes && lineStart > 0) await cut();
      };
      let cutErr = null;
      if ("fh" in opened) {
        const fh = opened.fh;
        try {
          for (let position = 0; !failure && !inexact; ) {
            await room(READ_BYTES);
            const reading = fh.read(buf, len, READ_BYTES, position);
            scanMine();
            const { bytesRead } = await reading;
            if (bytesRead === 0) break;
            position += bytesRead;
            st.bytes += bytesRead;
            bytes2 += bytesRead;
            await commit(bytesRead);
          }
        } catch (err) {
          cutErr = err;
        } finally {
          await fh.close();
        }
      } else {
        try {
          for await (const piece of opened.input) {
            if (failure || inexact) break;
            await room(piece.length);
            piece.copy(buf, len);
            await commit(piece.length);
            scanMine();
          }
        } catch (err) {
          cutErr = err;
        }
      }
      if (cutErr && len > lineStart && !wholeLine(buf.toString("utf8", lineStart, len))) len = lineStart;
      while (len > 0) {
        lineStart = len;
        await cut();
      }
      release(slot);
      if (skipping && !cutErr) marker(fi, { skippedLine: true, head: skippedHead, compression });
      if (cutErr) {
        marker(fi, { cut: cutErr });
        cutFiles.add(fi);
      }
    }
    scanMine();
    while (!failure && !inexact && nextApplied < nextSeq) await idle();
    if (!failure && !inexact) {
      const givers = workers.filter((_, i) => rangesParsed[i] > 0);
      for (const w of givers) w.postMessage({ t: "finish" });
      while (!failure && parts.length < givers.length) await idle();
      parts.push(here.part());
    }
  } finally {
    for (const p of [...verdictPorts, ...resultPorts]) p.close();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const broke = failure;
  if (broke) {
    if (broke instanceof InputError) throw broke;
    return { exact: false, why: `parallel reading failed (${broke.message.split("\n")[0]}), read again on one thread`, warn: true, stats, reported };
  }
  if (inexact) return { exact: false, why: inexact, stats, reported };
  for (const req of crossing.values()) s.analysis.request(eventOf(req));
  for (const p of parts) s.analysis.absorb(p);
  stats.forEach((st, fi) => {
    if (!cutFiles.has(fi)) inputWarnings(st);
  });
  return { exact: true, stats, reported, rangesParsed };
}

export {
  verbRank,
  sortVerbs,
  byString,
  uniqSorted,
  SPECIAL_VERBS,
  REST_VERBS,
  resourceCatalog,
  catalogueGroups,
  catalogueResources,
  laterReleasesServing,
  readFailure,
  COMPRESSED_SUFFIX,
  isGzipHeader,
  compressionOf,
  zstdInflater,
  inflate,
  InputError,
  STDIN_NAME,
  shownName,
  duplicateInput,
  wildcardHint,
  DistinctFiles,
  inputFiles,
  expandInputs,
  notOpened,
  wasNotOpened,
  readAuditInput,
  SourceError,
  isVersion,
  shippedReleases,
  shippedRelease,
  shippedCatalogue,
  earlierOperations,
  specReleaseMisfit,
  loadSpecFile,
  loadSpecVersion,
  loadSpec,
  loadIneligible,
  loadConformanceFile,
  loadConformanceVersion,
  loadDeprecations,
  defaultJobs,
  runWorker,
  planSplit,
  analyzeInParallel
};
