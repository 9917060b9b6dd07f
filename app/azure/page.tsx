import type { Metadata } from "next";
import { AzureConnectionsView } from "@/components/azure-connections-view";

export const metadata: Metadata = { title: "Azure connections" };

export default function AzurePage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Azure connections</h1>
        <p className="mt-1 text-sm text-slate-600">
          An Azure identity with the Reader role lists the AKS clusters of its subscriptions. To check a cluster&apos;s API server it also
          needs the Azure Kubernetes Service Cluster User Role; for clusters with Microsoft Entra ID integration, a Kubernetes role that can
          read. Secrets are stored encrypted and never shown again.
        </p>
      </div>
      <AzureConnectionsView />
    </div>
  );
}
