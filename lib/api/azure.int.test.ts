// The Azure connection, discovery, fleet and AKS cluster routes, called as Next calls them, over a real SQLite file,
// the Azure test server and the real test kube-apiserver. Statuses and bodies are what the browser relies on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as aksCluster from "@/app/api/aks-clusters/[id]/route";
import * as connections from "@/app/api/azure/connections/route";
import * as connection from "@/app/api/azure/connections/[id]/route";
import * as discover from "@/app/api/azure/connections/[id]/discover/route";
import * as fleet from "@/app/api/fleet/route";
import * as fleetCheck from "@/app/api/fleet/check/route";
import * as run from "@/app/api/runs/[id]/route";
import { closeDb, db } from "@/lib/db/client";
import { reportOf } from "@/lib/db/run-reports";
import { reportHash } from "@/lib/report/report-hash";
import { setAksEngineOverrides, waitForRun } from "@/lib/jobs/service";
import type { AzureConnectionInfo, FleetCluster, RunDetail } from "@/lib/contracts";
import { startAzureTestServer, type AzureTestServer } from "@/test/azure/server";

let dir: string;
let azure: AzureTestServer;
const saved = { ...process.env };

const post = (body?: unknown) =>
  new Request("http://127.0.0.1/api", {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
const get = () => new Request("http://127.0.0.1/api");
const del = () => new Request("http://127.0.0.1/api", { method: "DELETE" });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function secretFree(res: Response): Promise<string> {
  const text = await res.text();
  expect(text).not.toContain(azure.clientSecret);
  return text;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-azure-api-"));
  process.env.DTREADY_DATA_DIR = dir;
  process.env.DTREADY_LOG = "off";
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
  azure = await startAzureTestServer({
    fleet: [
      {
        subscriptionId: "33333333-3333-4333-8333-333333333333",
        displayName: "API subscription",
        clusters: [
          { resourceGroup: "rg-api", name: "aks-api" },
          { resourceGroup: "rg-api", name: "aks-api-stopped", properties: { powerState: { code: "Stopped" } } },
        ],
      },
    ],
  });
});

afterEach(() => {
  azure.setScenario({});
  setAksEngineOverrides(undefined);
});

afterAll(async () => {
  await azure?.close();
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

const input = (over: Record<string, string> = {}) => ({
  name: "api",
  kind: "client-secret",
  cloud: "custom",
  authorityHost: azure.authorityHost,
  armEndpoint: azure.armEndpoint,
  tenantId: azure.tenantId,
  clientId: azure.clientId,
  clientSecret: azure.clientSecret,
  caPem: azure.caPem,
  ...over,
});

describe("Azure API", () => {
  it("POST 400 names the field to fix, without echoing the secret", async () => {
    const res = await connections.POST(post(input({ clientId: "app-name" })));
    expect(res.status).toBe(400);
    const body = JSON.parse(await secretFree(res)) as { error: string; field: string };
    expect(body).toEqual({ error: "The application (client) ID must be a GUID.", field: "clientId" });
    const custom = await connections.POST(post(input({ authorityHost: "" })));
    expect(await custom.json()).toMatchObject({ field: "authorityHost" });
  });

  it("create, list, discover, fleet, check, cluster detail, delete", async () => {
    const created = await connections.POST(post(input()));
    expect(created.status).toBe(201);
    const { connection: info } = JSON.parse(await secretFree(created)) as { connection: AzureConnectionInfo };
    expect(info).toMatchObject({ name: "api", hasSecret: true, customCa: true, clusterCount: 0 });
    await secretFree(await connections.GET(get()));

    const found = await discover.POST(post(), ctx(info.id));
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ discovery: { subscriptions: 1, clusters: 2, problems: [] } });

    const { clusters } = (await (await fleet.GET(get())).json()) as { clusters: FleetCluster[] };
    expect(clusters.map((c) => [c.name, c.powerState, c.latestRun])).toEqual([
      ["aks-api", "Running", null],
      ["aks-api-stopped", "Stopped", null],
    ]);

    setAksEngineOverrides({ budgetMs: 30_000, azure: { timeoutMs: 3_000 }, kube: { timeoutMs: 3_000 } });
    expect((await fleetCheck.POST(post({ clusterIds: [] }))).status).toBe(400);
    expect((await fleetCheck.POST(post({ clusterIds: [clusters[0]!.id], plan: { namespace: "Not_Valid" } }))).status).toBe(400);
    expect((await fleetCheck.POST(post({ clusterIds: ["missing"] }))).status).toBe(404);
    const started = await fleetCheck.POST(post({ clusterIds: clusters.map((c) => c.id), plan: { mode: "platform" } }));
    expect(started.status).toBe(202);
    const { runs } = (await started.json()) as { runs: { clusterId: string; runId: string }[] };
    expect(runs.map((r) => r.clusterId)).toEqual(clusters.map((c) => c.id));
    await Promise.all(runs.map((r) => waitForRun(r.runId)));

    const stopped = (await (await run.GET(get(), ctx(runs[1]!.runId))).json()) as { run: RunDetail };
    expect(stopped.run).toMatchObject({ status: "finished", aksClusterId: clusters[1]!.id, clusterName: "aks-api-stopped" });
    // A stopped cluster cannot be checked, and the run says so (not a pass, not a crash).
    const state = stopped.run.checks.find((c) => c.id === "az.cluster-state");
    expect(state?.status).toBe("fail");
    expect(state?.summary).toMatch(/stopped/i);

    const detail = await aksCluster.GET(get(), ctx(clusters[0]!.id));
    expect(detail.status).toBe(200);
    const d = (await detail.json()) as { cluster: FleetCluster; runs: { id: string }[] };
    expect(d.cluster.latestRun).toMatchObject({ id: runs[0]!.runId, status: "finished" });
    expect(d.runs.map((r) => r.id)).toEqual([runs[0]!.runId]);
    expect((await aksCluster.GET(get(), ctx("missing"))).status).toBe(404);

    // An approval of an AKS run shows on the fleet and in the AKS cluster's history.
    const approvedRun = runs[0]!.runId;
    await db().approval.create({
      data: { runId: approvedRun, decision: "approve", name: "Fleet Approver", comment: "", reportHash: reportHash(await reportOf(approvedRun)) },
    });
    const fleetAfter = (await (await fleet.GET(get())).json()) as { clusters: FleetCluster[] };
    expect(fleetAfter.clusters.find((c) => c.id === clusters[0]!.id)?.latestVerdict?.approval).toMatchObject({ state: "approved", name: "Fleet Approver" });
    expect(fleetAfter.clusters.find((c) => c.id === clusters[1]!.id)?.latestVerdict?.approval).toBeUndefined();
    const history = (await (await aksCluster.GET(get(), ctx(clusters[0]!.id))).json()) as { runs: { id: string; approval?: { state: string } }[] };
    expect(history.runs[0]).toMatchObject({ id: approvedRun, approval: { state: "approved" } });

    expect((await connection.DELETE(del(), ctx(info.id))).status).toBe(204);
    expect((await connection.DELETE(del(), ctx(info.id))).status).toBe(404);
    expect(((await (await fleet.GET(get())).json()) as { clusters: unknown[] }).clusters).toEqual([]);
  }, 90_000);

  it("discovery failures are 502 with the kind and what to do", async () => {
    const { connection: info } = (await (await connections.POST(post(input({ name: "bad", clientSecret: "nope-PLANTED" })))).json()) as {
      connection: AzureConnectionInfo;
    };
    const res = await discover.POST(post(), ctx(info.id));
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: string; kind: string };
    expect(body.kind).toBe("unauthorized");
    expect(body.error).not.toContain("nope-PLANTED");
    expect(body.error).toMatch(/client secret or certificate/);
    expect((await discover.POST(post(), ctx("missing"))).status).toBe(404);
  });
});
