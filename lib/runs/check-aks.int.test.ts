// checkAksCluster end to end: Resource Manager (Azure test server, real SDK and credential) hands out the user
// kubeconfig, and the full check set runs against the REAL test API server through an Entra token.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAzureConnectionInput, type AzureConnection } from "@/lib/collect/azure/connection";
import { adminKubeconfig } from "@/test/cluster/testing";
import { AKS_SERVER_ID, type AzureTestServer, clientSecretInput, startAzureTestServer } from "@/test/azure/server";
import { checkAksCluster } from "./compose";

const SUB = "8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97";
let az: AzureTestServer;
let conn: AzureConnection;
let dir: string;
let marker: string;
const ref = (name: string) => ({ subscriptionId: SUB, resourceGroup: "rg-e2e", name });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dtready-aks-e2e-"));
  marker = join(dir, "kubelogin-ran");
  const script = join(dir, "kubelogin");
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  chmodSync(script, 0o755);
  az = await startAzureTestServer({
    scenario: { execCommand: script },
    fleet: [
      {
        subscriptionId: SUB,
        displayName: "E2E",
        clusters: [
          { resourceGroup: "rg-e2e", name: "aks-entra", location: "northeurope" },
          { resourceGroup: "rg-e2e", name: "aks-private", access: "private" },
          { resourceGroup: "rg-e2e", name: "aks-ipranges", access: "authorized-ip-excluded" },
          { resourceGroup: "rg-e2e", name: "aks-nolocal", access: "local-accounts-disabled" },
          { resourceGroup: "rg-e2e", name: "aks-stopped", access: "stopped" },
        ],
      },
    ],
  });
  conn = parseAzureConnectionInput(clientSecretInput(az));
});

afterAll(async () => {
  await az?.close();
  rmSync(dir, { recursive: true, force: true });
});

const statusOf = (checks: { id: string; status: string }[], id: string) => checks.find((c) => c.id === id)?.status;

