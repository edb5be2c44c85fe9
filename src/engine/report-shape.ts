// A report's values against the shipped schema (schema/report.schema.json, made from report.ts by npm run schema):
// each of the type the schema gives (a count a whole number, 0 or more), an enum's among its values, a required field
// there. Fields the schema does not know are listed, not refused: a later apisnoop's reports of the same
// schemaVersion may carry some. No validator library at run time (ajv is the tests'): the schema uses only the
// keywords of SCHEMA_KEYWORDS, each read here as draft-07 reads it.
import shippedSchema from '../../schema/report.schema.json' with { type: 'json' };

/** The keywords read here; a test checks that the schema uses no other. */
export const SCHEMA_KEYWORDS = ['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', '$ref', 'description'] as const;

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  $ref?: string;
}

/** A field the schema does not know, as the docs name fields (operations[].baz), and where to drop it. */
export interface UnknownField {
  name: string;
  holder: Record<string, unknown>;
  key: string;
}

// The rules a violation and a run failure name: any, as a later version may add one and its reports must still read
// (a renderer shows a name it does not know; merge judges the verdict again).
const LENIENT: Record<string, Record<string, SchemaNode>> = {
  Violation: { rule: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } } },
  RunFailure: { rule: { type: 'string' } },
};

const definitions = new Map<string, SchemaNode>(
  Object.entries((shippedSchema as { definitions: Record<string, SchemaNode> }).definitions).map(([name, node]) => [
    `#/definitions/${name}`,
    LENIENT[name] ? { ...node, properties: { ...node.properties, ...LENIENT[name] } } : node,
  ]),
);

/** The path of the value being checked, kept as segments and written out only for a message. */
type Segments = Array<string | number>;

