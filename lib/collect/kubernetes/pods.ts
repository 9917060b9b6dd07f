// Every non-terminated pod, folded into per-node sums of requests and per-namespace counts. The pods themselves are
// never kept: a 100,000-pod cluster becomes one small record per node and namespace. The list is the largest a run
// reads (~6.5 KB per pod as JSON, with status and managedFields), so it is streamed from the watch cache as protobuf
// and each pod decoded only for the fields below (podFromProtobuf); see forEachItemStreamed.
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { bytes, cpuMillis } from "@/lib/engine/quantity";
import { defineKubeCollector, kube } from "./context";
import { forEachItemStreamed } from "./paging";
import { FieldCursor, readQuantityEntry } from "./protobuf";

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

/**
 * The fields of an encoded Pod that the fold below reads, as the V1Pod the JSON list would give: metadata.namespace,
 * spec.nodeName, spec.overhead, and each container's and init container's resources.requests and restartPolicy.
 * Everything else (status, managedFields, volumes…) is skipped by length. Field numbers from
 * k8s.io/api/core/v1/generated.proto (v0.36.3): Pod {1 metadata, 2 spec}; ObjectMeta {3 namespace};
 * PodSpec {2 containers, 10 nodeName, 20 initContainers, 32 overhead}; Container {8 resources, 24 restartPolicy};
 * ResourceRequirements {2 requests}.
 */
export function podFromProtobuf(buf: Uint8Array, start: number, end: number): V1Pod {
  const [pod, spec, meta, entry, quantity] = CURSORS;
  const containers: V1Container[] = [];
  const out: V1Pod = { metadata: {}, spec: { containers } };
  pod.reset(buf, start, end);
  while (pod.next()) {
    if (pod.field === 1) {
      meta.reset(buf, pod.start, pod.end);
      while (meta.next()) if (meta.field === 3) out.metadata!.namespace = meta.string();
    } else if (pod.field === 2) {
      const s = out.spec!;
      spec.reset(buf, pod.start, pod.end);
      while (spec.next()) {
        switch (spec.field) {
          case 2:
            containers.push(containerFromProtobuf(spec, meta, entry, quantity));
            break;
          case 20:
            (s.initContainers ??= []).push(containerFromProtobuf(spec, meta, entry, quantity));
            break;
          case 10:
            s.nodeName = spec.string();
            break;
          case 32: {
            const [k, v] = readQuantityEntry(spec, entry, quantity);
            (s.overhead ??= {})[k] = v;
            break;
          }
        }
      }
    }
  }
  return out;
}

/** One cursor per nesting level (see FieldCursor): Pod, PodSpec, Container or ObjectMeta, map entry, Quantity. */
const CURSORS = [new FieldCursor(), new FieldCursor(), new FieldCursor(), new FieldCursor(), new FieldCursor()] as const;
const RESOURCES = new FieldCursor();

function containerFromProtobuf(spec: FieldCursor, c: FieldCursor, entry: FieldCursor, quantity: FieldCursor): V1Container {
  const out = {} as V1Container;
  c.reset(spec.buf, spec.start, spec.end);
  while (c.next()) {
    if (c.field === 24) out.restartPolicy = c.string();
    else if (c.field === 8) {
      RESOURCES.reset(c.buf, c.start, c.end);
      while (RESOURCES.next()) {
        if (RESOURCES.field !== 2) continue;
        const [k, v] = readQuantityEntry(RESOURCES, entry, quantity);
        ((out.resources ??= {}).requests ??= {})[k] = v;
      }
    }
  }
  return out;
}

/** Folds pods, one batch at a time, into the two facts; `facts()` gives them when the list has been read. */
export function podFold() {
  const nodes: Record<string, NodeRequests> = {};
  const namespaces: Record<string, number> = {};
  let unscheduledPods = 0;
  let totalPods = 0;
  return {
    add(items: V1Pod[]) {
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
    facts(): { "k8s.podRequestsByNode": PodRequestsByNodeFact; "k8s.podCountsByNamespace": Record<string, number> } {
      return { "k8s.podRequestsByNode": { nodes, unscheduledPods, totalPods }, "k8s.podCountsByNamespace": namespaces };
    },
  };
}

// Succeeded and Failed pods hold no resources; the API server filters them out for us.
export const RUNNING_PODS = `/api/v1/pods?fieldSelector=${encodeURIComponent("status.phase!=Succeeded,status.phase!=Failed")}`;

export const podsCollector = defineKubeCollector({
  id: "kubernetes.pods",
  produces: ["k8s.podRequestsByNode", "k8s.podCountsByNamespace"],
  async collect(ctx) {
    const fold = podFold();
    await forEachItemStreamed<V1Pod>(kube(ctx), ctx, RUNNING_PODS, podFromProtobuf, (items) => fold.add(items));
    return fold.facts();
  },
});
