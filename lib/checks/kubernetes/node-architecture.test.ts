import { describe, expect, it } from "vitest";
import { baselineNodes, evaluateCheck, nodeFact } from "./fixtures";
import { nodeArchitecture } from "./node-architecture";

describe("k8s.node-architecture", () => {
  it("passes for an all linux/amd64 cluster and shows one evidence row per pool", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-system-0"), nodeFact("aks-user-0"), nodeFact("aks-user-1")] });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("3× linux/amd64");
    expect(r.evidence).toEqual([
      { label: "Pool system", value: "1 node, amd64, linux", detail: "aks-system-0" },
      { label: "Pool user", value: "2 nodes, amd64, linux", detail: "aks-user-0, aks-user-1" },
    ]);
  });

  it("warns about the Windows pool and, for application mode, the arm64 pool under tenant-registry images", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": baselineNodes() }, { mode: "application" });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`Windows pool(s) "win" get no Dynatrace pods`);
    expect(r.summary).toContain(`pool(s) "arm"`);
    expect(r.remediation.text).toContain("feature.dynatrace.com/use-public-registry");
    expect(r.remediation.text).toContain(`"dynakube"`);
    expect(r.remediation.commands[0]).toBe("kubectl --context aks-prod-admin get nodes -L kubernetes.io/arch,kubernetes.io/os,kubernetes.azure.com/agentpool");
    expect(r.evidence.map((e) => e.label)).toEqual(["Pool arm", "Pool system", "Pool user", "Pool win"]);
    expect(r.evidence.find((e) => e.label === "Pool arm")!.value).toBe("1 node, arm64, linux");
  });

  it("full-stack names the OneAgent gap on arm64 pools", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-user-0"), nodeFact("aks-arm-0", { arch: "arm64" })] }, { mode: "full-stack" });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`pool(s) "arm" get no OneAgent`);
  });

  it("platform mode does not warn about arm64 pools when an amd64 node can host the ActiveGate", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-user-0"), nodeFact("aks-arm-0", { arch: "arm64" })] }, { mode: "platform" });
    expect(r.status).toBe("pass");
  });

  it("warns in every mode when no amd64 node exists (ActiveGate stays Pending)", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-arm-0", { arch: "arm64" })] }, { mode: "platform" });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("no linux/amd64 node");
  });

  it("fails when its own evidence predicts no pod can run: no node runs Linux on a supported architecture", () => {
    const r = evaluateCheck(nodeArchitecture, {
      "k8s.nodes": [nodeFact("akswin0", { pool: "win", os: "windows" }), nodeFact("aks-pi-0", { arch: "arm" })],
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("None of the 2 nodes runs Linux on a supported architecture");
    expect(r.remediation.commands.some((c) => c.startsWith("az aks nodepool add"))).toBe(true);
  });

  it("fails when the node list is empty", () => {
    expect(evaluateCheck(nodeArchitecture, { "k8s.nodes": [] }).status).toBe("fail");
  });

  it("s390x: full-stack fails when every usable node is s390x, warns when mixed, application passes the s390x rule", () => {
    const onlyZ = [nodeFact("aks-z-0", { arch: "s390x" })];
    const full = evaluateCheck(nodeArchitecture, { "k8s.nodes": onlyZ }, { mode: "full-stack" });
    expect(full.status).toBe("fail");
    expect(full.summary).toContain("only application injection is supported");
    const mixed = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-user-0"), ...onlyZ] }, { mode: "full-stack" });
    expect(mixed.status).toBe("warn");
    expect(mixed.summary).toContain(`full-stack monitoring does not cover pool(s) "z"`);
    const app = evaluateCheck(nodeArchitecture, { "k8s.nodes": [nodeFact("aks-user-0"), ...onlyZ] }, { mode: "application" });
    expect(app.summary).not.toContain("only application injection");
  });

  it("is unknown, with the reason, when nodes could not be listed", () => {
    const r = evaluateCheck(nodeArchitecture, { "k8s.nodes": { kind: "forbidden", message: "GET /api/v1/nodes is forbidden for this identity (403)" } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("forbidden");
  });
});
