// The real `dtready` binary against the Entra ID + Resource Manager test server and the real test cluster:
// an AKS cluster checked with nothing but an Azure connection file, and the exec plugin never run.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "@/lib/engine/verdict";
import type { JsonReport } from "@/lib/report/json";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { AKS_SERVER_ID, startAzureTestServer, type AzureTestServer } from "@/test/azure/server";
import type { Discovery } from "@/lib/collect/azure/discovery";

const bin = fileURLToPath(new URL("../../bin/dtready.mjs", import.meta.url));
const schema = JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), "dtready-cli-azure-int-"));

const SUB = "00000000-0000-4000-8000-00000000c11a";
const OTHER_SUB = "00000000-0000-4000-8000-00000000c11b";
const idOf = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function dtready(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "" }, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let azure: AzureTestServer;
let connectionFile: string;
// An exec plugin that works when run (it leaves a marker): if the marker never appears, dtready never ran it.
const marker = join(dir, "exec-plugin-ran");
const plugin = file("kubelogin", `#!/bin/sh\ntouch "${marker}"\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}}'\n`);
chmodSync(plugin, 0o755);

beforeAll(async () => {
  azure = await startAzureTestServer({
    fleet: [
      {
        subscriptionId: SUB,
        displayName: "CLI production",
        clusters: [
          { resourceGroup: "rg-cli", name: "aks-cli-entra", access: "entra" },
          { resourceGroup: "rg-cli", name: "aks-cli-nolocal", access: "local-accounts-disabled", location: "eastus2" },
        ],
      },
      { subscriptionId: OTHER_SUB, displayName: "CLI sandbox", clusters: [{ resourceGroup: "rg-sbx", name: "aks-cli-stopped", properties: { powerState: { code: "Stopped" } } }] },
    ],
    scenario: { execCommand: plugin },
  });
  file("azure-ca.pem", azure.caPem);
  connectionFile = file(
    "azure.json",
    JSON.stringify({
      kind: "client-secret", cloud: "custom", authorityHost: azure.authorityHost, armEndpoint: azure.armEndpoint,
      tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret, caFile: "azure-ca.pem",
    }),
  );
}, 30_000);

afterAll(async () => {
  await azure?.close();
});

