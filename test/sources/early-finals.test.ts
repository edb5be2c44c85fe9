// What the parallel reader's threads know of each other's scanning (src/sources/early-finals.ts): the count of ranges
// scanned in a row moves on only over ranges all scanned, in whatever order they are told; an opening's hash is kept.
import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/engine/audit-id-table.js';
import { markOpening, mayBeOpen, newSharedScan, scannedBefore, setScanned } from '../../src/sources/early-finals.js';

describe('ranges scanned', () => {
  it('counts only the ranges scanned in a row from the first, told in any order', () => {
    const s = newSharedScan();
    expect(scannedBefore(s, 0)).toBe(true);
    expect(scannedBefore(s, 1)).toBe(false);
    // A worker is ahead of the main thread: ranges 1 and 3 first.
    setScanned(s, 1);
    setScanned(s, 3);
    expect(scannedBefore(s, 1)).toBe(false);
    setScanned(s, 0);
    expect(scannedBefore(s, 2)).toBe(true);
    expect(scannedBefore(s, 3)).toBe(false);
    setScanned(s, 2);
    expect(scannedBefore(s, 4)).toBe(true);
    expect(scannedBefore(s, 5)).toBe(false);
  });

  it('runs on through many thousands of ranges (its ring reused)', () => {
    const s = newSharedScan();
    // In pairs told the wrong way round, as two threads may.
    for (let q = 0; q < 20_000; q += 2) {
      setScanned(s, q + 1);
      setScanned(s, q);
    }
    expect(scannedBefore(s, 20_000)).toBe(true);
    expect(scannedBefore(s, 20_001)).toBe(false);
  });
});

describe('openings', () => {
  it('keeps the hash of every ID a stage before the final one had', () => {
    const s = newSharedScan();
    const ids = Array.from({ length: 5000 }, (_, i) => `6b1c7a3e-0d3c-4a51-9f0e-${String(i).padStart(12, '0')}`);
    const h = (id: string): number => hashOf(id, 0, id.length);
    for (const id of ids.slice(0, 2500)) markOpening(s, h(id));
    for (const id of ids.slice(0, 2500)) expect(mayBeOpen(s, h(id))).toBe(true);
    // Others only where their hash falls on a bit taken (a few in a million here).
    expect(ids.slice(2500).filter((id) => mayBeOpen(s, h(id))).length).toBeLessThan(5);
  });
});
