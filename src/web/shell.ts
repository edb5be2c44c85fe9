// The HTML document around the page, shared by report.html (everything inline) and serve (linked assets).
import { visibleBidi } from '../render/markdown-cells.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The logo as an inline icon: no extra request, allowed by the CSP's img-src data:.
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%232a9d8f' stroke-width='8' stroke-dasharray='38 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e9a23b' stroke-width='8' stroke-dasharray='0 38 19 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e0565b' stroke-width='8' stroke-dasharray='0 57 12 100'/%3E%3C/svg%3E";

export interface ShellParts {
  title: string;
  /** Markup for <head> after the title: CSP meta, styles. Trusted: built by the caller, never from data. */
  head: string;
  /** Markup at the end of <body>: data and scripts. */
  body: string;
}

export function documentHtml(parts: ShellParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${ICON}">
<title>${escapeHtml(visibleBidi(parts.title))}</title>
${parts.head}
</head>
<body>
<div id="apisnoop" class="apisnoop"><p class="booting">Loading APISnoop…</p></div>
<noscript><p>This page needs JavaScript to draw the report.</p></noscript>
${parts.body}
</body>
</html>
`;
}
