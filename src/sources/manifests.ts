// The RBAC a chart installs: Role, ClusterRole, RoleBinding and ClusterRoleBinding read from YAML or JSON manifests,
// `helm template` output (multi-document, `# Source:` comments), or `kubectl get -o yaml` Lists. Other kinds are
// counted and skipped; an RBAC object that the apiserver would reject is an error naming file and line.
import { readFile } from 'node:fs/promises';
import { constructFromEvents, EVENT_ID, getScalarValue, loadAll, parseEvents, YAMLException, type Event } from 'js-yaml';
import { RBAC_GROUP, sourcePlace, type BindingObject, type LabelSelector, type ObjectSource, type PolicyRule, type RbacObjects, type RoleObject, type Subject } from '../engine/rbac.js';
import { DistinctFiles, duplicateInput, inputFiles, shownName } from './input-files.js';
import { isObject } from './report-file.js';
import { readFailure } from './read-failure.js';

export class ManifestError extends Error {}

export interface ManifestRead extends RbacObjects {
  files: string[];
  /** Objects of other kinds, by kind: a Deployment in the chart is expected, not an error. */
  skipped: Record<string, number>;
  /** Namespaced RBAC objects without metadata.namespace, placed in the default namespace given. */
  defaulted: string[];
  /** Workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Pod) and the service account each runs as. */
  workloads: Workload[];
  /** ServiceAccount objects the manifests create. */
  serviceAccounts: Array<{ namespace: string; name: string; source: ObjectSource }>;
  /** RBAC objects of rbac.authorization.k8s.io/v1beta1 or v1alpha1 (gone since Kubernetes 1.22), read as v1. */
  removedApi: string[];
}

export interface Workload {
  kind: string;
  name: string;
  /** metadata.namespace, else the default namespace given (as helm install -n places it). */
  namespace: string;
  /** spec.serviceAccountName of its pod template; "default" when it names none, as the apiserver fills it in. */
  serviceAccount: string;
  source: ObjectSource;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const RBAC_API = /^rbac\.authorization\.k8s\.io\/v1(beta1|alpha1)?$/;
/** An apiGroup set: none, null and "" are what the API server defaults (SetDefaults_Subject, SetDefaults_RoleBinding). */
const givenGroup = (group: unknown): boolean => group !== undefined && group !== null && group !== '';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** One YAML document of a file: its text, where it starts, its first line of content, and the helm template it came from. */
interface Chunk {
  text: string;
  start: number;
  line: number;
  template?: string;
}

/**
 * Split on document markers, keeping each document's first line: js-yaml's loadAll gives documents but not where
 * they start, and an error in the 40th object of a `helm template` dump should say which line and template.
 */
function chunks(text: string): Chunk[] {
  const lines = text.split(/\r?\n/);
  const out: Chunk[] = [];
  let start = 0;
  const flush = (end: number): void => {
    const body = lines.slice(start, end);
    const first = body.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !/^(---|\.\.\.)\s*$/.test(l));
    if (first !== -1) {
      const src = body.map((l) => /^# Source: (.+?)\s*$/.exec(l)?.[1]).find(Boolean);
      out.push({ text: body.join('\n'), start: start + 1, line: start + first + 1, ...(src ? { template: src } : {}) });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (i > start && /^---(\s|$)/.test(lines[i])) {
      flush(i);
      start = i;
    }
  }
  flush(lines.length);
  return out;
}

/** A kind's count so far: its own entry only (a kind may be named toString). */
const countOf = (counts: Record<string, number>, kind: string): number => (Object.hasOwn(counts, kind) ? counts[kind]! : 0);


class Place {
  constructor(
    readonly source: ObjectSource,
    readonly what: string,
  ) {}
  fail(message: string): never {
    throw new ManifestError(`${sourcePlace(this.source)}: ${this.what}: ${message}`);
  }
}

function stringList(v: unknown, field: string, at: Place, required = false): string[] | undefined {
  if (v === undefined || v === null) {
    if (required) at.fail(`${field} is required`);
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) at.fail(`${field} must be a list of strings, got ${JSON.stringify(v)}`);
  return v as string[];
}

function rulesOf(v: unknown, kind: 'Role' | 'ClusterRole', at: Place): PolicyRule[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) at.fail('rules must be a list');
  return v.map((raw, i) => {
    if (!isObject(raw)) at.fail(`rules[${i}] is not an object`);
    const rule: PolicyRule = { verbs: stringList(raw.verbs, `rules[${i}].verbs`, at, true)! };
    if (rule.verbs.length === 0) at.fail(`rules[${i}].verbs is empty`);
    for (const f of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
      const list = stringList(raw[f], `rules[${i}].${f}`, at);
      if (list) rule[f] = list;
    }
    const hasResources = (rule.resources ?? []).length > 0;
    const hasUrls = (rule.nonResourceURLs ?? []).length > 0;
    if (hasUrls && kind === 'Role') at.fail(`rules[${i}] has nonResourceURLs, which only a ClusterRole may hold`);
    // As the API server's ValidatePolicyRule: a URL rule holds no apiGroups, resources or resourceNames.
    if (hasUrls && hasResources) at.fail(`rules[${i}] mixes resources and nonResourceURLs`);
    if (hasUrls && (rule.apiGroups ?? []).length + (rule.resourceNames ?? []).length > 0) at.fail(`rules[${i}] has nonResourceURLs, and apiGroups or resourceNames, which apply to resources only`);
    if (!hasUrls && !hasResources) at.fail(`rules[${i}] has neither resources nor nonResourceURLs`);
    if (hasResources && rule.apiGroups === undefined) at.fail(`rules[${i}] has resources but no apiGroups ("" is the core group)`);
    // An empty list is no default: it grants in no group, and the API server refuses it.
    if (hasResources && rule.apiGroups!.length === 0) at.fail(`rules[${i}] has resources but apiGroups is empty ("" is the core group)`);
    return rule;
  });
}

function labelsOf(meta: Record<string, unknown>, at: Place): Record<string, string> {
  const l = meta.labels;
  if (l === undefined || l === null) return {};
  if (!isObject(l)) at.fail('metadata.labels is not a map');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(l)) out[k] = String(v);
  return out;
}

