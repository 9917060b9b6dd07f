// The dashboard under load (used by bench.ts): the production server (`node scripts/start.mjs`, `next start`) with
// a fresh data directory, one cluster (the benchmark's), and some finished runs to look at. `users` simulated users
// each load run pages one after another, with a second of reading between pages (0.5–1.5 s): first alone for 20 s
// (the server's CPU time per page), then `runs` full-stack runs execute alone (its CPU time per run), then the runs
// again with the users browsing until the last run finishes: the page times of that phase are the goal's. A page is what the browser asks the server for to show it: the
// document, then the API requests its components make, in parallel, found once by loading a run page in Chromium
// (Debian's, through Playwright). Static assets are left out (a browser caches them after the first page), and so are
// the prefetches of the pages its links lead to (Next.js `_rsc` requests, in the background).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface DashboardResult {
  users: number;
  runs: number;
  pages: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  runsMs: number;
  /** The same users with no run executing. */
  idle: { pages: number; p50Ms: number; p95Ms: number; load: string };
  /** The server's CPU time (user + system) per page served with no run executing, and per run with no user. */
  cpuPerPageMs: number;
  cpuPerRunMs: number;
  /** The runs alone, start to last finished. */
  runsAloneMs: number;
  requestsPerPage: number;
  /** The page's requests, with the run id as :id. */
  pageRequests: string[];
  /** 1-minute load average over the measured window, min–max. */
  load: string;
}

const root = resolve(new URL("..", import.meta.url).pathname);
const log = (msg: string) => process.stderr.write(`[bench-dashboard] ${msg}\n`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "generated" || e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `next build` when there is no production build or a source changed since (the server must run today's code). */
function ensureBuild() {
  const buildId = join(root, ".next", "BUILD_ID");
  const sources = Math.max(...["app", "components", "lib"].map((d) => newestSource(join(root, d))), statSync(join(root, "package-lock.json")).mtimeMs);
  if (existsSync(buildId) && existsSync(join(root, "lib", "generated")) && statSync(buildId).mtimeMs > sources) return;
  log("building the production server (prisma generate, next build): a few minutes on two cores");
  for (const args of [["prisma", "generate"], ["next", "build"]]) {
    const r = spawnSync("npx", args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed`);
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the dashboard did not answer ${url} within ${timeoutMs} ms`);
}

async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${body === undefined ? "GET" : "POST"} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function startRuns(base: string, clusterId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await api<{ runId: string }>(base, `/api/clusters/${clusterId}/runs`, { plan: { mode: "full-stack" } })).runId);
  return ids;
}

/** Waits as the run page does: on each run's event stream, which ends after its finished or failed event. */
async function waitRuns(base: string, ids: string[]): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`${base}/api/runs/${id}/events`);
      if (!res.ok) throw new Error(`GET /api/runs/${id}/events: HTTP ${res.status}`);
      await res.arrayBuffer();
    }),
  );
}

/** The same-origin requests a browser makes to show a run page, static assets aside. */
async function pageRequests(base: string, runId: string): Promise<string[]> {
  const fallback = ["/runs/:id", "/api/runs/:id", "/api/runs/:id/approval"];
  let chromium: typeof import("@playwright/test").chromium;
  try {
    ({ chromium } = await import("@playwright/test"));
  } catch {
    log("Playwright is not installed: using the run page's known requests");
    return fallback;
  }
  if (!existsSync("/usr/bin/chromium")) {
    log("no /usr/bin/chromium: using the run page's known requests");
    return fallback;
  }
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const seen: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      // Static assets are cached after the first page; `_rsc` requests prefetch the pages the links lead to.
      const background = u.pathname.startsWith("/_next/") || /\.(ico|svg|png|css|js)$/.test(u.pathname) || u.searchParams.has("_rsc");
      if (u.origin === base && !background) seen.push(u.pathname + u.search);
    });
    await page.goto(`${base}/runs/${runId}`, { waitUntil: "networkidle" });
    const unique = [...new Set(seen.map((p) => p.replaceAll(runId, ":id")))];
    return unique.length ? unique : fallback;
  } finally {
    await browser.close();
  }
}

