// The identity of a set of audit logs: sha256 over their contents. File names and order do not count, so
// the same log loaded again (renamed, or listed in another order) is recognised and not counted twice.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { expandInputs } from '../sources/audit-files.js';

export interface LogDigest {
  /** sha256 hex over the sorted per-file digests. */
  hash: string;
  /** Every file read (directories expanded the way analyzeLogs expands them), absolute, sorted. */
  files: string[];
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export async function digestLogs(inputs: readonly string[]): Promise<LogDigest> {
  if (inputs.length === 0) throw new Error('no audit log given');
  if (inputs.includes('-')) {
    throw new Error("load-audit reads files, not stdin ('-'): it needs the file contents to recognise a log loaded twice. Save the log to a file first.");
  }
  const files = [...new Set((await expandInputs([...inputs])).map((f) => path.resolve(f)))].sort();
  if (files.length === 0) throw new Error(`${inputs.join(', ')}: no files found`);
  const digests = await Promise.all(files.map(fileDigest));
  const combined = createHash('sha256');
  // The same file given twice (or a copy of it) is one input, as analyzeLogs counts each request once.
  for (const d of [...new Set(digests)].sort()) combined.update(`${d}\n`);
  return { hash: combined.digest('hex'), files };
}