function selectorsOf(v: unknown, at: Place): LabelSelector[] {
  if (!isObject(v)) at.fail('aggregationRule is not an object');
  const sels = v.clusterRoleSelectors;
  if (!Array.isArray(sels)) at.fail('aggregationRule.clusterRoleSelectors must be a list');
  return sels.map((s, i) => {
    if (!isObject(s)) at.fail(`aggregationRule.clusterRoleSelectors[${i}] is not an object`);
    const sel: LabelSelector = {};
    if (s.matchLabels !== undefined) {
      if (!isObject(s.matchLabels)) at.fail(`clusterRoleSelectors[${i}].matchLabels is not a map`);
      sel.matchLabels = Object.fromEntries(Object.entries(s.matchLabels).map(([k, x]) => [k, String(x)]));
    }
    if (s.matchExpressions !== undefined) {
      if (!Array.isArray(s.matchExpressions)) at.fail(`clusterRoleSelectors[${i}].matchExpressions is not a list`);
      sel.matchExpressions = s.matchExpressions.map((e, j) => {
        if (!isObject(e) || typeof e.key !== 'string' || !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator as string)) {
          at.fail(`clusterRoleSelectors[${i}].matchExpressions[${j}] needs a key and an operator In, NotIn, Exists or DoesNotExist`);
        }
        return { key: e.key, operator: e.operator as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: stringList(e.values, 'values', at) };
      });
    }
    return sel;
  });
}

