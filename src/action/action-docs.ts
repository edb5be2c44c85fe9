// The inputs and outputs tables of docs/action.md, generated from action.yml so that the two cannot drift apart.
// test/action/action-docs.test.ts checks docs/action.md; UPDATE_ACTION_DOCS=1 on that test rewrites the tables.
import { load } from 'js-yaml';
import { markdownTable } from 'markdown-table';

interface ActionSpec {
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

export const INPUTS_BEGIN = '<!-- action-inputs:begin (generated from action.yml) -->';
export const INPUTS_END = '<!-- action-inputs:end -->';
export const OUTPUTS_BEGIN = '<!-- action-outputs:begin (generated from action.yml) -->';
export const OUTPUTS_END = '<!-- action-outputs:end -->';

function cell(text: string): string {
  // Pipes would end the cell; <namespace> would read as an HTML tag and vanish.
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(text: string): string {
  return text === '' ? '' : `\`${text}\``;
}

export function actionTables(actionYml: string): { inputs: string; outputs: string } {
  const spec = load(actionYml) as ActionSpec;
  const inputs = Object.entries(spec.inputs ?? {}).map(([name, i]) => [
    code(name),
    code(String(i.default ?? '')),
    cell(i.description ?? ''),
  ]);
  const outputs = Object.entries(spec.outputs ?? {}).map(([name, o]) => [code(name), cell(o.description ?? '')]);
  return {
    inputs: markdownTable([['input', 'default', 'description'], ...inputs], { alignDelimiters: false }),
    outputs: markdownTable([['output', 'description'], ...outputs], { alignDelimiters: false }),
  };
}

function replaceBetween(doc: string, begin: string, end: string, body: string): string {
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a === -1 || b === -1 || b < a) throw new Error(`docs/action.md: markers ${begin} … ${end} are missing`);
  return `${doc.slice(0, a + begin.length)}\n${body}\n${doc.slice(b)}`;
}

/** docs/action.md with its two tables regenerated from action.yml. */
export function withActionTables(doc: string, actionYml: string): string {
  const t = actionTables(actionYml);
  return replaceBetween(replaceBetween(doc, INPUTS_BEGIN, INPUTS_END, t.inputs), OUTPUTS_BEGIN, OUTPUTS_END, t.outputs);
}
