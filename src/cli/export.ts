// `apisnoop export EXPORTER --report report.json... [--name NAME...] [--out FILE]`: the four CSV exports of the
// original APISnoop, rendered from one or more report.json files (several apps side by side).
import { Argument, type Command } from 'commander';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDir } from '../make-dir.js';
import { readReportFile, readStdinReport, refuseStdinTwice, ReportFileError, reportIdentity } from '../sources/report-file.js';
import type { Report } from '../engine/report.js';
import { terminalLine } from '../terminal.js';
import { appName, writeChunks } from '../outputs.js';
import { csvChunks, EXPORTER_DESCRIPTIONS, EXPORTERS, renderCsv, type Exporter, type NamedReport } from '../render/csv.js';
import { shownName, STDIN_NAME } from '../sources/input-files.js';
import { named, namedFiles } from './options.js';

interface ExportOptions {
  report: string[];
  name?: string[];
  out?: string;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write one of the CSV exports of the original APISnoop from report.json files')
    // Optional to commander, so that an exporter taken by --report or --name (below) is said as such; the usage says it is required.
    .usage('[options] <exporter>')
    .addArgument(new Argument('[exporter]', 'which export').choices(EXPORTERS))
    .requiredOption('--report <file...>', "report.json written by `apisnoop analyze` (.json or .json.gz; '-' for stdin); several for several apps", namedFiles)
    .option('--name <name...>', 'app name for each --report, in the same order (default: the report\'s app, else its first log\'s file name, else, for a log read from stdin or a pipe, the report\'s directory; a report piped in with - that names neither: stdin)')
    .option('--out <file>', 'CSV file to write; stdout when absent or "-"', named)
    .addHelpText(
      'after',
      [
        '',
        'Exporters:',
        ...EXPORTERS.map((e) => `  ${e.padEnd(22)} ${EXPORTER_DESCRIPTIONS[e]}`),
        '',
        'Examples:',
        '  apisnoop export app-usage-summary --report out/report.json',
        '  apisnoop export coverage-spreadsheet --report a/report.json b/report.json --name operator-a operator-b --out apps.csv',
      ].join('\n'),
    )
    .action(async (exporter: Exporter | undefined, opts: ExportOptions, command: Command) => {
      if (exporter === undefined) {
        // --report and --name take every value after them: `export --report out/report.json app-usage-summary` gave its
        // exporter as a report, and commander said only that the exporter was missing.
        const taken = [...opts.report, ...(opts.name ?? [])].find((v) => (EXPORTERS as readonly string[]).includes(v));
        if (taken === undefined) command.error("error: missing required argument 'exporter'");
        const option = opts.report.includes(taken) ? '--report' : '--name';
        command.error(`error: the exporter ${taken} was taken as a value of ${option}, which takes every value after it: give the exporter first (apisnoop export ${taken} --report …)`);
      }
      if (opts.out !== undefined && opts.out !== '-') await refuseOverwritingReport(opts.out, opts.report);
      const reports = await loadNamedReports(opts.report, opts.name);
      const mixed = mixedReleases(exporter, opts.report, reports);
      if (mixed) process.stderr.write(`${terminalLine(`warning: ${mixed}`)}\n`);
      if (!opts.name) for (const w of repeatedReports(opts.report, reports)) process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      if (opts.out === undefined || opts.out === '-') {
        await writeChunks(process.stdout, csvChunks(exporter, reports));
      } else {
        // As analyze's --out: missing directories on the way are made.
        const dir = path.dirname(opts.out);
        await makeDir(dir).catch((err: NodeJS.ErrnoException) => {
          const why = err.code === 'EEXIST' || err.code === 'ENOTDIR' ? 'a file is in the way' : (err.code ?? err.message);
          throw new ReportFileError(`${opts.out}: cannot make its directory ${dir} (${why})`);
        });
        await writeFile(opts.out, renderCsv(exporter, reports)).catch((err: NodeJS.ErrnoException) => {
          // analyze's --out is a directory, export's a file: `--out out/` said only EISDIR.
          if (err.code === 'EISDIR') throw new ReportFileError(`${opts.out}: a directory: --out takes the CSV file to write, such as ${path.join(opts.out!, `${exporter}.csv`)}`);
          throw new ReportFileError(`${opts.out}: cannot write the CSV (${err.code ?? err.message})`);
        });
      }
    });
}

