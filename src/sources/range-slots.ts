// The shared memory the parallel reader (parallel.ts) fills with ranges of lines: a fixed pool of slots of one size,
// and a few over-size slots for lines longer than a slot, kept and reused rather than made afresh per long line.
//
// Made afresh (as before), a log of 15 MB lines put a new 16-32 MB SharedArrayBuffer (and its smaller steps of
// growth) in flight per line, up to four per worker, and the dropped ones lived until V8 collected them on both
// threads: 1.2 GB of RSS on 600 MB of such log with --jobs 2, against 180 MB on one thread.

export interface SlotCount {
  /** SharedArrayBuffers made, the fixed pool's among them. */
  made: number;
  /** Their bytes, together. */
  madeBytes: number;
  /** The most bytes of slots alive (pooled, filled or in flight) at once. */
  peakBytes: number;
}

export class RangeSlots {
  readonly count: SlotCount = { made: 0, madeBytes: 0, peakBytes: 0 };
  private readonly pool: SharedArrayBuffer[];
  /** Over-size slots handed out and not given back (being filled, or a range in flight), and their bytes. */
  private bigOut = 0;
  private bigOutBytes = 0;
  /** Over-size slots given back, kept for the next long lines (within the budget; the largest always). */
  private readonly spares: SharedArrayBuffer[] = [];
  private sparesBytes = 0;
  private aliveBytes = 0;

  /**
   * slots: the pool's size. bigBudget: the bytes over-size slots may take together, out or spare; past it, one is
   * made only once no other is out. wait: until something may have been given back (the caller scans a range of its
   * own, or waits for a worker). stopped: the reading is ending, so nothing is waited for.
   */
  constructor(
    readonly slotBytes: number,
    slots: number,
    private readonly bigBudget: number,
    private readonly wait: () => Promise<void>,
    private readonly stopped: () => boolean,
  ) {
    this.pool = Array.from({ length: slots }, () => this.make(slotBytes));
  }

  private make(bytes: number): SharedArrayBuffer {
    this.count.made++;
    this.count.madeBytes += bytes;
    this.aliveBytes += bytes;
    this.count.peakBytes = Math.max(this.count.peakBytes, this.aliveBytes);
    return new SharedArrayBuffer(bytes);
  }

  private isBig(slot: SharedArrayBuffer): boolean {
    return slot.byteLength !== this.slotBytes;
  }

  /** Over-size slots come in sizes of a power of two slots, so that a spare fits the next long lines. */
  private sizeFor(bytes: number): number {
    let size = 2 * this.slotBytes;
    while (size < bytes) size *= 2;
    return size;
  }

  private out(slot: SharedArrayBuffer, n: 1 | -1): void {
    this.bigOut += n;
    this.bigOutBytes += n * slot.byteLength;
  }

  /** The spare at k leaves the spares: taken (out) or dropped (left to the collector). */
  private unspare(k: number, taken: boolean): SharedArrayBuffer {
    const [slot] = this.spares.splice(k, 1);
    this.sparesBytes -= slot.byteLength;
    if (taken) this.out(slot, 1);
    else this.aliveBytes -= slot.byteLength;
    return slot;
  }

  /** A slot of the pool, once one is free. */
  async take(): Promise<SharedArrayBuffer> {
    while (this.pool.length === 0 && !this.stopped()) await this.wait();
    return this.pool.pop() ?? this.make(this.slotBytes);
  }

  /**
   * A slot of at least `bytes`, for a line longer than a slot: the smallest spare big enough; else a new one, within
   * the budget (spares too small are dropped to make room), or past it once no other is out (the one coming back may
   * do). `held`: over-size slots the caller holds and will give back or hand on without waiting, not waited for.
   */
  async takeBig(bytes: number, held: SharedArrayBuffer[] = []): Promise<SharedArrayBuffer> {
    const mine = held.filter((h) => this.isBig(h)).length;
    for (;;) {
      // Spares are kept smallest first.
      const fit = this.spares.findIndex((sp) => sp.byteLength >= bytes);
      if (fit >= 0) return this.unspare(fit, true);
      const within = this.bigOutBytes + this.sparesBytes + bytes <= this.bigBudget;
      if (!within && this.spares.length > 0) {
        this.unspare(0, false);
        continue;
      }
      if (within || this.bigOut === mine || this.stopped()) break;
      await this.wait();
    }
    const slot = this.make(this.sizeFor(bytes));
    this.out(slot, 1);
    return slot;
  }

  /** A slot is free again: back to the pool, or kept as a spare (the smallest dropped past the budget). */
  give(slot: SharedArrayBuffer): void {
    if (!this.isBig(slot)) {
      this.pool.push(slot);
      return;
    }
    this.out(slot, -1);
    let k = 0;
    while (k < this.spares.length && this.spares[k].byteLength < slot.byteLength) k++;
    this.spares.splice(k, 0, slot);
    this.sparesBytes += slot.byteLength;
    while (this.spares.length > 1 && this.bigOutBytes + this.sparesBytes > this.bigBudget) this.unspare(0, false);
  }
}
