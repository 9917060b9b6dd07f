// Provisioning and power state from Resource Manager: a stopped cluster has no API server to check, and a cluster
// in the middle of an operation may answer differently a minute later.
import { defineCheck } from "@/lib/engine/check";
import type { Evidence } from "@/lib/engine/types";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

const IN_PROGRESS = new Set(["creating", "updating", "upgrading", "scaling", "starting", "stopping", "migrating", "reconciling"]);

export const aksClusterState = defineCheck({
  id: "az.cluster-state",
  title: "AKS cluster provisioned and running",
  section: "cluster",
  severity: "blocking",
  docs: [AZURE_DOCS.startStop],
  needs: ["az.managedCluster"],
  notApplicable: onlyAks,
  evaluate(facts, ctx) {
    const c = facts.get("az.managedCluster");
    const prov = c.provisioningState ?? "unknown";
    const power = c.powerState ?? "unknown";
    const stoppedPools = c.agentPoolProfiles.filter((p) => p.powerState?.toLowerCase() === "stopped");
    const evidence: Evidence[] = [
      { label: "Provisioning state", value: prov },
      { label: "Power state", value: power },
      { label: "Node pools", value: c.agentPoolProfiles.map((p) => `${p.name}: ${p.powerState ?? "?"}, ${p.provisioningState ?? "?"}`).join("; ") || "none" },
    ];
    const args = azClusterArgs(ctx);
    if (power.toLowerCase() === "stopped") {
      return {
        status: "fail",
        summary: `The cluster ${c.name} is stopped: it has no running API server or nodes, so nothing inside it can be checked and the operator cannot be installed.`,
        evidence,
        remediation: { text: "Start the cluster, wait for it to reach Running, then check it again.", commands: [`az aks start ${args}`] },
      };
    }
    if (prov.toLowerCase() === "failed" || prov.toLowerCase() === "canceled") {
      return {
        status: "fail",
        summary: `The cluster's last operation ended in provisioning state ${prov}; fix the cluster before installing anything on it.`,
        evidence,
        remediation: { text: "Look at the failed operation in the activity log; reconciling the cluster often clears a failed state.", commands: [`az aks show ${args} --query "{state:provisioningState,power:powerState.code}"`, `az aks update ${args}`] },
      };
    }
    if (!c.provisioningState || !c.powerState) {
      return { status: "unknown", summary: "Resource Manager did not report the cluster's state.", reason: `provisioningState=${prov}, powerState=${power}`, evidence };
    }
    if (IN_PROGRESS.has(prov.toLowerCase())) {
      return {
        status: "warn",
        summary: `The cluster is ${prov}: results may change when the operation finishes; install after it is Succeeded.`,
        evidence,
        remediation: { text: "Wait for the operation to finish, then check again.", commands: [`az aks wait ${args} --updated`] },
      };
    }
    if (stoppedPools.length) {
      return {
        status: "warn",
        summary: `Node pool(s) ${stoppedPools.map((p) => p.name).join(", ")} are stopped: no Dynatrace pods run there until they are started.`,
        evidence,
        remediation: { text: "Start the pools that should be monitored.", commands: stoppedPools.map((p) => `az aks nodepool start ${args.replace("--name", "--cluster-name")} --nodepool-name ${p.name}`) },
      };
    }
    return { status: "pass", summary: `The cluster is ${power} and its provisioning state is ${prov}.`, evidence };
  },
});
