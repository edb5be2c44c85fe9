import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  CRI_STREAM_TAG,
  DEFAULT_SELECTION,
  KUBECTL_PREFIX,
  LEGACY_AUDIT_LINE,
  OTHER_PATTERNS,
  RFC3339,
  SCHEMA_VERSION,
  absorbLeftOut,
  characters,
  compareMinor,
  countLeftOut,
  deprecationOf,
  e2eRelease,
  e2eTestName,
  effectiveUser,
  excludedIdentity,
  grouped,
  heapify,
  isLegacyAudit,
  isMinor,
  laterReleases,
  leftOutByExclusion,
  minorVersion,
  newLeftOut,
  nextMinor,
  nothingSelected,
  objectKinds,
  operationKind,
  otherRowVerb,
  pathShape,
  prefixShape,
  removalState,
  removalText,
  replacementLookedIn,
  replacementUncheckedBefore,
  requestFilter,
  servedKinds,
  shellWord,
  shownVerb,
  siftDown,
  specReplacement,
  stableVersions,
  textShape,
  userAgentProgram,
  valueShape,
  whyNothingSelected
} from "./chunk-QJAYF2D5.js";

// src/engine/audit-id-table.ts
var RECENTLY_COMPLETED = 1e5;
var EMPTY = 0;
var COMPLETED = -1;
var COUNTED_EARLY = -2;
function hashOf(s, at3, len2) {
  let h = 2166136261;
  for (let k = 0; k < len2; k++) h = Math.imul(h ^ s.charCodeAt(at3 + k), 16777619);
  return h | 0;
}
var LONG_ID = 64;
var FINGERPRINT_UNITS = 4;
function fingerprintOf(s, at3, len2, out) {
  let a = 2538058380;
  let b = 608135816;
  for (let k = 0; k < len2; k++) {
    const c = s.charCodeAt(at3 + k);
    a = Math.imul(a ^ c, 1540483477);
    a ^= a >>> 15;
    b = Math.imul(b << 5 | b >>> 27, 2654435761) + c;
  }
  out[0] = a & 65535;
  out[1] = a >>> 16;
  out[2] = b & 65535;
  out[3] = b >>> 16;
}
var fingerprint = new Uint16Array(FINGERPRINT_UNITS);
var fingerprintFor = null;
var fingerprintAt = 0;
var fingerprintLen = 0;
var unitsOf = (len2) => len2 > LONG_ID ? FINGERPRINT_UNITS : len2;
var Generation = class {
  mask;
  hashes;
  states;
  starts;
  lens;
  pool = new Uint16Array(1 << 14);
  poolUsed = 0;
  used = 0;
  constructor(capacity = 1 << 10) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.states = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity);
  }
  /** The slot holding the ID, or the bitwise complement of the empty slot where it would go. */
  find(s, at3, len2, h) {
    const { hashes, states, starts, lens, pool, mask } = this;
    const long = len2 > LONG_ID;
    for (let i = h & mask; ; i = i + 1 & mask) {
      if (states[i] === EMPTY) return ~i;
      if (hashes[i] !== h || lens[i] !== len2) continue;
      const start = starts[i];
      if (long) {
        if (fingerprintFor !== s || fingerprintAt !== at3 || fingerprintLen !== len2) {
          fingerprintOf(s, at3, len2, fingerprint);
          fingerprintFor = s;
          fingerprintAt = at3;
          fingerprintLen = len2;
        }
        if (pool[start] === fingerprint[0] && pool[start + 1] === fingerprint[1] && pool[start + 2] === fingerprint[2] && pool[start + 3] === fingerprint[3]) return i;
        continue;
      }
      let k = 0;
      while (k < len2 && pool[start + k] === s.charCodeAt(at3 + k)) k++;
      if (k === len2) return i;
    }
  }
  /** Put the ID (found absent at ~slot) in with a state. */
  insert(slot, s, at3, len2, h, state) {
    const start = this.room(unitsOf(len2));
    if (len2 > LONG_ID) {
      fingerprintOf(s, at3, len2, fingerprint);
      fingerprintFor = null;
      this.pool.set(fingerprint, start);
    } else for (let k = 0; k < len2; k++) this.pool[start + k] = s.charCodeAt(at3 + k);
    this.place(slot, h, len2, start, state);
  }
  /** Where n more code units go in the pool (grown if need be). */
  room(n) {
    if (this.poolUsed + n > this.pool.length) {
      const bigger = new Uint16Array(Math.max(this.pool.length * 2, this.poolUsed + n));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
    }
    const start = this.poolUsed;
    this.poolUsed += n;
    return start;
  }
  /**
   * The requests in flight here, then those counted early whose final stage has not come, with their pool units (a
   * long ID's fingerprint), to carry over (insertUnits).
   */
  carriedEntries() {
    const out = [];
    for (const early of [false, true]) for (let j = 0; j < this.states.length; j++) {
      if (early ? this.states[j] !== COUNTED_EARLY : this.states[j] <= 0) continue;
      const start = this.starts[j];
      out.push({ h: this.hashes[j], len: this.lens[j], state: this.states[j], units: this.pool.slice(start, start + unitsOf(this.lens[j])) });
    }
    return out;
  }
  /** Put in an ID carried over from another generation (carriedEntries): it is not in this one. */
  insertUnits(e) {
    const start = this.room(e.units.length);
    this.pool.set(e.units, start);
    let i = e.h & this.mask;
    while (this.states[i] !== EMPTY) i = i + 1 & this.mask;
    this.place(i, e.h, e.len, start, e.state);
  }
  /** The pool's size in code units (tests: bounded, whatever the IDs' length). */
  get poolUnits() {
    return this.pool.length;
  }
  place(slot, h, len2, start, state) {
    this.hashes[slot] = h;
    this.states[slot] = state;
    this.starts[slot] = start;
    this.lens[slot] = len2;
    if (++this.used * 2 > this.mask + 1) this.grow();
  }
  grow() {
    const { hashes, states, starts, lens } = this;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.states = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity);
    for (let j = 0; j < states.length; j++) {
      if (states[j] === EMPTY) continue;
      let i = hashes[j] & this.mask;
      while (this.states[i] !== EMPTY) i = i + 1 & this.mask;
      this.hashes[i] = hashes[j];
      this.states[i] = states[j];
      this.starts[i] = starts[j];
      this.lens[i] = lens[j];
    }
  }
  clear() {
    this.states.fill(EMPTY);
    this.poolUsed = 0;
    this.used = 0;
  }
};
var AuditIdTable = class {
  /** earlyKept: how many requests counted early, awaiting their final stage, are remembered past the window at most. */
  constructor(earlyKept = Infinity) {
    this.earlyKept = earlyKept;
  }
  earlyKept;
  current = new Generation();
  previous = new Generation();
  completedInCurrent = 0;
  /** Open requests, by the index their slot holds; when each was opened, so that takeOpen() keeps that order. */
  opens = [];
  openedAt = [];
  /** The text each open request holds (its weight, as set() was given it), and theirs together: openText. */
  texts = [];
  heldText = 0;
  freeOpens = [];
  openings = 0;
  /**
   * Open requests in the order they were opened, as pairs (index in `opens`, its openedAt), from the first call of
   * oldestOpen() on; entries of requests completed since are skipped, and dropped when they outnumber the open.
   */
  order = null;
  orderHead = 0;
  // What the last get() found.
  lastHash = 0;
  lastSlot = 0;
  lastIn = null;
  /** Requests counted early, their final stage not come, forgotten past earlyKept (see the class). */
  forgottenEarly = 0;
  /** h: the ID's hashOf, when the caller has it already (the parallel reader's parsers compute it for the replay). */
  get(s, at3 = 0, len2 = s.length, h = hashOf(s, at3, len2)) {
    this.lastHash = h;
    let slot = this.current.find(s, at3, len2, h);
    let gen = this.current;
    if (slot < 0) {
      const p = this.previous.find(s, at3, len2, h);
      if (p >= 0) {
        slot = p;
        gen = this.previous;
      }
    }
    this.lastSlot = slot;
    if (slot < 0) {
      this.lastIn = null;
      return void 0;
    }
    this.lastIn = gen;
    const state = gen.states[slot];
    return state < 0 ? null : this.opens[state - 1];
  }
  /** Whether the completed ID get() last found was completed early (complete(…, true)). */
  get countedEarly() {
    return this.lastIn !== null && this.lastIn.states[this.lastSlot] === COUNTED_EARLY;
  }
  /** The ID get() last found, counted early (countedEarly), has had its final stage: from now on it is completed like any other. */
  finalCame() {
    this.lastIn.states[this.lastSlot] = COMPLETED;
  }
  /** How many requests are in flight. */
  get openCount() {
    return this.opens.length - this.freeOpens.length;
  }
  /** The text the requests in flight hold together, as set() was told it (the limit on requests in flight bounds it). */
  get openText() {
    return this.heldText;
  }
  /** The text the request in flight get() last found holds (0 if it found none). */
  get lastText() {
    const state = this.lastIn ? this.lastIn.states[this.lastSlot] : 0;
    return state > 0 ? this.texts[state - 1] : 0;
  }
  /** A request in flight: a new one, or (found by get()) its stages so far; text: the characters it holds now. */
  set(s, at3, len2, open, text = 0) {
    if (this.lastIn) {
      const index2 = this.lastIn.states[this.lastSlot] - 1;
      this.opens[index2] = open;
      this.heldText += text - this.texts[index2];
      this.texts[index2] = text;
      return;
    }
    const index = this.freeOpens.pop() ?? this.opens.length;
    this.opens[index] = open;
    this.texts[index] = text;
    this.heldText += text;
    this.openedAt[index] = this.openings++;
    this.current.insert(~this.lastSlot, s, at3, len2, this.lastHash, index + 1);
    if (this.order !== null) {
      this.order.push(index, this.openedAt[index]);
      if (this.order.length > 4 * this.openCount + 1024) this.dropClosed();
    }
  }
  /**
   * Each request in flight made what `settle` gives it (itself if nothing changes), weighing what `weigh` says: the
   * assembler decodes its deferred stages so, to know their exact text. Completes none, so get()'s answer stands.
   */
  resettle(settle, weigh) {
    for (let k = 0; k < this.opens.length; k++) {
      const open = this.opens[k];
      if (open === void 0) continue;
      const settled = settle(open);
      if (settled === open) continue;
      this.opens[k] = settled;
      const text = weigh(settled);
      this.heldText += text - this.texts[k];
      this.texts[k] = text;
    }
  }
  /**
   * The request in flight opened first (undefined: none). The order is kept from the first call on: a log that
   * never needs it pays nothing.
   */
  oldestOpen() {
    if (this.order === null) this.order = this.openInOrder().flatMap((k) => [k, this.openedAt[k]]);
    const order = this.order;
    while (this.orderHead < order.length && !this.stillOpen(order[this.orderHead], order[this.orderHead + 1])) this.orderHead += 2;
    return this.orderHead < order.length ? this.opens[order[this.orderHead]] : void 0;
  }
  /** The indexes in `opens` of the requests in flight, in the order they were opened. */
  openInOrder() {
    const open = [];
    for (let k = 0; k < this.opens.length; k++) if (this.opens[k] !== void 0) open.push(k);
    return open.sort((a, b) => this.openedAt[a] - this.openedAt[b]);
  }
  stillOpen(index, openedAt) {
    return this.opens[index] !== void 0 && this.openedAt[index] === openedAt;
  }
  /** The order without the requests completed since they opened. */
  dropClosed() {
    const order = this.order;
    let kept = 0;
    for (let j = this.orderHead; j < order.length; j += 2) {
      if (!this.stillOpen(order[j], order[j + 1])) continue;
      order[kept++] = order[j];
      order[kept++] = order[j + 1];
    }
    order.length = kept;
    this.orderHead = 0;
  }
  /** The ID completed (early: counted before its final stage came; the ID is remembered as such). */
  complete(s, at3, len2, early = false) {
    const done = early ? COUNTED_EARLY : COMPLETED;
    const gen = this.lastIn;
    if (gen) {
      const state = gen.states[this.lastSlot];
      if (state > 0) {
        this.opens[state - 1] = void 0;
        this.heldText -= this.texts[state - 1];
        this.freeOpens.push(state - 1);
      }
      gen.states[this.lastSlot] = gen === this.current ? done : COMPLETED;
    }
    if (gen !== this.current) {
      const slot = gen ? this.current.find(s, at3, len2, this.lastHash) : this.lastSlot;
      this.current.insert(~slot, s, at3, len2, this.lastHash, done);
    }
    this.lastIn = null;
    if (++this.completedInCurrent === RECENTLY_COMPLETED) this.nextGeneration();
  }
  nextGeneration() {
    const dropped = this.previous;
    const carried = dropped.carriedEntries();
    dropped.clear();
    this.previous = this.current;
    this.current = dropped;
    this.completedInCurrent = 0;
    let early = 0;
    for (const e of carried) {
      if (e.state === COUNTED_EARLY && ++early > this.earlyKept) this.forgottenEarly++;
      else this.current.insertUnits(e);
    }
  }
  /** The code units the generations' pools hold room for (tests: bounded, whatever the IDs' length). */
  get poolUnits() {
    return this.current.poolUnits + this.previous.poolUnits;
  }
  /** The requests still in flight, in the order they were opened; from then on they count as completed. */
  takeOpen() {
    const indexes = this.openInOrder();
    for (const gen of [this.previous, this.current]) {
      for (let i = 0; i < gen.states.length; i++) if (gen.states[i] > 0) gen.states[i] = COMPLETED;
    }
    const taken = indexes.map((k) => this.opens[k]);
    for (const k of indexes) {
      this.opens[k] = void 0;
      this.freeOpens.push(k);
    }
    this.heldText = 0;
    this.lastIn = null;
    return taken;
  }
};

// src/engine/json-error.ts
var UNEXPECTED = /^Unexpected token '([\s\S]{1,2})', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/;
var CONTEXT = 10;
function at(text, pos) {
  let line = 1;
  let from = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < pos; k = text.indexOf("\n", k + 1)) {
    line++;
    from = k + 1;
  }
  return `at position ${pos} (line ${line} column ${pos - from + 1})`;
}
function unexpectedAt(text) {
  const padded = text + " ".repeat(2 * CONTEXT + 1);
  let message;
  try {
    JSON.parse(padded);
    return null;
  } catch (err) {
    message = err.message;
  }
  const m = UNEXPECTED.exec(message);
  if (m === null || m[4] === void 0) return null;
  const context = m[3];
  if (m[2] === void 0) return context.length - CONTEXT;
  const places = [];
  for (let k = padded.indexOf(context); k !== -1 && k + CONTEXT < text.length; k = padded.indexOf(context, k + 1)) places.push(k + CONTEXT);
  if (places.length === 0) return null;
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (startsJson(text.slice(0, places[mid] + m[1].length))) lo = mid + 1;
    else hi = mid;
  }
  return places[lo];
}
function startsJson(prefix) {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = err.message;
    if (message.startsWith("Unexpected end of JSON input")) return true;
    const at3 = /at position (\d+)/.exec(message);
    return at3 !== null && Number(at3[1]) === prefix.length;
  }
}
function jsonError(err, text) {
  const message = err.message;
  if (!UNEXPECTED.test(message)) return message.includes('"') ? "not valid JSON" : message.slice(0, 200);
  const pos = unexpectedAt(text);
  return pos === null ? "Unexpected character in JSON" : `Unexpected character in JSON ${at(text, pos)}`;
}

