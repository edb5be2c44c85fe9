// Rotated logs are read oldest first, by the time of their first event, whatever their names: logrotate's audit.log
// (newest), audit.log.1, audit.log.2.gz in a directory are read in name order newest first, and a request in flight at
// a rotation had its final stage read before its first one: a late stage, and once more than the completed IDs
// remembered came between them, a request counted twice.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import type { Report } from '../../src/engine/report.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { firstEventTime, oldestFirst } from '../../src/sources/oldest-first.js';
import { AUDIT2RBAC_2017, scratchDir } from '../helpers/fixtures.js';
import { lateStagesOf } from '../helpers/late-stages.js';

const dir = scratchDir('oldest-first');
const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
const events = lines.map((l) => JSON.parse(l) as { auditID: string; stage: string; timestamp: string });
const opts = { kubernetesVersion: '1.30', conformance: 'none' as const, selection: { includeSystem: true } };

/** The first line from `from` on before which a request opened and at which it has not completed: a rotation there splits it. */
function cutInFlight(from: number): number {
  for (let cut = from; cut < events.length; cut++) {
    const before = new Set(events.slice(0, cut).map((e) => e.auditID));
    const done = new Set(events.slice(0, cut).filter((e) => e.stage === 'ResponseComplete').map((e) => e.auditID));
    if (events.slice(cut).some((e) => e.stage === 'ResponseComplete' && before.has(e.auditID) && !done.has(e.auditID))) return cut;
  }
  throw new Error('no request in flight');
}

/** The real log rotated at two points where a request is in flight, as logrotate names them (the oldest compressed). */
function rotated(name: string, extra: string[] = [], newest = (text: string): string => text): { dir: string; files: string[] } {
  const c1 = cutInFlight(250);
  const c2 = cutInFlight(500);
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  const text = (ls: string[]): string => ls.join('\n') + '\n';
  const files = [path.join(d, 'audit.log.2.gz'), path.join(d, 'audit.log.1'), path.join(d, 'audit.log')];
  writeFileSync(files[0], gzipSync(text(lines.slice(0, c1))));
  writeFileSync(files[1], text(lines.slice(c1, c2)));
  writeFileSync(files[2], newest(text([...lines.slice(c2), ...extra])));
  return { dir: d, files };
}

async function analyze(logs: string[], s: Partial<AnalyzeSettings> = {}): Promise<{ report: Report; warnings: string[] }> {
  const warnings: string[] = [];
  const report = await analyzeLogs({ logs, ...opts, ...s, onWarning: (w) => warnings.push(w) });
  return { report, warnings };
}

