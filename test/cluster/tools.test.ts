// find-or-install against a 127.0.0.1 server laid out like the real hosts (kind releases, dl.k8s.io, get.helm.sh):
// download, sha256 check, helm's tarball, the tool cache, reuse from cache and PATH, and a checksum mismatch.
import { execa, execaSync } from 'execa';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOrInstall, parseChecksum, toolDownload, UPSTREAM, type ToolMirrors } from '../../src/cluster/tools.js';

const linux = { os: 'linux', arch: 'amd64' } as const;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A tiny executable standing in for a tool binary: prints what the real one prints for `version`. */
function binary(versionLine: string): Buffer {
  return Buffer.from(`#!/bin/sh\necho '${versionLine}'\n`);
}

describe('findOrInstall', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'apisnoop-tools-'));
  const files = new Map<string, Buffer>();
  const hits: string[] = [];
  let server: Server;
  let mirrors: ToolMirrors;
  const saved = { ...process.env };

  beforeAll(async () => {
    const kind = binary('kind v0.33.0 go1.24.6 linux/amd64');
    files.set('/kind/v0.33.0/kind-linux-amd64', kind);
    files.set('/kind/v0.33.0/kind-linux-amd64.sha256sum', Buffer.from(`${sha256(kind)}  kind-linux-amd64\n`));
    const kubectl = Buffer.from(`#!/bin/sh\necho '{"clientVersion":{"gitVersion":"v1.36.4"}}'\n`);
    files.set('/k8s/v1.36.4/bin/linux/amd64/kubectl', kubectl);
    files.set('/k8s/v1.36.4/bin/linux/amd64/kubectl.sha256', Buffer.from(sha256(kubectl)));
    // helm ships as a tarball with linux-amd64/helm inside: build a real one with tar.
    const stage = path.join(root, 'stage');
    mkdirSync(path.join(stage, 'linux-amd64'), { recursive: true });
    writeFileSync(path.join(stage, 'linux-amd64', 'helm'), binary('v3.21.4'));
    chmodSync(path.join(stage, 'linux-amd64', 'helm'), 0o755);
    await execa('tar', ['-czf', path.join(root, 'helm.tgz'), '-C', stage, 'linux-amd64']);
    const tgz = readFileSync(path.join(root, 'helm.tgz'));
    files.set('/helm/helm-v3.21.4-linux-amd64.tar.gz', tgz);
    files.set('/helm/helm-v3.21.4-linux-amd64.tar.gz.sha256sum', Buffer.from(`${sha256(tgz)}  helm-v3.21.4-linux-amd64.tar.gz\n`));
    // A kind release whose published checksum does not match the binary served.
    files.set('/kind/v0.32.0/kind-linux-amd64', binary('kind v0.32.0 go1.24 linux/amd64'));
    files.set('/kind/v0.32.0/kind-linux-amd64.sha256sum', Buffer.from(`${sha256('something else')}  kind-linux-amd64\n`));
    // A checksum file that is not one.
    files.set('/kind/v0.31.0/kind-linux-amd64', binary('kind v0.31.0'));
    files.set('/kind/v0.31.0/kind-linux-amd64.sha256sum', Buffer.from('<html>rate limited</html>'));

    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const body = files.get(req.url ?? '');
      res.writeHead(body ? 200 : 404);
      res.end(body ?? 'Not Found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mirrors = { kind: `${base}/kind`, kubectl: `${base}/k8s`, helm: `${base}/helm` };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    const cache = mkdtempSync(path.join(root, 'cache-'));
    // PATH holds only tar and gzip (helm's tarball needs them), so that no kind, kubectl or helm of the machine is found.
    const sysBin = mkdtempSync(path.join(root, 'sysbin-'));
    for (const tool of ['tar', 'gzip']) symlinkSync(execaSync('which', [tool]).stdout.trim(), path.join(sysBin, tool));
    Object.assign(process.env, { RUNNER_TOOL_CACHE: cache, RUNNER_TEMP: mkdtempSync(path.join(root, 'temp-')), PATH: sysBin });
    hits.length = 0;
    return () => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    };
  });

  it('downloads kind, verifies its sha256, caches it, and reuses the cache without downloading again', async () => {
    // The job's later steps keep their own PATH: nothing is written to GITHUB_PATH.
    const githubPath = path.join(root, 'github-path');
    writeFileSync(githubPath, '');
    process.env.GITHUB_PATH = githubPath;
    const kind = await findOrInstall('kind', 'v0.33.0', { platform: linux, mirrors });
    expect(kind).toBe(path.join(process.env.RUNNER_TOOL_CACHE!, 'kind', '0.33.0', 'amd64', 'kind'));
    expect(hits).toEqual(['/kind/v0.33.0/kind-linux-amd64.sha256sum', '/kind/v0.33.0/kind-linux-amd64']);
    expect((await execa(kind, ['version'])).stdout).toBe('kind v0.33.0 go1.24.6 linux/amd64');
    // The directory went on PATH, so the user's test command finds the same binary.
    expect(process.env.PATH!.split(path.delimiter)[0]).toBe(path.dirname(kind));

    hits.length = 0;
    expect(await findOrInstall('kind', '0.33.0', { platform: linux, mirrors })).toBe(kind);
    expect(hits).toEqual([]);
    expect(readFileSync(githubPath, 'utf8')).toBe('');
  });

  it('installs kubectl from its .sha256 file and helm from its tarball', async () => {
    const kubectl = await findOrInstall('kubectl', 'v1.36.4', { platform: linux, mirrors });
    expect(JSON.parse((await execa(kubectl, ['version'])).stdout).clientVersion.gitVersion).toBe('v1.36.4');
    const helm = await findOrInstall('helm', 'v3.21.4', { platform: linux, mirrors });
    expect(helm).toBe(path.join(process.env.RUNNER_TOOL_CACHE!, 'helm', '3.21.4', 'amd64', 'helm'));
    expect((await execa(helm, ['version'])).stdout).toBe('v3.21.4');
  });

  it('fails clearly on a checksum mismatch, and caches nothing', async () => {
    const err = await findOrInstall('kind', 'v0.32.0', { platform: linux, mirrors }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      new RegExp(`^kind v0\\.32\\.0: checksum mismatch for ${mirrors.kind}/v0\\.32\\.0/kind-linux-amd64: expected sha256 ${sha256('something else')} .*, got ${sha256(files.get('/kind/v0.32.0/kind-linux-amd64')!)}\\. The download was discarded\\.$`),
    );
    expect(existsSync(path.join(process.env.RUNNER_TOOL_CACHE!, 'kind', '0.32.0'))).toBe(false);
  });

  it('refuses a checksum file that holds no checksum, and names a missing version', async () => {
    await expect(findOrInstall('kind', 'v0.31.0', { platform: linux, mirrors })).rejects.toThrow(
      `${mirrors.kind}/v0.31.0/kind-linux-amd64.sha256sum does not hold a sha256 checksum`,
    );
    await expect(findOrInstall('helm', 'v9.9.9', { platform: linux, mirrors })).rejects.toThrow(
      `helm v9.9.9: could not download ${mirrors.helm}/helm-v9.9.9-linux-amd64.tar.gz.sha256sum`,
    );
  });

  it('uses a binary of exactly that version on PATH, and downloads when the PATH one is another version', async () => {
    const bin = mkdtempSync(path.join(root, 'bin-'));
    writeFileSync(path.join(bin, 'kind'), binary('kind v0.33.0 go1.24.6 linux/amd64'));
    chmodSync(path.join(bin, 'kind'), 0o755);
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    expect(await findOrInstall('kind', 'v0.33.0', { platform: linux, mirrors })).toBe(path.join(bin, 'kind'));
    expect(hits).toEqual([]);

    writeFileSync(path.join(bin, 'kind'), binary('kind v0.29.0 go1.24 linux/amd64'));
    const installed = await findOrInstall('kind', 'v0.33.0', { platform: linux, mirrors });
    expect(installed).not.toBe(path.join(bin, 'kind'));
    expect(hits).toHaveLength(2);
  });

  it('"system" takes whatever is on PATH, and says so when there is none', async () => {
    await expect(findOrInstall('helm', 'system', { platform: linux, mirrors })).rejects.toThrow(
      'helm: "system" was asked for but there is no helm on PATH',
    );
  });
});