// src/engine/shell-pipeline.ts
function intoFile(steps, from, to) {
  return `${[`${steps[0]} ${from}`, ...steps.slice(1)].join(" | ")} > ${to}`;
}

// src/engine/line-prefix.ts
var PREFIX = new RegExp(`${RFC3339.source} (?:${CRI_STREAM_TAG})?`);
var AWK_JOIN = `awk '{ t = $3; sub(/^[^ ]+ [^ ]+ [^ ]+ ?/, ""); printf "%s%s", $0, (t ~ /^P/ ? "" : "\\n") }'`;
var rewrittenFile = (steps) => `${intoFile(steps, "FILE", "FILE.jsonl")} (from a .gz: ${intoFile(["gzip -dc", ...steps], "FILE", "FILE.jsonl")}) and give FILE.jsonl`;
var JOIN_PIECES = rewrittenFile([AWK_JOIN]);
var JOIN_RECORD_PIECES = rewrittenFile(["jq -r .log", AWK_JOIN]);
var cutAdvice = (join2) => `the CRI log format cuts lines of over 16 KB into pieces tagged P, the last tagged F: join them first, ${join2}`;
var endsEvent = (rest) => rest.endsWith("}") && !rest.startsWith("{");
var withoutBom = (text) => text.charCodeAt(0) === 65279 ? text.slice(1) : text;
function afterPrefix(text) {
  if (behindKubectlPrefix(text)) return { problem: LEGACY_AUDIT_LINE };
  const m = PREFIX.exec(text);
  if (m === null) return null;
  const cut = cutAdvice(JOIN_PIECES);
  if (m[1] === "P") return { problem: `a piece of a line the container runtime cut (${cut})` };
  try {
    return { value: JSON.parse(text.slice(m[0].length)) };
  } catch (err) {
    if (isLegacyAudit(text) || isLegacyAudit(text.slice(m[0].length))) return { problem: LEGACY_AUDIT_LINE };
    const shown = JSON.stringify(m[0]);
    const piece = m[1] !== void 0 && endsEvent(text.slice(m[0].length).trim());
    const last = piece ? `; the last piece of a line the container runtime cut? (${cut})` : lokiLabelsHint(text.slice(m[0].length)) ?? prefixHint(text);
    return { problem: `not JSON after the prefix ${shown}: ${jsonError(err, text.slice(m[0].length))}${last}` };
  }
}
function behindKubectlPrefix(text) {
  const header = KUBECTL_PREFIX.exec(text);
  if (header === null) return false;
  const rest = text.slice(header[0].length);
  const time = PREFIX.exec(rest);
  return isLegacyAudit(rest) || time !== null && isLegacyAudit(rest.slice(time[0].length));
}
var LOKI_LABELS = /^\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}\s+/;
function lokiLabelsHint(rest) {
  const m = LOKI_LABELS.exec(rest);
  if (m === null) return null;
  try {
    JSON.parse(rest.slice(m[0].length));
  } catch {
    return null;
  }
  return "; Loki's labels before the event, as logcli query writes its lines by default: run logcli query --output raw (the lines alone) or --output jsonl";
}
function recordPieceHint(text) {
  const m = PREFIX.exec(text);
  if (m === null || m[1] === void 0) return null;
  if (m[1] !== "P" && !endsEvent(text.slice(m[0].length).trim())) return "";
  return `; a piece of a line the container runtime cut? (${cutAdvice(JOIN_RECORD_PIECES)})`;
}
function prefixHint(text) {
  const at3 = text.indexOf("{");
  if (at3 <= 0 || text.slice(0, at3).trim() === "") return "";
  try {
    JSON.parse(text.slice(at3));
  } catch {
    return "";
  }
  return `; a JSON object follows ${prefixShape(text.slice(0, at3))} before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`;
}

// src/engine/log-envelope.ts
var LISTS = [
  [["events"], 'a CloudWatch Logs "events" list (aws logs filter-log-events, get-log-events)'],
  [["logEvents"], `a CloudWatch Logs "logEvents" list (a subscription's records, as Firehose delivers them)`],
  [["records"], 'an Azure Monitor "records" list (diagnostic logs, as Event Hubs and storage accounts hold them)'],
  [["hits", "hits"], `an Elasticsearch or OpenSearch "hits.hits" list (a search's response)`],
  [["results"], 'a CloudWatch Logs Insights "results" list (aws logs get-query-results)']
];
var OBJECTS = [
  [["kubernetes", "audit"], 'the "kubernetes.audit" field of an Elastic Agent or Filebeat document'],
  [["_source"], 'the "_source" of an Elasticsearch or OpenSearch hit'],
  [["result"], 'the "result" of a Splunk export record']
];
var MESSAGE_FIELD = 'the "message" field of a log record';
var TEXTS = [
  [["log"], `the "log" field of a container log record (Docker's json-file, fluentd, fluent-bit)`],
  [["properties", "log"], `the "properties.log" field of an Azure Monitor record (AKS's kube-audit)`],
  [["log_s"], `the "log_s" field of an Azure Log Analytics row (AzureDiagnostics, AKS's kube-audit: az monitor log-analytics query)`],
  [["message"], MESSAGE_FIELD],
  [["@message"], 'the "@message" field of a CloudWatch Logs Insights record'],
  [["_raw"], 'the "_raw" field of a Splunk event'],
  [["MESSAGE"], 'the "MESSAGE" field of a journald record (journalctl -o json)'],
  [["line"], 'the "line" field of a Loki record (logcli --output jsonl)']
];
var CSV_ROW = "apisnoop/csv-row";
var CSV_COLUMNS = [
  ["@message", "CloudWatch Logs Insights"],
  ["log_s", "Azure Log Analytics: AzureDiagnostics, AKS's kube-audit"],
  ["_raw", "Splunk"],
  ["log", ""],
  ["message", ""],
  ["MESSAGE", ""],
  ["line", ""]
];
function csvColumnWhere(column) {
  const whose = CSV_COLUMNS.find(([name]) => name === column)?.[1];
  return `the "${column}" column of a CSV export${whose ? ` (${whose})` : ""}`;
}
var DOCKER_LOG = TEXTS[0][1];
function objectOf(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
}
function at2(o, path2) {
  let v = o;
  for (const key of path2) v = objectOf(v)?.[key];
  return v;
}
function fieldsRecord(item) {
  if (!Array.isArray(item) || item.length === 0) return item;
  const pairs = item;
  if (!pairs.every((p) => p !== null && typeof p === "object" && typeof p.field === "string")) return item;
  const message = pairs.find((p) => p.field === "@message");
  if (message) return { "@message": message.value };
  return Object.fromEntries(pairs.map((p) => [p.field, p.value]));
}
function recordOf(raw) {
  const o = objectOf(raw);
  if (o === null) return null;
  return o.kind === void 0 && o.apiVersion === void 0 && o.auditID === void 0 ? o : null;
}
function envelopeOf(raw) {
  const o = recordOf(raw);
  if (o === null) return null;
  const row = o[CSV_ROW];
  if (row && typeof row === "object") {
    if (typeof row.problem === "string") return { problem: row.problem };
    if (typeof row.text === "string" && typeof row.column === "string") return { text: row.text, where: csvColumnWhere(row.column) };
  }
  for (const [path2, where] of LISTS) {
    const items = at2(o, path2);
    if (Array.isArray(items)) return { items: items.map(fieldsRecord), where };
  }
  const loki = lokiLines(o);
  if (loki !== null) return loki;
  for (const [path2, where] of OBJECTS) {
    const value = objectOf(at2(o, path2));
    if (value) return { value, where };
  }
  for (const [path2, where] of TEXTS) {
    const text = at2(o, path2);
    if (typeof text === "string") return { text, where: textWhere(o, where) };
  }
  for (const [path2, where] of TEXTS) {
    const value = objectOf(at2(o, path2));
    if (value && recordOf(value) === null) return { value, where: textWhere(o, where) };
  }
  for (const [path2, where] of OBJECTS) {
    const text = at2(o, path2);
    if (typeof text === "string") return { text, where };
  }
  return aksAuditRow(o) ?? journaldMessage(o);
}
function textWhere(o, where) {
  if (where !== MESSAGE_FIELD) return where;
  if ("logStreamName" in o || "ingestionTime" in o || "eventId" in o) return `${MESSAGE_FIELD} (CloudWatch Logs: EKS's kube-apiserver-audit)`;
  if ("@timestamp" in o && ("ecs" in o || "agent" in o || objectOf(at2(o, ["log", "file"])) !== null)) return `${MESSAGE_FIELD} (a Filebeat or Elastic Agent document, ECS)`;
  return MESSAGE_FIELD;
}
var LOKI_RESPONSE = "a Loki query's response (/loki/api/v1/query_range: data.result[].values)";
function lokiLines(o) {
  const result = at2(o, ["data", "result"]);
  if (at2(o, ["data", "resultType"]) !== "streams" || !Array.isArray(result)) return null;
  const items = result.flatMap((stream) => {
    const values = stream?.values;
    if (!Array.isArray(values)) return [stream];
    return values.map((v) => Array.isArray(v) && typeof v[1] === "string" ? { line: v[1] } : v);
  });
  return { items, where: LOKI_RESPONSE };
}
var AKS_AUDIT_COLUMNS = [
  ["AuditId", "auditID"],
  ["Stage", "stage"],
  ["RequestUri", "requestURI"],
  ["Verb", "verb"],
  ["User", "user"],
  ["ImpersonatedUser", "impersonatedUser"],
  ["UserAgent", "userAgent"],
  ["ObjectRef", "objectRef"],
  ["ResponseStatus", "responseStatus"],
  ["Annotations", "annotations"],
  ["RequestReceivedTime", "requestReceivedTimestamp"],
  ["StageReceivedTime", "stageTimestamp"],
  ["TimeGenerated", "timestamp"]
];
var AKS_AUDIT_KEYS = ["AuditId", "RequestUri", "Verb"];
var AKS_AUDIT = "a row of AKS's AKSAudit table (Azure Log Analytics: az monitor log-analytics query)";
var DYNAMIC = /* @__PURE__ */ new Set(["user", "impersonatedUser", "objectRef", "responseStatus", "annotations"]);
function aksAuditRow(o) {
  if (typeof o.AuditId !== "string" || !AKS_AUDIT_KEYS.every((k) => k in o)) return null;
  const event = { kind: "Event", apiVersion: "audit.k8s.io/v1" };
  for (const [column, field] of AKS_AUDIT_COLUMNS) {
    const v = o[column];
    if (v === void 0 || v === null || v === "") continue;
    event[field] = DYNAMIC.has(field) && typeof v === "string" ? dynamicValue(v) : v;
  }
  return { value: event, where: AKS_AUDIT };
}
function dynamicValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
var JOURNALD = TEXTS.find(([path2]) => path2[0] === "MESSAGE")[1];
function journaldMessage(o) {
  const m = o.MESSAGE;
  if (m === null) {
    return {
      problem: `${JOURNALD} is null: journalctl leaves out a field of over 4096 bytes (an audit event with its objects) unless given --all; run journalctl --all -o json`
    };
  }
  if (Array.isArray(m) && m.length > 0 && m.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return { text: new TextDecoder().decode(new Uint8Array(m)), where: JOURNALD };
  }
  return null;
}
function hasUserObject(o) {
  return objectOf(o.user) !== null;
}
function eventTextsBeside(raw) {
  const o = objectOf(raw);
  if (o === null || hasUserObject(o)) return [];
  const texts = [];
  for (const [path2, where] of TEXTS) {
    const text = at2(o, path2);
    if (typeof text === "string") texts.push({ text, where: textWhere(o, where) });
  }
  return texts;
}
var PICKED = /^(user|impersonatedUser|objectRef|responseStatus|annotations)\./;
function pickedFieldsProblem(raw) {
  const o = objectOf(raw);
  if (o === null || hasUserObject(o)) return null;
  const picked = Object.keys(o).filter((k) => PICKED.test(k));
  if (picked.length === 0) return null;
  return `fields picked from an audit event (${picked.slice(0, 3).join(", ")}${picked.length > 3 ? ", \u2026" : ""}), not the event: a search's or query's fields lose the rest of it; export the whole event (Splunk: _raw; CloudWatch Logs Insights: fields @message; Elasticsearch: _source)`;
}
var SPLUNK_RAW = TEXTS.find(([path2]) => path2[0] === "_raw")[1];
function splitLineHint(envelope) {
  if (envelope.where === SPLUNK_RAW) return splunkCutHint(envelope.text);
  if (envelope.where !== DOCKER_LOG) return "";
  const cri = recordPieceHint(envelope.text);
  if (cri !== null) return cri;
  const t = envelope.text.trim();
  if (!t.startsWith("{") && !t.endsWith("}")) return "";
  return `; a piece of a longer line? Docker's json-file driver cuts lines of over 16 KB into records: join them first, ${rewrittenFile(["jq -j .log"])}`;
}
function splunkCutHint(text) {
  if (!text.trimStart().startsWith("{")) return "";
  const bytes = new TextEncoder().encode(text).length;
  return `; cut short? It is ${bytes} bytes, and Splunk keeps only the first TRUNCATE bytes of an event (10,000 by default): set TRUNCATE = 0 for the audit log's sourcetype in props.conf (events indexed before stay cut), or give the API server's log itself`;
}
function isControlMessage(raw) {
  return recordOf(raw)?.messageType === "CONTROL_MESSAGE";
}
function isEndOfExport(raw) {
  const o = recordOf(raw);
  return o !== null && o.lastrow === true && o.result === void 0 && Object.keys(o).every((k) => k === "lastrow" || k === "preview" || k === "offset");
}

