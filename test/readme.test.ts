import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { expect, it } from 'vitest';
import { readme } from '../scripts/make-readme.js';
import { runCli } from './helpers/cli.js';
import { AUDIT2RBAC_2017 } from './helpers/fixtures.js';

it('README.md is made from docs/ (run npm run readme)', () => {
  expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toBe(readme());
});

it('README starts with the two commands: install and run the demo, run the tests', () => {
  const head = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n').slice(0, 6).join('\n');
  expect(head).toContain('npm ci && npm run demo');
  expect(head).toContain('npm test');
});

/** Markdown without its code blocks, where nothing is a link or a heading. */
const proseOf = (text: string): string => text.replace(/```[\s\S]*?```/g, '');

/** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to hyphens; a repeat gets -1, -2... */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of proseOf(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    let anchor = base;
    for (let i = 1; anchors.has(anchor); i++) anchor = `${base}-${i}`;
    anchors.add(anchor);
  }
  return anchors;
}

it("every #link of the README reaches one of its headings (GitHub's anchors), and every relative link a file", () => {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const prose = proseOf(text);
  const anchors = anchorsOf(text);
  const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(5);
  expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  const files = [...prose.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThan(3);
  expect(files.filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)))).toEqual([]);
});

it('every link of docs/*.md works where GitHub shows that file: #anchors of its own headings, files (and their headings) from docs/', () => {
  const docs = new URL('../docs/', import.meta.url);
  const broken: string[] = [];
  let checked = 0;
  for (const name of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(new URL(name, docs), 'utf8');
    for (const [, target] of proseOf(text).matchAll(/\]\((?!https?:|mailto:)([^)\s]+)\)/g)) {
      checked++;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const at = new URL(file || name, docs);
      if (!existsSync(at)) broken.push(`${name}: ${target} (no such file)`);
      else if (anchor !== undefined && at.pathname.endsWith('.md') && !anchorsOf(readFileSync(at, 'utf8')).has(anchor)) broken.push(`${name}: ${target} (no such heading)`);
    }
  }
  expect(checked).toBeGreaterThan(15);
  expect(broken).toEqual([]);
});

it("the commands the README has a newcomer run say where their inputs are and what they print", () => {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  // the rbac example's demo.log: named with its path in this checkout, which the tests read too
  const log = '../shared/fixtures/audit/audit2rbac/demo-v1.log';
  expect(text).toContain(`\`${log}\``);
  expect(existsSync(new URL(`../${log}`, import.meta.url))).toBe(true);
  // node dist/cli.js on the system's Node: the store commands' message, as src/web/store.ts writes it
  const message = 'the store needs Node.js 22.13 or later (node:sqlite)';
  expect(text).toContain(`\`apisnoop: ${message}\``);
  expect(readFileSync(new URL('../src/web/store.ts', import.meta.url), 'utf8')).toContain(message);
});

/** docs/*.md as one text, and each command line they show: inline code and lines of code blocks (`\` continued). */
function docsCommands(): { text: string; commands: string[] } {
  const docs = new URL('../docs/', import.meta.url);
  const texts = readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => readFileSync(new URL(f, docs), 'utf8'));
  const commands: string[] = [];
  for (const text of texts) {
    for (const [, block] of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) commands.push(...block!.replace(/\\\n/g, ' ').split('\n'));
    // An inline span may wrap onto the next line (action.md's `apisnoop rbac audit … --spec openapi-v2.json`), not past a paragraph.
    for (const [, span] of proseOf(text).matchAll(/`([^`]+)`/g)) if (!span!.includes('\n\n')) commands.push(span!.replace(/\s*\n\s*/g, ' '));
  }
  return { text: texts.join('\n'), commands };
}

it("the docs' apisnoop commands give only options their command has, and every option of every command is in the docs", async () => {
  const root = await runCli(['--help']);
  const names = [...root.stdout.slice(root.stdout.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  const helps = await Promise.all(names.map((c) => runCli([c, '--help'])));
  // Commander's option lines: two spaces, then `-s, --long` or `--long`; wrapped descriptions are indented further.
  const options = new Map(names.map((c, i) => [c, [...helps[i]!.stdout.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].map((m) => [m[1], m[2]!].filter((o): o is string => !!o))]));
  expect(options.get('analyze')?.length).toBeGreaterThan(20);

  const { text, commands } = docsCommands();
  const unknown: string[] = [];
  let checked = 0;
  for (const line of commands) {
    // A table cell escapes | as \|: inside a synopsis it separates alternatives, not commands of a pipe.
    for (const part of line.replace(/\\\|/g, ' ').split(/\||&&|;/)) {
      const m = new RegExp(`\\bapisnoop (${names.join('|')})\\b(.*)`).exec(part);
      if (!m) continue;
      const known = new Set(['-h', '--help', ...options.get(m[1]!)!.flat()]);
      for (const [, flag] of m[2]!.matchAll(/(?:^|[\s[(])(--?[a-zA-Z][\w-]*)/g)) {
        checked++;
        if (!known.has(flag!)) unknown.push(`apisnoop ${m[1]} ${flag}  (in: ${part.trim().slice(0, 100)})`);
      }
    }
  }
  expect(checked).toBeGreaterThan(100);
  expect(unknown).toEqual([]);

  // Each option named somewhere in the docs, by its long or its short name.
  const undocumented = [...options].flatMap(([command, opts]) =>
    opts.filter((aliases) => !aliases.some((o) => o === '--help' || new RegExp(`(^|[\\s\`[(])${o}(?![\\w-])`).test(text))).map((aliases) => `${command} ${aliases.join(', ')}`),
  );
  expect(undocumented).toEqual([]);
}, 60_000);

