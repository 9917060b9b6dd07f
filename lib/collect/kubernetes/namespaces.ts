// GET /api/v1/namespaces, paged: every namespace's name, phase and trimmed labels, for the monitoring-scope
// (which namespaces the DynaKube's namespaceSelector will inject) and storage-planning checks.
import type { V1Namespace } from "@kubernetes/client-node";
import { selectorKeys } from "@/lib/checks/kubernetes/label-selector";
import { defineCollector } from "@/lib/engine/collector";
import type { LabelSelector } from "@/lib/engine/plan";
import { kube } from "./context";
import { forEachPage } from "./paging";

export interface NamespaceSummary {
  name: string;
  /** Labels the plan's selector reads plus well-known ones, then others up to MAX_LABELS. */
  labels: Record<string, string>;
  phase?: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.namespaces": NamespaceSummary[];
  }
}

export const MAX_LABELS = 30;
const ALWAYS_KEPT = ["kubernetes.io/metadata.name", "dynakube.internal.dynatrace.com/instance", "control-plane", "kubernetes.azure.com/managedby"];

export function toNamespaceSummary(ns: V1Namespace, selector: LabelSelector | undefined): NamespaceSummary {
  const all = ns.metadata?.labels ?? {};
  const priority = new Set([...selectorKeys(selector), ...ALWAYS_KEPT]);
  const labels: Record<string, string> = {};
  // Selector keys first: trimming must never change whether the selector matches.
  for (const k of priority) if (Object.hasOwn(all, k)) labels[k] = all[k]!;
  let n = Object.keys(labels).length;
  for (const k of Object.keys(all).sort()) {
    if (n >= MAX_LABELS) break;
    if (Object.hasOwn(labels, k)) continue;
    labels[k] = all[k]!;
    n++;
  }
  const name = ns.metadata?.name ?? "";
  return ns.status?.phase ? { name, labels, phase: ns.status.phase } : { name, labels };
}

export const namespacesCollector = defineCollector({
  id: "kubernetes.namespaces",
  produces: ["k8s.namespaces"],
  async collect(ctx) {
    const k = kube(ctx);
    const out: NamespaceSummary[] = [];
    await forEachPage<V1Namespace>(k, ctx, "/api/v1/namespaces", (items) => {
      for (const ns of items) out.push(toNamespaceSummary(ns, ctx.plan.namespaceSelector));
    });
    out.sort((a, b) => a.name.localeCompare(b.name));
    return { "k8s.namespaces": out };
  },
});
