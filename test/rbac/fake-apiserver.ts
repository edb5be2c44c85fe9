// Just enough of an apiserver for `kubectl apply --dry-run=client` to run, and to validate, without a cluster.
// kubectl still asks a server for discovery (to map kinds to resources), for the object (404: it would be created)
// and for /openapi/v2, whose schema its client-side validation checks fields and types against. Served here: the
// RBAC discovery documents, and the real Kubernetes OpenAPI v2 spec of a fixture release encoded as the protobuf
// kubectl requests (gnostic openapi_v2.Document: swagger, info, definitions; field numbers from
// google/gnostic openapiv2/OpenAPIv2.proto). /openapi/v3 is absent, so kubectl validates on the client.
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { readFixtureJson, scratchDir } from '../helpers/fixtures.js';

type Json = Record<string, unknown>;

const varint = (n: number): Buffer => {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
};
const field = (n: number, wire: number): Buffer => varint(n * 8 + wire);
const message = (n: number, body: Buffer): Buffer => Buffer.concat([field(n, 2), varint(body.length), body]);
const text = (n: number, s: string): Buffer => message(n, Buffer.from(s, 'utf8'));
const bool = (n: number, b: boolean): Buffer => Buffer.concat([field(n, 0), varint(b ? 1 : 0)]);

/** openapi_v2.Schema: the fields kubectl's validation reads ($ref, type, items, properties, required, extensions). */
function schema(s: Json): Buffer {
  const parts: Buffer[] = [];
  if (typeof s.$ref === 'string') parts.push(text(1, s.$ref));
  if (typeof s.format === 'string') parts.push(text(2, s.format));
  for (const r of (s.required as string[] | undefined) ?? []) parts.push(text(19, r));
  const ap = s.additionalProperties;
  if (ap !== undefined) parts.push(message(21, typeof ap === 'boolean' ? bool(2, ap) : message(1, schema(ap as Json))));
  if (s.type !== undefined) parts.push(message(22, Buffer.concat(([] as string[]).concat(s.type as string).map((t) => text(1, t)))));
  if (s.items !== undefined) parts.push(message(23, Buffer.concat(([] as Json[]).concat(s.items as Json).map((i) => message(1, schema(i))))));
  for (const a of (s.allOf as Json[] | undefined) ?? []) parts.push(message(24, schema(a)));
  if (s.properties) {
    const props = Object.entries(s.properties as Record<string, Json>).map(([n, v]) => message(1, Buffer.concat([text(1, n), message(2, schema(v))])));
    parts.push(message(25, Buffer.concat(props)));
  }
  // Vendor extensions (x-kubernetes-group-version-kind tells kubectl which definition a kind uses): YAML text; JSON is YAML.
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) parts.push(message(31, Buffer.concat([text(1, k), message(2, text(2, JSON.stringify(v)))])));
  return Buffer.concat(parts);
}

function openApiV2Protobuf(doc: { swagger: string; info?: { title?: string; version?: string }; definitions: Record<string, Json> }): Buffer {
  const defs = Object.entries(doc.definitions).map(([n, s]) => message(1, Buffer.concat([text(1, n), message(2, schema(s))])));
  return Buffer.concat([text(1, doc.swagger), message(2, Buffer.concat([text(1, doc.info?.title ?? ''), text(2, doc.info?.version ?? '')])), message(9, Buffer.concat(defs))]);
}

const resource = (name: string, kind: string, namespaced: boolean) => ({ name, singularName: '', namespaced, kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
const RBAC_GV = 'rbac.authorization.k8s.io/v1';

export interface FakeApiserver {
  kubeconfig: string;
  /** Every request kubectl made (method and path). */
  requests: string[];
  close(): Promise<void>;
}

/** Start on a free localhost port; `specFixture` names the OpenAPI v2 fixture (the release kubectl's schema comes from). */
export async function startFakeApiserver(specFixture = 'swagger-1.32.json.gz'): Promise<FakeApiserver> {
  const v2 = openApiV2Protobuf(readFixtureJson('openapi-v2', specFixture));
  const docs: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
    '/apis': {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [{ name: 'rbac.authorization.k8s.io', versions: [{ groupVersion: RBAC_GV, version: 'v1' }], preferredVersion: { groupVersion: RBAC_GV, version: 'v1' } }],
    },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('namespaces', 'Namespace', false), resource('serviceaccounts', 'ServiceAccount', true)] },
    [`/apis/${RBAC_GV}`]: {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: RBAC_GV,
      resources: [resource('roles', 'Role', true), resource('rolebindings', 'RoleBinding', true), resource('clusterroles', 'ClusterRole', false), resource('clusterrolebindings', 'ClusterRoleBinding', false)],
    },
  };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const p = (req.url ?? '').split('?')[0];
    requests.push(`${req.method} ${p}`);
    if (req.method === 'GET' && p === '/openapi/v2') {
      // Not the protobuf media type: Go's mime parser rejects its '@'; kubectl reads the body either way.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(v2);
      return;
    }
    const body = req.method === 'GET' ? docs[p] : undefined;
    if (body) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${p} not found` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = path.join(scratchDir('fake-apiserver'), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: http://127.0.0.1:${port}`,
      'contexts:',
      '- name: fake',
      '  context: {cluster: fake, user: fake}',
      'current-context: fake',
      'users:',
      '- name: fake',
      '  user: {}',
      '',
    ].join('\n'),
  );
  return { kubeconfig, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
