// OperationIndex: request (verb + requestURI) -> the OpenAPI operation it hit.
// A path trie built once per spec: lookup cost depends on the URI's depth, not on how many paths the spec has.
// Literal segments win over {param} segments, which win over a trailing catch-all ({path} of proxy, {logpath}).
import type { Operation, UnmatchedReason } from './report.js';
import { textShape } from './text-shape.js';

/** Audit verbs -> the HTTP method that produced them (k8s.io/apiserver RequestInfo, inverted). */
const RESOURCE_VERB_METHOD: Record<string, string> = {
  get: 'get',
  list: 'get',
  watch: 'get',
  create: 'post',
  update: 'put',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'delete',
};
/** Non-resource URLs are audited with the lower-cased HTTP method as verb. */
const NON_RESOURCE_VERB_METHOD: Record<string, string> = {
  get: 'get',
  head: 'head',
  options: 'options',
  post: 'post',
  put: 'put',
  patch: 'patch',
  delete: 'delete',
};

export function methodOfVerb(verb: string): string | null {
  return RESOURCE_VERB_METHOD[verb] ?? NON_RESOURCE_VERB_METHOD[verb] ?? null;
}

/**
 * The method of a request audited with the empty verb, where its path has an operation of it. RequestInfo gives ""
 * to a resource request whose method is none of GET, HEAD, POST, PUT, PATCH and DELETE; of the others the spec routes
 * only OPTIONS, on the proxy paths (connectCoreV1Options…Proxy…), as APISnoop's own matcher reads it. Elsewhere the
 * empty verb stays unknown-verb.
 */
const EMPTY_VERB_METHOD = 'options';

interface TrieNode {
  literal: Map<string, TrieNode>;
  param: TrieNode | null;
  /** Operations by method for a template ending here. */
  ops: Map<string, Operation> | null;
  /** Operations by method for a template whose last segment swallows the rest of the path. */
  rest: Map<string, Operation> | null;
}

const newNode = (): TrieNode => ({ literal: new Map(), param: null, ops: null, rest: null });

const CATCH_ALL = new Set(['{path}', '{logpath}']);

/** The parts of an API path, as the apiserver's RequestInfo reads them. */
export interface ApiPathInfo {
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
}

export type MatchResult =
  | { operation: Operation; reason?: undefined }
  | { operation?: undefined; reason: UnmatchedReason; pattern: string; api?: ApiPathInfo };

/**
 * A path's segments as the apiserver reads them (RequestInfo trims the slashes at both ends and splits the rest):
 * an empty segment inside stays, as an empty namespace or name (`/api/v1/namespaces//pods` lists pods; dropping it
 * read "pods" as a namespace's name). Escapes are decoded before the split, as Go's URL.Path is, which both
 * RequestInfo and the router split: an encoded slash (`%2F`) separates segments there, so here too.
 */
export function splitPath(path: string): string[] {
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // An escape that is not UTF-8 (%FF: Go decodes it to a byte, no 400) or not an escape (%zz: 400): the encoded
      // slashes still separate segments, as Go's decoded path has them, and each segment is decoded on its own.
      return splitSegments(path.replace(/%2f/gi, '/'), true);
    }
  }
  return splitSegments(path, false);
}

function splitSegments(path: string, escaped: boolean): string[] {
  let a = 0;
  let b = path.length;
  while (a < b && path.charCodeAt(a) === 47 /* / */) a++;
  while (b > a && path.charCodeAt(b - 1) === 47) b--;
  const segs = a === b ? [] : path.slice(a, b).split('/');
  if (!escaped) return segs; // nothing escaped, or decoded already: most paths
  // An escape somewhere that does not decode (%FF, not UTF-8; %zz, which Go answers 400): each segment that decodes
  // is decoded, the others are kept as written, since the request still has to land somewhere.
  for (let i = 0; i < segs.length; i++) {
    if (segs[i].includes('%')) {
      try {
        segs[i] = decodeURIComponent(segs[i]);
      } catch {
        // kept as written
      }
    }
  }
  return segs;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Read group/version/namespace/resource/name/subresource from an /api or /apis path. */
export function apiPathInfo(segs: string[]): ApiPathInfo | null {
  let i: number;
  let group: string;
  if (segs[0] === 'api' && segs.length >= 2) {
    group = '';
    i = 1;
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1];
    i = 2;
  } else return null;
  const info: ApiPathInfo = { group, version: segs[i] };
  let rest = segs.slice(i + 1);
  // RequestInfo's special verbs: the legacy /watch/... and /proxy/... prefixes name the verb, not a resource.
  const legacyProxy = rest[0] === 'proxy';
  if (rest[0] === 'watch' || legacyProxy) rest = rest.slice(1);
  // As RequestInfo: /namespaces/{ns}/status and /finalize are subresources of the namespace, not resources in it.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 0) info.resource = rest[0];
  if (rest.length > 1) info.name = rest[1];
  // After a legacy proxy's name comes the proxied path (one row per resource, whatever the paths proxied).
  if (rest.length > 2 && !legacyProxy) info.subresource = rest[2];
  return info;
}

