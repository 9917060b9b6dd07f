// Which Gatekeeper constraints reach the operator's pods, and what each would say about them. Scope follows
// Gatekeeper's match (kinds, scope, namespaces, excludedNamespaces, namespaceSelector, labelSelector, name) and the
// webhook's own exemption of namespaces labelled admission.gatekeeper.sh/ignore; the verdict of each constraint comes
// from its template's Rego (policy-rules.ts) over the exact pods the plan installs (operator-workloads.ts).
import type { GatekeeperConstraintFact } from "@/lib/collect/kubernetes/gatekeeper";
import { findPolicyTemplate, RULE_LABELS, type PolicyTemplate } from "@/lib/data/policy-templates";
import type { OperatorPod } from "@/lib/data/operator-workloads";
import { judgePod } from "./policy-rules";
import { describeSelector, matchesSelector } from "./label-selector";

export interface NamespaceLabels {
  name: string;
  labels: Record<string, string>;
  /** False when only the name is known (the namespace was not read): a namespaceSelector then cannot rule it out. */
  labelsKnown?: boolean;
}

/** A pod the install creates and the namespaces it is created in ("unknown" when they could not be listed). */
export interface PodPlacement {
  pod: OperatorPod;
  namespaces: NamespaceLabels[] | "unknown";
}

export interface ScopedPod {
  pod: OperatorPod;
  /** The namespaces where the constraint reaches this pod. */
  namespaces: string[];
  /** Whether it reaches this pod is not known; its violations here cannot decide. */
  uncertain?: string;
}

export type ConstraintScope =
  | { applies: false; why: string }
  /** uncertain: whether it reaches the pods is not known; its violations then cannot decide (never a fail). */
  | { applies: true; targets: ScopedPod[] };

