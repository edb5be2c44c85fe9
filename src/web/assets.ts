// Finds the built browser page (dist/page.js + dist/page.css) wherever this code runs from:
// src/web or src/render under vitest (../../dist/), dist/cli.js or dist/index.js (./), a shared chunk in dist/chunks/ (../).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PageAssets {
  js: string;
  css: string;
  /** Where they were read from, for messages. */
  dir: string;
}

const CANDIDATES = ['./', '../', '../../dist/'];

let cached: PageAssets | undefined;

/** The page's script and stylesheet; throws telling to run `npm run bundle` when they are not built. */
export function pageAssets(base: string | URL = import.meta.url): PageAssets {
  if (cached && base === import.meta.url) return cached;
  const tried: string[] = [];
  for (const rel of CANDIDATES) {
    const js = fileURLToPath(new URL(`${rel}page.js`, base));
    const css = fileURLToPath(new URL(`${rel}page.css`, base));
    tried.push(js);
    if (existsSync(js) && existsSync(css)) {
      const found = { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8'), dir: fileURLToPath(new URL(rel, base)) };
      if (base === import.meta.url) cached = found;
      return found;
    }
  }
  throw new Error(`the web page is not built (looked for ${tried.join(', ')}): run \`npm run bundle\` first.`);
}
