// Realistic large audit logs for the benchmark and the speed tests, written to a temp dir (never the repo).
//
// The traffic is real where the project has real data: the verb / requestURI / user / objectRef / code of each
// request are drawn from the hkerma PerfSPEC CSV (16.5k real requests of a kubeadm cluster installing helm
// charts, CC-BY-4.0), from liggitt/audit2rbac's demo log, and from the operations of the Kubernetes 1.36
// spec (data/k8s/1.36.json.gz) with real namespaces and names filled in; e2e user agents carry real test names
// from APISnoop's 1.36 coverage. The fixtures hold a single real user agent (node-problem-detector), so the
// others are written in client-go's format (`<program>/<version> (linux/amd64) kubernetes/<commit>`) from the
// real user names. What the fixtures do not have is made here and shaped like the apiserver writes it: the
// stages of each request (RequestReceived + ResponseComplete, ResponseStarted for watches that stay open for
// thousands of events, some requests with RequestReceived omitted by policy), the levels (Metadata / Request /
// RequestResponse with requestObject / responseObject bodies of real kinds and sizes, lists of up to 60
// objects), Go's JSON escaping (& < > as \u0026 \u003c \u003e), escaped quotes and unicode in URIs and bodies,
// a few v1beta1 events with `timestamp`, a few events with their fields in another order, and (optionally)
// malformed lines.
//
//   tsx scripts/gen-audit-log.ts --size 100MB --out /tmp/apisnoop-bench/audit.log [--gzip] [--seed 1] [--metadata-only] [--distinct-callers]
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip, gunzipSync } from 'node:zlib';
import type { Operation } from '../src/engine/report.js';
import { isMain } from './is-main.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = resolve(repoRoot, '../shared/fixtures');

export interface GenerateOptions {
  /** Stop once this many bytes are written (uncompressed). */
  bytes: number;
  /** Output file; '.gz' is not implied, pass gzip. */
  out: string;
  gzip?: boolean;
  seed?: number;
  /** One malformed line every this many lines (0: none). */
  invalidEvery?: number;
  /** Share of events written as audit.k8s.io/v1beta1 with `timestamp` (default 0.01). */
  v1beta1Share?: number;
  /** Share of events whose fields are written in another order (default 0.05). */
  shuffledShare?: number;
  /** Share of requests logged at RequestResponse / Request level (default 0.3 / 0.2; the rest Metadata). */
  requestResponseShare?: number;
  requestShare?: number;
  /** Every request from a user of its own (the username gets the request's number): callers by the hundred thousand. */
  distinctCallers?: boolean;
  /** Share of requests that log their RequestReceived stage (default 0.8; 0 is a policy that omits it, as APISnoop's own does). */
  receivedShare?: number;
}

export interface GeneratedLog {
  file: string;
  bytes: number;
  lines: number;
  events: number;
  requests: number;
  invalidLines: number;
}

// ---- Deterministic randomness ----

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- The real data ----

interface TrafficRow {
  verb: string;
  uri: string;
  username: string;
  groups: string[];
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  apiGroup?: string;
  apiVersion?: string;
  code: number;
  impersonated?: { username: string; groups: string[] };
}

