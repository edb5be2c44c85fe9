// The CLI stops V8 growing the main thread's young generation past 32 MB (src/cli/young-generation.ts): run in a
// child Node that allocates as parsing does, with and without the cap.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_BYTES } from '../../src/cli/young-generation.js';
import { scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('young-generation');
const moduleUrl = pathToFileURL(path.resolve('src/cli/young-generation.ts')).href;

/** The young generation's size after allocating as a parse does (short-lived objects, a few kept), yielding now and then. */
function youngGenerationAfterWork(cap: boolean, extraArgs: string[] = []): number {
  const script = path.join(dir, 'work.mts');
  writeFileSync(
    script,
    `import v8 from 'node:v8';
import { capYoungGeneration } from ${JSON.stringify(moduleUrl)};
if (process.argv[2] === 'cap') capYoungGeneration();
let keep = [];
for (let round = 0; round < 300; round++) {
  for (let i = 0; i < 100_000; i++) {
    const o = { a: i, b: 'x' + (i % 1000), c: [i] };
    if (i % 50 === 0) keep.push(o);
    if (keep.length > 200_000) keep = [];
  }
  await new Promise((r) => setImmediate(r));
}
const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(ns.space_size);
`,
  );
  const r = spawnSync(process.execPath, [...extraArgs, '--import', 'tsx', script, cap ? 'cap' : 'free'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

describe('capYoungGeneration', () => {
  it('stops the young generation growing once it reaches 32 MB; --max-semi-space-size given by the user wins', () => {
    const free = youngGenerationAfterWork(false);
    const capped = youngGenerationAfterWork(true);
    // Noticed after the garbage collection that grew it, so at most one more doubling.
    expect(capped).toBeLessThanOrEqual(2 * YOUNG_GENERATION_BYTES);
    // V8's own limit depends on the machine's memory: where it is higher, the cap is what stops it.
    if (free > 2 * YOUNG_GENERATION_BYTES) expect(capped).toBeLessThan(free);
    const given = youngGenerationAfterWork(true, ['--max-semi-space-size=64']);
    expect(given).toBeGreaterThan(capped);
  }, 60_000);
});

/**
 * A worker's young generation after it allocates, started (resourceLimits: 16 MB, as parallel.ts's) once this thread's
 * young generation has reached the cap, as the main thread's does while it parses alone before a worker is ready.
 */
function workersYoungGeneration(full: boolean): number {
  const script = path.join(dir, 'worker.mts');
  writeFileSync(
    script,
    `import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { capYoungGeneration, fullYoungGenerationForWorkers } from ${JSON.stringify(moduleUrl)};
capYoungGeneration();
const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
let keep = [];
for (let round = 0; round < 300 && young() < ${YOUNG_GENERATION_BYTES}; round++) {
  for (let i = 0; i < 100_000; i++) {
    const o = { a: i, b: 'x' + (i % 1000), c: [i] };
    if (i % 50 === 0) keep.push(o);
    if (keep.length > 200_000) keep = [];
  }
  await new Promise((r) => setImmediate(r));
}
if (process.argv[2] === 'full') fullYoungGenerationForWorkers();
const work = \`const v8 = require('node:v8');
const { parentPort } = require('node:worker_threads');
let keep = [];
(async () => {
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 100_000; i++) {
      const o = { a: i, b: 'x' + (i % 1000) };
      if (i % 50 === 0) keep.push(o);
      if (keep.length > 100_000) keep = [];
    }
    await new Promise((r) => setImmediate(r));
  }
  parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
})();\`;
const w = new Worker(work, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
w.on('message', (size) => {
  console.log(young() >= ${YOUNG_GENERATION_BYTES}, size);
  void w.terminate();
});
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, full ? 'full' : 'free'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [capped, size] = r.stdout.trim().split(' ');
  // This thread's young generation did reach the cap first.
  expect(capped).toBe('true');
  return Number(size);
}

describe('fullYoungGenerationForWorkers', () => {
  it("gives a worker started after the cap took effect its whole young generation, not V8's first 2 MB", () => {
    // The cap stops growth in every isolate of the process: a worker keeps what it started with.
    expect(workersYoungGeneration(false)).toBeLessThan(8 << 20);
    expect(workersYoungGeneration(true)).toBe(16 << 20);
  }, 60_000);
});
