// The audit log the Action uploads: a query's values taken out but the Kubernetes API's own parameters', the rest of
// each line as the API server wrote it, and the same report from it as from the log itself.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/analyze.js';
import { redactedLine, redactedUri, redactLogFile } from '../../src/cluster/redact-log.js';
import type { Report } from '../../src/engine/report.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, readLines, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('redact-log');

/** An event of the real log as another request: exec, attach, a service's proxy, a list, with secrets in its query. */
function asRequest(line: string, n: number, uri: string, verb: string, objectRef: object): string {
  // Go's encoder writes & as \u0026 in a JSON string: as the API server's log holds a query.
  const e = { ...(JSON.parse(line) as object), auditID: `secret-query-${n}`, requestURI: uri, verb, objectRef };
  return JSON.stringify(e).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

const pod = { resource: 'pods', namespace: 'default', name: 'app-0', apiVersion: 'v1' };
const SECRET_REQUESTS: [string, string, object][] = [
  ['/api/v1/namespaces/default/pods/app-0/exec?command=curl&command=-H&command=Authorization%3A%20Bearer%20EXECCANARYsecret&container=app&stdout=true&stderr=true', 'create', { ...pod, subresource: 'exec' }],
  ['/api/v1/namespaces/default/pods/app-0/attach?container=app&stdin=true&stdout=true&tty=true&token=ATTACHCANARY', 'create', { ...pod, subresource: 'attach' }],
  ['/api/v1/namespaces/default/services/http:web:80/proxy/admin?key=PROXYCANARY&watch=1', 'get', { resource: 'services', subresource: 'proxy', namespace: 'default', name: 'http:web:80', apiVersion: 'v1' }],
  ['/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=500&access_token=LISTCANARY', 'list', { resource: 'pods', namespace: 'default', apiVersion: 'v1' }],
  ['/api/v1/namespaces/default/pods?QUERYKEYCANARY%3Dx', 'list', { resource: 'pods', namespace: 'default', apiVersion: 'v1' }],
];

/** The report as far as what was read goes: without what names the input file. */
const content = (r: Report): Report => ({ ...r, inputs: [], inputIds: undefined });

describe('redactedUri', () => {
  it("takes out every query value but the Kubernetes API's own parameters'", () => {
    expect(redactedUri('/api/v1/namespaces/default/pods/app-0/exec?command=sh&command=-c&command=echo%20X&container=app&stdout=true')).toBe(
      '/api/v1/namespaces/default/pods/app-0/exec?command=REDACTED&command=REDACTED&command=REDACTED&container=app&stdout=true',
    );
    expect(redactedUri('/api/v1/pods?watch=true&resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=300')).toBe('/api/v1/pods?watch=true&resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=300');
    expect(redactedUri('/api/v1/pods?eyJhbGciOi.x.y')).toBe('/api/v1/pods?REDACTED');
    expect(redactedUri('/api/v1/pods?pretty')).toBe('/api/v1/pods?pretty');
    expect(redactedUri('/api/v1/pods?')).toBe('/api/v1/pods?');
    expect(redactedUri('/api/v1/pods')).toBe('/api/v1/pods');
  });
});

describe('redactedLine and redactLogFile', () => {
  it('a line without a query is kept byte for byte; one with a query differs only in it, escaped as Go wrote it', () => {
    for (const line of readLines(AUDIT2RBAC_V1).filter((l) => !l.includes('?'))) expect(redactedLine(line)).toBe(line);
    const exec = asRequest(readLines(AUDIT2RBAC_V1)[0], 1, SECRET_REQUESTS[0][0], 'create', SECRET_REQUESTS[0][2]);
    const redacted = redactedLine(exec);
    expect(redacted).toBe(
      exec.replace(
        /"requestURI":"[^"]*"/,
        '"requestURI":"/api/v1/namespaces/default/pods/app-0/exec?command=REDACTED\\u0026command=REDACTED\\u0026command=REDACTED\\u0026container=app\\u0026stdout=true\\u0026stderr=true"',
      ),
    );
  });

  it.each([AUDIT2RBAC_V1, AUDIT2RBAC_2017])('%s with exec, attach, proxy and list requests holding secrets: none in the redacted log, the same report', async (fixture) => {
    const lines = readLines(fixture);
    const withSecrets = [...lines, ...SECRET_REQUESTS.map(([uri, verb, ref], n) => asRequest(lines[0], n, uri, verb, ref))];
    const text = withSecrets.join('\n') + '\n';
    const name = path.basename(fixture);
    const original = path.join(dir, `original-${name}`);
    writeFileSync(original, text);
    const plain = path.join(dir, name);
    writeFileSync(plain, text);
    const gz = path.join(dir, `${name}.gz`);
    writeFileSync(gz, gzipSync(text));
    await redactLogFile(plain);
    await redactLogFile(gz);
    const redacted = readFileSync(plain, 'utf8');
    expect(gunzipSync(readFileSync(gz)).toString('utf8')).toBe(redacted);
    expect(redacted).not.toMatch(/CANARY/);
    // Every line but those of a query the same.
    const kept = redacted.split('\n');
    expect(kept).toHaveLength(withSecrets.length + 1);
    kept.slice(0, -1).forEach((l, i) => (withSecrets[i].includes('?') && /CANARY/.test(withSecrets[i]) ? expect(l).not.toBe(withSecrets[i]) : expect(l).toBe(withSecrets[i])));
    const settings = { kubernetesVersion: '1.34', selection: { includeSystem: true } };
    const fromOriginal = await analyzeLogs({ ...settings, logs: [original] });
    expect([fromOriginal.summary.invalidLines, fromOriginal.summary.unmatched]).toStrictEqual([0, 0]);
    expect(content(await analyzeLogs({ ...settings, logs: [plain] }))).toStrictEqual(content(fromOriginal));
    expect(content(await analyzeLogs({ ...settings, logs: [gz] }))).toStrictEqual(content(fromOriginal));
  });
});