/** RFC 4180 rows (quoted fields with "" escapes); a row cut short at the end of the file is dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  return rows; // the unterminated last row is not pushed
}

function apiParts(uri: string): { namespace?: string; apiGroup?: string; apiVersion?: string } {
  const path = uri.split('?')[0].split('/').filter(Boolean);
  let rest: string[];
  let apiGroup: string | undefined;
  let apiVersion: string | undefined;
  if (path[0] === 'api') {
    apiVersion = path[1];
    rest = path.slice(2);
  } else if (path[0] === 'apis' && path.length >= 3) {
    apiGroup = path[1];
    apiVersion = path[2];
    rest = path.slice(3);
  } else return {};
  if (rest[0] === 'watch') rest = rest.slice(1);
  const namespace = rest[0] === 'namespaces' && rest.length >= 3 ? rest[1] : undefined;
  return { namespace, apiGroup, apiVersion };
}

function hkermaRows(): TrafficRow[] {
  const text = gunzipSync(readFileSync(join(fixturesDir, 'audit/hkerma-kubernetes-event-dataset/audit-logs.csv.gz'))).toString('utf8');
  const out: TrafficRow[] = [];
  for (const r of parseCsv(text)) {
    // host, requestReceivedTimestamp, user.username, verb, objectRef.resource, objectRef.subresource, objectRef.name,
    // responseObject.metadata.name, requestURI, auditID, stage, responseStatus.code, ...
    if (r.length < 12 || !r[8].startsWith('/')) continue;
    const [, , username, verb, resource, subresource, name, , uri, , , code] = r;
    const groups = username.startsWith('system:serviceaccount:')
      ? ['system:serviceaccounts', `system:serviceaccounts:${username.split(':')[2]}`, 'system:authenticated']
      : username.startsWith('system:node:')
        ? ['system:nodes', 'system:authenticated']
        : username === 'system:anonymous'
          ? ['system:unauthenticated']
          : username === 'kubernetes-admin'
            ? ['system:masters', 'system:authenticated']
            : ['system:authenticated'];
    out.push({
      verb,
      uri,
      username,
      groups,
      resource: resource || undefined,
      subresource: subresource || undefined,
      name: name || undefined,
      code: Number(code) || 200,
      ...apiParts(uri),
    });
  }
  return out;
}

function audit2rbacRows(): TrafficRow[] {
  const out: TrafficRow[] = [];
  for (const line of readFileSync(join(fixturesDir, 'audit/audit2rbac/demo-2017-v1beta1.log'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line);
    if (e.stage !== 'ResponseComplete') continue;
    const o = e.objectRef ?? {};
    out.push({
      verb: e.verb,
      uri: e.requestURI,
      username: e.user.username,
      groups: e.user.groups ?? [],
      impersonated: e.impersonatedUser,
      resource: o.resource,
      subresource: o.subresource,
      name: o.name,
      namespace: o.namespace,
      apiGroup: o.apiGroup,
      apiVersion: o.apiVersion,
      code: e.responseStatus?.code ?? 200,
    });
  }
  return out;
}

const ACTION_VERB: Record<string, string> = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  watchlist: 'watch',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
  connect: 'get',
};

/** Requests for the spec's operations, with real namespaces and names filled into the templates. */
function specRows(ops: Operation[], namespaces: string[], names: string[], rand: () => number): TrafficRow[] {
  const out: TrafficRow[] = [];
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
  for (const op of ops) {
    let verb = op.action ? (ACTION_VERB[op.action] ?? op.method) : op.method;
    if (op.action === 'connect') verb = op.method === 'get' ? 'get' : 'create';
    const namespace = pick(namespaces);
    const name = pick(names);
    let uri = op.path
      .replace('{namespace}', namespace)
      .replace('{name}', name)
      .replace('{path}', 'healthz')
      .replace('{logpath}', 'kube-apiserver.log')
      .replace(/\{[^}]+\}/g, 'x');
    if (op.action === 'watchlist' || op.action === 'watch') uri += '?allowWatchBookmarks=true&resourceVersion=6577579&timeoutSeconds=463&watch=true';
    else if (op.action === 'list') uri += '?limit=500&resourceVersion=0';
    const segs = op.path.split('/').filter(Boolean);
    const kindIdx = segs.findIndex((s) => s === '{name}');
    out.push({
      verb,
      uri,
      username: 'system:serviceaccount:app:app-controller',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:app', 'system:authenticated'],
      resource: op.kind ? (kindIdx > 0 ? segs[kindIdx - 1] : segs[segs.length - 1]) : undefined,
      name: op.path.includes('{name}') ? name : undefined,
      code: op.method === 'post' ? 201 : 200,
      ...apiParts(uri),
    });
  }
  return out;
}

