// Both cores on one log: the main thread reads the input (plain, gzip or zstd) and cuts it into ranges of whole lines;
// worker threads and the main thread itself parse the ranges (fast path), match and count. The result is the very
// Report one thread gives.
//
// Requests are assembled from their stages in log order, with the assembler's rules (a window of recently completed
// auditIDs whose late stages are dropped), and a request's stages can lie in different ranges. So a range's parser
// does not decide that alone: it makes a skeleton of its range (auditID and final-or-not of each event), the main
// thread replays the assembler on skeletons in file order (cheap: no fields, no matching) and answers with one
// action per event: dropped, part of a request wholly inside the range (the parser merges, matches and counts it),
// or part of a request that crosses ranges (its events come back to the main thread, which merges them in order).
// A request of one line whose ID no stage before opened is counted as it is scanned, once every range before its own is
// scanned (early-finals.ts): the verdict can only be "a request of its own", and the replay checks it is.
// Each parser's coverage is summed at the end (Analysis.absorb), exactly. What that scheme cannot reproduce exactly (a
// multi-line JSON object, which a range can start inside of) makes it give up, and the caller reads the input again
// on one thread.
//
// The main thread parses too: it is one of the jobs, so --jobs 2 is one worker, not two threads besides a mostly
// idle one. It parses while it waits (for the next read, for the workers) and starts before any worker is ready.
import { existsSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { Analysis, type AnalysisPart, type EventAssembler } from '../engine/analysis.js';
import { AuditIdTable, hashOf } from '../engine/audit-id-table.js';
import {
  completeWith,
  eventOf,
  heldText,
  isFinal,
  lateStageValue,
  mergeOpen,
  oddFields,
  STAGES,
  tallyUnexplained,
  textSize,
  type AuditEvent,
  type EventFields,
  type InFlightBound,
  type LateStages,
  type ManyOpen,
  type OddFields,
  type OpenStages,
  type RepeatedFinals,
  type Request,
} from '../engine/audit.js';
import type { InputId, Operation, Selection } from '../engine/report.js';
import { countLongEvent, cutMessage, inputWarnings, LineReader, LONG_LINE_HEAD, longLineMessage, MAX_LINE_BYTES, notOpened, openInput, plainAfterMessage, READ_BYTES, wholeLine, type FileStats, type LineSink } from './audit-files.js';
import { InputError } from './input-files.js';
import { compressionOf, HEAD_BYTES, refusedOf, type Compression } from './compression.js';
import { CSV_HEAD_BYTES, csvEventsOf, csvExportOf } from './csv-export.js';
import { RangeSlots, type SlotCount } from './range-slots.js';
import { markOpening, mayBeOpen, newSharedScan, scannedBefore, setScanned, type SharedScan } from './early-finals.js';
import { utf16Of } from './utf16.js';
import { earlierOperations } from './specs.js';
import { grouped } from '../engine/grouped.js';

/** Bytes per range handed to a worker. Small enough to keep memory flat, large enough that messages are rare. */
export const RANGE_BYTES = 1 << 20;
/**
 * Ranges handed out but not yet finished, per worker: bounds memory (their events are held), keeps workers fed. A
 * worker's range waits for its verdict until every earlier range is scanned, the main thread's too: with four, it
 * scans on meanwhile. Interleaved, 1 GB of Metadata-level log with --jobs 2: 3.84 s against 4.09 s with two (means of
 * 23 pairs in four sets, 16 faster; one set level), peak RSS 200-254 MB against 202-239 MB; eight were slower and took
 * 50 MB more.
 */
const IN_FLIGHT_PER_WORKER = 4;
/**
 * Over-size slots (for lines longer than a range) may take this many slots' worth of shared memory together, 32 MB
 * with the default sizes; past it, one is made only once the others are back. Lines of a few MB keep every thread
 * busy; one of 15 MB waits for the one before to be parsed: 600 MB of 15 MB lines with --jobs 2, 136 MB of RSS.
 */
export const OVERSIZE_SLOTS = 16;
/**
 * Ranges the main thread has parsed but not yet replayed, because a worker still has an earlier one. Past this, it
 * waits for the workers instead of parsing further ahead (its held events are memory).
 */
const MAIN_IN_FLIGHT = 2;
/**
 * A worker's young generation (V8's default grows to 64 MB per thread). Big enough that a range's events, held
 * until the verdict, mostly die young rather than fill the old generation; small enough for two workers to stay
 * under 300 MB of RSS. Measured once the assembler's IDs were off the heap, 4 GB of mixed log, 2 jobs: 273–278 MB
 * and 10.3–11.1 s with 16, 302–305 MB and 11.1 s with 32. (Before, with IDs on the heap, 32 was the smaller.)
 */
const WORKER_YOUNG_MB = 16;
/**
 * Below this much input, one thread. A worker costs 0.05-0.2 s to start and more to warm up, and two threads on the
 * benchmark machine do about 1.4x the work of one: measured with two jobs, 100 MB took 0.84 s against 0.63 s with
 * one, 300 MB and 1 GB the same time as with one (docs/performance-history.md).
 */
export const PARALLEL_MIN_BYTES = 256 << 20;

/**
 * Default --jobs: one. On the benchmark machine two jobs (this thread and a worker) are 1.1x as fast at 1 GB and 1.5x
 * at 4 GB, no faster at 300 MB, for 25-45% more CPU (docs/performance-history.md): --jobs 2 is for large logs, where the
 * cores are to spare.
 */
export const DEFAULT_MAX_JOBS = 1;
export const defaultJobs = (): number => Math.max(1, Math.min(availableParallelism(), DEFAULT_MAX_JOBS));

/** Whether an event is its request's final stage (a deferred stage never is). */
const ends = (ev: OpenStages): ev is AuditEvent => !('deferred' in ev) && isFinal(ev.stage);

/**
 * The stage merge for events whose fate the replay has decided (no window of completed IDs to consult): a request's
 * stages so far (undefined: none) and its next event give its stages now, or the request, finished, when the event
 * ends it. The crossing requests (by auditID) and a range's own (by first event) are merged alike.
 */
const withStage = (prev: OpenStages | undefined, ev: OpenStages): OpenStages =>
  ends(ev) ? (prev ? completeWith(prev, ev) : ev) : prev ? mergeOpen(prev, ev) : ev;

/** ev joins its request among `open`; the request, finished, when ev is its final stage. */
function mergeInto(open: Map<string, OpenStages>, ev: OpenStages): Request | undefined {
  const next = withStage(open.get(ev.auditID), ev);
  if (!ends(ev)) {
    open.set(ev.auditID, next);
    return undefined;
  }
  open.delete(ev.auditID);
  return next as Request;
}

const DROP = 0;
const LOCAL = 1;
const CROSSING = 2;

/**
 * An event's stage as the replay needs it (Scanned.stages): FINAL_STAGE, or the index here of a stage before the final
 * one, named when it comes late (the last, '', for a stage not known: lateStageValue says so, unnamed).
 */
const EARLY_STAGES = [...STAGES.filter((stage) => !isFinal(stage)), ''];
const FINAL_STAGE = EARLY_STAGES.length;
const stageCode = (stage: string): number => {
  if (isFinal(stage)) return FINAL_STAGE;
  const k = EARLY_STAGES.indexOf(stage);
  return k < 0 ? EARLY_STAGES.length - 1 : k;
};

interface ScannerSetup {
  kubernetesVersion: string;
  source: string;
  operations: Operation[];
  selection: Selection;
  fast: boolean;
  /** The whole's analysis matches requests of APIs the spec does not serve against earlier releases: so does each part. */
  earlier: boolean;
  /** What the threads know of each other's scanning (early-finals.ts). */
  shared: SharedScan;
}
interface WorkerSetup extends ScannerSetup {
  /** Verdicts come on their own port, so a worker can take them between lines of the next range. */
  verdicts: MessagePort;
  /** And the worker's answers go on one, so the main thread can take them between lines of its own ranges. */
  results: MessagePort;
}

/** Events scanned between two looks for verdicts: a range's events are held no longer than needed. */
const VERDICT_POLL_EVENTS = 256;
/** The main thread looks for the workers' messages more often: a worker may be waiting on its answer. */
const RESULTS_POLL_EVENTS = 16;

type ToWorker =
  | { t: 'range'; seq: number; file: string; csvColumn: string | null; bytes: SharedArrayBuffer; length: number }
  | { t: 'finish' };
interface Verdict {
  seq: number;
  actions: Uint8Array;
  /**
   * For each LOCAL event, the index in the range of its request's first event (-1: a request of one event, a final
   * stage): the range's parser merges by it, with no Map of auditIDs (on Metadata-level logs, that Map was 5% of
   * each thread's time).
   */
  firsts: Int32Array;
}

interface Scanned {
  t: 'scanned';
  seq: number;
  lines: number;
  values: number;
  /** Lines of the API server's legacy audit format (FileStats.legacy). */
  legacy: number;
  /** [line within the range, message, said by the reader (true) or by the event check (false)] */
  invalid: Array<[number, string, boolean]>;
  multi: boolean;
  /** The events' auditIDs end to end (one string travels far cheaper than thousands), with their lengths. */
  ids: string;
  idLengths: Uint32Array;
  /** Each ID's hashOf, computed where the range was parsed: the replay, on the main thread, is the serial part. */
  idHashes: Int32Array;
  /** Each event's stageCode. */
  stages: Uint8Array;
  /** Each event's line within the range: where the replay says a final stage came again, or a stage late. */
  eventLines: Int32Array;
  /** The text each event holds (heldText): the replay sums a request's, a bound on what the assembler would hold. */
  texts: Uint32Array;
  /** [line within the range, its fields] of each event of a stage none of the four, or no verb or requestURI (rare). */
  oddFields: Array<[number, EventFields]>;
  /** Events counted as they were scanned, not held for the verdict (early-finals.ts). */
  counted: number;
}
type FromWorker =
  | Scanned
  | { t: 'applied'; seq: number; events: AuditEvent[] }
  | { t: 'part'; part: AnalysisPart }
  | { t: 'ready' }
  | { t: 'error'; message: string };

// ---------------------------------------------------------------- the parsing side (workers, and the main thread)

/** The worker's analysis: invalid lines are kept per range (their line numbers are fixed up by the main thread). */
class RangeAnalysis extends Analysis {
  current: Array<[number, string, boolean]> = [];
  odd: Array<[number, EventFields]> = [];
  override invalidLine(_file: string, line: number, message: string): void {
    this.current.push([line, message, false]);
  }
  override oddFields(_file: string, line: number, fields: EventFields): void {
    this.odd.push([line, fields]);
  }
}

/**
 * One thread's share of the parsing: scans ranges into events, held until the main thread's verdict on them (but for
 * requests of one line counted at once: early-finals.ts), then merges and counts the requests wholly inside each range. Each worker runs one, and so does the main thread for
 * the ranges it parses itself.
 */
class RangeScanner {
  private emit: (req: Request) => void = () => {};
  /** The range's events, held for the verdict; null for one counted as it was scanned (early-finals.ts). */
  private held: (OpenStages | null)[] = [];
  /** The range being scanned, and whether every range before it is scanned (once so, it stays so). */
  private seq = 0;
  private afterScanned = false;
  private counted = 0;
  // The range's skeleton, made as its events come (Scanned): the typed arrays are reused, copied out per range.
  private ids = '';
  private idLengths = new Uint32Array(1024);
  private idHashes = new Int32Array(1024);
  private stages = new Uint8Array(1024);
  private eventLines = new Int32Array(1024);
  private texts = new Uint32Array(1024);
  private readonly ranges = new Map<number, (OpenStages | null)[]>();
  private readonly shared: SharedScan;
  private readonly analysis: RangeAnalysis;
  private readonly sink: LineSink;

  /** poll: called every pollEvents events while scanning, to take the messages that came meanwhile. */
  constructor(setup: ScannerSetup, poll: () => void = () => {}, pollEvents = VERDICT_POLL_EVENTS) {
    let sincePoll = 0;
    // The line of the event being read: the sink sets it, hold() keeps it with the event.
    let line = 0;
    const shared = setup.shared;
    this.shared = shared;
    const hold = (ev: OpenStages): void => {
      const n = this.held.length;
      if (n === this.stages.length) this.growSkeleton();
      const id = ev.auditID;
      const h = hashOf(id, 0, id.length);
      const stage = stageCode(ev.stage);
      this.ids += id;
      this.idLengths[n] = id.length;
      this.idHashes[n] = h;
      this.stages[n] = stage;
      this.eventLines[n] = line;
      // Only the stages a request is held by: a final one completes it.
      this.texts[n] = stage === FINAL_STAGE ? 0 : heldText(ev);
      if (stage !== FINAL_STAGE) markOpening(shared, h);
      if (ends(ev) && (this.afterScanned ||= scannedBefore(shared, this.seq)) && !mayBeOpen(shared, h)) {
        // A request of its own whatever the verdict says of the ranges before (early-finals.ts): counted now.
        this.held.push(null);
        this.counted++;
        this.emit(ev);
      } else this.held.push(ev);
      if (++sincePoll === pollEvents) {
        sincePoll = 0;
        poll();
      }
    };
    const collector: EventAssembler = { add: hold, addDeferred: hold, flush: () => {} };
    const analysis = new RangeAnalysis({
      spec: { kubernetesVersion: setup.kubernetesVersion, source: setup.source, operations: setup.operations },
      selection: setup.selection,
      // Each thread reads the catalogue itself, if a request of its ranges needs it.
      earlier: setup.earlier ? earlierOperations(setup.kubernetesVersion) : undefined,
      assembler: (e) => {
        this.emit = e;
        return collector;
      },
    });
    this.analysis = analysis;
    this.sink = {
      value: (raw, file, at) => {
        line = at;
        analysis.value(raw, file, at);
      },
      invalidLine: (_file, at, message) => analysis.current.push([at, message, true]),
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
  scan(seq: number, file: string, bytes: Buffer, csvColumn: string | null): Scanned {
    this.held = [];
    this.seq = seq;
    this.afterScanned = false;
    this.counted = 0;
    this.ids = '';
    this.analysis.current = [];
    this.analysis.odd = [];
    const stats: FileStats = { file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
    const reader = new LineReader(file, this.sink, stats);
    reader.csvColumn = csvColumn;
    reader.push(bytes);
    reader.end();
    // Its openings are marked: the parsers may count finals of later ranges at once (early-finals.ts).
    setScanned(this.shared, seq);
    const held = this.held;
    const n = held.length;
    this.ranges.set(seq, held);
    return {
      t: 'scanned',
      seq,
      lines: stats.lines,
      values: stats.values,
      legacy: stats.legacy ?? 0,
      invalid: this.analysis.current,
      multi: reader.sawMultiLine || reader.inObject,
      ids: this.ids,
      idLengths: this.idLengths.slice(0, n),
      idHashes: this.idHashes.slice(0, n),
      stages: this.stages.slice(0, n),
      eventLines: this.eventLines.slice(0, n),
      texts: this.texts.slice(0, n),
      oddFields: this.analysis.odd,
      counted: this.counted,
    };
  }

  /** Room for twice as many events in the skeleton's arrays. */
  private growSkeleton(): void {
    const twice = <T extends Uint8Array | Int32Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.idLengths = twice(this.idLengths);
    this.idHashes = twice(this.idHashes);
    this.stages = twice(this.stages);
    this.eventLines = twice(this.eventLines);
    this.texts = twice(this.texts);
  }

  /** The main thread's word on a scanned range: requests inside it are merged and counted; the rest returned. */
  apply(v: Verdict): AuditEvent[] {
    const events = this.ranges.get(v.seq) ?? [];
    this.ranges.delete(v.seq);
    const crossing: AuditEvent[] = [];
    // Requests wholly inside the range, by their first event's index: merged as the crossing ones are, and counted here.
    const pending: (OpenStages | undefined)[] = new Array<OpenStages | undefined>(events.length);
    let open = 0;
    for (let i = 0; i < events.length; i++) {
      const a = v.actions[i];
      const ev = events[i];
      if (ev === null) {
        // Counted as it was scanned (early-finals.ts): the replay must have found it a request of its own.
        if (a !== LOCAL || v.firsts[i] !== -1) throw new Error(`range ${v.seq}: event ${i}, counted as scanned, is not a request of its own`);
        continue;
      }
      if (a === DROP) continue;
      if (a === CROSSING) {
        // Read now if deferred: crossing events go to the main thread (a structured clone keeps no methods).
        crossing.push(eventOf(ev));
        continue;
      }
      const first = v.firsts[i];
      const prev = first >= 0 ? pending[first] : undefined;
      const next = withStage(prev, ev);
      if (!ends(ev)) {
        if (first < 0) throw new Error(`range ${v.seq}: event ${i}, not a final stage, has no request`);
        if (prev === undefined) open++;
        pending[first] = next;
        continue;
      }
      if (prev !== undefined) {
        open--;
        pending[first] = undefined;
      }
      this.emit(next as Request);
    }
    if (open > 0) throw new Error(`range ${v.seq}: ${open} requests left open by the verdict`);
    return crossing;
  }

  part(): AnalysisPart {
    return this.analysis.part();
  }
}

/** Runs in a worker thread (parallel-worker.ts). */
export function runWorker(): void {
  if (!parentPort) throw new Error('runWorker() is for worker threads');
  const ranges = parentPort;
  const setup = workerData as WorkerSetup;
  const port = setup.results;
  const applyVerdict = (v: Verdict): void => {
    port.postMessage({ t: 'applied', seq: v.seq, events: scanner.apply(v) } satisfies FromWorker);
  };
  // Events are held per range until the verdict; now and then the verdicts that came meanwhile are taken
  // (otherwise a range's events would wait for the whole next range).
  const takeVerdicts = (): void => {
    for (let m = receiveMessageOnPort(setup.verdicts); m; m = receiveMessageOnPort(setup.verdicts)) applyVerdict(m.message as Verdict);
  };
  const scanner = new RangeScanner(setup, takeVerdicts);
  const failed = (err: unknown): void => port.postMessage({ t: 'error', message: (err as Error).stack ?? String(err) } satisfies FromWorker);
  setup.verdicts.on('message', (v: Verdict) => {
    try {
      applyVerdict(v);
    } catch (err) {
      failed(err);
    }
  });
  ranges.on('message', (msg: ToWorker) => {
    try {
      if (msg.t === 'range') {
        const out = scanner.scan(msg.seq, msg.file, Buffer.from(msg.bytes, 0, msg.length), msg.csvColumn);
        port.postMessage(out, [out.stages.buffer as ArrayBuffer, out.idLengths.buffer as ArrayBuffer, out.idHashes.buffer as ArrayBuffer, out.eventLines.buffer as ArrayBuffer, out.texts.buffer as ArrayBuffer]);
        takeVerdicts();
      } else if (msg.t === 'finish') {
        takeVerdicts();
        port.postMessage({ t: 'part', part: scanner.part() } satisfies FromWorker);
      }
    } catch (err) {
      failed(err);
    }
  });
  // Until now (start-up: modules, the operation index), the main thread parsed alone.
  port.postMessage({ t: 'ready' } satisfies FromWorker);
}

// ---------------------------------------------------------------- main side

/** The worker script: dist/parallel-worker.js in the bundle, the .ts beside this file when run from source. */
function workerScript(): { file: URL; execArgv?: string[] } | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const file = new URL('./parallel-worker.ts', here);
    // Under tsx the loader flags are inherited; elsewhere (a test runner) tsx is registered for the worker.
    const hasLoader = process.execArgv.some((a) => a.includes('tsx'));
    let execArgv: string[] | undefined;
    if (!hasLoader) {
      try {
        execArgv = ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href];
      } catch {
        return null;
      }
    }
    return existsSync(fileURLToPath(file)) ? { file, execArgv } : null;
  }
  for (const rel of ['./parallel-worker.js', '../parallel-worker.js']) {
    const file = new URL(rel, here);
    if (existsSync(fileURLToPath(file))) return { file };
  }
  return null;
}

export interface ParallelSettings {
  files: string[];
  /** Each file's identity, for the report (findCopies); a file without one has none in it. */
  inputIds?: ReadonlyMap<string, InputId>;
  /** Worker threads to start; the main thread parses too (0: it parses alone, through the same steps). */
  workers: number;
  fast: boolean;
  /** The analysis of the whole: gets inputs, invalid lines, crossing requests and the workers' parts. */
  analysis: Analysis;
  /**
   * The inputs named on the command line: one that cannot be opened stops the run, and one found in a directory given
   * is one entry (notOpened). Without it, every input is taken as named.
   */
  named?: ReadonlySet<string>;
  spec: { kubernetesVersion: string; source: string; operations: Operation[] };
  onInvalid?: (line: { file: string; line: number; message: string }) => void;
  onProgress?: (p: { bytes: number; events: number }) => void;
  /** Bytes per range (default RANGE_BYTES); tests use small ones to put many boundaries through requests. */
  rangeBytes?: number;
  /** Tests: no range is handed out before every worker is ready, so that small inputs reach every worker. */
  awaitWorkers?: boolean;
  /**
   * The limits on requests in flight (how many, and the text they hold). Past one the reading is not exact (one thread
   * counts the oldest early, and tells of it).
   */
  manyOpen?: ManyOpen;
  /** Counts the final stages that came again under an auditID already counted, as RequestAssembler does. */
  repeated?: RepeatedFinals;
  /** Counts the stages before the final one that came after their request had completed, as RequestAssembler does. */
  late?: LateStages;
  /** Counts the events of a stage none of the four, or no verb or requestURI, as Analysis.value does. */
  oddFields?: OddFields;
}

export interface ParallelOutcome {
  /** false: the Report would not be exactly one thread's; analyze again on one thread (why says what happened). */
  exact: boolean;
  why?: string;
  stats: FileStats[];
  /** Invalid lines already passed to onInvalid, in input order (a second reading should not repeat them). */
  reported: number;
  /** why is worth a warning (something broke), not just a shape of input the split cannot take. */
  warn?: boolean;
  /** Ranges parsed by each worker, then by the main thread. */
  rangesParsed?: number[];
  /** The shared memory the ranges took (tests: it is bounded whatever the lines' length). */
  slots?: SlotCount;
  /** Audit events read, and those of them counted as they were scanned, not held for the verdict (early-finals.ts). */
  events?: number;
  countedAtScan?: number;
}

/** Audit logs shrink about tenfold in gzip (zstd, more): a compressed file counts for this many times its size. */
const COMPRESSION_RATIO_GUESS = 8;

/**
 * The head of a file: whether it is compressed (gzip or zstd); whether it is plain text, to be read straight into
 * ranges. The rest (compressed, UTF-16, a format refused, a CSV export, read or refused) is read through openInput,
 * as the one-thread reader does. Throws what open throws.
 */
async function headOf(file: string): Promise<{ compressed: boolean; plain: boolean }> {
  const fh = await open(file, 'r');
  let head: Buffer;
  try {
    const bytes = Math.max(HEAD_BYTES, CSV_HEAD_BYTES);
    const buf = Buffer.alloc(bytes);
    head = buf.subarray(0, (await fh.read(buf, 0, bytes, 0)).bytesRead);
  } finally {
    await fh.close();
  }
  const compressed = compressionOf(head) !== null;
  const csvHead = head.subarray(0, CSV_HEAD_BYTES);
  return { compressed, plain: !compressed && utf16Of(head) === null && refusedOf(head) === null && csvEventsOf(csvHead) === null && csvExportOf(csvHead) === null };
}

export interface SplitPlan {
  /** 'missing-worker': worth it, but this build lacks dist/parallel-worker.js. */
  split: 'yes' | 'no' | 'missing-worker';
  /** Worker threads to start, besides the main thread (which parses too). */
  workers: number;
}

/**
 * Whether to split these inputs over workers, and over how many: worth it (big enough), possible (stdin cannot be
 * read twice), and the worker script is there. Inflating gzip keeps a core busy on its own (zlib's thread), so a
 * gzip input leaves one job fewer for workers, and below two workers one thread does it all (measured on 2 cores:
 * 1 GB of gzip read in 2.5 s by one thread, 2.9 s by two workers). zstd is inflated alike, and counted alike.
 */
export async function planSplit(files: string[], jobs: number, minBytes = PARALLEL_MIN_BYTES): Promise<SplitPlan> {
  if (jobs < 2 || files.includes('-')) return { split: 'no', workers: 0 };
  let bytes = 0;
  let inflating = false;
  for (const f of files) {
    let size: number;
    let compressed: boolean;
    try {
      size = (await stat(f)).size;
      compressed = (await headOf(f)).compressed;
    } catch {
      // Its reader says what it is (one entry, found in a directory) or stops the run (named).
      continue;
    }
    inflating ||= compressed;
    bytes += compressed ? size * COMPRESSION_RATIO_GUESS : size;
  }
  // The main thread is one of the jobs; inflating gzip (or zstd) takes another.
  const workers = (inflating ? jobs - 1 : jobs) - 1;
  if (bytes < minBytes || workers < 1) return { split: 'no', workers: 0 };
  return { split: workerScript() === null ? 'missing-worker' : 'yes', workers };
}

interface RangeInfo {
  fileIndex: number;
  /** The worker scanning it; MAIN (the number of workers) for the main thread; -1 for a marker. */
  worker: number;
  /**
   * A worker's range: the shared memory its bytes are in, returned to the pool once scanned. (The main thread's own
   * ranges are released as it scans them.)
   */
  slot?: SharedArrayBuffer;
  /** Made on the main thread: an over-long line, where the input broke off, or the entry of one not opened (notOpened). */
  marker?: { skippedLine?: boolean; head?: string; compression?: Compression | null; cut?: NodeJS.ErrnoException; notOpened?: string };
}

export async function analyzeInParallel(s: ParallelSettings): Promise<ParallelOutcome> {
  const script = workerScript();
  if (!script) return { exact: false, why: 'worker script not found', stats: [], reported: 0 };
  const rangeBytes = s.rangeBytes ?? RANGE_BYTES;
  const verdictPorts: MessagePort[] = [];
  const resultPorts: MessagePort[] = [];
  // What every thread's scanner is set up with, the workers' and this thread's own alike.
  const scanning: ScannerSetup = { ...s.spec, selection: s.analysis.selection, fast: s.fast, earlier: s.analysis.matchesEarlier, shared: newSharedScan() };
  const workers = Array.from({ length: s.workers }, () => {
    const verdicts = new MessageChannel();
    const results = new MessageChannel();
    verdictPorts.push(verdicts.port1);
    resultPorts.push(results.port1);
    const setup: WorkerSetup = { ...scanning, verdicts: verdicts.port2, results: results.port2 };
    return new Worker(script.file, {
      workerData: setup,
      transferList: [verdicts.port2, results.port2],
      execArgv: script.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
  });
  // The main thread's lane comes after the workers'. A worker gets ranges once it says it is ready.
  const MAIN = s.workers;
  const inFlight = new Array<number>(s.workers + 1).fill(0);
  const ready = new Array<boolean>(s.workers).fill(false);
  const rangesParsed = new Array<number>(s.workers + 1).fill(0);
  // While the main thread parses a range, it still answers the workers now and then (a worker waits for the
  // verdict on its range; a whole range of waiting would leave it idle).
  const takeResults = (): void => {
    for (let w = 0; w < resultPorts.length; w++) {
      for (let m = receiveMessageOnPort(resultPorts[w]); m; m = receiveMessageOnPort(resultPorts[w])) onResult(w, m.message as FromWorker);
    }
  };
  const here = new RangeScanner(scanning, takeResults, RESULTS_POLL_EVENTS);
  const stats: FileStats[] = [];
  const names: string[] = [];
  /** Each file's CSV column whose cells its lines are (openInput's onCsv), else null. */
  const csvColumns: Array<string | null> = [];
  const linesSoFar: number[] = [];
  const ranges = new Map<number, RangeInfo>();
  const cutFiles = new Set<number>();
  let reported = 0;
  let nextSeq = 0;
  let failure: Error | null = null;
  let inexact: string | null = null;
  let bytes = 0;
  let events = 0;
  let countedAtScan = 0;

  // Replay state: the assembler's, on skeletons.
  const requests = new AuditIdTable<number>();
  // Requests crossing ranges, merged here in file order.
  const crossing = new Map<string, OpenStages>();

  const scannedQueue = new Map<number, Scanned | null>();
  let nextScanned = 0;
  const appliedQueue = new Map<number, AuditEvent[]>();
  let nextApplied = 0;

  let wake: (() => void) | null = null;
  const wakeUp = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const parts: AnalysisPart[] = [];

  const fail = (err: Error): void => {
    failure ??= err;
    wakeUp();
  };

  /**
   * The assembler, replayed on one range's skeleton (RequestAssembler.add, minus the fields). An open request is
   * a number in the table, the file-wide index of its first event: one that started in an earlier range is still
   * open at that range's end, so it crosses. No object is made per event: at a few million events, the main
   * thread's garbage otherwise grew its young generation to 128 MB.
   */
  let eventBase = 0;
  // Past a limit on requests in flight (how many, or the text they hold), the assembler counts the oldest early: one
  // thread does that. Each request's text here is its stages' summed, at least what the assembler holds for it (a
  // merge keeps no more than both: heldText), so the replay gives up at the assembler's first count early or before.
  let overLimit: InFlightBound | null = null;
  const replay = (sc: Scanned, file: string, offset: number): Verdict => {
    const n = sc.idLengths.length;
    const base = eventBase;
    eventBase += n;
    const actions = new Uint8Array(n);
    // For each event of a request that started in this range: that first event's index; whether it finished here.
    const firstOf = new Int32Array(n).fill(-1);
    const finishedHere = new Uint8Array(n);
    const ids = sc.ids;
    for (let i = 0, at = 0; i < n; at += sc.idLengths[i], i++) {
      // The ID is ids[at, at + len): looked up in place, no string made.
      const len = sc.idLengths[i];
      const final = sc.stages[i] === FINAL_STAGE;
      const open = requests.get(ids, at, len, sc.idHashes[i]);
      if (open === null) {
        // Recently completed: a late stage is dropped (DROP) and tallied; a final stage again is a request of its own.
        // (No request is counted early here: past the limit on requests in flight, one thread reads it all.)
        if (final) {
          actions[i] = LOCAL;
          if (s.repeated) tallyUnexplained(s.repeated, file, offset + sc.eventLines[i], ids.slice(at, at + len));
        } else if (s.late) tallyUnexplained(s.late, file, offset + sc.eventLines[i], lateStageValue(EARLY_STAGES[sc.stages[i]], ids.slice(at, at + len)));
        continue;
      }
      if (open === undefined) {
        if (final) {
          actions[i] = LOCAL;
          requests.complete(ids, at, len);
        } else {
          requests.set(ids, at, len, base + i, sc.texts[i]);
          firstOf[i] = i;
          overLimit ??= s.manyOpen?.past(requests.openCount, requests.openText) ?? null;
        }
        continue;
      }
      if (open < base) {
        // Started in an earlier range: it crosses, merged on the main thread.
        actions[i] = CROSSING;
      } else {
        firstOf[i] = open - base;
        if (final) finishedHere[open - base] = 1;
      }
      if (final) requests.complete(ids, at, len);
      else {
        requests.set(ids, at, len, open, requests.lastText + sc.texts[i]);
        overLimit ??= s.manyOpen?.past(requests.openCount, requests.openText) ?? null;
      }
    }
    // A request that started here is LOCAL if it finished here; still open at the range's end, it crosses.
    for (let i = 0; i < n; i++) if (firstOf[i] >= 0) actions[i] = finishedHere[firstOf[i]] === 1 ? LOCAL : CROSSING;
    return { seq: sc.seq, actions, firsts: firstOf };
  };

  const onScanned = (sc: Scanned): void => {
    const info = ranges.get(sc.seq)!;
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const offset = linesSoFar[info.fileIndex];
    if (sc.multi || inexact) {
      // Lines of such an object are not lines a range can judge: stop before reporting any of this range.
      inexact ??= `${file} holds JSON objects spanning lines`;
      wakeUp();
      return;
    }
    for (const [line, message, byReader] of sc.invalid) {
      s.analysis.invalidLine(file, offset + line, message);
      // The file's count is of lines the reader found bad; onInvalid hears of every one, a value no audit event too.
      if (byReader) st.invalid++;
      reported++;
      s.onInvalid?.({ file, line: offset + line, message });
    }
    if (s.oddFields) for (const [line, fields] of sc.oddFields) oddFields(s.oddFields, file, offset + line, fields);
    linesSoFar[info.fileIndex] += sc.lines;
    st.lines += sc.lines;
    st.values += sc.values;
    if (sc.legacy > 0) st.legacy = (st.legacy ?? 0) + sc.legacy;
    events += sc.idLengths.length;
    countedAtScan += sc.counted;
    const verdict = replay(sc, file, offset);
    if (overLimit) {
      const m = s.manyOpen!;
      inexact ??= overLimit === 'requests' ? `more than ${grouped(m.at)} requests in flight at once` : `requests in flight holding more than ${textSize(m.text)} of text`;
      wakeUp();
      return;
    }
    if (info.worker === MAIN) {
      appliedQueue.set(sc.seq, here.apply(verdict));
      drainApplied();
    } else verdictPorts[info.worker].postMessage(verdict, [verdict.actions.buffer as ArrayBuffer, verdict.firsts.buffer as ArrayBuffer]);
  };

  /** Main-thread ranges: an over-long line, or the cut of a broken input. */
  const onMarker = (seq: number): void => {
    const info = ranges.get(seq)!;
    const file = names[info.fileIndex];
    const st = stats[info.fileIndex];
    const m = info.marker!;
    // Given up on before it (onScanned): one thread reads it all again and tells from the first line not told, so a
    // marker told here would skip a line it never told and tell the marker twice.
    if (inexact) return;
    if (m.skippedLine) {
      linesSoFar[info.fileIndex]++;
      st.lines++;
      const line = linesSoFar[info.fileIndex];
      const message = longLineMessage(m.head ?? '', m.compression);
      countLongEvent(st, m.head ?? '');
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, line, message);
      s.onInvalid?.({ file, line, message });
    } else if (m.cut || m.notOpened !== undefined) {
      const lineNo = linesSoFar[info.fileIndex];
      const message = m.notOpened ?? cutMessage(m.cut!, lineNo);
      st.invalid++;
      reported++;
      s.analysis.invalidLine(file, lineNo + 1, message);
      s.onInvalid?.({ file, line: lineNo + 1, message });
    }
  };

  const drainScanned = (): void => {
    for (;;) {
      if (!scannedQueue.has(nextScanned)) return;
      const seq = nextScanned++;
      const sc = scannedQueue.get(seq)!;
      scannedQueue.delete(seq);
      if (sc) onScanned(sc);
      else {
        onMarker(seq);
        // A marker is applied as soon as it is said (its range was queued as applied when it was made).
        drainApplied();
      }
    }
  };

  const drainApplied = (): void => {
    for (;;) {
      // Not before it is scanned: a marker is queued as applied from the start, and must be said first (onMarker).
      if (!appliedQueue.has(nextApplied) || nextApplied >= nextScanned) return;
      const evs = appliedQueue.get(nextApplied)!;
      appliedQueue.delete(nextApplied);
      for (const ev of evs) {
        const done = mergeInto(crossing, ev);
        if (done) s.analysis.request(done);
      }
      const info = ranges.get(nextApplied)!;
      if (!info.marker) inFlight[info.worker]--;
      ranges.delete(nextApplied);
      nextApplied++;
      s.onProgress?.({ bytes, events });
    }
  };

  function onResult(i: number, msg: FromWorker): void {
    try {
      if (msg.t === 'ready') ready[i] = true;
      else if (msg.t === 'scanned') {
        const slot = ranges.get(msg.seq)?.slot;
        if (slot) release(slot);
        scannedQueue.set(msg.seq, msg);
        drainScanned();
      } else if (msg.t === 'applied') {
        appliedQueue.set(msg.seq, msg.events);
        drainApplied();
      } else if (msg.t === 'part') parts.push(msg.part);
      else if (msg.t === 'error') fail(new Error(`worker: ${msg.message}`));
    } catch (err) {
      // The main thread's own ranges are applied while draining.
      fail(err as Error);
    }
    wakeUp();
  }
  resultPorts.forEach((p, i) => p.on('message', (msg: FromWorker) => onResult(i, msg)));
  workers.forEach((w) => w.on('error', (err) => fail(err)));

  const idle = (): Promise<void> => new Promise<void>((r) => (wake = r));
  /** The ready worker with the fewest ranges in flight, if one has room; else -1. */
  const freeWorker = (): number => {
    let best = -1;
    for (let w = 0; w < workers.length; w++) {
      if (ready[w] && inFlight[w] < IN_FLIGHT_PER_WORKER && (best < 0 || inFlight[w] < inFlight[best])) best = w;
    }
    return best;
  };

  // Ranges live in a fixed pool of shared memory: no copy to the worker, and no new ArrayBuffer per range (their
  // churn makes V8 collect garbage far more often, on both sides). Lines longer than a slot get over-size slots,
  // reused too (range-slots.ts).
  const slots = new RangeSlots(
    rangeBytes + READ_BYTES,
    s.workers * IN_FLIGHT_PER_WORKER + 2,
    OVERSIZE_SLOTS * (rangeBytes + READ_BYTES),
    // The slot waited for may be in a range of the main thread's own.
    async () => (mine.length > 0 ? scanMine() : idle()),
    () => failure !== null || inexact !== null,
  );
  const slotBytes = slots.slotBytes;
  const release = (slot: SharedArrayBuffer): void => {
    slots.give(slot);
    wakeUp();
  };
  const takeSlot = (): Promise<SharedArrayBuffer> => slots.take();

  /** A range goes to a ready worker with room (workers are kept fed first), else the main thread parses it now. */
  const dispatch = async (fileIndex: number, slot: SharedArrayBuffer, length: number): Promise<void> => {
    for (;;) {
      if (failure || inexact) return release(slot);
      if (s.awaitWorkers && !ready.every(Boolean)) {
        await idle();
        continue;
      }
      const worker = freeWorker();
      if (worker >= 0) {
        const seq = nextSeq++;
        ranges.set(seq, { fileIndex, worker, slot });
        inFlight[worker]++;
        rangesParsed[worker]++;
        workers[worker].postMessage({ t: 'range', seq, file: names[fileIndex], csvColumn: csvColumns[fileIndex], bytes: slot, length } satisfies ToWorker);
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
  /**
   * The main thread's own ranges, parsed when it would otherwise wait: while the next piece of a plain file is
   * read, or for the workers.
   */
  const mine: Array<{ seq: number; fileIndex: number; slot: SharedArrayBuffer; length: number }> = [];
  const scanMine = (): void => {
    for (let r = mine.shift(); r && !failure && !inexact; r = mine.shift()) {
      try {
        const sc = here.scan(r.seq, names[r.fileIndex], Buffer.from(r.slot, 0, r.length), csvColumns[r.fileIndex]);
        release(r.slot);
        scannedQueue.set(r.seq, sc);
        drainScanned();
      } catch (err) {
        fail(err as Error);
      }
    }
  };
  const marker = (fileIndex: number, m: NonNullable<RangeInfo['marker']>): void => {
    const seq = nextSeq++;
    // No events, so none of its own openings.
    setScanned(scanning.shared, seq);
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
      const st: FileStats = { file, bytes: 0, lines: 0, values: 0, invalid: 0, warnings: [] };
      stats.push(st);
      s.analysis.input(file, s.inputIds?.get(file) ?? null);
      let compression: Compression | null = null; // how the input was compressed, for the commands messages give
      // A plain file is read straight into ranges, through its handle; the rest through openInput.
      let opened: { fh: FileHandle } | { input: AsyncIterable<Buffer> };
      try {
        opened = (await headOf(file)).plain
          ? { fh: await open(file, 'r') }
          : {
              input: await openInput(
                file,
                (n) => {
                  st.bytes += n;
                  bytes += n;
                },
                (c) => (compression = c),
                (csv) => (csvColumns[fi] = csv.column),
                (at, c) => st.warnings.push(plainAfterMessage(file, at, c)),
              ),
            };
      } catch (err) {
        // As the one-thread reader: named, it stops the run; found in a directory, it is one entry.
        marker(fi, { notOpened: notOpened(file, err, s.named !== undefined && !s.named.has(file)) });
        cutFiles.add(fi);
        continue;
      }
      // The range being filled (in a pool slot); lineStart: where its unfinished last line begins.
      let slot = await takeSlot();
      let buf = Buffer.from(slot);
      let len = 0;
      let lineStart = 0;
      let skipping = false;
      let skippedHead = ''; // the first bytes of the over-long line, for its message
      /**
       * Hand whole lines on, until they reach rangeBytes (a read can bring several ranges' worth when ranges are
       * small); the rest, and the unfinished line, start the next range.
       */
      const cut = async (): Promise<void> => {
        let at = lineStart;
        if (at > rangeBytes) {
          // Cut at the first newline past rangeBytes. None before lineStart (only at the end, where lineStart is
          // len): a last line longer than a range goes whole, as one range. (Past len, the slot holds stale bytes.)
          const nl = buf.subarray(0, at).indexOf(10, rangeBytes - 1);
          if (nl !== -1) at = nl + 1;
        }
        const rest = len - at;
        // (The slot cut is handed on at once: not waited for.)
        const nextSlot = rest + READ_BYTES <= slotBytes ? await takeSlot() : await slots.takeBig(rest * 2 + READ_BYTES, [slot]);
        const next = Buffer.from(nextSlot);
        buf.copy(next, 0, at, len);
        const whole = slot;
        slot = nextSlot;
        buf = next;
        len = rest;
        lineStart -= at;
        if (at > 0) await dispatch(fi, whole, at);
        else release(whole);
      };
      /** Room for n more bytes at buf[len..]: pass whole lines on, or grow for a line longer than a slot. */
      const room = async (n: number): Promise<void> => {
        while (lineStart > 0 && len + n > buf.length) await cut();
        if (len + n <= buf.length) return;
        const bigger = await slots.takeBig(Math.max(buf.length * 2, len + n), [slot]);
        const grown = Buffer.from(bigger);
        buf.copy(grown, 0, 0, len);
        release(slot);
        slot = bigger;
        buf = grown;
      };
      /** n bytes were just written at buf[len..]: the one-thread reader's rules, then maybe a range goes. */
      const commit = async (n: number): Promise<void> => {
        if (skipping) {
          // Inside an over-long line: drop bytes up to its newline, as the one-thread reader does.
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
          // The reader's rule: a line still unfinished after a read and longer than the limit is skipped.
          skippedHead = buf.toString('utf8', lineStart, lineStart + LONG_LINE_HEAD);
          len = lineStart;
          while (len > 0) await cut();
          skipping = true;
        } else while (len >= rangeBytes && lineStart > 0) await cut();
      };
      let cutErr: NodeJS.ErrnoException | null = null;
      if ('fh' in opened) {
        // A plain file is read straight into the range: no copy.
        const fh = opened.fh;
        try {
          for (let position = 0; !failure && !inexact;) {
            await room(READ_BYTES);
            const reading = fh.read(buf, len, READ_BYTES, position);
            scanMine();
            const { bytesRead } = await reading;
            if (bytesRead === 0) break;
            position += bytesRead;
            st.bytes += bytesRead;
            bytes += bytesRead;
            await commit(bytesRead);
          }
        } catch (err) {
          cutErr = err as NodeJS.ErrnoException;
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
          cutErr = err as NodeJS.ErrnoException;
        }
      }
      // As the one-thread reader (LineReader.cut): at a cut, an unfinished last line that is not whole JSON is part
      // of the damage, not a line.
      if (cutErr && len > lineStart && !wholeLine(buf.toString('utf8', lineStart, len))) len = lineStart;
      // The last line may lack its newline: it goes as it is (the worker's reader ends it).
      while (len > 0) {
        lineStart = len;
        await cut();
      }
      release(slot);
      // (An over-long line the cut ended is part of the damage too.)
      if (skipping && !cutErr) marker(fi, { skippedLine: true, head: skippedHead, compression });
      if (cutErr) {
        marker(fi, { cut: cutErr });
        cutFiles.add(fi);
      }
    }
    // Wait for every range to be scanned and applied, then collect the workers' parts.
    scanMine();
    while (!failure && !inexact && nextApplied < nextSeq) await idle();
    if (!failure && !inexact) {
      // Workers that never got a range (still starting when the input ended) have nothing to give.
      const givers = workers.filter((_, i) => rangesParsed[i] > 0);
      for (const w of givers) w.postMessage({ t: 'finish' } satisfies ToWorker);
      while (!failure && parts.length < givers.length) await idle();
      parts.push(here.part());
    }
  } finally {
    for (const p of [...verdictPorts, ...resultPorts]) p.close();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // (Set from callbacks: the compiler cannot see it change.)
  const broke = failure as Error | null;
  if (broke) {
    // A worker that broke (a bug, memory) must not cost the user the report: one thread reads it all again.
    if (broke instanceof InputError) throw broke;
    return { exact: false, why: `parallel reading failed (${broke.message.split('\n')[0]}), read again on one thread`, warn: true, stats, reported };
  }
  if (inexact) return { exact: false, why: inexact, stats, reported };
  // Requests still open at the end are used as they are (RequestAssembler.flush).
  for (const req of crossing.values()) s.analysis.request(eventOf(req));
  for (const p of parts) s.analysis.absorb(p);
  // As the one-thread reader: an input that broke off gets its cut reported, not the end-of-file warnings.
  stats.forEach((st, fi) => {
    if (!cutFiles.has(fi)) inputWarnings(st);
  });
  return { exact: true, stats, reported, rangesParsed, slots: slots.count, events, countedAtScan };
}
