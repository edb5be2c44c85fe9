// Every file of one analysis, rendered from the one Report: report.json, report.md, report.html and the CSVs.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from './engine/report.js';
import { EXPORTERS, renderCsv } from './render/csv.js';
import { renderHtml } from './render/html.js';
import { renderMarkdown } from './render/markdown.js';

export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Write all renderings into dir; returns the paths written, report.json first. */
export async function writeReportFiles(report: Report, dir: string, opts: { name?: string; title?: string } = {}): Promise<string[]> {
  const name = opts.name ?? 'app';
  const title = opts.title ?? `APISnoop: ${name}`;
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['report.json', reportJson(report)],
    ['report.md', renderMarkdown(report, { title })],
    ['report.html', renderHtml(report, { title, app: name })],
    ...EXPORTERS.map((e): [string, string] => [`${e}.csv`, renderCsv(e, [{ name, report }])]),
  ];
  const paths: string[] = [];
  for (const [file, text] of files) {
    const p = join(dir, file);
    await writeFile(p, text);
    paths.push(p);
  }
  return paths;
}
