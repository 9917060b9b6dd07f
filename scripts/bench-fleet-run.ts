// One fleet pass in this process: discover every AKS cluster, then check each with bounded concurrency.
// Prints one JSON line (timings, requests, peak RSS). Used by bench-fleet.ts, which runs it in a child
// process so the memory is the checker's own, not the test servers'.
// argv[2]: a JSON file {connection: AzureConnectionInput, concurrency: number, plan?: PlanInput} (mode 0600, deleted by the parent).
import { readFileSync } from "node:fs";
import { createArmClients } from "../lib/collect/azure/arm";
import { parseAzureConnectionInput, type AzureConnectionInput } from "../lib/collect/azure/connection";
import { createAzureCredential } from "../lib/collect/azure/credentials";
import { discoverClusters } from "../lib/collect/azure/discovery";
import { createLimiter } from "../lib/engine/limit";
import { checkAksCluster } from "../lib/runs/compose";
import type { PlanInput } from "../lib/engine/plan";

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);

const input = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { connection: AzureConnectionInput; concurrency: number; plan?: PlanInput };
const connection = parseAzureConnectionInput(input.connection);
// One identity for the whole fleet, as the dashboard has: its token cache serves every cluster.
const credential = createAzureCredential(connection);

const ARM_REQUEST = /\/subscriptions\b|Microsoft\./;
let armRequests = 0;
let kubeRequests = 0;

const t0 = performance.now();
const arm = createArmClients(connection, credential, { timeoutMs: 15_000 });
const listing = await discoverClusters(arm, { noteRequest: () => armRequests++ });
const discoveryMs = Math.round(performance.now() - t0);

const limit = createLimiter(input.concurrency);
const perCluster: { id: string; ms: number; verdict: string; requests: number }[] = [];
const t1 = performance.now();
await Promise.all(
  listing.clusters.map((c) =>
    limit(async () => {
      const t = performance.now();
      const outcome = await checkAksCluster({ connection, ref: c, plan: input.plan ?? { mode: "full-stack" }, azure: { credential, timeoutMs: 15_000 } });
      // Each collector's requests, once (a collector producing several facts lists them on each).
      const seen = new Set<string>();
      for (const r of outcome.facts.values()) {
        if (seen.has(r.source.collector)) continue;
        seen.add(r.source.collector);
        for (const d of r.source.requests) (ARM_REQUEST.test(d) ? armRequests++ : kubeRequests++);
      }
      // The reachability probe (GET /version) made while setting up access is not a collector's.
      if (outcome.access.auth) kubeRequests++;
      perCluster.push({ id: c.id, ms: Math.round(performance.now() - t), verdict: outcome.report.verdict, requests: outcome.stats.requests });
    }),
  ),
);
const checkMs = Math.round(performance.now() - t1);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const sorted = perCluster.map((p) => p.ms).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const verdicts: Record<string, number> = {};
for (const p of perCluster) verdicts[p.verdict] = (verdicts[p.verdict] ?? 0) + 1;
console.log(
  JSON.stringify({
    subscriptions: listing.subscriptions,
    clusters: listing.clusters.length,
    failedSubscriptions: listing.failed.length,
    discoveryMs,
    checkMs,
    p50Ms: pct(50),
    p95Ms: pct(95),
    armRequestsNoted: armRequests,
    kubeRequests,
    peakRssMb: Math.round(peak / 1024 / 1024),
    verdicts,
  }),
);
