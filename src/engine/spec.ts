// OpenAPI v2 (swagger) of a Kubernetes release -> classified Operations.
import type { Level, Operation } from './report.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** A loaded spec: its operations and which release it describes. */
export interface Spec {
  kubernetesVersion: string;
  source: string;
  operations: Operation[];
  /**
   * Where a spec file's release was read: its own info.version, the release given with it (--k8s-version), its file
   * name, or nowhere ('unknown'). Upstream's api/openapi-spec/swagger.json says "unversioned". Absent for shipped
   * releases.
   */
  versionFrom?: 'spec' | 'given' | 'file name' | 'unknown';
  /** Path items and operations left out for their shape ("get /x: operationId is not a string"); absent when none. */
  skipped?: string[];
}

export class SpecError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'SpecError';
  }
}

interface SwaggerOperation {
  operationId?: string;
  tags?: string[];
  description?: string;
  deprecated?: boolean;
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}

export function levelOfVersion(version: string | null | undefined): Level {
  if (!version) return 'stable';
  if (/v\d+alpha\d*/.test(version)) return 'alpha';
  if (/v\d+beta\d*/.test(version)) return 'beta';
  return 'stable';
}

const LEVEL_RANK: Record<Level, number> = { stable: 0, beta: 1, alpha: 2 };

/** The most mature level among versions: a group with any GA version is stable. */
export function bestLevel(levels: Iterable<Level>): Level {
  let best: Level = 'alpha';
  for (const l of levels) if (LEVEL_RANK[l] < LEVEL_RANK[best]) best = l;
  return best;
}

/** "1.36", "v1.21.2", "unversioned": the minor release ("1.36") when one can be read. */
export function minorVersion(text: string | undefined | null): string | null {
  // Not preceded by a digit or a dot: "v2.1.0" is no Kubernetes release.
  const m = /(?:^|[^\d.])v?(1)\.(\d+)(?:\.\d+)?/.exec(text ?? '');
  return m ? `${m[1]}.${m[2]}` : null;
}

/**
 * Why a release of one digit (1.3) may have been meant as 1.30: a workflow's matrix or input written unquoted
 * (kubernetes-version: 1.30) is the YAML number 1.3. Only for 1.1 to 1.4, which have no api/openapi-spec/swagger.json
 * in their release branch, the file downloaded (it came in 1.5; 1.4's API server served one at /swagger.json, never
 * committed), nor a kind node image, so could not have been meant as they are, and whose 1.10 to 1.40 are releases
 * made or near; 1.5 to 1.9 are real releases with specs, and 1.50 to 1.90 years away. Null for any other release.
 */
export function unquotedYamlRelease(minor: string): string | null {
  const m = /^1\.([1-4])$/.exec(minor);
  return m ? `YAML reads an unquoted 1.${m[1]}0 as the number ${minor}, so quote it ("1.${m[1]}0")` : null;
}

interface PathShape {
  group: string | null;
  version: string | null;
  discovery: boolean;
}

/** Where a path template sits in the API: /api/v1/..., /apis/{group}/{version}/..., discovery, or non-resource. */
export function pathShape(path: string): PathShape {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { group: '', version: null, discovery: true };
    return { group: '', version: parts[1], discovery: parts.length === 2 };
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { group: null, version: null, discovery: true };
    if (parts.length === 2) return { group: parts[1], version: null, discovery: true };
    return { group: parts[1], version: parts[2], discovery: parts.length === 3 };
  }
  return { group: null, version: null, discovery: false };
}

/**
 * Classify every operation of a parsed OpenAPI v2 document. A path item or operation of the wrong shape is left out
 * and named in `skipped` when given: one odd operation of a served document (an aggregated API's, a CRD's) must not
 * stop a run; requests to it are unmatched.
 */
