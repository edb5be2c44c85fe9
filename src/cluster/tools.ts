// Find or install kind, kubectl and helm: the runner's tool cache first, then a binary on PATH of the exact version,
// else a download verified against the sha256 its publisher serves next to it, then cached with @actions/tool-cache.
import * as io from '@actions/io';
import * as tc from '@actions/tool-cache';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { logInfo } from '../github/log.js';
import { runCommand } from './command.js';

export type ToolName = 'kind' | 'kubectl' | 'helm';

/** Where each tool is published. Tests (and mirrors) replace the hosts. */
export interface ToolMirrors {
  kind: string;
  kubectl: string;
  helm: string;
}

export const UPSTREAM: ToolMirrors = {
  kind: 'https://github.com/kubernetes-sigs/kind/releases/download',
  kubectl: 'https://dl.k8s.io/release',
  helm: 'https://get.helm.sh',
};

export interface ToolDownload {
  url: string;
  checksumUrl: string;
  /** For archives: the binary's path inside the extracted archive. */
  archiveEntry: string | null;
}

export interface Platform {
  os: 'linux' | 'darwin';
  arch: 'amd64' | 'arm64';
}

export function currentPlatform(): Platform {
  const os = process.platform;
  if (os !== 'linux' && os !== 'darwin') {
    throw new Error(`kind, kubectl and helm are installed for Linux and macOS runners only, not ${os}`);
  }
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : null;
  if (!arch) throw new Error(`unsupported CPU architecture ${process.arch} (amd64 and arm64 are)`);
  return { os, arch };
}

/** The published URLs of one version of a tool, and of its checksum file. */
export function toolDownload(name: ToolName, version: string, p: Platform, mirrors: ToolMirrors = UPSTREAM): ToolDownload {
  const base = mirrors[name].replace(/\/+$/, '');
  switch (name) {
    case 'kind': {
      const url = `${base}/${version}/kind-${p.os}-${p.arch}`;
      return { url, checksumUrl: `${url}.sha256sum`, archiveEntry: null };
    }
    case 'kubectl': {
      const url = `${base}/${version}/bin/${p.os}/${p.arch}/kubectl`;
      return { url, checksumUrl: `${url}.sha256`, archiveEntry: null };
    }
    case 'helm': {
      const url = `${base}/helm-${version}-${p.os}-${p.arch}.tar.gz`;
      return { url, checksumUrl: `${url}.sha256sum`, archiveEntry: `${p.os}-${p.arch}/helm` };
    }
  }
}

/** The first token of a sha256sum-style file ("<hex>  <name>" or just "<hex>"). */
export function parseChecksum(text: string, source: string): string {
  const token = text.trim().split(/\s+/)[0] ?? '';
  if (!/^[0-9a-f]{64}$/i.test(token)) throw new Error(`${source} does not hold a sha256 checksum (got "${text.slice(0, 80).trim()}")`);
  return token.toLowerCase();
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The version a binary reports, normalised to vX.Y.Z, or null when it cannot tell. */
export async function reportedVersion(name: ToolName, binary: string): Promise<string | null> {
  const args =
    name === 'kind' ? ['version'] : name === 'kubectl' ? ['version', '--client', '-o', 'json'] : ['version', '--template', '{{.Version}}'];
  const res = await runCommand(binary, args, { quiet: true });
  if (!res.ok) return null;
  if (name === 'kubectl') {
    try {
      return (JSON.parse(res.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? null;
    } catch {
      return null;
    }
  }
  return /\bv\d+\.\d+\.\d+\S*/.exec(res.stdout)?.[0] ?? null;
}

async function download(url: string, name: ToolName, version: string): Promise<string> {
  try {
    return await tc.downloadTool(url);
  } catch (err) {
    throw new Error(`${name} ${version}: could not download ${url}: ${(err as Error).message}`, { cause: err });
  }
}

export interface InstallOptions {
  platform?: Platform;
  mirrors?: ToolMirrors;
}

/**
 * The path of the tool's binary at this exact version ('system': whatever is on PATH), installing it when needed.
 * Its directory is put first on this process's PATH so that the user's test command runs the same binaries; not
 * through core.addPath, which would put it first for the job's later steps too, over their own helm and kubectl.
 */
export async function findOrInstall(name: ToolName, version: string, options: InstallOptions = {}): Promise<string> {
  if (version === 'system' || version === '') {
    const found = await io.which(name, false);
    if (!found) throw new Error(`${name}: "system" was asked for but there is no ${name} on PATH`);
    logInfo(`${name}: using ${found} from PATH`);
    return found;
  }
  const platform = options.platform ?? currentPlatform();
  const semver = version.replace(/^v/, '');

  const cached = tc.find(name, semver, platform.arch);
  if (cached) {
    logInfo(`${name} ${version}: found in the tool cache`);
    prependPath(cached);
    return path.join(cached, name);
  }

  const onPath = await io.which(name, false);
  if (onPath && (await reportedVersion(name, onPath)) === version) {
    logInfo(`${name} ${version}: using ${onPath} from PATH`);
    return onPath;
  }

  const dl = toolDownload(name, version, platform, options.mirrors);
  logInfo(`${name} ${version}: downloading ${dl.url}`);
  const checksumFile = await download(dl.checksumUrl, name, version);
  const expected = parseChecksum(await readFile(checksumFile, 'utf8'), dl.checksumUrl);
  const downloaded = await download(dl.url, name, version);
  const actual = await sha256File(downloaded);
  if (actual !== expected) {
    await io.rmRF(downloaded);
    throw new Error(
      `${name} ${version}: checksum mismatch for ${dl.url}: expected sha256 ${expected} (from ${dl.checksumUrl}), got ${actual}. The download was discarded.`,
    );
  }
  logInfo(`${name} ${version}: sha256 ${actual} verified`);

  let binary = downloaded;
  if (dl.archiveEntry) {
    const extracted = await tc.extractTar(downloaded);
    binary = path.join(extracted, dl.archiveEntry);
  }
  await chmod(binary, 0o755);
  const dir = await tc.cacheFile(binary, name, name, semver, platform.arch);
  prependPath(dir);
  return path.join(dir, name);
}

function prependPath(dir: string): void {
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
}
