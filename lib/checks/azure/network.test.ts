import { describe, expect, it } from "vitest";
import { aksNetwork } from "./network";
import { cluster, evaluateAks, TENANT } from "./testing";

const udr = cluster({ network: { networkPlugin: "azure", networkPolicy: "cilium", networkDataplane: "cilium", outboundType: "userDefinedRouting" } });

describe("az.network", () => {
  it("passes a load-balancer egress cluster and says whether NetworkPolicies are enforced", () => {
    const r = evaluateAks(aksNetwork, { "az.managedCluster": cluster() });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "Network policy engine")?.value).toMatch(/^none: NetworkPolicies in the cluster are not enforced/);
  });

  it("warns for user-defined routing and lists the FQDNs and ports this plan needs, with firewall rules", () => {
    const r = evaluateAks(aksNetwork, { "az.managedCluster": udr }, {}, { tenant: TENANT });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("abc12345.live.dynatrace.com:443");
    expect(r.summary).toContain("public.ecr.aws:443");
    expect(r.evidence.find((e) => e.label === "Network policy engine")?.value).toMatch(/^cilium: NetworkPolicies are enforced/);
    const fw = r.remediation.commands.find((c) => c.startsWith("az network firewall application-rule create"));
    expect(fw).toContain("--protocols Https=443 --target-fqdns abc12345.live.dynatrace.com public.ecr.aws *.cloudfront.net");
  });

  it("adds the tenant's communication endpoints when the run has them, grouped by port", () => {
    const r = evaluateAks(
      aksNetwork,
      { "az.managedCluster": udr, "dt.connectionInfo": { status: 200, communicationEndpoints: ["https://sg-1.example.com:9999/communication", "https://abc12345.live.dynatrace.com:443/communication"] } },
      {},
      { tenant: TENANT },
    );
    expect(r.summary).toContain("sg-1.example.com:9999");
    expect(r.remediation.commands.some((c) => c.includes("Https=9999 --target-fqdns sg-1.example.com"))).toBe(true);
  });

  it("uses a placeholder for the tenant and the private registry instead of public.ecr.aws when the plan has one", () => {
    const r = evaluateAks(aksNetwork, { "az.managedCluster": cluster({ network: { outboundType: "managedNATGateway" } }) }, { privateRegistry: { repository: "myacr.azurecr.io/dynatrace/dynatrace-operator" } });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("<environment-id>.live.dynatrace.com:443");
    expect(r.summary).toContain("myacr.azurecr.io:443");
    expect(r.summary).not.toContain("public.ecr.aws");
  });

  it("notes a private API server and authorized IP ranges", () => {
    const r = evaluateAks(aksNetwork, {
      "az.managedCluster": cluster({ privateFqdn: "aks1.privatelink.westeurope.azmk8s.io", apiServer: { enablePrivateCluster: true, enablePrivateClusterPublicFqdn: false, authorizedIpRanges: ["203.0.113.0/24"], enableVnetIntegration: false } }),
    });
    expect(r.summary).toContain("the API server is private");
    expect(r.summary).toContain("203.0.113.0/24");
  });

  it("is unknown when the managed cluster is unavailable", () => {
    expect(evaluateAks(aksNetwork, { "az.managedCluster": { error: { kind: "timeout", message: "no answer" } } }).status).toBe("unknown");
  });
});
