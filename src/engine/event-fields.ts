// The fast path of reading an audit event: take the few fields APISnoop reads straight from the line's bytes,
// and step over everything else (requestObject, responseObject: often most of the line) without building it.
//
// The contract is exactness: scanEvent() returns an event only when JSON.parse + toAuditEvent() would return
// that very event. So it still checks the whole line's JSON grammar (a line that JSON.parse rejects must stay
// an invalid line), and it returns null, "ask the reference path", whenever the line is anything but a
// well-formed single audit event whose fields have the usual types: blank lines, broken JSON, EventLists,
// keys written with escapes, an unknown kind or apiVersion, no verb or requestURI, a stage none of the four (the
// reference path says where they are). The caller then runs JSON.parse on that line.
import { isStage, mergeStages, newEvent, notLaterStage, toAuditEvent, type AuditEvent, type AuditUser, type DeferredStage } from './audit.js';
import { skipInWasm } from './json-skip.js';

// Byte classes. Inside a string: 0 ordinary, 1 quote, 2 backslash, 3 control character (not allowed raw).
const STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_CLASS[c] = 3;
STRING_CLASS[0x22] = 1;
STRING_CLASS[0x5c] = 2;
// Escapes JSON allows after a backslash (u is checked separately for its four hex digits).
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

const isWs = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Set by scanString: whether the string just scanned holds an escape, so decoding needs JSON's rules. */
let sawEscape = false;

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end && isWs(b[i])) i++;
  return i;
}

// The string loops below have no bound check of their own (5% of the time on lines with bodies): they stop at a
// quote, backslash or control byte, and a line's end is its newline (a control byte) or the end of the buffer (a
// typed array reads undefined there, which is no class). Where they stopped is then checked against end.

/** b[i] is an opening quote. Returns the index after the closing quote, or -1 if the string is not valid JSON. */
function scanString(b: Uint8Array, i: number, end: number): number {
  sawEscape = false;
  i++;
  for (;;) {
    while (STRING_CLASS[b[i]] === 0) i++;
    if (i >= end) return -1;
    const cls = STRING_CLASS[b[i]];
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    // A backslash: a simple escape or \uXXXX.
    sawEscape = true;
    const e = b[i + 1];
    if (i + 1 < end && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 0x75 && i + 5 < end && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
    else return -1;
  }
}

/** A JSON number starting at b[i]; returns the index after it or -1. */
function scanNumber(b: Uint8Array, i: number, end: number): number {
  let c = b[i];
  if (c === 0x2d) {
    if (++i >= end) return -1;
    c = b[i];
  }
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) {
    i++;
    while (i < end && isDigit(b[i])) i++;
  } else return -1;
  if (i < end && b[i] === 0x2e) {
    i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i;
}

/** true, false or null at b[i]; returns the index after it or -1. */
function scanLiteral(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === 0x74) return i + 3 < end && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1; // true
  if (c === 0x6e) return i + 3 < end && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1; // null
  if (c === 0x66) {
    // false
    return i + 4 < end && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
  }
  return -1;
}

function scanScalar(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) return scanString(b, i, end);
  if (c === 0x2d || isDigit(c)) return scanNumber(b, i, end);
  return scanLiteral(b, i, end);
}

/** A string being stepped over (not decoded): b[i] is its opening quote. The index after it, or -1. */
function passString(b: Uint8Array, i: number, end: number): number {
  i++;
  for (;;) {
    let cls: number;
    while ((cls = STRING_CLASS[b[i]]) === 0) i++;
    if (i >= end) return -1;
    if (cls === 1) return i + 1;
    if (cls === 3) return -1;
    const e = i + 1 < end ? b[i + 1] : -1;
    if (e >= 0 && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 0x75 && i + 5 < end && (HEX[b[i + 2]] & HEX[b[i + 3]] & HEX[b[i + 4]] & HEX[b[i + 5]]) === 1) i += 6;
    else return -1;
  }
}

/** Container kinds on the explicit stack of skipValue (no recursion: any depth JSON.parse takes, we take). */
let stack = new Uint8Array(64);
const IN_OBJECT = 1;
const IN_ARRAY = 2;

/**
 * Step over one JSON value starting at b[i] (not whitespace), checking its grammar as JSON.parse would.
 * Returns the index after the value, or -1 if it is not valid JSON. This is where the bodies go: one loop, the
 * string scan inlined (a call per string costs more than the string on typical Kubernetes objects).
 */