/** CPU time (user + system) of a process, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The `next start` process that start.mjs runs (its only child). */
function nextServerPid(startPid: number): number {
  const children = readFileSync(`/proc/${startPid}/task/${startPid}/children`, "utf8").trim().split(/\s+/).map(Number);
  if (!children[0]) throw new Error("cannot find the next start process under scripts/start.mjs");
  return children[0];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export async function benchDashboard(opts: { kubeconfigPath: string; users: number; runs: number }): Promise<DashboardResult> {
  ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), "dtready-bench-dashboard-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, DTREADY_DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    await waitFor(`${base}/api/clusters`, 120_000);
    const kubeconfig = readFileSync(opts.kubeconfigPath, "utf8");
    const context = /current-context: (\S+)/.exec(kubeconfig)![1]!;
    const { id: clusterId } = await api<{ id: string }>(base, "/api/clusters", { name: "bench", kubeconfig, context });
    log(`server at ${base}; ${opts.runs} runs first, to have run pages to browse`);
    const finished = await startRuns(base, clusterId, opts.runs);
    await waitRuns(base, finished);
    const requests = await pageRequests(base, finished[0]!);
    log(`a run page is ${requests.join(" + ")}`);
    // Warm the routes once (Next compiles nothing in production, but the first request of each route loads its module).
    for (const r of requests) await fetch(base + r.replace(":id", finished[0]!));

    const nextPid = nextServerPid(server.pid!);
    const browse = (times: number[], running: () => boolean) => async () => {
      while (running()) {
        const id = finished[Math.floor(Math.random() * finished.length)]!;
        const t = performance.now();
        const [document, ...rest] = requests.map((r) => base + r.replace(":id", id));
        const body = async (u: string) => {
          const res = await fetch(u);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`GET ${u}: HTTP ${res.status}`);
        };
        await body(document!);
        await Promise.all(rest.map(body));
        if (running()) times.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 500 + Math.random() * 1000));
      }
    };

    // 1. The users alone, for 20 s: what a page costs the server.
    const idleTimes: number[] = [];
    const idleLoads: number[] = [loadavg()[0]!];
    let idleOn = true;
    let cpu = cpuMs(nextPid);
    const idleUsers = Array.from({ length: opts.users }, browse(idleTimes, () => idleOn));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      idleLoads.push(loadavg()[0]!);
    }
    idleOn = false;
    await Promise.all(idleUsers);
    const cpuPerPageMs = (cpuMs(nextPid) - cpu) / idleTimes.length;

    // 2. The runs alone: what a run costs the server.
    cpu = cpuMs(nextPid);
    let t0 = performance.now();
    await waitRuns(base, await startRuns(base, clusterId, opts.runs));
    const runsAloneMs = performance.now() - t0;
    const cpuPerRunMs = (cpuMs(nextPid) - cpu) / opts.runs;
    log(`server CPU: ${cpuPerPageMs.toFixed(0)} ms per page, ${cpuPerRunMs.toFixed(0)} ms per run`);

    // 3. Both: the goal.
    const times: number[] = [];
    const loads: number[] = [loadavg()[0]!];
    let on = true;
    t0 = performance.now();
    const executing = await startRuns(base, clusterId, opts.runs);
    const users = Array.from({ length: opts.users }, browse(times, () => on));
    const sampler = setInterval(() => loads.push(loadavg()[0]!), 1000);
    await waitRuns(base, executing);
    const runsMs = performance.now() - t0;
    on = false;
    clearInterval(sampler);
    await Promise.all(users);
    return {
      users: opts.users,
      runs: opts.runs,
      pages: times.length,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      maxMs: Math.max(...times),
      runsMs,
      idle: {
        pages: idleTimes.length,
        p50Ms: percentile(idleTimes, 50),
        p95Ms: percentile(idleTimes, 95),
        load: `${Math.min(...idleLoads).toFixed(1)}–${Math.max(...idleLoads).toFixed(1)}`,
      },
      cpuPerPageMs,
      cpuPerRunMs,
      runsAloneMs,
      requestsPerPage: requests.length,
      pageRequests: requests,
      load: `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    };
  } finally {
    // start.mjs runs `next start` as its child: stop the whole group.
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
