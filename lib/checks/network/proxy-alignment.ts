// The proxy the operator will use (the tenant connection's proxy → DynaKube spec.proxy) against the dashboard's
// environment and, on AKS, the cluster's httpProxyConfig; and noProxy covering in-cluster addresses wherever a proxy
// applies (troubleshoot proxy.go warns when environment and DynaKube proxies differ; the DynaKube proxy does not
// apply to image pulls, which use the node's proxy).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { ProxyEnvironmentFact } from "@/lib/collect/network/proxy-environment";
import { DOCS } from "@/lib/checks/sections";

/** In-cluster names that must bypass a proxy, with the entries that cover each (Go/curl NO_PROXY suffix rules). */
function requiredNoProxy(apiServerHost: string, serviceCidr?: string): { need: string; coveredBy: (entry: string) => boolean }[] {
  const suffix = (name: string) => (e: string) => {
    const x = e.toLowerCase().replace(/^\*?\./, "");
    return e === "*" || name === x || name.endsWith(`.${x}`);
  };
  const reqs = [
    { need: ".svc", coveredBy: (e: string) => e === "*" || /^\*?\.?svc$/.test(e.toLowerCase()) },
    { need: ".cluster.local", coveredBy: (e: string) => e === "*" || /^\*?\.?(cluster\.)?local$/.test(e.toLowerCase()) },
    { need: "kubernetes.default", coveredBy: suffix("kubernetes.default") },
    { need: apiServerHost, coveredBy: suffix(apiServerHost.toLowerCase()) },
  ];
  if (serviceCidr) reqs.push({ need: serviceCidr, coveredBy: (e: string) => e === "*" || cidrContains(e, serviceCidr) });
  return reqs;
}

function ipv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** True when CIDR `outer` contains CIDR `inner` (IPv4; other forms must match exactly). */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const [oa, ob] = outer.split("/");
  const [ia, ib] = inner.split("/");
  const o = ipv4(oa ?? ""), i = ipv4(ia ?? "");
  const ol = Number(ob ?? 32), il = Number(ib ?? 32);
  if (o === undefined || i === undefined || !(ol >= 0 && ol <= 32) || il < ol) return false;
  const mask = ol === 0 ? 0 : (~0 << (32 - ol)) >>> 0;
  return ((o & mask) >>> 0) === ((i & mask) >>> 0);
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname;
  } catch {
    return server;
  }
}

const sameProxy = (a?: string, b?: string) => (a ?? "").replace(/\/$/, "").toLowerCase() === (b ?? "").replace(/\/$/, "").toLowerCase();

export function evaluateProxyAlignment(fact: ProxyEnvironmentFact, ctx: CheckContext): Evaluation {
  const planProxy = ctx.target.tenant?.proxy; // already without credentials
  const envProxy = fact.env.httpsProxy ?? fact.env.httpProxy;
  const aks = fact.aksHttpProxy;
  const aksProxy = aks?.httpsProxy ?? aks?.httpProxy;
  const evidence: Evidence[] = [
    { label: "Tenant connection proxy (DynaKube spec.proxy)", value: planProxy ?? "none" },
    { label: "Dashboard environment", value: `HTTPS_PROXY=${fact.env.httpsProxy ?? "(unset)"}, HTTP_PROXY=${fact.env.httpProxy ?? "(unset)"}, NO_PROXY=${fact.env.noProxy.join(",") || "(unset)"}` },
    { label: "AKS httpProxyConfig", value: aks ? `${aksProxy ?? "no proxy"}; noProxy ${aks.noProxy.join(",") || "(empty)"}` : "not read (no Azure connection for this cluster)" },
  ];
  if (!planProxy && !envProxy && !aksProxy) {
    return { status: "pass", summary: "No proxy is configured for the tenant connection, the dashboard or the cluster: the operator is expected to reach Dynatrace directly.", evidence };
  }

  const warnings: string[] = [];
  const commands: string[] = [];
  const apiHost = hostOf(ctx.target.server);
  if (planProxy && envProxy && !sameProxy(planProxy, envProxy)) {
    warnings.push(`the tenant connection uses proxy ${planProxy} but the dashboard's environment proxy is ${envProxy}; the operator will use ${planProxy}`);
  }
  if (!planProxy && envProxy) {
    warnings.push(`the dashboard's environment has a proxy (${envProxy}) but the tenant connection has none; if the cluster needs it too, set it in the tenant connection so the DynaKube gets spec.proxy`);
  }
  if (aksProxy && planProxy && !sameProxy(planProxy, aksProxy)) warnings.push(`the AKS cluster's httpProxyConfig uses ${aksProxy} but the tenant connection uses ${planProxy}`);
  if (aksProxy && !planProxy) warnings.push(`the AKS cluster routes egress through ${aksProxy} but the tenant connection sets no proxy for the DynaKube`);
  if (planProxy && !aks) {
    warnings.push(
      `the DynaKube proxy does not apply to image pulls: the nodes' container runtime must reach the registries directly or through a node-level proxy (AKS httpProxyConfig), which was not read here`,
    );
  }

  const lists: { where: string; entries: string[] }[] = [];
  if (envProxy) lists.push({ where: "NO_PROXY of the dashboard's environment", entries: fact.env.noProxy });
  if (aksProxy) lists.push({ where: "the AKS httpProxyConfig noProxy", entries: aks!.noProxy });
  const reqs = requiredNoProxy(apiHost, aks?.serviceCidr);
  for (const l of lists) {
    const missing = reqs.filter((r) => !l.entries.some(r.coveredBy)).map((r) => r.need);
    evidence.push({ label: `noProxy coverage (${l.where})`, value: missing.length ? `missing ${missing.join(", ")}` : "covers the in-cluster addresses" });
    if (missing.length) warnings.push(`${l.where} does not cover ${missing.join(", ")}, so in-cluster traffic would be sent to the proxy`);
  }
  const noProxyValue = [".svc", ".cluster.local", "kubernetes.default", apiHost, ...(aks?.serviceCidr ? [aks.serviceCidr] : [])].join(",");
  if (planProxy) {
    commands.push(`# DynaKube "${ctx.plan.dynakubeName}": spec.proxy.value: ${planProxy}  and annotation feature.dynatrace.com/no-proxy: "${noProxyValue}"`);
  }
  if (aksProxy || planProxy) commands.push(`az aks update --resource-group <resource-group> --name ${ctx.target.name} --http-proxy-config aks-proxy.json  # noProxy: ${noProxyValue}`);

  if (warnings.length > 0) {
    return {
      status: "warn",
      summary: `Proxy settings need attention: ${warnings.join("; ")}.`,
      evidence,
      remediation: { text: `Use one proxy for the tenant connection (DynaKube spec.proxy) and the cluster's egress, and exclude in-cluster addresses: ${noProxyValue}.`, commands },
    };
  }
  return { status: "pass", summary: `The proxy ${planProxy ?? envProxy ?? aksProxy} is used consistently and noProxy covers the in-cluster addresses.`, evidence };
}

export const proxyAlignment = defineCheck({
  id: "net.proxy-alignment",
  title: "Proxy settings are consistent",
  section: "network",
  severity: "advisory",
  docs: [DOCS.network],
  needs: ["net.proxyEnvironment"],
  evaluate: (facts, ctx) => evaluateProxyAlignment(facts.get("net.proxyEnvironment"), ctx),
});
