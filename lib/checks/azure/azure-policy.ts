// Gatekeeper constraints (the Azure Policy add-on's, or a self-managed Gatekeeper's) that deny what the CSI driver and
// OneAgent need: privileged containers, hostPath volumes, added capabilities, host namespaces, privilege escalation.
// Works on any cluster that serves constraints.gatekeeper.sh (not only AKS): the constraints are read in-cluster;
// on AKS the add-on's state from Resource Manager is shown too.
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { GatekeeperConstraintFact, GatekeeperFact } from "@/lib/collect/kubernetes/gatekeeper";
import { addonEnabled, type ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import { DOCS } from "../sections";
import { AZURE_DOCS } from "./common";

/** What a constraint kind forbids that the operator's pods need, from its name (Azure V2/V3 and Gatekeeper library kinds). */
export function riskOfKind(kind: string): string | undefined {
  const k = kind.toLowerCase();
  if (/privilegeescalation/.test(k)) return "privilege escalation";
  if (/privilege/.test(k)) return "privileged containers";
  if (/hostfilesystem|hostpath|hostvolume/.test(k)) return "hostPath volumes";
  if (/capabilit/.test(k)) return "added capabilities";
  if (/hostnamespace|hostnetwork|hostpid/.test(k)) return "host namespaces";
  return undefined;
}

function globMatch(pattern: string, name: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

/** How the constraint relates to the namespace: it does not match it, it excludes it, or it applies. */
export function scopeFor(c: GatekeeperConstraintFact, namespace: string): "excluded" | "not-matched" | "applies" {
  const pods = c.matchKinds.length === 0 || c.matchKinds.some((k) => /\/(Pod|\*)$/.test(k));
  if (!pods) return "not-matched";
  if (c.excludedNamespaces.some((p) => globMatch(p, namespace))) return "excluded";
  if (c.namespaces.length && !c.namespaces.some((p) => globMatch(p, namespace))) return "not-matched";
  return "applies";
}

export function evaluateAzurePolicy(g: GatekeeperFact, ctx: CheckContext, cluster?: ManagedClusterFact): Evaluation {
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

  const relevant = g.constraints.map((c) => ({ c, risk: riskOfKind(c.kind), scope: scopeFor(c, ns) })).filter((x) => x.risk);
  const applying = relevant.filter((x) => x.scope === "applies");
  const denying = applying.filter((x) => x.c.enforcementAction === "deny");
  const auditing = applying.filter((x) => x.c.enforcementAction !== "deny");
  for (const x of relevant) {
    evidence.push({
      label: `${x.c.kind}/${x.c.name}`,
      value: `${x.c.enforcementAction}; forbids ${x.risk}; ${x.scope === "applies" ? `applies to ${ns}` : x.scope === "excluded" ? `excludes ${ns}` : `does not match ${ns}`}${x.c.hasSelector ? " (has a selector, not evaluated)" : ""}`,
      detail: `excludedNamespaces: ${x.c.excludedNamespaces.join(", ") || "none"}; parameters: ${Object.entries(x.c.parameters).map(([k, v]) => `${k}=${v}`).join("; ") || "none"}`,
    });
  }
  for (const u of g.unreadable) evidence.push({ label: `${u.kind} (not readable)`, value: u.reason });

  const scope = ctx.target.aks ? `/subscriptions/${ctx.target.aks.subscriptionId}/resourceGroups/${ctx.target.aks.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ctx.target.aks.name}` : "<cluster resource id>";
  const excludeCommands = [
    `az policy assignment list --scope ${scope} --disable-scope-strict-match --query "[].{name:name, scope:scope, excluded:parameters.excludedNamespaces.value}" -o table`,
    `az policy assignment update --name <assignment> --scope <assignment-scope> --params '{"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","${ns}"]}}'`,
  ];
  const list = (xs: typeof relevant) => xs.map((x) => `${x.c.kind}/${x.c.name} (${x.risk})`).join(", ");
  if (denying.length) {
    return {
      status: "fail",
      summary: `${denying.length} Gatekeeper constraint(s) deny pods in ${ns} that the CSI driver or OneAgent needs: ${list(denying)}. The operator's DaemonSet pods would be rejected.`,
      evidence,
      remediation: {
        text: `Exclude the namespace ${ns} in the policy assignment(s) behind these constraints (Azure Policy: the excludedNamespaces parameter; Gatekeeper: spec.match.excludedNamespaces), or set their effect to audit.`,
        commands: [...excludeCommands, ...denying.map((x) => `kubectl --context ${ctx.target.context} get ${x.c.kind.toLowerCase()} ${x.c.name} -o yaml`)],
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
  if (auditing.length) {
    return {
      status: "warn",
      summary: `${auditing.length} constraint(s) in ${auditing.map((x) => x.c.enforcementAction).filter((v, i, a) => a.indexOf(v) === i).join("/")} mode would flag the operator's pods in ${ns}: ${list(auditing)}. They do not block today, but switching them to deny would.`,
      evidence,
      remediation: { text: `Exclude ${ns} before these constraints are switched to deny.`, commands: excludeCommands },
    };
  }
  return {
    status: "pass",
    summary: relevant.length
      ? `${relevant.length} constraint(s) forbid privileged/hostPath/capabilities, and none applies to ${ns}.`
      : `None of the ${g.constraints.length} Gatekeeper constraint(s) forbids what the operator's pods need.`,
    evidence,
  };
}

export const aksAzurePolicy = defineCheck({
  id: "az.azure-policy",
  title: "Azure Policy / Gatekeeper does not deny the operator's pods",
  section: "network",
  severity: "blocking",
  docs: [AZURE_DOCS.azurePolicy, DOCS.podSecurity],
  needs: ["k8s.gatekeeperConstraints"],
  // On AKS the managed cluster is read for other checks anyway: show the add-on's state.
  uses: ["az.managedCluster"],
  evaluate(facts, ctx) {
    const cluster = facts.result("az.managedCluster");
    return evaluateAzurePolicy(facts.get("k8s.gatekeeperConstraints"), ctx, cluster.ok ? cluster.value : undefined);
  },
});
