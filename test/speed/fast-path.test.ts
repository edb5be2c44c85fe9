// The fast path (engine/event-fields.ts scanEvent on each line's bytes) against the reference path (JSON.parse +
// toAuditEvent): for every line it either gives exactly the reference event or steps aside (null); whole Reports
// from both paths are deep-equal on the real fixtures and on generated logs.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { eventsIn, repeatedFinalsWarning, type AuditEvent } from '../../src/engine/audit.js';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import type { Report } from '../../src/engine/report.js';
import { auditLines } from '../../src/engine/audit-lines.js';
import { scanEvent, scanLine, skipValue, StageStub } from '../../src/engine/event-fields.js';
import { skipInWasm } from '../../src/engine/json-skip.js';
import { generateAuditLog } from '../../scripts/gen-audit-log.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, APISNOOP_TESTDATA, HKERMA_CSV, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';
import { hkermaLog, lateStagesOf, lateStagesSaid } from '../helpers/late-stages.js';
import { canaryLines, FIELD_CANARIES } from '../helpers/canary-lines.js';

/**
 * What the reference path makes of one line: the event, an error message, or 'not JSON'. As the reader hands a value
 * on (eventsIn: an EventList's items, a log record's event), so that a line the fast path takes is one eventsIn reads
 * as that one event, not as the record of another (log-envelope.ts).
 */
function reference(line: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const out: unknown[] = [];
  eventsIn(raw, (ev) => out.push(ev), (message) => out.push(message));
  return out.length === 1 ? out[0] : out;
}

const wasm = auditLines()!;
/** Lines the WebAssembly reader took (gave an event for) in check(). */
let wasmTook = 0;

/** The WebAssembly reader (audit-lines.c) on the line alone: its event, or null where it leaves the line to JS. */
function inWasm(buf: Buffer): AuditEvent | null {
  if (buf.includes(10)) return null; // several lines, not one
  const b = Buffer.concat([buf, Buffer.from('\n')]);
  if (wasm.scan(b, 0, b.length) === 0) return null; // longer than a batch: JS reads it
  expect(wasm.count).toBe(1);
  return wasm.event(0);
}

/**
 * The fast path must give the reference event or null (then the reference path decides). Returns which. The
 * WebAssembly reader must give scanEvent's event or leave the line to JS.
 */
function check(line: string | Buffer): 'fast' | 'reference' {
  const buf = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const ev = scanEvent(buf, 0, buf.length);
  const w = inWasm(buf);
  if (w !== null) {
    wasmTook++;
    expect(w).toStrictEqual(ev);
  }
  // scanLine (the analysis' reader) steps aside where scanEvent does; a stage it defers reads again as the same event.
  const st = scanLine(buf, 0, buf.length);
  expect(st instanceof StageStub ? st.event() : st).toStrictEqual(ev);
  if (ev === null) return 'reference';
  expect(ev).toStrictEqual(reference(buf.toString('utf8')));
  return 'fast';
}

const base = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '8adac407-313f-4ed1-a03d-e1baa262da50',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods?limit=500',
  verb: 'list',
  user: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
  sourceIPs: ['10.0.0.1'],
  userAgent: 'kubectl/v1.36.0 (linux/amd64) kubernetes/8f94681',
  objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2026-01-12T09:00:00.000001Z',
  stageTimestamp: '2026-01-12T09:00:00.002001Z',
};
const line = (o: object): string => JSON.stringify(o);
const dir = scratchDir('fast-path');

describe('scanEvent on the real fixtures', () => {
  it('gives the reference event for every line of the audit2rbac logs (v1beta1 timestamp, impersonation, quotes in messages)', () => {
    for (const file of [AUDIT2RBAC_2017, AUDIT2RBAC_V1]) {
      const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
      const took = wasmTook;
      const taken = lines.map(check);
      // Every line of these logs is a plain audit event: none needs the reference path, nor JS.
      expect(taken.filter((t) => t === 'fast').length).toBe(lines.length);
      expect(wasmTook - took).toBe(lines.length);
    }
  });

  it('gives the reference event for the 16,563 hkerma events (real URIs, users, stages of a kubeadm cluster)', () => {
    const { lines } = convertHkermaCsv(HKERMA_CSV);
    expect(lines.length).toBeGreaterThan(16_000);
    const took = wasmTook;
    for (const l of lines) expect(check(l)).toBe('fast');
    expect(wasmTook - took).toBe(lines.length);
  });

  it('leaves pretty-printed events (one line of a multi-line object) to the reference path', () => {
    for (const f of readdirSync(APISNOOP_TESTDATA)) {
      const text = readFileSync(path.join(APISNOOP_TESTDATA, f), 'utf8');
      for (const l of text.split('\n')) expect(check(l)).toBe('reference');
      // The whole object on one line is a regular event for the fast path.
      const oneLine = JSON.stringify(JSON.parse(text));
      const ev = scanEvent(Buffer.from(oneLine), 0, Buffer.byteLength(oneLine));
      expect(ev).toStrictEqual(reference(oneLine));
    }
  });
});

