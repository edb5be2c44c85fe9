// The WebAssembly skip of bodies (src/engine/json-skip.ts): built from its source, the same answers as the JS walk
// whatever memory the bytes are in and however large, and a JS fallback where its stack ends.
// (Whether it accepts exactly what JSON.parse accepts is checked beside skipValue, in test/speed/fast-path.test.ts.)
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileJsonSkip, MODULE_FILE, moduleText } from '../../scripts/make-wasm.js';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { toAuditEvent } from '../../src/engine/audit.js';
import { scanEvent, skipValue } from '../../src/engine/event-fields.js';
import { skipInWasm } from '../../src/engine/json-skip.js';
import { repoRoot, scratchDir } from '../helpers/fixtures.js';

/** Where each top-level value of an object line starts, found by JSON.parse's own reading: key by key. */
function bodyStarts(line: Buffer): Array<{ key: string; at: number }> {
  const text = line.toString('latin1');
  const out: Array<{ key: string; at: number }> = [];
  for (const key of ['requestObject', 'responseObject']) {
    const k = text.indexOf(`"${key}":`);
    if (k >= 0) out.push({ key, at: k + key.length + 3 });
  }
  return out;
}

describe('the WebAssembly skip', () => {
  it('is built from json-skip.wat: the committed module is what npm run wasm makes of it', async () => {
    expect(readFileSync(MODULE_FILE, 'utf8')).toBe(moduleText(await compileJsonSkip()));
  });

  it('steps over every body of a generated log to where the JS walk does', async () => {
    const log = await generateAuditLog({ bytes: 3e6, out: path.join(scratchDir('json-skip'), 'bodies.log'), seed: 11 });
    const lines = readFileSync(log.file).toString('latin1').split('\n').filter(Boolean).map((l) => Buffer.from(l, 'latin1'));
    let bodies = 0;
    for (const line of lines) {
      for (const { at } of bodyStarts(line)) {
        const js = skipValue(line, at, line.length);
        expect(js).toBeGreaterThan(at);
        expect(skipInWasm(line, at, line.length)).toBe(js);
        bodies++;
      }
    }
    // Not vacuous: the generator writes a body on about a quarter of the events (169 in these 3 MB).
    expect(bodies).toBeGreaterThan(100);
  });

  it('reads the same from a Buffer, a plain Uint8Array and shared memory (the parallel reader\'s ranges)', () => {
    const text = ' {"spec":{"containers":[{"name":"a\\"b\\u00e9","args":["--x=1",2.5e-3,true,null]}]},"n":-0} ,';
    const buf = Buffer.from(text);
    const want = skipValue(buf, 1, buf.length);
    expect(want).toBe(text.lastIndexOf('}') + 1);
    const shared = Buffer.from(new SharedArrayBuffer(buf.length));
    buf.copy(shared);
    for (const bytes of [buf, new Uint8Array(buf), shared]) expect(skipInWasm(bytes, 1, bytes.length)).toBe(want);
    // Cut inside the value: not JSON, whatever memory.
    for (const bytes of [buf, new Uint8Array(buf), shared]) expect(skipInWasm(bytes, 1, 40)).toBe(-1);
  });

  it('never takes a byte at or past end: values cut at every length, with what would close them after end and in its memory', () => {
    let cases = 0;
    for (let n = 0; n < 40; n++) {
      const values = [
        `["${'a'.repeat(n)}"]`,
        `["${'a'.repeat(n)}\\u00aF"]`,
        `{"${'k'.repeat(n)}":[true,false,null,-0.5e-7,1E+2,"\\"${'b'.repeat(n % 17)}"]}`,
        `[${'1'.repeat(n + 1)}]`,
        `"${'s'.repeat(n)}"`,
        `${'9'.repeat(n + 1)}`,
      ];
      for (const value of values) {
        for (const after of ['"]}', '\\"', ']]]]', 'e1', 'rue']) {
          const b = Buffer.from(value + after, 'latin1');
          // The module's memory first holds the whole text, closers and all; then each cut of the value is asked.
          skipInWasm(b, 0, b.length);
          for (let end = 0; end <= value.length; end++) {
            expect(skipInWasm(b, 0, end), `${JSON.stringify(value.slice(0, end))} before ${after}`).toBe(skipValue(b, 0, end));
            cases++;
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(10_000);
    // An end past the bytes given is not taken on trust: what the memory holds there belongs to another line.
    skipInWasm(Buffer.from('[1]'), 0, 3);
    expect(skipInWasm(Buffer.from('[1'), 0, 3)).toBeUndefined();
  });

  it('grows its memory for a value larger than any before, and keeps working after', () => {
    const big = Buffer.from(JSON.stringify({ data: { blob: 'x'.repeat(3_000_000), list: Array.from({ length: 20_000 }, (_, i) => ({ i, s: `v${i}\\"` })) } }));
    expect(skipInWasm(big, 0, big.length)).toBe(big.length);
    const small = Buffer.from('[1,{"a":[]}]');
    expect(skipInWasm(small, 0, small.length)).toBe(small.length);
    expect(skipInWasm(big, 0, big.length - 1)).toBe(-1);
    // Past 8 MB the JS walk takes it: the module's memory stays small.
    const huge = Buffer.from(JSON.stringify({ blob: 'y'.repeat(9 << 20) }));
    expect(skipInWasm(huge, 0, huge.length)).toBeUndefined();
    expect(skipValue(huge, 0, huge.length)).toBe(huge.length);
  });

  it('declines everything where there is no WebAssembly (node --jitless): the JS walk takes the values', async () => {
    const script = [
      "import { skipInWasm } from './src/engine/json-skip.ts';",
      "const b = Buffer.from('{\"a\":[' + '1,'.repeat(400) + '2]}');",
      'console.log(JSON.stringify([typeof WebAssembly, skipInWasm(b, 0, b.length) ?? null]));',
    ].join('\n');
    const jitless = await execa(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot });
    expect(JSON.parse(jitless.stdout)).toEqual(['undefined', null]);
    // The same module with WebAssembly: it takes the value.
    const b = Buffer.from('{"a":[' + '1,'.repeat(400) + '2]}');
    expect(skipInWasm(b, 0, b.length)).toBe(b.length);
  });

  it('declines values nested deeper than its stack, and scanEvent then steps over them in JS to the reference event', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const b = Buffer.from(deep);
    expect(skipInWasm(b, 0, b.length)).toBeUndefined();
    expect(skipValue(b, 0, b.length)).toBe(b.length);
    const line = Buffer.from(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a1","stage":"ResponseComplete","verb":"get","requestURI":"/api","requestObject":${deep}}`);
    const ev = scanEvent(line, 0, line.length);
    expect(ev).not.toBeNull();
    expect(ev).toStrictEqual(toAuditEvent(JSON.parse(line.toString())));
  });
});
