// docs/action.md documents every input and output of action.yml, in tables generated from it.
import { load } from 'js-yaml';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionTables, INPUTS_BEGIN, withActionTables } from '../../src/action/action-docs.js';
import { INPUT_NAMES } from '../../src/action/settings.js';
import { OUTPUT_NAMES } from '../../src/github/outputs.js';
import { actionYml, INPUT_DEFAULT_CONTEXTS, repoRoot } from '../fakes/action-harness.js';

const docsFile = path.join(repoRoot, 'docs/action.md');

/**
 * The contexts an expression reads: the names that are neither a property (after a dot), a function (before a
 * parenthesis), a literal, nor inside a string.
 */
function contextsOf(expression: string): string[] {
  const code = expression.replace(/'(?:[^']|'')*'/g, "''");
  return [...code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)(?![\w-]|\s*\()/g)].map((m) => m[1]!).filter((w) => !['true', 'false', 'null'].includes(w));
}

/** The contexts the defaults of action.yml read that the runner does not give there, as "input: context". */
function foreignContexts(text: string): string[] {
  const inputs = (load(text) as { inputs: Record<string, { default?: unknown }> }).inputs;
  return Object.entries(inputs).flatMap(([name, input]) =>
    [...String(input.default ?? '').matchAll(/\$\{\{(.*?)\}\}/gs)].flatMap((m) => contextsOf(m[1]!).filter((c) => !INPUT_DEFAULT_CONTEXTS.includes(c)).map((c) => `${name}: ${c}`)),
  );
}
const ymlText = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');

/**
 * What the workflow snippets of a Markdown text ask of the Action that a runner would not check: each yaml block
 * must parse, a step that uses APISnoop (`uses: OWNER/apisnoop@…`) may give only inputs action.yml declares (the
 * runner only warns of another, and the gate runs without it), and `steps.<id>.outputs.<name>` of such a step must
 * name an output it sets (an unknown one reads as empty).
 */
function snippetProblems(markdown: string, inputs: string[], outputs: string[]): string[] {
  const problems: string[] = [];
  for (const [, block] of markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    let doc: unknown;
    try {
      doc = load(block!);
    } catch (e) {
      problems.push(`does not parse: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const steps: Array<{ id?: string; uses: string; with?: Record<string, unknown> }> = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        if (typeof (x as { uses?: unknown }).uses === 'string') steps.push(x as (typeof steps)[number]);
        Object.values(x).forEach(walk);
      }
    };
    walk(doc);
    const ours = steps.filter((s) => /(^|\/)apisnoop@/.test(s.uses));
    for (const step of ours) for (const name of Object.keys(step.with ?? {})) if (!inputs.includes(name)) problems.push(`input ${name} (in ${step.uses})`);
    const ids = new Set(ours.map((s) => s.id).filter((id) => id !== undefined));
    for (const [, id, name] of block!.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) if (ids.has(id!) && !outputs.includes(name!)) problems.push(`output ${name} (of step ${id})`);
  }
  return problems;
}

describe('action.yml and docs/action.md', () => {
  it('action.yml declares exactly the inputs settings.ts reads and the outputs the action sets', () => {
    const spec = actionYml();
    expect(Object.keys(spec.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    expect(Object.keys(spec.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const [name, input] of Object.entries(spec.inputs)) {
      expect((input as { description?: string }).description, `input ${name} has no description`).toBeTruthy();
    }
  });

  it('input defaults read only the contexts the runner evaluates them in (another fails the step before it starts)', () => {
    expect(foreignContexts(ymlText)).toEqual([]);
    // What is read: matrix-leg's default is toJSON(matrix).
    expect(contextsOf(' toJSON(matrix) ')).toEqual(['matrix']);
    expect(contextsOf(" github.token || format('{0} env', runner.temp) ")).toEqual(['github', 'runner']);
    // And it would see one the runner refuses there.
    const bad = 'inputs:\n  a:\n    default: ${{ secrets.TOKEN }}\n  b:\n    default: x-${{ env.X }}-${{ toJSON(inputs) }}\n  c:\n    default: ${{ hashFiles(\'a\') }}\n';
    expect(foreignContexts(bad)).toEqual(['a: secrets', 'b: env', 'b: inputs']);
  });

  it('runs on node24 with dist/index.js as main and dist/post.js as post, always', () => {
    const runs = (actionYml() as unknown as { runs: Record<string, string> }).runs;
    expect(runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js', 'post-if': 'always()' });
  });

  it('docs/action.md holds the tables generated from action.yml', () => {
    const doc = readFileSync(docsFile, 'utf8');
    const expected = withActionTables(doc, ymlText);
    if (process.env.UPDATE_ACTION_DOCS === '1' && expected !== doc) writeFileSync(docsFile, expected);
    expect(doc, 'run UPDATE_ACTION_DOCS=1 npx vitest run test/action/action-docs.test.ts').toBe(expected);
    for (const name of [...INPUT_NAMES, ...OUTPUT_NAMES]) expect(doc).toContain(`| \`${name}\` |`);
  });

  it('generates one row per input with its default, and escapes pipes', () => {
    const t = actionTables(ymlText);
    expect(t.inputs.split('\n')).toHaveLength(2 + INPUT_NAMES.length);
    expect(t.inputs).toContain('| `rbac-fail-on` | `none` |');
    expect(t.inputs).toContain('| `github-token` | `${{ github.token }}` |');
    const odd = actionTables('inputs:\n  a:\n    description: x | y\n    default: ""\noutputs: {}\n');
    expect(odd.inputs).toContain('x \\| y');
  });

  it("the docs' workflow snippets parse and give the Action only inputs action.yml declares, and read only its outputs", () => {
    const spec = actionYml();
    const inputs = Object.keys(spec.inputs);
    const outputs = Object.keys(spec.outputs);
    const docs = path.join(repoRoot, 'docs');
    const text = readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join(docs, f), 'utf8')).join('\n');
    expect([...text.matchAll(/uses: OWNER\/apisnoop@/g)].length).toBeGreaterThan(5);
    expect(snippetProblems(text, inputs, outputs)).toEqual([]);
    // It sees a misspelt input, an unknown output of the Action's step (not another step's), and YAML that does not parse.
    const bad = '```yaml\n- id: a\n  uses: OWNER/apisnoop@v1\n  with: { fail_on: none }\n- id: b\n  run: echo ${{ steps.a.outputs.verdicts }} ${{ steps.b.outputs.x }}\n```\n```yaml\nwith: [\n```\n';
    expect(snippetProblems(bad, inputs, outputs).map((p) => p.replace(/:.*/, ''))).toEqual(['input fail_on (in OWNER/apisnoop@v1)', 'output verdicts (of step a)', 'does not parse']);
  });

  it('the docs carry the user snippet of the issue and the sections it asks for', () => {
    const doc = readFileSync(docsFile, 'utf8');
    expect(doc).toContain('permissions: { contents: read, pull-requests: write }');
    expect(doc).toContain('test-command: helm test my-operator -n my-operator   # default: helm test');
    for (const heading of ['### Inputs', '### Outputs', '### Permissions', '### Fork pull requests', '### Tested here, and on GitHub\'s runners']) {
      expect(doc).toContain(heading);
    }
    expect(doc.indexOf(INPUTS_BEGIN)).toBeGreaterThan(doc.indexOf('### Inputs'));
  });
});
