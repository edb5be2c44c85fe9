import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  execa
} from "./chunk-RDNMAGYF.js";
import {
  getState,
  info,
  saveState,
  setFailed,
  warning,
  which
} from "./chunk-2XO2R4UN.js";
import {
  stopAtLimit,
  stoppedText
} from "./chunk-UMDFYM2V.js";
import {
  dump,
  load
} from "./chunk-MJIIZJVB.js";
import {
  visibleControl
} from "./chunk-DFFE3E7Q.js";
import {
  visibleBidi
} from "./chunk-KXHPS7ST.js";
import {
  DNS_LABEL,
  shellWord,
  unquotedYamlRelease
} from "./chunk-QJAYF2D5.js";

// src/github/log.ts
var CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
function logSafe(text) {
  return text.split(/\r\n|\r|\n/).map(
    (line) => visibleBidi(line.replace(CONTROLS, visibleControl)).replace(/##\[/g, "##\u200B[").replace(/^(\s*):(?=:)/, "$1:\u200B")
  ).join("\n");
}
function logInfo(text) {
  info(logSafe(text));
}
var WARNING_ANNOTATIONS = 10;
var TOP_ROOM = 5;
var SHARE = WARNING_ANNOTATIONS - TOP_ROOM - 1;
var RANKS = ["top", "important", "ordinary"];
var step = { annotated: 0, shared: 0, logOnly: 0, held: [] };
function startWarnings() {
  Object.assign(step, { annotated: 0, shared: 0, logOnly: 0, held: [] });
}
var annotation = (text) => visibleBidi(text.replace(CONTROLS, visibleControl));
var hasRoom = (rank) => step.annotated < WARNING_ANNOTATIONS - 1 && (rank === "top" || step.shared < SHARE);
function hold(text, rank) {
  const at = step.held.findIndex((h) => RANKS.indexOf(h.rank) > RANKS.indexOf(rank));
  step.held.splice(at < 0 ? step.held.length : at, 0, { text, rank });
  step.held.length = Math.min(step.held.length, WARNING_ANNOTATIONS);
}
function logWarning(text, rank = "ordinary") {
  if (!hasRoom(rank)) {
    hold(text, rank);
    step.logOnly++;
    logInfo(`Warning: ${text}`);
    return;
  }
  step.annotated++;
  if (rank !== "top") step.shared++;
  warning(annotation(text));
}
function endWarnings() {
  const room = WARNING_ANNOTATIONS - step.annotated;
  const late = step.logOnly <= room ? step.held : step.held.slice(0, Math.max(0, room - 1));
  const more = step.logOnly - late.length;
  startWarnings();
  for (const { text } of late) warning(annotation(text));
  if (more > 0) warning(`${more} more warning${more === 1 ? " is" : "s are"} in this step's log only, on lines that start with "Warning:": GitHub annotates ${WARNING_ANNOTATIONS} of a step.`);
}
function logFailed(text) {
  setFailed(visibleBidi(text.replace(CONTROLS, visibleControl)));
}

// src/cluster/command.ts
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
var RUNTIME_SECRETS = /* @__PURE__ */ new Set(["ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL"]);
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === void 0 || k.startsWith("INPUT_") || RUNTIME_SECRETS.has(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
async function runCommand(file, args, options = {}) {
  const command = [file, ...args].map(shellWord).join(" ");
  logInfo(`[command]${command}`);
  const subprocess = execa(file, args, {
    env: childEnv(options.env),
    extendEnv: false,
    cwd: options.cwd,
    reject: false,
    stdin: "ignore",
    stdout: options.stdoutFile ? { file: options.stdoutFile } : "pipe",
    stderr: "pipe",
    stripFinalNewline: false
  });
  const limit = options.timeoutMs !== void 0 ? stopAtLimit(subprocess, options.timeoutMs) : null;
  if (!options.stdoutFile && !options.quiet) subprocess.stdout?.on("data", (chunk) => process.stdout.write(chunk));
  subprocess.stderr?.on("data", (chunk) => process.stdout.write(chunk));
  const result = await subprocess;
  const exitCode = typeof result.exitCode === "number" ? result.exitCode : -1;
  const ok = !result.failed && exitCode === 0;
  let failure = null;
  if (!ok) {
    const name = path.basename(file);
    failure = limit?.reached() ? stoppedText(name, options.timeoutMs ?? 0) : result.exitCode === void 0 ? `${name} could not run: ${result.shortMessage ?? "unknown error"}` : `${name} exited with code ${exitCode}`;
  }
  return {
    command,
    exitCode,
    stdout: typeof result.stdout === "string" ? result.stdout : "",
    stderr: typeof result.stderr === "string" ? result.stderr : "",
    ok,
    failure
  };
}
async function mustRun(file, args, options = {}) {
  const res = await runCommand(file, args, options);
  if (!res.ok) {
    const tail = lastLines(res, 5).join("\n");
    throw new Error(`${res.failure}: ${res.command}${tail ? `
${tail}` : ""}`);
  }
  return res;
}
var LINE_MAX = 300;
function lastLines(res, count) {
  const text = res.stderr.trim() ? res.stderr : res.stdout;
  const lines = stripVTControlCharacters(text).split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]/u.test(l));
  const recent = lines.slice(-count * 4);
  const error = recent.findLastIndex((l) => /^(error|fatal)\b/i.test(l));
  const chosen = error === -1 ? lines.slice(-count) : recent.slice(error, error + count);
  return chosen.map((l) => l.length > LINE_MAX ? `${l.slice(0, LINE_MAX - 1)}\u2026` : l);
}
function saidLast(res, count = 3) {
  const lines = lastLines(res, count);
  return lines.length > 0 ? `: ${lines.join(" ")}` : "";
}