// src/engine/audit.ts
var eventOf = (v) => "deferred" in v ? v.event() : v;
var len = (s) => s === void 0 ? 0 : s.length;
var textOfAll = (ss) => {
  let n = 0;
  if (ss !== void 0) for (const s of ss) n += s.length;
  return n;
};
var userText = (u) => {
  if (u === void 0) return 0;
  let n = len(u.username) + textOfAll(u.groups) + len(u.uid);
  if (u.extra !== void 0) for (const k in u.extra) n += k.length + textOfAll(u.extra[k]);
  return n;
};
function heldText(v) {
  if ("deferred" in v) return v.text;
  const r = v.objectRef;
  return v.auditID.length + len(v.requestURI) + len(v.userAgent) + len(v.timestamp) + userText(v.user) + userText(v.impersonatedUser) + (r === void 0 ? 0 : len(r.name) + len(r.namespace) + len(r.resource) + len(r.subresource) + len(r.apiGroup) + len(r.apiVersion)) + len(v.removedRelease);
}
var KNOWN_API_VERSIONS = /* @__PURE__ */ new Set(["audit.k8s.io/v1", "audit.k8s.io/v1beta1", "audit.k8s.io/v1alpha1"]);
var str = (v) => typeof v === "string" ? v : void 0;
function user(v, impersonated = false) {
  if (!v || typeof v !== "object") return void 0;
  const u = v;
  const out = {
    username: str(u.username),
    groups: Array.isArray(u.groups) ? u.groups.filter((g) => typeof g === "string") : void 0
  };
  const uid = impersonated ? str(u.uid) : void 0;
  if (uid !== void 0) out.uid = uid;
  if (impersonated && u.extra && typeof u.extra === "object" && !Array.isArray(u.extra)) {
    out.extra = {};
    for (const [k, vs] of Object.entries(u.extra)) {
      if (Array.isArray(vs)) out.extra[k] = vs.filter((x) => typeof x === "string");
    }
  }
  return out;
}
var GKE_ENTRY = "a Cloud Audit Logs entry (protoPayload), as GKE writes its Kubernetes audit logs, not an audit.k8s.io event: it has no request URI to match to the API's operations";
var isCloudAuditEntry = (v) => {
  const p = v && typeof v === "object" ? v.protoPayload : void 0;
  return !!p && typeof p === "object";
};
function noAuditID(id) {
  if (id === void 0 || id === null || typeof id === "string") return "not an audit event: no auditID";
  return `not an audit event: auditID is ${valueShape(id)}, not a string`;
}
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var notUuid = (id, as) => `${as} of ${characters(id.length)}, not a UUID (not quoted)`;
var auditIdSaid = (id, quotedAs, as) => UUID.test(id) ? `${quotedAs}${JSON.stringify(id)}` : notUuid(id, as);
var shownAuditId = (id) => UUID.test(id) ? id : notUuid(id, "an auditID");
var KIND = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$/;
var API_VERSION = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d*)?$/;
var nameSaid = (v, spelt) => typeof v === "string" && spelt.test(v) ? JSON.stringify(v) : valueShape(v);
function toAuditEvent(raw) {
  if (Array.isArray(raw)) {
    if (isCloudAuditEntry(raw[0])) return `a JSON array of Cloud Logging entries (gcloud logging read --format=json), the first of them ${GKE_ENTRY}`;
    const n = `${raw.length} item${raw.length === 1 ? "" : "s"}`;
    return `a JSON array of ${n}, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records`;
  }
  if (!raw || typeof raw !== "object") return "not a JSON object";
  const o = raw;
  if (o.schemaVersion !== void 0 && o.tool?.name === "apisnoop") {
    return "an APISnoop report (report.json), not an audit log: analyze reads the API server's audit log; apisnoop merge and export read reports";
  }
  if (o.kind === "EventList") return `an EventList whose items are ${o.items === void 0 ? "missing" : "not a list"}: no audit event in it`;
  if (o.kind !== void 0 && o.kind !== "Event") return `kind is ${nameSaid(o.kind, KIND)}, not an audit Event`;
  if (o.apiVersion !== void 0 && !KNOWN_API_VERSIONS.has(o.apiVersion)) {
    const clusterEvent = o.apiVersion === "v1" || typeof o.apiVersion === "string" && o.apiVersion.startsWith("events.k8s.io/");
    const which = clusterEvent ? ": a cluster Event (kubectl get events), not an audit event of the API server" : "";
    return `apiVersion ${nameSaid(o.apiVersion, API_VERSION)} is not audit.k8s.io/v1, v1beta1 or v1alpha1${which}`;
  }
  const auditID = str(o.auditID);
  if (!auditID && isCloudAuditEntry(o)) return GKE_ENTRY;
  if (!auditID) return noAuditID(o.auditID);
  const requestURI = str(o.requestURI);
  const verb = str(o.verb);
  if (requestURI === void 0 && verb === void 0) return "not an audit event: no requestURI or verb";
  const ts = str(o.requestReceivedTimestamp) ?? str(o.timestamp);
  const ann = o.annotations;
  const annotated = ann && typeof ann === "object";
  const rs = o.responseStatus;
  const r = o.objectRef && typeof o.objectRef === "object" ? o.objectRef : void 0;
  const ev = newEvent(
    auditID,
    str(o.stage) ?? "ResponseComplete",
    verb,
    requestURI,
    user(o.user),
    user(o.impersonatedUser, true),
    str(o.userAgent),
    r && {
      resource: str(r.resource),
      subresource: str(r.subresource),
      namespace: str(r.namespace),
      name: str(r.name),
      apiGroup: str(r.apiGroup),
      apiVersion: str(r.apiVersion)
    },
    rs && typeof rs.code === "number" ? rs.code : void 0,
    ts || void 0,
    annotated && ann["k8s.io/deprecated"] === "true" ? true : void 0,
    annotated && str(ann["k8s.io/removed-release"]) || void 0,
    annotated && str(ann["authorization.k8s.io/decision"]) || void 0
  );
  return ev;
}
function recordJson(text) {
  const t = withoutBom(text);
  try {
    return { value: JSON.parse(t) };
  } catch {
    const behind = afterPrefix(t);
    return behind !== null && "value" in behind ? behind : null;
  }
}
var JSON_STRING = "a JSON string holding JSON (as jq writes a text without -r)";
function notJson(envelope) {
  return `${envelope.where} is not JSON, so not an audit event: ${textShape(envelope.text)}${splitLineHint(envelope)}`;
}
var MAX_NESTING = 5;
function eventsIn(raw, onEvent, onRefused, onOdd, depth = 0) {
  const list = raw;
  if (list && list.kind === "EventList" && Array.isArray(list.items)) {
    const items = list.items;
    let at3 = 0;
    const refused = (message) => onRefused(`EventList item ${at3 + 1} of ${items.length}: ${message}`);
    for (; at3 < items.length; at3++) eventsIn(items[at3], onEvent, refused, onOdd, depth + 1);
    return;
  }
  if (depth === 0 && Array.isArray(raw) && raw.length > 0 && arrayItemsIn(raw, onEvent, onRefused, onOdd)) return;
  if (typeof raw === "string" && depth < MAX_NESTING) {
    const read = recordJson(raw);
    if (read !== null && read.value !== null && typeof read.value === "object") {
      eventsIn(read.value, onEvent, (message) => onRefused(`${JSON_STRING}: ${message}`), onOdd, depth + 1);
      return;
    }
  }
  if (isControlMessage(raw) || isEndOfExport(raw)) return;
  const envelope = depth < MAX_NESTING ? envelopeOf(raw) : null;
  if (envelope && "problem" in envelope) {
    onRefused(envelope.problem);
    return;
  }
  if (envelope && "items" in envelope) {
    envelope.items.forEach(
      (item, i) => eventsIn(item, onEvent, (message) => onRefused(`${envelope.where}, record ${i + 1}: ${message}`), onOdd, depth + 1)
    );
    return;
  }
  if (envelope) {
    let inner;
    if ("value" in envelope) inner = envelope.value;
    else {
      const read = recordJson(envelope.text);
      if (read === null) {
        onRefused(notJson(envelope));
        return;
      }
      inner = read.value;
    }
    eventsIn(inner, onEvent, (message) => onRefused(`${envelope.where}: ${message}`), onOdd, depth + 1);
    return;
  }
  let unread;
  if (depth < MAX_NESTING) {
    for (const beside of eventTextsBeside(raw)) {
      const read = recordJson(beside.text);
      if (read === null) unread ??= beside;
      if (read === null || !sameAuditID(raw, read.value)) continue;
      eventsIn(read.value, onEvent, (message) => onRefused(`${beside.where}: ${message}`), onOdd, depth + 1);
      return;
    }
  }
  const picked = pickedFieldsProblem(raw);
  if (unread !== void 0 && (picked !== null || unread.text.trimStart().startsWith("{"))) {
    onRefused(notJson(unread));
    return;
  }
  if (picked !== null) {
    onRefused(picked);
    return;
  }
  const ev = toAuditEvent(raw);
  if (typeof ev === "string") onRefused(ev);
  else {
    const o = raw;
    if (onOdd && (!isStage(o.stage) || typeof o.verb !== "string" || typeof o.requestURI !== "string")) {
      onOdd({ stage: o.stage, verb: o.verb, requestURI: o.requestURI });
    }
    onEvent(ev);
  }
}
function arrayItemsIn(raw, onEvent, onRefused, onOdd) {
  let events = 0;
  const held = [];
  const counted = (ev) => {
    events++;
    onEvent(ev);
  };
  const flush = () => held.splice(0).forEach((message) => onRefused(message));
  let at3 = 0;
  const refused = (message) => {
    held.push(`JSON array item ${at3 + 1} of ${raw.length}: ${message}`);
    if (events > 0) flush();
  };
  for (; at3 < raw.length; at3++) {
    eventsIn(raw[at3], counted, refused, onOdd, 1);
    if (events > 0) flush();
  }
  return events > 0;
}
function sameAuditID(record, inner) {
  const id = record.auditID;
  if (!inner || typeof inner !== "object" || Array.isArray(inner)) return false;
  const own = inner.auditID;
  return typeof own === "string" && (id === void 0 || id === own);
}
function holdsAuditEvents(raw) {
  let events = 0;
  eventsIn(raw, () => events++, () => {
  });
  return events > 0;
}
var STAGE_RANK = /* @__PURE__ */ new Map([
  ["RequestReceived", 0],
  ["ResponseStarted", 1],
  ["ResponseComplete", 2],
  ["Panic", 2]
]);
var STAGES = [...STAGE_RANK.keys()];
var isStage = (v) => typeof v === "string" && STAGE_RANK.has(v);
var notLaterStage = (a, b) => (STAGE_RANK.get(a) ?? 2) <= (STAGE_RANK.get(b) ?? 2);
function mergeStages(a, b) {
  const [early, late] = notLaterStage(a.stage, b.stage) ? [a, b] : [b, a];
  return newEvent(
    late.auditID,
    late.stage,
    late.verb ?? early.verb,
    late.requestURI ?? early.requestURI,
    late.user ?? early.user,
    late.impersonatedUser ?? early.impersonatedUser,
    late.userAgent ?? early.userAgent,
    late.objectRef ?? early.objectRef,
    late.code ?? early.code,
    early.timestamp || late.timestamp,
    late.deprecatedAnnotation ?? early.deprecatedAnnotation,
    late.removedRelease ?? early.removedRelease,
    late.authzDecision ?? early.authzDecision
  );
}
function mergeOpen(prev, next) {
  if ("deferred" in prev) return "deferred" in next ? prev.mergedWith(next) : mergeStages(prev.event(), next);
  return mergeStages(prev, eventOf(next));
}
var completeWith = (prev, final) => "deferred" in prev ? prev.completedBy(final) : mergeStages(prev, final);
function newEvent(auditID, stage, verb, requestURI, user2, impersonatedUser, userAgent, objectRef, code2, timestamp, deprecatedAnnotation, removedRelease, authzDecision) {
  return { auditID, stage, verb, requestURI, user: user2, impersonatedUser, userAgent, objectRef, code: code2, timestamp, deprecatedAnnotation, removedRelease, authzDecision };
}
function firstLineIsAuditEvent(text) {
  const end = text.indexOf("\n");
  let first;
  try {
    first = JSON.parse(end === -1 ? text : text.slice(0, end));
  } catch {
    return false;
  }
  const o = first;
  return !!o && typeof o === "object" && typeof o.auditID === "string" && (o.kind === void 0 || o.kind === "Event" || o.kind === "EventList");
}
function tally(t, file, line, value) {
  if (t.count++ === 0) t.first = { file, line, value };
}
function untally(t) {
  t.count = 0;
  t.first = void 0;
}
var placeOf = (t) => t.first?.file ? `${t.first.file}:${t.first.line}: ` : "";
function tallyUnexplained(t, file, line, value) {
  if (t.explained?.has(file) !== true) tally(t, file, line, value);
}
var lateStageValue = (stage, auditID) => `${isStage(stage) ? stage : "a stage not known"} of ${auditIdSaid(auditID, "auditID ", "an auditID")}`;
var lateStagesWarning = (t, overlap = false) => {
  const n = t.count;
  const which = n === 1 ? ": it adds" : `; so did ${grouped(n - 1)} more, ${grouped(n)} in all: each adds`;
  const held = overlap ? "out-of-order logs hold such stages, and so do logs that overlap" : "out-of-order logs hold such stages";
  return `${placeOf(t)}a stage came after its request had completed (${t.first?.value ?? "a stage"})${which} nothing to its request, already counted at its final stage (${held})`;
};
var repeatedFinalsWarning = (r, inputs = 2, aggregated = null) => {
  const n = r.count;
  const id = r.first ? `, ${auditIdSaid(r.first.value, "", "one")}` : "";
  const which = n === 1 ? "it is counted again" : `so did ${grouped(n - 1)} more, ${grouped(n)} requests in all, and each is counted again`;
  const overlap = inputs === 1 ? "does the log hold part of itself twice, such as a log joined with cat to an older copy of itself? Give each request once" : "do two of the logs overlap, such as a log saved twice as it grew? Give each request once";
  const why = aggregated === null || inputs === 1 ? overlap : `${n === 1 ? "it is" : "the first is"} a request of ${aggregated.group}, an API group Kubernetes does not serve built in: an aggregated API server (metrics-server, a custom metrics adapter) audits the requests the kube-apiserver hands on to it, under the same auditID, so its log beside the kube-apiserver's holds them again: leave the aggregated server's log, ${aggregated.log}, out, give only the kube-apiserver's logs. If none was given, ${overlap}`;
  return `${placeOf(r)}a request came again under an auditID already counted${id} (a final stage given twice); ${which}: ${why}`;
};
function newAssemblyTallies(copies = [], files = []) {
  const at3 = { file: "", line: 0 };
  const explained = new Set(copies.map((c) => files.indexOf(c.sameAs) > files.indexOf(c.file) ? c.sameAs : c.file));
  return { at: at3, repeated: { count: 0, at: at3, explained }, late: { count: 0, at: at3, explained } };
}
function assemblyWarnings(t, inputs, aggregated = null) {
  const said = [];
  if (t.repeated.count > 0) said.push(repeatedFinalsWarning(t.repeated, inputs, aggregated));
  if (t.late.count > 0) said.push(lateStagesWarning(t.late, t.repeated.count > 0));
  return said;
}
var newOddFields = () => ({ noStage: { count: 0 }, unknownStage: { count: 0 }, noVerb: { count: 0 }, noURI: { count: 0 } });
var notString = (name, v) => v === void 0 ? `no ${name}` : v === null ? `${name} null` : `${name} is ${valueShape(v)}, not a string`;
function oddFields(s, file, line, f) {
  if (typeof f.stage === "string") {
    if (!isStage(f.stage)) tally(s.unknownStage, file, line, `a stage of ${characters(f.stage.length)} (not quoted)`);
  } else tally(s.noStage, file, line, notString("stage", f.stage));
  if (typeof f.verb !== "string") tally(s.noVerb, file, line, notString("verb", f.verb));
  if (typeof f.requestURI !== "string") tally(s.noURI, file, line, notString("requestURI", f.requestURI));
}
function oddFieldWarnings(s) {
  const said = (t, what, then) => {
    if (t.count === 0) return [];
    const more = t.count === 1 ? "" : `; so ${t.count === 2 ? "is 1 more event" : `are ${grouped(t.count - 1)} more events`} ${what} (${grouped(t.count)} in all)`;
    return [`${placeOf(t)}${t.first.value}: ${then}${more}`];
  };
  const unmatched = (field, listed) => `the event counts, and its request, unless another of its stages has a ${field}, is unmatched (${listed})`;
  return [
    ...said(s.noStage, "with no stage or one not a string", "the event is taken as its request's final stage (ResponseComplete)"),
    ...said(
      s.unknownStage,
      "of a stage not known",
      `none of ${STAGES.join(", ")}: the event is taken as a stage before the final one, its request counted when its final stage comes or the input ends`
    ),
    ...said(s.noVerb, "with no verb or one not a string", unmatched("verb", "verb (none)")),
    ...said(s.noURI, "with no requestURI or one not a string", unmatched("requestURI", "malformed-uri, pattern (none)"))
  ];
}
var isFinal = (stage) => stage === "ResponseComplete" || stage === "Panic";
var RequestAssembler = class {
  constructor(emit, manyOpen, repeated, late) {
    this.emit = emit;
    this.manyOpen = manyOpen;
    this.repeated = repeated;
    this.late = late;
    this.ids = new AuditIdTable(manyOpen?.at);
  }
  emit;
  manyOpen;
  repeated;
  late;
  ids;
  /** Whether a first stage may be held undecoded (a DeferredStage): until the text held nears its limit (settle()). */
  deferring = true;
  add(ev) {
    const id = ev.auditID;
    const prev = this.ids.get(id);
    if (!isFinal(ev.stage)) {
      if (prev === null) return this.lateStage(ev.stage, id);
      return this.hold(id, prev ? mergeOpen(prev, ev) : ev, prev === void 0);
    }
    if (prev === null) {
      if (this.ids.countedEarly) {
        this.ids.finalCame();
        if (this.manyOpen) this.manyOpen.finalsDropped++;
      } else {
        const r = this.repeated;
        if (r) tallyUnexplained(r, r.at?.file ?? "", r.at?.line ?? 0, id);
        this.emit(ev);
      }
      return;
    }
    if (!prev && this.ids.forgottenEarly > 0 && this.manyOpen) this.manyOpen.finalsAlone++;
    this.emit(prev ? completeWith(prev, ev) : ev);
    this.completed(id);
  }
  /** The request under the ID get() last found, or a new one, has completed (early: counted before its final stage). */
  completed(id, early = false) {
    const forgotten = this.ids.forgottenEarly;
    this.ids.complete(id, 0, id.length, early);
    if (this.manyOpen) this.manyOpen.forgottenEarly += this.ids.forgottenEarly - forgotten;
  }
  /**
   * A non-final stage not decoded yet: kept as it is while it is its request's only stage and fewer than
   * MAX_DEFERRED requests are open (each holds its line), else decoded and added.
   */
  addDeferred(st) {
    const id = st.auditID;
    const prev = this.ids.get(id);
    if (prev === null) return this.lateStage(st.stage, id);
    if (prev === void 0) this.hold(id, this.deferring && this.ids.openCount < MAX_DEFERRED ? st : st.event(), true);
    else this.hold(id, mergeOpen(prev, st), false);
  }
  /**
   * A request in flight (under the ID get() last found) has these stages now, and has just opened or grown. Past the
   * limit on requests in flight, or on the text they hold, the oldest in flight is counted now with the stages it
   * has, as flush() would count it at the end, so that memory stays bounded when final stages never come.
   */
  hold(id, open, opened) {
    this.ids.set(id, 0, id.length, open, heldText(open));
    const m = this.manyOpen;
    if (m === void 0 || !opened && this.ids.openText <= m.text) return;
    if (this.deferring && this.ids.openText > m.text) this.settle();
    while (m.reached(this.ids.openCount, this.ids.openText)) this.countOldestEarly();
  }
  /**
   * The text held has passed its limit as weighed with deferred stages' bounds: they are decoded, so that the limit
   * is passed where the text the requests' events hold passes it, at the same request as on the reference path,
   * which decodes every stage. From then on stages are decoded as they come: held deferred, a request weighs its
   * whole line (a Request-level line's body too) and each would be decoded again, one by one, as the total nears the
   * limit. Logs whose requests complete never come near it (IN_FLIGHT_TEXT).
   */
  settle() {
    this.deferring = false;
    this.ids.resettle(eventOf, heldText);
  }
  /**
   * A stage before the final one of a request completed (get() found it so): it adds nothing, and is tallied. One of
   * a request counted early is not: the limit's warning said that any later stage of it is dropped.
   */
  lateStage(stage, id) {
    const t = this.late;
    if (t && !this.ids.countedEarly) tallyUnexplained(t, t.at?.file ?? "", t.at?.line ?? 0, lateStageValue(stage, id));
  }
  /** The oldest request in flight, counted early (ManyOpen.reached counted it), with the stages it has. */
  countOldestEarly() {
    const oldest = this.ids.oldestOpen();
    const id = oldest.auditID;
    this.ids.get(id);
    this.completed(id, true);
    this.emit(eventOf(oldest));
  }
  /** Requests whose final stage never came (the log ended, or the policy omitted it): still use. */
  flush() {
    for (const req of this.ids.takeOpen()) this.emit(eventOf(req));
  }
  get inFlight() {
    return this.ids.openCount;
  }
  /** The text the requests in flight hold (heldText), which the limit on requests in flight bounds too. */
  get inFlightText() {
    return this.ids.openText;
  }
};
var MAX_DEFERRED = 16384;
var MANY_OPEN = 5e4;
var IN_FLIGHT_TEXT = 1e3;
var ManyOpen = class {
  constructor(at3, tell = () => {
  }) {
    this.at = at3;
    this.tell = tell;
    this.text = at3 * IN_FLIGHT_TEXT;
  }
  at;
  tell;
  told = false;
  /** The text the requests in flight may hold together (heldText): `at` times IN_FLIGHT_TEXT. */
  text;
  /** Requests counted early, with the stages they had, past a limit. */
  countedEarly = 0;
  /** Of them, those counted past the limit on the text held (the rest: past the limit on requests). */
  countedForText = 0;
  /** Final stages that came after their request was counted early: dropped, with the code and annotations they had. */
  finalsDropped = 0;
  /**
   * Requests counted early whose final stage had not come after the window of completed IDs, past the `at` of them
   * remembered longer (AuditIdTable's earlyKept): forgotten. A final stage of one that came later is taken for a
   * request of its own.
   */
  forgottenEarly = 0;
  /** Final stages with no earlier stage known, read once some request counted early was forgotten. */
  finalsAlone = 0;
  /**
   * The final stages that may have been forgotten requests' and counted as requests of their own: at most one each,
   * and at most those that came alone. Exact figures when none (a log with no final stages, say); else finalsDropped
   * is a floor, and requests may count up to this many too many.
   */
  get forgotten() {
    return Math.min(this.forgottenEarly, this.finalsAlone);
  }
  /**
   * The limit `open` requests in flight holding `text` characters are past, if any. One request alone is held
   * whatever its text (a line is at most MAX_LINE_BYTES). Asked by the parallel replay too: it tells nothing.
   */
  past(open, text) {
    if (open > this.at) return "requests";
    return text > this.text && open > 1 ? "text" : null;
  }
  /**
   * A request has just opened, or grown, bringing those in flight to `open` holding `text`: whether that is past a
   * limit, the oldest then to be counted early (counted here).
   */
  reached(open, text) {
    const past = this.past(open, text);
    if (!this.told && (open === this.at || past !== null)) {
      this.told = true;
      this.tell(open, past === "text" ? this.text : void 0);
    }
    if (past === null) return false;
    this.countedEarly++;
    if (past === "text") this.countedForText++;
    return true;
  }
};
var textSize = (chars) => chars < 1e6 ? `${grouped(Math.round(chars / 1e3))} KB` : chars < 1e7 ? `${(chars / 1e6).toFixed(1)} MB` : `${grouped(Math.round(chars / 1e6))} MB`;
var manyOpenWarner = (onWarning, at3 = MANY_OPEN) => new ManyOpen(at3, (open, text) => onWarning?.(manyOpenWarning(open, text)));
var manyOpenWarning = (open, text) => (text === void 0 ? `${grouped(open)} requests are in flight at once: ` : `${grouped(open)} requests are in flight at once, and the text they hold (request URIs, user agents) has passed ${textSize(text)}, the limit: `) + `their first stages are read, their final stage (ResponseComplete or Panic) is not. To bound memory, from now on the oldest request in flight is counted with the stages it has whenever ${text === void 0 ? "another opens" : "they hold more, or more than that many are in flight"}, and any later stage of it is dropped. Does the audit policy omit ResponseComplete, or were the logs cut off?`;
function countedEarlyWarning(m, raise) {
  const early = m.countedEarly;
  if (early === 0) return null;
  const dropped = m.finalsDropped;
  const forgotten = m.forgotten ?? 0;
  const never = early - dropped;
  const [atLeast, atMost] = forgotten === 0 ? ["", ""] : ["at least ", "at most "];
  const forText = m.countedForText ?? 0;
  const text = textSize(m.text ?? m.at * IN_FLIGHT_TEXT);
  const limit = forText === 0 ? `${grouped(m.at)} requests were in flight at once, the limit` : forText === early ? `the requests in flight held more than ${text} of text at once (request URIs, user agents), the limit for ${grouped(m.at)} of them` : `${grouped(m.at)} requests were in flight at once, or the text they held (request URIs, user agents) passed ${text}, the limits`;
  const counted = `${limit}: to bound memory, ${grouped(early)} request${early === 1 ? " was" : "s were"} counted early, with the stages ${early === 1 ? "it" : "they"} had`;
  const came = dropped === 0 ? "" : `; ${atLeast}${grouped(dropped)} of their final stages (ResponseComplete or Panic) came later and ${dropped === 1 ? "was" : "were"} dropped, with the ${dropped === 1 ? "response code and deprecation annotations it" : "response codes and deprecation annotations they"} carried: ${raise}`;
  const forgot = forgotten === 0 ? "" : `; those still without a final stage after ${grouped(RECENTLY_COMPLETED)} more requests completed were forgotten past the ${grouped(m.at)} kept that long, and up to ${grouped(forgotten)} of their final stages may have come later and been counted as requests of their own, so requests may count up to ${grouped(forgotten)} too many${dropped === 0 ? `: ${raise}` : ""}`;
  const which = dropped === 0 && forgotten === 0 ? "none of their final stages came" : `the final stage${never === 1 ? "" : "s"} of ${atMost}the other ${grouped(never)} never came`;
  const missing = never === 0 ? "" : `; ${which}: does the audit policy omit ResponseComplete, or were the logs cut off?`;
  return `${counted}${came}${forgot}${missing}`;
}

