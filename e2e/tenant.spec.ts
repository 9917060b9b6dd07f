// Checking a cluster together with a Dynatrace tenant, in a real browser against the production build, the
// real test cluster and the Dynatrace test server: add the tenant in the UI (trusting the test server's CA
// through the tenant's CA bundle), run a combined check, and read why the operator token is not enough.
// Then search everything the dashboard wrote, logged or answered for the planted tokens.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { FEATURES } from "@/lib/data/token-scopes";
import {
  startDynatraceTestServer,
  TEST_INGEST_TOKEN,
  TEST_OPERATOR_TOKEN,
  TEST_TENANT_TOKEN,
  type DynatraceTestServer,
} from "@/test/dynatrace/server";
import { filesUnder, recordResponses } from "./support/capture";
import { adminKubeconfig } from "./support/cluster";
import { connectCluster } from "./support/ui";

const MISSING_SCOPE = "InstallerDownload";

/** What must never leave the server: both tokens (whole and their secret parts) and the tenant token. */
const PLANTED = [TEST_OPERATOR_TOKEN, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN.split(".")[2]!, TEST_INGEST_TOKEN.split(".")[2]!, TEST_TENANT_TOKEN];

const leaksIn = (text: string) => PLANTED.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 12)}…`);

let server: DynatraceTestServer;

test.beforeAll(async () => {
  server = await startDynatraceTestServer({ scenario: { kind: "missing-scopes", operator: [MISSING_SCOPE] } });
});

test.afterAll(async () => {
  await server?.close();
});

test("add a tenant, run a combined check, see the missing scope explained; no token leaks anywhere", async ({ page }) => {
  const responses = recordResponses(page);
  const tenantName = `e2e-tenant-${Date.now().toString(36)}`;
  const clusterName = `e2e-combined-${Date.now().toString(36)}`;

  await test.step("a wrong value is explained next to its field and nothing is stored", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tenants" }).click();
    await page.waitForURL(/\/tenants$/);
    await page.getByLabel("Name", { exact: true }).fill(tenantName);
    await page.getByLabel("API URL").fill(server.apiUrl.replace(/\/api$/, ""));
    await page.getByLabel("Operator token").fill(TEST_OPERATOR_TOKEN);
    await page.getByRole("button", { name: "Save tenant" }).click();
    const apiUrl = page.getByLabel("API URL");
    await expect(apiUrl).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#tenant-apiUrl-error")).toHaveText(`The API URL must end in /api; did you mean ${server.apiUrl}?`);
    const list = (await (await page.request.get("/api/tenants")).json()) as { tenants: { name: string }[] };
    expect(list.tenants.some((t) => t.name === tenantName)).toBe(false);
  });

  await test.step("add the tenant with both tokens and the test server's CA", async () => {
    await page.getByLabel("API URL").fill(server.apiUrl);
    await page.getByLabel("Data-ingest token (optional)").fill(TEST_INGEST_TOKEN);
    await page.getByLabel("CA bundle (optional, PEM)").fill(server.caPem);
    await page.getByRole("button", { name: "Save tenant" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved ${tenantName}` })).toBeVisible();
    const row = page.getByTestId("tenant-row").filter({ hasText: tenantName });
    await expect(row).toContainText(server.apiUrl);
    await expect(row).toContainText("dt0c01.OPERATOR…");
    await expect(row).toContainText("dt0c01.INGESTTE…");
    // The password fields were cleared; the tokens are not in the page any more.
    await expect(page.getByLabel("Operator token")).toHaveValue("");
  });

  const runId = await test.step("connect the cluster and run with the tenant", async () => {
    const kubeconfig = adminKubeconfig();
    await connectCluster(page, kubeconfig, clusterName);

    const select = page.getByLabel("Dynatrace tenant");
    await expect(select).toHaveValue(""); // "No tenant" unless chosen
    await select.selectOption({ label: tenantName });
    const started = page.waitForResponse((r) => /\/api\/clusters\/[^/]+\/runs$/.test(r.url()) && r.request().method() === "POST");
    await page.getByRole("button", { name: "Run readiness check" }).click();
    const response = await started;
    expect(response.status()).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
    // After a reload the history names the tenant and the next run would use it again.
    await page.reload();
    await expect(page.getByTestId("run-history")).toContainText(`tenant ${tenantName}`);
    await expect(page.getByLabel("Dynatrace tenant").locator("option:checked")).toHaveText(tenantName);
    return runId;
  });

  await test.step("no planted token in any response, the export, the SQLite files or the server log", async () => {
    const report = await page.request.get(`/api/runs/${runId}/report.json`);
    expect(report.status()).toBe(200);
    const reportText = await report.text();
    expect(JSON.parse(reportText).target.tenant).toMatchObject({ apiUrl: server.apiUrl, operatorTokenPublic: "dt0c01.OPERATOR…" });
    const all = [
      ...(await responses.bodies()),
      { url: "report.json", body: reportText },
      { url: "events", body: await (await page.request.get(`/api/runs/${runId}/events`)).text() },
      { url: "run", body: await (await page.request.get(`/api/runs/${runId}`)).text() },
      { url: "tenants", body: await (await page.request.get("/api/tenants")).text() },
      { url: "page", body: await page.content() },
    ];
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((r) => ({ url: r.url, leaks: leaksIn(r.body) })).filter((r) => r.leaks.length > 0)).toEqual([]);

    const dataDir = process.env.DTREADY_E2E_DATA_DIR!;
    const log = readFileSync(join(dataDir, "server.log"), "utf8");
    expect(log).toContain(runId); // it is the log of this run
    expect(leaksIn(log)).toEqual([]);
    const files = filesUnder(dataDir);
    expect(files.some((f) => /dtready\.db/.test(f))).toBe(true);
    const plain = files.filter((f) => leaksIn(readFileSync(f).toString("latin1")).length > 0);
    expect(plain).toEqual([]);
  });

  await test.step("the operator token item names the missing scope and the feature that needs it", async () => {
    await page.goto(`/runs/${runId}`);
    await expect(page.getByText(server.apiUrl).first()).toBeVisible(); // the run shows its tenant
    // A required scope missing fails a blocking check: the install would end in phase Error.
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "not-ready");
    const item = page.getByTestId("check-dt.operator-token");
    await expect(item).toHaveAttribute("data-status", "fail");
    const toggle = item.getByRole("button").first();
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await expect(item).toContainText(MISSING_SCOPE);
    const feature = FEATURES.find((f) => f.scopes.some((s) => s.scope === MISSING_SCOPE && s.need === "required"))!.feature;
    await expect(item).toContainText(feature);
    // The tenant was really asked, with the operator token.
    expect(server.requests.some((r) => r.path.endsWith("/v2/apiTokens/lookup") && r.auth === "operator")).toBe(true);
    expect(server.sideEffects).toBe(0);
    expect(leaksIn(await page.content())).toEqual([]);
  });
});
