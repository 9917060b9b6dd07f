// Steps every spec takes through the dashboard the way a user does.
import { expect, type Page } from "@playwright/test";
import { contextOf } from "./cluster";

/** Adds a cluster from a pasted kubeconfig (its current context) and returns the new cluster's id. */
export async function connectCluster(page: Page, kubeconfig: string, name: string): Promise<string> {
  await page.goto("/clusters/new");
  await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfig);
  await page.getByRole("button", { name: "Inspect" }).click();
  await page.getByLabel("Context").selectOption(contextOf(kubeconfig));
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Save cluster" }).click();
  await page.waitForURL(/\/clusters\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/").pop()!;
}
