// Makes data/sample-audit.log.gz: the audit log of a small, made-up KAPIC ("demo-operator") on a kind cluster
// running Kubernetes 1.33, as the apiserver would write it with scripts/kind-audit-policy.yaml (Metadata level,
// RequestReceived and ResponseComplete stages). It is what `npm run demo` analyzes.
//   - helm installs the chart: discovery of every group, its release secrets, a CRD, RBAC, a Deployment, and a
//     ValidatingAdmissionPolicy through admissionregistration.k8s.io/v1beta1 (beta, and gone in 1.34);
//   - the operator's service account lists and watches pods, takes a Lease, writes events, reads a beta
//     VolumeAttributesClass, reconciles its own custom resources (an API the spec does not describe), and is
//     denied the secrets it was not granted;
//   - the helm test hook runs kubectl as another service account;
//   - Kubernetes' own components (controller-manager, scheduler, kubelet) do their work around it.
// Deterministic: the same bytes on every run. Run: npx tsx scripts/make-sample.ts
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isMain } from './is-main.js';

const NS = 'demo';
const HELM = { user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] }, ua: 'Helm/3.17.1' };
const OPERATOR = {
  user: { username: `system:serviceaccount:${NS}:demo-operator`, groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'] },
  ua: 'demo-operator/v0.3.0 (linux/amd64) kubernetes/$Format',
};
const TESTER = {
  user: { username: `system:serviceaccount:${NS}:demo-test`, groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'] },
  ua: 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
};
const KCM = { user: { username: 'system:kube-controller-manager', groups: ['system:authenticated'] }, ua: 'kube-controller-manager/v1.33.1 (linux/amd64) kubernetes/8adc0f0/system:serviceaccount:kube-system:replicaset-controller' };
const SCHED = { user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, ua: 'kube-scheduler/v1.33.1 (linux/amd64) kubernetes/8adc0f0/scheduler' };
const KUBELET = { user: { username: 'system:node:kind-control-plane', groups: ['system:nodes', 'system:authenticated'] }, ua: 'kubelet/v1.33.1 (linux/amd64) kubernetes/8adc0f0' };

type Who = { user: { username: string; groups: string[] }; ua: string };
interface Ref { resource?: string; namespace?: string; name?: string; apiGroup?: string; apiVersion?: string; subresource?: string }

let lines: string[] = [];
let seq = 0;
const t0 = Date.parse('2026-11-20T10:00:00Z');

function auditID(n: number): string {
  const h = createHash('sha256').update(`apisnoop-sample-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function req(who: Who, verb: string, uri: string, ref: Ref | undefined, code: number, opts: { received?: boolean; annotations?: Record<string, string> } = {}): void {
  seq++;
  const at = new Date(t0 + seq * 370).toISOString().replace('Z', '000Z');
  const done = new Date(t0 + seq * 370 + 4).toISOString().replace('Z', '000Z');
  const base = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: auditID(seq),
    requestURI: uri,
    verb,
    user: who.user,
    sourceIPs: ['172.18.0.1'],
    userAgent: who.ua,
    ...(ref ? { objectRef: ref } : {}),
  };
  if (opts.received !== false) {
    lines.push(JSON.stringify({ ...base, stage: 'RequestReceived', requestReceivedTimestamp: at, stageTimestamp: at }));
  }
  lines.push(
    JSON.stringify({
      ...base,
      stage: 'ResponseComplete',
      responseStatus: { metadata: {}, code, ...(code >= 400 ? { status: 'Failure', reason: code === 403 ? 'Forbidden' : 'NotFound' } : {}) },
      requestReceivedTimestamp: at,
      stageTimestamp: done,
      annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': '', ...opts.annotations },
    }),
  );
}

const core = (resource: string, name?: string, sub?: string): Ref => ({ resource, namespace: NS, ...(name ? { name } : {}), ...(sub ? { subresource: sub } : {}), apiVersion: 'v1' });
const grp = (apiGroup: string, apiVersion: string, resource: string, name?: string, namespace?: string): Ref => ({
  resource,
  ...(namespace ? { namespace } : {}),
  ...(name ? { name } : {}),
  apiGroup,
  apiVersion,
});

/** The sample log's text: JSON lines, one event each. */
export function sampleLog(): string {
  lines = [];
  seq = 0;
  // helm install: discovery first, as kubectl and helm do.
  const groups: Array<[string, string]> = [
    ['admissionregistration.k8s.io', 'v1'], ['admissionregistration.k8s.io', 'v1beta1'], ['apiextensions.k8s.io', 'v1'], ['apps', 'v1'],
    ['authentication.k8s.io', 'v1'], ['authorization.k8s.io', 'v1'], ['autoscaling', 'v1'], ['autoscaling', 'v2'], ['batch', 'v1'],
    ['certificates.k8s.io', 'v1'], ['coordination.k8s.io', 'v1'], ['discovery.k8s.io', 'v1'], ['events.k8s.io', 'v1'],
    ['flowcontrol.apiserver.k8s.io', 'v1'], ['networking.k8s.io', 'v1'], ['node.k8s.io', 'v1'], ['policy', 'v1'],
    ['rbac.authorization.k8s.io', 'v1'], ['scheduling.k8s.io', 'v1'], ['storage.k8s.io', 'v1'], ['storage.k8s.io', 'v1beta1'],
  ];
  req(HELM, 'get', '/api?timeout=32s', undefined, 200);
  req(HELM, 'get', '/apis?timeout=32s', undefined, 200);
  req(HELM, 'get', '/api/v1?timeout=32s', undefined, 200);
  for (const [g, v] of groups) req(HELM, 'get', `/apis/${g}/${v}?timeout=32s`, undefined, 200);
  req(HELM, 'get', '/version?timeout=32s', undefined, 200);
  req(HELM, 'list', `/api/v1/namespaces/${NS}/secrets?labelSelector=name%3Ddemo-operator%2Cowner%3Dhelm`, core('secrets'), 200);
  req(HELM, 'create', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', grp('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'), 201);
  req(HELM, 'get', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.example.com', grp('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'widgets.demo.example.com'), 200);
  req(HELM, 'create', `/api/v1/namespaces/${NS}/serviceaccounts`, core('serviceaccounts'), 201);
  req(HELM, 'create', `/api/v1/namespaces/${NS}/serviceaccounts`, core('serviceaccounts'), 201);
  req(HELM, 'create', `/api/v1/namespaces/${NS}/configmaps`, core('configmaps'), 201);
  req(HELM, 'create', '/apis/rbac.authorization.k8s.io/v1/clusterroles', grp('rbac.authorization.k8s.io', 'v1', 'clusterroles'), 201);
  req(HELM, 'create', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', grp('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings'), 201);
  req(HELM, 'create', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, grp('rbac.authorization.k8s.io', 'v1', 'roles', undefined, NS), 201);
  req(HELM, 'create', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, grp('rbac.authorization.k8s.io', 'v1', 'rolebindings', undefined, NS), 201);
  req(HELM, 'create', `/api/v1/namespaces/${NS}/services`, core('services'), 201);
  req(HELM, 'create', `/apis/apps/v1/namespaces/${NS}/deployments`, grp('apps', 'v1', 'deployments', undefined, NS), 201);
  req(HELM, 'create', '/apis/admissionregistration.k8s.io/v1beta1/validatingadmissionpolicies', grp('admissionregistration.k8s.io', 'v1beta1', 'validatingadmissionpolicies'), 201, {
    annotations: { 'k8s.io/deprecated': 'true', 'k8s.io/removed-release': '1.34' },
  });
  req(HELM, 'create', '/apis/admissionregistration.k8s.io/v1beta1/validatingadmissionpolicybindings', grp('admissionregistration.k8s.io', 'v1beta1', 'validatingadmissionpolicybindings'), 201, {
    annotations: { 'k8s.io/deprecated': 'true', 'k8s.io/removed-release': '1.34' },
  });
  req(HELM, 'create', `/api/v1/namespaces/${NS}/secrets`, core('secrets'), 201);

  // Kubernetes itself rolls the Deployment out: not the KAPIC, filtered out by default.
  req(KCM, 'create', `/apis/apps/v1/namespaces/${NS}/replicasets`, grp('apps', 'v1', 'replicasets', undefined, NS), 201);
  req(KCM, 'create', `/api/v1/namespaces/${NS}/pods`, core('pods'), 201);
  req(SCHED, 'create', `/api/v1/namespaces/${NS}/pods/demo-operator-7d9c5b-x2x7q/binding`, core('pods', 'demo-operator-7d9c5b-x2x7q', 'binding'), 201);
  for (let i = 0; i < 3; i++) {
    req(KUBELET, 'patch', `/api/v1/namespaces/${NS}/pods/demo-operator-7d9c5b-x2x7q/status`, core('pods', 'demo-operator-7d9c5b-x2x7q', 'status'), 200);
  }

  // The operator at work.
  const widgets = (name?: string, sub?: string) => ({ ...grp('demo.example.com', 'v1alpha1', 'widgets', name, NS), ...(sub ? { subresource: sub } : {}) });
  req(OPERATOR, 'get', '/version', undefined, 200);
  req(OPERATOR, 'get', '/openapi/v2', undefined, 200);
  for (let round = 0; round < 12; round++) {
    req(OPERATOR, 'list', `/api/v1/namespaces/${NS}/pods?limit=500&resourceVersion=0`, core('pods'), 200);
    req(OPERATOR, 'watch', `/api/v1/namespaces/${NS}/pods?allowWatchBookmarks=true&resourceVersion=${1200 + round}&timeoutSeconds=${300 + round}&watch=true`, core('pods'), 200);
    req(OPERATOR, 'get', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/demo-operator-leader`, grp('coordination.k8s.io', 'v1', 'leases', 'demo-operator-leader', NS), round === 0 ? 404 : 200);
    if (round === 0) req(OPERATOR, 'create', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`, grp('coordination.k8s.io', 'v1', 'leases', undefined, NS), 201);
    else req(OPERATOR, 'update', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/demo-operator-leader`, grp('coordination.k8s.io', 'v1', 'leases', 'demo-operator-leader', NS), 200);
    req(OPERATOR, 'list', `/apis/demo.example.com/v1alpha1/namespaces/${NS}/widgets?limit=500`, widgets(), 200);
    req(OPERATOR, 'patch', `/apis/demo.example.com/v1alpha1/namespaces/${NS}/widgets/sprocket-${round % 3}/status`, widgets(`sprocket-${round % 3}`, 'status'), 200);
    req(OPERATOR, 'get', `/api/v1/namespaces/${NS}/configmaps/demo-operator-config`, core('configmaps', 'demo-operator-config'), 200);
    if (round % 3 === 0) {
      req(OPERATOR, 'create', `/apis/events.k8s.io/v1/namespaces/${NS}/events`, grp('events.k8s.io', 'v1', 'events', undefined, NS), 201);
      req(OPERATOR, 'list', '/apis/storage.k8s.io/v1beta1/volumeattributesclasses', grp('storage.k8s.io', 'v1beta1', 'volumeattributesclasses'), 200);
      req(OPERATOR, 'list', `/api/v1/namespaces/${NS}/secrets`, core('secrets'), 403);
    }
    req(OPERATOR, 'update', `/apis/apps/v1/namespaces/${NS}/deployments/demo-worker/scale`, { ...grp('apps', 'v1', 'deployments', 'demo-worker', NS), subresource: 'scale' }, 200);
  }

  // helm test: the test hook pod checks the rollout with kubectl.
  req(HELM, 'create', `/api/v1/namespaces/${NS}/pods`, core('pods'), 201);
  req(TESTER, 'get', `/apis/apps/v1/namespaces/${NS}/deployments/demo-operator`, grp('apps', 'v1', 'deployments', 'demo-operator', NS), 200);
  req(TESTER, 'get', `/api/v1/namespaces/${NS}/pods/demo-operator-7d9c5b-x2x7q/log?container=manager&tailLines=20`, core('pods', 'demo-operator-7d9c5b-x2x7q', 'log'), 200);
  req(HELM, 'get', `/api/v1/namespaces/${NS}/pods/demo-operator-test`, core('pods', 'demo-operator-test'), 200);
  req(HELM, 'delete', `/api/v1/namespaces/${NS}/pods/demo-operator-test`, core('pods', 'demo-operator-test'), 200);
  return lines.join('\n') + '\n';
}

if (isMain(import.meta.url)) {
  const text = sampleLog();
  writeFileSync(join(import.meta.dirname, '../data/sample-audit.log.gz'), gzipSync(Buffer.from(text), { level: 9 }));
  console.log(`data/sample-audit.log.gz: ${lines.length} events, ${seq} requests`);
}
