// The real ARM SDK clients and @azure/identity credentials against the Azure test server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request as httpsRequest } from "node:https";
import { type AzureTestServer, clientSecretInput, generateFleet, SERVICE_PRINCIPAL_OBJECT_ID, startAzureTestServer } from "@/test/azure/server";
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

/** A raw request to the test server, to check its wire format itself. */
function fetchWithCa(url: string, method = "GET", body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, ca: az.caPem, headers: body ? { "content-type": "application/x-www-form-urlencoded" } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

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

  it("a paged 403 keeps Resource Manager's message naming the action and scope, and the remedy assigns the role there", async () => {
    az.setScenario({ failures: [{ operation: "clusters", status: 403 }] });
    const sub = az.fleet[0]!.subscriptionId;
    const err = await listAksClusters(clients(), ctx(), sub).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect(err).toMatchObject({ kind: "forbidden", status: 403, system: "Azure Resource Manager" });
    expect((err as Error).message).toContain(
      `with object id '${SERVICE_PRINCIPAL_OBJECT_ID}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '/subscriptions/${sub}' or the scope is invalid.`,
    );
    expect((err as Error).message).not.toContain("Pagination failed");
    expect((err as CollectError).remedy).toBe(
      `Grant the Azure identity a role that allows Microsoft.ContainerService/managedClusters/read on /subscriptions/${sub}: az role assignment create --assignee-object-id ${SERVICE_PRINCIPAL_OBJECT_ID} --assignee-principal-type ServicePrincipal --role "Reader" --scope /subscriptions/${sub}`,
    );
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

  it("a 401 from Resource Manager carries its Bearer challenge; the fault is Resource Manager's answer, with its code's remedy", async () => {
    az.setScenario({ failures: [{ operation: "cluster", status: 401, code: "InvalidAuthenticationTokenTenant", message: "The access token is from the wrong issuer 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/'." }] });
    const arm = clients();
    const ref = { subscriptionId: az.fleet[0]!.subscriptionId, resourceGroup: "rg-fleet-1", name: "aks-fleet-1-01" };
    const err = await arm.request(ctx(), `GET ${describeCluster(ref)}`, (o) => arm.containerService(ref.subscriptionId).managedClusters.get(ref.resourceGroup, ref.name, o)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unauthorized", status: 401, system: "Azure Resource Manager" });
    expect((err as Error).message).toContain("InvalidAuthenticationTokenTenant: The access token is from the wrong issuer");
    expect((err as CollectError).remedy).toContain(`The subscription belongs to another tenant than the connection's (${az.tenantId})`);
    az.setScenario({});
  });

  it("the test server answers like Resource Manager: a 401 has a WWW-Authenticate Bearer challenge, no api-version is 400 MissingApiVersionParameter", async () => {
    az.setScenario({});
    const arm = clients();
    const path = `/subscriptions/${az.fleet[0]!.subscriptionId}/providers/Microsoft.ContainerService/managedClusters`;
    const err = await arm.getJson(ctx(), `GET ${path}`, path).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "error", status: 400 });
    expect((err as Error).message).toContain("MissingApiVersionParameter: The api-version query parameter (?api-version=) is required for all requests.");
    const res = await fetchWithCa(`${az.armEndpoint}${path}?api-version=2026-04-01`);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      `Bearer authorization_uri="${az.authorityHost}/${az.tenantId}", error="invalid_token", error_description="Authentication failed. The 'Authorization' header is missing."`,
    );
    expect(JSON.parse(res.body)).toEqual({ error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." } });
  });

  it("Entra ID's error body is the documented one: error_description with the \\r\\n trace lines, codes, ids, error_uri; a bad resource is invalid_resource", async () => {
    const form = new URLSearchParams({ client_id: az.clientId, client_secret: az.clientSecret, grant_type: "client_credentials", scope: "https://unknown.example/.default" });
    const res = await fetchWithCa(`${az.authorityHost}/${az.tenantId}/oauth2/v2.0/token`, "POST", form.toString());
    expect(res.status).toBe(400);
    const b = JSON.parse(res.body) as Record<string, unknown>;
    expect(b.error).toBe("invalid_resource");
    expect(b.error_codes).toEqual([500011]);
    expect(String(b.error_description)).toMatch(/^AADSTS500011: The resource principal named https:\/\/unknown\.example was not found in the tenant named .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    expect(b).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/), correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: expect.stringMatching(/Z$/), error_uri: `${az.authorityHost}/error?code=500011` });
  });
});
