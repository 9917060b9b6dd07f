// AKS through Azure, in a real browser against the production build: add an Azure connection (client secret, custom
// cloud pointing at the Azure test server, trusted through its CA), discover the fleet, check one cluster end to end
// (Resource Manager facts, and the real test kube-apiserver reached with an Entra token for the AKS server application),
// check several at once, and see each verdict with its age in the fleet. Then search everything the dashboard wrote,
// logged or answered for the client secret.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { AKS_SERVER_ID, startAzureTestServer, type AzureTestServer, type TestSubscription } from "@/test/azure/server";
import { filesUnder, recordResponses } from "./support/capture";

const SUB_PLATFORM = "a1a1a1a1-0000-4000-8000-000000000001";
const SUB_SANDBOX = "b2b2b2b2-0000-4000-8000-000000000002";
const FLEET: TestSubscription[] = [
  {
    subscriptionId: SUB_PLATFORM,
    displayName: "E2E Platform",
    clusters: [
      { resourceGroup: "rg-e2e-platform", name: "aks-e2e-entra", access: "entra" },
      { resourceGroup: "rg-e2e-platform", name: "aks-e2e-local", access: "local", location: "northeurope" },
    ],
  },
  { subscriptionId: SUB_SANDBOX, displayName: "E2E Sandbox", clusters: [{ resourceGroup: "rg-e2e-sandbox", name: "aks-e2e-sandbox", location: "eastus2" }] },
];

let azure: AzureTestServer;

test.beforeAll(async () => {
  azure = await startAzureTestServer({ fleet: FLEET });
});

test.afterAll(async () => {
  await azure?.close();
});

const row = (page: Page, name: string) => page.getByTestId("fleet-row").filter({ hasText: name });

