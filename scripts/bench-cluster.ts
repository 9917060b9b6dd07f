// A populated synthetic cluster for the benchmarks, kept between runs: creating 100,000 pods with their status takes
// minutes on two cores, reloading them from the kept etcd data takes seconds. The population is redone only when
// the generator's sources or the requested shape change (recorded in population.json beside the etcd data).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { adminKubeConfig, applyAll, applyObjects } from "../test/cluster/apply";
import { aggregateClusterRoles, READERS_BINDING } from "../test/cluster/bootstrap";
import { adminKubeconfigPath, startCluster, stopCluster, type ClusterState } from "../test/cluster/cluster";
import { syntheticCluster, type SyntheticClusterOptions } from "../test/cluster/generate";

export interface BenchCluster {
  state: ClusterState;
  kubeconfigPath: string;
  shape: Required<Pick<SyntheticClusterOptions, "nodes" | "namespaces" | "pods" | "seed">>;
  /** How it got its objects: reused from kept data, or populated now (with the time it took). */
  populated: { reused: true } | { reused: false; ms: number; objects: number; pods: number; podsPerSecond: number };
  stop(): Promise<void>;
}

const POPULATION = "population.json";
/** Files kept with the etcd data: the population record, and what bench.ts measured once about this population. */
export const KEPT = [POPULATION, "list-sizes.json"];
const GENERATOR_SOURCES = ["test/cluster/generate.ts", "test/cluster/pods.ts", "test/cluster/nodes.ts", "test/cluster/apply.ts"];
const root = resolve(new URL("..", import.meta.url).pathname);

function generatorVersion(): string {
  const h = createHash("sha256");
  for (const f of GENERATOR_SOURCES) h.update(readFileSync(join(root, f)));
  return h.digest("hex").slice(0, 16);
}

const log = (msg: string) => process.stderr.write(`[bench-cluster] ${msg}\n`);

/**
 * Starts (or reuses) the cluster for one shape in its own directory under `baseDir`. With `fresh`, the kept data is
 * thrown away and the cluster populated again. `stop()` stops the processes and keeps the data for the next run.
 */
export async function benchCluster(
  shape: BenchCluster["shape"],
  opts: { baseDir?: string; fresh?: boolean; concurrency?: number } = {},
): Promise<BenchCluster> {
  const dir = resolve(opts.baseDir ?? process.env.DTREADY_BENCH_DIR ?? ".test-cluster-bench", `${shape.nodes}-nodes-${shape.pods}-pods`);
  const wanted = JSON.stringify({ ...shape, generator: generatorVersion() });
  const recorded = existsSync(join(dir, POPULATION)) ? readFileSync(join(dir, POPULATION), "utf8") : undefined;
  const reuse = !opts.fresh && recorded === wanted && existsSync(join(dir, "etcd"));
  if (!reuse) await stopCluster(dir);
  else log(`reusing the populated cluster in ${dir}`);
  const state = await startCluster({ dir, keepData: reuse, keepFiles: KEPT });
  const kubeconfigPath = adminKubeconfigPath(dir);
  const stop = () => stopCluster(dir, { keepData: true, keepFiles: KEPT });
  if (reuse) return { state, kubeconfigPath, shape, populated: { reused: true }, stop };

  const kc = adminKubeConfig(kubeconfigPath);
  const cluster = syntheticCluster(shape);
  const t0 = performance.now();
  await applyObjects(kc, [READERS_BINDING, ...cluster.objects], opts.concurrency ?? 32);
  await aggregateClusterRoles(kc);
  let last = performance.now();
  await applyAll(kc, cluster.pods(), opts.concurrency ?? 32, (n) => {
    if (performance.now() - last < 10_000) return;
    last = performance.now();
    log(`${n} of ${cluster.podCount} pods created with their status (${Math.round(n / ((last - t0) / 1000))} pods/s)`);
  });
  const ms = Math.round(performance.now() - t0);
  writeFileSync(join(dir, POPULATION), wanted);
  const podsPerSecond = Math.round(cluster.podCount / (ms / 1000));
  log(`populated ${cluster.objects.length} objects and ${cluster.podCount} pods in ${(ms / 1000).toFixed(1)} s (${podsPerSecond} pods/s)`);
  return { state, kubeconfigPath, shape, populated: { reused: false, ms, objects: cluster.objects.length, pods: cluster.podCount, podsPerSecond }, stop };
}
