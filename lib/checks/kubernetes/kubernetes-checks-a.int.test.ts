// Nodes, architecture, runtime, install permissions, namespace Pod Security and admission dry runs against the real
// test API server (baseline nodes from test/cluster/nodes.ts), through the same entry point the CLI and web use.
import { describe, expect, it } from "vitest";
import type { AnyCheck } from "@/lib/engine/check";
import { checkCluster } from "@/lib/runs/compose";
import type { PlanInput } from "@/lib/engine/plan";
import type { CheckResult } from "@/lib/engine/types";
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import type { AdmissionDryRunFact } from "@/lib/collect/kubernetes/admission-dry-run";
import { adminClient, adminKubeconfig, applyObjects, createTestNamespace, restrictedKubeconfig, uniqueName } from "@/test/cluster/testing";
import { webhookDeployment } from "@/lib/data/operator-workloads";
import { admissionDryRun } from "./admission-dry-run";
import { containerRuntime } from "./container-runtime";
import { installPermissions } from "./install-permissions";
import { kubernetesVersion } from "./kubernetes-version";
import { namespacePodSecurity } from "./namespace-pod-security";
import { nodeArchitecture } from "./node-architecture";

async function run(kubeconfig: string, checks: AnyCheck[], plan: PlanInput = {}) {
  const out = await checkCluster({ kubeconfig, checks, plan });
  const byId = (id: string): CheckResult => out.report.checks.find((c) => c.id === id)!;
  return { ...out, byId };
}

describe("nodes, architecture and runtime on the baseline nodes", () => {
  it("collects the nodes fact as trimmed projections with parsed allocatable", async () => {
    const { facts } = await run(adminKubeconfig(), [nodeArchitecture]);
    const r = facts.get("k8s.nodes")!;
    expect(r.ok).toBe(true);
    const nodes = (r as { value: NodeFact[] }).value;
    const sys = nodes.find((n) => n.name === "aks-system-000000")!;
    expect(sys).toMatchObject({
      arch: "amd64",
      os: "linux",
      pool: "system",
      taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }],
      allocatable: { cpuMillis: 3860, memoryBytes: 13 * 2 ** 30, ephemeralStorageBytes: 118 * 2 ** 30, pods: 110 },
      containerRuntime: "containerd://1.7.27-1",
      ready: true,
      unschedulable: false,
    });
    expect(nodes.find((n) => n.name === "aks-arm-000000")).toMatchObject({ arch: "arm64", pool: "arm", containerRuntime: "containerd://2.0.5" });
    expect(nodes.find((n) => n.name === "akswin000000")).toMatchObject({ os: "windows", pool: "win" });
    expect(r.source.requests[0]).toBe("GET /api/v1/nodes?limit=500");
  });

  it("warns about the Windows and arm64 pools (application mode) and passes the containerd runtime", async () => {
    const { byId } = await run(adminKubeconfig(), [nodeArchitecture, containerRuntime], { mode: "application" });
    const arch = byId("k8s.node-architecture");
    expect(arch.status).toBe("warn");
    expect(arch.summary).toContain(`Windows pool(s) "win" get no Dynatrace pods`);
    expect(arch.summary).toContain(`pool(s) "arm"`);
    expect(arch.evidence.find((e) => e.label === "Pool user")?.value).toBe("2 nodes, amd64, linux");
    const runtime = byId("k8s.container-runtime");
    expect(runtime.status).toBe("pass");
    expect(runtime.evidence.map((e) => e.label)).toContain("containerd://2.0.5");
  });

  it("is unknown, not passed, for the view-only identity (view does not grant nodes)", async () => {
    const { byId } = await run(restrictedKubeconfig(), [nodeArchitecture]);
    const r = byId("k8s.node-architecture");
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("GET /api/v1/nodes?limit=500 is forbidden for this identity (403)");
  });
});

