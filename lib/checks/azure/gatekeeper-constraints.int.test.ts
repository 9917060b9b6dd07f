// az.azure-policy against a real kube-apiserver serving Gatekeeper's API: the ConstraintTemplate CRD, the constraint
// CRDs Gatekeeper generates per template, and constraint objects as the Azure Policy add-on and a self-managed
// Gatekeeper write them (test/cluster/gatekeeper.ts). The collector reads them through discovery, as on AKS.
//
// Isolation: a dedicated cluster (.test-cluster-gatekeeper), because the constraints.gatekeeper.sh group is
// cluster-wide and other test files assert a cluster without Gatekeeper. Each constraint is scoped by
// match.namespaces to one scenario's namespace, and the plans inject only gk-apps-quiet (namespaceSelector), so the
// scenarios do not see each other's constraints through injected pods; gk-apps-strict is the injected-pod scenario.
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import type { KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatekeeperFact } from "@/lib/collect/kubernetes/gatekeeper";
import { checkCluster } from "@/lib/runs/compose";
import type { PlanInput } from "@/lib/engine/plan";
import type { CheckResult } from "@/lib/engine/types";
import { adminKubeConfig, applyObjects } from "@/test/cluster/apply";
import { startTestCluster } from "@/test/cluster/bootstrap";
import { adminKubeconfigPath, apiGet, restrictedKubeconfigPath, stopCluster, type ClusterState } from "@/test/cluster/cluster";
import { CONSTRAINT_TEMPLATE_CRD, constraint, constraintCrd, constraintTemplate } from "@/test/cluster/gatekeeper";
import type { AnyCheck } from "@/lib/engine/check";
import { monitoringScope } from "../kubernetes/monitoring-scope";
import { namespacePodSecurity } from "../kubernetes/namespace-pod-security";
import { aksAzurePolicy } from "./azure-policy";

const dir = resolve(".test-cluster-gatekeeper");
let state: ClusterState;
const KINDS = ["K8sPSPVolumeTypes", "K8sAzureV2NoPrivilege", "K8sAzureV3HostFilesystem", "K8sRequiredLabels"];
const apply = (objs: KubernetesObject[]) => applyObjects(adminKubeConfig(adminKubeconfigPath(dir)), objs);
const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }) as KubernetesObject;
const RESTRICTED_VOLUMES = ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim"];

