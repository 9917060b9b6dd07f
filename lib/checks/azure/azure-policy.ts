// Gatekeeper constraints (the Azure Policy add-on's, or a self-managed Gatekeeper's) that deny the operator's pods.
// Each constraint in scope of the plan's namespace is judged by its template's rules over the exact pods the plan
// installs (lib/checks/kubernetes/gatekeeper-constraints.ts); a template or parameter the check does not know is
// "could not be judged" (warn), never a pass. Works on any cluster that serves constraints.gatekeeper.sh (not only
// AKS); on AKS the add-on's state from Resource Manager is shown too.
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { GatekeeperConstraintFact, GatekeeperFact } from "@/lib/collect/kubernetes/gatekeeper";
import { addonEnabled, type ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { NamespaceFact } from "@/lib/collect/kubernetes/namespace";
import type { NamespaceSummary } from "@/lib/collect/kubernetes/namespaces";
import { injectedApplicationPod, operatorPods } from "@/lib/data/operator-workloads";
import { injectionScope } from "../kubernetes/injection-scope";
import type { Evaluation, Evidence, FactResult } from "@/lib/engine/types";
import { describeViolations, judgeConstraint, RULE_LABELS, type ConstraintVerdict, type PodPlacement } from "../kubernetes/gatekeeper-constraints";
import { DOCS } from "../sections";
import { AZURE_DOCS } from "./common";

/** What a constraint kind's name suggests it restricts: a hint in the evidence for kinds the check cannot judge, never a verdict. */
export function riskOfKind(kind: string): string | undefined {
  const k = kind.toLowerCase();
  if (/privilegeescalation/.test(k)) return "privilege escalation";
  if (/privilege/.test(k)) return "privileged containers";
  if (/hostfilesystem|hostpath|hostvolume/.test(k)) return "hostPath volumes";
  if (/capabilit/.test(k)) return "added capabilities";
  if (/hostnamespace|hostnetwork|hostpid/.test(k)) return "host namespaces";
  return undefined;
}

export function evaluateAzurePolicy(
  g: GatekeeperFact,
  ctx: CheckContext,
  cluster?: ManagedClusterFact,
  namespace?: FactResult<NamespaceFact>,
  namespaces?: FactResult<NamespaceSummary[]>,
): Evaluation {
  const ns = ctx.plan.namespace;
  const addon = cluster ? (addonEnabled(cluster, "azurepolicy") ? "enabled" : "disabled") : undefined;
  const evidence: Evidence[] = [];
  if (addon) evidence.push({ label: "Azure Policy add-on", value: addon });
  evidence.push({ label: "Gatekeeper constraints", value: g.installed ? `${g.constraints.length} constraint(s)` : "constraints.gatekeeper.sh is not served" });
  if (!g.installed) {
    if (ctx.target.kind !== "aks") return { status: "not-applicable", summary: "No Gatekeeper or Azure Policy in this cluster.", reason: "the constraints.gatekeeper.sh API group is not served", evidence };
    return {
      status: addon === "enabled" ? "warn" : "pass",
      summary:
        addon === "enabled"
          ? "The Azure Policy add-on is enabled but no Gatekeeper constraints are served yet (the add-on may still be installing); check again before installing."
          : "No Azure Policy add-on and no Gatekeeper constraints: no policy denies the operator's privileged or hostPath pods.",
      evidence,
      ...(addon === "enabled" ? { remediation: { text: "Wait for the add-on's pods in kube-system / gatekeeper-system and check again.", commands: [`kubectl --context ${ctx.target.context} get constrainttemplates`] } } : {}),
    };
  }

  // The namespace's labels decide namespaceSelectors; a namespace still to be created has only its name label.
  const labels = { ...(namespace?.ok && namespace.value.exists ? namespace.value.labels : {}), "kubernetes.io/metadata.name": ns };
  if (namespace && !namespace.ok) evidence.push({ label: "Namespace labels", value: "unknown", detail: `namespaceSelectors judged on the name label only: ${namespace.error.message}` });
  const own: PodPlacement[] = operatorPods(ctx.plan).map((pod) => ({ pod, namespaces: [{ name: ns, labels, labelsKnown: !!namespace?.ok }] }));
  // Injected application pods are judged in the namespaces the plan injects (with their labels).
  const injected: PodPlacement[] =
    ctx.plan.mode === "platform"
      ? []
      : [
          {
            pod: { component: "injected-application", workload: "Injected application pod", template: injectedApplicationPod(ctx.plan) },
            namespaces: namespaces?.ok ? injectionScope(namespaces.value, ctx.plan).injected.map((n) => ({ name: n.name, labels: n.labels })) : "unknown",
          },
        ];
  if (namespaces && !namespaces.ok) evidence.push({ label: "Injected namespaces", value: "unknown", detail: `Constraints on injected pods cannot decide: ${namespaces.error.message}` });
  const verdicts = g.constraints.map((c) => judgeConstraint(c, [...own, ...injected]));
  const id = (c: GatekeeperConstraintFact) => `${c.kind}/${c.name}`;
  for (const v of verdicts) {
    const action = v.c.enforcementAction;
    if (v.kind === "out-of-scope") evidence.push({ label: id(v.c), value: `${action}; does not apply: ${v.why}` });
    else if (v.kind === "allows") evidence.push({ label: id(v.c), value: `${action}; allows the operator's pods (${RULE_LABELS[v.template.rule]})`, detail: `Judged from its parameters (${paramSummary(v.c)}) by the template's rules: ${v.template.source}` });
    else if (v.kind === "violates") evidence.push({ label: id(v.c), value: `${action}; would reject: ${describeViolations(v)}`, detail: `Parameters: ${paramSummary(v.c)}. Rules: ${v.template.source}` });
    else evidence.push({ label: id(v.c), value: `${action}; could not be judged: ${v.why}`, detail: `Parameters: ${paramSummary(v.c)}${riskOfKind(v.c.kind) ? `. Its name suggests it restricts ${riskOfKind(v.c.kind)}.` : ""}` });
  }
  for (const u of g.unreadable) evidence.push({ label: `${u.kind} (not readable)`, value: u.reason });

  const scope = ctx.target.aks ? `/subscriptions/${ctx.target.aks.subscriptionId}/resourceGroups/${ctx.target.aks.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ctx.target.aks.name}` : "<cluster resource id>";
  const excludeCommands = [
    `az policy assignment list --scope ${scope} --disable-scope-strict-match --query "[].{name:name, scope:scope, excluded:parameters.excludedNamespaces.value}" -o table`,
    `az policy assignment update --name <assignment> --scope <assignment-scope> --params '{"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","${ns}"]}}'`,
  ];
  const violating = verdicts.filter((v): v is Extract<ConstraintVerdict, { kind: "violates" }> => v.kind === "violates");
  const denying = violating.filter((v) => v.enforcement !== "audit");
  const auditing = violating.filter((v) => v.enforcement === "audit");
  const undecided = verdicts.filter((v): v is Extract<ConstraintVerdict, { kind: "cannot-judge" }> => v.kind === "cannot-judge" && v.enforcement !== "audit");
  const name = (v: ConstraintVerdict) => `${v.c.kind}/${v.c.name}`;

  if (denying.length) {
    return {
      status: "fail",
      summary:
        `${denying.length} Gatekeeper constraint(s) deny pods in ${ns} that the operator installs: ` +
        denying.map((v) => `${name(v)} (${RULE_LABELS[v.template.rule]}: ${describeViolations(v)})`).join("; ") +
        ". Those pods would be rejected.",
      evidence,
      remediation: {
        text: `Exclude the namespace ${ns} in the policy assignment(s) behind these constraints (Azure Policy: the excludedNamespaces parameter; Gatekeeper: spec.match.excludedNamespaces), allow what the pods need in the constraints' parameters, or set their effect to audit.`,
        commands: [...excludeCommands, ...denying.map((v) => `kubectl --context ${ctx.target.context} get ${v.c.kind.toLowerCase()} ${v.c.name} -o yaml`)],
      },
    };
  }
  if (g.unreadable.length) {
    return {
      status: "unknown",
      summary: `${g.unreadable.length} constraint kind(s) could not be read, so a denying constraint may be missed.`,
      reason: g.unreadable.map((u) => `${u.kind}: ${u.reason}`).join("; "),
      evidence,
      remediation: { text: "Check with an identity that may list constraints.gatekeeper.sh resources.", commands: [`kubectl --context ${ctx.target.context} auth can-i list ${g.unreadable[0]!.kind.toLowerCase()}.constraints.gatekeeper.sh`] },
    };
  }
  if (undecided.length || auditing.length) {
    const parts: string[] = [];
    if (undecided.length) parts.push(`${undecided.length} enforcing constraint(s) apply to ${ns} but could not be judged: ${undecided.map((v) => `${name(v)} (${v.why})`).join("; ")}`);
    if (auditing.length) parts.push(`${auditing.length} constraint(s) in ${[...new Set(auditing.map((v) => v.c.enforcementAction))].join("/")} mode would flag the operator's pods: ${auditing.map((v) => `${name(v)} (${describeViolations(v)})`).join("; ")}; they do not block today, but switching them to deny would`);
    return {
      status: "warn",
      summary: `${parts.join(". ")}.`,
      evidence,
      remediation: {
        text: undecided.length
          ? `Review the constraints that could not be judged against the operator's pods (privileged CSI driver with hostPaths under /var/lib/kubelet; OneAgent with host network, host PID and the host root read-only), or exclude ${ns}. The admission dry run (k8s.admission-dry-run) asks Gatekeeper itself for the CSI driver and webhook pods.`
          : `Exclude ${ns} before these constraints are switched to deny.`,
        commands: [...excludeCommands, ...undecided.map((v) => `kubectl --context ${ctx.target.context} get ${v.c.kind.toLowerCase()} ${v.c.name} -o yaml`)],
      },
    };
  }
  const judgedCount = verdicts.filter((v) => v.kind === "allows").length;
  return {
    status: "pass",
    summary: judgedCount
      ? `${judgedCount} constraint(s) apply to ${ns} and their parameters allow the operator's pods; the other ${verdicts.length - judgedCount} do not apply there or only audit.`
      : `None of the ${g.constraints.length} Gatekeeper constraint(s) applies to the operator's pods in ${ns}.`,
    evidence,
  };
}

function paramSummary(c: GatekeeperConstraintFact): string {
  return Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join("; ") || "none";
}

export const aksAzurePolicy = defineCheck({
  id: "az.azure-policy",
  title: "Azure Policy / Gatekeeper does not deny the operator's pods",
  section: "network",
  severity: "blocking",
  docs: [AZURE_DOCS.azurePolicy, DOCS.podSecurity],
  needs: ["k8s.gatekeeperConstraints"],
  // On AKS the managed cluster is read for other checks anyway: show the add-on's state. The namespace's labels
  // (namespaceSelectors) and the injected namespaces (constraints on injected pods) are read by other checks.
  uses: ["az.managedCluster", "k8s.namespace", "k8s.namespaces"],
  evaluate(facts, ctx) {
    const cluster = facts.result("az.managedCluster");
    return evaluateAzurePolicy(facts.get("k8s.gatekeeperConstraints"), ctx, cluster.ok ? cluster.value : undefined, facts.result("k8s.namespace"), facts.result("k8s.namespaces"));
  },
});
