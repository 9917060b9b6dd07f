import { describe, expect, it } from "vitest";
import { nodeResources } from "./node-resources";
import { baselineNodes, evaluateCheck, node } from "./testing";

const Gi = 2 ** 30;
const noPods = { nodes: {}, unscheduledPods: 0, totalPods: 0 };

describe("k8s.node-resources", () => {
  it("passes when untainted linux nodes have room for everything", () => {
    const r = evaluateCheck(nodeResources, { "k8s.nodes": [node("a"), node("b")], "k8s.podRequestsByNode": noPods });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label.startsWith("Webhook"))?.value).toBe("fits on two nodes: a, b");
    expect(r.evidence.find((e) => e.label.startsWith("ActiveGate"))?.value).toMatch(/fits on/);
  });

  it("warns on the AKS baseline: the CSI driver skips the CriticalAddonsOnly system pool", () => {
    const r = evaluateCheck(nodeResources, { "k8s.nodes": baselineNodes(), "k8s.podRequestsByNode": noPods }, { mode: "application" });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/CSI driver will not run on 1 tainted node/);
    const skipped = r.evidence.find((e) => e.label === "CSI driver: nodes it does not tolerate");
    expect(skipped?.value).toBe("aks-system-000000 (CriticalAddonsOnly=true:NoSchedule)");
    // Windows is not a CSI node and is named as unusable for operator and webhook.
    expect(r.evidence.find((e) => e.label.startsWith("Nodes the operator"))?.value).toContain("akswin000000 (windows node)");
  });

  it("does not warn about CSI on tainted nodes in platform mode, where nothing is injected", () => {
    const r = evaluateCheck(nodeResources, { "k8s.nodes": baselineNodes(), "k8s.podRequestsByNode": noPods }, { mode: "platform" });
    expect(r.status).toBe("pass");
  });

  it("fails when no node can take the 6 GiB ActiveGate", () => {
    const small = [node("a", { memGi: 4 }), node("b", { memGi: 4 })];
    const r = evaluateCheck(nodeResources, { "k8s.nodes": small, "k8s.podRequestsByNode": noPods });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/No node has room for the ActiveGate \(200m CPU \/ 6 GiB\)/);
    expect(r.remediation.commands.join("\n")).toContain("kubectl --context aks-test describe nodes");
  });

  it("counts the requests of running pods: full nodes leave no room for the webhook", () => {
    const nodes = [node("a", { cpu: 2000 }), node("b", { cpu: 2000 })];
    const used = {
      nodes: {
        a: { cpuMillis: 1900, memoryBytes: 1 * Gi, ephemeralStorageBytes: 0, pods: 10 },
        b: { cpuMillis: 1900, memoryBytes: 1 * Gi, ephemeralStorageBytes: 0, pods: 10 },
      },
      unscheduledPods: 0,
      totalPods: 20,
    };
    const r = evaluateCheck(nodeResources, { "k8s.nodes": nodes, "k8s.podRequestsByNode": used }, { mode: "platform", csiDriver: false });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/no node has room for a webhook replica/i);
    expect(r.evidence[0]!.value).toBe("allocatable minus the requests of 20 running pods");
  });

  it("warns when only one node can host a webhook replica (no high availability)", () => {
    const nodes = [node("big"), node("tainted", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] })];
    const r = evaluateCheck(nodeResources, { "k8s.nodes": nodes, "k8s.podRequestsByNode": noPods }, { mode: "platform", csiDriver: false });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/only one node has room for a webhook replica/i);
  });

  it("still judges by allocatable when the pod list is forbidden, and says so", () => {
    const r = evaluateCheck(nodeResources, {
      "k8s.nodes": [node("a"), node("b")],
      "k8s.podRequestsByNode": { error: { kind: "forbidden", message: "GET /api/v1/pods is forbidden" } },
    });
    expect(r.status).toBe("pass");
    expect(r.evidence[0]!.value).toMatch(/allocatable capacity only/);
    expect(r.evidence[0]!.detail).toMatch(/forbidden/);
  });

  it("is unknown when the nodes cannot be read", () => {
    const r = evaluateCheck(nodeResources, { "k8s.nodes": { error: { kind: "forbidden", message: "nodes is forbidden" } }, "k8s.podRequestsByNode": noPods });
    expect(r.status).toBe("unknown");
    expect(r.reason).toMatch(/Forbidden/);
  });

  it("fails when its own evidence predicts a pod can never be placed: a node too small for the CSI driver even when empty", () => {
    const r = evaluateCheck(nodeResources, { "k8s.nodes": [node("a"), node("b"), node("tiny", { cpu: 200 })], "k8s.podRequestsByNode": noPods });
    expect(r.status).toBe("fail");
    expect(r.evidence.find((e) => e.label === "CSI driver: nodes too small")?.value).toMatch(/tiny: CPU \(needs 390m, 200m left\)/);
  });
});
