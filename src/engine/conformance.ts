// The conformance overlay: APISnoop's published per-release coverage (which endpoints e2e and conformance
// tests hit), keyed by operationId.

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

/** Parse APISnoop's resources/coverage/<release>.json (or the compact form the project ships). */
export function conformanceFromCoverage(doc: unknown, source: string): ConformanceData {
  const d = doc as {
    release?: string;
    endpoints?: Array<{ endpoint?: string; tested?: boolean; conf_tested?: boolean; tests?: string[] }>;
  };
  if (!d || typeof d !== 'object' || !Array.isArray(d.endpoints)) {
    throw new ConformanceError(`${source}: not APISnoop coverage data (no "endpoints" array)`);
  }
  const endpoints = new Map<string, EndpointCoverage>();
  for (const e of d.endpoints) {
    if (!e.endpoint) continue;
    endpoints.set(e.endpoint, {
      tested: e.tested === true,
      conformanceTested: e.conf_tested === true,
      tests: Array.isArray(e.tests) ? e.tests.filter((t) => typeof t === 'string') : [],
    });
  }
  return { release: String(d.release ?? 'unknown'), source, endpoints };
}