export function skipValue(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  let c = b[i];
  if (c !== LBRACE && c !== LBRACKET) return scanScalar(b, i, end);
  let depth = 0;
  let inObject = c === LBRACE;
  stack[0] = inObject ? IN_OBJECT : IN_ARRAY;
  i++;
  while (i < end && isWs(b[i])) i++;
  // At the start of a container: it may close at once.
  if (i < end && b[i] === (inObject ? RBRACE : RBRACKET)) return i + 1;
  for (;;) {
    // Here: at the start of a member (object) or element (array); i is past whitespace.
    if (i >= end) return -1;
    if (inObject) {
      if (b[i] !== QUOTE) return -1;
      i = passString(b, i, end);
      if (i < 0) return -1;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== COLON) return -1;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
    }
    c = b[i];
    if (c === QUOTE) {
      i = passString(b, i, end);
      if (i < 0) return -1;
    } else if (c === LBRACE || c === LBRACKET) {
      if (++depth === stack.length) {
        const bigger = new Uint8Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      inObject = c === LBRACE;
      stack[depth] = inObject ? IN_OBJECT : IN_ARRAY;
      i++;
      while (i < end && isWs(b[i])) i++;
      if (i >= end || b[i] !== (inObject ? RBRACE : RBRACKET)) continue;
      // An empty container: closed at once.
      i++;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    } else if (c === 0x2d || isDigit(c)) {
      i = scanNumber(b, i, end);
      if (i < 0) return -1;
    } else {
      i = scanLiteral(b, i, end);
      if (i < 0) return -1;
    }
    // After a value: a comma continues the container, its closer ends it (and maybe its parents).
    for (;;) {
      while (i < end && isWs(b[i])) i++;
      if (i >= end) return -1;
      c = b[i];
      if (c === COMMA) {
        i++;
        while (i < end && isWs(b[i])) i++;
        break;
      }
      if (c !== (inObject ? RBRACE : RBRACKET)) return -1;
      i++;
      if (depth === 0) return i;
      depth--;
      inObject = stack[depth] === IN_OBJECT;
    }
  }
}

/**
 * requestObject or responseObject: most of the bytes of a log with bodies, stepped over in WebAssembly when what is
 * left of the line (copied there: the value's end is not known yet) is WASM_MIN_BYTES or more. Below that, the copy
 * costs more than it saves. Other members, small (sourceIPs), stay with the JS walk.
 */
const WASM_MIN_BYTES = 512;
function skipBody(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if ((c === LBRACE || c === LBRACKET) && end - i >= WASM_MIN_BYTES) {
    const r = skipInWasm(b, i, end);
    if (r !== undefined) return r;
  }
  return skipValue(b, i, end);
}

// ---- Decoding the strings we keep ----

const KNOWN = new Map<string, string>();
for (const s of [
  'RequestReceived',
  'ResponseStarted',
  'ResponseComplete',
  'Panic',
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'true',
  'false',
]) {
  KNOWN.set(s, s);
}

type Bytes = Uint8Array & { utf8Slice?: (start: number, end: number) => string; latin1Slice?: (start: number, end: number) => string };
const decoder = new TextDecoder();

/** The string value whose quotes are at b[s-1] and b[e] (the bytes between are raw JSON string content). */
export function decodeString(b: Bytes, s: number, e: number, escaped: boolean): string {
  if (escaped) return JSON.parse(utf8(b, s - 1, e + 1)) as string;
  return utf8(b, s, e);
}

function utf8(b: Bytes, s: number, e: number): string {
  // Node's Buffer decodes without a copy; a plain Uint8Array goes through TextDecoder (same replacement rules).
  return b.utf8Slice ? b.utf8Slice(s, e) : decoder.decode(b.subarray(s, e));
}

/**
 * Short values that repeat from event to event (resources, namespaces, API groups and versions, usernames, groups),
 * each decoded once and then found again by its bytes: a native decode costs about 100 ns, most of it the call, and
 * these are about half the strings of a Metadata-level event. Identical bytes decode to the identical string (invalid
 * UTF-8 included), so the cache cannot change a value; and the events then share one string, which later lookups
 * (selection, coverage) hash once. Direct-mapped: a new value simply takes its slot over.
 */
const SHARED_MAX = 64;
const SHARED_SLOTS = 4096;
const sharedLens = new Int32Array(SHARED_SLOTS).fill(-1);
const sharedBytes = new Uint8Array(SHARED_SLOTS * SHARED_MAX);
const sharedStrings: string[] = new Array<string>(SHARED_SLOTS).fill('');

function decodeShared(b: Bytes, s: number, e: number, escaped: boolean): string {
  const len = e - s;
  if (escaped || len > SHARED_MAX) return decodeString(b, s, e, escaped);
  let h = 0x811c9dc5 ^ len;
  for (let k = s; k < e; k++) h = Math.imul(h ^ b[k], 0x01000193);
  const slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
  const base = slot * SHARED_MAX;
  if (sharedLens[slot] === len) {
    let k = 0;
    while (k < len && sharedBytes[base + k] === b[s + k]) k++;
    if (k === len) return sharedStrings[slot];
  }
  const v = utf8(b, s, e);
  for (let k = 0; k < len; k++) sharedBytes[base + k] = b[s + k];
  sharedLens[slot] = len;
  sharedStrings[slot] = v;
  return v;
}

