#!/usr/bin/env node
// The CLI root: argv -> the same engine the Action uses. Each command lives in src/cli/<command>.ts.
import { Command, CommanderError } from 'commander';
import { register as registerAnalyze } from './cli/analyze.js';
import { register as registerEndpoints } from './cli/endpoints.js';
import { register as registerExport } from './cli/export.js';
import { register as registerMerge } from './cli/merge.js';
import { register as registerRbac } from './cli/rbac.js';
import { checkRequiredLast } from './cli/required-options.js';
import { register as registerServe } from './cli/serve.js';
import { terminalText } from './terminal.js';
import { VERSION } from './version.js';

// A reader that closes early (`apisnoop analyze logs/ -o out 2>&1 | head`) is gone, not a failure of the run: its
// EPIPE was an unhandled 'error' that stopped the run before the report files were written, with exit 1 (a verdict
// failed). The run goes on, and its exit code is the verdict's; writeChunks stops writing to a closed stdout.
// Any other write that fails (a full disk: `> /dev/full`) ends the run as unreadable input does, exit 2 and not the
// verdict's 1, saying what failed: thrown from here it was an uncaught exception's stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    if (stream === process.stdout) process.stderr.write(`apisnoop: cannot write to stdout (${err.code ?? err.message}): what was written is cut short\n`);
    process.exit(2);
  });
}

const program = new Command();
program
  .name('apisnoop')
  .description('What a Kubernetes API consumer really calls: audit log -> OpenAPI operations -> coverage, verdict, reports.')
  .version(VERSION)
  .showHelpAfterError('(add --help for usage)')
  // The root lists each command as its own --help's usage line says it: commander's default ignores a usage set by hand,
  // so `export`, whose exporter is optional to commander only to refuse its absence in its own words, showed [exporter].
  .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`.trimEnd() })
  .exitOverride();

registerAnalyze(program);
registerEndpoints(program);
registerMerge(program);
registerRbac(program);
registerExport(program);
registerServe(program);
checkRequiredLast(program);

// Exit codes: 0 pass, 1 verdict failed, 2 bad usage or unreadable input.
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`${terminalText(`apisnoop: ${err instanceof Error ? err.message : String(err)}`)}\n`);
  process.exit(2);
}
