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
});
