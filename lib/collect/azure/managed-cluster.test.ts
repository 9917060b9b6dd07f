import { describe, expect, it } from "vitest";
import type { ManagedCluster } from "@azure/arm-containerservice";
import { addonEnabled } from "@/lib/checks/azure/common";
import { projectExtensions, projectManagedCluster } from "./managed-cluster";

// The SDK's (flattened) model of the reference §2.6 wire example.
const model = {
  id: "/subscriptions/s/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1",
  name: "aks1",
  location: "westeurope",
  sku: { name: "Base", tier: "Free" },
  provisioningState: "Succeeded",
  powerState: { code: "Running" },
  kubernetesVersion: "1.32",
  currentKubernetesVersion: "1.32.7",
  fqdn: "aks1-x.hcp.westeurope.azmk8s.io",
  agentPoolProfiles: [
    { name: "arm", count: 3, vmSize: "Standard_D4ps_v5", osType: "Linux", osSKU: "AzureLinux", mode: "User", osDiskSizeGB: 128, osDiskType: "Managed", enableFips: true, nodeTaints: ["arch=arm64:NoSchedule"], powerState: { code: "Running" } },
  ],
  networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", outboundType: "userDefinedRouting", serviceCidr: "10.0.0.0/16" },
  apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] },
  aadProfile: { managed: true, enableAzureRbac: true, tenantID: "t" },
  disableLocalAccounts: true,
  addonProfiles: { azurePolicy: { enabled: true }, omsagent: { enabled: false } },
  httpProxyConfig: { httpProxy: "http://user:secret@proxy:3128/", httpsProxy: "http://proxy:3128/", noProxy: ["localhost"], trustedCa: "LS0tLS1CRUdJTi..." },
} as unknown as ManagedCluster;

describe("projectManagedCluster", () => {
  const f = projectManagedCluster(model);

  it("keeps what the checks read", () => {
    expect(f).toMatchObject({ name: "aks1", powerState: "Running", currentKubernetesVersion: "1.32.7", disableLocalAccounts: true, aad: { managed: true, enableAzureRbac: true } });
    expect(f.network.outboundType).toBe("userDefinedRouting");
    expect(f.apiServer.authorizedIpRanges).toEqual(["203.0.113.0/24"]);
    expect(f.agentPoolProfiles[0]).toMatchObject({ name: "arm", vmSize: "Standard_D4ps_v5", enableFips: true, osSku: "AzureLinux", powerState: "Running" });
  });

  it("looks add-ons up case-insensitively", () => {
    expect(addonEnabled(f, "azurepolicy")).toBe(true);
    expect(addonEnabled(f, "omsAgent")).toBe(false);
  });

  it("never stores the proxy's credentials or the CA content", () => {
    const text = JSON.stringify(f);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("LS0t");
    expect(f.httpProxy).toEqual({ httpProxy: "http://proxy:3128/", httpsProxy: "http://proxy:3128/", noProxy: ["localhost"], trustedCa: true });
  });
});

describe("projectExtensions", () => {
  it("keeps name, type, version and namespace", () => {
    expect(
      projectExtensions({ value: [{ name: "dynatrace", properties: { extensionType: "Dynatrace.DynatraceOperator", currentVersion: "1.9.0", provisioningState: "Succeeded", scope: { cluster: { releaseNamespace: "dynatrace" } }, configurationProtectedSettings: { token: "x" } } }] }),
    ).toEqual([{ name: "dynatrace", extensionType: "Dynatrace.DynatraceOperator", version: "1.9.0", releaseNamespace: "dynatrace", provisioningState: "Succeeded" }]);
  });

  it("refuses an answer without a value array", () => {
    expect(() => projectExtensions({})).toThrow(/no value array/);
  });
});