// src/cluster/kind.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path2 from "node:path";
import { fileURLToPath } from "node:url";
var PINNED_KIND = "v0.33.0";
var NODE_IMAGES = {
  "1.37": "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5",
  "1.36": "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed",
  "1.35": "kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0",
  "1.34": "kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d"
};
function isClusterName(name) {
  return DNS_LABEL.test(name) && name.length <= 40;
}
var AUDIT_LOG_IN_NODE = "/var/log/kubernetes/audit/kube-apiserver-audit.log";
var AUDIT_LOG_DIR_IN_NODE = path2.posix.dirname(AUDIT_LOG_IN_NODE);
var AUDIT_POLICY_IN_NODE = "/etc/kubernetes/policies/apisnoop-audit-policy.yaml";
function nodeImageFor(kubernetesVersion, kindVersion) {
  const v = kubernetesVersion.replace(/^v/, "");
  const minor = /^(\d+\.\d+)/.exec(v)?.[1] ?? v;
  const pinned = NODE_IMAGES[minor];
  const isMinorOnly = /^\d+\.\d+$/.test(v);
  if (pinned && (isMinorOnly || pinned.includes(`:v${v}@`))) {
    if (kindVersion === PINNED_KIND) return pinned;
    const tag = pinned.split("@")[0];
    logWarning(`node image digests are pinned for kind ${PINNED_KIND}; with kind ${kindVersion || "from PATH"} using ${tag} (set node-image to choose)`);
    return tag;
  }
  if (isMinorOnly) throw new Error(noPinnedImage(v));
  return `kindest/node:v${v}`;
}
function noPinnedImage(minor) {
  const pinned = `no kind node image is pinned for Kubernetes ${minor} (pinned: ${Object.keys(NODE_IMAGES).join(", ")})`;
  const yaml = unquotedYamlRelease(minor);
  if (!yaml) return `${pinned}; give a full version such as ${minor}.0, or set node-image`;
  const meant = `${minor}0`;
  if (NODE_IMAGES[meant]) return `${pinned}: ${yaml}`;
  return `${pinned}: ${yaml}; ${meant} has no pinned image either, so give a full version such as "${meant}.0", or set node-image`;
}
var KIND_WITH_KUBEADM_V1BETA4 = "v0.32.0";
function kindCannotRun(kindVersion, kubernetesVersion) {
  const kind = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(kindVersion);
  const k8s = kubernetesVersion === null ? null : /^v?1\.(\d+)(\.|$)/.exec(kubernetesVersion);
  if (!kind || !k8s) return null;
  const [major, minor] = [Number(kind[1]), Number(kind[2])];
  const old = major === 0 && minor < 32;
  if (!old || Number(k8s[1]) < 37) return null;
  return `kind ${kindVersion.startsWith("v") ? kindVersion : `v${kindVersion}`} writes the kubeadm v1beta3 config, which Kubernetes 1.${k8s[1]}'s kubeadm no longer reads: use kind ${KIND_WITH_KUBEADM_V1BETA4} or later (default ${PINNED_KIND}), or Kubernetes 1.36 or earlier`;
}
function imageKubernetesVersion(image) {
  return /:(v\d+\.\d+\.\d+)/.exec(image)?.[1] ?? null;
}
function packageRoot() {
  let dir = path2.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(path2.join(dir, "scripts", "kind-audit-config.yaml"))) return dir;
    dir = path2.dirname(dir);
  }
  throw new Error("scripts/kind-audit-config.yaml was not found next to the action");
}
function buildKindConfig(template, paths) {
  const cfg = load(template);
  const cp = cfg.nodes?.find((n) => n.role === "control-plane");
  if (!cp?.extraMounts) throw new Error("kind config template: no control-plane node with extraMounts");
  for (const m of cp.extraMounts) {
    if (m.containerPath === AUDIT_POLICY_IN_NODE) m.hostPath = paths.policyFile;
    else if (m.containerPath === AUDIT_LOG_DIR_IN_NODE) m.hostPath = paths.logDir;
  }
  const mounted = new Set(cp.extraMounts.map((m) => m.hostPath));
  if (!mounted.has(paths.policyFile) || !mounted.has(paths.logDir)) {
    throw new Error(`kind config template: expected mounts for ${AUDIT_POLICY_IN_NODE} and ${AUDIT_LOG_DIR_IN_NODE}`);
  }
  if (paths.runtimeConfig && Object.keys(paths.runtimeConfig).length > 0) {
    cfg.runtimeConfig = { ...cfg.runtimeConfig, ...paths.runtimeConfig };
  }
  return dump(cfg, { lineWidth: -1 });
}
async function readKindTemplate(root = packageRoot()) {
  const template = await readFile(path2.join(root, "scripts", "kind-audit-config.yaml"), "utf8");
  return { template, policyFile: path2.join(root, "scripts", "audit-policy.yaml") };
}
async function clusterExists(kind, name) {
  const res = await mustRun(kind, ["get", "clusters"], { quiet: true });
  return res.stdout.split("\n").some((line) => line.trim() === name);
}
async function loadImages(kind, cluster, images) {
  let last;
  for (const image of images) {
    last = await runCommand(kind, ["load", "docker-image", image, "--name", cluster]);
    if (!last.ok) return last;
  }
  return last;
}
function createCluster(kind, c) {
  return runCommand(kind, [
    "create",
    "cluster",
    "--name",
    c.name,
    "--image",
    c.image,
    "--config",
    c.configFile,
    "--kubeconfig",
    c.kubeconfig,
    "--wait",
    c.wait ?? "180s",
    // A failed creation keeps its node (kind deletes it otherwise): its audit log says what the API server saw, and
    // the post step deletes the cluster whatever happened.
    "--retain"
  ]);
}
function deleteCluster(kind, name, kubeconfig) {
  return runCommand(kind, ["delete", "cluster", "--name", name, ...kubeconfig ? ["--kubeconfig", kubeconfig] : []]);
}
function controlPlaneContainer(clusterName) {
  return `${clusterName}-control-plane`;
}

