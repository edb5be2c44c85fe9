// Every file of one analysis, rendered from the one Report: report.json, report.md, report.html and the CSVs.
// The big ones are written a piece at a time, one file after another: a report of callers by the hundred thousand
// is tens of megabytes of text per file, and holding them all at once had doubled the run's peak memory.
import { once } from 'node:events';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Report } from './engine/report.js';
import { csvChunks, EXPORTERS } from './render/csv.js';
import { reportHtmlChunks } from './render/html.js';
import { jsonChunks } from './render/json-chunks.js';
import { renderMarkdown } from './render/markdown.js';

export function reportJson(report: Report): string {
  return [...reportJsonChunks(report)].join('');
}

/** report.json's text in pieces: JSON.stringify(report, null, 2) and a newline. */
export function* reportJsonChunks(report: Report): Generator<string> {
  yield* jsonChunks(report, 2);
  yield '\n';
}

/** Pieces of text to a stream (stdout), waiting whenever it says it is full. */
export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const piece of chunks) if (!out.write(piece)) await once(out, 'drain');
}

async function writeFileChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const fh = await open(file, 'w');
  try {
    for (const piece of chunks) await fh.write(piece);
  } finally {
    await fh.close();
  }
}

/** Write all renderings into dir; returns the paths written, report.json first. */
export async function writeReportFiles(report: Report, dir: string, opts: { name?: string; title?: string } = {}): Promise<string[]> {
  const name = opts.name ?? 'app';
  const title = opts.title ?? `APISnoop: ${name}`;
  await mkdir(dir, { recursive: true });
  // Each rendering is made as its file is written, not before.
  const files: Array<[string, () => Iterable<string>]> = [
    ['report.json', () => reportJsonChunks(report)],
    ['report.md', () => [renderMarkdown(report, { title })]],
    ['report.html', () => reportHtmlChunks(report, { title, app: name })],
    ...EXPORTERS.map((e): [string, () => Iterable<string>] => [`${e}.csv`, () => csvChunks(e, [{ name, report }])]),
  ];
  const paths: string[] = [];
  for (const [file, chunks] of files) {
    const p = join(dir, file);
    await writeFileChunks(p, chunks());
    paths.push(p);
  }
  return paths;
}