describe("install permissions (SelfSubjectAccessReview)", () => {
  it("passes for the admin identity", async () => {
    const { byId } = await run(adminKubeconfig(), [installPermissions]);
    const r = byId("k8s.install-permissions");
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "Identity")?.value).toBe("admin");
  });

  it("fails for the view-only identity and names the missing permissions with a filled-in binding command", async () => {
    const { byId } = await run(restrictedKubeconfig(), [installPermissions], { namespace: "dt-perm" });
    const r = byId("k8s.install-permissions");
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("create customresourcedefinitions.apiextensions.k8s.io");
    const denied = r.evidence.find((e) => e.label === "Denied")!.detail!;
    expect(denied).toContain("create clusterroles.rbac.authorization.k8s.io");
    expect(denied).toContain("escalate clusterroles.rbac.authorization.k8s.io");
    expect(denied).toContain("create secrets in namespace dt-perm");
    // view grants get on most namespaced objects but never on secrets
    expect(denied).not.toContain("get deployments.apps in namespace dt-perm");
    expect(r.remediation.commands[0]).toMatch(/create clusterrolebinding dynatrace-installer-admin --clusterrole=cluster-admin --user=reader$/);
  });
});

describe("install permissions follow the release and the cluster's version (test cluster: v1.36.3)", () => {
  it("an installer that may not escalate must hold get nodes/pods for chart 1.10+ on 1.36, and not for 1.9.0", async () => {
    // k8s.version reads the cluster's version, as in a full run.
    const { byId } = await run(restrictedKubeconfig(), [installPermissions, kubernetesVersion], { operatorVersion: "1.10.2" });
    const r = byId("k8s.install-permissions");
    expect(r.evidence.find((e) => e.label === "Kubelet API the chart grants")?.detail).toContain("Cluster v1.36.3, operator 1.10.2");
    expect(r.evidence.find((e) => e.label === "Denied")!.detail).toContain("get nodes/pods");
    const old = (await run(restrictedKubeconfig(), [installPermissions, kubernetesVersion], { operatorVersion: "1.9.0" })).byId("k8s.install-permissions");
    expect(old!.evidence.find((e) => e.label === "Denied")!.detail).not.toContain("get nodes/pods");
    expect(old!.evidence.find((e) => e.label === "Denied")!.detail).toContain("get nodes/proxy");
  });
});