// ---- User agents ----

const COMMIT = 'kubernetes/8f94681';
function userAgentFor(username: string, rand: () => number, tests: string[]): string {
  if (username.startsWith('system:node:')) return rand() < 0.2 ? 'node-problem-detector/v0.8.9' : `kubelet/v1.36.0 (linux/amd64) ${COMMIT}`;
  if (username === 'system:kube-controller-manager') return `kube-controller-manager/v1.36.0 (linux/amd64) ${COMMIT}/leader-election`;
  if (username === 'system:kube-scheduler') return `kube-scheduler/v1.36.0 (linux/amd64) ${COMMIT}/scheduler`;
  if (username === 'system:apiserver') return `kube-apiserver/v1.36.0 (linux/amd64) ${COMMIT}`;
  if (username.startsWith('system:serviceaccount:kube-system:')) {
    const sa = username.split(':')[3];
    if (sa === 'kube-proxy') return `kube-proxy/v1.36.0 (linux/amd64) ${COMMIT}`;
    return `kube-controller-manager/v1.36.0 (linux/amd64) ${COMMIT}/system:serviceaccount:kube-system:${sa}`;
  }
  if (username === 'kubernetes-admin') {
    const r = rand();
    if (r < 0.5) return 'Helm/3.11.0';
    if (r < 0.75) return `kubectl/v1.36.0 (linux/amd64) ${COMMIT}`;
    // The e2e framework's agent carries the test name after " -- ".
    return `e2e.test/v1.36.0 (linux/amd64) ${COMMIT} -- ${tests[Math.floor(rand() * tests.length)]}`;
  }
  if (username.startsWith('system:serviceaccount:')) {
    const sa = username.split(':')[3];
    return `${sa}/v0.0.0 (linux/amd64) kubernetes/$Format`;
  }
  return `Go-http-client/2.0`;
}

// ---- Bodies ----

