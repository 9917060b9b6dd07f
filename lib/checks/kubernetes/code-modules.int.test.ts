// Code-module delivery against the real test API server (v1.36.3, baseline nodes from test/cluster/nodes.ts):
// image-volume prerequisites read from the nodes' real status.nodeInfo, and the per-pod storage of ephemeral
// volumes judged on pods really bound to a node.
//
// Isolation: the pods live in a unique namespace with a unique label, and the plan injects only namespaces with
// that label, so no other test's pods count. They request no CPU or memory (other files judge those).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyCheck } from "@/lib/engine/check";
import { checkCluster } from "@/lib/runs/compose";
import type { PlanInput } from "@/lib/engine/plan";
import type { CheckResult } from "@/lib/engine/types";
import { adminClient, adminKubeconfig, applyObjects, createTestNamespace, uniqueName } from "@/test/cluster/testing";
import { codeModuleDeliveryCheck } from "./code-module-delivery";
import { ephemeralStorage } from "./ephemeral-storage";

async function run(checks: AnyCheck[], plan: PlanInput) {
  const out = await checkCluster({ kubeconfig: adminKubeconfig(), checks, plan });
  return (id: string): CheckResult => out.report.checks.find((c) => c.id === id)!;
}

describe("image-volume delivery on the baseline nodes", () => {
  it("fails: the baseline's containerd 1.7 and 2.0 nodes cannot mount image volumes, though Kubernetes 1.36 could", async () => {
    const byId = await run([codeModuleDeliveryCheck], { codeModules: "image-volume", operatorVersion: "1.11.0" });
    const r = byId("k8s.code-module-delivery");
    expect(r.status).toBe("fail");
    expect(r.summary).not.toContain("Kubernetes 1.36 is below");
    expect(r.summary).toContain("aks-user-000000 (containerd://1.7.27-1 (needs containerd 2.2+))");
    expect(r.summary).toContain("aks-arm-000000 (containerd://2.0.5 (needs containerd 2.2+))");
    // Windows runs no injected pods.
    expect(r.summary).not.toContain("akswin000000");
    expect(r.evidence.find((e) => e.label === "API server")?.value).toBe("v1.36.3");
  });

  it("fails for operator 1.10.2, which has no image volumes", async () => {
    const byId = await run([codeModuleDeliveryCheck], { codeModules: "image-volume", operatorVersion: "1.10.2" });
    expect(byId("k8s.code-module-delivery").summary).toContain("operator 1.10.2 does not deliver code modules by image volume");
  });
});

describe("ephemeral volumes: per-pod copies on a node", () => {
  const label = uniqueName("dtr-inject");
  let ns: string;
  const pods: string[] = [];
  beforeAll(async () => {
    ns = await createTestNamespace("dtr-ephemeral", { "dtready-test-inject": label });
    // A pod already holding most of the arm node's ephemeral storage (118 GiB allocatable), and six small ones:
    // seven injected pods × ~1.5 GB = ~10.5 GB against 8 GiB free.
    const pod = (name: string, ephemeral?: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns },
      spec: {
        nodeName: "aks-arm-000000",
        containers: [{ name: "app", image: "registry.example/app:1", ...(ephemeral ? { resources: { requests: { "ephemeral-storage": ephemeral } } } : {}) }],
      },
    });
    pods.push(uniqueName("filler"), ...Array.from({ length: 6 }, () => uniqueName("app")));
    await applyObjects(pods.map((name, i) => pod(name, i === 0 ? "110Gi" : undefined)));
  });
  afterAll(async () => {
    // Pods bound to a node without a kubelet only go away with gracePeriodSeconds 0.
    await Promise.all(pods.map((name) => adminClient().api.core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 })));
    await adminClient().api.core.deleteNamespace({ name: ns });
  });

  it("fails without the CSI driver: pods would be evicted; passes with it (one copy per node)", async () => {
    const namespaceSelector = { matchLabels: { "dtready-test-inject": label } };
    const without = (await run([ephemeralStorage], { csiDriver: false, namespaceSelector }))("k8s.ephemeral-storage");
    expect(without.status).toBe("fail");
    expect(without.summary).toContain("aks-arm-000000 (7 injected pods × ~1.5 GB = ~11 GB, 8 GiB free)");
    expect(without.summary).toContain("pods would be evicted");
    const withCsi = (await run([ephemeralStorage], { namespaceSelector }))("k8s.ephemeral-storage");
    expect(withCsi.status).toBe("pass");
  });
});
