// AuditIdTable: auditID -> the request still in flight, or "completed recently", for the stage merge
// (RequestAssembler) and the parallel reader's replay of it. Kept outside the JS heap: a Map of a few hundred
// thousand ID strings, added to and deleted from at the rate events arrive, promotes every ID to the old
// generation and reallocates its table every few ten thousand requests; on a 1 GB log that garbage grew the
// heap by 100 MB. Here an ID is copied into typed arrays, compared by content, and no object is made per event.

/**
 * How many completed auditIDs are remembered at least, to recognise late stages: the last RECENTLY_COMPLETED to
 * 2 x RECENTLY_COMPLETED of them (two generations).
 */
export const RECENTLY_COMPLETED = 100_000;

/** Slot states: empty, completed; an open request is its index in `opens` plus one. */
const EMPTY = 0;
const COMPLETED = -1;
/** Completed, but counted before its final stage came (RequestAssembler's limit on requests in flight). */
const COUNTED_EARLY = -2;

/** FNV-1a over UTF-16 code units: IDs are compared by content, so any spread-out hash does. */
export function hashOf(s: string, at: number, len: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < len; k++) h = Math.imul(h ^ s.charCodeAt(at + k), 0x01000193);
  return h | 0;
}

/**
 * IDs longer than this (API servers write 36-character UUIDs) are kept as a fingerprint, not their text: copied whole,
 * 220,000 distinct IDs of 2,000 characters took 1.2 GB. The fingerprint, two more 32-bit hashes of other mixes, makes
 * with hashOf and the length 96 bits to tell IDs apart: two different long IDs among the few hundred thousand
 * remembered are taken for one with odds about n^2 / 2^97, below 10^-18 at 300,000.
 */
export const LONG_ID = 64;
/** The code units a long ID takes in the pool. */
const FINGERPRINT_UNITS = 4;

/** A long ID's fingerprint into out[0..4): two 32-bit hashes other than hashOf (a multiply-xorshift mix; a rotation). */
function fingerprintOf(s: string, at: number, len: number, out: Uint16Array): void {
  let a = 0x9747b28c;
  let b = 0x243f6a88;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(at + k);
    a = Math.imul(a ^ c, 0x5bd1e995);
    a ^= a >>> 15;
    b = Math.imul((b << 5) | (b >>> 27), 0x9e3779b1) + c;
  }
  out[0] = a & 0xffff;
  out[1] = a >>> 16;
  out[2] = b & 0xffff;
  out[3] = b >>> 16;
}

/** The fingerprint of the long ID last looked up (by its string and place), so probing past others reuses it. */
const fingerprint = new Uint16Array(FINGERPRINT_UNITS);
let fingerprintFor: string | null = null;
let fingerprintAt = 0;
let fingerprintLen = 0;

/** The code units an ID takes in the pool: its own, or its fingerprint's. */
const unitsOf = (len: number): number => (len > LONG_ID ? FINGERPRINT_UNITS : len);

/** One generation: an open-addressing table over a pool of the IDs' code units (a long ID's fingerprint). */
class Generation {
  private mask: number;
  private hashes: Int32Array;
  states: Int32Array;
  private starts: Int32Array;
  private lens: Int32Array;
  private pool = new Uint16Array(1 << 14);
  private poolUsed = 0;
  private used = 0;

