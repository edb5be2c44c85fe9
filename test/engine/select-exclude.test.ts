// excludeUsers: an identity left out wherever it acts, the app's namespace included. The Action's setup-command acts as
// apisnoop:setup-command (kind's admin impersonating it); its requests for objects in the app's namespace (a Secret
// the chart expects, cert-manager's objects there) were counted as the app's by the namespace criterion.
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report, Selection } from '../../src/engine/report.js';
import { excludedUser, selectionCriteria } from '../../src/engine/select.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { reportFromBytes } from '../../src/sources/report-file.js';
import { AUDIT2RBAC_V1, analyzeLines, HKERMA_CSV, loadFixtureSpec, readLines } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';

const SETUP = 'apisnoop:setup-command';
/** The app's log: the real audit2rbac demo, whose app lives in "default". */
const appLines = readLines(AUDIT2RBAC_V1);

/**
 * setup-command's requests as a kind cluster's API server logs them (Metadata level, ResponseComplete): kind's admin
 * impersonating the setup user, kubectl's user agent; a client-side apply is a get (404) then a create.
 */
function setupEvents(): string[] {
  let n = 0;
  const event = (verb: string, requestURI: string, objectRef: Record<string, string>, code: number) =>
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `5e7c0000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      stage: 'ResponseComplete',
      requestURI,
      verb,
      user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
      impersonatedUser: { username: SETUP, groups: ['system:authenticated'] },
      sourceIPs: ['172.18.0.1'],
      userAgent: 'kubectl/v1.21.14 (linux/amd64) kubernetes/0f17c2b',
      objectRef,
      responseStatus: { metadata: {}, code },
      requestReceivedTimestamp: '2026-12-05T09:00:00.000000Z',
      stageTimestamp: '2026-12-05T09:00:00.010000Z',
    });
  const apply = (collection: string, objectRef: Record<string, string>) => [
    event('get', `${collection}/${objectRef.name}`, objectRef, 404),
    event('create', `${collection}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, objectRef, 201),
  ];
  return [
    // A Secret the chart expects, in the app's namespace.
    ...apply('/api/v1/namespaces/default/secrets', { resource: 'secrets', namespace: 'default', name: 'app-tls', apiVersion: 'v1' }),
    // An older prerequisite's install: a beta API in the app's namespace, and a cluster-scoped CRD.
    ...apply('/apis/policy/v1beta1/namespaces/default/poddisruptionbudgets', { resource: 'poddisruptionbudgets', namespace: 'default', name: 'webhook', apiGroup: 'policy', apiVersion: 'v1beta1' }),
    ...apply('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { resource: 'customresourcedefinitions', name: 'certificates.cert-manager.io', apiGroup: 'apiextensions.k8s.io', apiVersion: 'v1' }),
  ];
}

/** The Action's default selection of a chart released in "default". */
const ACTION: Partial<Selection> = { namespaces: ['default'], serviceAccounts: ['default:*'], userAgents: ['helm'] };

