// The cluster's httpProxyConfig (applied by AKS to nodes, so image pulls, and injected as env into pods) against the
// proxy the DynaKube will get (the tenant connection's proxy, spec.proxy). The noProxy coverage of in-cluster names
// is judged by net.proxy-alignment, which receives the same httpProxyConfig.
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

const norm = (u?: string) => (u ?? "").replace(/\/+$/, "").toLowerCase();

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** NO_PROXY suffix semantics: "example.com", ".example.com" and "*.example.com" cover sub-domains. */
function bypasses(noProxy: string[], host: string): string | undefined {
  return noProxy.find((e) => {
    const x = e.toLowerCase().replace(/^\*?\./, "");
    return e === "*" || host === x || host.endsWith(`.${x}`);
  });
}

export function evaluateAksHttpProxy(c: ManagedClusterFact, ctx: CheckContext): Evaluation {
  const p = c.httpProxy;
  const clusterProxy = p?.httpsProxy ?? p?.httpProxy;
  const planProxy = ctx.target.tenant?.proxy;
  const tenantHost = hostOf(ctx.target.tenant?.apiUrl);
  const evidence: Evidence[] = [
    { label: "AKS httpProxyConfig", value: p ? `httpProxy ${p.httpProxy ?? "(unset)"}, httpsProxy ${p.httpsProxy ?? "(unset)"}` : "not configured" },
    { label: "AKS noProxy", value: p?.noProxy.join(", ") || "(empty)" },
    { label: "AKS trusted CA", value: p?.trustedCa ? "set (the proxy probably inspects TLS)" : "not set" },
    { label: "Tenant connection proxy (DynaKube spec.proxy)", value: planProxy ?? (ctx.target.tenant ? "none" : "no tenant checked in this run") },
  ];
  if (!clusterProxy) {
    if (planProxy) {
      return {
        status: "warn",
        summary: `The tenant connection uses proxy ${planProxy} but the cluster has no httpProxyConfig: the DynaKube's pods will use the proxy, yet the nodes pull images (operator, OneAgent, ActiveGate) directly.`,
        evidence,
        remediation: { text: "Make sure the nodes can reach the registries directly, or configure the cluster's HTTP proxy too.", commands: [`az aks update ${azClusterArgs(ctx)} --http-proxy-config <aks-proxy-config.json>`] },
      };
    }
    return { status: "pass", summary: "The cluster has no HTTP proxy configured and the tenant connection uses none.", evidence };
  }
  const problems: string[] = [];
  if (ctx.target.tenant && !planProxy) problems.push(`the cluster routes egress through ${clusterProxy} but the tenant connection sets no proxy, so the DynaKube gets no spec.proxy (OneAgent and ActiveGate do not read the injected environment)`);
  if (planProxy && norm(planProxy) !== norm(clusterProxy)) problems.push(`the cluster's proxy ${clusterProxy} differs from the tenant connection's ${planProxy}`);
  const bypass = tenantHost && p ? bypasses(p.noProxy, tenantHost) : undefined;
  if (bypass) problems.push(`the cluster's noProxy entry "${bypass}" makes the nodes bypass the proxy for the tenant ${tenantHost} (tenant registry image pulls)`);
  if (p?.trustedCa && ctx.target.tenant && !ctx.target.tenant.customCa) problems.push("the cluster trusts an extra CA for its proxy, but the tenant connection has no custom CA: if the proxy inspects TLS, the DynaKube needs it in spec.trustedCAs");
  if (!ctx.target.tenant) problems.push(`the cluster uses proxy ${clusterProxy}: set the same proxy in the DynaKube (spec.proxy); check together with the tenant to compare`);
  if (!problems.length) return { status: "pass", summary: `The cluster and the tenant connection use the same proxy (${clusterProxy}).`, evidence };
  return {
    status: "warn",
    summary: `${problems[0]![0]!.toUpperCase()}${problems[0]!.slice(1)}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}.`,
    evidence: [...evidence, ...problems.map((v, i) => ({ label: `Finding ${i + 1}`, value: v }))],
    remediation: {
      text: `Use the cluster's proxy in the tenant connection so the DynaKube gets spec.proxy ${clusterProxy}, and give spec.trustedCAs the proxy's CA if it inspects TLS.`,
      commands: [`az aks show ${azClusterArgs(ctx)} --query httpProxyConfig`],
    },
  };
}

export const aksHttpProxy = defineCheck({
  id: "az.http-proxy",
  title: "AKS HTTP proxy matches the DynaKube proxy",
  section: "network",
  severity: "advisory",
  docs: [AZURE_DOCS.httpProxy],
  needs: ["az.managedCluster"],
  notApplicable: onlyAks,
  evaluate: (facts, ctx) => evaluateAksHttpProxy(facts.get("az.managedCluster"), ctx),
});
