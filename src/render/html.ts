// report.html: one self-contained file (page script, stylesheet and the report inline) that opens from disk,
// from a CI artifact or a mail attachment, with no server and no network.
import type { Report } from '../engine/report.js';
import type { AppDetail, EmbeddedData } from '../web/api.js';
import { pageAssets } from '../web/assets.js';
import { summarizeApp } from '../web/coverage.js';
import { documentHtml } from '../web/shell.js';
import { jsonChunks } from './json-chunks.js';

export interface HtmlOptions {
  /** The page title; default "APISnoop report". */
  title?: string;
  /** The app's name in the page; default the title, else "app". */
  app?: string;
}

/** JSON inside <script type="application/json">: "<" becomes \u003c so no string in it can close the element. */
export function embedJson(value: unknown): string {
  return [...embedJsonChunks(value)].join('');
}

/** The same, a piece at a time (jsonChunks): the escape goes character by character, so pieces take it alone. */
function* embedJsonChunks(value: unknown): Generator<string> {
  for (const piece of jsonChunks(value)) yield piece.replace(/</g, '\\u003c');
}

/** Inline script or style text that cannot end its element early or open an HTML comment. */
function inlineSafe(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}

// node:crypto is loaded when a page is made, not by every command that imports the renderers (5-8 ms of start-up).
const sha256 = (text: string) => {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
};

function embeddedApp(name: string, report: Report): AppDetail {
  const runs = [
    { id: 1, contentHash: '', inputs: report.inputs, loadedAt: '', kubernetesVersion: report.kubernetesVersion, requests: report.summary.requests },
  ];
  return { name, summary: summarizeApp(name, runs, report), runs, report };
}

/** Several apps in one page: the app list, the comparison and (with an e2e app) the conformance view. */
export function renderHtmlApps(apps: ReadonlyArray<{ name: string; report: Report }>, opts: { title?: string } = {}): string {
  return [...htmlChunks(apps, opts)].join('');
}

/** Stands for the embedded data in the page's text, which is cut there (at its last place: only our script follows). */
const DATA_HERE = '\u0000apisnoop-data\u0000';

/**
 * The same page in pieces: the embedded report goes out as jsonChunks gives it (a report of callers by the hundred
 * thousand is tens of megabytes; the page's text is never held whole).
 */
export function* htmlChunks(apps: ReadonlyArray<{ name: string; report: Report }>, opts: { title?: string } = {}): Generator<string> {
  const title = opts.title ?? 'APISnoop report';
  const { js, css } = pageAssets();
  const script = inlineSafe(js, 'script');
  const style = inlineSafe(css, 'style');
  const data: EmbeddedData = { title, apps: apps.map((a) => embeddedApp(a.name, a.report)) };
  // Only the page's own script and style may run, even if a hostile string got past the escaping.
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const page = documentHtml({
    title,
    head: `<meta http-equiv="Content-Security-Policy" content="${csp}">\n<style>${style}</style>`,
    body: `<script type="application/json" id="apisnoop-data">${DATA_HERE}</script>\n<script>${script}</script>`,
  });
  const at = page.lastIndexOf(DATA_HERE);
  yield page.slice(0, at);
  yield* embedJsonChunks(data);
  yield page.slice(at + DATA_HERE.length);
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  return [...reportHtmlChunks(report, opts)].join('');
}

/** report.html in pieces (htmlChunks). */
export function reportHtmlChunks(report: Report, opts: HtmlOptions = {}): Generator<string> {
  return htmlChunks([{ name: opts.app ?? opts.title ?? 'app', report }], { title: opts.title });
}