export function operationsOf(doc: unknown, source: string, skipped?: string[]): Operation[] {
  if (!doc || typeof doc !== 'object') throw new SpecError(source, 'not a JSON object');
  const d = doc as { swagger?: string; openapi?: string; paths?: Record<string, Record<string, unknown>> };
  if (d.openapi) throw new SpecError(source, `is OpenAPI ${d.openapi}; APISnoop needs the v2 document (kubectl get --raw /openapi/v2)`);
  const status = statusOf(doc);
  if (status) throw new SpecError(source, `is a Kubernetes Status, the API server's answer to a request that failed, not a spec: ${status}; save the spec itself (kubectl get --raw /openapi/v2 > spec.json)`);
  if (isOpenApiV3Index(doc)) {
    throw new SpecError(source, 'is the OpenAPI v3 index (kubectl get --raw /openapi/v3), which lists a document per group/version; APISnoop needs the v2 document (kubectl get --raw /openapi/v2 > spec.json)');
  }
  if (d.swagger !== '2.0' || !d.paths || typeof d.paths !== 'object') {
    throw new SpecError(source, 'not an OpenAPI v2 document (no "swagger": "2.0" with "paths")');
  }
  // Group discovery (/apis/{group}/) is as mature as the group's best version: a beta-only group is not "stable".
  const groupLevels = new Map<string, Level[]>();
  for (const path of Object.keys(d.paths)) {
    const s = pathShape(path);
    if (s.group !== null && s.version) {
      const list = groupLevels.get(s.group) ?? [];
      list.push(levelOfVersion(s.version));
      groupLevels.set(s.group, list);
    }
  }
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(d.paths)) {
    // Swagger 2.0 lets a vendor extension (x-…) of the Paths object hold any value: it is no path.
    if (path.startsWith('x-')) continue;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      skipped?.push(`paths[${JSON.stringify(path)}] is not an object`);
      continue;
    }
    for (const method of METHODS) {
      const op = item[method] as SwaggerOperation | undefined;
      if (op === undefined) continue;
      // What is read below is checked here, so that an odd operation is named with its place and left out, not a
      // bare TypeError, nor a number listed as an operationId.
      const problem = operationProblem(op);
      if (problem) {
        skipped?.push(`${method} ${path}: ${problem}`);
        continue;
      }
      if (!op.operationId) continue;
      const shape = pathShape(path);
      const gvk = op['x-kubernetes-group-version-kind'];
      let level: Level;
      if (shape.version) level = levelOfVersion(shape.version);
      else if (shape.group !== null && shape.group !== '') level = bestLevel(groupLevels.get(shape.group) ?? ['stable']);
      else level = 'stable';
      ops.push({
        operationId: op.operationId,
        method,
        path,
        level,
        group: gvk ? gvk.group : shape.group,
        version: gvk ? gvk.version : shape.version,
        category: (op.tags?.[0] ?? '').replace(/_v\d+.*$/, ''),
        kind: gvk ? gvk.kind : null,
        action: op['x-kubernetes-action'] ?? null,
        deprecated: op.deprecated === true || /(^|[\s.])deprecated:/i.test(op.description ?? ''),
        discovery: shape.discovery,
      });
    }
  }
  if (ops.length === 0) throw new SpecError(source, `has no operations${skipped?.length ? ` (${skipped[0]})` : ''}`);
  return ops;
}

/**
 * What a Kubernetes Status object says (`403 Forbidden: forbidden: User "system:anonymous" cannot get path
 * "/openapi/v2"`), the body curl saves when the API server refuses the request; null for anything else.
 */
function statusOf(doc: object): string | null {
  const s = doc as { kind?: unknown; code?: unknown; reason?: unknown; message?: unknown };
  if (s.kind !== 'Status') return null;
  const head = [s.code, s.reason].filter((v) => typeof v === 'number' || (typeof v === 'string' && v !== '')).join(' ');
  const message = typeof s.message === 'string' && s.message !== '' ? s.message : '';
  return [head, message].filter(Boolean).join(': ') || 'no message';
}

/** The index /openapi/v3 serves: {"paths": {"api/v1": {"serverRelativeURL": …}, …}}, a document's address per group/version. */
function isOpenApiV3Index(doc: object): boolean {
  const paths = (doc as { paths?: unknown }).paths;
  if (!paths || typeof paths !== 'object' || Array.isArray(paths)) return false;
  const entries = Object.values(paths);
  return entries.length > 0 && entries.every((e) => !!e && typeof (e as { serverRelativeURL?: unknown }).serverRelativeURL === 'string');
}

