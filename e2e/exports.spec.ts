// The run page's exports in a real browser: the download links, and printing ("Save as PDF") shows the
// whole report, every item expanded, without navigation, buttons or forms.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { adminKubeconfig } from "./support/cluster";
import { connectCluster } from "./support/ui";

test("download every export of a run, and print it in full", async ({ page }) => {
  const kubeconfig = adminKubeconfig();
  const name = `e2e-exports-${Date.now().toString(36)}`;
  await connectCluster(page, kubeconfig, name);

  await page.getByRole("button", { name: "Run readiness check" }).click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });
  const runId = (await page.getByTestId("run-history").locator("[data-run-id]").first().getAttribute("data-run-id"))!;
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(ready|ready-with-warnings|incomplete|not-ready)$/, { timeout: 60_000 });

  await test.step("each Download link saves its format under the run's file name", async () => {
    for (const [label, ext, start] of [
      ["Download Markdown", "md", `# Dynatrace Operator readiness: ${name}`],
      ["Download JUnit", "junit.xml", '<?xml version="1.0" encoding="UTF-8"?>'],
      ["Download SARIF", "sarif", "{"],
    ] as const) {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: label }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`dtready-${name}-${runId}.${ext}`);
      expect(readFileSync((await file.path()), "utf8").startsWith(start)).toBe(true);
    }
  });

  await test.step("printed: every check expanded, no navigation, buttons or forms", async () => {
    const version = page.getByTestId("check-k8s.version");
    await expect(version.getByText("Evidence", { exact: true })).toBeHidden(); // collapsed on screen
    await page.emulateMedia({ media: "print" });
    await expect(version.getByText("Evidence", { exact: true })).toBeVisible();
    await expect(page.getByTestId("check-k8s.api-server-reachable")).toContainText("answered (Kubernetes v1.36.3)");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await expect(page.getByRole("link", { name: "Download Markdown" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Expand all" })).toBeHidden();
    await expect(page.getByRole("group", { name: "Filter checks by status" })).toBeHidden();
    // The title row stays readable as text.
    await expect(version.getByRole("button").first()).toBeVisible();
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
    await expect(version.getByText("Evidence", { exact: true })).toBeHidden();
  });
});