it('every APISNOOP_ environment variable the code reads is in the docs', () => {
  const src = new URL('../src/', import.meta.url);
  const read = new Set<string>();
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
    for (const m of readFileSync(new URL(f, src), 'utf8').matchAll(/\benv\.(APISNOOP_\w+)|\b(?:env\[|setting\()['"](APISNOOP_\w+)['"]/g)) read.add(m[1] ?? m[2]!);
  }
  expect(read).toContain('APISNOOP_CACHE_DIR');
  const { text } = docsCommands();
  expect([...read].filter((v) => !text.includes(`\`${v}\``))).toEqual([]);
});

// The walk-through quotes what `npm run demo` prints on the shipped sample: its counts, the discovery count, the
// violations and their callers. Regenerating the sample (scripts/make-sample.ts) or changing how a request counts
// must bring the walk-through along, so its figures are checked against a run of the demo's own command.
it("the walk-through's figures of the demo are what npm run demo prints", async () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const command = /^node dist\/cli\.js (analyze [^;]+);/.exec(pkg.scripts.demo!)?.[1];
  expect(command).toBeDefined();
  const args = command!.split(' ');
  // The demo writes apisnoop-demo/ in the checkout; this run writes the report to stdout only.
  const at = args.indexOf('--out');
  expect(at).toBeGreaterThan(0);
  args.splice(at, 2);
  const md = await runCli([...args.filter((a) => a !== '--format' && a !== 'md'), '--format', 'md']);
  const json = await runCli([...args.filter((a) => a !== '--format' && a !== 'md'), '--format', 'json', '-q']);
  expect(json.exitCode).toBe(1); // "The demo's verdict fails on purpose"
  type Report = {
    summary: { requests: number; selected: number; matched: number; unmatched: number; events: number; discovery: { operations: number } };
    verdict: { violations: Array<{ operationId: string; level: string; why: string; callers: string[] }> };
    unmatched: Array<{ pattern: string; group?: string; version?: string; resource?: string }>;
  };
  const r = JSON.parse(json.stdout) as Report;
  const s = r.summary;
  const walk = readFileSync(new URL('../docs/walkthrough.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

  // docs/reports.md quotes the demo's heading, the app's name in it.
  const reports = readFileSync(new URL('../docs/reports.md', import.meta.url), 'utf8');
  expect(reports).toContain(`\`${md.stdout.split('\n')[0]}\` for \`npm run demo\``);

  const counts = `${s.requests} read, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched`;
  expect(md.stdout.replace(/\*\*/g, '')).toContain(counts);
  expect(walk).toContain(`\`${counts}\`: ${s.requests} distinct requests (${s.events} events`);
  expect(walk).toContain(`of which ${s.requests - s.selected} came from Kubernetes' own components`);
  expect(walk).toContain(`those ${s.discovery.operations} discovery operations`);

  // The violation the walk-through reads: its operationId, the start of its why, and its caller.
  const named = /operation \(`(\w+)`, `POST \/apis\/\.\.\.`\), its level, why \("([^"]+?) \.\.\.": what to move to\), how often and who called it \(`([^`]+)`\)/.exec(walk);
  expect(named).not.toBeNull();
  const [, operationId, why, caller] = named!;
  const violation = r.verdict.violations.find((v) => v.operationId === operationId);
  expect(violation?.why.startsWith(why!)).toBe(true);
  expect(violation?.callers).toContain(caller);
  // Beta, and the other beta API the operator lists.
  expect(violation?.level).toBe('beta');
  expect(r.verdict.violations.map((v) => v.operationId)).toContain('listStorageV1beta1VolumeAttributesClass');

  // What is unmatched: the operator's CRD, and /openapi/v2.
  const unmatched = r.unmatched.map((u) => (u.group ? `${u.group}/${u.version} ${u.resource}` : u.pattern));
  expect(new Set(unmatched)).toEqual(new Set(['demo.example.com/v1alpha1 widgets', 'demo.example.com/v1alpha1 widgets/status', '/openapi/v2']));
  expect(walk).toContain('`demo.example.com/v1alpha1 widgets`');
}, 60_000);

it("the docs' npm scripts are package.json's, and the files of this repository they name exist", () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const { text } = docsCommands();
  const scripts = [...text.matchAll(/\bnpm run ([a-z][\w-]*)/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(10);
  expect(scripts.filter((s) => !(s in pkg.scripts))).toEqual([]);
  // Paths as a newcomer copies them (`npx vitest run test/web`, `scripts/kind-audit-config.yaml`), links or not;
  // test/conformance/testdata/ is Kubernetes' (its ineligible_endpoints.yaml), not this repository's.
  const paths = [...text.matchAll(/(?<![\w./-])((?:scripts|src|test|data|examples|schema|dist|docs)\/[\w./-]*\w)/g)].map((m) => m[1]!);
  expect(paths.length).toBeGreaterThan(20);
  expect([...new Set(paths)].filter((p) => !p.startsWith('test/conformance/') && !existsSync(new URL(`../${p}`, import.meta.url)))).toEqual([]);
});

// A newcomer's `npm test` needs what CI installs first: each Debian package .ci/run installs is named in the docs.
it('the docs name every package .ci/run installs for the tests', () => {
  const run = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
  const packages = [...run.matchAll(/need\+=\(([\w-]+)\)/g)].map((m) => m[1]!);
  expect(packages).toContain('clang');
  const dev = readFileSync(new URL('../docs/development.md', import.meta.url), 'utf8');
  expect(packages.filter((p) => !dev.includes(`\`${p}\``))).toEqual([]);
});

// The walk-through tells where the shipped kind config puts the audit log, on the host and in the node.
it("the walk-through's kind cluster writes its audit log where the walk-through says", () => {
  const config = load(readFileSync(new URL('../scripts/kind-audit-config.yaml', import.meta.url), 'utf8')) as {
    nodes: Array<{ extraMounts: Array<{ hostPath: string; containerPath: string }>; kubeadmConfigPatches: string[] }>;
  };
  const node = config.nodes[0]!;
  const logPath = (load(node.kubeadmConfigPatches[0]!) as { apiServer: { extraArgs: Record<string, string> } }).apiServer.extraArgs['audit-log-path']!;
  const logDir = logPath.slice(0, logPath.lastIndexOf('/'));
  const mount = node.extraMounts.find((m) => m.containerPath === logDir);
  expect(mount).toBeDefined();
  const walk = readFileSync(new URL('../docs/walkthrough.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  expect(walk).toContain(`writes the log into \`${mount!.hostPath}/\``);
  expect(walk).toContain(`docker cp kind-control-plane:${logDir} .`);
});

// "Leaving an identity out" quotes what report.md and stderr say on the 2017 audit2rbac log: run what it names.
it("the walk-through's exclusion quotes are what analyze says of the 2017 audit2rbac log", async () => {
  const walk = readFileSync(new URL('../docs/walkthrough.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  const quoted = /``(Selected \(any of\): [^`]*`[^`]+`[^`]*`[^`]+`[^`]*)`` for the 2017 audit2rbac demo log, `demo-2017-v1beta1\.log ([^`]+)`/.exec(walk);
  expect(quoted).not.toBeNull();
  const [, line, args] = quoted!;
  const md = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', ...args!.split(' '), '--format', 'md']);
  expect(md.stdout.replace(/<br>/g, '\n')).toContain(line);
  // With a selection that keeps nothing, stderr names the users left out on purpose apart.
  const said = /`(and by users the selection leaves out on purpose, [^`]+)`/.exec(walk)?.[1];
  expect(said).toBeDefined();
  const none = await runCli(['analyze', AUDIT2RBAC_2017, '--k8s-version', '1.33', '-n', 'nosuch', '--exclude-user', 'system:admin', '--format', 'json']);
  expect(none.stderr).toContain(said);
}, 60_000);

// reports.md quotes the selection line of the Action's defaults for a chart in `shop`: its namespace, service accounts, helm.
it("reports.md's selection line is what report.md says of that selection", async () => {
  const reports = readFileSync(new URL('../docs/reports.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  const line = /``(Selected \(any of\): namespace `shop`[^`]*`[^`]+`[^`]*`[^`]+`\.)`` for the Action's defaults/.exec(reports)?.[1];
  expect(line).toBeDefined();
  const md = await runCli(['analyze', 'data/sample-audit.log.gz', '--k8s-version', '1.33', '-n', 'shop', '--serviceaccount', 'shop:*', '--user-agent', 'helm', '--format', 'md']);
  expect(md.stdout.replace(/<br>/g, '\n')).toContain(line);
}, 60_000);