/** Go's encoding/json escapes HTML characters and U+2028/2029; the apiserver's audit log has them that way. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function managedFields(manager: string, ts: string): unknown[] {
  return [
    {
      manager,
      operation: 'Update',
      apiVersion: 'v1',
      time: ts,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': { '.': {}, 'k:{"uid":"0b1f"}': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {} } } },
      },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: ts,
      fieldsType: 'FieldsV1',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} } }, 'f:podIP': {} } },
    },
  ];
}

function pod(rand: () => number, ns: string, name: string, ts: string): unknown {
  const containers = 1 + Math.floor(rand() * 3);
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      generateName: name.replace(/[a-z0-9]{5}$/, ''),
      namespace: ns,
      uid: uuid(rand),
      resourceVersion: String(6577000 + Math.floor(rand() * 100000)),
      creationTimestamp: ts,
      labels: { 'app.kubernetes.io/name': name.split('-')[0], 'pod-template-hash': '5d4b9c7f8' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': ts, 'prometheus.io/scrape': 'true', description: 'caché "primary" → réplica ✓' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: name.slice(0, -6), uid: uuid(rand), controller: true, blockOwnerDeletion: true }],
      managedFields: managedFields('kube-controller-manager', ts),
    },
    spec: {
      volumes: [{ name: 'kube-api-access-x2k9p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }], defaultMode: 420 } }],
      containers: Array.from({ length: containers }, (_, k) => ({
        name: k === 0 ? 'app' : `sidecar-${k}`,
        image: `registry.k8s.io/e2e-test-images/agnhost:2.${40 + k}`,
        args: ['serve-hostname', '--port=8080', `--flag="quoted ${k}"`],
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          { name: 'GREETING', value: 'héllo wörld <b>&amp;</b> 日本語' },
        ],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
        volumeMounts: [{ name: 'kube-api-access-x2k9p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: 'k8s-node-1-perfspec',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: ts })),
      hostIP: '10.0.0.12',
      podIP: `10.244.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
      startTime: ts,
      containerStatuses: [{ name: 'app', state: { running: { startedAt: ts } }, ready: true, restartCount: 0, image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', imageID: `registry.k8s.io/e2e-test-images/agnhost@sha256:${hex(rand, 64)}`, containerID: `containerd://${hex(rand, 64)}`, started: true }],
      qosClass: 'Burstable',
    },
  };
}

function configMap(rand: () => number, ns: string, name: string, ts: string): unknown {
  const data: Record<string, string> = {};
  const entries = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < entries; k++) {
    const lines = 5 + Math.floor(rand() * 120);
    const rows: string[] = [];
    for (let l = 0; l < lines; l++) {
      rows.push(
        l % 7 === 0
          ? `  - alert: KubeAPIErrorBudgetBurn${l}\n    expr: sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) > 0.${l}`
          : l % 5 === 0
            ? `    message: "Le quota « ${name} » est dépassé — 配额已超出 ✓"`
            : `    label_${l}: value-${hex(rand, 8)} # <tag> & "quoted"`,
      );
    }
    data[k === 0 ? 'config.yaml' : `rules-${k}.yaml`] = rows.join('\n');
  }
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name, namespace: ns, uid: uuid(rand), resourceVersion: String(6577000 + Math.floor(rand() * 100000)), creationTimestamp: ts, labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': name, 'meta.helm.sh/release-namespace': ns }, managedFields: managedFields('helm', ts).slice(0, 1) },
    data,
  };
}

function secret(rand: () => number, ns: string, name: string, ts: string): unknown {
  const b64 = (n: number) => Buffer.from(hex(rand, n)).toString('base64');
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name, namespace: ns, uid: uuid(rand), resourceVersion: String(6577000 + Math.floor(rand() * 100000)), creationTimestamp: ts, labels: { owner: 'helm', name: name.split('.')[0] } },
    data: { 'tls.crt': b64(1200), 'tls.key': b64(800), 'ca.crt': b64(1200) },
    type: 'kubernetes.io/tls',
  };
}

function lease(rand: () => number, ns: string, name: string, ts: string): unknown {
  return {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name, namespace: ns, uid: uuid(rand), resourceVersion: String(6577000 + Math.floor(rand() * 100000)), creationTimestamp: ts, managedFields: managedFields('kubelet', ts).slice(0, 1) },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: ts },
  };
}

function status(code: number, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 400 ? 'Success' : 'Failure', message, reason: code === 404 ? 'NotFound' : code === 409 ? 'AlreadyExists' : code === 403 ? 'Forbidden' : '', code };
}

function hex(rand: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function uuid(rand: () => number): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---- The log ----

interface Pending {
  auditID: string;
  row: TrafficRow;
  userAgent: string;
  level: 'Metadata' | 'Request' | 'RequestResponse';
  received: string;
  /** Events of this request still to write, as a function of the time they are written. */
  closeAfter: number;
  watch: boolean;
}

