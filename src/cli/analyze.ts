// apisnoop analyze LOG... : the whole pipeline offline, on any audit log.
import type { Command } from 'commander';
import { analyzeLogs } from '../analyze.js';
import type { Report } from '../engine/report.js';
import { reportJson, writeReportFiles } from '../outputs.js';
import { renderMarkdown } from '../render/markdown.js';
import { addPolicyOptions, addSelectionOptions, addSpecOptions, formatOption, settingsFrom, type SpecAndSelection } from './options.js';
import { progressReporter } from './progress.js';

/** Exit 2 when nothing usable was read: no events at all means the input, not the app, is the problem. */
export function nothingRead(report: Report): string | null {
  if (report.summary.events > 0) return null;
  const first = report.invalid[0];
  return `no audit events read from ${report.inputs.join(', ')}${first ? ` (${first.file}:${first.line}: ${first.message})` : ''}`;
}

export function oneLineSummary(report: Report): string {
  const s = report.summary;
  return (
    `${report.verdict.pass ? 'PASS' : 'FAIL'}: ${s.requests} requests, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched, ` +
    `${s.invalidLines} invalid lines; operations: ${s.stable} stable, ${s.beta} beta, ${s.alpha} alpha, ${s.discovery.operations} discovery; ` +
    `${report.verdict.violations.length} violations (Kubernetes ${report.kubernetesVersion})`
  );
}

export function register(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('analyze audit logs: map every request to its OpenAPI operation, aggregate coverage, apply the policy')
    .argument('<logs...>', "audit log files or directories, plain or .gz; '-' for stdin");
  addSpecOptions(cmd);
  addSelectionOptions(cmd);
  addPolicyOptions(cmd);
  cmd
    .option('-o, --out <dir>', 'write report.json, report.md, report.html and the CSVs here (default ./apisnoop-report unless --format)')
    .option('--name <name>', 'app name used in the CSV exports', 'app')
    .addOption(formatOption())
    .option('-q, --quiet', 'no warnings or summary on stderr')
    .addHelpText('after', '\nExit codes: 0 the verdict passed, 1 the verdict failed, 2 bad usage or nothing usable read.')
    .action(async (logs: string[], o: SpecAndSelection & { out?: string; name: string; format?: 'json' | 'md'; quiet?: boolean }) => {
      const say = (msg: string) => {
        if (!o.quiet) process.stderr.write(msg + '\n');
      };
      let invalidShown = 0;
      const report = await analyzeLogs({
        ...settingsFrom(logs, o),
        onWarning: (w) => say(`warning: ${w}`),
        onInvalid: (l) => {
          // The report lists them all; the terminal gets the first few.
          if (invalidShown++ < 5) say(`warning: ${l.file}:${l.line}: ${l.message}`);
        },
        onProgress: o.quiet ? undefined : progressReporter(),
      });
      if (process.stderr.isTTY && !o.quiet) process.stderr.write('\r\x1b[K');
      const empty = nothingRead(report);
      if (empty) {
        process.stderr.write(`apisnoop: ${empty}\n`);
        process.exitCode = 2;
        return;
      }
      if (o.format === 'json') process.stdout.write(reportJson(report));
      else if (o.format === 'md') process.stdout.write(renderMarkdown(report));
      const out = o.out ?? (o.format ? undefined : 'apisnoop-report');
      if (out) {
        const files = await writeReportFiles(report, out, { name: o.name });
        say(`wrote ${files.length} files to ${out}/`);
      }
      say(oneLineSummary(report));
      process.exitCode = report.verdict.pass ? 0 : 1;
    });
}
