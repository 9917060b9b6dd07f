// A Dynatrace installation through the AKS cluster extension (Azure Marketplace) manages its own operator release:
// installing the Helm chart next to it would run two operators on the same CRDs.
import { defineCheck } from "@/lib/engine/check";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

export const aksMarketplaceExtension = defineCheck({
  id: "az.marketplace-extension",
  title: "No Dynatrace AKS marketplace extension installed",
  section: "cluster",
  severity: "advisory",
  docs: [AZURE_DOCS.marketplace],
  needs: ["az.extensions"],
  notApplicable: onlyAks,
  evaluate(facts, ctx) {
    const all = facts.get("az.extensions");
    const dt = all.filter((e) => /dynatrace/i.test(e.extensionType));
    const evidence = [{ label: "Cluster extensions", value: all.map((e) => `${e.name} (${e.extensionType}${e.version ? ` ${e.version}` : ""})`).join(", ") || "none" }];
    if (!dt.length) return { status: "pass", summary: "No Dynatrace cluster extension is installed through Azure.", evidence };
    const args = azClusterArgs(ctx).replace("--name", "--cluster-name");
    return {
      status: "warn",
      summary: `Dynatrace is already installed as the AKS extension ${dt.map((e) => `${e.name} (${e.extensionType}${e.version ? ` ${e.version}` : ""}${e.releaseNamespace ? `, namespace ${e.releaseNamespace}` : ""})`).join(", ")}: do not install it a second time with Helm.`,
      evidence,
      remediation: {
        text: "Manage the installation through the extension, or remove the extension before installing with Helm.",
        commands: dt.map((e) => `az k8s-extension delete ${args} --cluster-type managedClusters --name ${e.name}`),
      },
    };
  },
});
