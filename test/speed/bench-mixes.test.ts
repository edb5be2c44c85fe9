// The benchmark's mixes (`npm run bench -- --mix`): `policy` must be what the project's own audit policy writes, so
// the figures the docs lead with are those of the logs users are told to collect.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateAuditLog, mixOptions } from '../../scripts/gen-audit-log.js';
import { repoRoot } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

interface Line {
  level: string;
  stage: string;
  auditID: string;
  user: { username: string };
}

async function linesOf(mix: Parameters<typeof mixOptions>[0]): Promise<Line[]> {
  const out = path.join(scratchDir('bench-mixes'), `${mix}.log`);
  await generateAuditLog({ bytes: 400_000, out, seed: 3, ...mixOptions(mix) });
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
}

describe('bench mixes', () => {
  it("policy: the level and omitted stages of scripts/audit-policy.yaml, one final stage per request", async () => {
    const policy = load(readFileSync(path.join(repoRoot, 'scripts/audit-policy.yaml'), 'utf8')) as { omitStages: string[]; rules: Array<{ level: string }> };
    const lines = await linesOf('policy');
    expect(lines.length).toBeGreaterThan(300);
    expect(new Set(lines.map((l) => l.level))).toEqual(new Set(policy.rules.map((r) => r.level)));
    const stages = new Set(lines.map((l) => l.stage));
    for (const omitted of policy.omitStages) expect(stages.has(omitted)).toBe(false);
    const finals = lines.filter((l) => l.stage === 'ResponseComplete');
    expect(new Set(finals.map((l) => l.auditID)).size).toBe(finals.length);
  });

  it('metadata keeps RequestReceived, as the mixed log does: it is not the policy', async () => {
    const lines = await linesOf('metadata');
    expect(new Set(lines.map((l) => l.level))).toEqual(new Set(['Metadata']));
    const received = lines.filter((l) => l.stage === 'RequestReceived').length;
    const finals = lines.filter((l) => l.stage === 'ResponseComplete').length;
    expect(received / finals).toBeGreaterThan(0.7);
  });

  it('callers: metadata with a user of its own for every request', async () => {
    const lines = await linesOf('callers');
    const finals = lines.filter((l) => l.stage === 'ResponseComplete');
    expect(new Set(finals.map((l) => l.user.username)).size).toBe(finals.length);
  });
});
