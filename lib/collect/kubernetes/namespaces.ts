// GET /api/v1/namespaces, paged: every namespace's name, phase and labels, for the monitoring-scope
// (which namespaces the DynaKube's namespaceSelector will inject) and storage-planning checks.
import type { V1Namespace } from "@kubernetes/client-node";

import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";

export interface NamespaceSummary {
  name: string;
  /** Every label: which ones matter depends on the plan's selector, and facts do not depend on the plan. */
  labels: Record<string, string>;
  phase?: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.namespaces": NamespaceSummary[];
  }
}

export function toNamespaceSummary(ns: V1Namespace): NamespaceSummary {
  const labels = { ...(ns.metadata?.labels ?? {}) };
  const name = ns.metadata?.name ?? "";
  return ns.status?.phase ? { name, labels, phase: ns.status.phase } : { name, labels };
}

export const namespacesCollector = defineKubeCollector({
  id: "kubernetes.namespaces",
  produces: ["k8s.namespaces"],
  async collect(ctx) {
    const k = kube(ctx);
    const out: NamespaceSummary[] = [];
    await forEachPage<V1Namespace>(k, ctx, "/api/v1/namespaces", (items) => {
      for (const ns of items) out.push(toNamespaceSummary(ns));
    });
    out.sort((a, b) => a.name.localeCompare(b.name));
    return { "k8s.namespaces": out };
  },
});
