import { describe, expect, it } from "vitest";
import { aksMarketplaceExtension } from "./marketplace-extension";
import { evaluateAks } from "./testing";

describe("az.marketplace-extension", () => {
  it("passes when no Dynatrace extension is installed", () => {
    const r = evaluateAks(aksMarketplaceExtension, { "az.extensions": [{ name: "flux", extensionType: "microsoft.flux" }] });
    expect(r.status).toBe("pass");
    expect(r.evidence[0]!.value).toContain("flux");
  });

  it("warns not to install twice with Helm and gives the delete command for this cluster", () => {
    const r = evaluateAks(aksMarketplaceExtension, { "az.extensions": [{ name: "dynatrace", extensionType: "Dynatrace.DynatraceOperator", version: "1.9.0", releaseNamespace: "dynatrace" }] });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/already installed as the AKS extension dynatrace .*do not install it a second time with Helm/);
    expect(r.remediation.commands).toEqual(["az k8s-extension delete --resource-group rg1 --cluster-name aks1 --subscription 00000000-0000-0000-0000-000000000001 --cluster-type managedClusters --name dynatrace"]);
  });

  it("is unknown when extensions could not be listed (e.g. 403)", () => {
    const r = evaluateAks(aksMarketplaceExtension, { "az.extensions": { error: { kind: "forbidden", message: "403 AuthorizationFailed" } } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("AuthorizationFailed");
  });
});
