// Collecting the audit log and the served spec, through the recording fakes of docker and kubectl.
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyAuditLogs, cutTornLastLine, fetchServedSpec } from '../../src/cluster/collect.js';
import { grantUser, INSTALL_BINDING, INSTALL_USER } from '../../src/cluster/install-identity.js';
import { getReleaseManifest } from '../../src/cluster/helm.js';
import type { ChartSettings } from '../../src/action/settings.js';
import { fakesDir, fixtures } from '../fakes/action-harness.js';

describe('collect', () => {
  let root: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'apisnoop-collect-'));
    mkdirSync(path.join(root, 'state'));
    Object.assign(process.env, {
      PATH: `${fakesDir}${path.delimiter}${process.env.PATH}`,
      FAKE_NODE: process.execPath,
      FAKE_LOG: path.join(root, 'calls.jsonl'),
      FAKE_STATE_DIR: path.join(root, 'state'),
    });
    writeFileSync(path.join(root, 'calls.jsonl'), '');
    // A cluster "c" exists, with a kubeconfig for it.
    writeFileSync(path.join(root, 'kind.yaml'), 'kind: Cluster\n');
    await execa('kind', ['create', 'cluster', '--name', 'c', '--config', path.join(root, 'kind.yaml'), '--kubeconfig', path.join(root, 'kubeconfig')]);
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the audit directory out of the control-plane container with docker cp', async () => {
    const files = await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out') });
    expect(files).toEqual([path.join(root, 'out', 'kube-apiserver-audit.log')]);
    expect(readFileSync(files[0]!)).toEqual(readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
    const calls = readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[] });
    expect(calls.at(-1)).toMatchObject({ tool: 'docker', argv: ['cp', 'c-control-plane:/var/log/kubernetes/audit/.', path.join(root, 'out')] });
  });

  it("reads only this cluster's logs: an earlier run's rotated log left in the directory (a report-dir kept across runs) is removed, not read", async () => {
    const out = path.join(root, 'out');
    mkdirSync(path.join(out, 'sub'), { recursive: true });
    const old = path.join(out, 'kube-apiserver-audit-2026-01-01T00-00-00.000.log');
    writeFileSync(old, readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
    // Files of the user's that are no audit log (report-dir: . over a directory of theirs named audit) are kept.
    writeFileSync(path.join(out, 'notes.md'), 'mine');
    writeFileSync(path.join(out, 'sub', 'policy.yaml'), 'mine');
    // A dangling link of theirs named like a log: neither read nor a reason to fail.
    symlinkSync(path.join(out, 'gone.log'), path.join(out, 'latest.log'));
    const files = await copyAuditLogs({ container: 'c-control-plane', destDir: out });
    expect(files).toEqual([path.join(out, 'kube-apiserver-audit.log')]);
    expect(readdirSync(out).sort()).toEqual(['kube-apiserver-audit.log', 'latest.log', 'notes.md', 'sub']);
    expect(readFileSync(path.join(out, 'sub', 'policy.yaml'), 'utf8')).toBe('mine');
  });

  it('cuts the event the API server was still writing when the log was copied (a torn last line), and only that', async () => {
    const log = readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log'));
    const lastLine = log.subarray(log.lastIndexOf(10, log.length - 2) + 1);
    const torn = path.join(root, 'torn.log');
    writeFileSync(torn, Buffer.concat([log, lastLine.subarray(0, 40)]));
    process.env.FAKE_AUDIT_LOG = torn;
    const files = await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out') });
    expect(readFileSync(files[0]!)).toEqual(log);

    // Lines longer than a read, a file of no whole line, and a whole file, each as it should be.
    const long = path.join(root, 'long.log');
    const big = '{"kind":"Event","requestObject":"' + 'x'.repeat(200_000) + '"}\n';
    writeFileSync(long, big + big + big.slice(0, 150_000));
    expect(await cutTornLastLine(long)).toBe(150_000);
    expect(readFileSync(long, 'utf8')).toBe(big + big);
    expect(await cutTornLastLine(long)).toBe(0);
    writeFileSync(long, big.slice(0, 100_000));
    expect(await cutTornLastLine(long)).toBe(100_000);
    expect(readFileSync(long, 'utf8')).toBe('');
  });

  it('refuses a log the API server recorded nothing in (an empty file, or one torn line): the app\'s requests cannot have been seen', async () => {
    const empty = path.join(root, 'empty.log');
    writeFileSync(empty, '');
    process.env.FAKE_AUDIT_LOG = empty;
    const said =
      "the audit log copied out of c-control-plane is empty (kube-apiserver-audit.log): the API server recorded no request, not even the Action's own checks " +
      "of the namespace, so the app's could not be seen: did the API server start with the audit flags and policy?";
    await expect(copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out') })).rejects.toThrow(said);
    // Half an event, cut as torn: nothing is left.
    writeFileSync(empty, '{"kind":"Event","auditID":"a');
    await expect(copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out2') })).rejects.toThrow(said);
    // One event is enough.
    writeFileSync(empty, readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log'), 'utf8').split('\n')[0] + '\n');
    expect(await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out3') })).toEqual([path.join(root, 'out3', 'kube-apiserver-audit.log')]);
  });

  it('falls back to the host mount when docker cp fails, and fails naming both when neither has a log', async () => {
    process.env.FAKE_FAIL = 'docker:cp';
    const host = path.join(root, 'mount');
    mkdirSync(host);
    await expect(copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out'), hostDir: host })).rejects.toThrow(
      `could not copy the audit log out of c-control-plane (docker exited with code 1: Error response from daemon: the fake was told to fail docker cp), and ${host} holds none`,
    );
    writeFileSync(path.join(host, 'kube-apiserver-audit.log'), readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
    writeFileSync(path.join(host, 'notes.txt'), 'not a log');
    const written = vi.spyOn(process.stdout, 'write');
    const files = await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out'), hostDir: host });
    expect(files).toEqual([path.join(root, 'out', 'kube-apiserver-audit.log')]);
    // The warning says what docker said, not only its exit code.
    expect(written.mock.calls.map(([text]) => String(text)).filter((t) => t.startsWith('::warning::'))).toEqual([
      `::warning::docker cp failed (docker exited with code 1: Error response from daemon: the fake was told to fail docker cp); reading the audit log from the host mount ${host}\n`,
    ]);
    written.mockRestore();
  });

  it("reads the host mount's root-only files through sudo -n, and fails naming both causes when it cannot", async () => {
    process.env.FAKE_FAIL = 'docker:cp';
    const host = path.join(root, 'mount');
    mkdirSync(host);
    const log = path.join(host, 'kube-apiserver-audit.log');
    writeFileSync(log, readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
    // As on a runner, where the API server's log is root's, mode 0600 (the tests run as root, who is never refused).
    const refuse = (): Promise<void> => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    const files = await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out'), hostDir: host, copy: refuse });
    expect(files).toEqual([path.join(root, 'out', 'kube-apiserver-audit.log')]);
    expect(readFileSync(files[0]!)).toEqual(readFileSync(log));
    const calls = readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[] });
    expect(calls.at(-1)).toMatchObject({ tool: 'sudo', argv: ['-n', 'cat', log] });

    process.env.FAKE_FAIL = 'docker:cp,sudo:cat';
    await expect(copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out2'), hostDir: host, copy: refuse })).rejects.toThrow(
      `could not copy the audit log out of c-control-plane (docker exited with code 1: Error response from daemon: the fake was told to fail docker cp), and ${log} on the host mount is not readable (EACCES; sudo -n cat: sudo exited with code 1: sudo: a password is required)`,
    );
  });

  it('fails when the container does not exist and there is no host mount', async () => {
    await expect(copyAuditLogs({ container: 'other-control-plane', destDir: path.join(root, 'out') })).rejects.toThrow(
      'could not copy the audit log out of other-control-plane (docker exited with code 1: Error response from daemon: No such container: other-control-plane), and there is no host mount to read it from',
    );
  });

  it('saves the served /openapi/v2 as it came', async () => {
    const dest = await fetchServedSpec('kubectl', path.join(root, 'kubeconfig'), path.join(root, 'spec', 'openapi-v2.json'));
    expect(readFileSync(dest)).toEqual(gunzipSync(readFileSync(path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'))));
  });

  it('refuses an answer that is not an OpenAPI v2 document', async () => {
    process.env.FAKE_SPEC = path.join(root, 'not-a-spec.json.gz');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(process.env.FAKE_SPEC, gzipSync('{"openapi":"3.0.0"}'));
    await expect(fetchServedSpec('kubectl', path.join(root, 'kubeconfig'), path.join(root, 'x.json'))).rejects.toThrow(
      'kubectl get --raw /openapi/v2 returned JSON that is not an OpenAPI v2 document',
    );
    await expect(fetchServedSpec('kubectl', path.join(root, 'missing-kubeconfig'), path.join(root, 'y.json'))).rejects.toThrow('kubectl exited with code 1');
  });

  describe('on an API server that never answers', () => {
    it('kubectl get --raw /openapi/v2 gives up after --request-timeout, and the error names the command and the timeout', async () => {
      process.env.FAKE_HANG = 'kubectl:get-raw';
      const err = await fetchServedSpec('kubectl', path.join(root, 'kubeconfig'), path.join(root, 'spec.json')).catch((e: Error) => e);
      expect((err as Error).message).toBe(
        'kubectl get --raw /openapi/v2 failed (kubectl exited with code 1) (the API server did not answer within --request-timeout 30s): ' +
          'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
      );
      const calls = readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[] });
      expect(calls.at(-1)!.argv).toEqual(['--kubeconfig', path.join(root, 'kubeconfig'), 'get', '--raw', '/openapi/v2', '--request-timeout', '30s']);
    });

    it('helm get manifest, which has no timeout of its own, is stopped after the time given', async () => {
      process.env.FAKE_HANG = 'helm:get';
      const chart = { release: 'web', namespace: 'web' } as ChartSettings;
      const res = await getReleaseManifest('helm', chart, path.join(root, 'kubeconfig'), path.join(root, 'manifest.yaml'), 500);
      expect(res.ok).toBe(false);
      expect(res.failure).toBe('helm did not finish within 500ms and was stopped');
    });

    it('kubectl create clusterrolebinding (for an install-command) gives up after --request-timeout, and is stopped after the time given', async () => {
      process.env.FAKE_HANG = 'kubectl:create';
      expect(await grantUser('kubectl', path.join(root, 'kubeconfig'), INSTALL_USER, INSTALL_BINDING)).toBe(
        'kubectl create clusterrolebinding apisnoop-install-command failed (kubectl exited with code 1) (the API server did not answer within --request-timeout 30s): ' +
          'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
      );
      const calls = readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[] });
      expect(calls.at(-1)!.argv.slice(-2)).toEqual(['--request-timeout', '30s']);
      // What kubectl's own limit does not bound (a credential plugin that never returns): stopped all the same.
      process.env.PATH = `${fakesDir}${path.delimiter}${saved.PATH}`;
      const hung = path.join(root, 'hung-kubectl');
      writeFileSync(hung, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
      expect(await grantUser(hung, path.join(root, 'kubeconfig'), INSTALL_USER, INSTALL_BINDING, 500)).toBe(
        'kubectl create clusterrolebinding apisnoop-install-command failed (hung-kubectl did not finish within 500ms and was stopped)',
      );
    });

    it('docker cp on a daemon that stopped answering is stopped after the time given, and the host mount read instead', async () => {
      process.env.FAKE_HANG = 'docker:cp';
      const host = path.join(root, 'mount');
      mkdirSync(host);
      writeFileSync(path.join(host, 'kube-apiserver-audit.log'), readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
      const written = vi.spyOn(process.stdout, 'write');
      const files = await copyAuditLogs({ container: 'c-control-plane', destDir: path.join(root, 'out'), hostDir: host, timeoutMs: 500 });
      expect(files).toEqual([path.join(root, 'out', 'kube-apiserver-audit.log')]);
      expect(readFileSync(files[0]!)).toEqual(readFileSync(path.join(fixtures, 'audit/audit2rbac/demo-v1.log')));
      expect(written.mock.calls.map(([text]) => String(text)).filter((t) => t.startsWith('::warning::'))).toEqual([
        `::warning::docker cp failed (docker did not finish within 500ms and was stopped); reading the audit log from the host mount ${host}\n`,
      ]);
      written.mockRestore();
    });
  });
});