describe("namespace Pod Security and admission dry run", () => {
  it("an absent namespace passes the namespace check and leaves admission unproven (warn)", async () => {
    const namespace = uniqueName("dt-absent");
    const { byId, facts } = await run(adminKubeconfig(), [namespacePodSecurity, admissionDryRun], { namespace });
    expect(byId("k8s.namespace-pod-security")).toMatchObject({ status: "pass" });
    expect(byId("k8s.namespace-pod-security").remediation.commands[0]).toContain(`create namespace ${namespace}`);
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("warn");
    expect(dry.summary).toContain(`cannot be proven until namespace "${namespace}" exists`);
    expect((facts.get("k8s.admissionDryRun") as { value: AdmissionDryRunFact }).value.results).toEqual([]);
  });

  it("a restricted namespace fails both: the label, and the privileged CSI Pod rejected by Pod Security", async () => {
    const namespace = await createTestNamespace("dt-restricted", { "pod-security.kubernetes.io/enforce": "restricted" });
    const { byId, facts } = await run(adminKubeconfig(), [namespacePodSecurity, admissionDryRun], { namespace });
    const nsCheck = byId("k8s.namespace-pod-security");
    expect(nsCheck.status).toBe("fail");
    expect(nsCheck.summary).toContain("CSI driver DaemonSet");
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain(`Pod dynatrace-oneagent-csi-driver-dtready-dryrun was rejected by Pod Security "restricted:latest"`);
    expect(dry.remediation.commands[0]).toContain(`label namespace ${namespace} pod-security.kubernetes.io/enforce=privileged`);
    const results = (facts.get("k8s.admissionDryRun") as { value: AdmissionDryRunFact }).value.results;
    const ds = results.find((x) => x.kind === "DaemonSet")!;
    // Controllers are admitted with a warning; only the Pod is rejected by enforce.
    expect(ds.allowed).toBe(true);
    expect(ds.warnings.join(" ")).toContain('would violate PodSecurity "restricted:latest"');
    const csiPod = results.find((x) => x.kind === "Pod" && x.workload === "csi-driver")!;
    expect(csiPod).toMatchObject({ allowed: false, statusCode: 403 });
    expect(csiPod.message).toContain("privileged");
    // The webhook Pod is built for restricted and is admitted.
    expect(results.find((x) => x.kind === "Pod" && x.workload === "webhook")!.allowed).toBe(true);
  });

  it("a privileged namespace admits every workload the full-stack plan installs and their Pods", async () => {
    const namespace = await createTestNamespace("dt-privileged", {
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/audit": "privileged",
      "pod-security.kubernetes.io/warn": "privileged",
    });
    const { byId } = await run(adminKubeconfig(), [namespacePodSecurity, admissionDryRun], { namespace, mode: "full-stack" });
    expect(byId("k8s.namespace-pod-security").status).toBe("pass");
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("pass");
    expect(dry.evidence.map((e) => e.label)).toEqual([
      "DaemonSet dynatrace-oneagent-csi-driver",
      "Pod dynatrace-oneagent-csi-driver-dtready-dryrun",
      "Deployment dynatrace-webhook",
      "Pod dynatrace-webhook-dtready-dryrun",
      "Deployment dynatrace-operator",
      "Pod dynatrace-operator-dtready-dryrun",
      "StatefulSet dynakube-activegate",
      "Pod dynakube-activegate-dtready-dryrun",
      "DaemonSet dynakube-oneagent",
      "Pod dynakube-oneagent-dtready-dryrun",
    ]);
  });

  it("without the CSI driver the webhook, operator and ActiveGate are tried, and they pass even under restricted", async () => {
    const namespace = await createTestNamespace("dt-nocsi", { "pod-security.kubernetes.io/enforce": "restricted" });
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace, csiDriver: false });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("pass");
    expect(dry.evidence.map((e) => e.label)).toEqual([
      "Deployment dynatrace-webhook",
      "Pod dynatrace-webhook-dtready-dryrun",
      "Deployment dynatrace-operator",
      "Pod dynatrace-operator-dtready-dryrun",
      "StatefulSet dynakube-activegate",
      "Pod dynakube-activegate-dtready-dryrun",
    ]);
  });

  it("full-stack in a baseline namespace: the API server rejects the OneAgent Pod (host namespaces, host path), a decided fail", async () => {
    const namespace = await createTestNamespace("dt-baseline-fs", { "pod-security.kubernetes.io/enforce": "baseline" });
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace, mode: "full-stack", csiDriver: false });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain(`Pod dynakube-oneagent-dtready-dryrun was rejected by Pod Security "baseline:latest"`);
    expect(dry.evidence.find((e) => e.label === "Pod dynakube-oneagent-dtready-dryrun")?.detail).toMatch(/host namespaces|hostNetwork/);
  });

  it("a LimitRange max below the ActiveGate's 6 GiB limit: the API server rejects its Pod (403 from the LimitRanger), a decided fail", async () => {
    const namespace = await createTestNamespace("dt-lrmax-ag", { "pod-security.kubernetes.io/enforce": "privileged" });
    await adminClient().api.core.createNamespacedLimitRange({ namespace, body: { metadata: { name: "team-caps", namespace }, spec: { limits: [{ type: "Container", max: { memory: "4Gi" } }] } } });
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace, mode: "platform", csiDriver: false });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain("Pod dynakube-activegate-dtready-dryrun was rejected by a LimitRange: the API server answered");
    expect(dry.summary).toContain("maximum memory usage per Container is 4Gi, but limit is 6Gi");
  });

  it("the view-only identity gets unknown (RBAC), not a false admission failure", async () => {
    const namespace = await createTestNamespace("dt-rbac", { "pod-security.kubernetes.io/enforce": "privileged" });
    const { byId } = await run(restrictedKubeconfig(), [admissionDryRun], { namespace });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("unknown");
    expect(dry.reason).toContain("the identity may not create daemonsets");
  });

  it("a foreign webhook with failurePolicy Fail that cannot be reached fails admission and is named", async () => {
    const marker = uniqueName("dtready-webhook-test");
    const namespace = await createTestNamespace("dt-webhook", { "pod-security.kubernetes.io/enforce": "privileged", "dtready-test": marker });
    // Scoped to this test's namespace only, so parallel tests are not affected.
    await applyObjects([
      {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingWebhookConfiguration",
        metadata: { name: marker },
        webhooks: [
          {
            name: "deny-all.policy.example.com",
            clientConfig: { url: "https://127.0.0.1:1/validate" },
            rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] }],
            namespaceSelector: { matchLabels: { "dtready-test": marker } },
            failurePolicy: "Fail",
            sideEffects: "None",
            admissionReviewVersions: ["v1"],
            timeoutSeconds: 2,
          },
        ],
      },
    ]);
    try {
      const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace });
      const dry = byId("k8s.admission-dry-run");
      expect(dry.status).toBe("fail");
      expect(dry.summary).toContain(`Pod dynatrace-oneagent-csi-driver-dtready-dryrun was rejected because admission webhook "deny-all.policy.example.com" could not be called`);
      // Only pods are matched: the DaemonSet itself was admitted.
      expect(dry.evidence.find((e) => e.label === "DaemonSet dynatrace-oneagent-csi-driver")?.value).toMatch(/^admitted/);
    } finally {
      await adminClient().api.admission.deleteValidatingWebhookConfiguration({ name: marker });
    }
  });

  it("an existing install (objects with the same names) still proves admission: the conflict comes after admission", async () => {
    const namespace = await createTestNamespace("dt-existing", { "pod-security.kubernetes.io/enforce": "privileged" });
    await applyObjects([webhookDeployment({ namespace, operatorVersion: "1.10.2" }) as object]);
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("pass");
    expect(dry.evidence.find((e) => e.label === "Deployment dynatrace-webhook")?.value).toBe("admitted (HTTP 409, name already taken)");
  });

  it("a ResourceQuota that the CSI provisioner (requests only, no limits) cannot satisfy is reported as a quota rejection", async () => {
    const namespace = await createTestNamespace("dt-quota", { "pod-security.kubernetes.io/enforce": "privileged" });
    const hard = { "limits.cpu": "4", "limits.memory": "4Gi" };
    const core = adminClient().api.core;
    await core.createNamespacedResourceQuota({ namespace, body: { metadata: { name: "compute", namespace }, spec: { hard } } });
    // No kube-controller-manager runs in the test cluster: set the status the quota controller would write.
    await core.replaceNamespacedResourceQuotaStatus({
      name: "compute",
      namespace,
      body: { metadata: { name: "compute", namespace }, spec: { hard }, status: { hard, used: { "limits.cpu": "0", "limits.memory": "0" } } },
    });
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain(`rejected by ResourceQuota "compute"`);
  });
  it("a LimitRange default limit below the CSI provisioner's request is the API server's 422: a decided fail, quoting it", async () => {
    const namespace = await createTestNamespace("dt-lr-default", { "pod-security.kubernetes.io/enforce": "privileged" });
    // The provisioner sets no limit (chart values), so the LimitRanger fills in 100m, below its 300m request.
    await adminClient().api.core.createNamespacedLimitRange({
      namespace,
      body: { metadata: { name: "small-defaults", namespace }, spec: { limits: [{ type: "Container", _default: { cpu: "100m" }, defaultRequest: { cpu: "50m" } }] } },
    });
    const { byId, facts } = await run(adminKubeconfig(), [admissionDryRun], { namespace });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain("Pod dynatrace-oneagent-csi-driver-dtready-dryrun was rejected as invalid (HTTP 422; a LimitRange default limit is below the container's request)");
    expect(dry.summary).toContain('must be less than or equal to cpu limit of 100m"');
    const pod = (facts.get("k8s.admissionDryRun") as { value: AdmissionDryRunFact }).value.results.find((x) => x.kind === "Pod" && x.workload === "csi-driver")!;
    expect(pod).toMatchObject({ allowed: false, statusCode: 422, reason: "Invalid", detailsName: "dynatrace-oneagent-csi-driver-dtready-dryrun" });
    expect(pod.causes?.[0]).toMatch(/^spec\.containers\[\d\]\.resources\.requests: Invalid value: "300m"/);
    // LimitRanges apply to Pods: the DaemonSet itself is admitted.
    expect(dry.evidence.find((e) => e.label === "DaemonSet dynatrace-oneagent-csi-driver")?.value).toMatch(/^admitted/);
  });

  it("a namespace being deleted rejects the Pods (403 from NamespaceLifecycle): a decided fail, not RBAC", async () => {
    const namespace = await createTestNamespace("dt-terminating", { "pod-security.kubernetes.io/enforce": "privileged" });
    // No namespace controller runs in the test cluster, so the namespace stays Terminating.
    await adminClient().api.core.deleteNamespace({ name: namespace });
    const { byId } = await run(adminKubeconfig(), [admissionDryRun], { namespace, csiDriver: false });
    const dry = byId("k8s.admission-dry-run");
    expect(dry.status).toBe("fail");
    expect(dry.summary).toContain("Pod dynatrace-webhook-dtready-dryrun was rejected: the namespace is being deleted");
    expect(dry.remediation.text).toContain("is being deleted");
  });
});
