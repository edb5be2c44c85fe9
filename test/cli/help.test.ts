// `--help` for every command the CLI registers (read from the root help, so a new command is covered too).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/fixtures.js';
import { VERSION } from '../../src/version.js';

describe('apisnoop --help', () => {
  it('every command answers --help with its usage and exit 0', async () => {
    const root = await runCli(['--help']);
    expect(root.exitCode, root.stderr).toBe(0);
    expect(root.stdout).toMatch(/^Usage: apisnoop \[options\] \[command\]/);
    const commands = [...root.stdout.slice(root.stdout.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['analyze', 'endpoints', 'merge']));
    const results = await Promise.all(commands.map((c) => runCli([c, '--help'])));
    for (const [i, r] of results.entries()) {
      expect(r.exitCode, `${commands[i]}: ${r.stderr}`).toBe(0);
      expect(r.stdout, commands[i]).toMatch(new RegExp(`^Usage: apisnoop ${commands[i]} `));
      expect(r.stdout, commands[i]).toContain('-h, --help');
    }
    const analyze = results[commands.indexOf('analyze')].stdout;
    for (const opt of ['--spec', '--k8s-version', '--from-cluster', '--conformance', '--namespace', '--serviceaccount', '--user', '--user-agent', '--include-system', '--e2e', '--fail-on', '--allow', '--out', '--format']) {
      expect(analyze).toContain(opt);
    }
    expect(analyze).toContain('Exit codes: 0 the verdict passed, 1 the verdict failed, 2 bad usage or nothing usable read.');
    // Every rule --fail-on takes, the run rules (empty, invalid) with what they judge; commander wraps the lines.
    const flat = (text: string): string => text.replace(/\s+/g, ' ');
    expect(flat(analyze)).toContain('rules that fail the verdict: alpha,beta,deprecated,removed (operations used), empty (nothing selected), invalid (invalid input lines, a gzip cut short, an xz file) or none');
    expect(flat(analyze)).toContain('Run rules: --fail-on empty fails when the selection keeps no request');
    // What --namespace keeps: requests for objects in it, not its service accounts' requests elsewhere.
    expect(flat(analyze)).toContain(
      "keep requests for objects in this namespace, by any non-system identity (repeatable, comma- or space-separated); the namespace's service accounts acting cluster-wide or in other namespaces are not kept: add --serviceaccount NS:* for those",
    );
    // How --user and --user-agent match, and that a comma parts them, as the README says (it said neither).
    expect(flat(analyze)).toContain(
      "a user the KAPIC acts as, its whole name in its case (repeatable, comma-separated; * wildcard); an impersonated request is both its sender's and the impersonated user's",
    );
    expect(flat(analyze)).toContain(
      "user-agent prefix, in any case, from the user agent's first non-space character (repeatable, comma-separated; * wildcard), e.g. helm; (none) for requests without one",
    );
    expect(flat(results[commands.indexOf('merge')].stdout)).toContain(
      'policy for the merged verdict: alpha,beta,deprecated,removed, empty (any report selected no request), invalid (any report had invalid input) or none',
    );
  });

  // The root listed `export [options] [exporter]` while `export --help` said `<exporter>`, which it requires.
  it("the root lists each command as the command's own usage line says it", async () => {
    const root = await runCli(['--help']);
    const terms = [...root.stdout.slice(root.stdout.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*(?: \S+)*)/gm)].map((m) => m[1]!);
    const listed = terms.filter((t) => !t.startsWith('help '));
    expect(listed).toContain('export [options] <exporter>');
    const usages = await Promise.all(listed.map((t) => runCli([t.split(' ')[0]!, '--help'])));
    for (const [i, r] of usages.entries()) expect(r.stdout.split('\n')[0], listed[i]).toBe(`Usage: apisnoop ${listed[i]}`);
  });

  // A walk-through of the docs found what --help alone said (export --out -, stdout) and what merge did not take ('-').
  it("the docs say what export's and merge's --help say of stdin and stdout ('-') and of .json.gz reports", async () => {
    const flat = (text: string): string => text.replace(/\s+/g, ' ');
    const [exp, merge] = await Promise.all([runCli(['export', '--help']), runCli(['merge', '--help'])]);
    const docs = (name: string): string => flat(readFileSync(path.join(repoRoot, 'docs', name), 'utf8'));
    expect(flat(exp.stdout)).toContain("(.json or .json.gz; '-' for stdin)");
    expect(flat(exp.stdout)).toContain('stdout when absent or "-"');
    expect(docs('reports.md')).toContain('`.json.gz` reports are read too, and `--report -` reads one from stdin');
    expect(docs('reports.md')).toContain('The CSV goes to stdout when `--out` is left out or is `-`');
    // merge read neither '-' nor said .json.gz.
    expect(flat(merge.stdout)).toContain("report.json files (.json or .json.gz; '-' for one from stdin)");
    expect(docs('walkthrough.md')).toContain('Reports are `report.json` or `.json.gz` files, and `-` is one read from stdin, as `export --report -` reads it');
  });

  it('--version prints the tool version', async () => {
    const r = await runCli(['--version']);
    expect([r.exitCode, r.stdout.trim()]).toEqual([0, VERSION]);
  });
});