test("connect Azure, discover the fleet, check clusters through Resource Manager; the secret never leaks", async ({ page }) => {
  const responses = recordResponses(page);
  const connectionName = `e2e-azure-${Date.now().toString(36)}`;
  const secret = azure.clientSecret;

  await test.step("a wrong value is explained next to its field and nothing is stored", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Azure" }).click();
    await page.waitForURL(/\/azure$/);
    await page.getByLabel("Name", { exact: true }).fill(connectionName);
    await page.getByLabel("Cloud").selectOption("custom");
    await page.getByLabel("Authority host").fill(azure.authorityHost);
    await page.getByLabel("Resource Manager endpoint").fill(azure.armEndpoint);
    await page.getByLabel("Directory (tenant) ID").fill("contoso.onmicrosoft.com");
    await page.getByLabel("Application (client) ID").fill(azure.clientId);
    await page.getByLabel("Client secret").fill(secret);
    await page.getByLabel("CA certificate (optional, PEM)").fill(azure.caPem);
    await page.getByRole("button", { name: "Save connection" }).click();
    await expect(page.getByLabel("Directory (tenant) ID")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#azure-tenantId-error")).toContainText("must be a GUID");
    const list = (await (await page.request.get("/api/azure/connections")).json()) as { connections: { name: string }[] };
    expect(list.connections.some((c) => c.name === connectionName)).toBe(false);
  });

  await test.step("save the connection: the secret is stored, never shown again", async () => {
    await page.getByLabel("Directory (tenant) ID").fill(azure.tenantId);
    await page.getByRole("button", { name: "Save connection" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved ${connectionName}` })).toBeVisible();
    const connection = page.getByTestId("azure-connection-row").filter({ hasText: connectionName });
    await expect(connection).toContainText("Service principal with client secret");
    await expect(connection).toContainText(azure.tenantId);
    await expect(connection).toContainText("stored encrypted");
    await expect(connection.getByTestId("cluster-count")).toHaveText("not discovered yet");
    await expect(page.getByLabel("Client secret")).toHaveValue("");
  });

  await test.step("discover: every subscription and cluster the identity can read", async () => {
    const connection = page.getByTestId("azure-connection-row").filter({ hasText: connectionName });
    await connection.getByRole("button", { name: "Discover clusters" }).click();
    await expect(connection.getByRole("status")).toContainText("Found 3 AKS clusters in 2 subscriptions");
    await expect(connection.getByTestId("cluster-count")).toContainText("3 · discovered");
    await connection.getByRole("link", { name: "Open the fleet" }).click();
    await page.waitForURL(/\/fleet$/);
  });

  await test.step("the fleet lists the clusters, never checked, and filters by subscription", async () => {
    await expect(page.getByTestId("fleet-row")).toHaveCount(3);
    const entra = row(page, "aks-e2e-entra");
    await expect(entra).toContainText("E2E Platform");
    await expect(entra).toContainText("rg-e2e-platform");
    await expect(entra).toContainText("westeurope");
    await expect(entra).toContainText("1.36.3");
    await expect(entra).toContainText("Running");
    await expect(entra.getByTestId("fleet-age")).toHaveText("never checked");
    await page.getByLabel("Subscription").selectOption({ label: "E2E Sandbox" });
    await expect(page.getByTestId("fleet-row")).toHaveCount(1);
    await expect(row(page, "aks-e2e-sandbox")).toBeVisible();
    await page.getByLabel("Subscription").selectOption("");
    await expect(page.getByTestId("fleet-row")).toHaveCount(3);
  });

  const runId = await test.step("check one cluster: its verdict and its age appear in the fleet", async () => {
    const started = page.waitForResponse((r) => r.url().endsWith("/api/fleet/check") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Check aks-e2e-entra" }).click();
    const response = await started;
    expect(response.status()).toBe(202);
    const { runs } = (await response.json()) as { runs: { runId: string }[] };
    expect(runs).toHaveLength(1);
    const entra = row(page, "aks-e2e-entra");
    await expect(entra.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
    await expect(entra.getByTestId("fleet-age")).toHaveText(/^checked (just now|\d+ s ago)$/);
    return runs[0]!.runId;
  });

  await test.step("the cluster's page shows its checklist: Resource Manager checks and Kubernetes checks", async () => {
    await row(page, "aks-e2e-entra").getByRole("link", { name: "aks-e2e-entra" }).click();
    await page.waitForURL(/\/fleet\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("aks-e2e-entra");
    await expect(page.getByText("E2E Platform")).toBeVisible();
    await expect(page.getByTestId("run-history").locator(`[data-run-id="${runId}"]`)).toBeVisible();
    // From Resource Manager: the cluster is running and provisioned.
    await expect(page.getByTestId("check-az.cluster-state")).toHaveAttribute("data-status", "pass");
    // From the API server, reached with the Entra token for the AKS server application (no kubelogin).
    await expect(page.getByTestId("check-k8s.api-server-reachable")).toHaveAttribute("data-status", "pass");
    await expect(page.getByTestId("check-k8s.node-architecture")).toBeVisible();
    expect(azure.requests.some((r) => r.path.includes("/listClusterUserCredential") && r.authorization)).toBe(true);
    expect(azure.requests.some((r) => r.scope === `${AKS_SERVER_ID}/.default`)).toBe(true);

    // The run page works for an AKS run and leads back to the fleet.
    await page.goto(`/runs/${runId}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("aks-e2e-entra");
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Fleet" }).click();
    await page.waitForURL(/\/fleet$/);
  });

  await test.step("check several clusters at once", async () => {
    await page.getByRole("checkbox", { name: "Select aks-e2e-local" }).check();
    await page.getByRole("checkbox", { name: "Select aks-e2e-sandbox" }).check();
    const started = page.waitForResponse((r) => r.url().endsWith("/api/fleet/check") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Check selected (2)" }).click();
    const { runs } = (await (await started).json()) as { runs: { clusterId: string; runId: string }[] };
    expect(runs).toHaveLength(2);
    for (const name of ["aks-e2e-local", "aks-e2e-sandbox"]) {
      await expect(row(page, name).getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
      await expect(row(page, name).getByTestId("fleet-age")).toHaveText(/^checked /);
    }
    await expect(page.getByTestId("fleet-age").filter({ hasText: "never checked" })).toHaveCount(0);
  });

  await test.step("the client secret is in no response, page, export, server log or SQLite file", async () => {
    const report = await page.request.get(`/api/runs/${runId}/report.json`);
    expect(report.status()).toBe(200);
    const reportText = await report.text();
    expect(JSON.parse(reportText).target).toMatchObject({ kind: "aks", name: "aks-e2e-entra", aks: { subscriptionId: SUB_PLATFORM } });
    const all = [
      ...(await responses.bodies()),
      { url: "report.json", body: reportText },
      { url: "events", body: await (await page.request.get(`/api/runs/${runId}/events`)).text() },
      { url: "connections", body: await (await page.request.get("/api/azure/connections")).text() },
      { url: "fleet", body: await (await page.request.get("/api/fleet")).text() },
      { url: "page", body: await page.content() },
    ];
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((r) => r.body.includes(secret)).map((r) => r.url)).toEqual([]);

    const dataDir = process.env.DTREADY_E2E_DATA_DIR!;
    const log = readFileSync(join(dataDir, "server.log"), "utf8");
    expect(log).toContain(runId); // it is the log of this run
    expect(log).not.toContain(secret);
    const files = filesUnder(dataDir);
    expect(files.some((f) => /dtready\.db/.test(f))).toBe(true);
    expect(files.filter((f) => readFileSync(f).toString("latin1").includes(secret))).toEqual([]);
  });
});
