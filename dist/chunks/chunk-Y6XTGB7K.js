import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  visibleBidi
} from "./chunk-KXHPS7ST.js";

// src/web/assets.ts
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
var CANDIDATES = ["./", "../", "../../dist/"];
var cached;
function pageAssets(base = import.meta.url) {
  if (cached && base === import.meta.url) return cached;
  const tried = [];
  for (const rel of CANDIDATES) {
    const js = fileURLToPath(new URL(`${rel}page.js`, base));
    const css = fileURLToPath(new URL(`${rel}page.css`, base));
    tried.push(js);
    if (existsSync(js) && existsSync(css)) {
      const found = { js: readFileSync(js, "utf8"), css: readFileSync(css, "utf8"), dir: fileURLToPath(new URL(rel, base)) };
      if (base === import.meta.url) cached = found;
      return found;
    }
  }
  throw new Error(`the web page is not built (looked for ${tried.join(", ")}): run \`npm run bundle\` first.`);
}

// src/web/shell.ts
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
var ICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%232a9d8f' stroke-width='8' stroke-dasharray='38 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e9a23b' stroke-width='8' stroke-dasharray='0 38 19 100'/%3E%3Ccircle cx='16' cy='16' r='11' fill='none' stroke='%23e0565b' stroke-width='8' stroke-dasharray='0 57 12 100'/%3E%3C/svg%3E";
function documentHtml(parts) {
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
<div id="apisnoop" class="apisnoop"><p class="booting">Loading APISnoop\u2026</p></div>
<noscript><p>This page needs JavaScript to draw the report.</p></noscript>
${parts.body}
</body>
</html>
`;
}

export {
  pageAssets,
  escapeHtml,
  documentHtml
};
