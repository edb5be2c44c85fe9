// --namespace matches namespaces whole: a name no namespace can have (a capital, an underscore, a glob) would select
// nothing and the run be taken for a clean one, so it is refused naming the option, as the Action's inputs are.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { AUDIT2RBAC_V1, specPath } from '../helpers/fixtures.js';

const analyze = (...args: string[]) => runCli(['analyze', AUDIT2RBAC_V1, '--spec', specPath('1.13'), '--conformance', 'none', '--format', 'json', '-q', ...args]);

describe('--namespace', () => {
  it.each([['Bad_NS'], ['ns*'], ['NS1'], ['x'.repeat(64)]])('refuses %s, which no namespace can be called, exit 2', async (name) => {
    const r = await analyze('-n', `ns1,${name}`);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`--namespace ${name}: not a valid namespace name`);
    expect(r.stdout).toBe('');
  });

  it('takes the names a namespace can have, and selects by them', async () => {
    const r = await analyze('-n', 'ns1', '-n', `a-${'b'.repeat(61)}`);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseStdout<Report>(r);
    expect(report.selection.namespaces).toEqual(['ns1', `a-${'b'.repeat(61)}`]);
    expect(report.summary.selected).toBeGreaterThan(0);
  });

  it('is checked by load-audit too, before a store is made', async () => {
    const r = await runCli(['load-audit', AUDIT2RBAC_V1, '--spec', specPath('1.13'), '--conformance', 'none', '--app', 'x', '-n', 'Bad_NS', '--db', '/nonexistent-dir/x.db']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--namespace Bad_NS: not a valid namespace name');
  });
});