describe('rotated logs are read oldest first', () => {
  it('finds the time of the first whole event: stageTimestamp, else the time received, plain or escaped in a record', () => {
    const ev = '{"auditID":"a","requestReceivedTimestamp":"2026-12-01T10:00:00.000001Z","stageTimestamp":"2026-12-01T11:00:00.5Z"}';
    expect(firstEventTime(`${ev}\n`, true)).toBe(Date.parse('2026-12-01T11:00:00.5Z'));
    expect(firstEventTime(`${JSON.stringify({ log: ev })}\n`, true)).toBe(Date.parse('2026-12-01T11:00:00.5Z'));
    expect(firstEventTime(`${lines[0]}\n`, true)).toBe(Date.parse(events[0].timestamp));
    // A line cut at the end of the text looked in is not taken.
    expect(firstEventTime(lines[0], false)).toBeNull();
    expect(firstEventTime('not json\n', true)).toBeNull();
  });

  it('logrotate names in a directory: read oldest first, as the whole log, on every path and by rbac', async () => {
    const { dir: d, files } = rotated('rotated');
    expect(await oldestFirst([...files].sort())).toEqual(files);
    // By hand: read newest first, the requests in flight at the rotations have their first stage after their final one.
    const newestFirst = [...lines.slice(cutInFlight(500)), ...lines.slice(cutInFlight(250), cutInFlight(500)), ...lines.slice(0, cutInFlight(250))];
    expect(lateStagesOf(newestFirst).count).toBeGreaterThan(0);
    expect(lateStagesOf(lines).count).toBe(0);
    const whole = path.join(dir, 'whole.log');
    writeFileSync(whole, lines.join('\n') + '\n');
    const alone = await analyze([whole]);
    const runs = [await analyze([d]), await analyze([d], { jobs: 2, parallelMinBytes: 0 }), await analyze([d], { fast: false })];
    for (const r of runs) {
      expect(r.warnings).toEqual(alone.warnings);
      expect(r.report.inputs).toEqual(files);
      expect(r.report.summary).toEqual(alone.report.summary);
      expect(r.report.operations).toEqual(alone.report.operations);
    }
    // Named newest first, as a shell's audit.log audit.log.* gives them: the same.
    expect((await analyze([files[2], files[1], files[0]])).warnings).toEqual(alone.warnings);
    const told: string[] = [];
    const wholeRbac: string[] = [];
    const rbac = await rbacFromLogs({ logs: [d], user: 'system:admin', onWarning: (w) => told.push(w) });
    const rbacAlone = await rbacFromLogs({ logs: [whole], user: 'system:admin', onWarning: (w) => wholeRbac.push(w) });
    expect(told).toEqual(wholeRbac);
    expect(rbac).toEqual(rbacAlone);
  });

  it(`a request in flight at a rotation is counted once, though more than ${2 * RECENTLY_COMPLETED} requests completed after it`, async () => {
    // The newest log goes on with requests made of its last (by auditID and time): the final stage of the request
    // in flight at the rotation is read long before its first stage, in the older log, when read newest first.
    const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    const base = Date.parse(events[events.length - 1].timestamp);
    const more = Array.from({ length: 2 * RECENTLY_COMPLETED + 10 }, (_, i) => {
      const at = new Date(base + 1000 + i).toISOString();
      return JSON.stringify({ ...last, auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, timestamp: at, stage: 'ResponseComplete' });
    });
    const { dir: d } = rotated('many', more);
    const ids = new Set([...events.map((e) => e.auditID)]).size + more.length;
    const runs = [await analyze([d]), await analyze([d], { jobs: 2, parallelMinBytes: 0 }), await analyze([d], { fast: false })];
    for (const r of runs) {
      expect(r.report.summary.requests).toBe(ids);
      expect(r.report.summary).toEqual(runs[0].report.summary);
      expect(r.warnings).toEqual(runs[0].warnings);
    }
  });

  it('a first event longer than 64 KB (a ConfigMap in its body), or after NULs and blank lines, still dates its log', async () => {
    const body = { kind: 'ConfigMap', apiVersion: 'v1', data: { 'app.yaml': 'x'.repeat(100 * 1024) } };
    const big = (line: string): string => JSON.stringify({ ...(JSON.parse(line) as object), requestObject: body });
    const bigFirst = (t: string): string => t.replace(/^[^\n]*/, big);
    const { dir: d, files } = rotated('big-first', [], bigFirst);
    expect(readFileSync(files[2], 'utf8').indexOf('\n')).toBeGreaterThan(100 * 1024);
    expect(await oldestFirst([...files].sort())).toEqual(files);
    const c2 = cutInFlight(500);
    const whole = path.join(dir, 'big-first-whole.log');
    writeFileSync(whole, [...lines.slice(0, c2), big(lines[c2]), ...lines.slice(c2 + 1)].join('\n') + '\n');
    const alone = await analyze([whole]);
    const read = await analyze([d]);
    expect(read.report.inputs).toEqual(files);
    expect(read.warnings).toEqual(alone.warnings);
    expect(read.report.summary).toEqual(alone.report.summary);
    // logrotate copytruncate leaves NULs where the log was emptied under a writer: they are not its first line.
    const { files: nul } = rotated('nul-first', [], (t) => '\0'.repeat(70 * 1024) + '\n\n' + t);
    expect(await oldestFirst([...nul].sort())).toEqual(nul);
  });

  it('a hole of NULs longer than the longest line is not read to its end to date its log: no time, in bounded memory', async () => {
    // A sparse copytruncate copy: 64 MB of NULs, then the oldest events. Its time is not looked for past the bound (a
    // review found 1 GB of zeros read to its end and held, 1.08 GB of RSS): the hole's log has no time and stays
    // after the log given before it.
    const hole = path.join(dir, 'hole.log');
    writeFileSync(hole, '');
    truncateSync(hole, 64 * 1024 * 1024 + 1);
    appendFileSync(hole, lines.slice(0, 10).join('\n') + '\n');
    const newer = path.join(dir, 'after-hole.log');
    writeFileSync(newer, lines.slice(10).join('\n') + '\n');
    expect(await oldestFirst([newer, hole])).toEqual([newer, hole]);
  });

  it('logs that start in the same second (v1beta1 times) are read by their rotation names, oldest first, as the whole log', async () => {
    // audit.log.1 is lines 239-245, all in one second; audit.log starts in that second with line 245's request's final stage.
    const d = path.join(dir, 'tie');
    mkdirSync(d, { recursive: true });
    const text = (ls: string[]): string => ls.join('\n') + '\n';
    const files = [path.join(d, 'audit.log.2.gz'), path.join(d, 'audit.log.1'), path.join(d, 'audit.log')];
    writeFileSync(files[0], gzipSync(text(lines.slice(0, 238))));
    writeFileSync(files[1], text(lines.slice(238, 245)));
    writeFileSync(files[2], text(lines.slice(245)));
    expect(new Set(events.slice(238, 246).map((e) => e.timestamp)).size).toBe(1);
    expect(lateStagesOf([...lines.slice(245), ...lines.slice(238, 245)]).count).toBeGreaterThan(0);
    const whole = path.join(dir, 'whole.log');
    writeFileSync(whole, text(lines));
    const alone = await analyze([whole]);
    for (const given of [[d], [...files].reverse(), files]) {
      const read = await analyze(given);
      expect(read.report.inputs).toEqual(files);
      expect(read.warnings).toEqual(alone.warnings);
      expect(read.report.summary).toEqual(alone.report.summary);
    }
    // lumberjack's backups, the time in their names, are older than the live log.
    const lj = [path.join(d, 'audit-2017-01-01T10-00-00.000.log.gz'), path.join(d, 'audit-2017-01-02T10-00-00.000.log'), path.join(d, 'audit.log')];
    writeFileSync(lj[0], gzipSync(text(lines.slice(0, 238))));
    writeFileSync(lj[1], text(lines.slice(238, 245)));
    expect(await oldestFirst([lj[2], lj[1], lj[0]])).toEqual(lj);
  });

  it('a rotated log whose start has no time goes among its siblings by its name', async () => {
    const { files } = rotated('no-time');
    // audit.log.1's events without their times (as from a log that dropped them): its start tells nothing.
    writeFileSync(files[1], readFileSync(files[1], 'utf8').replace(/"timestamp":"[^"]*",?/g, ''));
    expect(await oldestFirst([files[2], files[1], files[0]])).toEqual(files);
  });

  it('a FIFO given with other logs is read whole: it is not opened to be dated', { timeout: 60_000 }, async () => {
    const fifo = path.join(dir, 'fifo');
    rmSync(fifo, { force: true });
    execFileSync('mkfifo', [fifo]);
    const cut = cutInFlight(250);
    const older = path.join(dir, 'fifo-older.log');
    const newer = path.join(dir, 'fifo-newer.log');
    const whole = path.join(dir, 'whole.log');
    writeFileSync(older, lines.slice(0, cut).join('\n') + '\n');
    writeFileSync(newer, lines.slice(cut).join('\n') + '\n');
    writeFileSync(whole, lines.join('\n') + '\n');
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', older, fifo], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    try {
      const read = await analyze([fifo, newer]);
      expect(await exited).toBe(0);
      const alone = await analyze([whole]);
      expect(read.report.summary).toEqual(alone.report.summary);
      expect(read.warnings).toEqual(alone.warnings);
    } finally {
      writer.kill();
    }
  });
});