/** A URI with its identifying parts replaced, so that many requests group under one pattern. */
export function uriPattern(segs: string[], info: ApiPathInfo | null = apiPathInfo(segs)): string {
  if (!info) return '/' + segs.join('/');
  const head = info.group === '' ? ['api', info.version] : ['apis', info.group, info.version];
  const out = [...head];
  let rest = segs.slice(head.length);
  const legacyProxy = rest[0] === 'proxy';
  if (rest[0] === 'watch' || legacyProxy) {
    out.push(rest[0]);
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    out.push('namespaces', '{namespace}');
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 2) {
    out.push('namespaces', '{name}', ...rest.slice(2));
    rest = [];
  }
  if (rest.length > 0) out.push(rest[0]);
  if (rest.length > 1) out.push('{name}');
  // What follows a legacy proxy's name is the proxied path, not a subresource.
  if (legacyProxy && rest.length > 2) out.push('{path}');
  else {
    if (rest.length > 2) out.push(rest[2]);
    if (rest.length > 3) out.push('{path}');
  }
  return '/' + out.join('/');
}

/**
 * A segment as an unmatched pattern shows it: its text from a `;` or a `#` on is a placeholder. Go (net/url, and so the
 * API server) reads both as path characters: `;` has split no query since Go 1.17 and never split a path, and `#`
 * reaches a server only written by hand, since no client sends a fragment (the API server's audit writes it escaped,
 * %23, decoded here; a segment that does not decode keeps %23 or %3B as written, read alike). A path's segment that
 * holds either is none the API serves (a 404), so it is shown unmatched, and what follows them is what a client put
 * there: a session (`;jsessionid=`), a token (`#access_token=`).
 */
