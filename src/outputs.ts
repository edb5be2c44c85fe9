// Every file of one analysis, rendered from the one Report: report.json, report.md, report.html and the CSVs.
// The big ones are written a piece at a time, one file after another: a report of callers by the hundred thousand
// is tens of megabytes of text per file, and holding them all at once had doubled the run's peak memory.
import { rmdirSync, rmSync } from 'node:fs';
import { lstat, open, readlink, realpath, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { reportTitle, type Report } from './engine/report.js';
import type { Surface } from './engine/verdict.js';
import { csvChunks, EXPORTERS } from './render/csv.js';
import { reportHtmlChunks } from './render/html.js';
import { jsonChunks } from './render/json-chunks.js';
import { renderMarkdown } from './render/markdown.js';
import { makeDir } from './make-dir.js';
import { cleanUpOnSignal } from './signal-cleanup.js';
import { COMPRESSED_SUFFIX } from './sources/compression.js';
import { InputError, STDIN_NAME } from './sources/input-files.js';

/** report.json's text in pieces: JSON.stringify(report, null, 2) and a newline. */
export function* reportJsonChunks(report: Report): Generator<string> {
  yield* jsonChunks(report, 2);
  yield '\n';
}

/**
 * Pieces of text to a stream (stdout), waiting whenever it says it is full. A reader that closes early (`| head`:
 * EPIPE) ends the writing quietly, as it does for any command-line tool; other write errors are thrown.
 */
export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  let failed: NodeJS.ErrnoException | null = null;
  // Left on: the error of a write still in progress can come after the last piece.
  out.on('error', (err: NodeJS.ErrnoException) => (failed ??= err));
  const drained = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        out.off('drain', done);
        out.off('error', done);
        resolve();
      };
      out.on('drain', done);
      out.on('error', done);
    });
  for (const piece of chunks) {
    if (failed) break;
    if (!out.write(piece)) await drained();
  }
  // (Set from a listener: the compiler cannot see it change.)
  const err = failed as NodeJS.ErrnoException | null;
  if (err && err.code !== 'EPIPE') throw err;
}

async function writeFileChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const fh = await open(file, 'w');
  try {
    for (const piece of chunks) await fh.write(piece);
  } finally {
    await fh.close();
  }
}

/** A pipe named as a file (`<(zcat …)` gives /dev/fd/63, `/dev/stdin` is fd 0): its name names no app, as stdin's `-` does not. */
const isPipePath = (input: string): boolean => /^\/(dev|proc\/(self|\d+))\/fd\/\d+$|^\/dev\/stdin$/.test(input);

/**
 * The app's name as a person would say it: the report's own (`app`), else its first audit log's file name (not a pipe's
 * or stdin's), else the directory of the report file. What `apisnoop export` calls a report, and what analyze and merge write.
 */
export function appName(report: Report, reportFile: string): string {
  if (report.app !== undefined) return report.app;
  const input = report.inputs.find((i) => i !== '' && i !== '-' && i !== STDIN_NAME && !isPipePath(i));
  const base = input
    ? basename(input).replace(COMPRESSED_SUFFIX, '').replace(/\.(log|json|jsonl|txt)$/, '')
    : basename(dirname(resolve(reportFile)));
  return base || basename(reportFile);
}

/**
 * The link on dir's path (dir itself, or a directory above it) that leads to nothing, and where it leads: mkdir finds
 * the link there (EEXIST), and stat then finds nothing (ENOENT).
 */
async function danglingLink(dir: string): Promise<{ link: string; target: string } | undefined> {
  for (let d = resolve(dir); dirname(d) !== d; d = dirname(d)) {
    if (!(await lstat(d).catch(() => null))?.isSymbolicLink()) continue;
    if ((await stat(d).catch(() => null)) !== null) return undefined;
    return { link: d === resolve(dir) ? dir : d, target: await readlink(d) };
  }
  return undefined;
}

/** Why dir cannot hold the report files, said of the directory asked for rather than as mkdir's bare error. */
function reportDirError(dir: string, err: NodeJS.ErrnoException, dangling?: { link: string; target: string }): Error {
  const why = dangling
    ? `${dangling.link === dir ? 'it' : dangling.link} is a link to ${dangling.target}, which does not exist`
    : err.code === 'EEXIST'
      ? 'it is a file, not a directory'
      : err.code === 'ENOTDIR'
        ? 'a file is in the way on its path'
        : err.code === 'EACCES' || err.code === 'EPERM'
          ? 'permission denied'
          : err.code === 'EROFS'
            ? 'read-only file system'
            : err.message;
  return Object.assign(new Error(`${dir}: cannot write the report files there: ${why} (${err.code ?? 'error'})`, { cause: err }), { code: err.code });
}

/** The files writeReportFiles writes into its directory. */
export const REPORT_FILES: readonly string[] = ['report.json', 'report.md', 'report.html', ...EXPORTERS.map((e) => `${e}.csv`)];

/**
 * `--out -`, refused: --out names the directory of the report files, and '-' made one by that name (`wrote 7 files to
 * -/`) where export's `--out -` is stdout. stdout: what gives the report there instead; ./- is still a directory.
 */
