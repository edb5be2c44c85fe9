// A matrix whose legs each read their own cluster's log at one path (every runner's $RUNNER_TEMP/…/audit.log): the
// fan-in merges reports that list the same input for different logs. They tell their logs apart (inputIds), so the
// merge adds them up as different logs, as it always did, and says nothing of a log read twice.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import type { Report } from '../../src/engine/report.js';
import { ActionHarness, fixtures } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';
import { specPath } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

const TOKEN = 'ghs_fanInSamePathTokenThatMustNeverBePrinted0123';
const LOGS = ['audit/audit2rbac/demo-v1.log', 'audit/audit2rbac/demo-2017-v1beta1.log'].map((f) => path.join(fixtures, f));
const read = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

describe('fan-in of legs that read different logs at the same path', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  let root: string;
  const legs: Report[] = [];

  const main = (inputs: Record<string, string>) => h.inProcess(h.env(inputs), () => run());

  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
    h = new ActionHarness(TOKEN, gh.url);
    root = scratchDir('action-fan-in-same-path');
    // Each leg's log written to the one path, in turn, as each runner of a matrix has its own.
    const at = path.join(root, 'runner-temp', 'audit', 'audit.log');
    mkdirSync(path.dirname(at), { recursive: true });
    for (const [i, log] of LOGS.entries()) {
      copyFileSync(log, at);
      const dir = path.join(root, 'artifacts', `leg-${i}`);
      const res = await main({ 'audit-log': at, spec: specPath('1.34'), conformance: 'none', 'fail-on': 'none', comment: 'false', 'report-dir': dir });
      expect(res.exitCode, res.errors.join('\n')).toBe(0);
      legs.push(read(path.join(dir, 'report.json')));
    }
  }, 120_000);
  afterAll(async () => {
    await h.cleanup();
    await gh.stop();
  });

  it('the legs list the same path, told apart by their logs: the fan-in adds them up and warns of no log read twice', async () => {
    const [a, b] = legs as [Report, Report];
    expect(a.inputs).toEqual(b.inputs);
    expect(a.inputIds).toHaveLength(1);
    expect(b.inputIds).toHaveLength(1);
    expect(a.inputIds![0]).not.toEqual(b.inputIds![0]);
    expect(a.summary.requests).toBeGreaterThan(0);
    expect(b.summary.requests).toBeGreaterThan(0);

    const res = await main({ reports: path.join(root, 'artifacts'), 'fail-on': 'none', comment: 'false', 'report-dir': path.join(root, 'fan-in') });
    expect(res.exitCode, res.errors.join('\n')).toBe(0);
    const merged = read(res.outputs['report-path']!);
    const sum = (f: (r: Report) => number): number => f(a) + f(b);
    expect(merged.summary).toMatchObject({
      requests: sum((r) => r.summary.requests),
      selected: sum((r) => r.summary.selected),
      events: sum((r) => r.summary.events),
      invalidLines: sum((r) => r.summary.invalidLines),
    });
    expect(merged.inputs).toEqual([...a.inputs, ...b.inputs]);
    expect(merged.inputIds).toEqual([...a.inputIds!, ...b.inputIds!]);
    expect(merged.runNotes?.notices ?? []).toEqual([]);
    expect(res.warnings.filter((w) => /same log|both read|given twice/.test(w))).toEqual([]);
  });
});
