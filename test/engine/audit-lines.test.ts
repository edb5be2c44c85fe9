// The WebAssembly reader of whole lines (src/engine/audit-lines.c and .ts): built from its source; each event it
// gives is scanEvent's, in batches, across its intern table's slots and the lines it leaves to JS; and the reader
// of files gives the reference path's report through it. (Line by line against scanEvent and the reference path,
// on the real fixtures and random lines: test/speed/fast-path.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAuditLines, LINES_MODULE_FILE, linesModuleText } from '../../scripts/make-wasm.js';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { analyzeLogs } from '../../src/analyze.js';
import type { AuditEvent } from '../../src/engine/audit.js';
import { auditLines } from '../../src/engine/audit-lines.js';
import { scanEvent } from '../../src/engine/event-fields.js';
import { scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('audit-lines');
const wasm = auditLines()!;

/** Every line of buf (ending in a newline) through the reader, batch by batch: its event or null, and scanEvent's. */
function both(buf: Buffer): Array<{ wasm: AuditEvent | null; js: AuditEvent | null }> {
  const out: Array<{ wasm: AuditEvent | null; js: AuditEvent | null }> = [];
  for (let start = 0; start < buf.length; ) {
    const read = wasm.scan(buf, start, buf.length);
    expect(read).toBeGreaterThan(0);
    for (let i = 0; i < wasm.count; i++) out.push({ wasm: wasm.event(i), js: scanEvent(buf, wasm.lineStart(i), wasm.lineEnd(i)) });
    start += read;
  }
  return out;
}

const event = (o: Record<string, unknown>): string =>
  JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', verb: 'get', requestURI: '/api/v1/pods', ...o });

describe('the WebAssembly line reader', () => {
  it('is built from audit-lines.c: the committed module is what npm run wasm makes of it (clang)', () => {
    expect(readFileSync(LINES_MODULE_FILE, 'utf8')).toBe(linesModuleText(compileAuditLines()));
  });

  it("gives scanEvent's event for each line it takes, in batches of at most 4096 lines, and leaves the rest to JS", async () => {
    const log = await generateAuditLog({ bytes: 3e6, out: path.join(dir, 'g.log'), seed: 5, requestResponseShare: 0, requestShare: 0 });
    // Short lines too, so that a megabyte holds more lines than a batch.
    const short = Array.from({ length: 9000 }, (_, i) => event({ auditID: `s${i}`, user: { username: `u${i % 50}`, groups: ['system:authenticated'] } }));
    const buf = Buffer.from(readFileSync(log.file, 'utf8') + short.join('\n') + '\n');
    const lines = both(buf);
    expect(lines.length).toBe(log.lines + short.length);
    for (const l of lines) if (l.wasm !== null) expect(l.wasm).toStrictEqual(l.js);
    // Not vacuous: it takes the generated log's lines (all but its few malformed ones).
    expect(lines.filter((l) => l.wasm !== null).length).toBeGreaterThan(lines.length * 0.99);
  });

  it('keeps its intern table right when values collide, repeat within a line, and come in lines it leaves to JS', () => {
    // Many distinct short values (more than the table's 8192 slots), repeated in other fields of the same line and
    // in lines that fall back (seven groups: more than a record holds; or a code as a float).
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const v = `v${(i * 7919) % 12_000}`;
      const fallback = i % 3 === 0 ? { responseStatus: { code: 2.5 } } : i % 3 === 1 ? { user: { username: v, groups: ['a', 'b', 'c', 'd', 'e', 'f', v] } } : {};
      lines.push(
        event({
          auditID: `a${i}`,
          verb: v,
          userAgent: v,
          user: { username: `w${i % 9000}`, groups: [v, `w${i % 9000}`, v] },
          objectRef: { resource: v, namespace: `w${(i * 31) % 9000}`, apiGroup: v, apiVersion: 'v1' },
          ...fallback,
        }),
      );
    }
    const result = both(Buffer.from(lines.join('\n') + '\n'));
    let taken = 0;
    for (const l of result) {
      expect(l.js).not.toBeNull();
      if (l.wasm === null) continue;
      taken++;
      expect(l.wasm).toStrictEqual(l.js);
    }
    expect(taken).toBeGreaterThan(9000);
    expect(taken).toBeLessThan(11_000); // the two in three lines that fall back did
  });

  it('gives one user object to the events of one user with the same groups (a held request keeps its user)', () => {
    const u = (username: string, groups?: string[]) => ({ username, groups });
    const users = [u('alice', ['a', 'b']), u('alice', ['a', 'b']), u('alice', ['a']), u('alice', ['a', 'c']), u('alice'), u('alice'), u('alice', []), u('bob', ['a', 'b'])];
    const lines = users.map((user, i) => event({ auditID: `u${i}`, user, impersonatedUser: i === 7 ? users[0] : undefined }));
    const got = both(Buffer.from(lines.join('\n') + '\n')).map((l) => l.wasm!);
    // The same values as scanEvent's; shared where username and groups are the same strings.
    got.forEach((ev, i) => expect(ev.user).toStrictEqual(scanEvent(Buffer.from(lines[i]), 0, lines[i].length)!.user));
    const same = (i: number, j: number): boolean => got[i].user === got[j].user;
    expect([same(0, 1), same(1, 2), same(2, 3), same(4, 5), same(5, 6), same(0, 7)]).toEqual([true, false, false, true, false, false]);
    expect(got[7].impersonatedUser).toStrictEqual(users[0]);
  });

  it('leaves a line longer than a batch to the caller', () => {
    const long = event({ auditID: 'long', requestObject: { data: 'x'.repeat(1_200_000) } });
    const buf = Buffer.from(long + '\n' + event({ auditID: 'next' }) + '\n');
    expect(wasm.scan(buf, 0, buf.length)).toBe(0);
    const next = long.length + 1;
    expect(wasm.scan(buf, next, buf.length)).toBe(buf.length - next);
    expect(wasm.event(0)).toStrictEqual(scanEvent(buf, next, buf.length - 1));
  });

  it('gives the reference report through the file reader: blank, invalid and multi-line objects among batches', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 6000; i++) {
      parts.push(event({ auditID: `r${i}`, verb: i % 2 ? 'list' : 'get', user: { username: `u${i % 7}` } }));
      if (i % 1000 === 10) parts.push('');
      if (i % 1000 === 20) parts.push('{"kind":"Event",');
      if (i % 1000 === 30) parts.push(JSON.stringify(JSON.parse(event({ auditID: `pretty${i}` })), null, 2));
    }
    const file = path.join(dir, 'mixed.log');
    writeFileSync(file, parts.join('\n') + '\n');
    const settings = { logs: [file], kubernetesVersion: '1.36', selection: { includeSystem: true } };
    const fast = await analyzeLogs(settings);
    expect(fast).toStrictEqual(await analyzeLogs({ ...settings, fast: false }));
    expect(fast.summary.requests).toBe(6000 + 6);
    expect(fast.summary.invalidLines).toBe(6);
  });
});
