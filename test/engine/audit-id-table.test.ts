// AuditIdTable against the rule it implements, written the plain way: an ID completed in generation g (the
// completions numbered 0, 1, ... and cut into generations of RECENTLY_COMPLETED) is remembered while the current
// generation is g or g + 1; a request in flight is never forgotten, nor one counted early whose final stage has not
// come (up to the bound given).
import { describe, expect, it } from 'vitest';
import { AuditIdTable, LONG_ID, RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';

const W = RECENTLY_COMPLETED;

class Reference {
  private readonly ids = new Map<string, { open: number } | { doneIn: number; early: boolean }>();
  private completions = 0;
  /** The values of requests in flight, in the order they opened. */
  private readonly opened = new Set<number>();
  get(id: string): number | null | undefined {
    const e = this.ids.get(id);
    if (!e) return undefined;
    if ('open' in e) return e.open;
    if (e.early) return null;
    return e.doneIn >= Math.floor(this.completions / W) - 1 ? null : undefined;
  }
  countedEarly(id: string): boolean {
    const e = this.ids.get(id);
    return e !== undefined && 'early' in e && e.early;
  }
  /**
   * The final stage of a request counted early came: completed like any other from then on, in the generation that
   * holds it (carried over every second generation since it was counted).
   */
  finalCame(id: string): void {
    const e = this.ids.get(id) as { doneIn: number };
    const now = Math.floor(this.completions / W);
    this.ids.set(id, { doneIn: e.doneIn + 2 * Math.floor((now - e.doneIn) / 2), early: false });
  }
  set(id: string, v: number): void {
    if (this.get(id) === undefined) this.opened.add(v);
    this.ids.set(id, { open: v });
  }
  complete(id: string, early = false): void {
    const e = this.ids.get(id);
    if (e && 'open' in e) this.opened.delete(e.open);
    this.ids.set(id, { doneIn: Math.floor(this.completions / W), early });
    this.completions++;
  }
  oldestOpen(): number | undefined {
    for (const v of this.opened) return v;
    return undefined;
  }
  open(): number[] {
    return [...this.ids.values()].flatMap((e) => ('open' in e ? [e.open] : []));
  }
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('AuditIdTable', () => {
  it(`agrees with the plain rule over ${(5 * W) / 1000}k requests: late stages, repeats, requests left open or counted early, IDs of any length, the oldest in flight`, () => {
    const rnd = random(7);
    const table = new AuditIdTable<number>();
    const ref = new Reference();
    // IDs are looked up inside a longer string, as the parallel replay does: prefix + ID + suffix.
    const idOf = (n: number): string => (n % 13 === 0 ? `ü-${n}-\u{1F600}` : n % 7 === 0 ? `x${n}`.repeat(20) : `0000${n.toString(16)}-aaaa`);
    let next = 0;
    let opened = 0;
    let disagreements = 0;
    let lateSeen = 0;
    let forgottenSeen = 0;
    let oldestAsked = 0;
    let finalsCame = 0;
    while (next < 5 * W) {
      // Mostly new requests; some late stages of recent or old ones, across the generations' edges.
      const r = rnd();
      const n = r < 0.8 ? next++ : Math.max(0, next - Math.floor(rnd() * 2.5 * W));
      const id = idOf(n);
      const s = `[${id}]`;
      const got = table.get(s, 1, id.length);
      const want = ref.get(id);
      if (got !== want) disagreements++;
      if (want === null && table.countedEarly !== ref.countedEarly(id)) disagreements++;
      if (want === null) lateSeen++;
      // The final stage of one counted early, now and then.
      if (want === null && ref.countedEarly(id) && rnd() < 0.3) {
        table.finalCame();
        ref.finalCame(id);
        finalsCame++;
      }
      if (want === undefined && n < next - 1) forgottenSeen++;
      if (want === null) continue;
      if (rnd() < 0.3 || n % 11 === 0) {
        // A first or middle stage: the request is (still) in flight.
        const v = want ?? opened++;
        table.set(s, 1, id.length, v);
        ref.set(id, v);
      } else {
        // Some counted early: the limit on requests in flight.
        const early = rnd() < 0.1;
        table.complete(s, 1, id.length, early);
        ref.complete(id, early);
      }
      // The oldest in flight, asked from a third of the way on (the order is kept from the first question).
      if (next > 1.7 * W && next % 97 === 0) {
        if (table.oldestOpen() !== ref.oldestOpen()) disagreements++;
        oldestAsked++;
      }
    }
    expect(disagreements).toBe(0);
    expect(oldestAsked).toBeGreaterThan(1000);
    // The run did exercise both sides of the rule.
    expect(lateSeen).toBeGreaterThan(1000);
    expect(forgottenSeen).toBeGreaterThan(1000);
    expect(finalsCame).toBeGreaterThan(1000);
    const open = ref.open().sort((a, b) => a - b);
    expect(open.length).toBeGreaterThan(1000);
    expect(table.takeOpen()).toStrictEqual(open);
  });

  it('remembers long IDs in a pool bounded by their number, not their length, and still tells them apart', () => {
    // 220,000 distinct auditIDs of 2,012 characters once took 1.2 GB: each was copied into the pool, two bytes a
    // character. Here 2.5 generations of IDs of 300 characters, each the one before shifted by a character (and one
    // character off each, never seen), looked up inside one long string as the parallel replay does.
    const rnd = random(11);
    const len = 300;
    const n = 2.5 * W;
    const text = Array.from({ length: n + len }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
    const table = new AuditIdTable<number>();
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (table.get(text, i, len) !== undefined) wrong++;
      // Every tenth in flight for a while: carried over the generations' edges.
      if (i % 10 === 0) table.set(text, i, len, i);
      if (i >= 50 && (i - 50) % 10 === 0) {
        if (table.get(text, i - 50, len) !== i - 50) wrong++;
        table.complete(text, i - 50, len);
      } else if (i % 10 !== 0) table.complete(text, i, len);
    }
    expect(wrong).toBe(0);
    // The last generation's are remembered as completed, the oldest forgotten; one character off is another ID.
    const last = n - 100;
    const off = text.slice(last, last + len - 1) + (text[last + len - 1] === 'a' ? 'b' : 'a');
    expect([table.get(text, last - 1, len), table.get(text, 10, len), table.get(off)]).toStrictEqual([null, undefined, undefined]);
    expect(len).toBeGreaterThan(LONG_ID);
    // Two generations, each of up to twice W IDs' worth of room (the pool doubles), a few code units an ID.
    expect(table.poolUnits).toBeLessThanOrEqual(2 * 2 * W * 8);
  });

  it('knows the oldest in flight while many more requests complete than stay open', () => {
    // Few in flight at a time and many completing: the order's entries of completed requests are dropped as it goes.
    const rnd = random(11);
    const table = new AuditIdTable<number>();
    const ref = new Reference();
    let disagreements = 0;
    let next = 0;
    const open: number[] = [];
    for (let step = 0; step < 200_000; step++) {
      if (open.length < 5 || rnd() < 0.5) {
        const n = next++;
        table.get(`r${n}`);
        table.set(`r${n}`, 0, `r${n}`.length, n);
        ref.set(`r${n}`, n);
        open.push(n);
      } else {
        // Mostly a recent one, sometimes the oldest or one in between.
        const k = rnd() < 0.1 ? 0 : open.length - 1 - Math.floor(rnd() * Math.min(open.length, 4));
        const [n] = open.splice(k, 1);
        table.get(`r${n}`);
        const early = rnd() < 0.5;
        table.complete(`r${n}`, 0, `r${n}`.length, early);
        ref.complete(`r${n}`, early);
      }
      if (table.oldestOpen() !== ref.oldestOpen()) disagreements++;
    }
    expect(disagreements).toBe(0);
    expect(table.openCount).toBe(open.length);
  });

  it('forgets exactly at the generations\' edges', () => {
    const table = new AuditIdTable<number>();
    const id = (c: number): string => `e${c}`;
    const probe = (c: number): number | null | undefined => table.get(id(c));
    const edges: [number, number | null | undefined, number | null | undefined][] = [];
    for (let c = 0; c < 3 * W + 5; c++) {
      expect(probe(c)).toBeUndefined();
      table.complete(id(c), 0, id(c).length);
      const done = c + 1;
      if (done >= 2 * W && [0, 1, W - 1].includes(done % W)) {
        // The oldest remembered is the first of the previous generation; the one before it is forgotten.
        const oldest = (Math.floor(done / W) - 1) * W;
        edges.push([done, probe(oldest), probe(oldest - 1)]);
      }
    }
    expect(edges.length).toBe(5);
    for (const [, remembered, forgotten] of edges) {
      expect(remembered).toBeNull();
      expect(forgotten).toBeUndefined();
    }
  });

  it('remembers requests counted early past the window until their final stage comes, up to the bound, and counts those it forgets', () => {
    const table = new AuditIdTable<number>(3);
    const early = Array.from({ length: 5 }, (_, k) => `early-${k}`);
    for (const [k, id] of early.entries()) {
      table.get(id);
      table.set(id, 0, id.length, k);
      table.get(id);
      table.complete(id, 0, id.length, true);
    }
    // Three generations of other requests: five counted early are awaited, three kept.
    for (let c = 0; c < 3 * W; c++) {
      table.get(`r${c}`);
      table.complete(`r${c}`, 0, `r${c}`.length);
    }
    const kept = early.filter((id) => table.get(id) === null && table.countedEarly);
    expect([kept.length, table.forgottenEarly]).toStrictEqual([3, 2]);
    expect(early.filter((id) => table.get(id) === undefined).length).toBe(2);
    // A final stage came for one: it is completed like any other from then on, and forgotten two generations later.
    table.get(kept[0]);
    table.finalCame();
    expect([table.get(kept[0]), table.countedEarly]).toStrictEqual([null, false]);
    for (let c = 0; c < 2 * W; c++) {
      table.get(`s${c}`);
      table.complete(`s${c}`, 0, `s${c}`.length);
    }
    expect(kept.map((id) => table.get(id))).toStrictEqual([undefined, null, null]);
    expect(table.forgottenEarly).toBe(2);
  });
});