/** A warning naming what operationsOf left out of a spec for its shape, or null. */
export function skippedOperationsWarning(spec: Pick<Spec, 'source' | 'skipped'>): string | null {
  const s = spec.skipped ?? [];
  if (s.length === 0) return null;
  return (
    `${spec.source}: ${s.length} operation${s.length === 1 ? '' : 's'} left out, not of the shape of an OpenAPI v2 operation ` +
    `(${s.slice(0, 3).join('; ')}${s.length > 3 ? '; …' : ''}); requests to ${s.length === 1 ? 'it are' : 'them are'} unmatched`
  );
}

/**
 * A warning when operationIds of the spec name more than one operation (Kubernetes' own are unique; a served document
 * with CRDs or aggregated APIs whose names collide may not be): a report counts operations by operationId, so the
 * requests of all of them are counted under the first.
 */
export function duplicateOperationIdWarning(spec: Pick<Spec, 'source' | 'operations'>): string | null {
  const where = new Map<string, string[]>();
  for (const o of spec.operations) where.set(o.operationId, [...(where.get(o.operationId) ?? []), `${o.method} ${o.path}`]);
  const dups = [...where].filter(([, at]) => at.length > 1);
  if (dups.length === 0) return null;
  const [id, at] = dups[0]!;
  return (
    `${spec.source}: ${dups.length} operationId${dups.length === 1 ? ' names' : 's name'} more than one operation (${id}: ${at.join(', ')}${dups.length > 1 ? '; …' : ''}); ` +
    'a report counts requests by operationId, so those to each are counted under its first operation'
  );
}

/** What a reader of the spec's operations is told of it: what was left out, then operationIds that name several. */
export function specWarnings(spec: Pick<Spec, 'source' | 'skipped' | 'operations'>): string[] {
  return [skippedOperationsWarning(spec), duplicateOperationIdWarning(spec)].filter((w): w is string => w !== null);
}

/** What is wrong with one operation of a spec for operationsOf, or null. */
function operationProblem(op: unknown): string | null {
  if (!op || typeof op !== 'object' || Array.isArray(op)) return 'not an operation object';
  const o = op as Record<string, unknown>;
  if (o.operationId !== undefined && typeof o.operationId !== 'string') return 'operationId is not a string';
  if (o.tags !== undefined && !(Array.isArray(o.tags) && o.tags.every((t) => typeof t === 'string'))) return 'tags is not a list of strings';
  if (o.description !== undefined && typeof o.description !== 'string') return 'description is not a string';
  if (o['x-kubernetes-action'] !== undefined && typeof o['x-kubernetes-action'] !== 'string') return 'x-kubernetes-action is not a string';
  const gvk = o['x-kubernetes-group-version-kind'];
  if (gvk !== undefined) {
    const g = gvk as Record<string, unknown> | null;
    if (!g || typeof g !== 'object' || typeof g.group !== 'string' || typeof g.version !== 'string' || typeof g.kind !== 'string') {
      return 'x-kubernetes-group-version-kind is not {group, version, kind}';
    }
  }
  return null;
}

/** The release a spec's own info.version names ("v1.30.2" -> "1.30"), or null ("unversioned"). */
export function declaredVersion(doc: unknown): string | null {
  return minorVersion((doc as { info?: { version?: string } }).info?.version);
}

/**
 * The release: what the spec says (a served spec says what the cluster runs), else what its file name says
 * (swagger-1.30.json), else `version`, the release given for a spec that names none (the Action's kubernetes-version
 * has a default, which must not override a name).
 */
export function specFromDocument(doc: unknown, source: string, version?: string): Spec {
  const skipped: string[] = [];
  const operations = operationsOf(doc, source, skipped);
  const declared = declaredVersion(doc);
  const given = version ? (minorVersion(version) ?? version) : null;
  // From the file's own name only: a folder such as helm-1.17/ says nothing of the spec inside.
  const named = minorVersion(source.split(/[\\/]/).pop());
  const [kubernetesVersion, versionFrom] = declared
    ? [declared, 'spec' as const]
    : named
      ? [named, 'file name' as const]
      : given
        ? [given, 'given' as const]
        : ['unknown', 'unknown' as const];
  return { kubernetesVersion, source, operations, versionFrom, ...(skipped.length ? { skipped } : {}) };
}