/**
 * The same report given twice (a path written two ways, a copy): two columns of one app, which merge would have
 * counted once. Said, not dropped, and only without --name: two names given for it are meant.
 */
export function repeatedReports(files: string[], reports: NamedReport[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  reports.forEach((r, i) => {
    const text = reportIdentity(r.report);
    const first = seen.get(text);
    if (first === undefined) seen.set(text, i);
    else out.push(`${files[i]} is the same report as ${files[first]}: shown twice, as ${reports[first]!.name} and ${r.name}`);
  });
  return out;
}

/**
 * Reports of different Kubernetes releases side by side. Allowed, unlike merge (one app against two releases is a
 * comparison export is made for), but said: the spreadsheet describes each operation once, its classification from the
 * first report that has it and its conforms and tested from one release's data (sharedOperations).
 */
export function mixedReleases(exporter: Exporter, files: string[], reports: NamedReport[]): string | null {
  const releases = new Set(reports.map((r) => r.report.kubernetesVersion));
  if (releases.size < 2) return null;
  const each = reports.map((r, i) => `${shownName(files[i]!)}: ${r.report.kubernetesVersion}`).join(', ');
  return (
    `the reports are against different Kubernetes releases (${each}): ` +
    (exporter === 'coverage-spreadsheet'
      ? "each row's level and category come from the first report that has the operation, its conformance ineligible from the first report that knows it, and conforms and tested from the newest release whose conformance data knows it (true when any report of that release says so), so from that release"
      : "each app's rows are against its own release")
  );
}

/** Reads every report and names it: --name in order, else the report's app, else its first log's file name or its directory (defaultName), made unique. */
export async function loadNamedReports(files: string[], names: string[] | undefined): Promise<NamedReport[]> {
  if (names && names.length !== files.length) {
    throw new ReportFileError(`${names.length} --name for ${files.length} --report: give one name per report, in the same order`);
  }
  if (names) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new ReportFileError(`--name ${dup} is given twice: each report needs its own name`);
    const empty = names.findIndex((n) => n.trim() === '');
    if (empty >= 0) throw new ReportFileError(`--name number ${empty + 1} is empty`);
  }
  // '-' is stdin (`analyze --format json LOG | apisnoop export … --report -`), which can be read only once.
  refuseStdinTwice(files, '--report -');
  const reports = await Promise.all(files.map((f) => (f === '-' ? readStdinReport('--report -', 'apisnoop analyze LOG --format json | apisnoop export …') : readReportFile(f))));
  const taken = new Set<string>();
  return reports.map((report, i) => {
    const given = names?.[i] ?? defaultName(report, files[i]!);
    let name = given;
    // Two reports of the same log (say, against two specs) still need two columns in the spreadsheet.
    for (let n = 2; taken.has(name); n++) name = `${given} (${n})`;
    taken.add(name);
    return { name, report };
  });
}

/**
 * --out naming one of the --report files (`--report out/report.json --out out/report.json`, or through a link) would
 * replace the report with its CSV: refused before anything is written.
 */
async function refuseOverwritingReport(out: string, files: string[]): Promise<void> {
  const target = await stat(out).catch(() => null);
  if (!target) return;
  for (const f of files) {
    const s = f === '-' ? null : await stat(f).catch(() => null);
    if (s && s.dev === target.dev && s.ino === target.ino) {
      throw new ReportFileError(`--out ${out} is the report ${f}: the CSV would replace it; give another --out`);
    }
  }
}

/**
 * appName, except for a report piped in that names neither its app nor a log (`analyze - --format json`): appName
 * would name it after its directory, which for stdin is only where the command was run.
 */
function defaultName(report: Report, file: string): string {
  if (file === '-' && report.app === undefined && report.inputs.every((i) => i === '' || i === '-' || i === STDIN_NAME)) return 'stdin';
  return appName(report, file);
}

export { readReportFile, ReportFileError };
