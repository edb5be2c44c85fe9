// A recording fake of kind, kubectl, helm, docker (and sudo) for the Action's end-to-end tests on a machine without Docker.
// Each call appends {tool, argv, ...} to $FAKE_LOG and answers like the real tool would, handing back real data:
// `docker cp` copies a real audit log, `kubectl get --raw /openapi/v2` prints a real served spec.
// `helm install` remembers the chart of each release and its --set values; `helm get manifest` renders that chart's
// templates as helm prints a release's manifest (hooks left out), for the simple directives the example charts use.
// Environment:
//   FAKE_LOG         JSON-lines file the calls are appended to (required)
//   FAKE_STATE_DIR   where the fake cluster state lives (required): clusters.json, kubeconfigs
//   FAKE_FAIL        comma-separated tool:subcommand that exit 1, e.g. "helm:install,kind:create,helm:test,helm:get,sudo:cat,kind:load,kubectl:apply"
//                    (kubectl:clusterrolebinding: only kubectl create clusterrolebinding; helm:test-timeout: helm test
//                    runs out of its --timeout)
//   FAKE_HANG        comma-separated tool:subcommand that hang as on an API server that never answers, e.g.
//                    "kubectl:get-raw,helm:get": kubectl given --request-timeout then fails as kubectl does when it
//                    runs out (at once here, for speed); without it, and helm (which has no such flag), never ends
//   FAKE_AUDIT_LOG   the audit log docker cp hands back (default: audit2rbac demo-v1.log)
//   FAKE_AUDIT_ROTATED  a gzip docker cp hands back beside it as a rotated log
//   FAKE_SPEC        the gzipped OpenAPI spec kubectl serves (default: the kind v1.21.2 served spec)
//   FAKE_AUDIT_KUBECTL  when set, kubectl's requests (namespaces, service accounts, bindings, what apply makes) are
//                    recorded as the API server's audit log records them (apiRequest), as the user its kubeconfig or
//                    --as impersonates, and docker cp hands them back ahead of FAKE_AUDIT_LOG
//   FAKE_NODE_CLOCK_MS  with FAKE_AUDIT_KUBECTL, how far the API server's clock is ahead of the runner's (ms; default 0)
//   FAKE_HELM_INSTALL_ERROR  what a failing helm install (FAKE_FAIL helm:install) prints (default: a --wait timeout)
//   FAKE_PODS / FAKE_EVENTS  what `kubectl get pods -o json` and `kubectl get events` print (default: none)
//   FAKE_SECRET      a value that must never reach a tool: recorded as secretSeen when found in argv or env
//   FAKE_KIND_VERSION / FAKE_KUBECTL_VERSION / FAKE_HELM_VERSION   what `version` reports
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { dump, load, loadAll } from 'js-yaml';

const tool = process.argv[2];
const argv = process.argv.slice(3);
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
const stateDir = process.env.FAKE_STATE_DIR;
const logFile = process.env.FAKE_LOG;
if (!logFile || !stateDir) {
  process.stderr.write(`fake ${tool}: FAKE_LOG and FAKE_STATE_DIR must be set\n`);
  process.exit(97);
}

const secret = process.env.FAKE_SECRET;
const secretSeen =
  !!secret &&
  (argv.some((a) => a.includes(secret)) ||
    Object.entries(process.env).some(([k, v]) => k !== 'FAKE_SECRET' && v && v.includes(secret)));
const inputsInEnv = Object.keys(process.env).filter((k) => k.startsWith('INPUT_'));
const runtimeSecretsInEnv = Object.keys(process.env).filter((k) => k === 'ACTIONS_RUNTIME_TOKEN' || k.startsWith('ACTIONS_ID_TOKEN_REQUEST_'));
fs.appendFileSync(logFile, JSON.stringify({ tool, argv, secretSeen, inputsInEnv, runtimeSecretsInEnv, kubeconfigEnv: process.env.KUBECONFIG ?? null, cwd: process.cwd() }) + '\n');

