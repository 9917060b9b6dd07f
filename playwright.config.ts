// End-to-end tests in Debian's Chromium against the PRODUCTION build (`npm run build` first), with a fresh
// data directory and a free port per run, and the real test cluster (started by e2e/global-setup.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const root = fileURLToPath(new URL(".", import.meta.url));
if (!existsSync(join(root, ".next", "BUILD_ID"))) {
  throw new Error("No production build: run `npm run build` before `npm run test:e2e`.");
}

// Playwright evaluates this file again in each worker: choose the port and data directory once, in the
// main process, and hand them down through the environment.
process.env.DTREADY_E2E_PORT ??= freePort();
process.env.DTREADY_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "dtready-e2e-"));
const port = process.env.DTREADY_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

function freePort(): string {
  // Synchronous on purpose (config evaluation is synchronous): a child binds port 0 and reports it.
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // The specs share one server and one database; cluster-list assertions need them not to interleave.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // The server's own output goes to a file in the data directory, so the leak tests search the logs too.
    command: `node scripts/start.mjs > "${join(process.env.DTREADY_E2E_DATA_DIR, "server.log")}" 2>&1`,
    url: `${baseURL}/api/clusters`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DTREADY_DATA_DIR: process.env.DTREADY_E2E_DATA_DIR,
      PORT: port,
      NEXT_TELEMETRY_DISABLED: "1",
      // The Azure test server is a custom cloud on loopback, allowed as an administrator would.
      DTREADY_AZURE_CUSTOM_CLOUD_HOSTS: "127.0.0.1",
    },
  },
});
