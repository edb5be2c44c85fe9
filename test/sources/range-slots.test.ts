// The parallel reader's slots of shared memory, driven the way its reading loop drives them: a line longer than a slot
// grows through over-size slots, goes in flight to a parser, and comes back. Counted: how many SharedArrayBuffers are
// made and how many bytes are alive at once, whatever the number of long lines.
import { describe, expect, it } from 'vitest';
import { RangeSlots } from '../../src/sources/range-slots.js';

const SLOT = 1 << 10;

/** A pool whose waits hand back the oldest range in flight, as a parser finishing it would. */
function reader(budget: number) {
  const inFlight: SharedArrayBuffer[] = [];
  let waits = 0;
  const slots = new RangeSlots(
    SLOT,
    6,
    budget,
    async () => {
      waits++;
      const done = inFlight.shift();
      if (!done) throw new Error('waited with nothing in flight: it would never wake');
      slots.give(done);
    },
    () => false,
  );
  /** Read a line of `bytes`: grow as the reading loop does (doubling from a slot), then hand it on. */
  const line = async (bytes: number): Promise<void> => {
    let slot = await slots.take();
    while (slot.byteLength < bytes) {
      const bigger = await slots.takeBig(Math.max(slot.byteLength * 2, bytes), [slot]);
      slots.give(slot);
      slot = bigger;
    }
    inFlight.push(slot);
  };
  return { slots, line, inFlight, waits: () => waits };
}

describe('RangeSlots', () => {
  it('reuses over-size slots: a few made for a thousand long lines, within the budget', async () => {
    const r = reader(16 * SLOT);
    for (let i = 0; i < 1000; i++) await r.line(SLOT * (1.5 + (i % 5)));
    // The pool's six, and a handful of over-size slots (sizes of 2, 4 and 8 slots).
    expect(r.slots.count.made).toBeLessThanOrEqual(6 + 6);
    expect(r.slots.count.peakBytes).toBeLessThanOrEqual(6 * SLOT + 16 * SLOT + 2 * 8 * SLOT);
    expect(r.waits()).toBeGreaterThan(0);
  });

  it('past the budget, makes one only once the others are back: lines longer than the budget go one at a time', async () => {
    const r = reader(16 * SLOT);
    for (let i = 0; i < 200; i++) await r.line(SLOT * 30);
    // Each line needs a slot of 32: the one in flight comes back before the next is made or reused.
    expect(r.inFlight.length).toBe(1);
    expect(r.slots.count.peakBytes).toBeLessThanOrEqual(6 * SLOT + 2 * 32 * SLOT + 16 * SLOT);
    expect(r.slots.count.made).toBeLessThanOrEqual(6 + 8);
  });
});
