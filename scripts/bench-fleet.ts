// npm run bench:fleet [-- --subscriptions 5 --clusters-per-subscription 10 --concurrency 4 --arm-latency-ms 0 --keep]
// Discovers and checks a fleet of AKS clusters through the real Azure SDK clients and @azure/identity, against the
// Entra ID + Resource Manager test server; every cluster's kubeconfig points at one dedicated real kube-apiserver.
// The checker runs in a child process, so the peak memory printed is its own, not the test servers'.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startAzureTestServer, generateFleet, type AzureTestServer } from "../test/azure/server";
import { startTestCluster } from "../test/cluster/bootstrap";
import { stopCluster } from "../test/cluster/cluster";

const { values } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "5" },
    "clusters-per-subscription": { type: "string", default: "10" },
    concurrency: { type: "string", default: "4" },
    "arm-latency-ms": { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
  },
});
const positiveInt = (flag: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got ${v}`);
  return n;
};
const subscriptions = positiveInt("subscriptions", values.subscriptions);
const perSubscription = positiveInt("clusters-per-subscription", values["clusters-per-subscription"]);
const concurrency = positiveInt("concurrency", values.concurrency);
const latencyMs = Number(values["arm-latency-ms"]);
const dir = resolve(process.env.DTREADY_BENCH_FLEET_DIR ?? ".test-cluster-fleet");

interface ChildResult {
  subscriptions: number;
  clusters: number;
  failedSubscriptions: number;
  discoveryMs: number;
  checkMs: number;
  p50Ms: number;
  p95Ms: number;
  kubeRequests: number;
  peakRssMb: number;
  verdicts: Record<string, number>;
}

let azure: AzureTestServer | undefined;

async function main() {
  const state = await startTestCluster({ dir });
  azure = await startAzureTestServer({
    fleet: generateFleet(subscriptions, perSubscription),
    scenario: { latencyMs },
    kubeApiServer: { server: state.server, caPem: readFileSync(state.caFile, "utf8"), adminToken: state.adminToken, restrictedToken: state.restrictedToken },
  });
  console.log(
    `fleet: ${subscriptions} subscriptions × ${perSubscription} Entra-integrated clusters, concurrency ${concurrency}` +
      `${latencyMs ? `, ${latencyMs} ms added to every Resource Manager answer` : ""}; API server ${state.server} (${state.kubernetesVersion})`,
  );

  // The client secret goes to the child in a private file, never on its command line.
  const tmp = mkdtempSync(join(tmpdir(), "dtready-bench-fleet-"));
  const inputFile = join(tmp, "input.json");
  writeFileSync(
    inputFile,
    JSON.stringify({
      connection: {
        kind: "client-secret", cloud: "custom", authorityHost: azure.authorityHost, armEndpoint: azure.armEndpoint, caPem: azure.caPem,
        tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret,
      },
      concurrency,
    }),
    { mode: 0o600 },
  );
  const t = performance.now();
  let out: string;
  try {
    // Async, so this process's test servers keep answering while the child runs.
    out = await new Promise<string>((res, rej) =>
      execFile(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/bench-fleet-run.ts", inputFile],
        { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (stderr) process.stderr.write(stderr);
          if (err) rej(new Error(`the fleet run failed: ${err.message.split("\n")[0]}`));
          else res(stdout);
        },
      ),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const processMs = Math.round(performance.now() - t);
  const r = JSON.parse(out.trim().split("\n").pop()!) as ChildResult;

  // Counted where they arrive, so requests made outside collectors (credentials, tokens) are included.
  const armRequests = azure.requests.filter((q) => q.path.startsWith("/subscriptions") || q.path.startsWith("/providers")).length;
  const tokenRequests = azure.requests.filter((q) => q.grantType !== undefined).length;
  const entraRequests = azure.requests.length - armRequests;
  console.log(`discovery: ${r.subscriptions} subscriptions, ${r.clusters} clusters in ${r.discoveryMs} ms${r.failedSubscriptions ? ` (${r.failedSubscriptions} subscriptions failed)` : ""}`);
  console.log(`checks: ${r.clusters} clusters in ${r.checkMs} ms wall time at concurrency ${concurrency}; per cluster p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms`);
  console.log(`verdicts: ${Object.entries(r.verdicts).map(([v, n]) => `${v} ${n}`).join(", ")}`);
  console.log(`requests: ${armRequests} to Resource Manager, ${entraRequests} to Entra ID (${tokenRequests} token requests), ${r.kubeRequests} to the API server`);
  console.log(`peak RSS of the checker: ${r.peakRssMb} MB (process total ${processMs} ms)`);
  if (r.clusters !== subscriptions * perSubscription) throw new Error(`discovered ${r.clusters} clusters, expected ${subscriptions * perSubscription}`);
}

async function cleanup() {
  await azure?.close();
  if (!values.keep) await stopCluster(dir);
}

main()
  .then(cleanup)
  .catch(async (e: Error) => {
    console.error(`bench:fleet: ${e.message}`);
    await cleanup();
    process.exit(1);
  });