  constructor(capacity = 1 << 10) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.states = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity);
  }

  /** The slot holding the ID, or the bitwise complement of the empty slot where it would go. */
  find(s: string, at: number, len: number, h: number): number {
    const { hashes, states, starts, lens, pool, mask } = this;
    const long = len > LONG_ID;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (states[i] === EMPTY) return ~i;
      if (hashes[i] !== h || lens[i] !== len) continue;
      const start = starts[i];
      if (long) {
        // Only once a long ID's hash and length match: its fingerprint, made once per lookup.
        if (fingerprintFor !== s || fingerprintAt !== at || fingerprintLen !== len) {
          fingerprintOf(s, at, len, fingerprint);
          fingerprintFor = s;
          fingerprintAt = at;
          fingerprintLen = len;
        }
        if (pool[start] === fingerprint[0] && pool[start + 1] === fingerprint[1] && pool[start + 2] === fingerprint[2] && pool[start + 3] === fingerprint[3]) return i;
        continue;
      }
      let k = 0;
      while (k < len && pool[start + k] === s.charCodeAt(at + k)) k++;
      if (k === len) return i;
    }
  }

  /** Put the ID (found absent at ~slot) in with a state. */
  insert(slot: number, s: string, at: number, len: number, h: number, state: number): void {
    const start = this.room(unitsOf(len));
    if (len > LONG_ID) {
      fingerprintOf(s, at, len, fingerprint);
      fingerprintFor = null;
      this.pool.set(fingerprint, start);
    } else for (let k = 0; k < len; k++) this.pool[start + k] = s.charCodeAt(at + k);
    this.place(slot, h, len, start, state);
  }

  /** Where n more code units go in the pool (grown if need be). */
  private room(n: number): number {
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
  carriedEntries(): Array<{ h: number; len: number; state: number; units: Uint16Array }> {
    const out: Array<{ h: number; len: number; state: number; units: Uint16Array }> = [];
    for (const early of [false, true]) for (let j = 0; j < this.states.length; j++) {
      if (early ? this.states[j] !== COUNTED_EARLY : this.states[j] <= 0) continue;
      const start = this.starts[j];
      out.push({ h: this.hashes[j], len: this.lens[j], state: this.states[j], units: this.pool.slice(start, start + unitsOf(this.lens[j])) });
    }
    return out;
  }

  /** Put in an ID carried over from another generation (carriedEntries): it is not in this one. */
  insertUnits(e: { h: number; len: number; state: number; units: Uint16Array }): void {
    const start = this.room(e.units.length);
    this.pool.set(e.units, start);
    let i = e.h & this.mask;
    while (this.states[i] !== EMPTY) i = (i + 1) & this.mask;
    this.place(i, e.h, e.len, start, e.state);
  }

  /** The pool's size in code units (tests: bounded, whatever the IDs' length). */
  get poolUnits(): number {
    return this.pool.length;
  }

  private place(slot: number, h: number, len: number, start: number, state: number): void {
    this.hashes[slot] = h;
    this.states[slot] = state;
    this.starts[slot] = start;
    this.lens[slot] = len;
    // At most half full, so that probes stay short.
    if (++this.used * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
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
      while (this.states[i] !== EMPTY) i = (i + 1) & this.mask;
      this.hashes[i] = hashes[j];
      this.states[i] = states[j];
      this.starts[i] = starts[j];
      this.lens[i] = lens[j];
    }
  }

  clear(): void {
    this.states.fill(EMPTY);
    this.poolUsed = 0;
    this.used = 0;
  }
}

/**
 * auditID -> the request still in flight (V), or null for an auditID recently completed. Logs are not always in
 * stage order (Logstash, several apiservers, webhook batches: the hkerma dataset has ResponseStarted up to 381
 * events after ResponseComplete); an earlier stage arriving late belongs to a request already counted.
 *
 * Two generations: completed IDs go into `current`; after RECENTLY_COMPLETED of them, `current` becomes `previous`
 * and the old `previous` is emptied to become the new `current`, its requests still in flight carried over, and
 * those counted early whose final stage has not come yet, up to `earlyKept` of them: their final stage, however late,
 * is still known for one (a watch's comes when it ends). Past that bound the rest are forgotten, and counted
 * (forgottenEarly): a final stage of one is then taken for a request of its own.
 *
 * An ID is given as a stretch of a string (s, at, len), so the parallel reader's replay can look up IDs inside
 * the one string a worker sends for a whole range. get() is asked first; set() and complete() act on the ID it
 * was asked for.
 */
export class AuditIdTable<V> {
  private current = new Generation();
  private previous = new Generation();
  private completedInCurrent = 0;
  /** Open requests, by the index their slot holds; when each was opened, so that takeOpen() keeps that order. */
  private readonly opens: (V | undefined)[] = [];
  private readonly openedAt: number[] = [];
  /** The text each open request holds (its weight, as set() was given it), and theirs together: openText. */
  private readonly texts: number[] = [];
  private heldText = 0;
  private readonly freeOpens: number[] = [];
  private openings = 0;
  /**
   * Open requests in the order they were opened, as pairs (index in `opens`, its openedAt), from the first call of
   * oldestOpen() on; entries of requests completed since are skipped, and dropped when they outnumber the open.
   */
  private order: number[] | null = null;
  private orderHead = 0;
  // What the last get() found.
  private lastHash = 0;
  private lastSlot = 0;
  private lastIn: Generation | null = null;
  /** Requests counted early, their final stage not come, forgotten past earlyKept (see the class). */
  forgottenEarly = 0;

  /** earlyKept: how many requests counted early, awaiting their final stage, are remembered past the window at most. */
  constructor(private readonly earlyKept = Infinity) {}

  /** h: the ID's hashOf, when the caller has it already (the parallel reader's parsers compute it for the replay). */
  get(s: string, at = 0, len = s.length, h = hashOf(s, at, len)): V | null | undefined {
    this.lastHash = h;
    let slot = this.current.find(s, at, len, h);
    let gen = this.current;
    if (slot < 0) {
      const p = this.previous.find(s, at, len, h);
      if (p >= 0) {
        slot = p;
        gen = this.previous;
      }
    }
    this.lastSlot = slot;
    if (slot < 0) {
      this.lastIn = null;
      return undefined;
    }
    this.lastIn = gen;
    const state = gen.states[slot];
    return state < 0 ? null : this.opens[state - 1];
  }

