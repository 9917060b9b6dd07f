import { describe, expect, it } from "vitest";
import { interceptionOf, type ReachabilityFact } from "@/lib/collect/dynatrace/reachability";
import { tenantReachable } from "./tenant-reachable";
import { evaluateTenantCheck, said, TENANT_API } from "./testing";

const TENANT_ISSUER = "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US";
const PROXY_ISSUER = "CN=Contoso Inspection CA, O=Contoso";

function fact(over: Partial<ReachabilityFact> = {}): ReachabilityFact {
  return {
    apiUrl: TENANT_API,
    host: "abc12345.live.dynatrace.com",
    port: 443,
    via: "direct",
    customCaBundle: false,
    ok: true,
    layers: [
      { layer: "DNS", ok: true, ms: 3 },
      { layer: "TCP", ok: true, ms: 20 },
      { layer: "TLS", ok: true, ms: 40 },
      { layer: "HTTP", ok: true, ms: 30 },
    ],
    tls: { issuer: TENANT_ISSUER, subject: "CN=*.live.dynatrace.com", authorized: true, customCaUsed: false },
    httpStatus: 401,
    ...over,
  };
}

const viaProxy = { via: "proxy" as const, proxy: "http://proxy.contoso.com:3128" };

describe("dt.tenant-reachable", () => {
  it("passes when every layer works, with each layer's timing as evidence", () => {
    const r = evaluateTenantCheck(tenantReachable, { "dt.reachability": fact() });
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("The tenant at abc12345.live.dynatrace.com answers (DNS, TCP, TLS and HTTP in 93 ms).");
    expect(r.evidence).toContainEqual({ label: "TLS", value: "ok in 40 ms", detail: undefined });
  });

  it("fails naming the DNS layer when the host does not resolve", () => {
    const r = evaluateTenantCheck(tenantReachable, {
      "dt.reachability": fact({ ok: false, layers: [{ layer: "DNS", ok: false }], failedLayer: "DNS", failureKind: "unreachable", failure: "DNS: abc12345.live.dynatrace.com does not resolve (ENOTFOUND)", tls: undefined }),
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/the DNS layer failed \(DNS: abc12345\.live\.dynatrace\.com does not resolve/);
    expect(r.remediation.text).toMatch(/cannot resolve/);
    expect(r.remediation.commands[0]).toContain(`${TENANT_API}/v1/time`);
  });

  it("fails naming the proxy when the proxy refuses", () => {
    const r = evaluateTenantCheck(tenantReachable, {
      "dt.reachability": fact({ ...viaProxy, ok: false, failedLayer: "proxy", failureKind: "unreachable", failure: "proxy: the proxy requires authentication (407)", tls: undefined }),
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/the proxy layer failed .*407/);
    expect(r.remediation.commands[0]).toContain("--proxy 'http://proxy.contoso.com:3128'");
  });

  it("fails at TLS through an intercepting proxy and names the proxy's CA", () => {
    const tls = { issuer: PROXY_ISSUER, subject: "CN=abc12345.live.dynatrace.com", authorized: false, authorizationError: "SELF_SIGNED_CERT_IN_CHAIN", customCaUsed: false };
    const f = fact({ ...viaProxy, ok: false, failedLayer: "TLS", failureKind: "unreachable", failure: "TLS: not trusted", tls, direct: { issuer: TENANT_ISSUER } });
    f.interception = interceptionOf(f);
    const r = evaluateTenantCheck(tenantReachable, { "dt.reachability": f });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`The proxy intercepts TLS: it presents a certificate issued by "${PROXY_ISSUER}"`);
    expect(r.remediation.text).toMatch(/Add that CA to the tenant connection's CA bundle and to the DynaKube's trustedCAs/);
  });

  it("warns when the tenant answers through a proxy that intercepts TLS with a CA from the bundle", () => {
    const tls = { issuer: PROXY_ISSUER, subject: "CN=x", authorized: true, customCaUsed: true };
    const f = fact({ ...viaProxy, customCaBundle: true, tls, direct: { issuer: TENANT_ISSUER } });
    f.interception = interceptionOf(f);
    const r = evaluateTenantCheck(tenantReachable, { "dt.reachability": f });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/answers through the proxy http:\/\/proxy\.contoso\.com:3128, but The proxy intercepts TLS/);
    expect(said(r)).toContain(PROXY_ISSUER);
  });

  it("passes through a proxy that tunnels without interception", () => {
    const f = fact({ ...viaProxy, direct: { error: "TCP: blocked" } });
    f.interception = interceptionOf(f);
    expect(f.interception).toBeUndefined();
    const r = evaluateTenantCheck(tenantReachable, { "dt.reachability": f });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/through the proxy/);
  });

  it("is unknown, saying it timed out and where, when the tenant never answers", () => {
    const r = evaluateTenantCheck(tenantReachable, {
      "dt.reachability": fact({ ok: false, failedLayer: "HTTP", failureKind: "timeout", failure: "HTTP: timed out, no answer within 10000 ms" }),
    });
    expect(r.status).toBe("unknown");
    expect(r.reason).toBe("Timed out at the HTTP layer: HTTP: timed out, no answer within 10000 ms");
  });
});

describe("interceptionOf", () => {
  const tls = (issuer: string, authorized = true, customCaUsed = false) => ({ issuer, subject: "CN=x", authorized, customCaUsed });
  it("is confirmed only when a direct connection shows a different issuer", () => {
    expect(interceptionOf({ via: "proxy", tls: tls(PROXY_ISSUER), direct: { issuer: TENANT_ISSUER } })).toEqual({ issuer: PROXY_ISSUER, directIssuer: TENANT_ISSUER, confirmed: true });
    expect(interceptionOf({ via: "proxy", tls: tls(TENANT_ISSUER), direct: { issuer: TENANT_ISSUER } })).toBeUndefined();
  });
  it("is suspected without a direct comparison when only the custom bundle (or nothing) trusts the certificate", () => {
    expect(interceptionOf({ via: "proxy", tls: tls(PROXY_ISSUER, true, true), direct: { error: "blocked" } })).toEqual({ issuer: PROXY_ISSUER, confirmed: false });
    expect(interceptionOf({ via: "proxy", tls: tls(PROXY_ISSUER, false), direct: { error: "blocked" } })).toEqual({ issuer: PROXY_ISSUER, confirmed: false });
    expect(interceptionOf({ via: "proxy", tls: tls(TENANT_ISSUER), direct: { error: "blocked" } })).toBeUndefined();
  });
  it("never applies to a direct connection", () => {
    expect(interceptionOf({ via: "direct", tls: tls(PROXY_ISSUER, true, true) })).toBeUndefined();
  });
});