beforeAll(async () => {
  state = await startTestCluster({ dir });
  await apply([CONSTRAINT_TEMPLATE_CRD, ...KINDS.map(constraintCrd)]);
  // Wait until the API server serves every constraint kind (CRDs become established asynchronously).
  for (let i = 0; ; i++) {
    const r = await apiGet(state, "/apis/constraints.gatekeeper.sh/v1beta1");
    if (r.status === 200 && KINDS.every((k) => r.body.includes(`"kind":"${k}"`))) break;
    if (i > 100) throw new Error(`constraint CRDs not served: ${r.status} ${r.body.slice(0, 200)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await apply([
    ...KINDS.map(constraintTemplate),
    ns("gk-volumes"),
    ns("gk-selector"),
    ns("gk-restricted-team", { tier: "restricted" }),
    ns("gk-hostpath"),
    ns("gk-unknown"),
    ns("gk-apps-quiet", { inject: "quiet" }),
    ns("gk-apps-strict", { inject: "strict" }),
    // The Azure Policy add-on's shape: scope under spec.match, the definition's values under spec.parameters.
    constraint("K8sPSPVolumeTypes", "psp-volume-types", {
      match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["gk-volumes", "gk-apps-strict"] },
      parameters: { volumes: RESTRICTED_VOLUMES },
    }),
    constraint("K8sAzureV2NoPrivilege", "azurepolicy-k8sazurev2noprivilege-3a4f1c", {
      enforcementAction: "deny",
      match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["kube-system", "gatekeeper-system"], namespaceSelector: { matchLabels: { tier: "restricted" } } },
      parameters: { excludedContainers: [], excludedImages: [] },
    }),
    constraint("K8sAzureV3HostFilesystem", "azurepolicy-k8sazurev3hostfilesystem-9b2e7d", {
      enforcementAction: "dryrun",
      match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["gk-hostpath"] },
      parameters: { allowedHostPaths: [{ pathPrefix: "/var/lib/kubelet/plugins", readOnly: false }], excludedContainers: [], excludedImages: [] },
    }),
    constraint("K8sRequiredLabels", "must-have-owner", {
      match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["gk-unknown"] },
      parameters: { labels: [{ key: "owner" }] },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await stopCluster(dir);
});

async function run(plan: PlanInput, kubeconfigPath = adminKubeconfigPath(dir), more: AnyCheck[] = []) {
  // monitoringScope makes the engine list the namespaces, as a full run does.
  const out = await checkCluster({
    kubeconfig: readFileSync(kubeconfigPath, "utf8"),
    checks: [aksAzurePolicy, monitoringScope, ...more],
    plan: { namespaceSelector: { matchLabels: { inject: "quiet" } }, ...plan },
  });
  return { result: out.report.checks.find((c) => c.id === "az.azure-policy") as CheckResult, facts: out.facts };
}

describe("Gatekeeper constraints on a real API server", () => {
  it("reads each constraint kind through discovery, with its parameters, selectors and action as written", async () => {
    const { facts } = await run({ namespace: "gk-selector" });
    const g = (facts.get("k8s.gatekeeperConstraints") as { value: GatekeeperFact }).value;
    expect(g.constraints.map((c) => c.kind)).toEqual(["K8sAzureV2NoPrivilege", "K8sAzureV3HostFilesystem", "K8sPSPVolumeTypes", "K8sRequiredLabels"]);
    const vol = g.constraints.find((c) => c.kind === "K8sPSPVolumeTypes")!;
    expect(vol).toMatchObject({ enforcementAction: "deny", matchKinds: ["/Pod"], namespaces: ["gk-volumes", "gk-apps-strict"], parameterValues: { volumes: RESTRICTED_VOLUMES } });
    expect(g.constraints.find((c) => c.kind === "K8sAzureV2NoPrivilege")).toMatchObject({ namespaceSelector: { matchLabels: { tier: "restricted" } }, matchExcludedNamespaces: ["kube-system", "gatekeeper-system"] });
  });

  it("fails: a volume-types allow-list without hostPath and csi rejects the CSI driver (a kind the old keyword match passed)", async () => {
    const { result } = await run({ namespace: "gk-volumes" });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("K8sPSPVolumeTypes/psp-volume-types (volume types: DaemonSet dynatrace-oneagent-csi-driver: volume registration-dir is of type hostPath");
    expect(result.summary).toContain("Those pods would be rejected.");
  });

  it("passes: a constraint that selects other namespaces by label does not count for the operator's namespace", async () => {
    const { result } = await run({ namespace: "gk-selector" }, adminKubeconfigPath(dir), [namespacePodSecurity]);
    expect(result.status).toBe("pass");
    expect(result.evidence.find((e) => e.label === "K8sAzureV2NoPrivilege/azurepolicy-k8sazurev2noprivilege-3a4f1c")?.value).toBe(
      "deny; does not apply: its namespaceSelector (tier=restricted) does not select gk-selector; its namespaceSelector (tier=restricted) does not select gk-apps-quiet",
    );
  });

  it("fails the same constraint for an operator namespace that carries the label (read with the namespace check, as in a full run)", async () => {
    const { result } = await run({ namespace: "gk-restricted-team" }, adminKubeconfigPath(dir), [namespacePodSecurity]);
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("privileged containers: DaemonSet dynatrace-oneagent-csi-driver: container \"server\" is privileged");
  });

  it("fails for injected application pods: the same allow-list on an injected namespace rejects every injected pod", async () => {
    const { result } = await run({ namespace: "gk-selector", namespaceSelector: { matchLabels: { inject: "strict" } } });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("Injected application pod in gk-apps-strict: volume oneagent-bin is of type csi");
    // Without the CSI driver the injected code modules are an emptyDir, which the allow-list admits.
    const { result: ephemeral } = await run({ namespace: "gk-selector", namespaceSelector: { matchLabels: { inject: "strict" } }, csiDriver: false });
    expect(ephemeral.status).toBe("pass");
  });

  it("warns for a dryrun host-path constraint whose allowed prefix is too narrow for the CSI driver", async () => {
    const { result } = await run({ namespace: "gk-hostpath" });
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("in dryrun mode would flag the operator's pods");
    expect(result.summary).toContain("hostPath /var/lib/kubelet/pods/ (volume mountpoint-dir) is not allowed");
  });

  it("without the namespace's labels, a namespaceSelector constraint it would violate is undecided (warn), not passed", async () => {
    const { result } = await run({ namespace: "gk-restricted-team" });
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("whether its namespaceSelector (tier=restricted) selects gk-restricted-team is unknown");
  });

  it("warns, naming the constraint, for a template it does not evaluate: never a pass", async () => {
    const { result } = await run({ namespace: "gk-unknown" });
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("K8sRequiredLabels/must-have-owner (template k8srequiredlabels is not one this check evaluates)");
  });

  it("is unknown for the view-only identity, which may not list constraints", async () => {
    const { result } = await run({ namespace: "gk-volumes" }, restrictedKubeconfigPath(dir));
    expect(result.status).toBe("unknown");
    expect(result.reason).toContain("forbidden");
  });
});
