// Shared by the RBAC tests: one identity's requests from a real log, read two ways.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { RequestAssembler, toAuditEvent } from '../../src/engine/audit.js';
import { isIdentityRequest, RequestCollector, type Identity, type RequestAttributes } from '../../src/engine/rbac.js';
import { readAuditInput } from '../../src/sources/audit-files.js';
import { repoRoot } from '../helpers/fixtures.js';

/** cert-manager's cainjector in hkerma's log (convertHkermaCsv). */
export const CAINJECTOR = 'cert-manager:my-cert-manager-cainjector';
/**
 * Two ClusterRoles bound to the cainjector, each granted in every namespace: in hkerma's log it gets and updates its
 * lease and creates events in kube-system only, and lists neither.
 */
export const CAINJECTOR_GRANTED = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: leases}
rules:
- {apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "update", "list"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: events}
rules:
- {apiGroups: [""], resources: ["events"], verbs: ["create", "list"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: leases}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: leases}
subjects: [{kind: ServiceAccount, name: my-cert-manager-cainjector, namespace: cert-manager}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: events}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: events}
subjects: [{kind: ServiceAccount, name: my-cert-manager-cainjector, namespace: cert-manager}]
`;

/** Through the product's reader: audit-files -> toAuditEvent -> RequestAssembler -> RequestCollector. */
export async function collect(file: string, identity: Identity): Promise<RequestCollector> {
  const c = new RequestCollector();
  const asm = new RequestAssembler((req) => {
    c.logged(req);
    if (isIdentityRequest(identity, req)) c.add(req);
  });
  await readAuditInput(file, {
    value: (raw) => {
      const ev = toAuditEvent(raw);
      if (typeof ev !== 'string') asm.add(ev);
    },
    invalidLine: (f, line, message) => {
      throw new Error(`${f}:${line}: ${message}`);
    },
  });
  asm.flush();
  return c;
}

interface RawEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string };
  impersonatedUser?: { username: string };
  objectRef?: { apiGroup?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

/**
 * Independently of the product's reader: every ResponseComplete event of the log whose (impersonated) user is
 * `username`, as authorizer attributes read straight from objectRef, or the path for non-resource URLs.
 */
export function rawRequests(file: string, username: string): Array<RequestAttributes & { code?: number; auditID: string }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RawEvent)
    .filter((e) => e.stage === 'ResponseComplete' && (e.impersonatedUser ?? e.user).username === username)
    .map((e) => {
      const o = e.objectRef;
      return {
        auditID: e.auditID,
        code: e.responseStatus?.code,
        verb: e.verb,
        resourceRequest: o !== undefined,
        apiGroup: o?.apiGroup ?? '',
        resource: o?.resource ?? '',
        subresource: o?.subresource ?? '',
        namespace: o?.namespace ?? '',
        name: o?.name ?? '',
        path: o ? '' : e.requestURI.split('?')[0],
      };
    });
}

/** Every distinct username in a log (impersonated users count as themselves). */
export function usernames(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const e = JSON.parse(l) as RawEvent;
    if (e.stage !== 'ResponseComplete') continue;
    const u = (e.impersonatedUser ?? e.user).username;
    out.set(u, (out.get(u) ?? 0) + 1);
  }
  return out;
}

const TEMPLATES = path.join(repoRoot, 'examples/overgranted-chart/templates');

/**
 * What `helm template overgranted examples/overgranted-chart` prints for templates without directives: each
 * document of each template, trimmed, under its own `# Source:` line (helm releaseutil.SplitManifests and the
 * template command's printer: `---\n# Source: %s\n%s\n`).
 */
export function helmTemplate(): string {
  return readdirSync(TEMPLATES)
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(TEMPLATES, f), 'utf8')
        .split(/(?:^|\s*\n)---\s*/)
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => `---\n# Source: overgranted/templates/${f}\n${d}\n`),
    )
    .join('');
}