const positional = argv.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^--(name|image|config|kubeconfig|namespace|timeout|wait|template|values|set|repo|version|output|field-selector|as|clusterrole|user|sort-by|request-timeout)$/.test(argv[i - 1]) ) && !(i > 0 && /^-(n|o|f)$/.test(argv[i - 1])));
const sub = tool === 'kubectl' && positional[0] === 'get' && argv.includes('--raw') ? 'get-raw' : positional[0] ?? '';
const failing = (process.env.FAKE_FAIL ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const shouldFail = failing.includes(`${tool}:${sub}`);
if ((process.env.FAKE_HANG ?? '').split(',').map((s) => s.trim()).includes(`${tool}:${sub}`)) {
  if (tool === 'kubectl' && argv.includes('--request-timeout')) {
    fail('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)');
  }
  setInterval(() => {}, 1 << 30);
  await new Promise(() => {});
}

function flag(name) {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}
/** Every value of a repeated flag, in order. */
function flags(name) {
  return argv.flatMap((a, i) => (a === name && i + 1 < argv.length ? [argv[i + 1]] : []));
}
const clustersFile = path.join(stateDir, 'clusters.json');
function clusters() {
  return fs.existsSync(clustersFile) ? JSON.parse(fs.readFileSync(clustersFile, 'utf8')) : [];
}
function saveClusters(list) {
  fs.writeFileSync(clustersFile, JSON.stringify(list));
}
function fail(message, code = 1) {
  process.stderr.write(message + '\n');
  process.exit(code);
}
const releasesFile = path.join(stateDir, 'releases.json');
function releases() {
  return fs.existsSync(releasesFile) ? JSON.parse(fs.readFileSync(releasesFile, 'utf8')) : {};
}

/** The chart's templates as `helm get manifest` prints them: `---\n# Source: <chart>/templates/<file>\n<document>` per document. */
function renderManifest(chartDir, release, namespace, setValues = []) {
  return renderDocuments(chartDir, release, namespace, setValues)
    // Hooks (tests among them) are not part of the release manifest.
    .filter(({ doc }) => !/helm\.sh\/hook:/.test(doc))
    .map(({ source, doc }) => `---\n# Source: ${source}\n${doc}\n`)
    .join('');
}

/** The chart's test hooks, rendered: kind, name and delete policy of each, in the order of their files. */
function testHooks(chartDir, release, namespace, setValues = []) {
  return renderDocuments(chartDir, release, namespace, setValues)
    .map(({ doc }) => load(doc))
    .filter((o) => /(^|,)\s*test\s*(,|$)/.test(o?.metadata?.annotations?.['helm.sh/hook'] ?? ''))
    .map((o) => ({ kind: o.kind, name: o.metadata.name, deletePolicy: o.metadata.annotations['helm.sh/hook-delete-policy'] ?? '' }));
}

/** Every document of the chart's templates, rendered, with its source (<chart>/templates/<file>). */
function renderDocuments(chartDir, release, namespace, setValues = []) {
  const chartName = load(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')).name;
  const valuesFile = path.join(chartDir, 'values.yaml');
  const valuesText = fs.existsSync(valuesFile) ? fs.readFileSync(valuesFile, 'utf8') : '';
  // js-yaml refuses a file of comments only, which values.yaml often is.
  const values = valuesText.replace(/#.*$/gm, '').trim() ? load(valuesText) : {};
  // --set a.b=value, as a string (helm's own type guessing is not needed by the tests).
  for (const pair of setValues) {
    const [key, ...rest] = pair.split('=');
    const keys = key.split('.');
    let at = values;
    for (const k of keys.slice(0, -1)) at = at[k] ??= {};
    at[keys.at(-1)] = rest.join('=');
  }
  const templates = path.join(chartDir, 'templates');
  const files = fs.readdirSync(templates, { recursive: true }).filter((f) => /\.ya?ml$/.test(f) && !path.basename(f).startsWith('_')).sort();
  const out = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(templates, f), 'utf8').replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (whole, expr) => {
      const m = /^\.(Release\.Name|Release\.Namespace|Chart\.Name|Values\.([\w.]+))(\s*\|\s*quote)?$/.exec(expr);
      if (!m) fail(`fake helm: cannot render ${whole} in ${f}`, 98);
      const value =
        m[1] === 'Release.Name' ? release : m[1] === 'Release.Namespace' ? namespace : m[1] === 'Chart.Name' ? chartName : m[2].split('.').reduce((v, k) => v?.[k], values);
      if (value === undefined) fail(`fake helm: ${expr} is not set (${f})`, 98);
      return m[3] ? JSON.stringify(String(value)) : String(value);
    });
    for (const doc of text.split(/(?:^|\n)---\s*(?=\n|$)/).map((d) => d.trim())) {
      if (doc) out.push({ source: `${chartName}/templates/${f}`, doc });
    }
  }
  return out;
}

const helmReposFile = path.join(stateDir, 'helm-repositories.json');
/** The repositories `helm repo add` added: name -> URL. */
function helmRepos() {
  return fs.existsSync(helmReposFile) ? JSON.parse(fs.readFileSync(helmReposFile, 'utf8')) : {};
}

