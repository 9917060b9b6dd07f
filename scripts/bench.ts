// npm run bench [-- --nodes 2000 --namespaces 500 --runs 3 --keep]
// Starts a dedicated real API server, fills it with a synthetic cluster, and runs full checks against it
// in a fresh child process each time, so the peak memory printed is the check's own.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { adminKubeConfig, applyAll, applyObjects } from "../test/cluster/apply";
import { aggregateClusterRoles, READERS_BINDING } from "../test/cluster/bootstrap";
import { adminKubeconfigPath, startCluster, stopCluster } from "../test/cluster/cluster";
import { syntheticCluster } from "../test/cluster/generate";

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "2000" },
    namespaces: { type: "string", default: "500" },
    "pods-per-node": { type: "string", default: "10" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const nodes = Number(values.nodes);
const namespaces = Number(values.namespaces);
const podsPerNode = Number(values["pods-per-node"]);
const runs = Number(values.runs);
const dir = resolve(process.env.DTREADY_BENCH_DIR ?? ".test-cluster-bench");

async function main() {
  const state = await startCluster({ dir });
  const kc = adminKubeConfig(adminKubeconfigPath(dir));
  const cluster = syntheticCluster({ nodes, namespaces, podsPerNode });
  let t = performance.now();
  const applied = await applyObjects(kc, [READERS_BINDING, ...cluster.objects], 32);
  await aggregateClusterRoles(kc);
  await applyAll(kc, cluster.pods(), 32);
  console.log(
    `cluster: ${nodes} nodes, ${namespaces} namespaces, ${cluster.podCount} pods; ${applied.created + applied.replaced + cluster.podCount} objects applied in ${Math.round(performance.now() - t)} ms`,
  );

  const results: { wallMs: number; requests: number; peakRssMb: number; verdict: string }[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bench-run.ts", adminKubeconfigPath(dir)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as {
      checkMs: number;
      requests: number;
      peakRssMb: number;
      verdict: string;
      counts: Record<string, number>;
      slowestCollectors: string[];
    };
    results.push({ wallMs: r.checkMs, requests: r.requests, peakRssMb: r.peakRssMb, verdict: r.verdict });
    console.log(
      `run ${i + 1}: check wall time ${r.checkMs} ms, ${r.requests} API requests, peak RSS ${r.peakRssMb} MB, verdict ${r.verdict} ${JSON.stringify(r.counts)} (process total ${Math.round(performance.now() - t)} ms); slowest: ${r.slowestCollectors.join(", ")}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `median over ${runs} runs: wall ${median(results.map((r) => r.wallMs))} ms, requests ${median(results.map((r) => r.requests))}, peak RSS ${median(results.map((r) => r.peakRssMb))} MB (server ${state.kubernetesVersion})`,
  );
  if (!values.keep) await stopCluster(dir);
}

main().catch(async (e: Error) => {
  console.error(`bench: ${e.message}`);
  if (!values.keep) await stopCluster(dir);
  process.exit(1);
});
