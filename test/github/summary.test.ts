// The job summary fits GitHub's limit in bytes, which the Markdown renderer (counting characters) does not know.
import { describe, expect, it } from 'vitest';
import { fitSummary } from '../../src/github/summary.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { hugeReport, sampleOperatorReport } from '../helpers/report-fixtures.js';

describe('fitSummary', () => {
  it('renders a page of non-ASCII text shorter until its UTF-8 bytes fit', () => {
    const report = hugeReport();
    // Names from the log in a script of three bytes a character: the page's bytes are about thrice its characters.
    for (const [i, u] of report.unmatched.entries()) {
      u.pattern = `/apis/例え.example.com/v1/リソース${i}`;
      u.userAgents = [`クライアント/${i}`];
    }
    const limit = 200_000;
    const plain = renderMarkdown(report, { maxChars: limit });
    expect(plain.length).toBeLessThanOrEqual(limit);
    expect(Buffer.byteLength(plain)).toBeGreaterThan(limit);
    const fitted = fitSummary((maxChars) => renderMarkdown(report, { maxChars }), limit);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(limit);
    expect(Buffer.byteLength(fitted)).toBeGreaterThan(limit * 0.8);
    expect(fitted.split('\n')[0]).toMatch(/^## /);
    // A page that fits is rendered once, as before.
    let renders = 0;
    const small = sampleOperatorReport();
    expect(fitSummary((maxChars) => (renders++, renderMarkdown(small, { maxChars })), limit)).toBe(renderMarkdown(small, { maxChars: limit }));
    expect(renders).toBe(1);
  });
});
