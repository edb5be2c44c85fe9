// hkerma's log against a spec a cluster served with the custom groups the log discovers as its CRDs: their resources,
// and no discovery path of theirs, as the apiserver publishes a CRD.
import path from 'node:path';
import type { Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { loadSpecFile } from '../../src/sources/specs.js';
import { analyzeLines, HKERMA_CSV, writeServedSpec, type ServedCrd } from './fixtures.js';
import { convertHkermaCsv } from './hkerma.js';

export interface HkermaServedCrds {
  lines: string[];
  /** The log against `spec` itself: the custom groups' discovery is unknown-group-version there. */
  upstream: Report;
  crds: ServedCrd[];
  /** `spec`'s release served with those groups as CRDs. */
  served: Spec;
}

export async function hkermaServedCrds(spec: Spec, release: string, dir: string): Promise<HkermaServedCrds> {
  const lines = convertHkermaCsv(HKERMA_CSV).lines;
  const upstream = analyzeLines(lines, { spec, selection: { includeSystem: true } });
  // The custom groups the log discovers (no version of theirs in the release).
  const builtIn = new Set(spec.operations.map((o) => o.path.split('/')[2]));
  const crds = upstream.unmatched
    .filter((u) => u.reason === 'unknown-group-version' && u.group !== undefined && u.version && !builtIn.has(u.group) && /^\/apis\/[^/]+\/[^/]+$/.test(u.pattern))
    .map((u) => ({ group: u.group!, version: u.version! }));
  const served = await loadSpecFile(writeServedSpec(path.join(dir, `served-${release}.json.gz`), release, crds));
  return { lines, upstream, crds, served };
}