/** Compare the bytes b[s..e) with an ASCII string. */
function bytesAre(b: Uint8Array, s: number, e: number, text: string): boolean {
  if (e - s !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[s + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Short, frequent values (stages, verbs) as shared constant strings: no allocation per event. */
function decodeShort(b: Bytes, s: number, e: number, escaped: boolean): string {
  if (!escaped && e - s <= 16) {
    switch (b[s]) {
      case 0x52: // R
        if (bytesAre(b, s, e, 'ResponseComplete')) return 'ResponseComplete';
        if (bytesAre(b, s, e, 'RequestReceived')) return 'RequestReceived';
        if (bytesAre(b, s, e, 'ResponseStarted')) return 'ResponseStarted';
        break;
      case 0x67: // g
        if (bytesAre(b, s, e, 'get')) return 'get';
        break;
      case 0x6c: // l
        if (bytesAre(b, s, e, 'list')) return 'list';
        break;
      case 0x77: // w
        if (bytesAre(b, s, e, 'watch')) return 'watch';
        break;
      case 0x63: // c
        if (bytesAre(b, s, e, 'create')) return 'create';
        break;
      case 0x75: // u
        if (bytesAre(b, s, e, 'update')) return 'update';
        break;
      case 0x70: // p
        if (bytesAre(b, s, e, 'patch')) return 'patch';
        break;
      case 0x64: // d
        if (bytesAre(b, s, e, 'delete')) return 'delete';
        if (bytesAre(b, s, e, 'deletecollection')) return 'deletecollection';
        break;
    }
  }
  const v = decodeString(b, s, e, escaped);
  return KNOWN.get(v) ?? v;
}

// ---- The event ----

/** Member-key scanning result: the key's bytes are b[keyStart..keyEnd). */
let keyStart = 0;
let keyEnd = 0;

/**
 * At b[i] (past whitespace) expect a member key and its colon. Returns the index of the value (past whitespace),
 * -1 on a grammar error, -2 when the key holds an escape (its name is then not comparable as bytes).
 */
function readKey(b: Uint8Array, i: number, end: number): number {
  if (i >= end || b[i] !== QUOTE) return -1;
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  if (sawEscape) return -2;
  keyStart = i + 1;
  keyEnd = after - 1;
  i = skipWs(b, after, end);
  if (i >= end || b[i] !== COLON) return -1;
  i = skipWs(b, i + 1, end);
  return i < end ? i : -1;
}

/** After a member value: the index past the comma (then past whitespace), END_OF_OBJECT past the '}', or -1. */
let objectClosed = false;
function nextMember(b: Uint8Array, i: number, end: number): number {
  i = skipWs(b, i, end);
  if (i >= end) return -1;
  if (b[i] === COMMA) {
    objectClosed = false;
    return skipWs(b, i + 1, end);
  }
  if (b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  return -1;
}

/** At '{': is the object empty? Returns the index past '}' or of the first key; sets objectClosed. */
function openObject(b: Uint8Array, i: number, end: number): number {
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACE) {
    objectClosed = true;
    return i + 1;
  }
  objectClosed = false;
  return i;
}

/** Result registers of the nested readers (module state: no allocation of result tuples per event). */
let str: string | undefined;
let strings: string[] | undefined;

/** How a kept string is decoded: a stage or verb (a constant), a value that repeats (shared), or its own. */
const SHORT = 0;
const OWN = 1;
const SHARED = 2;
/** Not decoded: only whether it is there (a deferred stage's fields, see StageStub). */
const PRESENCE = 3;
type Decode = typeof SHORT | typeof OWN | typeof SHARED | typeof PRESENCE;
/** What a field read for PRESENCE holds: defined, value unknown. Never reaches an event. */
const PRESENT = '';
const PRESENT_USER: AuditUser = {};
const PRESENT_REF: ObjectRef = {};

/** A value that is a string (decoded) or anything else (skipped, str = undefined). Returns the index after it. */
function readStringValue(b: Bytes, i: number, end: number, how: Decode): number {
  if (b[i] !== QUOTE) {
    str = undefined;
    return skipValue(b, i, end);
  }
  const after = scanString(b, i, end);
  if (after < 0) return -1;
  const s = i + 1;
  const e = after - 1;
  str =
    how === SHORT
      ? decodeShort(b, s, e, sawEscape)
      : how === SHARED
        ? decodeShared(b, s, e, sawEscape)
        : how === PRESENCE
          ? PRESENT
          : decodeString(b, s, e, sawEscape);
  return after;
}

/**
 * user / impersonatedUser, as toAuditEvent's user(): an object gives {username, groups}; null and scalars none.
 * presence: only whether it is there (PRESENT_USER), for a deferred stage. An impersonated user's uid or extra
 * (rare: asked for with Impersonate-Uid, Impersonate-Extra-*) sends the line to the reference path, which reads them.
 */
let userValue: AuditUser | undefined;
function readUser(b: Bytes, i: number, end: number, presence: boolean, impersonated = false): number {
  const c = b[i];
  if (presence) {
    userValue = c === LBRACE || c === LBRACKET ? PRESENT_USER : undefined;
    return skipKeyed(b, i, end, impersonated);
  }
  if (c === LBRACKET) {
    // An array is an object to `typeof`, with neither field.
    userValue = { username: undefined, groups: undefined };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    userValue = undefined;
    return skipValue(b, i, end);
  }
  let username: string | undefined;
  let groups: string[] | undefined;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, 'username')) {
      i = readStringValue(b, i, end, SHARED);
      username = str;
    } else if (bytesAre(b, keyStart, keyEnd, 'groups')) {
      i = readStringArray(b, i, end);
      groups = strings;
    } else if (impersonated && (bytesAre(b, keyStart, keyEnd, 'uid') || bytesAre(b, keyStart, keyEnd, 'extra'))) return -1;
    else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  userValue = { username, groups };
  return i;
}

/** An array keeps its string elements (as filter(typeof === 'string')); any other value gives undefined. */
function readStringArray(b: Bytes, i: number, end: number): number {
  if (b[i] !== LBRACKET) {
    strings = undefined;
    return skipValue(b, i, end);
  }
  const out: string[] = [];
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === RBRACKET) {
    strings = out;
    return i + 1;
  }
  for (;;) {
    if (i >= end) return -1;
    if (b[i] === QUOTE) {
      const after = scanString(b, i, end);
      if (after < 0) return -1;
      out.push(decodeShared(b, i + 1, after - 1, sawEscape));
      i = after;
    } else {
      i = skipValue(b, i, end);
      if (i < 0) return -1;
    }
    i = skipWs(b, i, end);
    if (i >= end) return -1;
    if (b[i] === COMMA) i = skipWs(b, i + 1, end);
    else if (b[i] === RBRACKET) {
      strings = out;
      return i + 1;
    } else return -1;
  }
}

