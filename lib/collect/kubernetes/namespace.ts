// GET /api/v1/namespaces/<plan.namespace>: whether the operator's namespace exists, and its Pod Security labels.

import { CollectError } from "@/lib/engine/errors";
import type { V1Namespace } from "@kubernetes/client-node";
import { defineKubeCollector, kube } from "./context";

export interface NamespaceFact {
  name: string;
  exists: boolean;
  /** Every pod-security.kubernetes.io/* label, plus at most MAX_OTHER_LABELS others. */
  labels: Record<string, string>;
  uid?: string;
  phase?: string; // Active | Terminating
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.namespace": NamespaceFact;
  }
}

const MAX_OTHER_LABELS = 30;

export function toNamespaceFact(name: string, ns: V1Namespace): NamespaceFact {
  const labels: Record<string, string> = {};
  let others = 0;
  for (const [k, v] of Object.entries(ns.metadata?.labels ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (k.startsWith("pod-security.kubernetes.io/")) labels[k] = v;
    else if (others < MAX_OTHER_LABELS) {
      labels[k] = v;
      others++;
    }
  }
  return { name, exists: true, labels, uid: ns.metadata?.uid, phase: ns.status?.phase };
}

export const namespaceCollector = defineKubeCollector({
  id: "kubernetes.namespace",
  produces: ["k8s.namespace"],
  reads: ["namespace"],
  async collect(ctx) {
    const k = kube(ctx);
    const name = ctx.plan.namespace;
    try {
      const ns = await k.request(ctx, `GET /api/v1/namespaces/${name}`, (o) => k.api.core.readNamespace({ name }, o));
      return { "k8s.namespace": toNamespaceFact(name, ns) };
    } catch (err) {
      // Absent is an answer, not a failure: Helm's --create-namespace creates it.
      if (err instanceof CollectError && err.kind === "not-found") return { "k8s.namespace": { name, exists: false, labels: {} } };
      throw err;
    }
  },
});