describe('published locations', () => {
  it('matches the upstream layout of each tool', () => {
    expect(toolDownload('kind', 'v0.33.0', linux, UPSTREAM)).toEqual({
      url: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64',
      checksumUrl: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64.sha256sum',
      archiveEntry: null,
    });
    expect(toolDownload('kubectl', 'v1.36.4', { os: 'darwin', arch: 'arm64' }, UPSTREAM).checksumUrl).toBe(
      'https://dl.k8s.io/release/v1.36.4/bin/darwin/arm64/kubectl.sha256',
    );
    expect(toolDownload('helm', 'v3.21.4', linux, UPSTREAM)).toEqual({
      url: 'https://get.helm.sh/helm-v3.21.4-linux-amd64.tar.gz',
      checksumUrl: 'https://get.helm.sh/helm-v3.21.4-linux-amd64.tar.gz.sha256sum',
      archiveEntry: 'linux-amd64/helm',
    });
  });
  it('parses both checksum file formats', () => {
    const hex = 'a'.repeat(64);
    expect(parseChecksum(`${hex}\n`, 'x')).toBe(hex);
    expect(parseChecksum(`${hex.toUpperCase()}  kind-linux-amd64\n`, 'x')).toBe(hex);
    expect(() => parseChecksum('', 'f.sha256')).toThrow('f.sha256 does not hold a sha256 checksum');
  });
});
