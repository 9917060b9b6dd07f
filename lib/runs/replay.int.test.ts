// Replay on the real test cluster: stored facts judged again give the run's own results, and a changed plan changes
// exactly the checks it should (those whose facts were read for a changed plan field turn stale: unknown, never judged).
import { describe, expect, it } from "vitest";
import { CHECKS } from "@/lib/checks/registry";
import { COLLECTORS, kubeconfigAccessCollector } from "@/lib/collect/registry";
import { factsFileSchema } from "@/lib/contracts/facts-file";
import { isManual } from "@/lib/engine/check";
import type { CheckResult } from "@/lib/engine/types";
import { adminKubeconfig, applyObjects, createTestNamespace } from "@/test/cluster/testing";
import { checkCluster } from "./compose";
import { factsFileOf, factStoreOf, replay, replayPlan } from "./replay";

const judged = (c: CheckResult) => ({ id: c.id, status: c.status, summary: c.summary, evidence: c.evidence, remediation: c.remediation, reason: c.reason });

async function prepare() {
  const ns = await createTestNamespace("dtr-replay", { "pod-security.kubernetes.io/enforce": "baseline" });
  await applyObjects([{ apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: ns }, spec: { limits: [{ type: "Container", max: { memory: "1Gi" } }] } }]);
  return ns;
}

describe("replay", () => {
  it("a run's facts, written and read back as a facts file, judge to exactly the run's results", async () => {
    const ns = await prepare();
    const original = await checkCluster({ kubeconfig: adminKubeconfig(), plan: { namespace: ns, mode: "full-stack" } });
    // Through JSON, as `--facts-out` writes and `replay` reads it.
    const file = factsFileSchema.parse(JSON.parse(JSON.stringify(factsFileOf(original, "test"))));
    const again = replay({ facts: factStoreOf(file.facts), target: file.target, plan: file.plan, replayOf: { collectedAt: file.startedAt } });
    expect(again.verdict).toBe(original.report.verdict);
    expect(again.checks.map(judged)).toEqual(original.report.checks.map(judged));
    expect(again.replayOf).toEqual({ collectedAt: original.report.startedAt });
  });

  it("under another plan, the checks whose facts were read for a changed field are stale and every other one is judged as a real run of that plan", async () => {
    const ns = await prepare();
    const planA = { namespace: ns, mode: "full-stack" as const, csiDriver: true };
    const a = await checkCluster({ kubeconfig: adminKubeconfig(), plan: planA });
    const planB = replayPlan(a.report.plan, { mode: "application", csiDriver: false });
    const replayed = replay({ facts: a.facts, target: a.report.target, plan: planB, replayOf: { collectedAt: a.report.startedAt } });
    const real = await checkCluster({ kubeconfig: adminKubeconfig(), plan: planB });

    // The oracle for "should": the collectors' own declarations of the plan fields they read.
    const changed = new Set(["mode", "csiDriver"]);
    const staleFacts = new Set(
      [kubeconfigAccessCollector, ...COLLECTORS].filter((c) => (c.reads ?? []).some((f) => changed.has(f))).flatMap((c) => c.produces as readonly string[]),
    );
    const expectedStale = CHECKS.filter((c) => !isManual(c) && !c.notApplicable?.({ plan: planB, target: a.report.target }))
      .filter((c) => !isManual(c) && c.needs.some((k) => staleFacts.has(k) && a.facts.has(k)))
      .map((c) => c.id);
    const stale = replayed.checks.filter((c) => c.status === "unknown" && c.reason?.startsWith("Not collected for this plan")).map((c) => c.id);
    expect(stale.sort()).toEqual(expectedStale.sort());
    expect(stale).toContain("k8s.admission-dry-run");
    expect(stale).toContain("k8s.install-permissions");
    for (const id of stale) expect(replayed.checks.find((c) => c.id === id)!.reason).toMatch(/collected for csiDriver true.*now says csiDriver false/);

    // Every other check: what a real run of plan B finds. Two checks read cluster-wide objects that other test files
    // create and delete while this one runs (webhook configurations, Dynatrace CRDs), so they are compared by the facts they judged instead.
    const racing = new Set(["k8s.foreign-webhooks", "k8s.existing-installation"]);
    for (const r of replayed.checks) {
      if (stale.includes(r.id) || racing.has(r.id)) continue;
      const b = real.report.checks.find((c) => c.id === r.id)!;
      expect({ id: r.id, status: r.status }).toEqual({ id: b.id, status: b.status });
    }
    // And something did change because of the plan: judged under B, a check reads the plan itself.
    const changedByPlan = replayed.checks.filter((r) => !stale.includes(r.id) && a.report.checks.find((c) => c.id === r.id)!.status !== r.status);
    expect(changedByPlan.map((c) => c.id).length).toBeGreaterThan(0);
  });
});