describe("dtready with an Azure connection (real binary, real SDK clients, real test cluster)", () => {
  it("check --aks: an Entra-integrated cluster checked end to end without kubelogin; exit code by verdict; the plugin never runs", async () => {
    const before = azure.requests.length;
    const r = await dtready(["check", "--azure-connection-file", connectionFile, "--aks", idOf(SUB, "rg-cli", "aks-cli-entra"), "--format", "json"]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(validateAgainstSchema(schema, report)).toEqual([]);
    expect(r.code).toBe(EXIT_CODES[report.verdict]);
    expect(report.target).toMatchObject({ kind: "aks", aks: { subscriptionId: SUB, resourceGroup: "rg-cli", name: "aks-cli-entra" } });
    // The API server was reached with the Entra token for the AKS server application, and answered.
    expect(report.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("pass");
    expect(report.checks.find((c) => c.id === "k8s.version")?.evidence[0]?.value).toBe("v1.36.3");
    const made = azure.requests.slice(before);
    expect(made.some((q) => q.scope === `${AKS_SERVER_ID}/.default`)).toBe(true);
    expect(made.some((q) => /listClusterUserCredential/.test(q.path))).toBe(true);
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).not.toContain(azure.clientSecret);
  });

  it("--subscription/--resource-group/--name, text output: the report names the AKS cluster", async () => {
    const r = await dtready(["check", "--azure-connection-file", connectionFile, "--subscription", SUB, "--resource-group", "rg-cli", "--name", "aks-cli-entra"]);
    expect([0, 2, 3, 4]).toContain(r.code);
    expect(r.stdout).toMatch(/^Verdict: (READY|READY WITH WARNINGS|INCOMPLETE|NOT READY) /m);
    expect(r.stdout).toContain("aks-cli-entra");
    expect(existsSync(marker)).toBe(false);
  });

  it("local accounts disabled without Entra: a report that says so and what to do, never a crash", async () => {
    const r = await dtready(["check", "--azure-connection-file", connectionFile, "--aks", idOf(SUB, "rg-cli", "aks-cli-nolocal"), "--format", "json"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(r.code).toBe(EXIT_CODES[report.verdict]);
    expect(["incomplete", "not-ready"]).toContain(report.verdict);
    const reach = report.checks.find((c) => c.id === "k8s.api-server-reachable")!;
    expect(reach.status).not.toBe("pass");
    const said = JSON.stringify(report.checks);
    expect(said).toMatch(/local accounts/i);
    expect(r.stdout + r.stderr).not.toContain(azure.clientSecret);
  });

  it("fleet --format json lists every cluster of every subscription with state and region, no secret", async () => {
    const r = await dtready(["fleet", "--azure-connection-file", connectionFile, "--format", "json"]);
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout) as Discovery;
    expect(listing.subscriptions).toBe(2);
    expect(listing.clusters.map((c) => c.name)).toEqual(["aks-cli-entra", "aks-cli-nolocal", "aks-cli-stopped"]);
    const stopped = listing.clusters.find((c) => c.name === "aks-cli-stopped")!;
    expect(stopped).toMatchObject({ powerState: "Stopped", subscriptionName: "CLI sandbox", subscriptionId: OTHER_SUB, resourceGroup: "rg-sbx" });
    // Resource Manager spells "resourcegroups" in lower case in listed ids; check --aks takes either.
    expect(stopped.id.toLowerCase()).toBe(idOf(OTHER_SUB, "rg-sbx", "aks-cli-stopped").toLowerCase());
    expect(listing.clusters.find((c) => c.name === "aks-cli-nolocal")).toMatchObject({ location: "eastus2", localAccountsDisabled: true });
    expect(r.stdout + r.stderr).not.toContain(azure.clientSecret);
  });

  it("fleet text: a table whose resource ids can be passed to check --aks", async () => {
    const r = await dtready(["fleet", "--azure-connection-file", connectionFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 AKS clusters in 2 subscriptions/);
    const id = r.stdout.split("\n").find((l) => l.startsWith("aks-cli-entra "))!.split(/\s+/).pop()!;
    expect(id.toLowerCase()).toBe(idOf(SUB, "rg-cli", "aks-cli-entra").toLowerCase());
    const check = await dtready(["check", "--azure-connection-file", connectionFile, "--aks", id, "--format", "json"]);
    expect((JSON.parse(check.stdout) as JsonReport).target.name).toBe("aks-cli-entra");
  });

  it("fleet with one subscription forbidden: the other's clusters are listed and the failure says why (exit 0)", async () => {
    azure.setScenario({ execCommand: plugin, failures: [{ operation: "clusters", status: 403, subscriptionId: OTHER_SUB }] });
    try {
      const r = await dtready(["fleet", "--azure-connection-file", connectionFile]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^2 AKS clusters in 2 subscriptions/);
      expect(r.stdout).toMatch(new RegExp(`Subscriptions whose clusters could not be listed:\\n  CLI sandbox \\(${OTHER_SUB}\\): .*403 AuthorizationFailed`));
      expect(r.stdout).not.toContain("aks-cli-stopped");
    } finally {
      azure.setScenario({ execCommand: plugin });
    }
  });

  it("a wrong client secret: exit 2, Entra ID's answer named, the secret never printed", async () => {
    const wrong = "wrong-secret~ZZtop";
    const bad = file("azure-wrong.json", readFileSync(connectionFile, "utf8").replace(azure.clientSecret, wrong));
    const r = await dtready(["fleet", "--azure-connection-file", bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^dtready: .*(AADSTS7000215|Invalid client secret)/);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toContain(azure.clientSecret);
  });

  it("a client secret on the command line is refused before anything runs", async () => {
    const r = await dtready(["fleet", "--azure-connection-file", connectionFile, "--client-secret", azure.clientSecret]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^dtready: --client-secret is refused/);
    expect(r.stderr).not.toContain(azure.clientSecret);
  });
});
