// `apisnoop endpoints --spec swagger-1.36.json.gz --json` against APISnoop's coverage-1.36.0.json.gz: the proof the
// issue asks for, run through the real CLI. The disagreement classes are documented in docs/classification.md.
import { beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../../src/engine/spec.js';
import { parseStdout, runCli, type CliResult } from '../helpers/cli.js';
import { apisnoopCoverage, compareWithApisnoop, type EndpointRow } from '../helpers/classification.js';
import { readSpecDocument, specPath } from '../helpers/fixtures.js';

let json: CliResult;
let table: CliResult;
beforeAll(async () => {
  [json, table] = await Promise.all([runCli(['endpoints', '--spec', specPath('1.36'), '--json']), runCli(['endpoints', '--k8s-version', '1.36'])]);
});

describe('apisnoop endpoints on 1.36', () => {
  it('prints every operation of the spec with its classification', () => {
    expect(json.exitCode, json.stderr).toBe(0);
    const rows = parseStdout<EndpointRow[]>(json);
    const doc = readSpecDocument('1.36');
    const ops = operationsOf(doc, '1.36');
    expect(rows.length).toBe(1123);
    expect(rows).toEqual(ops.map(({ operationId, method, path, level, group, version, category, kind, action, deprecated }) => ({ operationId, method, path, level, group, version, category, kind, action, deprecated })));
  });

  it('agrees with APISnoop on level, group, version, category, kind and action, except three documented classes', () => {
    const rows = parseStdout<EndpointRow[]>(json);
    const cov = apisnoopCoverage('1.36');
    const c = compareWithApisnoop(rows, cov.endpoints, Object.keys(readSpecDocument('1.36').paths));
    expect(c.missingFromSpec).toEqual([]);
    // APISnoop excludes the 215 watch* operations.
    expect(c.notInApisnoop.length).toBe(215);
    expect(c.notInApisnoop.every((id) => id.startsWith('watch'))).toBe(true);
    expect(c.classes.unexplained, c.details.join('\n')).toEqual([]);
    expect(c.compared).toBe(908);
    expect(c.agreeing).toBe(847);
    // (a) discovery operations: we name group/version, APISnoop null.
    expect(c.classes['discovery-group-version'].length).toBe(59);
    // (b) /apis/{group}/ of a group with no GA version: beta or alpha, not stable.
    expect(c.classes['group-discovery-level'].sort()).toEqual(['getInternalApiserverAPIGroup', 'getStoragemigrationAPIGroup']);
    expect(rows.find((r) => r.operationId === 'getInternalApiserverAPIGroup')!.level).toBe('alpha');
    expect(rows.find((r) => r.operationId === 'getStoragemigrationAPIGroup')!.level).toBe('beta');
    // (c) the service account issuer discovery endpoints: GA paths, stable.
    expect(c.classes['service-account-issuer-level'].sort()).toEqual(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);
    expect(rows.filter((r) => r.operationId.startsWith('getServiceAccountIssuer')).map((r) => [r.path, r.level])).toEqual([
      ['/.well-known/openid-configuration/', 'stable'],
      ['/openid/v1/jwks/', 'stable'],
    ]);
  });

  it('without --json: a tab-separated table, one header and one line per operation; --k8s-version reads the shipped release', () => {
    expect(table.exitCode, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('operationId\tmethod\tpath\tlevel\tgroup\tversion\tcategory\tkind\taction\tdeprecated');
    expect(lines.length).toBe(1 + 1123);
    expect(lines).toContain('readCoreV1NamespacedPod\tget\t/api/v1/namespaces/{namespace}/pods/{name}\tstable\t\tv1\tcore\tPod\tget\tfalse');
    expect(lines.every((l) => l.split('\t').length === 10)).toBe(true);
  });
});
