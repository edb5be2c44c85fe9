// The npm package as a user installs it: `npm pack`, unpacked where no node_modules can be found, run from an
// empty directory. The bundles carry every package they import, so the package has no runtime dependencies (a
// global install pulled 323 packages, about 214 MB, that nothing loaded), and what it ships is what its README
// links to and what its licences ask for.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT2RBAC_V1, repoRoot, scratchDir, specPath } from './helpers/fixtures.js';

const dir = scratchDir('package');
const unpacked = path.join(dir, 'package');
let files: string[] = [];

beforeAll(() => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = pack!.files.map((f) => f.path);
  execFileSync('tar', ['-xzf', path.join(dir, pack!.filename), '-C', dir]);
}, 60_000);

describe('the npm package', () => {
  it('has no runtime dependencies: the bundles in dist/ carry them', () => {
    const pkg = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies).toBeUndefined();
    // Nothing between the unpacked package and / holds a node_modules a bare import could fall back on.
    for (let at = unpacked; at !== path.dirname(at); at = path.dirname(at)) expect(existsSync(path.join(at, 'node_modules'))).toBe(false);
  });

  it('runs every offline command with no node_modules, from an empty directory', async () => {
    const cwd = path.join(dir, 'empty');
    mkdirSync(cwd, { recursive: true });
    const cli = (...args: string[]) => execa(process.execPath, [path.join(unpacked, 'dist/cli.js'), ...args], { cwd, reject: false, timeout: 60_000 });
    // The shipped sample, as `npm run demo` analyzes it: the verdict fails on its beta APIs (exit 1), every report is written.
    const demo = await cli('analyze', path.join(unpacked, 'data/sample-audit.log.gz'), '--k8s-version', '1.33', '--out', 'demo');
    expect(demo.stderr).not.toMatch(/Cannot find (package|module)|ERR_MODULE_NOT_FOUND/);
    expect(demo.exitCode).toBe(1);
    expect(demo.stderr).toContain('FAIL: 161 requests, 155 selected, 130 matched, 25 unmatched');
    for (const f of ['report.json', 'report.md', 'report.html', 'app-usage-endpoints.csv']) expect(existsSync(path.join(cwd, 'demo', f))).toBe(true);
    const real = await cli('analyze', AUDIT2RBAC_V1, '--spec', specPath('1.33'), '--format', 'json');
    expect(real.exitCode).toBe(0);
    expect((JSON.parse(real.stdout) as { summary: { requests: number } }).summary.requests).toBe(37);
    const exported = await cli('export', 'coverage-spreadsheet', '--report', path.join(cwd, 'demo', 'report.json'));
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toBe(readFileSync(path.join(cwd, 'demo', 'coverage-spreadsheet.csv'), 'utf8').trimEnd());
    const merged = await cli('merge', path.join(cwd, 'demo', 'report.json'), '--out', 'merged', '--fail-on', 'none');
    expect(merged.exitCode).toBe(0);
    const rbac = await cli('rbac', AUDIT2RBAC_V1, '--user', 'bob');
    expect(rbac.stderr).not.toMatch(/Cannot find (package|module)/);
    expect(rbac.stdout).toContain('kind: Role');
    const endpoints = await cli('endpoints', '--k8s-version', '1.33');
    expect(endpoints.exitCode).toBe(0);
    expect(endpoints.stdout.split('\n').filter(Boolean).length).toBe(1042);
  }, 120_000);

  it("NOTICE names the releases whose specs data/k8s holds", () => {
    const notice = readFileSync(path.join(unpacked, 'NOTICE'), 'utf8').replace(/\s+/g, ' ');
    const shipped = readdirSync(path.join(unpacked, 'data/k8s')).flatMap((f) => /^(1\.\d+)\.json\.gz$/.exec(f)?.[1] ?? []);
    const said = /OpenAPI v2 specs of Kubernetes ([\d., and-]+?) \(/.exec(notice)![1]!.split(/, | and /).flatMap((r) => {
      const [from, to] = r.split('-').map((v) => Number(v.split('.')[1]));
      return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => `1.${from! + i}`);
    });
    expect(said.sort()).toEqual(shipped.sort());
  });

  it('ships what its README links to, its licence, the notice of the data it ships, and the bundled packages\' licences', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'NOTICE', 'README.md', 'dist/licenses.txt']));
    const readme = readFileSync(path.join(unpacked, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
    const linked = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(3);
    expect(linked.filter((f) => !existsSync(path.join(unpacked, f)))).toEqual([]);
    // Every package the bundles carry has its entry, d3 (the page, inlined into report.html) and commander among them.
    const licences = readFileSync(path.join(unpacked, 'dist/licenses.txt'), 'utf8');
    for (const name of ['commander', 'd3-hierarchy', 'js-yaml', 'execa', '@actions/core', 'markdown-table']) expect(licences).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+`, 'm'));
    // A package under two licences keeps the BSD notices of the code it took in those files alone: they go too.
    expect(licences).toContain('@protobuf-ts/runtime 2.');
    for (const notice of ['Copyright 2008 Google Inc.', 'Copyright (c) 2016, Daniel Wirtz']) expect(licences).toContain(notice);
    expect(readFileSync(path.join(unpacked, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });
});
