// Smoke test of the built image, as Kubernetes would run it: the image's own entrypoint and user, the root
// filesystem read-only (each top-level directory bind-mounted read-only over itself), /data, /tmp and
// /app/.next/cache as the only writable volumes. It must answer its readiness probe, and on SIGTERM finish
// the run in flight and exit 0.
//
//   node --import tsx test/image/smoke.ts <image>      (needs the test cluster: npm run test:cluster:up)
//
// `buildah run` with chroot isolation shares the host's network, so the server is reached on 127.0.0.1.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { freePort } from "@/test/cluster/cluster";
import { adminKubeconfig } from "@/test/cluster/testing";

const image = process.argv[2];
if (!image) throw new Error("usage: smoke.ts <image>");
const cacheRoot = process.env.DTREADY_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(process.env.HOME!, ".cache"), "dtready");
const storage = ["--root", path.join(cacheRoot, "containers/storage"), "--runroot", `${process.env.XDG_RUNTIME_DIR || "/run"}/dtready-containers`, "--storage-driver", "vfs"];
const buildah = (...args: string[]) => execFileSync("buildah", [...storage, ...args], { encoding: "utf8" }).trim();

let passed = 0;
let failed = 0;
function check(what: string, ok: boolean, detail = ""): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `: ${detail}`}`);
}

const APP_UID = 10001;
const work = mkdtempSync(path.join(tmpdir(), "dtready-image-smoke-"));
const volumes = { data: "/data", tmp: "/tmp", cache: "/app/.next/cache" } as const;
const hostDirs: Record<string, string> = {};
for (const [name, target] of Object.entries(volumes)) {
  const dir = path.join(work, name);
  execFileSync("mkdir", ["-p", dir]);
  chownSync(dir, APP_UID, APP_UID);
  chmodSync(dir, name === "tmp" ? 0o1777 : 0o700);
  hostDirs[target] = dir;
}

const ctr = buildah("from", "--quiet", image);
let server: ChildProcess | undefined;
const sockets: Socket[] = [];
// An API server that accepts each connection and resets it 1.5 s later: every request of the run fails slowly.
const hanging = createServer((s) => {
  sockets.push(s);
  setTimeout(() => s.destroy(), 1500);
});
try {
  const config = JSON.parse(buildah("inspect", "--type", "image", image)) as { OCIv1: { config: { Entrypoint: string[]; User: string } } };
  const { Entrypoint: entrypoint, User: user } = config.OCIv1.config;
  check("the image runs as a non-root numeric user", /^[1-9]\d*(:\d+)?$/.test(user), `User is "${user}"`);

  const rootfs = buildah("mount", ctr);
  const readOnly = readdirSync(rootfs).filter((d) => !["proc", "sys", "dev", "run", "tmp", "data"].includes(d) && statSync(path.join(rootfs, d)).isDirectory() && !statSync(path.join(rootfs, d)).isSymbolicLink());
  const mounts = [
    ...readOnly.flatMap((d) => ["--mount", `type=bind,source=${path.join(rootfs, d)},destination=/${d},ro=true`]),
    ...Object.entries(hostDirs).flatMap(([target, dir]) => ["--volume", `${dir}:${target}:rw`]),
  ];

  // The read-only mounts hold: the app user cannot write into the image.
  const write = spawnResult(["run", "--isolation", "chroot", ...mounts, ctr, "--", "node", "-e", "require('fs').writeFileSync('/app/written','x')"]);
  check("the root filesystem is read-only to the app", write.code !== 0 && /EROFS|EACCES/.test(write.stderr), write.stderr.slice(0, 200));

  const port = await freePort();
  await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
  const started = Date.now();
  const proc = spawn("buildah", [...storage, "run", "--isolation", "chroot", ...mounts, "--env", `PORT=${port}`, "--env", "DTREADY_LOG_LEVEL=info", ctr, "--", ...entrypoint], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server = proc;
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => ((ended = true), resolve(code))));

  const base = `http://127.0.0.1:${port}`;
  let health: { status: number; body: string } | undefined;
  for (let i = 0; i < 120 && !health && !ended; i++) {
    health = await fetch(`${base}/api/health`).then(async (r) => ({ status: r.status, body: await r.text() }), () => undefined);
    if (!health) await new Promise((r) => setTimeout(r, 500));
  }
  check(`GET /api/health answers 200 {"status":"ok","database":"ok"} (${Date.now() - started} ms after start)`, health?.status === 200 && health.body === '{"status":"ok","database":"ok"}', JSON.stringify(health) + output.slice(-2000));

  if (!health) throw new Error(`the server did not answer:\n${output.slice(-3000)}`);
  const pid = entrypointPid(proc.pid!);
  check("the entrypoint runs as uid 10001", execFileSync("ps", ["-o", "uid=", "-p", pid], { encoding: "utf8" }).trim() === String(APP_UID));

  // A run that is in flight when SIGTERM comes: its API server answers nothing and resets each connection
  // after 1.5 s, so the run is still going when SIGTERM comes a few milliseconds after it started.
  const kubeconfig = adminKubeconfig().replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${(hanging.address() as { port: number }).port}`);
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, string>>);
  const { id: clusterId } = await post("/api/clusters", { name: "smoke", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
  const { runId } = await post(`/api/clusters/${clusterId}/runs`, {});
  check("a run started through the API", typeof runId === "string", String(runId));

  const t0 = Date.now();
  process.kill(Number(pid), "SIGTERM");
  // The signal goes to start.mjs, which passes it to the server: readiness turns 503 a moment later.
  let draining = 200;
  for (let i = 0; i < 50 && draining === 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    draining = await fetch(`${base}/api/health`).then((r) => r.status, () => 0);
  }
  const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 90_000))]);
  check(`SIGTERM: the server exits 0 (${Date.now() - t0} ms)`, code === 0, `exit ${code}\n${output.slice(-2000)}`);
  check("while draining, readiness answers 503 (or the server already closed)", draining === 503 || draining === 0, String(draining));
  check("the run in flight was drained, not cut off", /runs drained; exiting \{"finished":1,"interrupted":0\}/.test(output), output.slice(-1500));

  const db = new Database(path.join(hostDirs["/data"]!, "dtready.db"), { readonly: true });
  const run = db.prepare("SELECT status, verdict FROM Run WHERE id = ?").get(runId) as { status: string; verdict: string } | undefined;
  db.close();
  check("the drained run is stored as finished, with a verdict", run?.status === "finished" && !!run.verdict, JSON.stringify(run));
  check("the database and the generated key are owned by the app user", statSync(path.join(hostDirs["/data"]!, "secret.key")).uid === APP_UID);
} finally {
  // Never leave the server behind: SIGKILL to the whole tree below buildah, then buildah.
  if (server && server.exitCode === null) {
    try {
      process.kill(Number(entrypointPid(server.pid!)), "SIGKILL");
    } catch {
      // already gone
    }
    server.kill("SIGKILL");
  }
  for (const s of sockets) s.destroy();
  hanging.close();
  try {
    buildah("umount", ctr);
  } catch {
    // not mounted
  }
  buildah("rm", ctr);
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nimage smoke test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** The entrypoint's process: the first `node` below buildah's (buildah-chroot-runtime, buildah-chroot-exec come first). */
function entrypointPid(buildahPid: number): string {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/));
  const below = new Set([String(buildahPid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid, program] of rows) {
      if (below.has(ppid!) && !below.has(pid!)) {
        if (program === "node" || program!.endsWith("/node")) return pid!;
        below.add(pid!);
        grew = true;
      }
    }
  }
  throw new Error("the entrypoint's node process was not found");
}

function spawnResult(args: string[]): { code: number; stderr: string } {
  try {
    execFileSync("buildah", [...storage, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, stderr: "" };
  } catch (err) {
    const e = err as { status?: number; stderr?: string };
    return { code: e.status ?? 1, stderr: String(e.stderr ?? "") };
  }
}