/** `operations[3].codes["2x"]`: a place in a report as the messages name it. */
function placeText(at: Segments): string {
  let out = '';
  for (const s of at) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${out === '' ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`;
  return out || 'the top level';
}

/** `operations[].baz`: a field as the docs name it, whatever the item or key it came under. */
function fieldText(at: Segments, record: readonly boolean[]): string {
  let out = '';
  at.forEach((s, i) => {
    out += typeof s === 'number' ? '[]' : record[i] ? '.*' : `${out === '' ? '' : '.'}${s}`;
  });
  return out;
}

const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  // Every number of report.json counts something: a whole number, 0 or more (1e400 parses as Infinity).
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  number: (v) => typeof v === 'number' && Number.isFinite(v),
};
const TYPE_TEXT: Record<string, string> = { object: 'an object', array: 'a list', string: 'a string', boolean: 'a boolean', null: 'null', integer: 'a whole number', number: 'a number' };

/** Where a check is: the path so far, and whether fields the schema does not know are collected. */
class Walk {
  readonly at: Segments = [];
  /** Per segment of `at`: whether it is a record's key (data, not a field name). */
  readonly record: boolean[] = [];
  constructor(
    readonly unknown: UnknownField[] | null,
    at: Segments = [],
    record: boolean[] = [],
  ) {
    this.at.push(...at);
    this.record.push(...record);
  }
  /** The problem at `segment` below here. */
  problemAt(segment: string | number, problem: (where: string) => string): string {
    return problem(placeText([...this.at, segment]));
  }
}

/** A compiled schema node: the first problem of a value, or null. */
type Check = (value: unknown, w: Walk) => string | null;

/** A node that only says a type (most of them: strings, counts, booleans): checked in place, no path kept. */
interface Leaf {
  test: (v: unknown) => boolean;
  text: string;
}

function leafOf(node: SchemaNode): Leaf | null {
  const keys = Object.keys(node).filter((k) => k !== 'description');
  if (keys.length !== 1 || keys[0] !== 'type') return null;
  const types = Array.isArray(node.type) ? node.type : [node.type!];
  const tests = types.map((t) => JSON_TYPES[t]!);
  return { test: tests.length === 1 ? tests[0]! : (v) => tests.some((t) => t(v)), text: types.map((t) => TYPE_TEXT[t]).join(' or ') };
}

const compiled = new Map<string, Check>();
/** A definition's check, compiled once on first use (definitions refer to each other). */
function refCheck(ref: string): Check {
  return (v, w) => {
    let check = compiled.get(ref);
    if (check === undefined) {
      check = compile(definitions.get(ref)!);
      compiled.set(ref, check);
    }
    return check(v, w);
  };
}

function compile(node: SchemaNode): Check {
  if (node.$ref !== undefined) return refCheck(node.$ref);
  if (node.anyOf !== undefined) return anyOfCheck(node.anyOf.map(compile));
  const leaf = leafOf(node);
  if (leaf) return (v, w) => (leaf.test(v) ? null : `${placeText(w.at)} is not ${leaf.text}`);
  const type = node.type === undefined ? null : leafOf({ type: node.type });
  const items = node.items && (leafOf(node.items) ?? compile(node.items));
  const props = new Map(Object.entries(node.properties ?? {}).map(([k, n]) => [k, leafOf(n) ?? compile(n)] as const));
  const rest = typeof node.additionalProperties === 'object' ? (leafOf(node.additionalProperties) ?? compile(node.additionalProperties)) : (node.additionalProperties ?? true);
  const required = node.required ?? [];
  return (v, w) => {
    if (type && !type.test(v)) return `${placeText(w.at)} is not ${type.text}`;
    if (node.const !== undefined && v !== node.const) return `${placeText(w.at)} is not ${JSON.stringify(node.const)}`;
    if (node.enum !== undefined && !node.enum.includes(v)) return `${placeText(w.at)} ${quoted(v)} is not one of ${node.enum.join(', ')}`;
    if (Array.isArray(v)) return items ? checkItems(v, items, w) : null;
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    for (const key of required) if (!(key in o)) return w.problemAt(key, (at) => `${at} is missing`);
    for (const key in o) {
      const check = props.has(key) ? props.get(key)! : rest;
      if (check === false) {
        // Closed: a later apisnoop's field (reports of one schemaVersion only add fields), or a hand-made one.
        w.unknown?.push({ name: fieldText([...w.at, key], [...w.record, false]), holder: o, key });
        continue;
      }
      const problem = checkUnder(o[key], check, key, !props.has(key), w);
      if (problem) return problem;
    }
    return null;
  };
}

function checkUnder(value: unknown, check: Leaf | Check | true, segment: string | number, record: boolean, w: Walk): string | null {
  if (check === true) return null;
  if (typeof check !== 'function') return check.test(value) ? null : w.problemAt(segment, (at) => `${at} is not ${check.text}`);
  w.at.push(segment);
  w.record.push(record);
  const problem = check(value, w);
  w.at.pop();
  w.record.pop();
  return problem;
}

function checkItems(list: readonly unknown[], items: Leaf | Check, w: Walk): string | null {
  if (typeof items !== 'function') {
    // A list of strings (user agents, tests): the commonest by far, checked without a step into each.
    for (let i = 0; i < list.length; i++) if (!items.test(list[i])) return w.problemAt(i, (at) => `${at} is not ${items.text}`);
    return null;
  }
  for (let i = 0; i < list.length; i++) {
    const problem = checkUnder(list[i], items, i, false, w);
    if (problem) return problem;
  }
  return null;
}

/** The first branch that holds the value, walked again for its unknown fields; else the problem of the first. */
function anyOfCheck(branches: readonly Check[]): Check {
  return (v, w) => {
    const probe = new Walk(null, w.at, w.record);
    let first: string | null = null;
    for (const b of branches) {
      const problem = b(v, probe);
      if (problem === null) return w.unknown ? b(v, w) : null;
      first ??= problem;
    }
    return first;
  };
}

const rootCheck = compile(shippedSchema as SchemaNode);

/** A bad value in a message: as JSON (controls escaped), clipped. */
export function quoted(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * What in a parsed report.json the shipped schema refuses, or null: the first value of the wrong type (a count that
 * is not a whole number, text where a count goes), an enum's value it does not list, a field that must be there
 * missing. Fields it does not know are not refused: a later apisnoop of the same schemaVersion may add some.
 */
export function shapeProblem(value: unknown): string | null {
  return rootCheck(value, new Walk(null));
}

/**
 * The fields of a report (read, and checked by shapeProblem) that the shipped schema does not know: a later
 * apisnoop's, or a hand-made one's. Each with the object holding it, to leave it out.
 */
export function unknownFields(report: unknown): UnknownField[] {
  const unknown: UnknownField[] = [];
  rootCheck(report, new Walk(unknown));
  return unknown;
}

/**
 * The report without the fields the shipped schema does not know (a copy, when it has any: the report read stays as
 * read), and their names, each once.
 */
export function withoutUnknownFields<T>(report: T): { report: T; leftOut: string[] } {
  if (unknownFields(report).length === 0) return { report, leftOut: [] };
  const copy = structuredClone(report);
  const unknown = unknownFields(copy);
  for (const f of unknown) delete f.holder[f.key];
  return { report: copy, leftOut: [...new Set(unknown.map((f) => f.name))] };
}
