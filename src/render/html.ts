// report.html: one self-contained file (page script, stylesheet and the report inline) that opens from disk,
// from a CI artifact or a mail attachment, with no server and no network.
import type { Report } from '../engine/report.js';
import type { AppDetail, EmbeddedData } from '../web/api.js';
import { pageAssets } from '../web/assets.js';
import { summarizeApp } from '../web/coverage.js';
import { documentHtml } from '../web/shell.js';

export interface HtmlOptions {
  /** The page title; default "APISnoop report". */
  title?: string;
  /** The app's name in the page; default the title, else "app". */
  app?: string;
}

/** JSON inside <script type="application/json">: "<" becomes \u003c so no string in it can close the element. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
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
  const title = opts.title ?? 'APISnoop report';
  const { js, css } = pageAssets();
  const script = inlineSafe(js, 'script');
  const style = inlineSafe(css, 'style');
  const data: EmbeddedData = { title, apps: apps.map((a) => embeddedApp(a.name, a.report)) };
  // Only the page's own script and style may run, even if a hostile string got past the escaping.
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return documentHtml({
    title,
    head: `<meta http-equiv="Content-Security-Policy" content="${csp}">\n<style>${style}</style>`,
    body: `<script type="application/json" id="apisnoop-data">${embedJson(data)}</script>\n<script>${script}</script>`,
  });
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  return renderHtmlApps([{ name: opts.app ?? opts.title ?? 'app', report }], { title: opts.title });
}