type ObjectRef = NonNullable<AuditEvent['objectRef']>;
let objectRefValue: ObjectRef | undefined;
function readObjectRef(b: Bytes, i: number, end: number, presence: boolean): number {
  const c = b[i];
  if (presence) {
    objectRefValue = c === LBRACE || c === LBRACKET ? PRESENT_REF : undefined;
    return skipKeyed(b, i, end);
  }
  if (c === LBRACKET) {
    objectRefValue = { resource: undefined, subresource: undefined, namespace: undefined, name: undefined, apiGroup: undefined, apiVersion: undefined };
    return skipValue(b, i, end);
  }
  if (c !== LBRACE) {
    objectRefValue = undefined;
    return skipValue(b, i, end);
  }
  let resource: string | undefined;
  let subresource: string | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  let apiGroup: string | undefined;
  let apiVersion: string | undefined;
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    const k0 = b[keyStart];
    const len = keyEnd - keyStart;
    if (k0 === 0x72 && len === 8 && bytesAre(b, keyStart, keyEnd, 'resource')) {
      i = readStringValue(b, i, end, SHARED);
      resource = str;
    } else if (k0 === 0x73 && len === 11 && bytesAre(b, keyStart, keyEnd, 'subresource')) {
      i = readStringValue(b, i, end, SHARED);
      subresource = str;
    } else if (k0 === 0x6e && len === 9 && bytesAre(b, keyStart, keyEnd, 'namespace')) {
      i = readStringValue(b, i, end, SHARED);
      namespace = str;
    } else if (k0 === 0x6e && len === 4 && bytesAre(b, keyStart, keyEnd, 'name')) {
      i = readStringValue(b, i, end, OWN);
      name = str;
    } else if (k0 === 0x61 && len === 8 && bytesAre(b, keyStart, keyEnd, 'apiGroup')) {
      i = readStringValue(b, i, end, SHARED);
      apiGroup = str;
    } else if (k0 === 0x61 && len === 10 && bytesAre(b, keyStart, keyEnd, 'apiVersion')) {
      i = readStringValue(b, i, end, SHARED);
      apiVersion = str;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  objectRefValue = { resource, subresource, namespace, name, apiGroup, apiVersion };
  return i;
}

/**
 * user, impersonatedUser or objectRef read for presence only: stepped over, but its keys read as readUser and
 * readObjectRef read them, so that a key with an escape sends the line to the reference path here too.
 */
function skipKeyed(b: Uint8Array, i: number, end: number, impersonated = false): number {
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    // As readUser: the reference path reads an impersonated user's uid and extra.
    if (impersonated && (bytesAre(b, keyStart, keyEnd, 'uid') || bytesAre(b, keyStart, keyEnd, 'extra'))) return -1;
    i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}

/** responseStatus: only a numeric `code` of an object counts (rs.code on a string or array is undefined). */
let codeValue: number | undefined;
function readResponseStatus(b: Bytes, i: number, end: number): number {
  codeValue = undefined;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, 'code')) {
      const c = b[i];
      if (c === 0x2d || isDigit(c)) {
        const after = scanNumber(b, i, end);
        if (after < 0) return -1;
        codeValue = integerAt(b, i, after) ?? Number(utf8(b, i, after));
        i = after;
      } else {
        codeValue = undefined;
        i = skipValue(b, i, end);
      }
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}

