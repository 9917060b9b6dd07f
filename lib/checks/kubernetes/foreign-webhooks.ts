// K8S-09: admission webhooks of other products (Gatekeeper, Kyverno, Istio, ...) that intercept pod creation in
// the operator's namespace with failurePolicy Fail. When their backend is down or slow, the operator's own pods
// cannot be created; policy engines may also deny the privileged CSI driver.
import type { WebhookConfigurationFact, WebhookFact } from "@/lib/collect/kubernetes/webhooks";
import { DYNATRACE_OBJECT_NAMES } from "@/lib/data/operator-components";
import { defineCheck } from "@/lib/engine/check";
import type { Evidence } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { describeSelector, isEmptySelector, matchesSelector } from "./label-selector";

const PRODUCTS: [RegExp, string][] = [
  [/gatekeeper|azure-policy/i, "OPA Gatekeeper / Azure Policy"],
  [/kyverno/i, "Kyverno"],
  [/istio|sidecar-injector/i, "Istio"],
  [/linkerd/i, "Linkerd"],
  [/azure-wi|workload-identity/i, "Azure Workload Identity"],
  [/vault/i, "Vault Agent Injector"],
  [/aks-|kubernetes\.azure\.com/i, "AKS"],
];

export function productOf(config: string, webhook: WebhookFact): string | undefined {
  return PRODUCTS.find(([re]) => re.test(config) || re.test(webhook.name) || re.test(webhook.target))?.[1];
}

export function isDynatrace(config: WebhookConfigurationFact, webhook: WebhookFact): boolean {
  return config.name === DYNATRACE_OBJECT_NAMES.webhookConfiguration || webhook.name.endsWith(".dynatrace.com");
}

/** Whether one of the webhook's rules covers CREATE of core/v1 pods (not only a subresource such as pods/exec). */
export function interceptsPodCreate(w: WebhookFact): boolean {
  return w.rules.some(
    (r) =>
      (r.operations.includes("CREATE") || r.operations.includes("*")) &&
      (r.apiGroups.includes("") || r.apiGroups.includes("*")) &&
      (r.resources.includes("pods") || r.resources.includes("*") || r.resources.includes("*/*")) &&
      r.scope !== "Cluster",
  );
}

export const foreignWebhooks = defineCheck({
  id: "k8s.foreign-webhooks",
  title: "Other admission webhooks that can block the operator's pods",
  section: "network",
  severity: "advisory",
  docs: [DOCS.network, DOCS.security],
  needs: ["k8s.webhooks", "k8s.namespace"],
  evaluate(facts, { plan, target }) {
    const configs = facts.get("k8s.webhooks");
    const nsResult = facts.result("k8s.namespace");
    // The API server gives every namespace this label; for a namespace still to be created it is the only one.
    const labels = { ...(nsResult.ok ? nsResult.value.labels : {}), "kubernetes.io/metadata.name": plan.namespace };

    const blocking: Evidence[] = [];
    const lenient: string[] = [];
    const inspect = new Set<string>();
    for (const c of configs) {
      for (const w of c.webhooks) {
        if (isDynatrace(c, w) || !interceptsPodCreate(w) || !matchesSelector(labels, w.namespaceSelector)) continue;
        const id = `${c.kind === "mutating" ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration"} ${c.name} / ${w.name}`;
        if (w.failurePolicy !== "Fail") {
          lenient.push(id);
          continue;
        }
        const product = productOf(c.name, w);
        const notes = [
          isEmptySelector(w.namespaceSelector) ? "all namespaces" : `namespaces matching ${describeSelector(w.namespaceSelector)}`,
          w.objectSelector ? `only pods matching ${describeSelector(w.objectSelector)}` : undefined,
          w.matchConditions ? `${w.matchConditions} CEL matchCondition(s) narrow it further` : undefined,
          `calls ${w.target}`,
          w.timeoutSeconds !== undefined ? `timeout ${w.timeoutSeconds}s` : undefined,
          c.annotations["admissions.enforcer/disabled"] === "true" ? "AKS admissions enforcer disabled for it (it also intercepts kube-system)" : undefined,
        ].filter(Boolean);
        inspect.add(`${c.kind}webhookconfiguration ${c.name}`);
        blocking.push({ label: product ? `${product}: ${id}` : id, value: "failurePolicy Fail on pod CREATE", detail: notes.join("; ") });
      }
    }

    const evidence: Evidence[] = [
      { label: "Webhook configurations", value: `${configs.filter((c) => c.kind === "mutating").length} mutating, ${configs.filter((c) => c.kind === "validating").length} validating` },
      ...(nsResult.ok ? [] : [{ label: "Namespace labels", value: "unknown", detail: `Judged on the namespace name only: ${nsResult.error.message}` }]),
      ...blocking,
    ];
    if (lenient.length) evidence.push({ label: "Also on pod CREATE, failurePolicy Ignore (cannot block)", value: lenient.join(", ") });

    if (blocking.length === 0) {
      return {
        status: "pass",
        summary: `No foreign webhook with failurePolicy Fail intercepts pod creation in ${plan.namespace}.`,
        evidence,
      };
    }
    const names = [...new Set(blocking.map((b) => b.label))];
    return {
      status: "warn",
      summary: `${names.length} foreign webhook${names.length > 1 ? "s" : ""} with failurePolicy Fail intercept${names.length > 1 ? "" : "s"} pod creation in ${plan.namespace}: ${names.slice(0, 3).join("; ")}${names.length > 3 ? "; …" : ""}.`,
      evidence,
      remediation: {
        text:
          `While such a webhook's backend is down or slow, no pod can be created in ${plan.namespace}, including the operator, webhook and CSI driver pods; ` +
          "policy engines may also deny the privileged CSI driver. Make sure their backends are highly available, or exempt the operator's namespace " +
          `(Gatekeeper/Azure Policy: add ${plan.namespace} to the excluded namespaces; Kyverno: a policy exception). On AKS, the admissions enforcer ` +
          "keeps webhooks away from kube-system unless they carry the annotation admissions.enforcer/disabled=true.",
        commands: [
          `kubectl --context ${target.context} get mutatingwebhookconfigurations,validatingwebhookconfigurations`,
          ...[...inspect].map((o) => `kubectl --context ${target.context} get ${o} -o yaml`),
        ],
      },
    };
  },
});
