// Runs the Action the way a runner does: inputs as INPUT_* (defaults from action.yml), GITHUB_* files for outputs,
// state and summary, a pull_request event file, and the recording fakes of kind/kubectl/helm/docker first on PATH.
// Main and post run in-process (run(), runPost()) or as the bundle (node dist/index.js, dist/post.js).
import * as core from '@actions/core';
import { execa } from 'execa';
import { load } from 'js-yaml';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.resolve(repoRoot, '../shared/fixtures');
export const fakesDir = path.join(repoRoot, 'test', 'fakes');

export interface FakeCall {
  tool: 'kind' | 'kubectl' | 'helm' | 'docker';
  argv: string[];
  secretSeen: boolean;
  inputsInEnv: string[];
  /** The action runtime's credentials it was given (a runner gives them to actions, not to run: steps). */
  runtimeSecretsInEnv: string[];
  kubeconfigEnv: string | null;
  /** The working directory it was run in. */
  cwd: string;
}

export interface RunResult {
  /** Everything written to stdout and stderr. */
  output: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  exitCode: number;
  /** The ::error:: lines core.setFailed printed. */
  errors: string[];
  warnings: string[];
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { description: string }>;
}

/** The contexts the runner evaluates an input's default in (actions/runner's action_yaml.json, input-default-context). */
export const INPUT_DEFAULT_CONTEXTS = ['github', 'strategy', 'matrix', 'job', 'runner'];

/**
 * An input's default as the runner hands it over, its expressions evaluated: the token, and toJSON(matrix) as the
 * runner writes it (indented by two spaces; 'null' in a job without a matrix). An expression not known here fails the
 * test, rather than reach the Action unevaluated.
 */
export function runnerDefault(text: string, ctx: { token: string; matrix: Record<string, unknown> | null }): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (whole, expr: string) => {
    if (expr === 'github.token') return ctx.token;
    if (expr === 'toJSON(matrix)') return JSON.stringify(ctx.matrix, null, 2);
    throw new Error(`action.yml's default ${whole} is not evaluated by the test harness`);
  });
}

export function actionYml(): ActionYml {
  return load(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYml;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks of GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== m[2]; j++) value.push(lines[j]!);
    out[m[1]!] = value.join('\n');
    i = j;
  }
  return out;
}

function commandLines(output: string, command: string): string[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith(`::${command}`))
    .map((l) => l.replace(/^::[a-z-]+( [^:]*)?::/, ''));
}

/**
 * A comment's body without its second line, which names the run and job that wrote it (written-by): for comparing
 * the comment with the page it shows, or two runs' comments.
 */
export function withoutWrittenBy(body: string): string {
  return body.replace(/^(<!-- apisnoop:sticky-comment [^\n]*-->)\n<!-- apisnoop:written-by [^\n]*-->\n/, '$1\n');
}

export class ActionHarness {
  readonly root = mkdtempSync(path.join(tmpdir(), 'apisnoop-action-'));
  readonly fakeLog = path.join(this.root, 'fake-calls.jsonl');
  readonly stateDir = path.join(this.root, 'fake-state');
  readonly workspace = path.join(this.root, 'workspace');
  readonly eventPath = path.join(this.root, 'event.json');
  private files = { output: '', state: '', summary: '' };
  /** The job's matrix leg, as the runner's matrix context has it; null: a job without a matrix. */
  matrix: Record<string, unknown> | null = null;
  private runs = 0;

  constructor(
    readonly token: string,
    readonly apiUrl: string,
    readonly repository = 'apisnoop-e2e/sample-operator',
  ) {
    for (const d of [this.stateDir, this.workspace, path.join(this.root, 'runner-temp'), path.join(this.root, 'tool-cache')]) {
      mkdirSync(d, { recursive: true });
    }
    writeFileSync(this.fakeLog, '');
    writeFileSync(this.eventPath, readFileSync(path.join(fakesDir, 'pull-request-event.json')));
  }

  calls(): FakeCall[] {
    return readFileSync(this.fakeLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as FakeCall);
  }

  clearCalls(): void {
    writeFileSync(this.fakeLog, '');
  }

