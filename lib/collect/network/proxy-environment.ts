// net.proxyEnvironment: the proxy settings around the install, credentials removed: the dashboard process's
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY and (later, from ARM) the AKS cluster's httpProxyConfig.
import { defineCollector } from "@/lib/engine/collector";
import { redactProxy } from "@/lib/collect/dynatrace/tenant";

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

export const proxyEnvironmentCollector = defineCollector({
  id: "network.proxy-environment",
  produces: ["net.proxyEnvironment"],
  async collect(ctx) {
    return { "net.proxyEnvironment": { env: proxyEnvironmentOf(ctx.clients.processEnv ?? process.env) } };
  },
});
