// Compressed and archived inputs that the readers refuse, made as the tools make them.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

/** A POSIX tar archive of one file (a ustar header, the data, padding, two empty blocks), as `tar -cf` writes. */
export function tarOf(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (at: number, text: string): void => void header.write(text, at, 'latin1');
  field(0, name);
  field(100, '0000644\0');
  field(108, '0000000\0');
  field(116, '0000000\0');
  field(124, data.length.toString(8).padStart(11, '0') + '\0');
  field(136, '00000000000\0');
  field(156, '0');
  field(257, 'ustar\0');
  field(263, '00');
  // The checksum is of the header with its own field as spaces.
  field(148, '        ');
  let sum = 0;
  for (const b of header) sum += b;
  field(148, sum.toString(8).padStart(6, '0') + '\0 ');
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

/** The data compressed by a command on the machine (xz, bzip2, lz4), or, where there is none, its magic number and junk. */
export function compressedBy(command: string, data: Buffer, magic: number[]): Buffer {
  try {
    return execFileSync(command, ['-c'], { input: data, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    return Buffer.concat([Buffer.from(magic), Buffer.from(gzipSync(data).subarray(10))]);
  }
}
