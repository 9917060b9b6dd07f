import { describe, expect, it } from "vitest";
import type { GatekeeperConstraintFact, GatekeeperFact } from "@/lib/collect/kubernetes/gatekeeper";
import { aksAzurePolicy, riskOfKind } from "./azure-policy";
import { cluster, evaluateAks as evaluate } from "./testing";

const constraint = (kind: string, over: Partial<GatekeeperConstraintFact> = {}): GatekeeperConstraintFact => ({
  kind,
  name: `azurepolicy-${kind.toLowerCase()}-0123456789abcdef`,
  enforcementAction: "deny",
  matchKinds: ["/Pod"],
  excludedNamespaces: ["kube-system", "gatekeeper-system", "azure-arc"],
  namespaces: [],
  matchExcludedNamespaces: ["kube-system", "gatekeeper-system", "azure-arc"],
  hasSelector: false,
  parameters: {},
  ...over,
});
const gk = (constraints: GatekeeperConstraintFact[], over: Partial<GatekeeperFact> = {}): GatekeeperFact => ({ installed: true, constraints, unreadable: [], ...over });
// Injected pods run in the application namespaces; "shop" is the only one unless a test says otherwise.
const apps = [{ name: "shop", labels: {} }];
const withPolicy = cluster({ addons: { azurepolicy: true } });
const evaluateAks = (...[check, facts, ...rest]: Parameters<typeof evaluate>) => evaluate(check, { "k8s.namespaces": apps, ...facts }, ...rest);

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
  // The built-in baseline initiative's host-path constraint, as the add-on writes it: scope in spec.match, values in parameters.
  const hostPaths = (allowed: unknown[], over: Partial<GatekeeperConstraintFact> = {}) =>
    constraint("K8sAzureV3HostFilesystem", { parameterValues: { allowedHostPaths: allowed, excludedContainers: [], excludedImages: [] }, ...over });

  it("fails when a deny constraint's allowed host paths leave out the CSI driver's, naming the paths, with the exclusion to add", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([hostPaths([])]), "az.managedCluster": withPolicy });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("deny pods in dynatrace that the operator installs");
    expect(r.summary).toContain("hostPath volumes: DaemonSet dynatrace-oneagent-csi-driver: hostPath /var/lib/kubelet/plugins_registry/ (volume registration-dir) is not allowed");
    expect(r.summary).toContain("Those pods would be rejected.");
    expect(r.evidence.find((e) => e.label === "Azure Policy add-on")?.value).toBe("enabled");
    expect(r.remediation.commands.join("\n")).toContain('"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","dynatrace"]}');
    expect(r.remediation.commands.join("\n")).toContain("--scope /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1");
  });

  it("passes when the parameters allow what the pods need: no pass by name, a judgement", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([hostPaths([{ pathPrefix: "/var/lib/kubelet", readOnly: false }])]) });
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("1 constraint(s) apply to dynatrace and their parameters allow the operator's pods; the other 0 do not apply there or only audit.");
    expect(r.evidence.find((e) => e.label.startsWith("K8sAzureV3HostFilesystem/"))?.value).toBe("deny; allows the operator's pods (hostPath volumes)");
  });

  it("fails when its own evidence predicts a rejection: a volume-types allow-list without hostPath and csi (a kind the old keyword match passed)", () => {
    const volumes = constraint("K8sPSPVolumeTypes", { parameterValues: { volumes: ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim"] } });
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([volumes]) });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("DaemonSet dynatrace-oneagent-csi-driver: volume registration-dir is of type hostPath");
    expect(r.summary).toContain("Injected application pod in shop: volume oneagent-bin is of type csi");
  });

  it("passes when the constraints exclude the namespace in spec.match (also by glob)", () => {
    const r = evaluateAks(aksAzurePolicy, {
      "k8s.gatekeeperConstraints": gk([constraint("K8sAzureV2NoPrivilege", { excludedNamespaces: ["dyna*"], matchExcludedNamespaces: ["dyna*"], parameterValues: {} })]),
      // No application namespace is injected here, so only the operator's namespace matters.
      "k8s.namespaces": [],
    });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label.startsWith("K8sAzureV2NoPrivilege/"))?.value).toBe("deny; does not apply: excludes dynatrace (dyna*)");
  });

  it("a copy of excludedNamespaces under parameters does not exempt: the templates' Rego does not read it", () => {
    const c = constraint("K8sAzureV2NoPrivilege", { excludedNamespaces: ["kube-system", "dynatrace"], matchExcludedNamespaces: ["kube-system"], parameterValues: { excludedNamespaces: ["dynatrace"] } });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([c]) }).status).toBe("fail");
  });

  it("judges the plan's namespace, not a fixed one", () => {
    const facts = { "k8s.gatekeeperConstraints": gk([constraint("K8sAzureV2NoPrivilege", { matchExcludedNamespaces: ["dynatrace"], parameterValues: {} })]) };
    expect(evaluateAks(aksAzurePolicy, facts).status).toBe("pass");
    expect(evaluateAks(aksAzurePolicy, facts, { namespace: "monitoring" }).status).toBe("fail");
  });

  it("a constraint that selects other namespaces by label does not count (the not-ready of issue 13)", () => {
    const c = constraint("K8sAzureV2NoPrivilege", { hasSelector: true, namespaceSelector: { matchLabels: { "policy.example.com/tier": "restricted" } }, parameterValues: {} });
    const facts = { "k8s.gatekeeperConstraints": gk([c]), "k8s.namespace": { name: "dynatrace", exists: true, labels: { "pod-security.kubernetes.io/enforce": "privileged" } } };
    const r = evaluateAks(aksAzurePolicy, facts);
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label.startsWith("K8sAzureV2NoPrivilege/"))?.value).toContain("its namespaceSelector (policy.example.com/tier=restricted) does not select dynatrace");
    // The same constraint on a namespace that carries the label does count.
    const labelled = { ...facts, "k8s.namespace": { name: "dynatrace", exists: true, labels: { "policy.example.com/tier": "restricted" } } };
    expect(evaluateAks(aksAzurePolicy, labelled).status).toBe("fail");
  });

  it("without the namespace's labels, a namespaceSelector it would violate is undecided: warn, not pass", () => {
    const c = constraint("K8sAzureV2NoPrivilege", { hasSelector: true, namespaceSelector: { matchLabels: { "policy.example.com/tier": "restricted" } }, parameterValues: {} });
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([c]), "k8s.namespace": { error: { kind: "forbidden", message: "namespaces \"dynatrace\" is forbidden" } } });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("whether its namespaceSelector (policy.example.com/tier=restricted) selects dynatrace is unknown");
  });

  it("a labelSelector that selects none of the operator's pods does not count; one that selects the CSI driver does", () => {
    const other = constraint("K8sAzureV2NoPrivilege", { hasSelector: true, labelSelector: { matchLabels: { app: "legacy" } }, parameterValues: {} });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([other]) }).status).toBe("pass");
    const csi = constraint("K8sAzureV2NoPrivilege", { hasSelector: true, labelSelector: { matchLabels: { "app.kubernetes.io/component": "csi-driver" } }, parameterValues: {} });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([csi]) }).status).toBe("fail");
  });

  it("warns, naming the constraint and what could not be judged, for an unknown template or parameter: never a pass", () => {
    const unknownKind = constraint("K8sAzureV4HostFilesystem", { parameterValues: { allowedHostPaths: [] } });
    const unknownParam = constraint("K8sPSPPrivilegedContainer", { parameterValues: { exemptImages: [], allowPrivileged: "sometimes" } });
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([unknownKind, unknownParam]) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("2 enforcing constraint(s) apply to dynatrace but could not be judged");
    expect(r.summary).toContain("K8sAzureV4HostFilesystem/azurepolicy-k8sazurev4hostfilesystem-0123456789abcdef (template k8sazurev4hostfilesystem is not one this check evaluates)");
    expect(r.summary).toContain("(parameter allowPrivileged is not understood by this check)");
    expect(r.evidence.find((e) => e.label.startsWith("K8sAzureV4HostFilesystem/"))?.detail).toContain("Its name suggests it restricts hostPath volumes.");
  });

  it("warns for dryrun/warn constraints that would flag the pods; scoped actions decide like deny", () => {
    const dry = constraint("K8sPSPPrivilegedContainer", { enforcementAction: "dryrun", parameterValues: {} });
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([dry]) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("in dryrun mode would flag the operator's pods");
    const scoped = constraint("K8sPSPPrivilegedContainer", { enforcementAction: "scoped", scopedActions: ["deny"], parameterValues: {} });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([scoped]) }).status).toBe("fail");
    const scopedAudit = constraint("K8sPSPPrivilegedContainer", { enforcementAction: "scoped", scopedActions: ["warn"], parameterValues: {} });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([scopedAudit]) }).status).toBe("warn");
  });

  it("ignores constraints that match only other namespaces or other kinds", () => {
    const r = evaluateAks(aksAzurePolicy, {
      "k8s.gatekeeperConstraints": gk([
        constraint("K8sAzureV2NoPrivilege", { namespaces: ["prod-*"], parameterValues: {} }),
        hostPaths([], { matchKinds: ["apps/Deployment"] }),
      ]),
    });
    expect(r.status).toBe("pass");
  });

  it("a namespace labelled admission.gatekeeper.sh/ignore is not reviewed by Gatekeeper at all", () => {
    const facts = { "k8s.gatekeeperConstraints": gk([hostPaths([])]), "k8s.namespace": { name: "dynatrace", exists: true, labels: { "admission.gatekeeper.sh/ignore": "no-self-managing" } } };
    expect(evaluateAks(aksAzurePolicy, facts).status).toBe("pass");
  });

  it("constraints on injected pods cannot decide when the injected namespaces are unknown", () => {
    const volumes = constraint("K8sPSPVolumeTypes", { parameterValues: { volumes: ["configMap", "emptyDir", "projected", "secret", "hostPath"] } });
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([volumes]), "k8s.namespaces": { error: { kind: "forbidden", message: "namespaces is forbidden" } } });
    // Only the injected pod's csi volume is caught, and where injected pods run is not known in this run.
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("the injected namespaces could not be listed");
  });

  it("is unknown when some constraint kinds could not be listed", () => {
    const r = evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([], { unreadable: [{ kind: "K8sAzureV2NoPrivilege", reason: "forbidden" }] }) });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("K8sAzureV2NoPrivilege: forbidden");
  });

  it("warns when the add-on is enabled but no constraints are served yet; passes without add-on and Gatekeeper", () => {
    const none = gk([], { installed: false });
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": none, "az.managedCluster": withPolicy }).status).toBe("warn");
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": none, "az.managedCluster": cluster() }).status).toBe("pass");
  });

  it("applies to any cluster with Gatekeeper, and is not applicable to a non-AKS cluster without it", () => {
    const kubeconfig = { kind: "kubeconfig" as const, aks: undefined };
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([constraint("K8sPSPPrivilegedContainer", { parameterValues: {} })]) }, {}, kubeconfig).status).toBe("fail");
    expect(evaluateAks(aksAzurePolicy, { "k8s.gatekeeperConstraints": gk([], { installed: false }) }, {}, kubeconfig).status).toBe("not-applicable");
  });
});
