import { load } from 'js-yaml';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALL_USER, writeImpersonatingKubeconfig } from '../../src/cluster/install-identity.js';

const dir = mkdtempSync(path.join(tmpdir(), 'apisnoop-install-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two users, as a kubeconfig a runner had before kind merged its own into it: only the current context's changes. */
const KUBECONFIG = `apiVersion: v1
clusters:
- cluster: {server: 'https://127.0.0.1:40001', certificate-authority-data: Q0EK}
  name: kind-apisnoop
- cluster: {server: 'https://prod.example.com'}
  name: prod
contexts:
- context: {cluster: prod, user: prod-admin}
  name: prod
- context: {cluster: kind-apisnoop, user: kind-apisnoop, namespace: default}
  name: kind-apisnoop
current-context: kind-apisnoop
kind: Config
preferences: {}
users:
- name: prod-admin
  user: {token: abc}
- name: kind-apisnoop
  user: {client-certificate-data: Q0VSVAo=, client-key-data: S0VZCg==}
`;

describe('writeImpersonatingKubeconfig', () => {
  it("sets `as` on the current context's user only, keeps everything else, and writes the file for its owner alone", async () => {
    const from = path.join(dir, 'kubeconfig');
    const out = path.join(dir, 'install-kubeconfig');
    writeFileSync(from, KUBECONFIG);
    await writeImpersonatingKubeconfig(from, out, INSTALL_USER);
    const before = load(KUBECONFIG) as { users: { name: string; user: object }[] };
    expect(load(readFileSync(out, 'utf8'))).toEqual({
      ...before,
      users: [before.users[0], { name: 'kind-apisnoop', user: { 'client-certificate-data': 'Q0VSVAo=', 'client-key-data': 'S0VZCg==', as: 'apisnoop:install-command' } }],
    });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // kind's own file is left as it was: the Action's calls do not impersonate.
    expect(readFileSync(from, 'utf8')).toBe(KUBECONFIG);
  });

  it('refuses a kubeconfig whose current context names no user it holds, naming the file', async () => {
    const from = path.join(dir, 'broken');
    writeFileSync(from, KUBECONFIG.replace('current-context: kind-apisnoop', 'current-context: gone'));
    await expect(writeImpersonatingKubeconfig(from, path.join(dir, 'x'), INSTALL_USER)).rejects.toThrow(`${from}: no user for its current context (gone)`);
    writeFileSync(from, 'users: [');
    await expect(writeImpersonatingKubeconfig(from, path.join(dir, 'x'), INSTALL_USER)).rejects.toThrow(`${from}: not a kubeconfig (unexpected end of the stream`);
    writeFileSync(from, 'kind: Config\n');
    await expect(writeImpersonatingKubeconfig(from, path.join(dir, 'x'), INSTALL_USER)).rejects.toThrow(`${from}: no user for its current context (undefined)`);
  });
});