/** The dependencies a chart directory's Chart.yaml lists. */
function chartDependencies(dir) {
  return load(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')).dependencies ?? [];
}
/** Whether charts/ holds a dependency, unpacked or as NAME-*.tgz (what helm's loader finds by name). */
function dependencyThere(dir, dep) {
  const charts = path.join(dir, 'charts');
  if (!fs.existsSync(charts)) return false;
  return fs.readdirSync(charts).some((f) => f === dep.name || (f.startsWith(`${dep.name}-`) && f.endsWith('.tgz')));
}

/** What `kubectl apply` made, as the fake cluster keeps it. */
const objectsFile = path.join(stateDir, 'objects.json');
function storedObjects() {
  return fs.existsSync(objectsFile) ? JSON.parse(fs.readFileSync(objectsFile, 'utf8')) : [];
}

const auditFile = path.join(stateDir, 'kubectl-audit.log');
/**
 * With FAKE_AUDIT_KUBECTL, one request of this kubectl call as the API server's audit log records it (Metadata level,
 * ResponseComplete only, as scripts/audit-policy.yaml asks): kind's admin user, kubectl's user agent.
 */
function apiRequest(verb, requestURI, objectRef, code) {
  if (!process.env.FAKE_AUDIT_KUBECTL) return;
  const actingAs = impersonated();
  const now = new Date(Date.now() + Number(process.env.FAKE_NODE_CLOCK_MS ?? 0)).toISOString().replace('Z', '000Z');
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: crypto.randomUUID(),
    stage: 'ResponseComplete',
    requestURI,
    verb,
    user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
    ...(actingAs ? { impersonatedUser: { username: actingAs, groups: ['system:authenticated'] } } : {}),
    sourceIPs: ['172.18.0.1'],
    userAgent: `kubectl/${process.env.FAKE_KUBECTL_VERSION ?? 'v1.36.4'} (linux/amd64) kubernetes/0bb8ba8`,
    objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: code < 300 ? { metadata: {}, code } : { metadata: {}, status: 'Failure', reason: code === 404 ? 'NotFound' : 'AlreadyExists', code },
    requestReceivedTimestamp: now,
    stageTimestamp: now,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
  fs.appendFileSync(auditFile, JSON.stringify(event) + '\n');
}

/**
 * Who kubectl acts as: --as, else the `as` of its kubeconfig's current user (client-go's impersonation), else nobody.
 * Only `as`: a flag given replaces the file's user.
 */
function impersonated() {
  if (flag('--as')) return flag('--as');
  const kc = flag('--kubeconfig') ?? process.env.KUBECONFIG;
  if (!kc || !fs.existsSync(kc)) return undefined;
  const config = load(fs.readFileSync(kc, 'utf8'));
  const context = config?.contexts?.find((c) => c.name === config['current-context'])?.context;
  return config?.users?.find((u) => u.name === context?.user)?.user?.as;
}

/** An object's resource, as the API server names it from its kind (the kinds of the tests' manifests). */
function resourceOf(kind) {
  const k = kind.toLowerCase();
  return k.endsWith('s') ? `${k}es` : k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
}

/** --field-selector a=b,c=d as {a: 'b', c: 'd'}. */
function fieldSelector() {
  const text = flag('--field-selector') ?? '';
  return Object.fromEntries(text.split(',').filter(Boolean).map((kv) => kv.split('=')));
}

/** The query kubectl sends for a list: the field selector, and its page size. */
function listQuery() {
  const sel = flag('--field-selector');
  return `${sel ? `fieldSelector=${encodeURIComponent(sel)}&` : ''}limit=500`;
}

/** A list as kubectl prints it: `-o name` lines, nothing at all when empty (exit 0 either way). */
function printList(kind, names) {
  const output = flag('-o') ?? flag('--output');
  if (output === 'name') process.stdout.write(names.map((n) => `${kind}/${n}\n`).join(''));
  else if (names.length === 0) process.stderr.write('No resources found\n');
  else process.stdout.write(`NAME\n${names.join('\n')}\n`);
}

/** The kubeconfig kind writes for a cluster: its admin user's client certificate and key (made up here). */
function writeKindKubeconfig(file, name) {
  fs.writeFileSync(
    file,
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0EK\n    server: https://127.0.0.1:40001\n  name: kind-${name}\n` +
      `contexts:\n- context:\n    cluster: kind-${name}\n    user: kind-${name}\n  name: kind-${name}\ncurrent-context: kind-${name}\nkind: Config\n` +
      `preferences: {}\nusers:\n- name: kind-${name}\n  user:\n    client-certificate-data: Q0VSVAo=\n    client-key-data: S0VZCg==\n`,
    { mode: 0o600 },
  );
}

function kubeconfigReachesCluster() {
  const kc = flag('--kubeconfig') ?? process.env.KUBECONFIG;
  if (!kc || !fs.existsSync(kc)) return false;
  const name = fs.readFileSync(kc, 'utf8').match(/kind-([a-z0-9-]+)/)?.[1];
  return !!name && clusters().includes(name);
}

switch (tool) {
  case 'kind': {
    if (sub === 'version') {
      process.stdout.write(`kind ${process.env.FAKE_KIND_VERSION ?? 'v0.33.0'} go1.24.6 linux/amd64\n`);
      break;
    }
    if (sub === 'get' && positional[1] === 'clusters') {
      const list = clusters();
      if (list.length === 0) process.stderr.write('No kind clusters found.\n');
      else process.stdout.write(list.join('\n') + '\n');
      break;
    }
    if (sub === 'create') {
      const name = flag('--name') ?? 'kind';
      if (clusters().includes(name)) fail(`ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"`);
      const config = flag('--config');
      if (!config || !fs.existsSync(config)) fail(`ERROR: failed to create cluster: open ${config}: no such file or directory`);
      // The node container exists from here on; when bootstrapping fails below, the real kind deletes it again
      // unless --retain is given.
      saveClusters([...clusters(), name]);
      fs.copyFileSync(config, path.join(stateDir, `kind-config-${name}.yaml`));
      if (shouldFail) {
        if (!argv.includes('--retain')) saveClusters(clusters().filter((c) => c !== name));
        fail('ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged kind-control-plane kubeadm init" failed with error: exit status 1');
      }
      const kc = flag('--kubeconfig');
      if (kc) writeKindKubeconfig(kc, name);
      process.stdout.write(`Creating cluster "${name}" ...\n ✓ Ensuring node image (${flag('--image')})\nSet kubectl context to "kind-${name}"\n`);
      break;
    }
    if (sub === 'export' && positional[1] === 'kubeconfig') {
      // Writes the cluster's admin kubeconfig over --kubeconfig, else $KUBECONFIG, as kind does (an install-command
      // that runs it drops the `as` of the kubeconfig it was given).
      const name = flag('--name') ?? 'kind';
      if (!clusters().includes(name)) fail(`ERROR: could not locate any control plane nodes for cluster named '${name}'`);
      writeKindKubeconfig(flag('--kubeconfig') ?? process.env.KUBECONFIG ?? path.join(stateDir, 'home-kubeconfig'), name);
      process.stdout.write(`Set kubectl context to "kind-${name}"\n`);
      break;
    }
    if (sub === 'load' && positional[1] === 'docker-image') {
      // What an operator's install-command does with its freshly built image: the cluster must be there.
      const name = flag('--name') ?? 'kind';
      if (!clusters().includes(name)) fail(`ERROR: no nodes found for cluster "${name}"`);
      const images = positional.slice(2);
      if (shouldFail) fail(`ERROR: image: "${images[0]}" not present locally`);
      for (const image of images) process.stdout.write(`Image: "${image}" with ID "sha256:0f1e" not yet present on node "${name}-control-plane", loading...\n`);
      break;
    }
    if (sub === 'delete') {
      const name = flag('--name') ?? 'kind';
      saveClusters(clusters().filter((c) => c !== name));
      // Its API server's log goes with it: the next cluster's starts empty.
      fs.rmSync(auditFile, { force: true });
      process.stdout.write(`Deleting cluster "${name}" ...\n`);
      break;
    }
    fail(`fake kind: unsupported: ${argv.join(' ')}`, 98);
    break;
  }
  case 'kubectl': {
    if (sub === 'version') {
      const v = process.env.FAKE_KUBECTL_VERSION ?? 'v1.36.4';
      process.stdout.write(JSON.stringify({ clientVersion: { major: '1', minor: v.split('.')[1], gitVersion: v } }) + '\n');
      break;
    }
    if (shouldFail) fail(`error: the fake was told to fail ${sub}`);
    if (!kubeconfigReachesCluster()) fail('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    if (sub === 'wait') {
      // Only what the Action waits for: the cluster's DNS, up once kind's cluster is.
      if (flag('--namespace') !== 'kube-system' || !argv.includes('deployment/coredns')) fail(`fake kubectl: unsupported: ${argv.join(' ')}`, 98);
      process.stdout.write('deployment.apps/coredns condition met\n');
      break;
    }
    if (sub === 'get-raw') {
      if (flag('--raw') !== '/openapi/v2') fail(`fake kubectl: unsupported raw path ${flag('--raw')}`, 98);
      process.stdout.write(zlib.gunzipSync(fs.readFileSync(process.env.FAKE_SPEC ?? path.join(fixtures, 'openapi-v2/swagger-1.21-served-kind.json.gz'))));
      break;
    }
    if (sub === 'get' && (positional[1] === 'clusterrole' || positional[1] === 'role')) {
      // The cluster's roles: FAKE_CLUSTER_ROLES, YAML documents as `kubectl get <kind> <name> -o yaml` prints each.
      const [kind, name] = positional.slice(1);
      const ns = kind === 'role' ? (flag('--namespace') ?? 'default') : undefined;
      if ((flag('--output') ?? flag('-o')) !== 'yaml') fail(`fake kubectl: unsupported output for get ${kind}`, 98);
      const group = ns ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/${name}` : `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`;
      const text = process.env.FAKE_CLUSTER_ROLES ? fs.readFileSync(process.env.FAKE_CLUSTER_ROLES, 'utf8') : '';
      const doc = text.split(/^---\n/m).find((d) => {
        const o = load(d);
        return o?.kind?.toLowerCase() === kind && o.metadata?.name === name && o.metadata?.namespace === ns;
      });
      apiRequest('get', group, { resource: `${kind}s`, ...(ns ? { namespace: ns } : {}), name, apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' }, doc ? 200 : 404);
      if (!doc) fail(`Error from server (NotFound): ${kind}s.rbac.authorization.k8s.io "${name}" not found`);
      process.stdout.write(doc);
      break;
    }
    const nsFile = path.join(stateDir, 'namespaces.json');
    const namespaces = fs.existsSync(nsFile) ? JSON.parse(fs.readFileSync(nsFile, 'utf8')) : ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
    const [kind, name] = positional.slice(1);
    const ns = flag('--namespace') ?? flag('-n') ?? 'default';
    const output = flag('-o') ?? flag('--output');
    // The default service account of a namespace created here appears a moment later (the token controller
    // creates it): the first list after the create does not find it yet.
    const pendingFile = path.join(stateDir, 'default-sa-pending.json');
    const pending = fs.existsSync(pendingFile) ? JSON.parse(fs.readFileSync(pendingFile, 'utf8')) : [];
    if (sub === 'get' && (kind === 'namespace' || kind === 'namespaces') && name) {
      // GET /api/v1/namespaces/<name>: the API server puts the name in objectRef.namespace too.
      const found = namespaces.includes(name);
      apiRequest('get', `/api/v1/namespaces/${name}`, { resource: 'namespaces', namespace: name, name }, found ? 200 : 404);
      if (!found) fail(`Error from server (NotFound): namespaces "${name}" not found`);
      process.stdout.write(output === 'name' ? `namespace/${name}\n` : `NAME   STATUS\n${name}   Active\n`);
      break;
    }
    if (sub === 'get' && (kind === 'namespace' || kind === 'namespaces')) {
      // GET /api/v1/namespaces?fieldSelector=...: cluster-scoped, no namespace in objectRef.
      const sel = fieldSelector();
      apiRequest('list', `/api/v1/namespaces?${listQuery()}`, { resource: 'namespaces' }, 200);
      const hits = namespaces.filter((n) => (sel['metadata.name'] ?? n) === n);
      printList('namespace', hits);
      break;
    }
    if (sub === 'create' && kind === 'clusterrolebinding') {
      // kubectl create clusterrolebinding NAME --clusterrole ROLE --user USER: cluster-scoped, kept for `get -o yaml`.
      // FAKE_FAIL kubectl:clusterrolebinding: refused, as an admission webhook or a policy engine might refuse it.
      if (failing.includes('kubectl:clusterrolebinding')) fail(`error: failed to create clusterrolebinding: admission webhook "deny.example.com" denied the request`);
      const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: flag('--clusterrole') }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: flag('--user') }] };
      const ref = { resource: 'clusterrolebindings', name, apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' };
      apiRequest('create', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create&fieldValidation=Strict', ref, 201);
      fs.writeFileSync(objectsFile, JSON.stringify([...storedObjects(), binding]));
      process.stdout.write(`clusterrolebinding.rbac.authorization.k8s.io/${name} created\n`);
      break;
    }
    if (sub === 'create' && kind === 'namespace') {
      apiRequest('create', '/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict', { resource: 'namespaces', name }, namespaces.includes(name) ? 409 : 201);
      if (namespaces.includes(name)) fail(`Error from server (AlreadyExists): namespaces "${name}" already exists`);
      fs.writeFileSync(nsFile, JSON.stringify([...namespaces, name]));
      fs.writeFileSync(pendingFile, JSON.stringify([...pending, name]));
      process.stdout.write(`namespace/${name} created\n`);
      break;
    }
    if (sub === 'get' && (kind === 'serviceaccount' || kind === 'serviceaccounts') && (argv.includes('--all-namespaces') || argv.includes('-A'))) {
      // GET /api/v1/serviceaccounts?fieldSelector=...: across namespaces, no namespace in objectRef. Only the default
      // service accounts are known here.
      const sel = fieldSelector();
      apiRequest('list', `/api/v1/serviceaccounts?${listQuery()}`, { resource: 'serviceaccounts' }, 200);
      const waiting = pending.filter((n) => sel['metadata.namespace'] === undefined || sel['metadata.namespace'] === n);
      if (waiting.length > 0) fs.writeFileSync(pendingFile, JSON.stringify(pending.filter((n) => !waiting.includes(n))));
      const hits = namespaces.filter((n) => !pending.includes(n) && (sel['metadata.namespace'] ?? n) === n && (sel['metadata.name'] ?? 'default') === 'default');
      printList('serviceaccount', hits.map(() => 'default'));
      break;
    }
    if (sub === 'apply') {
      // `kubectl apply -f FILE|DIR [-n NS]` of an operator's manifests: a Namespace that exists already is configured,
      // as the real kubectl does (it patches the object `kubectl create namespace` made); a namespaced object needs its
      // namespace. The objects are kept (objects.json) for `kubectl get <kinds> -o yaml`.
      const files = flags('-f').flatMap((f) => (fs.statSync(f).isDirectory() ? fs.readdirSync(f).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(f, n)) : [f]));
      const docs = files.flatMap((f) => loadAll(fs.readFileSync(f, 'utf8'))).filter(Boolean);
      let known = namespaces;
      const objects = storedObjects();
      for (const doc of docs) {
        const name = doc.metadata?.name;
        if (doc.kind === 'Namespace') {
          process.stdout.write(`namespace/${name} ${known.includes(name) ? 'configured' : 'created'}\n`);
          if (!known.includes(name)) known = [...known, name];
          continue;
        }
        const clusterScoped = /^Cluster/.test(doc.kind) || doc.kind === 'CustomResourceDefinition' || doc.kind === 'VolumeAttributesClass';
        const at = clusterScoped ? undefined : (doc.metadata?.namespace ?? flag('-n') ?? flag('--namespace') ?? 'default');
        if (at && !known.includes(at)) fail(`Error from server (NotFound): error when creating "${files.join(',')}": namespaces "${at}" not found`);
        // Client-side apply: a read of the object (not there yet), then its create.
        const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
        const resource = resourceOf(doc.kind);
        const collection = `${group ? `/apis/${group}` : '/api'}/${version}${at ? `/namespaces/${at}` : ''}/${resource}`;
        const ref = { resource, ...(at ? { namespace: at } : {}), name, ...(group ? { apiGroup: group } : {}), apiVersion: version };
        apiRequest('get', `${collection}/${name}`, ref, 404);
        apiRequest('create', `${collection}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, ref, 201);
        // As the API server keeps it: a resourceVersion, and what kubectl's client-side apply adds.
        const metadata = { ...doc.metadata, ...(at ? { namespace: at } : {}), resourceVersion: String(1000 + objects.length), managedFields: [{ manager: 'kubectl-client-side-apply' }] };
        metadata.annotations = { ...doc.metadata?.annotations, 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(doc) };
        objects.push({ ...doc, metadata });
        process.stdout.write(`${doc.kind.toLowerCase()}/${name} created\n`);
      }
      fs.writeFileSync(nsFile, JSON.stringify(known));
      fs.writeFileSync(objectsFile, JSON.stringify(objects));
      break;
    }
    if (sub === 'get' && (flag('-o') ?? flag('--output')) === 'yaml' && kind?.includes(',')) {
      // `kubectl get a,b,c (-n NS | --all-namespaces) -o yaml`: one List of what was applied, and the cluster's roles
      // (FAKE_CLUSTER_ROLES), as kubectl prints several kinds. Recorded as the API server would log the lists.
      const wanted = kind.split(',');
      const all = argv.includes('--all-namespaces') || argv.includes('-A');
      const served = process.env.FAKE_CLUSTER_ROLES ? loadAll(fs.readFileSync(process.env.FAKE_CLUSTER_ROLES, 'utf8')).filter(Boolean) : [];
      // The aggregation controller's work: an aggregated ClusterRole is served with the rules of those its selectors match.
      const labelled = (o, sel) => Object.entries(sel.matchLabels ?? {}).every(([k, v]) => o.metadata?.labels?.[k] === v);
      const everything = [...storedObjects(), ...served].map((o, _, all) =>
        o.kind === 'ClusterRole' && o.aggregationRule
          ? { ...o, rules: all.filter((r) => r.kind === 'ClusterRole' && r !== o && o.aggregationRule.clusterRoleSelectors.some((sel) => labelled(r, sel))).flatMap((r) => r.rules ?? []) }
          : o,
      );
      const items = everything.filter(
        (o) => wanted.includes(`${o.kind.toLowerCase()}s`) && (all || !o.metadata?.namespace || o.metadata.namespace === ns),
      );
      for (const k of wanted) apiRequest('list', `/${k}`, { resource: k, ...(all ? {} : { namespace: ns }) }, 200);
      process.stdout.write(dump({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }));
      break;
    }
    if (!namespaces.includes(ns)) fail(`Error from server (NotFound): namespaces "${ns}" not found`);
    if (sub === 'get' && kind === 'serviceaccount') {
      apiRequest('get', `/api/v1/namespaces/${ns}/serviceaccounts/${name}`, { resource: 'serviceaccounts', namespace: ns, name }, 200);
      process.stdout.write(`NAME   SECRETS\n${name}   0\n`);
      break;
    }
    if (sub === 'create' && kind === 'serviceaccount') {
      apiRequest('create', `/api/v1/namespaces/${ns}/serviceaccounts?fieldManager=kubectl-create&fieldValidation=Strict`, { resource: 'serviceaccounts', namespace: ns, name }, 201);
      process.stdout.write(`serviceaccount/${name} created\n`);
      break;
    }
    if (sub === 'get' && (kind === 'pods' || kind === 'events')) {
      // The namespace's pods (FAKE_PODS, a pod list as `kubectl get pods -o json` prints it) and events (FAKE_EVENTS, as
      // kubectl prints them): what a failed install left behind.
      apiRequest('list', `/api/v1/namespaces/${ns}/${kind}`, { resource: kind, namespace: ns }, 200);
      const given = process.env[kind === 'pods' ? 'FAKE_PODS' : 'FAKE_EVENTS'];
      if (output === 'json') process.stdout.write(given ? fs.readFileSync(given, 'utf8') : JSON.stringify({ apiVersion: 'v1', items: [], kind: 'List' }));
      else process.stdout.write(given && kind === 'events' ? fs.readFileSync(given, 'utf8') : `No resources found in ${ns} namespace.\n`);
      break;
    }
    if (sub === 'get') {
      process.stdout.write(`No resources found in ${ns} namespace.\n`);
      break;
    }
    fail(`fake kubectl: unsupported: ${argv.join(' ')}`, 98);
    break;
  }
  case 'helm': {
    if (sub === 'version') {
      process.stdout.write(`${process.env.FAKE_HELM_VERSION ?? 'v3.21.4'}`);
      break;
    }
    if (sub === 'repo' && positional[1] === 'add') {
      // helm repo add NAME URL: remembered (as repositories.yaml), for dependency build with a Chart.lock.
      const [, , name, url] = positional;
      fs.writeFileSync(helmReposFile, JSON.stringify({ ...helmRepos(), [name]: url }));
      process.stdout.write(`"${name}" has been added to your repositories\n`);
      break;
    }
    if (sub === 'dependency') {
      // helm dependency list|build DIR, offline: a dependency is there when charts/ holds its directory or NAME-*.tgz;
      // build "downloads" each missing one as charts/NAME-VERSION.tgz (FAKE_FAIL helm:dependency: the repository is
      // unreachable).
      const [, action, dir] = positional;
      const deps = chartDependencies(dir);
      if (action === 'list') {
        if (deps.length === 0) {
          process.stdout.write(`WARNING: no dependencies at ${path.join(dir, 'charts')}\n`);
          break;
        }
        const rows = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS'], ...deps.map((d) => [d.name, d.version, d.repository, dependencyThere(dir, d) ? 'ok' : 'missing'])];
        process.stdout.write(rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(24) : c)).join('\t')).join('\n') + '\n\n');
        break;
      }
      if (action === 'build') {
        const wanted = deps.filter((d) => !dependencyThere(dir, d));
        // As helm's Build: with a Chart.lock, every http(s) repository must have been added (without one, it adds them).
        const added = Object.values(helmRepos());
        const unknown = deps.map((d) => d.repository).filter((r) => /^https?:/.test(r) && !added.includes(r));
        if (fs.existsSync(path.join(dir, 'Chart.lock')) && unknown.length > 0) {
          fail(`Error: no repository definition for ${unknown.join(', ')}. Please add the missing repos via 'helm repo add'`);
        }
        if (shouldFail) fail(`Error: no cached repository for helm-manager-0f1e found. (try 'helm repo update'): open /home/runner/.cache/helm/repository/helm-manager-0f1e-index.yaml: no such file or directory`);
        fs.mkdirSync(path.join(dir, 'charts'), { recursive: true });
        process.stdout.write(`Hang tight while we grab the latest from your chart repositories...\nUpdate Complete. ⎈Happy Helming!⎈\nSaving ${wanted.length} charts\n`);
        for (const d of wanted) {
          process.stdout.write(`Downloading ${d.name} from repo ${d.repository}\n`);
          fs.writeFileSync(path.join(dir, 'charts', `${d.name}-${d.version}.tgz`), 'fake chart archive');
        }
        process.stdout.write('Deleting outdated charts\n');
        break;
      }
      fail(`fake helm: unsupported: ${argv.join(' ')}`, 98);
    }
    if (!kubeconfigReachesCluster()) fail('Error: Kubernetes cluster unreachable: Get "http://localhost:8080/version": dial tcp [::1]:8080: connect: connection refused');
    if (sub === 'install') {
      // As helm v3 locates the chart (LocateChart): a path from its working directory first, even with --repo; else
      // the chart of that name in the repository, kept as its name here.
      const chartDir = fs.existsSync(positional[2]) ? path.resolve(positional[2]) : positional[2];
      // As helm install checks a chart directory: every dependency of Chart.yaml must be in charts/.
      if (fs.existsSync(path.join(chartDir, 'Chart.yaml'))) {
        const missing = chartDependencies(chartDir).filter((d) => !dependencyThere(chartDir, d));
        if (missing.length > 0) {
          fail(`Error: INSTALLATION FAILED: An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.map((d) => d.name).join(', ')}`);
        }
      }
      // A failed install still leaves its release behind, as helm does.
      fs.writeFileSync(releasesFile, JSON.stringify({ ...releases(), [positional[1]]: { chart: chartDir, namespace: flag('--namespace'), set: flags('--set') } }));
      if (shouldFail) fail(process.env.FAKE_HELM_INSTALL_ERROR ?? `Error: INSTALLATION FAILED: context deadline exceeded`);
      process.stdout.write(`NAME: ${positional[1]}\nNAMESPACE: ${flag('--namespace')}\nSTATUS: deployed\nREVISION: 1\n`);
      break;
    }
    if (sub === 'test') {
      if (shouldFail) fail(`Error: 1 error occurred:\n\t* pod ${positional[1]}-test failed`);
      // helm:test-timeout: the test pod never finished within --timeout, as helm says it.
      if (failing.includes('helm:test-timeout')) fail('Error: timed out waiting for the condition');
      // As helm prints a release whose chart has no test hook: "TEST SUITE: None", and exit 0.
      const rel = releases()[positional[1]];
      const hooks = rel && fs.existsSync(path.join(rel.chart, 'templates')) ? testHooks(rel.chart, positional[1], rel.namespace, rel.set) : null;
      const head = `NAME: ${positional[1]}\nNAMESPACE: ${flag('--namespace')}\nSTATUS: deployed\nREVISION: 1\n`;
      if (hooks && hooks.length === 0) {
        process.stdout.write(`${head}TEST SUITE: None\n`);
        break;
      }
      if (!hooks) {
        process.stdout.write(`NAME: ${positional[1]}\nTEST SUITE:     ${positional[1]}-test\nPhase:          Succeeded\n`);
        break;
      }
      const started = 'Sat Dec  5 11:50:02 2026';
      // helm:test-phase-failed: the first test fails; helm prints every suite's phase, then the logs, then its error.
      const phase = (i) => (i === 0 && failing.includes('helm:test-phase-failed') ? 'Failed' : 'Succeeded');
      process.stdout.write(head + hooks.map((h, i) => `TEST SUITE:     ${h.name}\nLast Started:   ${started}\nLast Completed: ${started}\nPhase:          ${phase(i)}\n`).join(''));
      if (argv.includes('--logs')) {
        // As helm 3 does: once every hook ran and its delete policy was applied, the logs of a pod named after each
        // test hook. A pod deleted on success, or a hook that is no pod, has none: helm exits 1 (helm issue #9098).
        process.stdout.write('\n');
        for (const [i, h] of hooks.entries()) {
          const deleted = phase(i) === 'Failed' ? /hook-failed/.test(h.deletePolicy) : /hook-succeeded/.test(h.deletePolicy);
          if (h.kind !== 'Pod' || deleted) fail(`Error: unable to get pod logs for ${h.name}: pods "${h.name}" not found`);
          process.stdout.write(`POD LOGS: ${h.name}\n{"kind":"VolumeAttributesClass"}\n\n`);
        }
      }
      if (phase(0) === 'Failed') fail(`Error: 1 error occurred:\n\t* pod ${hooks[0].name} failed`);
      break;
    }
    if (sub === 'get' && positional[1] === 'manifest') {
      if (shouldFail) fail('Error: the fake was told to fail helm get');
      const rel = releases()[positional[2]];
      if (!rel || rel.namespace !== flag('--namespace')) fail('Error: release: not found');
      process.stdout.write(renderManifest(rel.chart, positional[2], rel.namespace, rel.set));
      break;
    }
    fail(`fake helm: unsupported: ${argv.join(' ')}`, 98);
    break;
  }
  case 'docker': {
    if (sub === 'cp') {
      if (shouldFail) fail('Error response from daemon: the fake was told to fail docker cp');
      const [src, dest] = positional.slice(1);
      const [container, from] = src.split(':');
      const name = container.replace(/-control-plane$/, '');
      if (!clusters().includes(name)) fail(`Error response from daemon: No such container: ${container}`);
      if (from !== '/var/log/kubernetes/audit/.') fail(`Error response from daemon: Could not find the file ${from} in container ${container}`);
      fs.mkdirSync(dest, { recursive: true });
      const given = fs.readFileSync(process.env.FAKE_AUDIT_LOG ?? path.join(fixtures, 'audit/audit2rbac/demo-v1.log'));
      const recorded = fs.existsSync(auditFile) ? fs.readFileSync(auditFile) : Buffer.alloc(0);
      fs.writeFileSync(path.join(dest, 'kube-apiserver-audit.log'), Buffer.concat([recorded, given]));
      // A rotated log beside it, as the API server names it (--audit-log-compress gzips it).
      if (process.env.FAKE_AUDIT_ROTATED) fs.copyFileSync(process.env.FAKE_AUDIT_ROTATED, path.join(dest, 'kube-apiserver-audit-2026-12-06T10-00-00.000.log.gz'));
      break;
    }
    fail(`fake docker: unsupported: ${argv.join(' ')}`, 98);
    break;
  }
  case 'sudo': {
    // Only what collect.ts asks of it: `sudo -n cat FILE` (a root-only file of the host mount) to stdout.
    if (argv[0] !== '-n' || argv[1] !== 'cat' || argv.length !== 3) fail(`fake sudo: unsupported: ${argv.join(' ')}`, 98);
    if (failing.includes('sudo:cat')) fail('sudo: a password is required');
    process.stdout.write(fs.readFileSync(argv[2]));
    break;
  }
  default:
    fail(`fake: unknown tool ${tool}`, 98);
}
