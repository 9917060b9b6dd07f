// The opt-in egress probe against the real test cluster. It has no kubelet, so the probe pod never runs: the honest
// outcome is unknown, and the pod must be gone afterwards. Without opt-in nothing is created.
import { describe, expect, it } from "vitest";
import { adminClient, createTestNamespace, restrictedClient } from "@/test/cluster/testing";
import { runReadiness } from "@/lib/engine/run";
import { parsePlan } from "@/lib/engine/plan";
import type { Target } from "@/lib/engine/types";
import type { KubeClient } from "./client";
import { inClusterEgress } from "@/lib/checks/network/in-cluster-egress";
import { egressProbeCollector, PROBE_LABELS } from "./egress-probe";

const target = (server: string): Target => ({
  kind: "kubeconfig",
  name: "dtready-test",
  context: "test",
  server,
  tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false },
});

async function probePods(ns: string) {
  const list = await adminClient().api.core.listNamespacedPod({ namespace: ns, labelSelector: "app.kubernetes.io/managed-by=dtready" });
  return list.items.map((p) => p.metadata?.name);
}

async function run(client: KubeClient, ns: string, egressProbe: boolean) {
  return runReadiness({
    plan: parsePlan({ namespace: ns, egressProbe }),
    target: target(client.server),
    checks: [inClusterEgress],
    collectors: [egressProbeCollector],
    clients: { kubernetes: client, egressProbeWaitMs: 3000 },
    budgetMs: 30_000,
  });
}

describe("k8s.in-cluster-egress probe", () => {
  it("opted in: the pod is created, never runs (no kubelet), the result is unknown, and the pod is deleted", async () => {
    const ns = await createTestNamespace("egress");
    const { report, facts } = await run(adminClient(), ns, true);
    const result = report.checks[0]!;
    expect(result.status).toBe("unknown");
    expect(result.reason).toBe("the probe pod did not start within 3 s (no node ran it)");
    const fact = facts.get("k8s.inClusterEgress")!;
    expect(fact.source.requests).toContain(`POST /api/v1/namespaces/${ns}/pods (egress probe)`);
    expect(fact.source.requests.some((r) => r.startsWith(`DELETE /api/v1/namespaces/${ns}/pods/dtready-egress-probe-`))).toBe(true);
    expect(fact.ok && fact.value).toMatchObject({ deleted: true, completed: false });
    expect(await probePods(ns)).toEqual([]);
    expect(PROBE_LABELS["app.kubernetes.io/managed-by"]).toBe("dtready");
  });

  it("when the run's budget ends first, the probe pod is still deleted", async () => {
    const ns = await createTestNamespace("egress");
    const client = adminClient();
    const { report, facts } = await runReadiness({
      plan: parsePlan({ namespace: ns, egressProbe: true }),
      target: target(client.server),
      checks: [inClusterEgress],
      collectors: [egressProbeCollector],
      clients: { kubernetes: client, egressProbeWaitMs: 20_000 },
      budgetMs: 2_000,
    });
    expect(facts.get("k8s.inClusterEgress")!.source.requests).toContain(`POST /api/v1/namespaces/${ns}/pods (egress probe)`);
    expect(report.checks[0]!.status).toBe("unknown");
    expect(report.checks[0]!.reason).toContain("time budget");
    // Deletion runs in the collector's finally, with its own timeout, after the run has given up waiting.
    const deadline = Date.now() + 10_000;
    let left = await probePods(ns);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      left = await probePods(ns);
    }
    expect(left).toEqual([]);
  });

  it("not opted in: not applicable and nothing is created", async () => {
    const ns = await createTestNamespace("egress");
    const { report, facts, stats } = await run(adminClient(), ns, false);
    expect(report.checks[0]!.status).toBe("not-applicable");
    expect(facts.has("k8s.inClusterEgress")).toBe(false);
    expect(stats.requests).toBe(0);
    expect(await probePods(ns)).toEqual([]);
  });

  it("an identity that may not create pods gets unknown with the reason", async () => {
    const ns = await createTestNamespace("egress");
    const { report } = await run(restrictedClient(), ns, true);
    expect(report.checks[0]!.status).toBe("unknown");
    expect(report.checks[0]!.reason).toContain("forbidden");
    expect(await probePods(ns)).toEqual([]);
  });

  it("a namespace that does not exist yet creates nothing and says so", async () => {
    const { report } = await run(adminClient(), "dtready-absent-ns-egress", true);
    expect(report.checks[0]!.status).toBe("unknown");
    expect(report.checks[0]!.reason).toContain("namespace dtready-absent-ns-egress does not exist");
  });
});
