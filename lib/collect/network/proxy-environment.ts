// net.proxyEnvironment: the proxy settings around the install, credentials removed: the dashboard process's
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY and (later, from ARM) the AKS cluster's httpProxyConfig.
import { defineCollector } from "@/lib/engine/collector";
import { redactProxy } from "@/lib/collect/dynatrace/tenant";
import type { ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { FactResult } from "@/lib/engine/types";
import { proxyEnvironment } from "@/lib/env";

/** The AKS managed cluster's properties.httpProxyConfig (filled in by the Azure collectors once they exist). */
export interface AksHttpProxyFact {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string[];
  trustedCa: boolean;
  /** networkProfile.serviceCidr, for the noProxy coverage. */
  serviceCidr?: string;
}

export interface ProxyEnvironmentFact {
  /** The dashboard process's environment (redacted). */
  env: { httpsProxy?: string; httpProxy?: string; noProxy: string[] };
  /** Absent until the Azure integration reads the managed cluster. */
  aksHttpProxy?: AksHttpProxyFact;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "net.proxyEnvironment": ProxyEnvironmentFact;
  }
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** The environment proxy settings are read from; tests inject one, runs use process.env. */
    processEnv?: Record<string, string | undefined>;
  }
}

export function splitNoProxy(v: string | undefined): string[] {
  return (v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function proxyEnvironmentOf(env: Record<string, string | undefined>): ProxyEnvironmentFact["env"] {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  const https = pick("HTTPS_PROXY");
  const http = pick("HTTP_PROXY");
  return {
    ...(https ? { httpsProxy: redactProxy(https) } : {}),
    ...(http ? { httpProxy: redactProxy(http) } : {}),
    noProxy: splitNoProxy(pick("NO_PROXY")),
  };
}

/** The AKS part of the fact, from the managed cluster Resource Manager returned (already without credentials or CA content). */
export function aksHttpProxyOf(c: ManagedClusterFact): AksHttpProxyFact {
  const p = c.httpProxy;
  return {
    ...(p?.httpProxy ? { httpProxy: p.httpProxy } : {}),
    ...(p?.httpsProxy ? { httpsProxy: p.httpsProxy } : {}),
    noProxy: p?.noProxy ?? [],
    trustedCa: p?.trustedCa ?? false,
    ...(c.network.serviceCidr ? { serviceCidr: c.network.serviceCidr } : {}),
  };
}

export const proxyEnvironmentCollector = defineCollector({
  id: "network.proxy-environment",
  produces: ["net.proxyEnvironment"],
  // On AKS runs the managed cluster is read for the az.* checks; its httpProxyConfig is added here, never read again.
  uses: ["az.managedCluster"],
  async collect(ctx, earlier) {
    const env = proxyEnvironmentOf(ctx.clients.processEnv ?? proxyEnvironment());
    // `target?`: unit tests call the collector with a bare context.
    const cluster = ctx.target?.kind === "aks" ? (earlier.get("az.managedCluster") as FactResult<ManagedClusterFact> | undefined) : undefined;
    return { "net.proxyEnvironment": { env, ...(cluster?.ok ? { aksHttpProxy: aksHttpProxyOf(cluster.value) } : {}) } };
  },
});
