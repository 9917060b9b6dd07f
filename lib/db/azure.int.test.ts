// Azure connections, discovery and fleet runs end to end: a real SQLite file, the real @azure/identity credential and
// ARM SDK clients against the Azure test server, and AKS runs that reach the real test kube-apiserver through Entra.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AzureInputError } from "@/lib/collect/azure/connection";
import { setAksEngineOverrides, startFleetRuns, waitForRun } from "@/lib/jobs/service";
import { startAzureTestServer, type AzureTestServer, type TestSubscription } from "@/test/azure/server";
import { AzureDiscoveryError, discoverAksClusters, getAksClusterDetail, listFleet } from "./aks-clusters";
import { createAzureConnection, deleteAzureConnection, getAzureConnection, listAzureConnections } from "./azure-connections";
import { closeDb, db } from "./client";
import { factsOf } from "./run-reports";
import { getRun } from "./run-reads";

const SUB_A = "11111111-1111-4111-8111-111111111111";
const SUB_B = "22222222-2222-4222-8222-222222222222";
const FLEET: TestSubscription[] = [
  {
    subscriptionId: SUB_A,
    displayName: "Platform prod",
    clusters: [
      { resourceGroup: "rg-prod", name: "aks-entra", access: "entra" },
      { resourceGroup: "rg-prod", name: "aks-private", access: "private" },
      { resourceGroup: "rg-prod", name: "aks-stopped", properties: { powerState: { code: "Stopped" } } },
    ],
  },
  { subscriptionId: SUB_B, displayName: "Team sandbox", clusters: [{ resourceGroup: "rg-sbx", name: "aks-sandbox", location: "northeurope" }] },
];

let dir: string;
let azure: AzureTestServer;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-azure-db-"));
  process.env.DTREADY_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
  process.env.DTREADY_LOG = "off";
  // One cluster per page: discovery must follow nextLink to see them all.
  azure = await startAzureTestServer({ fleet: FLEET, scenario: { pageSize: 1 } });
});

afterEach(() => {
  azure.setScenario({ pageSize: 1 });
  azure.setFleet(FLEET);
  setAksEngineOverrides(undefined);
});

