// gzip members read here (their header and trailer; zlib inflates the deflate data between): every field a gzip
// header may hold, and each damage zlib's Gunzip names, named the same.
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { inflate } from '../../src/sources/inflate.js';
import { GzipMembers, INFLATE_CHUNK } from '../../src/sources/members.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1 } from '../helpers/fixtures.js';

const text = readFileSync(AUDIT2RBAC_V1);
const text2017 = readFileSync(AUDIT2RBAC_2017);

/** A gzip member of the text with every optional header field (RFC 1952): extra, name, comment, header CRC. */
function fullMember(): { member: Buffer; headerLength: number } {
  const flags = 4 | 8 | 16 | 2;
  const head = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3]), Buffer.from([4, 0, 0x41, 0x53, 0, 0]), Buffer.from('demo-v1.log\0from audit2rbac\0')]);
  const headerCrc = Buffer.alloc(2);
  headerCrc.writeUInt16LE(zlib.crc32(head) & 0xffff);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(text), 0);
  trailer.writeUInt32LE(text.length, 4);
  return { member: Buffer.concat([head, headerCrc, zlib.deflateRawSync(text), trailer]), headerLength: head.length + 2 };
}

/** The input in pieces of `size` bytes, as a pipe hands them on. */
async function* piecesOf(input: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < input.length; i += size) yield input.subarray(i, i + size);
}

/**
 * What inflate makes of the input, handed on in pieces of `size` bytes: its text, or the message it fails with.
 * `plainAt`: the byte where plain text after the gzip data begins, as inflate says it.
 */
async function inflated(input: Buffer, size = input.length, plainAt: number[] = []): Promise<string> {
  const out: Buffer[] = [];
  try {
    for await (const b of inflate(piecesOf(input, size), null, 'gzip', (at) => plainAt.push(at))) out.push(b);
  } catch (err) {
    return `${(err as NodeJS.ErrnoException).code}: ${(err as Error).message}`;
  }
  return Buffer.concat(out).toString('utf8');
}

/** What zlib's Gunzip says of the input, the same way. */
function gunzipped(input: Buffer): string {
  try {
    return zlib.gunzipSync(input).toString('utf8');
  } catch (err) {
    return `${(err as NodeJS.ErrnoException).code}: ${(err as Error).message}`;
  }
}

describe('gzip members', () => {
  it('a header with every optional field reads as Gunzip reads it, in pieces of any size', async () => {
    const { member } = fullMember();
    const two = Buffer.concat([member, member]);
    expect(gunzipped(two)).toBe(text.toString('utf8').repeat(2));
    for (const size of [1, 5, 33, two.length]) expect(await inflated(two, size)).toBe(gunzipped(two));
  });

  it.each([
    ['its method', (m: Buffer) => (m[2] = 7)],
    ['reserved flags', (m: Buffer) => (m[3] |= 0x20)],
    ['its header CRC', (m: Buffer, h: number) => (m[h - 1] ^= 1)],
    ['its CRC-32', (m: Buffer) => (m[m.length - 5] ^= 1)],
    ['its length', (m: Buffer) => (m[m.length - 1] ^= 1)],
  ])('a member damaged in %s fails as Gunzip does, in its words', async (_what, damage) => {
    const { member, headerLength } = fullMember();
    damage(member, headerLength);
    const said = gunzipped(member);
    expect(said).toMatch(/^Z_DATA_ERROR: /);
    expect(await inflated(member)).toBe(said);
    expect(await inflated(member, 3)).toBe(said);
  });

  it('a member cut in its header or trailer is cut, as Gunzip says', async () => {
    const { member, headerLength } = fullMember();
    for (const at of [5, headerLength - 1, member.length - 3]) {
      const cut = member.subarray(0, at);
      expect(gunzipped(cut)).toBe('Z_BUF_ERROR: unexpected end of file');
      expect(await inflated(cut)).toBe('Z_BUF_ERROR: unexpected end of file');
    }
  });
});

/** The lines of the text, a gzip member of each `per` of them, one after another (bgzip, a log shipper's chunks). */
function membersOf(whole: Buffer, per: number): Buffer[] {
  const lines = whole.toString('utf8').split(/(?<=\n)/);
  const members: Buffer[] = [];
  for (let i = 0; i < lines.length; i += per) members.push(zlib.gzipSync(lines.slice(i, i + per).join('')));
  return members;
}

/**
 * GzipMembers that counts the raw inflaters it makes (each a zlib handle and a 1 MB output buffer) and the pieces it
 * hands on (each one the line reader takes in and cuts a line across).
 */
class CountedMembers extends GzipMembers {
  made = 0;
  given = 0;
  protected override newInner(): ReturnType<GzipMembers['newInner']> {
    this.made++;
    return super.newInner();
  }
  protected override give(b: Buffer): boolean {
    this.given++;
    return super.give(b);
  }
}

