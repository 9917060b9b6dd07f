// Starts and stops a real etcd + kube-apiserver on 127.0.0.1 for tests and benchmarks.
//
// State lives in a directory (default `.test-cluster/`): certificates, static tokens, logs, etcd data,
// the kubeconfigs for an admin (system:masters) and a restricted identity (bound to the built-in `view`
// ClusterRole), and state.json with the process ids and ports.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { Agent, request } from "node:https";
import { makePki } from "./pki";

export interface ClusterState {
  dir: string;
  server: string;
  etcdPid: number;
  apiserverPid: number;
  etcdClientPort: number;
  apiserverPort: number;
  adminToken: string;
  restrictedToken: string;
  caFile: string;
  startedAt: string;
  kubernetesVersion: string;
}

export const DEFAULT_DIR = resolve(process.env.DTREADY_TEST_CLUSTER_DIR ?? ".test-cluster");
const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/**
 * Admission plugins switched off because no kube-controller-manager runs:
 * - TaintNodesByCondition taints every new Node `node.kubernetes.io/not-ready:NoSchedule`, and without the
 *   node-lifecycle controller the taint never goes away, so node checks would see a taint no real node has.
 * - ServiceAccount rejects pods in namespaces whose `default` ServiceAccount does not exist, and without the
 *   service-account controller it never does (envtest disables it for the same reason).
 */
export const DISABLED_ADMISSION_PLUGINS = ["TaintNodesByCondition", "ServiceAccount"];

const log = (msg: string) => process.stderr.write(`[test-cluster] ${msg}\n`);

