import { describe, expect, it } from "vitest";
import type { GatekeeperConstraintFact, GatekeeperFact } from "@/lib/collect/kubernetes/gatekeeper";
import { aksAzurePolicy, riskOfKind } from "./azure-policy";
import { cluster, evaluateAks } from "./testing";

const constraint = (kind: string, over: Partial<GatekeeperConstraintFact> = {}): GatekeeperConstraintFact => ({
  kind,
  name: `azurepolicy-${kind.toLowerCase()}-0123456789abcdef`,
  enforcementAction: "deny",
  matchKinds: ["/Pod"],
  excludedNamespaces: ["kube-system", "gatekeeper-system", "azure-arc"],
  namespaces: [],
  hasSelector: false,
  parameters: { excludedNamespaces: '["kube-system","gatekeeper-system","azure-arc"]' },
  ...over,
});
const gk = (constraints: GatekeeperConstraintFact[], over: Partial<GatekeeperFact> = {}): GatekeeperFact => ({ installed: true, constraints, unreadable: [], ...over });
const withPolicy = cluster({ addons: { azurepolicy: true } });

describe("riskOfKind", () => {
  it("recognises the Azure V2/V3 and Gatekeeper library kinds", () => {
    expect(riskOfKind("K8sAzureV3ContainerNoPrivilege")).toBe("privileged containers");
    expect(riskOfKind("K8sAzureContainerNoPrivilege")).toBe("privileged containers");
    expect(riskOfKind("k8sazurev3hostfilesystem")).toBe("hostPath volumes");
    expect(riskOfKind("K8sAzureDisallowedCapabilities")).toBe("added capabilities");
    expect(riskOfKind("k8sazurev3noprivilegeescalationcontainer")).toBe("privilege escalation");
    expect(riskOfKind("K8sPSPHostNamespace")).toBe("host namespaces");
    expect(riskOfKind("K8sAzureV2ContainerAllowedImages")).toBeUndefined();
  });
});

describe("az.azure-policy", () => {
  it("fails when a deny constraint for hostPath applies to the operator namespace, with the exclusion to add", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([constraint("k8sazurev3hostfilesystem")]), "az.managedCluster": withPolicy });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("deny pods in dynatrace");
    expect(r.summary).toContain("hostPath volumes");
    expect(r.evidence.find((e) => e.label === "Azure Policy add-on")?.value).toBe("enabled");
    expect(r.remediation.commands.join("\n")).toContain('"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","dynatrace"]}');
    expect(r.remediation.commands.join("\n")).toContain("--scope /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1");
  });

  it("passes when the deny constraints exclude the namespace (also by glob and via parameters)", () => {
    const r = evaluateAks(aksAzurePolicy, {
      "k8s.gatekeeperConstraints": gk([constraint("K8sAzureV3ContainerNoPrivilege", { excludedNamespaces: ["dyna*"] }), constraint("K8sAzureDisallowedCapabilities", { excludedNamespaces: ["dynatrace"] })]),
    });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("none applies to dynatrace");
  });

  it("judges the plan's namespace, not a fixed one", () => {
    const facts = { "k8s.gatekeeperConstraints": gk([constraint("K8sAzureV3ContainerNoPrivilege", { excludedNamespaces: ["dynatrace"] })]) };
    expect(evaluateAks(aksAzurePolicy, facts, { namespace: "monitoring" }).status).toBe("fail");
  });

  it("warns for dryrun/warn constraints that would flag the pods", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([constraint("K8sAzureDisallowedCapabilities", { enforcementAction: "dryrun" })]) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("dryrun");
  });

  it("ignores constraints that match only other namespaces or other kinds", () => {
    const r = evaluateAks(aksAzurePolicy, {
      "k8s.gatekeeperConstraints": gk([constraint("K8sAzureV3ContainerNoPrivilege", { namespaces: ["prod-*"] }), constraint("k8sazurev3hostfilesystem", { matchKinds: ["apps/Deployment"] })]),
    });
    expect(r.status).toBe("pass");
  });

  it("is unknown when some constraint kinds could not be listed", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([], { unreadable: [{ kind: "K8sAzureV3ContainerNoPrivilege", reason: "forbidden" }] }) });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("K8sAzureV3ContainerNoPrivilege: forbidden");
  });

  it("warns when the add-on is enabled but no constraints are served yet; passes without add-on and Gatekeeper", () => {
    const none = gk([], { installed: false });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": none, "az.managedCluster": withPolicy }).status).toBe("warn");
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": none, "az.managedCluster": cluster() }).status).toBe("pass");
  });

  it("applies to any cluster with Gatekeeper, and is not applicable to a non-AKS cluster without it", () => {
    const kubeconfig = { kind: "kubeconfig" as const, aks: undefined };
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([constraint("K8sPSPPrivilegedContainer")]) }, {}, kubeconfig).status).toBe("fail");
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([], { installed: false }) }, {}, kubeconfig).status).toBe("not-applicable");
  });
});
