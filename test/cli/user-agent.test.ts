// `apisnoop analyze --user-agent` end to end: the user agents stderr offers when nothing is selected, given back as
// they are shown, select the requests they were counted for: `(none)` those that came without one, and the first word
// of one written with a leading space its requests. Expected requests are counted from the lines of the derived log.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { deriveUserAgentLog, HELM, SPACED_KUBECTL } from '../helpers/derived-logs.js';
import { scratchDir, specPath } from '../helpers/fixtures.js';

const lines = deriveUserAgentLog();
const log = path.join(scratchDir('cli-user-agent'), 'user-agents.log');
writeFileSync(log, lines.join('\n') + '\n');
const SPEC_113 = ['--spec', specPath('1.13'), '--conformance', 'none'];

/** The requests (auditIDs) whose user agent, as written in the log, passes `pred`. */
function requestsWith(pred: (ua: string | undefined) => boolean): number {
  const raws = lines.map((l) => JSON.parse(l) as { auditID: string; userAgent?: string });
  return new Set(raws.filter((e) => pred(e.userAgent)).map((e) => e.auditID)).size;
}

describe('analyze --user-agent takes the names the CLI offers', () => {
  it('each user agent stderr names, given back as shown, selects the requests counted for it', async () => {
    const expected = new Map([
      [HELM, requestsWith((ua) => ua === HELM)],
      ['(none)', requestsWith((ua) => ua === undefined || ua.trim() === '')],
      ['kubectl/v1.8.0', requestsWith((ua) => ua === SPACED_KUBECTL)],
    ]);
    const miss = await runCli(['analyze', log, ...SPEC_113, '--user-agent', 'nobody', '--format', 'json']);
    expect(miss.exitCode).toBe(0);
    const offered = /user agents ([^;]*);/.exec(miss.stderr)?.[1];
    const named = new Map([...(offered ?? '').matchAll(/(\S+) \((\d+)\)/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(named).toEqual(expected);
    for (const [name, n] of named) {
      const r = await runCli(['analyze', log, ...SPEC_113, '--user-agent', name, '--format', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(parseStdout<Report>(r).summary.selected, name).toBe(n);
    }
  });
});
