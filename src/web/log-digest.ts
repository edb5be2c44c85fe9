// The identity of a set of audit logs: sha256 over their contents. File names and order do not count, so
// the same log loaded again (renamed, or listed in another order) is recognised and not counted twice.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { expandInputs, type Repeat, type Skipped } from '../sources/input-files.js';

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
  /** Files left out of distinct because an earlier one has their contents. */
  copies: Array<{ file: string; sameAs: string }>;
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
  const given = await expandInputs([...inputs], onDuplicate);
  if (given.length === 0) throw new Error(`${inputs.join(', ')}: no files found`);
  const digests = await Promise.all(given.map(fileDigest));
  // A copy is the same log: the hash and the analysis take it once (analyzeLogs alone would count it again).
  const firstWith = new Map<string, string>();
  const distinct: string[] = [];
  const copies: LogDigest['copies'] = [];
  given.forEach((file, i) => {
    const sameAs = firstWith.get(digests[i]);
    if (sameAs !== undefined) copies.push({ file, sameAs });
    else {
      firstWith.set(digests[i], file);
      distinct.push(file);
    }
  });
  const combined = createHash('sha256');
  for (const d of [...firstWith.keys()].sort()) combined.update(`${d}\n`);
  return { hash: combined.digest('hex'), files: given.map((f) => path.resolve(f)).sort(), distinct, copies };
}
