// npm run bench [-- --sizes 2000x19000,5000x100000 --runs 5 --fresh --keep --no-dashboard --write-readme]
//
// What a CI user waits for: whole `dtready check` processes (bin/dtready.mjs, as `npx dtready` runs it) against a
// real API server holding a synthetic AKS-like cluster (test/cluster/generate.ts: Running pods with the status their
// kubelet posted). For each size it prints, as the median of --runs runs with min–max and the 1-minute load average
// beside each figure: wall time, peak RSS, start-up to the first API request, API requests, and the transfer floor
// (the same lists fetched raw with the same requests, scripts/bench-floor.ts) with the ratio to it.
// Then the dashboard under load (scripts/bench-dashboard.ts). Each goal is printed beside its limit.
//
// Populated clusters are kept in .test-cluster-bench/ (etcd data) and reused by the next run (--fresh repopulates);
// their processes stop at the end unless --keep. --write-readme replaces the README's generated benchmark section.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { benchCluster, type BenchCluster } from "./bench-cluster";
import { benchDashboard, type DashboardResult } from "./bench-dashboard";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "2000x19000,5000x100000" },
    runs: { type: "string", default: "5" },
    fresh: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "no-dashboard": { type: "boolean", default: false },
    "write-readme": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
const sizes = values.sizes.split(",").map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`--sizes: "${s}" is not NODESxPODS (e.g. 2000x19000)`);
  return { nodes: Number(m[1]), pods: Number(m[2]) };
});

const root = resolve(new URL("..", import.meta.url).pathname);
const bin = join(root, "bin/dtready.mjs");
const probe = pathToFileURL(join(root, "scripts/bench-probe.mjs")).href;
const work = mkdtempSync(join(tmpdir(), "dtready-bench-"));
const load = () => loadavg()[0]!;
const now = () => performance.timeOrigin + performance.now();

/** Limits from issue 17. */
const GOALS = {
  2000: { wallS: 2.5, rssMb: 300 },
  5000: { wallS: 6, rssMb: 400 },
  startupS: 0.4,
  floorRatio: 1.5,
  dashboardP95Ms: 200,
} as const;

interface CheckRun {
  wallMs: number;
  startupMs: number;
  startupCpuMs: number;
  checkMs: number;
  rssMb: number;
  cpuMs: number;
  requests: number;
  load: number;
  verdict: string;
}

/** One whole `dtready check` process, as a CI job runs it. */
function runCheck(kubeconfig: string, i: number): Promise<CheckRun> {
  const probeFile = join(work, `probe-${i}.json`);
  const report = join(work, `report-${i}.json`);
  const l = load();
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${probe}`.trim(), DTREADY_BENCH_PROBE: probeFile };
  const args = [bin, "check", "--kubeconfig", kubeconfig, "--mode", "full-stack", "--format", "json", "--output", report];
  return new Promise((resolvePromise, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = now() - t0;
      // Exit codes 0, 2, 3, 4 are verdicts; 1 is a usage or internal error.
      if (code === 1 || code === null) return reject(new Error(`dtready check exited with ${code}: ${stderr.trim()}`));
      const p = JSON.parse(readFileSync(probeFile, "utf8")) as { timeOrigin: number; firstRequestMs?: number; firstRequestCpuMs?: number; requests: number; cpuMs: number; maxRssBytes: number };
      const r = JSON.parse(readFileSync(report, "utf8")) as { durationMs: number; verdict: string; checks: { id: string; status: string; reason?: string }[] };
      // A run that could not read the cluster measured nothing: a Kubernetes request of it failed (a timeout under
      // load, say). Unknowns for other reasons (no route to public.ecr.aws from this VM) are what any run here gets.
      const broken = r.checks.filter((c) => c.status === "unknown" && /\/apis?\//.test(c.reason ?? ""));
      if (broken.length) return reject(new Error(`dtready check could not read the cluster: ${broken.map((c) => `${c.id}: ${c.reason}`).join("; ")}`));
      resolvePromise({
        wallMs,
        startupMs: p.firstRequestMs === undefined ? NaN : p.timeOrigin + p.firstRequestMs - t0,
        startupCpuMs: p.firstRequestCpuMs ?? NaN,
        checkMs: r.durationMs,
        rssMb: p.maxRssBytes / 1e6,
        cpuMs: p.cpuMs,
        requests: p.requests,
        load: l,
        verdict: r.verdict,
      });
    });
  });
}

interface FloorRun {
  ms: number;
  requests: number;
  podBytes: number;
  nodeBytes: number;
  namespaceBytes: number;
  podJsonBytes?: number;
  load: number;
}

function runFloor(kubeconfig: string, jsonBytes = false): Promise<FloorRun> {
  const l = load();
  const args = ["--conditions=react-server", "--import", "tsx", join(root, "scripts/bench-floor.ts"), kubeconfig, ...(jsonBytes ? ["--json-bytes"] : [])];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bench-floor exited with ${code}`));
      resolvePromise({ ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<FloorRun, "load">), load: l });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const s2 = (ms: number) => (ms / 1000).toFixed(2);