afterAll(async () => {
  await azure?.close();
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

function connectionInput(over: Record<string, string> = {}) {
  return {
    name: "test tenant",
    kind: "client-secret",
    cloud: "custom",
    authorityHost: azure.authorityHost,
    armEndpoint: azure.armEndpoint,
    tenantId: azure.tenantId,
    clientId: azure.clientId,
    clientSecret: azure.clientSecret,
    caPem: azure.caPem,
    ...over,
  };
}

async function sqliteBytes(): Promise<Buffer> {
  await db().$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith("dtready.db"))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

describe("Azure connections", () => {
  it("stores the client secret encrypted and never returns it", async () => {
    const info = await createAzureConnection(connectionInput({ name: "secret check" }));
    expect(info).toMatchObject({ name: "secret check", kind: "client-secret", cloud: "custom", hasSecret: true, customCa: true, discoveredAt: null });
    expect(JSON.stringify(info)).not.toContain(azure.clientSecret);
    expect(JSON.stringify(await listAzureConnections())).not.toContain(azure.clientSecret);
    const bytes = await sqliteBytes();
    expect(bytes.includes(Buffer.from(azure.armEndpoint))).toBe(true); // reading the right file
    expect(bytes.includes(Buffer.from(azure.clientSecret))).toBe(false);
    expect((await getAzureConnection(info.id)).connection.clientSecret).toBe(azure.clientSecret);
    await deleteAzureConnection(info.id);
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    const before = (await listAzureConnections()).length;
    const attempts: [Record<string, string>, string][] = [
      [{ tenantId: "not-a-guid" }, "tenantId"],
      [{ clientSecret: "" }, "clientSecret"],
      [{ armEndpoint: "http://127.0.0.1:1" }, "armEndpoint"],
      [{ kind: "azure-cli" }, "kind"],
      [{ name: "  " }, "name"],
    ];
    for (const [over, field] of attempts) {
      const err = await createAzureConnection(connectionInput(over)).catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(AzureInputError);
      expect((err as AzureInputError).field).toBe(field);
    }
    expect(await listAzureConnections()).toHaveLength(before);
  });
});

describe("discovery", () => {
  it("lists every subscription and cluster across pages, with version, region and power state", async () => {
    const { id } = await createAzureConnection(connectionInput({ name: "discover all" }));
    const result = await discoverAksClusters(id);
    expect(result).toEqual({ subscriptions: 2, clusters: 4, problems: [] });
    const mine = (await listFleet()).filter((c) => c.connectionId === id);
    expect(mine.map((c) => c.name).sort()).toEqual(["aks-entra", "aks-private", "aks-sandbox", "aks-stopped"]);
    expect(mine.find((c) => c.name === "aks-sandbox")).toMatchObject({
      subscriptionName: "Team sandbox",
      resourceGroup: "rg-sbx",
      location: "northeurope",
      kubernetesVersion: "1.36.3",
      powerState: "Running",
      latestRun: null,
    });
    expect(mine.find((c) => c.name === "aks-stopped")?.powerState).toBe("Stopped");
    expect(mine.find((c) => c.name === "aks-private")?.private).toBe(true);
    expect((await listAzureConnections()).find((c) => c.id === id)).toMatchObject({ clusterCount: 4, discoverError: null });

    // Discovering again keeps the same rows (runs stay attached); a cluster no longer listed is marked missing.
    azure.setFleet([{ ...FLEET[0]!, clusters: FLEET[0]!.clusters.slice(0, 2) }, FLEET[1]!]);
    await discoverAksClusters(id);
    const again = (await listFleet()).filter((c) => c.connectionId === id);
    expect(again.map((c) => c.id).sort()).toEqual(mine.map((c) => c.id).sort());
    expect(again.find((c) => c.name === "aks-stopped")?.missing).toBe(true);
    expect(again.find((c) => c.name === "aks-entra")?.missing).toBe(false);
  });

  it("a wrong client secret is reported as unauthenticated with what to check, without the secret", async () => {
    const wrong = "wrong-secret-PLANTED~123";
    const { id } = await createAzureConnection(connectionInput({ name: "wrong secret", clientSecret: wrong }));
    const err = await discoverAksClusters(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureDiscoveryError);
    expect((err as AzureDiscoveryError).kind).toBe("unauthorized");
    expect((err as Error).message).toMatch(/client secret/);
    expect((err as Error).message).not.toContain(wrong);
    expect((await listAzureConnections()).find((c) => c.id === id)?.discoverError).toMatch(/Listing the subscriptions failed/);
  });

  it("a workload identity whose token file is missing is reported, not a crash", async () => {
    const wi = { name: "wi", kind: "workload-identity", tenantId: azure.tenantId, clientId: azure.clientId };
    delete process.env.AZURE_FEDERATED_TOKEN_FILE;
    await expect(createAzureConnection(wi)).rejects.toMatchObject({ field: "kind", message: expect.stringMatching(/AZURE_FEDERATED_TOKEN_FILE is not set/) });
    process.env.AZURE_FEDERATED_TOKEN_FILE = path.join(dir, "no-such-token");
    try {
      const { id } = await createAzureConnection(wi);
      const err = await discoverAksClusters(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AzureDiscoveryError);
      expect((err as Error).message).toMatch(/no-such-token|token file/i);
    } finally {
      delete process.env.AZURE_FEDERATED_TOKEN_FILE;
    }
  });

  it("403 on the subscriptions list says which role is missing", async () => {
    const { id } = await createAzureConnection(connectionInput({ name: "no reader" }));
    azure.setScenario({ failures: [{ operation: "subscriptions", status: 403 }] });
    const err = await discoverAksClusters(id).catch((e: unknown) => e);
    expect((err as AzureDiscoveryError).kind).toBe("forbidden");
    expect((err as Error).message).toMatch(/AuthorizationFailed/);
    expect((err as Error).message).toMatch(/Reader role/);
  });

  it("a subscription whose clusters cannot be listed is named; the other subscriptions' clusters are kept", async () => {
    const { id } = await createAzureConnection(connectionInput({ name: "one forbidden" }));
    azure.setScenario({ failures: [{ operation: "clusters", status: 403, subscriptionId: SUB_B }] });
    const result = await discoverAksClusters(id);
    expect(result.clusters).toBe(3);
    expect(result.problems).toEqual([expect.objectContaining({ subscriptionId: SUB_B, subscriptionName: "Team sandbox" })]);
    expect(result.problems[0]!.message).toMatch(/forbidden.*Reader role on this subscription/s);
  });
});

describe("fleet runs", () => {
  it("checks an Entra-integrated cluster end to end and a private one with a finding; the fleet shows the verdicts", async () => {
    const { id } = await createAzureConnection(connectionInput({ name: "fleet runs" }));
    await discoverAksClusters(id);
    const byName = new Map((await listFleet()).filter((c) => c.connectionId === id).map((c) => [c.name, c.id]));
    setAksEngineOverrides({ budgetMs: 30_000, azure: { timeoutMs: 3_000 }, kube: { timeoutMs: 3_000 } });
    const started = await startFleetRuns([byName.get("aks-entra")!, byName.get("aks-private")!], { mode: "application" });
    expect(started).toHaveLength(2);
    await Promise.all(started.map((s) => waitForRun(s.runId)));

    const entra = await getRun(started[0]!.runId);
    expect(entra).toMatchObject({ status: "finished", clusterName: "aks-entra", aksClusterId: byName.get("aks-entra") });
    expect(entra!.target).toMatchObject({ kind: "aks", name: "aks-entra", aks: { subscriptionId: SUB_A, resourceGroup: "rg-prod", name: "aks-entra" } });
    // The API server was reached with the Entra token for the AKS server application: Kubernetes checks have answers.
    expect(entra!.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("pass");
    expect(entra!.verdict).not.toBeNull();

    const priv = await getRun(started[1]!.runId);
    expect(priv?.status).toBe("finished");
    const reach = priv!.checks.find((c) => c.id === "k8s.api-server-reachable");
    // Not a pass, and the user is told why: the API server is private, reachable only from the cluster's network.
    expect(["fail", "unknown"]).toContain(reach?.status);
    expect(`${reach?.summary} ${reach?.reason ?? ""} ${JSON.stringify(reach?.evidence)}`).toMatch(/private/i);
    expect(priv!.checks.filter((c) => c.id.startsWith("k8s.") && c.status === "pass")).toEqual([]);

    // Nothing secret reached the stored run.
    for (const runId of started.map((s) => s.runId)) {
      const stored = JSON.stringify([await getRun(runId), await factsOf(runId)]);
      expect(stored).not.toContain(azure.clientSecret);
    }

    const fleet = (await listFleet()).filter((c) => c.connectionId === id);
    expect(fleet.find((c) => c.name === "aks-entra")?.latestRun).toMatchObject({ id: started[0]!.runId, status: "finished" });
    expect(fleet.find((c) => c.name === "aks-entra")?.latestVerdict).toMatchObject({ runId: started[0]!.runId, verdict: entra!.verdict });
    expect(fleet.find((c) => c.name === "aks-sandbox")?.latestRun).toBeNull();
    expect(fleet.find((c) => c.name === "aks-sandbox")?.latestVerdict).toBeNull();

    // While a new check runs (or after one failed), the fleet keeps showing the last verdict reached.
    const again = await startFleetRuns([byName.get("aks-entra")!], {});
    const during = (await listFleet()).find((c) => c.name === "aks-entra" && c.connectionId === id)!;
    expect(during.latestRun).toMatchObject({ id: again[0]!.runId, status: "running" });
    expect(during.latestVerdict?.runId).toBe(started[0]!.runId);
    await waitForRun(again[0]!.runId);
    const detail = await getAksClusterDetail(byName.get("aks-entra")!);
    expect(detail?.runs.map((r) => r.id)).toEqual([again[0]!.runId, started[0]!.runId]);
  }, 90_000);

  it("an unknown cluster id starts nothing", async () => {
    const err = await startFleetRuns(["nope"], {}).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/AKS cluster was not found/);
  });
});
