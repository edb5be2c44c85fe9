// What a log's bad lines say reaches public outputs (a PR comment, annotations, a job summary, report.json): a piece of
// a cut line, a line JSON.parse refuses, a prefix before an event and a requestURI that is no path are said by their
// shape and place, never quoted. Canaries stand where a Secret's data, a token or exec's command would.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { runCli } from '../helpers/cli.js';
import { CANARY_WRITER, CASES, canaryLines, event, real } from '../helpers/canary-lines.js';
import { scratchDir, specPath } from '../helpers/fixtures.js';

const dir = scratchDir('log-text-not-quoted');
const log = path.join(dir, 'canary.log');
writeFileSync(log, canaryLines.join('\n') + '\n');
// A pretty-printed object whose value is no JSON: the lines read as one object.
const pretty = path.join(dir, 'pretty.log');
writeFileSync(pretty, `${real[0]}\n{\n  "kind": "Event",\n  "requestObject": {"password": CANARYpretty}\n}\n`);
// What CANARY_WRITER is granted: its least privilege lists the requests not granted, the rules they need and the unusable.
const granted = path.join(dir, 'granted.yaml');
writeFileSync(
  granted,
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: health}\nrules: [{nonResourceURLs: ["/livez"], verbs: ["get"]}]\n---\n' +
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: health}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: health}\n' +
    'subjects: [{kind: ServiceAccount, name: writer, namespace: canary}]\n',
);
const writer = `system:serviceaccount:${CANARY_WRITER}`;

/** Every file a run wrote, with its stdout and stderr: none may hold a canary. */
function outputs(out: string, r: { stdout: string; stderr: string }): string[] {
  return [r.stdout, r.stderr, ...readdirSync(out).map((f) => readFileSync(path.join(out, f), 'utf8'))];
}

describe('a bad line is said by its shape, never quoted', () => {
  it.each([[[]], [['--no-fast']], [['-j', '2']]])('analyze %j: no canary in report.json, .md, .html, the CSVs, stdout or stderr', async (mode) => {
    const out = path.join(dir, `out${mode.join('')}`);
    const r = await runCli(['analyze', log, pretty, '--spec', specPath('1.34'), '--conformance', 'none', '--include-system', '--fail-on', 'invalid', '--out', out, '--rbac-serviceaccount', CANARY_WRITER, '--granted', granted, ...mode]);
    expect(r.exitCode, r.stderr).toBe(1);
    for (const text of outputs(out, r)) expect(text).not.toContain('CANARY');
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    const byLine = new Map(report.invalid.filter((x) => x.file === log).map((x) => [x.line, x.message]));
    CASES.forEach(([, said], k) => expect(byLine.get(4 + k)).toMatch(said));
    expect(report.invalid.find((x) => x.file === pretty)?.message).toMatch(/^not JSON \(lines 2-5 read as one object\): Unexpected character in JSON at position 53 \(line 3 column 33\)$/);
    // The requestURI that is no path: its unmatched pattern without its query, as a path's is.
    expect(report.unmatched.map((u) => u.pattern)).toContain('https://{host}/api/v1/namespaces/{namespace}/pods');
    // A path's text after a ; or a # a placeholder, text with no slash and a verb no API server writes by their length.
    const rows = report.unmatched.filter((u) => u.users?.includes(writer)).map(({ reason, verb, pattern }) => [reason, verb, pattern]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['unknown-resource', 'list', '/api/v1/namespaces/{namespace}/pods;{params}'],
        ['unknown-resource', 'list', '/apis/apps/v1/deployments#{fragment}'],
        ['unknown-resource', 'list', '/apis/apps/v1/namespaces/{namespace}/deployments#{fragment}'],
        ['malformed-uri', 'list', '13 characters (not quoted: audit log lines may hold secrets)'],
        ['unknown-verb', '(a verb not known, of 10 characters)', '/api/v1/namespaces/{namespace}/pods'],
        // An escaped # hides the rest of the path as a written one does; a URL its user and host, a relative path its names.
        ['non-resource-url', 'list', '/healthz#{fragment}'],
        ['malformed-uri', 'list', 'https://{host}/api/v1/pods'],
        ['malformed-uri', 'list', 'api/v1/namespaces/{namespace}/secrets/{name}'],
      ]),
    );
    // Least privilege: a non-resource path up to its ; or # then *, and the requests it cannot read by their shape.
    const rbac = report.rbac?.[0];
    expect(rbac?.observed.clusterRules).toContainEqual({ nonResourceURLs: ['/healthz#*', '/healthz;*'], verbs: ['list'] });
    expect(rbac?.granted?.ungranted.map((u) => u.path)).toEqual(expect.arrayContaining(['/healthz#*', '/healthz;*']));
    expect(rbac?.requests.unusable).toContainEqual({ auditID: 'an auditID of 14 characters, not a UUID (not quoted)', reason: 'requestURI is not a path: 12 characters (not quoted: audit log lines may hold secrets)' });
    expect(rbac?.requests.unusable).toContainEqual({
      auditID: 'an auditID of 8 characters, not a UUID (not quoted)',
      reason: 'a verb not known, of 10 characters, not quoted: none an API server writes, so no request its authorizer was asked',
    });
    expect(report.invalid.find((x) => x.message.startsWith('kind is'))?.message).toBe('kind is a text of 10 characters, not an audit Event');
    expect(r.stderr).toContain('a stage of 11 characters (not quoted)');
    expect(r.stderr).toContain('verb is an object of 1 key, not a string');
    expect(r.stderr).toContain('a request came again under an auditID already counted, one of 14 characters, not a UUID (not quoted)');
  });

  it('rbac: a requestURI that is no path is said without its query', async () => {
    // The real event's identity: impersonated users count as themselves.
    const who = JSON.parse(event) as { user: { username: string }; impersonatedUser?: { username: string } };
    const r = await runCli(['rbac', log, '--user', (who.impersonatedUser ?? who.user).username]);
    expect(r.stderr).toContain('"https://{host}/api/v1/namespaces/{namespace}/pods" is not a path');
    expect(r.stdout + r.stderr).not.toContain('CANARY');
  });

  it("rbac: the canaries' writer's rules and the requests it cannot read quote none of their text: a path with a ; or # is named up to it, then *", async () => {
    const r = await runCli(['rbac', log, '--serviceaccount', CANARY_WRITER]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('CANARY');
    expect(r.stdout).toContain('- /healthz#*\n      - /healthz;*\n');
    expect(r.stderr).toContain('unusable request an auditID of 8 characters, not a UUID (not quoted): its resource holds a # (not quoted)');
    expect(r.stderr).toContain('unusable request an auditID of 8 characters, not a UUID (not quoted): requestURI "https://{host}/api/v1/pods" is not a path');
    expect(r.stderr).toMatch(/^ {2}1x list \/healthz#\*$/m);
    expect(r.stderr).toMatch(/^ {2}1x list \/healthz;\*$/m);
  });

  it('merge given an audit log instead of a report: its JSON error quotes none of it', async () => {
    const token = path.join(dir, 'token.json');
    writeFileSync(token, 'eyJCANARYjwt.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\n');
    const r = await runCli(['merge', token, '--out', path.join(dir, 'merged')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${token}: not JSON (Unexpected character in JSON at position 0 (line 1 column 1));`);
    expect(r.stderr).not.toContain('CANARY');
  });
});
