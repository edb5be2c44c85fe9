// Getting the evidence out of the cluster: the API server's audit log (docker cp from the control-plane container)
// and the OpenAPI document the cluster really serves (kubectl get --raw /openapi/v2).
import { copyFile, open, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { runCommand, saidLast } from './command.js';
import { READ_TIMEOUT_MS, REQUEST_TIMEOUT, timedOutText } from './timeouts.js';
import { AUDIT_LOG_DIR_IN_NODE } from './kind.js';
import { makeDir } from '../make-dir.js';
import { logInfo, logWarning } from '../github/log.js';

const LOG_FILE = /\.log(\.gz)?$/;

async function logFilesIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names.filter((n) => LOG_FILE.test(n)).sort()) {
    const file = path.join(dir, name);
    // A dangling link (report-dir: . over a directory of the user's) is no log: not a reason to fail.
    if ((await stat(file).catch(() => null))?.isFile()) files.push(file);
  }
  return files;
}

export interface CopyAuditLogs {
  container: string;
  destDir: string;
  /** The runner directory kind mounts the node's audit directory on: read when docker cp cannot reach the node. */
  hostDir?: string;
  docker?: string;
  /** How a file of the host mount is copied (tests stand in a refusal here: they run as root, who is never refused). */
  copy?: (from: string, to: string) => Promise<void>;
  /** How long docker cp may take before it is stopped and the host mount read instead (COPY_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * The most docker cp may take: a log of gigabytes copies in seconds, but a Docker daemon that stopped answering held
 * the job for GitHub's 6 hours. Then the host mount is read, as when docker cp fails.
 */
export const COPY_TIMEOUT_MS = 600_000;

/**
 * The API server goes on writing its log (leases, controllers) while it is copied, so the copy can end inside an
 * event. That partial line is no event of the run: it is cut off here, and said, rather than reported as an invalid
 * line (which `fail-on: invalid` would fail on, at random). Returns the bytes cut.
 */
export async function cutTornLastLine(file: string): Promise<number> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(1 << 16);
    let end = size;
    // Backwards a piece at a time, to the last newline: an event with a whole object in it can be megabytes long.
    while (end > 0) {
      const start = Math.max(0, end - buf.length);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
      if (nl !== -1) {
        const keep = start + nl + 1;
        if (keep === size) return 0;
        await truncate(file, keep);
        return size - keep;
      }
      end = start;
    }
    if (size > 0) await truncate(file, 0);
    return size;
  } finally {
    await fh.close();
  }
}

/** Every plain log copied, its torn last line cut (rotated and gzip files are complete). */
async function cutTornLastLines(files: string[]): Promise<string[]> {
  for (const file of files) {
    if (file.endsWith('.gz')) continue;
    const cut = await cutTornLastLine(file);
    if (cut > 0) logInfo(`${path.basename(file)} ended inside an event the API server was still writing when it was copied: its last ${cut} bytes (no whole line) are left out`);
  }
  return files;
}

/**
 * The audit log files (the current one and any rotated ones), copied to destDir, the audit logs it held removed first;
 * refused when they hold nothing.
 */
export async function copyAuditLogs(c: CopyAuditLogs): Promise<string[]> {
  const files = await cutTornLastLines(await copyAuditFiles(c));
  for (const file of files) if ((await stat(file)).size > 0) return files;
  // The Action's own requests (its checks of the namespace) are in any log the API server wrote: none at all means it
  // recorded nothing, and the app's requests cannot have been seen; a verdict on nothing would pass.
  throw new Error(
    `the audit log copied out of ${c.container} is empty (${files.map((f) => path.basename(f)).join(', ')}): the API server recorded no request, ` +
      "not even the Action's own checks of the namespace, so the app's could not be seen: did the API server start with the audit flags and policy?",
  );
}

/**
 * Removes the audit logs (the files logFilesIn reads) that destDir holds before the copy: its logs are this cluster's
 * only. A report-dir kept across runs (a workspace directory, a self-hosted runner's) held an earlier run's rotated
 * logs there, and each was read as this run's traffic. Nothing else is touched: report-dir may be a directory of the
 * user's (`.`), where an `audit` directory holds files of theirs that are no audit log.
 */
