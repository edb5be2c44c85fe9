// Which dependencies of a chart directory are missing, and which repositories to add before helm dependency build.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartSettings } from '../../src/action/settings.js';
import { declaredDependencies, localChartDependencies, missingDependencies, repositoriesToAdd } from '../../src/cluster/chart-dependencies.js';
import { repoRoot } from '../fakes/action-harness.js';

const chart: ChartSettings = {
  chart: null,
  installCommand: null,
  setupCommand: null,
  version: null,
  repo: null,
  release: 'web',
  namespace: 'web-ns',
  serviceAccount: null,
  valuesFiles: [],
  setValues: [],
  timeout: '5m',
  testCommand: 'helm test',
};

describe('chart dependencies', () => {
  it("reads the missing ones from helm dependency list's table (uitable: tab-separated, padded, statuses of two words)", () => {
    const listed =
      'NAME      \tVERSION\tREPOSITORY                                \tSTATUS       \n' +
      'common    \t2.x.x  \thttps://charts.bitnami.com/bitnami        \tmissing      \n' +
      'postgresql\t12.1.2 \toci://registry-1.docker.io/bitnamicharts  \tok           \n' +
      'redis     \t17.0.0 \thttps://charts.bitnami.com/bitnami        \twrong version\n' +
      'vendored  \t0.1.0  \t                                          \tmissing      \n' +
      'lib       \t0.1.0  \tfile://../lib                             \tunpacked     \n\n' +
      'WARNING: "charts/old-1.0.0.tgz" is not in Chart.yaml.\n';
    expect(missingDependencies(listed)).toEqual(['common', 'vendored']);
    expect(missingDependencies('WARNING: no dependencies at charts/x/charts\n')).toEqual([]);
  });

  it('looks for them only in a chart directory of the checkout that declares some (Chart.yaml, or requirements.yaml of a v1 chart)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-chart-deps-'));
    try {
      const local = path.join(dir, 'app');
      cpSync(path.join(repoRoot, 'examples/sample-chart'), local, { recursive: true });
      const settings: ChartSettings = { ...chart, chart: local };
      expect(localChartDependencies(settings)).toEqual([]);
      const chartYaml = path.join(local, 'Chart.yaml');
      const plain = readFileSync(chartYaml, 'utf8');
      writeFileSync(chartYaml, plain + 'dependencies:\n  - {name: common, version: 2.x.x, repository: https://charts.bitnami.com/bitnami}\n');
      expect(localChartDependencies(settings)).toEqual([{ name: 'common', repository: 'https://charts.bitnami.com/bitnami' }]);
      // A chart of a repository, or a reference, is packaged with its dependencies.
      expect(localChartDependencies({ ...settings, repo: 'https://charts.example.com' })).toEqual([]);
      expect(localChartDependencies({ ...settings, chart: 'bitnami/nginx' })).toEqual([]);
      writeFileSync(chartYaml, plain);
      writeFileSync(path.join(local, 'requirements.yaml'), 'dependencies:\n  - {name: common, version: 1.x.x, repository: https://charts.bitnami.com/bitnami}\n');
      expect(localChartDependencies(settings)).toEqual([{ name: 'common', repository: 'https://charts.bitnami.com/bitnami' }]);
      writeFileSync(path.join(local, 'requirements.yaml'), 'dependencies: []\n');
      expect(localChartDependencies(settings)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('repositories to add', () => {
  it('adds each http(s) repository once; OCI registries, file:// paths, @aliases and vendored charts are not repositories', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-chart-repos-'));
    try {
      writeFileSync(
        path.join(dir, 'Chart.yaml'),
        'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n' +
          '  - {name: common, version: 2.x.x, repository: https://charts.bitnami.com/bitnami}\n' +
          '  - {name: redis, version: 17.x.x, repository: https://charts.bitnami.com/bitnami}\n' +
          '  - {name: postgresql, version: 12.1.2, repository: oci://registry-1.docker.io/bitnamicharts}\n' +
          '  - {name: lib, version: 0.1.0, repository: file://../lib}\n' +
          "  - {name: grafana, version: 7.x.x, repository: '@grafana'}\n" +
          '  - {name: internal, version: 1.0.0, repository: HTTP://charts.example.com}\n' +
          '  - {name: vendored, version: 0.1.0}\n',
      );
      const deps = declaredDependencies(dir);
      expect(deps.map((d) => d.name)).toEqual(['common', 'redis', 'postgresql', 'lib', 'grafana', 'internal', 'vendored']);
      expect(repositoriesToAdd(deps)).toEqual(['https://charts.bitnami.com/bitnami', 'HTTP://charts.example.com']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