describe('excludeUsers: the setup identity left out, the app\'s namespace included', () => {
  const setup = setupEvents();
  const lines = [...appLines, ...setup];
  const analyze = async (selection: Partial<Selection>) => analyzeLines(lines, { spec: await loadFixtureSpec('1.21-served-kind'), selection });
  // The app's requests, tallied from the raw log: in "default", or by one of its service accounts (none has helm's agent).
  const appInDefault = appLines
    .map((l) => JSON.parse(l) as { objectRef?: { namespace?: string }; user: { username: string }; impersonatedUser?: { username: string } })
    .filter((e) => e.objectRef?.namespace === 'default' || (e.impersonatedUser ?? e.user).username.startsWith('system:serviceaccount:default:')).length;
  const setupInDefault = setup.filter((l) => (JSON.parse(l) as { objectRef: { namespace?: string } }).objectRef.namespace === 'default').length;

  it('before: the namespace keeps setup\'s requests there as the app\'s, and its beta API fails the app', async () => {
    const r = await analyze(ACTION);
    expect(r.summary.selected).toBe(appInDefault + 4);
    expect(r.summary.excluded).toBeUndefined();
    expect(r.verdict.violations.map((v) => [v.operationId, v.rules])).toEqual([['createPolicyV1beta1NamespacedPodDisruptionBudget', ['beta']], ['readPolicyV1beta1NamespacedPodDisruptionBudget', ['beta']]]);
    expect(r.operations.find((o) => o.operationId === 'createCoreV1NamespacedSecret')?.users).toEqual([SETUP]);
  });

  it('left out: only the app\'s requests are selected, setup\'s 4 in the app\'s namespace are counted as left out, and the verdict is the app\'s', async () => {
    const r = await analyze({ ...ACTION, excludeUsers: [SETUP] });
    expect(appInDefault).toBeGreaterThan(0);
    expect(r.summary.requests).toBe(appLines.length + setup.length);
    expect(r.summary.selected).toBe(appInDefault);
    // Those the selection would have kept: its CRD's get and create (cluster-scoped, no helm agent) it never kept.
    expect(setupInDefault).toBe(4);
    expect(r.summary.excluded).toBe(setupInDefault);
    expect(r.verdict.pass).toBe(true);
    expect(r.operations.flatMap((o) => o.users ?? [])).not.toContain(SETUP);
    expect(r.operations.map((o) => o.operationId)).not.toContain('createCoreV1NamespacedSecret');
    expect(r.selection.excludeUsers).toEqual([SETUP]);
    // report.md says whose requests were left out, and how many.
    expect(renderMarkdown(r)).toContain('Left out wherever they act: user `apisnoop:setup-command` (4 requests).');
    // A glob, as users take them.
    expect((await analyze({ ...ACTION, excludeUsers: ['apisnoop:*'] })).summary.selected).toBe(appInDefault);
  });

  it('an identity named whole in users is kept all the same; one it did not act as is not left out', async () => {
    const named = await analyze({ ...ACTION, users: [SETUP], excludeUsers: [SETUP] });
    expect(named.summary.selected).toBe(appInDefault + setup.length);
    expect(named.summary.excluded).toBe(0);
    // kind's admin sent them, but acted as the setup user: the sender is not what is left out.
    expect((await analyze({ ...ACTION, excludeUsers: ['kubernetes-admin'] })).summary.selected).toBe(appInDefault + 4);
    const req = { user: { username: 'kubernetes-admin' }, impersonatedUser: { username: SETUP } } as Parameters<NonNullable<ReturnType<typeof excludedUser>>>[0];
    expect(excludedUser({ excludeUsers: [SETUP] })!(req)).toBe(true);
    expect(excludedUser({})).toBeNull();
  });

  // kind's admin named whole (to keep a test-command's requests, which it sends as itself): setup-command's requests,
  // sent by kind's admin acting as the setup user, were kept, while the line said they were left out.
  it('naming the user that sent them (kind\'s admin) keeps none of those that acted as a user left out', async () => {
    const sel = { ...ACTION, users: ['kubernetes-admin'] };
    const r = await analyze({ ...sel, excludeUsers: [SETUP] });
    const appOnly = analyzeLines(appLines, { spec: await loadFixtureSpec('1.21-served-kind'), selection: sel });
    expect(r.summary.excluded).toBe(setup.length);
    expect(r.summary.selected).toBe(appOnly.summary.selected);
    expect(r.operations.map((o) => o.operationId)).not.toContain('createPolicyV1beta1NamespacedPodDisruptionBudget');
    expect(r.verdict.pass).toBe(appOnly.verdict.pass);
    // Named whole itself, it is kept all the same.
    expect((await analyze({ ...sel, users: ['kubernetes-admin', SETUP], excludeUsers: [SETUP] })).summary.excluded).toBe(0);
  });

  it('merged reports add up what was left out and keep the users left out', async () => {
    const spec = await loadFixtureSpec('1.21-served-kind');
    const sel = { ...ACTION, excludeUsers: [SETUP] };
    const half = Math.floor(lines.length / 2);
    const parts: Report[] = [analyzeLines(lines.slice(0, half), { spec, selection: sel }), analyzeLines(lines.slice(half), { spec, selection: sel })];
    const merged = mergeReports(parts);
    expect(merged.summary.excluded).toBe(setupInDefault);
    expect(merged.summary.excluded).toBe(analyzeLines(lines, { spec, selection: sel }).summary.excluded);
    expect(merged.selection.excludeUsers).toEqual([SETUP]);
    expect(selectionCriteria(merged.selection)).toContain(`not user ${SETUP}`);
    // Reports that select differently (another namespace in one): every one's users left out is listed, as their criteria are.
    const other = analyzeLines(lines.slice(half), { spec, selection: { namespaces: ['ns1'] } });
    const mixed = mergeReports([parts[0]!, other]);
    expect(mixed.selection).toMatchObject({ namespaces: ['default', 'ns1'], excludeUsers: [SETUP] });
    expect(mixed.summary.excluded).toBe(parts[0]!.summary.excluded);
  });

  it('a report.json whose new fields are of another type is refused by name, not merged into "06 requests" or a TypeError', async () => {
    const r = await analyze({ ...ACTION, excludeUsers: [SETUP] });
    const read = (edit: (j: Record<string, Record<string, unknown>>) => void) => {
      const j = JSON.parse(JSON.stringify(r)) as Record<string, Record<string, unknown>>;
      edit(j);
      return () => reportFromBytes('shard-1/report.json', Buffer.from(JSON.stringify(j)));
    };
    expect(read((j) => (j.summary!.excluded = '6'))).toThrow('shard-1/report.json: not an apisnoop report.json: summary.excluded is not a number');
    expect(read((j) => (j.selection!.excludeUsers = SETUP))).toThrow('shard-1/report.json: not an apisnoop report.json: selection.excludeUsers is not a list of strings');
    expect(read((j) => (j.selection!.excludeUsers = [null]))).toThrow('selection.excludeUsers is not a list of strings');
    // As written, and as before the fields were added: read.
    expect(read(() => {})().summary.excluded).toBe(setupInDefault);
    expect(read((j) => (delete j.summary!.excluded, delete j.selection!.excludeUsers))().selection.excludeUsers).toBeUndefined();
  });
});

