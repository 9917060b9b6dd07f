// Every non-terminated pod, paged (limit 500), folded into per-node sums of requests and per-namespace counts.
// The pods themselves are never kept: a 60,000-pod cluster becomes one small record per node and namespace.
import type { V1Container, V1Pod } from "@kubernetes/client-node";

import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";
import { bytes, cpuMillis } from "./quantity";

export interface NodeRequests {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  pods: number;
  /**
   * Namespace → pods bound to this node: without the CSI driver each injected pod keeps its own copy of the code
   * modules, so the storage check needs to know which pods sit where. Absent in facts stored before it was kept.
   */
  podsByNamespace?: Record<string, number>;
}

export interface PodRequestsByNodeFact {
  /** Node name → sum of the effective requests of the pods bound to it. */
  nodes: Record<string, NodeRequests>;
  /** Pods not bound to a node yet (Pending): they will claim room somewhere too. */
  unscheduledPods: number;
  totalPods: number;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.podRequestsByNode": PodRequestsByNodeFact;
    /** Namespace → number of non-terminated pods in it. */
    "k8s.podCountsByNamespace": Record<string, number>;
  }
}

type Requests = Omit<NodeRequests, "pods" | "podsByNamespace">;

function containerRequests(c: V1Container): Requests {
  const r = c.resources?.requests ?? {};
  return {
    cpuMillis: cpuMillis(r["cpu"]) ?? 0,
    memoryBytes: bytes(r["memory"]) ?? 0,
    ephemeralStorageBytes: bytes(r["ephemeral-storage"]) ?? 0,
  };
}

const KEYS = ["cpuMillis", "memoryBytes", "ephemeralStorageBytes"] as const;

/** The scheduler's view of a pod's requests: containers + sidecars, at least the largest init container, plus overhead. */
export function effectiveRequests(pod: V1Pod): Requests {
  const spec = pod.spec;
  const total: Requests = { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0 };
  if (!spec) return total;
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  const inits = (spec.initContainers ?? []).filter((c) => c.restartPolicy !== "Always");
  for (const c of [...spec.containers, ...sidecars]) {
    const r = containerRequests(c);
    for (const k of KEYS) total[k] += r[k];
  }
  for (const c of inits) {
    const r = containerRequests(c);
    for (const k of KEYS) total[k] = Math.max(total[k], r[k]);
  }
  const overhead = spec.overhead ?? {};
  total.cpuMillis += cpuMillis(overhead["cpu"]) ?? 0;
  total.memoryBytes += bytes(overhead["memory"]) ?? 0;
  return total;
}

export const podsCollector = defineKubeCollector({
  id: "kubernetes.pods",
  produces: ["k8s.podRequestsByNode", "k8s.podCountsByNamespace"],
  async collect(ctx) {
    const k = kube(ctx);
    const nodes: Record<string, NodeRequests> = {};
    const namespaces: Record<string, number> = {};
    let unscheduledPods = 0;
    let totalPods = 0;
    // Succeeded and Failed pods hold no resources; the API server filters them out for us.
    const fieldSelector = "status.phase!=Succeeded,status.phase!=Failed";
    await forEachPage<V1Pod>(
      k,
      ctx,
      `/api/v1/pods?fieldSelector=${encodeURIComponent(fieldSelector)}`,
      (items) => {
        for (const pod of items) {
          totalPods++;
          const ns = pod.metadata?.namespace ?? "";
          namespaces[ns] = (namespaces[ns] ?? 0) + 1;
          const node = pod.spec?.nodeName;
          if (!node) {
            unscheduledPods++;
            continue;
          }
          const r = effectiveRequests(pod);
          const sum = (nodes[node] ??= { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pods: 0, podsByNamespace: {} });
          for (const key of KEYS) sum[key] += r[key];
          sum.pods++;
          sum.podsByNamespace![ns] = (sum.podsByNamespace![ns] ?? 0) + 1;
        }
      },
    );
    return {
      "k8s.podRequestsByNode": { nodes, unscheduledPods, totalPods },
      "k8s.podCountsByNamespace": namespaces,
    };
  },
});