export async function generateAuditLog(opts: GenerateOptions): Promise<GeneratedLog> {
  const rand = rng(opts.seed ?? 1);
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
  const hk = hkermaRows();
  const a2r = audit2rbacRows();
  const spec = JSON.parse(gunzipSync(readFileSync(join(repoRoot, 'data/k8s/1.36.json.gz'))).toString('utf8')) as { operations: Operation[] };
  const coverage = JSON.parse(gunzipSync(readFileSync(join(fixturesDir, 'apisnoop/coverage-1.36.0.json.gz'))).toString('utf8')) as { tests: Array<{ test: string }> };
  const tests = coverage.tests.map((t) => t.test).filter((t) => t.length > 0);
  const namespaces = [...new Set(hk.map((r) => r.namespace).filter((n): n is string => !!n))];
  const names = [...new Set(hk.map((r) => r.name).filter((n): n is string => !!n))];
  const fromSpec = specRows(spec.operations, namespaces, names, rand);
  // Odd but real-world request shapes: unicode and quotes in URIs, percent-escapes, an aggregated API, a removed API.
  const odd: TrafficRow[] = [
    { verb: 'get', uri: '/api/v1/namespaces/default/configmaps/caf%C3%A9-r%C3%A9glages', username: 'kubernetes-admin', groups: ['system:masters'], resource: 'configmaps', name: 'café-réglages', namespace: 'default', apiVersion: 'v1', code: 404 },
    { verb: 'get', uri: '/api/v1/namespaces/default/configmaps/日本語-設定', username: 'kubernetes-admin', groups: ['system:masters'], resource: 'configmaps', name: '日本語-設定', namespace: 'default', apiVersion: 'v1', code: 404 },
    { verb: 'list', uri: '/api/v1/namespaces/default/pods?labelSelector=app+in+("web","db")&limit=500', username: 'kubernetes-admin', groups: ['system:masters'], resource: 'pods', namespace: 'default', apiVersion: 'v1', code: 200 },
    { verb: 'list', uri: '/api/v1/pods?fieldSelector=spec.nodeName%3D%22k8s-node-1%22&limit=500', username: 'system:node:k8s-node-1-perfspec', groups: ['system:nodes'], resource: 'pods', apiVersion: 'v1', code: 200 },
    { verb: 'get', uri: '/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods', username: 'system:serviceaccount:kube-system:horizontal-pod-autoscaler', groups: ['system:serviceaccounts'], resource: 'pods', namespace: 'kube-system', apiGroup: 'metrics.k8s.io', apiVersion: 'v1beta1', code: 200 },
    { verb: 'list', uri: '/apis/extensions/v1beta1/ingresses?limit=500', username: 'kubernetes-admin', groups: ['system:masters'], resource: 'ingresses', apiGroup: 'extensions', apiVersion: 'v1beta1', code: 404 },
    { verb: 'get', uri: '/healthz?verbose=1', username: 'system:anonymous', groups: ['system:unauthenticated'], code: 200 },
    { verb: 'get', uri: '/metrics', username: 'system:serviceaccount:monitoring:prometheus', groups: ['system:serviceaccounts'], code: 200 },
  ];
  // Requests whose API the apiserver flags as deprecated (k8s.io/deprecated) carry the annotation on every event.
  const deprecatedGv = new Set(spec.operations.filter((o) => o.deprecated && o.version && /beta|alpha/.test(o.version)).map((o) => `${o.group}/${o.version}`));

  const out = opts.gzip ? createGzip() : null;
  await mkdir(dirname(opts.out), { recursive: true });
  const file = createWriteStream(opts.out, { highWaterMark: 1 << 20 });
  const sink = out ?? file;
  const done = out ? pipeline(out, file) : new Promise<void>((res, rej) => file.on('finish', res).on('error', rej));

  const stats: GeneratedLog = { file: opts.out, bytes: 0, lines: 0, events: 0, requests: 0, invalidLines: 0 };
  const v1beta1Share = opts.v1beta1Share ?? 0.01;
  const shuffledShare = opts.shuffledShare ?? 0.05;
  const rrShare = opts.requestResponseShare ?? 0.3;
  const reqShare = opts.requestShare ?? 0.2;
  const receivedShare = opts.receivedShare ?? 0.8;
  let clock = Date.parse('2026-01-12T09:00:00Z') * 1000; // microseconds
  const stamp = (): string => {
    clock += 50 + Math.floor(rand() * 900);
    const ms = Math.floor(clock / 1000);
    return new Date(ms).toISOString().replace('Z', String(clock % 1000).padStart(3, '0') + 'Z');
  };

  // Bodies are built once per kind and size band and reused: the line sizes and shapes are what matter here.
  const bodyPool = new Map<string, string[]>();
  const ts0 = stamp();
  const body = (kind: string, make: () => unknown): string => {
    let pool = bodyPool.get(kind);
    if (!pool) bodyPool.set(kind, (pool = []));
    if (pool.length < 24) {
      const s = goJson(make());
      pool.push(s);
      return s;
    }
    return pool[Math.floor(rand() * pool.length)];
  };
  const objectBody = (row: TrafficRow): string => {
    const ns = row.namespace ?? 'default';
    const name = row.name ?? 'object-' + hex(rand, 5);
    switch (row.resource) {
      case 'pods':
        return body('pod', () => pod(rand, ns, name.length > 6 ? name : name + '-x7k2p', ts0));
      case 'configmaps':
        return body('configmap', () => configMap(rand, ns, name, ts0));
      case 'secrets':
        return body('secret', () => secret(rand, ns, name, ts0));
      case 'leases':
        return body('lease', () => lease(rand, ns, name, ts0));
      default:
        return body('other', () => (rand() < 0.5 ? configMap(rand, ns, name, ts0) : lease(rand, ns, name, ts0)));
    }
  };
  const listBody = (row: TrafficRow): string => {
    const kind = row.resource === 'pods' ? 'PodList' : row.resource === 'configmaps' ? 'ConfigMapList' : 'List';
    return body(kind, () => {
      const n = Math.floor(rand() ** 3 * 50);
      const items = Array.from({ length: n }, (_, k) =>
        kind === 'PodList' ? pod(rand, row.namespace ?? 'default', `web-5d4b9c7f8-${hex(rand, 5)}`, ts0) : configMap(rand, row.namespace ?? 'default', `cm-${k}`, ts0),
      );
      return { kind, apiVersion: 'v1', metadata: { resourceVersion: String(6577000 + n) }, items };
    });
  };

  let chunk: string[] = [];
  let chunkLen = 0;
  const write = async (line: string): Promise<void> => {
    chunk.push(line);
    chunkLen += line.length;
    stats.lines++;
    if (chunkLen >= 1 << 20) await flush();
  };
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const buf = Buffer.from(chunk.join(''), 'utf8');
    chunk = [];
    chunkLen = 0;
    stats.bytes += buf.length;
    if (!sink.write(buf)) await new Promise<void>((r) => sink.once('drain', () => r()));
  };

  const event = (p: Pending, stage: string, withBodies: boolean): string => {
    const r = p.row;
    const stageTs = stamp();
    const v1beta1 = rand() < v1beta1Share;
    const f: Array<[string, string]> = [];
    f.push(['kind', '"Event"']);
    f.push(['apiVersion', v1beta1 ? '"audit.k8s.io/v1beta1"' : '"audit.k8s.io/v1"']);
    if (v1beta1) f.push(['metadata', `{"creationTimestamp":${goJson(stageTs.slice(0, 19) + 'Z')}}`]);
    f.push(['level', `"${p.level}"`]);
    if (v1beta1) f.push(['timestamp', goJson(stage === 'RequestReceived' ? p.received : stageTs)]);
    f.push(['auditID', `"${p.auditID}"`]);
    f.push(['stage', `"${stage}"`]);
    f.push(['requestURI', goJson(r.uri)]);
    f.push(['verb', `"${r.verb}"`]);
    f.push(['user', goJson({ username: r.username, groups: r.groups })]);
    if (r.impersonated) f.push(['impersonatedUser', goJson(r.impersonated)]);
    f.push(['sourceIPs', '["10.0.0.12"]']);
    f.push(['userAgent', goJson(p.userAgent)]);
    if (r.resource) {
      const ref: Record<string, string> = { resource: r.resource };
      if (r.namespace) ref.namespace = r.namespace;
      if (r.name) ref.name = r.name;
      if (r.apiGroup) ref.apiGroup = r.apiGroup;
      if (r.apiVersion) ref.apiVersion = r.apiVersion;
      if (r.subresource) ref.subresource = r.subresource;
      f.push(['objectRef', goJson(ref)]);
    }
    if (stage !== 'RequestReceived') {
      f.push(['responseStatus', r.code < 400 ? `{"metadata":{},"code":${r.code}}` : goJson({ metadata: {}, status: 'Failure', message: `${r.resource ?? 'resource'} "${r.name ?? ''}" is forbidden or not found`, reason: 'NotFound', details: { name: r.name, kind: r.resource }, code: r.code })]);
    }
    if (withBodies && p.level !== 'Metadata') {
      const writes = r.verb === 'create' || r.verb === 'update' || r.verb === 'patch';
      if (writes) f.push(['requestObject', r.verb === 'patch' ? goJson({ metadata: { labels: { 'app.kubernetes.io/version': '1.2.3', note: 'déployé "hier"' } } }) : objectBody(r)]);
      if (p.level === 'RequestResponse') {
        if (r.verb === 'list') f.push(['responseObject', listBody(r)]);
        else if (r.verb === 'get' || writes) f.push(['responseObject', r.code < 400 ? objectBody(r) : goJson(status(r.code, 'not found'))]);
        else if (r.verb === 'delete') f.push(['responseObject', goJson(status(200, ''))]);
      }
    }
    if (!v1beta1) {
      f.push(['requestReceivedTimestamp', `"${p.received}"`]);
      f.push(['stageTimestamp', `"${stageTs}"`]);
    }
    const ann: Record<string, string> = { 'authorization.k8s.io/decision': r.code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': r.code === 403 ? '' : 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' };
    if (deprecatedGv.has(`${r.apiGroup ?? ''}/${r.apiVersion}`)) {
      ann['k8s.io/deprecated'] = 'true';
      ann['k8s.io/removed-release'] = '1.38';
    }
    if (stage !== 'RequestReceived') f.push(['annotations', goJson(ann)]);
    if (rand() < shuffledShare) {
      // Another writer's order: bodies first, identity last.
      for (let k = f.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [f[k], f[j]] = [f[j], f[k]];
      }
    }
    let s = '{';
    for (let k = 0; k < f.length; k++) s += (k ? ',"' : '"') + f[k][0] + '":' + f[k][1];
    return s + '}\n';
  };

  const inFlight: Pending[] = [];
  const watches: Pending[] = [];
  let sinceInvalid = 0;
  const invalidKinds = [
    (l: string) => l.slice(0, Math.max(10, Math.floor(l.length / 2))) + '\n', // cut short
    () => 'E0112 09:00:00.000000       1 server.go:123] not an event\n', // a stray log line
    (l: string) => l.replace('"auditID"', '"auditID" "') , // broken JSON
  ];
  const emit = async (line: string): Promise<void> => {
    stats.events++;
    if (opts.invalidEvery && ++sinceInvalid >= opts.invalidEvery) {
      sinceInvalid = 0;
      stats.invalidLines++;
      stats.events--;
      await write(pick(invalidKinds)(line));
      return;
    }
    await write(line);
  };

  while (stats.bytes + chunkLen < opts.bytes) {
    const src = rand();
    const drawn = src < 0.6 ? pick(hk) : src < 0.7 ? pick(a2r) : src < 0.995 ? pick(fromSpec) : pick(odd);
    const row = opts.distinctCallers ? { ...drawn, username: `${drawn.username}-${stats.requests}` } : drawn;
    const lv = rand();
    const p: Pending = {
      auditID: uuid(rand),
      row,
      // The program's user agent, as drawn: distinct callers, not distinct programs.
      userAgent: userAgentFor(drawn.username, rand, tests),
      level: lv < rrShare ? 'RequestResponse' : lv < rrShare + reqShare ? 'Request' : 'Metadata',
      received: stamp(),
      closeAfter: 0,
      watch: row.verb === 'watch',
    };
    stats.requests++;
    // Most requests log RequestReceived; some policies omit it.
    if (rand() < receivedShare) await emit(event(p, 'RequestReceived', false));
    if (p.watch) {
      await emit(event(p, 'ResponseStarted', false));
      // Watches stay open for a long stretch of the log: they straddle any split of it.
      p.closeAfter = stats.lines + 200 + Math.floor(rand() * 20000);
      // Kept sorted by closing time (binary insert): hundreds are open at once.
      let lo = 0;
      let hi = watches.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (watches[mid].closeAfter <= p.closeAfter) lo = mid + 1;
        else hi = mid;
      }
      watches.splice(lo, 0, p);
    } else {
      p.closeAfter = stats.lines + Math.floor(rand() * 8);
      inFlight.push(p);
    }
    for (let k = inFlight.length - 1; k >= 0; k--) {
      if (inFlight[k].closeAfter <= stats.lines) {
        await emit(event(inFlight[k], 'ResponseComplete', true));
        inFlight.splice(k, 1);
      }
    }
    while (watches.length > 0 && watches[0].closeAfter <= stats.lines) await emit(event(watches.shift()!, 'ResponseComplete', false));
  }
  // The log ends with requests in flight, as a real one cut at any moment does.
  for (const p of inFlight) await emit(event(p, 'ResponseComplete', true));
  await flush();
  sink.end();
  await done;
  return stats;
}

