// Container runtime per Linux node (status.nodeInfo.containerRuntimeVersion): containerd and CRI-O are supported,
// Docker (dockershim) is deprecated, anything else is unverified.
import { defineCheck } from "@/lib/engine/check";
import type { Evidence } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";

type RuntimeKind = "containerd" | "cri-o" | "docker" | "other";

export function runtimeKind(version: string): RuntimeKind {
  const scheme = version.split("://")[0]!.toLowerCase();
  if (scheme === "containerd") return "containerd";
  if (scheme === "cri-o" || scheme === "crio") return "cri-o";
  if (scheme === "docker") return "docker";
  return "other";
}

const preview = (names: string[]) => (names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`);

export const containerRuntime = defineCheck({
  id: "k8s.container-runtime",
  title: "Container runtime on the nodes",
  section: "additional",
  severity: "advisory",
  docs: [DOCS.supportMatrix],
  needs: ["k8s.nodes"],
  evaluate(facts, { target }) {
    const all = facts.get("k8s.nodes");
    // Dynatrace pods run only on Linux nodes, so only their runtime matters.
    const nodes = all.filter((n) => n.os === "linux");
    if (nodes.length === 0) {
      return { status: "not-applicable", summary: "No Linux nodes: no Dynatrace pods will run.", reason: "the cluster has no Linux nodes" };
    }
    const byVersion = new Map<string, string[]>();
    for (const n of nodes) {
      const v = n.containerRuntime || "(not reported)";
      byVersion.set(v, [...(byVersion.get(v) ?? []), n.name]);
    }
    const evidence: Evidence[] = [...byVersion]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([v, names]) => ({ label: v, value: `${names.length} node${names.length === 1 ? "" : "s"}`, detail: preview(names) }));
    const skipped = all.length - nodes.length;
    if (skipped > 0) evidence.push({ label: "Not judged", value: `${skipped} non-Linux node${skipped === 1 ? "" : "s"} (no Dynatrace pods run there)` });

    const docker = nodes.filter((n) => runtimeKind(n.containerRuntime) === "docker").map((n) => n.name);
    const other = nodes.filter((n) => runtimeKind(n.containerRuntime) === "other").map((n) => n.name);
    const listCmd = `kubectl --context ${target.context} get nodes -o custom-columns=NAME:.metadata.name,RUNTIME:.status.nodeInfo.containerRuntimeVersion,POOL:.metadata.labels.kubernetes\\.azure\\.com/agentpool`;
    if (docker.length > 0 || other.length > 0) {
      const parts: string[] = [];
      if (docker.length > 0) parts.push(`${docker.length} node(s) use Docker, which is deprecated for the operator (${preview(docker)})`);
      if (other.length > 0) parts.push(`${other.length} node(s) use a runtime that is neither containerd nor CRI-O (${preview(other)})`);
      return {
        status: "warn",
        summary: `${parts.join("; ")}.`,
        evidence,
        remediation: {
          text: "Move these workloads to node pools running containerd (the AKS default since Kubernetes 1.19), e.g. by upgrading the node image or replacing the pool.",
          commands: [listCmd, "az aks nodepool upgrade --resource-group <resource-group> --cluster-name <cluster> --name <pool> --node-image-only"],
        },
      };
    }
    const kinds = [...new Set(nodes.map((n) => runtimeKind(n.containerRuntime)))].join(" and ");
    return { status: "pass", summary: `All ${nodes.length} Linux node(s) run ${kinds}, which the operator supports.`, evidence };
  },
});