export function refuseStdoutAsDir(dir: string, stdout: string): void {
  if (dir === '-') throw new InputError(`--out -: --out takes the directory of the report files, not stdout; ${stdout} (a directory named - is ./-)`);
}

/** A path's real path, for one that may not exist yet: its nearest existing directory's, and the rest as given. */
async function realpathAhead(path: string): Promise<string> {
  const abs = resolve(path);
  const parent = dirname(abs);
  return realpath(abs).catch(async () => (parent === abs ? abs : join(await realpathAhead(parent), basename(abs))));
}

/**
 * Refused before anything is read: report files in `dir` that would replace an input (`analyze o/report.json -o o`),
 * and a `dir` that is, or is inside, an input directory, whose walk would read them as logs on the next run.
 * option: how dir was given (--out, or the default).
 */
export async function refuseOutputOverInputs(dir: string, inputs: readonly string[], option = `--out ${dir}`): Promise<void> {
  const out = await realpathAhead(dir);
  for (const input of inputs) {
    // Left to its reader: stdin, an input that cannot be read, and a pipe (`<(zcat …)`: /dev/fd/63 leads to no path,
    // and no report file can be it).
    const st = input === '-' ? null : await stat(input).catch(() => null);
    if (!st || !(st.isFile() || st.isDirectory())) continue;
    const real = await realpath(input).catch(() => null);
    if (real === null) continue;
    if (st.isDirectory()) {
      if (out === real || out.startsWith(real + sep)) {
        throw new InputError(
          `${option} is ${out === real ? '' : 'inside '}the input directory ${input}: its report files would be read as input by the next run of this command; give an --out outside ${input}`,
        );
      }
      continue;
    }
    for (const name of REPORT_FILES) {
      const target = join(out, name);
      const there = await stat(target).catch(() => null);
      if (target === real || (there && there.dev === st.dev && there.ino === st.ino)) {
        throw new InputError(`${option} would replace the input ${input} with its ${name}; give another --out`);
      }
    }
  }
}

/**
 * Write all renderings into dir; returns the paths written, report.json first. Named and titled from the report
 * itself (appName, reportTitle), so that `apisnoop export` on the report.json written gives the same CSVs. `surface`:
 * how report.md says to change the policy (the Action's allow input, or --allow).
 */
export async function writeReportFiles(report: Report, dir: string, surface: Surface = 'cli'): Promise<string[]> {
  const name = appName(report, join(dir, 'report.json'));
  const title = reportTitle(report);
  const made = await missingDirs(dir);
  await makeDir(dir).catch(async (err: NodeJS.ErrnoException) => {
    throw reportDirError(dir, err, err.code === 'ENOENT' ? await danglingLink(dir) : undefined);
  });
  // Each rendering is made as its file is written, not before.
  const files: Array<[string, () => Iterable<string>]> = [
    ['report.json', () => reportJsonChunks(report)],
    ['report.md', () => [renderMarkdown(report, { title, surface })]],
    ['report.html', () => reportHtmlChunks(report, { title, app: name })],
    ...EXPORTERS.map((e): [string, () => Iterable<string>] => [`${e}.csv`, () => csvChunks(e, [{ name, report }])]),
  ];
  // Each file is written beside its final name and renamed once all are made: a rendering that fails leaves the
  // directory as it was (a report of an earlier run, or nothing), not a mix of old, new and empty files.
  const written: Array<[string, string]> = [];
  // Renamed, a file is no longer the run's to remove.
  const unfinished = (): void => removeUnfinished(written.map(([partial]) => partial), made);
  // Interrupted (Ctrl-C, a CI cancel), the run left .report.json.partial and a directory with nothing else in it.
  return cleanUpOnSignal(unfinished, async () => {
    try {
      for (const [file, chunks] of files) {
        const partial = join(dir, `.${file}.partial`);
        written.push([partial, join(dir, file)]);
        await writeFileChunks(partial, chunks());
      }
    } catch (err) {
      unfinished();
      // A directory that exists but takes no file (not ours, read-only) is said as one that cannot be made is.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw reportDirError(dir, err as NodeJS.ErrnoException);
      throw err;
    }
    for (const [partial, final] of [...written]) {
      await rename(partial, final);
      written.shift();
    }
    return files.map(([file]) => join(dir, file));
  });
}

/** The directories from dir up that do not exist yet, deepest first: what makeDir is to make. */
export async function missingDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = resolve(dir); (await lstat(d).catch(() => null)) === null && dirname(d) !== d; d = dirname(d)) missing.push(d);
  return missing;
}

/**
 * What a write of the report files that did not finish leaves, removed: its partial files, then the directories made
 * for them (`made`, deepest first) that hold nothing else. Synchronous, for a signal's handler.
 */
export function removeUnfinished(partials: readonly string[], made: readonly string[]): void {
  for (const partial of partials) rmSync(partial, { force: true });
  for (const d of made) {
    try {
      rmdirSync(d);
    } catch {
      // Not empty (or not ours to remove): kept, and so is every directory above it.
      return;
    }
  }
}
