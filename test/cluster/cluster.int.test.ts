// The test cluster is a real API server: real RBAC, real Pod Security admission, real dry-run.
import { ApiException, CoreV1Api, KubeConfig, AuthorizationV1Api, type V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { adminKubeconfig, createTestNamespace, restrictedKubeconfig } from "./testing";

function apis(kubeconfigText: string) {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigText);
  return { core: kc.makeApiClient(CoreV1Api), authz: kc.makeApiClient(AuthorizationV1Api) };
}

const canCreateClusterRoles = async (kubeconfigText: string) => {
  const review = await apis(kubeconfigText).authz.createSelfSubjectAccessReview({
    body: { spec: { resourceAttributes: { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" } } },
  });
  return review.status?.allowed;
};

const privilegedPod = (namespace: string): V1Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "privileged", namespace },
  spec: {
    containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }],
    volumes: [{ name: "host", hostPath: { path: "/var/lib/kubelet" } }],
  },
});

describe("test cluster", () => {
  it("answers kubectl-style reads with the admin kubeconfig and shows the baseline nodes as a kubelet registered them", async () => {
    const { core } = apis(adminKubeconfig());
    const nodes = await core.listNode();
    const arm = nodes.items.find((n) => n.metadata?.name === "aks-arm-000000");
    expect(arm?.metadata?.labels?.["kubernetes.io/arch"]).toBe("arm64");
    expect(arm?.status?.nodeInfo?.containerRuntimeVersion).toBe("containerd://2.0.5");
    expect(arm?.status?.allocatable?.["ephemeral-storage"]).toBe("118Gi");
    expect(arm?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    // TaintNodesByCondition is off: no not-ready taint that no controller would ever remove.
    expect(arm?.spec?.taints ?? []).toEqual([]);
    const win = nodes.items.find((n) => n.metadata?.name === "akswin000000");
    expect(win?.spec?.taints).toEqual([{ key: "os", value: "windows", effect: "NoSchedule" }]);
  });

  it("allows the admin to create ClusterRoles and denies the restricted identity (RBAC)", async () => {
    expect(await canCreateClusterRoles(adminKubeconfig())).toBe(true);
    expect(await canCreateClusterRoles(restrictedKubeconfig())).toBe(false);
  });

  it("lets the restricted identity read (view) but not write", async () => {
    const { core } = apis(restrictedKubeconfig());
    await expect(core.listNamespacedPod({ namespace: "default" })).resolves.toBeDefined();
    const err = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "x" } }, dryRun: "All" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(403);
  });

  it("rejects a privileged Pod in a restricted namespace through Pod Security admission (server-side dry run)", async () => {
    const ns = await createTestNamespace("psa-restricted", { "pod-security.kubernetes.io/enforce": "restricted" });
    const { core } = apis(adminKubeconfig());
    const err = await core.createNamespacedPod({ namespace: ns, body: privilegedPod(ns), dryRun: "All" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(403);
    const status = JSON.parse(String((err as ApiException<string>).body)) as { message: string };
    expect(status.message).toContain('violates PodSecurity "restricted:latest"');
    expect(status.message).toContain(`restricted volume type "hostPath"`);
  });

  it("admits the same Pod in a privileged namespace, without creating it (dry run)", async () => {
    const ns = await createTestNamespace("psa-privileged", { "pod-security.kubernetes.io/enforce": "privileged" });
    const { core } = apis(adminKubeconfig());
    const pod = await core.createNamespacedPod({ namespace: ns, body: privilegedPod(ns), dryRun: "All" });
    expect(pod.metadata?.name).toBe("privileged");
    const list = await core.listNamespacedPod({ namespace: ns });
    expect(list.items).toHaveLength(0);
  });
});
