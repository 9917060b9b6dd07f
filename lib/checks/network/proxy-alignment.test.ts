import { describe, expect, it } from "vitest";
import { parsePlan } from "@/lib/engine/plan";
import type { Target } from "@/lib/engine/types";
import { proxyEnvironmentCollector, type ProxyEnvironmentFact } from "@/lib/collect/network/proxy-environment";
import type { CollectContext } from "@/lib/engine/collector";
import { TEST_TARGET } from "@/lib/checks/kubernetes/fixtures";
import { cidrContains, evaluateProxyAlignment } from "./proxy-alignment";

const tenant = (proxy?: string): Target => ({ ...TEST_TARGET, tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false, ...(proxy ? { proxy } : {}) } });
const ctx = (target: Target = TEST_TARGET) => ({ plan: parsePlan({}), target });
const env = (e: ProxyEnvironmentFact["env"]): ProxyEnvironmentFact => ({ env: e });
const API = "aks-prod.hcp.westeurope.azmk8s.io";

async function collectEnv(processEnv: Record<string, string>) {
  const c = { clients: { processEnv } } as unknown as CollectContext;
  return (await proxyEnvironmentCollector.collect(c, new Map()))["net.proxyEnvironment"] as ProxyEnvironmentFact;
}

describe("net.proxy-alignment", () => {
  it("passes when no proxy is configured anywhere", () => {
    expect(evaluateProxyAlignment(env({ noProxy: [] }), ctx()).status).toBe("pass");
  });

  it("reads the environment without credentials (upper and lower case names)", async () => {
    const f = await collectEnv({ https_proxy: "http://alice:hunter2@proxy.corp:3128", NO_PROXY: ".svc, .cluster.local,kubernetes.default" });
    expect(f.env.httpsProxy).toBe("http://***@proxy.corp:3128");
    expect(JSON.stringify(f)).not.toContain("hunter2");
    expect(f.env.noProxy).toEqual([".svc", ".cluster.local", "kubernetes.default"]);
  });

  it("warns when the environment proxy differs from the tenant connection's", () => {
    const r = evaluateProxyAlignment(env({ httpsProxy: "http://other:8080", noProxy: [".svc", ".cluster.local", "kubernetes.default", API] }), ctx(tenant("http://proxy.corp:3128")));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("the tenant connection uses proxy http://proxy.corp:3128 but the dashboard's environment proxy is http://other:8080");
  });

  it("warns when NO_PROXY misses in-cluster addresses, naming them", () => {
    const r = evaluateProxyAlignment(env({ httpsProxy: "http://proxy.corp:3128", noProxy: ["localhost", "svc"] }), ctx());
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`does not cover .cluster.local, kubernetes.default, ${API}`);
    expect(r.summary).not.toContain("cover .svc");
  });

  it("with a tenant proxy, says that image pulls need the node-level proxy and gives the DynaKube no-proxy value", () => {
    const r = evaluateProxyAlignment(env({ noProxy: [] }), ctx(tenant("http://***@proxy.corp:3128")));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("does not apply to image pulls");
    expect(r.remediation!.commands.join("\n")).toContain(`feature.dynatrace.com/no-proxy: ".svc,.cluster.local,kubernetes.default,${API}"`);
    expect(r.remediation!.commands.join("\n")).not.toContain("hunter2");
  });

  it("AKS httpProxyConfig aligned with the tenant proxy and a complete noProxy passes", () => {
    const fact: ProxyEnvironmentFact = {
      env: { noProxy: [] },
      aksHttpProxy: { httpsProxy: "http://proxy.corp:3128", noProxy: ["*.svc", "cluster.local", "kubernetes.default", API, "10.0.0.0/8"], trustedCa: false, serviceCidr: "10.0.0.0/16" },
    };
    expect(evaluateProxyAlignment(fact, ctx(tenant("http://proxy.corp:3128"))).status).toBe("pass");
    const narrow = { ...fact, aksHttpProxy: { ...fact.aksHttpProxy!, noProxy: ["*.svc", "cluster.local", "kubernetes.default", API] } };
    expect(evaluateProxyAlignment(narrow, ctx(tenant("http://proxy.corp:3128"))).summary).toContain("does not cover 10.0.0.0/16");
  });

  it("CIDR containment", () => {
    expect(cidrContains("10.0.0.0/8", "10.0.0.0/16")).toBe(true);
    expect(cidrContains("10.1.0.0/16", "10.0.0.0/16")).toBe(false);
  });

  it("never fails: a proxy mismatch predicts no rejection by itself (reachability is net.in-cluster-egress's)", () => {
    const r = evaluateProxyAlignment(env({ httpsProxy: "http://other:8080", noProxy: [] }), ctx(tenant("http://proxy.corp:3128")));
    expect(r.status).toBe("warn");
  });
});