const mb = (x: number) => x.toFixed(0);
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const ok = (pass: boolean) => (pass ? "met" : "MISSED");

interface SizeResult {
  cluster: BenchCluster;
  checks: CheckRun[];
  floors: FloorRun[];
  sizes: FloorRun;
}

interface Row {
  measure: string;
  median: string;
  range: string;
  limit: string;
  load: string;
}

function rows(r: SizeResult): Row[] {
  const c = r.checks;
  const f = r.floors;
  const goal = GOALS[r.cluster.shape.nodes as 2000 | 5000];
  const wall = c.map((x) => x.wallMs);
  const rss = c.map((x) => x.rssMb);
  const startup = c.map((x) => x.startupMs);
  const floor = f.map((x) => x.ms);
  const checkLoad = range(c.map((x) => x.load), (x) => x.toFixed(1));
  const floorLoad = range(f.map((x) => x.load), (x) => x.toFixed(1));
  // Ratios pair each check with the floor measured just before it, under the same load.
  const ratio = c.map((x, i) => x.checkMs / f[i]!.ms);
  const wallRatio = c.map((x, i) => x.wallMs / f[i]!.ms);
  return [
    { measure: "whole `dtready check` process, wall", median: `${s2(median(wall))} s`, range: `${range(wall, s2)} s`, limit: goal ? `< ${goal.wallS} s: ${ok(median(wall) < goal.wallS * 1000)}` : "", load: checkLoad },
    { measure: "peak RSS (ru_maxrss)", median: `${mb(median(rss))} MB`, range: `${range(rss, mb)} MB`, limit: goal ? `< ${goal.rssMb} MB: ${ok(median(rss) < goal.rssMb)}` : "", load: checkLoad },
    { measure: "start-up to the first API request", median: `${s2(median(startup))} s`, range: `${range(startup, s2)} s`, limit: `< ${GOALS.startupS} s: ${ok(median(startup) < GOALS.startupS * 1000)}`, load: checkLoad },
    { measure: "CPU time used before the first request", median: `${s2(median(c.map((x) => x.startupCpuMs)))} s`, range: `${range(c.map((x) => x.startupCpuMs), s2)} s`, limit: "", load: checkLoad },
    { measure: "CPU time of the process (user + system)", median: `${s2(median(c.map((x) => x.cpuMs)))} s`, range: `${range(c.map((x) => x.cpuMs), s2)} s`, limit: "", load: checkLoad },
    { measure: "check itself (report durationMs)", median: `${s2(median(c.map((x) => x.checkMs)))} s`, range: `${range(c.map((x) => x.checkMs), s2)} s`, limit: "", load: checkLoad },
    { measure: "API requests", median: n(median(c.map((x) => x.requests))), range: range(c.map((x) => x.requests), n), limit: "", load: checkLoad },
    { measure: "transfer floor (pods, nodes, namespaces raw)", median: `${s2(median(floor))} s`, range: `${range(floor, s2)} s`, limit: "", load: floorLoad },
    { measure: "check / floor", median: `${median(ratio).toFixed(2)}×`, range: `${range(ratio, (x) => x.toFixed(2))}×`, limit: `< ${GOALS.floorRatio}×: ${ok(median(ratio) < GOALS.floorRatio)}`, load: checkLoad },
    { measure: "whole process / floor", median: `${median(wallRatio).toFixed(2)}×`, range: `${range(wallRatio, (x) => x.toFixed(2))}×`, limit: "", load: checkLoad },
  ];
}

function heading(r: SizeResult): string {
  const { shape, populated } = r.cluster;
  const p = r.sizes;
  const how = populated.reused ? "reused from .test-cluster-bench/" : `populated in ${(populated.ms / 1000).toFixed(0)} s (${populated.podsPerSecond} pods/s)`;
  return (
    `${n(shape.nodes)} nodes, ${n(shape.namespaces)} namespaces, ${n(shape.pods)} Running pods: pod list ${(p.podJsonBytes! / 1e6).toFixed(1)} MB as JSON ` +
    `(${n(p.podJsonBytes! / shape.pods)} B per pod), ${(p.podBytes / 1e6).toFixed(1)} MB as protobuf in one stream; nodes ${(p.nodeBytes / 1e6).toFixed(1)} MB; cluster ${how}`
  );
}

