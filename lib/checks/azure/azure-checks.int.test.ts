// The az.* checks through the engine: checkAksCluster with the real SDK clients and credential against the Entra +
// Resource Manager test server, and the real test API server behind the Entra token (Gatekeeper facts come from there).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAzureConnectionInput, type AzureConnection } from "@/lib/collect/azure/connection";
import { checkAksCluster, checkCluster } from "@/lib/runs/compose";
import { CHECKS } from "@/lib/checks/registry";
import { adminKubeconfig } from "@/test/cluster/testing";
import { type AzureTestServer, clientSecretInput, startAzureTestServer } from "@/test/azure/server";
import type { CheckResult } from "@/lib/engine/types";

const SUB = "3c1d9e52-7a4b-4f60-8e21-5b9a0c7d2f13";
const AZ_CHECKS = CHECKS.filter((c) => c.id.startsWith("az.") || c.id === "net.proxy-alignment");
let az: AzureTestServer;
let conn: AzureConnection;

beforeAll(async () => {
  az = await startAzureTestServer({
    fleet: [
      {
        subscriptionId: SUB,
        displayName: "Azure checks",
        clusters: [
          { resourceGroup: "rg-checks", name: "aks-default" },
          {
            resourceGroup: "rg-checks",
            name: "aks-udr",
            properties: {
              kubernetesVersion: "1.33",
              currentKubernetesVersion: "1.33.5",
              agentPoolProfiles: [
                { name: "system", count: 1, vmSize: "Standard_D4ds_v5", osType: "Linux", mode: "System", osDiskSizeGB: 128, osDiskType: "Managed", orchestratorVersion: "1.33", currentOrchestratorVersion: "1.33.5", powerState: { code: "Running" }, provisioningState: "Succeeded" },
                { name: "eph", count: 0, vmSize: "Standard_D2pds_v5", osType: "Linux", mode: "User", osDiskSizeGB: 32, osDiskType: "Ephemeral", enableFIPS: true, orchestratorVersion: "1.32", currentOrchestratorVersion: "1.32.9", powerState: { code: "Running" }, provisioningState: "Succeeded" },
              ],
              networkProfile: { networkPlugin: "azure", networkPolicy: "calico", outboundType: "userDefinedRouting", serviceCidr: "10.0.0.0/16" },
              httpProxyConfig: { httpProxy: "http://svc-user:p4ss-w0rd@proxy.corp:3128/", httpsProxy: "http://svc-user:p4ss-w0rd@proxy.corp:3128/", noProxy: ["localhost", ".svc"], trustedCa: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==" },
              addonProfiles: { azurePolicy: { enabled: true, config: null } },
            },
            extensions: [
              {
                id: `/subscriptions/${SUB}/resourceGroups/rg-checks/providers/Microsoft.ContainerService/managedClusters/aks-udr/providers/Microsoft.KubernetesConfiguration/extensions/dynatrace`,
                name: "dynatrace",
                type: "Microsoft.KubernetesConfiguration/extensions",
                properties: { extensionType: "dynatrace.dynatraceoperator", version: "1.9.0", provisioningState: "Succeeded", scope: { cluster: { releaseNamespace: "dynatrace" } } },
              },
            ],
          },
          { resourceGroup: "rg-checks", name: "aks-stopped", access: "stopped" },
        ],
      },
    ],
    scenario: { failures: [{ operation: "extensions", status: 403, cluster: "aks-default" }] },
  });
  conn = parseAzureConnectionInput(clientSecretInput(az));
});

afterAll(async () => {
  await az?.close();
});

const ref = (name: string) => ({ subscriptionId: SUB, resourceGroup: "rg-checks", name });
const byId = (checks: CheckResult[], id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no result for ${id}`);
  return c;
};

describe("az.* checks through checkAksCluster", () => {
  it("a default Entra cluster: running, supported version, pools with Windows/taint findings, load-balancer egress, no policy, no proxy; a 403 on extensions is unknown", async () => {
    const { report, facts } = await checkAksCluster({ connection: conn, ref: ref("aks-default"), checks: AZ_CHECKS, budgetMs: 45_000 });
    const r = report.checks;
    expect(byId(r, "az.cluster-state").status).toBe("pass");
    expect(byId(r, "az.kubernetes-version")).toMatchObject({ status: "pass" });
    const pools = byId(r, "az.node-pools");
    expect(pools.status).toBe("warn");
    const findings = pools.evidence.map((e) => e.value).join("\n");
    expect(findings).toContain("pool win is Windows");
    expect(findings).toContain("CriticalAddonsOnly=true:NoSchedule");
    expect(pools.evidence.find((e) => e.label === "Pool arm")?.value).toContain("Standard_D4ps_v5 (arm64)");
    const net = byId(r, "az.network");
    expect(net.status).toBe("pass");
    expect(net.evidence.find((e) => e.label === "Network policy engine")?.value).toMatch(/^cilium/);
    // The test API server serves no constraints.gatekeeper.sh group; the add-on is disabled in Resource Manager.
    expect(byId(r, "az.azure-policy")).toMatchObject({ status: "pass" });
    expect(byId(r, "az.azure-policy").evidence[0]).toEqual({ label: "Azure Policy add-on", value: "disabled" });
    expect(byId(r, "az.http-proxy").status).toBe("pass");
    const ext = byId(r, "az.marketplace-extension");
    expect(ext.status).toBe("unknown");
    expect(ext.reason).toContain("AuthorizationFailed");
    // The proxy environment fact carries the cluster's (empty) httpProxyConfig: read, not "not read".
    expect(byId(r, "net.proxy-alignment").evidence.find((e) => e.label === "AKS httpProxyConfig")?.value).toContain("no proxy");
    // Each Resource Manager object read once per run.
    const gets = az.requests.filter((q) => q.method === "GET" && q.path.endsWith("/managedClusters/aks-default"));
    expect(gets).toHaveLength(1);
    expect(facts.get("az.managedCluster")!.source.requests).toEqual([`GET /subscriptions/${SUB}/resourceGroups/rg-checks/providers/Microsoft.ContainerService/managedClusters/aks-default`]);
    expect(az.requests.find((q) => q.path.includes("KubernetesConfiguration/extensions"))?.apiVersion).toBe("2023-05-01");
  });

  it("user-defined routing, an old version, a FIPS/ephemeral Arm pool, a proxy with credentials and a marketplace install are all reported", async () => {
    const { report, facts } = await checkAksCluster({ connection: conn, ref: ref("aks-udr"), checks: AZ_CHECKS, plan: { mode: "full-stack" }, budgetMs: 45_000 });
    const r = report.checks;
    const version = byId(r, "az.kubernetes-version");
    expect(version.status).toBe("warn");
    expect(version.evidence.map((e) => e.value).join("\n")).toContain("pool eph (1.32) lags the control plane (1.33)");
    expect(version.evidence.map((e) => e.value).join("\n")).toContain("AKS supports 1.33 only with the LTS plan");
    const pools = byId(r, "az.node-pools").evidence.map((e) => e.value).join("\n");
    expect(pools).toContain("pool eph (Standard_D2pds_v5) is Arm64");
    expect(pools).toContain("pool eph runs FIPS-enabled node images");
    expect(pools).toContain("pool eph has a 32 GB ephemeral OS disk");
    const net = byId(r, "az.network");
    expect(net.status).toBe("warn");
    expect(net.summary).toContain("Outbound type userDefinedRouting");
    expect(net.summary).toContain("public.ecr.aws:443");
    expect(net.remediation.commands.some((c) => c.includes("--target-fqdns <environment-id>.live.dynatrace.com public.ecr.aws"))).toBe(true);
    const proxy = byId(r, "az.http-proxy");
    expect(proxy.status).toBe("warn");
    expect(proxy.summary).toContain("set the same proxy in the DynaKube");
    expect(byId(r, "az.marketplace-extension")).toMatchObject({ status: "warn" });
    expect(byId(r, "az.marketplace-extension").summary).toContain("do not install it a second time with Helm");
    // The add-on is enabled but the API server serves no constraints yet.
    expect(byId(r, "az.azure-policy").status).toBe("warn");
    // Neither the proxy password nor the CA reach the report or the stored facts.
    const stored = JSON.stringify({ report, facts: [...facts] });
    expect(stored).not.toContain("p4ss-w0rd");
    expect(stored).not.toContain("LS0tLS1CRUdJTi");
    expect(byId(r, "net.proxy-alignment").evidence.find((e) => e.label === "AKS httpProxyConfig")?.value).toContain("http://proxy.corp:3128/");
  });

  it("a stopped cluster fails az.cluster-state with the start command for it", async () => {
    const { report } = await checkAksCluster({ connection: conn, ref: ref("aks-stopped"), checks: AZ_CHECKS, budgetMs: 45_000 });
    const state = byId(report.checks, "az.cluster-state");
    expect(state.status).toBe("fail");
    expect(state.summary).toContain("stopped");
    expect(state.remediation.commands).toEqual([`az aks start --resource-group rg-checks --name aks-stopped --subscription ${SUB}`]);
    expect(report.verdict).toBe("not-ready");
  });
});

describe("az.* checks on a pasted kubeconfig", () => {
  it("Resource Manager checks are not applicable; the Gatekeeper check reads the real API server and finds no Gatekeeper", async () => {
    const { report, stats } = await checkCluster({ kubeconfig: adminKubeconfig(), checks: AZ_CHECKS.filter((c) => c.id.startsWith("az.")), budgetMs: 30_000 });
    for (const c of report.checks) expect(c.status, c.id).toBe("not-applicable");
    expect(byId(report.checks, "az.azure-policy").reason).toContain("constraints.gatekeeper.sh");
    expect(stats.requests).toBe(2); // GET /version (the access collector every Kubernetes collector waits for), GET /apis
  });
});
