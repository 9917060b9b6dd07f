import { describe, expect, it } from "vitest";
import { codeModuleDeliveryCheck, imageVolumeGap } from "./code-module-delivery";
import { imageVolumeRegistry } from "../manual/image-volume-registry";
import { evaluateCheck, nodeFact } from "./fixtures";

const v135 = { gitVersion: "v1.35.2", major: "1", minor: "35", platform: "linux/amd64" };
const ready = [
  nodeFact("aks-user-000000", { kubeletVersion: "v1.35.2", containerRuntime: "containerd://2.2.5" }),
  nodeFact("aks-user-000001", { kubeletVersion: "v1.35.2", containerRuntime: "containerd://2.2.5" }),
  nodeFact("aks-crio-000000", { kubeletVersion: "v1.35.2", containerRuntime: "cri-o://1.33.1" }),
  // Windows nodes run no injected pods and are not judged.
  nodeFact("akswin000000", { os: "windows", kubeletVersion: "v1.34.1", containerRuntime: "containerd://1.7.20+azure" }),
];
const plan = { codeModules: "image-volume" as const, operatorVersion: "1.11.0" };

describe("imageVolumeGap", () => {
  it("reads kubelet and runtime floors, numerically", () => {
    expect(imageVolumeGap(nodeFact("a", { kubeletVersion: "v1.35.0", containerRuntime: "containerd://2.10.0" }))).toBe("");
    expect(imageVolumeGap(nodeFact("a", { kubeletVersion: "v1.35.0", containerRuntime: "containerd://2.1.4" }))).toBe("containerd://2.1.4 (needs containerd 2.2+)");
    expect(imageVolumeGap(nodeFact("a", { kubeletVersion: "v1.34.3", containerRuntime: "cri-o://1.33.0" }))).toBe("kubelet v1.34.3 (needs 1.35+)");
    expect(imageVolumeGap(nodeFact("a", { kubeletVersion: "v1.35.0", containerRuntime: "docker://24.0.7" }))).toContain("needs containerd 2.2+ or CRI-O 1.33+");
    expect(imageVolumeGap(nodeFact("a", { kubeletVersion: "", containerRuntime: "containerd://2.2.0" }))).toBeUndefined();
  });
});

describe("k8s.code-module-delivery", () => {
  it("passes when operator, API server and every Linux node support image volumes", () => {
    const r = evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": ready }, plan);
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("Operator 1.11.0, Kubernetes 1.35 and all 3 node(s) that run monitored pods support image volumes.");
  });

  it("fails when its own evidence predicts a rejection: the baseline's containerd 1.7 nodes cannot mount image volumes", () => {
    const nodes = [...ready, nodeFact("aks-old-000000", { kubeletVersion: "v1.35.2", containerRuntime: "containerd://1.7.27-1" })];
    const r = evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": nodes }, plan);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("1 node(s) that would run monitored pods cannot mount image volumes: aks-old-000000 (containerd://1.7.27-1 (needs containerd 2.2+))");
  });

  it("fails for an operator release before 1.11 and for Kubernetes below 1.35", () => {
    const old = evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": { ...v135, gitVersion: "v1.34.4", minor: "34" }, "k8s.nodes": ready }, { codeModules: "image-volume", operatorVersion: "1.10.2" });
    expect(old.status).toBe("fail");
    expect(old.summary).toContain("operator 1.10.2 does not deliver code modules by image volume (1.11.0+ does)");
    expect(old.summary).toContain("Kubernetes 1.34 is below 1.35");
  });

  it("counts a node without a runtime as a gap, and is unknown (not passed) when a kubelet version is missing", () => {
    const r = evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": [...ready, nodeFact("aks-x-000000", { kubeletVersion: "", containerRuntime: "" })] }, plan);
    // An empty runtime cannot be image-volume capable: that is a gap, not an unknown.
    expect(r.status).toBe("fail");
    const r2 = evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": [...ready, nodeFact("aks-x-000000", { kubeletVersion: "", containerRuntime: "containerd://2.2.1" })] }, plan);
    expect(r2.status).toBe("unknown");
    expect(r2.reason).toContain("aks-x-000000");
  });

  it("does not apply to the CSI driver, ephemeral volumes or platform monitoring", () => {
    expect(evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": ready }, { csiDriver: false }).status).toBe("not-applicable");
    expect(evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": ready }, {}).status).toBe("not-applicable");
    expect(evaluateCheck(codeModuleDeliveryCheck, { "k8s.version": v135, "k8s.nodes": ready }, { ...plan, mode: "platform" }).status).toBe("not-applicable");
  });
});

describe("manual.image-volume-registry", () => {
  it("asks for the code modules image source only when image volumes are planned", () => {
    const r = evaluateCheck(imageVolumeRegistry, {}, plan);
    expect(r.status).toBe("manual");
    expect(r.summary).toContain("public.ecr.aws/dynatrace/dynatrace-codemodules");
    expect(r.remediation.text).toContain("spec.oneAgent.applicationMonitoring.codeModulesImage");
    expect(evaluateCheck(imageVolumeRegistry, {}, {}).status).toBe("not-applicable");
  });
});
