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
    expect(report.checks.find((c) => c.id === "k8s.node-architecture")!.reason).toMatch(/could not get a token|no-such-token/);
    // Credentials that cannot be obtained are a definite "no" for reaching the API server.
    expect(statusOf(report.checks, "k8s.api-server-reachable")).toBe("fail");
    expect(report.verdict).toBe("not-ready");
  });

  it("no permission to list the cluster's credentials: the finding names the role", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin"), failures: [{ operation: "credentials", status: 403, cluster: "aks-entra" }] });
    try {
      const { report, access } = await checkAksCluster({ connection: conn, ref: ref("aks-entra"), budgetMs: 30_000 });
      expect(access.finding?.code).toBe("no-credential-permission");
      expect(report.checks.find((c) => c.id === "k8s.node-architecture")!.reason).toContain("Azure Kubernetes Service Cluster User Role");
    } finally {
      az.setScenario({ execCommand: join(dir, "kubelogin") });
    }
  });
});
