import { describe, expect, it } from "vitest";
import { architectureOfVmSize, aksNodePools } from "./node-pools";
import { evaluateAks, pool } from "./testing";

const run = (pools: ReturnType<typeof pool>[], plan = {}) => evaluateAks(aksNodePools, { "az.agentPools": pools }, plan);

describe("architectureOfVmSize", () => {
  it("reads Arm64 from the p feature letter and Grace sizes", () => {
    expect(architectureOfVmSize("Standard_D4ps_v5")).toBe("arm64");
    expect(architectureOfVmSize("Standard_E4pds_v5")).toBe("arm64");
    expect(architectureOfVmSize("Standard_B2pts_v2")).toBe("arm64");
    expect(architectureOfVmSize("Standard_ND128isr_GB200_v6")).toBe("arm64");
    expect(architectureOfVmSize("Standard_D4s_v5")).toBe("amd64");
    expect(architectureOfVmSize("Standard_NP10s")).toBe("amd64");
    expect(architectureOfVmSize("weird")).toBeUndefined();
  });
});

describe("az.node-pools", () => {
  it("passes for untainted Linux amd64 pools with large OS disks", () => {
    const r = run([pool("system", { mode: "System" }), pool("user")]);
    expect(r.status).toBe("pass");
  });

  it("fails when there is no Linux pool at all", () => {
    const r = run([pool("win", { osType: "Windows", osSku: "Windows2022" })]);
    expect(r.status).toBe("fail");
    expect(r.remediation.commands[0]).toContain("az aks nodepool add --resource-group rg1 --cluster-name aks1");
  });

  it("warns for a Windows pool: no Dynatrace pods there", () => {
    const r = run([pool("user"), pool("win", { osType: "Windows" })]);
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("Pool win is Windows");
  });

  it("warns for an Arm64 pool with zero nodes in full-stack mode (OneAgent is amd64 only)", () => {
    const r = run([pool("user"), pool("arm", { vmSize: "Standard_D4ps_v5", count: 0 })], { mode: "full-stack" });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/Pool arm \(Standard_D4ps_v5\) is Arm64/);
    expect(r.evidence.find((e) => e.label === "Pool arm")?.value).toContain("arm64");
  });

  it("accepts an Arm64 pool in application mode (operator, webhook and CSI images are multi-arch)", () => {
    expect(run([pool("arm", { vmSize: "Standard_D4ps_v5" })]).status).toBe("pass");
  });

  it("warns for a taint the CSI driver does not tolerate and gives the toleration", () => {
    const r = run([pool("gpu", { nodeTaints: ["sku=gpu:NoSchedule"] })]);
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("CSI driver DaemonSet does not tolerate pool gpu's taint(s) sku=gpu:NoSchedule");
    expect(r.summary).toContain('{key: "sku", operator: "Exists", effect: "NoSchedule"}');
  });

  it("ignores PreferNoSchedule taints and the arch taint the CSI driver tolerates", () => {
    expect(run([pool("a", { nodeTaints: ["x=y:PreferNoSchedule", "kubernetes.io/arch=arm64:NoSchedule"] })]).status).toBe("pass");
  });

  it("warns for FIPS pools and small ephemeral OS disks holding the CSI cache", () => {
    const r = run([pool("fips", { enableFips: true }), pool("eph", { osDiskType: "Ephemeral", osDiskSizeGB: 30, vmSize: "Standard_D2s_v5" })]);
    expect(r.status).toBe("warn");
    const text = r.evidence.filter((e) => e.label.startsWith("Finding")).map((e) => e.value).join("\n");
    expect(text).toContain("pool fips runs FIPS-enabled node images");
    expect(text).toContain("pool eph has a 30 GB ephemeral OS disk");
    expect(r.remediation.commands.some((c) => c.includes("--node-vm-size Standard_D2s_v5 --node-osdisk-size 128"))).toBe(true);
  });

  it("does not judge the OS disk when the CSI driver is off", () => {
    expect(run([pool("eph", { osDiskSizeGB: 30 })], { csiDriver: false }).status).toBe("pass");
  });

  it("is unknown when the pools could not be listed", () => {
    const r = evaluateAks(aksNodePools, { "az.agentPools": { error: { kind: "forbidden", message: "403 AuthorizationFailed" } } });
    expect(r.status).toBe("unknown");
  });
});