/** A JSON number of up to 9 digits, no fraction or exponent, without a decode (HTTP codes); else undefined. */
function integerAt(b: Uint8Array, s: number, e: number): number | undefined {
  const neg = b[s] === 0x2d;
  let k = neg ? s + 1 : s;
  if (e - k > 9) return undefined;
  let v = 0;
  for (; k < e; k++) {
    const c = b[k];
    if (!isDigit(c)) return undefined;
    v = v * 10 + (c - 0x30);
  }
  return neg ? -v : v;
}

let deprecatedValue = false;
let removedReleaseValue: string | undefined;
let decisionValue: string | undefined;
function readAnnotations(b: Bytes, i: number, end: number): number {
  deprecatedValue = false;
  removedReleaseValue = undefined;
  decisionValue = undefined;
  if (b[i] !== LBRACE) return skipValue(b, i, end);
  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return i;
    if (bytesAre(b, keyStart, keyEnd, 'k8s.io/deprecated')) {
      i = readStringValue(b, i, end, SHORT);
      deprecatedValue = str === 'true';
    } else if (bytesAre(b, keyStart, keyEnd, 'k8s.io/removed-release')) {
      i = readStringValue(b, i, end, OWN);
      removedReleaseValue = str;
    } else if (bytesAre(b, keyStart, keyEnd, 'authorization.k8s.io/decision')) {
      i = readStringValue(b, i, end, SHORT);
      decisionValue = str;
    } else i = skipValue(b, i, end);
    if (i < 0) return -1;
    i = nextMember(b, i, end);
    if (i < 0) return -1;
  }
  return i;
}

/**
 * The audit event on the line b[start..end), or null when the reference path (JSON.parse + toAuditEvent) must
 * decide: the line is blank, not valid JSON, not a single well-formed audit event, or unusual in a way this
 * scanner does not model. Never returns an event the reference path would not.
 */
export function scanEvent(b: Uint8Array, start: number, end: number): AuditEvent | null {
  return scan(b, start, end, false);
}

/**
 * As scanEvent, but a short line of a non-final stage (RequestReceived, ResponseStarted) comes back as a StageStub:
 * checked exactly as scanEvent checks it, its auditID, stage and time read, the rest kept as the line's bytes.
 */
export function scanLine(b: Uint8Array, start: number, end: number): AuditEvent | StageStub | null {
  const ev = scan(b, start, end, true);
  if (ev !== STUB) return ev;
  const bb = b as Bytes;
  // Node's Buffer copies the bytes into a one-byte string (on the JS heap, one memcpy); elsewhere, a copy of them.
  const line = bb.latin1Slice && NodeBuffer ? bb.latin1Slice(start, end) : b.slice(start, end);
  return new StageStub(stubID, stubStage, stubTimestamp, stubPresent, line);
}

/** Deferred only up to this size: past it, keeping the copy costs more than decoding the fields. */
export const STUB_MAX_BYTES = 2048;

/** The non-final stages whose lines scanLine defers (an unknown stage is decoded: it ranks as a final one). */
const deferrable = (stage: string | undefined): stage is string => stage === 'RequestReceived' || stage === 'ResponseStarted';

// Which of an event's fields are defined (not undefined), as bits: a stub's, and a final stage's to compare.
const VERB = 1;
const URI = 2;
const USER = 4;
const IMPERSONATED = 8;
const AGENT = 16;
const REF = 32;
const CODE = 64;
const DEPRECATED = 128;
const REMOVED = 256;
const DECISION = 512;

