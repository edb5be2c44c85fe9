// schema/report.schema.json is made from the Report type (src/engine/report.ts), so the contract has one source.
// Run: npm run schema   (npm run check runs it with --check, which fails when the committed schema is not current)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { SCHEMA_VERSION } from '../src/engine/report.js';
import { isMain } from './is-main.js';

const root = join(import.meta.dirname, '..');
export const SCHEMA_FILE = join(root, 'schema', 'report.schema.json');

export function reportSchema(): Record<string, unknown> {
  const generated = createGenerator({
    path: join(root, 'src', 'engine', 'report.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'Report',
    // Closed objects: a field the type does not have is an error (Records stay open: their keys are data).
    additionalProperties: false,
    // The Report itself is the root, not a $ref to it, so that $id and title sit beside its properties.
    topRef: false,
    // tsc checks the types (npm run check); the generator only reads them.
    skipTypeCheck: true,
  }).createSchema('Report');
  const { $schema, ...rest } = integers(generated) as typeof generated;
  // No published address yet: a URN names the contract and its version.
  return { $schema, $id: `urn:apisnoop:report:${SCHEMA_VERSION}`, title: `APISnoop report.json (schemaVersion ${SCHEMA_VERSION})`, ...rest };
}

/**
 * TypeScript has one number type; every number of report.json counts something (requests, hits, lines, permissions),
 * so the schema says integer, and a report's 1.5 hits is an error.
 */
function integers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(integers);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    // A property named type (a schema, not a string) is walked like any other.
    Object.entries(node).map(([k, v]) => [k, k === 'type' && typeof v === 'string' ? integer(v) : k === 'type' && Array.isArray(v) ? v.map(integer) : integers(v)]),
  );
}
const integer = (type: unknown): unknown => (type === 'number' ? 'integer' : type);

export const schemaText = (): string => `${JSON.stringify(reportSchema(), null, 2)}\n`;

// A clone in a path with a space would otherwise skip the check and pass it (is-main.ts).
if (isMain(import.meta.url)) {
  const text = schemaText();
  if (process.argv.includes('--check')) {
    if (!existsSync(SCHEMA_FILE) || readFileSync(SCHEMA_FILE, 'utf8') !== text) {
      console.error('schema/report.schema.json is not what src/engine/report.ts makes: run `npm run schema` and commit it');
      process.exit(1);
    }
    console.log('schema/report.schema.json matches src/engine/report.ts');
  } else {
    mkdirSync(join(root, 'schema'), { recursive: true });
    writeFileSync(SCHEMA_FILE, text);
    console.log('schema/report.schema.json written from src/engine/report.ts');
  }
}
