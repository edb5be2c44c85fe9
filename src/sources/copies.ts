// Logs given that are byte-for-byte copies of one another (audit.log beside audit.log.bak, a directory holding the
// log and an unpacked artifact of it): analyze reads each as given, so every request is counted again. Said, not
// dropped: only files of the same size are compared, and a comparison stops at the first byte that differs.
import { open, stat } from 'node:fs/promises';

const STEP = 1024 * 1024;

/** Whether two files of `size` bytes hold the same bytes. */
async function sameBytes(a: string, b: string, size: number): Promise<boolean> {
  const fa = await open(a, 'r');
  // The first is closed when the second cannot be opened: left to the garbage collector, Node warned of it on
  // stderr, -q or not.
  const fb = await open(b, 'r').catch(async (err: unknown) => {
    await fa.close();
    throw err;
  });
  try {
    const [ba, bb] = [Buffer.alloc(Math.min(STEP, size)), Buffer.alloc(Math.min(STEP, size))];
    for (let at = 0; at < size; at += STEP) {
      const n = Math.min(STEP, size - at);
      const [ra, rb] = await Promise.all([fa.read(ba, 0, n, at), fb.read(bb, 0, n, at)]);
      if (ra.bytesRead !== n || rb.bytesRead !== n || !ba.subarray(0, n).equals(bb.subarray(0, n))) return false;
    }
    return true;
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/**
 * Each file (in the order given) whose contents an earlier one has. Stdin, FIFOs, empty files and files that cannot
 * be read are left out (their readers say what they are).
 */
export async function findCopies(files: readonly string[]): Promise<Array<{ file: string; sameAs: string }>> {
  const bySize = new Map<number, string[]>();
  for (const file of files) {
    if (file === '-') continue;
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile() || st.size === 0) continue;
    bySize.set(st.size, [...(bySize.get(st.size) ?? []), file]);
  }
  const copies: Array<{ file: string; sameAs: string }> = [];
  for (const [size, group] of bySize) {
    // One file per distinct content seen so far in this group: each later file is compared with those.
    const kept: string[] = [];
    for (const file of group) {
      let sameAs: string | undefined;
      for (const k of kept) {
        if (await sameBytes(k, file, size).catch(() => false)) {
          sameAs = k;
          break;
        }
      }
      if (sameAs === undefined) kept.push(file);
      else copies.push({ file, sameAs });
    }
  }
  return copies.sort((x, y) => files.indexOf(x.file) - files.indexOf(y.file));
}

/** The warning for a copy, as analyze words it. */
export function copyWarning(c: { file: string; sameAs: string }): string {
  return `${c.file} has the same contents as ${c.sameAs}: its requests are counted again (leave one out if it is a copy)`;
}