  /** Existing fake clusters (the fakes' own state). */
  clusters(): string[] {
    const f = path.join(this.stateDir, 'clusters.json');
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as string[]) : [];
  }

  /** The environment a runner gives the main step: inputs (action.yml defaults filled in), GITHUB_*, RUNNER_*. */
  env(inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
    const n = ++this.runs;
    this.files = {
      output: path.join(this.root, `output-${n}`),
      state: path.join(this.root, `state-${n}`),
      summary: path.join(this.root, `summary-${n}`),
    };
    for (const f of Object.values(this.files)) writeFileSync(f, '');
    const env: Record<string, string> = {
      PATH: `${fakesDir}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? this.root,
      FAKE_NODE: process.execPath,
      FAKE_LOG: this.fakeLog,
      FAKE_STATE_DIR: this.stateDir,
      FAKE_SECRET: this.token,
      GITHUB_ACTIONS: 'true',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-of-the-artifact-service',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/oidc',
      GITHUB_API_URL: this.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: this.repository,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: this.eventPath,
      // Each run a workflow run of its own (7001, 7002, …), as the runs of a test stand for: the sticky comment tells
      // another run's (updated in place) from another leg's of the same run (a comment of its own).
      GITHUB_RUN_ID: String(7000 + n),
      GITHUB_JOB: 'apisnoop',
      // A leg reads back the comment it wrote after a few seconds (legs racing): no wait in tests.
      APISNOOP_COMMENT_SETTLE_MS: '0',
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_OUTPUT: this.files.output,
      GITHUB_STATE: this.files.state,
      GITHUB_STEP_SUMMARY: this.files.summary,
      RUNNER_TEMP: path.join(this.root, 'runner-temp'),
      RUNNER_TOOL_CACHE: path.join(this.root, 'tool-cache'),
      ...extra,
    };
    const spec = actionYml();
    for (const [name, def] of Object.entries(spec.inputs)) {
      const value = inputs[name] ?? runnerDefault(String(def.default ?? ''), { token: this.token, matrix: this.matrix });
      env[`INPUT_${name.toUpperCase()}`] = value;
    }
    for (const name of Object.keys(inputs)) {
      if (!(name in spec.inputs)) throw new Error(`test gives input "${name}", which action.yml does not declare`);
    }
    return env;
  }

  /** The environment of the post step: the main step's saved state as STATE_*. */
  postEnv(mainEnv: Record<string, string>, state: Record<string, string>): Record<string, string> {
    const env = { ...mainEnv };
    for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v;
    return env;
  }

  private result(output: string, exitCode: number): RunResult {
    return {
      output,
      outputs: parseFileCommands(readFileSync(this.files.output, 'utf8')),
      state: parseFileCommands(readFileSync(this.files.state, 'utf8')),
      summary: readFileSync(this.files.summary, 'utf8'),
      exitCode,
      errors: commandLines(output, 'error'),
      warnings: commandLines(output, 'warning'),
    };
  }

  /** Runs fn with exactly this environment, capturing stdout/stderr; restores env, PATH and exitCode after. */
  async inProcess(env: Record<string, string>, fn: () => Promise<void>): Promise<RunResult> {
    const savedEnv = { ...process.env };
    const savedExit = process.exitCode;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = (chunk: string | Uint8Array): boolean => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, env);
    process.exitCode = undefined;
    // core.summary is a process-wide singleton that keeps the GITHUB_STEP_SUMMARY path of its first write; a runner
    // starts a process per step, so each in-process run starts it afresh too.
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    core.summary.emptyBuffer();
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    let exitCode: number;
    try {
      await fn();
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
      process.exitCode = savedExit;
      for (const k of Object.keys(process.env)) delete process.env[k];
      Object.assign(process.env, savedEnv);
    }
    return this.result(out.join(''), exitCode);
  }

  /** Runs a bundle entry (dist/index.js, dist/post.js, or an absolute path) as the runner does: `node <file>`. */
  async bundle(entry: string, env: Record<string, string>): Promise<RunResult> {
    const res = await execa(process.execPath, [path.resolve(repoRoot, entry)], {
      env,
      extendEnv: false,
      reject: false,
      all: true,
      cwd: this.workspace,
    });
    return this.result(res.all ?? '', typeof res.exitCode === 'number' ? res.exitCode : -1);
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
