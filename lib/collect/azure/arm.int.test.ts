// The real ARM SDK clients and @azure/identity credentials against the Azure test server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzureTestServer, clientSecretInput, generateFleet, startAzureTestServer } from "@/test/azure/server";
import { CollectError } from "@/lib/engine/errors";
import { createArmClients, describeCluster, listAksClusters, listSubscriptions } from "./arm";
import { parseAzureConnectionInput, type AzureConnection } from "./connection";
import { createAzureCredential } from "./credentials";

let az: AzureTestServer;
let conn: AzureConnection;
const ctx = () => ({ signal: AbortSignal.timeout(30_000), noteRequest: () => undefined });

beforeAll(async () => {
  az = await startAzureTestServer({ fleet: generateFleet(3, 7) });
  conn = parseAzureConnectionInput(clientSecretInput(az));
});
afterAll(() => az?.close());

function clients(opts: Parameters<typeof createArmClients>[2] = {}) {
  return createArmClients(conn, createAzureCredential(conn), opts);
}

describe("Resource Manager through the SDK clients", () => {
  it("lists every subscription and every cluster across pages, asking for the cloud's own ARM scope", async () => {
    az.setScenario({ pageSize: 2 });
    const arm = clients();
    const subs = await listSubscriptions(arm, ctx());
    expect(subs.map((s) => s.displayName)).toEqual(["Fleet subscription 1", "Fleet subscription 2", "Fleet subscription 3"]);
    const clusters = await listAksClusters(arm, ctx(), subs[1]!.subscriptionId);
    expect(clusters).toHaveLength(7);
    expect(clusters[0]).toMatchObject({ name: "aks-fleet-2-01", location: "westeurope", currentKubernetesVersion: "1.36.3", powerState: { code: "Running" } });
    // Pages were followed: 2 subscription pages, 4 cluster pages.
    expect(az.requests.filter((r) => r.path === "/subscriptions")).toHaveLength(2);
    expect(az.requests.filter((r) => r.path.endsWith("/managedClusters")).length).toBe(4);
    // A custom cloud: the token was asked for `${armEndpoint}/.default`, not management.azure.com.
    const scopes = new Set(az.requests.filter((r) => r.scope).map((r) => r.scope));
    expect([...scopes]).toEqual([`${az.armEndpoint}/.default`]);
  });

  it("names the missing permission on 403 AuthorizationFailed", async () => {
    az.setScenario({ failures: [{ operation: "clusters", status: 403 }] });
    const err = await listAksClusters(clients(), ctx(), az.fleet[0]!.subscriptionId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect(err).toMatchObject({ kind: "forbidden", status: 403 });
    expect((err as Error).message).toContain("AuthorizationFailed");
    expect((err as Error).message).toContain("Microsoft.ContainerService/managedClusters/read");
  });

  it("reports 404 as not found", async () => {
    az.setScenario({});
    const arm = clients();
    const ref = { subscriptionId: az.fleet[0]!.subscriptionId, resourceGroup: "rg-fleet-1", name: "no-such-cluster" };
    const err = await arm
      .request(ctx(), `GET ${describeCluster(ref)}`, (o) => arm.containerService(ref.subscriptionId).managedClusters.get(ref.resourceGroup, ref.name, o))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "not-found", status: 404 });
  });

  it("waits once for a short Retry-After on 429, then succeeds", async () => {
    az.setScenario({ failures: [{ operation: "subscriptions", status: 429, retryAfterSeconds: 1, times: 1 }] });
    const t = Date.now();
    const subs = await listSubscriptions(clients(), ctx());
    expect(subs).toHaveLength(3);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
  });

  it("does not wait for a long Retry-After: says Resource Manager is throttling", async () => {
    az.setScenario({ failures: [{ operation: "subscriptions", status: 429, retryAfterSeconds: 120 }] });
    const t = Date.now();
    const err = await listSubscriptions(clients(), ctx()).catch((e: unknown) => e);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect((err as Error).message).toMatch(/throttling requests \(429\).*retry after 120 s/);
  });

  it("a rejected client secret is unauthorized, with Entra's explanation", async () => {
    az.setScenario({});
    const bad = { ...conn, clientSecret: "wrong" };
    const arm = createArmClients(bad, createAzureCredential(bad));
    const err = await listSubscriptions(arm, ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unauthorized" });
    expect((err as Error).message).toContain("AADSTS7000215");
    expect((err as Error).message).not.toContain("wrong");
  });

  it("getJson reads a Resource Manager path no SDK covers (KubernetesConfiguration extensions), with the same auth and errors", async () => {
    const sub = az.fleet[0]!.subscriptionId;
    az.setFleet([{ ...az.fleet[0]!, clusters: [{ ...az.fleet[0]!.clusters[0]!, extensions: [{ name: "dynatrace", properties: { extensionType: "dynatrace.dynatraceoperator" } }] }] }, ...az.fleet.slice(1)]);
    az.setScenario({});
    const arm = clients();
    const path = `/subscriptions/${sub}/resourceGroups/rg-fleet-1/providers/Microsoft.ContainerService/managedClusters/aks-fleet-1-01/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2023-05-01`;
    const body = await arm.getJson<{ value: { name: string }[] }>(ctx(), `GET ${path}`, path);
    expect(body.value.map((e) => e.name)).toEqual(["dynatrace"]);
    expect(az.requests.at(-1)).toMatchObject({ apiVersion: "2023-05-01", authorization: true, status: 200 });
    az.setScenario({ failures: [{ operation: "extensions", status: 403 }] });
    await expect(arm.getJson(ctx(), `GET ${path}`, path)).rejects.toMatchObject({ kind: "forbidden", status: 403 });
  });

  it("a Resource Manager that does not answer in time is a timeout naming the limit", async () => {
    const arm = clients({ timeoutMs: 300 });
    await listSubscriptions(arm, ctx()); // token fetched before the slow answers start
    az.setScenario({ latencyMs: 2_000 });
    const t = Date.now();
    const err = await listSubscriptions(arm, ctx()).catch((e: unknown) => e);
    expect(Date.now() - t).toBeLessThan(1_500);
    expect(err).toMatchObject({ kind: "timeout", message: "GET /subscriptions got no answer within 300 ms" });
    az.setScenario({});
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const arm = clients({ concurrency: 2 });
    await listSubscriptions(arm, ctx());
    az.setScenario({ latencyMs: 200 });
    const t = Date.now();
    await Promise.all(az.fleet.flatMap((s) => [listAksClusters(arm, ctx(), s.subscriptionId), listAksClusters(arm, ctx(), s.subscriptionId)]));
    // 6 requests of 200 ms, 2 at a time: at least 3 rounds.
    expect(Date.now() - t).toBeGreaterThanOrEqual(580);
    az.setScenario({});
  });

  it("time spent waiting for a slot does not count against a request's timeout", async () => {
    const arm = clients({ concurrency: 1, timeoutMs: 450 });
    await listSubscriptions(arm, ctx());
    az.setScenario({ latencyMs: 250 });
    // Three requests one after another: the last waits 500 ms for its slot, longer than the timeout, and still succeeds.
    const lists = await Promise.all(az.fleet.map((s) => listAksClusters(arm, ctx(), s.subscriptionId)));
    expect(lists.map((l) => l.length)).toEqual(az.fleet.map((s) => s.clusters.length));
    az.setScenario({});
  });

  it("a 401 from Resource Manager is unauthorized", async () => {
    az.setScenario({ failures: [{ operation: "subscriptions", status: 401 }] });
    const err = await listSubscriptions(clients(), ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unauthorized", status: 401 });
  });
});