function textTable(rs: Row[], rangeHead = `min–max (${runs} runs)`): string {
  const cols: (keyof Row)[] = ["measure", "median", "range", "limit", "load"];
  const head: Row = { measure: "measure", median: "median", range: rangeHead, limit: "goal", load: "load avg (1 min)" };
  const w = cols.map((k) => Math.max(...[head, ...rs].map((r) => r[k].length)));
  return [head, ...rs].map((r) => "  " + cols.map((k, i) => r[k].padEnd(w[i]!)).join("  ")).join("\n");
}

function markdownTable(rs: Row[], rangeHead = `min–max (${runs} runs)`): string {
  return [
    `| measure | median | ${rangeHead} | goal | load avg (1 min) |`,
    "|---|---|---|---|---|",
    ...rs.map((r) => `| ${r.measure} | ${r.median} | ${r.range} | ${r.limit} | ${r.load} |`),
  ].join("\n");
}

/** Clusters started by this run, stopped (their data kept) at the end or on failure, unless --keep. */
const started: BenchCluster[] = [];

async function measureSize(size: { nodes: number; pods: number }): Promise<SizeResult> {
  const cluster = await benchCluster({ nodes: size.nodes, namespaces: Math.round(size.nodes / 4), pods: size.pods, seed: 42 }, { fresh: values.fresh });
  started.push(cluster);
  // Warm-up, not counted: the API server's watch cache and the OS page cache, as on a cluster that is in use.
  // The pod list's size as JSON (what the collector read before it asked for protobuf) costs a 665 MB read at 100,000
  // pods: measured once per population, kept beside its etcd data.
  const sizesFile = join(cluster.state.dir, "list-sizes.json");
  const kept = cluster.populated.reused && existsSync(sizesFile) ? (JSON.parse(readFileSync(sizesFile, "utf8")) as FloorRun) : undefined;
  const sizes = kept ? { ...(await runFloor(cluster.kubeconfigPath)), podJsonBytes: kept.podJsonBytes } : await runFloor(cluster.kubeconfigPath, true);
  writeFileSync(sizesFile, JSON.stringify(sizes));
  await runCheck(cluster.kubeconfigPath, -1);
  const checks: CheckRun[] = [];
  const floors: FloorRun[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(await runFloor(cluster.kubeconfigPath));
    checks.push(await runCheck(cluster.kubeconfigPath, i));
    const c = checks[i]!;
    console.error(
      `  run ${i + 1}/${runs}: wall ${s2(c.wallMs)} s, cpu ${s2(c.cpuMs)} s, start-up ${s2(c.startupMs)} s, check ${s2(c.checkMs)} s, ${mb(c.rssMb)} MB, ${c.requests} requests, ` +
        `verdict ${c.verdict}; floor ${s2(floors[i]!.ms)} s; load ${c.load.toFixed(1)}`,
    );
  }
  return { cluster, checks, floors, sizes };
}

function memoryGrowth(results: SizeResult[]): string | undefined {
  if (results.length < 2) return undefined;
  const [a, b] = [results[0]!, results[results.length - 1]!];
  const pods = b.cluster.shape.pods / a.cluster.shape.pods;
  const rss = median(b.checks.map((x) => x.rssMb)) / median(a.checks.map((x) => x.rssMb));
  return `Peak RSS grows ${rss.toFixed(2)}× for ${pods.toFixed(2)}× the pods (${n(a.cluster.shape.pods)} → ${n(b.cluster.shape.pods)}): ${rss < pods ? "sub-linear" : "NOT sub-linear"}.`;
}

