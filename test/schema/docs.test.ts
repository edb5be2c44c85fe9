// docs/report-schema.md's table and schema/report.schema.json name the same fields: a field added to the Report type
// (and so to the schema) without a row fails, and so does a row naming a field the type does not have.
//
// The table's conventions, read as written:
// - the field column names one or more fields: `summary.stable` / `beta` / `alpha` are siblings of the first; `x[]`
//   is an array, whose items' fields are `x[].y`; naming `x.y` names `x`; a name starting upper case (`PolicyRule`)
//   defines a type instead;
// - the type column says what each field holds (`boolean, {…}` for two fields, pairwise); `{a, b?, c[], d: {…}}`
//   lists an object's fields (`?` optional, `[]` an array, `d: Type` or `d[]: Type` a type defined in the table);
//   `{code: n}` is a record (any key); "per key" puts the fields one level down, under each key;
// - the meaning column lists the fields of a row's field when its type column does not (`rbac[]`), and of the items
//   of an array the row names with "each <item> {…}" (`verdict`: each violation).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';
import { optionalSchemaPaths, schemaPaths } from '../helpers/report-schema.js';

interface Row {
  fields: string[];
  /** The field column says (added) or optional: a report may lack the fields. */
  optional: boolean;
  type: string;
  meaning: string;
}

/** The table's rows: its three cells each, split at the | that are not inside backticks. */
function rows(doc: string): Row[] {
  return doc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let code = false;
      for (const ch of line.slice(1)) {
        if (ch === '`') code = !code;
        if (ch === '|' && !code) {
          cells.push(cell.trim());
          cell = '';
        } else cell += ch;
      }
      const [names, type, meaning] = cells;
      const fields = [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      return { fields, optional: /\((added|optional)\b/.test(names!), type: type!, meaning: meaning! };
    });
}

/** `a, b: {c, d}, e[]` split at its top-level commas. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (const ch of text) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(part.trim());
      part = '';
    } else part += ch;
  }
  if (part.trim() !== '') parts.push(part.trim());
  return parts;
}

const isType = (s: string): boolean => /^[A-Z]\w*$/.test(s);
/** A field name as written: `runFailures?`, `violations[]`, `x[]` → its name and whether it is an array. */
function fieldName(written: string): { name: string; array: boolean; optional: boolean } {
  const m = /^(\w+)(\?)?(\[\])?(\?)?$/.exec(written.trim());
  if (!m) throw new Error(`not a field name: ${written}`);
  return { name: m[1]!, array: m[3] !== undefined, optional: m[2] !== undefined || m[4] !== undefined };
}

class DocPaths {
  readonly paths = new Set<string>();
  /** The fields the table says a report may lack: `x?`, or a row marked (added) or optional. */
  readonly optional = new Set<string>();
  constructor(private readonly types: Map<string, string>) {}

  /** The fields a `{…}` (or a type name defined in the table) gives below `at` (a path, `x[]` for an array's items). */
  structure(at: string, shape: string): void {
    const text = shape.trim();
    if (isType(text)) {
      if (this.types.has(text)) this.structure(at, this.types.get(text)!);
      return;
    }
    const braces = /^\{(.*)\}$/.exec(text);
    if (!braces) throw new Error(`not {…} nor a type of the table: ${text} (at ${at})`);
    for (const item of splitTop(braces[1]!)) {
      const colon = item.indexOf(':');
      const { name, array, optional } = fieldName(colon < 0 ? item : item.slice(0, colon));
      const value = colon < 0 ? undefined : item.slice(colon + 1).trim();
      if (value !== undefined && !value.startsWith('{') && !isType(value)) {
        // {code: n}: a record, whatever its keys.
        this.paths.add(`${at}.*`);
        continue;
      }
      const field = `${at}.${name}`;
      this.paths.add(field);
      if (optional) this.optional.add(field);
      if (value !== undefined) this.structure(array ? `${field}[]` : field, value);
    }
  }
}

