// A platform engineer's path through the dashboard, in a real browser against the production build and the
// real test cluster: connect, run, watch, review, attest, find the run again. Along the way every HTTP
// response and the page itself are searched for the kubeconfig's token.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { CHECKS } from "@/lib/checks/registry";
import { isManual } from "@/lib/engine/check";
import type { CheckResult, Verdict } from "@/lib/engine/types";
import { verdictOf } from "@/lib/engine/verdict";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { filesUnder, recordResponses } from "./support/capture";
import { adminKubeconfig, contextOf, slowRelay, tokenOf } from "./support/cluster";
import { connectCluster } from "./support/ui";

test("connect a cluster, run the check, watch it, review, attest, and find the run again", async ({ page }) => {
  const kubeconfig = adminKubeconfig();
  const token = tokenOf(kubeconfig);
  // Every new connection to the API server is held a moment, so the run is still going when the page looks.
  const relay = await slowRelay(kubeconfig, 600);
  const responses = recordResponses(page);
  const name = `e2e-${Date.now().toString(36)}`;

  try {
    const clusterId = await test.step("connect the cluster by pasting its kubeconfig", () => connectCluster(page, relay.kubeconfig, name));

    const runId = await test.step("start a run and watch its progress", async () => {
      const started = page.waitForResponse((r) => r.url().endsWith(`/api/clusters/${clusterId}/runs`) && r.request().method() === "POST");
      await page.getByRole("button", { name: "Run readiness check" }).click();
      const response = await started;
      expect(response.status()).toBe(202);
      const { runId } = (await response.json()) as { runId: string };
      const progress = page.getByTestId("run-progress");
      await expect(progress).toBeVisible();
      await expect(progress.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Run in progress…" })).toBeDisabled();
      // When the run ends the progress gives way to the checklist and the verdict.
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
      return runId;
    });

    await test.step("read the checklist", async () => {
      const reachable = page.getByTestId("check-k8s.api-server-reachable");
      await expect(reachable).toHaveAttribute("data-status", "pass");
      await reachable.getByRole("button").first().click();
      await expect(reachable).toContainText("answered (Kubernetes v1.36.3)");
      await expect(page.getByTestId("check-k8s.version")).toBeVisible();
    });

    await test.step("attest the open manual items and see statuses and verdict recomputed", async () => {
      const open = page.locator('[data-testid^="check-"][data-status="manual"]');
      const ids = await open.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.slice("check-".length)));
      if (ids.length === 0) {
        expect(CHECKS.filter(isManual).map((c) => c.id), "the registry has manual items, so the run must show them open").toEqual([]);
        test.info().annotations.push({ type: "not covered", description: "the registry has no manual checklist items: nothing to attest" });
        return;
      }
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(incomplete|not-ready)$/);
      for (const id of ids) {
        const item = page.getByTestId(`check-${id}`);
        if ((await item.getByRole("form").count()) === 0) await item.getByRole("button").first().click();
        await item.getByLabel("Attested by").fill("E2E Tester");
        await item.getByLabel("Note").fill(`checked ${id} in the e2e`);
        await item.getByRole("button", { name: "Attest" }).click();
        await expect(item).toHaveAttribute("data-status", "pass");
        await expect(item).toContainText("Attested by E2E Tester");
      }
      // The badge shows the server's recomputed verdict: the one the checks now imply.
      const run = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { run: { verdict: Verdict; checks: CheckResult[] } };
      expect(run.run.checks.filter((c) => c.status === "manual")).toEqual([]);
      expect(run.run.verdict).toBe(verdictOf(run.run.checks));
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", run.run.verdict);
      if (!run.run.checks.some((c) => c.severity === "blocking" && (c.status === "fail" || c.status === "unknown"))) {
        expect(run.run.verdict).not.toBe("incomplete");
      }
    });

    await test.step("reload: the run is in the history and opens at its stable URL", async () => {
      await page.reload();
      const history = page.getByTestId("run-history");
      const row = history.locator(`[data-run-id="${runId}"]`);
      await expect(row).toBeVisible();
      await row.getByRole("link").first().click();
      await page.waitForURL(new RegExp(`/runs/${runId}$`));
      await expect(page.getByRole("heading", { level: 1, name: `Readiness of ${name}` })).toBeVisible();
      await expect(page.getByTestId("check-k8s.api-server-reachable")).toHaveAttribute("data-status", "pass");
      await expect(page.locator('[data-testid^="check-"][data-status="manual"]')).toHaveCount(0);
      const verdict = await page.getByTestId("verdict").getAttribute("data-verdict");
      // The same URL in a fresh page (as a shared link would be opened) shows the same run.
      const again = await page.context().newPage();
      await again.goto(`/runs/${runId}`);
      await expect(again.getByTestId("verdict")).toHaveAttribute("data-verdict", verdict!);
      await again.close();
    });

    await test.step("no response, stream, report or page ever contains the token", async () => {
      const events = await page.request.get(`/api/runs/${runId}/events`);
      const report = await page.request.get(`/api/runs/${runId}/report.json`);
      expect(report.status()).toBe(200);
      expect(report.headers()["content-disposition"]).toMatch(new RegExp(`attachment; filename="dtready-.+-${runId}\\.json"`));
      const schema = JSON.parse(readFileSync(new URL("../docs/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
      expect(validateAgainstSchema(schema, await report.json())).toEqual([]);
      const all = [
        ...(await responses.bodies()),
        { url: "events", body: await events.text() },
        { url: "report.json", body: await report.text() },
        { url: "page", body: await page.content() },
        { url: "clusters", body: await (await page.request.get("/api/clusters")).text() },
        { url: "cluster", body: await (await page.request.get(`/api/clusters/${clusterId}`)).text() },
      ];
      expect(all.length).toBeGreaterThan(10);
      expect(all.filter((r) => r.body.includes(token)).map((r) => r.url)).toEqual([]);
      // Nor is it stored in plain text (the kubeconfig is encrypted at rest) or logged: the server's log is in
      // the data directory, and it did log this run.
      const dataDir = process.env.DTREADY_E2E_DATA_DIR!;
      expect(readFileSync(join(dataDir, "server.log"), "utf8")).toContain(runId);
      const plain = filesUnder(dataDir).filter((f) => readFileSync(f).includes(Buffer.from(token)));
      expect(plain).toEqual([]);
    });
  } finally {
    await relay.close();
  }
});

test("a malformed kubeconfig gets a clear error and stores nothing", async ({ page }) => {
  const before = ((await (await page.request.get("/api/clusters")).json()) as { clusters: unknown[] }).clusters.length;
  await page.goto("/clusters/new");
  await page.getByLabel("Kubeconfig", { exact: true }).fill("apiVersion: v1\nclusters:\n  - name: prod\n    cluster: {server: https://x\nusers: []\n");
  await page.getByRole("button", { name: "Inspect" }).click();
  // Next.js keeps an empty role=alert route announcer on every page: look for the one that says something.
  const alert = page.getByRole("alert").filter({ hasText: "not valid YAML" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/line \d+/);
  await expect(page.getByRole("button", { name: "Save cluster" })).toHaveCount(0);

  // An exec-plugin kubeconfig is explained and cannot be saved, and the server never runs the plugin:
  // this one would leave a marker file behind.
  const dir = mkdtempSync(join(tmpdir(), "dtready-e2e-exec-"));
  const marker = join(dir, "plugin-ran");
  const plugin = join(dir, "plugin.sh");
  writeFileSync(plugin, `#!/bin/sh\ntouch "${marker}"\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}}'\n`, { mode: 0o755 });
  const exec = adminKubeconfig().replace(/token: .*/, `exec: {apiVersion: client.authentication.k8s.io/v1, command: "${plugin}", interactiveMode: Never}`);
  await page.getByLabel("Kubeconfig", { exact: true }).fill(exec);
  await page.getByRole("button", { name: "Inspect" }).click();
  await expect(page.getByText(/exec credential plugin/).first()).toBeVisible();
  const save = page.getByRole("button", { name: "Save cluster" });
  if ((await save.count()) > 0) await expect(save).toBeDisabled();
  // Not even a hand-made request gets it stored.
  const direct = await page.request.post("/api/clusters", { data: { name: "sneaky", kubeconfig: exec, context: contextOf(exec) } });
  expect(direct.status()).toBe(400);
  expect(((await direct.json()) as { error: string }).error).toContain("exec credential plugin");
  expect(existsSync(marker)).toBe(false);

  const after = ((await (await page.request.get("/api/clusters")).json()) as { clusters: unknown[] }).clusters.length;
  expect(after).toBe(before);
  await page.goto("/");
  if (before === 0) await expect(page.getByText("No clusters yet")).toBeVisible();
  else await expect(page.getByRole("table", { name: "Clusters" }).locator("tbody tr")).toHaveCount(before);
});

test("the admin kubeconfig file pasted as it is connects and runs", async ({ page }) => {
  const kubeconfig = adminKubeconfig();
  const clusterId = await connectCluster(page, kubeconfig, `e2e-plain-${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Run readiness check" }).click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
  await expect(page.getByTestId("check-k8s.api-server-reachable")).toHaveAttribute("data-status", "pass");
  await expect(page.getByTestId("check-k8s.install-permissions")).toHaveAttribute("data-status", "pass");
  const cluster = (await (await page.request.get(`/api/clusters/${clusterId}`)).json()) as { cluster: { context: string; server: string } };
  expect(cluster.cluster.context).toBe(contextOf(kubeconfig));
  expect(JSON.stringify(cluster)).not.toContain(tokenOf(kubeconfig));
  // The clusters list shows this run's verdict as the cluster's latest.
  const verdict = await page.getByTestId("verdict").getAttribute("data-verdict");
  await page.goto("/");
  await expect(page.locator(`tr[data-cluster-id="${clusterId}"]`).getByTestId("verdict")).toHaveAttribute("data-verdict", verdict!);
});
