// All mutating and validating admission webhook configurations, trimmed to what decides whether a webhook can
// block the operator's pods (failure policy, rules, selectors) and whether a Dynatrace install exists.
// One list each per run: the foreign-webhooks and existing-installation checks both read this fact.
import type { V1MutatingWebhook, V1MutatingWebhookConfiguration, V1ValidatingWebhook, V1ValidatingWebhookConfiguration } from "@kubernetes/client-node";

import type { LabelSelector } from "@/lib/engine/plan";
import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";

export interface WebhookRuleFact {
  operations: string[];
  apiGroups: string[];
  resources: string[];
  scope?: string;
}

export interface WebhookFact {
  name: string;
  /** As configured; the API server defaults a missing failurePolicy to Fail. */
  failurePolicy: string;
  rules: WebhookRuleFact[];
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  matchConditions: number;
  sideEffects?: string;
  timeoutSeconds?: number;
  /** "namespace/name:port/path" or the URL's host: where the API server calls. */
  target: string;
  hasCaBundle: boolean;
}

export interface WebhookConfigurationFact {
  kind: "mutating" | "validating";
  name: string;
  /** Only labels/annotations that tell who owns it and whether AKS's admissions enforcer leaves it alone. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  webhooks: WebhookFact[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.webhooks": WebhookConfigurationFact[];
  }
}

const KEPT_LABELS = ["app.kubernetes.io/managed-by", "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of"];
const KEPT_ANNOTATIONS = ["admissions.enforcer/disabled", "meta.helm.sh/release-name", "meta.helm.sh/release-namespace"];

function pick(all: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (all && Object.hasOwn(all, k)) out[k] = all[k]!;
  return out;
}

function selector(s: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): LabelSelector | undefined {
  if (!s) return undefined;
  const out: LabelSelector = {};
  if (s.matchLabels && Object.keys(s.matchLabels).length) out.matchLabels = { ...s.matchLabels };
  if (s.matchExpressions?.length) {
    out.matchExpressions = s.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator as "In" | "NotIn" | "Exists" | "DoesNotExist",
      ...(e.values ? { values: [...e.values] } : {}),
    }));
  }
  return out.matchLabels || out.matchExpressions ? out : undefined;
}

export function toWebhookFact(w: V1MutatingWebhook | V1ValidatingWebhook): WebhookFact {
  const svc = w.clientConfig.service;
  let target = "(none)";
  if (svc) target = `${svc.namespace}/${svc.name}:${svc.port ?? 443}${svc.path ?? ""}`;
  else if (w.clientConfig.url) {
    try {
      target = new URL(w.clientConfig.url).host;
    } catch {
      target = "(invalid url)";
    }
  }
  const fact: WebhookFact = {
    name: w.name,
    failurePolicy: w.failurePolicy ?? "Fail",
    rules: (w.rules ?? []).map((r) => ({
      operations: r.operations ?? [],
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.scope ? { scope: r.scope } : {}),
    })),
    matchConditions: w.matchConditions?.length ?? 0,
    target,
    hasCaBundle: Boolean(w.clientConfig.caBundle),
  };
  const ns = selector(w.namespaceSelector);
  const obj = selector(w.objectSelector);
  if (ns) fact.namespaceSelector = ns;
  if (obj) fact.objectSelector = obj;
  if (w.sideEffects) fact.sideEffects = w.sideEffects;
  if (w.timeoutSeconds !== undefined) fact.timeoutSeconds = w.timeoutSeconds;
  return fact;
}

export function toWebhookConfigurationFact(
  kind: "mutating" | "validating",
  c: V1MutatingWebhookConfiguration | V1ValidatingWebhookConfiguration,
): WebhookConfigurationFact {
  return {
    kind,
    name: c.metadata?.name ?? "",
    labels: pick(c.metadata?.labels, KEPT_LABELS),
    annotations: pick(c.metadata?.annotations, KEPT_ANNOTATIONS),
    webhooks: (c.webhooks ?? []).map(toWebhookFact),
  };
}

export const webhooksCollector = defineKubeCollector({
  id: "kubernetes.webhooks",
  produces: ["k8s.webhooks"],
  async collect(ctx) {
    const k = kube(ctx);
    const out: WebhookConfigurationFact[] = [];
    const base = "/apis/admissionregistration.k8s.io/v1";
    await Promise.all([
      forEachPage<V1MutatingWebhookConfiguration>(k, ctx, `${base}/mutatingwebhookconfigurations`, (items) => {
        for (const c of items) out.push(toWebhookConfigurationFact("mutating", c));
      }),
      forEachPage<V1ValidatingWebhookConfiguration>(k, ctx, `${base}/validatingwebhookconfigurations`, (items) => {
        for (const c of items) out.push(toWebhookConfigurationFact("validating", c));
      }),
    ]);
    out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    return { "k8s.webhooks": out };
  },
});