async function removeEarlierLogs(destDir: string): Promise<void> {
  const earlier = await logFilesIn(destDir);
  for (const file of earlier) await rm(file, { force: true });
  if (earlier.length > 0) {
    const names = earlier.map((f) => path.basename(f));
    logInfo(`${destDir} held ${earlier.length} audit log file(s) of an earlier run (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}): removed, so that only this cluster's audit log is read`);
  }
  await makeDir(destDir);
}

async function copyAuditFiles(c: CopyAuditLogs): Promise<string[]> {
  await removeEarlierLogs(c.destDir);
  // "dir/." copies the directory's content, rotated files included.
  const res = await runCommand(c.docker ?? 'docker', ['cp', `${c.container}:${AUDIT_LOG_DIR_IN_NODE}/.`, c.destDir], { timeoutMs: c.timeoutMs ?? COPY_TIMEOUT_MS });
  if (res.ok) {
    const files = await logFilesIn(c.destDir);
    if (files.length > 0) return files;
    throw new Error(`docker cp from ${c.container} copied no audit log (*.log) out of ${AUDIT_LOG_DIR_IN_NODE}: did the API server start with the audit flags?`);
  }
  // Docker's own words ("No such container: …") tell why; the exit code alone does not.
  const dockerFailure = `${res.failure}${saidLast(res)}`;
  const fromHost = c.hostDir ? await logFilesIn(c.hostDir) : [];
  if (fromHost.length === 0) {
    throw new Error(`could not copy the audit log out of ${c.container} (${dockerFailure}), and ${c.hostDir ? `${c.hostDir} holds none` : 'there is no host mount to read it from'}`);
  }
  logWarning(`docker cp failed (${dockerFailure}); reading the audit log from the host mount ${c.hostDir}`);
  const copied: string[] = [];
  for (const file of fromHost) {
    const dest = path.join(c.destDir, path.basename(file));
    try {
      await (c.copy ?? copyFile)(file, dest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code !== 'EACCES' && code !== 'EPERM') throw err;
      // The API server writes its log as root, mode 0600: the runner's user reads it through sudo (passwordless on
      // GitHub's runners), never asking for a password (-n).
      const viaSudo = await runCommand('sudo', ['-n', 'cat', file], { stdoutFile: dest, quiet: true });
      if (!viaSudo.ok) {
        throw new Error(
          `could not copy the audit log out of ${c.container} (${dockerFailure}), and ${file} on the host mount is not readable (${code}; sudo -n cat: ${viaSudo.failure}${saidLast(viaSudo)})`,
          { cause: err },
        );
      }
    }
    copied.push(dest);
  }
  return copied;
}

/**
 * The cluster's own /openapi/v2, so that matching uses exactly the API it served. Bounded twice: kubectl's
 * --request-timeout, and `timeoutMs` for the whole command (a hung API server held the job for GitHub's 6 hours).
 */
export async function fetchServedSpec(kubectl: string, kubeconfig: string, dest: string, timeoutMs = READ_TIMEOUT_MS): Promise<string> {
  await makeDir(path.dirname(dest));
  const res = await runCommand(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', '/openapi/v2', '--request-timeout', REQUEST_TIMEOUT], { stdoutFile: dest, timeoutMs });
  if (!res.ok) throw new Error(`kubectl get --raw /openapi/v2 failed (${res.failure})${timedOutText(res)}${saidLast(res)}`);
  const text = await readFile(dest, 'utf8');
  let doc: { swagger?: unknown; paths?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new Error(`kubectl get --raw /openapi/v2 did not return JSON (${dest}: ${(err as Error).message})`, { cause: err });
  }
  if (typeof doc.swagger !== 'string' || typeof doc.paths !== 'object' || doc.paths === null) {
    throw new Error(`kubectl get --raw /openapi/v2 returned JSON that is not an OpenAPI v2 document (${dest})`);
  }
  return dest;
}