function subjectsOf(v: unknown, bindingKind: string, at: Place): Subject[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) at.fail('subjects must be a list');
  return v.map((s, i) => {
    if (!isObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string' || !s.name) at.fail(`subjects[${i}] needs a kind and a name`);
    if (!['ServiceAccount', 'User', 'Group'].includes(s.kind)) at.fail(`subjects[${i}].kind is ${JSON.stringify(s.kind)}, not ServiceAccount, User or Group`);
    if (s.namespace !== undefined && typeof s.namespace !== 'string') at.fail(`subjects[${i}].namespace is not a string`);
    if (s.kind === 'ServiceAccount' && !s.namespace && bindingKind === 'ClusterRoleBinding') {
      at.fail(`subjects[${i}] is a ServiceAccount without namespace, which a ClusterRoleBinding must give`);
    }
    // As the API server validates a subject, after defaulting an empty apiGroup: "" for a ServiceAccount (the core
    // group), rbac.authorization.k8s.io for a User or Group.
    const group = s.apiGroup;
    if (givenGroup(group)) {
      if (s.kind === 'ServiceAccount') at.fail(`subjects[${i}] is a ServiceAccount with apiGroup ${JSON.stringify(group)}, which must be empty (the core group)`);
      if (group !== RBAC_GROUP) at.fail(`subjects[${i}] is a ${s.kind} with apiGroup ${JSON.stringify(group)}, not ${RBAC_GROUP} (or none)`);
    }
    return { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace as string } : {}) };
  });
}

/** Parse one manifest text. `defaultNamespace` places Roles and RoleBindings that name none (as `helm install -n` would). */
/** Top-level fields of a Secret that say what it is, not what it holds. */
const SECRET_KEEPS = new Set(['apiVersion', 'kind', 'metadata', 'type', 'immutable']);

/**
 * Whether a document may be or hold a Secret: any value "Secret" in it counts (its kind, the kind of a List's item,
 * a kind given through a merge key `<<`, which Go's YAML resolves and js-yaml may not). Only the upload is redacted,
 * so a document taken out that was not a Secret costs nothing but its lines there.
 */
function holdsSecret(doc: unknown): boolean {
  if (doc === 'Secret') return true;
  if (Array.isArray(doc)) return doc.some(holdsSecret);
  return isObject(doc) && Object.values(doc).some(holdsSecret);
}

/**
 * The manifests with every Secret's contents taken out, line for line, so that a place named in them still holds:
 * the last pass over what leastPrivilegeManifest keeps of the release manifest the Action uploads, for a Secret among
 * the RBAC objects (a List, an RBAC apiVersion given to a Secret). Least privilege never reads a Secret.
 *
 * A lone CR ends a line, as it does for YAML: it becomes a line feed first. A Secret in block style keeps its
 * apiVersion, kind, metadata, type and immutable; every other line starting at the left margin (any other key, a
 * merge key `<<`, an explicit `?` key) becomes a comment saying it was taken out, and the lines under it blank lines.
 * A document written otherwise (JSON, a flow mapping, a List holding a Secret, a kind from a merge key), and any
 * document that is not YAML (helm may read it otherwise), is blanked whole, with such a comment.
 */