/** Every field path the table names, as schemaPaths writes them. */
function docPaths(doc: string): DocPaths {
  const all = rows(doc);
  const types = new Map<string, string>();
  for (const r of all.filter((r) => isType(r.fields[0]!))) types.set(r.fields[0]!, /`(\{.*\})`/.exec(r.type)![1]!);
  const out = new DocPaths(types);
  for (const row of all.filter((r) => !isType(r.fields[0]!))) {
    // `summary.stable` / `beta`: the later names are siblings of the first.
    const parent = row.fields[0]!.includes('.') ? row.fields[0]!.slice(0, row.fields[0]!.lastIndexOf('.') + 1) : '';
    const fields = row.fields.map((f, i) => (i === 0 || f.includes('.') ? f : parent + f)).map((f) => ({ path: f.replace(/\[\]$/, ''), items: f }));
    for (const f of fields) {
      out.paths.add(f.path);
      if (row.optional) out.optional.add(f.path);
    }
    const parts = splitTop(row.type.replace(/ or null$/, ''));
    if (parts.length === 0) parts.push('');
    const shapes = parts.length === fields.length ? parts : parts.length === 1 ? fields.map(() => parts[0]!) : null;
    if (!shapes) throw new Error(`the type column of ${row.fields.join(', ')} does not say which field each type is of: ${row.type}`);
    let described = false;
    fields.forEach((f, i) => {
      const code = /`([^`]+)`/.exec(shapes[i]!)?.[1] ?? shapes[i]!.trim();
      if (!code.startsWith('{') && !isType(code)) return;
      const perKey = shapes[i]!.includes('per key');
      out.structure(perKey ? `${f.path}.*` : f.items, code);
      if (perKey) out.paths.add(`${f.path}.*`);
      described ||= code.startsWith('{') || types.has(code);
    });
    // The meaning column: "each violation `{…}`" are the items of the row's `violations`.
    for (const m of row.meaning.matchAll(/each (\w+) `(\{[^`]*\})`/g)) {
      const array = [...out.paths].find((p) => p.startsWith(fields[0]!.path) && p.endsWith(`.${m[1]}s`));
      if (!array) throw new Error(`"each ${m[1]}" of ${row.fields[0]} names no array of the row`);
      out.structure(`${array}[]`, m[2]!);
    }
    const first = /`(\{[^`]*\})`/.exec(row.meaning);
    if (!described && first && !/each \w+ `\{/.test(row.meaning.slice(0, first.index + 1))) out.structure(fields[0]!.items, first[1]!);
  }
  // A row of `summary.requests` names `summary` too.
  for (const p of [...out.paths]) p.split('.').forEach((_, i, segs) => i > 0 && out.paths.add(segs.slice(0, i).join('.').replace(/\[\]$/, '')));
  return out;
}

/** A path of the table (`summary.byLevel.*.hits`: any key) names a path of the schema. */
const names = (doc: string, schema: string): boolean => {
  const d = doc.split('.');
  const s = schema.split('.');
  return d.length === s.length && d.every((seg, i) => seg === '*' || seg === s[i]);
};

describe("docs/report-schema.md's table and the schema", () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/report-schema.md'), 'utf8');
  const table = docPaths(doc);
  const documented = [...table.paths];
  const schema = schemaPaths();

  it('reads the table as it is written', () => {
    for (const p of ['tool.name', 'summary.beta', 'summary.byLevel.*.hits', 'operations[].usersTruncated', 'operations[].codes.*', 'operations[].deprecation.source', 'verdict.policy.failOn', 'verdict.violations[].callersTruncated', 'verdict.runFailures[].why', 'rbac[].identity', 'runNotes.notices']) {
      expect(documented).toContain(p);
    }
    expect(schema).toContain('summary.byLevel.stable.hits');
    expect(schema).toContain('operations[].codes.*');
  });

  it('every field of the schema is named in the table', () => {
    expect(schema.filter((s) => !documented.some((d) => names(d, s)))).toEqual([]);
  });

  it('every field the table names is in the schema', () => {
    expect(documented.filter((d) => !schema.some((s) => names(d, s)))).toEqual([]);
  });

  it('the fields a report may lack are the ones the table says may be absent (x?, added, optional), and only they', () => {
    const optional = optionalSchemaPaths();
    expect(optional.filter((s) => ![...table.optional].some((d) => names(d, s)))).toEqual([]);
    expect([...table.optional].filter((d) => !optional.some((s) => names(d, s)))).toEqual([]);
  });
});
