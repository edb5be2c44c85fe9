// The identity of a set of audit logs: sha256 over their contents. File names and order do not count, so
// the same log loaded again (renamed, or listed in another order) is recognised and not counted twice.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { notOpened } from '../sources/audit-files.js';
import { findCopies } from '../sources/copies.js';
import { expandInputs, kindOf, type Repeat, type Skipped } from '../sources/input-files.js';

export interface LogDigest {
  /** sha256 hex over the sorted per-file digests. */
  hash: string;
  /** Every file read (directories expanded the way analyzeLogs expands them), absolute, sorted. */
  files: string[];
  /**
   * The files to analyze, named as given and in the order given: one per distinct content (a file reached under two
   * names, and a copy, are one log).
   */
  distinct: string[];
  /** Files left out of distinct because an earlier one has their contents, or a plain one their text inflated. */
  copies: Array<{ file: string; sameAs: string }>;
  /** Files found in a directory given that could not be opened (named as given): analyze lists each as an entry. */
  unopened: string[];
  /**
   * The hash with each compressed copy counted as a log of its own, as load-audit hashed these files before it found
   * such copies: a run loaded then counted the copy's requests twice, and these files replace it. hash when none.
   */
  hashWithCompressedCopies: string;
  /** The hash had the files named (absolute, from files) not been opened: a run loaded then is these logs too. */
  hashWithout(unopened: ReadonlySet<string>): string;
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** onDuplicate: a file reached twice under names, or an entry skipped (expandInputs); copies are in the result. */
export async function digestLogs(inputs: readonly string[], onDuplicate?: (repeat: Repeat | Skipped) => void): Promise<LogDigest> {
  if (inputs.length === 0) throw new Error('no audit log given');
  if (inputs.includes('-')) {
    throw new Error("load-audit reads files, not stdin ('-'): it needs the file contents to recognise a log loaded twice. Save the log to a file first.");
  }
  for (const input of inputs) {
    // A pipe (`<(zcat …)`) or FIFO holds its log once: the digest would take it all, and the analysis find it empty.
    const st = await stat(input).catch(() => null);
    if (st && !st.isFile() && !st.isDirectory()) {
      throw new Error(
        `load-audit reads files, not pipes: ${input} is ${kindOf(st)}${st.isFIFO() ? ' (as `<(zcat …)` gives)' : ''}, which can be read only once, and load-audit reads a log twice: to recognise one loaded twice by its contents, then to analyze it. Save the log to a file first, or give the compressed file itself (.gz and .zst are read).`,
      );
    }
  }
  const given = await expandInputs([...inputs], onDuplicate);
  if (given.length === 0) throw new Error(`${inputs.join(', ')}: no files found`);
  // A file found in a directory that cannot be opened (unreadable, rotated away since the walk) is one entry of the
  // run, as analyze reads it (notOpened), not the end of the load; named outright, it stops the load as analyze's run.
  const named = new Set(inputs);
  const digests = await Promise.all(
    given.map((file) =>
      fileDigest(file).catch((err: unknown) => {
        notOpened(file, err, !named.has(file));
        return null;
      }),
    ),
  );
  // A copy is the same log: the hash and the analysis take it once (analyzeLogs alone would count it again).
  const firstWith = new Map<string, string>();
  let distinct: string[] = [];
  const copies: LogDigest['copies'] = [];
  given.forEach((file, i) => {
    const digest = digests[i];
    const sameAs = digest === null ? undefined : firstWith.get(digest);
    if (sameAs !== undefined) copies.push({ file, sameAs });
    else {
      if (digest !== null) firstWith.set(digest, file);
      distinct.push(file);
    }
  });
  // So is a compressed copy (audit.log.gz beside audit.log), which analyze finds: the plain one is read, and the
  // compressed one's digest counts as the plain one's, so the pair hashes as the plain log alone.
  const indexOf = new Map(given.map((f, i) => [f, i]));
  const digestOf = (f: string): string | null => digests[indexOf.get(f)!]!;
  const compressed = await findCopies(distinct.filter((f) => digestOf(f) !== null));
  const hashWithCompressedCopies = combined(digests);
  if (compressed.length > 0) {
    const alias = new Map(compressed.map((c) => [digestOf(c.file), digestOf(c.sameAs)]));
    digests.forEach((d, i) => (digests[i] = d === null ? null : (alias.get(d) ?? d)));
    const dropped = new Set(compressed.map((c) => c.file));
    distinct = distinct.filter((f) => !dropped.has(f));
    copies.push(...compressed);
    copies.sort((x, y) => indexOf.get(x.file)! - indexOf.get(y.file)!);
  }
  const absolute = given.map((f) => path.resolve(f));
  return {
    hash: combined(digests),
    hashWithCompressedCopies,
    files: [...absolute].sort(),
    distinct,
    copies,
    unopened: given.filter((_, i) => digests[i] === null),
    hashWithout: (unopened) => combined(digests.map((d, i) => (unopened.has(absolute[i]) ? null : d))),
  };
}

/**
 * sha256 over the distinct contents, sorted, then a line for each file not opened. Its name does not count, as no
 * name does; the line keeps such a run apart from the same logs without that file, and once the file can be read
 * its contents take the line's place, so the hash changes (loadAudit then replaces the run: hashWithout).
 */
function combined(digests: ReadonlyArray<string | null>): string {
  const hash = createHash('sha256');
  for (const d of [...new Set(digests.filter((d) => d !== null))].sort()) hash.update(`${d}\n`);
  for (const d of digests) if (d === null) hash.update('not opened\n');
  return hash.digest('hex');
}
