// docs/action.md documents every input and output of action.yml, in tables generated from it.
import { load } from 'js-yaml';
import { readFileSync, writeFileSync } from 'node:fs';
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