describe("checkAksCluster", () => {
  it("an Entra-integrated cluster is checked end to end through Resource Manager credentials, without kubelogin", async () => {
    const outcome = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), location: "northeurope", connectionId: "conn-1", budgetMs: 45_000 });
    const { report } = outcome;
    expect(report.target).toMatchObject({ kind: "aks", name: "aks-entra", aks: { ...ref("aks-entra"), connectionId: "conn-1", location: "northeurope" } });
    expect(outcome.access).toMatchObject({ auth: "entra", serverId: AKS_SERVER_ID });
    // The Kubernetes checks ran against the real API server: the same answers a kubeconfig run gets.
    expect(statusOf(report.checks, "k8s.api-server-reachable")).toBe("pass");
    expect(report.checks.find((c) => c.id === "k8s.api-server-reachable")!.summary).toContain("v1.36.3");
    expect(statusOf(report.checks, "k8s.node-architecture")).not.toBe("unknown");
    // The Resource Manager checks got the ARM clients: the cluster is Running and Succeeded.
    expect(statusOf(report.checks, "az.cluster-state")).toBe("pass");
    // Each Resource Manager object was read once: the cluster, and its credentials once for access.
    const armPaths = az.requests.filter((r) => r.path.includes("/managedClusters/aks-entra")).map((r) => `${r.method} ${r.path.replace(/.*\/managedClusters\/aks-entra/, "")}`);
    expect(armPaths.filter((p) => p === "POST /listClusterUserCredential")).toHaveLength(1);
    expect(armPaths.filter((p) => p === "GET ")).toHaveLength(1);
    const unknown = report.checks.filter((c) => c.status === "unknown" && c.section !== "tenant");
    expect(unknown.filter((c) => /forbidden|unauthorized|no Kubernetes connection/i.test(c.reason ?? ""))).toEqual([]);
    // No token, secret or kubeconfig in the report.
    const json = JSON.stringify(report);
    expect(json).not.toContain(az.clientSecret);
    expect(json).not.toMatch(/arm\.[A-Za-z0-9_-]{20,}/);
    const state = adminKubeconfig();
    const adminToken = /token: (\S+)/.exec(state)?.[1];
    if (adminToken) expect(json).not.toContain(adminToken);
    expect(existsSync(marker)).toBe(false);
  });

  it("the same cluster through a kubeconfig and through Azure gives the same Kubernetes verdicts", async () => {
    const { checkCluster } = await import("./compose");
    const viaKubeconfig = await checkCluster({ kubeconfig: adminKubeconfig(), budgetMs: 45_000 });
    const viaAzure = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), budgetMs: 45_000 });
    const k8s = (r: typeof viaAzure.report) => Object.fromEntries(r.checks.filter((c) => c.id.startsWith("k8s.")).map((c) => [c.id, c.status]));
    expect(k8s(viaAzure.report)).toEqual(k8s(viaKubeconfig.report));
  });

  it("an identity with only read rights inside the cluster: reachable, and the permission check says what it may not do", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin"), aksIdentity: "restricted" });
    try {
      const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), budgetMs: 45_000 });
      expect(access.auth).toBe("entra");
      expect(statusOf(report.checks, "k8s.api-server-reachable")).toBe("pass");
      expect(statusOf(report.checks, "k8s.install-permissions")).toBe("fail");
      expect(report.verdict).toBe("not-ready");
    } finally {
      az.setScenario({ execCommand: join(dir, "kubelogin") });
    }
  });

  it("a private cluster: Kubernetes checks say why they cannot run, naming the private endpoint", async () => {
    const t = Date.now();
    const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-private"), kube: { timeoutMs: 3_000 }, budgetMs: 30_000 });
    expect(Date.now() - t).toBeLessThan(20_000);
    expect(access.finding?.code).toBe("private-cluster");
    const reachable = report.checks.find((c) => c.id === "k8s.api-server-reachable")!;
    expect(reachable.status).toBe("fail");
    expect(JSON.stringify(reachable.evidence)).toContain("aks-private-dns-4f2a1b.privatelink.westeurope.azmk8s.io");
    const version = report.checks.find((c) => c.id === "k8s.node-architecture")!;
    expect(version.status).toBe("unknown");
    expect(version.reason).toContain("private cluster");
    expect(report.verdict).not.toBe("ready");
  });

  it("authorized IP ranges that exclude the dashboard: a finding with the az command to add its address", async () => {
    const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-ipranges"), kube: { timeoutMs: 1_500 }, budgetMs: 30_000 });
    expect(access.finding?.code).toBe("authorized-ip-ranges");
    expect(access.finding?.message).toContain("203.0.113.0/24");
    expect(access.finding?.message).toContain("az aks update -g rg-e2e -n aks-ipranges --api-server-authorized-ip-ranges 203.0.113.0/24,<dashboard egress IP>/32");
    expect(report.checks.find((c) => c.id === "k8s.node-architecture")!.reason).toContain("203.0.113.0/24");
  });

  it("local accounts disabled without Entra: every Kubernetes check is unknown with the finding, nothing crashes", async () => {
    const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-nolocal"), budgetMs: 30_000 });
    expect(access.finding?.code).toBe("local-accounts-disabled");
    const k8s = report.checks.filter((c) => c.id.startsWith("k8s.") && c.status !== "not-applicable" && c.status !== "manual");
    expect(k8s.length).toBeGreaterThan(5);
    for (const c of k8s.filter((c) => c.status === "unknown")) expect(c.reason).toContain("local accounts disabled");
    expect(report.verdict).not.toBe("ready");
  });

  it("a stopped cluster says so and how to start it", async () => {
    const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-stopped"), kube: { timeoutMs: 3_000 }, budgetMs: 30_000 });
    expect(access.finding?.code).toBe("cluster-stopped");
    expect(access.finding?.message).toContain("az aks start -g rg-e2e -n aks-stopped");
    expect(report.checks.find((c) => c.id === "k8s.node-architecture")!.reason).toContain("stopped");
    expect(statusOf(report.checks, "az.cluster-state")).toBe("fail");
    expect(report.verdict).toBe("not-ready");
  });

  it("a workload-identity connection whose token file is gone: Azure and Kubernetes checks are unknown with the reason, no crash", async () => {
    // Built directly: the policy keeps workload identity to built-in clouds; the engine's handling is what is tested.
    const wi = { ...conn, kind: "workload-identity" as const };
    process.env.AZURE_FEDERATED_TOKEN_FILE = join(dir, "no-such-token");
    const { report, access } = await checkAksCluster({ connection: wi, ref: ref("aks-entra"), budgetMs: 30_000 }).finally(() => delete process.env.AZURE_FEDERATED_TOKEN_FILE);
    expect(access.auth).toBeUndefined();
    expect(statusOf(report.checks, "az.cluster-state")).toBe("unknown");
    const arch = report.checks.find((c) => c.id === "k8s.node-architecture")!;
    expect(arch.reason).toMatch(/Microsoft Entra ID/);
    expect(arch.reason).toMatch(/workload-identity credential/);
    expect(arch.remediation.text).toContain("AZURE_FEDERATED_TOKEN_FILE");
    // The API server was never asked: nothing is known about it, and the fault is the identity's, not a kubeconfig's.
    const reachable = report.checks.find((c) => c.id === "k8s.api-server-reachable")!;
    expect(reachable.status).toBe("unknown");
    expect(reachable.remediation.text).not.toMatch(/kubeconfig/);
    expect(report.verdict).toBe("incomplete");
  });

  it("no permission to list the cluster's credentials: the finding names the role", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin"), failures: [{ operation: "credentials", status: 403, cluster: "aks-entra" }] });
    try {
      const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), budgetMs: 30_000 });
      expect(access.finding?.code).toBe("no-credential-permission");
      const arch = report.checks.find((c) => c.id === "k8s.node-architecture")!;
      // Resource Manager's own message: the action and the cluster's scope; the remedy assigns the role there.
      expect(arch.reason).toContain("Forbidden (Azure Resource Manager)");
      expect(arch.reason).toContain(
        `perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action' over scope '/subscriptions/${SUB}/resourceGroups/rg-e2e/providers/Microsoft.ContainerService/managedClusters/aks-entra'`,
      );
      expect(arch.remediation.text).toContain(`--role "Azure Kubernetes Service Cluster User Role" --scope /subscriptions/${SUB}/resourceGroups/rg-e2e/providers/Microsoft.ContainerService/managedClusters/aks-entra`);
    } finally {
      az.setScenario({ execCommand: join(dir, "kubelogin") });
    }
  });

  describe("blame on the right party", () => {
    const unknownK8s = <C extends { id: string; status: string }>(checks: C[]) => checks.filter((c) => c.id.startsWith("k8s.") && c.status === "unknown");

    it("a wrong client secret: Entra ID is named with its whole AADSTS message and the secret's remedy; the API server is not blamed", async () => {
      const bad = parseAzureConnectionInput({ ...clientSecretInput(az), clientSecret: "not-the-secret" });
      const { report, access } = await checkAksCluster({ connection: bad, ref: ref("aks-entra"), budgetMs: 30_000 });
      expect(access.finding).toBeUndefined();
      const reachable = report.checks.find((c) => c.id === "k8s.api-server-reachable")!;
      expect(reachable.status).toBe("unknown");
      expect(reachable.summary).toBe("The API server was not asked: Microsoft Entra ID failed first.");
      expect(reachable.evidence.find((e) => e.label === "Server")!.value).not.toBe("");
      const whole =
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'.";
      const k8s = unknownK8s(report.checks);
      expect(k8s.length).toBeGreaterThan(5);
      for (const c of [...k8s, ...report.checks.filter((c) => c.id.startsWith("az.") && c.status === "unknown")]) {
        expect(c.reason, c.id).toContain("Microsoft Entra ID");
        expect(c.reason, c.id).toContain(whole);
        expect(c.reason, c.id).not.toMatch(/\r|Trace ID|Correlation ID/);
        expect(c.remediation.text, c.id).toContain("az ad app credential reset --id 0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
        expect(c.remediation.text, c.id).not.toMatch(/kubeconfig/i);
      }
      expect(report.checks.some((c) => c.status === "fail" && /API server/.test(c.summary))).toBe(false);
      expect(JSON.stringify(report)).not.toContain("not-the-secret");
    });

    it("Entra ID unreachable: the reason says network, not credentials", async () => {
      const down = parseAzureConnectionInput({ ...clientSecretInput(az), authorityHost: "https://127.0.0.1:1" });
      const { report } = await checkAksCluster({ connection: down, ref: ref("aks-entra"), budgetMs: 30_000 });
      const arch = report.checks.find((c) => c.id === "k8s.node-architecture")!;
      expect(arch.status).toBe("unknown");
      expect(arch.reason).toMatch(/^Unreachable \(Microsoft Entra ID\):/);
      expect(arch.reason).toContain("network problem, not the credentials");
      expect(arch.remediation.text).toContain("reach https://127.0.0.1:1 on port 443");
      expect(arch.remediation.text).not.toMatch(/secret|kubeconfig/i);
    });

    it("a tenant Entra ID does not know: told apart from a network failure, with the tenant's remedy", async () => {
      const other = parseAzureConnectionInput({ ...clientSecretInput(az), tenantId: "11111111-2222-4333-8444-555555555555" });
      const { report } = await checkAksCluster({ connection: other, ref: ref("aks-entra"), budgetMs: 30_000 });
      const state = report.checks.find((c) => c.id === "az.cluster-state")!;
      expect(state.status).toBe("unknown");
      expect(state.reason).toContain("AADSTS90002: Tenant '11111111-2222-4333-8444-555555555555' not found.");
      expect(state.remediation.text).toContain("has no tenant 11111111-2222-4333-8444-555555555555");
    });

    it("Entra ID refusing only the cluster's server application: Resource Manager checks run, Kubernetes checks blame Entra ID (invalid_resource)", async () => {
      az.setScenario({ execCommand: join(dir, "kubelogin"), failures: [{ operation: "token", scope: "aks", status: 400, code: "invalid_resource", aadsts: 500011, message: `The resource principal named ${AKS_SERVER_ID} was not found in the tenant named ${az.tenantId}.` }] });
      try {
        const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), budgetMs: 30_000 });
        expect(access.finding?.code).toBe("token-failed");
        expect(statusOf(report.checks, "az.cluster-state")).toBe("pass");
        const arch = report.checks.find((c) => c.id === "k8s.node-architecture")!;
        expect(arch.reason).toContain(`Microsoft Entra ID refused a token for the cluster's server application ${AKS_SERVER_ID}: AADSTS500011:`);
        expect(arch.remediation.text).toContain("server application the tenant lacks");
        expect(statusOf(report.checks, "k8s.api-server-reachable")).toBe("unknown");
      } finally {
        az.setScenario({ execCommand: join(dir, "kubelogin") });
      }
    });
  });
});
