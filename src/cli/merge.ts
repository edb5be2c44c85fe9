// apisnoop merge report.json... : combine shard reports (a matrix of jobs, log shards) into one.
import type { Command } from 'commander';
import { mergeReports } from '../engine/merge.js';
import { parseFailOn } from '../engine/verdict.js';
import { mergedAllowWarnings } from '../merge.js';
import { reportPasses, uncheckedUnsaid } from '../engine/report.js';
import { refuseOutputOverInputs, refuseStdoutAsDir, reportJsonChunks, writeChunks, writeReportFiles } from '../outputs.js';
import { STDIN_NAME } from '../sources/input-files.js';
import { readDistinctReports, readReportFile, readStdinReport, refuseStdinTwice } from '../sources/report-file.js';
import { closingLines, rbacSummaryLine, wroteFiles } from './analyze.js';
import { collectNamedWordsOrNone, collectRules, named, namedFiles, noneIsEmpty } from './options.js';
import { terminalLine } from '../terminal.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge report.json files of shards or jobs: counts add up, sets union, the verdict is recomputed')
    .argument('<reports...>', "report.json files (.json or .json.gz; '-' for one from stdin)", namedFiles)
    .option('-o, --out <dir>', 'write all report files in this directory, not - (default: print report.json to stdout)', named)
    .option(
      '--fail-on <rules>',
      "policy for the merged verdict: alpha,beta,deprecated,removed, empty (any report selected no request), invalid (any report had invalid input) or none (default: the reports' own, every rule any of them fails on when they differ; repeatable); least privilege's verdicts stay the reports' own",
      collectRules,
    )
    .option('--allow <list>', "operationIds, API groups or group/versions that never fail the merged verdict, or none (repeatable, comma- or space-separated; default: the reports' own, only what every one allows when they differ)", collectNamedWordsOrNone)
    .option('-q, --quiet', 'no warnings or summary on stderr (the problems of merged runs are still said)')
    .action(async (files: string[], o: { out?: string; failOn?: string; allow?: string[]; quiet?: boolean }) => {
      const say = (line: string): void => {
        if (!o.quiet) process.stderr.write(`${terminalLine(line)}\n`);
      };
      const warn = (note: string): void => say(`warning: ${note}`);
      const allow = noneIsEmpty('--allow', 'entries', o.allow);
      if (o.out !== undefined) refuseStdoutAsDir(o.out, 'without --out, merge prints report.json to stdout');
      if (o.out) await refuseOutputOverInputs(o.out, files);
      // A report given twice would count its requests twice.
      refuseStdinTwice(files, '-');
      const pipe = 'apisnoop analyze LOG --format json | apisnoop merge - other/report.json';
      const read = await readDistinctReports(files, warn, (f) => (f === '-' ? readStdinReport('-', pipe) : readReportFile(f)));
      const reports = read.map((r) => r.report);
      // What is not given is the reports' own (the strictest combination when they differ, which merge says).
      const policy = { ...(o.failOn !== undefined ? { failOn: parseFailOn(o.failOn) } : {}), ...(allow !== undefined ? { allow } : {}) };
      // A part is named by its file where the verdict names one (fail-on empty); stdin's by its logs, as merge names it.
      const merged = mergeReports(reports, policy, warn, read.map((r) => (r.file === STDIN_NAME ? undefined : r.file)));
      if (allow !== undefined) for (const w of await mergedAllowWarnings(allow, merged, 'cli')) warn(w);
      if (o.out) {
        const written = await writeReportFiles(merged, o.out);
        say(wroteFiles(written, o.out));
      } else await writeChunks(process.stdout, reportJsonChunks(merged));
      // As analyze ends: the merged whole in a line, PASS or FAIL, then the run rules it breaks (fail-on empty,
      // invalid), the reason of the exit code.
      for (const l of closingLines(merged)) say(l);
      // Least privilege's verdicts, carried from the reports, fail the merge too: said as analyze says them, or a FAIL
      // with no violation and no rule broken gave no reason for its exit code.
      for (const c of merged.rbac ?? []) say(rbacSummaryLine(c));
      // What the Action said of the runs (a helm install that failed): their problems fail the merge as they failed
      // the runs, as report.md shows them above its verdict.
      const problems = merged.runNotes?.problems ?? [];
      for (const p of problems) process.stderr.write(`${terminalLine(`problem of a merged run: ${p}`)}\n`);
      // Least privilege not checked, which fails the merge (reportPasses), said where no problem of the runs says it.
      for (const p of uncheckedUnsaid(merged, problems)) process.stderr.write(`${terminalLine(`problem of a merged run: ${p}`)}\n`);
      for (const n of merged.runNotes?.notices ?? []) warn(n);
      process.exitCode = reportPasses(merged) && problems.length === 0 ? 0 : 1;
    });
}