function shownSegment(seg: string): string {
  const m = PARAMS_OR_FRAGMENT.exec(seg);
  if (m === null) return seg;
  return m[0] === ';' || m[0].toLowerCase() === '%3b' ? `${seg.slice(0, m.index)};{params}` : `${seg.slice(0, m.index)}#{fragment}`;
}
/** A `;` or a `#`, written or escaped: where a segment's shown text ends (shownSegment), and a rule's path (rbac). */
export const PARAMS_OR_FRAGMENT = /[;#]|%23|%3b/i;
const FRAGMENT = /#|%23/i;

/**
 * The segments an unmatched pattern shows of a path (shownSegment), none after the first that holds a `#`, written or
 * escaped (%23, as an API server writes it): a fragment's text runs on past slashes.
 */
function shownSegments(segs: string[]): string[] {
  if (!segs.some((s) => PARAMS_OR_FRAGMENT.test(s))) return segs;
  const hash = segs.findIndex((s) => FRAGMENT.test(s));
  return (hash === -1 ? segs : segs.slice(0, hash + 1)).map(shownSegment);
}

/** What an unmatched request is listed under: its pattern, and its path's parts, as shown (shownSegments). */
function unmatchedParts(segs: string[], info: ApiPathInfo | null = apiPathInfo(segs)): { pattern: string; api?: ApiPathInfo; shown: string[] } {
  const shown = shownSegments(segs);
  const shownInfo = shown === segs ? info : apiPathInfo(shown);
  return { pattern: uriPattern(shown, shownInfo), api: shownInfo ?? undefined, shown };
}

/** A requestURI up to its query: a query holds what a client sent (an access_token, exec's command). */
const withoutQuery = (uri: string): string => {
  const q = uri.indexOf('?');
  return q === -1 ? uri : uri.slice(0, q);
};

/** A URL's scheme and authority (a user and password, a host and port), up to its path. */
const URL_HEAD = /^([a-z][a-z0-9+.-]*):\/\/[^/]*/i;
const SCHEMES = new Set(['http', 'https', 'ws', 'wss']);

/**
 * The pattern of a requestURI that is no path. An API server writes `*` (OPTIONS *) and paths only: anything else was
 * written by something else and can be anything (a password pasted in the wrong field), so text with no slash is
 * said by its shape (textShape), not quoted. A URL or a path without its leading slash is shown as a path is: without
 * its query, names and namespaces as {name}/{namespace}, its segments as shownSegment shows them; a URL's authority
 * (user, password, host) as {host}, a scheme other than http(s) or ws(s) as {scheme}.
 */
export function nonPathPattern(uri: string | undefined): string {
  if (!uri) return '(none)';
  if (uri === '*') return uri;
  const text = withoutQuery(uri);
  if (!text.includes('/')) return textShape(text);
  const url = URL_HEAD.exec(text);
  if (url !== null) {
    const scheme = url[1].toLowerCase();
    const path = text.slice(url[0].length);
    return `${SCHEMES.has(scheme) ? scheme : '{scheme}'}://{host}${path === '' ? '' : pathPattern(path)}`.slice(0, 200);
  }
  return pathPattern(text).slice(1, 201);
}

/**
 * A requestURI's pattern as an unmatched row shows it, whatever it matches: without its query, names and namespaces
 * as {name}/{namespace}, no text after a ; or a # (a message saying what a line holds quotes this, not the URI).
 */
export function requestPattern(uri: string | undefined): string {
  if (!uri || uri[0] !== '/') return nonPathPattern(uri);
  return pathPattern(withoutQuery(uri));
}

/** A path's pattern as an unmatched row shows it (unmatchedParts). */
const pathPattern = (path: string): string => unmatchedParts(splitPath(path)).pattern;

/**
 * An unmatched row's pattern as this version shows it, and its path's parts: a report made before the placeholders
 * quoted the text after a `;` or `#`, and a requestURI that was no path, as they were. A pattern holds no escapes
 * (its segments were decoded) and is split as written; shown already, it is shown the same.
 */
export function shownPattern(pattern: string): { pattern: string; api?: ApiPathInfo } {
  if (!pattern.startsWith('/')) return { pattern: SHOWN_NON_PATH.test(pattern) ? pattern : nonPathPattern(pattern) };
  const { pattern: shown, api, shown: segs } = unmatchedParts(splitSegments(pattern, false));
  // An unserved group's discovery (/apis/{group}) has its group, as match gives it.
  return { pattern: shown, api: api ?? (segs[0] === 'apis' && segs.length === 2 ? { group: segs[1], version: '' } : undefined) };
}
/** What nonPathPattern gives text with no slash, as the text says it (none, `*`, or its length). */
const SHOWN_NON_PATH = /^(?:\(none\)|\*|an empty text|[\d,]+ characters? \(not quoted: audit log lines may hold secrets\))$/;

/** Into out: the method maps of every template that fits segs from i on, a literal before a {param} before a catch-all. */
function walk(node: TrieNode, segs: string[], i: number, out: Array<Map<string, Operation>>): void {
  if (i === segs.length) {
    if (node.ops) out.push(node.ops);
    return;
  }
  const lit = node.literal.get(segs[i]);
  if (lit) walk(lit, segs, i + 1, out);
  if (node.param) walk(node.param, segs, i + 1, out);
  if (node.rest) out.push(node.rest);
}

export class OperationIndex {
  private readonly root: TrieNode = newNode();
  private readonly groupVersions = new Set<string>();
  /** Group/versions with a /watch/ path: where one has some, a resource without one is served no watch there. */
  private readonly watchGroupVersions = new Set<string>();
  readonly size: number;

  constructor(operations: readonly Operation[]) {
    for (const op of operations) this.insert(op);
    this.size = operations.length;
  }

  private insert(op: Operation): void {
    const segs = op.path.split('/').filter(Boolean);
    const info = apiPathInfo(segs);
    if (info) {
      this.groupVersions.add(`${info.group}/${info.version}`);
      if (segs[segs[0] === 'api' ? 2 : 3] === 'watch') this.watchGroupVersions.add(`${info.group}/${info.version}`);
    }
    let node = this.root;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const isParam = seg.startsWith('{') && seg.endsWith('}');
      if (isParam && i === segs.length - 1 && CATCH_ALL.has(seg)) {
        node.rest ??= new Map();
        node.rest.set(op.method, op);
        return;
      }
      if (isParam) {
        node.param ??= newNode();
        node = node.param;
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    node.ops ??= new Map();
    node.ops.set(op.method, op);
  }

  /** Whether the spec serves this group/version at all (a custom or aggregated API is not in it). */
  hasGroupVersion(group: string, version: string): boolean {
    return this.groupVersions.has(`${group}/${version}`);
  }

  /** Method maps of every template that fits the segments, most specific first. */
  private candidates(segs: string[]): Array<Map<string, Operation>> {
    const out: Array<Map<string, Operation>> = [];
    walk(this.root, segs, 0, out);
    return out;
  }

  /**
   * The operation a watch through the legacy /watch/ prefix is served by where the spec has no /watch/ path for it:
   * a served spec publishes none for a custom resource, which the API server still serves (RequestInfo reads the
   * prefix for any resource, and the CRD handler answers verb watch with its list handler), so it is the resource's
   * list operation, or its get operation for one object, as `?watch=true` on those paths is. A subresource has none.
   * Only in a group/version with no /watch/ path at all (a CRD's): where the spec has some, the API server made a
   * /watch/ route for every resource that can be watched, and one without (componentstatuses) answers 404.
   */
  private legacyWatch(segs: string[], info: ApiPathInfo | null): Operation | null {
    if (info?.resource === undefined || info.subresource !== undefined) return null;
    if (this.watchGroupVersions.has(`${info.group}/${info.version}`)) return null;
    const at = segs[0] === 'api' ? 2 : 3;
    if (segs[at] !== 'watch') return null;
    for (const ops of this.candidates([...segs.slice(0, at), ...segs.slice(at + 1)])) {
      const op = ops.get('get');
      if (op && (op.action === 'list' || op.action === 'get')) return op;
    }
    return null;
  }

  /** Match one request. Every request gets either an operation or a typed reason. */
  match(verb: string | undefined, requestURI: string | undefined): MatchResult {
    // Without its query, as a path's pattern is: a query holds what a client sent (an access_token, exec's command).
    if (!requestURI || requestURI[0] !== '/') return { reason: 'malformed-uri', pattern: nonPathPattern(requestURI) };
    const segs = splitPath(withoutQuery(requestURI));
    const method = methodOfVerb(verb ?? '');
    const found = this.candidates(segs);
    if (method) {
      for (const ops of found) {
        const op = ops.get(method) ?? (method === 'head' ? ops.get('get') : undefined);
        if (op) return { operation: op };
      }
    } else if (verb === '') {
      for (const ops of found) {
        const op = ops.get(EMPTY_VERB_METHOD);
        if (op) return { operation: op };
      }
    }
    // The path's parts, read only on a miss: a watch on a /watch/ path the spec lacks may still be served.
    const info = apiPathInfo(segs);
    if (verb === 'watch' && found.length === 0) {
      const op = this.legacyWatch(segs, info);
      if (op) return { operation: op };
    }
    // The pattern and the path's parts are for the unmatched list: a match, the common case, builds neither. The
    // reason is read from the path's parts as they are, the pattern and parts reported from them as shown.
    const { pattern, api, shown } = unmatchedParts(segs, info);
    // The verb is asked about only on a path the spec serves: on one it does not, that is the truth, whatever the verb.
    if (found.length > 0) return { reason: method ? 'method-not-allowed' : 'unknown-verb', pattern, api };
    if (segs[0] !== 'api' && segs[0] !== 'apis') return { reason: 'non-resource-url', pattern };
    if (info && !this.hasGroupVersion(info.group, info.version)) return { reason: 'unknown-group-version', pattern, api };
    // Discovery (/apis/{group}, /apis/{group}/{version}) of a group the spec has no discovery path for, served or not:
    // a cluster's served spec publishes its CRDs' resource routes only, never their groups' discovery, which every
    // client reads. No resource was asked for, so it is discovery the spec does not describe, as an unserved group's.
    if (segs[0] === 'apis' && (segs.length === 2 || segs.length === 3) && segs[1] !== '') {
      return { reason: 'unknown-group-version', pattern, api: api ?? { group: shown[1] ?? '', version: '' } };
    }
    return { reason: 'unknown-resource', pattern, api };
  }
}