function globMatch(pattern: string, name: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

function matchesPods(c: GatekeeperConstraintFact): boolean {
  return c.matchKinds.length === 0 || c.matchKinds.some((k) => /^(|\*)\/(Pod|\*)$/.test(k));
}

/** Why the constraint does not reach pods in this namespace, or undefined when it does (or may). */
function namespaceOut(c: GatekeeperConstraintFact, ns: NamespaceLabels): string | undefined {
  const labels: Record<string, string> = { ...ns.labels, "kubernetes.io/metadata.name": ns.name };
  if (labels["admission.gatekeeper.sh/ignore"] !== undefined) return `namespace ${ns.name} is labelled admission.gatekeeper.sh/ignore`;
  // Gatekeeper exempts only spec.match.excludedNamespaces; older facts have just the merged list.
  const ex = (c.matchExcludedNamespaces ?? c.excludedNamespaces).find((p) => globMatch(p, ns.name));
  if (ex) return `excludes ${ns.name}${ex !== ns.name ? ` (${ex})` : ""}`;
  if (c.namespaces.length && !c.namespaces.some((p) => globMatch(p, ns.name))) return `selects only namespaces ${c.namespaces.join(", ")}`;
  if (c.namespaceSelector && ns.labelsKnown !== false && !matchesSelector(labels, c.namespaceSelector)) return `its namespaceSelector (${describeSelector(c.namespaceSelector)}) does not select ${ns.name}`;
  return undefined;
}

/** Whether the constraint reaches the pods the install creates, and where. */
export function constraintScope(c: GatekeeperConstraintFact, placements: PodPlacement[]): ConstraintScope {
  if (!matchesPods(c)) return { applies: false, why: `matches only ${c.matchKinds.join(", ")}, not Pods` };
  if (c.matchScope === "Cluster") return { applies: false, why: "matches cluster-scoped objects only" };
  const targets: ScopedPod[] = [];
  const reasons = new Set<string>();
  let uncertain: string | undefined;
  if (c.hasSelector && !c.namespaceSelector && !c.labelSelector) uncertain = "its namespace or label selector was not recorded (facts from an older version)";
  if (c.matchName) uncertain ??= `it matches only objects named ${c.matchName}, and the pods' names are generated`;
  for (const p of placements) {
    if (c.labelSelector && !matchesSelector(p.pod.template.metadata?.labels ?? {}, c.labelSelector)) {
      reasons.add(`its labelSelector (${describeSelector(c.labelSelector)}) selects none of the operator's pods`);
      continue;
    }
    if (p.namespaces === "unknown") {
      targets.push({ pod: p.pod, namespaces: [], uncertain: uncertain ?? "the injected namespaces could not be listed" });
      continue;
    }
    const inScope: string[] = [];
    let maybe: string | undefined;
    for (const ns of p.namespaces) {
      const out = namespaceOut(c, ns);
      if (out) reasons.add(out);
      else inScope.push(ns.name);
      if (!out && c.namespaceSelector && ns.labelsKnown === false && !matchesSelector({ "kubernetes.io/metadata.name": ns.name }, c.namespaceSelector)) {
        maybe = `whether its namespaceSelector (${describeSelector(c.namespaceSelector)}) selects ${ns.name} is unknown: the namespace's labels were not read`;
      }
    }
    const why = uncertain ?? maybe;
    if (inScope.length) targets.push({ pod: p.pod, namespaces: inScope, ...(why ? { uncertain: why } : {}) });
  }
  if (targets.length === 0) return { applies: false, why: [...reasons].join("; ") || "reaches none of the operator's pods" };
  return { applies: true, targets };
}

/** deny: the admission webhook rejects; audit: dryrun or warn (reported, not enforced); unknown: an action Gatekeeper does not define. */
export function enforcementOf(c: GatekeeperConstraintFact): "deny" | "audit" | "unknown" {
  if (c.enforcementAction === "deny") return "deny";
  if (c.enforcementAction === "dryrun" || c.enforcementAction === "warn") return "audit";
  if (c.enforcementAction === "scoped") {
    if (!c.scopedActions) return "unknown";
    return c.scopedActions.includes("deny") ? "deny" : "audit";
  }
  return "unknown";
}

export type ConstraintVerdict =
  | { kind: "out-of-scope"; c: GatekeeperConstraintFact; why: string }
  | { kind: "allows"; c: GatekeeperConstraintFact; template: PolicyTemplate }
  | { kind: "violates"; c: GatekeeperConstraintFact; template: PolicyTemplate; enforcement: "deny" | "audit" | "unknown"; findings: { workload: string; violations: string[] }[] }
  | { kind: "cannot-judge"; c: GatekeeperConstraintFact; why: string; enforcement: "deny" | "audit" | "unknown" };

export function judgeConstraint(c: GatekeeperConstraintFact, placements: PodPlacement[]): ConstraintVerdict {
  const scope = constraintScope(c, placements);
  if (!scope.applies) return { kind: "out-of-scope", c, why: scope.why };
  const enforcement = enforcementOf(c);
  const template = findPolicyTemplate(c.kind);
  if (!template) return { kind: "cannot-judge", c, enforcement, why: `template ${c.kind.toLowerCase()} is not one this check evaluates` };
  const findings: { workload: string; violations: string[] }[] = [];
  const unsure: { workload: string; violations: string[]; why: string }[] = [];
  for (const t of scope.targets) {
    const j = judgePod(template, c.parameterValues, t.pod.template);
    if ("cannotJudge" in j) return { kind: "cannot-judge", c, enforcement, why: j.cannotJudge };
    if (!j.violations.length) continue;
    const where = t.pod.component === "injected-application" ? ` in ${t.namespaces.length ? t.namespaces.slice(0, 5).join(", ") + (t.namespaces.length > 5 ? ", …" : "") : "injected namespaces"}` : "";
    if (t.uncertain) unsure.push({ workload: `${t.pod.workload}${where}`, violations: j.violations, why: t.uncertain });
    else findings.push({ workload: `${t.pod.workload}${where}`, violations: j.violations });
  }
  // Decided violations decide; violations only where the reach is unknown cannot.
  if (findings.length) return { kind: "violates", c, template, enforcement, findings };
  if (unsure.length) {
    const flagged = unsure.map((u) => `${u.workload}: ${u.violations.join("; ")}`).join(" | ");
    return { kind: "cannot-judge", c, enforcement, why: `it would flag ${flagged}, but ${[...new Set(unsure.map((u) => u.why))].join("; ")}` };
  }
  return { kind: "allows", c, template };
}

export function describeViolations(v: Extract<ConstraintVerdict, { kind: "violates" }>): string {
  return v.findings.map((f) => `${f.workload}: ${f.violations.join("; ")}`).join(" | ");
}

export { RULE_LABELS };