/** The fields, as newEvent takes them, that are defined. */
function presence(
  verb: unknown,
  requestURI: unknown,
  user: unknown,
  impersonatedUser: unknown,
  userAgent: unknown,
  objectRef: unknown,
  code: unknown,
  deprecatedAnnotation: unknown,
  removedRelease: unknown,
  authzDecision: unknown,
): number {
  return (
    (verb !== undefined ? VERB : 0) |
    (requestURI !== undefined ? URI : 0) |
    (user !== undefined ? USER : 0) |
    (impersonatedUser !== undefined ? IMPERSONATED : 0) |
    (userAgent !== undefined ? AGENT : 0) |
    (objectRef !== undefined ? REF : 0) |
    (code !== undefined ? CODE : 0) |
    (deprecatedAnnotation !== undefined ? DEPRECATED : 0) |
    (removedRelease !== undefined ? REMOVED : 0) |
    (authzDecision !== undefined ? DECISION : 0)
  );
}

const presentIn = (ev: AuditEvent): number =>
  presence(ev.verb, ev.requestURI, ev.user, ev.impersonatedUser, ev.userAgent, ev.objectRef, ev.code, ev.deprecatedAnnotation, ev.removedRelease, ev.authzDecision);

/** Node's Buffer, where there is one: it turns the kept string back into bytes natively. */
const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'latin1'): Uint8Array } }).Buffer;

/**
 * A RequestReceived (or ResponseStarted) stage not yet decoded. Its request's final stage almost always carries
 * every field it has, so mergeStages would keep none of its values but the time it was received: decoding them
 * was half the reading of a log that keeps that stage. The line (valid: scanned in full) is kept as a latin1
 * string, byte for byte, and read again only when a value is needed.
 */
export class StageStub implements DeferredStage {
  readonly deferred = true;
  constructor(
    readonly auditID: string,
    readonly stage: string,
    /** The request's time: the line's own, or an earlier stage's when stages were merged (mergedWith). */
    readonly timestamp: string | undefined,
    private readonly present: number,
    private readonly line: string | Uint8Array,
  ) {}

  /**
   * At least the text its event holds (heldText): its line's bytes (a latin1 string's length is theirs), of which its
   * strings are parts, decoded no longer; and its time, which may be an earlier stage's (mergedWith).
   */
  get text(): number {
    return this.line.length + (this.timestamp?.length ?? 0);
  }

  /** The event of the line, as scanEvent makes it (with the merged time). */
  event(): AuditEvent {
    // A string only where there is a Buffer (scanLine).
    const bytes = typeof this.line === 'string' ? NodeBuffer!.from(this.line, 'latin1') : this.line;
    const ev = scanEvent(bytes, 0, bytes.length) ?? toAuditEvent(JSON.parse(decoder.decode(bytes)));
    if (typeof ev === 'string') throw new Error(`internal: a deferred stage of ${this.auditID} does not read again: ${ev}`);
    return ev.timestamp === this.timestamp ? ev : withTimestamp(ev, this.timestamp);
  }

  /** mergeStages(this.event(), final), without reading the line when the final stage has every field this one has. */
  completedBy(final: AuditEvent): AuditEvent {
    if (!notLaterStage(this.stage, final.stage) || (this.present & ~presentIn(final)) !== 0) return mergeStages(this.event(), final);
    // Every field comes from the final stage but the time, which is the earliest stage's.
    const ts = this.timestamp || final.timestamp;
    return ts === final.timestamp ? final : withTimestamp(final, ts);
  }

  mergedWith(other: DeferredStage): DeferredStage | AuditEvent {
    if (!(other instanceof StageStub)) return mergeStages(this.event(), other.event());
    const [early, late] = notLaterStage(this.stage, other.stage) ? [this, other] : [other, this];
    if ((early.present & ~late.present) !== 0) return mergeStages(early.event(), late.event());
    return new StageStub(late.auditID, late.stage, early.timestamp || late.timestamp, late.present, late.line);
  }
}

function withTimestamp(ev: AuditEvent, timestamp: string | undefined): AuditEvent {
  return newEvent(
    ev.auditID,
    ev.stage,
    ev.verb,
    ev.requestURI,
    ev.user,
    ev.impersonatedUser,
    ev.userAgent,
    ev.objectRef,
    ev.code,
    timestamp,
    ev.deprecatedAnnotation,
    ev.removedRelease,
    ev.authzDecision,
  );
}

// scan()'s answer for a deferred stage (its fields in the registers below): never an event anyone sees.
const STUB = newEvent('', '', undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined);
let stubID = '';
let stubStage = '';
let stubTimestamp: string | undefined;
let stubPresent = 0;

/**
 * Set by skipOther: whether a top-level field skipped is one a log record keeps its event's text in (a string: log,
 * line, _raw, log_s, message, MESSAGE, @message) or a record within (properties: log-envelope.ts's TEXTS), or one a
 * search names a field picked from an event's object by (user.username). As audit-lines.c's isRecordKey.
 */
let recordField = false;

/** A top-level field scan() does not read: skipped, noting whether it is a record's (recordField). */
function skipOther(b: Uint8Array, i: number, end: number): number {
  if (!recordField) recordField = isRecordKey(b, keyStart, keyEnd, b[i]);
  return skipValue(b, i, end);
}