export function readState(dir = DEFAULT_DIR): ClusterState | undefined {
  const f = join(dir, "state.json");
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, "utf8")) as ClusterState;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** Builds (first time) or finds the cached binaries; returns their directory. */
export function ensureBinaries(): string {
  const out = execFileSync("bash", [join(ROOT, "test/cluster/build.sh")], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  const dir = out.trim().split("\n").pop()!;
  if (!existsSync(join(dir, "kube-apiserver"))) throw new Error(`build did not produce kube-apiserver in ${dir}`);
  return dir;
}

/** GET a path on the API server with the admin token; resolves with the status code and body. */
export function apiGet(state: Pick<ClusterState, "server" | "adminToken" | "caFile">, path: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request(
      new URL(path, state.server),
      { headers: { Authorization: `Bearer ${state.adminToken}` }, agent: new Agent({ ca: readFileSync(state.caFile) }), timeout: timeoutMs },
      (r) => {
        let body = "";
        r.on("data", (c) => (body += c));
        r.on("end", () => res({ status: r.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", rej);
    req.end();
  });
}

/** True when the cluster in `dir` is running and answers /readyz. */
export async function isUp(dir = DEFAULT_DIR): Promise<ClusterState | undefined> {
  const s = readState(dir);
  if (!s || !alive(s.etcdPid) || !alive(s.apiserverPid)) return undefined;
  try {
    const r = await apiGet(s, "/readyz");
    return r.status === 200 ? s : undefined;
  } catch {
    return undefined;
  }
}

function kubeconfig(state: { server: string; caFile: string }, user: string, token: string): string {
  const ca = readFileSync(state.caFile).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: dtready-test",
    "  cluster:",
    `    server: ${state.server}`,
    `    certificate-authority-data: ${ca}`,
    "contexts:",
    `- name: dtready-test-${user}`,
    "  context:",
    "    cluster: dtready-test",
    `    user: ${user}`,
    `current-context: dtready-test-${user}`,
    "users:",
    `- name: ${user}`,
    "  user:",
    `    token: ${token}`,
    "",
  ].join("\n");
}

export interface StartOptions {
  dir?: string;
  /** Extra kube-apiserver flags (e.g. for the benchmark's larger request limits). */
  apiserverArgs?: string[];
  /**
   * Start on the etcd data a previous run left in `dir` (see stopCluster's keepData), instead of an empty store:
   * the benchmark's 100,000 pods take minutes to create and a second to reload.
   */
  keepData?: boolean;
  /** With keepData: files of `dir` that stay too (the benchmark's record of what it populated). */
  keepFiles?: string[];
}

/** Starts etcd and kube-apiserver, waits for /readyz, writes the kubeconfigs. Reuses a running cluster. */
export async function startCluster(opts: StartOptions = {}): Promise<ClusterState> {
  const dir = resolve(opts.dir ?? DEFAULT_DIR);
  const running = await isUp(dir);
  if (running) {
    log(`already running at ${running.server}`);
    return running;
  }
  await stopCluster(dir, { keepData: opts.keepData, keepFiles: opts.keepFiles }); // leftovers of a crashed or kept run

  const bin = ensureBinaries();
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  const pki = makePki(dir);
  const adminToken = randomBytes(24).toString("hex");
  const restrictedToken = randomBytes(24).toString("hex");
  // Static token file: token,user,uid,"groups". system:masters bypasses RBAC; "readers" gets `view` below.
  writeFileSync(join(dir, "tokens.csv"), `${adminToken},admin,1,"system:masters"\n${restrictedToken},reader,2,"readers"\n`, { mode: 0o600 });

  const [etcdClientPort, etcdPeerPort, apiserverPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
  const etcd = spawn(
    join(bin, "etcd"),
    [
      "--data-dir", join(dir, "etcd"),
      "--listen-client-urls", etcdUrl,
      "--advertise-client-urls", etcdUrl,
      "--listen-peer-urls", `http://127.0.0.1:${etcdPeerPort}`,
      "--initial-advertise-peer-urls", `http://127.0.0.1:${etcdPeerPort}`,
      "--initial-cluster", `default=http://127.0.0.1:${etcdPeerPort}`,
      "--unsafe-no-fsync",
      "--quota-backend-bytes", String(4 * 1024 ** 3),
      "--log-level", "warn",
    ],
    { detached: true, stdio: ["ignore", openSync(join(dir, "etcd.log"), "a"), openSync(join(dir, "etcd.log"), "a")] },
  );
  etcd.unref();

  const server = `https://127.0.0.1:${apiserverPort}`;
  const apiserver = spawn(
    join(bin, "kube-apiserver"),
    [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiserverPort}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      "--service-account-issuer=https://kubernetes.default.svc",
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      `--token-auth-file=${join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      `--disable-admission-plugins=${DISABLED_ADMISSION_PLUGINS.join(",")}`,
      "--allow-privileged=true",
      "--v=0",
      ...(opts.apiserverArgs ?? []),
    ],
    { detached: true, stdio: ["ignore", openSync(join(dir, "apiserver.log"), "a"), openSync(join(dir, "apiserver.log"), "a")] },
  );
  apiserver.unref();

  const state: ClusterState = {
    dir,
    server,
    etcdPid: etcd.pid!,
    apiserverPid: apiserver.pid!,
    etcdClientPort,
    apiserverPort,
    adminToken,
    restrictedToken,
    caFile: pki.caCert,
    startedAt: new Date().toISOString(),
    kubernetesVersion: "",
  };
  writeFileSync(join(dir, "state.json"), JSON.stringify(state, null, 2), { mode: 0o600 });

  await waitReady(state, 90_000);
  const version = JSON.parse((await apiGet(state, "/version")).body) as { gitVersion: string };
  state.kubernetesVersion = version.gitVersion;
  writeFileSync(join(dir, "state.json"), JSON.stringify(state, null, 2), { mode: 0o600 });
  writeFileSync(join(dir, "admin.kubeconfig"), kubeconfig(state, "admin", adminToken), { mode: 0o600 });
  writeFileSync(join(dir, "restricted.kubeconfig"), kubeconfig(state, "reader", restrictedToken), { mode: 0o600 });
  log(`kube-apiserver ${version.gitVersion} ready at ${server} in ${Math.round(performance.now() - t0)} ms`);
  return state;
}

async function waitReady(state: ClusterState, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!alive(state.apiserverPid)) throw new Error(`kube-apiserver exited; see ${join(state.dir, "apiserver.log")}`);
    if (!alive(state.etcdPid)) throw new Error(`etcd exited; see ${join(state.dir, "etcd.log")}`);
    try {
      const r = await apiGet(state, "/readyz");
      if (r.status === 200) return;
      last = `${r.status} ${r.body.slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`kube-apiserver not ready after ${timeoutMs} ms (last: ${last}); see ${join(state.dir, "apiserver.log")}`);
}

async function kill(pid: number) {
  if (!alive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

/**
 * Stops both processes and removes the state directory. Safe to call when nothing runs. With keepData, the etcd
 * data (and the files named in keepFiles) stay for a later startCluster({ keepData: true }); the rest is removed.
 */
export async function stopCluster(dir = DEFAULT_DIR, opts: Pick<StartOptions, "keepData" | "keepFiles"> = {}): Promise<void> {
  const s = readState(dir);
  if (s) {
    await kill(s.apiserverPid);
    await kill(s.etcdPid);
  }
  if (!opts.keepData || !existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const kept = new Set(["etcd", ...(opts.keepFiles ?? [])]);
  for (const f of readdirSync(dir)) if (!kept.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
}

export function adminKubeconfigPath(dir = DEFAULT_DIR) {
  return join(dir, "admin.kubeconfig");
}
export function restrictedKubeconfigPath(dir = DEFAULT_DIR) {
  return join(dir, "restricted.kubeconfig");
}