export function redactSecrets(text: string): { text: string; secrets: number } {
  const plain = text.replace(/\r(?!\n)/g, '\n');
  const lines = plain.split('\n');
  let secrets = 0;
  for (const chunk of chunks(plain)) {
    let docs: unknown[] | null;
    try {
      docs = loadAll(chunk.text);
    } catch {
      docs = null;
    }
    // YAML this cannot read may still be a Secret to helm (a tag, a form js-yaml refuses): it is taken out whole.
    if (docs !== null && !docs.some(holdsSecret)) continue;
    secrets++;
    const first = chunk.line - 1;
    const end = chunk.start - 1 + chunk.text.split('\n').length;
    const blockSecret = docs?.length === 1 && isObject(docs[0]) && docs[0].kind === 'Secret' && !('<<' in docs[0]) && /^[A-Za-z"']/.test(lines[first]);
    if (!blockSecret) {
      lines[first] = docs === null ? '# (a document that is not YAML, which may hold a Secret: taken out by APISnoop)' : '# (a document holding a Secret: taken out by APISnoop)';
      for (let i = first + 1; i < end; i++) lines[i] = '';
      continue;
    }
    let dropping = false;
    for (let i = first; i < end; i++) {
      const line = lines[i];
      if (/^(---|\.\.\.)(\s|$)/.test(line)) continue;
      if (/^[^\s#]/.test(line)) {
        // At the left margin: a key of the Secret's top level. Only the ones that say what it is stay.
        const key = /^(["']?)([A-Za-z][\w-]*)\1\s*:(\s|$)/.exec(line)?.[2];
        dropping = key === undefined || !SECRET_KEEPS.has(key);
        if (dropping) lines[i] = `# ${key ?? 'a field'}: taken out by APISnoop`;
      } else if (dropping) lines[i] = '';
    }
  }
  return { text: lines.join('\n'), secrets };
}

/** What least privilege reads of the documents the upload leaves out, counted as the upload is made. */
interface Trim {
  rbac: number;
  left: string[];
}

/**
 * Whether parseManifests reads an object as a List: kind List (refused without items), or a kind ending in List that
 * has items.
 */
const readAsList = (doc: Record<string, unknown>): boolean =>
  typeof doc.kind === 'string' && (doc.kind === 'List' || (doc.kind.endsWith('List') && Array.isArray(doc.items)));

/** A List as parseManifests reads one, with its items. */
const isList = (doc: unknown): doc is Record<string, unknown> & { kind: string; items: unknown[] } =>
  isObject(doc) && readAsList(doc) && Array.isArray(doc.items);

/**
 * A List's items as objects of their own. A typed List (ClusterRoleList, as the API and `kubectl get --raw` return
 * it) leaves kind and apiVersion out of its items: they are the List's kind without "List", and its apiVersion.
 */
function listItems(list: Record<string, unknown> & { kind: string; items: unknown[] }): unknown[] {
  if (list.kind === 'List') return list.items;
  const kind = list.kind.slice(0, -'List'.length);
  return list.items.map((item) => (isObject(item) && item.kind === undefined ? { apiVersion: list.apiVersion, kind, ...item } : item));
}

/** A kind or name as a comment may show it: one line, no more than a name holds. */
const shown = (v: unknown): string => (typeof v === 'string' && /^[\w.:@/-]{1,253}$/.test(v) ? v : '(unnamed)');

/**
 * What parseManifests reads of one parsed document, or undefined when it reads nothing: RBAC objects (and any object
 * of the RBAC API, which it refuses if malformed) and v1 ServiceAccounts whole, a workload as its name, namespace and
 * the service account its pod spec names, a List as what it reads of its items. A document it refuses for its shape
 * (no kind, not an object, a List without items) keeps only that shape, so that it is refused alike; what is left out
 * is named in `trim.left`.
 */
function leastPrivilegePart(doc: unknown, trim: Trim): unknown {
  if (doc === null || doc === undefined) return undefined;
  if (!isObject(doc)) return Array.isArray(doc) ? [] : typeof doc === 'string' ? '' : typeof doc === 'number' ? 0 : false;
  const kind = doc.kind;
  if (typeof kind !== 'string') return {};
  if (readAsList(doc)) {
    if (!isList(doc)) return { kind };
    const items = listItems(doc).map((item) => leastPrivilegePart(item, trim)).filter((item) => item !== undefined);
    return items.length > 0 ? { apiVersion: doc.apiVersion, kind, items } : undefined;
  }
  if (typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('rbac.authorization.k8s.io')) {
    trim.rbac++;
    return doc;
  }
  if (kind === 'ServiceAccount' && doc.apiVersion === 'v1') return doc;
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const path = Object.hasOwn(POD_SPEC_PATH, kind) ? POD_SPEC_PATH[kind] : undefined; // kind: toString is a CRD's to name
  let spec: unknown = doc;
  for (const key of path ?? []) spec = isObject(spec) ? spec[key] : undefined;
  if (!path || !isObject(spec)) {
    trim.left.push(`${shown(kind)} ${shown(meta.name)}`);
    return undefined;
  }
  // As noteIdentity reads it: serviceAccountName, else the deprecated serviceAccount, else default.
  let runsAs: Record<string, unknown> = {};
  for (const f of ['serviceAccountName', 'serviceAccount']) if (typeof spec[f] === 'string') runsAs[f] = spec[f];
  for (const key of [...path].reverse()) runsAs = { [key]: runsAs };
  const named = Object.fromEntries(['name', 'namespace'].filter((f) => typeof meta[f] === 'string').map((f) => [f, meta[f]]));
  return { apiVersion: doc.apiVersion, kind, metadata: named, ...runsAs };
}

/**
 * The release manifest as the Action uploads it: only what least privilege reads, so that no value a chart renders
 * into a ConfigMap, an env var or a Secret (`set: apiToken=${{ secrets.X }}`) reaches an artifact anyone who can read
 * the repository may download. Line for line, so that the template and line the report names still hold: an RBAC
 * object or ServiceAccount stays as helm printed it; any other document becomes one comment line naming it, and blank
 * lines; a workload, a List, a document holding several becomes one line of JSON holding what is read of it (a
 * workload's service account), with such a comment. YAML that does not parse is left out with a comment. What is kept
 * still has its Secrets taken out (redactSecrets). `rbac` counts the objects of the RBAC API kept: with none, the
 * upload has nothing to show.
 */
export function leastPrivilegeManifest(text: string): { text: string; rbac: number; leftOut: number; secrets: number } {
  const plain = text.replace(/\r(?!\n)/g, '\n');
  const lines = plain.split('\n');
  const trim: Trim = { rbac: 0, left: [] };
  let leftOut = 0;
  for (const chunk of chunks(plain)) {
    const first = chunk.line - 1;
    const end = chunk.start - 1 + chunk.text.split('\n').length;
    const replace = (line: string): void => {
      // A document that starts on its own "---" line keeps it: without it, it would run on from the one above.
      lines[first] = (/^---\s/.exec(lines[first])?.[0] ?? '') + line;
      for (let i = first + 1; i < end; i++) lines[i] = '';
    };
    let read: ReturnType<typeof readChunk>;
    try {
      read = readChunk(chunk);
    } catch {
      leftOut++;
      replace('# (a document that is not YAML: left out by APISnoop)');
      continue;
    }
    const { docs } = read;
    const before = trim.left.length;
    // A List's items are placed on their own lines (parseManifests): each kept one stays on its line.
    const list = docs.length === 1 && isList(docs[0]) && read.itemLines[0] !== undefined ? docs[0] : undefined;
    const items = list ? list.items.map((item, i) => ({ part: leastPrivilegePart(item, trim), line: read.itemLines[0]![i]! - 1 })).filter((x) => x.part !== undefined) : [];
    const parts = list ? (items.length > 0 ? [list] : []) : docs.map((doc) => leastPrivilegePart(doc, trim)).filter((part) => part !== undefined);
    const left = trim.left.slice(before);
    leftOut += left.length;
    if (!list && docs.length === 1 && parts[0] === docs[0]) continue;
    if (docs.every((doc) => doc === null || doc === undefined)) continue;
    const named = left.length <= 3 ? left.join(', ') : `${left.slice(0, 3).join(', ')} and ${left.length - 3} more`;
    if (parts.length === 0) {
      replace(`# ${named}: left out by APISnoop (least privilege does not read it)`);
      continue;
    }
    const cut = ` # cut by APISnoop to what least privilege reads${left.length > 0 ? ` (${named} left out)` : ''}`;
    if (list) {
      // Flow style may run over lines: the List opens on its first line, each item follows on its own, the last closes it.
      replace(`${JSON.stringify({ apiVersion: list.apiVersion, kind: list.kind }).slice(0, -1)},"items":[`);
      items.forEach(({ part, line }, i) => (lines[line] += JSON.stringify(part) + (i < items.length - 1 ? ',' : `]}${cut}`)));
      continue;
    }
    // Several documents in one (a "..." end marker) share their first line as their place: one List holds them.
    const kept = parts.length === 1 ? parts[0] : { apiVersion: 'v1', kind: 'List', items: parts };
    replace(`${JSON.stringify(kept)}${cut}`);
  }
  return { ...redactSecrets(lines.join('\n')), rbac: trim.rbac, leftOut };
}

/** The index of the event after the node that starts at events[i]. */
function afterNode(events: readonly Event[], i: number): number {
  let depth = 0;
  do {
    const type = events[i++]!.type;
    if (type === EVENT_ID.SEQUENCE || type === EVENT_ID.MAPPING) depth++;
    else if (type === EVENT_ID.POP) depth--;
  } while (depth > 0);
  return i;
}

/** Where a node starts in the text: its tag, else its anchor, else itself. */
function nodeStart(e: Event): number {
  const at =
    e.type === EVENT_ID.SCALAR
      ? [e.tagStart, e.anchorStart, e.valueStart]
      : e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE
        ? [e.tagStart, e.anchorStart, e.start]
        : e.type === EVENT_ID.ALIAS
          ? [e.anchorStart]
          : [];
  return at.find((x) => x >= 0) ?? 0;
}

/**
 * Per document, the offsets its top-level `items` list's entries start at (undefined without one): a List's objects
 * are placed by their own line, as kubectl prints them one below the other, not all by the List's first line.
 */
function itemOffsets(text: string, events: readonly Event[]): Array<number[] | undefined> {
  const out: Array<number[] | undefined> = [];
  let i = 0;
  while (i < events.length) {
    i++; // the document
    let items: number[] | undefined;
    if (events[i]?.type === EVENT_ID.MAPPING) {
      let key = i + 1;
      while (events[key]!.type !== EVENT_ID.POP) {
        const k = events[key]!;
        const value = afterNode(events, key);
        if (k.type === EVENT_ID.SCALAR && getScalarValue(text, k) === 'items' && events[value]!.type === EVENT_ID.SEQUENCE) {
          items = [];
          for (let item = value + 1; events[item]!.type !== EVENT_ID.POP; item = afterNode(events, item)) items.push(nodeStart(events[item]!));
        }
        key = afterNode(events, value);
      }
      i = key + 1;
    } else if (events[i]?.type !== EVENT_ID.POP) i = afterNode(events, i);
    out.push(items);
    i++; // the document's end
  }
  return out;
}

/** The 1-based lines of increasing offsets into `text`, whose first line is `first`. */
function linesAt(text: string, offsets: readonly number[], first: number): number[] {
  let line = first;
  let nl = text.indexOf('\n');
  return offsets.map((offset) => {
    for (; nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
    return line;
  });
}

/**
 * A chunk's documents (js-yaml's loadAll, in its two steps: the events also say where each item of a List starts),
 * and per document the lines its List's items start on (undefined when it is no List, or when the events do not
 * place every item: items from a merge key, <<, are not where they put them). Throws YAMLException.
 */
function readChunk(chunk: Chunk, filename = ''): { docs: unknown[]; itemLines: Array<number[] | undefined> } {
  const events = parseEvents(chunk.text, { filename });
  const docs = constructFromEvents(events, { source: chunk.text, filename });
  const placed = (o: number[] | undefined, doc: unknown): number[] | undefined =>
    o && isList(doc) && o.length === doc.items.length ? linesAt(chunk.text, o, chunk.start) : undefined;
  const itemLines = docs.some(isList) ? itemOffsets(chunk.text, events).map((o, d) => placed(o, docs[d])) : [];
  return { docs, itemLines };
}

export function parseManifests(text: string, file: string, defaultNamespace: string): ManifestRead {
  const out: ManifestRead = { roles: [], bindings: [], files: [file], skipped: {}, defaulted: [], workloads: [], serviceAccounts: [], removedApi: [] };
  for (const chunk of chunks(text)) {
    let read: ReturnType<typeof readChunk>;
    try {
      read = readChunk(chunk, file);
    } catch (err) {
      if (err instanceof YAMLException) {
        // Position 0 is where js-yaml puts what it cannot place (a key that is a map: {{ .Values.name }}): the
        // document's first line says more than the "---" above it.
        const line = err.mark && err.mark.position > 0 ? chunk.start + err.mark.line : chunk.line;
        const hint = chunk.text.includes('{{') ? ' (an unrendered Helm template? give the rendered manifests: helm template)' : '';
        throw new ManifestError(`${sourcePlace({ file, line, template: chunk.template })}: not YAML: ${err.reason}${hint}`);
      }
      throw err;
    }
    const source: ObjectSource = { file, line: chunk.line, ...(chunk.template ? { template: chunk.template } : {}) };
    read.docs.forEach((doc, d) => addObject(doc, source, defaultNamespace, out, read.itemLines[d]));
  }
  return out;
}

/** `itemLines`: where each item of a List starts, when known. */
function addObject(doc: unknown, source: ObjectSource, defaultNamespace: string, out: ManifestRead, itemLines?: number[]): void {
  if (doc === null || doc === undefined) return;
  const at: Place = new Place(source, 'document');
  if (!isObject(doc)) at.fail(`not a Kubernetes object (a ${Array.isArray(doc) ? 'list' : typeof doc})`);
  const kind = doc.kind;
  if (typeof kind !== 'string') at.fail('no kind');
  if (readAsList(doc)) {
    if (!isList(doc)) at.fail('List without items');
    // Unplaced (readChunk): the List's line, as before.
    listItems(doc).forEach((item, i) => addObject(item, itemLines ? { ...source, line: itemLines[i]! } : source, defaultNamespace, out));
    return;
  }
  const isRbac = typeof doc.apiVersion === 'string' && RBAC_API.test(doc.apiVersion);
  const rbacKind = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(kind);
  // An RBAC object the API server would refuse is not skipped in silence: a misspelt kind would drop a binding.
  if (isRbac && !rbacKind) at.fail(`${kind} is not an RBAC kind (Role, ClusterRole, RoleBinding or ClusterRoleBinding)`);
  if (!isRbac && rbacKind && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('rbac.authorization.k8s.io')) {
    at.fail(`${kind} with apiVersion ${doc.apiVersion}, not rbac.authorization.k8s.io/v1`);
  }
  // A template left unrendered ("{{ .Values.name }}", quoted so that it is valid YAML) names nothing that exists.
  if (isRbac && rbacKind && JSON.stringify(doc).includes('{{')) {
    at.fail(`${kind} holds an unrendered template ({{ … }}): give the rendered manifests (helm template)`);
  }
  if (!isRbac || !rbacKind) {
    out.skipped[kind] = countOf(out.skipped, kind) + 1;
    noteIdentity(doc, kind, source, defaultNamespace, out);
    return;
  }
  const meta = isObject(doc.metadata) ? doc.metadata : at.fail(`${kind} without metadata`);
  if (typeof meta.name !== 'string' || !meta.name) at.fail(`${kind} without metadata.name`);
  const obj: Place = new Place(source, `${kind} ${meta.name}`);
  // Their fields are v1's: compared as written, but no cluster since 1.22 accepts them.
  if (doc.apiVersion !== 'rbac.authorization.k8s.io/v1') out.removedApi.push(`${kind} ${meta.name} (${sourcePlace(source)}): ${doc.apiVersion}`);
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  let namespace: string | undefined;
  if (namespaced) {
    if (meta.namespace !== undefined && typeof meta.namespace !== 'string') obj.fail('metadata.namespace is not a string');
    namespace = (meta.namespace as string | undefined) || undefined;
    if (!namespace) {
      namespace = defaultNamespace;
      out.defaulted.push(`${kind} ${meta.name} -> ${defaultNamespace}`);
    }
  }
  const ns = namespace !== undefined ? { namespace } : {};
  if (kind === 'Role' || kind === 'ClusterRole') {
    const role: RoleObject = { kind, name: meta.name, ...ns, labels: labelsOf(meta, obj), rules: rulesOf(doc.rules, kind, obj), source };
    if (kind === 'ClusterRole' && doc.aggregationRule !== undefined && doc.aggregationRule !== null) {
      role.aggregationRule = { clusterRoleSelectors: selectorsOf(doc.aggregationRule, obj) };
    }
    // Only the API server writes a resourceVersion: helm template and charts never carry one.
    if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '') role.served = true;
    out.roles.push(role);
    return;
  }
  const ref = doc.roleRef;
  if (!isObject(ref) || typeof ref.name !== 'string' || !ref.name || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) {
    obj.fail('roleRef needs kind Role or ClusterRole and a name');
  }
  if (kind === 'ClusterRoleBinding' && ref.kind === 'Role') obj.fail('a ClusterRoleBinding cannot refer to a Role');
  // None is defaulted to the RBAC group; any other is refused (a kind of another group is no role).
  if (givenGroup(ref.apiGroup) && ref.apiGroup !== RBAC_GROUP) {
    obj.fail(`roleRef.apiGroup is ${JSON.stringify(ref.apiGroup)}, not ${RBAC_GROUP}`);
  }
  const binding: BindingObject = {
    kind: kind as 'RoleBinding' | 'ClusterRoleBinding',
    name: meta.name,
    ...ns,
    roleRef: { kind: ref.kind as 'Role' | 'ClusterRole', name: ref.name as string },
    subjects: subjectsOf(doc.subjects, kind, obj),
    source,
  };
  out.bindings.push(binding);
}

/** Who the chart's pods run as: the identities whose least privilege is worth checking. Not RBAC, so not validated. */
function noteIdentity(doc: Record<string, unknown>, kind: string, source: ObjectSource, defaultNamespace: string, out: ManifestRead): void {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : defaultNamespace;
  if (kind === 'ServiceAccount' && doc.apiVersion === 'v1' && name) {
    out.serviceAccounts.push({ namespace, name, source });
    return;
  }
  const path = Object.hasOwn(POD_SPEC_PATH, kind) ? POD_SPEC_PATH[kind] : undefined; // kind: toString is a CRD's to name
  if (!path) return;
  let spec: unknown = doc;
  for (const key of path) spec = isObject(spec) ? spec[key] : undefined;
  if (!isObject(spec)) return;
  // serviceAccount is the deprecated alias the apiserver still honours when serviceAccountName is empty.
  const sa = [spec.serviceAccountName, spec.serviceAccount].find((v): v is string => typeof v === 'string' && v !== '') ?? 'default';
  out.workloads.push({ kind, name, namespace, serviceAccount: sa, source });
}

/** stdin, read once: manifests are read once per namespace their unnamespaced objects default to. */
let stdinText: Promise<string> | undefined;

async function readText(file: string): Promise<string> {
  if (file === '-') {
    stdinText ??= (async () => {
      const parts: Buffer[] = [];
      for await (const c of process.stdin) parts.push(c as Buffer);
      return Buffer.concat(parts).toString('utf8');
    })();
    return stdinText;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ManifestError(readFailure(file, err));
  }
}

/**
 * Read manifest files, directories (their .yaml/.yml/.json files) or '-' (stdin: `helm template … | apisnoop rbac …
 * --granted -`). A file reached twice (named again, inside a directory also given, through a link) is read once, or
 * its objects would be granted twice; onRepeat hears of it.
 */
export async function readManifests(inputs: string[], defaultNamespace: string, onRepeat?: (message: string) => void): Promise<ManifestRead> {
  const all: ManifestRead = { roles: [], bindings: [], files: [], skipped: {}, defaulted: [], workloads: [], serviceAccounts: [], removedApi: [] };
  const distinct = new DistinctFiles((repeat) => onRepeat?.(duplicateInput(repeat)));
  for (const input of inputs) {
    const files = await inputFiles(input, distinct, {
      accept: (name) => MANIFEST_FILE.test(name),
      none: 'no .yaml, .yml or .json files',
      failure: (message) => new ManifestError(message),
      piped: 'helm template … | apisnoop rbac LOG … --granted -',
    });
    for (const file of files) {
      const one = parseManifests(await readText(file), shownName(file), defaultNamespace);
      all.roles.push(...one.roles);
      all.bindings.push(...one.bindings);
      all.files.push(...one.files);
      all.defaulted.push(...one.defaulted);
      all.workloads.push(...one.workloads);
      all.serviceAccounts.push(...one.serviceAccounts);
      all.removedApi.push(...one.removedApi);
      for (const [k, n] of Object.entries(one.skipped)) all.skipped[k] = countOf(all.skipped, k) + n;
    }
  }
  all.roles = lastOfEach(all.roles, onRepeat);
  all.bindings = lastOfEach(all.bindings, onRepeat);
  return all;
}

/**
 * One object per kind, namespace and name, as the API server holds them: the one read last, as `kubectl apply -f a -f
 * b` leaves it (a chart's role given again as `kubectl get` printed it). Both would bind: rules granted twice, and the
 * first copy "not bound".
 */
function lastOfEach<T extends RoleObject | BindingObject>(objects: T[], onRepeat?: (message: string) => void): T[] {
  const last = new Map<string, T>();
  const key = (o: T): string => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
  const at = (o: T): string => (o.source ? `${o.source.file}:${o.source.line}` : 'an input');
  for (const o of objects) {
    const before = last.get(key(o));
    if (before) onRepeat?.(`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is in ${at(before)} and ${at(o)}: the one read last (${at(o)}) is taken, as the API server holds one`);
    last.set(key(o), o);
  }
  return objects.filter((o) => last.get(key(o)) === o);
}