// src/engine/custom-api.ts
function apiGroups(known) {
  const groups = /* @__PURE__ */ new Set([null, ""]);
  for (const s of known.later) if (s.versionFrom !== "spec") for (const o of s.operations) groups.add(pathShape(o.path).group);
  for (const e of known.deprecations?.values() ?? []) groups.add(e.version.includes("/") ? e.version.slice(0, e.version.indexOf("/")) : "");
  const kubernetes = (group) => groups.has(group) || group !== null && known.earlier?.()?.servesGroup(group) === true;
  return {
    kubernetes,
    custom: (group) => {
      if (group === null || !group.includes(".") || group.endsWith(".k8s.io") && !group.endsWith(".x-k8s.io")) return false;
      return !kubernetes(group);
    }
  };
}

// src/engine/listed-set.ts
var MAX_LISTED_CALLERS = 100;
var ListedSet = class {
  constructor(limit = MAX_LISTED_CALLERS) {
    this.limit = limit;
  }
  limit;
  members = /* @__PURE__ */ new Set();
  truncated = false;
  /** A max-heap of the members, built once the set is full: the one to drop when a smaller one comes. Private (#):
   * a structured clone (a worker's part) copies properties, and the members are all another thread needs. */
  #heap = null;
  get size() {
    return this.members.size;
  }
  add(value) {
    const members = this.members;
    let heap = this.#heap;
    if (heap === null) {
      if (members.has(value)) return;
      if (members.size < this.limit) {
        members.add(value);
        return;
      }
      this.truncated = true;
      heap = this.#heap = heapify([...members], after);
    }
    if (!(value < heap[0]) || members.has(value)) return;
    members.delete(heap[0]);
    members.add(value);
    heap[0] = value;
    siftDown(heap, 0, after);
  }
  /** Another part's callers, as if they had been added here. */
  addAll(other) {
    for (const v of other.members) this.add(v);
    if (other.truncated) this.truncated = true;
  }
  /** The members in the order the report lists them (code-unit order, as Array.prototype.sort). */
  sorted() {
    return [...this.members].sort();
  }
};
var truncationFlag = (key, set) => set ? { [key]: true } : {};
function unionListed(a, aTruncated, b, bTruncated, limit = MAX_LISTED_CALLERS) {
  const all = [.../* @__PURE__ */ new Set([...a, ...b])].sort();
  return { list: all.length > limit ? all.slice(0, limit) : all, truncated: aTruncated || bTruncated || all.length > limit };
}
var after = (a, b) => a > b;

