import { describe, expect, it } from "vitest";
import { aksSupportOf } from "@/lib/data/aks-versions";
import { aksKubernetesVersion } from "./kubernetes-version";
import { cluster, evaluateAks, pool } from "./testing";

const at = (v: string, pools = [pool("system", { currentOrchestratorVersion: `${v}.2` })], over = {}) =>
  evaluateAks(aksKubernetesVersion, { "az.managedCluster": cluster({ currentKubernetesVersion: `${v}.2`, agentPoolProfiles: pools, ...over }) }, { operatorVersion: "1.10.2" });

describe("az.kubernetes-version", () => {
  it("passes for a version inside the operator's tested range that AKS supports", () => {
    const r = at("1.35");
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("1.35");
  });

  it("fails below the operator's minimum and suggests upgrading this cluster", () => {
    const r = at("1.24");
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/below operator 1\.10\.2's minimum 1\.25/);
    expect(r.remediation.commands[0]).toBe("az aks get-upgrades --resource-group rg1 --name aks1 --subscription 00000000-0000-0000-0000-000000000001 --output table");
  });

  it("warns when AKS no longer supports the minor without LTS", () => {
    const r = at("1.31");
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/AKS supports 1\.31 only with the LTS plan/);
  });

  it("passes an LTS minor on the long-term support plan", () => {
    const r = at("1.31", undefined, { supportPlan: "AKSLongTermSupport", sku: { tier: "Premium" } });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("long-term support");
  });

  it("fails a pool newer than the control plane and warns for one lagging behind", () => {
    expect(at("1.34", [pool("a", { currentOrchestratorVersion: "1.35.1" })]).status).toBe("fail");
    const lag = at("1.35", [pool("old", { currentOrchestratorVersion: "1.34.3" })]);
    expect(lag.status).toBe("warn");
    expect(lag.summary).toContain("Pool old (1.34) lags the control plane (1.35)");
    expect(lag.remediation.commands).toContain("az aks nodepool upgrade --resource-group rg1 --cluster-name aks1 --subscription 00000000-0000-0000-0000-000000000001 --name old --kubernetes-version 1.35.2");
  });

  it("fails a pool below the operator's minimum even when the control plane is fine", () => {
    const r = at("1.29", [pool("ancient", { currentOrchestratorVersion: "1.24.9" })]);
    expect(r.status).toBe("fail");
  });

  it("is unknown without a control-plane version", () => {
    const r = evaluateAks(aksKubernetesVersion, { "az.managedCluster": cluster({ currentKubernetesVersion: undefined, kubernetesVersion: undefined }) });
    expect(r.status).toBe("unknown");
  });

  it("AKS data: preview, supported, LTS-only and unknown minors", () => {
    expect(aksSupportOf("1.37", undefined).kind).toBe("preview");
    expect(aksSupportOf("1.36", undefined).kind).toBe("supported");
    expect(aksSupportOf("1.32", "AKSLongTermSupport").kind).toBe("lts-only");
    expect(aksSupportOf("1.20", undefined).kind).toBe("unsupported");
  });
});
