import { describe, expect, it } from "vitest";
import { ephemeralStorage } from "./ephemeral-storage";
import { baselineNodes, evaluateCheck, node } from "./testing";

const namespaces = [{ name: "shop", labels: {} }, { name: "kube-system", labels: {} }];
const pods = { shop: 100, "kube-system": 30 };

describe("k8s.ephemeral-storage", () => {
  it("passes on the baseline and plans storage per CSI node and per pod", () => {
    const r = evaluateCheck(ephemeralStorage, { "k8s.nodes": baselineNodes(), "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods });
    expect(r.status).toBe("pass");
    // CSI runs on the two user nodes and the arm node: not on the tainted system node nor Windows.
    expect(r.evidence.find((e) => e.label === "Storage plan with the CSI driver")?.value).toBe("3 nodes × ~1.5 GB = ~4.5 GB");
    // kube-system is ignored by the operator, so only the 100 shop pods count.
    expect(r.evidence.find((e) => e.label === "Storage plan without the CSI driver")?.value).toBe("100 pods in injected namespaces × ~1.5 GB = ~150 GB");
  });

  it("warns under 5 GiB and fails under 2 GiB", () => {
    const warn = evaluateCheck(ephemeralStorage, { "k8s.nodes": [node("a", { ephemeralGi: 4 }), node("b")], "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods });
    expect(warn.status).toBe("warn");
    expect(warn.evidence.find((e) => e.label === "Under 5 GiB")?.value).toBe("a (4 GiB)");
    const fail = evaluateCheck(ephemeralStorage, { "k8s.nodes": [node("a", { ephemeralGi: 1 }), node("b")], "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods });
    expect(fail.status).toBe("fail");
    expect(fail.summary).toMatch(/1 node has less than 2 GiB/);
    expect(fail.remediation.commands[0]).toContain("kubectl --context aks-test get nodes");
  });

  it("says 'per monitored pod' when pods could not be counted", () => {
    const r = evaluateCheck(ephemeralStorage, {
      "k8s.nodes": [node("a")],
      "k8s.namespaces": namespaces,
      "k8s.podCountsByNamespace": { error: { kind: "forbidden", message: "pods is forbidden" } },
    });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "Storage plan without the CSI driver")?.value).toBe("~1.5 GB per monitored pod");
  });

  it("is not applicable to platform monitoring and unknown without node data", () => {
    expect(evaluateCheck(ephemeralStorage, { "k8s.nodes": [node("a")] }, { mode: "platform" }).status).toBe("not-applicable");
    const r = evaluateCheck(ephemeralStorage, { "k8s.nodes": { error: { kind: "timeout", message: "GET /api/v1/nodes got no answer" } } });
    expect(r.status).toBe("unknown");
  });
  const onNodes = (perNode: Record<string, Record<string, number>>, ephemeralGi = 0) => ({
    nodes: Object.fromEntries(
      Object.entries(perNode).map(([name, byNs]) => [
        name,
        { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: ephemeralGi * 2 ** 30, pods: Object.values(byNs).reduce((a, b) => a + b, 0), podsByNamespace: byNs },
      ]),
    ),
    unscheduledPods: 0,
    totalPods: 0,
  });

  it("fails when its own evidence predicts a rejection: without the CSI driver, a node's injected pods need more than its free storage (pods would be evicted)", () => {
    // 40 injected shop pods × 1.5 GB = 60 GB on node a, which has 50 GiB allocatable, 10 GiB of it requested already.
    const r = evaluateCheck(
      ephemeralStorage,
      {
        "k8s.nodes": [node("a", { ephemeralGi: 50 }), node("b")],
        "k8s.namespaces": namespaces,
        "k8s.podCountsByNamespace": pods,
        "k8s.podRequestsByNode": { ...onNodes({ a: { shop: 40, "kube-system": 10 }, b: { shop: 5 } }, 10) },
      },
      { csiDriver: false },
    );
    expect(r.status).toBe("fail");
    expect(r.summary).toBe(
      "1 node has less free ephemeral storage than the per-pod code modules of the injected pods already there need: a (40 injected pods × ~1.5 GB = ~60 GB, 40 GiB free). " +
        "Without the CSI driver each injected pod keeps its own copy, so pods would be evicted when the node runs out of ephemeral storage.",
    );
    expect(r.remediation.text).toContain("Plan the CSI driver");
    // The same cluster with the CSI driver keeps one copy per node: no eviction.
    const csi = evaluateCheck(ephemeralStorage, {
      "k8s.nodes": [node("a", { ephemeralGi: 50 }), node("b")],
      "k8s.namespaces": namespaces,
      "k8s.podCountsByNamespace": pods,
      "k8s.podRequestsByNode": onNodes({ a: { shop: 40 } }, 10),
    });
    expect(csi.status).toBe("pass");
  });

  it("does not count pods of namespaces the operator does not inject, and says so when stored facts lack pods per node", () => {
    const ignored = evaluateCheck(
      ephemeralStorage,
      { "k8s.nodes": [node("a", { ephemeralGi: 50 })], "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods, "k8s.podRequestsByNode": onNodes({ a: { "kube-system": 40 } }) },
      { csiDriver: false },
    );
    expect(ignored.status).toBe("pass");
    const old = onNodes({ a: { shop: 40 } });
    delete (old.nodes.a as { podsByNamespace?: unknown }).podsByNamespace;
    const stored = evaluateCheck(
      ephemeralStorage,
      { "k8s.nodes": [node("a", { ephemeralGi: 50 })], "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods, "k8s.podRequestsByNode": old },
      { csiDriver: false },
    );
    expect(stored.evidence.find((e) => e.label === "Per-pod copies on the nodes today")).toMatchObject({ value: "not judged" });
  });

  it("plans image volumes once per node that runs injected pods", () => {
    const r = evaluateCheck(
      ephemeralStorage,
      { "k8s.nodes": baselineNodes(), "k8s.namespaces": namespaces, "k8s.podCountsByNamespace": pods, "k8s.podRequestsByNode": onNodes({ "aks-user-000000": { shop: 80 } }) },
      { codeModules: "image-volume" },
    );
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatchObject({ label: "Nodes that run injected pods", value: "4" });
    expect(r.evidence[0]!.detail).toContain("one copy of the code modules image per node");
  });
});