// src/engine/coverage.ts
var listedFrom = (part, limit = MAX_LISTED_CALLERS) => {
  const set = new ListedSet(limit);
  set.addAll(part);
  return set;
};
var operationKey = (op) => `${op.operationId} ${op.method}`;
var unmatchedKey = (reason, verb, pattern) => `${reason} ${verb} ${pattern}`;
var inc = (m, k, by = 1) => {
  m.set(k, (m.get(k) ?? 0) + by);
};
var sortedRecord = (m) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
var MAX_LISTED_TESTS = 1e4;
var OTHER_CODES = "other";
var CODE_KEYS = [];
var codeKey = (code2) => {
  if (code2 === void 0) return "unknown";
  return Number.isInteger(code2) && code2 >= 100 && code2 <= 599 ? CODE_KEYS[code2] ??= String(code2) : OTHER_CODES;
};
var codeBucket = (key) => key === "unknown" || /^[1-5]\d\d$/.test(key) ? key : OTHER_CODES;
var isTimestamp = (t) => t.length >= 19 && t.charCodeAt(4) === 45 && t.charCodeAt(7) === 45 && t.charCodeAt(10) === 84 && t.charCodeAt(13) === 58 && t.charCodeAt(16) === 58 && twoDigits(t, 0) >= 0 && twoDigits(t, 2) >= 0 && inRange(twoDigits(t, 5), 1, 12) && inRange(twoDigits(t, 8), 1, 31) && inRange(twoDigits(t, 11), 0, 23) && inRange(twoDigits(t, 14), 0, 59) && inRange(twoDigits(t, 17), 0, 59);
function twoDigits(t, i) {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
var inRange = (n, min, max) => n >= min && n <= max;
function earlier(a, b) {
  if (a.length === b.length) return a < b;
  const sa = a.slice(0, 19);
  const sb = b.slice(0, 19);
  if (sa !== sb) return sa < sb;
  const fraction = (t) => Number(/^\.(\d+)/.exec(t.slice(19))?.[1]?.padEnd(9, "0").slice(0, 9) ?? 0);
  const [fa, fb] = [fraction(a), fraction(b)];
  return fa !== fb ? fa < fb : a < b;
}
var MAX_AGENTS = 1e4;
var MAX_UNMATCHED_PATTERNS = 1e4;
var REASON_RANK = new Map(
  ["unknown-group-version", "unknown-resource", "method-not-allowed", "unknown-verb", "non-resource-url", "malformed-uri"].map((r, i) => [r, i])
);
var reasonRank = (reason) => REASON_RANK.get(reason) ?? REASON_RANK.size;
function unmatchedOrder(a, b) {
  return reasonRank(a.reason) - reasonRank(b.reason) || cmp(a.reason, b.reason) || cmp(a.pattern, b.pattern) || cmp(a.verb, b.verb);
}
function unmatchedApi(api) {
  const out = { group: api.group, version: api.version };
  if (api.resource) out.resource = api.subresource ? `${api.resource}/${api.subresource}` : api.resource;
  return out;
}
var Coverage = class {
  /** maxPatterns: MAX_UNMATCHED_PATTERNS, smaller in tests. */
  constructor(maxPatterns = MAX_UNMATCHED_PATTERNS) {
    this.maxPatterns = maxPatterns;
  }
  maxPatterns;
  operations = /* @__PURE__ */ new Map();
  /** The patterns listed apart, and the OTHER_PATTERNS rows (per reason and verb) of the rest. */
  unmatchedGroups = /* @__PURE__ */ new Map();
  /** The same accumulators as `operations`, by the matched Operation object (this thread's index). */
  byOperation = /* @__PURE__ */ new Map();
  agents = /* @__PURE__ */ new Map();
  /** How many of unmatchedGroups are patterns listed apart (not OTHER_PATTERNS rows). */
  patterns = 0;
  /** A max-heap (unmatchedOrder) of the patterns listed apart, built once they are full: the one to fold when a smaller comes. */
  heap = null;
  matched = 0;
  unmatched = 0;
  /**
   * Requests by the release of the e2e test binary that sent them (e2eRelease): a run of another release than the
   * spec's is judged by that release's conformance data, where its own gaps may not show.
   */
  e2eReleases = /* @__PURE__ */ new Map();
  add(req, m) {
    const agent = this.agent(req.userAgent);
    if (agent.e2eRelease !== null) inc(this.e2eReleases, agent.e2eRelease);
    if (m.operation) {
      this.matched++;
      const op = m.operation;
      let acc2 = this.byOperation.get(op);
      if (!acc2) {
        const k2 = operationKey(op);
        acc2 = this.operations.get(k2);
        if (!acc2) {
          acc2 = {
            op,
            hits: 0,
            codes: /* @__PURE__ */ new Map(),
            verbs: /* @__PURE__ */ new Map(),
            userAgents: new ListedSet(),
            users: new ListedSet(),
            tests: new ListedSet(MAX_LISTED_TESTS),
            conformanceTest: false,
            firstSeen: null,
            lastSeen: null,
            deprecatedAnnotation: false,
            removedRelease: null,
            removedSeen: null
          };
          this.operations.set(k2, acc2);
        }
        this.byOperation.set(op, acc2);
      }
      acc2.hits++;
      inc(acc2.codes, codeKey(req.code));
      inc(acc2.verbs, req.verb ?? "(none)");
      acc2.userAgents.add(agent.program);
      acc2.users.add(effectiveUser(req) || "(none)");
      if (agent.test) {
        acc2.tests.add(agent.test);
        if (agent.conformance) acc2.conformanceTest = true;
      }
      const t = req.timestamp;
      if (t) {
        if ((acc2.firstSeen === null || earlier(t, acc2.firstSeen)) && isTimestamp(t)) acc2.firstSeen = t;
        if ((acc2.lastSeen === null || earlier(acc2.lastSeen, t)) && isTimestamp(t)) acc2.lastSeen = t;
      }
      if (req.deprecatedAnnotation) acc2.deprecatedAnnotation = true;
      if (req.removedRelease && req.removedRelease !== acc2.removedSeen) {
        acc2.removedSeen = req.removedRelease;
        acc2.removedRelease = earlierRelease(acc2.removedRelease, minorVersion(req.removedRelease) ?? req.removedRelease);
      }
      return;
    }
    this.unmatched++;
    const verb = shownVerb(req.verb);
    const k = unmatchedKey(m.reason, verb, m.pattern);
    const acc = this.unmatchedGroups.get(k) ?? this.group(k, m.reason, verb, m.pattern, () => {
      const u = { pattern: m.pattern, verb, reason: m.reason, count: 0, userAgents: [] };
      return m.api ? Object.assign(u, unmatchedApi(m.api)) : u;
    });
    acc.u.count++;
    acc.userAgents.add(agent.program);
    acc.users.add(effectiveUser(req) || "(none)");
  }
  /**
   * Where the requests of a pattern not in unmatchedGroups go: a group of its own (made with `make`, count 0) while
   * it is among the first maxPatterns in unmatchedOrder, else its OTHER_PATTERNS row. A pattern that comes before the
   * greatest listed apart takes its place, and the greatest is folded into its OTHER_PATTERNS row: bounded memory on
   * hostile or exotic logs, and the same patterns listed whatever the order they come in.
   */
  group(k, reason, verb, pattern, make) {
    if (pattern === OTHER_PATTERNS) return this.other(reason, verb);
    if (this.patterns < this.maxPatterns) {
      const acc2 = { u: make(), userAgents: new ListedSet(), users: new ListedSet() };
      this.unmatchedGroups.set(k, acc2);
      this.patterns++;
      return acc2;
    }
    const heap = this.heap ??= heapify([...this.unmatchedGroups.values()].filter((a) => a.u.pattern !== OTHER_PATTERNS), after2);
    const greatest = heap[0];
    if (greatest === void 0 || unmatchedOrder({ reason, verb, pattern }, greatest.u) > 0) return this.other(reason, verb);
    this.unmatchedGroups.delete(unmatchedKey(greatest.u.reason, greatest.u.verb, greatest.u.pattern));
    const other = this.other(greatest.u.reason, greatest.u.verb);
    other.u.count += greatest.u.count;
    other.userAgents.addAll(greatest.userAgents);
    other.users.addAll(greatest.users);
    const acc = { u: make(), userAgents: new ListedSet(), users: new ListedSet() };
    this.unmatchedGroups.set(k, acc);
    heap[0] = acc;
    siftDown(heap, 0, after2);
    return acc;
  }
  /** The OTHER_PATTERNS row of a reason and verb (otherRowVerb). */
  other(reason, requestVerb) {
    const verb = otherRowVerb(requestVerb);
    const k = unmatchedKey(reason, verb, OTHER_PATTERNS);
    let acc = this.unmatchedGroups.get(k);
    if (!acc) {
      acc = { u: { pattern: OTHER_PATTERNS, verb, reason, count: 0, userAgents: [] }, userAgents: new ListedSet(), users: new ListedSet() };
      this.unmatchedGroups.set(k, acc);
    }
    return acc;
  }
  agent(userAgent) {
    const key = userAgent ?? "";
    let info = this.agents.get(key);
    if (!info) {
      if (this.agents.size >= MAX_AGENTS) this.agents.clear();
      const test = e2eTestName(userAgent);
      info = { program: userAgentProgram(userAgent), test, conformance: test?.includes("[Conformance]") === true, e2eRelease: e2eRelease(userAgent) };
      this.agents.set(key, info);
    }
    return info;
  }
  /**
   * Add the coverage of another part of the input (a worker's byte ranges), as if its requests had come here. Exact,
   * the unmatched patterns too: a pattern among the first maxPatterns of the whole is among the first of its part,
   * so each part kept its counts apart, and what a part folded into its OTHER_PATTERNS rows is folded here as well.
   */
  absorb(part) {
    this.matched += part.matched;
    this.unmatched += part.unmatched;
    for (const [release, n] of part.e2eReleases) inc(this.e2eReleases, release, n);
    for (const [k, b] of part.operations) {
      const a = this.operations.get(k);
      if (!a) {
        this.operations.set(k, { ...b, users: listedFrom(b.users), userAgents: listedFrom(b.userAgents), tests: listedFrom(b.tests, MAX_LISTED_TESTS) });
        continue;
      }
      a.hits += b.hits;
      for (const [c, n] of b.codes) inc(a.codes, c, n);
      for (const [v, n] of b.verbs) inc(a.verbs, v, n);
      a.userAgents.addAll(b.userAgents);
      a.users.addAll(b.users);
      a.tests.addAll(b.tests);
      if (b.conformanceTest) a.conformanceTest = true;
      if (b.firstSeen !== null && (a.firstSeen === null || earlier(b.firstSeen, a.firstSeen))) a.firstSeen = b.firstSeen;
      if (b.lastSeen !== null && (a.lastSeen === null || earlier(a.lastSeen, b.lastSeen))) a.lastSeen = b.lastSeen;
      if (b.deprecatedAnnotation) a.deprecatedAnnotation = true;
      if (b.removedRelease) a.removedRelease = earlierRelease(a.removedRelease, b.removedRelease);
    }
    for (const [k, b] of part.unmatchedGroups) {
      const { reason, verb, pattern } = b.u;
      const a = this.unmatchedGroups.get(k) ?? this.group(k, reason, verb, pattern, () => ({ ...b.u, count: 0, userAgents: [] }));
      a.u.count += b.u.count;
      a.userAgents.addAll(b.userAgents);
      a.users.addAll(b.users);
    }
  }
  unmatchedList() {
    return sortUnmatched(
      [...this.unmatchedGroups.values()].map((a) => ({
        ...a.u,
        userAgents: a.userAgents.sorted(),
        ...truncationFlag("userAgentsTruncated", a.userAgents.truncated),
        users: a.users.sorted(),
        ...truncationFlag("usersTruncated", a.users.truncated)
      }))
    );
  }
};
var after2 = (a, b) => unmatchedOrder(a.u, b.u) > 0;
function sortUnmatched(list) {
  return list.sort((a, b) => b.count - a.count || cmp(a.reason, b.reason) || cmp(a.pattern, b.pattern) || cmp(a.verb, b.verb));
}
function earlierRelease(a, b) {
  if (!isMinor(b)) return a;
  return a === null || compareMinor(b, a) < 0 ? b : a;
}
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var LEVEL_ORDER = { stable: 0, beta: 1, alpha: 2 };
function sortOperations(ops) {
  return ops.sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || cmp(a.group ?? "~", b.group ?? "~") || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.operationId, b.operationId)
  );
}
var addCount = (rec, k, hits) => {
  const c = rec[k] ??= { operations: 0, hits: 0 };
  c.operations++;
  c.hits += hits;
};
function summarize(ops, release, counts) {
  const byLevel = { stable: { operations: 0, hits: 0 }, beta: { operations: 0, hits: 0 }, alpha: { operations: 0, hits: 0 } };
  const discovery = { operations: 0, hits: 0 };
  const byGroup = {};
  const byCategory = {};
  let deprecated = 0;
  let removedSoon = 0;
  let removedAlready = 0;
  let stableUntested = 0;
  let stableConformanceUnknown = 0;
  let stableUntestedEligible = 0;
  for (const op of ops) {
    if (op.discovery) {
      discovery.operations++;
      discovery.hits += op.hits;
      continue;
    }
    byLevel[op.level].operations++;
    byLevel[op.level].hits += op.hits;
    addCount(byGroup, op.group === null ? "(non-resource)" : op.group === "" ? "core" : op.group, op.hits);
    addCount(byCategory, op.category || "(none)", op.hits);
    if (op.deprecated) deprecated++;
    const removal = removalState(op, release);
    if (removal === "already") removedAlready++;
    else if (removal === "soon") removedSoon++;
    if (op.level === "stable" && op.conformanceTested === false) {
      stableUntested++;
      if (!op.conformanceIneligible) stableUntestedEligible++;
    }
    if (op.level === "stable" && typeof op.conformanceTested !== "boolean") stableConformanceUnknown++;
  }
  const sortKeys = (r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
  return {
    ...counts,
    stable: byLevel.stable.operations,
    beta: byLevel.beta.operations,
    alpha: byLevel.alpha.operations,
    byLevel,
    discovery,
    byGroup: sortKeys(byGroup),
    byCategory: sortKeys(byCategory),
    deprecated,
    removedSoon,
    removedAlready,
    stableUntested,
    stableConformanceUnknown,
    stableUntestedEligible
  };
}

// src/engine/verdict.ts
var DEFAULT_POLICY = { failOn: ["alpha", "beta"], allow: [] };
var RULES = ["removed", "alpha", "beta", "deprecated"];
var FailOnError = class extends Error {
  constructor(reason, unknown = []) {
    super(`fail-on: ${reason}`);
    this.reason = reason;
    this.unknown = unknown;
    this.name = "FailOnError";
  }
  reason;
  unknown;
};
var RUN_RULES = ["empty", "invalid"];
var FAIL_ON_ORDER = ["alpha", "beta", "deprecated", "removed", ...RUN_RULES];
var RUN_RULE_HEADLINE = {
  empty: "nothing was selected",
  invalid: "the input was invalid"
};
function runFailureHeadline(f, run) {
  if (f.rule !== "empty" || run.summary.selected === 0) return RUN_RULE_HEADLINE[f.rule] ?? f.rule;
  const none = unselectedParts(run.parts ?? []).length;
  return none > 1 ? `${none} merged reports selected nothing` : "a merged report selected nothing";
}
function parseFailOn(text, alsoTaken = []) {
  const given = text.split(/[\s,]+/).filter(Boolean);
  const words = given.map((w) => w.toLowerCase());
  const use = `(use ${[...FAIL_ON_ORDER, ...alsoTaken].join(", ")}, or none)`;
  const isNone = (w) => w === "none";
  if (words.length === 0) throw new FailOnError(`no rule given in "${text}" ${use}`);
  if (words.every(isNone)) return [];
  if (words.some(isNone)) throw new FailOnError(`"none" reports only, it cannot go with other rules in "${text}" ${use}`);
  const known = [...RULES, ...RUN_RULES];
  const bad = given.filter((_, i) => !known.includes(words[i]) && !alsoTaken.includes(words[i]));
  if (bad.length > 0) throw new FailOnError(`unknown rule ${bad.map((b) => `"${b}"`).join(", ")} ${use}`, bad);
  return [...new Set(words)].filter((w) => !alsoTaken.includes(w));
}
function noneAsEmpty(list, values) {
  const isNone = (v) => v.toLowerCase() === "none";
  if (!list.some(isNone)) return [...list];
  const others = list.filter((v) => !isNone(v));
  return others.length > 0 ? { refused: `none cannot be given with ${values} (${others.join(", ")}): none is an empty list` } : [];
}
function allowed(op, allow) {
  if (allow.length === 0) return false;
  const group = op.group === "" ? "core" : op.group;
  const groupVersion = group !== null && op.version ? `${group}/${op.version}` : null;
  return allow.some((a) => a === op.operationId || a === groupVersion || group !== null && (a === group || a === "" && op.group === ""));
}
function allowCovers(list, entry, ops) {
  if (list.includes(entry)) return true;
  const core = (g) => g === "" ? "core" : g;
  const groups = new Set(list.filter((a) => !a.includes("/")).map(core));
  const slash = entry.indexOf("/");
  if (slash !== -1) return groups.has(core(entry.slice(0, slash)));
  if (entry === "" || entry === "core") return groups.has("core");
  const named = ops.filter((op) => op.operationId === entry);
  return named.length > 0 && named.every((op) => allowed(op, [...list]));
}
function replacementText(d, run) {
  if (!d?.replacement) return "";
  if (d.replacementServedIn === void 0) return `; use ${d.replacement}`;
  const looked = replacementLookedIn(d, run);
  const unchecked = replacementUncheckedBefore(d, laterReleases(run));
  const from = d.replacementServedIn !== null ? `Kubernetes ${d.replacementServedIn} serves it${unchecked.length > 0 ? `; ${unchecked.join(", ")} ${unchecked.length === 1 ? "was" : "were"} not checked for it` : ""}` : looked.releases.length === 0 ? `no later release was checked${looked.own ? "" : " for it"}` : looked.own ? "none of the later releases checked serves it" : `none of the later releases checked for it (${looked.releases.join(", ")}) serves it`;
  return `; use ${d.replacement} (not served by the release analysed; ${from})`;
}
function reasons(op, run) {
  const out = [];
  if (op.removedIn) out.push(["removed", `${removalText(op, "Kubernetes ")}${replacementText(op.deprecation, run)}`]);
  if (op.level === "alpha" && !op.custom) out.push(["alpha", `alpha API ${op.group || "core"}/${op.version}: off by default, may change or vanish in any release`]);
  if (op.level === "beta" && !op.custom) out.push(["beta", `beta API ${op.group || "core"}/${op.version}: not covered by the GA deprecation policy`]);
  if (op.deprecated) out.push(["deprecated", `${deprecatedText(op)}${op.removedIn ? "" : replacementText(op.deprecation, run)}`]);
  return out;
}
function deprecatedText(op) {
  if (op.deprecation?.deprecatedIn) return `deprecated since Kubernetes ${op.deprecation.deprecatedIn}`;
  const instead = "deprecated: use the 'watch' parameter with a list operation instead";
  if (op.action === "watchlist") return instead;
  if (op.action === "watch") return `${instead}, filtered to a single item with the 'fieldSelector' parameter`;
  return op.deprecation?.source === "audit-annotation" ? "deprecated (the API server's k8s.io/deprecated audit annotation)" : "deprecated";
}
function unknownAllowEntries(allow, ops) {
  const known = /* @__PURE__ */ new Set(["core", ""]);
  for (const op of ops) {
    known.add(op.operationId);
    if (op.group === null) continue;
    const group = op.group === "" ? "core" : op.group;
    known.add(group);
    if (op.version) known.add(`${group}/${op.version}`);
  }
  return allow.filter((a) => !known.has(a));
}
function unknownAllowWarnings(allow, ops, checked, surface = "cli") {
  const unknown = unknownAllowEntries(allow, ops);
  if (unknown.length === 0) return [];
  const one = unknown.length === 1;
  const entry = surface === "action" ? `input "allow" names ${unknown.map((a) => `"${a}"`).join(", ")}` : `--allow ${unknown.join(", ")}`;
  const none = checked === "merged reports" ? `none of the operations the merged reports used has ${one ? "that operationId, API group or group/version" : "any of those operationIds, API groups or group/versions"}` : `the Kubernetes ${checked.spec} spec has no operationId, API group or group/version of ${one ? "that name" : "those names"}`;
  return [`${entry}: ${none}; ${one ? "it exempts" : "they exempt"} nothing`];
}
var CUT_SHORT = /^(truncated (gzip|zstd)|corrupt (gzip|zstd)|read error|(bzip2|xz|lz4|zstd)-compressed|(7-Zip|zip|tar) archive|CSV of audit events)\b/;
var isCutShort = (message) => CUT_SHORT.test(message);
function runFailures(failOn, run) {
  const out = [];
  const s = run.summary;
  if (failOn.includes("empty") && s.selected === 0) {
    out.push({
      rule: "empty",
      why: whyNothingSelected(s.requests, run.selection)
    });
  } else if (failOn.includes("empty")) {
    const none = unselectedParts(run.parts ?? []);
    if (none.length > 0) out.push({ rule: "empty", why: emptyPartsReason(none, run.parts.length) });
  }
  if (failOn.includes("invalid") && s.invalidLines > 0) out.push({ rule: "invalid", why: invalidReason(run.invalid, s.invalidLines) });
  return out;
}
function unselectedParts(parts) {
  return parts.filter((p) => p.selected === 0);
}
function emptyPartsReason(none, of) {
  const named = none.slice(0, 3).map((p) => `${p.name}, ${grouped(p.requests)} ${p.requests === 1 ? "request" : "requests"} read${p.filter === void 0 ? "" : `, ${p.filter}`}`).join("; ") + (none.length > 3 ? `; and ${none.length - 3} more` : "");
  return `${none.length} of the ${of} reports merged selected no request (${named}): the merged verdict judged nothing of ${none.length === 1 ? "its" : "their"} logs`;
}
function invalidReason(invalid, invalidLines) {
  const cut = invalid.find((l) => isCutShort(l.message));
  const shown = cut ?? invalid[0];
  const count = grouped(invalidLines);
  const at3 = shown ? ` (${cut ? "" : "the first: "}${shown.file}:${shown.line}: ${shown.message})` : "";
  return cut ? `an input was cut short or could not be read${at3}${invalidLines > 1 ? `; ${count} invalid input lines in all` : ""}` : `${count} input line${invalidLines === 1 ? " was not usable as an audit event" : "s were not usable as audit events"}${at3}`;
}
function nothingJudged(report) {
  if (report.verdict.runFailures?.some((f) => f.rule === "empty")) return null;
  return nothingSelected(report.summary.requests, report.summary.selected, report.selection);
}
function judge(ops, policy, run) {
  const violations = [];
  const failOn = new Set(policy.failOn);
  for (const op of ops) {
    if (op.discovery || allowed(op, policy.allow)) continue;
    const all = reasons(op, run);
    const hit = all.filter(([rule]) => failOn.has(rule));
    if (hit.length === 0) continue;
    violations.push({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      level: op.level,
      rule: hit[0][0],
      rules: hit.map(([rule]) => rule),
      // Every reason, not only the failing rule's: a beta API that is also removed next release should say so.
      why: all.map(([, why]) => why).join("; "),
      hits: op.hits,
      callers: op.userAgents,
      ...truncationFlag("callersTruncated", op.userAgentsTruncated === true)
    });
  }
  const failures = runFailures(policy.failOn, run);
  return {
    pass: violations.length === 0 && failures.length === 0,
    policy: { failOn: [...policy.failOn], allow: [...policy.allow] },
    violations,
    // Only when the run breaks a run rule: reports of runs that break none read as before.
    ...failures.length > 0 ? { runFailures: failures } : {}
  };
}

// src/engine/operation-index.ts
var RESOURCE_VERB_METHOD = {
  get: "get",
  list: "get",
  watch: "get",
  create: "post",
  update: "put",
  patch: "patch",
  delete: "delete",
  deletecollection: "delete"
};
var NON_RESOURCE_VERB_METHOD = {
  get: "get",
  head: "head",
  options: "options",
  post: "post",
  put: "put",
  patch: "patch",
  delete: "delete"
};
function methodOfVerb(verb) {
  return RESOURCE_VERB_METHOD[verb] ?? NON_RESOURCE_VERB_METHOD[verb] ?? null;
}
var EMPTY_VERB_METHOD = "options";
var newNode = () => ({ literal: /* @__PURE__ */ new Map(), param: null, ops: null, rest: null });
var CATCH_ALL = /* @__PURE__ */ new Set(["{path}", "{logpath}"]);
function splitPath(path2) {
  if (path2.includes("%")) {
    try {
      path2 = decodeURIComponent(path2);
    } catch {
      return splitSegments(path2.replace(/%2f/gi, "/"), true);
    }
  }
  return splitSegments(path2, false);
}
function splitSegments(path2, escaped) {
  let a = 0;
  let b = path2.length;
  while (a < b && path2.charCodeAt(a) === 47) a++;
  while (b > a && path2.charCodeAt(b - 1) === 47) b--;
  const segs = a === b ? [] : path2.slice(a, b).split("/");
  if (!escaped) return segs;
  for (let i = 0; i < segs.length; i++) {
    if (segs[i].includes("%")) {
      try {
        segs[i] = decodeURIComponent(segs[i]);
      } catch {
      }
    }
  }
  return segs;
}
var NAMESPACE_SUBRESOURCES = /* @__PURE__ */ new Set(["status", "finalize"]);
function apiPathInfo(segs) {
  let i;
  let group;
  if (segs[0] === "api" && segs.length >= 2) {
    group = "";
    i = 1;
  } else if (segs[0] === "apis" && segs.length >= 3) {
    group = segs[1];
    i = 2;
  } else return null;
  const info = { group, version: segs[i] };
  let rest = segs.slice(i + 1);
  const legacyProxy = rest[0] === "proxy";
  if (rest[0] === "watch" || legacyProxy) rest = rest.slice(1);
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 0) info.resource = rest[0];
  if (rest.length > 1) info.name = rest[1];
  if (rest.length > 2 && !legacyProxy) info.subresource = rest[2];
  return info;
}
function uriPattern(segs, info = apiPathInfo(segs)) {
  if (!info) return "/" + segs.join("/");
  const head = info.group === "" ? ["api", info.version] : ["apis", info.group, info.version];
  const out = [...head];
  let rest = segs.slice(head.length);
  const legacyProxy = rest[0] === "proxy";
  if (rest[0] === "watch" || legacyProxy) {
    out.push(rest[0]);
    rest = rest.slice(1);
  }
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    out.push("namespaces", "{namespace}");
    rest = rest.slice(2);
  } else if (rest[0] === "namespaces" && rest.length >= 2) {
    out.push("namespaces", "{name}", ...rest.slice(2));
    rest = [];
  }
  if (rest.length > 0) out.push(rest[0]);
  if (rest.length > 1) out.push("{name}");
  if (legacyProxy && rest.length > 2) out.push("{path}");
  else {
    if (rest.length > 2) out.push(rest[2]);
    if (rest.length > 3) out.push("{path}");
  }
  return "/" + out.join("/");
}
function shownSegment(seg) {
  const m = PARAMS_OR_FRAGMENT.exec(seg);
  if (m === null) return seg;
  return m[0] === ";" || m[0].toLowerCase() === "%3b" ? `${seg.slice(0, m.index)};{params}` : `${seg.slice(0, m.index)}#{fragment}`;
}
var PARAMS_OR_FRAGMENT = /[;#]|%23|%3b/i;
var FRAGMENT = /#|%23/i;
function shownSegments(segs) {
  if (!segs.some((s) => PARAMS_OR_FRAGMENT.test(s))) return segs;
  const hash = segs.findIndex((s) => FRAGMENT.test(s));
  return (hash === -1 ? segs : segs.slice(0, hash + 1)).map(shownSegment);
}
function unmatchedParts(segs, info = apiPathInfo(segs)) {
  const shown = shownSegments(segs);
  const shownInfo = shown === segs ? info : apiPathInfo(shown);
  return { pattern: uriPattern(shown, shownInfo), api: shownInfo ?? void 0, shown };
}
var withoutQuery = (uri) => {
  const q = uri.indexOf("?");
  return q === -1 ? uri : uri.slice(0, q);
};
var URL_HEAD = /^([a-z][a-z0-9+.-]*):\/\/[^/]*/i;
var SCHEMES = /* @__PURE__ */ new Set(["http", "https", "ws", "wss"]);
function nonPathPattern(uri) {
  if (!uri) return "(none)";
  if (uri === "*") return uri;
  const text = withoutQuery(uri);
  if (!text.includes("/")) return textShape(text);
  const url = URL_HEAD.exec(text);
  if (url !== null) {
    const scheme = url[1].toLowerCase();
    const path2 = text.slice(url[0].length);
    return `${SCHEMES.has(scheme) ? scheme : "{scheme}"}://{host}${path2 === "" ? "" : pathPattern(path2)}`.slice(0, 200);
  }
  return pathPattern(text).slice(1, 201);
}
function requestPattern(uri) {
  if (!uri || uri[0] !== "/") return nonPathPattern(uri);
  return pathPattern(withoutQuery(uri));
}
var pathPattern = (path2) => unmatchedParts(splitPath(path2)).pattern;
function shownPattern(pattern) {
  if (!pattern.startsWith("/")) return { pattern: SHOWN_NON_PATH.test(pattern) ? pattern : nonPathPattern(pattern) };
  const { pattern: shown, api, shown: segs } = unmatchedParts(splitSegments(pattern, false));
  return { pattern: shown, api: api ?? (segs[0] === "apis" && segs.length === 2 ? { group: segs[1], version: "" } : void 0) };
}
var SHOWN_NON_PATH = /^(?:\(none\)|\*|an empty text|[\d,]+ characters? \(not quoted: audit log lines may hold secrets\))$/;
function walk(node, segs, i, out) {
  if (i === segs.length) {
    if (node.ops) out.push(node.ops);
    return;
  }
  const lit = node.literal.get(segs[i]);
  if (lit) walk(lit, segs, i + 1, out);
  if (node.param) walk(node.param, segs, i + 1, out);
  if (node.rest) out.push(node.rest);
}
var OperationIndex = class {
  root = newNode();
  groupVersions = /* @__PURE__ */ new Set();
  /** Group/versions with a /watch/ path: where one has some, a resource without one is served no watch there. */
  watchGroupVersions = /* @__PURE__ */ new Set();
  size;
  constructor(operations) {
    for (const op of operations) this.insert(op);
    this.size = operations.length;
  }
  insert(op) {
    const segs = op.path.split("/").filter(Boolean);
    const info = apiPathInfo(segs);
    if (info) {
      this.groupVersions.add(`${info.group}/${info.version}`);
      if (segs[segs[0] === "api" ? 2 : 3] === "watch") this.watchGroupVersions.add(`${info.group}/${info.version}`);
    }
    let node = this.root;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const isParam = seg.startsWith("{") && seg.endsWith("}");
      if (isParam && i === segs.length - 1 && CATCH_ALL.has(seg)) {
        node.rest ??= /* @__PURE__ */ new Map();
        node.rest.set(op.method, op);
        return;
      }
      if (isParam) {
        node.param ??= newNode();
        node = node.param;
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, next = newNode());
        node = next;
      }
    }
    node.ops ??= /* @__PURE__ */ new Map();
    node.ops.set(op.method, op);
  }
  /** Whether the spec serves this group/version at all (a custom or aggregated API is not in it). */
  hasGroupVersion(group, version) {
    return this.groupVersions.has(`${group}/${version}`);
  }
  /** Method maps of every template that fits the segments, most specific first. */
  candidates(segs) {
    const out = [];
    walk(this.root, segs, 0, out);
    return out;
  }
  /**
   * The operation a watch through the legacy /watch/ prefix is served by where the spec has no /watch/ path for it:
   * a served spec publishes none for a custom resource, which the API server still serves (RequestInfo reads the
   * prefix for any resource, and the CRD handler answers verb watch with its list handler), so it is the resource's
   * list operation, or its get operation for one object, as `?watch=true` on those paths is. A subresource has none.
   * Only in a group/version with no /watch/ path at all (a CRD's): where the spec has some, the API server made a
   * /watch/ route for every resource that can be watched, and one without (componentstatuses) answers 404.
   */
  legacyWatch(segs, info) {
    if (info?.resource === void 0 || info.subresource !== void 0) return null;
    if (this.watchGroupVersions.has(`${info.group}/${info.version}`)) return null;
    const at3 = segs[0] === "api" ? 2 : 3;
    if (segs[at3] !== "watch") return null;
    for (const ops of this.candidates([...segs.slice(0, at3), ...segs.slice(at3 + 1)])) {
      const op = ops.get("get");
      if (op && (op.action === "list" || op.action === "get")) return op;
    }
    return null;
  }
  /** Match one request. Every request gets either an operation or a typed reason. */
  match(verb, requestURI) {
    if (!requestURI || requestURI[0] !== "/") return { reason: "malformed-uri", pattern: nonPathPattern(requestURI) };
    const segs = splitPath(withoutQuery(requestURI));
    const method = methodOfVerb(verb ?? "");
    const found = this.candidates(segs);
    if (method) {
      for (const ops of found) {
        const op = ops.get(method) ?? (method === "head" ? ops.get("get") : void 0);
        if (op) return { operation: op };
      }
    } else if (verb === "") {
      for (const ops of found) {
        const op = ops.get(EMPTY_VERB_METHOD);
        if (op) return { operation: op };
      }
    }
    const info = apiPathInfo(segs);
    if (verb === "watch" && found.length === 0) {
      const op = this.legacyWatch(segs, info);
      if (op) return { operation: op };
    }
    const { pattern, api, shown } = unmatchedParts(segs, info);
    if (found.length > 0) return { reason: method ? "method-not-allowed" : "unknown-verb", pattern, api };
    if (segs[0] !== "api" && segs[0] !== "apis") return { reason: "non-resource-url", pattern };
    if (info && !this.hasGroupVersion(info.group, info.version)) return { reason: "unknown-group-version", pattern, api };
    if (segs[0] === "apis" && (segs.length === 2 || segs.length === 3) && segs[1] !== "") {
      return { reason: "unknown-group-version", pattern, api: api ?? { group: shown[1] ?? "", version: "" } };
    }
    return { reason: "unknown-resource", pattern, api };
  }
};

