// apisnoop merge report.json... : combine shard reports (a matrix of jobs, log shards) into one.
import type { Command } from 'commander';
import { mergeReports } from '../engine/merge.js';
import { parseFailOn } from '../engine/verdict.js';
import { reportPasses } from '../engine/report.js';
import { reportJsonChunks, writeChunks, writeReportFiles } from '../outputs.js';
import { readDistinctReports } from '../sources/report-file.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge report.json files of shards or jobs: counts add up, sets union, the verdict is recomputed')
    .argument('<reports...>', 'report.json files')
    .option('-o, --out <dir>', 'write all report files here (default: print report.json to stdout)')
    .option('--fail-on <rules>', "policy for the merged verdict (default: the first report's)")
    .option('--allow <list>', "operationIds or API groups that never fail the merged verdict (default: the first report's)", (v: string, prev: string[] = []) => [
      ...prev,
      ...v.split(',').map((x) => x.trim()).filter(Boolean),
    ])
    .action(async (files: string[], o: { out?: string; failOn?: string; allow?: string[] }) => {
      const warn = (note: string): boolean => process.stderr.write(`warning: ${note}\n`);
      // A report given twice would count its requests twice.
      const reports = await readDistinctReports(files, warn);
      const first = reports[0].verdict.policy;
      const policy =
        o.failOn !== undefined || o.allow !== undefined
          ? { failOn: o.failOn !== undefined ? parseFailOn(o.failOn) : first.failOn, allow: o.allow ?? first.allow }
          : undefined;
      // A policy given in part takes the rest from the first report: said when the reports differ on that part.
      const allows = new Set(reports.map((r) => [...r.verdict.policy.allow].sort().join(',')));
      if (o.failOn !== undefined && o.allow === undefined && allows.size > 1) {
        warn(`the reports allow different operations (${[...allows].map((a) => a || 'none').join('; ')}): the merged verdict uses the first report's; give --allow to choose`);
      }
      const failOns = new Set(reports.map((r) => [...r.verdict.policy.failOn].sort().join(',')));
      if (o.allow !== undefined && o.failOn === undefined && failOns.size > 1) {
        warn(`the reports fail on different rules (${[...failOns].map((f) => f || 'none').join('; ')}): the merged verdict uses the first report's; give --fail-on to choose`);
      }
      const merged = mergeReports(reports, policy, warn);
      if (o.out) await writeReportFiles(merged, o.out);
      else await writeChunks(process.stdout, reportJsonChunks(merged));
      process.exitCode = reportPasses(merged) ? 0 : 1;
    });
}