// src/action/state.ts
import { realpath, stat } from "node:fs/promises";
import path3 from "node:path";
var KEYS = {
  clusterName: "apisnoop-cluster-name",
  kindPath: "apisnoop-kind-path",
  kubeconfig: "apisnoop-kubeconfig"
};
function saveClusterState(state) {
  saveState(KEYS.clusterName, state.clusterName);
  saveState(KEYS.kindPath, state.kindPath);
  saveState(KEYS.kubeconfig, state.kubeconfig);
}
async function loadClusterState() {
  const clusterName = getState(KEYS.clusterName);
  if (!clusterName) return null;
  const kindPath = getState(KEYS.kindPath);
  const kubeconfig = getState(KEYS.kubeconfig);
  if (!isClusterName(clusterName)) return { refused: `the saved cluster name ${JSON.stringify(clusterName.slice(0, 80))} is not a DNS label` };
  if (!path3.isAbsolute(kubeconfig) || path3.basename(kubeconfig) !== "kubeconfig" || path3.basename(path3.dirname(kubeconfig)) !== "cluster") {
    return { refused: `the saved kubeconfig ${JSON.stringify(kubeconfig.slice(0, 200))} is not one the main step writes` };
  }
  const kind = await trustedKind(kindPath);
  if (kind === null) return { refused: `the saved kind ${JSON.stringify(kindPath.slice(0, 200))} is not the kind the main step uses (the tool cache's or the one on PATH)` };
  return { clusterName, kindPath: kind, kubeconfig };
}
async function trustedKind(saved) {
  if (!path3.isAbsolute(saved) || path3.basename(saved) !== "kind") return null;
  const real = await realpath(saved).catch(() => null);
  if (real === null || !(await stat(real)).isFile()) return null;
  const cache = process.env.RUNNER_TOOL_CACHE;
  if (cache) {
    const cacheKind = await realpath(path3.join(cache, "kind")).catch(() => null);
    const rel = cacheKind === null ? null : path3.relative(cacheKind, real);
    if (rel !== null && rel.split(path3.sep).length === 3 && !rel.startsWith("..") && !path3.isAbsolute(rel)) return saved;
  }
  const onPath = await which("kind", false);
  const onPathReal = onPath ? await realpath(onPath).catch(() => null) : null;
  return onPathReal === real ? saved : null;
}

export {
  logInfo,
  startWarnings,
  logWarning,
  endWarnings,
  logFailed,
  runCommand,
  saidLast,
  NODE_IMAGES,
  isClusterName,
  AUDIT_LOG_DIR_IN_NODE,
  nodeImageFor,
  noPinnedImage,
  kindCannotRun,
  imageKubernetesVersion,
  buildKindConfig,
  readKindTemplate,
  clusterExists,
  loadImages,
  createCluster,
  deleteCluster,
  controlPlaneContainer,
  saveClusterState,
  loadClusterState
};
