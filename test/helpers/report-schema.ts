// The shipped JSON Schema of report.json (schema/report.schema.json), compiled once per test file by ajv in strict
// mode: a keyword ajv does not know, or a type it cannot check, fails the compile.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from './fixtures.js';

export const reportSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schema/report.schema.json'), 'utf8')) as Record<string, unknown>;

let validate: ValidateFunction | undefined;

/** The schema's errors for a report, one line each ("/summary/requests must be integer"); [] when it is valid. */
export function schemaErrors(report: unknown): string[] {
  validate ??= new Ajv({ strict: true, allErrors: true }).compile(reportSchema);
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
}

type Node = Record<string, unknown>;
const definitions = (reportSchema.definitions ?? {}) as Record<string, Node>;
const resolved = (node: Node): Node => (typeof node.$ref === 'string' ? resolved(definitions[node.$ref.replace('#/definitions/', '')]!) : node);

/**
 * Every property path of the schema, as docs/report-schema.md writes them: `summary.byLevel.stable.hits`,
 * `operations[].deprecation.source` (an array's items after `[]`), `operations[].codes.*` (the keys of a record).
 */
export function schemaPaths(): string[] {
  return [...walkSchema().paths];
}

/** The property paths a report may lack (not required), as schemaPaths writes them. */
export function optionalSchemaPaths(): string[] {
  return [...walkSchema().optional];
}

function walkSchema(): { paths: Set<string>; optional: Set<string> } {
  const out = new Set<string>();
  const optional = new Set<string>();
  const walk = (raw: Node, at: string): void => {
    const node = resolved(raw);
    for (const alt of (node.anyOf ?? node.oneOf ?? []) as Node[]) walk(alt, at);
    if (node.items) walk(node.items as Node, `${at}[]`);
    for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const path = at ? `${at}.${name}` : name;
      out.add(path);
      if (!((node.required ?? []) as string[]).includes(name)) optional.add(path);
      walk(child, path);
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      out.add(`${at}.*`);
      walk(node.additionalProperties as Node, `${at}.*`);
    }
  };
  walk(reportSchema, '');
  return { paths: out, optional };
}
