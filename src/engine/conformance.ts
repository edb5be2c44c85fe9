// The conformance overlay: APISnoop's published per-release coverage (which endpoints e2e and conformance
// tests hit), keyed by operationId.
import { compareMinor } from './deprecations.js';

export interface EndpointCoverage {
  tested: boolean;
  conformanceTested: boolean;
  tests: string[];
}

export interface ConformanceData {
  release: string;
  source: string;
  endpoints: Map<string, EndpointCoverage>;
}

export class ConformanceError extends Error {}

/** Where APISnoop publishes the coverage data --conformance takes, for the messages that refuse another file. */
const COVERAGE_FILE = 'resources/coverage/<release>.json of github.com/kubernetes-sigs/apisnoop';

/**
 * Parse APISnoop's resources/coverage/<release>.json. An entry of the wrong shape is refused, naming it: read as
 * untested, it would be a gap that is not one (every entry of every published file is whole).
 */
export function conformanceFromCoverage(doc: unknown, source: string): ConformanceData {
  const d = doc as { release?: unknown; endpoints?: unknown };
  if (!d || typeof d !== 'object' || !Array.isArray(d.endpoints)) {
    throw new ConformanceError(`${source}: not APISnoop coverage data (no "endpoints" array): give APISnoop's ${COVERAGE_FILE}`);
  }
  const endpoints = new Map<string, EndpointCoverage>();
  (d.endpoints as unknown[]).forEach((e, i) => {
    const where = `${source}: endpoints[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw new ConformanceError(`${where} is not an object: not APISnoop coverage data (${COVERAGE_FILE})`);
    const { endpoint, tested, conf_tested: conf, tests } = e as Record<string, unknown>;
    if (typeof endpoint !== 'string' || endpoint === '') throw new ConformanceError(`${where}.endpoint ${JSON.stringify(endpoint) ?? 'missing'} is not an operationId`);
    for (const [field, v] of [['tested', tested], ['conf_tested', conf]] as const) {
      if (typeof v !== 'boolean') throw new ConformanceError(`${where}.${field} (${endpoint}) is ${JSON.stringify(v) ?? 'missing'}, not true or false`);
    }
    endpoints.set(endpoint, {
      tested: tested as boolean,
      conformanceTested: conf as boolean,
      // APISnoop lists null for a test it could not name.
      tests: Array.isArray(tests) ? tests.filter((t): t is string => typeof t === 'string') : [],
    });
  });
  return { release: String(d.release ?? 'unknown'), source, endpoints };
}

/**
 * Kubernetes' list of endpoints ineligible for conformance (test/conformance/testdata/ineligible_endpoints.yaml, as
 * APISnoop copies it): operationId -> why (optional feature, debug feature, likely deprecated…). No conformance test
 * will ever cover them, so an untested one is no gap to close.
 */
export type IneligibleEndpoints = Map<string, string>;

/**
 * APISnoop's conformance-endpoints.json, compact: operationId -> the release ("1.10") in which conformance tests
 * first covered it (its tested_release). Shipped as data/conformance-endpoints.json by scripts/make-data.ts.
 */
export interface TestedSince {
  source: string;
  releases: Map<string, string>;
}

/** "1.33.0" or "v1.33" -> "1.33": the release a coverage file or a spec names. */
export const minorOf = (v: string): string | null => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? null;

/**
 * The coverage data with what conformance-endpoints.json adds: an endpoint of the data's release R (one it lists)
 * is conformance tested (and tested) when the data says so, or when a conformance test covers it since R or before.
 * A coverage file is one e2e run, which can miss tests that exist (the runs behind 1.32-1.34 left out 43 stable
 * endpoints tested since 1.10-1.26, such as readAppsV1NamespacedDaemonSet); a conformance test, once promoted, stays.
 * Data of no known release is left as it is.
 */
export function withTestedSince(data: ConformanceData, since: TestedSince | null): ConformanceData {
  const release = minorOf(data.release);
  if (!since || release === null) return data;
  const endpoints = new Map<string, EndpointCoverage>();
  for (const [id, e] of data.endpoints) {
    const first = since.releases.get(id);
    const promoted = !e.conformanceTested && first !== undefined && compareMinor(first, release) <= 0;
    endpoints.set(id, promoted ? { ...e, tested: true, conformanceTested: true } : e);
  }
  return { ...data, endpoints };
}
