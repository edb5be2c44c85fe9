// Stepping over large JSON values (request and response bodies) in WebAssembly: json-skip.wat checks the grammar as
// skipValue does, but scans strings 16 bytes at a time, 1.6-2.3x faster than the JS loop on the benchmark's bodies,
// copy included (docs/performance-history.md). A value is copied into the module's memory first, with Buffer's copy where
// there is one: TypedArray set() copies out of a SharedArrayBuffer (the parallel reader's ranges) ten times slower.
// Where WebAssembly is not there (node --jitless), a value nests deeper than its stack, or more than 8 MB would be
// copied, the caller steps over it in JS: the same answer, slower.
import { JSON_SKIP_WASM } from './json-skip-wasm.js';

interface JsonSkip {
  memory: WebAssembly.Memory;
  stage: WebAssembly.Global;
  skip(i: number, end: number): number;
}

const PAGE = 65536;
/** The vector loads read up to 15 bytes past a value's end: room for them. */
const SLACK = 16;
/**
 * Larger stretches (a value and the rest of its line) are left to the JS walk: the module's memory never shrinks,
 * and a line may hold 64 MB.
 */
const MAX_BYTES = 8 << 20;

/** Node's Buffer, where there is one: its copy() is a memmove whatever memory the source is in. */
type Bytes = Uint8Array & { copy?: (target: Uint8Array, targetStart: number, sourceStart: number, sourceEnd: number) => number };
const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBuffer): Uint8Array; from(text: string, encoding: 'base64'): Uint8Array<ArrayBuffer> } }).Buffer;

let wasm: JsonSkip | null | undefined;
let heap: Uint8Array;
let stage = 0;

const view = (memory: WebAssembly.Memory): Uint8Array => (NodeBuffer ? NodeBuffer.from(memory.buffer) : new Uint8Array(memory.buffer));

function load(): JsonSkip | null {
  try {
    // Buffer's base64 decoder where there is one (atob and a call per character are slow to start).
    const bytes = NodeBuffer ? NodeBuffer.from(JSON_SKIP_WASM, 'base64') : Uint8Array.from(atob(JSON_SKIP_WASM), (c) => c.charCodeAt(0));
    const w = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as JsonSkip;
    heap = view(w.memory);
    stage = w.stage.value as number;
    return w;
  } catch {
    return null;
  }
}

/**
 * skipValue(b, i, end) in WebAssembly: the index after the JSON value at b[i], or -1 if it is not valid JSON; undefined
 * when the caller must step over it itself. b[i..end) is copied: the value and whatever follows it up to end.
 */
export function skipInWasm(b: Uint8Array, i: number, end: number): number | undefined {
  if (wasm === undefined) wasm = load();
  if (wasm === null) return undefined;
  // Bytes past b's end are not there to copy: what the module's memory holds there is another line's.
  if (end > b.length) return undefined;
  const len = end - i;
  if (len > MAX_BYTES) return undefined;
  const need = stage + len + SLACK;
  if (need > heap.length) {
    // A line larger than any before: grow (growing replaces the memory's buffer, so the view is made again).
    try {
      wasm.memory.grow(Math.ceil((need - heap.length) / PAGE));
    } catch {
      return undefined;
    }
    heap = view(wasm.memory);
  }
  const bytes = b as Bytes;
  if (bytes.copy) bytes.copy(heap, stage, i, end);
  else heap.set(b.subarray(i, end), stage);
  const r = wasm.skip(stage, stage + len);
  if (r >= 0) return i + (r - stage);
  return r === -1 ? -1 : undefined;
}
