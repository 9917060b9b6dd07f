import { describe, expect, it } from "vitest";
import { containerRuntime, runtimeKind } from "./container-runtime";
import { baselineNodes, evaluateCheck, nodeFact } from "./fixtures";

describe("k8s.container-runtime", () => {
  it("passes on containerd and groups nodes by runtime version; Windows nodes are not judged", () => {
    const r = evaluateCheck(containerRuntime, { "k8s.nodes": baselineNodes() });
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("All 4 Linux node(s) run containerd, which the operator supports.");
    expect(r.evidence).toEqual([
      { label: "containerd://1.7.27-1", value: "3 nodes", detail: "aks-system-000000, aks-user-000000, aks-user-000001" },
      { label: "containerd://2.0.5", value: "1 node", detail: "aks-arm-000000" },
      { label: "Not judged", value: "1 non-Linux node (no Dynatrace pods run there)" },
    ]);
  });

  it("passes on CRI-O", () => {
    expect(evaluateCheck(containerRuntime, { "k8s.nodes": [nodeFact("n1", { containerRuntime: "cri-o://1.30.2" })] }).status).toBe("pass");
  });

  it("warns on Docker and names the nodes", () => {
    const r = evaluateCheck(containerRuntime, { "k8s.nodes": [nodeFact("aks-old-0", { containerRuntime: "docker://20.10.7" }), nodeFact("aks-user-0")] });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("1 node(s) use Docker, which is deprecated for the operator (aks-old-0)");
    expect(r.remediation.commands[0]).toContain("kubectl --context aks-prod-admin get nodes");
  });

  it("warns on an unknown or unreported runtime", () => {
    const r = evaluateCheck(containerRuntime, { "k8s.nodes": [nodeFact("n1", { containerRuntime: "" }), nodeFact("n2", { containerRuntime: "rkt://1.0" })] });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("2 node(s) use a runtime that is neither containerd nor CRI-O");
    expect(r.evidence.map((e) => e.label)).toContain("(not reported)");
  });

  it("does not apply without Linux nodes", () => {
    expect(evaluateCheck(containerRuntime, { "k8s.nodes": [nodeFact("w", { os: "windows" })] }).status).toBe("not-applicable");
  });

  it("classifies runtime strings", () => {
    expect(runtimeKind("containerd://1.7.20+azure")).toBe("containerd");
    expect(runtimeKind("cri-o://1.29")).toBe("cri-o");
    expect(runtimeKind("docker://24.0")).toBe("docker");
    expect(runtimeKind("")).toBe("other");
  });

  it("never fails: nothing it reads predicts a rejection (a Docker node still runs the pods); image-volume support is k8s.code-module-delivery's", () => {
    const r = evaluateCheck(containerRuntime, { "k8s.nodes": [nodeFact("aks-old-0", { containerRuntime: "docker://20.10.7" }), nodeFact("x", { containerRuntime: "containerd://1.6.0" })] }, { codeModules: "image-volume" });
    expect(r.status).toBe("warn");
  });
});
