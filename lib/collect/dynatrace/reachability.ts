// Can the dashboard reach the tenant: DNS, TCP (or the proxy), TLS with the custom CA bundle, HTTP. One
// unauthenticated GET of `${apiUrl}/v1/time` (any HTTP answer proves the path; no token is sent). Through a proxy, a
// second TLS handshake is tried directly to see whether the proxy swaps the certificate (TLS interception).
import { defineCollector } from "@/lib/engine/collector";
import { httpsRequest, NetworkError, type NetworkLayer, type TlsOutcome } from "@/lib/collect/network/https";
import { dynatrace } from "./context";
import { redactProxy } from "./tenant";

export interface LayerOutcome {
  layer: NetworkLayer;
  ok: boolean;
  ms?: number;
  detail?: string;
}

export interface ReachabilityFact {
  apiUrl: string;
  host: string;
  port: number;
  via: "direct" | "proxy";
  /** Without credentials. */
  proxy?: string;
  customCaBundle: boolean;
  ok: boolean;
  layers: LayerOutcome[];
  failedLayer?: NetworkLayer;
  failureKind?: "unreachable" | "timeout";
  failure?: string;
  tls?: TlsOutcome;
  httpStatus?: number;
  /** Only through a proxy: the certificate issuer seen on a direct connection, or why there was none. */
  direct?: { issuer?: string; error?: string };
  /**
   * The certificate seen through the proxy is not the tenant's. `confirmed` when a direct connection showed a
   * different issuer; otherwise suspected (the chain was trusted only by the custom bundle, or not at all).
   */
  interception?: { issuer: string; directIssuer?: string; confirmed: boolean };
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.reachability": ReachabilityFact;
  }
}

import { REACHABILITY_PATH } from "@/lib/data/token-scopes";

export { REACHABILITY_PATH };
const DIRECT_PROBE_MS = 5_000;

export const reachabilityCollector = defineCollector({
  id: "dynatrace.reachability",
  produces: ["dt.reachability"],
  async collect(ctx) {
    const { client, tenant } = dynatrace(ctx);
    const url = new URL(tenant.apiUrl + REACHABILITY_PATH);
    const timeoutMs = client.timeoutMs;
    const fact: ReachabilityFact = {
      apiUrl: tenant.apiUrl,
      host: url.hostname,
      port: Number(url.port || 443),
      via: tenant.proxyUrl ? "proxy" : "direct",
      proxy: tenant.proxyUrl ? redactProxy(tenant.proxyUrl) : undefined,
      customCaBundle: Boolean(tenant.caBundle),
      ok: false,
      layers: [],
    };
    const probe = (proxyUrl: string | undefined, ms: number) =>
      httpsRequest({ url: url.toString(), method: "GET", headers: { Accept: "application/json" }, ca: tenant.caBundle, proxyUrl, timeoutMs: ms, signal: ctx.signal });

    ctx.noteRequest(`GET ${REACHABILITY_PATH}${tenant.proxyUrl ? " via proxy" : ""} (no token)`);
    const main = probe(tenant.proxyUrl, timeoutMs).then(
      (res) => {
        fact.layers = res.layers.map((l) => ({ ...l, ok: true }));
        fact.tls = res.tls;
        fact.httpStatus = res.status;
        if (res.status >= 500) {
          fact.failedLayer = "HTTP";
          fact.failureKind = "unreachable";
          fact.failure = `HTTP: the tenant answered ${res.status}`;
          fact.layers.at(-1)!.ok = false;
        } else fact.ok = true;
      },
      (err: unknown) => {
        if (!(err instanceof NetworkError)) throw err;
        fact.layers = [...err.layers.map((l) => ({ ...l, ok: true })), { layer: err.layer, ok: false, detail: err.message }];
        fact.failedLayer = err.layer;
        fact.failureKind = err.kind === "timeout" ? "timeout" : "unreachable";
        fact.failure = err.message;
        if (err.tls) fact.tls = err.tls;
      },
    );
    // The comparison handshake runs alongside; its failure is expected where only the proxy leads out.
    const direct = tenant.proxyUrl
      ? (ctx.noteRequest(`GET ${REACHABILITY_PATH} direct, for the certificate comparison (no token)`),
        probe(undefined, Math.min(timeoutMs, DIRECT_PROBE_MS)).then(
          (res): ReachabilityFact["direct"] => ({ issuer: res.tls.issuer }),
          (err: unknown): ReachabilityFact["direct"] =>
            err instanceof NetworkError && err.tls ? { issuer: err.tls.issuer } : { error: (err as Error)?.message ?? String(err) },
        ))
      : Promise.resolve(undefined);
    const [, directResult] = await Promise.all([main, direct]);
    if (directResult) fact.direct = directResult;
    fact.interception = interceptionOf(fact);
    return { "dt.reachability": fact };
  },
});

/** The rule: through a proxy, a certificate whose issuer differs from the direct one, or one trusted only by the custom bundle (or not at all) when no direct comparison was possible. */
export function interceptionOf(f: Pick<ReachabilityFact, "via" | "tls" | "direct">): ReachabilityFact["interception"] {
  if (f.via !== "proxy" || !f.tls) return undefined;
  const directIssuer = f.direct?.issuer;
  if (directIssuer) return directIssuer !== f.tls.issuer ? { issuer: f.tls.issuer, directIssuer, confirmed: true } : undefined;
  if (!f.tls.authorized || f.tls.customCaUsed) return { issuer: f.tls.issuer, confirmed: false };
  return undefined;
}
