// Scale beyond one machine: reports of shards merge into the report of the whole (issue 4, point 3), through the
// whole pipeline (files, gzip, fast path, shipped later specs, conformance overlay, deprecations) on generated logs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { mergeReports } from '../../src/engine/merge.js';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('merge');
const settings = (logs: string[]): AnalyzeSettings => ({
  logs,
  // 1.33: later shipped releases (1.34-1.36) say what is removed; the generated traffic is 1.36's, so some is unknown.
  kubernetesVersion: '1.33',
  selection: { includeSystem: true },
  policy: { failOn: ['alpha', 'beta', 'deprecated', 'removed'] },
});

describe('merge(analyze(a), analyze(b)) equals analyze(a+b)', () => {
  it('for two generated logs (one gzip), in either order', async () => {
    const a = await generateAuditLog({ bytes: 3e6, out: path.join(dir, 'a.log'), seed: 41, invalidEvery: 400 });
    const b = await generateAuditLog({ bytes: 2e6, out: path.join(dir, 'b.log.gz'), gzip: true, seed: 42, invalidEvery: 300 });
    const whole = await analyzeLogs(settings([a.file, b.file]));
    const ra = await analyzeLogs(settings([a.file]));
    const rb = await analyzeLogs(settings([b.file]));
    // Besides its parts, each report's own counts (what fail-on empty judges), as its inputs are the logs.
    const { parts, ...merged } = mergeReports([ra, rb]);
    expect(parts!.map((p) => p.requests)).toEqual([ra.summary.requests, rb.summary.requests]);
    expect(merged).toStrictEqual(whole);
    const reversed = await analyzeLogs(settings([b.file, a.file]));
    const { parts: _reversedParts, ...mergedReversed } = mergeReports([rb, ra]);
    expect(mergedReversed).toStrictEqual(reversed);
    // Not a trivial case: both shards hit operations, some the same ones, and the verdict has something to say.
    expect(ra.summary.matched).toBeGreaterThan(0);
    expect(rb.summary.matched).toBeGreaterThan(0);
    const shared = ra.operations.filter((o) => rb.operations.some((p) => p.operationId === o.operationId && p.method === o.method));
    expect(shared.length).toBeGreaterThan(10);
    expect(whole.verdict.violations.length).toBeGreaterThan(0);
    expect(whole.summary.invalidLines).toBe(a.invalidLines + b.invalidLines);
  });

  it('for one log sharded by auditID (no request straddles shards), compared with the unsplit log', async () => {
    const log = await generateAuditLog({ bytes: 4e6, out: path.join(dir, 'whole.log'), seed: 43 });
    const shards: string[][] = [[], [], []];
    for (const l of readFileSync(log.file, 'utf8').split('\n')) {
      if (!l) continue;
      const id = (JSON.parse(l) as { auditID: string }).auditID;
      shards[parseInt(id[0], 16) % 3].push(l);
    }
    const files = shards.map((lines, i) => {
      const f = path.join(dir, `shard-${i}.log${i === 1 ? '.gz' : ''}`);
      const text = lines.join('\n') + '\n';
      writeFileSync(f, i === 1 ? gzipSync(text) : text);
      return f;
    });
    const whole = await analyzeLogs(settings([log.file]));
    const parts = await Promise.all(files.map((f) => analyzeLogs(settings([f]))));
    const { parts: _parts, ...merged } = mergeReports(parts);
    expect(merged.inputs).toStrictEqual(files);
    expect({ ...merged, inputs: whole.inputs }).toStrictEqual(whole);
    expect(whole.summary.requests).toBe(log.requests);
  });
});