  /** Whether the completed ID get() last found was completed early (complete(…, true)). */
  get countedEarly(): boolean {
    return this.lastIn !== null && this.lastIn.states[this.lastSlot] === COUNTED_EARLY;
  }

  /** The ID get() last found, counted early (countedEarly), has had its final stage: from now on it is completed like any other. */
  finalCame(): void {
    this.lastIn!.states[this.lastSlot] = COMPLETED;
  }

  /** How many requests are in flight. */
  get openCount(): number {
    return this.opens.length - this.freeOpens.length;
  }

  /** The text the requests in flight hold together, as set() was told it (the limit on requests in flight bounds it). */
  get openText(): number {
    return this.heldText;
  }

  /** The text the request in flight get() last found holds (0 if it found none). */
  get lastText(): number {
    const state = this.lastIn ? this.lastIn.states[this.lastSlot] : 0;
    return state > 0 ? this.texts[state - 1] : 0;
  }

  /** A request in flight: a new one, or (found by get()) its stages so far; text: the characters it holds now. */
  set(s: string, at: number, len: number, open: V, text = 0): void {
    if (this.lastIn) {
      const index = this.lastIn.states[this.lastSlot] - 1;
      this.opens[index] = open;
      this.heldText += text - this.texts[index];
      this.texts[index] = text;
      return;
    }
    const index = this.freeOpens.pop() ?? this.opens.length;
    this.opens[index] = open;
    this.texts[index] = text;
    this.heldText += text;
    this.openedAt[index] = this.openings++;
    this.current.insert(~this.lastSlot, s, at, len, this.lastHash, index + 1);
    if (this.order !== null) {
      this.order.push(index, this.openedAt[index]);
      // Entries of requests no longer open, before the head or after it, go when they are most of the list.
      if (this.order.length > 4 * this.openCount + 1024) this.dropClosed();
    }
  }

  /**
   * Each request in flight made what `settle` gives it (itself if nothing changes), weighing what `weigh` says: the
   * assembler decodes its deferred stages so, to know their exact text. Completes none, so get()'s answer stands.
   */
  resettle(settle: (open: V) => V, weigh: (open: V) => number): void {
    for (let k = 0; k < this.opens.length; k++) {
      const open = this.opens[k];
      if (open === undefined) continue;
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
  oldestOpen(): V | undefined {
    if (this.order === null) this.order = this.openInOrder().flatMap((k) => [k, this.openedAt[k]]);
    const order = this.order;
    while (this.orderHead < order.length && !this.stillOpen(order[this.orderHead], order[this.orderHead + 1])) this.orderHead += 2;
    return this.orderHead < order.length ? this.opens[order[this.orderHead]] : undefined;
  }

  /** The indexes in `opens` of the requests in flight, in the order they were opened. */
  private openInOrder(): number[] {
    const open: number[] = [];
    for (let k = 0; k < this.opens.length; k++) if (this.opens[k] !== undefined) open.push(k);
    return open.sort((a, b) => this.openedAt[a] - this.openedAt[b]);
  }

  private stillOpen(index: number, openedAt: number): boolean {
    return this.opens[index] !== undefined && this.openedAt[index] === openedAt;
  }

  /** The order without the requests completed since they opened. */
  private dropClosed(): void {
    const order = this.order!;
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
  complete(s: string, at: number, len: number, early = false): void {
    const done = early ? COUNTED_EARLY : COMPLETED;
    const gen = this.lastIn;
    if (gen) {
      const state = gen.states[this.lastSlot];
      if (state > 0) {
        this.opens[state - 1] = undefined;
        this.heldText -= this.texts[state - 1];
        this.freeOpens.push(state - 1);
      }
      gen.states[this.lastSlot] = gen === this.current ? done : COMPLETED;
    }
    // Completed IDs are counted (and remembered) in the current generation; one found in the previous one is
    // marked completed there too, and dropped with it (counted early, it is so in the current one only: carried once).
    if (gen !== this.current) {
      const slot = gen ? this.current.find(s, at, len, this.lastHash) : this.lastSlot;
      this.current.insert(~slot, s, at, len, this.lastHash, done);
    }
    this.lastIn = null;
    if (++this.completedInCurrent === RECENTLY_COMPLETED) this.nextGeneration();
  }

  private nextGeneration(): void {
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
  get poolUnits(): number {
    return this.current.poolUnits + this.previous.poolUnits;
  }

  /** The requests still in flight, in the order they were opened; from then on they count as completed. */
  takeOpen(): V[] {
    const indexes = this.openInOrder();
    for (const gen of [this.previous, this.current]) {
      for (let i = 0; i < gen.states.length; i++) if (gen.states[i] > 0) gen.states[i] = COMPLETED;
    }
    const taken = indexes.map((k) => this.opens[k] as V);
    for (const k of indexes) {
      this.opens[k] = undefined;
      this.freeOpens.push(k);
    }
    this.heldText = 0;
    this.lastIn = null;
    return taken;
  }
}