// src/engine/analysis.ts
var MAX_LISTED_INVALID = 1e3;
function invalidListedText(invalidLines) {
  return invalidLines <= MAX_LISTED_INVALID ? "all are listed in report.json" : `report.json lists the first ${MAX_LISTED_INVALID} of the ${invalidLines} read and counts the rest`;
}
var MATCH_CACHE_PATHS = 5e4;
var Analysis = class {
  constructor(opts) {
    this.opts = opts;
    this.index = opts.index ?? new OperationIndex(opts.spec.operations);
    this.selection = { ...DEFAULT_SELECTION, ...opts.selection };
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.selected = requestFilter(this.selection);
    this.excluded = excludedIdentity(this.selection);
    this.excludedFromSelection = leftOutByExclusion(this.selection);
    const emit = (req) => this.request(req);
    this.assembler = opts.assembler ? opts.assembler(emit) : new RequestAssembler(emit, opts.manyOpen, opts.repeated, opts.late);
  }
  opts;
  index;
  coverage = new Coverage();
  assembler;
  selected;
  /** The selection's excludeUsers, whose requests are told apart in what a selection of none left out (LeftOut). */
  excluded;
  /** The requests excludeUsers took out of the selection (summary.excluded); null when it leaves none out. */
  excludedFromSelection;
  selection;
  policy;
  invalid = [];
  inputs = [];
  inputIds = [];
  invalidCount = 0;
  events = 0;
  requests = 0;
  selectedCount = 0;
  excludedCount = 0;
  leftOut = newLeftOut();
  /** Record an input (file name) in the report, with its identity where it was told (readInputs, sources/copies.ts). */
  input(name, id = null) {
    this.inputs.push(name);
    this.inputIds.push(id);
  }
  /** One line of a log. Blank lines are not input; anything else is an event or an invalid line. */
  line(text, file, line) {
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      this.invalidLine(file, line, `not JSON: ${jsonError(err, text)}`);
      return;
    }
    this.value(raw, file, line);
  }
  /** A parsed JSON value: an audit event, or an EventList of them. */
  value(raw, file, line) {
    eventsIn(
      raw,
      (ev) => this.event(ev),
      (message) => this.invalidLine(file, line, message),
      (fields) => this.oddFields(file, line, fields)
    );
  }
  /** An event read at file:line whose stage is none of the four, or without a verb or requestURI: counted, said once. */
  oddFields(file, line, fields) {
    if (this.opts.oddFields) oddFields(this.opts.oddFields, file, line, fields);
  }
  event(ev) {
    this.events++;
    this.assembler.add(ev);
  }
  /** Whether requests of APIs the spec does not serve are matched against earlier releases (opts.earlier). */
  get matchesEarlier() {
    return this.opts.earlier !== void 0;
  }
  /** Whether deferred(): a reader may then hand non-final stages without decoding them. */
  get takesDeferred() {
    return this.assembler.addDeferred !== void 0;
  }
  deferred(st) {
    this.events++;
    this.assembler.addDeferred(st);
  }
  invalidLine(file, line, message) {
    this.invalidCount++;
    if (this.invalid.length < MAX_LISTED_INVALID || isCutShort(message)) this.invalid.push({ file, line, message });
  }
  get eventCount() {
    return this.events;
  }
  /** A whole request (its stages merged): count it, select it, match it. */
  request(req) {
    this.requests++;
    this.opts.onRequest?.(req);
    if (!this.selected(req)) {
      if (this.excludedFromSelection?.(req)) this.excludedCount++;
      if (this.selectedCount === 0) countLeftOut(this.leftOut, req, this.selection.includeSystem || this.selection.e2e, this.excluded);
      return;
    }
    this.selectedCount++;
    this.coverage.add(req, this.match(req.verb, req.requestURI));
  }
  /**
   * index.match, remembered per verb and path: logs repeat the same paths (polling, controllers), and the match of a
   * path-shaped URI depends on nothing else (not the query). Bounded: forgotten wholesale when full.
   */
  matches = /* @__PURE__ */ new Map();
  matchesSize = 0;
  earlierRead;
  earlierOps() {
    if (this.earlierRead === void 0) this.earlierRead = this.opts.earlier?.() ?? null;
    return this.earlierRead;
  }
  match(verb, uri) {
    if (uri === void 0 || uri.charCodeAt(0) !== 47 || verb === void 0) return this.index.match(verb, uri);
    const q = uri.indexOf("?");
    const path2 = q === -1 ? uri : uri.slice(0, q);
    let byPath = this.matches.get(verb);
    if (!byPath) this.matches.set(verb, byPath = /* @__PURE__ */ new Map());
    let m = byPath.get(path2);
    if (m === void 0) {
      m = this.index.match(verb, uri);
      if (m.reason === "unknown-group-version" || m.reason === "unknown-resource" || m.reason === "method-not-allowed") {
        const op = this.earlierOps()?.match(verb, uri);
        if (op) m = { operation: op };
      }
      if (this.matchesSize >= MATCH_CACHE_PATHS) {
        this.matches.clear();
        this.matchesSize = 0;
        this.matches.set(verb, byPath = /* @__PURE__ */ new Map());
      }
      byPath.set(path2, m);
      this.matchesSize++;
    }
    return m;
  }
  /** The counts and coverage so far, for absorb() by the analysis of the whole (invalid lines are reported apart). */
  part() {
    return {
      events: this.events,
      requests: this.requests,
      selected: this.selectedCount,
      excluded: this.excludedCount,
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      operations: this.coverage.operations,
      unmatchedGroups: this.coverage.unmatchedGroups,
      e2eReleases: this.coverage.e2eReleases,
      leftOut: this.leftOut
    };
  }
  /** Add another analysis' part, as if its requests had come here: exactly what one analysis of everything gives. */
  absorb(part) {
    this.events += part.events;
    this.requests += part.requests;
    this.selectedCount += part.selected;
    this.excludedCount += part.excluded;
    absorbLeftOut(this.leftOut, part.leftOut);
    this.coverage.absorb(part);
  }
  /**
   * Whether the release of `removedIn` serves the operation: the analysed spec when it is of that release or later
   * (`analysedServes`: whether it has the operation), else the later spec of that release (servedLater).
   */
  servedFrom(removedIn, operationId, release, later, laterIds, analysedServes) {
    if (!isMinor(removedIn)) return false;
    if (isMinor(release) && compareMinor(release, removedIn) >= 0) return analysedServes;
    return servedLater(removedIn, operationId, later, laterIds);
  }
  finish() {
    this.assembler.flush();
    if (this.requests > 0 && this.selectedCount === 0) this.opts.onNothingSelected?.(this.leftOut);
    const { spec } = this.opts;
    const release = spec.kubernetesVersion;
    const later = (this.opts.laterSpecs ?? []).filter((s) => isMinor(s.kubernetesVersion) && (!isMinor(release) || compareMinor(s.kubernetesVersion, release) > 0)).sort((a, b) => compareMinor(a.kubernetesVersion, b.kubernetesVersion));
    const laterIds = later.map((s) => new Set(s.operations.map((o) => o.operationId)));
    const groups = apiGroups({ later, deprecations: this.opts.deprecations, earlier: () => this.earlierOps() });
    const conf = this.opts.conformance ?? null;
    const objects = objectKinds(spec.operations);
    const stable = stableVersions(spec.operations, objects);
    const specKeys = new Set(spec.operations.map(operationKey));
    const ops = [];
    for (const acc of this.coverage.operations.values()) {
      const op = acc.op;
      const group = pathShape(op.path).group;
      const found = specKeys.has(operationKey(op)) ? void 0 : this.earlierOps()?.servedOf(op);
      const kinds = found ? this.earlierOps().objectKinds(op) : objects;
      let deprecation = this.opts.deprecations ? deprecationOf(op, this.opts.deprecations, release, kinds) : null;
      const listed = found !== void 0 && conf !== null && minorVersion(conf.release) === release && conf.endpoints.has(op.operationId);
      const plutoLater = found?.removedIn === release && !this.earlierOps().releaseShipped && deprecation?.removedIn !== void 0 && isMinor(deprecation.removedIn) && compareMinor(deprecation.removedIn, release) > 0;
      const earlier2 = listed || plutoLater ? { lastServed: release, removedIn: null } : found;
      const served = (removedIn2) => earlier2 ? isMinor(removedIn2) && (compareMinor(removedIn2, earlier2.lastServed) <= 0 || this.servedFrom(removedIn2, op.operationId, release, later, laterIds, false)) : this.servedFrom(removedIn2, op.operationId, release, later, laterIds, true);
      if (deprecation?.removedIn !== void 0 && served(deprecation.removedIn)) {
        const { removedIn: _served, ...rest } = deprecation;
        const toCome = rest.deprecatedIn !== void 0 && isMinor(release) && compareMinor(release, rest.deprecatedIn) < 0;
        deprecation = !toCome && (rest.deprecatedIn !== void 0 || rest.replacement !== void 0) ? rest : null;
      }
      const candidates = [];
      if (deprecation?.removedIn && (earlier2 || !isMinor(release) || compareMinor(deprecation.removedIn, release) > 0)) candidates.push([deprecation.removedIn, "pluto"]);
      const annotated = acc.removedRelease ? minorVersion(acc.removedRelease) : null;
      if (annotated) candidates.push([annotated, "audit-annotation"]);
      if (earlier2?.removedIn) candidates.push([earlier2.removedIn, "earlier-spec"]);
      const gone = groups.kubernetes(group) ? laterIds.findIndex((ids) => !ids.has(op.operationId)) : -1;
      if (gone !== -1) candidates.push([later[gone].kubernetesVersion, "later-spec"]);
      const winner = candidates.sort((a, b) => compareMinor(a[0], b[0]))[0];
      const removedIn = winner ? winner[0] : null;
      if (winner) deprecation = { ...deprecation ?? {}, source: winner[1], removedIn: winner[0] };
      if (winner?.[1] === "later-spec") {
        const last = gone > 0 ? later[gone - 1].kubernetesVersion : earlier2?.lastServed ?? release;
        if (isMinor(last) && winner[0] !== nextMinor(last)) deprecation = { ...deprecation, lastServedIn: last };
      }
      if (!deprecation && acc.deprecatedAnnotation) deprecation = { source: "audit-annotation" };
      if (!deprecation && op.deprecated) deprecation = { source: "spec" };
      if (deprecation && (!deprecation.replacement || /(alpha|beta)\d*$/.test(deprecation.replacement))) {
        const replacement = specReplacement(op, stable, kinds);
        if (replacement) deprecation = { ...deprecation, replacement };
      }
      const kind = deprecation?.replacement ? operationKind(op, kinds) : null;
      const servedFor = (s) => kind !== null && kindsServed(s).has(`${deprecation.replacement}|${kind}`);
      if (deprecation?.replacement && kind !== null && isMinor(release) && !servedFor(spec)) {
        const from = later.find(servedFor);
        deprecation = { ...deprecation, replacementServedIn: from ? from.kubernetesVersion : null };
      }
      const deprecatedByTable = deprecation?.deprecatedIn !== void 0 && (!isMinor(release) || compareMinor(release, deprecation.deprecatedIn) >= 0);
      const entry = conf?.endpoints.get(op.operationId);
      let conformanceTested = entry ? entry.conformanceTested : null;
      let tested = entry ? entry.tested : null;
      if (this.selection.e2e && acc.tests.size > 0) {
        tested = true;
        if (op.action !== "watch" && op.action !== "watchlist" && !groups.custom(group)) {
          const byConformanceTest = op.level === "stable" && acc.conformanceTest;
          conformanceTested = (conformanceTested ?? false) || byConformanceTest;
        }
      }
      ops.push({
        ...op,
        deprecated: op.deprecated || acc.deprecatedAnnotation || deprecatedByTable,
        hits: acc.hits,
        codes: sortedRecord(acc.codes),
        verbs: sortedRecord(acc.verbs),
        userAgents: acc.userAgents.sorted(),
        users: acc.users.sorted(),
        firstSeen: acc.firstSeen,
        lastSeen: acc.lastSeen,
        removedIn,
        deprecation,
        conformanceTested,
        tested,
        tests: acc.tests.sorted(),
        conformanceIneligible: this.opts.ineligible?.get(op.operationId) ?? null,
        // Last, and only when set: reports without them read as before.
        ...truncationFlag("userAgentsTruncated", acc.userAgents.truncated),
        ...truncationFlag("usersTruncated", acc.users.truncated),
        ...truncationFlag("testsTruncated", acc.tests.truncated),
        // Added within schema 1, only for an operation the spec does not serve (matched against the earlier releases).
        ...earlier2 ? { lastServedIn: earlier2.lastServed } : {},
        ...groups.custom(group) ? { custom: true } : {}
      });
    }
    sortOperations(ops);
    const summary = summarize(ops, release, {
      requests: this.requests,
      selected: this.selectedCount,
      // Said only when users are left out: their requests are read, and left out by name (selectionText).
      ...this.excluded ? { excluded: this.excludedCount } : {},
      matched: this.coverage.matched,
      unmatched: this.coverage.unmatched,
      invalidLines: this.invalidCount,
      events: this.events
    });
    const limit = this.opts.manyOpen;
    if (limit && limit.countedEarly > 0) Object.assign(summary, { countedEarly: limit.countedEarly, finalStagesDropped: limit.finalsDropped });
    if (limit && limit.forgotten > 0) Object.assign(summary, { countedEarlyForgotten: limit.forgotten });
    if (this.coverage.e2eReleases.size > 0) Object.assign(summary, { e2eReleases: sortedRecord(this.coverage.e2eReleases) });
    const invalid = inputOrder(this.invalid, this.inputs);
    const specs = [spec, ...later].map((s) => ({ kubernetesVersion: s.kubernetesVersion, source: s.source, operations: s.operations.length }));
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: "apisnoop", version: this.opts.toolVersion ?? "0.0.0" },
      kubernetesVersion: release,
      specs,
      conformance: conf ? { source: conf.source, release: conf.release } : null,
      inputs: [...this.inputs],
      ...this.inputIds.some((id) => id !== null) ? { inputIds: [...this.inputIds] } : {},
      selection: this.selection,
      summary,
      operations: ops,
      unmatched: this.coverage.unmatchedList(),
      invalid,
      // Judged on the lines as listed: the first the reason of fail-on invalid names is the first the report lists.
      verdict: judge(ops, this.policy, { summary, selection: this.selection, invalid, specs })
    };
  }
};
function inputOrder(invalid, inputs) {
  const at3 = new Map(inputs.map((f, i) => [f, i]));
  return [...invalid].sort((a, b) => (at3.get(a.file) ?? inputs.length) - (at3.get(b.file) ?? inputs.length) || a.line - b.line);
}
var kindsOfSpec = /* @__PURE__ */ new WeakMap();
function kindsServed(spec) {
  let kinds = kindsOfSpec.get(spec);
  if (!kinds) {
    kinds = servedKinds(spec.operations);
    kindsOfSpec.set(spec, kinds);
  }
  return kinds;
}
function servedLater(removedIn, operationId, later, laterIds) {
  const first = later.findIndex((s) => compareMinor(s.kubernetesVersion, removedIn) >= 0);
  return first !== -1 && laterIds[first].has(operationId);
}