function dashboardRows(d: DashboardResult): Row[] {
  return [
    { measure: `run page, p95 (${d.users} users, ${d.runs} runs executing)`, median: `${d.p95Ms.toFixed(0)} ms`, range: "", limit: `< ${GOALS.dashboardP95Ms} ms: ${ok(d.p95Ms < GOALS.dashboardP95Ms)}`, load: d.load },
    { measure: "run page, median / max", median: `${d.p50Ms.toFixed(0)} ms`, range: `max ${d.maxMs.toFixed(0)} ms`, limit: "", load: d.load },
    { measure: "run pages loaded while the runs executed", median: n(d.pages), range: `${d.requestsPerPage} requests each`, limit: "", load: d.load },
    { measure: `the ${d.runs} runs, start to last finished`, median: `${s2(d.runsMs)} s`, range: `alone: ${s2(d.runsAloneMs)} s`, limit: "", load: d.load },
    { measure: `run page with no run executing, p95 / median`, median: `${d.idle.p95Ms.toFixed(0)} ms`, range: `${d.idle.p50Ms.toFixed(0)} ms, ${n(d.idle.pages)} pages`, limit: "", load: d.idle.load },
    { measure: "server CPU per page (no run) / per run (no user)", median: `${d.cpuPerPageMs.toFixed(0)} ms`, range: `${n(d.cpuPerRunMs)} ms`, limit: "", load: "" },
  ];
}

function readmeSection(results: SizeResult[], dashboard: DashboardResult | undefined, growth: string | undefined): string {
  const machine = `${cpus().length} vCPU (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  return [
    "<!-- Generated by `npm run bench -- --write-readme` (scripts/bench.ts); do not edit by hand. -->",
    "```sh",
    "npm run bench            # 2,000 nodes / 19,000 pods and 5,000 nodes / 100,000 pods, 5 whole-process checks each, then the dashboard",
    "npm run bench -- --sizes 2000x19000 --runs 7 --no-dashboard",
    "```",
    "",
    `Run on ${new Date().toISOString().slice(0, 10)}: ${machine}, shared with other work (the load average is printed beside each figure; ` +
      "the API server, etcd and the checker share the two cores). Each run is a fresh `node bin/dtready.mjs check --mode full-stack --format json` " +
      "process; the floor is the same pod, node and namespace lists fetched raw through the same client with the same requests, measured just before each check. " +
      "The CPU times hardly depend on the load; the wall times do.",
    "",
    "How a check reads a large cluster: the pod list is one protobuf stream from the API server's watch cache " +
      "(`resourceVersion=0`, one consistent snapshot, no page read back from etcd), each pod decoded as its bytes arrive " +
      "for the few fields the checks read, status and managedFields skipped unread (lib/collect/kubernetes/paging.ts, pods.ts). " +
      "The CLI is compiled ahead of time and starts from V8's code cache (scripts/build-cli.mjs).",
    "",
    ...results.flatMap((r) => [`**${heading(r)}**`, "", markdownTable(rows(r)), ""]),
    ...(growth ? [growth, ""] : []),
    ...(dashboard
      ? [
          `**Dashboard** (\`next start\`, the production build): ${dashboard.users} users each loading run pages one after another, ` +
            `0.5–1.5 s apart (the page and the ${dashboard.requestsPerPage - 1} API requests the browser makes for it: ${dashboard.pageRequests.join(", ")}), ` +
            `while ${dashboard.runs} full-stack runs of the ${n(results[0]!.cluster.shape.nodes)}-node cluster execute in the server; ` +
            "before that, the users alone for 20 s and the runs alone, to measure what each costs the server.",
          "",
          markdownTable(dashboardRows(dashboard), "detail"),
          "",
        ]
      : []),
  ].join("\n");
}

function writeReadme(section: string) {
  const file = join(root, "README.md");
  const text = readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section to replace`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${section}\n${text.slice(b)}`);
  console.log("README.md: benchmark section rewritten");
}

async function main() {
  const results: SizeResult[] = [];
  let dashboard: DashboardResult | undefined;
  for (const size of sizes) {
    console.error(`== ${n(size.nodes)} nodes, ${n(size.pods)} pods`);
    const r = await measureSize(size);
    results.push(r);
    console.log(`\n${heading(r)}\n${textTable(rows(r))}\n`);
    if (!values["no-dashboard"] && !dashboard) {
      console.error("== dashboard");
      dashboard = await benchDashboard({ kubeconfigPath: r.cluster.kubeconfigPath, users: 20, runs: 4 });
      console.log(`Dashboard\n${textTable(dashboardRows(dashboard), "detail")}\n`);
    }
    if (!values.keep) await r.cluster.stop();
  }
  const growth = memoryGrowth(results);
  if (growth) console.log(growth);
  if (values["write-readme"]) writeReadme(readmeSection(results, dashboard, growth));
  rmSync(work, { recursive: true, force: true });
}

main().catch(async (e: Error) => {
  console.error(`bench: ${e.message}`);
  if (!values.keep) for (const c of started) await c.stop();
  process.exit(1);
});
