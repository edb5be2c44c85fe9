// report.html of an e2e run whose operations list only the first of their tests (testsTruncated): the Tests column,
// the details panel and the conformance view say the list goes on, as the callers' do ("+", "and others").
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_TESTS } from '../../src/engine/coverage.js';
import type { Report } from '../../src/engine/report.js';
import { renderHtml } from '../../src/render/html.js';
import { lines } from '../helpers/e2e-tests-log.js';
import { analyzeLines, loadFixtureSpec } from '../helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

describe.runIf(hasChromium)('report.html says the tests listed go on', () => {
  let browser: Browser;
  let page: Page;
  let report: Report;
  const errors: string[] = [];

  beforeAll(async () => {
    report = analyzeLines(lines, { spec: await loadFixtureSpec('1.33'), selection: { e2e: true } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'apisnoop-tests-page-')), 'report.html');
    writeFileSync(file, renderHtml(report, { title: 'e2e' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 }, reducedMotion: 'reduce' });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('main[data-state="ready"]');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the Tests column counts the cut list as a floor, the uncut one as it is', async () => {
    expect(report.operations.filter((o) => o.testsTruncated).map((o) => o.operationId)).toEqual(['readCoreV1Node']);
    const cells = await page.locator('td.tests-cell').allTextContents();
    const floor = `${MAX_LISTED_TESTS.toLocaleString('en-US')}+`;
    expect(cells.filter((c) => c.startsWith(floor))).toHaveLength(1);
    expect(cells.filter((c) => c.startsWith(MAX_LISTED_TESTS.toLocaleString('en-US')) && !c.startsWith(floor))).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('the conformance view counts the tests seen as a floor', async () => {
    await page.click('a.tab:has-text("Conformance")');
    await page.waitForSelector('main[data-state="ready"][data-view="e2e"]');
    const seen = await page.locator('.stat', { hasText: 'tests seen' }).textContent();
    // The tests listed (the generated ones), said as at least that many, and the [Conformance] ones too.
    expect(seen).toMatch(new RegExp(`^${MAX_LISTED_TESTS.toLocaleString('en-US')}\\+tests seen\\d+\\+ \\[Conformance\\]$`));
    expect(errors).toEqual([]);
  });
});