// src/sources/compression.ts
import { existsSync } from "node:fs";
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
async function headPiece(next, bytes = HEAD_BYTES) {
  let head = await next();
  while (head !== null && head.length < bytes) {
    const more = await next();
    if (more === null) break;
    head = Buffer.concat([head, more]);
  }
  return head;
}
var startsWith = (head, magic, at3 = 0) => head.length >= at3 + magic.length && magic.every((b, i) => head[at3 + i] === b);
function isZstdHeader(head) {
  let at3 = 0;
  while (head.length >= at3 + 8 && isSkippableStart(head[at3]) && startsWith(head, SKIPPABLE_MAGIC_REST, at3 + 1)) {
    at3 += 8 + (head[at3 + 4] | head[at3 + 5] << 8 | head[at3 + 6] << 16) + head[at3 + 7] * 16777216;
  }
  return startsWith(head, ZSTD_MAGIC, at3);
}
var TEXT_SAMPLE = 512;
function afterMember(bytes, compression, ended) {
  const magic = compression === "gzip" ? GZIP_MAGIC : ZSTD_MAGIC;
  const skippable = compression === "zstd" && isSkippableStart(bytes[0]) ? [bytes[0], ...SKIPPABLE_MAGIC_REST] : null;
  const begins = (m) => m.every((b, i) => i >= bytes.length || bytes[i] === b);
  if (begins(magic) || skippable && begins(skippable)) {
    if (bytes.length >= magic.length) return "member";
    if (!ended) return null;
  }
  if (compression === "gzip" && bytes[0] === 0) return "zeros";
  const sample = bytes.subarray(0, TEXT_SAMPLE);
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
var READ = {
  logs: "APISnoop reads audit logs as plain text, gzip or zstd",
  json: "APISnoop reads JSON files as plain text, gzip or zstd"
};
var PLAIN_SUFFIX = { logs: ".log", json: ".json" };
var EXTRACTED = {
  logs: { dir: "logs", give: "the directory logs" },
  json: { dir: "extracted", give: "the JSON file in extracted" }
};
var COMPRESSION_SUFFIXES = /(\.(gz|zst|zstd|xz|bz2|lz4))+$/;
function decompressedName(file, reading = "logs") {
  const plain = file.replace(COMPRESSION_SUFFIXES, "");
  return plain === file || plain === "" || plain.endsWith("/") ? `${file}${PLAIN_SUFFIX[reading]}` : plain;
}
function freshName(name, reading) {
  if (!existsSync(name)) return name;
  for (let i = 1; ; i++) {
    const fresh = `${name}.decompressed${i === 1 ? "" : `-${i}`}${PLAIN_SUFFIX[reading]}`;
    if (!existsSync(fresh)) return fresh;
  }
}
function decompressFirst(steps, file, reading = "logs") {
  if (file === "-") return `decompress it first: \u2026 | ${steps.join(" | ")} | apisnoop \u2026`;
  const out = shellWord(freshName(decompressedName(file, reading), reading));
  return `decompress it first (${intoFile(steps, shellWord(file), out)}) and give ${out}`;
}
function refusedMessage(format, file, inflatedFrom, reading = "logs") {
  const f = file === "-" ? null : shellWord(file);
  const tool = { bzip2: "bzip2 -dc", xz: "xz -dc", lz4: "lz4 -dc" };
  const read = READ[reading];
  const { dir, give } = EXTRACTED[reading];
  switch (format) {
    case "bzip2":
    case "xz":
    case "lz4":
      return `${WHAT[format]}: ${read}; ${decompressFirst([tool[format]], file, reading)}`;
    // Each into a directory of its own, named in the message, so that "give the directory" names one; one that is
    // there already (the archive given among logs/) will do, as unzip -d and 7z -o take it.
    case "7z":
      return `${WHAT[format]}: ${read}; extract it first (7z x ${f ?? "FILE"} -o${dir}) and give ${give}`;
    case "zip":
      return `${WHAT[format]}: ${read}; unzip it first (unzip ${f ?? "FILE"} -d ${dir}; a GitHub artifact downloads as a zip) and give ${give}`;
    case "tar":
      return `${inflatedFrom ? `${WHAT.tar} (${inflatedFrom}-compressed)` : WHAT.tar}: ${read}; extract it first (mkdir -p ${dir} && tar -xf ${f ?? "FILE"} -C ${dir}) and give ${give}`;
  }
}
var decompressor = (c) => c === "gzip" ? "gzip -dc" : "zstd -dc";
function twiceCompressedMessage(inner, outer, file, reading = "logs") {
  return `${inner}-compressed inside ${outer} (compressed twice): ${READ[reading]}, compressed once; ${decompressFirst([decompressor(outer), decompressor(inner)], file, reading)}`;
}
function noZstdMessage(file, reading = "logs") {
  return `zstd-compressed: this Node.js (${process.versions.node}) cannot inflate zstd (Node.js 22.15 or later can); ${decompressFirst([decompressor("zstd")], file, reading)}, or use Node.js 22.15 or later`;
}
var RefusedInput = class extends Error {
  code = "APISNOOP_REFUSED_INPUT";
  constructor(message) {
    super(message);
    this.name = "RefusedInput";
  }
};

// src/xdg.ts
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
function xdgBaseDir(variable, fallback, env = process.env, home = homedir()) {
  const value = env[variable];
  return value && isAbsolute(value) ? value : join(home, fallback);
}

// src/make-dir.ts
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
var code = (err) => err.code;
async function makeDir(dir, parentMade = false) {
  try {
    await mkdir(dir);
  } catch (err) {
    if (code(err) === "EEXIST" && (await stat(dir)).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== "ENOENT" || parentMade || parent === dir) throw err;
    await makeDir(parent);
    await makeDir(dir, true);
  }
}
function makeDirSync(dir, parentMade = false) {
  try {
    mkdirSync(dir);
  } catch (err) {
    if (code(err) === "EEXIST" && statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code(err) !== "ENOENT" || parentMade || parent === dir) throw err;
    makeDirSync(parent);
    makeDirSync(dir, true);
  }
}

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
  const byMethod = { get: "get", head: "get", post: "create", put: "update", patch: "patch", delete: "delete", options: "" };
  switch (op.action) {
    case "list":
      return ["list"];
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
      return Object.hasOwn(byMethod, op.method) ? [byMethod[op.method]] : [];
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
var KUBELET_SUBRESOURCES = /* @__PURE__ */ new Set(["checkpoint", "configz", "healthz", "log", "metrics", "pods", "spec", "stats", "statusz"]);
function subresourceOf(resource) {
  const slash = resource.indexOf("/");
  return slash <= 0 || slash === resource.length - 1 ? null : [resource.slice(0, slash), resource.slice(slash + 1)];
}
function isKubeletSubresource(group, resource) {
  const split = subresourceOf(resource);
  return (group === "" || group === "*") && split !== null && split[0] === "nodes" && KUBELET_SUBRESOURCES.has(split[1]);
}
var KUBELET_VERBS = ["create", "delete", "get", "patch", "update"];
var FINALIZERS_VERBS = ["update"];
function verbsCheckedForAnothersRequest(group, resource, served) {
  const split = subresourceOf(resource);
  if (!split) return [];
  const [base, sub] = split;
  if (sub === "finalizers") return base === "*" || served(group, base) ? FINALIZERS_VERBS : [];
  return isKubeletSubresource(group, resource) ? KUBELET_VERBS : [];
}
function authorizedOutsideSpec(group, resource, served) {
  if (verbsCheckedForAnothersRequest(group, resource, served).length > 0) return true;
  return group === "authentication.k8s.io" && subresourceOf(resource)?.[0] === "userextras";
}
function wildcardOutsideSpec(group, resource) {
  const sub = resource.startsWith("*/") ? resource.slice(2) : "";
  if (sub === "finalizers") return [resource];
  return group === "" && KUBELET_SUBRESOURCES.has(sub) ? [`nodes/${sub}`] : [];
}
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
  const watchedGroupVersions = /* @__PURE__ */ new Set();
  const lists = [];
  for (const op of operations) {
    if (op.discovery) continue;
    const segs = op.path.split("/").filter(Boolean);
    let i;
    let group;
    if (segs[0] === "api" && segs.length >= 3) [group, i] = ["", 2];
    else if (segs[0] === "apis" && segs.length >= 4) [group, i] = [segs[1], 3];
    else continue;
    const groupVersion = segs.slice(1, i).join("/");
    let rest = segs.slice(i);
    if (rest[0] === "watch") rest = rest.slice(1);
    let namespaced = false;
    if (rest[0] === "namespaces" && rest[1] === "{namespace}" && rest.length >= 3) {
      namespaced = true;
      rest = rest.slice(2);
    }
    if (rest.length === 0 || rest[0].startsWith("{")) continue;
    const resource = rest.length >= 3 ? `${rest[0]}/${rest[2]}` : rest[0];
    put(group, resource, namespaced, verbsOfOperation(op));
    if (op.action === "watch" || op.action === "watchlist") watchedGroupVersions.add(groupVersion);
    if (op.action === "list") lists.push([groupVersion, group, resource, namespaced]);
  }
  for (const [groupVersion, group, resource, namespaced] of lists) if (!watchedGroupVersions.has(groupVersion)) put(group, resource, namespaced, ["watch"]);
  for (const [group, resource] of VIRTUAL_RESOURCES) put(group, resource, false, []);
  for (const [group, byRes] of Object.entries(SPECIAL_VERBS)) for (const [resource, verbs] of Object.entries(byRes)) put(group, resource, false, verbs);
  return cat;
}
function withRequestedResources(cat, requests, kubernetesGroup = () => false) {
  const notServed = /* @__PURE__ */ new Set();
  const found = /* @__PURE__ */ new Set();
  for (const a of requests) {
    if (!a.resourceRequest || !kubernetesGroup(a.apiGroup)) continue;
    const key = JSON.stringify([a.apiGroup, a.subresource ? `${a.resource}/${a.subresource}` : a.resource]);
    (a.notFound !== void 0 && a.notFound === a.count ? notServed : found).add(key);
  }
  const out = new Map([...cat].map(([group, byRes]) => [group, new Map(byRes)]));
  for (const a of requests) {
    if (!a.resourceRequest) continue;
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    if (cat.get(a.apiGroup)?.has(resource)) continue;
    const key = JSON.stringify([a.apiGroup, resource]);
    if (notServed.has(key) && !found.has(key)) continue;
    let g = out.get(a.apiGroup);
    if (!g) out.set(a.apiGroup, g = /* @__PURE__ */ new Map());
    const prev = g.get(resource);
    const verbs = sortVerbs([...prev?.verbs ?? (a.subresource ? [] : REST_VERBS), a.verb]);
    g.set(resource, { group: a.apiGroup, resource, namespaced: (prev?.namespaced ?? false) || a.namespace !== "", verbs });
  }
  return out;
}

export {
  hashOf,
  AuditIdTable,
  jsonError,
  withoutBom,
  afterPrefix,
  prefixHint,
  CSV_ROW,
  CSV_COLUMNS,
  AKS_AUDIT_KEYS,
  eventOf,
  heldText,
  UUID,
  shownAuditId,
  toAuditEvent,
  eventsIn,
  holdsAuditEvents,
  STAGES,
  isStage,
  notLaterStage,
  mergeStages,
  mergeOpen,
  completeWith,
  newEvent,
  firstLineIsAuditEvent,
  untally,
  tallyUnexplained,
  lateStageValue,
  newAssemblyTallies,
  assemblyWarnings,
  newOddFields,
  oddFields,
  oddFieldWarnings,
  isFinal,
  RequestAssembler,
  MANY_OPEN,
  ManyOpen,
  textSize,
  manyOpenWarner,
  countedEarlyWarning,
  apiGroups,
  MAX_LISTED_CALLERS,
  truncationFlag,
  unionListed,
  operationKey,
  unmatchedKey,
  MAX_LISTED_TESTS,
  codeBucket,
  earlier,
  MAX_UNMATCHED_PATTERNS,
  unmatchedOrder,
  unmatchedApi,
  sortUnmatched,
  cmp,
  sortOperations,
  summarize,
  splitPath,
  apiPathInfo,
  PARAMS_OR_FRAGMENT,
  nonPathPattern,
  requestPattern,
  shownPattern,
  OperationIndex,
  RULES,
  FailOnError,
  RUN_RULES,
  FAIL_ON_ORDER,
  runFailureHeadline,
  parseFailOn,
  noneAsEmpty,
  allowCovers,
  unknownAllowWarnings,
  isCutShort,
  unselectedParts,
  invalidReason,
  nothingJudged,
  judge,
  MAX_LISTED_INVALID,
  invalidListedText,
  Analysis,
  verbRank,
  sortVerbs,
  byString,
  uniqSorted,
  SPECIAL_VERBS,
  REST_VERBS,
  isKubeletSubresource,
  verbsCheckedForAnothersRequest,
  authorizedOutsideSpec,
  wildcardOutsideSpec,
  resourceCatalog,
  withRequestedResources,
  COMPRESSED_SUFFIX,
  HEAD_BYTES,
  isGzipHeader,
  nextPiece,
  headPiece,
  afterMember,
  compressionOf,
  refusedOf,
  zstdInflater,
  decompressedName,
  refusedMessage,
  twiceCompressedMessage,
  noZstdMessage,
  RefusedInput,
  xdgBaseDir,
  makeDir,
  makeDirSync
};
