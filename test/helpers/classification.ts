// Compare our classification of a spec's operations with APISnoop's published coverage file, and sort every
// disagreement into a named class. An endpoint that fits no class is "unexplained" and fails the tests.
// The classes and their reasons are documented in docs/classification.md.
import { readFixtureJson } from './fixtures.js';

export const COMPARED_FIELDS = ['level', 'group', 'version', 'category', 'kind', 'action'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The fields `apisnoop endpoints --json` prints for one operation. */
export interface EndpointRow {
  operationId: string;
  method: string;
  path: string;
  level: string;
  group: string | null;
  version: string | null;
  category: string;
  kind: string | null;
  action: string | null;
  deprecated: boolean;
}

/** One entry of APISnoop's resources/coverage/<release>.json. */
export interface ApisnoopEndpoint {
  endpoint: string;
  path: string;
  level: string;
  group: string | null;
  version: string | null;
  category: string;
  kind: string | null;
  action: string | null;
}

export type DisagreementClass = 'discovery-group-version' | 'group-discovery-level' | 'service-account-issuer-level' | 'unexplained';

export interface Comparison {
  /** APISnoop endpoints that are not operations of the spec. */
  missingFromSpec: string[];
  /** Spec operations APISnoop does not list. */
  notInApisnoop: string[];
  compared: number;
  agreeing: number;
  /** Endpoints per class (an endpoint is counted once per class it falls in). */
  classes: Record<DisagreementClass, string[]>;
  /** For reading failures: every differing field. */
  details: string[];
}

export function apisnoopCoverage(release: string): { release: string; endpoints: ApisnoopEndpoint[] } {
  return readFixtureJson('apisnoop', `coverage-${release}.0.json.gz`);
}

const DISCOVERY_PATH = /^\/apis?\/(?:[^/]+\/)?(?:[^/]+\/)?$/;
const GROUP_DISCOVERY_PATH = /^\/apis\/([^/]+)\/$/;
const ISSUER_OPERATIONS = new Set(['getServiceAccountIssuerOpenIDConfiguration', 'getServiceAccountIssuerOpenIDKeyset']);

/**
 * Sort one differing field of one endpoint into its class. `gaGroups` are the groups the spec serves at a GA
 * version (read from the spec's paths by the caller, independently of the engine).
 */
function classOf(ours: EndpointRow, field: ComparedField, theirs: ApisnoopEndpoint, gaGroups: Set<string>): DisagreementClass {
  const discovery = DISCOVERY_PATH.test(ours.path);
  // (a) APISnoop gives discovery operations no group or version; we name the group (and version) they describe.
  if (discovery && (field === 'group' || field === 'version') && theirs[field] === null && ours[field] !== null) return 'discovery-group-version';
  // (b) /apis/{group}/ of a group with no GA version: APISnoop says stable, we say the level of its best version.
  const g = GROUP_DISCOVERY_PATH.exec(ours.path);
  if (g && field === 'level' && theirs.level === 'stable' && ours.level !== 'stable' && !gaGroups.has(g[1])) return 'group-discovery-level';
  // (c) The service account issuer discovery endpoints: APISnoop keeps the level they had as a beta feature.
  if (ISSUER_OPERATIONS.has(ours.operationId) && field === 'level' && theirs.level === 'beta' && ours.level === 'stable') return 'service-account-issuer-level';
  return 'unexplained';
}

/** The groups that have at least one GA version (vN without alpha/beta) among the spec's paths. */
export function gaGroupsOf(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const m = /^\/apis\/([^/]+)\/(v\d+)\//.exec(p);
    if (m) out.add(m[1]);
  }
  return out;
}

export function compareWithApisnoop(rows: EndpointRow[], apisnoop: ApisnoopEndpoint[], specPaths: string[]): Comparison {
  const byId = new Map(rows.map((r) => [r.operationId, r]));
  const theirIds = new Set(apisnoop.map((e) => e.endpoint));
  const gaGroups = gaGroupsOf(specPaths);
  const classes: Comparison['classes'] = {
    'discovery-group-version': [],
    'group-discovery-level': [],
    'service-account-issuer-level': [],
    unexplained: [],
  };
  const details: string[] = [];
  const missingFromSpec: string[] = [];
  let compared = 0;
  let agreeing = 0;
  for (const e of apisnoop) {
    const ours = byId.get(e.endpoint);
    if (!ours) {
      missingFromSpec.push(e.endpoint);
      continue;
    }
    compared++;
    const found = new Set<DisagreementClass>();
    for (const f of COMPARED_FIELDS) {
      if (ours[f] === e[f]) continue;
      found.add(classOf(ours, f, e, gaGroups));
      details.push(`${e.endpoint} ${f}: ours ${JSON.stringify(ours[f])}, APISnoop ${JSON.stringify(e[f])}`);
    }
    if (found.size === 0) agreeing++;
    for (const c of found) classes[c].push(e.endpoint);
  }
  return {
    missingFromSpec,
    notInApisnoop: rows.filter((r) => !theirIds.has(r.operationId)).map((r) => r.operationId),
    compared,
    agreeing,
    classes,
    details,
  };
}
