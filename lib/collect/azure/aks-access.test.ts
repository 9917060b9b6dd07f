import { describe, expect, it } from "vitest";
import { CollectError } from "@/lib/engine/errors";
import { AKS_DEFAULT_SERVER_ID, explainUnreachable, serverIdFromExecArgs } from "./aks-access";

const ref = { subscriptionId: "3f1c9a52-7d4e-4b8a-9c61-2e5d8f0a7b13", resourceGroup: "rg-prod", name: "aks-prod" };
const refused = new CollectError("unreachable", "GET /version: connection refused");

describe("serverIdFromExecArgs", () => {
  it("reads --server-id from kubelogin's arguments, in both spellings", () => {
    expect(serverIdFromExecArgs(["get-token", "--environment", "AzurePublicCloud", "--server-id", AKS_DEFAULT_SERVER_ID, "--login", "devicecode"])).toBe(AKS_DEFAULT_SERVER_ID);
    expect(serverIdFromExecArgs(["get-token", "--server-id=spn:11111111-2222-3333-4444-555555555555"])).toBe("spn:11111111-2222-3333-4444-555555555555");
  });
  it("is undefined without one (the caller then uses the AKS default)", () => {
    expect(serverIdFromExecArgs(["get-token"])).toBeUndefined();
    expect(serverIdFromExecArgs(undefined)).toBeUndefined();
  });
});

describe("explainUnreachable", () => {
  it("a private cluster: says where the API server is reachable from and how to check anyway", () => {
    const e = explainUnreachable(ref, "https://x:443", refused, { enablePrivateCluster: true, privateFqdn: "aks-prod-1.privatelink.westeurope.azmk8s.io" });
    expect(e.finding.code).toBe("private-cluster");
    expect(e.message).toContain("aks-prod-1.privatelink.westeurope.azmk8s.io");
    expect(e.message).toContain("az aks command invoke -g rg-prod -n aks-prod");
    expect(e.kind).toBe("unreachable");
  });
  it("authorized IP ranges: lists them and gives the update command keeping them", () => {
    const e = explainUnreachable(ref, "https://x:443", refused, { authorizedIpRanges: ["203.0.113.0/24", "198.51.100.7/32"] });
    expect(e.finding.code).toBe("authorized-ip-ranges");
    expect(e.message).toContain("--api-server-authorized-ip-ranges 203.0.113.0/24,198.51.100.7/32,<dashboard egress IP>/32");
  });
  it("a stopped cluster comes first: starting it is what to do", () => {
    const e = explainUnreachable(ref, "https://x:443", refused, { powerState: "Stopped", authorizedIpRanges: ["203.0.113.0/24"] });
    expect(e.finding.code).toBe("cluster-stopped");
    expect(e.message).toContain("az aks start -g rg-prod -n aks-prod");
  });
  it("otherwise keeps the network error's kind and text", () => {
    const e = explainUnreachable(ref, "https://aks.example:443", new CollectError("timeout", "GET /version got no answer within 3000 ms"), {});
    expect(e).toMatchObject({ kind: "timeout", finding: { code: "api-server-unreachable" } });
    expect(e.message).toContain("got no answer within 3000 ms");
  });
});
