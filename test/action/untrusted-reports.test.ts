// A fan-in (reports) reads report.json files from other jobs' artifacts, which fork PRs make: every field of one is
// the attacker's. The reporter's repro: a real report.json whose verdict.policy.failOn carries workflow commands
// (`::save-state` of the kind path the post step runs). It must be refused, nothing of it may start a log line as a
// command, and the post step must not run a program that state it did not save names.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { runPost } from '../../src/action/post.js';
import type { Report } from '../../src/engine/report.js';
import { ActionHarness, fakesDir, type RunResult } from '../fakes/action-harness.js';
import { FakeGitHub } from '../fakes/github-api.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const TOKEN = 'ghs_untrustedReportsTokenNeverPrinted0123456789';
const PR = 42;
const PAYLOAD = 'beta\n::save-state name=apisnoop-kind-path::/bin/sh\n::error title=pwned::owned';

/** The workflow commands a line would be read as by the runner: `::name` after blanks, or the legacy `##[name` anywhere. */
function commandsIn(output: string): string[] {
  const found: string[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const v2 = /^\s*::([^\s:]+)/.exec(line);
    if (v2) found.push(v2[1]!);
    for (const m of line.matchAll(/##\[([^\]\s]+)/g)) found.push(`##[${m[1]}`);
  }
  return found;
}

/** What the Action itself issues through @actions/core: anything else came from text it printed. */
const OWN_COMMANDS = new Set(['group', 'endgroup', 'error', 'warning', 'debug', 'add-mask']);

describe('reports from other jobs are untrusted', () => {
  let gh: FakeGitHub;
  let h: ActionHarness;
  let sample: Report;

  beforeAll(async () => {
    gh = new FakeGitHub({ token: TOKEN, login: null, owner: 'apisnoop-e2e', repo: 'sample-operator' });
    await gh.start();
    // The reporter's report: `apisnoop analyze data/sample-audit.log.gz --k8s-version 1.33 --format json`.
    sample = parseStdout<Report>(await runCli(['analyze', 'data/sample-audit.log.gz', '--k8s-version', '1.33', '--format', 'json']));
    // Under its own policy (alpha, beta) the sample fails on beta operations: a forged failOn that names no rule
    // would turn that into a pass.
    expect(sample.verdict.policy.failOn).toEqual(['alpha', 'beta']);
    expect(sample.verdict.violations.some((v) => v.rule === 'beta')).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await gh.stop();
  });
  beforeEach(() => {
    gh.comments.clear();
    h = new ActionHarness(TOKEN, gh.url);
    return () => h.cleanup();
  });

  async function fanIn(dir: string, inputs: Record<string, string> = {}): Promise<RunResult> {
    const env = h.env({ reports: dir, ...inputs });
    return h.inProcess(env, () => run({ artifactUploader: null }));
  }

  function leg(root: string, name: string, edit: (r: Report) => void): string {
    const report = structuredClone(sample);
    edit(report);
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2));
    return dir;
  }

  it('a failOn carrying workflow commands is refused, named, and no command of it reaches the log', async () => {
    const root = scratchDir('forged-fail-on');
    leg(root, 'leg-0', (r) => {
      r.verdict.policy.failOn = [PAYLOAD as 'beta'];
    });
    const res = await fanIn(root);
    expect(res.exitCode).toBe(1);
    expect(res.outputs.verdict).toBe('fail');
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toContain(
      `${path.join(root, 'leg-0', 'report.json')}: not an apisnoop report.json: verdict.policy.failOn[0] "beta\\n::save-state name=apisnoop-kind-path::/bin/sh\\n::err… is not one of removed, alpha, beta, deprecated, empty, invalid`,
    );
    expect(commandsIn(res.output).filter((c) => !OWN_COMMANDS.has(c))).toEqual([]);
    expect(res.output).not.toMatch(/^\s*::(save-state|error title=pwned)/m);
    expect(res.state).toEqual({});
    // The comment says it failed, with the text escaped.
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).toContain('the run failed');
    expect(body).not.toMatch(/^::/m);
  });

  it('allow entries of more than one line are refused too; a one-line allow is taken', async () => {
    const root = scratchDir('forged-allow');
    leg(root, 'leg-0', (r) => {
      r.verdict.policy.allow = ['apps\n::save-state name=apisnoop-cluster-name::x'];
    });
    const bad = await fanIn(root);
    expect(bad.exitCode).toBe(1);
    expect(bad.errors[0]).toContain('verdict.policy.allow[0] "apps\\n::save-state name=apisnoop-cluster-name::x" is not a one-line operationId or API group');
    expect(commandsIn(bad.output).filter((c) => !OWN_COMMANDS.has(c))).toEqual([]);

    const good = scratchDir('one-line-allow');
    leg(good, 'leg-0', (r) => {
      r.verdict.policy.allow = ['apps'];
    });
    const ok = await fanIn(good);
    expect(ok.output).toContain("Judged by the reports' own policy where this step gives none (fail-on: alpha, beta; allow: apps)");
  });

  it('file names and text the log line carries are escaped: a leg directory named with a command', async () => {
    const root = scratchDir('forged-path');
    const name = 'leg\n::save-state name=apisnoop-kind-path::/bin/sh\n##[set-output name=verdict]pass';
    leg(root, name, () => undefined);
    const res = await fanIn(root, { 'fail-on': 'none' });
    expect(res.exitCode).toBe(0);
    expect(commandsIn(res.output).filter((c) => !OWN_COMMANDS.has(c))).toEqual([]);
    // Still said, readably: the name's lines as lines, each command broken by a zero-width space.
    expect(res.output).toContain(`Merging 1 report: ${root}/leg\n:\u200b:save-state name=apisnoop-kind-path::/bin/sh\n##\u200b[set-output name=verdict]pass/report.json`);
  });

  it('a release that is not a plain name never names a directory: its files stay in the report directory, its text is escaped', async () => {
    const root = scratchDir('forged-release');
    const release = '../../escaped](https://evil.example)\n::save-state name=apisnoop-kind-path::/bin/sh';
    leg(root, 'leg-0', () => undefined);
    leg(root, 'leg-1', (r) => {
      r.kubernetesVersion = release;
      r.specs[0]!.kubernetesVersion = release;
    });
    const out = path.join(root, 'out');
    const res = await fanIn(root, { 'fail-on': 'none', 'report-dir': out });
    expect(res.exitCode).toBe(0);
    expect(commandsIn(res.output).filter((c) => !OWN_COMMANDS.has(c))).toEqual([]);
    // After 1.33 by release order (it is none), in a directory named by its place.
    expect(readdirSync(out).sort()).toEqual(['1.33', 'pull-request.json', 'release-2', 'report.md']);
    expect(existsSync(path.resolve(out, '../../escaped](https:'))).toBe(false);
    expect((JSON.parse(readFileSync(path.join(out, 'release-2', 'report.json'), 'utf8')) as Report).kubernetesVersion).toBe(release);
    const body = gh.comments.get(PR)![0]!.body;
    expect(body).not.toContain('](https://evil.example)');
    expect(body).not.toMatch(/^::/m);
    expect(body).toContain('<summary>Kubernetes 1.33: ✅ pass</summary>');
  });

  it("the step's error shows a report's terminal and bidi controls as the log lines do, not raw", async () => {
    // The error names the failing release and says its leg's notes again: text of the report, in the log and an
    // annotation. Raw, an OSC sequence retitles the viewer's terminal and the bidi override reverses the line.
    const root = scratchDir('forged-release-controls');
    const release = '9.9\u001b]0;pwned\u0007\u001b[2J\u202e';
    leg(root, 'leg-0', () => undefined);
    leg(root, 'leg-1', (r) => {
      r.kubernetesVersion = release;
      r.runNotes = { problems: ['helm install failed \u001b[31m(red)\u202e'], notices: [] };
    });
    const res = await fanIn(root, { 'report-dir': path.join(root, 'out') });
    expect(res.exitCode).toBe(1);
    expect(res.errors).toHaveLength(1);
    const error = res.errors[0]!;
    expect(error).toContain('fail on Kubernetes 9.9\\x1b]0;pwned\\x07\\x1b[2J\\u202e,');
    expect(error).toContain('Kubernetes 9.9\\x1b]0;pwned\\x07\\x1b[2J\\u202e: helm install failed \\x1b[31m(red)\\u202e');
    // eslint-disable-next-line no-control-regex -- the controls are what is looked for
    expect(res.output).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it("a report's leastPrivilegeUnchecked alone fails the step, with why, as the run problem that says it would (once)", async () => {
    // The field decides the verdict (reportPasses); a report written without the run problem gave the step exit 0 and
    // no reason while its verdict output and page said fail.
    const why = 'no RBAC manifests (rbac-granted) were given';
    const unchecked = (r: Report) => {
      r.app = 'opa';
      r.leastPrivilegeUnchecked = [{ app: 'opa', why }];
    };
    const root = scratchDir('unchecked-field-only');
    leg(root, 'leg-0', unchecked);
    const res = await fanIn(root, { 'fail-on': 'none', 'report-dir': path.join(root, 'out') });
    expect([res.exitCode, res.outputs.verdict]).toEqual([1, 'fail']);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toContain(`Least privilege was not checked: ${why}.`);
    // With the run problem the Action writes beside it: said once, not twice.
    const both = scratchDir('unchecked-field-and-problem');
    leg(both, 'leg-0', (r) => {
      unchecked(r);
      r.runNotes = { problems: [`Least privilege was not checked: ${why}.`], notices: [] };
    });
    const said = await fanIn(both, { 'fail-on': 'none', 'report-dir': path.join(both, 'out') });
    expect(said.exitCode).toBe(1);
    expect(said.errors.join('\n').split(why)).toHaveLength(2);
    // Of reports of two releases: the failing one named.
    const releases = scratchDir('unchecked-field-releases');
    leg(releases, 'leg-0', () => undefined);
    leg(releases, 'leg-1', (r) => {
      unchecked(r);
      r.kubernetesVersion = '1.34';
      r.specs[0]!.kubernetesVersion = '1.34';
    });
    const two = await fanIn(releases, { 'fail-on': 'none', 'report-dir': path.join(releases, 'out') });
    expect(two.exitCode).toBe(1);
    expect(two.errors.join('\n')).toContain(`Kubernetes 1.34: Least privilege was not checked: ${why}.`);
  });

  it('a release named as a file the fan-in writes beside the release directories takes none of their places', async () => {
    // A plain name, no path in it: as a directory, report.md broke the writing of the page of all releases (EISDIR).
    const root = scratchDir('forged-release-file');
    leg(root, 'leg-0', () => undefined);
    leg(root, 'leg-1', (r) => {
      r.kubernetesVersion = 'report.md';
    });
    leg(root, 'leg-2', (r) => {
      r.kubernetesVersion = 'pull-request.json';
    });
    const out = path.join(root, 'out');
    const res = await fanIn(root, { 'fail-on': 'none', 'report-dir': out });
    expect(res.errors).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['1.33', 'pull-request.json', 'release-2', 'release-3', 'report.md']);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('<summary>Kubernetes pull-request.json: ✅ pass</summary>');
    expect((JSON.parse(readFileSync(path.join(out, 'release-3', 'report.json'), 'utf8')) as Report).kubernetesVersion).toBe('report.md');
  });

  describe('the post step runs only the kind the main step resolved', () => {
    const clusterState = (kindPath: string, clusterName = 'apisnoop') => ({
      'apisnoop-cluster-name': clusterName,
      'apisnoop-kind-path': kindPath,
      'apisnoop-kubeconfig': path.join(h.root, 'runner-temp', 'apisnoop', 'cluster', 'kubeconfig'),
    });

    /** A program named kind that the attacker left in the workspace: it leaves a file when run. */
    function evilKind(): { kind: string; ran: string } {
      const dir = path.join(h.workspace, 'evil');
      mkdirSync(dir, { recursive: true });
      const ran = path.join(dir, 'ran');
      const kind = path.join(dir, 'kind');
      writeFileSync(kind, `#!/bin/sh\necho "$@" > '${ran}'\n`);
      chmodSync(kind, 0o755);
      return { kind, ran };
    }

    async function post(state: Record<string, string>): Promise<RunResult> {
      const env = h.postEnv(h.env({}), state);
      return h.inProcess(env, () => runPost());
    }

    it('forged state naming another program, or arguments for it, runs nothing and says so', async () => {
      const { kind, ran } = evilKind();
      for (const [state, why] of [
        [clusterState(kind), `the saved kind "${kind}" is not the kind the main step uses`],
        [clusterState('/bin/sh'), 'the saved kind "/bin/sh" is not the kind the main step uses'],
        [clusterState('kind'), 'the saved kind "kind" is not the kind the main step uses'],
        [clusterState(path.join(fakesDir, 'kind'), 'x --kubeconfig /etc/passwd'), 'the saved cluster name "x --kubeconfig /etc/passwd" is not a DNS label'],
        [{ ...clusterState(path.join(fakesDir, 'kind')), 'apisnoop-kubeconfig': '/etc/passwd' }, 'the saved kubeconfig "/etc/passwd" is not one the main step writes'],
      ] as const) {
        h.clearCalls();
        const res = await post(state);
        expect(res.exitCode).toBe(0);
        expect(res.warnings).toEqual([expect.stringContaining(why)]);
        expect(existsSync(ran)).toBe(false);
        expect(h.calls()).toEqual([]);
      }
    });

    it('the state main saves, with the kind on PATH or in the tool cache, deletes the cluster', async () => {
      // The kind on PATH (the fakes): as main found it.
      writeFileSync(path.join(h.stateDir, 'clusters.json'), JSON.stringify(['apisnoop']));
      const res = await post(clusterState(path.join(fakesDir, 'kind')));
      expect(res.warnings).toEqual([]);
      expect(res.output).toContain('kind cluster apisnoop deleted.');
      expect(h.clusters()).toEqual([]);
      // Installed by main: <tool cache>/kind/<version>/<arch>/kind.
      const cached = path.join(h.root, 'tool-cache', 'kind', '0.29.0', 'x64');
      mkdirSync(cached, { recursive: true });
      writeFileSync(path.join(cached, 'kind'), readFileSync(path.join(fakesDir, 'kind'), 'utf8').replace('$(dirname "$0")', fakesDir));
      chmodSync(path.join(cached, 'kind'), 0o755);
      writeFileSync(path.join(h.stateDir, 'clusters.json'), JSON.stringify(['apisnoop']));
      h.clearCalls();
      const cachedRes = await post(clusterState(path.join(cached, 'kind')));
      expect(cachedRes.warnings).toEqual([]);
      expect(h.calls().map((c) => c.argv.slice(0, 4))).toEqual([['delete', 'cluster', '--name', 'apisnoop']]);
      expect(h.clusters()).toEqual([]);
    });
  });
});
