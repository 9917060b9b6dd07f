import { describe, expect, it } from "vitest";
import { planCollectors } from "@/lib/engine/run";
import type { CollectContext } from "@/lib/engine/collector";
import type { FactResult } from "@/lib/engine/types";
import { cluster } from "@/lib/checks/azure/testing";
import { managedClusterCollector } from "@/lib/collect/azure/managed-cluster";
import { proxyEnvironmentCollector, type ProxyEnvironmentFact } from "./proxy-environment";

const ok = (value: unknown): FactResult => ({ ok: true, value, source: { collector: "test", requests: [] }, durationMs: 1 });

async function collect(kind: "aks" | "kubeconfig", earlier: Map<string, unknown>) {
  const c = { clients: { processEnv: {} }, target: { kind } } as unknown as CollectContext;
  return (await proxyEnvironmentCollector.collect(c, earlier))["net.proxyEnvironment"] as ProxyEnvironmentFact;
}

describe("network.proxy-environment on AKS", () => {
  it("adds the AKS cluster's httpProxyConfig and service CIDR, without the CA", async () => {
    const mc = cluster({ httpProxy: { httpsProxy: "http://proxy.corp:3128/", noProxy: [".svc"], trustedCa: true } });
    const f = await collect("aks", new Map([["az.managedCluster", ok(mc)]]));
    expect(f.aksHttpProxy).toEqual({ httpsProxy: "http://proxy.corp:3128/", noProxy: [".svc"], trustedCa: true, serviceCidr: "10.0.0.0/16" });
  });

  it("says the cluster has no proxy (rather than 'not read') when AKS has none", async () => {
    const f = await collect("aks", new Map([["az.managedCluster", ok(cluster())]]));
    expect(f.aksHttpProxy).toEqual({ noProxy: [], trustedCa: false, serviceCidr: "10.0.0.0/16" });
  });

  it("leaves it out for a kubeconfig target or when the managed cluster was not read", async () => {
    expect((await collect("kubeconfig", new Map([["az.managedCluster", ok(cluster())]]))).aksHttpProxy).toBeUndefined();
    expect((await collect("aks", new Map())).aksHttpProxy).toBeUndefined();
  });

  it("never makes the engine read the managed cluster on its own", () => {
    const planned = planCollectors([managedClusterCollector, proxyEnvironmentCollector], new Set(["net.proxyEnvironment"]));
    expect(planned.map((c) => c.id)).toEqual(["network.proxy-environment"]);
  });
});
