// Waivers in a real browser against the real test cluster: a blocking fail is accepted as a known risk with an
// owner, a justification and an expiry. The item keeps saying "fail" and shows as waived, the verdict stops being
// not-ready, the Markdown export and the audit trail say so, a later run of the cluster carries the waiver, and
// revoking it there brings the fail and the verdict back.
import { readFileSync } from "node:fs";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { createTestNamespace } from "@/test/cluster/testing";
import { adminKubeconfig } from "./support/cluster";
import { connectCluster } from "./support/ui";

const FINISHED = /^(ready|ready-with-warnings|incomplete|not-ready)$/;
const CHECK = "k8s.namespace-pod-security";
const OWNER = "Platform team";
const JUSTIFICATION = "Restricted on purpose until CHG-4711 moves the CSI driver out; app-only monitoring meanwhile.";

/** A run planned into `namespace` without the CSI driver: Pod Security "restricted" there is then the only blocking fail. */
async function startRun(page: Page, clusterId: string, namespace: string): Promise<string> {
  await page.goto(`/clusters/${clusterId}`);
  await page.getByRole("textbox", { name: "Namespace" }).fill(namespace);
  await page.getByRole("checkbox", { name: "CSI driver" }).uncheck();
  const started = page.waitForResponse((r) => r.url().endsWith(`/api/clusters/${clusterId}/runs`) && r.request().method() === "POST");
  await page.getByRole("button", { name: "Run readiness check" }).click();
  const { runId } = (await (await started).json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", FINISHED, { timeout: 60_000 });
  return runId;
}

/** Expands the item unless it already is. */
async function open(page: Page, checkId: string) {
  const toggle = page.getByTestId(`check-${checkId}`).getByRole("button").first();
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

test("waive a blocking fail, see it in the verdict, the export, the audit trail and the next run, then revoke it", async ({ page }) => {
  // The operator namespace exists and enforces Pod Security "restricted": Dynatrace supports only privileged there.
  const kubeconfig = adminKubeconfig();
  const namespace = await createTestNamespace("e2e-waive", { "pod-security.kubernetes.io/enforce": "restricted" });
  try {
    const name = `e2e-waivers-${Date.now().toString(36)}`;
    const clusterId = await connectCluster(page, kubeconfig, name);

    const item = page.getByTestId(`check-${CHECK}`);
    const verdict = page.getByTestId("verdict");
    const runId = await startRun(page, clusterId, namespace);

    await test.step("the run is not ready because of the fail; a too-short justification is refused and changes nothing", async () => {
      await expect(verdict).toHaveAttribute("data-verdict", "not-ready");
      // The arrangement: this is the run's only fail, so waiving it must lift not-ready.
      const fails = await page
        .locator('[data-testid^="check-"][data-status="fail"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
      expect(fails).toEqual([`check-${CHECK}`]);
      await expect(item).toHaveAttribute("data-status", "fail");
      await open(page, CHECK);
      await expect(item).toContainText(`Namespace "${namespace}" enforces Pod Security "restricted"`);
      await item.getByTestId(`waive-${CHECK}`).click();
      await item.getByLabel("Owner").fill(OWNER);
      await item.getByLabel("Justification").fill("too short");
      await item.getByRole("button", { name: "Waive", exact: true }).click();
      await expect(item.getByTestId("form-error")).toContainText("at least 10 characters");
      await expect(item).toHaveAttribute("data-status", "fail");
      await expect(item).not.toHaveAttribute("data-waived", "true");
      await expect(page.getByTestId(`waived-${CHECK}`)).toHaveCount(0);
      await expect(verdict).toHaveAttribute("data-verdict", "not-ready");
    });

    const expiry = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await test.step("waived with owner, justification and expiry: still a fail, marked waived, and the run is no longer not-ready", async () => {
      await item.getByLabel("Justification").fill(JUSTIFICATION);
      await item.getByLabel("Expires (end of day, UTC)").fill(expiry);
      await item.getByRole("button", { name: "Waive", exact: true }).click();
      await expect(item).toHaveAttribute("data-waived", "true");
      await expect(item).toHaveAttribute("data-status", "fail");
      await expect(item.getByTestId(`waived-${CHECK}`)).toBeVisible();
      const note = item.getByTestId(`waiver-${CHECK}`);
      await expect(note).toContainText(`Waived by ${OWNER}`);
      await expect(note).toContainText(JUSTIFICATION);
      await expect(item.getByTestId(`waive-${CHECK}`)).toHaveCount(0);
      // Manual items are still open and a blocking check could not be decided: incomplete, not ready-with-warnings.
      await expect(verdict).toHaveAttribute("data-verdict", "incomplete");
      // The waived item still counts as a fail (one, as before), never as a pass.
      await expect(page.locator('[data-testid^="check-"][data-status="fail"]')).toHaveCount(1);
    });

    await test.step("the Markdown export says the item failed and is waived", async () => {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download Markdown" }).click();
      const markdown = readFileSync((await (await download).path()), "utf8");
      expect(markdown).toContain("### FAIL (waived): Operator namespace and Pod Security labels");
      expect(markdown).toContain(`> Failed, waived until ${expiry} by ${OWNER}: ${JUSTIFICATION} (accepted risk, not a pass;`);
      expect(markdown).toContain("(1 of them waived)");
      expect(markdown).not.toMatch(/### PASS[^\n]*Operator namespace and Pod Security labels/);
    });

    await test.step("the audit trail lists the waiver, once", async () => {
      const trail = page.getByTestId("audit-trail");
      await trail.locator("summary").click();
      await expect(trail.locator("li[data-kind]")).toHaveText([
        new RegExp(`Waiver created by ${OWNER}: ${CHECK.replace(/\./g, "\\.")} \\(fail\\) waived until ${expiry}T23:59:59\\.999Z`),
      ]);
      await expect(trail.locator("li[data-kind]")).toHaveAttribute("data-kind", "waiver-created");
    });

    await test.step("a new run of the cluster carries the waiver; revoking it there brings back the plain fail and not-ready", async () => {
      const newRunId = await startRun(page, clusterId, namespace);
      expect(newRunId).not.toBe(runId);
      await expect(item).toHaveAttribute("data-status", "fail");
      await expect(item).toHaveAttribute("data-waived", "true");
      await expect(item.getByTestId(`waived-${CHECK}`)).toBeVisible();
      await expect(verdict).toHaveAttribute("data-verdict", "incomplete");
      await open(page, CHECK);
      await expect(item.getByTestId(`waiver-${CHECK}`)).toContainText(`Waived by ${OWNER}`);
      await item.getByRole("button", { name: "Revoke waiver" }).click();
      await expect(item).not.toHaveAttribute("data-waived", "true");
      await expect(item).toHaveAttribute("data-status", "fail");
      await expect(page.getByTestId(`waived-${CHECK}`)).toHaveCount(0);
      await expect(item.getByTestId(`waiver-${CHECK}`)).toHaveCount(0);
      await expect(item.getByTestId(`waive-${CHECK}`)).toBeVisible();
      await expect(verdict).toHaveAttribute("data-verdict", "not-ready");
      // The waiver is gone for the run it was created from too, and its audit trail records the revoke.
      await page.goto(`/runs/${runId}`);
      await expect(verdict).toHaveAttribute("data-verdict", "not-ready");
      await expect(item).not.toHaveAttribute("data-waived", "true");
      const trail = page.getByTestId("audit-trail");
      await trail.locator("summary").click();
      await expect(trail.locator("li[data-kind]").first()).toHaveAttribute("data-kind", "waiver-revoked");
      await expect(trail.locator("li[data-kind]").first()).toContainText(`${CHECK} waiver of ${OWNER} revoked`);
    });
  } finally {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    // A cluster already stopped took the namespace with it: a failed cleanup must not hide the test's own error.
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }).catch(() => undefined);
  }
});