describe('scanEvent on lines written to trip it', () => {
  const cases: Array<[string, string]> = [
    ['escaped quotes in the URI', line({ ...base, requestURI: '/api/v1/namespaces/default/pods?labelSelector=app+in+("web","db")&x=\\"' })],
    ['unicode in the URI, raw and escaped', line({ ...base, requestURI: '/api/v1/namespaces/d\u00e9faut/configmaps/日本語-設定' }).replace('日', '\\u65e5')],
    ['a surrogate pair as \\u escapes', line({ ...base, userAgent: 'x' }).replace('"x"', '"\\ud83d\\ude80 rocket"')],
    ['a lone surrogate escape', line({ ...base, userAgent: 'x' }).replace('"x"', '"\\ud800"')],
    ["Go's HTML escapes in the URI", line({ ...base }).replace('?limit=500', '?limit=500\\u0026resourceVersion=0\\u003c\\u003e')],
    ['an escaped slash', line({ ...base }).replace('/api/v1/', '\\/api\\/v1\\/')],
    ['fields in another order, bodies first', line({ responseObject: { kind: 'PodList', items: [{ a: [1, 2, { b: null }] }] }, requestObject: { x: '}{][' }, ...{ ...base, kind: undefined }, kind: 'Event' })],
    ['v1beta1 with timestamp only', line({ ...base, apiVersion: 'audit.k8s.io/v1beta1', requestReceivedTimestamp: undefined, timestamp: '2017-09-11T19:55:05Z' })],
    ['both timestamps: requestReceivedTimestamp wins', line({ ...base, timestamp: '2017-09-11T19:55:05Z' })],
    ['an empty requestReceivedTimestamp falls back to timestamp', line({ ...base, requestReceivedTimestamp: '', timestamp: 'T' })],
    ['duplicate keys: the last wins', line(base).replace('"verb":"list"', '"verb":"get","verb":"list","auditID":"first"').replace('{"kind"', '{"auditID":"zero","kind"')],
    ['a huge body', line({ ...base, responseObject: { kind: 'ConfigMap', data: { big: 'x'.repeat(2_000_000) + '"\\' } } })],
    ['a deeply nested body', line(base).slice(0, -1) + ',"requestObject":' + '[{"a":'.repeat(5000) + '1' + '}]'.repeat(5000) + '}'],
    ['whitespace everywhere JSON allows it', ` \t{ "auditID" : "a" , "stage" : "Panic" , "verb"\t:\r"get" , "requestURI" : "/api" , "user" : { "username" : "u" , "groups" : [ "g" , 1 , null ] } }\r `],
    ['user as an array', line({ ...base, user: ['x'] })],
    ['user as null, string, number', line({ ...base, user: null, impersonatedUser: 'bob' })],
    ['groups with non-strings', line({ ...base, user: { username: 'u', groups: ['a', 1, { b: 2 }, null, 'c'] } })],
    ['objectRef as an array / with numbers', line({ ...base, objectRef: [1] })],
    ['objectRef fields of other types', line({ ...base, objectRef: { resource: 1, name: null, namespace: 'ns' } })],
    ['responseStatus code as a string', line({ ...base, responseStatus: { code: '200' } })],
    ['responseStatus code as a float / exponent / negative zero', line({ ...base, responseStatus: { code: 2.5e2 } }).replace('250', '-0.0e0')],
    ['a huge code', line(base).replace('"code":200', '"code":1e400')],
    ['responseStatus as a string', line({ ...base, responseStatus: 'OK' })],
    ['annotations: deprecated and removed-release', line({ ...base, annotations: { 'k8s.io/deprecated': 'true', 'k8s.io/removed-release': '1.38', 'authorization.k8s.io/decision': 'allow' } })],
    ['annotations: the authorizer decision, and one of another type', line({ ...base, annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' } })],
    ['annotations: a decision that is not a string', line({ ...base, annotations: { 'authorization.k8s.io/decision': 1 } })],
    ["the authenticated user's uid and extra (not kept)", line({ ...base, user: { username: 'u', uid: 'x', groups: ['g'], extra: { 'authentication.kubernetes.io/pod-name': ['p'] } } })],
    ['an impersonated user with username and groups', line({ ...base, impersonatedUser: { username: 'jane', groups: ['devs'] } })],
    ['annotations: deprecated not "true"', line({ ...base, annotations: { 'k8s.io/deprecated': true, 'k8s.io/removed-release': '' } })],
    ['annotations as an array', line({ ...base, annotations: ['k8s.io/deprecated'] })],
    ['a stage written with an escape', line(base).replace('"ResponseComplete"', '"Response\\u0043omplete"')],
    ['each of the four stages, Panic too', line({ ...base, stage: 'Panic' })],
    ['no kind, no apiVersion', line({ auditID: 'a', stage: 'ResponseComplete', verb: 'get', requestURI: '/healthz' })],
    ['raw UTF-8 in a user agent', line({ ...base, userAgent: 'kubectl/é (Linux) ✓' })],
    // Fields a log pipeline's record holds its event in (log-envelope.ts), on an event of its own: still that event.
    ['fields of log records on an event', line({ ...base, log: line(base), message: 'x', MESSAGE: 'x', line: 'x', _raw: 'x', properties: { log: 'x' } })],
    ['lists and objects of log records on an event', line({ ...base, events: [], logEvents: [1], records: [], hits: { hits: [] }, kubernetes: { audit: base }, _source: base, result: {} })],
    ['a record field on an event without kind or apiVersion', line({ auditID: 'a', stage: 'ResponseComplete', verb: 'get', requestURI: '/healthz', user: { username: 'u' }, log: line({ ...base, auditID: 'b' }) })],
    ['a record field that is not text, beside no user', line({ auditID: 'a', stage: 'ResponseComplete', verb: 'get', requestURI: '/healthz', log: 7, message: {}, properties: 'x' })],
    // A CloudWatch subscription's control message is passed over (log-envelope.ts): an event with its field is not one.
    ['a control message\'s field on an event', line({ ...base, messageType: 'CONTROL_MESSAGE' })],
  ];
  for (const [name, l] of cases) {
    it(name, () => {
      expect(check(l)).toBe('fast');
    });
  }

  const aside: Array<[string, string | Buffer]> = [
    ['a blank line', '   '],
    // Fields picked from an event beside its text, no user object (Splunk's _json): read from the text, or refused.
    ['picked fields beside the event\'s text', line({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: base.auditID, verb: base.verb, stage: base.stage, requestURI: base.requestURI, 'user.username': 'u', _raw: line(base) })],
    ['picked fields beside its text, none flattened', line({ auditID: base.auditID, verb: base.verb, stage: base.stage, requestURI: base.requestURI, '@message': line(base) })],
    ['picked fields alone', line({ auditID: base.auditID, verb: base.verb, stage: base.stage, requestURI: base.requestURI, 'user.username': 'u' })],
    ['an EventList', line({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [base] })],
    ['another kind', line({ ...base, kind: 'Pod' })],
    ['kind of another type', line({ ...base, kind: 1 })],
    ['an unknown apiVersion', line({ ...base, apiVersion: 'audit.k8s.io/v2' })],
    ['a key written with an escape', line(base).replace('"auditID"', '"audit\\u0049D"')],
    ['no auditID', line({ ...base, auditID: undefined })],
    ['an empty auditID', line({ ...base, auditID: '' })],
    ['an auditID that is a number', line({ ...base, auditID: 7 })],
    ['no verb and no requestURI', line({ ...base, verb: undefined, requestURI: undefined })],
    ['an impersonated user with a uid', line({ ...base, impersonatedUser: { username: 'jane', uid: '1234' } })],
    ['an impersonated user with extra', line({ ...base, impersonatedUser: { username: 'jane', extra: { scopes: ['view'] } } })],
    ['an array', '[1,2]'],
    ['a string', '"x"'],
    ['a line cut short', line(base).slice(0, 200)],
    ['trailing garbage', line(base) + ' x'],
    ['two objects', line(base) + line(base)],
    ['a raw tab inside a string', line(base).replace('kubectl/', 'kubectl\t/')],
    ['a raw control character inside a body', line({ ...base, responseObject: { a: 'x' } }).replace('"x"', '"\u0001"')],
    ['a bad escape', line(base).replace('kubectl/', 'kubectl\\x/')],
    ['a short \\u escape', line(base).replace('kubectl/', 'kubectl\\u12/')],
    ['a trailing comma in a body', line({ ...base, responseObject: { a: [1, 2] } }).replace('[1,2]', '[1,2,]')],
    ['a leading zero in a body number', line({ ...base, responseObject: { a: 1 } }).replace('"a":1', '"a":01')],
    ['a bare word in a body', line({ ...base, responseObject: { a: 1 } }).replace('"a":1', '"a":nul')],
    ['single quotes', line(base).replace('"list"', "'list'")],
    ['a byte-order mark', '\ufeff' + line(base)],
    ['a non-breaking space as whitespace', line(base).replace(',"verb"', ',\u00a0"verb"')],
    // The reference path says where they are (a warning): the fast path leaves them to it.
    ['no stage (taken as ResponseComplete)', line({ ...base, stage: undefined })],
    ['a stage of another type', line({ ...base, stage: 3 })],
    ['a stage of null', line({ ...base, stage: null })],
    ['a stage none of the four', line({ ...base, stage: 'Foo' })],
    ['a stage of another case', line({ ...base, stage: 'responsecomplete' })],
    ['a stage named twice, the last none of the four', line(base).replace('"stage":"ResponseComplete"', '"stage":"RequestReceived","stage":"Done"')],
    ['only a verb', line({ auditID: 'a', stage: 'ResponseComplete', verb: 'get' })],
    ['a duplicate key turning the verb into a number', line(base).replace('"verb":"list"', '"verb":"list","verb":5')],
    ['only a requestURI', line({ auditID: 'a', stage: 'ResponseComplete', requestURI: '/healthz' })],
    ['a verb that is not a string', line({ ...base, verb: ['get'] })],
    ['a requestURI of null', line({ ...base, requestURI: null })],
    // An APISnoop report's own top-level fields: the reference path refuses it as a report given back to analyze.
    ["an APISnoop report's schemaVersion and tool", line({ ...base, schemaVersion: 1, tool: { name: 'apisnoop' } })],
    ['a schemaVersion alone (read, by the reference path)', line({ ...base, schemaVersion: 1 })],
  ];
  for (const [name, l] of aside) {
    it(`steps aside for ${name}`, () => {
      expect(check(l)).toBe('reference');
    });
  }

  it('reads nothing past the end it is given, whatever bytes follow it in the buffer', () => {
    // A line cut at every byte, in a buffer that goes on with string content (no newline to stop at).
    const text = line({ ...base, requestObject: { kind: 'Pod', metadata: { name: 'p' } } });
    const buf = Buffer.from(text + 'abc", "verb":"get"}' + 'x'.repeat(64), 'utf8');
    for (let end = 1; end <= text.length; end++) {
      const ev = scanEvent(buf, 0, end);
      if (ev !== null) expect(ev).toStrictEqual(reference(text.slice(0, end)));
    }
    expect(scanEvent(buf, 0, text.length)).toStrictEqual(reference(text));
  });

  it('decodes invalid UTF-8 in a URI as the reference path does (U+FFFD)', () => {
    const l = Buffer.from(line(base).replace('default', 'DEFAULT'));
    const at = l.indexOf('DEFAULT');
    l[at] = 0xc3; // a lead byte followed by ASCII
    l[at + 3] = 0xff; // never valid in UTF-8
    expect(check(l)).toBe('fast');
  });
});

describe('repeated short values, decoded once and found again by their bytes', () => {
  it('give the reference event when values repeat, collide in the cache and take each other\'s slots', () => {
    // 12,000 distinct namespaces (about three per slot of the 4,096), each seen again after others took its slot;
    // groups and API versions that repeat; values differing in one byte, in length, by invalid UTF-8.
    const names = Array.from({ length: 12_000 }, (_, i) => `ns-${i.toString(36)}`);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < names.length; i += round === 0 ? 1 : 7) {
        const l = line({ ...base, objectRef: { resource: i % 2 ? 'pods' : 'pod', namespace: names[i], apiGroup: i % 3 ? 'apps' : 'app', apiVersion: `v${i % 4}` }, user: { username: `u${i % 50}`, groups: [`g${i % 13}`, 'system:authenticated'] } });
        expect(check(l)).toBe('fast');
      }
    }
    // The same bytes but one of them invalid UTF-8, before and after the valid form was seen.
    for (const bad of [0xff, 0xc3]) {
      const l = Buffer.from(line({ ...base, objectRef: { resource: 'pods', namespace: 'kube-systeX' } }));
      l[l.indexOf('kube-systeX') + 10] = bad;
      expect(check(l)).toBe('fast');
      expect(check(line({ ...base, objectRef: { resource: 'pods', namespace: 'kube-system' } }))).toBe('fast');
      expect(check(l)).toBe('fast');
    }
    // Response codes are read without a decode when they are plain integers: -0 stays -0, long ones go through Number.
    for (const code of ['-0', '0', '-404', '999999999', '1000000000', '12345678901234567890', '2.5e2', '-1E-3']) {
      expect(check(line(base).replace('"code":200', `"code":${code}`))).toBe('fast');
    }
    // Escaped forms of a value already seen decode by JSON's rules, not from the cache.
    expect(check(line(base).replace('"pods"', '"po\\u0064s"'))).toBe('fast');
    expect(check(line(base).replace('"default"', '"def\\"ault"'))).toBe('fast');
  });

  it('on random events drawn from a few values (fast-check)', () => {
    const few = fc.constantFrom('a', 'ab', 'b', 'pods', 'Pods', 'p\u00f6ds', 'pöds', 'x'.repeat(64), 'x'.repeat(65), 'v1', 'v1beta1', '');
    fc.assert(
      fc.property(fc.array(fc.record({ resource: few, namespace: few, apiGroup: few, apiVersion: few, subresource: few, username: few, group: few }), { minLength: 1, maxLength: 20 }), (evs) => {
        for (const e of evs) {
          const l = line({ ...base, objectRef: { resource: e.resource, subresource: e.subresource, namespace: e.namespace, apiGroup: e.apiGroup, apiVersion: e.apiVersion }, user: { username: e.username, groups: [e.group, e.namespace] } });
          expect(check(l)).toBe('fast');
        }
      }),
      { numRuns: 500 },
    );
  });
});

// The JS walk, and its WebAssembly twin that steps over bodies (json-skip.ts): each must accept exactly what JSON.parse does.
const wasmSkip = (b: Uint8Array, i: number, end: number): number => {
  const r = skipInWasm(b, i, end);
  if (r === undefined) throw new Error('the WebAssembly skip declined a value it should take');
  return r;
};
describe.each([
  ['skipValue', skipValue],
  ['the WebAssembly skip', wasmSkip],
])('%s accepts exactly what JSON.parse accepts', (_name, skip) => {
  const accepts = (text: string): boolean => {
    const buf = Buffer.from(text, 'utf8');
    let i = 0;
    while (i < buf.length && ' \t\r\n'.includes(String.fromCharCode(buf[i]))) i++;
    const end = skip(buf, i, buf.length);
    if (end < 0) return false;
    let j = end;
    while (j < buf.length && ' \t\r\n'.includes(String.fromCharCode(buf[j]))) j++;
    return j === buf.length;
  };
  const parses = (text: string): boolean => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  it('on any JSON value, and on it with one byte changed, dropped or cut off', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 2 }), (v, at, byte, how) => {
        const text = JSON.stringify(v) ?? 'null';
        expect(accepts(text)).toBe(true);
        const k = text.length === 0 ? 0 : at % text.length;
        const mutated = how === 0 ? text.slice(0, k) + String.fromCharCode(byte) + text.slice(k + 1) : how === 1 ? text.slice(0, k) + text.slice(k + 1) : text.slice(0, k);
        expect(accepts(mutated)).toBe(parses(mutated));
      }),
      { numRuns: 3000 },
    );
  });

  it('on JSON-ish text built from the characters that matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', ' ', 'a', 'u', '0', '1', '-', '.', 'e', 'true', 'null', '"k"', '\t', '\u0001'), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(accepts(text)).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('scanEvent on generated and mutated events', () => {
  it('gives the reference event or steps aside, for random audit-shaped objects', () => {
    const anyValue = fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    const event = fc.record(
      {
        kind: fc.constantFrom('Event', 'Event', 'EventList', 'Pod', undefined),
        apiVersion: fc.constantFrom('audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'v1', undefined),
        auditID: fc.oneof(fc.uuid(), fc.constant(''), anyValue),
        // Mostly a stage of the four: an event of another stage is the reference path's (it says where).
        stage: fc.oneof({ arbitrary: fc.constantFrom('RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'), weight: 15 }, { arbitrary: anyValue, weight: 1 }),
        verb: fc.oneof({ arbitrary: fc.constantFrom('get', 'list', 'watch', 'create', 'deletecollection'), weight: 15 }, { arbitrary: anyValue, weight: 1 }),
        requestURI: fc.oneof({ arbitrary: fc.webPath(), weight: 8 }, { arbitrary: fc.string({ unit: 'binary' }), weight: 7 }, { arbitrary: anyValue, weight: 1 }),
        // Mostly an object, as every audit event's: without one, a log record's field below (log, message) sends the
        // line to the reference path, which reads a record's picked fields from its text (log-envelope.ts).
        user: fc.oneof(
          { arbitrary: fc.record({ username: fc.oneof(fc.string({ unit: 'grapheme' }), anyValue), groups: fc.oneof(fc.array(fc.oneof(fc.string(), anyValue)), anyValue) }), weight: 3 },
          { arbitrary: anyValue, weight: 1 },
        ),
        impersonatedUser: anyValue,
        userAgent: fc.oneof(fc.string({ unit: 'binary' }), anyValue),
        objectRef: fc.oneof(fc.record({ resource: anyValue, namespace: fc.string(), name: fc.string({ unit: 'binary' }) }), anyValue),
        responseStatus: fc.oneof(fc.record({ code: fc.oneof(fc.integer(), fc.double(), anyValue) }), anyValue),
        requestReceivedTimestamp: anyValue,
        timestamp: anyValue,
        annotations: fc.oneof(fc.dictionary(fc.constantFrom('k8s.io/deprecated', 'k8s.io/removed-release', 'authorization.k8s.io/decision', 'x'), fc.oneof(fc.constantFrom('true', '1.38', 'allow'), anyValue)), anyValue),
        requestObject: fc.jsonValue({ maxDepth: 4 }),
        // Where log records keep an event (log-envelope.ts): an event with these is still read as itself.
        log: fc.oneof(fc.constant(JSON.stringify({ auditID: 'inner', verb: 'get' })), anyValue),
        message: anyValue,
        kubernetes: fc.oneof(fc.record({ audit: fc.record({ auditID: fc.uuid(), verb: fc.constant('get') }) }), anyValue),
        events: fc.oneof(fc.array(fc.record({ message: fc.constant(JSON.stringify({ auditID: 'inner', verb: 'get' })) })), anyValue),
      },
      // Absent now and then all the same: anyValue may be undefined.
      { requiredKeys: ['stage', 'verb', 'requestURI'] },
    );
    let fast = 0;
    fc.assert(
      fc.property(event, fc.boolean(), (o, pretty) => {
        const text = pretty ? JSON.stringify(o, null, 1).replace(/\n/g, ' ') : JSON.stringify(o);
        if (check(text) === 'fast') fast++;
      }),
      // One seed: the share the fast path takes varies from run to run (389 of 4,000 in one CI run, above 400 in
      // most), and the count below is to show the property is not vacuous, not to draw lots.
      { numRuns: 4000, seed: 41 },
    );
    // Not vacuous: a good share of these are plain events the fast path takes.
    expect(fast).toBeGreaterThan(400);
  });

  it('gives the reference event or steps aside, for real generated lines with a byte changed or cut', async () => {
    const log = await generateAuditLog({ bytes: 2e6, out: path.join(dir, 'mut.log'), seed: 7 });
    const lines = readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (n, at, byte, cut) => {
        const buf = Buffer.from(lines[n], 'utf8');
        const k = at % buf.length;
        const mutated = cut ? buf.subarray(0, k) : Buffer.concat([buf.subarray(0, k), Buffer.from([byte]), buf.subarray(k + 1)]);
        check(mutated);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fast and reference paths give the same Report', () => {
  const settings = (logs: string[], extra: Partial<AnalyzeSettings> = {}): AnalyzeSettings => ({
    logs,
    kubernetesVersion: '1.36',
    selection: { includeSystem: true },
    ...extra,
  });
  /** The Reports and warnings of both paths, the same; the warnings go to `warnings` when given. */
  const both = async (logs: string[], extra: Partial<AnalyzeSettings> = {}, warnings: string[] = []) => {
    const plainWarnings: string[] = [];
    const fast = await analyzeLogs(settings(logs, { ...extra, fast: true, onWarning: (w) => warnings.push(w) }));
    const plain = await analyzeLogs(settings(logs, { ...extra, fast: false, onWarning: (w) => plainWarnings.push(w) }));
    expect(fast).toStrictEqual(plain);
    expect(warnings).toStrictEqual(plainWarnings);
    return fast;
  };

  it('on the audit2rbac logs and the apisnoop test events', async () => {
    const r = await both([AUDIT2RBAC_2017, AUDIT2RBAC_V1, APISNOOP_TESTDATA]);
    expect(r.summary.events).toBe(757 + 37 + 5);
  });

  it('on the hkerma events (out-of-order stages: late ResponseStarted after ResponseComplete, said once, on one thread and two)', async () => {
    const file = path.join(dir, 'hkerma.log');
    // Counted apart from the engine: fewer completed requests than the window, so every one is remembered.
    const late = hkermaLog(file);
    expect(late.finals).toBeLessThan(RECENTLY_COMPLETED);
    expect(late.count).toBeGreaterThan(10);
    const said = lateStagesSaid(file, late);
    const reports: Report[] = [];
    for (const jobs of [1, 2]) {
      const warnings: string[] = [];
      const threads: number[] = [];
      reports.push(await both([file], { selection: { includeSystem: true }, jobs, parallelMinBytes: 0, onThreads: (n) => threads.push(n) }, warnings));
      // Two jobs: the replay on the main thread tallies them (fast and reference paths each split once).
      expect(threads).toHaveLength(jobs === 1 ? 0 : 2);
      expect(warnings.filter((w) => w.includes('came after its request'))).toStrictEqual([said]);
    }
    expect(reports[1]).toStrictEqual(reports[0]);
    const r = reports[0];
    expect(r.summary.events).toBeGreaterThan(16_000);
    const e2e = await both([file], { selection: { e2e: true } });
    expect(e2e.summary.selected).toBe(0);
  });

  it("on a real log with events carrying an APISnoop report's schemaVersion and tool: refused alike, other lines read alike", async () => {
    const lines = readFileSync(AUDIT2RBAC_V1, 'utf8').split('\n').filter(Boolean);
    const stamped = (l: string, extra: object): string => JSON.stringify({ ...(JSON.parse(l) as object), ...extra });
    const file = path.join(dir, 'schema-version.log');
    // The tool's fields first or last in the line; a schemaVersion with another tool is an event like any other.
    const marked = lines.map((l, i) =>
      i === 3 ? stamped(l, { schemaVersion: 1, tool: { name: 'apisnoop' } }) : i === 5 ? JSON.stringify({ schemaVersion: 1, tool: { name: 'apisnoop' }, ...(JSON.parse(l) as object) }) : i === 7 ? stamped(l, { schemaVersion: 1 }) : l,
    );
    writeFileSync(file, marked.join('\n') + '\n');
    const r = await both([file]);
    expect(r.invalid.map((l) => l.line)).toStrictEqual([4, 6]);
    expect(r.invalid[0].message).toContain('an APISnoop report (report.json), not an audit log');
    expect(r.summary.events).toBe(lines.length - 2);
  });

  it("on events whose fields hold text an API server never writes (a path's text after ; or #, a verb, a stage, an auditID): shown alike, quoted by neither", async () => {
    const file = path.join(dir, 'canary.log');
    writeFileSync(file, canaryLines.join('\n') + '\n');
    const warnings: string[] = [];
    const r = await both([file], {}, warnings);
    // The WebAssembly reader takes the events whose fields are strings (these ; and # paths, the verb) as it takes any.
    const took = wasmTook;
    for (const line of FIELD_CANARIES) check(line);
    expect(wasmTook - took).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(r) + warnings.join('\n')).not.toContain('CANARY');
    expect(r.unmatched.map((u) => u.pattern)).toEqual(expect.arrayContaining(['/api/v1/namespaces/{namespace}/pods;{params}', '/apis/apps/v1/deployments#{fragment}']));
  });

  it('on generated logs with bodies, unusual field order, v1beta1, unicode and malformed lines, plain and gzip', async () => {
    const plain = await generateAuditLog({ bytes: 6e6, out: path.join(dir, 'gen.log'), seed: 11, invalidEvery: 100, v1beta1Share: 0.05, shuffledShare: 0.2 });
    const gz = await generateAuditLog({ bytes: 3e6, out: path.join(dir, 'gen.log.gz'), gzip: true, seed: 12, invalidEvery: 50 });
    const r = await both([plain.file, gz.file]);
    expect(r.summary.events).toBe(plain.events + gz.events);
    expect(r.summary.invalidLines).toBe(plain.invalidLines + gz.invalidLines);
    expect(r.summary.invalidLines).toBeGreaterThan(10);
    // The e2e mode reads the test names out of the user agents.
    const e2e = await both([plain.file], { selection: { e2e: true } });
    expect(e2e.operations.some((o) => o.tests.length > 0)).toBe(true);
  });
});

describe('events of an odd stage, verb or requestURI, final stages given again and stages late: said where, the same on every path', () => {
  it('no stage, a stage not a string or none of the four, no verb, a requestURI not a string, a request given twice, stages after their request completed: each said at its first line, with how many', async () => {
    // Five copies of a real log, each with auditIDs of its own: over 2 MB, so several ranges on several threads.
    const lines = readFileSync(AUDIT2RBAC_2017, 'utf8').split('\n').filter(Boolean);
    const out: string[] = [];
    for (let k = 0; k < 5; k++) for (const l of lines) out.push(l.replace(/"auditID":"([^"]+)"/, `"auditID":"$1-${k}"`));
    const stageOf = (i: number): string => (JSON.parse(out[i]) as { stage: string }).stage;
    const finals = out.map((_, i) => i).filter((i) => stageOf(i) === 'ResponseComplete');
    const received = out.map((_, i) => i).filter((i) => stageOf(i) === 'RequestReceived');
    const set = (i: number, stage: unknown, field = 'stage'): void => {
      const o = JSON.parse(out[i]) as Record<string, unknown>;
      if (stage === undefined) delete o[field];
      else o[field] = stage;
      out[i] = JSON.stringify(o);
    };
    // Ordered by line: the first of each kind is the one said.
    const noStage = finals[5];
    const notString = finals[900];
    const unknown = received[30];
    const unknownToo = finals[1500];
    set(noStage, undefined);
    set(notString, 7);
    set(unknown, 'Recieved');
    set(unknownToo, 'Done');
    // Final stages without a verb, or with a requestURI that is no string: they count, unmatched unless their
    // RequestReceived has one.
    const noVerb = finals[300];
    const noURI = finals[700];
    set(noVerb, undefined, 'verb');
    set(noURI, 5, 'requestURI');
    // Three final stages given again, in the fourth copy: each of a request of the copy before, counted already.
    const again = [finals[1200], finals[1201], finals[1202]];
    const ids = again.map((i) => (JSON.parse(out[i]) as { auditID: string }).auditID);
    const at = finals[1600];
    out.splice(at, 0, ...again.map((i) => out[i]));
    // Then first stages of requests of the first copy, completed long before (out of order, as Logstash writes them):
    // one a RequestReceived again, one made a ResponseStarted. Each adds nothing to its request.
    const lateAt = finals[1700] + again.length;
    const lateLines = [received[100], received[101]].map((i) => out[i]);
    const started = JSON.parse(lateLines[1]) as Record<string, unknown>;
    started.stage = 'ResponseStarted';
    lateLines[1] = JSON.stringify(started);
    out.splice(lateAt, 0, ...lateLines);
    const lateId = (JSON.parse(lateLines[0]) as { auditID: string }).auditID;
    const file = path.join(dir, 'odd-stages.log');
    writeFileSync(file, out.join('\n') + '\n');
    expect(statSync(file).size).toBeGreaterThan(2 * (1 << 20));
    // Lines as numbered after the insertion (all four odd lines come before it).
    expect(Math.max(noStage, notString, unknown, unknownToo, noVerb, noURI)).toBeLessThan(at);
    const expected = [
      `${file}:${noStage + 1}: no stage: the event is taken as its request's final stage (ResponseComplete); so is 1 more event with no stage or one not a string (2 in all)`,
      `${file}:${unknown + 1}: a stage of 8 characters (not quoted): none of RequestReceived, ResponseStarted, ResponseComplete, Panic: the event is taken as a stage before the final one, ` +
        'its request counted when its final stage comes or the input ends; so is 1 more event of a stage not known (2 in all)',
      `${file}:${noVerb + 1}: no verb: the event counts, and its request, unless another of its stages has a verb, is unmatched (verb (none))`,
      `${file}:${noURI + 1}: requestURI is a number, not a string: the event counts, and its request, unless another of its stages has a requestURI, is unmatched (malformed-uri, pattern (none))`,
      repeatedFinalsWarning({ count: 3, first: { file, line: at + 1, value: ids[0] } }, 1),
    ];
    // Counted apart from the engine: these two, after the requests they belong to completed.
    const late = lateStagesOf(out);
    expect(late.finals).toBeLessThan(RECENTLY_COMPLETED);
    expect(late).toStrictEqual({ count: 2, first: { line: lateAt + 1, stage: 'RequestReceived', auditID: lateId }, finals: late.finals });
    // Final stages came again too: that cause is named as well.
    expected.push(
      // Its auditID made no UUID here (a copy's suffix): said by its length.
      `${file}:${lateAt + 1}: a stage came after its request had completed (RequestReceived of an auditID of ${lateId.length} characters, not a UUID (not quoted)); so did 1 more, 2 in all: ` +
        'each adds nothing to its request, already counted at its final stage (out-of-order logs hold such stages, and so do logs that overlap)',
    );
    expect(expected[4]).toContain(`${file}:${at + 1}: a request came again under an auditID already counted, one of ${ids[0].length} characters, not a UUID (not quoted)`);
    expect(expected[4]).toContain('so did 2 more, 3 requests in all');
    const reports: Report[] = [];
    for (const [fast, jobs] of [[true, 1], [false, 1], [true, 3], [false, 3]] as const) {
      const warnings: string[] = [];
      const threads: number[] = [];
      const r = await analyzeLogs({
        logs: [file],
        kubernetesVersion: '1.36',
        selection: { includeSystem: true },
        fast,
        jobs,
        parallelMinBytes: 0,
        onThreads: (n) => threads.push(n),
        onWarning: (w) => warnings.push(w),
      });
      expect(threads).toHaveLength(jobs === 1 ? 0 : 1);
      expect(warnings).toEqual(expected);
      reports.push(r);
    }
    // Every event counts, as before: the odd ones too, and the final stages given again.
    expect(reports[0].summary.events).toBe(out.length);
    for (const r of reports.slice(1)) expect(r).toStrictEqual(reports[0]);
  });
});
