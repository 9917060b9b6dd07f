// GET /api/v1/nodes, paged: each node trimmed to what the architecture, runtime, taint and capacity checks read.
import type { V1Node } from "@kubernetes/client-node";

import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";
import { bytes, count, cpuMillis } from "./quantity";

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string; // NoSchedule | PreferNoSchedule | NoExecute
}

export interface NodeFact {
  name: string;
  /** Only the labels checks read (see KEPT_NODE_LABELS and node-role.kubernetes.io/*). */
  labels: Record<string, string>;
  arch: string; // kubernetes.io/arch label, else status.nodeInfo.architecture, else ""
  os: string; // kubernetes.io/os label, else status.nodeInfo.operatingSystem, else ""
  /** AKS agent pool (kubernetes.azure.com/agentpool or agentpool label), else NO_POOL. */
  pool: string;
  taints: NodeTaint[];
  /** status.allocatable; null when the node does not report it. */
  allocatable: { cpuMillis: number | null; memoryBytes: number | null; ephemeralStorageBytes: number | null; pods: number | null };
  containerRuntime: string; // e.g. "containerd://1.7.27-1"
  kubeletVersion: string;
  ready: boolean;
  unschedulable: boolean;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.nodes": NodeFact[];
  }
}

export const NO_POOL = "(no pool label)";

export const KEPT_NODE_LABELS = [
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "agentpool",
  "kubernetes.azure.com/agentpool",
  "node.kubernetes.io/instance-type",
  "topology.kubernetes.io/zone",
  "kubernetes.azure.com/os-sku",
  "kubernetes.azure.com/mode",
] as const;

export function toNodeFact(node: V1Node): NodeFact {
  const all = node.metadata?.labels ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if ((KEPT_NODE_LABELS as readonly string[]).includes(k) || k.startsWith("node-role.kubernetes.io/")) labels[k] = v;
  }
  const info = node.status?.nodeInfo;
  const alloc = node.status?.allocatable ?? {};
  const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  return {
    name: node.metadata?.name ?? "",
    labels,
    arch: all["kubernetes.io/arch"] ?? info?.architecture ?? "",
    os: all["kubernetes.io/os"] ?? info?.operatingSystem ?? "",
    pool: all["kubernetes.azure.com/agentpool"] ?? all["agentpool"] ?? NO_POOL,
    taints: (node.spec?.taints ?? []).map((t) => (t.value ? { key: t.key, value: t.value, effect: t.effect } : { key: t.key, effect: t.effect })),
    allocatable: {
      cpuMillis: cpuMillis(alloc["cpu"]) ?? null,
      memoryBytes: bytes(alloc["memory"]) ?? null,
      ephemeralStorageBytes: bytes(alloc["ephemeral-storage"]) ?? null,
      pods: count(alloc["pods"]) ?? null,
    },
    containerRuntime: info?.containerRuntimeVersion ?? "",
    kubeletVersion: info?.kubeletVersion ?? "",
    ready,
    unschedulable: node.spec?.unschedulable === true,
  };
}

export const nodesCollector = defineKubeCollector({
  id: "kubernetes.nodes",
  produces: ["k8s.nodes"],
  async collect(ctx) {
    const k = kube(ctx);
    const nodes: NodeFact[] = [];
    // Paged so that a 2,000-node cluster is read in a few bounded responses, each trimmed as it arrives.
    await forEachPage<V1Node>(k, ctx, "/api/v1/nodes", (items) => {
      for (const n of items) nodes.push(toNodeFact(n));
    });
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    return { "k8s.nodes": nodes };
  },
});
