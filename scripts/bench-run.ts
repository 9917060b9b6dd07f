// One full check in this process; prints a JSON line with wall time, requests and peak RSS. Used by bench.ts.
import { readFileSync } from "node:fs";
import { checkCluster } from "../lib/runs/compose";
import { countByStatus } from "../lib/engine/verdict";

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);

const kubeconfig = readFileSync(process.argv[2]!, "utf8");
const t = performance.now();
const collectorMs = new Map<string, number>();
const outcome = await checkCluster({
  kubeconfig,
  plan: { mode: "full-stack" },
  onProgress: (e) => {
    if (e.type === "collector-finished") collectorMs.set(e.collector, e.durationMs);
  },
});
const checkMs = Math.round(performance.now() - t);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
console.log(
  JSON.stringify({
    checkMs,
    requests: outcome.stats.requests,
    peakRssMb: Math.round(peak / 1024 / 1024),
    verdict: outcome.report.verdict,
    counts: countByStatus(outcome.report.checks),
    slowestCollectors: [...collectorMs].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([c, ms]) => `${c} ${ms} ms`),
  }),
);
