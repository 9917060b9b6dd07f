import { describe, expect, it } from "vitest";
import { aksClusterState } from "./cluster-state";
import { cluster, evaluateAks, pool } from "./testing";

describe("az.cluster-state", () => {
  it("passes for a running, succeeded cluster", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": cluster() });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("Running");
  });

  it("fails a stopped cluster, says it cannot be checked and gives the start command for this cluster", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": cluster({ powerState: "Stopped" }) });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/stopped.*nothing inside it can be checked/);
    expect(r.remediation.commands).toEqual(["az aks start --resource-group rg1 --name aks1 --subscription 00000000-0000-0000-0000-000000000001"]);
  });

  it("fails a cluster whose last operation failed", () => {
    expect(evaluateAks(aksClusterState, { "az.managedCluster": cluster({ provisioningState: "Failed" }) }).status).toBe("fail");
  });

  it("warns while an operation is in progress", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": cluster({ provisioningState: "Upgrading" }) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("Upgrading");
  });

  it("warns for stopped node pools, naming them", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": cluster({ agentPoolProfiles: [pool("system"), pool("batch", { powerState: "Stopped" })] }) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("batch");
    expect(r.remediation.commands[0]).toContain("az aks nodepool start --resource-group rg1 --cluster-name aks1");
  });

  it("is unknown when Resource Manager reports no power state", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": cluster({ powerState: undefined }) });
    expect(r.status).toBe("unknown");
    expect(r.reason).toBeTruthy();
  });

  it("is unknown with the Resource Manager error when the cluster could not be read", () => {
    const r = evaluateAks(aksClusterState, { "az.managedCluster": { error: { kind: "forbidden", message: "GET … is forbidden for this identity (403 AuthorizationFailed)" } } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("AuthorizationFailed");
  });

  it("does not apply to a pasted kubeconfig", () => {
    const r = evaluateAks(aksClusterState, {}, {}, { kind: "kubeconfig", aks: undefined });
    expect(r.status).toBe("not-applicable");
  });
});
