// The shipped JSON Schema of report.json (schema/report.schema.json), compiled once per test file by ajv in strict
// mode: a keyword ajv does not know, or a type it cannot check, fails the compile.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from './fixtures.js';

export const reportSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schema/report.schema.json'), 'utf8')) as Record<string, unknown>;

let validate: ValidateFunction | undefined;

/** The schema's errors for a report, one line each ("/summary/requests must be number"); [] when it is valid. */
export function schemaErrors(report: unknown): string[] {
  validate ??= new Ajv({ strict: true, allErrors: true }).compile(reportSchema);
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
}
