// K8S-16: which namespaces the planned DynaKube's namespaceSelector will inject code modules into.
import { defineCheck } from "@/lib/engine/check";
import type { Evidence } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { AKS_SYSTEM_NAMESPACES, injectionScope, operatorIgnoredNamespaces } from "./injection-scope";
import { describeSelector, isEmptySelector } from "./label-selector";

const LISTED = 50;

function listed(names: string[]): string {
  if (names.length === 0) return "none";
  return names.length <= LISTED ? names.join(", ") : `${names.slice(0, LISTED).join(", ")} … (${names.length} in total)`;
}

export const monitoringScope = defineCheck({
  id: "k8s.monitoring-scope",
  title: "Monitoring scope: namespaces that will be injected",
  section: "additional",
  severity: "advisory",
  docs: [DOCS.deployment],
  needs: ["k8s.namespaces", "k8s.podCountsByNamespace"],
  notApplicable: ({ plan }) => (plan.mode === "platform" ? "Platform monitoring injects nothing into application pods." : undefined),
  evaluate(facts, { plan, target }) {
    const namespaces = facts.get("k8s.namespaces");
    const scope = injectionScope(namespaces, plan);
    const selector = describeSelector(plan.namespaceSelector);
    const pods = facts.result("k8s.podCountsByNamespace");
    const injectedNames = scope.injected.map((n) => n.name).sort();
    const podCount = pods.ok ? injectedNames.reduce((n, name) => n + (pods.value[name] ?? 0), 0) : undefined;

    const evidence: Evidence[] = [
      { label: "namespaceSelector", value: selector },
      {
        label: `Will be injected (${injectedNames.length} of ${namespaces.length})`,
        value: listed(injectedNames),
        detail: podCount !== undefined ? `${podCount} pods run there now; they get code modules when they are next restarted.` : undefined,
      },
      {
        label: "Matched but ignored by the operator",
        value: listed(scope.ignored.map((i) => i.name)),
        detail: `Operator defaults (pkg/api/exp/injection.go): ${operatorIgnoredNamespaces(plan.namespace).join(", ")}; override with the DynaKube annotation feature.dynatrace.com/ignored-namespaces.`,
      },
    ];
    const ctx = `kubectl --context ${target.context}`;

    if (scope.injected.length === 0) {
      const labels = Object.entries(plan.namespaceSelector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(" ");
      return {
        status: "warn",
        summary: `The namespaceSelector (${selector}) matches no namespace that the operator would inject: no application will be monitored.`,
        evidence,
        remediation: {
          text: "Label the namespaces whose workloads should be monitored so the selector matches them, or change the selector in the plan.",
          commands: labels ? [`${ctx} label namespace <namespace> ${labels}`] : [`${ctx} get namespaces --show-labels`],
        },
      };
    }
    if (scope.system.length > 0) {
      const names = scope.system.map((s) => s.name);
      evidence.push({
        label: "AKS system namespaces that would be injected",
        value: names.join(", "),
        detail: `Advisory list added by dtready (${AKS_SYSTEM_NAMESPACES.join(", ")}); the operator does not ignore these by default.`,
      });
      return {
        status: "warn",
        summary: `The selector also matches AKS system namespaces (${names.join(", ")}): their pods would get code modules on restart.`,
        evidence,
        remediation: {
          text: `Exclude them in the DynaKube's namespaceSelector (matchExpressions: key kubernetes.io/metadata.name, operator NotIn, values [${names.join(", ")}]) or list them in the feature.dynatrace.com/ignored-namespaces annotation.`,
          commands: [`${ctx} get namespaces ${names.join(" ")} --show-labels`],
        },
      };
    }
    const all = isEmptySelector(plan.namespaceSelector) ? " (the selector is empty: every namespace but the ignored ones)" : "";
    return {
      status: "pass",
      summary: `${injectedNames.length} namespace${injectedNames.length === 1 ? "" : "s"} will be injected${all}.`,
      evidence,
    };
  },
});
