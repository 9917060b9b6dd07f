// Which namespaces the DynaKube will inject: the plan's namespaceSelector over the cluster's namespaces, minus the
// operator's ignored-namespace defaults. Pure; shared by the monitoring-scope and storage checks.
import type { NamespaceSummary } from "@/lib/collect/kubernetes/namespaces";
import type { Plan } from "@/lib/engine/plan";
import { matchesSelector } from "./label-selector";

/**
 * The operator's defaults for the `feature.dynatrace.com/ignored-namespaces` flag, from
 * pkg/api/exp/injection.go getDefaultIgnoredNamespaces (v1.10.x). Matched unanchored at the end, like Go's
 * regexp.MatchString.
 */
export function operatorIgnoredNamespaces(operatorNamespace: string): string[] {
  return [`^${operatorNamespace}$`, "^kube-.*", "^openshift(-.*)?", "^gke-.*", "^gmp-.*"];
}

/** AKS add-on namespaces the operator does NOT ignore; injecting them is rarely wanted (our advice, not the operator's). */
export const AKS_SYSTEM_NAMESPACES = ["^calico-system$", "^gatekeeper-system$", "^tigera-operator$"];

export interface InjectionScope {
  injected: NamespaceSummary[];
  ignored: { name: string; pattern: string }[];
  /** Injected namespaces that are AKS system namespaces. */
  system: { name: string; pattern: string }[];
}

export function injectionScope(namespaces: NamespaceSummary[], plan: Pick<Plan, "namespace" | "namespaceSelector">): InjectionScope {
  const ignoredPatterns = operatorIgnoredNamespaces(plan.namespace).map((p) => [p, new RegExp(p)] as const);
  const systemPatterns = AKS_SYSTEM_NAMESPACES.map((p) => [p, new RegExp(p)] as const);
  const scope: InjectionScope = { injected: [], ignored: [], system: [] };
  for (const ns of namespaces) {
    if (ns.phase === "Terminating") continue;
    const labels = { "kubernetes.io/metadata.name": ns.name, ...ns.labels };
    if (!matchesSelector(labels, plan.namespaceSelector)) continue;
    const ignored = ignoredPatterns.find(([, re]) => re.test(ns.name));
    if (ignored) {
      scope.ignored.push({ name: ns.name, pattern: ignored[0] });
      continue;
    }
    scope.injected.push(ns);
    const system = systemPatterns.find(([, re]) => re.test(ns.name));
    if (system) scope.system.push({ name: ns.name, pattern: system[0] });
  }
  return scope;
}
