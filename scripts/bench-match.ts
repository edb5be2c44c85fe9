// The bench's matching cost: the trie of OperationIndex against a naive scan of every path template, on specs of very
// different sizes. Real specs differ little in size (1.13: 1,014 operations, 1.36: 1,123), so larger ones are made
// here the way clusters grow them: the 1.36 spec plus N custom resource groups, each served as apiextensions serves a
// namespaced CRD with a status subresource (11 operations).
import { OperationIndex } from '../src/engine/operation-index.js';
import type { Operation } from '../src/engine/report.js';

const CRD_PATHS: Array<[suffix: string, method: string, action: string]> = [
  ['/widgets', 'get', 'list'],
  ['/namespaces/{namespace}/widgets', 'get', 'list'],
  ['/namespaces/{namespace}/widgets', 'post', 'create'],
  ['/namespaces/{namespace}/widgets', 'delete', 'deletecollection'],
  ['/namespaces/{namespace}/widgets/{name}', 'get', 'get'],
  ['/namespaces/{namespace}/widgets/{name}', 'put', 'update'],
  ['/namespaces/{namespace}/widgets/{name}', 'patch', 'patch'],
  ['/namespaces/{namespace}/widgets/{name}', 'delete', 'delete'],
  ['/namespaces/{namespace}/widgets/{name}/status', 'get', 'get'],
  ['/namespaces/{namespace}/widgets/{name}/status', 'put', 'update'],
  ['/namespaces/{namespace}/widgets/{name}/status', 'patch', 'patch'],
];
export const CRD_OPERATIONS = CRD_PATHS.length;

export const crdGroup = (i: number): string => `crd${i}.bench.example.com`;

/** `ops` plus `groups` custom resource groups, in path order as the shipped specs are (a naive scan's order). */
export function withCrdGroups(ops: Operation[], groups: number): Operation[] {
  const added: Operation[] = [];
  for (let i = 0; i < groups; i++) {
    const group = crdGroup(i);
    for (const [suffix, method, action] of CRD_PATHS) {
      added.push({
        operationId: `${method}${action}Crd${i}Widget${suffix.replace(/\W/g, '')}`,
        method,
        path: `/apis/${group}/v1${suffix}`,
        level: 'stable',
        group,
        version: 'v1',
        category: 'crd',
        kind: 'Widget',
        action,
        deprecated: false,
        discovery: false,
      });
    }
  }
  return [...ops, ...added].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One regex per template, tried in turn until one fits: what a first implementation does. */
export function naiveMatcher(ops: Operation[]): (uri: string) => boolean {
  const templates = ops.map((o) => new RegExp('^' + o.path.replace(/\{[^}]+\}/g, '[^/]+') + '$'));
  return (uri) => {
    const path = uri.split('?')[0];
    for (const re of templates) if (re.test(path)) return true;
    return false;
  };
}

export interface MatchSpec {
  name: string;
  ops: Operation[];
}

export interface MatchCost {
  spec: string;
  operations: number;
  /** CPU ns per request: the median of the timed passes, each after the same warm-up. */
  trieNs: number;
  naiveNs: number;
  trieRounds: number;
  naiveRounds: number;
}

/**
 * CPU time per request of both matchers on every spec. Every index is built and warmed by the same number of passes
 * before any is timed, and the timed passes go round the specs in turns, so none pays for V8's warm-up or for an
 * hour's load more than another (timing the first spec first had made it look twice as slow as the second).
 */
export function matchCosts(specs: MatchSpec[], requests: Array<[verb: string, uri: string]>, rounds = 7, warm = 5): MatchCost[] {
  let sink = 0;
  const tries = specs.map((s) => {
    const index = new OperationIndex(s.ops);
    return () => {
      for (const [verb, uri] of requests) sink += index.match(verb, uri).operation ? 1 : 0;
    };
  });
  const naives = specs.map((s) => {
    const match = naiveMatcher(s.ops);
    return () => {
      for (const [, uri] of requests) sink += match(uri) ? 1 : 0;
    };
  });
  const cpuNs = (f: () => void): number => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) * 1000) / requests.length;
  };
  // The naive scan of 14k templates takes a good fraction of a second a pass: fewer passes for it.
  const naiveRounds = Math.max(1, Math.ceil(rounds / 2));
  const naiveWarm = Math.max(1, Math.ceil(warm / 5));
  for (let w = 0; w < warm; w++) for (const f of tries) f();
  for (let w = 0; w < naiveWarm; w++) for (const f of naives) f();
  const trieNs = specs.map(() => [] as number[]);
  const naiveNs = specs.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    specs.forEach((_, i) => {
      trieNs[i].push(cpuNs(tries[i]));
      if (r < naiveRounds) naiveNs[i].push(cpuNs(naives[i]));
    });
  }
  if (sink < 0) throw new Error('unreachable: keeps the matches from being optimised away');
  return specs.map((s, i) => ({
    spec: s.name,
    operations: s.ops.length,
    trieNs: median(trieNs[i]),
    naiveNs: median(naiveNs[i]),
    trieRounds: rounds,
    naiveRounds,
  }));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