describe('gzip of many members (bgzip, log shippers appending small .gz chunks)', () => {
  // One inflater per member cost 2.5 times zlib Gunzip's CPU on 1,533 members of 64 KB of text: a zlib handle and a
  // 1 MB output buffer each. One inflater, reset between members, does the work Gunzip does.
  it('one inflater for every member, in pieces of any size, the reader slow or not: the text of all, checked', async () => {
    const members = membersOf(text2017, 20);
    expect(members.length).toBeGreaterThan(30);
    const input = Buffer.concat(members);
    for (const [how, pieces] of [
      ['each member a piece', () => Readable.from(members)],
      ...[1, 7, 4096, input.length].map((size) => [`pieces of ${size}`, () => Readable.from(piecesOf(input, size))] as const),
    ] as const) {
      for (const slow of [false, true]) {
        const z = new CountedMembers();
        const out: Buffer[] = [];
        for await (const b of pieces().pipe(z)) {
          out.push(b);
          if (slow) await sleep(0);
        }
        expect(z.failure, how).toBeNull();
        expect(Buffer.concat(out).equals(text2017), `${how}${slow ? ', read slowly' : ''}`).toBe(true);
        expect(z.made, how).toBe(1);
        expect(z.bytesWritten, how).toBe(input.length);
      }
    }
    // The text of members read from one piece of input is handed on as one piece while it fits the output buffer, as
    // Gunzip hands it on: not a piece per member.
    expect(text2017.length).toBeLessThan(INFLATE_CHUNK);
    const one = new CountedMembers();
    const pieces: Buffer[] = [];
    for await (const b of Readable.from([input]).pipe(one)) pieces.push(b);
    expect(Buffer.concat(pieces).equals(text2017)).toBe(true);
    expect(one.given).toBe(1);
    // Members of more than a 1 MB output buffer each, read slower than zlib inflates them: output waits in the
    // inflater, paused, when a member ends, and is handed on before the member's trailer is checked and the next begins.
    const big = Buffer.concat([text2017, text2017, text2017]);
    const z = new CountedMembers();
    const out: Buffer[] = [];
    for await (const b of Readable.from([Buffer.concat([big, text2017, big].map((t) => zlib.gzipSync(t)))]).pipe(z)) {
      out.push(b);
      await sleep(20);
    }
    expect(z.failure).toBeNull();
    expect(Buffer.concat(out).equals(Buffer.concat([big, text2017, big]))).toBe(true);
    expect(z.made).toBe(1);
    // Each member's text is checked against its own trailer still: a damaged one among them is said as Gunzip says it.
    members[5][members[5].length - 5] ^= 1;
    expect(gunzipped(Buffer.concat(members))).toBe('Z_DATA_ERROR: incorrect data check');
    expect(await inflated(Buffer.concat(members), 4096)).toBe('Z_DATA_ERROR: incorrect data check');
  });
});

// cat audit.log.1.gz audit.log, the plain log begun with NUL bytes (a copy taken while logrotate copytruncate emptied
// it): the zeros were taken for gzip's zero padding, and the plain log after them was dropped without a word.
describe('zero bytes after the gzip data', () => {
  const gz = zlib.gzipSync(text2017);
  const plain = text;
  const zeros = Buffer.alloc(4096);

  it('then plain text: both read, the zeros with the plain text, for its reader to say as in a plain log; to the end of the input: zero padding, passed over as gzip -dc and Gunzip do', async () => {
    const input = Buffer.concat([gz, zeros, plain]);
    for (const size of [1, 100, 4096, 5000, input.length]) {
      const at: number[] = [];
      const out = await inflated(input, size, at);
      expect(out === Buffer.concat([text2017, zeros, plain]).toString('utf8'), `pieces of ${size}`).toBe(true);
      expect(at).toEqual([gz.length]);
    }
    const padded = Buffer.concat([gz, zeros]);
    expect(gunzipped(padded)).toBe(text2017.toString('utf8'));
    for (const size of [1, 4096, padded.length]) {
      const at: number[] = [];
      expect((await inflated(padded, size, at)) === text2017.toString('utf8'), `padding, pieces of ${size}`).toBe(true);
      expect(at).toEqual([]);
    }
  });

  it.each([
    ['binary bytes', Buffer.from([0x1f, 0x9d, 0x90, 0x7b, 0x00, 0x01])],
    ['another gzip member', zlib.gzipSync(text)],
  ])('then %s: neither padding nor text, said as bytes that begin no gzip member', async (_what, after) => {
    const input = Buffer.concat([gz, zeros, after]);
    for (const size of [1, 4096, input.length]) expect(await inflated(input, size)).toBe('Z_DATA_ERROR: incorrect header check');
  });
});