// summary.excluded said "Left out wherever they act: user `system:kube-*` (1169 requests)" of hkerma's cluster, all of
// them a controller's, out by default: the exclusion had changed nothing (selected 11781 with it or without).
describe('summary.excluded counts only the requests the exclusion took out of the selection', () => {
  const lines = convertHkermaCsv(HKERMA_CSV).lines;
  const analyze = async (selection: Partial<Selection>) => analyzeLines(lines, { spec: await loadFixtureSpec('1.21-served-kind'), selection });
  const controllers = lines.filter((l) => /^system:kube-/.test((JSON.parse(l) as { user?: { username?: string } }).user?.username ?? '')).length;

  it('system components, out by default: none', async () => {
    const [without, left] = await Promise.all([analyze({}), analyze({ excludeUsers: ['system:kube-*'] })]);
    expect(controllers).toBeGreaterThan(1000);
    expect(left.summary.selected).toBe(without.summary.selected);
    expect(left.summary.excluded).toBe(0);
  });

  it('with include-system, which keeps them, the requests it took out, as the merge of two halves counts them', async () => {
    const [without, left] = await Promise.all([analyze({ includeSystem: true }), analyze({ includeSystem: true, excludeUsers: ['system:kube-*'] })]);
    expect(left.summary.excluded).toBeGreaterThan(1000);
    expect(left.summary.excluded).toBe(without.summary.selected - left.summary.selected);
    const spec = await loadFixtureSpec('1.21-served-kind');
    const sel = { includeSystem: true, excludeUsers: ['system:kube-*'] };
    const half = Math.floor(lines.length / 2);
    const merged = mergeReports([analyzeLines(lines.slice(0, half), { spec, selection: sel }), analyzeLines(lines.slice(half), { spec, selection: sel })]);
    expect(merged.summary.excluded).toBe(left.summary.excluded);
  });
});
