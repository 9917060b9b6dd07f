// Shared by the az.* checks: applicability, the `az` arguments naming the cluster, Azure documentation links.
import type { CheckContext } from "@/lib/engine/check";
import type { ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";

export function onlyAks({ target }: CheckContext): string | undefined {
  return target.kind === "aks" && target.aks ? undefined : "Only for AKS clusters opened through an Azure connection (Resource Manager is not read for a pasted kubeconfig).";
}

/** `--resource-group … --name … --subscription …` for this cluster, so commands can be copied as they are. */
export function azClusterArgs({ target }: CheckContext): string {
  const a = target.aks;
  if (!a) return "--resource-group <resource-group> --name <cluster>";
  return `--resource-group ${a.resourceGroup} --name ${a.name} --subscription ${a.subscriptionId}`;
}

export const AZURE_DOCS = {
  startStop: { title: "Stop and start an AKS cluster", url: "https://learn.microsoft.com/azure/aks/start-stop-cluster" },
  aksVersions: { title: "Supported Kubernetes versions in AKS", url: "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions" },
  upgrade: { title: "Upgrade an AKS cluster", url: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster" },
  arm64: { title: "Arm64 node pools in AKS", url: "https://learn.microsoft.com/azure/aks/use-arm64-vms" },
  fips: { title: "FIPS-enabled node pools", url: "https://learn.microsoft.com/azure/aks/enable-fips-nodes" },
  ephemeralOsDisk: { title: "Ephemeral OS disks", url: "https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk" },
  egress: { title: "AKS outbound network and FQDN rules", url: "https://learn.microsoft.com/azure/aks/outbound-rules-control-egress" },
  privateCluster: { title: "Private AKS clusters", url: "https://learn.microsoft.com/azure/aks/private-clusters" },
  authorizedIps: { title: "API server authorized IP ranges", url: "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges" },
  azurePolicy: { title: "Azure Policy for AKS", url: "https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes" },
  httpProxy: { title: "HTTP proxy support in AKS", url: "https://learn.microsoft.com/azure/aks/http-proxy" },
  marketplace: { title: "AKS cluster extensions", url: "https://learn.microsoft.com/azure/aks/cluster-extensions" },
} as const;

/** Case-insensitive add-on lookup (`azurepolicy`, `azurePolicy`, …): the collector stores names lower-cased. */
export function addonEnabled(c: Pick<ManagedClusterFact, "addons">, name: string): boolean {
  return c.addons[name.toLowerCase()] === true;
}
