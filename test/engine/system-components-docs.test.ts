// The system components the docs say --include-system keeps are the ones the code leaves out by default: the docs'
// list left out system:kube-aggregator, system:volume-scheduler and system:unsecured. Read from the docs as written,
// compared with the code's lists, and each identity the docs name run through the engine on a real log.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_GROUPS, SYSTEM_NAMESPACES, SYSTEM_NODE_PREFIX, SYSTEM_USERS } from '../../src/engine/select.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, AUDIT2RBAC_2017, loadFixtureSpec, readLines, repoRoot } from '../helpers/fixtures.js';

/** The code spans of the walk-through's sentence on what --include-system keeps, as written. */
function documented(): { users: string[]; nodePrefix: string[]; groups: string[]; namespaces: string[] } {
  const text = readFileSync(path.join(repoRoot, 'docs/walkthrough.md'), 'utf8').replace(/\s+/g, ' ');
  const start = text.indexOf('`--include-system` keeps');
  const end = text.indexOf('(a request is theirs', start);
  expect(start, 'the walk-through says what --include-system keeps').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const spans = [...text.slice(start + '`--include-system`'.length, end).matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  const nodePrefix = spans.filter((s) => s.endsWith(':*')).map((s) => s.slice(0, -1));
  const groups = spans.filter((s) => s === 'system:nodes');
  const users = spans.filter((s) => s.startsWith('system:') && !s.endsWith(':*') && s !== 'system:nodes');
  const namespaces = spans.filter((s) => !s.startsWith('system:'));
  return { users, nodePrefix, groups, namespaces };
}

let spec113: Spec;
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
});

describe("docs/walkthrough.md's list of the system components is the code's", () => {
  it('the same users, kubelets, groups and namespaces', () => {
    const docs = documented();
    expect(new Set(docs.users)).toEqual(new Set(SYSTEM_USERS));
    expect(docs.nodePrefix).toEqual([SYSTEM_NODE_PREFIX]);
    expect(new Set(docs.groups)).toEqual(new Set(SYSTEM_GROUPS));
    expect(new Set(docs.namespaces)).toEqual(new Set(SYSTEM_NAMESPACES));
  });

  it('each identity it names is left out by default and kept with include-system, on the 2017 audit2rbac log', () => {
    const docs = documented();
    // The log's first request, sent by each identity the docs name (its impersonation taken off: the sender alone).
    const template = JSON.parse(readLines(AUDIT2RBAC_2017).find((l) => l.includes('"stage":"ResponseComplete"'))!) as Record<string, unknown>;
    delete template.impersonatedUser;
    const senders = [
      ...docs.users.map((username) => ({ username })),
      ...docs.nodePrefix.map((p) => ({ username: `${p}worker-1` })),
      ...docs.groups.map((g) => ({ username: 'kubelet-bootstrap', groups: [g] })),
      ...docs.namespaces.map((ns) => ({ username: `system:serviceaccount:${ns}:some-controller` })),
    ];
    const lines = senders.map((user, i) => JSON.stringify({ ...template, auditID: `system-${i}`, user }));
    expect(analyzeLines(lines, { spec: spec113, selection: {} }).summary).toMatchObject({ requests: senders.length, selected: 0 });
    expect(analyzeLines(lines, { spec: spec113, selection: { includeSystem: true } }).summary).toMatchObject({ requests: senders.length, selected: senders.length });
    // An app's own identity is kept without it: the test tells system from not.
    const app = JSON.stringify({ ...template, auditID: 'app', user: { username: 'system:serviceaccount:shop:operator' } });
    expect(analyzeLines([...lines, app], { spec: spec113, selection: {} }).summary.selected).toBe(1);
  });

  it('the health checks it names, asked without credentials, are left out by default and kept with include-system', () => {
    const text = readFileSync(path.join(repoRoot, 'docs/walkthrough.md'), 'utf8').replace(/\s+/g, ' ');
    const start = text.indexOf('the health checks asked without credentials');
    expect(start, 'the walk-through says which anonymous requests are left out').toBeGreaterThan(-1);
    const sentence = text.slice(start, text.indexOf(';', start));
    const paths = [...sentence.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]!);
    expect(paths).toEqual(['/livez', '/readyz', '/healthz', '/readyz/etcd']);
    expect(sentence).toContain('`system:anonymous`');
    const template = JSON.parse(readLines(AUDIT2RBAC_2017).find((l) => l.includes('"stage":"ResponseComplete"'))!) as Record<string, unknown>;
    delete template.impersonatedUser;
    delete template.objectRef;
    const lines = paths.map((uri, i) => JSON.stringify({ ...template, auditID: `probe-${i}`, requestURI: uri, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } }));
    expect(analyzeLines(lines, { spec: spec113, selection: {} }).summary).toMatchObject({ requests: paths.length, selected: 0 });
    expect(analyzeLines(lines, { spec: spec113, selection: { includeSystem: true } }).summary).toMatchObject({ requests: paths.length, selected: paths.length });
  });
});
