import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';
import { embedJson, renderHtml, renderHtmlApps } from '../../src/render/html.js';
import type { EmbeddedData } from '../../src/web/api.js';
import { pageAssets } from '../../src/web/assets.js';
import { e2eReport, HOSTILE, operatorReport, repoRoot } from '../web/fixtures.js';

function embedded(html: string): EmbeddedData {
  const m = /<script type="application\/json" id="apisnoop-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded data');
  return JSON.parse(m[1]) as EmbeddedData;
}

/** The report with hostile strings where a log can put them: a user agent and an unmatched request URI. */
function hostileReport() {
  const r = operatorReport();
  r.operations[0].userAgents = [HOSTILE.agent];
  r.unmatched = [{ pattern: HOSTILE.uri, verb: 'get', reason: 'unknown-group-version', count: 3, userAgents: [HOSTILE.agent] }];
  return r;
}

describe('renderHtml', () => {
  it('embeds the report as JSON the page reads back unchanged', () => {
    const report = operatorReport();
    const html = renderHtml(report, { title: 'my-operator' });
    const data = embedded(html);
    expect(data.title).toBe('my-operator');
    expect(data.apps).toHaveLength(1);
    expect(data.apps[0].name).toBe('my-operator');
    expect(data.apps[0].report).toEqual(report);
    expect(data.apps[0].summary.requests).toBe(report.summary.requests);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>my-operator</title>');
  });

  it('inlines the built page script and stylesheet, so the file needs nothing else', () => {
    const html = renderHtml(operatorReport());
    const { js, css } = pageAssets();
    expect(js.length).toBeGreaterThan(10_000);
    expect(html).toContain(`<style>${css}</style>`);
    expect(html).toContain(`<script>${js.replace(/<\/(script)/gi, '<\\/$1')}</script>`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
  });

  // The page carries d3's code into every report.html passed on: its licences (ISC; d3-ease's BSD-3-Clause, with
  // Robert Penner's notice) ask that their notices go with it, and the bundle kept none.
  it('carries the notices of the d3 modules its script holds', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(renderHtml(operatorReport()))![1]!;
    expect(script.startsWith('/*!\n')).toBe(true);
    for (const name of ['d3-hierarchy', 'd3-shape', 'd3-selection', 'd3-ease']) expect(script).toMatch(new RegExp(`${name} \\d+\\.\\d+\\.\\d+ \\((ISC|BSD-3-Clause)\\)`));
    expect(script).toMatch(/Copyright \d{4}-\d{4} Mike Bostock/);
    expect(script).toContain('Copyright 2001 Robert Penner');
  });

  it('allows only its own inline script and style through the Content-Security-Policy', () => {
    const html = renderHtml(operatorReport());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)};`);
    expect(csp).toContain(`style-src ${hash(style)};`);
    expect(csp).toMatch(/^default-src 'none';/);
  });

  it('cannot be broken out of by a hostile URI, user agent or title', () => {
    const report = hostileReport();
    const html = renderHtml(report, { title: '</title><script>window.__xss=4</script>' });
    // Exactly two script elements end: the data and the page.
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<script>window.__xss');
    expect(html).toContain('<title>&#60;/title&#62;&#60;script&#62;window.__xss=4&#60;/script&#62;</title>');
    expect(html).toContain('\\u003c/script>\\u003cscript>window.__xss=3');
    // And the strings come back intact for the page to show as text.
    const data = embedded(html);
    expect(data.apps[0].report.unmatched[0].pattern).toBe(HOSTILE.uri);
    expect(data.apps[0].report.operations[0].userAgents).toEqual([HOSTILE.agent]);
  });

  it('embedJson escapes every "<"', () => {
    const text = embedJson({ a: '<!--<script></script>', b: ['<'] });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ a: '<!--<script></script>', b: ['<'] });
  });

  it('renderHtmlApps puts several apps, an e2e run among them, in one page', () => {
    const data = embedded(renderHtmlApps([{ name: 'operator', report: operatorReport() }, { name: 'e2e', report: e2eReport() }], { title: 'cluster' }));
    expect(data.apps.map((a) => [a.name, a.summary.e2e])).toEqual([
      ['operator', false],
      ['e2e', true],
    ]);
  });
});

describe('pageAssets', () => {
  it('finds dist/page.js from the sources (as tests run)', () => {
    const found = pageAssets();
    expect(found.dir).toBe(path.join(repoRoot, 'dist') + path.sep);
    expect(found.js).toBe(readFileSync(path.join(repoRoot, 'dist/page.js'), 'utf8'));
  });

  it('finds page.js beside a bundle and one level up from a chunk', () => {
    expect(pageAssets(pathToFileURL(path.join(repoRoot, 'dist/cli.js'))).dir).toBe(path.join(repoRoot, 'dist') + path.sep);
    expect(pageAssets(pathToFileURL(path.join(repoRoot, 'dist/chunks/shared.js'))).dir).toBe(path.join(repoRoot, 'dist') + path.sep);
  });

  it('tells to run npm run bundle when the page is not built', () => {
    const empty = scratchDir('nopage');
    expect(() => pageAssets(pathToFileURL(path.join(empty, 'a', 'b', 'cli.js')))).toThrow(/the web page is not built \(looked for .*page\.js\): run `npm run bundle` first/);
  });
});