function isRecordKey(b: Uint8Array, s: number, e: number, value: number): boolean {
  for (let k = s; k < e; k++) if (b[k] === 0x2e) return true;
  const len = e - s;
  if (len === 10) return value === LBRACE && bytesAre(b, s, e, 'properties');
  if (value !== QUOTE) return false;
  return (
    (len === 3 && bytesAre(b, s, e, 'log')) ||
    (len === 4 && (bytesAre(b, s, e, 'line') || bytesAre(b, s, e, '_raw'))) ||
    (len === 5 && bytesAre(b, s, e, 'log_s')) ||
    (len === 7 && (bytesAre(b, s, e, 'message') || bytesAre(b, s, e, 'MESSAGE'))) ||
    (len === 8 && bytesAre(b, s, e, '@message'))
  );
}

function scan(b: Uint8Array, start: number, end: number, defer: boolean): AuditEvent | null {
  const bb = b as Bytes;
  // Once the stage is known to be non-final, the fields after it are read for presence only.
  const mayDefer = defer && end - start <= STUB_MAX_BYTES;
  let lazy = false;
  let lazyRead = false;
  let i = skipWs(b, start, end);
  if (i >= end || b[i] !== LBRACE) return null;
  // Top-level fields; each occurrence of a key overwrites the last, as JSON.parse does.
  let kindOk = true;
  let apiVersionOk = true;
  let auditID: string | undefined;
  let stage: string | undefined;
  let verb: string | undefined;
  let requestURI: string | undefined;
  let userAgent: string | undefined;
  let received: string | undefined;
  let timestamp: string | undefined;
  let user: AuditUser | undefined;
  let impersonated: AuditUser | undefined;
  let objectRef: ObjectRef | undefined;
  let code: number | undefined;
  let deprecated = false;
  let removedRelease: string | undefined;
  let decision: string | undefined;
  let userObject = false;
  recordField = false;

  i = openObject(b, i, end);
  while (!objectClosed) {
    i = readKey(b, i, end);
    if (i < 0) return null;
    const len = keyEnd - keyStart;
    const k0 = b[keyStart];
    // Dispatch on length and first byte before comparing whole keys.
    switch (len) {
      case 4:
        if (k0 === 0x76 && bytesAre(b, keyStart, keyEnd, 'verb')) {
          i = readStringValue(bb, i, end, SHORT);
          verb = str;
        } else if (k0 === 0x75 && bytesAre(b, keyStart, keyEnd, 'user')) {
          lazyRead ||= lazy;
          userObject = b[i] === LBRACE;
          i = readUser(bb, i, end, lazy);
          user = userValue;
        } else if (k0 === 0x6b && bytesAre(b, keyStart, keyEnd, 'kind')) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          // Anything but the plain string "Event" (an EventList, another kind, a non-string) is for the reference path.
          kindOk = after > 0 && !sawEscape && bytesAre(b, i + 1, after - 1, 'Event');
          if (!kindOk) return null;
          i = after;
        } else i = skipOther(b, i, end);
        break;
      case 5:
        if (k0 === 0x73 && bytesAre(b, keyStart, keyEnd, 'stage')) {
          i = readStringValue(bb, i, end, SHORT);
          stage = str;
          lazy = mayDefer && deferrable(stage);
        } else i = skipOther(b, i, end);
        break;
      case 7:
        if (k0 === 0x61 && bytesAre(b, keyStart, keyEnd, 'auditID')) {
          i = readStringValue(bb, i, end, OWN);
          auditID = str;
        } else i = skipOther(b, i, end);
        break;
      case 9:
        if (k0 === 0x75 && bytesAre(b, keyStart, keyEnd, 'userAgent')) {
          lazyRead ||= lazy;
          i = readStringValue(bb, i, end, lazy ? PRESENCE : OWN);
          userAgent = str;
        } else if (k0 === 0x6f && bytesAre(b, keyStart, keyEnd, 'objectRef')) {
          lazyRead ||= lazy;
          i = readObjectRef(bb, i, end, lazy);
          objectRef = objectRefValue;
        } else if (k0 === 0x74 && bytesAre(b, keyStart, keyEnd, 'timestamp')) {
          i = readStringValue(bb, i, end, OWN);
          timestamp = str;
        } else i = skipOther(b, i, end);
        break;
      case 10:
        if (k0 === 0x72 && bytesAre(b, keyStart, keyEnd, 'requestURI')) {
          lazyRead ||= lazy;
          i = readStringValue(bb, i, end, lazy ? PRESENCE : OWN);
          requestURI = str;
        } else if (k0 === 0x61 && bytesAre(b, keyStart, keyEnd, 'apiVersion')) {
          const after = b[i] === QUOTE ? scanString(b, i, end) : -1;
          apiVersionOk =
            after > 0 &&
            !sawEscape &&
            (bytesAre(b, i + 1, after - 1, 'audit.k8s.io/v1') ||
              bytesAre(b, i + 1, after - 1, 'audit.k8s.io/v1beta1') ||
              bytesAre(b, i + 1, after - 1, 'audit.k8s.io/v1alpha1'));
          if (!apiVersionOk) return null;
          i = after;
        } else i = skipOther(b, i, end);
        break;
      case 11:
        if (k0 === 0x61 && bytesAre(b, keyStart, keyEnd, 'annotations')) {
          i = readAnnotations(bb, i, end);
          deprecated = deprecatedValue;
          removedRelease = removedReleaseValue;
          decision = decisionValue;
        } else i = skipOther(b, i, end);
        break;
      case 13:
        // A report's top-level field (report.json given to analyze): toAuditEvent says what it is.
        if (k0 === 0x73 && bytesAre(b, keyStart, keyEnd, 'schemaVersion')) return null;
        i = k0 === 0x72 && bytesAre(b, keyStart, keyEnd, 'requestObject') ? skipBody(b, i, end) : skipOther(b, i, end);
        break;
      case 14:
        if (k0 === 0x72 && bytesAre(b, keyStart, keyEnd, 'responseStatus')) {
          i = readResponseStatus(bb, i, end);
          code = codeValue;
        } else if (k0 === 0x72 && bytesAre(b, keyStart, keyEnd, 'responseObject')) i = skipBody(b, i, end);
        else i = skipOther(b, i, end);
        break;
      case 16:
        if (k0 === 0x69 && bytesAre(b, keyStart, keyEnd, 'impersonatedUser')) {
          lazyRead ||= lazy;
          i = readUser(bb, i, end, lazy, true);
          impersonated = userValue;
        } else i = skipOther(b, i, end);
        break;
      case 24:
        if (k0 === 0x72 && bytesAre(b, keyStart, keyEnd, 'requestReceivedTimestamp')) {
          i = readStringValue(bb, i, end, OWN);
          received = str;
        } else i = skipOther(b, i, end);
        break;
      default:
        i = skipOther(b, i, end);
    }
    if (i < 0) return null;
    i = nextMember(b, i, end);
    if (i < 0) return null;
  }
  // Only whitespace may follow the object.
  if (skipWs(b, i, end) !== end) return null;
  if (!kindOk || !apiVersionOk) return null;
  // No user, and a field a log record keeps its event's text in or one picked from an event: perhaps a record of
  // fields picked beside its event, read from its text there (eventTextsBeside, pickedFieldsProblem).
  if (recordField && !userObject) return null;
  // The events toAuditEvent refuses are for it to word: the reference path gives the message.
  if (!auditID) return null;
  // And those it reads but says where they are (OddFields): no verb, no requestURI (or not strings), a stage none of
  // the four.
  if (requestURI === undefined || verb === undefined || !isStage(stage)) return null;

  if (mayDefer && deferrable(stage)) {
    stubID = auditID;
    stubStage = stage;
    stubTimestamp = (received ?? timestamp) || undefined;
    // As the event below would have them.
    stubPresent = presence(verb, requestURI, user, impersonated, userAgent, objectRef, code, deprecated ? true : undefined, removedRelease || undefined, decision || undefined);
    return STUB;
  }
  // A stage named twice, non-final first: what was read for presence must be decoded after all.
  if (lazyRead) return scan(b, start, end, false);

  return eventOfFields(auditID, stage, verb, requestURI, user, impersonated, userAgent, objectRef, code, received, timestamp, deprecated, removedRelease, decision);
}

/**
 * The event of a line's kept fields as read from its bytes, made as toAuditEvent makes it: the stage defaults to
 * ResponseComplete, the time is requestReceivedTimestamp or else timestamp, and empty values count as none. The
 * WebAssembly line reader (audit-lines.ts) makes its events here too.
 */
export function eventOfFields(
  auditID: string,
  stage: string | undefined,
  verb: string | undefined,
  requestURI: string | undefined,
  user: AuditUser | undefined,
  impersonated: AuditUser | undefined,
  userAgent: string | undefined,
  objectRef: ObjectRef | undefined,
  code: number | undefined,
  received: string | undefined,
  timestamp: string | undefined,
  deprecated: boolean,
  removedRelease: string | undefined,
  decision: string | undefined,
): AuditEvent {
  return newEvent(
    auditID,
    stage ?? 'ResponseComplete',
    verb,
    requestURI,
    user,
    impersonated,
    userAgent,
    objectRef,
    code,
    (received ?? timestamp) || undefined,
    deprecated ? true : undefined,
    removedRelease || undefined,
    decision || undefined,
  );
}

