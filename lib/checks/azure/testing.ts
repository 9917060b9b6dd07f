// Unit-test helpers for the az.* checks: an AKS target and a managed-cluster fact like the reference's wire example.
import type { AgentPoolFact, ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { AnyCheck } from "@/lib/engine/check";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { evaluateAll } from "@/lib/engine/run";
import type { CheckResult, Target } from "@/lib/engine/types";
import { storeOf, type FactsInput } from "@/lib/checks/kubernetes/testing";

export const AKS_TARGET: Target = {
  kind: "aks",
  name: "aks1",
  context: "aks1",
  server: "https://aks1-x.hcp.westeurope.azmk8s.io:443",
  aks: { subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroup: "rg1", name: "aks1", location: "westeurope" },
};

export function evaluateAks(check: AnyCheck, input: FactsInput, plan: PlanInput = {}, target: Partial<Target> = {}): CheckResult {
  return evaluateAll([check], storeOf(input), { plan: parsePlan(plan), target: { ...AKS_TARGET, ...target } })[0]!;
}

export function pool(name: string, over: Partial<AgentPoolFact> = {}): AgentPoolFact {
  return {
    name,
    mode: "User",
    count: 3,
    vmSize: "Standard_D4s_v5",
    osType: "Linux",
    osSku: "AzureLinux",
    orchestratorVersion: "1.35",
    currentOrchestratorVersion: "1.35.4",
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    enableFips: false,
    nodeTaints: [],
    provisioningState: "Succeeded",
    powerState: "Running",
    ...over,
  };
}

export function cluster(over: Partial<ManagedClusterFact> = {}): ManagedClusterFact {
  return {
    id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1",
    name: "aks1",
    location: "westeurope",
    provisioningState: "Succeeded",
    powerState: "Running",
    kubernetesVersion: "1.35",
    currentKubernetesVersion: "1.35.4",
    sku: { name: "Base", tier: "Standard" },
    supportPlan: "KubernetesOfficial",
    fqdn: "aks1-x.hcp.westeurope.azmk8s.io",
    aad: { managed: true, enableAzureRbac: true },
    enableRbac: true,
    disableLocalAccounts: true,
    network: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none", outboundType: "loadBalancer", serviceCidr: "10.0.0.0/16" },
    apiServer: { enablePrivateCluster: false, enablePrivateClusterPublicFqdn: false, authorizedIpRanges: [], enableVnetIntegration: false },
    addons: {},
    agentPoolProfiles: [pool("system", { mode: "System" }), pool("user")],
    ...over,
  };
}

export const TENANT = { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC", customCa: false };