/**
 * The benchmark's mixes (npm run bench -- --mix): mixed (the default shares of levels and stages); metadata (every
 * request at Metadata level, RequestReceived kept for 80% of them as in mixed); policy (what scripts/audit-policy.yaml
 * writes: Metadata level, RequestReceived omitted); callers (metadata, every request from a user of its own).
 */
export const MIXES = ['mixed', 'metadata', 'policy', 'callers'] as const;
export type Mix = (typeof MIXES)[number];
export function mixOptions(mix: Mix): Partial<GenerateOptions> {
  if (mix === 'mixed') return {};
  const metadata = { requestResponseShare: 0, requestShare: 0 };
  if (mix === 'policy') return { ...metadata, receivedShare: 0 };
  return mix === 'callers' ? { ...metadata, distinctCallers: true } : metadata;
}

/** Gzip a file next to it (the same content, for plain vs .gz comparisons). */
export async function gzipFile(src: string, dest: string): Promise<number> {
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), createGzip(), createWriteStream(dest));
  return (await stat(dest)).size;
}

export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(k|kb|m|mb|g|gb)?$/i.exec(s.trim());
  if (!m) throw new Error(`size "${s}" is not like 100MB or 1GB`);
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit.startsWith('g') ? 1e9 : unit.startsWith('m') ? 1e6 : unit.startsWith('k') ? 1e3 : 1;
  return Math.round(Number(m[1]) * mult);
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const out = arg('--out');
  if (!out) {
    process.stderr.write('usage: tsx scripts/gen-audit-log.ts --size 100MB --out /tmp/x/audit.log [--gzip] [--seed N] [--invalid-every N] [--metadata-only] [--distinct-callers]\n');
    process.exit(2);
  }
  const t0 = Date.now();
  const r = await generateAuditLog({
    bytes: parseSize(arg('--size') ?? '100MB'),
    out,
    gzip: args.includes('--gzip'),
    seed: Number(arg('--seed') ?? 1),
    invalidEvery: Number(arg('--invalid-every') ?? 0),
    // --metadata-only: the level most clusters log at (no bodies): per-event costs dominate such logs.
    ...(args.includes('--metadata-only') ? { requestResponseShare: 0, requestShare: 0 } : {}),
    distinctCallers: args.includes('--distinct-callers'),
  });
  process.stderr.write(`${JSON.stringify(r)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
