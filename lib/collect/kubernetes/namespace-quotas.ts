// ResourceQuotas and LimitRanges in the plan's namespace: the limits the operator's pods must fit into.
// Listing in a namespace that does not exist yet answers an empty list, which is the truth: none can exist.
import type { V1LimitRange, V1ResourceQuota } from "@kubernetes/client-node";

import { defineKubeCollector, kube } from "./context";

export interface QuotaFact {
  name: string;
  /** spec.hard / status.used as the API reports them ("4", "8Gi", "10"). */
  hard: Record<string, string>;
  used: Record<string, string>;
  /** Quotas with scopes or a scopeSelector only count matching pods. */
  scopes: string[];
  scoped: boolean;
}

export interface LimitRangeItemFact {
  type: string; // Container | Pod | PersistentVolumeClaim
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
}

export interface LimitRangeFact {
  name: string;
  limits: LimitRangeItemFact[];
}

export interface NamespaceQuotasFact {
  namespace: string;
  quotas: QuotaFact[];
  limitRanges: LimitRangeFact[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.namespaceQuotas": NamespaceQuotasFact;
  }
}

export function toQuotaFact(q: V1ResourceQuota): QuotaFact {
  const scopes = q.spec?.scopes ?? [];
  return {
    name: q.metadata?.name ?? "",
    hard: { ...(q.spec?.hard ?? {}) },
    used: { ...(q.status?.used ?? {}) },
    scopes,
    scoped: scopes.length > 0 || (q.spec?.scopeSelector?.matchExpressions?.length ?? 0) > 0,
  };
}

export function toLimitRangeFact(lr: V1LimitRange): LimitRangeFact {
  return {
    name: lr.metadata?.name ?? "",
    limits: (lr.spec?.limits ?? []).map((l) => {
      const item: LimitRangeItemFact = { type: l.type };
      if (l.max) item.max = { ...l.max };
      if (l.min) item.min = { ...l.min };
      if (l._default) item.default = { ...l._default };
      if (l.defaultRequest) item.defaultRequest = { ...l.defaultRequest };
      return item;
    }),
  };
}

export const namespaceQuotasCollector = defineKubeCollector({
  id: "kubernetes.namespace-quotas",
  produces: ["k8s.namespaceQuotas"],
  reads: ["namespace"],
  async collect(ctx) {
    const k = kube(ctx);
    const namespace = ctx.plan.namespace;
    const [quotas, limitRanges] = await Promise.all([
      k.request(ctx, `GET /api/v1/namespaces/${namespace}/resourcequotas`, (o) => k.api.core.listNamespacedResourceQuota({ namespace }, o)),
      k.request(ctx, `GET /api/v1/namespaces/${namespace}/limitranges`, (o) => k.api.core.listNamespacedLimitRange({ namespace }, o)),
    ]);
    return {
      "k8s.namespaceQuotas": {
        namespace,
        quotas: quotas.items.map(toQuotaFact),
        limitRanges: limitRanges.items.map(toLimitRangeFact),
      },
    };
  },
});
