// The approval flow in a real browser: the team shares a run, an approver with no dashboard session
// approves it from the link, a new run of the cluster needs approval again, and a revoked link is refused.
// The link's token never reaches the server log or the database file.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { filesUnder } from "./support/capture";
import { adminKubeconfig } from "./support/cluster";
import { connectCluster } from "./support/ui";

const FINISHED = /^(ready|ready-with-warnings|incomplete|not-ready)$/;

async function startRun(page: Page, clusterId: string): Promise<string> {
  await page.goto(`/clusters/${clusterId}`);
  const started = page.waitForResponse((r) => r.url().endsWith(`/api/clusters/${clusterId}/runs`) && r.request().method() === "POST");
  await page.getByRole("button", { name: "Run readiness check" }).click();
  const { runId } = (await (await started).json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", FINISHED, { timeout: 60_000 });
  return runId;
}

test("share a run, approve it from a fresh browser, re-run, compare, revoke", async ({ page, browser }) => {
  const kubeconfig = adminKubeconfig();
  const name = `e2e-approval-${Date.now().toString(36)}`;
  const clusterId = await connectCluster(page, kubeconfig, name);

  const runId = await test.step("run a check: the finished run awaits approval", async () => {
    const id = await startRun(page, clusterId);
    await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "awaiting");
    await expect(page.getByTestId("approval-state")).toHaveText(/Awaits approval/);
    return id;
  });
  const manualIds = await page
    .locator('[data-testid^="check-"][data-status="manual"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.slice("check-".length)));

  const url = await test.step("create a share link: its URL is shown once", async () => {
    await page.getByRole("link", { name: "Share for approval" }).click();
    await expect(page.getByRole("button", { name: "New share link" })).toBeInViewport();
    await page.getByRole("button", { name: "New share link" }).click();
    await page.getByLabel("Label (optional)").fill("CAB 123");
    await page.getByLabel("Created by (optional)").fill("Ana");
    await expect(page.getByLabel("Expires in (days)")).toHaveValue("14");
    await page.getByTestId("share-create").click();
    await expect(page.getByText("Copy it now: it is shown only once.")).toBeVisible();
    const shown = (await page.getByTestId("share-url").textContent())!.trim();
    expect(shown).toMatch(new RegExp(`^${new URL(page.url()).origin}/share/[A-Za-z0-9_-]{43}$`));
    await expect(page.locator('[data-testid^="share-link-"]')).toHaveCount(1);
    await expect(page.locator('[data-testid^="share-link-"]').first()).toHaveAttribute("data-state", "active");
    // Nothing in the browser's storage keeps it, and a reload forgets it.
    const token = shown.split("/").pop()!;
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(token);
    await page.reload();
    await expect(page.locator('[data-testid^="share-link-"]')).toHaveCount(1);
    await expect(page.getByTestId("share-url")).toHaveCount(0);
    return shown;
  });
  const token = url.split("/").pop()!;

  const approver = await browser.newContext();
  const approverPage = await approver.newPage();
  try {
    await test.step("a fresh browser opens the link: the report, read-only, without the dashboard's navigation", async () => {
      const response = await approverPage.goto(url);
      expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
      expect(response?.headers()["x-robots-tag"]).toBe("noindex");
      await expect(approverPage.getByTestId("share-banner")).toContainText("Shared for review, read-only, link expires");
      await expect(approverPage.getByRole("heading", { level: 1, name: `Readiness of ${name}` })).toBeVisible();
      await expect(approverPage.getByTestId("verdict")).toHaveAttribute("data-verdict", await page.getByTestId("verdict").getAttribute("data-verdict") ?? "");
      await expect(approverPage.getByTestId("check-k8s.api-server-reachable")).toHaveAttribute("data-status", "pass");
      await expect(approverPage.getByTestId("approval-state")).toHaveAttribute("data-state", "awaiting");
      await expect(approverPage.getByRole("navigation", { name: "Main" })).toBeHidden();
      await expect(approverPage.getByRole("link", { name: "Clusters" })).toBeHidden();
      // Every item open: the team's page offers controls that change the run (attest, waive), the shared one none.
      const changesTheRun = /^(Attest|Waive|Revoke|Accept risk)/;
      await page.getByRole("button", { name: "Expand all" }).click();
      expect(await page.getByRole("button", { name: changesTheRun }).count()).toBeGreaterThan(0);
      await approverPage.getByRole("button", { name: "Expand all" }).click();
      await expect(approverPage.getByTestId("check-k8s.version")).toBeVisible();
      await expect(approverPage.getByRole("button", { name: changesTheRun })).toHaveCount(0);
      if (manualIds.length > 0) {
        await expect(page.getByTestId(`check-${manualIds[0]}`).getByRole("button", { name: "Attest" })).toBeVisible();
        await expect(approverPage.getByTestId(`check-${manualIds[0]}`)).toBeVisible();
        await expect(approverPage.getByTestId(`check-${manualIds[0]}`).getByLabel("Attested by")).toHaveCount(0);
      } else {
        test.info().annotations.push({ type: "not covered", description: "the run has no open manual item to compare attest controls on" });
      }
    });

    await test.step("the approver takes the report along as Markdown, through the same link", async () => {
      const download = approverPage.waitForEvent("download");
      await approverPage.getByRole("link", { name: "Download Markdown" }).click();
      const markdown = readFileSync((await (await download).path()), "utf8");
      expect(markdown).toContain(`# Dynatrace Operator readiness: ${name}`);
      expect(markdown).not.toContain(token);
    });

    await test.step("the approver approves with a name and a comment", async () => {
      await approverPage.getByLabel("Name", { exact: true }).fill("Bea Approver");
      await approverPage.getByLabel("Comment", { exact: true }).fill("Fine for CAB 123");
      await approverPage.getByRole("button", { name: "Approve" }).click();
      await expect(approverPage.getByTestId("decision-result")).toHaveText(/^Approved by Bea Approver at .+/);
      await expect(approverPage.getByTestId("share-decisions")).toContainText("Approved by Bea Approver");
      await expect(approverPage.getByTestId("share-decisions")).toContainText("Fine for CAB 123");
    });

    await test.step("the team's run page shows the approval and the audit trail records it", async () => {
      await page.goto(`/runs/${runId}`);
      await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "approved");
      await expect(page.getByTestId("approval-state")).toHaveText(/Approved by Bea Approver/);
      const trail = page.getByTestId("audit-trail");
      await trail.locator("summary").click();
      await expect(trail.locator("li[data-kind]")).toHaveText([
        /Approved by Bea Approver: "Fine for CAB 123"/,
        /Shared report viewed \(label: CAB 123\)/,
        /Share link created by Ana, expires \d{4}-\d{2}-\d{2}, label: CAB 123/,
      ]);
      const link = page.locator('[data-testid^="share-link-"]').first();
      await expect(link).not.toContainText("never"); // last viewed is set
    });

    const newRunId = await test.step("re-run: the new run awaits approval, the old one stays approved", async () => {
      const id = await startRun(page, clusterId);
      expect(id).not.toBe(runId);
      await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "awaiting");
      await page.goto(`/runs/${runId}`);
      await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "approved");
      return id;
    });

    await test.step("the new run's comparison with the previous one opens and shows both runs", async () => {
      await page.goto(`/clusters/${clusterId}`);
      // The history says which run was approved, and that the new one was not (yet).
      const history = page.getByTestId("run-history");
      await expect(history.locator(`[data-run-id="${runId}"]`).getByTestId("approval-summary")).toHaveText("Approved by Bea Approver");
      await expect(history.locator(`[data-run-id="${newRunId}"]`).getByTestId("approval-summary")).toHaveCount(0);
      await history.locator(`[data-run-id="${newRunId}"]`).getByTestId("compare-with-previous").click();
      await page.waitForURL(new RegExp(`/runs/${newRunId}/compare\\?with=${runId}$`));
      await expect(page.getByRole("heading", { level: 1, name: `What changed on ${name}` })).toBeVisible();
      await expect(page.getByTestId("compare-before").getByRole("link")).toHaveAttribute("href", `/runs/${runId}`);
      await expect(page.getByTestId("compare-after").getByRole("link")).toHaveAttribute("href", `/runs/${newRunId}`);

      // Any two runs: pick them in the history (the older one first), the comparison still reads older → newer.
      await page.goto(`/clusters/${clusterId}`);
      await expect(page.getByTestId("compare-picked")).toHaveCount(0);
      await history.locator(`[data-run-id="${runId}"]`).getByTestId("pick-run").check();
      await history.locator(`[data-run-id="${newRunId}"]`).getByTestId("pick-run").check();
      await page.getByTestId("compare-picked").click();
      await page.waitForURL(new RegExp(`/runs/${runId}/compare\\?with=${newRunId}$`));
      await expect(page.getByTestId("compare-before").getByRole("link")).toHaveAttribute("href", `/runs/${runId}`);
      await expect(page.getByTestId("compare-after").getByRole("link")).toHaveAttribute("href", `/runs/${newRunId}`);
    });

    await test.step("revoke the link: the approver's reload is refused and shows nothing else", async () => {
      await page.goto(`/runs/${runId}`);
      const row = page.locator('[data-testid^="share-link-"]').first();
      const linkId = (await row.getAttribute("data-testid"))!.slice("share-link-".length);
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByTestId(`share-revoke-${linkId}`).click();
      await expect(row).toHaveAttribute("data-state", "revoked");
      await expect(page.getByTestId(`share-revoke-${linkId}`)).toHaveCount(0);
      await page.getByTestId("audit-trail").locator("summary").click();
      await expect(page.getByTestId("audit-trail").locator("li[data-kind]").first()).toHaveAttribute("data-kind", "share-revoked");

      await approverPage.reload();
      await expect(approverPage.getByTestId("share-refused")).toHaveAttribute("data-state", "revoked");
      await expect(approverPage.getByTestId("share-refused")).toHaveText("This link was revoked.");
      await expect(approverPage.getByTestId("verdict")).toHaveCount(0);
      await expect(approverPage.getByText(name)).toHaveCount(0);

      // An altered token is simply unknown.
      await approverPage.goto(url.slice(0, -1) + (token.endsWith("A") ? "B" : "A"));
      await expect(approverPage.getByTestId("share-not-found")).toHaveText("This link does not exist.");
    });

    await test.step("attesting an item of the approved run changes its report: it needs approval again", async () => {
      if (manualIds.length === 0) return;
      const item = page.getByTestId(`check-${manualIds[0]}`);
      if ((await item.getByRole("form").count()) === 0) await item.getByRole("button").first().click();
      await item.getByLabel("Attested by").fill("E2E Tester");
      await item.getByRole("button", { name: "Attest" }).click();
      await expect(item).toHaveAttribute("data-status", "pass");
      await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "awaiting");
      await expect(page.getByTestId("approval-stale")).toContainText("The report changed since Bea Approver's decision on");
      // The trail says who changed it.
      await page.reload();
      await page.getByTestId("audit-trail").locator("summary").click();
      await expect(page.getByTestId("audit-trail").locator("li[data-kind]").first()).toHaveAttribute("data-kind", "attested");
      await expect(page.getByTestId("audit-trail").locator("li[data-kind]").first()).toContainText(`Manual item attested by E2E Tester: ${manualIds[0]}`);
    });

    await test.step("a report that changes while the approver reads it is refused until reloaded; a rejection needs a comment", async () => {
      if (manualIds.length === 0) return;
      await page.goto(`/runs/${newRunId}`);
      await page.getByRole("button", { name: "New share link" }).click();
      await page.getByTestId("share-create").click();
      const secondUrl = (await page.getByTestId("share-url").textContent())!.trim();
      const second = await approver.newPage();
      await second.goto(secondUrl);
      await expect(second.getByTestId("approval-state")).toHaveAttribute("data-state", "awaiting");

      const item = page.getByTestId(`check-${manualIds[0]}`);
      await item.getByRole("button").first().click();
      await item.getByLabel("Attested by").fill("E2E Tester");
      await item.getByRole("button", { name: "Attest" }).click();
      await expect(item).toHaveAttribute("data-status", "pass");

      const decisionAlert = second.getByRole("form", { name: "Approve or reject this report" }).getByRole("alert");
      await second.getByLabel("Name", { exact: true }).fill("Cid Reviewer");
      await second.getByRole("button", { name: "Reject" }).click();
      await expect(decisionAlert).toHaveText("Say why you reject (comment).");
      await second.getByLabel("Comment", { exact: true }).fill("Proxy not confirmed");
      await second.getByRole("button", { name: "Reject" }).click();
      await expect(decisionAlert).toContainText("The report changed since you opened it");
      await expect(second.getByTestId("decision-result")).toHaveCount(0);
      await second.getByRole("button", { name: "Reload the report" }).click();
      await expect(second.getByTestId(`check-${manualIds[0]}`)).toHaveAttribute("data-status", "pass");
      await second.getByRole("button", { name: "Reject" }).click();
      await expect(second.getByTestId("decision-result")).toHaveText(/^Rejected by Cid Reviewer at .+/);

      await page.reload();
      await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "rejected");
      await expect(page.getByTestId("approval-state")).toHaveText(/Rejected by Cid Reviewer/);
    });
  } finally {
    await approver.close();
  }

  await test.step("the token is nowhere in the server log or the database files", async () => {
    const dataDir = process.env.DTREADY_E2E_DATA_DIR!;
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith("server.log"))).toBe(true);
    expect(files.filter((f) => /\.(db|sqlite)/.test(f)).length).toBeGreaterThan(0);
    const hash = createHash("sha256").update(token).digest("hex");
    // The scan reads the stored rows: the link's hash is there (that is all the server keeps of it).
    expect(files.some((f) => f.includes("dtready.db") && readFileSync(f).includes(hash))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(token), `${file} contains the token`).toBe(false);
      if (file.endsWith("server.log")) expect(bytes.includes(hash), "the log contains the token's hash").toBe(false);
    }
  });
});
